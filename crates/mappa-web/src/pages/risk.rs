//! "Risk and visits": a person's visit schedule, assessment history and
//! visits; the forms to record an assessment (one per tool) and a visit; and
//! the list of visits overdue (rules.md §7; VIS-1, VIS-2).

use super::corrections::{Fix, corrects, done_action, standing};
use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, form_context, heading_for, long_date, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_app::{AppError, FactInput, StandingFact};
use mappa_domain::ValidationErrors;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::corrections::FactKind;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::risk::{
    ArmsFactor, ArmsPriority, FactorStatus, RiskAssessment, RiskAssessmentInput, RiskGroup, RiskLevel, RiskResult,
    RiskSetting, RiskTool, VisitInput, VisitKind, VisitOutcome, parse_as_of,
};
use std::collections::{BTreeMap, HashMap};

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|x| Choice { value: code(*x).into(), label: label(*x).into() }).collect()
}

fn levels() -> Vec<Choice> {
    choices(RiskLevel::ALL, RiskLevel::code, RiskLevel::label)
}

fn row(key: impl Into<String>, value: impl Into<String>) -> Row {
    let value = value.into();
    Row { key: key.into(), value: if value.is_empty() { "Not recorded".into() } else { value } }
}

// ---------- the risk and visits page ----------

pub struct AssessmentRow {
    pub id: ItemId,
    pub date: String,
    pub tool: &'static str,
    pub result: String,
    pub detail: String,
    pub assessor: String,
    pub notes: String,
}

pub struct VisitRow {
    pub id: ItemId,
    /// Booked ahead and its day has come: its outcome can be recorded.
    pub due: bool,
    pub date: String,
    pub kind: &'static str,
    pub outcome: &'static str,
    pub present: String,
    pub concerns: String,
    pub officer: String,
}

#[derive(Template)]
#[template(path = "risk.html")]
struct RiskPage {
    layout: Layout,
    frame: super::record_frame::RecordFrame,
    id: NominalId,
    heading: String,
    schedule: Vec<Row>,
    explanation: Vec<(String, String)>,
    overdue: bool,
    assessments: Vec<AssessmentRow>,
    visits: Vec<VisitRow>,
    tools: Vec<Choice>,
    can_edit: bool,
}

