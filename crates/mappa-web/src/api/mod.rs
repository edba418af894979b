//! The JSON API under `/api/v1`. Every handler: identify the caller, parse
//! the body into the domain's input type, call one use case, shape the answer.

mod auth;
mod breaches;
mod compliance;
mod nominals;
pub mod openapi;
mod orders;
mod reviews;
mod risk;
mod rules;
mod users;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The compliance list's parameters, which the page parses the same way.
pub(crate) use compliance::{ComplianceParams, PAGE_SIZE};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/token", post(auth::issue).delete(auth::revoke))
        .route("/api/v1/auth/second-factor", post(auth::start_second_factor))
        .route("/api/v1/me", get(auth::me))
        .route("/api/v1/me/password", post(users::change_password))
        .route("/api/v1/me/sign-out-everywhere", post(users::sign_out_everywhere))
        .route("/api/v1/users", get(users::list).post(users::create))
        .route("/api/v1/users/{id}", axum::routing::patch(users::update))
        .route("/api/v1/agencies", get(auth::agencies).post(users::create_agency))
        .route("/api/v1/nominals", post(nominals::create))
        .route("/api/v1/nominals/search", post(nominals::search))
        .route("/api/v1/audit", get(nominals::audit_search))
        .route("/api/v1/nominals/{id}", get(nominals::read).patch(nominals::update))
        .route("/api/v1/nominals/{id}/addresses", post(nominals::add_address))
        .route("/api/v1/nominals/{id}/disposals", post(nominals::add_disposal))
        .route("/api/v1/nominals/{id}/decisions", post(nominals::record_decision))
        .route("/api/v1/nominals/{id}/mappa", axum::routing::put(nominals::update_case))
        .route("/api/v1/nominals/{id}/shares", post(nominals::share))
        .route("/api/v1/nominals/{id}/shares/{share_id}/withdraw", post(nominals::withdraw_share))
        .route("/api/v1/nominals/{id}/audit", get(nominals::audit))
        .route("/api/v1/nominals/{id}/periods", get(compliance::periods))
        .route("/api/v1/nominals/{id}/periods/{period_id}/end", post(compliance::end_period))
        .route("/api/v1/nominals/{id}/notifications", post(compliance::add_notification).get(compliance::notifications))
        .route("/api/v1/nominals/{id}/notifications/{notification_id}", get(compliance::notification))
        .route("/api/v1/nominals/{id}/obligations", get(compliance::obligations))
        .route("/api/v1/nominals/{id}/custody-periods", post(compliance::add_custody))
        .route("/api/v1/nominals/{id}/hospital-periods", post(compliance::add_hospital))
        .route("/api/v1/nominals/{id}/abroad-periods", post(compliance::add_abroad))
        .route("/api/v1/compliance", get(compliance::compliance))
        .route("/api/v1/tasks", get(compliance::tasks))
        .route("/api/v1/tasks/{task_id}/complete", post(compliance::complete_task))
        .route("/api/v1/nominals/{id}/review-applications", post(reviews::create).get(reviews::list))
        .route("/api/v1/nominals/{id}/review-applications/{app_id}", get(reviews::read))
        .route("/api/v1/nominals/{id}/review-applications/{app_id}/stages", post(reviews::add_stage))
        .route("/api/v1/rules/assess", post(rules::assess))
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/nominals/{id}/breaches", post(breaches::record).get(breaches::list))
        .route("/api/v1/nominals/{id}/breaches/{breach_id}/outcomes", post(breaches::add_outcome))
        .route("/api/v1/nominals/{id}/circulations", post(breaches::circulate))
        .route("/api/v1/nominals/{id}/circulations/{circulation_id}/cancel", post(breaches::cancel))
        .route("/api/v1/nominals/{id}/risk-assessments", post(risk::add_assessment).get(risk::list_assessments))
        .route("/api/v1/nominals/{id}/visits", post(risk::add_visit).get(risk::list_visits))
        .route("/api/v1/visits/overdue", get(risk::overdue))
        .route("/api/v1/nominals/{id}/orders", post(orders::add_order).get(orders::list_orders))
        .route("/api/v1/nominals/{id}/orders/{order_id}/changes", post(orders::change_order))
        .route("/api/v1/nominals/{id}/orders/{order_id}/passport", post(orders::record_passport))
        .route("/api/v1/nominals/{id}/licence", post(orders::record_licence).get(orders::licence))
        .route("/api/v1/nominals/{id}/licence/recall", post(orders::record_recall))
        .route("/api/v1/nominals/{id}/licence/conditions/{condition_id}/review", post(orders::review_condition))
}
