//! Pages about people: caseload, search, add, view, edit, history, and the
//! forms for addresses, decisions and sharing.

use super::corrections::{Fix, corrects, done_action, standing};
use super::forms::{FormData, FormErrors};
use super::record_frame::{RecordFrame, Section, frame};
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use mappa_app::{AppError, FactInput, HISTORY_PAGE, StandingFact};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Access, RecordAction, record_access};
use mappa_domain::address::{AddressInput, AddressKind};
use mappa_domain::audit_action::ActionKind;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::characteristics::Characteristic;
use mappa_domain::corrections::FactKind;
use mappa_domain::identifiers::IdentifierKind;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::mappa_case::{DecisionInput, category_label};
use mappa_domain::nominal::{Build, DescriptionInput, Gender, IdentifierInput, NameKind, NominalInput, OtherNameInput};
use mappa_domain::record::{NominalRecord, NominalSummary};
use std::collections::HashMap;

/// A record id from the path; one that does not parse is simply not found.
pub(super) fn parse_id(raw: &str) -> Result<NominalId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

// ---------- search ----------

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    text: String,
    searched: bool,
    results: Vec<NominalSummary>,
    truncated: bool,
    errors: FormErrors,
}

fn search_page(user: &PageUser, text: String) -> SearchPage {
    SearchPage {
        layout: Layout::new("Search", Some(user), "search"),
        text,
        searched: false,
        results: vec![],
        truncated: false,
        errors: FormErrors::default(),
    }
}

/// Only the roles that work cases search; anyone else is told so, as the
/// search itself would.
pub async fn search_form(user: PageUser) -> PageResult {
    if !user.actor.works_cases() {
        return Err(AppError::Forbidden.into());
    }
    Ok(render(StatusCode::OK, &search_page(&user, String::new())))
}

/// The search form posts its text, so that names and dates of birth never
/// appear in a URL, a proxy's log or the browser's history.
pub async fn search(State(s): State<AppState>, f: PageForm) -> PageResult {
    let text = f.form.get("text").to_string();
    let mut page = search_page(&f.user, text.clone());
    let status = match s.app.search(&f.user.actor, &text).await {
        Ok(r) => {
            page.truncated = r.len() as i64 >= mappa_app::SEARCH_LIMIT;
            page.results = r;
            page.searched = true;
            StatusCode::OK
        }
        Err(AppError::Invalid(v)) => {
            page.errors = FormErrors::from_validation(&v, &[], &[]);
            page.layout.title = format!("Error: {}", page.layout.title);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(e.into()),
    };
    Ok(render(status, &page))
}

// ---------- the person form (add and edit) ----------

/// One select option.
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn choices(list: impl IntoIterator<Item = (String, String)>) -> Vec<Choice> {
    list.into_iter().map(|(value, label)| Choice { value, label }).collect()
}

/// A select list for one protected characteristic.
pub struct CharacteristicField {
    pub id: String,
    pub label: &'static str,
    pub options: Vec<Choice>,
    /// A long list (nationality): typed into, with JavaScript.
    pub autocomplete: bool,
}

#[derive(Template)]
#[template(path = "person_form.html")]
struct PersonForm {
    layout: Layout,
    heading: String,
    action: String,
    cancel: String,
    errors: FormErrors,
    v: FormData,
    genders: Vec<Choice>,
    name_kinds: Vec<Choice>,
    identifier_kinds: Vec<Choice>,
    builds: Vec<Choice>,
    characteristics: Vec<CharacteristicField>,
    name_rows: Vec<usize>,
    identifier_rows: Vec<usize>,
    dob_rows: Vec<usize>,
}

impl PersonForm {
    fn new(layout: Layout, heading: &str, action: String, cancel: String, v: FormData, errors: FormErrors) -> Self {
        let name_rows = (0..v.rows("other_names", 1)).collect();
        let identifier_rows = (0..v.rows("identifiers", 1)).collect();
        let dob_rows = (0..v.rows("other_dates_of_birth", 1)).collect();
        let mut characteristics = Vec::new();
        for c in Characteristic::ALL {
            let mut options = vec![
                Choice { value: "not_asked".into(), label: "Not yet asked".into() },
                Choice { value: "declined".into(), label: "Declined to say".into() },
            ];
            options.extend(choices(c.options()));
            characteristics.push(CharacteristicField {
                id: format!("protected_characteristics-{}", c.field()),
                label: c.label(),
                options,
                autocomplete: *c == Characteristic::Nationality,
            });
        }
        PersonForm {
            layout,
            heading: heading.to_string(),
            action,
            cancel,
            errors,
            v,
            genders: choices(Gender::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string()))),
            name_kinds: choices(NameKind::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string()))),
            identifier_kinds: choices(
                IdentifierKind::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string())),
            ),
            builds: choices(Build::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string()))),
            characteristics,
            name_rows,
            identifier_rows,
            dob_rows,
        }
    }
}

