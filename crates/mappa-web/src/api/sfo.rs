//! Serious further offences and Serious Case Reviews over JSON (issue 11,
//! journey 5; SFO-1, SCR-1..3).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::sfo::{Sfo, SfoInput, SfoStepInput};

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/sfo",
    operation_id = "listSfos",
    tag = "nominals",
    summary = "A record's serious further offences",
    description = "Each notification with its reviews, action plan, outcome and, for a MAPPA case, the Serious Case Review: the Board's decision, remit, lay adviser, notification and actions. The latest first. Audited as `sfos.view`.",
    params(super::NominalPath),
    responses(
        (status = 200, description = "The serious further offences.", body = Vec<Sfo>),
        super::responses::RecordRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Sfo>>> {
    Ok(Json(s.app.sfos(&c.actor, super::nominals::nominal_id(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/sfo",
    operation_id = "notifySfo",
    tag = "nominals",
    summary = "Notify a serious further offence",
    description = "A person under supervision charged with a qualifying serious violent or sexual offence (SFO-1): `charged_on` and `offence` are required; `notified_on` defaults to today. The MAPPA category and level are kept as they stand: a MAPPA case may have a Serious Case Review. Practitioners of an agency that reaches the record (403 for reception and roles that do not work cases). Audited as `sfo.notify`.",
    params(super::NominalPath),
    request_body = SfoInput,
    responses(
        (status = 201, description = "Notified.", body = Sfo),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `date_in_future`, `too_long`, `before_charge` (`notified_on`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn notify(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SfoInput>,
) -> ApiResult<(StatusCode, Json<Sfo>)> {
    Ok((StatusCode::CREATED, Json(s.app.record_sfo(&c.actor, super::nominals::nominal_id(&id)?, &input).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/sfo/{sfo_id}/steps",
    operation_id = "recordSfoStep",
    tag = "nominals",
    summary = "Record a step of a serious further offence or its Serious Case Review",
    description = "`stage`: `initial_review`, `full_review` (after the initial one), `action_plan`, `outcome` (each with a `note`), `scr_decision` (MAPPA cases only: the Board's `warranted`, its reasons in `note`, and when warranted the `remit` and the `lay_adviser`, SCR-2; the SMB chair and coordinator are then to be notified within 5 days, SCR-3, a task), `scr_notified`, `scr_action` (the report's action: `note`, `owner_role` by grade, rank or role, `due_date`, SCR-3) or `closed`. `on` defaults to today. The Serious Case Review's steps are the MAPPA unit's (coordinators and chairs); the rest any practitioner's who reaches the record. Audited as `sfo.step`.",
    params(
        super::NominalPath,
        ("sfo_id" = String, Path, format = Uuid, description = "The SFO's id. Unknown or another record's: 404.")
    ),
    request_body = SfoStepInput,
    responses(
        (status = 201, description = "Recorded: the SFO with its steps.", body = Sfo),
        (status = 422, description = "Every problem with its field: `required`, `invalid_choice`, `invalid_date`, `before_notification` (`on`), `before_initial_review`, `not_mappa`, `already_decided`, `no_scr` and `closed` (`stage`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn step(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, sfo)): Path<(String, String)>,
    ApiJson(input): ApiJson<SfoStepInput>,
) -> ApiResult<(StatusCode, Json<Sfo>)> {
    let sfo = sfo.parse().map_err(|_| ApiError::not_found())?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.record_sfo_step(&c.actor, super::nominals::nominal_id(&id)?, sfo, &input).await?),
    ))
}
