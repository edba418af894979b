//! What a person's record page shows about notification: where they are,
//! what they must do and by when, what they have notified.

use crate::App;
use crate::compliance::ObligationsView;
use crate::error::{AppError, Result};
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::ids::NominalId;
use mappa_domain::notifications::Notification;
use mappa_domain::periods::Period;

/// The record page's notification section.
pub struct RecordCompliance {
    /// The engine's assessment as of today with the dated obligations;
    /// `None` when the stored facts cannot be assessed (the page says so).
    pub obligations: Option<ObligationsView>,
    /// Custody, hospital and time abroad, earliest first.
    pub periods: Vec<Period>,
    /// Notifications, newest first.
    pub notifications: Vec<Notification>,
}

impl App {
    /// The notification section of the record page (NOTIF-10, NOTIF-30,
    /// NOTIF-11). Not audited itself: only for a page that has just opened
    /// the record with [`App::view_nominal`], whose read is audited
    /// (principle 1); the policy is still applied (principle 2).
    pub async fn record_compliance(&self, actor: &Actor, id: NominalId) -> Result<RecordCompliance> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let obligations = match self.obligations_unaudited(&granted, None).await {
            Ok(v) => Some(v),
            // Facts the engine cannot accept: the rest of the record still shows.
            Err(AppError::Invalid(_)) => None,
            Err(e) => return Err(e),
        };
        let periods = self.store.periods(&granted).await?;
        let notifications = self.store.notifications(&granted).await?;
        Ok(RecordCompliance { obligations, periods, notifications })
    }
}
