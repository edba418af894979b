//! Breaches with their outcome history, and wanted/missing circulations
//! (NOTIF-50..53, SHPO-7, SRO-7, SRO-8). Each write is one transaction with
//! its audit record (principle 1).

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{b, code, date, flag, opt_date, opt_parsed, opt_text, parsed, text};
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::breaches::{
    Breach, BreachKind, BreachOutcome, Circulation, CirculationKind, NewBreach, NewCirculation, NewOutcome,
    OutcomeKind, Recording,
};
use mappa_domain::ids::{ItemId, NominalId, UserId};
use mappa_domain::record::UserRef;
use sqlx::any::AnyRow;

fn timestamp(r: &AnyRow, col: &str) -> Result<jiff::Timestamp> {
    parsed(r, col)
}

const BREACH_SELECT: &str =
    "SELECT br.*, u.display_name AS by_name FROM breaches br JOIN users u ON u.id = br.recorded_by";
const OUTCOME_SELECT: &str = "SELECT o.*, u.display_name AS by_name FROM breach_outcomes o JOIN breaches br ON br.id = o.breach_id \
     JOIN users u ON u.id = o.recorded_by";
const CIRCULATION_SELECT: &str = "SELECT c.*, u.display_name AS by_name, x.display_name AS cancelled_name FROM circulations c \
     JOIN users u ON u.id = c.recorded_by LEFT JOIN users x ON x.id = c.cancelled_by";

fn breach_from(r: &AnyRow, outcomes: Vec<BreachOutcome>) -> Result<Breach> {
    let discovered_at = timestamp(r, "discovered_at")?;
    let recorded_at = timestamp(r, "recorded_at")?;
    let recording = Recording::new(discovered_at, recorded_at, timestamp(r, "record_due_at")?);
    if recording.late != flag(r, "recorded_late")? {
        return Err(StoreError::Corrupt("recorded_late: disagrees with the times".into()));
    }
    Ok(Breach {
        id: parsed(r, "id")?,
        kind: code(r, "kind", BreachKind::from_code)?,
        order_id: opt_text(r, "order_id")?,
        licence_condition: opt_text(r, "licence_condition")?,
        description: text(r, "description")?,
        discovered_at,
        recorded_at,
        recorded_by: UserRef { id: parsed(r, "recorded_by")?, name: text(r, "by_name")? },
        recording,
        outcomes,
    })
}

fn outcome_from(r: &AnyRow) -> Result<BreachOutcome> {
    Ok(BreachOutcome {
        id: parsed(r, "id")?,
        kind: code(r, "kind", OutcomeKind::from_code)?,
        date: date(r, "outcome_date")?,
        court: opt_text(r, "court")?,
        reference: opt_text(r, "reference")?,
        recorded_by: UserRef { id: parsed(r, "recorded_by")?, name: text(r, "by_name")? },
        recorded_at: timestamp(r, "recorded_at")?,
    })
}

fn circulation_from(r: &AnyRow) -> Result<Circulation> {
    let cancelled_by = match opt_parsed::<UserId>(r, "cancelled_by")? {
        Some(id) => Some(UserRef { id, name: text(r, "cancelled_name")? }),
        None => None,
    };
    Ok(Circulation {
        id: parsed(r, "id")?,
        kind: code(r, "kind", CirculationKind::from_code)?,
        pnc_reference: text(r, "pnc_reference")?,
        from: date(r, "from_date")?,
        recorded_by: UserRef { id: parsed(r, "recorded_by")?, name: text(r, "by_name")? },
        recorded_at: timestamp(r, "recorded_at")?,
        cancelled_on: opt_date(r, "cancelled_date")?,
        cancelled_by,
        cancelled_at: opt_parsed(r, "cancelled_at")?,
    })
}

/// Joins each breach to its outcomes, oldest outcome first.
fn assemble(breaches: &[AnyRow], outcomes: &[AnyRow]) -> Result<Vec<Breach>> {
    let mut out = Vec::with_capacity(breaches.len());
    for r in breaches {
        let id = text(r, "id")?;
        let mut history = Vec::new();
        for o in outcomes {
            if text(o, "breach_id")? == id {
                history.push(outcome_from(o)?);
            }
        }
        out.push(breach_from(r, history)?);
    }
    Ok(out)
}

