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
#[utoipa::path(
    post,
    path = "/api/v1/rules/assess",
    operation_id = "assessFacts",
    tag = "rules",
    summary = "Assess a person's facts with the rules engine (what-if calculator)",
    description = "The statutory rules engine as a what-if calculator: a person's facts as of a date in, their obligations out, every figure with an explanation whose steps cite the rule IDs of rules.md and the law. It covers the Sexual Offences Act 2003 notification requirements (NOTIF-01; the s82 period, halved for under-18s, CONV-3, and its last day, CONV-2 and CONV-13; the latest period wins, CONV-5; notification orders NO-1..3; orders in force SHPO-5 and order breaches SRO-8; the initial notification NOTIF-10..12 and the next periodic one NOTIF-30..32 and CONV-7, not counting days in custody, in hospital or abroad, CONV-6; review of indefinite requirements REV-03 and REV-04, CONV-8, and discharge EXIT-1), each order's dates (SHPO, SRO, SPO, DAPO and the legacy orders: minimum and maximum ends, foreign-travel prohibitions SHPO-3 and SRO-4, the order's own notification SRO-5, SPO-1, DAPO-1, NO-3) and MAPPA eligibility (CAT-1 to CAT-4, one category only CAT-X, exit dates EXIT-1 to EXIT-3).

Any signed-in user may use it, whatever their roles (analysts included): it reads no record, and nothing is stored or audited. The engine has no clock: `as_of` is the day assessed. Values the law does not settle (rules.md UNCONFIRMED or SECONDARY points, local policy) come from the server's `[rules]` configuration, and a step that used one names its key in `configuration`.

The facts are checked strictly and every message names the field path without repeating the value given. Unlike the other operations, a value of the wrong type is 422 `invalid_value` (not `invalid_type`), and `message` begins with the path. Checks run in this order: the token (401); the body's size (413); its content type (415); reading the JSON (400 `malformed_json` or `unknown_field`; 422 `required` or `invalid_value`); then the facts themselves (422 `invalid_fact`, every problem listed).",
    request_body = mappa_domain::rules::Facts,
    responses(
        (status = 200, description = "The assessment: notification requirements, orders and MAPPA eligibility, each with its explanation.", body = Assessment),
        (status = 400, description = "`malformed_json`: the body is not valid UTF-8 JSON, or has content after the facts (no `field`; `message` gives the line and column); `unknown_field`: a field the facts do not have, anywhere in the document (`field` is its path, e.g. `disposals[0].shoe_size`).", body = crate::error::Body),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 413, response = super::responses::BodyTooLarge),
        (status = 415, description = "`unsupported_media_type`: the facts were not sent with `Content-Type: application/json`.", body = crate::error::Body),
        (status = 422, description = "The facts cannot be assessed. `message` is the field path followed by the problem; `field` is the path (absent when the problem is the whole document, e.g. a body that is not an object). `required`: a required field is missing (e.g. `date_of_birth`, `disposals[0].kind`). `invalid_value`: a value of the wrong type, a code not in the list, or a date that is not a real YYYY-MM-DD date. `invalid_fact`: readable but impossible facts, each named: a date outside the years 1800 to 2200; an event (disposal, foreign conviction, breach conviction, notification, Category 3 decision, review decision) after `as_of` or before `date_of_birth`; an end before its start (`to` before `from`, an order ending before it was made or served); an empty or repeated id; a caution with a sentence or a term; a finding with a punishment; a custodial sentence without its term, a term in both months and days, or a term for another sentence type; a conditional discharge without `period_months` (1 to 36); `order_ends` on a sentence that is not a hospital or guardianship order; `consecutive_to` naming no disposal, itself, a non-custodial disposal, or forming a cycle; `foreign_travel_prohibition_ends` on an order without one; `further_review_years` outside 1 to 15 or with a discharge. Reading stops at the first `required` or `invalid_value`; `invalid_fact` problems are all reported: `code`, `message` and `field` are the first's and `errors` lists every one when there is more than one.", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
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
