//! The dated events the annual report counts (decision 4), for everyone who
//! has been in an area: its cases today and those transferred in or out.
//! Withdrawn (corrected) facts are left out; everything else is history.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::Store;
use crate::error::{Result, StoreError};
use crate::row::{code, date, int, opt_date, opt_int, opt_parsed, opt_text, parsed, small, text};
use jiff::civil::Date;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::breaches::{BreachKind, OutcomeKind};
use mappa_domain::ids::{AreaId, NominalId};
use mappa_domain::mappa_case::DecisionKind;
use mappa_domain::orders::OrderKind;
use mappa_domain::periods::PeriodKind;
use mappa_domain::reports::ReportingYear;
use mappa_domain::reports::annual::Population;
use mappa_domain::reports::history::{Away, Breach, Decision, Move, Order, PersonEvents, Sfo};
use std::collections::HashMap;

/// Everyone ever in the area: `$1` is the area's id. A case is in its own
/// area, or by default its owning agency's.
const IN_AREA: &str = "SELECT n.id AS nominal_id FROM nominals n JOIN agencies g ON g.id = n.owning_agency_id \
     WHERE COALESCE(n.area_id, g.area_id) = $1 UNION \
     SELECT nominal_id FROM transfers WHERE status = 'accepted' AND (from_area_id = $1 OR to_area_id = $1)";

/// The person a row is about, among those read first.
fn each<'a>(people: &'a mut HashMap<NominalId, PersonEvents>, r: &sqlx::any::AnyRow) -> Result<&'a mut PersonEvents> {
    let id: NominalId = parsed(r, "nominal_id")?;
    people.get_mut(&id).ok_or_else(|| StoreError::Corrupt("nominal_id: not in the area's people".into()))
}

