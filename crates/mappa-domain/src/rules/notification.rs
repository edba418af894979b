//! Notification requirements: who is subject, for how long (NOTIF-01..05, the
//! s82 table, CONV-2..5), through orders (NO-1..3, SHPO-5, SRO-8), and the
//! review of indefinite requirements (REV-01..04, CONV-8).

use jiff::civil::Date;

use super::assessment::{NotificationAssessment, NotificationPeriod, PeriodBasis, PeriodLength};
use super::config::{RulesConfig, SuspendedSentenceRow};
use super::dates::{
    Interval, add_days, add_months, age_on, period_last_day, under_18_on, words_months,
};
use super::deadlines;
use super::explanation::{Step, cite, text};
use super::facts::{
    Disposal, DisposalKind, Facts, NotificationKind, Order, OrderType, ReviewOutcome, Sentence,
    SentenceType,
};

/// A custodial term: months and days (either may be zero).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Term {
    pub months: i64,
    pub days: i64,
}

impl Term {
    /// The term recorded on a sentence, if it has one.
    pub fn of(s: &Sentence) -> Option<Term> {
        match (s.term_months, s.term_days) {
            (Some(m), _) if m > 0 => Some(Term { months: m, days: 0 }),
            (_, Some(d)) if d > 0 => Some(Term { months: 0, days: d }),
            _ => None,
        }
    }

    fn plus(self, other: Term) -> Term {
        Term {
            months: self.months.saturating_add(other.months),
            days: self.days.saturating_add(other.days),
        }
    }

    /// The day the term would run out if it began on `start`; used to compare a
    /// term in days with thresholds in months on the calendar.
    fn end_from(self, start: Date) -> Option<Date> {
        add_days(add_months(start, self.months)?, self.days)
    }

    /// Whether the term is at least `months` long, measured on the calendar
    /// from `start`.
    pub fn at_least(self, months: i64, start: Date) -> bool {
        match (self.end_from(start), add_months(start, months)) {
            (Some(end), Some(threshold)) => end >= threshold,
            // Out of calendar range only for absurd terms: treat as long.
            _ => true,
        }
    }

    /// Whether the term is more than `months` long, measured from `start`.
    pub fn more_than(self, months: i64, start: Date) -> bool {
        match (self.end_from(start), add_months(start, months)) {
            (Some(end), Some(threshold)) => end > threshold,
            _ => true,
        }
    }

    pub fn words(self) -> String {
        let m = match self.months {
            0 => None,
            1 => Some("1 month".to_string()),
            n => Some(text!("{n} months")),
        };
        let d = match self.days {
            0 => None,
            1 => Some("1 day".to_string()),
            n => Some(text!("{n} days")),
        };
        match (m, d) {
            (Some(m), Some(d)) => text!("{m} and {d}"),
            (Some(m), None) => m,
            (None, Some(d)) => d,
            (None, None) => "no term".to_string(),
        }
    }
}

/// The s82 period for one disposal, before it is placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S82Period {
    /// `None`: the disposal does not trigger notification.
    pub length: Option<PeriodLength>,
    pub halved: bool,
    pub steps: Vec<Step>,
}

