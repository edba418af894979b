//! Victims linked to a case over JSON (issue 11, journey 4). A victim is
//! shown only to the owning agency and the Victim Liaison Officer's agency.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::victims::{Victim, VictimInput};

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/victims",
    operation_id = "listVictims",
    tag = "nominals",
    summary = "A record's victims the caller may see",
    description = "Each victim with their Victim Contact Scheme status, views for the next meeting (and the day recorded), the victim liaison officer and the licence conditions that protect them. Audited as `victims.view`. Need-to-know: a record outside the caller's reach answers 404 like a missing one; within reach, victims are shown only to the owning agency and to the victim liaison officer's agency, whatever shares the record has, and anyone else gets an empty list.",
    params(super::NominalPath),
    responses(
        (status = 200, description = "The victims, oldest first.", body = Vec<Victim>),
        super::responses::RecordRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Victim>>> {
    Ok(Json(s.app.victims(&c.actor, super::nominals::nominal_id(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/victims",
    operation_id = "addVictim",
    tag = "nominals",
    summary = "Add a victim to a record",
    description = "`name` and `contact_scheme` (`opted_in`, `opted_out`, `not_eligible`) are required; `views` are the victim's views for the next meeting; `vlo` is the username of a victim liaison officer whose agency reaches the record (by default the caller, when they are one); `protected_by` lists ids of this person's licence conditions that protect the victim. The owning agency's managers and supervisors, or a victim liaison officer of an agency that reaches the record, may add one (403 otherwise). Audited as `victim.add`, without the victim's name or views.",
    params(super::NominalPath),
    request_body = VictimInput,
    responses(
        (status = 201, description = "Added.", body = Victim),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_choice`, `unknown_user` and `not_reached` (`vlo`), `unknown_condition` (`protected_by[i]`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn add(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VictimInput>,
) -> ApiResult<(StatusCode, Json<Victim>)> {
    Ok((StatusCode::CREATED, Json(s.app.add_victim(&c.actor, super::nominals::nominal_id(&id)?, &input).await?)))
}

#[utoipa::path(
    put,
    path = "/api/v1/nominals/{id}/victims/{victim_id}",
    operation_id = "changeVictim",
    tag = "nominals",
    summary = "Change a victim's status, views, liaison officer or protections",
    description = "Takes the whole victim as for adding one. Views that change are dated today. The owning agency's managers and supervisors, or a victim liaison officer of the owning agency or of the victim's liaison officer's agency, may (403 otherwise). Audited as `victim.change`, without names or views.",
    params(
        super::NominalPath,
        ("victim_id" = String, Path, format = Uuid, description = "The victim's id. Not a UUID, unknown, another record's, or one the caller may not see: 404.")
    ),
    request_body = VictimInput,
    responses(
        (status = 200, description = "Changed.", body = Victim),
        (status = 422, description = "As for adding one.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn change(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, victim)): Path<(String, String)>,
    ApiJson(input): ApiJson<VictimInput>,
) -> ApiResult<Json<Victim>> {
    let victim = victim.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.change_victim(&c.actor, super::nominals::nominal_id(&id)?, victim, &input).await?))
}
