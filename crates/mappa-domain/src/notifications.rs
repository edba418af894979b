//! Notifications made in person at a police station (SOA 2003 ss83–86 and the
//! 2012 Regulations): what was notified, whether it was on time, and the
//! person's details each kind carries.
//!
//! The deadline a notification answers comes from the rules engine's
//! assessment of the facts as they stood before it, so a late notification
//! is flagged with the rule it broke (NOTIF-10, NOTIF-21..24, NOTIF-30,
//! NOTIF-41/42, NOTIF-44). Being late does not stop it being recorded: the
//! police record what was notified and the breach is a separate decision
//! (NOTIF-50).

use crate::coded_enum;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::ItemId;
use crate::rules::{
    Interval, NotificationAssessment, NotificationKind as EngineKind, RulesConfig, TravelDetails,
    change_notification_due, return_notification_due, travel_notice_deadline,
};
use crate::values::{optional_text, parse_code, parse_date, parse_past_date};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// What a notification is. The first four are the rules engine's kinds
    /// (NOTIF-27); travel and return are notified under the travel
    /// regulations and do not move the periodic date.
    NotificationKind {
        Initial = "initial" : "Initial notification",
        Change = "change" : "Change of details",
        Periodic = "periodic" : "Periodic (annual or weekly) notification",
        RegulationsOnly = "regulations_only" : "Bank, card, identity document or child household details",
        ForeignTravel = "foreign_travel" : "Intended foreign travel",
        TravelReturn = "travel_return" : "Return from foreign travel",
    }
);

impl NotificationKind {
    /// The engine's kind, for the kinds that are s83–s85 or 2012-Regulations
    /// notifications; `None` for travel.
    pub fn engine_kind(self) -> Option<EngineKind> {
        match self {
            NotificationKind::Initial => Some(EngineKind::Initial),
            NotificationKind::Change => Some(EngineKind::Change),
            NotificationKind::Periodic => Some(EngineKind::Periodic),
            NotificationKind::RegulationsOnly => Some(EngineKind::RegulationsOnly),
            NotificationKind::ForeignTravel | NotificationKind::TravelReturn => None,
        }
    }
}

coded_enum!(
    /// The changes a change notification reports (s84(1); NOTIF-20..24).
    NotifiedChange {
        Name = "name" : "Using a new name",
        HomeAddress = "home_address" : "Change of home address",
        StayElsewhere = "stay_elsewhere" : "Stay of 7 days or more at another address",
        Release = "release" : "Release from custody or detention",
        PrescribedDetails = "prescribed_details" : "Change in bank, card or identity document details",
    }
);

impl NotifiedChange {
    pub fn rule(self) -> &'static str {
        match self {
            NotifiedChange::Name => "NOTIF-20",
            NotifiedChange::HomeAddress => "NOTIF-21",
            NotifiedChange::StayElsewhere => "NOTIF-22",
            NotifiedChange::Release => "NOTIF-23",
            NotifiedChange::PrescribedDetails => "NOTIF-24",
        }
    }
}

coded_enum!(
    /// Identity documents (NOTIF-16: as in the Identity Documents Act 2010).
    DocumentKind {
        Passport = "passport" : "Passport",
        DrivingLicence = "driving_licence" : "Driving licence",
        IdentityCard = "identity_card" : "Identity card",
        Other = "other" : "Other identity document",
    }
);

/// One change reported, with the day it happened (for stays elsewhere, the
/// last day of the qualifying period: NOTIF-22).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Change {
    pub kind: NotifiedChange,
    pub date: Date,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BankAccount {
    pub institution: String,
    /// Sort code and account number, or another reference, as given.
    pub reference: String,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub issuer: String,
    pub reference: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IdentityDocument {
    pub kind: DocumentKind,
    pub number: String,
    pub issuing_country: Option<String>,
    pub expires: Option<Date>,
}

/// A household with a child where the person resides or stays 12 hours or
/// more (NOTIF-16, NOTIF-17).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChildHousehold {
    pub address: String,
    pub from: Date,
    pub intended_period: Option<String>,
}

