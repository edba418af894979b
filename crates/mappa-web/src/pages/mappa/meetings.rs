//! Meetings: the list, scheduling, the agenda with its invitations, and
//! attendance (MTG-1, MIN-1, MIN-7).

use super::super::forms::{FormData, FormErrors};
use super::super::people::{Choice, long_date};
use super::super::{Layout, PageForm, PageResult, done, render};
use super::{agencies, coded, id, level_words};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{MeetingCaseId, MeetingId};
use mappa_domain::meetings::{
    AgendaCase, AgendaInput, AttendanceEntryInput, AttendanceInput, AttendanceStatus, Meeting, MeetingInput,
};

/// A meeting as a line of the list.
struct MeetingLine {
    id: MeetingId,
    date: String,
    panel: String,
    cases: i64,
}

#[derive(Template)]
#[template(path = "mappa/meetings.html")]
struct MeetingsPage {
    layout: Layout,
    upcoming: Vec<MeetingLine>,
    past: Vec<MeetingLine>,
    may_schedule: bool,
}

/// `GET /meetings`: the area's meetings for its coordinators and chairs,
/// otherwise those the user's agency is invited to.
pub async fn list(State(s): State<AppState>, user: PageUser) -> PageResult {
    let today = s.app.today();
    let span = |days: i64| today.checked_add(jiff::Span::new().days(days)).unwrap_or(today);
    let all = s.app.meeting_list(&user.actor, span(-365), span(365)).await?;
    let line = |m: &mappa_app::MeetingSummary| MeetingLine {
        id: m.id,
        date: long_date(m.date),
        panel: m.panel.clone(),
        cases: m.cases,
    };
    let upcoming = all.iter().filter(|m| m.date >= today).map(line).collect();
    let past = all.iter().rev().filter(|m| m.date < today).map(line).collect();
    let page = MeetingsPage {
        layout: Layout::new("Meetings", Some(&user), "meetings"),
        upcoming,
        past,
        may_schedule: user.actor.works_mappa(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "mappa/meeting_form.html")]
struct MeetingForm {
    layout: Layout,
    errors: FormErrors,
    v: FormData,
    panels: Vec<Choice>,
}

async fn meeting_form(s: &AppState, user: &PageUser, v: FormData, errors: FormErrors) -> Result<MeetingForm, AppError> {
    let area = s.app.panels(&user.actor, None).await?;
    let title = if errors.any() { "Error: Schedule a meeting" } else { "Schedule a meeting" };
    Ok(MeetingForm {
        layout: Layout::new(title, Some(user), "meetings"),
        errors,
        v,
        panels: area
            .into_iter()
            .map(|p| Choice { value: p.id.to_string(), label: format!("{} ({})", p.name, level_words(p.level)) })
            .collect(),
    })
}

/// `GET /meetings/new`.
pub async fn new_form(State(s): State<AppState>, user: PageUser) -> PageResult {
    if !user.actor.works_mappa() {
        return Err(AppError::Forbidden.into());
    }
    Ok(render(StatusCode::OK, &meeting_form(&s, &user, FormData::default(), FormErrors::default()).await?))
}

/// `POST /meetings/new`.
pub async fn create(State(s): State<AppState>, f: PageForm) -> PageResult {
    let input = MeetingInput { panel_id: f.form.opt("panel_id"), date: f.form.date("date") };
    let errors = match s.app.schedule_meeting(&f.user.actor, &input).await {
        Ok(m) => return Ok(done(&s, &format!("/meetings/{}", m.id), AuditAction::MeetingCreate)),
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[], &["date"]),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &meeting_form(&s, &f.user, f.form, errors).await?))
}

/// A case on the agenda as the meeting page shows it.
struct CaseLine {
    id: MeetingCaseId,
    nominal_id: String,
    person: String,
    kind: &'static str,
    number: u32,
    invited: String,
    minutes: &'static str,
}

