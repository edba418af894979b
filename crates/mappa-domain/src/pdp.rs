//! Potentially dangerous persons (issue 11, journey 6; rules.md 1.4): people
//! outside MAPPA whose behaviour gives reasonable grounds to believe there is
//! a present likelihood of an offence causing serious harm (PDP-1, PDP-2).
//! There is no statutory framework (PDP-3): the record holds the reasons, a
//! named officer (PDP-5), reviews at the configured interval and removal with
//! a reason. A PDP is never a MAPPA case, so never counted in MAPPA figures.

use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::record::UserRef;
use crate::rules::{RulesConfig, add_months};
use crate::values::{optional_past_date, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Recording someone as a PDP, as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PdpInput {
    /// Why their behaviour points to a present likelihood of serious harm (PDP-1, PDP-2).
    pub reasons: Option<String>,
    /// The named officer's username (PDP-5); by default the record's manager.
    pub officer: Option<String>,
    /// YYYY-MM-DD, today or earlier; by default today.
    pub recorded_on: Option<String>,
}

/// A review of a PDP by the named officer, as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PdpReviewInput {
    /// What the review found and why they remain a PDP.
    pub note: Option<String>,
    /// YYYY-MM-DD, today or earlier; by default today.
    pub reviewed_on: Option<String>,
}

/// Ending a person's PDP status, as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PdpRemovalInput {
    pub reason: Option<String>,
    /// YYYY-MM-DD, today or earlier; by default today.
    pub removed_on: Option<String>,
}

/// A checked PDP record.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidPdp {
    pub reasons: String,
    pub officer: Option<String>,
    pub recorded_on: Date,
}
redacted_debug!(ValidPdp);

/// A checked review or removal: the text and the day.
#[derive(Clone, PartialEq, Eq)]
pub struct DatedNote {
    pub text: String,
    pub on: Date,
}
redacted_debug!(DatedNote);

impl PdpInput {
    pub fn parse(&self, today: Date) -> Result<ValidPdp, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reasons = e.take(required_text("reasons", "the reasons", self.reasons.as_deref(), 8000));
        let recorded_on =
            e.take(optional_past_date("recorded_on", "the date recorded", self.recorded_on.as_deref(), today));
        let officer = self.officer.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_lowercase);
        match (reasons, recorded_on) {
            (Some(reasons), Some(on)) => Ok(ValidPdp { reasons, officer, recorded_on: on.unwrap_or(today) }),
            _ => Err(e),
        }
    }
}

impl PdpReviewInput {
    pub fn parse(&self, today: Date, since: Date) -> Result<DatedNote, ValidationErrors> {
        dated_note(
            ("note", "what the review found", self.note.as_deref()),
            ("reviewed_on", self.reviewed_on.as_deref()),
            today,
            since,
        )
    }
}

impl PdpRemovalInput {
    pub fn parse(&self, today: Date, since: Date) -> Result<DatedNote, ValidationErrors> {
        dated_note(
            ("reason", "the reason", self.reason.as_deref()),
            ("removed_on", self.removed_on.as_deref()),
            today,
            since,
        )
    }
}

/// Text and a past day no earlier than the day the person was recorded as a PDP.
fn dated_note(
    (field, label, raw): (&str, &str, Option<&str>),
    (date_field, raw_date): (&str, Option<&str>),
    today: Date,
    since: Date,
) -> Result<DatedNote, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let text = e.take(required_text(field, label, raw, 8000));
    let on = e.take(optional_past_date(date_field, "the date", raw_date, today)).map(|d| d.unwrap_or(today));
    if let Some(d) = on
        && d < since
    {
        e.add(
            date_field,
            "before_recorded",
            "The date must be on or after the day they were recorded as a potentially dangerous person",
        );
    }
    match (text, on) {
        (Some(text), Some(on)) if e.is_empty() => Ok(DatedNote { text, on }),
        _ => Err(e),
    }
}

/// One review.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PdpReview {
    pub reviewed_on: Date,
    pub note: String,
    pub reviewed_by: UserRef,
}
redacted_debug!(PdpReview);

/// A period as a PDP, current or ended.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Pdp {
    pub id: ItemId,
    pub reasons: String,
    /// The named officer (PDP-5).
    pub officer: Option<UserRef>,
    pub recorded_on: Date,
    /// When the next review is due; none once removed.
    pub next_review: Option<Date>,
    pub reviews: Vec<PdpReview>,
    pub removed_on: Option<Date>,
    pub removal_reason: Option<String>,
}
redacted_debug!(Pdp);

impl Pdp {
    pub fn is_current(&self) -> bool {
        self.removed_on.is_none()
    }
}

/// The day the next review is due after recording or reviewing on `from`
/// (PDP-5; `schedules.pdp_review_months`).
pub fn next_review(from: Date, config: &RulesConfig) -> Date {
    add_months(from, i64::from(config.schedules.pdp_review_months.max(1))).unwrap_or(from)
}

/// PDP-1: a PDP is someone not managed under a MAPPA category. Refused for a
/// MAPPA case, naming the field.
pub fn check_not_mappa(category: Option<u8>) -> Result<(), ValidationErrors> {
    match category {
        Some(_) => Err(ValidationErrors::single(
            "reasons",
            "mappa_case",
            "This person is managed under MAPPA: a potentially dangerous person is someone outside the MAPPA categories",
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn reasons_are_required_and_the_day_defaults_to_today() {
        let today = date(2026, 12, 2);
        let e = PdpInput::default().parse(today).unwrap_err();
        assert_eq!(e.first().unwrap().field, "reasons");
        let v = PdpInput { reasons: Some(" Threats ".into()), ..Default::default() }.parse(today).unwrap();
        assert_eq!((v.reasons.as_str(), v.recorded_on), ("Threats", today));
        let e = PdpInput { reasons: Some("x".into()), recorded_on: Some("2026-12-03".into()), ..Default::default() }
            .parse(today)
            .unwrap_err();
        assert_eq!(e.first().unwrap().code, "date_in_future");
    }

    #[test]
    fn a_review_cannot_come_before_the_pdp_was_recorded() {
        let today = date(2026, 12, 2);
        let r = PdpReviewInput { note: Some("Still a risk".into()), reviewed_on: Some("2026-01-01".into()) };
        assert_eq!(r.parse(today, date(2026, 2, 1)).unwrap_err().first().unwrap().code, "before_recorded");
        assert_eq!(r.parse(today, date(2025, 2, 1)).unwrap().on, date(2026, 1, 1));
        let e = PdpRemovalInput::default().parse(today, today).unwrap_err();
        assert_eq!(e.first().unwrap().field, "reason");
    }

    #[test]
    fn reviews_fall_due_at_the_configured_interval() {
        let mut config = RulesConfig::default();
        assert_eq!(next_review(date(2026, 1, 31), &config), date(2027, 1, 31));
        config.schedules.pdp_review_months = 6;
        assert_eq!(next_review(date(2026, 8, 31), &config), date(2027, 2, 28));
    }

    #[test]
    fn a_mappa_case_is_not_a_pdp() {
        assert_eq!(check_not_mappa(Some(2)).unwrap_err().first().unwrap().code, "mappa_case");
        assert!(check_not_mappa(None).is_ok());
    }
}
