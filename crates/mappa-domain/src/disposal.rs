//! Disposals: convictions, cautions and findings, with their offences and the
//! sentence. The field names and codes are those of the rules engine's facts,
//! so a stored disposal feeds the engine without translation.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::values::{optional_text, parse_code, parse_past_date, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// What kind of outcome the disposal is.
    DisposalKind {
        Conviction = "conviction" : "Conviction",
        Caution = "caution" : "Caution",
        InsanityFinding = "insanity_finding" : "Not guilty by reason of insanity",
        DisabilityFinding = "disability_finding" : "Unfit to plead, found to have done the act",
    }
);

coded_enum!(
    /// Sentence types (issue 3's vocabulary; CAT-2 and the s82 table depend on them).
    SentenceType {
        Life = "life" : "Life imprisonment or detention",
        Ipp = "ipp" : "Imprisonment or detention for public protection",
        Imprisonment = "imprisonment" : "Imprisonment",
        SuspendedImprisonment = "suspended_imprisonment" : "Suspended imprisonment",
        Detention = "detention" : "Detention (young offender)",
        Dto = "dto" : "Detention and training order",
        HospitalOrder = "hospital_order" : "Hospital order",
        HospitalOrderWithRestriction = "hospital_order_with_restriction" : "Hospital order with restriction",
        GuardianshipOrder = "guardianship_order" : "Guardianship order",
        ConditionalDischarge = "conditional_discharge" : "Conditional discharge",
        AbsoluteDischarge = "absolute_discharge" : "Absolute discharge",
        CommunityOrder = "community_order" : "Community order",
        Fine = "fine" : "Fine",
        None = "none" : "No sentence",
    }
);

/// The sentence passed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Sentence {
    #[serde(rename = "type")]
    pub sentence_type: SentenceType,
    pub term_months: Option<u32>,
    pub term_days: Option<u32>,
    pub period_months: Option<u32>,
    pub consecutive_to: Option<ItemId>,
}

/// One offence within a disposal, with the statutory markers.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Offence {
    pub description: String,
    pub offence_date: Option<Date>,
    /// Sexual Offences Act 2003 Schedule 3 (NOTIF-01).
    pub schedule_3: bool,
    /// Criminal Justice Act 2003 Schedule 15 (CAT-2).
    pub schedule_15: bool,
    pub murder: bool,
    pub terrorism: bool,
    /// A child sex offence (CJA 2003 s327B, Schedule 34): the authority
    /// must consider disclosure (DIS-6).
    pub child_sex_offence: bool,
}

redacted_debug!(Offence);

