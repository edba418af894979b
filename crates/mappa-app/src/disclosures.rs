//! Use cases for MAPPA disclosure (issue 11, journey 1; DIS-1..6). A
//! decision is the lead (owning) agency's between meetings, or the MAPPA
//! unit's at a meeting where the case was listed. Anyone who reaches the
//! record reads the decisions; the read is audited.

use crate::App;
use crate::error::Result;
use jiff::civil::Date;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::disclosures::{Disclosure, DisclosureInput, DisclosureMadeInput};
use mappa_domain::ids::{ItemId, NominalId};
use mappa_store::AuditEntry;

impl App {
    /// The record's disclosure decisions, the latest first.
    pub async fn disclosures(&self, actor: &Actor, id: NominalId) -> Result<Vec<Disclosure>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.disclosures(&granted).await?;
        let entry = AuditEntry::new(AuditAction::DisclosuresView, "nominal", id).nominal(id);
        self.store.audit_only(&self.ctx(actor), entry).await?;
        Ok(list)
    }

    /// What the caller may do: the owning agency's decision-makers decide;
    /// otherwise the MAPPA unit, at a meeting.
    async fn disclosure_action(&self, actor: &Actor, id: NominalId) -> Result<RecordAction> {
        Ok(if self.may(actor, id, RecordAction::Decide).await? {
            RecordAction::Decide
        } else {
            RecordAction::Coordinate
        })
    }

    /// Whether the caller may record a decision on the record, and whether
    /// only at a meeting (the MAPPA unit, not the lead agency).
    pub async fn may_decide_disclosure(&self, actor: &Actor, id: NominalId) -> Result<(bool, bool)> {
        if self.may(actor, id, RecordAction::Decide).await? {
            return Ok((true, false));
        }
        Ok((self.may(actor, id, RecordAction::Coordinate).await?, true))
    }

    /// Records a disclosure decision (DIS-2, DIS-5) and, when given, the
    /// disclosure made (DIS-3, DIS-4). The MAPPA unit records one only against
    /// a meeting at which the case was listed.
    pub async fn record_disclosure(&self, actor: &Actor, id: NominalId, input: &DisclosureInput) -> Result<Disclosure> {
        let action = self.disclosure_action(actor, id).await?;
        let granted = self.authorise(actor, id, action).await?;
        let v = input.parse(self.today())?;
        if action == RecordAction::Coordinate && v.meeting_case.is_none() {
            return Err(mappa_domain::ValidationErrors::single(
                "meeting_case_id",
                "required",
                "Select the meeting at which it was decided: between meetings, the lead agency decides",
            )
            .into());
        }
        Ok(self.store.record_disclosure(&self.ctx(actor), &granted, &v, (actor.user_id, actor.agency_id)).await?)
    }

    /// Records that a decision to disclose was carried out.
    pub async fn record_disclosure_made(
        &self,
        actor: &Actor,
        id: NominalId,
        disclosure: ItemId,
        input: &DisclosureMadeInput,
    ) -> Result<Disclosure> {
        let action = self.disclosure_action(actor, id).await?;
        let granted = self.authorise(actor, id, action).await?;
        let today = self.today();
        let check = |decided_on: Date| {
            let mut e = mappa_domain::ValidationErrors::new();
            let made = input.check(&mut e, Some(decided_on), today);
            if made.disclosed_on.is_none() && !e.has("disclosed_on") {
                e.add("disclosed_on", "required", "Enter the date the disclosure was made");
            }
            if e.is_empty() { Ok(made) } else { Err(e) }
        };
        Ok(self.store.record_disclosure_made(&self.ctx(actor), &granted, disclosure, check).await?)
    }

    /// The meetings at which the case was listed, for the decision form:
    /// (meeting case id, day, panel).
    pub async fn case_meetings(&self, actor: &Actor, id: NominalId) -> Result<Vec<(ItemId, Date, String)>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        Ok(self.store.case_meetings(&granted).await?)
    }
}
