//! The statutory rules engine: a person's facts in, their obligations out, each
//! with an explanation citing the rule IDs of `shared/domain/rules.md` and the
//! law (architecture principle 3).
//!
//! Pure: no I/O and no clock. `as_of` is always an input, the time zone of a
//! travel departure comes with the departure, and configuration is passed in.
//! Nothing here panics, on validated facts or otherwise (see the property tests).
//!
//! # Entry points
//! * [`Facts::from_json`] parses and validates; [`Facts::validate`] checks facts
//!   deserialised some other way (e.g. by an HTTP extractor) before assessing.
//! * [`assess`] turns facts and a [`RulesConfig`] into an [`Assessment`]
//!   (serialise it for the JSON contract: `notification`, `orders`, `mappa`).
//! * Pure deadline helpers for forms: [`change_notification_due`],
//!   [`qualifying_stay_end`], [`qualifying_stay_notification_due`],
//!   [`advance_notification_valid`], [`advance_notification_non_occurrence_due`],
//!   [`periodic_notification_due`], [`travel_notice_deadline`],
//!   [`return_notification_due`], [`review_qualifying_date`],
//!   [`further_review_date`], [`foreign_travel_renewal_max_end`].
//! * Local-policy schedules (CONV-12): [`next_visit_due`],
//!   [`next_meeting_review_due`], [`disclosure_deadline`], [`breach_record_deadline`].
//!
//! # Rule IDs
//! Steps carry the IDs of rules.md. The rows of the s82 table (§3.2) have no IDs
//! there, so their steps use `NOTIF-s82`; conventions use `CONV-n`.
//!
//! # Input fields beyond issue 3
//! All optional: `foreign_convictions[].kind` (default `conviction`),
//! `sentence.order_ends` (last day of a hospital or guardianship order, for
//! CONV-11), and `review_decisions` (REV-04 and discharge, EXIT-1). Order
//! types `interim_sopo` and `interim_notification_order` (NO-4).
//!
//! # Orders and discharges the law limits
//! * SHPO-5: an SHPO, interim SHPO, SOPO or interim SOPO made while the person
//!   is already subject (through any other period) is not a new relevant date:
//!   it only keeps them subject while in force (`order_periods`).
//! * SHPO-8: a new order of that family revokes the earlier one the day it is
//!   made (`revocation`), so one at most is in force.
//! * REV-01, REV-03: a discharge dated before the qualifying date (or, after a
//!   decision to continue, the further qualifying date) has no effect, and
//!   [`Facts::validate`] names it (`review`).
//!
//! ```
//! use mappa_domain::rules::{assess, Facts, RulesConfig};
//! let facts = Facts::from_json(r#"{
//!   "as_of": "2025-01-15", "date_of_birth": "1990-05-01",
//!   "disposals": [{"id": "d1", "kind": "conviction", "date": "2019-03-04", "schedule_3": true,
//!                  "sentence": {"type": "imprisonment", "term_months": 24}}],
//!   "custody": [{"from": "2019-03-04", "to": "2020-06-01"}],
//!   "notifications": [{"date": "2020-06-02", "kind": "initial"}]
//! }"#, &RulesConfig::default()).unwrap();
//! let a = assess(&facts, &RulesConfig::default());
//! assert_eq!(a.notification.ends, Some(jiff::civil::date(2029, 3, 3)));
//! assert_eq!(a.notification.initial_due, Some(jiff::civil::date(2020, 6, 3)));
//! assert_eq!(a.notification.next_periodic_due, Some(jiff::civil::date(2021, 6, 2)));
//! ```

mod assessment;
mod config;
mod dates;
mod deadlines;
mod explanation;
mod facts;
mod mappa;
mod notification;
mod order_periods;
mod orders;
mod review;
mod revocation;
mod s82;
mod schedules;
mod validation;

#[cfg(test)]
mod tests;

pub use assessment::{
    Assessment, InitialDueStatus, MappaAssessment, NotificationAssessment, NotificationPeriod, OrderAssessment,
    PeriodBasis, PeriodLength,
};
pub use config::{MappaConfig, NotificationConfig, OrdersConfig, RulesConfig, SuspendedSentenceRow, TravelConfig};
pub use dates::{
    Interval, LeapDayBirthday, add_days, add_months, age_on, nth_counted_day, period_last_day, under_18_on,
};
pub use deadlines::{
    Stay, TravelDetails, advance_notification_non_occurrence_due, advance_notification_valid, change_notification_due,
    periodic_notification_due, qualifying_stay_end, qualifying_stay_notification_due, return_notification_due,
    travel_notice_deadline,
};
pub use explanation::{Explained, Step};
pub use facts::{
    Category3Decision, Disposal, DisposalKind, FactProblem, Facts, FactsError, ForeignConviction, Licence,
    Notification, NotificationKind, Order, OrderType, ReviewDecision, ReviewOutcome, Sentence, SentenceType,
};
pub use mappa::category_2_qualifying;
pub use orders::{foreign_travel_renewal_max_end, minimum_end};
pub use review::{further_review_date, review_appeal_deadline, review_decision_due, review_qualifying_date};
pub use revocation::{OrderEffect, order_effects};
pub use s82::{S82Period, Term, s82_period};
pub use schedules::{
    DisclosureScheme, MappaLevel, ReviewIntervals, RoshLevel, ScheduleConfig, VisitIntervals, breach_record_deadline,
    disclosure_deadline, minutes_approval_due, next_meeting_review_due, next_visit_due, referral_due_before_release,
    referral_screening_due,
};

/// Assesses a person's facts as of `facts.as_of`: notification requirements
/// (NOTIF, NO, SHPO-5, SRO-8, REV), orders (SHPO, SRO, SPO, DAPO, legacy) and
/// MAPPA eligibility (CAT, EXIT). Pure and total: it never panics, even on
/// facts that were not validated, though only validated facts give meaningful
/// answers.
pub fn assess(facts: &Facts, config: &RulesConfig) -> Assessment {
    let unavailable = facts.unavailable();
    // Which orders a later one revoked (SHPO-8): worked out once for both.
    let effects = order_effects(&facts.orders);
    let notification = notification::assess_notification(facts, config, &unavailable, &effects);
    let orders = orders::assess_orders(facts, config, &notification, &unavailable, &effects);
    let mappa = mappa::assess_mappa(facts, config, &notification);
    Assessment { as_of: facts.as_of, notification, orders, mappa }
}
