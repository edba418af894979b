//! Moving a case to another MAPPA area or local unit (issue 11, journey 7).
//! A request gives the receiving agency sight of the record (a share on the
//! `transfer` basis) so that it can judge the case; acceptance moves the case
//! and leaves the sending agency a `handover` share that the daily sweep ends
//! when the handover period is over.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::referrals::{NewGrant, grant_share, withdraw_shares};
use crate::row::{code, date, opt_date, opt_int, opt_parsed, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::obligations::{Obligation, ObligationKind};
use mappa_domain::record::{ShareAudience, ShareBasis, UserRef};
use mappa_domain::rules::RulesConfig;
use mappa_domain::transfers::{
    Place, Transfer, TransferStatus, ValidTransfer, check_moves, escalate_on, handover_until, respond_by,
};

const SELECT: &str = "SELECT t.*, fa.code AS fa_code, fa.name AS fa_name, ta.code AS ta_code, ta.name AS ta_name, \
     far.code AS far_code, far.name AS far_name, fu.code AS fu_code, fu.name AS fu_name, \
     tar.code AS tar_code, tar.name AS tar_name, tu.code AS tu_code, tu.name AS tu_name, \
     ru.display_name AS requested_by_name, du.display_name AS decided_by_name \
     FROM transfers t JOIN agencies fa ON fa.id = t.from_agency_id JOIN agencies ta ON ta.id = t.to_agency_id \
     LEFT JOIN areas far ON far.id = t.from_area_id LEFT JOIN local_units fu ON fu.id = t.from_unit_id \
     JOIN areas tar ON tar.id = t.to_area_id LEFT JOIN local_units tu ON tu.id = t.to_unit_id \
     JOIN users ru ON ru.id = t.requested_by LEFT JOIN users du ON du.id = t.decided_by";

fn place(r: &sqlx::any::AnyRow, prefix: &str) -> Result<Option<Place>> {
    let code: Option<String> = opt_text(r, &format!("{prefix}_code"))?;
    Ok(match code {
        Some(code) => Some(Place { code, name: text(r, &format!("{prefix}_name"))? }),
        None => None,
    })
}

fn transfer_from(r: &sqlx::any::AnyRow) -> Result<Transfer> {
    let missing = || StoreError::Corrupt("transfers".into());
    let decided_by = match opt_parsed::<UserId>(r, "decided_by")? {
        Some(id) => Some(UserRef { id, name: text(r, "decided_by_name")? }),
        None => None,
    };
    Ok(Transfer {
        id: parsed(r, "id")?,
        status: code(r, "status", TransferStatus::from_code)?,
        from_agency: place(r, "fa")?.ok_or_else(missing)?,
        from_area: place(r, "far")?,
        from_unit: place(r, "fu")?,
        to_agency: place(r, "ta")?.ok_or_else(missing)?,
        to_area: place(r, "tar")?.ok_or_else(missing)?,
        to_unit: place(r, "tu")?,
        reason: text(r, "reason")?,
        level: opt_int(r, "level")?.map(|l| l as u8),
        requested_by: UserRef { id: parsed(r, "requested_by")?, name: text(r, "requested_by_name")? },
        requested_on: date(r, "requested_on")?,
        respond_by: date(r, "respond_by")?,
        escalate_on: opt_date(r, "escalate_on")?,
        decided_by,
        decided_on: opt_date(r, "decided_on")?,
        decision_reason: opt_text(r, "decision_reason")?,
        handover_until: opt_date(r, "handover_until")?,
    })
}

async fn transfers_where(conn: &mut sqlx::AnyConnection, clause: &str, value: String) -> Result<Vec<Transfer>> {
    let sql = format!("{SELECT} WHERE {clause} ORDER BY t.requested_at DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(value).fetch_all(&mut *conn).await?;
    rows.iter().map(transfer_from).collect()
}

/// A transfer awaiting an answer, for the owning team's compliance list:
/// (nominal id, work).
pub(crate) async fn transfers_awaiting(
    conn: &mut sqlx::AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, Obligation)>> {
    let sql = format!(
        "SELECT nominal_id, id, respond_by FROM transfers WHERE status = 'requested'{}",
        crate::facts::and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in crate::facts::fetch(conn, sql, scope).await? {
        let o = Obligation {
            kind: ObligationKind::TransferAwaiting,
            due: date(&r, "respond_by")?,
            rule: "schedules.transfer_response_days".into(),
            source: text(&r, "id")?,
        };
        out.push((text(&r, "nominal_id")?, o));
    }
    Ok(out)
}

fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(ValidationErrors::single(field, code, message))
}

/// The receiving area, unit and agency for a request: the agency of the
/// owner's kind in that area, the one of that unit first.
async fn receiving(tx: &mut WriteTx, v: &ValidTransfer, owner_kind: &str) -> Result<(String, Option<String>, String)> {
    let area = sqlx::query("SELECT id FROM areas WHERE code = $1")
        .bind(&v.to_area)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| invalid("to_area", "unknown_area", "There is no MAPPA area with that code"))?;
    let area = text(&area, "id")?;
    let unit = match &v.to_unit {
        None => None,
        Some(u) => {
            let row = sqlx::query("SELECT id FROM local_units WHERE area_id = $1 AND code = $2")
                .bind(&area)
                .bind(u)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| {
                    invalid("to_unit", "unknown_unit", "There is no local unit with that code in that area")
                })?;
            Some(text(&row, "id")?)
        }
    };
    let agencies = sqlx::query("SELECT id, unit_id FROM agencies WHERE area_id = $1 AND kind = $2 ORDER BY code")
        .bind(&area)
        .bind(owner_kind)
        .fetch_all(&mut **tx)
        .await?;
    let mut best: Option<String> = None;
    for a in &agencies {
        let a_unit: Option<String> = opt_text(a, "unit_id")?;
        if unit.is_some() && a_unit == unit {
            best = Some(text(a, "id")?);
            break;
        }
        if best.is_none() {
            best = Some(text(a, "id")?);
        }
    }
    let agency = best.ok_or_else(|| {
        invalid(
            "to_area",
            "no_receiving_agency",
            "No agency of the same kind as yours is set up in that area: ask an administrator to add it",
        )
    })?;
    Ok((area, unit, agency))
}