/// A disposal as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Disposal {
    pub id: ItemId,
    pub kind: DisposalKind,
    /// The relevant date: conviction, caution or finding (CONV-4).
    pub date: Date,
    pub sentence_date: Option<Date>,
    pub court: Option<String>,
    /// True when any offence is marked, or the disposal itself was marked.
    pub schedule_3: bool,
    pub schedule_15: bool,
    pub murder: bool,
    pub terrorism: bool,
    /// Any of its offences is a child sex offence (DIS-6).
    pub child_sex_offence: bool,
    pub sentence: Sentence,
    pub offences: Vec<Offence>,
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SentenceInput {
    #[serde(rename = "type")]
    pub sentence_type: Option<String>,
    pub term_months: Option<i64>,
    pub term_days: Option<i64>,
    pub period_months: Option<i64>,
    pub consecutive_to: Option<String>,
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OffenceInput {
    pub description: Option<String>,
    pub offence_date: Option<String>,
    #[serde(default)]
    pub schedule_3: bool,
    #[serde(default)]
    pub schedule_15: bool,
    #[serde(default)]
    pub murder: bool,
    #[serde(default)]
    pub terrorism: bool,
    #[serde(default)]
    pub child_sex_offence: bool,
}

/// A submitted disposal (the rules engine's `disposals` fields plus court,
/// sentence date and offences).
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisposalInput {
    pub kind: Option<String>,
    pub date: Option<String>,
    pub sentence_date: Option<String>,
    pub court: Option<String>,
    #[serde(default)]
    pub schedule_3: bool,
    #[serde(default)]
    pub schedule_15: bool,
    #[serde(default)]
    pub murder: bool,
    #[serde(default)]
    pub terrorism: bool,
    pub sentence: Option<SentenceInput>,
    pub offences: Option<Vec<OffenceInput>>,
}

redacted_debug!(DisposalInput);

/// Longest custodial term accepted in months (anything longer is a life sentence).
const MAX_TERM_MONTHS: i64 = 1200;

impl DisposalInput {
    /// Validates a disposal. `existing` are the ids of the person's other
    /// disposals, which `consecutive_to` may name.
    pub fn parse(&self, id: ItemId, today: Date, existing: &[ItemId]) -> Result<Disposal, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = required(&mut e, "kind", "kind of disposal", self.kind.as_deref(), DisposalKind::from_code);
        let date = match self.date.as_deref() {
            Some(raw) => e.take(parse_past_date("date", "date of conviction, caution or finding", raw, today)),
            None => {
                e.add("date", "required", "Enter the date of conviction, caution or finding");
                None
            }
        };
        let sentence_date = self
            .sentence_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|raw| e.take(parse_past_date("sentence_date", "sentence date", raw, today)));
        if let (Some(d), Some(s)) = (date, sentence_date)
            && s < d
        {
            e.add(
                "sentence_date",
                "sentence_before_conviction",
                "Sentence date must be the same as or after the date of conviction or finding",
            );
        }
        let court = e.take(optional_text("court", "court", self.court.as_deref(), 200)).flatten();
        let sentence = self.parse_sentence(&mut e, kind, existing);
        let offences = self.parse_offences(&mut e, today);
        let any = |f: fn(&Offence) -> bool| offences.iter().any(f);
        match (kind, date, sentence) {
            (Some(kind), Some(date), Some(sentence)) if e.is_empty() => Ok(Disposal {
                id,
                kind,
                date,
                sentence_date,
                court,
                schedule_3: self.schedule_3 || any(|o| o.schedule_3),
                schedule_15: self.schedule_15 || any(|o| o.schedule_15),
                murder: self.murder || any(|o| o.murder),
                terrorism: self.terrorism || any(|o| o.terrorism),
                child_sex_offence: any(|o| o.child_sex_offence),
                sentence,
                offences,
            }),
            _ => Err(e),
        }
    }

    fn parse_sentence(
        &self,
        e: &mut ValidationErrors,
        kind: Option<DisposalKind>,
        existing: &[ItemId],
    ) -> Option<Sentence> {
        let s = self.sentence.clone().unwrap_or_default();
        let sentence_type = match e.take(parse_code(
            "sentence.type",
            "sentence type",
            s.sentence_type.as_deref(),
            SentenceType::from_code,
        )) {
            Some(Some(t)) => t,
            Some(None) if kind == Some(DisposalKind::Caution) => SentenceType::None,
            Some(None) => {
                e.add("sentence.type", "required", "Select the type of sentence");
                return None;
            }
            None => return None,
        };
        let before = e.0.len();
        let positive = |e: &mut ValidationErrors, field: &str, v: Option<i64>, max: i64| -> Option<u32> {
            match v {
                None => None,
                Some(n) if n >= 1 && n <= max => Some(n as u32),
                Some(_) => {
                    e.add(field, "out_of_range", format!("Enter a whole number from 1 to {max}"));
                    None
                }
            }
        };
        let term_months = positive(e, "sentence.term_months", s.term_months, MAX_TERM_MONTHS);
        let term_days = positive(e, "sentence.term_days", s.term_days, MAX_TERM_MONTHS * 31);
        let period_months = positive(e, "sentence.period_months", s.period_months, 36);
        if kind == Some(DisposalKind::Caution) && sentence_type != SentenceType::None {
            e.add("sentence.type", "caution_with_sentence", "A caution carries no sentence: choose \"none\"");
        }
        if matches!(kind, Some(DisposalKind::InsanityFinding | DisposalKind::DisabilityFinding))
            && !matches!(
                sentence_type,
                SentenceType::HospitalOrder
                    | SentenceType::HospitalOrderWithRestriction
                    | SentenceType::GuardianshipOrder
                    | SentenceType::AbsoluteDischarge
                    | SentenceType::None
            )
        {
            e.add("sentence.type", "finding_with_punishment", "A finding of insanity or disability leads to a hospital or guardianship order, an absolute discharge, or none");
        }
        let has_term = term_months.is_some() || term_days.is_some();
        if sentence_type.has_term() && !has_term && e.0.len() == before {
            e.add("sentence.term_months", "required", "Enter the term in months (or days)");
        }
        if !sentence_type.has_term() && (s.term_months.is_some() || s.term_days.is_some()) {
            e.add(
                "sentence.term_months",
                "term_not_applicable",
                format!("A term is not given for the sentence type \"{}\"", sentence_type.code()),
            );
        }
        if term_months.is_some() && term_days.is_some() {
            e.add("sentence.term_days", "term_given_twice", "Give the term in months or in days, not both");
        }
        if sentence_type == SentenceType::ConditionalDischarge && period_months.is_none() && s.period_months.is_none() {
            e.add("sentence.period_months", "required", "Enter the period of the conditional discharge in months");
        }
        if sentence_type != SentenceType::ConditionalDischarge && s.period_months.is_some() {
            e.add(
                "sentence.period_months",
                "period_not_applicable",
                "A period is given only for a conditional discharge",
            );
        }
        let consecutive_to = match s.consecutive_to.as_deref().filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(raw) => match raw.trim().parse::<ItemId>() {
                Ok(id) if existing.contains(&id) => Some(id),
                _ => {
                    e.add(
                        "sentence.consecutive_to",
                        "unknown_disposal",
                        "Consecutive to must name another disposal on this record",
                    );
                    None
                }
            },
        };
        (e.0.len() == before).then_some(Sentence {
            sentence_type,
            term_months,
            term_days,
            period_months,
            consecutive_to,
        })
    }

    fn parse_offences(&self, e: &mut ValidationErrors, today: Date) -> Vec<Offence> {
        let list = self.offences.as_deref().unwrap_or_default();
        if list.len() > 100 {
            e.add("offences", "too_many", "Enter 100 or fewer offences");
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, o) in list.iter().enumerate() {
            let description = e.take(required_text(
                &format!("offences[{i}].description"),
                "the offence",
                o.description.as_deref(),
                500,
            ));
            let offence_date = o.offence_date.as_deref().filter(|s| !s.trim().is_empty()).and_then(|raw| {
                e.take(parse_past_date(&format!("offences[{i}].offence_date"), "offence date", raw, today))
            });
            if let Some(description) = description {
                out.push(Offence {
                    description,
                    offence_date,
                    schedule_3: o.schedule_3,
                    schedule_15: o.schedule_15,
                    murder: o.murder,
                    terrorism: o.terrorism,
                    child_sex_offence: o.child_sex_offence,
                });
            }
        }
        out
    }
}

