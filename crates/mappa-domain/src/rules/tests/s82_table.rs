//! Every row of the s82 table (NOTIF-01..03), halving (CONV-3) and
//! aggregation, with the calendar end worked out by hand (CONV-2).

use jiff::civil::{Date, date};

use super::*;

const D: Date = date(2019, 3, 4);

/// The single period for one conviction on `D` of an adult.
fn period_for(s: Sentence) -> Option<NotificationPeriod> {
    let mut f = adult();
    f.disposals.push(conviction("d1", D, s));
    run(&f).notification.periods.into_iter().next()
}

fn assert_period(s: Sentence, length: &str, ends: Option<Date>) {
    let p = period_for(s).expect("a period");
    assert_eq!(p.length.iso(), length);
    assert_eq!(p.starts, D);
    assert_eq!(p.ends, ends);
}

#[test]
fn notif_s82_life_is_indefinite() {
    assert_period(sentence(SentenceType::Life), "indefinite", None);
}

#[test]
fn notif_s82_ipp_is_indefinite() {
    assert_period(sentence(SentenceType::Ipp), "indefinite", None);
}

#[test]
// Named as in issue 3.
fn notif_02_imprisonment_30_months_or_more_is_indefinite() {
    assert_period(months(SentenceType::Imprisonment, 30), "indefinite", None);
    assert_period(months(SentenceType::Imprisonment, 120), "indefinite", None);
}

#[test]
fn notif_s82_restriction_order_is_indefinite() {
    assert_period(sentence(SentenceType::HospitalOrderWithRestriction), "indefinite", None);
}

#[test]
fn notif_s82_imprisonment_more_than_6_less_than_30_months_is_10_years() {
    // 10 years beginning with 2019-03-04 ends 2029-03-03 (CONV-2).
    assert_period(months(SentenceType::Imprisonment, 24), "P10Y", Some(date(2029, 3, 3)));
    assert_period(months(SentenceType::Imprisonment, 29), "P10Y", Some(date(2029, 3, 3)));
    assert_period(months(SentenceType::Imprisonment, 7), "P10Y", Some(date(2029, 3, 3)));
}

#[test]
fn notif_s82_imprisonment_6_months_or_less_is_7_years() {
    assert_period(months(SentenceType::Imprisonment, 6), "P7Y", Some(date(2026, 3, 3)));
    assert_period(months(SentenceType::Imprisonment, 1), "P7Y", Some(date(2026, 3, 3)));
}

#[test]
fn notif_s82_term_in_days_is_measured_on_the_calendar() {
    // 2019-03-04 + 6 months = 2019-09-04, which is 184 days on.
    let days = |d| Sentence { kind: SentenceType::Imprisonment, term_days: Some(d), ..Sentence::default() };
    assert_period(days(184), "P7Y", Some(date(2026, 3, 3)));
    assert_period(days(185), "P10Y", Some(date(2029, 3, 3)));
}

#[test]
fn notif_s82_hospital_order_without_restriction_is_7_years() {
    assert_period(sentence(SentenceType::HospitalOrder), "P7Y", Some(date(2026, 3, 3)));
}

#[test]
fn notif_s82_detention_and_dto_count_as_imprisonment() {
    assert_period(months(SentenceType::Detention, 36), "indefinite", None);
    assert_period(months(SentenceType::Dto, 12), "P10Y", Some(date(2029, 3, 3)));
}

#[test]
fn notif_s82_caution_is_2_years() {
    let mut f = adult();
    let mut c = conviction("c1", date(2020, 1, 10), sentence(SentenceType::None));
    c.kind = DisposalKind::Caution;
    f.disposals.push(c);
    let a = run(&f);
    let p = &a.notification.periods[0];
    assert_eq!(p.length.iso(), "P2Y");
    assert_eq!(p.ends, Some(date(2022, 1, 9)));
}

#[test]
fn notif_03_conditional_discharge_is_its_own_period() {
    let s = Sentence { kind: SentenceType::ConditionalDischarge, period_months: Some(18), ..Sentence::default() };
    // 18 months beginning with 2019-03-04 ends 2020-09-03.
    assert_period(s, "P1Y6M", Some(date(2020, 9, 3)));
}

#[test]
fn notif_03_absolute_discharge_does_not_trigger() {
    assert!(period_for(sentence(SentenceType::AbsoluteDischarge)).is_none());
}

