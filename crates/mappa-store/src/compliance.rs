//! Obligations, the compliance list, tasks and the daily sweep.
//!
//! The rules engine reads a person's stored facts ([`PersonFacts`]); what it
//! works out is kept in `obligations` and `compliance_status`, rebuilt for a
//! person inside every write to them and for everyone by the sweep. The
//! compliance list then is one indexed query, however many people there are.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::facts::{Loaded, Scope, load_facts, load_many_facts};
use crate::row::{date, opt_date, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Granted, ListScope};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::nominal::display_name;
use mappa_domain::obligations::{Compliance, Obligation, ObligationKind, PersonFacts};
use mappa_domain::periods::PeriodKind;
use mappa_domain::rules::{Assessment, FactProblem, RulesConfig};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{HashMap, HashSet};

// Personal data: Debug shows the type only (principle 5).
macro_rules! redacted {
    ($t:ident) => {
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($t), " { .. }"))
            }
        }
    };
}

/// Tasks are made for obligations due within this many days, and the
/// compliance list's "due soon" looks this far ahead (issue: 14 days).
pub const DUE_SOON_DAYS: i64 = 14;

/// The task kinds the sweep makes from MAPPA work, as SQL literals (a closed list).
/// The MAPPA unit's task kinds, for coordinators and chairs only.
pub(crate) const MAPPA_UNIT_KINDS: &str = "'referral_screening', 'review_listing', 'minutes_approval'";
pub(crate) const MAPPA_KINDS: &str = "'referral_screening', 'review_listing', 'minutes_approval', 'action_due', 'referral_returned', \
     'transfer_response', 'transfer_escalation', 'transfer_handover', \
     'application_due', 'application_urgent', 'application_review', 'application_meeting', 'scr_notification'";

/// Rows per multi-row INSERT: well under both databases' parameter limits.
const BATCH: usize = 400;

/// The engine's view of one person on `as_of`, or why it could not be
/// worked out (facts it cannot accept; never personal data).
pub(crate) fn compute(facts: &PersonFacts, as_of: Date, rules: &RulesConfig) -> Result<Compliance, Vec<FactProblem>> {
    mappa_domain::obligations::work_out(facts, as_of, rules).map(|(_, compliance)| compliance)
}

/// Stored as the reason a person could not be worked out: field paths only.
fn problem_text(problems: &[FactProblem]) -> String {
    problems.iter().map(|p| p.path.clone()).collect::<Vec<_>>().join(", ")
}

/// One person worked out.
struct Worked {
    status: Status,
    obligations: Vec<Obligation>,
    problem: Option<String>,
    recheck_on: Option<Date>,
}

fn work_out(p: &PersonFacts, as_of: Date, rules: &RulesConfig) -> Worked {
    match compute(p, as_of, rules) {
        Ok(c) => Worked {
            status: Some((c.subject, c.away)),
            obligations: c.obligations,
            problem: None,
            recheck_on: c.recheck_on,
        },
        // Looked at again the next day, when someone may have corrected it.
        Err(problems) => Worked {
            status: None,
            obligations: Vec::new(),
            problem: Some(problem_text(&problems)),
            recheck_on: as_of.tomorrow().ok(),
        },
    }
}

