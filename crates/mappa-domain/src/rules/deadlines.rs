//! Notification deadlines: initial (NOTIF-10..12), changes (NOTIF-20..26),
//! periodic (NOTIF-30..32), foreign travel (NOTIF-40..44). Days are counted as
//! CONV-6 says: the event day is day 1, days in custody, in hospital or abroad
//! are not counted, and the day of release or return is.

use jiff::civil::Date;
use jiff::{Span, Zoned};
use serde::{Deserialize, Serialize};

use super::assessment::{InitialDueStatus, NotificationPeriod};
use super::config::RulesConfig;
use super::dates::{Interval, add_days, add_months, is_unavailable, nth_counted_day};
use super::explanation::{Explained, Step, cite, text};
use super::facts::Facts;
use super::notification::Trigger;

fn show(d: Option<Date>) -> String {
    d.map_or_else(
        || "not yet fixed (the person is still in custody, in hospital or abroad)".to_string(),
        |d| d.to_string(),
    )
}

/// Whether any day from `start` up to `due` was skipped as unavailable.
fn skipped_days(start: Date, due: Option<Date>, unavailable: &[Interval]) -> bool {
    !unavailable.is_empty()
        && match due {
            None => true,
            Some(due) => add_days(start, 2) != Some(due),
        }
}

/// Last day to notify an event under s84(1) (NOTIF-20, 21, 23, 24): the third
/// counted day beginning with `event_date` (CONV-6). `None` while the person is
/// still away on an open-ended period.
pub fn change_notification_due(event_date: Date, unavailable: &[Interval]) -> Explained<Option<Date>> {
    let due = nth_counted_day(event_date, 3, unavailable);
    let mut steps = vec![Step::new(
        "NOTIF-21",
        cite::SOA_84_1,
        text!(
            "A change on {event_date} must be notified within 3 days beginning with that day; the last day is {}.",
            show(due)
        ),
    )];
    if skipped_days(event_date, due, unavailable) {
        steps.push(Step::new(
            "CONV-6",
            cite::SOA_83_6,
            "Days in custody, detained in hospital or outside the UK are not counted; the day of release or return is counted.",
        ));
    }
    Explained::new(due, steps)
}

/// A stay at premises not yet notified, both days inclusive.
#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stay {
    /// First day of the stay.
    pub from: Date,
    /// Last day of the stay (inclusive).
    pub to: Date,
}

fn days_between_inclusive(from: Date, to: Date) -> i64 {
    if to < from {
        return 0;
    }
    from.until(to).map_or(0, |s| i64::from(s.get_days()) + 1)
}

/// The day a qualifying period at un-notified premises is completed (NOTIF-22):
/// the first day on which the person has stayed there 7 days in all within the
/// 12 months ending that day (one stay of 7 days, or two or more adding up to
/// 7). `None` if the stays never reach 7 days in any 12 months.
pub fn qualifying_stay_end(stays: &[Stay]) -> Option<Date> {
    let mut sorted: Vec<Stay> = stays.iter().copied().filter(|s| s.from <= s.to).collect();
    sorted.sort_by_key(|s| s.from);
    // Merge overlapping or touching stays so no day counts twice.
    let mut merged: Vec<Stay> = Vec::with_capacity(sorted.len());
    for s in sorted {
        match merged.last_mut() {
            Some(last) if last.to.tomorrow().is_ok_and(|t| s.from <= t) => {
                last.to = last.to.max(s.to);
            }
            _ => merged.push(s),
        }
    }
    let count_window = |day: Date| -> i64 {
        let Some(start) = add_months(day, -12).and_then(|d| d.tomorrow().ok()) else {
            return 0;
        };
        merged.iter().map(|s| days_between_inclusive(s.from.max(start), s.to.min(day))).sum()
    };
    // Within one stay the count cannot fall as days pass, so if it reaches 7 it
    // does so within the stay's first 7 days.
    for s in &merged {
        let mut day = s.from;
        for _ in 0..7 {
            if day > s.to {
                break;
            }
            if count_window(day) >= 7 {
                return Some(day);
            }
            match day.tomorrow() {
                Ok(d) => day = d,
                Err(_) => break,
            }
        }
    }
    None
}

