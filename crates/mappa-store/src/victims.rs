//! Victims linked to a case (issue 11). Reads take a grant for the record;
//! which victims the caller may see is the use case's filter
//! (`victims::victim_access`). The audit records ids and statuses only: the
//! trail is readable by every agency that reaches the record, a victim's
//! name and views are not.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{code, opt_date, opt_parsed, opt_text, parsed, text};
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::record::UserRef;
use mappa_domain::victims::{ContactScheme, Protection, Victim};

/// A victim to store, its VLO and conditions looked up.
#[derive(Clone)]
pub struct NewVictim {
    pub name: String,
    pub contact_scheme: ContactScheme,
    pub views: Option<String>,
    pub vlo: Option<(UserId, AgencyId)>,
    pub protected_by: Vec<ItemId>,
}

const SELECT: &str = "SELECT v.*, u.display_name AS vlo_name, a.code AS vlo_agency_code FROM victims v \
     LEFT JOIN users u ON u.id = v.vlo_user_id LEFT JOIN agencies a ON a.id = v.vlo_agency_id";

async fn victims_in(conn: &mut sqlx::AnyConnection, id: NominalId, only: Option<ItemId>) -> Result<Vec<Victim>> {
    let sql = format!("{SELECT} WHERE v.nominal_id = $1 AND ($2 = '' OR v.id = $2) ORDER BY v.created_at");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .bind(only.map(|v| v.to_string()).unwrap_or_default())
        .fetch_all(&mut *conn)
        .await?;
    let protections = sqlx::query(
        "SELECT p.victim_id, c.id, c.wording FROM victim_protections p JOIN licence_conditions c ON c.id = p.condition_id \
         JOIN victims v ON v.id = p.victim_id WHERE v.nominal_id = $1 ORDER BY c.position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let vid = text(r, "id")?;
            let mut protected_by = Vec::new();
            for p in protections.iter() {
                if text(p, "victim_id")? == vid {
                    protected_by.push(Protection { condition_id: parsed(p, "id")?, wording: text(p, "wording")? });
                }
            }
            let vlo = match opt_parsed::<UserId>(r, "vlo_user_id")? {
                Some(id) => Some(UserRef { id, name: text(r, "vlo_name")? }),
                None => None,
            };
            Ok(Victim {
                id: parsed(r, "id")?,
                name: text(r, "name")?,
                contact_scheme: code(r, "contact_scheme", ContactScheme::from_code)?,
                views: opt_text(r, "views")?,
                views_recorded_on: opt_date(r, "views_recorded_on")?,
                vlo,
                vlo_agency: opt_text(r, "vlo_agency_code")?,
                vlo_agency_id: opt_parsed(r, "vlo_agency_id")?,
                protected_by,
            })
        })
        .collect()
}

