//! A JSON body extractor whose rejections say exactly what is wrong and where:
//! malformed JSON, an unknown field, a wrong type, each a 4xx with the field.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

/// The largest JSON body accepted.
pub const MAX_BODY: usize = 256 * 1024;

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("The body must be at most {MAX_BODY} bytes"),
            )
        })?;
        parse(&bytes).map(ApiJson)
    }
}

/// Parses JSON, classifying every failure.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let msg = inner.to_string();
            // serde_path_to_error writes "." for the root and "?" where it lost track.
            let field = (path != "." && path != "?" && !path.is_empty()).then_some(path);
            let err = match inner.classify() {
                serde_json::error::Category::Syntax
                | serde_json::error::Category::Eof
                | serde_json::error::Category::Io => {
                    // Where the parser gave up is no field of the request.
                    return Err(ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", "The body is not valid JSON"));
                }
                serde_json::error::Category::Data if msg.starts_with("unknown field") => {
                    // The path already ends with the unknown key.
                    let full = field.clone().unwrap_or_else(|| msg.split('`').nth(1).unwrap_or("").to_string());
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "unknown_field",
                        format!("The field \"{full}\" is not recognised"),
                    )
                    .field(full));
                }
                serde_json::error::Category::Data => {
                    // serde's message names the expected type; strip the value it may quote.
                    let expected =
                        msg.split(", expected ").nth(1).map(|s| s.split(" at line").next().unwrap_or(s).to_string());
                    let message = match expected {
                        Some(x) => format!("Wrong type: expected {x}"),
                        None => "A value has the wrong type or is not one of the allowed values".into(),
                    };
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_type", message)
                }
            };
            Err(match field {
                Some(f) => err.field(f),
                None => err,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        a: Option<i64>,
        inner: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        b: Option<String>,
    }

    #[test]
    fn failures_are_classified_with_their_field() {
        let e = parse::<T>(br#"{"a": "#).unwrap_err();
        assert_eq!((e.status.as_u16(), e.code, e.field), (400, "malformed_json", None));
        let e = parse::<T>(br#"{"zzz": 1}"#).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), ("unknown_field", Some("zzz")));
        let e = parse::<T>(br#"{"inner": {"c": 1}}"#).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), ("unknown_field", Some("inner.c")));
        let e = parse::<T>(br#"{"a": "x"}"#).unwrap_err();
        assert_eq!((e.status.as_u16(), e.code, e.field.as_deref()), (422, "invalid_type", Some("a")));
        assert!(!e.message.contains("\"x\""), "the submitted value is not echoed");
    }
}