/// "Its meetings move" (journey 7): on acceptance, an upcoming listing at a
/// panel outside the receiving area (or unit) comes off that agenda with its
/// invitations and the shares they gave, and the meeting's accountability
/// counts are worked out again; the receiving area's MAPPA unit lists the
/// case, as its review tasks now follow the case. A listing with minutes or
/// with a disclosure decided at it is history and stays.
async fn take_off_sending_agendas(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    (to_area, to_unit): (&str, Option<&str>),
    by: UserId,
) -> Result<()> {
    let rows = sqlx::query(
        "SELECT mc.id, mc.meeting_id FROM meeting_cases mc JOIN meetings m ON m.id = mc.meeting_id \
         JOIN panels p ON p.id = m.panel_id WHERE mc.nominal_id = $1 AND m.meeting_date > $2 \
         AND (p.area_id <> $3 OR (p.unit_id IS NOT NULL AND p.unit_id <> $4)) \
         AND NOT EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_case_id = mc.id) \
         AND NOT EXISTS (SELECT 1 FROM disclosures d WHERE d.meeting_case_id = mc.id)",
    )
    .bind(id.to_string())
    .bind(ctx.today().to_string())
    .bind(to_area)
    .bind(to_unit.unwrap_or(""))
    .fetch_all(&mut **tx)
    .await?;
    let ctx = ctx.clone().with_reason(Some("The case moved to another area".into()));
    for r in &rows {
        let (case, meeting) = (text(r, "id")?, text(r, "meeting_id")?);
        sqlx::query("DELETE FROM meeting_invitations WHERE meeting_case_id = $1")
            .bind(&case)
            .execute(&mut **tx)
            .await?;
        let case_id = case.parse().map_err(|_| StoreError::Corrupt("meeting_cases.id".into()))?;
        crate::accountability::recount(tx, case_id).await?;
        sqlx::query("DELETE FROM meeting_cases WHERE id = $1").bind(&case).execute(&mut **tx).await?;
        let shares = sqlx::query(
            "SELECT id FROM shares WHERE nominal_id = $1 AND basis = 'meeting' AND basis_id = $2 AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .bind(&meeting)
        .fetch_all(&mut **tx)
        .await?;
        for s in &shares {
            let share = text(s, "id")?;
            sqlx::query("UPDATE shares SET withdrawn_at = $1, withdrawn_by = $2, withdrawal_reason = $3 WHERE id = $4")
                .bind(ctx.at_text())
                .bind(by.to_string())
                .bind("The case moved to another area and left this meeting's agenda")
                .bind(&share)
                .execute(&mut **tx)
                .await?;
            append(tx, &ctx, AuditEntry::new(AuditAction::ShareWithdraw, "share", share).nominal(id)).await?;
        }
        let after = serde_json::json!({"meeting_id": meeting});
        append(tx, &ctx, AuditEntry::new(AuditAction::AgendaRemove, "meeting_case", case).nominal(id).after(&after))
            .await?;
    }
    Ok(())
}

impl Store {
    /// Every transfer of the record, the latest first.
    pub async fn transfers(&self, grant: &Granted) -> Result<Vec<Transfer>> {
        let mut conn = self.pool.acquire().await?;
        transfers_where(&mut conn, "t.nominal_id = $1", grant.nominal().to_string()).await
    }

    /// One transfer and its record, by id (the caller checks who may see it).
    pub async fn transfer(&self, id: ItemId) -> Result<Option<(NominalId, Transfer)>> {
        let mut conn = self.pool.acquire().await?;
        let Some(t) = transfers_where(&mut conn, "t.id = $1", id.to_string()).await?.pop() else { return Ok(None) };
        let row = sqlx::query("SELECT nominal_id FROM transfers WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *conn)
            .await?;
        Ok(Some((parsed(&row, "nominal_id")?, t)))
    }

    /// Transfers to or from an agency awaiting an answer, with each record's
    /// id: the receiving agency's list of requests.
    pub async fn open_transfers(&self, agency: AgencyId) -> Result<Vec<(NominalId, String, Transfer)>> {
        let sql = format!(
            "{SELECT} JOIN nominals n ON n.id = t.nominal_id WHERE t.status = 'requested' \
             AND (t.to_agency_id = $1 OR t.from_agency_id = $1) ORDER BY t.respond_by"
        )
        .replace("SELECT t.*,", "SELECT t.*, n.surname, n.forenames,");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(agency.to_string()).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let name = mappa_domain::nominal::display_name(&text(r, "surname")?, &text(r, "forenames")?);
                Ok((parsed(r, "nominal_id")?, name, transfer_from(r)?))
            })
            .collect()
    }

    /// Asks to move the case (the owning team's request).
    pub async fn request_transfer(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        v: &ValidTransfer,
        by: UserId,
    ) -> Result<Transfer> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "SELECT n.owning_agency_id, n.area_id, n.unit_id, n.mappa_level, a.kind, ar.code AS area_code, \
             u.code AS unit_code FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id \
             LEFT JOIN areas ar ON ar.id = COALESCE(n.area_id, a.area_id) \
             LEFT JOIN local_units u ON u.id = COALESCE(n.unit_id, a.unit_id) WHERE n.id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (from_area, from_unit): (Option<String>, Option<String>) =
            (opt_text(&n, "area_code")?, opt_text(&n, "unit_code")?);
        check_moves((from_area.as_deref(), from_unit.as_deref()), (&v.to_area, v.to_unit.as_deref()))
            .map_err(StoreError::Invalid)?;
        let (to_area, to_unit, to_agency) = receiving(&mut tx, v, &text(&n, "kind")?).await?;
        let open = sqlx::query("SELECT 1 AS x FROM transfers WHERE nominal_id = $1 AND status = 'requested'")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if open.is_some() {
            return Err(StoreError::Conflict("transfer_open"));
        }
        touch(&mut tx, ctx, id).await?;
        let today = ctx.today();
        let level = opt_int(&n, "mappa_level")?.map(|l| l as u8);
        let transfer = ItemId::new();
        sqlx::query(
            "INSERT INTO transfers (id, nominal_id, from_agency_id, from_area_id, from_unit_id, to_agency_id, to_area_id, \
             to_unit_id, reason, level, status, requested_by, requested_at, requested_on, respond_by, escalate_on) \
             SELECT $1, n.id, n.owning_agency_id, COALESCE(n.area_id, a.area_id), COALESCE(n.unit_id, a.unit_id), $2, $3, \
             $4, $5, n.mappa_level, 'requested', $6, $7, $8, $9, $10 FROM nominals n \
             JOIN agencies a ON a.id = n.owning_agency_id WHERE n.id = $11",
        )
        .bind(transfer.to_string())
        .bind(&to_agency)
        .bind(&to_area)
        .bind(&to_unit)
        .bind(&v.reason)
        .bind(by.to_string())
        .bind(ctx.at_text())
        .bind(today.to_string())
        .bind(respond_by(today, &self.rules).to_string())
        .bind(escalate_on(level, today, &self.rules).map(|d| d.to_string()))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        let to: AgencyId = to_agency.parse().map_err(|_| StoreError::Corrupt("agencies.id".into()))?;
        if to.to_string() != text(&n, "owning_agency_id")? {
            let g = NewGrant {
                agency: to,
                audience: ShareAudience::Agency,
                basis: ShareBasis::Transfer,
                basis_id: transfer.to_string(),
                reason: "A transfer of the case to this agency's area, to be answered",
            };
            grant_share(&mut tx, ctx, id, &g, by).await?;
        }
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let after = serde_json::json!({"to_area": v.to_area, "to_unit": v.to_unit, "to_agency_id": to, "level": level});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::TransferRequest, "transfer", transfer).nominal(id).after(&after),
        )
        .await?;
        let stored =
            transfers_where(&mut tx, "t.id = $1", transfer.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Accepts or refuses a transfer awaiting an answer. Acceptance moves the
    /// case to the receiving agency, area and unit (and the lead agency, when
    /// the sending agency led), and leaves the sending agency read access
    /// until the handover ends; either way the request's share ends.
    pub async fn answer_transfer(
        &self,
        ctx: &AuditCtx,
        transfer: ItemId,
        accept: bool,
        reason: Option<&str>,
        by: UserId,
    ) -> Result<Transfer> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT * FROM transfers WHERE id = $1")
            .bind(transfer.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if text(&row, "status")? != "requested" {
            return Err(StoreError::Conflict("already_decided"));
        }
        let id: NominalId = parsed(&row, "nominal_id")?;
        let from: AgencyId = parsed(&row, "from_agency_id")?;
        let to: AgencyId = parsed(&row, "to_agency_id")?;
        touch(&mut tx, ctx, id).await?;
        let today = ctx.today();
        let until = accept.then(|| handover_until(today, &self.rules));
        sqlx::query(
            "UPDATE transfers SET status = $1, decided_by = $2, decided_on = $3, decision_reason = $4, handover_until = $5 \
             WHERE id = $6",
        )
        .bind(if accept { "accepted" } else { "refused" })
        .bind(by.to_string())
        .bind(today.to_string())
        .bind(reason)
        .bind(until.map(|d| d.to_string()))
        .bind(transfer.to_string())
        .execute(&mut *tx)
        .await?;
        let ended = if accept { "The transfer was accepted" } else { "The transfer was refused" };
        withdraw_shares(&mut tx, ctx, id, &[ShareBasis::Transfer], ended, by).await?;
        if accept {
            let area_code: String = sqlx::query("SELECT code FROM areas WHERE id = $1")
                .bind(text(&row, "to_area_id")?)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)
                .and_then(|r| text(&r, "code"))?;
            sqlx::query(
                "UPDATE nominals SET owning_agency_id = $1, area_id = $2, unit_id = $3, owning_area = $4, \
                 lead_agency_id = CASE WHEN lead_agency_id = $5 THEN $1 ELSE lead_agency_id END, \
                 manager_user_id = CASE WHEN $1 = $5 THEN manager_user_id ELSE NULL END WHERE id = $6",
            )
            .bind(to.to_string())
            .bind(text(&row, "to_area_id")?)
            .bind(opt_text(&row, "to_unit_id")?)
            .bind(area_code)
            .bind(from.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
            let to_area = text(&row, "to_area_id")?;
            let to_unit: Option<String> = opt_text(&row, "to_unit_id")?;
            take_off_sending_agendas(&mut tx, ctx, id, (&to_area, to_unit.as_deref()), by).await?;
            if from != to {
                // The new owner needs no share; the old one reads for the handover.
                sqlx::query(
                    "UPDATE shares SET withdrawn_at = $1, withdrawn_by = $2, withdrawal_reason = $3 \
                     WHERE nominal_id = $4 AND agency_id = $5 AND withdrawn_at IS NULL",
                )
                .bind(ctx.at_text())
                .bind(by.to_string())
                .bind("The agency now owns the record")
                .bind(id.to_string())
                .bind(to.to_string())
                .execute(&mut *tx)
                .await?;
                let g = NewGrant {
                    agency: from,
                    audience: ShareAudience::Agency,
                    basis: ShareBasis::Handover,
                    basis_id: transfer.to_string(),
                    reason: "Handover after the case moved to another area",
                };
                grant_share(&mut tx, ctx, id, &g, by).await?;
            }
        }
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let action = if accept { AuditAction::TransferAccept } else { AuditAction::TransferRefuse };
        let after = serde_json::json!({"status": if accept { "accepted" } else { "refused" }, "handover_until": until});
        append(&mut tx, ctx, AuditEntry::new(action, "transfer", transfer).nominal(id).after(&after)).await?;
        let stored =
            transfers_where(&mut tx, "t.id = $1", transfer.to_string()).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }
}

