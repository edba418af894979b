//! MAPPA itself over the API (issue 10): areas and panels, referral and
//! screening (MTG-4, MTG-6, LVL-1..3), meetings with invitations and
//! attendance (MIN-1, MIN-7), minutes and their approval (MTG-3, MTG-9,
//! MIN-2, MIN-5, MIN-6, LVL-5), and actions agencies are held to.

use crate::common::*;
use crate::every_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// London with two boroughs; police, probation and housing in Camden; a
/// coordinator employed by probation and a chair employed by the police; a
/// Level 2 panel for Camden and a Level 3 panel for London, both chaired.
pub async fn area(app: &App) -> (String, String) {
    let units = [("CAM".to_string(), "Camden".to_string()), ("HAC".to_string(), "Hackney".to_string())];
    app.add_area("LDN", "London", &units).await.unwrap();
    for agency in ["POL", "PRB", "HSG"] {
        app.place_agency(agency, "LDN", Some("CAM")).await.unwrap();
    }
    app.add_user("prb.coordinator", None, "PRB", &["coordinator".to_string()], PASSWORD).await.unwrap();
    app.add_user("pol.chair", None, "POL", &["chair".to_string()], PASSWORD).await.unwrap();
    let panel = |level: i64, unit: Option<&str>, name: &str| mappa_domain::panels::PanelInput {
        name: Some(name.into()),
        level: Some(level),
        area: Some("LDN".into()),
        unit: unit.map(str::to_string),
        chair: Some("pol.chair".into()),
        pattern: Some("Every fourth Tuesday".into()),
    };
    let l2 = app.add_panel(&panel(2, Some("CAM"), "Camden level 2")).await.unwrap();
    let l3 = app.add_panel(&panel(3, None, "London level 3")).await.unwrap();
    (l2.id.to_string(), l3.id.to_string())
}

