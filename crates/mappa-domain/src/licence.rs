//! Licences (rules.md §5): the sentence dates of §5.3 with LED and SED kept
//! apart (EXIT-2, CONV-11), the standard conditions (LIC-S1..S7), additional
//! conditions by type (LIC-A1..A13, and bespoke), and recall (REC-1, REC-2).

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::values::{parse_code, parse_date, parse_past_date, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum!(
    /// Standard licence conditions (SI 2015/337 art 3; LIC-S1..S7).
    StandardCondition {
        GoodBehaviour = "good_behaviour" : "Be of good behaviour and not undermine the purpose of the licence (LIC-S1)",
        NoOffence = "no_offence" : "Not commit any offence (LIC-S2)",
        KeepInTouch = "keep_in_touch" : "Keep in touch with the supervising officer as instructed (LIC-S3)",
        ReceiveVisits = "receive_visits" : "Receive visits from the supervising officer as instructed (LIC-S4)",
        ApprovedAddress = "approved_address" : "Reside permanently at an approved address; permission for any night elsewhere (LIC-S5)",
        ApprovedWork = "approved_work" : "Work only with approval, telling the officer of changes in advance (LIC-S6)",
        NoTravelAbroad = "no_travel_abroad" : "Not travel outside the UK, Channel Islands or Isle of Man without permission (LIC-S7)",
    }
);

coded_enum!(
    /// Additional (discretionary) condition types (LIC-A1..A13), and bespoke.
    /// A further standard condition that arts 4-6 of SI 2015/337 add for some
    /// kinds of sentence (LIC-S8) is recorded here too, with its wording, as
    /// its content is not confirmed.
    ConditionType {
        Residence = "residence" : "Residence at a specified place, e.g. Approved Premises (LIC-A1)",
        ResidencyRestriction = "residency_restriction" : "Restriction of residency (LIC-A2)",
        ContactRequirement = "contact_requirement" : "Making or maintaining contact with a person (LIC-A3)",
        NonContact = "non_contact" : "No contact with a person (LIC-A4)",
        ActivityRestriction = "activity_restriction" : "Restriction on an activity (LIC-A5)",
        Programme = "programme" : "Participation in a programme (LIC-A6)",
        Curfew = "curfew" : "Curfew (LIC-A7)",
        ExclusionZone = "exclusion_zone" : "Exclusion zone: restriction of movement (LIC-A8)",
        Supervision = "supervision" : "Supervision requirements (LIC-A9)",
        ItemsAndInformation = "items_and_information" : "Items, documents and disclosure of information (LIC-A10)",
        ElectronicMonitoring = "electronic_monitoring" : "Electronic monitoring (LIC-A11)",
        Polygraph = "polygraph" : "Polygraph examinations (LIC-A12)",
        Extremism = "extremism" : "Extremism conditions (LIC-A13)",
        FurtherStandard = "further_standard" : "A further standard condition for this kind of sentence (LIC-S8)",
        Bespoke = "bespoke" : "Bespoke condition",
    }
);

coded_enum!(
    /// Which release regime follows a recall (REC-2: s255B or s255C).
    RecallType {
        FixedTerm = "fixed_term" : "Fixed-term recall (s255B)",
        Standard = "standard" : "Standard recall (s255C)",
    }
);

/// An additional condition with its wording. Additional conditions are asked
/// for through MAPPA where relevant and reviewed (LIC-A14): the condition says
/// whether it was, and by when it is next to be reviewed, which makes a task.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Condition {
    pub id: ItemId,
    #[serde(rename = "type")]
    pub kind: ConditionType,
    pub wording: String,
    /// Curfew hours (LIC-A7), `HH:MM`.
    pub curfew_start: Option<String>,
    pub curfew_end: Option<String>,
    /// Electronic monitoring by GPS location trail (LIC-A11).
    pub gps: bool,
    /// LIC-A14: the condition was requested through MAPPA.
    pub requested_through_mappa: bool,
    /// LIC-A14: the last day by which the condition is next to be reviewed.
    pub review_by: Option<Date>,
    /// LIC-A14: when it was last reviewed.
    pub last_reviewed_on: Option<Date>,
}

/// The sentence dates of rules.md §5.3.
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct SentenceDates {
    pub crd: Option<Date>,
    pub ard: Option<Date>,
    pub led: Option<Date>,
    pub sed: Option<Date>,
    /// End of post-sentence supervision or top-up supervision (TUSED/PSSED).
    pub pss_end: Option<Date>,
    pub ped: Option<Date>,
    pub hdced: Option<Date>,
    pub hdcad: Option<Date>,
    pub prrd: Option<Date>,
}

