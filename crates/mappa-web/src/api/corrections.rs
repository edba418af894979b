//! Mistakes put right over the API: withdrawing an entry recorded in error,
//! and correcting one (withdrawn and recorded again as it should have been,
//! in one transaction).

use super::nominals::{Created, nominal_id};
use crate::error::ApiResult;
use crate::extract::ApiCaller;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::corrections::{CorrectionInput, WithdrawalInput};

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/withdrawals",
    operation_id = "withdrawEntry",
    tag = "corrections",
    summary = "Withdraw an entry recorded in error",
    description = "Withdraws one of the record's entries: `kind` is `address`, `disposal`, `decision`, `notification`, `period`, `order`, `risk_assessment` or `visit`, `item_id` its id, and `reason` (required, up to 2000 characters) why. The entry stops counting for anything worked out (the person's obligations are worked out again in the same transaction) and leaves the record's lists, but stays in the history: its values in the audit record that created it, the withdrawal in one of its own with the reason. A MAPPA decision can be withdrawn only if it is the latest still standing on the category or on the level (`not_latest_decision`), and the case goes back to the value before it, unless that would leave a category 3 case at level 1 (`category_3_at_level_1`, CAT-3a). A sentence that another runs consecutively to cannot be withdrawn first (`has_consecutive`). An entry not on this record, or already withdrawn, is 404. Managers and supervisors of the owning agency (and, for decisions, those who may decide) only; 403 for others within reach. Audited as `record.withdraw`.",
    params(super::NominalPath),
    request_body = WithdrawalInput,
    responses(
        (status = 204, description = "Withdrawn."),
        (status = 422, description = "`required`, `too_long` (`reason`); `invalid_choice` (`kind`); `invalid_id` (`item_id`); `not_latest_decision`, `category_3_at_level_1`, `has_consecutive` (`item_id`).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn withdraw(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<WithdrawalInput>,
) -> ApiResult<StatusCode> {
    s.app.withdraw_fact_input(&c.actor, nominal_id(&id)?, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/nominals/{id}/corrections",
    operation_id = "correctEntry",
    tag = "corrections",
    summary = "Correct an entry",
    description = "Corrects one of the record's entries: `kind` and `item_id` name it as for a withdrawal, `reason` (required) says why, and the member named by `kind` (`address`, `disposal`, `decision`, `notification`, `period`, `order`, `risk_assessment` or `visit`) holds the entry as it should have been, in the same shape as recording a new one of that kind. In one transaction the old entry is withdrawn with the reason and the corrected one recorded in its place, checked as a new one would be against the entries standing without the old one; what referred to the old entry (a consecutive sentence, a licence, a breach of an order) is moved to the new one. A period keeps its kind. An order that has been varied, renewed or discharged cannot be corrected (`order_changed`): withdraw it and record it again. The answer is the corrected entry's new id. Permissions and 404s as for a withdrawal. Audited as `record.correct`, besides the audit record of the entry recorded.",
    params(super::NominalPath),
    request_body = CorrectionInput,
    responses(
        (status = 201, description = "Corrected: the id of the entry now standing.", body = Created),
        (status = 422, description = "As for a withdrawal, `order_changed` (`item_id`), `required` on the member named by `kind` when it is missing, and any error of recording an entry of that kind (fields as in that operation).", body = crate::error::Body),
        super::responses::RecordWrite
    )
)]
pub async fn correct(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let new = s.app.correct_fact_input(&c.actor, nominal_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: new.to_string() })))
}
