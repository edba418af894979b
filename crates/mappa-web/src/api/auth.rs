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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    username: Option<String>,
    password: Option<String>,
    /// The code from the user's authenticator app (RFC 6238), when they have one.
    code: Option<String>,
}

#[derive(Serialize)]
pub struct TokenResponse {
    token: String,
    token_type: &'static str,
    expires_at: String,
}

/// `POST /api/v1/auth/token`: sign in and get a bearer token.
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

#[derive(Serialize)]
pub struct SecondFactorSetup {
    /// The secret in base32, to type into an authenticator app.
    secret: String,
    /// The same as an `otpauth://` address, which apps read from a QR code.
    otpauth_uri: String,
}

/// `POST /api/v1/auth/second-factor`: with a username and password, starts
/// setting up a second factor; the first sign-in with its code confirms it.
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
pub async fn revoke(State(s): State<AppState>, caller: ApiCaller) -> ApiResult<StatusCode> {
    s.app.revoke_token(&caller.token, &caller.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me`: who the token belongs to.
pub async fn me(caller: ApiCaller) -> Json<Actor> {
    Json(caller.actor)
}

/// `GET /api/v1/agencies`: every agency (codes are needed to share records).
pub async fn agencies(State(s): State<AppState>, _caller: ApiCaller) -> ApiResult<Json<Vec<Agency>>> {
    Ok(Json(s.app.agencies().await?))
}
