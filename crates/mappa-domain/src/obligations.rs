//! A person's obligations, worked out by the rules engine from what is stored
//! about them: the facts the engine reads, and the dated things someone must
//! do (notify, visit, act before an order or licence ends).
//!
//! The store keeps these rows up to date (on every write to the person and in
//! the daily sweep); the compliance list and the tasks read them.

use crate::coded_enum;
use crate::notifications::NotificationKind;
use crate::periods::{Period, PeriodKind};
use crate::rules::{
    Assessment, Category3Decision, Disposal, Facts, InitialDueStatus, Interval, Licence, Notification, Order,
    ReviewDecision, RulesConfig, change_notification_due, return_notification_due,
};
use jiff::civil::Date;
use serde::Serialize;

/// What is stored about one person that the rules engine reads (everything in
/// [`Facts`] but the date of assessment).
#[derive(Clone, Default)]
pub struct PersonFacts {
    pub date_of_birth: Option<Date>,
    pub disposals: Vec<Disposal>,
    pub periods: Vec<Period>,
    pub notifications: Vec<(Date, NotificationKind)>,
    /// The current home address is a place where they can regularly be found (NOTIF-31).
    pub no_fixed_abode: bool,
    pub orders: Vec<Order>,
    pub licence: Option<Licence>,
    pub category_3_decision: Option<Category3Decision>,
    pub review_decisions: Vec<ReviewDecision>,
    /// The risk level the visit schedule follows, and the last visit at
    /// which the person was seen (VIS-1, VIS-2).
    pub visit_level: Option<crate::risk::LevelFacts>,
    pub last_visit: Option<Date>,
    /// Review applications not yet decided: (application id, day received) (REV-07).
    pub undecided_reviews: Vec<(String, Date)>,
    /// Additional conditions of the current licence with a review date:
    /// (condition id, last day to review it) (LIC-A14).
    pub condition_reviews: Vec<(String, Date)>,
    /// Work whose day is set by the person's other records, not by the
    /// engine: a potentially dangerous person's review (PDP-5), the duty to
    /// consider disclosure for a child sex offender (DIS-6), a transfer
    /// awaiting the receiving area's answer.
    pub dated_work: Vec<Obligation>,
}

redacted_debug!(PersonFacts);

impl PersonFacts {
    /// The engine's facts as they stood on `as_of`: anything that happened
    /// later is left out, and a period that ended later is still open.
    pub fn facts(&self, as_of: Date) -> Option<Facts> {
        let dob = self.date_of_birth?;
        let interval = |p: &Period| Interval::new(p.from, p.to.filter(|t| *t <= as_of));
        let periods = |k: PeriodKind| -> Vec<Interval> {
            self.periods.iter().filter(|p| p.kind == k && p.from <= as_of).map(interval).collect()
        };
        let orders = self
            .orders
            .iter()
            .filter(|o| o.made <= as_of)
            .map(|o| {
                let mut o = o.clone();
                o.served = o.served.filter(|s| *s <= as_of);
                o.breach_convictions.retain(|d| *d <= as_of);
                o
            })
            .collect();
        Some(Facts {
            as_of,
            date_of_birth: dob,
            disposals: self.disposals.iter().filter(|d| d.date <= as_of).cloned().collect(),
            foreign_convictions: Vec::new(),
            orders,
            custody: periods(PeriodKind::Custody),
            hospital: periods(PeriodKind::Hospital),
            abroad: periods(PeriodKind::Abroad),
            notifications: self
                .notifications
                .iter()
                .filter(|(d, _)| *d <= as_of)
                .filter_map(|(date, k)| k.engine_kind().map(|kind| Notification { date: *date, kind }))
                .collect(),
            no_fixed_abode: self.no_fixed_abode,
            licence: self.licence,
            category_3_decision: self
                .category_3_decision
                .filter(|c| c.date <= as_of)
                .map(|c| Category3Decision { ended: c.ended.filter(|e| *e <= as_of), ..c }),
            review_decisions: self.review_decisions.iter().filter(|r| r.date <= as_of).copied().collect(),
        })
    }

