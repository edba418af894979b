//! Periods away, notifications, obligations, the compliance list and tasks.

use super::nominals::{item_id, nominal_id};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use mappa_app::ObligationsView;
use mappa_app::{ComplianceList, ComplianceQuery, ComplianceSort, ComplianceStatus, Task};
use mappa_domain::ValidationErrors;
use mappa_domain::notifications::{Notification, NotificationInput};
use mappa_domain::obligations::ObligationKind;
use mappa_domain::periods::{Period, PeriodEndInput, PeriodInput, PeriodKind};
use serde::{Deserialize, Serialize};

async fn add_period(
    s: AppState,
    c: ApiCaller,
    id: String,
    kind: PeriodKind,
    input: PeriodInput,
) -> ApiResult<Response> {
    let p = s.app.add_period(&c.actor, nominal_id(&id)?, kind, &input).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

pub async fn add_custody(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> ApiResult<Response> {
    add_period(s, c, id, PeriodKind::Custody, input).await
}

pub async fn add_hospital(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> ApiResult<Response> {
    add_period(s, c, id, PeriodKind::Hospital, input).await
}

pub async fn add_abroad(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> ApiResult<Response> {
    add_period(s, c, id, PeriodKind::Abroad, input).await
}

pub async fn periods(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Period>>> {
    Ok(Json(s.app.periods(&c.actor, nominal_id(&id)?).await?))
}

pub async fn end_period(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, period)): Path<(String, String)>,
    ApiJson(input): ApiJson<PeriodEndInput>,
) -> ApiResult<Json<Period>> {
    Ok(Json(s.app.end_period(&c.actor, nominal_id(&id)?, item_id(&period)?, &input).await?))
}

pub async fn add_notification(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NotificationInput>,
) -> ApiResult<Response> {
    let id = nominal_id(&id)?;
    let n = s.app.record_notification(&c.actor, id, &input).await?;
    let location = format!("/api/v1/nominals/{id}/notifications/{}", n.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(n)).into_response())
}

pub async fn notifications(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Notification>>> {
    Ok(Json(s.app.notifications(&c.actor, nominal_id(&id)?).await?))
}

pub async fn notification(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, n)): Path<(String, String)>,
) -> ApiResult<Json<Notification>> {
    Ok(Json(s.app.notification(&c.actor, nominal_id(&id)?, item_id(&n)?).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    as_of: Option<String>,
}

fn as_of(raw: Option<&str>) -> Result<Option<Date>, ValidationErrors> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(r) => {
            mappa_domain::values::parse_date("as_of", "as_of", r).map(Some).map_err(|e| ValidationErrors(vec![e]))
        }
    }
}

fn bad_query(allowed: &str) -> impl Fn(QueryRejection) -> ApiError + '_ {
    move |_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", format!("The query parameters are: {allowed}"))
}

pub async fn obligations(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    q: Result<Query<AsOf>, QueryRejection>,
) -> ApiResult<Json<ObligationsView>> {
    let Query(q) = q.map_err(bad_query("as_of"))?;
    let as_of = as_of(q.as_of.as_deref()).map_err(|e| ApiError::from(mappa_app::AppError::Invalid(e)))?;
    Ok(Json(s.app.obligations(&c.actor, nominal_id(&id)?, as_of).await?))
}

/// The compliance list's query, shared by the API and the page.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplianceParams {
    pub status: Option<String>,
    pub as_of: Option<String>,
    /// Comma-separated obligation kinds.
    pub kind: Option<String>,
    /// custody, hospital or abroad (with status=away).
    pub away: Option<String>,
    pub area: Option<String>,
    /// `true`: only the records the caller manages.
    pub mine: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

pub const PAGE_SIZE: i64 = 100;

