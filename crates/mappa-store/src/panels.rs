//! MAPPA areas, local units and panels, and where agencies and cases belong
//! (CAT-01, LVL-4). Written by administrators; read by everyone who works
//! with meetings.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::row::{int, opt_parsed, opt_text, parsed, text};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, AreaId, NominalId, PanelId, UnitId, UserId};
use mappa_domain::panels::{Area, LocalUnit, NewPlace, Panel, PanelChair};
use sqlx::any::AnyRow;

/// A panel to store, its area, unit and chair looked up.
#[derive(Clone, Debug)]
pub struct NewPanel {
    pub name: String,
    pub level: u8,
    pub area: AreaId,
    pub unit: Option<UnitId>,
    pub chair: Option<UserId>,
    pub pattern: String,
}

/// Where a case or agency belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub area: AreaId,
    pub unit: Option<UnitId>,
}

const PANEL_SELECT: &str = "SELECT p.*, ar.code AS area_code, u.code AS unit_code, c.display_name AS chair_name \
     FROM panels p JOIN areas ar ON ar.id = p.area_id LEFT JOIN local_units u ON u.id = p.unit_id \
     LEFT JOIN users c ON c.id = p.chair_user_id";

fn panel_from(r: &AnyRow) -> Result<Panel> {
    let chair = match opt_parsed::<UserId>(r, "chair_user_id")? {
        Some(id) => Some(PanelChair { id, name: text(r, "chair_name")? }),
        None => None,
    };
    Ok(Panel {
        id: parsed(r, "id")?,
        name: text(r, "name")?,
        level: u8::try_from(int(r, "level")?).map_err(|_| StoreError::Corrupt("panels.level".into()))?,
        area: text(r, "area_code")?,
        unit: opt_text(r, "unit_code")?,
        area_id: parsed(r, "area_id")?,
        unit_id: opt_parsed(r, "unit_id")?,
        chair,
        pattern: text(r, "pattern")?,
    })
}