    /// Whether an s83–s85 notification was made on or after `day`.
    fn notified_since(&self, day: Date, as_of: Date) -> bool {
        self.notifications
            .iter()
            .any(|(d, k)| *d >= day && *d <= as_of && k.engine_kind().is_some_and(|k| k.resets_periodic()))
    }
}

coded_enum!(
    /// Kinds of obligation.
    ObligationKind {
        InitialNotification = "initial_notification" : "Initial notification",
        PeriodicNotification = "periodic_notification" : "Periodic notification",
        ReleaseNotification = "release_notification" : "Notification of release",
        ReturnNotification = "return_notification" : "Notification of return to the UK",
        OrderNotification = "order_notification" : "Notification required by an order",
        Visit = "visit" : "Home visit",
        OrderEnding = "order_ending" : "Order ending",
        TravelProhibitionEnding = "travel_prohibition_ending" : "Foreign travel prohibition ending",
        LicenceEnding = "licence_ending" : "Licence ending (Category 2 exit)",
        ReviewEligible = "review_eligible" : "Eligible to apply for review of indefinite notification",
        // No longer made: recording a breach is what NOTIF-53 asks, so once
        // recorded (late or not) nothing is left to record. Kept so that
        // tasks made by earlier versions read back.
        BreachRecording = "breach_recording" : "Breach to be recorded",
        ReviewDecision = "review_decision" : "Review decision due",
        ConditionReview = "condition_review" : "Licence condition review due",
        ReferralScreening = "referral_screening" : "Referral to be screened",
        ReviewListing = "review_listing" : "Review to be listed for a meeting",
        MinutesApproval = "minutes_approval" : "Minutes to be approved",
        ActionDue = "action_due" : "MAPPA action due",
        ReferralReturned = "referral_returned" : "Referral returned for more information",
        PdpReview = "pdp_review" : "Potentially dangerous person review",
        DisclosureConsideration = "disclosure_consideration" : "Disclosure to be considered (child sex offender)",
        DisclosureToMake = "disclosure_to_make" : "Disclosure agreed, to be made",
        TransferAwaiting = "transfer_awaiting" : "Transfer to another area awaiting an answer",
        TransferResponse = "transfer_response" : "Transfer from another area to be answered",
        TransferEscalation = "transfer_escalation" : "Level 3 transfer unanswered: escalate",
        TransferHandover = "transfer_handover" : "Case transferred: hand over before access ends",
        ApplicationDue = "application_due" : "Disclosure scheme application to complete",
        ApplicationUrgent = "application_urgent" : "Disclosure scheme: immediate risk, safeguard now",
        ApplicationReview = "application_review" : "Domestic violence disclosure: initial review",
        ApplicationMeeting = "application_meeting" : "Domestic violence disclosure: face-to-face meeting",
        ScrNotification = "scr_notification" : "Serious Case Review: notify the SMB chair and MAPPA coordinator",
    }
);

impl ObligationKind {
    /// The MAPPA unit's work (MTG-3, MTG-5, MTG-6): tasks for the area's
    /// coordinators and chairs, made by the daily sweep from referrals,
    /// minutes and reviews, not from a person's facts.
    pub fn is_mappa_unit_work(self) -> bool {
        matches!(
            self,
            ObligationKind::ReferralScreening | ObligationKind::ReviewListing | ObligationKind::MinutesApproval
        )
    }

    /// Tasks the sweep makes from MAPPA work rather than from the rules
    /// engine's obligations.
    pub fn is_mappa_work(self) -> bool {
        self.is_mappa_unit_work()
            || matches!(
                self,
                ObligationKind::ActionDue
                    | ObligationKind::ReferralReturned
                    | ObligationKind::TransferResponse
                    | ObligationKind::TransferEscalation
                    | ObligationKind::TransferHandover
                    | ObligationKind::ApplicationDue
                    | ObligationKind::ApplicationUrgent
                    | ObligationKind::ApplicationReview
                    | ObligationKind::ApplicationMeeting
                    | ObligationKind::ScrNotification
            )
    }

