//! Local-policy schedules (CONV-12): police visit frequency by risk of serious
//! harm (VIS-1, VIS-2, VIS-4), MAPPA meeting review intervals (MTG-3),
//! disclosure-scheme timescales (CSO-4, DVDS-3) and breach recording
//! (NOTIF-53). None of these is fixed by statute, so every value comes from
//! [`ScheduleConfig`] and every explanation says so.

use jiff::civil::Date;
use jiff::{Span, Zoned};
use serde::{Deserialize, Serialize};

use super::config::RulesConfig;
use super::dates::{add_days, add_months, words_months};
use super::explanation::{Explained, Step, cite, text};

/// OASys risk of serious harm level (rules.md §7.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoshLevel {
    Low,
    Medium,
    High,
    VeryHigh,
}

/// MAPPA management level (LVL-1..3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum MappaLevel {
    #[serde(rename = "1")]
    Level1,
    #[serde(rename = "2")]
    Level2,
    #[serde(rename = "3")]
    Level3,
}

/// A disclosure scheme with a completion timescale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureScheme {
    /// Child Sex Offender Disclosure Scheme (CSO-4).
    Csods,
    /// Domestic Violence Disclosure Scheme (DVDS-3).
    Dvds,
}

/// Visit intervals in months by RoSH level (VIS-1 as a default; VIS-4 UNCONFIRMED).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct VisitIntervals {
    pub very_high: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

impl Default for VisitIntervals {
    fn default() -> Self {
        VisitIntervals { very_high: 1, high: 3, medium: 6, low: 12 }
    }
}

/// Minimum review intervals in weeks for MAPPA meetings (MTG-3, UNCONFIRMED).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewIntervals {
    pub level_2: u32,
    pub level_3: u32,
}

impl Default for ReviewIntervals {
    fn default() -> Self {
        ReviewIntervals { level_2: 16, level_3: 8 }
    }
}

/// CONV-12 local-policy values with their defaults.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleConfig {
    /// VIS-1/VIS-4: months between home visits. Defaults 1, 3, 6, 12.
    pub visit_interval_months: VisitIntervals,
    /// VIS-2: months assessed Low after which reactive management (no home
    /// visits) applies. Default 36; `null` turns reactive management off.
    pub reactive_management_after_low_months: Option<u32>,
    /// MTG-3: weeks between Level 2 / Level 3 reviews. Defaults 16 and 8.
    pub review_interval_weeks: ReviewIntervals,
    /// CSO-4: CSODS completion, days beginning with the application. Default 45.
    pub csods_days: u32,
    /// DVDS-3: DVDS completion, days beginning with the application. Default 28.
    pub dvds_days: u32,
    /// NOTIF-53: hours to record a breach on PNC/ViSOR. Default 24.
    pub breach_record_hours: u32,
    /// MTG-4: months before release by which a referral to Level 2 or 3 of a
    /// person in custody should arrive (UNCONFIRMED). Default 6.
    pub referral_months_before_release: u32,
    /// MTG-6: days for the coordinator to screen a referral (local policy).
    /// Default 10, counting the day it arrived as day 1.
    pub referral_screening_days: u32,
    /// MTG-5: days after a meeting by which its minutes should be approved
    /// (UNCONFIRMED). Default 10, counting the meeting day as day 1.
    pub minutes_approval_days: u32,
    /// PDP-5: months between reviews of a potentially dangerous person by
    /// their named officer (local policy; UNCONFIRMED). Default 12.
    pub pdp_review_months: u32,
    /// Days the receiving area has to accept or refuse a transfer (local
    /// policy; UNCONFIRMED). Default 10, counting the request day as day 1.
    pub transfer_response_days: u32,
    /// Days a Level 3 transfer may wait unanswered before an escalation task
    /// (local policy; UNCONFIRMED). Default 5, counting the request day as day 1.
    pub transfer_level_3_escalation_days: u32,
    /// Days the sending team keeps read access after a transfer is accepted
    /// (local policy; UNCONFIRMED). Default 28.
    pub transfer_handover_days: u32,
    /// DVDS-4: working days from a right-to-ask application to the
    /// face-to-face meeting (local practice). Default 10.
    pub dvds_face_to_face_working_days: u32,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            visit_interval_months: VisitIntervals::default(),
            reactive_management_after_low_months: Some(36),
            review_interval_weeks: ReviewIntervals::default(),
            csods_days: 45,
            dvds_days: 28,
            breach_record_hours: 24,
            referral_months_before_release: 6,
            referral_screening_days: 10,
            minutes_approval_days: 10,
            pdp_review_months: 12,
            transfer_response_days: 10,
            transfer_level_3_escalation_days: 5,
            transfer_handover_days: 28,
            dvds_face_to_face_working_days: 10,
        }
    }
}

