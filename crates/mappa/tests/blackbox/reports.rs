//! The MAPPA annual report (issue 12; STAT-1..9): a small area built through
//! the API with known dated events, and every cell of every table checked,
//! with the edges of the year, custody on 31 March, a change of level and a
//! move to another area; its files; who may see figures and who people.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn error(v: &Value) -> (&str, &str) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str().unwrap_or(""))
}

async fn created(s: &TestServer, path: &str, t: &str, body: Value) -> Value {
    let (st, v) = s.post(path, t, body).await;
    assert_eq!(st, StatusCode::CREATED, "{path}: {v}");
    v
}

/// A person with a MAPPA category and level from `from`, or no case.
async fn case(s: &TestServer, t: &str, mappa: Option<(i64, i64, &str)>) -> String {
    let id = created(s, "/api/v1/nominals", t, person()).await["id"].as_str().unwrap().to_string();
    if let Some((category, level, from)) = mappa {
        decide(s, t, &id, "category", category, from).await;
        decide(s, t, &id, "level", level, from).await;
    }
    id
}

async fn decide(s: &TestServer, t: &str, id: &str, kind: &str, value: i64, from: &str) {
    let d = json!({"kind": kind, "value": value, "rationale": "Criteria met at the review", "effective_date": from});
    created(s, &format!("/api/v1/nominals/{id}/decisions"), t, d).await;
}

/// A breach of `kind` discovered on `on`, with its outcomes.
async fn breach(
    s: &TestServer,
    t: &str,
    id: &str,
    kind: &str,
    order: Option<&str>,
    on: &str,
    outcomes: &[(&str, &str)],
) {
    let mut body =
        json!({"kind": kind, "description": "Established at a home visit", "discovered_at": format!("{on}T10:00")});
    if let Some(o) = order {
        body["order_id"] = json!(o);
    }
    let b = created(s, &format!("/api/v1/nominals/{id}/breaches"), t, body).await;
    for (kind, date) in outcomes {
        let path = format!("/api/v1/nominals/{id}/breaches/{}/outcomes", b["id"].as_str().unwrap());
        created(s, &path, t, json!({"kind": kind, "date": date})).await;
    }
}

async fn order(s: &TestServer, t: &str, id: &str, kind: &str, made: &str, travel: bool) -> String {
    let mut body = json!({"type": kind, "court": "Thames Magistrates' Court", "made": made, "served": made,
        "terms": [{"kind": "prohibition", "wording": "Not to have unsupervised contact with children"}]});
    if travel {
        body["travel_prohibition"] = json!({"scope": "named_countries", "countries": ["TH"], "ends": "2030-01-01"});
    }
    if kind != "notification_order" {
        body["ends"] = json!("2035-01-01");
    }
    created(s, &format!("/api/v1/nominals/{id}/orders"), t, body).await["id"].as_str().unwrap().to_string()
}

fn values(report: &Value, key: &str) -> Vec<Vec<Value>> {
    let t = report["tables"].as_array().unwrap().iter().find(|t| t["key"] == key).unwrap_or_else(|| panic!("{key}"));
    t["rows"].as_array().unwrap().iter().map(|r| r["values"].as_array().unwrap().clone()).collect()
}

fn n(v: i64) -> Value {
    json!(v)
}

fn dash() -> Value {
    Value::Null
}

