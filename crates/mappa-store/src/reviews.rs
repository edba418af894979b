//! Review of indefinite notification requirements (REV-01..REV-08): the
//! applications on a record and their stages. Each write is one transaction
//! with its audit record (principle 1). An application's eligibility is
//! checked against the stored facts inside that transaction; stages are
//! checked by the domain against the application as read, and the store
//! refuses a stage whose place in the sequence was taken meanwhile.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::Store;
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{date, int, opt_text, parsed, text};
use mappa_domain::ValidationErrors;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::ItemId;
use mappa_domain::review_application::{
    ReviewApplication, StageDetails, StageRecord, ValidApplication, ValidStage, check_eligibility,
};
use mappa_domain::rules::ReviewDecision;
use sqlx::any::AnyRow;

fn application_from(r: &AnyRow) -> Result<ReviewApplication> {
    Ok(ReviewApplication {
        id: parsed(r, "id")?,
        received: date(r, "received_date")?,
        notes: opt_text(r, "notes")?,
        recorded_by: opt_text(r, "by_name")?.unwrap_or_else(|| "system".into()),
        recorded_at: text(r, "recorded_at")?,
        stages: Vec::new(),
    })
}

fn stage_from(r: &AnyRow) -> Result<StageRecord> {
    let details: StageDetails = serde_json::from_str(&text(r, "details")?)
        .map_err(|_| StoreError::Corrupt("review_stages.details: unreadable".into()))?;
    let position = u32::try_from(int(r, "position")?)
        .map_err(|_| StoreError::Corrupt("review_stages.position: out of range".into()))?;
    Ok(StageRecord {
        id: parsed(r, "id")?,
        position,
        date: date(r, "stage_date")?,
        details,
        notes: opt_text(r, "notes")?,
        recorded_by: opt_text(r, "by_name")?.unwrap_or_else(|| "system".into()),
        recorded_at: text(r, "recorded_at")?,
    })
}

impl Store {
    /// Records a review application received in writing (REV-02), made by a
    /// qualifying relevant offender on or after the qualifying date (REV-01,
    /// REV-03) or further qualifying date (REV-04): the rules engine reads the
    /// stored facts as they were on the day received, inside the write's
    /// transaction, so no other write can change them between the check and
    /// the write. A refusal names `received`.
    pub async fn create_review_application(&self, ctx: &AuditCtx, grant: &Granted, a: &ValidApplication) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let assessment = crate::compliance::assess_in(&mut tx, id, a.received, &self.rules, "received").await?;
        check_eligibility(&assessment.notification, a.received)
            .map_err(|e| StoreError::Invalid(ValidationErrors(vec![e])))?;
        sqlx::query(
            "INSERT INTO review_applications (id, nominal_id, received_date, notes, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(a.id.to_string())
        .bind(id.to_string())
        .bind(a.received.to_string())
        .bind(&a.notes)
        .bind(ctx.actor.as_ref().map(|x| x.user_id.to_string()))
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::ReviewApplicationCreate, "review_application", a.id).nominal(id).after(a),
        )
        .await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the next stage of an application (REV-06). NotFound when the
    /// application is not on this record; Conflict("edited_elsewhere") when
    /// another stage was recorded since the caller read the application.
    pub async fn add_review_stage(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        application: ItemId,
        s: &ValidStage,
    ) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let count = sqlx::query(
            "SELECT COUNT(s.id) AS n FROM review_applications a LEFT JOIN review_stages s ON s.application_id = a.id \
             WHERE a.id = $1 AND a.nominal_id = $2 GROUP BY a.id",
        )
        .bind(application.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if int(&count, "n")? + 1 != i64::from(s.position) {
            return Err(StoreError::Conflict("edited_elsewhere"));
        }
        touch(&mut tx, ctx, id).await?;
        let details =
            serde_json::to_string(&s.details).map_err(|e| StoreError::Corrupt(format!("review stage: {e}")))?;
        let (outcome, years, notice) = match &s.details {
            StageDetails::Decided { outcome, further_review_years, notice_date, .. } => {
                (Some(outcome.code()), further_review_years.map(i64::from), Some(notice_date.to_string()))
            }
            StageDetails::AppealDecided { outcome } => (Some(outcome.code()), None, None),
            _ => (None, None, None),
        };
        let r = sqlx::query(
            "INSERT INTO review_stages (id, application_id, position, stage, stage_date, details, outcome, further_review_years, notice_date, notes, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(s.id.to_string())
        .bind(application.to_string())
        .bind(i64::from(s.position))
        .bind(s.details.stage().code())
        .bind(s.date.to_string())
        .bind(details)
        .bind(outcome)
        .bind(years)
        .bind(notice)
        .bind(&s.notes)
        .bind(ctx.actor.as_ref().map(|x| x.user_id.to_string()))
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await;
        match r {
            Err(e) if StoreError::is_unique_violation(&e) => return Err(StoreError::Conflict("edited_elsewhere")),
            r => r?,
        };
        let after = serde_json::json!({"application_id": application, "stage": s});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::ReviewApplicationStage, "review_application", application)
                .nominal(id)
                .after(&after),
        )
        .await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A record's review applications, newest first, each with its stages in order.
    pub async fn review_applications(&self, grant: &Granted) -> Result<Vec<ReviewApplication>> {
        let id = grant.nominal();
        let rows = sqlx::query(
            "SELECT a.*, u.display_name AS by_name FROM review_applications a LEFT JOIN users u ON u.id = a.recorded_by \
             WHERE a.nominal_id = $1 ORDER BY a.received_date DESC, a.id DESC",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        let stages = sqlx::query(
            "SELECT s.*, u.display_name AS by_name FROM review_stages s JOIN review_applications a ON a.id = s.application_id \
             LEFT JOIN users u ON u.id = s.recorded_by WHERE a.nominal_id = $1 ORDER BY s.position",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows.iter().map(application_from).collect::<Result<Vec<_>>>()?;
        for r in &stages {
            let app: ItemId = parsed(r, "application_id")?;
            if let Some(a) = out.iter_mut().find(|a| a.id == app) {
                a.stages.push(stage_from(r)?);
            }
        }
        Ok(out)
    }

    /// One application on a record, or None if it is not on this record.
    pub async fn review_application(&self, grant: &Granted, application: ItemId) -> Result<Option<ReviewApplication>> {
        Ok(self.review_applications(grant).await?.into_iter().find(|a| a.id == application))
    }

    /// The determinations on a person's review applications as the rules
    /// engine's facts (REV-04, EXIT-1), oldest first: each decision dated the
    /// day the offender was given notice, with the further review period when
    /// continued; an appeal allowed is a discharge dated the court's decision.
    pub async fn review_decisions(&self, grant: &Granted) -> Result<Vec<ReviewDecision>> {
        let mut out: Vec<ReviewDecision> =
            self.review_applications(grant).await?.iter().flat_map(ReviewApplication::review_decisions).collect();
        out.sort_by_key(|d| d.date);
        Ok(out)
    }
}
