//! The forms that record a MAPPA disclosure decision and the disclosure
//! made (issue 11, journey 1; DIS-1..6).

use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, form_context, long_date, row};
use super::{Layout, PageForm, PageResult, done, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::disclosures::{
    Disclosure, DisclosureChoice, DisclosureInput, DisclosureMadeInput, DisclosureMethod, RecipientKind,
};
use mappa_domain::ids::{ItemId, NominalId};

/// A decision as the record's page shows it.
pub struct DisclosureCard {
    pub id: ItemId,
    pub title: String,
    pub rows: Vec<Row>,
    /// A decision to disclose not yet recorded as made.
    pub awaiting: bool,
}

pub fn card(d: &Disclosure) -> DisclosureCard {
    let verdict = match d.decision {
        DisclosureChoice::Disclose => "Decision to disclose",
        DisclosureChoice::NotDisclose => "Decision not to disclose",
    };
    let title = format!("{verdict}, {}", long_date(d.decided_on));
    let mut rows = vec![
        row(
            "Decided",
            match d.meeting_date {
                Some(on) => format!("At the MAPPA meeting of {} by {}", long_date(on), d.decided_by.name),
                None => format!("Between meetings by {} ({})", d.decided_by.name, d.agency),
            },
        ),
        row(
            "To whom",
            match &d.recipient_organisation {
                Some(o) => format!("{}, {o} ({})", d.recipient, d.recipient_kind.label().to_lowercase()),
                None => format!("{} ({})", d.recipient, d.recipient_kind.label().to_lowercase()),
            },
        ),
    ];
    if let Some(i) = &d.information {
        rows.push(row("What", i.clone()));
    }
    rows.push(row("Why it is reasonable", d.reasonable.clone()));
    rows.push(row("Why it is necessary", d.necessary.clone()));
    rows.push(row("Why it is lawful", d.lawful.clone()));
    rows.push(row("Why it is proportionate", d.proportionate.clone()));
    if let Some(b) = &d.by_whom {
        rows.push(row("By whom", b.clone()));
    }
    if let Some(m) = d.method {
        let when = d.planned_on.map(|p| format!(", by {}", long_date(p))).unwrap_or_default();
        rows.push(row("How", format!("{}{when}", m.label())));
    }
    if let Some(c) = &d.conditions {
        rows.push(row("Conditions on the recipient", c.clone()));
    }
    let awaiting = d.decision == DisclosureChoice::Disclose && d.disclosed_on.is_none();
    if let Some(on) = d.disclosed_on {
        rows.push(row("Disclosed", long_date(on)));
        if let Some(u) = d.undertaking_signed_on {
            rows.push(row("Undertaking of confidentiality signed", long_date(u)));
        }
        rows.push(row(
            "Offender told",
            match (d.offender_told, &d.not_told_reason) {
                (Some(true), _) => "Yes".to_string(),
                (_, Some(why)) => format!("No: {why}"),
                _ => "No".to_string(),
            },
        ));
    } else if awaiting {
        rows.push(row("Disclosed", "Not yet recorded"));
    }
    DisclosureCard { id: d.id, title, rows, awaiting }
}

#[derive(Template)]
#[template(path = "disclosure_form.html")]
struct DecisionForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    meetings: Vec<Choice>,
    /// Only at a meeting: the MAPPA unit, not the lead agency.
    meeting_only: bool,
    decisions: Vec<Choice>,
    kinds: Vec<Choice>,
    methods: Vec<Choice>,
    yes_no: Vec<Choice>,
}

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|c| Choice { value: code(*c).into(), label: label(*c).into() }).collect()
}

fn yes_no() -> Vec<Choice> {
    vec![Choice { value: "yes".into(), label: "Yes".into() }, Choice { value: "no".into(), label: "No".into() }]
}

async fn decision_form(
    s: &AppState,
    user: &PageUser,
    (id, heading): (NominalId, String),
    v: FormData,
    errors: FormErrors,
) -> Result<DecisionForm, AppError> {
    let meetings = s
        .app
        .case_meetings(&user.actor, id)
        .await?
        .into_iter()
        .map(|(case, on, panel)| Choice { value: case.to_string(), label: format!("{}, {panel}", long_date(on)) })
        .collect();
    let (_, meeting_only) = s.app.may_decide_disclosure(&user.actor, id).await?;
    let what = "Record a disclosure decision";
    Ok(DecisionForm {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        errors,
        v,
        meetings,
        meeting_only,
        decisions: choices(DisclosureChoice::ALL, DisclosureChoice::code, DisclosureChoice::label),
        kinds: choices(RecipientKind::ALL, RecipientKind::code, RecipientKind::label),
        methods: choices(DisclosureMethod::ALL, DisclosureMethod::code, DisclosureMethod::label),
        yes_no: yes_no(),
    })
}

