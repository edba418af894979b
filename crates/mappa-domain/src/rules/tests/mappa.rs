//! MAPPA category and exit (CAT-1..4, CAT-X, EXIT-1..3, CONV-10, CONV-11).

use jiff::civil::date;

use super::*;

fn violent(s: Sentence) -> Disposal {
    let mut d = conviction("d1", date(2020, 1, 10), s);
    d.schedule_3 = false;
    d.schedule_15 = true;
    d
}

fn with_led(mut f: Facts, led: jiff::civil::Date) -> Facts {
    f.licence = Some(Licence { led: Some(led), sed: Some(led) });
    f
}

#[test]
fn cat_1_subject_to_notification_exit_at_notification_end() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2019, 3, 4), months(SentenceType::Imprisonment, 24)));
    let a = run(&f);
    assert!(a.mappa.eligible);
    assert_eq!(a.mappa.category, Some(1));
    assert_eq!(a.mappa.exit_date, Some(date(2029, 3, 3)));
}

#[test]
fn cat_2_schedule_15_with_12_months_imprisonment_exit_at_led() {
    let mut f = adult();
    f.disposals.push(violent(months(SentenceType::Imprisonment, 12)));
    let a = run(&with_led(f, date(2025, 6, 1)));
    assert_eq!(a.mappa.category, Some(2));
    assert_eq!(a.mappa.exit_date, Some(date(2025, 6, 1)));
}

#[test]
fn cat_2_under_12_months_does_not_qualify() {
    let mut f = adult();
    f.disposals.push(violent(months(SentenceType::Imprisonment, 11)));
    assert_eq!(run(&with_led(f, date(2025, 6, 1))).mappa.category, None);
}

#[test]
fn cat_2_dto_12_months_life_ipp_and_murder_qualify() {
    for s in [
        months(SentenceType::Dto, 12),
        sentence(SentenceType::Life),
        sentence(SentenceType::Ipp),
        months(SentenceType::Detention, 18),
    ] {
        let mut f = adult();
        f.disposals.push(violent(s));
        assert_eq!(run(&f).mappa.category, Some(2));
    }
    let mut f = adult();
    let mut d = conviction("d1", date(2000, 1, 1), sentence(SentenceType::Life));
    d.schedule_3 = false;
    d.murder = true;
    f.disposals.push(d);
    let a = run(&f);
    assert_eq!(a.mappa.category, Some(2));
    assert_eq!(a.mappa.exit_date, None);
}

#[test]
fn cat_2_hospital_and_guardianship_orders_exit_at_order_end() {
    let mut s = sentence(SentenceType::GuardianshipOrder);
    s.order_ends = Some(date(2026, 1, 1));
    let mut f = adult();
    f.disposals.push(violent(s));
    let a = run(&f);
    assert_eq!(a.mappa.category, Some(2));
    assert_eq!(a.mappa.exit_date, Some(date(2026, 1, 1)));
}

#[test]
fn cat_2_insanity_finding_with_hospital_order_qualifies() {
    let mut d = violent(sentence(SentenceType::HospitalOrder));
    d.kind = DisposalKind::InsanityFinding;
    let mut f = adult();
    f.disposals.push(d);
    assert_eq!(run(&f).mappa.category, Some(2));
}

#[test]
fn cat_2_suspended_sentence_is_configuration() {
    let mut f = adult();
    f.disposals.push(violent(months(SentenceType::SuspendedImprisonment, 12)));
    assert_eq!(run(&f).mappa.category, None);
    let mut c = RulesConfig::default();
    c.mappa.suspended_sentence_qualifies_for_category_2 = true;
    assert_eq!(assess(&f, &c).mappa.category, Some(2));
}

#[test]
fn exit_2_category_2_ends_at_led_not_sed() {
    let mut f = adult();
    f.disposals.push(violent(months(SentenceType::Imprisonment, 24)));
    f.licence = Some(Licence { led: Some(date(2024, 1, 9)), sed: Some(date(2026, 1, 9)) });
    let a = run(&f);
    assert_eq!(a.mappa.category, None);
    assert!(rules_of(&a.mappa.explanation).contains(&"EXIT-2"));
}

#[test]
fn cat_x_one_category_in_order_1_2_4_3() {
    let mut f = adult();
    let mut d = conviction("d1", date(2019, 3, 4), months(SentenceType::Imprisonment, 24));
    d.schedule_15 = true;
    d.terrorism = true;
    f.disposals.push(d);
    f.category_3_decision = Some(Category3Decision { date: date(2020, 1, 1), ended: None });
    let a = run(&with_led(f, date(2030, 1, 1)));
    assert_eq!(a.mappa.category, Some(1));
    assert!(a.mappa.explanation.last().unwrap().text.contains("2 and 4 and 3"));
}

#[test]
fn cat_4_terrorism_from_configuration() {
    let mut f = adult();
    let mut d = conviction("d1", date(2021, 1, 1), months(SentenceType::Imprisonment, 6));
    d.schedule_3 = false;
    d.terrorism = true;
    f.disposals.push(d);
    let f = with_led(f, date(2026, 1, 1));
    let a = run(&f);
    assert_eq!(a.mappa.category, Some(4));
    assert_eq!(a.mappa.exit_date, Some(date(2026, 1, 1)));
    let mut c = RulesConfig::default();
    c.mappa.category_4_adopted = false;
    assert_eq!(assess(&f, &c).mappa.category, None);
}

#[test]
fn cat_3_needs_a_decision_and_a_conviction_or_caution() {
    let mut f = adult();
    f.category_3_decision = Some(Category3Decision { date: date(2024, 1, 1), ended: None });
    assert_eq!(run(&f).mappa.category, None);
    let mut d = conviction("d1", date(2023, 1, 1), sentence(SentenceType::Fine));
    d.schedule_3 = false;
    f.disposals.push(d);
    let a = run(&f);
    assert_eq!(a.mappa.category, Some(3));
    assert_eq!(a.mappa.exit_date, None);
}

#[test]
fn exit_3_category_3_ends_with_the_decision() {
    let mut f = adult();
    let mut d = conviction("d1", date(2023, 1, 1), sentence(SentenceType::Fine));
    d.schedule_3 = false;
    f.disposals.push(d);
    f.category_3_decision = Some(Category3Decision { date: date(2024, 1, 1), ended: Some(date(2025, 1, 14)) });
    assert_eq!(run(&f).mappa.category, None);
    f.category_3_decision = Some(Category3Decision { date: date(2024, 1, 1), ended: Some(date(2025, 1, 15)) });
    let a = run(&f);
    assert_eq!(a.mappa.category, Some(3));
    assert_eq!(a.mappa.exit_date, Some(date(2025, 1, 15)));
}
