//! Minutes of one case (MAPPA B): reading them, writing the draft with its
//! risk management plan and actions, and the chair's approval (MTG-3, MTG-9,
//! MIN-2..7, LVL-5).

use super::super::forms::{FormData, FormErrors, MAX_ROWS};
use super::super::people::{Choice, Row, long_date, row};
use super::super::{Layout, PageForm, PageResult, done, render};
use super::{agencies, coded, id};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{MeetingCaseId, MeetingId};
use mappa_domain::meetings::{AgendaCase, Meeting};
use mappa_domain::minutes::{
    ActionInput, DisclosureDecision, DisclosureInput, LevelDecision, Minutes, MinutesInput, MinutesStatus,
    OnwardDecisionInput, OnwardShareInput, OnwardShareStatus, Pathway, Pillar, SharedInformation,
};
use mappa_domain::referrals::ReferralSection;

type At = (MeetingId, MeetingCaseId);

fn ids(raw: &(String, String)) -> Result<At, AppError> {
    Ok((id(&raw.0)?, id(&raw.1)?))
}

/// An action as a line of the minutes.
struct ActionLine {
    description: String,
    owner: String,
    due: String,
    pillar: &'static str,
    status: String,
}

#[derive(Template)]
#[template(path = "mappa/minutes.html")]
struct MinutesPage {
    layout: Layout,
    meeting: MeetingId,
    case: MeetingCaseId,
    person: String,
    caption: String,
    minutes: Option<Minutes>,
    sections: Vec<Row>,
    plan: Vec<Row>,
    pathways: Vec<Row>,
    decisions: Vec<Row>,
    shared: Vec<Row>,
    actions: Vec<ActionLine>,
    /// Actions from the person's earlier meetings, reviewed at this one.
    earlier: Vec<ActionLine>,
    may_edit: bool,
    may_approve: bool,
    /// MIN-5: requests to share the minutes onward, and who may ask or decide.
    onward: Vec<OnwardLine>,
    may_ask: bool,
    decides: bool,
    agencies: Vec<Choice>,
    choices: Vec<Choice>,
    errors: FormErrors,
    v: FormData,
}

/// A request to share the minutes onward, as the page lists it.
struct OnwardLine {
    id: String,
    agency: String,
    reason: String,
    status: &'static str,
    pending: bool,
    decision: String,
}

fn optional(rows: &mut Vec<Row>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        rows.push(row(key, v.clone()));
    }
}

/// `GET /meetings/{id}/cases/{case}/minutes`: the minutes as the caller may
/// read them; for the area's coordinators and chairs, also before any are written.
pub async fn show(State(s): State<AppState>, user: PageUser, Path(raw): Path<(String, String)>) -> PageResult {
    let at = ids(&raw)?;
    Ok(render(StatusCode::OK, &minutes_page(&s, &user, at, FormData::default(), FormErrors::default()).await?))
}

