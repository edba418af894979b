//! MAPPA itself through the pages (issue 10): a referral from the record,
//! the coordinator's screening, scheduling, listing and attendance, the
//! minutes with their actions, the chair's approval, and the partner
//! agency marking its action done; each bad form answers with the GOV.UK
//! error summary and stores nothing.

use crate::common::*;
use crate::every_backend;
use crate::meetings::area;
use reqwest::StatusCode;

async fn post_form(
    c: &reqwest::Client,
    s: &TestServer,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let r = c.post(s.url(path)).form(form).send().await.unwrap();
    let status = r.status();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

fn summary_has(html: &str, message: &str) -> bool {
    html.contains("govuk-error-summary") && html.contains(message)
}

/// The first `href="PREFIX…"` on a page.
fn link(html: &str, prefix: &str) -> String {
    let at = html.find(&format!("href=\"{prefix}")).unwrap_or_else(|| panic!("a link to {prefix}: {html}")) + 6;
    html[at..].split('"').next().unwrap().to_string()
}

every_backend!(the_mappa_journey_through_the_pages, |s, db| {
    area(&s.app).await;
    let today = mappa_app::today_in_london(jiff::Timestamp::now());
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();

    // The referral, from the record.
    let manager = signed_in(&s, "pol.manager").await;
    let (_, record) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(record.contains(&format!("href=\"/people/{id}/refer\"")), "the record offers a referral");
    let (st, form) = page(&manager, &s, &format!("/people/{id}/refer")).await;
    assert_eq!(st, StatusCode::OK);
    let csrf = csrf_of(&form);
    let refer = format!("/people/{id}/refer");
    let (st, _, html) = post_form(&manager, &s, &refer, &[("csrf_token", &csrf), ("level", "2")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        summary_has(&html, "Select the MAPPA category") && summary_has(&html, "Enter the reason for referral"),
        "{html}"
    );
    let (st, to, _) = post_form(
        &manager,
        &s,
        &refer,
        &[
            ("csrf_token", &csrf),
            ("level", "2"),
            ("category", "1"),
            ("reason", "Seen near a primary school"),
            ("index_offence", "Sexual assault of a child, 2019"),
            ("index_offence-agency", "PRB"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert!(to.starts_with("/referrals/"), "{to}");
    let (_, referral) = page(&manager, &s, &to).await;
    assert!(
        referral.contains("Referred to level 2 or 3") && referral.contains("Index offence and sentence (Probation)"),
        "{referral}"
    );

    // The coordinator screens it.
    let coordinator = signed_in(&s, "prb.coordinator").await;
    let (_, list) = page(&coordinator, &s, "/referrals").await;
    assert!(list.contains("ADEBAYO, Tobi") && list.contains("Waiting to be screened"), "{list}");
    let (_, r) = page(&coordinator, &s, &to).await;
    let csrf = csrf_of(&r);
    let screening = format!("{to}/screening");
    let (st, _, html) =
        post_form(&coordinator, &s, &screening, &[("csrf_token", &csrf), ("outcome", "accepted")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "Select the level the case is accepted at"), "{html}");
    let (st, _, _) = post_form(
        &coordinator,
        &s,
        &screening,
        &[
            ("csrf_token", &csrf),
            ("outcome", "accepted"),
            ("level", "2"),
            ("criteria-high_rosh", "yes"),
            ("reason", "RoSH high"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);

    // A meeting today, the case listed with housing invited, attendance.
    let (_, form) = page(&coordinator, &s, "/meetings/new").await;
    let csrf = csrf_of(&form);
    let value_at = form.find("Camden level 2").unwrap();
    let panel_id = form[..value_at].rsplit("value=\"").next().unwrap().split('"').next().unwrap().to_string();
    let (st, _, html) =
        post_form(&coordinator, &s, "/meetings/new", &[("csrf_token", &csrf), ("panel_id", &panel_id)]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "Enter the date of the meeting"), "{html}");
    let (st, meeting, _) = post_form(
        &coordinator,
        &s,
        "/meetings/new",
        &[("csrf_token", &csrf), ("panel_id", &panel_id), ("date-day", &d), ("date-month", &m), ("date-year", &y)],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, mp) = page(&coordinator, &s, &meeting).await;
    assert!(mp.contains("ADEBAYO, Tobi: new referral"), "the accepted referral is offered: {mp}");
    let (st, _, _) = post_form(
        &coordinator,
        &s,
        &format!("{meeting}/cases"),
        &[("csrf_token", &csrf), ("nominal_id", &id), ("invite-HSG", "yes"), ("invite-POL", "yes")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, mp) = page(&coordinator, &s, &meeting).await;
    let attendance = link(&mp, &format!("{meeting}/cases/"));
    assert!(attendance.ends_with("/attendance"), "{attendance}");
    let (st, _, html) =
        post_form(&coordinator, &s, &attendance, &[("csrf_token", &csrf), ("HSG-status", "present")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "Enter who attended for the agency"), "{html}");
    let (st, _, _) = post_form(
        &coordinator,
        &s,
        &attendance,
        &[
            ("csrf_token", &csrf),
            ("statement_read", "yes"),
            ("HSG-status", "present"),
            ("HSG-attendee", "A. Tenancy"),
            ("POL-status", "apologies"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, mp) = page(&coordinator, &s, &meeting).await;
    assert!(mp.contains("Housing: present") && mp.contains("Read at the start of the meeting"), "{mp}");

    // The minutes: carried over from the referral; an action due before the
    // meeting is refused; "add another" saves nothing.
    let minutes = attendance.replace("/attendance", "/minutes");
    let (_, edit) = page(&coordinator, &s, &format!("{minutes}/edit")).await;
    assert!(edit.contains("Sexual assault of a child, 2019"), "MIN-7: carried over from the referral");
    let yesterday = today.yesterday().unwrap();
    let base = |due: &jiff::civil::Date| {
        vec![
            ("csrf_token".to_string(), csrf.clone()),
            ("disclosure-considered".into(), "yes".into()),
            ("disclosure-decision".into(), "not_agreed".into()),
            ("disclosure-reason".into(), "No third party at risk".into()),
            ("level_decision".into(), "stay".into()),
            ("level_rationale".into(), "Risk unchanged".into()),
            ("supervision".into(), "Weekly reporting".into()),
            ("actions-0-description".into(), "Confirm the tenancy".into()),
            ("actions-0-owner_agency".into(), "HSG".into()),
            ("actions-0-pillar".into(), "monitoring_and_control".into()),
            ("actions-0-due_date-day".into(), due.day().to_string()),
            ("actions-0-due_date-month".into(), due.month().to_string()),
            ("actions-0-due_date-year".into(), due.year().to_string()),
        ]
    };
    let as_refs = |v: &Vec<(String, String)>| v.iter().map(|(a, b)| (a.clone(), b.clone())).collect::<Vec<_>>();
    let r = coordinator.post(s.url(&format!("{minutes}/edit"))).form(&as_refs(&base(&yesterday))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(summary_has(&html, "An action cannot be due before the meeting that agreed it"), "{html}");
    assert!(html.contains("href=\"#actions-0-due_date-day\""), "the summary links to the action's date");
    let mut adding = base(&today);
    adding.push(("add".into(), "actions".into()));
    let r = coordinator.post(s.url(&format!("{minutes}/edit"))).form(&adding).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("name=\"actions-1-description\""));
    let (_, view) = page(&coordinator, &s, &minutes).await;
    assert!(view.contains("No minutes have been written"), "nothing was saved");
    let r = coordinator.post(s.url(&format!("{minutes}/edit"))).form(&as_refs(&base(&today))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, view) = page(&coordinator, &s, &minutes).await;
    assert!(
        view.contains("Draft: only the coordinator and chair can see it") && !view.contains("Approve the minutes"),
        "{view}"
    );

    // The partner cannot read the draft; the chair approves it.
    let partner = signed_in(&s, "hsg.partner").await;
    assert_eq!(page(&partner, &s, &minutes).await.0, StatusCode::NOT_FOUND);
    let chair = signed_in(&s, "pol.chair").await;
    let (_, view) = page(&chair, &s, &minutes).await;
    assert!(view.contains("Approve the minutes"));
    let (st, _, _) = post_form(&chair, &s, &format!("{minutes}/approve"), &[("csrf_token", &csrf_of(&view))]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, approved) = page(&partner, &s, &minutes).await;
    assert!(approved.contains("OFFICIAL-SENSITIVE") && approved.contains("Weekly reporting"), "{approved}");

    // MIN-5: the partner asks to share the minutes with probation; the chair approves.
    assert!(approved.contains("Sharing these minutes with another agency"));
    let shares = format!("{minutes}/shares");
    let (st, _, html) =
        post_form(&partner, &s, &shares, &[("csrf_token", &csrf_of(&approved)), ("agency", "PRB")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        summary_has(&html, "Enter why the agency needs the minutes") && html.contains("href=\"#share_reason\""),
        "{html}"
    );
    let (st, _, _) = post_form(
        &partner,
        &s,
        &shares,
        &[("csrf_token", &csrf_of(&approved)), ("agency", "PRB"), ("share_reason", "Probation supervises the licence")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, view) = page(&chair, &s, &minutes).await;
    assert!(view.contains("Probation: Waiting for the chair"), "{view}");
    let at = view.find(&format!("action=\"{minutes}/shares/")).unwrap() + 8;
    let action = view[at..].split('"').next().unwrap().to_string();
    let (st, _, _) = post_form(
        &chair,
        &s,
        &action,
        &[("csrf_token", &csrf_of(&view)), ("decision", "approve"), ("decision_reason", "Needed for the licence")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let probation = signed_in(&s, "prb.manager").await;
    assert_eq!(page(&probation, &s, &minutes).await.0, StatusCode::OK, "probation now reads the minutes");

    // The partner's home page leads to the meeting and the agency's action.
    let (_, home) = page(&partner, &s, "/").await;
    assert!(home.contains("MAPPA meetings and actions") && home.contains("Confirm the tenancy"), "{home}");
    assert!(home.contains(&format!("href=\"{meeting}\"")), "the meeting today is listed: {home}");

    // The partner's actions: take it on and mark it done.
    let (_, actions) = page(&partner, &s, "/actions").await;
    assert!(actions.contains("Confirm the tenancy"), "{actions}");
    let action = link(&actions, "/actions/");
    let (_, ap) = page(&partner, &s, &action).await;
    let csrf = csrf_of(&ap);
    let (st, _, html) =
        post_form(&partner, &s, &action, &[("csrf_token", &csrf), ("step", "complete"), ("note", "")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "Enter what was done"), "{html}");
    let (st, _, _) =
        post_form(&partner, &s, &action, &[("csrf_token", &csrf), ("step", "accept"), ("person", "B. Officer")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _, _) =
        post_form(&partner, &s, &action, &[("csrf_token", &csrf), ("step", "complete"), ("note", "Tenancy signed")])
            .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, done) = page(&partner, &s, "/actions?status=done").await;
    assert!(done.contains("Confirm the tenancy"), "{done}");
    // Another agency's action is not the police manager's to see.
    assert_eq!(page(&manager, &s, &action).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
});

every_backend!(an_administrator_sets_up_an_area_in_the_pages, |s, db| {
    let admin = signed_in(&s, "pol.admin").await;
    let (st, list) = page(&admin, &s, "/admin/areas").await;
    assert_eq!(st, StatusCode::OK);
    assert!(list.contains("There are no MAPPA areas yet") && list.contains("Agencies in no area"), "{list}");
    let manager = signed_in(&s, "pol.manager").await;
    assert_eq!(page(&manager, &s, "/admin/areas").await.0, StatusCode::FORBIDDEN);
    assert_eq!(page(&manager, &s, "/admin/areas/panels").await.0, StatusCode::FORBIDDEN);

    // The area: a bad code is named in the summary, and nothing is added.
    let (_, form) = page(&admin, &s, "/admin/areas/new").await;
    let csrf = csrf_of(&form);
    let (st, _, html) =
        post_form(&admin, &s, "/admin/areas/new", &[("csrf_token", &csrf), ("name", "London"), ("code", "L")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "The short code must be 2 to 20 letters"), "{html}");
    assert!(page(&admin, &s, "/admin/areas").await.1.contains("There are no MAPPA areas yet"));
    let area = [("csrf_token", csrf.as_str()), ("name", "London"), ("code", "LDN")];
    let (st, to, _) = post_form(&admin, &s, "/admin/areas/new", &area).await;
    assert_eq!((st, to.as_str()), (StatusCode::SEE_OTHER, "/admin/areas"));
    let (st, _, html) = post_form(&admin, &s, "/admin/areas/new", &area).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(html.contains("govuk-error-summary"), "{html}");

    // A unit, the agency placed in it, and a Level 2 panel for it.
    let unit = [("csrf_token", csrf.as_str()), ("area", "LDN"), ("name", "Camden"), ("code", "CAM")];
    assert_eq!(post_form(&admin, &s, "/admin/areas/units", &unit).await.0, StatusCode::SEE_OTHER);
    let (_, form) = page(&admin, &s, "/admin/areas/agencies").await;
    assert!(form.contains("<option value=\"LDN/CAM\"") && form.contains("London: Camden"), "{form}");
    let (st, _, html) =
        post_form(&admin, &s, "/admin/areas/agencies", &[("csrf_token", &csrf), ("agency", "HSG")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "Select the area, or a local unit of it"), "{html}");
    let placed = [("csrf_token", csrf.as_str()), ("agency", "HSG"), ("place", "LDN/CAM")];
    assert_eq!(post_form(&admin, &s, "/admin/areas/agencies", &placed).await.0, StatusCode::SEE_OTHER);

    let l2 = |place: &'static str| {
        vec![("name", "Camden level 2"), ("level", "2"), ("place", place), ("pattern", "Every fourth Tuesday")]
    };
    let mut bad = vec![("csrf_token", csrf.as_str())];
    bad.extend(l2("LDN"));
    let (st, _, html) = post_form(&admin, &s, "/admin/areas/panels", &bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "A level 2 panel serves one local unit: select the unit"), "{html}");
    let mut good = vec![("csrf_token", csrf.as_str())];
    good.extend(l2("LDN/CAM"));
    let (st, to, _) = post_form(&admin, &s, "/admin/areas/panels", &good).await;
    assert_eq!((st, to.as_str()), (StatusCode::SEE_OTHER, "/admin/areas"));

    let (_, list) = page(&admin, &s, "/admin/areas").await;
    assert!(list.contains("Panel added"), "a banner confirms the last change");
    assert!(list.contains("Housing (Camden)") && list.contains("Camden level 2"), "{list}");
    assert!(!list.contains("There are no MAPPA areas yet"));
    let partner = s.token("hsg.partner").await;
    let (_, panels) = s.get("/api/v1/panels?area=LDN", &partner).await;
    assert_eq!(panels[0]["unit"], "CAM");
    s.stop().await;
});

every_backend!(a_returned_referral_is_sent_again_from_its_page, |s, db| {
    area(&s.app).await;
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let body = serde_json::json!({"nominal_id": id, "level": 2, "category": 1, "reason": "Seen near a school"});
    let (_, r) = s.post("/api/v1/referrals", &police, body).await;
    let rid = r["id"].as_str().unwrap().to_string();
    let coordinator = s.token("prb.coordinator").await;
    let asked = serde_json::json!({"outcome": "returned", "reason": "Where will he live on release?"});
    s.post(&format!("/api/v1/referrals/{rid}/screening"), &coordinator, asked).await;

    let manager = signed_in(&s, "pol.manager").await;
    let url = format!("/referrals/{rid}");
    let (st, html) = page(&manager, &s, &url).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Send the referral again") && html.contains("Where will he live on release?"), "{html}");
    assert!(html.contains(">Seen near a school</textarea>"), "the form starts from what was sent: {html}");
    let csrf = csrf_of(&html);
    let resend = format!("/referrals/{rid}/resubmission");
    let (st, _, html) =
        post_form(&manager, &s, &resend, &[("csrf_token", &csrf), ("reason", "Seen near a school")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary_has(&html, "Enter what you have added"), "{html}");
    let form = [
        ("csrf_token", csrf.as_str()),
        ("note", "Added the release address"),
        ("reason", "Seen near a school"),
        ("release_address", "Approved premises in Camden"),
        ("release_address-agency", "PRB"),
    ];
    let (st, to, _) = post_form(&manager, &s, &resend, &form).await;
    assert_eq!((st, to.as_str()), (StatusCode::SEE_OTHER, url.as_str()));
    let (_, html) = page(&manager, &s, &url).await;
    assert!(html.contains("Referral sent again"), "a banner confirms it");
    assert!(html.contains("Awaiting screening") && html.contains("Sent again on"), "{html}");
    assert!(html.contains("Approved release address (Probation)"), "{html}");
    assert!(!html.contains(&format!("action=\"{resend}\"")), "no longer offered");
    // The coordinator, who did not refer, is never offered it.
    let unit = signed_in(&s, "prb.coordinator").await;
    assert!(!page(&unit, &s, &url).await.1.contains("Send the referral again"));
    s.stop().await;
});
