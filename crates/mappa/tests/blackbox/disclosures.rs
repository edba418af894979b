//! MAPPA disclosure (issue 11, journey 1; DIS-1..6): a decision with its
//! reasons to a third party outside MAPPA, then the disclosure made; the
//! duty to consider disclosure for a managed child sex offender (DIS-6) in
//! the compliance list and as a task until a decision is recorded.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

const RECIPIENT: &str = "Ms Ilse Marchetti-Obi, head teacher";

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

/// A Category 1 child sex offender, shared with probation and housing.
pub async fn child_sex_offender(s: &TestServer, police: &str) -> String {
    let (_, created) = s.post("/api/v1/nominals", police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let conviction = json!({"kind": "conviction", "date": "2024-03-04", "schedule_3": true,
        "offences": [{"description": "Sexual activity with a child", "schedule_3": true, "child_sex_offence": true}],
        "sentence": {"type": "imprisonment", "term_months": 12}});
    let (st, body) = s.post(&format!("/api/v1/nominals/{id}/disposals"), police, conviction).await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let decision = json!({"kind": "category", "value": 1, "rationale": "Subject to notification (CAT-1)"});
    let (st, body) = s.post(&format!("/api/v1/nominals/{id}/decisions"), police, decision).await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    for agency in ["PRB", "HSG"] {
        let share = json!({"agency": agency, "reason": "Multi-agency risk management"});
        s.post(&format!("/api/v1/nominals/{id}/shares"), police, share).await;
    }
    id
}

pub fn decision() -> Value {
    json!({"decision": "disclose", "recipient": RECIPIENT, "recipient_kind": "school",
           "recipient_organisation": "Brookfield Primary School",
           "information": "His conviction for sexual activity with a child and his licence conditions",
           "reasonable": "He collects a child from the school", "necessary": "Only the school can supervise contact",
           "lawful": "CJA 2003 s327A; common law", "proportionate": "Limited to the head teacher",
           "by_whom": "Police and probation jointly", "method": "in_person"})
}

every_backend!(a_disclosure_decision_then_the_disclosure_made_and_the_dis6_duty, |s, db| {
    let police = s.token("pol.manager").await;
    let id = child_sex_offender(&s, &police).await;
    let path = format!("/api/v1/nominals/{id}/disclosures");

    // DIS-6: managed, a child sex offence, no decision: in the compliance
    // list and, after the sweep, a task.
    let duty = |list: &Value| {
        list["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id.as_str() && e["kind"] == "disclosure_consideration")
    };
    // Due from the day the category was decided (today).
    let due_soon = "/api/v1/compliance?status=due_soon";
    assert!(duty(&s.get(due_soon, &police).await.1));
    s.app.sweep(None, false).await.unwrap();
    assert!(s.get("/api/v1/tasks", &police).await.1.to_string().contains("disclosure_consideration"));

    // Bad input: each names its field, nothing is stored.
    let mut to_agency = decision();
    to_agency["recipient_organisation"] = json!("prb");
    let (st, e) = s.post(&path, &police, to_agency).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("mappa_agency", "recipient_organisation")));
    let mut no_reasons = decision();
    no_reasons.as_object_mut().unwrap().remove("lawful");
    assert_eq!(error(&s.post(&path, &police, no_reasons).await.1), ("required", "lawful"));
    let mut early = decision();
    early["decided_on"] = json!("2026-01-10");
    early["disclosed_on"] = json!("2026-01-09");
    early["undertaking_signed_on"] = json!("2026-01-09");
    early["offender_told"] = json!(true);
    assert_eq!(error(&s.post(&path, &police, early).await.1), ("before_decision", "disclosed_on"));
    // The MAPPA unit decides only at a meeting; reception not at all; an
    // agency outside the record's reach is told nothing.
    crate::meetings::area(&s.app).await;
    let coordinator = s.token("prb.coordinator").await;
    let st = s.post(&path, &coordinator, decision()).await.0;
    assert!(st == StatusCode::NOT_FOUND || st == StatusCode::UNPROCESSABLE_ENTITY, "{st}");
    assert_eq!(s.post(&path, &s.token("pol.reception").await, decision()).await.0, StatusCode::FORBIDDEN);
    let (_, stranger) = s.post("/api/v1/nominals", &police, person()).await;
    let other = stranger["id"].as_str().unwrap();
    let probation = s.token("prb.manager").await;
    assert_eq!(
        s.post(&format!("/api/v1/nominals/{other}/disclosures"), &probation, decision()).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.get(&path, &police).await.1, json!([]), "nothing stored");

    // The lead agency decides between meetings, to disclose within the week: the duty is met.
    let mut by_friday = decision();
    by_friday["planned_on"] =
        json!(jiff::Zoned::now().date().checked_add(jiff::Span::new().days(5)).unwrap().to_string());
    let (st, d) = s.post(&path, &police, by_friday).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    assert_eq!((d["decision"].as_str(), d["disclosed_on"].as_str()), (Some("disclose"), None));
    assert!(!duty(&s.get(due_soon, &police).await.1));
    let to_make = |list: &Value| list.to_string().contains("disclosure_to_make");
    assert!(to_make(&s.get(due_soon, &police).await.1), "the disclosure agreed is due by its day");
    s.app.sweep(None, false).await.unwrap();
    assert!(!s.get("/api/v1/tasks", &police).await.1.to_string().contains("disclosure_consideration"));

    // The disclosure made: the undertaking and the offender's knowledge are required.
    let made = format!("{path}/{}/made", d["id"].as_str().unwrap());
    let today = jiff::Zoned::now().date().to_string();
    let (st, e) = s.post(&made, &police, json!({"disclosed_on": today, "offender_told": false})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "undertaking_signed_on")));
    let body = json!({"disclosed_on": today, "undertaking_signed_on": today, "offender_told": false,
                      "not_told_reason": "Telling him now would increase the risk to the child"});
    let (st, d) = s.post(&made, &police, body.clone()).await;
    assert_eq!(
        (st, d["offender_told"].as_bool(), d["disclosed_on"].as_str()),
        (StatusCode::OK, Some(false), Some(today.as_str()))
    );
    assert_eq!(s.post(&made, &police, body.clone()).await.1["error"]["code"], "already_disclosed");
    assert!(!to_make(&s.get(due_soon, &police).await.1), "made: no longer due");

    // A decision not to disclose cannot be carried out.
    let mut no = decision();
    no["decision"] = json!("not_disclose");
    let (_, n) = s.post(&path, &police, no).await;
    let made_no = format!("{path}/{}/made", n["id"].as_str().unwrap());
    assert_eq!(s.post(&made_no, &police, body).await.1["error"]["code"], "not_to_disclose");

    // Probation reaches the record and reads the decisions; the audit trail
    // never names the recipient.
    let (_, list) = s.get(&path, &probation).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let (_, trail) = s.get(&format!("/api/v1/audit?nominal={id}"), &s.token("pol.auditor").await).await;
    let trail = trail.to_string();
    assert!(
        trail.contains("disclosure.decide") && trail.contains("disclosure.made") && trail.contains("disclosures.view")
    );
    assert!(!trail.contains("Marchetti"), "{trail}");
    s.stop().await;
});