/// Deadline for notifying a qualifying stay (NOTIF-22): 3 days beginning with
/// the day the qualifying period is completed (the engine reads "from the end
/// of the qualifying period" as beginning with its last day).
pub fn qualifying_stay_notification_due(stays: &[Stay], unavailable: &[Interval]) -> Explained<Option<Date>> {
    let Some(end) = qualifying_stay_end(stays) else {
        return Explained::new(
            None,
            vec![Step::new(
                "NOTIF-22",
                cite::SOA_84_1C,
                "The stays do not add up to 7 days in any 12 months, so there is no qualifying period to notify.",
            )],
        );
    };
    let due = nth_counted_day(end, 3, unavailable);
    let steps = vec![Step::new(
        "NOTIF-22",
        cite::SOA_84_1C,
        text!(
            "The stays reach 7 days within 12 months on {end}, completing the qualifying period; it must be notified within 3 days beginning with that day: by {} (CONV-6).",
            show(due)
        ),
    )];
    Explained::new(due, steps)
}

/// Whether an advance notification of an event expected on `given_date` covers
/// an event that happened on `actual_date` (NOTIF-26, s84(2)-(4)): not more than
/// 2 days before the date given, and within the 3 days beginning with it
/// (so up to `given_date + 2`, reading "3 days after" in rules.md as the
/// statutory "period of three days beginning with the date notified").
pub fn advance_notification_valid(given_date: Date, actual_date: Date) -> bool {
    match (add_days(given_date, -2), add_days(given_date, 2)) {
        (Some(earliest), Some(latest)) => earliest <= actual_date && actual_date <= latest,
        _ => false,
    }
}

/// If an event notified in advance has not happened within the 3 days beginning
/// with `given_date`, the person must say so within 6 days beginning with
/// `given_date` (NOTIF-26, s84(4)(b)); this is the last of those days.
pub fn advance_notification_non_occurrence_due(given_date: Date) -> Explained<Option<Date>> {
    let due = add_days(given_date, 5);
    Explained::new(
        due,
        vec![Step::new(
            "NOTIF-26",
            cite::SOA_84_2,
            text!(
                "The event notified for {given_date} did not happen within the 3 days beginning with that date, so the person must notify that within 6 days beginning with it: by {}.",
                show(due)
            ),
        )],
    )
}

/// Next periodic notification (NOTIF-30..32, CONV-7): the anniversary of the
/// last s83/s84/s85 notification (clamped as CONV-2), or 7 days after it for no
/// fixed abode; if that day falls while away, the third counted day beginning
/// with the day of release or return.
pub fn periodic_notification_due(
    last_notification: Date,
    no_fixed_abode: bool,
    unavailable: &[Interval],
) -> Explained<Option<Date>> {
    let mut steps = Vec::new();
    let due = if no_fixed_abode {
        let d = add_days(last_notification, 7);
        steps.push(Step::new(
            "NOTIF-31",
            cite::SOA_85_5,
            text!(
                "The last notification was on {last_notification} and the home address notified is a place where the person can regularly be found (no fixed abode), so the next is due 7 days later: {}.",
                show(d)
            ),
        ));
        d
    } else {
        let d = add_months(last_notification, 12);
        steps.push(Step::new(
            "NOTIF-30",
            cite::SOA_85_1,
            text!(
                "The last notification under s83, s84 or s85 was on {last_notification}, so the next periodic notification is due on its anniversary, {} (CONV-7).",
                show(d)
            ),
        ));
        d
    };
    let Some(due) = due else {
        return Explained::new(None, steps);
    };
    if is_unavailable(due, unavailable) {
        let extended = nth_counted_day(due, 3, unavailable);
        steps.push(Step::new(
            "NOTIF-32",
            cite::SOA_85_3,
            text!(
                "On {due} the person is in custody, in hospital or abroad, so the deadline is extended to the third counted day beginning with the day of release or return: {}.",
                show(extended)
            ),
        ));
        return Explained::new(extended, steps);
    }
    Explained::new(Some(due), steps)
}

/// Circumstances of a foreign-travel notification (NOTIF-41, NOTIF-42).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelDetails {
    /// The details were known in time: the standard notice applies.
    KnownInTime,
    /// The details were not known in time for the standard notice.
    NotKnownInTime,
    /// The details were known, but there was a reasonable excuse for late notice.
    ReasonableExcuse,
}

