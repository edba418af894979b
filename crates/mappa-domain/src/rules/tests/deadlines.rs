//! Initial (NOTIF-10..12), periodic (NOTIF-30..32) and notification-order
//! (NO-3) deadlines through `assess`, with hand-worked dates.

use jiff::civil::date;

use super::*;

fn worked_example() -> Facts {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2019, 3, 4), months(SentenceType::Imprisonment, 24)));
    f.custody.push(Interval::new(date(2019, 3, 4), Some(date(2020, 6, 1))));
    f.notifications.push(notified(date(2020, 6, 2), NotificationKind::Initial));
    f
}

#[test]
fn conv_worked_example_holds() {
    let a = run(&worked_example());
    let n = &a.notification;
    assert!(n.subject);
    assert!(!n.indefinite);
    assert_eq!(n.ends, Some(date(2029, 3, 3)));
    assert_eq!(n.periods[0].length.iso(), "P10Y");
    assert_eq!(n.periods[0].starts, date(2019, 3, 4));
    assert_eq!(n.initial_due, Some(date(2020, 6, 3)));
    assert_eq!(n.initial_due_status, InitialDueStatus::Due);
    assert_eq!(n.next_periodic_due, Some(date(2021, 6, 2)));
    assert_eq!(n.review_qualifying_date, None);
    let away = n.explanation.iter().find(|s| s.rule == "NOTIF-11").unwrap();
    assert!(away.text.contains("custody from 2019-03-04 (released 2020-06-01)"), "{}", away.text);
    // On 2025-01-15 the 2021 periodic notification is long past: flagged.
    assert!(rules_of(&n.explanation).contains(&"NOTIF-50"));
}

#[test]
fn notif_10_initial_due_three_days_beginning_with_conviction() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2024, 2, 28), sentence(SentenceType::CommunityOrder)));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2024, 3, 1)));
    assert!(rules_of(&a.notification.explanation).contains(&"NOTIF-10"));
}

#[test]
fn notif_11_hospital_and_abroad_days_are_not_counted() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2024, 5, 1), sentence(SentenceType::HospitalOrder)));
    // Detained in hospital from the day of conviction until 2024-06-10, then
    // abroad 2024-06-11, back 2024-06-20. Counted days: 06-10, 06-20, 06-21.
    f.hospital.push(Interval::new(date(2024, 5, 1), Some(date(2024, 6, 10))));
    f.abroad.push(Interval::new(date(2024, 6, 11), Some(date(2024, 6, 20))));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2024, 6, 21)));
    assert!(rules_of(&a.notification.explanation).contains(&"NOTIF-11"));
}

#[test]
fn notif_11_still_in_custody_awaits_release() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2024, 5, 1), months(SentenceType::Imprisonment, 40)));
    f.custody.push(Interval::new(date(2024, 5, 1), None));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, None);
    assert_eq!(a.notification.initial_due_status, InitialDueStatus::AwaitingRelease);
}

#[test]
fn notif_11_custody_ending_on_the_due_date() {
    // Convicted 2024-05-01 (day 1), remanded 2024-05-02, released 2024-05-03 (the
    // plain due date): counted days 05-01, 05-03, 05-04.
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2024, 5, 1), months(SentenceType::Imprisonment, 3)));
    f.custody.push(Interval::new(date(2024, 5, 2), Some(date(2024, 5, 3))));
    assert_eq!(run(&f).notification.initial_due, Some(date(2024, 5, 4)));
}

#[test]
fn notif_12_already_subject_and_notified_is_exempt() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2015, 1, 5), months(SentenceType::Imprisonment, 36)));
    f.notifications.push(notified(date(2015, 1, 6), NotificationKind::Initial));
    f.disposals.push(conviction("d2", date(2020, 1, 1), sentence(SentenceType::Fine)));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, None);
    assert_eq!(a.notification.initial_due_status, InitialDueStatus::Exempt);
    assert!(rules_of(&a.notification.explanation).contains(&"NOTIF-12"));
}

#[test]
fn notif_12_not_exempt_without_an_earlier_notification() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2015, 1, 5), months(SentenceType::Imprisonment, 36)));
    f.disposals.push(conviction("d2", date(2020, 1, 1), sentence(SentenceType::Fine)));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 3)));
}

#[test]
fn notif_12_not_exempt_when_earlier_period_ends_within_the_three_days() {
    // d1 (caution 2018-01-02) ends 2020-01-01; d2 on 2020-01-01.
    let mut f = adult();
    let mut c = conviction("c1", date(2018, 1, 2), sentence(SentenceType::None));
    c.kind = DisposalKind::Caution;
    f.disposals.push(c);
    f.notifications.push(notified(date(2018, 1, 3), NotificationKind::Initial));
    f.disposals.push(conviction("d2", date(2020, 1, 1), sentence(SentenceType::Fine)));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2020, 1, 3)));
    assert_eq!(a.notification.initial_due_status, InitialDueStatus::Due);
}

#[test]
fn notif_27_regulations_only_notification_does_not_move_periodic_date() {
    let mut f = worked_example();
    f.notifications.push(notified(date(2020, 9, 1), NotificationKind::RegulationsOnly));
    let a = run(&f);
    assert_eq!(a.notification.next_periodic_due, Some(date(2021, 6, 2)));
    assert!(rules_of(&a.notification.explanation).contains(&"NOTIF-27"));
    // A change notification (s84) does reset it.
    f.notifications.push(notified(date(2020, 10, 5), NotificationKind::Change));
    assert_eq!(run(&f).notification.next_periodic_due, Some(date(2021, 10, 5)));
}

