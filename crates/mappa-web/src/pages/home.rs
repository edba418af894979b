//! The home page: it leads each user to their own work. Case workers see
//! their caseload and tasks; reception officers start at the search for the
//! person at the counter; partner agencies see what has been shared with them;
//! auditors and administrators get their pages; analysts and lay advisers are
//! told plainly what they can do here.

use super::forms::FormErrors;
use super::{HomeKind, Layout, PageResult, Paging, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mappa_app::{CASELOAD_PAGE, Caseload};
use mappa_domain::record::NominalSummary;
use mappa_domain::role::Role;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    kind: HomeKind,
    heading: &'static str,
    agency: String,
    managed: Vec<NominalSummary>,
    managed_paging: Paging,
    shared: Vec<NominalSummary>,
    shared_paging: Paging,
    tasks: Option<super::compliance::TaskSection>,
    /// Meetings and actions, for those who take part in MAPPA.
    mappa: Option<super::mappa::HomeSection>,
    may_create: bool,
    audits: bool,
    administers: bool,
    /// How an analyst or a lay adviser is named to them ("an analyst").
    role_phrase: &'static str,
    /// The front counter's search form starts without errors.
    errors: FormErrors,
}

/// Where each caseload list starts (`?managed=25&shared=0`).
#[derive(Deserialize, Default)]
pub struct Offsets {
    #[serde(default)]
    managed: i64,
    #[serde(default)]
    shared: i64,
}

pub async fn show(State(s): State<AppState>, user: PageUser, Query(at): Query<Offsets>) -> PageResult {
    let kind = HomeKind::of(&user.actor);
    let c = match kind {
        HomeKind::Caseload | HomeKind::Shared => s.app.caseload(&user.actor, at.managed, at.shared).await?,
        HomeKind::FrontCounter | HomeKind::Other => Caseload::default(),
    };
    let (managed_at, shared_at) = (at.managed.max(0), at.shared.max(0));
    let managed_paging = Paging::new(managed_at, c.managed.len(), c.managed_total, CASELOAD_PAGE, |m| {
        format!("/?managed={m}&shared={shared_at}#managed")
    });
    let shared_paging = Paging::new(shared_at, c.shared.len(), c.shared_total, CASELOAD_PAGE, |x| {
        format!("/?managed={managed_at}&shared={x}#shared")
    });
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
        managed: c.managed,
        managed_paging,
        shared: c.shared,
        shared_paging,
        tasks: super::compliance::task_section(&s, &user).await?,
        mappa: super::mappa::home_section(&s, &user).await?,
        may_create: user.actor.may_create_records(),
        audits,
        administers,
        role_phrase,
        errors: FormErrors::default(),
    };
    Ok(render(StatusCode::OK, &page))
}
