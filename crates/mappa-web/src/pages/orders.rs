//! "Orders and licence": a record's civil orders with their terms, travel
//! prohibition, passport and changes (rules.md §4), and its licence with the
//! sentence dates, conditions and recalls (§5), with the forms that record them.

use super::corrections::{Fix, corrects, done_action};
use super::forms::{FormData, FormErrors, MAX_ROWS};
use super::people::{Choice, form_context, heading_for, long_date, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use mappa_app::{AppError, FactInput};
use mappa_domain::ValidationErrors;
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::licence::{
    ConditionInput, ConditionReviewInput, ConditionType, Licence, LicenceInput, RecallInput, RecallType,
    StandardCondition,
};
use mappa_domain::orders::{
    ChangeInput, ChangeKind, CivilOrder, OrderInput, OrderKind, OrderStatus, PassportInput, TermInput, TermKind,
    TravelInput, TravelScope, country_name,
};

const CONDITION_ROWS: usize = 6;

/// One line of a summary list.
pub struct Row {
    pub key: String,
    pub value: String,
}

fn row(key: impl Into<String>, value: impl Into<String>) -> Row {
    let value = value.into();
    Row { key: key.into(), value: if value.is_empty() { "Not recorded".into() } else { value } }
}

fn day(d: Option<Date>) -> String {
    d.map(long_date).unwrap_or_default()
}

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|k| Choice { value: code(*k).into(), label: label(*k).into() }).collect()
}

// ---------- the page ----------

pub struct TermView {
    pub kind: String,
    pub wording: String,
    pub responsible: String,
    pub ends: String,
}

pub struct ChangeView {
    pub date: String,
    pub kind: String,
    pub reason: String,
    pub effect: String,
    pub by: String,
}

pub struct OrderView {
    pub id: ItemId,
    pub title: String,
    pub in_force: bool,
    pub has_travel: bool,
    pub rows: Vec<Row>,
    pub terms: Vec<TermView>,
    pub travel: Vec<Row>,
    pub changes: Vec<ChangeView>,
}

pub struct ConditionView {
    pub id: ItemId,
    pub kind: String,
    pub wording: String,
    /// LIC-A14: requested through MAPPA, and when it is next to be reviewed.
    pub review: String,
}

pub struct RecallView {
    pub date: String,
    pub kind: String,
    pub reasons: String,
}

pub struct LicenceView {
    pub rows: Vec<Row>,
    pub standard: Vec<String>,
    pub additional: Vec<ConditionView>,
    pub recalls: Vec<RecallView>,
}

pub struct PastLicence {
    pub release: String,
    pub led: String,
    pub sed: String,
    pub superseded: String,
}

#[derive(Template)]
#[template(path = "orders.html")]
struct OrdersPage {
    layout: Layout,
    frame: super::record_frame::RecordFrame,
    id: NominalId,
    heading: String,
    can_edit: bool,
    orders: Vec<OrderView>,
    licence: Option<LicenceView>,
    past: Vec<PastLicence>,
}

fn order_title(o: &CivilOrder) -> String {
    format!("{}, made {}", o.kind.label(), long_date(o.made))
}

