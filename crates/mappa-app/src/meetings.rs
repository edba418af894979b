//! Use cases for Level 2 and 3 meetings: scheduling, the agenda with the
//! agencies invited per case, and attendance (MTG-1, MIN-1, MIN-7). The
//! area's coordinators and chairs run meetings; an invited agency sees the
//! meetings and cases it is invited to, and nothing else.

use crate::App;
use crate::error::{AppError, Result};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::NominalId;
use mappa_domain::ids::{MeetingCaseId, MeetingId};
use mappa_domain::meetings::{AgendaCase, AgendaInput, AttendanceInput, Meeting, MeetingInput};
use mappa_domain::panels::Area;
use mappa_domain::referrals::ReferralStatus;
use mappa_store::{AuditEntry, MeetingFilter, MeetingSummary, ReferralFilter};

/// Someone the coordinator may list on an agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaCandidate {
    pub nominal_id: NominalId,
    pub person: String,
    /// When their review is due; none for a new referral.
    pub review_due: Option<Date>,
}

impl App {
    /// The area whose meetings the actor runs: a coordinator's or chair's.
    pub(crate) async fn coordinating_area(&self, actor: &Actor) -> Result<Area> {
        if !actor.works_mappa() {
            return Err(AppError::Forbidden);
        }
        self.actor_area(actor).await?.ok_or(AppError::NotFound)
    }

    /// A meeting of the actor's area, for its coordinators and chairs.
    pub(crate) async fn own_meeting(&self, actor: &Actor, id: MeetingId) -> Result<Meeting> {
        let area = self.coordinating_area(actor).await?;
        let m = self.store.meeting(id, None).await?.ok_or(AppError::NotFound)?;
        if m.area != area.code {
            return Err(AppError::NotFound);
        }
        Ok(m)
    }

    /// Schedules a meeting of one of the area's panels, today or later.
    pub async fn schedule_meeting(&self, actor: &Actor, input: &MeetingInput) -> Result<Meeting> {
        let area = self.coordinating_area(actor).await?;
        let v = input.parse(self.today())?;
        let panel =
            self.store.panel(v.panel).await?.filter(|p| p.area_id == area.id).ok_or_else(|| {
                ValidationErrors::single("panel_id", "unknown_panel", "Select one of your area's panels")
            })?;
        Ok(self.store.create_meeting(&self.ctx(actor), panel.id, v.date, actor.user_id).await?)
    }

    /// A meeting: the whole agenda for the area's coordinators and chairs;
    /// for an invited agency, only the cases it is invited to. The read is audited.
    pub async fn meeting(&self, actor: &Actor, id: MeetingId) -> Result<Meeting> {
        let m = if actor.works_mappa() {
            match self.own_meeting(actor, id).await {
                Ok(m) => Some(m),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        let m = match m {
            Some(m) => m,
            None if actor.works_cases() => self
                .store
                .meeting(id, Some(actor.agency_id))
                .await?
                .filter(|m| !m.cases.is_empty())
                .ok_or(AppError::NotFound)?,
            None => return Err(AppError::NotFound),
        };
        self.store.audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::MeetingView, "meeting", id)).await?;
        Ok(m)
    }

