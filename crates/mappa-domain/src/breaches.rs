//! Breaches and wanted/missing circulations.
//!
//! A suspected breach is a failure to notify or false information (NOTIF-50),
//! a breach of a civil order (SHPO-7, SRO-7) or of a licence condition (REC-1).
//! It must be recorded within the configured hours of being established
//! (NOTIF-53, CONV-12): the deadline comes from the rules engine's
//! [`breach_record_deadline`], and a breach recorded after it is flagged. Its
//! outcome may move on (warning, then charge, then conviction), so outcomes are
//! kept as history. A conviction or caution for breach of an SRO is what makes
//! the person subject to notification (SRO-8): [`order_breach_convictions`]
//! gives those dates for the engine's facts.

use crate::coded_enum;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::ItemId;
use crate::record::UserRef;
use crate::rules::{RulesConfig, breach_record_deadline};
use crate::values::{capitalise, optional_text, parse_date, parse_past_date, required_code, required_text};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum!(
    /// What the person is suspected of breaching.
    BreachKind {
        FailureToNotify = "failure_to_notify" : "Failure to notify (notification requirements)",
        FalseInformation = "false_information" : "False information given when notifying",
        BreachOfOrder = "breach_of_order" : "Breach of an order (SHPO, SRO or other)",
        BreachOfLicence = "breach_of_licence_condition" : "Breach of a licence condition",
    }
);

coded_enum!(
    /// What was done about a breach. The latest is the current outcome.
    OutcomeKind {
        NoFurtherAction = "no_further_action" : "No further action",
        Warning = "warning" : "Warning",
        Caution = "caution" : "Caution",
        Charge = "charge" : "Charged",
        Conviction = "conviction" : "Convicted",
        Recall = "recall" : "Recalled to custody",
    }
);

coded_enum!(
    /// Why the person is circulated on the PNC.
    CirculationKind {
        Wanted = "wanted" : "Wanted",
        Missing = "missing" : "Missing",
    }
);

/// The rule that sets the recording deadline.
pub const RECORDING_RULE: &str = "NOTIF-53";

fn london() -> TimeZone {
    TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC)
}

/// A moment as a UK clock shows it: "20 November 2026 14:30".
pub fn london_time(t: Timestamp) -> String {
    t.to_zoned(london()).strftime("%-d %B %Y %H:%M").to_string()
}

/// The UK calendar date of a moment (CONV-1).
pub fn london_date(t: Timestamp) -> Date {
    t.to_zoned(london()).date()
}

/// Latest moment to record a breach established at `discovered` (NOTIF-53,
/// CONV-12), from the rules engine with the configured hours. Hours are
/// elapsed time, so a clock change in between neither adds nor takes an hour.
pub fn record_deadline(discovered: Timestamp, config: &RulesConfig) -> Option<Timestamp> {
    let at: Zoned = discovered.to_zoned(london());
    breach_record_deadline(&at, config).value.map(|z| z.timestamp())
}

/// Whether a breach was recorded on time (NOTIF-53).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Recording {
    /// Always `NOTIF-53`.
    pub rule: &'static str,
    /// Deadline computed when the breach was recorded, with the hours then configured.
    pub due_at: Timestamp,
    /// Recorded after `due_at`. Exactly at the deadline is on time.
    pub late: bool,
    /// Plain English, for the page and the API.
    pub explanation: String,
}

impl Recording {
    pub fn new(discovered: Timestamp, recorded: Timestamp, due_at: Timestamp) -> Self {
        let late = recorded > due_at;
        let hours = due_at.duration_since(discovered).as_hours();
        let explanation = format!(
            "A breach must be recorded on PNC and ViSOR within {hours:.0} hours of being established (NOTIF-53; the hours are configuration, CONV-12). Established {}, so due by {}; recorded {}: {}.",
            london_time(discovered),
            london_time(due_at),
            london_time(recorded),
            if late { "late" } else { "on time" }
        );
        Recording { rule: RECORDING_RULE, due_at, late, explanation }
    }
}

