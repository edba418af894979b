//! MAPPA areas and panels over JSON (CAT-01, LVL-4, MTG-2).

use crate::error::ApiResult;
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mappa_domain::panels::{Area, Panel, PanelInput};
use serde::Deserialize;

/// Which panels to list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PanelParams {
    /// An area's code: only its panels.
    pub area: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/panels",
    operation_id = "listPanels",
    tag = "meetings",
    summary = "List the Level 2 and Level 3 panels",
    description = "Every panel (or an area's, with `area`): its `id`, `level` (2 for a local unit, 3 for the whole area, LVL-4), `area` and `unit` codes, chair (MTG-2) and meeting pattern. Panels hold no personal data: anyone signed in may list them. An unknown area answers 422 `unknown_area`.",
    params(PanelParams),
    responses(
        (status = 200, description = "The panels, Level 3 first.", body = Vec<Panel>),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "`unknown_area`.", body = crate::error::Body),
        super::responses::Signed
    )
)]
pub async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<PanelParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<Panel>>> {
    let Query(p) = q.map_err(|_| {
        crate::error::ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "The query parameter is: area")
    })?;
    Ok(Json(s.app.panels(&c.actor, p.area.as_deref()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/panels",
    operation_id = "createPanel",
    tag = "meetings",
    summary = "Add a panel (administrators)",
    description = "Adds a panel of an area: a Level 2 panel serves one local unit (`unit` required), a Level 3 panel the whole area (`unit` absent). `chair` is the username of an active user (MTG-2: a police or probation manager of senior rank). Audited as `panel.create`. Administrators only (403 otherwise).",
    request_body = PanelInput,
    responses(
        (status = 201, description = "Added.", body = Panel),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `out_of_range`, `not_applicable`, `unknown_area`, `unknown_unit`, `unknown_user`.", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<PanelInput>,
) -> ApiResult<(StatusCode, Json<Panel>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_panel(&c.actor, &input).await?)))
}

#[utoipa::path(
    get,
    path = "/api/v1/areas",
    operation_id = "listAreas",
    tag = "meetings",
    summary = "List the MAPPA areas and their local units",
    description = "Every MAPPA area (CAT-01) with its local units. No personal data: anyone signed in may list them.",
    responses(
        (status = 200, description = "The areas, by name.", body = Vec<Area>),
        super::responses::Signed
    )
)]
pub async fn areas(State(s): State<AppState>, _c: ApiCaller) -> ApiResult<Json<Vec<Area>>> {
    Ok(Json(s.app.areas().await?))
}