/// Runs the engine for many people, on every core (it is pure, so this is safe).
fn work_out_all<'a>(
    people: &'a HashMap<String, Loaded>,
    as_of: Date,
    rules: &RulesConfig,
) -> Vec<(&'a str, &'a str, Worked)> {
    let list: Vec<(&String, &Loaded)> = people.iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = list.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = list
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(id, p)| (id.as_str(), p.agency.as_str(), work_out(&p.facts, as_of, rules)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

fn within_task_window(o: &Obligation, as_of: Date) -> bool {
    !o.kind.listed_only() && mappa_domain::rules::add_days(as_of, DUE_SOON_DAYS).is_some_and(|limit| o.due <= limit)
}

/// Rebuilds one person's obligations, status and tasks inside the caller's
/// write transaction, as of the day of the write.
///
/// What a write accepts must stay assessable: if the person's stored facts
/// could be worked out before it and cannot after, the write is refused,
/// naming the field (`field`, or the last part of the fact's path), and the
/// caller's transaction rolls back.
pub(crate) async fn refresh(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, rules: &RulesConfig) -> Result<()> {
    refresh_naming(tx, ctx, id, rules, None).await
}

/// As [`refresh`], naming `field` in a refusal (a change to the person's own
/// details, whose conflict shows in facts recorded long ago).
pub(crate) async fn refresh_naming(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    rules: &RulesConfig,
    field: Option<&str>,
) -> Result<()> {
    let as_of = ctx.today();
    let mut loaded = load_facts(&mut *tx, Scope::One(id)).await?;
    let Some(person) = loaded.remove(&id.to_string()) else { return Err(StoreError::NotFound) };
    if let Err(problems) = compute(&person.facts, as_of, rules) {
        let stored: Option<Option<String>> =
            sqlx::query_scalar("SELECT problem FROM compliance_status WHERE nominal_id = $1")
                .bind(id.to_string())
                .fetch_optional(&mut **tx)
                .await?;
        // Never worked out, or worked out without a problem: this write made it.
        if stored.is_none_or(|problem| problem.is_none()) {
            return Err(StoreError::Invalid(conflicts(&problems, field)));
        }
    }
    let key = id.to_string();
    let worked = [(key.as_str(), person.agency.as_str(), work_out(&person.facts, as_of, rules))];
    write_worked(tx, &worked, as_of, &ctx.at_text()).await?;
    Ok(())
}

/// The engine's assessment of one person's stored facts on `as_of`, read
/// inside the caller's write transaction so that a check against it holds for
/// the write that follows. A refusal names `field` when the stored facts
/// cannot be assessed on that day.
pub(crate) async fn assess_in(
    tx: &mut WriteTx,
    id: NominalId,
    as_of: Date,
    rules: &RulesConfig,
    field: &str,
) -> Result<Assessment> {
    let mut loaded = load_facts(&mut *tx, Scope::One(id)).await?;
    let Some(person) = loaded.remove(&id.to_string()) else { return Err(StoreError::NotFound) };
    mappa_domain::obligations::work_out(&person.facts, as_of, rules)
        .map(|(assessment, _)| assessment)
        .map_err(|problems| StoreError::Invalid(conflicts(&problems, Some(field))))
}

/// A refusal for facts a write would leave the engine unable to assess,
/// in words (never the values).
fn conflicts(problems: &[FactProblem], field: Option<&str>) -> ValidationErrors {
    let mut e = ValidationErrors::new();
    for p in problems {
        let last = p.path.rsplit('.').next().unwrap_or(&p.path);
        let name = last.split('[').next().unwrap_or(last);
        let what = p.message.replace("date_of_birth", "the date of birth").replace("as_of", "today");
        e.add(
            field.unwrap_or(name),
            "conflicts_with_record",
            format!(
                "This cannot be saved: it conflicts with what is already recorded ({} {what})",
                name.replace('_', " ")
            ),
        );
    }
    e
}

/// Counts of what [`write_worked`] changed.
#[derive(Default)]
struct Written {
    obligations: u64,
    tasks_created: u64,
    tasks_resolved: u64,
}

/// Replaces the stored obligations and status of the people worked out, opens
/// a task for each obligation due within [`DUE_SOON_DAYS`] or overdue (never
/// twice: one task row per obligation and date, open or closed), and resolves
/// their open tasks whose obligation has gone (met, or no longer owed).
async fn write_worked(tx: &mut WriteTx, worked: &[(&str, &str, Worked)], as_of: Date, at: &str) -> Result<Written> {
    let mut written = Written::default();
    for chunk in worked.chunks(BATCH) {
        let ids: Vec<&str> = chunk.iter().map(|(id, _, _)| *id).collect();
        let list = (0..ids.len()).map(|i| format!("${}", i + 1)).collect::<Vec<_>>().join(", ");
        for table in ["obligations", "compliance_status"] {
            let sql = format!("DELETE FROM {table} WHERE nominal_id IN ({list})");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in &ids {
                q = q.bind(*id);
            }
            q.execute(&mut **tx).await?;
        }
        let obligations: Vec<(&str, &Obligation)> =
            chunk.iter().flat_map(|(id, _, w)| w.obligations.iter().map(move |o| (*id, o))).collect();
        written.obligations += insert_obligations(tx, &obligations).await?;
        let statuses: Vec<(&str, &Worked)> = chunk.iter().map(|(id, _, w)| (*id, w)).collect();
        insert_statuses(tx, &statuses, as_of).await?;
        let sql = format!(
            "UPDATE tasks SET status = 'resolved', closed_at = ${} WHERE status = 'open' AND nominal_id IN ({list}) \
             AND kind NOT IN ({MAPPA_KINDS}) AND NOT EXISTS (SELECT 1 FROM obligations o WHERE o.nominal_id = tasks.nominal_id AND o.kind = tasks.kind \
             AND o.source = tasks.source AND o.due_date = tasks.due_date)",
            ids.len() + 1
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        written.tasks_resolved += q.bind(at.to_string()).execute(&mut **tx).await?.rows_affected();
        let due: Vec<(&str, &str, &Obligation)> = chunk
            .iter()
            .flat_map(|(id, agency, w)| {
                w.obligations.iter().filter(|o| within_task_window(o, as_of)).map(move |o| (*id, *agency, o))
            })
            .collect();
        written.tasks_created += insert_tasks(tx, &due, at).await?;
    }
    Ok(written)
}

fn values(rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push('$');
            s.push_str(&(r * cols + c + 1).to_string());
        }
        s.push(')');
    }
    s
}

async fn insert_obligations(tx: &mut WriteTx, rows: &[(&str, &Obligation)]) -> Result<u64> {
    let mut n = 0;
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO obligations (nominal_id, kind, source, due_date, rule) VALUES {}",
            values(chunk.len(), 5)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, o) in chunk {
            q = q.bind(*id).bind(o.kind.code()).bind(o.source.clone()).bind(o.due.to_string()).bind(o.rule.clone());
        }
        n += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

type Status = Option<(bool, Option<mappa_domain::obligations::Away>)>;

async fn insert_statuses(tx: &mut WriteTx, rows: &[(&str, &Worked)], as_of: Date) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO compliance_status (nominal_id, subject, away_kind, away_since, computed_on, recheck_on, problem) \
             VALUES {}",
            values(chunk.len(), 7)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, w) in chunk {
            let (subject, away) = w.status.unwrap_or((false, None));
            q = q
                .bind(*id)
                .bind(i64::from(subject))
                .bind(away.map(|a| a.kind.code()))
                .bind(away.map(|a| a.since.to_string()))
                .bind(as_of.to_string())
                .bind(w.recheck_on.map(|d| d.to_string()))
                .bind(w.problem.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

pub(crate) async fn insert_tasks(tx: &mut WriteTx, rows: &[(&str, &str, &Obligation)], at: &str) -> Result<u64> {
    let mut n = 0;
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO tasks (id, nominal_id, agency_id, kind, source, due_date, rule, status, created_at) VALUES {} \
             ON CONFLICT (nominal_id, kind, source, due_date) DO NOTHING",
            values(chunk.len(), 9)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, agency, o) in chunk {
            q = q
                .bind(ItemId::new().to_string())
                .bind(*id)
                .bind(*agency)
                .bind(o.kind.code())
                .bind(o.source.clone())
                .bind(o.due.to_string())
                .bind(o.rule.clone())
                .bind("open")
                .bind(at.to_string());
        }
        n += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

/// What one sweep did. Counts only: safe to log and audit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub as_of: String,
    /// Everyone was worked out, not only those due a look.
    pub full: bool,
    /// People worked out.
    pub people: usize,
    pub obligations_written: u64,
    pub tasks_created: u64,
    pub tasks_resolved: u64,
    /// People whose stored facts the engine could not accept.
    pub problems: usize,
    /// Milliseconds spent reading, in the engine, and writing.
    pub load_ms: u64,
    pub compute_ms: u64,
    pub write_ms: u64,
}

/// The compliance list's filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComplianceStatus {
    Overdue,
    DueSoon,
    /// In custody, detained in hospital or abroad on the day.
    Away,
    /// Circulated on the PNC as wanted.
    Wanted,
    /// Circulated on the PNC as missing.
    Missing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplianceSort {
    Due,
    Name,
}

/// A compliance list request for the caller's agency.
#[derive(Clone, Debug)]
pub struct ComplianceQuery {
    pub as_of: Date,
    pub status: ComplianceStatus,
    pub kinds: Vec<ObligationKind>,
    pub away_kind: Option<PeriodKind>,
    pub area: Option<String>,
    pub manager: Option<UserId>,
    pub sort: ComplianceSort,
    pub limit: i64,
    pub offset: i64,
}

/// One line of the compliance list.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ComplianceEntry {
    /// The person's id.
    pub id: NominalId,
    pub name: String,
    pub owning_area: Option<String>,
    /// What is due; absent in the "away" list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ObligationKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// First day overdue (the day after the last day, CONV-13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_since: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub away: Option<PeriodKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub away_since: Option<Date>,
    /// Circulated as wanted or missing since (the wanted and missing lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub circulated_since: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pnc_reference: Option<String>,
}

