//! Notification requirements: who is subject and for how long (NOTIF-01..05,
//! CONV-2..5), through convictions (periods from the s82 module), notification
//! orders (NO-1..4), SHPOs/SOPOs in force (SHPO-5, SHPO-8) and SRO breaches
//! (SRO-8), the orders' periods being worked out in `order_periods`;
//! the person's overall end, and the deadlines and review dates that follow.

use jiff::civil::Date;

use super::assessment::{InitialDueStatus, NotificationAssessment, NotificationPeriod, PeriodBasis, PeriodLength};
use super::config::RulesConfig;
use super::dates::{Interval, period_last_day, words_months};
use super::deadlines;
use super::explanation::{Step, cite, text};
use super::facts::{Disposal, Facts, Order};
use super::order_periods;
use super::review::{apply_review_discharges, review_dates};
use super::revocation::OrderEffect;
use super::s82::{Term, aggregate_term, s82_period};

/// Places a period on the calendar (CONV-2).
fn calendar_period(
    source: &str,
    basis: PeriodBasis,
    length: PeriodLength,
    starts: Date,
    halved: bool,
    steps: &mut Vec<Step>,
) -> NotificationPeriod {
    let ends = match length {
        PeriodLength::Months(m) => {
            let e = period_last_day(starts, m);
            steps.push(Step::new(
                "CONV-2",
                cite::CONVENTION,
                match e {
                    Some(e) => text!(
                        "{source}: the period of {} begins with {starts} and ends on {e} (start + {} - 1 day).",
                        words_months(m),
                        words_months(m)
                    ),
                    None => text!("{source}: the end of the period is beyond the calendar."),
                },
            ));
            e
        }
        _ => None,
    };
    NotificationPeriod { source: source.to_string(), basis, length, starts, ends, halved, discharged_on_review: false }
}

/// A triggering event for the initial notification (NOTIF-10..12).
#[derive(Clone, Debug)]
pub(crate) struct Trigger {
    /// The day from which the 3 days are counted.
    pub event: Date,
    /// Index into the periods list.
    pub period: usize,
    pub rule: &'static str,
    pub citation: &'static str,
    pub what: String,
}

