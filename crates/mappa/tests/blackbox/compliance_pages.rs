//! The pages of journeys 1, 2, 3 and 8: the front counter's notification
//! form and acknowledgement, custody/hospital/abroad forms, the record's
//! obligations, the compliance list and tasks on the home page.

use crate::common::*;
use crate::every_backend;
use reqwest::StatusCode;
use serde_json::json;

/// A registered person owned by the police: convicted 2019-03-04, 24
/// months, in custody until 2020-06-01, so the initial notification was due
/// by 2020-06-03 (NOTIF-10, CONV-6) and is overdue.
async fn registered(s: &TestServer, token: &str) -> String {
    let (_, created) = s.post("/api/v1/nominals", token, person()).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (st, _) = s
        .post(
            &format!("/api/v1/nominals/{id}/disposals"),
            token,
            json!({"kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                   "offences": [{"description": "Synthetic offence", "schedule_3": true}],
                   "sentence": {"type": "imprisonment", "term_months": 24}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, _) = s
        .post(
            &format!("/api/v1/nominals/{id}/custody-periods"),
            token,
            json!({"from": "2019-03-04", "to": "2020-06-01", "place": "HMP Example"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    id
}

async fn post_form(c: &reqwest::Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    c.post(s.url(path)).form(form).send().await.unwrap()
}

async fn stored_notifications(s: &TestServer, token: &str, id: &str) -> usize {
    s.get(&format!("/api/v1/nominals/{id}/notifications"), token).await.1.as_array().unwrap().len()
}

async fn stored_periods(s: &TestServer, token: &str, id: &str) -> usize {
    s.get(&format!("/api/v1/nominals/{id}/periods"), token).await.1.as_array().unwrap().len()
}

every_backend!(front_counter_notification_pages_notif_13, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let reception = signed_in(&s, "pol.reception").await;

    // The record shows the obligations, the explanation and the way to notify.
    let (st, record) = page(&reception, &s, &format!("/people/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    for want in [
        "Notification and obligations",
        "Initial notification",
        "Overdue",
        "NOTIF-10",
        "How this was worked out",
        "NOTIF-11",
        "Record a notification",
        "HMP Example",
    ] {
        assert!(record.contains(want), "the record page shows {want}");
    }

    let form_path = format!("/people/{id}/notifications/new");
    let (st, form) = page(&reception, &s, &form_path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("No notification has been recorded") && form.contains("What is due"));
    assert!(form.contains("NOTIF-10"), "what is due carries its rule");
    let token = csrf_of(&form);

    // No date, and a change with no date: each error names its field; nothing is stored.
    let bad = [
        ("csrf_token", token.as_str()),
        ("date-day", ""),
        ("date-month", ""),
        ("date-year", ""),
        ("kind", "change"),
        ("change-home_address", "yes"),
        ("home_address", "1 Synthetic Row, Testtown"),
    ];
    let r = post_form(&reception, &s, &form_path, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary"));
    assert!(html.contains("href=\"#date-day\">Enter the date of the notification"), "{html}");
    assert!(html.contains("href=\"#changes_date-day\""));
    assert!(html.contains("1 Synthetic Row, Testtown"), "what was typed is kept");
    assert_eq!(stored_notifications(&s, &manager, &id).await, 0);

    // Foreign travel with a return before departure and an unknown country.
    let travel = [
        ("csrf_token", token.as_str()),
        ("date-day", "1"),
        ("date-month", "7"),
        ("date-year", "2021"),
        ("kind", "foreign_travel"),
        ("travel-departure_date-day", "20"),
        ("travel-departure_date-month", "7"),
        ("travel-departure_date-year", "2021"),
        ("travel-return_date-day", "10"),
        ("travel-return_date-month", "7"),
        ("travel-return_date-year", "2021"),
        ("travel-departure_point", "Dover"),
        ("travel-destinations", "FR, XX"),
    ];
    let html = post_form(&reception, &s, &form_path, &travel).await.text().await.unwrap();
    assert!(html.contains("href=\"#travel-return_date-day\""), "{html}");
    assert!(html.contains("href=\"#travel-destinations\""));
    assert_eq!(stored_notifications(&s, &manager, &id).await, 0);

    // On time: the acknowledgement shows what was notified and the next date due.
    let good = [
        ("csrf_token", token.as_str()),
        ("date-day", "2"),
        ("date-month", "6"),
        ("date-year", "2020"),
        ("kind", "initial"),
        ("home_address", "1 Synthetic Row, Testtown"),
        ("photographs_taken", "yes"),
        ("fingerprints_taken", "yes"),
        ("station", "Testtown"),
    ];
    let r = post_form(&reception, &s, &form_path, &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let ack = r.headers()["location"].to_str().unwrap().to_string();
    assert!(ack.starts_with(&format!("/people/{id}/notifications/")));
    let (st, html) = page(&reception, &s, &ack).await;
    assert_eq!(st, StatusCode::OK);
    for want in ["Notification received", "2 June 2020", "Testtown", "1 Synthetic Row, Testtown", "By 2 June 2021"] {
        assert!(html.contains(want), "the acknowledgement shows {want}");
    }
    assert!(html.contains("govuk-!-display-none-print"), "navigation is left off the print");
    assert!(!html.contains("Late:"));
    assert_eq!(stored_notifications(&s, &manager, &id).await, 1);

    // Late: taken, and flagged with the rule it broke (NOTIF-30).
    let late = [
        ("csrf_token", token.as_str()),
        ("date-day", "5"),
        ("date-month", "6"),
        ("date-year", "2021"),
        ("kind", "periodic"),
    ];
    let r = post_form(&reception, &s, &form_path, &late).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&reception, &s, r.headers()["location"].to_str().unwrap()).await;
    assert!(html.contains("Late: NOTIF-30") && html.contains("By 5 June 2022"), "{html}");
    let (_, record) = page(&reception, &s, &format!("/people/{id}")).await;
    assert!(record.contains("Late: NOTIF-30") && record.contains(&ack));

    // Another agency sees nothing: every page is 404, and its post stores nothing.
    let probation = signed_in(&s, "prb.manager").await;
    for path in [format!("/people/{id}"), form_path.clone(), ack.clone(), format!("/people/{id}/periods/new")] {
        assert_eq!(page(&probation, &s, &path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, home) = page(&probation, &s, "/").await;
    let theirs = csrf_of(&home);
    let mut forged: Vec<(&str, &str)> = good.to_vec();
    forged[0] = ("csrf_token", theirs.as_str());
    assert_eq!(post_form(&probation, &s, &form_path, &forged).await.status(), StatusCode::NOT_FOUND);
    let hsg = signed_in(&s, "hsg.partner").await;
    assert_eq!(page(&hsg, &s, &ack).await.0, StatusCode::NOT_FOUND);
    assert_eq!(stored_notifications(&s, &manager, &id).await, 2);
    s.stop().await;
});

every_backend!(custody_hospital_and_abroad_pages_notif_11_notif_23, |s, db| {
    let manager_token = s.token("pol.manager").await;
    let id = registered(&s, &manager_token).await;
    let manager = signed_in(&s, "pol.manager").await;
    let new_path = format!("/people/{id}/periods/new");
    let (st, form) = page(&manager, &s, &new_path).await;
    assert_eq!(st, StatusCode::OK);
    let token = csrf_of(&form);

    // No kind, and a release before the start: both named; nothing stored.
    let bad = [
        ("csrf_token", token.as_str()),
        ("from-day", "10"),
        ("from-month", "1"),
        ("from-year", "2022"),
        ("to-day", "1"),
        ("to-month", "1"),
        ("to-year", "2022"),
    ];
    let r = post_form(&manager, &s, &new_path, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("href=\"#kind\"") && html.contains("href=\"#to-day\""), "{html}");
    assert_eq!(stored_periods(&s, &manager_token, &id).await, 1);

    let good = [
        ("csrf_token", token.as_str()),
        ("kind", "custody"),
        ("from-day", "10"),
        ("from-month", "1"),
        ("from-year", "2022"),
        ("place", "HMP Synthetic"),
    ];
    assert_eq!(post_form(&manager, &s, &new_path, &good).await.status(), StatusCode::SEE_OTHER);
    let (_, record) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(record.contains("Still there") && record.contains("Record release"));
    let (_, list) = s.get(&format!("/api/v1/nominals/{id}/periods"), &manager_token).await;
    let pid = list.as_array().unwrap().iter().find(|p| p["to"].is_null()).unwrap()["id"].as_str().unwrap().to_string();
    let end_path = format!("/people/{id}/periods/{pid}/end");
    assert!(record.contains(&end_path));
    let (st, form) = page(&manager, &s, &end_path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(form.contains("Record release from custody") && form.contains("HMP Synthetic"));

    let before = [("csrf_token", token.as_str()), ("to-day", "1"), ("to-month", "1"), ("to-year", "2022")];
    let r = post_form(&manager, &s, &end_path, &before).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("href=\"#to-day\""));
    let right = [("csrf_token", token.as_str()), ("to-day", "1"), ("to-month", "2"), ("to-year", "2022")];
    assert_eq!(post_form(&manager, &s, &end_path, &right).await.status(), StatusCode::SEE_OTHER);
    let (_, record) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(record.contains("1 February 2022") && !record.contains("Still there"));

    // Another agency: 404 on the forms.
    let probation = signed_in(&s, "prb.manager").await;
    assert_eq!(page(&probation, &s, &end_path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(page(&probation, &s, &new_path).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
});

every_backend!(compliance_list_and_tasks_pages_conv_13, |s, db| {
    let manager_token = s.token("pol.manager").await;
    let id = registered(&s, &manager_token).await;
    let manager = signed_in(&s, "pol.manager").await;

    let (st, html) = page(&manager, &s, "/compliance").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/people/{id}\"")), "the overdue person is listed");
    assert!(html.contains("Initial notification") && html.contains("NOTIF-10") && html.contains("4 June 2020"));
    assert!(html.contains("href=\"/compliance\" aria-current=\"page\""), "the navigation has Compliance, current");
    let (_, html) = page(&manager, &s, "/compliance?status=away&sort=name").await;
    assert!(!html.contains(&format!("href=\"/people/{id}\"")), "released in 2020: not away now");
    let (_, html) = page(&manager, &s, "/compliance?status=overdue&as_of-day=3&as_of-month=6&as_of-year=2020").await;
    assert!(!html.contains(&format!("href=\"/people/{id}\"")), "3 June 2020 is the last day: not overdue yet");
    assert!(html.contains("as of 3 June 2020"));
    let (st, html) = page(&manager, &s, "/compliance?status=late&as_of-day=31&as_of-month=2&as_of-year=2020").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#status\""));
    assert!(html.contains("href=\"#as_of-day\""), "{html}");

    // Other agencies and roles.
    let probation = signed_in(&s, "prb.manager").await;
    let (_, html) = page(&probation, &s, "/compliance").await;
    assert!(!html.contains(&format!("href=\"/people/{id}\"")), "another agency does not see the person");
    let analyst = signed_in(&s, "pol.analyst").await;
    assert_eq!(page(&analyst, &s, "/compliance").await.0, StatusCode::FORBIDDEN);

    // Tasks after the sweep, on the home page; marking one done removes it.
    s.app.sweep(None, false).await.unwrap();
    let (_, home) = page(&manager, &s, "/").await;
    assert!(home.contains("My tasks") && home.contains("Mark as done"), "{home}");
    let marker = "action=\"/tasks/";
    let at = home.find(marker).unwrap() + marker.len();
    let task = home[at..].split('/').next().unwrap().to_string();
    let token = csrf_of(&home);
    let done = format!("/tasks/{task}/complete");
    let theirs = csrf_of(&page(&probation, &s, "/").await.1);
    assert_eq!(
        post_form(&probation, &s, &done, &[("csrf_token", theirs.as_str())]).await.status(),
        StatusCode::NOT_FOUND,
        "another agency cannot close the task"
    );
    let r = post_form(&manager, &s, &done, &[("csrf_token", token.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = page(&manager, &s, "/").await;
    assert!(!home.contains(&done));
    let audit = s.app.store().audit_for_nominal(&granted(id.parse().unwrap()), 100).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "task.complete"));
    s.stop().await;
});

/// Every entry of the manager's compliance list with `status`, all pages.
async fn compliance_entries(s: &TestServer, token: &str, status: &str) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    loop {
        let path = format!("/api/v1/compliance?status={status}&limit=1000&offset={}", all.len());
        let (st, page) = s.get(&path, token).await;
        assert_eq!(st, StatusCode::OK, "{page}");
        let entries = page["entries"].as_array().unwrap().clone();
        let total = page["total"].as_u64().unwrap() as usize;
        all.extend(entries);
        if all.len() >= total {
            return all;
        }
    }
}

// The demo looks like a working team's morning (issue 9, point 1): people
// notified on release and every year since, visited as their risk requires,
// a few per cent overdue, some in custody or hospital, a few in breach and
// wanted; nobody overdue for an initial notification due years ago.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_looks_like_a_working_teams_morning() {
    for db in TestDatabase::all().await {
        let s = start(&db.url, AppConfig::default()).await;
        s.app.load_demo(600, PASSWORD, |_, _| {}).await.unwrap();
        let registered: usize = mappa_app::demo::mix(600).iter().filter(|c| c.0 == 1).map(|c| c.2).sum();
        let t = s.token("manager").await;
        let overdue = compliance_entries(&s, &t, "overdue").await;
        let kinds: std::collections::HashSet<&str> = overdue.iter().filter_map(|e| e["kind"].as_str()).collect();
        assert!(kinds.contains("periodic_notification") && kinds.contains("visit"), "{kinds:?} ({})", db.label);
        assert!(!kinds.contains("initial_notification"), "{kinds:?} ({})", db.label);
        let share = overdue.len() as f64 / registered as f64;
        assert!((0.005..0.08).contains(&share), "{} of {registered} overdue ({})", overdue.len(), db.label);
        let since: Vec<&str> = overdue.iter().filter_map(|e| e["overdue_since"].as_str()).collect();
        let year_ago = (jiff::Zoned::now().date() - jiff::Span::new().years(1)).to_string();
        assert!(since.iter().all(|d| *d >= year_ago.as_str()), "overdue for under a year: {since:?}");
        let away = compliance_entries(&s, &t, "away").await;
        assert!(away.iter().any(|e| e["away"] == "custody") && away.iter().any(|e| e["away"] == "hospital"));
        assert!(!compliance_entries(&s, &t, "wanted").await.is_empty(), "someone in breach is wanted");
        assert!(!compliance_entries(&s, &t, "due_soon").await.is_empty());
        // The manager's home page leads with this morning's work.
        let manager = signed_in(&s, "manager").await;
        let (st, home) = page(&manager, &s, "/").await;
        assert_eq!(st, StatusCode::OK);
        assert!(home.contains("Periodic notification") || home.contains("Home visit"), "{home}");
        s.stop().await;
        db.cleanup().await.unwrap();
    }
}

// Issue 9, point 2: "How this was worked out" is in plain English: records by
// what they are, dates written out, no ids, configuration keys or rules.md.
every_backend!(explanations_are_in_plain_english, |s, db| {
    let t = s.token("pol.manager").await;
    let id = registered(&s, &t).await;
    let (_, record) = s.get(&format!("/api/v1/nominals/{id}"), &t).await;
    let disposal = record["disposals"][0]["id"].as_str().unwrap().to_string();
    let manager = signed_in(&s, "pol.manager").await;
    let (_, html) = page(&manager, &s, &format!("/people/{id}")).await;
    let from = html.find("How this was worked out").expect("the record explains its dates");
    let worked_out = &html[from..from + html[from..].find("</details>").unwrap()];
    assert!(worked_out.contains("the conviction, caution or finding of 4 March 2019"), "{worked_out}");
    for leak in [disposal.as_str(), "configuration:", "rules.md", "UNCONFIRMED", "2019-03-04", "2020-06-01"] {
        assert!(!worked_out.contains(leak), "{leak} in {worked_out}");
    }
    // The rules calculator names its rows and lengths in words too.
    let (_, form) = page(&manager, &s, "/rules").await;
    let token = csrf_of(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("as_of-day", "1"),
        ("as_of-month", "1"),
        ("as_of-year", "2025"),
        ("date_of_birth-day", "1"),
        ("date_of_birth-month", "1"),
        ("date_of_birth-year", "1980"),
        ("disposals-0-kind", "conviction"),
        ("disposals-0-schedule_3", "yes"),
        ("disposals-0-date-day", "4"),
        ("disposals-0-date-month", "3"),
        ("disposals-0-date-year", "2019"),
        ("disposals-0-sentence_type", "imprisonment"),
        ("disposals-0-term_months", "24"),
    ];
    let r = manager.post(s.url("/rules")).form(&fields).send().await.unwrap();
    let answer = r.text().await.unwrap();
    assert!(answer.contains("Period from conviction, caution or finding 1"), "{answer}");
    assert!(answer.contains("10 years, from 4 March 2019"), "{answer}");
    assert!(!answer.contains("P10Y") && !answer.contains(">d1") && !answer.contains("d1:"), "{answer}");
    s.stop().await;
});

// Issue 9, point 7: every task can be reached, a page at a time with a
// count, and "Mark as done" comes back to the page it was on and says what
// it does not do.
every_backend!(every_task_can_be_reached_a_page_at_a_time, |s, db| {
    let t = s.token("pol.manager").await;
    for _ in 0..30 {
        registered(&s, &t).await;
    }
    let manager = signed_in(&s, "pol.manager").await;
    let (_, home) = page(&manager, &s, "/").await;
    assert!(home.contains("(the first 25 of 30)") && home.contains("href=\"/tasks?list=mine\""), "{home}");
    assert!(home.contains("stays on the compliance list until it is met"));
    let (st, first) = page(&manager, &s, "/tasks?list=mine").await;
    assert_eq!(st, StatusCode::OK);
    assert!(first.contains("Showing 1 to 25 of 30.") && first.contains("rel=\"next\""), "{first}");
    let (_, last) = page(&manager, &s, "/tasks?list=mine&offset=25").await;
    assert!(last.contains("Showing 26 to 30 of 30.") && last.contains("rel=\"prev\""), "{last}");
    assert_eq!(last.matches("Mark as done<").count(), 5);
    let marker = "action=\"/tasks/";
    let at = last.find(marker).unwrap() + marker.len();
    let task = &last[at..at + 36];
    let token = csrf_of(&last);
    let back = "/tasks?list=mine&offset=25";
    let r = manager
        .post(s.url(&format!("/tasks/{task}/complete")))
        .form(&[("csrf_token", token.as_str()), ("back", back)])
        .send()
        .await
        .unwrap();
    assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, back));
    let (_, after) = page(&manager, &s, back).await;
    assert!(after.contains("Showing 26 to 29 of 29."), "{after}");
    s.stop().await;
});

// Issue 9, point 4: the record starts with who this is, how risky, what is
// due and where they are.
every_backend!(the_record_starts_at_a_glance, |s, db| {
    let t = s.token("pol.manager").await;
    let id = registered(&s, &t).await;
    let manager = signed_in(&s, "pol.manager").await;
    let (_, html) = page(&manager, &s, &format!("/people/{id}")).await;
    let at = html.find("At a glance").expect("the record opens with a summary");
    assert!(at < html.find(">MAPPA case<").unwrap(), "before the rest of the record");
    let glance = &html[at..at + html[at..].find("</dl>").unwrap()];
    for want in [
        "29 February 1988",
        "Not assessed",
        "Subject to notification requirements",
        "Initial notification by 3 June 2020 (overdue)",
        "In the community",
        "No photograph recorded",
    ] {
        assert!(glance.contains(want), "{want} in {glance}");
    }
    let rosh = json!({"tool": "oasys_rosh", "date": "2026-01-05", "assessor_name": "Rae Chen", "assessor_agency": "Probation",
                      "overall": "high", "setting": "community", "risk_to": {"public": "high"}});
    let (st, v) = s.post(&format!("/api/v1/nominals/{id}/risk-assessments"), &t, rosh).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, html) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(html.contains("High (assessed 5 January 2026)"), "the latest RoSH");
    s.stop().await;
});

every_backend!(the_notification_form_asks_the_kind_first_then_only_its_questions, |s, db| {
    let manager = s.token("pol.manager").await;
    let id = registered(&s, &manager).await;
    let reception = signed_in(&s, "pol.reception").await;
    let form_path = format!("/people/{id}/notifications/new");

    let (st, first) = page(&reception, &s, &form_path).await;
    assert_eq!(st, StatusCode::OK);
    assert!(first.contains("What kind of notification is it?") && first.contains("Continue"));
    assert!(!first.contains("Date of departure") && !first.contains("Home address"), "no questions before the kind");
    for (kind, asked, not_asked) in [
        (
            "periodic",
            &["Home address", "Bank or building society", "Police station"][..],
            &["Date of departure", "Changes notified", "Day of return to the UK"][..],
        ),
        (
            "change",
            &["Changes notified", "Date the changes happened", "Home address"][..],
            &["Bank or building society", "Date of departure"][..],
        ),
        (
            "regulations_only",
            &["Bank or building society", "Household with a child"][..],
            &["Home address", "Date of departure"][..],
        ),
        (
            "foreign_travel",
            &["Date of departure", "Destination countries"][..],
            &["Home address", "Bank or building society"][..],
        ),
        ("travel_return", &["Day of return to the UK"][..], &["Date of departure", "Home address"][..]),
    ] {
        let (st, html) = page(&reception, &s, &format!("{form_path}?kind={kind}")).await;
        assert_eq!(st, StatusCode::OK);
        for want in asked {
            assert!(html.contains(want), "{kind} asks {want}");
        }
        for unwanted in not_asked {
            assert!(!html.contains(unwanted), "{kind} does not ask {unwanted}");
        }
        assert!(html.contains(&format!("name=\"kind\" value=\"{kind}\"")), "the kind travels with the form");
    }
    let (st, html) = page(&reception, &s, &format!("{form_path}?kind=")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("govuk-error-summary") && html.contains("Select the kind of notification"));
    s.stop().await;
});

// Issue 9, point 4: every page of a record starts with the warnings and the
// summary, and the record is split into pages reached by sub-navigation.
every_backend!(every_page_of_a_record_starts_with_what_to_watch_for_and_the_sub_navigation, |s, db| {
    let t = s.token("pol.manager").await;
    let id = registered(&s, &t).await;
    let api = format!("/api/v1/nominals/{id}");
    let shpo = json!({"type": "shpo", "made": "2020-07-01", "served": "2020-07-01",
        "terms": [{"kind": "prohibition", "wording": "Not to approach the school"}]});
    assert_eq!(s.post(&format!("{api}/orders"), &t, shpo).await.0, StatusCode::CREATED);
    let breach =
        json!({"kind": "failure_to_notify", "description": "Did not notify", "discovered_at": "2026-11-01T10:00"});
    assert_eq!(s.post(&format!("{api}/breaches"), &t, breach).await.0, StatusCode::CREATED);
    let wanted = json!({"kind": "wanted", "pnc_reference": "26/48213w", "from": "2026-11-02"});
    assert_eq!(s.post(&format!("{api}/circulations"), &t, wanted).await.0, StatusCode::CREATED);

    let manager = signed_in(&s, "pol.manager").await;
    let parts = ["", "/details", "/convictions", "/risk", "/orders", "/breaches", "/review", "/history"];
    for part in parts {
        let path = format!("/people/{id}{part}");
        let (st, html) = page(&manager, &s, &path).await;
        assert_eq!(st, StatusCode::OK, "{path}");
        let h1 = html.find("<h1").unwrap();
        let glance = html.find("At a glance").unwrap_or_else(|| panic!("{path} has the summary"));
        assert!(h1 < glance, "{path}: the heading first, then the summary");
        for want in [
            "Wanted on the PNC since 2 November 2026, circulation 26/48213W",
            "A breach has no outcome recorded yet",
            "In force: Sexual harm prevention order (SHPO)",
            "Initial notification by 3 June 2020 (overdue)",
        ] {
            assert!(html.contains(want), "{path} warns: {want}");
        }
        assert!(html.contains("aria-label=\"Parts of the record\""), "{path} has the sub-navigation");
        assert!(html.contains(&format!("href=\"{path}\" aria-current=\"page\"")), "{path} is the current part");
        for other in parts {
            assert!(html.contains(&format!("href=\"/people/{id}{other}\"")), "{path} links to {other}");
        }
    }
    // The overview no longer carries the whole record: the rest is a page away.
    let (_, overview) = page(&manager, &s, &format!("/people/{id}")).await;
    assert!(overview.contains("Notification and obligations") && !overview.contains("Equality monitoring"));
    assert!(!overview.contains("Synthetic offence"));
    let (_, details) = page(&manager, &s, &format!("/people/{id}/details")).await;
    assert!(details.contains("Equality monitoring") && details.contains(">Identity<"));
    // Reception may not read the history, so it is not offered.
    let reception = signed_in(&s, "pol.reception").await;
    let (_, html) = page(&reception, &s, &format!("/people/{id}")).await;
    assert!(!html.contains(&format!("href=\"/people/{id}/history\"")));
    s.stop().await;
});
