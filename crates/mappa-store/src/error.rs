use mappa_domain::ValidationErrors;

/// What can go wrong in storage. No variant carries personal data: messages
/// name tables, columns and codes only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The record changed since the caller read it, or a unique rule was hit.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid: {0}")]
    Invalid(ValidationErrors),
    /// A write was asked for with a grant to read the record only: a fault in
    /// the use case, never the caller's.
    #[error("a write came with a grant to read only")]
    ReadOnlyGrant,
    #[error("the database URL is not usable: {0}")]
    BadUrl(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// No audit key was given, so nothing can be written (principle 1).
    #[error("no audit key is configured: give one with MAPPA_AUDIT_KEY_FILE or audit.key_file")]
    NoAuditKey,
    /// The audit key does not authenticate the records already in the chain.
    #[error("the audit key does not match this database's audit trail: use the key it was written with")]
    WrongAuditKey,
    /// An operator's command that cannot be done as asked.
    #[error("{0}")]
    Operator(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// True when the database refused a write because of a unique constraint.
    pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
        match e {
            sqlx::Error::Database(d) => d.is_unique_violation(),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
