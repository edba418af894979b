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
use mappa_domain::rules::{Category3Decision, Disposal, DisposalKind, Sentence, SentenceType};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// One person's stored facts with the agency that owns them.
pub(crate) struct Loaded {
    pub agency: String,
    pub facts: PersonFacts,
}

fn filter(only: Option<NominalId>, column: &str) -> String {
    if only.is_some() { format!(" WHERE {column} = $1") } else { String::new() }
}

fn and_filter(only: Option<NominalId>, column: &str) -> String {
    if only.is_some() { format!(" AND {column} = $1") } else { String::new() }
}

async fn fetch(conn: &mut AnyConnection, sql: String, only: Option<NominalId>) -> Result<Vec<AnyRow>> {
    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
    let q = match only {
        Some(id) => q.bind(id.to_string()),
        None => q,
    };
    Ok(q.fetch_all(conn).await?)
}

/// The person rows, their no-fixed-abode flag (NOTIF-31) and Category 3
/// decisions (CAT-3, EXIT-3).
#[derive(Default)]
struct PeoplePart {
    people: Vec<(String, Date, String)>,
    nfa: Vec<String>,
    category: Vec<(String, Option<i64>, Date)>,
}

async fn people_part(conn: &mut AnyConnection, only: Option<NominalId>) -> Result<PeoplePart> {
    let mut part = PeoplePart::default();
    let sql = format!("SELECT id, date_of_birth, owning_agency_id FROM nominals{}", filter(only, "id"));
    for r in fetch(conn, sql, only).await? {
        part.people.push((text(&r, "id")?, date(&r, "date_of_birth")?, text(&r, "owning_agency_id")?));
    }
    let sql = format!(
        "SELECT nominal_id FROM addresses WHERE kind = 'no_fixed_abode' AND to_date IS NULL{}",
        and_filter(only, "nominal_id")
    );
    for r in fetch(conn, sql, only).await? {
        part.nfa.push(text(&r, "nominal_id")?);
    }
    let sql = format!(
        "SELECT nominal_id, to_value, effective_date FROM mappa_decisions WHERE kind = 'category'{} \
         ORDER BY nominal_id, effective_date, decided_at",
        and_filter(only, "nominal_id")
    );
    for r in fetch(conn, sql, only).await? {
        part.category.push((text(&r, "nominal_id")?, opt_int(&r, "to_value")?, date(&r, "effective_date")?));
    }
    Ok(part)
}

async fn disposals_part(conn: &mut AnyConnection, only: Option<NominalId>) -> Result<Vec<(String, Disposal)>> {
    let sql = format!(
        "SELECT id, nominal_id, kind, disposal_date, schedule_3, schedule_15, murder, terrorism, sentence_type, \
         term_months, term_days, period_months, consecutive_to FROM disposals{}",
        filter(only, "nominal_id")
    );
    let flag = |r: &AnyRow, c: &str| -> Result<bool> { Ok(r.try_get::<i64, _>(c)? != 0) };
    let mut out = Vec::new();
    for r in fetch(conn, sql, only).await? {
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

async fn periods_part(conn: &mut AnyConnection, only: Option<NominalId>) -> Result<Vec<(String, Period)>> {
    let sql = format!(
        "SELECT id, nominal_id, kind, from_date, to_date FROM periods{} ORDER BY from_date",
        filter(only, "nominal_id")
    );
    let mut out = Vec::new();
    for r in fetch(conn, sql, only).await? {
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

async fn notifications_part(
    conn: &mut AnyConnection,
    only: Option<NominalId>,
) -> Result<Vec<(String, Date, NotificationKind)>> {
    let sql = format!("SELECT nominal_id, notified_on, kind FROM notifications{}", filter(only, "nominal_id"));
    let mut out = Vec::new();
    for r in fetch(conn, sql, only).await? {
        let kind: String = text(&r, "kind")?;
        let kind =
            NotificationKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("notifications.kind".into()))?;
        out.push((text(&r, "nominal_id")?, date(&r, "notified_on")?, kind));
    }
    Ok(out)
}

fn assemble(
    people: PeoplePart,
    disposals: Vec<(String, Disposal)>,
    periods: Vec<(String, Period)>,
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
pub(crate) async fn load_facts(conn: &mut AnyConnection, only: Option<NominalId>) -> Result<HashMap<String, Loaded>> {
    let people = people_part(conn, only).await?;
    let disposals = disposals_part(conn, only).await?;
    let periods = periods_part(conn, only).await?;
    let notifications = notifications_part(conn, only).await?;
    Ok(assemble(people, disposals, periods, notifications))
}

/// Everyone's facts, the queries run side by side on their own connections.
pub(crate) async fn load_all_facts(store: &Store) -> Result<HashMap<String, Loaded>> {
    let (mut a, mut b, mut c, mut d) =
        tokio::try_join!(store.pool.acquire(), store.pool.acquire(), store.pool.acquire(), store.pool.acquire())?;
    let (people, disposals, periods, notifications) = tokio::try_join!(
        people_part(&mut a, None),
        disposals_part(&mut b, None),
        periods_part(&mut c, None),
        notifications_part(&mut d, None),
    )?;
    Ok(assemble(people, disposals, periods, notifications))
}
