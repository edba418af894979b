//! Administration of MAPPA areas (issue 10, journey 1): the areas with their
//! local units, agencies and panels, and the four forms that set them up
//! (an area, a local unit, an agency's place, a panel). Administrators only;
//! the use cases audit every change (CAT-01, LVL-4, MTG-2).

use super::forms::{FormData, FormErrors};
use super::people::Choice;
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::panels::{Area, PanelInput};
use mappa_domain::role::Role;

pub struct PanelRow {
    pub name: String,
    pub level: u8,
    /// The unit it serves, or the whole area.
    pub serves: String,
    pub chair: String,
    pub pattern: String,
}

pub struct AreaView {
    pub name: String,
    pub units: Vec<String>,
    /// Agency names, each with its unit where it has one.
    pub agencies: Vec<String>,
    pub panels: Vec<PanelRow>,
}

#[derive(Template)]
#[template(path = "admin_areas.html")]
struct AreasPage {
    layout: Layout,
    areas: Vec<AreaView>,
    /// Agencies in no area: their cases count in no area's lists.
    unplaced: Vec<String>,
}

fn forbid_unless_admin(user: &PageUser) -> Result<(), AppError> {
    if user.actor.has(Role::Admin) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn areas(State(s): State<AppState>, user: PageUser) -> PageResult {
    forbid_unless_admin(&user)?;
    let (areas, panels, agencies, places) =
        tokio::try_join!(s.app.areas(), s.app.panels(&user.actor, None), s.app.agencies(), s.app.agency_places())?;
    let mut unplaced = Vec::new();
    let mut views: Vec<AreaView> = areas
        .iter()
        .map(|a| AreaView {
            name: a.name.clone(),
            units: a.units.iter().map(|u| u.name.clone()).collect(),
            agencies: Vec::new(),
            panels: panels
                .iter()
                .filter(|p| p.area_id == a.id)
                .map(|p| PanelRow {
                    name: p.name.clone(),
                    level: p.level,
                    serves: p
                        .unit_id
                        .and_then(|u| a.units.iter().find(|x| x.id == u))
                        .map_or_else(|| "The whole area".to_string(), |u| u.name.clone()),
                    chair: p.chair.as_ref().map_or_else(|| "Not named".to_string(), |c| c.name.clone()),
                    pattern: p.pattern.clone(),
                })
                .collect(),
        })
        .collect();
    for agency in agencies {
        let placed = places.iter().find(|(id, _)| *id == agency.id).map(|(_, p)| p);
        match placed.and_then(|p| areas.iter().position(|a| a.id == p.area).map(|i| (i, p))) {
            Some((i, p)) => {
                let unit = p.unit.and_then(|u| areas[i].units.iter().find(|x| x.id == u));
                views[i].agencies.push(match unit {
                    Some(u) => format!("{} ({})", agency.name, u.name),
                    None => agency.name,
                });
            }
            None => unplaced.push(agency.name),
        }
    }
    for v in &mut views {
        v.agencies.sort();
    }
    unplaced.sort();
    let layout = Layout::new("MAPPA areas", Some(&user), "areas");
    Ok(render(StatusCode::OK, &AreasPage { layout, areas: views, unplaced }))
}

/// Which of the four forms.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Area,
    Unit,
    Agency,
    Panel,
}

impl FormKind {
    fn title(self) -> &'static str {
        match self {
            FormKind::Area => "Add a MAPPA area",
            FormKind::Unit => "Add a local unit",
            FormKind::Agency => "Put an agency in an area",
            FormKind::Panel => "Add a panel",
        }
    }

    fn action(self) -> &'static str {
        match self {
            FormKind::Area => "/admin/areas/new",
            FormKind::Unit => "/admin/areas/units",
            FormKind::Agency => "/admin/areas/agencies",
            FormKind::Panel => "/admin/areas/panels",
        }
    }
}

