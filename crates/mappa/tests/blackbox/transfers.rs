//! Moving a case to another MAPPA area (issue 11, journey 7): the owning
//! team asks, the receiving area sees the record and answers; on acceptance
//! the case moves and the sending team reads it for the handover period only;
//! a Level 3 request unanswered too long is escalated.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

fn days_from_today(days: i64) -> jiff::civil::Date {
    mappa_app::today_in_london(jiff::Timestamp::now()).checked_add(jiff::Span::new().days(days)).unwrap()
}

/// London (Camden) with its police, probation and housing; Kent with its
/// own police. Answers London's Level 2 panel.
pub async fn two_areas(s: &TestServer) -> String {
    let (l2, _) = crate::meetings::area(&s.app).await;
    s.app.add_area("KNT", "Kent", &[("MAI".to_string(), "Maidstone".to_string())]).await.unwrap();
    s.app.add_agency("KPOL", "Kent Police", "police").await.unwrap();
    s.app.place_agency("KPOL", "KNT", None).await.unwrap();
    for (u, role) in [("kpol.manager", "manager"), ("kpol.reception", "reception")] {
        s.app.add_user(u, None, "KPOL", &[role.to_string()], PASSWORD).await.unwrap();
    }
    l2
}

/// A Level 3 case of the London police.
pub async fn level_3_case(s: &TestServer, police: &str) -> String {
    let (_, created) = s.post("/api/v1/nominals", police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    for (kind, value) in [("category", 2), ("level", 3)] {
        let d =
            json!({"kind": kind, "value": value, "rationale": "Licence for a violent offence; level 3 criteria met"});
        let (st, body) = s.post(&format!("/api/v1/nominals/{id}/decisions"), police, d).await;
        assert_eq!(st, StatusCode::CREATED, "{body}");
    }
    id
}

every_backend!(a_transfer_is_asked_answered_and_the_case_moves_with_a_handover, |s, db| {
    two_areas(&s).await;
    let police = s.token("pol.manager").await;
    let kent = s.token("kpol.manager").await;
    let id = level_3_case(&s, &police).await;
    let path = format!("/api/v1/nominals/{id}/transfers");

    // Bad requests name their field; those who may not ask are refused; nothing stored.
    let ask = |to_area: &str, to_unit: Option<&str>| json!({"to_area": to_area, "to_unit": to_unit, "reason": "Moved to Maidstone to live with his sister"});
    let (st, e) = s.post(&path, &police, json!({"reason": "Moved"})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "to_area")));
    assert_eq!(error(&s.post(&path, &police, ask("ZZZ", None)).await.1), ("unknown_area", "to_area"));
    assert_eq!(error(&s.post(&path, &police, ask("LDN", None)).await.1), ("same_area", "to_area"));
    assert_eq!(error(&s.post(&path, &police, ask("LDN", Some("CAM"))).await.1), ("same_area", "to_area"));
    assert_eq!(error(&s.post(&path, &police, ask("KNT", Some("XXX"))).await.1), ("unknown_unit", "to_unit"));
    assert_eq!(s.post(&path, &s.token("pol.reception").await, ask("KNT", None)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(s.post(&path, &s.token("hsg.partner").await, ask("KNT", None)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.get(&path, &police).await.1, json!([]), "nothing stored");
    assert_eq!(
        s.get(&format!("/api/v1/nominals/{id}"), &kent).await.0,
        StatusCode::NOT_FOUND,
        "Kent cannot see it yet"
    );

    // Asked: Kent sees the record to judge it; the owning team's compliance list and Kent's tasks show it.
    let (st, t) = s.post(&path, &police, ask("KNT", Some("MAI"))).await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    assert_eq!(t["to_agency"]["code"], "KPOL");
    assert_eq!(t["respond_by"], days_from_today(9).to_string());
    assert_eq!(t["escalate_on"], days_from_today(4).to_string());
    let tid = t["id"].as_str().unwrap().to_string();
    assert_eq!(s.post(&path, &police, ask("KNT", None)).await.1["error"]["code"], "transfer_open");
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &kent).await.0, StatusCode::OK);
    let (_, open) = s.get("/api/v1/transfers", &kent).await;
    assert_eq!(open[0]["nominal_id"], id.as_str(), "{open}");
    let (_, list) = s.get("/api/v1/compliance?status=due_soon", &police).await;
    assert!(list.to_string().contains("transfer_awaiting"), "{list}");
    s.app.sweep(None, false).await.unwrap();
    assert!(s.get("/api/v1/tasks", &kent).await.1.to_string().contains("transfer_response"));

    // Only Kent's managers answer; not the team that asked; a refusal needs a reason.
    let accept = format!("/api/v1/transfers/{tid}/accept");
    let refuse = format!("/api/v1/transfers/{tid}/refuse");
    let (st, e) = s.post(&accept, &police, json!({})).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("own_transfer", "transfer")));
    assert_eq!(s.post(&accept, &s.token("kpol.reception").await, json!({})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(error(&s.post(&refuse, &kent, json!({})).await.1), ("required", "reason"));

    // Accepted: the case moves to Kent; London reads it for the handover only.
    let (st, t) = s.post(&accept, &kent, json!({"reason": "Approved premises place in Maidstone"})).await;
    assert_eq!((st, t["status"].as_str()), (StatusCode::OK, Some("accepted")), "{t}");
    assert_eq!(s.post(&accept, &kent, json!({})).await.1["error"]["code"], "already_decided");
    let (_, record) = s.get(&format!("/api/v1/nominals/{id}"), &kent).await;
    assert_eq!(
        (record["owning_agency"]["code"].as_str(), record["mappa"]["owning_area"].as_str()),
        (Some("KPOL"), Some("KNT"))
    );
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &police).await.0, StatusCode::OK, "handover access");
    let st = s.post(&format!("/api/v1/nominals/{id}/transfers"), &police, ask("LDN", None)).await.0;
    assert_eq!(st, StatusCode::FORBIDDEN, "London no longer owns it");
    s.app.sweep(None, false).await.unwrap();
    assert!(s.get("/api/v1/tasks", &police).await.1.to_string().contains("transfer_handover"));
    assert!(!s.get("/api/v1/tasks", &kent).await.1.to_string().contains("transfer_response"), "answered");
    // After the handover period, London's access ends.
    s.app.sweep(Some(days_from_today(29)), false).await.unwrap();
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &police).await.0, StatusCode::NOT_FOUND);
    let (_, trail) = s.get(&format!("/api/v1/audit?nominal={id}"), &s.token("pol.auditor").await).await;
    for action in ["transfer.request", "transfer.accept", "transfer.handover_end", "transfers.view"] {
        assert!(trail.to_string().contains(action), "{action}");
    }
    s.stop().await;
});

