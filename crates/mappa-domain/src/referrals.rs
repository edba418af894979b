//! Referral to Level 2 or 3 (MAPPA A; MTG-6) and its screening by the MAPPA
//! coordinator (LVL-0..3, MTG-4).

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::{MeetingId, NominalId, PanelId, ReferralId};
use crate::record::UserRef;
use crate::values::{parse_date, required_code, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// The sections of a referral (MAPPA A), each completed by one agency.
    ReferralSection {
        OffenderDetails = "offender_details" : "Offender details",
        IndexOffence = "index_offence" : "Index offence and sentence",
        RelevantDates = "relevant_dates" : "Relevant dates",
        ReleaseAddress = "release_address" : "Approved release address",
        Reason = "reason" : "Reason for referral",
    }
);

coded_enum!(
    /// Where a referral stands.
    ReferralStatus {
        AwaitingScreening = "awaiting_screening" : "Awaiting screening",
        Accepted = "accepted" : "Accepted",
        Level1 = "level_1" : "Managed at level 1",
        Returned = "returned" : "Returned for more information",
    }
);

coded_enum!(
    /// The coordinator's screening outcome.
    ScreeningOutcome {
        Accepted = "accepted" : "Accept at level 2 or 3",
        Level1 = "level_1" : "Manage at level 1",
        Returned = "returned" : "Return for more information",
    }
);

coded_enum!(
    /// Which level criterion a decision found met: LVL-2 (i) to (iii) for
    /// level 2, LVL-3's two limbs for level 3, LVL-1 for level 1.
    LevelCriterion {
        HighRosh = "high_rosh" : "Assessed as high or very high risk of serious harm, and meetings would add value",
        ExceptionalCoordination = "exceptional_coordination" : "Exceptionally, lower risk but other agencies' active involvement and co-ordination is needed",
        StepDownFromLevel3 = "step_down_from_level_3" : "Previously managed at level 3 and no longer needs it",
        SeniorRepresentation = "senior_representation" : "Needs senior representation to commit significant resources at short notice",
        PublicInterest = "public_interest" : "Significant media or public interest",
        LeadAgencyCanManage = "lead_agency_can_manage" : "The lead agency can manage the risks without multi-agency meetings",
    }
);

impl LevelCriterion {
    /// The level whose test this criterion belongs to.
    pub fn level(self) -> u8 {
        match self {
            LevelCriterion::HighRosh | LevelCriterion::ExceptionalCoordination | LevelCriterion::StepDownFromLevel3 => {
                2
            }
            LevelCriterion::SeniorRepresentation | LevelCriterion::PublicInterest => 3,
            LevelCriterion::LeadAgencyCanManage => 1,
        }
    }
}

/// One section of a submitted referral.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionInput {
    pub section: Option<String>,
    /// The code of the agency that completed it; the referrer's by default.
    pub agency: Option<String>,
    pub text: Option<String>,
}

/// A referral as submitted (MAPPA A).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralInput {
    pub nominal_id: Option<String>,
    /// The level referred to: 2 or 3.
    pub level: Option<i64>,
    /// The one MAPPA category (1 to 4).
    pub category: Option<i64>,
    /// Why the referral is made (MAPPA A section 6).
    pub reason: Option<String>,
    /// For a person in custody: the expected release date (MTG-4).
    pub release_date: Option<String>,
    /// The local unit's code; by default the case's.
    pub unit: Option<String>,
    #[serde(default)]
    pub sections: Vec<SectionInput>,
}

/// A section checked; the agency is still a code to look up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSection {
    pub section: ReferralSection,
    pub agency: Option<String>,
    pub text: String,
}

/// A referral checked, before its record and area are looked up.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidReferral {
    pub nominal: NominalId,
    pub level: u8,
    pub category: u8,
    pub reason: String,
    pub release_date: Option<Date>,
    pub unit: Option<String>,
    pub sections: Vec<ValidSection>,
}
redacted_debug!(ValidReferral);