/// The form's fields as the domain's input, with the renames that map the
/// domain's field paths back to the form's ids (blank rows are skipped, so
/// list positions differ), and any error the form itself finds.
/// The filled rows of a list of (kind select, value input) pairs, named
/// `LIST-ROW-kind` and `LIST-ROW-VALUE`. Rows with no value are left out, so
/// each kept row's list position is renamed back to its form row for errors.
fn kind_value_rows(
    f: &FormData,
    list: &str,
    value: &str,
    rename: &mut Vec<(String, String)>,
) -> Vec<(Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for row in 0.. {
        let (k, v) = (format!("{list}-{row}-kind"), format!("{list}-{row}-{value}"));
        if !f.0.contains_key(&k) && !f.0.contains_key(&v) {
            break;
        }
        if f.opt(&v).is_none() {
            continue;
        }
        let i = out.len();
        rename.push((format!("{list}[{i}].kind"), k.clone()));
        rename.push((format!("{list}[{i}].{value}"), v.clone()));
        out.push((f.opt(&k), f.opt(&v)));
    }
    out
}

fn person_input(f: &FormData) -> (NominalInput, Vec<(String, String)>, ValidationErrors) {
    let mut rename = Vec::new();
    let mut pre = ValidationErrors::new();
    let other_names = kind_value_rows(f, "other_names", "name", &mut rename)
        .into_iter()
        .map(|(kind, name)| OtherNameInput { kind, name })
        .collect();
    let identifiers = kind_value_rows(f, "identifiers", "value", &mut rename)
        .into_iter()
        .map(|(kind, value)| IdentifierInput { kind, value })
        .collect();
    let mut dobs = Vec::new();
    for row in 0..200 {
        let name = format!("other_dates_of_birth-{row}");
        if !f.0.contains_key(&format!("{name}-day")) {
            break;
        }
        if let Some(d) = f.date(&name) {
            rename.push((format!("other_dates_of_birth[{}]", dobs.len()), name));
            dobs.push(d);
        }
    }
    let height_cm = match f.opt("physical_description-height_cm") {
        None => None,
        Some(h) => match h.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                pre.add(
                    "physical_description.height_cm",
                    "not_a_number",
                    "Height must be a whole number of centimetres",
                );
                None
            }
        },
    };
    let mut pc = mappa_domain::characteristics::CharacteristicsInput::default();
    for c in Characteristic::ALL {
        let v = f.opt(&format!("protected_characteristics-{}", c.field()));
        let mut one = mappa_domain::characteristics::CharacteristicsInput::default();
        set_characteristic(&mut one, *c, v);
        pc.overlay(&one);
    }
    let input = NominalInput {
        surname: f.opt("surname"),
        forenames: f.opt("forenames"),
        date_of_birth: f.date("date_of_birth"),
        other_dates_of_birth: Some(dobs),
        gender: f.opt("gender"),
        other_names: Some(other_names),
        identifiers: Some(identifiers),
        physical_description: Some(DescriptionInput {
            height_cm,
            build: f.opt("physical_description-build"),
            eye_colour: f.opt("physical_description-eye_colour"),
            hair_colour: f.opt("physical_description-hair_colour"),
            distinguishing_marks: f.opt("physical_description-distinguishing_marks"),
        }),
        protected_characteristics: Some(pc),
    };
    (input, rename, pre)
}