every_backend!(a_refused_transfer_ends_the_receiving_sight_and_a_late_level_3_one_is_escalated, |s, db| {
    two_areas(&s).await;
    let police = s.token("pol.manager").await;
    let kent = s.token("kpol.manager").await;
    // Asked six days ago, at Level 3: unanswered past the fifth day.
    let id = level_3_case(&s, &police).await;
    let then = crate::meetings::app_days_ago(&s, 6);
    let manager = crate::meetings::actor(&s, "pol.manager").await;
    let input = mappa_domain::transfers::TransferInput {
        to_area: Some("KNT".into()),
        to_unit: None,
        reason: Some("Moved to Kent".into()),
    };
    let t = then.request_transfer(&manager, id.parse().unwrap(), &input).await.unwrap();
    s.app.sweep(None, false).await.unwrap();
    for token in [&police, &kent] {
        let (_, tasks) = s.get("/api/v1/tasks", token).await;
        assert!(tasks.to_string().contains("transfer_escalation"), "{tasks}");
    }
    let (st, r) = s
        .post(
            &format!("/api/v1/transfers/{}/refuse", t.id),
            &kent,
            json!({"reason": "He has not moved: the address is his sister's"}),
        )
        .await;
    assert_eq!((st, r["status"].as_str()), (StatusCode::OK, Some("refused")), "{r}");
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &kent).await.0, StatusCode::NOT_FOUND, "Kent's sight ends");
    s.app.sweep(None, false).await.unwrap();
    assert!(!s.get("/api/v1/tasks", &police).await.1.to_string().contains("transfer_escalation"), "resolved");
    s.stop().await;
});

