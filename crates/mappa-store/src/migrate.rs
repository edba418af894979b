//! Embedded migrations, one list per backend with the same numbering (a test
//! holds the two lists in step).

use crate::connect::{Backend, Store};
use crate::error::Result;
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
    4 "0004_breaches", 5 "0005_risk_visits", 6 "0006_reviews", 7 "0007_condition_reviews");
const POSTGRES: Embedded = migrations!("postgres": 1 "0001_foundation", 2 "0002_compliance", 3 "0003_orders_licences",
    4 "0004_breaches", 5 "0005_risk_visits", 6 "0006_reviews", 7 "0007_condition_reviews");

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

impl Store {
    /// Applies any migrations not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        let list = match self.backend {
            Backend::Sqlite => SQLITE,
            Backend::Postgres => POSTGRES,
        };
        migrator(list).run(&self.pool).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
