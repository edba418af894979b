//! Need-to-know access policy (principle 2), pure and table-tested.
//!
//! A user reaches a record when their agency owns it or holds an active share
//! of it. Whatever is outside a user's reach is `Hidden`, which the edges turn
//! into 404 so that a record's existence never leaks. Within reach, a user
//! whose roles do not allow an action gets `Forbidden` (403).

use crate::ids::{AgencyId, NominalId, UserId};
use crate::role::Role;
use serde::Serialize;

/// Who is acting: resolved from a session or an API token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub agency_id: AgencyId,
    pub agency_code: String,
    pub agency_name: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    /// Roles that work with individual people's records.
    pub fn works_cases(&self) -> bool {
        self.has_any(CASE_ROLES)
    }

    /// May mark a task of their own agency's team done: only those who work
    /// cases. Anyone else is answered as if the task did not exist.
    pub fn may_complete_tasks(&self) -> bool {
        self.works_cases()
    }

    /// Coordinators and chairs: the MAPPA unit's staff, who see the cases
    /// referred to their area (MTG-6).
    pub fn works_mappa(&self) -> bool {
        self.has_any(&[Role::Coordinator, Role::Chair])
    }

    /// Takes part in multi-agency management: refers cases, is invited to
    /// meetings and works on its agency's actions (front-counter staff aside).
    pub fn may_contribute(&self) -> bool {
        self.has_any(CONTRIBUTE_ROLES)
    }

    /// May create records (owned by the user's own agency).
    pub fn may_create_records(&self) -> bool {
        self.has_any(EDIT_ROLES)
    }
}

/// Roles that see the records their agency can reach. Analysts and lay
/// advisers see aggregate statistics only; admins and auditors see no case data
/// through this route.
const CASE_ROLES: &[Role] = &[
    Role::Manager,
    Role::Supervisor,
    Role::Reception,
    Role::Coordinator,
    Role::Chair,
    Role::Partner,
    Role::VictimLiaison,
];
/// Roles that create and edit their own agency's records.
const EDIT_ROLES: &[Role] = &[Role::Manager, Role::Supervisor];
/// Roles that may record a category or level decision on their agency's record.
const DECISION_ROLES: &[Role] = &[Role::Manager, Role::Supervisor, Role::Chair];
/// Roles that refer a case to Level 2 or 3 (MTG-6) and work on its actions.
const CONTRIBUTE_ROLES: &[Role] = &[Role::Manager, Role::Supervisor, Role::Partner, Role::Coordinator, Role::Chair];
/// Roles that take notifications in person and record where the person is.
const NOTIFY_ROLES: &[Role] = &[Role::Manager, Role::Supervisor, Role::Reception];

/// Who holds a record, as the policy needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordReach {
    pub owning_agency: AgencyId,
    /// Agencies with an active (not withdrawn) share.
    pub shared_with: Vec<AgencyId>,
    /// Agencies whose MAPPA coordinators and chairs, and no one else, hold an
    /// active share: a referral gives the area's MAPPA unit sight of a case
    /// whatever agency employs its staff (MTG-6).
    pub mappa_shared_with: Vec<AgencyId>,
}

impl RecordReach {
    /// A record only its owning agency reaches.
    pub fn owned_by(agency: AgencyId) -> Self {
        RecordReach { owning_agency: agency, shared_with: Vec::new(), mappa_shared_with: Vec::new() }
    }
}

/// What the caller wants to do with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordAction {
    View,
    Edit,
    Share,
    Decide,
    ViewAudit,
    /// Take a notification at the front counter, or record custody, hospital
    /// and time abroad (NOTIF-13): the owning police team, reception included.
    Notify,
    /// Take part in the case's multi-agency management: refer it to Level 2
    /// or 3 (MTG-6), accept and complete one's own agency's actions. Any
    /// practitioner of an agency that reaches it, front-counter staff aside.
    Contribute,
    /// The MAPPA unit's work on a case referred to it: screening, listing it
    /// for a meeting, minutes (coordinators and chairs).
    Coordinate,
    /// Record victims: the owning agency's editors and Victim Liaison
    /// Officers of an agency that reaches the record. Which victims each may
    /// see is `victims::victim_access`.
    Victims,
}

