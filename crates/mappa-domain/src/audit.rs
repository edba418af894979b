//! The audit chain (principle 1). Each record carries a MAC, HMAC-SHA-256
//! under a key held outside the database, over its content and the previous
//! record's MAC. Altering, removing or reordering any record breaks the chain
//! from there, and without the key nobody, not even the database's own
//! administrator, can compute a MAC that verifies; `mappa audit verify` names
//! the first record that fails. A signed [`AuditAnchor`] of the chain's head,
//! kept elsewhere, shows later that the chain was not cut short or rewritten.

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The value the first record chains from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The secret that authenticates audit records: 32 random bytes, kept in a
/// file outside the database (written as 64 hexadecimal digits).
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// Why a key file's text is not a key (never echoing the text).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an audit key is 64 hexadecimal digits (32 bytes); write a new one with `mappa audit new-key FILE`")]
pub struct BadAuditKey;

impl AuditKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Reads a key file's text: 64 hexadecimal digits, surrounding white
    /// space ignored.
    pub fn from_hex(text: &str) -> Result<Self, BadAuditKey> {
        let bytes = hex::decode(text.trim()).map_err(|_| BadAuditKey)?;
        bytes.try_into().map(Self).map_err(|_| BadAuditKey)
    }

    /// The key file's text.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// HMAC-SHA-256 of length-prefixed fields under `label`, so that no two
    /// different inputs, nor a record and an anchor, share a MAC.
    fn mac(&self, label: &str, fields: &[Option<&str>]) -> String {
        let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        m.update(label.as_bytes());
        for f in fields {
            match f {
                None => m.update(&[0u8]),
                Some(s) => {
                    m.update(&[1u8]);
                    m.update(&(s.len() as u64).to_be_bytes());
                    m.update(s.as_bytes());
                }
            }
        }
        hex::encode(m.finalize().into_bytes())
    }
}

/// One audit record as stored. `before` and `after` are JSON text kept
/// byte-for-byte as authenticated; `hash` holds the record's MAC.
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
    /// The MAC this record should carry under `key`, given its content and
    /// `prev_hash`.
    pub fn compute_mac(&self, key: &AuditKey) -> String {
        let seq = self.seq.to_string();
        key.mac(
            "mappa audit record v2",
            &[
                Some(&seq),
                Some(&self.id),
                Some(&self.at),
                self.actor_user_id.as_deref(),
                Some(&self.actor_username),
                self.actor_agency.as_deref(),
                Some(&self.action),
                Some(&self.entity_type),
                self.entity_id.as_deref(),
                self.nominal_id.as_deref(),
                self.before.as_deref(),
                self.after.as_deref(),
                self.reason.as_deref(),
                Some(&self.prev_hash),
            ],
        )
    }
}

/// A signed statement of the chain's head, for publishing outside the
/// database (`mappa audit anchor`): any later chain must still hold this
/// record, unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditAnchor {
    /// The head's sequence number (0 for an empty chain).
    pub seq: i64,
    /// The head record's MAC.
    pub hash: String,
    /// When the anchor was made (UTC, RFC 3339).
    pub at: String,
    /// HMAC-SHA-256 of the three above under the audit key.
    pub mac: String,
}

impl AuditAnchor {
    fn mac_of(key: &AuditKey, seq: i64, hash: &str, at: &str) -> String {
        key.mac("mappa audit anchor v1", &[Some(&seq.to_string()), Some(hash), Some(at)])
    }

    pub fn sign(key: &AuditKey, seq: i64, hash: String, at: String) -> Self {
        let mac = Self::mac_of(key, seq, &hash, &at);
        Self { seq, hash, at, mac }
    }

    /// Whether the anchor was signed with `key` and not altered since.
    pub fn is_genuine(&self, key: &AuditKey) -> bool {
        Self::mac_of(key, self.seq, &self.hash, &self.at) == self.mac
    }
}

/// Why a chain failed verification, naming the first bad record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// The record's content does not match its MAC (it was altered, or
    /// written without the key).
    HashMismatch { seq: i64, id: String },
    /// The record does not chain from the one before (one was removed or reordered).
    BrokenLink { seq: i64, id: String },
    /// Sequence numbers skip (a record was removed).
    Gap { expected: i64, found: i64 },
    /// The chain's head says more records were written than remain: the last
    /// ones were removed.
    Truncated { last_present: i64, head: i64 },
    /// The chain is shorter than an anchor made of it: it was cut short.
    ShorterThanAnchor { last_present: i64, anchor: i64 },
    /// The record an anchor names is not the one there now: the chain was
    /// rewritten since.
    DiffersFromAnchor { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::HashMismatch { seq, id } => write!(
                f,
                "audit record {seq} ({id}) has been altered: its content does not match its MAC under the audit key"
            ),
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
            ChainBreak::ShorterThanAnchor { last_present, anchor } => write!(
                f,
                "the chain ends at record {last_present}, but the anchor shows it reached record {anchor}: it was cut short"
            ),
            ChainBreak::DiffersFromAnchor { seq } => {
                write!(f, "audit record {seq} is not the record the anchor names: the chain was rewritten since")
            }
        }
    }
}

