//! Calendar helpers: period arithmetic (CONV-2), counted days (CONV-6) and age
//! (CONV-9). All arithmetic is jiff's civil calendar; nothing here reads a clock.
//! Every function is total: arithmetic that would leave jiff's range gives
//! `None` rather than panicking.

use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};

/// A period during which a person is unavailable (custody, hospital, abroad).
///
/// `from` is the first day away; `to` is the day of release or return, which
/// is itself a day at liberty in the UK and is counted (CONV-6). `to: None`
/// means the period has not ended.
#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    #[serde(deserialize_with = "de_date")]
    pub from: Date,
    #[serde(default, deserialize_with = "de_opt_date")]
    pub to: Option<Date>,
}

impl Interval {
    pub fn new(from: Date, to: Option<Date>) -> Self {
        Interval { from, to }
    }

    /// Whether `day` is a day away (not counted): `from <= day < to`.
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day < to)
    }
}

/// How a 29 February birthday is treated in common years (CONV-9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeapDayBirthday {
    /// The birthday is taken as 1 March in common years (CONV-9 default).
    #[default]
    March1,
    /// The birthday is taken as 28 February in common years.
    February28,
}

/// Adds whole calendar months, clamping to the month's last day (CONV-2):
/// 31 January + 1 month = 28 or 29 February.
pub fn add_months(date: Date, months: i64) -> Option<Date> {
    let span = Span::new().try_months(months).ok()?;
    date.checked_add(span).ok()
}

/// Adds days.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    let span = Span::new().try_days(days).ok()?;
    date.checked_add(span).ok()
}

/// Last day of a period of `months` calendar months beginning with `start`:
/// `start + months - 1 day` (CONV-2). Example: 120 months (10 years)
/// beginning with 2019-03-04 ends 2029-03-03.
pub fn period_last_day(start: Date, months: u32) -> Option<Date> {
    add_months(start, i64::from(months))?.yesterday().ok()
}

/// ISO 8601 duration for a number of calendar months, normalised to years
/// and months (`P10Y`, `P3Y6M`, `P6M`) as CONV-3 writes them.
pub fn iso_months(months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    match (y, m) {
        (0, 0) => "P0D".to_string(),
        (y, 0) => format!("P{y}Y"),
        (0, m) => format!("P{m}M"),
        (y, m) => format!("P{y}Y{m}M"),
    }
}

/// Plain-English length for explanations: "10 years", "3 years 6 months".
/// A `Display` value rather than a `String`, to spare an allocation per step.
pub fn words_months(months: u32) -> MonthsInWords {
    MonthsInWords(months)
}

/// See [`words_months`].
#[derive(Clone, Copy, Debug)]
pub struct MonthsInWords(u32);

impl std::fmt::Display for MonthsInWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m) = (self.0 / 12, self.0 % 12);
        let unit = |n: u32, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match (y, m) {
            (0, 0) => f.write_str("0 months"),
            (y, 0) => write!(f, "{y} {}", unit(y, "year", "years")),
            (0, m) => write!(f, "{m} {}", unit(m, "month", "months")),
            (y, m) => write!(f, "{y} {} {m} {}", unit(y, "year", "years"), unit(m, "month", "months")),
        }
    }
}

/// The unavailable period covering `day`, preferring the one that ends last
/// (an open-ended one wins), so that overlapping periods are skipped in one jump.
fn covering(day: Date, unavailable: &[Interval]) -> Option<Option<Date>> {
    let mut best: Option<Option<Date>> = None;
    for iv in unavailable.iter().filter(|iv| iv.covers(day)) {
        best = Some(match (best, iv.to) {
            (None, to) => to,
            (Some(None), _) | (Some(_), None) => None,
            (Some(Some(a)), Some(b)) => Some(a.max(b)),
        });
    }
    best
}

/// Whether `day` falls in any unavailable period.
pub fn is_unavailable(day: Date, unavailable: &[Interval]) -> bool {
    unavailable.iter().any(|iv| iv.covers(day))
}

/// The `n`th counted day beginning with `start` (CONV-6): `start` is day 1
/// when it is counted; days in custody, in hospital or abroad are skipped.
///
/// `None` when the count cannot finish: the person is still away (an open
/// period), or the calendar runs out.
pub fn nth_counted_day(start: Date, n: u32, unavailable: &[Interval]) -> Option<Date> {
    if n == 0 {
        return None;
    }
    let mut day = start;
    let mut counted = 0;
    loop {
        match covering(day, unavailable) {
            // Still away: the deadline cannot be fixed yet.
            Some(None) => return None,
            // Jump to the day of release or return, which is counted.
            Some(Some(back)) => day = back,
            None => {
                counted += 1;
                if counted == n {
                    return Some(day);
                }
                day = day.tomorrow().ok()?;
            }
        }
    }
}