fn order_view(o: &CivilOrder, all: &[CivilOrder]) -> OrderView {
    let status = match (o.status, o.discharged, o.revoked) {
        (OrderStatus::Discharged, Some(d), _) => format!("Discharged on {}", long_date(d)),
        // SHPO-8: the making of a later order of the family revoked it.
        (_, _, Some(r)) => match all.iter().find(|x| x.id == r.by) {
            Some(later) => format!("Revoked on {} when the {} was made", long_date(r.on), later.kind.label()),
            None => format!("Revoked on {}", long_date(r.on)),
        },
        (s, _, None) => s.label().to_string(),
    };
    let rows = vec![
        row("Court", o.court.clone().unwrap_or_default()),
        row("Made", long_date(o.made)),
        row("Served", day(o.served)),
        row("Last day", o.ends.map(long_date).unwrap_or_else(|| "Until further order".into())),
        row("Status", status),
    ];
    let terms = o
        .terms
        .iter()
        .map(|t| TermView {
            kind: t.kind.label().into(),
            wording: t.wording.clone(),
            responsible: t.responsible_person.clone().unwrap_or_default(),
            ends: t.ends.map(long_date).unwrap_or_else(|| "As the order".into()),
        })
        .collect();
    let travel = match &o.travel_prohibition {
        None => Vec::new(),
        Some(t) => vec![
            row("Scope", t.scope.label()),
            row("Countries", t.countries.iter().map(|c| country_name(c)).collect::<Vec<_>>().join(", ")),
            row("Last day", long_date(t.ends)),
            row("Latest last day this period allows", day(t.limit)),
            row("Passports to be surrendered at", t.passport.station.clone().unwrap_or_default()),
            row("Passports surrendered", day(t.passport.surrendered)),
            row("Passports returned", day(t.passport.returned)),
        ],
    };
    let changes = o
        .changes
        .iter()
        .rev()
        .map(|c| {
            let mut effect = Vec::new();
            if c.ends_before != c.ends_after {
                effect.push(format!(
                    "order ends {}",
                    c.ends_after.map(long_date).unwrap_or_else(|| "until further order".into())
                ));
            }
            if c.travel_ends_before != c.travel_ends_after
                && let Some(t) = c.travel_ends_after
            {
                effect.push(format!("travel prohibition ends {}", long_date(t)));
            }
            ChangeView {
                date: long_date(c.date),
                kind: c.kind.label().into(),
                reason: c.reason.clone(),
                effect: effect.join("; "),
                by: c.recorded_by_name.clone(),
            }
        })
        .collect();
    OrderView {
        id: o.id,
        title: order_title(o),
        in_force: o.status == OrderStatus::InForce && o.revoked.is_none(),
        has_travel: o.travel_prohibition.is_some(),
        rows,
        terms,
        travel,
        changes,
    }
}

fn licence_view(l: &Licence) -> LicenceView {
    let d = &l.dates;
    let rows = vec![
        row("Release date", long_date(l.release_date)),
        row("Conditional release date (CRD)", day(d.crd)),
        row("Automatic release date (ARD)", day(d.ard)),
        row("Licence expiry date (LED)", day(d.led)),
        row("Sentence expiry date (SED)", day(d.sed)),
        row("Post-sentence or top-up supervision ends", day(d.pss_end)),
        row("Parole eligibility date (PED)", day(d.ped)),
        row("Home detention curfew eligibility (HDCED)", day(d.hdced)),
        row("Home detention curfew approved (HDCAD)", day(d.hdcad)),
        row("Post-recall release date (PRRD)", day(d.prrd)),
    ];
    LicenceView {
        rows,
        standard: l.standard_conditions.iter().map(|c| c.label().to_string()).collect(),
        additional: l
            .additional_conditions
            .iter()
            .map(|c| {
                let mut wording = c.wording.clone();
                if let (Some(s), Some(e)) = (&c.curfew_start, &c.curfew_end) {
                    wording.push_str(&format!(" (curfew {s} to {e})"));
                }
                if c.gps {
                    wording.push_str(" (GPS)");
                }
                let mut review = Vec::new();
                if c.requested_through_mappa {
                    review.push("Requested through MAPPA".to_string());
                }
                if let Some(d) = c.last_reviewed_on {
                    review.push(format!("Last reviewed {}", long_date(d)));
                }
                review.push(match c.review_by {
                    Some(d) => format!("Review by {}", long_date(d)),
                    None => "No review date".to_string(),
                });
                ConditionView { id: c.id, kind: c.kind.label().into(), wording, review: review.join(". ") }
            })
            .collect(),
        recalls: l
            .recalls
            .iter()
            .map(|r| RecallView {
                date: long_date(r.date),
                kind: r.recall_type.label().into(),
                reasons: r.reasons.clone(),
            })
            .collect(),
    }
}

