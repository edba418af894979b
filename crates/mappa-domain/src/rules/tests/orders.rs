//! Each order type (rules.md §4): minimum/maximum ends, travel prohibitions,
//! notification effect and the order's own notification deadline.

use jiff::civil::date;

use super::*;

fn one_order(o: Order) -> Assessment {
    let mut f = adult();
    f.orders.push(o);
    run(&f)
}

#[test]
fn shpo_2_minimum_five_years_from_making() {
    let a = one_order(order("o1", OrderType::Shpo, date(2020, 1, 1), Some(date(2020, 1, 3)), None));
    let o = &a.orders[0];
    assert_eq!(o.earliest_end, Some(date(2024, 12, 31)));
    assert_eq!(o.ends, None);
    assert!(o.in_force);
    assert!(o.makes_subject_to_notification);
}

#[test]
fn shpo_5_makes_a_person_not_otherwise_subject_subject_from_service() {
    let a = one_order(order("o1", OrderType::Shpo, date(2020, 1, 1), Some(date(2020, 1, 3)), None));
    let n = &a.notification;
    assert!(n.subject);
    assert!(n.indefinite);
    assert_eq!(n.ends, None);
    assert_eq!(n.periods[0].basis, PeriodBasis::OrderInForce);
    assert_eq!(n.periods[0].starts, date(2020, 1, 3));
    assert_eq!(n.periods[0].length.iso(), "while_order_in_force");
    assert_eq!(n.initial_due, Some(date(2020, 1, 5)));
    let step = n.explanation.iter().find(|s| s.rule == "SHPO-5").unwrap();
    assert_eq!(step.configuration, vec!["notification.shpo_notification_effect"]);
}

#[test]
fn conv_5_shpo_in_force_extends_a_shorter_period() {
    let mut f = adult();
    let mut c = conviction("c1", date(2020, 1, 10), sentence(SentenceType::None));
    c.kind = DisposalKind::Caution;
    f.disposals.push(c);
    f.orders.push(order("o1", OrderType::Shpo, date(2020, 1, 10), Some(date(2020, 1, 10)), Some(date(2026, 1, 9))));
    let a = run(&f);
    assert_eq!(a.notification.ends, Some(date(2026, 1, 9)));
    assert!(a.notification.subject);
}

#[test]
fn shpo_3_foreign_travel_prohibition_max_and_renewal() {
    let mut o = order("o1", OrderType::Shpo, date(2020, 1, 1), Some(date(2020, 1, 1)), None);
    o.foreign_travel_prohibition_ends = Some(date(2024, 12, 31));
    let a = one_order(o);
    let o = &a.orders[0];
    assert_eq!(o.foreign_travel_prohibition_ends, Some(date(2024, 12, 31)));
    assert_eq!(o.foreign_travel_prohibition_max_end, Some(date(2024, 12, 31)));
    let step = o.explanation.iter().find(|s| s.rule == "SHPO-3").unwrap();
    assert!(step.text.contains("2029-12-31"), "{}", step.text);
    assert_eq!(foreign_travel_renewal_max_end(date(2024, 12, 31), 60), Some(date(2029, 12, 31)));
}

#[test]
fn shpo_6_interim_shpo_has_no_minimum_but_notification_effect() {
    let a = one_order(order(
        "o1",
        OrderType::InterimShpo,
        date(2024, 1, 1),
        Some(date(2024, 1, 1)),
        Some(date(2024, 7, 1)),
    ));
    let o = &a.orders[0];
    assert_eq!(o.earliest_end, None);
    assert!(o.makes_subject_to_notification);
    assert!(o.explanation[0].configuration.contains(&"orders.interim_shpo_minimum_months"));
    assert_eq!(a.notification.ends, Some(date(2024, 7, 1)));
}

#[test]
fn leg_1_sopo_minimum_five_years() {
    let a = one_order(order("o1", OrderType::Sopo, date(2010, 5, 1), Some(date(2010, 5, 1)), None));
    assert_eq!(a.orders[0].earliest_end, Some(date(2015, 4, 30)));
    assert!(a.notification.subject);
}

#[test]
fn sro_3_minimum_two_years_from_configuration_and_sro_5_notification() {
    let a = one_order(order("o1", OrderType::Sro, date(2020, 1, 1), None, Some(date(2023, 12, 31))));
    let o = &a.orders[0];
    assert_eq!(o.earliest_end, Some(date(2021, 12, 31)));
    assert_eq!(o.explanation[0].configuration, vec!["orders.sro_minimum_months"]);
    assert!(!o.makes_subject_to_notification);
    assert_eq!(o.notification_due, Some(date(2020, 1, 3)));
    assert!(a.notification.periods.is_empty());
}

