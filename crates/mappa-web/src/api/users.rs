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

#[derive(Serialize, utoipa::ToSchema)]
pub struct Users {
    users: Vec<UserAccount>,
}

/// `GET /api/v1/users`.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    operation_id = "listUsers",
    tag = "users",
    summary = "Every account (administrators)",
    description = "Administrators only (403 otherwise).",
    responses(
        (status = 200, description = "The accounts.", body = Users),
        super::responses::ListRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<Users>> {
    Ok(Json(Users { users: s.app.users(&c.actor).await? }))
}

/// `POST /api/v1/users`.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    operation_id = "createUser",
    tag = "users",
    summary = "Create an account (administrators)",
    description = "Administrators only (403 otherwise). Audited as `user.create` (never the password).",
    request_body = UserInput,
    responses(
        (status = 201, description = "Created.", body = UserAccount),
        (status = 409, description = "`username_taken`.", body = crate::error::Body),
        (status = 422, description = "Every problem with its field: `invalid_username`, `required`, `too_long`, `unknown_agency`, `invalid_choice` (roles), `weak_password`.", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<UserInput>,
) -> ApiResult<(StatusCode, Json<UserAccount>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_user(&c.actor, &input).await?)))
}

/// `PATCH /api/v1/users/{id}`: `{"active": false}` ends the user's sessions
/// and tokens at once.
#[utoipa::path(
    patch,
    path = "/api/v1/users/{id}",
    operation_id = "updateUser",
    tag = "users",
    summary = "Change an account (administrators)",
    description = "Administrators only (403 otherwise). Deactivating an account or resetting its password ends every session and token of it at once. An administrator cannot deactivate their own account or drop their own administrator role (422 `own_account`). Audited as `user.update` with the account before and after (never a password).",
    params(
        ("id" = String, Path, description = "The account's id; anything else is 404.")
    ),
    request_body = UserPatch,
    responses(
        (status = 200, description = "The account as it now is.", body = UserAccount),
        (status = 422, description = "Every problem with its field: `required`, `too_long`, `invalid_choice`, `own_account`, `weak_password`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn update(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<UserPatch>,
) -> ApiResult<Json<UserAccount>> {
    let id: UserId = id.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.update_user(&c.actor, id, &input).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current_password: Option<String>,
    new_password: Option<String>,
}

/// `POST /api/v1/me/password`: the caller's own password; every token and
/// session of theirs ends, this token included.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    operation_id = "changePassword",
    tag = "users",
    summary = "Change your own password",
    description = "The current password must be right and the new one at least 12 characters and different. Every session and token of the caller's ends, this token included. Audited as `user.password_change`.",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed."),
        (status = 400, response = super::responses::BadBody),
        (status = 401, response = super::responses::Unauthenticated),
        (status = 413, response = super::responses::BodyTooLarge),
        (status = 415, response = super::responses::UnsupportedMediaType),
        (status = 422, description = "Every problem with its field: `wrong_password` (current_password), `weak_password`, `unchanged` (new_password).", body = crate::error::Body),
        (status = 500, response = super::responses::InternalError)
    )
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/me/sign-out-everywhere",
    operation_id = "signOutEverywhere",
    tag = "users",
    summary = "End every session and token of yours",
    description = "Every browser session and API token of the caller's ends, this one included. Audited as `auth.sign_out_everywhere`.",
    responses(
        (status = 204, description = "Signed out everywhere."),
        super::responses::Signed
    )
)]
pub async fn sign_out_everywhere(State(s): State<AppState>, c: ApiCaller) -> ApiResult<StatusCode> {
    s.app.sign_out_everywhere(&c.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/agencies` (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/agencies",
    operation_id = "createAgency",
    tag = "users",
    summary = "Add an agency (administrators)",
    description = "Administrators only (403 otherwise). Audited as `agency.create`.",
    request_body = AgencyInput,
    responses(
        (status = 201, description = "Added.", body = Agency),
        (status = 409, description = "`agency_code_taken`.", body = crate::error::Body),
        (status = 422, description = "Every problem with its field: `invalid_agency_code`, `required`, `too_long`, `invalid_choice` (kind).", body = crate::error::Body),
        super::responses::Write
    )
)]
pub async fn create_agency(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<AgencyInput>,
) -> ApiResult<(StatusCode, Json<Agency>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_agency(&c.actor, &input).await?)))
}
