//! Review of indefinite notification requirements (REV-01..04, CONV-8) and
//! their discharge on review (EXIT-1).

use jiff::civil::Date;

use super::assessment::{NotificationPeriod, PeriodBasis, PeriodLength};
use super::config::RulesConfig;
use super::dates::{add_days, add_months, under_18_on};
use super::explanation::{Explained, Step, cite, text};
use super::facts::{Facts, NotificationKind, ReviewDecision, ReviewOutcome};
use super::revocation::OrderEffect;

fn is_statutory_indefinite(p: &NotificationPeriod) -> bool {
    p.length == PeriodLength::Indefinite && matches!(p.basis, PeriodBasis::Disposal | PeriodBasis::NotificationOrder)
}

/// Applies discharges on review (EXIT-1): an indefinite requirement ends the
/// day before the offender receives notice of the discharge.
///
/// Fail-safe (REV-01, REV-03): a determination can only follow a qualifying
/// application, made on or after the qualifying date (or, after a decision to
/// continue, the further qualifying date, REV-04). A discharge dated before
/// that date has no effect; its index in `facts.review_decisions` is returned,
/// so that validation can name it.
pub(crate) fn apply_review_discharges(
    facts: &Facts,
    config: &RulesConfig,
    periods: &mut [NotificationPeriod],
    steps: &mut Vec<Step>,
) -> Vec<usize> {
    let mut discharges: Vec<usize> = (0..facts.review_decisions.len())
        .filter(|&i| facts.review_decisions[i].outcome == ReviewOutcome::Discharged)
        .collect();
    discharges.sort_by_key(|&i| facts.review_decisions[i].date);
    let mut without_effect = Vec::new();
    for i in discharges {
        let r = &facts.review_decisions[i];
        // The requirement under review: the latest indefinite one still running.
        let Some(under_review) = periods
            .iter()
            .filter(|p| is_statutory_indefinite(p) && p.ends.is_none() && p.starts < r.date)
            .max_by_key(|p| p.starts)
        else {
            continue;
        };
        let required = earliest_determination(facts, config, under_review, r.date);
        if required.is_none_or(|q| r.date < q) {
            steps.push(Step::new(
                "REV-03",
                cite::SOA_91B,
                text!(
                    "A determination to discharge the requirements with notice on {} has no effect: {}, and a determination can only follow an application made on or after that date by a qualifying relevant offender (REV-01). The record needs checking; until then the person stays subject.",
                    r.date,
                    match required {
                        Some(q) => text!("the qualifying date for {} is {q}", under_review.source),
                        None => text!("no notification is recorded since the relevant date of {}, so it has no qualifying date yet", under_review.source),
                    }
                ),
            ));
            without_effect.push(i);
            continue;
        }
        for p in periods.iter_mut().filter(|p| is_statutory_indefinite(p) && p.ends.is_none() && p.starts < r.date) {
            p.ends = r.date.yesterday().ok();
            p.discharged_on_review = true;
            steps.push(Step::new(
                "EXIT-1",
                cite::SOA_91B_FURTHER,
                text!(
                    "{}: the indefinite requirement was discharged on review; notice was received on {}, so the last day subject is {}.",
                    p.source,
                    r.date,
                    p.ends.map_or_else(|| "unknown".to_string(), |d| d.to_string())
                ),
            ));
        }
    }
    without_effect
}

/// The first notification that counts for a review of `p` (CONV-8): on or
/// after its relevant date, and not of 2012-Regulations matters alone.
fn first_notification(facts: &Facts, p: &NotificationPeriod) -> Option<Date> {
    facts
        .notifications
        .iter()
        .filter(|n| n.date >= p.starts && n.kind != NotificationKind::RegulationsOnly)
        .map(|n| n.date)
        .min()
}

/// The earliest day a determination on a review of `p`, with notice on `on`,
/// could follow a qualifying application: the further qualifying date after
/// the latest earlier decision to continue (REV-04), else the qualifying date
/// (REV-03). `None` when there is none yet.
fn earliest_determination(facts: &Facts, config: &RulesConfig, p: &NotificationPeriod, on: Date) -> Option<Date> {
    let continued = facts
        .review_decisions
        .iter()
        .filter(|r| r.outcome == ReviewOutcome::Continued && r.date >= p.starts && r.date < on)
        .max_by_key(|r| r.date);
    if let Some(c) = continued {
        return further_review_date(c.date, further_years(c, config));
    }
    let under_18 = under_18_on(facts.date_of_birth, p.starts, config.notification.leap_day_birthday);
    review_qualifying_date(first_notification(facts, p)?, under_18)
}

/// The further review period after a decision to continue (REV-04): 8 years
/// unless another was set, at most the configured longest.
fn further_years(r: &ReviewDecision, config: &RulesConfig) -> u8 {
    let max = config.notification.review_further_period_max_years;
    r.further_review_years.and_then(|y| u8::try_from(y).ok()).unwrap_or(8).min(max)
}

