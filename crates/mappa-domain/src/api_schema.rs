//! How values that the API writes as plain text, but that Rust holds as
//! richer types, are described in the generated OpenAPI document.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string, described for the reader of the document.
pub fn text(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).description(Some(description)).into()
}
