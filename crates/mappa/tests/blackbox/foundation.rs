//! The foundation: sign-in, tokens, the record, need to know, audit, pages.

use crate::common::*;
use crate::every_backend;
use mappa_store::{Store, VerifyReport};
use reqwest::StatusCode;
use serde_json::{Value, json};

every_backend!(health_and_sign_in, |s, db| {
    assert_eq!(s.client.get(s.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
    let r = s
        .client
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"username": "pol.manager", "password": "wrong password!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "invalid_credentials");
    let r = s
        .client
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"username": "nobody", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "an unknown user looks like a wrong password");
    let t = s.token("pol.manager").await;
    let (st, me) = s.get("/api/v1/me", &t).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(me["agency_code"], "POL");
    let (st, body) = s.get("/api/v1/me", "not-a-token").await;
    assert_eq!((st, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    s.stop().await;
});

every_backend!(failed_sign_ins_are_throttled_per_account, |s, db| {
    for _ in 0..5 {
        let r = s
            .client
            .post(s.url("/api/v1/auth/token"))
            .json(&json!({"username": "pol.reception", "password": "wrong password!"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while the account is throttled.
    let r = s
        .client
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"username": "pol.reception", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "too_many_attempts");
    s.stop().await;
});

every_backend!(tokens_can_be_revoked, |s, db| {
    let t = s.token("pol.manager").await;
    let r = s.client.delete(s.url("/api/v1/auth/token")).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get("/api/v1/me", &t).await.0, StatusCode::UNAUTHORIZED);
    s.stop().await;
});

#[tokio::test]
async fn tokens_expire() {
    let db = TestDatabase::sqlite();
    let s = start(&db.url, AppConfig { token_minutes: 0, ..AppConfig::default() }).await;
    seed(&s.app).await;
    let t = s.token("pol.manager").await;
    assert_eq!(s.get("/api/v1/me", &t).await.0, StatusCode::UNAUTHORIZED);
    s.stop().await;
}

every_backend!(create_read_update, |s, db| {
    let t = s.token("pol.manager").await;
    let (st, created) = s.post("/api/v1/nominals", &t, person()).await;
    assert_eq!(st, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let (st, got) = s.get(&format!("/api/v1/nominals/{id}"), &t).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        (got["surname"].as_str(), got["forenames"].as_str(), got["date_of_birth"].as_str()),
        (Some("Adebayo"), Some("Tobi"), Some("1988-02-29"))
    );
    assert_eq!(got["identifiers"][0]["value"], "AB123456C");
    assert_eq!(got["protected_characteristics"]["religion"], "declined");
    assert_eq!(got["protected_characteristics"]["disability"], "not_asked");
    assert_eq!(got["owning_agency"]["code"], "POL");

    let (st, patched) = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/nominals/{id}"),
            &t,
            Some(json!({"forenames": "Tobias", "protected_characteristics": {"disability": "no"}})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{patched}");
    assert_eq!(patched["forenames"], "Tobias");
    assert_eq!(patched["surname"], "Adebayo");
    assert_eq!(patched["protected_characteristics"]["religion"], "declined");
    assert_eq!(patched["version"], 2);

    // A stale If-Match is refused and changes nothing.
    let r = s
        .client
        .patch(s.url(&format!("/api/v1/nominals/{id}")))
        .bearer_auth(&t)
        .header("If-Match", "\"1\"")
        .json(&json!({"surname": "Stale"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "edited_elsewhere");
    assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &t).await.1["surname"], "Adebayo");

    let (st, found) = s.post("/api/v1/nominals/search", &t, json!({"text": "adebayo"})).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(found["results"].as_array().unwrap().len(), 1);
    let (_, by_nino) = s.post("/api/v1/nominals/search", &t, json!({"text": "ab 12 34 56 c"})).await;
    assert_eq!(by_nino["results"][0]["id"], id.as_str());
    let (_, by_alias) = s.post("/api/v1/nominals/search", &t, json!({"text": "tj"})).await;
    assert_eq!(by_alias["results"][0]["id"], id.as_str());

    let (st, _) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            &t,
            json!({
                "kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                "sentence": {"type": "imprisonment", "term_months": 24}
            }),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, _) = s.post(&format!("/api/v1/nominals/{id}/addresses"), &t, json!({"kind": "home", "line1": "4 Canal Street", "town": "Northborough", "postcode": "n1 1aa", "from": "2020-06-02"})).await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, case) = s
        .post(
            &format!("/api/v1/nominals/{id}/decisions"),
            &t,
            json!({"kind": "category", "value": 1, "rationale": "Subject to notification (CAT-1)"}),
        )
        .await;
    assert_eq!((st, case["category"].as_i64()), (StatusCode::CREATED, Some(1)));
    let (st, case) = s
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/nominals/{id}/mappa"),
            &t,
            Some(json!({"lead_agency": "POL", "owning_area": "London"})),
        )
        .await;
    assert_eq!((st, case["owning_area"].as_str()), (StatusCode::OK, Some("London")));
    let (_, got) = s.get(&format!("/api/v1/nominals/{id}"), &t).await;
    assert_eq!(got["disposals"][0]["sentence"]["term_months"], 24);
    assert_eq!(got["addresses"][0]["postcode"], "N1 1AA");
    assert_eq!(got["mappa"]["category"], 1);
    assert_eq!(got["decisions"][0]["rationale"], "Subject to notification (CAT-1)");
    assert_eq!(got["lead_agency"]["code"], "POL");
    s.stop().await;
});

every_backend!(need_to_know, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/nominals/{id}");
    let housing = s.token("hsg.partner").await;
    let probation = s.token("prb.manager").await;
    let analyst = s.token("pol.analyst").await;
    let reception = s.token("pol.reception").await;

    // Outside reach looks exactly like nothing there.
    let (st, outside) = s.get(&path, &housing).await;
    let (st2, missing) = s.get(&format!("/api/v1/nominals/{}", uuid::Uuid::now_v7()), &housing).await;
    assert_eq!((st, st2), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(outside, missing);
    assert_eq!(s.get("/api/v1/nominals/not-a-uuid", &housing).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.get(&path, &probation).await.0, StatusCode::NOT_FOUND);
    assert!(
        s.post("/api/v1/nominals/search", &housing, json!({"text": "adebayo"})).await.1["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Analysts never see a person's record, not even their own agency's.
    assert_eq!(s.get(&path, &analyst).await.0, StatusCode::NOT_FOUND);
    // Same agency, other case-working role: visible but not editable.
    assert_eq!(s.get(&path, &reception).await.0, StatusCode::OK);
    assert_eq!(
        s.call(reqwest::Method::PATCH, &path, &reception, Some(json!({"surname": "X"}))).await.0,
        StatusCode::FORBIDDEN
    );
    // Another agency cannot share or edit what it cannot see.
    assert_eq!(
        s.post(&format!("{path}/shares"), &probation, json!({"agency": "PRB", "reason": "x"})).await.0,
        StatusCode::NOT_FOUND
    );

    let (st, share) = s
        .post(
            &format!("{path}/shares"),
            &police,
            json!({"agency": "HSG", "reason": "Housing the person: need to know the risk"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, shared) = s.get(&path, &housing).await;
    assert_eq!((st, shared["surname"].as_str()), (StatusCode::OK, Some("Adebayo")));
    assert_eq!(
        s.post("/api/v1/nominals/search", &housing, json!({"text": "adebayo"})).await.1["results"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(s.get(&path, &probation).await.0, StatusCode::NOT_FOUND, "sharing is with one agency only");
    assert_eq!(
        s.call(reqwest::Method::PATCH, &path, &housing, Some(json!({"surname": "X"}))).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.post(&format!("{path}/shares"), &police, json!({"agency": "HSG", "reason": "again"})).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(s.get(&path, &analyst).await.0, StatusCode::NOT_FOUND);

    let share_id = share["id"].as_str().unwrap();
    // The old form, with the reason in the URL, is gone.
    let (st, _) = s
        .call(reqwest::Method::DELETE, &format!("{path}/shares/{share_id}?reason=Tenancy%20ended"), &police, None)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) =
        s.post(&format!("{path}/shares/{share_id}/withdraw"), &police, json!({"reason": "Tenancy ended"})).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(s.get(&path, &housing).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
});

every_backend!(audit_trail_records_reads_and_writes, |s, db| {
    let police = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &police, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/nominals/{id}");
    s.call(reqwest::Method::PATCH, &path, &police, Some(json!({"forenames": "Tobias"}))).await;
    s.post(&format!("{path}/shares"), &police, json!({"agency": "HSG", "reason": "Housing needs to know"})).await;
    let housing = s.token("hsg.partner").await;
    assert_eq!(s.get(&path, &housing).await.0, StatusCode::OK);

    // The partner cannot read the audit trail; the police auditor can.
    assert_eq!(s.get(&format!("{path}/audit"), &housing).await.0, StatusCode::FORBIDDEN);
    let auditor = s.token("pol.auditor").await;
    let (st, trail) = s.get(&format!("{path}/audit"), &auditor).await;
    assert_eq!(st, StatusCode::OK);
    let events: Vec<(String, String, String)> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().into(),
                e["actor_username"].as_str().unwrap().into(),
                e["actor_agency"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("audit.view", "pol.auditor", "POL"),
        // Housing's look before the share was refused (404), and that is kept too.
        ("access.refused", "hsg.partner", "HSG"),
        ("nominal.view", "hsg.partner", "HSG"),
        ("share.create", "pol.manager", "POL"),
        ("nominal.update", "pol.manager", "POL"),
        ("nominal.create", "pol.manager", "POL"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(events, expected);
    let update = &trail["events"][4];
    assert_eq!(update["before"]["forenames"], "Tobi");
    assert_eq!(update["after"]["forenames"], "Tobias");
    assert_eq!(trail["events"][3]["reason"], "Housing needs to know");
    assert!(trail["events"].as_array().unwrap().iter().all(|e| e["at"].as_str().unwrap().ends_with('Z')));
    // The owning agency's manager may read it too; the analyst may not even know it exists.
    assert_eq!(s.get(&format!("{path}/audit"), &police).await.0, StatusCode::OK);
    let analyst = s.token("pol.analyst").await;
    assert_eq!(s.get(&format!("{path}/audit"), &analyst).await.0, StatusCode::NOT_FOUND);
    assert!(matches!(s.app.store().verify_audit_chain(None).await.unwrap(), VerifyReport::Intact { .. }));
    s.stop().await;
});

every_backend!(bad_input_is_refused_and_nothing_is_stored, |s, db| {
    let t = s.token("pol.manager").await;
    // (what, body, status, error code, field)
    type Case<'a> = (&'a str, Vec<u8>, u16, &'a str, Option<&'a str>);
    let cases: Vec<Case> = vec![
        ("malformed JSON", b"{\"surname\": ".to_vec(), 400, "malformed_json", None),
        ("unknown field", serde_json::to_vec(&json!({"surname": "A", "shoe_size": 9})).unwrap(), 400, "unknown_field", Some("shoe_size")),
        ("nested unknown field", serde_json::to_vec(&json!({"physical_description": {"wings": 2}})).unwrap(), 400, "unknown_field", Some("physical_description.wings")),
        ("wrong type", serde_json::to_vec(&json!({"surname": 7})).unwrap(), 422, "invalid_type", Some("surname")),
        ("impossible date", serde_json::to_vec(&json!({"surname": "A", "forenames": "B", "gender": "male", "date_of_birth": "2001-02-29"})).unwrap(), 422, "invalid_date", Some("date_of_birth")),
        ("future date of birth", serde_json::to_vec(&json!({"surname": "A", "forenames": "B", "gender": "male", "date_of_birth": "2999-01-01"})).unwrap(), 422, "date_in_future", Some("date_of_birth")),
        ("overlong surname", serde_json::to_vec(&json!({"surname": "A".repeat(101), "forenames": "B", "gender": "male", "date_of_birth": "2001-01-01"})).unwrap(), 422, "too_long", Some("surname")),
        ("bad identifier", serde_json::to_vec(&json!({"surname": "A", "forenames": "B", "gender": "male", "date_of_birth": "2001-01-01", "identifiers": [{"kind": "pnc", "value": "2001/0000001Z"}]})).unwrap(), 422, "invalid_identifier", Some("identifiers[0].value")),
        ("missing everything", b"{}".to_vec(), 422, "required", Some("surname")),
    ];
    for (what, body, status, code, field) in cases {
        let r = s
            .client
            .post(s.url("/api/v1/nominals"))
            .bearer_auth(&t)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{what}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], code, "{what}: {e}");
        assert_eq!(e["error"]["field"].as_str(), field, "{what}: {e}");
        assert!(!e["error"]["message"].as_str().unwrap().is_empty());
    }
    let r = s.client.post(s.url("/api/v1/nominals")).bearer_auth(&t).body("surname=A").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(s.app.store().count_nominals().await.unwrap(), 0, "nothing was stored");

    // A bad update leaves the record as it was.
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let path = format!("/api/v1/nominals/{}", created["id"].as_str().unwrap());
    let (st, e) = s
        .call(reqwest::Method::PATCH, &path, &t, Some(json!({"surname": "Changed", "date_of_birth": "1990-13-01"})))
        .await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("date_of_birth")));
    let (_, got) = s.get(&path, &t).await;
    assert_eq!((got["surname"].as_str(), got["version"].as_i64()), (Some("Adebayo"), Some(1)));
    let (st, e) = s
        .post(
            &format!("{path}/disposals"),
            &t,
            json!({"kind": "caution", "date": "2019-03-04", "sentence": {"type": "imprisonment", "term_months": 6}}),
        )
        .await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("caution_with_sentence")));
    let (st, e) =
        s.post(&format!("{path}/decisions"), &t, json!({"kind": "level", "value": 7, "rationale": "x"})).await;
    assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("value")));
    let (st, e) = s.post(&format!("{path}/shares"), &t, json!({"agency": "NOPE", "reason": "x"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_agency")));
    assert_eq!(s.get(&path, &t).await.1["version"], 1, "no refused write changed the record");
    s.stop().await;
});

every_backend!(data_survives_a_restart, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    s.stop().await;
    let s = start(&db.url, AppConfig::default()).await;
    let t = s.token("pol.manager").await;
    let (st, got) = s.get(&format!("/api/v1/nominals/{id}"), &t).await;
    assert_eq!((st, got["surname"].as_str()), (StatusCode::OK, Some("Adebayo")));
    s.stop().await;
});

every_backend!(pages_sign_in_and_refuse_forgery, |s, db| {
    let r = s.client.get(s.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/sign-in");
    let page = s.client.get(s.url("/sign-in")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let bad = s
        .client
        .post(s.url("/sign-in"))
        .form(&[("username", "pol.manager"), ("password", "nope nope nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    assert!(bad.text().await.unwrap().contains("Enter a correct username and password"));
    let cross = s
        .client
        .post(s.url("/sign-in"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("username", "pol.manager"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let ok = s
        .client
        .post(s.url("/sign-in"))
        .form(&[("username", "pol.manager"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let home = s.client.get(s.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("My caseload"));
    // A form without the session's token is refused and stores nothing.
    let forged = s
        .client
        .post(s.url("/people/new"))
        .form(&[
            ("surname", "Forged"),
            ("forenames", "A"),
            ("gender", "male"),
            ("date_of_birth-day", "1"),
            ("date_of_birth-month", "1"),
            ("date_of_birth-year", "1990"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.app.store().count_nominals().await.unwrap(), 0);
    s.stop().await;
});

/// `mappa audit verify` from the command line: intact, then tampered.
#[tokio::test]
async fn audit_verify_names_the_first_tampered_record() {
    for db in TestDatabase::all().await {
        let s = start(&db.url, AppConfig::default()).await;
        seed(&s.app).await;
        let t = s.token("pol.manager").await;
        s.post("/api/v1/nominals", &t, person()).await;
        s.stop().await;
        let keys = tempfile::tempdir().unwrap();
        let key = mappa_store::testing::audit_key_file(keys.path());
        let verify = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_mappa"))
                .args(["audit", "verify", "--database-url", &db.url])
                .env("MAPPA_AUDIT_KEY_FILE", &key)
                .output()
                .unwrap()
        };
        let out = verify();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("intact"));
        // Someone with database rights removes the guard and edits record 3.
        let store = Store::open(&db.url).await.unwrap();
        let drop = if store.backend() == mappa_store::Backend::Sqlite {
            "DROP TRIGGER audit_events_no_update"
        } else {
            "DROP TRIGGER audit_events_no_update ON audit_events"
        };
        store.execute_raw(drop).await.unwrap();
        store.execute_raw("UPDATE audit_events SET actor_username = 'someone-else' WHERE seq = 3").await.unwrap();
        store.close().await;
        let out = verify();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("audit record 3 "), "{err}");
        db.cleanup().await.unwrap();
    }
}

/// What anyone who reads this project's code could compute without the key:
/// SHA-256 over the record's length-prefixed fields, as the chain was once
/// hashed.
fn plain_sha_256(r: &mappa_domain::audit::AuditRecord) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let seq = r.seq.to_string();
    for f in [
        Some(seq.as_str()),
        Some(&r.id),
        Some(&r.at),
        r.actor_user_id.as_deref(),
        Some(&r.actor_username),
        r.actor_agency.as_deref(),
        Some(&r.action),
        Some(&r.entity_type),
        r.entity_id.as_deref(),
        r.nominal_id.as_deref(),
        r.before.as_deref(),
        r.after.as_deref(),
        r.reason.as_deref(),
        Some(&r.prev_hash),
    ] {
        match f {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    hex::encode(h.finalize())
}

/// Someone with full rights over the database but not the audit key: an edit
/// recomputed down the chain with plain SHA-256 is caught at the record
/// edited, and once an anchor is kept elsewhere, cutting the chain short is
/// caught too, even with the head set back to match.
#[tokio::test]
async fn the_database_administrator_cannot_rewrite_or_cut_the_audit_chain() {
    for db in TestDatabase::all().await {
        let s = start(&db.url, AppConfig::default()).await;
        seed(&s.app).await;
        let t = s.token("pol.manager").await;
        for surname in ["Able", "Baker", "Carter"] {
            let mut p = person();
            p["surname"] = json!(surname);
            s.post("/api/v1/nominals", &t, p).await;
        }
        s.stop().await;
        let keys = tempfile::tempdir().unwrap();
        let key = mappa_store::testing::audit_key_file(keys.path());
        let mappa = |args: &[&str]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_mappa"))
                .args(args)
                .env("MAPPA_AUDIT_KEY_FILE", &key)
                .output()
                .unwrap()
        };
        let anchor = mappa(&["audit", "anchor", "--database-url", &db.url]);
        assert!(anchor.status.success(), "{}", String::from_utf8_lossy(&anchor.stderr));
        let anchor_file = keys.path().join("anchor.json");
        std::fs::write(&anchor_file, &anchor.stdout).unwrap();
        let anchored: Value = serde_json::from_slice(&anchor.stdout).unwrap();
        let head = anchored["seq"].as_i64().unwrap();
        assert!(head > 6, "{anchored}");
        let verify = |with_anchor: bool| {
            let mut args = vec!["audit", "verify", "--database-url", db.url.as_str()];
            if with_anchor {
                args.extend(["--anchor", anchor_file.to_str().unwrap()]);
            }
            mappa(&args)
        };
        let out = verify(true);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

        let store = Store::open(&db.url).await.unwrap();
        let sqlite = store.backend() == mappa_store::Backend::Sqlite;
        let guards: &[&str] = if sqlite {
            &["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"]
        } else {
            &["DROP TRIGGER audit_events_no_update ON audit_events"]
        };
        for drop in guards {
            store.execute_raw(drop).await.unwrap();
        }
        // Cut the last two records and set the head back to match: without
        // an anchor the shortened chain looks whole; the anchor catches it.
        let last_two = head - 1;
        store.execute_raw(&format!("DELETE FROM audit_events WHERE seq >= {last_two}")).await.unwrap();
        store
            .execute_raw(&format!(
                "UPDATE audit_chain_head SET seq = {}, last_hash = (SELECT hash FROM audit_events WHERE seq = {}) WHERE id = 1",
                last_two - 1,
                last_two - 1
            ))
            .await
            .unwrap();
        assert!(verify(false).status.success(), "a cut chain with its head set back is consistent in itself");
        let out = verify(true);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("cut short"), "{}", String::from_utf8_lossy(&out.stderr));

        // Edit record 4 and recompute plain SHA-256 hashes from there to the head.
        store.execute_raw("UPDATE audit_events SET actor_username = 'someone-else' WHERE seq = 4").await.unwrap();
        let rows = store.audit_records_from(4).await.unwrap();
        let mut prev = store.audit_records_from(3).await.unwrap()[0].hash.clone();
        for mut r in rows {
            r.prev_hash = prev.clone();
            r.hash = plain_sha_256(&r);
            store
                .execute_raw(&format!(
                    "UPDATE audit_events SET prev_hash = '{}', hash = '{}' WHERE seq = {}",
                    r.prev_hash, r.hash, r.seq
                ))
                .await
                .unwrap();
            prev = r.hash;
        }
        store.execute_raw(&format!("UPDATE audit_chain_head SET last_hash = '{prev}' WHERE id = 1")).await.unwrap();
        store.close().await;
        let out = verify(false);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("audit record 4 "), "{err}");
        db.cleanup().await.unwrap();
    }
}

/// PostgreSQL: the server runs as a role granted by `mappa database
/// grant-server-role`; it works as usual, but it cannot change, remove or
/// unguard audit records.
#[tokio::test]
async fn on_postgresql_the_server_role_only_reads_and_adds_audit_records() {
    let Some(db) = TestDatabase::postgres().await else { return };
    let s = start(&db.url, AppConfig::default()).await;
    seed(&s.app).await;
    s.stop().await;
    let role = format!("mappa_srv_{}", uuid::Uuid::now_v7().simple());
    let owner = Store::open(&db.url).await.unwrap();
    owner.execute_raw(&format!("CREATE ROLE {role} LOGIN")).await.unwrap();
    owner.close().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mappa"))
        .args(["database", "grant-server-role", "--database-url", &db.url, "--role", &role])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (scheme_user, rest) = db.url.split_once('@').unwrap();
    let (scheme, _) = scheme_user.rsplit_once('/').unwrap();
    let as_server = format!("{scheme}/{role}@{rest}");

    // The server starts as that role (nothing to migrate) and works.
    let s = start(&as_server, AppConfig::default()).await;
    let t = s.token("pol.manager").await;
    let (st, created) = s.post("/api/v1/nominals", &t, person()).await;
    assert_eq!(st, StatusCode::CREATED, "{created}");
    s.stop().await;
    // But the audit trail only grows.
    let server = Store::open(&as_server).await.unwrap();
    for sql in [
        "UPDATE audit_events SET reason = 'cover-up' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
        "TRUNCATE audit_events",
        "DROP TRIGGER audit_events_no_update ON audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER ALL",
    ] {
        let e = server.execute_raw(sql).await.expect_err(sql).to_string();
        assert!(e.contains("permission denied") || e.contains("must be owner"), "{sql}: {e}");
    }
    server.close().await;
    let base = std::env::var("MAPPA_TEST_POSTGRES_URL").unwrap();
    db.cleanup().await.unwrap();
    let admin = Store::open(&base).await.unwrap();
    admin.execute_raw(&format!("DROP ROLE {role}")).await.unwrap();
    admin.close().await;
}

// Searches carry their text in the body, never in a URL, and each leaves an
// audit record with its text and the records it returned (issue 8, point 6;
// point 2 for searches).
every_backend!(searches_send_their_text_in_the_body_and_are_audited, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    // The old form, with the name in the URL, is gone.
    let r = s.client.get(s.url("/api/v1/nominals?q=adebayo")).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let (st, e) = s.post("/api/v1/nominals/search", &t, json!({"text": "  "})).await;
    assert_eq!(
        (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text"), Some("required"))
    );
    let (st, e) = s.post("/api/v1/nominals/search", &t, json!({"q": "adebayo"})).await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("unknown_field")));
    let (st, found) = s.post("/api/v1/nominals/search", &t, json!({"text": "adeb"})).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(found["results"][0]["id"], id.as_str());
    // The audit trail has the search, its text and what it returned.
    let searches: Vec<_> = s
        .app
        .store()
        .audit_records_from(1)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "nominal.search")
        .collect();
    assert_eq!(searches.len(), 1);
    let after: Value = serde_json::from_str(searches[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(after, json!({"text": "adeb", "results": [id]}));
    assert_eq!(searches[0].actor_username, "pol.manager");
    // The page posts its form; the results page's address carries no text.
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let form = s.client.get(s.url("/people/search")).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("method=\"post\" action=\"/people/search\""), "{form}");
    let token = csrf_of(&form);
    let r = s
        .client
        .post(s.url("/people/search"))
        .form(&[("csrf_token", token.as_str()), ("text", "adebayo")])
        .send()
        .await
        .unwrap();
    assert_eq!((r.status(), r.url().query()), (StatusCode::OK, None));
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("/people/{id}")), "{html}");
    let r = s
        .client
        .post(s.url("/people/search"))
        .form(&[("csrf_token", token.as_str()), ("text", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#text\""), "{html}");
    // Without the form token the search is refused.
    let r = s.client.post(s.url("/people/search")).form(&[("text", "adebayo")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    s.stop().await;
});

// The auditor's view across agencies: who, when, which action, which record
// and which fields changed, but the values only for records within the
// auditor's own agency's reach (issue 8, point 4).
every_backend!(auditors_see_every_agency_s_trail_but_values_only_within_reach, |s, db| {
    let police = s.token("pol.manager").await;
    let probation = s.token("prb.manager").await;
    let auditor = s.token("pol.auditor").await;
    let create = |token: String, surname: &'static str| {
        let s = &s;
        async move {
            let mut p = person();
            p["surname"] = json!(surname);
            let (_, created) = s.post("/api/v1/nominals", &token, p).await;
            let id = created["id"].as_str().unwrap().to_string();
            let (st, _) = s
                .call(
                    reqwest::Method::PATCH,
                    &format!("/api/v1/nominals/{id}"),
                    &token,
                    Some(json!({"forenames": "Changed"})),
                )
                .await;
            assert_eq!(st, StatusCode::OK);
            id
        }
    };
    let ours = create(police.clone(), "Ours").await;
    let theirs = create(probation.clone(), "Theirs").await;

    let update_of = |events: &Value| {
        events["events"].as_array().unwrap().iter().find(|e| e["action"] == "nominal.update").cloned().unwrap()
    };
    let (st, mine) = s.get(&format!("/api/v1/audit?nominal={ours}"), &auditor).await;
    assert_eq!(st, StatusCode::OK, "{mine}");
    let u = update_of(&mine);
    assert_eq!((u["values_hidden"].as_bool(), u["after"]["forenames"].as_str()), (Some(false), Some("Changed")));
    assert_eq!((u["actor"].as_str(), u["nominal_id"].as_str()), (Some("pol.manager"), Some(ours.as_str())));
    let (_, other) = s.get(&format!("/api/v1/audit?nominal={theirs}"), &auditor).await;
    let u = update_of(&other);
    assert_eq!(u["values_hidden"], true);
    assert_eq!((u["before"].clone(), u["after"].clone(), u["reason"].clone()), (Value::Null, Value::Null, Value::Null));
    assert!(u["changed_fields"].as_array().unwrap().iter().any(|f| f == "forenames"), "{u}");
    assert!(!other.to_string().contains("Theirs") && !other.to_string().contains("Changed"), "no values leak: {other}");
    // A record's own trail hides them the same way.
    let (st, trail) = s.get(&format!("/api/v1/nominals/{theirs}/audit"), &auditor).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!trail.to_string().contains("Changed"), "{trail}");
    // What one user did, by action and day.
    let today = s.app.today();
    let (_, by) = s
        .get(&format!("/api/v1/audit?actor=PRB.MANAGER&action=nominal.update&from={today}&to={today}"), &auditor)
        .await;
    let got: Vec<(&str, &str)> = by["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["actor"].as_str().unwrap(), e["nominal_id"].as_str().unwrap()))
        .collect();
    assert_eq!(got, vec![("prb.manager", theirs.as_str())]);
    let yesterday = today.yesterday().unwrap();
    assert!(
        s.get(&format!("/api/v1/audit?actor=prb.manager&to={yesterday}"), &auditor).await.1["events"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Bad filters name the field; only auditors may ask.
    for (q, field, code) in [
        ("nominal=not-an-id", "nominal", "invalid_id"),
        ("from=2026-02-30", "from", "invalid_date"),
        ("from=2026-03-02&to=2026-03-01", "to", "before_start"),
    ] {
        let (st, e) = s.get(&format!("/api/v1/audit?{q}"), &auditor).await;
        assert_eq!(
            (st, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), Some(code)),
            "{q}"
        );
    }
    assert_eq!(s.get("/api/v1/audit?colour=red", &auditor).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(s.get("/api/v1/audit", &police).await.0, StatusCode::FORBIDDEN);
    // The auditor's searches are audited too.
    let searches =
        s.app.store().audit_records_from(1).await.unwrap().into_iter().filter(|r| r.action == "audit.search").count();
    assert!(searches >= 4, "{searches}");
    // The page.
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.auditor"), ("password", PASSWORD)]).send().await.unwrap();
    let page = s.client.get(s.url("/audit")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("href=\"/audit\""), "the menu offers it to auditors");
    let page = s.client.get(s.url(&format!("/audit?searched=yes&nominal={theirs}"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Details changed") && html.contains("forenames") && !html.contains("Changed</"), "{html}");
    let page = s.client.get(s.url("/audit?searched=yes&from-day=30&from-month=2&from-year=2026")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().await.unwrap().contains("href=\"#from-day\""));
    s.stop().await;
});

every_backend!(rules_what_if_calculator, |s, db| {
    let facts = json!({"as_of": "2025-01-15", "date_of_birth": "1990-05-01",
        "disposals": [{"id": "d1", "kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                       "sentence": {"type": "imprisonment", "term_months": 24}}],
        "custody": [{"from": "2019-03-04", "to": "2020-06-01"}],
        "notifications": [{"date": "2020-06-02", "kind": "initial"}]});
    assert_eq!(s.post("/api/v1/rules/assess", "no-token", facts.clone()).await.0, StatusCode::UNAUTHORIZED);
    // Any signed-in user may use it, even one who never sees a person's record.
    let t = s.token("pol.analyst").await;
    let (st, a) = s.post("/api/v1/rules/assess", &t, facts).await;
    assert_eq!(st, StatusCode::OK, "{a}");
    assert_eq!(a["notification"]["periods"][0]["length"], "P10Y");
    assert_eq!(a["notification"]["initial_due"], "2020-06-03");
    assert!(a["notification"]["explanation"].as_array().unwrap().iter().any(|e| e["rule"] == "NOTIF-10"));
    let (st, e) = s
        .post("/api/v1/rules/assess", &t, json!({"as_of": "2025-01-15", "date_of_birth": "1990-05-01", "shoe_size": 9}))
        .await;
    assert_eq!(
        (st, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unknown_field"), Some("shoe_size"))
    );
    let (st, e) = s.post("/api/v1/rules/assess", &t, json!({"as_of": "2025-01-15", "date_of_birth": "1990-05-01",
        "disposals": [{"id": "d1", "kind": "caution", "date": "2019-03-04", "sentence": {"type": "imprisonment", "term_months": 6}}]})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["error"]["field"].as_str().unwrap().starts_with("disposals[0]"), "{e}");
    let huge = format!("{{\"as_of\": \"2025-01-15\", \"pad\": \"{}\"}}", "x".repeat(300 * 1024));
    let r = s
        .client
        .post(s.url("/api/v1/rules/assess"))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "body_too_large");
    assert_eq!(s.app.store().count_nominals().await.unwrap(), 0, "nothing stored");
    s.stop().await;
});

every_backend!(rules_calculator_page, |s, db| {
    let ok = s
        .client
        .post(s.url("/sign-in"))
        .form(&[("username", "pol.analyst"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let form = s.client.get(s.url("/rules")).send().await.unwrap().text().await.unwrap();
    let token = csrf_of(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("as_of-day", "15"),
        ("as_of-month", "1"),
        ("as_of-year", "2025"),
        ("date_of_birth-day", "1"),
        ("date_of_birth-month", "5"),
        ("date_of_birth-year", "1990"),
        ("disposals-0-kind", "conviction"),
        ("disposals-0-date-day", "4"),
        ("disposals-0-date-month", "3"),
        ("disposals-0-date-year", "2019"),
        ("disposals-0-schedule_3", "yes"),
        ("disposals-0-sentence_type", "imprisonment"),
        ("disposals-0-term_months", "24"),
        ("custody-0-from-day", "4"),
        ("custody-0-from-month", "3"),
        ("custody-0-from-year", "2019"),
        ("custody-0-to-day", "1"),
        ("custody-0-to-month", "6"),
        ("custody-0-to-year", "2020"),
        ("notifications-0-date-day", "2"),
        ("notifications-0-date-month", "6"),
        ("notifications-0-date-year", "2020"),
        ("notifications-0-kind", "initial"),
    ];
    let r = s.client.post(s.url("/rules")).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    for expected in ["3 March 2029", "3 June 2020", "2 June 2021", "NOTIF-10", "Sexual Offences Act 2003, s.83(1)"] {
        assert!(html.contains(expected), "the answer shows {expected}");
    }
    // A wrong value comes back with the GOV.UK error summary, linked to its field.
    let mut bad = fields.to_vec();
    bad.push(("disposals-1-kind", "caution"));
    bad.push(("disposals-1-term_months", "six"));
    let r = s.client.post(s.url("/rules")).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#disposals-1-term_months\""), "{html}");
    s.stop().await;
});

every_backend!(record_forms_in_pages, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    s.client.post(s.url("/sign-in")).form(&[("username", "pol.manager"), ("password", PASSWORD)]).send().await.unwrap();
    let form = s.client.get(s.url(&format!("/people/{id}/disposals/new"))).send().await.unwrap().text().await.unwrap();
    let token = csrf_of(&form);
    let bad = [
        ("csrf_token", token.as_str()),
        ("kind", "caution"),
        ("date-day", "4"),
        ("date-month", "3"),
        ("date-year", "2019"),
        ("sentence_type", "imprisonment"),
        ("term_months", "x"),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/disposals/new"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#term_months\""));
    let good = [
        ("csrf_token", token.as_str()),
        ("kind", "conviction"),
        ("date-day", "4"),
        ("date-month", "3"),
        ("date-year", "2019"),
        ("sentence_type", "imprisonment"),
        ("term_months", "24"),
        ("offences-0-description", "Sexual assault (Sexual Offences Act 2003, s.3)"),
        ("offences-0-schedule_3", "yes"),
    ];
    let r = s.client.post(s.url(&format!("/people/{id}/disposals/new"))).form(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let case =
        [("csrf_token", token.as_str()), ("lead_agency", "POL"), ("owning_area", "London"), ("status", "in_custody")];
    let r = s.client.post(s.url(&format!("/people/{id}/mappa/edit"))).form(&case).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, got) = s.get(&format!("/api/v1/nominals/{id}"), &t).await;
    assert_eq!(got["disposals"][0]["schedule_3"], true);
    assert_eq!(got["disposals"][0]["offences"][0]["description"], "Sexual assault (Sexual Offences Act 2003, s.3)");
    assert_eq!(
        (got["mappa"]["status"].as_str(), got["lead_agency"]["code"].as_str()),
        (Some("in_custody"), Some("POL"))
    );
    let page = s.client.get(s.url(&format!("/people/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("In custody"));
    let page = s.client.get(s.url(&format!("/people/{id}/convictions"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sch 3"));
    // A reception officer may read the record but not open its edit form; the
    // refusal comes before the read, so it leaves a refusal, not a "viewed"
    // entry, behind.
    let reception =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    reception
        .post(s.url("/sign-in"))
        .form(&[("username", "pol.reception"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let views_before = s.app.store().audit_for_nominal(&granted(id.parse().unwrap()), 100).await.unwrap().len();
    let r = reception.get(s.url(&format!("/people/{id}/edit"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let after = s.app.store().audit_for_nominal(&granted(id.parse().unwrap()), 100).await.unwrap();
    assert_eq!(after.len(), views_before + 1);
    assert_eq!((after[0].action.as_str(), after[0].actor_username.as_str()), ("access.refused", "pol.reception"));
    s.stop().await;
});

// Issue 9, point 5: a date of birth is found as people type it, alone or
// with a name, and narrows a name to the right person.
every_backend!(search_reads_dates_of_birth_as_people_type_them, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, first) = s.post("/api/v1/nominals", &t, person()).await;
    let mut other = person();
    other["date_of_birth"] = json!("1990-05-01");
    other["identifiers"] = json!([]);
    let (_, second) = s.post("/api/v1/nominals", &t, other).await;
    let found = |text: &'static str| {
        let (s, t) = (&s, &t);
        async move {
            let (st, v) = s.post("/api/v1/nominals/search", t, json!({ "text": text })).await;
            assert_eq!(st, StatusCode::OK, "{v}");
            v["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    let (a, b) = (first["id"].as_str().unwrap().to_string(), second["id"].as_str().unwrap().to_string());
    assert_eq!(found("adebayo").await.len(), 2);
    for text in ["29 February 1988", "29 Feb 1988", "29/2/1988", "29.02.1988", "1988-02-29", "Adebayo 29/02/1988"] {
        assert_eq!(found(text).await, vec![a.clone()], "{text}");
    }
    assert_eq!(found("Tobi Adebayo, 1 May 1990").await, vec![b.clone()]);
    assert!(found("Adebayo 2 May 1990").await.is_empty(), "the name and the date must both match");
    s.stop().await;
});

// Issue 9, point 7: a deep link survives sign-in, and only to this service.
every_backend!(a_deep_link_survives_sign_in, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let path = format!("/people/{}/risk", created["id"].as_str().unwrap());
    let browser =
        || reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let c = browser();
    let r = c.get(s.url(&path)).send().await.unwrap();
    assert!(r.status().is_redirection());
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("/sign-in?next={}", path.replace('/', "%2F")));
    let page = c.get(s.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("name=\"next\" value=\"{path}\"")), "{page}");
    let form = [("username", "pol.manager"), ("password", PASSWORD), ("next", path.as_str())];
    let r = c.post(s.url("/sign-in")).form(&form).send().await.unwrap();
    assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, path.as_str()));
    assert_eq!(c.get(s.url(&path)).send().await.unwrap().status(), StatusCode::OK);
    // Never to another site.
    for next in ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
        let form = [("username", "pol.manager"), ("password", PASSWORD), ("next", next)];
        let r = browser().post(s.url("/sign-in")).form(&form).send().await.unwrap();
        assert_eq!(r.headers()["location"].to_str().unwrap(), "/", "{next}");
    }
    s.stop().await;
});

// Issue 9, point 7: the history shows the changes apart from the views, a
// page at a time with a count, with people's and agencies' names and dates
// written out, never usernames, agency codes or timestamps.
every_backend!(the_history_shows_changes_apart_from_views_a_page_at_a_time, |s, db| {
    s.app.add_user("pol.named", Some("Nadia Okoro"), "POL", &["manager".to_string()], PASSWORD).await.unwrap();
    let t = s.token("pol.named").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    for _ in 0..55 {
        assert_eq!(s.get(&format!("/api/v1/nominals/{id}"), &t).await.0, StatusCode::OK);
    }
    let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
    c.post(s.url("/sign-in")).form(&[("username", "pol.named"), ("password", PASSWORD)]).send().await.unwrap();
    let history = |query: &'static str| {
        let (c, url) = (c.clone(), s.url(&format!("/people/{id}/history{query}")));
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let changes = history("").await;
    assert!(changes.contains("Record created") && !changes.contains("Record viewed"), "{changes}");
    assert!(changes.contains("Showing 1 to 1 of 1 (changes)."), "{changes}");
    assert!(changes.contains(">Police<") && !changes.contains(">POL<"), "the agency by name");
    assert!(changes.contains(">Nadia Okoro<") && !changes.contains("pol.named<"), "the name, not the username");
    let today = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/London").unwrap());
    assert!(changes.contains(&today.strftime("%-d %B %Y at ").to_string()), "{changes}");
    let views = history("?show=views").await;
    assert!(views.contains("Record viewed") && views.contains("Showing 1 to 50 of"), "{views}");
    assert!(views.contains("rel=\"next\"") && !views.contains("rel=\"prev\""));
    let second = history("?show=views&offset=50").await;
    assert!(second.contains("Showing 51 to") && second.contains("rel=\"prev\""), "{second}");
    s.stop().await;
});

// Issue 9, point 2: every successful form is confirmed on the next page by
// a GOV.UK success banner saying what was done, shown once.
every_backend!(a_successful_action_is_confirmed_once_on_the_next_page, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let c = signed_in(&s, "pol.manager").await;
    let (_, form) = page(&c, &s, &format!("/people/{id}/addresses/new")).await;
    let fields = [
        ("csrf_token", csrf_of(&form)),
        ("kind", "home".into()),
        ("line1", "1 Synthetic Row".into()),
        ("postcode", "N1 1AA".into()),
        ("from-day", "1".into()),
        ("from-month", "6".into()),
        ("from-year", "2024".into()),
    ];
    let r = c.post(s.url(&format!("/people/{id}/addresses/new"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, record) = page(&c, &s, &format!("/people/{id}")).await;
    assert!(record.contains("govuk-notification-banner--success") && record.contains("Address added"), "{record}");
    let (_, again) = page(&c, &s, &format!("/people/{id}")).await;
    assert!(!again.contains("govuk-notification-banner--success"), "shown once");
    s.stop().await;
});

/// The visible text of a page (tags and what is inside script and style left out).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `text` holds a date written as `YYYY-MM-DD`.
fn has_iso_date(text: &str) -> bool {
    text.as_bytes()
        .windows(10)
        .any(|w| w.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() }))
}

// Issue 9, point 2: dates in tables as people write them, and agencies by
// name, on the record and in lists.
every_backend!(tables_write_dates_out_and_name_agencies, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let address = json!({"kind": "home", "line1": "4 Canal Street", "postcode": "N1 1AA", "from": "2024-06-01"});
    assert_eq!(s.post(&format!("/api/v1/nominals/{id}/addresses"), &t, address).await.0, StatusCode::CREATED);
    let disposal = json!({"kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                          "sentence": {"type": "imprisonment", "term_months": 24}});
    assert_eq!(s.post(&format!("/api/v1/nominals/{id}/disposals"), &t, disposal).await.0, StatusCode::CREATED);
    let c = signed_in(&s, "pol.manager").await;
    for (part, want) in [("/details", "1 June 2024"), ("/convictions", "4 March 2019"), ("", "29 February 1988")] {
        let (_, record) = page(&c, &s, &format!("/people/{id}{part}")).await;
        let text = visible_text(&record);
        assert!(text.contains(want), "{text}");
        assert!(!has_iso_date(&text), "{text}");
    }
    let (_, home) = page(&c, &s, "/").await;
    let text = visible_text(&home);
    assert!(text.contains("29 February 1988") && !has_iso_date(&text), "{text}");
    assert!(text.contains("Police") && !text.contains(" POL "), "{text}");
    s.stop().await;
});