/// REV-03 qualifying date: the day after the end of a period of 15 years (8 if
/// under 18 on the relevant date) beginning with the first notification (CONV-8).
pub fn review_qualifying_date(first_notification: Date, under_18: bool) -> Option<Date> {
    add_months(first_notification, if under_18 { 96 } else { 180 })
}

/// REV-04 further qualifying date: the day after the end of a period of
/// `years` (8 by default) beginning with the determination day.
pub fn further_review_date(determination: Date, years: u8) -> Option<Date> {
    add_months(determination, i64::from(years) * 12)
}

/// REV-07: the date by which the chief officer should decide a review
/// application received on `received` (configured weeks; UNCONFIRMED).
pub fn review_decision_due(received: Date, config: &RulesConfig) -> Explained<Option<Date>> {
    let weeks = config.notification.review_decision_weeks;
    let due = add_days(received, i64::from(weeks) * 7);
    let step = Step::new(
        "REV-07",
        cite::SOA_91B_FURTHER,
        text!(
            "An application received on {received} should be decided within {weeks} weeks, by {} (configuration: notification.review_decision_weeks = {weeks}; UNCONFIRMED in rules.md, extendable).",
            due.map_or_else(|| "a date beyond the calendar".to_string(), |d| d.to_string())
        ),
    )
    .with_config("notification.review_decision_weeks");
    Explained::new(due, vec![step])
}

/// REV-08: the last day to appeal a refusal notified on `notified` to the
/// magistrates' court, counting that day as day 1 (CONV-2; configured days,
/// UNCONFIRMED).
pub fn review_appeal_deadline(notified: Date, config: &RulesConfig) -> Explained<Option<Date>> {
    let days = config.notification.review_appeal_days;
    let due = if days == 0 { None } else { add_days(notified, i64::from(days) - 1) };
    let step = Step::new(
        "REV-08",
        cite::SOA_91B_FURTHER,
        text!(
            "A refusal notified on {notified} may be appealed to the magistrates' court within {days} days beginning with that day, so by {} (configuration: notification.review_appeal_days = {days}; UNCONFIRMED in rules.md).",
            due.map_or_else(|| "a date that cannot be computed".to_string(), |d| d.to_string())
        ),
    )
    .with_config("notification.review_appeal_days");
    Explained::new(due, vec![step])
}

pub(crate) fn review_dates(
    facts: &Facts,
    config: &RulesConfig,
    periods: &[NotificationPeriod],
    effects: &[OrderEffect],
    steps: &mut Vec<Step>,
) -> (Option<Date>, Option<Date>) {
    let Some(p) =
        periods.iter().filter(|p| is_statutory_indefinite(p) && !p.discharged_on_review).max_by_key(|p| p.starts)
    else {
        return (None, None);
    };
    let relevant = p.starts;
    let under_18 = under_18_on(facts.date_of_birth, relevant, config.notification.leap_day_birthday);
    let Some(first) = first_notification(facts, p) else {
        steps.push(Step::new(
            "REV-03",
            cite::SOA_91B,
            text!("{}: no notification has been made since the relevant date {relevant}, so the review qualifying date cannot be set yet (CONV-8).", p.source),
        ));
        return (None, None);
    };
    let q = review_qualifying_date(first, under_18);
    let years = if under_18 { 8 } else { 15 };
    steps.push(Step::new(
        "REV-03",
        cite::SOA_91B,
        text!(
            "{}: the first notification on or after the relevant date {relevant} was on {first} (CONV-8); the person was {} on the relevant date, so the period is {years} years and the qualifying date, the day after it ends, is {}.",
            p.source,
            if under_18 { "under 18" } else { "18 or over" },
            q.map_or_else(|| "beyond the calendar".to_string(), |d| d.to_string())
        ),
    ));
    // Revoked orders (SHPO-8) are no longer in force.
    if facts
        .orders
        .iter()
        .zip(effects)
        .any(|(o, e)| o.kind.is_harm_prevention() && o.made <= facts.as_of && e.ends.is_none_or(|e| e >= facts.as_of))
    {
        steps.push(Step::new(
            "REV-01",
            cite::SOA_91B,
            "An SHPO, interim SHPO, SOPO or interim SOPO is in force, so the person is not a qualifying relevant offender while it lasts.",
        ));
    }

    let further = facts
        .review_decisions
        .iter()
        .filter(|r| r.outcome == ReviewOutcome::Continued && r.date >= relevant)
        .max_by_key(|r| r.date)
        .and_then(|r| {
            let max = config.notification.review_further_period_max_years;
            let years = further_years(r, config);
            let d = further_review_date(r.date, years);
            steps.push(
                Step::new(
                    "REV-04",
                    cite::SOA_91B_FURTHER,
                    text!(
                        "A determination on {} kept the requirements; the further qualifying date is the day after a period of {years} years beginning with that day: {} (longest further period: configuration: notification.review_further_period_max_years = {max}; UNCONFIRMED).",
                        r.date,
                        d.map_or_else(|| "beyond the calendar".to_string(), |d| d.to_string())
                    ),
                )
                .with_config("notification.review_further_period_max_years"),
            );
            d
        });
    (q, further)
}
