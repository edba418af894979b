//! Civil orders (rules.md §4): the order, its terms (prohibitions and positive
//! requirements, each with its own period: SHPO-2, SHPO-4, SRO-6), a
//! foreign-travel prohibition with passport surrender (SHPO-3, SRO-4, LEG-3),
//! and the dated, reasoned variations, renewals and discharge that change it.
//!
//! The durations come from the rules engine (`rules::minimum_end`,
//! `rules::foreign_travel_renewal_max_end`, `rules::period_last_day` and its
//! configuration), so a stored order is checked exactly as the engine assesses it.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::ItemId;
use crate::rules::{OrderType, OrdersConfig, foreign_travel_renewal_max_end, minimum_end, period_last_day};
use crate::values::{optional_text, parse_code, parse_date, parse_past_date, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum!(
    /// Kind of order. The codes are the rules engine's `OrderType` codes, so a
    /// stored order feeds `facts::Order` without translation.
    OrderKind {
        Shpo = "shpo" : "Sexual harm prevention order (SHPO)",
        InterimShpo = "interim_shpo" : "Interim sexual harm prevention order",
        Sopo = "sopo" : "Sexual offences prevention order (SOPO, legacy)",
        InterimSopo = "interim_sopo" : "Interim sexual offences prevention order (legacy)",
        Sro = "sro" : "Sexual risk order (SRO)",
        InterimSro = "interim_sro" : "Interim sexual risk order",
        Spo = "spo" : "Stalking protection order (SPO)",
        Dapo = "dapo" : "Domestic abuse protection order (DAPO)",
        Rosho = "rosho" : "Risk of sexual harm order (RoSHO, legacy)",
        Fto = "fto" : "Foreign travel order (FTO, legacy)",
        NotificationOrder = "notification_order" : "Notification order",
        InterimNotificationOrder = "interim_notification_order" : "Interim notification order",
    }
);

coded_enum!(
    /// A term of an order: something forbidden, or something required (SHPO-4, SRO-6).
    TermKind {
        Prohibition = "prohibition" : "Prohibition",
        Requirement = "requirement" : "Positive requirement",
    }
);

coded_enum!(
    /// Where a foreign-travel prohibition applies (SHPO-3, LEG-3).
    TravelScope {
        AllCountries = "all_countries" : "All countries (total ban)",
        NamedCountries = "named_countries" : "The named countries",
        AllExceptNamed = "all_except_named" : "All countries except those named",
    }
);

coded_enum!(
    /// Whether the order still has effect.
    OrderStatus {
        InForce = "in_force" : "In force",
        Discharged = "discharged" : "Discharged",
    }
);

coded_enum!(
    /// A dated, reasoned change made by the court.
    ChangeKind {
        Variation = "variation" : "Variation",
        Renewal = "renewal" : "Renewal",
        Discharge = "discharge" : "Discharge",
    }
);

impl OrderKind {
    /// The rules engine's order type with the same code.
    pub fn engine(self) -> OrderType {
        match self {
            OrderKind::Shpo => OrderType::Shpo,
            OrderKind::InterimShpo => OrderType::InterimShpo,
            OrderKind::Sopo => OrderType::Sopo,
            OrderKind::InterimSopo => OrderType::InterimSopo,
            OrderKind::Sro => OrderType::Sro,
            OrderKind::InterimSro => OrderType::InterimSro,
            OrderKind::Spo => OrderType::Spo,
            OrderKind::Dapo => OrderType::Dapo,
            OrderKind::Rosho => OrderType::Rosho,
            OrderKind::Fto => OrderType::Fto,
            OrderKind::NotificationOrder => OrderType::NotificationOrder,
            OrderKind::InterimNotificationOrder => OrderType::InterimNotificationOrder,
        }
    }
}

/// A statutory period in months and the rule that sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub months: u32,
    pub rule: &'static str,
}

/// The minimum fixed period of an order, as the engine assesses it: SHPO-2 and
/// LEG-1 five years, SPO-1 two years, SRO-3, LEG-2 and SHPO-6 from configuration.
/// None when the law sets no minimum.
pub fn minimum_period(kind: OrderKind, c: &OrdersConfig) -> Option<Limit> {
    let (months, rule) = match kind {
        OrderKind::Shpo => (60, "SHPO-2"),
        OrderKind::Sopo => (60, "LEG-1"),
        OrderKind::InterimShpo => (c.interim_shpo_minimum_months, "SHPO-6"),
        OrderKind::Sro => (c.sro_minimum_months, "SRO-3"),
        OrderKind::Spo => (24, "SPO-1"),
        OrderKind::Rosho => (c.rosho_minimum_months, "LEG-2"),
        _ => (0, ""),
    };
    (months > 0).then_some(Limit { months, rule })
}

/// The longest period of a foreign-travel prohibition within an order of this
/// kind (SHPO-3, SRO-4; LEG-3 for a foreign travel order, which is itself the
/// ban). None when the order cannot carry one.
pub fn travel_period_max(kind: OrderKind, made: Date, c: &OrdersConfig) -> Option<Limit> {
    match kind {
        OrderKind::Shpo | OrderKind::InterimShpo | OrderKind::Sopo => Some(Limit { months: 60, rule: "SHPO-3" }),
        OrderKind::Sro | OrderKind::InterimSro => {
            Some(Limit { months: c.sro_foreign_travel_max_months, rule: "SRO-4" })
        }
        OrderKind::Fto => order_period_max(kind, made, c),
        _ => None,
    }
}