every_backend!(a_transfer_through_the_pages, |s, db| {
    two_areas(&s).await;
    let police = s.token("pol.manager").await;
    let id = level_3_case(&s, &police).await;
    let manager = signed_in(&s, "pol.manager").await;
    let (_, form) = page(&manager, &s, &format!("/people/{id}/transfers/new")).await;
    assert!(form.contains("value=\"KNT/MAI\""), "{form}");
    let csrf = csrf_of(&form);
    let url = s.url(&format!("/people/{id}/transfers/new"));
    let r = manager
        .post(&url)
        .form(&[("csrf_token", csrf.as_str()), ("to", "LDN"), ("reason", "Moved")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("already managed in that area"), "{html}");
    let form = [("csrf_token", csrf.as_str()), ("to", "KNT/MAI"), ("reason", "Moved to Maidstone")];
    assert_eq!(manager.post(&url).form(&form).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    let kent = signed_in(&s, "kpol.manager").await;
    let (_, html) = page(&kent, &s, &format!("/people/{id}/protection")).await;
    let answer =
        html.split(&format!("href=\"/people/{id}/transfers/")).nth(1).unwrap().split('"').next().unwrap().to_string();
    let (st, html) = page(&kent, &s, &format!("/people/{id}/transfers/{answer}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Risk management plan") && html.contains("Moved to Maidstone"), "{html}");
    let csrf = csrf_of(&html);
    let url = s.url(&format!("/people/{id}/transfers/{answer}"));
    let r = kent.post(&url).form(&[("csrf_token", csrf.as_str()), ("answer", "refuse")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Enter why the transfer is refused"));
    let r = kent.post(&url).form(&[("csrf_token", csrf.as_str()), ("answer", "accept")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&kent, &s, &format!("/people/{id}/protection")).await;
    assert!(html.contains("Transfer accepted") && html.contains("Sending team&#39;s access ends"), "{html}");
    s.stop().await;
});

every_backend!(an_accepted_transfer_takes_the_case_off_the_sending_areas_next_meeting, |s, db| {
    let l2 = two_areas(&s).await;
    // Listed at today's Camden meeting (history, it stays) and at next week's.
    let (id, today_meeting, _) = crate::meetings::listed_case(&s, &l2).await;
    let coordinator = s.token("prb.coordinator").await;
    let (st, m) =
        s.post("/api/v1/meetings", &coordinator, json!({"panel_id": l2, "date": days_from_today(7).to_string()})).await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let next = m["id"].as_str().unwrap().to_string();
    let listing = json!({"nominal_id": id, "invited_agencies": ["HSG"]});
    let (st, c) = s.post(&format!("/api/v1/meetings/{next}/cases"), &coordinator, listing).await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let on_agenda = |v: &Value| v.to_string().contains(&id);
    assert!(on_agenda(&s.get(&format!("/api/v1/meetings/{next}"), &coordinator).await.1));

    let police = s.token("pol.manager").await;
    let ask = json!({"to_area": "KNT", "reason": "Moved to Kent"});
    let (_, t) = s.post(&format!("/api/v1/nominals/{id}/transfers"), &police, ask).await;
    let kent = s.token("kpol.manager").await;
    let (st, _) = s.post(&format!("/api/v1/transfers/{}/accept", t["id"].as_str().unwrap()), &kent, json!({})).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!on_agenda(&s.get(&format!("/api/v1/meetings/{next}"), &coordinator).await.1), "off next week's agenda");
    assert!(on_agenda(&s.get(&format!("/api/v1/meetings/{today_meeting}"), &coordinator).await.1), "today's stays");
    let (_, trail) = s.get(&format!("/api/v1/audit?nominal={id}"), &s.token("pol.auditor").await).await;
    assert!(trail.to_string().contains("meeting.case_remove"), "{trail}");
    s.stop().await;
});
