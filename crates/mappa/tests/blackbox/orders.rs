//! Civil orders and licences (journey 6): the API and the pages.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn shpo() -> Value {
    json!({
        "type": "shpo", "court": "Snaresbrook Crown Court", "made": "2024-01-10", "served": "2024-01-12",
        "ends": "2029-01-09",
        "terms": [
            {"kind": "prohibition", "wording": "Not to have unsupervised contact with any child under 16"},
            {"kind": "requirement", "wording": "Attend a sex offender treatment programme",
             "responsible_person": "Probation Service", "ends": "2029-01-09"}
        ],
        "travel_prohibition": {"scope": "all_countries", "ends": "2029-01-09", "passport_station": "Ilford police station"}
    })
}

async fn actions(s: &TestServer, id: &str) -> Vec<String> {
    s.app
        .store()
        .audit_for_nominal(&granted(id.parse().unwrap()), 200)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect()
}

every_backend!(orders_api_shpo_with_terms_travel_ban_passport_and_changes, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let orders = format!("/api/v1/nominals/{id}/orders");

    // Bad input names the field, with a stable code, and stores nothing.
    let mut bad = shpo();
    bad["ends"] = json!("2028-01-01");
    let (st, e) = s.post(&orders, &t, bad).await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("below_minimum"), Some("ends"))
    );
    let mut bad = shpo();
    bad["travel_prohibition"]["ends"] = json!("2029-01-10");
    bad["travel_prohibition"]["passport_station"] = Value::Null;
    let (st, e) = s.post(&orders, &t, bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        e["error"]["errors"].as_array().unwrap().iter().map(|x| x["field"].as_str().unwrap()).collect();
    assert!(
        fields.contains(&"travel_prohibition.ends") && fields.contains(&"travel_prohibition.passport_station"),
        "{e}"
    );
    let mut bad = shpo();
    bad["served"] = json!("2024-01-09");
    assert_eq!(s.post(&orders, &t, bad).await.1["error"]["code"], "served_before_made");
    let mut bad = shpo();
    bad["colour"] = json!("red");
    assert_eq!(s.post(&orders, &t, bad).await.0, StatusCode::BAD_REQUEST);
    assert!(s.get(&orders, &t).await.1["orders"].as_array().unwrap().is_empty());
    assert!(!actions(&s, &id).await.iter().any(|a| a == "order.create"));

    // An SHPO with terms and a total travel ban.
    let (st, o) = s.post(&orders, &t, shpo()).await;
    assert_eq!(st, StatusCode::CREATED, "{o}");
    let order_id = o["id"].as_str().unwrap().to_string();
    assert_eq!(o["type"], "shpo");
    assert_eq!(o["terms"].as_array().unwrap().len(), 2);
    assert_eq!(o["travel_prohibition"]["scope"], "all_countries");
    let (st, list) = s.get(&orders, &t).await;
    assert_eq!((st, list["orders"][0]["id"].as_str()), (StatusCode::OK, Some(order_id.as_str())));

    // Passport surrender, then return before surrender is refused.
    let passport = format!("{orders}/{order_id}/passport");
    let (st, o) = s.post(&passport, &t, json!({"surrendered": "2024-01-15"})).await;
    assert_eq!((st, o["travel_prohibition"]["passport"]["surrendered"].as_str()), (StatusCode::OK, Some("2024-01-15")));
    let (st, e) = s.post(&passport, &t, json!({"returned": "2024-01-14"})).await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("returned_before_surrendered"))
    );

    // Variation, renewal (SHPO-3 limit) and discharge, kept as history.
    let changes = format!("{orders}/{order_id}/changes");
    let (st, o) = s
        .post(
            &changes,
            &t,
            json!({"kind": "variation", "date": "2025-03-01", "reason": "Court added a term",
            "add_terms": [{"kind": "prohibition", "wording": "Not to use social media without disclosing it"}]}),
        )
        .await;
    assert_eq!((st, o["terms"].as_array().unwrap().len()), (StatusCode::CREATED, 3), "{o}");
    let (st, e) = s
        .post(
            &changes,
            &t,
            json!({"kind": "renewal", "date": "2026-01-05", "reason": "Risk continues",
            "ends": "2034-01-09", "travel_prohibition_ends": "2034-01-10"}),
        )
        .await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("above_maximum"), Some("travel_prohibition_ends"))
    );
    let (st, o) = s
        .post(
            &changes,
            &t,
            json!({"kind": "renewal", "date": "2026-01-05", "reason": "Risk continues",
            "ends": "2034-01-09", "travel_prohibition_ends": "2034-01-09"}),
        )
        .await;
    assert_eq!(
        (st, o["ends"].as_str(), o["travel_prohibition"]["ends"].as_str()),
        (StatusCode::CREATED, Some("2034-01-09"), Some("2034-01-09"))
    );
    let (st, o) =
        s.post(&changes, &t, json!({"kind": "discharge", "date": "2026-03-01", "reason": "Appeal allowed"})).await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(
        (o["status"].as_str(), o["ends"].as_str(), o["discharged"].as_str()),
        (Some("discharged"), Some("2026-03-01"), Some("2026-03-01"))
    );
    assert_eq!(o["changes"].as_array().unwrap().len(), 3);
    let (st, e) = s
        .post(&changes, &t, json!({"kind": "variation", "date": "2026-03-02", "reason": "x", "ends": "2035-01-01"}))
        .await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("order_discharged")));
    // Passports come back after the ban ends.
    let (st, o) = s.post(&passport, &t, json!({"returned": "2026-03-05"})).await;
    assert_eq!((st, o["travel_prohibition"]["passport"]["returned"].as_str()), (StatusCode::OK, Some("2026-03-05")));
    // What the rules engine will be fed.
    let facts = s.app.store().order_facts(&granted(id.parse().unwrap())).await.unwrap();
    assert_eq!(facts[0].id, order_id);
    assert_eq!(facts[0].ends, Some(jiff::civil::date(2026, 3, 1)));

    let a = actions(&s, &id).await;
    for want in ["order.create", "order.passport", "order.variation", "order.renewal", "order.discharge", "orders.view"]
    {
        assert!(a.iter().any(|x| x == want), "{want} in {a:?}");
    }
    assert_eq!(
        s.post(&format!("{orders}/{}/changes", uuid::Uuid::now_v7()), &t, json!({"kind": "discharge"})).await.0,
        StatusCode::NOT_FOUND
    );
    s.stop().await;
});