/// Periods and triggers from convictions, cautions and findings, convictions
/// abroad, breaches of orders and notification orders: everything a review of
/// indefinite notification can look at (REV-01), so before any discharge and
/// before the harm-prevention orders (SHPO-5), which depend on both.
pub(crate) fn periods(
    facts: &Facts,
    config: &RulesConfig,
    steps: &mut Vec<Step>,
) -> (Vec<NotificationPeriod>, Vec<Trigger>) {
    let mut periods = Vec::new();
    let mut triggers = Vec::new();
    let dob = facts.date_of_birth;

    for d in &facts.disposals {
        let label = text!("{} ({} on {})", d.id, d.kind.words(), d.date);
        if !d.schedule_3 {
            steps.push(Step::new(
                "NOTIF-01",
                cite::SOA_SCH3,
                text!(
                    "{label}: not a Schedule 3 offence (or below its thresholds), so it does not trigger notification."
                ),
            ));
            continue;
        }
        steps.push(Step::new(
            "NOTIF-01",
            cite::SOA_82_6,
            text!(
                "{label}: a {} for a Schedule 3 offence (meeting its thresholds, NOTIF-02) makes the person a relevant offender; the relevant date is {} (s82(6), CONV-4).",
                d.kind.words(),
                d.date
            ),
        ));
        transitional_note(d, steps);
        let mut term = Term::of(&d.sentence);
        if config.notification.aggregate_consecutive_terms {
            let (agg, members) = aggregate_term(d, facts);
            if !members.is_empty() {
                if let Some(t) = agg {
                    steps.push(
                        Step::new(
                            "NOTIF-s82",
                            cite::SOA_82_3,
                            text!(
                                "{}: consecutive Schedule 3 terms ({}) are aggregated to {} (configuration: notification.aggregate_consecutive_terms = true; UNCONFIRMED in rules.md).",
                                d.id,
                                members.join(", "),
                                t.words()
                            ),
                        )
                        .with_config("notification.aggregate_consecutive_terms"),
                    );
                }
                term = agg;
            }
        }
        let s = s82_period(&d.id, d.kind, &d.sentence, term, d.date, dob, config);
        steps.extend(s.steps);
        if let Some(length) = s.length {
            let p = calendar_period(&d.id, PeriodBasis::Disposal, length, d.date, s.halved, steps);
            triggers.push(Trigger {
                event: d.date,
                period: periods.len(),
                rule: "NOTIF-10",
                citation: cite::SOA_83_1,
                what: text!("the relevant date of {}", d.id),
            });
            periods.push(p);
        }
    }

    for c in &facts.foreign_convictions {
        let Some(served) = c.notification_order_served else {
            steps.push(Step::new(
                "NO-1",
                cite::SOA_97,
                text!("{}: a {} abroad on {} makes the person subject only once a notification order is served; none is recorded.", c.id, c.kind.words(), c.date),
            ));
            continue;
        };
        steps.push(Step::new(
            "NO-2",
            cite::SOA_97,
            text!(
                "{}: a notification order served on {served} makes the person subject for the s82 period matching the sentence abroad, running from the foreign {} on {}.",
                c.id,
                c.kind.words(),
                c.date
            ),
        ));
        let s =
            s82_period(&c.id, c.kind, &c.equivalent_sentence, Term::of(&c.equivalent_sentence), c.date, dob, config);
        steps.extend(s.steps);
        if let Some(length) = s.length {
            let p = calendar_period(&c.id, PeriodBasis::NotificationOrder, length, c.date, s.halved, steps);
            if p.ends.is_some_and(|e| e < served) {
                steps.push(Step::new(
                    "NO-2",
                    cite::SOA_97,
                    text!("{}: the period ended before the order was served, so nothing remains to notify.", c.id),
                ));
            } else {
                triggers.push(Trigger {
                    event: served,
                    period: periods.len(),
                    rule: "NO-3",
                    citation: cite::SOA_98_EN,
                    what: text!("service of the notification order for {}", c.id),
                });
            }
            periods.push(p);
        }
    }

    order_periods::breach_and_notification_order_periods(facts, config, &mut periods, &mut triggers, steps);
    (periods, triggers)
}

/// Part 2 commenced on 1 May 2004 (NOTIF-04).
const PART_2_COMMENCED: Date = jiff::civil::date(2004, 5, 1);
/// The Sex Offenders Act 1997 commenced on 1 September 1997 (NOTIF-04).
const SOA_1997_COMMENCED: Date = jiff::civil::date(1997, 9, 1);

/// NOTIF-04: older disposals count only through the s81 transitional rules;
/// the engine says so rather than guessing the 1997 Act record.
fn transitional_note(d: &Disposal, steps: &mut Vec<Step>) {
    if d.date < SOA_1997_COMMENCED {
        steps.push(Step::new(
            "NOTIF-04",
            cite::SOA_81,
            text!(
                "{}: the relevant date {} is before 1 September 1997, so it counts only if on that date the person was still to be dealt with, serving the sentence or under supervision (s81); the engine assumes the record lists it because it counts.",
                d.id,
                d.date
            ),
        ));
    } else if d.date < PART_2_COMMENCED {
        steps.push(Step::new(
            "NOTIF-04",
            cite::SOA_81,
            text!(
                "{}: the relevant date {} is before Part 2 commenced (1 May 2004); the person stays subject under s81 for the Sex Offenders Act 1997 period, which the engine computes with the s82 table. Check it against the 1997 Act record.",
                d.id,
                d.date
            ),
        ));
    }
}