/// The policy's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// Within reach but not permitted: 403.
    Forbidden,
    /// Outside reach: 404, exactly as if it did not exist.
    Hidden,
}

/// The policy: may `actor` do `action` on a record held as `reach`?
pub fn record_access(actor: &Actor, reach: &RecordReach, action: RecordAction) -> Access {
    let owner = reach.owning_agency == actor.agency_id;
    let reaches = owner
        || reach.shared_with.contains(&actor.agency_id)
        || (actor.works_mappa() && reach.mappa_shared_with.contains(&actor.agency_id));
    let sees = reaches && actor.works_cases();
    // Auditors examine access to any record: that is their function (VIS-04's
    // audit trail), and their own reads are audited in turn.
    if action == RecordAction::ViewAudit && actor.has(Role::Auditor) {
        return Access::Allowed;
    }
    if !sees {
        return Access::Hidden;
    }
    let allowed = match action {
        RecordAction::View => true,
        RecordAction::Edit | RecordAction::Share => owner && actor.has_any(EDIT_ROLES),
        RecordAction::Decide => owner && actor.has_any(DECISION_ROLES),
        RecordAction::ViewAudit => owner && actor.has_any(EDIT_ROLES),
        RecordAction::Notify => owner && actor.has_any(NOTIFY_ROLES),
        RecordAction::Contribute => actor.has_any(CONTRIBUTE_ROLES),
        RecordAction::Coordinate => actor.works_mappa(),
        RecordAction::Victims => (owner && actor.has_any(EDIT_ROLES)) || actor.has(Role::VictimLiaison),
    };
    if allowed { Access::Allowed } else { Access::Forbidden }
}

/// Proof that the policy allowed one action on one record. The storage
/// methods that read a record's personal data take one instead of a bare id,
/// so that a use case which forgot to ask the policy does not compile (the
/// capability pattern: the caller's permission travels with the request). Only
/// [`grant`] makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Granted {
    nominal: NominalId,
    action: RecordAction,
}

impl Granted {
    /// The record the grant is for.
    pub fn nominal(&self) -> NominalId {
        self.nominal
    }

    /// What it allows.
    pub fn action(&self) -> RecordAction {
        self.action
    }

    /// The record, when the grant allows changing it: storage refuses a
    /// write that comes with a grant to read only.
    pub fn writable(&self) -> Option<NominalId> {
        (!matches!(self.action, RecordAction::View | RecordAction::ViewAudit)).then_some(self.nominal)
    }
}

/// The policy's answer as a capability: a [`Granted`] when `actor` may do
/// `action` on the record `nominal` held as `reach`, or why not.
pub fn grant(actor: &Actor, nominal: NominalId, reach: &RecordReach, action: RecordAction) -> Result<Granted, Access> {
    match record_access(actor, reach, action) {
        Access::Allowed => Ok(Granted { nominal, action }),
        refused => Err(refused),
    }
}

/// Proof that the policy lets a caller list the records their agency
/// reaches (searches, the compliance list, overdue visits). The storage
/// methods that list people take one, so a list cannot be asked for without
/// the caller's reach. Only [`list_scope`] makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListScope {
    agency: AgencyId,
    mappa: bool,
}

impl ListScope {
    /// The agency whose owned and shared records the list may hold.
    pub fn agency(&self) -> AgencyId {
        self.agency
    }

    /// Whether shares to the agency's MAPPA coordinators and chairs count.
    pub fn mappa(&self) -> bool {
        self.mappa
    }
}

/// What `actor` may list: the records their agency owns or has been shared,
/// for the roles that work cases; nothing (None) for anyone else.
pub fn list_scope(actor: &Actor) -> Option<ListScope> {
    actor.works_cases().then_some(ListScope { agency: actor.agency_id, mappa: actor.works_mappa() })
}