redacted!(ComplianceEntry);

/// The list and how many entries match in all.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ComplianceList {
    pub total: i64,
    pub entries: Vec<ComplianceEntry>,
}

/// Whose of an agency's tasks a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhoseTasks {
    /// For the records the user is the named manager of.
    ManagedBy(UserId),
    /// All the agency's.
    Agency,
    /// The agency's, but for those of the records the user manages.
    AgencyExcept(UserId),
}

/// A task for a team.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: ItemId,
    pub nominal_id: NominalId,
    pub name: String,
    pub kind: ObligationKind,
    pub due: Date,
    pub rule: String,
    pub status: String,
    pub manager_user_id: Option<UserId>,
}

redacted!(Task);

impl Store {
    /// One person's stored facts, as the rules engine reads them.
    pub async fn person_facts(&self, grant: &Granted) -> Result<PersonFacts> {
        let id = grant.nominal();
        let mut conn = self.pool.acquire().await?;
        let mut loaded = load_facts(&mut conn, Scope::One(id)).await?;
        loaded.remove(&id.to_string()).map(|l| l.facts).ok_or(StoreError::NotFound)
    }

    /// The compliance list for an agency: who is overdue or due soon, for
    /// what and since when, or who is away. One indexed query plus a count.
    pub async fn compliance_list(&self, scope: &ListScope, q: &ComplianceQuery) -> Result<ComplianceList> {
        let mut binds: Vec<String> = vec![scope.agency().to_string()];
        let mut bind = |v: String| {
            binds.push(v);
            format!("${}", binds.len())
        };
        let mut clauses = vec![crate::nominals::reachable(scope).to_string()];
        if let Some(area) = &q.area {
            clauses.push(format!("n.owning_area = {}", bind(area.clone())));
        }
        if let Some(m) = q.manager {
            clauses.push(format!("n.manager_user_id = {}", bind(m.to_string())));
        }
        let circulated = matches!(q.status, ComplianceStatus::Wanted | ComplianceStatus::Missing);
        if circulated {
            clauses.push(format!(
                "c.kind = {}",
                bind(if q.status == ComplianceStatus::Wanted { "wanted" } else { "missing" }.to_string())
            ));
        }
        let away = q.status == ComplianceStatus::Away;
        let from = if circulated {
            clauses.push("c.cancelled_date IS NULL".into());
            "circulations c JOIN nominals n ON n.id = c.nominal_id LEFT JOIN compliance_status s ON s.nominal_id = n.id"
        } else if away {
            clauses.push("s.away_kind IS NOT NULL".into());
            if let Some(k) = q.away_kind {
                clauses.push(format!("s.away_kind = {}", bind(k.code().to_string())));
            }
            "compliance_status s JOIN nominals n ON n.id = s.nominal_id"
        } else {
            match q.status {
                ComplianceStatus::Overdue => clauses.push(format!("o.due_date < {}", bind(q.as_of.to_string()))),
                _ => {
                    let limit = mappa_domain::rules::add_days(q.as_of, DUE_SOON_DAYS).unwrap_or(q.as_of);
                    clauses.push(format!(
                        "o.due_date >= {} AND o.due_date <= {}",
                        bind(q.as_of.to_string()),
                        bind(limit.to_string())
                    ));
                }
            }
            if !q.kinds.is_empty() {
                let list = q.kinds.iter().map(|k| bind(k.code().to_string())).collect::<Vec<_>>().join(", ");
                clauses.push(format!("o.kind IN ({list})"));
            }
            "obligations o JOIN nominals n ON n.id = o.nominal_id LEFT JOIN compliance_status s ON s.nominal_id = o.nominal_id"
        };
        let wh = clauses.join(" AND ");
        let order = match (away || circulated, q.sort) {
            (true, ComplianceSort::Due) if circulated => "c.from_date, n.search_key, n.id",
            (true, ComplianceSort::Due) => "s.away_since, n.search_key, n.id",
            (false, ComplianceSort::Due) => "o.due_date, n.search_key, n.id, o.kind",
            (true, ComplianceSort::Name) => "n.search_key, n.id",
            (false, ComplianceSort::Name) => "n.search_key, n.id, o.due_date, o.kind",
        };
        let cols = if circulated {
            "n.id, n.surname, n.forenames, n.owning_area, s.away_kind, s.away_since, c.from_date, c.pnc_reference"
        } else if away {
            "n.id, n.surname, n.forenames, n.owning_area, s.away_kind, s.away_since"
        } else {
            "n.id, n.surname, n.forenames, n.owning_area, s.away_kind, s.away_since, o.kind, o.due_date, o.rule, o.source"
        };
        let count_sql = format!("SELECT COUNT(*) AS total FROM {from} WHERE {wh}");
        let list_sql = format!(
            "SELECT {cols} FROM {from} WHERE {wh} ORDER BY {order} LIMIT {} OFFSET {}",
            q.limit.clamp(1, 1000),
            q.offset.max(0)
        );
        let mut cq = sqlx::query(sqlx::AssertSqlSafe(count_sql));
        let mut lq = sqlx::query(sqlx::AssertSqlSafe(list_sql));
        for b in &binds {
            cq = cq.bind(b.clone());
            lq = lq.bind(b.clone());
        }
        let total: i64 = cq.fetch_one(&self.pool).await?.try_get("total")?;
        let rows = lq.fetch_all(&self.pool).await?;
        let entries = rows
            .iter()
            .map(|r| {
                let away_kind: Option<String> = opt_text(r, "away_kind")?;
                let (kind, due, rule, source) = if away || circulated {
                    (None, None, None, None)
                } else {
                    let k: String = text(r, "kind")?;
                    (
                        ObligationKind::from_code(&k),
                        Some(date(r, "due_date")?),
                        Some(text(r, "rule")?),
                        Some(text(r, "source")?),
                    )
                };
                Ok(ComplianceEntry {
                    id: parsed(r, "id")?,
                    name: display_name(&text(r, "surname")?, &text(r, "forenames")?),
                    owning_area: opt_text(r, "owning_area")?,
                    kind,
                    due,
                    overdue_since: due.filter(|d| *d < q.as_of).and_then(|d| d.tomorrow().ok()),
                    rule,
                    source: source.filter(|s| !s.is_empty()),
                    away: away_kind.as_deref().and_then(PeriodKind::from_code),
                    away_since: opt_date(r, "away_since")?,
                    circulated_since: if circulated { Some(date(r, "from_date")?) } else { None },
                    pnc_reference: if circulated { Some(text(r, "pnc_reference")?) } else { None },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ComplianceList { total, entries })
    }

    /// The daily sweep as of `as_of`. Obligations are kept up to date by
    /// every write; what can change with the passing of time alone (a
    /// notification period or order ending, a qualifying date arriving) is
    /// marked with the day to look again (`recheck_on`). The sweep works out
    /// the people due a look (and anyone never worked out; with `full`,
    /// everyone), then opens a task for every stored obligation now due
    /// within [`DUE_SOON_DAYS`] or overdue. Running it twice creates nothing
    /// twice. Audited with its counts.
    ///
    /// Reading and the engine's work happen before the write transaction, so
    /// other writers wait only for the writing; anyone written to meanwhile
    /// was worked out by that write, and is left as it wrote them.
    pub async fn sweep(&self, ctx: &AuditCtx, as_of: Date, full: bool) -> Result<SweepReport> {
        let started = std::time::Instant::now();
        let mark: i64 =
            sqlx::query("SELECT seq FROM audit_chain_head WHERE id = 1").fetch_one(&self.pool).await?.try_get("seq")?;
        let scope = if full { Scope::All } else { Scope::Due(as_of) };
        let people = load_many_facts(self, scope).await?;
        let loaded = started.elapsed();
        let worked = work_out_all(&people, as_of, &self.rules);
        let worked_out = started.elapsed();

        let mut tx = self.begin_write().await?;
        let mut changed: HashSet<String> = HashSet::new();
        for r in sqlx::query("SELECT DISTINCT nominal_id FROM audit_events WHERE seq > $1 AND nominal_id IS NOT NULL")
            .bind(mark)
            .fetch_all(&mut *tx)
            .await?
        {
            changed.insert(text(&r, "nominal_id")?);
        }
        let worked: Vec<_> = worked.into_iter().filter(|(id, _, _)| !changed.contains(*id)).collect();
        let at = ctx.at_text();
        let written = write_worked(&mut tx, &worked, as_of, &at).await?;

        // Stored obligations of everyone else that have come within the window.
        let limit = mappa_domain::rules::add_days(as_of, DUE_SOON_DAYS).unwrap_or(as_of);
        let rows = sqlx::query(
            "SELECT o.nominal_id, n.owning_agency_id, o.kind, o.source, o.due_date, o.rule \
             FROM obligations o JOIN nominals n ON n.id = o.nominal_id WHERE o.due_date <= $1 \
             AND o.kind NOT IN ('application_due', 'scr_notification') \
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.nominal_id = o.nominal_id AND t.kind = o.kind \
             AND t.source = o.source AND t.due_date = o.due_date)",
        )
        .bind(limit.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let mut arriving = Vec::with_capacity(rows.len());
        for r in &rows {
            let kind: String = text(r, "kind")?;
            let o = Obligation {
                kind: ObligationKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("obligations.kind".into()))?,
                due: date(r, "due_date")?,
                rule: text(r, "rule")?,
                source: text(r, "source")?,
            };
            arriving.push((text(r, "nominal_id")?, text(r, "owning_agency_id")?, o));
        }
        let arriving: Vec<(&str, &str, &Obligation)> =
            arriving.iter().map(|(id, agency, o)| (id.as_str(), agency.as_str(), o)).collect();
        let arrived = insert_tasks(&mut tx, &arriving, &at).await?;
        let mappa = crate::mappa_tasks::sweep_mappa(&mut tx, ctx, as_of, &self.rules).await?;

        let report = SweepReport {
            as_of: as_of.to_string(),
            full,
            people: worked.len(),
            obligations_written: written.obligations,
            tasks_created: written.tasks_created + arrived + mappa.created,
            tasks_resolved: written.tasks_resolved + mappa.resolved,
            problems: worked.iter().filter(|(_, _, w)| w.problem.is_some()).count(),
            load_ms: loaded.as_millis() as u64,
            compute_ms: (worked_out - loaded).as_millis() as u64,
            write_ms: (started.elapsed() - worked_out).as_millis() as u64,
        };
        append(&mut tx, ctx, AuditEntry::new(AuditAction::SweepRun, "sweep", as_of).after(&report)).await?;
        tx.commit().await?;
        if self.backend == crate::connect::Backend::Sqlite {
            // Keeps the planner's statistics current (PostgreSQL's autovacuum does this).
            sqlx::query("PRAGMA optimize").execute(&self.pool).await?;
        }
        Ok(report)
    }

    /// A page of the agency's open tasks (`whose` of them), soonest due
    /// first, and how many there are in all.
    pub async fn open_tasks(
        &self,
        scope: &ListScope,
        whose: WhoseTasks,
        limit: i64,
        offset: i64,
    ) -> Result<(i64, Vec<Task>)> {
        let (extra, user) = match whose {
            WhoseTasks::ManagedBy(u) => (" AND n.manager_user_id = $2", Some(u.to_string())),
            WhoseTasks::Agency => ("", None),
            WhoseTasks::AgencyExcept(u) => {
                (" AND (n.manager_user_id IS NULL OR n.manager_user_id <> $2)", Some(u.to_string()))
            }
        };
        // Only records within the caller's reach; the MAPPA unit's work only
        // for its coordinators and chairs.
        let unit_work = if scope.mappa() { String::new() } else { format!(" AND t.kind NOT IN ({MAPPA_UNIT_KINDS})") };
        let from = format!(
            "FROM tasks t JOIN nominals n ON n.id = t.nominal_id WHERE t.agency_id = $1 AND t.status = 'open'{extra}{unit_work} \
             AND {}",
            crate::nominals::reachable(scope)
        );
        let bind = |sql: String| {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.agency().to_string());
            match &user {
                Some(u) => q.bind(u.clone()),
                None => q,
            }
        };
        let total = crate::row::int(&bind(format!("SELECT COUNT(*) AS n {from}")).fetch_one(&self.pool).await?, "n")?;
        let sql = format!(
            "SELECT t.id, t.nominal_id, t.kind, t.due_date, t.rule, t.status, n.surname, n.forenames, n.manager_user_id \
             {from} ORDER BY t.due_date, n.search_key, t.id LIMIT {} OFFSET {}",
            limit.clamp(1, 1000),
            offset.max(0)
        );
        let tasks = bind(sql).fetch_all(&self.pool).await?.iter().map(task_from).collect::<Result<Vec<_>>>()?;
        Ok((total, tasks))
    }

    /// Marks an open task done, audited with the note.
    pub async fn complete_task(
        &self,
        ctx: &AuditCtx,
        task: ItemId,
        agency: AgencyId,
        by: UserId,
        note: Option<&str>,
    ) -> Result<NominalId> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT nominal_id FROM tasks WHERE id = $1 AND agency_id = $2 AND status = 'open'")
            .bind(task.to_string())
            .bind(agency.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let nominal: NominalId = parsed(&row, "nominal_id")?;
        sqlx::query("UPDATE tasks SET status = 'done', closed_at = $1, closed_by = $2, close_note = $3 WHERE id = $4")
            .bind(ctx.at_text())
            .bind(by.to_string())
            .bind(note)
            .bind(task.to_string())
            .execute(&mut *tx)
            .await?;
        let ctx = ctx.clone().with_reason(note.map(str::to_string));
        append(&mut tx, &ctx, AuditEntry::new(AuditAction::TaskComplete, "task", task).nominal(nominal)).await?;
        tx.commit().await?;
        Ok(nominal)
    }
}

fn task_from(r: &AnyRow) -> Result<Task> {
    let kind: String = text(r, "kind")?;
    Ok(Task {
        id: parsed(r, "id")?,
        nominal_id: parsed(r, "nominal_id")?,
        name: display_name(&text(r, "surname")?, &text(r, "forenames")?),
        kind: ObligationKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt("tasks.kind".into()))?,
        due: date(r, "due_date")?,
        rule: text(r, "rule")?,
        status: text(r, "status")?,
        manager_user_id: crate::row::opt_parsed(r, "manager_user_id")?,
    })
}
