//! Reports over JSON: agency accountability (seed 004) and the MAPPA annual
//! report (STAT-1..9) with its files.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::report_files::{ReportFile, ReportFormat, report_file};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mappa_app::{AccountabilityReport, AnnualQuery, AnnualReportView, ReportQuery};
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

/// The annual report asked for.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AnnualParams {
    /// `YYYY`: the reporting year that starts on 1 April YYYY (STAT-2).
    pub year: Option<String>,
    /// The area's code; by default the caller's agency's (another area is refused).
    pub area: Option<String>,
}

/// The annual report as a file.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AnnualFileParams {
    pub year: Option<String>,
    pub area: Option<String>,
    /// `csv`, `xlsx` or `pdf`.
    pub format: Option<String>,
    /// With `csv`, one table's `key`; without it, every table in one file.
    pub table: Option<String>,
}

/// One figure of the annual report.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AnnualCellParams {
    pub year: Option<String>,
    pub area: Option<String>,
    /// The table's `key`.
    pub table: String,
    /// The row's index in the table, from 0.
    pub row: usize,
    /// The column's index, from 0.
    pub column: usize,
}

/// The people behind a figure that the caller reaches.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AnnualCell {
    /// How many the figure counts.
    pub counted: usize,
    /// Those of them within the caller's reach, by name.
    pub people: Vec<mappa_domain::record::NominalSummary>,
}

fn bad_query(names: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", format!("The query parameters are: {names}"))
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/annual",
    operation_id = "annualReport",
    tag = "reports",
    summary = "The MAPPA annual report's statistics tables",
    description = "For the reporting year that starts on 1 April `year` (STAT-2) and the caller's own area: every table of the published MAPPA statistics (seed 003) in order, with their titles, row labels and column names (a Category 4 column from 2023/24, STAT-9), then serious further offences and Serious Case Reviews. A cell the published tables show as \"-\" is `null`. Counted from dated events, so a past year reproduces exactly; each table says how it is counted (`counting`, with rule IDs); settings under `statistics.*`. Figures only; for MAPPA staff, case workers, analysts and lay advisers (403 otherwise). Audited as `report_annual.view` with its parameters.",
    params(AnnualParams),
    responses(
        (status = 200, description = "The tables.", body = AnnualReportView),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "`required`, `invalid_year`, `year_too_early`, `year_not_begun` or `before_any_data` on `year`; `unknown_area`, `not_your_area` or `required` on `area`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn annual(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<AnnualParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<AnnualReportView>> {
    let Query(p) = q.map_err(|_| bad_query("year, area"))?;
    let query = AnnualQuery { year: p.year, area: p.area };
    Ok(Json(s.app.annual_report(&c.actor, &query, "json").await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/annual/file",
    operation_id = "annualReportFile",
    tag = "reports",
    summary = "The MAPPA annual report as CSV, XLSX or PDF",
    description = "The same tables as `annualReport`: `csv` (one table with `table`, else every table one after another), `xlsx` (a workbook with a sheet per table) or `pdf` (the whole report laid out like the published ones). \"-\" marks a cell never counted. Audited as `report_annual.view` with its parameters.",
    params(AnnualFileParams),
    responses(
        (status = 200, description = "The file, with a `Content-Disposition` naming it.", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "As `annualReport`, and `unknown_format` on `format`, `unknown_table` on `table`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn annual_file(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<AnnualFileParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<axum::response::Response> {
    let Query(p) = q.map_err(|_| bad_query("year, area, format, table"))?;
    let format = ReportFormat::parse(p.format.as_deref().unwrap_or("")).map_err(mappa_app::AppError::from)?;
    let query = AnnualQuery { year: p.year, area: p.area };
    let view = s.app.annual_report(&c.actor, &query, format.code()).await?;
    Ok(file_response(report_file(&view, format, p.table.as_deref()).map_err(mappa_app::AppError::from)?))
}

/// A file as an attachment.
pub(crate) fn file_response(f: ReportFile) -> axum::response::Response {
    use axum::response::IntoResponse;
    let disposition = format!("attachment; filename=\"{}\"", f.name);
    (
        [
            (axum::http::header::CONTENT_TYPE, f.content_type.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        f.bytes,
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/annual/people",
    operation_id = "annualReportPeople",
    tag = "reports",
    summary = "The people behind one figure of the annual report",
    description = "How many the figure counts, and those of them within the caller's reach (need to know: others are neither listed nor named), by name. For those who work with cases; analysts and lay advisers see figures only (403). A table, row or column that is not in the report, or a cell never counted, is 404. Audited as `report_people.view` with its parameters.",
    params(AnnualCellParams),
    responses(
        (status = 200, description = "The figure's people.", body = AnnualCell),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 404, description = "`not_found`.", body = crate::error::Body),
        (status = 422, description = "As `annualReport`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn annual_people(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<AnnualCellParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<AnnualCell>> {
    let Query(p) = q.map_err(|_| bad_query("year, area, table, row, column"))?;
    let query = AnnualQuery { year: p.year, area: p.area };
    let cell = s.app.annual_report_cell(&c.actor, &query, &p.table, p.row, p.column).await?;
    Ok(Json(AnnualCell { counted: cell.counted, people: cell.people }))
}

/// A year's population for the caller's area.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PopulationInput {
    /// The year the reporting year starts in.
    pub year: i64,
    /// The area's population aged 10 and over.
    pub population: i64,
    /// Where the figure comes from (the ONS mid-year estimate).
    pub source: String,
}

/// A population as entered.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PopulationEntry {
    pub year: i16,
    pub population: i64,
    pub source: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/area-populations",
    operation_id = "listAreaPopulations",
    tag = "reports",
    summary = "The populations entered for the caller's area",
    description = "Each reporting year's population aged 10 and over with its source, latest first (STAT-9). Administrators (403 otherwise).",
    responses(
        (status = 200, description = "The populations.", body = Vec<PopulationEntry>),
        (status = 422, description = "`required` on `area`: the caller's agency is in no area.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn populations(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<Vec<PopulationEntry>>> {
    let (_, list) = s.app.area_populations(&c.actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|(y, p)| PopulationEntry { year: y.start, population: p.count, source: p.source })
            .collect(),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/area-populations",
    operation_id = "setAreaPopulation",
    tag = "reports",
    summary = "Enter the caller's area's population for a reporting year",
    description = "The population aged 10 and over that the RSOs per 100,000 are worked out from (STAT-9), with its source; replaces one entered before for the year. Administrators (403 otherwise). Audited as `area.population` with the values before and after.",
    request_body = PopulationInput,
    responses(
        (status = 201, description = "Entered: every year's, latest first.", body = Vec<PopulationEntry>),
        (status = 422, description = "`invalid_type`, or `invalid_year`, `year_too_early`, `year_not_begun` (`year`), `invalid_population` (`population`), `required` and `too_long` (`source`).", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn set_population(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<PopulationInput>,
) -> ApiResult<(StatusCode, Json<Vec<PopulationEntry>>)> {
    s.app.set_area_population(&c.actor, &input.year.to_string(), &input.population.to_string(), &input.source).await?;
    let Json(list) = populations(State(s), c).await?;
    Ok((StatusCode::CREATED, Json(list)))
}
