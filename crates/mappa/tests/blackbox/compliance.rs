//! Journeys 1, 2, 3 and 8 over the API: periods away, notifications at the
//! front counter, obligations, the compliance list, tasks and the sweep.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A registered person: convicted 2019-03-04, 24 months (10 years' notification),
/// in custody until 2020-06-01.
async fn registered(s: &TestServer, token: &str) -> String {
    let (st, created) = s.post("/api/v1/nominals", token, person()).await;
    assert_eq!(st, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap().to_string();
    let (st, body) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            token,
            json!({"kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                   "offences": [{"description": "Synthetic offence", "schedule_3": true}],
                   "sentence": {"type": "imprisonment", "term_months": 24}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let (st, body) = s
        .post(
            &format!("/api/v1/nominals/{id}/custody-periods"),
            token,
            json!({"from": "2019-03-04", "to": "2020-06-01", "place": "HMP Example"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    id
}

fn entries_for<'a>(list: &'a Value, id: &str) -> Vec<&'a Value> {
    list["entries"].as_array().unwrap().iter().filter(|e| e["id"] == id).collect()
}

every_backend!(notifications_move_the_obligations_and_the_compliance_list, |s, db| {
    let manager = s.token("pol.manager").await;
    let reception = s.token("pol.reception").await;
    let id = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");

    // Released 2020-06-01: the initial notification was due by 2020-06-03 (CONV-6).
    let (st, ob) = s.get(&format!("{path}/obligations"), &reception).await;
    assert_eq!(st, StatusCode::OK, "{ob}");
    assert_eq!(ob["notification"]["subject"], true);
    assert_eq!(ob["notification"]["ends"], "2029-03-03");
    assert_eq!(ob["obligations"][0]["kind"], "initial_notification");
    assert_eq!(ob["obligations"][0]["due"], "2020-06-03");
    assert!(ob["notification"]["explanation"].as_array().unwrap().iter().any(|s| s["rule"] == "NOTIF-11"));
    // As of a day in custody, nothing is due and they are away.
    let (_, then) = s.get(&format!("{path}/obligations?as_of=2020-01-01"), &reception).await;
    assert_eq!(then["away"]["kind"], "custody");
    assert!(then["obligations"].as_array().unwrap().is_empty(), "{then}");
    assert_eq!(s.get(&format!("{path}/obligations?as_of=2020-13-01"), &reception).await.1["error"]["field"], "as_of");

    let (_, list) = s.get("/api/v1/compliance?status=overdue", &manager).await;
    let mine = entries_for(&list, &id);
    assert_eq!(mine.len(), 1, "{list}");
    assert_eq!(
        (mine[0]["kind"].as_str(), mine[0]["overdue_since"].as_str()),
        (Some("initial_notification"), Some("2020-06-04"))
    );

    // The reception officer takes the initial notification, on time.
    let (st, n) = s
        .post(
            &format!("{path}/notifications"),
            &reception,
            json!({"date": "2020-06-02", "kind": "initial", "home_address": "1 Synthetic Row, Testtown",
                   "photographs_taken": true, "fingerprints_taken": true, "station": "Testtown"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(n["late"], json!([]));
    assert_eq!(n["next_due"], "2021-06-02", "NOTIF-30: a year after");
    assert_eq!(n["photographs_taken"], true);

    // A periodic notification made late is taken and flagged with the rule broken.
    let (st, n) =
        s.post(&format!("{path}/notifications"), &reception, json!({"date": "2021-06-05", "kind": "periodic"})).await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(n["late"][0]["rule"], "NOTIF-30");
    assert_eq!(n["late"][0]["due"], "2021-06-02");
    assert_eq!(n["next_due"], "2022-06-05");

    // Foreign travel, then the return.
    let (st, n) = s
        .post(
            &format!("{path}/notifications"),
            &reception,
            json!({"date": "2021-07-01", "kind": "foreign_travel", "travel": {
                "departure_date": "2021-07-20", "departure_point": "Dover", "destinations": ["FR"],
                "return_date": "2021-07-27", "return_point": "Dover", "carriers": "Synthetic Ferries",
                "first_night_address": "Hotel Exemple, Calais"}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(n["late"], json!([]));
    assert_eq!(
        s.post(&format!("{path}/abroad-periods"), &reception, json!({"from": "2021-07-20", "to": "2021-07-27"}))
            .await
            .0,
        StatusCode::CREATED
    );
    let (_, ob) = s.get(&format!("{path}/obligations?as_of=2021-07-28"), &reception).await;
    assert!(ob["obligations"].as_array().unwrap().iter().any(|o| o["kind"] == "return_notification"), "{ob}");
    let (st, _) = s
        .post(
            &format!("{path}/notifications"),
            &reception,
            json!({"date": "2021-07-28", "kind": "travel_return", "returned_on": "2021-07-27"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, ob) = s.get(&format!("{path}/obligations?as_of=2021-07-29"), &reception).await;
    assert!(ob["obligations"].as_array().unwrap().iter().all(|o| o["kind"] != "return_notification"));

    // Recalled to custody and released: the release must be notified (NOTIF-23).
    let (st, p) = s.post(&format!("{path}/custody-periods"), &manager, json!({"from": "2022-01-10"})).await;
    assert_eq!(st, StatusCode::CREATED, "{p}");
    let (_, list) = s.get("/api/v1/compliance?status=away&away=custody", &manager).await;
    assert_eq!(entries_for(&list, &id).len(), 1, "{list}");
    let (st, _) = s
        .post(&format!("{path}/periods/{}/end", p["id"].as_str().unwrap()), &manager, json!({"to": "2022-02-01"}))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, ob) = s.get(&format!("{path}/obligations?as_of=2022-02-10"), &reception).await;
    let release = ob["obligations"].as_array().unwrap().iter().find(|o| o["kind"] == "release_notification").cloned();
    assert_eq!(release.map(|r| (r["due"].clone(), r["rule"].clone())), Some((json!("2022-02-03"), json!("NOTIF-23"))));

    // Wanted on the PNC: on the wanted list, with the circulation reference.
    let (st, c) = s
        .post(
            &format!("{path}/circulations"),
            &manager,
            json!({"kind": "wanted", "pnc_reference": "22/123456W", "from": "2022-02-20"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let (_, list) = s.get("/api/v1/compliance?status=wanted", &manager).await;
    let wanted = entries_for(&list, &id);
    assert_eq!(wanted.len(), 1, "{list}");
    assert_eq!(wanted[0]["pnc_reference"], "22/123456W");
    assert!(entries_for(&s.get("/api/v1/compliance?status=missing", &manager).await.1, &id).is_empty());

    let (_, list) = s.get("/api/v1/notifications-none", &manager).await;
    assert_eq!(list["error"]["code"], "not_found");
    let (st, all) = s.get(&format!("{path}/notifications"), &manager).await;
    assert_eq!((st, all.as_array().unwrap().len()), (StatusCode::OK, 4));

    // Every write is audited.
    let (_, audit) = s.get(&format!("{path}/audit"), &manager).await;
    let actions: Vec<&str> = audit["events"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for a in ["period.create", "period.end", "notification.create", "obligations.view"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    s.stop().await;
});

/// The actions recorded since `from` (a count of records), oldest first.
async fn audited_since(s: &TestServer, from: usize) -> Vec<mappa_domain::audit::AuditRecord> {
    s.app.store().audit_records_from(from as i64 + 1).await.unwrap()
}

async fn audit_len(s: &TestServer) -> usize {
    s.app.store().audit_records_from(1).await.unwrap().len()
}

// Every response that carries personal data leaves an audit record: lists
// and searches with their filter and the records returned; the person's
// periods and notifications; a PATCH that changes nothing; the forms that
// show a person's name; refusals; failed and throttled sign-ins (issue 8,
// point 2). Each of these left no trace before.
every_backend!(every_read_of_personal_data_and_every_refusal_is_audited, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    let reads: Vec<(&str, String, &str)> = vec![
        ("GET", "/api/v1/compliance?status=overdue".into(), "compliance.view"),
        ("GET", "/api/v1/visits/overdue".into(), "visits_overdue.view"),
        ("GET", "/api/v1/tasks".into(), "tasks.view"),
        ("GET", format!("{path}/periods"), "periods.view"),
        ("GET", format!("{path}/notifications"), "notifications.view"),
        ("PATCH", path.clone(), "nominal.view"),
    ];
    for (method, url, action) in reads {
        let before = audit_len(&s).await;
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let body = (method == reqwest::Method::PATCH).then(|| json!({}));
        let (st, answer) = s.call(method, &url, &manager, body).await;
        assert_eq!(st, StatusCode::OK, "{url}: {answer}");
        let new = audited_since(&s, before).await;
        assert_eq!(new.len(), 1, "{url}: {:?}", new.iter().map(|r| &r.action).collect::<Vec<_>>());
        assert_eq!((new[0].action.as_str(), new[0].actor_username.as_str()), (action, "pol.manager"), "{url}");
        if let Some(after) = new[0].after.as_deref() {
            let after: Value = serde_json::from_str(after).unwrap();
            assert!(after["filter"].is_object(), "{url}: the filter is named: {after}");
            if url.contains("compliance") || url.contains("tasks") {
                assert!(after["results"].as_array().unwrap().iter().any(|r| r == id.as_str()), "{url}: {after}");
            }
        } else {
            assert_eq!(new[0].nominal_id.as_deref(), Some(id.as_str()), "{url}");
        }
    }
    // Pages: the caseload, and forms that show the person's name.
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    for (url, action) in [
        ("/".to_string(), "caseload.view"),
        (format!("/people/{id}/mappa/edit"), "form.view"),
        (format!("/people/{id}/breaches/new"), "form.view"),
        (format!("/people/{id}/orders/new"), "form.view"),
    ] {
        let before = audit_len(&s).await;
        let r = s.client.get(s.url(&url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        let new = audited_since(&s, before).await;
        assert!(
            new.iter().any(|r| r.action == action && r.actor_username == "pol.manager"),
            "{url}: {:?}",
            new.iter().map(|r| &r.action).collect::<Vec<_>>()
        );
    }
    // Refusals: outside reach (404) and within reach but not allowed (403).
    let probation = s.token("prb.manager").await;
    let before = audit_len(&s).await;
    assert_eq!(s.get(&path, &probation).await.0, StatusCode::NOT_FOUND);
    let missing = uuid::Uuid::now_v7().to_string();
    assert_eq!(s.get(&format!("/api/v1/nominals/{missing}"), &probation).await.0, StatusCode::NOT_FOUND);
    let reception = s.token("pol.reception").await;
    assert_eq!(
        s.call(reqwest::Method::PATCH, &path, &reception, Some(json!({"surname": "X"}))).await.0,
        StatusCode::FORBIDDEN
    );
    let refused: Vec<_> =
        audited_since(&s, before).await.into_iter().filter(|r| r.action == "access.refused").collect();
    let seen: Vec<(&str, Option<&str>, Option<&str>)> =
        refused.iter().map(|r| (r.actor_username.as_str(), r.nominal_id.as_deref(), r.entity_id.as_deref())).collect();
    assert_eq!(
        seen,
        vec![
            ("prb.manager", Some(id.as_str()), Some(id.as_str())),
            ("prb.manager", None, Some(missing.as_str())),
            ("pol.reception", Some(id.as_str()), Some(id.as_str())),
        ]
    );
    // Failed and throttled sign-ins, with the name tried and never the password.
    let before = audit_len(&s).await;
    let attempt = json!({"username": "pol.analyst", "password": "not-the-password"});
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        last = s.client.post(s.url("/api/v1/auth/token")).json(&attempt).send().await.unwrap().status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let new = audited_since(&s, before).await;
    let actions: Vec<&str> = new.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "auth.sign_in_failed").count(), 5, "{actions:?}");
    assert_eq!(actions.last(), Some(&"auth.throttled"), "{actions:?}");
    assert!(new.iter().all(|r| !r.after.as_deref().unwrap_or("").contains("not-the-password")));
    assert!(new[0].after.as_deref().unwrap().contains("pol.analyst"));
    s.stop().await;
});

// What a write accepts must always be assessable afterwards: an order or a
// hospital period dated before the person's birth, or a date of birth moved
// after their conviction, is refused naming the field, nothing changes, and
// the obligations and the front counter still work.
every_backend!(writes_that_would_leave_the_facts_unassessable_are_refused, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    let trail = |s: &TestServer| {
        let id = id.clone();
        let app = s.app.clone();
        async move { app.store().audit_for_nominal(&granted(id.parse().unwrap()), 500).await.unwrap().len() }
    };
    let writes_before = trail(&s).await;
    let order = json!({"type": "shpo", "made": "1980-01-01", "served": "1980-01-02", "ends": "1990-01-01",
        "terms": [{"kind": "prohibition", "wording": "Not to approach the school"}]});
    let cases =
        [("orders", order, "made"), ("hospital-periods", json!({"from": "1985-01-01", "to": "1985-02-01"}), "from")];
    for (what, body, field) in cases {
        let (st, e) = s.post(&format!("{path}/{what}"), &manager, body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{what} {e}");
        assert_eq!(
            (e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (Some(field), Some("conflicts_with_record")),
            "{e}"
        );
        assert!(e["error"]["message"].as_str().unwrap().contains("date of birth"), "{e}");
    }
    let (st, e) = s.call(reqwest::Method::PATCH, &path, &manager, Some(json!({"date_of_birth": "2019-06-01"}))).await;
    assert_eq!(
        (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("date_of_birth"), Some("conflicts_with_record")),
        "{e}"
    );
    assert_eq!(trail(&s).await, writes_before, "nothing written or audited");
    assert_eq!(s.get(&path, &manager).await.1["date_of_birth"], "1988-02-29");
    let (st, ob) = s.get(&format!("{path}/obligations"), &manager).await;
    assert_eq!(st, StatusCode::OK, "{ob}");
    let (st, n) =
        s.post(&format!("{path}/notifications"), &manager, json!({"date": "2021-06-05", "kind": "periodic"})).await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    s.stop().await;
});

every_backend!(bad_input_names_the_field_and_stores_nothing, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    let before = s.get(&format!("{path}/periods"), &manager).await.1;

    let cases = [
        ("custody-periods", json!({"from": "2023-05-01", "to": "2023-04-01"}), "to", "before_start"),
        ("custody-periods", json!({"from": "2020-01-01", "to": "2020-02-01"}), "from", "overlaps"),
        ("hospital-periods", json!({"from": "2099-01-01"}), "from", "date_in_future"),
        ("abroad-periods", json!({"to": "2023-01-01"}), "from", "required"),
        ("notifications", json!({"date": "2099-01-01", "kind": "periodic"}), "date", "date_in_future"),
        ("notifications", json!({"date": "2023-01-01", "kind": "weekly"}), "kind", "invalid_choice"),
        (
            "notifications",
            json!({"date": "2023-01-01", "kind": "foreign_travel", "travel": {"departure_date": "2023-02-10",
                "departure_point": "Luton", "destinations": ["ES"], "return_date": "2023-02-01"}}),
            "travel.return_date",
            "before_start",
        ),
        ("notifications", json!({"date": "2023-01-01", "kind": "change"}), "changes", "required"),
    ];
    for (what, body, field, code) in cases {
        let (st, e) = s.post(&format!("{path}/{what}"), &manager, body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{what} {e}");
        assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some(field), Some(code)), "{e}");
    }
    let (st, e) = s
        .post(
            &format!("{path}/notifications"),
            &manager,
            json!({"date": "2023-01-01", "kind": "initial", "colour": "red"}),
        )
        .await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("colour")), "{e}");
    assert_eq!(s.get(&format!("{path}/periods"), &manager).await.1, before, "nothing stored");
    assert_eq!(s.get(&format!("{path}/notifications"), &manager).await.1, json!([]));

    // Not subject: allowed only with a reason, which is kept and flagged.
    let (_, other) = s
        .post(
            "/api/v1/nominals",
            &manager,
            json!({"surname": "Okafor", "forenames": "Ngozi", "date_of_birth": "1990-01-01", "gender": "female"}),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_string();
    let (st, e) = s
        .post(
            &format!("/api/v1/nominals/{other}/notifications"),
            &manager,
            json!({"date": "2023-01-01", "kind": "periodic"}),
        )
        .await;
    assert_eq!(
        (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_subject_reason"), Some("not_subject"))
    );
    let (st, n) = s
        .post(&format!("/api/v1/nominals/{other}/notifications"), &manager, json!({"date": "2023-01-01", "kind": "periodic", "not_subject_reason": "Attended voluntarily pending an order"}))
        .await;
    assert_eq!(
        (st, n["not_subject_reason"].as_str()),
        (StatusCode::CREATED, Some("Attended voluntarily pending an order"))
    );
    s.stop().await;
});

every_backend!(another_agency_sees_none_of_it, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    for who in ["hsg.partner", "prb.manager"] {
        let t = s.token(who).await;
        for p in ["obligations", "notifications", "periods"] {
            assert_eq!(s.get(&format!("{path}/{p}"), &t).await.0, StatusCode::NOT_FOUND, "{who} {p}");
        }
        let (st, _) =
            s.post(&format!("{path}/notifications"), &t, json!({"date": "2023-01-01", "kind": "periodic"})).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        let (st, _) = s.post(&format!("{path}/custody-periods"), &t, json!({"from": "2023-01-01"})).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        let (_, list) = s.get("/api/v1/compliance?status=overdue", &t).await;
        assert!(entries_for(&list, &id).is_empty());
    }
    // A partner within reach may read but not take notifications.
    let (st, _) =
        s.post(&format!("{path}/shares"), &manager, json!({"agency": "HSG", "reason": "Housing need to know"})).await;
    assert_eq!(st, StatusCode::CREATED);
    let partner = s.token("hsg.partner").await;
    assert_eq!(s.get(&format!("{path}/obligations"), &partner).await.0, StatusCode::OK);
    let (st, _) =
        s.post(&format!("{path}/notifications"), &partner, json!({"date": "2023-01-01", "kind": "periodic"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(s.get("/api/v1/compliance?status=sideways", &manager).await.1["error"]["field"], "status");
    s.stop().await;
});

every_backend!(the_sweep_looks_again_when_time_alone_changes_the_answer, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let reception = s.token("pol.reception").await;
    let (st, _) = s
        .post(
            &format!("/api/v1/nominals/{id}/notifications"),
            &reception,
            json!({"date": "2020-06-02", "kind": "initial"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    // Ten years from 2019-03-04 end on 2029-03-03 (CONV-2): nothing to look at before then.
    let quiet = s.app.sweep(Some(jiff::civil::date(2029, 3, 3)), false).await.unwrap();
    assert_eq!(quiet.people, 0);
    let ended = s.app.sweep(Some(jiff::civil::date(2029, 3, 4)), false).await.unwrap();
    assert_eq!(ended.people, 1, "worked out again the day after notification ends");
    let (_, list) = s.get("/api/v1/compliance?status=overdue&as_of=2029-03-05", &manager).await;
    assert!(entries_for(&list, &id).is_empty(), "no longer subject: nothing overdue {list}");
    s.stop().await;
});

every_backend!(the_sweep_makes_tasks_once, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let first = s.app.sweep(None, false).await.unwrap();
    let second = s.app.sweep(None, false).await.unwrap();
    assert_eq!(second.tasks_created, 0, "running it twice creates nothing twice");
    assert_eq!(second.people, 0, "everyone is up to date: the write worked them out");
    let full = s.app.sweep(None, true).await.unwrap();
    assert_eq!((full.tasks_created, full.tasks_resolved), (0, 0));
    assert!(full.people >= 1);
    assert_eq!(first.problems, 0);

    let (st, tasks) = s.get("/api/v1/tasks", &manager).await;
    assert_eq!(st, StatusCode::OK);
    let mine: Vec<_> = tasks["mine"].as_array().unwrap().iter().filter(|t| t["nominal_id"] == id).cloned().collect();
    assert_eq!(mine.len(), 1, "{tasks}");
    assert_eq!(mine[0]["kind"], "initial_notification");
    let task = mine[0]["id"].as_str().unwrap().to_string();
    // Other agencies have no such task and cannot close it.
    let probation = s.token("prb.manager").await;
    assert!(s.get("/api/v1/tasks", &probation).await.1["team"].as_array().unwrap().is_empty());
    assert_eq!(s.post(&format!("/api/v1/tasks/{task}/complete"), &probation, json!({})).await.0, StatusCode::NOT_FOUND);
    // Nor can those in the team who do not work cases: the same answer as for
    // a task that does not exist, and the task stays open.
    for who in ["pol.analyst", "pol.auditor", "pol.admin"] {
        let t = s.token(who).await;
        let (st, e) = s.post(&format!("/api/v1/tasks/{task}/complete"), &t, json!({})).await;
        assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{who}");
    }
    let (_, tasks) = s.get("/api/v1/tasks", &manager).await;
    assert!(tasks["team"].as_array().unwrap().iter().any(|t| t["id"] == task.as_str()), "still open: {tasks}");
    // Taking the notification resolves the task; a sweep does not bring it back.
    let reception = s.token("pol.reception").await;
    let (st, _) = s
        .post(
            &format!("/api/v1/nominals/{id}/notifications"),
            &reception,
            json!({"date": s.app.today().to_string(), "kind": "initial"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    s.app.sweep(None, false).await.unwrap();
    let (_, tasks) = s.get("/api/v1/tasks", &manager).await;
    assert!(tasks["team"].as_array().unwrap().iter().all(|t| t["id"] != task.as_str()), "{tasks}");
    s.stop().await;
});
