//! Appending to and reading the audit chain (principle 1).

use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::row::{int, opt_text, text};
use mappa_domain::access::Actor;
use mappa_domain::access::Granted;
use mappa_domain::audit::{AuditAnchor, AuditRecord, ChainBreak, ChainVerifier};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::NominalId;
use sqlx::any::AnyRow;

/// Who acts, when, and why: shared by every audit record of one use case.
#[derive(Clone, Debug)]
pub struct AuditCtx {
    pub actor: Option<Actor>,
    pub at: jiff::Timestamp,
    pub reason: Option<String>,
}

impl AuditCtx {
    pub fn user(actor: &Actor, at: jiff::Timestamp) -> Self {
        Self { actor: Some(actor.clone()), at, reason: None }
    }

    /// For operators at the command line and the demo loader.
    pub fn system(at: jiff::Timestamp) -> Self {
        Self { actor: None, at, reason: None }
    }

    pub fn with_reason(mut self, reason: Option<String>) -> Self {
        self.reason = reason;
        self
    }

    /// The calendar day of the action in the UK (CONV-1): the "as of" of
    /// anything worked out inside it.
    pub fn today(&self) -> jiff::civil::Date {
        london_date(self.at)
    }

    pub(crate) fn at_text(&self) -> String {
        crate::format_timestamp(self.at)
    }
}

/// The calendar day in the UK at a moment (CONV-1).
pub(crate) fn london_date(t: jiff::Timestamp) -> jiff::civil::Date {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz).date()
}

/// What one audit record says happened.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub action: AuditAction,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    pub nominal_id: Option<NominalId>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditEntry {
    pub fn new(action: AuditAction, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            nominal_id: None,
            before: None,
            after: None,
        }
    }

    pub fn nominal(mut self, id: NominalId) -> Self {
        self.nominal_id = Some(id);
        self
    }

    pub fn before<T: serde::Serialize>(mut self, v: &T) -> Self {
        self.before = serde_json::to_string(v).ok();
        self
    }

    pub fn after<T: serde::Serialize>(mut self, v: &T) -> Self {
        self.after = serde_json::to_string(v).ok();
        self
    }
}

