//! The annual report's benchmark data: the benchmark's people put in one
//! area with a MAPPA history over the five years to `as_of` (categories in
//! London's proportions, Level 2 and 3 spells, exits), breaches with their
//! outcomes, orders, licence recalls and serious further offences, written
//! in bulk as the other benchmark data is.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::bench_data::{Rng, Rows, V, i, s};
use crate::connect::Store;
use crate::error::Result;
use crate::row::text;
use jiff::civil::Date;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, AreaId, ItemId, UserId};

/// What was added, for the benchmark's report.
#[derive(Clone, Debug, Default)]
pub struct StatisticsVolume {
    pub area: String,
    pub decisions: usize,
    pub breaches: usize,
    pub orders: usize,
    pub recalls: usize,
    pub sfos: usize,
}

fn days_before(d: Date, n: i64) -> Date {
    d.checked_sub(jiff::Span::new().days(n)).unwrap_or(d)
}

impl Store {
    /// Gives the benchmark's people (owned by `police`, recorded by `user`)
    /// five years of the events the annual report counts, in an area `BS`.
    pub async fn fill_statistics_for_benchmark(
        &self,
        police: AgencyId,
        user: UserId,
        as_of: Date,
    ) -> Result<StatisticsVolume> {
        let ctx = AuditCtx::system(jiff::Timestamp::now());
        let at = ctx.at_text();
        let ids: Vec<String> = sqlx::query("SELECT id FROM nominals WHERE owning_agency_id = $1 ORDER BY id")
            .bind(police.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| text(r, "id"))
            .collect::<Result<_>>()?;
        let mut tx = self.begin_write().await?;
        let area = AreaId::new();
        sqlx::query(
            "INSERT INTO areas (id, code, name, created_at) VALUES ($1, 'BS', 'Benchmark statistics area', $2)",
        )
        .bind(area.to_string())
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE agencies SET area_id = $1 WHERE id = $2")
            .bind(area.to_string())
            .bind(police.to_string())
            .execute(&mut *tx)
            .await?;
        let mut rng = Rng(0x0057_4715_71C5);
        let mut decisions = Rows::new(
            "mappa_decisions",
            "id, nominal_id, kind, from_value, to_value, rationale, effective_date, decided_by, decided_at",
        );
        let mut breaches = Rows::new(
            "breaches",
            "id, nominal_id, kind, description, discovered_at, recorded_at, recorded_by, record_due_at, recorded_late",
        );
        let mut outcomes = Rows::new("breach_outcomes", "id, breach_id, kind, outcome_date, recorded_at, recorded_by");
        let mut orders = Rows::new(
            "civil_orders",
            "id, nominal_id, order_type, made_date, served_date, status, travel_scope, revision, created_at",
        );
        let mut licences = Rows::new("licences", "id, nominal_id, release_date, standard_conditions, recorded_at");
        let mut recalls =
            Rows::new("licence_recalls", "id, licence_id, nominal_id, recall_date, recall_type, reasons, recorded_at");
        let mut sfos = Rows::new(
            "sfo_cases",
            "id, nominal_id, agency_id, charged_on, offence, notified_on, category, level, created_by, created_at",
        );
        let mut vol = StatisticsVolume { area: "BS".into(), ..StatisticsVolume::default() };
        let five_years = days_before(as_of, 5 * 365);
        let decide = |rows: &mut Vec<Vec<V>>, id: &str, kind: &str, value: Option<i64>, on: Date| {
            rows.push(vec![
                s(ItemId::new()),
                s(id),
                s(kind),
                V::I(None),
                V::I(value),
                s("Benchmark history"),
                s(on),
                s(user),
                s(&at),
            ]);
        };
        for (n, id) in ids.iter().enumerate() {
            let mut made: Vec<Vec<V>> = Vec::new();
            // Categories in London's proportions (seed 003): 62% 1, 37% 2, 1% 3.
            let roll = rng.below(100);
            let category = if roll < 62 {
                1
            } else if roll < 99 {
                2
            } else {
                3
            };
            let start = rng.day_between(days_before(five_years, 3 * 365), as_of);
            let level = if category == 3 { 2 + rng.below(2) as i64 } else { 1 };
            decide(&mut made, id, "category", Some(category), start);
            decide(&mut made, id, "level", Some(level), start);
            // One in twelve has a Level 2 or 3 spell of a few months.
            if category != 3 && rng.below(12) == 0 {
                let from = rng.day_between(start, as_of);
                decide(&mut made, id, "level", Some(if rng.below(10) == 0 { 3 } else { 2 }), from);
                let back = from.checked_add(jiff::Span::new().days(60 + rng.below(240) as i64)).unwrap_or(from);
                if back <= as_of {
                    decide(&mut made, id, "level", Some(1), back);
                }
            }
            // One in ten has left MAPPA since.
            if rng.below(10) == 0 {
                decide(&mut made, id, "category", None, rng.day_between(start, as_of));
            }
            vol.decisions += made.len();
            for row in made {
                decisions.push(row);
            }
            if category == 1 && rng.below(30) == 0 {
                let breach = ItemId::new();
                let on = rng.day_between(five_years, as_of);
                breaches.push(vec![
                    s(breach),
                    s(id),
                    s("failure_to_notify"),
                    s("Benchmark breach"),
                    s(format!("{on}T10:00:00Z")),
                    s(&at),
                    s(user),
                    s(format!("{on}T10:00:00Z")),
                    i(0),
                ]);
                let outcome = if rng.below(2) == 0 { "conviction" } else { "caution" };
                let when = on.checked_add(jiff::Span::new().days(30)).unwrap_or(on);
                outcomes.push(vec![s(ItemId::new()), s(breach), s(outcome), s(when), s(&at), s(user)]);
                vol.breaches += 1;
            }
            if category == 1 && rng.below(12) == 0 {
                let kind = if rng.below(10) == 0 { "notification_order" } else { "shpo" };
                let on = rng.day_between(five_years, as_of);
                let travel = if kind == "shpo" && rng.below(20) == 0 { s("all_countries") } else { V::T(None) };
                orders.push(vec![s(ItemId::new()), s(id), s(kind), s(on), s(on), s("in_force"), travel, i(1), s(&at)]);
                vol.orders += 1;
            }
            if category != 1 && rng.below(25) == 0 {
                let licence = ItemId::new();
                let released = rng.day_between(five_years, as_of);
                licences.push(vec![s(licence), s(id), s(released), s("[]"), s(&at)]);
                let recalled = rng.day_between(released, as_of);
                recalls.push(vec![
                    s(ItemId::new()),
                    s(licence),
                    s(id),
                    s(recalled),
                    s("standard"),
                    s("Benchmark"),
                    s(&at),
                ]);
                vol.recalls += 1;
            }
            if n % 1000 == 999 {
                let charged = rng.day_between(five_years, as_of);
                sfos.push(vec![
                    s(ItemId::new()),
                    s(id),
                    s(police),
                    s(charged),
                    s("Benchmark offence"),
                    s(charged),
                    i(category),
                    i(level),
                    s(user),
                    s(&at),
                ]);
                vol.sfos += 1;
            }
            if (n + 1) % 2000 == 0 || n + 1 == ids.len() {
                for rows in
                    [&mut decisions, &mut breaches, &mut outcomes, &mut orders, &mut licences, &mut recalls, &mut sfos]
                {
                    rows.flush(&mut tx).await?;
                }
            }
        }
        let after = serde_json::json!({"decisions": vol.decisions, "breaches": vol.breaches, "orders": vol.orders});
        append(&mut tx, &ctx, AuditEntry::new(AuditAction::BenchLoad, "benchmark", area).after(&after)).await?;
        tx.commit().await?;
        Ok(vol)
    }
}
