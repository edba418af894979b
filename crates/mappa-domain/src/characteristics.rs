//! Protected characteristics, each a coded answer that tells "not yet asked"
//! from "declined to say" from an answer. They feed equality monitoring (seed
//! 001: "mandatory fields, not free text"), so there is no free-text option.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// Code meaning the question has not been asked yet.
pub const NOT_ASKED: &str = "not_asked";
/// Code meaning the person was asked and chose not to say.
pub const DECLINED: &str = "declined";

/// One answer to one question.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Answer {
    #[default]
    NotAsked,
    Declined,
    /// A code from the characteristic's list.
    Answered(String),
}

impl Answer {
    pub fn code(&self) -> &str {
        match self {
            Answer::NotAsked => NOT_ASKED,
            Answer::Declined => DECLINED,
            Answer::Answered(c) => c,
        }
    }
}

impl utoipa::PartialSchema for Answer {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::api_schema::text("A code from the question's list, or `declined` or `not_asked`.")
    }
}

impl utoipa::ToSchema for Answer {}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The questions asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Characteristic {
    Ethnicity,
    Religion,
    Disability,
    SexualOrientation,
    GenderIdentity,
    Nationality,
    FirstLanguage,
    InterpreterNeeded,
}

/// ONS 2021 census ethnic groups (England and Wales), with the 18+1 codes used
/// for self-defined ethnicity in policing.
const ETHNICITY: &[(&str, &str)] = &[
    ("A1", "Asian or Asian British: Indian"),
    ("A2", "Asian or Asian British: Pakistani"),
    ("A3", "Asian or Asian British: Bangladeshi"),
    ("A4", "Asian or Asian British: Chinese"),
    ("A9", "Asian or Asian British: any other Asian background"),
    ("B1", "Black, Black British, Caribbean or African: Caribbean"),
    ("B2", "Black, Black British, Caribbean or African: African"),
    ("B9", "Black, Black British, Caribbean or African: any other Black background"),
    ("M1", "Mixed or multiple ethnic groups: White and Black Caribbean"),
    ("M2", "Mixed or multiple ethnic groups: White and Black African"),
    ("M3", "Mixed or multiple ethnic groups: White and Asian"),
    ("M9", "Mixed or multiple ethnic groups: any other Mixed background"),
    ("W1", "White: English, Welsh, Scottish, Northern Irish or British"),
    ("W2", "White: Irish"),
    ("W3", "White: Gypsy or Irish Traveller"),
    ("W4", "White: Roma"),
    ("W9", "White: any other White background"),
    ("O2", "Other ethnic group: Arab"),
    ("O9", "Other ethnic group: any other ethnic group"),
];

