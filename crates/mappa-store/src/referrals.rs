//! Referrals to Level 2 or 3 (MAPPA A; MTG-4, MTG-6) and their screening
//! (LVL-0..3). A referral gives the area's MAPPA coordinators and chairs sight
//! of the case as a share with the referral as its basis (one access model).

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::{insert_decision, touch};
use crate::panels::Place;
use crate::row::{date, flag, int, opt_date, opt_parsed, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, ItemId, NominalId, PanelId, ReferralId, UserId};
use mappa_domain::mappa_case::{DecisionKind, ValidDecision};
use mappa_domain::nominal::display_name;
use mappa_domain::record::{ShareAudience, ShareBasis, UserRef};
use mappa_domain::referrals::{
    LevelCriterion, Referral, ReferralReturn, ReferralSection, ReferralStatus, Screening, ScreeningOutcome, Section,
    ValidScreening, decision_rationale,
};
use sqlx::any::AnyRow;

/// A referral to store, its record's place, agencies and deadlines worked out.
#[derive(Clone)]
pub struct NewReferral {
    pub id: ReferralId,
    pub place: Place,
    pub level: u8,
    pub category: u8,
    pub reason: String,
    pub release_date: Option<Date>,
    pub due_before_release: Option<Date>,
    pub late: bool,
    pub screening_due: Option<Date>,
    pub referring_agency: AgencyId,
    pub referred_on: Date,
    pub sections: Vec<(ReferralSection, AgencyId, String)>,
}

/// A returned referral sent again, its agencies looked up.
#[derive(Clone)]
pub struct Resubmission {
    pub note: String,
    pub reason: Option<String>,
    pub sections: Vec<(ReferralSection, AgencyId, String)>,
    pub screening_due: Option<Date>,
}

/// Which referrals a list holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReferralFilter {
    pub status: Option<ReferralStatus>,
    pub nominal: Option<NominalId>,
}

const SELECT: &str = "SELECT r.*, n.surname, n.forenames, ar.code AS area_code, u.code AS unit_code, \
     ag.code AS agency_code, ag.name AS agency_name, by_.display_name AS by_name, sc.display_name AS screened_name, \
     (SELECT mc.meeting_id FROM meeting_cases mc WHERE mc.referral_id = r.id ORDER BY mc.added_at LIMIT 1) AS listed_for \
     FROM referrals r JOIN nominals n ON n.id = r.nominal_id JOIN areas ar ON ar.id = r.area_id \
     LEFT JOIN local_units u ON u.id = r.unit_id JOIN agencies ag ON ag.id = r.referring_agency_id \
     JOIN users by_ ON by_.id = r.referred_by LEFT JOIN users sc ON sc.id = r.screened_by";

fn small(r: &AnyRow, col: &str) -> Result<u8> {
    u8::try_from(int(r, col)?).map_err(|_| StoreError::Corrupt(format!("referrals.{col}")))
}

fn referral_from(r: &AnyRow, sections: Vec<Section>, returns: Vec<ReferralReturn>) -> Result<Referral> {
    let status = crate::row::code(r, "status", ReferralStatus::from_code)?;
    let screening = match opt_parsed::<UserId>(r, "screened_by")? {
        None => None,
        Some(by) => {
            let criteria = opt_text(r, "criteria")?.unwrap_or_default();
            Some(Screening {
                outcome: match status {
                    ReferralStatus::Accepted => ScreeningOutcome::Accepted,
                    ReferralStatus::Level1 => ScreeningOutcome::Level1,
                    _ => ScreeningOutcome::Returned,
                },
                level: crate::row::opt_int(r, "screened_level")?.and_then(|l| u8::try_from(l).ok()),
                reason: text(r, "screening_reason")?,
                criteria: criteria.split(',').filter_map(LevelCriterion::from_code).collect(),
                panel_id: opt_parsed(r, "panel_id")?,
                screened_by: UserRef { id: by, name: text(r, "screened_name")? },
                screened_at: parsed(r, "screened_at")?,
            })
        }
    };
    Ok(Referral {
        id: parsed(r, "id")?,
        nominal_id: parsed(r, "nominal_id")?,
        person: display_name(&text(r, "surname")?, &text(r, "forenames")?),
        area: text(r, "area_code")?,
        unit: opt_text(r, "unit_code")?,
        level: small(r, "level")?,
        category: small(r, "category")?,
        reason: text(r, "reason")?,
        referring_agency: text(r, "agency_code")?,
        referring_agency_name: text(r, "agency_name")?,
        referred_by: UserRef { id: parsed(r, "referred_by")?, name: text(r, "by_name")? },
        referred_on: date(r, "referred_on")?,
        release_date: opt_date(r, "release_date")?,
        due_before_release: opt_date(r, "due_before_release")?,
        late: flag(r, "late")?,
        screening_due: opt_date(r, "screening_due")?,
        status,
        sections,
        screening,
        listed_for: opt_parsed(r, "listed_for")?,
        returns,
    })
}