/// Checks that every condition is one of this person's licence conditions.
async fn check_conditions(tx: &mut WriteTx, id: NominalId, conditions: &[ItemId]) -> Result<()> {
    let mut e = mappa_domain::ValidationErrors::new();
    for (i, c) in conditions.iter().enumerate() {
        let found = sqlx::query(
            "SELECT 1 AS one FROM licence_conditions c JOIN licences l ON l.id = c.licence_id \
             WHERE c.id = $1 AND l.nominal_id = $2",
        )
        .bind(c.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
        if found.is_none() {
            e.add(
                format!("protected_by[{i}]"),
                "unknown_condition",
                "Select licence conditions of this person's licence",
            );
        }
    }
    if e.is_empty() { Ok(()) } else { Err(StoreError::Invalid(e)) }
}

async fn write_protections(tx: &mut WriteTx, victim: ItemId, conditions: &[ItemId]) -> Result<()> {
    sqlx::query("DELETE FROM victim_protections WHERE victim_id = $1")
        .bind(victim.to_string())
        .execute(&mut **tx)
        .await?;
    for c in conditions {
        sqlx::query("INSERT INTO victim_protections (victim_id, condition_id) VALUES ($1, $2)")
            .bind(victim.to_string())
            .bind(c.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// What the audit keeps of a victim: nothing that names them or says what they said.
fn audited(v: &NewVictim) -> serde_json::Value {
    serde_json::json!({
        "contact_scheme": v.contact_scheme,
        "vlo_agency_id": v.vlo.map(|(_, a)| a),
        "views_recorded": v.views.is_some(),
        "protected_by": v.protected_by,
    })
}

impl Store {
    /// Every victim of the record, oldest first: the caller filters by
    /// [`mappa_domain::victims::victim_access`].
    pub async fn victims(&self, grant: &Granted) -> Result<Vec<Victim>> {
        let mut conn = self.pool.acquire().await?;
        victims_in(&mut conn, grant.nominal(), None).await
    }

    /// Where each of the record's victims is seen (the VLO's agency) and
    /// their scheme status: no names, for the warning at the top of a record.
    pub async fn victim_reach(&self, id: NominalId) -> Result<Vec<(Option<AgencyId>, ContactScheme)>> {
        let rows = sqlx::query("SELECT vlo_agency_id, contact_scheme FROM victims WHERE nominal_id = $1")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((opt_parsed(r, "vlo_agency_id")?, code(r, "contact_scheme", ContactScheme::from_code)?)))
            .collect()
    }

    /// Active victim liaison officers of these agencies: (username, name, agency name).
    pub async fn victim_liaison_officers(&self, agencies: &[AgencyId]) -> Result<Vec<(String, String, String)>> {
        self.agency_users(agencies, &[mappa_domain::role::Role::VictimLiaison]).await
    }

    /// Active users of these agencies with any of `roles`, by name:
    /// (username, name, agency name).
    pub async fn agency_users(
        &self,
        agencies: &[AgencyId],
        roles: &[mappa_domain::role::Role],
    ) -> Result<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT DISTINCT u.username, u.display_name, a.name, a.id AS agency_id, r.role FROM users u \
             JOIN user_roles r ON r.user_id = u.id JOIN agencies a ON a.id = u.agency_id \
             WHERE u.active = 1 ORDER BY u.display_name, u.username",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(String, String, String)> = Vec::new();
        for r in rows {
            let role = text(&r, "role")?;
            let wanted = roles.iter().any(|x| x.code() == role);
            let username = text(&r, "username")?;
            if wanted && agencies.contains(&parsed(&r, "agency_id")?) && out.last().is_none_or(|l| l.0 != username) {
                out.push((username, text(&r, "display_name")?, text(&r, "name")?));
            }
        }
        Ok(out)
    }

    /// Adds a victim to the record.
    pub async fn add_victim(&self, ctx: &AuditCtx, grant: &Granted, v: &NewVictim, by: UserId) -> Result<Victim> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        check_conditions(&mut tx, id, &v.protected_by).await?;
        let victim = ItemId::new();
        sqlx::query(
            "INSERT INTO victims (id, nominal_id, name, contact_scheme, views, views_recorded_on, vlo_user_id, \
             vlo_agency_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(victim.to_string())
        .bind(id.to_string())
        .bind(&v.name)
        .bind(v.contact_scheme.code())
        .bind(&v.views)
        .bind(v.views.as_ref().map(|_| ctx.today().to_string()))
        .bind(v.vlo.map(|(u, _)| u.to_string()))
        .bind(v.vlo.map(|(_, a)| a.to_string()))
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        write_protections(&mut tx, victim, &v.protected_by).await?;
        let entry = AuditEntry::new(AuditAction::VictimAdd, "victim", victim).nominal(id).after(&audited(v));
        append(&mut tx, ctx, entry).await?;
        let stored = victims_in(&mut tx, id, Some(victim)).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Changes a victim's status, views, VLO and protections; views that
    /// change are dated today.
    pub async fn change_victim(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        victim: ItemId,
        v: &NewVictim,
    ) -> Result<Victim> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let before = victims_in(&mut tx, id, Some(victim)).await?.pop().ok_or(StoreError::NotFound)?;
        touch(&mut tx, ctx, id).await?;
        check_conditions(&mut tx, id, &v.protected_by).await?;
        let views_on = if before.views == v.views {
            before.views_recorded_on.map(|d| d.to_string())
        } else {
            v.views.as_ref().map(|_| ctx.today().to_string())
        };
        sqlx::query(
            "UPDATE victims SET name = $1, contact_scheme = $2, views = $3, views_recorded_on = $4, vlo_user_id = $5, \
             vlo_agency_id = $6, updated_at = $7 WHERE id = $8 AND nominal_id = $9",
        )
        .bind(&v.name)
        .bind(v.contact_scheme.code())
        .bind(&v.views)
        .bind(views_on)
        .bind(v.vlo.map(|(u, _)| u.to_string()))
        .bind(v.vlo.map(|(_, a)| a.to_string()))
        .bind(ctx.at_text())
        .bind(victim.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        write_protections(&mut tx, victim, &v.protected_by).await?;
        let before_audit = serde_json::json!({
            "contact_scheme": before.contact_scheme,
            "vlo_agency_id": before.vlo_agency_id,
            "views_recorded": before.views.is_some(),
        });
        let entry = AuditEntry::new(AuditAction::VictimChange, "victim", victim)
            .nominal(id)
            .before(&before_audit)
            .after(&audited(v));
        append(&mut tx, ctx, entry).await?;
        let stored = victims_in(&mut tx, id, Some(victim)).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }
}