every_backend!(a_disclosure_decided_at_a_meeting_through_the_pages, |s, db| {
    let (l2, _) = crate::meetings::area(&s.app).await;
    let (id, _meeting, case) = crate::meetings::listed_case(&s, &l2).await;
    let coordinator = signed_in(&s, "prb.coordinator").await;
    let (st, form) = page(&coordinator, &s, &format!("/people/{id}/disclosures/new")).await;
    assert_eq!(st, StatusCode::OK, "{form}");
    assert!(form.contains(&format!("value=\"{case}\"")), "the meeting is offered: {form}");
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/disclosures/new"));
    // Between meetings the coordinator cannot decide; the error summary says so.
    let d = decision();
    let mut fields: Vec<(String, String)> =
        d.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect();
    fields.push(("csrf_token".into(), csrf.clone()));
    let r = coordinator.post(&url).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("govuk-error-summary") && html.contains("Select the meeting at which it was decided"),
        "{html}"
    );
    fields.push(("meeting_case_id".into(), case.clone()));
    let r = coordinator.post(&url).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&coordinator, &s, &format!("/people/{id}/protection")).await;
    assert!(html.contains("Decision to disclose") && html.contains("At the MAPPA meeting of"), "{html}");
    assert!(
        html.contains("Record the disclosure made") && html.contains(RECIPIENT.split(',').next().unwrap()),
        "{html}"
    );
    s.stop().await;
});

every_backend!(a_meetings_disclosure_decision_meets_the_dis6_duty, |s, db| {
    let (l2, _) = crate::meetings::area(&s.app).await;
    let (id, meeting, case) = crate::meetings::listed_case(&s, &l2).await;
    let police = s.token("pol.manager").await;
    let conviction = json!({"kind": "conviction", "date": "2024-03-04", "schedule_3": true,
        "offences": [{"description": "Sexual activity with a child", "schedule_3": true, "child_sex_offence": true}],
        "sentence": {"type": "imprisonment", "term_months": 12}});
    let (st, body) = s.post(&format!("/api/v1/nominals/{id}/disposals"), &police, conviction).await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let obligations = format!("/api/v1/nominals/{id}/obligations");
    let duty = |v: &Value| v.to_string().contains("disclosure_consideration");
    assert!(duty(&s.get(&obligations, &police).await.1), "managed at level 2, a child sex offence, no decision");
    // The meeting considers disclosure (MTG-9) and its minutes are approved.
    let url = format!("/api/v1/meetings/{meeting}/cases/{case}/minutes");
    let body = crate::meetings::minutes("stay", &crate::meetings::days_from_today(7));
    let (st, draft) = s.call(reqwest::Method::PUT, &url, &s.token("prb.coordinator").await, Some(body)).await;
    assert_eq!(st, StatusCode::OK, "{draft}");
    assert_eq!(s.post(&format!("{url}/approve"), &s.token("pol.chair").await, json!({})).await.0, StatusCode::OK);
    assert!(!duty(&s.get(&obligations, &police).await.1), "the meeting's decision meets the duty");
    s.stop().await;
});
