//! Reads of personal data leave an audit record (principle 1): one per record
//! read, and one per list or search naming its filter and the records it
//! returned. Refusals are recorded too, so that probing for records outside
//! one's reach leaves a trace.

use crate::App;
use crate::error::Result;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_store::AuditEntry;
use serde_json::{Value, json};

impl App {
    /// Audits the read of one person's data, in its own transaction.
    pub(crate) async fn audit_record_read(&self, actor: &Actor, action: AuditAction, id: NominalId) -> Result<()> {
        let entry = AuditEntry::new(action, "nominal", id).nominal(id);
        Ok(self.store.audit_only(&self.ctx(actor), entry).await?)
    }

    /// Audits a list: what was asked for and which records came back.
    pub(crate) async fn audit_list_read(
        &self,
        actor: &Actor,
        action: AuditAction,
        filter: Value,
        returned: impl IntoIterator<Item = NominalId>,
    ) -> Result<()> {
        let ids: Vec<String> = returned.into_iter().map(|id| id.to_string()).collect();
        let entry = AuditEntry::new(action, "list", ItemId::new()).after(&json!({"filter": filter, "results": ids}));
        Ok(self.store.audit_only(&self.ctx(actor), entry).await?)
    }

    /// Audits a refused request for a record: outside the caller's reach
    /// (answered as not found), or within it but not allowed. A record that
    /// does not exist is named only by the id asked for.
    pub(crate) async fn audit_refusal(
        &self,
        actor: &Actor,
        id: NominalId,
        exists: bool,
        action: RecordAction,
        answer: &str,
    ) -> Result<()> {
        let mut entry = AuditEntry::new(AuditAction::AccessRefused, "nominal", id)
            .after(&json!({"action": format!("{action:?}").to_lowercase(), "answer": answer}));
        if exists {
            entry = entry.nominal(id);
        }
        Ok(self.store.audit_only(&self.ctx(actor), entry).await?)
    }
}
