//! Server-rendered pages (GOV.UK Frontend look, working without JavaScript).

mod account;
mod admin;
mod admin_areas;
mod annual_report;
mod applications;
mod audit;
mod breaches;
mod case;
mod compliance;
mod corrections;
mod disclosures;
mod forms;
mod home;
mod mappa;
mod notifications;
mod orders;
mod pdp;
mod people;
mod plain;
mod populations;
mod protection;
mod record_frame;
mod reviews;
mod risk;
mod rules;
mod sfo;
mod sign_in;
mod transfers;
mod victims;

use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use mappa_app::AppError;
use mappa_domain::access::Actor;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::role::Role;

pub use forms::{FormData, PageForm};

pub fn router() -> Router<AppState> {
    corrections::routes(Router::new())
        .route("/people/{id}/addresses/{item}/correct", get(people::address_correct_form))
        .route("/people/{id}/disposals/{item}/correct", get(case::disposal_correct_form))
        .route("/people/{id}/decisions/{item}/correct", get(people::decision_correct_form))
        .route("/people/{id}/notifications/{notification_id}/correct", get(notifications::correct_form))
        .route("/people/{id}/orders/{order_id}/correct", get(orders::correct_form))
        .route("/people/{id}/periods/{period_id}/correct", get(compliance::period_correct_form))
        .route("/people/{id}/risk-assessments/{item}/correct", get(risk::assessment_correct_form))
        .route("/people/{id}/visits/{item}/correct", get(risk::visit_correct_form))
        .route("/people/{id}/visits/{item}/outcome", get(corrections::outcome_form).post(corrections::record_outcome))
        .route("/sign-in", get(sign_in::show).post(sign_in::submit))
        .route("/sign-in/second-factor", get(sign_in::second_factor_form).post(sign_in::start_second_factor))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/", get(home::show))
        .route("/rules", get(rules::show).post(rules::submit))
        .route("/people/search", get(people::search_form).post(people::search))
        .route("/audit", get(audit::show))
        .route("/account", get(account::show))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}", get(admin::user_form).post(admin::change_user))
        .route("/admin/agencies", get(admin::agencies).post(admin::add_agency))
        .route("/admin/areas", get(admin_areas::areas))
        .route("/admin/populations", get(populations::show).post(populations::save))
        .route("/admin/areas/new", get(admin_areas::area_form).post(admin_areas::add_area))
        .route("/admin/areas/units", get(admin_areas::unit_form).post(admin_areas::add_unit))
        .route("/admin/areas/agencies", get(admin_areas::agency_form).post(admin_areas::place_agency))
        .route("/admin/areas/panels", get(admin_areas::panel_form).post(admin_areas::add_panel))
        .route("/account/password", post(account::change_password))
        .route("/account/sign-out-everywhere", post(account::sign_out_everywhere))
        .route("/people/new", get(people::new_form).post(people::create))
        .route("/people/{id}", get(people::show))
        .route("/people/{id}/edit", get(people::edit_form).post(people::update))
        .route("/people/{id}/details", get(people::details))
        .route("/people/{id}/convictions", get(people::convictions))
        .route("/people/{id}/history", get(people::history))
        .route("/people/{id}/notifications/new", get(notifications::form).post(notifications::submit))
        .route("/people/{id}/notifications/{notification_id}", get(notifications::acknowledgement))
        .route("/people/{id}/periods/new", get(compliance::period_form).post(compliance::add_period))
        .route("/people/{id}/periods/{period_id}/end", get(compliance::period_end_form).post(compliance::end_period))
        .route("/compliance", get(compliance::list))
        .route("/tasks", get(compliance::tasks_page))
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
        .route("/people/{id}/victims", get(victims::show))
        .route("/people/{id}/victims/new", get(victims::new_form).post(victims::add))
        .route("/people/{id}/victims/{victim}", get(victims::change_form).post(victims::change))
        .route("/people/{id}/protection", get(protection::show))
        .route("/people/{id}/sfo/new", get(sfo::new_form).post(sfo::notify))
        .route("/people/{id}/sfo/{sfo}", get(sfo::step_form).post(sfo::step))
        .route("/people/{id}/applications/new", get(applications::new_form).post(applications::add))
        .route("/people/{id}/applications/{app}", get(applications::step_form).post(applications::step))
        .route("/people/{id}/transfers/new", get(transfers::new_form).post(transfers::request))
        .route("/people/{id}/transfers/{transfer}", get(transfers::show).post(transfers::answer))
        .route("/people/{id}/disclosures/new", get(disclosures::new_form).post(disclosures::add))
        .route("/people/{id}/disclosures/{disclosure}/made", get(disclosures::made_page).post(disclosures::made))
        .route("/people/{id}/pdp/new", get(pdp::record_form).post(pdp::record))
        .route("/people/{id}/pdp/review", get(pdp::review_form).post(pdp::review))
        .route("/people/{id}/pdp/removal", get(pdp::removal_form).post(pdp::removal))
        .route("/people/{id}/risk/assessments/new", get(risk::assessment_form).post(risk::add_assessment))
        .route("/people/{id}/visits/new", get(risk::visit_form).post(risk::add_visit))
        .route("/visits/overdue", get(risk::overdue))
        .route("/people/{id}/refer", get(mappa::referrals::form).post(mappa::referrals::refer))
        .route("/referrals", get(mappa::referrals::list))
        .route("/referrals/{id}", get(mappa::referrals::show))
        .route("/referrals/{id}/screening", post(mappa::referrals::screen))
        .route("/referrals/{id}/resubmission", post(mappa::referrals::resubmit))
        .route("/meetings", get(mappa::meetings::list))
        .route("/meetings/new", get(mappa::meetings::new_form).post(mappa::meetings::create))
        .route("/meetings/{id}", get(mappa::meetings::show))
        .route("/meetings/{id}/cases", post(mappa::meetings::add_case))
        .route(
            "/meetings/{id}/cases/{case}/attendance",
            get(mappa::meetings::attendance).post(mappa::meetings::record_attendance),
        )
        .route("/meetings/{id}/cases/{case}/minutes", get(mappa::minutes::show))
        .route("/meetings/{id}/cases/{case}/minutes/edit", get(mappa::minutes::edit).post(mappa::minutes::save))
        .route("/meetings/{id}/cases/{case}/minutes/approve", post(mappa::minutes::approve))
        .route("/meetings/{id}/cases/{case}/minutes/shares", post(mappa::minutes::ask_share))
        .route("/meetings/{id}/cases/{case}/minutes/shares/{share}", post(mappa::minutes::decide_share))
        .route("/reports/agency-accountability", get(mappa::accountability::show))
        .route("/reports/annual", get(annual_report::show))
        .route("/reports/annual/file", get(annual_report::file))
        .route("/reports/annual/people", get(annual_report::people))
        .route("/reports/agency-accountability/{agency}", get(mappa::accountability::agency))
        .route("/actions", get(mappa::actions::list))
        .route("/actions/{id}", get(mappa::actions::show).post(mappa::actions::update))
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
    /// Which service navigation item is current: one of [`NavItem::key`], or "".
    pub nav: &'static str,
    pub css: String,
    pub js: String,
    pub favicon: String,
    /// The service navigation: what the signed-in user's roles let them do,
    /// and nothing else (empty when nobody is signed in).
    pub nav_items: Vec<NavItem>,
    /// A success banner saying what the user has just done.
    pub banner: Option<&'static str>,
}

