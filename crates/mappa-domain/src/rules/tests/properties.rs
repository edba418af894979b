//! Property tests: ends never precede starts, custody never brings a deadline
//! forward, indefinite periods dominate and are never halved, and the engine
//! never panics on any facts.

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;

pub(super) fn arb_date(from: i16, to: i16) -> impl Strategy<Value = Date> {
    (from..to, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap_or(date(y, m, 28)))
}

fn arb_interval() -> impl Strategy<Value = Interval> {
    (arb_date(1990, 2040), proptest::option::weighted(0.9, 0i64..800))
        .prop_map(|(from, len)| Interval::new(from, len.and_then(|n| add_days_opt(from, n))))
}

pub(super) fn add_days_opt(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().days(n)).ok()
}

const KINDS: [SentenceType; 14] = [
    SentenceType::Life,
    SentenceType::Ipp,
    SentenceType::Imprisonment,
    SentenceType::SuspendedImprisonment,
    SentenceType::Detention,
    SentenceType::Dto,
    SentenceType::HospitalOrder,
    SentenceType::HospitalOrderWithRestriction,
    SentenceType::GuardianshipOrder,
    SentenceType::ConditionalDischarge,
    SentenceType::AbsoluteDischarge,
    SentenceType::CommunityOrder,
    SentenceType::Fine,
    SentenceType::None,
];

fn arb_sentence() -> impl Strategy<Value = Sentence> {
    (0usize..KINDS.len(), 1i64..80, 1i64..37, proptest::bool::weighted(0.2), proptest::option::of(arb_date(1990, 2045)))
        .prop_map(|(k, term, period, in_days, order_ends)| {
            let kind = KINDS[k];
            let mut s = Sentence { kind, ..Sentence::default() };
            if kind.has_term() {
                if in_days {
                    s.term_days = Some(term * 15);
                } else {
                    s.term_months = Some(term);
                }
            }
            if kind == SentenceType::ConditionalDischarge {
                s.period_months = Some(period);
            }
            if matches!(kind, SentenceType::HospitalOrder | SentenceType::GuardianshipOrder) {
                s.order_ends = order_ends;
            }
            s
        })
}

fn arb_disposal() -> impl Strategy<Value = Disposal> {
    (0u8..4, arb_date(1990, 2040), any::<[bool; 4]>(), arb_sentence()).prop_map(|(k, on, flags, s)| {
        let kind = match k {
            0 | 1 => DisposalKind::Conviction,
            2 => DisposalKind::Caution,
            _ => DisposalKind::InsanityFinding,
        };
        let s = match kind {
            DisposalKind::Caution => Sentence::default(),
            DisposalKind::InsanityFinding => sentence(SentenceType::HospitalOrderWithRestriction),
            _ => s,
        };
        Disposal {
            id: String::new(),
            kind,
            date: on,
            schedule_3: flags[0],
            schedule_15: flags[1],
            murder: flags[2],
            terrorism: flags[3],
            sentence: s,
        }
    })
}

const ORDER_TYPES: [OrderType; 12] = [
    OrderType::Shpo,
    OrderType::InterimShpo,
    OrderType::Sopo,
    OrderType::InterimSopo,
    OrderType::Sro,
    OrderType::InterimSro,
    OrderType::Spo,
    OrderType::Dapo,
    OrderType::Rosho,
    OrderType::Fto,
    OrderType::NotificationOrder,
    OrderType::InterimNotificationOrder,
];

fn arb_order() -> impl Strategy<Value = Order> {
    (
        0usize..ORDER_TYPES.len(),
        arb_date(1990, 2040),
        proptest::option::of(0i64..30),
        proptest::option::of(0i64..4000),
        proptest::option::of(0i64..2000),
        proptest::collection::vec(0i64..2000, 0..2),
    )
        .prop_map(|(k, made, served, ends, ftp, breaches)| {
            let kind = ORDER_TYPES[k];
            let ftp_ok = matches!(
                kind,
                OrderType::Shpo
                    | OrderType::InterimShpo
                    | OrderType::Sro
                    | OrderType::InterimSro
                    | OrderType::Sopo
                    | OrderType::Fto
            );
            let served = served.and_then(|n| add_days_opt(made, n));
            Order {
                id: String::new(),
                kind,
                made,
                served,
                ends: ends.and_then(|n| add_days_opt(served.unwrap_or(made), n)),
                foreign_travel_prohibition_ends: if ftp_ok { ftp.and_then(|n| add_days_opt(made, n)) } else { None },
                breach_convictions: breaches.into_iter().filter_map(|n| add_days_opt(made, n)).collect(),
            }
        })
}

