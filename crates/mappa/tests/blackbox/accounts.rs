//! User accounts and sessions (issue 8, point 5): administrators create and
//! change accounts over the API, deactivation ends every session and token
//! at once, people change their own password and sign out everywhere, and a
//! browser session ends after a spell unused.

use crate::common::*;
use crate::every_backend;
use mappa_app::AppConfig;
use mappa_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};

const NEW_PASSWORD: &str = "a-new-long-passphrase";

async fn token_for(s: &TestServer, username: &str, password: &str) -> (StatusCode, String) {
    let r = s
        .client
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, body["token"].as_str().unwrap_or_default().to_string())
}

every_backend!(administrators_create_and_change_accounts_and_deactivation_ends_access_at_once, |s, db| {
    let admin = s.token("pol.admin").await;
    let manager = s.token("pol.manager").await;
    let body = json!({"username": "New.Officer", "display_name": "New Officer", "agency": "pol", "roles": ["manager"], "password": PASSWORD});
    assert_eq!(s.post("/api/v1/users", &manager, body.clone()).await.0, StatusCode::FORBIDDEN);
    for (bad, field, code) in [
        (
            json!({"username": "x", "agency": "POL", "roles": ["manager"], "password": PASSWORD}),
            "username",
            "invalid_username",
        ),
        (
            json!({"username": "abc", "agency": "ZZZ", "roles": ["manager"], "password": PASSWORD}),
            "agency",
            "unknown_agency",
        ),
        (
            json!({"username": "abc", "agency": "POL", "roles": ["wizard"], "password": PASSWORD}),
            "roles",
            "invalid_choice",
        ),
        (
            json!({"username": "abc", "agency": "POL", "roles": ["manager"], "password": "short"}),
            "password",
            "weak_password",
        ),
    ] {
        let (st, e) = s.post("/api/v1/users", &admin, bad).await;
        assert_eq!(
            (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), Some(code)),
            "{e}"
        );
    }
    let (st, user) = s.post("/api/v1/users", &admin, body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{user}");
    assert_eq!(
        (user["username"].as_str(), user["agency"].as_str(), user["active"].as_bool()),
        (Some("new.officer"), Some("POL"), Some(true))
    );
    assert!(user.get("password_hash").is_none() && !user.to_string().contains(PASSWORD));
    assert_eq!(s.post("/api/v1/users", &admin, body).await.0, StatusCode::CONFLICT);
    let id = user["id"].as_str().unwrap().to_string();
    let (st, officer) = token_for(&s, "new.officer", PASSWORD).await;
    assert_eq!(st, StatusCode::OK);
    // A change of roles takes effect at once.
    let (st, changed) = s
        .call(reqwest::Method::PATCH, &format!("/api/v1/users/{id}"), &admin, Some(json!({"roles": ["supervisor"]})))
        .await;
    assert_eq!(st, StatusCode::OK, "{changed}");
    assert_eq!(s.get("/api/v1/me", &officer).await.1["roles"], json!(["supervisor"]));
    // Deactivation ends the token and any browser session at once, and the
    // password no longer signs in.
    let browser =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    browser.post(s.url("/sign-in")).form(&[("username", "new.officer"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(browser.get(s.url("/")).send().await.unwrap().status(), StatusCode::OK);
    let (st, _) =
        s.call(reqwest::Method::PATCH, &format!("/api/v1/users/{id}"), &admin, Some(json!({"active": false}))).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(s.get("/api/v1/me", &officer).await.0, StatusCode::UNAUTHORIZED);
    assert!(browser.get(s.url("/")).send().await.unwrap().status().is_redirection(), "sent to sign in");
    assert_eq!(token_for(&s, "new.officer", PASSWORD).await.0, StatusCode::UNAUTHORIZED);
    // Agencies too.
    let agency = json!({"code": "prb2", "name": "Probation North", "kind": "probation"});
    assert_eq!(s.post("/api/v1/agencies", &manager, agency.clone()).await.0, StatusCode::FORBIDDEN);
    let (st, e) = s.post("/api/v1/agencies", &admin, json!({"code": "X9", "name": "X", "kind": "spies"})).await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));
    let (st, created) = s.post("/api/v1/agencies", &admin, agency.clone()).await;
    assert_eq!((st, created["code"].as_str()), (StatusCode::CREATED, Some("PRB2")), "{created}");
    assert_eq!(s.post("/api/v1/agencies", &admin, agency).await.0, StatusCode::CONFLICT);
    // Administrators cannot lock themselves out; everything is audited.
    let me = s.get("/api/v1/me", &admin).await.1["user_id"].as_str().unwrap().to_string();
    let (st, e) =
        s.call(reqwest::Method::PATCH, &format!("/api/v1/users/{me}"), &admin, Some(json!({"active": false}))).await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("active")));
    let users = s.get("/api/v1/users", &admin).await.1;
    assert!(users["users"].as_array().unwrap().iter().any(|u| u["username"] == "new.officer" && u["active"] == false));
    let audit = s.app.store().audit_records_from(1).await.unwrap();
    let by_admin: Vec<&str> =
        audit.iter().filter(|r| r.actor_username == "pol.admin").map(|r| r.action.as_str()).collect();
    assert!(
        by_admin.contains(&"user.create") && by_admin.iter().filter(|a| **a == "user.update").count() == 2,
        "{by_admin:?}"
    );
    assert!(by_admin.contains(&"agency.create"), "{by_admin:?}");
    assert!(
        audit.iter().all(|r| !r.after.as_deref().unwrap_or("").contains("argon2")),
        "no password hash in the trail"
    );
    s.stop().await;
});

