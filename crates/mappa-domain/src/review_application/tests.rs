use super::*;
use crate::rules::{InitialDueStatus, Step};
use jiff::civil::date;
use serde_json::json;

const TODAY: Date = date(2026, 11, 23);

fn config() -> RulesConfig {
    RulesConfig::default()
}

fn application(received: Date) -> ReviewApplication {
    ReviewApplication {
        id: ItemId::new(),
        received,
        notes: None,
        recorded_by: "Mina Grey".into(),
        recorded_at: "2026-01-01T00:00:00.000000Z".into(),
        stages: vec![],
    }
}

fn stage(v: serde_json::Value) -> ReviewStageInput {
    serde_json::from_value(v).unwrap()
}

fn all_factors() -> serde_json::Value {
    serde_json::Value::Array(ReviewFactor::ALL.iter().map(|f| json!({"factor": f.code()})).collect())
}

/// Records a stage that must be valid.
fn push(app: &mut ReviewApplication, v: serde_json::Value) {
    let s = stage(v).parse(ItemId::new(), app, TODAY, &config()).unwrap();
    app.stages.push(StageRecord {
        id: s.id,
        position: s.position,
        date: s.date,
        details: s.details,
        notes: s.notes,
        recorded_by: "Mina Grey".into(),
        recorded_at: "2026-01-01T00:00:00.000000Z".into(),
    });
}

fn errors(app: &ReviewApplication, v: serde_json::Value) -> Vec<(String, &'static str)> {
    stage(v).parse(ItemId::new(), app, TODAY, &config()).unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
}

/// An application received on 2026-03-02 taken up to the risk assessment.
fn assessed() -> ReviewApplication {
    let mut a = application(date(2026, 3, 2));
    push(&mut a, json!({"stage": "acknowledged", "date": "2026-03-03"}));
    push(&mut a, json!({"stage": "bodies_consulted", "date": "2026-03-10", "bodies": ["probation", "health"]}));
    push(&mut a, json!({"stage": "victims_consulted", "date": "2026-03-20", "victims": "consulted"}));
    push(&mut a, json!({"stage": "risk_assessed", "date": "2026-04-01", "factors": all_factors()}));
    a
}

fn continued() -> ReviewApplication {
    let mut a = assessed();
    push(
        &mut a,
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk remains high", "further_review_years": 10, "notice_date": "2026-04-08"}),
    );
    a
}

#[test]
fn rev_02_an_application_is_in_writing_with_a_past_date() {
    let ok: ReviewApplicationInput =
        serde_json::from_value(json!({"received": "2026-03-02", "in_writing": true})).unwrap();
    assert_eq!(ok.parse(ItemId::new(), TODAY).unwrap().received, date(2026, 3, 2));
    let bad: ReviewApplicationInput = serde_json::from_value(json!({"received": "2026-12-01"})).unwrap();
    let e: Vec<_> = bad.parse(ItemId::new(), TODAY).unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(e, vec![("received".into(), "date_in_future"), ("in_writing".into(), "not_in_writing")]);
    let none = ReviewApplicationInput { in_writing: Some(true), ..Default::default() };
    assert_eq!(none.parse(ItemId::new(), TODAY).unwrap_err().0[0].code, "required");
    assert!(serde_json::from_value::<ReviewApplicationInput>(json!({"received": "2026-03-02", "x": 1})).is_err());
}

