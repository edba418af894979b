//! Serious further offences and Serious Case Reviews (issue 11, journey 5;
//! SFO-1, SCR-1..3). When a person under supervision is charged with a
//! qualifying serious violent or sexual offence: the SFO notification,
//! initial review, full review, action plan and outcome (SFO-1). For a MAPPA
//! case, the Strategic Management Board decides whether a Serious Case
//! Review is warranted, sets its remit and names its lay adviser (SCR-2);
//! the SCR notification reaches the SMB chair and the MAPPA coordinator
//! within 5 days (SCR-3); the report's action plan names an owner by grade,
//! rank or role with a date (SCR-3). SCR-4 (the exact criteria) is
//! UNCONFIRMED, so the Board's decision is recorded, never computed.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::record::UserRef;
use crate::rules::add_days;
use crate::values::{optional_past_date, optional_text, parse_date, required_code, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// SCR-3: days from the Board's decision (section 9 of the notification
/// form completed) to the notification of the SMB chair and coordinator.
pub const SCR_NOTIFICATION_DAYS: i64 = 5;

coded_enum!(
    /// A step after the SFO notification (SFO-1, SCR-2, SCR-3).
    SfoStage {
        InitialReview = "initial_review" : "Initial review",
        FullReview = "full_review" : "Full review",
        ActionPlan = "action_plan" : "Action plan",
        Outcome = "outcome" : "SFO outcome",
        ScrDecision = "scr_decision" : "Serious Case Review decision",
        ScrNotified = "scr_notified" : "SCR notification sent to the SMB chair and MAPPA coordinator",
        ScrAction = "scr_action" : "SCR report action",
        Closed = "closed" : "Closed",
    }
);

/// An SFO notification as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SfoInput {
    /// YYYY-MM-DD the person was charged.
    pub charged_on: Option<String>,
    /// The qualifying serious violent or sexual offence charged (SFO-1).
    pub offence: Option<String>,
    /// YYYY-MM-DD of the notification; by default today.
    pub notified_on: Option<String>,
}

/// A step as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SfoStepInput {
    pub stage: Option<String>,
    /// YYYY-MM-DD, today or earlier; by default today.
    pub on: Option<String>,
    /// What the review found, the plan, the outcome, the Board's reasons or
    /// the action.
    pub note: Option<String>,
    /// SCR decision: whether a Serious Case Review is warranted (SCR-2).
    pub warranted: Option<bool>,
    /// SCR decision: its remit.
    pub remit: Option<String>,
    /// SCR decision: the lay adviser on it (SCR-2: every SCR has one).
    pub lay_adviser: Option<String>,
    /// SCR action: its owner by grade, rank or role (SCR-3).
    pub owner_role: Option<String>,
    /// SCR action: YYYY-MM-DD by when.
    pub due_date: Option<String>,
}

/// A checked notification.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidSfo {
    pub charged_on: Date,
    pub offence: String,
    pub notified_on: Date,
}
redacted_debug!(ValidSfo);

impl SfoInput {
    pub fn parse(&self, today: Date) -> Result<ValidSfo, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let charged_on = match self.charged_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                e.add("charged_on", "required", "Enter the date they were charged");
                None
            }
            Some(raw) => e.take(optional_past_date("charged_on", "the date charged", Some(raw), today)).flatten(),
        };
        let offence = e.take(required_text("offence", "the offence charged", self.offence.as_deref(), 500));
        let notified_on = e
            .take(optional_past_date("notified_on", "the date notified", self.notified_on.as_deref(), today))
            .flatten()
            .unwrap_or(today);
        if charged_on.is_some_and(|c| notified_on < c) {
            e.add("notified_on", "before_charge", "The notification must be on or after the charge");
        }
        match (charged_on, offence) {
            (Some(charged_on), Some(offence)) if e.is_empty() => Ok(ValidSfo { charged_on, offence, notified_on }),
            _ => Err(e),
        }
    }
}