/// Latest time to notify intended foreign travel (NOTIF-40..42; CONV-1): 7 days
/// (configured) before departure, on the calendar; otherwise the configured 12
/// or 24 elapsed hours before departure. The caller supplies the departure in
/// its time zone (Europe/London), so the engine needs no time-zone database.
pub fn travel_notice_deadline(
    departure: &Zoned,
    details: TravelDetails,
    config: &RulesConfig,
) -> Explained<Option<Zoned>> {
    let t = &config.travel;
    let mut steps =
        vec![Step::new("NOTIF-40", cite::SI_2012_1876, "All intended foreign travel must be notified, however short.")];
    let at = departure.datetime();
    let due = match details {
        TravelDetails::KnownInTime => {
            let due = Span::new().try_days(i64::from(t.notice_days)).ok().and_then(|s| departure.checked_sub(s).ok());
            steps.push(
                Step::new(
                    "NOTIF-41",
                    cite::SOA_86,
                    text!(
                        "Departure at {at}: notice must be given at least {} days before (configuration: travel.notice_days = {}; SECONDARY in rules.md), so by {}.",
                        t.notice_days,
                        t.notice_days,
                        due.as_ref().map_or_else(|| "an unrepresentable time".to_string(), |d| d.datetime().to_string())
                    ),
                )
                .with_config("travel.notice_days"),
            );
            due
        }
        TravelDetails::NotKnownInTime | TravelDetails::ReasonableExcuse => {
            let (hours, key, why) = if details == TravelDetails::NotKnownInTime {
                (t.fallback_hours, "travel.fallback_hours", "the details were not known in time")
            } else {
                (t.reasonable_excuse_hours, "travel.reasonable_excuse_hours", "there was a reasonable excuse")
            };
            let due = Span::new().try_hours(i64::from(hours)).ok().and_then(|s| departure.checked_sub(s).ok());
            steps.push(
                Step::new(
                    "NOTIF-42",
                    cite::SOA_86,
                    text!(
                        "Departure at {at} and {why}: notice must be given as soon as reasonably practicable and at least {hours} hours before departure (configuration: {key} = {hours}; E&W text UNCONFIRMED), so by {}.",
                        due.as_ref().map_or_else(|| "an unrepresentable time".to_string(), |d| d.datetime().to_string())
                    ),
                )
                .with_config(key),
            );
            due
        }
    };
    Explained::new(due, steps)
}

/// Deadline to notify a return to the UK (NOTIF-44, UNCONFIRMED): the
/// configured number of counted days beginning with the day of return;
/// `None` when configuration requires no return notification.
pub fn return_notification_due(
    return_date: Date,
    unavailable: &[Interval],
    config: &RulesConfig,
) -> Explained<Option<Date>> {
    match config.travel.return_notification_days {
        None | Some(0) => Explained::new(
            None,
            vec![
                Step::new(
                    "NOTIF-44",
                    cite::SOA_86,
                    "No return notification is required (configuration: travel.return_notification_days = null).",
                )
                .with_config("travel.return_notification_days"),
            ],
        ),
        Some(days) => {
            let due = nth_counted_day(return_date, days, unavailable);
            Explained::new(
                due,
                vec![
                    Step::new(
                        "NOTIF-44",
                        cite::SOA_86,
                        text!(
                            "Return on {return_date} must be notified within {days} days beginning with that day (configuration: travel.return_notification_days = {days}; UNCONFIRMED in rules.md): by {}.",
                            show(due)
                        ),
                    )
                    .with_config("travel.return_notification_days"),
                ],
            )
        }
    }
}

