//! One API error type: a status, a stable snake_case code, a message for the
//! caller and, where it applies, the field. What is logged is kept apart from
//! what is shown (internal details never reach the caller).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mappa_app::AppError;
use mappa_domain::ValidationErrors;
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub details: Option<ValidationErrors>,
}

/// Every 4xx and 5xx answer under /api has this body.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ErrorDetail)]
struct Inner<'a> {
    /// Stable snake_case code: 400 `malformed_json`, `unknown_field`, `invalid_query`,
    /// `invalid_if_match`; 401 `unauthenticated`, `invalid_credentials` and the second-factor
    /// codes; 403 `forbidden`; 404 `not_found`; 409 a conflict code; 413 `body_too_large`;
    /// 415 `unsupported_media_type`; 422 `invalid_type` or a validation code; 429
    /// `too_many_attempts`; 500 `internal_error`.
    code: &'a str,
    /// A sentence for the caller; never contains submitted values or internal details.
    message: &'a str,
    /// The field the error is about, when there is one (for 422, the first field in error).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    /// Every problem found, when there was more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a ValidationErrors>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None, details: None }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "No such resource, or you do not have access to it")
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Send a valid, unexpired bearer token in the Authorization header",
        )
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => ApiError::not_found(),
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", "Your role does not allow this"),
            AppError::Unauthenticated => ApiError::unauthenticated(),
            AppError::BadCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "The username or password is wrong")
            }
            AppError::TooManyAttempts => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many failed sign-in attempts: wait a few minutes and try again",
            ),
            AppError::SecondFactor(code) => {
                ApiError::new(StatusCode::UNAUTHORIZED, code, second_factor_message(code)).field("code")
            }
            AppError::Refused(f) => ApiError::new(StatusCode::FORBIDDEN, f.code, f.message).field(f.field),
            AppError::Invalid(v) => {
                let first = v.first().cloned();
                let (code, message, field) = match first {
                    Some(f) => (f.code, f.message, Some(f.field)),
                    None => ("invalid", "The request is not valid".to_string(), None),
                };
                ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code,
                    message,
                    field,
                    details: (v.0.len() > 1).then_some(v),
                }
            }
            AppError::Conflict(code) => ApiError::new(StatusCode::CONFLICT, code, AppError::conflict_message(code)),
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "Something went wrong; it has been logged",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code,
                message: &self.message,
                field: self.field.as_deref(),
                errors: self.details.as_ref(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// What to tell someone whose second factor was refused.
pub fn second_factor_message(code: &str) -> &'static str {
    match code {
        "code_required" => "Enter the code from your authenticator app",
        "code_expired" => "That code has expired: enter the code your authenticator app shows now",
        "code_reused" => "That code has been used already: wait for the next one",
        "second_factor_setup_required" => {
            "Your role must sign in with a second factor: set one up first, then sign in with its code"
        }
        _ => "The code is wrong: enter the code your authenticator app shows now",
    }
}
