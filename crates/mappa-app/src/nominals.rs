//! Use cases on people's records.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Access, Actor, Granted, RecordAction, RecordReach, grant, list_scope};
use mappa_domain::address::AddressInput;
use mappa_domain::audit_action::{ActionKind, AuditAction};
use mappa_domain::disposal::DisposalInput;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::mappa_case::{CaseDetailsInput, DecisionInput, MappaCase};
use mappa_domain::nominal::NominalInput;
use mappa_domain::record::{NominalRecord, NominalSummary};
use mappa_domain::role::Role;
use mappa_domain::values::required_text;
use mappa_store::{AuditCtx, AuditEntry, NewNominal, SearchQuery};

/// The most results one search returns; narrow the search to see others.
pub const SEARCH_LIMIT: i64 = 50;
/// How many of a caseload list a page shows.
pub const CASELOAD_PAGE: i64 = 25;
const AUDIT_LIMIT: i64 = 1000;

/// What "My caseload" shows.
#[derive(Default)]
pub struct Caseload {
    /// Records the user is the named offender manager for: one page of them.
    pub managed: Vec<NominalSummary>,
    pub managed_total: i64,
    /// Records other agencies have shared with the user's agency: one page.
    pub shared: Vec<NominalSummary>,
    pub shared_total: i64,
}

/// A record's audit trail with the record's name for the page heading.
pub struct AuditTrail {
    pub display_name: String,
    /// Newest first; the values only where the viewer's agency reaches the record.
    pub events: Vec<crate::ShownAudit>,
}

/// One page of a record's history as a page shows it.
pub struct History {
    pub display_name: String,
    /// How many events of the kind asked for there are in all.
    pub total: i64,
    pub events: Vec<HistoryEvent>,
}

/// An event with the names of who did it and their agency.
pub struct HistoryEvent {
    pub shown: crate::ShownAudit,
    pub actor_name: Option<String>,
    pub agency_name: Option<String>,
}

/// Events on one page of a record's history.
pub const HISTORY_PAGE: i64 = 50;

impl App {
    pub(crate) fn ctx(&self, actor: &Actor) -> AuditCtx {
        AuditCtx::user(actor, self.now())
    }

    /// Applies the access policy to a record, answering NotFound for anything
    /// outside reach (principle 2).
    /// Every refusal is audited.
    pub(crate) async fn authorise(&self, actor: &Actor, id: NominalId, action: RecordAction) -> Result<Granted> {
        let Some(reach) = self.store.reach(id).await? else {
            self.audit_refusal(actor, id, false, action, "not_found").await?;
            return Err(AppError::NotFound);
        };
        match grant(actor, id, &reach, action) {
            Ok(granted) => Ok(granted),
            Err(Access::Forbidden) => {
                self.audit_refusal(actor, id, true, action, "forbidden").await?;
                Err(AppError::Forbidden)
            }
            Err(_) => {
                self.audit_refusal(actor, id, true, action, "not_found").await?;
                Err(AppError::NotFound)
            }
        }
    }