async fn new_person(s: &TestServer, token: &str) -> String {
    let (st, created) = s.post("/api/v1/nominals", token, person()).await;
    assert_eq!(st, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_string()
}

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

fn today() -> String {
    mappa_app::today_in_london(jiff::Timestamp::now()).to_string()
}

pub fn days_from_today(days: i64) -> String {
    let t = mappa_app::today_in_london(jiff::Timestamp::now());
    t.checked_add(jiff::Span::new().days(days)).unwrap().to_string()
}

/// A referral accepted at Level 2, listed at today's Camden meeting with
/// housing invited: (person, meeting, case).
pub async fn listed_case(s: &TestServer, l2: &str) -> (String, String, String) {
    let police = s.token("pol.manager").await;
    let coordinator = s.token("prb.coordinator").await;
    let id = new_person(s, &police).await;
    let (st, r) = s
        .post(
            "/api/v1/referrals",
            &police,
            json!({"nominal_id": id, "level": 2, "category": 1, "reason": "Contact with children"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let url = format!("/api/v1/referrals/{}/screening", r["id"].as_str().unwrap());
    let (st, screened) =
        s.post(&url, &coordinator, json!({"outcome": "accepted", "level": 2, "reason": "Meetings add value"})).await;
    assert_eq!(st, StatusCode::OK, "{screened}");
    let (st, m) = s.post("/api/v1/meetings", &coordinator, json!({"panel_id": l2, "date": today()})).await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let meeting = m["id"].as_str().unwrap().to_string();
    let (st, c) = s
        .post(
            &format!("/api/v1/meetings/{meeting}/cases"),
            &coordinator,
            json!({"nominal_id": id, "invited_agencies": ["POL", "HSG"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    (id, meeting, c["id"].as_str().unwrap().to_string())
}

pub fn minutes(decision: &str, action_due: &str) -> Value {
    json!({
        "risk_assessment": "High risk of serious harm to children",
        "supervision": "Weekly reporting",
        "pathways": {"accommodation": "Approved premises until March"},
        "information_shared": [{"agency": "HSG", "shared": "Tenancy application pending"}],
        "disclosure": {"considered": true, "decision": "not_agreed", "reason": "No third party identified"},
        "level_decision": decision,
        "level_rationale": "Risk unchanged; actions outstanding",
        "actions": [{"description": "Confirm tenancy start date", "owner_agency": "HSG", "due_date": action_due,
                     "pillar": "monitoring_and_control"}]
    })
}

every_backend!(areas_and_panels_are_listed_for_anyone_signed_in, |s, db| {
    let (l2, l3) = area(&s.app).await;
    let partner = s.token("hsg.partner").await;
    let (st, panels) = s.get("/api/v1/panels", &partner).await;
    assert_eq!(st, StatusCode::OK);
    let list = panels.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[0]["id"].as_str(), list[0]["level"].as_i64(), list[0]["unit"].as_str()),
        (Some(l3.as_str()), Some(3), None)
    );
    assert_eq!(
        (list[1]["id"].as_str(), list[1]["area"].as_str(), list[1]["unit"].as_str()),
        (Some(l2.as_str()), Some("LDN"), Some("CAM"))
    );
    assert_eq!(s.get("/api/v1/panels?area=LDN", &partner).await.1.as_array().unwrap().len(), 2);
    let (st, e) = s.get("/api/v1/panels?area=XYZ", &partner).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("unknown_area", "area")));
    // A Level 2 panel needs its unit; only administrators add panels.
    let admin = s.token("pol.admin").await;
    let body = json!({"name": "Hackney level 2", "level": 2, "area": "LDN", "pattern": "Monthly"});
    let (st, e) = s.post("/api/v1/panels", &admin, body.clone()).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "unit")));
    assert_eq!(s.post("/api/v1/panels", &partner, json!({})).await.0, StatusCode::FORBIDDEN);
    let mut body = body;
    body["unit"] = json!("HAC");
    let (st, p) = s.post("/api/v1/panels", &admin, body).await;
    assert_eq!((st, p["unit"].as_str()), (StatusCode::CREATED, Some("HAC")));
    s.stop().await;
});

every_backend!(an_administrator_sets_up_an_area_over_the_api, |s, db| {
    let admin = s.token("pol.admin").await;
    let partner = s.token("hsg.partner").await;
    let body = json!({"code": "tvp", "name": "Thames Valley", "units": [{"code": "OXF", "name": "Oxford"}]});
    assert_eq!(s.post("/api/v1/areas", &partner, body.clone()).await.0, StatusCode::FORBIDDEN);
    let (st, area) = s.post("/api/v1/areas", &admin, body.clone()).await;
    assert_eq!((st, area["code"].as_str()), (StatusCode::CREATED, Some("TVP")));
    assert_eq!(area["units"][0]["name"], "Oxford");
    let (st, e) = s.post("/api/v1/areas", &admin, body).await;
    assert_eq!((st, error(&e).0), (StatusCode::CONFLICT, "code_taken"));
    let (st, e) = s.post("/api/v1/areas", &admin, json!({"name": "X", "units": [{"code": "R", "name": ""}]})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        e["error"]["errors"].as_array().into_iter().flatten().filter_map(|f| f["field"].as_str()).collect();
    assert!(fields.contains(&"code") && fields.contains(&"units[0].name"), "{e}");

    let (st, area) = s.post("/api/v1/areas/TVP/units", &admin, json!({"code": "RDG", "name": "Reading"})).await;
    assert_eq!((st, area["units"].as_array().unwrap().len()), (StatusCode::CREATED, 2));
    let (st, e) = s.post("/api/v1/areas/NOPE/units", &admin, json!({"code": "RDG", "name": "Reading"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("unknown_area", "area")));

    // Housing placed in Reading: a Level 2 panel for Reading, chaired.
    let place = |unit: &str| json!({"area": "TVP", "unit": unit});
    let (st, e) = s.call(Method::PUT, "/api/v1/agencies/HSG/area", &admin, Some(place("XXX"))).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("unknown_unit", "unit")));
    let (st, e) = s.call(Method::PUT, "/api/v1/agencies/HSG/area", &admin, Some(json!({}))).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "area")));
    assert_eq!(
        s.call(Method::PUT, "/api/v1/agencies/HSG/area", &partner, Some(place("RDG"))).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.call(Method::PUT, "/api/v1/agencies/HSG/area", &admin, Some(place("RDG"))).await.0,
        StatusCode::NO_CONTENT
    );
    let panel = json!({"name": "Reading level 2", "level": 2, "area": "TVP", "unit": "RDG", "chair": "pol.manager", "pattern": "Monthly"});
    let (st, p) = s.post("/api/v1/panels", &admin, panel).await;
    assert_eq!((st, p["unit"].as_str(), p["chair"]["name"].is_string()), (StatusCode::CREATED, Some("RDG"), true));
    let (_, panels) = s.get("/api/v1/panels?area=TVP", &partner).await;
    assert_eq!(panels.as_array().unwrap().len(), 1);
    // Every change is in the audit trail, with the administrator's name.
    let auditor = s.token("pol.auditor").await;
    for a in ["area.create", "unit.create", "agency.place", "panel.create"] {
        let (_, trail) = s.get(&format!("/api/v1/audit?action={a}"), &auditor).await;
        let actors: Vec<&str> =
            trail["events"].as_array().unwrap().iter().filter_map(|e| e["actor"].as_str()).collect();
        assert!(actors.contains(&"pol.admin"), "{a}: {trail}");
    }
    s.stop().await;
});