/// One outcome in a breach's history.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BreachOutcome {
    pub id: ItemId,
    pub kind: OutcomeKind,
    pub date: Date,
    pub court: Option<String>,
    pub reference: Option<String>,
    pub recorded_by: UserRef,
    pub recorded_at: Timestamp,
}

impl fmt::Debug for BreachOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BreachOutcome {{ kind: {}, .. }}", self.kind)
    }
}

/// A breach as stored, with its outcome history oldest first.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Breach {
    pub id: ItemId,
    pub kind: BreachKind,
    /// The order breached (the orders table's id), for [`BreachKind::BreachOfOrder`].
    pub order_id: Option<String>,
    /// Which licence condition, for [`BreachKind::BreachOfLicence`].
    pub licence_condition: Option<String>,
    pub description: String,
    pub discovered_at: Timestamp,
    pub recorded_at: Timestamp,
    pub recorded_by: UserRef,
    pub recording: Recording,
    pub outcomes: Vec<BreachOutcome>,
}

impl fmt::Debug for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Breach {{ kind: {}, late: {}, .. }}", self.kind, self.recording.late)
    }
}

impl Breach {
    /// The outcome as it stands: the latest by date, then by when recorded.
    pub fn current_outcome(&self) -> Option<&BreachOutcome> {
        self.outcomes.iter().max_by(|a, b| (a.date, a.recorded_at).cmp(&(b.date, b.recorded_at)))
    }

    /// The UK date the breach was established.
    pub fn discovered_on(&self) -> Date {
        london_date(self.discovered_at)
    }
}

/// Dates of convictions or cautions for breaching each order, as
/// (order id, date): the engine's `orders[].breach_convictions` (SRO-8: the
/// relevant date is that of the conviction, caution or finding).
pub fn order_breach_convictions(breaches: &[Breach]) -> Vec<(String, Date)> {
    let mut out: Vec<(String, Date)> = breaches
        .iter()
        .filter(|b| b.kind == BreachKind::BreachOfOrder)
        .filter_map(|b| b.order_id.as_ref().map(|o| (o, b)))
        .flat_map(|(o, b)| {
            b.outcomes
                .iter()
                .filter(|x| matches!(x.kind, OutcomeKind::Conviction | OutcomeKind::Caution))
                .map(move |x| (o.clone(), x.date))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A submitted breach. `discovered_at` is a UK local date and time,
/// `YYYY-MM-DDTHH:MM` (Europe/London), or an RFC 3339 moment with an offset.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreachInput {
    pub kind: Option<String>,
    pub order_id: Option<String>,
    pub licence_condition: Option<String>,
    pub description: Option<String>,
    pub discovered_at: Option<String>,
}

redacted_debug!(BreachInput);

/// A validated new breach.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct NewBreach {
    pub id: ItemId,
    pub kind: BreachKind,
    pub order_id: Option<String>,
    pub licence_condition: Option<String>,
    pub description: String,
    pub discovered_at: Timestamp,
}

impl fmt::Debug for NewBreach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewBreach {{ kind: {}, .. }}", self.kind)
    }
}

/// Parses a moment: RFC 3339 with an offset, or a UK local date and time.
/// A local time that the clocks skipped (spring forward) does not exist; one
/// they repeated (autumn) is taken as the earlier, which starts the recording
/// clock sooner (NOTIF-53 errs towards recording promptly).
pub fn parse_london_moment(field: &str, label: &str, raw: &str) -> Result<Timestamp, FieldError> {
    let s = raw.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let bad = || {
        FieldError::new(
            field,
            "invalid_datetime",
            format!("{} must be a real date and time in the form YYYY-MM-DDTHH:MM (UK time)", capitalise(label)),
        )
    };
    let well_formed = (s.len() == 16 || s.len() == 19)
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T' || b == b' ',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        });
    if !well_formed {
        return Err(bad());
    }
    let dt: DateTime = s.replacen(' ', "T", 1).parse().map_err(|_| bad())?;
    let tz = london();
    let ambiguous = tz.to_ambiguous_zoned(dt);
    if matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. }) {
        return Err(FieldError::new(
            field,
            "time_does_not_exist",
            format!("{} is a time skipped when the clocks went forward: check the time", capitalise(label)),
        ));
    }
    ambiguous.earlier().map(|z| z.timestamp()).map_err(|_| bad())
}

