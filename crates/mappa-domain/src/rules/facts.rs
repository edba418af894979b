//! The engine's input: a person's facts as of a date, with validation.
//!
//! [`Facts::from_json`] rejects unknown fields, impossible dates and impossible
//! combinations, naming the field path (`disposals[0].sentence.term_months`)
//! and the problem. Error messages never repeat the values given, so no
//! personal data (a date of birth, say) reaches an error, a log or a panic.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::config::RulesConfig;
use super::dates::{Interval, de_date, de_dates, de_opt_date};

/// Everything the engine needs to know about one person, as of `as_of`.
///
/// `Debug` is redacted: it shows counts, never dates or identifiers.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The date the assessment is made for (the engine has no clock).
    #[serde(deserialize_with = "de_date")]
    pub as_of: Date,
    #[serde(deserialize_with = "de_date")]
    pub date_of_birth: Date,
    #[serde(default)]
    pub disposals: Vec<Disposal>,
    #[serde(default)]
    pub foreign_convictions: Vec<ForeignConviction>,
    #[serde(default)]
    pub orders: Vec<Order>,
    /// Custody and remand periods (`to` = day of release, at liberty).
    #[serde(default)]
    pub custody: Vec<Interval>,
    /// Hospital detention periods (`to` = day of discharge).
    #[serde(default)]
    pub hospital: Vec<Interval>,
    /// Periods outside the UK (`to` = day of return).
    #[serde(default)]
    pub abroad: Vec<Interval>,
    #[serde(default)]
    pub notifications: Vec<Notification>,
    /// The last notified home address is a place where the person can
    /// regularly be found (NOTIF-31).
    #[serde(default)]
    pub no_fixed_abode: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<Licence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_3_decision: Option<Category3Decision>,
    /// Determinations on applications to review indefinite notification (REV-04).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_decisions: Vec<ReviewDecision>,
}

impl fmt::Debug for Facts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Facts")
            .field("disposals", &self.disposals.len())
            .field("foreign_convictions", &self.foreign_convictions.len())
            .field("orders", &self.orders.len())
            .field("custody", &self.custody.len())
            .field("hospital", &self.hospital.len())
            .field("abroad", &self.abroad.len())
            .field("notifications", &self.notifications.len())
            .finish_non_exhaustive()
    }
}

// The disposal and sentence vocabularies are the record's own (crate::disposal),
// so a stored disposal feeds the engine without translation.
pub use crate::disposal::{DisposalKind, SentenceType};

impl DisposalKind {
    pub fn words(self) -> &'static str {
        match self {
            DisposalKind::Conviction => "conviction",
            DisposalKind::Caution => "caution",
            DisposalKind::InsanityFinding => "finding of not guilty by reason of insanity",
            DisposalKind::DisabilityFinding => "finding of disability (and that the act was done)",
        }
    }
}

/// A conviction, caution or finding in England and Wales.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsDisposal)]
#[serde(deny_unknown_fields)]
pub struct Disposal {
    pub id: String,
    pub kind: DisposalKind,
    /// The relevant date: conviction, caution or finding (s82(6), CONV-4).
    #[serde(deserialize_with = "de_date")]
    pub date: Date,
    /// The offence is listed in SOA 2003 Sch. 3 and meets its thresholds.
    #[serde(default)]
    pub schedule_3: bool,
    /// The offence is listed in CJA 2003 Sch. 15.
    #[serde(default)]
    pub schedule_15: bool,
    #[serde(default)]
    pub murder: bool,
    #[serde(default)]
    pub terrorism: bool,
    #[serde(default)]
    pub sentence: Sentence,
}

/// The sentence or order imposed. Indeterminate detention (during His
/// Majesty's pleasure, or for life) is recorded as `life`; detention for public
/// protection as `ipp`; `detention` is a determinate term and needs one.
impl Default for SentenceType {
    fn default() -> Self {
        SentenceType::None
    }
}

impl SentenceType {
    /// Sentences measured by a term (months or days).
    pub fn has_term(self) -> bool {
        matches!(
            self,
            SentenceType::Imprisonment
                | SentenceType::SuspendedImprisonment
                | SentenceType::Detention
                | SentenceType::Dto
        )
    }