/// Initial notification for the latest triggering event (NOTIF-10..12).
pub(crate) fn initial_due(
    facts: &Facts,
    periods: &[NotificationPeriod],
    triggers: &[Trigger],
    unavailable: &[Interval],
    steps: &mut Vec<Step>,
) -> (Option<Date>, InitialDueStatus) {
    let Some(t) = triggers.iter().max_by_key(|t| t.event) else {
        return (None, InitialDueStatus::None);
    };
    let due = nth_counted_day(t.event, 3, unavailable);
    steps.push(Step::new(
        t.rule,
        t.citation,
        text!(
            "The latest triggering event is {} on {}; the initial notification is due within 3 days beginning with that day.",
            t.what, t.event
        ),
    ));

    // NOTIF-12: already subject through an earlier event, already notified, and
    // still subject through that earlier event for the whole 3 days.
    let before = t.event.yesterday().ok();
    let notified_before = facts.notifications.iter().any(|n| n.kind.resets_periodic() && n.date < t.event);
    let covered = periods.iter().enumerate().any(|(i, p)| {
        i != t.period
            && p.starts < t.event
            && before.is_some_and(|b| p.covers(b))
            && match (p.ends, due) {
                (None, _) => true,
                (Some(e), Some(d)) => e >= d,
                (Some(_), None) => false,
            }
    });
    if notified_before && covered {
        steps.push(Step::new(
            "NOTIF-12",
            cite::SOA_83_2,
            text!(
                "Immediately before {} the person was already subject through an earlier event, had already notified, and stays subject through it for the whole 3 days, so no new initial notification is needed.",
                t.event
            ),
        ));
        return (None, InitialDueStatus::Exempt);
    }
    match due {
        Some(d) => {
            if skipped_days(t.event, due, unavailable) {
                steps.push(Step::new(
                    "NOTIF-11",
                    cite::SOA_83_6,
                    text!(
                        "Days in custody, detained in hospital or outside the UK are not counted (CONV-6): {}. The day of release or return is counted, so the initial notification is due by {d}.",
                        AwayBetween(facts, t.event, d)
                    ),
                ));
            } else {
                steps.push(Step::new(
                    "CONV-6",
                    cite::CONVENTION,
                    text!("Counting {} as day 1, the third day is {d}.", t.event),
                ));
            }
            (Some(d), InitialDueStatus::Due)
        }
        None => {
            steps.push(Step::new(
                "NOTIF-11",
                cite::SOA_83_6,
                text!(
                    "Days in custody, detained in hospital or outside the UK are not counted: {}. The person is still away, so the 3 days begin with the day of release or return.",
                    AwayBetween(facts, t.event, facts.as_of)
                ),
            ));
            (None, InitialDueStatus::AwaitingRelease)
        }
    }
}

/// The recorded periods away that overlap `from..=to`, in words, naming the
/// facts the count used.
struct AwayBetween<'a>(&'a Facts, Date, Date);

impl std::fmt::Display for AwayBetween<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let AwayBetween(facts, from, to) = *self;
        let lists = [
            ("custody", "released", &facts.custody),
            ("hospital", "discharged", &facts.hospital),
            ("abroad", "returned", &facts.abroad),
        ];
        let mut first = true;
        for (what, back, list) in lists {
            for iv in list.iter().filter(|iv| iv.from <= to && iv.to.is_none_or(|t| t > from)) {
                if !first {
                    f.write_str("; ")?;
                }
                first = false;
                match iv.to {
                    Some(t) => write!(f, "{what} from {} ({back} {t})", iv.from)?,
                    None => write!(f, "{what} from {}, not yet ended", iv.from)?,
                }
            }
        }
        if first {
            f.write_str("none recorded")?;
        }
        Ok(())
    }
}

/// Next periodic notification for the assessment, or `None` when there is no
/// notification yet or the requirement ends first.
pub(crate) fn next_periodic_due(
    facts: &Facts,
    ends: Option<Date>,
    open: bool,
    never_subject: bool,
    outstanding_initial: Option<Date>,
    unavailable: &[Interval],
    steps: &mut Vec<Step>,
) -> Option<Date> {
    if never_subject {
        return None;
    }
    let Some(last) =
        facts.notifications.iter().filter(|n| n.kind.resets_periodic() && n.date <= facts.as_of).map(|n| n.date).max()
    else {
        steps.push(Step::new(
            "NOTIF-30",
            cite::SOA_85_1,
            "No notification under s83, s84 or s85 is recorded, so there is no periodic deadline yet.",
        ));
        return None;
    };
    if let Some(event) = outstanding_initial
        && last < event
    {
        steps.push(Step::new(
            "NOTIF-30",
            cite::SOA_85_1,
            text!(
                "The last notification ({last}) came before the latest triggering event ({event}), which needs its own initial notification; the periodic date will run from that notification."
            ),
        ));
        return None;
    }
    if facts.notifications.iter().any(|n| !n.kind.resets_periodic() && n.date > last) {
        steps.push(Step::new(
            "NOTIF-27",
            cite::SOA_85_1,
            "A later notification of 2012-Regulations matters only (bank, card, identity documents, child household) does not move the periodic date.",
        ));
    }
    let e = periodic_notification_due(last, facts.no_fixed_abode, unavailable);
    let extended = e.explanation.iter().any(|s| s.rule == "NOTIF-32");
    steps.extend(e.explanation);
    if extended {
        let plain = if facts.no_fixed_abode { add_days(last, 7) } else { add_months(last, 12) };
        if let Some(plain) = plain {
            steps.push(Step::new(
                "CONV-7",
                cite::CONVENTION,
                text!("Periods away used: {}.", AwayBetween(facts, plain, e.value.unwrap_or(facts.as_of))),
            ));
        }
    }
    match (e.value, ends, open) {
        (Some(due), Some(end), false) if due > end => {
            steps.push(Step::new(
                "NOTIF-30",
                cite::SOA_85_1,
                text!("The requirement ends on {end}, before {due}, so no further periodic notification is due."),
            ));
            None
        }
        (v, _, _) => v,
    }
}

