//! MAPPA disclosure over JSON (issue 11, journey 1; DIS-1..6).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::disclosures::{Disclosure, DisclosureInput, DisclosureMadeInput};

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/disclosures",
    operation_id = "listDisclosures",
    tag = "nominals",
    summary = "A record's MAPPA disclosure decisions",
    description = "Each decision with its reasons against the four tests (DIS-2), the recipient, what, by whom, how and when, the meeting it was decided at, and the disclosure made: the day, the recipient's undertaking of confidentiality (DIS-3) and whether the offender was told (DIS-4). The latest first. Audited as `disclosures.view`.",
    params(super::NominalPath),
    responses(
        (status = 200, description = "The decisions.", body = Vec<Disclosure>),
        super::responses::RecordRead
    )
)]
pub async fn list(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Vec<Disclosure>>> {
    Ok(Json(s.app.disclosures(&c.actor, super::nominals::nominal_id(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/disclosures",
    operation_id = "recordDisclosure",
    tag = "nominals",
    summary = "Record a MAPPA disclosure decision",
    description = "Disclosure is to a third party outside MAPPA (DIS-1): `recipient` (who), `recipient_kind` (`victim`, `partner`, `parent_or_carer`, `employer`, `landlord`, `school`, `professional`, `other`) and `recipient_organisation` (never a MAPPA agency: 422 `mappa_agency`) are given with `decision` (`disclose` or `not_disclose`) and the reasons against each of the four tests, `reasonable`, `necessary`, `lawful` and `proportionate` (DIS-2, all required). To disclose, `information`, `by_whom` and `method` (`in_person`, `letter`, `telephone`) are required; `planned_on` and `conditions` on the recipient (DIS-6) are optional. `meeting_case_id` ties the decision to the meeting that considered it (DIS-5); the owning agency's decision-makers may decide between meetings, the MAPPA unit only at a meeting. When the disclosure was made at once, `disclosed_on` (not before the decision), `undertaking_signed_on` (DIS-3) and `offender_told` (with `not_told_reason` when false, DIS-4) record it. A decision ends the duty-to-consider task of a child sex offender (DIS-6). Audited as `disclosure.decide`, without the recipient's name or what was disclosed.",
    params(super::NominalPath),
    request_body = DisclosureInput,
    responses(
        (status = 201, description = "Recorded.", body = Disclosure),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_choice`, `invalid_date`, `date_in_future`, `mappa_agency` (`recipient_organisation`), `unknown_meeting` (`meeting_case_id`), `before_decision` and `not_disclosed` (`disclosed_on`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DisclosureInput>,
) -> ApiResult<(StatusCode, Json<Disclosure>)> {
    Ok((StatusCode::CREATED, Json(s.app.record_disclosure(&c.actor, super::nominals::nominal_id(&id)?, &input).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/disclosures/{disclosure_id}/made",
    operation_id = "recordDisclosureMade",
    tag = "nominals",
    summary = "Record that a disclosure was made",
    description = "`disclosed_on` (required, not before the decision), `undertaking_signed_on` (required: the recipient's signed undertaking of confidentiality, DIS-3) and `offender_told` (required; `not_told_reason` when false, DIS-4). Audited as `disclosure.made`.",
    params(
        super::NominalPath,
        ("disclosure_id" = String, Path, format = Uuid, description = "The decision's id. Not a UUID, unknown or another record's: 404.")
    ),
    request_body = DisclosureMadeInput,
    responses(
        (status = 200, description = "Recorded.", body = Disclosure),
        (status = 409, description = "`not_to_disclose` (the decision was not to), `already_disclosed`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or `required`, `invalid_date`, `date_in_future`, `before_decision` (`disclosed_on`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn made(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((id, disclosure)): Path<(String, String)>,
    ApiJson(input): ApiJson<DisclosureMadeInput>,
) -> ApiResult<Json<Disclosure>> {
    let disclosure = disclosure.parse().map_err(|_| ApiError::not_found())?;
    Ok(Json(s.app.record_disclosure_made(&c.actor, super::nominals::nominal_id(&id)?, disclosure, &input).await?))
}