/// The longest period of the order itself: only a foreign travel order has one
/// (LEG-3: 6 months as enacted, configurable after the 2009 amendment).
pub fn order_period_max(kind: OrderKind, made: Date, c: &OrdersConfig) -> Option<Limit> {
    match kind {
        OrderKind::Fto if made < c.fto_amendment_commenced => Some(Limit { months: 6, rule: "LEG-3" }),
        OrderKind::Fto => Some(Limit { months: c.fto_max_months_after_amendment, rule: "LEG-3" }),
        _ => None,
    }
}

fn months_words(m: u32) -> String {
    match (m / 12, m % 12) {
        (1, 0) => "1 year".into(),
        (y, 0) => format!("{y} years"),
        (0, m) => format!("{m} months"),
        (y, m) => format!("{y} years and {m} months"),
    }
}

/// One term of an order.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Term {
    pub id: ItemId,
    pub kind: TermKind,
    pub wording: String,
    /// The person or organisation responsible for a requirement (SRO-6).
    pub responsible_person: Option<String>,
    /// Last day the term applies (CONV-13); None: as long as the order.
    pub ends: Option<Date>,
}

/// Passport surrender for a total travel ban (SHPO-3).
#[derive(Clone, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct Passport {
    /// The police station named for surrender.
    pub station: Option<String>,
    pub surrendered: Option<Date>,
    pub returned: Option<Date>,
}

/// A foreign-travel prohibition within an order.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TravelProhibition {
    pub scope: TravelScope,
    /// ISO 3166-1 alpha-2 codes, for the named scopes.
    pub countries: Vec<String>,
    /// Last day of the prohibition.
    pub ends: Date,
    /// Latest last day the current period allows (SHPO-3, SRO-4): set when the
    /// order is made and moved on by each renewal.
    pub limit: Option<Date>,
    pub passport: Passport,
}

/// A civil order as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CivilOrder {
    pub id: ItemId,
    #[serde(rename = "type")]
    pub kind: OrderKind,
    pub court: Option<String>,
    pub made: Date,
    pub served: Option<Date>,
    /// Last day in force after every change (CONV-13); None: until further order.
    pub ends: Option<Date>,
    pub status: OrderStatus,
    pub discharged: Option<Date>,
    pub terms: Vec<Term>,
    pub travel_prohibition: Option<TravelProhibition>,
    /// Changes, oldest first.
    pub changes: Vec<OrderChange>,
    /// Bumped by every change, so a change checked against one version is not
    /// applied to another.
    pub revision: i64,
    /// SHPO-8: the later order of the same family whose making revoked this
    /// one, whatever its recorded status; set by [`mark_revocations`].
    pub revoked: Option<Revocation>,
}

/// A revocation by a later order (SHPO-8): the order made, and the day it was
/// made, from which this one has no effect.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Revocation {
    pub by: ItemId,
    pub on: Date,
}

/// Marks each of one person's orders revoked by a later SHPO, interim SHPO,
/// SOPO or interim SOPO (SHPO-8), as the rules engine reads them.
pub fn mark_revocations(orders: &mut [CivilOrder]) {
    let facts: Vec<crate::rules::Order> = orders.iter().map(CivilOrder::facts).collect();
    let effects = crate::rules::order_effects(&facts);
    let revokers: Vec<Option<Revocation>> = effects
        .iter()
        .map(|e| e.revoked_by.and_then(|j| orders.get(j)).map(|later| Revocation { by: later.id, on: later.made }))
        .collect();
    for (o, r) in orders.iter_mut().zip(revokers) {
        o.revoked = r;
    }
}

/// One variation, renewal or discharge, kept as history.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrderChange {
    pub id: ItemId,
    pub kind: ChangeKind,
    pub date: Date,
    pub reason: String,
    pub ends_before: Option<Date>,
    pub ends_after: Option<Date>,
    pub travel_ends_before: Option<Date>,
    pub travel_ends_after: Option<Date>,
    pub recorded_by_name: String,
    pub recorded_at: String,
}

