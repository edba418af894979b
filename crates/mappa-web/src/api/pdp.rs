//! Potentially dangerous persons over JSON (issue 11, journey 6; PDP-1..6).

use crate::error::ApiResult;
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::pdp::{Pdp, PdpInput, PdpRemovalInput, PdpReviewInput};

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/pdp",
    operation_id = "listPdp",
    tag = "nominals",
    summary = "The person's periods as a potentially dangerous person",
    description = "Each period with its reasons, named officer (PDP-5), reviews, next review and, once over, its removal; the current one first. Empty when the person was never a PDP. Audited as `pdp.view`.",
    params(super::NominalPath),
    responses(
        (status = 200, description = "The periods.", body = Vec<Pdp>),
        super::responses::RecordRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Pdp>>> {
    Ok(Json(s.app.pdps(&c.actor, super::nominals::nominal_id(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/pdp",
    operation_id = "recordPdp",
    tag = "nominals",
    summary = "Record the person as a potentially dangerous person",
    description = "A person outside MAPPA whose behaviour gives reasonable grounds to believe there is a present likelihood of an offence causing serious harm (PDP-1, PDP-2). `reasons` is required; `officer` is the named officer's username, of the owning agency (PDP-5; by default the record's manager); `recorded_on` defaults to today. The first review falls due the configured months later (`schedules.pdp_review_months`, default 12), as an obligation in the compliance list and a task. The owning agency's decision-makers may (403 otherwise). Audited as `pdp.record`.",
    params(super::NominalPath),
    request_body = PdpInput,
    responses(
        (status = 201, description = "Recorded: every period, the current first.", body = Vec<Pdp>),
        (status = 409, description = "`already_pdp`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required` and `too_long` (`reasons`), `mappa_case` (`reasons`: a MAPPA case is not a PDP), `unknown_user` (`officer`), `invalid_date` and `date_in_future` (`recorded_on`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PdpInput>,
) -> ApiResult<(StatusCode, Json<Vec<Pdp>>)> {
    Ok((StatusCode::CREATED, Json(s.app.record_pdp(&c.actor, super::nominals::nominal_id(&id)?, &input).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/pdp/reviews",
    operation_id = "reviewPdp",
    tag = "nominals",
    summary = "Record a review of a potentially dangerous person",
    description = "`note` is required; `reviewed_on` defaults to today and may not be before the day they were recorded. The next review falls due the configured months after it (PDP-5). The owning agency's case workers may (403 otherwise). Audited as `pdp.review`.",
    params(super::NominalPath),
    request_body = PdpReviewInput,
    responses(
        (status = 201, description = "Reviewed: every period, the current first.", body = Vec<Pdp>),
        (status = 409, description = "`not_pdp`: they are not currently a PDP.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or `required` and `too_long` (`note`), `invalid_date`, `date_in_future` and `before_recorded` (`reviewed_on`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn review(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PdpReviewInput>,
) -> ApiResult<(StatusCode, Json<Vec<Pdp>>)> {
    Ok((StatusCode::CREATED, Json(s.app.review_pdp(&c.actor, super::nominals::nominal_id(&id)?, &input).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/pdp/removal",
    operation_id = "removePdp",
    tag = "nominals",
    summary = "End a person's status as a potentially dangerous person",
    description = "`reason` is required; `removed_on` defaults to today and may not be before the day they were recorded. No review is due after it. The owning agency's decision-makers may (403 otherwise). Audited as `pdp.remove`.",
    params(super::NominalPath),
    request_body = PdpRemovalInput,
    responses(
        (status = 200, description = "Removed: every period, the ended one first.", body = Vec<Pdp>),
        (status = 409, description = "`not_pdp`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or `required` and `too_long` (`reason`), `invalid_date`, `date_in_future` and `before_recorded` (`removed_on`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn remove(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PdpRemovalInput>,
) -> ApiResult<Json<Vec<Pdp>>> {
    Ok(Json(s.app.remove_pdp(&c.actor, super::nominals::nominal_id(&id)?, &input).await?))
}