pub(super) fn arb_facts() -> impl Strategy<Value = Facts> {
    (
        arb_date(1950, 1990),
        arb_date(2040, 2050),
        proptest::collection::vec(arb_disposal(), 0..4),
        proptest::collection::vec(arb_order(), 0..3),
        proptest::collection::vec(arb_interval(), 0..3),
        proptest::collection::vec(arb_interval(), 0..2),
        proptest::collection::vec((arb_date(1990, 2040), 0u8..4), 0..4),
        any::<bool>(),
        proptest::option::of(arb_date(1990, 2050)),
        proptest::collection::vec(
            (arb_date(1990, 2040), 0u8..4, arb_sentence(), proptest::option::of(0i64..4000)),
            0..2,
        ),
    )
        .prop_map(|(dob, as_of, mut ds, mut os, custody, abroad, notes, nfa, led, foreign)| {
            for (i, d) in ds.iter_mut().enumerate() {
                d.id = format!("d{i}");
            }
            // Link the second custodial term to the first now and then.
            if ds.len() > 1
                && ds[0].sentence.kind.has_term()
                && ds[1].sentence.kind.has_term()
                && ds[1].date.day() % 2 == 0
            {
                ds[1].sentence.consecutive_to = Some("d0".to_string());
            }
            for (i, o) in os.iter_mut().enumerate() {
                o.id = format!("o{i}");
            }
            let kinds = [
                NotificationKind::Initial,
                NotificationKind::Change,
                NotificationKind::Periodic,
                NotificationKind::RegulationsOnly,
            ];
            Facts {
                as_of,
                date_of_birth: dob,
                disposals: ds,
                foreign_convictions: foreign
                    .into_iter()
                    .enumerate()
                    .map(|(i, (on, k, s, served))| ForeignConviction {
                        id: format!("f{i}"),
                        kind: if k == 0 { DisposalKind::Caution } else { DisposalKind::Conviction },
                        date: on,
                        equivalent_sentence: if k == 0 { Sentence::default() } else { s },
                        notification_order_served: served.and_then(|n| add_days_opt(on, n)),
                    })
                    .collect(),
                orders: os,
                custody,
                hospital: vec![],
                abroad,
                notifications: notes.into_iter().map(|(d, k)| notified(d, kinds[usize::from(k)])).collect(),
                no_fixed_abode: nfa,
                licence: led.map(|l| Licence { led: Some(l), sed: None }),
                category_3_decision: None,
                review_decisions: vec![],
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn conv_2_end_date_never_before_start(start in arb_date(1800, 2200), m in 1u32..=1200) {
        let end = period_last_day(start, m).unwrap();
        prop_assert!(end >= start);
    }

    #[test]
    fn conv_6_adding_custody_never_makes_a_deadline_earlier(
        event in arb_date(1990, 2040),
        away in proptest::collection::vec(arb_interval(), 0..4),
        extra in arb_interval(),
    ) {
        let before = nth_counted_day(event, 3, &away);
        let mut more = away.clone();
        more.push(extra);
        let after = nth_counted_day(event, 3, &more);
        // None (not yet fixed) is later than any date.
        match (before, after) {
            (Some(b), Some(a)) => prop_assert!(a >= b),
            (None, Some(_)) => prop_assert!(false, "custody made an unfixed deadline fixed"),
            _ => {}
        }
        // The same holds for the periodic deadline.
        let p0 = periodic_notification_due(event, false, &away).value;
        let p1 = periodic_notification_due(event, false, &more).value;
        if let (Some(b), Some(a)) = (p0, p1) { prop_assert!(a >= b); }
        prop_assert!(!(p0.is_none() && p1.is_some()));
    }

    #[test]
    fn conv_5_an_indefinite_period_dominates(f in arb_facts(), on in arb_date(1990, 2040)) {
        let mut f = f;
        f.disposals.push(conviction("life", on, sentence(SentenceType::Life)));
        let a = assess(&f, &RulesConfig::default());
        prop_assert!(a.notification.indefinite);
        prop_assert_eq!(a.notification.ends, None);
        prop_assert!(a.notification.subject || on > f.as_of);
    }

    #[test]
    fn conv_3_halving_never_applies_to_indefinite_periods(
        dob in arb_date(1990, 2010),
        on in arb_date(1995, 2030),
        k in 0usize..4,
        term in 30i64..200,
    ) {
        let s = match k {
            0 => sentence(SentenceType::Life),
            1 => sentence(SentenceType::Ipp),
            2 => sentence(SentenceType::HospitalOrderWithRestriction),
            _ => months(SentenceType::Imprisonment, term),
        };
        let p = s82_period("d", DisposalKind::Conviction, &s, Term::of(&s), on, dob, &RulesConfig::default());
        prop_assert_eq!(p.length, Some(PeriodLength::Indefinite));
        prop_assert!(!p.halved);
    }

    #[test]
    fn random_facts_never_panic_and_valid_ones_are_consistent(f in arb_facts()) {
        let cfg = RulesConfig::default();
        // Never panics, valid or not.
        let a = assess(&f, &cfg);
        let json = serde_json::to_string(&a).unwrap();
        prop_assert!(json.contains("\"notification\""));
        if f.validate(&RulesConfig::default()).is_ok() {
            for p in &a.notification.periods {
                if let Some(e) = p.ends { prop_assert!(e >= p.starts, "period ends before it starts"); }
            }
            prop_assert_eq!(a.notification.subject, a.notification.periods.iter().any(|p| p.covers(f.as_of)));
            if a.notification.subject { prop_assert_eq!(a.mappa.category, Some(1)); }
            for o in &a.orders {
                if let (Some(e), Some(s)) = (o.earliest_end, f.orders.iter().find(|x| x.id == o.id).map(|x| x.made)) {
                    prop_assert!(e >= s);
                }
            }
            // Round trip: the facts parse back to themselves.
            let back = Facts::from_json(&serde_json::to_string(&f).unwrap(), &RulesConfig::default());
            prop_assert_eq!(back.as_ref().ok(), Some(&f));
        }
    }

    #[test]
    fn conv_6_extra_custody_never_brings_assessed_deadlines_forward(f in arb_facts(), extra in arb_interval()) {
        let cfg = RulesConfig::default();
        let before = assess(&f, &cfg).notification;
        let mut more = f.clone();
        more.custody.push(extra);
        let after = assess(&more, &cfg).notification;
        if let (Some(b), Some(a)) = (before.initial_due, after.initial_due) {
            prop_assert!(a >= b);
        }
        if let (Some(b), Some(a)) = (before.next_periodic_due, after.next_periodic_due) {
            prop_assert!(a >= b);
        }
    }

    #[test]
    fn conv_3_assessed_halving_only_ever_applies_to_finite_periods(f in arb_facts()) {
        let a = assess(&f, &RulesConfig::default());
        for p in &a.notification.periods {
            if p.halved {
                prop_assert!(matches!(p.length, PeriodLength::Months(_)));
            }
        }
    }

    #[test]
    fn from_json_never_panics_on_arbitrary_text(s in ".{0,200}") {
        let _ = Facts::from_json(&s, &RulesConfig::default());
    }
}

/// Guards the property tests against vacuity: a fair share of generated facts
/// must be valid.
#[test]
fn generated_facts_are_often_valid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = arb_facts();
    let mut valid = 0;
    for _ in 0..400 {
        let f = strategy.new_tree(&mut runner).unwrap().current();
        if f.validate(&RulesConfig::default()).is_ok() {
            valid += 1;
        }
    }
    assert!(valid >= 100, "only {valid} of 400 generated facts were valid");
}
