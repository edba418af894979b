//! Synthetic volume for the benchmarks (`mappa bench`): many registered
//! people with about five years of history each, written in bulk.
//!
//! Only for an empty, throwaway database: rows go in with multi-row INSERTs
//! rather than through the use cases, and the load itself is one audit
//! record. Every name and date is generated; nothing is real.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::Store;
use crate::error::{Result, StoreError};
use jiff::civil::{Date, date};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::record::search_key;

const SURNAMES: &[&str] = &[
    "Abbott",
    "Bello",
    "Chowdhury",
    "Dlamini",
    "Evans",
    "Fischer",
    "Gallagher",
    "Hussain",
    "Ivanova",
    "Jones",
    "Kowalski",
    "Li",
    "Mensah",
    "Nowak",
    "O'Neill",
    "Patel",
    "Quinn",
    "Rossi",
    "Smith",
    "Taylor",
    "Usman",
    "Vasquez",
    "Williams",
    "Xu",
    "Yilmaz",
    "Zielinski",
];
const FORENAMES: &[&str] = &[
    "Adam",
    "Bilal",
    "Callum",
    "Dariusz",
    "Emeka",
    "Finn",
    "Gareth",
    "Hamza",
    "Ioan",
    "Jamal",
    "Kieran",
    "Liam",
    "Marek",
    "Nathan",
    "Oluwaseun",
    "Piotr",
    "Rhys",
    "Samir",
    "Tomasz",
    "Umar",
    "Victor",
    "Wes",
    "Yusuf",
    "Zak",
];
const AREAS: &[&str] = &["North", "South", "East", "West", "Central", "Riverside", "Hillside", "Docklands"];

/// A small deterministic generator (SplitMix64).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }
    pub(crate) fn day_between(&mut self, from: Date, to: Date) -> Date {
        let span = from.until((jiff::Unit::Day, to)).map_or(1, |s| s.get_days().max(1)) as u64;
        from.checked_add(jiff::Span::new().days(self.below(span) as i64)).unwrap_or(from)
    }
}

/// What the generator made, for the benchmark's report.
#[derive(Clone, Debug, Default)]
pub struct BenchVolume {
    pub agency: AgencyId,
    pub manager: UserId,
    pub people: usize,
    pub disposals: usize,
    pub periods: usize,
    pub notifications: usize,
}

/// A value to bind: text or a whole number (PostgreSQL will not take text for
/// a BIGINT column).
#[derive(Clone)]
pub(crate) enum V {
    T(Option<String>),
    I(Option<i64>),
}

pub(crate) struct Rows {
    cols: usize,
    table: &'static str,
    columns: &'static str,
    values: Vec<V>,
}

impl Rows {
    pub(crate) fn new(table: &'static str, columns: &'static str) -> Self {
        Rows { cols: columns.split(',').count(), table, columns, values: Vec::new() }
    }

    pub(crate) fn push(&mut self, row: Vec<V>) {
        debug_assert_eq!(row.len(), self.cols);
        self.values.extend(row);
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len() / self.cols
    }

    pub(crate) async fn flush(&mut self, tx: &mut crate::connect::WriteTx) -> Result<()> {
        let per = (2000 / self.cols).max(1);
        for chunk in self.values.chunks(per * self.cols) {
            let rows = chunk.len() / self.cols;
            let mut sql = format!("INSERT INTO {} ({}) VALUES ", self.table, self.columns);
            for r in 0..rows {
                if r > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for c in 0..self.cols {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("${}", r * self.cols + c + 1));
                }
                sql.push(')');
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for v in chunk {
                q = match v {
                    V::T(t) => q.bind(t.clone()),
                    V::I(i) => q.bind(*i),
                };
            }
            q.execute(&mut **tx).await?;
        }
        self.values.clear();
        Ok(())
    }
}

pub(crate) fn s(v: impl ToString) -> V {
    V::T(Some(v.to_string()))
}

pub(crate) fn i(v: i64) -> V {
    V::I(Some(v))
}

