//! Embedded migrations, one list per backend with the same numbering (a test
//! holds the two lists in step).

use crate::connect::{Backend, Store};
use crate::error::{Result, StoreError};
use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

macro_rules! migrations {
    ($dir:literal: $($version:literal $name:literal),+ $(,)?) => {
        &[$(($version, $name, include_str!(concat!("../migrations/", $dir, "/", $name, ".sql")))),+]
    };
}

type Embedded = &'static [(i64, &'static str, &'static str)];

const SQLITE: Embedded = migrations!("sqlite": 1 "0001_foundation", 2 "0002_compliance", 3 "0003_orders_licences",
    4 "0004_breaches", 5 "0005_risk_visits", 6 "0006_reviews", 7 "0007_condition_reviews",
    8 "0008_session_idle", 9 "0009_second_factor", 10 "0010_corrections", 11 "0011_mappa_meetings",
    12 "0012_accountability_counts", 13 "0013_referral_returns",
    14 "0014_victims", 15 "0015_pdp", 16 "0016_disclosures", 17 "0017_transfers", 18 "0018_disclosure_applications",
    19 "0019_serious_further_offences", 20 "0020_area_populations");
const POSTGRES: Embedded = migrations!("postgres": 1 "0001_foundation", 2 "0002_compliance", 3 "0003_orders_licences",
    4 "0004_breaches", 5 "0005_risk_visits", 6 "0006_reviews", 7 "0007_condition_reviews",
    8 "0008_session_idle", 9 "0009_second_factor", 10 "0010_corrections", 11 "0011_mappa_meetings",
    12 "0012_accountability_counts", 13 "0013_referral_returns",
    14 "0014_victims", 15 "0015_pdp", 16 "0016_disclosures", 17 "0017_transfers", 18 "0018_disclosure_applications",
    19 "0019_serious_further_offences", 20 "0020_area_populations");

/// The migrations a backend has, as (version, name), in order.
pub fn migration_names(backend: Backend) -> Vec<(i64, &'static str)> {
    let list = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    list.iter().map(|(v, n, _)| (*v, *n)).collect()
}

fn migrator(list: Embedded) -> Migrator {
    let migrations = list
        .iter()
        .map(|(version, name, sql)| {
            Migration::new(
                *version,
                Cow::Borrowed(*name),
                MigrationType::Simple,
                sqlx::AssertSqlSafe(*sql).into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

/// A role name as PostgreSQL takes it unquoted: lower-case letters, digits
/// and underscores, not starting with a digit.
fn plain_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Store {
    /// Applies any migrations not yet applied. A schema already up to date is
    /// left alone without any DDL, so the server can run as a role that may
    /// not change it (migrations run as the owner, with `mappa migrate`).
    pub async fn migrate(&self) -> Result<()> {
        let list = match self.backend {
            Backend::Sqlite => SQLITE,
            Backend::Postgres => POSTGRES,
        };
        let latest = list.last().map_or(0, |(v, _, _)| *v);
        let applied: std::result::Result<Option<i64>, sqlx::Error> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&self.pool).await;
        if applied.is_ok_and(|v| v.is_some_and(|v| v >= latest)) {
            return Ok(());
        }
        migrator(list).run(&self.pool).await?;
        Ok(())
    }

    /// PostgreSQL: gives `role` what the server needs and no more. It may read
    /// and write case data, but of the audit trail it may only read and add
    /// records (and move the chain's head, which the audit key and anchors
    /// guard); it owns nothing, so it cannot drop the triggers that refuse
    /// changes. Run as the owner of the schema, after `mappa migrate`.
    pub async fn grant_server_role(&self, role: &str) -> Result<()> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Operator(
                "roles are for PostgreSQL; protect a SQLite file with the operating system's permissions".into(),
            ));
        }
        if !plain_identifier(role) {
            return Err(StoreError::Operator(
                "a role name is lower-case letters, digits and underscores, not starting with a digit".into(),
            ));
        }
        let statements = [
            format!("GRANT USAGE ON SCHEMA public TO {role}"),
            format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
            format!("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {role}"),
            format!("REVOKE INSERT, DELETE, TRUNCATE ON audit_chain_head FROM {role}"),
            format!("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM {role}"),
        ];
        let mut tx = self.pool.begin().await?;
        for sql in statements {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_role_names_are_granted() {
        for ok in ["mappa_app", "app2", "_x"] {
            assert!(plain_identifier(ok), "{ok}");
        }
        for bad in ["", "2app", "App", "app; DROP TABLE x", "a-b", "a b", &"a".repeat(64)] {
            assert!(!plain_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn both_backends_have_the_same_migrations_in_the_same_order() {
        assert_eq!(migration_names(Backend::Sqlite), migration_names(Backend::Postgres));
        for (i, (v, n, _)) in SQLITE.iter().enumerate() {
            assert_eq!(*v, i as i64 + 1, "versions run 1, 2, 3, ...");
            assert!(n.starts_with(&format!("{v:04}_")), "file name starts with its version");
        }
    }

    #[test]
    fn every_migration_file_on_disk_is_embedded() {
        for dir in ["sqlite", "postgres"] {
            let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
            let mut on_disk: Vec<String> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".sql").to_string())
                .collect();
            on_disk.sort();
            let embedded: Vec<String> = migration_names(Backend::Sqlite).iter().map(|(_, n)| n.to_string()).collect();
            assert_eq!(on_disk, embedded, "{dir}");
        }
    }
}
