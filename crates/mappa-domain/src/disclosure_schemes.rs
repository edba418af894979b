//! Applications under the Child Sex Offender Disclosure Scheme (CSO-1..5)
//! and the Domestic Violence Disclosure Scheme (DVDS-1..6) (issue 11,
//! journeys 2 and 3): who applies, about whom, who is at risk; initial
//! contact, the initial review, the face-to-face meeting, checks, the
//! decision and the disclosure; the completion timescale (CSO-4, DVDS-3,
//! configurable) with extension for a reason, and immediate risk flagged for
//! urgent safeguarding.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::record::UserRef;
use crate::rules::{DisclosureScheme, RulesConfig, add_days, disclosure_deadline};
use crate::values::{optional_past_date, optional_text, parse_date, required_code};
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

coded_enum!(
    /// The scheme an application is made under.
    Scheme {
        Csods = "csods" : "Child Sex Offender Disclosure Scheme",
        Dvds = "dvds" : "Domestic Violence Disclosure Scheme",
    }
);

coded_enum!(
    /// How it began (DVDS-2, CSO-2).
    Route {
        RightToAsk = "right_to_ask" : "Right to ask",
        RightToKnow = "right_to_know" : "Right to know",
    }
);

coded_enum!(
    /// A step of the process (CSO-5; DVDS-2, DVDS-4, DVDS-5).
    Stage {
        InitialContact = "initial_contact" : "Initial contact",
        InitialReview = "initial_review" : "Initial review",
        FaceToFace = "face_to_face" : "Face-to-face meeting",
        Checks = "checks" : "Checks completed",
        Decision = "decision" : "Decision",
        Disclosure = "disclosure" : "Disclosure made",
        Extension = "extension" : "Timescale extended",
        Closed = "closed" : "Closed",
    }
);

coded_enum!(
    /// The decision.
    Outcome {
        Disclose = "disclose" : "Disclose",
        NotDisclose = "not_disclose" : "Do not disclose",
    }
);

impl Scheme {
    fn rules(self) -> DisclosureScheme {
        match self {
            Scheme::Csods => DisclosureScheme::Csods,
            Scheme::Dvds => DisclosureScheme::Dvds,
        }
    }
}

/// An application as submitted: the subject is an existing record
/// (`subject_nominal_id`, found with the search) or a new one with the
/// minimum details (`subject`).
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    /// `csods` or `dvds`.
    pub scheme: Option<String>,
    /// `right_to_ask` or `right_to_know`.
    pub route: Option<String>,
    /// YYYY-MM-DD the application was received (or the information arose).
    pub received: Option<String>,
    pub subject_nominal_id: Option<String>,
    /// A new record's surname, forenames, date of birth and gender, when the
    /// subject is not yet on the registry.
    pub subject: Option<crate::nominal::NominalInput>,
    /// Who applies (right to ask): name and how to reach them.
    pub applicant: Option<String>,
    /// The applicant's relationship to the child or the person at risk.
    pub applicant_relationship: Option<String>,
    /// DVDS: the person at risk (the subject's partner or former partner).
    pub person_at_risk: Option<String>,
    /// CSODS: the child or children at risk.
    pub children: Option<String>,
    /// CSODS: the subject's contact with them (CSO-2).
    pub contact: Option<String>,
    /// Immediate or imminent risk: urgent safeguarding now (CSO-4, DVDS-4).
    #[serde(default)]
    pub immediate_risk: bool,
}

/// A step as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    /// `initial_contact`, `initial_review`, `face_to_face`, `checks`,
    /// `decision`, `disclosure`, `extension` or `closed`.
    pub stage: Option<String>,
    /// YYYY-MM-DD, today or earlier; by default today.
    pub on: Option<String>,
    pub note: Option<String>,
    /// Decision: `disclose` or `not_disclose`.
    pub outcome: Option<String>,
    /// Decision: the reasons.
    pub reasons: Option<String>,
    /// Decision: who decided (DVDS: the local multi-agency forum, DVDS-2).
    pub decided_by: Option<String>,
    /// Decision and disclosure: the person best placed to protect the child
    /// or the person at risk (CSO-3, DVDS-5).
    pub recipient: Option<String>,
    /// Disclosure: `in_person` (DVDS: only in person, DVDS-5), `letter` or `telephone`.
    pub method: Option<String>,
    /// Extension: the new last day, YYYY-MM-DD.
    pub extended_to: Option<String>,
}

/// A checked application.
#[derive(Clone)]
pub struct ValidApplication {
    pub scheme: Scheme,
    pub route: Route,
    pub received: Date,
    pub applicant: Option<String>,
    pub applicant_relationship: Option<String>,
    pub person_at_risk: Option<String>,
    pub children: Option<String>,
    pub contact: Option<String>,
    pub immediate_risk: bool,
}
redacted_debug!(ValidApplication);

fn text(e: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>) -> Option<String> {
    e.take(optional_text(field, label, raw, 2000)).flatten()
}

