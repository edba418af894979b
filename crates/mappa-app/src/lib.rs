//! mappa's use cases. Every entry point takes the acting user, checks the
//! access policy (principle 2), validates the input into domain values, and
//! makes one store call, which is one transaction with its audit record
//! (principle 1). The API, the pages and the command line all come through here.

mod accountability;
mod annual_report;
mod audit_view;
mod auth;
mod breaches;
mod clock;
mod compliance;
mod config;
mod corrections;
pub mod demo;
mod demo_history;
mod demo_mappa;
mod demo_protection;
mod demo_victims;
mod disclosure_schemes;
mod disclosures;
mod error;
mod meetings;
mod minutes;
mod nominals;
mod orders;
mod panels;
mod pdp;
mod people;
mod reads;
mod record_compliance;
mod record_parts;
mod referrals;
mod reviews;
mod risk;
mod rules;
pub mod second_factor;
mod sfo;
mod transfers;
mod victims;

pub use accountability::{AccountabilityReport, ReportQuery};
pub use annual_report::{AnnualQuery, AnnualReportView, ReportCell};
pub use audit_view::{AUDIT_SEARCH_LIMIT, AuditQuery, ShownAudit};
pub use auth::{NewSession, SignInAttempt};
pub use breaches::BreachesView;
pub use clock::{Clock, FixedClock, SystemClock, today_in_london};
pub use compliance::{ObligationsView, TaskLists, TaskPage};
pub use config::AppConfig;
pub use corrections::FactInput;
pub use error::AppError;
pub use mappa_store::StandingFact;
pub use meetings::AgendaCandidate;
pub use minutes::ACTIONS_LIMIT;
pub use nominals::{AuditTrail, CASELOAD_PAGE, Caseload, HISTORY_PAGE, History, HistoryEvent, SEARCH_LIMIT};
pub use orders::OrdersAndLicence;
pub use people::{AgencyInput, UserInput, UserPatch};
pub use record_compliance::RecordCompliance;
pub use reviews::ReviewApplicationView;
pub use risk::{OVERDUE_LIMIT, OverdueVisit, OverdueVisits, RiskOverview};
pub use transfers::TransferSeen;
pub use victims::VictimsSeen;

use mappa_store::Store;

// What the edges need of the store's types, so that they reach data only
// through the use cases here (issue 8, point 1).
pub use mappa_store::{
    ActionListStatus, ComplianceList, ComplianceQuery, ComplianceSort, ComplianceStatus, DUE_SOON_DAYS, InvitationLine,
    MeetingSummary, Task, UserAccount, format_timestamp,
};
use std::sync::Arc;

/// The application: the store, settings and a clock (the domain has none).
#[derive(Clone)]
pub struct App {
    store: Store,
    config: AppConfig,
    rules: Arc<mappa_domain::rules::RulesConfig>,
    clock: Arc<dyn Clock>,
}

impl App {
    pub fn new(store: Store, config: AppConfig, clock: Arc<dyn Clock>) -> Self {
        let rules: Arc<mappa_domain::rules::RulesConfig> = Arc::default();
        Self { store: store.with_rules(rules.clone()), config, rules, clock }
    }

    /// Uses local-policy and UNCONFIRMED rule values from configuration
    /// (principle 3) instead of the defaults.
    pub fn with_rules(mut self, rules: mappa_domain::rules::RulesConfig) -> Self {
        self.rules = Arc::new(rules);
        self.store = self.store.with_rules(self.rules.clone());
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Today's date in the UK (CONV-1).
    pub fn today(&self) -> jiff::civil::Date {
        today_in_london(self.clock.now())
    }
}
