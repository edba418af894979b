//! Risk assessments, police home visits, the visit schedule and the overdue
//! visits list (rules.md §7; VIS-1, VIS-2).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use mappa_domain::ids::NominalId;
use mappa_domain::risk::{
    LevelSource, RiskAssessment, RiskAssessmentInput, RiskLevel, Visit, VisitInput, VisitSchedule, parse_as_of,
};
use serde::{Deserialize, Serialize};

fn nominal_id(raw: &str) -> ApiResult<NominalId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

pub async fn add_assessment(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RiskAssessmentInput>,
) -> ApiResult<(StatusCode, Json<RiskAssessment>)> {
    let a = s.app.add_risk_assessment(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[derive(Serialize)]
pub struct Assessments {
    nominal_id: String,
    /// Newest first.
    assessments: Vec<RiskAssessment>,
}

pub async fn list_assessments(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Assessments>> {
    let id = nominal_id(&id)?;
    let o = s.app.risk_overview(&c.actor, id).await?;
    Ok(Json(Assessments { nominal_id: id.to_string(), assessments: o.assessments }))
}

pub async fn add_visit(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VisitInput>,
) -> ApiResult<(StatusCode, Json<Visit>)> {
    let v = s.app.add_visit(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Serialize)]
pub struct Visits {
    nominal_id: String,
    schedule: VisitSchedule,
    /// Newest first.
    visits: Vec<Visit>,
}

pub async fn list_visits(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Visits>> {
    let id = nominal_id(&id)?;
    let o = s.app.risk_overview(&c.actor, id).await?;
    Ok(Json(Visits { nominal_id: id.to_string(), schedule: o.schedule, visits: o.visits }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueParams {
    as_of: Option<String>,
}

#[derive(Serialize)]
pub struct OverduePerson {
    id: String,
    surname: String,
    forenames: String,
    date_of_birth: Date,
    owning_agency: String,
    level: Option<RiskLevel>,
    level_source: Option<LevelSource>,
    level_assessed: Option<Date>,
    last_visit: Option<Date>,
    /// The visit was due on this day and has been overdue since the next.
    next_due: Option<Date>,
    days_overdue: i64,
}

#[derive(Serialize)]
pub struct Overdue {
    as_of: Date,
    results: Vec<OverduePerson>,
    total: usize,
    /// True when more people are overdue than listed.
    truncated: bool,
}

pub async fn overdue(
    State(s): State<AppState>,
    c: ApiCaller,
    params: Result<Query<OverdueParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Overdue>> {
    let Query(p) = params.map_err(|_| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "The only query parameter is as_of").field("as_of")
    })?;
    let as_of = match p.as_of.as_deref().filter(|s| !s.trim().is_empty()) {
        None => None,
        Some(raw) => Some(
            parse_as_of(raw)
                .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.message).field(e.field))?,
        ),
    };
    let list = s.app.overdue_visits(&c.actor, as_of).await?;
    let results: Vec<OverduePerson> = list
        .people
        .into_iter()
        .map(|p| OverduePerson {
            id: p.facts.nominal_id.to_string(),
            days_overdue: p
                .schedule
                .next_due
                .and_then(|d| d.until(list.as_of).ok())
                .map_or(0, |span| i64::from(span.get_days())),
            surname: p.facts.surname,
            forenames: p.facts.forenames,
            date_of_birth: p.facts.date_of_birth,
            owning_agency: p.facts.owning_agency,
            level: p.schedule.level,
            level_source: p.schedule.level_source,
            level_assessed: p.schedule.level_assessed,
            last_visit: p.schedule.last_visit,
            next_due: p.schedule.next_due,
        })
        .collect();
    Ok(Json(Overdue { as_of: list.as_of, truncated: list.total > results.len(), total: list.total, results }))
}
