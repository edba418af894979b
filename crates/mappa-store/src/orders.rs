//! Civil orders with their terms, travel prohibition, passport and changes
//! (rules.md §4), and licences with their conditions and recalls (§5). Each
//! write is one transaction with its audit record (principle 1).

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{b, code, date, flag, int, opt_date, opt_parsed, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId, UserId};
use mappa_domain::licence::{
    Condition, ConditionReview, ConditionReviewInput, ConditionType, Licence, Recall, RecallInput, RecallType,
    SentenceDates, StandardCondition,
};
use mappa_domain::orders::{
    ChangeKind, CivilOrder, OrderChange, OrderKind, OrderStatus, Passport, Term, TermKind, TravelProhibition,
    TravelScope, ValidChange, mark_revocations,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

/// The current licence's facts for the rules engine and the recall shown on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LicenceFacts {
    pub licence_id: ItemId,
    /// LED and SED (`facts::Licence`; EXIT-2, CONV-11).
    pub licence: mappa_domain::rules::Licence,
    /// Date of the latest recall on the current licence (REC-1).
    pub recall_date: Option<Date>,
}

impl std::fmt::Debug for LicenceFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LicenceFacts { .. }")
    }
}

fn ds(d: Option<Date>) -> Option<String> {
    d.map(|x| x.to_string())
}

