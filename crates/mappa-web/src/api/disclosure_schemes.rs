//! Disclosure scheme applications over JSON (issue 11, journeys 2 and 3;
//! CSO-1..5, DVDS-1..6).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::disclosure_schemes::{Application, ApplicationInput, StageInput};

#[utoipa::path(
    post,
    path = "/api/v1/disclosure-applications",
    operation_id = "recordDisclosureApplication",
    tag = "disclosure schemes",
    summary = "Record a Child Sex Offender or Domestic Violence Disclosure Scheme application",
    description = "`scheme` (`csods`, `dvds`), `route` (`right_to_ask`, `right_to_know`) and `received` are required, with the subject: `subject_nominal_id` (a record within the caller's reach, found with the search) or `subject` (a new record's `surname`, `forenames`, `date_of_birth`, `gender`, made for the caller's agency). These are enough to record one. It may also name the `applicant` and their relationship, and for CSODS the `children` at risk and the subject's `contact` with them (CSO-2), for DVDS the `person_at_risk`: a decision to disclose needs those at risk recorded. `immediate_risk` raises an urgent safeguarding task. The answer's `due_date` is the completion day (CSO-4: 45 days, DVDS-3: 28 days, counting the day received; `schedules.csods_days`, `schedules.dvds_days`); DVDS also has `initial_review_due` (within 24 hours, immediate risk) and `face_to_face_due` (`schedules.dvds_face_to_face_working_days`, DVDS-4). The completion day shows in the subject's compliance list and is a task for the caller's agency, which alone sees the application. Practitioners of an agency reaching the record may record one (403 for reception and roles that do not work cases). Audited as `application.record`, without names.",
    request_body = ApplicationInput,
    responses(
        (status = 201, description = "Recorded.", body = Application),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `invalid_choice`, `invalid_date`, `date_in_future`, `too_long`, `both_subjects` (`subject`), and a new subject's problems under `subject.`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn record(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<ApplicationInput>,
) -> ApiResult<(StatusCode, Json<Application>)> {
    Ok((StatusCode::CREATED, Json(s.app.record_application(&c.actor, &input).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/disclosure-applications/{id}/stages",
    operation_id = "recordApplicationStage",
    tag = "disclosure schemes",
    summary = "Record a step of a disclosure scheme application",
    description = "`stage`: `initial_contact`, `initial_review`, `face_to_face`, `checks`, `decision` (`outcome` `disclose` or `not_disclose`, `reasons`, and for DVDS `decided_by`, the local multi-agency forum, DVDS-2; to disclose, the `recipient`: the person best placed to protect, CSO-3), `disclosure` (after a decision to disclose; `method`, in person only for DVDS, DVDS-5), `extension` (`extended_to` after the current last day, and a `note` with the exceptional circumstances) or `closed`. `on` defaults to today, not before the application was received. Only the handling agency (404 otherwise). Audited as `application.stage`.",
    params(("id" = String, Path, format = Uuid, description = "The application's id. Unknown or another agency's: 404.")),
    request_body = StageInput,
    responses(
        (status = 201, description = "Recorded: the application with its steps.", body = Application),
        (status = 422, description = "Every problem with its field: `required`, `invalid_choice`, `before_received` (`on`), `before_decision`, `not_to_disclose`, `already_decided`, `at_risk_unknown` and `closed` (`stage`), `in_person_only` (`method`), `not_later` (`extended_to`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn stage(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StageInput>,
) -> ApiResult<(StatusCode, Json<Application>)> {
    let id = id.parse().map_err(|_| ApiError::not_found())?;
    Ok((StatusCode::CREATED, Json(s.app.record_application_stage(&c.actor, id, &input).await?)))
}

#[utoipa::path(
    get,
    path = "/api/v1/nominals/{id}/disclosure-applications",
    operation_id = "listDisclosureApplications",
    tag = "nominals",
    summary = "The disclosure scheme applications about a record that the caller's agency handles",
    description = "The latest first, each with its steps and deadlines. Other agencies' applications are not shown. Audited as `applications.view`.",
    params(super::NominalPath),
    responses(
        (status = 200, description = "The applications.", body = Vec<Application>),
        super::responses::RecordRead
    )
)]
pub async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Application>>> {
    Ok(Json(s.app.applications(&c.actor, super::nominals::nominal_id(&id)?).await?))
}
