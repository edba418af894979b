//! The rules engine as a what-if calculator for practitioners: fill in the
//! facts, read the obligations and how each was worked out. Nothing is stored.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, Row, long_date};
use super::{Layout, PageForm, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use mappa_domain::disposal::{DisposalKind, SentenceType};
use mappa_domain::rules::{Assessment, FactsError, Step};
use serde_json::{Map, Value, json};

const DISPOSAL_ROWS: usize = 3;
const CUSTODY_ROWS: usize = 2;
const NOTIFICATION_ROWS: usize = 2;
const ORDER_ROWS: usize = 2;

const ORDER_TYPES: &[(&str, &str)] = &[
    ("shpo", "Sexual harm prevention order"),
    ("interim_shpo", "Interim sexual harm prevention order"),
    ("sopo", "Sexual offences prevention order (legacy)"),
    ("interim_sopo", "Interim sexual offences prevention order (legacy)"),
    ("sro", "Sexual risk order"),
    ("interim_sro", "Interim sexual risk order"),
    ("spo", "Stalking protection order"),
    ("dapo", "Domestic abuse protection order"),
    ("rosho", "Risk of sexual harm order (legacy)"),
    ("fto", "Foreign travel order (legacy)"),
    ("notification_order", "Notification order"),
    ("interim_notification_order", "Interim notification order"),
];

const NOTIFICATION_KINDS: &[(&str, &str)] = &[
    ("initial", "Initial notification"),
    ("change", "Change of details"),
    ("periodic", "Periodic (annual or weekly) notification"),
    ("regulations_only", "2012 Regulations details only (bank, passport, child household)"),
];

/// One step of a worked answer.
pub struct StepView {
    pub rule: String,
    pub citation: String,
    pub text: String,
    pub configuration: String,
}

/// One section of the answer: facts found, and how.
pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
    pub steps: Vec<StepView>,
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    layout: Layout,
    errors: FormErrors,
    v: FormData,
    disposal_rows: Vec<usize>,
    custody_rows: Vec<usize>,
    notification_rows: Vec<usize>,
    order_rows: Vec<usize>,
    disposal_kinds: Vec<Choice>,
    sentence_types: Vec<Choice>,
    order_types: Vec<Choice>,
    notification_kinds: Vec<Choice>,
    result: Vec<Section>,
}

fn page(user: &PageUser, v: FormData, errors: FormErrors, result: Vec<Section>) -> RulesPage {
    let title = if errors.any() { "Error: Rules calculator" } else { "Rules calculator" };
    let choice = |list: &[(&str, &str)]| {
        list.iter().map(|(c, l)| Choice { value: c.to_string(), label: l.to_string() }).collect()
    };
    RulesPage {
        layout: Layout::new(title, Some(user), "rules"),
        errors,
        v,
        disposal_rows: (0..DISPOSAL_ROWS).collect(),
        custody_rows: (0..CUSTODY_ROWS).collect(),
        notification_rows: (0..NOTIFICATION_ROWS).collect(),
        order_rows: (0..ORDER_ROWS).collect(),
        disposal_kinds: DisposalKind::ALL
            .iter()
            .map(|k| Choice { value: k.code().into(), label: k.label().into() })
            .collect(),
        sentence_types: SentenceType::ALL
            .iter()
            .map(|k| Choice { value: k.code().into(), label: k.label().into() })
            .collect(),
        order_types: choice(ORDER_TYPES),
        notification_kinds: choice(NOTIFICATION_KINDS),
        result,
    }
}

pub async fn show(State(s): State<AppState>, user: PageUser) -> Response {
    let mut v = FormData::default();
    v.set_date("as_of", Some(s.app.today()));
    render(StatusCode::OK, &page(&user, v, FormErrors::default(), vec![]))
}

pub async fn submit(State(s): State<AppState>, f: PageForm) -> Response {
    let (facts, rows) = facts_from_form(&f.form);
    match s.app.assess_facts(&f.user.actor, &facts.to_string()) {
        Ok(a) => render(StatusCode::OK, &page(&f.user, f.form, FormErrors::default(), sections(&a))),
        Err(e) => {
            let errors = form_errors(&e, &rows);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(&f.user, f.form, errors, vec![]))
        }
    }
}

