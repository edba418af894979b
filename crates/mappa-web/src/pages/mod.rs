//! Server-rendered pages (GOV.UK Frontend look, working without JavaScript).

mod account;
mod admin;
mod audit;
mod breaches;
mod case;
mod compliance;
mod forms;
mod notifications;
mod orders;
mod people;
mod reviews;
mod risk;
mod rules;
mod sign_in;

use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use mappa_app::AppError;

pub use forms::{FormData, PageForm};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in::show).post(sign_in::submit))
        .route("/sign-in/second-factor", get(sign_in::second_factor_form).post(sign_in::start_second_factor))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/", get(people::caseload))
        .route("/rules", get(rules::show).post(rules::submit))
        .route("/people/search", get(people::search_form).post(people::search))
        .route("/audit", get(audit::show))
        .route("/account", get(account::show))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}", get(admin::user_form).post(admin::change_user))
        .route("/admin/agencies", get(admin::agencies).post(admin::add_agency))
        .route("/account/password", post(account::change_password))
        .route("/account/sign-out-everywhere", post(account::sign_out_everywhere))
        .route("/people/new", get(people::new_form).post(people::create))
        .route("/people/{id}", get(people::show))
        .route("/people/{id}/edit", get(people::edit_form).post(people::update))
        .route("/people/{id}/history", get(people::history))
        .route("/people/{id}/notifications/new", get(notifications::form).post(notifications::submit))
        .route("/people/{id}/notifications/{notification_id}", get(notifications::acknowledgement))
        .route("/people/{id}/periods/new", get(compliance::period_form).post(compliance::add_period))
        .route("/people/{id}/periods/{period_id}/end", get(compliance::period_end_form).post(compliance::end_period))
        .route("/compliance", get(compliance::list))
        .route("/tasks/{task_id}/complete", post(compliance::complete_task))
        .route("/people/{id}/addresses/new", get(people::address_form).post(people::add_address))
        .route("/people/{id}/decisions/new", get(people::decision_form).post(people::add_decision))
        .route("/people/{id}/disposals/new", get(case::disposal_form).post(case::add_disposal))
        .route("/people/{id}/mappa/edit", get(case::case_form).post(case::update_case))
        .route("/people/{id}/shares/new", get(people::share_form).post(people::add_share))
        .route("/people/{id}/shares/{share_id}/withdraw", post(people::withdraw_share))
        .route("/people/{id}/breaches", get(breaches::show))
        .route("/people/{id}/breaches/new", get(breaches::breach_form).post(breaches::add_breach))
        .route(
            "/people/{id}/breaches/{breach_id}/outcomes/new",
            get(breaches::outcome_form).post(breaches::add_outcome),
        )
        .route("/people/{id}/circulations/new", get(breaches::circulation_form).post(breaches::add_circulation))
        .route("/people/{id}/circulations/{circulation_id}/cancel", get(breaches::cancel_form).post(breaches::cancel))
        .route("/people/{id}/review", get(reviews::show))
        .route("/people/{id}/review/applications", post(reviews::add_application))
        .route("/people/{id}/review/{app_id}/stages/new", get(reviews::stage_form).post(reviews::add_stage))
        .route("/people/{id}/risk", get(risk::show))
        .route("/people/{id}/risk/assessments/new", get(risk::assessment_form).post(risk::add_assessment))
        .route("/people/{id}/visits/new", get(risk::visit_form).post(risk::add_visit))
        .route("/visits/overdue", get(risk::overdue))
        .route("/people/{id}/orders", get(orders::show))
        .route("/people/{id}/orders/new", get(orders::new_order).post(orders::add_order))
        .route("/people/{id}/orders/{order_id}/change", get(orders::change_form).post(orders::change))
        .route("/people/{id}/orders/{order_id}/passport", get(orders::passport_form).post(orders::passport))
        .route("/people/{id}/licence/new", get(orders::licence_form).post(orders::record_licence))
        .route("/people/{id}/licence/recall", get(orders::recall_form).post(orders::record_recall))
        .route(
            "/people/{id}/licence/conditions/{condition_id}/review",
            get(orders::condition_review_form).post(orders::review_condition),
        )
}

/// What the layout needs on every page.
pub struct Layout {
    pub title: String,
    pub user: Option<UserBanner>,
    pub csrf: String,
    /// Which service navigation item is current: "caseload", "search", "new" or "".
    pub nav: &'static str,
    pub css: String,
    pub js: String,
    pub favicon: String,
    /// Whether the user works with people's records (case-work navigation).
    pub works_cases: bool,
    /// Whether the user audits (the audit trail across agencies).
    pub audits: bool,
    /// Whether the user administers accounts.
    pub administers: bool,
}

pub struct UserBanner {
    pub name: String,
    pub agency: String,
    pub roles: String,
}

impl Layout {
    pub fn new(title: impl Into<String>, user: Option<&PageUser>, nav: &'static str) -> Self {
        Layout {
            title: title.into(),
            user: user.map(|u| UserBanner {
                name: u.actor.display_name.clone(),
                agency: u.actor.agency_name.clone(),
                roles: u.actor.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
            }),
            csrf: user.map(|u| u.csrf_token.clone()).unwrap_or_default(),
            nav,
            css: crate::assets::url("application.css"),
            js: crate::assets::url("application.js"),
            favicon: crate::assets::url("images/favicon.svg"),
            works_cases: user.is_some_and(|u| u.actor.works_cases()),
            audits: user.is_some_and(|u| u.actor.has(mappa_domain::role::Role::Auditor)),
            administers: user.is_some_and(|u| u.actor.has(mappa_domain::role::Role::Admin)),
        }
    }

    /// Whether to show the service navigation for case work.
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }
}

/// Renders a template, turning a template failure into a logged 500.
pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    body: &'static str,
}

/// The page for a use case's refusal. Not found and outside reach look the
/// same (principle 2).
pub fn error_page(e: AppError) -> Response {
    let (status, heading, body) = match e {
        AppError::NotFound => (
            StatusCode::NOT_FOUND,
            "Page not found",
            "If you typed the web address, check it is correct. If you followed a link, the record may not exist or may not be shared with your agency.",
        ),
        AppError::Forbidden => {
            (StatusCode::FORBIDDEN, "You cannot do this", "Your role does not allow this action on this record.")
        }
        AppError::Conflict(_) => (
            StatusCode::CONFLICT,
            "The record has changed",
            "Someone else changed this record while you were editing it. Go back to the record, check their change, and make yours again.",
        ),
        AppError::Internal(detail) => {
            tracing::error!(%detail, "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service",
                "Try again later. The problem has been logged.",
            )
        }
        _ => (StatusCode::BAD_REQUEST, "Sorry, there is a problem", "The request could not be completed."),
    };
    render(status, &ErrorPage { layout: Layout::new(heading, None, ""), heading, body })
}

/// A use case's refusal, answered with its error page: lets handlers use `?`.
pub struct PageError(AppError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0)
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

/// What a page handler answers.
pub type PageResult = Result<Response, PageError>;

pub async fn not_found() -> Response {
    error_page(AppError::NotFound)
}