async fn minutes_page(
    s: &AppState,
    user: &PageUser,
    (meeting, case): At,
    v: FormData,
    errors: FormErrors,
) -> Result<MinutesPage, AppError> {
    let m = s.app.meeting(&user.actor, meeting).await?;
    let c = m.cases.iter().find(|c| c.id == case).ok_or(AppError::NotFound)?.clone();
    let minutes = match s.app.minutes(&user.actor, meeting, case).await {
        Ok(x) => Some(x),
        Err(AppError::NotFound) if user.actor.works_mappa() => None,
        Err(e) => return Err(e),
    };
    let (mut sections, mut plan, mut pathways, mut decisions, mut shared) = (vec![], vec![], vec![], vec![], vec![]);
    let mut actions = Vec::new();
    if let Some(x) = &minutes {
        let b = &x.body;
        optional(&mut sections, "Offender details", &b.offender_details);
        optional(&mut sections, "Index offence and sentence", &b.index_offence);
        optional(&mut sections, "Relevant dates", &b.relevant_dates);
        optional(&mut sections, "Risk assessment", &b.risk_assessment);
        optional(&mut sections, "Diversity considered", &b.diversity);
        optional(&mut sections, "Victims' views", &b.victims_views);
        for (p, v) in [
            (Pillar::Supervision, &b.supervision),
            (Pillar::MonitoringAndControl, &b.monitoring_and_control),
            (Pillar::InterventionsAndTreatment, &b.interventions_and_treatment),
            (Pillar::VictimSafetyPlanning, &b.victim_safety_planning),
        ] {
            optional(&mut plan, p.label(), v);
        }
        for p in Pathway::ALL {
            optional(&mut pathways, p.label(), &b.pathways.get(p.code()).cloned());
        }
        for i in &b.information_shared {
            let text = if i.declined {
                format!("Declined to share: {}", i.declined_reason.clone().unwrap_or_default())
            } else {
                i.shared.clone().unwrap_or_default()
            };
            shared.push(row(i.agency.clone(), text));
        }
        if let Some(d) = &b.disclosure {
            let mut text = format!("{}. {}", d.decision.label(), d.reason);
            if d.decision == DisclosureDecision::Agreed {
                text.push_str(&format!(
                    " To {} by {}, {}, on {}.",
                    d.recipient.clone().unwrap_or_default(),
                    d.by_whom.clone().unwrap_or_default(),
                    d.method.clone().unwrap_or_default(),
                    d.when.map(long_date).unwrap_or_default()
                ));
            }
            decisions.push(row("Disclosure considered", text));
        }
        if let Some(l) = b.level_decision {
            decisions.push(row(
                "Level decision",
                format!("{}. {}", l.label(), b.level_rationale.clone().unwrap_or_default()),
            ));
        }
        if let Some(c) = b.cppc_considered {
            let words = if c { "Considered" } else { "Not considered" };
            decisions.push(row("Critical public protection case", words));
        }
        decisions
            .push(row("Next review", b.next_review_date.map(long_date).unwrap_or_else(|| "No review meeting".into())));
        actions = x
            .actions
            .iter()
            .map(|a| ActionLine {
                description: a.description.clone(),
                owner: a.owner_agency_name.clone(),
                due: long_date(a.due_date),
                pillar: a.pillar.label(),
                status: a.standing().to_string(),
            })
            .collect();
    }
    let draft = minutes.as_ref().is_none_or(|x| x.status == MinutesStatus::Draft);
    let may_edit = user.actor.works_mappa() && draft;
    let chairs = m.chair.as_ref().is_some_and(|ch| ch.id == user.actor.user_id);
    let may_approve = minutes.is_some() && draft && chairs;
    let approved = minutes.as_ref().is_some_and(|x| x.status == MinutesStatus::Approved);
    let onward = if approved { s.app.onward_shares(&user.actor, meeting, case).await? } else { Vec::new() };
    let invited = c.invited.iter().any(|i| i.agency == user.actor.agency_code);
    let earlier = s
        .app
        .earlier_actions(&user.actor, meeting, case)
        .await
        .unwrap_or_default()
        .iter()
        .map(|a| ActionLine {
            description: a.description.clone(),
            owner: a.owner_agency_name.clone(),
            due: long_date(a.due_date),
            pillar: a.pillar.label(),
            status: a.standing().to_string(),
        })
        .collect();
    let title = if errors.any() { format!("Error: Minutes: {}", c.person) } else { format!("Minutes: {}", c.person) };
    let page = MinutesPage {
        layout: Layout::new(title, Some(user), "meetings"),
        meeting,
        case,
        person: c.person.clone(),
        caption: format!("{}, {}, meeting {} about this person", m.panel, long_date(m.date), c.meeting_number),
        minutes,
        sections,
        plan,
        pathways,
        decisions,
        shared,
        actions,
        earlier,
        may_edit,
        may_approve,
        onward: onward
            .into_iter()
            .map(|o| OnwardLine {
                id: o.id.to_string(),
                agency: o.agency_name,
                reason: o.reason,
                status: o.status.label(),
                pending: o.status == OnwardShareStatus::Requested,
                decision: o.decision_reason.unwrap_or_default(),
            })
            .collect(),
        may_ask: approved && (user.actor.works_mappa() || (invited && user.actor.may_contribute())),
        decides: approved && chairs,
        agencies: agencies(s, user.actor.agency_id).await,
        choices: vec![
            Choice { value: "approve".into(), label: "Approve".into() },
            Choice { value: "refuse".into(), label: "Refuse".into() },
        ],
        errors,
        v,
    };
    Ok(page)
}