/// A checked step.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidSfoStep {
    pub stage: SfoStage,
    pub on: Date,
    pub note: Option<String>,
    pub warranted: Option<bool>,
    pub remit: Option<String>,
    pub lay_adviser: Option<String>,
    pub owner_role: Option<String>,
    pub due_date: Option<Date>,
}
redacted_debug!(ValidSfoStep);

impl SfoStepInput {
    /// Checks a step against the SFO as it stands.
    pub fn parse(&self, sfo: &Sfo, today: Date) -> Result<ValidSfoStep, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let stage = e.take(required_code("stage", "step", self.stage.as_deref(), SfoStage::from_code));
        let on = e.take(optional_past_date("on", "the date", self.on.as_deref(), today)).flatten().unwrap_or(today);
        if on < sfo.notified_on {
            e.add("on", "before_notification", "The date must be on or after the SFO notification");
        }
        let text = |e: &mut ValidationErrors, f: &str, l: &str, raw: &Option<String>| {
            e.take(optional_text(f, l, raw.as_deref(), 4000)).flatten()
        };
        let note = text(&mut e, "note", "the note", &self.note);
        let remit = text(&mut e, "remit", "the remit", &self.remit);
        let lay_adviser = text(&mut e, "lay_adviser", "the lay adviser", &self.lay_adviser);
        let owner_role = text(&mut e, "owner_role", "the owner's grade, rank or role", &self.owner_role);
        let due_date = match self.due_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => e.take(parse_date("due_date", "the date due", raw)),
        };
        if sfo.closed_on.is_some() {
            e.add("stage", "closed", "This serious further offence is closed");
        }
        let need_note = |e: &mut ValidationErrors, message: &str| {
            if note.is_none() && !e.has("note") {
                e.add("note", "required", message);
            }
        };
        match stage {
            Some(SfoStage::InitialReview) => need_note(&mut e, "Enter what the initial review found"),
            Some(SfoStage::FullReview) => {
                if sfo.initial_review_on.is_none() {
                    e.add("stage", "before_initial_review", "Record the initial review first");
                }
                need_note(&mut e, "Enter what the full review found");
            }
            Some(SfoStage::ActionPlan) => need_note(&mut e, "Enter the action plan"),
            Some(SfoStage::Outcome) => need_note(&mut e, "Enter the outcome"),
            Some(SfoStage::ScrDecision) => {
                if sfo.category.is_none() {
                    e.add("stage", "not_mappa", "A Serious Case Review is for a MAPPA case only");
                }
                if sfo.scr_decided_on.is_some() {
                    e.add("stage", "already_decided", "The Board's decision is already recorded");
                }
                need_note(&mut e, "Enter the Board's reasons");
                match self.warranted {
                    None => e.add("warranted", "required", "Select whether a Serious Case Review is warranted"),
                    Some(true) => {
                        if remit.is_none() && !e.has("remit") {
                            e.add("remit", "required", "Enter the review's remit");
                        }
                        if lay_adviser.is_none() && !e.has("lay_adviser") {
                            e.add("lay_adviser", "required", "Enter the lay adviser on the review");
                        }
                    }
                    Some(false) => {}
                }
            }
            Some(SfoStage::ScrNotified) | Some(SfoStage::ScrAction) if sfo.scr_warranted != Some(true) => {
                e.add("stage", "no_scr", "No Serious Case Review is recorded as warranted");
            }
            Some(SfoStage::ScrAction) => {
                need_note(&mut e, "Enter the action");
                if owner_role.is_none() && !e.has("owner_role") {
                    e.add("owner_role", "required", "Enter the owner's grade, rank or role");
                }
                if due_date.is_none() && !e.has("due_date") {
                    e.add("due_date", "required", "Enter the date the action is due");
                }
            }
            _ => {}
        }
        match stage {
            Some(stage) if e.is_empty() => Ok(ValidSfoStep {
                stage,
                on,
                note,
                warranted: self.warranted,
                remit,
                lay_adviser,
                owner_role,
                due_date,
            }),
            _ => Err(e),
        }
    }
}

