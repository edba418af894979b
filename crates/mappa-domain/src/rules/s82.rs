//! The s82 table (rules.md §3.2; NOTIF-01..03, CONV-3): the notification
//! period for one disposal, with halving for under-18s and aggregation of
//! consecutive terms.

use jiff::civil::Date;

use super::assessment::PeriodLength;
use super::config::{RulesConfig, SuspendedSentenceRow};
use super::dates::{add_days, add_months, age_on, words_months};
use super::explanation::{Step, cite, text};
use super::facts::{Disposal, DisposalKind, Facts, Sentence, SentenceType};

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
        Term { months: self.months.saturating_add(other.months), days: self.days.saturating_add(other.days) }
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
    let custodial = |what: &str, term: Option<Term>, steps: &mut Vec<Step>| -> Option<PeriodLength> {
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
                    text!("{label}: {}, so the notification period is indefinite.", sentence.kind.words()),
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
                    text!("{label}: {} is treated as imprisonment for the s82 table.", sentence.kind.words()),
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
                let m = sentence.period_months.and_then(|m| u32::try_from(m).ok()).filter(|m| *m > 0);
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
                            text!(
                                "{label}: a conditional discharge without a recorded period: no period can be computed."
                            ),
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
            T::GuardianshipOrder | T::CommunityOrder | T::Fine | T::None => other(&mut steps, sentence.kind.words()),
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
    S82Period { length, halved, steps }
}

/// The aggregate term of all Sch. 3 custodial disposals linked to `d` by
/// `consecutive_to`, in either direction (s82(3)-(4)).
pub(crate) fn aggregate_term(d: &Disposal, facts: &Facts) -> (Option<Term>, Vec<String>) {
    let own = Term::of(&d.sentence);
    let linked = |a: &Disposal, b: &Disposal| {
        a.sentence.consecutive_to.as_deref() == Some(b.id.as_str())
            || b.sentence.consecutive_to.as_deref() == Some(a.id.as_str())
    };
    let eligible = |x: &Disposal| x.schedule_3 && x.kind == DisposalKind::Conviction && x.sentence.kind.has_term();
    if !eligible(d) || own.is_none() {
        return (own, Vec::new());
    }
    // Records hold a handful of disposals: a linear scan beats hashing.
    let mut stack = vec![d];
    let mut members = vec![d];
    while let Some(cur) = stack.pop() {
        for other in facts.disposals.iter().filter(|o| eligible(o) && linked(cur, o)) {
            if !members.iter().any(|m| m.id == other.id) {
                stack.push(other);
                members.push(other);
            }
        }
    }
    if members.len() == 1 {
        return (own, Vec::new());
    }
    let total = members.iter().filter_map(|m| Term::of(&m.sentence)).fold(Term::default(), Term::plus);
    let mut ids: Vec<String> = members.iter().map(|m| m.id.clone()).collect();
    ids.sort();
    (Some(total), ids)
}
