//! Time in custody, detained in hospital or outside the UK.
//!
//! These periods stop the notification clock (NOTIF-11, NOTIF-32, CONV-6), and
//! a release from custody or hospital is itself a notifiable event (NOTIF-23).
//! `to` is the day of release or return: that day is at liberty in the UK.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::values::{optional_text, parse_past_date};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// Where the person was, away from liberty in the UK.
    PeriodKind {
        Custody = "custody" : "Custody or remand",
        Hospital = "hospital" : "Detention in hospital",
        Abroad = "abroad" : "Outside the UK",
    }
);

impl PeriodKind {
    /// What ending the period is called: release, discharge or return.
    pub fn end_word(self) -> &'static str {
        match self {
            PeriodKind::Custody => "release",
            PeriodKind::Hospital => "discharge",
            PeriodKind::Abroad => "return",
        }
    }

    /// Whether the end of the period must be notified as a change (NOTIF-23:
    /// release from custody or hospital detention). A return from abroad is
    /// notified under the travel regulations instead (NOTIF-44).
    pub fn end_is_notifiable(self) -> bool {
        matches!(self, PeriodKind::Custody | PeriodKind::Hospital)
    }
}

/// One stored period.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    pub id: ItemId,
    pub kind: PeriodKind,
    pub from: Date,
    /// Day of release, discharge or return; `None` while it lasts.
    pub to: Option<Date>,
    /// Establishment, hospital or countries, as told.
    pub place: Option<String>,
}

redacted_debug!(Period);

impl Period {
    /// Whether the person is away on `day` (the `to` day is at liberty).
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|t| day < t)
    }

    /// Two periods share a day away. Touching is allowed: released from
    /// custody and admitted to hospital on the same day.
    fn overlaps(&self, from: Date, to: Option<Date>) -> bool {
        let ends_after = |end: Option<Date>, start: Date| end.is_none_or(|e| e > start);
        ends_after(self.to, from) && ends_after(to, self.from)
    }
}

/// A period as entered (API and form).
#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodInput {
    pub from: Option<String>,
    pub to: Option<String>,
    pub place: Option<String>,
}

/// The end of an open period as entered.
#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodEndInput {
    pub to: Option<String>,
}

impl PeriodInput {
    /// Checks dates (events that have happened), their order, and that the
    /// period shares no day with another period of any kind: nobody is in
    /// prison and abroad at once.
    pub fn parse(&self, kind: PeriodKind, existing: &[Period], today: Date) -> Result<Period, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let from = match self.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => errors.take(parse_past_date("from", "start date", raw, today)),
            None => {
                errors.add("from", "required", "Enter the start date");
                None
            }
        };
        let to = match self.to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => errors.take(parse_past_date("to", &format!("{} date", kind.end_word()), raw, today)).map(Some),
            None => Some(None),
        };
        let place = errors.take(optional_text("place", "the place", self.place.as_deref(), 200));
        let (Some(from), Some(to), Some(place)) = (from, to, place) else { return Err(errors) };
        let period = Period { id: ItemId::new(), kind, from, to, place };
        check_period(&period, existing, None).map(|()| period)
    }
}

/// Checks a period's end against its start and the others; `skip` is the
/// period being changed.
pub fn check_period(p: &Period, existing: &[Period], skip: Option<ItemId>) -> Result<(), ValidationErrors> {
    if let Some(to) = p.to
        && to < p.from
    {
        return Err(ValidationErrors::single(
            "to",
            "before_start",
            format!("The {} date must be on or after the start date", p.kind.end_word()),
        ));
    }
    if let Some(other) = existing.iter().find(|e| Some(e.id) != skip && e.overlaps(p.from, p.to)) {
        let until = other.to.map_or_else(|| "and has not ended".to_string(), |t| format!("to {t}"));
        return Err(ValidationErrors::single(
            "from",
            "overlaps",
            format!(
                "The period overlaps a recorded period ({}, from {} {until}): a person can only be in one place",
                other.kind.label().to_lowercase(),
                other.from
            ),
        ));
    }
    Ok(())
}

