//! Review of indefinite notification requirements (REV-01..REV-08): a
//! record's applications, a new application, and each next stage.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use mappa_app::ReviewApplicationView;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::review_application::{ReviewApplicationInput, ReviewStageInput};
use serde::Serialize;

/// Ids that do not parse are simply not found (principle 2).
fn nominal_id(raw: &str) -> ApiResult<NominalId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

fn item_id(raw: &str) -> ApiResult<ItemId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewApplications {
    applications: Vec<ReviewApplicationView>,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/review-applications",
    operation_id = "listReviewApplications",
    tag = "reviews",
    summary = "List a record's applications for review of indefinite notification",
    description = "The applications for review of indefinite notification requirements (SOA 2003 ss91A-91F; REV-01..REV-08), newest first, each with its stages in order and its `status`: the decision due date (REV-07: `notification.review_decision_weeks` weeks from receipt, configuration because rules.md marks it UNCONFIRMED) and whether it is overdue, the last day to appeal a decision to continue (REV-08: `notification.review_appeal_days` days beginning with the day of notice, UNCONFIRMED), the further qualifying date after a decision to continue (REV-04), the stages that may come next, and the explanation of each date. The read is audited (`review_application.view`). Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The applications.", body = ReviewApplications),
        super::responses::RecordRead
    )
)]
pub async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<ReviewApplications>> {
    let applications = s.app.review_applications(&c.actor, nominal_id(&id)?).await?;
    Ok(Json(ReviewApplications { applications }))
}

/// Records an application. The eligibility check (REV-01, REV-03) needs the
/// rules engine's assessment of the stored facts, which is not yet available
/// here, so it is not applied on this route.
#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/review-applications",
    operation_id = "createReviewApplication",
    tag = "reviews",
    summary = "Record an application for review of indefinite notification",
    description = "Records an application received in writing (REV-02) on `received` (today or earlier). Only managers and supervisors of the owning agency may record it (403 for others within reach). Audited as `review_application.create`; the record's version increases. The eligibility check (REV-01 qualifying relevant offender, REV-03 qualifying date: `before_qualifying_date` on `received`) needs the rules engine's assessment of the stored facts and is not yet applied on this route. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath
    ),
    request_body = ReviewApplicationInput,
    responses(
        (status = 201, description = "Recorded: the application with its status; `Location` is its address (`GET /api/v1/nominals/{id}/review-applications/{app_id}`).", body = ReviewApplicationView),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `date_in_future` (`received`), `not_in_writing` (`in_writing`), `too_long`, `invalid_characters` (`notes`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReviewApplicationInput>,
) -> ApiResult<Response> {
    let id = nominal_id(&id)?;
    let view = s.app.record_review_application(&c.actor, id, &input).await?;
    let location = format!("/api/v1/nominals/{id}/review-applications/{}", view.application.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(view)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/review-applications/{app_id}",
    operation_id = "getReviewApplication",
    tag = "reviews",
    summary = "Read one review application",
    description = "The application with its stages in order and its `status` (as in the list). The read is audited (`review_application.view`). Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath,
        ("app_id" = String, Path, format = Uuid, description = "The application's id. Not a UUID, or not an application on this record: 404.")
    ),
    responses(
        (status = 200, description = "The application.", body = ReviewApplicationView),
        super::responses::RecordRead
    )
)]
pub async fn read(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, application)): Path<(String, String)>,
) -> ApiResult<Json<ReviewApplicationView>> {
    Ok(Json(s.app.review_application(&c.actor, nominal_id(&id)?, item_id(&application)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/review-applications/{app_id}/stages",
    operation_id = "recordReviewStage",
    tag = "reviews",
    summary = "Record the next stage of a review application",
    description = "Records one stage with its date (REV-06). Stages come in order: `acknowledged`, `bodies_consulted` (`bodies`), `victims_consulted` (`victims`, and `reason` when `not_applicable`), `risk_assessed` (`factors`: every s91D factor, REV-05, each with optional notes), `decided` (`outcome` `continue` or `discharge`, `reasons`, `notice_date`, and when continuing `further_review_years`: 8 by default, at most `notification.review_further_period_max_years`, REV-04, UNCONFIRMED), then `appeal_lodged` (only after a decision to continue, within `notification.review_appeal_days` days beginning with the day of notice: REV-08, UNCONFIRMED), `appeal_decided` (`outcome` `upheld` or `allowed`) and `closed`; `closed` may follow any decision. A stage's date is today or earlier and not before the stage before it. Fields that belong to another stage are refused as `not_applicable`. Only managers and supervisors of the owning agency may record stages (403 for others within reach). Audited as `review_application.stage`; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role (manager, supervisor, reception, coordinator, chair or partner). Records outside the caller's reach answer 404 exactly like missing ones, so their existence never leaks; within reach, an action the caller's roles do not allow answers 403. Checks run in this order: the token (401); the body (415, 413, 400, and 422 `invalid_type` for a value of the wrong JSON type); the caller's access (404, 403); then validation of the values (422).",
    params(
        super::NominalPath,
        ("app_id" = String, Path, format = Uuid, description = "The application's id. Not a UUID, or not an application on this record: 404.")
    ),
    request_body = ReviewStageInput,
    responses(
        (status = 201, description = "Recorded: the application with its stages and status.", body = ReviewApplicationView),
        (status = 409, description = "`edited_elsewhere`: another stage was recorded at the same moment; read the application again.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_choice`, `invalid_date`, `date_in_future`, `too_long`, `invalid_characters`, `out_of_order`, `application_closed`, `appeal_without_continuation` (`stage`); `before_previous_stage`, `before_notice`, `appeal_out_of_time` (`date`); `not_applicable`; `duplicate`, `factors_not_considered` (`factors`); `out_of_range` (`further_review_years`); `before_decision` (`notice_date`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_stage(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, application)): Path<(String, String)>,
    ApiJson(input): ApiJson<ReviewStageInput>,
) -> ApiResult<(StatusCode, Json<ReviewApplicationView>)> {
    let view = s.app.record_review_stage(&c.actor, nominal_id(&id)?, item_id(&application)?, &input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}