/// Incremental verifier: feed records in `seq` order.
#[derive(Clone, Debug)]
pub struct ChainVerifier {
    key: AuditKey,
    prev_hash: String,
    next_seq: i64,
    pub checked: u64,
}

impl ChainVerifier {
    pub fn new(key: &AuditKey) -> Self {
        Self { key: key.clone(), prev_hash: GENESIS_HASH.to_string(), next_seq: 1, checked: 0 }
    }

    pub fn check(&mut self, r: &AuditRecord) -> Result<(), ChainBreak> {
        if r.seq != self.next_seq {
            return Err(ChainBreak::Gap { expected: self.next_seq, found: r.seq });
        }
        if r.compute_mac(&self.key) != r.hash {
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

    /// The MAC the chain ends with so far.
    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }
}

/// The top-level fields an audit record's `before` and `after` (JSON objects)
/// differ in, in order: what an auditor may always be told, even where the
/// values themselves are not theirs to see.
pub fn changed_fields(before: Option<&str>, after: Option<&str>) -> Vec<String> {
    let object = |s: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| match v {
                serde_json::Value::Object(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default()
    };
    let (b, a) = (object(before), object(after));
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().filter(|k| b.get(*k) != a.get(*k)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::from_bytes([7; 32])
    }

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
                r.hash = r.compute_mac(&key());
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    fn verify(records: &[AuditRecord]) -> Result<(), ChainBreak> {
        let mut v = ChainVerifier::new(&key());
        records.iter().try_for_each(|r| v.check(r))
    }

    #[test]
    fn changed_fields_name_what_differs_and_never_the_values() {
        let before = Some(r#"{"surname":"A","forenames":"B","dob":"1990-01-01"}"#);
        let after = Some(r#"{"surname":"C","forenames":"B","alias":"D"}"#);
        assert_eq!(changed_fields(before, after), vec!["alias", "dob", "surname"]);
        assert_eq!(changed_fields(None, Some(r#"{"x":1}"#)), vec!["x"]);
        assert!(changed_fields(None, None).is_empty());
        assert!(changed_fields(Some("[1]"), Some("not json")).is_empty());
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
        c[2].hash = c[2].compute_mac(&key());
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
        assert_ne!(r.compute_mac(&key()), c[0].compute_mac(&key()));
    }

    /// What someone who can write to the database but has no key can do:
    /// alter a record and recompute plain SHA-256 hashes down the chain.
    #[test]
    fn a_chain_rewritten_with_plain_sha_256_fails_at_the_first_record_changed() {
        use sha2::Digest;
        let mut c = chain(5);
        c[1].after = Some(r#"{"a":99}"#.into());
        let mut prev = c[0].hash.clone();
        for r in c.iter_mut().skip(1) {
            r.prev_hash = prev.clone();
            let mut h = sha2::Sha256::new();
            h.update(format!("{}{}{:?}{}", r.seq, r.id, r.after, r.prev_hash));
            r.hash = hex::encode(h.finalize());
            prev = r.hash.clone();
        }
        assert_eq!(verify(&c), Err(ChainBreak::HashMismatch { seq: 2, id: "id2".into() }));
    }

    #[test]
    fn another_key_verifies_nothing() {
        let mut v = ChainVerifier::new(&AuditKey::from_bytes([8; 32]));
        assert!(matches!(v.check(&chain(1)[0]), Err(ChainBreak::HashMismatch { seq: 1, .. })));
    }

    #[test]
    fn keys_are_read_from_64_hex_digits_and_never_shown() {
        let k = AuditKey::from_hex(&format!("  {}\n", "ab".repeat(32))).unwrap();
        assert_eq!(k.to_hex(), "ab".repeat(32));
        assert_eq!(format!("{k:?}"), "AuditKey(..)");
        for bad in ["", "abc", &"zz".repeat(32), &"ab".repeat(31), &"ab".repeat(33)] {
            assert_eq!(AuditKey::from_hex(bad), Err(BadAuditKey), "{bad}");
        }
    }

    #[test]
    fn an_anchor_is_genuine_only_under_its_key_and_unaltered() {
        let a = AuditAnchor::sign(&key(), 5, "h".into(), "2026-12-01T00:00:00Z".into());
        assert!(a.is_genuine(&key()));
        assert!(!a.is_genuine(&AuditKey::from_bytes([8; 32])));
        assert!(!AuditAnchor { seq: 4, ..a.clone() }.is_genuine(&key()));
    }
}
