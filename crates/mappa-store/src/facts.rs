//! Loading what the rules engine reads about people: for one person inside a
//! write, or for everyone (the sweep) in a few queries run side by side on
//! separate connections.

use crate::connect::Store;
use crate::error::{Result, StoreError};
use crate::row::{date, opt_date, opt_int, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::ids::NominalId;
use mappa_domain::notifications::NotificationKind;
use mappa_domain::obligations::PersonFacts;
use mappa_domain::periods::{Period, PeriodKind};
use mappa_domain::rules::{
    Category3Decision, Disposal, DisposalKind, Order, ReviewDecision, ReviewOutcome, Sentence, SentenceType,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// One person's stored facts with the agency that owns them.
pub(crate) struct Loaded {
    pub agency: String,
    pub facts: PersonFacts,
}

/// Whose facts to read.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scope {
    /// One person (inside a write to them).
    One(NominalId),
    /// Everyone (a full sweep).
    All,
    /// People never worked out, or due to be worked out again by this day
    /// (`compliance_status.recheck_on`): the daily sweep.
    Due(Date),
}

impl Scope {
    /// A condition on a column holding a person's id; `$1` is the scope's value.
    pub(crate) fn on(self, column: &str) -> String {
        match self {
            Scope::One(_) => format!("{column} = $1"),
            Scope::All => "1 = 1".to_string(),
            Scope::Due(_) => format!(
                "{column} IN (SELECT p.id FROM nominals p LEFT JOIN compliance_status c ON c.nominal_id = p.id \
                 WHERE c.nominal_id IS NULL OR c.recheck_on <= $1)"
            ),
        }
    }

    fn value(self) -> Option<String> {
        match self {
            Scope::One(id) => Some(id.to_string()),
            Scope::All => None,
            Scope::Due(d) => Some(d.to_string()),
        }
    }
}

fn filter(scope: Scope, column: &str) -> String {
    format!(" WHERE {}", scope.on(column))
}

pub(crate) fn and_filter(scope: Scope, column: &str) -> String {
    format!(" AND {}", scope.on(column))
}

pub(crate) async fn fetch(conn: &mut AnyConnection, sql: String, scope: Scope) -> Result<Vec<AnyRow>> {
    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
    let q = match scope.value() {
        Some(v) => q.bind(v),
        None => q,
    };
    Ok(q.fetch_all(conn).await?)
}

/// The person rows, their no-fixed-abode flag (NOTIF-31), Category 3
/// decisions (CAT-3, EXIT-3), civil orders with their breach convictions
/// (SRO-8) and the current licence (EXIT-2).
#[derive(Default)]
struct PeoplePart {
    people: Vec<(String, Date, String)>,
    nfa: Vec<String>,
    category: Vec<(String, Option<i64>, Date)>,
    orders: Vec<(String, Order)>,
    licences: Vec<(String, crate::orders::LicenceFacts)>,
    /// (order id, date of a conviction or caution for breaching it).
    order_breaches: Vec<(String, Date)>,
}

/// What other work reads: review decisions (REV-04, EXIT-1) and undecided
/// applications (REV-07).
#[derive(Default)]
struct WorkPart {
    reviews: Vec<(String, ReviewDecision)>,
    undecided: Vec<(String, String, Date)>,
    /// (nominal id, condition id, review by) for current licences (LIC-A14).
    condition_reviews: Vec<(String, String, Date)>,
    /// (nominal id, work) whose day other records set: PDP reviews (PDP-5).
    dated: Vec<(String, mappa_domain::obligations::Obligation)>,
}

async fn people_part(conn: &mut AnyConnection, scope: Scope) -> Result<PeoplePart> {
    let mut part = PeoplePart::default();
    let sql = format!("SELECT id, date_of_birth, owning_agency_id FROM nominals{}", filter(scope, "id"));
    for r in fetch(conn, sql, scope).await? {
        part.people.push((text(&r, "id")?, date(&r, "date_of_birth")?, text(&r, "owning_agency_id")?));
    }
    let sql = format!(
        "SELECT nominal_id FROM addresses WHERE kind = 'no_fixed_abode' AND to_date IS NULL AND withdrawn_at IS NULL{}",
        and_filter(scope, "nominal_id")
    );
    for r in fetch(conn, sql, scope).await? {
        part.nfa.push(text(&r, "nominal_id")?);
    }
    let sql = format!(
        "SELECT nominal_id, to_value, effective_date FROM mappa_decisions WHERE kind = 'category' AND withdrawn_at IS NULL{} \
         ORDER BY nominal_id, effective_date, decided_at",
        and_filter(scope, "nominal_id")
    );
    for r in fetch(conn, sql, scope).await? {
        part.category.push((text(&r, "nominal_id")?, opt_int(&r, "to_value")?, date(&r, "effective_date")?));
    }
    part.orders = crate::orders::order_facts_on(conn, scope).await?;
    part.licences = crate::orders::licence_facts_on(conn, scope).await?;
    let sql = format!(
        "SELECT b.order_id, o.outcome_date FROM breaches b JOIN breach_outcomes o ON o.breach_id = b.id \
         WHERE b.order_id IS NOT NULL AND o.kind IN ('conviction', 'caution'){}",
        and_filter(scope, "b.nominal_id")
    );
    for r in fetch(conn, sql, scope).await? {
        part.order_breaches.push((text(&r, "order_id")?, date(&r, "outcome_date")?));
    }
    Ok(part)
}

async fn work_part(conn: &mut AnyConnection, scope: Scope) -> Result<WorkPart> {
    let mut part = WorkPart::default();
    let sql = format!(
        "SELECT a.nominal_id, s.stage, s.stage_date, s.outcome, s.further_review_years, s.notice_date \
         FROM review_stages s JOIN review_applications a ON a.id = s.application_id \
         WHERE ((s.stage = 'appeal_decided' AND s.outcome = 'allowed') OR (s.stage = 'decided' AND NOT EXISTS \
         (SELECT 1 FROM review_stages x WHERE x.application_id = s.application_id \
          AND x.stage = 'appeal_decided' AND x.outcome = 'allowed'))){}",
        and_filter(scope, "a.nominal_id")
    );
    for r in fetch(conn, sql, scope).await? {
        // As `ReviewApplication::review_decisions`: a decision is dated the day
        // the offender was given notice; an appeal allowed discharges on the
        // court's decision, in place of the continuation it overturns (REV-08).
        let decided = text(&r, "stage")? == "decided";
        let outcome: Option<String> = opt_text(&r, "outcome")?;
        let decision = if decided && outcome.as_deref() == Some("continue") {
            ReviewDecision {
                date: date(&r, "notice_date")?,
                outcome: ReviewOutcome::Continued,
                further_review_years: opt_int(&r, "further_review_years")?,
            }
        } else {
            let on = if decided { date(&r, "notice_date")? } else { date(&r, "stage_date")? };
            ReviewDecision { date: on, outcome: ReviewOutcome::Discharged, further_review_years: None }
        };
        part.reviews.push((text(&r, "nominal_id")?, decision));
    }
    let sql = format!(
        "SELECT a.nominal_id, a.id, a.received_date FROM review_applications a \
         WHERE NOT EXISTS (SELECT 1 FROM review_stages s WHERE s.application_id = a.id AND s.stage IN ('decided', 'closed')){}",
        and_filter(scope, "a.nominal_id")
    );
    for r in fetch(conn, sql, scope).await? {
        part.undecided.push((text(&r, "nominal_id")?, text(&r, "id")?, date(&r, "received_date")?));
    }
    let sql = format!(
        "SELECT l.nominal_id, c.id, c.review_by FROM licence_conditions c JOIN licences l ON l.id = c.licence_id \
         WHERE c.review_by IS NOT NULL AND l.superseded_at IS NULL{}",
        and_filter(scope, "l.nominal_id")
    );
    for r in fetch(conn, sql, scope).await? {
        part.condition_reviews.push((text(&r, "nominal_id")?, text(&r, "id")?, date(&r, "review_by")?));
    }
    for (nominal, pdp, due) in crate::pdp::pdp_reviews_due(conn, scope).await? {
        let kind = mappa_domain::obligations::ObligationKind::PdpReview;
        part.dated
            .push((nominal, mappa_domain::obligations::Obligation { kind, due, rule: "PDP-5".into(), source: pdp }));
    }
    part.dated.extend(crate::disclosures::disclosure_duties(conn, scope).await?);
    part.dated.extend(crate::disclosures::disclosures_to_make(conn, scope).await?);
    part.dated.extend(crate::transfers::transfers_awaiting(conn, scope).await?);
    part.dated.extend(crate::disclosure_applications::applications_due(conn, scope).await?);
    part.dated.extend(crate::sfo::scr_notifications_due(conn, scope).await?);
    Ok(part)
}

async fn disposals_part(conn: &mut AnyConnection, scope: Scope) -> Result<Vec<(String, Disposal)>> {
    let sql = format!(
        "SELECT id, nominal_id, kind, disposal_date, schedule_3, schedule_15, murder, terrorism, sentence_type, \
         term_months, term_days, period_months, consecutive_to FROM disposals WHERE withdrawn_at IS NULL{}",
        and_filter(scope, "nominal_id")
    );
    let flag = |r: &AnyRow, c: &str| -> Result<bool> { Ok(r.try_get::<i64, _>(c)? != 0) };
    let mut out = Vec::new();
    for r in fetch(conn, sql, scope).await? {
        let kind: String = text(&r, "kind")?;
        let sentence_type: String = text(&r, "sentence_type")?;
        out.push((
            text(&r, "nominal_id")?,
            Disposal {
                id: text(&r, "id")?,
                kind: DisposalKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("disposals.kind".into()))?,
                date: date(&r, "disposal_date")?,
                schedule_3: flag(&r, "schedule_3")?,
                schedule_15: flag(&r, "schedule_15")?,
                murder: flag(&r, "murder")?,
                terrorism: flag(&r, "terrorism")?,
                sentence: Sentence {
                    kind: SentenceType::from_code(&sentence_type)
                        .ok_or_else(|| StoreError::Corrupt("disposals.sentence_type".into()))?,
                    term_months: opt_int(&r, "term_months")?,
                    term_days: opt_int(&r, "term_days")?,
                    period_months: opt_int(&r, "period_months")?,
                    consecutive_to: opt_text(&r, "consecutive_to")?,
                    order_ends: None,
                },
            },
        ));
    }
    Ok(out)
}