/// Intended foreign travel (NOTIF-43).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Travel {
    pub departure_date: Date,
    /// Local time (Europe/London) of departure, `HH:MM`, when known.
    pub departure_time: Option<String>,
    pub departure_point: String,
    /// ISO 3166 alpha-2 codes, first destination first.
    pub destinations: Vec<String>,
    pub arrival_point: Option<String>,
    pub return_date: Option<Date>,
    pub return_point: Option<String>,
    pub carriers: Option<String>,
    pub first_night_address: Option<String>,
    /// The details were not known 7 days ahead (NOTIF-42).
    pub details_not_known_in_time: bool,
}

/// Everything a notification carries besides its date and kind: the s83(5)
/// information and the 2012 Regulations' additions (NOTIF-14), which every
/// initial, change and periodic notification gives again in full (NOTIF-25,
/// NOTIF-30). The date of birth and National Insurance number are kept on the
/// person's record, so they are not repeated here.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NotificationDetails {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_address: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bank_accounts: Vec<BankAccount>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<Card>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_documents: Vec<IdentityDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_household: Option<ChildHousehold>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel: Option<Travel>,
    /// Day of return, for a return notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_on: Option<Date>,
}

/// A deadline missed: which rule, the deadline, and why it applied.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lateness {
    pub rule: String,
    pub due: Date,
    pub message: String,
}

/// A recorded notification.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: ItemId,
    pub date: Date,
    pub kind: NotificationKind,
    pub details: NotificationDetails,
    /// Deadlines this notification missed; empty when on time.
    pub late: Vec<Lateness>,
    /// The person was not subject to notification on the date: the reason it
    /// was taken anyway.
    pub not_subject_reason: Option<String>,
    pub photographs_taken: bool,
    pub fingerprints_taken: bool,
    pub station: Option<String>,
    pub notes: Option<String>,
    /// The next periodic notification due after this one, as computed when it
    /// was recorded (for the acknowledgement).
    pub next_due: Option<Date>,
    pub received_by_name: String,
}

redacted_debug!(Notification, NotificationDetails, NotificationInput, Travel, ChildHousehold, IdentityDocument);

// ---------------------------------------------------------------- input

#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = NotificationChangeInput)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    pub kind: Option<String>,
    pub date: Option<String>,
}

#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub issuing_country: Option<String>,
    pub expires: Option<String>,
}

#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildHouseholdInput {
    pub address: Option<String>,
    pub from: Option<String>,
    pub intended_period: Option<String>,
}

#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = NotificationTravelInput)]
#[serde(deny_unknown_fields)]
pub struct TravelInput {
    pub departure_date: Option<String>,
    pub departure_time: Option<String>,
    pub departure_point: Option<String>,
    #[serde(default)]
    pub destinations: Vec<String>,
    pub arrival_point: Option<String>,
    pub return_date: Option<String>,
    pub return_point: Option<String>,
    pub carriers: Option<String>,
    pub first_night_address: Option<String>,
    #[serde(default)]
    pub details_not_known_in_time: bool,
}

/// A notification as entered (API body and form).
#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationInput {
    pub date: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub changes: Vec<ChangeInput>,
    pub name: Option<String>,
    pub home_address: Option<String>,
    pub other_address: Option<String>,
    #[serde(default)]
    pub bank_accounts: Vec<BankAccount>,
    #[serde(default)]
    pub cards: Vec<Card>,
    #[serde(default)]
    pub identity_documents: Vec<DocumentInput>,
    pub child_household: Option<ChildHouseholdInput>,
    pub travel: Option<TravelInput>,
    pub returned_on: Option<String>,
    #[serde(default)]
    pub photographs_taken: bool,
    #[serde(default)]
    pub fingerprints_taken: bool,
    pub station: Option<String>,
    pub notes: Option<String>,
    pub not_subject_reason: Option<String>,
}

/// What the input is checked against: the engine's view of the person just
/// before this notification, and the days they were away (CONV-6).
pub struct NotificationContext<'a> {
    pub today: Date,
    pub before: &'a NotificationAssessment,
    pub unavailable: &'a [Interval],
    pub config: &'a RulesConfig,
}