fn required<T>(
    e: &mut ValidationErrors,
    field: &str,
    label: &str,
    raw: Option<&str>,
    from: fn(&str) -> Option<T>,
) -> Option<T> {
    match e.take(parse_code(field, label, raw, from)) {
        Some(Some(v)) => Some(v),
        Some(None) => {
            e.add(field, "required", format!("Select the {label}"));
            None
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn parse(v: serde_json::Value) -> Result<Disposal, ValidationErrors> {
        serde_json::from_value::<DisposalInput>(v).unwrap().parse(ItemId::new(), TODAY, &[])
    }

    fn first_code(v: serde_json::Value) -> (String, &'static str) {
        let e = parse(v).unwrap_err();
        (e.0[0].field.clone(), e.0[0].code)
    }

    #[test]
    fn a_conviction_with_offences_takes_their_markers() {
        let d = parse(serde_json::json!({
            "kind": "conviction", "date": "2019-03-04", "sentence_date": "2019-04-01", "court": "Snaresbrook Crown Court",
            "sentence": {"type": "imprisonment", "term_months": 24},
            "offences": [{"description": "Sexual assault", "schedule_3": true}]
        }))
        .unwrap();
        assert!(d.schedule_3 && !d.schedule_15);
        assert_eq!(d.sentence.term_months, Some(24));
    }

    #[test]
    fn impossible_combinations_name_the_field() {
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "caution", "date": "2019-03-04", "sentence": {"type": "imprisonment", "term_months": 6}})
            ),
            ("sentence.type".into(), "caution_with_sentence")
        );
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "conviction", "date": "2019-03-04", "sentence": {"type": "imprisonment", "term_months": 0}})
            ),
            ("sentence.term_months".into(), "out_of_range")
        );
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "conviction", "date": "2019-03-04", "sentence": {"type": "imprisonment", "term_months": -3}})
            ),
            ("sentence.term_months".into(), "out_of_range")
        );
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "conviction", "date": "2019-03-04", "sentence": {"type": "imprisonment"}})
            ),
            ("sentence.term_months".into(), "required")
        );
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "conviction", "date": "2019-03-04", "sentence": {"type": "conditional_discharge"}})
            ),
            ("sentence.period_months".into(), "required")
        );
        assert_eq!(
            first_code(serde_json::json!({"kind": "conviction", "date": "2030-03-04", "sentence": {"type": "fine"}})),
            ("date".into(), "date_in_future")
        );
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "conviction", "date": "2019-03-04", "sentence_date": "2019-03-01", "sentence": {"type": "fine"}})
            ),
            ("sentence_date".into(), "sentence_before_conviction")
        );
        assert_eq!(
            first_code(
                serde_json::json!({"kind": "conviction", "date": "2019-03-04", "sentence": {"type": "fine", "consecutive_to": "nonsense"}})
            ),
            ("sentence.consecutive_to".into(), "unknown_disposal")
        );
    }

    #[test]
    fn a_caution_needs_no_sentence() {
        let d = parse(serde_json::json!({"kind": "caution", "date": "2019-03-04", "schedule_3": true})).unwrap();
        assert_eq!(d.sentence.sentence_type, SentenceType::None);
    }
}
