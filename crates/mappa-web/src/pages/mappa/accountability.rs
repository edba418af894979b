//! Agency accountability (seed 004): attendance and actions per agency for
//! a period, and for the area's coordinators and chairs the meetings and
//! actions behind each agency's figures.

use super::super::forms::{FormData, FormErrors};
use super::super::people::{Choice, long_date};
use super::super::{Layout, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use mappa_app::{AccountabilityReport, AppError, ReportQuery};
use mappa_domain::accountability::AgencyAccountability;

/// The query of a report page: GOV.UK date inputs and a unit.
fn query(raw: &Option<String>) -> (FormData, ReportQuery) {
    let f = FormData::parse(raw.as_deref().unwrap_or("").as_bytes());
    let q = ReportQuery { area: f.opt("area"), unit: f.opt("unit"), from: f.date("from"), to: f.date("to") };
    (f, q)
}

/// The query string that keeps the scope for the drill-down links.
fn scope_link(r: &AccountabilityReport) -> String {
    let mut s = format!("area={}&from={}&to={}", r.area, r.from, r.to);
    if let Some(u) = &r.unit {
        s.push_str(&format!("&unit={u}"));
    }
    s
}

#[derive(Template)]
#[template(path = "mappa/accountability.html")]
struct ReportPage {
    layout: Layout,
    errors: FormErrors,
    v: FormData,
    areas: Vec<Choice>,
    units: Vec<Choice>,
    period: String,
    rows: Vec<AgencyAccountability>,
    shown: bool,
    drill: bool,
    scope: String,
}

/// `GET /reports/agency-accountability`.
pub async fn show(State(s): State<AppState>, user: PageUser, RawQuery(raw): RawQuery) -> PageResult {
    let (mut v, q) = query(&raw);
    let areas = s.app.areas().await?;
    let (errors, report) = match s.app.agency_accountability(&user.actor, &q).await {
        Ok(r) => (FormErrors::default(), Some(r)),
        // Someone whose agency is in no area chooses one first.
        Err(AppError::Invalid(e)) if q.area.is_none() && e.first().is_some_and(|f| f.field == "area") => {
            (FormErrors::default(), None)
        }
        Err(AppError::Invalid(e)) => (FormErrors::from_validation(&e, &[], &["from", "to"]), None),
        Err(e) => return Err(e.into()),
    };
    let area = report.as_ref().map(|r| r.area.clone()).or(q.area.clone());
    let units = areas
        .iter()
        .filter(|a| Some(&a.code) == area.as_ref())
        .flat_map(|a| a.units.iter())
        .map(|u| Choice { value: u.code.clone(), label: u.name.clone() })
        .collect();
    if let Some(r) = &report {
        v.set("area", r.area.clone());
        v.set_date("from", Some(r.from));
        v.set_date("to", Some(r.to));
    }
    let areas = areas.into_iter().map(|a| Choice { value: a.code, label: a.name }).collect();
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let title = if errors.any() { "Error: Agency accountability" } else { "Agency accountability" };
    let page = ReportPage {
        layout: Layout::new(title, Some(&user), "accountability"),
        errors,
        v,
        areas,
        units,
        period: report.as_ref().map(|r| format!("{} to {}", long_date(r.from), long_date(r.to))).unwrap_or_default(),
        scope: report.as_ref().map(scope_link).unwrap_or_default(),
        shown: report.is_some(),
        rows: report.map(|r| r.agencies).unwrap_or_default(),
        drill: user.actor.works_mappa(),
    };
    Ok(render(status, &page))
}

/// An invitation as a line of the drill-down.
struct InvitationRow {
    meeting: String,
    date: String,
    panel: String,
    person: String,
    status: &'static str,
}

/// An action as a line of the drill-down.
struct ActionRow {
    id: String,
    description: String,
    due: String,
    status: String,
}

#[derive(Template)]
#[template(path = "mappa/accountability_agency.html")]
struct AgencyPage {
    layout: Layout,
    name: String,
    period: String,
    figures: Option<AgencyAccountability>,
    invitations: Vec<InvitationRow>,
    actions: Vec<ActionRow>,
    back: String,
}

/// `GET /reports/agency-accountability/{agency}`: the drill-down.
pub async fn agency(
    State(s): State<AppState>,
    user: PageUser,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let f = FormData::parse(raw.as_deref().unwrap_or("").as_bytes());
    let q = ReportQuery { area: f.opt("area"), unit: f.opt("unit"), from: f.opt("from"), to: f.opt("to") };
    let (report, invitations, actions) = match s.app.agency_record(&user.actor, &q, &code).await {
        Err(AppError::Invalid(_)) => return Err(AppError::NotFound.into()),
        r => r?,
    };
    let figures = report.agencies.iter().find(|a| a.agency == code.to_uppercase()).cloned();
    let name = figures.as_ref().map(|f| f.agency_name.clone()).unwrap_or_else(|| code.to_uppercase());
    let page = AgencyPage {
        layout: Layout::new(format!("Agency accountability: {name}"), Some(&user), "accountability"),
        name,
        period: format!("{} to {}", long_date(report.from), long_date(report.to)),
        back: format!("/reports/agency-accountability?{}", scope_link(&report)),
        figures,
        invitations: invitations
            .into_iter()
            .map(|i| InvitationRow {
                meeting: i.meeting_id.to_string(),
                date: long_date(i.date),
                panel: i.panel,
                person: i.person,
                status: i.status.map_or("Not recorded", |s| s.label()),
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| ActionRow {
                id: a.id.to_string(),
                description: a.description.clone(),
                due: long_date(a.due_date),
                status: a.standing().into(),
            })
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}