fn set_characteristic(
    i: &mut mappa_domain::characteristics::CharacteristicsInput,
    c: Characteristic,
    v: Option<String>,
) {
    let slot = match c {
        Characteristic::Ethnicity => &mut i.ethnicity,
        Characteristic::Religion => &mut i.religion,
        Characteristic::Disability => &mut i.disability,
        Characteristic::SexualOrientation => &mut i.sexual_orientation,
        Characteristic::GenderIdentity => &mut i.gender_identity,
        Characteristic::Nationality => &mut i.nationality,
        Characteristic::FirstLanguage => &mut i.first_language,
        Characteristic::InterpreterNeeded => &mut i.interpreter_needed,
    };
    *slot = v;
}

/// The form values that show a stored record.
fn person_values(r: &NominalRecord) -> FormData {
    let d = &r.details;
    let mut f = FormData::default();
    f.set("surname", &d.surname);
    f.set("forenames", &d.forenames);
    f.set_date("date_of_birth", Some(d.date_of_birth));
    f.set("gender", d.gender.code());
    for (i, n) in d.other_names.iter().enumerate() {
        f.set(&format!("other_names-{i}-kind"), n.kind.code());
        f.set(&format!("other_names-{i}-name"), &n.name);
    }
    for (i, x) in d.identifiers.iter().enumerate() {
        f.set(&format!("identifiers-{i}-kind"), x.kind.code());
        f.set(&format!("identifiers-{i}-value"), &x.value);
    }
    for (i, dob) in d.other_dates_of_birth.iter().enumerate() {
        f.set_date(&format!("other_dates_of_birth-{i}"), Some(*dob));
    }
    let p = &d.physical_description;
    if let Some(h) = p.height_cm {
        f.set("physical_description-height_cm", h.to_string());
    }
    if let Some(b) = p.build {
        f.set("physical_description-build", b.code());
    }
    for (k, v) in [
        ("eye_colour", &p.eye_colour),
        ("hair_colour", &p.hair_colour),
        ("distinguishing_marks", &p.distinguishing_marks),
    ] {
        if let Some(v) = v {
            f.set(&format!("physical_description-{k}"), v);
        }
    }
    for c in Characteristic::ALL {
        f.set(&format!("protected_characteristics-{}", c.field()), d.protected_characteristics.get(*c).code());
    }
    f.set("version", r.version.to_string());
    f
}

fn person_errors(v: &ValidationErrors, rename: &[(String, String)]) -> FormErrors {
    let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dates: Vec<String> = std::iter::once("date_of_birth".to_string())
        .chain(rename.iter().filter(|(_, to)| to.starts_with("other_dates_of_birth")).map(|(_, to)| to.to_string()))
        .collect();
    let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
    FormErrors::from_validation(v, &rename, &dates)
}

pub async fn new_form(user: PageUser) -> PageResult {
    if !user.actor.may_create_records() {
        return Err(AppError::Forbidden.into());
    }
    let page = PersonForm::new(
        Layout::new("Add a person", Some(&user), "new"),
        "Add a person",
        "/people/new".into(),
        "/".into(),
        FormData::default(),
        FormErrors::default(),
    );
    Ok(render(StatusCode::OK, &page))
}

