//! Use cases for review of indefinite notification requirements (journey 7;
//! REV-01..REV-08): record an application, record each next stage, and read
//! the applications with their deadlines.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::review_application::{ReviewApplication, ReviewApplicationInput, ReviewStageInput, ReviewStatus};
use mappa_store::AuditEntry;
use serde::Serialize;

/// An application with where it stands today (deadlines, what may come next).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ReviewApplicationView {
    #[serde(flatten)]
    pub application: ReviewApplication,
    pub status: ReviewStatus,
}

impl App {
    /// The rules configuration in use (the review periods a form's hints name).
    pub fn rules_config(&self) -> &mappa_domain::rules::RulesConfig {
        &self.rules
    }

    fn review_view(&self, application: ReviewApplication) -> ReviewApplicationView {
        let status = application.status(self.today(), &self.rules);
        ReviewApplicationView { application, status }
    }

    /// Records an application for review received in writing (REV-02). The
    /// store checks, in the write's transaction, that it was made by a
    /// qualifying relevant offender on or after the qualifying date (REV-01,
    /// REV-03) or further qualifying date (REV-04); a refusal names `received`.
    pub async fn record_review_application(
        &self,
        actor: &Actor,
        id: NominalId,
        input: &ReviewApplicationInput,
    ) -> Result<ReviewApplicationView> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let a = input.parse(ItemId::new(), self.today())?;
        self.store.create_review_application(&self.ctx(actor), &granted, &a).await?;
        let stored = self.store.review_application(&granted, a.id).await?.ok_or(AppError::NotFound)?;
        Ok(self.review_view(stored))
    }

    /// Records the next stage of an application (REV-06): checked against the
    /// application as stored, with today's date and the configured review
    /// periods (REV-04, REV-07, REV-08).
    pub async fn record_review_stage(
        &self,
        actor: &Actor,
        id: NominalId,
        application: ItemId,
        input: &ReviewStageInput,
    ) -> Result<ReviewApplicationView> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let current = self.store.review_application(&granted, application).await?.ok_or(AppError::NotFound)?;
        let stage = input.parse(ItemId::new(), &current, self.today(), &self.rules)?;
        self.store.add_review_stage(&self.ctx(actor), &granted, application, &stage).await?;
        let stored = self.store.review_application(&granted, application).await?.ok_or(AppError::NotFound)?;
        Ok(self.review_view(stored))
    }

    /// One application on a record (NotFound when it is not this record's); the read is audited.
    pub async fn review_application(
        &self,
        actor: &Actor,
        id: NominalId,
        application: ItemId,
    ) -> Result<ReviewApplicationView> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let a = self.store.review_application(&granted, application).await?.ok_or(AppError::NotFound)?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::ReviewApplicationView, "review_application", application).nominal(id),
            )
            .await?;
        Ok(self.review_view(a))
    }

    /// A record's review applications, newest first; the read is audited.
    pub async fn review_applications(&self, actor: &Actor, id: NominalId) -> Result<Vec<ReviewApplicationView>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.review_applications(&granted).await?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::ReviewApplicationView, "nominal", id).nominal(id),
            )
            .await?;
        Ok(list.into_iter().map(|a| self.review_view(a)).collect())
    }
}
