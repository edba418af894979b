//! The MAPPA case on a record: category, level, lead agency, area, status and
//! dates. Category and level change only by a recorded decision with a
//! rationale and a decision-maker, kept as history (defensible decisions, seed 001).

use crate::coded_enum;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::{AgencyId, ItemId, UserId};
use crate::values::{optional_text, parse_code, parse_date, parse_past_date, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// Where the case stands.
    CaseStatus {
        ActiveCommunity = "active_community" : "Active in the community",
        InCustody = "in_custody" : "In custody",
        InHospital = "in_hospital" : "In hospital",
        Exited = "exited" : "Exited MAPPA",
        Archived = "archived" : "Archived",
    }
);

coded_enum!(
    /// Which of the two decisions a decision record changes.
    DecisionKind {
        Category = "category" : "MAPPA category",
        Level = "level" : "MAPPA level",
    }
);

/// The case as stored. `category` None means not (or no longer) a MAPPA case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MappaCase {
    pub category: Option<u8>,
    pub level: Option<u8>,
    pub lead_agency: Option<AgencyId>,
    /// The MAPPA area that owns the case. CAT-01: MAPPA runs in 42 areas of
    /// England and Wales; which they are is data kept by administrators, not
    /// law the engine computes with.
    pub owning_area: Option<String>,
    pub status: CaseStatus,
    pub start_date: Option<Date>,
    pub exit_date: Option<Date>,
}

impl Default for MappaCase {
    fn default() -> Self {
        Self {
            category: None,
            level: None,
            lead_agency: None,
            owning_area: None,
            status: CaseStatus::ActiveCommunity,
            start_date: None,
            exit_date: None,
        }
    }
}

/// Category label as practitioners say it.
pub fn category_label(c: Option<u8>) -> &'static str {
    match c {
        Some(1) => "Category 1: registered sexual offender",
        Some(2) => "Category 2: violent or other sexual offender",
        Some(3) => "Category 3: other dangerous offender",
        Some(4) => "Category 4: terrorist or terrorist-risk offender",
        _ => "Not a MAPPA case",
    }
}

/// CAT-3a: Category 3 cases are managed only at Level 2 or 3.
pub fn check_category_level(category: Option<u8>, level: Option<u8>) -> Result<(), FieldError> {
    if category == Some(3) && level == Some(1) {
        return Err(FieldError::new(
            "value",
            "category_3_at_level_1",
            "Category 3 cases are managed only at level 2 or 3 (CAT-3a)",
        ));
    }
    Ok(())
}

/// A recorded category or level decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Decision {
    pub id: ItemId,
    pub kind: DecisionKind,
    pub from_value: Option<u8>,
    pub to_value: Option<u8>,
    pub rationale: String,
    pub effective_date: Date,
    pub decided_by: UserId,
    pub decided_by_name: String,
}

/// A submitted decision. `value` is the new category (1–4, or null for none)
/// or level (1–3).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub kind: Option<String>,
    pub value: Option<i64>,
    pub rationale: Option<String>,
    pub effective_date: Option<String>,
}

/// A decision checked, before it is applied to a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDecision {
    pub kind: DecisionKind,
    pub value: Option<u8>,
    pub rationale: String,
    pub effective_date: Date,
}

impl DecisionInput {
    pub fn parse(&self, today: Date) -> Result<ValidDecision, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = match e.take(parse_code("kind", "decision", self.kind.as_deref(), DecisionKind::from_code)) {
            Some(Some(k)) => Some(k),
            Some(None) => {
                e.add("kind", "required", "Select what the decision is about (category or level)");
                None
            }
            None => None,
        };
        let value = match (kind, self.value) {
            (Some(DecisionKind::Category), None) => Some(None),
            (Some(DecisionKind::Category), Some(v @ 1..=4)) => Some(Some(v as u8)),
            (Some(DecisionKind::Level), Some(v @ 1..=3)) => Some(Some(v as u8)),
            (Some(DecisionKind::Level), None) => {
                e.add("value", "required", "Select the level (1, 2 or 3)");
                None
            }
            (Some(DecisionKind::Category), Some(_)) => {
                e.add("value", "out_of_range", "Category must be 1, 2, 3, 4 or null for none");
                None
            }
            (Some(DecisionKind::Level), Some(_)) => {
                e.add("value", "out_of_range", "Level must be 1, 2 or 3");
                None
            }
            (None, _) => None,
        };
        let rationale =
            e.take(required_text("rationale", "the rationale for the decision", self.rationale.as_deref(), 4000));
        let effective_date = match self.effective_date.as_deref() {
            Some(raw) => e.take(parse_past_date("effective_date", "date of the decision", raw, today)),
            None => Some(today),
        };
        match (kind, value, rationale, effective_date) {
            (Some(kind), Some(value), Some(rationale), Some(effective_date)) if e.is_empty() => {
                Ok(ValidDecision { kind, value, rationale, effective_date })
            }
            _ => Err(e),
        }
    }
}

