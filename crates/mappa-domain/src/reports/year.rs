//! The MAPPA reporting year: 1 April to 31 March (STAT-2).

use crate::error::ValidationErrors;
use jiff::civil::{Date, date};
use serde::Serialize;

/// The reporting year that starts on 1 April of `start` (STAT-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
pub struct ReportingYear {
    pub start: i16,
}

/// Years the reports accept: MAPPA began in 2001 (CJA 2000 ss67-68).
const FIRST_YEAR: i16 = 2001;

impl ReportingYear {
    /// 1 April of the starting year.
    pub fn first_day(self) -> Date {
        date(self.start, 4, 1)
    }

    /// 31 March of the following year: the day of the snapshot tables.
    pub fn last_day(self) -> Date {
        date(self.start + 1, 3, 31)
    }

    /// Whether `day` falls in the year.
    pub fn contains(self, day: Date) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    /// "2017/18".
    pub fn short_name(self) -> String {
        format!("{}/{:02}", self.start, (self.start + 1) % 100)
    }

    /// "1 April 2017 to 31 March 2018".
    pub fn long_name(self) -> String {
        format!("1 April {} to 31 March {}", self.start, self.start + 1)
    }

    /// The year before.
    pub fn previous(self) -> ReportingYear {
        ReportingYear { start: self.start - 1 }
    }

    /// The reporting year that `day` falls in.
    pub fn containing(day: Date) -> ReportingYear {
        let start = if day.month() >= 4 { day.year() } else { day.year() - 1 };
        ReportingYear { start }
    }

    /// Parses `year` (`YYYY`, the year the reporting year starts in). A year
    /// not yet begun on `today`, or before MAPPA, is refused, naming `year`.
    pub fn parse(raw: &str, today: Date) -> Result<ReportingYear, ValidationErrors> {
        let s = raw.trim();
        let Some(start) = s.parse::<i16>().ok().filter(|_| s.len() == 4) else {
            return Err(ValidationErrors::single(
                "year",
                "invalid_year",
                "Enter the year the reporting year starts in, like 2017 for 1 April 2017 to 31 March 2018",
            ));
        };
        if start < FIRST_YEAR {
            return Err(ValidationErrors::single(
                "year",
                "year_too_early",
                format!("There are no MAPPA reports before the year starting 1 April {FIRST_YEAR}"),
            ));
        }
        let year = ReportingYear { start };
        if year.first_day() > today {
            return Err(ValidationErrors::single("year", "year_not_begun", "That reporting year has not begun"));
        }
        Ok(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_2_the_year_runs_from_1_april_to_31_march() {
        let y = ReportingYear::parse("2017", date(2026, 12, 3)).unwrap();
        assert_eq!((y.first_day(), y.last_day()), (date(2017, 4, 1), date(2018, 3, 31)));
        assert!(y.contains(date(2018, 3, 31)) && !y.contains(date(2018, 4, 1)) && !y.contains(date(2017, 3, 31)));
        assert_eq!((y.short_name(), ReportingYear::containing(date(2018, 3, 31))), ("2017/18".to_string(), y));
        assert_eq!(ReportingYear::containing(date(2018, 4, 1)).start, 2018);
    }

    #[test]
    fn a_year_that_is_not_one_names_the_field() {
        let today = date(2026, 12, 3);
        for (raw, code) in
            [("17", "invalid_year"), ("abcd", "invalid_year"), ("1999", "year_too_early"), ("2027", "year_not_begun")]
        {
            let e = ReportingYear::parse(raw, today).unwrap_err();
            let f = e.first().unwrap();
            assert_eq!((f.field.as_str(), f.code), ("year", code), "{raw}");
        }
    }
}
