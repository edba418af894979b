//! Serious further offences and Serious Case Reviews (issue 11, journey 5;
//! SFO-1, SCR-1..3): the notification and reviews by the supervising
//! agency; for a MAPPA case the Board's decision, with a remit and a lay
//! adviser, the notification within 5 days (a task) and the report's actions.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

fn day(days: i64) -> String {
    mappa_app::today_in_london(jiff::Timestamp::now()).checked_add(jiff::Span::new().days(days)).unwrap().to_string()
}

every_backend!(a_serious_further_offence_and_its_serious_case_review, |s, db| {
    crate::meetings::area(&s.app).await;
    let police = s.token("pol.manager").await;
    let id = crate::transfers::level_3_case(&s, &police).await;
    s.post(&format!("/api/v1/nominals/{id}/shares"), &police, json!({"agency": "PRB", "reason": "Licence"})).await;
    let probation = s.token("prb.manager").await;
    let path = format!("/api/v1/nominals/{id}/sfo");

    let (st, e) = s.post(&path, &probation, json!({"offence": "Wounding with intent"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "charged_on")));
    assert_eq!(s.post(&path, &s.token("hsg.partner").await, json!({})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.get(&path, &police).await.1, json!([]), "nothing stored");
    let (st, sfo) = s.post(&path, &probation, json!({"charged_on": day(-3), "offence": "Wounding with intent"})).await;
    assert_eq!((st, sfo["category"].as_i64(), sfo["level"].as_i64()), (StatusCode::CREATED, Some(2), Some(3)), "{sfo}");
    let steps = format!("{path}/{}/steps", sfo["id"].as_str().unwrap());

    // The reviews in order (SFO-1).
    let (_, e) = s.post(&steps, &probation, json!({"stage": "full_review", "note": "x"})).await;
    assert_eq!(error(&e), ("before_initial_review", "stage"));
    for stage in ["initial_review", "full_review", "action_plan"] {
        let (st, b) = s
            .post(
                &steps,
                &probation,
                json!({"stage": stage, "note": "Risk was assessed but not reviewed after the move"}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{stage}: {b}");
    }
    // The Board's decision is the MAPPA unit's; it needs a remit and a lay adviser (SCR-2).
    let decision = json!({"stage": "scr_decision", "warranted": true, "note": "Level 3 case; serious harm"});
    assert_eq!(s.post(&steps, &probation, decision.clone()).await.0, StatusCode::FORBIDDEN);
    let coordinator = s.token("prb.coordinator").await;
    let (_, e) = s.post(&steps, &coordinator, decision.clone()).await;
    assert_eq!(error(&e), ("required", "remit"));
    let mut decision = decision;
    decision["remit"] = json!("Whether MAPPA was applied effectively after his move");
    decision["lay_adviser"] = json!("Kim Osei");
    let (st, sfo) = s.post(&steps, &coordinator, decision).await;
    assert_eq!((st, sfo["scr_notify_by"].as_str()), (StatusCode::CREATED, Some(day(5).as_str())), "{sfo}");
    // SCR-3: notify within 5 days: in the compliance list, and a task for
    // the MAPPA unit's agency until done.
    let listed = |v: &Value| v.to_string().contains("scr_notification");
    assert!(listed(&s.get("/api/v1/compliance?status=due_soon", &police).await.1));
    s.app.sweep(None, false).await.unwrap();
    assert!(!listed(&s.get("/api/v1/tasks", &police).await.1), "the owner gets no task for the Board's work");
    assert!(s.get("/api/v1/tasks", &coordinator).await.1.to_string().contains("scr_notification"));
    assert_eq!(s.post(&steps, &coordinator, json!({"stage": "scr_notified"})).await.0, StatusCode::CREATED);
    s.app.sweep(None, false).await.unwrap();
    assert!(!s.get("/api/v1/tasks", &coordinator).await.1.to_string().contains("scr_notification"));
    assert!(!listed(&s.get("/api/v1/compliance?status=due_soon", &police).await.1));
    // The report's actions name an owner by grade, rank or role, with a date.
    let (_, e) =
        s.post(&steps, &coordinator, json!({"stage": "scr_action", "note": "Brief all offender managers"})).await;
    assert_eq!(error(&e), ("required", "owner_role"));
    let action = json!({"stage": "scr_action", "note": "Brief all offender managers", "owner_role": "Head of Probation Delivery Unit", "due_date": day(60)});
    let (st, sfo) = s.post(&steps, &coordinator, action).await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(sfo["steps"].as_array().map(Vec::len), Some(6));

    // A case outside MAPPA has no Serious Case Review.
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let other = created["id"].as_str().unwrap().to_string();
    let (_, sfo) = s
        .post(&format!("/api/v1/nominals/{other}/sfo"), &police, json!({"charged_on": day(-1), "offence": "Rape"}))
        .await;
    let steps = format!("/api/v1/nominals/{other}/sfo/{}/steps", sfo["id"].as_str().unwrap());
    let s3 = s.token("pol.chair").await;
    let (_, e) = s.post(&steps, &s3, json!({"stage": "scr_decision", "warranted": false, "note": "x"})).await;
    assert!(e.to_string().contains("not_mappa") || e["error"]["code"] == "not_found", "{e}");
    s.stop().await;
});

every_backend!(a_serious_further_offence_through_the_pages, |s, db| {
    let police = s.token("pol.manager").await;
    let id = crate::transfers::level_3_case(&s, &police).await;
    let manager = signed_in(&s, "pol.manager").await;
    let (st, form) = page(&manager, &s, &format!("/people/{id}/sfo/new")).await;
    assert_eq!(st, StatusCode::OK);
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/sfo/new"));
    let r = manager.post(&url).form(&[("csrf_token", csrf.as_str()), ("offence", "Robbery")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("Enter the date they were charged"), "{html}");
    let today = mappa_app::today_in_london(jiff::Timestamp::now());
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("offence", "Robbery"),
        ("charged_on-day", &d),
        ("charged_on-month", &m),
        ("charged_on-year", &y),
    ];
    assert_eq!(manager.post(&url).form(&fields).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&manager, &s, &format!("/people/{id}/protection")).await;
    assert!(html.contains("Serious further offence notified") && html.contains("Category 2, level 3"), "{html}");
    let sfo = html
        .split(&format!("href=\"/people/{id}/sfo/"))
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .find(|x| *x != "new")
        .unwrap()
        .to_string();
    let (_, form) = page(&manager, &s, &format!("/people/{id}/sfo/{sfo}")).await;
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/sfo/{sfo}"));
    let r =
        manager.post(&url).form(&[("csrf_token", csrf.as_str()), ("stage", "initial_review")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Enter what the initial review found"));
    let r = manager
        .post(&url)
        .form(&[("csrf_token", csrf.as_str()), ("stage", "initial_review"), ("note", "Contact was kept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&manager, &s, &format!("/people/{id}/protection")).await;
    assert!(html.contains("Initial review,") && html.contains("Contact was kept"), "{html}");
    s.stop().await;
});
