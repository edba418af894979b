//! Mistakes put right (issue 9, point 8): entries corrected or withdrawn
//! with a reason, the old value kept in the history and the audit trail, the
//! rules engine working from the corrected facts, only for those who may edit
//! the record; and a visit booked ahead given its outcome.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Convicted 2019-03-04, 24 months (10 years' notification, NOTIF-21), in
/// custody until 2020-06-01: the initial notification is due by 2020-06-03.
async fn registered(s: &TestServer, token: &str) -> (String, String, String) {
    let (_, created) = s.post("/api/v1/nominals", token, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (st, d) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            token,
            json!({"kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                   "offences": [{"description": "Synthetic offence", "schedule_3": true}],
                   "sentence": {"type": "imprisonment", "term_months": 24}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let (st, p) = s
        .post(
            &format!("/api/v1/nominals/{id}/custody-periods"),
            token,
            json!({"from": "2019-03-04", "to": "2020-06-01", "place": "HMP Example"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{p}");
    (id, d["id"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string())
}

async fn obligations(s: &TestServer, token: &str, id: &str) -> Value {
    s.get(&format!("/api/v1/nominals/{id}/obligations"), token).await.1
}

fn first_due(ob: &Value, kind: &str) -> Option<String> {
    ob["obligations"].as_array().unwrap().iter().find(|o| o["kind"] == kind).map(|o| o["due"].as_str().unwrap().into())
}

async fn actions(s: &TestServer, token: &str, id: &str) -> Vec<(String, Option<String>)> {
    let (_, trail) = s.get(&format!("/api/v1/nominals/{id}/audit"), token).await;
    trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_string(), e["reason"].as_str().map(str::to_string)))
        .collect()
}

every_backend!(corrections_and_withdrawals_change_what_the_rules_engine_works_from, |s, db| {
    let manager = s.token("pol.manager").await;
    let reception = s.token("pol.reception").await;
    let (id, disposal, period) = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    assert_eq!(first_due(&obligations(&s, &manager, &id).await, "initial_notification").as_deref(), Some("2020-06-03"));

    // A correction without a reason is refused, names the field and changes nothing.
    let (st, e) = s
        .post(
            &format!("{path}/corrections"),
            &manager,
            json!({"kind": "period", "item_id": period, "period": {"from": "2019-03-04", "to": "2020-07-01"}}),
        )
        .await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")), "{e}");
    assert_eq!(first_due(&obligations(&s, &manager, &id).await, "initial_notification").as_deref(), Some("2020-06-03"));
    // Reception may record periods but not correct them: only those who may edit the record.
    let body = json!({"kind": "period", "item_id": period, "reason": "Release date typed wrongly",
                      "period": {"from": "2019-03-04", "to": "2020-07-01"}});
    assert_eq!(s.post(&format!("{path}/corrections"), &reception, body.clone()).await.0, StatusCode::FORBIDDEN);

    // Released on 1 July, not 1 June: the initial notification moves with it (NOTIF-10, CONV-6).
    let (st, fixed) = s.post(&format!("{path}/corrections"), &manager, body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{fixed}");
    let new_period = fixed["id"].as_str().unwrap().to_string();
    assert_ne!(new_period, period);
    assert_eq!(first_due(&obligations(&s, &manager, &id).await, "initial_notification").as_deref(), Some("2020-07-03"));
    let (_, periods) = s.get(&format!("{path}/periods"), &manager).await;
    let periods = periods.as_array().unwrap();
    assert_eq!(periods.len(), 1, "the old period no longer stands");
    assert_eq!((periods[0]["to"].as_str(), periods[0]["kind"].as_str()), (Some("2020-07-01"), Some("custody")));
    // The old one cannot be corrected again: it is withdrawn.
    assert_eq!(s.post(&format!("{path}/corrections"), &manager, body).await.0, StatusCode::NOT_FOUND);

    // The sentence was 36 months, not 24: notification becomes indefinite (NOTIF-21).
    assert_eq!(obligations(&s, &manager, &id).await["notification"]["ends"], "2029-03-03");
    let (st, fixed) = s
        .post(
            &format!("{path}/corrections"),
            &manager,
            json!({"kind": "disposal", "item_id": disposal, "reason": "Term misread from the court record",
                   "disposal": {"kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                   "offences": [{"description": "Synthetic offence", "schedule_3": true}],
                   "sentence": {"type": "imprisonment", "term_months": 36}}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{fixed}");
    let ob = obligations(&s, &manager, &id).await;
    assert_eq!(ob["notification"]["ends"], Value::Null, "{ob}");
    let (_, record) = s.get(&path, &manager).await;
    assert_eq!(record["disposals"].as_array().unwrap().len(), 1);
    assert_eq!(record["disposals"][0]["sentence"]["term_months"], 36);

    // A notification taken on the wrong record is withdrawn: the initial one is due again.
    let (st, n) =
        s.post(&format!("{path}/notifications"), &reception, json!({"date": "2020-07-02", "kind": "initial"})).await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(first_due(&obligations(&s, &manager, &id).await, "initial_notification"), None);
    let withdrawal = json!({"kind": "notification", "item_id": n["id"], "reason": "Taken on the wrong record"});
    assert_eq!(s.post(&format!("{path}/withdrawals"), &reception, withdrawal.clone()).await.0, StatusCode::FORBIDDEN);
    let (st, e) =
        s.post(&format!("{path}/withdrawals"), &manager, json!({"kind": "notification", "item_id": n["id"]})).await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
    let (st, e) = s.post(&format!("{path}/withdrawals"), &manager, withdrawal.clone()).await;
    assert_eq!(st, StatusCode::NO_CONTENT, "{e}");
    assert_eq!(first_due(&obligations(&s, &manager, &id).await, "initial_notification").as_deref(), Some("2020-07-03"));
    assert!(s.get(&format!("{path}/notifications"), &manager).await.1.as_array().unwrap().is_empty());
    assert_eq!(s.post(&format!("{path}/withdrawals"), &manager, withdrawal).await.0, StatusCode::NOT_FOUND);
    let (st, e) = s
        .post(&format!("{path}/withdrawals"), &manager, json!({"kind": "sentence", "item_id": disposal, "reason": "x"}))
        .await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));

    // The history keeps the old values and says why they changed.
    let trail = actions(&s, &manager, &id).await;
    let reasons: Vec<(&str, Option<&str>)> =
        trail.iter().filter(|(a, _)| a.starts_with("record.")).map(|(a, r)| (a.as_str(), r.as_deref())).collect();
    assert_eq!(
        reasons,
        vec![
            ("record.withdraw", Some("Taken on the wrong record")),
            ("record.correct", Some("Term misread from the court record")),
            ("record.correct", Some("Release date typed wrongly")),
        ]
    );
    assert!(trail.iter().filter(|(a, _)| a == "period.create").count() == 2, "both periods' values are kept");
    s.stop().await;
});

every_backend!(a_mappa_decision_is_undone_latest_first, |s, db| {
    let manager = s.token("pol.manager").await;
    let (id, _, _) = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    for (kind, value) in [("category", 1), ("level", 1), ("level", 2), ("category", 3)] {
        let (st, e) = s
            .post(
                &format!("{path}/decisions"),
                &manager,
                json!({"kind": kind, "value": value, "rationale": "Synthetic"}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{e}");
    }
    let (_, record) = s.get(&path, &manager).await;
    let decisions = record["decisions"].as_array().unwrap().clone();
    let id_of = |kind: &str, to: i64| -> String {
        decisions.iter().find(|d| d["kind"] == kind && d["to_value"] == to).unwrap()["id"].as_str().unwrap().to_string()
    };
    // Only the latest decision on the level can be undone, and never into a
    // category 3 case at level 1 (CAT-3a).
    for (item, code) in [(id_of("level", 1), "not_latest_decision"), (id_of("level", 2), "category_3_at_level_1")] {
        let (st, e) = s
            .post(&format!("{path}/withdrawals"), &manager, json!({"kind": "decision", "item_id": item, "reason": "x"}))
            .await;
        assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(code)), "{e}");
    }
    // Category 3 was decided in error: undone, the case is category 1 again.
    let (st, e) = s
        .post(
            &format!("{path}/withdrawals"),
            &manager,
            json!({"kind": "decision", "item_id": id_of("category", 3), "reason": "Wrong category"}),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT, "{e}");
    assert_eq!(s.get(&path, &manager).await.1["mappa"]["category"], 1);
    // Level 2 was decided in error: corrected to 3, the case is at 3 and the
    // corrected decision runs from the level before the wrong one.
    let (st, e) = s
        .post(
            &format!("{path}/corrections"),
            &manager,
            json!({"kind": "decision", "item_id": id_of("level", 2), "reason": "Wrong level chosen",
                   "decision": {"kind": "level", "value": 3, "rationale": "Level 3 criteria met (LVL-3)"}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{e}");
    let (_, record) = s.get(&path, &manager).await;
    assert_eq!((record["mappa"]["category"].as_i64(), record["mappa"]["level"].as_i64()), (Some(1), Some(3)));
    let levels: Vec<(i64, i64)> = record["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "level")
        .map(|d| (d["from_value"].as_i64().unwrap_or(0), d["to_value"].as_i64().unwrap()))
        .collect();
    assert_eq!(levels, vec![(1, 3), (0, 1)], "the corrected decision replaces the wrong one, from the level before it");
    // Withdrawing the latest level decision puts the case back at level 1.
    let latest = record["decisions"].as_array().unwrap().iter().find(|d| d["to_value"] == 3).unwrap()["id"].clone();
    let (st, _) = s
        .post(&format!("{path}/withdrawals"), &manager, json!({"kind": "decision", "item_id": latest, "reason": "x"}))
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(s.get(&path, &manager).await.1["mappa"]["level"], 1);
    s.stop().await;
});

every_backend!(a_booked_visit_is_given_its_outcome_once, |s, db| {
    let manager = s.token("pol.manager").await;
    let (id, _, _) = registered(&s, &manager).await;
    let path = format!("/api/v1/nominals/{id}");
    let today = s.app.today().to_string();
    let (st, v) = s.post(&format!("{path}/visits"), &manager, json!({"date": today, "kind": "planned"})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let visit = v["id"].as_str().unwrap();
    let outcome = format!("{path}/visits/{visit}/outcome");
    // On the risk page, a visit whose day has come offers to record what happened.
    let c = signed_in(&s, "pol.manager").await;
    let (_, risk) = page(&c, &s, &format!("/people/{id}/risk")).await;
    let form_path = format!("/people/{id}/visits/{visit}/outcome");
    assert!(risk.contains(&form_path), "the booked visit links to its outcome");
    let (st, form) = page(&c, &s, &form_path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Record what happened at the visit"));
    let r = c
        .post(s.url(&form_path))
        .form(&[("csrf_token", csrf_of(&form).as_str()), ("outcome", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Select what happened at the visit"));
    let (st, e) = s.post(&outcome, &manager, json!({"present": "PC Synthetic"})).await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("outcome")));
    let (st, v) = s.post(&outcome, &manager, json!({"outcome": "seen_at_home", "present": "PC Synthetic"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, visits) = s.get(&format!("{path}/visits"), &manager).await;
    assert_eq!(visits["visits"][0]["outcome"], "seen_at_home", "{visits}");
    assert_eq!(visits["visits"][0]["present"], "PC Synthetic");
    assert_eq!(s.post(&outcome, &manager, json!({"outcome": "seen_at_home"})).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
});

/// An id no entry has.
fn uuid_like() -> String {
    "01900000-0000-7000-8000-000000000000".to_string()
}

async fn post_form(c: &reqwest::Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    c.post(s.url(path)).form(form).send().await.unwrap()
}

every_backend!(the_record_pages_correct_and_withdraw_with_a_reason, |s, db| {
    let manager = s.token("pol.manager").await;
    let (id, disposal, _) = registered(&s, &manager).await;
    let (st, a) = s
        .post(
            &format!("/api/v1/nominals/{id}/addresses"),
            &manager,
            json!({"kind": "home", "line1": "4 Canal Street", "town": "Northborough", "postcode": "N1 1AA", "from": "2020-06-02"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    let address = a["id"].as_str().unwrap().to_string();
    let c = signed_in(&s, "pol.manager").await;

    // The record offers to correct and withdraw each entry; the form opens filled in.
    let (_, details) = page(&c, &s, &format!("/people/{id}/details")).await;
    let correct = format!("/people/{id}/addresses/{address}/correct");
    assert!(details.contains(&correct), "the address row links to its correction");
    let (_, convictions) = page(&c, &s, &format!("/people/{id}/convictions")).await;
    assert!(convictions.contains(&format!("/people/{id}/disposals/{disposal}/withdraw")));
    let (st, form) = page(&c, &s, &correct).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Correct an address") && form.contains("value=\"4 Canal Street\""), "{form}");
    assert!(form.contains("Why are you correcting this entry?"));
    let csrf = csrf_of(&form);
    let fields = |reason: &'static str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("corrects", address.clone()),
            ("reason", reason.to_string()),
            ("kind", "home".into()),
            ("line1", "14 Canal Street".into()),
            ("town", "Northborough".into()),
            ("postcode", "N1 1AA".into()),
            ("from-day", "2".into()),
            ("from-month", "6".into()),
            ("from-year", "2020".into()),
        ]
    };
    let no_reason = fields("");
    let no_reason: Vec<(&str, &str)> = no_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&c, &s, &format!("/people/{id}/addresses/new"), &no_reason).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("govuk-error-summary") && body.contains("Enter why the entry is being corrected"), "{body}");
    assert!(body.contains("Correct an address"), "the form stays a correction");
    let (_, got) = s.get(&format!("/api/v1/nominals/{id}"), &manager).await;
    assert_eq!(got["addresses"][0]["line1"], "4 Canal Street", "nothing changed");

    let ok = fields("House number typed wrongly");
    let ok: Vec<(&str, &str)> = ok.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&c, &s, &format!("/people/{id}/addresses/new"), &ok).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/people/{id}/details#addresses").as_str());
    let (_, record) = page(&c, &s, &format!("/people/{id}/details")).await;
    assert!(record.contains("Correction made"), "the success banner says what was done");
    assert!(record.contains("14 Canal Street"));
    let (_, got) = s.get(&format!("/api/v1/nominals/{id}"), &manager).await;
    let lines: Vec<&str> = got["addresses"].as_array().unwrap().iter().map(|a| a["line1"].as_str().unwrap()).collect();
    assert_eq!(lines, vec!["14 Canal Street"], "only the corrected address stands");

    // Withdrawing the conviction asks why, then takes it out of the record.
    let withdraw = format!("/people/{id}/disposals/{disposal}/withdraw");
    let (st, form) = page(&c, &s, &withdraw).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Withdraw this conviction, caution or finding"));
    assert!(form.contains("Conviction of 4 March 2019: Synthetic offence"), "the entry withdrawn is shown");
    let bogus = format!("/people/{id}/disposals/{}/withdraw", uuid_like());
    assert_eq!(page(&c, &s, &bogus).await.0, StatusCode::NOT_FOUND, "no such entry");
    let csrf = csrf_of(&form);
    let r = post_form(&c, &s, &withdraw, &[("csrf_token", &csrf), ("reason", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Enter why the entry is being withdrawn"));
    let r = post_form(&c, &s, &withdraw, &[("csrf_token", &csrf), ("reason", "Belongs to another person")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, record) = page(&c, &s, &format!("/people/{id}/convictions")).await;
    assert!(record.contains("Entry withdrawn"));
    assert!(!record.contains("Synthetic offence"), "the withdrawn conviction is no longer listed");
    let (_, history) = page(&c, &s, &format!("/people/{id}/history")).await;
    assert!(history.contains("Entry withdrawn") && history.contains("Belongs to another person"), "{history}");
    assert!(history.contains("Correction made") && history.contains("House number typed wrongly"));

    // Reception may see the record but not put its entries right.
    let reception = signed_in(&s, "pol.reception").await;
    for part in ["", "/details", "/convictions"] {
        let (_, record) = page(&reception, &s, &format!("/people/{id}{part}")).await;
        assert!(!record.contains("/correct\"") && !record.contains("/withdraw\""), "no correction links for reception");
    }
    assert_eq!(page(&reception, &s, &correct).await.0, StatusCode::FORBIDDEN);
    s.stop().await;
});

every_backend!(a_notification_is_corrected_from_its_filled_in_form, |s, db| {
    let manager = s.token("pol.manager").await;
    let (id, _, _) = registered(&s, &manager).await;
    let (st, n) = s
        .post(
            &format!("/api/v1/nominals/{id}/notifications"),
            &manager,
            json!({"date": "2020-06-05", "kind": "initial", "home_address": "1 Synthetic Row, Testtown",
                   "photographs_taken": true, "station": "Testtown"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(n["late"][0]["rule"], "NOTIF-10", "late, as typed");
    let old = n["id"].as_str().unwrap();
    let c = signed_in(&s, "pol.manager").await;
    let (_, record) = page(&c, &s, &format!("/people/{id}")).await;
    let path = format!("/people/{id}/notifications/{old}/correct");
    assert!(record.contains(&path), "the notification's row links to its correction");
    let (st, form) = page(&c, &s, &path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Correct a notification") && form.contains("1 Synthetic Row, Testtown"), "{form}");
    assert!(form.contains("name=\"photographs_taken\" type=\"checkbox\" value=\"yes\" checked"), "ticks kept");
    assert!(!form.contains("Date of departure"), "only the kind's questions");
    // It was made on 2 June, on time: the day was typed wrongly.
    let csrf = csrf_of(&form);
    let r = c
        .post(s.url(&format!("/people/{id}/notifications/new")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("corrects", old),
            ("reason", "Day typed wrongly"),
            ("kind", "initial"),
            ("date-day", "2"),
            ("date-month", "6"),
            ("date-year", "2020"),
            ("home_address", "1 Synthetic Row, Testtown"),
            ("photographs_taken", "yes"),
            ("station", "Testtown"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("/people/{id}/notifications/")) && !to.ends_with(old), "{to}");
    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/notifications"), &manager).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0]["date"].as_str(), list[0]["late"].clone()), (Some("2020-06-02"), json!([])), "now on time");
    let (_, ack) = page(&c, &s, &to).await;
    assert!(ack.contains("Correction made"));
    s.stop().await;
});

every_backend!(orders_and_assessments_are_corrected_from_their_filled_in_forms, |s, db| {
    let manager = s.token("pol.manager").await;
    let (id, _, _) = registered(&s, &manager).await;
    let api = format!("/api/v1/nominals/{id}");
    let shpo = json!({"type": "shpo", "made": "2021-01-13", "served": "2021-01-13", "ends": "2026-01-12",
        "terms": [{"kind": "prohibition", "wording": "Not to approach the schol"}]});
    let (st, order) = s.post(&format!("{api}/orders"), &manager, shpo).await;
    assert_eq!(st, StatusCode::CREATED, "{order}");
    let order = order["id"].as_str().unwrap().to_string();
    let (st, a) = s
        .post(
            &format!("{api}/risk-assessments"),
            &manager,
            json!({"tool": "oasys_rosh", "date": "2021-02-01", "overall": "high", "setting": "community",
                   "risk_to": {"children": "high", "public": "low"}, "assessor_name": "Sam Assessor", "assessor_agency": "Probation"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    let assessment = a["id"].as_str().unwrap().to_string();
    let c = signed_in(&s, "pol.manager").await;

    // The order: its form opens filled in with its terms; the typo is put right.
    let (_, orders) = page(&c, &s, &format!("/people/{id}/orders")).await;
    let path = format!("/people/{id}/orders/{order}/correct");
    assert!(orders.contains(&path) && orders.contains(&format!("/people/{id}/orders/{order}/withdraw")));
    let (st, form) = page(&c, &s, &path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Correct an order") && form.contains("value=\"Not to approach the schol\""), "{form}");
    let csrf = csrf_of(&form);
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("corrects", order.as_str()),
        ("reason", "Wording mistyped"),
        ("type", "shpo"),
        ("made-day", "13"),
        ("made-month", "1"),
        ("made-year", "2021"),
        ("served-day", "13"),
        ("served-month", "1"),
        ("served-year", "2021"),
        ("ends-day", "12"),
        ("ends-month", "1"),
        ("ends-year", "2026"),
        ("terms-0-kind", "prohibition"),
        ("terms-0-wording", "Not to approach the school"),
    ];
    let r = c.post(s.url(&format!("/people/{id}/orders/new"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = s.get(&format!("{api}/orders"), &manager).await;
    let list = list["orders"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["terms"][0]["wording"], "Not to approach the school");
    assert_ne!(list[0]["id"].as_str(), Some(order.as_str()));

    // The assessment: the tool's form opens with its ratings chosen.
    let path = format!("/people/{id}/risk-assessments/{assessment}/correct");
    let (_, risk) = page(&c, &s, &format!("/people/{id}/risk")).await;
    assert!(risk.contains(&path));
    let (st, form) = page(&c, &s, &path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Correct an assessment"), "{form}");
    assert!(form.contains("<option value=\"high\" selected>"), "the overall level is chosen");
    let (st, e) = s
        .post(
            &format!("{api}/corrections"),
            &manager,
            json!({"kind": "risk_assessment", "item_id": assessment, "reason": "Overall level misread",
                   "risk_assessment": {"tool": "oasys_rosh", "date": "2021-02-01", "overall": "medium", "setting": "community",
                   "risk_to": {"children": "medium", "public": "low"}, "assessor_name": "Sam Assessor", "assessor_agency": "Probation"}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{e}");
    let (_, list) = s.get(&format!("{api}/risk-assessments"), &manager).await;
    let list = list["assessments"].as_array().unwrap();
    assert_eq!((list.len(), list[0]["overall"].as_str()), (1, Some("medium")), "{list:?}");
    s.stop().await;
});