/// A recall to custody (REC-1).
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Recall {
    pub id: ItemId,
    pub date: Date,
    #[serde(rename = "type")]
    pub recall_type: RecallType,
    /// The reasons the person must be told (REC-1).
    pub reasons: String,
}

/// A licence as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Licence {
    pub id: ItemId,
    pub disposal_id: Option<ItemId>,
    pub release_date: Date,
    pub dates: SentenceDates,
    pub standard_conditions: Vec<StandardCondition>,
    pub additional_conditions: Vec<Condition>,
    /// Recalls on this licence, latest first.
    pub recalls: Vec<Recall>,
    /// When a later licence replaced it; None for the current licence.
    pub superseded_at: Option<String>,
    pub recorded_at: String,
}

impl Licence {
    /// The engine's facts (`facts::Licence`): LED and SED.
    pub fn facts(&self) -> crate::rules::Licence {
        crate::rules::Licence { led: self.dates.led, sed: self.dates.sed }
    }

    /// The latest recall's date.
    pub fn recall_date(&self) -> Option<Date> {
        self.recalls.iter().map(|r| r.date).max()
    }
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionInput {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub wording: Option<String>,
    pub curfew_start: Option<String>,
    pub curfew_end: Option<String>,
    #[serde(default)]
    pub gps: bool,
    #[serde(default)]
    pub requested_through_mappa: bool,
    pub review_by: Option<String>,
}

/// A submitted licence.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceInput {
    pub disposal_id: Option<String>,
    pub release_date: Option<String>,
    pub crd: Option<String>,
    pub ard: Option<String>,
    pub led: Option<String>,
    pub sed: Option<String>,
    pub pss_end: Option<String>,
    pub ped: Option<String>,
    pub hdced: Option<String>,
    pub hdcad: Option<String>,
    pub prrd: Option<String>,
    /// Codes of the standard conditions that apply; absent means all seven.
    pub standard_conditions: Option<Vec<String>>,
    pub additional_conditions: Option<Vec<ConditionInput>>,
}

/// A review of an additional condition (LIC-A14): the day it was reviewed and,
/// if it is to be reviewed again, by when.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionReviewInput {
    pub reviewed_on: Option<String>,
    pub next_review_by: Option<String>,
}

/// A validated review of an additional condition.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConditionReview {
    pub reviewed_on: Date,
    pub next_review_by: Option<Date>,
}

impl ConditionReviewInput {
    /// Validates a review of a condition of a licence from `release_date`:
    /// reviewed today or earlier and not before release; the next review, if
    /// any, after this one.
    pub fn parse(&self, release_date: Date, today: Date) -> Result<ConditionReview, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reviewed_on = match blank(&self.reviewed_on) {
            Some(raw) => e.take(parse_past_date("reviewed_on", "the date of the review", raw, today)),
            None => {
                e.add("reviewed_on", "required", "Enter the date the condition was reviewed");
                None
            }
        };
        if reviewed_on.is_some_and(|r| r < release_date) {
            e.add("reviewed_on", "before_release", "The date of the review must be on or after the release date");
        }
        let next_review_by = blank(&self.next_review_by)
            .and_then(|raw| e.take(parse_date("next_review_by", "the next review date", raw)));
        if let (Some(r), Some(n)) = (reviewed_on, next_review_by)
            && n <= r
        {
            e.add("next_review_by", "not_after_review", "The next review date must be after the date of this review");
        }
        match reviewed_on {
            Some(reviewed_on) if e.is_empty() => Ok(ConditionReview { reviewed_on, next_review_by }),
            _ => Err(e),
        }
    }
}

/// A submitted recall.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallInput {
    pub date: Option<String>,
    #[serde(rename = "type")]
    pub recall_type: Option<String>,
    pub reasons: Option<String>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

fn time(e: &mut ValidationErrors, field: &str, raw: &Option<String>) -> Option<String> {
    let s = blank(raw)?.trim();
    let ok = s.len() == 5
        && s.as_bytes()[2] == b':'
        && s[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && s[3..].parse::<u8>().is_ok_and(|m| m < 60)
        && s.bytes().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit());
    if ok {
        Some(s.to_string())
    } else {
        e.add(field, "invalid_time", "Enter a time in the form HH:MM, like 19:00");
        None
    }
}

