//! The actions agencies are held to: a list by status and the page that
//! takes one on or marks it done.

use super::super::forms::{FormData, FormErrors};
use super::super::people::{Row, long_date, row};
use super::super::{Layout, PageForm, PageResult, done, render};
use super::id;
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_app::{ActionListStatus, AppError};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::ActionId;
use mappa_domain::minutes::{Action, ActionNoteInput, ActionStatus};
use serde::Deserialize;

/// An action as a line of the list.
struct ActionLine {
    id: ActionId,
    description: String,
    owner: String,
    due: String,
    status: String,
    overdue: bool,
}

fn line(a: &Action) -> ActionLine {
    ActionLine {
        id: a.id,
        description: a.description.clone(),
        owner: a.owner_agency_name.clone(),
        due: long_date(a.due_date),
        status: a.standing().into(),
        overdue: a.overdue,
    }
}

/// A tab of the list.
struct Tab {
    href: &'static str,
    label: &'static str,
    current: bool,
}

#[derive(Template)]
#[template(path = "mappa/actions.html")]
struct ActionsPage {
    layout: Layout,
    heading: String,
    tabs: Vec<Tab>,
    actions: Vec<ActionLine>,
    none: &'static str,
}

#[derive(Deserialize, Default)]
pub struct ActionsQuery {
    status: Option<String>,
}

/// `GET /actions`: the actions of the user's agency (the area's, for
/// coordinators and chairs), open by default.
pub async fn list(
    State(s): State<AppState>,
    user: PageUser,
    q: Result<Query<ActionsQuery>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let (status, key, none) = match q.status.as_deref() {
        Some("overdue") => (ActionListStatus::Overdue, "overdue", "No actions are overdue."),
        Some("done") => (ActionListStatus::Done, "done", "No actions have been done yet."),
        _ => (ActionListStatus::Open, "open", "No actions are open."),
    };
    let list = s.app.actions(&user.actor, None, Some(status)).await?;
    let tabs = [
        ("/actions", "Open", "open"),
        ("/actions?status=overdue", "Overdue", "overdue"),
        ("/actions?status=done", "Done", "done"),
    ]
    .into_iter()
    .map(|(href, label, k)| Tab { href, label, current: k == key })
    .collect();
    let heading = if user.actor.works_mappa() {
        "Actions in your area".to_string()
    } else {
        format!("Actions for {}", user.actor.agency_name)
    };
    let page = ActionsPage {
        layout: Layout::new(heading.clone(), Some(&user), "actions"),
        heading,
        tabs,
        actions: list.iter().map(line).collect(),
        none,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "mappa/action.html")]
struct ActionPage {
    layout: Layout,
    a: Action,
    rows: Vec<Row>,
    mine: bool,
    errors: FormErrors,
    v: FormData,
}

async fn action_page(
    s: &AppState,
    user: &PageUser,
    id: ActionId,
    v: FormData,
    errors: FormErrors,
) -> Result<ActionPage, AppError> {
    let a = s.app.action(&user.actor, id).await?;
    let mut rows = vec![
        row("Agency", a.owner_agency_name.clone()),
        row("Due", long_date(a.due_date)),
        row("Heading of the plan", a.pillar.label()),
        row("Status", a.standing()),
    ];
    if let Some(p) = &a.owner_person {
        rows.push(row("Taken on by", p.clone()));
    }
    if let (Some(on), Some(by)) = (a.completed_on, &a.completed_by) {
        rows.push(row("Done", format!("{} by {}", long_date(on), by.name)));
    }
    if let Some(n) = &a.note {
        rows.push(row("What was done", n.clone()));
    }
    if let Some(r) = &a.cancelled_reason {
        rows.push(row("Cancelled because", r.clone()));
    }
    let mine = a.owner_agency == user.actor.agency_code && a.status == ActionStatus::Open;
    let title = if errors.any() { "Error: Action" } else { "Action" };
    Ok(ActionPage { layout: Layout::new(title, Some(user), "actions"), rows, mine, errors, v, a })
}

/// `GET /actions/{id}`.
pub async fn show(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let page = action_page(&s, &user, id(&raw)?, FormData::default(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /actions/{id}`: take the action on (naming who) or mark it done.
pub async fn update(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let aid = id::<ActionId>(&raw)?;
    let result = if f.form.get("step") == "accept" {
        s.app
            .accept_action(&f.user.actor, aid, f.form.opt("person").as_deref())
            .await
            .map(|_| AuditAction::ActionAccept)
    } else {
        let input = ActionNoteInput { note: f.form.opt("note") };
        s.app.complete_action(&f.user.actor, aid, &input).await.map(|_| AuditAction::ActionComplete)
    };
    let errors = match result {
        Ok(action) => return Ok(done(&s, &format!("/actions/{aid}"), action)),
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[], &[]),
        Err(AppError::Conflict(code)) => FormErrors::one("note", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &action_page(&s, &f.user, aid, f.form, errors).await?))
}