/// Next police home visit (VIS-1, VIS-2, VIS-4; CONV-12): the last visit plus the
/// configured interval for the RoSH level, clamped to month end as in CONV-2.
/// `None` under reactive management: assessed Low continuously since
/// `low_since` for at least the configured period on `as_of`.
pub fn next_visit_due(
    last_visit: Date,
    rosh: RoshLevel,
    low_since: Option<Date>,
    as_of: Date,
    config: &RulesConfig,
) -> Explained<Option<Date>> {
    let s = &config.schedules;
    let mut steps = Vec::new();
    if rosh == RoshLevel::Low
        && let (Some(since), Some(months)) = (low_since, s.reactive_management_after_low_months)
        && add_months(since, i64::from(months)).is_some_and(|d| d <= as_of)
    {
        steps.push(
            Step::new(
                "VIS-2",
                cite::VISITS,
                text!(
                    "Assessed Low since {since}, at least {} by {as_of}, so the person is under reactive management: no home visits are scheduled (configuration: schedules.reactive_management_after_low_months = {months}).",
                    words_months(months)
                ),
            )
            .with_config("schedules.reactive_management_after_low_months"),
        );
        return Explained::new(None, steps);
    }
    let (months, key, label) = match rosh {
        RoshLevel::VeryHigh => {
            (s.visit_interval_months.very_high, "schedules.visit_interval_months.very_high", "Very High")
        }
        RoshLevel::High => (s.visit_interval_months.high, "schedules.visit_interval_months.high", "High"),
        RoshLevel::Medium => (s.visit_interval_months.medium, "schedules.visit_interval_months.medium", "Medium"),
        RoshLevel::Low => (s.visit_interval_months.low, "schedules.visit_interval_months.low", "Low"),
    };
    let due = add_months(last_visit, i64::from(months));
    steps.push(
        Step::new(
            "VIS-1",
            cite::VISITS,
            text!(
                "Risk of serious harm is {label}, so visits are every {} (configuration: {key} = {months}); the last visit was {last_visit}, so the next is due by {}.",
                words_months(months),
                show(due)
            ),
        )
        .with_config(key),
    );
    Explained::new(due, steps)
}

/// Next MAPPA meeting review (MTG-3; CONV-12). Level 1 has no meetings.
/// The level of management is reconsidered throughout (EXIT-4), at each review.
pub fn next_meeting_review_due(last_meeting: Date, level: MappaLevel, config: &RulesConfig) -> Explained<Option<Date>> {
    let r = &config.schedules.review_interval_weeks;
    let (weeks, key) = match level {
        MappaLevel::Level1 => {
            return Explained::new(
                None,
                vec![Step::new(
                    "LVL-1",
                    cite::MAPPA_MEETINGS,
                    "Level 1 cases are managed by the lead agency without formal multi-agency meetings, so no review meeting is scheduled.",
                )],
            );
        }
        MappaLevel::Level2 => (r.level_2, "schedules.review_interval_weeks.level_2"),
        MappaLevel::Level3 => (r.level_3, "schedules.review_interval_weeks.level_3"),
    };
    let due = add_days(last_meeting, i64::from(weeks) * 7);
    let step = Step::new(
        "MTG-3",
        cite::MAPPA_MEETINGS,
        text!(
            "The last meeting was on {last_meeting}; reviews, at which the level is reconsidered (EXIT-4), are at least every {weeks} weeks (configuration: {key} = {weeks}), so the next review is due by {}.",
            show(due)
        ),
    )
    .with_config(key);
    Explained::new(due, vec![step])
}

