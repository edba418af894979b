//! The OpenAPI 3.1 document for `/api/v1`, served at `/api/v1/openapi.json`.
//!
//! Generated, not written: each handler's `#[utoipa::path]` names its request
//! and answer types, whose schemas are derived from the same Rust types that
//! serde reads and writes; the router and the document come from one table
//! (`documented_routes`), so neither can drift from the other.

use super::responses::{
    BadBody, BodyTooLarge, Forbidden, InternalError, NotFound, Unauthenticated, UnsupportedMediaType,
};
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::LazyLock;
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "mappa JSON API",
        version = "1",
        description = r#"The JSON API under `/api/v1`.

**Authentication.** `POST /api/v1/auth/token` exchanges a username and password for a bearer token; send it as `Authorization: Bearer TOKEN` on every other request (except this document). A missing, unknown, expired or revoked token is 401 `unauthenticated`.

**Need-to-know (principle 2).** A user reaches a record when their agency owns it or holds an active share of it and they hold a case-working role. Records outside the caller's reach answer 404 exactly like missing ones, and ids that are not UUIDs are 404 too; within reach, an action the caller's roles do not allow is 403.

**Audit (principle 1).** Every change and every read of a record is written to a hash-chained audit log in the same transaction.

**Requests.** Bodies are JSON (`Content-Type: application/json`, at most 256 KiB). Unknown fields are refused (400 `unknown_field`); a value of the wrong JSON type is 422 `invalid_type`. Dates are `YYYY-MM-DD`; UK dates (CONV-1) decide what is "today". Coded fields take the codes listed in the schemas, never free text.

**Errors.** Every 4xx and 5xx under /api has the body `{"error": {"code", "message", "field"?, "errors"?}}`: a stable snake_case `code`, a `message` that never repeats submitted values, the `field` concerned where there is one, and, when validation found more than one problem, `errors` listing each `{field, code, message}`. Unknown paths under /api are 404 `not_found`.

Responses carry `Cache-Control: no-store`."#,
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "auth", description = "Tokens and the caller."),
        (name = "agencies", description = "Police, probation, prisons and duty-to-co-operate bodies."),
        (name = "nominals", description = "People's records."),
        (name = "mappa", description = "The MAPPA case on a record."),
        (name = "sharing", description = "Sharing records with other agencies."),
        (name = "audit", description = "The audit trail."),
        (name = "rules", description = "The statutory rules engine as a what-if calculator."),
        (name = "meta", description = "This document."),
        (name = "compliance", description = "Periods away, notifications, obligations, the compliance list and tasks."),
        (name = "reviews", description = "Review of indefinite notification requirements (REV-01..REV-08)."),
        (name = "risk", description = "Risk assessments, police home visits and the visit schedule."),
        (name = "orders", description = "Civil orders, licences and recall."),
        (name = "meetings", description = "MAPPA itself: areas and panels, referrals, Level 2 and 3 meetings, minutes and the actions agencies are held to."),
        (name = "disclosure schemes", description = "Child Sex Offender and Domestic Violence Disclosure Scheme applications (CSO-1..5, DVDS-1..6)."),
        (name = "reports", description = "Figures for Strategic Management Boards: the MAPPA annual report (STAT-1..9) and its files."),
        (name = "corrections", description = "Putting mistakes right: correcting or withdrawing an entry, with the reason."),
        (name = "users", description = "Accounts: administration, and your own password and sessions.")
    ),
    security(("bearer" = [])),
    components(responses(Unauthenticated, Forbidden, NotFound, BadBody, BodyTooLarge, UnsupportedMediaType, InternalError)),
    modifiers(&BearerToken),
)]
pub struct ApiDoc;

/// The bearer token scheme that every operation but sign-in and this
/// document requires.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("mappa_ followed by 64 hex digits")
            .description(Some("A token from POST /api/v1/auth/token, sent as `Authorization: Bearer TOKEN`."))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document as JSON, built once.
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    super::documented_routes().into_openapi().to_pretty_json().expect("the OpenAPI document serialises")
});

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "getOpenApiDocument",
    tag = "meta",
    summary = "This document",
    description = "The OpenAPI 3.1 document for the API, generated from the handlers' own types.",
    security(()),
    responses((status = 200, description = "An OpenAPI 3.1 document.", body = serde_json::Value))
)]
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn document() -> Value {
        serde_json::from_str(super::DOCUMENT.as_str()).unwrap()
    }

    /// Every `$ref` in `v`, wherever it is.
    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r);
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 100, "the document refers to its components");
        for r in all {
            let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("{r} is local"));
            assert!(doc.pointer(pointer).is_some(), "{r} resolves");
        }
    }

    #[test]
    fn every_operation_is_named_described_and_answers_its_errors() {
        let doc = document();
        let tags: Vec<&str> = doc["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        let mut ids = std::collections::HashSet::new();
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            assert!(path.starts_with("/api/v1/"), "{path}");
            for (method, op) in item.as_object().unwrap() {
                operations += 1;
                let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has an operationId"));
                assert!(ids.insert(id.to_string()), "{id} is used once");
                assert!(tags.contains(&op["tags"][0].as_str().unwrap()), "{id} has a declared tag");
                assert!(!op["summary"].as_str().unwrap_or("").is_empty(), "{id} has a summary");
                let responses = op["responses"].as_object().unwrap();
                assert!(responses.keys().any(|k| k.starts_with('2')), "{id} documents its success");
                let open = op["security"] == serde_json::json!([{}]);
                if !open {
                    assert!(responses.contains_key("401"), "{id} documents 401");
                }
                if op.get("requestBody").is_some() {
                    for code in ["400", "413", "415", "422"] {
                        assert!(responses.contains_key(code), "{id} documents {code}");
                    }
                }
                if path.contains("{id}") {
                    assert!(responses.contains_key("404"), "{id} documents 404");
                }
            }
        }
        assert_eq!(operations, 115, "every routed operation is documented");
    }

    /// The router is built only from `#[utoipa::path]` handlers, which carry
    /// their own path and method: a route added any other way would be served
    /// without being documented.
    #[test]
    fn routes_are_registered_only_with_their_documentation() {
        let table = include_str!("mod.rs");
        let body = &table[table.find("fn documented_routes").unwrap()..];
        for line in body.lines().skip(2).take_while(|l| !l.starts_with('}')) {
            assert!(line.trim_start().starts_with(".routes(routes!("), "undocumented registration: {line}");
        }
        for (name, source) in [
            ("lib.rs", include_str!("../lib.rs")),
            ("pages/mod.rs", include_str!("../pages/mod.rs")),
            ("assets.rs", include_str!("../assets.rs")),
        ] {
            assert!(!source.contains(".route(\"/api"), "{name} serves an API route outside the documented table");
        }
    }
}