impl Store {
    /// Gathers the query planner's statistics (`ANALYZE`; `VACUUM ANALYZE`
    /// on PostgreSQL), as a database in service has them (PostgreSQL's
    /// autovacuum; SQLite's `PRAGMA optimize` after each sweep).
    pub async fn refresh_statistics(&self) -> Result<()> {
        // PostgreSQL's autovacuum also sets the visibility map, which lets
        // the reports read their covering indexes alone.
        let sql = if self.backend == crate::connect::Backend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// Fills an empty database with `people` registered people as of `as_of`
    /// (convictions, custody, about five years of notifications each), all
    /// managed by one police agency. Refuses a database that has records.
    pub async fn fill_for_benchmark(
        &self,
        people: usize,
        as_of: Date,
        mut progress: impl FnMut(usize),
    ) -> Result<BenchVolume> {
        if self.count_nominals().await? > 0 {
            return Err(StoreError::Conflict("benchmark_needs_empty_database"));
        }
        let ctx = AuditCtx::system(jiff::Timestamp::now());
        let at = ctx.at_text();
        let agency = AgencyId::new();
        let manager = UserId::new();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO agencies (id, code, name, kind, created_at) VALUES ($1, 'BENCH', 'Benchmark police', 'police', $2)")
            .bind(agency.to_string())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO users (id, username, display_name, agency_id, password_hash, active, created_at) \
             VALUES ($1, 'bench.manager', 'Benchmark manager', $2, 'not-a-usable-hash', 0, $3)",
        )
        .bind(manager.to_string())
        .bind(agency.to_string())
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let mut vol = BenchVolume { agency, manager, people, ..BenchVolume::default() };
        let mut rng = Rng(0x5EED_BE4C);
        let mut nominals = Rows::new(
            "nominals",
            "id, owning_agency_id, manager_user_id, surname, forenames, search_key, date_of_birth, gender, ethnicity, \
             religion, disability, sexual_orientation, gender_identity, nationality, first_language, interpreter_needed, \
             owning_area, case_status, version, created_at, updated_at",
        );
        let mut disposals = Rows::new(
            "disposals",
            "id, nominal_id, kind, disposal_date, schedule_3, schedule_15, murder, terrorism, sentence_type, term_months, created_at",
        );
        let mut periods = Rows::new("periods", "id, nominal_id, kind, from_date, to_date, created_at");
        let mut notes = Rows::new(
            "notifications",
            "id, nominal_id, notified_on, kind, details, late, is_late, photographs_taken, fingerprints_taken, created_at",
        );
        let mut addresses =
            Rows::new("addresses", "id, nominal_id, kind, line1, town, postcode, from_date, created_at");
        let five_years_ago = as_of.checked_sub(jiff::Span::new().years(5)).unwrap_or(as_of);
        for n in 0..people {
            let id = NominalId::new();
            let surname = rng.pick(SURNAMES);
            let forenames = rng.pick(FORENAMES);
            let dob = rng.day_between(date(1950, 1, 1), date(2000, 12, 31));
            nominals.push(vec![
                s(id),
                s(agency),
                s(manager),
                s(surname),
                s(forenames),
                s(search_key(&format!("{surname} {forenames}"))),
                s(dob),
                s("male"),
                s("not_asked"),
                s("not_asked"),
                s("not_asked"),
                s("not_asked"),
                s("not_asked"),
                s("not_asked"),
                s("not_asked"),
                s("not_asked"),
                s(rng.pick(AREAS)),
                s("active_community"),
                i(1),
                s(&at),
                s(&at),
            ]);
            // A conviction 5 to 15 years ago; most went to prison.
            let convicted =
                rng.day_between(as_of.checked_sub(jiff::Span::new().years(15)).unwrap_or(as_of), five_years_ago);
            let term = [6, 12, 18, 24, 36, 48, 60][rng.below(7) as usize];
            let custodial = rng.below(10) < 8;
            disposals.push(vec![
                s(ItemId::new()),
                s(id),
                s("conviction"),
                s(convicted),
                i(1),
                i(0),
                i(0),
                i(0),
                s(if custodial { "imprisonment" } else { "community_order" }),
                if custodial { i(term) } else { V::I(None) },
                s(&at),
            ]);
            let mut free_from = convicted;
            if custodial {
                let released = convicted.checked_add(jiff::Span::new().months(term / 2)).unwrap_or(convicted);
                periods.push(vec![s(ItemId::new()), s(id), s("custody"), s(convicted), s(released), s(&at)]);
                free_from = released;
            }
            // One in twenty is back in custody now; one in a hundred is abroad.
            let roll = rng.below(100);
            if roll < 5 {
                let from = rng.day_between(as_of.checked_sub(jiff::Span::new().months(6)).unwrap_or(as_of), as_of);
                periods.push(vec![s(ItemId::new()), s(id), s("custody"), s(from), V::T(None), s(&at)]);
            } else if roll == 5 {
                let from = rng.day_between(as_of.checked_sub(jiff::Span::new().days(20)).unwrap_or(as_of), as_of);
                periods.push(vec![s(ItemId::new()), s(id), s("abroad"), s(from), V::T(None), s(&at)]);
            }
            // Initial notification on release, then yearly; some are late and
            // one in twenty has missed the latest.
            let mut on = free_from.checked_add(jiff::Span::new().days(1 + rng.below(3) as i64)).unwrap_or(free_from);
            let mut kind = "initial";
            let misses_last = rng.below(20) == 0;
            while on <= as_of {
                let next = on.checked_add(jiff::Span::new().years(1)).unwrap_or(as_of);
                if misses_last && next > as_of {
                    break;
                }
                notes.push(vec![s(ItemId::new()), s(id), s(on), s(kind), s("{}"), s("[]"), i(0), i(1), i(1), s(&at)]);
                kind = "periodic";
                on = next.checked_add(jiff::Span::new().days(rng.below(3) as i64 - 1)).unwrap_or(next);
            }
            let postcode = format!("ZZ{} {}AA", 1 + rng.below(99), rng.below(10));
            addresses.push(vec![
                s(ItemId::new()),
                s(id),
                s("home"),
                s(format!("{} Synthetic Road", 1 + rng.below(300))),
                s("Testtown"),
                s(postcode),
                s(free_from),
                s(&at),
            ]);
            if (n + 1) % 2000 == 0 || n + 1 == people {
                vol.disposals += disposals.len();
                vol.periods += periods.len();
                vol.notifications += notes.len();
                for rows in [&mut nominals, &mut disposals, &mut periods, &mut notes, &mut addresses] {
                    rows.flush(&mut tx).await?;
                }
                progress(n + 1);
            }
        }
        append(
            &mut tx,
            &ctx,
            AuditEntry::new(AuditAction::BenchLoad, "benchmark", agency).after(&serde_json::json!({"people": people})),
        )
        .await?;
        tx.commit().await?;
        Ok(vol)
    }
}