every_backend!(mtg_6_a_referral_reaches_the_area_s_mappa_unit_and_screening_sets_the_level, |s, db| {
    area(&s.app).await;
    let police = s.token("pol.manager").await;
    let coordinator = s.token("prb.coordinator").await;
    let probation = s.token("prb.manager").await;
    let id = new_person(&s, &police).await;
    let record = format!("/api/v1/nominals/{id}");
    assert_eq!(s.get(&record, &coordinator).await.0, StatusCode::NOT_FOUND, "not referred yet");

    let (st, r) = s
        .post(
            "/api/v1/referrals",
            &police,
            json!({"nominal_id": id, "level": 3, "category": 2, "reason": "Threats to a former partner",
                   "sections": [{"section": "index_offence", "agency": "PRB", "text": "Wounding with intent, 6 years"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    assert_eq!(
        (r["area"].as_str(), r["unit"].as_str(), r["status"].as_str()),
        (Some("LDN"), Some("CAM"), Some("awaiting_screening"))
    );
    assert_eq!(r["sections"][0]["agency"].as_str(), Some("PRB"));
    assert_eq!(r["late"], json!(false));

    // The coordinator (employed by probation) now reaches the case; probation's
    // other staff do not (the share is for the MAPPA unit only).
    assert_eq!(s.get(&record, &coordinator).await.0, StatusCode::OK);
    assert_eq!(s.get(&record, &probation).await.0, StatusCode::NOT_FOUND);
    let (_, rec) = s.get(&record, &police).await;
    let share = rec["shares"].as_array().unwrap().iter().find(|x| x["basis"] == "referral").expect("a referral share");
    assert_eq!((share["agency"]["code"].as_str(), share["audience"].as_str()), (Some("PRB"), Some("mappa")));
    let (st, waiting) = s.get("/api/v1/referrals?status=awaiting_screening", &coordinator).await;
    assert_eq!((st, waiting.as_array().unwrap().len()), (StatusCode::OK, 1));
    assert_eq!(s.get("/api/v1/referrals", &police).await.0, StatusCode::FORBIDDEN);

    // Screening: criteria must fit the level; a rationale is required.
    let url = format!("/api/v1/referrals/{}/screening", r["id"].as_str().unwrap());
    let (st, e) = s.post(&url, &coordinator, json!({"outcome": "accepted", "level": 3, "reason": ""})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")));
    let (st, e) = s
        .post(
            &url,
            &coordinator,
            json!({"outcome": "accepted", "level": 2, "reason": "x", "criteria": ["public_interest"]}),
        )
        .await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("criterion_not_for_level", "criteria[0]")));
    assert_eq!(
        s.post(&url, &police, json!({"outcome": "accepted", "level": 3, "reason": "x"})).await.0,
        StatusCode::FORBIDDEN,
        "only coordinators and chairs screen"
    );
    let (st, screened) = s
        .post(
            &url,
            &coordinator,
            json!({"outcome": "accepted", "level": 3, "reason": "Needs senior commitment of resources",
                   "criteria": ["high_rosh", "senior_representation"]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{screened}");
    assert_eq!(screened["status"], "accepted");
    assert_eq!(screened["screening"]["criteria"], json!(["high_rosh", "senior_representation"]));

    // The level and category changed through the decision history, naming
    // the coordinator and the criteria.
    let (_, rec) = s.get(&record, &police).await;
    assert_eq!((rec["mappa"]["level"].as_i64(), rec["mappa"]["category"].as_i64()), (Some(3), Some(2)));
    let level = rec["decisions"].as_array().unwrap().iter().find(|d| d["kind"] == "level").unwrap();
    assert_eq!(level["decided_by_name"].as_str(), Some("prb.coordinator"));
    assert!(level["rationale"].as_str().unwrap().contains("Criteria met: Assessed as high or very high"), "{level}");
    assert!(level["rationale"].as_str().unwrap().contains("senior representation"), "{level}");

    let (st, e) = s.post(&url, &coordinator, json!({"outcome": "level_1", "reason": "again"})).await;
    assert_eq!((st, error(&e).0), (StatusCode::CONFLICT, "already_screened"));
    s.stop().await;
});

every_backend!(mtg_6_a_returned_referral_is_a_task_for_the_referrer_and_is_sent_again_with_the_answer, |s, db| {
    area(&s.app).await;
    let police = s.token("pol.manager").await;
    let coordinator = s.token("prb.coordinator").await;
    let id = new_person(&s, &police).await;
    let (_, r) = s
        .post(
            "/api/v1/referrals",
            &police,
            json!({"nominal_id": id, "level": 2, "category": 1, "reason": "Seen near a school",
                   "sections": [{"section": "index_offence", "text": "Sexual assault, 2019"}]}),
        )
        .await;
    let rid = r["id"].as_str().unwrap().to_string();
    let resend = format!("/api/v1/referrals/{rid}/resubmission");
    let answer = json!({"note": "Added the release address", "sections": [
        {"section": "release_address", "agency": "PRB", "text": "Approved premises in Camden"}]});
    let (st, e) = s.post(&resend, &police, answer.clone()).await;
    assert_eq!((st, error(&e).0), (StatusCode::CONFLICT, "not_returned"), "not returned yet");

    let screening = format!("/api/v1/referrals/{rid}/screening");
    let asked = json!({"outcome": "returned", "reason": "Where will he live on release?"});
    assert_eq!(s.post(&screening, &coordinator, asked).await.0, StatusCode::OK);
    s.app.sweep(None, false).await.unwrap();
    let (_, tasks) = s.get("/api/v1/tasks", &police).await;
    assert_eq!(kinds(&tasks, &id), ["referral_returned"], "the referring agency is told: {tasks}");

    // Bad input changes nothing; another agency may not answer for police.
    let (st, e) = s.post(&resend, &police, json!({"note": " "})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "note")));
    let (st, e) = s.post(&resend, &police, json!({"note": "x", "sections": [{"section": "nope", "text": "x"}]})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_choice", "sections[0].section")));
    assert_eq!(s.post(&resend, &coordinator, answer.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.get(&format!("/api/v1/referrals/{rid}"), &police).await.1["status"], "returned");

    let (st, again) = s.post(&resend, &police, answer.clone()).await;
    assert_eq!(st, StatusCode::OK, "{again}");
    assert_eq!(again["status"], "awaiting_screening");
    assert!(again["screening"].is_null() && again["screening_due"].is_string(), "{again}");
    let returns = again["returns"].as_array().unwrap();
    assert_eq!(
        (returns.len(), returns[0]["asked"].as_str(), returns[0]["added"].as_str()),
        (1, Some("Where will he live on release?"), Some("Added the release address"))
    );
    let sections: Vec<(&str, &str)> = again["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["section"].as_str().unwrap(), x["agency"].as_str().unwrap()))
        .collect();
    assert_eq!(sections, [("index_offence", "POL"), ("release_address", "PRB")], "kept, and added");
    let (st, e) = s.post(&resend, &police, answer).await;
    assert_eq!((st, error(&e).0), (StatusCode::CONFLICT, "not_returned"), "sent once");

    // The referrer's task is resolved; the coordinator screens it again.
    s.app.sweep(None, false).await.unwrap();
    assert!(kinds(&s.get("/api/v1/tasks", &police).await.1, &id).is_empty());
    let accept = json!({"outcome": "accepted", "level": 2, "reason": "Meetings add value"});
    assert_eq!(s.post(&screening, &coordinator, accept).await.0, StatusCode::OK);
    let auditor = s.token("pol.auditor").await;
    let (_, trail) = s.get("/api/v1/audit?action=referral.resubmit", &auditor).await;
    assert_eq!(trail["events"].as_array().unwrap().len(), 1, "{trail}");
    s.stop().await;
});

every_backend!(referral_errors_and_mtg_4_late_custody_referrals, |s, db| {
    area(&s.app).await;
    let police = s.token("pol.manager").await;
    let partner = s.token("hsg.partner").await;
    let id = new_person(&s, &police).await;
    // Outside the referrer's reach: answered as for a record that does not exist.
    let body = json!({"nominal_id": id, "level": 2, "category": 1, "reason": "x"});
    let (st, e) = s.post("/api/v1/referrals", &partner, body).await;
    assert_eq!((st, error(&e).0), (StatusCode::NOT_FOUND, "not_found"));
    let missing = json!({"nominal_id": mappa_domain::ids::NominalId::new().to_string(), "level": 2, "category": 1, "reason": "x"});
    assert_eq!(s.post("/api/v1/referrals", &police, missing).await.0, StatusCode::NOT_FOUND);
    let (st, e) =
        s.post("/api/v1/referrals", &police, json!({"nominal_id": id, "level": 1, "category": 1, "reason": "x"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("out_of_range", "level")));
    let (st, e) = s.post("/api/v1/referrals", &police, json!({"nominal_id": id, "level": 2, "category": 1})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")));
    let (_, rec) = s.get(&format!("/api/v1/nominals/{id}"), &police).await;
    assert_eq!(rec["version"].as_i64(), Some(1), "nothing changed");

    // MTG-4: release in three months, the default is six months' notice: late.
    let soon = json!({"nominal_id": id, "level": 2, "category": 1, "reason": "Release planning", "release_date": days_from_today(90)});
    let (st, r) = s.post("/api/v1/referrals", &police, soon).await;
    assert_eq!((st, r["late"].clone()), (StatusCode::CREATED, json!(true)), "{r}");
    let later = json!({"nominal_id": id, "level": 2, "category": 1, "reason": "Release planning", "release_date": days_from_today(300)});
    let (st, r) = s.post("/api/v1/referrals", &police, later).await;
    assert_eq!((st, r["late"].clone()), (StatusCode::CREATED, json!(false)));
    s.stop().await;
});

every_backend!(meetings_attendance_minutes_and_actions_agencies_are_held_to, |s, db| {
    let (l2, _) = area(&s.app).await;
    let coordinator = s.token("prb.coordinator").await;
    let chair = s.token("pol.chair").await;
    let partner = s.token("hsg.partner").await;
    let police = s.token("pol.manager").await;
    let probation = s.token("prb.manager").await;

    // A new meeting is today or later.
    let (st, e) = s.post("/api/v1/meetings", &coordinator, json!({"panel_id": l2, "date": days_from_today(-1)})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("date_in_past", "date")));
    assert_eq!(
        s.post("/api/v1/meetings", &police, json!({"panel_id": l2, "date": today()})).await.0,
        StatusCode::FORBIDDEN
    );

    let (id, meeting, case) = listed_case(&s, &l2).await;
    let record = format!("/api/v1/nominals/{id}");
    // Invited: housing now reaches the case, with the meeting as the reason.
    assert_eq!(s.get(&record, &partner).await.0, StatusCode::OK);
    assert_eq!(s.get(&record, &probation).await.0, StatusCode::NOT_FOUND, "probation was not invited");
    let (_, m) = s.get(&format!("/api/v1/meetings/{meeting}"), &partner).await;
    assert_eq!(
        (m["cases"][0]["kind"].as_str(), m["cases"][0]["meeting_number"].as_i64()),
        (Some("new_referral"), Some(1))
    );
    assert_eq!(s.get(&format!("/api/v1/meetings/{meeting}"), &probation).await.0, StatusCode::NOT_FOUND);

    // Attendance per agency, and MIN-1's statement.
    let att = format!("/api/v1/meetings/{meeting}/cases/{case}/attendance");
    let (st, e) = s
        .call(Method::PUT, &att, &coordinator, Some(json!({"attendance": [{"agency": "HSG", "status": "present"}]})))
        .await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "attendance[0].attendee")));
    let (st, e) = s
        .call(Method::PUT, &att, &coordinator, Some(json!({"attendance": [{"agency": "PRB", "status": "absent"}]})))
        .await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("not_invited", "attendance[0].agency")));
    let body = json!({"statement_read": true, "attendance": [
        {"agency": "HSG", "status": "present", "attendee": "A. Tenancy", "grade": "Team manager"},
        {"agency": "POL", "status": "apologies_with_report"}]});
    let (st, c) = s.call(Method::PUT, &att, &coordinator, Some(body)).await;
    assert_eq!(st, StatusCode::OK, "{c}");
    let hsg = c["invited"].as_array().unwrap().iter().find(|i| i["agency"] == "HSG").unwrap();
    assert_eq!((hsg["status"].as_str(), hsg["attendee"].as_str()), (Some("present"), Some("A. Tenancy")));
    let (_, m) = s.get(&format!("/api/v1/meetings/{meeting}"), &coordinator).await;
    assert_eq!(m["statement_read"], json!(true));

    // Minutes: an action due before the meeting, or a level decision without
    // its rationale, is refused and nothing is stored.
    let url = format!("/api/v1/meetings/{meeting}/cases/{case}/minutes");
    let (st, e) = s.call(Method::PUT, &url, &coordinator, Some(minutes("stay", &days_from_today(-1)))).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("before_meeting", "actions[0].due_date")));
    let mut no_rationale = minutes("stay", &days_from_today(14));
    no_rationale["level_rationale"] = Value::Null;
    let (st, e) = s.call(Method::PUT, &url, &coordinator, Some(no_rationale)).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "level_rationale")));
    assert_eq!(s.get(&url, &coordinator).await.0, StatusCode::NOT_FOUND, "no minutes were stored");

    let (st, draft) = s.call(Method::PUT, &url, &coordinator, Some(minutes("stay", &days_from_today(14)))).await;
    assert_eq!(st, StatusCode::OK, "{draft}");
    assert_eq!(draft["status"], "draft");
    // MTG-3: Level 2 reviews by default 16 weeks after the meeting.
    assert_eq!(draft["body"]["next_review_date"].as_str(), Some(days_from_today(112).as_str()));
    let action = draft["actions"][0]["id"].as_str().unwrap().to_string();
    // The draft is the coordinator's and chair's alone.
    assert_eq!(s.get(&url, &partner).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.get("/api/v1/actions?agency=HSG&status=open", &partner).await.1, json!([]));

    // Only the chair approves.
    let approve = format!("{url}/approve");
    let (st, e) = s.post(&approve, &coordinator, json!({})).await;
    assert_eq!((st, error(&e)), (StatusCode::FORBIDDEN, ("not_the_chair", "chair")));
    let (st, approved) = s.post(&approve, &chair, json!({})).await;
    assert_eq!(st, StatusCode::OK, "{approved}");
    assert!(approved["handling_statement"].as_str().unwrap().contains("OFFICIAL-SENSITIVE"));
    let (st, e) = s.call(Method::PUT, &url, &coordinator, Some(minutes("stay", &days_from_today(14)))).await;
    assert_eq!((st, error(&e).0), (StatusCode::CONFLICT, "minutes_approved"), "approval freezes the minutes");

    // MIN-5: the invited agency reads the approved minutes; another does not.
    let (st, read) = s.get(&url, &partner).await;
    assert_eq!((st, read["status"].as_str()), (StatusCode::OK, Some("approved")));
    assert_eq!(s.get(&url, &probation).await.0, StatusCode::NOT_FOUND);

    // Actions: housing sees and completes its own; no one else's.
    let (_, open) = s.get("/api/v1/actions?agency=HSG&status=open", &partner).await;
    assert_eq!(open[0]["id"].as_str(), Some(action.as_str()));
    assert_eq!(s.get("/api/v1/actions?agency=POL", &partner).await.0, StatusCode::FORBIDDEN);
    let complete = format!("/api/v1/actions/{action}/complete");
    let (st, e) = s.post(&complete, &police, json!({"note": "Done by police"})).await;
    assert_eq!((st, error(&e)), (StatusCode::FORBIDDEN, ("not_your_agencys_action", "owner_agency")));
    let (st, e) = s.post(&complete, &partner, json!({"note": " "})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "note")));
    let (st, done) = s.post(&complete, &partner, json!({"note": "Tenancy starts on Monday"})).await;
    assert_eq!(st, StatusCode::OK, "{done}");
    assert_eq!((done["status"].as_str(), done["on_time"].clone()), (Some("done"), json!(true)));
    assert_eq!(s.post(&complete, &partner, json!({"note": "again"})).await.0, StatusCode::CONFLICT);
    let (_, done_list) = s.get("/api/v1/actions?agency=HSG&status=done", &partner).await;
    assert_eq!(done_list.as_array().unwrap().len(), 1);
    let (_, area_list) = s.get("/api/v1/actions", &coordinator).await;
    assert_eq!(area_list.as_array().unwrap().len(), 1, "the coordinator sees the area's actions");
    s.stop().await;
});

