//! The front counter (journey 1): taking a notification in person
//! (NOTIF-13) and the acknowledgement given to the person.

use super::compliance::{DueLine, due_lines};
use super::corrections::{Fix, corrects, done_action, standing};
use super::forms::{FormData, FormErrors};
use super::people::{Choice, heading_for, long_date, parse_id};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_app::{AppError, FactInput, StandingFact};
use mappa_domain::access::RecordAction;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::corrections::FactKind;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::notifications::{
    BankAccount, Card, ChangeInput, ChildHouseholdInput, DocumentInput, DocumentKind, Notification, NotificationInput,
    NotificationKind, NotifiedChange, TravelInput,
};

/// Date inputs on the form (three boxes each), for the error links.
const DATE_FIELDS: &[&str] = &[
    "date",
    "changes_date",
    "identity_documents-0-expires",
    "child_household-from",
    "travel-departure_date",
    "travel-return_date",
    "returned_on",
];

/// What the person last notified, for the counter officer.
pub struct LastNotified {
    pub date: String,
    pub kind: &'static str,
}

/// Which parts of the form a kind of notification asks (NOTIF-13 to
/// NOTIF-44): one kind at a time, so that the counter officer sees only the
/// questions that apply.
#[derive(Clone, Copy, Default)]
pub struct Sections {
    /// The changes notified and when they happened (NOTIF-20 to NOTIF-24).
    pub changes: bool,
    /// Name and addresses (s83 and s84 details).
    pub details: bool,
    /// Bank accounts, cards, identity documents, a household with a child
    /// (the 2012 Regulations).
    pub regulations: bool,
    pub travel: bool,
    pub returned: bool,
}

impl Sections {
    pub fn of(kind: NotificationKind) -> Self {
        let none = Sections::default();
        match kind {
            NotificationKind::Initial | NotificationKind::Periodic => {
                Sections { details: true, regulations: true, ..none }
            }
            NotificationKind::Change => Sections { changes: true, details: true, ..none },
            NotificationKind::RegulationsOnly => Sections { regulations: true, ..none },
            NotificationKind::ForeignTravel => Sections { travel: true, ..none },
            NotificationKind::TravelReturn => Sections { returned: true, ..none },
        }
    }
}

#[derive(Template)]
#[template(path = "notification_form.html")]
struct NotificationPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    /// The kind chosen on the first page; None asks for it first.
    kind: Option<NotificationKind>,
    sections: Sections,
    changes: Vec<Choice>,
    documents: Vec<Choice>,
    countries: Vec<Choice>,
    last: Option<LastNotified>,
    due: Vec<DueLine>,
    /// The obligations could not be worked out from the stored facts.
    due_unknown: bool,
    fix: Option<Fix>,
}

fn code_choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|k| Choice { value: code(*k).into(), label: label(*k).into() }).collect()
}

async fn notification_page(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
) -> Result<NotificationPage, AppError> {
    let fix = Fix::of(&v);
    let title = Fix::title(&fix, "Record a notification", "Correct a notification", &errors);
    let kind = NotificationKind::from_code(v.get("kind"));
    let last = s
        .app
        .notifications(&user.actor, id)
        .await?
        .into_iter()
        .next()
        .map(|n| LastNotified { date: long_date(n.date), kind: n.kind.label() });
    // The obligations read is audited by the use case (principle 1).
    let (due, due_unknown) = match s.app.obligations(&user.actor, id, None).await {
        Ok(view) => (due_lines(&view.compliance.obligations, s.app.today()), false),
        Err(AppError::Invalid(_)) => (Vec::new(), true),
        Err(e) => return Err(e),
    };
    Ok(NotificationPage {
        layout: Layout::new(title, Some(user), ""),
        id,
        heading,
        errors,
        v,
        kinds: code_choices(NotificationKind::ALL, NotificationKind::code, NotificationKind::label),
        kind,
        sections: kind.map(Sections::of).unwrap_or_default(),
        changes: code_choices(NotifiedChange::ALL, NotifiedChange::code, NotifiedChange::label),
        documents: code_choices(DocumentKind::ALL, DocumentKind::code, DocumentKind::label),
        countries: mappa_domain::characteristics::countries()
            .into_iter()
            .map(|(code, name)| Choice { value: code.into(), label: name.into() })
            .collect(),
        last,
        due,
        due_unknown,
        fix,
    })
}