/// The action a disclosure form needs: the lead agency decides, else the MAPPA unit.
async fn form_action(s: &AppState, user: &PageUser, raw: &str) -> Result<RecordAction, AppError> {
    let id = super::people::parse_id(raw)?;
    Ok(match s.app.may_decide_disclosure(&user.actor, id).await? {
        (true, true) => RecordAction::Coordinate,
        _ => RecordAction::Decide,
    })
}

fn told(form: &FormData) -> Option<bool> {
    match form.opt("offender_told").as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

const DATES: [&str; 4] = ["decided_on", "planned_on", "disclosed_on", "undertaking_signed_on"];

/// `GET /people/{id}/disclosures/new`.
pub async fn new_form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let action = form_action(&s, &user, &raw).await?;
    let context = form_context(&s, &user, &raw, action).await?;
    Ok(render(StatusCode::OK, &decision_form(&s, &user, context, FormData::default(), FormErrors::default()).await?))
}

/// `POST /people/{id}/disclosures/new`.
pub async fn add(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let action = form_action(&s, &f.user, &raw).await?;
    let context = form_context(&s, &f.user, &raw, action).await?;
    let id = context.0;
    let form = &f.form;
    let input = DisclosureInput {
        decision: form.opt("decision"),
        decided_on: form.date("decided_on"),
        meeting_case_id: form.opt("meeting_case_id"),
        recipient: form.opt("recipient"),
        recipient_kind: form.opt("recipient_kind"),
        recipient_organisation: form.opt("recipient_organisation"),
        information: form.opt("information"),
        reasonable: form.opt("reasonable"),
        necessary: form.opt("necessary"),
        lawful: form.opt("lawful"),
        proportionate: form.opt("proportionate"),
        by_whom: form.opt("by_whom"),
        method: form.opt("method"),
        planned_on: form.date("planned_on"),
        conditions: form.opt("conditions"),
        disclosed_on: form.date("disclosed_on"),
        undertaking_signed_on: form.date("undertaking_signed_on"),
        offender_told: told(form),
        not_told_reason: form.opt("not_told_reason"),
    };
    let errors = match s.app.record_disclosure(&f.user.actor, id, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection"), AuditAction::DisclosureDecide)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &DATES),
        Err(e) => return Err(e.into()),
    };
    let page = decision_form(&s, &f.user, context, f.form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Template)]
#[template(path = "disclosure_made_form.html")]
struct MadeForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    disclosure: ItemId,
    errors: FormErrors,
    v: FormData,
    yes_no: Vec<Choice>,
}

fn made_form(
    user: &PageUser,
    (id, heading): (NominalId, String),
    disclosure: ItemId,
    v: FormData,
    errors: FormErrors,
) -> MadeForm {
    let what = "Record the disclosure made";
    MadeForm {
        layout: Layout::new(if errors.any() { format!("Error: {what}") } else { what.into() }, Some(user), ""),
        id,
        heading,
        disclosure,
        errors,
        v,
        yes_no: yes_no(),
    }
}

/// `GET /people/{id}/disclosures/{disclosure}/made`.
pub async fn made_page(
    State(s): State<AppState>,
    user: PageUser,
    Path((raw, disclosure)): Path<(String, String)>,
) -> PageResult {
    let action = form_action(&s, &user, &raw).await?;
    let context = form_context(&s, &user, &raw, action).await?;
    let disclosure: ItemId = disclosure.parse().map_err(|_| AppError::NotFound)?;
    let page = made_form(&user, context, disclosure, FormData::default(), FormErrors::default());
    Ok(render(StatusCode::OK, &page))
}

/// `POST /people/{id}/disclosures/{disclosure}/made`.
pub async fn made(
    State(s): State<AppState>,
    Path((raw, disclosure)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let action = form_action(&s, &f.user, &raw).await?;
    let context = form_context(&s, &f.user, &raw, action).await?;
    let id = context.0;
    let disclosure: ItemId = disclosure.parse().map_err(|_| AppError::NotFound)?;
    let input = DisclosureMadeInput {
        disclosed_on: f.form.date("disclosed_on"),
        undertaking_signed_on: f.form.date("undertaking_signed_on"),
        offender_told: told(&f.form),
        not_told_reason: f.form.opt("not_told_reason"),
    };
    let errors = match s.app.record_disclosure_made(&f.user.actor, id, disclosure, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/people/{id}/protection"), AuditAction::DisclosureMade)),
        Err(AppError::Invalid(e)) => FormErrors::from_validation(&e, &[], &DATES),
        Err(AppError::Conflict(code)) => FormErrors::one("disclosed_on", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &made_form(&f.user, context, disclosure, f.form, errors)))
}
