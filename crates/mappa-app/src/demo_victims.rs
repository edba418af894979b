//! The demo's victims (issue 11, journey 4): some Level 2 and 3 cases owned
//! by the police have victims in the Victim Contact Scheme, with probation's
//! victim liaison officer and their views for the next meeting. Synthetic.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ids::UserId;
use mappa_domain::victims::VictimInput;

/// Invented victims: (name, scheme, views).
const VICTIMS: &[(&str, &str, Option<&str>)] = &[
    ("Marta Quell", "opted_in", Some("Wants to know the release date and that he will live outside the borough.")),
    (
        "Devon Ashgrove",
        "opted_in",
        Some("Worried about meeting him at the shopping centre; asks for an exclusion zone."),
    ),
    ("Priya Lomond", "opted_out", None),
    ("Hal Brennock", "not_eligible", None),
    ("Ines Varley", "opted_in", None),
];

impl App {
    /// Adds the demo's victims as the police manager, naming the victim
    /// liaison officer once the record is shared with probation.
    pub(crate) async fn load_victims_demo(&self, manager: UserId, vlo: UserId) -> Result<()> {
        let manager = self.store.actor(manager).await?.ok_or_else(|| AppError::Internal("demo user".into()))?;
        let vlo = self.store.actor(vlo).await?.ok_or_else(|| AppError::Internal("demo user".into()))?;
        let cases = self.store.cases_at_level(2, 40).await?;
        let ours = cases.iter().filter(|(_, _, _, owner)| *owner == manager.agency_id);
        for ((id, ..), (name, scheme, views)) in ours.zip(VICTIMS) {
            let reach = self.store.reach(*id).await?.ok_or(AppError::NotFound)?;
            if !reach.shared_with.contains(&vlo.agency_id) {
                let why = "Probation's victim liaison officer supports the victims of this case";
                self.share(&manager, *id, &vlo.agency_code, Some(why)).await?;
            }
            let input = VictimInput {
                name: Some(name.to_string()),
                contact_scheme: Some(scheme.to_string()),
                views: views.map(str::to_string),
                vlo: Some(vlo.username.clone()),
                protected_by: Vec::new(),
            };
            self.add_victim(&manager, *id, &input).await?;
        }
        Ok(())
    }
}
