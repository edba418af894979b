//! The generated OpenAPI document against the running server (issue 8,
//! point 8): every documented operation is routed, and no other method is
//! served on a documented path.

use crate::every_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

every_backend!(every_documented_operation_is_served_and_nothing_else, |s, db| {
    let r = s.client.get(s.url("/api/v1/openapi.json")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    // The probe tells a routed operation from an unrouted one.
    let stranger = s.client.get(s.url("/api/v1/no-such-thing")).send().await.unwrap();
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    let mut operations = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        // Any id will do: the caller has no token, so no record is reached.
        let path = template
            .split('/')
            .map(|part| if part.starts_with('{') { "0193a000-0000-7000-8000-000000000000" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        for method in METHODS {
            let verb = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut req = s.client.request(verb, s.url(&path));
            let documented = item.get(method);
            if documented.is_some_and(|op| op.get("requestBody").is_some()) || method != "get" {
                req = req.json(&json!({}));
            }
            let status = req.send().await.unwrap().status();
            match documented {
                None => assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {template} is not served"),
                Some(op) if op["security"] == json!([{}]) => {
                    operations += 1;
                    assert!(
                        ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&status),
                        "{method} {template} is served ({status})"
                    );
                }
                Some(_) => {
                    operations += 1;
                    assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {template} is served and asks for a token");
                }
            }
        }
    }
    assert!(operations >= 59, "{operations} operations documented");
});