#[test]
fn sro_8_breach_conviction_makes_subject_while_the_order_lasts() {
    let mut o = order("o1", OrderType::Sro, date(2020, 1, 1), Some(date(2020, 1, 1)), Some(date(2023, 12, 31)));
    o.breach_convictions = vec![date(2021, 6, 1)];
    let mut f = person(date(1990, 5, 1), date(2022, 1, 1));
    f.orders.push(o);
    let a = run(&f);
    assert!(a.orders[0].makes_subject_to_notification);
    let p = &a.notification.periods[0];
    assert_eq!(p.basis, PeriodBasis::OrderBreach);
    assert_eq!((p.starts, p.ends), (date(2021, 6, 1), Some(date(2023, 12, 31))));
    assert!(a.notification.subject);
    assert_eq!(a.notification.initial_due, Some(date(2021, 6, 3)));
    assert_eq!(a.mappa.category, Some(1));
}

#[test]
fn sro_8_breach_after_the_order_ended_adds_nothing() {
    let mut o = order("o1", OrderType::Sro, date(2020, 1, 1), None, Some(date(2022, 1, 1)));
    o.breach_convictions = vec![date(2022, 3, 1)];
    let a = one_order(o);
    assert!(a.notification.periods.is_empty());
}

#[test]
fn sro_3_interim_sro_has_no_minimum() {
    let a = one_order(order("o1", OrderType::InterimSro, date(2024, 1, 1), Some(date(2024, 1, 2)), None));
    assert_eq!(a.orders[0].earliest_end, None);
    assert_eq!(a.orders[0].notification_due, Some(date(2024, 1, 4)));
}

#[test]
fn sro_4_foreign_travel_prohibition_max_from_configuration() {
    let mut o = order("o1", OrderType::Sro, date(2020, 3, 1), None, None);
    o.foreign_travel_prohibition_ends = Some(date(2023, 2, 28));
    let a = one_order(o);
    assert_eq!(a.orders[0].foreign_travel_prohibition_max_end, Some(date(2025, 2, 28)));
    assert!(
        a.orders[0].explanation.iter().any(|s| { s.configuration.contains(&"orders.sro_foreign_travel_max_months") })
    );
}

#[test]
fn spo_1_minimum_two_years_and_notification_within_three_days_of_service() {
    let a = one_order(order("o1", OrderType::Spo, date(2021, 1, 1), Some(date(2021, 1, 5)), None));
    let o = &a.orders[0];
    assert_eq!(o.earliest_end, Some(date(2022, 12, 31)));
    assert_eq!(o.notification_due, Some(date(2021, 1, 7)));
    assert!(!o.makes_subject_to_notification);
}

#[test]
fn dapo_1_no_minimum_and_notification_unless_already_subject() {
    let a = one_order(order("o1", OrderType::Dapo, date(2022, 2, 1), None, None));
    assert_eq!(a.orders[0].earliest_end, None);
    assert_eq!(a.orders[0].notification_due, Some(date(2022, 2, 3)));
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2019, 3, 4), months(SentenceType::Imprisonment, 24)));
    f.orders.push(order("o1", OrderType::Dapo, date(2022, 2, 1), None, None));
    let a = run(&f);
    assert_eq!(a.orders[0].notification_due, None);
}

#[test]
fn leg_2_rosho_minimum_from_configuration_and_breach_effect() {
    let mut o = order("o1", OrderType::Rosho, date(2012, 1, 1), None, Some(date(2016, 12, 31)));
    o.breach_convictions = vec![date(2012, 6, 1)];
    let mut f = person(date(1990, 5, 1), date(2014, 1, 1));
    f.orders.push(o);
    let a = run(&f);
    assert_eq!(a.orders[0].earliest_end, Some(date(2013, 12, 31)));
    assert!(a.orders[0].makes_subject_to_notification);
    assert_eq!(a.notification.ends, Some(date(2016, 12, 31)));
}

#[test]
fn leg_3_fto_maximum_six_months_before_2009_then_configuration() {
    let a = one_order(order("o1", OrderType::Fto, date(2008, 1, 15), None, Some(date(2008, 7, 14))));
    assert_eq!(a.orders[0].latest_end, Some(date(2008, 7, 14)));
    assert_eq!(a.orders[0].earliest_end, None);
    let a = one_order(order("o1", OrderType::Fto, date(2010, 1, 15), None, None));
    assert_eq!(a.orders[0].latest_end, Some(date(2015, 1, 14)));
    assert!(
        a.orders[0].explanation.iter().any(|s| { s.configuration.contains(&"orders.fto_max_months_after_amendment") })
    );
}

#[test]
fn shpo_2_recorded_end_before_minimum_is_flagged() {
    let a = one_order(order("o1", OrderType::Shpo, date(2020, 1, 1), Some(date(2020, 1, 1)), Some(date(2022, 1, 1))));
    assert!(a.orders[0].explanation.iter().any(|s| s.text.contains("before the statutory minimum")));
    assert!(!a.orders[0].in_force);
}
