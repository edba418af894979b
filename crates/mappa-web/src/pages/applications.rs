//! Disclosure scheme applications in the browser (issue 11, journeys 2 and
//! 3): recorded from the subject's record (found with the search, or added
//! first with the minimum details), then each step of the process.

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
use mappa_domain::disclosure_schemes::{Application, ApplicationInput, Outcome, Route, Scheme, Stage, StageInput};
use mappa_domain::disclosures::DisclosureMethod;
use mappa_domain::ids::{ItemId, NominalId};

/// An application as the record's page shows it.
pub struct ApplicationCard {
    pub id: ItemId,
    pub title: String,
    pub rows: Vec<Row>,
    pub steps: Vec<Row>,
    pub open: bool,
}

pub fn card(a: &Application, today: jiff::civil::Date) -> ApplicationCard {
    let late = |d: jiff::civil::Date| if d < today { " (overdue)" } else { "" };
    let mut rows = vec![row("Route", a.route.label()), row("Received", long_date(a.received))];
    if let Some(x) = &a.applicant {
        let rel = a.applicant_relationship.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
        rows.push(row("Applicant", format!("{x}{rel}")));
    }
    if let Some(x) = &a.children {
        rows.push(row("Children at risk", x.clone()));
    }
    if let Some(x) = &a.contact {
        rows.push(row("Contact with them", x.clone()));
    }
    if let Some(x) = &a.person_at_risk {
        rows.push(row("Person at risk", x.clone()));
    }
    if a.immediate_risk {
        rows.push(row("Immediate risk", "Yes: urgent safeguarding"));
    }
    if a.closed_on.is_none() {
        rows.push(row("To be completed by", format!("{}{}", long_date(a.due_date), late(a.due_date))));
        if let Some(d) = a.initial_review_due {
            rows.push(row("Initial review by", long_date(d)));
        }
        if let Some(d) = a.face_to_face_due {
            rows.push(row("Face-to-face meeting by", long_date(d)));
        }
    }
    let steps = a
        .stages
        .iter()
        .map(|s| {
            let mut what = Vec::new();
            if let Some(o) = s.outcome {
                what.push(o.label().to_string());
            }
            for t in [&s.reasons, &s.decided_by, &s.recipient, &s.note].into_iter().flatten() {
                what.push(t.clone());
            }
            if let Some(m) = s.method {
                what.push(m.label().to_string());
            }
            if let Some(d) = s.extended_to {
                what.push(format!("to {}", long_date(d)));
            }
            row(format!("{}, {}", s.stage.label(), long_date(s.on)), what.join("; "))
        })
        .collect();
    let state = if a.closed_on.is_some() { "closed" } else { "open" };
    ApplicationCard {
        id: a.id,
        title: format!("{} application, {} ({state})", a.scheme.label(), long_date(a.received)),
        rows,
        steps,
        open: a.closed_on.is_none(),
    }
}

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|c| Choice { value: code(*c).into(), label: label(*c).into() }).collect()
}

#[derive(Template)]
#[template(path = "application_form.html")]
struct NewForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    schemes: Vec<Choice>,
    routes: Vec<Choice>,
}

fn new_form_page(user: &PageUser, (id, heading): (NominalId, String), v: FormData, errors: FormErrors) -> NewForm {
    let what = "Record a disclosure scheme application";
    NewForm {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        errors,
        v,
        schemes: choices(Scheme::ALL, Scheme::code, Scheme::label),
        routes: choices(Route::ALL, Route::code, Route::label),
    }
}

/// `GET /people/{id}/applications/new`.
pub async fn new_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::Contribute).await?;
    Ok(render(StatusCode::OK, &new_form_page(&user, context, FormData::default(), FormErrors::default())))
}

/// `POST /people/{id}/applications/new`.
pub async fn add(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let context = form_context(&s, &f.user, &raw, RecordAction::Contribute).await?;
    let id = context.0;
    let form = &f.form;
    let input = ApplicationInput {
        scheme: form.opt("scheme"),
        route: form.opt("route"),
        received: form.date("received"),
        subject_nominal_id: Some(id.to_string()),
        subject: None,
        applicant: form.opt("applicant"),
        applicant_relationship: form.opt("applicant_relationship"),
        person_at_risk: form.opt("person_at_risk"),
        children: form.opt("children"),
        contact: form.opt("contact"),
        immediate_risk: form.opt("immediate_risk").as_deref() == Some("yes"),
    };
    let errors = match s.app.record_application(&f.user.actor, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection#applications"), AuditAction::ApplicationRecord)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &["received"]),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &new_form_page(&f.user, context, f.form, errors)))
}

#[derive(Template)]
#[template(path = "application_step.html")]
struct StepForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    app: ItemId,
    title: String,
    errors: FormErrors,
    v: FormData,
    stages: Vec<Choice>,
    outcomes: Vec<Choice>,
    methods: Vec<Choice>,
}

async fn step_page(
    s: &AppState,
    user: &PageUser,
    (id, heading): (NominalId, String),
    app: ItemId,
    v: FormData,
    errors: FormErrors,
) -> Result<StepForm, AppError> {
    let a = s.app.applications(&user.actor, id).await?.into_iter().find(|a| a.id == app).ok_or(AppError::NotFound)?;
    let what = "Record a step";
    Ok(StepForm {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        app,
        title: format!("{} application received {}", a.scheme.label(), long_date(a.received)),
        errors,
        v,
        stages: choices(Stage::ALL, Stage::code, Stage::label),
        outcomes: choices(Outcome::ALL, Outcome::code, Outcome::label),
        methods: choices(DisclosureMethod::ALL, DisclosureMethod::code, DisclosureMethod::label),
    })
}

/// `GET /people/{id}/applications/{app}`.
pub async fn step_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((raw, app)): Path<(String, String)>,
) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::Contribute).await?;
    let app: ItemId = app.parse().map_err(|_| AppError::NotFound)?;
    Ok(render(StatusCode::OK, &step_page(&s, &user, context, app, FormData::default(), FormErrors::default()).await?))
}

/// `POST /people/{id}/applications/{app}`.
pub async fn step(State(s): State<AppState>, Path((raw, app)): Path<(String, String)>, f: PageForm) -> PageResult {
    let context = form_context(&s, &f.user, &raw, RecordAction::Contribute).await?;
    let id = context.0;
    let app: ItemId = app.parse().map_err(|_| AppError::NotFound)?;
    let form = &f.form;
    let input = StageInput {
        stage: form.opt("stage"),
        on: form.date("on"),
        note: form.opt("note"),
        outcome: form.opt("outcome"),
        reasons: form.opt("reasons"),
        decided_by: form.opt("decided_by"),
        recipient: form.opt("recipient"),
        method: form.opt("method"),
        extended_to: form.date("extended_to"),
    };
    let errors = match s.app.record_application_stage(&f.user.actor, app, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection#applications"), AuditAction::ApplicationStage)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &["on", "extended_to"]),
        Err(e) => return Err(e.into()),
    };
    let page = step_page(&s, &f.user, context, app, f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