#[test]
fn notif_s82_any_other_description_is_5_years_from_configuration() {
    for kind in [SentenceType::CommunityOrder, SentenceType::Fine, SentenceType::GuardianshipOrder, SentenceType::None]
    {
        assert_period(sentence(kind), "P5Y", Some(date(2024, 3, 3)));
    }
    let mut f = adult();
    f.disposals.push(conviction("d1", D, sentence(SentenceType::Fine)));
    let a = run(&f);
    let step = a.notification.explanation.iter().find(|s| s.text.contains("any other description")).unwrap();
    assert_eq!(step.configuration, vec!["notification.other_description_months"]);
    assert!(step.text.contains("configuration"));
}

#[test]
fn notif_s82_suspended_sentence_row_is_configuration() {
    assert_period(months(SentenceType::SuspendedImprisonment, 12), "P10Y", Some(date(2029, 3, 3)));
    let mut f = adult();
    f.disposals.push(conviction("d1", D, months(SentenceType::SuspendedImprisonment, 12)));
    let mut c = RulesConfig::default();
    c.notification.suspended_sentence_row = SuspendedSentenceRow::OtherDescription;
    let a = assess(&f, &c);
    assert_eq!(a.notification.periods[0].length.iso(), "P5Y");
}

#[test]
fn notif_01_not_schedule_3_does_not_trigger() {
    let mut f = adult();
    let mut d = conviction("d1", D, months(SentenceType::Imprisonment, 24));
    d.schedule_3 = false;
    f.disposals.push(d);
    let a = run(&f);
    assert!(a.notification.periods.is_empty());
    assert!(!a.notification.subject);
    assert_eq!(a.notification.ends, None);
    assert!(!a.notification.indefinite);
}

#[test]
fn notif_01_insanity_finding_with_restriction_is_indefinite() {
    let mut f = adult();
    let mut d = conviction("d1", D, sentence(SentenceType::HospitalOrderWithRestriction));
    d.kind = DisposalKind::InsanityFinding;
    f.disposals.push(d);
    let a = run(&f);
    assert!(a.notification.indefinite);
    assert_eq!(a.notification.ends, None);
}

fn youth() -> Facts {
    // Aged 15 on 2019-03-04.
    person(date(2003, 6, 1), date(2025, 1, 15))
}

fn youth_period(s: Sentence) -> NotificationPeriod {
    let mut f = youth();
    f.disposals.push(conviction("d1", D, s));
    run(&f).notification.periods.remove(0)
}

#[test]
fn conv_3_under_18_halves_10_years_to_5() {
    let p = youth_period(months(SentenceType::Imprisonment, 24));
    assert_eq!(p.length.iso(), "P5Y");
    assert!(p.halved);
    assert_eq!(p.ends, Some(date(2024, 3, 3)));
}

#[test]
fn conv_3_under_18_halves_7_years_to_3_years_6_months() {
    // 42 months beginning with 2019-03-04: 2022-09-04 - 1 day.
    let p = youth_period(months(SentenceType::Imprisonment, 6));
    assert_eq!(p.length.iso(), "P3Y6M");
    assert_eq!(p.ends, Some(date(2022, 9, 3)));
}

#[test]
fn conv_3_under_18_halves_5_years_to_2_years_6_months() {
    let p = youth_period(sentence(SentenceType::CommunityOrder));
    assert_eq!(p.length.iso(), "P2Y6M");
    assert_eq!(p.ends, Some(date(2021, 9, 3)));
}

#[test]
fn conv_3_under_18_halves_caution_2_years_to_1() {
    let mut f = youth();
    let mut c = conviction("c1", D, sentence(SentenceType::None));
    c.kind = DisposalKind::Caution;
    f.disposals.push(c);
    let p = run(&f).notification.periods.remove(0);
    assert_eq!(p.length.iso(), "P1Y");
    assert_eq!(p.ends, Some(date(2020, 3, 3)));
}

#[test]
fn conv_3_halving_never_applies_to_indefinite_or_conditional_discharge() {
    let p = youth_period(months(SentenceType::Dto, 30));
    assert_eq!(p.length.iso(), "indefinite");
    assert!(!p.halved);
    let p = youth_period(Sentence {
        kind: SentenceType::ConditionalDischarge,
        period_months: Some(12),
        ..Sentence::default()
    });
    assert_eq!(p.length.iso(), "P1Y");
    assert!(!p.halved);
    assert_eq!(p.ends, Some(date(2020, 3, 3)));
}