#[derive(Template)]
#[template(path = "admin_area_form.html")]
struct AreaFormPage {
    layout: Layout,
    kind: FormKind,
    heading: &'static str,
    action: &'static str,
    errors: FormErrors,
    v: FormData,
    /// Areas by code (the unit form).
    areas: Vec<Choice>,
    /// An area, or an area's unit, as `AREA` or `AREA/UNIT`.
    places: Vec<Choice>,
    agencies: Vec<Choice>,
    chairs: Vec<Choice>,
    levels: Vec<Choice>,
}

fn places(areas: &[Area]) -> Vec<Choice> {
    let mut list = Vec::new();
    for a in areas {
        list.push(Choice { value: a.code.clone(), label: format!("{}: the whole area", a.name) });
        list.extend(
            a.units
                .iter()
                .map(|u| Choice { value: format!("{}/{}", a.code, u.code), label: format!("{}: {}", a.name, u.name) }),
        );
    }
    list
}

async fn form_page(
    s: &AppState,
    user: &PageUser,
    kind: FormKind,
    v: FormData,
    errors: FormErrors,
) -> Result<AreaFormPage, AppError> {
    forbid_unless_admin(user)?;
    let areas = s.app.areas().await?;
    let agencies = if kind == FormKind::Agency {
        let mut list: Vec<Choice> =
            s.app.agencies().await?.into_iter().map(|a| Choice { value: a.code, label: a.name }).collect();
        list.sort_by(|a, b| a.label.cmp(&b.label));
        list
    } else {
        Vec::new()
    };
    // MTG-2: the chair is a senior police or probation manager; offered
    // from the accounts given the chair role.
    let chairs = if kind == FormKind::Panel {
        let mut list: Vec<Choice> = s
            .app
            .users(&user.actor)
            .await?
            .into_iter()
            .filter(|u| u.active && u.roles.contains(&Role::Chair))
            .map(|u| Choice { value: u.username, label: format!("{} ({})", u.display_name, u.agency) })
            .collect();
        list.sort_by(|a, b| a.label.cmp(&b.label));
        list
    } else {
        Vec::new()
    };
    let levels = vec![
        Choice { value: "2".into(), label: "Level 2: for a local unit".into() },
        Choice { value: "3".into(), label: "Level 3: for the whole area".into() },
    ];
    let heading = kind.title();
    let title = if errors.any() { format!("Error: {heading}") } else { heading.to_string() };
    Ok(AreaFormPage {
        layout: Layout::new(title, Some(user), "areas"),
        kind,
        heading,
        action: kind.action(),
        errors,
        v,
        areas: areas.iter().map(|a| Choice { value: a.code.clone(), label: a.name.clone() }).collect(),
        places: places(&areas),
        agencies,
        chairs,
        levels,
    })
}

async fn show(s: AppState, user: PageUser, kind: FormKind) -> PageResult {
    Ok(render(StatusCode::OK, &form_page(&s, &user, kind, FormData::default(), FormErrors::default()).await?))
}

pub async fn area_form(State(s): State<AppState>, user: PageUser) -> PageResult {
    show(s, user, FormKind::Area).await
}
pub async fn unit_form(State(s): State<AppState>, user: PageUser) -> PageResult {
    show(s, user, FormKind::Unit).await
}
pub async fn agency_form(State(s): State<AppState>, user: PageUser) -> PageResult {
    show(s, user, FormKind::Agency).await
}
pub async fn panel_form(State(s): State<AppState>, user: PageUser) -> PageResult {
    show(s, user, FormKind::Panel).await
}

/// `AREA` or `AREA/UNIT` from the place select.
fn split_place(v: &FormData) -> (String, Option<String>) {
    let place = v.opt("place").unwrap_or_default();
    match place.split_once('/') {
        Some((a, u)) => (a.to_string(), Some(u.to_string())),
        None => (place, None),
    }
}