impl CivilOrder {
    /// The engine's facts for this order (`facts::Order`); breach convictions
    /// are not held here.
    pub fn facts(&self) -> crate::rules::Order {
        crate::rules::Order {
            id: self.id.to_string(),
            kind: self.kind.engine(),
            made: self.made,
            served: self.served,
            ends: self.ends,
            foreign_travel_prohibition_ends: self.travel_prohibition.as_ref().map(|t| t.ends),
            breach_convictions: Vec::new(),
        }
    }
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermInput {
    pub kind: Option<String>,
    pub wording: Option<String>,
    pub responsible_person: Option<String>,
    pub ends: Option<String>,
}

#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = OrderTravelInput)]
#[serde(deny_unknown_fields)]
pub struct TravelInput {
    pub scope: Option<String>,
    pub countries: Option<Vec<String>>,
    pub ends: Option<String>,
    pub passport_station: Option<String>,
    pub passport_surrendered: Option<String>,
}

/// A submitted order.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    #[serde(rename = "type")]
    pub order_type: Option<String>,
    pub court: Option<String>,
    pub made: Option<String>,
    pub served: Option<String>,
    /// Last day in force; absent or empty means until further order.
    pub ends: Option<String>,
    pub terms: Option<Vec<TermInput>>,
    pub travel_prohibition: Option<TravelInput>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

fn opt_date(e: &mut ValidationErrors, field: &str, label: &str, raw: &Option<String>) -> Option<Date> {
    blank(raw).and_then(|r| e.take(parse_date(field, label, r)))
}

fn opt_past(e: &mut ValidationErrors, field: &str, label: &str, raw: &Option<String>, today: Date) -> Option<Date> {
    blank(raw).and_then(|r| e.take(parse_past_date(field, label, r, today)))
}

fn req_past(e: &mut ValidationErrors, field: &str, label: &str, raw: &Option<String>, today: Date) -> Option<Date> {
    match blank(raw) {
        Some(r) => e.take(parse_past_date(field, label, r, today)),
        None => {
            e.add(field, "required", format!("Enter the {label}"));
            None
        }
    }
}

fn req_code<T>(
    e: &mut ValidationErrors,
    field: &str,
    label: &str,
    raw: &Option<String>,
    from: fn(&str) -> Option<T>,
) -> Option<T> {
    match e.take(parse_code(field, label, raw.as_deref(), from)) {
        Some(Some(v)) => Some(v),
        Some(None) => {
            e.add(field, "required", format!("Select the {label}"));
            None
        }
        None => None,
    }
}

/// Checks a fixed end against the order's minimum (SHPO-2, SRO-3, SPO-1, LEG-1).
fn check_minimum(
    e: &mut ValidationErrors,
    field: &str,
    what: &str,
    kind: OrderKind,
    made: Date,
    ends: Date,
    c: &OrdersConfig,
) {
    if let Some(min) = minimum_period(kind, c)
        && let Some(earliest) = minimum_end(made, min.months)
        && ends < earliest
    {
        e.add(
            field,
            "below_minimum",
            format!(
                "{what} must be at least {} from the day the order was made ({}): the earliest last day is {earliest}",
                months_words(min.months),
                min.rule
            ),
        );
    }
}

fn parse_terms(
    e: &mut ValidationErrors,
    prefix: &str,
    list: &[TermInput],
    kind: Option<OrderKind>,
    made: Option<Date>,
    order_ends: Option<Date>,
    c: &OrdersConfig,
) -> Vec<Term> {
    if list.len() > 50 {
        e.add(prefix, "too_many", "Enter 50 or fewer terms");
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let f = |n: &str| format!("{prefix}[{i}].{n}");
        let term_kind = req_code(e, &f("kind"), "kind of term", &t.kind, TermKind::from_code);
        let wording = e.take(required_text(&f("wording"), "the wording of the term", t.wording.as_deref(), 2000));
        let responsible = e
            .take(optional_text(&f("responsible_person"), "responsible person", t.responsible_person.as_deref(), 200))
            .flatten();
        if term_kind == Some(TermKind::Requirement)
            && responsible.is_none()
            && !e.0.iter().any(|x| x.field == f("responsible_person"))
        {
            e.add(
                f("responsible_person"),
                "required",
                "Enter the person or organisation responsible for the requirement (SRO-6)",
            );
        }
        let ends = opt_date(e, &f("ends"), "end of the term", &t.ends);
        if let (Some(end), Some(made)) = (ends, made) {
            if end < made {
                e.add(f("ends"), "end_before_start", "The term must end on or after the day the order was made");
            } else if let Some(k) = kind {
                check_minimum(e, &f("ends"), "A term", k, made, end, c);
            }
        }
        if let (Some(end), Some(oe)) = (ends, order_ends)
            && end > oe
        {
            e.add(f("ends"), "after_order_end", "A term cannot last beyond the order itself");
        }
        if let (Some(kind), Some(wording)) = (term_kind, wording) {
            out.push(Term { id: ItemId::new(), kind, wording, responsible_person: responsible, ends });
        }
    }
    out
}

fn parse_countries(e: &mut ValidationErrors, field: &str, raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        if c.trim().is_empty() {
            continue;
        }
        let Some(code) = crate::characteristics::country_code(c).map(str::to_string) else {
            e.add(format!("{field}[{i}]"), "invalid_country", "Enter a country, like France (or its code, FR)");
            continue;
        };
        if code == "GB" {
            e.add(
                format!("{field}[{i}]"),
                "invalid_country",
                "A foreign-travel prohibition concerns countries outside the UK",
            );
        } else if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// Countries' names for display.
pub fn country_name(code: &str) -> String {
    celes::Country::from_alpha2(code).map(|c| c.long_name.to_string()).unwrap_or_else(|_| code.to_string())
}

impl OrderInput {
    /// Validates an order: dates in order and within the statutory periods of
    /// its kind, every term well formed, and the travel prohibition within its
    /// maximum with a passport station for a total ban (SHPO-3).
    pub fn parse(&self, today: Date, c: &OrdersConfig) -> Result<CivilOrder, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = req_code(&mut e, "type", "type of order", &self.order_type, OrderKind::from_code);
        let court = e.take(optional_text("court", "court", self.court.as_deref(), 200)).flatten();
        let made = req_past(&mut e, "made", "date the order was made", &self.made, today);
        let served = opt_past(&mut e, "served", "date the order was served", &self.served, today);
        if let (Some(m), Some(s)) = (made, served)
            && s < m
        {
            e.add("served", "served_before_made", "The order cannot be served before the day it was made");
        }
        let ends = opt_date(&mut e, "ends", "last day of the order", &self.ends);
        if let (Some(m), Some(end)) = (made, ends) {
            if end < m {
                e.add("ends", "end_before_start", "The order must end on or after the day it was made");
            } else if let Some(k) = kind {
                check_minimum(&mut e, "ends", "The order", k, m, end, c);
                if let Some(max) = order_period_max(k, m, c)
                    && let Some(latest) = period_last_day(m, max.months)
                    && end > latest
                {
                    e.add(
                        "ends",
                        "above_maximum",
                        format!(
                            "The order can last at most {} ({}): the latest last day is {latest}",
                            months_words(max.months),
                            max.rule
                        ),
                    );
                }
            }
        }
        if kind == Some(OrderKind::Fto) && ends.is_none() && blank(&self.ends).is_none() {
            e.add("ends", "required", "A foreign travel order has a fixed period: enter its last day (LEG-3)");
        }
        let terms = parse_terms(&mut e, "terms", self.terms.as_deref().unwrap_or_default(), kind, made, ends, c);
        let travel = self.travel_prohibition.as_ref().and_then(|t| parse_travel(&mut e, t, kind, made, ends, today, c));
        match (kind, made) {
            (Some(kind), Some(made)) if e.is_empty() => Ok(CivilOrder {
                id: ItemId::new(),
                kind,
                court,
                made,
                served,
                ends,
                status: OrderStatus::InForce,
                discharged: None,
                terms,
                travel_prohibition: travel,
                changes: Vec::new(),
                revision: 1,
                revoked: None,
            }),
            _ => Err(e),
        }
    }
}

fn parse_travel(
    e: &mut ValidationErrors,
    t: &TravelInput,
    kind: Option<OrderKind>,
    made: Option<Date>,
    order_ends: Option<Date>,
    today: Date,
    c: &OrdersConfig,
) -> Option<TravelProhibition> {
    let p = "travel_prohibition";
    let scope = req_code(e, &format!("{p}.scope"), "scope of the travel prohibition", &t.scope, TravelScope::from_code);
    let countries = parse_countries(e, &format!("{p}.countries"), t.countries.as_deref().unwrap_or_default());
    match scope {
        Some(TravelScope::AllCountries) if !countries.is_empty() => {
            e.add(format!("{p}.countries"), "not_applicable", "A ban on travel to all countries names no countries")
        }
        Some(TravelScope::NamedCountries | TravelScope::AllExceptNamed)
            if countries.is_empty() && !e.0.iter().any(|x| x.field.starts_with(&format!("{p}.countries"))) =>
        {
            e.add(format!("{p}.countries"), "required", "Enter at least one country code")
        }
        _ => {}
    }
    let ends = match blank(&t.ends) {
        Some(r) => e.take(parse_date(&format!("{p}.ends"), "last day of the travel prohibition", r)),
        None => {
            e.add(
                format!("{p}.ends"),
                "required",
                "A foreign-travel prohibition has a fixed period: enter its last day (SHPO-3)",
            );
            None
        }
    };
    let mut limit = None;
    if let Some(k) = kind {
        match (travel_period_max(k, made.unwrap_or(today), c), made, ends) {
            (None, _, _) => e.add(
                format!("{p}.scope"),
                "not_applicable",
                "This kind of order does not carry a foreign-travel prohibition: record its terms instead",
            ),
            (Some(max), Some(m), Some(end)) => {
                limit = period_last_day(m, max.months);
                if end < m {
                    e.add(
                        format!("{p}.ends"),
                        "end_before_start",
                        "The prohibition must end on or after the day the order was made",
                    );
                } else if let Some(latest) = limit
                    && end > latest
                {
                    e.add(
                        format!("{p}.ends"),
                        "above_maximum",
                        format!(
                            "A foreign-travel prohibition lasts at most {} at a time ({}): the latest last day is {latest}",
                            months_words(max.months),
                            max.rule
                        ),
                    );
                } else if order_ends.is_some_and(|oe| end > oe) {
                    e.add(
                        format!("{p}.ends"),
                        "after_order_end",
                        "The prohibition cannot last beyond the order itself",
                    );
                }
            }
            _ => {}
        }
    }
    let station = e
        .take(optional_text(
            &format!("{p}.passport_station"),
            "police station for passport surrender",
            t.passport_station.as_deref(),
            200,
        ))
        .flatten();
    if scope == Some(TravelScope::AllCountries)
        && station.is_none()
        && !e.0.iter().any(|x| x.field == format!("{p}.passport_station"))
    {
        e.add(
            format!("{p}.passport_station"),
            "required",
            "A ban on travel to all countries requires passports to be surrendered: enter the police station (SHPO-3)",
        );
    }
    let surrendered = opt_past(
        e,
        &format!("{p}.passport_surrendered"),
        "date the passports were surrendered",
        &t.passport_surrendered,
        today,
    );
    if let (Some(s), Some(m)) = (surrendered, made)
        && s < m
    {
        e.add(
            format!("{p}.passport_surrendered"),
            "before_order",
            "Passports are surrendered on or after the day the order was made",
        );
    }
    Some(TravelProhibition {
        scope: scope?,
        countries,
        ends: ends?,
        limit,
        passport: Passport { station, surrendered, returned: None },
    })
}

/// A submitted variation, renewal or discharge.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = OrderChangeInput)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    pub kind: Option<String>,
    pub date: Option<String>,
    pub reason: Option<String>,
    /// New last day of the order (variation, renewal).
    pub ends: Option<String>,
    /// Variation only: the order now runs until further order.
    #[serde(default)]
    pub until_further_order: bool,
    /// New last day of the foreign-travel prohibition (variation, renewal).
    pub travel_prohibition_ends: Option<String>,
    /// Variation only: terms added by the court.
    pub add_terms: Option<Vec<TermInput>>,
}