impl ValidDecision {
    /// The case after this decision, or the rule it would break.
    pub fn apply(&self, case: &MappaCase) -> Result<MappaCase, ValidationErrors> {
        let mut next = case.clone();
        match self.kind {
            DecisionKind::Category => next.category = self.value,
            DecisionKind::Level => next.level = self.value,
        }
        if next.category.is_some() && next.start_date.is_none() {
            next.start_date = Some(self.effective_date);
        }
        check_category_level(next.category, next.level).map_err(|f| ValidationErrors(vec![f]))?;
        Ok(next)
    }

    pub fn from_value(&self, case: &MappaCase) -> Option<u8> {
        match self.kind {
            DecisionKind::Category => case.category,
            DecisionKind::Level => case.level,
        }
    }
}

/// The administrative part of a case, set without a decision.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDetailsInput {
    pub lead_agency: Option<String>,
    pub owning_area: Option<String>,
    pub status: Option<String>,
    pub start_date: Option<String>,
    pub exit_date: Option<String>,
}

/// Checked case details; the lead agency is still a code for the store to resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseDetails {
    pub lead_agency_code: Option<String>,
    pub owning_area: Option<String>,
    pub status: Option<CaseStatus>,
    pub start_date: Option<Date>,
    pub exit_date: Option<Date>,
}

impl CaseDetailsInput {
    pub fn parse(&self, today: Date) -> Result<CaseDetails, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let lead_agency_code = self
            .lead_agency
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|raw| e.take(crate::agency::parse_agency_code("lead_agency", raw)));
        let owning_area =
            e.take(optional_text("owning_area", "owning area", self.owning_area.as_deref(), 100)).flatten();
        let status =
            e.take(parse_code("status", "case status", self.status.as_deref(), CaseStatus::from_code)).flatten();
        let start_date = self
            .start_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|raw| e.take(parse_past_date("start_date", "start date", raw, today)));
        let exit_date = self
            .exit_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|raw| e.take(parse_date("exit_date", "exit date", raw)));
        if let (Some(s), Some(x)) = (start_date, exit_date)
            && x < s
        {
            e.add("exit_date", "end_before_start", "Exit date must be the same as or after the start date");
        }
        e.into_result(CaseDetails { lead_agency_code, owning_area, status, start_date, exit_date })
    }
}

impl CaseDetails {
    /// The case with these details applied to `current`, as stored when the
    /// write is made: what is not given stays as it is; `lead_agency` is the
    /// agency the code named, once resolved. The dates are checked together
    /// with those already recorded.
    pub fn apply(&self, current: &MappaCase, lead_agency: Option<AgencyId>) -> Result<MappaCase, ValidationErrors> {
        let after = MappaCase {
            lead_agency: lead_agency.or(current.lead_agency),
            owning_area: self.owning_area.clone().or_else(|| current.owning_area.clone()),
            status: self.status.unwrap_or(current.status),
            start_date: self.start_date.or(current.start_date),
            exit_date: self.exit_date.or(current.exit_date),
            ..current.clone()
        };
        if let (Some(s), Some(x)) = (after.start_date, after.exit_date)
            && x < s
        {
            return Err(ValidationErrors::single(
                "exit_date",
                "end_before_start",
                "Exit date must be the same as or after the start date",
            ));
        }
        Ok(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn decision(v: serde_json::Value) -> Result<ValidDecision, ValidationErrors> {
        serde_json::from_value::<DecisionInput>(v).unwrap().parse(TODAY)
    }

    #[test]
    fn cat_3a_category_3_is_never_at_level_1() {
        let case = MappaCase { category: Some(3), level: Some(2), ..Default::default() };
        let d = decision(serde_json::json!({"kind": "level", "value": 1, "rationale": "Risk reduced"})).unwrap();
        assert_eq!(d.apply(&case).unwrap_err().0[0].code, "category_3_at_level_1");
        let d = decision(serde_json::json!({"kind": "level", "value": 3, "rationale": "Escalated"})).unwrap();
        assert_eq!(d.apply(&case).unwrap().level, Some(3));
    }

    #[test]
    fn a_decision_needs_a_rationale_and_a_valid_value() {
        let e = decision(serde_json::json!({"kind": "category", "value": 5})).unwrap_err();
        let codes: Vec<_> = e.0.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec!["out_of_range", "required"]);
        let none = decision(serde_json::json!({"kind": "category", "value": null, "rationale": "Registration ended"}))
            .unwrap();
        assert_eq!(none.value, None);
    }

    #[test]
    fn first_category_sets_the_start_date() {
        let d = decision(serde_json::json!({"kind": "category", "value": 1, "rationale": "Convicted of a Schedule 3 offence", "effective_date": "2026-01-05"})).unwrap();
        assert_eq!(d.apply(&MappaCase::default()).unwrap().start_date, Some(date(2026, 1, 5)));
    }
}
