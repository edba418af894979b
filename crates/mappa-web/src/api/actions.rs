//! The actions of risk management plans over JSON: agencies are held to them.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_app::ActionListStatus;
use mappa_domain::ids::ActionId;
use mappa_domain::minutes::{Action, ActionNoteInput};
use serde::Deserialize;

fn id_of(raw: &str) -> ApiResult<ActionId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

/// Which actions to list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActionParams {
    /// An agency's code: the caller's own by default (coordinators and chairs may name any, or none for all their area's).
    pub agency: Option<String>,
    /// `open`, `overdue` (open past its due date), `done` or `cancelled`; all when omitted.
    pub status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/actions",
    operation_id = "listActions",
    tag = "meetings",
    summary = "Actions of risk management plans",
    description = "Actions of approved minutes, by due date (at most 500): an agency's own, or for coordinators and chairs any agency's in their area. Asking for another agency's without being a coordinator or chair: 403. Audited as `actions.view`.",
    params(ActionParams),
    responses(
        (status = 200, description = "The actions.", body = Vec<Action>),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "`invalid_choice` on `status`, `unknown_agency` on `agency`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<ActionParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<Action>>> {
    let Query(p) = q.map_err(|_| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "The query parameters are: agency, status")
    })?;
    let status = match p.status.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        None => None,
        Some("open") => Some(ActionListStatus::Open),
        Some("overdue") => Some(ActionListStatus::Overdue),
        Some("done") => Some(ActionListStatus::Done),
        Some("cancelled") => Some(ActionListStatus::Cancelled),
        Some(_) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_choice",
                "Select open, overdue, done or cancelled",
            )
            .field("status"));
        }
    };
    Ok(Json(s.app.actions(&c.actor, p.agency.as_deref(), status).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/actions/{id}/complete",
    operation_id = "completeAction",
    tag = "meetings",
    summary = "Mark your agency's action done",
    description = "The owning agency marks an open action done with a `note` of what was done; done by its due date counts as on time. Another agency's action: 403 `not_your_agencys_action` (field `owner_agency`). 409 `action_closed` when it is no longer open. Audited as `action.complete`.",
    params(("id" = String, Path, format = Uuid, description = "The action's id.")),
    request_body = ActionNoteInput,
    responses(
        (status = 200, description = "Done.", body = Action),
        (status = 409, description = "`action_closed`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, `required`, `too_long` or `invalid_characters` on `note`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn complete(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActionNoteInput>,
) -> ApiResult<Json<Action>> {
    Ok(Json(s.app.complete_action(&c.actor, id_of(&id)?, &input).await?))
}

/// Who takes an action on.
#[derive(Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    /// The named person in the owning agency.
    pub person: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/actions/{id}/accept",
    operation_id = "acceptAction",
    tag = "meetings",
    summary = "Accept your agency's action, naming who takes it on",
    description = "The owning agency names the `person` who takes an open action on. Another agency's action: 403 `not_your_agencys_action`. 409 `action_closed`. Audited as `action.accept`.",
    params(("id" = String, Path, format = Uuid, description = "The action's id.")),
    request_body = AcceptInput,
    responses(
        (status = 200, description = "Accepted.", body = Action),
        (status = 409, description = "`action_closed`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, `required`, `too_long` or `invalid_characters` on `person`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn accept(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AcceptInput>,
) -> ApiResult<Json<Action>> {
    Ok(Json(s.app.accept_action(&c.actor, id_of(&id)?, input.person.as_deref()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/actions/{id}/cancel",
    operation_id = "cancelAction",
    tag = "meetings",
    summary = "Cancel an action (coordinators and chairs, for the meeting)",
    description = "The meeting cancels an open action; its coordinator or chair records it with the `note` giving the reason. 409 `action_closed`. Audited as `action.cancel`.",
    params(("id" = String, Path, format = Uuid, description = "The action's id.")),
    request_body = ActionNoteInput,
    responses(
        (status = 200, description = "Cancelled.", body = Action),
        (status = 409, description = "`action_closed`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, `required`, `too_long` or `invalid_characters` on `note`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn cancel(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActionNoteInput>,
) -> ApiResult<Json<Action>> {
    Ok(Json(s.app.cancel_action(&c.actor, id_of(&id)?, &input).await?))
}