every_backend!(licence_api_conditions_supersession_and_recall, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let licence = format!("/api/v1/nominals/{id}/licence");
    let recall = format!("{licence}/recall");

    let (st, l) = s.get(&licence, &t).await;
    assert_eq!((st, l["current"].clone()), (StatusCode::OK, Value::Null));
    // A recall needs a licence.
    let (st, e) = s.post(&recall, &t, json!({"date": "2026-01-05", "type": "standard", "reasons": "x"})).await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("no_licence"), Some("licence"))
    );
    // Date order, named by field; nothing stored.
    let (st, e) =
        s.post(&licence, &t, json!({"release_date": "2025-06-01", "led": "2027-12-02", "sed": "2027-12-01"})).await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("led_after_sed"), Some("led"))
    );
    let (_, e) =
        s.post(&licence, &t, json!({"release_date": "2028-06-01", "led": "2027-06-01", "pss_end": "2027-01-01"})).await;
    let codes: Vec<&str> =
        e["error"]["errors"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"release_after_led") && codes.contains(&"pss_before_led"), "{e}");
    assert_eq!(s.get(&licence, &t).await.1["current"], Value::Null);

    let first = json!({"release_date": "2025-01-01", "led": "2026-01-01", "sed": "2026-06-01"});
    assert_eq!(s.post(&licence, &t, first).await.0, StatusCode::CREATED);
    let second = json!({
        "release_date": "2025-06-01", "crd": "2025-06-01", "led": "2027-06-01", "sed": "2027-12-01", "pss_end": "2027-06-01",
        "hdced": "2025-04-01", "hdcad": "2025-05-01",
        "standard_conditions": ["good_behaviour", "no_offence", "keep_in_touch", "receive_visits", "approved_address", "approved_work", "no_travel_abroad"],
        "additional_conditions": [
            {"type": "residence", "wording": "Reside at the approved premises"},
            {"type": "non_contact", "wording": "No contact with the victim"},
            {"type": "curfew", "wording": "Remain at the address overnight", "curfew_start": "19:00", "curfew_end": "07:00"},
            {"type": "exclusion_zone", "wording": "Not to enter the marked zone"},
            {"type": "electronic_monitoring", "wording": "Wear a location tag", "gps": true},
            {"type": "polygraph", "wording": "Take polygraph examinations"},
            {"type": "bespoke", "wording": "Bespoke wording"}
        ]
    });
    let (st, l) = s.post(&licence, &t, second).await;
    assert_eq!(st, StatusCode::CREATED, "{l}");
    assert_eq!(l["additional_conditions"].as_array().unwrap().len(), 7);
    assert_eq!((l["dates"]["led"].as_str(), l["dates"]["sed"].as_str()), (Some("2027-06-01"), Some("2027-12-01")));
    let (st, e) = s.post(&recall, &t, json!({"date": "2025-05-01", "type": "standard", "reasons": "x"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("recall_before_release")));
    let (st, l) = s
        .post(&recall, &t, json!({"date": "2026-01-05", "type": "fixed_term", "reasons": "Curfew breached twice"}))
        .await;
    assert_eq!((st, l["recalls"][0]["type"].as_str()), (StatusCode::CREATED, Some("fixed_term")));
    let (_, all) = s.get(&licence, &t).await;
    assert_eq!(all["current"]["recalls"][0]["date"], "2026-01-05");
    assert_eq!(all["history"].as_array().unwrap().len(), 1);
    assert_eq!(all["history"][0]["dates"]["led"], "2026-01-01");
    let f = s.app.store().licence_facts(&granted(id.parse().unwrap())).await.unwrap().unwrap();
    assert_eq!(f.recall_date, Some(jiff::civil::date(2026, 1, 5)));
    let a = actions(&s, &id).await;
    for want in ["licence.create", "licence.recall", "licence.view"] {
        assert!(a.iter().any(|x| x == want), "{want} in {a:?}");
    }
    s.stop().await;
});

