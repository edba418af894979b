//! The record's public protection page (issue 11): its status as a
//! potentially dangerous person, MAPPA disclosure decisions and transfers
//! to another area, each with the forms that change them.

use super::people::{Row, long_date, parse_id, row};
use super::record_frame::{RecordFrame, Section, frame};
use super::{Layout, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_domain::access::RecordAction;
use mappa_domain::ids::NominalId;
use mappa_domain::pdp::Pdp;

/// A potentially dangerous person period as the page shows it.
pub struct PdpCard {
    pub current: bool,
    pub rows: Vec<Row>,
    pub reviews: Vec<Row>,
}

#[derive(Template)]
#[template(path = "protection.html")]
struct ProtectionPage {
    layout: Layout,
    frame: RecordFrame,
    id: NominalId,
    heading: String,
    pdps: Vec<PdpCard>,
    has_current: bool,
    disclosures: Vec<super::disclosures::DisclosureCard>,
    may_disclose: bool,
    sfos: Vec<super::sfo::SfoCard>,
    applications: Vec<super::applications::ApplicationCard>,
    may_apply: bool,
    transfers: Vec<super::transfers::TransferCard>,
    /// May ask to move the case (none awaiting an answer).
    may_request: bool,
    /// May record, or remove, PDP status (the owning agency's decision).
    may_decide: bool,
    /// May record a review.
    may_review: bool,
}

fn pdp_card(p: &Pdp, today: jiff::civil::Date) -> PdpCard {
    let mut rows = vec![
        row("Recorded", long_date(p.recorded_on)),
        row("Reasons", p.reasons.clone()),
        row("Named officer", p.officer.as_ref().map_or("Not named".to_string(), |o| o.name.clone())),
    ];
    if let Some(next) = p.next_review {
        let overdue = if next < today { " (overdue)" } else { "" };
        rows.push(row("Next review due", format!("{}{overdue}", long_date(next))));
    }
    if let (Some(on), Some(reason)) = (p.removed_on, &p.removal_reason) {
        rows.push(row("No longer a potentially dangerous person", format!("{} ({reason})", long_date(on))));
    }
    let reviews = p
        .reviews
        .iter()
        .map(|r| row(format!("{} by {}", long_date(r.reviewed_on), r.reviewed_by.name), r.note.clone()))
        .collect();
    PdpCard { current: p.is_current(), rows, reviews }
}

/// `GET /people/{id}/protection`.
pub async fn show(State(s): State<AppState>, user: PageUser, Path(raw): Path<String>) -> PageResult {
    let id = parse_id(&raw)?;
    let pdps = s.app.pdps(&user.actor, id).await?;
    let disclosures = s.app.disclosures(&user.actor, id).await?;
    let transfers = s.app.transfers(&user.actor, id).await?;
    let sfos = s.app.sfos(&user.actor, id).await?;
    let applications = s.app.applications(&user.actor, id).await?;
    let open = transfers.iter().any(|t| t.transfer.status == mappa_domain::transfers::TransferStatus::Requested);
    let frame = frame(&s, &user, id, Section::Protection).await?;
    let heading = super::people::heading_for(&s, &user, id, RecordAction::View).await?;
    let today = s.app.today();
    let page = ProtectionPage {
        layout: Layout::new(format!("Disclosure, PDP and transfers: {heading}"), Some(&user), ""),
        frame,
        id,
        heading,
        pdps: pdps.iter().map(|p| pdp_card(p, today)).collect(),
        has_current: pdps.iter().any(Pdp::is_current),
        disclosures: disclosures.iter().map(super::disclosures::card).collect(),
        may_disclose: s.app.may_decide_disclosure(&user.actor, id).await?.0,
        applications: applications.iter().map(|a| super::applications::card(a, today)).collect(),
        may_apply: s.app.may(&user.actor, id, RecordAction::Contribute).await?,
        sfos: sfos.iter().map(|x| super::sfo::card(x, today)).collect(),
        transfers: transfers.iter().map(|t| super::transfers::card(t, today)).collect(),
        may_request: !open && s.app.may(&user.actor, id, RecordAction::Edit).await?,
        may_decide: s.app.may(&user.actor, id, RecordAction::Decide).await?,
        may_review: s.app.may(&user.actor, id, RecordAction::Edit).await?,
    };
    Ok(render(StatusCode::OK, &page))
}
