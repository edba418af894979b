use super::forms::{FormData, FormErrors};
use super::{Layout, PageResult, render};
use crate::extract::{PageUser, safe_next};
use crate::pages::PageForm;
use crate::state::AppState;
use crate::state::WebSettings;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mappa_app::{AppError, SignInAttempt};
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: FormErrors,
    username: String,
    /// The page to return to once signed in.
    next: String,
}

#[derive(serde::Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
}

pub async fn show(user: Option<PageUser>, Query(q): Query<SignInQuery>) -> Response {
    let next = q.next.as_deref().and_then(safe_next).unwrap_or("/").to_string();
    if user.is_some() {
        return Redirect::to(&next).into_response();
    }
    render(
        StatusCode::OK,
        &SignInPage {
            layout: Layout::new("Sign in", None, ""),
            errors: FormErrors::default(),
            username: String::new(),
            next,
        },
    )
}

pub async fn submit(State(s): State<AppState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    let username = form.get("username").trim().to_lowercase();
    let password = form.get("password").to_string();
    let next = safe_next(form.get("next")).unwrap_or("/").to_string();
    let fail = |errors: FormErrors, username: String, status| {
        let layout = Layout::new("Sign in", None, "");
        render(status, &SignInPage { layout, errors, username, next: next.clone() })
    };
    let mut errors = FormErrors::default();
    if username.is_empty() {
        errors.items.push(("username".into(), "#username".into(), "Enter your username".into()));
    }
    if password.is_empty() {
        errors.items.push(("password".into(), "#password".into(), "Enter your password".into()));
    }
    if errors.any() {
        return Ok(fail(errors, username, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let address = addr.ip().to_string();
    let code = form.get("code").trim().to_string();
    let attempt =
        SignInAttempt { username: &username, password: &password, address: &address, code: Some(code.as_str()) };
    let user = match s.app.sign_in(&attempt).await {
        Ok(u) => u,
        Err(AppError::SecondFactor(c)) => {
            return Ok(fail(
                FormErrors::one("code", crate::error::second_factor_message(c)),
                username,
                StatusCode::UNAUTHORIZED,
            ));
        }
        Err(AppError::BadCredentials) => {
            return Ok(fail(
                FormErrors::one("username", "Enter a correct username and password"),
                username,
                StatusCode::UNAUTHORIZED,
            ));
        }
        Err(AppError::TooManyAttempts) => {
            return Ok(fail(
                FormErrors::one("username", "Too many failed attempts: wait a few minutes and try again"),
                username,
                StatusCode::TOO_MANY_REQUESTS,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let session = s.app.start_session(user).await?;
    Ok(redirect_with_cookie(&next, &s.settings, &session.session_id, s.app.config().session_minutes * 60))
}

pub async fn sign_out(State(s): State<AppState>, f: PageForm) -> PageResult {
    s.app.end_session(&f.user.session_id, &f.user.actor).await?;
    Ok(redirect_with_cookie("/sign-in", &s.settings, "", 0))
}

/// A redirect that sets (or, with max age 0, clears) the session cookie.
fn redirect_with_cookie(to: &str, settings: &WebSettings, value: &str, max_age_seconds: i64) -> Response {
    let mut res = Redirect::to(to).into_response();
    if let Some(v) = settings.cookie(settings.session_cookie_name(), value, max_age_seconds) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    layout: Layout,
    errors: FormErrors,
    username: String,
    /// Once started: the secret and its `otpauth://` address.
    setup: Option<(String, String)>,
}

fn second_factor_page(errors: FormErrors, username: String, setup: Option<(String, String)>) -> SecondFactorPage {
    let title = if errors.any() { "Error: Set up a second factor" } else { "Set up a second factor" };
    SecondFactorPage { layout: Layout::new(title, None, ""), errors, username, setup }
}

pub async fn second_factor_form() -> PageResult {
    Ok(render(StatusCode::OK, &second_factor_page(FormErrors::default(), String::new(), None)))
}

/// Starts setting up a second factor with the username and password; the
/// secret is shown once, to add to an authenticator app.
pub async fn start_second_factor(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> PageResult {
    let form = FormData::parse(&body);
    let username = form.get("username").trim().to_lowercase();
    let password = form.get("password").to_string();
    let address = addr.ip().to_string();
    let attempt = SignInAttempt { username: &username, password: &password, address: &address, code: None };
    let refused = |message: &str, status| {
        Ok(render(status, &second_factor_page(FormErrors::one("username", message), username.clone(), None)))
    };
    match s.app.start_second_factor(&attempt).await {
        Ok(setup) => Ok(render(StatusCode::OK, &second_factor_page(FormErrors::default(), username, Some(setup)))),
        Err(AppError::BadCredentials) => refused("Enter a correct username and password", StatusCode::UNAUTHORIZED),
        Err(AppError::TooManyAttempts) => {
            refused("Too many failed attempts: wait a few minutes and try again", StatusCode::TOO_MANY_REQUESTS)
        }
        Err(AppError::Conflict(_)) => refused(
            "This account has a second factor already: ask an administrator if you have lost it",
            StatusCode::CONFLICT,
        ),
        Err(e) => Err(e.into()),
    }
}
