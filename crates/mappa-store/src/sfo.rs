//! Serious further offences and Serious Case Reviews (issue 11; SFO-1,
//! SCR-1..3). The audit keeps stages and dates; the offence and the reviews'
//! findings stay in the record.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{code, date, opt_date, opt_int, opt_text, parsed, text};
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, ItemId, UserId};
use mappa_domain::obligations::{Obligation, ObligationKind};
use mappa_domain::record::UserRef;
use mappa_domain::sfo::{Sfo, SfoStage, SfoStep, ValidSfo, ValidSfoStep, scr_notify_by};

async fn sfos_where(conn: &mut sqlx::AnyConnection, clause: &str, value: String) -> Result<Vec<Sfo>> {
    let sql = format!(
        "SELECT s.*, a.code AS agency_code FROM sfo_cases s JOIN agencies a ON a.id = s.agency_id WHERE {clause} \
         ORDER BY s.notified_on DESC, s.created_at DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&value).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        let steps = sqlx::query(
            "SELECT t.*, u.display_name FROM sfo_steps t JOIN users u ON u.id = t.recorded_by WHERE t.sfo_id = $1 \
             ORDER BY t.on_date, t.recorded_at",
        )
        .bind(text(r, "id")?)
        .fetch_all(&mut *conn)
        .await?;
        out.push(Sfo {
            id: parsed(r, "id")?,
            agency: text(r, "agency_code")?,
            charged_on: date(r, "charged_on")?,
            offence: text(r, "offence")?,
            notified_on: date(r, "notified_on")?,
            category: opt_int(r, "category")?.map(|v| v as u8),
            level: opt_int(r, "level")?.map(|v| v as u8),
            initial_review_on: opt_date(r, "initial_review_on")?,
            full_review_on: opt_date(r, "full_review_on")?,
            outcome_on: opt_date(r, "outcome_on")?,
            scr_decided_on: opt_date(r, "scr_decided_on")?,
            scr_warranted: opt_int(r, "scr_warranted")?.map(|v| v != 0),
            scr_remit: opt_text(r, "scr_remit")?,
            scr_lay_adviser: opt_text(r, "scr_lay_adviser")?,
            scr_notify_by: opt_date(r, "scr_notify_by")?,
            scr_notified_on: opt_date(r, "scr_notified_on")?,
            closed_on: opt_date(r, "closed_on")?,
            steps: steps
                .iter()
                .map(|t| {
                    Ok(SfoStep {
                        stage: code(t, "stage", SfoStage::from_code)?,
                        on: date(t, "on_date")?,
                        note: opt_text(t, "note")?,
                        owner_role: opt_text(t, "owner_role")?,
                        due_date: opt_date(t, "due_date")?,
                        recorded_by: UserRef { id: parsed(t, "recorded_by")?, name: text(t, "display_name")? },
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        });
    }
    Ok(out)
}

/// SCR-3: an SCR's notification still to send, for the compliance list of
/// the person it concerns: (nominal id, work). Never a task by this path.
pub(crate) async fn scr_notifications_due(
    conn: &mut sqlx::AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, Obligation)>> {
    let sql = format!(
        "SELECT nominal_id, id, scr_notify_by FROM sfo_cases WHERE scr_warranted = 1 AND scr_notified_on IS NULL \
         AND closed_on IS NULL{}",
        crate::facts::and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in crate::facts::fetch(conn, sql, scope).await? {
        let o = Obligation {
            kind: ObligationKind::ScrNotification,
            due: date(&r, "scr_notify_by")?,
            rule: "SCR-3".into(),
            source: text(&r, "id")?,
        };
        out.push((text(&r, "nominal_id")?, o));
    }
    Ok(out)
}

/// SCR-3: the notification of the SMB chair and coordinator, due 5 days
/// after the Board's decision, a task for the agency that recorded it.
pub(crate) async fn scr_tasks(tx: &mut WriteTx) -> Result<Vec<(String, String, Obligation)>> {
    let rows = sqlx::query(
        "SELECT id, nominal_id, scr_agency_id, scr_notify_by FROM sfo_cases WHERE scr_warranted = 1 \
         AND scr_notified_on IS NULL AND closed_on IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let o = Obligation {
            kind: ObligationKind::ScrNotification,
            due: date(r, "scr_notify_by")?,
            rule: "SCR-3".into(),
            source: text(r, "id")?,
        };
        out.push((text(r, "nominal_id")?, text(r, "scr_agency_id")?, o));
    }
    Ok(out)
}

impl Store {
    /// Every serious further offence of the record, the latest first.
    pub async fn sfos(&self, grant: &Granted) -> Result<Vec<Sfo>> {
        let mut conn = self.pool.acquire().await?;
        sfos_where(&mut conn, "s.nominal_id = $1", grant.nominal().to_string()).await
    }

    /// Records the SFO notification, with the MAPPA case as it stands.
    pub async fn record_sfo(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        v: &ValidSfo,
        (by, agency): (UserId, AgencyId),
    ) -> Result<Sfo> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let sfo = ItemId::new();
        sqlx::query(
            "INSERT INTO sfo_cases (id, nominal_id, agency_id, charged_on, offence, notified_on, category, level, \
             created_by, created_at) SELECT $1, n.id, $2, $3, $4, $5, n.mappa_category, n.mappa_level, $6, $7 \
             FROM nominals n WHERE n.id = $8",
        )
        .bind(sfo.to_string())
        .bind(agency.to_string())
        .bind(v.charged_on.to_string())
        .bind(&v.offence)
        .bind(v.notified_on.to_string())
        .bind(by.to_string())
        .bind(ctx.at_text())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({"charged_on": v.charged_on, "notified_on": v.notified_on});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::SfoNotify, "sfo", sfo).nominal(id).after(&after)).await?;
        let stored = sfos_where(&mut tx, "s.id = $1", sfo.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Records a step, checked against the SFO inside the transaction.
    pub async fn record_sfo_step(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        sfo: ItemId,
        check: impl FnOnce(&Sfo) -> std::result::Result<ValidSfoStep, mappa_domain::ValidationErrors>,
        (by, agency): (UserId, AgencyId),
    ) -> Result<Sfo> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let clause = "s.id = $1";
        let current = sfos_where(&mut tx, clause, sfo.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        let owner: String = sqlx::query("SELECT nominal_id FROM sfo_cases WHERE id = $1")
            .bind(sfo.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from)
            .and_then(|r| text(&r, "nominal_id"))?;
        if owner != id.to_string() {
            return Err(StoreError::NotFound);
        }
        let s = check(&current).map_err(StoreError::Invalid)?;
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "INSERT INTO sfo_steps (id, sfo_id, stage, on_date, note, owner_role, due_date, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(ItemId::new().to_string())
        .bind(sfo.to_string())
        .bind(s.stage.code())
        .bind(s.on.to_string())
        .bind(&s.note)
        .bind(&s.owner_role)
        .bind(s.due_date.map(|d| d.to_string()))
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        let column = match s.stage {
            SfoStage::InitialReview => Some("initial_review_on"),
            SfoStage::FullReview => Some("full_review_on"),
            SfoStage::Outcome => Some("outcome_on"),
            SfoStage::Closed => Some("closed_on"),
            SfoStage::ScrNotified => Some("scr_notified_on"),
            _ => None,
        };
        if let Some(column) = column {
            sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE sfo_cases SET {column} = $1 WHERE id = $2")))
                .bind(s.on.to_string())
                .bind(sfo.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if s.stage == SfoStage::ScrDecision {
            let warranted = s.warranted == Some(true);
            sqlx::query(
                "UPDATE sfo_cases SET scr_decided_on = $1, scr_warranted = $2, scr_remit = $3, scr_lay_adviser = $4, \
                 scr_agency_id = $5, scr_notify_by = $6 WHERE id = $7",
            )
            .bind(s.on.to_string())
            .bind(crate::row::b(warranted))
            .bind(&s.remit)
            .bind(&s.lay_adviser)
            .bind(agency.to_string())
            .bind(warranted.then(|| scr_notify_by(s.on).to_string()))
            .bind(sfo.to_string())
            .execute(&mut *tx)
            .await?;
        }
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let after = serde_json::json!({"stage": s.stage, "on": s.on, "warranted": s.warranted});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::SfoStep, "sfo", sfo).nominal(id).after(&after)).await?;
        let stored = sfos_where(&mut tx, clause, sfo.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }
}
