//! Review of indefinite notification requirements (journey 7; REV-01..REV-08):
//! a record's applications as timelines with their deadlines, a form for a new
//! application, and a form for each application's next stage.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, heading_for, long_date, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::{AppError, ReviewApplicationView};
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::review_application::{
    AppealOutcome, ConsultedBody, DecisionOutcome, FactorInput, ReviewApplicationInput, ReviewFactor, ReviewStage,
    ReviewStageInput, StageDetails, VictimConsultation,
};

/// One application as the page shows it.
pub struct ApplicationCard {
    pub id: ItemId,
    pub title: String,
    /// The date received, for link text that names the application.
    pub received: String,
    pub open: bool,
    pub overdue: bool,
    pub status: Vec<Row>,
    pub timeline: Vec<Row>,
    pub explanation: Vec<String>,
}

fn row(key: impl Into<String>, value: impl Into<String>) -> Row {
    Row { key: key.into(), value: value.into() }
}

fn date_or(d: Option<jiff::civil::Date>, none: &str) -> String {
    d.map_or_else(|| none.to_string(), long_date)
}

fn card(v: &ReviewApplicationView) -> ApplicationCard {
    let a = &v.application;
    let st = &v.status;
    let mut status = vec![row("Received in writing", long_date(a.received))];
    if st.decision_overdue {
        status.push(row("Decision due (REV-07)", format!("{}: overdue", date_or(st.decision_due, "not set"))));
    } else if a.decision().is_none() {
        status.push(row("Decision due (REV-07)", date_or(st.decision_due, "not set")));
    }
    if st.appeal_deadline.is_some() {
        let open = if st.appeal_open { " (an appeal may still be lodged)" } else { "" };
        status.push(row("Last day to appeal (REV-08)", format!("{}{open}", date_or(st.appeal_deadline, ""))));
    }
    if st.further_review_date.is_some() {
        status.push(row("Further qualifying date (REV-04)", date_or(st.further_review_date, "")));
    }
    status.push(row(
        "Next stage",
        if st.next_stages.is_empty() {
            "None: the application is closed".to_string()
        } else {
            st.next_stages.iter().map(|s| s.label()).collect::<Vec<_>>().join(" or ")
        },
    ));
    let mut timeline = vec![row(
        "Application received",
        with_notes(format!("{} (recorded by {})", long_date(a.received), a.recorded_by), a.notes.as_deref()),
    )];
    for s in &a.stages {
        timeline.push(row(s.details.stage().label(), with_notes(describe(s.date, &s.details), s.notes.as_deref())));
    }
    ApplicationCard {
        id: a.id,
        title: format!("Application received {}", long_date(a.received)),
        received: long_date(a.received),
        open: st.open,
        overdue: st.decision_overdue,
        status,
        timeline,
        explanation: st.explanation.iter().map(|x| super::plain::plain(x, &[])).collect(),
    }
}

fn with_notes(text: String, notes: Option<&str>) -> String {
    match notes {
        Some(n) => format!("{text}. Notes: {n}"),
        None => text,
    }
}

/// A stage's date and its own fields in a sentence.
fn describe(date: jiff::civil::Date, d: &StageDetails) -> String {
    let on = long_date(date);
    match d {
        StageDetails::BodiesConsulted { bodies } => {
            format!("{on}: {}", bodies.iter().map(|b| b.label()).collect::<Vec<_>>().join(", "))
        }
        StageDetails::VictimsConsulted { victims, reason } => match reason {
            Some(r) => format!("{on}: {} ({r})", victims.label()),
            None => format!("{on}: {}", victims.label()),
        },
        StageDetails::RiskAssessed { factors } => {
            let list = factors
                .iter()
                .map(|f| match &f.notes {
                    Some(n) => format!("{} ({n})", f.factor.label()),
                    None => f.factor.label().to_string(),
                })
                .collect::<Vec<_>>()
                .join("; ");
            format!("{on}: s91D factors considered: {list}")
        }
        StageDetails::Decided { outcome, reasons, further_review_years, notice_date } => {
            let years = further_review_years.map(|y| format!(", further review period {y} years")).unwrap_or_default();
            format!(
                "{on}: {}{years}. Reasons: {reasons}. Notice given to the offender on {}",
                outcome.label(),
                long_date(*notice_date)
            )
        }
        StageDetails::AppealDecided { outcome } => format!("{on}: {}", outcome.label()),
        StageDetails::Acknowledged | StageDetails::AppealLodged | StageDetails::Closed => on,
    }
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    layout: Layout,
    frame: super::record_frame::RecordFrame,
    id: NominalId,
    heading: String,
    applications: Vec<ApplicationCard>,
    can_edit: bool,
    errors: FormErrors,
    v: FormData,
}

