//! Configuration for values the law does not fix or that `rules.md` marks
//! UNCONFIRMED or SECONDARY. Each has a documented default; explanations that
//! use one name its key (architecture principle 3: "local policy values are
//! configuration"). `RulesConfig` deserialises from TOML or JSON; missing keys
//! take the defaults, unknown keys are rejected.

use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

use super::dates::LeapDayBirthday;
use super::schedules::ScheduleConfig;

/// All configurable values used by the rules engine.
#[derive(Clone, Debug, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    pub notification: NotificationConfig,
    pub travel: TravelConfig,
    pub orders: OrdersConfig,
    pub mappa: MappaConfig,
    /// Local-policy schedules (CONV-12).
    pub schedules: ScheduleConfig,
    /// How the MAPPA statistics count where rules.md §8.2 leaves it open.
    pub statistics: crate::reports::StatisticsConfig,
}

/// Where a suspended sentence of imprisonment falls in the s82 table
/// (rules.md §3.2 marks this UNCONFIRMED).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspendedSentenceRow {
    /// Treated as imprisonment for the suspended term (default: the longer,
    /// more protective reading).
    #[default]
    Imprisonment,
    /// Treated as "any other description" (5 years).
    OtherDescription,
}

/// Notification-period settings (s82, s91B).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationConfig {
    /// NOTIF s82 table, suspended sentences (UNCONFIRMED). Default: imprisonment.
    pub suspended_sentence_row: SuspendedSentenceRow,
    /// NOTIF s82 table, "any other description" period in months (SECONDARY). Default 60 (5 years).
    pub other_description_months: u32,
    /// s82(2) halving of finite periods for under-18s (SECONDARY, primary text not retrieved). Default true.
    pub halve_for_under_18: bool,
    /// s82(3)-(4): aggregate consecutive Sch. 3 terms (UNCONFIRMED). Default true.
    pub aggregate_consecutive_terms: bool,
    /// CONV-9: a 29 February birthday in common years. Default 1 March.
    pub leap_day_birthday: LeapDayBirthday,
    /// REV-04: longest further review period the police may set, in years (UNCONFIRMED). Default 15.
    pub review_further_period_max_years: u8,
    /// REV-07: weeks from receipt of a review application to the decision
    /// (commonly cited; UNCONFIRMED). Default 6.
    pub review_decision_weeks: u32,
    /// REV-08: days to appeal a refusal to the magistrates' court (commonly
    /// cited; UNCONFIRMED). Default 21.
    pub review_appeal_days: u32,
    /// SHPO-5: an SHPO (and interim SHPO) has the notification effect of a SOPO
    /// (section number UNCONFIRMED). Default true.
    pub shpo_notification_effect: bool,
    /// SRO-8: a conviction for breach of an SRO makes the person subject to
    /// notification while the order lasts (E&W section UNCONFIRMED). Default true.
    pub sro_breach_notification_effect: bool,
}

impl Default for NotificationConfig {
    fn default() -> Self {
        NotificationConfig {
            suspended_sentence_row: SuspendedSentenceRow::Imprisonment,
            other_description_months: 60,
            halve_for_under_18: true,
            aggregate_consecutive_terms: true,
            leap_day_birthday: LeapDayBirthday::March1,
            review_further_period_max_years: 15,
            review_decision_weeks: 6,
            review_appeal_days: 21,
            shpo_notification_effect: true,
            sro_breach_notification_effect: true,
        }
    }
}

/// Foreign-travel notification settings (NOTIF-40..44).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TravelConfig {
    /// NOTIF-41: days of notice before departure (SECONDARY). Default 7.
    pub notice_days: u32,
    /// NOTIF-42: fall-back notice in hours when details were not known in time
    /// (E&W text UNCONFIRMED; CONV-12). Default 12.
    pub fallback_hours: u32,
    /// NOTIF-42: notice in hours with a reasonable excuse when details were
    /// known (NI wording; UNCONFIRMED for E&W). Default 24.
    pub reasonable_excuse_hours: u32,
    /// NOTIF-44: days, beginning with the day of return, to notify a return
    /// (UNCONFIRMED). Default 3; `null` means no return notification is required.
    pub return_notification_days: Option<u32>,
}

impl Default for TravelConfig {
    fn default() -> Self {
        TravelConfig {
            notice_days: 7,
            fallback_hours: 12,
            reasonable_excuse_hours: 24,
            return_notification_days: Some(3),
        }
    }
}

/// Civil-order durations the law leaves open or rules.md could not confirm.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrdersConfig {
    /// SRO-3: minimum SRO period in months (SECONDARY). Default 24.
    pub sro_minimum_months: u32,
    /// SRO-4: maximum SRO foreign-travel prohibition per period in months (SECONDARY). Default 60.
    pub sro_foreign_travel_max_months: u32,
    /// LEG-2: minimum RoSHO period in months (UNCONFIRMED). Default 24.
    pub rosho_minimum_months: u32,
    /// SHPO-6: minimum interim SHPO period in months (UNCONFIRMED). Default 0: none;
    /// an interim order lasts for the period the court sets.
    pub interim_shpo_minimum_months: u32,
    /// LEG-3: maximum FTO length in months for orders made on or after
    /// `fto_amendment_commenced` (UNCONFIRMED). Default 60.
    pub fto_max_months_after_amendment: u32,
    /// LEG-3: date the FTO maximum was extended (UNCONFIRMED). Default 2009-03-28.
    pub fto_amendment_commenced: Date,
}

impl Default for OrdersConfig {
    fn default() -> Self {
        OrdersConfig {
            sro_minimum_months: 24,
            sro_foreign_travel_max_months: 60,
            rosho_minimum_months: 24,
            interim_shpo_minimum_months: 0,
            fto_max_months_after_amendment: 60,
            fto_amendment_commenced: date(2009, 3, 28),
        }
    }
}

/// MAPPA category settings (CAT-2, CAT-4, CONV-10).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MappaConfig {
    /// CONV-10: the area has adopted the 2024 guidance with Category 4. Default true.
    pub category_4_adopted: bool,
    /// CAT-2: whether a suspended sentence of 12 months or more qualifies
    /// (not settled in rules.md). Default false.
    pub suspended_sentence_qualifies_for_category_2: bool,
}

impl Default for MappaConfig {
    fn default() -> Self {
        MappaConfig { category_4_adopted: true, suspended_sentence_qualifies_for_category_2: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conv_12_empty_json_gives_defaults_and_unknown_keys_are_rejected() {
        let c: RulesConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, RulesConfig::default());
        let c: RulesConfig = serde_json::from_str(r#"{"travel": {"fallback_hours": 24}}"#).unwrap();
        assert_eq!(c.travel.fallback_hours, 24);
        assert_eq!(c.travel.notice_days, 7);
        assert!(serde_json::from_str::<RulesConfig>(r#"{"nope": 1}"#).is_err());
    }

    #[test]
    fn conv_12_defaults_round_trip_for_print_defaults() {
        let json = serde_json::to_string(&RulesConfig::default()).unwrap();
        assert!(json.contains("\"fto_amendment_commenced\":\"2009-03-28\""));
        let back: RulesConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, RulesConfig::default());
    }
}
