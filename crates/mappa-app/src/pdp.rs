//! Use cases for potentially dangerous persons (issue 11, journey 6;
//! PDP-1..6). Recording and removal are decisions of the owning agency;
//! reviews are its case workers' work. Every read is audited.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{NominalId, UserId};
use mappa_domain::pdp::{Pdp, PdpInput, PdpRemovalInput, PdpReviewInput};
use mappa_domain::role::Role;
use mappa_store::AuditEntry;

impl App {
    /// Every period as a potentially dangerous person, the current first.
    pub async fn pdps(&self, actor: &Actor, id: NominalId) -> Result<Vec<Pdp>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.pdps(&granted).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::PdpView, "nominal", id).nominal(id))
            .await?;
        Ok(list)
    }

    /// Records the person as a PDP with the reasons and a named officer
    /// (PDP-1, PDP-5): a decision of the owning agency.
    pub async fn record_pdp(&self, actor: &Actor, id: NominalId, input: &PdpInput) -> Result<Vec<Pdp>> {
        let granted = self.authorise(actor, id, RecordAction::Decide).await?;
        let v = input.parse(self.today())?;
        let officer = match &v.officer {
            Some(username) => Some(self.named_officer(username, id).await?),
            None => None,
        };
        Ok(self.store.record_pdp(&self.ctx(actor), &granted, &v, officer, actor.user_id).await?)
    }

    /// A review by the named officer or another of the owning team.
    pub async fn review_pdp(&self, actor: &Actor, id: NominalId, input: &PdpReviewInput) -> Result<Vec<Pdp>> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let today = self.today();
        Ok(self.store.review_pdp(&self.ctx(actor), &granted, |since| input.parse(today, since), actor.user_id).await?)
    }

    /// Ends the person's PDP status with a reason: a decision of the owning agency.
    pub async fn remove_pdp(&self, actor: &Actor, id: NominalId, input: &PdpRemovalInput) -> Result<Vec<Pdp>> {
        let granted = self.authorise(actor, id, RecordAction::Decide).await?;
        let today = self.today();
        Ok(self.store.remove_pdp(&self.ctx(actor), &granted, |since| input.parse(today, since)).await?)
    }

    /// The officers who may be named for a PDP (PDP-5): the owning agency's
    /// case workers, as (username, name).
    pub async fn pdp_officers(&self, actor: &Actor, id: NominalId) -> Result<Vec<(String, String)>> {
        self.authorise(actor, id, RecordAction::Decide).await?;
        let reach = self.store.reach(id).await?.ok_or(AppError::NotFound)?;
        let roles = [Role::Manager, Role::Supervisor];
        let list = self.store.agency_users(&[reach.owning_agency], &roles).await?;
        Ok(list.into_iter().map(|(u, name, _)| (u, name)).collect())
    }

    /// PDP-5: the named officer is an active user of the owning agency.
    async fn named_officer(&self, username: &str, id: NominalId) -> Result<UserId> {
        let unknown = || {
            ValidationErrors::single(
                "officer",
                "unknown_user",
                "There is no officer of the owning agency with that username",
            )
        };
        let reach = self.store.reach(id).await?.ok_or(AppError::NotFound)?;
        let user = self.store.active_user_id(username).await?.ok_or_else(unknown)?;
        let officer =
            self.store.actor(user).await?.filter(|a| a.agency_id == reach.owning_agency).ok_or_else(unknown)?;
        Ok(officer.user_id)
    }
}