impl LicenceInput {
    /// Validates a licence. `disposals` are the person's disposals, which
    /// `disposal_id` may name. The dates must be in a possible order: release
    /// not after LED, LED not after SED (kept apart: EXIT-2, CONV-11), PSS or
    /// top-up end not before LED, HDCED not after CRD and HDCAD between them.
    pub fn parse(&self, id: ItemId, disposals: &[ItemId]) -> Result<Licence, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let disposal_id = match blank(&self.disposal_id) {
            None => None,
            Some(raw) => match raw.trim().parse::<ItemId>() {
                Ok(d) if disposals.contains(&d) => Some(d),
                _ => {
                    e.add("disposal_id", "unknown_disposal", "The disposal must be one of this person's convictions");
                    None
                }
            },
        };
        let mut date = |field: &str, label: &str, raw: &Option<String>| -> Option<Date> {
            blank(raw).and_then(|r| e.take(parse_date(field, label, r)))
        };
        let release = date("release_date", "release date", &self.release_date);
        let d = SentenceDates {
            crd: date("crd", "conditional release date", &self.crd),
            ard: date("ard", "automatic release date", &self.ard),
            led: date("led", "licence expiry date", &self.led),
            sed: date("sed", "sentence expiry date", &self.sed),
            pss_end: date("pss_end", "end of post-sentence or top-up supervision", &self.pss_end),
            ped: date("ped", "parole eligibility date", &self.ped),
            hdced: date("hdced", "home detention curfew eligibility date", &self.hdced),
            hdcad: date("hdcad", "home detention curfew approved date", &self.hdcad),
            prrd: date("prrd", "post-recall release date", &self.prrd),
        };
        if release.is_none() && blank(&self.release_date).is_none() {
            e.add("release_date", "required", "Enter the release date");
        }
        let mut order = |field: &str, code: &'static str, later: Option<Date>, earlier: Option<Date>, msg: &str| {
            if let (Some(l), Some(s)) = (later, earlier)
                && l < s
            {
                e.add(field, code, msg);
            }
        };
        order(
            "release_date",
            "release_after_led",
            d.led,
            release,
            "The release date must not be after the licence expiry date",
        );
        order(
            "led",
            "led_after_sed",
            d.sed,
            d.led,
            "The licence expiry date (LED) must not be after the sentence expiry date (SED)",
        );
        order(
            "pss_end",
            "pss_before_led",
            d.pss_end,
            d.led,
            "Supervision after licence must end on or after the licence expiry date",
        );
        order(
            "crd",
            "crd_after_led",
            d.led,
            d.crd,
            "The conditional release date must not be after the licence expiry date",
        );
        order(
            "hdced",
            "hdced_after_crd",
            d.crd,
            d.hdced,
            "Home detention curfew eligibility must not be after the conditional release date",
        );
        order(
            "hdcad",
            "hdcad_before_hdced",
            d.hdcad,
            d.hdced,
            "Home detention curfew cannot be approved from before eligibility",
        );
        order(
            "hdcad",
            "hdcad_after_crd",
            d.crd,
            d.hdcad,
            "Home detention curfew must start on or before the conditional release date",
        );
        order(
            "ped",
            "ped_after_sed",
            d.sed,
            d.ped,
            "The parole eligibility date must not be after the sentence expiry date",
        );
        order(
            "prrd",
            "prrd_before_release",
            d.prrd,
            release,
            "A post-recall release date comes after the first release",
        );
        let standard = match &self.standard_conditions {
            None => StandardCondition::ALL.to_vec(),
            Some(list) => {
                let mut out = Vec::new();
                for (i, c) in list.iter().enumerate() {
                    match StandardCondition::from_code(c.trim()) {
                        Some(s) if !out.contains(&s) => out.push(s),
                        Some(_) => {}
                        None => e.add(
                            format!("standard_conditions[{i}]"),
                            "invalid_choice",
                            "Select a standard condition from the list",
                        ),
                    }
                }
                out.sort();
                out
            }
        };
        let list = self.additional_conditions.as_deref().unwrap_or_default();
        if list.len() > 60 {
            e.add("additional_conditions", "too_many", "Enter 60 or fewer additional conditions");
        }
        let mut additional = Vec::new();
        for (i, c) in list.iter().enumerate().take(60) {
            let f = |n: &str| format!("additional_conditions[{i}].{n}");
            let kind = match e.take(parse_code(
                &f("type"),
                "type of condition",
                c.kind.as_deref(),
                ConditionType::from_code,
            )) {
                Some(Some(k)) => Some(k),
                Some(None) => {
                    e.add(f("type"), "required", "Select the type of condition");
                    None
                }
                None => None,
            };
            let wording =
                e.take(required_text(&f("wording"), "the wording of the condition", c.wording.as_deref(), 2000));
            let start = time(&mut e, &f("curfew_start"), &c.curfew_start);
            let end = time(&mut e, &f("curfew_end"), &c.curfew_end);
            if kind == Some(ConditionType::Curfew) {
                for (n, v, raw) in [("curfew_start", &start, &c.curfew_start), ("curfew_end", &end, &c.curfew_end)] {
                    if v.is_none() && blank(raw).is_none() {
                        e.add(f(n), "required", "Enter the curfew hours, like 19:00 to 07:00 (LIC-A7)");
                    }
                }
            } else if kind.is_some() && (blank(&c.curfew_start).is_some() || blank(&c.curfew_end).is_some()) {
                e.add(f("curfew_start"), "not_applicable", "Curfew hours are given only for a curfew condition");
            }
            if c.gps && kind.is_some() && kind != Some(ConditionType::ElectronicMonitoring) {
                e.add(f("gps"), "not_applicable", "GPS is given only for an electronic monitoring condition");
            }
            let review_by =
                blank(&c.review_by).and_then(|raw| e.take(parse_date(&f("review_by"), "the review date", raw)));
            if let (Some(r), Some(rel)) = (review_by, release)
                && r < rel
            {
                e.add(
                    f("review_by"),
                    "before_release",
                    "The date to review the condition by must be on or after the release date",
                );
            }
            if let (Some(kind), Some(wording)) = (kind, wording) {
                additional.push(Condition {
                    id: ItemId::new(),
                    kind,
                    wording,
                    curfew_start: start,
                    curfew_end: end,
                    gps: c.gps,
                    requested_through_mappa: c.requested_through_mappa,
                    review_by,
                    last_reviewed_on: None,
                });
            }
        }
        match release {
            Some(release_date) if e.is_empty() => Ok(Licence {
                id,
                disposal_id,
                release_date,
                dates: d,
                standard_conditions: standard,
                additional_conditions: additional,
                recalls: Vec::new(),
                superseded_at: None,
                recorded_at: String::new(),
            }),
            _ => Err(e),
        }
    }
}

