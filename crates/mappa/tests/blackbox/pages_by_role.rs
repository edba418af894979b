//! Pages by role (issue 9): each role's menu and home page offer only what
//! the role can do, so every link on them answers 200, never 403; and a page
//! a role may not use (403), a missing page (404) and an expired form keep
//! the header with the user's name, their menu and the sign-out form.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;

/// The hrefs of the service navigation's links.
fn menu(html: &str) -> Vec<String> {
    let Some(start) = html.find("class=\"govuk-service-navigation__list\"") else {
        return vec![];
    };
    let list = &html[start..start + html[start..].find("</ul>").expect("the menu's list ends")];
    hrefs(list)
}

/// Every `href="/..."` in some HTML, in order.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/'))
        .map(str::to_string)
        .collect()
}

/// The page keeps the user's header (their name, linking to their account,
/// and the sign-out form) and their menu.
fn keeps_the_layout(html: &str, username: &str, expected_menu: &[impl AsRef<str>], what: &str) {
    assert!(
        html.contains(&format!("href=\"/account\">{username}<span class=\"govuk-visually-hidden\">: your account")),
        "{what}: the header names {username}: {html}"
    );
    assert!(html.contains("action=\"/sign-out\""), "{what}: the sign-out form: {html}");
    let expected: Vec<&str> = expected_menu.iter().map(AsRef::as_ref).collect();
    assert_eq!(menu(html), expected, "{what}: {username}'s menu");
}

// Per seeded user: the menu's links, and a page the role may not use.
const ROLES: &[(&str, &[&str], &str)] = &[
    (
        "pol.manager",
        &["/", "/people/search", "/people/new", "/compliance", "/visits/overdue", "/meetings", "/actions", "/rules"],
        "/audit",
    ),
    ("pol.reception", &["/", "/people/search", "/compliance", "/visits/overdue", "/rules"], "/people/new"),
    ("pol.analyst", &["/", "/reports/agency-accountability", "/reports/annual", "/rules"], "/people/search"),
    ("pol.auditor", &["/", "/audit", "/rules"], "/people/new"),
    ("pol.admin", &["/", "/admin/users", "/admin/agencies", "/admin/areas", "/rules"], "/audit"),
    (
        "prb.manager",
        &["/", "/people/search", "/people/new", "/compliance", "/visits/overdue", "/meetings", "/actions", "/rules"],
        "/admin/users",
    ),
    (
        "hsg.partner",
        &["/", "/people/search", "/compliance", "/visits/overdue", "/meetings", "/actions", "/rules"],
        "/people/new",
    ),
];

// Every link on each role's home page (the menu's included) answers 200, and
// a refused page keeps the header and menu.
every_backend!(each_role_is_offered_only_what_it_can_do, |s, db| {
    // A record shared with housing, so that the partner's home page lists it.
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let share = serde_json::json!({"agency": "HSG", "reason": "Housing needs to know"});
    assert_eq!(s.post(&format!("/api/v1/nominals/{id}/shares"), &police, share).await.0, StatusCode::CREATED);

    for (username, expected_menu, forbidden) in ROLES {
        let c = signed_in(&s, username).await;
        let (status, home) = page(&c, &s, "/").await;
        assert_eq!(status, StatusCode::OK, "{username}'s home page");
        let mut links = hrefs(&home);
        links.dedup();
        for link in links {
            let (status, _) = page(&c, &s, &link).await;
            assert_eq!(status, StatusCode::OK, "{username}: {link} on the home page");
        }
        let (status, refused) = page(&c, &s, forbidden).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{username}: {forbidden}");
        assert!(refused.contains("You cannot do this"), "{refused}");
        let home_menu = menu(&home);
        keeps_the_layout(&refused, username, &home_menu, &format!("{username} refused {forbidden}"));
        assert_eq!(home_menu, *expected_menu, "{username}'s menu");
    }
    let partner = signed_in(&s, "hsg.partner").await;
    assert!(page(&partner, &s, "/").await.1.contains(&format!("/people/{id}")), "the partner's home lists the share");
    s.stop().await;
});

// Not found, and a form whose token has expired, keep the layout too;
// signed out, the same pages still answer, without a header.
every_backend!(refusals_keep_the_header_and_menu, |s, db| {
    let reception = signed_in(&s, "pol.reception").await;
    let reception_menu = ROLES[1].1;
    let (status, html) = page(&reception, &s, "/people/not-a-record").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"), "{html}");
    keeps_the_layout(&html, "pol.reception", reception_menu, "a missing record");
    let (status, html) = page(&reception, &s, "/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    keeps_the_layout(&html, "pol.reception", reception_menu, "a missing page");

    let manager = signed_in(&s, "pol.manager").await;
    let r = manager
        .post(s.url("/people/new"))
        .form(&[("csrf_token", "stale"), ("surname", "Expired")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = r.text().await.unwrap();
    assert!(html.contains("The form has expired"), "{html}");
    keeps_the_layout(&html, "pol.manager", ROLES[0].1, "an expired form");

    let r = s.client.get(s.url("/no-such-page")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("Page not found") && !html.contains("action=\"/sign-out\""), "{html}");
    s.stop().await;
});

every_backend!(the_caseload_comes_a_page_at_a_time_with_a_count, |s, db| {
    let manager = s.token("pol.manager").await;
    for i in 0..27 {
        let mut p = person();
        p["surname"] = serde_json::json!(format!("Caseload{i:02}"));
        let (st, body) = s.post("/api/v1/nominals", &manager, p).await;
        assert_eq!(st, reqwest::StatusCode::CREATED, "{body}");
    }
    let c = signed_in(&s, "pol.manager").await;
    let (_, home) = page(&c, &s, "/").await;
    assert!(home.contains("Showing 1 to 25 of 27"), "the count of the caseload");
    assert!(home.contains("CASELOAD00") && !home.contains("CASELOAD25"), "the first page only");
    let next = "/?managed=25&#38;shared=0#managed";
    assert!(home.contains(next), "a link to the next page");
    let (_, second) = page(&c, &s, "/?managed=25&shared=0").await;
    assert!(second.contains("Showing 26 to 27 of 27") && second.contains("CASELOAD26"));
    assert!(!second.contains("CASELOAD00"));
    s.stop().await;
});