fn text(errors: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>, max: usize) -> Option<String> {
    errors.take(optional_text(field, label, raw, max)).flatten()
}

fn need(errors: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>, max: usize) -> Option<String> {
    let v = text(errors, field, label, raw, max);
    if v.is_none() && !errors.0.iter().any(|e| e.field == field) {
        errors.add(field, "required", format!("Enter {label}"));
    }
    v
}

fn date_field(errors: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>) -> Option<Date> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    errors.take(parse_date(field, label, raw))
}

fn past_date(errors: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>, today: Date) -> Option<Date> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    errors.take(parse_past_date(field, label, raw, today))
}

/// A country by its name, an alias or its ISO 3166 code, kept as the code.
fn country(field: &str, raw: &str) -> Result<String, FieldError> {
    match crate::characteristics::country_code(raw) {
        Some(code) => Ok(code.to_string()),
        None => Err(FieldError::new(field, "invalid_choice", "Enter a country, such as France (or its code, FR)")),
    }
}

fn valid_time(raw: &str) -> Option<jiff::civil::Time> {
    let s = raw.trim();
    if s.len() != 5 || s.as_bytes()[2] != b':' {
        return None;
    }
    jiff::civil::Time::strptime("%H:%M", s).ok()
}

impl NotificationInput {
    /// Validates the input and works out whether it is late. Every problem is
    /// reported with its field; a notification for someone not subject is
    /// allowed only with a reason, which is recorded.
    pub fn parse(&self, ctx: &NotificationContext<'_>) -> Result<ParsedNotification, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let date = match self.date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => e.take(parse_past_date("date", "the date of the notification", raw, ctx.today)),
            None => {
                e.add("date", "required", "Enter the date of the notification");
                None
            }
        };
        let kind =
            match e.take(parse_code("kind", "kind of notification", self.kind.as_deref(), NotificationKind::from_code))
            {
                Some(Some(k)) => Some(k),
                Some(None) => {
                    e.add("kind", "required", "Select the kind of notification");
                    None
                }
                None => None,
            };

        let mut changes = Vec::new();
        for (i, c) in self.changes.iter().enumerate() {
            let f = format!("changes[{i}].kind");
            let k = match e.take(parse_code(&f, "change", c.kind.as_deref(), NotifiedChange::from_code)) {
                Some(Some(k)) => Some(k),
                Some(None) => {
                    e.add(f, "required", "Select what changed");
                    None
                }
                None => None,
            };
            let df = format!("changes[{i}].date");
            let d = past_date(&mut e, &df, "the date of the change", c.date.as_deref(), ctx.today);
            if d.is_none() && !e.0.iter().any(|x| x.field == df) {
                e.add(df, "required", "Enter the date the change happened");
            }
            if let (Some(kind), Some(date)) = (k, d) {
                changes.push(Change { kind, date });
            }
        }
        if let (Some(d), true) = (date, !changes.is_empty())
            && let Some(i) = changes.iter().position(|c| c.date > d)
        {
            e.add(
                format!("changes[{i}].date"),
                "after_notification",
                "The date of the change must be on or before the date of the notification",
            );
        }

