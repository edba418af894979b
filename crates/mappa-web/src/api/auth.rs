use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use mappa_app::SignInAttempt;
use mappa_domain::access::Actor;
use mappa_domain::agency::Agency;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    username: Option<String>,
    password: Option<String>,
    /// The code from the user's authenticator app (RFC 6238), when they have one.
    code: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    token: String,
    token_type: &'static str,
    expires_at: String,
}

/// `POST /api/v1/auth/token`: sign in and get a bearer token.
#[utoipa::path(
    post,
    path = "/api/v1/auth/token",
    operation_id = "issueToken",
    tag = "auth",
    summary = "Sign in and get a bearer token",
    description = "Checks a username, password and, where needed, a second-factor code, and issues an API token (by default valid for 720 minutes; `token_minutes` in the configuration). Every outcome is audited. An unknown username and a wrong password give the same 401 `invalid_credentials`, as does an inactive account. A user who has set up a second factor, or whose role the configuration names (`second_factor_roles`), must give its `code`: 401 `code_required`, `code_wrong`, `code_expired`, `code_reused` or `second_factor_setup_required` (field `code`) otherwise. Attempts are counted before the password is checked, so a burst gets no more guesses than the allowance (5 per account within 15 minutes by default); after that each further attempt waits a growing time after the latest failure (429 `too_many_attempts`), after which the right password works again. Wrong passwords from an address with many recent failures are answered slowly; other users there are never stopped.",
    security(()),
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 400, response = super::responses::BadBody),
        (status = 401, description = "`invalid_credentials`: the username or password is wrong (or the account is inactive); or a second-factor refusal (field `code`): `code_required`, `code_wrong`, `code_expired`, `code_reused`, `second_factor_setup_required`.", body = crate::error::Body),
        (status = 413, response = super::responses::BodyTooLarge),
        (status = 415, response = super::responses::UnsupportedMediaType),
        (status = 422, description = "`required` with field `username` or `password` when one is missing or empty; `invalid_type` when one is not a string.", body = crate::error::Body),
        (status = 429, description = "`too_many_attempts`: too many failed sign-ins for this account or from this address; wait and try again.", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
pub async fn issue(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let username = req.username.filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "required", "Enter a username").field("username")
    })?;
    let password = req.password.filter(|p| !p.is_empty()).ok_or_else(|| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "required", "Enter a password").field("password")
    })?;
    let address = addr.ip().to_string();
    let attempt =
        SignInAttempt { username: username.trim(), password: &password, address: &address, code: req.code.as_deref() };
    let (token, expires) = s.app.issue_token(&attempt).await?;
    Ok(Json(TokenResponse { token, token_type: "Bearer", expires_at: mappa_app::format_timestamp(expires) }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SecondFactorSetup {
    /// The secret in base32, to type into an authenticator app.
    secret: String,
    /// The same as an `otpauth://` address, which apps read from a QR code.
    otpauth_uri: String,
}

/// `POST /api/v1/auth/second-factor`: with a username and password, starts
/// setting up a second factor; the first sign-in with its code confirms it.
#[utoipa::path(
    post,
    path = "/api/v1/auth/second-factor",
    operation_id = "startSecondFactor",
    tag = "auth",
    summary = "Set up a second factor",
    description = "With a username and password (throttled like a sign-in), starts setting up a time-based second factor (RFC 6238: six digits, 30-second steps, SHA-1): the key for an authenticator app. The first sign-in with its code confirms it; from then on every sign-in needs a code, each good once only. An account that has one already gets 409 `second_factor_already_set_up`. Audited as `auth.second_factor_setup`.",
    security(()),
    request_body = TokenRequest,
    responses(
        (status = 201, description = "Started: the key.", body = SecondFactorSetup),
        (status = 400, response = super::responses::BadBody),
        (status = 401, description = "`invalid_credentials`.", body = crate::error::Body),
        (status = 409, description = "`second_factor_already_set_up`.", body = crate::error::Body),
        (status = 413, response = super::responses::BodyTooLarge),
        (status = 415, response = super::responses::UnsupportedMediaType),
        (status = 422, description = "`invalid_type` or `required`: a username or password that is missing or not text.", body = crate::error::Body),
        (status = 429, description = "`too_many_attempts`.", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
pub async fn start_second_factor(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<(StatusCode, Json<SecondFactorSetup>)> {
    let username = req.username.unwrap_or_default();
    let password = req.password.unwrap_or_default();
    let address = addr.ip().to_string();
    let attempt = SignInAttempt { username: username.trim(), password: &password, address: &address, code: None };
    let (secret, otpauth_uri) = s.app.start_second_factor(&attempt).await?;
    Ok((StatusCode::CREATED, Json(SecondFactorSetup { secret, otpauth_uri })))
}

/// `DELETE /api/v1/auth/token`: revoke the token this request carries.
#[utoipa::path(
    delete,
    path = "/api/v1/auth/token",
    operation_id = "revokeToken",
    tag = "auth",
    summary = "Revoke the token this request carries",
    description = "Revokes the bearer token sent with the request (audited as `auth.token_revoke`); later requests with it get 401.",
    responses(
        (status = 204, description = "Revoked."),
        super::responses::Signed
    )
)]
pub async fn revoke(State(s): State<AppState>, caller: ApiCaller) -> ApiResult<StatusCode> {
    s.app.revoke_token(&caller.token, &caller.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me`: who the token belongs to.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "getMe",
    tag = "auth",
    summary = "Who the token belongs to",
    description = "The user the bearer token stands for: their agency and roles.",
    responses(
        (status = 200, description = "The caller.", body = Actor),
        super::responses::Signed
    )
)]
pub async fn me(caller: ApiCaller) -> Json<Actor> {
    Json(caller.actor)
}

/// `GET /api/v1/agencies`: every agency (codes are needed to share records).
#[utoipa::path(
    get,
    path = "/api/v1/agencies",
    operation_id = "listAgencies",
    tag = "agencies",
    summary = "List every agency",
    description = "Every agency, ordered by name. Any signed-in user may list them: the codes are needed to share records and to set a case's lead agency.",
    responses(
        (status = 200, description = "The agencies.", body = Vec<Agency>),
        super::responses::Signed
    )
)]
pub async fn agencies(State(s): State<AppState>, _caller: ApiCaller) -> ApiResult<Json<Vec<Agency>>> {
    Ok(Json(s.app.agencies().await?))
}
