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

/// A meeting on the home page.
pub struct HomeMeeting {
    pub id: String,
    pub date: String,
    pub panel: String,
    pub cases: i64,
}

/// An action on the home page.
pub struct HomeAction {
    pub id: String,
    pub description: String,
    pub due: String,
    pub overdue: bool,
}

/// What the home page shows of MAPPA work: the meetings coming up that the
/// user's agency is invited to (all the area's, for its coordinators and
/// chairs), the agency's actions overdue or due within four weeks, and for
/// the coordinators the referrals waiting to be screened.
pub struct HomeSection {
    pub meetings: Vec<HomeMeeting>,
    pub actions: Vec<HomeAction>,
    pub actions_total: usize,
    pub referrals_waiting: Option<usize>,
}

pub(super) async fn home_section(
    s: &crate::state::AppState,
    user: &crate::extract::PageUser,
) -> Result<Option<HomeSection>, AppError> {
    let actor = &user.actor;
    if !actor.may_contribute() {
        return Ok(None);
    }
    let today = s.app.today();
    let soon = today.checked_add(jiff::Span::new().days(28)).unwrap_or(today);
    let meetings = s
        .app
        .meeting_list(actor, today, soon)
        .await?
        .into_iter()
        .take(5)
        .map(|m| HomeMeeting {
            id: m.id.to_string(),
            date: super::people::long_date(m.date),
            panel: m.panel,
            cases: m.cases,
        })
        .collect();
    let own = Some(actor.agency_code.as_str());
    let mut due: Vec<_> = s
        .app
        .actions(actor, own, Some(mappa_app::ActionListStatus::Open))
        .await?
        .into_iter()
        .filter(|a| a.due_date <= soon)
        .collect();
    due.sort_by_key(|a| (!a.overdue, a.due_date));
    let actions_total = due.len();
    let actions = due
        .into_iter()
        .take(10)
        .map(|a| HomeAction {
            id: a.id.to_string(),
            description: a.description,
            due: super::people::long_date(a.due_date),
            overdue: a.overdue,
        })
        .collect();
    let referrals_waiting = if actor.works_mappa() {
        Some(s.app.referrals(actor, Some(mappa_domain::referrals::ReferralStatus::AwaitingScreening)).await?.len())
    } else {
        None
    };
    Ok(Some(HomeSection { meetings, actions, actions_total, referrals_waiting }))
}