async fn periods_part(conn: &mut AnyConnection, scope: Scope) -> Result<Vec<(String, Period)>> {
    let sql = format!(
        "SELECT id, nominal_id, kind, from_date, to_date FROM periods WHERE withdrawn_at IS NULL{} ORDER BY from_date",
        and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in fetch(conn, sql, scope).await? {
        let kind: String = text(&r, "kind")?;
        out.push((
            text(&r, "nominal_id")?,
            Period {
                id: parsed(&r, "id")?,
                kind: PeriodKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("periods.kind".into()))?,
                from: date(&r, "from_date")?,
                to: opt_date(&r, "to_date")?,
                place: None,
            },
        ));
    }
    Ok(out)
}

async fn notifications_part(conn: &mut AnyConnection, scope: Scope) -> Result<Vec<(String, Date, NotificationKind)>> {
    let sql = format!(
        "SELECT nominal_id, notified_on, kind FROM notifications WHERE withdrawn_at IS NULL{}",
        and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in fetch(conn, sql, scope).await? {
        let kind: String = text(&r, "kind")?;
        let kind =
            NotificationKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("notifications.kind".into()))?;
        out.push((text(&r, "nominal_id")?, date(&r, "notified_on")?, kind));
    }
    Ok(out)
}

fn assemble(
    people: PeoplePart,
    (disposals, work): (Vec<(String, Disposal)>, WorkPart),
    (periods, schedules): (Vec<(String, Period)>, Vec<crate::risk::VisitScheduleFacts>),
    notifications: Vec<(String, Date, NotificationKind)>,
) -> HashMap<String, Loaded> {
    let mut map: HashMap<String, Loaded> = people
        .people
        .into_iter()
        .map(|(id, dob, agency)| {
            (id, Loaded { agency, facts: PersonFacts { date_of_birth: Some(dob), ..PersonFacts::default() } })
        })
        .collect();
    for (id, d) in disposals {
        if let Some(p) = map.get_mut(&id) {
            p.facts.disposals.push(d);
        }
    }
    for (id, x) in periods {
        if let Some(p) = map.get_mut(&id) {
            p.facts.periods.push(x);
        }
    }
    for (id, d, k) in notifications {
        if let Some(p) = map.get_mut(&id) {
            p.facts.notifications.push((d, k));
        }
    }
    for id in people.nfa {
        if let Some(p) = map.get_mut(&id) {
            p.facts.no_fixed_abode = true;
        }
    }
    // SRO-8: a conviction for breaching an order is a fact of that order.
    let mut orders = people.orders;
    for (order, on) in people.order_breaches {
        if let Some((_, o)) = orders.iter_mut().find(|(_, o)| o.id == order) {
            o.breach_convictions.push(on);
        }
    }
    for (id, o) in orders {
        if let Some(p) = map.get_mut(&id) {
            p.facts.orders.push(o);
        }
    }
    for (id, l) in people.licences {
        if let Some(p) = map.get_mut(&id) {
            p.facts.licence = Some(l.licence);
        }
    }
    for (id, d) in work.reviews {
        if let Some(p) = map.get_mut(&id) {
            p.facts.review_decisions.push(d);
        }
    }
    for (id, app, received) in work.undecided {
        if let Some(p) = map.get_mut(&id) {
            p.facts.undecided_reviews.push((app, received));
        }
    }
    for (id, condition, due) in work.condition_reviews {
        if let Some(p) = map.get_mut(&id) {
            p.facts.condition_reviews.push((condition, due));
        }
    }
    for (id, o) in work.dated {
        if let Some(p) = map.get_mut(&id) {
            p.facts.dated_work.push(o);
        }
    }
    for s in schedules {
        if let Some(p) = map.get_mut(&s.nominal_id.to_string()) {
            p.facts.visit_level = Some(s.level);
            p.facts.last_visit = s.last_visit;
        }
    }
    // The latest run of Category 3 decisions; a decision to another category
    // ends it the day before it takes effect (EXIT-3).
    for (id, to, on) in people.category {
        let Some(p) = map.get_mut(&id) else { continue };
        match (to, p.facts.category_3_decision) {
            (Some(3), Some(c)) if c.ended.is_none() => {}
            (Some(3), _) => p.facts.category_3_decision = Some(Category3Decision { date: on, ended: None }),
            (_, Some(c)) if c.ended.is_none() => {
                p.facts.category_3_decision = Some(Category3Decision { ended: on.yesterday().ok(), ..c });
            }
            _ => {}
        }
    }
    map
}