pub struct UserBanner {
    pub name: String,
    pub agency: String,
    pub roles: String,
}

/// One link in the service navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    /// What a page passes to [`Layout::new`] to mark this item as current.
    pub key: &'static str,
    pub href: &'static str,
    pub label: &'static str,
}

/// What a user's home page is about, from their roles: the first that
/// applies of case work (their caseload), the front counter (reception),
/// the records shared with a partner agency, or, for roles that never see a
/// person's record, "Home" with the links to what they can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeKind {
    Caseload,
    FrontCounter,
    Shared,
    Other,
}

impl HomeKind {
    pub fn of(actor: &Actor) -> Self {
        if !actor.works_cases() {
            HomeKind::Other
        } else if [Role::Manager, Role::Supervisor, Role::Coordinator, Role::Chair].iter().any(|r| actor.has(*r)) {
            HomeKind::Caseload
        } else if actor.has(Role::Reception) {
            HomeKind::FrontCounter
        } else {
            HomeKind::Shared
        }
    }

    /// The home page's heading, and its label in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            HomeKind::Caseload => "My caseload",
            HomeKind::FrontCounter => "Front counter",
            HomeKind::Shared => "Shared with your agency",
            HomeKind::Other => "Home",
        }
    }
}

/// The service navigation for `actor`: each link is to a page their roles
/// let them use, decided by the same checks as the pages themselves.
pub fn navigation(actor: &Actor) -> Vec<NavItem> {
    let item = |key, href, label| NavItem { key, href, label };
    let mut items = vec![item("home", "/", HomeKind::of(actor).label())];
    if actor.works_cases() {
        items.push(item("search", "/people/search", "Search"));
    }
    if actor.may_create_records() {
        items.push(item("new", "/people/new", "Add a person"));
    }
    if actor.works_cases() {
        items.push(item("compliance", "/compliance", "Compliance"));
        items.push(item("overdue", "/visits/overdue", "Visits overdue"));
    }
    if actor.works_mappa() {
        items.push(item("referrals", "/referrals", "Referrals"));
    }
    if actor.may_contribute() {
        items.push(item("meetings", "/meetings", "Meetings"));
        items.push(item("actions", "/actions", "Actions"));
    }
    if actor.works_mappa() || actor.has(Role::Analyst) || actor.has(Role::LayAdviser) {
        items.push(item("accountability", "/reports/agency-accountability", "Agency accountability"));
        items.push(item("annual", "/reports/annual", "Annual report"));
    }
    if actor.has(Role::Auditor) {
        items.push(item("audit", "/audit", "Audit"));
    }
    if actor.has(Role::Admin) {
        items.push(item("admin", "/admin/users", "Accounts"));
        items.push(item("agencies", "/admin/agencies", "Agencies"));
        items.push(item("areas", "/admin/areas", "MAPPA areas"));
    }
    items.push(item("rules", "/rules", "Rules calculator"));
    items
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
            nav_items: user.map(|u| navigation(&u.actor)).unwrap_or_default(),
            banner: user.and_then(|u| u.done).map(AuditAction::label),
        }
    }

    /// Whether someone is signed in (the service navigation is shown).
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