impl ReferralInput {
    pub fn parse(&self) -> Result<ValidReferral, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let nominal = match self.nominal_id.as_deref().map(str::trim) {
            None | Some("") => {
                e.add("nominal_id", "required", "Select the person referred");
                None
            }
            // An id that does not parse names no record: 404 like any other.
            Some(raw) => Some(raw.parse::<NominalId>().unwrap_or_default()),
        };
        let level = match self.level {
            Some(l @ 2..=3) => Some(l as u8),
            Some(_) => {
                e.add("level", "out_of_range", "A referral is to level 2 or level 3");
                None
            }
            None => {
                e.add("level", "required", "Select the level referred to (2 or 3)");
                None
            }
        };
        let category = match self.category {
            Some(c @ 1..=4) => Some(c as u8),
            Some(_) => {
                e.add("category", "out_of_range", "Category must be 1, 2, 3 or 4");
                None
            }
            None => {
                e.add("category", "required", "Select the MAPPA category (only one)");
                None
            }
        };
        let reason = e.take(required_text("reason", "the reason for referral", self.reason.as_deref(), 8000));
        let release_date = match self.release_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => e.take(parse_date("release_date", "release date", raw)),
            None => None,
        };
        let unit = self.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_uppercase);
        let sections = parse_sections(&self.sections, &mut e);
        match (nominal, level, category, reason) {
            (Some(nominal), Some(level), Some(category), Some(reason)) if e.is_empty() => {
                Ok(ValidReferral { nominal, level, category, reason, release_date, unit, sections })
            }
            _ => Err(e),
        }
    }
}

/// The sections of a referral (or of one sent again), each given once.
fn parse_sections(given: &[SectionInput], e: &mut ValidationErrors) -> Vec<ValidSection> {
    let mut sections = Vec::with_capacity(given.len());
    for (i, s) in given.iter().enumerate() {
        let field = |f: &str| format!("sections[{i}].{f}");
        let section =
            e.take(required_code(&field("section"), "section", s.section.as_deref(), ReferralSection::from_code));
        let text = e.take(required_text(&field("text"), "what the section says", s.text.as_deref(), 8000));
        if let (Some(section), Some(text)) = (section, text) {
            if sections.iter().any(|v: &ValidSection| v.section == section) {
                e.add(field("section"), "duplicate", "Each section is given once");
            }
            let agency = s.agency.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_uppercase);
            sections.push(ValidSection { section, agency, text });
        }
    }
    sections
}

/// A returned referral sent again by its referring agency (MTG-6): what was
/// added, in words, and the sections (and reason) brought up to date.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResubmissionInput {
    /// What was added or changed, for the coordinator.
    pub note: Option<String>,
    /// The reason for referral, if it changes.
    pub reason: Option<String>,
    /// Sections to add or replace; those not given stay as they were.
    #[serde(default)]
    pub sections: Vec<SectionInput>,
}

/// A resubmission checked.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidResubmission {
    pub note: String,
    pub reason: Option<String>,
    pub sections: Vec<ValidSection>,
}
redacted_debug!(ValidResubmission);

impl ResubmissionInput {
    pub fn parse(&self) -> Result<ValidResubmission, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let note = e.take(required_text("note", "what you have added", self.note.as_deref(), 4000));
        let reason = match self.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(_) => e.take(required_text("reason", "the reason for referral", self.reason.as_deref(), 8000)),
            None => None,
        };
        let sections = parse_sections(&self.sections, &mut e);
        match note {
            Some(note) if e.is_empty() => Ok(ValidResubmission { note, reason, sections }),
            _ => Err(e),
        }
    }
}

/// One return of a referral for more information, and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReferralReturn {
    /// What the coordinator asked for.
    pub asked: String,
    pub returned_by: UserRef,
    pub returned_at: jiff::Timestamp,
    /// What the referrer added.
    pub added: String,
    pub sent_again_by: UserRef,
    pub sent_again_at: jiff::Timestamp,
}

/// A section as stored, with the agency that completed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Section {
    pub section: ReferralSection,
    pub agency: String,
    pub agency_name: String,
    pub text: String,
}

/// The coordinator's screening, once made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Screening {
    pub outcome: ScreeningOutcome,
    /// The level decided: 2 or 3 when accepted, 1 for level 1, none when returned.
    pub level: Option<u8>,
    pub reason: String,
    pub criteria: Vec<LevelCriterion>,
    pub panel_id: Option<PanelId>,
    pub screened_by: UserRef,
    pub screened_at: jiff::Timestamp,
}