every_backend!(people_change_their_password_and_sign_out_everywhere, |s, db| {
    let (_, first) = token_for(&s, "pol.manager", PASSWORD).await;
    let (_, second) = token_for(&s, "pol.manager", PASSWORD).await;
    for (body, field, code) in [
        (
            json!({"current_password": "wrong-password-here", "new_password": NEW_PASSWORD}),
            "current_password",
            "wrong_password",
        ),
        (json!({"current_password": PASSWORD, "new_password": "short"}), "new_password", "weak_password"),
        (json!({"current_password": PASSWORD, "new_password": PASSWORD}), "new_password", "unchanged"),
    ] {
        let (st, e) = s.post("/api/v1/me/password", &first, body).await;
        assert_eq!(
            (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), Some(code)),
            "{e}"
        );
    }
    let (st, _) = s
        .post("/api/v1/me/password", &first, json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(s.get("/api/v1/me", &second).await.0, StatusCode::UNAUTHORIZED, "other tokens end");
    assert_eq!(token_for(&s, "pol.manager", PASSWORD).await.0, StatusCode::UNAUTHORIZED);
    let (st, a) = token_for(&s, "pol.manager", NEW_PASSWORD).await;
    assert_eq!(st, StatusCode::OK);
    let (_, b) = token_for(&s, "pol.manager", NEW_PASSWORD).await;
    assert_eq!(s.post("/api/v1/me/sign-out-everywhere", &a, json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(s.get("/api/v1/me", &a).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.get("/api/v1/me", &b).await.0, StatusCode::UNAUTHORIZED);
    // The page: the password form with the error summary, then sign out everywhere.
    s.client
        .post(s.url("/sign-in"))
        .form(&[("username", "pol.manager"), ("password", NEW_PASSWORD)])
        .send()
        .await
        .unwrap();
    let page = s.client.get(s.url("/account")).send().await.unwrap().text().await.unwrap();
    let token = csrf_of(&page);
    let r = s
        .client
        .post(s.url("/account/password"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("current_password", "nope-nope-nope"),
            ("new_password", "another-long-passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#current_password\""));
    let r = s
        .client
        .post(s.url("/account/password"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("current_password", NEW_PASSWORD),
            ("new_password", "another-long-passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
    assert_eq!(
        s.client.get(s.url("/account?changed=password")).send().await.unwrap().status(),
        StatusCode::OK,
        "this session stays"
    );
    let r = s
        .client
        .post(s.url("/account/sign-out-everywhere"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
    assert!(s.client.get(s.url("/")).send().await.unwrap().status().is_redirection(), "signed out");
    let actions: Vec<String> =
        s.app.store().audit_records_from(1).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(
        actions.iter().any(|a| a == "user.password_change") && actions.iter().any(|a| a == "auth.sign_out_everywhere")
    );
    s.stop().await;
});

/// A browser session ends once unused for the configured idle time.
#[tokio::test]
async fn an_idle_session_ends() {
    for db in TestDatabase::all().await {
        let s = start(&db.url, AppConfig { session_idle_minutes: 0, ..AppConfig::default() }).await;
        seed(&s.app).await;
        s.client
            .post(s.url("/sign-in"))
            .form(&[("username", "pol.manager"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        let r = s.client.get(s.url("/")).send().await.unwrap();
        assert!(r.status().is_redirection(), "idle at once: {}", r.status());
        s.stop().await;
        let s = start(&db.url, AppConfig::default()).await;
        s.client
            .post(s.url("/sign-in"))
            .form(&[("username", "pol.manager"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(s.client.get(s.url("/")).send().await.unwrap().status(), StatusCode::OK, "used within 30 minutes");
        s.stop().await;
        db.cleanup().await.unwrap();
    }
}

async fn attempt(s: &TestServer, username: &str, password: &str) -> StatusCode {
    s.client
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

/// Failures from one address slow that address's wrong guesses but never
/// stop another user there (behind a proxy, everyone shares one address).
#[tokio::test]
async fn failures_from_an_address_do_not_stop_another_user_there() {
    for db in TestDatabase::all().await {
        let config = AppConfig { max_failures_per_address: 3, address_pause_max_ms: 50, ..AppConfig::default() };
        let s = start(&db.url, config).await;
        seed(&s.app).await;
        for n in 0..6 {
            assert_eq!(attempt(&s, &format!("nobody{n}"), "wrong-password-here").await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(attempt(&s, "pol.manager", PASSWORD).await, StatusCode::OK);
        s.stop().await;
        db.cleanup().await.unwrap();
    }
}

/// A throttled account's right password works again once the wait has
/// passed, and the wait grows with each further failure.
#[tokio::test]
async fn a_throttled_account_signs_in_again_after_the_wait() {
    for db in TestDatabase::all().await {
        let config = AppConfig { max_failures_per_account: 2, account_delay_seconds: 1, ..AppConfig::default() };
        let s = start(&db.url, config).await;
        seed(&s.app).await;
        for _ in 0..2 {
            assert_eq!(attempt(&s, "pol.reception", "wrong-password-here").await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(attempt(&s, "pol.reception", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(attempt(&s, "pol.reception", PASSWORD).await, StatusCode::OK, "after the wait");
        s.stop().await;
        db.cleanup().await.unwrap();
    }
}

// Attempts made at the same moment count each other: a burst gets no more
// password checks than the allowance.
every_backend!(a_burst_of_attempts_gets_no_more_guesses_than_the_allowance, |s, db| {
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, url) = (s.client.clone(), s.url("/api/v1/auth/token"));
        burst.spawn(async move {
            client
                .post(url)
                .json(&json!({"username": "pol.analyst", "password": "wrong-password-here"}))
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut checked = 0;
    while let Some(status) = burst.join_next().await {
        let status = status.unwrap();
        assert!(status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS, "{status}");
        checked += usize::from(status == StatusCode::UNAUTHORIZED);
    }
    assert!(checked <= 5, "{checked} passwords were checked; the allowance is 5");
    s.stop().await;
});

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

async fn sign_in_with(s: &TestServer, username: &str, code: Option<&str>) -> (StatusCode, Value) {
    let mut body = json!({"username": username, "password": PASSWORD});
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    let r = s.client.post(s.url("/api/v1/auth/token")).json(&body).send().await.unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

/// A time-based second factor (RFC 6238): set up with the password, confirmed
/// by the first sign-in with a code, then asked for at every sign-in; a
/// wrong, an expired and a reused code are each refused and audited; the
/// roles the configuration names must use one.
#[tokio::test]
async fn a_second_factor_is_set_up_then_required_and_bad_codes_are_refused() {
    use mappa_app::second_factor::code_at;
    for db in TestDatabase::all().await {
        let config = AppConfig { second_factor_roles: vec!["auditor".into()], ..AppConfig::default() };
        let s = start(&db.url, config).await;
        seed(&s.app).await;
        // The auditor's role requires one, and they have none yet.
        let (st, e) = sign_in_with(&s, "pol.auditor", None).await;
        assert_eq!(
            (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("second_factor_setup_required"), Some("code"))
        );
        // Setting one up needs the password.
        let setup = |password: &'static str| {
            let s = &s;
            async move {
                let r = s
                    .client
                    .post(s.url("/api/v1/auth/second-factor"))
                    .json(&json!({"username": "pol.auditor", "password": password}))
                    .send()
                    .await
                    .unwrap();
                (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        assert_eq!(setup("not-the-password").await.0, StatusCode::UNAUTHORIZED);
        let (st, started) = setup(PASSWORD).await;
        assert_eq!(st, StatusCode::CREATED, "{started}");
        let secret = started["secret"].as_str().unwrap().to_string();
        assert!(started["otpauth_uri"].as_str().unwrap().contains(&secret));
        let now = unix_now();
        let code = code_at(&secret, now).unwrap();
        let (st, _) = sign_in_with(&s, "pol.auditor", Some(&code)).await;
        assert_eq!(st, StatusCode::OK, "the first code confirms it");
        assert_eq!(setup(PASSWORD).await.0, StatusCode::CONFLICT, "one at a time");
        // From now on it is asked for, and bad codes are refused.
        let expired = code_at(&secret, now - 300).unwrap();
        for (code, reason) in [
            (None, "code_required"),
            (Some("000000"), "code_wrong"),
            (Some(expired.as_str()), "code_expired"),
            (Some(code.as_str()), "code_reused"),
        ] {
            let (st, e) = sign_in_with(&s, "pol.auditor", code).await;
            assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some(reason)), "{code:?}");
        }
        let next = code_at(&secret, now + 30).unwrap();
        assert_eq!(sign_in_with(&s, "pol.auditor", Some(&next)).await.0, StatusCode::OK, "the next step's code");
        let refusals: Vec<String> = s
            .app
            .store()
            .audit_records_from(1)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "auth.second_factor_failed")
            .map(|r| {
                serde_json::from_str::<Value>(r.after.as_deref().unwrap()).unwrap()["reason"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            refusals,
            ["second_factor_setup_required", "code_required", "code_wrong", "code_expired", "code_reused"]
        );
        // Roles not named sign in without one.
        assert_eq!(sign_in_with(&s, "pol.manager", None).await.0, StatusCode::OK);
        // A lost phone: an administrator resets it, and the user sets up another.
        let admin = s.token("pol.admin").await;
        let me = s.get("/api/v1/me", &admin).await.1;
        let users = s.get("/api/v1/users", &admin).await.1;
        let auditor_id =
            users["users"].as_array().unwrap().iter().find(|u| u["username"] == "pol.auditor").unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string();
        assert_ne!(me["user_id"].as_str(), Some(auditor_id.as_str()));
        let (st, _) = s
            .call(
                reqwest::Method::PATCH,
                &format!("/api/v1/users/{auditor_id}"),
                &admin,
                Some(json!({"reset_second_factor": true})),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(sign_in_with(&s, "pol.auditor", None).await.1["error"]["code"], "second_factor_setup_required");
        assert_eq!(setup(PASSWORD).await.0, StatusCode::CREATED);
        // The pages: the set-up page shows the key; the sign-in page names the code field.
        let r = s
            .client
            .post(s.url("/sign-in/second-factor"))
            .form(&[("username", "pol.reception"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().contains("Continue to sign in"));
        let r = s
            .client
            .post(s.url("/sign-in"))
            .form(&[("username", "pol.auditor"), ("password", PASSWORD), ("code", "000000")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("href=\"#code\""));
        s.stop().await;
        db.cleanup().await.unwrap();
    }
}

// The administration pages: the list of accounts, adding one, and changing
// one; administrators only.
every_backend!(administration_pages_add_and_change_accounts, |s, db| {
    let browser = |_: ()| {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    };
    let manager = browser(());
    manager.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(manager.get(s.url("/admin/users")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let admin = browser(());
    admin.post(s.url("/sign-in")).form(&[("username", "pol.admin"), ("password", PASSWORD)]).send().await.unwrap();
    let page = admin.get(s.url("/admin/users")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("pol.reception") && html.contains("href=\"/admin/users\""), "listed, and in the menu");
    let token = csrf_of(&html);
    let r = admin
        .post(s.url("/admin/users"))
        .form(&[("csrf_token", token.as_str()), ("username", "page.user"), ("agency", "POL"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#roles\""), "no role ticked");
    let r = admin
        .post(s.url("/admin/users"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", "page.user"),
            ("display_name", "Page User"),
            ("agency", "POL"),
            ("role-reception", "yes"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let (st, t) = token_for(&s, "page.user", PASSWORD).await;
    assert_eq!(st, StatusCode::OK);
    let id = s.get("/api/v1/me", &t).await.1["user_id"].as_str().unwrap().to_string();
    let form = admin.get(s.url(&format!("/admin/users/{id}"))).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    assert!(form.text().await.unwrap().contains("checked"), "the current roles are ticked");
    let r = admin
        .post(s.url(&format!("/admin/users/{id}")))
        .form(&[("csrf_token", token.as_str()), ("role-reception", "yes"), ("active", "no")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
    assert_eq!(s.get("/api/v1/me", &t).await.0, StatusCode::UNAUTHORIZED, "deactivated at once");
    assert!(admin.get(s.url("/admin/users")).send().await.unwrap().text().await.unwrap().contains("Deactivated"));
    s.stop().await;
});

// The agencies page: administrators list agencies and add one, with the
// error summary for a bad or taken code; nobody else reaches it.
every_backend!(administrators_add_agencies_on_a_page, |s, db| {
    let browser =
        || reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let manager = browser();
    manager.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(manager.get(s.url("/admin/agencies")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let admin = browser();
    admin.post(s.url("/sign-in")).form(&[("username", "pol.admin"), ("password", PASSWORD)]).send().await.unwrap();
    let page = admin.get(s.url("/admin/agencies")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("href=\"/admin/agencies\""), "in the administrator's menu");
    let token = csrf_of(&html);
    let add = |code: &'static str, name: &'static str, kind: &'static str| {
        let form = [("csrf_token", token.clone()), ("code", code.into()), ("name", name.into()), ("kind", kind.into())];
        admin.post(s.url("/admin/agencies")).form(&form).send()
    };
    // Every problem at once, in the error summary; nothing is added.
    let r = add("X", "", "").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for field in ["code", "name", "kind"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field} is in the error summary");
    }
    let r = add("TVP", "Thames Valley Police", "police").await.unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let listed = admin.get(s.url("/admin/agencies")).send().await.unwrap().text().await.unwrap();
    assert!(listed.contains("Thames Valley Police"), "the new agency is listed");
    let r = add("tvp", "Another force", "police").await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("href=\"#code\""), "a taken code is named");
    // The agency takes accounts at once.
    let t = s.token("pol.admin").await;
    let (st, _) = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": "tvp.manager", "agency": "TVP", "roles": ["manager"], "password": PASSWORD}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    s.stop().await;
});
