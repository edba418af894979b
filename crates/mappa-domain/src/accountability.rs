//! Agency accountability (seed 004: "challenge agencies if they fail to
//! attend MAPP meetings or do not carry out the actions they have agreed"):
//! per agency, its invitations and attendance and the actions it was given,
//! for a period. Figures about agencies, never about a person.

use crate::error::ValidationErrors;
use crate::values::parse_date;
use jiff::civil::Date;
use serde::Serialize;

/// One agency's figures for the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgencyAccountability {
    /// The agency's code.
    pub agency: String,
    pub agency_name: String,
    /// Invitations to discuss a case at a meeting held in the period.
    pub invited: i64,
    pub present: i64,
    /// Apologies, with or without a written report.
    pub apologies: i64,
    pub apologies_with_report: i64,
    pub apologies_without_report: i64,
    pub absent: i64,
    /// Invitations whose attendance has not been recorded.
    pub not_recorded: i64,
    /// Actions given at meetings held in the period (approved minutes).
    pub actions: i64,
    pub done_on_time: i64,
    pub done_late: i64,
    /// Open and not yet due.
    pub open: i64,
    /// Open and past their due date.
    pub overdue: i64,
    pub cancelled: i64,
}

/// The period and place a report covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// Parses a report's period: `from` and `to` (`YYYY-MM-DD`, inclusive); by
/// default the year to `today`.
pub fn parse_period(from: Option<&str>, to: Option<&str>, today: Date) -> Result<Period, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let blank = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let to = match blank(to) {
        Some(raw) => e.take(parse_date("to", "the end of the period", &raw)),
        None => Some(today),
    };
    let from = match blank(from) {
        Some(raw) => e.take(parse_date("from", "the start of the period", &raw)),
        None => to.and_then(|t| t.checked_sub(jiff::Span::new().years(1)).ok()).and_then(|d| d.tomorrow().ok()),
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        e.add("from", "after_to", "The start of the period must be on or before its end");
    }
    match (from, to) {
        (Some(from), Some(to)) if e.is_empty() => Ok(Period { from, to }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_defaults_to_the_year_to_today_and_runs_forwards() {
        let today = jiff::civil::date(2026, 12, 2);
        let p = parse_period(None, None, today).unwrap();
        assert_eq!((p.from, p.to), (jiff::civil::date(2025, 12, 3), today));
        let e = parse_period(Some("2026-12-02"), Some("2026-01-01"), today).unwrap_err();
        assert_eq!((e.first().unwrap().field.as_str(), e.first().unwrap().code), ("from", "after_to"));
        assert_eq!(parse_period(Some("2026-13-01"), None, today).unwrap_err().first().unwrap().code, "invalid_date");
    }
}
