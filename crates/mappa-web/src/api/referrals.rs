//! Referrals to Level 2 or 3 over JSON (MAPPA A; MTG-4, MTG-6, LVL-0..3).

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_domain::ids::ReferralId;
use mappa_domain::referrals::{Referral, ReferralInput, ReferralStatus, ResubmissionInput, ScreeningInput};
use serde::Deserialize;

fn id_of(raw: &str) -> ApiResult<ReferralId> {
    raw.parse().map_err(|_| ApiError::not_found())
}

#[utoipa::path(
    post,
    path = "/api/v1/referrals",
    operation_id = "refer",
    tag = "meetings",
    summary = "Refer a person to Level 2 or 3 (MAPPA A)",
    description = "Any practitioner of an agency that reaches the record (front-counter staff aside) refers it to Level 2 or 3 (MTG-6): `level` 2 or 3, the one `category` (1 to 4), the `reason`, and optionally the referral's `sections` (`offender_details`, `index_offence`, `relevant_dates`, `release_address`, `reason`), each marked with the code of the `agency` that completed it (the referrer's by default). The referral goes to the case's MAPPA area and local unit (its own, else its owning agency's; `unit` chooses another unit of the area). For a person in custody give `release_date`: a referral arriving later than the configured months before release is flagged `late` (MTG-4, `schedules.referral_months_before_release`, default 6). `screening_due` is the configured days for screening (`schedules.referral_screening_days`, default 10). The referral gives the area's MAPPA coordinators and chairs sight of the case, recorded as a share with the referral as its reason. Audited as `referral.create` and `share.create`. A record outside the caller's reach (or an id that names none) answers 404 exactly like a missing one.",
    request_body = ReferralInput,
    responses(
        (status = 201, description = "Referred.", body = Referral),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `out_of_range`, `too_long`, `invalid_characters`, `invalid_choice`, `invalid_date`, `duplicate`, `unknown_agency`, `unknown_unit`, `no_area` (on `nominal_id`: the record's agency is in no area).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn create(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiJson(input): ApiJson<ReferralInput>,
) -> ApiResult<(StatusCode, Json<Referral>)> {
    Ok((StatusCode::CREATED, Json(s.app.refer(&c.actor, &input).await?)))
}

/// Which referrals to list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReferralParams {
    /// `awaiting_screening`, `accepted`, `level_1` or `returned`; all when omitted.
    pub status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/referrals",
    operation_id = "listReferrals",
    tag = "meetings",
    summary = "The area's referrals (coordinators and chairs)",
    description = "The referrals to the caller's MAPPA area, newest first (at most 500), for its coordinators and chairs (403 for other roles). Audited as `referrals.view`.",
    params(ReferralParams),
    responses(
        (status = 200, description = "The referrals.", body = Vec<Referral>),
        (status = 400, description = "`invalid_query`.", body = crate::error::Body),
        (status = 422, description = "`invalid_choice` on `status`.", body = crate::error::Body),
        super::responses::ListRead
    )
)]
pub async fn list(
    State(s): State<AppState>,
    c: ApiCaller,
    q: Result<Query<ReferralParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<Referral>>> {
    let Query(p) =
        q.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "The query parameter is: status"))?;
    let status = match p.status.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        Some(code) => Some(ReferralStatus::from_code(code).ok_or_else(|| {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_choice", "Select a referral status from the list")
                .field("status")
        })?),
        None => None,
    };
    Ok(Json(s.app.referrals(&c.actor, status).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/referrals/{id}",
    operation_id = "readReferral",
    tag = "meetings",
    summary = "Read a referral",
    description = "One referral with its sections and screening, for anyone who reaches the record. Audited as `referral.view`.",
    params(("id" = String, Path, format = Uuid, description = "The referral's id. Unknown, or about a record outside reach: 404.")),
    responses(
        (status = 200, description = "The referral.", body = Referral),
        super::responses::RecordRead
    )
)]
pub async fn read(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> ApiResult<Json<Referral>> {
    Ok(Json(s.app.referral(&c.actor, id_of(&id)?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/referrals/{id}/screening",
    operation_id = "screenReferral",
    tag = "meetings",
    summary = "Screen a referral (coordinators and chairs)",
    description = "The area's MAPPA coordinator screens a referral: `outcome` `accepted` (with `level` 2 or 3; listed for the area's panel at that level, or `panel_id`), `level_1` (managed at Level 1 by the lead agency) or `returned` (for more information). `reason` is required: the rationale of the level decision, or what more is needed. `criteria` are the level criteria met (LVL-1..3): `high_rosh`, `exceptional_coordination`, `step_down_from_level_3` (Level 2), `senior_representation`, `public_interest` (Level 3), `lead_agency_can_manage` (Level 1). Accepting or keeping at Level 1 records a level decision (and a category decision when the referral's category differs) in the case's decision history, naming the criteria and the coordinator. Audited as `referral.screen` and `mappa.decision`. 409 `already_screened` for a referral screened before. A referral of another area, or about a record outside reach, answers 404.",
    params(("id" = String, Path, format = Uuid, description = "The referral's id.")),
    request_body = ScreeningInput,
    responses(
        (status = 200, description = "Screened.", body = Referral),
        (status = 409, description = "`already_screened`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `out_of_range`, `not_applicable`, `too_long`, `invalid_choice`, `criterion_not_for_level`, `unknown_panel`, `category_3_at_level_1`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn screen(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ScreeningInput>,
) -> ApiResult<Json<Referral>> {
    Ok(Json(s.app.screen(&c.actor, id_of(&id)?, &input).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/referrals/{id}/resubmission",
    operation_id = "resubmitReferral",
    tag = "meetings",
    summary = "Send a returned referral again (the referring agency)",
    description = "A referral returned for more information is sent again by its referring agency (MTG-6): `note` (required) says what was added; `sections` add or replace sections of the same kind (each marked with the agency that completed it, the caller's by default); `reason` replaces the reason for referral when given. It awaits screening again, due the configured days from today; the question and its answer are kept in `returns`. Audited as `referral.resubmit`. 409 `not_returned` when the referral is not returned; 403 for another agency's referral.",
    params(("id" = String, Path, format = Uuid, description = "The referral's id.")),
    request_body = ResubmissionInput,
    responses(
        (status = 200, description = "Sent again.", body = Referral),
        (status = 409, description = "`not_returned`.", body = crate::error::Body),
        (status = 422, description = "`invalid_type`, or every problem with its field: `required`, `too_long`, `invalid_choice`, `duplicate`, `unknown_agency`.", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn resubmit(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ResubmissionInput>,
) -> ApiResult<Json<Referral>> {
    Ok(Json(s.app.resubmit(&c.actor, id_of(&id)?, &input).await?))
}
