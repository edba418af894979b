//! The rules engine's explanations as people read them. The engine's text is
//! for the API as well: it names records by id, dates in ISO form, and the
//! configuration keys and the confirmation status in rules.md that an
//! auditor or developer wants. On a page, records are named by what they
//! are, dates are written out ("4 March 2019"), and the configuration and
//! status notes give way to the rule and its citation shown beside the text.

use super::people::long_date;
use jiff::civil::Date;

/// `text` for a page: each id in `names` replaced by its name, ISO dates
/// written out, and notes on configuration and confirmation left out.
pub fn plain(text: &str, names: &[(String, String)]) -> String {
    let mut out = without_notes(text);
    for (id, name) in names {
        if let Some(rest) = out.strip_prefix(id.as_str()) {
            out = format!("{}{rest}", capitalised(name));
        }
        out = out.replace(id.as_str(), name);
    }
    let out = dates_written_out(&out);
    out.replace("UNCONFIRMED", "not confirmed").replace("  ", " ")
}

/// Leaves out parenthesised notes that name configuration keys or rules.md,
/// keeping the sentence's full stop when the note held it.
fn without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(len) = closing(&rest[open..]) else { break };
        let note = &rest[open + 1..open + len];
        let technical = ["configuration:", "rules.md", "UNCONFIRMED", "SECONDARY"].iter().any(|w| note.contains(w));
        if technical {
            out.push_str(rest[..open].trim_end());
            if note.trim_end().ends_with('.') && !rest[open + len + 1..].starts_with('.') {
                out.push('.');
            }
        } else {
            out.push_str(&rest[..=open + len]);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The byte length up to the `)` that closes the `(` at the start of `s`.
fn closing(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn dates_written_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let candidate = text.get(i..i + 10).filter(|c| {
            let b = c.as_bytes();
            b[4] == b'-' && b[7] == b'-' && c.chars().enumerate().all(|(k, ch)| k == 4 || k == 7 || ch.is_ascii_digit())
        });
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if let Some(c) = candidate.filter(|_| boundary)
            && let Ok(d) = c.parse::<Date>()
        {
            out.push_str(&long_date(d));
            i += 10;
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_keys_and_rules_md_status_are_left_to_the_api() {
        let t = "An application received on 2026-03-02 should be decided within 6 weeks, by 2026-04-13 (configuration: notification.review_decision_weeks = 6; UNCONFIRMED in rules.md, extendable).";
        assert_eq!(
            plain(t, &[]),
            "An application received on 2 March 2026 should be decided within 6 weeks, by 13 April 2026."
        );
        let t = "Breach of an SRO has effect (configuration: notification.sro_breach_notification_effect = true; the E&W section is UNCONFIRMED in rules.md.)";
        assert_eq!(plain(t, &[]), "Breach of an SRO has effect.");
        let t = "The definition of Category 4 is UNCONFIRMED; eligibility lasts (a guess) until 2027-01-01.";
        assert_eq!(
            plain(t, &[]),
            "The definition of Category 4 is not confirmed; eligibility lasts (a guess) until 1 January 2027."
        );
    }

    #[test]
    fn records_are_named_by_what_they_are() {
        let names = vec![("01a2b3".to_string(), "the conviction of 4 March 2019".to_string())];
        assert_eq!(
            plain("01a2b3: 24 months, so the period is 10 years from 2019-03-04.", &names),
            "The conviction of 4 March 2019: 24 months, so the period is 10 years from 4 March 2019."
        );
    }
}