/// ONS 2021 census religion question.
const RELIGION: &[(&str, &str)] = &[
    ("no_religion", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Any other religion"),
];

/// GSS harmonised disability question (Equality Act 2010 definition).
const DISABILITY: &[(&str, &str)] = &[
    ("yes_limited_a_lot", "Yes, day-to-day activities limited a lot"),
    ("yes_limited_a_little", "Yes, day-to-day activities limited a little"),
    ("no", "No"),
];

/// ONS 2021 census sexual orientation question.
const SEXUAL_ORIENTATION: &[(&str, &str)] = &[
    ("heterosexual", "Straight or heterosexual"),
    ("gay_or_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Other sexual orientation"),
];

/// ONS 2021 census gender identity question.
const GENDER_IDENTITY: &[(&str, &str)] = &[
    ("same_as_sex_registered_at_birth", "Same as sex registered at birth"),
    ("different_from_sex_registered_at_birth", "Different from sex registered at birth"),
];

const YES_NO: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No")];

impl Characteristic {
    pub const ALL: &'static [Characteristic] = &[
        Characteristic::Ethnicity,
        Characteristic::Religion,
        Characteristic::Disability,
        Characteristic::SexualOrientation,
        Characteristic::GenderIdentity,
        Characteristic::Nationality,
        Characteristic::FirstLanguage,
        Characteristic::InterpreterNeeded,
    ];

    /// The field name in the API and the column name in the database.
    pub fn field(self) -> &'static str {
        match self {
            Characteristic::Ethnicity => "ethnicity",
            Characteristic::Religion => "religion",
            Characteristic::Disability => "disability",
            Characteristic::SexualOrientation => "sexual_orientation",
            Characteristic::GenderIdentity => "gender_identity",
            Characteristic::Nationality => "nationality",
            Characteristic::FirstLanguage => "first_language",
            Characteristic::InterpreterNeeded => "interpreter_needed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Characteristic::Ethnicity => "Ethnic group",
            Characteristic::Religion => "Religion or belief",
            Characteristic::Disability => "Disability",
            Characteristic::SexualOrientation => "Sexual orientation",
            Characteristic::GenderIdentity => "Gender identity",
            Characteristic::Nationality => "Nationality",
            Characteristic::FirstLanguage => "First language",
            Characteristic::InterpreterNeeded => "Interpreter needed",
        }
    }

    fn fixed_list(self) -> Option<&'static [(&'static str, &'static str)]> {
        match self {
            Characteristic::Ethnicity => Some(ETHNICITY),
            Characteristic::Religion => Some(RELIGION),
            Characteristic::Disability => Some(DISABILITY),
            Characteristic::SexualOrientation => Some(SEXUAL_ORIENTATION),
            Characteristic::GenderIdentity => Some(GENDER_IDENTITY),
            Characteristic::InterpreterNeeded => Some(YES_NO),
            Characteristic::Nationality | Characteristic::FirstLanguage => None,
        }
    }

    /// Every answer code with its label, in display order (for select lists).
    /// Nationality is ISO 3166-1 alpha-2; first language is ISO 639-3.
    pub fn options(self) -> Vec<(String, String)> {
        match self.fixed_list() {
            Some(list) => list.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect(),
            None if self == Characteristic::Nationality => {
                let mut v: Vec<(String, String)> = celes::Country::get_countries()
                    .iter()
                    .map(|c| (c.alpha2.to_string(), c.long_name.to_string()))
                    .collect();
                v.sort_by(|a, b| a.1.cmp(&b.1));
                v
            }
            None => {
                let mut v: Vec<(String, String)> = isolang::languages()
                    .filter(|l| l.to_639_1().is_some())
                    .map(|l| (l.to_639_3().to_string(), l.to_name().to_string()))
                    .collect();
                v.sort_by(|a, b| a.1.cmp(&b.1));
                v
            }
        }
    }

    /// The label for an answer code, or None if the code is not in the list.
    pub fn label_of(self, code: &str) -> Option<String> {
        match code {
            NOT_ASKED => return Some("Not yet asked".into()),
            DECLINED => return Some("Declined to say".into()),
            _ => {}
        }
        match self.fixed_list() {
            Some(list) => list.iter().find(|(c, _)| *c == code).map(|(_, l)| l.to_string()),
            None if self == Characteristic::Nationality => country_label(code).map(str::to_string),
            None => {
                if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
                    return None;
                }
                isolang::Language::from_639_3(code).map(|l| l.to_name().to_string())
            }
        }
    }

    /// Parses a submitted code; absent means "not yet asked".
    pub fn parse(self, field: &str, raw: Option<&str>) -> Result<Answer, FieldError> {
        let Some(code) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Answer::NotAsked);
        };
        match code {
            NOT_ASKED => Ok(Answer::NotAsked),
            DECLINED => Ok(Answer::Declined),
            _ if self.label_of(code).is_some() => Ok(Answer::Answered(code.to_string())),
            _ => Err(FieldError::new(
                field,
                "invalid_choice",
                format!("Select a valid {} code, \"{NOT_ASKED}\" or \"{DECLINED}\"", self.label().to_lowercase()),
            )),
        }
    }
}

/// All the answers for one person.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct ProtectedCharacteristics {
    pub ethnicity: Answer,
    pub religion: Answer,
    pub disability: Answer,
    pub sexual_orientation: Answer,
    pub gender_identity: Answer,
    pub nationality: Answer,
    pub first_language: Answer,
    pub interpreter_needed: Answer,
}

impl ProtectedCharacteristics {
    pub fn get(&self, c: Characteristic) -> &Answer {
        match c {
            Characteristic::Ethnicity => &self.ethnicity,
            Characteristic::Religion => &self.religion,
            Characteristic::Disability => &self.disability,
            Characteristic::SexualOrientation => &self.sexual_orientation,
            Characteristic::GenderIdentity => &self.gender_identity,
            Characteristic::Nationality => &self.nationality,
            Characteristic::FirstLanguage => &self.first_language,
            Characteristic::InterpreterNeeded => &self.interpreter_needed,
        }
    }

    pub fn get_mut(&mut self, c: Characteristic) -> &mut Answer {
        match c {
            Characteristic::Ethnicity => &mut self.ethnicity,
            Characteristic::Religion => &mut self.religion,
            Characteristic::Disability => &mut self.disability,
            Characteristic::SexualOrientation => &mut self.sexual_orientation,
            Characteristic::GenderIdentity => &mut self.gender_identity,
            Characteristic::Nationality => &mut self.nationality,
            Characteristic::FirstLanguage => &mut self.first_language,
            Characteristic::InterpreterNeeded => &mut self.interpreter_needed,
        }
    }
}

/// The submitted form of [`ProtectedCharacteristics`]: raw codes.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CharacteristicsInput {
    pub ethnicity: Option<String>,
    pub religion: Option<String>,
    pub disability: Option<String>,
    pub sexual_orientation: Option<String>,
    pub gender_identity: Option<String>,
    pub nationality: Option<String>,
    pub first_language: Option<String>,
    pub interpreter_needed: Option<String>,
}