pub async fn create(State(s): State<AppState>, f: PageForm) -> PageResult {
    if f.form.adding() {
        let page = PersonForm::new(
            Layout::new("Add a person", Some(&f.user), "new"),
            "Add a person",
            "/people/new".into(),
            "/".into(),
            f.form,
            FormErrors::default(),
        );
        return Ok(render(StatusCode::OK, &page));
    }
    let (input, rename, pre) = person_input(&f.form);
    let result = if pre.is_empty() {
        s.app.create_nominal(&f.user.actor, &input).await
    } else {
        Err(AppError::Invalid(form_and_domain_errors(pre, &input, s.app.today())))
    };
    match result {
        Ok(record) => Ok(super::done(&s, &format!("/people/{}", record.id), AuditAction::NominalCreate)),
        Err(AppError::Invalid(v)) => {
            let errors = person_errors(&v, &rename);
            let page = PersonForm::new(
                Layout::new("Error: Add a person", Some(&f.user), "new"),
                "Add a person",
                "/people/new".into(),
                "/".into(),
                f.form,
                errors,
            );
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// The form's own errors followed by the domain's, so one submission shows
/// every problem at once.
fn form_and_domain_errors(
    mut pre: ValidationErrors,
    input: &NominalInput,
    today: jiff::civil::Date,
) -> ValidationErrors {
    if let Err(more) = input.parse(today) {
        pre.0.extend(more.0.into_iter().filter(|e| e.field != "physical_description.height_cm"));
    }
    pre
}

pub async fn edit_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let record = s.app.nominal_for_edit(&user.actor, id).await?;
    let heading = format!("Edit {}", record.details.display_name());
    let page = PersonForm::new(
        Layout::new(&heading, Some(&user), ""),
        &heading,
        format!("/people/{id}/edit"),
        format!("/people/{id}/details"),
        person_values(&record),
        FormErrors::default(),
    );
    Ok(render(StatusCode::OK, &page))
}

pub async fn update(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    if f.form.adding() {
        // The record is read again for the policy's leave, as the form was.
        s.app.nominal_for_edit(&f.user.actor, id).await?;
        let heading = format!("Edit {}", f.form.get("surname"));
        let page = PersonForm::new(
            Layout::new(&heading, Some(&f.user), ""),
            &heading,
            format!("/people/{id}/edit"),
            format!("/people/{id}/details"),
            f.form,
            FormErrors::default(),
        );
        return Ok(render(StatusCode::OK, &page));
    }
    let (input, rename, pre) = person_input(&f.form);
    let version = f.form.get("version").parse::<i64>().ok();
    let result = if pre.is_empty() {
        s.app.update_nominal(&f.user.actor, id, input, version).await
    } else {
        Err(AppError::Invalid(form_and_domain_errors(pre, &input, s.app.today())))
    };
    match result {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}/details"), AuditAction::NominalUpdate)),
        Err(AppError::Invalid(v)) => {
            let heading = format!("Edit {}", f.form.get("surname"));
            let errors = person_errors(&v, &rename);
            let page = PersonForm::new(
                Layout::new(format!("Error: {heading}"), Some(&f.user), ""),
                &heading,
                format!("/people/{id}/edit"),
                format!("/people/{id}/details"),
                f.form,
                errors,
            );
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- the record ----------

/// A labelled line of a summary list.
pub struct Row {
    pub key: String,
    pub value: String,
}

pub(super) fn row(key: impl Into<String>, value: impl Into<String>) -> Row {
    let value = value.into();
    Row { key: key.into(), value: if value.is_empty() { "Not recorded".into() } else { value } }
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    layout: Layout,
    r: NominalRecord,
    heading: String,
    identity: Vec<Row>,
    description: Vec<Row>,
    characteristics: Vec<Row>,
    case: Vec<Row>,
    /// Worked out for the overview only.
    compliance: Option<super::compliance::RecordSection>,
    section: Section,
    frame: RecordFrame,
    can_edit: bool,
    can_decide: bool,
    can_refer: bool,
    /// The latest decision on the category and on the level: only these can
    /// be corrected or withdrawn.
    fixable_decisions: Vec<ItemId>,
}

/// `GET /people/{id}`: the overview (MAPPA case, notification and obligations).
pub async fn show(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    record_page(s, user, id, Section::Overview).await
}

/// `GET /people/{id}/details`: identity, addresses, description, sharing.
pub async fn details(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    record_page(s, user, id, Section::Details).await
}

/// `GET /people/{id}/convictions`.
pub async fn convictions(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    record_page(s, user, id, Section::Convictions).await
}

async fn record_page(s: AppState, user: PageUser, id: String, section: Section) -> PageResult {
    let id = parse_id(&id)?;
    let r = s.app.view_nominal(&user.actor, id).await?;
    let reach = mappa_domain::record::reach_of(r.owning_agency.id, &r.shares);
    let allowed = |a| record_access(&user.actor, &reach, a) == Access::Allowed;
    let d = &r.details;
    let identity = vec![
        row("Surname", &d.surname),
        row("Forenames", &d.forenames),
        row("Date of birth", long_date(d.date_of_birth)),
        row(
            "Other dates of birth",
            d.other_dates_of_birth.iter().map(|x| long_date(*x)).collect::<Vec<_>>().join("; "),
        ),
        row("Gender", d.gender.label()),
        row(
            "Other names",
            d.other_names
                .iter()
                .map(|n| format!("{} ({})", n.name, n.kind.label().to_lowercase()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        row(
            "Identifiers",
            d.identifiers.iter().map(|x| format!("{}: {}", x.kind.label(), x.value)).collect::<Vec<_>>().join("; "),
        ),
        row("Owning agency", &r.owning_agency.name),
        row("Offender manager", r.offender_manager.as_ref().map(|m| m.name.clone()).unwrap_or_default()),
    ];
    let p = &d.physical_description;
    let description = vec![
        row("Height", p.height_cm.map(|h| format!("{h} cm")).unwrap_or_default()),
        row("Build", p.build.map(|b| b.label()).unwrap_or_default()),
        row("Eye colour", p.eye_colour.clone().unwrap_or_default()),
        row("Hair colour", p.hair_colour.clone().unwrap_or_default()),
        row("Distinguishing marks", p.distinguishing_marks.clone().unwrap_or_default()),
    ];
    let characteristics = Characteristic::ALL
        .iter()
        .map(|c| {
            let a = d.protected_characteristics.get(*c);
            row(c.label(), c.label_of(a.code()).unwrap_or_else(|| a.code().to_string()))
        })
        .collect();
    let m = &r.mappa;
    let case = vec![
        row("Category", category_label(m.category)),
        row("Level", m.level.map(|l| format!("Level {l}")).unwrap_or_default()),
        row("Lead agency", r.lead_agency.as_ref().map(|a| a.name.clone()).unwrap_or_default()),
        row("Area", m.owning_area.clone().unwrap_or_default()),
        row("Status", m.status.label()),
        row("Start date", m.start_date.map(long_date).unwrap_or_default()),
        row("Exit date", m.exit_date.map(long_date).unwrap_or_default()),
    ];
    let heading = d.display_name();
    let compliance = match section {
        Section::Overview => {
            Some(super::compliance::record_section(&s, &user, id, allowed(RecordAction::Notify)).await?)
        }
        _ => None,
    };
    let frame = frame(&s, &user, id, section).await?;
    let mut fixable_decisions: Vec<ItemId> = Vec::new();
    for kind in [mappa_domain::mappa_case::DecisionKind::Category, mappa_domain::mappa_case::DecisionKind::Level] {
        fixable_decisions.extend(r.decisions.iter().find(|d| d.kind == kind).map(|d| d.id));
    }
    let page = PersonPage {
        fixable_decisions,
        layout: Layout::new(
            match section {
                Section::Overview => heading.clone(),
                Section::Details => format!("Personal details: {heading}"),
                _ => format!("Convictions, cautions and findings: {heading}"),
            },
            Some(&user),
            "",
        ),
        heading,
        identity,
        description,
        characteristics,
        case,
        compliance,
        section,
        frame,
        can_edit: allowed(RecordAction::Edit),
        can_decide: allowed(RecordAction::Decide),
        can_refer: allowed(RecordAction::Contribute),
        r,
    };
    Ok(render(StatusCode::OK, &page))
}

/// "4 March 2019", the GOV.UK date style.
pub fn long_date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

// ---------- history ----------

pub struct HistoryRow {
    pub when: String,
    pub who: String,
    pub agency: String,
    pub what: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    layout: Layout,
    frame: RecordFrame,
    heading: String,
    id: NominalId,
    rows: Vec<HistoryRow>,
    /// Which events: "changes" (the default), "views", "access" or "all".
    show: &'static str,
    shows: &'static [(&'static str, &'static str, Option<ActionKind>)],
    /// "Showing 1 to 50 of 123 (changes).", or that there are none.
    count: String,
    paging: super::Paging,
}

/// The history's filters: (code, label, the kind of event).
const HISTORY_SHOWS: &[(&str, &str, Option<ActionKind>)] = &[
    ("changes", "Changes", Some(ActionKind::Change)),
    ("views", "Views", Some(ActionKind::View)),
    ("access", "Sign-ins and refusals", Some(ActionKind::Access)),
    ("all", "Everything", None),
];

/// Plain words for audit actions.
pub fn describe_action(action: &str) -> &'static str {
    mappa_domain::audit_action::AuditAction::from_code(action).map_or("Other change", |a| a.label())
}

/// When an audit record was written, as a UK clock showed it: "1 November
/// 2026 at 9:15am".
pub(super) fn audit_time(at: String) -> String {
    let london = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    at.parse::<jiff::Timestamp>()
        .map(|t| t.to_zoned(london).strftime("%-d %B %Y at %-I:%M%P").to_string())
        .unwrap_or(at)
}

pub async fn history(
    State(s): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let id = parse_id(&id)?;
    let (show, label, kind) = q
        .get("show")
        .and_then(|v| HISTORY_SHOWS.iter().find(|(code, _, _)| code == v))
        .copied()
        .unwrap_or(HISTORY_SHOWS[0]);
    let offset = q.get("offset").and_then(|o| o.parse::<i64>().ok()).unwrap_or(0).max(0);
    let trail = s.app.history(&user.actor, id, kind, offset).await?;
    let paging = super::Paging::new(offset, trail.events.len(), trail.total, HISTORY_PAGE, |at| {
        format!("/people/{id}/history?show={show}&offset={at}")
    });
    let rows = trail
        .events
        .into_iter()
        .map(|event| {
            let e = event.shown.record;
            HistoryRow {
                when: audit_time(e.at),
                who: event.actor_name.unwrap_or(e.actor_username),
                agency: event.agency_name.or(e.actor_agency).unwrap_or_default(),
                what: describe_action(&e.action).to_string(),
                reason: e.reason.unwrap_or_default(),
            }
        })
        .collect();
    let words = label.to_lowercase();
    let count =
        if paging.total == 0 { format!("No {words} recorded.") } else { format!("{} ({words}).", paging.count("")) };
    Ok(render(
        StatusCode::OK,
        &HistoryPage {
            frame: frame(&s, &user, id, Section::History).await?,
            layout: Layout::new("History", Some(&user), ""),
            heading: trail.display_name,
            id,
            rows,
            show,
            shows: HISTORY_SHOWS,
            count,
            paging,
        },
    ))
}

// ---------- small forms: address, decision, share ----------

#[derive(Template)]
#[template(path = "address_form.html")]
struct AddressPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
    fix: Option<Fix>,
}

fn address_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
    fix: Option<Fix>,
) -> AddressPage {
    let title = Fix::title(&fix, "Add an address", "Correct an address", &errors);
    AddressPage { layout: Layout::new(title, Some(user), ""), id, heading, errors, v, kinds: address_kinds(), fix }
}

/// `GET /people/{id}/addresses/{item}/correct`: the address form filled in from the entry.
pub async fn address_correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::Address, &item).await?;
    let StandingFact::Address(a) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = FormData::default();
    v.set("kind", a.kind.code());
    for (k, x) in [
        ("line1", &a.line1),
        ("line2", &a.line2),
        ("town", &a.town),
        ("postcode", &a.postcode),
        ("place_description", &a.place_description),
    ] {
        v.set(k, x.clone().unwrap_or_default());
    }
    v.set_date("from", Some(a.from));
    v.set_date("to", a.to);
    let fix = Some(Fix { item: item.to_string() });
    Ok(render(StatusCode::OK, &address_page(&user, id, heading, v, FormErrors::default(), fix)))
}

/// The record's name for a form's caption, once the policy allows `action`.
pub(super) async fn heading_for(
    s: &AppState,
    user: &PageUser,
    id: NominalId,
    action: RecordAction,
) -> Result<String, AppError> {
    s.app.record_heading(&user.actor, id, action).await
}

/// What a record's small form needs first: the id from the path, the policy's
/// leave for `action`, and the record's name for the caption.
pub(super) async fn form_context(
    s: &AppState,
    user: &PageUser,
    raw_id: &str,
    action: RecordAction,
) -> Result<(NominalId, String), AppError> {
    let id = parse_id(raw_id)?;
    Ok((id, heading_for(s, user, id, action).await?))
}

fn address_kinds() -> Vec<Choice> {
    choices(AddressKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())))
}

