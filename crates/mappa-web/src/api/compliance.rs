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

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/custody-periods",
    operation_id = "addCustodyPeriod",
    tag = "compliance",
    summary = "Record custody or remand",
    description = "Records a custody period with `from`/`to` (`to` is the day of release or return, at liberty: CONV-6). Overlapping any recorded period is refused (`overlaps` on `from`); a `to` before `from` is `before_start` on `to`; dates in the future are `date_in_future`. Reception, managers and supervisors of the owning agency (403 for others within reach). Audited as `period.create`; the person's obligations are worked out again in the same transaction. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    request_body = PeriodInput,
    responses(
        (status = 201, description = "Recorded.", body = Period),
        (status = 422, description = "`required`, `invalid_date`, `date_in_future`, `before_start`, `overlaps`, `too_long`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_custody(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> ApiResult<Response> {
    add_period(s, c, id, PeriodKind::Custody, input).await
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/hospital-periods",
    operation_id = "addHospitalPeriod",
    tag = "compliance",
    summary = "Record detention in hospital",
    description = "Records a hospital period with `from`/`to` (`to` is the day of release or return, at liberty: CONV-6). Overlapping any recorded period is refused (`overlaps` on `from`); a `to` before `from` is `before_start` on `to`; dates in the future are `date_in_future`. Reception, managers and supervisors of the owning agency (403 for others within reach). Audited as `period.create`; the person's obligations are worked out again in the same transaction. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    request_body = PeriodInput,
    responses(
        (status = 201, description = "Recorded.", body = Period),
        (status = 422, description = "`required`, `invalid_date`, `date_in_future`, `before_start`, `overlaps`, `too_long`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_hospital(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> ApiResult<Response> {
    add_period(s, c, id, PeriodKind::Hospital, input).await
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/abroad-periods",
    operation_id = "addAbroadPeriod",
    tag = "compliance",
    summary = "Record time outside the UK",
    description = "Records time abroad with `from`/`to` (`to` is the day of release or return, at liberty: CONV-6). Overlapping any recorded period is refused (`overlaps` on `from`); a `to` before `from` is `before_start` on `to`; dates in the future are `date_in_future`. Reception, managers and supervisors of the owning agency (403 for others within reach). Audited as `period.create`; the person's obligations are worked out again in the same transaction. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    request_body = PeriodInput,
    responses(
        (status = 201, description = "Recorded.", body = Period),
        (status = 422, description = "`required`, `invalid_date`, `date_in_future`, `before_start`, `overlaps`, `too_long`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_abroad(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PeriodInput>,
) -> ApiResult<Response> {
    add_period(s, c, id, PeriodKind::Abroad, input).await
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/periods",
    operation_id = "listPeriods",
    tag = "compliance",
    summary = "Periods in custody, hospital or abroad",
    description = "Earliest first. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The periods.", body = Vec<Period>),
        super::responses::RecordRead
    )
)]
pub async fn periods(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Period>>> {
    Ok(Json(s.app.periods(&c.actor, nominal_id(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/periods/{period_id}/end",
    operation_id = "endPeriod",
    tag = "compliance",
    summary = "Record a release, discharge or return",
    description = "Ends an open period. A release from custody or hospital is a notifiable event (NOTIF-23): the person's obligations then include the release notification. `already_ended`, `before_start`, `overlaps`. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath,
        ("period_id" = String, Path, format = Uuid, description = "")
    ),
    request_body = PeriodEndInput,
    responses(
        (status = 200, description = "The period, ended.", body = Period),
        (status = 422, description = "`required`, `invalid_date`, `date_in_future`, `before_start`, `overlaps`, `already_ended`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn end_period(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, period)): Path<(String, String)>,
    ApiJson(input): ApiJson<PeriodEndInput>,
) -> ApiResult<Json<Period>> {
    Ok(Json(s.app.end_period(&c.actor, nominal_id(&id)?, item_id(&period)?, &input).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/notifications",
    operation_id = "recordNotification",
    tag = "compliance",
    summary = "Record a notification made in person",
    description = "Takes an initial, change, periodic, 2012-Regulations, foreign travel or return notification (NOTIF-13). The rules engine assesses the stored facts as they stood; a notification after its deadline is recorded and flagged in `late` with the rule broken (NOTIF-10, 20..24, 30, 41/42, 44). Someone not subject to notification on that date needs `not_subject_reason` (`not_subject`), which is kept. Reception, managers and supervisors of the owning agency. Audited as `notification.create` in the same transaction, which also works out the next date due (`next_due`). Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    request_body = NotificationInput,
    responses(
        (status = 201, description = "Recorded; Location names it.", body = Notification),
        (status = 422, description = "Every problem with its field: `required`, `invalid_choice`, `invalid_date`, `date_in_future`, `after_notification`, `before_start` (e.g. `travel.return_date`), `invalid_time`, `too_long`, `not_subject`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
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

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/notifications",
    operation_id = "listNotifications",
    tag = "compliance",
    summary = "A person's notifications",
    description = "Newest first. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath
    ),
    responses(
        (status = 200, description = "The notifications.", body = Vec<Notification>),
        super::responses::RecordRead
    )
)]
pub async fn notifications(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Notification>>> {
    Ok(Json(s.app.notifications(&c.actor, nominal_id(&id)?).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/notifications/{notification_id}",
    operation_id = "readNotification",
    tag = "compliance",
    summary = "One notification (for its acknowledgement)",
    description = "Audited as `notification.view`. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath,
        ("notification_id" = String, Path, format = Uuid, description = "")
    ),
    responses(
        (status = 200, description = "The notification.", body = Notification),
        super::responses::RecordRead
    )
)]
pub async fn notification(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, n)): Path<(String, String)>,
) -> ApiResult<Json<Notification>> {
    Ok(Json(s.app.notification(&c.actor, nominal_id(&id)?, item_id(&n)?).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    /// The day to work out for, `YYYY-MM-DD`; today when omitted.
    as_of: Option<String>,
}

fn as_of(raw: Option<&str>) -> Result<Option<Date>, ValidationErrors> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(r) => {
            mappa_domain::values::parse_date("as_of", "the date", r).map(Some).map_err(|e| ValidationErrors(vec![e]))
        }
    }
}

fn bad_query(allowed: &str) -> impl Fn(QueryRejection) -> ApiError + '_ {
    move |_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", format!("The query parameters are: {allowed}"))
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/obligations",
    operation_id = "obligations",
    tag = "compliance",
    summary = "A person's obligations from their stored facts",
    description = "The rules engine's assessment of the stored facts as of `as_of`, each result with its explanation (rule IDs, citations), plus the dated obligations and whether the person is in custody, hospital or abroad. Audited as `obligations.view`. 422 `facts_invalid` on `as_of` when the stored facts cannot be assessed on that day. Need-to-know (principle 2): records outside the caller's reach answer 404 exactly like missing ones; within reach, an action the caller's roles do not allow answers 403.",
    params(
        super::NominalPath,
        AsOf
    ),
    responses(
        (status = 200, description = "The obligations.", body = ObligationsView),
        (status = 400, response = super::responses::BadBody),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 404, response = super::responses::NotFound),
        (status = 500, response = super::responses::InternalError),
        (status = 422, description = "`invalid_date` or `facts_invalid` on `as_of`.", body = crate::error::Body)
    )
)]
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
#[derive(Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ComplianceParams {
    /// `overdue` (the default), `due_soon`, `away`, `wanted` or `missing`.
    pub status: Option<String>,
    /// The day to list for, `YYYY-MM-DD`; today when omitted.
    pub as_of: Option<String>,
    /// Comma-separated obligation kinds.
    pub kind: Option<String>,
    /// `custody`, `hospital` or `abroad` (with `status=away`).
    pub away: Option<String>,
    /// The record's owning area.
    pub area: Option<String>,
    /// `true`: only the records the caller manages.
    pub mine: Option<String>,
    /// `due` (the default) or `name`.
    pub sort: Option<String>,
    /// 1 to 1000; 100 when omitted.
    pub limit: Option<String>,
    /// How many entries to skip; 0 when omitted.
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplianceAnswer {
    as_of: Date,
    status: ComplianceStatus,
    #[serde(flatten)]
    list: ComplianceList,
}

#[utoipa::path(
    get,
    path = "/api/v1/compliance",
    operation_id = "complianceList",
    tag = "compliance",
    summary = "The compliance list",
    description = "For the caller's agency (records it owns or holds a share of): who is overdue for which obligation and since when (`status=overdue`), who has something due in the next 14 days (`due_soon`), who is in custody, hospital or abroad (`away`), or who is circulated on the PNC as `wanted` or `missing`. Each entry names the person's `id`. Obligations are kept up to date by every write and the daily sweep. Case-working roles only (403).",
    params(
        ComplianceParams
    ),
    responses(
        (status = 200, description = "The list.", body = ComplianceAnswer),
        (status = 400, response = super::responses::BadBody),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 403, response = super::responses::Forbidden),
        (status = 422, description = "`invalid_choice`, `invalid_date` or `invalid_number`, with the parameter as `field`.", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct TasksAnswer {
    mine: Vec<Task>,
    team: Vec<Task>,
}

#[utoipa::path(
    get,
    path = "/api/v1/tasks",
    operation_id = "tasks",
    tag = "compliance",
    summary = "My tasks and my team's",
    description = "Open tasks made by the daily sweep (and by writes) from the obligations due within 14 days or overdue: `mine` for records the caller manages, `team` for the agency's.",
    responses(
        (status = 200, description = "The tasks.", body = TasksAnswer),
        super::responses::ListRead
    )
)]
pub async fn tasks(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<TasksAnswer>> {
    let t = s.app.tasks(&c.actor).await?;
    Ok(Json(TasksAnswer { mine: t.mine, team: t.team }))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteTask {
    note: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/tasks/{task_id}/complete",
    operation_id = "completeTask",
    tag = "compliance",
    summary = "Mark a task done",
    description = "Only the owning agency's open tasks (404 otherwise). Audited as `task.complete` with the note as the reason.",
    params(
        ("task_id" = String, Path, format = Uuid, description = "")
    ),
    request_body = CompleteTask,
    responses(
        (status = 204, description = "Done."),
        (status = 422, description = "`too_long` or `invalid_characters` on `note`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn complete_task(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(task): Path<String>,
    ApiJson(body): ApiJson<CompleteTask>,
) -> ApiResult<StatusCode> {
    s.app.complete_task(&c.actor, item_id(&task)?, body.note.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