/// What an error page says. A refused page request answers with its page
/// rendered for nobody in particular and this in its extensions; then
/// [`with_layout`] renders it again with the signed-in user's header and
/// navigation, so that a refusal never loses the user's way around.
#[derive(Clone, Copy, Debug)]
struct ErrorContent {
    heading: &'static str,
    body: &'static str,
}

/// An error page with its status.
pub fn refusal_page(status: StatusCode, heading: &'static str, body: &'static str) -> Response {
    let mut res = render(status, &ErrorPage { layout: Layout::new(heading, None, ""), heading, body });
    res.extensions_mut().insert(ErrorContent { heading, body });
    res
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
        AppError::Forbidden | AppError::Refused(_) => (
            StatusCode::FORBIDDEN,
            "You cannot do this",
            "Your role does not let you do this. If your work needs it, ask your agency's administrator to change your role.",
        ),
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
    refusal_page(status, heading, body)
}

/// Where one page of a long list sits in the whole: the positions it shows
/// (from 1) and the links to the pages before and after it (empty when there
/// is none), for the count and GOV.UK pagination.
#[derive(Default)]
pub struct Paging {
    pub first: i64,
    pub last: i64,
    pub total: i64,
    pub previous: String,
    pub next: String,
}

impl Paging {
    /// `shown` entries from `offset` of `total`, pages of `size`; `link`
    /// makes the address of the page starting at an offset.
    pub fn new(offset: i64, shown: usize, total: i64, size: i64, link: impl Fn(i64) -> String) -> Self {
        let last = offset + shown as i64;
        Paging {
            first: if shown == 0 { 0 } else { offset + 1 },
            last,
            total,
            previous: if offset > 0 { link((offset - size).max(0)) } else { String::new() },
            next: if last < total { link(last) } else { String::new() },
        }
    }

    /// "Showing 1 to 50 of 123", or `none` when the list is empty.
    pub fn count(&self, none: &str) -> String {
        if self.total == 0 {
            none.to_string()
        } else {
            format!("Showing {} to {} of {}", self.first, self.last, self.total)
        }
    }
}

/// Carries what the user has just done to the next page, which shows it in
/// a success banner; it lives a minute and is cleared once shown.
pub const DONE_COOKIE: &str = "mappa-done";

