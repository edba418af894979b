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

pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<BreachesView>> {
    Ok(Json(s.app.breaches(&c.actor, id_of::<NominalId>(&id)?).await?))
}

pub async fn record(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BreachInput>,
) -> ApiResult<(StatusCode, Json<Breach>)> {
    let b = s.app.record_breach(&c.actor, id_of(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

pub async fn add_outcome(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, breach)): Path<(String, String)>,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> ApiResult<(StatusCode, Json<Breach>)> {
    let b = s.app.record_breach_outcome(&c.actor, id_of(&id)?, id_of::<ItemId>(&breach)?, &input).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

pub async fn circulate(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CirculationInput>,
) -> ApiResult<(StatusCode, Json<Circulation>)> {
    let x = s.app.circulate(&c.actor, id_of(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(x)))
}

pub async fn cancel(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, circulation)): Path<(String, String)>,
    ApiJson(input): ApiJson<CancelInput>,
) -> ApiResult<Json<Circulation>> {
    Ok(Json(s.app.cancel_circulation(&c.actor, id_of(&id)?, id_of::<ItemId>(&circulation)?, &input).await?))
}
