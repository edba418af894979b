//! Breaches and wanted/missing circulations (journey 4): NOTIF-50..53, SRO-8.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A moment `hours` before now, as UK local time `YYYY-MM-DDTHH:MM`.
fn hours_ago_london(hours: i64) -> jiff::Zoned {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap();
    (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours)).to_zoned(tz)
}

fn local(z: &jiff::Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M").to_string()
}

async fn new_person(s: &TestServer, token: &str) -> String {
    let (st, created) = s.post("/api/v1/nominals", token, person()).await;
    assert_eq!(st, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_string()
}

fn actions(trail: &Value) -> Vec<String> {
    trail["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

every_backend!(breaches_are_recorded_flagged_when_late_and_their_outcomes_kept, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    // A Sexual Risk Order: the person is not (yet) subject to notification.
    let (st, sro) = s
        .post(
            &format!("/api/v1/nominals/{id}/orders"),
            &t,
            json!({"type": "sro", "court": "Thames Magistrates' Court", "made": "2025-01-06", "served": "2025-01-07",
                   "ends": "2028-01-05", "terms": [{"kind": "prohibition", "wording": "Not to loiter near schools"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{sro}");
    let sro_id = sro["id"].as_str().unwrap().to_string();
    let (_, before) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert_eq!(before["notification"]["subject"], false, "{before}");
    let path = format!("/api/v1/nominals/{id}/breaches");

    // NOTIF-53: established 30 hours ago is recorded late; 1 hour ago, on time.
    let late_at = hours_ago_london(30);
    let (st, late) = s
        .post(
            &path,
            &t,
            json!({"kind": "breach_of_order", "order_id": sro_id, "description": "Seen outside a primary school",
                   "discovered_at": local(&late_at)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{late}");
    assert_eq!(
        (late["recording"]["late"].as_bool(), late["recording"]["rule"].as_str()),
        (Some(true), Some("NOTIF-53"))
    );
    assert!(late["recording"]["explanation"].as_str().unwrap().contains("within 24 hours"));
    assert_eq!(late["order_id"], sro_id.as_str());
    assert_eq!(late["recorded_by"]["name"], "pol.manager");
    let (st, on_time) = s
        .post(
            &path,
            &t,
            json!({"kind": "failure_to_notify", "description": "Did not notify a new address within 3 days",
                   "discovered_at": hours_ago_london(1).timestamp().to_string()}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{on_time}");
    assert_eq!(on_time["recording"]["late"], false);

    // Outcomes move on and are kept as history.
    let breach_id = late["id"].as_str().unwrap();
    let outcomes = format!("{path}/{breach_id}/outcomes");
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap()).date();
    let (st, b) = s.post(&outcomes, &t, json!({"kind": "charge", "date": late_at.date().to_string()})).await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    let (st, b) = s
        .post(
            &outcomes,
            &t,
            json!({"kind": "conviction", "date": today.to_string(), "court": "Thames Magistrates' Court", "reference": "T20267001"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    let kinds: Vec<&str> = b["outcomes"].as_array().unwrap().iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["charge", "conviction"]);
    assert_eq!(b["outcomes"][1]["court"], "Thames Magistrates' Court");
    // SRO-8: convicted of breaching the SRO, they are now subject to notification,
    // and the initial notification is due within 3 days of the conviction.
    let (_, after) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert_eq!(after["notification"]["subject"], true, "{after}");
    assert!(after["notification"]["periods"].as_array().unwrap().iter().any(|p| p["basis"] == "order_breach"));
    assert!(after["obligations"].as_array().unwrap().iter().any(|o| o["kind"] == "initial_notification"), "{after}");

    let (st, list) = s.get(&path, &t).await;
    assert_eq!(st, StatusCode::OK);
    let ids: Vec<&str> = list["breaches"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![on_time["id"].as_str().unwrap(), breach_id], "most recently established first");
    assert_eq!(list["breaches"][1]["outcomes"].as_array().unwrap().len(), 2);
    assert_eq!(list["current_circulation"], Value::Null);

    let (_, trail) = s.get(&format!("/api/v1/nominals/{id}/audit"), &t).await;
    let a = actions(&trail);
    assert_eq!(
        &a[1..7],
        &["breaches.view", "obligations.view", "breach.outcome", "breach.outcome", "breach.create", "breach.create"]
    );
    s.stop().await;
});

every_backend!(bad_breaches_name_the_field_and_store_nothing, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let path = format!("/api/v1/nominals/{id}/breaches");
    let future = local(&hours_ago_london(-2));
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (json!({}), 422, "required", "kind"),
        (
            json!({"kind": "failure_to_notify", "description": "x", "discovered_at": future}),
            422,
            "date_in_future",
            "discovered_at",
        ),
        (
            json!({"kind": "failure_to_notify", "description": "x", "discovered_at": "2026-02-30T10:00"}),
            422,
            "invalid_datetime",
            "discovered_at",
        ),
        (
            json!({"kind": "failure_to_notify", "description": "x", "discovered_at": "2026-03-29T01:30"}),
            422,
            "time_does_not_exist",
            "discovered_at",
        ),
        (
            json!({"kind": "breach_of_licence_condition", "description": "x", "discovered_at": "2026-01-05T10:00"}),
            422,
            "required",
            "licence_condition",
        ),
        (
            json!({"kind": "failure_to_notify", "order_id": "o-1", "description": "x", "discovered_at": "2026-01-05T10:00"}),
            422,
            "not_applicable",
            "order_id",
        ),
        (
            json!({"kind": "shoplifting", "description": "x", "discovered_at": "2026-01-05T10:00"}),
            422,
            "invalid_choice",
            "kind",
        ),
        (
            json!({"kind": "failure_to_notify", "description": "x", "discovered_at": "2026-01-05T10:00", "severity": 3}),
            400,
            "unknown_field",
            "severity",
        ),
    ];
    for (body, status, code, field) in cases {
        let (st, e) = s.post(&path, &t, body.clone()).await;
        assert_eq!(st.as_u16(), status, "{body}: {e}");
        assert_eq!((e["error"]["code"].as_str(), e["error"]["field"].as_str()), (Some(code), Some(field)), "{body}");
    }
    // An outcome before the breach was established, or of another record's breach.
    let (_, b) = s
        .post(&path, &t, json!({"kind": "false_information", "description": "Gave a false address", "discovered_at": "2026-01-05T10:00"}))
        .await;
    let outcomes = format!("{path}/{}/outcomes", b["id"].as_str().unwrap());
    let (st, e) = s.post(&outcomes, &t, json!({"kind": "warning", "date": "2026-01-04"})).await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("before_discovery"), Some("date"))
    );
    let (st, e) = s.post(&outcomes, &t, json!({"kind": "warning", "date": "2999-01-01"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("date_in_future")));
    let other = new_person(&s, &t).await;
    let (st, _) = s
        .post(
            &format!("/api/v1/nominals/{other}/breaches/{}/outcomes", b["id"].as_str().unwrap()),
            &t,
            json!({"kind": "warning", "date": "2026-01-06"}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, list) = s.get(&path, &t).await;
    assert_eq!(list["breaches"].as_array().unwrap().len(), 1, "only the good breach was stored");
    assert!(list["breaches"][0]["outcomes"].as_array().unwrap().is_empty(), "no refused outcome was stored");
    let (_, record) = s.get(&format!("/api/v1/nominals/{id}"), &t).await;
    assert_eq!(record["version"], 2, "refused writes did not touch the record");
    s.stop().await;
});

every_backend!(wanted_and_missing_circulations_keep_their_history, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let path = format!("/api/v1/nominals/{id}/circulations");
    let (st, e) = s.post(&path, &t, json!({"kind": "wanted", "pnc_reference": "WANTED-1", "from": "2026-11-01"})).await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_pnc_reference"), Some("pnc_reference"))
    );
    assert!(e["error"]["message"].as_str().unwrap().contains("26/123456W"), "the error says the form: {e}");
    let (st, c) =
        s.post(&path, &t, json!({"kind": "wanted", "pnc_reference": "26/48213w", "from": "2026-11-01"})).await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    assert_eq!((c["pnc_reference"].as_str(), c["cancelled_on"].as_str()), (Some("26/48213W"), None));
    let (st, e) =
        s.post(&path, &t, json!({"kind": "missing", "pnc_reference": "26/48214M", "from": "2026-11-02"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_circulated")));
    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/breaches"), &t).await;
    assert_eq!(list["current_circulation"]["id"], c["id"]);

    let cancel = format!("{path}/{}/cancel", c["id"].as_str().unwrap());
    let (st, e) = s.post(&cancel, &t, json!({"date": "2026-10-31"})).await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("end_before_start"), Some("date"))
    );
    let (st, done) = s.post(&cancel, &t, json!({"date": "2026-11-03"})).await;
    assert_eq!((st, done["cancelled_on"].as_str()), (StatusCode::OK, Some("2026-11-03")));
    let (st, e) = s.post(&cancel, &t, json!({"date": "2026-11-04"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_cancelled")));
    let (st, _) =
        s.post(&path, &t, json!({"kind": "missing", "pnc_reference": "26/48214M", "from": "2026-11-04"})).await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/breaches"), &t).await;
    assert_eq!(list["circulations"].as_array().unwrap().len(), 2);
    assert_eq!(list["current_circulation"]["kind"], "missing");
    let (_, trail) = s.get(&format!("/api/v1/nominals/{id}/audit"), &t).await;
    let a = actions(&trail);
    assert_eq!(&a[2..6], &["circulation.create", "circulation.cancel", "breaches.view", "circulation.create"]);
    let (_, missing) = s.get("/api/v1/compliance?status=missing", &t).await;
    let ids: Vec<&str> = missing["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![id.as_str()]);
    s.stop().await;
});

every_backend!(other_agencies_see_no_breaches_and_readers_cannot_write, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let path = format!("/api/v1/nominals/{id}/breaches");
    let (_, b) = s
        .post(&path, &t, json!({"kind": "failure_to_notify", "description": "No periodic notification", "discovered_at": "2026-01-05T10:00"}))
        .await;
    let (_, c) = s
        .post(
            &format!("/api/v1/nominals/{id}/circulations"),
            &t,
            json!({"kind": "missing", "pnc_reference": "26/1M", "from": "2026-11-01"}),
        )
        .await;
    let outcome = format!("{path}/{}/outcomes", b["id"].as_str().unwrap());
    let cancel = format!("/api/v1/nominals/{id}/circulations/{}/cancel", c["id"].as_str().unwrap());
    let breach = json!({"kind": "failure_to_notify", "description": "x", "discovered_at": "2026-01-05T10:00"});
    for user in ["prb.manager", "hsg.partner", "pol.analyst"] {
        let other = s.token(user).await;
        assert_eq!(s.get(&path, &other).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(s.post(&path, &other, breach.clone()).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(
            s.post(&outcome, &other, json!({"kind": "warning", "date": "2026-01-06"})).await.0,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        assert_eq!(
            s.post(
                &format!("/api/v1/nominals/{id}/circulations"),
                &other,
                json!({"kind": "wanted", "pnc_reference": "26/2W", "from": "2026-11-01"})
            )
            .await
            .0,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        assert_eq!(s.post(&cancel, &other, json!({"date": "2026-11-02"})).await.0, StatusCode::NOT_FOUND, "{user}");
    }
    // The owning agency's reception officer reads but does not write.
    let reception = s.token("pol.reception").await;
    assert_eq!(s.get(&path, &reception).await.0, StatusCode::OK);
    assert_eq!(s.post(&path, &reception, breach.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.post(&cancel, &reception, json!({"date": "2026-11-02"})).await.0, StatusCode::FORBIDDEN);
    // Shared with housing: the partner reads, and cannot write.
    s.post(&format!("/api/v1/nominals/{id}/shares"), &t, json!({"agency": "HSG", "reason": "Housing needs to know"}))
        .await;
    let housing = s.token("hsg.partner").await;
    let (st, list) = s.get(&path, &housing).await;
    assert_eq!((st, list["breaches"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
    assert_eq!(s.post(&path, &housing, breach).await.0, StatusCode::FORBIDDEN);
    let (_, list) = s.get(&path, &t).await;
    assert_eq!(list["breaches"].as_array().unwrap().len(), 1, "nothing refused was stored");
    s.stop().await;
});

every_backend!(breach_pages_record_a_breach_its_outcome_and_a_circulation, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let record = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(record.contains(&format!("href=\"/people/{id}/breaches\"")));
    assert!(!record.contains("govuk-warning-text"));
    let page = s.client.get(s.url(&format!("/people/{id}/breaches"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("Breaches and circulations") && page.contains("No breaches recorded."));

    let form = s.client.get(s.url(&format!("/people/{id}/breaches/new"))).send().await.unwrap().text().await.unwrap();
    let token = csrf_of(&form);
    let at = hours_ago_london(50);
    let (day, month, year) = (at.day().to_string(), at.month().to_string(), at.year().to_string());
    let mut fields = vec![
        ("csrf_token", token.clone()),
        ("kind", "breach_of_licence_condition".to_string()),
        ("licence_condition", "Not to enter the exclusion zone".to_string()),
        ("description", "Seen in the exclusion zone by a patrol".to_string()),
        ("discovered-day", day),
        ("discovered-month", month),
        ("discovered-year", year),
        ("discovered_time", "25:00".to_string()),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/breaches/new"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("href=\"#discovered_time\"") && html.contains("Enter the time on the 24-hour clock"),
        "{html}"
    );
    assert!(!html.contains("href=\"#discovered-day\""), "the date was fine");
    fields.pop();
    fields.push(("discovered_time", at.strftime("%H:%M").to_string()));
    let r = s.client.post(s.url(&format!("/people/{id}/breaches/new"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = s.client.get(s.url(&format!("/people/{id}/breaches"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Recorded late") && page.contains("Not to enter the exclusion zone"));

    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/breaches"), &t).await;
    assert_eq!(list["breaches"][0]["recording"]["late"], true);
    let breach_id = list["breaches"][0]["id"].as_str().unwrap().to_string();
    let outcome_path = format!("/people/{id}/breaches/{breach_id}/outcomes/new");
    assert_eq!(s.client.get(s.url(&outcome_path)).send().await.unwrap().status(), StatusCode::OK);
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap()).date();
    let outcome = [
        ("csrf_token", token.clone()),
        ("kind", "recall".to_string()),
        ("date-day", today.day().to_string()),
        ("date-month", today.month().to_string()),
        ("date-year", today.year().to_string()),
        ("reference", "REC/2026/118".to_string()),
    ];
    let r = s.client.post(s.url(&outcome_path)).form(&outcome).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = s.client.get(s.url(&format!("/people/{id}/breaches"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Recalled to custody") && page.contains("REC/2026/118"));

    let wanted = [
        ("csrf_token", token.clone()),
        ("kind", "wanted".to_string()),
        ("pnc_reference", "26/90210W".to_string()),
        ("from-day", today.day().to_string()),
        ("from-month", today.month().to_string()),
        ("from-year", today.year().to_string()),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/circulations/new"))).form(&wanted).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let record = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        record.contains("govuk-warning-text")
            && record.contains("Wanted on the PNC since")
            && record.contains("26/90210W")
    );
    let r = s.client.post(s.url(&format!("/people/{id}/circulations/new"))).form(&wanted).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "one current circulation at a time");

    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/breaches"), &t).await;
    let cid = list["current_circulation"]["id"].as_str().unwrap().to_string();
    let cancel_path = format!("/people/{id}/circulations/{cid}/cancel");
    assert_eq!(s.client.get(s.url(&cancel_path)).send().await.unwrap().status(), StatusCode::OK);
    let cancel = [
        ("csrf_token", token.clone()),
        ("date-day", today.day().to_string()),
        ("date-month", today.month().to_string()),
        ("date-year", today.year().to_string()),
    ];
    let r = s.client.post(s.url(&cancel_path)).form(&cancel).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let record = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(!record.contains("govuk-warning-text"));
    let history = s.client.get(s.url(&format!("/people/{id}/history"))).send().await.unwrap().text().await.unwrap();
    assert!(history.contains("Breach recorded") && history.contains("Wanted or missing circulation cancelled"));

    // Another agency's manager gets the not-found page for all of it.
    let probation =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    probation
        .post(s.url("/sign-in"))
        .form(&[("username", "prb.manager"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    for p in [
        format!("/people/{id}/breaches"),
        format!("/people/{id}/breaches/new"),
        outcome_path.clone(),
        cancel_path.clone(),
    ] {
        let r = probation.get(s.url(&p)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{p}");
        assert!(!r.text().await.unwrap().contains("exclusion zone"));
    }
    s.stop().await;
});

// REC-1, EXIT-2: a breach's outcome "recalled to custody" goes on the current
// licence only while that licence is in force; after its expiry date the
// custody period still starts, but the expired licence takes no recall.
every_backend!(a_recall_outcome_goes_only_on_a_licence_in_force, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let licence = format!("/api/v1/nominals/{id}/licence");
    let expired = json!({"release_date": "2024-01-01", "led": "2025-01-01", "sed": "2025-06-01"});
    assert_eq!(s.post(&licence, &t, expired).await.0, StatusCode::CREATED);
    let path = format!("/api/v1/nominals/{id}/breaches");
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap()).date();
    let recall_after_breach = |description: &'static str| {
        let (s, t, path) = (&s, &t, &path);
        async move {
            let (st, b) = s
                .post(
                    path,
                    t,
                    json!({"kind": "failure_to_notify", "description": description,
                           "discovered_at": hours_ago_london(1).timestamp().to_string()}),
                )
                .await;
            assert_eq!(st, StatusCode::CREATED, "{b}");
            let outcomes = format!("{path}/{}/outcomes", b["id"].as_str().unwrap());
            let (st, b) = s.post(&outcomes, t, json!({"kind": "recall", "date": today.to_string()})).await;
            assert_eq!(st, StatusCode::CREATED, "{b}");
        }
    };
    recall_after_breach("Did not notify a new address").await;
    let (_, l) = s.get(&licence, &t).await;
    assert_eq!(l["current"]["recalls"], json!([]), "the licence expired on 1 January 2025");
    let (_, periods) = s.get(&format!("/api/v1/nominals/{id}/periods"), &t).await;
    assert!(
        periods.as_array().unwrap().iter().any(|p| p["kind"] == "custody" && p["from"] == today.to_string()),
        "{periods}"
    );

    // On a licence in force, the same outcome is a recall on it.
    let current = json!({"release_date": "2025-06-01", "led": "2099-06-01", "sed": "2099-12-01"});
    assert_eq!(s.post(&licence, &t, current).await.0, StatusCode::CREATED);
    recall_after_breach("Did not notify a change of name").await;
    let (_, l) = s.get(&licence, &t).await;
    assert_eq!(l["current"]["recalls"][0]["date"], today.to_string(), "{l}");
    s.stop().await;
});

every_backend!(a_breach_recorded_late_leaves_no_task_to_record_it, |s, db| {
    let t = s.token("pol.manager").await;
    let id = new_person(&s, &t).await;
    let (st, b) = s
        .post(
            &format!("/api/v1/nominals/{id}/breaches"),
            &t,
            json!({"kind": "failure_to_notify", "description": "Did not notify a new address",
                   "discovered_at": local(&hours_ago_london(30))}),
        )
        .await;
    assert_eq!((st, b["recording"]["late"].as_bool()), (StatusCode::CREATED, Some(true)), "{b}");
    // Recording it is what NOTIF-53 asks: nothing is left "to be recorded",
    // before or after the daily sweep, however late it was.
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert!(ob["obligations"].as_array().unwrap().iter().all(|o| o["kind"] != "breach_recording"), "{ob}");
    s.app.sweep(None, true).await.unwrap();
    let (_, tasks) = s.get("/api/v1/tasks", &t).await;
    assert!(!tasks.to_string().contains("breach_recording"), "{tasks}");
    s.stop().await;
});
