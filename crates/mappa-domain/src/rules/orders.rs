//! Civil and legacy orders (rules.md §4): minimum and maximum durations,
//! foreign-travel prohibitions and their renewal (SHPO-3, SRO-4), whether the
//! order brings notification requirements (SHPO-5, SRO-8, NO-2), and the
//! order's own notification deadline (SRO-5, SPO-1, DAPO-1, NO-3).

use jiff::civil::Date;

use super::assessment::{NotificationAssessment, OrderAssessment};
use super::config::RulesConfig;
use super::dates::{Interval, nth_counted_day, period_last_day, words_months};
use super::explanation::{Step, cite, text};
use super::facts::{Facts, Order, OrderType};
use super::notification::notification_order_linked;
use super::order_periods::revoked_step;
use super::revocation::OrderEffect;

/// Latest last day of a further foreign-travel prohibition period of at most
/// `max_months` beginning the day after `current_end` (SHPO-3: s103E renewal).
pub fn foreign_travel_renewal_max_end(current_end: Date, max_months: u32) -> Option<Date> {
    period_last_day(current_end.tomorrow().ok()?, max_months)
}

/// Earliest last day for a fixed-period order with a minimum of `months`
/// beginning with the day it is made (CONV-2).
pub fn minimum_end(made: Date, months: u32) -> Option<Date> {
    if months == 0 { None } else { period_last_day(made, months) }
}

fn show(d: Option<Date>) -> String {
    d.map_or_else(|| "not computable".to_string(), |d| d.to_string())
}

/// Assesses every order in the facts.
pub fn assess_orders(
    facts: &Facts,
    config: &RulesConfig,
    notification: &NotificationAssessment,
    unavailable: &[Interval],
    effects: &[OrderEffect],
) -> Vec<OrderAssessment> {
    facts
        .orders
        .iter()
        .zip(effects)
        .map(|(o, effect)| {
            let revoked_by = effect.revoked_by.and_then(|j| facts.orders.get(j));
            assess_order(o, revoked_by.map(|later| (later, effect.ends)), facts, config, notification, unavailable)
        })
        .collect()
}