    pub fn words(self) -> &'static str {
        match self {
            SentenceType::Life => "imprisonment for life",
            SentenceType::Ipp => "imprisonment for public protection",
            SentenceType::Imprisonment => "imprisonment",
            SentenceType::SuspendedImprisonment => "a suspended sentence of imprisonment",
            SentenceType::Detention => "detention",
            SentenceType::Dto => "a detention and training order",
            SentenceType::HospitalOrder => "a hospital order without a restriction order",
            SentenceType::HospitalOrderWithRestriction => "a hospital order with a restriction order",
            SentenceType::GuardianshipOrder => "a guardianship order",
            SentenceType::ConditionalDischarge => "a conditional discharge",
            SentenceType::AbsoluteDischarge => "an absolute discharge",
            SentenceType::CommunityOrder => "a community order",
            SentenceType::Fine => "a fine",
            SentenceType::None => "no sentence recorded",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsSentence)]
#[serde(deny_unknown_fields)]
pub struct Sentence {
    #[serde(rename = "type", default)]
    pub kind: SentenceType,
    /// Custodial term in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<i64>,
    /// Custodial term in days (instead of months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_days: Option<i64>,
    /// Conditional discharge period in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_months: Option<i64>,
    /// Another disposal's id this term runs consecutively to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_to: Option<String>,
    /// Last day a hospital or guardianship order is in force, when known (CONV-11).
    #[serde(default, deserialize_with = "de_opt_date", skip_serializing_if = "Option::is_none")]
    pub order_ends: Option<Date>,
}

/// A conviction, caution or finding outside the UK (NO-1, NO-2).
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsForeignConviction)]
#[serde(deny_unknown_fields)]
pub struct ForeignConviction {
    pub id: String,
    /// Conviction (default), caution or finding.
    #[serde(default = "default_conviction")]
    pub kind: DisposalKind,
    /// Date of the foreign conviction, finding or caution.
    #[serde(deserialize_with = "de_date")]
    pub date: Date,
    /// The UK equivalent of the sentence imposed abroad.
    #[serde(default)]
    pub equivalent_sentence: Sentence,
    /// Date a notification order was served, if one was (NO-3).
    #[serde(default, deserialize_with = "de_opt_date", skip_serializing_if = "Option::is_none")]
    pub notification_order_served: Option<Date>,
}

fn default_conviction() -> DisposalKind {
    DisposalKind::Conviction
}

/// Civil and legacy order types (rules.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsOrderType)]
#[serde(rename_all = "snake_case")]
pub enum OrderType {
    Shpo,
    InterimShpo,
    Sopo,
    /// Legacy interim SOPO (SOA 2003 s109), pending the full hearing.
    InterimSopo,
    Sro,
    InterimSro,
    Spo,
    Dapo,
    Rosho,
    Fto,
    NotificationOrder,
    /// Interim notification order pending the full hearing (NO-4, s100).
    InterimNotificationOrder,
}

impl OrderType {
    pub fn words(self) -> &'static str {
        match self {
            OrderType::Shpo => "sexual harm prevention order",
            OrderType::InterimShpo => "interim sexual harm prevention order",
            OrderType::Sopo => "sexual offences prevention order",
            OrderType::InterimSopo => "interim sexual offences prevention order",
            OrderType::Sro => "sexual risk order",
            OrderType::InterimSro => "interim sexual risk order",
            OrderType::Spo => "stalking protection order",
            OrderType::Dapo => "domestic abuse protection order",
            OrderType::Rosho => "risk of sexual harm order",
            OrderType::Fto => "foreign travel order",
            OrderType::NotificationOrder => "notification order",
            OrderType::InterimNotificationOrder => "interim notification order",
        }
    }

    /// SHPO-8: SHPOs, interim SHPOs, SOPOs and interim SOPOs are one family: a
    /// court making a new one revokes any earlier one, so only one has effect
    /// at a time.
    pub fn is_harm_prevention(self) -> bool {
        matches!(self, OrderType::Shpo | OrderType::InterimShpo | OrderType::Sopo | OrderType::InterimSopo)
    }
}

