//! The top of every page of a record: who this is and what to watch for (the
//! warnings and the summary card), and the sub-navigation across the
//! record's pages, so that no page of it is one long scroll.

use super::people::{Row, long_date, row};
use crate::extract::PageUser;
use crate::state::AppState;
use mappa_app::AppError;
use mappa_domain::access::RecordAction;
use mappa_domain::ids::NominalId;

/// The record's pages, in the order the sub-navigation lists them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Details,
    Convictions,
    Risk,
    Orders,
    Breaches,
    Review,
    Victims,
    Protection,
    History,
}

impl Section {
    const ALL: [Section; 10] = [
        Section::Overview,
        Section::Details,
        Section::Convictions,
        Section::Risk,
        Section::Orders,
        Section::Breaches,
        Section::Review,
        Section::Victims,
        Section::Protection,
        Section::History,
    ];

    fn label(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Details => "Personal details",
            Section::Convictions => "Convictions",
            Section::Risk => "Risk and visits",
            Section::Orders => "Orders and licence",
            Section::Breaches => "Breaches",
            Section::Review => "Review",
            Section::Victims => "Victims",
            Section::Protection => "Disclosure, PDP and transfers",
            Section::History => "History",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Section::Overview => "",
            Section::Details => "/details",
            Section::Convictions => "/convictions",
            Section::Risk => "/risk",
            Section::Orders => "/orders",
            Section::Breaches => "/breaches",
            Section::Review => "/review",
            Section::Victims => "/victims",
            Section::Protection => "/protection",
            Section::History => "/history",
        }
    }
}

pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// What the top of a record's page shows.
pub struct RecordFrame {
    pub glance: Vec<Row>,
    /// Things to watch for, in plain words: wanted or missing, breaches
    /// without an outcome, orders in force.
    pub warnings: Vec<String>,
    pub tabs: Vec<Tab>,
}

/// The frame of record `id` for its page `current`; reading it is audited.
pub async fn frame(s: &AppState, user: &PageUser, id: NominalId, current: Section) -> Result<RecordFrame, AppError> {
    let g = s.app.record_glance(&user.actor, id).await?;
    let history = s.app.may(&user.actor, id, RecordAction::ViewAudit).await?;
    let mappa = [g.category.map(|c| format!("Category {c}")), g.level.map(|l| format!("Level {l}"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let today = s.app.today();
    let next = match g.next_due {
        None => "Nothing due".to_string(),
        Some((kind, due)) => {
            format!("{} by {}{}", kind.label(), long_date(due), if due < today { " (overdue)" } else { "" })
        }
    };
    let glance = vec![
        row("Date of birth", long_date(g.date_of_birth)),
        row(
            "MAPPA",
            match (mappa.is_empty(), g.pdp) {
                (false, _) => mappa,
                (true, true) => "Not a MAPPA case: a potentially dangerous person".to_string(),
                (true, false) => "Not a MAPPA case".to_string(),
            },
        ),
        row(
            "Risk of serious harm",
            g.rosh.map_or("Not assessed".to_string(), |(l, on)| format!("{} (assessed {})", l.label(), long_date(on))),
        ),
        row(
            "Notification",
            match g.subject {
                Some(true) => "Subject to notification requirements",
                Some(false) => "Not subject to notification requirements",
                None => "",
            },
        ),
        row("Next due", next),
        row(
            "Where now",
            g.away.map_or("In the community".to_string(), |(k, since)| {
                format!("{} since {}", k.label(), long_date(since))
            }),
        ),
    ];
    let mut warnings = Vec::new();
    if let Some((kind, since, reference)) = &g.circulation {
        warnings.push(format!("{} on the PNC since {}, circulation {reference}", kind.label(), long_date(*since)));
    }
    match g.open_breaches {
        0 => {}
        1 => warnings.push("A breach has no outcome recorded yet".into()),
        n => warnings.push(format!("{n} breaches have no outcome recorded yet")),
    }
    // Only to those who may see the victims: to anyone else, nothing says
    // that victims are recorded.
    match s.app.victims_in_contact(&user.actor, id).await? {
        0 => {}
        1 => warnings.push("Victim contact: a victim is in the Victim Contact Scheme".into()),
        n => warnings.push(format!("Victim contact: {n} victims are in the Victim Contact Scheme")),
    }
    for kind in &g.orders_in_force {
        warnings.push(format!("In force: {}", kind.label()));
    }
    let tabs = Section::ALL
        .iter()
        .filter(|x| **x != Section::History || history)
        .map(|x| Tab { href: format!("/people/{id}{}", x.path()), label: x.label(), current: *x == current })
        .collect();
    Ok(RecordFrame { glance, warnings, tabs })
}