every_backend!(leaving_level_2_withdraws_the_invited_agencies_shares_with_the_reason, |s, db| {
    let (l2, _) = area(&s.app).await;
    let coordinator = s.token("prb.coordinator").await;
    let chair = s.token("pol.chair").await;
    let partner = s.token("hsg.partner").await;
    let police = s.token("pol.manager").await;
    let (id, meeting, case) = listed_case(&s, &l2).await;
    let url = format!("/api/v1/meetings/{meeting}/cases/{case}/minutes");
    let mut body = minutes("level_1", &days_from_today(7));
    body["level_rationale"] = json!("Risk now managed by probation alone");
    let (st, draft) = s.call(Method::PUT, &url, &coordinator, Some(body)).await;
    assert_eq!(st, StatusCode::OK, "{draft}");
    assert_eq!(draft["body"]["next_review_date"], Value::Null, "no review at level 1");
    assert_eq!(s.post(&format!("{url}/approve"), &chair, json!({})).await.0, StatusCode::OK);

    let record = format!("/api/v1/nominals/{id}");
    assert_eq!(s.get(&record, &partner).await.0, StatusCode::NOT_FOUND, "the invitation's share has ended");
    let (_, rec) = s.get(&record, &police).await;
    assert_eq!(rec["mappa"]["level"].as_i64(), Some(1));
    let share = rec["shares"].as_array().unwrap().iter().find(|x| x["basis"] == "meeting").unwrap();
    assert!(share["withdrawal_reason"].as_str().unwrap().contains("no longer managed at level 2 or 3"), "{share}");
    s.stop().await;
});