every_backend!(shpo_5_an_shpo_on_a_registered_offender_does_not_move_the_initial_notification, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (st, body) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            &t,
            json!({"kind": "conviction", "date": "2020-01-06", "schedule_3": true,
                   "offences": [{"description": "Synthetic offence", "schedule_3": true}],
                   "sentence": {"type": "community_order"}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let shpo = json!({"type": "shpo", "made": "2020-01-13", "served": "2020-01-13", "ends": "2027-01-12",
        "terms": [{"kind": "prohibition", "wording": "Not to approach the school"}]});
    assert_eq!(s.post(&format!("/api/v1/nominals/{id}/orders"), &t, shpo).await.0, StatusCode::CREATED);
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations?as_of=2020-02-01"), &t).await;
    let initial = ob["obligations"].as_array().unwrap().iter().find(|o| o["kind"] == "initial_notification").cloned();
    assert_eq!(initial.map(|o| o["due"].clone()), Some(json!("2020-01-08")), "{ob}");
    assert!(ob["notification"]["explanation"].as_array().unwrap().iter().any(|s| s["rule"] == "SHPO-5"));
    // They stay subject until the order ends, after their own 5 years.
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await.1["notification"]["ends"], "2027-01-12");
    s.stop().await;
});

every_backend!(shpo_8_a_new_order_revokes_the_earlier_one_over_the_api_and_pages, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let orders = format!("/api/v1/nominals/{id}/orders");
    // Notification rests only on the orders: a SOPO until further order, then
    // a fixed-term SHPO that has since ended.
    let sopo = json!({"type": "sopo", "made": "2012-05-01", "served": "2012-05-01",
        "terms": [{"kind": "prohibition", "wording": "Not to approach the school"}]});
    let (st, sopo) = s.post(&orders, &t, sopo).await;
    assert_eq!(st, StatusCode::CREATED, "{sopo}");
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert_eq!(
        (ob["notification"]["subject"].as_bool(), ob["notification"]["indefinite"].as_bool()),
        (Some(true), Some(true))
    );
    let shpo = json!({"type": "shpo", "made": "2016-03-01", "served": "2016-03-02", "ends": "2021-02-28",
        "terms": [{"kind": "prohibition", "wording": "Not to approach the school"}]});
    let (st, shpo) = s.post(&orders, &t, shpo).await;
    assert_eq!(st, StatusCode::CREATED, "{shpo}");
    let (_, list) = s.get(&orders, &t).await;
    let sopo_now = list["orders"].as_array().unwrap().iter().find(|o| o["id"] == sopo["id"]).unwrap().clone();
    assert_eq!(sopo_now["revoked"], json!({"by": shpo["id"], "on": "2016-03-01"}));
    assert_eq!(sopo_now["status"], "in_force", "the recorded status is kept");
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert_eq!(ob["notification"]["subject"], false, "{ob}");
    assert_eq!(ob["notification"]["ends"], "2021-02-28");
    let explained = ob["notification"]["explanation"].as_array().unwrap();
    assert!(explained.iter().any(|s| s["rule"] == "SHPO-8"), "{ob}");
    // The page says so, and offers no change to the revoked order.
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let page = s.client.get(s.url(&format!("/people/{id}/orders"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Revoked on 1 March 2016 when the Sexual harm prevention order (SHPO) was made"), "{page}");
    let sopo_id = sopo["id"].as_str().unwrap();
    assert!(!page.contains(&format!("/orders/{sopo_id}/change")));
    s.stop().await;
});

every_backend!(lic_a14_conditions_requested_through_mappa_are_reviewed, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let licence = format!("/api/v1/nominals/{id}/licence");
    let today = mappa_app::today_in_london(jiff::Timestamp::now());
    let soon = today.checked_add(jiff::Span::new().days(10)).unwrap();
    let later = today.checked_add(jiff::Span::new().days(200)).unwrap();
    let body = |review_by: &str| {
        json!({"release_date": "2025-06-01", "led": "2030-06-01", "sed": "2030-06-01",
        "additional_conditions": [
            {"type": "exclusion_zone", "wording": "Not to enter the marked zone", "requested_through_mappa": true,
             "review_by": review_by},
            {"type": "further_standard", "wording": "A further standard condition for this sentence (LIC-S8)"}
        ]})
    };
    // A review date before release is refused, naming the condition's field.
    let (st, e) = s.post(&licence, &t, body("2025-05-31")).await;
    assert_eq!(
        (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("additional_conditions[0].review_by"), Some("before_release"))
    );
    let (st, l) = s.post(&licence, &t, body(&soon.to_string())).await;
    assert_eq!(st, StatusCode::CREATED, "{l}");
    let c = &l["additional_conditions"][0];
    assert_eq!(
        (c["requested_through_mappa"].as_bool(), c["review_by"].as_str()),
        (Some(true), Some(soon.to_string().as_str()))
    );
    assert_eq!(l["additional_conditions"][1]["type"], "further_standard");
    let condition = c["id"].as_str().unwrap().to_string();
    // The review due is an obligation and, within 14 days, a task for the team.
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    let review = ob["obligations"].as_array().unwrap().iter().find(|o| o["kind"] == "condition_review").cloned();
    assert_eq!(
        review.as_ref().map(|o| (o["due"].clone(), o["rule"].clone())),
        Some((json!(soon.to_string()), json!("LIC-A14"))),
        "{ob}"
    );
    let (_, tasks) = s.get("/api/v1/tasks", &t).await;
    let all: Vec<&Value> = tasks["mine"].as_array().unwrap().iter().chain(tasks["team"].as_array().unwrap()).collect();
    assert!(all.iter().any(|x| x["nominal_id"] == id.as_str() && x["kind"] == "condition_review"), "{tasks}");

    // Reviewing it: bad input names the field and changes nothing.
    let path = format!("{licence}/conditions/{condition}/review");
    let before = actions(&s, &id).await.len();
    for (input, field, code) in [
        (json!({}), "reviewed_on", "required"),
        (json!({"reviewed_on": "2025-05-01"}), "reviewed_on", "before_release"),
        (
            json!({"reviewed_on": today.to_string(), "next_review_by": today.to_string()}),
            "next_review_by",
            "not_after_review",
        ),
    ] {
        let (st, e) = s.post(&path, &t, input).await;
        assert_eq!(
            (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), Some(code)),
            "{e}"
        );
    }
    assert_eq!(actions(&s, &id).await.len(), before, "nothing written or audited");
    let (st, l) =
        s.post(&path, &t, json!({"reviewed_on": today.to_string(), "next_review_by": later.to_string()})).await;
    assert_eq!(st, StatusCode::OK, "{l}");
    assert_eq!(l["additional_conditions"][0]["review_by"], later.to_string());
    assert_eq!(l["additional_conditions"][0]["last_reviewed_on"], today.to_string());
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    let due: Vec<&Value> = ob["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "condition_review")
        .map(|o| &o["due"])
        .collect();
    assert_eq!(due, vec![&json!(later.to_string())]);
    let (_, tasks) = s.get("/api/v1/tasks", &t).await;
    let open: Vec<&Value> = tasks["mine"].as_array().unwrap().iter().chain(tasks["team"].as_array().unwrap()).collect();
    assert!(!open.iter().any(|x| x["kind"] == "condition_review"), "the task is resolved: {tasks}");
    assert!(actions(&s, &id).await.iter().any(|a| a == "licence_condition.review"));
    // Not to be reviewed again: no obligation.
    let (st, _) = s.post(&path, &t, json!({"reviewed_on": today.to_string()})).await;
    assert_eq!(st, StatusCode::OK);
    let (_, ob) = s.get(&format!("/api/v1/nominals/{id}/obligations"), &t).await;
    assert!(!ob["obligations"].as_array().unwrap().iter().any(|o| o["kind"] == "condition_review"));
    // Unknown conditions, and other agencies, get 404.
    let unknown = format!("{licence}/conditions/{}/review", uuid::Uuid::now_v7());
    assert_eq!(s.post(&unknown, &t, json!({"reviewed_on": today.to_string()})).await.0, StatusCode::NOT_FOUND);
    let probation = s.token("prb.manager").await;
    assert_eq!(s.post(&path, &probation, json!({"reviewed_on": today.to_string()})).await.0, StatusCode::NOT_FOUND);

    // The page: the licence shows the review, and the review form works.
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let orders = s.client.get(s.url(&format!("/people/{id}/orders"))).send().await.unwrap().text().await.unwrap();
    assert!(orders.contains("Requested through MAPPA") && orders.contains("Last reviewed"), "{orders}");
    let form_path = format!("/people/{id}/licence/conditions/{condition}/review");
    assert!(orders.contains(&format!("href=\"{form_path}\"")));
    let form = s.client.get(s.url(&form_path)).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let token = csrf_of(&form.text().await.unwrap());
    let bad = [
        ("csrf_token", token.as_str()),
        ("reviewed_on-day", "31"),
        ("reviewed_on-month", "2"),
        ("reviewed_on-year", "2026"),
    ];
    let r = s.client.post(s.url(&form_path)).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#reviewed_on-day\""), "{html}");
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let good = [
        ("csrf_token", token.as_str()),
        ("reviewed_on-day", d.as_str()),
        ("reviewed_on-month", m.as_str()),
        ("reviewed_on-year", y.as_str()),
    ];
    let r = s.client.post(s.url(&form_path)).form(&good).send().await.unwrap();
    assert!(r.status().is_redirection() || r.url().path().ends_with("/orders"), "{}", r.status());
    s.stop().await;
});

every_backend!(orders_and_licence_are_need_to_know, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let orders = format!("/api/v1/nominals/{id}/orders");
    let licence = format!("/api/v1/nominals/{id}/licence");
    let (_, o) = s.post(&orders, &police, shpo()).await;
    let order_id = o["id"].as_str().unwrap().to_string();
    s.post(&licence, &police, json!({"release_date": "2025-06-01", "led": "2027-06-01"})).await;
    let probation = s.token("prb.manager").await;
    let housing = s.token("hsg.partner").await;
    let reception = s.token("pol.reception").await;
    for t in [&probation, &housing] {
        assert_eq!(s.get(&orders, t).await.0, StatusCode::NOT_FOUND);
        assert_eq!(s.get(&licence, t).await.0, StatusCode::NOT_FOUND);
        assert_eq!(s.post(&orders, t, shpo()).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            s.post(
                &format!("{orders}/{order_id}/changes"),
                t,
                json!({"kind": "discharge", "date": "2026-01-01", "reason": "x"})
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            s.post(&format!("{licence}/recall"), t, json!({"date": "2026-01-01", "type": "standard", "reasons": "x"}))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    }
    // Same agency, reception: reads, does not write.
    assert_eq!(s.get(&orders, &reception).await.0, StatusCode::OK);
    assert_eq!(s.post(&orders, &reception, shpo()).await.0, StatusCode::FORBIDDEN);
    // Shared with housing: readable there, not writable.
    s.post(&format!("/api/v1/nominals/{id}/shares"), &police, json!({"agency": "HSG", "reason": "Housing the person"}))
        .await;
    let (st, list) = s.get(&orders, &housing).await;
    assert_eq!((st, list["orders"].as_array().unwrap().len()), (StatusCode::OK, 1));
    assert_eq!(s.post(&licence, &housing, json!({"release_date": "2025-06-01"})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.get(&orders, &probation).await.0, StatusCode::NOT_FOUND);
    // Pages: the probation manager gets 404 too.
    let c = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    c.post(s.url("/sign-in")).form(&[("username", "prb.manager"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(c.get(s.url(&format!("/people/{id}/orders"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(c.get(s.url(&format!("/people/{id}/orders/new"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    s.stop().await;
});

every_backend!(orders_and_licence_pages, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let record = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(record.contains(&format!("href=\"/people/{id}/orders\"")));
    let form = s.client.get(s.url(&format!("/people/{id}/orders/new"))).send().await.unwrap().text().await.unwrap();
    let token = csrf_of(&form);
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let mut f: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        f.push(("csrf_token".into(), token.clone()));
        let req = s.client.post(s.url(&path)).form(&f);
        async move { req.send().await.unwrap() }
    };
    let date = |p: &'static str, d: &str, m: &str, y: &str| -> Vec<(&'static str, String)> {
        let (dd, mm, yy): (&'static str, &'static str, &'static str) = match p {
            "made" => ("made-day", "made-month", "made-year"),
            "ends" => ("ends-day", "ends-month", "ends-year"),
            "travel" => {
                ("travel_prohibition-ends-day", "travel_prohibition-ends-month", "travel_prohibition-ends-year")
            }
            "date" => ("date-day", "date-month", "date-year"),
            "tpe" => ("travel_prohibition_ends-day", "travel_prohibition_ends-month", "travel_prohibition_ends-year"),
            "release" => ("release_date-day", "release_date-month", "release_date-year"),
            "led" => ("led-day", "led-month", "led-year"),
            "sed" => ("sed-day", "sed-month", "sed-year"),
            "surrendered" => ("surrendered-day", "surrendered-month", "surrendered-year"),
            _ => unreachable!(),
        };
        vec![(dd, d.to_string()), (mm, m.to_string()), (yy, y.to_string())]
    };
    // A total ban without a passport station is refused with the summary linking to the field.
    let mut fields = vec![
        ("type", "shpo".to_string()),
        ("court", "Snaresbrook Crown Court".to_string()),
        ("terms-0-kind", "prohibition".to_string()),
        ("terms-0-wording", "Not to enter any park".to_string()),
        ("terms-2-kind", "requirement".to_string()),
        ("terms-2-wording", "Attend a programme".to_string()),
        ("travel_prohibition-scope", "all_countries".to_string()),
    ];
    fields.extend(date("made", "10", "1", "2024"));
    fields.extend(date("travel", "9", "1", "2029"));
    let r = post(format!("/people/{id}/orders/new"), fields.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("href=\"#travel_prohibition-passport_station\""), "station named");
    assert!(html.contains("href=\"#terms-2-responsible_person\""), "row index kept");
    assert!(s.get(&format!("/api/v1/nominals/{id}/orders"), &t).await.1["orders"].as_array().unwrap().is_empty());
    fields.push(("travel_prohibition-passport_station", "Ilford police station".to_string()));
    fields.push(("terms-2-responsible_person", "Probation Service".to_string()));
    let r = post(format!("/people/{id}/orders/new"), fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/orders"), &t).await;
    let order_id = list["orders"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(list["orders"][0]["terms"].as_array().unwrap().len(), 2);
    // Passport and a renewal through the forms.
    let mut p = vec![];
    p.extend(date("surrendered", "15", "1", "2024"));
    assert_eq!(post(format!("/people/{id}/orders/{order_id}/passport"), p).await.status(), StatusCode::SEE_OTHER);
    let mut c = vec![("kind", "renewal".to_string()), ("reason", "Risk continues".to_string())];
    c.extend(date("date", "5", "1", "2026"));
    let r = post(format!("/people/{id}/orders/{order_id}/change"), c.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a renewal names what it extends");
    c.extend(date("tpe", "9", "1", "2034"));
    let r = post(format!("/people/{id}/orders/{order_id}/change"), c).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A licence with a curfew, then a recall.
    let mut l = vec![
        ("standard-good_behaviour", "yes".to_string()),
        ("standard-no_offence", "yes".to_string()),
        ("additional_conditions-0-type", "curfew".to_string()),
        ("additional_conditions-0-wording", "Stay at the address overnight".to_string()),
        ("additional_conditions-0-curfew_start", "19:00".to_string()),
    ];
    l.extend(date("release", "1", "6", "2025"));
    l.extend(date("led", "1", "6", "2027"));
    l.extend(date("sed", "1", "12", "2027"));
    let r = post(format!("/people/{id}/licence/new"), l.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#additional_conditions-0-curfew_end\""));
    l.push(("additional_conditions-0-curfew_end", "07:00".to_string()));
    assert_eq!(post(format!("/people/{id}/licence/new"), l).await.status(), StatusCode::SEE_OTHER);
    let mut rc = vec![("type", "standard".to_string()), ("reasons", "Breached the curfew".to_string())];
    rc.extend(date("date", "5", "1", "2026"));
    assert_eq!(post(format!("/people/{id}/licence/recall"), rc).await.status(), StatusCode::SEE_OTHER);
    let (_, lic) = s.get(&format!("/api/v1/nominals/{id}/licence"), &t).await;
    assert_eq!(lic["current"]["standard_conditions"], json!(["good_behaviour", "no_offence"]));
    assert_eq!(lic["current"]["recalls"][0]["type"], "standard");
    // The page shows it all; every form opens.
    let page = s.client.get(s.url(&format!("/people/{id}/orders"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    for want in [
        "Orders and licence",
        "Not to enter any park",
        "Probation Service",
        "Ilford police station",
        "Risk continues",
        "Renewal",
        "Licence expiry date (LED)",
        "Curfew (LIC-A7)",
        "curfew 19:00 to 07:00",
        "Breached the curfew",
    ] {
        assert!(page.contains(want), "{want}");
    }
    for form in ["orders/new", "licence/new", "licence/recall"] {
        assert_eq!(
            s.client.get(s.url(&format!("/people/{id}/{form}"))).send().await.unwrap().status(),
            StatusCode::OK,
            "{form}"
        );
    }
    for form in ["change", "passport"] {
        let r = s.client.get(s.url(&format!("/people/{id}/orders/{order_id}/{form}"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{form}");
    }
    s.stop().await;
});
