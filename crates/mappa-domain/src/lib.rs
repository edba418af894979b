//! mappa's pure domain: no I/O, no clock. Everything here is deterministic and
//! unit-testable; the store, the use cases and the web edge depend on it, never
//! the other way round.

/// `Debug` for types holding personal data prints only the type's name, so
/// that dates and identifiers never reach logs or panic messages
/// (architecture principle 5). Serialise a value to inspect it.
macro_rules! redacted_debug {
    ($($t:ident),+ $(,)?) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($t), " { .. }"))
            }
        }
    )+};
}

pub mod access;
pub mod accountability;
pub mod address;
pub mod agency;
pub mod api_schema;
pub mod audit;
pub mod audit_action;
pub mod breaches;
pub mod characteristics;
pub mod coded;
pub mod corrections;
pub mod disclosure_schemes;
pub mod disclosures;
pub mod disposal;
pub mod error;
pub mod identifiers;
pub mod ids;
pub mod licence;
pub mod mappa_case;
pub mod meetings;
pub mod minutes;
pub mod nominal;
pub mod notifications;
pub mod obligations;
pub mod orders;
pub mod panels;
pub mod pdp;
pub mod periods;
pub mod record;
pub mod referrals;
pub mod reports;
pub mod review_application;
pub mod risk;
pub mod role;
pub mod rules;
pub mod search_terms;
pub mod sfo;
pub mod transfers;
pub mod values;
pub mod victims;

pub use error::{FieldError, ValidationErrors};
