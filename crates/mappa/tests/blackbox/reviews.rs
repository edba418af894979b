//! Review of indefinite notification (journey 7; REV-01..REV-08): applications
//! and their stages through the API and the pages, on every backend.

use crate::common::*;
use crate::every_backend;
use mappa_store::VerifyReport;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn factors() -> Value {
    Value::Array(
        mappa_domain::review_application::ReviewFactor::ALL
            .iter()
            .map(|f| json!({"factor": f.code(), "notes": "Considered at the review panel"}))
            .collect(),
    )
}

/// The stages up to the risk assessment, for an application received on 2 March 2026.
pub(crate) fn stages_to_assessment() -> Vec<Value> {
    vec![
        json!({"stage": "acknowledged", "date": "2026-03-03"}),
        json!({"stage": "bodies_consulted", "date": "2026-03-10", "bodies": ["probation", "childrens_services"]}),
        json!({"stage": "victims_consulted", "date": "2026-03-20", "victims": "not_applicable", "reason": "No identifiable victim"}),
        json!({"stage": "risk_assessed", "date": "2026-04-01", "factors": factors()}),
    ]
}

/// A person subject to indefinite notification who may apply for a review:
/// a Schedule 3 conviction with 36 months' imprisonment at 16 and a first
/// notification on 12 January 2005, so the qualifying date is 12 January 2013
/// (REV-03: 8 years for someone under 18 on the relevant date; CONV-8).
pub(crate) async fn new_person(s: &TestServer, t: &str) -> String {
    let (st, created) = s.post("/api/v1/nominals", t, person()).await;
    assert_eq!(st, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let (st, body) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            t,
            json!({"kind": "conviction", "date": "2005-01-10", "schedule_3": true,
                   "sentence": {"type": "imprisonment", "term_months": 36}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let (st, body) = s
        .post(&format!("/api/v1/nominals/{id}/notifications"), t, json!({"date": "2005-01-12", "kind": "initial"}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    id
}

pub(crate) async fn apply(s: &TestServer, t: &str, id: &str) -> String {
    let r = s
        .client
        .post(s.url(&format!("/api/v1/nominals/{id}/review-applications")))
        .bearer_auth(t)
        .json(&json!({"received": "2026-03-02", "in_writing": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let (st, a) = s.get(&location, t).await;
    assert_eq!(st, StatusCode::OK, "{a}");
    a["id"].as_str().unwrap().to_string()
}

pub(crate) async fn stage(s: &TestServer, t: &str, id: &str, app: &str, body: Value) -> (StatusCode, Value) {
    s.post(&format!("/api/v1/nominals/{id}/review-applications/{app}/stages"), t, body).await
}

every_backend!(review_applications_to_continuation_and_to_discharge, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let app = apply(&s, &t, &id).await;
    let (_, listed) = s.get(&format!("/api/v1/nominals/{id}/review-applications"), &t).await;
    let status = &listed["applications"][0]["status"];
    // REV-07: six weeks from receipt by default; undecided since, so overdue.
    assert_eq!(
        (status["decision_due"].as_str(), status["decision_overdue"].as_bool()),
        (Some("2026-04-13"), Some(true))
    );
    assert_eq!(status["next_stages"], json!(["acknowledged"]));
    for body in stages_to_assessment() {
        let (st, v) = stage(&s, &t, &id, &app, body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let (st, v) = stage(
        &s,
        &t,
        &id,
        &app,
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "The risk of sexual harm remains", "further_review_years": 10, "notice_date": "2026-04-08"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"]["appeal_deadline"], "2026-04-28", "REV-08: 21 days beginning with the day of notice");
    assert_eq!(v["status"]["further_review_date"], "2036-04-06", "REV-04");
    assert_eq!(v["status"]["decision_overdue"], false);
    for body in [
        json!({"stage": "appeal_lodged", "date": "2026-04-20"}),
        json!({"stage": "appeal_decided", "date": "2026-06-01", "outcome": "upheld"}),
        json!({"stage": "closed", "date": "2026-06-02"}),
    ] {
        let (st, v) = stage(&s, &t, &id, &app, body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }

    // A second application, decided by discharge.
    let app2 = apply(&s, &t, &id).await;
    for body in stages_to_assessment() {
        assert_eq!(stage(&s, &t, &id, &app2, body).await.0, StatusCode::CREATED);
    }
    let (st, v) = stage(
        &s,
        &t,
        &id,
        &app2,
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "reasons": "Low risk on every assessment", "notice_date": "2026-04-07"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"]["next_stages"], json!(["closed"]));
    assert_eq!(v["status"]["appeal_deadline"], Value::Null);

    let (st, listed) = s.get(&format!("/api/v1/nominals/{id}/review-applications"), &t).await;
    assert_eq!(st, StatusCode::OK);
    let apps = listed["applications"].as_array().unwrap();
    assert_eq!(apps.len(), 2);
    let first = apps.iter().find(|a| a["id"] == app.as_str()).unwrap();
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}/review-applications/{app}"), &t).await.1["id"], app.as_str());
    assert_eq!(first["stages"].as_array().unwrap().len(), 8);
    assert_eq!(first["stages"][4]["outcome"], "continue");
    assert_eq!(first["stages"][4]["further_review_years"], 10);
    assert_eq!(first["stages"][3]["factors"].as_array().unwrap().len(), 13);
    assert_eq!(first["status"]["open"], false);

    // What the rules engine will take from the store (REV-04, EXIT-1).
    let decisions = s.app.store().review_decisions(&granted(id.parse().unwrap())).await.unwrap();
    let found: Vec<_> = decisions.iter().map(|d| (d.date.to_string(), d.outcome, d.further_review_years)).collect();
    use mappa_domain::rules::ReviewOutcome::{Continued, Discharged};
    assert_eq!(found, vec![("2026-04-07".into(), Discharged, None), ("2026-04-08".into(), Continued, Some(10))]);
    assert_eq!(
        s.app
            .store()
            .review_applications(&granted(id.parse().unwrap()))
            .await
            .unwrap()
            .iter()
            .filter(|a| a.is_open())
            .count(),
        1
    );

    // Every write and the reads are in the audit trail, with who did them.
    let auditor = s.token("pol.auditor").await;
    let (_, trail) = s.get(&format!("/api/v1/nominals/{id}/audit"), &auditor).await;
    let actions: Vec<&str> =
        trail["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "review_application.create").count(), 2);
    assert_eq!(actions.iter().filter(|a| **a == "review_application.stage").count(), 13);
    assert!(actions.contains(&"review_application.view"));
    let decided = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "review_application.stage" && e["after"]["stage"]["stage"] == "decided")
        .unwrap();
    assert_eq!(decided["actor_username"], "pol.manager");
    assert!(matches!(s.app.store().verify_audit_chain(None).await.unwrap(), VerifyReport::Intact { .. }));
    s.stop().await;
});

// REV-08, EXIT-1: the court allowing an appeal against a decision to
// continue discharges the requirements from its decision; the continuation it
// overturns sets no further qualifying date, so nothing conflicts with it.
every_backend!(an_appeal_allowed_ends_the_requirements_from_the_courts_decision, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let app = apply(&s, &t, &id).await;
    for body in stages_to_assessment().into_iter().chain([
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk remains", "notice_date": "2026-04-08"}),
        json!({"stage": "appeal_lodged", "date": "2026-04-20"}),
        json!({"stage": "appeal_decided", "date": "2026-06-01", "outcome": "allowed"}),
    ]) {
        let (st, v) = stage(&s, &t, &id, &app, body.clone()).await;
        assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
    }
    let (st, v) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (v["notification"]["subject"].as_bool(), v["notification"]["ends"].as_str()),
        (Some(false), Some("2026-05-31")),
        "subject until the day before the court's decision"
    );
    assert!(v["notification"]["review_further_qualifying_date"].is_null());
    s.stop().await;
});

every_backend!(bad_review_input_names_the_field_and_stores_nothing, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let path = format!("/api/v1/nominals/{id}/review-applications");
    let (st, e) = s.post(&path, &t, json!({"received": "2099-01-01", "in_writing": false})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some("received"), Some("date_in_future")));
    assert_eq!(e["error"]["errors"][1]["field"], "in_writing");
    assert_eq!(
        s.post(&path, &t, json!({"received": "2026-03-02", "in_writing": true, "colour": "red"})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(s.get(&path, &t).await.1["applications"], json!([]));

    let app = apply(&s, &t, &id).await;
    let version = s.get(&format!("/api/v1/nominals/{id}"), &t).await.1["version"].clone();
    let refused = [
        (json!({"stage": "decided", "date": "2026-03-03"}), "stage", "out_of_order"),
        (json!({"stage": "acknowledged", "date": "2026-03-01"}), "date", "before_previous_stage"),
        (json!({"stage": "acknowledged", "date": "2099-03-01"}), "date", "date_in_future"),
        (json!({"stage": "acknowledged", "date": "2026-02-30"}), "date", "invalid_date"),
        (json!({"stage": "appeal_lodged", "date": "2026-03-03"}), "stage", "appeal_without_continuation"),
        (json!({"stage": "acknowledged", "date": "2026-03-03", "reasons": "x"}), "reasons", "not_applicable"),
    ];
    for (body, field, code) in &refused {
        let (st, e) = stage(&s, &t, &id, &app, body.clone()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some(*field), Some(*code)), "{body}");
    }
    for body in stages_to_assessment() {
        assert_eq!(stage(&s, &t, &id, &app, body).await.0, StatusCode::CREATED);
    }
    let refused = [
        (
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "notice_date": "2026-04-07"}),
            "reasons",
            "required",
        ),
        (
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk", "further_review_years": 16, "notice_date": "2026-04-07"}),
            "further_review_years",
            "out_of_range",
        ),
        (
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk", "notice_date": "2026-04-05"}),
            "notice_date",
            "before_decision",
        ),
    ];
    for (body, field, code) in &refused {
        let (st, e) = stage(&s, &t, &id, &app, body.clone()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some(*field), Some(*code)), "{body}");
    }
    let (st, _) = stage(
        &s,
        &t,
        &id,
        &app,
        json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk", "notice_date": "2026-04-08"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, e) = stage(&s, &t, &id, &app, json!({"stage": "appeal_lodged", "date": "2026-04-29"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some("date"), Some("appeal_out_of_time")));
    // Only the accepted stages are stored and counted in the record's version.
    let (_, listed) = s.get(&path, &t).await;
    let stages = listed["applications"][0]["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 5);
    assert_eq!(stages[4]["further_review_years"], 8, "REV-04: 8 years by default");
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &t).await.1["version"], version.as_i64().unwrap() + 5);
    // An application id that is not this record's is not found.
    assert_eq!(
        stage(&s, &t, &id, "not-an-id", json!({"stage": "closed", "date": "2026-05-01"})).await.0,
        StatusCode::NOT_FOUND
    );
    let other = new_person(&s, &t).await;
    assert_eq!(
        stage(&s, &t, &other, &app, json!({"stage": "closed", "date": "2026-05-01"})).await.0,
        StatusCode::NOT_FOUND
    );
    s.stop().await;
});

every_backend!(reviews_are_need_to_know, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let app = apply(&s, &t, &id).await;
    let path = format!("/api/v1/nominals/{id}/review-applications");
    for user in ["prb.manager", "hsg.partner", "pol.analyst"] {
        let other = s.token(user).await;
        assert_eq!(s.get(&path, &other).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(s.get(&format!("{path}/{app}"), &other).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(
            s.post(&path, &other, json!({"received": "2026-03-02", "in_writing": true})).await.0,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        assert_eq!(
            stage(&s, &other, &id, &app, json!({"stage": "acknowledged", "date": "2026-03-03"})).await.0,
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
    // Reception may read but not record; a shared record is read-only to the partner.
    let reception = s.token("pol.reception").await;
    assert_eq!(s.get(&path, &reception).await.0, StatusCode::OK);
    assert_eq!(
        stage(&s, &reception, &id, &app, json!({"stage": "acknowledged", "date": "2026-03-03"})).await.0,
        StatusCode::FORBIDDEN
    );
    s.post(&format!("/api/v1/nominals/{id}/shares"), &t, json!({"agency": "HSG", "reason": "Housing needs to know"}))
        .await;
    let partner = s.token("hsg.partner").await;
    assert_eq!(s.get(&path, &partner).await.0, StatusCode::OK);
    assert_eq!(
        s.post(&path, &partner, json!({"received": "2026-03-02", "in_writing": true})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(s.get(&path, &t).await.1["applications"][0]["stages"], json!([]));
    // Pages answer 404 too.
    let probation =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    probation
        .post(s.url("/sign-in"))
        .form(&[("username", "prb.manager"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        probation.get(s.url(&format!("/people/{id}/review"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        probation.get(s.url(&format!("/people/{id}/review/{app}/stages/new"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    s.stop().await;
});

every_backend!(review_pages_record_an_application_and_its_stages, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let record = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(record.contains(&format!("href=\"/people/{id}/review\"")));
    let page = s.client.get(s.url(&format!("/people/{id}/review"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Review of indefinite notification") && page.contains("No applications for review recorded"));
    let token = csrf_of(&page);
    let post = |path: String, form: Vec<(String, String)>| {
        let client = s.client.clone();
        let url = s.url(&path);
        async move { client.post(url).form(&form).send().await.unwrap() }
    };
    // Form fields: the token and the given pairs.
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut v = vec![("csrf_token".to_string(), token.clone())];
        v.extend(pairs.iter().map(|(k, x)| (k.to_string(), x.to_string())));
        v
    };
    // A GOV.UK date input's three boxes.
    let date = |name: &str, day: &str, month: &str, year: &str| -> Vec<(String, String)> {
        vec![
            (format!("{name}-day"), day.to_string()),
            (format!("{name}-month"), month.to_string()),
            (format!("{name}-year"), year.to_string()),
        ]
    };

    // Not in writing: the error summary links to the field and nothing is stored.
    let mut bad = fields(&[]);
    bad.extend(date("received", "2", "3", "2026"));
    let r = post(format!("/people/{id}/review/applications"), bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#in_writing\""), "{html}");
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}/review-applications"), &t).await.1["applications"], json!([]));

    let mut good = fields(&[("in_writing", "yes")]);
    good.extend(date("received", "2", "3", "2026"));
    let r = post(format!("/people/{id}/review/applications"), good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, listed) = s.get(&format!("/api/v1/nominals/{id}/review-applications"), &t).await;
    let app = listed["applications"][0]["id"].as_str().unwrap().to_string();
    let page = s.client.get(s.url(&format!("/people/{id}/review"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Decision overdue") && page.contains("13 April 2026"), "{page}");
    assert!(page.contains(&format!("/people/{id}/review/{app}/stages/new")));

    let stage_path = format!("/people/{id}/review/{app}/stages/new");
    let form = s.client.get(s.url(&stage_path)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("Application acknowledged"));
    // A date before receipt is refused, naming the date field.
    let mut f = fields(&[("stage", "acknowledged")]);
    f.extend(date("date", "1", "3", "2026"));
    let r = post(stage_path.clone(), f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#date-day\""));

    let mut f = fields(&[("stage", "acknowledged")]);
    f.extend(date("date", "3", "3", "2026"));
    assert_eq!(post(stage_path.clone(), f).await.status(), StatusCode::SEE_OTHER);
    let form = s.client.get(s.url(&stage_path)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("Responsible bodies consulted"));
    let mut f = fields(&[("stage", "bodies_consulted")]);
    f.extend(date("date", "10", "3", "2026"));
    let r = post(stage_path.clone(), f.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#bodies\""));
    f.push(("bodies-probation".into(), "yes".into()));
    assert_eq!(post(stage_path.clone(), f).await.status(), StatusCode::SEE_OTHER);
    let mut f = fields(&[("stage", "victims_consulted"), ("victims", "consulted")]);
    f.extend(date("date", "20", "3", "2026"));
    assert_eq!(post(stage_path.clone(), f).await.status(), StatusCode::SEE_OTHER);
    let mut f = fields(&[("stage", "risk_assessed"), ("factor-seriousness-notes", "Index offence")]);
    f.extend(date("date", "1", "4", "2026"));
    for factor in mappa_domain::review_application::ReviewFactor::ALL {
        f.push((format!("factor-{}", factor.code()), "yes".into()));
    }
    assert_eq!(post(stage_path.clone(), f).await.status(), StatusCode::SEE_OTHER);
    // A discharge without reasons is refused, naming the reasons field.
    let mut f = fields(&[("stage", "decided"), ("outcome", "discharge")]);
    f.extend(date("date", "6", "4", "2026"));
    f.extend(date("notice_date", "7", "4", "2026"));
    let r = post(stage_path.clone(), f.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#reasons\""));
    f.push(("reasons".into(), "Low risk on every assessment".into()));
    assert_eq!(post(stage_path.clone(), f).await.status(), StatusCode::SEE_OTHER);
    let mut f = fields(&[("stage", "closed")]);
    f.extend(date("date", "8", "4", "2026"));
    assert_eq!(post(stage_path.clone(), f).await.status(), StatusCode::SEE_OTHER);

    let page = s.client.get(s.url(&format!("/people/{id}/review"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Discharge the notification requirements") && page.contains("Low risk on every assessment"));
    assert!(page.contains("Closed") && !page.contains("Decision overdue"));
    let (_, listed) = s.get(&format!("/api/v1/nominals/{id}/review-applications"), &t).await;
    assert_eq!(listed["applications"][0]["stages"][3]["factors"][3]["notes"], "Index offence");
    assert_eq!(listed["applications"][0]["stages"].as_array().unwrap().len(), 6);
    // A closed application has no next-stage form.
    assert_eq!(s.client.get(s.url(&stage_path)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    s.stop().await;
});

every_backend!(an_application_before_the_qualifying_date_is_refused_rev_03, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let path = format!("/api/v1/nominals/{id}/review-applications");
    let (st, e) = s.post(&path, &t, json!({"received": "2013-01-11", "in_writing": true})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (e["error"]["field"].as_str(), e["error"]["code"].as_str()),
        (Some("received"), Some("before_qualifying_date"))
    );
    assert_eq!(
        e["error"]["message"],
        "Date the application was received is before the qualifying date, 2013-01-12 (REV-03)"
    );
    assert_eq!(s.get(&path, &t).await.1["applications"], json!([]), "nothing stored");
    let (st, made) = s.post(&path, &t, json!({"received": "2013-01-12", "in_writing": true})).await;
    assert_eq!(st, StatusCode::CREATED, "{made}");
    // Someone not subject to indefinite notification cannot apply (REV-01).
    let (_, other) = s.post("/api/v1/nominals", &t, person()).await;
    let other = other["id"].as_str().unwrap();
    let (st, e) = s
        .post(
            &format!("/api/v1/nominals/{other}/review-applications"),
            &t,
            json!({"received": "2024-01-12", "in_writing": true}),
        )
        .await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("received")), "{e}");
    s.stop().await;
});