fn assessment_row(a: &RiskAssessment) -> AssessmentRow {
    let detail = match &a.result {
        RiskResult::OasysRosh { risk_to, .. } => {
            risk_to.iter().map(|r| format!("{}: {}", r.group.label(), r.level.label())).collect::<Vec<_>>().join("; ")
        }
        RiskResult::Arms { factors, .. } => factors
            .iter()
            .filter(|f| f.status != FactorStatus::NotAssessed)
            .map(|f| format!("{}: {}", f.factor.label(), f.status.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    };
    AssessmentRow {
        id: a.id,
        date: long_date(a.date),
        tool: a.result.tool().label(),
        result: a.result.summary(),
        detail,
        assessor: format!("{} ({})", a.assessor_name, a.assessor_agency),
        notes: a.notes.clone().unwrap_or_default(),
    }
}

pub async fn show(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let o = s.app.risk_overview(&user.actor, id).await?;
    let can_edit = s.app.may(&user.actor, id, RecordAction::Edit).await?;
    let sc = &o.schedule;
    let next = if sc.reactive_management {
        "None: reactive management".to_string()
    } else {
        sc.next_due.map(long_date).unwrap_or_default()
    };
    let schedule = vec![
        row("Risk level", sc.level.map(|l| l.label()).unwrap_or_default()),
        row("Set by", sc.level_source.map(|l| l.label()).unwrap_or_default()),
        row("Assessed Low since", sc.low_since.map(long_date).unwrap_or_default()),
        row("Reactive management", if sc.reactive_management { "Yes" } else { "No" }),
        row("Last visit (person seen)", sc.last_visit.map(long_date).unwrap_or_default()),
        row("Next visit due", next),
    ];
    let frame = super::record_frame::frame(&s, &user, id, super::record_frame::Section::Risk).await?;
    let page = RiskPage {
        frame,
        layout: Layout::new(format!("Risk and visits: {}", o.display_name), Some(&user), ""),
        id,
        heading: o.display_name,
        explanation: sc.explanation.iter().map(|x| (x.rule.to_string(), super::plain::plain(&x.text, &[]))).collect(),
        overdue: sc.overdue,
        schedule,
        assessments: o.assessments.iter().map(assessment_row).collect(),
        visits: o
            .visits
            .iter()
            .map(|v| VisitRow {
                id: v.id,
                due: v.outcome.is_none() && v.date <= s.app.today(),
                date: long_date(v.date),
                kind: v.kind.label(),
                outcome: v.outcome.map_or("Booked, not yet made", VisitOutcome::label),
                present: v.present.clone().unwrap_or_default(),
                concerns: match (&v.concerns, v.concerns_raised) {
                    (Some(c), true) => format!("Concerns raised: {c}"),
                    (Some(c), false) => c.clone(),
                    (None, true) => "Concerns raised".into(),
                    (None, false) => String::new(),
                },
                officer: v.officer.clone(),
            })
            .collect(),
        tools: choices(RiskTool::ALL, RiskTool::code, RiskTool::label),
        can_edit,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------- the assessment form, one per tool ----------

/// A labelled select list in a form.
pub struct SelectField {
    pub id: String,
    pub label: String,
    pub options: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "risk_form.html")]
struct AssessmentPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    tool: &'static str,
    tool_label: &'static str,
    errors: FormErrors,
    v: FormData,
    selects: Vec<SelectField>,
    fix: Option<Fix>,
}

fn tool_selects(tool: RiskTool) -> Vec<SelectField> {
    let f = |id: &str, label: &str, options: Vec<Choice>| SelectField { id: id.into(), label: label.into(), options };
    match tool {
        RiskTool::OasysRosh => {
            let mut v = vec![
                f("overall", "Overall risk of serious harm", levels()),
                f("setting", "Setting", choices(RiskSetting::ALL, RiskSetting::code, RiskSetting::label)),
            ];
            v.extend(RiskGroup::ALL.iter().map(|g| {
                f(&format!("risk_to-{}", g.code()), &format!("Risk to {}", g.label().to_lowercase()), levels())
            }));
            v
        }
        RiskTool::Rm2000 => vec![
            f("rm2000_s", "RM2000/S (sexual)", levels()),
            f("rm2000_v", "RM2000/V (violent)", levels()),
            f("rm2000_c", "RM2000/C (combined)", levels()),
        ],
        RiskTool::Arms => {
            let mut v = vec![f(
                "priority",
                "Priority for work",
                choices(ArmsPriority::ALL, ArmsPriority::code, ArmsPriority::label),
            )];
            v.extend(ArmsFactor::ALL.iter().map(|x| {
                let kind = if x.is_protective() { "Protective factor" } else { "Risk factor" };
                f(
                    &format!("factors-{}", x.code()),
                    &format!("{kind}: {}", x.label()),
                    choices(FactorStatus::ALL, FactorStatus::code, FactorStatus::label),
                )
            }));
            v
        }
        RiskTool::Osp => vec![
            f("osp_c", "OSP/C (contact sexual reoffending)", levels()),
            f("osp_i", "OSP/I (indecent images)", levels().into_iter().take(3).collect()),
        ],
    }
}

fn assessment_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    tool: RiskTool,
    v: FormData,
    errors: FormErrors,
) -> AssessmentPage {
    let fix = Fix::of(&v);
    let title = Fix::title(
        &fix,
        &format!("Record an assessment: {}", tool.label()),
        &format!("Correct an assessment: {}", tool.label()),
        &errors,
    );
    AssessmentPage {
        fix,
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        tool: tool.code(),
        tool_label: tool.label(),
        errors,
        v,
        selects: tool_selects(tool),
    }
}

fn tool_of(raw: Option<&String>) -> Result<RiskTool, AppError> {
    raw.and_then(|t| RiskTool::from_code(t)).ok_or(AppError::NotFound)
}

pub async fn assessment_form(
    State(s): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let tool = tool_of(q.get("tool"))?;
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    let mut v = FormData::default();
    v.set("assessor_name", &user.actor.display_name);
    v.set("assessor_agency", &user.actor.agency_name);
    Ok(render(StatusCode::OK, &assessment_page(&user, id, heading, tool, v, FormErrors::default())))
}

/// The form's fields as they were filled in for a stored assessment.
fn assessment_form_values(a: &RiskAssessment) -> FormData {
    let mut v = FormData::default();
    v.set_date("date", Some(a.date));
    v.set("assessor_name", a.assessor_name.clone());
    v.set("assessor_agency", a.assessor_agency.clone());
    v.set("notes", a.notes.clone().unwrap_or_default());
    let level = |l: Option<RiskLevel>| l.map(|l| l.code()).unwrap_or_default();
    match &a.result {
        RiskResult::OasysRosh { overall, setting, risk_to } => {
            v.set("overall", overall.code());
            v.set("setting", setting.code());
            for r in risk_to {
                v.set(&format!("risk_to-{}", r.group.code()), r.level.code());
            }
        }
        RiskResult::Rm2000 { sexual, violent, combined } => {
            v.set("rm2000_s", level(*sexual));
            v.set("rm2000_v", level(*violent));
            v.set("rm2000_c", level(*combined));
        }
        RiskResult::Arms { priority, factors } => {
            v.set("priority", priority.code());
            for x in factors {
                v.set(&format!("factors-{}", x.factor.code()), x.status.code());
            }
        }
        RiskResult::Osp { contact, images } => {
            v.set("osp_c", level(*contact));
            v.set("osp_i", level(*images));
        }
    }
    v
}

/// `GET /people/{id}/risk-assessments/{item}/correct`: the tool's form filled in from the assessment.
pub async fn assessment_correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::RiskAssessment, &item).await?;
    let StandingFact::RiskAssessment(a) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = assessment_form_values(&a);
    v.set("corrects", item.to_string());
    Ok(render(StatusCode::OK, &assessment_page(&user, id, heading, a.result.tool(), v, FormErrors::default())))
}

