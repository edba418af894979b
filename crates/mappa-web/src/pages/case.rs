//! Forms for the legal side of a record: convictions, cautions and findings,
//! and the MAPPA case's administrative details.

use super::corrections::{Fix, corrects, done_action, standing};
use super::forms::{FormData, FormErrors, MAX_ROWS};
use super::people::{Choice, form_context, heading_for, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::{AppError, FactInput, StandingFact};
use mappa_domain::ValidationErrors;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::corrections::FactKind;
use mappa_domain::disposal::{DisposalInput, DisposalKind, OffenceInput, SentenceInput, SentenceType};
use mappa_domain::ids::NominalId;
use mappa_domain::mappa_case::{CaseDetailsInput, CaseStatus};

#[derive(Template)]
#[template(path = "disposal_form.html")]
struct DisposalPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    sentence_types: Vec<Choice>,
    offence_rows: Vec<usize>,
    fix: Option<Fix>,
}

fn disposal_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
    fix: Option<Fix>,
) -> DisposalPage {
    let title =
        Fix::title(&fix, "Add a conviction, caution or finding", "Correct a conviction, caution or finding", &errors);
    let rows = v.rows("offences", 1);
    DisposalPage {
        fix,
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: DisposalKind::ALL.iter().map(|k| Choice { value: k.code().into(), label: k.label().into() }).collect(),
        sentence_types: SentenceType::ALL
            .iter()
            .map(|k| Choice { value: k.code().into(), label: k.label().into() })
            .collect(),
        offence_rows: (0..rows).collect(),
    }
}

