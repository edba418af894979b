//! A person's record (a "nominal"): identity, other names, identifiers,
//! physical description and protected characteristics. Addresses, disposals,
//! the MAPPA case and shares are separate modules: they have their own history.

use crate::characteristics::{CharacteristicsInput, ProtectedCharacteristics};
use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::identifiers::{IdentifierKind, normalise_identifier};
use crate::values::{optional_text, parse_code, parse_date_of_birth, required_code, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Longest name part accepted (PNC allows far less; we allow for transliteration).
pub const MAX_NAME: usize = 100;
/// At most this many other names, dates of birth or identifiers on one record.
pub const MAX_LIST: usize = 50;

coded_enum!(
    /// Gender as recorded (the API names: `male`, `female`, `other`, `not_known`).
    Gender {
        Male = "male" : "Male",
        Female = "female" : "Female",
        Other = "other" : "Other",
        NotKnown = "not_known" : "Not known",
    }
);

coded_enum!(
    /// Why a record carries another name.
    NameKind {
        Alias = "alias" : "Alias",
        Nickname = "nickname" : "Nickname",
        GangName = "gang_name" : "Gang name",
        PreviousName = "previous_name" : "Previous name",
    }
);

coded_enum!(
    /// Build, as police descriptive forms record it.
    Build {
        Slight = "slight" : "Slight",
        Thin = "thin" : "Thin",
        Medium = "medium" : "Medium",
        Athletic = "athletic" : "Athletic",
        Stocky = "stocky" : "Stocky",
        Heavy = "heavy" : "Heavy",
    }
);

/// Another name the person uses or has used.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OtherName {
    pub kind: NameKind,
    pub name: String,
}

/// A national identifier, normalised.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Identifier {
    pub kind: IdentifierKind,
    pub value: String,
}

/// How the person looks; photographs come later.
#[derive(Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PhysicalDescription {
    pub height_cm: Option<u16>,
    pub build: Option<Build>,
    pub eye_colour: Option<String>,
    pub hair_colour: Option<String>,
    pub distinguishing_marks: Option<String>,
}

/// The validated, editable identity part of a record.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NominalDetails {
    pub surname: String,
    pub forenames: String,
    pub date_of_birth: Date,
    /// Further dates of birth the person has given or that records hold.
    pub other_dates_of_birth: Vec<Date>,
    pub gender: Gender,
    pub other_names: Vec<OtherName>,
    pub identifiers: Vec<Identifier>,
    pub physical_description: PhysicalDescription,
    pub protected_characteristics: ProtectedCharacteristics,
}

// Personal data: Debug shows shape, never content (principle 5).
redacted_debug!(
    OtherName,
    Identifier,
    PhysicalDescription,
    NominalDetails,
    NominalInput,
    OtherNameInput,
    IdentifierInput,
    DescriptionInput
);

/// "SURNAME, Forenames", the form practitioners scan lists by.
pub fn display_name(surname: &str, forenames: &str) -> String {
    format!("{}, {forenames}", surname.to_uppercase())
}

impl NominalDetails {
    /// "SURNAME, Forenames", the form practitioners scan lists by.
    pub fn display_name(&self) -> String {
        display_name(&self.surname, &self.forenames)
    }
}