/// A referral as the coordinator, the referrer and the API see it.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Referral {
    pub id: ReferralId,
    pub nominal_id: NominalId,
    pub person: String,
    pub area: String,
    pub unit: Option<String>,
    pub level: u8,
    pub category: u8,
    pub reason: String,
    pub referring_agency: String,
    pub referring_agency_name: String,
    pub referred_by: UserRef,
    pub referred_on: Date,
    pub release_date: Option<Date>,
    /// MTG-4: the latest day the referral should have arrived, for a person
    /// in custody.
    pub due_before_release: Option<Date>,
    /// MTG-4: it arrived after that day.
    pub late: bool,
    /// MTG-6: the day screening is due by.
    pub screening_due: Option<Date>,
    pub status: ReferralStatus,
    pub sections: Vec<Section>,
    pub screening: Option<Screening>,
    /// The meeting it has been listed for, once listed.
    pub listed_for: Option<MeetingId>,
    /// Earlier returns for more information and what was added, oldest first.
    pub returns: Vec<ReferralReturn>,
}
redacted_debug!(Referral);

/// A screening as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningInput {
    pub outcome: Option<String>,
    /// 2 or 3 when accepted.
    pub level: Option<i64>,
    /// The rationale (for a level decision) or what more is needed (returned).
    pub reason: Option<String>,
    /// Codes of the level criteria met (LVL-1..3).
    #[serde(default)]
    pub criteria: Vec<String>,
    /// The panel to list the case for; by default the area's panel for the level.
    pub panel_id: Option<String>,
}

/// A screening checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidScreening {
    pub outcome: ScreeningOutcome,
    pub level: Option<u8>,
    pub reason: String,
    pub criteria: Vec<LevelCriterion>,
    pub panel: Option<PanelId>,
}

impl ScreeningInput {
    pub fn parse(&self) -> Result<ValidScreening, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let outcome =
            e.take(required_code("outcome", "screening outcome", self.outcome.as_deref(), ScreeningOutcome::from_code));
        let level = match (outcome, self.level) {
            (Some(ScreeningOutcome::Accepted), Some(l @ 2..=3)) => Some(l as u8),
            (Some(ScreeningOutcome::Accepted), Some(_)) => {
                e.add("level", "out_of_range", "A referral is accepted at level 2 or level 3");
                None
            }
            (Some(ScreeningOutcome::Accepted), None) => {
                e.add("level", "required", "Select the level the case is accepted at (2 or 3)");
                None
            }
            (Some(ScreeningOutcome::Level1), None | Some(1)) => Some(1),
            (Some(ScreeningOutcome::Level1), Some(_)) => {
                e.add("level", "not_applicable", "A case managed at level 1 has level 1");
                None
            }
            (_, _) => None,
        };
        let label = if outcome == Some(ScreeningOutcome::Returned) {
            "what more information is needed"
        } else {
            "the rationale for the level decision"
        };
        let reason = e.take(required_text("reason", label, self.reason.as_deref(), 4000));
        let mut criteria = Vec::new();
        for (i, raw) in self.criteria.iter().enumerate() {
            let field = format!("criteria[{i}]");
            match LevelCriterion::from_code(raw.trim()) {
                None => e.add(field, "invalid_choice", "Select the criteria met from the list"),
                Some(c) if level.is_some_and(|l| c.level() > l || (l > 1 && c.level() == 1)) => e.add(
                    field,
                    "criterion_not_for_level",
                    format!("\u{201c}{}\u{201d} is not a test for the level decided", c.label()),
                ),
                Some(_) if outcome == Some(ScreeningOutcome::Returned) => {
                    e.add(field, "not_applicable", "A returned referral has no level decision, so no criteria")
                }
                Some(c) if !criteria.contains(&c) => criteria.push(c),
                Some(_) => {}
            }
        }
        if outcome == Some(ScreeningOutcome::Level1) && criteria.is_empty() {
            criteria.push(LevelCriterion::LeadAgencyCanManage);
        }
        let panel = match self.panel_id.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(raw) => match raw.parse::<PanelId>() {
                Ok(p) => Some(p),
                Err(_) => {
                    e.add("panel_id", "unknown_panel", "Select a panel of the area");
                    None
                }
            },
            None => None,
        };
        match (outcome, reason) {
            (Some(outcome), Some(reason)) if e.is_empty() => {
                Ok(ValidScreening { outcome, level, reason, criteria, panel })
            }
            _ => Err(e),
        }
    }
}

