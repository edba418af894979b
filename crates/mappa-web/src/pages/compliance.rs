//! Day-to-day management pages: the record's notification section
//! (journey 3), custody, hospital and time abroad (journey 2), the
//! compliance list (journey 3) and tasks on the home page (journey 8).

use super::corrections::{Fix, corrects, done_action, standing};
use super::forms::{FormData, FormErrors};
use super::people::{Choice, heading_for, long_date, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::api::{ComplianceParams, PAGE_SIZE};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use mappa_app::{AppError, FactInput, StandingFact};
use mappa_app::{ComplianceStatus, DUE_SOON_DAYS};
use mappa_domain::ValidationErrors;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::corrections::FactKind;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::obligations::{DueStatus, Obligation, ObligationKind, due_status};
use mappa_domain::periods::{PeriodEndInput, PeriodInput, PeriodKind};
use mappa_domain::rules::Step;

// ---------- shared pieces ----------

/// One obligation as a page shows it: what, by when, how it stands, the rule.
pub struct DueLine {
    pub what: &'static str,
    pub due: String,
    /// "overdue", "soon" or "later" (CONV-13: overdue from the day after).
    pub status: &'static str,
    pub rule: String,
}

fn status_word(s: DueStatus) -> &'static str {
    match s {
        DueStatus::Overdue => "overdue",
        DueStatus::DueSoon => "soon",
        DueStatus::Later => "later",
    }
}

/// The obligations as lines, as they stand on `today`.
pub fn due_lines(obligations: &[Obligation], today: Date) -> Vec<DueLine> {
    obligations
        .iter()
        .map(|o| DueLine {
            what: o.kind.label(),
            due: long_date(o.due),
            status: status_word(due_status(o.due, today, DUE_SOON_DAYS)),
            rule: o.rule.clone(),
        })
        .collect()
}

// ---------- the record page's section ----------

/// One explanation step (rule, citation, text).
pub struct StepLine {
    pub rule: &'static str,
    pub citation: String,
    pub text: String,
}

/// A titled group of explanation steps.
pub struct Explanation {
    pub title: String,
    pub steps: Vec<StepLine>,
}

/// `steps` in words for people: the records they name by what they are.
fn explanation(title: impl Into<String>, steps: &[Step], names: &[(String, String)]) -> Explanation {
    Explanation {
        title: title.into(),
        steps: steps
            .iter()
            .map(|s| StepLine {
                rule: s.rule,
                citation: super::plain::plain(s.citation, &[]),
                text: super::plain::plain(&s.text, names),
            })
            .collect(),
    }
}

/// What the engine's sources are, by what they are: "the conviction of 4
/// March 2019", "the sexual harm prevention order".
fn source_names(a: &mappa_domain::rules::Assessment) -> Vec<(String, String)> {
    use mappa_domain::rules::PeriodBasis as B;
    let mut names: Vec<(String, String)> = a
        .notification
        .periods
        .iter()
        .map(|p| {
            let what = match p.basis {
                B::Disposal => "the conviction, caution or finding of",
                B::NotificationOrder => "the notification order of",
                B::OrderInForce => "the order in force from",
                B::OrderBreach => "the conviction for breach of an order of",
            };
            (p.source.clone(), format!("{what} {}", long_date(p.starts)))
        })
        .collect();
    names.extend(a.orders.iter().map(|o| (o.id.clone(), format!("the {}", o.kind.words()))));
    names.retain(|(id, _)| !id.is_empty());
    // Longer ids first, so that one id inside another is not half replaced.
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    names.dedup_by(|a, b| a.0 == b.0);
    names
}

pub struct PeriodLine {
    pub id: ItemId,
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    pub place: String,
    /// "release", "discharge" or "return", for an open period's link.
    pub end_word: &'static str,
    pub open: bool,
}

pub struct NotificationLine {
    pub id: ItemId,
    pub date: String,
    pub kind: &'static str,
    /// The rules broken, when late.
    pub late: String,
}

/// The "Notification and obligations" section of the record page.
pub struct RecordSection {
    /// The obligations could be worked out from the stored facts.
    pub assessed: bool,
    pub subject: bool,
    /// When notification ends: a date, "Indefinite" or "".
    pub ends: String,
    /// Where they are now, when not at liberty in the UK.
    pub away: String,
    pub due: Vec<DueLine>,
    pub explanations: Vec<Explanation>,
    pub periods: Vec<PeriodLine>,
    pub notifications: Vec<NotificationLine>,
    pub can_notify: bool,
}