impl ApplicationInput {
    pub fn parse(&self, today: Date) -> Result<ValidApplication, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let scheme = e.take(required_code("scheme", "scheme", self.scheme.as_deref(), Scheme::from_code));
        let route = e.take(required_code("route", "route", self.route.as_deref(), Route::from_code));
        let received = match self.received.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                e.add("received", "required", "Enter the date the application was received");
                None
            }
            Some(raw) => e.take(optional_past_date("received", "the date received", Some(raw), today)).flatten(),
        };
        let applicant = text(&mut e, "applicant", "who applies", self.applicant.as_deref());
        let applicant_relationship = text(
            &mut e,
            "applicant_relationship",
            "the applicant's relationship",
            self.applicant_relationship.as_deref(),
        );
        let person_at_risk = text(&mut e, "person_at_risk", "the person at risk", self.person_at_risk.as_deref());
        let children = text(&mut e, "children", "the child or children at risk", self.children.as_deref());
        let contact = text(&mut e, "contact", "the contact with them", self.contact.as_deref());
        // Who applies and who is at risk are often learnt at the initial
        // contact: an application is recorded without them, and a decision
        // to disclose needs them (`StageInput::parse`).
        match (scheme, route, received) {
            (Some(scheme), Some(route), Some(received)) if e.is_empty() => Ok(ValidApplication {
                scheme,
                route,
                received,
                applicant,
                applicant_relationship,
                person_at_risk,
                children,
                contact,
                immediate_risk: self.immediate_risk,
            }),
            _ => Err(e),
        }
    }
}

/// A checked step.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidStage {
    pub stage: Stage,
    pub on: Date,
    pub note: Option<String>,
    pub outcome: Option<Outcome>,
    pub reasons: Option<String>,
    pub decided_by: Option<String>,
    pub recipient: Option<String>,
    pub method: Option<crate::disclosures::DisclosureMethod>,
    pub extended_to: Option<Date>,
}
redacted_debug!(ValidStage);

