//! mappa's pure domain: no I/O, no clock. Everything here is deterministic and
//! unit-testable; the store, the use cases and the web edge depend on it, never
//! the other way round.

pub mod access;
pub mod address;
pub mod agency;
pub mod audit;
pub mod characteristics;
pub mod coded;
pub mod disposal;
pub mod error;
pub mod identifiers;
pub mod ids;
pub mod licence;
pub mod mappa_case;
pub mod nominal;
pub mod orders;
pub mod record;
pub mod role;
pub mod rules;
pub mod values;

pub use error::{FieldError, ValidationErrors};
