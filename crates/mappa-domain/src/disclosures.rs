//! MAPPA disclosure (issue 11, journey 1; rules.md 6.1, DIS-1..6): telling a
//! third party outside MAPPA about an offender to protect the public. A
//! decision, with its reasons against the four tests (DIS-2), is recorded at
//! a meeting or by the lead agency between meetings; the disclosure itself,
//! the recipient's confidentiality undertaking (DIS-3) and whether the
//! offender was told (DIS-4) follow. Sharing with a MAPPA agency is not
//! disclosure (DIS-1) and is refused here.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::record::UserRef;
use crate::values::{optional_past_date, parse_code, parse_date, required_code, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// Whether to disclose.
    DisclosureChoice {
        Disclose = "disclose" : "Disclose",
        NotDisclose = "not_disclose" : "Do not disclose",
    }
);

coded_enum!(
    /// Who the third party is (DIS-1: never a MAPPA agency).
    RecipientKind {
        Victim = "victim" : "A victim or potential victim",
        Partner = "partner" : "A partner or new partner",
        ParentOrCarer = "parent_or_carer" : "A parent or carer of a child at risk",
        Employer = "employer" : "An employer or volunteering organisation",
        Landlord = "landlord" : "A landlord or accommodation provider",
        School = "school" : "A school, college or university",
        Professional = "professional" : "A professional outside MAPPA",
        Other = "other" : "Someone else",
    }
);

coded_enum!(
    /// How the disclosure is made.
    DisclosureMethod {
        InPerson = "in_person" : "In person",
        Letter = "letter" : "By letter",
        Telephone = "telephone" : "By telephone",
    }
);

/// What was disclosed, how and to whose knowledge: given with the decision
/// when it was made at once, or later.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureMadeInput {
    /// YYYY-MM-DD the disclosure was made, on or after the decision.
    pub disclosed_on: Option<String>,
    /// YYYY-MM-DD the recipient signed the confidentiality undertaking (DIS-3).
    pub undertaking_signed_on: Option<String>,
    /// Whether the offender was told (DIS-4).
    pub offender_told: Option<bool>,
    /// Why the offender was not told: it would increase risk or obstruct an
    /// investigation (DIS-4). Required when `offender_told` is false.
    pub not_told_reason: Option<String>,
}

/// A MAPPA disclosure decision as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureInput {
    /// `disclose` or `not_disclose`.
    pub decision: Option<String>,
    /// YYYY-MM-DD, today or earlier; by default today (or the meeting's day).
    pub decided_on: Option<String>,
    /// The meeting case (`/meetings/{id}/cases/{case}`) at which it was decided (DIS-5).
    pub meeting_case_id: Option<String>,
    /// To whom: the person and their role.
    pub recipient: Option<String>,
    pub recipient_kind: Option<String>,
    /// The recipient's organisation, if any: never a MAPPA agency (DIS-1).
    pub recipient_organisation: Option<String>,
    /// What is to be disclosed.
    pub information: Option<String>,
    /// DIS-2: why disclosure is (or is not) reasonable, necessary, lawful and proportionate.
    pub reasonable: Option<String>,
    pub necessary: Option<String>,
    pub lawful: Option<String>,
    pub proportionate: Option<String>,
    /// Who makes the disclosure (for example police and probation jointly, DIS-3).
    pub by_whom: Option<String>,
    /// `in_person`, `letter` or `telephone`.
    pub method: Option<String>,
    /// YYYY-MM-DD it is to be made by.
    pub planned_on: Option<String>,
    /// Conditions imposed on the recipient (DIS-6).
    pub conditions: Option<String>,
    /// When made at once: as for recording the disclosure made later.
    pub disclosed_on: Option<String>,
    pub undertaking_signed_on: Option<String>,
    pub offender_told: Option<bool>,
    pub not_told_reason: Option<String>,
}

/// The four tests of DIS-2, in order, as (field, label).
pub const TESTS: [(&str, &str); 4] = [
    ("reasonable", "why it is reasonable"),
    ("necessary", "why it is necessary"),
    ("lawful", "why it is lawful"),
    ("proportionate", "why it is proportionate"),
];

/// The disclosure made, checked.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ValidMade {
    pub disclosed_on: Option<Date>,
    pub undertaking_signed_on: Option<Date>,
    pub offender_told: Option<bool>,
    pub not_told_reason: Option<String>,
}
redacted_debug!(ValidMade);

/// A decision checked; the meeting case is still to be looked up.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidDisclosure {
    pub decision: DisclosureChoice,
    pub decided_on: Option<Date>,
    pub meeting_case: Option<ItemId>,
    pub recipient: String,
    pub recipient_kind: RecipientKind,
    pub recipient_organisation: Option<String>,
    pub information: Option<String>,
    /// The four reasons, in the order of [`TESTS`].
    pub reasons: [String; 4],
    pub by_whom: Option<String>,
    pub method: Option<DisclosureMethod>,
    pub planned_on: Option<Date>,
    pub conditions: Option<String>,
    pub made: ValidMade,
}
redacted_debug!(ValidDisclosure);

