//! The forms that record, review and remove a potentially dangerous person
//! (issue 11, journey 6; PDP-1..6).

use super::forms::{FormData, FormErrors};
use super::people::{Choice, form_context};
use super::{Layout, PageForm, PageResult, done, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::NominalId;
use mappa_domain::pdp::{PdpInput, PdpRemovalInput, PdpReviewInput};

/// Which of the three forms.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Record,
    Review,
    Removal,
}

impl Step {
    fn title(self) -> &'static str {
        match self {
            Step::Record => "Record as a potentially dangerous person",
            Step::Review => "Record a review",
            Step::Removal => "Remove potentially dangerous person status",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Step::Record => "new",
            Step::Review => "review",
            Step::Removal => "removal",
        }
    }

    fn action(self) -> RecordAction {
        match self {
            Step::Review => RecordAction::Edit,
            _ => RecordAction::Decide,
        }
    }
}

#[derive(Template)]
#[template(path = "pdp_form.html")]
struct PdpForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    step: Step,
    path: &'static str,
    what: &'static str,
    errors: FormErrors,
    v: FormData,
    officers: Vec<Choice>,
}

async fn form(
    s: &AppState,
    user: &PageUser,
    (id, heading): (NominalId, String),
    step: Step,
    v: FormData,
    errors: FormErrors,
) -> Result<PdpForm, AppError> {
    let officers = match step {
        Step::Record => s
            .app
            .pdp_officers(&user.actor, id)
            .await?
            .into_iter()
            .map(|(value, label)| Choice { value, label })
            .collect(),
        _ => Vec::new(),
    };
    let title = if errors.any() { format!("Error: {}", step.title()) } else { step.title().to_string() };
    Ok(PdpForm {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        step,
        path: step.path(),
        what: step.title(),
        errors,
        v,
        officers,
    })
}

async fn show(s: AppState, user: PageUser, raw: String, step: Step) -> PageResult {
    let context = form_context(&s, &user, &raw, step.action()).await?;
    Ok(render(StatusCode::OK, &form(&s, &user, context, step, FormData::default(), FormErrors::default()).await?))
}

async fn save(s: AppState, f: PageForm, raw: String, step: Step) -> PageResult {
    let context = form_context(&s, &f.user, &raw, step.action()).await?;
    let id = context.0;
    let actor = &f.user.actor;
    let r = match step {
        Step::Record => {
            let input = PdpInput {
                reasons: f.form.opt("reasons"),
                officer: f.form.opt("officer"),
                recorded_on: f.form.date("on"),
            };
            s.app.record_pdp(actor, id, &input).await.map(|_| AuditAction::PdpRecord)
        }
        Step::Review => {
            let input = PdpReviewInput { note: f.form.opt("note"), reviewed_on: f.form.date("on") };
            s.app.review_pdp(actor, id, &input).await.map(|_| AuditAction::PdpReview)
        }
        Step::Removal => {
            let input = PdpRemovalInput { reason: f.form.opt("reason"), removed_on: f.form.date("on") };
            s.app.remove_pdp(actor, id, &input).await.map(|_| AuditAction::PdpRemove)
        }
    };
    let errors = match r {
        Ok(action) => return Ok(done(&s, &format!("/people/{id}/protection"), action)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(
            &e,
            &[("recorded_on", "on"), ("reviewed_on", "on"), ("removed_on", "on")],
            &["on"],
        ),
        Err(AppError::Conflict(code)) => FormErrors::one("reasons", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    let page = form(&s, &f.user, context, step, f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// `GET /people/{id}/pdp/new`.
pub async fn record_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    show(s, user, raw, Step::Record).await
}

/// `POST /people/{id}/pdp/new`.
pub async fn record(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    save(s, f, raw, Step::Record).await
}

/// `GET /people/{id}/pdp/review`.
pub async fn review_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    show(s, user, raw, Step::Review).await
}

/// `POST /people/{id}/pdp/review`.
pub async fn review(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    save(s, f, raw, Step::Review).await
}

/// `GET /people/{id}/pdp/removal`.
pub async fn removal_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    show(s, user, raw, Step::Removal).await
}

/// `POST /people/{id}/pdp/removal`.
pub async fn removal(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    save(s, f, raw, Step::Removal).await
}
