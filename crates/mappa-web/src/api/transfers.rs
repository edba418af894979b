//! Moving a case to another MAPPA area or local unit over JSON (issue 11, journey 7).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::transfers::{Transfer, TransferAnswerInput, TransferInput};
use serde::Serialize;

/// A transfer awaiting an answer, to or from the caller's agency.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OpenTransfer {
    pub nominal_id: String,
    pub name: String,
    #[serde(flatten)]
    pub transfer: Transfer,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/transfers",
    operation_id = "listTransfers",
    tag = "nominals",
    summary = "A record's transfers between areas",
    description = "Each request with where from and to, the reason, the day it should be answered by, the escalation day for a Level 3 case, and the answer. The latest first. Audited as `transfers.view`.",
    params(super::NominalPath),
    responses(
        (status = 200, description = "The transfers.", body = Vec<Transfer>),
        super::responses::RecordRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Transfer>>> {
    let list = s.app.transfers(&c.actor, super::nominals::nominal_id(&id)?).await?;
    Ok(Json(list.into_iter().map(|t| t.transfer).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/transfers",
    operation_id = "requestTransfer",
    tag = "nominals",
    summary = "Ask to move a case to another MAPPA area or local unit",
    description = "`to_area` (an area's code) and `reason` are required; `to_unit` names a local unit of that area. The receiving agency is the one of the owning agency's kind in that area (of that unit first); it is given sight of the record to judge the case, and should answer within the configured days (`schedules.transfer_response_days`, default 10): a task for it and, in the owning team's compliance list, the day the answer is due. A Level 3 case unanswered after `schedules.transfer_level_3_escalation_days` (default 5) raises an escalation task for both agencies and the receiving area's MAPPA unit. The owning agency's managers and supervisors may (403 otherwise). Audited as `transfer.request`.",
    params(super::NominalPath),
    request_body = TransferInput,
    responses(
        (status = 201, description = "Requested.", body = Transfer),
        (status = 409, description = "`transfer_open`: one is already awaiting an answer.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required` (`to_area`, `reason`), `too_long`, `unknown_area` and `same_area` and `no_receiving_agency` (`to_area`), `unknown_unit` (`to_unit`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn request(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TransferInput>,
) -> ApiResult<(StatusCode, Json<Transfer>)> {
    Ok((StatusCode::CREATED, Json(s.app.request_transfer(&c.actor, super::nominals::nominal_id(&id)?, &input).await?)))
}

#[utoipa::path(
    get,
    path = "/api/v1/transfers",
    operation_id = "listOpenTransfers",
    tag = "nominals",
    summary = "Transfers to or from the caller's agency awaiting an answer",
    description = "Soonest due first, each with the person's id and name. Audited as `transfers.view`. Only for those who work cases (403 otherwise).",
    responses(
        (status = 200, description = "The transfers.", body = Vec<OpenTransfer>),
        (status = 401, description = "`unauthenticated`.", body = crate::error::Body),
        (status = 403, description = "`forbidden`.", body = crate::error::Body)
    )
)]
pub async fn open(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<Vec<OpenTransfer>>> {
    let list = s.app.open_transfers(&c.actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|(id, name, transfer)| OpenTransfer { nominal_id: id.to_string(), name, transfer })
            .collect(),
    ))
}

async fn answer(
    s: AppState,
    c: ApiCaller,
    id: String,
    accept: bool,
    input: TransferAnswerInput,
) -> ApiResult<Json<Transfer>> {
    let id = id.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.answer_transfer(&c.actor, id, accept, &input).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/transfers/{id}/accept",
    operation_id = "acceptTransfer",
    tag = "nominals",
    summary = "Accept a transfer to the caller's agency",
    description = "The receiving agency's managers and supervisors (403 otherwise). The case, its owning agency, area and unit move, and the lead agency when the sending agency led; the sending agency keeps read access for the configured handover period (`schedules.transfer_handover_days`, default 28) with a task to hand over, then loses it. `reason` is optional. Audited as `transfer.accept`.",
    params(("id" = String, Path, format = Uuid, description = "The transfer's id. Unknown, or for a record outside the caller's reach: 404.")),
    request_body = TransferAnswerInput,
    responses(
        (status = 200, description = "Accepted.", body = Transfer),
        (status = 409, description = "`already_decided`.", body = crate::error::Body),
        (status = 422, description = "`own_transfer` (`transfer`): the caller's own agency asked for it; `too_long` (`reason`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn accept(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TransferAnswerInput>,
) -> ApiResult<Json<Transfer>> {
    answer(s, c, id, true, input).await
}

#[utoipa::path(
    post,
    path = "/api/v1/transfers/{id}/refuse",
    operation_id = "refuseTransfer",
    tag = "nominals",
    summary = "Refuse a transfer to the caller's agency, with a reason",
    description = "The receiving agency's managers and supervisors (403 otherwise). `reason` is required. The receiving agency's sight of the record ends; the owning team keeps the case. Audited as `transfer.refuse`.",
    params(("id" = String, Path, format = Uuid, description = "The transfer's id. Unknown, or for a record outside the caller's reach: 404.")),
    request_body = TransferAnswerInput,
    responses(
        (status = 200, description = "Refused.", body = Transfer),
        (status = 409, description = "`already_decided`.", body = crate::error::Body),
        (status = 422, description = "`required` and `too_long` (`reason`), `own_transfer` (`transfer`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn refuse(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TransferAnswerInput>,
) -> ApiResult<Json<Transfer>> {
    answer(s, c, id, false, input).await
}
