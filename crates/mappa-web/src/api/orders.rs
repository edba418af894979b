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

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/orders",
    operation_id = "addOrder",
    tag = "orders",
    summary = "Add a civil order",
    description = "Adds an order with its terms and foreign-travel prohibition. Audited as `order.create`. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    request_body = OrderInput,
    responses(
        (status = 201, description = "Added: the order as stored.", body = CivilOrder),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `too_many`, `invalid_choice`, `invalid_date`, `date_in_future`, `served_before_made`, `end_before_start`, `below_minimum`, `above_maximum`, `after_order_end`, `invalid_country`, `not_applicable`, `before_order`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrderList {
    orders: Vec<CivilOrder>,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/orders",
    operation_id = "listOrders",
    tag = "orders",
    summary = "List a record's civil orders",
    description = "Every order with its terms, travel prohibition, passport and changes, newest first. The read is audited (`orders.view`). Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The answer.", body = OrderList),
        super::responses::RecordRead
    )
)]
pub async fn list_orders(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<OrderList>> {
    let all = s.app.orders_and_licence(&c.actor, nominal_id(&id)?).await?;
    Ok(Json(OrderList { orders: all.orders }))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/orders/{order_id}/changes",
    operation_id = "changeOrder",
    tag = "orders",
    summary = "Record a variation, renewal or discharge",
    description = "A dated, reasoned change kept as history. Audited as `order.variation`, `order.renewal` or `order.discharge` with the order before and after. 409 `edited_elsewhere` if the order changed while the change was checked. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath,
        ("order_id" = String, Path, format = Uuid, description = "The order's id. Not a UUID, or not an order of this record: 404.")
    ),
    request_body = ChangeInput,
    responses(
        (status = 201, description = "Recorded: the order after the change.", body = CivilOrder),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_choice`, `invalid_date`, `date_in_future`, `before_order`, `order_discharged`, `not_applicable`, `below_minimum`, `above_maximum`, `not_an_extension`, `already_ended`, `after_order_end`, `no_travel_prohibition`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn change_order(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, order)): Path<(String, String)>,
    ApiJson(input): ApiJson<ChangeInput>,
) -> ApiResult<(StatusCode, Json<CivilOrder>)> {
    let order = s.app.change_order(&c.actor, nominal_id(&id)?, item_id(&order)?, &input).await?;
    Ok((StatusCode::CREATED, Json(order)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/orders/{order_id}/passport",
    operation_id = "recordPassport",
    tag = "orders",
    summary = "Record passport surrender or return",
    description = "For an order with a foreign-travel prohibition (SHPO-3). Audited as `order.passport`. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath,
        ("order_id" = String, Path, format = Uuid, description = "The order's id. Not a UUID, or not an order of this record: 404.")
    ),
    request_body = PassportInput,
    responses(
        (status = 200, description = "Recorded: the order.", body = CivilOrder),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_date`, `date_in_future`, `before_order`, `returned_before_surrendered`, `no_travel_prohibition`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record_passport(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, order)): Path<(String, String)>,
    ApiJson(input): ApiJson<PassportInput>,
) -> ApiResult<Json<CivilOrder>> {
    Ok(Json(s.app.record_passport(&c.actor, nominal_id(&id)?, item_id(&order)?, &input).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/licence",
    operation_id = "recordLicence",
    tag = "orders",
    summary = "Record a licence",
    description = "Records the person's licence; the current one is superseded and kept. Audited as `licence.create`. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    request_body = LicenceInput,
    responses(
        (status = 201, description = "Recorded: the current licence.", body = Licence),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `invalid_choice`, `invalid_time`, `unknown_disposal`, `too_many`, `not_applicable`, `release_after_led`, `led_after_sed`, `pss_before_led`, `crd_after_led`, `hdced_after_crd`, `hdcad_before_hdced`, `hdcad_after_crd`, `ped_after_sed`, `prrd_before_release`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record_licence(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LicenceInput>,
) -> ApiResult<(StatusCode, Json<Licence>)> {
    let l = s.app.record_licence(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(l)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LicenceAnswer {
    /// The current licence, or null.
    current: Option<Licence>,
    /// Licences it superseded, latest first.
    history: Vec<Licence>,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/licence",
    operation_id = "getLicence",
    tag = "orders",
    summary = "Read a record's licence",
    description = "The current licence (or null) and those it superseded, with conditions and recalls. The read is audited (`licence.view`). Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The answer.", body = LicenceAnswer),
        super::responses::RecordRead
    )
)]
pub async fn licence(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<LicenceAnswer>> {
    let all = s.app.licences(&c.actor, nominal_id(&id)?).await?;
    let (current, history): (Vec<Licence>, Vec<Licence>) = all.into_iter().partition(|l| l.superseded_at.is_none());
    Ok(Json(LicenceAnswer { current: current.into_iter().next(), history }))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/licence/recall",
    operation_id = "recordRecall",
    tag = "orders",
    summary = "Record a recall",
    description = "Records a recall on the current licence (REC-1, REC-2). Audited as `licence.recall` with the reasons. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath
    ),
    request_body = RecallInput,
    responses(
        (status = 201, description = "Recorded: the current licence with its recalls.", body = Licence),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `date_in_future`, `invalid_choice`, `too_long`, `no_licence`, `recall_before_release`, `after_licence_expiry`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record_recall(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RecallInput>,
) -> ApiResult<(StatusCode, Json<Licence>)> {
    let l = s.app.record_recall(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(l)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/licence/conditions/{condition_id}/review",
    operation_id = "reviewLicenceCondition",
    tag = "orders",
    summary = "Record a review of a licence condition",
    description = "Records a review of an additional condition of the person's current licence (LIC-A14: additional conditions are requested through MAPPA where relevant and reviewed): the day of the review and, optionally, by when it is next to be reviewed, which replaces the review date due and so the `condition_review` obligation and its task. Audited as `licence_condition.review` with the dates before and after. Need-to-know (principle 2): records outside the caller's reach, and conditions not on the current licence, answer 404; within reach, writing needs a manager or supervisor of the owning agency (403 otherwise).",
    params(
        super::NominalPath,
        ("condition_id" = String, Path, description = "The id of an additional condition of the current licence; any other answers 404.")
    ),
    request_body = ConditionReviewInput,
    responses(
        (status = 200, description = "Recorded: the current licence with its conditions.", body = Licence),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `date_in_future`, `before_release`, `not_after_review`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn review_condition(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, condition)): Path<(String, String)>,
    ApiJson(input): ApiJson<ConditionReviewInput>,
) -> ApiResult<Json<Licence>> {
    let l = s.app.review_licence_condition(&c.actor, nominal_id(&id)?, item_id(&condition)?, &input).await?;
    Ok(Json(l))
}
