//! User accounts over the API: administrators create and change them
//! (issue 8, point 5); everyone changes their own password and can sign out
//! everywhere at once.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::UserAccount;
use mappa_app::{AgencyInput, UserInput, UserPatch};
use mappa_domain::agency::Agency;
use mappa_domain::ids::UserId;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Users {
    users: Vec<UserAccount>,
}

/// `GET /api/v1/users`.
pub async fn list(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<Users>> {
    Ok(Json(Users { users: s.app.users(&c.actor).await? }))
}

/// `POST /api/v1/users`.
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<UserInput>,
) -> ApiResult<(StatusCode, Json<UserAccount>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_user(&c.actor, &input).await?)))
}

/// `PATCH /api/v1/users/{id}`: `{"active": false}` ends the user's sessions
/// and tokens at once.
pub async fn update(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<UserPatch>,
) -> ApiResult<Json<UserAccount>> {
    let id: UserId = id.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.update_user(&c.actor, id, &input).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current_password: Option<String>,
    new_password: Option<String>,
}

/// `POST /api/v1/me/password`: the caller's own password; every token and
/// session of theirs ends, this token included.
pub async fn change_password(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    s.app
        .change_password(
            &c.actor,
            input.current_password.as_deref().unwrap_or_default(),
            input.new_password.as_deref().unwrap_or_default(),
            None,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/me/sign-out-everywhere`: ends every session and token of the
/// caller's, this token included.
pub async fn sign_out_everywhere(State(s): State<AppState>, c: ApiCaller) -> ApiResult<StatusCode> {
    s.app.sign_out_everywhere(&c.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/agencies` (administrators).
pub async fn create_agency(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<AgencyInput>,
) -> ApiResult<(StatusCode, Json<Agency>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_agency(&c.actor, &input).await?)))
}