#[test]
fn notif_31_no_fixed_abode_weekly() {
    let mut f = worked_example();
    f.no_fixed_abode = true;
    assert_eq!(run(&f).notification.next_periodic_due, Some(date(2020, 6, 9)));
}

#[test]
fn notif_32_periodic_due_while_abroad_is_extended() {
    let mut f = worked_example();
    f.abroad.push(Interval::new(date(2021, 5, 30), Some(date(2021, 6, 14))));
    // Back 2021-06-14 (day 1): due 2021-06-16.
    assert_eq!(run(&f).notification.next_periodic_due, Some(date(2021, 6, 16)));
}

#[test]
fn notif_30_no_periodic_due_after_requirement_ends() {
    let mut f = adult();
    let mut c = conviction("c1", date(2020, 1, 10), sentence(SentenceType::None));
    c.kind = DisposalKind::Caution;
    f.disposals.push(c);
    f.notifications.push(notified(date(2021, 3, 1), NotificationKind::Periodic));
    let a = run(&f);
    assert_eq!(a.notification.ends, Some(date(2022, 1, 9)));
    assert!(!a.notification.subject);
    assert_eq!(a.notification.next_periodic_due, None);
}

#[test]
fn no_2_and_no_3_notification_order_for_a_conviction_abroad() {
    // Six months abroad on 2015-06-01 -> 7 years: 2015-06-01..2022-05-31.
    // Order served 2020-05-01: initial due 2020-05-03.
    let mut f = person(date(1980, 1, 1), date(2021, 1, 1));
    f.foreign_convictions.push(ForeignConviction {
        id: "f1".to_string(),
        kind: DisposalKind::Conviction,
        date: date(2015, 6, 1),
        equivalent_sentence: months(SentenceType::Imprisonment, 6),
        notification_order_served: Some(date(2020, 5, 1)),
    });
    f.orders.push(order("o1", OrderType::NotificationOrder, date(2020, 4, 20), Some(date(2020, 5, 1)), None));
    let a = run(&f);
    let p = &a.notification.periods[0];
    assert_eq!(p.basis, PeriodBasis::NotificationOrder);
    assert_eq!(p.ends, Some(date(2022, 5, 31)));
    assert!(a.notification.subject);
    assert_eq!(a.notification.initial_due, Some(date(2020, 5, 3)));
    let o = &a.orders[0];
    assert_eq!(o.ends, Some(date(2022, 5, 31)));
    assert_eq!(o.notification_due, Some(date(2020, 5, 3)));
    assert!(o.makes_subject_to_notification);
    assert_eq!(a.mappa.category, Some(1));
}

#[test]
fn no_1_foreign_conviction_without_an_order_does_not_make_subject() {
    let mut f = adult();
    f.foreign_convictions.push(ForeignConviction {
        id: "f1".to_string(),
        kind: DisposalKind::Conviction,
        date: date(2015, 6, 1),
        equivalent_sentence: months(SentenceType::Imprisonment, 6),
        notification_order_served: None,
    });
    let a = run(&f);
    assert!(a.notification.periods.is_empty());
    assert!(rules_of(&a.notification.explanation).contains(&"NO-1"));
}

#[test]
fn notif_30_periodic_waits_for_the_initial_notification_of_a_new_requirement() {
    // An old caution (2010) was notified; its requirement ended in 2012. A new
    // conviction in 2024 needs an initial notification first.
    let mut f = adult();
    let mut c = conviction("c1", date(2010, 1, 10), sentence(SentenceType::None));
    c.kind = DisposalKind::Caution;
    f.disposals.push(c);
    f.notifications.push(notified(date(2010, 1, 11), NotificationKind::Initial));
    f.disposals.push(conviction("d2", date(2024, 6, 3), sentence(SentenceType::Fine)));
    let a = run(&f);
    assert_eq!(a.notification.initial_due, Some(date(2024, 6, 5)));
    assert_eq!(a.notification.next_periodic_due, None);
    f.notifications.push(notified(date(2024, 6, 4), NotificationKind::Initial));
    assert_eq!(run(&f).notification.next_periodic_due, Some(date(2025, 6, 4)));
}

#[test]
fn notif_20_21_23_24_each_change_is_due_within_three_days_beginning_with_it() {
    // Name (20), home address (21), release (23) and prescribed information
    // (24) all share the s84(1) deadline; one table of hand-worked dates.
    let custody = [Interval::new(date(2024, 7, 1), Some(date(2024, 7, 20)))];
    let cases = [
        ("NOTIF-20 new name on a Friday", date(2024, 3, 1), date(2024, 3, 3)),
        ("NOTIF-21 move on 30 December", date(2024, 12, 30), date(2025, 1, 1)),
        ("NOTIF-23 release day", date(2024, 7, 20), date(2024, 7, 22)),
        ("NOTIF-24 new bank card the day before remand", date(2024, 6, 30), date(2024, 7, 21)),
    ];
    for (what, event, due) in cases {
        assert_eq!(change_notification_due(event, &custody).value, Some(due), "{what}");
    }
}
