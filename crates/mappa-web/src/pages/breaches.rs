//! "Breaches and circulations": a record's breaches with their outcome
//! history and recording check (NOTIF-53), its wanted/missing circulations,
//! and the forms that record them.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, form_context, heading_for, long_date, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::ValidationErrors;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::breaches::{
    Breach, BreachInput, BreachKind, CancelInput, CirculationInput, CirculationKind, OutcomeInput, OutcomeKind,
    PNC_REFERENCE_FORMAT, london_time,
};
use mappa_domain::ids::{ItemId, NominalId};

fn item_id(raw: &str) -> Result<ItemId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|k| Choice { value: code(*k).into(), label: label(*k).into() }).collect()
}

// ---------- the list ----------

pub struct OutcomeRow {
    pub date: String,
    pub kind: &'static str,
    pub court: String,
    pub reference: String,
    pub by: String,
}

pub struct BreachRow {
    pub id: ItemId,
    pub kind: &'static str,
    pub detail_label: &'static str,
    pub detail: Option<String>,
    pub description: String,
    pub established: String,
    pub recorded: String,
    pub late: bool,
    pub explanation: String,
    pub current: String,
    pub outcomes: Vec<OutcomeRow>,
}

impl BreachRow {
    fn of(b: &Breach) -> Self {
        let (detail_label, detail) = match b.kind {
            BreachKind::BreachOfOrder => ("Order", b.order_id.clone()),
            BreachKind::BreachOfLicence => ("Licence condition", b.licence_condition.clone()),
            _ => ("", None),
        };
        BreachRow {
            id: b.id,
            kind: b.kind.label(),
            detail_label,
            detail,
            description: b.description.clone(),
            established: london_time(b.discovered_at),
            recorded: format!("{} by {}", london_time(b.recorded_at), b.recorded_by.name),
            late: b.recording.late,
            explanation: b.recording.explanation.clone(),
            current: b
                .current_outcome()
                .map(|o| format!("{}, {}", o.kind.label(), long_date(o.date)))
                .unwrap_or_else(|| "None recorded yet".into()),
            outcomes: b
                .outcomes
                .iter()
                .map(|o| OutcomeRow {
                    date: long_date(o.date),
                    kind: o.kind.label(),
                    court: o.court.clone().unwrap_or_default(),
                    reference: o.reference.clone().unwrap_or_default(),
                    by: o.recorded_by.name.clone(),
                })
                .collect(),
        }
    }
}

pub struct CirculationRow {
    pub id: ItemId,
    pub kind: &'static str,
    pub reference: String,
    pub from: String,
    pub status: String,
    pub current: bool,
    pub by: String,
}

#[derive(Template)]
#[template(path = "breaches.html")]
struct BreachesPage {
    layout: Layout,
    frame: super::record_frame::RecordFrame,
    id: NominalId,
    heading: String,
    /// Wanted or missing now: a second circulation cannot be made.
    circulated: bool,
    breaches: Vec<BreachRow>,
    circulations: Vec<CirculationRow>,
    can_edit: bool,
}

pub async fn show(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let view = s.app.breaches(&user.actor, id).await?;
    let can_edit = s.app.may(&user.actor, id, RecordAction::Edit).await?;
    let heading = s.app.record_name(&user.actor, id).await?;
    let circulations = view
        .circulations
        .iter()
        .map(|c| CirculationRow {
            id: c.id,
            kind: c.kind.label(),
            reference: c.pnc_reference.clone(),
            from: long_date(c.from),
            status: match c.cancelled_on {
                None => "Current".into(),
                Some(d) => format!("Cancelled {}", long_date(d)),
            },
            current: c.is_current(),
            by: c.recorded_by.name.clone(),
        })
        .collect();
    let frame = super::record_frame::frame(&s, &user, id, super::record_frame::Section::Breaches).await?;
    let page = BreachesPage {
        frame,
        layout: Layout::new("Breaches and circulations", Some(&user), ""),
        id,
        heading,
        circulated: view.current_circulation.is_some(),
        breaches: view.breaches.iter().map(BreachRow::of).collect(),
        circulations,
        can_edit,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------- record a breach ----------

#[derive(Template)]
#[template(path = "breach_form.html")]
struct BreachPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    orders: Vec<Choice>,
    hours: u32,
}

async fn breach_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
) -> Result<BreachPage, AppError> {
    let orders =
        s.app.order_choices(&user.actor, id).await?.into_iter().map(|(value, label)| Choice { value, label }).collect();
    let title = if errors.any() { "Error: Record a breach" } else { "Record a breach" };
    Ok(BreachPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: choices(BreachKind::ALL, BreachKind::code, BreachKind::label),
        orders,
        hours: s.app.rules().schedules.breach_record_hours,
    })
}