async fn insert_terms(tx: &mut WriteTx, ctx: &AuditCtx, order: ItemId, terms: &[Term]) -> Result<()> {
    let start: i64 = sqlx::query("SELECT COUNT(*) AS n FROM civil_order_terms WHERE order_id = $1")
        .bind(order.to_string())
        .fetch_one(&mut **tx)
        .await
        .and_then(|r| sqlx::Row::try_get::<i64, _>(&r, "n"))?;
    for (i, t) in terms.iter().enumerate() {
        sqlx::query(
            "INSERT INTO civil_order_terms (id, order_id, position, kind, wording, responsible_person, end_date, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(t.id.to_string())
        .bind(order.to_string())
        .bind(start + i as i64)
        .bind(t.kind.code())
        .bind(&t.wording)
        .bind(&t.responsible_person)
        .bind(ds(t.ends))
        .bind(ctx.at_text())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Adds an order with its terms and travel prohibition.
pub(crate) async fn insert_order(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, o: &CivilOrder) -> Result<()> {
    touch(tx, ctx, id).await?;
    let t = o.travel_prohibition.as_ref();
    sqlx::query(
        "INSERT INTO civil_orders (id, nominal_id, order_type, court, made_date, served_date, end_date, status, discharged_date, \
         travel_scope, travel_countries, travel_end_date, travel_limit_date, passport_station, passport_surrendered, passport_returned, \
         revision, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(o.id.to_string())
    .bind(id.to_string())
    .bind(o.kind.code())
    .bind(&o.court)
    .bind(o.made.to_string())
    .bind(ds(o.served))
    .bind(ds(o.ends))
    .bind(o.status.code())
    .bind(ds(o.discharged))
    .bind(t.map(|t| t.scope.code()))
    .bind(t.map(|t| t.countries.join(",")))
    .bind(t.map(|t| t.ends.to_string()))
    .bind(t.and_then(|t| ds(t.limit)))
    .bind(t.and_then(|t| t.passport.station.clone()))
    .bind(t.and_then(|t| ds(t.passport.surrendered)))
    .bind(t.and_then(|t| ds(t.passport.returned)))
    .bind(o.revision)
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    insert_terms(tx, ctx, o.id, &o.terms).await?;
    append(tx, ctx, AuditEntry::new(AuditAction::OrderCreate, "civil_order", o.id).nominal(id).after(o)).await?;
    Ok(())
}

fn order_from(r: &AnyRow, terms: Vec<Term>, changes: Vec<OrderChange>) -> Result<CivilOrder> {
    let travel = match opt_text(r, "travel_scope")? {
        None => None,
        Some(s) => Some(TravelProhibition {
            scope: TravelScope::from_code(&s)
                .ok_or_else(|| StoreError::Corrupt("travel_scope: unknown code".into()))?,
            countries: opt_text(r, "travel_countries")?
                .unwrap_or_default()
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            ends: date(r, "travel_end_date")?,
            limit: opt_date(r, "travel_limit_date")?,
            passport: Passport {
                station: opt_text(r, "passport_station")?,
                surrendered: opt_date(r, "passport_surrendered")?,
                returned: opt_date(r, "passport_returned")?,
            },
        }),
    };
    Ok(CivilOrder {
        id: parsed(r, "id")?,
        kind: code(r, "order_type", OrderKind::from_code)?,
        court: opt_text(r, "court")?,
        made: date(r, "made_date")?,
        served: opt_date(r, "served_date")?,
        ends: opt_date(r, "end_date")?,
        status: code(r, "status", OrderStatus::from_code)?,
        discharged: opt_date(r, "discharged_date")?,
        terms,
        travel_prohibition: travel,
        changes,
        revision: int(r, "revision")?,
        revoked: None,
    })
}

/// A person's orders (or one of them), with terms and changes, newest first.
async fn load_orders(conn: &mut AnyConnection, id: NominalId, only: Option<ItemId>) -> Result<Vec<CivilOrder>> {
    let rows = sqlx::query(
        "SELECT * FROM civil_orders WHERE nominal_id = $1 AND withdrawn_at IS NULL AND ($2 = '' OR id = $2) ORDER BY made_date DESC, created_at DESC",
    )
    .bind(id.to_string())
    .bind(only.map(|o| o.to_string()).unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    let terms = sqlx::query(
        "SELECT t.* FROM civil_order_terms t JOIN civil_orders o ON o.id = t.order_id WHERE o.nominal_id = $1 ORDER BY t.position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let changes = sqlx::query(
        "SELECT c.*, u.display_name FROM civil_order_changes c JOIN civil_orders o ON o.id = c.order_id \
         JOIN users u ON u.id = c.recorded_by WHERE o.nominal_id = $1 ORDER BY c.recorded_at, c.id",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let oid = text(r, "id")?;
        let mut ts = Vec::new();
        for t in terms.iter() {
            if text(t, "order_id")? == oid {
                ts.push(Term {
                    id: parsed(t, "id")?,
                    kind: code(t, "kind", TermKind::from_code)?,
                    wording: text(t, "wording")?,
                    responsible_person: opt_text(t, "responsible_person")?,
                    ends: opt_date(t, "end_date")?,
                });
            }
        }
        let mut cs = Vec::new();
        for c in changes.iter() {
            if text(c, "order_id")? == oid {
                cs.push(OrderChange {
                    id: parsed(c, "id")?,
                    kind: code(c, "kind", ChangeKind::from_code)?,
                    date: date(c, "change_date")?,
                    reason: text(c, "reason")?,
                    ends_before: opt_date(c, "end_before")?,
                    ends_after: opt_date(c, "end_after")?,
                    travel_ends_before: opt_date(c, "travel_end_before")?,
                    travel_ends_after: opt_date(c, "travel_end_after")?,
                    recorded_by_name: text(c, "display_name")?,
                    recorded_at: text(c, "recorded_at")?,
                });
            }
        }
        out.push(order_from(r, ts, cs)?);
    }
    Ok(out)
}

async fn order_in(tx: &mut WriteTx, id: NominalId, order: ItemId) -> Result<CivilOrder> {
    load_orders(tx, id, Some(order)).await?.into_iter().next().ok_or(StoreError::NotFound)
}

fn stale() -> StoreError {
    StoreError::Conflict("edited_elsewhere")
}

/// Applies a checked variation, renewal or discharge and keeps it as history.
pub(crate) async fn apply_change(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    order: ItemId,
    c: &ValidChange,
    by: UserId,
) -> Result<CivilOrder> {
    let before = order_in(tx, id, order).await?;
    if before.revision != c.revision {
        return Err(stale());
    }
    touch(tx, ctx, id).await?;
    let discharge = c.kind == ChangeKind::Discharge;
    let status = if discharge { OrderStatus::Discharged } else { before.status };
    let travel_before = before.travel_prohibition.as_ref().map(|t| t.ends);
    let r = sqlx::query(
        "UPDATE civil_orders SET end_date = $1, status = $2, discharged_date = $3, travel_end_date = $4, travel_limit_date = $5, \
         revision = revision + 1 WHERE id = $6 AND revision = $7",
    )
    .bind(ds(c.ends_after))
    .bind(status.code())
    .bind(if discharge { Some(c.date.to_string()) } else { None })
    .bind(if before.travel_prohibition.is_some() { ds(c.travel_ends_after) } else { None })
    .bind(if before.travel_prohibition.is_some() { ds(c.travel_limit_after) } else { None })
    .bind(order.to_string())
    .bind(c.revision)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(stale());
    }
    // Terms cannot outlast the order: a discharge or a shortening ends them too.
    if let Some(end) = c.ends_after {
        sqlx::query(
            "UPDATE civil_order_terms SET end_date = $1 WHERE order_id = $2 AND (end_date IS NULL OR end_date > $1)",
        )
        .bind(end.to_string())
        .bind(order.to_string())
        .execute(&mut **tx)
        .await?;
    }
    insert_terms(tx, ctx, order, &c.add_terms).await?;
    sqlx::query(
        "INSERT INTO civil_order_changes (id, order_id, kind, change_date, reason, end_before, end_after, travel_end_before, \
         travel_end_after, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(c.id.to_string())
    .bind(order.to_string())
    .bind(c.kind.code())
    .bind(c.date.to_string())
    .bind(&c.reason)
    .bind(ds(before.ends))
    .bind(ds(c.ends_after))
    .bind(ds(travel_before))
    .bind(if before.travel_prohibition.is_some() { ds(c.travel_ends_after) } else { None })
    .bind(by.to_string())
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    let after = order_in(tx, id, order).await?;
    let action = match c.kind {
        ChangeKind::Variation => AuditAction::OrderVariation,
        ChangeKind::Renewal => AuditAction::OrderRenewal,
        ChangeKind::Discharge => AuditAction::OrderDischarge,
    };
    let ctx = ctx.clone().with_reason(Some(c.reason.clone()));
    append(tx, &ctx, AuditEntry::new(action, "civil_order", order).nominal(id).before(&before).after(&after)).await?;
    Ok(after)
}

/// Supersedes the current licence, if any, and adds the new one with its conditions.
pub(crate) async fn insert_licence(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    l: &Licence,
    by: Option<UserId>,
) -> Result<Option<ItemId>> {
    touch(tx, ctx, id).await?;
    let previous = sqlx::query("SELECT id FROM licences WHERE nominal_id = $1 AND superseded_at IS NULL")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| parsed::<ItemId>(&r, "id"))
        .transpose()?;
    sqlx::query("UPDATE licences SET superseded_at = $1 WHERE nominal_id = $2 AND superseded_at IS NULL")
        .bind(ctx.at_text())
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    let d = &l.dates;
    sqlx::query(
        "INSERT INTO licences (id, nominal_id, disposal_id, release_date, crd, ard, led, sed, pss_end, ped, hdced, hdcad, prrd, \
         standard_conditions, superseded_at, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $16)",
    )
    .bind(l.id.to_string())
    .bind(id.to_string())
    .bind(l.disposal_id.map(|x| x.to_string()))
    .bind(l.release_date.to_string())
    .bind(ds(d.crd))
    .bind(ds(d.ard))
    .bind(ds(d.led))
    .bind(ds(d.sed))
    .bind(ds(d.pss_end))
    .bind(ds(d.ped))
    .bind(ds(d.hdced))
    .bind(ds(d.hdcad))
    .bind(ds(d.prrd))
    .bind(l.standard_conditions.iter().map(|c| c.code()).collect::<Vec<_>>().join(","))
    .bind(by.map(|u| u.to_string()))
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    for (i, c) in l.additional_conditions.iter().enumerate() {
        sqlx::query(
            "INSERT INTO licence_conditions (id, licence_id, position, kind, wording, curfew_start, curfew_end, gps, \
             requested_through_mappa, review_by, last_reviewed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(c.id.to_string())
        .bind(l.id.to_string())
        .bind(i as i64)
        .bind(c.kind.code())
        .bind(&c.wording)
        .bind(&c.curfew_start)
        .bind(&c.curfew_end)
        .bind(b(c.gps))
        .bind(b(c.requested_through_mappa))
        .bind(c.review_by.map(|d| d.to_string()))
        .bind(c.last_reviewed_on.map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    let after = serde_json::json!({"licence": l, "supersedes": previous});
    append(tx, ctx, AuditEntry::new(AuditAction::LicenceCreate, "licence", l.id).nominal(id).after(&after)).await?;
    Ok(previous)
}

/// The person's current licence, read inside the caller's transaction.
pub(crate) async fn current_licence_in(tx: &mut WriteTx, id: NominalId) -> Result<Option<Licence>> {
    Ok(load_licences(&mut *tx, id).await?.into_iter().find(|l| l.superseded_at.is_none()))
}

/// Records a recall on the person's current licence (`licence`, REC-1,
/// REC-2) inside the caller's transaction, so that another write (a breach
/// outcome "recall to custody") can record it together with its own change.
/// The caller has touched the record and checked the recall against the
/// licence as read in the same transaction.
pub(crate) async fn insert_recall(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    licence_id: ItemId,
    r: &Recall,
    by: Option<UserId>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO licence_recalls (id, licence_id, nominal_id, recall_date, recall_type, reasons, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.id.to_string())
    .bind(licence_id.to_string())
    .bind(id.to_string())
    .bind(r.date.to_string())
    .bind(r.recall_type.code())
    .bind(&r.reasons)
    .bind(by.map(|u| u.to_string()))
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    let ctx = ctx.clone().with_reason(Some(r.reasons.clone()));
    let after = serde_json::json!({"licence_id": licence_id, "recall": r});
    append(tx, &ctx, AuditEntry::new(AuditAction::LicenceRecall, "licence_recall", r.id).nominal(id).after(&after))
        .await?;
    Ok(())
}

async fn load_licences(conn: &mut AnyConnection, id: NominalId) -> Result<Vec<Licence>> {
    let rows = sqlx::query(
        "SELECT * FROM licences WHERE nominal_id = $1 ORDER BY CASE WHEN superseded_at IS NULL THEN 0 ELSE 1 END, recorded_at DESC, id DESC",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let conditions = sqlx::query(
        "SELECT c.* FROM licence_conditions c JOIN licences l ON l.id = c.licence_id WHERE l.nominal_id = $1 ORDER BY c.position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let recalls =
        sqlx::query("SELECT * FROM licence_recalls WHERE nominal_id = $1 ORDER BY recall_date DESC, recorded_at DESC")
            .bind(id.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let lid = text(r, "id")?;
        let mut conds = Vec::new();
        for c in conditions.iter() {
            if text(c, "licence_id")? == lid {
                conds.push(Condition {
                    id: parsed(c, "id")?,
                    kind: code(c, "kind", ConditionType::from_code)?,
                    wording: text(c, "wording")?,
                    curfew_start: opt_text(c, "curfew_start")?,
                    curfew_end: opt_text(c, "curfew_end")?,
                    gps: flag(c, "gps")?,
                    requested_through_mappa: flag(c, "requested_through_mappa")?,
                    review_by: opt_date(c, "review_by")?,
                    last_reviewed_on: opt_date(c, "last_reviewed_on")?,
                });
            }
        }
        let mut recs = Vec::new();
        for c in recalls.iter() {
            if text(c, "licence_id")? == lid {
                recs.push(Recall {
                    id: parsed(c, "id")?,
                    date: date(c, "recall_date")?,
                    recall_type: code(c, "recall_type", RecallType::from_code)?,
                    reasons: text(c, "reasons")?,
                });
            }
        }
        let standard = text(r, "standard_conditions")?
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| {
                StandardCondition::from_code(s)
                    .ok_or_else(|| StoreError::Corrupt("standard_conditions: unknown code".into()))
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(Licence {
            id: parsed(r, "id")?,
            disposal_id: opt_parsed(r, "disposal_id")?,
            release_date: date(r, "release_date")?,
            dates: SentenceDates {
                crd: opt_date(r, "crd")?,
                ard: opt_date(r, "ard")?,
                led: opt_date(r, "led")?,
                sed: opt_date(r, "sed")?,
                pss_end: opt_date(r, "pss_end")?,
                ped: opt_date(r, "ped")?,
                hdced: opt_date(r, "hdced")?,
                hdcad: opt_date(r, "hdcad")?,
                prrd: opt_date(r, "prrd")?,
            },
            standard_conditions: standard,
            additional_conditions: conds,
            recalls: recs,
            superseded_at: opt_text(r, "superseded_at")?,
            recorded_at: text(r, "recorded_at")?,
        });
    }
    Ok(out)
}

impl Store {
    /// Adds a civil order with its terms and travel prohibition.
    pub async fn add_order(&self, ctx: &AuditCtx, grant: &Granted, o: &CivilOrder) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        insert_order(&mut tx, ctx, id, o).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's orders with terms, travel prohibition, passport and changes, newest first.
    pub async fn orders(&self, grant: &Granted) -> Result<Vec<CivilOrder>> {
        let id = grant.nominal();
        let mut conn = self.pool.acquire().await?;
        let mut orders = load_orders(&mut conn, id, None).await?;
        mark_revocations(&mut orders);
        Ok(orders)
    }

    /// One order of a person, marked if a later one revoked it (SHPO-8);
    /// None if the person has no order with that id.
    pub async fn order(&self, grant: &Granted, order: ItemId) -> Result<Option<CivilOrder>> {
        Ok(self.orders(grant).await?.into_iter().find(|o| o.id == order))
    }

    /// Applies a variation, renewal or discharge checked against the order's
    /// revision `c.revision` (a conflict if it has changed since).
    pub async fn change_order(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        order: ItemId,
        c: &ValidChange,
        by: UserId,
    ) -> Result<CivilOrder> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let after = apply_change(&mut tx, ctx, id, order, c, by).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Records the passport details of an order's travel prohibition (SHPO-3),
    /// checked against the order's revision `revision`.
    pub async fn record_passport(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        order: ItemId,
        p: &Passport,
        revision: i64,
    ) -> Result<CivilOrder> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let before = order_in(&mut tx, id, order).await?;
        if before.travel_prohibition.is_none() {
            return Err(StoreError::NotFound);
        }
        touch(&mut tx, ctx, id).await?;
        let r = sqlx::query(
            "UPDATE civil_orders SET passport_station = $1, passport_surrendered = $2, passport_returned = $3, revision = revision + 1 \
             WHERE id = $4 AND revision = $5",
        )
        .bind(&p.station)
        .bind(ds(p.surrendered))
        .bind(ds(p.returned))
        .bind(order.to_string())
        .bind(revision)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(stale());
        }
        let after = order_in(&mut tx, id, order).await?;
        let entry = AuditEntry::new(AuditAction::OrderPassport, "civil_order", order)
            .nominal(id)
            .before(&before.travel_prohibition.as_ref().map(|t| &t.passport))
            .after(&after.travel_prohibition.as_ref().map(|t| &t.passport));
        append(&mut tx, ctx, entry).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Facts for the rules engine (`facts::Order`), one per order, its `id`
    /// the order's id: type, made, served, the last day after every variation,
    /// renewal and discharge (a discharge's date is the last day), and the
    /// foreign-travel prohibition's last day.
    pub async fn order_facts(&self, grant: &Granted) -> Result<Vec<mappa_domain::rules::Order>> {
        let id = grant.nominal();
        let mut conn = self.pool.acquire().await?;
        Ok(order_facts_on(&mut conn, crate::facts::Scope::One(id)).await?.into_iter().map(|(_, o)| o).collect())
    }

    /// Records a licence; the current one, if any, is superseded and kept.
    /// Returns the id of the licence it superseded.
    pub async fn record_licence(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        l: &Licence,
        by: Option<UserId>,
    ) -> Result<Option<ItemId>> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let previous = insert_licence(&mut tx, ctx, id, l, by).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(previous)
    }

    /// Every licence of a person, the current one first, with conditions and recalls.
    pub async fn licences(&self, grant: &Granted) -> Result<Vec<Licence>> {
        let id = grant.nominal();
        let mut conn = self.pool.acquire().await?;
        load_licences(&mut conn, id).await
    }

    /// The current licence, if any.
    pub async fn current_licence(&self, grant: &Granted) -> Result<Option<Licence>> {
        Ok(self.licences(grant).await?.into_iter().find(|l| l.superseded_at.is_none()))
    }

    /// Records a recall on the current licence (REC-1, REC-2), checked
    /// against the licence as read inside the write's transaction; returns the
    /// licence's id.
    pub async fn record_recall(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        input: &RecallInput,
        by: Option<UserId>,
    ) -> Result<(ItemId, Recall)> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let licence = current_licence_in(&mut tx, id).await?;
        let r = input.parse(licence.as_ref(), ctx.today()).map_err(StoreError::Invalid)?;
        let licence_id = licence.map(|l| l.id).ok_or(StoreError::NotFound)?;
        insert_recall(&mut tx, ctx, id, licence_id, &r, by).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok((licence_id, r))
    }

    /// Records a review of an additional condition of the current licence
    /// (LIC-A14): the day reviewed and the next review date, if any, which
    /// replaces the one due; checked against the licence's release as read
    /// inside the write's transaction. Not found unless the condition is on
    /// the person's current licence.
    pub async fn review_licence_condition(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        condition: ItemId,
        input: &ConditionReviewInput,
    ) -> Result<ConditionReview> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        let before = sqlx::query(
            "SELECT c.review_by, c.last_reviewed_on, l.release_date FROM licence_conditions c \
             JOIN licences l ON l.id = c.licence_id \
             WHERE c.id = $1 AND l.nominal_id = $2 AND l.superseded_at IS NULL",
        )
        .bind(condition.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let review = input.parse(date(&before, "release_date")?, ctx.today()).map_err(StoreError::Invalid)?;
        let was = serde_json::json!({
            "review_by": opt_date(&before, "review_by")?, "last_reviewed_on": opt_date(&before, "last_reviewed_on")?
        });
        sqlx::query("UPDATE licence_conditions SET review_by = $1, last_reviewed_on = $2 WHERE id = $3")
            .bind(review.next_review_by.map(|d| d.to_string()))
            .bind(review.reviewed_on.to_string())
            .bind(condition.to_string())
            .execute(&mut *tx)
            .await?;
        let now = serde_json::json!({"review_by": review.next_review_by, "last_reviewed_on": review.reviewed_on});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::LicenceConditionReview, "licence_condition", condition)
                .nominal(id)
                .before(&was)
                .after(&now),
        )
        .await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(review)
    }

    /// The current licence's LED and SED (`facts::Licence`) and its latest
    /// recall date; None when the person has no current licence.
    pub async fn licence_facts(&self, grant: &Granted) -> Result<Option<LicenceFacts>> {
        let id = grant.nominal();
        let mut conn = self.pool.acquire().await?;
        Ok(licence_facts_on(&mut conn, crate::facts::Scope::One(id)).await?.into_iter().next().map(|(_, l)| l))
    }
}

/// Orders as the rules engine reads them (`facts::Order`, its `id` the order's
/// id), with the id of the person each belongs to: for one person (`only`,
/// e.g. inside a write) or for everyone at once (the sweep).
pub(crate) async fn order_facts_on(
    conn: &mut AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, mappa_domain::rules::Order)>> {
    let sql = format!(
        "SELECT id, nominal_id, order_type, made_date, served_date, end_date, travel_end_date FROM civil_orders \
         WHERE withdrawn_at IS NULL AND {} ORDER BY nominal_id, made_date, id",
        scope.on("nominal_id")
    );
    let rows = crate::facts::fetch(conn, sql, scope).await?;
    rows.iter()
        .map(|r| {
            Ok((
                text(r, "nominal_id")?,
                mappa_domain::rules::Order {
                    id: text(r, "id")?,
                    kind: code(r, "order_type", OrderKind::from_code)?.engine(),
                    made: date(r, "made_date")?,
                    served: opt_date(r, "served_date")?,
                    ends: opt_date(r, "end_date")?,
                    foreign_travel_prohibition_ends: opt_date(r, "travel_end_date")?,
                    breach_convictions: Vec::new(),
                },
            ))
        })
        .collect()
}

/// Current licences as the rules engine reads them (LED and SED, with the
/// latest recall), with the id of the person each belongs to: for one person
/// (`only`) or for everyone at once.
pub(crate) async fn licence_facts_on(
    conn: &mut AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, LicenceFacts)>> {
    let sql = format!(
        "SELECT l.id, l.nominal_id, l.led, l.sed, (SELECT MAX(r.recall_date) FROM licence_recalls r WHERE r.licence_id = l.id) AS recall_date \
         FROM licences l WHERE l.superseded_at IS NULL AND {} ORDER BY l.nominal_id",
        scope.on("l.nominal_id")
    );
    let rows = crate::facts::fetch(conn, sql, scope).await?;
    rows.iter()
        .map(|r| {
            Ok((
                text(r, "nominal_id")?,
                LicenceFacts {
                    licence_id: parsed(r, "id")?,
                    licence: mappa_domain::rules::Licence { led: opt_date(r, "led")?, sed: opt_date(r, "sed")? },
                    recall_date: opt_date(r, "recall_date")?,
                },
            ))
        })
        .collect()
}