fn prefixed(f: &FormData, prefix: &str) -> Option<BTreeMap<String, String>> {
    let m: BTreeMap<String, String> =
        f.0.iter()
            .filter_map(|(k, v)| {
                let code = k.strip_prefix(prefix)?;
                let v = v.trim();
                (!v.is_empty()).then(|| (code.to_string(), v.to_string()))
            })
            .collect();
    (!m.is_empty()).then_some(m)
}

pub async fn add_assessment(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let tool = tool_of(f.form.0.get("tool"))?;
    let form = &f.form;
    let input = RiskAssessmentInput {
        tool: Some(tool.code().into()),
        date: form.date("date"),
        assessor_name: form.opt("assessor_name"),
        assessor_agency: form.opt("assessor_agency"),
        notes: form.opt("notes"),
        overall: form.opt("overall"),
        setting: form.opt("setting"),
        risk_to: prefixed(form, "risk_to-"),
        rm2000_s: form.opt("rm2000_s"),
        rm2000_v: form.opt("rm2000_v"),
        rm2000_c: form.opt("rm2000_c"),
        priority: form.opt("priority"),
        factors: prefixed(form, "factors-"),
        osp_c: form.opt("osp_c"),
        osp_i: form.opt("osp_i"),
    };
    let result = match corrects(form)? {
        Some(item) => {
            let why = form.opt("reason");
            let fact = FactInput::RiskAssessment(&input);
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), fact).await.map(|_| ())
        }
        None => s.app.add_risk_assessment(&f.user.actor, id, &input).await.map(|_| ()),
    };
    match result {
        Ok(()) => {
            let action = done_action(form, AuditAction::RiskAssessmentCreate);
            Ok(super::done(&s, &format!("/people/{id}/risk#assessments"), action))
        }
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
            let errors = FormErrors::from_validation(&v, &[("item_id", "reason")], &["date"]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &assessment_page(&f.user, id, heading, tool, f.form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- the visit form ----------

#[derive(Template)]
#[template(path = "visit_form.html")]
struct VisitPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    outcomes: Vec<Choice>,
    fix: Option<Fix>,
}

fn visit_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
    fix: Option<Fix>,
) -> VisitPage {
    let title = Fix::title(&fix, "Record a visit", "Correct a visit", &errors);
    VisitPage {
        fix,
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: choices(VisitKind::ALL, VisitKind::code, VisitKind::label),
        outcomes: choices(VisitOutcome::ALL, VisitOutcome::code, VisitOutcome::label),
    }
}

pub async fn visit_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    let mut v = FormData::default();
    v.set("officer", &user.actor.display_name);
    Ok(render(StatusCode::OK, &visit_page(&user, id, heading, v, FormErrors::default(), None)))
}