#[test]
fn rev_06_stages_run_in_order_to_a_decision() {
    let a = application(date(2026, 3, 2));
    assert_eq!(a.next_stages(), vec![ReviewStage::Acknowledged]);
    assert_eq!(errors(&a, json!({"stage": "decided", "date": "2026-03-03"})), vec![("stage".into(), "out_of_order")]);
    let a = continued();
    assert_eq!(a.next_stages(), vec![ReviewStage::AppealLodged, ReviewStage::Closed]);
    assert_eq!(a.stages.iter().map(|s| s.position).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
    assert_eq!(
        errors(&a, json!({"stage": "acknowledged", "date": "2026-04-09"})),
        vec![("stage".into(), "out_of_order")]
    );
    assert_eq!(errors(&a, json!({"stage": "someday", "date": "2026-04-09"}))[0], ("stage".into(), "invalid_choice"));
    assert_eq!(errors(&a, json!({"date": "2026-04-09"}))[0], ("stage".into(), "required"));
}

#[test]
fn rev_06_dates_may_not_go_backwards_or_be_in_the_future() {
    let mut a = application(date(2026, 3, 2));
    assert_eq!(
        errors(&a, json!({"stage": "acknowledged", "date": "2026-03-01"})),
        vec![("date".into(), "before_previous_stage")]
    );
    assert_eq!(
        errors(&a, json!({"stage": "acknowledged", "date": "2026-11-24"})),
        vec![("date".into(), "date_in_future")]
    );
    assert_eq!(
        errors(&a, json!({"stage": "acknowledged", "date": "2026-02-30"})),
        vec![("date".into(), "invalid_date")]
    );
    assert_eq!(errors(&a, json!({"stage": "acknowledged"})), vec![("date".into(), "required")]);
    // The same day as the stage before is allowed.
    push(&mut a, json!({"stage": "acknowledged", "date": "2026-03-02"}));
    assert_eq!(
        errors(&a, json!({"stage": "bodies_consulted", "date": "2026-03-01", "bodies": ["probation"]})),
        vec![("date".into(), "before_previous_stage")]
    );
}

#[test]
fn rev_05_bodies_victims_and_every_s91d_factor() {
    let mut a = application(date(2026, 3, 2));
    push(&mut a, json!({"stage": "acknowledged", "date": "2026-03-03"}));
    assert_eq!(
        errors(&a, json!({"stage": "bodies_consulted", "date": "2026-03-04"})),
        vec![("bodies".into(), "required")]
    );
    assert_eq!(
        errors(&a, json!({"stage": "bodies_consulted", "date": "2026-03-04", "bodies": ["probation", "aliens"]})),
        vec![("bodies[1]".into(), "invalid_choice")]
    );
    assert_eq!(
        errors(
            &a,
            json!({"stage": "bodies_consulted", "date": "2026-03-04", "bodies": ["probation"], "outcome": "continue"})
        ),
        vec![("outcome".into(), "not_applicable")]
    );
    push(&mut a, json!({"stage": "bodies_consulted", "date": "2026-03-04", "bodies": ["probation", "probation"]}));
    assert!(
        matches!(&a.stages[1].details, StageDetails::BodiesConsulted { bodies } if bodies == &vec![ConsultedBody::Probation])
    );
    assert_eq!(
        errors(&a, json!({"stage": "victims_consulted", "date": "2026-03-05", "victims": "not_applicable"})),
        vec![("reason".into(), "required")]
    );
    assert_eq!(
        errors(&a, json!({"stage": "victims_consulted", "date": "2026-03-05"})),
        vec![("victims".into(), "required")]
    );
    push(
        &mut a,
        json!({"stage": "victims_consulted", "date": "2026-03-05", "victims": "not_applicable", "reason": "Victim has asked not to be contacted"}),
    );
    let some = json!([{"factor": "seriousness", "notes": "Index offence 2009"}, {"factor": "risk_of_sexual_harm"}]);
    let e = errors(&a, json!({"stage": "risk_assessed", "date": "2026-03-06", "factors": some}));
    assert_eq!(e, vec![("factors".into(), "factors_not_considered")]);
    let dup = json!([{"factor": "seriousness"}, {"factor": "seriousness"}]);
    assert!(
        errors(&a, json!({"stage": "risk_assessed", "date": "2026-03-06", "factors": dup}))
            .contains(&("factors[1].factor".into(), "duplicate"))
    );
    push(&mut a, json!({"stage": "risk_assessed", "date": "2026-03-06", "factors": all_factors()}));
    assert_eq!(a.next_stages(), vec![ReviewStage::Decided]);
}

#[test]
fn rev_04_a_decision_to_continue_sets_the_further_review_period_within_the_maximum() {
    let a = assessed();
    let decide = |extra: serde_json::Value| {
        let mut v = json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk remains", "notice_date": "2026-04-08"});
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    for years in [0, 16, -1] {
        assert_eq!(
            errors(&a, decide(json!({"further_review_years": years}))),
            vec![("further_review_years".into(), "out_of_range")],
            "{years}"
        );
    }
    let s = stage(decide(json!({}))).parse(ItemId::new(), &a, TODAY, &config()).unwrap();
    assert!(matches!(s.details, StageDetails::Decided { further_review_years: Some(8), .. }), "8 years by default");
    let s = stage(decide(json!({"further_review_years": 15}))).parse(ItemId::new(), &a, TODAY, &config()).unwrap();
    assert!(matches!(s.details, StageDetails::Decided { further_review_years: Some(15), .. }));
    // The maximum is configuration (UNCONFIRMED in rules.md).
    let mut c = config();
    c.notification.review_further_period_max_years = 10;
    let e = stage(decide(json!({"further_review_years": 11}))).parse(ItemId::new(), &a, TODAY, &c).unwrap_err();
    assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("further_review_years", "out_of_range"));
    assert_eq!(
        errors(&a, decide(json!({"notice_date": "2026-04-05"}))),
        vec![("notice_date".into(), "before_decision")]
    );
    assert_eq!(errors(&a, decide(json!({"notice_date": null}))), vec![("notice_date".into(), "required")]);

    let c = continued();
    let st = c.status(date(2026, 4, 9), &config());
    assert_eq!(
        st.further_review_date,
        Some(date(2036, 4, 6)),
        "the day after 10 years beginning with the determination"
    );
    assert!(st.explanation.iter().any(|x| x.starts_with("REV-04")));
    assert_eq!(
        c.review_decisions(),
        vec![ReviewDecision {
            date: date(2026, 4, 8),
            outcome: ReviewOutcome::Continued,
            further_review_years: Some(10)
        }]
    );
}

#[test]
fn rev_04_a_decision_to_discharge_must_have_reasons_and_no_further_period() {
    let a = assessed();
    assert_eq!(
        errors(
            &a,
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "notice_date": "2026-04-06"})
        ),
        vec![("reasons".into(), "required")]
    );
    assert_eq!(
        errors(
            &a,
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "reasons": "Low risk", "further_review_years": 8, "notice_date": "2026-04-06"})
        ),
        vec![("further_review_years".into(), "not_applicable")]
    );
    let mut a = a;
    push(
        &mut a,
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "reasons": "Low risk", "notice_date": "2026-04-07"}),
    );
    assert_eq!(a.next_stages(), vec![ReviewStage::Closed]);
    assert_eq!(
        a.review_decisions(),
        vec![ReviewDecision { date: date(2026, 4, 7), outcome: ReviewOutcome::Discharged, further_review_years: None }]
    );
    assert_eq!(a.status(TODAY, &config()).further_review_date, None);
}

