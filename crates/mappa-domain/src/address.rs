//! Addresses with history. "Home address" includes, for someone with no fixed
//! abode, a place where they can regularly be found (NOTIF-15), so that kind
//! carries a description instead of a postal address.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::values::{optional_text, parse_code, parse_date, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum!(
    /// What an address is to the person.
    AddressKind {
        Home = "home" : "Home address",
        Secondary = "secondary" : "Other address where they regularly stay",
        NoFixedAbode = "no_fixed_abode" : "No fixed abode (place regularly found)",
        ApprovedPremises = "approved_premises" : "Approved premises",
        Custody = "custody" : "Custody establishment",
        Hospital = "hospital" : "Hospital",
    }
);

/// One address in a person's history.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Address {
    pub id: ItemId,
    pub kind: AddressKind,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub town: Option<String>,
    pub postcode: Option<String>,
    /// Where a person of no fixed abode can regularly be found (NOTIF-15).
    pub place_description: Option<String>,
    pub from: Date,
    /// Last day at this address; None while current (CONV-13).
    pub to: Option<Date>,
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address {{ kind: {}, .. }}", self.kind)
    }
}

impl Address {
    /// Current on `day`: started on or before it and not ended before it.
    pub fn is_current_on(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|t| t >= day)
    }

    /// One line for lists and summaries.
    pub fn one_line(&self) -> String {
        if self.kind == AddressKind::NoFixedAbode {
            return self.place_description.clone().unwrap_or_default();
        }
        [&self.line1, &self.line2, &self.town, &self.postcode]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl AddressKind {
    /// Kinds that are where the person lives (their "home address", NOTIF-15);
    /// a person has one of these at a time.
    pub fn is_residence(self) -> bool {
        matches!(self, AddressKind::Home | AddressKind::NoFixedAbode | AddressKind::ApprovedPremises)
    }
}

/// The earlier residences a new one ends: each residence still current when
/// `new` starts ends the day before it (CONV-13: `to` is the last day there).
pub fn superseded_by(existing: &[Address], new: &Address) -> Vec<(ItemId, Date)> {
    if !new.kind.is_residence() {
        return Vec::new();
    }
    let Some(day_before) = new.from.yesterday().ok() else {
        return Vec::new();
    };
    existing
        .iter()
        .filter(|a| a.id != new.id && a.kind.is_residence() && a.from < new.from && a.to.is_none_or(|t| t >= new.from))
        .map(|a| (a.id, day_before))
        .collect()
}

/// A submitted address.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    pub kind: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub town: Option<String>,
    pub postcode: Option<String>,
    pub place_description: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

redacted_debug!(AddressInput);

impl AddressInput {
    /// Validates the address. Dates may be in the future only for `to` (a
    /// planned move-out); `from` must not be after `today`.
    pub fn parse(&self, id: ItemId, today: Date) -> Result<Address, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = match e.take(parse_code("kind", "address type", self.kind.as_deref(), AddressKind::from_code)) {
            Some(Some(k)) => Some(k),
            Some(None) => {
                e.add("kind", "required", "Select the type of address");
                None
            }
            None => None,
        };
        let from = match self.from.as_deref() {
            None => {
                e.add("from", "required", "Enter the date they started living at the address");
                None
            }
            Some(raw) => e.take(crate::values::parse_past_date("from", "start date", raw, today)),
        };
        let to = self
            .to
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|raw| e.take(parse_date("to", "end date", raw)));
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            e.add("to", "end_before_start", "End date must be the same as or after the start date");
        }
        let nfa = kind == Some(AddressKind::NoFixedAbode);
        let place_description = if nfa {
            e.take(required_text(
                "place_description",
                "where they can regularly be found",
                self.place_description.as_deref(),
                500,
            ))
        } else {
            e.take(optional_text("place_description", "place description", self.place_description.as_deref(), 500))
                .flatten()
        };
        let line1 = if nfa {
            e.take(optional_text("line1", "address line 1", self.line1.as_deref(), 200)).flatten()
        } else {
            e.take(required_text("line1", "address line 1", self.line1.as_deref(), 200))
        };
        let line2 = e.take(optional_text("line2", "address line 2", self.line2.as_deref(), 200)).flatten();
        let town = e.take(optional_text("town", "town or city", self.town.as_deref(), 100)).flatten();
        let postcode = match e.take(optional_text("postcode", "postcode", self.postcode.as_deref(), 10)).flatten() {
            Some(p) => match normalise_postcode(&p) {
                Some(p) => Some(p),
                None => {
                    e.add("postcode", "invalid_postcode", "Enter a real UK postcode, like SW1A 1AA");
                    None
                }
            },
            None => None,
        };
        if !nfa && town.is_none() && postcode.is_none() && e.is_empty() {
            e.add("postcode", "required", "Enter a town or a postcode");
        }
        match (kind, from) {
            (Some(kind), Some(from)) if e.is_empty() => {
                Ok(Address { id, kind, line1, line2, town, postcode, place_description, from, to })
            }
            _ => Err(e),
        }
    }
}