/// The date a person born on `dob` attains `years` (CONV-9): the start of the
/// anniversary; a 29 February birthday falls on 1 March (or 28 February, by
/// configuration) in common years.
pub fn birthday(dob: Date, years: i16, leap: LeapDayBirthday) -> Option<Date> {
    let year = dob.year().checked_add(years)?;
    if dob.month() == 2 && dob.day() == 29 {
        if let Ok(d) = Date::new(year, 2, 29) {
            return Some(d);
        }
        return match leap {
            LeapDayBirthday::March1 => Date::new(year, 3, 1).ok(),
            LeapDayBirthday::February28 => Date::new(year, 2, 28).ok(),
        };
    }
    Date::new(year, dob.month(), dob.day()).ok()
}

/// Age in whole years on `on` (CONV-9). Negative before birth.
pub fn age_on(dob: Date, on: Date, leap: LeapDayBirthday) -> i16 {
    let mut age = on.year() - dob.year();
    match birthday(dob, age, leap) {
        Some(b) if on < b => age -= 1,
        Some(_) => {}
        None => {}
    }
    age
}

/// Whether the person was under 18 on `on` (CONV-9; s82(2)).
pub fn under_18_on(dob: Date, on: Date, leap: LeapDayBirthday) -> bool {
    age_on(dob, on, leap) < 18
}

const BAD_SHAPE: &str = "must be a date written YYYY-MM-DD";
const BAD_MONTH: &str = "is not a real date: the month must be 01 to 12";
const BAD_DAY: &str = "is not a real date: that day does not exist in that month";
/// The only messages [`parse_date`] gives (they carry no input).
pub(crate) const DATE_MESSAGES: [&str; 3] = [BAD_SHAPE, BAD_MONTH, BAD_DAY];

/// Strict `YYYY-MM-DD` parsing for facts. The error message never repeats the
/// input, so no personal data reaches error values or logs.
pub fn parse_date(s: &str) -> Result<Date, &'static str> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(BAD_SHAPE);
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i16>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(BAD_SHAPE);
    };
    if !(1..=12).contains(&m) {
        return Err(BAD_MONTH);
    }
    let m = m as i8;
    Date::new(y, m, d as i8).map_err(|_| BAD_DAY)
}

/// Serde helper: a required strict date.
pub fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let s = String::deserialize(d)?;
    parse_date(&s).map_err(serde::de::Error::custom)
}

/// Serde helper: an optional (nullable) strict date.
pub fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_date(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

/// One strict date, so that errors inside a list carry the element's index.
struct StrictDate(Date);

impl<'de> Deserialize<'de> for StrictDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de_date(d).map(StrictDate)
    }
}

/// Serde helper: a list of strict dates.
pub fn de_dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    let v = Vec::<StrictDate>::deserialize(d)?;
    Ok(v.into_iter().map(|s| s.0).collect())
}

