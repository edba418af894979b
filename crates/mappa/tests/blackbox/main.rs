//! Black-box tests: the real server on a free port with a fresh database
//! (SQLite always, PostgreSQL when MAPPA_TEST_POSTGRES_URL is set), spoken to
//! over HTTP only. One test binary; one module per capability.

mod accounts;
mod api_contract;
mod breaches;
mod common;
mod compliance;
mod compliance_pages;
mod corrections;
mod disclosure_schemes;
mod disclosures;
mod forms_that_fit;
mod foundation;
mod meetings;
mod meetings_pages;
mod orders;
mod pages_by_role;
mod pdp;
mod reports;
mod reviews;
mod risk;
mod sfo;
mod transfers;
mod victims;
