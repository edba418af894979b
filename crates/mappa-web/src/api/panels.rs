//! MAPPA areas and panels over JSON (CAT-01, LVL-4, MTG-2).

use crate::error::ApiResult;
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
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

/// A local unit to add: its short code and name.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct UnitBody {
    pub code: Option<String>,
    pub name: Option<String>,
}

/// An area to add, with its local units if known.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AreaBody {
    pub code: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub units: Vec<UnitBody>,
}

fn pair(code: &Option<String>, name: &Option<String>) -> (String, String) {
    (code.clone().unwrap_or_default(), name.clone().unwrap_or_default())
}

#[utoipa::path(
    post,
    path = "/api/v1/areas",
    operation_id = "createArea",
    tag = "meetings",
    summary = "Add a MAPPA area (administrators)",
    description = "Adds an area (CAT-01) with its local units, in one transaction: `code` (2 to 20 letters, digits, hyphens or underscores) and `name`, and `units` as `[{\"code\",\"name\"}]`. Audited as `area.create` and `unit.create`. Administrators only (403 otherwise).",
    request_body = AreaBody,
    responses(
        (status = 201, description = "Added.", body = Area),
        (status = 409, description = "`code_taken`: an area, or a unit of it, has that code.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field (`code`, `name`, `units[i].code`, `units[i].name`): `required`, `too_long`, `invalid_format`.", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn create_area(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(body): ApiJson<AreaBody>,
) -> ApiResult<(StatusCode, Json<Area>)> {
    let (code, name) = pair(&body.code, &body.name);
    let units: Vec<(String, String)> = body.units.iter().map(|u| pair(&u.code, &u.name)).collect();
    Ok((StatusCode::CREATED, Json(s.app.create_area(&c.actor, &code, &name, &units).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/areas/{code}/units",
    operation_id = "addUnit",
    tag = "meetings",
    summary = "Add a local unit to an area (administrators)",
    description = "Adds a local unit (`code`, `name`) to the area with that code; answers the area with its units. Audited as `unit.create`. Administrators only (403 otherwise).",
    params(("code" = String, Path, description = "The area's code.")),
    request_body = UnitBody,
    responses(
        (status = 201, description = "Added.", body = Area),
        (status = 409, description = "`code_taken`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, `unknown_area` (field `area`), or every problem with `code` and `name`.", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn add_unit(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(area): Path<String>,
    ApiJson(body): ApiJson<UnitBody>,
) -> ApiResult<(StatusCode, Json<Area>)> {
    let (code, name) = pair(&body.code, &body.name);
    Ok((StatusCode::CREATED, Json(s.app.create_unit(&c.actor, &area, &code, &name).await?)))
}

/// Where an agency works: an area's code and, optionally, a unit's.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PlaceBody {
    pub area: Option<String>,
    pub unit: Option<String>,
}

#[utoipa::path(
    put,
    path = "/api/v1/agencies/{code}/area",
    operation_id = "placeAgency",
    tag = "meetings",
    summary = "Put an agency in a MAPPA area (administrators)",
    description = "Puts the agency in an area (`area`, its code) and optionally a local unit (`unit`): its users then work in that area, and the records it owns count there by default. Audited as `agency.place`. Administrators only (403 otherwise).",
    params(("code" = String, Path, description = "The agency's code.")),
    request_body = PlaceBody,
    responses(
        (status = 204, description = "Placed."),
        (status = 422, description = "`invalid_type`, or `required`/`unknown_area` (field `area`), `unknown_unit` (field `unit`), `unknown_agency` (field `agency`).", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn place_agency(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(agency): Path<String>,
    ApiJson(body): ApiJson<PlaceBody>,
) -> ApiResult<StatusCode> {
    let Some(area) = body.area.filter(|a| !a.trim().is_empty()) else {
        let e = mappa_domain::ValidationErrors::single("area", "required", "Enter the area's code");
        return Err(mappa_app::AppError::Invalid(e).into());
    };
    s.app.move_agency(&c.actor, &agency, &area, body.unit.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
