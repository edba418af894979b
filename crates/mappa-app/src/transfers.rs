//! Use cases for moving a case to another MAPPA area or local unit (issue
//! 11, journey 7). The owning team asks; the receiving agency's managers and
//! supervisors answer. Nobody answers their own agency's request.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::role::Role;
use mappa_domain::transfers::{Transfer, TransferAnswerInput, TransferInput, TransferStatus};
use mappa_store::{AuditEntry, CaseBrief};

/// A transfer with whether the caller may answer it.
pub struct TransferSeen {
    pub transfer: Transfer,
    pub may_answer: bool,
}

impl App {
    /// The record's transfers, the latest first, each with whether the
    /// caller may answer it.
    pub async fn transfers(&self, actor: &Actor, id: NominalId) -> Result<Vec<TransferSeen>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.transfers(&granted).await?;
        let entry = AuditEntry::new(AuditAction::TransfersView, "nominal", id).nominal(id);
        self.store.audit_only(&self.ctx(actor), entry).await?;
        Ok(list
            .into_iter()
            .map(|t| {
                let may_answer = may_answer(actor, &t);
                TransferSeen { transfer: t, may_answer }
            })
            .collect())
    }

    /// Asks to move the case: the owning team's managers and supervisors.
    pub async fn request_transfer(&self, actor: &Actor, id: NominalId, input: &TransferInput) -> Result<Transfer> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let v = input.parse()?;
        Ok(self.store.request_transfer(&self.ctx(actor), &granted, &v, actor.user_id).await?)
    }

    /// Accepts or refuses (with a reason) a transfer to the caller's agency.
    /// A transfer the caller cannot see is not found; one their own agency
    /// asked for is refused by name (`own_transfer`).
    pub async fn answer_transfer(
        &self,
        actor: &Actor,
        transfer: ItemId,
        accept: bool,
        input: &TransferAnswerInput,
    ) -> Result<Transfer> {
        let (id, t) = self.store.transfer(transfer).await?.ok_or(AppError::NotFound)?;
        self.authorise(actor, id, RecordAction::View).await?;
        if t.requested_by.id == actor.user_id
            || (t.from_agency.code == actor.agency_code && t.to_agency.code != actor.agency_code)
        {
            return Err(ValidationErrors::single(
                "transfer",
                "own_transfer",
                "Your agency asked for this transfer: the receiving area answers it",
            )
            .into());
        }
        if t.status != TransferStatus::Requested {
            return Err(AppError::Conflict("already_decided"));
        }
        if !may_answer(actor, &t) {
            return Err(AppError::Forbidden);
        }
        let reason = input.parse(accept)?;
        Ok(self.store.answer_transfer(&self.ctx(actor), transfer, accept, reason.as_deref(), actor.user_id).await?)
    }

    /// Transfers to or from the caller's agency awaiting an answer, with each
    /// person's id and name; the read is audited.
    pub async fn open_transfers(&self, actor: &Actor) -> Result<Vec<(NominalId, String, Transfer)>> {
        if !actor.works_cases() {
            return Err(AppError::Forbidden);
        }
        let list = self.store.open_transfers(actor.agency_id).await?;
        let entry = AuditEntry::new(AuditAction::TransfersView, "agency", actor.agency_id);
        self.store.audit_only(&self.ctx(actor), entry).await?;
        Ok(list)
    }

    /// The plan and open actions the receiving area judges a transfer by.
    pub async fn case_brief(&self, actor: &Actor, id: NominalId) -> Result<CaseBrief> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let brief = self.store.case_brief(&granted).await?;
        let ctx = self.ctx(actor).with_reason(Some("The case's plan and actions, for a transfer".into()));
        self.store.audit_only(&ctx, AuditEntry::new(AuditAction::TransfersView, "nominal", id).nominal(id)).await?;
        Ok(brief)
    }
}

/// The receiving agency's managers and supervisors answer, while it waits.
fn may_answer(actor: &Actor, t: &Transfer) -> bool {
    t.status == TransferStatus::Requested
        && t.to_agency.code == actor.agency_code
        && t.requested_by.id != actor.user_id
        && (actor.has(Role::Manager) || actor.has(Role::Supervisor))
}