/// One person's facts (or everyone's, one query after another) on the
/// caller's connection: inside a write, this sees the write's own changes.
pub(crate) async fn load_facts(conn: &mut AnyConnection, scope: Scope) -> Result<HashMap<String, Loaded>> {
    let people = people_part(conn, scope).await?;
    let disposals = disposals_part(conn, scope).await?;
    let work = work_part(conn, scope).await?;
    let periods = periods_part(conn, scope).await?;
    let schedules = crate::risk::schedule_facts_in(conn, scope).await?;
    let notifications = notifications_part(conn, scope).await?;
    Ok(assemble(people, (disposals, work), (periods, schedules), notifications))
}

/// Many people's facts, the queries run side by side on their own connections.
pub(crate) async fn load_many_facts(store: &Store, scope: Scope) -> Result<HashMap<String, Loaded>> {
    let (mut a, mut b, mut c, mut d) =
        tokio::try_join!(store.pool.acquire(), store.pool.acquire(), store.pool.acquire(), store.pool.acquire())?;
    let (people, disposals, periods, notifications) = tokio::try_join!(
        people_part(&mut a, scope),
        async {
            let d = disposals_part(&mut b, scope).await?;
            Ok::<_, StoreError>((d, work_part(&mut b, scope).await?))
        },
        async {
            let p = periods_part(&mut c, scope).await?;
            Ok::<_, StoreError>((p, crate::risk::schedule_facts_in(&mut c, scope).await?))
        },
        notifications_part(&mut d, scope),
    )?;
    Ok(assemble(people, disposals, periods, notifications))
}