pub async fn address_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    match form_context(&s, &user, &id, RecordAction::Edit).await {
        Ok((id, name)) => {
            Ok(render(StatusCode::OK, &address_page(&user, id, name, FormData::default(), FormErrors::default(), None)))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_address(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let input = AddressInput {
        kind: f.form.opt("kind"),
        line1: f.form.opt("line1"),
        line2: f.form.opt("line2"),
        town: f.form.opt("town"),
        postcode: f.form.opt("postcode"),
        place_description: f.form.opt("place_description"),
        from: f.form.date("from"),
        to: f.form.date("to"),
    };
    let result = match corrects(&f.form)? {
        Some(item) => {
            let why = f.form.opt("reason");
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), FactInput::Address(&input)).await
        }
        None => s.app.add_address(&f.user.actor, id, &input).await,
    };
    match result {
        Ok(_) => Ok(super::done(
            &s,
            &format!("/people/{id}/details#addresses"),
            done_action(&f.form, AuditAction::AddressCreate),
        )),
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Edit).await.unwrap_or_default();
            let errors = FormErrors::from_validation(&v, &[("item_id", "reason")], &["from", "to"]);
            let fix = Fix::of(&f.form);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &address_page(&f.user, id, heading, f.form, errors, fix)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "decision_form.html")]
