//! The auditor's page: who looked at or changed a person's record, and what a
//! user looked at, across agencies (issue 8, point 4). The filter is in the
//! address (usernames, ids and days, never a person's name).

use super::forms::{FormData, FormErrors};
use super::people::{audit_time, describe_action};
use super::{Layout, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use mappa_app::{AUDIT_SEARCH_LIMIT, AppError, AuditQuery, ShownAudit};

pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub agency: String,
    pub what: String,
    pub nominal_id: Option<String>,
    pub changed: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    v: FormData,
    errors: FormErrors,
    searched: bool,
    rows: Vec<AuditRow>,
    truncated: bool,
}

fn row(shown: ShownAudit) -> AuditRow {
    let r = shown.record;
    AuditRow {
        when: audit_time(r.at),
        who: r.actor_username,
        agency: r.actor_agency.unwrap_or_default(),
        what: describe_action(&r.action).to_string(),
        nominal_id: r.nominal_id,
        changed: shown.changed_fields.join(", ").replace('_', " "),
    }
}

pub async fn show(State(s): State<AppState>, user: PageUser, RawQuery(query): RawQuery) -> PageResult {
    let v = FormData::parse(query.unwrap_or_default().as_bytes());
    let searched = !v.get("searched").is_empty();
    let mut page = AuditPage {
        layout: Layout::new("Audit trail", Some(&user), "audit"),
        v,
        errors: FormErrors::default(),
        searched,
        rows: Vec::new(),
        truncated: false,
    };
    let q = AuditQuery {
        actor: page.v.opt("actor"),
        nominal: page.v.opt("nominal"),
        action: page.v.opt("action"),
        from: page.v.date("from"),
        to: page.v.date("to"),
    };
    let status = if searched {
        match s.app.audit_events(&user.actor, &q).await {
            Ok(events) => {
                page.truncated = events.len() as i64 >= AUDIT_SEARCH_LIMIT;
                page.rows = events.into_iter().map(row).collect();
                StatusCode::OK
            }
            Err(AppError::Invalid(e)) => {
                page.errors = FormErrors::from_validation(&e, &[], &["from", "to"]);
                page.layout.title = format!("Error: {}", page.layout.title);
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(e) => return Err(e.into()),
        }
    } else if user.actor.has(mappa_domain::role::Role::Auditor) {
        StatusCode::OK
    } else {
        return Err(AppError::Forbidden.into());
    };
    Ok(render(status, &page))
}