fn case_line(c: &AgendaCase) -> CaseLine {
    let invited = c
        .invited
        .iter()
        .map(|i| match i.status {
            Some(st) => format!("{}: {}", i.agency_name, st.label().to_lowercase()),
            None => i.agency_name.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    CaseLine {
        id: c.id,
        nominal_id: c.nominal_id.to_string(),
        person: c.person.clone(),
        kind: c.kind.label(),
        number: c.meeting_number,
        invited,
        minutes: c.minutes.map_or("Not written", |m| m.label()),
    }
}

#[derive(Template)]
#[template(path = "mappa/meeting.html")]
struct MeetingPage {
    layout: Layout,
    m: Meeting,
    date: String,
    chair: String,
    cases: Vec<CaseLine>,
    coordinates: bool,
    errors: FormErrors,
    v: FormData,
    candidates: Vec<Choice>,
    agencies: Vec<Choice>,
}

async fn meeting_page(
    s: &AppState,
    user: &PageUser,
    id: MeetingId,
    v: FormData,
    errors: FormErrors,
) -> Result<MeetingPage, AppError> {
    let m = s.app.meeting(&user.actor, id).await?;
    let coordinates = user.actor.works_mappa();
    let candidates = if coordinates {
        s.app
            .agenda_candidates(&user.actor, &m)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|c| Choice {
                value: c.nominal_id.to_string(),
                label: match c.review_due {
                    Some(d) => format!("{}: review due {}", c.person, long_date(d)),
                    None => format!("{}: new referral", c.person),
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    let title = if errors.any() { format!("Error: {}", m.panel) } else { m.panel.clone() };
    Ok(MeetingPage {
        layout: Layout::new(title, Some(user), "meetings"),
        date: long_date(m.date),
        chair: m.chair.as_ref().map(|c| c.name.clone()).unwrap_or_else(|| "Not named".into()),
        cases: m.cases.iter().map(case_line).collect(),
        coordinates,
        errors,
        v,
        candidates,
        agencies: agencies(s, user.actor.agency_id).await,
        m,
    })
}

/// `GET /meetings/{id}`: the meeting and its agenda.
pub async fn show(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let id = id::<MeetingId>(&raw)?;
    Ok(render(StatusCode::OK, &meeting_page(&s, &user, id, FormData::default(), FormErrors::default()).await?))
}

/// `POST /meetings/{id}/cases`: lists a case and invites agencies.
pub async fn add_case(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let mid = id::<MeetingId>(&raw)?;
    let all = s.app.agencies().await?;
    let invited: Vec<String> =
        all.iter().filter(|a| f.form.get(format!("invite-{}", a.code)) == "yes").map(|a| a.code.clone()).collect();
    let input = AgendaInput { nominal_id: f.form.opt("nominal_id"), invited_agencies: invited };
    let errors = match s.app.list_case(&f.user.actor, mid, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/meetings/{mid}"), AuditAction::AgendaAdd)),
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[], &[]),
        Err(AppError::Conflict(code)) => FormErrors::one("nominal_id", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &meeting_page(&s, &f.user, mid, f.form, errors).await?))
}

/// One invited agency's part of the attendance form.
struct AttendanceLine {
    agency: String,
    name: String,
}

#[derive(Template)]
#[template(path = "mappa/attendance_form.html")]
struct AttendanceForm {
    layout: Layout,
    meeting: MeetingId,
    case: MeetingCaseId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    lines: Vec<AttendanceLine>,
    statuses: Vec<Choice>,
}

async fn attendance_form(
    s: &AppState,
    user: &PageUser,
    (meeting, case): (MeetingId, MeetingCaseId),
    v: Option<FormData>,
    errors: FormErrors,
) -> Result<AttendanceForm, AppError> {
    let m = s.app.meeting(&user.actor, meeting).await?;
    if !user.actor.works_mappa() {
        return Err(AppError::Forbidden);
    }
    let c = m.cases.iter().find(|c| c.id == case).ok_or(AppError::NotFound)?;
    let v = v.unwrap_or_else(|| {
        let mut v = FormData::default();
        if m.statement_read {
            v.set("statement_read", "yes");
        }
        for i in &c.invited {
            if let Some(st) = i.status {
                v.set(&format!("{}-status", i.agency), st.code());
            }
            v.set(&format!("{}-attendee", i.agency), i.attendee.clone().unwrap_or_default());
            v.set(&format!("{}-grade", i.agency), i.grade.clone().unwrap_or_default());
        }
        v
    });
    let title = if errors.any() { "Error: Attendance" } else { "Attendance" };
    Ok(AttendanceForm {
        layout: Layout::new(title, Some(user), "meetings"),
        meeting,
        case,
        heading: format!("{}, {}", c.person, long_date(m.date)),
        errors,
        v,
        lines: c
            .invited
            .iter()
            .map(|i| AttendanceLine { agency: i.agency.clone(), name: i.agency_name.clone() })
            .collect(),
        statuses: coded(AttendanceStatus::ALL, AttendanceStatus::code, AttendanceStatus::label),
    })
}

fn ids(raw: &(String, String)) -> Result<(MeetingId, MeetingCaseId), AppError> {
    Ok((id(&raw.0)?, id(&raw.1)?))
}

/// `GET /meetings/{id}/cases/{case}/attendance`.
pub async fn attendance(State(s): State<AppState>, user: PageUser, Path(raw): Path<(String, String)>) -> PageResult {
    Ok(render(StatusCode::OK, &attendance_form(&s, &user, ids(&raw)?, None, FormErrors::default()).await?))
}

/// `POST /meetings/{id}/cases/{case}/attendance`.
pub async fn record_attendance(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let (meeting, case) = ids(&raw)?;
    let m = s.app.meeting(&f.user.actor, meeting).await?;
    let c = m.cases.iter().find(|c| c.id == case).ok_or(AppError::NotFound)?;
    let agencies: Vec<String> = c.invited.iter().map(|i| i.agency.clone()).collect();
    let entries = agencies
        .iter()
        .filter(|a| f.form.opt(&format!("{a}-status")).is_some())
        .map(|a| AttendanceEntryInput {
            agency: Some(a.clone()),
            status: f.form.opt(&format!("{a}-status")),
            attendee: f.form.opt(&format!("{a}-attendee")),
            grade: f.form.opt(&format!("{a}-grade")),
        })
        .collect::<Vec<_>>();
    let input = AttendanceInput { attendance: entries, statement_read: Some(f.form.get("statement_read") == "yes") };
    let errors = match s.app.record_attendance(&f.user.actor, meeting, case, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/meetings/{meeting}"), AuditAction::AttendanceRecord)),
        Err(AppError::Invalid(v)) => {
            // attendance[i] is the i-th agency given an answer.
            let answered: Vec<&String> =
                agencies.iter().filter(|a| f.form.opt(&format!("{a}-status")).is_some()).collect();
            let mut rename = Vec::new();
            for (i, a) in answered.iter().enumerate() {
                for part in ["status", "attendee", "grade", "agency"] {
                    let to = if part == "agency" { "status" } else { part };
                    rename.push((format!("attendance[{i}].{part}"), format!("{a}-{to}")));
                }
            }
            let rename: Vec<(&str, &str)> = rename.iter().map(|(x, y)| (x.as_str(), y.as_str())).collect();
            FormErrors::from_validation(&v, &rename, &[])
        }
        Err(e) => return Err(e.into()),
    };
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &attendance_form(&s, &f.user, (meeting, case), Some(f.form), errors).await?,
    ))
}
