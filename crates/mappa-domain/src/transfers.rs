//! Moving a case to another MAPPA area or local unit (issue 11, journey 7;
//! seed 003 on moving high-risk offenders). The owning team asks; the
//! receiving area's agency of the same kind accepts or refuses with a reason.
//! On acceptance the case, its ownership and lead agency move, and the sending
//! team keeps read access for a handover period. The timescales are local
//! policy (`schedules.transfer_*`), never law.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::record::UserRef;
use crate::rules::{RulesConfig, add_days};
use crate::values::{optional_text, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// Where a transfer stands.
    TransferStatus {
        Requested = "requested" : "Awaiting an answer",
        Accepted = "accepted" : "Accepted",
        Refused = "refused" : "Refused",
    }
);

/// A transfer request as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    /// The receiving MAPPA area's code.
    pub to_area: Option<String>,
    /// The receiving local unit's code, within that area (optional).
    pub to_unit: Option<String>,
    /// Why the case should move: where the person now lives and why.
    pub reason: Option<String>,
}

/// An answer to a transfer request as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferAnswerInput {
    /// Required to refuse; optional to accept.
    pub reason: Option<String>,
}

/// A request checked.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidTransfer {
    pub to_area: String,
    pub to_unit: Option<String>,
    pub reason: String,
}
redacted_debug!(ValidTransfer);

fn code(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim).filter(|s| !s.is_empty()).map(str::to_uppercase)
}

impl TransferInput {
    pub fn parse(&self) -> Result<ValidTransfer, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let to_area = code(self.to_area.as_deref());
        if to_area.is_none() {
            e.add("to_area", "required", "Select the MAPPA area the case moves to");
        }
        let reason = e.take(required_text("reason", "why the case should move", self.reason.as_deref(), 4000));
        match (to_area, reason) {
            (Some(to_area), Some(reason)) if e.is_empty() => {
                Ok(ValidTransfer { to_area, to_unit: code(self.to_unit.as_deref()), reason })
            }
            _ => Err(e),
        }
    }
}

impl TransferAnswerInput {
    /// The reason: required to refuse.
    pub fn parse(&self, accept: bool) -> Result<Option<String>, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reason = if accept {
            e.take(optional_text("reason", "the reason", self.reason.as_deref(), 4000)).flatten()
        } else {
            e.take(required_text("reason", "why the transfer is refused", self.reason.as_deref(), 4000))
        };
        if e.is_empty() { Ok(reason) } else { Err(e) }
    }
}

/// "A transfer to the same area": the receiving place must differ from where
/// the case is (another area, or another unit of the same area).
pub fn check_moves(from: (Option<&str>, Option<&str>), to: (&str, Option<&str>)) -> Result<(), ValidationErrors> {
    let same_area = from.0 == Some(to.0);
    if same_area && (to.1.is_none() || from.1 == to.1) {
        return Err(ValidationErrors::single(
            "to_area",
            "same_area",
            "The case is already managed in that area: choose another area, or another local unit of it",
        ));
    }
    Ok(())
}

/// The day by which the receiving area should answer, counting the request
/// day as day 1 (CONV-2 style; `schedules.transfer_response_days`).
pub fn respond_by(requested: Date, config: &RulesConfig) -> Date {
    add_days(requested, i64::from(config.schedules.transfer_response_days.max(1)) - 1).unwrap_or(requested)
}

/// A Level 3 transfer unanswered by this day calls for escalation.
pub fn escalate_on(level: Option<u8>, requested: Date, config: &RulesConfig) -> Option<Date> {
    (level == Some(3)).then(|| {
        add_days(requested, i64::from(config.schedules.transfer_level_3_escalation_days.max(1)) - 1)
            .unwrap_or(requested)
    })
}

/// The last day the sending team reads the record after acceptance.
pub fn handover_until(accepted: Date, config: &RulesConfig) -> Date {
    add_days(accepted, i64::from(config.schedules.transfer_handover_days)).unwrap_or(accepted)
}

/// A place: an area or unit's code and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Place {
    pub code: String,
    pub name: String,
}

/// A transfer as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Transfer {
    pub id: ItemId,
    pub status: TransferStatus,
    pub from_agency: Place,
    pub from_area: Option<Place>,
    pub from_unit: Option<Place>,
    pub to_agency: Place,
    pub to_area: Place,
    pub to_unit: Option<Place>,
    pub reason: String,
    /// The MAPPA level when asked (a Level 3 transfer is escalated).
    pub level: Option<u8>,
    pub requested_by: UserRef,
    pub requested_on: Date,
    pub respond_by: Date,
    pub escalate_on: Option<Date>,
    pub decided_by: Option<UserRef>,
    pub decided_on: Option<Date>,
    pub decision_reason: Option<String>,
    pub handover_until: Option<Date>,
}
redacted_debug!(Transfer);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_transfer_must_go_somewhere_else() {
        assert!(check_moves((Some("LDN"), Some("CAM")), ("LDN", None)).is_err());
        assert!(check_moves((Some("LDN"), Some("CAM")), ("LDN", Some("CAM"))).is_err());
        assert!(check_moves((Some("LDN"), Some("CAM")), ("LDN", Some("HAC"))).is_ok());
        assert!(check_moves((Some("LDN"), None), ("KNT", None)).is_ok());
        assert_eq!(check_moves((Some("LDN"), None), ("LDN", None)).unwrap_err().first().unwrap().code, "same_area");
    }

    #[test]
    fn requests_need_an_area_and_a_reason_and_refusals_a_reason() {
        let e = TransferInput::default().parse().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["to_area", "reason"]);
        let v = TransferInput { to_area: Some(" knt ".into()), to_unit: None, reason: Some("Moved".into()) };
        assert_eq!(v.parse().unwrap().to_area, "KNT");
        assert!(TransferAnswerInput::default().parse(true).is_ok());
        assert_eq!(TransferAnswerInput::default().parse(false).unwrap_err().first().unwrap().field, "reason");
    }

    #[test]
    fn the_timescales_follow_the_configuration() {
        let c = RulesConfig::default();
        let asked = date(2026, 12, 1);
        assert_eq!(respond_by(asked, &c), date(2026, 12, 10));
        assert_eq!(escalate_on(Some(3), asked, &c), Some(date(2026, 12, 5)));
        assert_eq!(escalate_on(Some(2), asked, &c), None);
        assert_eq!(handover_until(asked, &c), date(2026, 12, 29));
    }
}
