//! Day-to-day management: where the person is, notifications at the front
//! counter, their obligations, the compliance list, tasks and the sweep.

use crate::App;
use crate::error::{AppError, Result};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, Granted, RecordAction, list_scope};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::notifications::{Notification, NotificationInput};
use mappa_domain::obligations::{Compliance, work_out};
use mappa_domain::periods::{Period, PeriodEndInput, PeriodInput, PeriodKind};
use mappa_domain::rules::Assessment;
use mappa_store::{AuditCtx, AuditEntry, ComplianceList, ComplianceQuery, SweepReport, Task, WhoseTasks};
use serde::Serialize;

/// A person's obligations as of a day: the engine's assessment of the stored
/// facts (the same shape as `POST /rules/assess`) and the dated obligations.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ObligationsView {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(flatten)]
    pub compliance: Compliance,
}

/// "My tasks" and the team's.
pub struct TaskLists {
    pub mine: Vec<Task>,
    pub team: Vec<Task>,
}

/// A page of one list of tasks and how many it holds in all.
pub struct TaskPage {
    pub total: i64,
    pub tasks: Vec<Task>,
}

const TASK_LIMIT: i64 = 200;

impl App {
    /// Records custody, hospital detention or time abroad (NOTIF-11).
    pub async fn add_period(
        &self,
        actor: &Actor,
        id: NominalId,
        kind: PeriodKind,
        input: &PeriodInput,
    ) -> Result<Period> {
        let granted = self.authorise(actor, id, RecordAction::Notify).await?;
        Ok(self.store.add_period(&self.ctx(actor), &granted, kind, input).await?)
    }

    /// Records a release, discharge or return (NOTIF-23).
    pub async fn end_period(
        &self,
        actor: &Actor,
        id: NominalId,
        period: ItemId,
        input: &PeriodEndInput,
    ) -> Result<Period> {
        let granted = self.authorise(actor, id, RecordAction::Notify).await?;
        Ok(self.store.end_period(&self.ctx(actor), &granted, period, input).await?)
    }