pub async fn show(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let all = s.app.orders_and_licence(&user.actor, id).await?;
    let heading = s.app.record_name(&user.actor, id).await?;
    let can_edit = s.app.may(&user.actor, id, RecordAction::Edit).await?;
    let frame = super::record_frame::frame(&s, &user, id, super::record_frame::Section::Orders).await?;
    let page = OrdersPage {
        frame,
        layout: Layout::new("Orders and licence", Some(&user), ""),
        id,
        heading,
        can_edit,
        orders: all.orders.iter().map(|o| order_view(o, &all.orders)).collect(),
        licence: all.current_licence().map(licence_view),
        past: all
            .licences
            .iter()
            .filter(|l| l.superseded_at.is_some())
            .map(|l| PastLicence {
                release: long_date(l.release_date),
                led: day(l.dates.led),
                sed: day(l.dates.sed),
                superseded: l.superseded_at.clone().unwrap_or_default().chars().take(10).collect(),
            })
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

fn back(s: &AppState, id: NominalId, anchor: &str, action: AuditAction) -> axum::response::Response {
    super::done(s, &format!("/people/{id}/orders#{anchor}"), action)
}

// ---------- add an order ----------

#[derive(Template)]
#[template(path = "orders_form.html")]
struct OrderFormPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    term_kinds: Vec<Choice>,
    scopes: Vec<Choice>,
    term_rows: Vec<usize>,
    fix: Option<Fix>,
}

fn order_form(user: &PageUser, id: NominalId, heading: String, v: FormData, errors: FormErrors) -> OrderFormPage {
    let fix = Fix::of(&v);
    let title = Fix::title(&fix, "Add an order", "Correct an order", &errors);
    let rows = v.rows("terms", 1);
    OrderFormPage {
        fix,
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: choices(OrderKind::ALL, OrderKind::code, OrderKind::label),
        term_kinds: choices(TermKind::ALL, TermKind::code, TermKind::label),
        scopes: choices(TravelScope::ALL, TravelScope::code, TravelScope::label),
        term_rows: (0..rows).collect(),
    }
}

pub async fn new_order(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    Ok(render(StatusCode::OK, &order_form(&user, id, heading, FormData::default(), FormErrors::default())))
}

/// `GET /people/{id}/orders/{order_id}/correct`: the form filled in from an
/// order never varied, renewed or discharged (one that has been is withdrawn
/// and recorded again instead).
pub async fn correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, order)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, o) = order_context(&s, &user, &id, &order).await?;
    if !o.changes.is_empty() {
        return Err(AppError::NotFound.into());
    }
    let mut v = FormData::default();
    v.set("corrects", o.id.to_string());
    v.set("type", o.kind.code());
    v.set("court", o.court.clone().unwrap_or_default());
    v.set_date("made", Some(o.made));
    v.set_date("served", o.served);
    v.set_date("ends", o.ends);
    for (r, t) in o.terms.iter().take(MAX_ROWS).enumerate() {
        v.set(&format!("terms-{r}-kind"), t.kind.code());
        v.set(&format!("terms-{r}-wording"), t.wording.clone());
        v.set(&format!("terms-{r}-responsible_person"), t.responsible_person.clone().unwrap_or_default());
        v.set_date(&format!("terms-{r}-ends"), t.ends);
    }
    if let Some(t) = &o.travel_prohibition {
        v.set("travel_prohibition-scope", t.scope.code());
        v.set("travel_prohibition-countries", t.countries.join(", "));
        v.set_date("travel_prohibition-ends", Some(t.ends));
        v.set("travel_prohibition-passport_station", t.passport.station.clone().unwrap_or_default());
        v.set_date("travel_prohibition-passport_surrendered", t.passport.surrendered);
    }
    Ok(render(StatusCode::OK, &order_form(&user, id, heading, v, FormErrors::default())))
}