/// The rows `sql` selects for these referrals (`{ids}` is their list).
async fn rows_of(conn: &mut sqlx::AnyConnection, sql: &str, ids: &[String]) -> Result<Vec<AnyRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let params: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = sql.replace("{ids}", &params.join(", "));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(id.clone());
    }
    Ok(q.fetch_all(conn).await?)
}

async fn sections_of(conn: &mut sqlx::AnyConnection, ids: &[String]) -> Result<Vec<(String, Section)>> {
    let sql = "SELECT s.*, a.code, a.name FROM referral_sections s JOIN agencies a ON a.id = s.agency_id \
         WHERE s.referral_id IN ({ids})";
    let mut out = Vec::new();
    for r in rows_of(conn, sql, ids).await? {
        out.push((
            text(&r, "referral_id")?,
            Section {
                section: crate::row::code(&r, "section", ReferralSection::from_code)?,
                agency: text(&r, "code")?,
                agency_name: text(&r, "name")?,
                text: text(&r, "content")?,
            },
        ));
    }
    out.sort_by_key(|(_, s)| ReferralSection::ALL.iter().position(|x| *x == s.section));
    Ok(out)
}

/// The returns of these referrals and what was added each time, oldest first.
async fn returns_of(conn: &mut sqlx::AnyConnection, ids: &[String]) -> Result<Vec<(String, ReferralReturn)>> {
    let sql = "SELECT x.*, rb.display_name AS returned_name, sb.display_name AS sent_name FROM referral_returns x \
         JOIN users rb ON rb.id = x.returned_by JOIN users sb ON sb.id = x.sent_again_by \
         WHERE x.referral_id IN ({ids}) ORDER BY x.sent_again_at";
    let mut out = Vec::new();
    for r in rows_of(conn, sql, ids).await? {
        out.push((
            text(&r, "referral_id")?,
            ReferralReturn {
                asked: text(&r, "asked")?,
                returned_by: UserRef { id: parsed(&r, "returned_by")?, name: text(&r, "returned_name")? },
                returned_at: parsed(&r, "returned_at")?,
                added: text(&r, "added")?,
                sent_again_by: UserRef { id: parsed(&r, "sent_again_by")?, name: text(&r, "sent_name")? },
                sent_again_at: parsed(&r, "sent_again_at")?,
            },
        ));
    }
    Ok(out)
}

async fn assemble(conn: &mut sqlx::AnyConnection, rows: &[AnyRow]) -> Result<Vec<Referral>> {
    let ids: Vec<String> = rows.iter().map(|r| text(r, "id")).collect::<Result<_>>()?;
    let mut sections = sections_of(conn, &ids).await?;
    let mut returns = returns_of(conn, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (r, id) in rows.iter().zip(&ids) {
        let mine = sections.extract_if(.., |(rid, _)| rid == id).map(|(_, s)| s).collect();
        let asked = returns.extract_if(.., |(rid, _)| rid == id).map(|(_, x)| x).collect();
        out.push(referral_from(r, mine, asked)?);
    }
    Ok(out)
}

pub(crate) async fn referral_in(conn: &mut sqlx::AnyConnection, id: ReferralId) -> Result<Referral> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(&mut *conn).await?;
    let row = row.ok_or(StoreError::NotFound)?;
    Ok(assemble(conn, std::slice::from_ref(&row)).await?.remove(0))
}