    /// A record opened for editing: refused before the read unless the caller
    /// may edit it; the read is audited.
    pub async fn nominal_for_edit(&self, actor: &Actor, id: NominalId) -> Result<NominalRecord> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let record = self.store.nominal(&granted).await?.ok_or(AppError::NotFound)?;
        self.audit_record_read(actor, AuditAction::NominalView, id).await?;
        Ok(record)
    }

    /// A record's name for a form's caption, once the policy allows `action`;
    /// the name is personal data, so the read is audited.
    pub async fn record_heading(&self, actor: &Actor, id: NominalId, action: RecordAction) -> Result<String> {
        let granted = self.authorise(actor, id, action).await?;
        let name = self.store.nominal_name(&granted).await?.ok_or(AppError::NotFound)?;
        self.audit_record_read(actor, AuditAction::FormView, id).await?;
        Ok(name)
    }

    /// Creates a record owned by the user's agency, with the user as its
    /// offender manager.
    pub async fn create_nominal(&self, actor: &Actor, input: &NominalInput) -> Result<NominalRecord> {
        if !actor.may_create_records() {
            return Err(AppError::Forbidden);
        }
        let details = input.parse(self.today())?;
        let id = NominalId::new();
        let manager = actor.has(Role::Manager).then_some(actor.user_id);
        let n = NewNominal { id, owning_agency: actor.agency_id, manager, details, case: MappaCase::default() };
        self.store.create_nominals(&self.ctx(actor), &[n]).await?;
        // The record was made just now, owned by the caller's agency.
        let reach = RecordReach::owned_by(actor.agency_id);
        let granted = grant(actor, id, &reach, RecordAction::View).map_err(|_| AppError::Forbidden)?;
        self.store.nominal(&granted).await?.ok_or(AppError::NotFound)
    }

    /// Opens a record; the read is audited (principle 1).
    pub async fn view_nominal(&self, actor: &Actor, id: NominalId) -> Result<NominalRecord> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let record = self.store.nominal(&granted).await?.ok_or(AppError::NotFound)?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::NominalView, "nominal", id).nominal(id))
            .await?;
        Ok(record)
    }

    /// Applies a partial update. With `expected_version`, refuses if someone
    /// else changed the record since it was read.
    pub async fn update_nominal(
        &self,
        actor: &Actor,
        id: NominalId,
        patch: NominalInput,
        expected_version: Option<i64>,
    ) -> Result<NominalRecord> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let current = self.store.nominal(&granted).await?.ok_or(AppError::NotFound)?;
        let mut input = NominalInput::from_details(&current.details);
        input.overlay(patch);
        let after = input.parse(self.today())?;
        if after != current.details {
            // The patch was merged with the record as read: if it changed
            // since, the write is refused rather than undo the other change.
            let read = Some(expected_version.unwrap_or(current.version));
            self.store.update_details(&self.ctx(actor), &granted, read, &current.details, &after).await?;
        } else if expected_version.is_some_and(|v| v != current.version) {
            return Err(AppError::Conflict("edited_elsewhere"));
        } else {
            // Nothing changed, yet the whole record goes back: a read.
            self.audit_record_read(actor, AuditAction::NominalView, id).await?;
        }
        self.store.nominal(&granted).await?.ok_or(AppError::NotFound)
    }

    /// Searches the records the user's agency can reach.
    ///
    /// The search is audited with its text and the records it returned: the
    /// text is personal data, so it is kept in the audit trail (and never in
    /// logs), and a trawl through the alphabet leaves a trace.
    pub async fn search(&self, actor: &Actor, text: &str) -> Result<Vec<NominalSummary>> {
        let scope = list_scope(actor).ok_or(AppError::Forbidden)?;
        if text.trim().is_empty() {
            return Err(AppError::Invalid(ValidationErrors::single(
                "text",
                "required",
                "Enter a name, identifier or date of birth",
            )));
        }
        if text.chars().count() > 200 {
            return Err(AppError::Invalid(ValidationErrors::single(
                "text",
                "too_long",
                "Search text must be 200 characters or fewer",
            )));
        }
        let found = self.store.search(&SearchQuery { scope, text: text.to_string(), limit: SEARCH_LIMIT }).await?;
        let ids: Vec<String> = found.iter().map(|n| n.id.to_string()).collect();
        let entry = AuditEntry::new(AuditAction::NominalSearch, "search", mappa_domain::ids::ItemId::new())
            .after(&serde_json::json!({"text": text, "results": ids}));
        self.store.audit_only(&self.ctx(actor), entry).await?;
        Ok(found)
    }

    /// A page of the records the user manages and one of those shared with
    /// their agency, from the offsets given, [`CASELOAD_PAGE`] at a time.
    pub async fn caseload(&self, actor: &Actor, managed_from: i64, shared_from: i64) -> Result<Caseload> {
        let Some(scope) = list_scope(actor) else {
            return Ok(Caseload::default());
        };
        let (managed_total, managed) =
            self.store.caseload(&scope, actor.user_id, CASELOAD_PAGE, managed_from.max(0)).await?;
        let (shared_total, shared) = self.store.shared_with(&scope, CASELOAD_PAGE, shared_from.max(0)).await?;
        let c = Caseload { managed, managed_total, shared, shared_total };
        let ids = c.managed.iter().chain(&c.shared).map(|n| n.id);
        self.audit_list_read(actor, AuditAction::CaseloadView, serde_json::json!({}), ids).await?;
        Ok(c)
    }

    pub async fn add_address(&self, actor: &Actor, id: NominalId, input: &AddressInput) -> Result<ItemId> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let a = input.parse(ItemId::new(), self.today())?;
        self.store.add_address(&self.ctx(actor), &granted, &a).await?;
        Ok(a.id)
    }

    pub async fn add_disposal(&self, actor: &Actor, id: NominalId, input: &DisposalInput) -> Result<ItemId> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let existing = self.store.disposal_ids(&granted).await?;
        let d = input.parse(ItemId::new(), self.today(), &existing)?;
        self.store.add_disposal(&self.ctx(actor), &granted, &d).await?;
        Ok(d.id)
    }

    /// Records a category or level decision by the acting user.
    pub async fn record_decision(&self, actor: &Actor, id: NominalId, input: &DecisionInput) -> Result<MappaCase> {
        let granted = self.authorise(actor, id, RecordAction::Decide).await?;
        let d = input.parse(self.today())?;
        Ok(self.store.record_decision(&self.ctx(actor), &granted, &d, actor.user_id).await?)
    }

    /// Sets lead agency, area, status and dates of the MAPPA case.
    pub async fn update_case(&self, actor: &Actor, id: NominalId, input: &CaseDetailsInput) -> Result<MappaCase> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let details = input.parse(self.today())?;
        let lead_agency = match &details.lead_agency_code {
            None => None,
            Some(code) => Some(
                self.store
                    .agency_by_code(code)
                    .await?
                    .ok_or_else(|| {
                        AppError::Invalid(ValidationErrors::single(
                            "lead_agency",
                            "unknown_agency",
                            "No agency has that code",
                        ))
                    })?
                    .id,
            ),
        };
        Ok(self.store.update_case(&self.ctx(actor), &granted, &details, lead_agency).await?)
    }

    /// Shares a record with another agency, with the reason recorded.
    pub async fn share(&self, actor: &Actor, id: NominalId, agency_code: &str, reason: Option<&str>) -> Result<ItemId> {
        let granted = self.authorise(actor, id, RecordAction::Share).await?;
        let mut e = ValidationErrors::new();
        let reason = e.take(required_text("reason", "the reason for sharing", reason, 2000));
        let agency = self.store.agency_by_code(&agency_code.trim().to_uppercase()).await?;
        match &agency {
            None => e.add("agency", "unknown_agency", "No agency has that code"),
            Some(a) if a.id == actor.agency_id => {
                e.add("agency", "own_agency", "The record already belongs to your agency")
            }
            Some(_) => {}
        }
        let (Some(agency), Some(reason)) = (agency, reason) else {
            return Err(AppError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
        Ok(self.store.share(&self.ctx(actor), &granted, agency.id, &reason, actor.user_id).await?)
    }

    pub async fn withdraw_share(
        &self,
        actor: &Actor,
        id: NominalId,
        share: ItemId,
        reason: Option<&str>,
    ) -> Result<()> {
        let granted = self.authorise(actor, id, RecordAction::Share).await?;
        let reason = reason.map(str::trim).filter(|s| !s.is_empty());
        if reason.is_some_and(|r| r.chars().count() > 2000) {
            return Err(AppError::Invalid(ValidationErrors::single(
                "reason",
                "too_long",
                "Reason must be 2000 characters or fewer",
            )));
        }
        Ok(self.store.withdraw_share(&self.ctx(actor), &granted, share, reason, actor.user_id).await?)
    }

    /// A record's audit trail, reads included; viewing it is audited too.
    pub async fn audit_trail(&self, actor: &Actor, id: NominalId) -> Result<AuditTrail> {
        let granted = self.authorise(actor, id, RecordAction::ViewAudit).await?;
        let display_name = self.store.nominal_name(&granted).await?.ok_or(AppError::NotFound)?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::AuditView, "nominal", id).nominal(id))
            .await?;
        let events = self.store.audit_for_nominal(&granted, AUDIT_LIMIT).await?;
        Ok(AuditTrail { display_name, events: self.shown_to(actor, events).await? })
    }

    /// A page of a record's history: the events of `kind` (all when None),
    /// newest first, from `offset`; viewing it is audited too.
    pub async fn history(
        &self,
        actor: &Actor,
        id: NominalId,
        kind: Option<ActionKind>,
        offset: i64,
    ) -> Result<History> {
        let granted = self.authorise(actor, id, RecordAction::ViewAudit).await?;
        let display_name = self.store.nominal_name(&granted).await?.ok_or(AppError::NotFound)?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::AuditView, "nominal", id).nominal(id))
            .await?;
        let actions: Vec<AuditAction> = kind.map(|k| AuditAction::of_kind(k).collect()).unwrap_or_default();
        let page = self.store.audit_trail_page(&granted, &actions, HISTORY_PAGE, offset.max(0)).await?;
        let (records, names): (Vec<_>, Vec<_>) =
            page.entries.into_iter().map(|e| (e.record, (e.actor_name, e.agency_name))).unzip();
        let shown = self.shown_to(actor, records).await?;
        let events = shown
            .into_iter()
            .zip(names)
            .map(|(shown, (actor_name, agency_name))| HistoryEvent { shown, actor_name, agency_name })
            .collect();
        Ok(History { display_name, total: page.total, events })
    }
}