/// Which form row each list entry of the facts came from (blank rows are left out).
#[derive(Default)]
struct RowMap(Vec<(&'static str, Vec<usize>)>);

impl RowMap {
    fn row(&self, list: &str, index: usize) -> Option<usize> {
        self.0.iter().find(|(l, _)| *l == list).and_then(|(_, rows)| rows.get(index).copied())
    }
}

/// A number if the text is one, else the text itself, so the engine names the
/// field whose value is wrong.
fn number_or_text(raw: &str) -> Value {
    raw.trim().parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(raw.trim()))
}

fn facts_from_form(f: &FormData) -> (Value, RowMap) {
    let mut facts = Map::new();
    let mut rows = RowMap::default();
    let date = |m: &mut Map<String, Value>, key: &str, id: &str| {
        if let Some(d) = f.date(id) {
            m.insert(key.into(), Value::from(d));
        }
    };
    date(&mut facts, "as_of", "as_of");
    date(&mut facts, "date_of_birth", "date_of_birth");
    if f.opt("no_fixed_abode").is_some() {
        facts.insert("no_fixed_abode".into(), Value::from(true));
    }
    let mut disposals = Vec::new();
    let mut used = Vec::new();
    for r in 0..DISPOSAL_ROWS {
        let p = |x: &str| format!("disposals-{r}-{x}");
        let Some(kind) = f.opt(&p("kind")) else {
            continue;
        };
        let mut d = Map::new();
        d.insert("id".into(), Value::from(format!("d{}", r + 1)));
        d.insert("kind".into(), Value::from(kind));
        date(&mut d, "date", &p("date"));
        for marker in ["schedule_3", "schedule_15", "murder", "terrorism"] {
            d.insert(marker.into(), Value::from(f.opt(&p(marker)).is_some()));
        }
        let mut sentence = Map::new();
        if let Some(t) = f.opt(&p("sentence_type")) {
            sentence.insert("type".into(), Value::from(t));
        }
        for n in ["term_months", "term_days", "period_months"] {
            if let Some(x) = f.opt(&p(n)) {
                sentence.insert(n.into(), number_or_text(&x));
            }
        }
        if !sentence.is_empty() {
            d.insert("sentence".into(), Value::Object(sentence));
        }
        disposals.push(Value::Object(d));
        used.push(r);
    }
    facts.insert("disposals".into(), Value::from(disposals));
    rows.0.push(("disposals", used));
    for (list, count) in [("custody", CUSTODY_ROWS), ("hospital", 1), ("abroad", 1)] {
        let mut periods = Vec::new();
        let mut used = Vec::new();
        for r in 0..count {
            let from = f.date(&format!("{list}-{r}-from"));
            let to = f.date(&format!("{list}-{r}-to"));
            if from.is_none() && to.is_none() {
                continue;
            }
            periods.push(json!({"from": from, "to": to}));
            used.push(r);
        }
        facts.insert(list.into(), Value::from(periods));
        rows.0.push((list, used));
    }
    let mut notifications = Vec::new();
    let mut used = Vec::new();
    for r in 0..NOTIFICATION_ROWS {
        let d = f.date(&format!("notifications-{r}-date"));
        let k = f.opt(&format!("notifications-{r}-kind"));
        if d.is_none() && k.is_none() {
            continue;
        }
        notifications.push(json!({"date": d, "kind": k}));
        used.push(r);
    }
    facts.insert("notifications".into(), Value::from(notifications));
    rows.0.push(("notifications", used));
    let mut orders = Vec::new();
    let mut used = Vec::new();
    for r in 0..ORDER_ROWS {
        let p = |x: &str| format!("orders-{r}-{x}");
        let Some(t) = f.opt(&p("type")) else { continue };
        let mut o = Map::new();
        o.insert("id".into(), Value::from(format!("o{}", r + 1)));
        o.insert("type".into(), Value::from(t));
        for key in ["made", "served", "ends", "foreign_travel_prohibition_ends"] {
            date(&mut o, key, &p(key));
        }
        if let Some(b) = f.date(&p("breach")) {
            o.insert("breach_convictions".into(), json!([b]));
        }
        orders.push(Value::Object(o));
        used.push(r);
    }
    facts.insert("orders".into(), Value::from(orders));
    rows.0.push(("orders", used));
    let mut foreign = Vec::new();
    let mut used = Vec::new();
    if let Some(kind) = f.opt("foreign_convictions-0-kind") {
        let mut c = Map::new();
        c.insert("id".into(), Value::from("f1"));
        c.insert("kind".into(), Value::from(kind));
        date(&mut c, "date", "foreign_convictions-0-date");
        date(&mut c, "notification_order_served", "foreign_convictions-0-notification_order_served");
        let mut sentence = Map::new();
        if let Some(t) = f.opt("foreign_convictions-0-sentence_type") {
            sentence.insert("type".into(), Value::from(t));
        }
        if let Some(x) = f.opt("foreign_convictions-0-term_months") {
            sentence.insert("term_months".into(), number_or_text(&x));
        }
        c.insert("equivalent_sentence".into(), Value::Object(sentence));
        foreign.push(Value::Object(c));
        used.push(0);
    }
    facts.insert("foreign_convictions".into(), Value::from(foreign));
    rows.0.push(("foreign_convictions", used));
    if let Some(d) = f.date("category_3_decision-date") {
        facts.insert("category_3_decision".into(), json!({"date": d, "ended": f.date("category_3_decision-ended")}));
    }
    let mut licence = Map::new();
    date(&mut licence, "led", "licence-led");
    date(&mut licence, "sed", "licence-sed");
    if !licence.is_empty() {
        facts.insert("licence".into(), Value::Object(licence));
    }
    (Value::Object(facts), rows)
}

/// The form field an engine path points at: `disposals[0].sentence.term_months`
/// → `disposals-R-term_months`, R being the form row the entry came from.
fn field_for(path: &str, rows: &RowMap) -> String {
    let Some((list, rest)) = path.split_once('[') else {
        return path.replace('.', "-");
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return list.to_string();
    };
    let Some(row) = index.parse().ok().and_then(|i| rows.row(list, i)) else {
        return list.to_string();
    };
    let tail = tail.trim_start_matches('.');
    let field = match tail {
        "" => first_field(list),
        "sentence" | "sentence.type" | "equivalent_sentence" | "equivalent_sentence.type" => "sentence_type",
        t if t.starts_with("breach_convictions") => "breach",
        t => t.strip_prefix("sentence.").or_else(|| t.strip_prefix("equivalent_sentence.")).unwrap_or(t),
    };
    format!("{list}-{row}-{field}")
}

fn first_field(list: &str) -> &'static str {
    match list {
        "disposals" => "kind",
        "orders" => "type",
        "foreign_convictions" => "kind",
        "notifications" => "date",
        _ => "from",
    }
}