pub async fn breach_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    Ok(render(StatusCode::OK, &breach_page(&s, &user, id, heading, FormData::default(), FormErrors::default()).await?))
}

/// A 24-hour clock time, `H:MM` or `HH:MM` (a dot is taken for the colon).
fn clock_time(raw: &str) -> Option<String> {
    let (h, m) = raw.trim().replace('.', ":").split_once(':').map(|(h, m)| (h.to_string(), m.to_string()))?;
    let ok = (1..=2).contains(&h.len())
        && m.len() == 2
        && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        && h.parse::<u8>().ok()? < 24
        && m.parse::<u8>().ok()? < 60;
    ok.then(|| format!("{:02}:{m}", h.parse::<u8>().unwrap_or(0)))
}

pub async fn add_breach(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let date = f.form.date("discovered");
    let time_raw = f.form.opt("discovered_time");
    let time = time_raw.as_deref().and_then(clock_time);
    let input = BreachInput {
        kind: f.form.opt("kind"),
        order_id: f.form.opt("order_id"),
        licence_condition: f.form.opt("licence_condition"),
        description: f.form.opt("description"),
        discovered_at: match (&date, &time) {
            (Some(d), Some(t)) => Some(format!("{d}T{t}")),
            _ => None,
        },
    };
    match s.app.record_breach(&f.user.actor, id, &input).await {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}/breaches#breaches"), AuditAction::BreachCreate)),
        Err(AppError::Invalid(mut v)) => {
            // A missing or unreadable time is the time box's problem, not the date's.
            if time.is_none() {
                if date.is_some() {
                    v.0.retain(|e| e.field != "discovered_at");
                }
                let message = if time_raw.is_none() {
                    "Enter the time the breach was established"
                } else {
                    "Enter the time on the 24-hour clock, for example 14:30"
                };
                v.add("discovered_time", if time_raw.is_none() { "required" } else { "invalid_time" }, message);
            }
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
            let errors = FormErrors::from_validation(&v, &[("discovered_at", "discovered")], &["discovered"]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &breach_page(&s, &f.user, id, heading, f.form, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- record an outcome ----------

#[derive(Template)]
#[template(path = "breach_outcome_form.html")]
struct OutcomePage {
    layout: Layout,
    id: NominalId,
    breach_id: ItemId,
    heading: String,
    breach: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
}

async fn outcome_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    breach_id: ItemId,
    v: FormData,
    errors: FormErrors,
) -> Result<OutcomePage, AppError> {
    let heading = heading_for(s, user, id, RecordAction::Edit).await?;
    let b = s.app.breach_for_form(&user.actor, id, breach_id).await?;
    let title = if errors.any() { "Error: Record an outcome" } else { "Record an outcome" };
    Ok(OutcomePage {
        layout: Layout::new(title, Some(user), ""),
        id,
        breach_id,
        heading,
        breach: format!("{}, established {}", b.kind.label(), london_time(b.discovered_at)),
        errors,
        v,
        kinds: choices(OutcomeKind::ALL, OutcomeKind::code, OutcomeKind::label),
    })
}

pub async fn outcome_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, breach)): Path<(String, String)>,
) -> PageResult {
    let (id, breach) = (parse_id(&id)?, item_id(&breach)?);
    let page = outcome_page(&s, &user, id, breach, FormData::default(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

pub async fn add_outcome(
    State(s): State<AppState>,
    Path((id, breach)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let (id, breach) = (parse_id(&id)?, item_id(&breach)?);
    let input = OutcomeInput {
        kind: f.form.opt("kind"),
        date: f.form.date("date"),
        court: f.form.opt("court"),
        reference: f.form.opt("reference"),
    };
    match s.app.record_breach_outcome(&f.user.actor, id, breach, &input).await {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}/breaches#breaches"), AuditAction::BreachOutcome)),
        Err(AppError::Invalid(v)) => {
            let errors = FormErrors::from_validation(&v, &[], &["date"]);
            let page = outcome_page(&s, &f.user, id, breach, f.form, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- wanted or missing ----------

#[derive(Template)]
#[template(path = "breach_circulation_form.html")]
struct CirculationPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    pnc_hint: String,
}

fn circulation_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
) -> CirculationPage {
    let title = if errors.any() { "Error: Mark as wanted or missing" } else { "Mark as wanted or missing" };
    CirculationPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: choices(CirculationKind::ALL, CirculationKind::code, CirculationKind::label),
        pnc_hint: format!("As on the PNC: {PNC_REFERENCE_FORMAT}"),
    }
}

pub async fn circulation_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    Ok(render(StatusCode::OK, &circulation_page(&user, id, heading, FormData::default(), FormErrors::default())))
}

pub async fn add_circulation(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let input = CirculationInput {
        kind: f.form.opt("kind"),
        pnc_reference: f.form.opt("pnc_reference"),
        from: f.form.date("from"),
    };
    let errors = match s.app.circulate(&f.user.actor, id, &input).await {
        Ok(_) => {
            return Ok(super::done(&s, &format!("/people/{id}/breaches#circulations"), AuditAction::CirculationCreate));
        }
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[], &["from"]),
        Err(AppError::Conflict(code)) => FormErrors::one("kind", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &circulation_page(&f.user, id, heading, f.form, errors)))
}

#[derive(Template)]
#[template(path = "breach_cancel_form.html")]
struct CancelPage {
    layout: Layout,
    id: NominalId,
    circulation_id: ItemId,
    heading: String,
    circulation_text: String,
    errors: FormErrors,
    v: FormData,
}

async fn cancel_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    circulation: ItemId,
    v: FormData,
    errors: FormErrors,
) -> Result<CancelPage, AppError> {
    let heading = heading_for(s, user, id, RecordAction::Edit).await?;
    let c = s.app.circulation_for_form(&user.actor, id, circulation).await?;
    let title = if errors.any() { "Error: Cancel a circulation" } else { "Cancel a circulation" };
    Ok(CancelPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        circulation_id: circulation,
        heading,
        circulation_text: format!(
            "{} since {}, PNC circulation {}",
            c.kind.label(),
            long_date(c.from),
            c.pnc_reference
        ),
        errors,
        v,
    })
}

