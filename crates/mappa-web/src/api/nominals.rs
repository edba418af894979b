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

#[utoipa::path(
    post,
    path = "/api/v1/nominals",
    operation_id = "createNominal",
    tag = "nominals",
    summary = "Create a person's record",
    description = "Creates a record owned by the caller's agency; a caller with the manager role becomes its offender manager. Only managers and supervisors may create records (403 otherwise). The MAPPA case starts empty (no category, status `active_community`). Audited as `nominal.create`. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    request_body = NominalInput,
    responses(
        (status = 201, description = "Created: the whole new record (version 1).", body = mappa_domain::record::NominalRecord, headers(("Location" = String, description = "The new record's path, `/api/v1/nominals/{id}`."))),
        (status = 422, description = "Validation failed: `invalid_type`, or every problem with its field (`required`, `too_long`, `invalid_characters`, `too_many`, `invalid_date`, `date_in_future`, `date_too_early`, `invalid_choice`, `invalid_identifier`, `conflicting_identifier`, `out_of_range`). `field` and `code` are the first problem's; `errors` lists all when there is more than one.", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<NominalInput>,
) -> ApiResult<Response> {
    let record = s.app.create_nominal(&c.actor, &input).await?;
    let location = format!("/api/v1/nominals/{}", record.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(record)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}",
    operation_id = "getNominal",
    tag = "nominals",
    summary = "Read a whole record",
    description = "The whole record, with its version as the ETag. Every read is audited (`nominal.view`, principle 1). Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The record.", body = mappa_domain::record::NominalRecord, headers(("ETag" = String, description = r#"The record's version in double quotes, e.g. `"3"`. Send it back as If-Match to make an update refuse if the record changed."#))),
        super::responses::RecordRead
    )
)]
pub async fn read(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Response> {
    let record = s.app.view_nominal(&c.actor, nominal_id(&id)?).await?;
    let etag = format!("\"{}\"", record.version);
    Ok(([(header::ETAG, etag)], Json(record)).into_response())
}

/// `PATCH`: fields present replace the stored ones. `If-Match: "VERSION"`
/// (the ETag of a read) makes the update refuse if the record has changed.
#[utoipa::path(
    patch,
    path = "/api/v1/nominals/{id}",
    operation_id = "updateNominal",
    tag = "nominals",
    summary = "Update a record's identity details",
    description = r#"A partial update: the fields present replace the stored ones (lists and physical_description whole, protected_characteristics answer by answer), then the whole result is validated as on creation. With `If-Match: "VERSION"` (the ETag of a read) the update is refused with 409 `edited_elsewhere` if the record has changed since. Only managers and supervisors of the owning agency may edit: other case-working roles of the owning agency, and agencies the record is shared with, get 403. An update that changes nothing is not stored (the version stays). Audited as `nominal.update` with before and after. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422)."#,
    params(
        super::NominalPath,
        ("If-Match" = Option<String>, Header, description = r#"The ETag of the read the change is based on, e.g. `"3"` (the quotes are optional). Anything else (a weak ETag, `*`) is 400 `invalid_if_match`."#)
    ),
    request_body = NominalInput,
    responses(
        (status = 200, description = "Updated: the whole record as it now stands.", body = mappa_domain::record::NominalRecord, headers(("ETag" = String, description = r#"The record's version in double quotes, e.g. `"3"`. Send it back as If-Match to make an update refuse if the record changed."#))),
        (status = 400, description = "`malformed_json`, `unknown_field`, or `invalid_if_match` (field `If-Match`) when If-Match is not a version in quotes.", body = crate::error::Body),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 403, response = super::responses::Forbidden),
        (status = 404, response = super::responses::NotFound),
        (status = 409, description = "`edited_elsewhere`: If-Match named a version other than the current one; read the record again and reapply the change.", body = crate::error::Body),
        (status = 413, response = super::responses::BodyTooLarge),
        (status = 415, response = super::responses::UnsupportedMediaType),
        (status = 422, description = "Validation of the updated record failed: `invalid_type` or every problem with its field, as on creation.", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
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
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchInput {
    text: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    results: Vec<NominalSummary>,
    /// True when there may be more matches than shown: narrow the search.
    truncated: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/search",
    operation_id = "searchNominals",
    tag = "nominals",
    summary = "Search the records the caller can reach",
    description = "Finds records within the caller's agency's reach (owned, or shared and not withdrawn) by name, identifier or date of birth. A record matches when every word of `text` (the first five; accents and punctuation folded) begins a word of its name or of one of its other names; or when `text` is one of its identifiers (normalised, so `ab 12 34 56 c` finds `AB123456C`); or when `text` is one of its dates of birth (`YYYY-MM-DD` or `DD/MM/YYYY`). At most 50 results, ordered by surname then forenames; `truncated` says there may be more. Only case-working roles may search (403 otherwise). Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. The text travels in the body so that names and dates of birth never reach a URL or a proxy's log. Every search is audited as `nominal.search` with its text and the ids it returned.",
    request_body = SearchInput,
    responses(
        (status = 200, description = "The matches.", body = SearchResults),
        (status = 422, description = "`invalid_type`; `required` when `text` is missing or blank; `too_long` when it is over 200 characters (field `text`).", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn search(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<SearchInput>,
) -> ApiResult<Json<SearchResults>> {
    let results = s.app.search(&c.actor, input.text.as_deref().unwrap_or_default()).await?;
    let truncated = results.len() as i64 >= mappa_app::SEARCH_LIMIT;
    Ok(Json(SearchResults { results, truncated }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub(crate) id: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/addresses",
    operation_id = "addAddress",
    tag = "nominals",
    summary = "Add an address to a record's history",
    description = "Adds an address (current, past, or ending on a planned date). For no fixed abode, record where the person can regularly be found (NOTIF-15); `to` is null while the address is current (CONV-13). Only managers and supervisors of the owning agency may add addresses (403 for others within reach). Audited as `address.create`; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath
    ),
    request_body = AddressInput,
    responses(
        (status = 201, description = "Added: the new address's id.", body = Created),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `invalid_choice`, `invalid_date`, `date_in_future`, `end_before_start`, `invalid_postcode`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_address(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AddressInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let item = s.app.add_address(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: item.to_string() })))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/disposals",
    operation_id = "addDisposal",
    tag = "nominals",
    summary = "Add a disposal (conviction, caution or finding)",
    description = "Adds a disposal with its sentence and offences. `date` is the relevant date of conviction, caution or finding (CONV-4); Schedule 3 (NOTIF-01) and Schedule 15 (CAT-2) markers on any offence mark the disposal. Impossible combinations are refused with the field they concern (e.g. a caution with a sentence, `caution_with_sentence` on `sentence.type`). Only managers and supervisors of the owning agency may add disposals (403 for others within reach). Audited as `disposal.create`; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath
    ),
    request_body = DisposalInput,
    responses(
        (status = 201, description = "Added: the new disposal's id.", body = Created),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `too_many`, `invalid_choice`, `invalid_date`, `date_in_future`, `sentence_before_conviction`, `out_of_range`, `caution_with_sentence`, `finding_with_punishment`, `term_not_applicable`, `term_given_twice`, `period_not_applicable`, `unknown_disposal`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_disposal(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DisposalInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let item = s.app.add_disposal(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: item.to_string() })))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/decisions",
    operation_id = "recordDecision",
    tag = "mappa",
    summary = "Record a MAPPA category or level decision",
    description = "Changes the case's category or level by a recorded decision with a rationale and the caller as decision-maker (defensible decisions); the decision is kept as history in the record's `decisions`. The first category sets the case's start date when it has none. A level decision to 1 withdraws the shares that MAPPA meetings gave other agencies (a category of none, leaving MAPPA, also the referral's share to the MAPPA unit), each with the rationale as the reason. CAT-3a: Category 3 cases are managed only at level 2 or 3, so a decision that would leave Category 3 at level 1 is refused with 422 `category_3_at_level_1` (field `value`), checked against the case as it stands. Only managers, supervisors and chairs of the owning agency may decide (403 for others within reach). Audited as `mappa.decision` with the rationale as reason. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath
    ),
    request_body = DecisionInput,
    responses(
        (status = 201, description = "Recorded: the MAPPA case after the decision.", body = MappaCase),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `invalid_choice`, `out_of_range`, `invalid_date`, `date_in_future`; or `category_3_at_level_1` (CAT-3a).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record_decision(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<(StatusCode, Json<MappaCase>)> {
    let case = s.app.record_decision(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(case)))
}

#[utoipa::path(
    put,
    path = "/api/v1/nominals/{id}/mappa",
    operation_id = "updateMappaCase",
    tag = "mappa",
    summary = "Set the MAPPA case's lead agency, area, status and dates",
    description = "Sets the administrative details of the MAPPA case. Fields absent (or null or empty) keep their stored values; category and level are not set here (record a decision). The exit date must not be before the start date, including a stored one. Only managers and supervisors of the owning agency may change it (403 for others within reach). Audited as `mappa.case_update`; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath
    ),
    request_body = CaseDetailsInput,
    responses(
        (status = 200, description = "Updated: the MAPPA case as it now stands.", body = MappaCase),
        (status = 422, description = "`invalid_type`, or every problem with its field: `invalid_agency_code`, `unknown_agency` (field `lead_agency`), `too_long`, `invalid_characters`, `invalid_choice`, `invalid_date`, `date_in_future`, `end_before_start`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn update_case(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CaseDetailsInput>,
) -> ApiResult<Json<MappaCase>> {
    Ok(Json(s.app.update_case(&c.actor, nominal_id(&id)?, &input).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareRequest {
    agency: Option<String>,
    reason: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/shares",
    operation_id = "shareNominal",
    tag = "sharing",
    summary = "Share a record with another agency",
    description = "Gives another agency's case-working users sight of the record (read only), with the reason recorded. Only managers and supervisors of the owning agency may share (403 for others within reach, including agencies it is shared with). A record can have one active share per agency: sharing again is 409 `already_shared` until that share is withdrawn. Audited as `share.create` with the reason; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath
    ),
    request_body = ShareRequest,
    responses(
        (status = 201, description = "Shared: the new share's id (use it to withdraw the share).", body = Created),
        (status = 409, description = "`already_shared`: the record is already shared with that agency.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`; `required` (field `agency` or `reason`); `too_long` or `invalid_characters` (field `reason`); `unknown_agency` or `own_agency` (field `agency`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
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
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawInput {
    reason: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/shares/{share_id}/withdraw",
    operation_id = "withdrawShare",
    tag = "sharing",
    summary = "Withdraw a share",
    description = "Withdraws an active share, optionally with a reason given in the body (kept out of URLs and logs); the share stays in the record's history with `withdrawn_at`, `withdrawn_by` and `withdrawal_reason`. From then on the record is outside that agency's reach (404 to its users) unless shared again. A share that does not exist on this record, or is already withdrawn, is 404. Only managers and supervisors of the owning agency may withdraw (403 for others within reach). Audited as `share.withdraw` with the reason; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath,
        ("share_id" = String, Path, format = Uuid, description = "The share's id (from the share's `Created` answer or the record's `shares`). Not a UUID, unknown, or already withdrawn: 404.")
    ),
    request_body = WithdrawInput,
    responses(
        (status = 204, description = "Withdrawn."),
        (status = 422, description = "`too_long`: the reason is over 2000 characters (field `reason`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
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
#[derive(Serialize, utoipa::ToSchema)]
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
#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEvents {
    events: Vec<AuditEvent>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    operation_id = "searchAuditTrail",
    tag = "audit",
    summary = "The audit trail across agencies (auditors only)",
    description = "Who looked at or changed a person's record, and what a user looked at, across every agency: for the auditor role only (403 otherwise). Newest first, at most 500. Who, when, which action, which record and which fields changed are always shown; the values only for records within the auditor's own agency's reach (see `AuditEvent`). The search is itself audited as `audit.search` with its filter.",
    params(
        AuditQuery
    ),
    responses(
        (status = 200, description = "The matching audit records.", body = AuditEvents),
        (status = 400, description = "`invalid_query`: a query parameter not listed.", body = crate::error::Body),
        (status = 422, description = "Every problem with its field: `invalid_id`, `invalid_date`, `before_start`, `too_long`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditTrail {
    nominal_id: String,
    events: Vec<AuditEvent>,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/audit",
    operation_id = "getAuditTrail",
    tag = "audit",
    summary = "Read a record's audit trail",
    description = "Every audit record about the person (changes and reads), newest first, at most 1000, from the hash-chained audit log (principle 1). Viewing the trail is itself audited (`audit.view`) and appears first. Allowed to managers and supervisors of the owning agency, and to auditors for any existing record, whatever its agency (VIS-04); other case-working users within reach (including agencies the record is shared with) get 403. Apart from auditors: Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The trail.", body = AuditTrail),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 403, response = super::responses::Forbidden),
        (status = 404, response = super::responses::NotFound),
        (status = 500, response = super::responses::InternalError)
    )
)]
pub async fn audit(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<AuditTrail>> {
    let id = nominal_id(&id)?;
    let trail = s.app.audit_trail(&c.actor, id).await?;
    Ok(Json(AuditTrail {
        nominal_id: id.to_string(),
        events: trail.events.into_iter().map(AuditEvent::from).collect(),
    }))
}