impl BreachInput {
    /// Validates a breach: its kind with what was breached, what happened, and
    /// when it was established, which must not be after `now`.
    pub fn parse(&self, id: ItemId, now: Timestamp) -> Result<NewBreach, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = e.take(required_code("kind", "kind of breach", self.kind.as_deref(), BreachKind::from_code));
        let order_id = e.take(optional_text("order_id", "order", self.order_id.as_deref(), 100)).flatten();
        let licence_condition = e
            .take(optional_text("licence_condition", "licence condition", self.licence_condition.as_deref(), 500))
            .flatten();
        match kind {
            Some(BreachKind::BreachOfLicence)
                if licence_condition.is_none() && !e.0.iter().any(|x| x.field == "licence_condition") =>
            {
                e.add("licence_condition", "required", "Enter which licence condition was breached")
            }
            Some(k) if k != BreachKind::BreachOfLicence && licence_condition.is_some() => e.add(
                "licence_condition",
                "not_applicable",
                "A licence condition is given only for a breach of a licence condition",
            ),
            _ => {}
        }
        if order_id.is_some() && kind.is_some_and(|k| k != BreachKind::BreachOfOrder) {
            e.add("order_id", "not_applicable", "An order is given only for a breach of an order");
        }
        let description = e.take(required_text("description", "what happened", self.description.as_deref(), 4000));
        let discovered_at = match self.discovered_at.as_deref().filter(|s| !s.trim().is_empty()) {
            None => {
                e.add("discovered_at", "required", "Enter the date and time the breach was established");
                None
            }
            Some(raw) => match e.take(parse_london_moment("discovered_at", "date and time established", raw)) {
                Some(t) if t > now => {
                    e.add(
                        "discovered_at",
                        "date_in_future",
                        "The date and time established must be now or in the past",
                    );
                    None
                }
                other => other,
            },
        };
        match (kind, description, discovered_at) {
            (Some(kind), Some(description), Some(discovered_at)) if e.is_empty() => {
                Ok(NewBreach { id, kind, order_id, licence_condition, description, discovered_at })
            }
            _ => Err(e),
        }
    }
}

/// A submitted outcome for a breach.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub kind: Option<String>,
    pub date: Option<String>,
    pub court: Option<String>,
    pub reference: Option<String>,
}

redacted_debug!(OutcomeInput);

/// A validated new outcome.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct NewOutcome {
    pub id: ItemId,
    pub kind: OutcomeKind,
    pub date: Date,
    pub court: Option<String>,
    pub reference: Option<String>,
}

impl fmt::Debug for NewOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewOutcome {{ kind: {}, .. }}", self.kind)
    }
}

impl OutcomeInput {
    /// Validates an outcome: its date is not before the UK date the breach was
    /// established (`discovered_on`) and not after `today`.
    pub fn parse(&self, id: ItemId, today: Date, discovered_on: Date) -> Result<NewOutcome, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = e.take(required_code("kind", "outcome", self.kind.as_deref(), OutcomeKind::from_code));
        let date = match self.date.as_deref().filter(|s| !s.trim().is_empty()) {
            None => {
                e.add("date", "required", "Enter the date of the outcome");
                None
            }
            Some(raw) => match e.take(parse_past_date("date", "date of the outcome", raw, today)) {
                Some(d) if d < discovered_on => {
                    e.add(
                        "date",
                        "before_discovery",
                        "The date of the outcome must be the same as or after the date the breach was established",
                    );
                    None
                }
                other => other,
            },
        };
        let court = e.take(optional_text("court", "court", self.court.as_deref(), 200)).flatten();
        let reference = e.take(optional_text("reference", "reference", self.reference.as_deref(), 100)).flatten();
        match (kind, date) {
            (Some(kind), Some(date)) if e.is_empty() => Ok(NewOutcome { id, kind, date, court, reference }),
            _ => Err(e),
        }
    }
}