/// A change checked against one revision of the order.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ValidChange {
    pub id: ItemId,
    pub kind: ChangeKind,
    pub date: Date,
    pub reason: String,
    /// The order's revision the change was checked against.
    pub revision: i64,
    pub ends_after: Option<Date>,
    pub travel_ends_after: Option<Date>,
    pub travel_limit_after: Option<Date>,
    pub add_terms: Vec<Term>,
}

impl ChangeInput {
    /// Checks a change against the order as it stands: a discharged order
    /// takes no change; a renewal extends the order or its travel prohibition
    /// within the limits (SHPO-3: further periods of at most five years each,
    /// SRO-4); a variation keeps the minimum (SHPO-2, SRO-3, SPO-1, LEG-1) and
    /// the current period's maximum; a discharge ends the order on its date.
    pub fn parse(&self, order: &CivilOrder, today: Date, c: &OrdersConfig) -> Result<ValidChange, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = req_code(&mut e, "kind", "kind of change", &self.kind, ChangeKind::from_code);
        if order.status == OrderStatus::Discharged {
            e.add("kind", "order_discharged", "The order has been discharged: it cannot be changed");
            return Err(e);
        }
        let date = req_past(&mut e, "date", "date of the change", &self.date, today);
        if date.is_some_and(|d| d < order.made) {
            e.add("date", "before_order", "A change cannot be dated before the order was made");
        }
        let reason = e.take(required_text("reason", "the reason for the change", self.reason.as_deref(), 2000));
        let ends_raw = blank(&self.ends);
        let travel_raw = blank(&self.travel_prohibition_ends);
        let mut ends_after = order.ends;
        let travel = order.travel_prohibition.as_ref();
        let mut travel_ends_after = travel.map(|t| t.ends);
        let mut travel_limit_after = travel.and_then(|t| t.limit);
        let mut add_terms = Vec::new();
        let not_for = |e: &mut ValidationErrors, field: &str, what: &str| {
            e.add(field, "not_applicable", format!("{what} is not given for this kind of change"));
        };
        match kind {
            Some(ChangeKind::Discharge) => {
                if ends_raw.is_some() {
                    not_for(&mut e, "ends", "A new end");
                }
                if travel_raw.is_some() {
                    not_for(&mut e, "travel_prohibition_ends", "A new end of the travel prohibition");
                }
                if self.until_further_order {
                    not_for(&mut e, "until_further_order", "Until further order");
                }
                if self.add_terms.as_ref().is_some_and(|t| !t.is_empty()) {
                    not_for(&mut e, "add_terms", "New terms");
                }
                if let (Some(d), Some(end)) = (date, order.ends)
                    && d > end
                {
                    e.add(
                        "date",
                        "after_order_end",
                        "The order had already ended: a discharge is dated while it is in force",
                    );
                }
                if let Some(d) = date {
                    // Discharge: the order's last day is the discharge date.
                    ends_after = Some(d);
                    travel_ends_after = travel_ends_after.map(|t| t.min(d));
                }
            }
            Some(ChangeKind::Variation) => {
                if self.until_further_order {
                    if ends_raw.is_some() {
                        e.add("ends", "not_applicable", "Give a new last day or until further order, not both");
                    }
                    if order.kind == OrderKind::Fto {
                        e.add(
                            "until_further_order",
                            "not_applicable",
                            "A foreign travel order has a fixed period (LEG-3)",
                        );
                    }
                    ends_after = None;
                } else if let Some(r) = ends_raw {
                    ends_after = e.take(parse_date("ends", "new last day of the order", r));
                    if let Some(end) = ends_after {
                        if end < order.made {
                            e.add("ends", "end_before_start", "The order must end on or after the day it was made");
                        } else {
                            check_minimum(&mut e, "ends", "The order", order.kind, order.made, end, c);
                            if let Some(max) = order_period_max(order.kind, order.made, c)
                                && period_last_day(order.made, max.months).is_some_and(|l| end > l)
                            {
                                e.add(
                                    "ends",
                                    "above_maximum",
                                    format!("The order can last at most {} ({})", months_words(max.months), max.rule),
                                );
                            }
                        }
                    }
                }
                if let Some(r) = travel_raw {
                    match travel {
                        None => e.add(
                            "travel_prohibition_ends",
                            "no_travel_prohibition",
                            "The order has no foreign-travel prohibition",
                        ),
                        Some(t) => {
                            travel_ends_after = e.take(parse_date(
                                "travel_prohibition_ends",
                                "new last day of the travel prohibition",
                                r,
                            ));
                            if let Some(end) = travel_ends_after {
                                if end < order.made {
                                    e.add(
                                        "travel_prohibition_ends",
                                        "end_before_start",
                                        "The prohibition must end on or after the day the order was made",
                                    );
                                } else if t.limit.is_some_and(|l| end > l) {
                                    e.add(
                                        "travel_prohibition_ends",
                                        "above_maximum",
                                        format!(
                                            "A variation cannot take the prohibition beyond its current period's limit ({}); renew it instead",
                                            t.limit.map(|l| l.to_string()).unwrap_or_default()
                                        ),
                                    );
                                }
                            }
                        }
                    }
                }
                add_terms = parse_terms(
                    &mut e,
                    "add_terms",
                    self.add_terms.as_deref().unwrap_or_default(),
                    Some(order.kind),
                    Some(order.made),
                    ends_after,
                    c,
                );
                if ends_raw.is_none()
                    && travel_raw.is_none()
                    && !self.until_further_order
                    && add_terms.is_empty()
                    && e.is_empty()
                {
                    e.add("ends", "required", "Enter what the variation changes: a new last day, the travel prohibition's last day, or new terms");
                }
            }
            Some(ChangeKind::Renewal) => {
                if self.until_further_order {
                    not_for(&mut e, "until_further_order", "Until further order");
                }
                if self.add_terms.as_ref().is_some_and(|t| !t.is_empty()) {
                    not_for(&mut e, "add_terms", "New terms");
                }
                if let Some(r) = ends_raw {
                    match order.ends {
                        None => e.add(
                            "ends",
                            "not_applicable",
                            "The order runs until further order: there is nothing to renew",
                        ),
                        Some(current) => {
                            ends_after = e.take(parse_date("ends", "new last day of the order", r));
                            if ends_after.is_some_and(|n| n <= current) {
                                e.add(
                                    "ends",
                                    "not_an_extension",
                                    "A renewal must take the order beyond its current last day",
                                );
                            }
                            if let (Some(n), Some(max)) = (ends_after, order_period_max(order.kind, order.made, c))
                                && foreign_travel_renewal_max_end(current, max.months).is_some_and(|l| n > l)
                            {
                                e.add(
                                    "ends",
                                    "above_maximum",
                                    format!(
                                        "A renewal extends the order by at most {} ({})",
                                        months_words(max.months),
                                        max.rule
                                    ),
                                );
                            }
                        }
                    }
                }
                if let Some(r) = travel_raw {
                    match travel {
                        None => e.add(
                            "travel_prohibition_ends",
                            "no_travel_prohibition",
                            "The order has no foreign-travel prohibition",
                        ),
                        Some(t) => {
                            travel_ends_after = e.take(parse_date(
                                "travel_prohibition_ends",
                                "new last day of the travel prohibition",
                                r,
                            ));
                            let max = travel_period_max(order.kind, order.made, c);
                            if let Some(n) = travel_ends_after {
                                if n <= t.ends {
                                    e.add(
                                        "travel_prohibition_ends",
                                        "not_an_extension",
                                        "A renewal must take the prohibition beyond its current last day",
                                    );
                                } else if date.is_some_and(|d| d > t.ends) {
                                    e.add("date", "already_ended", "The prohibition ended before this date: a renewal is made while it is in force (SHPO-3)");
                                } else if let Some(max) = max {
                                    // SHPO-3 / SRO-4: a further period of at most the maximum, beginning after the current end.
                                    let latest = foreign_travel_renewal_max_end(t.ends, max.months);
                                    if latest.is_some_and(|l| n > l) {
                                        e.add(
                                            "travel_prohibition_ends",
                                            "above_maximum",
                                            format!(
                                                "A renewal extends the prohibition by a further period of at most {} ({}): the latest last day is {}",
                                                months_words(max.months),
                                                max.rule,
                                                latest.map(|l| l.to_string()).unwrap_or_default()
                                            ),
                                        );
                                    }
                                    travel_limit_after = latest;
                                }
                            }
                        }
                    }
                }
                if ends_raw.is_none() && travel_raw.is_none() && e.is_empty() {
                    e.add("ends", "required", "Enter the new last day of the order or of its travel prohibition");
                }
            }
            None => {}
        }
        if let (Some(oe), Some(te)) = (ends_after, travel_ends_after)
            && te > oe
            && kind != Some(ChangeKind::Discharge)
            && !e.0.iter().any(|x| x.field == "travel_prohibition_ends")
        {
            e.add("travel_prohibition_ends", "after_order_end", "The prohibition cannot last beyond the order itself");
        }
        match (kind, date, reason) {
            (Some(kind), Some(date), Some(reason)) if e.is_empty() => Ok(ValidChange {
                id: ItemId::new(),
                kind,
                date,
                reason,
                revision: order.revision,
                ends_after,
                travel_ends_after,
                travel_limit_after,
                add_terms,
            }),
            _ => Err(e),
        }
    }
}