        let name = text(&mut e, "name", "the name", self.name.as_deref(), 200);
        let home_address = text(&mut e, "home_address", "the home address", self.home_address.as_deref(), 500);
        let other_address = text(&mut e, "other_address", "the other address", self.other_address.as_deref(), 500);
        let mut bank_accounts = Vec::new();
        for (i, b) in self.bank_accounts.iter().enumerate() {
            let inst =
                need(&mut e, &format!("bank_accounts[{i}].institution"), "the bank", Some(b.institution.as_str()), 200);
            let r = need(
                &mut e,
                &format!("bank_accounts[{i}].reference"),
                "the account details",
                Some(b.reference.as_str()),
                100,
            );
            if let (Some(institution), Some(reference)) = (inst, r) {
                bank_accounts.push(BankAccount { institution, reference });
            }
        }
        let mut cards = Vec::new();
        for (i, c) in self.cards.iter().enumerate() {
            let issuer = need(&mut e, &format!("cards[{i}].issuer"), "the card issuer", Some(c.issuer.as_str()), 200);
            let r = need(&mut e, &format!("cards[{i}].reference"), "the card details", Some(c.reference.as_str()), 100);
            if let (Some(issuer), Some(reference)) = (issuer, r) {
                cards.push(Card { issuer, reference });
            }
        }
        let mut identity_documents = Vec::new();
        for (i, d) in self.identity_documents.iter().enumerate() {
            let f = format!("identity_documents[{i}].kind");
            let kind = match e.take(parse_code(&f, "document", d.kind.as_deref(), DocumentKind::from_code)) {
                Some(Some(k)) => Some(k),
                Some(None) => {
                    e.add(f, "required", "Select the kind of document");
                    None
                }
                None => None,
            };
            let number = need(
                &mut e,
                &format!("identity_documents[{i}].number"),
                "the document number",
                d.number.as_deref(),
                60,
            );
            let issuing_country = match d.issuing_country.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(raw) => e.take(country(&format!("identity_documents[{i}].issuing_country"), raw)),
                None => None,
            };
            let expires = date_field(
                &mut e,
                &format!("identity_documents[{i}].expires"),
                "the expiry date",
                d.expires.as_deref(),
            );
            if let (Some(kind), Some(number)) = (kind, number) {
                identity_documents.push(IdentityDocument { kind, number, issuing_country, expires });
            }
        }
        let child_household = self.child_household.as_ref().and_then(|c| {
            let address = need(&mut e, "child_household.address", "the household's address", c.address.as_deref(), 500);
            let from =
                past_date(&mut e, "child_household.from", "the date the stay began", c.from.as_deref(), ctx.today);
            if from.is_none() && !e.0.iter().any(|x| x.field == "child_household.from") {
                e.add("child_household.from", "required", "Enter the date they began to reside or stay there");
            }
            let intended_period = text(
                &mut e,
                "child_household.intended_period",
                "the intended period",
                c.intended_period.as_deref(),
                200,
            );
            Some(ChildHousehold { address: address?, from: from?, intended_period })
        });
        let travel = self.travel.as_ref().and_then(|t| parse_travel(t, &mut e));
        let returned_on = past_date(&mut e, "returned_on", "the day of return", self.returned_on.as_deref(), ctx.today);
        let station = text(&mut e, "station", "the police station", self.station.as_deref(), 200);
        let notes = text(&mut e, "notes", "the notes", self.notes.as_deref(), 2000);
        let not_subject_reason =
            text(&mut e, "not_subject_reason", "the reason", self.not_subject_reason.as_deref(), 1000);

        // What each kind must carry.
        match kind {
            Some(NotificationKind::Change) if changes.is_empty() && self.changes.is_empty() => {
                e.add("changes", "required", "Select at least one change and the date it happened")
            }
            Some(NotificationKind::RegulationsOnly)
                if bank_accounts.is_empty()
                    && cards.is_empty()
                    && identity_documents.is_empty()
                    && child_household.is_none()
                    && e.is_empty() =>
            {
                e.add(
                    "bank_accounts",
                    "required",
                    "Enter at least one bank account, card, identity document or child household",
                )
            }
            Some(NotificationKind::ForeignTravel) if self.travel.is_none() => {
                e.add("travel.departure_date", "required", "Enter the date of departure")
            }
            Some(NotificationKind::TravelReturn)
                if returned_on.is_none() && !e.0.iter().any(|x| x.field == "returned_on") =>
            {
                e.add("returned_on", "required", "Enter the day they returned to the UK")
            }
            _ => {}
        }
        if let (Some(d), Some(r)) = (date, returned_on)
            && r > d
        {
            e.add(
                "returned_on",
                "after_notification",
                "The day of return must be on or before the date of the notification",
            );
        }

        let (Some(date), Some(kind)) = (date, kind) else { return Err(e) };
        if !e.is_empty() {
            return Err(e);
        }
        let details = NotificationDetails {
            changes,
            name,
            home_address,
            other_address,
            bank_accounts,
            cards,
            identity_documents,
            child_household,
            travel,
            returned_on,
        };
        // Subject on the day? (NOTIF-01, NOTIF-05). Travel rules apply only to
        // those subject, so the same check covers every kind.
        let subject = ctx.before.subject || ctx.before.periods.iter().any(|p| p.covers(date));
        if !subject && not_subject_reason.is_none() {
            return Err(ValidationErrors::single(
                "not_subject_reason",
                "not_subject",
                "This person is not subject to the notification requirements on that date: give the reason the notification is being taken",
            ));
        }
        let late = lateness(date, kind, &details, ctx);
        Ok(ParsedNotification {
            date,
            kind,
            details,
            late,
            not_subject_reason: if subject { None } else { not_subject_reason },
            photographs_taken: self.photographs_taken,
            fingerprints_taken: self.fingerprints_taken,
            station,
            notes,
        })
    }
}