/// Assesses the notification requirements.
pub fn assess_notification(
    facts: &Facts,
    config: &RulesConfig,
    unavailable: &[Interval],
    effects: &[OrderEffect],
) -> NotificationAssessment {
    // Sized for a typical record so the explanation does not regrow.
    let mut steps = Vec::with_capacity(8 + 4 * facts.disposals.len());
    let (mut periods, mut triggers) = periods(facts, config, &mut steps);
    apply_review_discharges(facts, config, &mut periods, &mut steps);
    order_periods::harm_prevention_periods(facts, config, effects, &mut periods, &mut triggers, &mut steps);

    // CONV-5: latest end wins; an open-ended period dominates.
    let subject = periods.iter().any(|p| p.covers(facts.as_of));
    let open = periods.iter().any(|p| p.ends.is_none());
    let ends = if open || periods.is_empty() { None } else { periods.iter().filter_map(|p| p.ends).max() };
    let indefinite = open;
    steps.push(Step::new(
        "CONV-5",
        cite::CONVENTION,
        match (periods.len(), open, ends) {
            (0, _, _) => "No event makes the person subject to the notification requirements.".to_string(),
            (_, true, _) => "At least one period has no end (indefinite, or an order in force until further order), so it dominates: there is no end date.".to_string(),
            (n, false, Some(e)) => text!("Of {n} period(s), the latest ends on {e}, so the person is subject until {e}."),
            (_, false, None) => "The end date cannot be computed.".to_string(),
        },
    ));
    steps.push(Step::new(
        "NOTIF-01",
        cite::SOA_80,
        if subject {
            text!("On {} the person is subject to the notification requirements.", facts.as_of)
        } else {
            text!("On {} the person is not subject to the notification requirements.", facts.as_of)
        },
    ));

    let (initial_due, initial_due_status) = deadlines::initial_due(facts, &periods, &triggers, unavailable, &mut steps);
    // A new initial notification restarts the periodic cycle (NOTIF-30).
    let outstanding_initial = match initial_due_status {
        InitialDueStatus::Due | InitialDueStatus::AwaitingRelease => triggers.iter().map(|t| t.event).max(),
        InitialDueStatus::None | InitialDueStatus::Exempt => None,
    };
    let next_periodic_due = deadlines::next_periodic_due(
        facts,
        ends,
        open,
        periods.is_empty(),
        outstanding_initial,
        unavailable,
        &mut steps,
    );
    overdue_notes(facts, &triggers, initial_due, next_periodic_due, &mut steps);
    let (review_qualifying_date, review_further_qualifying_date) =
        review_dates(facts, config, &periods, effects, &mut steps);

    NotificationAssessment {
        subject,
        indefinite,
        ends,
        periods,
        initial_due,
        initial_due_status,
        next_periodic_due,
        review_qualifying_date,
        review_further_qualifying_date,
        explanation: steps,
    }
}

/// NOTIF-50: says when a deadline has passed on `as_of` with no notification
/// recorded since, so the practitioner sees it; the engine does not decide
/// whether there was a reasonable excuse.
fn overdue_notes(
    facts: &Facts,
    triggers: &[Trigger],
    initial_due: Option<Date>,
    periodic_due: Option<Date>,
    steps: &mut Vec<Step>,
) {
    let overdue_from = steps.len();
    let notified_since = |from: Date| facts.notifications.iter().any(|n| n.kind.resets_periodic() && n.date >= from);
    if let (Some(due), Some(event)) = (initial_due, triggers.iter().map(|t| t.event).max())
        && due < facts.as_of
        && !notified_since(event)
    {
        steps.push(Step::new(
            "NOTIF-50",
            cite::SOA_91,
            text!(
                "The initial notification was due by {due} and none is recorded on or after {event}: unless it was made and not recorded, it is overdue."
            ),
        ));
    }
    if let Some(due) = periodic_due
        && due < facts.as_of
    {
        steps.push(Step::new(
            "NOTIF-50",
            cite::SOA_91,
            text!(
                "The periodic notification was due by {due}, before {}: unless a later notification was made and not recorded, it is overdue.",
                facts.as_of
            ),
        ));
    }
    if steps.len() > overdue_from {
        steps.push(Step::new(
            "NOTIF-52",
            cite::SOA_91_2,
            "Failing to notify without reasonable excuse is an offence, punishable by up to 6 months' imprisonment on summary conviction or 5 years on indictment (NOTIF-51). It goes on every day until the person notifies, but one failure can be prosecuted only once.",
        ));
    }
}

/// Whether a notification order in `orders` is matched by a foreign conviction
/// (by the date of service), which then carries the period.
pub(crate) fn notification_order_linked(o: &Order, facts: &Facts) -> Option<String> {
    let served = o.served?;
    facts.foreign_convictions.iter().find(|c| c.notification_order_served == Some(served)).map(|c| c.id.clone())
}
