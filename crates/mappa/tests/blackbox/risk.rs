//! Risk assessments, police home visits, the visit schedule and the overdue
//! list (rules.md §7; VIS-1, VIS-2), over the API and the pages.

use crate::common::*;
use crate::every_backend;
use jiff::civil::Date;
use mappa_domain::rules::add_months;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn today() -> Date {
    mappa_app::today_in_london(jiff::Timestamp::now())
}

fn months_ago(n: i64) -> Date {
    add_months(today(), -n).unwrap()
}

async fn create(s: &TestServer, token: &str, surname: &str) -> String {
    let mut p = person();
    p["surname"] = json!(surname);
    let (st, created) = s.post("/api/v1/nominals", token, p).await;
    assert_eq!(st, StatusCode::CREATED);
    created["id"].as_str().unwrap().to_string()
}

fn rosh(date: Date, level: &str) -> Value {
    json!({"tool": "oasys_rosh", "date": date.to_string(), "overall": level, "setting": "community",
        "risk_to": {"children": level, "public": "low"}})
}

async fn actions(s: &TestServer, id: &str) -> Vec<String> {
    let t = s.token("pol.manager").await;
    let (_, trail) = s.get(&format!("/api/v1/nominals/{id}/audit"), &t).await;
    trail["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

/// Records a conviction for a Schedule 3 offence on `on`.
async fn convict(s: &TestServer, token: &str, id: &str, on: &str) {
    let (st, body) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            token,
            json!({"kind": "conviction", "date": on, "schedule_3": true,
                   "offences": [{"description": "Synthetic offence", "schedule_3": true}],
                   "sentence": {"type": "community_order"}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
}

every_backend!(risk_assessments_of_every_tool_with_audit_and_need_to_know, |s, db| {
    let t = s.token("pol.manager").await;
    let id = create(&s, &t, "Adebayo").await;
    convict(&s, &t, &id, "2019-03-04").await;
    let path = format!("/api/v1/nominals/{id}/risk-assessments");
    let tools = [
        rosh(months_ago(6), "high"),
        json!({"tool": "rm2000", "date": months_ago(5).to_string(), "rm2000_s": "medium", "rm2000_c": "high",
            "assessor_name": "Sam Assessor", "assessor_agency": "Probation"}),
        json!({"tool": "arms", "date": months_ago(4).to_string(), "priority": "high",
            "factors": {"opportunity": "present", "co_operation": "not_present"}, "notes": "Synthetic notes"}),
        json!({"tool": "osp", "date": months_ago(3).to_string(), "osp_c": "very_high", "osp_i": "medium"}),
    ];
    for body in &tools {
        let (st, a) = s.post(&path, &t, body.clone()).await;
        assert_eq!(st, StatusCode::CREATED, "{a}");
        assert_eq!(a["tool"], body["tool"]);
    }
    let (st, list) = s.get(&path, &t).await;
    assert_eq!(st, StatusCode::OK);
    let got: Vec<&str> = list["assessments"].as_array().unwrap().iter().map(|a| a["tool"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["osp", "arms", "rm2000", "oasys_rosh"], "newest first");
    let a = &list["assessments"];
    assert_eq!(a[3]["assessor_agency"], "Police", "the assessor defaults to the signed-in user's agency");
    assert_eq!(a[3]["risk_to"][0], json!({"group": "children", "level": "high"}));
    assert_eq!(a[2]["assessor_name"], "Sam Assessor");
    assert_eq!(a[2]["combined"], "high");
    assert_eq!(a[1]["priority"], "high", "ARMS-4: a priority for work");
    assert_eq!(a[1]["factors"].as_array().unwrap().len(), 11);
    assert_eq!((a[0]["contact"].as_str(), a[0]["images"].as_str()), (Some("very_high"), Some("medium")));
    let trail = actions(&s, &id).await;
    assert_eq!(trail.iter().filter(|x| *x == "risk_assessment.create").count(), 4);
    assert!(trail.contains(&"risk.view".to_string()), "reads are audited");
    // Principle 2: other agencies get 404, reading or writing; a reception
    // officer of the owning agency may read but not write.
    for user in ["prb.manager", "hsg.partner"] {
        let other = s.token(user).await;
        assert_eq!(s.get(&path, &other).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(s.post(&path, &other, tools[0].clone()).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(s.get(&format!("/api/v1/nominals/{id}/visits"), &other).await.0, StatusCode::NOT_FOUND, "{user}");
    }
    let reception = s.token("pol.reception").await;
    assert_eq!(s.get(&path, &reception).await.0, StatusCode::OK);
    assert_eq!(s.post(&path, &reception, tools[0].clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.get(&path, &t).await.1["assessments"].as_array().unwrap().len(), 4);
    s.stop().await;
});

every_backend!(bad_assessments_and_visits_name_the_field_and_store_nothing, |s, db| {
    let t = s.token("pol.manager").await;
    let id = create(&s, &t, "Adebayo").await;
    let path = format!("/api/v1/nominals/{id}/risk-assessments");
    let tomorrow = today().tomorrow().unwrap().to_string();
    let before = actions(&s, &id).await.len();
    let cases = [
        (
            json!({"tool": "oasys_rosh", "date": tomorrow, "overall": "high", "setting": "community"}),
            "date",
            "date_in_future",
        ),
        (
            json!({"tool": "oasys_rosh", "date": "2026-02-30", "overall": "high", "setting": "community"}),
            "date",
            "invalid_date",
        ),
        (json!({"tool": "oasys_rosh", "date": "2025-01-01", "setting": "community"}), "overall", "required"),
        (json!({"tool": "rm2000", "date": "2025-01-01", "overall": "high"}), "overall", "not_for_tool"),
        (
            json!({"tool": "arms", "date": "2025-01-01", "priority": "high", "factors": {"luck": "present"}}),
            "factors.luck",
            "invalid_choice",
        ),
        (json!({"tool": "scorecard", "date": "2025-01-01"}), "tool", "invalid_choice"),
    ];
    for (body, field, code) in cases {
        let (st, e) = s.post(&path, &t, body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some(field), Some(code)), "{e}");
    }
    let (st, e) = s.post(&path, &t, json!({"tool": "osp", "date": "2025-01-01", "osp_c": "low", "score": 3})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("unknown_field")), "{e}");
    let visits = format!("/api/v1/nominals/{id}/visits");
    let bad_visits = [
        (json!({"date": tomorrow, "kind": "announced", "outcome": "seen_at_home"}), "date", "date_in_future"),
        (json!({"date": months_ago(1).to_string(), "kind": "planned"}), "outcome", "required"),
        (json!({"date": tomorrow, "kind": "planned", "concerns_raised": true}), "concerns", "no_outcome"),
        (json!({"date": "2025-01-01", "kind": "drive_by", "outcome": "seen_at_home"}), "kind", "invalid_choice"),
    ];
    for (body, field, code) in bad_visits {
        let (st, e) = s.post(&visits, &t, body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!((e["error"]["field"].as_str(), e["error"]["code"].as_str()), (Some(field), Some(code)), "{e}");
    }
    assert_eq!(actions(&s, &id).await.len(), before + 1, "only the audit read itself was added");
    assert!(s.get(&path, &t).await.1["assessments"].as_array().unwrap().is_empty());
    let (_, v) = s.get(&visits, &t).await;
    assert!(v["visits"].as_array().unwrap().is_empty());
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &t).await.1["version"], 1, "nothing stored changed");
    s.stop().await;
});

every_backend!(vis_1_the_schedule_follows_the_latest_level_from_the_last_visit, |s, db| {
    let t = s.token("pol.manager").await;
    let id = create(&s, &t, "Adebayo").await;
    let visits = format!("/api/v1/nominals/{id}/visits");
    let assess = format!("/api/v1/nominals/{id}/risk-assessments");
    let (_, v) = s.get(&visits, &t).await;
    assert_eq!(
        (v["schedule"]["next_due"].clone(), v["schedule"]["explanation"][0]["rule"].clone()),
        (Value::Null, json!("VIS-1"))
    );
    // Very High, assessed two months ago, never visited: due a month after the assessment.
    assert_eq!(s.post(&assess, &t, rosh(months_ago(2), "very_high")).await.0, StatusCode::CREATED);
    let (_, v) = s.get(&visits, &t).await;
    assert_eq!(v["schedule"]["level"], "very_high");
    assert_eq!(v["schedule"]["next_due"], months_ago(1).to_string());
    assert_eq!(v["schedule"]["overdue"], true);
    // A visit where the person was seen restarts the interval; one where they were not does not.
    let seen = months_ago(1).to_string();
    let (st, rec) = s
        .post(
            &visits,
            &t,
            json!({"date": seen, "kind": "unannounced", "outcome": "seen_at_home",
            "present": "PC One, PC Two", "concerns_raised": true, "concerns": "Synthetic concern"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{rec}");
    assert_eq!(rec["officer"], "pol.manager", "the officer defaults to the signed-in user");
    let (st, _) =
        s.post(&visits, &t, json!({"date": today().to_string(), "kind": "announced", "outcome": "not_at_home"})).await;
    assert_eq!(st, StatusCode::CREATED);
    let booked = add_months(today(), 1).unwrap().to_string();
    assert_eq!(s.post(&visits, &t, json!({"date": booked, "kind": "planned"})).await.0, StatusCode::CREATED);
    let (_, v) = s.get(&visits, &t).await;
    assert_eq!(v["schedule"]["last_visit"], seen);
    assert_eq!(v["schedule"]["next_due"], add_months(months_ago(1), 1).unwrap().to_string());
    assert_eq!(v["visits"].as_array().unwrap().len(), 3);
    assert_eq!(v["visits"][0]["outcome"], Value::Null, "the booked visit is newest");
    // A new Low assessment: yearly from the last visit (CONV-12 defaults).
    assert_eq!(s.post(&assess, &t, rosh(today(), "low")).await.0, StatusCode::CREATED);
    let (_, v) = s.get(&visits, &t).await;
    assert_eq!(v["schedule"]["level"], "low");
    assert_eq!(v["schedule"]["low_since"], today().to_string());
    assert_eq!(v["schedule"]["next_due"], add_months(months_ago(1), 12).unwrap().to_string());
    assert_eq!(v["schedule"]["reactive_management"], false);
    let rules: Vec<&str> =
        v["schedule"]["explanation"].as_array().unwrap().iter().map(|x| x["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, vec!["RISK-0a", "VIS-1"]);
    let trail = actions(&s, &id).await;
    assert_eq!(trail.iter().filter(|x| *x == "visit.create").count(), 3);
    s.stop().await;
});

every_backend!(vis_2_overdue_list_only_reachable_people_most_overdue_first, |s, db| {
    let pol = s.token("pol.manager").await;
    let prb = s.token("prb.manager").await;
    // Police: A overdue (Very High, assessed 3 months ago), B not (Low, visited
    // last month), R reactive (Low for over 3 years), N no assessment.
    let a = create(&s, &pol, "Alpha").await;
    s.post(&format!("/api/v1/nominals/{a}/risk-assessments"), &pol, rosh(months_ago(3), "very_high")).await;
    let b = create(&s, &pol, "Bravo").await;
    s.post(&format!("/api/v1/nominals/{b}/risk-assessments"), &pol, rosh(months_ago(2), "low")).await;
    s.post(
        &format!("/api/v1/nominals/{b}/visits"),
        &pol,
        json!({"date": months_ago(1).to_string(), "kind": "announced", "outcome": "seen_at_home"}),
    )
    .await;
    let r = create(&s, &pol, "Romeo").await;
    s.post(&format!("/api/v1/nominals/{r}/risk-assessments"), &pol, rosh(months_ago(40), "low")).await;
    s.post(&format!("/api/v1/nominals/{r}/risk-assessments"), &pol, rosh(months_ago(10), "low")).await;
    create(&s, &pol, "November").await;
    // Probation: C overdue by far (High, assessed a year ago).
    let c = create(&s, &prb, "Charlie").await;
    let (st, _) = s.post(&format!("/api/v1/nominals/{c}/risk-assessments"), &prb, rosh(months_ago(12), "high")).await;
    assert_eq!(st, StatusCode::CREATED);

    let ids = |v: &Value| -> Vec<String> {
        v["results"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect()
    };
    let (st, list) = s.get("/api/v1/visits/overdue", &pol).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert_eq!(ids(&list), vec![a.clone()]);
    assert_eq!(list["results"][0]["next_due"], months_ago(2).to_string());
    assert_eq!(list["results"][0]["level"], "very_high");
    assert!(list["results"][0]["days_overdue"].as_i64().unwrap() > 0);
    assert_eq!(ids(&s.get("/api/v1/visits/overdue", &prb).await.1), vec![c.clone()]);
    // As of a day long past, nobody was overdue yet.
    let (_, past) = s.get(&format!("/api/v1/visits/overdue?as_of={}", months_ago(11)), &pol).await;
    assert_eq!((past["total"].as_u64(), past["as_of"].as_str()), (Some(0), Some(months_ago(11).to_string().as_str())));
    // Shared with probation, A joins their list after the more overdue C.
    let (st, _) = s
        .post(&format!("/api/v1/nominals/{a}/shares"), &pol, json!({"agency": "PRB", "reason": "Joint management"}))
        .await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(ids(&s.get("/api/v1/visits/overdue", &prb).await.1), vec![c.clone(), a.clone()]);
    let hsg = s.token("hsg.partner").await;
    assert!(ids(&s.get("/api/v1/visits/overdue", &hsg).await.1).is_empty());
    let analyst = s.token("pol.analyst").await;
    assert_eq!(s.get("/api/v1/visits/overdue", &analyst).await.0, StatusCode::FORBIDDEN);
    let (st, e) = s.get("/api/v1/visits/overdue?as_of=2026-13-01", &pol).await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("as_of")));
    assert_eq!(s.get("/api/v1/visits/overdue?since=2026-01-01", &pol).await.0, StatusCode::BAD_REQUEST);
    s.stop().await;
});

every_backend!(risk_and_visit_pages, |s, db| {
    let t = s.token("pol.manager").await;
    let id = create(&s, &t, "Adebayo").await;
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let person = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(person.contains(&format!("href=\"/people/{id}/risk\"")) && person.contains("href=\"/visits/overdue\""));
    let page = s.client.get(s.url(&format!("/people/{id}/risk"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("Risk and visits") && page.contains("No risk assessment is recorded"));
    for tool in ["oasys_rosh", "rm2000", "arms", "osp"] {
        let r = s.client.get(s.url(&format!("/people/{id}/risk/assessments/new?tool={tool}"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{tool}");
    }
    let form = s
        .client
        .get(s.url(&format!("/people/{id}/risk/assessments/new?tool=oasys_rosh")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("for=\"risk_to-children\"") && form.contains("value=\"Police\""));
    let token = csrf_of(&form);
    let tomorrow = today().tomorrow().unwrap();
    let (d, m, y) = (tomorrow.day().to_string(), tomorrow.month().to_string(), tomorrow.year().to_string());
    let bad = [
        ("csrf_token", token.as_str()),
        ("tool", "oasys_rosh"),
        ("date-day", d.as_str()),
        ("date-month", m.as_str()),
        ("date-year", y.as_str()),
        ("setting", "community"),
        ("risk_to-children", "extreme"),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/risk/assessments/new"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for href in ["#date-day", "#overall", "#risk_to-children"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}: {html}");
    }
    let last_month = months_ago(1);
    let (d, m, y) = (last_month.day().to_string(), last_month.month().to_string(), last_month.year().to_string());
    let good = [
        ("csrf_token", token.as_str()),
        ("tool", "oasys_rosh"),
        ("date-day", d.as_str()),
        ("date-month", m.as_str()),
        ("date-year", y.as_str()),
        ("overall", "high"),
        ("setting", "community"),
        ("risk_to-children", "high"),
        ("assessor_name", "Sam Assessor"),
        ("assessor_agency", "Police"),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/risk/assessments/new"))).form(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let arms = [
        ("csrf_token", token.as_str()),
        ("tool", "arms"),
        ("date-day", d.as_str()),
        ("date-month", m.as_str()),
        ("date-year", y.as_str()),
        ("priority", "medium"),
        ("factors-opportunity", "present"),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/risk/assessments/new"))).form(&arms).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let visit_form = s.client.get(s.url(&format!("/people/{id}/visits/new"))).send().await.unwrap();
    assert_eq!(visit_form.status(), StatusCode::OK);
    let bad_visit = [
        ("csrf_token", token.as_str()),
        ("kind", "planned"),
        ("date-day", d.as_str()),
        ("date-month", m.as_str()),
        ("date-year", y.as_str()),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/visits/new"))).form(&bad_visit).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#outcome\""));
    let visit = [
        ("csrf_token", token.as_str()),
        ("kind", "unannounced"),
        ("outcome", "seen_at_home"),
        ("date-day", d.as_str()),
        ("date-month", m.as_str()),
        ("date-year", y.as_str()),
        ("present", "PC One"),
        ("officer", "PC One"),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/visits/new"))).form(&visit).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = s.client.get(s.url(&format!("/people/{id}/risk"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sam Assessor") && page.contains("Seen at home") && page.contains("Medium priority"));
    assert!(
        page.contains("VIS-1") && page.contains(&add_months(last_month, 3).unwrap().strftime("%-d %B %Y").to_string())
    );
    let overdue = s.client.get(s.url("/visits/overdue")).send().await.unwrap();
    assert_eq!(overdue.status(), StatusCode::OK);
    assert!(overdue.text().await.unwrap().contains("No police home visit is overdue"));
    let r = s
        .client
        .get(s.url(&format!("/visits/overdue?as_of-day=1&as_of-month=1&as_of-year={}", today().year() + 2)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains(&format!("href=\"/people/{id}/risk\"")));
    let r = s.client.get(s.url("/visits/overdue?as_of-day=31&as_of-month=2&as_of-year=2026")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#as_of-day\""));
    // Another agency sees neither the page nor the forms.
    let other =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    other.post(s.url("/sign-in")).form(&[("username", "prb.manager"), ("password", PASSWORD)]).send().await.unwrap();
    for path in [
        format!("/people/{id}/risk"),
        format!("/people/{id}/visits/new"),
        format!("/people/{id}/risk/assessments/new?tool=osp"),
    ] {
        assert_eq!(other.get(s.url(&path)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{path}");
    }
    s.stop().await;
});

every_backend!(rm_1_risk_matrix_2000_only_for_men_over_18_convicted_of_a_sexual_offence, |s, db| {
    let t = s.token("pol.manager").await;
    let rm2000 = |on: &str| json!({"tool": "rm2000", "date": on, "rm2000_c": "high"});
    let refused = |e: &Value| {
        (e["error"]["field"].as_str() == Some("tool"), e["error"]["code"].as_str() == Some("rm2000_not_applicable"))
    };
    // Never convicted of a sexual offence: refused, nothing stored.
    let id = create(&s, &t, "Unconvicted").await;
    let before = actions(&s, &id).await.len();
    let path = format!("/api/v1/nominals/{id}/risk-assessments");
    let (st, e) = s.post(&path, &t, rm2000("2025-01-01")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(refused(&e), (true, true), "{e}");
    assert_eq!(actions(&s, &id).await.len(), before + 1, "only the audit read itself was added");
    assert_eq!(s.get(&path, &t).await.1["assessments"], json!([]));
    // Once convicted, from the day of the conviction.
    convict(&s, &t, &id, "2024-06-01").await;
    assert_eq!(refused(&s.post(&path, &t, rm2000("2024-05-31")).await.1), (true, true));
    assert_eq!(s.post(&path, &t, rm2000("2024-06-01")).await.0, StatusCode::CREATED);
    // A woman, and someone under 18 on the day, are refused even when convicted.
    let mut woman = person();
    woman["gender"] = json!("female");
    let (_, w) = s.post("/api/v1/nominals", &t, woman).await;
    let w = w["id"].as_str().unwrap().to_string();
    convict(&s, &t, &w, "2024-06-01").await;
    let (st, e) = s.post(&format!("/api/v1/nominals/{w}/risk-assessments"), &t, rm2000("2025-01-01")).await;
    assert_eq!((st, refused(&e)), (StatusCode::UNPROCESSABLE_ENTITY, (true, true)), "{e}");
    let mut young = person();
    young["date_of_birth"] = json!("2008-03-01");
    let (_, y) = s.post("/api/v1/nominals", &t, young).await;
    let y = y["id"].as_str().unwrap().to_string();
    convict(&s, &t, &y, "2025-06-01").await;
    let ypath = format!("/api/v1/nominals/{y}/risk-assessments");
    assert_eq!(refused(&s.post(&ypath, &t, rm2000("2026-02-28")).await.1), (true, true), "17 on the day");
    assert_eq!(s.post(&ypath, &t, rm2000("2026-03-01")).await.0, StatusCode::CREATED, "18 on the day");
    // The page says why, with the GOV.UK error summary, and offers another tool.
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let form = s.client.get(s.url(&format!("/people/{w}/risk/assessments/new?tool=rm2000"))).send().await.unwrap();
    let token = csrf_of(&form.text().await.unwrap());
    let post = [
        ("csrf_token", token.as_str()),
        ("tool", "rm2000"),
        ("date-day", "1"),
        ("date-month", "1"),
        ("date-year", "2025"),
        ("rm2000_c", "high"),
        ("assessor_name", "Sam Assessor"),
        ("assessor_agency", "Police"),
    ];
    let r = s.client.post(s.url(&format!("/people/{w}/risk/assessments/new"))).form(&post).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("govuk-error-summary") && html.contains("href=\"#tool\"") && html.contains("id=\"tool\""),
        "{html}"
    );
    assert!(html.contains("only for men") && html.contains("Choose another assessment tool"));
});

// Issue 9, point 7: the overdue list comes a page at a time, with its count.
every_backend!(the_overdue_visits_page_comes_a_page_at_a_time, |s, db| {
    let t = s.token("pol.manager").await;
    for i in 0..52 {
        let id = create(&s, &t, &format!("Overdue{i:02}")).await;
        let (st, v) =
            s.post(&format!("/api/v1/nominals/{id}/risk-assessments"), &t, rosh(months_ago(12), "high")).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let c = signed_in(&s, "pol.manager").await;
    let (_, first) = page(&c, &s, "/visits/overdue").await;
    assert!(first.contains("Showing 1 to 50 of 52"), "the count");
    assert!(first.contains("href=\"/visits/overdue?offset=50\""), "the next page");
    let (_, second) = page(&c, &s, "/visits/overdue?offset=50").await;
    assert!(second.contains("Showing 51 to 52 of 52"));
    assert_eq!(second.matches("/risk\">OVERDUE").count(), 2, "two on the last page");
    s.stop().await;
});
