//! The parts of a record with their own history: addresses, disposals, MAPPA
//! decisions and case details, and shares.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::nominals::case_from;
use crate::row::{b, code, date, flag, opt_date, opt_int, opt_parsed, opt_text, parsed, small, text};
use mappa_domain::access::Granted;
use mappa_domain::address::{Address, AddressKind};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::disposal::{Disposal, DisposalKind, Offence, Sentence, SentenceType};
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::mappa_case::{CaseDetails, Decision, DecisionKind, MappaCase, ValidDecision};
use mappa_domain::record::{AgencyRef, Share, ShareAudience, ShareBasis, UserRef};

/// The MAPPA case as it stands, locked for a decision.
pub(crate) async fn case_in(tx: &mut WriteTx, id: NominalId) -> Result<MappaCase> {
    let row = sqlx::query("SELECT mappa_category, mappa_level, lead_agency_id, owning_area, case_status, case_start_date, case_exit_date FROM nominals WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    case_from(&row)
}

pub(crate) async fn touch(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId) -> Result<()> {
    let r = sqlx::query("UPDATE nominals SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(ctx.at_text())
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Adds an address; a new residence ends the residence current before it.
pub(crate) async fn insert_address(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, a: &Address) -> Result<()> {
    touch(tx, ctx, id).await?;
    let rows = sqlx::query("SELECT * FROM addresses WHERE nominal_id = $1 AND withdrawn_at IS NULL")
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    let existing = rows.iter().map(address_from).collect::<Result<Vec<_>>>()?;
    let ended = mappa_domain::address::superseded_by(&existing, a);
    for (earlier, to) in &ended {
        sqlx::query("UPDATE addresses SET to_date = $1 WHERE id = $2")
            .bind(to.to_string())
            .bind(earlier.to_string())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO addresses (id, nominal_id, kind, line1, line2, town, postcode, place_description, from_date, to_date, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(a.id.to_string())
    .bind(id.to_string())
    .bind(a.kind.code())
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.town)
    .bind(&a.postcode)
    .bind(&a.place_description)
    .bind(a.from.to_string())
    .bind(a.to.map(|d| d.to_string()))
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    let after = serde_json::json!({"address": a, "ended": ended.iter().map(|(i, t)| serde_json::json!({"id": i, "to": t})).collect::<Vec<_>>()});
    append(tx, ctx, AuditEntry::new(AuditAction::AddressCreate, "address", a.id).nominal(id).after(&after)).await?;
    Ok(())
}

fn address_from(r: &sqlx::any::AnyRow) -> Result<Address> {
    Ok(Address {
        id: parsed(r, "id")?,
        kind: code(r, "kind", AddressKind::from_code)?,
        line1: opt_text(r, "line1")?,
        line2: opt_text(r, "line2")?,
        town: opt_text(r, "town")?,
        postcode: opt_text(r, "postcode")?,
        place_description: opt_text(r, "place_description")?,
        from: date(r, "from_date")?,
        to: opt_date(r, "to_date")?,
    })
}

pub(crate) async fn insert_disposal(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, d: &Disposal) -> Result<()> {
    touch(tx, ctx, id).await?;
    let s = &d.sentence;
    sqlx::query(
        "INSERT INTO disposals (id, nominal_id, kind, disposal_date, sentence_date, court, schedule_3, schedule_15, murder, terrorism, \
         sentence_type, term_months, term_days, period_months, consecutive_to, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(d.id.to_string())
    .bind(id.to_string())
    .bind(d.kind.code())
    .bind(d.date.to_string())
    .bind(d.sentence_date.map(|x| x.to_string()))
    .bind(&d.court)
    .bind(b(d.schedule_3))
    .bind(b(d.schedule_15))
    .bind(b(d.murder))
    .bind(b(d.terrorism))
    .bind(s.sentence_type.code())
    .bind(s.term_months.map(i64::from))
    .bind(s.term_days.map(i64::from))
    .bind(s.period_months.map(i64::from))
    .bind(s.consecutive_to.map(|c| c.to_string()))
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    for (i, o) in d.offences.iter().enumerate() {
        sqlx::query(
            "INSERT INTO offences (id, disposal_id, position, description, offence_date, schedule_3, schedule_15, murder, terrorism, \
             child_sex_offence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(ItemId::new().to_string())
        .bind(d.id.to_string())
        .bind(i as i64)
        .bind(&o.description)
        .bind(o.offence_date.map(|x| x.to_string()))
        .bind(b(o.schedule_3))
        .bind(b(o.schedule_15))
        .bind(b(o.murder))
        .bind(b(o.terrorism))
        .bind(b(o.child_sex_offence))
        .execute(&mut **tx)
        .await?;
    }
    append(tx, ctx, AuditEntry::new(AuditAction::DisposalCreate, "disposal", d.id).nominal(id).after(d)).await?;
    Ok(())
}

pub(crate) async fn insert_decision(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    d: &ValidDecision,
    by: UserId,
) -> Result<(MappaCase, ItemId)> {
    let before = case_in(tx, id).await?;
    let after = d.apply(&before).map_err(StoreError::Invalid)?;
    touch(tx, ctx, id).await?;
    sqlx::query("UPDATE nominals SET mappa_category = $1, mappa_level = $2, case_start_date = $3 WHERE id = $4")
        .bind(after.category.map(i64::from))
        .bind(after.level.map(i64::from))
        .bind(after.start_date.map(|x| x.to_string()))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    let decision_id = ItemId::new();
    sqlx::query(
        "INSERT INTO mappa_decisions (id, nominal_id, kind, from_value, to_value, rationale, effective_date, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(decision_id.to_string())
    .bind(id.to_string())
    .bind(d.kind.code())
    .bind(d.from_value(&before).map(i64::from))
    .bind(d.value.map(i64::from))
    .bind(&d.rationale)
    .bind(d.effective_date.to_string())
    .bind(by.to_string())
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    let ctx = ctx.clone().with_reason(Some(d.rationale.clone()));
    append(
        tx,
        &ctx,
        AuditEntry::new(AuditAction::MappaDecision, "mappa_decision", decision_id)
            .nominal(id)
            .before(&before)
            .after(&after),
    )
    .await?;
    Ok((after, decision_id))
}

pub(crate) async fn insert_share(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    agency: AgencyId,
    reason: &str,
    by: UserId,
) -> Result<ItemId> {
    touch(tx, ctx, id).await?;
    let share_id = ItemId::new();
    let r = sqlx::query(
        "INSERT INTO shares (id, nominal_id, agency_id, reason, shared_by, shared_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(share_id.to_string())
    .bind(id.to_string())
    .bind(agency.to_string())
    .bind(reason)
    .bind(by.to_string())
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await;
    match r {
        Err(e) if StoreError::is_unique_violation(&e) => {
            return Err(StoreError::Conflict("already_shared"));
        }
        r => r?,
    };
    let ctx = ctx.clone().with_reason(Some(reason.to_string()));
    let after = serde_json::json!({"agency_id": agency, "reason": reason});
    append(tx, &ctx, AuditEntry::new(AuditAction::ShareCreate, "share", share_id).nominal(id).after(&after)).await?;
    Ok(share_id)
}

impl Store {
    pub async fn add_address(&self, ctx: &AuditCtx, grant: &Granted, a: &Address) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        insert_address(&mut tx, ctx, id, a).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_disposal(&self, ctx: &AuditCtx, grant: &Granted, d: &Disposal) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        insert_disposal(&mut tx, ctx, id, d).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Applies a category or level decision and records it; the case's rules
    /// (CAT-3a) are checked against the case as it stands inside the transaction.
    pub async fn record_decision(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        d: &ValidDecision,
        by: UserId,
    ) -> Result<MappaCase> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (after, _) = insert_decision(&mut tx, ctx, id, d, by).await?;
        // However the case leaves Level 2/3 (here by a decision on the
        // record), the agencies its meetings invited lose sight of it; out of
        // MAPPA, so does the MAPPA unit its referral reached.
        use mappa_domain::record::ShareBasis;
        let reason = format!("{} (decision of {})", d.rationale, d.effective_date);
        if after.category.is_none() {
            crate::referrals::withdraw_shares(
                &mut tx,
                ctx,
                id,
                &[ShareBasis::Meeting, ShareBasis::Referral],
                &reason,
                by,
            )
            .await?;
        } else if after.level == Some(1) {
            crate::referrals::withdraw_shares(&mut tx, ctx, id, &[ShareBasis::Meeting], &reason, by).await?;
        }
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Sets the administrative details of the case.
    /// Sets the case's lead agency, area, status and dates: `details` are
    /// applied to the case as read inside the write's transaction, so a
    /// change made meanwhile is kept, not overwritten. Returns the case.
    pub async fn update_case(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        details: &CaseDetails,
        lead_agency: Option<AgencyId>,
    ) -> Result<MappaCase> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let before = case_in(&mut tx, id).await?;
        let after = &details.apply(&before, lead_agency).map_err(StoreError::Invalid)?;
        sqlx::query("UPDATE nominals SET lead_agency_id = $1, owning_area = $2, case_status = $3, case_start_date = $4, case_exit_date = $5 WHERE id = $6")
            .bind(after.lead_agency.map(|a| a.to_string()))
            .bind(&after.owning_area)
            .bind(after.status.code())
            .bind(after.start_date.map(|x| x.to_string()))
            .bind(after.exit_date.map(|x| x.to_string()))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::MappaCaseUpdate, "nominal", id).nominal(id).before(&before).after(after),
        )
        .await?;
        tx.commit().await?;
        Ok(after.clone())
    }

    pub async fn share(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        agency: AgencyId,
        reason: &str,
        by: UserId,
    ) -> Result<ItemId> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let share_id = insert_share(&mut tx, ctx, id, agency, reason, by).await?;
        tx.commit().await?;
        Ok(share_id)
    }

    /// Withdraws an active share; NotFound if there is none with that id.
    pub async fn withdraw_share(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        share_id: ItemId,
        reason: Option<&str>,
        by: UserId,
    ) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let r = sqlx::query("UPDATE shares SET withdrawn_at = $1, withdrawn_by = $2, withdrawal_reason = $3 WHERE id = $4 AND nominal_id = $5 AND withdrawn_at IS NULL")
            .bind(ctx.at_text())
            .bind(by.to_string())
            .bind(reason)
            .bind(share_id.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        touch(&mut tx, ctx, id).await?;
        let ctx = ctx.clone().with_reason(reason.map(str::to_string));
        append(&mut tx, &ctx, AuditEntry::new(AuditAction::ShareWithdraw, "share", share_id).nominal(id)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn addresses(&self, id: NominalId) -> Result<Vec<Address>> {
        let rows =
            sqlx::query("SELECT * FROM addresses WHERE nominal_id = $1 AND withdrawn_at IS NULL ORDER BY from_date DESC, created_at DESC")
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(address_from).collect()
    }

    /// Ids of a record's disposals (what `consecutive_to` may name).
    pub async fn disposal_ids(&self, grant: &Granted) -> Result<Vec<ItemId>> {
        let id = grant.nominal();
        let rows = sqlx::query("SELECT id FROM disposals WHERE nominal_id = $1 AND withdrawn_at IS NULL")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| parsed(r, "id")).collect()
    }

    pub(crate) async fn disposals(&self, id: NominalId) -> Result<Vec<Disposal>> {
        let rows =
            sqlx::query("SELECT * FROM disposals WHERE nominal_id = $1 AND withdrawn_at IS NULL ORDER BY disposal_date DESC, created_at DESC")
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
        let offences = sqlx::query("SELECT o.* FROM offences o JOIN disposals d ON d.id = o.disposal_id WHERE d.nominal_id = $1 ORDER BY o.position")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let did: ItemId = parsed(r, "id")?;
            let did_text = did.to_string();
            let mut offs = Vec::new();
            for o in offences.iter() {
                if text(o, "disposal_id")? == did_text {
                    offs.push(Offence {
                        description: text(o, "description")?,
                        offence_date: opt_date(o, "offence_date")?,
                        schedule_3: flag(o, "schedule_3")?,
                        schedule_15: flag(o, "schedule_15")?,
                        murder: flag(o, "murder")?,
                        terrorism: flag(o, "terrorism")?,
                        child_sex_offence: flag(o, "child_sex_offence")?,
                    });
                }
            }
            let u32_of = |col: &str| -> Result<Option<u32>> { Ok(opt_int(r, col)?.map(|v| v as u32)) };
            out.push(Disposal {
                id: did,
                kind: code(r, "kind", DisposalKind::from_code)?,
                date: date(r, "disposal_date")?,
                sentence_date: opt_date(r, "sentence_date")?,
                court: opt_text(r, "court")?,
                schedule_3: flag(r, "schedule_3")?,
                schedule_15: flag(r, "schedule_15")?,
                murder: flag(r, "murder")?,
                terrorism: flag(r, "terrorism")?,
                child_sex_offence: offs.iter().any(|o| o.child_sex_offence),
                sentence: Sentence {
                    sentence_type: code(r, "sentence_type", SentenceType::from_code)?,
                    term_months: u32_of("term_months")?,
                    term_days: u32_of("term_days")?,
                    period_months: u32_of("period_months")?,
                    consecutive_to: opt_parsed(r, "consecutive_to")?,
                },
                offences: offs,
            });
        }
        Ok(out)
    }

    pub(crate) async fn decisions(&self, id: NominalId) -> Result<Vec<Decision>> {
        let rows = sqlx::query(
            "SELECT d.*, u.display_name FROM mappa_decisions d JOIN users u ON u.id = d.decided_by WHERE d.nominal_id = $1 AND d.withdrawn_at IS NULL ORDER BY d.decided_at DESC, d.id DESC",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Decision {
                    id: parsed(r, "id")?,
                    kind: code(r, "kind", DecisionKind::from_code)?,
                    from_value: small(opt_int(r, "from_value")?, "from_value")?,
                    to_value: small(opt_int(r, "to_value")?, "to_value")?,
                    rationale: text(r, "rationale")?,
                    effective_date: date(r, "effective_date")?,
                    decided_by: parsed(r, "decided_by")?,
                    decided_by_name: text(r, "display_name")?,
                })
            })
            .collect()
    }

    pub(crate) async fn shares(&self, id: NominalId) -> Result<Vec<Share>> {
        let rows = sqlx::query(
            "SELECT s.*, a.code, a.name, u.display_name AS by_name, w.display_name AS withdrawn_name FROM shares s \
             JOIN agencies a ON a.id = s.agency_id JOIN users u ON u.id = s.shared_by LEFT JOIN users w ON w.id = s.withdrawn_by \
             WHERE s.nominal_id = $1 ORDER BY s.shared_at DESC, s.id DESC",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let withdrawn_by = match opt_parsed::<UserId>(r, "withdrawn_by")? {
                    Some(uid) => Some(UserRef { id: uid, name: text(r, "withdrawn_name")? }),
                    None => None,
                };
                Ok(Share {
                    id: parsed(r, "id")?,
                    agency: AgencyRef { id: parsed(r, "agency_id")?, code: text(r, "code")?, name: text(r, "name")? },
                    audience: code(r, "audience", ShareAudience::from_code)?,
                    basis: code(r, "basis", ShareBasis::from_code)?,
                    reason: text(r, "reason")?,
                    shared_by: UserRef { id: parsed(r, "shared_by")?, name: text(r, "by_name")? },
                    shared_at: text(r, "shared_at")?,
                    withdrawn_at: opt_text(r, "withdrawn_at")?,
                    withdrawn_by,
                    withdrawal_reason: opt_text(r, "withdrawal_reason")?,
                })
            })
            .collect()
    }
}

/// Everything about one person, for loading many people at once.
#[derive(Clone, Debug)]
pub struct PersonBundle {
    pub nominal: crate::nominals::NewNominal,
    pub addresses: Vec<Address>,
    pub disposals: Vec<Disposal>,
    pub decisions: Vec<(ValidDecision, UserId)>,
    /// (agency, reason, shared by)
    pub shares: Vec<(AgencyId, String, UserId)>,
    /// Custody, hospital and time abroad, earliest first.
    pub periods: Vec<mappa_domain::periods::Period>,
    /// Notifications taken, oldest first, with who took each.
    pub notifications: Vec<(mappa_domain::notifications::ParsedNotification, Option<UserId>)>,
    pub risk_assessments: Vec<(mappa_domain::risk::RiskAssessment, UserId)>,
    pub visits: Vec<(mappa_domain::risk::Visit, UserId)>,
    /// Breaches with the moment each was recorded and its deadline (NOTIF-53).
    pub breaches: Vec<LoadedBreach>,
    pub circulations: Vec<(mappa_domain::breaches::NewCirculation, UserId)>,
}

/// A breach as a loader brings it: recorded at a given moment, not now.
#[derive(Clone, Debug)]
pub struct LoadedBreach {
    pub breach: mappa_domain::breaches::NewBreach,
    pub recorded_at: jiff::Timestamp,
    pub due_at: jiff::Timestamp,
    pub by: UserId,
}

impl Store {
    /// Loads many people in one transaction, each write with its audit record
    /// (the demo loader and, later, imports). Their obligations are worked out
    /// by the next sweep.
    pub async fn load_people(&self, ctx: &AuditCtx, people: &[PersonBundle]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for p in people {
            let id = p.nominal.id;
            crate::nominals::insert_nominal(&mut tx, ctx, &p.nominal).await?;
            for a in &p.addresses {
                insert_address(&mut tx, ctx, id, a).await?;
            }
            for d in &p.disposals {
                insert_disposal(&mut tx, ctx, id, d).await?;
            }
            for (d, by) in &p.decisions {
                insert_decision(&mut tx, ctx, id, d, *by).await?;
            }
            for (agency, reason, by) in &p.shares {
                insert_share(&mut tx, ctx, id, *agency, reason, *by).await?;
            }
            for period in &p.periods {
                crate::periods::insert_period(&mut tx, ctx, id, period).await?;
            }
            for (n, by) in &p.notifications {
                let nid = ItemId::new();
                crate::notifications::insert_notification(&mut tx, ctx, id, nid, n, *by).await?;
                let after = serde_json::json!({"date": n.date, "kind": n.kind, "details": n.details});
                let entry = AuditEntry::new(AuditAction::NotificationCreate, "notification", nid).nominal(id);
                append(&mut tx, ctx, entry.after(&after)).await?;
            }
            for (a, by) in &p.risk_assessments {
                crate::risk::insert_risk_assessment(&mut tx, ctx, id, a, *by).await?;
            }
            for (v, by) in &p.visits {
                crate::risk::insert_visit(&mut tx, ctx, id, v, *by).await?;
            }
            for b in &p.breaches {
                crate::breaches::insert_breach(&mut tx, ctx, id, &b.breach, b.recorded_at, b.due_at, b.by).await?;
            }
            for (c, by) in &p.circulations {
                crate::breaches::insert_circulation(&mut tx, ctx, id, c, *by).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