redacted_debug!(Interval);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn conv_2_ten_years_beginning_with_2019_03_04_ends_2029_03_03() {
        assert_eq!(period_last_day(date(2019, 3, 4), 120), Some(date(2029, 3, 3)));
    }

    #[test]
    fn conv_2_month_end_clamps_31_january_plus_one_month() {
        assert_eq!(add_months(date(2023, 1, 31), 1), Some(date(2023, 2, 28)));
        assert_eq!(add_months(date(2024, 1, 31), 1), Some(date(2024, 2, 29)));
    }

    #[test]
    fn conv_2_period_ending_on_29_february() {
        // 1 year beginning with 2019-03-01: 2020-03-01 - 1 day = 2020-02-29.
        assert_eq!(period_last_day(date(2019, 3, 1), 12), Some(date(2020, 2, 29)));
        // 10 years beginning with 2010-03-01 ends 2020-02-29.
        assert_eq!(period_last_day(date(2010, 3, 1), 120), Some(date(2020, 2, 29)));
    }

    #[test]
    fn conv_2_period_beginning_on_29_february_clamps_then_subtracts_a_day() {
        // CONV-2 applied literally: 2020-02-29 + 1 year = 2021-02-28 (clamped),
        // minus one day = 2021-02-27.
        assert_eq!(period_last_day(date(2020, 2, 29), 12), Some(date(2021, 2, 27)));
        // Into another leap year there is no clamping: 2024-02-29 - 1 = 2024-02-28.
        assert_eq!(period_last_day(date(2020, 2, 29), 48), Some(date(2024, 2, 28)));
    }

    #[test]
    fn conv_3_years_and_months_add_as_total_months() {
        // 3 years 6 months from 2019-08-31: 42 months on, clamped to 28 February.
        assert_eq!(add_months(date(2019, 8, 31), 42), Some(date(2023, 2, 28)));
        assert_eq!(period_last_day(date(2019, 8, 31), 42), Some(date(2023, 2, 27)));
    }

    #[test]
    fn conv_3_iso_durations() {
        assert_eq!(iso_months(120), "P10Y");
        assert_eq!(iso_months(42), "P3Y6M");
        assert_eq!(iso_months(30), "P2Y6M");
        assert_eq!(iso_months(6), "P6M");
        assert_eq!(words_months(42).to_string(), "3 years 6 months");
        assert_eq!(words_months(12).to_string(), "1 year");
        assert_eq!(words_months(1).to_string(), "1 month");
    }

    #[test]
    fn conv_6_released_day_is_counted() {
        let custody = [Interval::new(date(2019, 3, 4), Some(date(2020, 6, 1)))];
        assert_eq!(nth_counted_day(date(2019, 3, 4), 3, &custody), Some(date(2020, 6, 3)));
    }

    #[test]
    fn conv_6_no_unavailability_is_plain_three_days() {
        assert_eq!(nth_counted_day(date(2024, 2, 28), 3, &[]), Some(date(2024, 3, 1)));
        assert_eq!(nth_counted_day(date(2023, 2, 28), 3, &[]), Some(date(2023, 3, 2)));
    }

    #[test]
    fn conv_6_day_abroad_in_the_middle_is_skipped() {
        // Event Monday 2024-01-01; abroad 2024-01-02, back 2024-01-03.
        let abroad = [Interval::new(date(2024, 1, 2), Some(date(2024, 1, 3)))];
        assert_eq!(nth_counted_day(date(2024, 1, 1), 3, &abroad), Some(date(2024, 1, 4)));
    }

    #[test]
    fn conv_6_overlapping_and_adjacent_periods() {
        let away = [
            Interval::new(date(2024, 1, 1), Some(date(2024, 1, 10))),
            Interval::new(date(2024, 1, 5), Some(date(2024, 1, 12))),
            Interval::new(date(2024, 1, 12), Some(date(2024, 1, 13))),
        ];
        assert_eq!(nth_counted_day(date(2024, 1, 1), 3, &away), Some(date(2024, 1, 15)));
    }

    #[test]
    fn conv_6_still_in_custody_cannot_be_fixed() {
        let custody = [Interval::new(date(2024, 1, 2), None)];
        assert_eq!(nth_counted_day(date(2024, 1, 1), 3, &custody), None);
    }

    #[test]
    fn conv_6_same_day_release_counts_nothing_away() {
        let custody = [Interval::new(date(2024, 1, 1), Some(date(2024, 1, 1)))];
        assert_eq!(nth_counted_day(date(2024, 1, 1), 3, &custody), Some(date(2024, 1, 3)));
    }

    #[test]
    fn conv_9_age_attained_at_start_of_birthday() {
        let l = LeapDayBirthday::March1;
        assert_eq!(age_on(date(2000, 5, 1), date(2018, 4, 30), l), 17);
        assert_eq!(age_on(date(2000, 5, 1), date(2018, 5, 1), l), 18);
    }

    #[test]
    fn conv_9_leap_day_birthday_is_1_march_in_common_years() {
        let dob = date(2004, 2, 29);
        assert_eq!(age_on(dob, date(2022, 2, 28), LeapDayBirthday::March1), 17);
        assert_eq!(age_on(dob, date(2022, 3, 1), LeapDayBirthday::March1), 18);
        assert_eq!(age_on(dob, date(2022, 2, 28), LeapDayBirthday::February28), 18);
        assert_eq!(age_on(dob, date(2024, 2, 29), LeapDayBirthday::March1), 20);
        assert_eq!(age_on(dob, date(2024, 2, 28), LeapDayBirthday::March1), 19);
    }

    #[test]
    fn parse_date_rejects_impossible_and_malformed_dates_without_echoing_them() {
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, 2, 29)));
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("2023-13-01").is_err());
        assert!(parse_date("2023-1-01").is_err());
        assert!(parse_date("2023-01-01T00:00").is_err());
        let msg = parse_date("2023-02-30").unwrap_err();
        assert!(!msg.contains("2023"));
    }
}
