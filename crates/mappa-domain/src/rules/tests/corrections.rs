//! Statutory cases worked out by hand from rules.md for the three corrections
//! of the law: an order on a person already subject (SHPO-5, NOTIF-12), one
//! harm-prevention order at a time (SHPO-8), and no discharge before the
//! qualifying date (REV-01, REV-03).

use jiff::civil::date;

use super::*;

/// Convicted on 6 January 2020 of a Schedule 3 offence with a community order
/// (5 years: 6 January 2020 to 5 January 2025), never in custody.
fn convicted_6_january_2020(as_of: Date) -> Facts {
    let mut f = person(date(1980, 4, 1), as_of);
    f.disposals.push(conviction("d1", date(2020, 1, 6), sentence(SentenceType::CommunityOrder)));
    f
}

fn step<'a>(steps: &'a [Step], rule: &str) -> &'a Step {
    steps.iter().find(|s| s.rule == rule).unwrap_or_else(|| panic!("no {rule} step in {:?}", rules_of(steps)))
}

#[test]
fn shpo_5_an_shpo_served_on_a_registered_offender_does_not_move_the_initial_notification() {
    // The example of the issue: initial notification due by 8 January; an SHPO
    // served on 13 January must not make it due by 15 January.
    let mut f = convicted_6_january_2020(date(2020, 2, 1));
    f.orders.push(order("o1", OrderType::Shpo, date(2020, 1, 13), Some(date(2020, 1, 13)), Some(date(2027, 1, 12))));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 8)));
    assert_eq!(a.notification.initial_due_status, InitialDueStatus::Due);
    let s = step(&a.notification.explanation, "SHPO-5");
    assert!(s.text.contains("already subject") && s.text.contains("d1"), "{}", s.text);
    assert!(s.text.contains("NOTIF-12"), "{}", s.text);
}

#[test]
fn shpo_5_an_order_made_at_sentence_and_served_later_is_not_a_new_relevant_date() {
    let mut f = convicted_6_january_2020(date(2020, 2, 1));
    f.notifications.push(notified(date(2020, 1, 7), NotificationKind::Initial));
    f.orders.push(order("o1", OrderType::Sopo, date(2020, 1, 6), Some(date(2020, 1, 20)), None));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 8)));
    // The periodic date runs from the notification actually made.
    assert_eq!(a.notification.next_periodic_due, Some(date(2021, 1, 7)));
    assert!(a.notification.indefinite, "the SOPO until further order keeps the person subject");
}

#[test]
fn shpo_5_an_existing_offender_stays_subject_until_the_later_of_their_period_and_the_order() {
    // Order ends after the person's own period: the order's end wins.
    let mut f = convicted_6_january_2020(date(2026, 6, 1));
    f.orders.push(order("o1", OrderType::Shpo, date(2021, 3, 1), Some(date(2021, 3, 2)), Some(date(2026, 12, 31))));
    let a = run(&f);
    assert_eq!(a.notification.ends, Some(date(2026, 12, 31)));
    assert!(a.notification.subject);
    assert_eq!(a.mappa.category, Some(1));
    // Order ends first: the person's own period wins.
    let mut f = convicted_6_january_2020(date(2024, 6, 1));
    f.orders.push(order("o1", OrderType::Shpo, date(2020, 2, 1), Some(date(2020, 2, 1)), Some(date(2023, 1, 31))));
    let a = run(&f);
    assert_eq!(a.notification.ends, Some(date(2025, 1, 5)));
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 8)));
}

#[test]
fn shpo_5_a_person_not_already_subject_is_still_made_subject_from_service() {
    // The conviction is not a Schedule 3 offence: the SHPO is the only trigger.
    let mut f = convicted_6_january_2020(date(2020, 2, 1));
    f.disposals[0].schedule_3 = false;
    f.orders.push(order("o1", OrderType::Shpo, date(2020, 1, 13), Some(date(2020, 1, 14)), None));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 16)));
    assert!(step(&a.notification.explanation, "SHPO-5").text.contains("not subject"));
}

#[test]
fn shpo_5_a_person_whose_own_period_ended_before_the_order_is_made_subject_afresh() {
    let mut f = convicted_6_january_2020(date(2026, 3, 1));
    f.orders.push(order("o1", OrderType::Shpo, date(2026, 1, 10), Some(date(2026, 1, 12)), None));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2026, 1, 14)));
}

#[test]
fn shpo_8_a_fixed_term_shpo_revokes_a_sopo_made_until_further_order() {
    // Notification rests only on the orders: a SOPO until further order, then
    // an SHPO for 5 years from 1 March 2016.
    let mut f = person(date(1975, 1, 1), date(2022, 1, 1));
    f.orders.push(order("sopo", OrderType::Sopo, date(2012, 5, 1), Some(date(2012, 5, 1)), None));
    f.orders.push(order("shpo", OrderType::Shpo, date(2016, 3, 1), Some(date(2016, 3, 2)), Some(date(2021, 2, 28))));
    let a = run(&f);
    assert!(!a.notification.subject);
    assert!(!a.notification.indefinite);
    assert_eq!(a.notification.ends, Some(date(2021, 2, 28)));
    assert_eq!(a.mappa.category, None);
    let sopo = &a.orders[0];
    assert!(!sopo.in_force);
    assert_eq!(sopo.ends, Some(date(2016, 2, 29)));
    assert!(step(&sopo.explanation, "SHPO-8").text.contains("shpo"));
    assert!(rules_of(&a.notification.explanation).contains(&"SHPO-8"));
    // The SHPO was made while the SOPO kept the person subject: no new
    // initial notification (SHPO-5), only the SOPO's.
    assert_eq!(a.notification.initial_due, Some(date(2012, 5, 3)));
}

