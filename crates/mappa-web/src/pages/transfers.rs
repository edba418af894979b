//! Moving a case to another MAPPA area or local unit in the browser (issue
//! 11, journey 7): the owning team's request form, and the receiving
//! agency's page to judge and answer it.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, form_context, long_date, parse_id, row};
use super::{Layout, PageForm, PageResult, done, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::{AppError, TransferSeen};
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::transfers::{Place, Transfer, TransferAnswerInput, TransferInput, TransferStatus};

/// A transfer as the record's page shows it.
pub struct TransferCard {
    pub id: ItemId,
    pub title: String,
    pub rows: Vec<Row>,
    pub may_answer: bool,
}

fn where_(area: Option<&Place>, unit: Option<&Place>) -> String {
    match (area, unit) {
        (Some(a), Some(u)) => format!("{}, {}", a.name, u.name),
        (Some(a), None) => a.name.clone(),
        (None, Some(u)) => u.name.clone(),
        (None, None) => "No MAPPA area".to_string(),
    }
}

fn rows_of(t: &Transfer, today: jiff::civil::Date) -> Vec<Row> {
    let mut rows = vec![
        row("From", format!("{} ({})", where_(t.from_area.as_ref(), t.from_unit.as_ref()), t.from_agency.name)),
        row("To", format!("{} ({})", where_(Some(&t.to_area), t.to_unit.as_ref()), t.to_agency.name)),
        row("Reason", t.reason.clone()),
        row("Asked", format!("{} by {}", long_date(t.requested_on), t.requested_by.name)),
    ];
    if t.status == TransferStatus::Requested {
        let late = if t.respond_by < today { " (overdue)" } else { "" };
        rows.push(row("Answer due by", format!("{}{late}", long_date(t.respond_by))));
        if let Some(on) = t.escalate_on {
            rows.push(row("Level 3: escalated if unanswered by", long_date(on)));
        }
    }
    if let (Some(on), Some(by)) = (t.decided_on, &t.decided_by) {
        let why = t.decision_reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default();
        rows.push(row(t.status.label(), format!("{} by {}{why}", long_date(on), by.name)));
    }
    if let Some(until) = t.handover_until {
        rows.push(row("Sending team's access ends", long_date(until)));
    }
    rows
}

pub fn card(t: &TransferSeen, today: jiff::civil::Date) -> TransferCard {
    let tr = &t.transfer;
    TransferCard {
        id: tr.id,
        title: format!(
            "Transfer to {}: {}",
            where_(Some(&tr.to_area), tr.to_unit.as_ref()),
            tr.status.label().to_lowercase()
        ),
        rows: rows_of(tr, today),
        may_answer: t.may_answer,
    }
}

#[derive(Template)]
#[template(path = "transfer_form.html")]
struct RequestForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    places: Vec<Choice>,
}

/// Every area, and each of its units, as "AREA" or "AREA/UNIT".
async fn places(s: &AppState) -> Result<Vec<Choice>, AppError> {
    let mut out = Vec::new();
    for a in s.app.areas().await? {
        out.push(Choice { value: a.code.clone(), label: format!("{} (the whole area)", a.name) });
        for u in &a.units {
            out.push(Choice { value: format!("{}/{}", a.code, u.code), label: format!("{}: {}", a.name, u.name) });
        }
    }
    Ok(out)
}

async fn request_form(
    s: &AppState,
    user: &PageUser,
    (id, heading): (NominalId, String),
    v: FormData,
    errors: FormErrors,
) -> Result<RequestForm, AppError> {
    let what = "Ask to move the case to another area";
    Ok(RequestForm {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        errors,
        v,
        places: places(s).await?,
    })
}

/// `GET /people/{id}/transfers/new`.
pub async fn new_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::Edit).await?;
    Ok(render(StatusCode::OK, &request_form(&s, &user, context, FormData::default(), FormErrors::default()).await?))
}