impl StageInput {
    /// Checks a step of `app` (its scheme, the day received, the decision so
    /// far, the current last day) on `today`.
    pub fn parse(&self, app: &Application, today: Date) -> Result<ValidStage, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let stage = e.take(required_code("stage", "step", self.stage.as_deref(), Stage::from_code));
        let on = e.take(optional_past_date("on", "the date", self.on.as_deref(), today)).flatten().unwrap_or(today);
        if on < app.received {
            e.add("on", "before_received", "The date must be on or after the day the application was received");
        }
        let note = text(&mut e, "note", "the note", self.note.as_deref());
        let outcome = e
            .take(crate::values::parse_code("outcome", "decision", self.outcome.as_deref(), Outcome::from_code))
            .flatten();
        let reasons = text(&mut e, "reasons", "the reasons", self.reasons.as_deref());
        let decided_by = text(&mut e, "decided_by", "who decided", self.decided_by.as_deref());
        let recipient = text(&mut e, "recipient", "who it is disclosed to", self.recipient.as_deref());
        let method = e
            .take(crate::values::parse_code(
                "method",
                "way it is made",
                self.method.as_deref(),
                crate::disclosures::DisclosureMethod::from_code,
            ))
            .flatten();
        let extended_to = match self.extended_to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => e.take(parse_date("extended_to", "the new last day", raw)),
        };
        if app.closed_on.is_some() {
            e.add("stage", "closed", "This application is closed");
        }
        match stage {
            Some(Stage::Decision) => {
                if app.outcome.is_some() {
                    e.add("stage", "already_decided", "A decision is already recorded");
                }
                if outcome.is_none() && !e.has("outcome") {
                    e.add("outcome", "required", "Select the decision");
                }
                if reasons.is_none() && !e.has("reasons") {
                    e.add("reasons", "required", "Enter the reasons for the decision");
                }
                if app.scheme == Scheme::Dvds && decided_by.is_none() && !e.has("decided_by") {
                    e.add("decided_by", "required", "Enter the multi-agency forum that decided");
                }
                if outcome == Some(Outcome::Disclose) && recipient.is_none() && !e.has("recipient") {
                    e.add("recipient", "required", "Enter the person best placed to protect the person at risk");
                }
                if outcome == Some(Outcome::Disclose) {
                    let at_risk = match app.scheme {
                        Scheme::Csods => app.children.is_some(),
                        Scheme::Dvds => app.person_at_risk.is_some(),
                    };
                    if !at_risk {
                        e.add(
                            "stage",
                            "at_risk_unknown",
                            "Record who is at risk on the application before deciding to disclose",
                        );
                    }
                }
            }
            Some(Stage::Disclosure) => {
                match app.outcome {
                    None => e.add("stage", "before_decision", "Record the decision before the disclosure"),
                    Some(Outcome::NotDisclose) => e.add("stage", "not_to_disclose", "The decision was not to disclose"),
                    Some(Outcome::Disclose) => {}
                }
                if app.decided_on.is_some_and(|d| on < d) {
                    e.add("on", "before_decision", "The disclosure must be on or after the decision");
                }
                if method.is_none() && !e.has("method") {
                    e.add("method", "required", "Select how the disclosure was made");
                }
                if app.scheme == Scheme::Dvds
                    && method.is_some_and(|m| m != crate::disclosures::DisclosureMethod::InPerson)
                {
                    e.add("method", "in_person_only", "Disclosure under the scheme is made in person");
                }
            }
            Some(Stage::Extension) => {
                if note.is_none() && !e.has("note") {
                    e.add("note", "required", "Enter the exceptional circumstances that need more time");
                }
                match extended_to {
                    None if !e.has("extended_to") => e.add("extended_to", "required", "Enter the new last day"),
                    Some(d) if d <= app.due_date => {
                        e.add("extended_to", "not_later", "The new last day must be after the current one")
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        match stage {
            Some(stage) if e.is_empty() => {
                Ok(ValidStage { stage, on, note, outcome, reasons, decided_by, recipient, method, extended_to })
            }
            _ => Err(e),
        }
    }
}

/// The last day to complete the application (CSO-4, DVDS-3; configurable).
pub fn completion_due(scheme: Scheme, received: Date, config: &RulesConfig) -> Date {
    disclosure_deadline(scheme.rules(), received, config).value.unwrap_or(received)
}

/// DVDS-4: where risk is immediate, the initial review within 24 hours (by the next day).
pub fn initial_review_due(scheme: Scheme, immediate: bool, received: Date) -> Option<Date> {
    (scheme == Scheme::Dvds && immediate).then(|| add_days(received, 1).unwrap_or(received))
}

/// DVDS-4: the face-to-face meeting within the configured working days of
/// the application (Monday to Friday; bank holidays are not known here).
pub fn face_to_face_due(scheme: Scheme, route: Route, received: Date, config: &RulesConfig) -> Option<Date> {
    if scheme != Scheme::Dvds || route != Route::RightToAsk {
        return None;
    }
    let mut day = received;
    let mut left = config.schedules.dvds_face_to_face_working_days;
    while left > 0 {
        day = day.tomorrow().ok()?;
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    Some(day)
}

/// One recorded step.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StageRecord {
    pub stage: Stage,
    pub on: Date,
    pub note: Option<String>,
    pub outcome: Option<Outcome>,
    pub reasons: Option<String>,
    pub decided_by: Option<String>,
    pub recipient: Option<String>,
    pub method: Option<crate::disclosures::DisclosureMethod>,
    pub extended_to: Option<Date>,
    pub recorded_by: UserRef,
}
redacted_debug!(StageRecord);

/// An application as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Application {
    pub id: ItemId,
    pub subject_nominal_id: crate::ids::NominalId,
    pub scheme: Scheme,
    pub route: Route,
    pub received: Date,
    /// The handling agency's code.
    pub agency: String,
    pub applicant: Option<String>,
    pub applicant_relationship: Option<String>,
    pub person_at_risk: Option<String>,
    pub children: Option<String>,
    pub contact: Option<String>,
    pub immediate_risk: bool,
    /// The last day to complete it: CSO-4 or DVDS-3, or as extended.
    pub due_date: Date,
    pub initial_review_due: Option<Date>,
    pub face_to_face_due: Option<Date>,
    pub outcome: Option<Outcome>,
    pub decided_on: Option<Date>,
    pub disclosed_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub stages: Vec<StageRecord>,
}
redacted_debug!(Application);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 2);

    fn csods() -> ApplicationInput {
        ApplicationInput {
            scheme: Some("csods".into()),
            route: Some("right_to_ask".into()),
            received: Some("2026-11-30".into()),
            applicant: Some("A grandparent".into()),
            children: Some("Two grandchildren, 6 and 9".into()),
            contact: Some("He babysits at weekends".into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_scheme_route_and_day_are_enough_to_record_one() {
        assert!(csods().parse(TODAY).is_ok());
        let bare = ApplicationInput {
            scheme: Some("dvds".into()),
            route: Some("right_to_know".into()),
            received: Some("2026-12-01".into()),
            ..Default::default()
        };
        assert!(bare.parse(TODAY).is_ok());
        let e = ApplicationInput::default().parse(TODAY).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["scheme", "route", "received"]);
    }

    #[test]
    fn the_timescales_follow_the_schemes_and_the_configuration() {
        let c = RulesConfig::default();
        assert_eq!(completion_due(Scheme::Csods, date(2026, 12, 1), &c), date(2027, 1, 14));
        assert_eq!(completion_due(Scheme::Dvds, date(2026, 12, 1), &c), date(2026, 12, 28));
        assert_eq!(initial_review_due(Scheme::Dvds, true, date(2026, 12, 1)), Some(date(2026, 12, 2)));
        assert_eq!(initial_review_due(Scheme::Dvds, false, date(2026, 12, 1)), None);
        // Ten working days from Tuesday 1 December 2026: Tuesday 15 December.
        assert_eq!(face_to_face_due(Scheme::Dvds, Route::RightToAsk, date(2026, 12, 1), &c), Some(date(2026, 12, 15)));
        assert_eq!(face_to_face_due(Scheme::Csods, Route::RightToAsk, date(2026, 12, 1), &c), None);
    }
}