/// Whether an audit record's values (before, after, reason) may be shown to
/// `actor`, whose roles already let them read the trail. Auditors see who did
/// what to which record, and which fields changed, across agencies; the values
/// are personal data, shown only for records within their own agency's reach
/// (`record`: None for a record that does not exist or one about no person).
/// An entry about no person (a search, a list, a sign-in) shows its values to
/// the agency whose user made it.
pub fn audit_values_visible(actor: &Actor, record: Option<&RecordReach>, made_by_agency: Option<&str>) -> bool {
    match record {
        Some(r) => {
            r.owning_agency == actor.agency_id
                || r.shared_with.contains(&actor.agency_id)
                || (actor.works_mappa() && r.mappa_shared_with.contains(&actor.agency_id))
        }
        None => made_by_agency == Some(actor.agency_code.as_str()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_grant_is_made_only_when_the_policy_allows() {
        let (own, other) = (AgencyId::new(), AgencyId::new());
        let reach = RecordReach { owning_agency: own, shared_with: vec![], mappa_shared_with: vec![] };
        let id = NominalId::new();
        let manager = actor(own, &[Role::Manager]);
        let g = grant(&manager, id, &reach, RecordAction::Edit).unwrap();
        assert_eq!((g.nominal(), g.action()), (id, RecordAction::Edit));
        assert_eq!(grant(&actor(own, &[Role::Reception]), id, &reach, RecordAction::Edit), Err(Access::Forbidden));
        assert_eq!(grant(&actor(other, &[Role::Manager]), id, &reach, RecordAction::View), Err(Access::Hidden));
    }

    #[test]
    fn only_case_workers_list_and_only_their_agency_s_reach() {
        let agency = AgencyId::new();
        assert_eq!(list_scope(&actor(agency, &[Role::Partner])).map(|s| s.agency()), Some(agency));
        for role in [Role::Analyst, Role::Auditor, Role::Admin] {
            assert_eq!(list_scope(&actor(agency, &[role])), None, "{role:?}");
        }
    }
    use Access::*;
    use RecordAction::*;

    /// An actor of `agency` with `roles`, for the policy's tests.
    pub(crate) fn actor(agency: AgencyId, roles: &[Role]) -> Actor {
        Actor {
            user_id: UserId::new(),
            username: "u".into(),
            display_name: "U".into(),
            agency_id: agency,
            agency_code: "A".into(),
            agency_name: "A".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn audit_values_only_within_the_agency_s_reach() {
        let (mine, theirs) = (AgencyId::new(), AgencyId::new());
        let auditor = actor(mine, &[Role::Auditor]);
        let owned = RecordReach { owning_agency: mine, shared_with: vec![], mappa_shared_with: vec![] };
        let shared = RecordReach { owning_agency: theirs, shared_with: vec![mine], mappa_shared_with: vec![] };
        let elsewhere = RecordReach { owning_agency: theirs, shared_with: vec![], mappa_shared_with: vec![] };
        for (record, by, visible) in [
            (Some(&owned), Some("B"), true),
            (Some(&shared), Some("B"), true),
            (Some(&elsewhere), Some("A"), false),
            (None, Some("A"), true),
            (None, Some("B"), false),
            (None, None, false),
        ] {
            assert_eq!(audit_values_visible(&auditor, record, by), visible, "{record:?} {by:?}");
        }
    }

    #[test]
    fn the_policy_table() {
        let owner = AgencyId::new();
        let shared = AgencyId::new();
        let other = AgencyId::new();
        let reach = RecordReach { owning_agency: owner, shared_with: vec![shared], mappa_shared_with: vec![] };
        // (agency, roles, action, expected)
        let table: &[(AgencyId, &[Role], RecordAction, Access)] = &[
            (owner, &[Role::Manager], View, Allowed),
            (owner, &[Role::Manager], Edit, Allowed),
            (owner, &[Role::Manager], Share, Allowed),
            (owner, &[Role::Manager], Decide, Allowed),
            (owner, &[Role::Manager], ViewAudit, Allowed),
            (owner, &[Role::Supervisor], Edit, Allowed),
            (owner, &[Role::Reception], View, Allowed),
            (owner, &[Role::Reception], Edit, Forbidden),
            (owner, &[Role::Reception], ViewAudit, Forbidden),
            (owner, &[Role::Reception], Notify, Allowed),
            (owner, &[Role::Manager], Notify, Allowed),
            (owner, &[Role::Partner], Notify, Forbidden),
            (owner, &[Role::Chair], Notify, Forbidden),
            (shared, &[Role::Reception], Notify, Forbidden),
            (other, &[Role::Reception], Notify, Hidden),
            (owner, &[Role::Chair], Decide, Allowed),
            (owner, &[Role::Chair], Edit, Forbidden),
            (owner, &[Role::Partner], View, Allowed),
            (owner, &[Role::Analyst], View, Hidden),
            (owner, &[Role::LayAdviser], View, Hidden),
            (owner, &[Role::Admin], View, Hidden),
            (owner, &[Role::Auditor], View, Hidden),
            (owner, &[Role::Auditor], ViewAudit, Allowed),
            (shared, &[Role::Partner], View, Allowed),
            (shared, &[Role::Manager], View, Allowed),
            (shared, &[Role::Manager], Edit, Forbidden),
            (shared, &[Role::Manager], Share, Forbidden),
            (shared, &[Role::Manager], ViewAudit, Forbidden),
            (shared, &[Role::Analyst], View, Hidden),
            (other, &[Role::Manager], View, Hidden),
            (other, &[Role::Manager], Edit, Hidden),
            (other, &[Role::Supervisor, Role::Chair], Decide, Hidden),
            (other, &[Role::Partner], View, Hidden),
            (other, &[Role::Auditor], ViewAudit, Allowed),
            (other, &[Role::Admin, Role::Analyst], ViewAudit, Hidden),
            (owner, &[Role::Manager], Contribute, Allowed),
            (shared, &[Role::Partner], Contribute, Allowed),
            (owner, &[Role::Reception], Contribute, Forbidden),
            (other, &[Role::Partner], Contribute, Hidden),
            (owner, &[Role::Coordinator], Coordinate, Allowed),
            (shared, &[Role::Chair], Coordinate, Allowed),
            (owner, &[Role::Manager], Coordinate, Forbidden),
            (shared, &[Role::Partner], Coordinate, Forbidden),
        ];
        for (i, (agency, roles, action, expected)) in table.iter().enumerate() {
            let got = record_access(&actor(*agency, roles), &reach, *action);
            assert_eq!(got, *expected, "row {i}: {roles:?} {action:?}");
        }
    }

    #[test]
    fn mtg_6_a_referral_share_reaches_only_the_agency_s_coordinators_and_chairs() {
        let (owner, unit) = (AgencyId::new(), AgencyId::new());
        let reach = RecordReach { owning_agency: owner, shared_with: vec![], mappa_shared_with: vec![unit] };
        for (roles, expected) in [
            (&[Role::Coordinator][..], Allowed),
            (&[Role::Chair][..], Allowed),
            (&[Role::Manager][..], Hidden),
            (&[Role::Partner][..], Hidden),
        ] {
            assert_eq!(record_access(&actor(unit, roles), &reach, Coordinate), expected, "{roles:?}");
        }
        assert!(list_scope(&actor(unit, &[Role::Coordinator])).unwrap().mappa());
        assert!(!list_scope(&actor(unit, &[Role::Manager])).unwrap().mappa());
    }

    #[test]
    fn withdrawing_a_share_hides_the_record_again() {
        let owner = AgencyId::new();
        let partner = AgencyId::new();
        let a = actor(partner, &[Role::Partner]);
        let shared = RecordReach { owning_agency: owner, shared_with: vec![partner], mappa_shared_with: vec![] };
        let withdrawn = RecordReach { owning_agency: owner, shared_with: vec![], mappa_shared_with: vec![] };
        assert_eq!(record_access(&a, &shared, View), Allowed);
        assert_eq!(record_access(&a, &withdrawn, View), Hidden);
    }
}
