//! MAPPA areas, their local units, and the panels that hold Level 2 and
//! Level 3 meetings (CAT-01, LVL-2, LVL-3, LVL-4, MTG-2).

use crate::error::{FieldError, ValidationErrors};
use crate::ids::{AreaId, PanelId, UnitId, UserId};
use crate::values::required_text;
use serde::{Deserialize, Serialize};

/// A MAPPA area (CAT-01: one of the 42 in England and Wales) and its local units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Area {
    pub id: AreaId,
    pub code: String,
    pub name: String,
    pub units: Vec<LocalUnit>,
}

/// A local unit of an area (a borough or district), where Level 2 panels sit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LocalUnit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
}

/// A panel: Level 2 for a local unit, Level 3 for the whole area (LVL-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Panel {
    pub id: PanelId,
    pub name: String,
    /// 2 or 3.
    pub level: u8,
    /// The area's code.
    pub area: String,
    /// The local unit's code; none for a Level 3 panel of the whole area.
    pub unit: Option<String>,
    pub area_id: AreaId,
    pub unit_id: Option<UnitId>,
    /// The chair (MTG-2: a police or probation manager of senior rank).
    pub chair: Option<PanelChair>,
    /// When it meets, in words ("Every fourth Tuesday").
    pub pattern: String,
}

/// A panel's chair as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PanelChair {
    pub id: UserId,
    pub name: String,
}

/// A new area or unit: a short code (as for agencies) and a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPlace {
    pub code: String,
    pub name: String,
}

impl NewPlace {
    pub fn parse(code: &str, name: &str) -> Result<NewPlace, ValidationErrors> {
        let mut e = ValidationErrors::new();
        // The same shape as agency codes, said in the terms of a place.
        let code = if code.trim().is_empty() {
            e.add("code", "required", "Enter the short code");
            None
        } else {
            e.take(crate::agency::parse_agency_code("code", code).map_err(|_| {
                FieldError::new(
                    "code",
                    "invalid_code",
                    "The short code must be 2 to 20 letters, digits, hyphens or underscores",
                )
            }))
        };
        let name = e.take(required_text("name", "the name", Some(name), 200));
        match (code, name) {
            (Some(code), Some(name)) if e.is_empty() => Ok(NewPlace { code, name }),
            _ => Err(e),
        }
    }
}

/// A panel as submitted by an administrator.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelInput {
    pub name: Option<String>,
    pub level: Option<i64>,
    /// The area's code.
    pub area: Option<String>,
    /// The local unit's code: required for Level 2, absent for Level 3.
    pub unit: Option<String>,
    /// The chair's username.
    pub chair: Option<String>,
    pub pattern: Option<String>,
}

/// A panel input checked, before its area, unit and chair are looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPanel {
    pub name: String,
    pub level: u8,
    pub area: String,
    pub unit: Option<String>,
    pub chair: Option<String>,
    pub pattern: String,
}

impl PanelInput {
    pub fn parse(&self) -> Result<ValidPanel, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.take(required_text("name", "the panel's name", self.name.as_deref(), 200));
        let level = match self.level {
            Some(l @ 2..=3) => Some(l as u8),
            Some(_) => {
                e.add("level", "out_of_range", "A panel meets at level 2 or level 3");
                None
            }
            None => {
                e.add("level", "required", "Select the level the panel manages (2 or 3)");
                None
            }
        };
        let area = e.take(required_text("area", "the area", self.area.as_deref(), 20)).map(|a| a.to_uppercase());
        let unit = self.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_uppercase);
        match (level, &unit) {
            (Some(2), None) => {
                e.add("unit", "required", "Select the local unit: a level 2 panel serves one local unit")
            }
            (Some(3), Some(_)) => {
                e.add("unit", "not_applicable", "A level 3 panel serves the whole area: leave the local unit empty")
            }
            _ => {}
        }
        let chair = self.chair.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        let pattern = e.take(required_text("pattern", "when the panel meets", self.pattern.as_deref(), 200));
        match (name, level, area, pattern) {
            (Some(name), Some(level), Some(area), Some(pattern)) if e.is_empty() => {
                Ok(ValidPanel { name, level, area, unit, chair, pattern })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(level: i64, unit: Option<&str>) -> PanelInput {
        PanelInput {
            name: Some("Camden level 2".into()),
            level: Some(level),
            area: Some("ldn".into()),
            unit: unit.map(str::to_string),
            chair: None,
            pattern: Some("Every fourth Tuesday".into()),
        }
    }

    #[test]
    fn a_level_2_panel_serves_a_unit_and_a_level_3_panel_the_area() {
        let p = input(2, Some("cam")).parse().unwrap();
        assert_eq!((p.level, p.area.as_str(), p.unit.as_deref()), (2, "LDN", Some("CAM")));
        assert_eq!(input(2, None).parse().unwrap_err().first().unwrap().field, "unit");
        assert_eq!(input(3, Some("CAM")).parse().unwrap_err().first().unwrap().code, "not_applicable");
        assert!(input(3, None).parse().is_ok());
        assert_eq!(input(1, None).parse().unwrap_err().first().unwrap().code, "out_of_range");
    }

    #[test]
    fn places_have_codes_and_names() {
        assert_eq!(NewPlace::parse(" ldn ", "London").unwrap().code, "LDN");
        assert_eq!(NewPlace::parse("L", "").unwrap_err().0.len(), 2);
        assert_eq!(NewPlace::parse("L", "X").unwrap_err().0[0].code, "invalid_code");
        assert_eq!(NewPlace::parse(" ", "X").unwrap_err().0[0].code, "required");
    }
}