/// Writes one section of a referral, replacing any of the same kind.
async fn write_section(
    tx: &mut WriteTx,
    referral: ReferralId,
    (section, agency, content): &(ReferralSection, AgencyId, String),
) -> Result<()> {
    sqlx::query("DELETE FROM referral_sections WHERE referral_id = $1 AND section = $2")
        .bind(referral.to_string())
        .bind(section.code())
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO referral_sections (referral_id, section, agency_id, content) VALUES ($1, $2, $3, $4)")
        .bind(referral.to_string())
        .bind(section.code())
        .bind(agency.to_string())
        .bind(content)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A share made on a MAPPA basis: to whom, for whom in the agency, why.
pub(crate) struct NewGrant<'a> {
    pub agency: AgencyId,
    pub audience: ShareAudience,
    pub basis: ShareBasis,
    /// The referral's or meeting's id.
    pub basis_id: String,
    pub reason: &'a str,
}

/// Gives an agency sight of the record on a MAPPA basis, unless it already
/// has an active share for that audience (a manual share, or an earlier
/// invitation, already gives it). Returns the share's id when one is made.
pub(crate) async fn grant_share(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    g: &NewGrant<'_>,
    by: UserId,
) -> Result<Option<ItemId>> {
    let NewGrant { agency, audience, basis, basis_id, reason } = g;
    let held = sqlx::query(
        "SELECT 1 AS x FROM shares WHERE nominal_id = $1 AND agency_id = $2 AND audience = $3 AND withdrawn_at IS NULL",
    )
    .bind(id.to_string())
    .bind(agency.to_string())
    .bind(audience.code())
    .fetch_optional(&mut **tx)
    .await?;
    if held.is_some() {
        return Ok(None);
    }
    let share = ItemId::new();
    sqlx::query(
        "INSERT INTO shares (id, nominal_id, agency_id, reason, shared_by, shared_at, audience, basis, basis_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(share.to_string())
    .bind(id.to_string())
    .bind(agency.to_string())
    .bind(reason)
    .bind(by.to_string())
    .bind(ctx.at_text())
    .bind(audience.code())
    .bind(basis.code())
    .bind(basis_id)
    .execute(&mut **tx)
    .await?;
    let ctx = ctx.clone().with_reason(Some(reason.to_string()));
    let after = serde_json::json!({"agency_id": agency, "audience": audience, "basis": basis, "basis_id": basis_id});
    append(tx, &ctx, AuditEntry::new(AuditAction::ShareCreate, "share", share).nominal(id).after(&after)).await?;
    Ok(Some(share))
}

/// Ends the MAPPA shares of `bases` on a record, each with the reason in the
/// audit trail (the case has left Level 2/3, or MAPPA).
pub(crate) async fn withdraw_shares(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    bases: &[ShareBasis],
    reason: &str,
    by: UserId,
) -> Result<()> {
    let rows = sqlx::query("SELECT id, basis FROM shares WHERE nominal_id = $1 AND withdrawn_at IS NULL")
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    let ctx = ctx.clone().with_reason(Some(reason.to_string()));
    for r in rows {
        let basis = crate::row::code(&r, "basis", ShareBasis::from_code)?;
        if !bases.contains(&basis) {
            continue;
        }
        let share = text(&r, "id")?;
        sqlx::query("UPDATE shares SET withdrawn_at = $1, withdrawn_by = $2, withdrawal_reason = $3 WHERE id = $4")
            .bind(ctx.at_text())
            .bind(by.to_string())
            .bind(reason)
            .bind(&share)
            .execute(&mut **tx)
            .await?;
        append(tx, &ctx, AuditEntry::new(AuditAction::ShareWithdraw, "share", share).nominal(id)).await?;
    }
    Ok(())
}

/// Records a level (and, if it differs, a category) decision through the
/// decision history that exists, then works the case's rules out again.
pub(crate) async fn decide_level(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    category: Option<Option<u8>>,
    level: Option<u8>,
    rationale: &str,
    by: UserId,
) -> Result<()> {
    let case = crate::items::case_in(tx, id).await?;
    let today = ctx.today();
    if let Some(c) = category.filter(|c| *c != case.category) {
        let d = ValidDecision {
            kind: DecisionKind::Category,
            value: c,
            rationale: rationale.into(),
            effective_date: today,
        };
        insert_decision(tx, ctx, id, &d, by).await?;
    }
    if let Some(l) = level.filter(|l| Some(*l) != case.level) {
        let d = ValidDecision {
            kind: DecisionKind::Level,
            value: Some(l),
            rationale: rationale.into(),
            effective_date: today,
        };
        insert_decision(tx, ctx, id, &d, by).await?;
    }
    Ok(())
}

impl Store {
    /// Stores a referral and gives the MAPPA coordinators and chairs of its
    /// area sight of the case (MTG-6), in one transaction with the audit.
    pub async fn create_referral(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        r: &NewReferral,
        by: UserId,
    ) -> Result<Referral> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "INSERT INTO referrals (id, nominal_id, area_id, unit_id, level, category, reason, release_date, due_before_release, \
             late, screening_due, referring_agency_id, referred_by, referred_on, referred_at, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(r.id.to_string())
        .bind(id.to_string())
        .bind(r.place.area.to_string())
        .bind(r.place.unit.map(|u| u.to_string()))
        .bind(i64::from(r.level))
        .bind(i64::from(r.category))
        .bind(&r.reason)
        .bind(r.release_date.map(|d| d.to_string()))
        .bind(r.due_before_release.map(|d| d.to_string()))
        .bind(crate::row::b(r.late))
        .bind(r.screening_due.map(|d| d.to_string()))
        .bind(r.referring_agency.to_string())
        .bind(by.to_string())
        .bind(r.referred_on.to_string())
        .bind(ctx.at_text())
        .bind(ReferralStatus::AwaitingScreening.code())
        .execute(&mut *tx)
        .await?;
        for section in &r.sections {
            write_section(&mut tx, r.id, section).await?;
        }
        let after = serde_json::json!({"level": r.level, "category": r.category, "late": r.late});
        let entry = AuditEntry::new(AuditAction::ReferralCreate, "referral", r.id).nominal(id).after(&after);
        append(&mut tx, &ctx.clone().with_reason(Some(r.reason.clone())), entry).await?;
        // The agencies that employ the area's coordinators and chairs.
        let unit_agencies = sqlx::query(
            "SELECT DISTINCT u.agency_id FROM users u JOIN user_roles ur ON ur.user_id = u.id \
             JOIN agencies a ON a.id = u.agency_id \
             WHERE u.active = 1 AND ur.role IN ('coordinator', 'chair') AND a.area_id = $1 \
             AND u.agency_id <> (SELECT owning_agency_id FROM nominals WHERE id = $2)",
        )
        .bind(r.place.area.to_string())
        .bind(id.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let reason = format!("Referral to level {} (MAPPA A)", r.level);
        for row in &unit_agencies {
            let g = NewGrant {
                agency: parsed(row, "agency_id")?,
                audience: ShareAudience::Mappa,
                basis: ShareBasis::Referral,
                basis_id: r.id.to_string(),
                reason: &reason,
            };
            grant_share(&mut tx, ctx, id, &g, by).await?;
        }
        let stored = referral_in(&mut tx, r.id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// One referral, whoever's record it is about: the use case checks the
    /// caller's reach of that record before showing it.
    pub async fn referral(&self, id: ReferralId) -> Result<Option<Referral>> {
        let mut conn = self.pool.acquire().await?;
        match referral_in(&mut conn, id).await {
            Err(StoreError::NotFound) => Ok(None),
            r => r.map(Some),
        }
    }

    /// An area's referrals, newest first.
    pub async fn area_referrals(&self, area: mappa_domain::ids::AreaId, f: ReferralFilter) -> Result<Vec<Referral>> {
        let mut sql = format!("{SELECT} WHERE r.area_id = $1");
        let mut binds = vec![area.to_string()];
        if let Some(s) = f.status {
            binds.push(s.code().to_string());
            sql.push_str(&format!(" AND r.status = ${}", binds.len()));
        }
        if let Some(n) = f.nominal {
            binds.push(n.to_string());
            sql.push_str(&format!(" AND r.nominal_id = ${}", binds.len()));
        }
        sql.push_str(" ORDER BY r.referred_at DESC LIMIT 500");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let mut conn = self.pool.acquire().await?;
        let rows = q.fetch_all(&mut *conn).await?;
        assemble(&mut conn, &rows).await
    }

    /// A record's referrals, newest first.
    pub async fn referrals_of(&self, grant: &Granted) -> Result<Vec<Referral>> {
        let sql = format!("{SELECT} WHERE r.nominal_id = $1 ORDER BY r.referred_at DESC");
        let mut conn = self.pool.acquire().await?;
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(grant.nominal().to_string()).fetch_all(&mut *conn).await?;
        assemble(&mut conn, &rows).await
    }

    /// Records the coordinator's screening. Accepting or keeping at Level 1
    /// changes the case's level (and category, if the referral's differs)
    /// through the decision history, with the criteria in the rationale. A
    /// referral already screened is a conflict, checked in the transaction.
    pub async fn screen_referral(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        referral: ReferralId,
        s: &ValidScreening,
        panel: Option<PanelId>,
        by: UserId,
    ) -> Result<Referral> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let current = referral_in(&mut tx, referral).await?;
        if current.nominal_id != id {
            return Err(StoreError::NotFound);
        }
        if current.status != ReferralStatus::AwaitingScreening {
            return Err(StoreError::Conflict("already_screened"));
        }
        let status = match s.outcome {
            ScreeningOutcome::Accepted => ReferralStatus::Accepted,
            ScreeningOutcome::Level1 => ReferralStatus::Level1,
            ScreeningOutcome::Returned => ReferralStatus::Returned,
        };
        let criteria: Vec<&str> = s.criteria.iter().map(|c| c.code()).collect();
        sqlx::query(
            "UPDATE referrals SET status = $1, screened_level = $2, screening_reason = $3, criteria = $4, panel_id = $5, \
             screened_by = $6, screened_at = $7 WHERE id = $8",
        )
        .bind(status.code())
        .bind(s.level.map(i64::from))
        .bind(&s.reason)
        .bind(criteria.join(","))
        .bind(panel.map(|p| p.to_string()))
        .bind(by.to_string())
        .bind(ctx.at_text())
        .bind(referral.to_string())
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({"outcome": s.outcome, "level": s.level, "criteria": criteria});
        let rctx = ctx.clone().with_reason(Some(s.reason.clone()));
        append(
            &mut tx,
            &rctx,
            AuditEntry::new(AuditAction::ReferralScreen, "referral", referral).nominal(id).after(&after),
        )
        .await?;
        if s.outcome != ScreeningOutcome::Returned {
            let rationale = decision_rationale(&s.reason, &s.criteria);
            decide_level(&mut tx, ctx, id, Some(Some(current.category)), s.level, &rationale, by).await?;
            crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        }
        let stored = referral_in(&mut tx, referral).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Sends a returned referral again (MTG-6): the question and its answer
    /// are kept, the sections given replace those of the same kind, and it
    /// awaits screening again from `screening_due`. A referral not returned
    /// is a conflict, checked in the transaction.
    pub async fn resubmit_referral(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        referral: ReferralId,
        r: &Resubmission,
        by: UserId,
    ) -> Result<Referral> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let current = referral_in(&mut tx, referral).await?;
        if current.nominal_id != id {
            return Err(StoreError::NotFound);
        }
        let Some(asked) = current.screening.filter(|_| current.status == ReferralStatus::Returned) else {
            return Err(StoreError::Conflict("not_returned"));
        };
        touch(&mut tx, ctx, id).await?;
        sqlx::query(
            "INSERT INTO referral_returns (referral_id, asked, returned_by, returned_at, added, sent_again_by, sent_again_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(referral.to_string())
        .bind(&asked.reason)
        .bind(asked.screened_by.id.to_string())
        .bind(crate::format_timestamp(asked.screened_at))
        .bind(&r.note)
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE referrals SET status = $1, reason = $2, screening_due = $3, screened_level = NULL, \
             screening_reason = NULL, criteria = NULL, panel_id = NULL, screened_by = NULL, screened_at = NULL \
             WHERE id = $4 AND status = $5",
        )
        .bind(ReferralStatus::AwaitingScreening.code())
        .bind(r.reason.as_deref().unwrap_or(&current.reason))
        .bind(r.screening_due.map(|d| d.to_string()))
        .bind(referral.to_string())
        .bind(ReferralStatus::Returned.code())
        .execute(&mut *tx)
        .await?;
        for section in &r.sections {
            write_section(&mut tx, referral, section).await?;
        }
        let sections: Vec<&str> = r.sections.iter().map(|(s, _, _)| s.code()).collect();
        let after = serde_json::json!({"sections": sections, "reason_changed": r.reason.is_some()});
        append(
            &mut tx,
            &ctx.clone().with_reason(Some(r.note.clone())),
            AuditEntry::new(AuditAction::ReferralResubmit, "referral", referral).nominal(id).after(&after),
        )
        .await?;
        let stored = referral_in(&mut tx, referral).await?;
        tx.commit().await?;
        Ok(stored)
    }
}
