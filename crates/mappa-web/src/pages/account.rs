//! The user's own account: change the password, sign out everywhere.

use super::forms::FormErrors;
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use mappa_app::AppError;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    errors: FormErrors,
    changed: bool,
}

fn page(user: &PageUser, errors: FormErrors, changed: bool) -> AccountPage {
    let title = if errors.any() { "Error: Your account" } else { "Your account" };
    AccountPage { layout: Layout::new(title, Some(user), ""), errors, changed }
}

pub async fn show(user: PageUser, axum::extract::RawQuery(q): axum::extract::RawQuery) -> PageResult {
    let changed = q.is_some_and(|q| q == "changed=password");
    Ok(render(StatusCode::OK, &page(&user, FormErrors::default(), changed)))
}

/// The password is changed; every other session and token of the user ends,
/// this browser's session stays.
pub async fn change_password(State(s): State<AppState>, f: PageForm) -> PageResult {
    let (current, new) = (f.form.get("current_password").to_string(), f.form.get("new_password").to_string());
    match s.app.change_password(&f.user.actor, &current, &new, Some(&f.user.session_id)).await {
        Ok(()) => Ok(Redirect::to("/account?changed=password").into_response()),
        Err(AppError::Invalid(e)) => {
            let errors = FormErrors::from_validation(&e, &[], &[]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&f.user, errors, false)))
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends every session and token of the user's, this one included.
pub async fn sign_out_everywhere(State(s): State<AppState>, f: PageForm) -> PageResult {
    s.app.sign_out_everywhere(&f.user.actor).await?;
    Ok(Redirect::to("/sign-in").into_response())
}
