//! Request extractors that establish who is calling: a bearer token for the
//! API, a session cookie for pages.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mappa_domain::access::Actor;

/// An API caller, from `Authorization: Bearer TOKEN`.
pub struct ApiCaller {
    pub actor: Actor,
    pub token: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ApiCaller
where
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() < 200)
            .ok_or_else(ApiError::unauthenticated)?;
        let actor =
            state.app.token_actor(token).await.map_err(ApiError::from)?.ok_or_else(ApiError::unauthenticated)?;
        Ok(ApiCaller { actor, token: token.to_string() })
    }
}

/// A signed-in browser user.
pub struct PageUser {
    pub actor: Actor,
    pub csrf_token: String,
    pub session_id: String,
    /// What the user has just done, for the next page's success banner
    /// (`pages::done`).
    pub done: Option<mappa_domain::audit_action::AuditAction>,
}

/// A page of this service to return to after sign-in: a local path only, so
/// the sign-in page cannot send anyone elsewhere.
pub fn safe_next(raw: &str) -> Option<&str> {
    let local = raw.starts_with('/') && !raw.starts_with("//") && !raw.starts_with("/\\");
    (local && raw.len() <= 500 && !raw.starts_with("/sign-in") && !raw.chars().any(char::is_control)).then_some(raw)
}

/// Not signed in: off to the sign-in page, which brings the user back to
/// the page they asked for (a GET: a form posted without a session is lost
/// with its token).
pub struct SignInRequired {
    pub next: Option<String>,
}

impl SignInRequired {
    fn for_request(parts: &Parts) -> Self {
        let next = (parts.method == axum::http::Method::GET)
            .then(|| parts.uri.path_and_query().map(|p| p.as_str().to_string()))
            .flatten()
            .filter(|p| safe_next(p).is_some() && p != "/");
        SignInRequired { next }
    }
}

impl IntoResponse for SignInRequired {
    fn into_response(self) -> Response {
        match self.next.and_then(|n| serde_urlencoded::to_string([("next", n)]).ok()) {
            Some(query) => Redirect::to(&format!("/sign-in?{query}")).into_response(),
            None => Redirect::to("/sign-in").into_response(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageUser
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(session_id) = jar.get(state.settings.session_cookie_name()).map(|c| c.value().to_string()) else {
            return Err(SignInRequired::for_request(parts).into_response());
        };
        match state.app.session(&session_id).await {
            Ok(Some((actor, csrf_token))) => {
                let done = jar
                    .get(crate::pages::DONE_COOKIE)
                    .and_then(|c| mappa_domain::audit_action::AuditAction::from_code(c.value()));
                Ok(PageUser { actor, csrf_token, session_id, done })
            }
            Ok(None) => Err(SignInRequired::for_request(parts).into_response()),
            Err(e) => Err(crate::pages::error_page(e)),
        }
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for PageUser
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, Self::Rejection> {
        match <PageUser as FromRequestParts<S>>::from_request_parts(parts, state).await {
            Ok(u) => Ok(Some(u)),
            Err(_) => Ok(None),
        }
    }
}
