//! Properties of the three corrections of the law: an order on a person
//! already subject moves nothing (SHPO-5), one harm-prevention order is in
//! force at a time (SHPO-8), and a discharge that validation names has no
//! effect (REV-01, REV-03).

use jiff::civil::Date;
use proptest::prelude::*;

use super::properties::{add_days_opt, arb_date, arb_facts};
use super::*;

/// The latest day of any event that can start a period or a deadline.
fn latest_event(f: &Facts) -> Option<Date> {
    let disposals = f.disposals.iter().map(|d| d.date);
    let foreign = f.foreign_convictions.iter().flat_map(|c| [Some(c.date), c.notification_order_served]).flatten();
    let orders =
        f.orders.iter().flat_map(|o| [o.made].into_iter().chain(o.served).chain(o.breach_convictions.iter().copied()));
    disposals.chain(foreign).chain(orders).max()
}

/// The notification result without its explanation.
fn outcome(n: &NotificationAssessment) -> impl PartialEq + std::fmt::Debug + use<> {
    let periods: Vec<_> =
        n.periods.iter().map(|p| (p.source.clone(), p.starts, p.ends, p.discharged_on_review)).collect();
    (n.subject, n.indefinite, n.ends, n.initial_due, n.initial_due_status, n.next_periodic_due, periods)
}

/// Facts with an indefinite requirement and a notification after it, and a
/// discharge on a random day: about half fall before the qualifying date.
fn arb_discharge_case() -> impl Strategy<Value = Facts> {
    (arb_facts(), arb_date(1990, 2030), 0i64..400, arb_date(1995, 2040)).prop_map(|(mut f, on, gap, decided)| {
        f.disposals.push(conviction("life", on, sentence(SentenceType::Life)));
        if let Some(n) = add_days_opt(on, gap) {
            f.notifications.push(notified(n, NotificationKind::Initial));
        }
        f.review_decisions.push(ReviewDecision {
            date: decided,
            outcome: ReviewOutcome::Discharged,
            further_review_years: None,
        });
        f
    })
}

fn names_the_discharge(f: &Facts, cfg: &RulesConfig) -> bool {
    f.validate(cfg).is_err_and(|e| e.problems.iter().any(|p| p.path.starts_with("review_decisions")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn shpo_5_an_order_on_a_person_already_subject_moves_no_deadline(
        f in arb_facts(),
        kind in prop_oneof![Just(OrderType::Shpo), Just(OrderType::InterimShpo), Just(OrderType::Sopo)],
        after in 0i64..2000,
        served in proptest::option::of(0i64..30),
        lasts in proptest::option::of(0i64..4000),
    ) {
        let cfg = RulesConfig::default();
        let mut f = f;
        f.orders.retain(|o| !o.kind.is_harm_prevention());
        prop_assume!(f.validate(&cfg).is_ok());
        let Some(made) = latest_event(&f).and_then(|d| add_days_opt(d, after)) else { return Ok(()) };
        let before = assess(&f, &cfg).notification;
        prop_assume!(before.periods.iter().any(|p| p.starts <= made && p.covers(made)));
        let served = served.and_then(|n| add_days_opt(made, n));
        let ends = lasts.and_then(|n| add_days_opt(served.unwrap_or(made), n));
        f.orders.push(Order {
            id: "shpo".into(), kind, made, served, ends,
            foreign_travel_prohibition_ends: None, breach_convictions: vec![],
        });
        prop_assume!(f.validate(&cfg).is_ok());
        let after = assess(&f, &cfg).notification;
        prop_assert_eq!(after.initial_due, before.initial_due);
        prop_assert_eq!(after.initial_due_status, before.initial_due_status);
        // A periodic date already due stays; one may newly fall due because
        // the order keeps the person subject for longer.
        if before.next_periodic_due.is_some() {
            prop_assert_eq!(after.next_periodic_due, before.next_periodic_due);
        }
        prop_assert_eq!(after.review_qualifying_date, before.review_qualifying_date);
        // Subject until the later of their own period and the order.
        let later = match (before.indefinite, before.ends, ends) {
            (true, _, _) | (_, _, None) => None,
            (false, Some(b), Some(e)) => Some(b.max(e)),
            (false, None, Some(e)) => Some(e),
        };
        prop_assert_eq!(after.ends, later);
        prop_assert!(after.explanation.iter().any(|s| s.rule == "SHPO-5" && s.text.contains("already subject")));
    }

    #[test]
    fn shpo_8_at_most_one_harm_prevention_order_is_in_force(f in arb_facts(), on in arb_date(1990, 2050)) {
        let mut f = f;
        f.as_of = on;
        let a = assess(&f, &RulesConfig::default());
        let in_force = a.orders.iter().filter(|o| o.in_force && o.kind.is_harm_prevention()).count();
        prop_assert!(in_force <= 1, "{in_force} in force");
    }

    #[test]
    fn rev_03_a_discharge_that_validation_names_changes_nothing(f in arb_discharge_case()) {
        let cfg = RulesConfig::default();
        let mut without = f.clone();
        without.review_decisions.clear();
        prop_assume!(without.validate(&cfg).is_ok());
        let with = assess(&f, &cfg).notification;
        if names_the_discharge(&f, &cfg) {
            prop_assert_eq!(outcome(&with), outcome(&assess(&without, &cfg).notification));
            prop_assert!(with.explanation.iter().any(|s| s.rule == "REV-03" && s.text.contains("no effect")));
        } else {
            // Accepted: it was on or after the qualifying date, so any
            // indefinite requirement begun before it is discharged.
            let q = assess(&without, &cfg).notification.review_qualifying_date;
            let d = f.review_decisions[0].date;
            for p in with.periods.iter().filter(|p| p.length == PeriodLength::Indefinite && p.starts < d) {
                prop_assert!(p.discharged_on_review, "{:?} before {d}, qualifying {q:?}", p.source);
            }
        }
    }
}

/// Guards the discharge property against vacuity: both branches are taken.
#[test]
fn generated_discharges_fall_both_sides_of_the_qualifying_date() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let cfg = RulesConfig::default();
    let mut runner = TestRunner::deterministic();
    let strategy = arb_discharge_case();
    let (mut named, mut accepted) = (0, 0);
    for _ in 0..400 {
        let f = strategy.new_tree(&mut runner).unwrap().current();
        let mut without = f.clone();
        without.review_decisions.clear();
        if without.validate(&cfg).is_err() {
            continue;
        }
        if names_the_discharge(&f, &cfg) { named += 1 } else { accepted += 1 }
    }
    assert!(named >= 40 && accepted >= 40, "{named} named, {accepted} accepted");
}
