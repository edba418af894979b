//! Disclosure scheme applications (issue 11; CSO-1..5, DVDS-1..6). The
//! application belongs to the agency that recorded it; its completion day is
//! an obligation of the subject (the compliance list) and, with the urgent
//! and DVDS milestones, a task for that agency from the daily sweep. The
//! audit keeps the scheme, route, steps and dates, never who applied or who
//! is at risk.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{b, code, date, flag, opt_date, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::disclosure_schemes::{
    Application, Outcome, Route, Scheme, Stage, StageRecord, ValidApplication, ValidStage, completion_due,
    face_to_face_due, initial_review_due,
};
use mappa_domain::disclosures::DisclosureMethod;
use mappa_domain::ids::{AgencyId, ItemId, UserId};
use mappa_domain::obligations::{Obligation, ObligationKind};
use mappa_domain::record::UserRef;

const SELECT: &str =
    "SELECT d.*, a.code AS agency_code FROM disclosure_applications d JOIN agencies a ON a.id = d.agency_id";

async fn applications_where(conn: &mut sqlx::AnyConnection, clause: &str, value: String) -> Result<Vec<Application>> {
    let sql = format!("{SELECT} WHERE {clause} ORDER BY d.received DESC, d.created_at DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&value).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        let id = text(r, "id")?;
        let stages = sqlx::query(
            "SELECT s.*, u.display_name FROM application_stages s JOIN users u ON u.id = s.recorded_by \
             WHERE s.application_id = $1 ORDER BY s.on_date, s.recorded_at",
        )
        .bind(&id)
        .fetch_all(&mut *conn)
        .await?;
        let method = |r: &sqlx::any::AnyRow| -> Result<Option<DisclosureMethod>> {
            let m: Option<String> = opt_text(r, "method")?;
            Ok(m.and_then(|m| DisclosureMethod::from_code(&m)))
        };
        let outcome = |r: &sqlx::any::AnyRow| -> Result<Option<Outcome>> {
            let o: Option<String> = opt_text(r, "outcome")?;
            Ok(o.and_then(|o| Outcome::from_code(&o)))
        };
        out.push(Application {
            id: parsed(r, "id")?,
            subject_nominal_id: parsed(r, "nominal_id")?,
            scheme: code(r, "scheme", Scheme::from_code)?,
            route: code(r, "route", Route::from_code)?,
            received: date(r, "received")?,
            agency: text(r, "agency_code")?,
            applicant: opt_text(r, "applicant")?,
            applicant_relationship: opt_text(r, "applicant_relationship")?,
            person_at_risk: opt_text(r, "person_at_risk")?,
            children: opt_text(r, "children")?,
            contact: opt_text(r, "contact")?,
            immediate_risk: flag(r, "immediate_risk")?,
            due_date: date(r, "due_date")?,
            initial_review_due: opt_date(r, "initial_review_due")?,
            face_to_face_due: opt_date(r, "face_to_face_due")?,
            outcome: outcome(r)?,
            decided_on: opt_date(r, "decided_on")?,
            disclosed_on: opt_date(r, "disclosed_on")?,
            closed_on: opt_date(r, "closed_on")?,
            stages: stages
                .iter()
                .map(|s| {
                    Ok(StageRecord {
                        stage: code(s, "stage", Stage::from_code)?,
                        on: date(s, "on_date")?,
                        note: opt_text(s, "note")?,
                        outcome: outcome(s)?,
                        reasons: opt_text(s, "reasons")?,
                        decided_by: opt_text(s, "decided_by")?,
                        recipient: opt_text(s, "recipient")?,
                        method: method(s)?,
                        extended_to: opt_date(s, "extended_to")?,
                        recorded_by: UserRef { id: parsed(s, "recorded_by")?, name: text(s, "display_name")? },
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        });
    }
    Ok(out)
}

/// Open applications' completion days, for the subjects' compliance lists:
/// (nominal id, work). Never a task by this path (`listed_only`).
pub(crate) async fn applications_due(
    conn: &mut sqlx::AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, Obligation)>> {
    let sql = format!(
        "SELECT nominal_id, id, scheme, due_date FROM disclosure_applications WHERE closed_on IS NULL{}",
        crate::facts::and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in crate::facts::fetch(conn, sql, scope).await? {
        let rule = if text(&r, "scheme")? == "csods" { "CSO-4" } else { "DVDS-3" };
        let o = Obligation {
            kind: ObligationKind::ApplicationDue,
            due: date(&r, "due_date")?,
            rule: rule.into(),
            source: text(&r, "id")?,
        };
        out.push((text(&r, "nominal_id")?, o));
    }
    Ok(out)
}

/// The sweep's tasks for the handling agency: completion (CSO-4, DVDS-3),
/// immediate risk until decided, and the DVDS initial review and
/// face-to-face meeting until recorded (DVDS-4).
pub(crate) async fn application_tasks(tx: &mut WriteTx) -> Result<Vec<(String, String, Obligation)>> {
    let rows = sqlx::query(
        "SELECT d.*, (SELECT COUNT(*) FROM application_stages s WHERE s.application_id = d.id AND s.stage = 'initial_review') AS reviewed, \
         (SELECT COUNT(*) FROM application_stages s WHERE s.application_id = d.id AND s.stage = 'face_to_face') AS met \
         FROM disclosure_applications d WHERE d.closed_on IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut due = Vec::new();
    for r in &rows {
        let (id, nominal, agency) = (text(r, "id")?, text(r, "nominal_id")?, text(r, "agency_id")?);
        let rule = if text(r, "scheme")? == "csods" { "CSO-4" } else { "DVDS-3" };
        let mut push = |kind, on: Date, rule: &str| {
            due.push((
                nominal.clone(),
                agency.clone(),
                Obligation { kind, due: on, rule: rule.into(), source: id.clone() },
            ));
        };
        push(ObligationKind::ApplicationDue, date(r, "due_date")?, rule);
        let decided = opt_text(r, "outcome")?.is_some();
        if flag(r, "immediate_risk")? && !decided {
            push(ObligationKind::ApplicationUrgent, date(r, "received")?, rule);
        }
        if let Some(on) = opt_date(r, "initial_review_due")?
            && crate::row::int(r, "reviewed")? == 0
        {
            push(ObligationKind::ApplicationReview, on, "DVDS-4");
        }
        if let Some(on) = opt_date(r, "face_to_face_due")?
            && crate::row::int(r, "met")? == 0
            && !decided
        {
            push(ObligationKind::ApplicationMeeting, on, "DVDS-4");
        }
    }
    Ok(due)
}

impl Store {
    /// The record's applications handled by `agency`, the latest first.
    pub async fn applications(&self, grant: &Granted, agency: AgencyId) -> Result<Vec<Application>> {
        let mut conn = self.pool.acquire().await?;
        let all = applications_where(&mut conn, "d.nominal_id = $1", grant.nominal().to_string()).await?;
        let code: String = sqlx::query("SELECT code FROM agencies WHERE id = $1")
            .bind(agency.to_string())
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::from)
            .and_then(|r| text(&r, "code"))?;
        Ok(all.into_iter().filter(|a| a.agency == code).collect())
    }

    /// One application, by id, with its handling agency's id.
    pub async fn application(&self, id: ItemId) -> Result<Option<(AgencyId, Application)>> {
        let mut conn = self.pool.acquire().await?;
        let Some(app) = applications_where(&mut conn, "d.id = $1", id.to_string()).await?.pop() else {
            return Ok(None);
        };
        let row = sqlx::query("SELECT agency_id FROM disclosure_applications WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *conn)
            .await?;
        Ok(Some((parsed(&row, "agency_id")?, app)))
    }

    /// Records an application about the subject for the caller's agency.
    pub async fn record_application(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        v: &ValidApplication,
        (by, agency): (UserId, AgencyId),
    ) -> Result<Application> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let app = ItemId::new();
        sqlx::query(
            "INSERT INTO disclosure_applications (id, nominal_id, agency_id, scheme, route, received, applicant, \
             applicant_relationship, person_at_risk, children, contact, immediate_risk, due_date, initial_review_due, \
             face_to_face_due, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, $16, $17)",
        )
        .bind(app.to_string())
        .bind(id.to_string())
        .bind(agency.to_string())
        .bind(v.scheme.code())
        .bind(v.route.code())
        .bind(v.received.to_string())
        .bind(&v.applicant)
        .bind(&v.applicant_relationship)
        .bind(&v.person_at_risk)
        .bind(&v.children)
        .bind(&v.contact)
        .bind(b(v.immediate_risk))
        .bind(completion_due(v.scheme, v.received, &self.rules).to_string())
        .bind(initial_review_due(v.scheme, v.immediate_risk, v.received).map(|d| d.to_string()))
        .bind(face_to_face_due(v.scheme, v.route, v.received, &self.rules).map(|d| d.to_string()))
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let after = serde_json::json!({"scheme": v.scheme, "route": v.route, "received": v.received,
            "immediate_risk": v.immediate_risk});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::ApplicationRecord, "application", app).nominal(id).after(&after),
        )
        .await?;
        let stored =
            applications_where(&mut tx, "d.id = $1", app.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Records a step, checked by `check` against the application as it
    /// stands inside the transaction.
    pub async fn record_stage(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        app: ItemId,
        check: impl FnOnce(&Application) -> std::result::Result<ValidStage, mappa_domain::ValidationErrors>,
        by: UserId,
    ) -> Result<Application> {
        let mut tx = self.begin_write().await?;
        let current =
            applications_where(&mut tx, "d.id = $1", app.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        if current.subject_nominal_id != id {
            return Err(StoreError::NotFound);
        }
        let s = check(&current).map_err(StoreError::Invalid)?;
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "INSERT INTO application_stages (id, application_id, stage, on_date, note, outcome, reasons, decided_by, \
             recipient, method, extended_to, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, $13)",
        )
        .bind(ItemId::new().to_string())
        .bind(app.to_string())
        .bind(s.stage.code())
        .bind(s.on.to_string())
        .bind(&s.note)
        .bind(s.outcome.map(|o| o.code()))
        .bind(&s.reasons)
        .bind(&s.decided_by)
        .bind(&s.recipient)
        .bind(s.method.map(|m| m.code()))
        .bind(s.extended_to.map(|d| d.to_string()))
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        let update = match s.stage {
            Stage::Decision => {
                Some(("outcome = $1, decided_on = $2", s.outcome.map(|o| o.code().to_string()), Some(s.on)))
            }
            Stage::Disclosure => Some(("disclosed_on = $2, outcome = COALESCE(outcome, $1)", None, Some(s.on))),
            Stage::Extension => Some(("due_date = $2, outcome = COALESCE(outcome, $1)", None, s.extended_to)),
            Stage::Closed => Some(("closed_on = $2, outcome = COALESCE(outcome, $1)", None, Some(s.on))),
            _ => None,
        };
        if let Some((set, first, second)) = update {
            sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE disclosure_applications SET {set} WHERE id = $3")))
                .bind(first)
                .bind(second.map(|d| d.to_string()))
                .bind(app.to_string())
                .execute(&mut *tx)
                .await?;
        }
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let after =
            serde_json::json!({"stage": s.stage, "on": s.on, "outcome": s.outcome, "extended_to": s.extended_to});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::ApplicationStage, "application", app).nominal(id).after(&after),
        )
        .await?;
        let stored =
            applications_where(&mut tx, "d.id = $1", app.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }
}