/// `POST /meetings/{id}/cases/{case}/minutes/shares`: ask to share the minutes onward.
pub async fn ask_share(State(s): State<AppState>, Path(raw): Path<(String, String)>, f: PageForm) -> PageResult {
    let at = ids(&raw)?;
    let input = OnwardShareInput { agency: f.form.opt("agency"), reason: f.form.opt("share_reason") };
    let errors = match s.app.request_onward_share(&f.user.actor, at.0, at.1, &input).await {
        Ok(_) => {
            let to = format!("/meetings/{}/cases/{}/minutes#sharing", at.0, at.1);
            return Ok(done(&s, &to, AuditAction::MinutesShareRequest));
        }
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[("reason", "share_reason")], &[]),
        Err(AppError::Conflict(code)) => FormErrors::one("agency", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &minutes_page(&s, &f.user, at, f.form, errors).await?))
}

/// `POST /meetings/{id}/cases/{case}/minutes/shares/{share}`: the chair's decision.
pub async fn decide_share(
    State(s): State<AppState>,
    Path(raw): Path<(String, String, String)>,
    f: PageForm,
) -> PageResult {
    let at = ids(&(raw.0, raw.1))?;
    let share = id::<mappa_domain::ids::ItemId>(&raw.2)?;
    let input = OnwardDecisionInput { decision: f.form.opt("decision"), reason: f.form.opt("decision_reason") };
    let errors = match s.app.decide_onward_share(&f.user.actor, share, &input).await {
        Ok(_) => {
            let to = format!("/meetings/{}/cases/{}/minutes#sharing", at.0, at.1);
            return Ok(done(&s, &to, AuditAction::MinutesShareDecide));
        }
        Err(AppError::Invalid(v)) => FormErrors::from_validation(&v, &[("reason", "decision_reason")], &[]),
        Err(AppError::Conflict(code)) => FormErrors::one("decision", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &minutes_page(&s, &f.user, at, f.form, errors).await?))
}

/// `POST /meetings/{id}/cases/{case}/minutes/approve`: the chair approves.
pub async fn approve(State(s): State<AppState>, Path(raw): Path<(String, String)>, f: PageForm) -> PageResult {
    let (meeting, case) = ids(&raw)?;
    s.app.approve_minutes(&f.user.actor, meeting, case).await?;
    Ok(done(&s, &format!("/meetings/{meeting}/cases/{case}/minutes"), AuditAction::MinutesApprove))
}

/// One row of the information each agency shared (MIN-6).
struct SharedLine {
    agency: String,
    name: String,
}

#[derive(Template)]
#[template(path = "mappa/minutes_form.html")]
struct MinutesForm {
    layout: Layout,
    meeting: MeetingId,
    case: MeetingCaseId,
    caption: String,
    errors: FormErrors,
    v: FormData,
    invited: Vec<SharedLine>,
    plan: Vec<Choice>,
    pathways: Vec<Choice>,
    disclosure: Vec<Choice>,
    levels: Vec<Choice>,
    yes_no: Vec<Choice>,
    agencies: Vec<Choice>,
    pillars: Vec<Choice>,
    actions: Vec<usize>,
    review_hint: String,
}

