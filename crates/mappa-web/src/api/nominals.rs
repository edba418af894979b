use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mappa_app::{AuditQuery, ShownAudit};
use mappa_domain::address::AddressInput;
use mappa_domain::disposal::DisposalInput;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::mappa_case::{CaseDetailsInput, DecisionInput, MappaCase};
use mappa_domain::nominal::NominalInput;
use mappa_domain::record::NominalSummary;
use serde::{Deserialize, Serialize};

/// Ids that do not parse are simply not found: the answer is the same as for
/// a record the caller may not see.
pub(crate) fn nominal_id(raw: &str) -> ApiResult<NominalId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

pub(crate) fn item_id(raw: &str) -> ApiResult<ItemId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<NominalInput>,
) -> ApiResult<Response> {
    let record = s.app.create_nominal(&c.actor, &input).await?;
    let location = format!("/api/v1/nominals/{}", record.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(record)).into_response())
}

pub async fn read(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Response> {
    let record = s.app.view_nominal(&c.actor, nominal_id(&id)?).await?;
    let etag = format!("\"{}\"", record.version);
    Ok(([(header::ETAG, etag)], Json(record)).into_response())
}

/// `PATCH`: fields present replace the stored ones. `If-Match: "VERSION"`
/// (the ETag of a read) makes the update refuse if the record has changed.
pub async fn update(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<NominalInput>,
) -> ApiResult<Response> {
    let expected = match headers.get(header::IF_MATCH) {
        None => None,
        Some(v) => {
            Some(v.to_str().ok().and_then(|v| v.trim().trim_matches('"').parse::<i64>().ok()).ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_if_match",
                    "If-Match must be the record's ETag, like \"3\"",
                )
                .field("If-Match")
            })?)
        }
    };
    let record = s.app.update_nominal(&c.actor, nominal_id(&id)?, patch, expected).await?;
    let etag = format!("\"{}\"", record.version);
    Ok(([(header::ETAG, etag)], Json(record)).into_response())
}

/// A search: the text travels in the body, so names and dates of birth never
/// reach a URL, a proxy's log or a browser's history.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchInput {
    text: Option<String>,
}

#[derive(Serialize)]
pub struct SearchResults {
    results: Vec<NominalSummary>,
    /// True when there may be more matches than shown: narrow the search.
    truncated: bool,
}

pub async fn search(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<SearchInput>,
) -> ApiResult<Json<SearchResults>> {
    let results = s.app.search(&c.actor, input.text.as_deref().unwrap_or_default()).await?;
    let truncated = results.len() as i64 >= mappa_app::SEARCH_LIMIT;
    Ok(Json(SearchResults { results, truncated }))
}

#[derive(Serialize)]
pub struct Created {
    id: String,
}

pub async fn add_address(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AddressInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let item = s.app.add_address(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: item.to_string() })))
}

pub async fn add_disposal(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DisposalInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let item = s.app.add_disposal(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: item.to_string() })))
}

pub async fn record_decision(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<(StatusCode, Json<MappaCase>)> {
    let case = s.app.record_decision(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(case)))
}

pub async fn update_case(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CaseDetailsInput>,
) -> ApiResult<Json<MappaCase>> {
    Ok(Json(s.app.update_case(&c.actor, nominal_id(&id)?, &input).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRequest {
    agency: Option<String>,
    reason: Option<String>,
}

pub async fn share(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ShareRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = nominal_id(&id)?;
    let agency = req.agency.filter(|a| !a.trim().is_empty()).ok_or_else(|| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "required", "Give the code of the agency to share with")
            .field("agency")
    })?;
    let share = s.app.share(&c.actor, id, &agency, req.reason.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(Created { id: share.to_string() })))
}

/// A withdrawal: its reason travels in the body, out of URLs and logs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawInput {
    reason: Option<String>,
}

pub async fn withdraw_share(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, share)): Path<(String, String)>,
    ApiJson(input): ApiJson<WithdrawInput>,
) -> ApiResult<StatusCode> {
    s.app.withdraw_share(&c.actor, nominal_id(&id)?, item_id(&share)?, input.reason.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An audit event as the API shows it: before and after as JSON values,
/// present only where the caller's agency reaches the record
/// (`values_hidden` says when they were withheld); the fields that changed
/// are always named.
#[derive(Serialize)]
pub struct AuditEvent {
    seq: i64,
    id: String,
    at: String,
    actor_user_id: Option<String>,
    /// The username of who acted (`system` for the sweep and operators).
    actor: String,
    actor_username: String,
    actor_agency: Option<String>,
    action: String,
    entity_type: String,
    entity_id: Option<String>,
    nominal_id: Option<String>,
    changed_fields: Vec<String>,
    values_hidden: bool,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    reason: Option<String>,
    hash: String,
}

impl From<ShownAudit> for AuditEvent {
    fn from(shown: ShownAudit) -> Self {
        let r = shown.record;
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditEvent {
            seq: r.seq,
            id: r.id,
            at: r.at,
            actor_user_id: r.actor_user_id,
            actor: r.actor_username.clone(),
            actor_username: r.actor_username,
            actor_agency: r.actor_agency,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            nominal_id: r.nominal_id,
            changed_fields: shown.changed_fields,
            values_hidden: shown.values_hidden,
            before: json(r.before),
            after: json(r.after),
            reason: r.reason,
            hash: r.hash,
        }
    }
}

/// The auditor's search: `GET /api/v1/audit?actor=&nominal=&action=&from=&to=`.
#[derive(Serialize)]
pub struct AuditEvents {
    events: Vec<AuditEvent>,
}

pub async fn audit_search(
    State(s): State<AppState>,
    c: ApiCaller,
    params: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<AuditEvents>> {
    let Query(q) = params.map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "The query parameters are actor, nominal, action, from and to",
        )
    })?;
    let events = s.app.audit_events(&c.actor, &q).await?;
    Ok(Json(AuditEvents { events: events.into_iter().map(AuditEvent::from).collect() }))
}

#[derive(Serialize)]
pub struct AuditTrail {
    nominal_id: String,
    events: Vec<AuditEvent>,
}

pub async fn audit(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<AuditTrail>> {
    let id = nominal_id(&id)?;
    let trail = s.app.audit_trail(&c.actor, id).await?;
    Ok(Json(AuditTrail {
        nominal_id: id.to_string(),
        events: trail.events.into_iter().map(AuditEvent::from).collect(),
    }))
}
