//! The dated events the annual report counts (decision 4), for everyone who
//! has been in an area: its cases today and those transferred in or out.
//! Withdrawn (corrected) facts are left out; everything else is history.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::Store;
use crate::error::{Result, StoreError};
use crate::row::{int, opt_date, opt_text, text};
use jiff::civil::Date;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::AreaId;
use mappa_domain::reports::ReportingYear;
use mappa_domain::reports::annual::Population;
use mappa_domain::reports::history::PersonEvents;

mod lists;

/// Everyone ever in the area: `$1` is the area's id. A case is in its own
/// area, or by default its owning agency's.
const IN_AREA: &str = "SELECT n.id AS nominal_id FROM nominals n JOIN agencies g ON g.id = n.owning_agency_id \
     WHERE COALESCE(n.area_id, g.area_id) = $1 UNION \
     SELECT nominal_id FROM transfers WHERE status = 'accepted' AND (from_area_id = $1 OR to_area_id = $1)";

/// A population as stored.
fn population_of(r: &sqlx::any::AnyRow) -> Result<Population> {
    Ok(Population { count: int(r, "population")?, source: text(r, "source")? })
}

impl Store {
    /// Every person ever in `area`, with the dated events the annual report
    /// counts. Each kind of event is aggregated into a list per person (see
    /// `lists`) and joined on, each person is one line, and the lines come
    /// back joined in one text: fetching a row costs far more than splitting
    /// its text, and joined aggregates cost both databases far less than a
    /// subquery per person.
    pub async fn annual_report_events(&self, area: AreaId) -> Result<Vec<PersonEvents>> {
        // (item, the rows with `key` the person's id, how they are ordered)
        let outcomes = format!(
            "breaches b LEFT JOIN civil_orders bo ON bo.id = b.order_id LEFT JOIN \
             (SELECT breach_id, {} AS outcomes FROM breach_outcomes x GROUP BY breach_id) bx ON bx.breach_id = b.id \
             WHERE 1 = 1",
            self.joined_by("x.kind || '@' || x.outcome_date", ",")
        );
        let lists: [(&str, &str, &str); 8] = [
            // With the id, which orders them as made (UUIDv7): the latest
            // made of a day wins (`value_on`). Sorted after reading, since an
            // ordered aggregate sorts once per person on PostgreSQL.
            (
                "d.id || ' ' || d.kind || ' ' || COALESCE(CAST(d.to_value AS TEXT), '-') || ' ' || d.effective_date",
                "mappa_decisions d WHERE d.withdrawn_at IS NULL",
                "d.nominal_id",
            ),
            (
                "p.kind || ' ' || p.from_date || ' ' || COALESCE(p.to_date, '-')",
                "periods p WHERE p.withdrawn_at IS NULL AND p.kind IN ('custody', 'hospital')",
                "p.nominal_id",
            ),
            (
                "t.decided_on || ' ' || COALESCE(t.from_area_id, '-') || ' ' || t.to_area_id",
                "transfers t WHERE t.status = 'accepted' AND t.decided_on IS NOT NULL",
                "t.nominal_id",
            ),
            ("r.recall_date", "licence_recalls r WHERE 1 = 1", "r.nominal_id"),
            (
                "o.order_type || ' ' || o.made_date || ' ' || CASE WHEN o.travel_scope IS NULL THEN 'n' ELSE 'y' END",
                "civil_orders o WHERE o.withdrawn_at IS NULL",
                "o.nominal_id",
            ),
            // A breach with its outcomes, joined by "," within it.
            (
                "b.kind || ' ' || COALESCE(bo.order_type, '-') || ' ' || b.discovered_at || ' ' || COALESCE(bx.outcomes, '-')",
                &outcomes,
                "b.nominal_id",
            ),
            (
                "s.stage_date",
                "review_stages s JOIN review_applications ra ON ra.id = s.application_id \
                 WHERE s.outcome IN ('discharge', 'allowed')",
                "ra.nominal_id",
            ),
            (
                "f.notified_on || ' ' || COALESCE(CAST(f.category AS TEXT), '-') || ' ' || \
                 COALESCE(CAST(f.level AS TEXT), '-') || ' ' || \
                 CASE WHEN f.scr_warranted = 1 AND f.scr_decided_on IS NOT NULL THEN f.scr_decided_on ELSE '-' END",
                "sfo_cases f WHERE 1 = 1",
                "f.nominal_id",
            ),
        ];
        let mut line = vec!["n.id".to_string(), "COALESCE(COALESCE(n.area_id, g.area_id), '-')".to_string()];
        let mut joins = String::new();
        for (k, (item, from, key)) in lists.iter().enumerate() {
            // How each list is gathered is the one place where the fastest
            // SQL differs: SQLite runs a subquery per person through the
            // index on the person's id fastest; PostgreSQL, aggregates
            // worked out for everyone at once and joined.
            match self.backend {
                crate::connect::Backend::Sqlite => {
                    line.push(format!("COALESCE((SELECT {} FROM {from} AND {key} = n.id), '')", self.joined(item)))
                }
                crate::connect::Backend::Postgres => {
                    line.push(format!("COALESCE(l{k}.list, '')"));
                    joins.push_str(&format!(
                        " LEFT JOIN (SELECT {key} AS nominal_id, {} AS list FROM {from} \
                         AND {key} IN (SELECT nominal_id FROM people) GROUP BY {key}) l{k} ON l{k}.nominal_id = n.id",
                        self.joined(item)
                    ));
                }
            }
        }
        // The area's people worked out once, for every list. PostgreSQL
        // reads them in two halves (by the id's last digit) at once on two
        // connections, so that it works on two cores; the halves are two
        // transactions, so an event recorded in between may be counted in
        // one only, as if it had come a moment later. SQLite reads faster in
        // one go.
        let sql = |digits: &str| {
            format!(
                "WITH people AS MATERIALIZED (SELECT nominal_id FROM ({IN_AREA}) a \
                 WHERE substr(nominal_id, 36, 1) IN ({digits})) \
                 SELECT {} AS people FROM (SELECT {} AS line FROM nominals n \
                 JOIN agencies g ON g.id = n.owning_agency_id{joins} \
                 WHERE n.id IN (SELECT nominal_id FROM people)) x",
                self.joined_by("line", "~"),
                line.join(" || '|' || ")
            )
        };
        let half = |digits: &str| {
            let q = sql(digits);
            let area = area.to_string();
            async move { sqlx::query(sqlx::AssertSqlSafe(q)).bind(area).fetch_one(&self.pool).await }
        };
        let (low, high) = ("'0', '1', '2', '3', '4', '5', '6', '7'", "'8', '9', 'a', 'b', 'c', 'd', 'e', 'f'");
        let rows = match self.backend {
            crate::connect::Backend::Sqlite => vec![half(&format!("{low}, {high}")).await?],
            crate::connect::Backend::Postgres => {
                let (a, b) = tokio::try_join!(half(low), half(high))?;
                vec![a, b]
            }
        };
        let mut out = Vec::new();
        for r in rows {
            for person in opt_text(&r, "people")?.unwrap_or_default().split('~').filter(|p| !p.is_empty()) {
                out.push(lists::person(person)?);
            }
        }
        out.sort_by_key(|p| p.id);
        Ok(out)
    }

    /// `expr` of every row joined by ";": the one aggregate whose name
    /// differs between the two databases.
    fn joined(&self, expr: &str) -> String {
        self.joined_by(expr, ";")
    }

    fn joined_by(&self, expr: &str, separator: &str) -> String {
        match self.backend {
            crate::connect::Backend::Sqlite => format!("group_concat({expr}, '{separator}')"),
            crate::connect::Backend::Postgres => format!("string_agg({expr}, '{separator}')"),
        }
    }

    /// The area's population aged 10 and over for a reporting year, if entered.
    pub async fn area_population(&self, area: AreaId, year: ReportingYear) -> Result<Option<Population>> {
        let row = sqlx::query("SELECT population, source FROM area_populations WHERE area_id = $1 AND year_start = $2")
            .bind(area.to_string())
            .bind(i64::from(year.start))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(population_of).transpose()
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
                Ok((ReportingYear { start }, population_of(r)?))
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
                .as_ref()
                .map(population_of)
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
