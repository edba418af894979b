//! Mistakes put right. A fact recorded in error is never deleted: it is
//! withdrawn with a reason and, when corrected, replaced by the fact as it
//! should have been, so the history keeps what was believed and when, and the
//! rules engine works from the facts that stand.

use crate::coded_enum;
use crate::mappa_case::{Decision, DecisionKind, MappaCase, check_category_level};
use crate::values::required_text;
use crate::{FieldError, ValidationErrors};
use serde::Deserialize;

coded_enum!(
    /// The kinds of fact that can be corrected or withdrawn.
    FactKind {
        Address = "address" : "address",
        Disposal = "disposal" : "conviction, caution or finding",
        Decision = "decision" : "MAPPA decision",
        Notification = "notification" : "notification",
        Period = "period" : "period in custody, hospital or abroad",
        Order = "order" : "order",
        RiskAssessment = "risk_assessment" : "risk assessment",
        Visit = "visit" : "visit",
    }
);

impl FactKind {
    /// The path segment of the kind's pages and API routes.
    pub fn path(self) -> &'static str {
        match self {
            FactKind::Address => "addresses",
            FactKind::Disposal => "disposals",
            FactKind::Decision => "decisions",
            FactKind::Notification => "notifications",
            FactKind::Period => "periods",
            FactKind::Order => "orders",
            FactKind::RiskAssessment => "risk-assessments",
            FactKind::Visit => "visits",
        }
    }

    pub fn from_path(path: &str) -> Option<FactKind> {
        FactKind::ALL.iter().copied().find(|k| k.path() == path)
    }
}

/// The longest reason kept for a correction or withdrawal.
pub const REASON_MAX: usize = 2000;

/// Why a fact is corrected or withdrawn: always asked for, because the
/// history must say why the record changed.
pub fn reason(raw: Option<&str>, correcting: bool) -> Result<String, FieldError> {
    let label = if correcting { "why the entry is being corrected" } else { "why the entry is being withdrawn" };
    required_text("reason", label, raw, REASON_MAX)
}

/// A withdrawal as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalInput {
    /// One of `address`, `disposal`, `decision`, `notification`, `period`,
    /// `order`, `risk_assessment`, `visit`.
    pub kind: Option<String>,
    pub item_id: Option<String>,
    pub reason: Option<String>,
}

/// A correction as the API takes it: the entry corrected, why, and the entry
/// as it should have been under the member named by `kind` (the same body as
/// recording one of that kind). A period keeps its kind: custody, hospital or
/// abroad.
#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    pub kind: Option<String>,
    pub item_id: Option<String>,
    pub reason: Option<String>,
    pub address: Option<crate::address::AddressInput>,
    pub disposal: Option<crate::disposal::DisposalInput>,
    pub decision: Option<crate::mappa_case::DecisionInput>,
    pub notification: Option<crate::notifications::NotificationInput>,
    pub period: Option<crate::periods::PeriodInput>,
    pub order: Option<crate::orders::OrderInput>,
    pub risk_assessment: Option<crate::risk::RiskAssessmentInput>,
    pub visit: Option<crate::risk::VisitInput>,
}

redacted_debug!(CorrectionInput);

/// The kind named in an input, or the error for it.
pub fn kind(raw: Option<&str>) -> Result<FactKind, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Err(FieldError::new("kind", "required", "Enter the kind of entry")),
        Some(k) => FactKind::from_code(k).ok_or_else(|| {
            FieldError::new("kind", "invalid_choice", "The kind of entry must be one that can be corrected")
        }),
    }
}

/// The case as it was before `decision`, if the decision can be undone: it
/// must be the latest decision of its kind still standing (`latest`), and the
/// case without it must still be a valid case (CAT-3a: category 3 is not
/// managed at level 1). The case's start date is left as it is.
pub fn undo_decision(decision: &Decision, latest: bool, case: &MappaCase) -> Result<MappaCase, ValidationErrors> {
    if !latest {
        return Err(ValidationErrors::single(
            "item_id",
            "not_latest_decision",
            "Only the latest decision on the category or on the level can be corrected or withdrawn",
        ));
    }
    let mut before = case.clone();
    match decision.kind {
        DecisionKind::Category => before.category = decision.from_value,
        DecisionKind::Level => before.level = decision.from_value,
    }
    check_category_level(before.category, before.level).map_err(|f| {
        ValidationErrors::single(
            "item_id",
            f.code,
            "Category 3 cases are managed only at level 2 or 3 (CAT-3a): put the category decision right first",
        )
    })?;
    Ok(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ItemId, UserId};
    use jiff::civil::date;

    fn decision(kind: DecisionKind, from: Option<u8>, to: Option<u8>) -> Decision {
        Decision {
            id: ItemId::new(),
            kind,
            from_value: from,
            to_value: to,
            rationale: "r".into(),
            effective_date: date(2026, 1, 1),
            decided_by: UserId::new(),
            decided_by_name: "n".into(),
        }
    }

    #[test]
    fn undoing_a_level_decision_puts_back_the_level_before_it() {
        let case = MappaCase { category: Some(1), level: Some(2), ..MappaCase::default() };
        let before = undo_decision(&decision(DecisionKind::Level, Some(1), Some(2)), true, &case).unwrap();
        assert_eq!((before.category, before.level), (Some(1), Some(1)));
    }

    #[test]
    fn only_the_latest_decision_can_be_undone() {
        let case = MappaCase { category: Some(1), level: Some(2), ..MappaCase::default() };
        let e = undo_decision(&decision(DecisionKind::Level, Some(1), Some(2)), false, &case).unwrap_err();
        assert_eq!(e.0[0].code, "not_latest_decision");
    }

    #[test]
    fn undoing_cannot_leave_category_3_at_level_1() {
        let case = MappaCase { category: Some(3), level: Some(2), ..MappaCase::default() };
        let e = undo_decision(&decision(DecisionKind::Level, Some(1), Some(2)), true, &case).unwrap_err();
        assert_eq!(e.0[0].code, "category_3_at_level_1");
    }

    #[test]
    fn a_reason_is_always_needed() {
        assert_eq!(reason(Some("  "), true).unwrap_err().code, "required");
        assert!(reason(Some("Wrong date typed"), false).is_ok());
        assert_eq!(kind(Some("nonsense")).unwrap_err().code, "invalid_choice");
        for k in FactKind::ALL {
            assert_eq!(FactKind::from_path(k.path()), Some(*k));
        }
    }
}