/// What a caller submits to create a record, as raw values so every problem
/// can be reported against its field.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominalInput {
    pub surname: Option<String>,
    pub forenames: Option<String>,
    pub date_of_birth: Option<String>,
    pub other_dates_of_birth: Option<Vec<String>>,
    pub gender: Option<String>,
    pub other_names: Option<Vec<OtherNameInput>>,
    pub identifiers: Option<Vec<IdentifierInput>>,
    pub physical_description: Option<DescriptionInput>,
    pub protected_characteristics: Option<CharacteristicsInput>,
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherNameInput {
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentifierInput {
    pub kind: Option<String>,
    pub value: Option<String>,
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionInput {
    pub height_cm: Option<i64>,
    pub build: Option<String>,
    pub eye_colour: Option<String>,
    pub hair_colour: Option<String>,
    pub distinguishing_marks: Option<String>,
}

impl NominalInput {
    /// The input that would recreate `d` (used to apply a PATCH on top).
    pub fn from_details(d: &NominalDetails) -> Self {
        Self {
            surname: Some(d.surname.clone()),
            forenames: Some(d.forenames.clone()),
            date_of_birth: Some(d.date_of_birth.to_string()),
            other_dates_of_birth: Some(d.other_dates_of_birth.iter().map(Date::to_string).collect()),
            gender: Some(d.gender.code().into()),
            other_names: Some(
                d.other_names
                    .iter()
                    .map(|n| OtherNameInput { kind: Some(n.kind.code().into()), name: Some(n.name.clone()) })
                    .collect(),
            ),
            identifiers: Some(
                d.identifiers
                    .iter()
                    .map(|i| IdentifierInput { kind: Some(i.kind.code().into()), value: Some(i.value.clone()) })
                    .collect(),
            ),
            physical_description: Some(DescriptionInput {
                height_cm: d.physical_description.height_cm.map(i64::from),
                build: d.physical_description.build.map(|b| b.code().into()),
                eye_colour: d.physical_description.eye_colour.clone(),
                hair_colour: d.physical_description.hair_colour.clone(),
                distinguishing_marks: d.physical_description.distinguishing_marks.clone(),
            }),
            protected_characteristics: Some(CharacteristicsInput::from_answers(&d.protected_characteristics)),
        }
    }

    /// Applies a partial update: fields present in `patch` replace these; lists
    /// are replaced whole; characteristics are replaced one by one.
    pub fn overlay(&mut self, patch: NominalInput) {
        macro_rules! take {
            ($($f:ident),+) => {$( if patch.$f.is_some() { self.$f = patch.$f; } )+};
        }
        take!(
            surname,
            forenames,
            date_of_birth,
            other_dates_of_birth,
            gender,
            other_names,
            identifiers,
            physical_description
        );
        if let Some(p) = patch.protected_characteristics {
            self.protected_characteristics.get_or_insert_with(Default::default).overlay(&p);
        }
    }

    /// Validates everything, reporting every problem with its field.
    pub fn parse(&self, today: Date) -> Result<NominalDetails, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let surname = e.take(required_text("surname", "surname", self.surname.as_deref(), MAX_NAME));
        let forenames = e.take(required_text("forenames", "forenames", self.forenames.as_deref(), MAX_NAME));
        let date_of_birth = match self.date_of_birth.as_deref() {
            None => {
                e.add("date_of_birth", "required", "Enter date of birth");
                None
            }
            Some(raw) => e.take(parse_date_of_birth("date_of_birth", raw, today)),
        };
        let mut other_dates_of_birth = Vec::new();
        let other_dobs = self.other_dates_of_birth.as_deref().unwrap_or_default();
        check_list_len(&mut e, "other_dates_of_birth", other_dobs.len());
        for (i, raw) in other_dobs.iter().enumerate() {
            if let Some(d) = e.take(parse_date_of_birth(&format!("other_dates_of_birth[{i}]"), raw, today))
                && Some(d) != date_of_birth
                && !other_dates_of_birth.contains(&d)
            {
                other_dates_of_birth.push(d);
            }
        }
        let gender = match e.take(parse_code("gender", "gender", self.gender.as_deref(), Gender::from_code)) {
            Some(Some(g)) => Some(g),
            Some(None) => {
                e.add("gender", "required", "Select the gender");
                None
            }
            None => None,
        };
        let other_names = self.parse_other_names(&mut e);
        let identifiers = self.parse_identifiers(&mut e);
        let physical_description = self.physical_description.clone().unwrap_or_default().parse(&mut e);
        let protected_characteristics =
            self.protected_characteristics.clone().unwrap_or_default().parse("protected_characteristics.", &mut e);
        match (surname, forenames, date_of_birth, gender) {
            (Some(surname), Some(forenames), Some(date_of_birth), Some(gender)) if e.is_empty() => Ok(NominalDetails {
                surname,
                forenames,
                date_of_birth,
                other_dates_of_birth,
                gender,
                other_names,
                identifiers,
                physical_description,
                protected_characteristics,
            }),
            _ => Err(e),
        }
    }

    fn parse_other_names(&self, e: &mut ValidationErrors) -> Vec<OtherName> {
        let list = self.other_names.as_deref().unwrap_or_default();
        check_list_len(e, "other_names", list.len());
        let mut out = Vec::new();
        for (i, n) in list.iter().enumerate() {
            let kind = e.take(required_code(
                &format!("other_names[{i}].kind"),
                "kind of name",
                n.kind.as_deref(),
                NameKind::from_code,
            ));
            let name = e.take(required_text(
                &format!("other_names[{i}].name"),
                "the other name",
                n.name.as_deref(),
                2 * MAX_NAME + 1,
            ));
            if let (Some(kind), Some(name)) = (kind, name) {
                let item = OtherName { kind, name };
                if !out.contains(&item) {
                    out.push(item);
                }
            }
        }
        out
    }

    fn parse_identifiers(&self, e: &mut ValidationErrors) -> Vec<Identifier> {
        let list = self.identifiers.as_deref().unwrap_or_default();
        check_list_len(e, "identifiers", list.len());
        let mut out: Vec<Identifier> = Vec::new();
        for (i, n) in list.iter().enumerate() {
            let kind = e.take(required_code(
                &format!("identifiers[{i}].kind"),
                "kind of identifier",
                n.kind.as_deref(),
                IdentifierKind::from_code,
            ));
            let Some(kind) = kind else { continue };
            let field = format!("identifiers[{i}].value");
            if let Some(value) = e.take(normalise_identifier(kind, &field, n.value.as_deref().unwrap_or(""))) {
                if out.iter().any(|x| x.kind == kind && x.value != value && single_valued(kind)) {
                    e.add(field, "conflicting_identifier", format!("A person can have only one {}", kind.label()));
                } else if !out.iter().any(|x| x.kind == kind && x.value == value) {
                    out.push(Identifier { kind, value });
                }
            }
        }
        out
    }
}

/// A person has one PNC ID and one NI number; other identifiers can repeat
/// (a new prison number per sentence, a new CRN after a merge).
fn single_valued(kind: IdentifierKind) -> bool {
    matches!(kind, IdentifierKind::Pnc | IdentifierKind::NiNumber)
}

fn check_list_len(e: &mut ValidationErrors, field: &str, len: usize) {
    if len > MAX_LIST {
        e.add(field, "too_many", format!("Enter {MAX_LIST} or fewer"));
    }
}

impl DescriptionInput {
    fn parse(&self, e: &mut ValidationErrors) -> PhysicalDescription {
        let height_cm = match self.height_cm {
            None => None,
            Some(h) if (50..=250).contains(&h) => Some(h as u16),
            Some(_) => {
                e.add(
                    "physical_description.height_cm",
                    "out_of_range",
                    "Height must be between 50 and 250 centimetres",
                );
                None
            }
        };
        let build = e
            .take(parse_code("physical_description.build", "build", self.build.as_deref(), Build::from_code))
            .flatten();
        let eye_colour = e
            .take(optional_text("physical_description.eye_colour", "eye colour", self.eye_colour.as_deref(), 50))
            .flatten();
        let hair_colour = e
            .take(optional_text("physical_description.hair_colour", "hair colour", self.hair_colour.as_deref(), 50))
            .flatten();
        let distinguishing_marks = e
            .take(optional_text(
                "physical_description.distinguishing_marks",
                "distinguishing marks",
                self.distinguishing_marks.as_deref(),
                2000,
            ))
            .flatten();
        PhysicalDescription { height_cm, build, eye_colour, hair_colour, distinguishing_marks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn valid() -> NominalInput {
        serde_json::from_value(serde_json::json!({
            "surname": "Okafor", "forenames": "Daniel James", "date_of_birth": "1984-02-29", "gender": "male",
            "other_dates_of_birth": ["1984-03-01"],
            "other_names": [{"kind": "nickname", "name": "DJ"}],
            "identifiers": [{"kind": "ni_number", "value": "ab 12 34 56 c"}],
            "protected_characteristics": {"religion": "declined", "ethnicity": "B2"}
        }))
        .unwrap()
    }

    #[test]
    fn a_valid_record_parses_and_normalises() {
        let d = valid().parse(TODAY).unwrap();
        assert_eq!(d.display_name(), "OKAFOR, Daniel James");
        assert_eq!(d.identifiers[0].value, "AB123456C");
        assert_eq!(d.protected_characteristics.religion.code(), "declined");
        assert_eq!(d.protected_characteristics.disability.code(), "not_asked");
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut i = valid();
        i.surname = Some(" ".into());
        i.date_of_birth = Some("2027-01-01".into());
        i.gender = Some("man".into());
        i.other_names = Some(vec![OtherNameInput { kind: Some("moniker".into()), name: None }]);
        let e = i.parse(TODAY).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("surname", "required"),
                ("date_of_birth", "date_in_future"),
                ("gender", "invalid_choice"),
                ("other_names[0].kind", "invalid_choice"),
                ("other_names[0].name", "required"),
            ]
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let r: Result<NominalInput, _> = serde_json::from_value(serde_json::json!({"surname": "A", "shoe_size": 9}));
        assert!(r.unwrap_err().to_string().contains("shoe_size"));
    }

    #[test]
    fn a_second_pnc_id_is_a_conflict() {
        let c1 = crate::identifiers::pnc_check_char(1, 1);
        let c2 = crate::identifiers::pnc_check_char(1, 2);
        let mut i = valid();
        i.identifiers = Some(vec![
            IdentifierInput { kind: Some("pnc".into()), value: Some(format!("01/1{c1}")) },
            IdentifierInput { kind: Some("pnc".into()), value: Some(format!("01/2{c2}")) },
        ]);
        assert_eq!(i.parse(TODAY).unwrap_err().0[0].code, "conflicting_identifier");
    }

    #[test]
    fn patch_replaces_only_what_it_carries() {
        let d = valid().parse(TODAY).unwrap();
        let mut i = NominalInput::from_details(&d);
        let patch: NominalInput = serde_json::from_value(serde_json::json!({
            "forenames": "Dan", "protected_characteristics": {"disability": "no"}
        }))
        .unwrap();
        i.overlay(patch);
        let d2 = i.parse(TODAY).unwrap();
        assert_eq!(d2.forenames, "Dan");
        assert_eq!(d2.surname, "Okafor");
        assert_eq!(d2.protected_characteristics.religion.code(), "declined");
        assert_eq!(d2.protected_characteristics.disability.code(), "no");
    }

    #[test]
    fn debug_never_shows_personal_data() {
        let d = valid().parse(TODAY).unwrap();
        assert!(!format!("{d:?}").contains("Okafor"));
        assert!(!format!("{:?}", valid()).contains("Okafor"));
    }
}