fn form_page(
    m: &Meeting,
    c: &AgendaCase,
    user: &PageUser,
    v: FormData,
    errors: FormErrors,
    agencies: Vec<Choice>,
) -> MinutesForm {
    let rows = v.rows("actions", 1);
    let title = if errors.any() { format!("Error: Minutes: {}", c.person) } else { format!("Minutes: {}", c.person) };
    MinutesForm {
        layout: Layout::new(title, Some(user), "meetings"),
        meeting: m.id,
        case: c.id,
        caption: format!("{}, {}", c.person, long_date(m.date)),
        errors,
        v,
        invited: c
            .invited
            .iter()
            .map(|i| SharedLine { agency: i.agency.clone(), name: i.agency_name.clone() })
            .collect(),
        plan: coded(Pillar::ALL, Pillar::code, Pillar::label),
        pathways: coded(Pathway::ALL, Pathway::code, Pathway::label),
        disclosure: coded(DisclosureDecision::ALL, DisclosureDecision::code, DisclosureDecision::label),
        levels: coded(LevelDecision::ALL, LevelDecision::code, LevelDecision::label),
        yes_no: vec![
            Choice { value: "yes".into(), label: "Yes".into() },
            Choice { value: "no".into(), label: "No".into() },
        ],
        agencies,
        pillars: coded(Pillar::ALL, Pillar::code, Pillar::label),
        actions: (0..rows).collect(),
        review_hint: "Leave blank for the usual interval: 8 weeks at level 3, 16 weeks at level 2".into(),
    }
}

/// The form's fields from saved minutes, or from the referral's sections
/// for the first minutes of a new referral (MIN-7: carried over while current).
async fn prefill(s: &AppState, user: &PageUser, c: &AgendaCase, at: At) -> FormData {
    let mut v = FormData::default();
    match s.app.minutes(&user.actor, at.0, at.1).await {
        Ok(x) => {
            let b = &x.body;
            for (k, val) in [
                ("offender_details", &b.offender_details),
                ("index_offence", &b.index_offence),
                ("relevant_dates", &b.relevant_dates),
                ("risk_assessment", &b.risk_assessment),
                ("supervision", &b.supervision),
                ("monitoring_and_control", &b.monitoring_and_control),
                ("interventions_and_treatment", &b.interventions_and_treatment),
                ("victim_safety_planning", &b.victim_safety_planning),
                ("diversity", &b.diversity),
                ("victims_views", &b.victims_views),
                ("level_rationale", &b.level_rationale),
            ] {
                v.set(k, val.clone().unwrap_or_default());
            }
            for (k, val) in &b.pathways {
                v.set(&format!("pathway-{k}"), val.clone());
            }
            for i in &b.information_shared {
                v.set(&format!("{}-shared", i.agency), i.shared.clone().unwrap_or_default());
                if i.declined {
                    v.set(&format!("{}-declined", i.agency), "yes");
                }
                v.set(&format!("{}-declined_reason", i.agency), i.declined_reason.clone().unwrap_or_default());
            }
            if let Some(d) = &b.disclosure {
                v.set("disclosure-considered", "yes");
                v.set("disclosure-decision", d.decision.code());
                v.set("disclosure-reason", d.reason.clone());
                v.set("disclosure-recipient", d.recipient.clone().unwrap_or_default());
                v.set("disclosure-by_whom", d.by_whom.clone().unwrap_or_default());
                v.set("disclosure-method", d.method.clone().unwrap_or_default());
                v.set_date("disclosure-when", d.when);
            }
            if let Some(l) = b.level_decision {
                v.set("level_decision", l.code());
            }
            if let Some(cppc) = b.cppc_considered {
                v.set("cppc_considered", if cppc { "yes" } else { "no" });
            }
            v.set_date("next_review_date", b.next_review_date);
            for a in &b.onward_sharing_agreed {
                v.set(&format!("onward-{a}"), "yes");
            }
            for (i, a) in x.actions.iter().enumerate() {
                v.set(&format!("actions-{i}-id"), a.id.to_string());
                v.set(&format!("actions-{i}-description"), a.description.clone());
                v.set(&format!("actions-{i}-owner_agency"), a.owner_agency.clone());
                v.set(&format!("actions-{i}-pillar"), a.pillar.code());
                v.set_date(&format!("actions-{i}-due_date"), Some(a.due_date));
            }
        }
        Err(_) => {
            if let Some(rid) = c.referral_id
                && let Ok(r) = s.app.referral(&user.actor, rid).await
            {
                for sec in r.sections {
                    let key = match sec.section {
                        ReferralSection::OffenderDetails => "offender_details",
                        ReferralSection::IndexOffence => "index_offence",
                        ReferralSection::RelevantDates => "relevant_dates",
                        _ => continue,
                    };
                    v.set(key, sec.text);
                }
            }
            // The victims' views recorded for this meeting, without names.
            if let Ok(Some(views)) = s.app.victims_views_for_minutes(&user.actor, c.nominal_id).await {
                v.set("victims_views", views);
            }
        }
    }
    v
}