/// The form's fields as they were filled in for a stored notification.
fn notification_form_values(n: &Notification) -> FormData {
    let mut v = FormData::default();
    let d = &n.details;
    v.set("kind", n.kind.code());
    v.set_date("date", Some(n.date));
    for c in &d.changes {
        v.set(&format!("change-{}", c.kind.code()), "yes");
        v.set_date("changes_date", Some(c.date));
    }
    let text = |v: &mut FormData, k: &str, x: &Option<String>| v.set(k, x.clone().unwrap_or_default());
    text(&mut v, "name", &d.name);
    text(&mut v, "home_address", &d.home_address);
    text(&mut v, "other_address", &d.other_address);
    if let Some(b) = d.bank_accounts.first() {
        v.set("bank_accounts-0-institution", b.institution.clone());
        v.set("bank_accounts-0-reference", b.reference.clone());
    }
    if let Some(c) = d.cards.first() {
        v.set("cards-0-issuer", c.issuer.clone());
        v.set("cards-0-reference", c.reference.clone());
    }
    if let Some(doc) = d.identity_documents.first() {
        v.set("identity_documents-0-kind", doc.kind.code());
        v.set("identity_documents-0-number", doc.number.clone());
        text(&mut v, "identity_documents-0-issuing_country", &doc.issuing_country);
        v.set_date("identity_documents-0-expires", doc.expires);
    }
    if let Some(h) = &d.child_household {
        v.set("child_household-address", h.address.clone());
        v.set_date("child_household-from", Some(h.from));
        text(&mut v, "child_household-intended_period", &h.intended_period);
    }
    if let Some(t) = &d.travel {
        v.set_date("travel-departure_date", Some(t.departure_date));
        text(&mut v, "travel-departure_time", &t.departure_time);
        v.set("travel-departure_point", t.departure_point.clone());
        v.set("travel-destinations", t.destinations.join(", "));
        text(&mut v, "travel-arrival_point", &t.arrival_point);
        v.set_date("travel-return_date", t.return_date);
        text(&mut v, "travel-return_point", &t.return_point);
        text(&mut v, "travel-carriers", &t.carriers);
        text(&mut v, "travel-first_night_address", &t.first_night_address);
        if t.details_not_known_in_time {
            v.set("travel-details_not_known_in_time", "yes");
        }
    }
    v.set_date("returned_on", d.returned_on);
    for (k, on) in [("photographs_taken", n.photographs_taken), ("fingerprints_taken", n.fingerprints_taken)] {
        if on {
            v.set(k, "yes");
        }
    }
    text(&mut v, "station", &n.station);
    text(&mut v, "notes", &n.notes);
    text(&mut v, "not_subject_reason", &n.not_subject_reason);
    v
}

