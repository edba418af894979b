//! `mappa area` and `mappa panel`: setting up a MAPPA area from a script.

use clap::Subcommand;
use mappa_app::App;
use mappa_domain::panels::PanelInput;

#[derive(Subcommand)]
pub enum AreaCommand {
    /// Add a MAPPA area, with its local units.
    Add {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// Short code, e.g. LDN.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// A local unit as CODE:Name (e.g. CAM:Camden); repeat for several.
        #[arg(long = "unit")]
        units: Vec<String>,
    },
    /// Add a local unit to an area.
    AddUnit {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// The area's code.
        #[arg(long)]
        area: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// Put an agency (its users and, by default, its records) in an area and local unit.
    Place {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// The agency's code.
        #[arg(long)]
        agency: String,
        /// The area's code.
        #[arg(long)]
        area: String,
        /// The local unit's code.
        #[arg(long)]
        unit: Option<String>,
    },
}

impl AreaCommand {
    pub fn database_url(&self) -> &str {
        match self {
            AreaCommand::Add { database_url, .. }
            | AreaCommand::AddUnit { database_url, .. }
            | AreaCommand::Place { database_url, .. } => database_url,
        }
    }
}

#[derive(Subcommand)]
pub enum PanelCommand {
    /// Add a Level 2 panel (for a local unit) or a Level 3 panel (for the area).
    Add {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// The area's code.
        #[arg(long)]
        area: String,
        /// The local unit's code (Level 2 only).
        #[arg(long)]
        unit: Option<String>,
        /// 2 or 3.
        #[arg(long)]
        level: i64,
        #[arg(long)]
        name: String,
        /// The chair's username.
        #[arg(long)]
        chair: Option<String>,
        /// When it meets, in words.
        #[arg(long, default_value = "Every four weeks")]
        pattern: String,
    },
}

impl PanelCommand {
    pub fn database_url(&self) -> &str {
        match self {
            PanelCommand::Add { database_url, .. } => database_url,
        }
    }
}

/// Runs an area command, answering what was done.
pub async fn area(app: &App, command: AreaCommand) -> Result<String, mappa_app::AppError> {
    match command {
        AreaCommand::Add { code, name, units, .. } => {
            let units: Vec<(String, String)> = units
                .iter()
                .map(|u| match u.split_once(':') {
                    Some((c, n)) => (c.to_string(), n.to_string()),
                    None => (u.clone(), String::new()),
                })
                .collect();
            let a = app.add_area(&code, &name, &units).await?;
            Ok(format!("Added area {} ({}) with {} local units.", a.code, a.name, a.units.len()))
        }
        AreaCommand::AddUnit { area, code, name, .. } => {
            let a = app.add_unit(&area, &code, &name).await?;
            Ok(format!("Added local unit {} to {}.", code.trim().to_uppercase(), a.code))
        }
        AreaCommand::Place { agency, area, unit, .. } => {
            app.place_agency(&agency, &area, unit.as_deref()).await?;
            Ok(format!("Placed {} in {}.", agency.trim().to_uppercase(), area.trim().to_uppercase()))
        }
    }
}

/// Runs a panel command, answering what was done.
pub async fn panel(app: &App, command: PanelCommand) -> Result<String, mappa_app::AppError> {
    match command {
        PanelCommand::Add { area, unit, level, name, chair, pattern, .. } => {
            let input = PanelInput {
                name: Some(name),
                level: Some(level),
                area: Some(area),
                unit,
                chair,
                pattern: Some(pattern),
            };
            let p = app.add_panel(&input).await?;
            Ok(format!("Added panel {} (id {}).", p.name, p.id))
        }
    }
}