/// The section for a record the caller has just opened (the read is
/// audited there); `can_notify` is the policy's answer for Notify.
pub async fn record_section(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    can_notify: bool,
) -> Result<RecordSection, AppError> {
    let rc = s.app.record_compliance(&user.actor, id).await?;
    let today = s.app.today();
    let mut section = RecordSection {
        assessed: rc.obligations.is_some(),
        subject: false,
        ends: String::new(),
        away: String::new(),
        due: Vec::new(),
        explanations: Vec::new(),
        periods: rc
            .periods
            .iter()
            .map(|p| PeriodLine {
                id: p.id,
                kind: p.kind.label(),
                from: long_date(p.from),
                to: p.to.map(long_date).unwrap_or_default(),
                place: p.place.clone().unwrap_or_default(),
                end_word: p.kind.end_word(),
                open: p.to.is_none(),
            })
            .collect(),
        notifications: rc
            .notifications
            .iter()
            .map(|n| NotificationLine {
                id: n.id,
                date: long_date(n.date),
                kind: n.kind.label(),
                late: n.late.iter().map(|l| l.rule.as_str()).collect::<Vec<_>>().join(", "),
            })
            .collect(),
        can_notify,
    };
    if let Some(v) = rc.obligations {
        let n = &v.assessment.notification;
        section.subject = n.subject;
        section.ends = if n.indefinite { "Indefinite".into() } else { n.ends.map(long_date).unwrap_or_default() };
        section.away =
            v.compliance.away.map(|a| format!("{} since {}", a.kind.label(), long_date(a.since))).unwrap_or_default();
        section.due = due_lines(&v.compliance.obligations, today);
        let names = source_names(&v.assessment);
        section.explanations.push(explanation("Notification requirements", &n.explanation, &names));
        for o in &v.assessment.orders {
            section.explanations.push(explanation(format!("Order: {}", o.kind.words()), &o.explanation, &names));
        }
        section.explanations.push(explanation("MAPPA category and exit", &v.assessment.mappa.explanation, &names));
    }
    Ok(section)
}

// ---------- custody, hospital and abroad ----------

#[derive(Template)]
#[template(path = "period_form.html")]
struct PeriodPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    fix: Option<Fix>,
}

fn period_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
    fix: Option<Fix>,
) -> PeriodPage {
    let title = Fix::title(
        &fix,
        "Record custody, hospital or time abroad",
        "Correct a period in custody, hospital or abroad",
        &errors,
    );
    PeriodPage {
        fix,
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: PeriodKind::ALL.iter().map(|k| Choice { value: k.code().into(), label: k.label().into() }).collect(),
    }
}

/// `GET /people/{id}/periods/new` (NOTIF-11).
pub async fn period_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let heading = heading_for(&s, &user, id, RecordAction::Notify).await?;
    Ok(render(StatusCode::OK, &period_page(&user, id, heading, FormData::default(), FormErrors::default(), None)))
}

/// `GET /people/{id}/periods/{item}/correct`: the form filled in from the entry.
pub async fn period_correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::Period, &item).await?;
    let StandingFact::Period(p) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = FormData::default();
    v.set("kind", p.kind.code());
    v.set_date("from", Some(p.from));
    v.set_date("to", p.to);
    v.set("place", p.place.unwrap_or_default());
    let fix = Some(Fix { item: item.to_string() });
    Ok(render(StatusCode::OK, &period_page(&user, id, heading, v, FormErrors::default(), fix)))
}

/// `POST /people/{id}/periods/new`.
pub async fn add_period(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let input = PeriodInput { from: f.form.date("from"), to: f.form.date("to"), place: f.form.opt("place") };
    let correcting = corrects(&f.form)?;
    let result = match f.form.opt("kind").as_deref().and_then(PeriodKind::from_code) {
        Some(kind) => match correcting {
            Some(item) => {
                let why = f.form.opt("reason");
                let fact = FactInput::Period(Some(kind), &input);
                s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), fact).await.map(|_| ())
            }
            None => s.app.add_period(&f.user.actor, id, kind, &input).await.map(|_| ()),
        },
        None => {
            // Still check the rest, so every problem shows at once; the
            // policy comes first so nothing is said about a hidden record.
            heading_for(&s, &f.user, id, RecordAction::Notify).await?;
            let mut e = ValidationErrors::single("kind", "required", "Select where the person was");
            if let Err(more) = input.parse(PeriodKind::Custody, &[], s.app.today()) {
                e.0.extend(more.0.into_iter().filter(|x| x.code != "overlaps"));
            }
            Err(AppError::Invalid(e))
        }
    };
    match result {
        Ok(()) => {
            let action = done_action(&f.form, AuditAction::PeriodCreate);
            Ok(super::done(&s, &format!("/people/{id}#periods"), action))
        }
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Notify).await?;
            let errors = FormErrors::from_validation(&v, &[("item_id", "reason")], &["from", "to"]);
            let fix = Fix::of(&f.form);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &period_page(&f.user, id, heading, f.form, errors, fix)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "period_end_form.html")]