/// A wanted or missing circulation on the PNC, current until cancelled.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Circulation {
    pub id: ItemId,
    pub kind: CirculationKind,
    pub pnc_reference: String,
    pub from: Date,
    pub recorded_by: UserRef,
    pub recorded_at: Timestamp,
    /// The date the circulation was cancelled; None while current.
    pub cancelled_on: Option<Date>,
    pub cancelled_by: Option<UserRef>,
    pub cancelled_at: Option<Timestamp>,
}

impl fmt::Debug for Circulation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Circulation {{ kind: {}, current: {}, .. }}", self.kind, self.is_current())
    }
}

impl Circulation {
    pub fn is_current(&self) -> bool {
        self.cancelled_on.is_none()
    }
}

/// How a PNC circulation reference is written, for error messages and hints.
pub const PNC_REFERENCE_FORMAT: &str = "two digits for the year, a slash, 1 to 7 digits and a letter, like 26/123456W";

/// Normalises a PNC circulation reference (`YY/NNNNNNNA`: two-digit year, a
/// slash, 1 to 7 digits, a check letter) to upper case, or None if it is not
/// in that form.
pub fn normalise_pnc_reference(raw: &str) -> Option<String> {
    let s = raw.trim().to_ascii_uppercase();
    let (year, rest) = s.split_once('/')?;
    let (digits, letter) = rest.split_at(rest.len().checked_sub(1)?);
    let ok = year.len() == 2
        && year.bytes().all(|b| b.is_ascii_digit())
        && (1..=7).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && letter.bytes().all(|b| b.is_ascii_uppercase());
    ok.then_some(s)
}

/// A submitted wanted or missing circulation.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CirculationInput {
    pub kind: Option<String>,
    pub pnc_reference: Option<String>,
    pub from: Option<String>,
}

redacted_debug!(CirculationInput);

/// A validated new circulation.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct NewCirculation {
    pub id: ItemId,
    pub kind: CirculationKind,
    pub pnc_reference: String,
    pub from: Date,
}

impl fmt::Debug for NewCirculation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewCirculation {{ kind: {}, .. }}", self.kind)
    }
}

impl CirculationInput {
    pub fn parse(&self, id: ItemId, today: Date) -> Result<NewCirculation, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = e.take(required_code("kind", "wanted or missing", self.kind.as_deref(), CirculationKind::from_code));
        let pnc_reference = match self.pnc_reference.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                e.add(
                    "pnc_reference",
                    "required",
                    format!("Enter the PNC circulation reference: {PNC_REFERENCE_FORMAT}"),
                );
                None
            }
            Some(raw) => {
                let r = normalise_pnc_reference(raw);
                if r.is_none() {
                    e.add(
                        "pnc_reference",
                        "invalid_pnc_reference",
                        format!("Enter the PNC circulation reference as {PNC_REFERENCE_FORMAT}"),
                    );
                }
                r
            }
        };
        let from = match self.from.as_deref().filter(|s| !s.trim().is_empty()) {
            None => {
                e.add("from", "required", "Enter the date the circulation started");
                None
            }
            Some(raw) => e.take(parse_past_date("from", "start date", raw, today)),
        };
        match (kind, pnc_reference, from) {
            (Some(kind), Some(pnc_reference), Some(from)) if e.is_empty() => {
                Ok(NewCirculation { id, kind, pnc_reference, from })
            }
            _ => Err(e),
        }
    }
}

/// A submitted cancellation.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    pub date: Option<String>,
}

