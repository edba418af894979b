//! The record's victims page and the forms that add and change a victim
//! (issue 11, journey 4). Only the owning agency and the victim liaison
//! officer's agency see a victim; to anyone else the page says only that
//! there is nothing for their agency to see.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, form_context, long_date, parse_id, row};
use super::record_frame::{RecordFrame, Section, frame};
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
use mappa_domain::victims::{ContactScheme, Victim, VictimInput};

pub struct VictimCard {
    pub id: ItemId,
    pub name: String,
    pub rows: Vec<Row>,
    pub may_change: bool,
}

#[derive(Template)]
#[template(path = "victims.html")]
struct VictimsPage {
    layout: Layout,
    frame: RecordFrame,
    id: NominalId,
    heading: String,
    victims: Vec<VictimCard>,
    may_add: bool,
}

fn card(v: &Victim, may_change: bool) -> VictimCard {
    let mut rows = vec![row("Victim Contact Scheme", v.contact_scheme.label())];
    rows.push(row(
        "Victim liaison officer",
        match (&v.vlo, &v.vlo_agency) {
            (Some(u), _) => u.name.clone(),
            _ => "Not named".to_string(),
        },
    ));
    let views = match (&v.views, v.views_recorded_on) {
        (Some(text), Some(on)) => format!("{text} (recorded {})", long_date(on)),
        (Some(text), None) => text.clone(),
        (None, _) => "Not recorded".to_string(),
    };
    rows.push(row("Views for the next meeting", views));
    let protections = if v.protected_by.is_empty() {
        "None linked".to_string()
    } else {
        v.protected_by.iter().map(|p| p.wording.clone()).collect::<Vec<_>>().join("; ")
    };
    rows.push(row("Licence conditions that protect them", protections));
    VictimCard { id: v.id, name: v.name.clone(), rows, may_change }
}

/// `GET /people/{id}/victims`.
pub async fn show(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let id = parse_id(&raw)?;
    let seen = s.app.victims_for_page(&user.actor, id).await?;
    let frame = frame(&s, &user, id, Section::Victims).await?;
    let heading = super::people::heading_for(&s, &user, id, RecordAction::View).await?;
    let page = VictimsPage {
        layout: Layout::new(format!("Victims: {heading}"), Some(&user), ""),
        frame,
        id,
        heading,
        victims: seen.victims.iter().map(|(v, may_change)| card(v, *may_change)).collect(),
        may_add: seen.may_add,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "victim_form.html")]
struct VictimForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    /// The victim being changed; none when adding one.
    victim: Option<ItemId>,
    errors: FormErrors,
    v: FormData,
    schemes: Vec<Choice>,
    officers: Vec<Choice>,
    conditions: Vec<Choice>,
}

async fn victim_form(
    s: &AppState,
    user: &PageUser,
    (id, heading): (NominalId, String),
    victim: Option<ItemId>,
    v: FormData,
    errors: FormErrors,
) -> Result<VictimForm, AppError> {
    let officers = s
        .app
        .victim_liaison_officers(&user.actor, id)
        .await?
        .into_iter()
        .map(|(value, label)| Choice { value, label })
        .collect();
    let conditions = s
        .app
        .licences(&user.actor, id)
        .await?
        .iter()
        .filter(|l| l.superseded_at.is_none())
        .flat_map(|l| l.additional_conditions.iter())
        .map(|c| Choice { value: c.id.to_string(), label: c.wording.clone() })
        .collect();
    let what = if victim.is_some() { "Change a victim's details" } else { "Add a victim" };
    let title = if errors.any() { format!("Error: {what}") } else { what.to_string() };
    Ok(VictimForm {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        victim,
        errors,
        v,
        schemes: ContactScheme::ALL
            .iter()
            .map(|c| Choice { value: c.code().into(), label: c.label().into() })
            .collect(),
        officers,
        conditions,
    })
}

/// `GET /people/{id}/victims/new`.
pub async fn new_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::Victims).await?;
    let mut v = FormData::default();
    if user.actor.has(mappa_domain::role::Role::VictimLiaison) {
        v.set("vlo", user.actor.username.clone());
    }
    Ok(render(StatusCode::OK, &victim_form(&s, &user, context, None, v, FormErrors::default()).await?))
}

/// `GET /people/{id}/victims/{victim}`: the form, filled in.
pub async fn change_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((raw, victim)): Path<(String, String)>,
) -> PageResult {
    let context = form_context(&s, &user, &raw, RecordAction::Victims).await?;
    let victim: ItemId = victim.parse().map_err(|_| AppError::NotFound)?;
    let current =
        s.app.victims(&user.actor, context.0).await?.into_iter().find(|v| v.id == victim).ok_or(AppError::NotFound)?;
    let mut v = FormData::default();
    v.set("name", current.name.clone());
    v.set("contact_scheme", current.contact_scheme.code().to_string());
    v.set("views", current.views.clone().unwrap_or_default());
    if let Some(vlo) = &current.vlo {
        v.set("vlo", s.app.username_of(vlo.id).await?.unwrap_or_default());
    }
    for p in &current.protected_by {
        v.set(&format!("protected_by-{}", p.condition_id), "yes".to_string());
    }
    Ok(render(StatusCode::OK, &victim_form(&s, &user, context, Some(victim), v, FormErrors::default()).await?))
}

/// The victim as the form gives it; the ticked conditions are the
/// `protected_by-ID` boxes (the store checks they are this person's).
fn input_of(form: &FormData) -> VictimInput {
    let mut protected_by: Vec<String> = form
        .0
        .iter()
        .filter(|(k, v)| k.starts_with("protected_by-") && v.as_str() == "yes")
        .map(|(k, _)| k["protected_by-".len()..].to_string())
        .collect();
    protected_by.sort();
    VictimInput {
        name: form.opt("name"),
        contact_scheme: form.opt("contact_scheme"),
        views: form.opt("views"),
        vlo: form.opt("vlo"),
        protected_by,
    }
}

async fn save(s: AppState, f: PageForm, raw: String, victim: Option<ItemId>) -> PageResult {
    let context = form_context(&s, &f.user, &raw, RecordAction::Victims).await?;
    let id = context.0;
    let input = input_of(&f.form);
    let r = match victim {
        None => s.app.add_victim(&f.user.actor, id, &input).await.map(|_| AuditAction::VictimAdd),
        Some(v) => s.app.change_victim(&f.user.actor, id, v, &input).await.map(|_| AuditAction::VictimChange),
    };
    let errors = match r {
        Ok(action) => return Ok(done(&s, &format!("/people/{id}/victims"), action)),
        Err(AppError::Invalid(e)) => {
            let rename: Vec<(String, &str)> =
                (0..input.protected_by.len()).map(|i| (format!("protected_by[{i}]"), "protected_by")).collect();
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), *b)).collect();
            FormErrors::from_validation(&e, &rename, &[])
        }
        Err(e) => return Err(e.into()),
    };
    let page = victim_form(&s, &f.user, context, victim, f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// `POST /people/{id}/victims/new`.
pub async fn add(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    save(s, f, raw, None).await
}

/// `POST /people/{id}/victims/{victim}`.
pub async fn change(State(s): State<AppState>, Path((raw, victim)): Path<(String, String)>, f: PageForm) -> PageResult {
    let victim: ItemId = victim.parse().map_err(|_| AppError::NotFound)?;
    save(s, f, raw, Some(victim)).await
}