fn order_input(f: &FormData) -> (OrderInput, Vec<(String, String)>) {
    let mut rename = vec![("travel_prohibition.countries".to_string(), "travel_prohibition-countries".to_string())];
    for i in 0..10 {
        rename.push((format!("travel_prohibition.countries[{i}]"), "travel_prohibition-countries".to_string()));
    }
    let mut terms = Vec::new();
    for r in 0..MAX_ROWS {
        let p = |n: &str| format!("terms-{r}-{n}");
        if f.opt(&p("wording")).is_none() && f.opt(&p("kind")).is_none() && f.opt(&p("responsible_person")).is_none() {
            continue;
        }
        let i = terms.len();
        for n in ["kind", "wording", "responsible_person", "ends"] {
            rename.push((format!("terms[{i}].{n}"), p(n)));
        }
        terms.push(TermInput {
            kind: f.opt(&p("kind")),
            wording: f.opt(&p("wording")),
            responsible_person: f.opt(&p("responsible_person")),
            ends: f.date(&p("ends")),
        });
    }
    let t = |n: &str| format!("travel_prohibition-{n}");
    let travel_given = f.opt(&t("scope")).is_some()
        || f.opt(&t("countries")).is_some()
        || f.opt(&t("passport_station")).is_some()
        || f.date(&t("ends")).is_some()
        || f.date(&t("passport_surrendered")).is_some();
    let travel = travel_given.then(|| TravelInput {
        scope: f.opt(&t("scope")),
        countries: f
            .opt(&t("countries"))
            .map(|c| c.split([',', ';']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()),
        ends: f.date(&t("ends")),
        passport_station: f.opt(&t("passport_station")),
        passport_surrendered: f.date(&t("passport_surrendered")),
    });
    let input = OrderInput {
        order_type: f.opt("type"),
        court: f.opt("court"),
        made: f.date("made"),
        served: f.date("served"),
        ends: f.date("ends"),
        terms: Some(terms),
        travel_prohibition: travel,
    };
    (input, rename)
}

fn errors_for(v: &ValidationErrors, rename: &[(String, String)], dates: &[String]) -> FormErrors {
    let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
    FormErrors::from_validation(v, &rename, &dates)
}

pub async fn add_order(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    if f.form.adding() {
        let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await?;
        return Ok(render(StatusCode::OK, &order_form(&f.user, id, heading, f.form, FormErrors::default())));
    }
    let (input, mut rename) = order_input(&f.form);
    rename.push(("item_id".into(), "reason".into()));
    let result = match corrects(&f.form)? {
        Some(item) => {
            let why = f.form.opt("reason");
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), FactInput::Order(&input)).await.map(|_| ())
        }
        None => s.app.add_order(&f.user.actor, id, &input).await.map(|_| ()),
    };
    match result {
        Ok(()) => Ok(back(&s, id, "orders", done_action(&f.form, AuditAction::OrderCreate))),
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await?;
            let dates: Vec<String> =
                ["made", "served", "ends", "travel_prohibition-ends", "travel_prohibition-passport_surrendered"]
                    .iter()
                    .map(|s| s.to_string())
                    .chain((0..MAX_ROWS).map(|r| format!("terms-{r}-ends")))
                    .collect();
            let errors = errors_for(&v, &rename, &dates);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &order_form(&f.user, id, heading, f.form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- change an order, passport ----------

#[derive(Template)]
#[template(path = "orders_change.html")]
struct ChangePage {
    layout: Layout,
    id: NominalId,
    order_id: ItemId,
    heading: String,
    order_title: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    has_travel: bool,
}

async fn order_context(
    s: &AppState,
    user: &PageUser,
    raw_id: &str,
    raw_order: &str,
) -> Result<(NominalId, String, CivilOrder), AppError> {
    let (id, heading) = form_context(s, user, raw_id, RecordAction::Edit).await?;
    let order: ItemId = raw_order.parse().map_err(|_| AppError::NotFound)?;
    let o = s.app.order_for_form(&user.actor, id, order).await?;
    Ok((id, heading, o))
}

fn change_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    o: &CivilOrder,
    v: FormData,
    errors: FormErrors,
) -> ChangePage {
    let title = if errors.any() { "Error: Record a change to an order" } else { "Record a change to an order" };
    ChangePage {
        layout: Layout::new(title, Some(user), ""),
        id,
        order_id: o.id,
        heading,
        order_title: order_title(o),
        errors,
        v,
        kinds: choices(ChangeKind::ALL, ChangeKind::code, ChangeKind::label),
        has_travel: o.travel_prohibition.is_some(),
    }
}

pub async fn change_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, order)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, o) = order_context(&s, &user, &id, &order).await?;
    Ok(render(StatusCode::OK, &change_page(&user, id, heading, &o, FormData::default(), FormErrors::default())))
}

