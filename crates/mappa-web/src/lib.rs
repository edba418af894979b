//! The HTTP edge of mappa: the JSON API under `/api/v1`, the HTML pages, the
//! assets, and the server that runs them.

pub mod api;
pub mod assets;
mod error;
mod extract;
mod json;
pub mod pages;
pub mod report_files;
mod security;
mod server;
mod state;

pub use server::Server;
pub use state::{AppState, WebSettings};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(pages::router())
        .merge(assets::router())
        .route("/healthz", get(healthz))
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(state.clone(), pages::with_layout))
        .layer(axum::middleware::from_fn(security::same_origin))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(DefaultBodyLimit::max(json::MAX_BODY))
        .layer(CompressionLayer::new())
        // Spans carry method and path only: never bodies or query strings.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| tracing::info_span!("request", method = %req.method(), path = %req.uri().path())))
        .with_state(state)
}

/// Unknown paths: a JSON error under /api, the "Page not found" page elsewhere.
async fn fallback(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        error::ApiError::not_found().into_response()
    } else {
        pages::not_found().await
    }
}

async fn healthz(axum::extract::State(s): axum::extract::State<AppState>) -> (StatusCode, &'static str) {
    match s.app.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