struct PeriodEndPage {
    layout: Layout,
    id: NominalId,
    pid: ItemId,
    heading: String,
    /// "Record release from custody" and the like.
    title: String,
    /// "Date of release" and the like.
    legend: String,
    summary: String,
    errors: FormErrors,
    v: FormData,
}

async fn period_end_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    pid: ItemId,
    v: FormData,
    errors: FormErrors,
) -> Result<PeriodEndPage, AppError> {
    let heading = heading_for(s, user, id, RecordAction::Notify).await?;
    let p = s.app.periods(&user.actor, id).await?.into_iter().find(|p| p.id == pid).ok_or(AppError::NotFound)?;
    let title = match p.kind {
        PeriodKind::Custody => "Record release from custody",
        PeriodKind::Hospital => "Record discharge from hospital",
        PeriodKind::Abroad => "Record return to the UK",
    };
    let layout_title = if errors.any() { format!("Error: {title}") } else { title.to_string() };
    let place = p.place.as_deref().map(|x| format!(", {x}")).unwrap_or_default();
    Ok(PeriodEndPage {
        layout: Layout::new(layout_title, Some(user), ""),
        id,
        pid,
        heading,
        title: title.into(),
        legend: format!("Date of {}", p.kind.end_word()),
        summary: format!("{} from {}{place}", p.kind.label(), long_date(p.from)),
        errors,
        v,
    })
}

fn period_ids(id: &str, pid: &str) -> Result<(NominalId, ItemId), AppError> {
    Ok((parse_id(id)?, pid.parse().map_err(|_| AppError::NotFound)?))
}