impl PeriodEndInput {
    /// Ends an open period: release, discharge or return.
    pub fn parse(&self, open: &Period, existing: &[Period], today: Date) -> Result<Period, ValidationErrors> {
        if open.to.is_some() {
            return Err(ValidationErrors::single("to", "already_ended", "This period has already ended"));
        }
        let label = format!("{} date", open.kind.end_word());
        let to = match self.to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => parse_past_date("to", &label, raw, today).map_err(|e| ValidationErrors(vec![e]))?,
            None => return Err(ValidationErrors::single("to", "required", format!("Enter the {label}"))),
        };
        let ended = Period { to: Some(to), ..open.clone() };
        check_period(&ended, existing, Some(open.id)).map(|()| ended)
    }
}

/// The period the person is in on `day`, if any.
pub fn away_on(periods: &[Period], day: Date) -> Option<&Period> {
    periods.iter().find(|p| p.covers(day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn input(from: &str, to: &str) -> PeriodInput {
        PeriodInput { from: Some(from.into()), to: Some(to.into()), place: None }
    }

    fn period(kind: PeriodKind, from: Date, to: Option<Date>) -> Period {
        Period { id: ItemId::new(), kind, from, to, place: None }
    }

    #[test]
    fn release_before_the_start_is_refused_naming_to() {
        let e = input("2024-05-01", "2024-04-30").parse(PeriodKind::Custody, &[], TODAY).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("to", "before_start"));
        assert!(e.0[0].message.contains("release date"));
    }

    #[test]
    fn future_dates_are_refused() {
        let e = input("2026-11-24", "").parse(PeriodKind::Abroad, &[], TODAY).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("from", "date_in_future"));
        let e = input("2026-11-01", "2026-12-01").parse(PeriodKind::Abroad, &[], TODAY).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("to", "date_in_future"));
    }

    #[test]
    fn overlapping_periods_of_any_kind_are_refused_but_touching_is_allowed() {
        let existing = [period(PeriodKind::Custody, date(2024, 1, 1), Some(date(2024, 6, 1)))];
        let e = input("2024-05-31", "2024-07-01").parse(PeriodKind::Abroad, &existing, TODAY).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("from", "overlaps"));
        // Released to hospital on the day of release (CONV-6: `to` is at liberty).
        assert!(input("2024-06-01", "2024-08-01").parse(PeriodKind::Hospital, &existing, TODAY).is_ok());
        let open = [period(PeriodKind::Custody, date(2025, 1, 1), None)];
        let e = input("2025-03-01", "").parse(PeriodKind::Custody, &open, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "overlaps");
        assert!(input("2024-03-01", "2024-06-01").parse(PeriodKind::Custody, &open, TODAY).is_ok());
    }

    #[test]
    fn ending_an_open_period_checks_order_and_overlap() {
        let open = period(PeriodKind::Custody, date(2025, 1, 1), None);
        let later = period(PeriodKind::Abroad, date(2025, 9, 1), Some(date(2025, 9, 10)));
        let all = [open.clone(), later];
        let end = |to: &str| PeriodEndInput { to: Some(to.into()) }.parse(&open, &all, TODAY);
        assert_eq!(end("2024-12-31").unwrap_err().0[0].code, "before_start");
        assert_eq!(end("2025-09-05").unwrap_err().0[0].code, "overlaps");
        assert_eq!(end("2025-08-01").unwrap().to, Some(date(2025, 8, 1)));
        assert_eq!(end("").unwrap_err().0[0].code, "required");
    }

    #[test]
    fn the_release_day_is_at_liberty_conv_6() {
        let p = period(PeriodKind::Custody, date(2019, 3, 4), Some(date(2020, 6, 1)));
        assert!(p.covers(date(2020, 5, 31)));
        assert!(!p.covers(date(2020, 6, 1)));
        assert!(away_on(&[p], date(2019, 3, 4)).is_some());
    }
}
