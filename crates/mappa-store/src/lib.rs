//! Storage for mappa on SQLite (the zero-setup default) and PostgreSQL.
//!
//! One implementation serves both through sqlx's `Any` driver: ids, dates and
//! timestamps are stored as fixed-form text and flags as integers, so nearly
//! every statement is the same text on both databases (principle 4). A
//! [`Backend`] value picks the few statements that differ. Every method that
//! changes case data is one transaction that also appends its audit record
//! (principle 1); see `audit`.

mod accountability;
mod annual_report;
mod audit;
mod bench_data;
mod bench_meetings;
mod bench_statistics;
mod breaches;
mod compliance;
mod connect;
mod corrections;
mod disclosure_applications;
mod disclosures;
mod error;
mod facts;
mod glance;
mod items;
mod mappa_tasks;
mod meetings;
mod migrate;
mod minutes;
mod nominals;
mod notifications;
mod orders;
mod panels;
mod pdp;
mod periods;
mod referrals;
mod reviews;
mod risk;
mod row;
mod sfo;
pub mod testing;
mod transfers;
mod users;
mod victims;

pub use accountability::{InvitationLine, ReportPlace};
pub use audit::{AuditCtx, AuditEntry, AuditFilter, TrailEntry, TrailPage, VerifyReport};
pub use bench_data::BenchVolume;
pub use bench_meetings::MeetingsVolume;
pub use bench_statistics::StatisticsVolume;
pub use compliance::{
    ComplianceEntry, ComplianceList, ComplianceQuery, ComplianceSort, ComplianceStatus, DUE_SOON_DAYS, SweepReport,
    Task, WhoseTasks,
};
pub use connect::{Backend, Store};
pub use corrections::{Replacement, StandingFact};
pub use error::StoreError;
pub use glance::GlanceFacts;
pub use items::{LoadedBreach, PersonBundle};
pub use meetings::{MeetingFilter, MeetingSummary};
pub use migrate::migration_names;
pub use minutes::{ActionFilter, ActionListStatus, ReviewDue};
pub use nominals::{NewNominal, SearchQuery};
pub use orders::LicenceFacts;
pub use panels::{NewPanel, Place};
pub use referrals::{NewReferral, ReferralFilter, Resubmission};
pub use risk::{ScheduleScope, VisitScheduleFacts};
pub use transfers::CaseBrief;
pub use users::{NewAgency, NewUser, SecondFactor, UserAccount, UserChange, UserCredentials};
pub use victims::NewVictim;

/// Formats a timestamp the way every table stores it: UTC, microseconds, `Z`.
pub fn format_timestamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_have_one_fixed_form() {
        let t: jiff::Timestamp = "2026-11-23T09:00:00Z".parse().unwrap();
        assert_eq!(super::format_timestamp(t), "2026-11-23T09:00:00.000000Z");
        let t: jiff::Timestamp = "2026-11-23T09:00:00.1234567Z".parse().unwrap();
        assert_eq!(super::format_timestamp(t), "2026-11-23T09:00:00.123456Z");
    }
}