/// SCR-3: the last day to notify the SMB chair and the coordinator.
pub fn scr_notify_by(decided: Date) -> Date {
    add_days(decided, SCR_NOTIFICATION_DAYS).unwrap_or(decided)
}

/// One recorded step.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SfoStep {
    pub stage: SfoStage,
    pub on: Date,
    pub note: Option<String>,
    pub owner_role: Option<String>,
    pub due_date: Option<Date>,
    pub recorded_by: UserRef,
}
redacted_debug!(SfoStep);

/// A serious further offence as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Sfo {
    pub id: ItemId,
    /// The notifying agency's code.
    pub agency: String,
    pub charged_on: Date,
    pub offence: String,
    pub notified_on: Date,
    /// The MAPPA category and level when notified: a MAPPA case may have an SCR.
    pub category: Option<u8>,
    pub level: Option<u8>,
    pub initial_review_on: Option<Date>,
    pub full_review_on: Option<Date>,
    pub outcome_on: Option<Date>,
    pub scr_decided_on: Option<Date>,
    pub scr_warranted: Option<bool>,
    pub scr_remit: Option<String>,
    pub scr_lay_adviser: Option<String>,
    /// SCR-3: the SMB chair and coordinator notified by this day.
    pub scr_notify_by: Option<Date>,
    pub scr_notified_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub steps: Vec<SfoStep>,
}
redacted_debug!(Sfo);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 2);

    fn sfo(category: Option<u8>) -> Sfo {
        Sfo {
            id: ItemId::new(),
            agency: "PRB".into(),
            charged_on: date(2026, 11, 1),
            offence: "Wounding with intent".into(),
            notified_on: date(2026, 11, 3),
            category,
            level: None,
            initial_review_on: None,
            full_review_on: None,
            outcome_on: None,
            scr_decided_on: None,
            scr_warranted: None,
            scr_remit: None,
            scr_lay_adviser: None,
            scr_notify_by: None,
            scr_notified_on: None,
            closed_on: None,
            steps: Vec::new(),
        }
    }

    fn step(stage: &str) -> SfoStepInput {
        SfoStepInput { stage: Some(stage.into()), note: Some("n".into()), ..Default::default() }
    }

    #[test]
    fn a_notification_needs_the_charge_and_the_offence() {
        let e = SfoInput::default().parse(TODAY).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["charged_on", "offence"]);
        let v = SfoInput { charged_on: Some("2026-11-01".into()), offence: Some("Rape".into()), notified_on: None };
        assert_eq!(v.parse(TODAY).unwrap().notified_on, TODAY);
    }

    #[test]
    fn a_full_review_follows_the_initial_one() {
        let e = step("full_review").parse(&sfo(None), TODAY).unwrap_err();
        assert_eq!(e.first().unwrap().code, "before_initial_review");
        let mut s = sfo(None);
        s.initial_review_on = Some(date(2026, 11, 10));
        assert!(step("full_review").parse(&s, TODAY).is_ok());
    }

    #[test]
    fn a_serious_case_review_is_for_mappa_cases_with_a_remit_and_a_lay_adviser() {
        let mut d = step("scr_decision");
        d.warranted = Some(true);
        assert!(d.parse(&sfo(None), TODAY).unwrap_err().0.iter().any(|f| f.code == "not_mappa"));
        let e = d.parse(&sfo(Some(2)), TODAY).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["remit", "lay_adviser"]);
        d.remit = Some("Whether MAPPA was applied effectively".into());
        d.lay_adviser = Some("Kim Osei".into());
        assert!(d.parse(&sfo(Some(2)), TODAY).is_ok());
        assert_eq!(step("scr_action").parse(&sfo(Some(2)), TODAY).unwrap_err().first().unwrap().code, "no_scr");
        let mut warranted = sfo(Some(2));
        warranted.scr_warranted = Some(true);
        let e = step("scr_action").parse(&warranted, TODAY).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["owner_role", "due_date"]);
        assert_eq!(scr_notify_by(date(2026, 12, 1)), date(2026, 12, 6));
    }
}