impl RecallInput {
    /// Validates a recall on the current licence (REC-1, REC-2): a past date,
    /// not before release; its type; and the reasons given to the person.
    pub fn parse(&self, licence: Option<&Licence>, today: Date) -> Result<Recall, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let date = match blank(&self.date) {
            Some(r) => e.take(parse_past_date("date", "date of recall", r, today)),
            None => {
                e.add("date", "required", "Enter the date of recall");
                None
            }
        };
        let recall_type =
            match e.take(parse_code("type", "type of recall", self.recall_type.as_deref(), RecallType::from_code)) {
                Some(Some(t)) => Some(t),
                Some(None) => {
                    e.add("type", "required", "Select the type of recall");
                    None
                }
                None => None,
            };
        let reasons = e.take(required_text("reasons", "the reasons for recall", self.reasons.as_deref(), 4000));
        within_licence(date, licence, &mut e);
        match (date, recall_type, reasons) {
            (Some(date), Some(recall_type), Some(reasons)) if e.is_empty() => {
                Ok(Recall { id: ItemId::new(), date, recall_type, reasons })
            }
            _ => Err(e),
        }
    }
}

impl Recall {
    /// Whether a recall on this day can go on `licence` (REC-1): there is one,
    /// released by then and not yet expired.
    pub fn fits(&self, licence: Option<&Licence>) -> bool {
        let mut e = ValidationErrors::new();
        within_licence(Some(self.date), licence, &mut e);
        e.is_empty()
    }
}

/// A recall is on the current licence, between release and the licence
/// expiry date (REC-1, EXIT-2).
fn within_licence(date: Option<Date>, licence: Option<&Licence>, e: &mut ValidationErrors) {
    let Some(l) = licence else {
        return e.add("licence", "no_licence", "Record the licence before recording a recall");
    };
    if date.is_some_and(|d| d < l.release_date) {
        e.add("date", "recall_before_release", "A recall cannot be dated before the release on licence");
    }
    if let (Some(d), Some(led)) = (date, l.dates.led)
        && d > led
    {
        e.add("date", "after_licence_expiry", "A recall cannot be dated after the licence expiry date");
    }
}