async fn breach_in(tx: &mut WriteTx, id: NominalId, breach: ItemId) -> Result<Breach> {
    let sql = format!("{BREACH_SELECT} WHERE br.id = $1 AND br.nominal_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(breach.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let sql = format!("{OUTCOME_SELECT} WHERE o.breach_id = $1 ORDER BY o.outcome_date, o.recorded_at, o.id");
    let outcomes = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(breach.to_string()).fetch_all(&mut **tx).await?;
    Ok(assemble(std::slice::from_ref(&row), &outcomes)?.remove(0))
}

async fn circulation_in(tx: &mut WriteTx, id: NominalId, c: ItemId) -> Result<Circulation> {
    let sql = format!("{CIRCULATION_SELECT} WHERE c.id = $1 AND c.nominal_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(c.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    circulation_from(&row)
}

/// Stores a breach recorded at `recorded_at` (flagged late when after
/// `due_at`, NOTIF-53), with its audit record.
pub(crate) async fn insert_breach(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    breach: &NewBreach,
    recorded_at: jiff::Timestamp,
    due_at: jiff::Timestamp,
    by: UserId,
) -> Result<()> {
    let recording = Recording::new(breach.discovered_at, recorded_at, due_at);
    sqlx::query(
        "INSERT INTO breaches (id, nominal_id, kind, order_id, licence_condition, description, discovered_at, recorded_at, recorded_by, record_due_at, recorded_late) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(breach.id.to_string())
    .bind(id.to_string())
    .bind(breach.kind.code())
    .bind(&breach.order_id)
    .bind(&breach.licence_condition)
    .bind(&breach.description)
    .bind(crate::format_timestamp(breach.discovered_at))
    .bind(crate::format_timestamp(recorded_at))
    .bind(by.to_string())
    .bind(crate::format_timestamp(due_at))
    .bind(b(recording.late))
    .execute(&mut **tx)
    .await?;
    let after = serde_json::json!({"breach": breach, "recording": recording});
    append(tx, ctx, AuditEntry::new(AuditAction::BreachCreate, "breach", breach.id).nominal(id).after(&after)).await?;
    Ok(())
}

/// Stores a circulation, with its audit record; Conflict("already_circulated")
/// when the person has a current one.
pub(crate) async fn insert_circulation(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    c: &NewCirculation,
    by: UserId,
) -> Result<()> {
    let r = sqlx::query(
        "INSERT INTO circulations (id, nominal_id, kind, pnc_reference, from_date, recorded_at, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c.id.to_string())
    .bind(id.to_string())
    .bind(c.kind.code())
    .bind(&c.pnc_reference)
    .bind(c.from.to_string())
    .bind(ctx.at_text())
    .bind(by.to_string())
    .execute(&mut **tx)
    .await;
    match r {
        Err(e) if StoreError::is_unique_violation(&e) => return Err(StoreError::Conflict("already_circulated")),
        r => r?,
    };
    append(tx, ctx, AuditEntry::new(AuditAction::CirculationCreate, "circulation", c.id).nominal(id).after(c)).await?;
    Ok(())
}

impl Store {
    /// Records a suspected breach. `due_at` is its recording deadline
    /// (NOTIF-53); the record is flagged late when `ctx.at` is after it.
    pub async fn record_breach(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        breach: &NewBreach,
        due_at: jiff::Timestamp,
        by: UserId,
    ) -> Result<Breach> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        // The order breached must be one of this person's (SHPO-7, SRO-7, SRO-8).
        if let Some(order) = &breach.order_id {
            let found = sqlx::query(
                "SELECT 1 AS found FROM civil_orders WHERE id = $1 AND nominal_id = $2 AND withdrawn_at IS NULL",
            )
            .bind(order)
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            if found.is_none() {
                return Err(StoreError::Invalid(mappa_domain::ValidationErrors::single(
                    "order_id",
                    "unknown_order",
                    "Select one of this person's recorded orders",
                )));
            }
        }
        insert_breach(&mut tx, ctx, id, breach, ctx.at, due_at, by).await?;
        let stored = breach_in(&mut tx, id, breach.id).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Adds an outcome to a breach's history; NotFound if the breach is not
    /// this record's.
    pub async fn add_breach_outcome(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        breach: ItemId,
        outcome: &NewOutcome,
        by: UserId,
    ) -> Result<Breach> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let before = breach_in(&mut tx, id, breach).await?;
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "INSERT INTO breach_outcomes (id, breach_id, kind, outcome_date, court, reference, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(outcome.id.to_string())
        .bind(breach.to_string())
        .bind(outcome.kind.code())
        .bind(outcome.date.to_string())
        .bind(&outcome.court)
        .bind(&outcome.reference)
        .bind(ctx.at_text())
        .bind(by.to_string())
        .execute(&mut *tx)
        .await?;
        let previous = before.current_outcome().map(|o| serde_json::json!({"kind": o.kind, "date": o.date}));
        let after = serde_json::json!({"breach_id": breach, "outcome": outcome});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::BreachOutcome, "breach_outcome", outcome.id)
                .nominal(id)
                .before(&serde_json::json!({"current_outcome": previous}))
                .after(&after),
        )
        .await?;
        if outcome.kind == mappa_domain::breaches::OutcomeKind::Recall {
            recall_to_custody(&mut tx, ctx, id, outcome, &before, by).await?;
        }
        let stored = breach_in(&mut tx, id, breach).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// One breach of a record, with its outcomes.
    pub async fn breach(&self, grant: &Granted, breach: ItemId) -> Result<Option<Breach>> {
        let id = grant.nominal();
        let sql = format!("{BREACH_SELECT} WHERE br.id = $1 AND br.nominal_id = $2");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(breach.to_string())
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let sql = format!("{OUTCOME_SELECT} WHERE o.breach_id = $1 ORDER BY o.outcome_date, o.recorded_at, o.id");
        let outcomes = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(breach.to_string()).fetch_all(&self.pool).await?;
        Ok(assemble(std::slice::from_ref(&row), &outcomes)?.pop())
    }

    /// A person's breaches, most recently established first, each with its
    /// kind, `order_id`, recording check (NOTIF-53) and outcome history (oldest
    /// first). What the rules engine's facts need from breaches comes from
    /// here: see `mappa_domain::breaches::order_breach_convictions` (SRO-8).
    pub async fn breaches(&self, grant: &Granted) -> Result<Vec<Breach>> {
        let id = grant.nominal();
        let sql = format!("{BREACH_SELECT} WHERE br.nominal_id = $1 ORDER BY br.discovered_at DESC, br.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_all(&self.pool).await?;
        let sql = format!("{OUTCOME_SELECT} WHERE br.nominal_id = $1 ORDER BY o.outcome_date, o.recorded_at, o.id");
        let outcomes = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_all(&self.pool).await?;
        assemble(&rows, &outcomes)
    }

    /// Circulates a person as wanted or missing. A person has one current
    /// circulation at a time: Conflict("already_circulated") otherwise.
    pub async fn add_circulation(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        c: &NewCirculation,
        by: UserId,
    ) -> Result<Circulation> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        insert_circulation(&mut tx, ctx, id, c, by).await?;
        let stored = circulation_in(&mut tx, id, c.id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Cancels a current circulation on `on`; NotFound if it is not this
    /// record's, Conflict("already_cancelled") if it was cancelled before.
    pub async fn cancel_circulation(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        circulation: ItemId,
        on: jiff::civil::Date,
        by: UserId,
    ) -> Result<Circulation> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let before = circulation_in(&mut tx, id, circulation).await?;
        if !before.is_current() {
            return Err(StoreError::Conflict("already_cancelled"));
        }
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "UPDATE circulations SET cancelled_date = $1, cancelled_at = $2, cancelled_by = $3 WHERE id = $4 AND cancelled_date IS NULL",
        )
        .bind(on.to_string())
        .bind(ctx.at_text())
        .bind(by.to_string())
        .bind(circulation.to_string())
        .execute(&mut *tx)
        .await?;
        let after = circulation_in(&mut tx, id, circulation).await?;
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::CirculationCancel, "circulation", circulation)
                .nominal(id)
                .before(&before)
                .after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// One circulation of a record.
    pub async fn circulation(&self, grant: &Granted, circulation: ItemId) -> Result<Option<Circulation>> {
        let id = grant.nominal();
        let sql = format!("{CIRCULATION_SELECT} WHERE c.id = $1 AND c.nominal_id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(circulation.to_string())
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(circulation_from).transpose()
    }

    /// A person's circulations, newest first, cancelled ones kept as history.
    pub async fn circulations(&self, grant: &Granted) -> Result<Vec<Circulation>> {
        let id = grant.nominal();
        let sql = format!("{CIRCULATION_SELECT} WHERE c.nominal_id = $1 ORDER BY c.from_date DESC, c.recorded_at DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_all(&self.pool).await?;
        rows.iter().map(circulation_from).collect()
    }

    /// The person's current wanted or missing circulation, if any.
    pub async fn current_circulation(&self, grant: &Granted) -> Result<Option<Circulation>> {
        let id = grant.nominal();
        let sql = format!("{CIRCULATION_SELECT} WHERE c.nominal_id = $1 AND c.cancelled_date IS NULL");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(&self.pool).await?;
        row.as_ref().map(circulation_from).transpose()
    }
}

/// A recall to custody (REC-1) recorded as a breach's outcome: the recall goes
/// on the current licence, if there is one, and a custody period starts on
/// the day unless one covers it already (the notification clock stops,
/// NOTIF-11). Both are audited with the outcome, in its transaction.
async fn recall_to_custody(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    outcome: &NewOutcome,
    breach: &Breach,
    by: UserId,
) -> Result<()> {
    let recall = mappa_domain::licence::Recall {
        id: ItemId::new(),
        date: outcome.date,
        recall_type: mappa_domain::licence::RecallType::Standard,
        reasons: format!("Recalled after a breach: {}", breach.kind.label()),
    };
    // Only a licence in force on the day takes the recall (REC-1).
    if let Some(licence) = crate::orders::current_licence_in(tx, id).await?
        && recall.fits(Some(&licence))
    {
        crate::orders::insert_recall(tx, ctx, id, licence.id, &recall, Some(by)).await?;
    }
    let rows =
        sqlx::query("SELECT id, kind, from_date, to_date FROM periods WHERE nominal_id = $1 AND withdrawn_at IS NULL")
            .bind(id.to_string())
            .fetch_all(&mut **tx)
            .await?;
    let mut existing = Vec::with_capacity(rows.len());
    for r in &rows {
        let kind: String = text(r, "kind")?;
        existing.push(mappa_domain::periods::Period {
            id: parsed(r, "id")?,
            kind: mappa_domain::periods::PeriodKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt("periods.kind".into()))?,
            from: date(r, "from_date")?,
            to: opt_date(r, "to_date")?,
            place: None,
        });
    }
    let period = mappa_domain::periods::Period {
        id: ItemId::new(),
        kind: mappa_domain::periods::PeriodKind::Custody,
        from: outcome.date,
        to: None,
        place: None,
    };
    if mappa_domain::periods::check_period(&period, &existing, None).is_ok() {
        sqlx::query(
            "INSERT INTO periods (id, nominal_id, kind, from_date, to_date, place, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6)",
        )
        .bind(period.id.to_string())
        .bind(id.to_string())
        .bind(period.kind.code())
        .bind(period.from.to_string())
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut **tx)
        .await?;
        append(tx, ctx, AuditEntry::new(AuditAction::PeriodCreate, "period", period.id).nominal(id).after(&period))
            .await?;
    }
    Ok(())
}
