//! National identifiers for a person, each with its own format check. Values
//! are normalised (upper case, no spaces) so search and duplicate checks match.

use crate::coded_enum;
use crate::error::FieldError;

coded_enum!(
    /// Kinds of identifier a record may carry.
    IdentifierKind {
        Pnc = "pnc" : "PNC ID",
        Cro = "cro" : "CRO number",
        PrisonNumber = "prison_number" : "Prison number",
        ProbationCrn = "probation_crn" : "Probation case reference (CRN)",
        NiNumber = "ni_number" : "National Insurance number",
    }
);

/// Letters used for the PNC check character: the serial modulo 23 indexes this.
const PNC_CHECK_LETTERS: &[u8; 23] = b"ZABCDEFGHJKLMNPQRTUVWXY";

/// The PNC check character for a two-digit year and a serial number.
pub fn pnc_check_char(year2: u32, serial: u32) -> char {
    let n = u64::from(year2) * 10_000_000 + u64::from(serial);
    PNC_CHECK_LETTERS[(n % 23) as usize] as char
}

/// Checks and normalises an identifier of `kind`. The message never repeats the
/// value (it is personal data).
pub fn normalise_identifier(kind: IdentifierKind, field: &str, raw: &str) -> Result<String, FieldError> {
    let v: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let bad = |hint: &str| {
        FieldError::new(field, "invalid_identifier", format!("Enter a {} in the format {hint}", kind.label()))
    };
    if v.is_empty() {
        return Err(FieldError::new(field, "required", format!("Enter the {}", kind.label())));
    }
    match kind {
        IdentifierKind::Pnc => {
            normalise_pnc(&v).ok_or_else(|| bad("YYYY/NNNNNNNA with a correct check letter, like 2001/0012345T"))
        }
        IdentifierKind::Cro => {
            let ok = match v.split_once('/') {
                Some((serial, rest)) if serial.starts_with("SF") => {
                    let year = &serial[2..];
                    year.len() == 2
                        && all_digits(year)
                        && rest.len() >= 2
                        && rest.len() <= 7
                        && ends_with_letter(rest)
                        && all_digits(&rest[..rest.len() - 1])
                }
                Some((serial, rest)) => {
                    (1..=6).contains(&serial.len())
                        && all_digits(serial)
                        && rest.len() == 3
                        && all_digits(&rest[..2])
                        && ends_with_letter(rest)
                }
                None => false,
            };
            if ok { Ok(v) } else { Err(bad("NNNNNN/YYA, like 123456/01A")) }
        }
        IdentifierKind::PrisonNumber => {
            let b = v.as_bytes();
            let ok = b.len() == 7
                && b[0].is_ascii_uppercase()
                && b[1..5].iter().all(u8::is_ascii_digit)
                && b[5..].iter().all(u8::is_ascii_uppercase);
            if ok { Ok(v) } else { Err(bad("A1234BC")) }
        }
        IdentifierKind::ProbationCrn => {
            let b = v.as_bytes();
            let ok = b.len() == 7 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
            if ok { Ok(v) } else { Err(bad("X123456")) }
        }
        IdentifierKind::NiNumber => {
            if valid_ni_number(&v) {
                Ok(v)
            } else {
                Err(bad("AB123456C"))
            }
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn ends_with_letter(s: &str) -> bool {
    s.bytes().last().is_some_and(|b| b.is_ascii_uppercase())
}

/// PNC IDs are written YY/NNNNNNNA or YYYY/NNNNNNNA; we store the four-digit-year
/// form with a seven-digit serial so one person has one spelling.
fn normalise_pnc(v: &str) -> Option<String> {
    let (year, rest) = v.split_once('/')?;
    if !(year.len() == 2 || year.len() == 4) || !all_digits(year) || rest.len() < 2 || rest.len() > 8 {
        return None;
    }
    let (serial, check) = rest.split_at(rest.len() - 1);
    if !all_digits(serial) || !ends_with_letter(check) {
        return None;
    }
    let serial_n: u32 = serial.parse().ok()?;
    let year_n: u32 = year.parse().ok()?;
    let year2 = year_n % 100;
    let full_year = if year.len() == 4 {
        year_n
    } else if year2 > 50 {
        1900 + year2
    } else {
        2000 + year2
    };
    let expected = pnc_check_char(year2, serial_n);
    check.starts_with(expected).then(|| format!("{full_year:04}/{serial_n:07}{expected}"))
}

/// HMRC's published format: two prefix letters (with excluded letters and
/// pairs), six digits, and a suffix A–D.
fn valid_ni_number(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 9 || !b[2..8].iter().all(u8::is_ascii_digit) || !matches!(b[8], b'A'..=b'D') {
        return false;
    }
    let (p1, p2) = (b[0], b[1]);
    if !p1.is_ascii_uppercase() || !p2.is_ascii_uppercase() {
        return false;
    }
    if b"DFIQUV".contains(&p1) || b"DFIOQUV".contains(&p2) {
        return false;
    }
    !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&&v[..2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(kind: IdentifierKind, raw: &str) -> String {
        normalise_identifier(kind, "f", raw).unwrap()
    }

    fn bad(kind: IdentifierKind, raw: &str) -> bool {
        normalise_identifier(kind, "f", raw).is_err()
    }

    #[test]
    fn pnc_check_letter_is_verified_and_form_normalised() {
        let c = pnc_check_char(1, 12345);
        let four = ok(IdentifierKind::Pnc, &format!("2001/12345{c}"));
        assert_eq!(four, format!("2001/0012345{c}"));
        assert_eq!(ok(IdentifierKind::Pnc, &format!("01/0012345{}", c.to_ascii_lowercase())), four);
        let wrong = if c == 'A' { 'B' } else { 'A' };
        assert!(bad(IdentifierKind::Pnc, &format!("2001/0012345{wrong}")));
        assert!(bad(IdentifierKind::Pnc, "2001-0012345A"));
    }

    #[test]
    fn other_identifier_formats() {
        assert_eq!(ok(IdentifierKind::PrisonNumber, "a1234bc"), "A1234BC");
        assert!(bad(IdentifierKind::PrisonNumber, "A12345C"));
        assert_eq!(ok(IdentifierKind::ProbationCrn, "X123456"), "X123456");
        assert!(bad(IdentifierKind::ProbationCrn, "123456X"));
        assert_eq!(ok(IdentifierKind::NiNumber, "ab 12 34 56 c"), "AB123456C");
        assert!(bad(IdentifierKind::NiNumber, "QQ123456C"), "Q is never a prefix letter");
        assert!(bad(IdentifierKind::NiNumber, "GB123456A"));
        assert!(bad(IdentifierKind::NiNumber, "DA123456A"));
        assert!(bad(IdentifierKind::NiNumber, "AB123456E"));
        assert_eq!(ok(IdentifierKind::Cro, "123456/01a"), "123456/01A");
        assert_eq!(ok(IdentifierKind::Cro, "SF95/123456A"), "SF95/123456A");
        assert!(bad(IdentifierKind::Cro, "1234567/01A"));
    }

    #[test]
    fn errors_do_not_echo_the_value() {
        let e = normalise_identifier(IdentifierKind::NiNumber, "f", "ZZ999999Z").unwrap_err();
        assert!(!e.message.contains("ZZ999999Z"));
    }
}