/// One task the transfers call for: (record, agency, work).
type Due = (String, String, Obligation);

/// The daily sweep's transfer work: the receiving agency's answer, the
/// escalation of an unanswered Level 3 transfer for both agencies and the
/// receiving area's MAPPA unit, and the sending agency's handover. Handover
/// shares whose period is over are ended here.
pub(crate) async fn transfer_tasks(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    as_of: Date,
    _rules: &RulesConfig,
) -> Result<Vec<Due>> {
    let mut due: Vec<Due> = Vec::new();
    let task = |kind, source: String, due: Date| Obligation {
        kind,
        due,
        rule: "schedules.transfer_response_days".into(),
        source,
    };
    let rows = sqlx::query(
        "SELECT id, nominal_id, from_agency_id, to_agency_id, to_area_id, respond_by, escalate_on FROM transfers \
         WHERE status = 'requested'",
    )
    .fetch_all(&mut **tx)
    .await?;
    for r in &rows {
        let (id, nominal) = (text(r, "id")?, text(r, "nominal_id")?);
        due.push((
            nominal.clone(),
            text(r, "to_agency_id")?,
            task(ObligationKind::TransferResponse, id.clone(), date(r, "respond_by")?),
        ));
        if let Some(on) = opt_date(r, "escalate_on")?.filter(|d| *d <= as_of) {
            let mut agencies = vec![text(r, "from_agency_id")?, text(r, "to_agency_id")?];
            let unit = sqlx::query(
                "SELECT DISTINCT u.agency_id FROM users u JOIN user_roles ur ON ur.user_id = u.id \
                 JOIN agencies a ON a.id = u.agency_id WHERE u.active = 1 AND ur.role IN ('coordinator', 'chair') \
                 AND a.area_id = $1",
            )
            .bind(text(r, "to_area_id")?)
            .fetch_all(&mut **tx)
            .await?;
            for u in &unit {
                agencies.push(text(u, "agency_id")?);
            }
            agencies.sort();
            agencies.dedup();
            // A task is made once per record, kind, source and day: the
            // source names the agency, as each agency has its own.
            for a in agencies {
                let source = format!("{id}@{a}");
                due.push((nominal.clone(), a, task(ObligationKind::TransferEscalation, source, on)));
            }
        }
    }
    let rows = sqlx::query(
        "SELECT id, nominal_id, from_agency_id, to_agency_id, handover_until FROM transfers \
         WHERE status = 'accepted' AND handover_until IS NOT NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for r in &rows {
        let until = date(r, "handover_until")?;
        let (id, nominal) = (text(r, "id")?, text(r, "nominal_id")?);
        if until >= as_of {
            if text(r, "from_agency_id")? != text(r, "to_agency_id")? {
                due.push((nominal, text(r, "from_agency_id")?, task(ObligationKind::TransferHandover, id, until)));
            }
            continue;
        }
        let ended =
            sqlx::query("SELECT id FROM shares WHERE basis = 'handover' AND basis_id = $1 AND withdrawn_at IS NULL")
                .bind(&id)
                .fetch_all(&mut **tx)
                .await?;
        for s in &ended {
            let share = text(s, "id")?;
            sqlx::query("UPDATE shares SET withdrawn_at = $1, withdrawal_reason = $2 WHERE id = $3")
                .bind(ctx.at_text())
                .bind("The handover period after the transfer is over")
                .bind(&share)
                .execute(&mut **tx)
                .await?;
            let n: NominalId = nominal.parse().map_err(|_| StoreError::Corrupt("transfers.nominal_id".into()))?;
            append(tx, ctx, AuditEntry::new(AuditAction::HandoverEnd, "share", share).nominal(n)).await?;
        }
    }
    Ok(due)
}