/// `GET /people/{id}/notifications/{notification_id}/correct`: the form
/// filled in from the notification, to be corrected with a reason.
pub async fn correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::Notification, &item).await?;
    let StandingFact::Notification(n) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = notification_form_values(&n);
    v.set("corrects", item.to_string());
    let page = notification_page(&s, &user, id, heading, v, FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

#[derive(serde::Deserialize)]
pub struct KindQuery {
    kind: Option<String>,
}

/// `GET /people/{id}/notifications/new`: reception and the owning police
/// team (NOTIF-13). First the kind of notification, then (`?kind=`) only the
/// questions of that kind.
pub async fn form(
    State(s): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<KindQuery>,
) -> PageResult {
    let id = parse_id(&id)?;
    let heading = heading_for(&s, &user, id, RecordAction::Notify).await?;
    let mut v = FormData::default();
    v.set_date("date", Some(s.app.today()));
    let mut errors = FormErrors::default();
    match q.kind.as_deref() {
        Some(k) if NotificationKind::from_code(k).is_some() => v.set("kind", k),
        Some(_) => errors = FormErrors::one("kind", "Select the kind of notification"),
        None => {}
    }
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = notification_page(&s, &user, id, heading, v, errors).await?;
    Ok(render(status, &page))
}

fn any(f: &FormData, names: &[&str]) -> bool {
    names.iter().any(|n| f.opt(n).is_some())
}

fn any_date(f: &FormData, name: &str) -> bool {
    ["day", "month", "year"].iter().any(|p| f.opt(&format!("{name}-{p}")).is_some())
}

/// The form's fields as the domain's input, and the renames that take the
/// domain's field paths back to the form's ids. Sections left blank are
/// left out, so that only what was told is checked.
fn notification_input(f: &FormData) -> (NotificationInput, Vec<(String, String)>) {
    let mut rename: Vec<(String, String)> = vec![
        ("changes".into(), "changes".into()),
        ("bank_accounts".into(), "bank_accounts-0-institution".into()),
        ("travel.destinations".into(), "travel-destinations".into()),
    ];
    let changes_date = f.date("changes_date");
    let mut changes = Vec::new();
    for k in NotifiedChange::ALL {
        if f.opt(&format!("change-{}", k.code())).is_some() {
            rename.push((format!("changes[{}].date", changes.len()), "changes_date".into()));
            rename.push((format!("changes[{}].kind", changes.len()), "changes".into()));
            changes.push(ChangeInput { kind: Some(k.code().into()), date: changes_date.clone() });
        }
    }
    let bank_accounts = if any(f, &["bank_accounts-0-institution", "bank_accounts-0-reference"]) {
        vec![BankAccount {
            institution: f.get("bank_accounts-0-institution").trim().into(),
            reference: f.get("bank_accounts-0-reference").trim().into(),
        }]
    } else {
        Vec::new()
    };
    let cards = if any(f, &["cards-0-issuer", "cards-0-reference"]) {
        vec![Card {
            issuer: f.get("cards-0-issuer").trim().into(),
            reference: f.get("cards-0-reference").trim().into(),
        }]
    } else {
        Vec::new()
    };
    let identity_documents = if any(
        f,
        &["identity_documents-0-kind", "identity_documents-0-number", "identity_documents-0-issuing_country"],
    ) || any_date(f, "identity_documents-0-expires")
    {
        vec![DocumentInput {
            kind: f.opt("identity_documents-0-kind"),
            number: f.opt("identity_documents-0-number"),
            issuing_country: f.opt("identity_documents-0-issuing_country"),
            expires: f.date("identity_documents-0-expires"),
        }]
    } else {
        Vec::new()
    };
    let child_household = (any(f, &["child_household-address", "child_household-intended_period"])
        || any_date(f, "child_household-from"))
    .then(|| ChildHouseholdInput {
        address: f.opt("child_household-address"),
        from: f.date("child_household-from"),
        intended_period: f.opt("child_household-intended_period"),
    });
    let destinations: Vec<String> =
        f.get("travel-destinations").split(',').map(str::trim).filter(|d| !d.is_empty()).map(str::to_string).collect();
    for i in 0..destinations.len() {
        rename.push((format!("travel.destinations[{i}]"), "travel-destinations".into()));
    }
    let travel_told = any(
        f,
        &[
            "travel-departure_time",
            "travel-departure_point",
            "travel-destinations",
            "travel-arrival_point",
            "travel-return_point",
            "travel-carriers",
            "travel-first_night_address",
            "travel-details_not_known_in_time",
        ],
    ) || any_date(f, "travel-departure_date")
        || any_date(f, "travel-return_date");
    let travel = travel_told.then(|| TravelInput {
        departure_date: f.date("travel-departure_date"),
        departure_time: f.opt("travel-departure_time"),
        departure_point: f.opt("travel-departure_point"),
        destinations,
        arrival_point: f.opt("travel-arrival_point"),
        return_date: f.date("travel-return_date"),
        return_point: f.opt("travel-return_point"),
        carriers: f.opt("travel-carriers"),
        first_night_address: f.opt("travel-first_night_address"),
        details_not_known_in_time: f.opt("travel-details_not_known_in_time").is_some(),
    });
    let input = NotificationInput {
        date: f.date("date"),
        kind: f.opt("kind"),
        changes,
        name: f.opt("name"),
        home_address: f.opt("home_address"),
        other_address: f.opt("other_address"),
        bank_accounts,
        cards,
        identity_documents,
        child_household,
        travel,
        returned_on: f.date("returned_on"),
        photographs_taken: f.opt("photographs_taken").is_some(),
        fingerprints_taken: f.opt("fingerprints_taken").is_some(),
        station: f.opt("station"),
        notes: f.opt("notes"),
        not_subject_reason: f.opt("not_subject_reason"),
    };
    (input, rename)
}

/// `POST /people/{id}/notifications/new`: on success, the acknowledgement.
pub async fn submit(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let (input, rename) = notification_input(&f.form);
    let correcting = corrects(&f.form)?;
    let result = match correcting {
        Some(item) => {
            let why = f.form.opt("reason");
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), FactInput::Notification(&input)).await
        }
        None => s.app.record_notification(&f.user.actor, id, &input).await.map(|n| n.id),
    };
    match result {
        Ok(n) => {
            let action = done_action(&f.form, AuditAction::NotificationCreate);
            Ok(super::done(&s, &format!("/people/{id}/notifications/{n}"), action))
        }
        Err(AppError::Invalid(v)) => {
            let action = if correcting.is_some() { RecordAction::Edit } else { RecordAction::Notify };
            let heading = heading_for(&s, &f.user, id, action).await?;
            let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let errors = if NotificationKind::from_code(f.form.get("kind")).is_some() {
                let mut rename = rename;
                rename.push(("item_id", "reason"));
                FormErrors::from_validation(&v, &rename, DATE_FIELDS)
            } else {
                // Without a kind the first question is asked again, alone.
                FormErrors::one("kind", "Select the kind of notification")
            };
            let page = notification_page(&s, &f.user, id, heading, f.form, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// A labelled line of the acknowledgement.
pub struct Line {
    pub key: String,
    pub value: String,
}

fn line(out: &mut Vec<Line>, key: &str, value: impl Into<String>) {
    let value = value.into();
    if !value.trim().is_empty() {
        out.push(Line { key: key.into(), value });
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// What was notified, in plain words, for the acknowledgement.
fn notified_lines(n: &Notification) -> Vec<Line> {
    let d = &n.details;
    let mut out = Vec::new();
    for c in &d.changes {
        line(&mut out, "Change", format!("{} on {}", c.kind.label(), long_date(c.date)));
    }
    line(&mut out, "Name", d.name.clone().unwrap_or_default());
    line(&mut out, "Home address", d.home_address.clone().unwrap_or_default());
    line(&mut out, "Other address", d.other_address.clone().unwrap_or_default());
    for b in &d.bank_accounts {
        line(&mut out, "Bank account", format!("{}, {}", b.institution, b.reference));
    }
    for c in &d.cards {
        line(&mut out, "Card", format!("{}, {}", c.issuer, c.reference));
    }
    for doc in &d.identity_documents {
        let mut v = format!("{}: {}", doc.kind.label(), doc.number);
        if let Some(c) = &doc.issuing_country {
            v.push_str(&format!(", issued by {c}"));
        }
        if let Some(e) = doc.expires {
            v.push_str(&format!(", expires {}", long_date(e)));
        }
        line(&mut out, "Identity document", v);
    }
    if let Some(h) = &d.child_household {
        let mut v = format!("{}, from {}", h.address, long_date(h.from));
        if let Some(p) = &h.intended_period {
            v.push_str(&format!(" ({p})"));
        }
        line(&mut out, "Household with a child", v);
    }
    if let Some(t) = &d.travel {
        let mut v = format!("Leaving {} from {}", long_date(t.departure_date), t.departure_point);
        if let Some(time) = &t.departure_time {
            v.push_str(&format!(" at {time}"));
        }
        v.push_str(&format!(" for {}", t.destinations.join(", ")));
        if let Some(a) = &t.arrival_point {
            v.push_str(&format!(", arriving at {a}"));
        }
        line(&mut out, "Foreign travel", v);
        if let Some(r) = t.return_date {
            let point = t.return_point.as_deref().map(|p| format!(" at {p}")).unwrap_or_default();
            line(&mut out, "Return", format!("{}{point}", long_date(r)));
        }
        line(&mut out, "Carriers", t.carriers.clone().unwrap_or_default());
        line(&mut out, "First night's address", t.first_night_address.clone().unwrap_or_default());
        if t.details_not_known_in_time {
            line(&mut out, "Details known", "Not known 7 days before departure (NOTIF-42)");
        }
    }
    if let Some(r) = d.returned_on {
        line(&mut out, "Returned to the UK", long_date(r));
    }
    out
}

#[derive(Template)]
#[template(path = "notification.html")]
struct AcknowledgementPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    date: String,
    kind: &'static str,
    station: String,
    received_by: String,
    photographs: &'static str,
    fingerprints: &'static str,
    notified: Vec<Line>,
    /// (message, rule) for each deadline missed.
    late: Vec<(String, String)>,
    next_due: String,
    not_subject_reason: String,
}

/// `GET /people/{id}/notifications/{nid}`: the printable acknowledgement
/// (NOTIF-13), with any lateness and the next date due (NOTIF-30). The read
/// is audited by the use case.
pub async fn acknowledgement(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, nid)): Path<(String, String)>,
) -> PageResult {
    let id = parse_id(&id)?;
    let nid: ItemId = nid.parse().map_err(|_| AppError::NotFound)?;
    let n = s.app.notification(&user.actor, id, nid).await?;
    let heading = s.app.record_name(&user.actor, id).await?;
    let page = AcknowledgementPage {
        layout: Layout::new("Notification received", Some(&user), ""),
        id,
        heading,
        date: long_date(n.date),
        kind: n.kind.label(),
        station: n.station.clone().unwrap_or_else(|| "Not recorded".into()),
        received_by: n.received_by_name.clone(),
        photographs: yes_no(n.photographs_taken),
        fingerprints: yes_no(n.fingerprints_taken),
        notified: notified_lines(&n),
        late: n.late.iter().map(|l| (l.message.clone(), l.rule.clone())).collect(),
        next_due: n.next_due.map(long_date).unwrap_or_default(),
        not_subject_reason: n.not_subject_reason.clone().unwrap_or_default(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_changes_share_the_one_date_and_errors_map_back() {
        let f = FormData::parse(
            b"date-day=1&date-month=2&date-year=2026&kind=change&change-home_address=yes&change-name=yes\
              &changes_date-day=&changes_date-month=&changes_date-year=&travel-destinations=",
        );
        let (input, rename) = notification_input(&f);
        assert_eq!(input.changes.len(), 2);
        assert!(input.changes.iter().all(|c| c.date.is_none()));
        assert!(input.travel.is_none(), "a blank travel section is left out");
        assert!(rename.contains(&("changes[1].date".into(), "changes_date".into())));
    }

    #[test]
    fn travel_destinations_split_on_commas() {
        let f = FormData::parse(b"kind=foreign_travel&travel-destinations=fr,%20BE&travel-departure_point=Dover");
        let (input, _) = notification_input(&f);
        assert_eq!(input.travel.unwrap().destinations, vec!["fr", "BE"]);
    }
}
