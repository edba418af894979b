//! Disclosure scheme applications (issue 11, journeys 2 and 3; CSO-1..5,
//! DVDS-1..6): recorded about a record or a new one, each step kept, the
//! timescales as due dates, in the compliance list and as tasks for the
//! handling agency, which alone sees the application.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

const APPLICANT: &str = "Wenna Castellane-Pryor, grandmother";

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

fn day(days: i64) -> String {
    mappa_app::today_in_london(jiff::Timestamp::now()).checked_add(jiff::Span::new().days(days)).unwrap().to_string()
}

every_backend!(a_child_sex_offender_disclosure_application_from_asking_to_disclosure, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    s.post(&format!("/api/v1/nominals/{id}/shares"), &police, json!({"agency": "PRB", "reason": "Licence"})).await;
    let apps = "/api/v1/disclosure-applications";
    let body = json!({"scheme": "csods", "route": "right_to_ask", "received": day(0), "subject_nominal_id": id,
        "applicant": APPLICANT, "children": "Two grandchildren aged 6 and 9", "contact": "He babysits at weekends",
        "immediate_risk": true});

    // Bad input names its field; nothing is stored.
    let mut no_day = body.clone();
    no_day.as_object_mut().unwrap().remove("received");
    let (st, e) = s.post(apps, &police, no_day).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "received")));
    let mut both = body.clone();
    both["subject"] = json!({"surname": "X", "forenames": "Y", "date_of_birth": "1990-01-01", "gender": "male"});
    assert_eq!(error(&s.post(apps, &police, both).await.1), ("both_subjects", "subject"));
    let mut bad_scheme = body.clone();
    bad_scheme["scheme"] = json!("sarahs_law");
    assert_eq!(error(&s.post(apps, &police, bad_scheme).await.1), ("invalid_choice", "scheme"));
    assert_eq!(s.post(apps, &s.token("pol.reception").await, body.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.post(apps, &s.token("hsg.partner").await, body.clone()).await.0, StatusCode::NOT_FOUND);
    let list = format!("/api/v1/nominals/{id}/disclosure-applications");
    assert_eq!(s.get(&list, &police).await.1, json!([]), "nothing stored");

    // Recorded: due in 45 days counting today (CSO-4); urgent safeguarding now.
    let (st, a) = s.post(apps, &police, body).await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    assert_eq!((a["due_date"].as_str(), a["id"].is_string()), (Some(day(44).as_str()), true));
    let app = a["id"].as_str().unwrap().to_string();
    s.app.sweep(None, false).await.unwrap();
    let tasks = s.get("/api/v1/tasks", &police).await.1.to_string();
    assert!(tasks.contains("application_urgent") && tasks.contains("application_due"), "{tasks}");
    let (_, soon) = s.get("/api/v1/compliance?status=due_soon", &police).await;
    assert!(!soon.to_string().contains("application_due"), "45 days away is not yet due soon");
    // Probation reaches the record but does not handle the application: it sees none of it.
    let probation = s.token("prb.manager").await;
    assert_eq!(s.get(&list, &probation).await.1, json!([]));
    let steps = format!("{apps}/{app}/stages");
    assert_eq!(s.post(&steps, &probation, json!({"stage": "checks"})).await.0, StatusCode::NOT_FOUND);

    // The steps, in order; the disclosure only after a decision to disclose.
    assert_eq!(
        error(&s.post(&steps, &police, json!({"stage": "disclosure", "method": "in_person"})).await.1),
        ("before_decision", "stage")
    );
    for stage in ["initial_contact", "face_to_face", "checks"] {
        assert_eq!(s.post(&steps, &police, json!({"stage": stage})).await.0, StatusCode::CREATED, "{stage}");
    }
    let decision = json!({"stage": "decision", "outcome": "disclose", "reasons": "Convictions for sexual offences against children; he has unsupervised contact"});
    assert_eq!(error(&s.post(&steps, &police, decision.clone()).await.1), ("required", "recipient"));
    let mut decision = decision;
    decision["recipient"] = json!("The children's mother, best placed to protect them");
    assert_eq!(s.post(&steps, &police, decision).await.0, StatusCode::CREATED);
    s.app.sweep(None, false).await.unwrap();
    assert!(
        !s.get("/api/v1/tasks", &police).await.1.to_string().contains("application_urgent"),
        "decided: no longer urgent"
    );
    // An extension needs a later day and the circumstances.
    let (_, e) = s
        .post(&steps, &police, json!({"stage": "extension", "extended_to": day(10), "note": "Awaiting checks abroad"}))
        .await;
    assert_eq!(error(&e), ("not_later", "extended_to"));
    let (_, a) = s
        .post(&steps, &police, json!({"stage": "extension", "extended_to": day(60), "note": "Awaiting checks abroad"}))
        .await;
    assert_eq!(a["due_date"], day(60));
    let (st, a) = s.post(&steps, &police, json!({"stage": "disclosure", "method": "in_person"})).await;
    assert_eq!((st, a["disclosed_on"].as_str()), (StatusCode::CREATED, Some(day(0).as_str())));
    let (_, a) = s.post(&steps, &police, json!({"stage": "closed"})).await;
    assert!(a["closed_on"].is_string());
    assert_eq!(error(&s.post(&steps, &police, json!({"stage": "checks"})).await.1), ("closed", "stage"));
    s.app.sweep(None, false).await.unwrap();
    assert!(!s.get("/api/v1/tasks", &police).await.1.to_string().contains("application_due"), "closed: done");
    let (_, trail) = s.get(&format!("/api/v1/audit?nominal={id}"), &s.token("pol.auditor").await).await;
    assert!(trail.to_string().contains("application.record") && !trail.to_string().contains("Castellane"), "{trail}");
    // The scheme, route, day and subject are enough to record one; a decision
    // to disclose then needs to know who is at risk.
    let bare = json!({"scheme": "dvds", "route": "right_to_know", "received": day(0), "subject_nominal_id": id});
    let (st, a) = s.post(apps, &police, bare).await;
    assert_eq!((st, a["due_date"].as_str()), (StatusCode::CREATED, Some(day(27).as_str())), "{a}");
    let steps = format!("{apps}/{}/stages", a["id"].as_str().unwrap());
    let decide =
        json!({"stage": "decision", "outcome": "disclose", "reasons": "r", "decided_by": "Forum", "recipient": "Her"});
    assert_eq!(error(&s.post(&steps, &police, decide).await.1), ("at_risk_unknown", "stage"));
    s.stop().await;
});