#[test]
fn rev_08_an_appeal_only_after_a_decision_to_continue_and_within_the_window() {
    // No appeal before a decision, nor against a discharge.
    let a = assessed();
    assert_eq!(
        errors(&a, json!({"stage": "appeal_lodged", "date": "2026-04-10"})),
        vec![("stage".into(), "appeal_without_continuation")]
    );
    let mut d = assessed();
    push(
        &mut d,
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "reasons": "Low risk", "notice_date": "2026-04-07"}),
    );
    assert_eq!(
        errors(&d, json!({"stage": "appeal_lodged", "date": "2026-04-10"})),
        vec![("stage".into(), "appeal_without_continuation")]
    );
    // Notice on 8 April: 21 days beginning with that day end on 28 April.
    let mut a = continued();
    let st = a.status(date(2026, 4, 28), &config());
    assert_eq!((st.appeal_deadline, st.appeal_open), (Some(date(2026, 4, 28)), true));
    assert!(!a.status(date(2026, 4, 29), &config()).appeal_open);
    assert_eq!(
        errors(&a, json!({"stage": "appeal_lodged", "date": "2026-04-29"})),
        vec![("date".into(), "appeal_out_of_time")]
    );
    assert_eq!(
        errors(&a, json!({"stage": "appeal_lodged", "date": "2026-04-07"})),
        vec![("date".into(), "before_notice")]
    );
    // The window is configuration (UNCONFIRMED in rules.md).
    let mut c = config();
    c.notification.review_appeal_days = 30;
    assert!(stage(json!({"stage": "appeal_lodged", "date": "2026-04-29"})).parse(ItemId::new(), &a, TODAY, &c).is_ok());
    push(&mut a, json!({"stage": "appeal_lodged", "date": "2026-04-28"}));
    assert_eq!(a.next_stages(), vec![ReviewStage::AppealDecided]);
    assert_eq!(
        errors(&a, json!({"stage": "appeal_decided", "date": "2026-06-01"})),
        vec![("outcome".into(), "required")]
    );
    assert_eq!(
        errors(&a, json!({"stage": "appeal_decided", "date": "2026-06-01", "outcome": "continue"})),
        vec![("outcome".into(), "invalid_choice")]
    );
    push(&mut a, json!({"stage": "appeal_decided", "date": "2026-06-01", "outcome": "allowed"}));
    // An appeal allowed discharges the requirements from the court's decision
    // (EXIT-1), in place of the continuation it overturns.
    assert_eq!(
        a.review_decisions(),
        vec![ReviewDecision { date: date(2026, 6, 1), outcome: ReviewOutcome::Discharged, further_review_years: None }]
    );
    push(&mut a, json!({"stage": "closed", "date": "2026-06-02"}));
    assert!(!a.is_open() && a.next_stages().is_empty());
    assert_eq!(
        errors(&a, json!({"stage": "closed", "date": "2026-06-03"})),
        vec![("stage".into(), "application_closed")]
    );
}