async fn context(s: &AppState, user: &PageUser, at: At) -> Result<(Meeting, AgendaCase), AppError> {
    if !user.actor.works_mappa() {
        return Err(AppError::Forbidden);
    }
    let m = s.app.meeting(&user.actor, at.0).await?;
    let c = m.cases.iter().find(|c| c.id == at.1).ok_or(AppError::NotFound)?.clone();
    Ok((m, c))
}

/// `GET /meetings/{id}/cases/{case}/minutes/edit`.
pub async fn edit(State(s): State<AppState>, user: PageUser, Path(raw): Path<(String, String)>) -> PageResult {
    let at = ids(&raw)?;
    let (m, c) = context(&s, &user, at).await?;
    let v = prefill(&s, &user, &c, at).await;
    let agencies = agencies(&s, user.actor.agency_id).await;
    Ok(render(StatusCode::OK, &form_page(&m, &c, &user, v, FormErrors::default(), agencies)))
}

fn input(f: &FormData, invited: &[String], agencies: &[Choice]) -> MinutesInput {
    let considered = f.get("disclosure-considered") == "yes";
    let information_shared = invited
        .iter()
        .filter(|a| f.opt(&format!("{a}-shared")).is_some() || f.get(format!("{a}-declined")) == "yes")
        .map(|a| SharedInformation {
            agency: a.clone(),
            shared: f.opt(&format!("{a}-shared")),
            declined: f.get(format!("{a}-declined")) == "yes",
            declined_reason: f.opt(&format!("{a}-declined_reason")),
        })
        .collect();
    let actions = (0..f.rows("actions", 0).min(MAX_ROWS))
        .filter(|i| {
            ["description", "owner_agency", "pillar"].iter().any(|k| f.opt(&format!("actions-{i}-{k}")).is_some())
                || f.date(&format!("actions-{i}-due_date")).is_some()
        })
        .map(|i| ActionInput {
            id: f.opt(&format!("actions-{i}-id")),
            description: f.opt(&format!("actions-{i}-description")),
            owner_agency: f.opt(&format!("actions-{i}-owner_agency")),
            due_date: f.date(&format!("actions-{i}-due_date")),
            pillar: f.opt(&format!("actions-{i}-pillar")),
        })
        .collect();
    MinutesInput {
        offender_details: f.opt("offender_details"),
        index_offence: f.opt("index_offence"),
        relevant_dates: f.opt("relevant_dates"),
        information_shared,
        risk_assessment: f.opt("risk_assessment"),
        supervision: f.opt("supervision"),
        monitoring_and_control: f.opt("monitoring_and_control"),
        interventions_and_treatment: f.opt("interventions_and_treatment"),
        victim_safety_planning: f.opt("victim_safety_planning"),
        pathways: Pathway::ALL
            .iter()
            .filter_map(|p| f.opt(&format!("pathway-{}", p.code())).map(|t| (p.code().to_string(), t)))
            .collect(),
        diversity: f.opt("diversity"),
        victims_views: f.opt("victims_views"),
        disclosure: Some(DisclosureInput {
            considered: Some(considered),
            decision: f.opt("disclosure-decision"),
            reason: f.opt("disclosure-reason"),
            recipient: f.opt("disclosure-recipient"),
            by_whom: f.opt("disclosure-by_whom"),
            method: f.opt("disclosure-method"),
            when: f.date("disclosure-when"),
        }),
        level_decision: f.opt("level_decision"),
        level_rationale: f.opt("level_rationale"),
        cppc_considered: f.opt("cppc_considered").map(|c| c == "yes"),
        next_review_date: f.date("next_review_date"),
        onward_sharing_agreed: agencies
            .iter()
            .filter(|a| f.get(format!("onward-{}", a.value)) == "yes")
            .map(|a| a.value.clone())
            .collect(),
        actions,
    }
}