/// The answer to a successful form: back to `to`, whose page then says, in a
/// GOV.UK success banner, what was done (the action's words).
pub fn done(s: &AppState, to: &str, action: AuditAction) -> Response {
    let mut res = axum::response::Redirect::to(to).into_response();
    if let Some(v) = s.settings.cookie(DONE_COOKIE, action.code(), 60) {
        res.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    res
}

/// Middleware: an error page answered to a signed-in user is rendered again
/// with their header (name, agency, sign out) and their navigation. The
/// session is looked up only for error pages, which are rare.
pub async fn with_layout(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let session_id = jar.get(s.settings.session_cookie_name()).map(|c| c.value().to_string());
    let banner_due = jar.get(DONE_COOKIE).is_some();
    let mut res = next.run(req).await;
    // A success banner is shown once: the page that showed it clears it.
    if banner_due
        && res.status() == StatusCode::OK
        && let Some(clear) = s.settings.cookie(DONE_COOKIE, "", 0)
    {
        res.headers_mut().append(axum::http::header::SET_COOKIE, clear);
    }
    let (Some(content), Some(session_id)) = (res.extensions().get::<ErrorContent>().copied(), session_id) else {
        return res;
    };
    let Ok(Some((actor, csrf_token))) = s.app.session(&session_id).await else {
        return res;
    };
    let user = PageUser { actor, csrf_token, session_id, done: None };
    let mut again = render(
        res.status(),
        &ErrorPage {
            layout: Layout::new(content.heading, Some(&user), ""),
            heading: content.heading,
            body: content.body,
        },
    );
    again.extensions_mut().insert(content);
    again
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

#[cfg(test)]
mod tests {
    use super::*;
    use mappa_domain::ids::{AgencyId, UserId};

    fn actor(roles: &[Role]) -> Actor {
        Actor {
            user_id: UserId::new(),
            username: "u".into(),
            display_name: "U".into(),
            agency_id: AgencyId::new(),
            agency_code: "A".into(),
            agency_name: "A".into(),
            roles: roles.to_vec(),
        }
    }

    fn labels(roles: &[Role]) -> Vec<&'static str> {
        navigation(&actor(roles)).iter().map(|i| i.label).collect()
    }

    #[test]
    fn each_role_s_menu_offers_what_it_may_do_and_nothing_else() {
        let edits =
            ["Search", "Add a person", "Compliance", "Visits overdue", "Meetings", "Actions", "Rules calculator"];
        let cases = ["Search", "Compliance", "Visits overdue", "Rules calculator"];
        let partners = ["Search", "Compliance", "Visits overdue", "Meetings", "Actions", "Rules calculator"];
        let unit = [
            "Search",
            "Compliance",
            "Visits overdue",
            "Referrals",
            "Meetings",
            "Actions",
            "Agency accountability",
            "Annual report",
            "Rules calculator",
        ];
        let with = |home: &'static str, rest: &[&'static str]| [&[home][..], rest].concat();
        let table: &[(&[Role], Vec<&str>)] = &[
            (&[Role::Manager], with("My caseload", &edits)),
            (&[Role::Supervisor], with("My caseload", &edits)),
            (&[Role::Coordinator], with("My caseload", &unit)),
            (&[Role::Chair], with("My caseload", &unit)),
            (&[Role::Reception], with("Front counter", &cases)),
            (&[Role::Partner], with("Shared with your agency", &partners)),
            (&[Role::Analyst], vec!["Home", "Agency accountability", "Annual report", "Rules calculator"]),
            (&[Role::LayAdviser], vec!["Home", "Agency accountability", "Annual report", "Rules calculator"]),
            (&[Role::Auditor], vec!["Home", "Audit", "Rules calculator"]),
            (&[Role::Admin], vec!["Home", "Accounts", "Agencies", "MAPPA areas", "Rules calculator"]),
            (&[Role::Reception, Role::Manager], with("My caseload", &edits)),
            (
                &[Role::Manager, Role::Admin],
                vec![
                    "My caseload",
                    "Search",
                    "Add a person",
                    "Compliance",
                    "Visits overdue",
                    "Meetings",
                    "Actions",
                    "Accounts",
                    "Agencies",
                    "MAPPA areas",
                    "Rules calculator",
                ],
            ),
        ];
        for (roles, expected) in table {
            assert_eq!(labels(roles), *expected, "{roles:?}");
        }
    }

    #[test]
    fn the_menu_follows_the_access_policy() {
        for role in Role::ALL {
            let a = actor(&[*role]);
            let hrefs: Vec<_> = navigation(&a).iter().map(|i| i.href).collect();
            assert_eq!(hrefs.contains(&"/people/new"), a.may_create_records(), "{role:?}");
            assert_eq!(hrefs.contains(&"/people/search"), a.works_cases(), "{role:?}");
            assert_eq!(hrefs.contains(&"/compliance"), mappa_domain::access::list_scope(&a).is_some(), "{role:?}");
            assert_eq!(hrefs.contains(&"/audit"), a.has(Role::Auditor), "{role:?}");
            assert_eq!(hrefs.contains(&"/admin/users"), a.has(Role::Admin), "{role:?}");
            assert_eq!(hrefs.contains(&"/referrals"), a.works_mappa(), "{role:?}");
            assert_eq!(hrefs.contains(&"/meetings"), a.may_contribute(), "{role:?}");
            assert_eq!(hrefs.contains(&"/actions"), a.may_contribute(), "{role:?}");
        }
    }
}
