//! The audit chain (principle 1). Each record's hash covers its content and the
//! previous record's hash, so altering, removing or reordering any record
//! breaks every hash after it, and `mappa audit verify` names the first break.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash the first record chains from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record as stored. `before` and `after` are JSON text kept
/// byte-for-byte as hashed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub id: String,
    /// UTC timestamp, RFC 3339 with microseconds (`2026-11-23T09:00:00.000000Z`).
    pub at: String,
    pub actor_user_id: Option<String>,
    pub actor_username: String,
    pub actor_agency: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub nominal_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// The hash this record should carry, given its content and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        // Length-prefixed fields: no two different records serialise the same.
        let mut field = |v: Option<&str>| match v {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        };
        field(Some(&self.seq.to_string()));
        field(Some(&self.id));
        field(Some(&self.at));
        field(self.actor_user_id.as_deref());
        field(Some(&self.actor_username));
        field(self.actor_agency.as_deref());
        field(Some(&self.action));
        field(Some(&self.entity_type));
        field(self.entity_id.as_deref());
        field(self.nominal_id.as_deref());
        field(self.before.as_deref());
        field(self.after.as_deref());
        field(self.reason.as_deref());
        field(Some(&self.prev_hash));
        hex::encode(h.finalize())
    }
}

/// Why a chain failed verification, naming the first bad record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// The record's content does not match its hash (it was altered).
    HashMismatch { seq: i64, id: String },
    /// The record does not chain from the one before (one was removed or reordered).
    BrokenLink { seq: i64, id: String },
    /// Sequence numbers skip (a record was removed).
    Gap { expected: i64, found: i64 },
    /// The chain's head says more records were written than remain: the last
    /// ones were removed.
    Truncated { last_present: i64, head: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::HashMismatch { seq, id } => {
                write!(f, "audit record {seq} ({id}) has been altered: its content does not match its hash")
            }
            ChainBreak::BrokenLink { seq, id } => write!(
                f,
                "audit record {seq} ({id}) does not follow from the record before it: a record was removed or reordered"
            ),
            ChainBreak::Gap { expected, found } => {
                write!(f, "audit record {expected} is missing (the next record is {found})")
            }
            ChainBreak::Truncated { last_present, head } => {
                write!(f, "audit records {} to {head} are missing from the end of the chain", last_present + 1)
            }
        }
    }
}

/// Incremental verifier: feed records in `seq` order.
#[derive(Clone, Debug)]
pub struct ChainVerifier {
    prev_hash: String,
    next_seq: i64,
    pub checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { prev_hash: GENESIS_HASH.to_string(), next_seq: 1, checked: 0 }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, r: &AuditRecord) -> Result<(), ChainBreak> {
        if r.seq != self.next_seq {
            return Err(ChainBreak::Gap { expected: self.next_seq, found: r.seq });
        }
        if r.compute_hash() != r.hash {
            return Err(ChainBreak::HashMismatch { seq: r.seq, id: r.id.clone() });
        }
        if r.prev_hash != self.prev_hash {
            return Err(ChainBreak::BrokenLink { seq: r.seq, id: r.id.clone() });
        }
        self.prev_hash = r.hash.clone();
        self.next_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// The hash the chain ends with so far.
    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut r = AuditRecord {
                    seq,
                    id: format!("id{seq}"),
                    at: "2026-11-23T09:00:00.000000Z".into(),
                    actor_user_id: Some("u".into()),
                    actor_username: "alice".into(),
                    actor_agency: Some("MPS".into()),
                    action: "nominal.update".into(),
                    entity_type: "nominal".into(),
                    entity_id: Some("n".into()),
                    nominal_id: Some("n".into()),
                    before: Some(r#"{"a":1}"#.into()),
                    after: Some(r#"{"a":2}"#.into()),
                    reason: None,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = r.compute_hash();
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    fn verify(records: &[AuditRecord]) -> Result<(), ChainBreak> {
        let mut v = ChainVerifier::default();
        records.iter().try_for_each(|r| v.check(r))
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(()));
    }

    #[test]
    fn altering_content_is_detected_at_that_record() {
        let mut c = chain(5);
        c[2].after = Some(r#"{"a":3}"#.into());
        assert_eq!(verify(&c), Err(ChainBreak::HashMismatch { seq: 3, id: "id3".into() }));
    }

    #[test]
    fn rehashing_an_altered_record_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].reason = Some("cover-up".into());
        c[2].hash = c[2].compute_hash();
        assert_eq!(verify(&c), Err(ChainBreak::BrokenLink { seq: 4, id: "id4".into() }));
    }

    #[test]
    fn removing_a_record_is_detected() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c), Err(ChainBreak::Gap { expected: 2, found: 3 }));
    }

    #[test]
    fn none_and_empty_hash_differently() {
        let c = chain(1);
        let mut r = c[0].clone();
        r.reason = Some(String::new());
        assert_ne!(r.compute_hash(), c[0].compute_hash());
    }
}
