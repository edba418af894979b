//! The audit trail as people see it: an auditor's search across agencies
//! (who looked at or changed which record, what a user looked at), and one
//! record's own trail. Who, when, which action, which record and which fields
//! changed are always shown; the values only where the viewer's agency reaches
//! the record (`access::audit_values_visible`).

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordReach, audit_values_visible};
use mappa_domain::audit::{AuditRecord, changed_fields};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::role::Role;
use mappa_domain::values::parse_date;
use mappa_store::{AuditEntry, AuditFilter};
use std::collections::HashMap;

/// At most this many records in one answer.
pub const AUDIT_SEARCH_LIMIT: i64 = 500;

/// An auditor's question, as typed: every part optional.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// A username (case is ignored).
    pub actor: Option<String>,
    /// A record's id (422 `invalid_id` if it is not one).
    pub nominal: Option<String>,
    /// An action code, e.g. `nominal.view`.
    pub action: Option<String>,
    /// The first UK day, `YYYY-MM-DD` (422 `invalid_date`).
    pub from: Option<String>,
    /// The last UK day, `YYYY-MM-DD`; not before `from` (422 `before_start`).
    pub to: Option<String>,
}

/// An audit record as shown to one viewer.
#[derive(Clone, Debug)]
pub struct ShownAudit {
    /// Its `before`, `after` and `reason` are None when `values_hidden`.
    pub record: AuditRecord,
    pub changed_fields: Vec<String>,
    pub values_hidden: bool,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The start of a UK day, as a moment.
fn day_start(d: jiff::civil::Date) -> Option<jiff::Timestamp> {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    d.to_zoned(tz).ok().map(|z| z.timestamp())
}

impl AuditQuery {
    /// The store's filter; every problem named by its field.
    pub fn parse(&self) -> std::result::Result<AuditFilter, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let nominal = blank(&self.nominal).and_then(|raw| match raw.parse::<NominalId>() {
            Ok(id) => Some(id),
            Err(_) => {
                e.add("nominal", "invalid_id", "Enter a record's id as it appears in the record's address");
                None
            }
        });
        let from = blank(&self.from).and_then(|raw| e.take(parse_date("from", "the first day", raw)));
        let to = blank(&self.to).and_then(|raw| e.take(parse_date("to", "the last day", raw)));
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            e.add("to", "before_start", "The last day must be the same as or after the first day");
        }
        for (field, value) in [("actor", &self.actor), ("action", &self.action)] {
            if blank(value).is_some_and(|v| v.chars().count() > 100) {
                e.add(field, "too_long", "Enter 100 characters or fewer");
            }
        }
        let filter = AuditFilter {
            actor_username: blank(&self.actor).map(str::to_lowercase),
            nominal,
            action: blank(&self.action).map(str::to_string),
            from: from.and_then(day_start),
            before: to.and_then(|t| t.tomorrow().ok()).and_then(day_start),
            limit: AUDIT_SEARCH_LIMIT,
        };
        e.into_result(filter)
    }
}

impl App {
    /// The auditor's search across agencies (auditors only). The search is
    /// itself audited, with its filter.
    pub async fn audit_events(&self, actor: &Actor, query: &AuditQuery) -> Result<Vec<ShownAudit>> {
        if !actor.has(Role::Auditor) {
            return Err(AppError::Forbidden);
        }
        let filter = query.parse()?;
        let records = self.store.audit_search(&filter).await?;
        let shown = self.shown_to(actor, records).await?;
        let asked = serde_json::json!({
            "actor": filter.actor_username, "nominal": filter.nominal.map(|n| n.to_string()),
            "action": filter.action, "from": blank(&query.from), "to": blank(&query.to), "returned": shown.len(),
        });
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::AuditSearch, "audit", ItemId::new()).after(&asked),
            )
            .await?;
        Ok(shown)
    }

    /// Hides the values of records outside the viewer's agency's reach.
    pub(crate) async fn shown_to(&self, actor: &Actor, records: Vec<AuditRecord>) -> Result<Vec<ShownAudit>> {
        let mut reach: HashMap<String, Option<RecordReach>> = HashMap::new();
        let mut out = Vec::with_capacity(records.len());
        for mut r in records {
            let record_reach = match r.nominal_id.as_deref() {
                None => None,
                Some(n) => {
                    if !reach.contains_key(n) {
                        let found = match n.parse::<NominalId>() {
                            Ok(id) => self.store.reach(id).await?,
                            Err(_) => None,
                        };
                        reach.insert(n.to_string(), found);
                    }
                    reach.get(n).cloned().flatten()
                }
            };
            let visible = audit_values_visible(actor, record_reach.as_ref(), r.actor_agency.as_deref());
            let changed = changed_fields(r.before.as_deref(), r.after.as_deref());
            if !visible {
                (r.before, r.after, r.reason) = (None, None, None);
            }
            out.push(ShownAudit { record: r, changed_fields: changed, values_hidden: !visible });
        }
        Ok(out)
    }
}
