//! The HTTP edge of mappa.

pub mod assets;