/// Latest day a referral to Level 2 or 3 of a person in custody should arrive
/// (MTG-4, UNCONFIRMED; CONV-12): the configured months before the release
/// date, clamped to month end as in CONV-2.
pub fn referral_due_before_release(release: Date, config: &RulesConfig) -> Explained<Option<Date>> {
    let months = config.schedules.referral_months_before_release;
    let key = "schedules.referral_months_before_release";
    let due = add_months(release, -i64::from(months));
    let step = Step::new(
        "MTG-4",
        cite::MAPPA_A,
        text!(
            "The person is due for release on {release}; a referral to Level 2 or 3 should arrive at least {} before release (configuration: {key} = {months}), so by {}.",
            words_months(months),
            show(due)
        ),
    )
    .with_config(key);
    Explained::new(due, vec![step])
}

/// Last day for the coordinator to screen a referral (MTG-6; local policy,
/// CONV-12), counting the day it arrived as day 1 (CONV-2).
pub fn referral_screening_due(received: Date, config: &RulesConfig) -> Explained<Option<Date>> {
    let days = config.schedules.referral_screening_days;
    let key = "schedules.referral_screening_days";
    let due = add_days(received, i64::from(days.max(1)) - 1);
    let step = Step::new(
        "MTG-6",
        cite::MAPPA_A,
        text!(
            "A referral received on {received} is screened by the MAPPA coordinator within {days} days beginning with that day (configuration: {key} = {days}), so by {}.",
            show(due)
        ),
    )
    .with_config(key);
    Explained::new(due, vec![step])
}

/// Last day for the chair to approve a meeting's minutes (MTG-5, UNCONFIRMED;
/// CONV-12), counting the meeting day as day 1 (CONV-2).
pub fn minutes_approval_due(meeting: Date, config: &RulesConfig) -> Explained<Option<Date>> {
    let days = config.schedules.minutes_approval_days;
    let key = "schedules.minutes_approval_days";
    let due = add_days(meeting, i64::from(days.max(1)) - 1);
    let step = Step::new(
        "MTG-5",
        cite::MAPPA_MEETINGS,
        text!(
            "The meeting was on {meeting}; its minutes are approved and distributed within {days} days beginning with that day (configuration: {key} = {days}), so by {}.",
            show(due)
        ),
    )
    .with_config(key);
    Explained::new(due, vec![step])
}

/// Last day to complete a disclosure-scheme application (CSO-4, DVDS-3; CONV-12),
/// counting the application day as day 1 (CONV-2).
pub fn disclosure_deadline(
    scheme: DisclosureScheme,
    application: Date,
    config: &RulesConfig,
) -> Explained<Option<Date>> {
    let s = &config.schedules;
    let (days, key, rule, citation, name) = match scheme {
        DisclosureScheme::Csods => {
            (s.csods_days, "schedules.csods_days", "CSO-4", cite::CSODS, "Child Sex Offender Disclosure Scheme")
        }
        DisclosureScheme::Dvds => {
            (s.dvds_days, "schedules.dvds_days", "DVDS-3", cite::DVDS, "Domestic Violence Disclosure Scheme")
        }
    };
    let due = if days == 0 { None } else { add_days(application, i64::from(days) - 1) };
    let step = Step::new(
        rule,
        citation,
        text!(
            "A {name} application made on {application} should be completed within {days} days beginning with that day (configuration: {key} = {days}), so by {}.",
            show(due)
        ),
    )
    .with_config(key);
    Explained::new(due, vec![step])
}

