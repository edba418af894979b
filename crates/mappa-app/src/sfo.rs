//! Use cases for serious further offences and Serious Case Reviews (issue
//! 11, journey 5; SFO-1, SCR-1..3). Practitioners of an agency that reaches
//! the record notify an SFO and record its reviews; the Board's decision on a
//! Serious Case Review, its notification and its actions are the MAPPA
//! unit's (coordinators and chairs, for the Strategic Management Board).

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::sfo::{Sfo, SfoInput, SfoStage, SfoStepInput};
use mappa_store::AuditEntry;

impl App {
    /// The record's serious further offences, the latest first.
    pub async fn sfos(&self, actor: &Actor, id: NominalId) -> Result<Vec<Sfo>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.sfos(&granted).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::SfosView, "nominal", id).nominal(id))
            .await?;
        Ok(list)
    }

    /// The SFO notification (SFO-1).
    pub async fn record_sfo(&self, actor: &Actor, id: NominalId, input: &SfoInput) -> Result<Sfo> {
        let granted = self.authorise(actor, id, RecordAction::Contribute).await?;
        let v = input.parse(self.today())?;
        Ok(self.store.record_sfo(&self.ctx(actor), &granted, &v, (actor.user_id, actor.agency_id)).await?)
    }

    /// A step: the reviews, plan and outcome for practitioners; the Serious
    /// Case Review's steps for the MAPPA unit.
    pub async fn record_sfo_step(
        &self,
        actor: &Actor,
        id: NominalId,
        sfo: ItemId,
        input: &SfoStepInput,
    ) -> Result<Sfo> {
        let scr = matches!(
            input.stage.as_deref().and_then(SfoStage::from_code),
            Some(SfoStage::ScrDecision | SfoStage::ScrNotified | SfoStage::ScrAction)
        );
        let action = if scr { RecordAction::Coordinate } else { RecordAction::Contribute };
        let granted = self.authorise(actor, id, action).await?;
        let today = self.today();
        self.store
            .record_sfo_step(
                &self.ctx(actor),
                &granted,
                sfo,
                |s| input.parse(s, today),
                (actor.user_id, actor.agency_id),
            )
            .await
            .map_err(AppError::from)
    }
}
