//! Level 2 and 3 meetings over JSON: scheduling, the agenda, attendance and
//! minutes (MTG-1, MTG-3, MTG-9, MIN-1..7, LVL-5).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_domain::ids::{MeetingCaseId, MeetingId};
use mappa_domain::meetings::{AgendaCase, AgendaInput, AttendanceInput, Meeting, MeetingInput};
use mappa_domain::minutes::{Minutes, MinutesInput};
use serde::Deserialize;

fn ids(meeting: &str, case: Option<&str>) -> ApiResult<(MeetingId, MeetingCaseId)> {
    let m = meeting.parse().map_err(|_| ApiError::not_found())?;
    let c = match case {
        Some(c) => c.parse().map_err(|_| ApiError::not_found())?,
        None => MeetingCaseId::default(),
    };
    Ok((m, c))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings",
    operation_id = "scheduleMeeting",
    tag = "meetings",
    summary = "Schedule a meeting of a panel (coordinators and chairs)",
    description = "Schedules a meeting of one of the caller's area's panels on `date` (`YYYY-MM-DD`, today or later: 422 `date_in_past`). Coordinators and chairs only (403 otherwise). Audited as `meeting.create`.",
    request_body = MeetingInput,
    responses(
        (status = 201, description = "Scheduled.", body = Meeting),
        (status = 404, response = super::responses::NotFound),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_date`, `date_in_past`, `unknown_panel`.", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<MeetingInput>,
) -> ApiResult<(StatusCode, Json<Meeting>)> {
    Ok((StatusCode::CREATED, Json(s.app.schedule_meeting(&c.actor, &input).await?)))
}

/// The dates to list meetings between.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MeetingParams {
    /// `YYYY-MM-DD`; by default 90 days ago.
    pub from: Option<String>,
    /// `YYYY-MM-DD`; by default 90 days ahead.
    pub to: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings",
    operation_id = "listMeetings",
    tag = "meetings",
    summary = "Meetings in a date range",
    description = "For coordinators and chairs, their area's meetings with each agenda; for anyone else who works cases, the meetings their agency is invited to, each with only the cases it is invited to. By date, at most 200. Audited as `meetings.view`.",
    params(MeetingParams),
    responses(
        (status = 200, description = "The meetings.", body = Vec<Meeting>),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "`invalid_date` on `from` or `to`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<MeetingParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<Meeting>>> {
    let Query(p) =
        q.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "The query parameters are: from, to"))?;
    let today = s.app.today();
    let date = |field: &str, raw: &Option<String>, default: i64| -> ApiResult<jiff::civil::Date> {
        match raw.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
            Some(raw) => mappa_domain::values::parse_date(field, "the date", raw)
                .map_err(|f| ApiError::from(mappa_app::AppError::Invalid(mappa_domain::ValidationErrors(vec![f])))),
            None => Ok(today.checked_add(jiff::Span::new().days(default)).unwrap_or(today)),
        }
    };
    let (from, to) = (date("from", &p.from, -90)?, date("to", &p.to, 90)?);
    Ok(Json(s.app.meetings(&c.actor, from, to).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}",
    operation_id = "readMeeting",
    tag = "meetings",
    summary = "Read a meeting",
    description = "A meeting with its agenda: every case for the area's coordinators and chairs; for an invited agency, only the cases it is invited to; anyone else 404. Each case has its `id` (the `case` of the operations below), the person's meeting number (MIN-7), the agencies invited and their attendance, and whether its minutes are draft or approved. Audited as `meeting.view`.",
    params(("id" = String, Path, format = Uuid, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The meeting.", body = Meeting),
        super::responses::RecordRead
    )
)]
pub async fn read(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Meeting>> {
    let (m, _) = ids(&id, None)?;
    Ok(Json(s.app.meeting(&c.actor, m).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/cases",
    operation_id = "listCase",
    tag = "meetings",
    summary = "List a case on a meeting's agenda and invite agencies",
    description = "Puts a person on the meeting's agenda (a new referral when an accepted referral is waiting, otherwise a review) and invites the agencies in `invited_agencies` (codes) to discuss the case. Each invited agency that does not own the record is given sight of it for MAPPA, recorded as a share with the meeting as its reason, until the case leaves Level 2/3. Coordinators and chairs of the meeting's area only. Audited as `meeting.case_add` and `share.create`. 409 `already_listed` when the person is already on the agenda.",
    params(("id" = String, Path, format = Uuid, description = "The meeting's id.")),
    request_body = AgendaInput,
    responses(
        (status = 201, description = "Listed: the case with its `id`.", body = AgendaCase),
        (status = 409, description = "`already_listed`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_agency_code`, `unknown_agency`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add_case(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AgendaInput>,
) -> ApiResult<(StatusCode, Json<AgendaCase>)> {
    let (m, _) = ids(&id, None)?;
    Ok((StatusCode::CREATED, Json(s.app.list_case(&c.actor, m, &input).await?)))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/cases/{case}/attendance",
    operation_id = "recordAttendance",
    tag = "meetings",
    summary = "Record attendance for a case",
    description = "Each invited agency's attendance for the case: `present` (with `attendee` and their `grade`), `apologies_with_report`, `apologies` (without a report) or `absent`. `statement_read` records that the confidentiality and diversity statement was read at the start of the meeting (MIN-1). An agency that was not invited is 422 `not_invited`. Coordinators and chairs of the meeting's area only. Audited as `meeting.attendance`.",
    params(
        ("id" = String, Path, format = Uuid, description = "The meeting's id."),
        ("case" = String, Path, format = Uuid, description = "The case's id on the agenda.")
    ),
    request_body = AttendanceInput,
    responses(
        (status = 200, description = "Recorded: the case with its attendance.", body = AgendaCase),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_choice`, `invalid_agency_code`, `unknown_agency`, `duplicate`, `not_applicable`, `not_invited`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn attendance(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, case)): Path<(String, String)>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> ApiResult<Json<AgendaCase>> {
    let (m, case) = ids(&id, Some(&case))?;
    Ok(Json(s.app.record_attendance(&c.actor, m, case, &input).await?))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/cases/{case}/minutes",
    operation_id = "saveMinutes",
    tag = "meetings",
    summary = "Write the draft minutes of a case (MAPPA B)",
    description = "Saves the draft minutes: sections carried over from the referral, the information each agency shared or declined to share with the reason (MIN-6), the risk assessment, the risk management plan under its four headings, the seven resettlement `pathways` (`accommodation`, `education_training_employment`, `health`, `drugs_alcohol`, `finance_benefit_debt`, `children_families`, `attitudes_thinking_behaviour`), diversity, victims' views, `disclosure` (required, `considered: true`, MTG-9; if `agreed`, `recipient`, `by_whom`, `method` and `when`), `level_decision` (`stay`, `up`, `down`, `level_1`, `exit`) with its `level_rationale`, `cppc_considered` for Level 3 (LVL-5), `next_review_date` (after the meeting; by default 8 weeks for Level 3, 16 for Level 2: `schedules.review_interval_weeks`, MTG-3) and `actions` (each with `description`, `owner_agency`, `due_date` not before the meeting, `pillar`; give an action's `id` to keep one of an earlier draft). The draft is seen only by the area's coordinators and chairs until the chair approves it; approved minutes cannot be saved over (409 `minutes_approved`). The answer lists the actions with their `id`. Audited as `minutes.save`.",
    params(
        ("id" = String, Path, format = Uuid, description = "The meeting's id."),
        ("case" = String, Path, format = Uuid, description = "The case's id on the agenda.")
    ),
    request_body = MinutesInput,
    responses(
        (status = 200, description = "Saved: the draft with its actions.", body = Minutes),
        (status = 409, description = "`minutes_approved`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `invalid_choice`, `invalid_date`, `invalid_agency_code`, `unknown_agency`, `unknown_action`, `must_be_considered`, `not_possible_at_level`, `not_after_meeting`, `not_applicable`, `before_meeting`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn save_minutes(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, case)): Path<(String, String)>,
    ApiJson(input): ApiJson<MinutesInput>,
) -> ApiResult<Json<Minutes>> {
    let (m, case) = ids(&id, Some(&case))?;
    Ok(Json(s.app.save_minutes(&c.actor, m, case, &input).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/cases/{case}/minutes",
    operation_id = "readMinutes",
    tag = "meetings",
    summary = "Read the minutes of a case",
    description = "The latest version: draft or approved for the area's coordinators and chairs; approved only for an agency invited to discuss the case (MIN-5: an attendee's agency reads the minutes of the cases it was invited to). Anyone else, or minutes not yet approved for an invited agency: 404. Approved minutes carry their handling statement (MIN-2, MIN-4). Audited as `minutes.view`.",
    params(
        ("id" = String, Path, format = Uuid, description = "The meeting's id."),
        ("case" = String, Path, format = Uuid, description = "The case's id on the agenda.")
    ),
    responses(
        (status = 200, description = "The minutes.", body = Minutes),
        super::responses::RecordRead
    )
)]
pub async fn read_minutes(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, case)): Path<(String, String)>,
) -> ApiResult<Json<Minutes>> {
    let (m, case) = ids(&id, Some(&case))?;
    Ok(Json(s.app.minutes(&c.actor, m, case).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/cases/{case}/minutes/approve",
    operation_id = "approveMinutes",
    tag = "meetings",
    summary = "Approve the minutes of a case (the chair)",
    description = "The panel's chair approves the draft: it is frozen and marked with its handling statement, its actions open for their agencies, and its level decision is recorded in the case's decision history. A case moved to Level 1 or exited loses the shares its meetings gave (and, exiting, its referral's), each withdrawn with the reason. Anyone but the chair: 403 `not_the_chair` (field `chair`). 409 `no_minutes` or `already_approved`. Audited as `minutes.approve`.",
    params(
        ("id" = String, Path, format = Uuid, description = "The meeting's id."),
        ("case" = String, Path, format = Uuid, description = "The case's id on the agenda.")
    ),
    responses(
        (status = 200, description = "Approved.", body = Minutes),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 403, description = "`forbidden`, or `not_the_chair`.", body = crate::error::Body),
        (status = 404, response = super::responses::NotFound),
        (status = 409, description = "`no_minutes` or `already_approved`.", body = crate::error::Body),
        (status = 422, description = "`not_possible_at_level`: the case's level changed since the minutes were written.", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
pub async fn approve(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, case)): Path<(String, String)>,
) -> ApiResult<Json<Minutes>> {
    let (m, case) = ids(&id, Some(&case))?;
    Ok(Json(s.app.approve_minutes(&c.actor, m, case).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/cases/{case}/minutes/shares",
    operation_id = "shareMinutes",
    tag = "meetings",
    summary = "Ask to share a case's minutes with another agency (MIN-5)",
    description = "An invited agency, or the area's coordinators and chairs, ask for the approved minutes to go to an agency that was not invited, with the `reason`. An agency the meeting agreed to (`onward_sharing_agreed` in the minutes) is approved at once; any other waits for the chair's decision. Once approved the agency may read the minutes, recorded as a share with the agreement as its reason. 409 `minutes_not_approved` for a draft. Audited as `minutes_share.request` (and `share.create` when approved).",
    params(
        ("id" = String, Path, format = Uuid, description = "The meeting's id."),
        ("case" = String, Path, format = Uuid, description = "The case's id on the agenda.")
    ),
    request_body = mappa_domain::minutes::OnwardShareInput,
    responses(
        (status = 201, description = "Asked for: the request, approved if the meeting agreed.", body = mappa_domain::minutes::OnwardShare),
        (status = 409, description = "`minutes_not_approved`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_characters`, `invalid_agency_code`, `unknown_agency`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn share_minutes(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, case)): Path<(String, String)>,
    ApiJson(input): ApiJson<mappa_domain::minutes::OnwardShareInput>,
) -> ApiResult<(StatusCode, Json<mappa_domain::minutes::OnwardShare>)> {
    let (m, case) = ids(&id, Some(&case))?;
    Ok((StatusCode::CREATED, Json(s.app.request_onward_share(&c.actor, m, case, &input).await?)))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/cases/{case}/minutes/shares",
    operation_id = "listMinutesShares",
    tag = "meetings",
    summary = "The requests to share a case's minutes onward",
    description = "For those who may read the minutes (MIN-5): each request with its agency, reason, status and decision. Audited as `minutes.view`.",
    params(
        ("id" = String, Path, format = Uuid, description = "The meeting's id."),
        ("case" = String, Path, format = Uuid, description = "The case's id on the agenda.")
    ),
    responses(
        (status = 200, description = "The requests.", body = Vec<mappa_domain::minutes::OnwardShare>),
        super::responses::RecordRead
    )
)]
pub async fn minutes_shares(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, case)): Path<(String, String)>,
) -> ApiResult<Json<Vec<mappa_domain::minutes::OnwardShare>>> {
    let (m, case) = ids(&id, Some(&case))?;
    Ok(Json(s.app.onward_shares(&c.actor, m, case).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/minutes-shares/{id}/decision",
    operation_id = "decideMinutesShare",
    tag = "meetings",
    summary = "The chair approves or refuses sharing minutes onward (MIN-5)",
    description = "`decision` `approve` or `refuse`, with the `reason`. Approval gives the agency the case's minutes, recorded as a share with the chair's approval as its reason. Anyone but the panel's chair: 403 `not_the_chair`. 409 `already_decided`. Audited as `minutes_share.decide`.",
    params(("id" = String, Path, format = Uuid, description = "The request's id.")),
    request_body = mappa_domain::minutes::OnwardDecisionInput,
    responses(
        (status = 200, description = "Decided.", body = mappa_domain::minutes::OnwardShare),
        (status = 409, description = "`already_decided`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_choice`, `too_long`, `invalid_characters`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn decide_share(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<mappa_domain::minutes::OnwardDecisionInput>,
) -> ApiResult<Json<mappa_domain::minutes::OnwardShare>> {
    let share = id.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.decide_onward_share(&c.actor, share, &input).await?))
}
