use super::*;

fn cx(level: u8) -> MinutesContext {
    let meeting = jiff::civil::date(2026, 12, 2);
    MinutesContext { meeting_date: meeting, level, default_review: Some(jiff::civil::date(2027, 3, 24)) }
}

fn minutes() -> MinutesInput {
    MinutesInput {
        disclosure: Some(DisclosureInput {
            considered: Some(true),
            decision: Some("not_agreed".into()),
            reason: Some("No third party at risk".into()),
            ..Default::default()
        }),
        level_decision: Some("stay".into()),
        level_rationale: Some("Risk unchanged".into()),
        actions: vec![ActionInput {
            description: Some("Home visit".into()),
            owner_agency: Some("pol".into()),
            due_date: Some("2026-12-20".into()),
            pillar: Some("monitoring_and_control".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn first(e: &ValidationErrors) -> (&str, &str) {
    let f = e.first().unwrap();
    (f.field.as_str(), f.code)
}

#[test]
fn mtg_3_the_review_date_defaults_to_the_configured_interval() {
    let m = minutes().parse(cx(2)).unwrap();
    assert_eq!(m.body.next_review_date, Some(jiff::civil::date(2027, 3, 24)));
    assert_eq!(m.actions[0].owner_agency, "POL");
    let mut given = minutes();
    given.next_review_date = Some("2026-12-02".into());
    assert_eq!(first(&given.parse(cx(2)).unwrap_err()), ("next_review_date", "not_after_meeting"));
}

#[test]
fn an_action_is_not_due_before_its_meeting() {
    let mut m = minutes();
    m.actions[0].due_date = Some("2026-12-01".into());
    assert_eq!(first(&m.parse(cx(2)).unwrap_err()), ("actions[0].due_date", "before_meeting"));
    m.actions[0].pillar = Some("other".into());
    assert_eq!(m.parse(cx(2)).unwrap_err().0.len(), 2);
}

#[test]
fn a_level_decision_needs_a_rationale_and_a_possible_move() {
    let mut m = minutes();
    m.level_rationale = None;
    assert_eq!(first(&m.parse(cx(2)).unwrap_err()), ("level_rationale", "required"));
    let mut up = minutes();
    up.level_decision = Some("up".into());
    assert_eq!(first(&up.parse(cx(3)).unwrap_err()), ("level_decision", "not_possible_at_level"));
    let mut down = minutes();
    down.level_decision = Some("down".into());
    assert_eq!(first(&down.parse(cx(2)).unwrap_err()), ("level_decision", "not_possible_at_level"));
    let mut exit = minutes();
    exit.level_decision = Some("exit".into());
    assert_eq!(exit.parse(cx(2)).unwrap().body.next_review_date, None);
}

#[test]
fn lvl_5_a_level_3_case_is_considered_as_a_cppc() {
    assert_eq!(first(&minutes().parse(cx(3)).unwrap_err()), ("cppc_considered", "required"));
    let mut m = minutes();
    m.cppc_considered = Some(false);
    assert!(m.parse(cx(3)).is_ok());
    let mut up = minutes();
    up.level_decision = Some("up".into());
    assert_eq!(first(&up.parse(cx(2)).unwrap_err()), ("cppc_considered", "required"));
}

#[test]
fn mtg_9_disclosure_is_considered_and_an_agreed_one_says_who_how_and_when() {
    let mut m = minutes();
    m.disclosure = None;
    assert_eq!(first(&m.parse(cx(2)).unwrap_err()), ("disclosure", "required"));
    let mut agreed = minutes();
    agreed.disclosure.as_mut().unwrap().decision = Some("agreed".into());
    let e = agreed.parse(cx(2)).unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["disclosure.recipient", "disclosure.by_whom", "disclosure.method", "disclosure.when"]);
    let d = agreed.disclosure.as_mut().unwrap();
    d.recipient = Some("Headteacher".into());
    d.by_whom = Some("Police manager".into());
    d.method = Some("In person".into());
    d.when = Some("2026-12-04".into());
    assert_eq!(agreed.parse(cx(2)).unwrap().body.disclosure.unwrap().decision, DisclosureDecision::Agreed);
}

#[test]
fn min_6_a_refusal_to_share_is_recorded_with_its_reason() {
    let mut m = minutes();
    m.information_shared = vec![SharedInformation { agency: "hsg".into(), declined: true, ..Default::default() }];
    assert_eq!(first(&m.parse(cx(2)).unwrap_err()), ("information_shared[0].declined_reason", "required"));
    m.information_shared[0].declined_reason = Some("Tenancy details are held under a court order".into());
    assert_eq!(m.parse(cx(2)).unwrap().body.information_shared[0].agency, "HSG");
}

#[test]
fn actions_done_late_and_overdue() {
    let a = Action {
        id: ActionId::new(),
        meeting_case_id: MeetingCaseId::new(),
        nominal_id: NominalId::new(),
        description: "x".into(),
        owner_agency: "HSG".into(),
        owner_agency_name: "Housing".into(),
        owner_person: None,
        due_date: jiff::civil::date(2026, 12, 10),
        pillar: Pillar::Supervision,
        status: ActionStatus::Open,
        overdue: false,
        completed_on: None,
        completed_by: None,
        note: None,
        cancelled_reason: None,
        on_time: None,
    };
    assert!(!a.clone().settle(jiff::civil::date(2026, 12, 10)).overdue);
    assert!(a.clone().settle(jiff::civil::date(2026, 12, 11)).overdue);
    let done = Action { status: ActionStatus::Done, completed_on: Some(jiff::civil::date(2026, 12, 11)), ..a };
    let done = done.settle(jiff::civil::date(2026, 12, 20));
    assert_eq!((done.overdue, done.on_time), (false, Some(false)));
}