    /// Meetings from `from` to `to`: the area's for its coordinators and
    /// chairs, else those the actor's agency is invited to (with only its cases).
    pub async fn meetings(&self, actor: &Actor, from: Date, to: Date) -> Result<Vec<Meeting>> {
        let filter = self.meeting_filter(actor, from, to).await?;
        let list = self.store.meetings(filter).await?;
        self.store.audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::MeetingsView, "meeting", "list")).await?;
        Ok(list)
    }

    /// The same meetings as [`App::meetings`], each with its number of cases
    /// and not its agenda: for lists. Audited.
    pub async fn meeting_list(&self, actor: &Actor, from: Date, to: Date) -> Result<Vec<MeetingSummary>> {
        let filter = self.meeting_filter(actor, from, to).await?;
        let list = self.store.meeting_summaries(filter).await?;
        self.store.audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::MeetingsView, "meeting", "list")).await?;
        Ok(list)
    }

    async fn meeting_filter(&self, actor: &Actor, from: Date, to: Date) -> Result<MeetingFilter> {
        if !actor.may_contribute() {
            return Err(AppError::Forbidden);
        }
        let area = if actor.works_mappa() { self.actor_area(actor).await? } else { None };
        Ok(match area {
            Some(a) => MeetingFilter { area: Some(a.id), invited: None, from, to },
            None => MeetingFilter { area: None, invited: Some(actor.agency_id), from, to },
        })
    }

    /// Who the coordinator may list on a meeting's agenda: people whose
    /// referral was accepted and not yet listed, then cases due for review by
    /// four weeks after the meeting (MTG-3), each once, not already on it.
    /// Shown on the meeting's page, whose read is audited.
    pub async fn agenda_candidates(&self, actor: &Actor, meeting: &Meeting) -> Result<Vec<AgendaCandidate>> {
        let area = self.coordinating_area(actor).await?;
        let accepted = ReferralFilter { status: Some(ReferralStatus::Accepted), nominal: None };
        let mut out: Vec<AgendaCandidate> = Vec::new();
        let listed = |id: NominalId, out: &[AgendaCandidate]| {
            meeting.cases.iter().any(|c| c.nominal_id == id) || out.iter().any(|c| c.nominal_id == id)
        };
        for r in self.store.area_referrals(area.id, accepted).await? {
            if r.listed_for.is_none() && !listed(r.nominal_id, &out) {
                out.push(AgendaCandidate { nominal_id: r.nominal_id, person: r.person, review_due: None });
            }
        }
        let by = meeting.date.checked_add(jiff::Span::new().days(28)).unwrap_or(meeting.date);
        for d in self.store.reviews_due(area.id, by).await? {
            if !listed(d.nominal_id, &out) {
                out.push(AgendaCandidate { nominal_id: d.nominal_id, person: d.person, review_due: Some(d.due) });
            }
        }
        Ok(out)
    }

    /// Lists a case on the agenda and invites agencies to discuss it; each
    /// invited agency is given sight of the case for MAPPA, with the meeting
    /// as the reason, for as long as the case is at Level 2 or 3.
    pub async fn list_case(&self, actor: &Actor, meeting: MeetingId, input: &AgendaInput) -> Result<AgendaCase> {
        let m = self.own_meeting(actor, meeting).await?;
        let v = input.parse()?;
        let granted = self.authorise(actor, v.nominal, RecordAction::Coordinate).await?;
        let mut agencies = Vec::with_capacity(v.agencies.len());
        for (i, code) in v.agencies.iter().enumerate() {
            agencies.push(self.agency_id(code, &format!("invited_agencies[{i}]")).await?);
        }
        Ok(self.store.add_to_agenda(&self.ctx(actor), &granted, m.id, &agencies, actor.user_id).await?)
    }

    /// Records each invited agency's attendance for a case (present with who
    /// and their grade, apologies with or without a report, absent) and
    /// whether the confidentiality and diversity statement was read (MIN-1).
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        case: MeetingCaseId,
        input: &AttendanceInput,
    ) -> Result<AgendaCase> {
        let m = self.own_meeting(actor, meeting).await?;
        let c = m.cases.iter().find(|c| c.id == case).ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, c.nominal_id, RecordAction::Coordinate).await?;
        let (entries, statement_read) = input.parse()?;
        let mut resolved = Vec::with_capacity(entries.len());
        for (i, a) in entries.into_iter().enumerate() {
            let agency = self.agency_id(&a.agency, &format!("attendance[{i}].agency")).await?;
            resolved.push((agency, a));
        }
        Ok(self
            .store
            .record_attendance(&self.ctx(actor), &granted, (meeting, case), &resolved, statement_read, actor.user_id)
            .await?)
    }
}
