//! Use cases for minutes (MAPPA B), the risk management plan and its actions
//! (MTG-3, MTG-9, MIN-2..7, LVL-5). The draft is the coordinator's and the
//! chair's; only the panel's chair approves; an invited agency reads the
//! approved minutes of the cases it was invited to, and completes its own
//! agency's actions, no one else's.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::FieldError;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ActionId, ItemId, MeetingCaseId, MeetingId};
use mappa_domain::meetings::AgendaCase;
use mappa_domain::minutes::{
    Action, ActionNoteInput, ActionStatus, LevelDecision, Minutes, MinutesContext, MinutesInput, MinutesStatus,
    OnwardDecisionInput, OnwardShare, OnwardShareInput,
};
use mappa_domain::rules::{MappaLevel, next_meeting_review_due};
use mappa_domain::values::required_text;
use mappa_store::{ActionFilter, ActionListStatus, AuditEntry};

/// How many actions one list answers with at most.
pub const ACTIONS_LIMIT: i64 = 500;

impl App {
    /// Saves the draft minutes of a case. The next review date defaults to
    /// the configured interval for the level after the decision (MTG-3).
    pub async fn save_minutes(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        case: MeetingCaseId,
        input: &MinutesInput,
    ) -> Result<Minutes> {
        let m = self.own_meeting(actor, meeting).await?;
        let c = m.cases.iter().find(|c| c.id == case).ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, c.nominal_id, RecordAction::Coordinate).await?;
        let level = match self.store.case_level(c.nominal_id).await? {
            Some(l @ 2..=3) => l,
            _ => m.level,
        };
        let after = input
            .level_decision
            .as_deref()
            .and_then(|d| LevelDecision::from_code(d.trim()))
            .and_then(|d| d.apply(level))
            .flatten()
            .unwrap_or(level);
        let mappa_level = if after == 3 { MappaLevel::Level3 } else { MappaLevel::Level2 };
        let default_review = next_meeting_review_due(m.date, mappa_level, &self.rules).value;
        let v = input.parse(MinutesContext { meeting_date: m.date, level, default_review })?;
        let mut actions = Vec::with_capacity(v.actions.len());
        for (i, a) in v.actions.into_iter().enumerate() {
            let agency = self.agency_id(&a.owner_agency, &format!("actions[{i}].owner_agency")).await?;
            actions.push((a, agency));
        }
        Ok(self
            .store
            .save_minutes(&self.ctx(actor), &granted, (meeting, case), &v.body, &actions, actor.user_id)
            .await?)
    }

    /// The panel's chair approves the draft; anyone else is refused, naming
    /// the chair as the field at fault.
    pub async fn approve_minutes(&self, actor: &Actor, meeting: MeetingId, case: MeetingCaseId) -> Result<Minutes> {
        let m = self.own_meeting(actor, meeting).await?;
        let c = m.cases.iter().find(|c| c.id == case).ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, c.nominal_id, RecordAction::Coordinate).await?;
        if m.chair.as_ref().map(|c| c.id) != Some(actor.user_id) {
            return Err(AppError::Refused(FieldError::new(
                "chair",
                "not_the_chair",
                "Only the panel's chair approves the minutes",
            )));
        }
        Ok(self.store.approve_minutes(&self.ctx(actor), &granted, (meeting, case), actor.user_id).await?)
    }

    /// The minutes of a case: the latest version, draft or approved, for the
    /// area's coordinators and chairs; the approved minutes for an agency
    /// invited to discuss the case. Anyone else: not found. Audited.
    pub async fn minutes(&self, actor: &Actor, meeting: MeetingId, case: MeetingCaseId) -> Result<Minutes> {
        let (unit, c) = self.minutes_reader(actor, meeting, case).await?;
        let minutes = self.store.minutes(meeting, case, self.today()).await?.ok_or(AppError::NotFound)?;
        if !unit && minutes.status != MinutesStatus::Approved {
            return Err(AppError::NotFound);
        }
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::MinutesView, "minutes", case).nominal(c.nominal_id),
            )
            .await?;
        Ok(minutes)
    }

    /// Whether `actor` may read a case's minutes: the area's coordinators
    /// and chairs (`true`: drafts too), or an agency invited to discuss the
    /// case or given its minutes since (MIN-5); anyone else is not found.
    async fn minutes_reader(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        case: MeetingCaseId,
    ) -> Result<(bool, AgendaCase)> {
        let (_, c) = self.store.agenda_case(meeting, case).await?.ok_or(AppError::NotFound)?;
        let unit = actor.works_mappa() && self.own_meeting(actor, meeting).await.is_ok();
        let invited = actor.works_cases()
            && (self.store.invited(case, actor.agency_id).await?
                || self.store.minutes_shared_with(case, actor.agency_id).await?);
        if !unit && !invited {
            return Err(AppError::NotFound);
        }
        self.authorise(actor, c.nominal_id, RecordAction::View).await?;
        Ok((unit, c))
    }

    /// Asks for a case's approved minutes to go to an agency that was not
    /// invited (MIN-5): an invited agency or the area's coordinators and
    /// chairs ask; one the meeting agreed to is approved at once, any other
    /// waits for the chair. Audited, with the reason.
    pub async fn request_onward_share(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        case: MeetingCaseId,
        input: &OnwardShareInput,
    ) -> Result<OnwardShare> {
        let (_, c) = self.store.agenda_case(meeting, case).await?.ok_or(AppError::NotFound)?;
        let unit = actor.works_mappa() && self.own_meeting(actor, meeting).await.is_ok();
        let invited = actor.may_contribute() && self.store.invited(case, actor.agency_id).await?;
        if !unit && !invited {
            return Err(AppError::NotFound);
        }
        let action = if unit { RecordAction::Coordinate } else { RecordAction::Contribute };
        let granted = self.authorise(actor, c.nominal_id, action).await?;
        let (code, reason) = input.parse()?;
        let agency = self.agency_id(&code, "agency").await?;
        Ok(self
            .store
            .request_onward_share(&self.ctx(actor), &granted, (meeting, case), agency, &reason, actor.user_id)
            .await?)
    }

    /// The panel's chair approves or refuses a request to share minutes
    /// onward, with the reason; anyone else is refused.
    pub async fn decide_onward_share(
        &self,
        actor: &Actor,
        share: ItemId,
        input: &OnwardDecisionInput,
    ) -> Result<OnwardShare> {
        let (meeting, _, nominal) = self.store.onward_share_case(share).await?.ok_or(AppError::NotFound)?;
        let m = self.own_meeting(actor, meeting).await?;
        let granted = self.authorise(actor, nominal, RecordAction::Coordinate).await?;
        if m.chair.as_ref().map(|c| c.id) != Some(actor.user_id) {
            return Err(AppError::Refused(FieldError::new(
                "chair",
                "not_the_chair",
                "Only the panel's chair approves sharing the minutes with another agency",
            )));
        }
        let (approve, reason) = input.parse()?;
        Ok(self.store.decide_onward_share(&self.ctx(actor), &granted, share, (approve, &reason), actor.user_id).await?)
    }

    /// The requests to share a case's minutes onward, for those who may read
    /// the minutes. Audited as a read of the minutes.
    pub async fn onward_shares(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        case: MeetingCaseId,
    ) -> Result<Vec<OnwardShare>> {
        let (_, c) = self.minutes_reader(actor, meeting, case).await?;
        let list = self.store.onward_shares(case).await?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::MinutesView, "minutes", case).nominal(c.nominal_id),
            )
            .await?;
        Ok(list)
    }

    /// The actions agreed at the person's earlier meetings, for review at this
    /// one (due, overdue and done), for those who may read its minutes.
    pub async fn earlier_actions(&self, actor: &Actor, meeting: MeetingId, case: MeetingCaseId) -> Result<Vec<Action>> {
        let (_, c) = self.minutes_reader(actor, meeting, case).await?;
        let filter = ActionFilter { nominal: Some(c.nominal_id), ..Default::default() };
        let all = self.store.actions(filter, self.today(), ACTIONS_LIMIT).await?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::ActionsView, "meeting_case", case).nominal(c.nominal_id),
            )
            .await?;
        Ok(all.into_iter().filter(|a| a.meeting_case_id != case).collect())
    }

    /// Actions of approved minutes. An agency's own by default; the area's
    /// coordinators and chairs may ask for any agency's, or all the area's.
    pub async fn actions(
        &self,
        actor: &Actor,
        agency: Option<&str>,
        status: Option<ActionListStatus>,
    ) -> Result<Vec<Action>> {
        if !actor.may_contribute() {
            return Err(AppError::Forbidden);
        }
        let agency = match agency.map(str::trim).filter(|a| !a.is_empty()) {
            Some(code) => Some(self.agency_id(code, "agency").await?),
            None => None,
        };
        let mut filter = ActionFilter { status, ..Default::default() };
        let area = if actor.works_mappa() { self.actor_area(actor).await? } else { None };
        if let Some(area) = area {
            filter.area = Some(area.id);
            filter.agency = agency;
        } else {
            if agency.is_some_and(|a| a != actor.agency_id) {
                return Err(AppError::Forbidden);
            }
            filter.agency = Some(actor.agency_id);
        }
        let list = self.store.actions(filter, self.today(), ACTIONS_LIMIT).await?;
        self.store.audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::ActionsView, "action", "list")).await?;
        Ok(list)
    }

    /// One action, for its owning agency and the area's coordinators and
    /// chairs who reach the case. Audited.
    pub async fn action(&self, actor: &Actor, id: ActionId) -> Result<Action> {
        let a = self.store.action(id, self.today()).await?.ok_or(AppError::NotFound)?;
        self.authorise(actor, a.nominal_id, RecordAction::View).await?;
        if a.owner_agency != actor.agency_code && !actor.works_mappa() {
            return Err(AppError::NotFound);
        }
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::ActionsView, "action", id).nominal(a.nominal_id))
            .await?;
        Ok(a)
    }

    /// The owning agency marks its action done, with a note of what was done.
    pub async fn complete_action(&self, actor: &Actor, id: ActionId, input: &ActionNoteInput) -> Result<Action> {
        let (_, granted) = self.own_action(actor, id).await?;
        let note = input.parse("what was done")?;
        Ok(self.store.close_action(&self.ctx(actor), &granted, id, ActionStatus::Done, &note, actor.user_id).await?)
    }

    /// The owning agency names the person who takes the action on.
    pub async fn accept_action(&self, actor: &Actor, id: ActionId, person: Option<&str>) -> Result<Action> {
        let (_, granted) = self.own_action(actor, id).await?;
        let person = required_text("person", "the name of the person who takes the action on", person, 200)
            .map_err(|f| AppError::Invalid(mappa_domain::ValidationErrors(vec![f])))?;
        Ok(self.store.accept_action(&self.ctx(actor), &granted, id, &person).await?)
    }

    /// The meeting cancels an action, with a reason: the area's coordinators
    /// and chairs record it.
    pub async fn cancel_action(&self, actor: &Actor, id: ActionId, input: &ActionNoteInput) -> Result<Action> {
        let area = self.coordinating_area(actor).await?;
        let a = self.store.action(id, self.today()).await?.ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, a.nominal_id, RecordAction::Coordinate).await?;
        let mine = self.store.actions(
            ActionFilter { area: Some(area.id), nominal: Some(a.nominal_id), ..Default::default() },
            self.today(),
            ACTIONS_LIMIT,
        );
        if !mine.await?.iter().any(|x| x.id == id) {
            return Err(AppError::NotFound);
        }
        let reason = input.parse("why the action is cancelled")?;
        Ok(self
            .store
            .close_action(&self.ctx(actor), &granted, id, ActionStatus::Cancelled, &reason, actor.user_id)
            .await?)
    }

    /// An action the actor's agency may work on: it must reach the case; an
    /// action of another agency is refused, naming the owning agency.
    async fn own_action(&self, actor: &Actor, id: ActionId) -> Result<(Action, mappa_domain::access::Granted)> {
        let a = self.store.action(id, self.today()).await?.ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, a.nominal_id, RecordAction::Contribute).await?;
        if a.owner_agency != actor.agency_code {
            return Err(AppError::Refused(FieldError::new(
                "owner_agency",
                "not_your_agencys_action",
                "Only the agency that owns an action can take it on or mark it done",
            )));
        }
        Ok((a, granted))
    }
}