macro_rules! redacted {
    ($($t:ident),+) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($t), " { .. }"))
            }
        }
    )+};
}
redacted!(Condition, SentenceDates, Recall, Licence, ConditionInput, LicenceInput, RecallInput);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn parse(v: serde_json::Value) -> Result<Licence, ValidationErrors> {
        serde_json::from_value::<LicenceInput>(v).unwrap().parse(ItemId::new(), &[])
    }

    fn has(e: &ValidationErrors, field: &str, code: &str) -> bool {
        e.0.iter().any(|x| x.field == field && x.code == code)
    }

    fn licence() -> Licence {
        parse(serde_json::json!({
            "release_date": "2025-06-01", "crd": "2025-06-01", "led": "2027-06-01", "sed": "2027-12-01",
            "hdced": "2025-04-01", "hdcad": "2025-05-01",
            "additional_conditions": [
                {"type": "residence", "wording": "Reside at the approved premises"},
                {"type": "curfew", "wording": "Remain at the address overnight", "curfew_start": "19:00", "curfew_end": "07:00"},
                {"type": "electronic_monitoring", "wording": "Wear a location tag", "gps": true}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn lic_s1_s7_apply_unless_listed_and_a1_a13_are_recorded_by_type() {
        let l = licence();
        assert_eq!(l.standard_conditions.len(), 7);
        assert_eq!(l.additional_conditions.len(), 3);
        assert_eq!(ConditionType::ALL.len(), 15, "LIC-A1..A13, further standard conditions (LIC-S8) and bespoke");
        assert!(!format!("{l:?}").contains("approved premises"));
        let l = parse(
            serde_json::json!({"release_date": "2025-06-01", "standard_conditions": ["no_offence", "good_behaviour"]}),
        )
        .unwrap();
        assert_eq!(l.standard_conditions, vec![StandardCondition::GoodBehaviour, StandardCondition::NoOffence]);
    }

    #[test]
    fn exit_2_conv_11_led_and_sed_are_kept_apart_and_in_order() {
        let l = licence();
        assert_eq!(l.facts().led, Some(date(2027, 6, 1)));
        assert_eq!(l.facts().sed, Some(date(2027, 12, 1)));
        let e = parse(serde_json::json!({"release_date": "2028-06-01", "led": "2027-12-02", "sed": "2027-12-01", "pss_end": "2027-01-01"}))
            .unwrap_err();
        assert!(has(&e, "led", "led_after_sed"));
        assert!(has(&e, "pss_end", "pss_before_led"));
        assert!(has(&e, "release_date", "release_after_led"));
        let e = parse(serde_json::json!({"led": "2027-02-30"})).unwrap_err();
        assert!(has(&e, "release_date", "required") && has(&e, "led", "invalid_date"));
    }

    #[test]
    fn lic_a7_curfew_needs_its_hours() {
        let e = parse(serde_json::json!({"release_date": "2025-06-01",
            "additional_conditions": [{"type": "curfew", "wording": "x", "curfew_start": "25:00"}, {"type": "polygraph", "wording": "x", "gps": true}]}))
        .unwrap_err();
        assert!(has(&e, "additional_conditions[0].curfew_start", "invalid_time"));
        assert!(has(&e, "additional_conditions[0].curfew_end", "required"));
        assert!(has(&e, "additional_conditions[1].gps", "not_applicable"));
    }

    #[test]
    fn rec_1_rec_2_recall_has_a_date_type_and_reasons() {
        let l = licence();
        let r = serde_json::from_value::<RecallInput>(
            serde_json::json!({"date": "2026-01-05", "type": "fixed_term", "reasons": "Breach of curfew"}),
        )
        .unwrap()
        .parse(Some(&l), TODAY)
        .unwrap();
        assert_eq!(r.recall_type, RecallType::FixedTerm);
        let e = serde_json::from_value::<RecallInput>(serde_json::json!({"date": "2025-01-05", "type": "sometimes"}))
            .unwrap()
            .parse(Some(&l), TODAY)
            .unwrap_err();
        assert!(
            has(&e, "date", "recall_before_release")
                && has(&e, "type", "invalid_choice")
                && has(&e, "reasons", "required")
        );
        let e = RecallInput::default().parse(None, TODAY).unwrap_err();
        assert!(has(&e, "licence", "no_licence"));
    }
}