    /// Shown in the compliance list of the people it concerns, but made a
    /// task by the sweep for the agency doing the work, not the record's
    /// owner: a disclosure scheme application (CSO-4, DVDS-3), a Serious
    /// Case Review's notification (SCR-3).
    pub fn listed_only(self) -> bool {
        matches!(self, ObligationKind::ApplicationDue | ObligationKind::ScrNotification)
    }

    /// Obligations the person must meet (notifications), as opposed to work
    /// the owning team must do.
    pub fn is_notification(self) -> bool {
        matches!(
            self,
            ObligationKind::InitialNotification
                | ObligationKind::PeriodicNotification
                | ObligationKind::ReleaseNotification
                | ObligationKind::ReturnNotification
                | ObligationKind::OrderNotification
        )
    }
}

/// One dated obligation.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Obligation {
    pub kind: ObligationKind,
    /// Last day to meet it (CONV-13), or the day it arises (an order ending,
    /// review eligibility).
    pub due: Date,
    /// The rule that sets the date.
    pub rule: String,
    /// What it is about: a disposal, period, order or other id; empty for the person.
    pub source: String,
}

redacted_debug!(Obligation);

/// Where the person is on a day, when not at liberty in the UK.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Away {
    pub kind: PeriodKind,
    pub since: Date,
}

/// Everything the compliance list needs about one person as of a day.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Compliance {
    pub subject: bool,
    pub away: Option<Away>,
    pub obligations: Vec<Obligation>,
    /// The first day after `as_of` on which this may change with no new fact
    /// (a period, order or eligibility ending; a qualifying date arriving):
    /// the daily sweep works the person out again then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recheck_on: Option<Date>,
}

redacted_debug!(Compliance);

/// Facts to assessment to obligations: the one way a person is worked out,
/// for writes, the sweep and reads alike. Err names the stored facts the
/// engine cannot accept on `as_of` (paths only, never values).
pub fn work_out(
    pf: &PersonFacts,
    as_of: Date,
    config: &RulesConfig,
) -> Result<(Assessment, Compliance), Vec<crate::rules::FactProblem>> {
    let no_birth = || {
        vec![crate::rules::FactProblem {
            path: "date_of_birth".into(),
            code: "required",
            message: "is required".into(),
        }]
    };
    let facts = pf.facts(as_of).ok_or_else(no_birth)?;
    facts.validate(config).map_err(|e| e.problems)?;
    let assessment = crate::rules::assess(&facts, config);
    let compliance = obligations(pf, &assessment, config);
    Ok((assessment, compliance))
}

