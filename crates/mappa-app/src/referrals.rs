//! Use cases for referrals to Level 2 or 3 (MAPPA A; MTG-4, MTG-6) and their
//! screening by the area's MAPPA coordinator (LVL-0..3).

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, PanelId, ReferralId};
use mappa_domain::panels::Panel;
use mappa_domain::referrals::{
    Referral, ReferralInput, ReferralSection, ReferralStatus, ResubmissionInput, ScreeningInput, ScreeningOutcome,
    ValidSection,
};
use mappa_domain::rules::{referral_due_before_release, referral_screening_due};
use mappa_store::{AuditEntry, NewReferral, Place, ReferralFilter, Resubmission};

impl App {
    /// Refers a person to Level 2 or 3 (MTG-6). A person the referrer's
    /// agency cannot reach is answered as one that does not exist. The
    /// referral goes to the case's area (its own, else its owning agency's);
    /// one for a person in custody arriving later than the configured months
    /// before release is flagged (MTG-4).
    pub async fn refer(&self, actor: &Actor, input: &ReferralInput) -> Result<Referral> {
        let r = input.parse()?;
        let granted = self.authorise(actor, r.nominal, RecordAction::Contribute).await?;
        let place = self.store.case_place(r.nominal).await?.ok_or_else(|| {
            ValidationErrors::single(
                "nominal_id",
                "no_area",
                "The record's MAPPA area is not known: ask an administrator to put its agency in an area",
            )
        })?;
        let place = match &r.unit {
            Some(code) => {
                let area = self.store.areas().await?.into_iter().find(|a| a.id == place.area);
                let unit = area.and_then(|a| a.units.into_iter().find(|u| &u.code == code)).ok_or_else(|| {
                    ValidationErrors::single(
                        "unit",
                        "unknown_unit",
                        "There is no local unit with that code in the area",
                    )
                })?;
                Place { area: place.area, unit: Some(unit.id) }
            }
            None => place,
        };
        let sections = self.section_agencies(actor, &r.sections).await?;
        let today = self.today();
        let due_before_release = r.release_date.and_then(|d| referral_due_before_release(d, &self.rules).value);
        let new = NewReferral {
            id: ReferralId::new(),
            place,
            level: r.level,
            category: r.category,
            reason: r.reason,
            release_date: r.release_date,
            due_before_release,
            late: due_before_release.is_some_and(|due| today > due),
            screening_due: referral_screening_due(today, &self.rules).value,
            referring_agency: actor.agency_id,
            referred_on: today,
            sections,
        };
        Ok(self.store.create_referral(&self.ctx(actor), &granted, &new, actor.user_id).await?)
    }

    /// One referral, for those who reach its record; the read is audited.
    pub async fn referral(&self, actor: &Actor, id: ReferralId) -> Result<Referral> {
        let r = self.store.referral(id).await?.ok_or(AppError::NotFound)?;
        self.authorise(actor, r.nominal_id, RecordAction::View).await?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::ReferralView, "referral", id).nominal(r.nominal_id),
            )
            .await?;
        Ok(r)
    }

    /// The referrals of the caller's area, for its coordinators and chairs:
    /// by default those awaiting screening.
    pub async fn referrals(&self, actor: &Actor, status: Option<ReferralStatus>) -> Result<Vec<Referral>> {
        if !actor.works_mappa() {
            return Err(AppError::Forbidden);
        }
        let Some(area) = self.actor_area(actor).await? else { return Ok(Vec::new()) };
        let list = self.store.area_referrals(area.id, ReferralFilter { status, nominal: None }).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::ReferralsView, "referral", "list"))
            .await?;
        Ok(list)
    }

    /// The coordinator's screening: accepted at Level 2 or 3 (listed for a
    /// panel), managed at Level 1 with the reason, or returned for more
    /// information. Only the referral's area's coordinators and chairs screen.
    pub async fn screen(&self, actor: &Actor, id: ReferralId, input: &ScreeningInput) -> Result<Referral> {
        let r = self.store.referral(id).await?.ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, r.nominal_id, RecordAction::Coordinate).await?;
        // Another area's referral is not this coordinator's to see.
        let area = self.actor_area(actor).await?.filter(|a| a.code == r.area).ok_or(AppError::NotFound)?;
        let panels = self.store.panels(Some(area.id)).await?;
        let s = input.parse()?;
        let panel = match (s.outcome, s.level) {
            (ScreeningOutcome::Accepted, Some(level)) => Some(pick_panel(&panels, &r, level, s.panel)?),
            _ => None,
        };
        Ok(self.store.screen_referral(&self.ctx(actor), &granted, id, &s, panel, actor.user_id).await?)
    }

    /// Sends a returned referral again with what the coordinator asked for
    /// (MTG-6): only the referring agency does, while it reaches the record;
    /// screening is due again the configured days from today.
    pub async fn resubmit(&self, actor: &Actor, id: ReferralId, input: &ResubmissionInput) -> Result<Referral> {
        let r = self.store.referral(id).await?.ok_or(AppError::NotFound)?;
        let granted = self.authorise(actor, r.nominal_id, RecordAction::Contribute).await?;
        // Another agency's referral; one not returned is the store's conflict.
        if r.referring_agency != actor.agency_code {
            return Err(AppError::Forbidden);
        }
        let v = input.parse()?;
        let resubmission = Resubmission {
            sections: self.section_agencies(actor, &v.sections).await?,
            note: v.note,
            reason: v.reason,
            screening_due: referral_screening_due(self.today(), &self.rules).value,
        };
        Ok(self.store.resubmit_referral(&self.ctx(actor), &granted, id, &resubmission, actor.user_id).await?)
    }

    /// Each section with the agency that completed it: the one named, else
    /// the caller's.
    async fn section_agencies(
        &self,
        actor: &Actor,
        sections: &[ValidSection],
    ) -> Result<Vec<(ReferralSection, AgencyId, String)>> {
        let mut out = Vec::with_capacity(sections.len());
        for (i, s) in sections.iter().enumerate() {
            let agency = match &s.agency {
                Some(code) => self.agency_id(code, &format!("sections[{i}].agency")).await?,
                None => actor.agency_id,
            };
            out.push((s.section, agency, s.text.clone()));
        }
        Ok(out)
    }

    /// The agency with this code, or a field error.
    pub(crate) async fn agency_id(&self, code: &str, field: &str) -> Result<AgencyId> {
        Ok(self
            .store
            .agency_by_code(&code.trim().to_uppercase())
            .await?
            .ok_or_else(|| ValidationErrors::single(field, "unknown_agency", "There is no agency with that code"))?
            .id)
    }
}

/// The panel an accepted referral is listed for: the one chosen, which must be
/// of the area and the level; by default the area's Level 3 panel, or the
/// Level 2 panel of the referral's unit (else the area's first).
fn pick_panel(panels: &[Panel], r: &Referral, level: u8, chosen: Option<PanelId>) -> Result<PanelId> {
    let of_level = || panels.iter().filter(move |p| p.level == level && p.area == r.area);
    let found = match chosen {
        Some(id) => of_level().find(|p| p.id == id),
        None => of_level().find(|p| p.unit == r.unit).or_else(|| of_level().next()),
    };
    found.map(|p| p.id).ok_or_else(|| {
        let msg = if chosen.is_some() {
            "Select a panel of the area that meets at the level decided"
        } else {
            "The area has no panel at that level: ask an administrator to add one"
        };
        AppError::Invalid(ValidationErrors::single("panel_id", "unknown_panel", msg))
    })
}