#[test]
fn conv_9_eighteenth_birthday_on_relevant_date_is_not_halved() {
    let mut f = person(date(2001, 3, 4), date(2025, 1, 15));
    f.disposals.push(conviction("d1", D, months(SentenceType::Imprisonment, 24)));
    let p = run(&f).notification.periods.remove(0);
    assert_eq!(p.length.iso(), "P10Y");
    assert!(!p.halved);
}

#[test]
fn conv_9_leap_day_birthday_on_28_february_of_common_year() {
    // Born 2004-02-29; convicted 2022-02-28. Under CONV-9 (1 March) still 17.
    let mut f = person(date(2004, 2, 29), date(2025, 1, 15));
    f.disposals.push(conviction("d1", date(2022, 2, 28), months(SentenceType::Imprisonment, 24)));
    let a = run(&f);
    assert_eq!(a.notification.periods[0].length.iso(), "P5Y");
    // 5 years beginning with 2022-02-28 ends 2027-02-27.
    assert_eq!(a.notification.periods[0].ends, Some(date(2027, 2, 27)));
    let mut c = RulesConfig::default();
    c.notification.leap_day_birthday = LeapDayBirthday::February28;
    let a = assess(&f, &c);
    assert_eq!(a.notification.periods[0].length.iso(), "P10Y");
}

#[test]
fn conv_2_period_ending_on_29_february() {
    // 10 years beginning with 2010-03-01 ends 2020-02-29.
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2010, 3, 1), months(SentenceType::Imprisonment, 12)));
    assert_eq!(run(&f).notification.ends, Some(date(2020, 2, 29)));
}

#[test]
fn notif_s82_consecutive_terms_are_aggregated() {
    // 18 + 12 months consecutive = 30 months: indefinite for both.
    let mut f = adult();
    f.disposals.push(conviction("d1", D, months(SentenceType::Imprisonment, 18)));
    let mut s = months(SentenceType::Imprisonment, 12);
    s.consecutive_to = Some("d1".to_string());
    f.disposals.push(conviction("d2", D, s));
    let a = run(&f);
    assert!(a.notification.periods.iter().all(|p| p.length == PeriodLength::Indefinite));
    assert!(
        a.notification
            .explanation
            .iter()
            .any(|s| { s.configuration.contains(&"notification.aggregate_consecutive_terms") })
    );
    let mut c = RulesConfig::default();
    c.notification.aggregate_consecutive_terms = false;
    let a = assess(&f, &c);
    assert!(a.notification.periods.iter().all(|p| p.length == PeriodLength::Months(120)));
}

#[test]
fn conv_5_latest_end_wins_and_indefinite_dominates() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2010, 1, 1), months(SentenceType::Imprisonment, 3)));
    f.disposals.push(conviction("d2", date(2015, 6, 1), months(SentenceType::Imprisonment, 12)));
    let a = run(&f);
    // d1 ends 2016-12-31; d2 ends 2025-05-31.
    assert_eq!(a.notification.ends, Some(date(2025, 5, 31)));
    assert!(a.notification.subject);
    f.disposals.push(conviction("d3", date(2012, 1, 1), sentence(SentenceType::Life)));
    let a = run(&f);
    assert_eq!(a.notification.ends, None);
    assert!(a.notification.indefinite);
}

#[test]
fn notif_s82_explanation_names_the_facts_and_citation() {
    let mut f = adult();
    f.disposals.push(conviction("d1", D, months(SentenceType::Imprisonment, 24)));
    let a = run(&f);
    let s = a.notification.explanation.iter().find(|s| s.rule == "NOTIF-s82").unwrap();
    assert_eq!(s.citation, "Sexual Offences Act 2003, s.82(1)");
    assert_eq!(
        s.text,
        "d1: imprisonment for 24 months is more than 6 months and less than 30 months, so the period is 10 years."
    );
    assert!(rules_of(&a.notification.explanation).contains(&"CONV-2"));
}

#[test]
fn notif_04_pre_2004_disposals_carry_a_transitional_note() {
    let mut f = adult();
    f.disposals.push(conviction("d1", date(2001, 6, 1), months(SentenceType::Imprisonment, 12)));
    f.disposals.push(conviction("d2", date(1996, 6, 1), months(SentenceType::Imprisonment, 40)));
    let a = run(&f);
    let notes: Vec<_> = a.notification.explanation.iter().filter(|s| s.rule == "NOTIF-04").collect();
    assert_eq!(notes.len(), 2);
    assert!(notes[1].text.contains("1 September 1997"));
}