pub async fn cancel_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, circulation)): Path<(String, String)>,
) -> PageResult {
    let (id, circulation) = (parse_id(&id)?, item_id(&circulation)?);
    let page = cancel_page(&s, &user, id, circulation, FormData::default(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

pub async fn cancel(
    State(s): State<AppState>,
    Path((id, circulation)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let (id, circulation) = (parse_id(&id)?, item_id(&circulation)?);
    let input = CancelInput { date: f.form.date("date") };
    let errors = match s.app.cancel_circulation(&f.user.actor, id, circulation, &input).await {
        Ok(_) => {
            return Ok(super::done(&s, &format!("/people/{id}/breaches#circulations"), AuditAction::CirculationCancel));
        }
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[], &["date"]),
        Err(AppError::Conflict(code)) => FormErrors::from_validation(
            &ValidationErrors::single("date", "conflict", AppError::conflict_message(code)),
            &[],
            &["date"],
        ),
        Err(e) => return Err(e.into()),
    };
    let page = cancel_page(&s, &f.user, id, circulation, f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[cfg(test)]
mod tests {
    use super::clock_time;

    #[test]
    fn clock_times_are_read_on_the_24_hour_clock() {
        assert_eq!(clock_time("14:30").as_deref(), Some("14:30"));
        assert_eq!(clock_time("9.05").as_deref(), Some("09:05"));
        for bad in ["24:00", "12:60", "1230", "noon", "12:3", ""] {
            assert_eq!(clock_time(bad), None, "{bad}");
        }
    }
}
