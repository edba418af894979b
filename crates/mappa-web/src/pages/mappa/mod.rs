//! The pages of MAPPA itself (issue 10): referrals and their screening,
//! meetings with their agenda and attendance, minutes, and the actions
//! agencies are held to. Templates are in `templates/mappa/`.

pub mod accountability;
pub mod actions;
pub mod meetings;
pub mod minutes;
pub mod referrals;

use super::people::Choice;
use mappa_app::AppError;

/// The choices of a coded list, for selects, radios and checkboxes.
pub(super) fn coded<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|x| Choice { value: code(*x).into(), label: label(*x).into() }).collect()
}

/// An id from a path; one that does not parse is not found.
pub(super) fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Levels as people say them.
pub(super) fn level_words(level: u8) -> String {
    format!("Level {level}")
}

/// The agencies to choose from, own agency first.
pub(super) async fn agencies(s: &crate::state::AppState, own: mappa_domain::ids::AgencyId) -> Vec<Choice> {
    let mut list = s.app.agencies().await.unwrap_or_default();
    list.sort_by_key(|a| (a.id != own, a.name.clone()));
    list.into_iter().map(|a| Choice { value: a.code, label: a.name }).collect()
}
