//! The engine's output. Field names are the JSON contract used by the CLI, the
//! API and the web form: keep them stable.

use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::dates::iso_months;
use super::explanation::Step;
use super::facts::OrderType;

/// A person's obligations as of `as_of`, each with its explanation.
///
/// `Debug` is redacted (dates are personal data); serialise it to inspect.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    pub as_of: Date,
    pub notification: NotificationAssessment,
    pub orders: Vec<OrderAssessment>,
    pub mappa: MappaAssessment,
}

impl fmt::Debug for Assessment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Assessment")
            .field("subject", &self.notification.subject)
            .field("periods", &self.notification.periods.len())
            .field("orders", &self.orders.len())
            .field("mappa_category", &self.mappa.category)
            .finish_non_exhaustive()
    }
}

/// Sex offender notification requirements (SOA 2003 Part 2).
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NotificationAssessment {
    /// Subject to the notification requirements on `as_of`.
    pub subject: bool,
    /// The latest requirement has no end date (indefinite, or an order in
    /// force until further order) (CONV-5).
    pub indefinite: bool,
    /// Last day subject (CONV-13); `null` when indefinite or never subject.
    pub ends: Option<Date>,
    /// One period per triggering event (CONV-5).
    pub periods: Vec<NotificationPeriod>,
    /// Initial notification deadline for the latest triggering event (NOTIF-10..12).
    pub initial_due: Option<Date>,
    /// Why `initial_due` is what it is.
    pub initial_due_status: InitialDueStatus,
    /// Next periodic notification deadline (NOTIF-30..32, CONV-7).
    pub next_periodic_due: Option<Date>,
    /// Qualifying date for review of an indefinite requirement (REV-03, CONV-8).
    pub review_qualifying_date: Option<Date>,
    /// Further qualifying date after a determination to continue (REV-04).
    pub review_further_qualifying_date: Option<Date>,
    pub explanation: Vec<Step>,
}

/// Status of the initial notification deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InitialDueStatus {
    /// No triggering event.
    None,
    /// `initial_due` is the deadline.
    Due,
    /// Exempt under s83(2)-(4) (NOTIF-12).
    Exempt,
    /// Still in custody, hospital or abroad: the 3 days start on release or return.
    AwaitingRelease,
}

/// What made the person subject for a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodBasis {
    /// A conviction, caution or finding in England and Wales (NOTIF-01).
    Disposal,
    /// A notification order for a conviction abroad (NO-2).
    NotificationOrder,
    /// An SHPO, interim SHPO or SOPO in force (SHPO-5, CONV-5).
    OrderInForce,
    /// A conviction for breach of an SRO or RoSHO (SRO-8, LEG-2).
    OrderBreach,
}

/// Length of a notification period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodLength {
    /// A finite period of calendar months; serialises as ISO 8601 (`P10Y`).
    Months(u32),
    /// Indefinite (serialises as `"indefinite"`).
    Indefinite,
    /// For as long as an order is in force (`"while_order_in_force"`).
    WhileOrderInForce,
}

impl PeriodLength {
    pub fn iso(&self) -> String {
        match self {
            PeriodLength::Months(m) => iso_months(*m),
            PeriodLength::Indefinite => "indefinite".to_string(),
            PeriodLength::WhileOrderInForce => "while_order_in_force".to_string(),
        }
    }
}

impl utoipa::PartialSchema for PeriodLength {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::api_schema::text("An ISO 8601 length (`P10Y`), `indefinite` or `while_order_in_force`.")
    }
}

impl utoipa::ToSchema for PeriodLength {}

impl Serialize for PeriodLength {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// One notification period.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NotificationPeriod {
    /// Id of the disposal, foreign conviction or order that triggered it.
    pub source: String,
    pub basis: PeriodBasis,
    pub length: PeriodLength,
    /// First day (the relevant date, CONV-4).
    pub starts: Date,
    /// Last day (CONV-2, CONV-13); `null` when open-ended.
    pub ends: Option<Date>,
    /// Halved because the person was under 18 on the relevant date (CONV-3).
    pub halved: bool,
    /// Ended early by a review determination (EXIT-1, REV).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub discharged_on_review: bool,
}

impl NotificationPeriod {
    /// Whether the person is subject under this period on `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.starts <= day && self.ends.is_none_or(|e| day <= e)
    }
}

/// One order's dates.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrderAssessment {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: OrderType,
    /// In force on `as_of`.
    pub in_force: bool,
    /// Earliest last day a fixed-period order may have (its statutory minimum).
    pub earliest_end: Option<Date>,
    /// Latest last day the order may have, where there is a maximum (FTO).
    pub latest_end: Option<Date>,
    /// Last day in force as recorded; `null` until further order.
    pub ends: Option<Date>,
    /// Whether the order makes (or, on breach, made) its subject subject to the
    /// SOA 2003 notification requirements.
    pub makes_subject_to_notification: bool,
    /// Last day of the foreign-travel prohibition, as recorded.
    pub foreign_travel_prohibition_ends: Option<Date>,
    /// Latest last day of the first foreign-travel prohibition period before a
    /// renewal is needed (SHPO-3, SRO-4).
    pub foreign_travel_prohibition_max_end: Option<Date>,
    /// Deadline for the order's own name-and-address notification (SRO-5,
    /// SPO-1, DAPO-1, NO-3).
    pub notification_due: Option<Date>,
    pub explanation: Vec<Step>,
}

/// MAPPA eligibility.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MappaAssessment {
    pub eligible: bool,
    /// 1, 2, 3 or 4 (CAT-X: one category only).
    pub category: Option<u8>,
    /// Last day of eligibility (CONV-13); `null` when unknown or indefinite.
    pub exit_date: Option<Date>,
    pub explanation: Vec<Step>,
}

redacted_debug!(NotificationAssessment);

redacted_debug!(NotificationPeriod);

redacted_debug!(OrderAssessment);

redacted_debug!(MappaAssessment);