fn parse_travel(t: &TravelInput, e: &mut ValidationErrors) -> Option<Travel> {
    let dep = date_field(e, "travel.departure_date", "the date of departure", t.departure_date.as_deref());
    if dep.is_none() && !e.0.iter().any(|x| x.field == "travel.departure_date") {
        e.add("travel.departure_date", "required", "Enter the date of departure");
    }
    let departure_time = match t.departure_time.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) if valid_time(raw).is_some() => Some(raw.to_string()),
        Some(_) => {
            e.add("travel.departure_time", "invalid_time", "Enter the time of departure as HH:MM, such as 14:30");
            None
        }
        None => None,
    };
    let point = need(e, "travel.departure_point", "the point of departure", t.departure_point.as_deref(), 200);
    let mut destinations = Vec::new();
    for (i, d) in t.destinations.iter().enumerate().filter(|(_, d)| !d.trim().is_empty()) {
        if let Some(c) = e.take(country(&format!("travel.destinations[{i}]"), d)) {
            destinations.push(c);
        }
    }
    if destinations.is_empty() && !e.0.iter().any(|x| x.field.starts_with("travel.destinations")) {
        e.add("travel.destinations", "required", "Enter at least one destination country");
    }
    let ret = date_field(e, "travel.return_date", "the date of return", t.return_date.as_deref());
    if let (Some(d), Some(r)) = (dep, ret)
        && r < d
    {
        e.add("travel.return_date", "before_start", "The date of return must be on or after the date of departure");
    }
    let arrival_point = text(e, "travel.arrival_point", "the point of arrival", t.arrival_point.as_deref(), 200);
    let return_point = text(e, "travel.return_point", "the point of return", t.return_point.as_deref(), 200);
    let carriers = text(e, "travel.carriers", "the carriers", t.carriers.as_deref(), 500);
    let first_night_address =
        text(e, "travel.first_night_address", "the first night's address", t.first_night_address.as_deref(), 500);
    Some(Travel {
        departure_date: dep?,
        departure_time,
        departure_point: point?,
        destinations,
        arrival_point,
        return_date: ret,
        return_point,
        carriers,
        first_night_address,
        details_not_known_in_time: t.details_not_known_in_time,
    })
}

/// Validated, with its lateness worked out; the store adds the id, who took
/// it and the next date due.
#[derive(Clone)]
pub struct ParsedNotification {
    pub date: Date,
    pub kind: NotificationKind,
    pub details: NotificationDetails,
    pub late: Vec<Lateness>,
    pub not_subject_reason: Option<String>,
    pub photographs_taken: bool,
    pub fingerprints_taken: bool,
    pub station: Option<String>,
    pub notes: Option<String>,
}

redacted_debug!(ParsedNotification);

