//! What an audit record says happened: one typed list, each with the stable
//! code the trail keeps and the words a history page shows (principle 1).

use crate::coded_enum;

coded_enum!(
    /// Every action the audit trail records.
    AuditAction {
        NominalCreate = "nominal.create" : "Record created",
        NominalView = "nominal.view" : "Record viewed",
        GlanceView = "glance.view" : "Record summary viewed",
        NominalUpdate = "nominal.update" : "Details changed",
        NominalSearch = "nominal.search" : "Search",
        AddressCreate = "address.create" : "Address added",
        DisposalCreate = "disposal.create" : "Conviction, caution or finding added",
        MappaDecision = "mappa.decision" : "MAPPA category or level decided",
        MappaCaseUpdate = "mappa.case_update" : "MAPPA case details changed",
        ShareCreate = "share.create" : "Shared with another agency",
        ShareWithdraw = "share.withdraw" : "Sharing withdrawn",
        BreachCreate = "breach.create" : "Breach recorded",
        BreachOutcome = "breach.outcome" : "Breach outcome recorded",
        BreachesView = "breaches.view" : "Breaches viewed",
        CirculationCreate = "circulation.create" : "Circulated as wanted or missing",
        CirculationCancel = "circulation.cancel" : "Wanted or missing circulation cancelled",
        AuditView = "audit.view" : "History viewed",
        AuditSearch = "audit.search" : "Audit trail searched",
        PeriodCreate = "period.create" : "Custody, hospital or time abroad recorded",
        PeriodEnd = "period.end" : "Release, discharge or return recorded",
        PeriodsView = "periods.view" : "Custody, hospital and time abroad viewed",
        NotificationCreate = "notification.create" : "Notification recorded",
        NotificationView = "notification.view" : "Notification acknowledgement viewed",
        NotificationsView = "notifications.view" : "Notifications viewed",
        ObligationsView = "obligations.view" : "Obligations viewed",
        TaskComplete = "task.complete" : "Task marked done",
        TasksView = "tasks.view" : "Tasks viewed",
        SweepRun = "sweep.run" : "Daily sweep run",
        OrderCreate = "order.create" : "Order recorded",
        OrderVariation = "order.variation" : "Order varied",
        OrderRenewal = "order.renewal" : "Order renewed",
        OrderDischarge = "order.discharge" : "Order discharged",
        OrderPassport = "order.passport" : "Passport surrender or return recorded",
        OrdersView = "orders.view" : "Orders viewed",
        LicenceCreate = "licence.create" : "Licence recorded",
        LicenceRecall = "licence.recall" : "Recall recorded",
        LicenceView = "licence.view" : "Licence viewed",
        LicenceConditionReview = "licence_condition.review" : "Licence condition reviewed",
        RiskAssessmentCreate = "risk_assessment.create" : "Risk assessment recorded",
        VisitCreate = "visit.create" : "Visit recorded",
        RiskView = "risk.view" : "Risk and visits viewed",
        ReviewApplicationCreate = "review_application.create" : "Review application recorded",
        ReviewApplicationStage = "review_application.stage" : "Review stage recorded",
        ReviewApplicationView = "review_application.view" : "Review applications viewed",
        FormView = "form.view" : "Form opened",
        AccessRefused = "access.refused" : "Access refused",
        CaseloadView = "caseload.view" : "Caseload viewed",
        ComplianceView = "compliance.view" : "Compliance list viewed",
        VisitsOverdueView = "visits_overdue.view" : "Overdue visits viewed",
        AreaCreate = "area.create" : "MAPPA area added",
        UnitCreate = "unit.create" : "Local unit added",
        AgencyPlace = "agency.place" : "Agency placed in an area",
        PanelCreate = "panel.create" : "Panel added",
        ReferralCreate = "referral.create" : "Referred to level 2 or 3",
        ReferralScreen = "referral.screen" : "Referral screened",
        ReferralResubmit = "referral.resubmit" : "Referral sent again",
        VictimAdd = "victim.add" : "Victim added",
        VictimChange = "victim.change" : "Victim's details changed",
        VictimsView = "victims.view" : "Victims viewed",
        PdpRecord = "pdp.record" : "Recorded as a potentially dangerous person",
        PdpReview = "pdp.review" : "Potentially dangerous person reviewed",
        PdpRemove = "pdp.remove" : "No longer a potentially dangerous person",
        PdpView = "pdp.view" : "Potentially dangerous person status viewed",
        DisclosureDecide = "disclosure.decide" : "Disclosure decision recorded",
        DisclosureMade = "disclosure.made" : "Disclosure made",
        DisclosuresView = "disclosures.view" : "Disclosure decisions viewed",
        ApplicationRecord = "application.record" : "Disclosure scheme application recorded",
        ApplicationStage = "application.stage" : "Disclosure scheme application step recorded",
        ApplicationsView = "applications.view" : "Disclosure scheme applications viewed",
        SfoNotify = "sfo.notify" : "Serious further offence notified",
        SfoStep = "sfo.step" : "Serious further offence step recorded",
        SfosView = "sfos.view" : "Serious further offences viewed",
        TransferRequest = "transfer.request" : "Transfer to another area requested",
        TransferAccept = "transfer.accept" : "Transfer accepted",
        TransferRefuse = "transfer.refuse" : "Transfer refused",
        TransfersView = "transfers.view" : "Transfers viewed",
        HandoverEnd = "transfer.handover_end" : "Handover access ended",
        ReferralView = "referral.view" : "Referral viewed",
        ReferralsView = "referrals.view" : "Referrals viewed",
        MeetingCreate = "meeting.create" : "Meeting scheduled",
        MeetingView = "meeting.view" : "Meeting viewed",
        MeetingsView = "meetings.view" : "Meetings viewed",
        AgendaAdd = "meeting.case_add" : "Listed for a meeting",
        AgendaRemove = "meeting.case_remove" : "Taken off a meeting's agenda",
        AttendanceRecord = "meeting.attendance" : "Attendance recorded",
        MinutesSave = "minutes.save" : "Minutes saved",
        MinutesApprove = "minutes.approve" : "Minutes approved",
        MinutesView = "minutes.view" : "Minutes viewed",
        MinutesShareRequest = "minutes_share.request" : "Sharing of minutes asked for",
        MinutesShareDecide = "minutes_share.decide" : "Sharing of minutes decided",
        ActionComplete = "action.complete" : "Action done",
        ActionCancel = "action.cancel" : "Action cancelled",
        ActionAccept = "action.accept" : "Action accepted",
        ActionsView = "actions.view" : "Actions viewed",
        AccountabilityView = "accountability.view" : "Agency accountability viewed",
        AnnualReportView = "report_annual.view" : "Annual report run",
        ReportPeopleView = "report_people.view" : "People behind a report figure viewed",
        PopulationSet = "area.population" : "Area population entered",
        AuthSignIn = "auth.sign_in" : "Signed in",
        AuthSignOut = "auth.sign_out" : "Signed out",
        AuthSignInFailed = "auth.sign_in_failed" : "Sign-in failed",
        AuthThrottled = "auth.throttled" : "Sign-in refused: too many attempts",
        AuthSignOutEverywhere = "auth.sign_out_everywhere" : "Signed out everywhere",
        AuthTokenRevoke = "auth.token_revoke" : "API token revoked",
        AuthSecondFactorSetup = "auth.second_factor_setup" : "Second factor set-up started",
        AuthSecondFactorFailed = "auth.second_factor_failed" : "Second factor refused",
        AgencyCreate = "agency.create" : "Agency added",
        UserCreate = "user.create" : "Account created",
        UserUpdate = "user.update" : "Account changed",
        UserPasswordChange = "user.password_change" : "Password changed",
        FactCorrect = "record.correct" : "Correction made",
        FactWithdraw = "record.withdraw" : "Entry withdrawn",
        VisitOutcome = "visit.outcome" : "Visit outcome recorded",
        BenchLoad = "bench.load" : "Benchmark data loaded",
    }
);

