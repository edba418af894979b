//! Use cases for victims linked to a case (issue 11, journey 4): only the
//! owning agency and the Victim Liaison Officer's agency see a victim
//! (`victims::victim_access`); anyone else who reaches the record is told
//! nothing, not even that victims are recorded.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction, RecordReach};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::role::Role;
use mappa_domain::victims::{ContactScheme, ValidVictim, Victim, VictimInput, may_add_victim, victim_access};
use mappa_store::{AuditEntry, NewVictim};

/// The victims a caller sees on a record, with what they may do.
pub struct VictimsSeen {
    /// Each victim with whether the caller may change it.
    pub victims: Vec<(Victim, bool)>,
    pub may_add: bool,
}

impl App {
    /// The victims of a record the caller may see; the read is audited.
    pub async fn victims(&self, actor: &Actor, id: NominalId) -> Result<Vec<Victim>> {
        Ok(self.victims_for_page(actor, id).await?.victims.into_iter().map(|(v, _)| v).collect())
    }

    /// The victims the caller may see, each with whether they may change it,
    /// and whether they may add one: the record's reach read once.
    pub async fn victims_for_page(&self, actor: &Actor, id: NominalId) -> Result<VictimsSeen> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let reach = self.reach_of(id).await?;
        let all = self.store.victims(&granted).await?;
        self.store
            .audit_only(&self.ctx(actor), AuditEntry::new(AuditAction::VictimsView, "nominal", id).nominal(id))
            .await?;
        let victims = all
            .into_iter()
            .filter(|v| victim_access(actor, &reach, v.vlo_agency_id, false))
            .map(|v| {
                let may_change = victim_access(actor, &reach, v.vlo_agency_id, true);
                (v, may_change)
            })
            .collect();
        Ok(VictimsSeen { victims, may_add: may_add_victim(actor, &reach) })
    }

    /// How many victims the caller may see are in the Victim Contact Scheme,
    /// for the warning at the top of the record (no names are read).
    pub async fn victims_in_contact(&self, actor: &Actor, id: NominalId) -> Result<usize> {
        let Some(reach) = self.store.reach(id).await? else { return Ok(0) };
        Ok(self
            .store
            .victim_reach(id)
            .await?
            .into_iter()
            .filter(|(vlo, scheme)| *scheme == ContactScheme::OptedIn && victim_access(actor, &reach, *vlo, false))
            .count())
    }

    /// The victims' views for a meeting's minutes, without names: what the
    /// victim liaison officer recorded is meant for the meeting (the minutes'
    /// "victims' views"), so the MAPPA unit writing them reads the views, never
    /// who holds them. None when no views are recorded. The read is audited.
    pub async fn victims_views_for_minutes(&self, actor: &Actor, id: NominalId) -> Result<Option<String>> {
        let granted = self.authorise(actor, id, RecordAction::Coordinate).await?;
        let lines: Vec<String> = self
            .store
            .victims(&granted)
            .await?
            .into_iter()
            .filter_map(|v| {
                let views = v.views?;
                let on =
                    v.views_recorded_on.map(|d| format!(", recorded {}", d.strftime("%-d %B %Y"))).unwrap_or_default();
                Some(format!("A victim ({}{on}): {views}", v.contact_scheme.label().to_lowercase()))
            })
            .collect();
        if lines.is_empty() {
            return Ok(None);
        }
        let entry = AuditEntry::new(AuditAction::VictimsView, "nominal", id).nominal(id);
        self.store
            .audit_only(&self.ctx(actor).with_reason(Some("Victims' views for the minutes".into())), entry)
            .await?;
        Ok(Some(lines.join("\n")))
    }

    /// Adds a victim: the owning agency's editors, or a VLO of an agency that
    /// reaches the record (who is then the victim's VLO unless another is named).
    pub async fn add_victim(&self, actor: &Actor, id: NominalId, input: &VictimInput) -> Result<Victim> {
        let granted = self.authorise(actor, id, RecordAction::Victims).await?;
        let reach = self.reach_of(id).await?;
        let v = input.parse()?;
        let new = self.new_victim(actor, &reach, v).await?;
        Ok(self.store.add_victim(&self.ctx(actor), &granted, &new, actor.user_id).await?)
    }

    /// Changes a victim the caller may record: status, views, VLO, protections.
    pub async fn change_victim(
        &self,
        actor: &Actor,
        id: NominalId,
        victim: ItemId,
        input: &VictimInput,
    ) -> Result<Victim> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let reach = self.reach_of(id).await?;
        let current = self.store.victims(&granted).await?.into_iter().find(|v| v.id == victim);
        // A victim the caller may not see does not exist for them.
        let current =
            current.filter(|v| victim_access(actor, &reach, v.vlo_agency_id, false)).ok_or(AppError::NotFound)?;
        if !victim_access(actor, &reach, current.vlo_agency_id, true) {
            return Err(AppError::Forbidden);
        }
        let writable = self.authorise(actor, id, RecordAction::Victims).await?;
        let v = input.parse()?;
        let new = self.new_victim(actor, &reach, v).await?;
        Ok(self.store.change_victim(&self.ctx(actor), &writable, victim, &new).await?)
    }

    /// The victim liaison officers who may be named for a victim of the
    /// record (their agency reaches it): (username, "Name, Agency").
    pub async fn victim_liaison_officers(&self, actor: &Actor, id: NominalId) -> Result<Vec<(String, String)>> {
        self.authorise(actor, id, RecordAction::Victims).await?;
        let reach = self.reach_of(id).await?;
        let mut agencies = reach.shared_with.clone();
        agencies.push(reach.owning_agency);
        let list = self.store.victim_liaison_officers(&agencies).await?;
        Ok(list.into_iter().map(|(u, name, agency)| (u, format!("{name}, {agency}"))).collect())
    }

    /// A user's username, to fill in a form that names them.
    pub async fn username_of(&self, user: mappa_domain::ids::UserId) -> Result<Option<String>> {
        Ok(self.store.actor(user).await?.map(|a| a.username))
    }

    async fn reach_of(&self, id: NominalId) -> Result<RecordReach> {
        self.store.reach(id).await?.ok_or(AppError::NotFound)
    }

    /// The VLO named (a user with the role, whose agency reaches the record),
    /// else the caller when they are one.
    async fn new_victim(&self, actor: &Actor, reach: &RecordReach, v: ValidVictim) -> Result<NewVictim> {
        let vlo = match &v.vlo {
            Some(username) => {
                let unknown = || {
                    ValidationErrors::single(
                        "vlo",
                        "unknown_user",
                        "There is no victim liaison officer with that username",
                    )
                };
                let user = self.store.active_user_id(username).await?.ok_or_else(unknown)?;
                let vlo = self.store.actor(user).await?.filter(|a| a.has(Role::VictimLiaison)).ok_or_else(unknown)?;
                let reaches = reach.owning_agency == vlo.agency_id || reach.shared_with.contains(&vlo.agency_id);
                if !reaches {
                    return Err(ValidationErrors::single(
                        "vlo",
                        "not_reached",
                        "That victim liaison officer's agency cannot see this record: share the record with their agency first",
                    )
                    .into());
                }
                Some((vlo.user_id, vlo.agency_id))
            }
            None if actor.has(Role::VictimLiaison) => Some((actor.user_id, actor.agency_id)),
            None => None,
        };
        Ok(NewVictim {
            name: v.name,
            contact_scheme: v.contact_scheme,
            views: v.views,
            vlo,
            protected_by: v.protected_by,
        })
    }
}
