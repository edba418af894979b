//! Choosing and opening the database from its URL.

use crate::error::{Result, StoreError};
use mappa_domain::audit::AuditKey;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a URL names, refusing anything else with a message a person
    /// can act on (a typo such as `postgress://` should not fall through).
    pub fn from_url(url: &str) -> Result<Backend> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::BadUrl(
                "use sqlite://PATH for an embedded database or postgres://USER@HOST:PORT/DATABASE for PostgreSQL"
                    .into(),
            )),
        }
    }
}

/// The storage handle. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// The rules engine's configuration, for obligations worked out inside writes.
    pub(crate) rules: std::sync::Arc<mappa_domain::rules::RulesConfig>,
    /// The key that authenticates audit records; without it nothing is written.
    pub(crate) audit_key: Option<std::sync::Arc<AuditKey>>,
}

/// A write transaction: the database transaction and the key its audit
/// records are authenticated with. It reads as the connection it holds.
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    pub(crate) key: std::sync::Arc<AuditKey>,
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

impl WriteTx {
    pub(crate) async fn commit(self) -> std::result::Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Store {
    /// Opens the database (creating a SQLite file if needed) and brings its
    /// schema up to date.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = Self::open(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database without migrating it.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 10,
            })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Principle 4: WAL, full fsync, foreign keys; wait for the
                        // writer rather than failing at once.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 15000").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, backend, rules: std::sync::Arc::default(), audit_key: None })
    }

    /// Uses this rules configuration (principle 3: local policy is configuration).
    pub fn with_rules(mut self, rules: std::sync::Arc<mappa_domain::rules::RulesConfig>) -> Self {
        self.rules = rules;
        self
    }

    /// Authenticates audit records with this key (principle 1); a store
    /// without one writes nothing.
    pub fn with_audit_key(mut self, key: AuditKey) -> Self {
        self.audit_key = Some(std::sync::Arc::new(key));
        self
    }

    pub(crate) fn audit_key(&self) -> Result<&AuditKey> {
        self.audit_key.as_deref().ok_or(StoreError::NoAuditKey)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Runs raw SQL. Only for tests and operator tooling that must reach past
    /// the application (for example, to prove tampering is detected).
    pub async fn execute_raw(&self, sql: &str) -> Result<u64> {
        let r = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(&self.pool).await?;
        Ok(r.rows_affected())
    }

    /// Starts a write transaction. The first statement locks the audit chain's
    /// head, so writers queue here: on SQLite this takes the write lock before
    /// any read (avoiding a deferred transaction's failed upgrade), and on
    /// PostgreSQL it keeps the chain a single line.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        let key = self.audit_key.clone().ok_or(StoreError::NoAuditKey)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE audit_chain_head SET seq = seq WHERE id = 1").execute(&mut *tx).await?;
        Ok(WriteTx { tx, key })
    }
}

/// sqlx wants `sqlite://PATH?mode=rwc` to create the file; people write
/// `sqlite://PATH` or `sqlite:PATH`.
fn sqlite_url(url: &str) -> Result<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() {
        return Err(StoreError::BadUrl("a SQLite URL needs a file path, like sqlite://mappa.db".into()));
    }
    if path == ":memory:" {
        return Err(StoreError::BadUrl("use a file, not :memory:: the server keeps several connections".into()));
    }
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        return Err(StoreError::BadUrl(format!("the folder {} does not exist", parent.display())));
    }
    let mut q: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("mode=")).collect();
    q.push("mode=rwc");
    Ok(format!("sqlite://{path}?{}", q.join("&")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked() {
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::from_url("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert_eq!(Backend::from_url("postgresql://u@h/db").unwrap(), Backend::Postgres);
        assert!(Backend::from_url("postgress://u@h/db").is_err());
        assert!(Backend::from_url("mysql://u@h/db").is_err());
        assert_eq!(sqlite_url("sqlite://mappa.db").unwrap(), "sqlite://mappa.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite:mappa.db?mode=ro").unwrap(), "sqlite://mappa.db?mode=rwc");
        assert!(sqlite_url("sqlite://").is_err());
        assert!(sqlite_url("sqlite:///no/such/folder/x.db").is_err());
    }
}