/// Answers a form's outcome: back to the list with a banner, or the form
/// again with its errors (the area and unit fields are the place select).
async fn answer(s: AppState, f: PageForm, kind: FormKind, r: Result<(), AppError>, done: AuditAction) -> PageResult {
    let rename: &[(&str, &str)] = match kind {
        FormKind::Agency | FormKind::Panel => &[("area", "place"), ("unit", "place")],
        _ => &[],
    };
    let (status, errors) = match r {
        Ok(()) => return Ok(super::done(&s, "/admin/areas", done)),
        Err(AppError::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, FormErrors::from_validation(&e, rename, &[])),
        Err(AppError::Conflict(c)) => (StatusCode::CONFLICT, FormErrors::one("code", AppError::conflict_message(c))),
        Err(e) => return Err(e.into()),
    };
    Ok(render(status, &form_page(&s, &f.user, kind, f.form, errors).await?))
}

pub async fn add_area(State(s): State<AppState>, f: PageForm) -> PageResult {
    let (code, name) = (f.form.opt("code").unwrap_or_default(), f.form.opt("name").unwrap_or_default());
    let r = s.app.create_area(&f.user.actor, &code, &name, &[]).await.map(|_| ());
    answer(s, f, FormKind::Area, r, AuditAction::AreaCreate).await
}

pub async fn add_unit(State(s): State<AppState>, f: PageForm) -> PageResult {
    let v = &f.form;
    let (area, code, name) =
        (v.opt("area").unwrap_or_default(), v.opt("code").unwrap_or_default(), v.opt("name").unwrap_or_default());
    let r = if area.is_empty() {
        Err(AppError::Invalid(mappa_domain::ValidationErrors::single("area", "required", "Select the area")))
    } else {
        s.app.create_unit(&f.user.actor, &area, &code, &name).await.map(|_| ())
    };
    answer(s, f, FormKind::Unit, r, AuditAction::UnitCreate).await
}

pub async fn place_agency(State(s): State<AppState>, f: PageForm) -> PageResult {
    let v = &f.form;
    let (area, unit) = split_place(v);
    let mut e = mappa_domain::ValidationErrors::new();
    if v.opt("agency").is_none() {
        e.add("agency", "required", "Select the agency");
    }
    if area.is_empty() {
        e.add("place", "required", "Select the area, or a local unit of it");
    }
    let r = if e.is_empty() {
        s.app.move_agency(&f.user.actor, &v.opt("agency").unwrap_or_default(), &area, unit.as_deref()).await
    } else {
        Err(AppError::Invalid(e))
    };
    answer(s, f, FormKind::Agency, r, AuditAction::AgencyPlace).await
}

pub async fn add_panel(State(s): State<AppState>, f: PageForm) -> PageResult {
    let v = &f.form;
    let (area, unit) = split_place(v);
    let level = v.opt("level").and_then(|l| l.parse().ok());
    let input = PanelInput {
        name: v.opt("name"),
        level,
        area: Some(area.clone()).filter(|a| !a.is_empty()),
        unit: unit.clone(),
        chair: v.opt("chair"),
        pattern: v.opt("pattern"),
    };
    // The select puts area and unit in one field: say it in its terms.
    let place = match (level, area.is_empty(), &unit) {
        (_, true, _) => Some("Select the local unit the panel serves, or the whole area for a level 3 panel"),
        (Some(3), false, Some(_)) => {
            Some("A level 3 panel serves the whole area: select the area, not one of its units")
        }
        (Some(2), false, None) => Some("A level 2 panel serves one local unit: select the unit"),
        _ => None,
    };
    let r = match (input.parse(), place) {
        (Ok(_), None) => s.app.create_panel(&f.user.actor, &input).await.map(|_| ()),
        (parsed, place) => {
            let mut e = parsed.err().unwrap_or_default();
            e.0.retain(|x| x.field != "area" && x.field != "unit");
            if let Some(message) = place {
                e.add("place", "required", message);
            }
            // In the order of the form.
            let order = ["name", "level", "place", "chair", "pattern"];
            e.0.sort_by_key(|x| order.iter().position(|f| *f == x.field));
            Err(AppError::Invalid(e))
        }
    };
    answer(s, f, FormKind::Panel, r, AuditAction::PanelCreate).await
}