/// Whether `actor` may send `r` again (MTG-6): a returned referral, by its
/// referring agency's practitioners who take part in multi-agency work.
pub fn may_resend(r: &Referral, actor: &crate::access::Actor) -> bool {
    r.status == ReferralStatus::Returned && r.referring_agency == actor.agency_code && actor.may_contribute()
}

/// The rationale recorded with the level decision: the coordinator's words and
/// the criteria they found met (LVL-1..3), so that the decision history says both.
pub fn decision_rationale(reason: &str, criteria: &[LevelCriterion]) -> String {
    if criteria.is_empty() {
        return reason.to_string();
    }
    let met: Vec<&str> = criteria.iter().map(|c| c.label()).collect();
    format!("{reason}\nCriteria met: {}.", met.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn referral() -> ReferralInput {
        ReferralInput {
            nominal_id: Some(NominalId::new().to_string()),
            level: Some(2),
            category: Some(1),
            reason: Some("Escalating contact with children".into()),
            sections: vec![SectionInput {
                section: Some("index_offence".into()),
                agency: Some("prb".into()),
                text: Some("Sexual assault, 4 years".into()),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn mtg_6_a_referral_names_the_level_category_and_reason() {
        let r = referral().parse().unwrap();
        assert_eq!((r.level, r.category), (2, 1));
        assert_eq!(r.sections[0].agency.as_deref(), Some("PRB"));
        let mut bad = referral();
        bad.level = Some(1);
        bad.category = None;
        bad.reason = Some(" ".into());
        let e = bad.parse().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["level", "category", "reason"]);
    }

    #[test]
    fn mtg_6_a_returned_referral_is_sent_again_with_what_was_added() {
        let r = ResubmissionInput {
            note: Some("Added the release address".into()),
            sections: vec![SectionInput {
                section: Some("release_address".into()),
                text: Some("Approved premises".into()),
                agency: None,
            }],
            ..Default::default()
        };
        let v = r.parse().unwrap();
        assert_eq!((v.reason, v.sections[0].section), (None, ReferralSection::ReleaseAddress));
        let e = ResubmissionInput { note: Some(" ".into()), ..Default::default() }.parse().unwrap_err();
        assert_eq!((e.first().unwrap().field.as_str(), e.first().unwrap().code), ("note", "required"));
    }

    #[test]
    fn a_section_is_given_once() {
        let mut r = referral();
        r.sections.push(r.sections[0].clone());
        assert_eq!(r.parse().unwrap_err().first().unwrap().code, "duplicate");
    }

    fn screening(outcome: &str, level: Option<i64>, criteria: &[&str]) -> ScreeningInput {
        ScreeningInput {
            outcome: Some(outcome.into()),
            level,
            reason: Some("Meetings would add value".into()),
            criteria: criteria.iter().map(|c| c.to_string()).collect(),
            panel_id: None,
        }
    }

    #[test]
    fn lvl_1_to_3_criteria_must_fit_the_level_decided() {
        assert!(screening("accepted", Some(2), &["high_rosh"]).parse().is_ok());
        assert!(screening("accepted", Some(3), &["high_rosh", "senior_representation"]).parse().is_ok());
        let e = screening("accepted", Some(2), &["public_interest"]).parse().unwrap_err();
        assert_eq!(e.first().unwrap().code, "criterion_not_for_level");
        let e = screening("accepted", Some(2), &["lead_agency_can_manage"]).parse().unwrap_err();
        assert_eq!(e.first().unwrap().code, "criterion_not_for_level");
        let l1 = screening("level_1", None, &[]).parse().unwrap();
        assert_eq!((l1.level, l1.criteria.as_slice()), (Some(1), &[LevelCriterion::LeadAgencyCanManage][..]));
        assert_eq!(screening("accepted", None, &[]).parse().unwrap_err().first().unwrap().field, "level");
        assert!(screening("returned", None, &[]).parse().unwrap().level.is_none());
    }

    #[test]
    fn a_level_decision_needs_its_rationale() {
        let mut s = screening("accepted", Some(3), &[]);
        s.reason = None;
        let e = s.parse().unwrap_err();
        assert_eq!((e.first().unwrap().field.as_str(), e.first().unwrap().code), ("reason", "required"));
    }

    #[test]
    fn the_rationale_names_the_criteria() {
        let r = decision_rationale("Agreed", &[LevelCriterion::HighRosh]);
        assert!(r.starts_with("Agreed\nCriteria met: Assessed as high"));
    }
}