/// The s82 table (NOTIF s82 rows, CONV-3): the period for a disposal of `kind`
/// with `sentence` on the relevant date `relevant`, for a person born `dob`.
/// `term` is the term to use (aggregated for consecutive terms by the caller).
pub fn s82_period(
    label: &str,
    kind: DisposalKind,
    sentence: &Sentence,
    term: Option<Term>,
    relevant: Date,
    dob: Date,
    config: &RulesConfig,
) -> S82Period {
    use SentenceType as T;
    let n = &config.notification;
    let mut steps = Vec::new();
    let custodial = |what: &str,
                     term: Option<Term>,
                     steps: &mut Vec<Step>|
     -> Option<PeriodLength> {
        let term = term?;
        let words = term.words();
        if term.at_least(30, relevant) {
            steps.push(Step::new(
                "NOTIF-s82",
                cite::SOA_82_1,
                text!("{label}: {what} for {words} is 30 months or more, so the notification period is indefinite."),
            ));
            Some(PeriodLength::Indefinite)
        } else if term.more_than(6, relevant) {
            steps.push(Step::new(
                "NOTIF-s82",
                cite::SOA_82_1,
                text!("{label}: {what} for {words} is more than 6 months and less than 30 months, so the period is 10 years."),
            ));
            Some(PeriodLength::Months(120))
        } else {
            steps.push(Step::new(
                "NOTIF-s82",
                cite::SOA_82_1,
                text!("{label}: {what} for {words} is 6 months or less, so the period is 7 years."),
            ));
            Some(PeriodLength::Months(84))
        }
    };

    let other = |steps: &mut Vec<Step>, what: &str| {
        let m = n.other_description_months;
        steps.push(
            Step::new(
                "NOTIF-s82",
                cite::SOA_82_1,
                text!(
                    "{label}: {what} falls in the s82 row \"any other description\", so the period is {} (configuration: notification.other_description_months = {m}; the row is SECONDARY in rules.md).",
                    words_months(m)
                ),
            )
            .with_config("notification.other_description_months"),
        );
        Some(PeriodLength::Months(m))
    };

    let mut not_halvable = false;
    let length = if kind == DisposalKind::Caution {
        steps.push(Step::new(
            "NOTIF-s82",
            cite::SOA_82_1,
            text!("{label}: a caution given on {relevant}, so the period is 2 years."),
        ));
        Some(PeriodLength::Months(24))
    } else {
        match sentence.kind {
            T::Life | T::Ipp => {
                steps.push(Step::new(
                    "NOTIF-s82",
                    cite::SOA_82_1,
                    text!(
                        "{label}: {}, so the notification period is indefinite.",
                        sentence.kind.words()
                    ),
                ));
                Some(PeriodLength::Indefinite)
            }
            T::HospitalOrderWithRestriction => {
                steps.push(Step::new(
                    "NOTIF-s82",
                    cite::SOA_82_1,
                    text!("{label}: admitted to hospital subject to a restriction order, so the notification period is indefinite."),
                ));
                Some(PeriodLength::Indefinite)
            }
            T::HospitalOrder => {
                steps.push(Step::new(
                    "NOTIF-s82",
                    cite::SOA_82_1,
                    text!("{label}: admitted to hospital without a restriction order, so the period is 7 years."),
                ));
                Some(PeriodLength::Months(84))
            }
            T::Imprisonment => custodial("imprisonment", term, &mut steps),
            T::Detention | T::Dto => {
                steps.push(Step::new(
                    "NOTIF-s82",
                    cite::SOA_131,
                    text!(
                        "{label}: {} is treated as imprisonment for the s82 table.",
                        sentence.kind.words()
                    ),
                ));
                custodial(sentence.kind.words(), term, &mut steps)
            }
            T::SuspendedImprisonment => match n.suspended_sentence_row {
                SuspendedSentenceRow::Imprisonment => {
                    steps.push(
                        Step::new(
                            "NOTIF-s82",
                            cite::SOA_82_1,
                            text!("{label}: a suspended sentence is treated as imprisonment for the suspended term (configuration: notification.suspended_sentence_row = imprisonment; UNCONFIRMED in rules.md)."),
                        )
                        .with_config("notification.suspended_sentence_row"),
                    );
                    custodial("suspended imprisonment", term, &mut steps)
                }
                SuspendedSentenceRow::OtherDescription => {
                    steps.push(
                        Step::new(
                            "NOTIF-s82",
                            cite::SOA_82_1,
                            text!("{label}: a suspended sentence is treated as \"any other description\" (configuration: notification.suspended_sentence_row = other_description; UNCONFIRMED in rules.md)."),
                        )
                        .with_config("notification.suspended_sentence_row"),
                    );
                    other(&mut steps, "a suspended sentence")
                }
            },
            T::ConditionalDischarge => {
                let m = sentence
                    .period_months
                    .and_then(|m| u32::try_from(m).ok())
                    .filter(|m| *m > 0);
                not_halvable = true;
                match m {
                    Some(m) => {
                        steps.push(Step::new(
                            "NOTIF-03",
                            cite::SOA_134,
                            text!("{label}: a conditional discharge counts as a conviction for Part 2; the period is the period of the discharge, {}.", words_months(m)),
                        ));
                        Some(PeriodLength::Months(m))
                    }
                    None => {
                        steps.push(Step::new(
                            "NOTIF-03",
                            cite::SOA_134,
                            text!("{label}: a conditional discharge without a recorded period: no period can be computed."),
                        ));
                        None
                    }
                }
            }
            T::AbsoluteDischarge => {
                steps.push(Step::new(
                    "NOTIF-03",
                    cite::SOA_134,
                    text!("{label}: an absolute discharge does not count as a conviction for Part 2, so it does not trigger notification."),
                ));
                None
            }
            T::GuardianshipOrder | T::CommunityOrder | T::Fine | T::None => {
                other(&mut steps, sentence.kind.words())
            }
        }
    };

    let mut halved = false;
    let length = match length {
        Some(PeriodLength::Months(m)) if !not_halvable => {
            let age = age_on(dob, relevant, n.leap_day_birthday);
            if age < 18 && n.halve_for_under_18 {
                halved = true;
                let h = m / 2;
                steps.push(
                    Step::new(
                        "CONV-3",
                        cite::SOA_82_2,
                        text!(
                            "The person was aged {age} on the relevant date {relevant}, under 18, so the period of {} is halved to {} (configuration: notification.halve_for_under_18 = true; the s82(2) text is SECONDARY in rules.md).",
                            words_months(m),
                            words_months(h)
                        ),
                    )
                    .with_config("notification.halve_for_under_18"),
                );
                Some(PeriodLength::Months(h))
            } else {
                Some(PeriodLength::Months(m))
            }
        }
        Some(l) => {
            if age_on(dob, relevant, n.leap_day_birthday) < 18 {
                steps.push(Step::new(
                    "CONV-3",
                    cite::SOA_82_2,
                    text!("The person was under 18 on the relevant date {relevant}, but indefinite and conditional-discharge periods are not halved."),
                ));
            }
            Some(l)
        }
        None => None,
    };
    S82Period {
        length,
        halved,
        steps,
    }
}

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
    NotificationPeriod {
        source: source.to_string(),
        basis,
        length,
        starts,
        ends,
        halved,
        discharged_on_review: false,
    }
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

