//! Use cases for risk assessments, police home visits and the visit schedule
//! (rules.md §7; VIS-1, VIS-2, CONV-12).

use crate::App;
use crate::error::{AppError, Result};
use jiff::civil::Date;
use mappa_domain::access::{Actor, RecordAction, list_scope};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::risk::{
    RiskAssessment, RiskAssessmentInput, Visit, VisitInput, VisitSchedule, current_level, overdue_cutoffs,
    visit_schedule,
};
use mappa_store::{AuditEntry, VisitScheduleFacts};

/// The most people one overdue list shows, most overdue first.
pub const OVERDUE_LIMIT: usize = 1000;

/// A person's assessments and visits with the schedule they give.
pub struct RiskOverview {
    pub display_name: String,
    /// Newest first.
    pub assessments: Vec<RiskAssessment>,
    /// Newest first.
    pub visits: Vec<Visit>,
    pub schedule: VisitSchedule,
}

/// One person on the overdue list.
pub struct OverdueVisit {
    pub facts: VisitScheduleFacts,
    pub schedule: VisitSchedule,
}

/// People whose next visit was due before `as_of`.
pub struct OverdueVisits {
    pub as_of: Date,
    /// Most overdue first, at most [`OVERDUE_LIMIT`].
    pub people: Vec<OverdueVisit>,
    /// How many are overdue in all.
    pub total: usize,
}

impl App {
    /// Records a risk assessment (RISK-0a). The assessor defaults to the
    /// signed-in user and their agency.
    pub async fn add_risk_assessment(
        &self,
        actor: &Actor,
        id: NominalId,
        input: &RiskAssessmentInput,
    ) -> Result<RiskAssessment> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let a = input.parse(ItemId::new(), self.today(), (&actor.display_name, &actor.agency_name))?;
        self.store.add_risk_assessment(&self.ctx(actor), &granted, &a, actor.user_id).await?;
        Ok(a)
    }

    /// Records a police home visit, made or booked (VIS-1). The officer
    /// defaults to the signed-in user.
    pub async fn add_visit(&self, actor: &Actor, id: NominalId, input: &VisitInput) -> Result<Visit> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let v = input.parse(ItemId::new(), self.today(), &actor.display_name)?;
        self.store.add_visit(&self.ctx(actor), &granted, &v, actor.user_id).await?;
        Ok(v)
    }

    /// A person's assessments, visits and visit schedule today; the read is
    /// audited (principle 1).
    pub async fn risk_overview(&self, actor: &Actor, id: NominalId) -> Result<RiskOverview> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let display_name = self.store.nominal_name(&granted).await?.ok_or(AppError::NotFound)?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::RiskView, "nominal", id).nominal(id))
            .await?;
        let assessments = self.store.risk_assessments(&granted).await?;
        let visits = self.store.visits(&granted).await?;
        let last_visit = visits.iter().filter(|v| v.counts_as_visit()).map(|v| v.date).max();
        let schedule = visit_schedule(current_level(&assessments), last_visit, self.today(), &self.rules);
        Ok(RiskOverview { display_name, assessments, visits, schedule })
    }

    /// People the caller's agency reaches whose next police visit was due
    /// before `as_of` (today when None), most overdue first (VIS-1, VIS-2).
    /// Those overdue a visit on `as_of`, most overdue first: `limit` of them
    /// from `offset`, with how many there are in all; only those returned
    /// are audited as read.
    pub async fn overdue_visits(
        &self,
        actor: &Actor,
        as_of: Option<Date>,
        offset: usize,
        limit: usize,
    ) -> Result<OverdueVisits> {
        let scope = list_scope(actor).ok_or(AppError::Forbidden)?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let cut = overdue_cutoffs(as_of, &self.rules);
        let facts = self.store.overdue_visit_facts(&scope, &cut).await?;
        let mut people: Vec<OverdueVisit> = facts
            .into_iter()
            .map(|f| OverdueVisit {
                schedule: visit_schedule(Some(f.level), f.last_visit, as_of, &self.rules),
                facts: f,
            })
            // The query's cut-offs and the pure schedule agree (a domain test
            // holds them together); this keeps the list right if they ever do not.
            .filter(|p| p.schedule.overdue)
            .collect();
        people.sort_by(|a, b| {
            (a.schedule.next_due, &a.facts.surname, &a.facts.forenames, a.facts.nominal_id).cmp(&(
                b.schedule.next_due,
                &b.facts.surname,
                &b.facts.forenames,
                b.facts.nominal_id,
            ))
        });
        let total = people.len();
        let people: Vec<OverdueVisit> = people.into_iter().skip(offset).take(limit.min(OVERDUE_LIMIT)).collect();
        let ids = people.iter().map(|p| p.facts.nominal_id);
        self.audit_list_read(actor, AuditAction::VisitsOverdueView, serde_json::json!({"as_of": as_of}), ids).await?;
        Ok(OverdueVisits { as_of, people, total })
    }
}
