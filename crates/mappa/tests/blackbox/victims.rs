//! Victims linked to a case (issue 11, journey 4): the owner and the victim
//! liaison officer's agency see them, nobody else does, through any path.

use crate::common::*;
use crate::every_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const NAME: &str = "Quillon Varga-Estes";
const VIEWS: &str = "Wants him kept out of Northfield ward";

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

every_backend!(victims_are_seen_only_by_the_owner_and_the_vlo_agency_on_every_path, |s, db| {
    s.app.add_user("prb.vlo", None, "PRB", &["victim_liaison".to_string()], PASSWORD).await.unwrap();
    s.app.add_user("hsg.vlo", None, "HSG", &["victim_liaison".to_string()], PASSWORD).await.unwrap();
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/nominals/{id}");
    for agency in ["PRB", "HSG"] {
        let share = json!({"agency": agency, "reason": "Multi-agency risk management"});
        assert_eq!(s.post(&format!("{path}/shares"), &police, share).await.0, StatusCode::CREATED);
    }
    let licence = json!({"release_date": "2025-06-01", "led": "2030-06-01", "sed": "2030-06-01",
        "additional_conditions": [{"type": "exclusion_zone", "wording": "Not to enter Northfield ward"},
                                  {"type": "curfew", "wording": "Overnight", "curfew_start": "19:00", "curfew_end": "07:00"}]});
    let (st, l) = s.post(&format!("{path}/licence"), &police, licence).await;
    assert_eq!(st, StatusCode::CREATED, "{l}");
    let zone = l["additional_conditions"][0]["id"].as_str().unwrap().to_string();

    // Bad input: each problem named; nothing stored.
    let victims = format!("{path}/victims");
    let (st, e) = s.post(&victims, &police, json!({"contact_scheme": "perhaps"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "name")));
    let bad = json!({"name": NAME, "contact_scheme": "opted_in", "vlo": "hsg.partner"});
    assert_eq!(error(&s.post(&victims, &police, bad).await.1), ("unknown_user", "vlo"));
    let other = json!({"name": NAME, "contact_scheme": "opted_in", "protected_by": [mappa_domain::ids::ItemId::new().to_string()]});
    assert_eq!(error(&s.post(&victims, &police, other).await.1), ("unknown_condition", "protected_by[0]"));
    let partner = s.token("hsg.partner").await;
    let body =
        json!({"name": NAME, "contact_scheme": "opted_in", "views": VIEWS, "vlo": "prb.vlo", "protected_by": [zone]});
    assert_eq!(s.post(&victims, &partner, body.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.get(&victims, &police).await.1, json!([]), "nothing stored");

    let (st, v) = s.post(&victims, &police, body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!((v["vlo_agency"].as_str(), v["views_recorded_on"].is_string()), (Some("PRB"), true));
    assert_eq!(v["protected_by"][0]["wording"], "Not to enter Northfield ward");
    let vid = v["id"].as_str().unwrap().to_string();

    // Who sees the victim: the owner's case workers and probation (the VLO's
    // agency); housing, though the record is shared with it, sees nothing.
    let auditor = s.token("pol.auditor").await;
    for (user, sees) in [
        ("pol.manager", true),
        ("pol.reception", true),
        ("prb.manager", true),
        ("prb.vlo", true),
        ("hsg.partner", false),
        ("hsg.vlo", false),
        ("pol.analyst", false),
        ("pol.auditor", false),
        ("pol.admin", false),
    ] {
        let t = s.token(user).await;
        let (st, list) = s.get(&victims, &t).await;
        let shown = st == StatusCode::OK && list.as_array().is_some_and(|l| !l.is_empty());
        assert_eq!(shown, sees, "{user}: {st} {list}");
        if !sees {
            // No other path shows the victim's name or views.
            let mut seen = String::new();
            for p in [
                path.clone(),
                format!("{path}/audit"),
                format!("{path}/licence"),
                "/api/v1/nominals".to_string(),
                format!("/api/v1/audit?nominal={id}"),
                "/api/v1/tasks".to_string(),
            ] {
                seen.push_str(&s.get(&p, &t).await.1.to_string());
            }
            seen.push_str(&s.post("/api/v1/nominals/search", &t, json!({"text": "Adebayo"})).await.1.to_string());
            if user.starts_with("hsg.") {
                // Housing reaches the record itself: the check above is not vacuous.
                assert!(seen.contains("Adebayo"), "{user} reads the record: {seen}");
            }
            assert!(!seen.contains(NAME) && !seen.contains(VIEWS), "{user} sees the victim: {seen}");
            let change = json!({"name": "X", "contact_scheme": "opted_out"});
            let st = s.call(Method::PUT, &format!("{victims}/{vid}"), &t, Some(change)).await.0;
            assert!(st == StatusCode::NOT_FOUND || st == StatusCode::FORBIDDEN, "{user} changes it: {st}");
        }
    }
    // The audit trail, readable by every agency that reaches the record,
    // never holds the name or the views.
    let (_, trail) = s.get(&format!("/api/v1/audit?nominal={id}"), &auditor).await;
    assert!(trail.to_string().contains("victim.add") && !trail.to_string().contains(NAME), "{trail}");

    // The VLO records the victim's newer views; the owner sees them.
    let vlo = s.token("prb.vlo").await;
    let newer = json!({"name": NAME, "contact_scheme": "opted_in", "views": "Now also fears contact through friends",
                       "vlo": "prb.vlo", "protected_by": [zone]});
    let (st, changed) = s.call(Method::PUT, &format!("{victims}/{vid}"), &vlo, Some(newer)).await;
    assert_eq!((st, changed["views"].as_str()), (StatusCode::OK, Some("Now also fears contact through friends")));
    assert_eq!(s.get(&victims, &police).await.1[0]["views"], changed["views"]);
    // Probation's offender manager sees the victim but is not its VLO.
    let prb = s.token("prb.manager").await;
    let st = s
        .call(
            Method::PUT,
            &format!("{victims}/{vid}"),
            &prb,
            Some(json!({"name": NAME, "contact_scheme": "opted_out"})),
        )
        .await
        .0;
    assert_eq!(st, StatusCode::FORBIDDEN);
    s.stop().await;
});

async fn post_form(c: &reqwest::Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = c.post(s.url(path)).form(form).send().await.unwrap();
    let status = r.status();
    let to = r.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    (status, to.unwrap_or(r.text().await.unwrap()))
}

every_backend!(victims_through_the_pages_with_the_warning_at_the_top_of_the_record, |s, db| {
    s.app.add_user("prb.vlo", None, "PRB", &["victim_liaison".to_string()], PASSWORD).await.unwrap();
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    for agency in ["PRB", "HSG"] {
        let share = json!({"agency": agency, "reason": "Multi-agency risk management"});
        s.post(&format!("/api/v1/nominals/{id}/shares"), &police, share).await;
    }
    let manager = signed_in(&s, "pol.manager").await;
    let (st, html) = page(&manager, &s, &format!("/people/{id}/victims")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("There are no victims for your agency to see") && html.contains("Add a victim"), "{html}");
    let (_, form) = page(&manager, &s, &format!("/people/{id}/victims/new")).await;
    assert!(form.contains("value=\"prb.vlo\""), "the VLOs whose agency reaches the record are offered: {form}");
    let csrf = csrf_of(&form);
    let add = format!("/people/{id}/victims/new");
    let (st, html) = post_form(&manager, &s, &add, &[("csrf_token", &csrf), ("views", VIEWS)]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("govuk-error-summary") && html.contains("Enter the victim&#39;s name"), "{html}");
    let good = [
        ("csrf_token", csrf.as_str()),
        ("name", NAME),
        ("contact_scheme", "opted_in"),
        ("vlo", "prb.vlo"),
        ("views", VIEWS),
    ];
    let (st, to) = post_form(&manager, &s, &add, &good).await;
    assert_eq!((st, to), (StatusCode::SEE_OTHER, format!("/people/{id}/victims")));
    let (_, html) = page(&manager, &s, &format!("/people/{id}/victims")).await;
    assert!(html.contains("Victim added") && html.contains(NAME) && html.contains(VIEWS), "{html}");
    // The top of every page of the record warns of victim contact.
    let (_, record) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(record.contains("Victim contact: a victim is in the Victim Contact Scheme"), "{record}");

    // Housing reaches the record but sees neither the victim nor the warning.
    let housing = signed_in(&s, "hsg.partner").await;
    let (st, html) = page(&housing, &s, &format!("/people/{id}/victims")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("There are no victims for your agency to see") && !html.contains(NAME), "{html}");
    assert!(!html.contains("Add a victim"));
    let (_, record) = page(&housing, &s, &format!("/people/{id}")).await;
    assert!(!record.contains("Victim contact") && !record.contains(NAME), "{record}");

    // The VLO changes the victim's views from the form.
    let vlo = signed_in(&s, "prb.vlo").await;
    let (_, html) = page(&vlo, &s, &format!("/people/{id}/victims")).await;
    let change = html
        .split(&format!("href=\"/people/{id}/victims/"))
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|v| *v != "new")
        .expect("a change link")
        .to_string();
    let url = format!("/people/{id}/victims/{change}");
    let (_, form) = page(&vlo, &s, &url).await;
    assert!(form.contains(VIEWS), "the form starts from what is recorded");
    let csrf = csrf_of(&form);
    let newer = [
        ("csrf_token", csrf.as_str()),
        ("name", NAME),
        ("contact_scheme", "opted_out"),
        ("vlo", "prb.vlo"),
        ("views", ""),
    ];
    assert_eq!(post_form(&vlo, &s, &url, &newer).await.0, StatusCode::SEE_OTHER);
    let (_, html) = page(&manager, &s, &format!("/people/{id}/victims")).await;
    assert!(html.contains("Opted out of the Victim Contact Scheme") && !html.contains(VIEWS), "{html}");
    let (_, record) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(!record.contains("Victim contact"), "opted out: no contact warning");
    s.stop().await;
});

every_backend!(the_victims_views_reach_the_minutes_without_their_names, |s, db| {
    let (l2, _) = crate::meetings::area(&s.app).await;
    let (id, meeting, case) = crate::meetings::listed_case(&s, &l2).await;
    let police = s.token("pol.manager").await;
    let victim = json!({"name": NAME, "contact_scheme": "opted_in", "views": VIEWS});
    assert_eq!(s.post(&format!("/api/v1/nominals/{id}/victims"), &police, victim).await.0, StatusCode::CREATED);
    let coordinator = signed_in(&s, "prb.coordinator").await;
    let (st, form) = page(&coordinator, &s, &format!("/meetings/{meeting}/cases/{case}/minutes/edit")).await;
    assert_eq!(st, StatusCode::OK);
    let views = form.split("id=\"victims_views\"").nth(1).unwrap().split("</textarea>").next().unwrap();
    assert!(views.contains(VIEWS) && views.contains("A victim (opted in"), "{views}");
    assert!(!form.contains(NAME), "the minutes never name the victim");
    // The coordinator's agency (probation) is not the owner nor a VLO's: the
    // victim stays hidden from it everywhere else.
    let token = s.token("prb.coordinator").await;
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}/victims"), &token).await.1, json!([]));
    s.stop().await;
});