/// The deadlines this notification answers, and which of them it missed.
fn lateness(
    date: Date,
    kind: NotificationKind,
    d: &NotificationDetails,
    ctx: &NotificationContext<'_>,
) -> Vec<Lateness> {
    let mut late = Vec::new();
    let mut check = |rule: &str, due: Option<Date>, what: String| {
        if let Some(due) = due
            && date > due
        {
            late.push(Lateness {
                rule: rule.to_string(),
                due,
                message: format!("{what} was due by {due} and was notified on {date} ({rule})"),
            });
        }
    };
    let b = ctx.before;
    match kind {
        NotificationKind::Initial => {
            if b.initial_due_status == crate::rules::InitialDueStatus::Due {
                check("NOTIF-10", b.initial_due, "The initial notification".to_string());
            }
        }
        NotificationKind::Periodic => check("NOTIF-30", b.next_periodic_due, "The periodic notification".to_string()),
        NotificationKind::Change | NotificationKind::RegulationsOnly => {
            for c in &d.changes {
                let due = change_notification_due(c.date, ctx.unavailable).value;
                check(c.kind.rule(), due, format!("Notice of the change \"{}\" on {}", c.kind.label(), c.date));
            }
        }
        NotificationKind::ForeignTravel => {
            if let Some(t) = &d.travel {
                let details = if t.details_not_known_in_time {
                    TravelDetails::NotKnownInTime
                } else {
                    TravelDetails::KnownInTime
                };
                let time = t.departure_time.as_deref().and_then(valid_time).unwrap_or(jiff::civil::Time::midnight());
                let rule = if t.details_not_known_in_time { "NOTIF-42" } else { "NOTIF-41" };
                // Notifications are dated, not timed: only a deadline on an
                // earlier day can be shown to be missed.
                let due = t
                    .departure_date
                    .to_datetime(time)
                    .in_tz("Europe/London")
                    .ok()
                    .and_then(|dep| travel_notice_deadline(&dep, details, ctx.config).value)
                    .map(|z| z.date());
                check(rule, due, "Notice of the foreign travel".to_string());
            }
        }
        NotificationKind::TravelReturn => {
            if let Some(r) = d.returned_on {
                let due = return_notification_due(r, ctx.unavailable, ctx.config).value;
                check("NOTIF-44", due, format!("Notice of the return on {r}"));
            }
        }
    }
    late
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Facts, assess};
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn facts(notifications: &str, custody: &str) -> Facts {
        Facts::from_json(
            &format!(
                r#"{{"as_of": "2026-11-23", "date_of_birth": "1980-01-01",
            "disposals": [{{"id": "d1", "kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                "sentence": {{"type": "imprisonment", "term_months": 24}}}}],
            "custody": [{custody}], "notifications": [{notifications}]}}"#
            ),
            &RulesConfig::default(),
        )
        .unwrap()
    }

    fn parse(json: serde_json::Value, f: &Facts) -> Result<ParsedNotification, ValidationErrors> {
        let config = RulesConfig::default();
        let before = assess(f, &config).notification;
        let unavailable = f.unavailable();
        let input: NotificationInput = serde_json::from_value(json).unwrap();
        input.parse(&NotificationContext { today: TODAY, before: &before, unavailable: &unavailable, config: &config })
    }

    #[test]
    fn late_periodic_notification_is_flagged_with_notif_30() {
        let f = facts(r#"{"date": "2025-06-02", "kind": "initial"}"#, r#"{"from": "2019-03-04", "to": "2020-06-01"}"#);
        let p = parse(serde_json::json!({"date": "2026-06-05", "kind": "periodic"}), &f).unwrap();
        assert_eq!(p.late.len(), 1);
        assert_eq!((p.late[0].rule.as_str(), p.late[0].due), ("NOTIF-30", date(2026, 6, 2)));
        let p = parse(serde_json::json!({"date": "2026-06-02", "kind": "periodic"}), &f).unwrap();
        assert!(p.late.is_empty());
    }

    #[test]
    fn change_of_address_is_due_within_3_days_notif_21() {
        let f = facts(r#"{"date": "2025-06-02", "kind": "initial"}"#, r#"{"from": "2019-03-04", "to": "2020-06-01"}"#);
        let on_time = serde_json::json!({"date": "2026-11-12", "kind": "change",
            "changes": [{"kind": "home_address", "date": "2026-11-10"}], "home_address": "1 Synthetic Row"});
        assert!(parse(on_time, &f).unwrap().late.is_empty());
        let late = serde_json::json!({"date": "2026-11-13", "kind": "change",
            "changes": [{"kind": "home_address", "date": "2026-11-10"}]});
        let p = parse(late, &f).unwrap();
        assert_eq!((p.late[0].rule.as_str(), p.late[0].due), ("NOTIF-21", date(2026, 11, 12)));
    }

    #[test]
    fn travel_return_before_departure_names_the_field() {
        let f = facts(r#"{"date": "2025-06-02", "kind": "initial"}"#, "");
        let e = parse(
            serde_json::json!({"date": "2026-11-20", "kind": "foreign_travel", "travel": {
                "departure_date": "2026-12-10", "departure_point": "Dover", "destinations": ["FR"],
                "return_date": "2026-12-01"}}),
            &f,
        )
        .unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("travel.return_date", "before_start"));
    }

    #[test]
    fn travel_notified_under_7_days_ahead_is_late_notif_41_unless_details_came_late() {
        let f = facts(r#"{"date": "2025-06-02", "kind": "initial"}"#, "");
        let travel = |known_late: bool| {
            serde_json::json!({"date": "2026-11-20", "kind": "foreign_travel", "travel": {
                "departure_date": "2026-11-25", "departure_time": "09:00", "departure_point": "Dover",
                "destinations": ["fr", "BE"], "details_not_known_in_time": known_late}})
        };
        let p = parse(travel(false), &f).unwrap();
        assert_eq!((p.late[0].rule.as_str(), p.late[0].due), ("NOTIF-41", date(2026, 11, 18)));
        assert_eq!(p.details.travel.unwrap().destinations, vec!["FR", "BE"]);
        assert!(parse(travel(true), &f).unwrap().late.is_empty());
    }

    #[test]
    fn someone_not_subject_needs_a_reason_which_is_kept() {
        let f = Facts::from_json(r#"{"as_of": "2026-11-23", "date_of_birth": "1980-01-01"}"#, &RulesConfig::default())
            .unwrap();
        let e = parse(serde_json::json!({"date": "2026-11-20", "kind": "periodic"}), &f).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("not_subject_reason", "not_subject"));
        let p = parse(
            serde_json::json!({"date": "2026-11-20", "kind": "periodic", "not_subject_reason": "Order awaited from court"}),
            &f,
        )
        .unwrap();
        assert_eq!(p.not_subject_reason.as_deref(), Some("Order awaited from court"));
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let f = facts("", "");
        let e = parse(
            serde_json::json!({"date": "2026-12-01", "kind": "change", "changes": [{"kind": "haircut"}],
                "identity_documents": [{"kind": "passport", "issuing_country": "XX"}]}),
            &f,
        )
        .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert!(fields.contains(&("date", "date_in_future")), "{fields:?}");
        assert!(fields.contains(&("changes[0].kind", "invalid_choice")));
        assert!(fields.contains(&("changes[0].date", "required")));
        assert!(fields.contains(&("identity_documents[0].number", "required")));
        assert!(fields.contains(&("identity_documents[0].issuing_country", "invalid_choice")));
    }

    #[test]
    fn regulations_details_need_something_and_do_not_reset_the_periodic_date_notif_27() {
        let f = facts(r#"{"date": "2025-06-02", "kind": "initial"}"#, "");
        let e = parse(serde_json::json!({"date": "2026-11-20", "kind": "regulations_only"}), &f).unwrap_err();
        assert_eq!(e.0[0].field, "bank_accounts");
        let p = parse(
            serde_json::json!({"date": "2026-11-20", "kind": "regulations_only",
                "bank_accounts": [{"institution": "Synthetic Bank", "reference": "00-00-00 00000000"}]}),
            &f,
        )
        .unwrap();
        assert_eq!(p.kind.engine_kind().map(|k| k.resets_periodic()), Some(false));
    }
}