/// `POST /meetings/{id}/cases/{case}/minutes/edit`: saves the draft, or
/// shows the form one action row longer ("Add another action").
pub async fn save(State(s): State<AppState>, Path(raw): Path<(String, String)>, f: PageForm) -> PageResult {
    let at = ids(&raw)?;
    let (m, c) = context(&s, &f.user, at).await?;
    let agencies = agencies(&s, f.user.actor.agency_id).await;
    if f.form.adding() {
        return Ok(render(StatusCode::OK, &form_page(&m, &c, &f.user, f.form, FormErrors::default(), agencies)));
    }
    let invited: Vec<String> = c.invited.iter().map(|i| i.agency.clone()).collect();
    let input = input(&f.form, &invited, &agencies);
    let errors = match s.app.save_minutes(&f.user.actor, at.0, at.1, &input).await {
        Ok(_) => {
            let to = format!("/meetings/{}/cases/{}/minutes", at.0, at.1);
            return Ok(done(&s, &to, AuditAction::MinutesSave));
        }
        Err(AppError::Invalid(v)) => {
            let mut rename: Vec<(String, String)> = Vec::new();
            for (i, a) in input.information_shared.iter().enumerate() {
                for part in ["shared", "declined_reason", "agency"] {
                    let to = if part == "agency" { "shared" } else { part };
                    rename.push((format!("information_shared[{i}].{part}"), format!("{}-{to}", a.agency)));
                }
            }
            // actions[i] is the i-th filled row of the form.
            let filled: Vec<usize> = (0..f.form.rows("actions", 0))
                .filter(|i| {
                    ["description", "owner_agency", "pillar"]
                        .iter()
                        .any(|k| f.form.opt(&format!("actions-{i}-{k}")).is_some())
                        || f.form.date(&format!("actions-{i}-due_date")).is_some()
                })
                .collect();
            for (i, row) in filled.iter().enumerate() {
                for part in ["description", "owner_agency", "due_date", "pillar", "id"] {
                    rename.push((format!("actions[{i}].{part}"), format!("actions-{row}-{part}")));
                }
            }
            for p in Pathway::ALL {
                rename.push((format!("pathways.{}", p.code()), format!("pathway-{}", p.code())));
            }
            for part in ["considered", "decision", "reason", "recipient", "by_whom", "method", "when"] {
                rename.push((format!("disclosure.{part}"), format!("disclosure-{part}")));
            }
            rename.push(("disclosure".into(), "disclosure-considered".into()));
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let mut dates: Vec<String> = vec!["next_review_date".into(), "disclosure-when".into()];
            dates.extend(filled.iter().map(|r| format!("actions-{r}-due_date")));
            let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
            FormErrors::from_validation(&v, &rename, &dates)
        }
        Err(AppError::Conflict(code)) => FormErrors::one("level_decision", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&m, &c, &f.user, f.form, errors, agencies)))
}