/// `GET /people/{id}/visits/{item}/correct`: the form filled in from the entry.
pub async fn visit_correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::Visit, &item).await?;
    let StandingFact::Visit(x) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = FormData::default();
    v.set_date("date", Some(x.date));
    v.set("kind", x.kind.code());
    v.set("outcome", x.outcome.map(|o| o.code()).unwrap_or_default());
    v.set("present", x.present.unwrap_or_default());
    v.set("concerns", x.concerns.unwrap_or_default());
    if x.concerns_raised {
        v.set("concerns_raised", "yes");
    }
    v.set("officer", x.officer);
    let fix = Some(Fix { item: item.to_string() });
    Ok(render(StatusCode::OK, &visit_page(&user, id, heading, v, FormErrors::default(), fix)))
}

pub async fn add_visit(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let form = &f.form;
    let input = VisitInput {
        date: form.date("date"),
        kind: form.opt("kind"),
        outcome: form.opt("outcome"),
        present: form.opt("present"),
        concerns: form.opt("concerns"),
        concerns_raised: form.opt("concerns_raised").is_some(),
        officer: form.opt("officer"),
    };
    let result = match corrects(form)? {
        Some(item) => {
            let why = form.opt("reason");
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), FactInput::Visit(&input)).await.map(|_| ())
        }
        None => s.app.add_visit(&f.user.actor, id, &input).await.map(|_| ()),
    };
    match result {
        Ok(()) => {
            let action = done_action(form, AuditAction::VisitCreate);
            Ok(super::done(&s, &format!("/people/{id}/risk#visits"), action))
        }
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
            let errors = FormErrors::from_validation(&v, &[("item_id", "reason")], &["date"]);
            let fix = Fix::of(&f.form);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &visit_page(&f.user, id, heading, f.form, errors, fix)))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- visits overdue ----------

/// How many of those overdue a page shows.
const OVERDUE_PAGE: usize = 50;

pub struct OverdueRow {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    pub agency: String,
    pub level: &'static str,
    pub last_visit: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "visits_overdue.html")]
struct OverduePage {
    layout: Layout,
    as_of: String,
    rows: Vec<OverdueRow>,
    total: usize,
    paging: super::Paging,
    errors: FormErrors,
    v: FormData,
}

pub async fn overdue(
    State(s): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let v = FormData(q);
    let as_of = match v.date("as_of") {
        None => None,
        Some(raw) => match parse_as_of(&raw) {
            Ok(d) => Some(d),
            Err(e) => {
                let page = OverduePage {
                    layout: Layout::new("Error: Visits overdue", Some(&user), "overdue"),
                    as_of: String::new(),
                    rows: vec![],
                    total: 0,
                    paging: super::Paging::default(),
                    errors: FormErrors::from_validation(&ValidationErrors(vec![e]), &[], &["as_of"]),
                    v,
                };
                return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
            }
        },
    };
    let offset = v.get("offset").parse::<usize>().unwrap_or(0);
    let list = s.app.overdue_visits(&user.actor, as_of, offset, OVERDUE_PAGE).await?;
    let as_of_query =
        as_of.map(|d| format!("as_of-day={}&as_of-month={}&as_of-year={}&", d.day(), d.month(), d.year()));
    let paging = super::Paging::new(offset as i64, list.people.len(), list.total as i64, OVERDUE_PAGE as i64, |at| {
        format!("/visits/overdue?{}offset={at}", as_of_query.clone().unwrap_or_default())
    });
    let rows = list
        .people
        .iter()
        .map(|p| OverdueRow {
            id: p.facts.nominal_id.to_string(),
            name: format!("{}, {}", p.facts.surname.to_uppercase(), p.facts.forenames),
            date_of_birth: long_date(p.facts.date_of_birth),
            agency: p.facts.owning_agency_name.clone(),
            level: p.schedule.level.map_or("", RiskLevel::label),
            last_visit: p.schedule.last_visit.map(long_date).unwrap_or_else(|| "None recorded".into()),
            due: p.schedule.next_due.map(long_date).unwrap_or_default(),
        })
        .collect();
    let page = OverduePage {
        layout: Layout::new("Visits overdue", Some(&user), "overdue"),
        as_of: long_date(list.as_of),
        rows,
        total: list.total,
        paging,
        errors: FormErrors::default(),
        v,
    };
    Ok(render(StatusCode::OK, &page))
}