    pub async fn periods(&self, actor: &Actor, id: NominalId) -> Result<Vec<Period>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let periods = self.store.periods(&granted).await?;
        self.audit_record_read(actor, AuditAction::PeriodsView, id).await?;
        Ok(periods)
    }

    /// Takes a notification in person (NOTIF-13).
    pub async fn record_notification(
        &self,
        actor: &Actor,
        id: NominalId,
        input: &NotificationInput,
    ) -> Result<Notification> {
        let granted = self.authorise(actor, id, RecordAction::Notify).await?;
        Ok(self.store.add_notification(&self.ctx(actor), &granted, input, Some(actor.user_id)).await?)
    }

    pub async fn notifications(&self, actor: &Actor, id: NominalId) -> Result<Vec<Notification>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.notifications(&granted).await?;
        self.audit_record_read(actor, AuditAction::NotificationsView, id).await?;
        Ok(list)
    }

    /// One notification, for its acknowledgement; the read is audited.
    pub async fn notification(&self, actor: &Actor, id: NominalId, notification: ItemId) -> Result<Notification> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let n = self.store.notification(&granted, notification).await?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::NotificationView, "notification", notification).nominal(id),
            )
            .await?;
        Ok(n)
    }

    /// The engine's assessment of a person's stored facts as of `as_of`
    /// (default today), with their dated obligations. Audited as a read.
    pub async fn obligations(&self, actor: &Actor, id: NominalId, as_of: Option<Date>) -> Result<ObligationsView> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let view = self.obligations_unaudited(&granted, as_of).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::ObligationsView, "nominal", id).nominal(id))
            .await?;
        Ok(view)
    }

    /// As [`App::obligations`], for a caller that has already authorised
    /// and audited the read (the record page).
    pub(crate) async fn obligations_unaudited(
        &self,
        granted: &Granted,
        as_of: Option<Date>,
    ) -> Result<ObligationsView> {
        let as_of = as_of.unwrap_or_else(|| self.today());
        let pf = self.store.person_facts(granted).await?;
        let (assessment, compliance) = work_out(&pf, as_of, &self.rules).map_err(|problems| {
            // Stored facts the engine cannot accept as of that day, e.g. a
            // day before the person was born: name the fields, never values.
            let mut errors = ValidationErrors::new();
            for p in problems {
                errors.add(
                    "as_of",
                    "facts_invalid",
                    format!("The stored facts cannot be assessed on that date: {} {}", p.path, p.message),
                );
            }
            AppError::Invalid(errors)
        })?;
        Ok(ObligationsView { assessment, compliance })
    }

    /// The compliance list for the caller's agency (owned and shared records).
    pub async fn compliance(&self, actor: &Actor, query: ComplianceQuery) -> Result<ComplianceList> {
        let scope = list_scope(actor).ok_or(AppError::Forbidden)?;
        let list = self.store.compliance_list(&scope, &query).await?;
        let filter = serde_json::json!({
            "status": query.status, "as_of": query.as_of, "kinds": query.kinds, "area": query.area,
            "manager": query.manager, "offset": query.offset,
        });
        self.audit_list_read(actor, AuditAction::ComplianceView, filter, list.entries.iter().map(|e| e.id)).await?;
        Ok(list)
    }

    /// "My tasks" (records the user manages) and the team's (the agency's).
    pub async fn tasks(&self, actor: &Actor) -> Result<TaskLists> {
        let scope = list_scope(actor).ok_or(AppError::Forbidden)?;
        let (_, mine) = self.store.open_tasks(&scope, WhoseTasks::ManagedBy(actor.user_id), TASK_LIMIT, 0).await?;
        let (_, team) = self.store.open_tasks(&scope, WhoseTasks::Agency, TASK_LIMIT, 0).await?;
        let ids = mine.iter().chain(&team).map(|t| t.nominal_id);
        self.audit_list_read(actor, AuditAction::TasksView, serde_json::json!({}), ids).await?;
        Ok(TaskLists { mine, team })
    }

    /// Pages of task lists, each the user's (`mine`) or the rest of the
    /// team's, from its offset; one audit record names every id shown.
    pub async fn task_pages(&self, actor: &Actor, lists: &[(bool, i64)], limit: i64) -> Result<Vec<TaskPage>> {
        let scope = list_scope(actor).ok_or(AppError::Forbidden)?;
        let mut pages = Vec::with_capacity(lists.len());
        for &(mine, offset) in lists {
            let whose =
                if mine { WhoseTasks::ManagedBy(actor.user_id) } else { WhoseTasks::AgencyExcept(actor.user_id) };
            let (total, tasks) = self.store.open_tasks(&scope, whose, limit, offset).await?;
            pages.push(TaskPage { total, tasks });
        }
        let filter = serde_json::json!({"lists": lists.iter().map(|(mine, offset)| serde_json::json!({"mine": mine, "offset": offset})).collect::<Vec<_>>()});
        let ids: Vec<NominalId> = pages.iter().flat_map(|p| &p.tasks).map(|t| t.nominal_id).collect();
        self.audit_list_read(actor, AuditAction::TasksView, filter, ids).await?;
        Ok(pages)
    }

    /// Marks one of the agency's tasks done. Only those who work cases, in
    /// the team that owns the task, may; anyone else gets not found, as for a
    /// task that does not exist.
    pub async fn complete_task(&self, actor: &Actor, task: ItemId, note: Option<&str>) -> Result<NominalId> {
        if !actor.may_complete_tasks() {
            return Err(AppError::NotFound);
        }
        let note = mappa_domain::values::optional_text("note", "the note", note, 1000)
            .map_err(|e| AppError::Invalid(ValidationErrors(vec![e])))?;
        let nominal =
            self.store.complete_task(&self.ctx(actor), task, actor.agency_id, actor.user_id, note.as_deref()).await?;
        Ok(nominal)
    }

    /// The daily sweep, as the system (the server's timer and `mappa sweep`);
    /// `full` works everyone out again (after a change to the rules
    /// configuration, say), not only those due a look.
    pub async fn sweep(&self, as_of: Option<Date>, full: bool) -> Result<SweepReport> {
        let as_of = as_of.unwrap_or_else(|| self.today());
        Ok(self.store.sweep(&AuditCtx::system(self.now()), as_of, full).await?)
    }
}