async fn can_edit(s: &AppState, user: &PageUser, id: NominalId) -> bool {
    s.app.may(&user.actor, id, RecordAction::Edit).await.unwrap_or(false)
}

async fn review_page(s: &AppState, user: &PageUser, id: NominalId, v: FormData, errors: FormErrors) -> PageResult {
    let list = s.app.review_applications(&user.actor, id).await?;
    let heading = s.app.record_name(&user.actor, id).await?;
    let title =
        if errors.any() { "Error: Review of indefinite notification" } else { "Review of indefinite notification" };
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let frame = super::record_frame::frame(s, user, id, super::record_frame::Section::Review).await?;
    let page = ReviewPage {
        frame,
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        applications: list.iter().map(card).collect(),
        can_edit: can_edit(s, user, id).await,
        errors,
        v,
    };
    Ok(render(status, &page))
}

pub async fn show(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    review_page(&s, &user, id, FormData::default(), FormErrors::default()).await
}

/// Records an application. The eligibility check (REV-01, REV-03) needs the
/// rules engine's assessment of the stored facts, not yet available here.
pub async fn add_application(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let input = ReviewApplicationInput {
        received: f.form.date("received"),
        in_writing: Some(f.form.opt("in_writing").is_some()),
        notes: f.form.opt("notes"),
    };
    match s.app.record_review_application(&f.user.actor, id, &input).await {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}/review"), AuditAction::ReviewApplicationCreate)),
        Err(AppError::Invalid(v)) => {
            let errors = FormErrors::from_validation(&v, &[], &["received"]);
            review_page(&s, &f.user, id, f.form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "review_stage_form.html")]
struct StagePage {
    layout: Layout,
    id: NominalId,
    application: ItemId,
    heading: String,
    received: String,
    errors: FormErrors,
    v: FormData,
    /// The stages that may come next; a choice is offered when there are several.
    next: Vec<Choice>,
    bodies: bool,
    victims: bool,
    factors: bool,
    decision: bool,
    appeal_outcome: bool,
    body_choices: Vec<Choice>,
    victim_choices: Vec<Choice>,
    factor_choices: Vec<Choice>,
    outcome_choices: Vec<Choice>,
    appeal_choices: Vec<Choice>,
    further_hint: String,
}

fn checks<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|x| Choice { value: code(*x).into(), label: label(*x).into() }).collect()
}

async fn stage_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    application: ItemId,
    v: FormData,
    errors: FormErrors,
) -> PageResult {
    let heading = heading_for(s, user, id, RecordAction::Edit).await?;
    let a = s.app.review_application_for_form(&user.actor, id, application).await?;
    let next = a.next_stages();
    if next.is_empty() {
        return Err(AppError::NotFound.into());
    }
    let has = |st: ReviewStage| next.contains(&st);
    let title =
        if errors.any() { "Error: Record the next stage of a review" } else { "Record the next stage of a review" };
    let page = StagePage {
        layout: Layout::new(title, Some(user), ""),
        id,
        application,
        heading,
        received: long_date(a.received),
        errors,
        v,
        next: next.iter().map(|n| Choice { value: n.code().into(), label: n.label().into() }).collect(),
        bodies: has(ReviewStage::BodiesConsulted),
        victims: has(ReviewStage::VictimsConsulted),
        factors: has(ReviewStage::RiskAssessed),
        decision: has(ReviewStage::Decided),
        appeal_outcome: has(ReviewStage::AppealDecided),
        body_choices: checks(ConsultedBody::ALL, ConsultedBody::code, ConsultedBody::label),
        victim_choices: checks(VictimConsultation::ALL, VictimConsultation::code, VictimConsultation::label),
        factor_choices: checks(ReviewFactor::ALL, ReviewFactor::code, ReviewFactor::label),
        outcome_choices: checks(DecisionOutcome::ALL, DecisionOutcome::code, DecisionOutcome::label),
        appeal_choices: checks(AppealOutcome::ALL, AppealOutcome::code, AppealOutcome::label),
        further_hint: format!(
            "8 years unless you set another period, at most {} (REV-04)",
            s.app.rules_config().notification.review_further_period_max_years
        ),
    };
    let status = if page.errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(render(status, &page))
}

