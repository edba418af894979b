//! The error answers that most operations share, referenced from each
//! operation's documented responses (`components/responses` in the document).

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{Ref, RefOr};

/// An error answer with the `Error` body and one example per code.
fn error_answer(description: &str, examples: &[(&str, &str, Option<&str>)]) -> RefOr<Response> {
    let mut content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Error")));
    for (code, message, field) in examples {
        let mut error = serde_json::json!({ "code": code, "message": message });
        if let Some(field) = field {
            error["field"] = serde_json::json!(field);
        }
        let example = ExampleBuilder::new().value(Some(serde_json::json!({ "error": error }))).build();
        content = content.examples_from_iter([(code.to_string(), example)]);
    }
    ResponseBuilder::new().description(description).content("application/json", content.build()).build().into()
}

macro_rules! shared_answer {
    ($(#[$doc:meta])* $name:ident, $description:literal, [$(($code:literal, $message:literal $(, $field:literal)?)),+ $(,)?]) => {
        $(#[$doc])*
        pub struct $name;

        impl<'r> utoipa::ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                (stringify!($name), error_answer($description, &[$(($code, $message, shared_answer!(@field $($field)?))),+]))
            }
        }
    };
    (@field) => { None };
    (@field $field:literal) => { Some($field) };
}

shared_answer!(
    Unauthenticated,
    "`unauthenticated`: no `Authorization: Bearer TOKEN` header, or the token is unknown, expired or revoked.",
    [("unauthenticated", "Send a valid, unexpired bearer token in the Authorization header")]
);

shared_answer!(
    Forbidden,
    "`forbidden`: the record is within the caller's reach but their roles (or their agency not owning it) do not allow this.",
    [("forbidden", "Your role does not allow this")]
);

shared_answer!(
    NotFound,
    "`not_found`: no such record (or item), or it is outside the caller's reach; the two are indistinguishable (need-to-know, principle 2).",
    [("not_found", "No such resource, or you do not have access to it")]
);

shared_answer!(
    BadBody,
    "`malformed_json`: the body is not valid JSON; `unknown_field`: the body has a field the API does not know (`field` names it, e.g. `physical_description.wings`).",
    [
        ("malformed_json", "The body is not valid JSON"),
        ("unknown_field", r#"The field "shoe_size" is not recognised"#, "shoe_size")
    ]
);

shared_answer!(
    BodyTooLarge,
    "`body_too_large`: the body is over 262144 bytes (256 KiB).",
    [("body_too_large", "The body must be at most 262144 bytes")]
);

shared_answer!(
    UnsupportedMediaType,
    "`unsupported_media_type`: the body was not sent with `Content-Type: application/json`.",
    [("unsupported_media_type", "Send the body as JSON with Content-Type: application/json")]
);

shared_answer!(
    InternalError,
    "`internal_error`: something went wrong on the server; it has been logged (no details are given).",
    [("internal_error", "Something went wrong; it has been logged")]
);

/// The shared error answers of one kind of operation, listed at once.
macro_rules! shared_answers {
    ($(#[$doc:meta])* $name:ident: $($status:literal => $answer:ident),+ $(,)?) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> std::collections::BTreeMap<String, RefOr<Response>> {
                [$(($status.to_string(), RefOr::Ref(Ref::from_response_name(stringify!($answer))))),+].into_iter().collect()
            }
        }
    };
}

shared_answers!(
    /// A write to one record: a bad body, no token, not allowed, outside reach, too large, not JSON, or a server error.
    RecordWrite: "400" => BadBody, "401" => Unauthenticated, "403" => Forbidden, "404" => NotFound, "413" => BodyTooLarge, "415" => UnsupportedMediaType, "500" => InternalError
);

shared_answers!(
    /// A read of one record: no token, outside reach, or a server error.
    RecordRead: "401" => Unauthenticated, "404" => NotFound, "500" => InternalError
);

shared_answers!(
    /// A list: no token, a role that may not list, or a server error.
    ListRead: "401" => Unauthenticated, "403" => Forbidden, "500" => InternalError
);

shared_answers!(
    /// No token, or a server error.
    Signed: "401" => Unauthenticated, "500" => InternalError
);

shared_answers!(
    /// A write not about one record: a bad body, no token, not allowed, too large, not JSON, or a server error.
    Write: "400" => BadBody, "401" => Unauthenticated, "403" => Forbidden, "413" => BodyTooLarge, "415" => UnsupportedMediaType, "500" => InternalError
);
