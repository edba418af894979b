//! The JSON API under `/api/v1`. Every handler: identify the caller, parse
//! the body into the domain's input type, call one use case, shape the answer.

mod auth;
mod nominals;
pub mod openapi;
mod risk;
mod rules;

use crate::state::AppState;
use axum::Router;
use axum::routing::{delete, get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/token", post(auth::issue).delete(auth::revoke))
        .route("/api/v1/me", get(auth::me))
        .route("/api/v1/agencies", get(auth::agencies))
        .route("/api/v1/nominals", post(nominals::create).get(nominals::search))
        .route("/api/v1/nominals/{id}", get(nominals::read).patch(nominals::update))
        .route("/api/v1/nominals/{id}/addresses", post(nominals::add_address))
        .route("/api/v1/nominals/{id}/disposals", post(nominals::add_disposal))
        .route("/api/v1/nominals/{id}/decisions", post(nominals::record_decision))
        .route("/api/v1/nominals/{id}/mappa", axum::routing::put(nominals::update_case))
        .route("/api/v1/nominals/{id}/shares", post(nominals::share))
        .route("/api/v1/nominals/{id}/shares/{share_id}", delete(nominals::withdraw_share))
        .route("/api/v1/nominals/{id}/audit", get(nominals::audit))
        .route("/api/v1/rules/assess", post(rules::assess))
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/nominals/{id}/risk-assessments", post(risk::add_assessment).get(risk::list_assessments))
        .route("/api/v1/nominals/{id}/visits", post(risk::add_visit).get(risk::list_visits))
        .route("/api/v1/visits/overdue", get(risk::overdue))
}
