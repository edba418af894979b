//! Notification periods that orders bring (NOTIF-05): a conviction for
//! breaching an SRO or RoSHO (SRO-8, LEG-2), a notification order with no
//! conviction abroad recorded (NO-2) or an interim notification order (NO-4),
//! and the harm-prevention orders: SHPOs, interim SHPOs, SOPOs and interim
//! SOPOs, one at a time (SHPO-8), which bring a new relevant date only for a
//! person who was not already subject (SHPO-5, NOTIF-12).

use jiff::civil::Date;

use super::assessment::{NotificationPeriod, PeriodBasis, PeriodLength};
use super::config::RulesConfig;
use super::explanation::{Step, cite, text};
use super::facts::{Facts, Order, OrderType};
use super::notification::{Trigger, notification_order_linked};
use super::revocation::{OrderEffect, family_as_made};

fn until(ends: Option<Date>) -> String {
    ends.map_or_else(|| "until further order".to_string(), |e| text!("until {e}"))
}

fn order_period(o: &Order, basis: PeriodBasis, starts: Date, ends: Option<Date>) -> NotificationPeriod {
    NotificationPeriod {
        source: o.id.clone(),
        basis,
        length: PeriodLength::WhileOrderInForce,
        starts,
        ends,
        halved: false,
        discharged_on_review: false,
    }
}

/// Periods from breaches of SROs and RoSHOs and from notification orders
/// that no recorded conviction abroad carries.
pub(crate) fn breach_and_notification_order_periods(
    facts: &Facts,
    config: &RulesConfig,
    periods: &mut Vec<NotificationPeriod>,
    triggers: &mut Vec<Trigger>,
    steps: &mut Vec<Step>,
) {
    for o in &facts.orders {
        match o.kind {
            OrderType::Sro | OrderType::InterimSro | OrderType::Rosho => {
                breach_periods(o, config, periods, triggers, steps);
            }
            OrderType::NotificationOrder | OrderType::InterimNotificationOrder => {
                notification_order_period(o, facts, periods, triggers, steps);
            }
            _ => {}
        }
    }
}

fn breach_periods(
    o: &Order,
    config: &RulesConfig,
    periods: &mut Vec<NotificationPeriod>,
    triggers: &mut Vec<Trigger>,
    steps: &mut Vec<Step>,
) {
    let (rule, citation, key) = if o.kind == OrderType::Rosho {
        ("LEG-2", cite::SOA_129, None)
    } else {
        ("SRO-8", cite::SOA_122I, Some("notification.sro_breach_notification_effect"))
    };
    if o.breach_convictions.is_empty() {
        return;
    }
    if key.is_some() && !config.notification.sro_breach_notification_effect {
        steps.push(
            Step::new(
                rule,
                citation,
                text!("{}: breach of an SRO is configured to have no notification effect (configuration: notification.sro_breach_notification_effect = false).", o.id),
            )
            .with_config("notification.sro_breach_notification_effect"),
        );
        return;
    }
    for b in &o.breach_convictions {
        if o.ends.is_some_and(|e| e < *b) {
            steps.push(Step::new(
                rule,
                citation,
                text!(
                    "{}: the breach conviction on {b} came after the order ended, so it adds no notification period.",
                    o.id
                ),
            ));
            continue;
        }
        let mut step = Step::new(
            rule,
            citation,
            text!(
                "{}: conviction on {b} for breach of a {} makes the person subject to notification for as long as the order has effect ({}); the relevant date is {b}.",
                o.id,
                o.kind.words(),
                until(o.ends)
            ),
        );
        if let Some(k) = key {
            step.text.push_str(" (configuration: notification.sro_breach_notification_effect = true; the E&W section is UNCONFIRMED in rules.md.)");
            step = step.with_config(k);
        }
        steps.push(step);
        triggers.push(Trigger {
            event: *b,
            period: periods.len(),
            rule,
            citation,
            what: text!("the breach conviction on {b}"),
        });
        periods.push(order_period(o, PeriodBasis::OrderBreach, *b, o.ends));
    }
}

fn notification_order_period(
    o: &Order,
    facts: &Facts,
    periods: &mut Vec<NotificationPeriod>,
    triggers: &mut Vec<Trigger>,
    steps: &mut Vec<Step>,
) {
    let starts = o.served.unwrap_or(o.made);
    let (rule, citation) = if o.kind == OrderType::InterimNotificationOrder {
        steps.push(Step::new(
            "NO-4",
            cite::SOA_100,
            text!(
                "{}: an interim notification order pending the full hearing makes the person subject from {starts} while it is recorded in force ({}); the initial notification is due within 3 days of service.",
                o.id,
                until(o.ends)
            ),
        ));
        ("NO-4", cite::SOA_100)
    } else {
        if notification_order_linked(o, facts).is_some() {
            return; // carried by the conviction abroad (NO-2)
        }
        steps.push(Step::new(
            "NO-2",
            cite::SOA_97,
            text!(
                "{}: a notification order with no matching foreign conviction recorded; the person is treated as subject from {starts} while the order is recorded in force ({}). Record the foreign conviction with notification_order_served to compute the s82 period.",
                o.id,
                until(o.ends)
            ),
        ));
        ("NO-3", cite::SOA_98_EN)
    };
    triggers.push(Trigger { event: starts, period: periods.len(), rule, citation, what: text!("service of {}", o.id) });
    periods.push(order_period(o, PeriodBasis::NotificationOrder, starts, o.ends));
}