/// Works out a person's obligations from the engine's assessment of their
/// stored facts (NOTIF-10, NOTIF-23, NOTIF-30, NOTIF-44, SRO-5, EXIT-2, REV-03)
/// plus the obligations worked out elsewhere (visits, breaches).
pub fn obligations(pf: &PersonFacts, a: &Assessment, config: &RulesConfig) -> Compliance {
    let as_of = a.as_of;
    let n = &a.notification;
    let mut out: Vec<Obligation> = Vec::new();
    let unavailable: Vec<Interval> = pf
        .periods
        .iter()
        .filter(|p| p.from <= as_of)
        .map(|p| Interval::new(p.from, p.to.filter(|t| *t <= as_of)))
        .collect();
    let mut push = |kind, due: Option<Date>, rule: &str, source: String| {
        if let Some(due) = due {
            out.push(Obligation { kind, due, rule: rule.to_string(), source });
        }
    };

    let latest_event = n.periods.iter().map(|p| p.starts).max();
    let initial_outstanding = n.initial_due_status == InitialDueStatus::Due
        && latest_event.is_some_and(|e| !pf.notified_since(e, as_of))
        && n.initial_due.is_some();
    if initial_outstanding {
        let source = n.periods.iter().max_by_key(|p| p.starts).map(|p| p.source.clone()).unwrap_or_default();
        push(ObligationKind::InitialNotification, n.initial_due, "NOTIF-10", source);
    } else if n.subject {
        push(ObligationKind::PeriodicNotification, n.next_periodic_due, "NOTIF-30", String::new());
    }

    if n.subject && !initial_outstanding {
        // NOTIF-23: the latest release from custody or hospital not yet notified.
        if let Some(p) = pf
            .periods
            .iter()
            .filter(|p| p.kind.end_is_notifiable() && p.to.is_some_and(|t| t <= as_of))
            .max_by_key(|p| p.to)
            && let Some(released) = p.to
            && !pf.notified_since(released, as_of)
        {
            let due = change_notification_due(released, &unavailable).value;
            push(ObligationKind::ReleaseNotification, due, "NOTIF-23", p.id.to_string());
        }
        // NOTIF-44: the latest return from abroad not yet notified.
        if let Some(p) = pf
            .periods
            .iter()
            .filter(|p| p.kind == PeriodKind::Abroad && p.to.is_some_and(|t| t <= as_of))
            .max_by_key(|p| p.to)
            && let Some(back) = p.to
            && !pf.notifications.iter().any(|(d, k)| *k == NotificationKind::TravelReturn && *d >= back && *d <= as_of)
        {
            let due = return_notification_due(back, &unavailable, config).value;
            push(ObligationKind::ReturnNotification, due, "NOTIF-44", p.id.to_string());
        }
    }
    if n.indefinite && n.subject {
        let qualifying = n.review_further_qualifying_date.or(n.review_qualifying_date);
        let rule = if n.review_further_qualifying_date.is_some() { "REV-04" } else { "REV-03" };
        // A date the person may apply from, not work to do: shown until it
        // comes, never as overdue once passed (as with EXIT-2 below).
        push(ObligationKind::ReviewEligible, qualifying.filter(|d| *d >= as_of), rule, String::new());
    }

    for o in a.orders.iter().filter(|o| o.in_force) {
        if let Some(due) = o.notification_due {
            let since = pf.orders.iter().find(|x| x.id == o.id).map(|x| x.served.unwrap_or(x.made));
            if since.is_some_and(|s| !pf.notified_since(s, as_of)) {
                push(ObligationKind::OrderNotification, Some(due), "SRO-5", o.id.clone());
            }
        }
        push(ObligationKind::OrderEnding, o.ends, "SHPO-2", o.id.clone());
        push(
            ObligationKind::TravelProhibitionEnding,
            o.foreign_travel_prohibition_ends.filter(|d| *d >= as_of),
            "SHPO-3",
            o.id.clone(),
        );
    }
    if a.mappa.category == Some(2) {
        push(ObligationKind::LicenceEnding, a.mappa.exit_date.filter(|d| *d >= as_of), "EXIT-2", String::new());
    }
    let away = pf
        .periods
        .iter()
        .find(|p| p.from <= as_of && p.to.is_none_or(|t| as_of < t))
        .map(|p| Away { kind: p.kind, since: p.from });

    // Home visits follow the risk level (VIS-1, VIS-2; CONV-12), not while
    // the person is in custody, in hospital or abroad.
    let mut changes_on = Vec::new();
    if pf.visit_level.is_some() && away.is_none() {
        let v = crate::risk::visit_schedule(pf.visit_level, pf.last_visit, as_of, config);
        push(ObligationKind::Visit, v.next_due, "VIS-1", String::new());
        if let (Some(since), Some(months)) = (v.low_since, config.schedules.reactive_management_after_low_months)
            && !v.reactive_management
        {
            changes_on.extend(crate::rules::add_months(since, i64::from(months)));
        }
    }
    for (id, received) in &pf.undecided_reviews {
        let due = crate::rules::review_decision_due(*received, config).value;
        push(ObligationKind::ReviewDecision, due, "REV-07", id.clone());
    }
    for (id, due) in &pf.condition_reviews {
        push(ObligationKind::ConditionReview, Some(*due), "LIC-A14", id.clone());
    }
    out.extend(pf.dated_work.iter().cloned());
    out.sort_by(|x, y| (x.due, x.kind.code()).cmp(&(y.due, y.kind.code())));
    Compliance { subject: n.subject, away, obligations: out, recheck_on: recheck_on(a, &changes_on) }
}

