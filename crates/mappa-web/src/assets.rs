//! Placeholder: replaced by the asset pipeline.