fn is_date_field(id: &str) -> bool {
    ["as_of", "date_of_birth", "licence-led", "licence-sed"].contains(&id)
        || ["-date", "-from", "-to", "-made", "-served", "-ends", "-breach", "-ended"].iter().any(|s| id.ends_with(s))
}

fn form_errors(e: &FactsError, rows: &RowMap) -> FormErrors {
    let mut out = FormErrors::default();
    for p in &e.problems {
        let id = if p.path == "(document)" { "as_of".to_string() } else { field_for(&p.path, rows) };
        if out.has(&id) {
            continue;
        }
        let href = if is_date_field(&id) { format!("#{id}-day") } else { format!("#{id}") };
        out.items.push((id, href, format!("{} {}", label_for(&p.path), p.message)));
    }
    out
}

/// The engine speaks in field paths; the page in the words of its labels:
/// `disposals[1].sentence.term_months` → "Conviction, caution or finding 2: term in months".
fn label_for(path: &str) -> String {
    let field_words = |f: &str| match f {
        "" | "kind" => "outcome".to_string(),
        "sentence" | "sentence.type" => "sentence".into(),
        "sentence.term_months" => "term in months".into(),
        "sentence.term_days" => "term in days".into(),
        "sentence.period_months" => "conditional discharge period".into(),
        "type" => "type of order".into(),
        "foreign_travel_prohibition_ends" => "foreign travel prohibition end".into(),
        "led" => "licence expiry date".into(),
        "sed" => "sentence expiry date".into(),
        other => other.replace(['_', '.'], " "),
    };
    let Some((list, rest)) = path.split_once('[') else {
        return match path {
            "as_of" => "Date of assessment".into(),
            "date_of_birth" => "Date of birth".into(),
            p => {
                let w = field_words(p.trim_start_matches("licence."));
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        };
    };
    let (index, tail) = rest.split_once(']').unwrap_or((rest, ""));
    let n = index.parse::<usize>().map(|i| i + 1).unwrap_or(1);
    let list = match list {
        "disposals" => "Conviction, caution or finding",
        "custody" => "Custody",
        "hospital" => "Hospital",
        "abroad" => "Abroad",
        "notifications" => "Notification",
        "orders" => "Order",
        "foreign_convictions" => "Conviction abroad",
        other => other,
    };
    format!("{list} {n}: {}", field_words(tail.trim_start_matches('.')))
}

fn date_text(d: Option<Date>) -> String {
    d.map(long_date).unwrap_or_else(|| "None".into())
}

fn steps(list: &[Step], names: &[(String, String)]) -> Vec<StepView> {
    list.iter()
        .map(|s| StepView {
            rule: s.rule.to_string(),
            citation: super::plain::plain(s.citation, &[]),
            text: super::plain::plain(&s.text, names),
            configuration: s.configuration.join(", "),
        })
        .collect()
}

/// The form's rows by what they are: `d2` is "conviction, caution or finding 2".
fn row_names(a: &Assessment) -> Vec<(String, String)> {
    let mut ids: Vec<&str> = a.notification.periods.iter().map(|p| p.source.as_str()).collect();
    ids.extend(a.orders.iter().map(|o| o.id.as_str()));
    let mut names: Vec<(String, String)> = ids
        .into_iter()
        .filter_map(|id| {
            let (what, n) = match id.split_at_checked(1)? {
                ("d", n) => ("conviction, caution or finding", n),
                ("o", n) => ("order", n),
                ("f", n) => ("conviction abroad", n),
                _ => return None,
            };
            n.parse::<usize>().ok().map(|n| (id.to_string(), format!("{what} {n}")))
        })
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    names.dedup_by(|a, b| a.0 == b.0);
    names
}

/// A notification period's length in words: "10 years", "indefinite".
fn length_words(length: &mappa_domain::rules::PeriodLength) -> String {
    let raw = serde_json::to_value(length).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let Some(iso) = raw.strip_prefix('P') else {
        return raw.replace('_', " ");
    };
    let mut out = Vec::new();
    let mut number = String::new();
    for c in iso.chars() {
        match c {
            '0'..='9' => number.push(c),
            unit => {
                let word = match unit {
                    'Y' => "year",
                    'M' => "month",
                    'W' => "week",
                    'D' => "day",
                    _ => continue,
                };
                let plural = if number == "1" { "" } else { "s" };
                out.push(format!("{number} {word}{plural}"));
                number.clear();
            }
        }
    }
    out.join(" ")
}

fn row(key: &str, value: String) -> Row {
    Row { key: key.into(), value }
}

fn sections(a: &Assessment) -> Vec<Section> {
    let n = &a.notification;
    let yes_no = |b: bool| {
        if b { "Yes".to_string() } else { "No".to_string() }
    };
    let mut notification = vec![
        row("Subject to notification on the date of assessment", yes_no(n.subject)),
        row("Indefinite", yes_no(n.indefinite)),
        row("Last day subject", if n.indefinite { "Indefinite".into() } else { date_text(n.ends) }),
        row("Initial notification due", date_text(n.initial_due)),
        row("Next periodic notification due", date_text(n.next_periodic_due)),
        row("Qualifying date for review of indefinite notification", date_text(n.review_qualifying_date)),
    ];
    let names = row_names(a);
    let name = |id: &str| names.iter().find(|(k, _)| k == id).map_or_else(|| id.to_string(), |(_, v)| v.clone());
    for p in &n.periods {
        notification.push(row(
            &format!("Period from {}", name(&p.source)),
            format!("{}, from {} to {}", length_words(&p.length), long_date(p.starts), date_text(p.ends)),
        ));
    }
    let mut out = vec![Section {
        heading: "Notification requirements".into(),
        rows: notification,
        steps: steps(&n.explanation, &names),
    }];
    for o in &a.orders {
        out.push(Section {
            heading: super::plain::capitalised(&name(&o.id)),
            rows: vec![
                row("In force", yes_no(o.in_force)),
                row("Earliest end", date_text(o.earliest_end)),
                row(
                    "Ends",
                    if o.ends.is_none() && o.in_force { "Until further order".into() } else { date_text(o.ends) },
                ),
                row("Foreign travel prohibition ends", date_text(o.foreign_travel_prohibition_ends)),
                row("Makes the person subject to notification", yes_no(o.makes_subject_to_notification)),
            ],
            steps: steps(&o.explanation, &names),
        });
    }
    let m = &a.mappa;
    out.push(Section {
        heading: "MAPPA eligibility".into(),
        rows: vec![
            row("Eligible", yes_no(m.eligible)),
            row("Category", mappa_domain::mappa_case::category_label(m.category).into()),
            row("Exit date", date_text(m.exit_date)),
        ],
        steps: steps(&m.explanation, &names),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_paths_point_at_the_form_row_they_came_from() {
        let f = FormData::parse(b"disposals-0-kind=&disposals-1-kind=caution&disposals-1-term_months=6&as_of-day=1&as_of-month=1&as_of-year=2025");
        let (facts, rows) = facts_from_form(&f);
        assert_eq!(facts["disposals"][0]["id"], "d2");
        assert_eq!(facts["disposals"][0]["sentence"]["term_months"], 6);
        assert_eq!(field_for("disposals[0].sentence.term_months", &rows), "disposals-1-term_months");
        assert_eq!(field_for("disposals[0].sentence.type", &rows), "disposals-1-sentence_type");
        assert_eq!(field_for("disposals[0]", &rows), "disposals-1-kind");
        assert_eq!(field_for("licence.led", &rows), "licence-led");
        assert!(is_date_field("custody-0-from"));
        assert_eq!(label_for("disposals[0].sentence.term_months"), "Conviction, caution or finding 1: term in months");
        assert_eq!(label_for("licence.led"), "Licence expiry date");
        assert_eq!(label_for("custody[1].to"), "Custody 2: to");
        let f = FormData::parse(b"orders-1-type=sro&orders-1-made-day=1&orders-1-made-month=1&orders-1-made-year=2020&orders-1-breach-day=1&orders-1-breach-month=6&orders-1-breach-year=2021&foreign_convictions-0-kind=conviction&category_3_decision-date-day=2&category_3_decision-date-month=2&category_3_decision-date-year=2022");
        let (facts, rows) = facts_from_form(&f);
        assert_eq!(facts["orders"][0]["breach_convictions"][0], "2021-06-01");
        assert_eq!(facts["foreign_convictions"][0]["id"], "f1");
        assert_eq!(facts["category_3_decision"]["date"], "2022-02-02");
        assert_eq!(field_for("orders[0].breach_convictions[0]", &rows), "orders-1-breach");
        assert_eq!(
            field_for("foreign_convictions[0].equivalent_sentence.term_months", &rows),
            "foreign_convictions-0-term_months"
        );
        assert_eq!(field_for("category_3_decision.date", &rows), "category_3_decision-date");
    }
}