/// What kind of event an action is, for a history that shows the changes
/// apart from the reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Something recorded or changed.
    Change,
    /// A record, list or form read (principle 1: every read is audited).
    View,
    /// Signing in and out, and access refused.
    Access,
}

impl AuditAction {
    pub fn kind(self) -> ActionKind {
        let code = self.code();
        if code.starts_with("auth.") || code.starts_with("access.") {
            ActionKind::Access
        } else if code.ends_with(".view") || code.ends_with(".search") {
            ActionKind::View
        } else {
            ActionKind::Change
        }
    }

    /// Every action of `kind`.
    pub fn of_kind(kind: ActionKind) -> impl Iterator<Item = AuditAction> {
        AuditAction::ALL.iter().copied().filter(move |a| a.kind() == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_are_unique_and_round_trip() {
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        let mut labels: Vec<&str> = AuditAction::ALL.iter().map(|a| a.label()).collect();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(*a));
        }
        codes.sort();
        codes.dedup();
        labels.sort();
        labels.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(labels.len(), AuditAction::ALL.len());
    }

    #[test]
    fn changes_are_told_apart_from_reads_and_sign_ins() {
        assert_eq!(AuditAction::NotificationCreate.kind(), ActionKind::Change);
        assert_eq!(AuditAction::NominalView.kind(), ActionKind::View);
        assert_eq!(AuditAction::FormView.kind(), ActionKind::View);
        assert_eq!(AuditAction::NominalSearch.kind(), ActionKind::View);
        assert_eq!(AuditAction::AccessRefused.kind(), ActionKind::Access);
        assert_eq!(AuditAction::AuthSignIn.kind(), ActionKind::Access);
        let all: usize = [ActionKind::Change, ActionKind::View, ActionKind::Access]
            .iter()
            .map(|k| AuditAction::of_kind(*k).count())
            .sum();
        assert_eq!(all, AuditAction::ALL.len());
    }
}