#[test]
fn shpo_8_the_full_order_revokes_the_interim_one_and_only_one_is_in_force() {
    let mut f = person(date(1975, 1, 1), date(2020, 6, 1));
    f.orders.push(order("full", OrderType::Shpo, date(2020, 3, 1), Some(date(2020, 3, 1)), None));
    f.orders.push(order("interim", OrderType::InterimShpo, date(2020, 1, 10), Some(date(2020, 1, 10)), None));
    let a = run(&f);
    let in_force: Vec<&str> = a.orders.iter().filter(|o| o.in_force).map(|o| o.id.as_str()).collect();
    assert_eq!(in_force, vec!["full"]);
    assert_eq!(a.orders[1].ends, Some(date(2020, 2, 29)));
    // Subject from service of the interim order, without a new initial
    // notification when the full order was made.
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 12)));
    assert!(a.notification.subject);
}

#[test]
fn shpo_8_an_order_already_ended_is_not_revoked() {
    let mut f = person(date(1975, 1, 1), date(2020, 6, 1));
    f.orders.push(order("interim", OrderType::InterimShpo, date(2019, 1, 10), None, Some(date(2019, 6, 30))));
    f.orders.push(order("full", OrderType::Shpo, date(2020, 3, 1), Some(date(2020, 3, 1)), None));
    let a = run(&f);
    assert_eq!(a.orders[0].ends, Some(date(2019, 6, 30)));
    assert!(!rules_of(&a.orders[0].explanation).contains(&"SHPO-8"));
}

#[test]
fn shpo_8_a_revoked_order_no_longer_bars_a_review_application() {
    let mut f = person(date(1970, 1, 1), date(2028, 1, 1));
    f.disposals.push(conviction("d1", date(2010, 1, 10), sentence(SentenceType::Life)));
    f.notifications.push(notified(date(2012, 3, 1), NotificationKind::Initial));
    f.orders.push(order("o1", OrderType::Sopo, date(2011, 1, 1), Some(date(2011, 1, 1)), None));
    f.orders.push(order("o2", OrderType::Shpo, date(2016, 1, 1), Some(date(2016, 1, 1)), Some(date(2020, 12, 31))));
    let a = run(&f);
    assert!(!rules_of(&a.notification.explanation).contains(&"REV-01"));
}

fn indefinite_adult() -> Facts {
    // Life sentence on 10 January 2010; first notification 1 March 2012, so
    // the qualifying date is 1 March 2027 (REV-03, CONV-8).
    let mut f = person(date(1970, 1, 1), date(2028, 1, 1));
    f.disposals.push(conviction("d1", date(2010, 1, 10), sentence(SentenceType::Life)));
    f.notifications.push(notified(date(2012, 3, 1), NotificationKind::Initial));
    f
}

fn decision(on: Date, outcome: ReviewOutcome) -> ReviewDecision {
    ReviewDecision { date: on, outcome, further_review_years: None }
}

#[test]
fn rev_03_a_discharge_before_the_qualifying_date_has_no_effect_and_is_a_problem() {
    let mut f = indefinite_adult();
    f.review_decisions.push(decision(date(2027, 2, 28), ReviewOutcome::Discharged));
    let e = f.validate(&RulesConfig::default()).unwrap_err();
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].path, "review_decisions[0].date");
    assert!(e.problems[0].message.contains("REV-03"));
    let a = assess(&f, &RulesConfig::default());
    assert!(a.notification.subject);
    assert!(a.notification.indefinite);
    assert_eq!(a.notification.ends, None);
    assert!(!a.notification.periods[0].discharged_on_review);
    assert_eq!(a.notification.review_qualifying_date, Some(date(2027, 3, 1)));
    assert_eq!(a.mappa.category, Some(1));
    assert!(step(&a.notification.explanation, "REV-03").text.contains("has no effect"));
}

#[test]
fn rev_03_a_discharge_on_the_qualifying_date_ends_the_requirement() {
    let mut f = indefinite_adult();
    f.review_decisions.push(decision(date(2027, 3, 1), ReviewOutcome::Discharged));
    let a = run(&f);
    assert!(!a.notification.subject);
    assert_eq!(a.notification.ends, Some(date(2027, 2, 28)));
}

#[test]
fn rev_03_a_discharge_with_no_notification_since_the_relevant_date_has_no_effect() {
    let mut f = indefinite_adult();
    f.notifications.clear();
    f.review_decisions.push(decision(date(2027, 6, 1), ReviewOutcome::Discharged));
    assert!(f.validate(&RulesConfig::default()).is_err());
    assert!(assess(&f, &RulesConfig::default()).notification.subject);
}

#[test]
fn rev_04_after_a_decision_to_continue_a_discharge_waits_for_the_further_qualifying_date() {
    // Continued on 1 May 2027: the further qualifying date is 1 May 2035.
    let mut f = person(date(1970, 1, 1), date(2036, 1, 1));
    f.disposals = indefinite_adult().disposals;
    f.notifications = indefinite_adult().notifications;
    f.review_decisions.push(decision(date(2027, 5, 1), ReviewOutcome::Continued));
    f.review_decisions.push(decision(date(2030, 1, 1), ReviewOutcome::Discharged));
    assert_eq!(f.validate(&RulesConfig::default()).unwrap_err().problems[0].path, "review_decisions[1].date");
    assert!(assess(&f, &RulesConfig::default()).notification.subject);
    f.review_decisions[1].date = date(2035, 5, 1);
    assert!(!run(&f).notification.subject);
}
