//! Custody, hospital and abroad periods (NOTIF-11, NOTIF-23, CONV-6).

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::compliance::refresh;
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{date, opt_date, opt_text, parsed, text};
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::periods::{Period, PeriodEndInput, PeriodInput, PeriodKind};
use sqlx::any::AnyRow;

fn period_from(r: &AnyRow) -> Result<Period> {
    let kind: String = text(r, "kind")?;
    Ok(Period {
        id: parsed(r, "id")?,
        kind: PeriodKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("periods.kind".into()))?,
        from: date(r, "from_date")?,
        to: opt_date(r, "to_date")?,
        place: opt_text(r, "place")?,
    })
}

async fn periods_in(tx: &mut WriteTx, id: NominalId) -> Result<Vec<Period>> {
    let rows = sqlx::query("SELECT * FROM periods WHERE nominal_id = $1 AND withdrawn_at IS NULL ORDER BY from_date")
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(period_from).collect()
}

/// Stores a period checked by the caller, with its audit record.
pub(crate) async fn insert_period(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, p: &Period) -> Result<()> {
    sqlx::query(
        "INSERT INTO periods (id, nominal_id, kind, from_date, to_date, place, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(p.id.to_string())
    .bind(id.to_string())
    .bind(p.kind.code())
    .bind(p.from.to_string())
    .bind(p.to.map(|d| d.to_string()))
    .bind(&p.place)
    .bind(ctx.actor.as_ref().map(|a| a.user_id.to_string()))
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    append(tx, ctx, AuditEntry::new(AuditAction::PeriodCreate, "period", p.id).nominal(id).after(p)).await?;
    Ok(())
}

/// Checks a period against the others standing inside the transaction (no
/// overlaps) and stores it.
pub(crate) async fn add_period_in(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    kind: PeriodKind,
    input: &PeriodInput,
) -> Result<Period> {
    touch(tx, ctx, id).await?;
    let existing = periods_in(tx, id).await?;
    let p = input.parse(kind, &existing, ctx.today()).map_err(StoreError::Invalid)?;
    insert_period(tx, ctx, id, &p).await?;
    Ok(p)
}

impl Store {
    /// A person's periods away, earliest first.
    pub async fn periods(&self, grant: &Granted) -> Result<Vec<Period>> {
        let id = grant.nominal();
        let rows =
            sqlx::query("SELECT * FROM periods WHERE nominal_id = $1 AND withdrawn_at IS NULL ORDER BY from_date")
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(period_from).collect()
    }

    /// Records a period, checked against the others inside the transaction
    /// (no overlaps), and works the person's obligations out again.
    pub async fn add_period(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        kind: PeriodKind,
        input: &PeriodInput,
    ) -> Result<Period> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let p = add_period_in(&mut tx, ctx, id, kind, input).await?;
        refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Ends an open period: release, discharge or return.
    pub async fn end_period(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        period: ItemId,
        input: &PeriodEndInput,
    ) -> Result<Period> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let existing = periods_in(&mut tx, id).await?;
        let open = existing.iter().find(|p| p.id == period).ok_or(StoreError::NotFound)?;
        let ended = input.parse(open, &existing, ctx.today()).map_err(StoreError::Invalid)?;
        sqlx::query("UPDATE periods SET to_date = $1 WHERE id = $2 AND nominal_id = $3")
            .bind(ended.to.map(|d| d.to_string()))
            .bind(period.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::PeriodEnd, "period", period).nominal(id).before(open).after(&ended),
        )
        .await?;
        refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(ended)
    }
}
