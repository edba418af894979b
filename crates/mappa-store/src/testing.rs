//! Test support shared by the conformance suite and the black-box tests: a
//! fresh, empty database of each configured backend.

use crate::connect::Store;
use crate::error::Result;

/// A grant as a use case gets one, from the access policy: the record's
/// owner, a manager, changing it. For tests that read or write the store
/// directly; the use cases get theirs from the policy and the stored reach.
pub fn granted(id: mappa_domain::ids::NominalId) -> mappa_domain::access::Granted {
    granted_to(id, mappa_domain::access::RecordAction::Edit)
}

/// As [`granted`], for `action`.
pub fn granted_to(
    id: mappa_domain::ids::NominalId,
    action: mappa_domain::access::RecordAction,
) -> mappa_domain::access::Granted {
    use mappa_domain::access::{Actor, RecordReach, grant};
    let agency = mappa_domain::ids::AgencyId::new();
    let owner = Actor {
        user_id: mappa_domain::ids::UserId::new(),
        username: "owner".into(),
        display_name: "Owner".into(),
        agency_id: agency,
        agency_code: "OWN".into(),
        agency_name: "Owner".into(),
        roles: vec![mappa_domain::role::Role::Manager],
    };
    grant(&owner, id, &RecordReach { owning_agency: agency, shared_with: vec![], mappa_shared_with: vec![] }, action)
        .expect("the owner's manager may do anything to their record")
}

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