/// An order made against the person.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsOrder)]
#[serde(deny_unknown_fields)]
pub struct Order {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: OrderType,
    #[serde(deserialize_with = "de_date")]
    pub made: Date,
    #[serde(default, deserialize_with = "de_opt_date")]
    pub served: Option<Date>,
    /// Last day in force; `null` means until further order.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub ends: Option<Date>,
    /// Last day of a foreign-travel prohibition within the order.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub foreign_travel_prohibition_ends: Option<Date>,
    /// Dates of convictions (or cautions, findings) for breaching the order.
    #[serde(default, deserialize_with = "de_dates")]
    pub breach_convictions: Vec<Date>,
}

/// Kind of notification made to the police (NOTIF-27).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsNotificationKind)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// s83 initial notification.
    Initial,
    /// s84 change notification.
    Change,
    /// s85 periodic notification.
    Periodic,
    /// 2012 Regulations matters only (bank, card, identity documents, child household).
    RegulationsOnly,
}

impl NotificationKind {
    /// Whether it is a s83, s84 or s85 notification, which moves the periodic date.
    pub fn resets_periodic(self) -> bool {
        !matches!(self, NotificationKind::RegulationsOnly)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsNotification)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    #[serde(deserialize_with = "de_date")]
    pub date: Date,
    pub kind: NotificationKind,
}

/// Licence dates (rules.md §5.3). LED and SED are kept apart (EXIT-2).
#[derive(Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsLicence)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    #[serde(default, deserialize_with = "de_opt_date")]
    pub led: Option<Date>,
    #[serde(default, deserialize_with = "de_opt_date")]
    pub sed: Option<Date>,
}

/// A recorded Category 3 decision (CAT-3, EXIT-3).
#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsCategory3Decision)]
#[serde(deny_unknown_fields)]
pub struct Category3Decision {
    #[serde(deserialize_with = "de_date")]
    pub date: Date,
    /// Last day of Category 3 management, once a decision to remove is made.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub ended: Option<Date>,
}

/// Outcome of a review of indefinite notification (REV-04, EXIT-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsReviewOutcome)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    /// The requirements continue; a further review date follows.
    Continued,
    /// The requirements are discharged.
    Discharged,
}

/// A determination on a review application.
#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = FactsReviewDecision)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecision {
    /// The day the offender received notice of the determination.
    #[serde(deserialize_with = "de_date")]
    pub date: Date,
    pub outcome: ReviewOutcome,
    /// Further review period in years when continued (default 8; REV-04).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub further_review_years: Option<i64>,
}

/// One problem with the facts: the field path and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactProblem {
    /// e.g. `disposals[0].sentence.term_months`; `(document)` for the whole input.
    pub path: String,
    /// Stable code: `malformed_json`, `unknown_field`, `required`,
    /// `invalid_value` (unreadable or not allowed) or `invalid_fact` (readable
    /// but impossible: a date out of order, a caution with a custodial term).
    pub code: &'static str,
    /// What is wrong, never repeating the value given.
    pub message: String,
}

/// Facts that could not be read or are impossible. Holds only field paths and
/// messages, never values, so it is safe to log and to `Debug`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct FactsError {
    pub problems: Vec<FactProblem>,
}

impl fmt::Display for FactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid facts: ")?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", p.path, p.message)?;
        }
        Ok(())
    }
}

impl FactsError {
    fn one(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        FactsError { problems: vec![FactProblem { path: path.into(), code, message: message.into() }] }
    }

    /// The path of the first problem.
    pub fn path(&self) -> &str {
        self.problems.first().map_or("", |p| p.path.as_str())
    }
}

impl Facts {
    /// Parses and validates facts from JSON.
    pub fn from_json(json: &str, config: &RulesConfig) -> Result<Facts, FactsError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let facts: Facts = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            serde_error(&path, e.inner())
        })?;
        de.end().map_err(|e| serde_error(".", &e))?;
        facts.validate(config)?;
        Ok(facts)
    }

    /// Checks every date and combination, and what the law rules out under
    /// `config` (e.g. a discharge before the qualifying date: REV-01, REV-03);
    /// collects all problems found.
    pub fn validate(&self, config: &RulesConfig) -> Result<(), FactsError> {
        let problems = super::validation::problems(self, config);
        if problems.is_empty() { Ok(()) } else { Err(FactsError { problems }) }
    }

    /// All periods during which the person is unavailable to notify: custody,
    /// hospital and abroad (CONV-6; s83(6), s85(3)).
    pub fn unavailable(&self) -> Vec<Interval> {
        let mut all = Vec::with_capacity(self.custody.len() + self.hospital.len() + self.abroad.len());
        all.extend_from_slice(&self.custody);
        all.extend_from_slice(&self.hospital);
        all.extend_from_slice(&self.abroad);
        all
    }
}

