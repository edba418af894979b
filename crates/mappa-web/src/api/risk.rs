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

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/risk-assessments",
    operation_id = "addRiskAssessment",
    tag = "risk",
    summary = "Record a risk assessment",
    description = "Records an OASys RoSH, Risk Matrix 2000, ARMS or OSP assessment (rules.md §7). Only managers and supervisors of the owning agency may (403 for others within reach). Audited as `risk_assessment.create`; the record's version increases. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role. Records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    request_body = RiskAssessmentInput,
    responses(
        (status = 201, description = "Recorded.", body = RiskAssessment),
        (status = 422, description = "Every problem with its field: `required`, `invalid_choice`, `invalid_date`, `date_in_future`, `not_for_tool`, `below_group_level`, `too_long`, `invalid_characters`; or `rm2000_not_applicable` on field `tool` (RM-1: Risk Matrix 2000 only for men aged 18 or over on the day, convicted of a sexual offence by then).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_assessment(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RiskAssessmentInput>,
) -> ApiResult<(StatusCode, Json<RiskAssessment>)> {
    let a = s.app.add_risk_assessment(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Assessments {
    nominal_id: String,
    /// Newest first.
    assessments: Vec<RiskAssessment>,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/risk-assessments",
    operation_id = "listRiskAssessments",
    tag = "risk",
    summary = "A record's risk assessments, newest first",
    description = "Audited as `risk.view`. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role. Records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The history.", body = Assessments),
        super::responses::RecordRead
    )
)]
pub async fn list_assessments(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Assessments>> {
    let id = nominal_id(&id)?;
    let o = s.app.risk_overview(&c.actor, id).await?;
    Ok(Json(Assessments { nominal_id: id.to_string(), assessments: o.assessments }))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/visits",
    operation_id = "addVisit",
    tag = "risk",
    summary = "Record a police home visit",
    description = "Records a visit made, or booked ahead (no outcome). Only managers and supervisors of the owning agency may. Audited as `visit.create`. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role. Records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    request_body = VisitInput,
    responses(
        (status = 201, description = "Recorded.", body = Visit),
        (status = 422, description = "Every problem with its field: `required`, `invalid_choice`, `invalid_date`, `date_in_future`, `no_outcome`, `too_long`, `invalid_characters`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_visit(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VisitInput>,
) -> ApiResult<(StatusCode, Json<Visit>)> {
    let v = s.app.add_visit(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/visits/{visit_id}/outcome",
    operation_id = "recordVisitOutcome",
    tag = "risk",
    summary = "Record what happened at a visit booked ahead",
    description = "Gives a visit booked ahead (no outcome yet) its `outcome` (required), and optionally `present`, `concerns`, `concerns_raised` and `officer`; `date` and `kind` are the booking's and are ignored. The visit's day must have come (`date_in_future` on `date`). A seen visit restarts the visit interval (VIS-1). A visit that is not on this record, already has an outcome or is withdrawn is 404. Managers and supervisors of the owning agency only (403 for others within reach). Audited as `visit.outcome`.",
    params(
        super::NominalPath,
        ("visit_id" = String, Path, format = Uuid, description = "The visit's id.")
    ),
    request_body = VisitInput,
    responses(
        (status = 200, description = "Recorded.", body = Visit),
        (status = 422, description = "`required` (`outcome`), `invalid_choice`, `date_in_future`, `too_long`, `invalid_characters`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record_outcome(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, visit)): Path<(String, String)>,
    ApiJson(input): ApiJson<VisitInput>,
) -> ApiResult<Json<Visit>> {
    let visit = visit.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.record_visit_outcome(&c.actor, nominal_id(&id)?, visit, &input).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Visits {
    nominal_id: String,
    schedule: VisitSchedule,
    /// Newest first.
    visits: Vec<Visit>,
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/visits",
    operation_id = "listVisits",
    tag = "risk",
    summary = "A record's visits with the visit schedule",
    description = "The schedule (level, reactive management, last visit, next due and its explanation by rule ID) and the visits, newest first. Audited as `risk.view`. Need-to-know (principle 2): a record is within reach when the caller's agency owns it or holds an active share of it, and the caller has a case-working role. Records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The schedule and visits.", body = Visits),
        super::responses::RecordRead
    )
)]
pub async fn list_visits(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Visits>> {
    let id = nominal_id(&id)?;
    let o = s.app.risk_overview(&c.actor, id).await?;
    Ok(Json(Visits { nominal_id: id.to_string(), schedule: o.schedule, visits: o.visits }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OverdueParams {
    /// The day to list for, `YYYY-MM-DD`; today when omitted.
    as_of: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct Overdue {
    as_of: Date,
    results: Vec<OverduePerson>,
    total: usize,
    /// True when more people are overdue than listed.
    truncated: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/visits/overdue",
    operation_id = "listOverdueVisits",
    tag = "risk",
    summary = "People whose police home visit is overdue",
    description = "People the caller's agency reaches (owned or actively shared), in the community, whose next visit (VIS-1) was due before `as_of`, most overdue first; people under reactive management (VIS-2) or with no RoSH or RM2000/C assessment are not listed. Case-working roles only (403 otherwise).",
    params(
        OverdueParams
    ),
    responses(
        (status = 200, description = "The list.", body = Overdue),
        (status = 400, description = "`invalid_query`: an unknown query parameter.", body = crate::error::Body),
        (status = 422, description = "Every problem with its field: `invalid_date`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
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
    let list = s.app.overdue_visits(&c.actor, as_of, 0, mappa_app::OVERDUE_LIMIT).await?;
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
