//! Use case for agency accountability (seed 004): the area's coordinators and
//! chairs see the figures with the drill-down to meetings and actions;
//! analysts and lay advisers see the same figures for agencies, never a
//! person's details.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::Actor;
use mappa_domain::accountability::{AgencyAccountability, parse_period};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::minutes::Action;
use mappa_domain::panels::Area;
use mappa_domain::role::Role;
use mappa_store::{AuditEntry, InvitationLine, ReportPlace};

/// A report's scope as asked for: an area's code (the caller's by default),
/// a local unit's code, and the period.
#[derive(Clone, Debug, Default)]
pub struct ReportQuery {
    pub area: Option<String>,
    pub unit: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The figures, with the scope they cover.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AccountabilityReport {
    pub area: String,
    pub unit: Option<String>,
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
    pub agencies: Vec<AgencyAccountability>,
}

/// Who may read agency figures.
fn reads_figures(actor: &Actor) -> bool {
    actor.works_mappa() || actor.has(Role::Analyst) || actor.has(Role::LayAdviser)
}

impl App {
    async fn report_scope(
        &self,
        actor: &Actor,
        q: &ReportQuery,
    ) -> Result<(Area, ReportPlace, mappa_domain::accountability::Period)> {
        if !reads_figures(actor) {
            return Err(AppError::Forbidden);
        }
        let period = parse_period(q.from.as_deref(), q.to.as_deref(), self.today())?;
        let area = match q.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(code) => self.store.area(&code.to_uppercase()).await?.ok_or_else(|| {
                ValidationErrors::single("area", "unknown_area", "There is no MAPPA area with that code")
            })?,
            None => self.actor_area(actor).await?.ok_or_else(|| {
                ValidationErrors::single("area", "required", "Select the MAPPA area: your agency is in none")
            })?,
        };
        let unit = match q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(code) => {
                Some(area.units.iter().find(|u| u.code == code.to_uppercase()).map(|u| u.id).ok_or_else(|| {
                    ValidationErrors::single(
                        "unit",
                        "unknown_unit",
                        "There is no local unit with that code in the area",
                    )
                })?)
            }
            None => None,
        };
        let place = ReportPlace { area: area.id, unit };
        Ok((area, place, period))
    }

    /// Per agency, for meetings held in the period in the area (or one of
    /// its local units): invitations, attendance, and the actions given with
    /// how they stand today. Audited.
    pub async fn agency_accountability(&self, actor: &Actor, q: &ReportQuery) -> Result<AccountabilityReport> {
        let (area, place, period) = self.report_scope(actor, q).await?;
        let agencies = self.store.agency_accountability(place, &period, self.today()).await?;
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::AccountabilityView, "report", "agency-accountability"),
            )
            .await?;
        let unit = place.unit.and_then(|u| area.units.iter().find(|x| x.id == u)).map(|u| u.code.clone());
        Ok(AccountabilityReport { area: area.code, unit, from: period.from, to: period.to, agencies })
    }

    /// The meetings and actions behind one agency's figures, for the
    /// coordinators and chairs of the area (they name people). Audited.
    pub async fn agency_record(
        &self,
        actor: &Actor,
        q: &ReportQuery,
        agency: &str,
    ) -> Result<(AccountabilityReport, Vec<InvitationLine>, Vec<Action>)> {
        let own = self.coordinating_area(actor).await?;
        let (area, place, period) = self.report_scope(actor, q).await?;
        if area.id != own.id {
            return Err(AppError::NotFound);
        }
        let agency = self.agency_id(agency, "agency").await?;
        let (invitations, actions) = self.store.agency_record(place, &period, agency, self.today()).await?;
        let figures = self.store.agency_accountability(place, &period, self.today()).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::AccountabilityView, "agency", agency))
            .await?;
        let unit = place.unit.and_then(|u| area.units.iter().find(|x| x.id == u)).map(|u| u.code.clone());
        let report =
            AccountabilityReport { area: area.code, unit, from: period.from, to: period.to, agencies: figures };
        Ok((report, invitations, actions))
    }
}