every_backend!(a_domestic_violence_disclosure_about_someone_not_yet_recorded, |s, db| {
    let police = s.token("pol.manager").await;
    let apps = "/api/v1/disclosure-applications";
    let subject =
        json!({"surname": "Harrowgate-Finch", "forenames": "Milo", "date_of_birth": "1986-04-21", "gender": "male"});
    // Received 20 days ago: 28 days to complete, counting that day (DVDS-3).
    let body = json!({"scheme": "dvds", "route": "right_to_ask", "received": day(-20), "subject": subject,
        "applicant": "The person at risk herself", "person_at_risk": "His partner of six months", "immediate_risk": true});
    // A new subject's problems are named under `subject.`, and no record is left behind.
    let mut bad = body.clone();
    bad["subject"]["surname"] = json!("");
    assert_eq!(error(&s.post(apps, &police, bad).await.1), ("required", "subject.surname"));
    let mut bad_app = body.clone();
    bad_app["route"] = json!("on_request");
    assert_eq!(error(&s.post(apps, &police, bad_app).await.1), ("invalid_choice", "route"));
    let (_, found) = s.post("/api/v1/nominals/search", &police, json!({"text": "Harrowgate-Finch"})).await;
    assert!(!found.to_string().contains("Milo"), "no record made: {found}");

    let (st, a) = s.post(apps, &police, body).await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    assert_eq!(
        (a["due_date"].as_str(), a["initial_review_due"].as_str()),
        (Some(day(7).as_str()), Some(day(-19).as_str()))
    );
    assert!(a["face_to_face_due"].is_string());
    let id = a["subject_nominal_id"].as_str().unwrap().to_string();
    let (_, found) = s.post("/api/v1/nominals/search", &police, json!({"text": "Harrowgate-Finch"})).await;
    assert!(found.to_string().contains(&id), "the new record is searchable: {found}");
    let (_, soon) = s.get("/api/v1/compliance?status=due_soon", &police).await;
    assert!(soon.to_string().contains("application_due"), "{soon}");
    s.app.sweep(None, false).await.unwrap();
    let tasks = s.get("/api/v1/tasks", &police).await.1.to_string();
    assert!(tasks.contains("application_review") && tasks.contains("application_meeting"), "{tasks}");

    let steps = format!("{apps}/{}/stages", a["id"].as_str().unwrap());
    for stage in ["initial_review", "face_to_face", "checks"] {
        assert_eq!(s.post(&steps, &police, json!({"stage": stage})).await.0, StatusCode::CREATED);
    }
    s.app.sweep(None, false).await.unwrap();
    let tasks = s.get("/api/v1/tasks", &police).await.1.to_string();
    assert!(!tasks.contains("application_review") && !tasks.contains("application_meeting"), "{tasks}");
    let decision = json!({"stage": "decision", "outcome": "disclose", "reasons": "Two convictions for assaulting former partners",
        "recipient": "His partner"});
    assert_eq!(error(&s.post(&steps, &police, decision.clone()).await.1), ("required", "decided_by"));
    let mut decision = decision;
    decision["decided_by"] = json!("Local multi-agency forum of 2 December");
    assert_eq!(s.post(&steps, &police, decision).await.0, StatusCode::CREATED);
    assert_eq!(
        error(&s.post(&steps, &police, json!({"stage": "disclosure", "method": "letter"})).await.1),
        ("in_person_only", "method")
    );
    assert_eq!(
        s.post(&steps, &police, json!({"stage": "disclosure", "method": "in_person"})).await.0,
        StatusCode::CREATED
    );
    s.stop().await;
});