pub async fn disposal_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    match form_context(&s, &user, &id, RecordAction::Edit).await {
        Ok((id, heading)) => {
            let page = disposal_page(&user, id, heading, FormData::default(), FormErrors::default(), None);
            Ok(render(StatusCode::OK, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /people/{id}/disposals/{item}/correct`: the form filled in from the entry.
pub async fn disposal_correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::Disposal, &item).await?;
    let StandingFact::Disposal(d) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = FormData::default();
    v.set("kind", d.kind.code());
    v.set_date("date", Some(d.date));
    v.set_date("sentence_date", d.sentence_date);
    v.set("court", d.court.clone().unwrap_or_default());
    let s_ = &d.sentence;
    v.set("sentence_type", s_.sentence_type.code());
    for (k, n) in [("term_months", s_.term_months), ("term_days", s_.term_days), ("period_months", s_.period_months)] {
        v.set(k, n.map(|n| n.to_string()).unwrap_or_default());
    }
    if let Some(c) = s_.consecutive_to {
        v.set("consecutive_to", c.to_string());
    }
    for (r, o) in d.offences.iter().take(MAX_ROWS).enumerate() {
        v.set(&format!("offences-{r}-description"), o.description.clone());
        v.set_date(&format!("offences-{r}-offence_date"), o.offence_date);
        for (m, on) in [
            ("schedule_3", o.schedule_3),
            ("schedule_15", o.schedule_15),
            ("murder", o.murder),
            ("terrorism", o.terrorism),
            ("child_sex_offence", o.child_sex_offence),
        ] {
            if on {
                v.set(&format!("offences-{r}-{m}"), "yes");
            }
        }
    }
    let fix = Some(Fix { item: item.to_string() });
    Ok(render(StatusCode::OK, &disposal_page(&user, id, heading, v, FormErrors::default(), fix)))
}

/// A whole number, or an error naming the field (the domain takes numbers).
fn number(f: &FormData, id: &str, field: &str, e: &mut ValidationErrors) -> Option<i64> {
    let raw = f.opt(id)?;
    match raw.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            e.add(field, "not_a_number", "Enter a whole number");
            None
        }
    }
}

fn disposal_input(f: &FormData) -> (DisposalInput, Vec<(String, String)>, ValidationErrors) {
    let mut pre = ValidationErrors::new();
    let mut rename = vec![
        ("sentence.type".to_string(), "sentence_type".to_string()),
        ("sentence.term_months".to_string(), "term_months".to_string()),
        ("sentence.term_days".to_string(), "term_days".to_string()),
        ("sentence.period_months".to_string(), "period_months".to_string()),
    ];
    let mut offences = Vec::new();
    for r in 0..MAX_ROWS {
        let Some(description) = f.opt(&format!("offences-{r}-description")) else { continue };
        let i = offences.len();
        rename.push((format!("offences[{i}].description"), format!("offences-{r}-description")));
        rename.push((format!("offences[{i}].offence_date"), format!("offences-{r}-offence_date")));
        let flag = |m: &str| f.opt(&format!("offences-{r}-{m}")).is_some();
        offences.push(OffenceInput {
            description: Some(description),
            offence_date: f.date(&format!("offences-{r}-offence_date")),
            schedule_3: flag("schedule_3"),
            schedule_15: flag("schedule_15"),
            murder: flag("murder"),
            terrorism: flag("terrorism"),
            child_sex_offence: flag("child_sex_offence"),
        });
    }
    let input = DisposalInput {
        kind: f.opt("kind"),
        date: f.date("date"),
        sentence_date: f.date("sentence_date"),
        court: f.opt("court"),
        schedule_3: false,
        schedule_15: false,
        murder: false,
        terrorism: false,
        sentence: Some(SentenceInput {
            sentence_type: f.opt("sentence_type"),
            term_months: number(f, "term_months", "sentence.term_months", &mut pre),
            term_days: number(f, "term_days", "sentence.term_days", &mut pre),
            period_months: number(f, "period_months", "sentence.period_months", &mut pre),
            // Kept through a correction; the form does not ask it.
            consecutive_to: f.opt("consecutive_to"),
        }),
        offences: Some(offences),
    };
    (input, rename, pre)
}

pub async fn add_disposal(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    if f.form.adding() {
        let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await?;
        let fix = Fix::of(&f.form);
        return Ok(render(StatusCode::OK, &disposal_page(&f.user, id, heading, f.form, FormErrors::default(), fix)));
    }
    let (input, rename, pre) = disposal_input(&f.form);
    let result = match corrects(&f.form)? {
        _ if !pre.is_empty() => Err(AppError::Invalid(pre)),
        Some(item) => {
            let why = f.form.opt("reason");
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), FactInput::Disposal(&input)).await.map(|_| ())
        }
        None => s.app.add_disposal(&f.user.actor, id, &input).await.map(|_| ()),
    };
    match result {
        Ok(()) => {
            let action = done_action(&f.form, AuditAction::DisposalCreate);
            Ok(super::done(&s, &format!("/people/{id}/convictions#disposals"), action))
        }
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let dates: Vec<String> = ["date".to_string(), "sentence_date".to_string()]
                .into_iter()
                .chain((0..MAX_ROWS).map(|r| format!("offences-{r}-offence_date")))
                .collect();
            let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
            let mut rename = rename;
            rename.push(("item_id", "reason"));
            let errors = FormErrors::from_validation(&v, &rename, &dates);
            let fix = Fix::of(&f.form);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &disposal_page(&f.user, id, heading, f.form, errors, fix)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "case_form.html")]
struct CasePage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    agencies: Vec<Choice>,
    statuses: Vec<Choice>,
}

async fn case_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
) -> CasePage {
    let title = if errors.any() { "Error: Change MAPPA case details" } else { "Change MAPPA case details" };
    let agencies = s
        .app
        .agencies()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.kind.is_responsible_authority() || matches!(a.kind.code(), "youth_offending" | "mental_health"))
        .map(|a| Choice { value: a.code, label: a.name })
        .collect();
    CasePage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        agencies,
        statuses: CaseStatus::ALL.iter().map(|k| Choice { value: k.code().into(), label: k.label().into() }).collect(),
    }
}

pub async fn case_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let record = s.app.record_for_form(&user.actor, id).await?;
    let heading = record.details.display_name();
    let mut v = FormData::default();
    if let Some(a) = &record.lead_agency {
        v.set("lead_agency", &a.code);
    }
    if let Some(area) = &record.mappa.owning_area {
        v.set("owning_area", area);
    }
    v.set("status", record.mappa.status.code());
    v.set_date("start_date", record.mappa.start_date);
    v.set_date("exit_date", record.mappa.exit_date);
    Ok(render(StatusCode::OK, &case_page(&s, &user, id, heading, v, FormErrors::default()).await))
}

pub async fn update_case(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let input = CaseDetailsInput {
        lead_agency: f.form.opt("lead_agency"),
        owning_area: f.form.opt("owning_area"),
        status: f.form.opt("status"),
        start_date: f.form.date("start_date"),
        exit_date: f.form.date("exit_date"),
    };
    match s.app.update_case(&f.user.actor, id, &input).await {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}#mappa"), AuditAction::MappaCaseUpdate)),
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
            let errors = FormErrors::from_validation(&v, &[], &["start_date", "exit_date"]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &case_page(&s, &f.user, id, heading, f.form, errors).await))
        }
        Err(e) => Err(e.into()),
    }
}