impl Store {
    /// Every person ever in `area`, with the dated events the annual report
    /// counts. Read in one transaction, so the tables agree with each other.
    pub async fn annual_report_events(&self, area: AreaId) -> Result<Vec<PersonEvents>> {
        let mut tx = self.pool.begin().await?;
        let q = |sql: &str| sqlx::AssertSqlSafe(sql.replace("{IN_AREA}", IN_AREA));
        let a = area.to_string();
        let mut people: HashMap<NominalId, PersonEvents> = HashMap::new();
        for r in sqlx::query(q("SELECT n.id, COALESCE(n.area_id, g.area_id) AS area_id FROM nominals n \
             JOIN agencies g ON g.id = n.owning_agency_id WHERE n.id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let id: NominalId = parsed(&r, "id")?;
            people.insert(id, PersonEvents { id, area_now: opt_parsed(&r, "area_id")?, ..PersonEvents::default() });
        }
        for r in sqlx::query(q("SELECT nominal_id, decided_on, from_area_id, to_area_id FROM transfers \
             WHERE status = 'accepted' AND decided_on IS NOT NULL AND nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let m = Move {
                on: date(&r, "decided_on")?,
                from: opt_parsed(&r, "from_area_id")?,
                to: parsed(&r, "to_area_id")?,
            };
            each(&mut people, &r)?.moves.push(m);
        }
        for r in sqlx::query(q("SELECT nominal_id, kind, to_value, effective_date FROM mappa_decisions \
             WHERE withdrawn_at IS NULL AND nominal_id IN ({IN_AREA}) ORDER BY decided_at, id"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let d = Decision {
                kind: code(&r, "kind", DecisionKind::from_code)?,
                value: small(opt_int(&r, "to_value")?, "to_value")?,
                effective: date(&r, "effective_date")?,
            };
            each(&mut people, &r)?.decisions.push(d);
        }
        for r in sqlx::query(q("SELECT nominal_id, kind, from_date, to_date FROM periods \
             WHERE withdrawn_at IS NULL AND kind IN ('custody', 'hospital') AND nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let p = Away {
                kind: code(&r, "kind", PeriodKind::from_code)?,
                from: date(&r, "from_date")?,
                to: opt_date(&r, "to_date")?,
            };
            each(&mut people, &r)?.away.push(p);
        }
        for r in sqlx::query(q("SELECT nominal_id, recall_date FROM licence_recalls WHERE nominal_id IN ({IN_AREA})"))
            .bind(&a)
            .fetch_all(&mut *tx)
            .await?
        {
            let d = date(&r, "recall_date")?;
            each(&mut people, &r)?.recalls.push(d);
        }
        for r in sqlx::query(q("SELECT nominal_id, order_type, made_date, travel_scope FROM civil_orders \
             WHERE withdrawn_at IS NULL AND nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let o = Order {
                kind: code(&r, "order_type", OrderKind::from_code)?,
                made: date(&r, "made_date")?,
                travel: opt_text(&r, "travel_scope")?.is_some(),
            };
            each(&mut people, &r)?.orders.push(o);
        }
        let mut breaches: HashMap<String, (NominalId, Breach)> = HashMap::new();
        for r in sqlx::query(q("SELECT b.id, b.nominal_id, b.kind, b.discovered_at, o.order_type FROM breaches b \
             LEFT JOIN civil_orders o ON o.id = b.order_id WHERE b.nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let discovered: jiff::Timestamp = parsed(&r, "discovered_at")?;
            let b = Breach {
                kind: code(&r, "kind", BreachKind::from_code)?,
                order: opt_text(&r, "order_type")?.and_then(|o| OrderKind::from_code(&o)),
                discovered: crate::audit::london_date(discovered),
                outcomes: Vec::new(),
            };
            breaches.insert(text(&r, "id")?, (parsed(&r, "nominal_id")?, b));
        }
        for r in sqlx::query(q("SELECT x.breach_id, x.kind, x.outcome_date FROM breach_outcomes x \
             JOIN breaches b ON b.id = x.breach_id WHERE b.nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            if let Some((_, b)) = breaches.get_mut(&text(&r, "breach_id")?) {
                b.outcomes.push((code(&r, "kind", OutcomeKind::from_code)?, date(&r, "outcome_date")?));
            }
        }
        for (id, b) in breaches.into_values() {
            if let Some(p) = people.get_mut(&id) {
                p.breaches.push(b);
            }
        }
        for r in sqlx::query(q("SELECT a.nominal_id, s.stage_date FROM review_stages s \
             JOIN review_applications a ON a.id = s.application_id \
             WHERE s.outcome IN ('discharge', 'allowed') AND a.nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let d = date(&r, "stage_date")?;
            each(&mut people, &r)?.revocations.push(d);
        }
        for r in sqlx::query(q("SELECT nominal_id, notified_on, category, level, scr_warranted, scr_decided_on \
             FROM sfo_cases WHERE nominal_id IN ({IN_AREA})"))
        .bind(&a)
        .fetch_all(&mut *tx)
        .await?
        {
            let warranted = opt_int(&r, "scr_warranted")? == Some(1);
            let s = Sfo {
                notified: date(&r, "notified_on")?,
                category: small(opt_int(&r, "category")?, "category")?,
                level: small(opt_int(&r, "level")?, "level")?,
                scr_commissioned: if warranted { opt_date(&r, "scr_decided_on")? } else { None },
            };
            each(&mut people, &r)?.sfos.push(s);
        }
        tx.commit().await?;
        let mut out: Vec<PersonEvents> = people.into_values().collect();
        out.sort_by_key(|p| p.id);
        Ok(out)
    }

    /// The area's population aged 10 and over for a reporting year, if entered.
    pub async fn area_population(&self, area: AreaId, year: ReportingYear) -> Result<Option<Population>> {
        let row = sqlx::query("SELECT population, source FROM area_populations WHERE area_id = $1 AND year_start = $2")
            .bind(area.to_string())
            .bind(i64::from(year.start))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(Population { count: int(&r, "population")?, source: text(&r, "source")? })).transpose()
    }

    /// Every year's population entered for the area, latest first.
    pub async fn area_populations(&self, area: AreaId) -> Result<Vec<(ReportingYear, Population)>> {
        let rows = sqlx::query(
            "SELECT year_start, population, source FROM area_populations WHERE area_id = $1 ORDER BY year_start DESC",
        )
        .bind(area.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let start = i16::try_from(int(r, "year_start")?)
                    .map_err(|_| StoreError::Corrupt("year_start: out of range".into()))?;
                Ok((ReportingYear { start }, Population { count: int(r, "population")?, source: text(r, "source")? }))
            })
            .collect()
    }

    /// Enters (or replaces) the area's population for a year; audited with
    /// the value before and after.
    pub async fn set_area_population(
        &self,
        ctx: &AuditCtx,
        area: AreaId,
        year: ReportingYear,
        population: &Population,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let before =
            sqlx::query("SELECT population, source FROM area_populations WHERE area_id = $1 AND year_start = $2")
                .bind(area.to_string())
                .bind(i64::from(year.start))
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| Ok::<_, StoreError>(Population { count: int(&r, "population")?, source: text(&r, "source")? }))
                .transpose()?;
        sqlx::query("DELETE FROM area_populations WHERE area_id = $1 AND year_start = $2")
            .bind(area.to_string())
            .bind(i64::from(year.start))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO area_populations (area_id, year_start, population, source, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(area.to_string())
        .bind(i64::from(year.start))
        .bind(population.count)
        .bind(&population.source)
        .bind(ctx.actor.as_ref().map(|a| a.user_id.to_string()))
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        let mut entry = AuditEntry::new(AuditAction::PopulationSet, "area", area).after(population);
        if let Some(b) = before {
            entry = entry.before(&b);
        }
        append(&mut tx, ctx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The earliest day of any MAPPA decision for the area's people: a
    /// report for a year ending before it has no data.
    pub async fn first_mappa_day(&self, area: AreaId) -> Result<Option<Date>> {
        let sql = format!(
            "SELECT MIN(effective_date) AS first FROM mappa_decisions WHERE withdrawn_at IS NULL AND nominal_id IN ({IN_AREA})"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(area.to_string()).fetch_one(&self.pool).await?;
        opt_date(&row, "first")
    }
}
