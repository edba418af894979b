//! A few demo periods away and notifications, so the compliance pages have
//! something of each kind to show: someone in custody now, someone lately
//! out of hospital with their release to notify (NOTIF-23), someone notified
//! on time and someone whose periodic notification is overdue (NOTIF-30).

use crate::App;
use crate::error::Result;
use jiff::civil::Date;
use mappa_domain::access::{RecordAction, RecordReach, grant};
use mappa_domain::ids::{NominalId, UserId};
use mappa_domain::notifications::NotificationInput;
use mappa_domain::periods::{PeriodInput, PeriodKind};
use mappa_store::AuditCtx;

/// How many of the police's people get this history.
const PEOPLE: usize = 12;

fn days_ago(today: Date, days: i64) -> String {
    today.checked_sub(jiff::Span::new().days(days)).unwrap_or(today).to_string()
}

impl App {
    /// Adds the history to the first of `people` (police-managed, Category 1),
    /// each write audited as demo data; `reception` takes the notifications.
    pub(crate) async fn load_demo_compliance(
        &self,
        ctx: &AuditCtx,
        people: &[NominalId],
        reception: UserId,
        today: Date,
    ) -> Result<()> {
        // The demo's reception officer works for the police, who own these
        // records: the policy grants each write as it would at the counter.
        let officer = self.store.actor(reception).await?.ok_or(crate::AppError::NotFound)?;
        for (i, id) in people.iter().take(PEOPLE).enumerate() {
            let reach = RecordReach { owning_agency: officer.agency_id, shared_with: Vec::new() };
            let granted = grant(&officer, *id, &reach, RecordAction::Notify).map_err(|_| crate::AppError::Forbidden)?;
            match i % 4 {
                0 => {
                    let input = PeriodInput {
                        from: Some(days_ago(today, 60)),
                        to: None,
                        place: Some("HMP Synthetic (demo)".into()),
                    };
                    self.store.add_period(ctx, &granted, PeriodKind::Custody, &input).await?;
                }
                1 => {
                    let input = PeriodInput {
                        from: Some(days_ago(today, 200)),
                        to: Some(days_ago(today, 20)),
                        place: Some("Synthetic General Hospital (demo)".into()),
                    };
                    self.store.add_period(ctx, &granted, PeriodKind::Hospital, &input).await?;
                }
                n => {
                    // On time (a year less 300 days ago) or 5 days overdue.
                    let input = NotificationInput {
                        date: Some(days_ago(today, if n == 2 { 300 } else { 370 })),
                        kind: Some("initial".into()),
                        home_address: Some("Flat 1, 2 Synthetic Street, London (demo)".into()),
                        photographs_taken: true,
                        fingerprints_taken: true,
                        station: Some("Synthetic Road police station (demo)".into()),
                        not_subject_reason: Some("Demo data: taken while the requirement was checked".into()),
                        ..NotificationInput::default()
                    };
                    self.store.add_notification(ctx, &granted, &input, Some(reception)).await?;
                }
            }
        }
        Ok(())
    }
}
