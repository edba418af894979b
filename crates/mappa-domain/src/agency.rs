//! Agencies: the Responsible Authority (police, probation, prisons) and the
//! duty-to-co-operate bodies (CAT-00).

use crate::coded_enum;
use crate::error::FieldError;
use crate::ids::AgencyId;
use serde::Serialize;

coded_enum!(
    /// What kind of body an agency is.
    AgencyKind {
        Police = "police" : "Police",
        Probation = "probation" : "Probation",
        Prison = "prison" : "Prison",
        YouthOffending = "youth_offending" : "Youth offending team",
        Health = "health" : "Health",
        MentalHealth = "mental_health" : "Mental health",
        Housing = "housing" : "Housing",
        ChildrensSocialCare = "childrens_social_care" : "Children's social care",
        AdultSocialCare = "adult_social_care" : "Adult social care",
        Education = "education" : "Education",
        Jobcentre = "jobcentre" : "Jobcentre Plus",
        Immigration = "immigration" : "Immigration",
        ElectronicMonitoring = "electronic_monitoring" : "Electronic monitoring",
        Other = "other" : "Other",
    }
);

impl AgencyKind {
    /// Police, probation and prisons form the Responsible Authority (CAT-00).
    pub fn is_responsible_authority(self) -> bool {
        matches!(self, AgencyKind::Police | AgencyKind::Probation | AgencyKind::Prison)
    }
}

/// An agency as the rest of the system sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Agency {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
}

/// Agency codes are short, upper-case and URL-safe (`MPS`, `NPS-LDN`), because
/// they appear in share requests and command lines.
pub fn parse_agency_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let v = raw.trim().to_uppercase();
    let ok = (2..=20).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && v.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(v)
    } else {
        Err(FieldError::new(
            field,
            "invalid_agency_code",
            "Agency code must be 2 to 20 letters, digits, hyphens or underscores",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes() {
        assert_eq!(parse_agency_code("a", " mps ").unwrap(), "MPS");
        assert!(parse_agency_code("a", "M").is_err());
        assert!(parse_agency_code("a", "-MPS").is_err());
        assert!(parse_agency_code("a", "M P S").is_err());
    }

    #[test]
    fn every_kind_round_trips() {
        for k in AgencyKind::ALL {
            assert_eq!(AgencyKind::from_code(k.code()), Some(*k));
        }
        assert_eq!(AgencyKind::ALL.len(), 14);
    }
}