impl CancelInput {
    /// The cancellation date: not in the future, not before the circulation started.
    pub fn parse(&self, today: Date, from: Date) -> Result<Date, ValidationErrors> {
        let Some(raw) = self.date.as_deref().filter(|s| !s.trim().is_empty()) else {
            return Err(ValidationErrors::single("date", "required", "Enter the date the circulation was cancelled"));
        };
        let d = parse_date("date", "cancellation date", raw).map_err(|e| ValidationErrors(vec![e]))?;
        if d > today {
            return Err(ValidationErrors::single(
                "date",
                "date_in_future",
                "Cancellation date must be today or in the past",
            ));
        }
        if d < from {
            return Err(ValidationErrors::single(
                "date",
                "end_before_start",
                "Cancellation date must be the same as or after the date the circulation started",
            ));
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn breach(v: serde_json::Value, now: &str) -> Result<NewBreach, ValidationErrors> {
        serde_json::from_value::<BreachInput>(v).unwrap().parse(ItemId::new(), at(now))
    }

    fn first(e: ValidationErrors) -> (String, &'static str) {
        (e.0[0].field.clone(), e.0[0].code)
    }

    #[test]
    fn notif_53_recorded_exactly_at_24_hours_is_on_time_and_just_over_is_late() {
        let cfg = RulesConfig::default();
        let discovered = at("2026-11-20T14:30:00Z");
        let due = record_deadline(discovered, &cfg).unwrap();
        assert_eq!(due, at("2026-11-21T14:30:00Z"));
        assert!(!Recording::new(discovered, due, due).late);
        let just_over = due.checked_add(jiff::SignedDuration::from_secs(1)).unwrap();
        let r = Recording::new(discovered, just_over, due);
        assert!(r.late);
        assert_eq!(r.rule, "NOTIF-53");
        assert!(r.explanation.contains("within 24 hours") && r.explanation.contains("late"), "{}", r.explanation);
    }

    #[test]
    fn notif_53_conv_12_hours_are_elapsed_across_the_spring_clock_change() {
        // Established 10:00 GMT on Saturday 28 March 2026; the clocks go forward
        // at 01:00 GMT on the Sunday, so 24 hours later is 11:00 BST.
        let cfg = RulesConfig::default();
        let discovered = parse_london_moment("d", "d", "2026-03-28T10:00").unwrap();
        let due = record_deadline(discovered, &cfg).unwrap();
        assert_eq!(london_time(due), "29 March 2026 11:00");
        let at_ten_thirty = parse_london_moment("d", "d", "2026-03-29T10:30").unwrap();
        assert!(!Recording::new(discovered, at_ten_thirty, due).late, "only 23.5 hours have passed");
        let at_eleven = parse_london_moment("d", "d", "2026-03-29T11:00").unwrap();
        assert!(!Recording::new(discovered, at_eleven, due).late);
        let after = parse_london_moment("d", "d", "2026-03-29T11:01").unwrap();
        assert!(Recording::new(discovered, after, due).late);
    }

    #[test]
    fn notif_53_conv_12_hours_are_elapsed_across_the_autumn_clock_change() {
        // Established 10:00 BST on Saturday 24 October 2026; the clocks go back
        // on the Sunday, so 24 hours later is 09:00 GMT.
        let cfg = RulesConfig::default();
        let discovered = parse_london_moment("d", "d", "2026-10-24T10:00").unwrap();
        let due = record_deadline(discovered, &cfg).unwrap();
        assert_eq!(london_time(due), "25 October 2026 09:00");
        let at_nine_thirty = parse_london_moment("d", "d", "2026-10-25T09:30").unwrap();
        assert!(Recording::new(discovered, at_nine_thirty, due).late, "24.5 hours have passed");
    }

    #[test]
    fn conv_12_the_configured_hours_are_used() {
        let mut cfg = RulesConfig::default();
        cfg.schedules.breach_record_hours = 48;
        let discovered = at("2026-11-20T14:30:00Z");
        assert_eq!(record_deadline(discovered, &cfg), Some(at("2026-11-22T14:30:00Z")));
        let r = Recording::new(discovered, at("2026-11-22T14:00:00Z"), at("2026-11-22T14:30:00Z"));
        assert!(!r.late && r.explanation.contains("within 48 hours"));
    }

    #[test]
    fn uk_local_times_skipped_by_the_clocks_do_not_exist_and_repeated_ones_take_the_earlier() {
        assert_eq!(parse_london_moment("d", "d", "2026-03-29T01:30").unwrap_err().code, "time_does_not_exist");
        assert_eq!(parse_london_moment("d", "d", "2026-10-25T01:30").unwrap(), at("2026-10-25T00:30:00Z"));
        assert_eq!(parse_london_moment("d", "d", "2026-07-01T12:00").unwrap(), at("2026-07-01T11:00:00Z"));
        assert_eq!(parse_london_moment("d", "d", "2026-07-01T12:00:00+01:00").unwrap(), at("2026-07-01T11:00:00Z"));
        for bad in ["2026-07-01", "2026-07-01T25:00", "01/07/2026 12:00", "2026-02-30T10:00"] {
            assert_eq!(parse_london_moment("d", "d", bad).unwrap_err().code, "invalid_datetime", "{bad}");
        }
    }

    #[test]
    fn notif_50_a_breach_names_what_was_breached_and_is_not_in_the_future() {
        let now = "2026-11-23T12:00:00Z";
        let b = breach(
            serde_json::json!({"kind": "breach_of_order", "order_id": "ord-1", "description": "Contacted a child", "discovered_at": "2026-11-23T11:59"}),
            now,
        )
        .unwrap();
        assert_eq!((b.kind, b.order_id.as_deref()), (BreachKind::BreachOfOrder, Some("ord-1")));
        assert_eq!(
            first(breach(serde_json::json!({"kind": "failure_to_notify", "description": "x", "discovered_at": "2026-11-23T12:01"}), now).unwrap_err()),
            ("discovered_at".into(), "date_in_future")
        );
        assert_eq!(
            first(breach(serde_json::json!({"kind": "breach_of_licence_condition", "description": "x", "discovered_at": "2026-11-20T10:00"}), now).unwrap_err()),
            ("licence_condition".into(), "required")
        );
        assert_eq!(
            first(breach(serde_json::json!({"kind": "failure_to_notify", "order_id": "o", "description": "x", "discovered_at": "2026-11-20T10:00"}), now).unwrap_err()),
            ("order_id".into(), "not_applicable")
        );
        let e = breach(serde_json::json!({}), now).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(fields, vec![("kind", "required"), ("description", "required"), ("discovered_at", "required")]);
        assert_eq!(
            first(
                breach(
                    serde_json::json!({"kind": "speeding", "description": "x", "discovered_at": "2026-11-20T10:00"}),
                    now
                )
                .unwrap_err()
            ),
            ("kind".into(), "invalid_choice")
        );
    }

    #[test]
    fn outcomes_are_dated_between_discovery_and_today() {
        let today = date(2026, 11, 23);
        let found = date(2026, 11, 1);
        let o = |v: serde_json::Value| {
            serde_json::from_value::<OutcomeInput>(v).unwrap().parse(ItemId::new(), today, found)
        };
        assert_eq!(o(serde_json::json!({"kind": "charge", "date": "2026-11-01"})).unwrap().kind, OutcomeKind::Charge);
        assert_eq!(
            first(o(serde_json::json!({"kind": "charge", "date": "2026-10-31"})).unwrap_err()),
            ("date".into(), "before_discovery")
        );
        assert_eq!(
            first(o(serde_json::json!({"kind": "charge", "date": "2026-11-24"})).unwrap_err()),
            ("date".into(), "date_in_future")
        );
        assert_eq!(first(o(serde_json::json!({"date": "2026-11-02"})).unwrap_err()), ("kind".into(), "required"));
    }

    fn outcome(kind: OutcomeKind, d: Date) -> BreachOutcome {
        BreachOutcome {
            id: ItemId::new(),
            kind,
            date: d,
            court: None,
            reference: None,
            recorded_by: UserRef { id: crate::ids::UserId::new(), name: "A".into() },
            recorded_at: at("2026-11-23T12:00:00Z"),
        }
    }

    #[test]
    fn sro_8_convictions_and_cautions_for_breach_of_an_order_feed_the_order() {
        let discovered = at("2026-01-01T10:00:00Z");
        let mk = |kind, order: Option<&str>, outcomes| Breach {
            id: ItemId::new(),
            kind,
            order_id: order.map(str::to_string),
            licence_condition: None,
            description: "x".into(),
            discovered_at: discovered,
            recorded_at: discovered,
            recorded_by: UserRef { id: crate::ids::UserId::new(), name: "A".into() },
            recording: Recording::new(discovered, discovered, discovered),
            outcomes,
        };
        let b = vec![
            mk(
                BreachKind::BreachOfOrder,
                Some("sro-1"),
                vec![
                    outcome(OutcomeKind::Charge, date(2026, 2, 1)),
                    outcome(OutcomeKind::Conviction, date(2026, 5, 4)),
                ],
            ),
            mk(BreachKind::BreachOfOrder, Some("sro-2"), vec![outcome(OutcomeKind::Warning, date(2026, 2, 1))]),
            mk(BreachKind::FailureToNotify, None, vec![outcome(OutcomeKind::Conviction, date(2026, 3, 1))]),
        ];
        assert_eq!(order_breach_convictions(&b), vec![("sro-1".to_string(), date(2026, 5, 4))]);
        assert_eq!(b[0].current_outcome().unwrap().kind, OutcomeKind::Conviction);
        assert!(b[0].discovered_on() == date(2026, 1, 1));
    }

    #[test]
    fn pnc_circulation_references_have_one_form_and_the_error_says_it() {
        assert_eq!(normalise_pnc_reference(" 26/123456w ").as_deref(), Some("26/123456W"));
        assert!(normalise_pnc_reference("26/1W").is_some());
        for bad in ["2026/123456W", "26/12345678W", "26/123456", "26-123456W", "26/W", "", "/"] {
            assert!(normalise_pnc_reference(bad).is_none(), "{bad}");
        }
        let c = |v: serde_json::Value| {
            serde_json::from_value::<CirculationInput>(v).unwrap().parse(ItemId::new(), date(2026, 11, 23))
        };
        let e = c(serde_json::json!({"kind": "wanted", "pnc_reference": "ABC", "from": "2026-11-20"})).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("pnc_reference", "invalid_pnc_reference"));
        assert!(e.0[0].message.contains("26/123456W"));
        assert_eq!(
            first(
                c(serde_json::json!({"kind": "missing", "pnc_reference": "26/1W", "from": "2026-11-24"})).unwrap_err()
            ),
            ("from".into(), "date_in_future")
        );
        let ok = c(serde_json::json!({"kind": "missing", "pnc_reference": "26/1w", "from": "2026-11-20"})).unwrap();
        assert_eq!((ok.kind, ok.pnc_reference.as_str()), (CirculationKind::Missing, "26/1W"));
    }

    #[test]
    fn a_cancellation_is_dated_between_the_start_and_today() {
        let c = |d: &str| CancelInput { date: Some(d.into()) }.parse(date(2026, 11, 23), date(2026, 11, 10));
        assert_eq!(c("2026-11-10").unwrap(), date(2026, 11, 10));
        assert_eq!(c("2026-11-09").unwrap_err().0[0].code, "end_before_start");
        assert_eq!(c("2026-11-24").unwrap_err().0[0].code, "date_in_future");
        assert_eq!(c("nope").unwrap_err().0[0].code, "invalid_date");
        assert_eq!(
            CancelInput::default().parse(date(2026, 11, 23), date(2026, 11, 10)).unwrap_err().0[0].code,
            "required"
        );
    }
}
