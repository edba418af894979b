//! Referring a person to Level 2 or 3 (MAPPA A; MTG-4, MTG-6) and the
//! coordinator's screening (LVL-0..3).

use super::super::forms::{FormData, FormErrors};
use super::super::people::{Choice, Row, form_context, heading_for, long_date, parse_id, row};
use super::super::{Layout, PageForm, PageResult, done, render};
use super::{agencies, coded, id, level_words};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{NominalId, ReferralId};
use mappa_domain::mappa_case::category_label;
use mappa_domain::referrals::{
    LevelCriterion, Referral, ReferralInput, ReferralSection, ReferralStatus, ResubmissionInput, ScreeningInput,
    ScreeningOutcome, SectionInput, may_resend,
};

/// The sections a referrer writes besides the reason, in MAPPA A's order.
const SECTIONS: [ReferralSection; 4] = [
    ReferralSection::OffenderDetails,
    ReferralSection::IndexOffence,
    ReferralSection::RelevantDates,
    ReferralSection::ReleaseAddress,
];

fn section_choices() -> Vec<Choice> {
    SECTIONS.iter().map(|s| Choice { value: s.code().into(), label: s.label().into() }).collect()
}

/// The day of a moment, in words.
fn long_timestamp_date(t: jiff::Timestamp) -> String {
    long_date(mappa_app::today_in_london(t))
}

fn levels() -> Vec<Choice> {
    vec![
        Choice { value: "2".into(), label: "Level 2: multi-agency meetings would add value".into() },
        Choice { value: "3".into(), label: "Level 3: needs senior representation from the agencies".into() },
    ]
}

fn categories() -> Vec<Choice> {
    (1..=4u8).map(|c| Choice { value: c.to_string(), label: category_label(Some(c)).into() }).collect()
}

#[derive(Template)]
#[template(path = "mappa/referral_form.html")]
struct ReferralForm {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    levels: Vec<Choice>,
    categories: Vec<Choice>,
    sections: Vec<Choice>,
    agencies: Vec<Choice>,
}

async fn referral_form(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
) -> ReferralForm {
    let title = if errors.any() { "Error: Refer to level 2 or 3" } else { "Refer to level 2 or 3" };
    ReferralForm {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        levels: levels(),
        categories: categories(),
        sections: section_choices(),
        agencies: agencies(s, user.actor.agency_id).await,
    }
}

/// `GET /people/{id}/refer`: the referral form (MAPPA A).
pub async fn form(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let (id, heading) = form_context(&s, &user, &raw, RecordAction::Contribute).await?;
    let mut v = FormData::default();
    for sec in SECTIONS {
        v.set(&format!("{}-agency", sec.code()), user.actor.agency_code.clone());
    }
    Ok(render(StatusCode::OK, &referral_form(&s, &user, id, heading, v, FormErrors::default()).await))
}

/// `POST /people/{id}/refer`.
pub async fn refer(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&raw)?;
    let (sections, rename) = sections_from(&f.form);
    let input = ReferralInput {
        nominal_id: Some(id.to_string()),
        level: f.form.opt("level").and_then(|l| l.parse().ok()),
        category: f.form.opt("category").and_then(|c| c.parse().ok()),
        reason: f.form.opt("reason"),
        release_date: f.form.date("release_date"),
        unit: None,
        sections,
    };
    let errors = match s.app.refer(&f.user.actor, &input).await {
        Ok(r) => return Ok(done(&s, &format!("/referrals/{}", r.id), AuditAction::ReferralCreate)),
        Err(AppError::Invalid(v)) => {
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            FormErrors::from_validation(&v, &rename, &["release_date"])
        }
        Err(e) => return Err(e.into()),
    };
    let heading = heading_for(&s, &f.user, id, RecordAction::Contribute).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &referral_form(&s, &f.user, id, heading, f.form, errors).await))
}

#[derive(Template)]
#[template(path = "mappa/referral.html")]
struct ReferralPage {
    layout: Layout,
    r: Referral,
    rows: Vec<Row>,
    sections: Vec<Row>,
    screening: Vec<Row>,
    /// Each earlier return: what was asked, and what was added.
    returns: Vec<Row>,
    may_screen: bool,
    /// The referring agency may send a returned referral again.
    may_resend: bool,
    section_choices: Vec<Choice>,
    agencies: Vec<Choice>,
    errors: FormErrors,
    v: FormData,
    outcomes: Vec<Choice>,
    accepted_levels: Vec<Choice>,
    criteria: Vec<Choice>,
    panels: Vec<Choice>,
}

