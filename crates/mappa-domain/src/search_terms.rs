//! What a search box's text asks for. People type a date of birth as they
//! would write it ("29 September 1972", "29 Sept 1972", "29/9/1972",
//! "29.09.1972", "1972-09-29"), alone or with a name ("Smith 29/09/1972"):
//! the date is read out of the text and the rest are name words.

use jiff::civil::Date;

/// The parts of a search: name words (as typed, in order) and a date of birth.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SearchTerms {
    pub words: Vec<String>,
    pub date_of_birth: Option<Date>,
}

redacted_debug!(SearchTerms);

/// Reads search text: the first date found (one token with separators, or
/// day, month name and year in three), and the other words.
pub fn read(raw: &str) -> SearchTerms {
    let tokens: Vec<&str> = raw.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    for (i, t) in tokens.iter().enumerate() {
        if let Some(d) = numeric_date(t) {
            return SearchTerms { words: without(&tokens, i, 1), date_of_birth: Some(d) };
        }
        if let [day, month, year] = tokens.get(i..i + 3).unwrap_or_default()
            && let Some(d) = named_month_date(day, month, year)
        {
            return SearchTerms { words: without(&tokens, i, 3), date_of_birth: Some(d) };
        }
    }
    SearchTerms { words: tokens.iter().map(|t| t.to_string()).collect(), date_of_birth: None }
}

fn without(tokens: &[&str], at: usize, n: usize) -> Vec<String> {
    tokens.iter().enumerate().filter(|(i, _)| *i < at || *i >= at + n).map(|(_, t)| t.to_string()).collect()
}

/// `1972-09-29`, or day, month and four-digit year joined by `/`, `.` or `-`.
fn numeric_date(t: &str) -> Option<Date> {
    if let Ok(d) = t.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    let [d, m, y] = parts[..] else { return None };
    if y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// `29 September 1972`, `29 Sept 1972`, `29th Sep 1972`.
fn named_month_date(day: &str, month: &str, year: &str) -> Option<Date> {
    let day = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let month = month.trim_end_matches('.').to_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let m = MONTHS.iter().position(|name| month.len() >= 3 && name.starts_with(month.as_str()))?;
    if year.len() != 4 {
        return None;
    }
    Date::new(year.parse().ok()?, i8::try_from(m + 1).ok()?, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let want = Some(date(1972, 9, 29));
        for raw in [
            "29 September 1972",
            "29 Sept 1972",
            "29th sep 1972",
            "29/9/1972",
            "29.09.1972",
            "29-09-1972",
            "1972-09-29",
        ] {
            let t = read(raw);
            assert_eq!((t.date_of_birth, t.words.len()), (want, 0), "{raw}");
        }
    }

    #[test]
    fn a_name_and_a_date_are_told_apart() {
        let t = read("Smith, 29/09/1972 John");
        assert_eq!(t.date_of_birth, Some(date(1972, 9, 29)));
        assert_eq!(t.words, vec!["Smith", "John"]);
        let t = read("June Smith");
        assert_eq!((t.date_of_birth, t.words.len()), (None, 2), "a name that is a month is a name");
        assert_eq!(read("31/02/1972").date_of_birth, None, "not a real date");
        assert_eq!(read("29/09/72").date_of_birth, None, "a two-digit year is not guessed");
    }
}