impl ComplianceParams {
    /// Checks every parameter, naming the one that is wrong.
    pub fn parse(&self, c: &mappa_domain::access::Actor, today: Date) -> Result<ComplianceQuery, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let status = match self.status.as_deref().map(str::trim).unwrap_or("overdue") {
            "" | "overdue" => ComplianceStatus::Overdue,
            "due_soon" => ComplianceStatus::DueSoon,
            "away" => ComplianceStatus::Away,
            "wanted" => ComplianceStatus::Wanted,
            "missing" => ComplianceStatus::Missing,
            _ => {
                e.add("status", "invalid_choice", "Status must be overdue, due_soon, away, wanted or missing");
                ComplianceStatus::Overdue
            }
        };
        let as_of = e.take(as_of(self.as_of.as_deref()).map_err(|v| v.0[0].clone())).flatten().unwrap_or(today);
        let mut kinds = Vec::new();
        for k in self.kind.as_deref().unwrap_or("").split(',').map(str::trim).filter(|k| !k.is_empty()) {
            match ObligationKind::from_code(k) {
                Some(k) => kinds.push(k),
                None => e.add("kind", "invalid_choice", format!("Kind must be one of: {}", ObligationKind::codes())),
            }
        }
        let away_kind = match self.away.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(a) => {
                let k = PeriodKind::from_code(a);
                if k.is_none() {
                    e.add("away", "invalid_choice", "Away must be custody, hospital or abroad");
                }
                k
            }
        };
        let area = self.area.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let mine = match self.mine.as_deref().map(str::trim) {
            None | Some("") | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                e.add("mine", "invalid_choice", "Mine must be true or false");
                false
            }
        };
        let sort = match self.sort.as_deref().map(str::trim) {
            None | Some("") | Some("due") => ComplianceSort::Due,
            Some("name") => ComplianceSort::Name,
            Some(_) => {
                e.add("sort", "invalid_choice", "Sort must be due or name");
                ComplianceSort::Due
            }
        };
        let number = |e: &mut ValidationErrors, field: &str, raw: Option<&str>, default: i64, max: i64| -> i64 {
            match raw.map(str::trim).filter(|s| !s.is_empty()) {
                None => default,
                Some(r) => match r.parse::<i64>() {
                    Ok(n) if (0..=max).contains(&n) => n,
                    _ => {
                        e.add(field, "invalid_number", format!("{field} must be a whole number from 0 to {max}"));
                        default
                    }
                },
            }
        };
        let limit = number(&mut e, "limit", self.limit.as_deref(), PAGE_SIZE, 1000).max(1);
        let offset = number(&mut e, "offset", self.offset.as_deref(), 0, 10_000_000);
        e.into_result(ComplianceQuery {
            agency: c.agency_id,
            as_of,
            status,
            kinds,
            away_kind,
            area,
            manager: mine.then_some(c.user_id),
            sort,
            limit,
            offset,
        })
    }
}

#[derive(Serialize)]
pub struct ComplianceAnswer {
    as_of: Date,
    status: ComplianceStatus,
    #[serde(flatten)]
    list: ComplianceList,
}

pub async fn compliance(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<ComplianceParams>, QueryRejection>,
) -> ApiResult<Json<ComplianceAnswer>> {
    let Query(p) = q.map_err(bad_query("status, as_of, kind, away, area, mine, sort, limit, offset"))?;
    let query = p.parse(&c.actor, s.app.today()).map_err(|e| ApiError::from(mappa_app::AppError::Invalid(e)))?;
    let (as_of, status) = (query.as_of, query.status);
    let list = s.app.compliance(&c.actor, query).await?;
    Ok(Json(ComplianceAnswer { as_of, status, list }))
}

#[derive(Serialize)]
pub struct TasksAnswer {
    mine: Vec<Task>,
    team: Vec<Task>,
}

pub async fn tasks(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<TasksAnswer>> {
    let t = s.app.tasks(&c.actor).await?;
    Ok(Json(TasksAnswer { mine: t.mine, team: t.team }))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CompleteTask {
    note: Option<String>,
}

pub async fn complete_task(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(task): Path<String>,
    ApiJson(body): ApiJson<CompleteTask>,
) -> ApiResult<StatusCode> {
    s.app.complete_task(&c.actor, item_id(&task)?, body.note.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
