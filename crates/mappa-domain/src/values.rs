//! Small validated values shared by the record types: trimmed text with a
//! length limit, calendar dates, and parsing of coded fields.

use crate::error::FieldError;
use jiff::civil::Date;

/// Earliest date of birth accepted: nobody managed today was born before it.
pub const EARLIEST_DATE_OF_BIRTH: Date = jiff::civil::date(1900, 1, 1);

/// Trims `raw` and checks it is present and at most `max` characters, with no
/// control characters (they break printing and CSV export).
pub fn required_text(field: &str, label: &str, raw: Option<&str>, max: usize) -> Result<String, FieldError> {
    match optional_text(field, label, raw, max)? {
        Some(s) => Ok(s),
        None => Err(FieldError::new(field, "required", format!("Enter {label}"))),
    }
}

/// Like [`required_text`] but empty means absent.
pub fn optional_text(field: &str, label: &str, raw: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{} must be {max} characters or fewer", capitalise(label)),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(FieldError::new(
            field,
            "invalid_characters",
            format!("{} must not contain control characters", capitalise(label)),
        ));
    }
    Ok(Some(s.to_string()))
}

/// Parses an ISO 8601 calendar date (`YYYY-MM-DD`), rejecting impossible dates.
pub fn parse_date(field: &str, label: &str, raw: &str) -> Result<Date, FieldError> {
    let s = raw.trim();
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !well_formed {
        return Err(FieldError::new(
            field,
            "invalid_date",
            format!("{} must be a date in the form YYYY-MM-DD", capitalise(label)),
        ));
    }
    s.parse::<Date>()
        .map_err(|_| FieldError::new(field, "invalid_date", format!("{} must be a real date", capitalise(label))))
}

/// A date that must not be after `today` (dates of events that have happened).
pub fn parse_past_date(field: &str, label: &str, raw: &str, today: Date) -> Result<Date, FieldError> {
    let d = parse_date(field, label, raw)?;
    if d > today {
        return Err(FieldError::new(
            field,
            "date_in_future",
            format!("{} must be today or in the past", capitalise(label)),
        ));
    }
    Ok(d)
}

/// A date of birth: a real date, not in the future, not before 1900.
pub fn parse_date_of_birth(field: &str, raw: &str, today: Date) -> Result<Date, FieldError> {
    let d = parse_past_date(field, "date of birth", raw, today)?;
    if d < EARLIEST_DATE_OF_BIRTH {
        return Err(FieldError::new(field, "date_too_early", "Date of birth must be on or after 1 January 1900"));
    }
    Ok(d)
}

/// Parses a coded value; an unknown one is `invalid_choice`, in words (the
/// codes are in the API's schema, never in a message people read).
pub fn parse_code<T>(
    field: &str,
    label: &str,
    raw: Option<&str>,
    from_code: fn(&str) -> Option<T>,
) -> Result<Option<T>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    from_code(raw)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "invalid_choice", format!("Select the {label} from the list")))
}

/// A coded value that must be given: absent is `required`.
pub fn required_code<T>(
    field: &str,
    label: &str,
    raw: Option<&str>,
    from: fn(&str) -> Option<T>,
) -> Result<T, FieldError> {
    parse_code(field, label, raw, from)?
        .ok_or_else(|| FieldError::new(field, "required", format!("Select the {label}")))
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// An optional date of something that has happened: empty means absent.
pub fn optional_past_date(
    field: &str,
    label: &str,
    raw: Option<&str>,
    today: Date,
) -> Result<Option<Date>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_past_date(field, label, s, today).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn impossible_and_malformed_dates_are_rejected() {
        assert_eq!(parse_date("d", "date", "2023-02-30").unwrap_err().code, "invalid_date");
        assert_eq!(parse_date("d", "date", "2023-2-3").unwrap_err().code, "invalid_date");
        assert_eq!(parse_date("d", "date", "03/02/2023").unwrap_err().code, "invalid_date");
        assert_eq!(parse_date("d", "date", "2024-02-29").unwrap(), date(2024, 2, 29));
    }

    #[test]
    fn date_of_birth_in_future_or_before_1900_is_rejected() {
        let today = date(2026, 11, 23);
        assert_eq!(parse_date_of_birth("dob", "2026-11-24", today).unwrap_err().code, "date_in_future");
        assert_eq!(parse_date_of_birth("dob", "1899-12-31", today).unwrap_err().code, "date_too_early");
        assert!(parse_date_of_birth("dob", "2026-11-23", today).is_ok());
    }

    #[test]
    fn text_is_trimmed_and_limited() {
        assert_eq!(required_text("s", "surname", Some("  Ng "), 5).unwrap(), "Ng");
        assert_eq!(required_text("s", "surname", Some("   "), 5).unwrap_err().code, "required");
        assert_eq!(required_text("s", "surname", Some("abcdef"), 5).unwrap_err().code, "too_long");
        assert_eq!(required_text("s", "surname", Some("a\u{0}b"), 5).unwrap_err().code, "invalid_characters");
        // Length is in characters, not bytes.
        assert!(required_text("s", "surname", Some("ÉÉÉÉÉ"), 5).is_ok());
    }
}
