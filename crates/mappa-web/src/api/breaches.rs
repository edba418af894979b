//! Breaches and wanted/missing circulations over JSON (NOTIF-50..53, SRO-8).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::BreachesView;
use mappa_domain::breaches::{Breach, BreachInput, CancelInput, Circulation, CirculationInput, OutcomeInput};
use mappa_domain::ids::{ItemId, NominalId};

/// Ids that do not parse are not found, like records outside reach.
fn id_of<T: std::str::FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::not_found())
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/breaches",
    operation_id = "listBreaches",
    tag = "nominals",
    summary = "Read a record's breaches and wanted/missing circulations",
    description = "Breaches, most recently established first, each with its recording check (NOTIF-53) and its outcome history (oldest first; the latest by date is the current outcome); the current circulation, if any; and every circulation, cancelled ones included. Any case-working user who reaches the record may read; the read is audited as `breaches.view`. Need-to-know (principle 2): a record outside the caller's reach answers 404 exactly like a missing one; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The breaches and circulations.", body = BreachesView),
        super::responses::RecordRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<BreachesView>> {
    Ok(Json(s.app.breaches(&c.actor, id_of::<NominalId>(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/breaches",
    operation_id = "recordBreach",
    tag = "nominals",
    summary = "Record a suspected breach",
    description = "Records a suspected breach: failure to notify or false information (NOTIF-50), breach of an order (SHPO-7, SRO-7; give `order_id`), or breach of a licence condition (REC-1; give `licence_condition`). `discovered_at` is when the breach was established, a UK local date and time `YYYY-MM-DDTHH:MM` (Europe/London) or an RFC 3339 time with an offset; it must not be in the future, and a local time skipped by the clocks going forward is refused. The recording deadline is the configured hours after it (NOTIF-53; `schedules.breach_record_hours`, default 24, CONV-12), counted as elapsed time; a breach recorded after the deadline has `recording.late = true`. Audited as `breach.create`. Need-to-know (principle 2): a record outside the caller's reach answers 404 exactly like a missing one; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    request_body = BreachInput,
    responses(
        (status = 201, description = "Recorded: the breach as stored, with its recording check.", body = Breach),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `invalid_choice`, `not_applicable`, `invalid_datetime`, `time_does_not_exist`, `date_in_future`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BreachInput>,
) -> ApiResult<(StatusCode, Json<Breach>)> {
    let b = s.app.record_breach(&c.actor, id_of(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/breaches/{breach_id}/outcomes",
    operation_id = "recordBreachOutcome",
    tag = "nominals",
    summary = "Record an outcome of a breach",
    description = "Adds an outcome to the breach's history (earlier outcomes are kept): no further action, warning, caution, charge, conviction or recall to custody, with its date (not before the UK date the breach was established, not in the future) and optional court and reference. A conviction or caution for breach of an SRO makes the person subject to notification (SRO-8). Audited as `breach.outcome`. Need-to-know (principle 2): a record outside the caller's reach answers 404 exactly like a missing one; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath,
        ("breach_id" = String, Path, format = Uuid, description = "The breach's id. Not a UUID, unknown, or another record's: 404.")
    ),
    request_body = OutcomeInput,
    responses(
        (status = 201, description = "Recorded: the breach with its outcome history.", body = Breach),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `invalid_choice`, `invalid_date`, `date_in_future`, `before_discovery`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_outcome(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, breach)): Path<(String, String)>,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> ApiResult<(StatusCode, Json<Breach>)> {
    let b = s.app.record_breach_outcome(&c.actor, id_of(&id)?, id_of::<ItemId>(&breach)?, &input).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/circulations",
    operation_id = "circulate",
    tag = "nominals",
    summary = "Mark the person wanted or missing",
    description = "Records a wanted or missing circulation on the PNC with its reference (two digits for the year, a slash, 1 to 7 digits and a letter, like `26/123456W`; stored in upper case) and the date it started (not in the future). A person has one current circulation at a time. Read them with GET `/api/v1/nominals/{id}/breaches`. Audited as `circulation.create`. Need-to-know (principle 2): a record outside the caller's reach answers 404 exactly like a missing one; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    request_body = CirculationInput,
    responses(
        (status = 201, description = "Recorded: the circulation.", body = Circulation),
        (status = 409, description = "`already_circulated`: The person is already circulated as wanted or missing: cancel that first.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_choice`, `invalid_pnc_reference`, `invalid_date`, `date_in_future`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn circulate(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CirculationInput>,
) -> ApiResult<(StatusCode, Json<Circulation>)> {
    let x = s.app.circulate(&c.actor, id_of(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(x)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/circulations/{circulation_id}/cancel",
    operation_id = "cancelCirculation",
    tag = "nominals",
    summary = "Cancel a wanted or missing circulation",
    description = "Cancels the circulation with the date it ended (not before it started, not in the future); it stays in the history. Audited as `circulation.cancel` with before and after. Need-to-know (principle 2): a record outside the caller's reach answers 404 exactly like a missing one; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath,
        ("circulation_id" = String, Path, format = Uuid, description = "The circulation's id. Not a UUID, unknown, or another record's: 404.")
    ),
    request_body = CancelInput,
    responses(
        (status = 200, description = "Cancelled: the circulation.", body = Circulation),
        (status = 409, description = "`already_cancelled`: That circulation has already been cancelled.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `date_in_future`, `end_before_start`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn cancel(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, circulation)): Path<(String, String)>,
    ApiJson(input): ApiJson<CancelInput>,
) -> ApiResult<Json<Circulation>> {
    Ok(Json(s.app.cancel_circulation(&c.actor, id_of(&id)?, id_of::<ItemId>(&circulation)?, &input).await?))
}