/// The app over the server's database with a clock `days` ago, to record a
/// meeting held in the past.
pub fn app_days_ago(s: &TestServer, days: i64) -> App {
    let then = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
    App::new(s.app.store().clone(), AppConfig::default(), std::sync::Arc::new(mappa_app::FixedClock(then)))
}

pub async fn actor(s: &TestServer, username: &str) -> mappa_domain::access::Actor {
    let id = s.app.store().active_user_id(username).await.unwrap().unwrap();
    s.app.store().actor(id).await.unwrap().unwrap()
}

every_backend!(agency_accountability_counts_attendance_and_actions_from_dated_events, |s, db| {
    area(&s.app).await;
    let police = s.token("pol.manager").await;
    let id = new_person(&s, &police).await;
    // A meeting sixty days ago: housing present, police apologies with a report;
    // housing's action due a week later, the police's a month later.
    let past = app_days_ago(&s, 60);
    let (coordinator, chair, manager) =
        (actor(&s, "prb.coordinator").await, actor(&s, "pol.chair").await, actor(&s, "pol.manager").await);
    let input = mappa_domain::referrals::ReferralInput {
        nominal_id: Some(id.clone()),
        level: Some(2),
        category: Some(1),
        reason: Some("Contact with children".into()),
        ..Default::default()
    };
    let r = past.refer(&manager, &input).await.unwrap();
    let screening = mappa_domain::referrals::ScreeningInput {
        outcome: Some("accepted".into()),
        level: Some(2),
        reason: Some("Meetings add value".into()),
        ..Default::default()
    };
    past.screen(&coordinator, r.id, &screening).await.unwrap();
    let panel = past.panels(&coordinator, Some("LDN")).await.unwrap().into_iter().find(|p| p.level == 2).unwrap();
    let held = past.today();
    let m = past
        .schedule_meeting(
            &coordinator,
            &mappa_domain::meetings::MeetingInput {
                panel_id: Some(panel.id.to_string()),
                date: Some(held.to_string()),
            },
        )
        .await
        .unwrap();
    let agenda = mappa_domain::meetings::AgendaInput {
        nominal_id: Some(id.clone()),
        invited_agencies: vec!["HSG".into(), "POL".into()],
    };
    let case = past.list_case(&coordinator, m.id, &agenda).await.unwrap();
    let attendance: mappa_domain::meetings::AttendanceInput = serde_json::from_value(json!({"attendance": [
        {"agency": "HSG", "status": "present", "attendee": "A. Tenancy"},
        {"agency": "POL", "status": "apologies_with_report"}]}))
    .unwrap();
    past.record_attendance(&coordinator, m.id, case.id, &attendance).await.unwrap();
    let later = |d: i64| held.checked_add(jiff::Span::new().days(d)).unwrap().to_string();
    let mut body = minutes("stay", &later(7));
    body["actions"].as_array_mut().unwrap().push(json!({"description": "Visit the address", "owner_agency": "POL",
        "due_date": later(30), "pillar": "supervision"}));
    let input: mappa_domain::minutes::MinutesInput = serde_json::from_value(body).unwrap();
    past.save_minutes(&coordinator, m.id, case.id, &input).await.unwrap();
    past.approve_minutes(&chair, m.id, case.id).await.unwrap();

    // Today housing does its action, three weeks late.
    let partner = s.token("hsg.partner").await;
    let (_, open) = s.get("/api/v1/actions?status=overdue", &partner).await;
    let action = open[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        s.post(&format!("/api/v1/actions/{action}/complete"), &partner, json!({"note": "Done"})).await.0,
        StatusCode::OK
    );

    let unit_token = s.token("prb.coordinator").await;
    let from = days_from_today(-90);
    let url = format!("/api/v1/reports/agency-accountability?from={from}&to={}", today());
    let (st, report) = s.get(&url, &unit_token).await;
    assert_eq!(st, StatusCode::OK, "{report}");
    let agency =
        |code: &str| report["agencies"].as_array().unwrap().iter().find(|a| a["agency"] == code).cloned().unwrap();
    let (hsg, pol) = (agency("HSG"), agency("POL"));
    assert_eq!(
        [
            &hsg["invited"],
            &hsg["present"],
            &hsg["apologies"],
            &hsg["actions"],
            &hsg["done_on_time"],
            &hsg["done_late"],
            &hsg["overdue"]
        ],
        [&json!(1), &json!(1), &json!(0), &json!(1), &json!(0), &json!(1), &json!(0)]
    );
    assert_eq!(
        [&pol["invited"], &pol["present"], &pol["apologies"], &pol["absent"], &pol["actions"], &pol["overdue"]],
        [&json!(1), &json!(0), &json!(1), &json!(0), &json!(1), &json!(1)]
    );
    // A period without the meeting; another unit; a bad period.
    let (_, none) =
        s.get(&format!("/api/v1/reports/agency-accountability?from={}", days_from_today(-10)), &unit_token).await;
    assert_eq!(none["agencies"], json!([]));
    let (_, hackney) = s.get(&format!("{url}&unit=HAC"), &unit_token).await;
    assert_eq!(hackney["agencies"], json!([]));
    let (_, camden) = s.get(&format!("{url}&unit=CAM"), &unit_token).await;
    assert_eq!(camden["agencies"].as_array().unwrap().len(), 2);
    let (st, e) =
        s.get(&format!("/api/v1/reports/agency-accountability?from={}&to={from}", today()), &unit_token).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("after_to", "from")));

    // Analysts see the same figures and never a person; partners do not see them.
    let analyst = s.token("pol.analyst").await;
    let (st, theirs) = s.get(&url, &analyst).await;
    assert_eq!((st, &theirs["agencies"]), (StatusCode::OK, &report["agencies"]));
    assert!(!theirs.to_string().to_lowercase().contains("adebayo"));
    assert_eq!(s.get(&url, &partner).await.0, StatusCode::FORBIDDEN);

    // The pages: the coordinator drills down to the meetings and actions; the analyst cannot.
    let page_url = format!("/reports/agency-accountability?from={from}");
    let c = signed_in(&s, "prb.coordinator").await;
    let (st, html) = page(&c, &s, &page_url).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("href=\"/reports/agency-accountability/HSG?area=LDN"), "{html}");
    let (st, drill) =
        page(&c, &s, &format!("/reports/agency-accountability/POL?area=LDN&from={from}&to={}", today())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        drill.contains("ADEBAYO, Tobi")
            && drill.contains("Apologies, with a written report")
            && drill.contains("Overdue"),
        "{drill}"
    );
    let a = signed_in(&s, "pol.analyst").await;
    let (st, html) = page(&a, &s, &page_url).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Housing") && !html.contains("/reports/agency-accountability/HSG"), "{html}");
    assert_eq!(page(&a, &s, "/reports/agency-accountability/POL").await.0, StatusCode::FORBIDDEN);

    // The next meeting reviews the actions agreed at the last one.
    let (_, m2) =
        s.post("/api/v1/meetings", &unit_token, json!({"panel_id": panel.id.to_string(), "date": today()})).await;
    let meeting2 = m2["id"].as_str().unwrap();
    let (_, c2) = s
        .post(
            &format!("/api/v1/meetings/{meeting2}/cases"),
            &unit_token,
            json!({"nominal_id": id, "invited_agencies": ["HSG"]}),
        )
        .await;
    let (st, review) =
        page(&c, &s, &format!("/meetings/{meeting2}/cases/{}/minutes", c2["id"].as_str().unwrap())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        review.contains("Actions from earlier meetings")
            && review.contains("Visit the address")
            && review.contains("Overdue"),
        "{review}"
    );
    assert!(review.contains("Done late"), "housing's action, done three weeks late: {review}");
    s.stop().await;
});