/// A submitted passport surrender or return (SHPO-3).
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PassportInput {
    pub station: Option<String>,
    pub surrendered: Option<String>,
    pub returned: Option<String>,
}

impl PassportInput {
    /// The passport record after this submission: fields given replace the
    /// stored ones. A return needs a surrender before it.
    pub fn parse(&self, order: &CivilOrder, today: Date) -> Result<Passport, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let Some(t) = &order.travel_prohibition else {
            e.add("surrendered", "no_travel_prohibition", "The order has no foreign-travel prohibition");
            return Err(e);
        };
        let station = e.take(optional_text("station", "police station", self.station.as_deref(), 200)).flatten();
        let surrendered =
            opt_past(&mut e, "surrendered", "date the passports were surrendered", &self.surrendered, today);
        let returned = opt_past(&mut e, "returned", "date the passports were returned", &self.returned, today);
        if station.is_none() && surrendered.is_none() && returned.is_none() && e.is_empty() {
            e.add("surrendered", "required", "Enter the date the passports were surrendered or returned");
        }
        let after = Passport {
            station: station.or_else(|| t.passport.station.clone()),
            surrendered: surrendered.or(t.passport.surrendered),
            returned: returned.or(t.passport.returned),
        };
        if after.surrendered.is_some_and(|s| s < order.made) {
            e.add("surrendered", "before_order", "Passports are surrendered on or after the day the order was made");
        }
        if returned.is_some() {
            match after.surrendered {
                None => e.add(
                    "surrendered",
                    "required",
                    "Enter the date the passports were surrendered before recording their return",
                ),
                Some(s) if after.returned.is_some_and(|r| r < s) => e.add(
                    "returned",
                    "returned_before_surrendered",
                    "Passports cannot be returned before they were surrendered",
                ),
                _ => {}
            }
        }
        e.into_result(after)
    }
}