pub async fn change(State(s): State<AppState>, Path((id, order)): Path<(String, String)>, f: PageForm) -> PageResult {
    let (id, heading, o) = order_context(&s, &f.user, &id, &order).await?;
    let v = &f.form;
    let input = ChangeInput {
        kind: v.opt("kind"),
        date: v.date("date"),
        reason: v.opt("reason"),
        ends: v.date("ends"),
        until_further_order: v.opt("until_further_order").is_some(),
        travel_prohibition_ends: v.date("travel_prohibition_ends"),
        add_terms: None,
    };
    match s.app.change_order(&f.user.actor, id, o.id, &input).await {
        Ok(_) => Ok(back(&s, id, "orders", AuditAction::OrderVariation)),
        Err(AppError::Invalid(e)) => {
            let dates = ["date", "ends", "travel_prohibition_ends"].map(String::from);
            let errors = errors_for(&e, &[], &dates);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &change_page(&f.user, id, heading, &o, f.form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders_passport.html")]
struct PassportPage {
    layout: Layout,
    id: NominalId,
    order_id: ItemId,
    heading: String,
    order_title: String,
    errors: FormErrors,
    v: FormData,
}

fn passport_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    o: &CivilOrder,
    v: FormData,
    errors: FormErrors,
) -> PassportPage {
    let title =
        if errors.any() { "Error: Record passport surrender or return" } else { "Record passport surrender or return" };
    PassportPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        order_id: o.id,
        heading,
        order_title: order_title(o),
        errors,
        v,
    }
}

pub async fn passport_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, order)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, o) = order_context(&s, &user, &id, &order).await?;
    let Some(t) = &o.travel_prohibition else { return Err(AppError::NotFound.into()) };
    let mut v = FormData::default();
    if let Some(st) = &t.passport.station {
        v.set("station", st);
    }
    v.set_date("surrendered", t.passport.surrendered);
    v.set_date("returned", t.passport.returned);
    Ok(render(StatusCode::OK, &passport_page(&user, id, heading, &o, v, FormErrors::default())))
}

