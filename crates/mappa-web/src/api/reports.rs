//! Reports over JSON: agency accountability (seed 004).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mappa_app::{AccountabilityReport, ReportQuery};
use serde::Deserialize;

/// The report's scope.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountabilityParams {
    /// `YYYY-MM-DD`, inclusive; by default a year before `to`.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive; by default today.
    pub to: Option<String>,
    /// An area's code; by default the caller's agency's.
    pub area: Option<String>,
    /// A local unit's code within the area: only cases of that unit.
    pub unit: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/agency-accountability",
    operation_id = "agencyAccountability",
    tag = "meetings",
    summary = "Agency accountability: attendance and actions per agency",
    description = "For meetings held from `from` to `to` in an area (or, with `unit`, for the cases of one local unit): per agency, `invited` (invitations to discuss a case), `present`, `apologies` (with or without a report; also split as `apologies_with_report` and `apologies_without_report`), `absent`, `not_recorded`; and of the actions given at those meetings (approved minutes), `actions`, `done_on_time`, `done_late`, `open` (not yet due), `overdue` and `cancelled`, as they stand today. Counted from dated events (meeting dates, due and completion dates), so a past period gives the same figures whatever is recorded later about other periods. Figures about agencies only, for the area's coordinators and chairs, analysts and lay advisers (403 for other roles). Audited as `accountability.view`.",
    params(AccountabilityParams),
    responses(
        (status = 200, description = "The figures, by agency name.", body = AccountabilityReport),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "`invalid_date` or `after_to` on `from`/`to`; `unknown_area` or `required` on `area`; `unknown_unit` on `unit`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn accountability(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<AccountabilityParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<AccountabilityReport>> {
    let Query(p) = q.map_err(|_| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "The query parameters are: from, to, area, unit")
    })?;
    let query = ReportQuery { area: p.area, unit: p.unit, from: p.from, to: p.to };
    Ok(Json(s.app.agency_accountability(&c.actor, &query).await?))
}