every_backend!(the_annual_report_counts_every_table_from_dated_events, |s, db| {
    crate::transfers::two_areas(&s).await;
    let police = s.token("pol.manager").await;
    let coordinator = s.token("prb.coordinator").await;
    let long_ago = "2020-01-06";

    // Category 1 at Level 1: a breach of notification convicted on the first
    // day of the year, an SHPO without and one with a travel restriction.
    let a = case(&s, &police, Some((1, 1, long_ago))).await;
    breach(
        &s,
        &police,
        &a,
        "failure_to_notify",
        None,
        "2025-03-20",
        &[("charge", "2025-03-25"), ("conviction", "2025-04-01")],
    )
    .await;
    order(&s, &police, &a, "shpo", "2025-05-01", false).await;
    // Convicted on the last day; a notification order.
    let b = case(&s, &police, Some((1, 1, long_ago))).await;
    breach(&s, &police, &b, "false_information", None, "2026-03-01", &[("caution", "2026-03-31")]).await;
    order(&s, &police, &b, "shpo", "2025-06-01", true).await;
    order(&s, &police, &b, "notification_order", "2025-07-01", false).await;
    // Convicted the day before the year and the day after: not counted; an
    // SHPO made on the last day of the year before.
    let c = case(&s, &police, Some((1, 1, long_ago))).await;
    breach(&s, &police, &c, "failure_to_notify", None, "2025-03-01", &[("conviction", "2025-03-31")]).await;
    breach(&s, &police, &c, "failure_to_notify", None, "2026-03-01", &[("conviction", "2026-04-01")]).await;
    order(&s, &police, &c, "shpo", "2025-03-31", false).await;
    // Category 2 in custody on 31 March: not in the snapshot.
    let d = case(&s, &police, Some((2, 1, long_ago))).await;
    created(&s, &format!("/api/v1/nominals/{d}/custody-periods"), &police, json!({"from": "2026-03-01"})).await;
    // Category 2 at Level 2, up to Level 3 in September and back in January.
    let e = case(&s, &police, Some((2, 2, long_ago))).await;
    decide(&s, &police, &e, "level", 3, "2025-09-01").await;
    decide(&s, &police, &e, "level", 2, "2026-01-10").await;
    // Category 3 at Level 3 from June: charged with a serious further
    // offence in the year, and the Board commissioned a review.
    let g = case(&s, &police, Some((3, 3, "2025-06-02"))).await;
    created(&s, &format!("/api/v1/nominals/{g}/shares"), &police, json!({"agency": "PRB", "reason": "Level 3 case"}))
        .await;
    let sfo = created(
        &s,
        &format!("/api/v1/nominals/{g}/sfo"),
        &police,
        json!({"charged_on": "2025-10-01", "notified_on": "2025-10-02", "offence": "Wounding with intent"}),
    )
    .await;
    let steps = format!("/api/v1/nominals/{g}/sfo/{}/steps", sfo["id"].as_str().unwrap());
    created(&s, &steps, &police, json!({"stage": "initial_review", "note": "Reviewed"})).await;
    let scr = json!({"stage": "scr_decision", "warranted": true, "note": "Level 3 case", "remit": "Whether MAPPA was applied", "lay_adviser": "Kim Osei", "on": "2025-11-03"});
    created(&s, &steps, &coordinator, scr).await;
    // Category 1 at Level 2, recalled on licence in October.
    let h = case(&s, &police, Some((1, 2, long_ago))).await;
    let licence = format!("/api/v1/nominals/{h}/licence");
    created(&s, &licence, &police, json!({"release_date": "2025-01-06", "led": "2027-01-05", "sed": "2027-01-05"}))
        .await;
    created(
        &s,
        &format!("{licence}/recall"),
        &police,
        json!({"date": "2025-10-01", "type": "standard", "reasons": "Curfew breached"}),
    )
    .await;
    // Outside MAPPA: convicted of breaching a sexual risk order (SRO-8).
    let i = case(&s, &police, None).await;
    let sro = order(&s, &police, &i, "sro", "2024-01-08", false).await;
    breach(&s, &police, &i, "breach_of_order", Some(&sro), "2025-07-10", &[("conviction", "2025-08-01")]).await;
    // Category 1 at Level 2: convicted of breaching an SHPO, back in custody.
    let j = case(&s, &police, Some((1, 2, long_ago))).await;
    let shpo = order(&s, &police, &j, "shpo", "2023-01-09", false).await;
    breach(&s, &police, &j, "breach_of_order", Some(&shpo), "2025-11-01", &[("conviction", "2025-12-01")]).await;
    created(&s, &format!("/api/v1/nominals/{j}/custody-periods"), &police, json!({"from": "2025-12-01"})).await;
    // Category 2 at Level 1, moved to Kent after the year: still London's then.
    let l = case(&s, &police, Some((2, 1, long_ago))).await;
    let t = created(
        &s,
        &format!("/api/v1/nominals/{l}/transfers"),
        &police,
        json!({"to_area": "KNT", "reason": "Moved to Maidstone"}),
    )
    .await;
    let kent = s.token("kpol.manager").await;
    let (st, _) = s.post(&format!("/api/v1/transfers/{}/accept", t["id"].as_str().unwrap()), &kent, json!({})).await;
    assert_eq!(st, StatusCode::OK);
    // The population for the RSOs per 100,000.
    let admin = s.token("pol.admin").await;
    let (st, e2) =
        s.post("/api/v1/area-populations", &police, json!({"year": 2025, "population": 5000, "source": "ONS"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{e2}");
    let (st, e2) =
        s.post("/api/v1/area-populations", &admin, json!({"year": 2025, "population": 0, "source": ""})).await;
    assert_eq!((st, error(&e2).1), (StatusCode::UNPROCESSABLE_ENTITY, "population"));
    created(
        &s,
        "/api/v1/area-populations",
        &admin,
        json!({"year": 2025, "population": 5000, "source": "ONS mid-2025"}),
    )
    .await;

    let (st, report) = s.get("/api/v1/reports/annual?year=2025", &coordinator).await;
    assert_eq!(st, StatusCode::OK, "{report}");
    let titles: Vec<&str> = report["tables"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles[0], "MAPPA-eligible offenders on 31 March 2026");
    assert_eq!(titles[1], "MAPPA-eligible offenders in Levels 2 and 3 by category (yearly total)");
    assert_eq!(titles[2], "RSOs cautioned or convicted for breach of notification requirements");
    assert_eq!(titles[7], "Total number of Registered Sexual Offenders per 100,000 population");
    let first = &report["tables"][0];
    assert_eq!(first["columns"][0], "Category 1: Registered sex offenders");
    assert_eq!(first["columns"][3], "Category 4: Terrorist and terrorist-risk offenders", "STAT-9: from 2023/24");
    let labels: Vec<&str> = first["rows"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Level 1", "Level 2", "Level 3", "Total"]);
    // 31 March 2026: a, b, c and l at Level 1; e and h at Level 2 (h was
    // recalled but no custody is recorded); g at Level 3; d and j in custody.
    assert_eq!(
        values(&report, "eligible-on-31-march"),
        [
            vec![n(3), n(1), dash(), n(0), n(4)],
            vec![n(1), n(1), n(0), n(0), n(2)],
            vec![n(0), n(0), n(1), n(0), n(1)],
            vec![n(4), n(2), n(1), n(0), n(7)],
        ]
    );
    // During the year: e once, at Level 3 (STAT-5 default: people).
    assert_eq!(
        values(&report, "levels-2-and-3-in-year"),
        [vec![n(2), n(0), n(0), n(0), n(2)], vec![n(0), n(1), n(1), n(0), n(2)], vec![n(2), n(1), n(1), n(0), n(4)],]
    );
    assert_eq!(values(&report, "notification-breaches"), [vec![n(2)]]);
    assert_eq!(values(&report, "lifetime-notification-revoked"), [vec![n(0)]]);
    assert_eq!(values(&report, "restrictive-orders"), [vec![n(2)], vec![n(1)], vec![n(1)]]);
    assert_eq!(values(&report, "sro-breaches"), [vec![n(1)]]);
    assert_eq!(
        values(&report, "returns-to-custody"),
        [
            vec![n(1), n(0), n(0), n(0), n(1)],
            vec![n(0), n(0), n(0), n(0), n(0)],
            vec![n(1), n(0), n(0), n(0), n(1)],
            vec![n(1), dash(), dash(), dash(), n(1)],
            vec![n(0), dash(), dash(), dash(), n(0)],
            vec![n(1), dash(), dash(), dash(), n(1)],
        ]
    );
    // Four registered sex offenders in the community per 5,000: 80 per 100,000.
    assert_eq!(values(&report, "rsos-per-100000"), [vec![n(80)]]);
    assert_eq!(
        values(&report, "serious-further-offences"),
        [
            vec![n(0), n(0), dash(), n(0), n(0)],
            vec![n(0), n(0), n(0), n(0), n(0)],
            vec![n(0), n(0), n(1), n(0), n(1)],
            vec![n(0), n(0), n(1), n(0), n(1)],
        ]
    );
    assert_eq!(values(&report, "serious-case-reviews"), [vec![n(1)]]);
    // The year before counts c's conviction and SHPO on its last day, and
    // has no population.
    let (_, before) = s.get("/api/v1/reports/annual?year=2024", &coordinator).await;
    assert_eq!(values(&before, "notification-breaches"), [vec![n(1)]]);
    assert_eq!(values(&before, "restrictive-orders"), [vec![n(1)], vec![n(0)], vec![n(0)]]);
    assert_eq!(values(&before, "rsos-per-100000"), [vec![Value::Null]]);

    // REV-04: indefinite notification discharged on review on 6 April 2026,
    // in the next reporting year.
    let k = crate::reviews::new_person(&s, &police).await;
    let app = crate::reviews::apply(&s, &police, &k).await;
    for body in crate::reviews::stages_to_assessment() {
        assert_eq!(crate::reviews::stage(&s, &police, &k, &app, body).await.0, StatusCode::CREATED);
    }
    let discharge = json!({"stage": "decided", "date": "2026-04-06", "outcome": "discharge", "reasons": "Low risk", "notice_date": "2026-04-07"});
    assert_eq!(crate::reviews::stage(&s, &police, &k, &app, discharge).await.0, StatusCode::CREATED);
    let (_, next) = s.get("/api/v1/reports/annual?year=2026", &coordinator).await;
    assert_eq!(values(&next, "lifetime-notification-revoked"), [vec![n(1)]]);
    let (_, report) = s.get("/api/v1/reports/annual?year=2025", &coordinator).await;
    assert_eq!(values(&report, "lifetime-notification-revoked"), [vec![n(0)]]);

    // A figure opens into its people, for those within reach.
    let (st, cell) =
        s.get("/api/v1/reports/annual/people?year=2025&table=eligible-on-31-march&row=0&column=0", &police).await;
    assert_eq!((st, cell["counted"].as_i64()), (StatusCode::OK, Some(3)), "{cell}");
    let ids: Vec<&str> = cell["people"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    for x in [&a, &b, &c] {
        assert!(ids.contains(&x.as_str()));
    }
    let partner = s.token("hsg.partner").await;
    let (st, cell) =
        s.get("/api/v1/reports/annual/people?year=2025&table=eligible-on-31-march&row=0&column=0", &partner).await;
    assert_eq!(
        (st, cell["counted"].as_i64(), cell["people"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(3), Some(0))
    );
    let (st, _) =
        s.get("/api/v1/reports/annual/people?year=2025&table=eligible-on-31-march&row=0&column=2", &police).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "a \"-\" cell counts nobody");
    // Analysts see the figures, never the people.
    let analyst = s.token("pol.analyst").await;
    assert_eq!(s.get("/api/v1/reports/annual?year=2025", &analyst).await.0, StatusCode::OK);
    let (st, _) =
        s.get("/api/v1/reports/annual/people?year=2025&table=eligible-on-31-march&row=0&column=0", &analyst).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(s.get("/api/v1/reports/annual?year=2025", &s.token("pol.auditor").await).await.0, StatusCode::FORBIDDEN);

    // Bad input names the parameter.
    for (query, expected) in [
        ("", ("required", "year")),
        ("year=17", ("invalid_year", "year")),
        ("year=1999", ("year_too_early", "year")),
        ("year=2031", ("year_not_begun", "year")),
        ("year=2010", ("before_any_data", "year")),
        ("year=2025&area=ZZZ", ("unknown_area", "area")),
        ("year=2025&area=KNT", ("not_your_area", "area")),
    ] {
        let (st, e) = s.get(&format!("/api/v1/reports/annual?{query}"), &coordinator).await;
        assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{query}");
    }
    let (st, e) = s.get("/api/v1/reports/annual/file?year=2025&format=docx", &coordinator).await;
    assert_eq!((st, error(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("unknown_format", "format")));

    // The files.
    let file = |q: &str| {
        let url = s.url(&format!("/api/v1/reports/annual/file?{q}"));
        let c = s.client.clone();
        let t = coordinator.clone();
        async move {
            let r = c.get(url).bearer_auth(t).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
            (disposition, r.bytes().await.unwrap().to_vec())
        }
    };
    let (name, csv) = file("year=2025&format=csv&table=returns-to-custody").await;
    assert!(name.contains("mappa-annual-report-ldn-2025-returns-to-custody.csv"), "{name}");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Breach of SOPO: Level 2,1,-,-,-,1"), "{csv}");
    let (_, xlsx) = file("year=2025&format=xlsx").await;
    assert_eq!(&xlsx[..2], b"PK");
    let (_, pdf) = file("year=2025&format=pdf").await;
    assert_eq!(&pdf[..5], b"%PDF-");

    // Every run is audited with its parameters.
    let audit = s.token("pol.auditor").await;
    let (_, trail) = s.get("/api/v1/audit?action=report_annual.view", &audit).await;
    let runs = trail["events"].as_array().unwrap();
    assert!(runs.len() >= 6, "{trail}");
    assert!(runs.iter().all(|e| e["changed_fields"] == json!(["area", "format", "year"])), "{trail}");

    // The pages: the tables with their figures opening into people, the
    // files, a bad year in the error summary; figures only for analysts.
    let c = signed_in(&s, "prb.coordinator").await;
    let (st, html) = page(&c, &s, "/reports/annual?year=2025").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("<h3 class=\"govuk-heading-m\" id=\"eligible-on-31-march-title\">MAPPA-eligible offenders on 31 March 2026</h3>"), "{html}");
    assert!(html.contains("/reports/annual/people?year=2025&#38;table=eligible-on-31-march&#38;row=0&#38;column=0"));
    assert!(html.contains("format=pdf") && html.contains("format=xlsx"));
    let (st, html) = page(&c, &s, "/reports/annual/people?year=2025&table=levels-2-and-3-in-year&row=1&column=2").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("/people/{g}")) && html.contains("1 counted"), "{html}");
    let (st, html) = page(&c, &s, "/reports/annual?year=1999").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#year\""), "{html}");
    let r = c.get(s.url("/reports/annual/file?year=2025&format=xlsx")).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let analyst = signed_in(&s, "pol.analyst").await;
    let (st, html) = page(&analyst, &s, "/reports/annual?year=2025").await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("MAPPA-eligible offenders on 31 March 2026") && !html.contains("/reports/annual/people"),
        "{html}"
    );
    assert_eq!(
        page(&analyst, &s, "/reports/annual/people?year=2025&table=eligible-on-31-march&row=0&column=0").await.0,
        StatusCode::FORBIDDEN
    );

    // An administrator enters the population.
    let admin = signed_in(&s, "pol.admin").await;
    let (st, html) = page(&admin, &s, "/admin/populations").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("5,000") && html.contains("ONS mid-2025"), "{html}");
    let token = csrf_of(&html);
    let r = admin
        .post(s.url("/admin/populations"))
        .form(&[("csrf_token", token.as_str()), ("year", "2024"), ("population", "lots"), ("source", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("href=\"#population\"") && html.contains("href=\"#source\""), "{html}");
    let r = admin
        .post(s.url("/admin/populations"))
        .form(&[("csrf_token", token.as_str()), ("year", "2024"), ("population", "4,000"), ("source", "ONS mid-2024")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, before) = s.get("/api/v1/reports/annual?year=2024", &coordinator).await;
    assert!(values(&before, "rsos-per-100000")[0][0].is_number());
});