fn text(e: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>) -> Option<String> {
    e.take(crate::values::optional_text(field, label, raw, 4000)).flatten()
}

impl DisclosureMadeInput {
    /// Checks what was disclosed against the decision it follows: a
    /// disclosure before its decision, or without the undertaking (DIS-3) or
    /// the offender's knowledge accounted for (DIS-4), is refused.
    pub fn check(&self, e: &mut ValidationErrors, decided_on: Option<Date>, today: Date) -> ValidMade {
        let disclosed_on = e
            .take(optional_past_date("disclosed_on", "the date disclosed", self.disclosed_on.as_deref(), today))
            .flatten();
        let undertaking_signed_on = e
            .take(optional_past_date(
                "undertaking_signed_on",
                "the date the undertaking was signed",
                self.undertaking_signed_on.as_deref(),
                today,
            ))
            .flatten();
        let not_told_reason =
            text(e, "not_told_reason", "why the offender was not told", self.not_told_reason.as_deref());
        if let Some(on) = disclosed_on {
            if decided_on.is_some_and(|d| on < d) {
                e.add("disclosed_on", "before_decision", "The disclosure must be on or after the day it was decided");
            }
            if undertaking_signed_on.is_none() && !e.has("undertaking_signed_on") {
                e.add(
                    "undertaking_signed_on",
                    "required",
                    "Enter the date the recipient signed the undertaking of confidentiality",
                );
            }
            if self.offender_told.is_none() {
                e.add("offender_told", "required", "Select whether the offender was told of the disclosure");
            }
        } else if undertaking_signed_on.is_some() || self.offender_told.is_some() {
            e.add("disclosed_on", "required", "Enter the date the disclosure was made");
        }
        if self.offender_told == Some(false) && not_told_reason.is_none() && !e.has("not_told_reason") {
            e.add(
                "not_told_reason",
                "required",
                "Enter why the offender was not told: it would increase the risk or obstruct an investigation",
            );
        }
        ValidMade { disclosed_on, undertaking_signed_on, offender_told: self.offender_told, not_told_reason }
    }
}

impl DisclosureInput {
    pub fn parse(&self, today: Date) -> Result<ValidDisclosure, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let decision =
            e.take(required_code("decision", "decision", self.decision.as_deref(), DisclosureChoice::from_code));
        let decided_on = e
            .take(optional_past_date("decided_on", "the date of the decision", self.decided_on.as_deref(), today))
            .flatten();
        let meeting_case = match self.meeting_case_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => match raw.parse::<ItemId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add(
                        "meeting_case_id",
                        "unknown_meeting",
                        "Select a meeting at which this person's case was discussed",
                    );
                    None
                }
            },
        };
        let recipient = e.take(required_text("recipient", "who the disclosure is to", self.recipient.as_deref(), 300));
        let recipient_kind = e.take(required_code(
            "recipient_kind",
            "recipient",
            self.recipient_kind.as_deref(),
            RecipientKind::from_code,
        ));
        let recipient_organisation = text(
            &mut e,
            "recipient_organisation",
            "the recipient's organisation",
            self.recipient_organisation.as_deref(),
        );
        let information = text(&mut e, "information", "what is disclosed", self.information.as_deref());
        let raw = [&self.reasonable, &self.necessary, &self.lawful, &self.proportionate];
        let reasons: Vec<Option<String>> = TESTS
            .iter()
            .zip(raw)
            .map(|((field, label), raw)| e.take(required_text(field, label, raw.as_deref(), 4000)))
            .collect();
        let by_whom = text(&mut e, "by_whom", "who makes the disclosure", self.by_whom.as_deref());
        let method = e
            .take(parse_code("method", "way it is made", self.method.as_deref(), DisclosureMethod::from_code))
            .flatten();
        let planned_on = match self.planned_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => e.take(parse_date("planned_on", "the date it is to be made by", raw)),
        };
        let conditions = text(&mut e, "conditions", "the conditions", self.conditions.as_deref());
        if decision == Some(DisclosureChoice::Disclose) {
            if information.is_none() && !e.has("information") {
                e.add("information", "required", "Enter what is to be disclosed");
            }
            if by_whom.is_none() && !e.has("by_whom") {
                e.add("by_whom", "required", "Enter who makes the disclosure");
            }
            if method.is_none() && !e.has("method") {
                e.add("method", "required", "Select how the disclosure is made");
            }
        }
        let made = DisclosureMadeInput {
            disclosed_on: self.disclosed_on.clone(),
            undertaking_signed_on: self.undertaking_signed_on.clone(),
            offender_told: self.offender_told,
            not_told_reason: self.not_told_reason.clone(),
        }
        .check(&mut e, decided_on.or(Some(today)), today);
        if decision == Some(DisclosureChoice::NotDisclose) && made != ValidMade::default() {
            e.add("disclosed_on", "not_disclosed", "Nothing can be disclosed on a decision not to disclose");
        }
        match (decision, recipient, recipient_kind) {
            (Some(decision), Some(recipient), Some(recipient_kind)) if e.is_empty() => {
                let reasons: Vec<String> = reasons.into_iter().flatten().collect();
                Ok(ValidDisclosure {
                    decision,
                    decided_on,
                    meeting_case,
                    recipient,
                    recipient_kind,
                    recipient_organisation,
                    information,
                    reasons: reasons.try_into().map_err(|_| ValidationErrors::new())?,
                    by_whom,
                    method,
                    planned_on,
                    conditions,
                    made,
                })
            }
            _ => Err(e),
        }
    }
}