/// Upper-cases a UK postcode and puts the single space before the inward code.
pub fn normalise_postcode(raw: &str) -> Option<String> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if !(5..=7).contains(&s.len()) || !s.is_ascii() {
        return None;
    }
    let (outward, inward) = s.split_at(s.len() - 3);
    let ib = inward.as_bytes();
    let ob = outward.as_bytes();
    let inward_ok = ib[0].is_ascii_digit() && ib[1].is_ascii_uppercase() && ib[2].is_ascii_uppercase();
    let outward_ok =
        ob[0].is_ascii_uppercase() && ob.iter().all(u8::is_ascii_alphanumeric) && ob.iter().any(u8::is_ascii_digit);
    (inward_ok && outward_ok).then(|| format!("{outward} {inward}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn input(v: serde_json::Value) -> AddressInput {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn postcodes() {
        assert_eq!(normalise_postcode("sw1a1aa").as_deref(), Some("SW1A 1AA"));
        assert_eq!(normalise_postcode("E1 6AN").as_deref(), Some("E1 6AN"));
        assert_eq!(normalise_postcode("12345"), None);
        assert_eq!(normalise_postcode("ABC DEF"), None);
    }

    #[test]
    fn no_fixed_abode_needs_a_place_not_a_postal_address() {
        let today = date(2026, 11, 23);
        let a = input(serde_json::json!({"kind": "no_fixed_abode", "place_description": "Doorway by the library, Mare Street", "from": "2026-01-01"}))
            .parse(ItemId::new(), today)
            .unwrap();
        assert!(a.is_current_on(today));
        let e = input(serde_json::json!({"kind": "no_fixed_abode", "from": "2026-01-01"}))
            .parse(ItemId::new(), today)
            .unwrap_err();
        assert_eq!(e.0[0].field, "place_description");
        let e =
            input(serde_json::json!({"kind": "home", "from": "2026-01-01"})).parse(ItemId::new(), today).unwrap_err();
        assert_eq!(e.0[0].field, "line1");
    }

    #[test]
    fn a_new_home_ends_the_current_one_the_day_before() {
        let today = date(2026, 11, 23);
        let old = input(
            serde_json::json!({"kind": "home", "line1": "1 High St", "postcode": "E1 6AN", "from": "2020-01-01"}),
        )
        .parse(ItemId::new(), today)
        .unwrap();
        let hostel = input(
            serde_json::json!({"kind": "secondary", "line1": "2 Low St", "postcode": "E1 6AN", "from": "2020-01-01"}),
        )
        .parse(ItemId::new(), today)
        .unwrap();
        let new = input(serde_json::json!({"kind": "approved_premises", "line1": "3 Mid St", "postcode": "E1 6AN", "from": "2024-03-01"})).parse(ItemId::new(), today).unwrap();
        assert_eq!(superseded_by(&[old.clone(), hostel.clone()], &new), vec![(old.id, date(2024, 2, 29))]);
        // A secondary address ends nothing; an earlier-starting entry ends nothing.
        assert!(superseded_by(std::slice::from_ref(&old), &hostel).is_empty());
        let back_dated =
            input(serde_json::json!({"kind": "home", "line1": "4 St", "postcode": "E1 6AN", "from": "2019-01-01"}))
                .parse(ItemId::new(), today)
                .unwrap();
        assert!(superseded_by(&[old], &back_dated).is_empty());
    }

    #[test]
    fn history_dates_are_checked() {
        let today = date(2026, 11, 23);
        let e = input(serde_json::json!({"kind": "home", "line1": "1 High St", "postcode": "E1 6AN", "from": "2026-05-01", "to": "2026-04-30"}))
            .parse(ItemId::new(), today)
            .unwrap_err();
        assert_eq!(e.0[0].code, "end_before_start");
        let a = input(serde_json::json!({"kind": "home", "line1": "1 High St", "postcode": "E1 6AN", "from": "2026-05-01", "to": "2026-05-01"}))
            .parse(ItemId::new(), today)
            .unwrap();
        assert!(a.is_current_on(date(2026, 5, 1)));
        assert!(!a.is_current_on(date(2026, 5, 2)));
    }
}
