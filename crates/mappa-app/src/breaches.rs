//! Use cases for breaches (NOTIF-50..53, SHPO-7, SRO-7) and wanted/missing
//! circulations: the owning agency's managers and supervisors write
//! (`RecordAction::Edit`); anyone who reaches the record reads, and the read is
//! audited.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::breaches::{
    Breach, BreachInput, CancelInput, Circulation, CirculationInput, OutcomeInput, record_deadline,
};
use mappa_domain::ids::{ItemId, NominalId};
use mappa_store::AuditEntry;
use serde::Serialize;

/// A person's breaches and circulations, as the page and the API show them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BreachesView {
    /// Most recently established first, each with its outcome history.
    pub breaches: Vec<Breach>,
    /// The current wanted or missing circulation, if any.
    pub current_circulation: Option<Circulation>,
    /// Every circulation, newest first, cancelled ones included.
    pub circulations: Vec<Circulation>,
}

impl App {
    /// The rules configuration in force (for pages that state a configured value).
    pub fn rules(&self) -> &mappa_domain::rules::RulesConfig {
        &self.rules
    }

    /// A record's breaches and circulations; the read is audited (principle 1).
    pub async fn breaches(&self, actor: &Actor, id: NominalId) -> Result<BreachesView> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let breaches = self.store.breaches(&granted).await?;
        let circulations = self.store.circulations(&granted).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::BreachesView, "nominal", id).nominal(id))
            .await?;
        let current_circulation = circulations.iter().find(|c| c.is_current()).cloned();
        Ok(BreachesView { breaches, current_circulation, circulations })
    }

    /// Records a suspected breach. Its recording deadline is worked out by the
    /// rules engine with the configured hours (NOTIF-53, CONV-12) and the
    /// breach is flagged if recorded after it.
    pub async fn record_breach(&self, actor: &Actor, id: NominalId, input: &BreachInput) -> Result<Breach> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let ctx = self.ctx(actor);
        let breach = input.parse(ItemId::new(), ctx.at)?;
        let due = record_deadline(breach.discovered_at, &self.rules).ok_or_else(|| {
            AppError::Invalid(ValidationErrors::single(
                "discovered_at",
                "invalid_datetime",
                "The recording deadline cannot be worked out from that date and time",
            ))
        })?;
        Ok(self.store.record_breach(&ctx, &granted, &breach, due, actor.user_id).await?)
    }

    /// Adds an outcome to a breach; earlier outcomes stay as history.
    pub async fn record_breach_outcome(
        &self,
        actor: &Actor,
        id: NominalId,
        breach: ItemId,
        input: &OutcomeInput,
    ) -> Result<Breach> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let current = self.store.breach(&granted, breach).await?.ok_or(AppError::NotFound)?;
        let outcome = input.parse(ItemId::new(), self.today(), current.discovered_on())?;
        Ok(self.store.add_breach_outcome(&self.ctx(actor), &granted, breach, &outcome, actor.user_id).await?)
    }

    /// Circulates the person as wanted or missing on the PNC.
    pub async fn circulate(&self, actor: &Actor, id: NominalId, input: &CirculationInput) -> Result<Circulation> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let c = input.parse(ItemId::new(), self.today())?;
        Ok(self.store.add_circulation(&self.ctx(actor), &granted, &c, actor.user_id).await?)
    }

    /// Cancels a current circulation with the date it ended.
    pub async fn cancel_circulation(
        &self,
        actor: &Actor,
        id: NominalId,
        circulation: ItemId,
        input: &CancelInput,
    ) -> Result<Circulation> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        // The store refuses one already cancelled, in the write's transaction.
        let current = self.store.circulation(&granted, circulation).await?.ok_or(AppError::NotFound)?;
        let on = input.parse(self.today(), current.from)?;
        Ok(self.store.cancel_circulation(&self.ctx(actor), &granted, circulation, on, actor.user_id).await?)
    }
}
