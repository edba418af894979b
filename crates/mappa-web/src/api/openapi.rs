//! The OpenAPI 3.1 document for `/api/v1`, served at `/api/v1/openapi.json`.
//!
//! It is written by hand as JSON (`openapi.json` beside this file) rather than
//! generated: the request types live in the pure domain crate, which should not
//! carry an HTTP documentation dependency. The black-box tests check that every
//! documented path answers and that the document parses.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, embedded at build time.
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_is_valid_json_with_every_path() {
        let v: serde_json::Value = serde_json::from_str(super::DOCUMENT).unwrap();
        assert_eq!(v["openapi"], "3.1.0");
        let paths = v["paths"].as_object().unwrap();
        for p in [
            "/api/v1/auth/token",
            "/api/v1/me",
            "/api/v1/agencies",
            "/api/v1/nominals",
            "/api/v1/nominals/search",
            "/api/v1/audit",
            "/api/v1/users",
            "/api/v1/users/{id}",
            "/api/v1/me/password",
            "/api/v1/me/sign-out-everywhere",
            "/api/v1/auth/second-factor",
            "/api/v1/nominals/{id}",
            "/api/v1/nominals/{id}/addresses",
            "/api/v1/nominals/{id}/disposals",
            "/api/v1/nominals/{id}/decisions",
            "/api/v1/nominals/{id}/mappa",
            "/api/v1/nominals/{id}/shares",
            "/api/v1/nominals/{id}/shares/{share_id}/withdraw",
            "/api/v1/nominals/{id}/audit",
            "/api/v1/rules/assess",
            "/api/v1/nominals/{id}/custody-periods",
            "/api/v1/nominals/{id}/hospital-periods",
            "/api/v1/nominals/{id}/abroad-periods",
            "/api/v1/nominals/{id}/periods",
            "/api/v1/nominals/{id}/periods/{period_id}/end",
            "/api/v1/nominals/{id}/notifications",
            "/api/v1/nominals/{id}/notifications/{notification_id}",
            "/api/v1/nominals/{id}/obligations",
            "/api/v1/compliance",
            "/api/v1/tasks",
            "/api/v1/tasks/{task_id}/complete",
            "/api/v1/nominals/{id}/breaches",
            "/api/v1/nominals/{id}/breaches/{breach_id}/outcomes",
            "/api/v1/nominals/{id}/circulations",
            "/api/v1/nominals/{id}/circulations/{circulation_id}/cancel",
            "/api/v1/nominals/{id}/review-applications",
            "/api/v1/nominals/{id}/review-applications/{app_id}",
            "/api/v1/nominals/{id}/review-applications/{app_id}/stages",
            "/api/v1/nominals/{id}/risk-assessments",
            "/api/v1/nominals/{id}/visits",
            "/api/v1/visits/overdue",
            "/api/v1/nominals/{id}/orders",
            "/api/v1/nominals/{id}/orders/{order_id}/changes",
            "/api/v1/nominals/{id}/orders/{order_id}/passport",
            "/api/v1/nominals/{id}/licence",
            "/api/v1/nominals/{id}/licence/recall",
            "/api/v1/nominals/{id}/licence/conditions/{condition_id}/review",
        ] {
            assert!(paths.contains_key(p), "{p} is documented");
        }
    }
}
