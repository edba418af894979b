//! Serious further offences and Serious Case Reviews in the browser (issue
//! 11, journey 5; SFO-1, SCR-1..3): the notification form and the step form.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, form_context, long_date, row};
use super::{Layout, PageForm, PageResult, done, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::sfo::{Sfo, SfoInput, SfoStage, SfoStepInput};

/// A serious further offence as the record's page shows it.
pub struct SfoCard {
    pub id: ItemId,
    pub title: String,
    pub rows: Vec<Row>,
    pub steps: Vec<Row>,
    pub open: bool,
}

pub fn card(s: &Sfo, today: jiff::civil::Date) -> SfoCard {
    let mut rows = vec![
        row("Offence charged", s.offence.clone()),
        row("Charged", long_date(s.charged_on)),
        row(
            "MAPPA when notified",
            match (s.category, s.level) {
                (Some(c), Some(l)) => format!("Category {c}, level {l}"),
                (Some(c), None) => format!("Category {c}"),
                _ => "Not a MAPPA case".to_string(),
            },
        ),
    ];
    if let Some(w) = s.scr_warranted {
        rows.push(row("Serious Case Review", if w { "Warranted" } else { "Not warranted" }));
    }
    if let Some(r) = &s.scr_remit {
        rows.push(row("Review's remit", r.clone()));
    }
    if let Some(l) = &s.scr_lay_adviser {
        rows.push(row("Lay adviser", l.clone()));
    }
    if let (Some(by), None) = (s.scr_notify_by, s.scr_notified_on) {
        let late = if by < today { " (overdue)" } else { "" };
        rows.push(row("SMB chair and coordinator to be notified by", format!("{}{late}", long_date(by))));
    }
    let steps = s
        .steps
        .iter()
        .map(|t| {
            let mut what: Vec<String> = t.note.iter().cloned().collect();
            if let Some(o) = &t.owner_role {
                what.push(format!("owner: {o}"));
            }
            if let Some(d) = t.due_date {
                what.push(format!("by {}", long_date(d)));
            }
            row(format!("{}, {}", t.stage.label(), long_date(t.on)), what.join("; "))
        })
        .collect();
    let state = if s.closed_on.is_some() { "closed" } else { "open" };
    SfoCard {
        id: s.id,
        title: format!("Serious further offence notified {} ({state})", long_date(s.notified_on)),
        rows,
        steps,
        open: s.closed_on.is_none(),
    }
}

#[derive(Template)]
#[template(path = "sfo_form.html")]
struct SfoForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    /// The SFO a step is for; none for the notification.
    sfo: Option<ItemId>,
    errors: FormErrors,
    v: FormData,
    stages: Vec<Choice>,
    yes_no: Vec<Choice>,
}

fn form(
    user: &PageUser,
    (id, heading): (NominalId, String),
    sfo: Option<ItemId>,
    v: FormData,
    errors: FormErrors,
) -> SfoForm {
    let what = if sfo.is_some() { "Record a step" } else { "Notify a serious further offence" };
    SfoForm {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        sfo,
        errors,
        v,
        stages: SfoStage::ALL.iter().map(|c| Choice { value: c.code().into(), label: c.label().into() }).collect(),
        yes_no: vec![
            Choice { value: "yes".into(), label: "Yes".into() },
            Choice { value: "no".into(), label: "No".into() },
        ],
    }
}

/// `GET /people/{id}/sfo/new`.
pub async fn new_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::Contribute).await?;
    Ok(render(StatusCode::OK, &form(&user, context, None, FormData::default(), FormErrors::default())))
}

/// `POST /people/{id}/sfo/new`.
pub async fn notify(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let context = form_context(&s, &f.user, &raw, RecordAction::Contribute).await?;
    let id = context.0;
    let input = SfoInput {
        charged_on: f.form.date("charged_on"),
        offence: f.form.opt("offence"),
        notified_on: f.form.date("notified_on"),
    };
    let errors = match s.app.record_sfo(&f.user.actor, id, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection#sfo"), AuditAction::SfoNotify)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &["charged_on", "notified_on"]),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &form(&f.user, context, None, f.form, errors)))
}

/// `GET /people/{id}/sfo/{sfo}`.
pub async fn step_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((raw, sfo)): Path<(String, String)>,
) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::View).await?;
    let sfo: ItemId = sfo.parse().map_err(|_| AppError::NotFound)?;
    s.app.sfos(&user.actor, context.0).await?.into_iter().find(|x| x.id == sfo).ok_or(AppError::NotFound)?;
    Ok(render(StatusCode::OK, &form(&user, context, Some(sfo), FormData::default(), FormErrors::default())))
}

/// `POST /people/{id}/sfo/{sfo}`.
pub async fn step(State(s): State<AppState>, Path((raw, sfo)): Path<(String, String)>, f: PageForm) -> PageResult {
    let context = form_context(&s, &f.user, &raw, RecordAction::View).await?;
    let id = context.0;
    let sfo: ItemId = sfo.parse().map_err(|_| AppError::NotFound)?;
    let v = &f.form;
    let input = SfoStepInput {
        stage: v.opt("stage"),
        on: v.date("on"),
        note: v.opt("note"),
        warranted: v.opt("warranted").map(|w| w == "yes"),
        remit: v.opt("remit"),
        lay_adviser: v.opt("lay_adviser"),
        owner_role: v.opt("owner_role"),
        due_date: v.date("due_date"),
    };
    let errors = match s.app.record_sfo_step(&f.user.actor, id, sfo, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection#sfo"), AuditAction::SfoStep)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &["on", "due_date"]),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &form(&f.user, context, Some(sfo), f.form, errors)))
}
