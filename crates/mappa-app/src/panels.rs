//! Use cases for MAPPA areas, local units and panels (CAT-01, LVL-4, MTG-2):
//! operators set them up at the command line, administrators in pages and
//! over the API; anyone signed in may list panels (no personal data).

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::Actor;
use mappa_domain::panels::{Area, NewPlace, Panel, PanelInput};
use mappa_domain::role::Role;
use mappa_store::{AuditCtx, NewPanel, Place};

impl App {
    /// Adds an area with its local units (operators, at the command line).
    pub async fn add_area(&self, code: &str, name: &str, units: &[(String, String)]) -> Result<Area> {
        self.add_area_with(&AuditCtx::system(self.now()), code, name, units).await
    }

    /// Adds an area with its local units (administrators).
    pub async fn create_area(&self, actor: &Actor, code: &str, name: &str, units: &[(String, String)]) -> Result<Area> {
        self.add_area_with(&self.admin_ctx(actor)?, code, name, units).await
    }

    async fn add_area_with(&self, ctx: &AuditCtx, code: &str, name: &str, units: &[(String, String)]) -> Result<Area> {
        let (area, mut e) = match NewPlace::parse(code, name) {
            Ok(a) => (Some(a), ValidationErrors::new()),
            Err(e) => (None, e),
        };
        let mut list = Vec::with_capacity(units.len());
        for (i, (c, n)) in units.iter().enumerate() {
            match NewPlace::parse(c, n) {
                Ok(p) => list.push(p),
                Err(v) => e.0.extend(v.0.into_iter().map(|mut f| {
                    f.field = format!("units[{i}].{}", f.field);
                    f
                })),
            }
        }
        match area {
            Some(area) if e.is_empty() => Ok(self.store.create_area(ctx, &area, &list).await?),
            _ => Err(AppError::Invalid(e)),
        }
    }

    /// Adds a local unit to an area (operators).
    pub async fn add_unit(&self, area: &str, code: &str, name: &str) -> Result<Area> {
        self.add_unit_with(&AuditCtx::system(self.now()), area, code, name).await
    }

    /// Adds a local unit to an area (administrators).
    pub async fn create_unit(&self, actor: &Actor, area: &str, code: &str, name: &str) -> Result<Area> {
        self.add_unit_with(&self.admin_ctx(actor)?, area, code, name).await
    }

    async fn add_unit_with(&self, ctx: &AuditCtx, area: &str, code: &str, name: &str) -> Result<Area> {
        let a = self.area_named(area, "area").await?;
        let unit = NewPlace::parse(code, name)?;
        self.store.add_unit(ctx, a.id, &unit).await?;
        self.area_named(area, "area").await
    }

    /// Puts an agency in an area and, optionally, a local unit (operators):
    /// its users then work in that area, and its records count there.
    pub async fn place_agency(&self, agency: &str, area: &str, unit: Option<&str>) -> Result<()> {
        self.place_agency_with(&AuditCtx::system(self.now()), agency, area, unit).await
    }

    /// Puts an agency in an area and, optionally, a local unit (administrators).
    pub async fn move_agency(&self, actor: &Actor, agency: &str, area: &str, unit: Option<&str>) -> Result<()> {
        self.place_agency_with(&self.admin_ctx(actor)?, agency, area, unit).await
    }

    async fn place_agency_with(&self, ctx: &AuditCtx, agency: &str, area: &str, unit: Option<&str>) -> Result<()> {
        let a =
            self.store.agency_by_code(&agency.trim().to_uppercase()).await?.ok_or_else(|| {
                ValidationErrors::single("agency", "unknown_agency", "There is no agency with that code")
            })?;
        let place = self.place_named(area, unit).await?;
        Ok(self.store.place_agency(ctx, a.id, place).await?)
    }

    /// The audit context of an administrator's change; others may not.
    fn admin_ctx(&self, actor: &Actor) -> Result<AuditCtx> {
        if !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        Ok(self.ctx(actor))
    }

    /// Every area with its units.
    pub async fn areas(&self) -> Result<Vec<Area>> {
        Ok(self.store.areas().await?)
    }

    /// Where each placed agency is (for administrators' pages).
    pub async fn agency_places(&self) -> Result<Vec<(mappa_domain::ids::AgencyId, Place)>> {
        Ok(self.store.agency_places().await?)
    }

    /// Adds a panel (operators, at the command line).
    pub async fn add_panel(&self, input: &PanelInput) -> Result<Panel> {
        self.add_panel_with(&AuditCtx::system(self.now()), input).await
    }

    /// Adds a panel (administrators, over the API).
    pub async fn create_panel(&self, actor: &Actor, input: &PanelInput) -> Result<Panel> {
        self.add_panel_with(&self.admin_ctx(actor)?, input).await
    }

    async fn add_panel_with(&self, ctx: &AuditCtx, input: &PanelInput) -> Result<Panel> {
        let p = input.parse()?;
        let place = self.place_named(&p.area, p.unit.as_deref()).await?;
        // MTG-2: the chair is a named user (a police or probation manager of
        // senior rank; their rank is not something the system can check).
        let chair = match &p.chair {
            Some(username) => Some(self.store.active_user_id(username).await?.ok_or_else(|| {
                ValidationErrors::single("chair", "unknown_user", "There is no active user with that username")
            })?),
            None => None,
        };
        let new =
            NewPanel { name: p.name, level: p.level, area: place.area, unit: place.unit, chair, pattern: p.pattern };
        Ok(self.store.create_panel(ctx, &new).await?)
    }

    /// Panels, for anyone signed in; with `area`, only that area's.
    pub async fn panels(&self, _actor: &Actor, area: Option<&str>) -> Result<Vec<Panel>> {
        let area = match area.map(str::trim).filter(|a| !a.is_empty()) {
            Some(code) => Some(self.area_named(code, "area").await?.id),
            None => None,
        };
        Ok(self.store.panels(area).await?)
    }

    /// The area an actor works in: their agency's.
    pub(crate) async fn actor_area(&self, actor: &Actor) -> Result<Option<Area>> {
        let Some(place) = self.store.agency_place(actor.agency_id).await? else { return Ok(None) };
        Ok(self.store.areas().await?.into_iter().find(|a| a.id == place.area))
    }

    async fn area_named(&self, code: &str, field: &str) -> Result<Area> {
        self.store.area(&code.trim().to_uppercase()).await?.ok_or_else(|| {
            AppError::Invalid(ValidationErrors::single(field, "unknown_area", "There is no MAPPA area with that code"))
        })
    }

    async fn place_named(&self, area: &str, unit: Option<&str>) -> Result<Place> {
        let a = self.area_named(area, "area").await?;
        let unit = match unit.map(str::trim).filter(|u| !u.is_empty()) {
            Some(code) => {
                let code = code.to_uppercase();
                Some(a.units.iter().find(|u| u.code == code).map(|u| u.id).ok_or_else(|| {
                    ValidationErrors::single(
                        "unit",
                        "unknown_unit",
                        "There is no local unit with that code in the area",
                    )
                })?)
            }
            None => None,
        };
        Ok(Place { area: a.id, unit })
    }
}
