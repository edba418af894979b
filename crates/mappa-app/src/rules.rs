//! The rules engine as a what-if calculator: facts in, assessment out,
//! nothing stored.

use crate::App;
use mappa_domain::access::Actor;
use mappa_domain::rules::{Assessment, Facts, FactsError, assess};

impl App {
    /// Assesses facts given as JSON, for any signed-in user (the actor proves
    /// the caller is signed in; nothing is read or written, so nothing is audited).
    pub fn assess_facts(&self, _actor: &Actor, json: &str) -> Result<Assessment, FactsError> {
        self.assess_json(json)
    }

    /// Assesses facts given as JSON (the command line has no signed-in user).
    pub fn assess_json(&self, json: &str) -> Result<Assessment, FactsError> {
        let facts = Facts::from_json(json)?;
        Ok(assess(&facts, &self.rules))
    }

    pub fn rules_config(&self) -> &mappa_domain::rules::RulesConfig {
        &self.rules
    }
}