#[test]
fn rev_07_the_decision_is_due_within_the_configured_weeks() {
    let a = application(date(2026, 3, 2));
    let st = a.status(date(2026, 4, 13), &config());
    assert_eq!((st.decision_due, st.decision_overdue), (Some(date(2026, 4, 13)), false));
    assert!(a.status(date(2026, 4, 14), &config()).decision_overdue);
    assert!(st.explanation[0].contains("UNCONFIRMED"));
    // A decision ends the clock.
    assert!(!continued().status(date(2027, 1, 1), &config()).decision_overdue);
}

fn assessment(indefinite: bool, q: Option<Date>, further: Option<Date>) -> NotificationAssessment {
    NotificationAssessment {
        subject: true,
        indefinite,
        ends: None,
        periods: vec![],
        initial_due: None,
        initial_due_status: InitialDueStatus::None,
        next_periodic_due: None,
        review_qualifying_date: q,
        review_further_qualifying_date: further,
        explanation: vec![],
    }
}

#[test]
fn rev_03_an_application_before_the_qualifying_date_is_refused() {
    let a = assessment(true, Some(date(2026, 3, 5)), None);
    let e = check_eligibility(&a, date(2026, 3, 4)).unwrap_err();
    assert_eq!((e.field.as_str(), e.code), ("received", "before_qualifying_date"));
    assert_eq!(e.message, "Date the application was received is before the qualifying date, 2026-03-05 (REV-03)");
    assert_eq!(
        check_eligibility(&a, date(2026, 3, 5)).unwrap(),
        Eligible { qualifying_date: date(2026, 3, 5), further: false }
    );
}

#[test]
fn rev_04_after_a_continuation_the_further_qualifying_date_applies() {
    let a = assessment(true, Some(date(2020, 1, 1)), Some(date(2034, 4, 6)));
    let e = check_eligibility(&a, date(2026, 11, 1)).unwrap_err();
    assert_eq!(e.code, "before_qualifying_date");
    assert!(e.message.contains("further qualifying date, 2034-04-06 (REV-04)"));
    assert!(check_eligibility(&a, date(2034, 4, 6)).unwrap().further);
}

#[test]
fn rev_01_only_a_qualifying_relevant_offender_may_apply() {
    assert_eq!(check_eligibility(&assessment(false, None, None), TODAY).unwrap_err().code, "not_indefinite");
    assert_eq!(check_eligibility(&assessment(true, None, None), TODAY).unwrap_err().code, "no_qualifying_date");
    let mut a = assessment(true, Some(date(2020, 1, 1)), None);
    a.explanation.push(Step::new("REV-01", "SOA 2003 s91B", "An SHPO is in force."));
    assert_eq!(check_eligibility(&a, TODAY).unwrap_err().code, "order_in_force");
}

#[test]
fn debug_output_carries_no_personal_data() {
    let a = continued();
    let d = format!("{a:?} {:?} {:?}", a.stages[4], a.status(TODAY, &config()));
    assert!(!d.contains("Risk remains") && !d.contains("2026"), "{d}");
}