/// `GET /people/{id}/periods/{pid}/end`: release, discharge or return (NOTIF-23).
pub async fn period_end_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, pid)): Path<(String, String)>,
) -> PageResult {
    let (id, pid) = period_ids(&id, &pid)?;
    let page = period_end_page(&s, &user, id, pid, FormData::default(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /people/{id}/periods/{pid}/end`.
pub async fn end_period(State(s): State<AppState>, Path((id, pid)): Path<(String, String)>, f: PageForm) -> PageResult {
    let (id, pid) = period_ids(&id, &pid)?;
    let input = PeriodEndInput { to: f.form.date("to") };
    match s.app.end_period(&f.user.actor, id, pid, &input).await {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}#periods"), AuditAction::PeriodEnd)),
        Err(AppError::Invalid(v)) => {
            let errors = FormErrors::from_validation(&v, &[("from", "to")], &["to"]);
            let page = period_end_page(&s, &f.user, id, pid, f.form, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- the compliance list ----------

pub struct ComplianceLine {
    pub id: NominalId,
    pub section: &'static str,
    pub name: String,
    pub what: &'static str,
    pub due: String,
    pub overdue_since: String,
    pub rule: String,
    pub area: String,
    pub away: &'static str,
    pub away_since: String,
}

#[derive(Template)]
#[template(path = "compliance.html")]
struct CompliancePage {
    layout: Layout,
    errors: FormErrors,
    v: FormData,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    away_kinds: Vec<Choice>,
    sorts: Vec<Choice>,
    listed: bool,
    away: bool,
    as_of: String,
    total: i64,
    lines: Vec<ComplianceLine>,
    paging: super::Paging,
}

/// The page's filters as the API's parameters (one parser for both).
fn params(f: &FormData) -> ComplianceParams {
    ComplianceParams {
        status: f.opt("status"),
        as_of: f.date("as_of"),
        kind: f.opt("kind"),
        away: f.opt("away"),
        area: f.opt("area"),
        mine: f.opt("mine"),
        sort: f.opt("sort"),
        limit: None,
        offset: f.opt("offset"),
    }
}

/// The query string for the same filters at another offset.
fn page_link(f: &FormData, offset: i64) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for k in ["status", "kind", "away", "area", "mine", "sort", "as_of-day", "as_of-month", "as_of-year"] {
        if let Some(v) = f.opt(k) {
            pairs.push((k, v));
        }
    }
    pairs.push(("offset", offset.to_string()));
    format!("/compliance?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

fn choices(items: &[(&str, &str)]) -> Vec<Choice> {
    items.iter().map(|(v, l)| Choice { value: (*v).into(), label: (*l).into() }).collect()
}

/// `GET /compliance`: who is overdue or due soon, for what and since when,
/// or who is in custody, hospital or abroad (NOTIF-11, CONV-13).
pub async fn list(State(s): State<AppState>, user: PageUser, RawQuery(q): RawQuery) -> PageResult {
    if !user.actor.works_cases() {
        return Err(AppError::Forbidden.into());
    }
    let mut v = FormData::parse(q.unwrap_or_default().as_bytes());
    if v.opt("status").is_none() {
        v.set("status", "overdue");
    }
    if v.opt("sort").is_none() {
        v.set("sort", "due");
    }
    let mut page = CompliancePage {
        layout: Layout::new("Compliance", Some(&user), "compliance"),
        errors: FormErrors::default(),
        v: v.clone(),
        statuses: choices(&[
            ("overdue", "Overdue"),
            ("due_soon", "Due in the next 14 days"),
            ("away", "In custody, hospital or abroad"),
        ]),
        kinds: ObligationKind::ALL
            .iter()
            .filter(|k| !k.is_mappa_work())
            .map(|k| Choice { value: k.code().into(), label: k.label().into() })
            .collect(),
        away_kinds: PeriodKind::ALL
            .iter()
            .map(|k| Choice { value: k.code().into(), label: k.label().into() })
            .collect(),
        sorts: choices(&[("due", "Due date"), ("name", "Name")]),
        listed: false,
        away: false,
        as_of: String::new(),
        total: 0,
        lines: Vec::new(),
        paging: super::Paging::default(),
    };
    match params(&v).parse(&user.actor, s.app.today()) {
        Err(e) => {
            page.errors = FormErrors::from_validation(&e, &[("limit", "offset")], &["as_of"]);
            page.layout.title = "Error: Compliance".into();
            return Ok(render(StatusCode::OK, &page));
        }
        Ok(query) => {
            let (offset, as_of, status) = (query.offset, query.as_of, query.status);
            let list = s.app.compliance(&user.actor, query).await?;
            page.listed = true;
            page.away = status == ComplianceStatus::Away;
            page.as_of = long_date(as_of);
            page.total = list.total;
            page.paging = super::Paging::new(offset, list.entries.len(), list.total, PAGE_SIZE, |at| page_link(&v, at));
            page.lines = list
                .entries
                .into_iter()
                .map(|e| ComplianceLine {
                    id: e.id,
                    section: e.kind.map(section_of).unwrap_or(""),
                    name: e.name,
                    what: e.kind.map(|k| k.label()).unwrap_or(""),
                    due: e.due.map(long_date).unwrap_or_default(),
                    overdue_since: e.overdue_since.map(long_date).unwrap_or_default(),
                    rule: e.rule.unwrap_or_default(),
                    area: e.owning_area.unwrap_or_default(),
                    away: e.away.map(|k| k.label()).unwrap_or(""),
                    away_since: e.away_since.map(long_date).unwrap_or_default(),
                })
                .collect();
        }
    }
    Ok(render(StatusCode::OK, &page))
}

// ---------- tasks on the home page ----------

/// Where on the record a kind of work is done: disclosure, PDP reviews and
/// transfers on its public protection page; the rest from its overview.
fn section_of(kind: ObligationKind) -> &'static str {
    match kind {
        ObligationKind::PdpReview
        | ObligationKind::DisclosureConsideration
        | ObligationKind::DisclosureToMake
        | ObligationKind::TransferAwaiting
        | ObligationKind::TransferResponse
        | ObligationKind::TransferEscalation
        | ObligationKind::TransferHandover
        | ObligationKind::ApplicationDue
        | ObligationKind::ApplicationUrgent
        | ObligationKind::ApplicationReview
        | ObligationKind::ApplicationMeeting
        | ObligationKind::ScrNotification => "/protection",
        _ => "",
    }
}

/// Tasks shown on the home page per list; the rest are counted.
/// Tasks on the home page in each list, and on each page of a whole list.
const TASKS_SHOWN: i64 = 25;

pub struct TaskLine {
    pub id: ItemId,
    pub nominal_id: NominalId,
    /// The part of the record where the work is done ("" for its overview).
    pub section: &'static str,
    pub name: String,
    pub what: &'static str,
    pub due: String,
    pub overdue: bool,
}

pub struct TaskList {
    pub caption: &'static str,
    pub lines: Vec<TaskLine>,
    pub total: i64,
    /// The whole list's first page, when this shows only part of it.
    pub more: String,
}

/// "My tasks" and "My team's tasks" for the home page, in that order; or
/// one list, a page of it, on the tasks page.
pub struct TaskSection {
    pub lists: Vec<TaskList>,
    /// Where "Mark as done" comes back to.
    pub back: String,
}

/// One list of tasks, the user's (`mine`) or the rest of the team's, from
/// a page of it that starts at `offset`.
fn task_list(page: mappa_app::TaskPage, mine: bool, offset: i64, today: Date) -> TaskList {
    let lines: Vec<TaskLine> = page
        .tasks
        .into_iter()
        .map(|t| TaskLine {
            id: t.id,
            nominal_id: t.nominal_id,
            section: section_of(t.kind),
            name: t.name,
            what: t.kind.label(),
            due: long_date(t.due),
            overdue: t.due < today,
        })
        .collect();
    let list = if mine { "mine" } else { "team" };
    let more =
        if offset == 0 && page.total > lines.len() as i64 { format!("/tasks?list={list}") } else { String::new() };
    TaskList { caption: if mine { "My tasks" } else { "My team's tasks" }, lines, total: page.total, more }
}

/// The tasks for a user who works cases; `None` for other roles. The team's
/// list leaves out what is already in "My tasks".
pub async fn task_section(s: &AppState, user: &PageUser) -> Result<Option<TaskSection>, AppError> {
    if !user.actor.works_cases() {
        return Ok(None);
    }
    let pages = s.app.task_pages(&user.actor, &[(true, 0), (false, 0)], TASKS_SHOWN).await?;
    let today = s.app.today();
    let lists = pages.into_iter().zip([true, false]).map(|(p, mine)| task_list(p, mine, 0, today)).collect();
    Ok(Some(TaskSection { lists, back: "/#tasks".into() }))
}

#[derive(Template)]
#[template(path = "tasks_page.html")]
struct TasksPage {
    layout: Layout,
    heading: &'static str,
    tasks: Option<TaskSection>,
    count: String,
    paging: super::Paging,
}

/// `GET /tasks?list=mine|team&offset=N`: a whole list of tasks, a page at a time.
pub async fn tasks_page(State(s): State<AppState>, user: PageUser, RawQuery(q): RawQuery) -> PageResult {
    let f = FormData::parse(q.unwrap_or_default().as_bytes());
    let mine = f.get("list") != "team";
    let offset = f.get("offset").parse::<i64>().unwrap_or(0).max(0);
    let page = s.app.task_pages(&user.actor, &[(mine, offset)], TASKS_SHOWN).await?.pop().ok_or(AppError::NotFound)?;
    let list = task_list(page, mine, offset, s.app.today());
    let which = if mine { "mine" } else { "team" };
    let paging = super::Paging::new(offset, list.lines.len(), list.total, TASKS_SHOWN, |at| {
        format!("/tasks?list={which}&offset={at}")
    });
    let heading = list.caption;
    let back = format!("/tasks?list={which}&offset={offset}");
    Ok(render(
        StatusCode::OK,
        &TasksPage {
            layout: Layout::new(heading, Some(&user), "home"),
            heading,
            tasks: Some(TaskSection { lists: vec![list], back }),
            count: format!("{}.", paging.count("None open")),
            paging,
        },
    ))
}

/// `POST /tasks/{id}/complete`: marks the task done (audited) and returns to
/// the list it was marked on.
pub async fn complete_task(State(s): State<AppState>, Path(task): Path<String>, f: PageForm) -> PageResult {
    let task: ItemId = task.parse().map_err(|_| AppError::NotFound)?;
    s.app.complete_task(&f.user.actor, task, f.form.opt("note").as_deref()).await?;
    let back = crate::extract::safe_next(f.form.get("back")).unwrap_or("/#tasks").to_string();
    Ok(super::done(&s, &back, AuditAction::TaskComplete))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_the_filters_conv_13() {
        let f = FormData::parse(b"status=overdue&kind=visit&area=&mine=true");
        assert_eq!(page_link(&f, 100), "/compliance?status=overdue&kind=visit&mine=true&offset=100");
        let p = params(&f);
        assert_eq!((p.status.as_deref(), p.area, p.mine.as_deref()), (Some("overdue"), None, Some("true")));
    }
}