/// DIS-1: is the named organisation a MAPPA agency? `agencies` holds each
/// agency's code and name; compared without case or surrounding spaces.
pub fn names_mappa_agency(organisation: &str, agencies: &[(String, String)]) -> bool {
    let o = organisation.trim().to_lowercase();
    agencies.iter().any(|(code, name)| code.to_lowercase() == o || name.to_lowercase() == o)
}

/// The error for a disclosure to a MAPPA agency (DIS-1).
pub fn mappa_agency_error() -> ValidationErrors {
    ValidationErrors::single(
        "recipient_organisation",
        "mappa_agency",
        "That is a MAPPA agency: share the record with it instead, as disclosure is to someone outside MAPPA",
    )
}

/// A disclosure decision as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Disclosure {
    pub id: ItemId,
    pub decision: DisclosureChoice,
    pub decided_on: Date,
    pub decided_by: UserRef,
    /// The deciding agency's code.
    pub agency: String,
    /// The meeting case it was decided at, and the meeting's date.
    pub meeting_case_id: Option<ItemId>,
    pub meeting_id: Option<ItemId>,
    pub meeting_date: Option<Date>,
    pub recipient: String,
    pub recipient_kind: RecipientKind,
    pub recipient_organisation: Option<String>,
    pub information: Option<String>,
    pub reasonable: String,
    pub necessary: String,
    pub lawful: String,
    pub proportionate: String,
    pub by_whom: Option<String>,
    pub method: Option<DisclosureMethod>,
    pub planned_on: Option<Date>,
    pub conditions: Option<String>,
    pub disclosed_on: Option<Date>,
    pub undertaking_signed_on: Option<Date>,
    pub offender_told: Option<bool>,
    pub not_told_reason: Option<String>,
}
redacted_debug!(Disclosure);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn full() -> DisclosureInput {
        DisclosureInput {
            decision: Some("disclose".into()),
            recipient: Some("Head teacher, Brookfield Primary".into()),
            recipient_kind: Some("school".into()),
            information: Some("Conviction for sexual activity with a child".into()),
            reasonable: Some("r".into()),
            necessary: Some("n".into()),
            lawful: Some("l".into()),
            proportionate: Some("p".into()),
            by_whom: Some("Police and probation jointly".into()),
            method: Some("in_person".into()),
            ..Default::default()
        }
    }

    const TODAY: Date = date(2026, 12, 2);

    #[test]
    fn a_decision_needs_its_reasons_against_the_four_tests() {
        let mut i = full();
        i.lawful = None;
        i.proportionate = Some(" ".into());
        let e = i.parse(TODAY).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields, [("lawful", "required"), ("proportionate", "required")]);
        assert!(full().parse(TODAY).is_ok());
    }

    #[test]
    fn a_disclosure_cannot_come_before_its_decision_or_without_the_undertaking() {
        let mut i = full();
        i.decided_on = Some("2026-11-20".into());
        i.disclosed_on = Some("2026-11-19".into());
        i.offender_told = Some(true);
        let e = i.parse(TODAY).unwrap_err();
        let codes: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(codes, [("disclosed_on", "before_decision"), ("undertaking_signed_on", "required")]);
        i.disclosed_on = Some("2026-11-21".into());
        i.undertaking_signed_on = Some("2026-11-21".into());
        i.offender_told = Some(false);
        assert_eq!(i.parse(TODAY).unwrap_err().first().unwrap().field, "not_told_reason");
        i.not_told_reason = Some("Telling him would put the family at risk".into());
        assert_eq!(i.parse(TODAY).unwrap().made.disclosed_on, Some(date(2026, 11, 21)));
    }

    #[test]
    fn not_disclosing_needs_no_method_and_allows_no_disclosure() {
        let mut i = DisclosureInput { decision: Some("not_disclose".into()), ..full() };
        i.method = None;
        i.by_whom = None;
        assert!(i.parse(TODAY).is_ok());
        i.disclosed_on = Some("2026-12-01".into());
        assert!(i.parse(TODAY).unwrap_err().0.iter().any(|f| f.code == "not_disclosed"));
    }

    #[test]
    fn a_mappa_agency_is_recognised_by_code_or_name() {
        let agencies = [("PRB".to_string(), "Probation Service".to_string())];
        assert!(names_mappa_agency(" probation service ", &agencies));
        assert!(names_mappa_agency("prb", &agencies));
        assert!(!names_mappa_agency("Brookfield Primary School", &agencies));
    }
}
