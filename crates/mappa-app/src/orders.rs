//! Use cases for civil orders (rules.md §4) and licences with recall (§5):
//! authorise, validate against the rules engine's limits, one store call.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::access::{Actor, Granted, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::licence::{ConditionReviewInput, Licence, LicenceInput, RecallInput};
use mappa_domain::orders::{ChangeInput, CivilOrder, OrderInput, PassportInput};
use mappa_store::AuditEntry;

/// A person's orders and licences, for one page or answer.
pub struct OrdersAndLicence {
    /// Newest first.
    pub orders: Vec<CivilOrder>,
    /// The current licence first, then those it superseded.
    pub licences: Vec<Licence>,
}

impl OrdersAndLicence {
    pub fn current_licence(&self) -> Option<&Licence> {
        self.licences.iter().find(|l| l.superseded_at.is_none())
    }
}

impl App {
    /// Records a civil order with its terms and travel prohibition, checked
    /// against the statutory periods (SHPO-2, SHPO-3, SRO-3, SRO-4, SPO-1, LEG-1, LEG-3).
    pub async fn add_order(&self, actor: &Actor, id: NominalId, input: &OrderInput) -> Result<CivilOrder> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let o = input.parse(self.today(), &self.rules.orders)?;
        self.store.add_order(&self.ctx(actor), &granted, &o).await?;
        Ok(o)
    }

    /// Orders and licences of a record; the read is audited (principle 1).
    pub async fn orders_and_licence(&self, actor: &Actor, id: NominalId) -> Result<OrdersAndLicence> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let orders = self.store.orders(&granted).await?;
        let licences = self.store.licences(&granted).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::OrdersView, "nominal", id).nominal(id))
            .await?;
        Ok(OrdersAndLicence { orders, licences })
    }

    /// The person's orders as (id, description) for choosing the order a
    /// breach concerns; not audited (a form's list, not a read of the record).
    pub async fn order_choices(&self, actor: &Actor, id: NominalId) -> Result<Vec<(String, String)>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let orders = self.store.order_facts(&granted).await?;
        Ok(orders.into_iter().map(|o| (o.id.clone(), format!("{}, made {}", o.kind.words(), o.made))).collect())
    }

    async fn order_of(&self, granted: &Granted, order: ItemId) -> Result<CivilOrder> {
        self.store.order(granted, order).await?.ok_or(AppError::NotFound)
    }

    /// Records a variation, renewal or discharge as a dated, reasoned change
    /// (SHPO-3 renewal limits; a discharge's date becomes the last day).
    pub async fn change_order(
        &self,
        actor: &Actor,
        id: NominalId,
        order: ItemId,
        input: &ChangeInput,
    ) -> Result<CivilOrder> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let current = self.order_of(&granted, order).await?;
        let c = input.parse(&current, self.today(), &self.rules.orders)?;
        Ok(self.store.change_order(&self.ctx(actor), &granted, order, &c, actor.user_id).await?)
    }

    /// Records passport surrender or return for a travel prohibition (SHPO-3).
    pub async fn record_passport(
        &self,
        actor: &Actor,
        id: NominalId,
        order: ItemId,
        input: &PassportInput,
    ) -> Result<CivilOrder> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let current = self.order_of(&granted, order).await?;
        let p = input.parse(&current, self.today())?;
        Ok(self.store.record_passport(&self.ctx(actor), &granted, order, &p, current.revision).await?)
    }

    /// Records a licence; the current one is superseded and kept as history.
    pub async fn record_licence(&self, actor: &Actor, id: NominalId, input: &LicenceInput) -> Result<Licence> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let disposals = self.store.disposal_ids(&granted).await?;
        let l = input.parse(ItemId::new(), &disposals)?;
        self.store.record_licence(&self.ctx(actor), &granted, &l, Some(actor.user_id)).await?;
        self.store.current_licence(&granted).await?.ok_or(AppError::NotFound)
    }

    /// The current licence and those it superseded; the read is audited.
    pub async fn licences(&self, actor: &Actor, id: NominalId) -> Result<Vec<Licence>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let licences = self.store.licences(&granted).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::LicenceView, "nominal", id).nominal(id))
            .await?;
        Ok(licences)
    }

    /// Records a review of an additional condition of the current licence
    /// (LIC-A14), which sets when it is next to be reviewed, if ever; the
    /// store checks it against the licence inside the write's transaction.
    pub async fn review_licence_condition(
        &self,
        actor: &Actor,
        id: NominalId,
        condition: ItemId,
        input: &ConditionReviewInput,
    ) -> Result<Licence> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        self.store.review_licence_condition(&self.ctx(actor), &granted, condition, input).await?;
        self.store.current_licence(&granted).await?.ok_or(AppError::NotFound)
    }

    /// Records a recall on the current licence (REC-1, REC-2), checked by the
    /// store against the licence inside the write's transaction.
    pub async fn record_recall(&self, actor: &Actor, id: NominalId, input: &RecallInput) -> Result<Licence> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        self.store.record_recall(&self.ctx(actor), &granted, input, Some(actor.user_id)).await?;
        self.store.current_licence(&granted).await?.ok_or(AppError::NotFound)
    }
}
