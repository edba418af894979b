use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use mappa_domain::rules::{Assessment, FactsError};
use mappa_domain::{FieldError, ValidationErrors};

/// `POST /api/v1/rules/assess`: the statutory rules engine as a what-if
/// calculator. Facts in, assessment with explanations out; nothing is stored.
pub async fn assess(
    State(s): State<AppState>,
    c: ApiCaller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Assessment>> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the facts as JSON with Content-Type: application/json",
        ));
    }
    let body = body.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("The body must be at most {} bytes", crate::json::MAX_BODY),
        )
    })?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", "The body is not valid UTF-8 JSON"))?;
    s.app.assess_facts(&c.actor, text).map(Json).map_err(facts_error)
}

/// Every problem with the facts, the first one leading.
pub fn facts_error(e: FactsError) -> ApiError {
    let status = match e.problems.first().map(|p| p.code) {
        Some("malformed_json" | "unknown_field") => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let all = ValidationErrors(
        e.problems
            .iter()
            .map(|p| FieldError::new(p.path.clone(), p.code, format!("{} {}", p.path, p.message)))
            .collect(),
    );
    let first = &all.0[0];
    let mut err = ApiError::new(status, first.code, first.message.clone());
    if first.field != "(document)" {
        err = err.field(first.field.clone());
    }
    if all.0.len() > 1 {
        err.details = Some(all);
    }
    err
}
