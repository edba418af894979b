//! Civil orders and licences (rules.md §4, §5) in the JSON API.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::licence::{ConditionReviewInput, Licence, LicenceInput, RecallInput};
use mappa_domain::orders::{ChangeInput, CivilOrder, OrderInput, PassportInput};
use serde::Serialize;

/// Ids that do not parse are simply not found (principle 2).
fn nominal_id(raw: &str) -> ApiResult<NominalId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

fn item_id(raw: &str) -> ApiResult<ItemId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

pub async fn add_order(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrderInput>,
) -> ApiResult<Response> {
    let id = nominal_id(&id)?;
    let order = s.app.add_order(&c.actor, id, &input).await?;
    let location = format!("/api/v1/nominals/{id}/orders");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(order)).into_response())
}

#[derive(Serialize)]
pub struct OrderList {
    orders: Vec<CivilOrder>,
}

pub async fn list_orders(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<OrderList>> {
    let all = s.app.orders_and_licence(&c.actor, nominal_id(&id)?).await?;
    Ok(Json(OrderList { orders: all.orders }))
}

pub async fn change_order(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, order)): Path<(String, String)>,
    ApiJson(input): ApiJson<ChangeInput>,
) -> ApiResult<(StatusCode, Json<CivilOrder>)> {
    let order = s.app.change_order(&c.actor, nominal_id(&id)?, item_id(&order)?, &input).await?;
    Ok((StatusCode::CREATED, Json(order)))
}

pub async fn record_passport(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, order)): Path<(String, String)>,
    ApiJson(input): ApiJson<PassportInput>,
) -> ApiResult<Json<CivilOrder>> {
    Ok(Json(s.app.record_passport(&c.actor, nominal_id(&id)?, item_id(&order)?, &input).await?))
}

pub async fn record_licence(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LicenceInput>,
) -> ApiResult<(StatusCode, Json<Licence>)> {
    let l = s.app.record_licence(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(l)))
}

#[derive(Serialize)]
pub struct LicenceAnswer {
    /// The current licence, or null.
    current: Option<Licence>,
    /// Licences it superseded, latest first.
    history: Vec<Licence>,
}

pub async fn licence(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<LicenceAnswer>> {
    let all = s.app.licences(&c.actor, nominal_id(&id)?).await?;
    let (current, history): (Vec<Licence>, Vec<Licence>) = all.into_iter().partition(|l| l.superseded_at.is_none());
    Ok(Json(LicenceAnswer { current: current.into_iter().next(), history }))
}

pub async fn record_recall(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RecallInput>,
) -> ApiResult<(StatusCode, Json<Licence>)> {
    let l = s.app.record_recall(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(l)))
}

pub async fn review_condition(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, condition)): Path<(String, String)>,
    ApiJson(input): ApiJson<ConditionReviewInput>,
) -> ApiResult<Json<Licence>> {
    let l = s.app.review_licence_condition(&c.actor, nominal_id(&id)?, item_id(&condition)?, &input).await?;
    Ok(Json(l))
}
