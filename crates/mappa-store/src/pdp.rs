//! Potentially dangerous persons (issue 11, PDP-1..6). Each write refreshes
//! the person's obligations in its own transaction, so the next review
//! (PDP-5) reaches the compliance list and the task sweep at once.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{date, opt_date, opt_int, opt_parsed, opt_text, parsed, text};
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId, UserId};
use mappa_domain::pdp::{DatedNote, Pdp, PdpReview, ValidPdp, check_not_mappa, next_review};
use mappa_domain::record::UserRef;

async fn pdps_in(conn: &mut sqlx::AnyConnection, id: NominalId) -> Result<Vec<Pdp>> {
    let rows = sqlx::query(
        "SELECT p.*, u.display_name AS officer_name FROM pdp_records p LEFT JOIN users u ON u.id = p.officer_user_id \
         WHERE p.nominal_id = $1 ORDER BY p.recorded_on DESC, p.created_at DESC",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let reviews = sqlx::query(
        "SELECT r.pdp_id, r.reviewed_on, r.note, r.reviewed_by, u.display_name FROM pdp_reviews r \
         JOIN pdp_records p ON p.id = r.pdp_id JOIN users u ON u.id = r.reviewed_by \
         WHERE p.nominal_id = $1 ORDER BY r.reviewed_on DESC, r.created_at DESC",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let pid = text(r, "id")?;
            let mut list = Vec::new();
            for x in reviews.iter() {
                if text(x, "pdp_id")? == pid {
                    list.push(PdpReview {
                        reviewed_on: date(x, "reviewed_on")?,
                        note: text(x, "note")?,
                        reviewed_by: UserRef { id: parsed(x, "reviewed_by")?, name: text(x, "display_name")? },
                    });
                }
            }
            let officer = match opt_parsed::<UserId>(r, "officer_user_id")? {
                Some(id) => Some(UserRef { id, name: text(r, "officer_name")? }),
                None => None,
            };
            Ok(Pdp {
                id: parsed(r, "id")?,
                reasons: text(r, "reasons")?,
                officer,
                recorded_on: date(r, "recorded_on")?,
                next_review: opt_date(r, "next_review")?,
                reviews: list,
                removed_on: opt_date(r, "removed_on")?,
                removal_reason: opt_text(r, "removal_reason")?,
            })
        })
        .collect()
}

/// The current period, if any: (id, day recorded).
async fn current(tx: &mut WriteTx, id: NominalId) -> Result<Option<(ItemId, jiff::civil::Date)>> {
    let row = sqlx::query("SELECT id, recorded_on FROM pdp_records WHERE nominal_id = $1 AND removed_on IS NULL")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((parsed(&r, "id")?, date(&r, "recorded_on")?))).transpose()
}

/// The end of every PDP write: the obligations worked out again (the next
/// review), the audit record, and the periods as they now stand.
async fn finish(mut tx: WriteTx, ctx: &AuditCtx, store: &Store, id: NominalId, entry: AuditEntry) -> Result<Vec<Pdp>> {
    crate::compliance::refresh(&mut tx, ctx, id, &store.rules).await?;
    append(&mut tx, ctx, entry.nominal(id)).await?;
    let stored = pdps_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// The people's current PDP periods, for the facts the obligations come
/// from: (nominal id, period id, next review).
pub(crate) async fn pdp_reviews_due(
    conn: &mut sqlx::AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, String, jiff::civil::Date)>> {
    let sql = format!(
        "SELECT nominal_id, id, next_review FROM pdp_records WHERE removed_on IS NULL AND next_review IS NOT NULL{}",
        crate::facts::and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in crate::facts::fetch(conn, sql, scope).await? {
        out.push((text(&r, "nominal_id")?, text(&r, "id")?, date(&r, "next_review")?));
    }
    Ok(out)
}

impl Store {
    /// Every period as a PDP, the current first.
    pub async fn pdps(&self, grant: &Granted) -> Result<Vec<Pdp>> {
        let mut conn = self.pool.acquire().await?;
        pdps_in(&mut conn, grant.nominal()).await
    }

    /// Records the person as a PDP (PDP-1): refused for a MAPPA case, or
    /// when they are one already.
    pub async fn record_pdp(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        v: &ValidPdp,
        officer: Option<UserId>,
        by: UserId,
    ) -> Result<Vec<Pdp>> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let category = sqlx::query("SELECT mappa_category FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        check_not_mappa(opt_int(&category, "mappa_category")?.map(|c| c as u8)).map_err(StoreError::Invalid)?;
        if current(&mut tx, id).await?.is_some() {
            return Err(StoreError::Conflict("already_pdp"));
        }
        touch(&mut tx, ctx, id).await?;
        let pdp = ItemId::new();
        let officer = match officer {
            Some(o) => Some(o),
            None => sqlx::query("SELECT manager_user_id FROM nominals WHERE id = $1")
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)
                .and_then(|r| opt_parsed::<UserId>(&r, "manager_user_id"))?,
        };
        sqlx::query(
            "INSERT INTO pdp_records (id, nominal_id, reasons, officer_user_id, recorded_on, next_review, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(pdp.to_string())
        .bind(id.to_string())
        .bind(&v.reasons)
        .bind(officer.map(|o| o.to_string()))
        .bind(v.recorded_on.to_string())
        .bind(next_review(v.recorded_on, &self.rules).to_string())
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "recorded_on": v.recorded_on, "officer": officer });
        finish(tx, ctx, self, id, AuditEntry::new(AuditAction::PdpRecord, "pdp", pdp).after(&after)).await
    }

    /// Records a review of the current period; the next falls due the
    /// configured months after it (PDP-5).
    pub async fn review_pdp(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        check: impl FnOnce(jiff::civil::Date) -> Result<DatedNote, mappa_domain::ValidationErrors>,
        by: UserId,
    ) -> Result<Vec<Pdp>> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (pdp, since) = current(&mut tx, id).await?.ok_or(StoreError::Conflict("not_pdp"))?;
        let note = check(since).map_err(StoreError::Invalid)?;
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "INSERT INTO pdp_reviews (id, pdp_id, reviewed_on, note, reviewed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(ItemId::new().to_string())
        .bind(pdp.to_string())
        .bind(note.on.to_string())
        .bind(&note.text)
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        let next = next_review(note.on, &self.rules);
        sqlx::query("UPDATE pdp_records SET next_review = $1 WHERE id = $2")
            .bind(next.to_string())
            .bind(pdp.to_string())
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "reviewed_on": note.on, "next_review": next });
        finish(tx, ctx, self, id, AuditEntry::new(AuditAction::PdpReview, "pdp", pdp).after(&after)).await
    }

    /// Ends the current period with a reason; no review is due after it.
    pub async fn remove_pdp(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        check: impl FnOnce(jiff::civil::Date) -> Result<DatedNote, mappa_domain::ValidationErrors>,
    ) -> Result<Vec<Pdp>> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (pdp, since) = current(&mut tx, id).await?.ok_or(StoreError::Conflict("not_pdp"))?;
        let note = check(since).map_err(StoreError::Invalid)?;
        touch(&mut tx, ctx, id).await?;
        sqlx::query("UPDATE pdp_records SET removed_on = $1, removal_reason = $2, next_review = NULL WHERE id = $3")
            .bind(note.on.to_string())
            .bind(&note.text)
            .bind(pdp.to_string())
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "removed_on": note.on });
        finish(tx, ctx, self, id, AuditEntry::new(AuditAction::PdpRemove, "pdp", pdp).after(&after)).await
    }
}
