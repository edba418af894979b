//! Victims linked to a case (issue 11, journey 4; seed 003 on victims and
//! Victim Liaison Officers): their Victim Contact Scheme status, the VLO,
//! their views for the next meeting, and the licence conditions that protect
//! them. A victim's details are seen only by the agency that owns the case and
//! the VLO's agency, however the case is shared ([`victim_access`]).

use crate::access::{Actor, RecordAction, RecordReach, record_access};
use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::{AgencyId, ItemId};
use crate::record::UserRef;
use crate::role::Role;
use crate::values::{optional_text, required_code, required_text};
use serde::{Deserialize, Serialize};

coded_enum!(
    /// The victim's place in the statutory Victim Contact Scheme.
    ContactScheme {
        OptedIn = "opted_in" : "Opted in to the Victim Contact Scheme",
        OptedOut = "opted_out" : "Opted out of the Victim Contact Scheme",
        NotEligible = "not_eligible" : "Not eligible for the Victim Contact Scheme",
    }
);

/// A victim as submitted, added or changed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VictimInput {
    /// How the victim is known to the owning team and the VLO.
    pub name: Option<String>,
    /// `opted_in`, `opted_out` or `not_eligible`.
    pub contact_scheme: Option<String>,
    /// The victim's views, for the next meeting about the case.
    pub views: Option<String>,
    /// The Victim Liaison Officer's username; by default the caller when they
    /// are one.
    pub vlo: Option<String>,
    /// Ids of the licence conditions that protect the victim (no contact,
    /// exclusion zones).
    #[serde(default)]
    pub protected_by: Vec<String>,
}

/// A victim input checked, before the VLO and conditions are looked up.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidVictim {
    pub name: String,
    pub contact_scheme: ContactScheme,
    pub views: Option<String>,
    pub vlo: Option<String>,
    pub protected_by: Vec<ItemId>,
}
redacted_debug!(ValidVictim);

impl VictimInput {
    pub fn parse(&self) -> Result<ValidVictim, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.take(required_text("name", "the victim's name", self.name.as_deref(), 200));
        let contact_scheme = e.take(required_code(
            "contact_scheme",
            "Victim Contact Scheme status",
            self.contact_scheme.as_deref(),
            ContactScheme::from_code,
        ));
        let views = e.take(optional_text("views", "the victim's views", self.views.as_deref(), 8000)).flatten();
        let vlo = self.vlo.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_lowercase);
        let mut protected_by = Vec::new();
        for (i, raw) in self.protected_by.iter().enumerate() {
            match raw.trim().parse::<ItemId>() {
                Ok(id) if !protected_by.contains(&id) => protected_by.push(id),
                Ok(_) => {}
                Err(_) => e.add(
                    format!("protected_by[{i}]"),
                    "unknown_condition",
                    "Select licence conditions of this person's licence",
                ),
            }
        }
        match (name, contact_scheme) {
            (Some(name), Some(contact_scheme)) if e.is_empty() => {
                Ok(ValidVictim { name, contact_scheme, views, vlo, protected_by })
            }
            _ => Err(e),
        }
    }
}

/// A licence condition that protects a victim, as the victim's page names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Protection {
    pub condition_id: ItemId,
    pub wording: String,
}

/// A victim as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Victim {
    pub id: ItemId,
    pub name: String,
    pub contact_scheme: ContactScheme,
    pub views: Option<String>,
    /// When the views were last recorded.
    pub views_recorded_on: Option<jiff::civil::Date>,
    pub vlo: Option<UserRef>,
    /// The VLO's agency's code: with the owner, the only agency that sees the victim.
    pub vlo_agency: Option<String>,
    #[serde(skip)]
    pub vlo_agency_id: Option<AgencyId>,
    pub protected_by: Vec<Protection>,
}
redacted_debug!(Victim);

/// Whether `actor` may see (or, with `write`, record) a victim whose VLO works
/// for `vlo_agency`, on a record held as `reach`. Reaching the record is not
/// enough: only the owning agency and the VLO's agency see a victim, whatever
/// shares the case has. Recording takes an owning-agency case worker who may
/// edit the record, or a VLO of the owning agency or of the victim's VLO agency.
pub fn victim_access(actor: &Actor, reach: &RecordReach, vlo_agency: Option<AgencyId>, write: bool) -> bool {
    if !matches!(record_access(actor, reach, RecordAction::View), crate::access::Access::Allowed) {
        return false;
    }
    let owner = reach.owning_agency == actor.agency_id;
    let vlo_agency = vlo_agency == Some(actor.agency_id);
    if !write {
        return owner || vlo_agency;
    }
    let edits = owner && matches!(record_access(actor, reach, RecordAction::Edit), crate::access::Access::Allowed);
    edits || (actor.has(Role::VictimLiaison) && (owner || vlo_agency))
}

/// Whether `actor` may add a victim to a record held as `reach`: its owning
/// agency's editors, or a VLO of any agency that reaches the record (who
/// becomes the victim's VLO).
pub fn may_add_victim(actor: &Actor, reach: &RecordReach) -> bool {
    matches!(record_access(actor, reach, RecordAction::Victims), crate::access::Access::Allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::tests::actor;

    #[test]
    fn only_the_owner_and_the_vlo_agency_see_a_victim_however_the_case_is_shared() {
        let (owner, probation, housing, other) = (AgencyId::new(), AgencyId::new(), AgencyId::new(), AgencyId::new());
        let reach =
            RecordReach { owning_agency: owner, shared_with: vec![probation, housing], mappa_shared_with: vec![other] };
        let vlo = Some(probation);
        let table: &[(AgencyId, &[Role], bool, bool)] = &[
            // (agency, roles, sees, records)
            (owner, &[Role::Manager], true, true),
            (owner, &[Role::Supervisor], true, true),
            (owner, &[Role::Reception], true, false),
            (owner, &[Role::Analyst], false, false),
            (owner, &[Role::Auditor], false, false),
            (owner, &[Role::VictimLiaison], true, true),
            (probation, &[Role::VictimLiaison], true, true),
            (probation, &[Role::Manager], true, false),
            (housing, &[Role::Partner], false, false),
            (housing, &[Role::VictimLiaison], false, false),
            (other, &[Role::Coordinator], false, false),
        ];
        for (agency, roles, sees, records) in table {
            let a = actor(*agency, roles);
            assert_eq!(victim_access(&a, &reach, vlo, false), *sees, "{roles:?} sees");
            assert_eq!(victim_access(&a, &reach, vlo, true), *records, "{roles:?} records");
        }
        // A VLO of an agency that reaches the record may add a victim (and
        // becomes their VLO); a partner may not.
        assert!(may_add_victim(&actor(housing, &[Role::VictimLiaison]), &reach));
        assert!(!may_add_victim(&actor(housing, &[Role::Partner]), &reach));
        assert!(!may_add_victim(&actor(AgencyId::new(), &[Role::VictimLiaison]), &reach));
    }

    #[test]
    fn a_victim_needs_a_name_and_a_contact_scheme_status() {
        let e = VictimInput { contact_scheme: Some("maybe".into()), ..Default::default() }.parse().unwrap_err();
        let fields: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields, [("name", "required"), ("contact_scheme", "invalid_choice")]);
        let v = VictimInput {
            name: Some(" A. Victim ".into()),
            contact_scheme: Some("opted_in".into()),
            views: Some(" ".into()),
            ..Default::default()
        };
        let v = v.parse().unwrap();
        assert_eq!((v.name.as_str(), v.contact_scheme, v.views), ("A. Victim", ContactScheme::OptedIn, None));
    }
}