/// `POST /people/{id}/transfers/new`.
pub async fn request(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let context = form_context(&s, &f.user, &raw, RecordAction::Edit).await?;
    let id = context.0;
    let to = f.form.opt("to").unwrap_or_default();
    let (area, unit) = match to.split_once('/') {
        Some((a, u)) => (Some(a.to_string()), Some(u.to_string())),
        None => (Some(to).filter(|t| !t.is_empty()), None),
    };
    let input = TransferInput { to_area: area, to_unit: unit, reason: f.form.opt("reason") };
    let errors = match s.app.request_transfer(&f.user.actor, id, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection"), AuditAction::TransferRequest)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[("to_area", "to"), ("to_unit", "to")], &[]),
        Err(AppError::Conflict(code)) => FormErrors::one("to", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    let page = request_form(&s, &f.user, context, f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Template)]
#[template(path = "transfer_answer.html")]
struct AnswerPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    transfer: ItemId,
    rows: Vec<Row>,
    glance: Vec<Row>,
    plan: Vec<Row>,
    plan_from: String,
    actions: Vec<Row>,
    errors: FormErrors,
    v: FormData,
    answers: Vec<Choice>,
}

async fn answer_page(
    s: &AppState,
    user: &PageUser,
    (id, transfer): (NominalId, ItemId),
    v: FormData,
    errors: FormErrors,
) -> Result<AnswerPage, AppError> {
    let seen = s.app.transfers(&user.actor, id).await?;
    let t = seen.into_iter().find(|t| t.transfer.id == transfer).ok_or(AppError::NotFound)?;
    if !t.may_answer {
        return Err(AppError::Forbidden);
    }
    let heading = super::people::heading_for(s, user, id, RecordAction::View).await?;
    let frame = super::record_frame::frame(s, user, id, super::record_frame::Section::Protection).await?;
    let brief = s.app.case_brief(&user.actor, id).await?;
    let what = "Answer a transfer request";
    Ok(AnswerPage {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        transfer,
        rows: rows_of(&t.transfer, s.app.today()),
        glance: frame.glance,
        plan: brief.plan.into_iter().map(|(k, v)| row(k, v)).collect(),
        plan_from: brief.plan_from.map(long_date).unwrap_or_default(),
        actions: brief
            .open_actions
            .into_iter()
            .map(|(what, agency, due)| row(format!("{agency}, due {}", long_date(due)), what))
            .collect(),
        errors,
        v,
        answers: vec![
            Choice { value: "accept".into(), label: "Accept the transfer".into() },
            Choice { value: "refuse".into(), label: "Refuse the transfer".into() },
        ],
    })
}

/// `GET /people/{id}/transfers/{transfer}`.
pub async fn show(
    State(s): State<AppState>,
    user: PageUser,
    Path((raw, transfer)): Path<(String, String)>,
) -> PageResult {
    let id = parse_id(&raw)?;
    let transfer: ItemId = transfer.parse().map_err(|_| AppError::NotFound)?;
    Ok(render(
        StatusCode::OK,
        &answer_page(&s, &user, (id, transfer), FormData::default(), FormErrors::default()).await?,
    ))
}

/// `POST /people/{id}/transfers/{transfer}`.
pub async fn answer(
    State(s): State<AppState>,
    Path((raw, transfer)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let id = parse_id(&raw)?;
    let transfer: ItemId = transfer.parse().map_err(|_| AppError::NotFound)?;
    let input = TransferAnswerInput { reason: f.form.opt("reason") };
    let r = match f.form.opt("answer").as_deref() {
        Some("accept") => {
            s.app.answer_transfer(&f.user.actor, transfer, true, &input).await.map(|_| AuditAction::TransferAccept)
        }
        Some("refuse") => {
            s.app.answer_transfer(&f.user.actor, transfer, false, &input).await.map(|_| AuditAction::TransferRefuse)
        }
        _ => Err(AppError::Invalid(mappa_domain::ValidationErrors::single(
            "answer",
            "required",
            "Select whether you accept or refuse the transfer",
        ))),
    };
    let errors = match r {
        Ok(action) => return Ok(done(&s, &format!("/people/{id}/protection"), action)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &[]),
        Err(e) => return Err(e.into()),
    };
    let page = answer_page(&s, &f.user, (id, transfer), f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