/// The aggregate term of all Sch. 3 custodial disposals linked to `d` by
/// `consecutive_to`, in either direction (s82(3)-(4)).
fn aggregate_term(d: &Disposal, facts: &Facts) -> (Option<Term>, Vec<String>) {
    let own = Term::of(&d.sentence);
    let linked = |a: &Disposal, b: &Disposal| {
        a.sentence.consecutive_to.as_deref() == Some(b.id.as_str())
            || b.sentence.consecutive_to.as_deref() == Some(a.id.as_str())
    };
    let eligible = |x: &Disposal| {
        x.schedule_3 && x.kind == DisposalKind::Conviction && x.sentence.kind.has_term()
    };
    if !eligible(d) || own.is_none() {
        return (own, Vec::new());
    }
    // Records hold a handful of disposals: a linear scan beats hashing.
    let mut stack = vec![d];
    let mut members = vec![d];
    while let Some(cur) = stack.pop() {
        for other in facts
            .disposals
            .iter()
            .filter(|o| eligible(o) && linked(cur, o))
        {
            if !members.iter().any(|m| m.id == other.id) {
                stack.push(other);
                members.push(other);
            }
        }
    }
    if members.len() == 1 {
        return (own, Vec::new());
    }
    let total = members
        .iter()
        .filter_map(|m| Term::of(&m.sentence))
        .fold(Term::default(), Term::plus);
    let mut ids: Vec<String> = members.iter().map(|m| m.id.clone()).collect();
    ids.sort();
    (Some(total), ids)
}