/// Latest time to record a notification breach on local and national systems
/// (NOTIF-53; CONV-12), as elapsed hours from when the breach was established.
pub fn breach_record_deadline(established: &Zoned, config: &RulesConfig) -> Explained<Option<Zoned>> {
    let hours = config.schedules.breach_record_hours;
    let due = Span::new().try_hours(i64::from(hours)).ok().and_then(|span| established.checked_add(span).ok());
    let step = Step::new(
        "NOTIF-53",
        cite::APP_BREACH,
        text!(
            "A breach established at {} must be recorded on PNC and ViSOR within {hours} hours (configuration: schedules.breach_record_hours = {hours}).",
            established.datetime()
        ),
    )
    .with_config("schedules.breach_record_hours");
    Explained::new(due, vec![step])
}

fn show(d: Option<Date>) -> String {
    d.map_or_else(|| "a date that cannot be computed".to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cfg() -> RulesConfig {
        RulesConfig::default()
    }

    #[test]
    fn vis_1_visit_intervals_by_rosh_level() {
        let last = date(2024, 1, 31);
        let as_of = date(2024, 2, 1);
        let due = |r| next_visit_due(last, r, None, as_of, &cfg()).value;
        assert_eq!(due(RoshLevel::VeryHigh), Some(date(2024, 2, 29)));
        assert_eq!(due(RoshLevel::High), Some(date(2024, 4, 30)));
        assert_eq!(due(RoshLevel::Medium), Some(date(2024, 7, 31)));
        assert_eq!(due(RoshLevel::Low), Some(date(2025, 1, 31)));
        let e = next_visit_due(last, RoshLevel::High, None, as_of, &cfg());
        assert!(e.explanation[0].text.contains("configuration"));
        assert_eq!(e.explanation[0].configuration, vec!["schedules.visit_interval_months.high"]);
    }

    #[test]
    fn vis_2_reactive_management_after_three_years_low() {
        let c = cfg();
        let last = date(2024, 1, 1);
        // Low since 2021-01-02: three years reached 2024-01-02.
        let before = next_visit_due(last, RoshLevel::Low, Some(date(2021, 1, 2)), date(2024, 1, 1), &c);
        assert_eq!(before.value, Some(date(2025, 1, 1)));
        let after = next_visit_due(last, RoshLevel::Low, Some(date(2021, 1, 2)), date(2024, 1, 2), &c);
        assert_eq!(after.value, None);
        assert_eq!(after.explanation[0].rule, "VIS-2");
    }

    #[test]
    fn mtg_3_review_intervals_by_level() {
        let c = cfg();
        let m = date(2024, 1, 1);
        assert_eq!(next_meeting_review_due(m, MappaLevel::Level3, &c).value, Some(date(2024, 2, 26)));
        assert_eq!(next_meeting_review_due(m, MappaLevel::Level2, &c).value, Some(date(2024, 4, 22)));
        assert_eq!(next_meeting_review_due(m, MappaLevel::Level1, &c).value, None);
    }

    #[test]
    fn cso_4_and_dvds_3_disclosure_deadlines() {
        let c = cfg();
        let a = date(2024, 1, 1);
        assert_eq!(disclosure_deadline(DisclosureScheme::Csods, a, &c).value, Some(date(2024, 2, 14)));
        assert_eq!(disclosure_deadline(DisclosureScheme::Dvds, a, &c).value, Some(date(2024, 1, 28)));
    }

    #[test]
    fn notif_53_breach_recorded_within_24_hours() {
        let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(0));
        let at = date(2024, 3, 30).at(10, 0, 0, 0).to_zoned(tz).unwrap();
        let due = breach_record_deadline(&at, &cfg()).value.unwrap();
        assert_eq!(due.datetime(), date(2024, 3, 31).at(10, 0, 0, 0));
    }
}