fn kinds(tasks: &Value, id: &str) -> Vec<String> {
    let mut out: Vec<String> = ["mine", "team"]
        .iter()
        .flat_map(|list| tasks[*list].as_array().unwrap().iter())
        .filter(|t| t["nominal_id"] == id)
        .map(|t| t["kind"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

every_backend!(the_daily_sweep_makes_the_mappa_tasks_and_resolves_them_when_done, |s, db| {
    area(&s.app).await;
    let police = s.token("pol.manager").await;
    let (coordinator_token, partner) = (s.token("prb.coordinator").await, s.token("hsg.partner").await);
    let id = new_person(&s, &police).await;
    let coordinator = actor(&s, "prb.coordinator").await;
    // Referred twenty days ago (screening is due within ten), not yet screened.
    let past = app_days_ago(&s, 20);
    let referral = mappa_domain::referrals::ReferralInput {
        nominal_id: Some(id.clone()),
        level: Some(2),
        category: Some(1),
        reason: Some("Contact with children".into()),
        ..Default::default()
    };
    let r = past.refer(&actor(&s, "pol.manager").await, &referral).await.unwrap();
    s.app.sweep(None, false).await.unwrap();
    let (_, tasks) = s.get("/api/v1/tasks", &coordinator_token).await;
    assert_eq!(kinds(&tasks, &id), ["referral_screening"], "MTG-6: {tasks}");
    let (_, police_tasks) = s.get("/api/v1/tasks", &police).await;
    assert!(kinds(&police_tasks, &id).is_empty(), "the MAPPA unit's work is not the police team's: {police_tasks}");

    // Screened, then discussed twenty days ago with minutes never approved,
    // and an action for housing due in three days.
    let screening = mappa_domain::referrals::ScreeningInput {
        outcome: Some("accepted".into()),
        level: Some(2),
        reason: Some("Meetings add value".into()),
        ..Default::default()
    };
    past.screen(&coordinator, r.id, &screening).await.unwrap();
    let panel = past.panels(&coordinator, Some("LDN")).await.unwrap().into_iter().find(|p| p.level == 2).unwrap();
    let m = past
        .schedule_meeting(
            &coordinator,
            &mappa_domain::meetings::MeetingInput {
                panel_id: Some(panel.id.to_string()),
                date: Some(past.today().to_string()),
            },
        )
        .await
        .unwrap();
    let agenda =
        mappa_domain::meetings::AgendaInput { nominal_id: Some(id.clone()), invited_agencies: vec!["HSG".into()] };
    let case = past.list_case(&coordinator, m.id, &agenda).await.unwrap();
    let input: mappa_domain::minutes::MinutesInput =
        serde_json::from_value(minutes("stay", &days_from_today(3))).unwrap();
    past.save_minutes(&coordinator, m.id, case.id, &input).await.unwrap();
    s.app.sweep(None, false).await.unwrap();
    let (_, tasks) = s.get("/api/v1/tasks", &coordinator_token).await;
    assert_eq!(kinds(&tasks, &id), ["minutes_approval"], "MTG-5, and the screening task resolved: {tasks}");

    s.app.approve_minutes(&actor(&s, "pol.chair").await, m.id, case.id).await.unwrap();
    s.app.sweep(None, false).await.unwrap();
    assert!(
        kinds(&s.get("/api/v1/tasks", &coordinator_token).await.1, &id).is_empty(),
        "approved: nothing left for the unit"
    );
    let (_, housing) = s.get("/api/v1/tasks", &partner).await;
    assert_eq!(kinds(&housing, &id), ["action_due"], "the action due within a week, for its agency: {housing}");
    s.stop().await;
});

every_backend!(min_5_minutes_go_beyond_the_invited_agencies_only_as_the_meeting_or_the_chair_agreed, |s, db| {
    let (l2, _) = area(&s.app).await;
    s.app.add_agency("CSC", "Children's services", "childrens_social_care").await.unwrap();
    s.app.add_user("csc.worker", None, "CSC", &["partner".to_string()], PASSWORD).await.unwrap();
    let (coordinator, chair, partner) =
        (s.token("prb.coordinator").await, s.token("pol.chair").await, s.token("hsg.partner").await);
    let (probation, csc) = (s.token("prb.manager").await, s.token("csc.worker").await);
    let (_, meeting, case) = listed_case(&s, &l2).await;
    let url = format!("/api/v1/meetings/{meeting}/cases/{case}/minutes");
    let mut body = minutes("stay", &days_from_today(14));
    body["onward_sharing_agreed"] = json!(["PRB"]);
    assert_eq!(s.call(Method::PUT, &url, &coordinator, Some(body)).await.0, StatusCode::OK);
    let shares = format!("{url}/shares");
    // A draft is not shared.
    let (st, e) = s.post(&shares, &partner, json!({"agency": "PRB", "reason": "Probation supervises"})).await;
    assert_eq!((st, error(&e).0), (StatusCode::CONFLICT, "minutes_not_approved"));
    assert_eq!(s.post(&format!("{url}/approve"), &chair, json!({})).await.0, StatusCode::OK);

    // Probation was not invited: no minutes, and it cannot ask for them.
    assert_eq!(s.get(&url, &probation).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.post(&shares, &probation, json!({"agency": "PRB", "reason": "x"})).await.0, StatusCode::NOT_FOUND);
    // The meeting agreed to probation: housing's request is approved at once.
    let (st, agreed) = s.post(&shares, &partner, json!({"agency": "PRB", "reason": "Probation supervises"})).await;
    assert_eq!((st, agreed["status"].as_str()), (StatusCode::CREATED, Some("approved")), "{agreed}");
    assert_eq!(s.get(&url, &probation).await.0, StatusCode::OK);

    // Children's services: the chair decides, nobody else.
    let (st, e) = s.post(&shares, &partner, json!({"agency": "CSC"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")));
    let (_, asked) =
        s.post(&shares, &partner, json!({"agency": "CSC", "reason": "A child lives at the address"})).await;
    assert_eq!(asked["status"], "requested");
    assert_eq!(s.get(&url, &csc).await.0, StatusCode::NOT_FOUND, "not until the chair approves");
    let decision = format!("/api/v1/minutes-shares/{}/decision", asked["id"].as_str().unwrap());
    let (st, e) = s.post(&decision, &coordinator, json!({"decision": "approve", "reason": "Needed"})).await;
    assert_eq!((st, error(&e)), (StatusCode::FORBIDDEN, ("not_the_chair", "chair")));
    let (st, e) = s.post(&decision, &chair, json!({"decision": "approve"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")));
    let (st, decided) =
        s.post(&decision, &chair, json!({"decision": "approve", "reason": "Safeguarding the child"})).await;
    assert_eq!((st, decided["status"].as_str()), (StatusCode::OK, Some("approved")));
    assert_eq!(s.get(&url, &csc).await.0, StatusCode::OK);
    assert_eq!(
        s.post(&decision, &chair, json!({"decision": "refuse", "reason": "again"})).await.0,
        StatusCode::CONFLICT
    );
    let (_, list) = s.get(&shares, &coordinator).await;
    assert_eq!(list.as_array().unwrap().len(), 2);

    // Every step is in the audit trail with its reason.
    let auditor = s.token("pol.auditor").await;
    let (_, trail) = s.get("/api/v1/audit?action=minutes_share.decide", &auditor).await;
    assert!(trail.to_string().contains("minutes_share.decide"), "{trail}");
    s.stop().await;
});

every_backend!(a_decision_on_the_record_to_level_1_also_ends_the_invited_agencies_sight, |s, db| {
    let (l2, _) = area(&s.app).await;
    let (police, partner) = (s.token("pol.manager").await, s.token("hsg.partner").await);
    let (id, _, _) = listed_case(&s, &l2).await;
    let record = format!("/api/v1/nominals/{id}");
    assert_eq!(s.get(&record, &partner).await.0, StatusCode::OK);
    let decision = json!({"kind": "level", "value": 1, "rationale": "Lead agency can manage the risk alone"});
    let (st, body) = s.post(&format!("{record}/decisions"), &police, decision).await;
    assert!(st.is_success(), "{st} {body}");
    assert_eq!(s.get(&record, &partner).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
});
