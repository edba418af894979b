//! The rules engine as a what-if calculator: facts in, assessment out,
//! nothing stored.

use crate::App;
use mappa_domain::access::Actor;
use mappa_domain::rules::{Assessment, Facts, FactsError, assess};

impl App {
    /// Assesses facts given as JSON, for any signed-in user (the actor proves
    /// the caller is signed in; nothing is read or written, so nothing is audited).
    pub fn assess_facts(&self, _actor: &Actor, json: &str) -> Result<Assessment, FactsError> {
        let facts = Facts::from_json(json, &self.rules)?;
        Ok(assess(&facts, &self.rules))
    }
}
