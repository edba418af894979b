//! The JSON API under `/api/v1`. Every handler: identify the caller, parse
//! the body into the domain's input type, call one use case, shape the answer.

mod actions;
mod auth;
mod breaches;
mod compliance;
mod corrections;
mod disclosure_schemes;
mod disclosures;
mod meetings;
mod nominals;
pub mod openapi;
mod orders;
mod panels;
mod pdp;
mod referrals;
pub(crate) mod reports;
mod responses;
mod reviews;
mod risk;
mod rules;
mod sfo;
mod transfers;
mod users;
mod victims;

use crate::state::AppState;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The compliance list's parameters, which the page parses the same way.
pub(crate) use compliance::{ComplianceParams, PAGE_SIZE};

/// The record's id in a path, as every operation on one record documents it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Only its documentation is used: handlers take the id as text.
pub(crate) struct NominalPath {
    /// The record's id. An id that is not a UUID, that no record has, or whose record is outside
    /// the caller's reach all answer 404 `not_found` alike (need-to-know).
    #[param(format = Uuid)]
    id: String,
}

/// The API's routes. Each comes with its documentation from the handler's
/// `#[utoipa::path]`, so a route cannot be served without being documented,
/// nor documented without being served.
pub fn router() -> Router<AppState> {
    documented_routes().split_for_parts().0
}

/// The routes and the OpenAPI document built from them, from one table.
pub(crate) fn documented_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::issue, auth::revoke))
        .routes(routes!(auth::start_second_factor))
        .routes(routes!(auth::me))
        .routes(routes!(users::change_password))
        .routes(routes!(users::sign_out_everywhere))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::update))
        .routes(routes!(auth::agencies, users::create_agency))
        .routes(routes!(nominals::create))
        .routes(routes!(nominals::search))
        .routes(routes!(nominals::audit_search))
        .routes(routes!(nominals::read, nominals::update))
        .routes(routes!(nominals::add_address))
        .routes(routes!(nominals::add_disposal))
        .routes(routes!(nominals::record_decision))
        .routes(routes!(nominals::update_case))
        .routes(routes!(nominals::share))
        .routes(routes!(nominals::withdraw_share))
        .routes(routes!(corrections::withdraw))
        .routes(routes!(corrections::correct))
        .routes(routes!(nominals::audit))
        .routes(routes!(compliance::periods))
        .routes(routes!(compliance::end_period))
        .routes(routes!(compliance::add_notification, compliance::notifications))
        .routes(routes!(compliance::notification))
        .routes(routes!(compliance::obligations))
        .routes(routes!(compliance::add_custody))
        .routes(routes!(compliance::add_hospital))
        .routes(routes!(compliance::add_abroad))
        .routes(routes!(compliance::compliance))
        .routes(routes!(compliance::tasks))
        .routes(routes!(compliance::complete_task))
        .routes(routes!(reviews::create, reviews::list))
        .routes(routes!(reviews::read))
        .routes(routes!(reviews::add_stage))
        .routes(routes!(rules::assess))
        .routes(routes!(openapi::document))
        .routes(routes!(breaches::record, breaches::list))
        .routes(routes!(breaches::add_outcome))
        .routes(routes!(breaches::circulate))
        .routes(routes!(breaches::cancel))
        .routes(routes!(risk::add_assessment, risk::list_assessments))
        .routes(routes!(risk::record_outcome))
        .routes(routes!(risk::add_visit, risk::list_visits))
        .routes(routes!(risk::overdue))
        .routes(routes!(orders::add_order, orders::list_orders))
        .routes(routes!(orders::change_order))
        .routes(routes!(orders::record_passport))
        .routes(routes!(orders::record_licence, orders::licence))
        .routes(routes!(orders::record_recall))
        .routes(routes!(orders::review_condition))
        .routes(routes!(panels::list, panels::create))
        .routes(routes!(panels::areas, panels::create_area))
        .routes(routes!(panels::add_unit))
        .routes(routes!(panels::place_agency))
        .routes(routes!(referrals::create, referrals::list))
        .routes(routes!(referrals::read))
        .routes(routes!(referrals::screen))
        .routes(routes!(referrals::resubmit))
        .routes(routes!(victims::list, victims::add))
        .routes(routes!(victims::change))
        .routes(routes!(pdp::list, pdp::record))
        .routes(routes!(disclosures::list, disclosures::record))
        .routes(routes!(disclosures::made))
        .routes(routes!(sfo::list, sfo::notify))
        .routes(routes!(sfo::step))
        .routes(routes!(disclosure_schemes::record))
        .routes(routes!(disclosure_schemes::stage))
        .routes(routes!(disclosure_schemes::list))
        .routes(routes!(transfers::list, transfers::request))
        .routes(routes!(transfers::open))
        .routes(routes!(transfers::accept))
        .routes(routes!(transfers::refuse))
        .routes(routes!(pdp::review))
        .routes(routes!(pdp::remove))
        .routes(routes!(meetings::create, meetings::list))
        .routes(routes!(meetings::read))
        .routes(routes!(meetings::add_case))
        .routes(routes!(meetings::attendance))
        .routes(routes!(meetings::save_minutes, meetings::read_minutes))
        .routes(routes!(meetings::approve))
        .routes(routes!(meetings::share_minutes, meetings::minutes_shares))
        .routes(routes!(meetings::decide_share))
        .routes(routes!(actions::list))
        .routes(routes!(actions::complete))
        .routes(routes!(actions::accept))
        .routes(routes!(actions::cancel))
        .routes(routes!(reports::accountability))
        .routes(routes!(reports::annual))
        .routes(routes!(reports::annual_file))
        .routes(routes!(reports::annual_people))
        .routes(routes!(reports::populations, reports::set_population))
}