macro_rules! redacted {
    ($($t:ident),+) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($t), " { .. }"))
            }
        }
    )+};
}
redacted!(
    Term,
    Passport,
    TravelProhibition,
    CivilOrder,
    OrderChange,
    ValidChange,
    TermInput,
    TravelInput,
    OrderInput,
    ChangeInput,
    PassportInput
);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn cfg() -> OrdersConfig {
        OrdersConfig::default()
    }

    fn parse(v: serde_json::Value) -> Result<CivilOrder, ValidationErrors> {
        serde_json::from_value::<OrderInput>(v).unwrap().parse(TODAY, &cfg())
    }

    fn has(e: &ValidationErrors, field: &str, code: &str) -> bool {
        e.0.iter().any(|x| x.field == field && x.code == code)
    }

    fn shpo() -> CivilOrder {
        parse(serde_json::json!({
            "type": "shpo", "court": "Snaresbrook Crown Court", "made": "2024-01-10", "served": "2024-01-12",
            "ends": "2029-01-09",
            "terms": [
                {"kind": "prohibition", "wording": "Not to use any device capable of accessing the internet unless it keeps history"},
                {"kind": "requirement", "wording": "Attend a programme", "responsible_person": "Probation Service", "ends": "2029-01-09"}
            ],
            "travel_prohibition": {"scope": "all_countries", "ends": "2029-01-09", "passport_station": "Ilford police station", "passport_surrendered": "2024-01-15"}
        }))
        .unwrap()
    }

    fn change(o: &CivilOrder, v: serde_json::Value) -> Result<ValidChange, ValidationErrors> {
        serde_json::from_value::<ChangeInput>(v).unwrap().parse(o, TODAY, &cfg())
    }

    #[test]
    fn order_codes_are_the_engine_codes() {
        for k in OrderKind::ALL {
            assert_eq!(serde_json::to_value(k.engine()).unwrap(), serde_json::json!(k.code()));
        }
    }

    #[test]
    fn shpo_2_shpo_3_an_shpo_with_terms_and_a_total_ban() {
        let o = shpo();
        assert_eq!(o.terms.len(), 2);
        let t = o.travel_prohibition.as_ref().unwrap();
        assert_eq!(t.limit, Some(date(2029, 1, 9)));
        assert_eq!(o.facts().foreign_travel_prohibition_ends, Some(date(2029, 1, 9)));
        assert!(!format!("{o:?}").contains("Snaresbrook"));
    }

    #[test]
    fn shpo_2_below_the_five_year_minimum_is_refused_for_order_and_term() {
        let e = parse(serde_json::json!({"type": "shpo", "made": "2024-01-10", "ends": "2029-01-08",
            "terms": [{"kind": "prohibition", "wording": "x", "ends": "2025-01-01"}]}))
        .unwrap_err();
        assert!(has(&e, "ends", "below_minimum"), "{e}");
        assert!(has(&e, "terms[0].ends", "below_minimum"), "{e}");
        assert!(parse(serde_json::json!({"type": "shpo", "made": "2024-01-10"})).is_ok(), "until further order");
    }

    #[test]
    fn sro_3_spo_1_leg_1_minimums() {
        let e = parse(serde_json::json!({"type": "sro", "made": "2024-01-10", "ends": "2026-01-08"})).unwrap_err();
        assert!(has(&e, "ends", "below_minimum"));
        assert!(parse(serde_json::json!({"type": "sro", "made": "2024-01-10", "ends": "2026-01-09"})).is_ok());
        let e = parse(serde_json::json!({"type": "spo", "made": "2024-01-10", "ends": "2025-01-10"})).unwrap_err();
        assert!(has(&e, "ends", "below_minimum"));
        let e = parse(serde_json::json!({"type": "sopo", "made": "2014-01-10", "ends": "2018-01-10"})).unwrap_err();
        assert!(has(&e, "ends", "below_minimum"));
        assert!(parse(serde_json::json!({"type": "dapo", "made": "2024-01-10", "ends": "2024-06-10"})).is_ok());
    }

    #[test]
    fn shpo_3_sro_4_travel_ban_maximum_and_passport_station() {
        let e = parse(serde_json::json!({"type": "shpo", "made": "2024-01-10",
            "travel_prohibition": {"scope": "all_countries", "ends": "2029-01-10"}}))
        .unwrap_err();
        assert!(has(&e, "travel_prohibition.ends", "above_maximum"), "{e}");
        assert!(has(&e, "travel_prohibition.passport_station", "required"), "{e}");
        let e = parse(serde_json::json!({"type": "sro", "made": "2024-01-10",
            "travel_prohibition": {"scope": "named_countries", "countries": ["XX"], "ends": "2025-01-10"}}))
        .unwrap_err();
        assert!(has(&e, "travel_prohibition.countries[0]", "invalid_country"));
        let o = parse(serde_json::json!({"type": "sro", "made": "2024-01-10",
            "travel_prohibition": {"scope": "all_except_named", "countries": ["fr", "IE"], "ends": "2025-01-10"}}))
        .unwrap();
        assert_eq!(o.travel_prohibition.unwrap().countries, vec!["FR", "IE"]);
        let e = parse(serde_json::json!({"type": "spo", "made": "2024-01-10",
            "travel_prohibition": {"scope": "named_countries", "countries": ["FR"], "ends": "2025-01-10"}}))
        .unwrap_err();
        assert!(has(&e, "travel_prohibition.scope", "not_applicable"));
    }

    #[test]
    fn leg_3_foreign_travel_order_lasts_at_most_six_months_before_2009() {
        let e = parse(serde_json::json!({"type": "fto", "made": "2008-01-10", "ends": "2008-07-10"})).unwrap_err();
        assert!(has(&e, "ends", "above_maximum"));
        assert!(parse(serde_json::json!({"type": "fto", "made": "2008-01-10", "ends": "2008-07-09"})).is_ok());
        let e = parse(serde_json::json!({"type": "fto", "made": "2008-01-10"})).unwrap_err();
        assert!(has(&e, "ends", "required"));
    }

    #[test]
    fn shpo_4_sro_6_a_requirement_names_its_responsible_person() {
        let e = parse(serde_json::json!({"type": "sro", "made": "2024-01-10",
            "terms": [{"kind": "requirement", "wording": "Attend a course"}]}))
        .unwrap_err();
        assert!(has(&e, "terms[0].responsible_person", "required"));
    }

    #[test]
    fn served_not_before_made_and_events_not_in_the_future() {
        let e = parse(serde_json::json!({"type": "shpo", "made": "2024-01-10", "served": "2024-01-09"})).unwrap_err();
        assert!(has(&e, "served", "served_before_made"));
        let e = parse(serde_json::json!({"type": "shpo", "made": "2027-01-10"})).unwrap_err();
        assert!(has(&e, "made", "date_in_future"));
        let e = parse(serde_json::json!({"type": "banana"})).unwrap_err();
        assert!(has(&e, "type", "invalid_choice") && has(&e, "made", "required"));
    }

    #[test]
    fn shpo_3_renewal_within_a_further_five_years() {
        let o = shpo();
        let c = change(
            &o,
            serde_json::json!({"kind": "renewal", "date": "2026-01-01", "reason": "Risk continues",
            "ends": "2034-01-09", "travel_prohibition_ends": "2034-01-09"}),
        )
        .unwrap();
        assert_eq!(c.travel_ends_after, Some(date(2034, 1, 9)));
        assert_eq!(c.travel_limit_after, Some(date(2034, 1, 9)));
        let e = change(
            &o,
            serde_json::json!({"kind": "renewal", "date": "2026-01-01", "reason": "r",
            "ends": "2034-01-09", "travel_prohibition_ends": "2034-01-10"}),
        )
        .unwrap_err();
        assert!(has(&e, "travel_prohibition_ends", "above_maximum"), "{e}");
        let e = change(&o, serde_json::json!({"kind": "renewal", "date": "2026-01-01", "reason": "r", "travel_prohibition_ends": "2028-01-01"}))
            .unwrap_err();
        assert!(has(&e, "travel_prohibition_ends", "not_an_extension"));
        let e = change(&o, serde_json::json!({"kind": "renewal", "date": "2026-01-01", "reason": "r", "travel_prohibition_ends": "2030-01-01"}))
            .unwrap_err();
        assert!(has(&e, "travel_prohibition_ends", "after_order_end"), "{e}");
    }

    #[test]
    fn shpo_2_variation_keeps_the_minimum_and_discharge_ends_the_order() {
        let o = shpo();
        let e = change(
            &o,
            serde_json::json!({"kind": "variation", "date": "2026-01-01", "reason": "r", "ends": "2028-01-01"}),
        )
        .unwrap_err();
        assert!(has(&e, "ends", "below_minimum"));
        let e = change(&o, serde_json::json!({"kind": "variation", "date": "2026-01-01"})).unwrap_err();
        assert!(has(&e, "reason", "required"));
        let v = change(
            &o,
            serde_json::json!({"kind": "variation", "date": "2026-01-01", "reason": "r",
            "add_terms": [{"kind": "prohibition", "wording": "No contact with children under 16"}]}),
        )
        .unwrap();
        assert_eq!(v.add_terms.len(), 1);
        let d = change(&o, serde_json::json!({"kind": "discharge", "date": "2026-02-01", "reason": "Appeal allowed"}))
            .unwrap();
        assert_eq!(d.ends_after, Some(date(2026, 2, 1)));
        assert_eq!(d.travel_ends_after, Some(date(2026, 2, 1)));
        let e = change(&o, serde_json::json!({"kind": "discharge", "date": "2026-02-01", "reason": "r"}))
            .and_then(|_| {
                let mut short = o.clone();
                short.ends = Some(date(2026, 1, 31));
                change(&short, serde_json::json!({"kind": "discharge", "date": "2026-02-01", "reason": "r"}))
            })
            .unwrap_err();
        assert!(has(&e, "date", "after_order_end"));
        let mut gone = o.clone();
        gone.status = OrderStatus::Discharged;
        let e =
            change(&gone, serde_json::json!({"kind": "variation", "date": "2026-01-01", "reason": "r"})).unwrap_err();
        assert!(has(&e, "kind", "order_discharged"));
    }

    #[test]
    fn shpo_3_passports_are_returned_after_surrender() {
        let o = shpo();
        let p = serde_json::from_value::<PassportInput>(serde_json::json!({"returned": "2026-01-01"}))
            .unwrap()
            .parse(&o, TODAY)
            .unwrap();
        assert_eq!(p.surrendered, Some(date(2024, 1, 15)));
        let e = serde_json::from_value::<PassportInput>(serde_json::json!({"returned": "2024-01-14"}))
            .unwrap()
            .parse(&o, TODAY)
            .unwrap_err();
        assert!(has(&e, "returned", "returned_before_surrendered"));
    }
}