fn referral_rows(r: &Referral) -> Vec<Row> {
    let mut rows = vec![
        row("Person", r.person.clone()),
        row("Level referred to", level_words(r.level)),
        row("Category", category_label(Some(r.category))),
        row("Referred by", format!("{}, {}", r.referred_by.name, r.referring_agency_name)),
        row("Referred on", long_date(r.referred_on)),
        row("Status", r.status.label()),
    ];
    if let Some(d) = r.release_date {
        rows.push(row("Release date", long_date(d)));
    }
    if let Some(due) = r.due_before_release {
        let late = if r.late { " (the referral arrived after this date)" } else { "" };
        rows.push(row("Referral due before release by", format!("{}{late}", long_date(due))));
    }
    if r.status == ReferralStatus::AwaitingScreening
        && let Some(due) = r.screening_due
    {
        rows.push(row("Screening due by", long_date(due)));
    }
    rows.push(row("Reason for referral", r.reason.clone()));
    rows
}

async fn referral_page(
    s: &AppState,
    user: &PageUser,
    r: Referral,
    v: FormData,
    errors: FormErrors,
) -> Result<ReferralPage, AppError> {
    let may_screen = user.actor.works_mappa() && r.status == ReferralStatus::AwaitingScreening;
    let panels = if may_screen {
        s.app
            .panels(&user.actor, Some(&r.area))
            .await?
            .into_iter()
            .map(|p| Choice { value: p.id.to_string(), label: format!("{} ({})", p.name, level_words(p.level)) })
            .collect()
    } else {
        Vec::new()
    };
    let sections =
        r.sections.iter().map(|x| row(format!("{} ({})", x.section.label(), x.agency_name), x.text.clone())).collect();
    let screening = match &r.screening {
        Some(sc) => {
            // The outcome as it stands ("Accepted"), not as offered on the form.
            let mut rows = vec![row("Outcome", r.status.label())];
            if let Some(l) = sc.level {
                rows.push(row("Level decided", level_words(l)));
            }
            rows.push(row("Reason", sc.reason.clone()));
            if !sc.criteria.is_empty() {
                rows.push(row("Criteria met", sc.criteria.iter().map(|c| c.label()).collect::<Vec<_>>().join("; ")));
            }
            rows.push(row("Screened by", sc.screened_by.name.clone()));
            rows
        }
        None => Vec::new(),
    };
    let returns = r
        .returns
        .iter()
        .flat_map(|x| {
            [
                row(
                    format!("Returned on {} by {}", long_timestamp_date(x.returned_at), x.returned_by.name),
                    x.asked.clone(),
                ),
                row(
                    format!("Sent again on {} by {}", long_timestamp_date(x.sent_again_at), x.sent_again_by.name),
                    x.added.clone(),
                ),
            ]
        })
        .collect();
    let may_resend = may_resend(&r, &user.actor);
    let agencies = if may_resend { agencies(s, user.actor.agency_id).await } else { Vec::new() };
    let title = if errors.any() { "Error: Referral" } else { "Referral" };
    Ok(ReferralPage {
        layout: Layout::new(title, Some(user), "referrals"),
        rows: referral_rows(&r),
        sections,
        screening,
        returns,
        may_screen,
        may_resend,
        section_choices: section_choices(),
        agencies,
        errors,
        v,
        outcomes: coded(ScreeningOutcome::ALL, ScreeningOutcome::code, ScreeningOutcome::label),
        accepted_levels: vec![
            Choice { value: "2".into(), label: "Level 2".into() },
            Choice { value: "3".into(), label: "Level 3".into() },
        ],
        criteria: coded(LevelCriterion::ALL, LevelCriterion::code, LevelCriterion::label),
        panels,
        r,
    })
}

/// `GET /referrals/{id}`: the referral, with the screening form for the
/// area's coordinators and chairs while it awaits screening, or the form to
/// send it again for its referring agency once returned.
pub async fn show(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let r = s.app.referral(&user.actor, id::<ReferralId>(&raw)?).await?;
    let mut v = FormData::default();
    if may_resend(&r, &user.actor) {
        v.set("reason", r.reason.clone());
        for sec in SECTIONS {
            let current = r.sections.iter().find(|x| x.section == sec);
            v.set(
                &format!("{}-agency", sec.code()),
                current.map_or(user.actor.agency_code.clone(), |x| x.agency.clone()),
            );
            if let Some(x) = current {
                v.set(sec.code(), x.text.clone());
            }
        }
    }
    Ok(render(StatusCode::OK, &referral_page(&s, &user, r, v, FormErrors::default()).await?))
}

