//! Notifications taken at the front counter (SOA 2003 ss83–86).

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::compliance::refresh;
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::facts::load_facts;
use crate::items::touch;
use crate::row::{date, opt_date, opt_text, parsed, text};
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId, UserId};
use mappa_domain::notifications::{
    Notification, NotificationContext, NotificationInput, NotificationKind, ParsedNotification,
};
use mappa_domain::obligations::ObligationKind;
use mappa_domain::rules::{RulesConfig, assess};
use sqlx::Row;
use sqlx::any::AnyRow;

fn notification_from(r: &AnyRow) -> Result<Notification> {
    let kind: String = text(r, "kind")?;
    let json = |col: &str| -> Result<String> { text(r, col) };
    Ok(Notification {
        id: parsed(r, "id")?,
        date: date(r, "notified_on")?,
        kind: NotificationKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("notifications.kind".into()))?,
        details: serde_json::from_str(&json("details")?)
            .map_err(|_| StoreError::Corrupt("notifications.details".into()))?,
        late: serde_json::from_str(&json("late")?).map_err(|_| StoreError::Corrupt("notifications.late".into()))?,
        not_subject_reason: opt_text(r, "not_subject_reason")?,
        photographs_taken: r.try_get::<i64, _>("photographs_taken")? != 0,
        fingerprints_taken: r.try_get::<i64, _>("fingerprints_taken")? != 0,
        station: opt_text(r, "station")?,
        notes: opt_text(r, "notes")?,
        next_due: opt_date(r, "next_due")?,
        received_by_name: opt_text(r, "received_by_name")?.unwrap_or_else(|| "System".into()),
    })
}

const SELECT: &str = "SELECT x.*, u.display_name AS received_by_name FROM notifications x \
                      LEFT JOIN users u ON u.id = x.received_by";

/// Stores a notification checked by the caller (its row only: the caller
/// audits it and sets the next date due once the obligations are worked out).
pub(crate) async fn insert_notification(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    nid: ItemId,
    p: &ParsedNotification,
    by: Option<UserId>,
) -> Result<()> {
    let details = serde_json::to_string(&p.details).map_err(|_| StoreError::Corrupt("details".into()))?;
    let late = serde_json::to_string(&p.late).map_err(|_| StoreError::Corrupt("late".into()))?;
    sqlx::query(
        "INSERT INTO notifications (id, nominal_id, notified_on, kind, details, late, is_late, not_subject_reason, \
         photographs_taken, fingerprints_taken, station, notes, received_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(nid.to_string())
    .bind(id.to_string())
    .bind(p.date.to_string())
    .bind(p.kind.code())
    .bind(details)
    .bind(late)
    .bind(i64::from(!p.late.is_empty()))
    .bind(&p.not_subject_reason)
    .bind(i64::from(p.photographs_taken))
    .bind(i64::from(p.fingerprints_taken))
    .bind(&p.station)
    .bind(&p.notes)
    .bind(by.map(|u| u.to_string()))
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// A person's notifications, newest first.
    pub async fn notifications(&self, grant: &Granted) -> Result<Vec<Notification>> {
        let id = grant.nominal();
        let sql = format!(
            "{SELECT} WHERE x.nominal_id = $1 AND x.withdrawn_at IS NULL ORDER BY x.notified_on DESC, x.created_at DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_all(&self.pool).await?;
        rows.iter().map(notification_from).collect()
    }

    /// One notification of a person's.
    pub async fn notification(&self, grant: &Granted, notification: mappa_domain::ids::ItemId) -> Result<Notification> {
        let id = grant.nominal();
        let sql = format!("{SELECT} WHERE x.nominal_id = $1 AND x.id = $2 AND x.withdrawn_at IS NULL");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(notification.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        notification_from(&row)
    }

    /// Records a notification. Inside one transaction: the rules engine
    /// assesses the stored facts as they stood, the input is checked against
    /// that (its lateness, whether the person is subject), the notification
    /// is stored and audited, and the obligations are worked out again, giving
    /// the next date due for the acknowledgement.
    pub async fn add_notification(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        input: &NotificationInput,
        by: Option<UserId>,
    ) -> Result<Notification> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let n = add_notification_in(&mut tx, ctx, id, input, by, &self.rules).await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// The body of [`Store::add_notification`] inside a caller's transaction:
/// the input checked against the facts standing, stored, audited, and the
/// obligations worked out again for the next date due.
pub(crate) async fn add_notification_in(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    input: &NotificationInput,
    by: Option<UserId>,
    rules: &RulesConfig,
) -> Result<Notification> {
    touch(tx, ctx, id).await?;
    let today = ctx.today();
    let mut loaded = load_facts(&mut *tx, crate::facts::Scope::One(id)).await?;
    let person = loaded.remove(&id.to_string()).ok_or(StoreError::NotFound)?;
    let facts = person.facts.facts(today).ok_or(StoreError::NotFound)?;
    facts.validate(rules).map_err(|_| StoreError::Corrupt("stored facts".into()))?;
    let before = assess(&facts, rules).notification;
    let unavailable = facts.unavailable();
    let cx = NotificationContext { today, before: &before, unavailable: &unavailable, config: rules };
    let p = input.parse(&cx).map_err(StoreError::Invalid)?;
    let nid = ItemId::new();
    insert_notification(tx, ctx, id, nid, &p, by).await?;
    refresh(tx, ctx, id, rules).await?;
    let next = sqlx::query("SELECT MIN(due_date) AS next FROM obligations WHERE nominal_id = $1 AND kind IN ($2, $3)")
        .bind(id.to_string())
        .bind(ObligationKind::PeriodicNotification.code())
        .bind(ObligationKind::InitialNotification.code())
        .fetch_one(&mut **tx)
        .await?;
    let next_due = opt_date(&next, "next")?;
    sqlx::query("UPDATE notifications SET next_due = $1 WHERE id = $2")
        .bind(next_due.map(|d| d.to_string()))
        .bind(nid.to_string())
        .execute(&mut **tx)
        .await?;
    let sql = format!("{SELECT} WHERE x.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(nid.to_string()).fetch_one(&mut **tx).await?;
    let n = notification_from(&row)?;
    let ctx = ctx.clone().with_reason(p.not_subject_reason.clone());
    append(tx, &ctx, AuditEntry::new(AuditAction::NotificationCreate, "notification", nid).nominal(id).after(&n))
        .await?;
    Ok(n)
}