/// Turns a serde error into a path and a message without the value given.
fn serde_error(path: &str, e: &serde_json::Error) -> FactsError {
    use serde_json::error::Category;
    let root = |p: &str| {
        if p == "." || p.is_empty() { "(document)".to_string() } else { p.to_string() }
    };
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => FactsError::one(
            "(document)",
            "malformed_json",
            format!("is not valid JSON (line {}, column {})", e.line(), e.column()),
        ),
        Category::Data => {
            let full = e.to_string();
            // serde_json appends " at line L column C"; the position is not needed.
            let msg = full.rfind(" at line ").map_or(full.as_str(), |i| &full[..i]);
            let join = |field: &str| {
                if path == field || path.ends_with(&format!(".{field}")) {
                    path.to_string()
                } else if path == "." || path.is_empty() {
                    field.to_string()
                } else {
                    format!("{path}.{field}")
                }
            };
            if let Some(field) = backticked(msg, "unknown field `") {
                FactsError::one(join(field), "unknown_field", "is not a known field")
            } else if let Some(field) = backticked(msg, "missing field `") {
                FactsError::one(join(field), "required", "is required")
            } else if msg.starts_with("unknown variant") {
                let allowed = msg.split_once("expected ").map_or("", |(_, a)| a);
                FactsError::one(root(path), "invalid_value", format!("is not an allowed value: expected {allowed}"))
            } else if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
                let expected = msg
                    .split_once(", expected ")
                    .map_or("another type", |(_, a)| a)
                    .replace("i64", "a whole number")
                    .replace("u8", "a whole number")
                    .replace("a string", "text");
                FactsError::one(
                    root(path),
                    "invalid_value",
                    format!("has the wrong type or value: expected {expected}"),
                )
            } else if super::dates::DATE_MESSAGES.contains(&msg) {
                FactsError::one(root(path), "invalid_value", msg)
            } else {
                FactsError::one(root(path), "invalid_value", "is not valid here")
            }
        }
    }
}

fn backticked<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = msg.strip_prefix(prefix)?;
    rest.split('`').next()
}

redacted_debug!(Disposal);

redacted_debug!(Sentence);

redacted_debug!(ForeignConviction);

redacted_debug!(Order);

redacted_debug!(Notification);

redacted_debug!(Licence);

redacted_debug!(Category3Decision);