pub async fn passport(State(s): State<AppState>, Path((id, order)): Path<(String, String)>, f: PageForm) -> PageResult {
    let (id, heading, o) = order_context(&s, &f.user, &id, &order).await?;
    let input = PassportInput {
        station: f.form.opt("station"),
        surrendered: f.form.date("surrendered"),
        returned: f.form.date("returned"),
    };
    match s.app.record_passport(&f.user.actor, id, o.id, &input).await {
        Ok(_) => Ok(back(&s, id, "orders", AuditAction::OrderPassport)),
        Err(AppError::Invalid(e)) => {
            let errors = errors_for(&e, &[], &["surrendered".into(), "returned".into()]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &passport_page(&f.user, id, heading, &o, f.form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- licence and recall ----------

const LICENCE_DATES: [(&str, &str); 10] = [
    ("release_date", "Release date"),
    ("crd", "Conditional release date (CRD, optional)"),
    ("ard", "Automatic release date (ARD, optional)"),
    ("led", "Licence expiry date (LED, optional)"),
    ("sed", "Sentence expiry date (SED, optional)"),
    ("pss_end", "Post-sentence or top-up supervision ends (optional)"),
    ("ped", "Parole eligibility date (PED, optional)"),
    ("hdced", "Home detention curfew eligibility date (HDCED, optional)"),
    ("hdcad", "Home detention curfew approved date (HDCAD, optional)"),
    ("prrd", "Post-recall release date (PRRD, optional)"),
];

pub struct DateField {
    pub id: String,
    pub legend: String,
}

pub struct StandardChoice {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "orders_licence.html")]
struct LicencePage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    dates: Vec<DateField>,
    standard: Vec<StandardChoice>,
    condition_types: Vec<Choice>,
    disposals: Vec<Choice>,
    condition_rows: Vec<usize>,
}

/// The licence form; the record (for its caption and its convictions) is
/// read once, audited as a form opened.
async fn licence_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    v: FormData,
    errors: FormErrors,
) -> Result<LicencePage, AppError> {
    let title = if errors.any() { "Error: Record a licence" } else { "Record a licence" };
    let record = s.app.record_for_form(&user.actor, id).await?;
    Ok(LicencePage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading: record.details.display_name(),
        errors,
        v,
        dates: LICENCE_DATES.iter().map(|(i, l)| DateField { id: i.to_string(), legend: l.to_string() }).collect(),
        standard: StandardCondition::ALL
            .iter()
            .map(|c| StandardChoice { id: format!("standard-{}", c.code()), label: c.label().into() })
            .collect(),
        condition_types: choices(ConditionType::ALL, ConditionType::code, ConditionType::label),
        disposals: record
            .disposals
            .iter()
            .map(|d| Choice { value: d.id.to_string(), label: format!("{} on {}", d.kind.label(), long_date(d.date)) })
            .collect(),
        condition_rows: (0..CONDITION_ROWS).collect(),
    })
}

pub async fn licence_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let mut v = FormData::default();
    for c in StandardCondition::ALL {
        v.set(&format!("standard-{}", c.code()), "yes");
    }
    Ok(render(StatusCode::OK, &licence_page(&s, &user, id, v, FormErrors::default()).await?))
}

