//! The parts of a record a page shows beside a use case's main read: the
//! record's name for the caption, whether the caller may edit it (for the
//! links offered), and the one item a form changes. Each is decided by the
//! access policy here, so pages never reach the store (issue 8, point 1).
//! The reads they accompany are audited by those use cases; forms that show
//! an item are audited as a form opened.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::access::{Access, Actor, RecordAction, record_access};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::breaches::{Breach, Circulation};
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::orders::CivilOrder;
use mappa_domain::record::NominalRecord;
use mappa_domain::review_application::ReviewApplication;

impl App {
    /// The record's name, for a page whose main read the caller just made.
    pub async fn record_name(&self, actor: &Actor, id: NominalId) -> Result<String> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        self.store.nominal_name(&granted).await?.ok_or(AppError::NotFound)
    }

    /// Whether the policy lets the caller do `action` (for the links a page
    /// offers); a refusal here is not a request, so it is not audited.
    /// The record at a glance, for the top of each of its pages; the read
    /// is audited (principle 1).
    pub async fn record_glance(&self, actor: &Actor, id: NominalId) -> Result<mappa_store::GlanceFacts> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let g = self.store.glance(&granted).await?;
        self.audit_record_read(actor, AuditAction::GlanceView, id).await?;
        Ok(g)
    }

    pub async fn may(&self, actor: &Actor, id: NominalId, action: RecordAction) -> Result<bool> {
        Ok(self.store.reach(id).await?.is_some_and(|reach| record_access(actor, &reach, action) == Access::Allowed))
    }

    /// The whole record, for a form that changes it; audited as a form opened.
    pub async fn record_for_form(&self, actor: &Actor, id: NominalId) -> Result<NominalRecord> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let record = self.store.nominal(&granted).await?.ok_or(AppError::NotFound)?;
        self.audit_record_read(actor, AuditAction::FormView, id).await?;
        Ok(record)
    }

    /// A breach, for the form recording its outcome.
    pub async fn breach_for_form(&self, actor: &Actor, id: NominalId, breach: ItemId) -> Result<Breach> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        self.store.breach(&granted, breach).await?.ok_or(AppError::NotFound)
    }

    /// A circulation, for the form cancelling it.
    pub async fn circulation_for_form(&self, actor: &Actor, id: NominalId, c: ItemId) -> Result<Circulation> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        self.store.circulation(&granted, c).await?.ok_or(AppError::NotFound)
    }

    /// An order, for the form changing it.
    pub async fn order_for_form(&self, actor: &Actor, id: NominalId, order: ItemId) -> Result<CivilOrder> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        self.store.order(&granted, order).await?.ok_or(AppError::NotFound)
    }

    /// A review application, for the form recording its next stage.
    pub async fn review_application_for_form(
        &self,
        actor: &Actor,
        id: NominalId,
        application: ItemId,
    ) -> Result<ReviewApplication> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        self.store.review_application(&granted, application).await?.ok_or(AppError::NotFound)
    }

    /// A cheap round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }
}
