//! Putting a record's entries right: the withdrawal page for every kind of
//! entry, what the correction forms share (each kind's own form, opened
//! filled in from the entry, with the reason asked first), and recording
//! what happened at a visit booked ahead.

use super::forms::{FormData, FormErrors, PageForm};
use super::people::{heading_for, long_date, parse_id};
use super::{Layout, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::{AppError, StandingFact};
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::corrections::FactKind;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::risk::{Visit, VisitInput, VisitOutcome};

/// A form opened to correct an entry rather than add one: the entry's id
/// travels in a hidden field, so the form posts where it always does.
pub struct Fix {
    pub item: String,
}

impl Fix {
    /// The correction a submitted form carries, if any.
    pub fn of(form: &FormData) -> Option<Fix> {
        form.opt("corrects").map(|item| Fix { item })
    }

    /// The page title: `correct` when correcting, else `add`.
    pub fn title(fix: &Option<Fix>, add: &str, correct: &str, errors: &FormErrors) -> String {
        let t = if fix.is_some() { correct } else { add };
        if errors.any() { format!("Error: {t}") } else { t.to_string() }
    }
}

/// The entry a submitted form corrects; an id that is not one is no entry.
pub fn corrects(form: &FormData) -> Result<Option<ItemId>, AppError> {
    match form.opt("corrects") {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|_| AppError::NotFound),
    }
}

/// What the success banner says: a correction, or what the form adds.
pub fn done_action(form: &FormData, added: AuditAction) -> AuditAction {
    if form.opt("corrects").is_some() { AuditAction::FactCorrect } else { added }
}

/// The entry's id in a correction or withdrawal path.
pub fn item_id(raw: &str) -> Result<ItemId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// A correction form's start: the entry as it stands, for `kind`; opening
/// the form is audited by the heading's read.
pub async fn standing(
    s: &AppState,
    user: &PageUser,
    id: &str,
    kind: FactKind,
    item: &str,
) -> Result<(NominalId, String, ItemId, StandingFact), AppError> {
    let id = parse_id(id)?;
    let item = item_id(item)?;
    let action = if kind == FactKind::Decision { RecordAction::Decide } else { RecordAction::Edit };
    let heading = heading_for(s, user, id, action).await?;
    let fact = s.app.standing_fact(&user.actor, id, kind, item).await?;
    Ok((id, heading, item, fact))
}

/// Where an entry of `kind` is listed, to go back to.
pub fn listed_at(id: NominalId, kind: FactKind) -> String {
    match kind {
        FactKind::Address => format!("/people/{id}/details#addresses"),
        FactKind::Disposal => format!("/people/{id}/convictions#disposals"),
        FactKind::Decision => format!("/people/{id}#mappa"),
        FactKind::Notification => format!("/people/{id}#notifications"),
        FactKind::Period => format!("/people/{id}#periods"),
        FactKind::Order => format!("/people/{id}/orders"),
        FactKind::RiskAssessment => format!("/people/{id}/risk#assessments"),
        FactKind::Visit => format!("/people/{id}/risk#visits"),
    }
}

// ---------- withdrawal ----------

#[derive(Template)]
#[template(path = "withdraw_form.html")]
struct WithdrawPage {
    layout: Layout,
    heading: String,
    what: &'static str,
    /// The entry, in a line, so that the user sees what they withdraw.
    entry: String,
    errors: FormErrors,
    v: FormData,
    back: String,
}

/// The entry in a line, in plain words.
fn describe(fact: &StandingFact) -> String {
    match fact {
        StandingFact::Address(a) => format!("{}: {}, from {}", a.kind.label(), a.one_line(), long_date(a.from)),
        StandingFact::Disposal(d) => {
            let offences: Vec<&str> = d.offences.iter().map(|o| o.description.as_str()).collect();
            format!("{} of {}: {}", d.kind.label(), long_date(d.date), offences.join("; "))
        }
        StandingFact::Decision(d) => {
            let value = |v: Option<u8>| v.map_or("none".to_string(), |v| v.to_string());
            format!(
                "{} decided {}: {} to {}",
                d.kind.label(),
                long_date(d.effective_date),
                value(d.from_value),
                value(d.to_value)
            )
        }
        StandingFact::Notification(n) => format!("{} of {}", n.kind.label(), long_date(n.date)),
        StandingFact::Order(o) => format!("{} made {}", o.kind.label(), long_date(o.made)),
        StandingFact::Period(p) => format!("{} from {}", p.kind.label(), long_date(p.from)),
        StandingFact::RiskAssessment(a) => format!("{} of {}", a.result.tool().label(), long_date(a.date)),
        StandingFact::Visit(v) => format!("{} visit on {}", v.kind.label(), long_date(v.date)),
    }
}

