//! Potentially dangerous persons (issue 11, journey 6; PDP-1..6): recorded
//! with reasons and a named officer, reviewed at the configured interval (in
//! the compliance list and as a task when due), removed with a reason.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

fn day(months_ago: i64) -> String {
    let today = jiff::Zoned::now().date();
    today.checked_sub(jiff::Span::new().months(months_ago)).unwrap().to_string()
}

every_backend!(a_pdp_is_recorded_reviewed_when_due_and_removed, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let pdp = format!("/api/v1/nominals/{id}/pdp");

    // Bad input, and those who may not decide: nothing stored.
    let (st, e) = s.post(&pdp, &police, json!({"officer": "nobody"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reasons")));
    let body = json!({"reasons": "Repeated threats to harm a former partner; no conviction", "officer": "prb.manager"});
    assert_eq!(error(&s.post(&pdp, &police, body).await.1), ("unknown_user", "officer"));
    let future = json!({"reasons": "Threats", "recorded_on": "2999-01-01"});
    assert_eq!(error(&s.post(&pdp, &police, future).await.1), ("date_in_future", "recorded_on"));
    let reception = s.token("pol.reception").await;
    let good = json!({"reasons": "Repeated threats to harm a former partner; no conviction",
                      "officer": "pol.manager", "recorded_on": day(13)});
    assert_eq!(s.post(&pdp, &reception, good.clone()).await.0, StatusCode::FORBIDDEN);
    let housing = s.token("hsg.partner").await;
    assert_eq!(s.post(&pdp, &housing, good.clone()).await.0, StatusCode::NOT_FOUND);
    let review = format!("{pdp}/reviews");
    let (st, e) = s.post(&review, &police, json!({"note": "Still a risk"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("not_pdp")));
    assert_eq!(s.get(&pdp, &police).await.1, json!([]), "nothing stored");

    // Recorded 13 months ago: the review (12 months by default) is overdue,
    // in the compliance list and, after the sweep, a task.
    let (st, list) = s.post(&pdp, &police, good.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{list}");
    assert!(list[0]["officer"]["name"].is_string(), "{list}");
    assert_eq!(list[0]["next_review"], day(1));
    assert_eq!(s.post(&pdp, &police, good).await.1["error"]["code"], "already_pdp");
    let overdue = |list: &Value| {
        list["entries"].as_array().unwrap().iter().any(|e| e["id"] == id.as_str() && e["kind"] == "pdp_review")
    };
    assert!(overdue(&s.get("/api/v1/compliance?status=overdue", &police).await.1));
    s.app.sweep(None, false).await.unwrap();
    let (_, tasks) = s.get("/api/v1/tasks", &police).await;
    assert!(tasks.to_string().contains("pdp_review"), "{tasks}");

    // A review before the PDP was recorded is refused; today's moves the next a year on.
    let early = json!({"note": "Still a risk", "reviewed_on": day(14)});
    assert_eq!(error(&s.post(&review, &police, early).await.1), ("before_recorded", "reviewed_on"));
    let (st, list) =
        s.post(&review, &police, json!({"note": "Threats continue; contact with partner's new address"})).await;
    assert_eq!(st, StatusCode::CREATED, "{list}");
    let next = jiff::Zoned::now().date().checked_add(jiff::Span::new().months(12)).unwrap().to_string();
    assert_eq!(
        (list[0]["next_review"].as_str(), list[0]["reviews"].as_array().map(Vec::len)),
        (Some(next.as_str()), Some(1))
    );
    assert!(!overdue(&s.get("/api/v1/compliance?status=overdue", &police).await.1));
    s.app.sweep(None, false).await.unwrap();
    assert!(!s.get("/api/v1/tasks", &police).await.1.to_string().contains("pdp_review"), "the task is resolved");

    // Searchable like everyone else; a MAPPA case is never a PDP.
    let (_, found) = s.post("/api/v1/nominals/search", &police, json!({"text": "Adebayo"})).await;
    assert!(found.to_string().contains(&id), "{found}");

    // Removed with a reason: no review is due after it.
    let removal = format!("{pdp}/removal");
    assert_eq!(error(&s.post(&removal, &police, json!({})).await.1), ("required", "reason"));
    let (st, list) = s.post(&removal, &police, json!({"reason": "Partner moved abroad; no contact for a year"})).await;
    assert_eq!((st, list[0]["removed_on"].is_string(), list[0]["next_review"].is_null()), (StatusCode::OK, true, true));
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &police).await;
    assert!(!ob.to_string().contains("pdp_review"), "{ob}");
    let (_, trail) = s.get(&format!("/api/v1/audit?nominal={id}"), &s.token("pol.auditor").await).await;
    for action in ["pdp.record", "pdp.review", "pdp.remove", "pdp.view"] {
        assert!(trail.to_string().contains(action), "{action}: {trail}");
    }
    s.stop().await;
});

every_backend!(a_mappa_case_is_not_a_pdp_and_the_pages_record_one, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let manager = signed_in(&s, "pol.manager").await;
    let (st, html) = page(&manager, &s, &format!("/people/{id}/protection")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("never been recorded as a potentially dangerous person"), "{html}");
    let (_, form) = page(&manager, &s, &format!("/people/{id}/pdp/new")).await;
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/pdp/new"));
    let r = manager.post(&url).form(&[("csrf_token", csrf.as_str()), ("reasons", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("Enter the reasons"), "{html}");
    let form = [("csrf_token", csrf.as_str()), ("reasons", "Violent fantasies reported by a community nurse")];
    let r = manager.post(&url).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&manager, &s, &format!("/people/{id}/protection")).await;
    assert!(
        html.contains("Violent fantasies reported by a community nurse") && html.contains("Record a review"),
        "{html}"
    );
    let (_, record) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(record.contains("Not a MAPPA case: a potentially dangerous person"), "{record}");

    // A person managed under MAPPA cannot be recorded as a PDP (PDP-1).
    let (_, other) = s
        .post(
            "/api/v1/nominals",
            &police,
            json!({"surname": "Okonkwo-Reyes", "forenames": "Dara",
        "date_of_birth": "1979-05-05", "gender": "female"}),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_string();
    let decision = json!({"kind": "category", "value": 2, "rationale": "Licence for a violent offence"});
    let (st, d) = s.post(&format!("/api/v1/nominals/{other}/decisions"), &police, decision).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let (st, e) = s.post(&format!("/api/v1/nominals/{other}/pdp"), &police, json!({"reasons": "Threats"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("mappa_case", "reasons")));
    s.stop().await;
});