redacted_debug!(ReviewDecision);

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
      "as_of": "2025-01-15",
      "date_of_birth": "1990-05-01",
      "disposals": [{
        "id": "d1", "kind": "conviction", "date": "2019-03-04",
        "schedule_3": true,
        "sentence": {"type": "imprisonment", "term_months": 24}
      }],
      "custody": [{"from": "2019-03-04", "to": "2020-06-01"}],
      "notifications": [{"date": "2020-06-02", "kind": "initial"}]
    }"#;

    fn with(f: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        f(&mut v);
        v.to_string()
    }

    fn err(json: &str) -> FactsError {
        Facts::from_json(json, &RulesConfig::default()).unwrap_err()
    }

    #[test]
    fn parses_the_worked_example_with_defaults() {
        let f = Facts::from_json(EXAMPLE, &RulesConfig::default()).unwrap();
        assert_eq!(f.disposals.len(), 1);
        assert!(!f.no_fixed_abode);
        assert!(f.orders.is_empty());
        assert_eq!(f.disposals[0].sentence.term_months, Some(24));
    }

    #[test]
    fn unknown_field_is_named() {
        let e = err(&with(|v| v["disposals"][0]["sentence"]["colour"] = "red".into()));
        assert_eq!(e.path(), "disposals[0].sentence.colour");
        assert!(e.to_string().contains("not a known field"));
        let e = err(&with(|v| v["nickname"] = "x".into()));
        assert_eq!(e.path(), "nickname");
    }

    #[test]
    fn impossible_date_is_named_without_its_value() {
        let e = err(&with(|v| v["date_of_birth"] = "1990-02-30".into()));
        assert_eq!(e.path(), "date_of_birth");
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("1990"), "{shown}");
        assert!(shown.contains("does not exist"));
        let e = err(&with(|v| v["disposals"][0]["date"] = "2023-02-30".into()));
        assert_eq!(e.path(), "disposals[0].date");
    }

    #[test]
    fn impossible_date_inside_a_list_is_named_with_its_index() {
        let e = err(&with(|v| {
            v["orders"] = serde_json::json!([{"id": "o1", "type": "sro", "made": "2020-01-01",
                "breach_convictions": ["2021-01-01", "2021-02-30"]}]);
        }));
        assert_eq!(e.path(), "orders[0].breach_convictions[1]");
    }

    #[test]
    fn missing_field_and_wrong_type_are_named() {
        let e = err(&with(|v| {
            v["disposals"][0].as_object_mut().unwrap().remove("date");
        }));
        assert_eq!(e.path(), "disposals[0].date");
        let e = err(&with(|v| v["disposals"][0]["sentence"]["term_months"] = "many".into()));
        assert_eq!(e.path(), "disposals[0].sentence.term_months");
        assert!(!format!("{e:?}").contains("many"));
        let e = err(&with(|v| v["disposals"][0]["sentence"]["type"] = "flogging".into()));
        assert_eq!(e.path(), "disposals[0].sentence.type");
        assert!(!format!("{e:?}").contains("flogging"));
    }

    #[test]
    fn caution_with_custodial_term_is_rejected() {
        let e = err(&with(|v| v["disposals"][0]["kind"] = "caution".into()));
        assert!(
            e.problems.iter().any(|p| p.path == "disposals[0].sentence.term_months" && p.message.contains("caution"))
        );
    }

    #[test]
    fn zero_and_negative_terms_are_rejected() {
        for t in [0, -3] {
            let e = err(&with(|v| v["disposals"][0]["sentence"]["term_months"] = t.into()));
            assert_eq!(e.path(), "disposals[0].sentence.term_months");
            assert!(e.problems[0].message.contains("more than 0"));
        }
    }

    #[test]
    fn conditional_discharge_needs_its_period() {
        let e = err(&with(|v| {
            v["disposals"][0]["sentence"] = serde_json::json!({"type": "conditional_discharge"});
        }));
        assert_eq!(e.path(), "disposals[0].sentence.period_months");
    }

    #[test]
    fn consecutive_to_unknown_or_cyclic_is_rejected() {
        let e = err(&with(|v| v["disposals"][0]["sentence"]["consecutive_to"] = "d9".into()));
        assert_eq!(e.path(), "disposals[0].sentence.consecutive_to");
        assert!(e.problems[0].message.contains("no disposal"));
        let e = err(&with(|v| {
            let d2 = serde_json::json!({"id": "d2", "kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                "sentence": {"type": "imprisonment", "term_months": 6, "consecutive_to": "d1"}});
            v["disposals"][0]["sentence"]["consecutive_to"] = "d2".into();
            v["disposals"].as_array_mut().unwrap().push(d2);
        }));
        assert!(e.problems.iter().all(|p| p.message.contains("cycle")));
        assert_eq!(e.problems.len(), 2);
    }

    #[test]
    fn custody_to_before_from_is_rejected() {
        let e = err(&with(|v| v["custody"][0]["to"] = "2019-03-03".into()));
        assert_eq!(e.path(), "custody[0].to");
    }

    #[test]
    fn dates_after_as_of_and_duplicate_ids_are_rejected() {
        let e = err(&with(|v| v["notifications"][0]["date"] = "2026-01-01".into()));
        assert_eq!(e.path(), "notifications[0].date");
        let e = err(&with(|v| {
            let d = v["disposals"][0].clone();
            v["disposals"].as_array_mut().unwrap().push(d);
        }));
        assert_eq!(e.path(), "disposals[1].id");
    }

    #[test]
    fn syntax_errors_and_trailing_content_are_reported_for_the_document() {
        assert_eq!(err("{").path(), "(document)");
        assert_eq!(err(&format!("{EXAMPLE} x")).path(), "(document)");
    }

    #[test]
    fn debug_of_facts_is_redacted() {
        let f = Facts::from_json(EXAMPLE, &RulesConfig::default()).unwrap();
        let d = format!("{f:?}");
        assert!(!d.contains("1990") && !d.contains("d1"), "{d}");
    }
}