/// Appends one record to the chain inside `tx`, which must have come from
/// `Store::begin_write` (so the head is already locked).
pub(crate) async fn append(tx: &mut WriteTx, ctx: &AuditCtx, e: AuditEntry) -> Result<i64> {
    let head = sqlx::query("UPDATE audit_chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq = int(&head, "seq")?;
    let prev_hash = text(&head, "last_hash")?;
    let mut r = AuditRecord {
        seq,
        id: uuid::Uuid::now_v7().to_string(),
        at: ctx.at_text(),
        actor_user_id: ctx.actor.as_ref().map(|a| a.user_id.to_string()),
        actor_username: ctx.actor.as_ref().map(|a| a.username.clone()).unwrap_or_else(|| "system".into()),
        actor_agency: ctx.actor.as_ref().map(|a| a.agency_code.clone()),
        action: e.action.code().into(),
        entity_type: e.entity_type.into(),
        entity_id: e.entity_id,
        nominal_id: e.nominal_id.map(|n| n.to_string()),
        before: e.before,
        after: e.after,
        reason: ctx.reason.clone(),
        prev_hash,
        hash: String::new(),
    };
    r.hash = r.compute_mac(&tx.key);
    sqlx::query(
        "INSERT INTO audit_events (seq, id, at, actor_user_id, actor_username, actor_agency, action, entity_type, entity_id, nominal_id, before_state, after_state, reason, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(r.seq)
    .bind(&r.id)
    .bind(&r.at)
    .bind(&r.actor_user_id)
    .bind(&r.actor_username)
    .bind(&r.actor_agency)
    .bind(&r.action)
    .bind(&r.entity_type)
    .bind(&r.entity_id)
    .bind(&r.nominal_id)
    .bind(&r.before)
    .bind(&r.after)
    .bind(&r.reason)
    .bind(&r.prev_hash)
    .bind(&r.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_chain_head SET last_hash = $1 WHERE id = 1").bind(&r.hash).execute(&mut **tx).await?;
    Ok(seq)
}

/// A page of a record's trail and how many records match in all.
pub struct TrailPage {
    pub total: i64,
    pub entries: Vec<TrailEntry>,
}

/// An audit record with the names a history page shows.
pub struct TrailEntry {
    pub record: AuditRecord,
    pub actor_name: Option<String>,
    pub agency_name: Option<String>,
}

const COLUMNS: &str = "seq, id, at, actor_user_id, actor_username, actor_agency, action, entity_type, entity_id, nominal_id, before_state, after_state, reason, prev_hash, hash";

fn record(row: &AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: int(row, "seq")?,
        id: text(row, "id")?,
        at: text(row, "at")?,
        actor_user_id: opt_text(row, "actor_user_id")?,
        actor_username: text(row, "actor_username")?,
        actor_agency: opt_text(row, "actor_agency")?,
        action: text(row, "action")?,
        entity_type: text(row, "entity_type")?,
        entity_id: opt_text(row, "entity_id")?,
        nominal_id: opt_text(row, "nominal_id")?,
        before: opt_text(row, "before_state")?,
        after: opt_text(row, "after_state")?,
        reason: opt_text(row, "reason")?,
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

/// What an auditor asks the trail for; every part optional.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor_username: Option<String>,
    pub nominal: Option<NominalId>,
    pub action: Option<String>,
    /// From this moment on (UTC).
    pub from: Option<jiff::Timestamp>,
    /// Before this moment (UTC).
    pub before: Option<jiff::Timestamp>,
    pub limit: i64,
}

/// The outcome of checking the whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyReport {
    Intact {
        records: u64,
    },
    Broken(ChainBreak),
    /// The anchor given was not signed with this key, or was altered.
    ForgedAnchor,
}

impl Store {
    /// Records a read of a person's record, in its own transaction.
    pub async fn audit_only(&self, ctx: &AuditCtx, entry: AuditEntry) -> Result<()> {
        let mut tx = self.begin_write().await?;
        append(&mut tx, ctx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The chain's records from `seq` on, oldest first (at most 1,000).
    pub async fn audit_records_from(&self, seq: i64) -> Result<Vec<AuditRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT 1000");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(seq).fetch_all(&self.pool).await?;
        rows.iter().map(record).collect()
    }

    /// Records matching an auditor's filter, newest first.
    pub async fn audit_search(&self, f: &AuditFilter) -> Result<Vec<AuditRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_events WHERE ($1 = '' OR actor_username = $1) AND ($2 = '' OR nominal_id = $2) \
             AND ($3 = '' OR action = $3) AND ($4 = '' OR at >= $4) AND ($5 = '' OR at < $5) ORDER BY seq DESC LIMIT $6"
        );
        let text_or_empty = |t: Option<jiff::Timestamp>| t.map(crate::format_timestamp).unwrap_or_default();
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(f.actor_username.clone().unwrap_or_default())
            .bind(f.nominal.map(|n| n.to_string()).unwrap_or_default())
            .bind(f.action.clone().unwrap_or_default())
            .bind(text_or_empty(f.from))
            .bind(text_or_empty(f.before))
            .bind(f.limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(record).collect()
    }

    /// A record's audit trail, newest first.
    pub async fn audit_for_nominal(&self, grant: &Granted, limit: i64) -> Result<Vec<AuditRecord>> {
        let id = grant.nominal();
        let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE nominal_id = $1 ORDER BY seq DESC LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(record).collect()
    }

    /// One page of a record's trail, newest first, with the total: only
    /// `actions` when given, each with the names of who did it and their
    /// agency as they stand now (the record keeps the username and code).
    pub async fn audit_trail_page(
        &self,
        grant: &Granted,
        actions: &[AuditAction],
        limit: i64,
        offset: i64,
    ) -> Result<TrailPage> {
        let id = grant.nominal();
        // $1 the record, then the actions; the page's limit and offset last.
        let list: Vec<String> = (0..actions.len()).map(|i| format!("${}", i + 2)).collect();
        let only = if list.is_empty() { String::new() } else { format!(" AND e.action IN ({})", list.join(", ")) };
        let (lim, off) = (actions.len() + 2, actions.len() + 3);
        let count_sql = format!("SELECT COUNT(*) AS n FROM audit_events e WHERE e.nominal_id = $1{only}");
        let columns = COLUMNS.split(", ").map(|c| format!("e.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns}, u.display_name AS actor_name, g.name AS agency_name FROM audit_events e \
             LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN agencies g ON g.code = e.actor_agency \
             WHERE e.nominal_id = $1{only} ORDER BY e.seq DESC LIMIT ${lim} OFFSET ${off}"
        );
        let mut count = sqlx::query(sqlx::AssertSqlSafe(count_sql)).bind(id.to_string());
        let mut page = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string());
        for a in actions {
            count = count.bind(a.code());
            page = page.bind(a.code());
        }
        let total = int(&count.fetch_one(&self.pool).await?, "n")?;
        let rows = page.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let entries = rows
            .iter()
            .map(|r| {
                Ok(TrailEntry {
                    record: record(r)?,
                    actor_name: opt_text(r, "actor_name")?,
                    agency_name: opt_text(r, "agency_name")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(TrailPage { total, entries })
    }

    /// Recomputes the whole chain in pages (memory stays flat however long the
    /// chain is) under the audit key, and checks the head agrees with the last
    /// record, so records cut from the end are caught too. With an anchor made
    /// earlier (`mappa audit anchor`), the record it names must still be there
    /// unchanged: a chain cut short or rewritten since is caught even if the
    /// rewriter had the key.
    pub async fn verify_audit_chain(&self, anchor: Option<&AuditAnchor>) -> Result<VerifyReport> {
        let key = self.audit_key()?;
        if anchor.is_some_and(|a| !a.is_genuine(key)) {
            return Ok(VerifyReport::ForgedAnchor);
        }
        let mut v = ChainVerifier::new(key);
        let mut after = 0i64;
        loop {
            let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT 5000");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(after).fetch_all(&self.pool).await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let r = record(row)?;
                if let Err(b) = v.check(&r) {
                    return Ok(VerifyReport::Broken(b));
                }
                if let Some(a) = anchor
                    && a.seq == r.seq
                    && a.hash != r.hash
                {
                    return Ok(VerifyReport::Broken(ChainBreak::DiffersFromAnchor { seq: r.seq }));
                }
                after = r.seq;
            }
        }
        let (head_seq, head_hash) = self.audit_head().await?;
        if head_seq != after || head_hash != v.last_hash() {
            return Ok(VerifyReport::Broken(ChainBreak::Truncated { last_present: after, head: head_seq }));
        }
        if let Some(a) = anchor
            && a.seq > after
        {
            return Ok(VerifyReport::Broken(ChainBreak::ShorterThanAnchor { last_present: after, anchor: a.seq }));
        }
        Ok(VerifyReport::Intact { records: v.checked })
    }

    /// The chain's head: the last sequence number and MAC.
    async fn audit_head(&self) -> Result<(i64, String)> {
        let head =
            sqlx::query("SELECT seq, last_hash FROM audit_chain_head WHERE id = 1").fetch_one(&self.pool).await?;
        Ok((int(&head, "seq")?, text(&head, "last_hash")?))
    }

    /// A signed statement of the chain's head as it is now, to keep outside
    /// the database.
    pub async fn audit_anchor(&self, at: jiff::Timestamp) -> Result<AuditAnchor> {
        let key = self.audit_key()?;
        let (seq, hash) = self.audit_head().await?;
        Ok(AuditAnchor::sign(key, seq, hash, crate::format_timestamp(at)))
    }

    /// Checks, before anything is written, that the audit key is the one the
    /// chain was written with: the last record must verify under it (an empty
    /// chain takes any key).
    pub async fn check_audit_key(&self) -> Result<()> {
        let key = self.audit_key()?;
        let sql = format!("SELECT {COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT 1");
        match sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_optional(&self.pool).await? {
            Some(row) if record(&row)?.compute_mac(key) != text(&row, "hash")? => Err(StoreError::WrongAuditKey),
            _ => Ok(()),
        }
    }
}