/// Assesses one order; `revoked` is the later order of its family that
/// revoked it, with its last day in force (SHPO-8).
fn assess_order(
    o: &Order,
    revoked: Option<(&Order, Option<Date>)>,
    facts: &Facts,
    config: &RulesConfig,
    notification: &NotificationAssessment,
    unavailable: &[Interval],
) -> OrderAssessment {
    let c = &config.orders;
    let n = &config.notification;
    let mut steps = Vec::with_capacity(6);
    let name = o.kind.words();

    // Minimum and maximum durations.
    let (min_months, min_rule, min_cite, min_key): (u32, &str, &str, Option<&'static str>) = match o.kind {
        OrderType::Shpo => (60, "SHPO-2", cite::SOA_103C, None),
        OrderType::Sopo => (60, "LEG-1", cite::SOA_107, None),
        OrderType::InterimSopo => (0, "LEG-1", cite::SOA_109, None),
        OrderType::InterimShpo => {
            (c.interim_shpo_minimum_months, "SHPO-6", cite::SOA_103F, Some("orders.interim_shpo_minimum_months"))
        }
        OrderType::Sro => (c.sro_minimum_months, "SRO-3", cite::SOA_122A, Some("orders.sro_minimum_months")),
        OrderType::Spo => (24, "SPO-1", cite::SPA_2019, None),
        OrderType::Rosho => (c.rosho_minimum_months, "LEG-2", cite::SOA_123, Some("orders.rosho_minimum_months")),
        OrderType::InterimSro => (0, "SRO-3", cite::SOA_122E, None),
        OrderType::Dapo => (0, "DAPO-1", cite::DAA_2021, None),
        OrderType::Fto => (0, "LEG-3", cite::SOA_117, None),
        OrderType::NotificationOrder => (0, "NO-2", cite::SOA_97, None),
        OrderType::InterimNotificationOrder => (0, "NO-4", cite::SOA_100, None),
    };
    let earliest_end = minimum_end(o.made, min_months);
    if min_months > 0 {
        let mut text = text!(
            "{}: a {name} made on {} has a fixed period of at least {} (or runs until further order), so the earliest last day is {}.",
            o.id,
            o.made,
            words_months(min_months),
            show(earliest_end)
        );
        if let Some(k) = min_key {
            text.push_str(&text!(" (configuration: {k} = {min_months}; not confirmed in primary text.)"));
        }
        let mut step = Step::new(min_rule, min_cite, text);
        if let Some(k) = min_key {
            step = step.with_config(k);
        }
        steps.push(step);
    } else {
        let text = match o.kind {
            OrderType::InterimShpo => text!(
                "{}: an interim SHPO lasts for the period the court sets; no minimum is configured (configuration: orders.interim_shpo_minimum_months = 0; duration rules UNCONFIRMED).",
                o.id
            ),
            OrderType::InterimSro => {
                text!("{}: an interim SRO lasts for the period the court sets pending the full hearing.", o.id)
            }
            OrderType::Dapo => text!(
                "{}: a DAPO may last for a set period, until an event, or until further order; there is no statutory minimum.",
                o.id
            ),
            OrderType::Fto => text!("{}: a foreign travel order has a maximum, not a minimum, period.", o.id),
            OrderType::InterimSopo => {
                text!("{}: an interim SOPO lasts for the period the court set pending the full hearing.", o.id)
            }
            OrderType::InterimNotificationOrder => text!(
                "{}: an interim notification order lasts for the period the court sets pending the full hearing.",
                o.id
            ),
            _ => text!("{}: a notification order lasts for the s82 period matching the sentence abroad.", o.id),
        };
        let mut step = Step::new(min_rule, min_cite, text);
        if o.kind == OrderType::InterimShpo {
            step = step.with_config("orders.interim_shpo_minimum_months");
        }
        steps.push(step);
    }

    let mut latest_end = None;
    if o.kind == OrderType::Fto {
        let (months, key) = if o.made < c.fto_amendment_commenced {
            (6, None)
        } else {
            (c.fto_max_months_after_amendment, Some("orders.fto_max_months_after_amendment"))
        };
        latest_end = period_last_day(o.made, months);
        let mut step = Step::new(
            "LEG-3",
            cite::SOA_117,
            match key {
                None => text!(
                    "{}: made on {} before the 2009 amendment, a foreign travel order lasts at most 6 months, so its latest last day is {}.",
                    o.id,
                    o.made,
                    show(latest_end)
                ),
                Some(k) => text!(
                    "{}: made on {} after the amendment (configuration: orders.fto_amendment_commenced = {}), it lasts at most {} (configuration: {k} = {months}; UNCONFIRMED), so its latest last day is {}.",
                    o.id,
                    o.made,
                    c.fto_amendment_commenced,
                    words_months(months),
                    show(latest_end)
                ),
            },
        );
        if let Some(k) = key {
            step = step.with_config(k).with_config("orders.fto_amendment_commenced");
        }
        steps.push(step);
    }

    // The recorded end, or for a linked notification order the s82 period's end.
    let mut ends = o.ends;
    if o.kind == OrderType::NotificationOrder
        && o.ends.is_none()
        && let Some(src) = notification_order_linked(o, facts)
        && let Some(p) = notification.periods.iter().find(|p| p.source == src)
    {
        ends = p.ends;
        steps.push(Step::new(
            "NO-2",
            cite::SOA_97,
            text!(
                "{}: the order applies the s82 period for the conviction abroad {src}, which {}.",
                o.id,
                p.ends.map_or_else(|| "is indefinite".to_string(), |e| text!("ends on {e}"))
            ),
        ));
    } else {
        steps.push(Step::new(
            "CONV-13",
            cite::CONVENTION,
            match o.ends {
                Some(e) => text!("{}: the order is recorded as in force until {e} (its last day).", o.id),
                None => text!("{}: the order is recorded as in force until further order.", o.id),
            },
        ));
    }
    if let (Some(e), Some(min)) = (o.ends, earliest_end)
        && e < min
    {
        steps.push(Step::new(
            min_rule,
            min_cite,
            text!(
                "{}: the recorded end {e} is before the statutory minimum {min}; check that the order was varied or discharged early.",
                o.id
            ),
        ));
    }
    if let (Some(e), Some(max)) = (o.ends, latest_end)
        && e > max
    {
        steps.push(Step::new(
            "LEG-3",
            cite::SOA_117,
            text!("{}: the recorded end {e} is after the maximum {max}; check the record.", o.id),
        ));
    }
    if let Some((later, last_day)) = revoked {
        ends = last_day;
        steps.push(revoked_step(o, later, last_day));
    }
    let in_force = o.made <= facts.as_of && ends.is_none_or(|e| e >= facts.as_of);

    // Foreign-travel prohibition (SHPO-3, SRO-4).
    let ftp_max = match o.kind {
        OrderType::Shpo | OrderType::InterimShpo | OrderType::Sopo => Some((60, "SHPO-3", cite::SOA_103D, None)),
        OrderType::Sro | OrderType::InterimSro => Some((
            c.sro_foreign_travel_max_months,
            "SRO-4",
            cite::SOA_122C,
            Some("orders.sro_foreign_travel_max_months"),
        )),
        _ => None,
    };
    let mut foreign_travel_prohibition_max_end = None;
    if let (Some(ftp_end), Some((months, rule, citation, key))) = (o.foreign_travel_prohibition_ends, ftp_max) {
        let max = period_last_day(o.made, months);
        foreign_travel_prohibition_max_end = max;
        let mut text = text!(
            "{}: a foreign-travel prohibition is for a fixed period of at most {} (here from {} to at most {}), renewable for further periods of at most {} each. It is recorded as ending on {ftp_end}.",
            o.id,
            words_months(months),
            o.made,
            show(max),
            words_months(months)
        );
        if let Some(k) = key {
            text.push_str(&text!(" (configuration: {k} = {months}; SECONDARY in rules.md.)"));
        }
        if max.is_some_and(|m| ftp_end > m) {
            text.push_str(" The recorded end is later than one period allows, so it must have been extended; check the extension is recorded.");
        }
        if let Some(r) = foreign_travel_renewal_max_end(ftp_end, months) {
            text.push_str(&text!(" A renewal before it ends could extend it to {r} at most."));
        }
        let mut step = Step::new(rule, citation, text);
        if let Some(k) = key {
            step = step.with_config(k);
        }
        steps.push(step);
        if ends.is_some_and(|e| ftp_end > e) {
            steps.push(Step::new(
                rule,
                citation,
                text!(
                    "{}: the prohibition is recorded as outlasting the order itself; it cannot run beyond the order.",
                    o.id
                ),
            ));
        }
    }

    if let Some(step) = grounds(o) {
        steps.push(step);
    }

    // Notification effect.
    let makes_subject_to_notification = match o.kind {
        OrderType::Shpo | OrderType::InterimShpo => n.shpo_notification_effect,
        OrderType::Sopo
        | OrderType::InterimSopo
        | OrderType::NotificationOrder
        | OrderType::InterimNotificationOrder => true,
        OrderType::Sro | OrderType::InterimSro => n.sro_breach_notification_effect && !o.breach_convictions.is_empty(),
        OrderType::Rosho => !o.breach_convictions.is_empty(),
        OrderType::Spo | OrderType::Dapo | OrderType::Fto => false,
    };
    steps.push(Step::new(
        match o.kind {
            OrderType::Shpo | OrderType::InterimShpo => "SHPO-5",
            OrderType::Sopo | OrderType::InterimSopo => "LEG-1",
            OrderType::NotificationOrder => "NO-2",
            OrderType::InterimNotificationOrder => "NO-4",
            OrderType::Sro | OrderType::InterimSro => "SRO-8",
            OrderType::Rosho => "LEG-2",
            _ => "NOTIF-05",
        },
        match o.kind {
            OrderType::Shpo | OrderType::InterimShpo => cite::SOA_103G,
            OrderType::Sopo => cite::SOA_107,
            OrderType::InterimSopo => cite::SOA_109,
            OrderType::NotificationOrder => cite::SOA_97,
            OrderType::InterimNotificationOrder => cite::SOA_100,
            OrderType::Sro | OrderType::InterimSro => cite::SOA_122I,
            OrderType::Rosho => cite::SOA_129,
            _ => cite::SOA_80,
        },
        match (o.kind, makes_subject_to_notification) {
            (OrderType::Sro | OrderType::InterimSro | OrderType::Rosho, false) => text!(
                "{}: a {name} does not itself bring the notification requirements; a conviction for breaching it would, for as long as it has effect.",
                o.id
            ),
            (OrderType::Sro | OrderType::InterimSro | OrderType::Rosho, true) => text!(
                "{}: the person was convicted of breaching the {name}, so they are subject to the notification requirements while it has effect.",
                o.id
            ),
            (_, true) => text!("{}: a {name} brings the notification requirements (see the notification periods for whether it made the person subject or kept them so).", o.id),
            (_, false) => text!("{}: a {name} does not bring the SOA 2003 notification requirements.", o.id),
        },
    ));

    // The order's own notification deadline.
    let start = o.served.unwrap_or(o.made);
    let notification_due = match o.kind {
        OrderType::Sro
        | OrderType::InterimSro
        | OrderType::Spo
        | OrderType::NotificationOrder
        | OrderType::InterimNotificationOrder => {
            let (rule, citation, what) = match o.kind {
                OrderType::Spo => ("SPO-1", cite::SPA_2019, "name(s) and home address"),
                OrderType::NotificationOrder => ("NO-3", cite::SOA_98_EN, "the initial notification"),
                OrderType::InterimNotificationOrder => ("NO-4", cite::SOA_100, "the initial notification"),
                _ => ("SRO-5", cite::SOA_122F, "name(s) and home address"),
            };
            let due = nth_counted_day(start, 3, unavailable);
            steps.push(Step::new(
                rule,
                citation,
                text!(
                    "{}: {what} must be notified within 3 days beginning with {} ({start}), counted as CONV-6: by {}.",
                    o.id,
                    if o.served.is_some() { "service" } else { "the making of the order (no service date recorded)" },
                    due.map_or_else(|| "a date fixed on release or return".to_string(), |d| d.to_string())
                ),
            ));
            due
        }
        // A DAPO often follows a domestic abuse protection notice (DAPN-1),
        // given by an inspector and served in person, with the application
        // heard within 48 hours. The notice brings no notification
        // requirement, so the engine has nothing to compute for it.
        OrderType::Dapo => {
            let subject_then = notification.periods.iter().any(|p| p.covers(start));
            let spo_then = facts
                .orders
                .iter()
                .any(|x| x.kind == OrderType::Spo && x.made <= start && x.ends.is_none_or(|e| e >= start));
            let other_dapo = facts.orders.iter().any(|x| {
                x.kind == OrderType::Dapo && x.id != o.id && x.made < o.made && x.ends.is_none_or(|e| e >= start)
            });
            if subject_then || spo_then || other_dapo {
                steps.push(Step::new(
                    "DAPO-1",
                    cite::DAA_2021,
                    text!(
                        "{}: DAPO notification does not apply while the person is subject to SOA 2003 notification, a stalking protection order's notification, or another DAPO; it revives if those end.",
                        o.id
                    ),
                ));
                None
            } else {
                let due = nth_counted_day(start, 3, unavailable);
                steps.push(Step::new(
                    "DAPO-1",
                    cite::DAA_2021,
                    text!(
                        "{}: name(s) and home address must be notified within 3 days beginning with {start}, counted as CONV-6: by {}.",
                        o.id,
                        due.map_or_else(|| "a date fixed on release or return".to_string(), |d| d.to_string())
                    ),
                ));
                due
            }
        }
        _ => None,
    };

    OrderAssessment {
        id: o.id.clone(),
        kind: o.kind,
        in_force,
        earliest_end,
        latest_end,
        ends,
        makes_subject_to_notification,
        foreign_travel_prohibition_ends: o.foreign_travel_prohibition_ends,
        foreign_travel_prohibition_max_end,
        notification_due,
        explanation: steps,
    }
}

/// What the court must have found to make the order. The court decides the
/// grounds, not the engine, which takes a recorded order as validly made; the
/// step tells the practitioner what the order rests on.
fn grounds(o: &Order) -> Option<Step> {
    let (rule, citation, text) = match o.kind {
        OrderType::Shpo | OrderType::InterimShpo => (
            "SHPO-1",
            cite::SOA_103A,
            "a court makes an SHPO when dealing with the person for a Schedule 3 or Schedule 5 offence (or a finding of insanity or disability), or on application for a qualifying offender whose behaviour makes it necessary to protect the public, or children or vulnerable adults abroad, from sexual harm.",
        ),
        OrderType::Sro | OrderType::InterimSro => (
            "SRO-1",
            cite::SOA_122A,
            "an SRO is made by a magistrates' court on application by a chief officer of police, the Director General of the National Crime Agency, or the chief constable of the British Transport Police or the Ministry of Defence Police; no conviction is needed, only an act of a sexual nature that makes the order necessary to protect the public, or children or vulnerable adults abroad, from harm (SRO-2).",
        ),
        _ => return None,
    };
    Some(Step::new(rule, citation, text!("{}: {text}", o.id)))
}