fn withdraw_page(
    user: &PageUser,
    id: NominalId,
    kind: FactKind,
    heading: String,
    entry: String,
    v: FormData,
    errors: FormErrors,
) -> WithdrawPage {
    let title = format!("{}Withdraw this {}", if errors.any() { "Error: " } else { "" }, kind.label());
    let back = listed_at(id, kind);
    WithdrawPage { layout: Layout::new(&title, Some(user), ""), heading, what: kind.label(), entry, errors, v, back }
}

/// `GET /people/{id}/{kind}/{item}/withdraw`: what is withdrawn, and why.
pub async fn withdraw_form(kind: FactKind, s: AppState, user: PageUser, id: String, item: String) -> PageResult {
    let (id, heading, _, fact) = standing(&s, &user, &id, kind, &item).await?;
    let page = withdraw_page(&user, id, kind, heading, describe(&fact), FormData::default(), FormErrors::default());
    Ok(render(StatusCode::OK, &page))
}

/// `POST /people/{id}/{kind}/{item}/withdraw`.
pub async fn withdraw(kind: FactKind, s: AppState, id: String, item: String, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let item = item_id(&item)?;
    match s.app.withdraw_fact(&f.user.actor, id, kind, item, f.form.opt("reason").as_deref()).await {
        Ok(()) => Ok(super::done(&s, &listed_at(id, kind), AuditAction::FactWithdraw)),
        Err(AppError::Invalid(v)) => {
            let (_, heading, _, fact) = standing(&s, &f.user, &id.to_string(), kind, &item.to_string()).await?;
            let errors = FormErrors::from_validation(&v, &[("item_id", "reason")], &[]);
            let page = withdraw_page(&f.user, id, kind, heading, describe(&fact), f.form, errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// The withdrawal routes of every kind of entry.
pub fn routes(mut r: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::get;
    for kind in FactKind::ALL.iter().copied() {
        // The routes beside these name their entry so, and a segment's name
        // must be the same on every route through it.
        let param = match kind {
            FactKind::Notification => "notification_id",
            FactKind::Period => "period_id",
            FactKind::Order => "order_id",
            _ => "item",
        };
        let path = format!("/people/{{id}}/{}/{{{param}}}/withdraw", kind.path());
        r = r.route(
            &path,
            get(move |State(s): State<AppState>, user: PageUser, Path((id, item)): Path<(String, String)>| {
                withdraw_form(kind, s, user, id, item)
            })
            .post(
                move |State(s): State<AppState>, Path((id, item)): Path<(String, String)>, f: PageForm| {
                    withdraw(kind, s, id, item, f)
                },
            ),
        );
    }
    r
}

// ---------- a booked visit's outcome ----------

#[derive(Template)]
#[template(path = "visit_outcome_form.html")]
struct OutcomePage {
    layout: Layout,
    id: NominalId,
    heading: String,
    visit: Visit,
    errors: FormErrors,
    v: FormData,
    outcomes: Vec<super::people::Choice>,
}

fn outcome_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    visit: Visit,
    v: FormData,
    errors: FormErrors,
) -> OutcomePage {
    let title =
        if errors.any() { "Error: Record what happened at the visit" } else { "Record what happened at the visit" };
    OutcomePage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        visit,
        errors,
        v,
        outcomes: VisitOutcome::ALL
            .iter()
            .map(|o| super::people::Choice { value: o.code().into(), label: o.label().into() })
            .collect(),
    }
}

async fn booked(s: &AppState, user: &PageUser, id: &str, item: &str) -> Result<(NominalId, String, Visit), AppError> {
    let (id, heading, _, fact) = standing(s, user, id, FactKind::Visit, item).await?;
    match fact {
        StandingFact::Visit(v) if v.outcome.is_none() => Ok((id, heading, v)),
        _ => Err(AppError::NotFound),
    }
}

/// `GET /people/{id}/visits/{item}/outcome`.
pub async fn outcome_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, visit) = booked(&s, &user, &id, &item).await?;
    let mut v = FormData::default();
    v.set("officer", &visit.officer);
    Ok(render(StatusCode::OK, &outcome_page(&user, id, heading, visit, v, FormErrors::default())))
}

/// `POST /people/{id}/visits/{item}/outcome`.
pub async fn record_outcome(
    State(s): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let (id, heading, visit) = booked(&s, &f.user, &id, &item).await?;
    let input = VisitInput {
        outcome: f.form.opt("outcome"),
        present: f.form.opt("present"),
        concerns: f.form.opt("concerns"),
        concerns_raised: f.form.opt("concerns_raised").is_some(),
        officer: f.form.opt("officer"),
        ..VisitInput::default()
    };
    match s.app.record_visit_outcome(&f.user.actor, id, visit.id, &input).await {
        Ok(_) => Ok(super::done(&s, &listed_at(id, FactKind::Visit), AuditAction::VisitOutcome)),
        Err(AppError::Invalid(v)) => {
            let errors = FormErrors::from_validation(&v, &[("date", "outcome")], &[]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &outcome_page(&f.user, id, heading, visit, f.form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}