/// What the receiving area reads to judge a transfer, beyond the record's
/// own pages: the risk management plan of the latest approved minutes and
/// the open actions (issue 11, journey 7).
#[derive(Clone, Default)]
pub struct CaseBrief {
    /// (heading, text) under the four headings, and the risk assessment.
    pub plan: Vec<(&'static str, String)>,
    /// The day of the meeting whose minutes hold the plan.
    pub plan_from: Option<Date>,
    /// (description, owning agency's code, due).
    pub open_actions: Vec<(String, String, Date)>,
}

impl Store {
    pub async fn case_brief(&self, grant: &Granted) -> Result<CaseBrief> {
        let id = grant.nominal().to_string();
        let mut brief = CaseBrief::default();
        let row = sqlx::query(
            "SELECT mi.body, m.meeting_date FROM minutes mi JOIN meeting_cases mc ON mc.id = mi.meeting_case_id \
             JOIN meetings m ON m.id = mc.meeting_id WHERE mc.nominal_id = $1 AND mi.status = 'approved' \
             ORDER BY m.meeting_date DESC LIMIT 1",
        )
        .bind(&id)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(r) = row {
            let body: mappa_domain::minutes::MinutesBody = serde_json::from_str(&text(&r, "body")?)
                .map_err(|e| StoreError::Corrupt(format!("minutes.body: {e}")))?;
            for (heading, part) in [
                ("Risk assessment", body.risk_assessment),
                ("Supervision", body.supervision),
                ("Monitoring and control", body.monitoring_and_control),
                ("Interventions and treatment", body.interventions_and_treatment),
                ("Victim safety planning", body.victim_safety_planning),
            ] {
                if let Some(t) = part {
                    brief.plan.push((heading, t));
                }
            }
            brief.plan_from = Some(date(&r, "meeting_date")?);
        }
        let rows = sqlx::query(
            "SELECT x.description, a.code, x.due_date FROM actions x JOIN agencies a ON a.id = x.owner_agency_id \
             WHERE x.nominal_id = $1 AND x.status = 'open' ORDER BY x.due_date",
        )
        .bind(&id)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            brief.open_actions.push((text(r, "description")?, text(r, "code")?, date(r, "due_date")?));
        }
        Ok(brief)
    }
}
