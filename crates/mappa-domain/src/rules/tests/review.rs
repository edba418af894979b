//! Review of indefinite notification (REV-01..04, CONV-8) and discharge (EXIT-1).

use jiff::civil::date;

use super::*;

fn indefinite_adult() -> Facts {
    let mut f = person(date(1970, 1, 1), date(2028, 1, 1));
    f.disposals.push(conviction("d1", date(2010, 1, 10), sentence(SentenceType::Life)));
    f.notifications.push(notified(date(2012, 3, 1), NotificationKind::Initial));
    f.notifications.push(notified(date(2013, 3, 1), NotificationKind::Periodic));
    f
}

#[test]
fn rev_03_adult_qualifying_date_is_15_years_from_first_notification() {
    // First notification 2012-03-01; 15 years beginning with it end 2027-02-28;
    // the qualifying date is the day after: 2027-03-01.
    let a = run(&indefinite_adult());
    assert_eq!(a.notification.review_qualifying_date, Some(date(2027, 3, 1)));
}

#[test]
fn rev_03_under_18_qualifying_date_is_8_years() {
    let mut f = person(date(1995, 1, 1), date(2020, 1, 1));
    f.disposals.push(conviction("d1", date(2010, 1, 10), sentence(SentenceType::Ipp)));
    f.notifications.push(notified(date(2010, 1, 11), NotificationKind::Initial));
    assert_eq!(run(&f).notification.review_qualifying_date, Some(date(2018, 1, 11)));
}

#[test]
fn conv_8_regulations_only_and_earlier_notifications_do_not_count() {
    let mut f = indefinite_adult();
    f.notifications.push(notified(date(2011, 5, 1), NotificationKind::RegulationsOnly));
    f.notifications.push(notified(date(2009, 5, 1), NotificationKind::Initial));
    assert_eq!(run(&f).notification.review_qualifying_date, Some(date(2027, 3, 1)));
}

#[test]
fn rev_03_no_qualifying_date_for_finite_periods_or_without_notification() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2019, 3, 4), months(SentenceType::Imprisonment, 24)));
    f.notifications.push(notified(date(2019, 3, 5), NotificationKind::Initial));
    assert_eq!(run(&f).notification.review_qualifying_date, None);
    let mut f = indefinite_adult();
    f.notifications.clear();
    let a = run(&f);
    assert_eq!(a.notification.review_qualifying_date, None);
    assert!(rules_of(&a.notification.explanation).contains(&"REV-03"));
}

#[test]
fn rev_04_further_review_eight_years_after_determination() {
    let mut f = indefinite_adult();
    f.review_decisions.push(ReviewDecision {
        date: date(2027, 5, 1),
        outcome: ReviewOutcome::Continued,
        further_review_years: None,
    });
    let a = run(&f);
    assert_eq!(a.notification.review_further_qualifying_date, Some(date(2035, 5, 1)));
    f.review_decisions[0].further_review_years = Some(15);
    assert_eq!(run(&f).notification.review_further_qualifying_date, Some(date(2042, 5, 1)));
}

#[test]
fn exit_1_discharge_on_review_ends_the_requirement_the_day_before_notice() {
    let mut f = indefinite_adult();
    f.review_decisions.push(ReviewDecision {
        date: date(2027, 5, 1),
        outcome: ReviewOutcome::Discharged,
        further_review_years: None,
    });
    let a = run(&f);
    assert!(!a.notification.subject);
    assert!(!a.notification.indefinite);
    assert_eq!(a.notification.ends, Some(date(2027, 4, 30)));
    assert!(a.notification.periods[0].discharged_on_review);
    assert_eq!(a.mappa.category, None);
}

#[test]
fn rev_01_shpo_in_force_is_noted() {
    let mut f = indefinite_adult();
    f.orders.push(order("o1", OrderType::Shpo, date(2015, 1, 1), Some(date(2015, 1, 1)), None));
    let a = run(&f);
    assert!(rules_of(&a.notification.explanation).contains(&"REV-01"));
}

#[test]
fn rev_07_and_rev_08_decision_and_appeal_deadlines_from_configuration() {
    let c = RulesConfig::default();
    // 6 weeks from 2027-03-01 is 2027-04-12.
    let d = review_decision_due(date(2027, 3, 1), &c);
    assert_eq!(d.value, Some(date(2027, 4, 12)));
    assert_eq!(d.explanation[0].configuration, vec!["notification.review_decision_weeks"]);
    // 21 days beginning with 2027-04-12 end 2027-05-02.
    let a = review_appeal_deadline(date(2027, 4, 12), &c);
    assert_eq!(a.value, Some(date(2027, 5, 2)));
    assert!(a.explanation[0].text.contains("UNCONFIRMED"));
}