/// Periods and triggers from all sources, before review and overall end.
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
                text!("{label}: not a Schedule 3 offence (or below its thresholds), so it does not trigger notification."),
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
            let p = calendar_period(
                &d.id,
                PeriodBasis::Disposal,
                length,
                d.date,
                s.halved,
                steps,
            );
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
        let s = s82_period(
            &c.id,
            c.kind,
            &c.equivalent_sentence,
            Term::of(&c.equivalent_sentence),
            c.date,
            dob,
            config,
        );
        steps.extend(s.steps);
        if let Some(length) = s.length {
            let p = calendar_period(
                &c.id,
                PeriodBasis::NotificationOrder,
                length,
                c.date,
                s.halved,
                steps,
            );
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

    for o in &facts.orders {
        order_periods(o, facts, config, &mut periods, &mut triggers, steps);
    }
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

/// Whether a notification order in `orders` is matched by a foreign conviction
/// (by the date of service), which then carries the period.
pub(crate) fn notification_order_linked(o: &Order, facts: &Facts) -> Option<String> {
    let served = o.served?;
    facts
        .foreign_convictions
        .iter()
        .find(|c| c.notification_order_served == Some(served))
        .map(|c| c.id.clone())
}

fn order_periods(
    o: &Order,
    facts: &Facts,
    config: &RulesConfig,
    periods: &mut Vec<NotificationPeriod>,
    triggers: &mut Vec<Trigger>,
    steps: &mut Vec<Step>,
) {
    let n = &config.notification;
    let until = o
        .ends
        .map_or_else(|| "until further order".to_string(), |e| text!("until {e}"));
    match o.kind {
        OrderType::Shpo | OrderType::InterimShpo | OrderType::Sopo => {
            let (rule, citation, key) = if o.kind == OrderType::Sopo {
                ("LEG-1", cite::SOA_107, None)
            } else {
                (
                    "SHPO-5",
                    cite::SOA_103G,
                    Some("notification.shpo_notification_effect"),
                )
            };
            if key.is_some() && !n.shpo_notification_effect {
                steps.push(
                    Step::new(
                        rule,
                        citation,
                        text!("{}: SHPOs are configured to have no notification effect (configuration: notification.shpo_notification_effect = false).", o.id),
                    )
                    .with_config("notification.shpo_notification_effect"),
                );
                return;
            }
            let Some(served) = o.served else {
                steps.push(Step::new(
                    rule,
                    citation,
                    text!("{}: the {} has not been served; its notification effect runs from service.", o.id, o.kind.words()),
                ));
                return;
            };
            let mut step = Step::new(
                rule,
                citation,
                text!(
                    "{}: a {} served on {served} and in force {until} keeps the person subject to notification while it is in force (relevant date: service, CONV-4; it extends any shorter period, CONV-5).",
                    o.id,
                    o.kind.words()
                ),
            );
            if let Some(k) = key {
                step.text.push_str(" The SHPO rule is taken from the SOPO rule (configuration: notification.shpo_notification_effect = true; section UNCONFIRMED in rules.md).");
                step = step.with_config(k);
            }
            steps.push(step);
            triggers.push(Trigger {
                event: served,
                period: periods.len(),
                rule,
                citation,
                what: text!("service of {}", o.id),
            });
            periods.push(NotificationPeriod {
                source: o.id.clone(),
                basis: PeriodBasis::OrderInForce,
                length: PeriodLength::WhileOrderInForce,
                starts: served,
                ends: o.ends,
                halved: false,
                discharged_on_review: false,
            });
        }
        OrderType::Sro | OrderType::InterimSro | OrderType::Rosho => {
            let (rule, citation, key) = if o.kind == OrderType::Rosho {
                ("LEG-2", cite::SOA_129, None)
            } else {
                (
                    "SRO-8",
                    cite::SOA_122I,
                    Some("notification.sro_breach_notification_effect"),
                )
            };
            if o.breach_convictions.is_empty() {
                return;
            }
            if key.is_some() && !n.sro_breach_notification_effect {
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
                        text!("{}: the breach conviction on {b} came after the order ended, so it adds no notification period.", o.id),
                    ));
                    continue;
                }
                let mut step = Step::new(
                    rule,
                    citation,
                    text!(
                        "{}: conviction on {b} for breach of a {} makes the person subject to notification for as long as the order has effect ({until}); the relevant date is {b}.",
                        o.id,
                        o.kind.words()
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
                periods.push(NotificationPeriod {
                    source: o.id.clone(),
                    basis: PeriodBasis::OrderBreach,
                    length: PeriodLength::WhileOrderInForce,
                    starts: *b,
                    ends: o.ends,
                    halved: false,
                    discharged_on_review: false,
                });
            }
        }
        OrderType::NotificationOrder => {
            if notification_order_linked(o, facts).is_some() {
                return; // carried by the foreign conviction
            }
            let starts = o.served.unwrap_or(o.made);
            steps.push(Step::new(
                "NO-2",
                cite::SOA_97,
                text!(
                    "{}: a notification order with no matching foreign conviction recorded; the person is treated as subject from {starts} while the order is recorded in force ({until}). Record the foreign conviction with notification_order_served to compute the s82 period.",
                    o.id
                ),
            ));
            triggers.push(Trigger {
                event: starts,
                period: periods.len(),
                rule: "NO-3",
                citation: cite::SOA_98_EN,
                what: text!("service of {}", o.id),
            });
            periods.push(NotificationPeriod {
                source: o.id.clone(),
                basis: PeriodBasis::NotificationOrder,
                length: PeriodLength::WhileOrderInForce,
                starts,
                ends: o.ends,
                halved: false,
                discharged_on_review: false,
            });
        }
        OrderType::Spo | OrderType::Dapo | OrderType::Fto => {}
    }
}

