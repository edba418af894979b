//! Forms that fit the task (issue 9, point 5): "add another" for repeating
//! items without JavaScript, countries and agencies chosen from a list that
//! JavaScript turns into GOV.UK's accessible autocomplete, and countries
//! written as people write them.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::json;

async fn post_form(c: &reqwest::Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = c.post(s.url(path)).form(form).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

every_backend!(add_another_brings_the_form_back_one_row_longer_and_saves_nothing, |s, db| {
    let t = s.token("pol.manager").await;
    let c = signed_in(&s, "pol.manager").await;
    let (_, form) = page(&c, &s, "/people/new").await;
    assert!(form.contains("Add another name") && form.contains("Add another identifier"));
    assert!(
        form.contains("name=\"other_names-0-name\"") && !form.contains("name=\"other_names-1-name\""),
        "one row to start"
    );
    let csrf = csrf_of(&form);
    let (st, again) = post_form(
        &c,
        &s,
        "/people/new",
        &[
            ("csrf_token", &csrf),
            ("surname", "Addanother"),
            ("other_names-0-kind", "alias"),
            ("other_names-0-name", "Jonny"),
            ("add", "other_names"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(again.contains("name=\"other_names-1-name\"") && !again.contains("name=\"other_names-2-name\""));
    assert!(again.contains("value=\"Jonny\"") && again.contains("value=\"Addanother\""), "what was typed is kept");
    assert!(!again.contains("govuk-error-summary"), "nothing is checked yet");
    let (st, found) = s.post("/api/v1/nominals/search", &t, json!({"text": "Addanother"})).await;
    assert_eq!(st, StatusCode::OK);
    assert!(found["results"].as_array().unwrap().is_empty(), "nothing is saved: {found}");

    // A conviction with a second offence added.
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/people/{id}/disposals/new");
    let (_, form) = page(&c, &s, &path).await;
    assert!(!form.contains("offences-1-description"));
    let csrf = csrf_of(&form);
    let (st, again) = post_form(
        &c,
        &s,
        &path,
        &[("csrf_token", &csrf), ("offences-0-description", "First offence"), ("add", "offences")],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(again.contains("name=\"offences-1-description\"") && again.contains("value=\"First offence\""));
    // The form's first button saves, so Enter in a field saves rather than adds.
    let first = again.find("type=\"submit\"").unwrap();
    assert!(!again[first..first + 200].contains("name=\"add\""), "{}", &again[first..first + 200]);
    s.stop().await;
});

every_backend!(countries_and_agencies_are_chosen_by_name, |s, db| {
    let t = s.token("pol.manager").await;
    let (_, created) = s.post("/api/v1/nominals", &t, person()).await;
    let id = created["id"].as_str().unwrap();
    let c = signed_in(&s, "pol.manager").await;
    let (_, form) = page(&c, &s, &format!("/people/{id}/notifications/new?kind=regulations_only")).await;
    let at = form.find("id=\"identity_documents-0-issuing_country\"").expect("a choice of issuing country");
    let select = &form[form[..at].rfind("<select").unwrap()..];
    assert!(select.starts_with("<select") && select[..300].contains("data-app-autocomplete"), "{}", &select[..300]);
    assert!(select.contains("<option value=\"FR\">France</option>"), "countries by name");
    let (_, share) = page(&c, &s, &format!("/people/{id}/shares/new")).await;
    assert!(share.contains("id=\"agency\" name=\"agency\" data-app-autocomplete"), "agencies by name");

    // Travel to countries written as names; they are kept as their codes.
    let (st, n) = s
        .post(
            &format!("/api/v1/nominals/{id}/notifications"),
            &t,
            json!({"date": s.app.today().to_string(), "kind": "foreign_travel", "not_subject_reason": "Synthetic",
                   "travel": {"departure_date": s.app.today().tomorrow().unwrap().to_string(), "departure_point": "Dover",
                              "destinations": ["France", "belgium", "DE"], "return_date": s.app.today().tomorrow().unwrap().to_string()}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(n["details"]["travel"]["destinations"], json!(["FR", "BE", "DE"]));
    let (st, e) = s
        .post(
            &format!("/api/v1/nominals/{id}/notifications"),
            &t,
            json!({"date": s.app.today().to_string(), "kind": "foreign_travel", "not_subject_reason": "Synthetic",
                   "travel": {"departure_date": s.app.today().tomorrow().unwrap().to_string(), "departure_point": "Dover",
                              "destinations": ["Atlantis"]}}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["message"].as_str().unwrap().contains("such as France"), "{e}");
    s.stop().await;
});
