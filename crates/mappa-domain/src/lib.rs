//! mappa's pure domain: no I/O, no clock. Everything here is deterministic and
//! unit-testable; the store, the use cases and the web edge depend on it, never
//! the other way round.
pub mod rules;
