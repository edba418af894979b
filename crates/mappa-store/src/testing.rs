//! Test support shared by the conformance suite and the black-box tests: a
//! fresh, empty database of each configured backend.

use crate::connect::Store;
use crate::error::Result;

/// The audit key the test suites write with: a fixed value, for tests only.
pub fn audit_key() -> mappa_domain::audit::AuditKey {
    mappa_domain::audit::AuditKey::from_bytes([0x5a; 32])
}

/// Writes [`audit_key`] to a file in `dir`, for tests that run the `mappa`
/// command, and returns its path.
pub fn audit_key_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("test.audit-key");
    std::fs::write(&path, audit_key().to_hex()).expect("the test key file can be written");
    path
}

/// A database made for one test; `cleanup` removes it.
pub struct TestDatabase {
    pub label: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    admin: Option<(String, String)>,
}

impl TestDatabase {
    /// A new SQLite file in a temporary folder.
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("mappa.db").display());
        TestDatabase { label: "sqlite", url, _dir: Some(dir), admin: None }
    }

    /// A new PostgreSQL database on the server `MAPPA_TEST_POSTGRES_URL` names,
    /// or None when it is not set.
    pub async fn postgres() -> Option<TestDatabase> {
        let base = std::env::var("MAPPA_TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty())?;
        let name = format!("mappa_t_{}", uuid::Uuid::now_v7().simple());
        let admin = Store::open(&base).await.expect("MAPPA_TEST_POSTGRES_URL is reachable");
        admin.execute_raw(&format!("CREATE DATABASE {name}")).await.expect("create test database");
        admin.close().await;
        let (prefix, _) = base.rsplit_once('/').expect("postgres URL names a database");
        Some(TestDatabase { label: "postgres", url: format!("{prefix}/{name}"), _dir: None, admin: Some((base, name)) })
    }

    /// Every backend configured here: SQLite always, PostgreSQL when set.
    pub async fn all() -> Vec<TestDatabase> {
        let mut v = vec![Self::sqlite()];
        v.extend(Self::postgres().await);
        v
    }

    pub async fn cleanup(self) -> Result<()> {
        if let Some((base, name)) = &self.admin {
            let admin = Store::open(base).await?;
            admin.execute_raw(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
            admin.close().await;
        }
        Ok(())
    }
}