/// The first day after the assessment's day on which its answer can change
/// by the passing of time alone: the day after anything ends (CONV-13), or a
/// day something begins. Conservative: every date in the assessment counts.
fn recheck_on(a: &Assessment, changes_on: &[Date]) -> Option<Date> {
    let as_of = a.as_of;
    let n = &a.notification;
    let next = |d: Option<Date>| d.and_then(|d| d.tomorrow().ok());
    let mut days: Vec<Option<Date>> =
        vec![next(n.ends), n.review_qualifying_date, n.review_further_qualifying_date, next(a.mappa.exit_date)];
    days.extend(n.periods.iter().map(|p| next(p.ends)));
    for o in &a.orders {
        days.extend([next(o.ends), next(o.foreign_travel_prohibition_ends), next(o.earliest_end), next(o.latest_end)]);
    }
    days.extend(changes_on.iter().map(|d| Some(*d)));
    days.into_iter().flatten().filter(|d| *d > as_of).min()
}

/// How an obligation stands on a day: overdue (the day after its last day),
/// due within `soon_days`, or later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    Overdue,
    DueSoon,
    Later,
}

/// CONV-13: `due` is the last day, so it is overdue from the next day.
pub fn due_status(due: Date, as_of: Date, soon_days: i64) -> DueStatus {
    if due < as_of {
        DueStatus::Overdue
    } else if crate::rules::add_days(as_of, soon_days).is_some_and(|limit| due <= limit) {
        DueStatus::DueSoon
    } else {
        DueStatus::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ItemId;
    use crate::rules::{DisposalKind, Sentence, SentenceType, assess};
    use jiff::civil::date;

    fn person() -> PersonFacts {
        PersonFacts {
            date_of_birth: Some(date(1980, 1, 1)),
            disposals: vec![Disposal {
                id: "d1".into(),
                kind: DisposalKind::Conviction,
                date: date(2019, 3, 4),
                schedule_3: true,
                schedule_15: false,
                murder: false,
                terrorism: false,
                sentence: Sentence { kind: SentenceType::Imprisonment, term_months: Some(24), ..Sentence::default() },
            }],
            periods: vec![Period {
                id: ItemId::new(),
                kind: PeriodKind::Custody,
                from: date(2019, 3, 4),
                to: Some(date(2020, 6, 1)),
                place: None,
            }],
            ..PersonFacts::default()
        }
    }

    fn compliance(pf: &PersonFacts, as_of: Date) -> Compliance {
        let config = RulesConfig::default();
        let a = assess(&pf.facts(as_of).unwrap(), &config);
        obligations(pf, &a, &config)
    }

    #[test]
    fn in_custody_nothing_is_due_until_release_notif_11() {
        let c = compliance(&person(), date(2020, 1, 1));
        assert_eq!(c.away.map(|a| a.kind), Some(PeriodKind::Custody));
        assert!(c.obligations.iter().all(|o| !o.kind.is_notification()), "{:?}", c.obligations.len());
    }

    #[test]
    fn after_release_the_initial_notification_is_due_within_3_days_conv_6() {
        let c = compliance(&person(), date(2020, 6, 10));
        assert!(c.away.is_none());
        let o = &c.obligations[0];
        assert_eq!(
            (o.kind, o.due, o.rule.as_str()),
            (ObligationKind::InitialNotification, date(2020, 6, 3), "NOTIF-10")
        );
        assert_eq!(due_status(o.due, date(2020, 6, 10), 14), DueStatus::Overdue);
    }

    #[test]
    fn once_notified_the_periodic_date_follows_notif_30() {
        let mut pf = person();
        pf.notifications.push((date(2020, 6, 2), NotificationKind::Initial));
        let c = compliance(&pf, date(2020, 7, 1));
        assert_eq!(c.obligations.len(), 1);
        assert_eq!(
            (c.obligations[0].kind, c.obligations[0].due),
            (ObligationKind::PeriodicNotification, date(2021, 6, 2))
        );
        // A travel notification does not move it (NOTIF-27).
        pf.notifications.push((date(2020, 7, 1), NotificationKind::ForeignTravel));
        assert_eq!(compliance(&pf, date(2020, 7, 2)).obligations[0].due, date(2021, 6, 2));
    }

    #[test]
    fn a_later_release_must_be_notified_notif_23() {
        let mut pf = person();
        pf.notifications.push((date(2020, 6, 2), NotificationKind::Initial));
        pf.periods.push(Period {
            id: ItemId::new(),
            kind: PeriodKind::Custody,
            from: date(2021, 1, 10),
            to: Some(date(2021, 2, 1)),
            place: None,
        });
        let c = compliance(&pf, date(2021, 2, 10));
        let release = c.obligations.iter().find(|o| o.kind == ObligationKind::ReleaseNotification).unwrap();
        assert_eq!((release.due, release.rule.as_str()), (date(2021, 2, 3), "NOTIF-23"));
        pf.notifications.push((date(2021, 2, 2), NotificationKind::Change));
        let c = compliance(&pf, date(2021, 2, 10));
        assert!(c.obligations.iter().all(|o| o.kind != ObligationKind::ReleaseNotification));
    }

    #[test]
    fn the_sweep_looks_again_the_day_after_notification_ends_conv_13() {
        let mut pf = person();
        pf.notifications.push((date(2020, 6, 2), NotificationKind::Initial));
        let c = compliance(&pf, date(2028, 1, 1));
        assert_eq!(c.recheck_on, Some(date(2029, 3, 4)), "10 years ends 2029-03-03");
        let after = compliance(&pf, date(2029, 3, 4));
        assert!(!after.subject && after.obligations.is_empty());
        assert_eq!(after.recheck_on, None);
    }

    #[test]
    fn the_review_qualifying_date_is_shown_until_it_comes_never_as_overdue_rev_03() {
        let mut pf = person();
        pf.disposals[0].sentence.term_months = Some(36);
        pf.periods[0].to = Some(date(2020, 9, 1));
        pf.notifications.push((date(2020, 9, 2), NotificationKind::Initial));
        let kinds = |as_of| {
            let c = compliance(&pf, as_of);
            c.obligations.iter().filter(|o| o.kind == ObligationKind::ReviewEligible).map(|o| o.due).collect::<Vec<_>>()
        };
        // Indefinite; 15 years from the first notification (REV-03).
        assert_eq!(kinds(date(2035, 9, 1)), vec![date(2035, 9, 2)]);
        assert_eq!(kinds(date(2035, 9, 2)), vec![date(2035, 9, 2)]);
        assert!(kinds(date(2035, 9, 3)).is_empty(), "a date passed is not work overdue");
    }

    #[test]
    fn facts_leave_out_what_happened_after_as_of() {
        let mut pf = person();
        pf.notifications.push((date(2020, 6, 2), NotificationKind::Initial));
        let f = pf.facts(date(2020, 1, 1)).unwrap();
        assert!(f.notifications.is_empty());
        assert_eq!(f.custody[0].to, None, "still in custody on 2020-01-01");
        assert!(pf.facts(date(2018, 1, 1)).unwrap().disposals.is_empty());
    }

    #[test]
    fn due_status_counts_the_last_day_as_not_overdue_conv_13() {
        let d = date(2026, 11, 23);
        assert_eq!(due_status(d, d, 14), DueStatus::DueSoon);
        assert_eq!(due_status(date(2026, 11, 22), d, 14), DueStatus::Overdue);
        assert_eq!(due_status(date(2026, 12, 7), d, 14), DueStatus::DueSoon);
        assert_eq!(due_status(date(2026, 12, 8), d, 14), DueStatus::Later);
    }
}
