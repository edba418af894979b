//! The home page: it leads each user to their own work. Case workers see
//! their caseload and tasks; reception officers start at the search for the
//! person at the counter; partner agencies see what has been shared with them;
//! auditors and administrators get their pages; analysts and lay advisers are
//! told plainly what they can do here.

use super::forms::FormErrors;
use super::{HomeKind, Layout, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use mappa_domain::record::NominalSummary;
use mappa_domain::role::Role;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    kind: HomeKind,
    heading: &'static str,
    agency: String,
    managed: Vec<NominalSummary>,
    shared: Vec<NominalSummary>,
    tasks: Option<super::compliance::TaskSection>,
    may_create: bool,
    audits: bool,
    administers: bool,
    /// How an analyst or a lay adviser is named to them ("an analyst").
    role_phrase: &'static str,
    /// The front counter's search form starts without errors.
    errors: FormErrors,
}

pub async fn show(State(s): State<AppState>, user: PageUser) -> PageResult {
    let kind = HomeKind::of(&user.actor);
    let (managed, shared) = match kind {
        HomeKind::Caseload | HomeKind::Shared => {
            let c = s.app.caseload(&user.actor).await?;
            (c.managed, c.shared)
        }
        HomeKind::FrontCounter | HomeKind::Other => (vec![], vec![]),
    };
    let audits = user.actor.has(Role::Auditor);
    let administers = user.actor.has(Role::Admin);
    let heading = match kind {
        HomeKind::Other if audits => "Audit",
        HomeKind::Other if administers => "Accounts and agencies",
        HomeKind::Other => "What you can do here",
        _ => kind.label(),
    };
    let role_phrase = if user.actor.has(Role::Analyst) { "an analyst" } else { "a lay adviser" };
    let page = HomePage {
        layout: Layout::new(heading, Some(&user), "home"),
        kind,
        heading,
        agency: user.actor.agency_name.clone(),
        managed,
        shared,
        tasks: super::compliance::task_section(&s, &user).await?,
        may_create: user.actor.may_create_records(),
        audits,
        administers,
        role_phrase,
        errors: FormErrors::default(),
    };
    Ok(render(StatusCode::OK, &page))
}