struct DecisionPage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    fix: Option<Fix>,
}

fn decision_page(
    user: &PageUser,
    id: NominalId,
    heading: String,
    v: FormData,
    errors: FormErrors,
    fix: Option<Fix>,
) -> DecisionPage {
    let title = Fix::title(&fix, "Record a MAPPA decision", "Correct a MAPPA decision", &errors);
    DecisionPage { layout: Layout::new(title, Some(user), ""), id, heading, errors, v, fix }
}

/// `GET /people/{id}/decisions/{item}/correct`: the decision form filled in from the entry.
pub async fn decision_correct_form(
    State(s): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> PageResult {
    let (id, heading, item, fact) = standing(&s, &user, &id, FactKind::Decision, &item).await?;
    let StandingFact::Decision(d) = fact else { return Err(AppError::NotFound.into()) };
    let mut v = FormData::default();
    let value = d.to_value.map(|x| x.to_string()).unwrap_or_else(|| "none".into());
    v.set("decision", format!("{}-{value}", d.kind.code()));
    v.set("rationale", d.rationale);
    v.set_date("effective_date", Some(d.effective_date));
    let fix = Some(Fix { item: item.to_string() });
    Ok(render(StatusCode::OK, &decision_page(&user, id, heading, v, FormErrors::default(), fix)))
}

pub async fn decision_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    match form_context(&s, &user, &id, RecordAction::Decide).await {
        Ok((id, name)) => Ok(render(
            StatusCode::OK,
            &decision_page(&user, id, name, FormData::default(), FormErrors::default(), None),
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn add_decision(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    // One radio group carries both what is decided and the value: "category-2", "level-3", "category-none".
    let choice = f.form.get("decision");
    let (kind, value) = match choice.split_once('-') {
        Some((k, "none")) => (Some(k.to_string()), None),
        Some((k, v)) => (Some(k.to_string()), v.parse::<i64>().ok()),
        None => (None, None),
    };
    let input = DecisionInput {
        kind,
        value,
        rationale: f.form.opt("rationale"),
        effective_date: f.form.date("effective_date"),
    };
    let result = match corrects(&f.form)? {
        Some(item) => {
            let why = f.form.opt("reason");
            s.app.correct_fact(&f.user.actor, id, item, why.as_deref(), FactInput::Decision(&input)).await.map(|_| ())
        }
        None => s.app.record_decision(&f.user.actor, id, &input).await.map(|_| ()),
    };
    match result {
        Ok(()) => Ok(super::done(&s, &format!("/people/{id}#mappa"), done_action(&f.form, AuditAction::MappaDecision))),
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Decide).await.unwrap_or_default();
            let rename = [("kind", "decision"), ("value", "decision"), ("item_id", "reason")];
            let errors = FormErrors::from_validation(&v, &rename, &["effective_date"]);
            let fix = Fix::of(&f.form);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &decision_page(&f.user, id, heading, f.form, errors, fix)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "share_form.html")]
struct SharePage {
    layout: Layout,
    id: NominalId,
    heading: String,
    errors: FormErrors,
    v: FormData,
    agencies: Vec<Choice>,
}

async fn agency_choices(s: &AppState, user: &PageUser) -> Vec<Choice> {
    s.app
        .agencies()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.id != user.actor.agency_id)
        .map(|a| Choice { value: a.code, label: format!("{} ({})", a.name, a.kind.label()) })
        .collect()
}

pub async fn share_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    match form_context(&s, &user, &id, RecordAction::Share).await {
        Ok((id, name)) => {
            let agencies = agency_choices(&s, &user).await;
            Ok(render(
                StatusCode::OK,
                &SharePage {
                    layout: Layout::new("Share with another agency", Some(&user), ""),
                    id,
                    heading: name,
                    errors: FormErrors::default(),
                    v: FormData::default(),
                    agencies,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_share(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = parse_id(&id)?;
    let agency = f.form.get("agency").to_string();
    let result = if agency.trim().is_empty() {
        Err(AppError::Invalid(ValidationErrors::single("agency", "required", "Select the agency to share with")))
    } else {
        s.app.share(&f.user.actor, id, &agency, f.form.opt("reason").as_deref()).await
    };
    match result {
        Ok(_) => Ok(super::done(&s, &format!("/people/{id}/details#sharing"), AuditAction::ShareCreate)),
        Err(AppError::Invalid(v)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Share).await.unwrap_or_default();
            let errors = FormErrors::from_validation(&v, &[], &[]);
            let agencies = agency_choices(&s, &f.user).await;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SharePage {
                    layout: Layout::new("Error: Share with another agency", Some(&f.user), ""),
                    id,
                    heading,
                    errors,
                    v: f.form,
                    agencies,
                },
            ))
        }
        Err(AppError::Conflict(_)) => {
            let heading = heading_for(&s, &f.user, id, RecordAction::Share).await.unwrap_or_default();
            let agencies = agency_choices(&s, &f.user).await;
            let errors = FormErrors::one("agency", "The record is already shared with that agency");
            Ok(render(
                StatusCode::CONFLICT,
                &SharePage {
                    layout: Layout::new("Error: Share with another agency", Some(&f.user), ""),
                    id,
                    heading,
                    errors,
                    v: f.form,
                    agencies,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn withdraw_share(
    State(s): State<AppState>,
    Path((id, share)): Path<(String, String)>,
    f: PageForm,
) -> PageResult {
    let (Ok(id), Ok(share)) = (id.parse::<NominalId>(), share.parse::<ItemId>()) else {
        return Err(AppError::NotFound.into());
    };
    match s.app.withdraw_share(&f.user.actor, id, share, f.form.opt("reason").as_deref()).await {
        Ok(()) => Ok(super::done(&s, &format!("/people/{id}/details#sharing"), AuditAction::ShareWithdraw)),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_skipped_and_errors_map_back_to_their_row() {
        let f = FormData::parse(b"surname=A&forenames=B&gender=male&date_of_birth-day=1&date_of_birth-month=1&date_of_birth-year=1980&other_names-0-kind=alias&other_names-0-name=&other_names-1-kind=moniker&other_names-1-name=Z");
        let (input, rename, pre) = person_input(&f);
        assert!(pre.is_empty());
        let e = input.parse(jiff::civil::date(2026, 1, 1)).unwrap_err();
        let errors = person_errors(&e, &rename);
        assert_eq!(errors.items[0].0, "other_names-1-kind");
    }

    #[test]
    fn dates_read_the_gov_uk_way() {
        assert_eq!(long_date(jiff::civil::date(2019, 3, 4)), "4 March 2019");
    }
}