redacted_debug!(Stay);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn iv(from: Date, to: Option<Date>) -> Interval {
        Interval::new(from, to)
    }

    #[test]
    fn notif_21_change_due_three_days_beginning_with_event() {
        assert_eq!(change_notification_due(date(2024, 3, 4), &[]).value, Some(date(2024, 3, 6)));
        // Across a leap day.
        assert_eq!(change_notification_due(date(2024, 2, 28), &[]).value, Some(date(2024, 3, 1)));
        // Month end.
        assert_eq!(change_notification_due(date(2023, 12, 30), &[]).value, Some(date(2024, 1, 1)));
    }

    #[test]
    fn notif_23_release_is_an_event_and_release_day_counts() {
        let custody = [iv(date(2024, 1, 1), Some(date(2024, 5, 10)))];
        assert_eq!(change_notification_due(date(2024, 5, 10), &custody).value, Some(date(2024, 5, 12)));
    }

    #[test]
    fn conv_6_custody_ending_on_the_due_date_moves_it() {
        // Event 2024-03-04; plain due 2024-03-06. Remanded 2024-03-05, released
        // 2024-03-06 (the former due date): counted days are 4, 6, 7.
        let custody = [iv(date(2024, 3, 5), Some(date(2024, 3, 6)))];
        let e = change_notification_due(date(2024, 3, 4), &custody);
        assert_eq!(e.value, Some(date(2024, 3, 7)));
        assert!(e.explanation.iter().any(|s| s.rule == "CONV-6"));
    }

    #[test]
    fn notif_21_still_abroad_gives_no_date_yet() {
        let abroad = [iv(date(2024, 3, 5), None)];
        assert_eq!(change_notification_due(date(2024, 3, 4), &abroad).value, None);
    }

    #[test]
    fn notif_22_one_stay_of_seven_days_qualifies_on_day_seven() {
        let s = [Stay { from: date(2024, 1, 1), to: date(2024, 1, 10) }];
        assert_eq!(qualifying_stay_end(&s), Some(date(2024, 1, 7)));
        assert_eq!(qualifying_stay_notification_due(&s, &[]).value, Some(date(2024, 1, 9)));
    }

    #[test]
    fn notif_22_two_stays_adding_to_seven_days_in_twelve_months() {
        let s = [
            Stay { from: date(2024, 1, 1), to: date(2024, 1, 4) },   // 4 days
            Stay { from: date(2024, 11, 1), to: date(2024, 11, 5) }, // 3rd day = 7 in all
        ];
        assert_eq!(qualifying_stay_end(&s), Some(date(2024, 11, 3)));
        // More than 12 months apart: the first stay no longer counts.
        let s = [
            Stay { from: date(2023, 1, 1), to: date(2023, 1, 4) },
            Stay { from: date(2024, 1, 2), to: date(2024, 1, 4) },
        ];
        assert_eq!(qualifying_stay_end(&s), None);
        // Window edge: 2023-01-04 is within the 12 months ending 2024-01-03
        // (which begin 2023-01-04).
        let s = [
            Stay { from: date(2023, 1, 1), to: date(2023, 1, 4) },
            Stay { from: date(2024, 1, 1), to: date(2024, 1, 3) },
        ];
        assert_eq!(qualifying_stay_end(&s), None);
        let s = [
            Stay { from: date(2023, 1, 4), to: date(2023, 1, 7) },
            Stay { from: date(2024, 1, 1), to: date(2024, 1, 3) },
        ];
        assert_eq!(qualifying_stay_end(&s), Some(date(2024, 1, 3)));
    }

    #[test]
    fn notif_22_overlapping_stays_do_not_double_count() {
        let s = [
            Stay { from: date(2024, 1, 1), to: date(2024, 1, 4) },
            Stay { from: date(2024, 1, 2), to: date(2024, 1, 5) },
        ];
        assert_eq!(qualifying_stay_end(&s), None);
    }

    #[test]
    fn notif_26_advance_notification_window() {
        let given = date(2024, 3, 10);
        assert!(!advance_notification_valid(given, date(2024, 3, 7)));
        assert!(advance_notification_valid(given, date(2024, 3, 8)));
        assert!(advance_notification_valid(given, date(2024, 3, 10)));
        assert!(advance_notification_valid(given, date(2024, 3, 12)));
        assert!(!advance_notification_valid(given, date(2024, 3, 13)));
        assert_eq!(advance_notification_non_occurrence_due(given).value, Some(date(2024, 3, 15)));
    }

    #[test]
    fn notif_30_periodic_is_the_anniversary() {
        assert_eq!(periodic_notification_due(date(2020, 6, 2), false, &[]).value, Some(date(2021, 6, 2)));
        // Clamped: a notification on 29 February falls due on 28 February.
        assert_eq!(periodic_notification_due(date(2024, 2, 29), false, &[]).value, Some(date(2025, 2, 28)));
    }

    #[test]
    fn notif_31_no_fixed_abode_is_weekly() {
        assert_eq!(periodic_notification_due(date(2024, 2, 26), true, &[]).value, Some(date(2024, 3, 4)));
    }

    #[test]
    fn notif_32_periodic_falling_in_custody_extends_to_third_day_from_release() {
        let custody = [iv(date(2021, 5, 1), Some(date(2021, 7, 1)))];
        let e = periodic_notification_due(date(2020, 6, 2), false, &custody);
        assert_eq!(e.value, Some(date(2021, 7, 3)));
        assert!(e.explanation.iter().any(|s| s.rule == "NOTIF-32"));
        // Released on the due day itself: not away that day, no extension.
        let custody = [iv(date(2021, 5, 1), Some(date(2021, 6, 2)))];
        assert_eq!(periodic_notification_due(date(2020, 6, 2), false, &custody).value, Some(date(2021, 6, 2)));
        // Abroad on the due day (hospital and abroad count the same).
        let abroad = [iv(date(2021, 6, 1), Some(date(2021, 6, 20)))];
        assert_eq!(periodic_notification_due(date(2020, 6, 2), false, &abroad).value, Some(date(2021, 6, 22)));
    }

    fn london(y: i16, m: i8, d: i8, h: i8) -> Zoned {
        let tz = jiff::tz::TimeZone::posix("GMT0BST,M3.5.0/1,M10.5.0").unwrap();
        date(y, m, d).at(h, 0, 0, 0).to_zoned(tz).unwrap()
    }

    #[test]
    fn notif_41_seven_days_before_departure() {
        let c = RulesConfig::default();
        let dep = london(2024, 4, 3, 9);
        let due = travel_notice_deadline(&dep, TravelDetails::KnownInTime, &c).value.unwrap();
        // Calendar days: same wall-clock time a week earlier, across the clock change.
        assert_eq!(due.datetime(), date(2024, 3, 27).at(9, 0, 0, 0));
    }

    #[test]
    fn notif_42_twelve_hour_fallback_is_elapsed_time_across_clock_change() {
        let c = RulesConfig::default();
        // Clocks go forward at 01:00 GMT on 2024-03-31: 12 elapsed hours before
        // 12:00 BST is 23:00 GMT the day before.
        let dep = london(2024, 3, 31, 12);
        let e = travel_notice_deadline(&dep, TravelDetails::NotKnownInTime, &c);
        assert_eq!(e.value.unwrap().datetime(), date(2024, 3, 30).at(23, 0, 0, 0));
        assert_eq!(e.explanation[1].configuration, vec!["travel.fallback_hours"]);
        let e = travel_notice_deadline(&london(2024, 6, 1, 12), TravelDetails::ReasonableExcuse, &c);
        assert_eq!(e.value.unwrap().datetime(), date(2024, 5, 31).at(12, 0, 0, 0));
    }

    #[test]
    fn notif_44_return_notification_from_configuration() {
        let mut c = RulesConfig::default();
        assert_eq!(return_notification_due(date(2024, 1, 30), &[], &c).value, Some(date(2024, 2, 1)));
        c.travel.return_notification_days = None;
        assert_eq!(return_notification_due(date(2024, 1, 30), &[], &c).value, None);
    }
}
