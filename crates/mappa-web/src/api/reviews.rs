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

#[derive(Serialize)]
pub struct ReviewApplications {
    applications: Vec<ReviewApplicationView>,
}

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

pub async fn read(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, application)): Path<(String, String)>,
) -> ApiResult<Json<ReviewApplicationView>> {
    Ok(Json(s.app.review_application(&c.actor, nominal_id(&id)?, item_id(&application)?).await?))
}

pub async fn add_stage(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, application)): Path<(String, String)>,
    ApiJson(input): ApiJson<ReviewStageInput>,
) -> ApiResult<(StatusCode, Json<ReviewApplicationView>)> {
    let view = s.app.record_review_stage(&c.actor, nominal_id(&id)?, item_id(&application)?, &input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}