/// Periods from SHPOs, interim SHPOs, SOPOs and interim SOPOs, given the
/// periods from every other source (after any discharge on review) and each
/// order's effect (SHPO-8).
///
/// SHPO-5 (SOA 2003 s107(4)-(5)): for a person who was not a relevant offender
/// when the order was made, the order is a new relevant date, served on them;
/// for one who was, it brings no new initial notification and moves nothing
/// already running: they stay subject at least while it is in force.
pub(crate) fn harm_prevention_periods(
    facts: &Facts,
    config: &RulesConfig,
    effects: &[OrderEffect],
    periods: &mut Vec<NotificationPeriod>,
    triggers: &mut Vec<Trigger>,
    steps: &mut Vec<Step>,
) {
    // In the order made, so that an earlier order's period is there when a
    // later one asks whether the person was already subject.
    let family = family_as_made(&facts.orders);
    // Periods of this family so far: (index in `periods`, order revoking it).
    let mut own: Vec<(usize, Option<usize>)> = Vec::new();
    for i in family {
        let o = &facts.orders[i];
        let effect = effects.get(i).copied().unwrap_or(OrderEffect { ends: o.ends, revoked_by: None });
        if let Some(j) = effect.revoked_by {
            steps.push(revoked_step(o, &facts.orders[j], effect.ends));
        }
        let shpo = matches!(o.kind, OrderType::Shpo | OrderType::InterimShpo);
        let (rule, citation) = if shpo { ("SHPO-5", cite::SOA_103G) } else { ("LEG-1", cite::SOA_107) };
        if shpo && !config.notification.shpo_notification_effect {
            steps.push(
                Step::new(
                    rule,
                    citation,
                    text!("{}: SHPOs are configured to have no notification effect (configuration: notification.shpo_notification_effect = false).", o.id),
                )
                .with_config("notification.shpo_notification_effect"),
            );
            continue;
        }
        let configured = |mut step: Step| {
            if shpo {
                step.text.push_str(" The SHPO rule is taken from the SOPO rule (configuration: notification.shpo_notification_effect = true; section UNCONFIRMED in rules.md).");
                step = step.with_config("notification.shpo_notification_effect");
            }
            step
        };
        let before = o.made.yesterday().ok();
        let already = periods.iter().enumerate().find(|(k, p)| {
            p.starts <= o.made
                && (p.covers(o.made)
                    || own.iter().any(|&(q, by)| q == *k && by == Some(i) && before.is_some_and(|b| p.covers(b))))
        });
        if let Some((_, p)) = already {
            steps.push(configured(Step::new(
                "SHPO-5",
                cite::SOA_107_4,
                text!(
                    "{}: the person was already subject to the notification requirements (through {}) when the {} was made on {}, so it is not a new relevant date: no new initial notification falls due and no deadline already running moves (NOTIF-12). They stay subject at least while the order is in force ({}).",
                    o.id,
                    p.source,
                    o.kind.words(),
                    o.made,
                    until(effect.ends)
                ),
            )));
            own.push((periods.len(), effect.revoked_by));
            periods.push(order_period(o, PeriodBasis::OrderInForce, o.made, effect.ends));
            continue;
        }
        let Some(served) = o.served else {
            steps.push(Step::new(
                rule,
                citation,
                text!(
                    "{}: the {} has not been served; its notification effect runs from service.",
                    o.id,
                    o.kind.words()
                ),
            ));
            continue;
        };
        if effect.ends.is_some_and(|e| e < served) {
            steps.push(Step::new(
                rule,
                citation,
                text!(
                    "{}: the {} stopped having effect before it was served, so it brought no notification requirement.",
                    o.id,
                    o.kind.words()
                ),
            ));
            continue;
        }
        steps.push(configured(Step::new(
            rule,
            citation,
            text!(
                "{}: the person was not subject to the notification requirements when the {} was made, so it makes them subject while it is in force ({}), from service on {served} (relevant date: service, CONV-4; it extends any shorter period, CONV-5).",
                o.id,
                o.kind.words(),
                until(effect.ends)
            ),
        )));
        triggers.push(Trigger {
            event: served,
            period: periods.len(),
            rule,
            citation,
            what: text!("service of {}", o.id),
        });
        own.push((periods.len(), effect.revoked_by));
        periods.push(order_period(o, PeriodBasis::OrderInForce, served, effect.ends));
    }
}

/// SHPO-8: the explanation of a revocation, shared by the order's own
/// assessment and the notification periods.
pub(crate) fn revoked_step(o: &Order, later: &Order, ends: Option<Date>) -> Step {
    Step::new(
        "SHPO-8",
        cite::SOA_107_6,
        text!(
            "{}: {} ({}) was made on {}, and a court making a new order of this kind revokes any earlier one, so only one has effect at a time: the {} stopped having effect then, its last day in force being {}.",
            o.id,
            later.id,
            later.kind.words(),
            later.made,
            o.kind.words(),
            ends.map_or_else(|| "not computable".to_string(), |d| d.to_string())
        ),
    )
}