/// The sections written on a form, and how their fields are named in errors.
fn sections_from(form: &FormData) -> (Vec<SectionInput>, Vec<(String, String)>) {
    let mut sections = Vec::new();
    let mut rename: Vec<(String, String)> = Vec::new();
    for sec in SECTIONS {
        if let Some(text) = form.opt(sec.code()) {
            let i = sections.len();
            rename.push((format!("sections[{i}].text"), sec.code().to_string()));
            rename.push((format!("sections[{i}].agency"), format!("{}-agency", sec.code())));
            sections.push(SectionInput {
                section: Some(sec.code().into()),
                agency: form.opt(&format!("{}-agency", sec.code())),
                text: Some(text),
            });
        }
    }
    (sections, rename)
}

/// `POST /referrals/{id}/resubmission`: a returned referral sent again.
pub async fn resubmit(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let rid = id::<ReferralId>(&raw)?;
    let (sections, rename) = sections_from(&f.form);
    let input = ResubmissionInput { note: f.form.opt("note"), reason: f.form.opt("reason"), sections };
    let errors = match s.app.resubmit(&f.user.actor, rid, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/referrals/{rid}"), AuditAction::ReferralResubmit)),
        Err(AppError::Invalid(v)) => {
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            FormErrors::from_validation(&v, &rename, &[])
        }
        Err(AppError::Conflict(code)) => FormErrors::one("note", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    let r = s.app.referral(&f.user.actor, rid).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &referral_page(&s, &f.user, r, f.form, errors).await?))
}

/// `POST /referrals/{id}/screening`.
pub async fn screen(State(s): State<AppState>, Path(raw): Path<String>, f: PageForm) -> PageResult {
    let rid = id::<ReferralId>(&raw)?;
    let input = ScreeningInput {
        outcome: f.form.opt("outcome"),
        level: f.form.opt("level").and_then(|l| l.parse().ok()),
        reason: f.form.opt("reason"),
        criteria: LevelCriterion::ALL
            .iter()
            .filter(|c| f.form.get(format!("criteria-{}", c.code())) == "yes")
            .map(|c| c.code().to_string())
            .collect(),
        panel_id: f.form.opt("panel_id"),
    };
    let errors = match s.app.screen(&f.user.actor, rid, &input).await {
        Ok(_) => return Ok(done(&s, &format!("/referrals/{rid}"), AuditAction::ReferralScreen)),
        Err(AppError::Invalid(v)) => {
            let rename: Vec<(String, String)> =
                (0..input.criteria.len()).map(|i| (format!("criteria[{i}]"), "criteria".to_string())).collect();
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            FormErrors::from_validation(&v, &rename, &[])
        }
        Err(AppError::Conflict(code)) => FormErrors::one("outcome", AppError::conflict_message(code)),
        Err(e) => return Err(e.into()),
    };
    let r = s.app.referral(&f.user.actor, rid).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &referral_page(&s, &f.user, r, f.form, errors).await?))
}

/// A referral as a line of the list.
struct ReferralLine {
    id: ReferralId,
    person: String,
    level: String,
    agency: String,
    late: bool,
    due: String,
    referred_on: String,
    status: &'static str,
}

impl From<&Referral> for ReferralLine {
    fn from(r: &Referral) -> Self {
        ReferralLine {
            id: r.id,
            person: r.person.clone(),
            level: level_words(r.level),
            agency: r.referring_agency_name.clone(),
            late: r.late,
            due: r.screening_due.map(long_date).unwrap_or_default(),
            referred_on: long_date(r.referred_on),
            status: r.status.label(),
        }
    }
}

#[derive(Template)]
#[template(path = "mappa/referrals.html")]
struct ReferralsPage {
    layout: Layout,
    waiting: Vec<ReferralLine>,
    screened: Vec<ReferralLine>,
}

/// `GET /referrals`: the area's referrals, for its coordinators and chairs.
pub async fn list(State(s): State<AppState>, user: PageUser) -> PageResult {
    let all = s.app.referrals(&user.actor, None).await?;
    let (waiting, screened): (Vec<_>, Vec<_>) = all.iter().partition(|r| r.status == ReferralStatus::AwaitingScreening);
    Ok(render(
        StatusCode::OK,
        &ReferralsPage {
            layout: Layout::new("Referrals", Some(&user), "referrals"),
            waiting: waiting.into_iter().map(ReferralLine::from).collect(),
            screened: screened.into_iter().map(ReferralLine::from).collect(),
        },
    ))
}