impl CharacteristicsInput {
    pub fn get(&self, c: Characteristic) -> Option<&str> {
        match c {
            Characteristic::Ethnicity => self.ethnicity.as_deref(),
            Characteristic::Religion => self.religion.as_deref(),
            Characteristic::Disability => self.disability.as_deref(),
            Characteristic::SexualOrientation => self.sexual_orientation.as_deref(),
            Characteristic::GenderIdentity => self.gender_identity.as_deref(),
            Characteristic::Nationality => self.nationality.as_deref(),
            Characteristic::FirstLanguage => self.first_language.as_deref(),
            Characteristic::InterpreterNeeded => self.interpreter_needed.as_deref(),
        }
    }

    /// Fills in only the answers this input carries (for PATCH).
    pub fn overlay(&mut self, patch: &CharacteristicsInput) {
        for c in Characteristic::ALL {
            if let Some(v) = patch.get(*c) {
                *self.slot(*c) = Some(v.to_string());
            }
        }
    }

    fn slot(&mut self, c: Characteristic) -> &mut Option<String> {
        match c {
            Characteristic::Ethnicity => &mut self.ethnicity,
            Characteristic::Religion => &mut self.religion,
            Characteristic::Disability => &mut self.disability,
            Characteristic::SexualOrientation => &mut self.sexual_orientation,
            Characteristic::GenderIdentity => &mut self.gender_identity,
            Characteristic::Nationality => &mut self.nationality,
            Characteristic::FirstLanguage => &mut self.first_language,
            Characteristic::InterpreterNeeded => &mut self.interpreter_needed,
        }
    }

    pub fn from_answers(p: &ProtectedCharacteristics) -> Self {
        let mut out = Self::default();
        for c in Characteristic::ALL {
            *out.slot(*c) = Some(p.get(*c).code().to_string());
        }
        out
    }

    /// Validates every answer, collecting one error per bad field under `prefix`.
    pub fn parse(&self, prefix: &str, errors: &mut crate::error::ValidationErrors) -> ProtectedCharacteristics {
        let mut out = ProtectedCharacteristics::default();
        for c in Characteristic::ALL {
            let field = format!("{prefix}{}", c.field());
            if let Some(a) = errors.take(c.parse(&field, self.get(*c))) {
                *out.get_mut(*c) = a;
            }
        }
        out
    }
}

/// The English name of a country given as an ISO 3166 alpha-2 code (upper
/// case), or `None` if there is no such country.
pub fn country_label(code: &str) -> Option<&'static str> {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    celes::Country::from_alpha2(code).ok().map(|c| c.long_name)
}

/// The ISO 3166 alpha-2 code of a country given as people write it: its
/// code ("FR", "fr"), its name ("France", "united states of america") or a
/// common alias ("USA", "England"); `None` if it names no country.
pub fn country_code(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    if raw.len() == 2 {
        return celes::Country::from_alpha2(raw.to_ascii_uppercase()).ok().map(|c| c.alpha2);
    }
    let key: String = raw.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if key.is_empty() {
        return None;
    }
    celes::Country::from_name(&key)
        .or_else(|_| celes::Country::from_alias(&key))
        .or_else(|_| key.parse::<celes::Country>())
        .ok()
        .map(|c| c.alpha2)
}

/// Every country, by English name, as (code, name), for a choice of country.
pub fn countries() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = celes::Country::get_countries().iter().map(|c| (c.alpha2, c.long_name)).collect();
    all.sort_by_key(|(_, name)| name.trim_start_matches("The ").to_lowercase());
    all
}

#[cfg(test)]
mod tests {

    #[test]
    fn countries_are_read_as_people_write_them() {
        for (raw, code) in [
            ("FR", "FR"),
            ("fr", "FR"),
            ("France", "FR"),
            ("united states of america", "US"),
            ("USA", "US"),
            ("England", "GB"),
        ] {
            assert_eq!(country_code(raw), Some(code), "{raw}");
        }
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_code(" "), None);
        assert!(countries().len() > 240);
    }

    use super::*;

    #[test]
    fn not_asked_declined_and_answers_are_distinct() {
        let c = Characteristic::Religion;
        assert_eq!(c.parse("r", None).unwrap(), Answer::NotAsked);
        assert_eq!(c.parse("r", Some("declined")).unwrap(), Answer::Declined);
        assert_eq!(c.parse("r", Some("sikh")).unwrap(), Answer::Answered("sikh".into()));
        assert_eq!(c.parse("r", Some("Jedi")).unwrap_err().code, "invalid_choice");
    }

    #[test]
    fn nationality_and_language_use_iso_codes() {
        assert!(Characteristic::Nationality.parse("n", Some("GB")).is_ok());
        assert!(Characteristic::Nationality.parse("n", Some("XX")).is_err());
        assert!(Characteristic::Nationality.parse("n", Some("British")).is_err());
        assert!(Characteristic::FirstLanguage.parse("l", Some("pol")).is_ok());
        assert!(Characteristic::FirstLanguage.parse("l", Some("Polish")).is_err());
        assert!(Characteristic::Nationality.options().len() > 200);
        assert!(Characteristic::FirstLanguage.options().len() > 150);
    }

    #[test]
    fn ethnicity_has_the_nineteen_ons_2021_groups() {
        assert_eq!(Characteristic::Ethnicity.options().len(), 19);
    }
}
