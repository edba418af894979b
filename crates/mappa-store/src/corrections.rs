//! Mistakes put right: withdrawing a fact with a reason, and correcting one by
//! withdrawing it and recording the right fact in its place, in one
//! transaction. Withdrawn rows stay (their values are in the history) and
//! every read of the facts leaves them out.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{opt_int, parsed, small, text};
use mappa_domain::ValidationErrors;
use mappa_domain::access::Granted;
use mappa_domain::address::Address;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::corrections::{FactKind, undo_decision};
use mappa_domain::disposal::Disposal;
use mappa_domain::ids::{ItemId, NominalId, UserId};
use mappa_domain::mappa_case::{Decision, DecisionKind, ValidDecision};
use mappa_domain::notifications::NotificationInput;
use mappa_domain::orders::CivilOrder;
use mappa_domain::periods::{PeriodInput, PeriodKind};
use mappa_domain::risk::{RiskAssessment, Visit, VisitOutcome};

/// The fact recorded in place of one corrected, as each kind's form gives it.
pub enum Replacement<'a> {
    Address(&'a Address),
    Disposal(&'a Disposal),
    Decision(&'a ValidDecision),
    Notification(&'a NotificationInput),
    Period(PeriodKind, &'a PeriodInput),
    Order(&'a CivilOrder),
    RiskAssessment(&'a RiskAssessment),
    Visit(&'a Visit),
}

impl Replacement<'_> {
    pub fn kind(&self) -> FactKind {
        match self {
            Replacement::Address(_) => FactKind::Address,
            Replacement::Disposal(_) => FactKind::Disposal,
            Replacement::Decision(_) => FactKind::Decision,
            Replacement::Notification(_) => FactKind::Notification,
            Replacement::Period(..) => FactKind::Period,
            Replacement::Order(_) => FactKind::Order,
            Replacement::RiskAssessment(_) => FactKind::RiskAssessment,
            Replacement::Visit(_) => FactKind::Visit,
        }
    }
}

fn table(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Address => "addresses",
        FactKind::Disposal => "disposals",
        FactKind::Decision => "mappa_decisions",
        FactKind::Notification => "notifications",
        FactKind::Period => "periods",
        FactKind::Order => "civil_orders",
        FactKind::RiskAssessment => "risk_assessments",
        FactKind::Visit => "visits",
    }
}

fn refused(code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(ValidationErrors::single("item_id", code, message))
}

/// The latest decision of `kind` still standing, for undoing.
async fn latest_decision(tx: &mut WriteTx, id: NominalId, kind: DecisionKind) -> Result<Option<ItemId>> {
    let row = sqlx::query(
        "SELECT id FROM mappa_decisions WHERE nominal_id = $1 AND kind = $2 AND withdrawn_at IS NULL \
         ORDER BY decided_at DESC, id DESC LIMIT 1",
    )
    .bind(id.to_string())
    .bind(kind.code())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| parsed(&r, "id")).transpose()
}

/// Puts the case back as it was before the decision (CAT-3a still holds).
async fn undo_decision_in(tx: &mut WriteTx, id: NominalId, item: ItemId) -> Result<()> {
    let row = sqlx::query("SELECT * FROM mappa_decisions WHERE id = $1 AND nominal_id = $2 AND withdrawn_at IS NULL")
        .bind(item.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let kind = DecisionKind::from_code(&text(&row, "kind")?)
        .ok_or_else(|| StoreError::Corrupt("mappa_decisions.kind".into()))?;
    let decision = Decision {
        id: item,
        kind,
        from_value: small(opt_int(&row, "from_value")?, "from_value")?,
        to_value: small(opt_int(&row, "to_value")?, "to_value")?,
        rationale: String::new(),
        effective_date: crate::row::date(&row, "effective_date")?,
        decided_by: parsed(&row, "decided_by")?,
        decided_by_name: String::new(),
    };
    let latest = latest_decision(tx, id, kind).await? == Some(item);
    let case = crate::items::case_in(tx, id).await?;
    let before = undo_decision(&decision, latest, &case).map_err(StoreError::Invalid)?;
    sqlx::query("UPDATE nominals SET mappa_category = $1, mappa_level = $2 WHERE id = $3")
        .bind(before.category.map(i64::from))
        .bind(before.level.map(i64::from))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One entry to withdraw, and whether a corrected one takes its place.
struct Withdrawal<'a> {
    kind: FactKind,
    item: ItemId,
    reason: &'a str,
    by: UserId,
    correcting: bool,
}

/// Marks a standing fact withdrawn; NotFound if the person has no such fact
/// standing. What depends on it is checked first: a decision is undone (the
/// latest only), and a sentence another runs consecutively to stays until
/// that one is dealt with (a correction moves the link to the new sentence).
async fn withdraw_in(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, w: Withdrawal<'_>) -> Result<()> {
    let Withdrawal { kind, item, reason, by, correcting } = w;
    touch(tx, ctx, id).await?;
    match kind {
        FactKind::Decision => undo_decision_in(tx, id, item).await?,
        FactKind::Disposal if !correcting => {
            let after = sqlx::query(
                "SELECT 1 AS found FROM disposals WHERE nominal_id = $1 AND consecutive_to = $2 AND withdrawn_at IS NULL",
            )
            .bind(id.to_string())
            .bind(item.to_string())
            .fetch_optional(&mut **tx)
            .await?;
            if after.is_some() {
                return Err(refused(
                    "has_consecutive",
                    "Another sentence runs consecutively to this one: correct or withdraw that one first",
                ));
            }
        }
        FactKind::Order if correcting => {
            let changed = sqlx::query("SELECT 1 AS found FROM civil_order_changes WHERE order_id = $1")
                .bind(item.to_string())
                .fetch_optional(&mut **tx)
                .await?;
            if changed.is_some() {
                return Err(refused(
                    "order_changed",
                    "This order has been varied, renewed or discharged since: withdraw it and record it again",
                ));
            }
        }
        _ => {}
    }
    let sql = format!(
        "UPDATE {} SET withdrawn_at = $1, withdrawn_by = $2, withdrawal_reason = $3 \
         WHERE id = $4 AND nominal_id = $5 AND withdrawn_at IS NULL",
        table(kind)
    );
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(ctx.at_text())
        .bind(by.to_string())
        .bind(reason)
        .bind(item.to_string())
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Points what referred to the corrected fact at the one that replaces it.
async fn move_references(tx: &mut WriteTx, kind: FactKind, from: ItemId, to: ItemId) -> Result<()> {
    let updates: &[&str] = match kind {
        FactKind::Disposal => &[
            "UPDATE disposals SET consecutive_to = $1 WHERE consecutive_to = $2",
            "UPDATE licences SET disposal_id = $1 WHERE disposal_id = $2",
        ],
        FactKind::Order => &["UPDATE breaches SET order_id = $1 WHERE order_id = $2"],
        _ => &[],
    };
    for sql in updates {
        sqlx::query(sqlx::AssertSqlSafe(*sql)).bind(to.to_string()).bind(from.to_string()).execute(&mut **tx).await?;
    }
    let sql = format!("UPDATE {} SET corrected_to = $1 WHERE id = $2", table(kind));
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(to.to_string()).bind(from.to_string()).execute(&mut **tx).await?;
    Ok(())
}

fn entry(action: AuditAction, kind: FactKind, item: ItemId, id: NominalId) -> AuditEntry {
    AuditEntry::new(action, kind.code(), item).nominal(id)
}

impl Store {
    /// Withdraws a fact recorded in error, with the reason, and works the
    /// person's obligations out again without it.
    pub async fn withdraw_fact(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        kind: FactKind,
        item: ItemId,
        reason: &str,
        by: UserId,
    ) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        withdraw_in(&mut tx, ctx, id, Withdrawal { kind, item, reason, by, correcting: false }).await?;
        let ctx = ctx.clone().with_reason(Some(reason.to_string()));
        let before = serde_json::json!({"kind": kind});
        append(&mut tx, &ctx, entry(AuditAction::FactWithdraw, kind, item, id).before(&before)).await?;
        crate::compliance::refresh(&mut tx, &ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Corrects a fact: withdraws it with the reason and records `new` in its
    /// place, checked against the facts standing without the old one, in one
    /// transaction. Returns the id of the fact now standing.
    pub async fn correct_fact(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        item: ItemId,
        reason: &str,
        new: Replacement<'_>,
        by: UserId,
    ) -> Result<ItemId> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let kind = new.kind();
        let mut tx = self.begin_write().await?;
        withdraw_in(&mut tx, ctx, id, Withdrawal { kind, item, reason, by, correcting: true }).await?;
        let ctx = ctx.clone().with_reason(Some(reason.to_string()));
        let new_id = match new {
            Replacement::Address(a) => {
                crate::items::insert_address(&mut tx, &ctx, id, a).await?;
                a.id
            }
            Replacement::Disposal(d) => {
                crate::items::insert_disposal(&mut tx, &ctx, id, d).await?;
                d.id
            }
            Replacement::Decision(d) => crate::items::insert_decision(&mut tx, &ctx, id, d, by).await?.1,
            Replacement::Notification(n) => {
                crate::notifications::add_notification_in(&mut tx, &ctx, id, n, Some(by), &self.rules).await?.id
            }
            Replacement::Period(k, p) => crate::periods::add_period_in(&mut tx, &ctx, id, k, p).await?.id,
            Replacement::Order(o) => {
                crate::orders::insert_order(&mut tx, &ctx, id, o).await?;
                o.id
            }
            Replacement::RiskAssessment(a) => {
                self.add_risk_assessment_in(&mut tx, &ctx, id, a, by).await?;
                a.id
            }
            Replacement::Visit(v) => {
                crate::risk::insert_visit(&mut tx, &ctx, id, v, by).await?;
                v.id
            }
        };
        move_references(&mut tx, kind, item, new_id).await?;
        let before = serde_json::json!({"kind": kind});
        let after = serde_json::json!({"kind": kind, "corrected_to": new_id});
        append(&mut tx, &ctx, entry(AuditAction::FactCorrect, kind, item, id).before(&before).after(&after)).await?;
        crate::compliance::refresh(&mut tx, &ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(new_id)
    }

    /// Records what happened at a visit booked ahead (VIS-1): only a visit
    /// still without an outcome; `v` is the visit with its outcome.
    pub async fn record_visit_outcome(&self, ctx: &AuditCtx, grant: &Granted, v: &Visit) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let r = sqlx::query(
            "UPDATE visits SET outcome = $1, seen = $2, present = $3, concerns = $4, concerns_raised = $5, officer = $6 \
             WHERE id = $7 AND nominal_id = $8 AND outcome IS NULL AND withdrawn_at IS NULL",
        )
        .bind(v.outcome.map(VisitOutcome::code))
        .bind(crate::row::b(v.counts_as_visit()))
        .bind(&v.present)
        .bind(&v.concerns)
        .bind(crate::row::b(v.concerns_raised))
        .bind(&v.officer)
        .bind(v.id.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        append(&mut tx, ctx, AuditEntry::new(AuditAction::VisitOutcome, "visit", v.id).nominal(id).after(v)).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A fact standing on a record, for a correction form to start from.
pub enum StandingFact {
    Address(Address),
    Disposal(Disposal),
    Decision(Decision),
    Notification(Box<mappa_domain::notifications::Notification>),
    Order(Box<CivilOrder>),
    Period(mappa_domain::periods::Period),
    RiskAssessment(RiskAssessment),
    Visit(Visit),
}

impl Store {
    /// The standing fact of `kind` with id `item`, if the record has one.
    pub async fn standing_fact(&self, grant: &Granted, kind: FactKind, item: ItemId) -> Result<StandingFact> {
        let id = grant.nominal();
        let found = match kind {
            FactKind::Address => {
                self.addresses(id).await?.into_iter().find(|x| x.id == item).map(StandingFact::Address)
            }
            FactKind::Disposal => {
                self.disposals(id).await?.into_iter().find(|x| x.id == item).map(StandingFact::Disposal)
            }
            FactKind::Decision => {
                self.decisions(id).await?.into_iter().find(|x| x.id == item).map(StandingFact::Decision)
            }
            FactKind::Notification => Some(StandingFact::Notification(Box::new(self.notification(grant, item).await?))),
            FactKind::Order => self.order(grant, item).await?.map(|o| StandingFact::Order(Box::new(o))),
            FactKind::Period => self.periods(grant).await?.into_iter().find(|x| x.id == item).map(StandingFact::Period),
            FactKind::RiskAssessment => {
                self.risk_assessments(grant).await?.into_iter().find(|x| x.id == item).map(StandingFact::RiskAssessment)
            }
            FactKind::Visit => self.visits(grant).await?.into_iter().find(|x| x.id == item).map(StandingFact::Visit),
        };
        found.ok_or(StoreError::NotFound)
    }
}