every_backend!(a_disclosure_scheme_application_through_the_pages, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let manager = signed_in(&s, "pol.manager").await;
    let (_, form) = page(&manager, &s, &format!("/people/{id}/applications/new")).await;
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/applications/new"));
    let r = manager.post(&url).form(&[("csrf_token", csrf.as_str()), ("scheme", "csods")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("govuk-error-summary") && html.contains("Enter the date the application was received"),
        "{html}"
    );
    let today = mappa_app::today_in_london(jiff::Timestamp::now());
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("scheme", "csods"),
        ("route", "right_to_ask"),
        ("received-day", &d),
        ("received-month", &m),
        ("received-year", &y),
        ("applicant", APPLICANT),
        ("children", "A girl of 7"),
        ("contact", "Lives in the same house"),
    ];
    assert_eq!(manager.post(&url).form(&fields).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&manager, &s, &format!("/people/{id}/protection")).await;
    assert!(
        html.contains("Child Sex Offender Disclosure Scheme application") && html.contains("To be completed by"),
        "{html}"
    );
    let app = html
        .split(&format!("href=\"/people/{id}/applications/"))
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|a| *a != "new")
        .expect("a link to record a step")
        .to_string();
    let (_, form) = page(&manager, &s, &format!("/people/{id}/applications/{app}")).await;
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/applications/{app}"));
    let r = manager.post(&url).form(&[("csrf_token", csrf.as_str()), ("stage", "decision")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Select the decision"));
    let r =
        manager.post(&url).form(&[("csrf_token", csrf.as_str()), ("stage", "initial_contact")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&manager, &s, &format!("/people/{id}/protection")).await;
    assert!(html.contains("Initial contact,"), "{html}");
    s.stop().await;
});
