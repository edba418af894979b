//! Form bodies: parsing, the CSRF token check, and turning the domain's
//! field errors into the GOV.UK error summary.

use crate::extract::PageUser;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mappa_domain::ValidationErrors;
use std::collections::HashMap;

/// The most rows a repeating part of a form takes.
pub const MAX_ROWS: usize = 50;

/// The submitted fields of a form, in the order received.
#[derive(Default, Clone)]
pub struct FormData(pub HashMap<String, String>);

impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        FormData(serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default().into_iter().collect())
    }

    /// The value, or "" if absent.
    pub fn get(&self, name: impl AsRef<str>) -> &str {
        self.0.get(name.as_ref()).map(String::as_str).unwrap_or("")
    }

    /// The trimmed value, or None if blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_string)
    }

    /// A GOV.UK date input (`NAME-day`, `NAME-month`, `NAME-year`) as the
    /// ISO text the domain parses; None when all three are blank. A partly
    /// filled or non-numeric date gives text the domain rejects as not a date.
    pub fn date(&self, name: &str) -> Option<String> {
        let part = |p: &str| self.get(format!("{name}-{p}")).trim().to_string();
        let (d, m, y) = (part("day"), part("month"), part("year"));
        if d.is_empty() && m.is_empty() && y.is_empty() {
            return None;
        }
        match (d.parse::<u8>(), m.parse::<u8>(), y.parse::<u16>()) {
            (Ok(d), Ok(m), Ok(y)) if y >= 1000 => Some(format!("{y:04}-{m:02}-{d:02}")),
            _ => Some("not a date".into()),
        }
    }

    /// How many rows the repeating part `prefix` of a form shows (fields
    /// `PREFIX-0-...`, `PREFIX-1-...`): as many as the form carries, at least
    /// `min`, and one more when the user pressed its "Add another" button
    /// (`add=PREFIX`). GOV.UK's "add another" without JavaScript: the form
    /// comes back with what was typed and an empty row.
    pub fn rows(&self, prefix: &str, min: usize) -> usize {
        let present = (0..MAX_ROWS)
            .rev()
            .find(|i| {
                let row = format!("{prefix}-{i}-");
                self.0.keys().any(|k| k.starts_with(&row) || *k == format!("{prefix}-{i}"))
            })
            .map_or(0, |i| i + 1);
        let more = usize::from(self.get("add") == prefix);
        (present.max(min) + more).min(MAX_ROWS)
    }

    /// The user pressed an "Add another" button: show the form again, one
    /// row longer, and save nothing.
    pub fn adding(&self) -> bool {
        self.opt("add").is_some()
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.insert(name.to_string(), value.into());
    }

    /// Fills a date input's three parts from an ISO date.
    pub fn set_date(&mut self, name: &str, d: Option<jiff::civil::Date>) {
        if let Some(d) = d {
            self.set(&format!("{name}-day"), d.day().to_string());
            self.set(&format!("{name}-month"), d.month().to_string());
            self.set(&format!("{name}-year"), d.year().to_string());
        }
    }
}

/// A signed-in user's form submission whose CSRF token matched the session.
pub struct PageForm {
    pub user: PageUser,
    pub form: FormData,
}

impl<S: Send + Sync> FromRequest<S> for PageForm
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = <PageUser as axum::extract::FromRequestParts<S>>::from_request_parts(&mut parts, state).await?;
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "Form too large").into_response())?;
        let form = FormData::parse(&bytes);
        if !constant_time_eq(form.get("csrf_token").as_bytes(), user.csrf_token.as_bytes()) {
            return Err(super::refusal_page(
                StatusCode::FORBIDDEN,
                "The form has expired",
                "Go back, reload the page and try again.",
            ));
        }
        Ok(PageForm { user, form })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Errors as a page shows them: a summary linking to each field, and the
/// message beside the field.
#[derive(Default)]
pub struct FormErrors {
    pub items: Vec<(String, String, String)>, // (field id, href, message)
}

impl FormErrors {
    /// Maps domain field paths to form field ids. `date_fields` are shown as
    /// GOV.UK date inputs, whose first box (`-day`) takes the link.
    pub fn from_validation(v: &ValidationErrors, rename: &[(&str, &str)], date_fields: &[&str]) -> Self {
        let mut items = Vec::new();
        for e in &v.0 {
            let base = rename
                .iter()
                .find(|(from, _)| *from == e.field)
                .map(|(_, to)| to.to_string())
                .unwrap_or_else(|| field_id(&e.field));
            let href = if date_fields.contains(&base.as_str()) { format!("#{base}-day") } else { format!("#{base}") };
            if !items.iter().any(|(id, _, _): &(String, String, String)| *id == base) {
                items.push((base, href, e.message.clone()));
            }
        }
        FormErrors { items }
    }

    pub fn one(id: &str, message: &str) -> Self {
        FormErrors { items: vec![(id.to_string(), format!("#{id}"), message.to_string())] }
    }

    pub fn any(&self) -> bool {
        !self.items.is_empty()
    }

    /// The message for a field, or "".
    pub fn get(&self, id: impl AsRef<str>) -> &str {
        self.items.iter().find(|(f, _, _)| f == id.as_ref()).map(|(_, _, m)| m.as_str()).unwrap_or("")
    }

    pub fn has(&self, id: impl AsRef<str>) -> bool {
        self.items.iter().any(|(f, _, _)| f == id.as_ref())
    }
}

/// A domain field path as an HTML id: `other_names[0].name` → `other_names-0-name`.
pub fn field_id(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '[' | '.' => s.push('-'),
            ']' => {}
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_inputs_become_iso_text() {
        let f = FormData::parse(b"d-day=9&d-month=3&d-year=2019&e-day=&e-month=&e-year=&x-day=a&x-month=1&x-year=2000");
        assert_eq!(f.date("d").as_deref(), Some("2019-03-09"));
        assert_eq!(f.date("e"), None);
        assert_eq!(f.date("x").as_deref(), Some("not a date"));
    }

    #[test]
    fn field_ids_and_error_links() {
        assert_eq!(field_id("other_names[0].name"), "other_names-0-name");
        let v = ValidationErrors::single("date_of_birth", "required", "Enter date of birth");
        let e = FormErrors::from_validation(&v, &[], &["date_of_birth"]);
        assert_eq!(e.items[0].1, "#date_of_birth-day");
        assert_eq!(e.get("date_of_birth"), "Enter date of birth");
    }

    #[test]
    fn tokens_compare_in_constant_time() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
