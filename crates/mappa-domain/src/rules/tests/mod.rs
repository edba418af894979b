//! Table tests with hand-worked dates, one file per area, plus property tests.
//! Each test name carries the rule ID it pins.

mod contract;
mod correction_properties;
mod corrections;
mod deadlines;
mod mappa;
mod orders;
mod properties;
mod review;
mod s82_table;

use jiff::civil::{Date, date};

use super::*;

pub(super) fn person(dob: Date, as_of: Date) -> Facts {
    Facts {
        as_of,
        date_of_birth: dob,
        disposals: vec![],
        foreign_convictions: vec![],
        orders: vec![],
        custody: vec![],
        hospital: vec![],
        abroad: vec![],
        notifications: vec![],
        no_fixed_abode: false,
        licence: None,
        category_3_decision: None,
        review_decisions: vec![],
    }
}

/// An adult born 1990-05-01, assessed on 2025-01-15.
pub(super) fn adult() -> Facts {
    person(date(1990, 5, 1), date(2025, 1, 15))
}

pub(super) fn sentence(kind: SentenceType) -> Sentence {
    Sentence { kind, ..Sentence::default() }
}

pub(super) fn months(kind: SentenceType, m: i64) -> Sentence {
    Sentence { kind, term_months: Some(m), ..Sentence::default() }
}

pub(super) fn conviction(id: &str, on: Date, s: Sentence) -> Disposal {
    Disposal {
        id: id.to_string(),
        kind: DisposalKind::Conviction,
        date: on,
        schedule_3: true,
        schedule_15: false,
        murder: false,
        terrorism: false,
        sentence: s,
    }
}

pub(super) fn order(id: &str, kind: OrderType, made: Date, served: Option<Date>, ends: Option<Date>) -> Order {
    Order {
        id: id.to_string(),
        kind,
        made,
        served,
        ends,
        foreign_travel_prohibition_ends: None,
        breach_convictions: vec![],
    }
}

pub(super) fn notified(on: Date, kind: NotificationKind) -> Notification {
    Notification { date: on, kind }
}

pub(super) fn run(f: &Facts) -> Assessment {
    f.validate(&RulesConfig::default()).expect("test facts are valid");
    assess(f, &RulesConfig::default())
}

pub(super) fn rules_of(steps: &[Step]) -> Vec<&'static str> {
    steps.iter().map(|s| s.rule).collect()
}