pub async fn record_licence(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let v = &f.form;
    let mut rename = Vec::new();
    let mut conditions = Vec::new();
    for r in 0..CONDITION_ROWS {
        let p = |n: &str| format!("additional_conditions-{r}-{n}");
        if f.form.opt(&p("type")).is_none() && f.form.opt(&p("wording")).is_none() {
            continue;
        }
        let i = conditions.len();
        for n in ["type", "wording", "curfew_start", "curfew_end", "gps", "requested_through_mappa", "review_by"] {
            rename.push((format!("additional_conditions[{i}].{n}"), p(n)));
        }
        conditions.push(ConditionInput {
            kind: v.opt(&p("type")),
            wording: v.opt(&p("wording")),
            curfew_start: v.opt(&p("curfew_start")),
            curfew_end: v.opt(&p("curfew_end")),
            gps: v.opt(&p("gps")).is_some(),
            requested_through_mappa: v.opt(&p("requested_through_mappa")).is_some(),
            review_by: v.date(&p("review_by")),
        });
    }
    let input = LicenceInput {
        disposal_id: v.opt("disposal_id"),
        release_date: v.date("release_date"),
        crd: v.date("crd"),
        ard: v.date("ard"),
        led: v.date("led"),
        sed: v.date("sed"),
        pss_end: v.date("pss_end"),
        ped: v.date("ped"),
        hdced: v.date("hdced"),
        hdcad: v.date("hdcad"),
        prrd: v.date("prrd"),
        standard_conditions: Some(
            StandardCondition::ALL
                .iter()
                .filter(|c| v.opt(&format!("standard-{}", c.code())).is_some())
                .map(|c| c.code().to_string())
                .collect(),
        ),
        additional_conditions: Some(conditions),
    };
    match s.app.record_licence(&f.user.actor, id, &input).await {
        Ok(_) => Ok(back(&s, id, "licence", AuditAction::LicenceCreate)),
        Err(AppError::Invalid(e)) => {
            let mut dates: Vec<String> = LICENCE_DATES.iter().map(|(i, _)| i.to_string()).collect();
            dates.extend((0..CONDITION_ROWS).map(|r| format!("additional_conditions-{r}-review_by")));
            let errors = errors_for(&e, &rename, &dates);
            let page = licence_page(&s, &f.user, id, f.form, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders_recall.html")]
struct RecallPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    types: Vec<Choice>,
}

fn recall_page(user: &PageUser, id: NominalId, heading: String, v: FormData, errors: FormErrors) -> RecallPage {
    let title = if errors.any() { "Error: Record a recall" } else { "Record a recall" };
    RecallPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        types: choices(RecallType::ALL, RecallType::code, RecallType::label),
    }
}

pub async fn recall_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    Ok(render(StatusCode::OK, &recall_page(&user, id, heading, FormData::default(), FormErrors::default())))
}

pub async fn record_recall(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let input =
        RecallInput { date: f.form.date("date"), recall_type: f.form.opt("type"), reasons: f.form.opt("reasons") };
    match s.app.record_recall(&f.user.actor, id, &input).await {
        Ok(_) => Ok(back(&s, id, "licence", AuditAction::LicenceRecall)),
        Err(AppError::Invalid(e)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await?;
            let errors = errors_for(&e, &[], &["date".into()]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &recall_page(&f.user, id, heading, f.form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders_condition_review.html")]
struct ConditionReviewPage {
    layout: Layout,
    id: NominalId,
    condition: ItemId,
    heading: String,
    kind: String,
    wording: String,
    errors: FormErrors,
    v: FormData,
}

/// The review form for one additional condition of the current licence
/// (LIC-A14); anything else is not found.
async fn condition_review_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    condition: ItemId,
    heading: String,
    v: FormData,
    errors: FormErrors,
) -> Result<ConditionReviewPage, AppError> {
    let licences = s.app.licences(&user.actor, id).await?;
    let c = licences
        .iter()
        .filter(|l| l.superseded_at.is_none())
        .flat_map(|l| l.additional_conditions.iter())
        .find(|c| c.id == condition)
        .ok_or(AppError::NotFound)?;
    let title = if errors.any() { "Error: Review a licence condition" } else { "Review a licence condition" };
    Ok(ConditionReviewPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        condition,
        heading,
        kind: c.kind.label().into(),
        wording: c.wording.clone(),
        errors,
        v,
    })
}

fn condition_id(raw: &str) -> Result<ItemId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

pub async fn condition_review_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, condition)): Path<(String, String)>,
) -> PageResult {
    let (id, heading) = form_context(&s, &user, &id, RecordAction::Edit).await?;
    let page = condition_review_page(
        &s,
        &user,
        id,
        condition_id(&condition)?,
        heading,
        FormData::default(),
        FormErrors::default(),
    )
    .await?;
    Ok(render(StatusCode::OK, &page))
}

pub async fn review_condition(
    State(s): State<AppState>,
    Path((id, condition)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let id = parse_id(&id)?;
    let condition = condition_id(&condition)?;
    let input =
        ConditionReviewInput { reviewed_on: f.form.date("reviewed_on"), next_review_by: f.form.date("next_review_by") };
    match s.app.review_licence_condition(&f.user.actor, id, condition, &input).await {
        Ok(_) => Ok(back(&s, id, "licence", AuditAction::LicenceConditionReview)),
        Err(AppError::Invalid(e)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await?;
            let errors = errors_for(&e, &[], &["reviewed_on".into(), "next_review_by".into()]);
            let page = condition_review_page(&s, &f.user, id, condition, heading, f.form, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}