fn is_statutory_indefinite(p: &NotificationPeriod) -> bool {
    p.length == PeriodLength::Indefinite
        && matches!(
            p.basis,
            PeriodBasis::Disposal | PeriodBasis::NotificationOrder
        )
}

/// Applies discharges on review (EXIT-1): an indefinite requirement ends the
/// day before the offender receives notice of the discharge.
fn apply_review_discharges(
    facts: &Facts,
    periods: &mut [NotificationPeriod],
    steps: &mut Vec<Step>,
) {
    for r in facts
        .review_decisions
        .iter()
        .filter(|r| r.outcome == ReviewOutcome::Discharged)
    {
        for p in periods
            .iter_mut()
            .filter(|p| is_statutory_indefinite(p) && p.ends.is_none() && p.starts < r.date)
        {
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
}

/// Assesses the notification requirements.
pub fn assess_notification(
    facts: &Facts,
    config: &RulesConfig,
    unavailable: &[Interval],
) -> NotificationAssessment {
    // Sized for a typical record so the explanation does not regrow.
    let mut steps = Vec::with_capacity(8 + 4 * facts.disposals.len());
    let (mut periods, triggers) = periods(facts, config, &mut steps);
    apply_review_discharges(facts, &mut periods, &mut steps);

    // CONV-5: latest end wins; an open-ended period dominates.
    let subject = periods.iter().any(|p| p.covers(facts.as_of));
    let open = periods.iter().any(|p| p.ends.is_none());
    let ends = if open || periods.is_empty() {
        None
    } else {
        periods.iter().filter_map(|p| p.ends).max()
    };
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
        "CAT-1",
        cite::SOA_80,
        if subject {
            text!(
                "On {} the person is subject to the notification requirements.",
                facts.as_of
            )
        } else {
            text!(
                "On {} the person is not subject to the notification requirements.",
                facts.as_of
            )
        },
    ));

    let (initial_due, initial_due_status) =
        deadlines::initial_due(facts, &periods, &triggers, unavailable, &mut steps);
    let next_periodic_due = deadlines::next_periodic_due(
        facts,
        ends,
        open,
        periods.is_empty(),
        unavailable,
        &mut steps,
    );
    let (review_qualifying_date, review_further_qualifying_date) =
        review_dates(facts, config, &periods, &mut steps);

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

fn review_dates(
    facts: &Facts,
    config: &RulesConfig,
    periods: &[NotificationPeriod],
    steps: &mut Vec<Step>,
) -> (Option<Date>, Option<Date>) {
    let Some(p) = periods
        .iter()
        .filter(|p| is_statutory_indefinite(p) && !p.discharged_on_review)
        .max_by_key(|p| p.starts)
    else {
        return (None, None);
    };
    let relevant = p.starts;
    let under_18 = under_18_on(
        facts.date_of_birth,
        relevant,
        config.notification.leap_day_birthday,
    );
    let first = facts
        .notifications
        .iter()
        .filter(|n| n.date >= relevant && n.kind != NotificationKind::RegulationsOnly)
        .map(|n| n.date)
        .min();
    let Some(first) = first else {
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
    if facts.orders.iter().any(|o| {
        matches!(
            o.kind,
            OrderType::Shpo | OrderType::InterimShpo | OrderType::Sopo
        ) && o.made <= facts.as_of
            && o.ends.is_none_or(|e| e >= facts.as_of)
    }) {
        steps.push(Step::new(
            "REV-01",
            cite::SOA_91B,
            "An SHPO, interim SHPO or SOPO is in force, so the person is not a qualifying relevant offender while it lasts.",
        ));
    }

    let further = facts
        .review_decisions
        .iter()
        .filter(|r| r.outcome == ReviewOutcome::Continued && r.date >= relevant)
        .max_by_key(|r| r.date)
        .and_then(|r| {
            let max = config.notification.review_further_period_max_years;
            let years = r
                .further_review_years
                .and_then(|y| u8::try_from(y).ok())
                .unwrap_or(8)
                .min(max);
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