fn application_id(raw: &str) -> Result<ItemId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

pub async fn stage_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, application)): Path<(String, String)>,
) -> PageResult {
    let (id, application) = (parse_id(&id)?, application_id(&application)?);
    stage_page(&s, &user, id, application, FormData::default(), FormErrors::default()).await
}

/// The form as the domain's input, and how its field paths map to form ids.
fn stage_input(f: &FormData) -> (ReviewStageInput, Vec<(String, String)>) {
    let stage = f.opt("stage");
    let is = |st: ReviewStage| stage.as_deref() == Some(st.code());
    let mut rename = Vec::new();
    let bodies = is(ReviewStage::BodiesConsulted).then(|| {
        ConsultedBody::ALL
            .iter()
            .filter(|b| f.opt(&format!("bodies-{}", b.code())).is_some())
            .map(|b| b.code().to_string())
            .collect::<Vec<_>>()
    });
    let factors = is(ReviewStage::RiskAssessed).then(|| {
        let mut list = Vec::new();
        for factor in ReviewFactor::ALL {
            let base = format!("factor-{}", factor.code());
            if f.opt(&base).is_some() {
                rename.push((format!("factors[{}].notes", list.len()), format!("{base}-notes")));
                list.push(FactorInput { factor: Some(factor.code().into()), notes: f.opt(&format!("{base}-notes")) });
            }
        }
        list
    });
    let decided = is(ReviewStage::Decided);
    let input = ReviewStageInput {
        stage: stage.clone(),
        date: f.date("date"),
        notes: f.opt("notes"),
        bodies,
        victims: is(ReviewStage::VictimsConsulted).then(|| f.opt("victims")).flatten(),
        reason: is(ReviewStage::VictimsConsulted).then(|| f.opt("reason")).flatten(),
        factors,
        outcome: if decided {
            f.opt("outcome")
        } else if is(ReviewStage::AppealDecided) {
            f.opt("appeal_outcome")
        } else {
            None
        },
        reasons: decided.then(|| f.opt("reasons")).flatten(),
        further_review_years: None,
        notice_date: decided.then(|| f.date("notice_date")).flatten(),
    };
    if is(ReviewStage::AppealDecided) {
        rename.push(("outcome".into(), "appeal_outcome".into()));
    }
    (input, rename)
}

pub async fn add_stage(
    State(s): State<AppState>,
    Path((id, application)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let (id, application) = (parse_id(&id)?, application_id(&application)?);
    let (mut input, mut rename) = stage_input(&f.form);
    let mut pre = mappa_domain::ValidationErrors::new();
    if input.stage.as_deref() == Some(ReviewStage::Decided.code())
        && let Some(raw) = f.form.opt("further_review_years")
    {
        match raw.parse::<i64>() {
            Ok(n) => input.further_review_years = Some(n),
            Err(_) => pre.add(
                "further_review_years",
                "not_a_number",
                "Enter the further review period as a whole number of years",
            ),
        }
    }
    let result = if pre.is_empty() {
        s.app.record_review_stage(&f.user.actor, id, application, &input).await.map(|_| ())
    } else {
        Err(AppError::Invalid(pre))
    };
    match result {
        Ok(()) => Ok(super::done(&s, &format!("/people/{id}/review"), AuditAction::ReviewApplicationStage)),
        Err(AppError::Invalid(v)) => {
            rename.extend(
                v.0.iter().filter(|e| e.field.starts_with("bodies[")).map(|e| (e.field.clone(), "bodies".to_string())),
            );
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let errors = FormErrors::from_validation(&v, &rename, &["date", "notice_date"]);
            stage_page(&s, &f.user, id, application, f.form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
