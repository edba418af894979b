use super::forms::{FormData, FormErrors};
use super::{Layout, error_page, render};
use crate::extract::PageUser;
use crate::pages::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mappa_app::{AppError, SignInAttempt};
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: FormErrors,
    username: String,
}

pub async fn show(user: Option<PageUser>) -> Response {
    if user.is_some() {
        return Redirect::to("/").into_response();
    }
    render(
        StatusCode::OK,
        &SignInPage {
            layout: Layout::new("Sign in", None, ""),
            errors: FormErrors::default(),
            username: String::new(),
        },
    )
}

pub async fn submit(State(s): State<AppState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let username = form.get("username").trim().to_lowercase();
    let password = form.get("password").to_string();
    let fail = |errors: FormErrors, username: String, status| {
        render(status, &SignInPage { layout: Layout::new("Sign in", None, ""), errors, username })
    };
    let mut errors = FormErrors::default();
    if username.is_empty() {
        errors.items.push(("username".into(), "#username".into(), "Enter your username".into()));
    }
    if password.is_empty() {
        errors.items.push(("password".into(), "#password".into(), "Enter your password".into()));
    }
    if errors.any() {
        return fail(errors, username, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let address = addr.ip().to_string();
    let user = match s.app.sign_in(&SignInAttempt { username: &username, password: &password, address: &address }).await
    {
        Ok(u) => u,
        Err(AppError::BadCredentials) => {
            return fail(
                FormErrors::one("username", "Enter a correct username and password"),
                username,
                StatusCode::UNAUTHORIZED,
            );
        }
        Err(AppError::TooManyAttempts) => {
            return fail(
                FormErrors::one("username", "Too many failed attempts: wait 15 minutes and try again"),
                username,
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
        Err(e) => return error_page(e),
    };
    let session = match s.app.start_session(user).await {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let secure = if s.settings.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        s.settings.session_cookie_name(),
        session.session_id,
        s.app.config().session_minutes * 60
    );
    let mut res = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

pub async fn sign_out(State(s): State<AppState>, f: PageForm) -> Response {
    if let Err(e) = s.app.end_session(&f.user.session_id, &f.user.actor).await {
        return error_page(e);
    }
    let secure = if s.settings.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}", s.settings.session_cookie_name());
    let mut res = Redirect::to("/sign-in").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}