/// The place a case belongs to: its own, or by default its owning agency's,
/// so that records made before areas existed still count in their area.
pub(crate) async fn case_place(conn: &mut sqlx::AnyConnection, id: NominalId) -> Result<Option<Place>> {
    let row = sqlx::query(
        "SELECT COALESCE(n.area_id, a.area_id) AS area_id, \
         CASE WHEN n.area_id IS NULL THEN a.unit_id ELSE n.unit_id END AS unit_id \
         FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id WHERE n.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Err(StoreError::NotFound) };
    Ok(match opt_parsed::<AreaId>(&row, "area_id")? {
        Some(area) => Some(Place { area, unit: opt_parsed(&row, "unit_id")? }),
        None => None,
    })
}

async fn insert_place(tx: &mut WriteTx, ctx: &AuditCtx, p: &NewPlace, area: Option<AreaId>) -> Result<String> {
    let id = match area {
        None => AreaId::new().to_string(),
        Some(_) => UnitId::new().to_string(),
    };
    let r = match area {
        None => {
            sqlx::query("INSERT INTO areas (id, code, name, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&id)
                .bind(&p.code)
                .bind(&p.name)
                .bind(ctx.at_text())
                .execute(&mut **tx)
                .await
        }
        Some(a) => {
            sqlx::query("INSERT INTO local_units (id, area_id, code, name, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&id)
                .bind(a.to_string())
                .bind(&p.code)
                .bind(&p.name)
                .bind(ctx.at_text())
                .execute(&mut **tx)
                .await
        }
    };
    match r {
        Err(e) if StoreError::is_unique_violation(&e) => return Err(StoreError::Conflict("code_taken")),
        r => r?,
    };
    let (action, kind) =
        if area.is_none() { (AuditAction::AreaCreate, "area") } else { (AuditAction::UnitCreate, "unit") };
    let after = serde_json::json!({"code": p.code, "name": p.name});
    append(tx, ctx, AuditEntry::new(action, kind, &id).after(&after)).await?;
    Ok(id)
}

impl Store {
    /// Adds an area with its local units, in one transaction.
    pub async fn create_area(&self, ctx: &AuditCtx, area: &NewPlace, units: &[NewPlace]) -> Result<Area> {
        let mut tx = self.begin_write().await?;
        let id: AreaId = insert_place(&mut tx, ctx, area, None).await?.parse().map_err(|_| StoreError::NotFound)?;
        for u in units {
            insert_place(&mut tx, ctx, u, Some(id)).await?;
        }
        tx.commit().await?;
        self.area(&area.code).await?.ok_or(StoreError::NotFound)
    }

    /// Adds a local unit to an area.
    pub async fn add_unit(&self, ctx: &AuditCtx, area: AreaId, unit: &NewPlace) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_place(&mut tx, ctx, unit, Some(area)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every area with its units, by name.
    pub async fn areas(&self) -> Result<Vec<Area>> {
        let areas = sqlx::query("SELECT * FROM areas ORDER BY name, code").fetch_all(&self.pool).await?;
        let units = sqlx::query("SELECT * FROM local_units ORDER BY name, code").fetch_all(&self.pool).await?;
        areas
            .iter()
            .map(|a| {
                let id = text(a, "id")?;
                let mut list = Vec::new();
                for u in units.iter() {
                    if text(u, "area_id")? == id {
                        list.push(LocalUnit { id: parsed(u, "id")?, code: text(u, "code")?, name: text(u, "name")? });
                    }
                }
                Ok(Area { id: parsed(a, "id")?, code: text(a, "code")?, name: text(a, "name")?, units: list })
            })
            .collect()
    }

    /// The area with this code.
    pub async fn area(&self, code: &str) -> Result<Option<Area>> {
        Ok(self.areas().await?.into_iter().find(|a| a.code == code))
    }

    /// Puts an agency (and so its users and, by default, its cases) in an area and unit.
    pub async fn place_agency(&self, ctx: &AuditCtx, agency: AgencyId, place: Place) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let r = sqlx::query("UPDATE agencies SET area_id = $1, unit_id = $2 WHERE id = $3")
            .bind(place.area.to_string())
            .bind(place.unit.map(|u| u.to_string()))
            .bind(agency.to_string())
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let after = serde_json::json!({"area_id": place.area, "unit_id": place.unit});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::AgencyPlace, "agency", agency).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The area and unit an agency belongs to, if placed.
    pub async fn agency_place(&self, agency: AgencyId) -> Result<Option<Place>> {
        let row = sqlx::query("SELECT area_id, unit_id FROM agencies WHERE id = $1")
            .bind(agency.to_string())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(match opt_parsed::<AreaId>(&row, "area_id")? {
            Some(area) => Some(Place { area, unit: opt_parsed(&row, "unit_id")? }),
            None => None,
        })
    }

    /// Every placed agency with its area and unit.
    pub async fn agency_places(&self) -> Result<Vec<(AgencyId, Place)>> {
        let rows = sqlx::query("SELECT id, area_id, unit_id FROM agencies WHERE area_id IS NOT NULL")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((parsed(r, "id")?, Place { area: parsed(r, "area_id")?, unit: opt_parsed(r, "unit_id")? })))
            .collect()
    }

    /// The area and unit a case belongs to (its own, else its owner's).
    pub async fn case_place(&self, id: NominalId) -> Result<Option<Place>> {
        let mut conn = self.pool.acquire().await?;
        case_place(&mut conn, id).await
    }

    /// Adds a panel.
    pub async fn create_panel(&self, ctx: &AuditCtx, p: &NewPanel) -> Result<Panel> {
        let id = PanelId::new();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO panels (id, area_id, unit_id, level, name, chair_user_id, pattern, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(p.area.to_string())
        .bind(p.unit.map(|u| u.to_string()))
        .bind(i64::from(p.level))
        .bind(&p.name)
        .bind(p.chair.map(|c| c.to_string()))
        .bind(&p.pattern)
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({"name": p.name, "level": p.level, "pattern": p.pattern});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::PanelCreate, "panel", id).after(&after)).await?;
        tx.commit().await?;
        self.panel(id).await?.ok_or(StoreError::NotFound)
    }

    /// Panels, of one area or all, Level 3 first then by name.
    pub async fn panels(&self, area: Option<AreaId>) -> Result<Vec<Panel>> {
        let rows = match area {
            Some(a) => {
                let sql = format!("{PANEL_SELECT} WHERE p.area_id = $1 ORDER BY p.level DESC, p.name");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(a.to_string()).fetch_all(&self.pool).await?
            }
            None => {
                let sql = format!("{PANEL_SELECT} ORDER BY ar.name, p.level DESC, p.name");
                sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?
            }
        };
        rows.iter().map(panel_from).collect()
    }

    pub async fn panel(&self, id: PanelId) -> Result<Option<Panel>> {
        let sql = format!("{PANEL_SELECT} WHERE p.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(&self.pool).await?;
        row.as_ref().map(panel_from).transpose()
    }

    /// The case's MAPPA level now, if it has one.
    pub async fn case_level(&self, id: NominalId) -> Result<Option<u8>> {
        let row = sqlx::query("SELECT mappa_level FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(crate::row::opt_int(&row, "mappa_level")?.and_then(|l| u8::try_from(l).ok()))
    }

    /// Cases managed at `level`, as (record, level, category, owning agency),
    /// at most `limit`, for the demo and benchmark generators.
    pub async fn cases_at_level(&self, level: u8, limit: i64) -> Result<Vec<(NominalId, u8, u8, AgencyId)>> {
        let rows = sqlx::query(
            "SELECT id, mappa_level, mappa_category, owning_agency_id FROM nominals \
             WHERE mappa_level = $1 AND mappa_category IS NOT NULL ORDER BY id LIMIT $2",
        )
        .bind(i64::from(level))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let small = |c: &str| -> Result<u8> {
                    u8::try_from(int(r, c)?).map_err(|_| StoreError::Corrupt(format!("nominals.{c}")))
                };
                Ok((parsed(r, "id")?, small("mappa_level")?, small("mappa_category")?, parsed(r, "owning_agency_id")?))
            })
            .collect()
    }

    /// The user with this username, if active (to name a chair).
    pub async fn active_user_id(&self, username: &str) -> Result<Option<UserId>> {
        let row = sqlx::query("SELECT id FROM users WHERE username = $1 AND active = 1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(|r| parsed(r, "id")).transpose()
    }
}
