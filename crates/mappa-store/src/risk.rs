//! Risk assessments and police home visits (rules.md §7), and the per-person
//! facts the visit schedule needs, aggregated in SQL for many people at once.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::nominals::reachable;
use crate::row::{b, code, date, flag, opt_date, opt_int, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::access::{Granted, ListScope};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::error::ValidationErrors;
use mappa_domain::ids::{NominalId, UserId};
use mappa_domain::risk::{
    ArmsFactor, ArmsPriority, FactorRating, FactorStatus, LevelFacts, LevelSource, OverdueCutoffs, RiskAssessment,
    RiskGroup, RiskLevel, RiskResult, RiskSetting, RiskToGroup, Visit, VisitKind, VisitOutcome,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

/// One person's inputs to the visit schedule (VIS-1, VIS-2), as
/// [`mappa_domain::risk::visit_schedule`] takes them.
#[derive(Clone, PartialEq, Eq)]
pub struct VisitScheduleFacts {
    pub nominal_id: NominalId,
    pub surname: String,
    pub forenames: String,
    pub date_of_birth: jiff::civil::Date,
    /// Code of the owning agency.
    pub owning_agency: String,
    /// Its name, for pages.
    pub owning_agency_name: String,
    /// The latest level and low_since (see [`mappa_domain::risk::current_level`]).
    pub level: LevelFacts,
    /// The last visit at which the person was seen.
    pub last_visit: Option<jiff::civil::Date>,
}

impl std::fmt::Debug for VisitScheduleFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VisitScheduleFacts {{ nominal_id: {}, level: {:?}, .. }}", self.nominal_id, self.level)
    }
}

/// Which people a bulk schedule query covers.
#[derive(Clone, Copy, Debug)]
pub enum ScheduleScope {
    /// Every person (the daily task sweep).
    All,
    /// One person (a refresh inside that person's write).
    Person(NominalId),
    /// The people a list scope reaches: owned or actively shared (principle 2).
    ReachableBy(ListScope),
}

/// Sort key of an assessment within a person's history: date, then when it
/// was recorded, then id (every part fixed-width text, so text order is time
/// order). The list and the aggregate below order by the same key, so the
/// domain's `current_level` and the SQL agree on "latest".
const KEY: &str = "r.assessment_date || r.created_at || r.id";
/// Length of [`KEY`]: 10 + 27 + 36 characters; the level follows it.
const KEY_LEN: usize = 73;

/// Per person: the chosen level series (RoSH before RM2000/C), its latest
/// level and date, low_since, and the last visit at which they were seen.
/// Each is an aggregate over one index, so the whole list is a few scans,
/// not a query per person. `{scope}` filters `nominals n`.
fn schedule_sql(scope: &str, extra: &str) -> String {
    format!(
        "WITH src AS (\
            SELECT nominal_id, MIN(level_source) AS source FROM risk_assessments \
            WHERE level_source IS NOT NULL AND withdrawn_at IS NULL GROUP BY nominal_id), \
         lv AS (\
            SELECT r.nominal_id, src.source, MAX({KEY} || r.schedule_level) AS latest, \
                   MAX(CASE WHEN r.schedule_level <> 'low' THEN {KEY} END) AS last_raised \
            FROM risk_assessments r JOIN src ON src.nominal_id = r.nominal_id AND r.level_source = src.source \
            WHERE r.withdrawn_at IS NULL \
            GROUP BY r.nominal_id, src.source), \
         lows AS (\
            SELECT r.nominal_id, MIN(r.assessment_date) AS low_since \
            FROM risk_assessments r JOIN lv ON lv.nominal_id = r.nominal_id AND r.level_source = lv.source \
            WHERE r.schedule_level = 'low' AND r.withdrawn_at IS NULL AND (lv.last_raised IS NULL OR {KEY} > lv.last_raised) \
            GROUP BY r.nominal_id), \
         lvl AS (\
            SELECT lv.nominal_id, lv.source, SUBSTR(lv.latest, 1, 10) AS assessed, \
                   SUBSTR(lv.latest, {level_at}) AS level, lows.low_since \
            FROM lv LEFT JOIN lows ON lows.nominal_id = lv.nominal_id), \
         seen AS (\
            SELECT nominal_id, MAX(visit_date) AS last_visit FROM visits WHERE seen = 1 AND withdrawn_at IS NULL GROUP BY nominal_id) \
         SELECT n.id, n.surname, n.forenames, n.date_of_birth, a.code AS owner_code, a.name AS owner_name, \
                lvl.source, lvl.assessed, lvl.level, lvl.low_since, seen.last_visit \
         FROM lvl JOIN nominals n ON n.id = lvl.nominal_id JOIN agencies a ON a.id = n.owning_agency_id \
         LEFT JOIN seen ON seen.nominal_id = n.id \
         WHERE {scope}{extra}",
        level_at = KEY_LEN + 1
    )
}

/// [`Store::visit_schedule_facts`] on the caller's connection: inside a write
/// transaction (`&mut *tx`) it sees the write's own rows.
pub(crate) async fn schedule_facts_on(
    conn: &mut AnyConnection,
    scope: ScheduleScope,
) -> Result<Vec<VisitScheduleFacts>> {
    let (sql, bind) = match scope {
        ScheduleScope::All => (schedule_sql("1 = 1", " ORDER BY n.id"), None),
        ScheduleScope::Person(id) => (schedule_sql("n.id = $1", ""), Some(id.to_string())),
        ScheduleScope::ReachableBy(a) => (schedule_sql(reachable(&a), " ORDER BY n.id"), Some(a.agency().to_string())),
    };
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(v) = bind {
        q = q.bind(v);
    }
    q.fetch_all(conn).await?.iter().map(facts_from).collect()
}

/// The schedule facts for the people in a sweep or write's scope.
pub(crate) async fn schedule_facts_in(
    conn: &mut AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<VisitScheduleFacts>> {
    let sql = schedule_sql(&scope.on("n.id"), "");
    crate::facts::fetch(conn, sql, scope).await?.iter().map(facts_from).collect()
}

fn facts_from(r: &AnyRow) -> Result<VisitScheduleFacts> {
    let source = opt_int(r, "source")?.and_then(LevelSource::from_number);
    let level = code(r, "level", RiskLevel::from_code)?;
    Ok(VisitScheduleFacts {
        nominal_id: parsed(r, "id")?,
        surname: text(r, "surname")?,
        forenames: text(r, "forenames")?,
        date_of_birth: date(r, "date_of_birth")?,
        owning_agency: text(r, "owner_code")?,
        owning_agency_name: text(r, "owner_name")?,
        level: LevelFacts {
            level,
            source: source.ok_or_else(|| StoreError::Corrupt("level_source: unknown".into()))?,
            assessed: date(r, "assessed")?,
            low_since: if level == RiskLevel::Low { opt_date(r, "low_since")? } else { None },
        },
        last_visit: opt_date(r, "last_visit")?,
    })
}

fn opt_level(r: &AnyRow, col: &str) -> Result<Option<RiskLevel>> {
    opt_text(r, col)?
        .map(|s| RiskLevel::from_code(&s).ok_or_else(|| StoreError::Corrupt(format!("{col}: unknown code"))))
        .transpose()
}

fn opt_code<T>(r: &AnyRow, col: &str, from: fn(&str) -> Option<T>) -> Result<T> {
    opt_text(r, col)?
        .and_then(|s| from(&s))
        .ok_or_else(|| StoreError::Corrupt(format!("{col}: missing or unknown code")))
}

/// Stores a risk assessment checked by the caller, with its audit record (RISK-0a).
pub(crate) async fn insert_risk_assessment(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    a: &RiskAssessment,
    by: UserId,
) -> Result<()> {
    let none = || None::<&str>;
    let (mut rosh_overall, mut rosh_setting, mut s, mut v, mut c, mut priority, mut osp_c, mut osp_i) =
        (none(), none(), none(), none(), none(), none(), none(), none());
    let mut ratings: Vec<(&str, &str)> = Vec::new();
    let lc = |l: &Option<RiskLevel>| l.map(RiskLevel::code);
    match &a.result {
        RiskResult::OasysRosh { overall, setting, risk_to } => {
            rosh_overall = Some(overall.code());
            rosh_setting = Some(setting.code());
            ratings = risk_to.iter().map(|r| (r.group.code(), r.level.code())).collect();
        }
        RiskResult::Rm2000 { sexual, violent, combined } => {
            (s, v, c) = (lc(sexual), lc(violent), lc(combined));
        }
        RiskResult::Arms { priority: p, factors } => {
            priority = Some(p.code());
            ratings = factors.iter().map(|f| (f.factor.code(), f.status.code())).collect();
        }
        RiskResult::Osp { contact, images } => {
            (osp_c, osp_i) = (lc(contact), lc(images));
        }
    }
    let sets = a.result.schedule_level();
    sqlx::query(
        "INSERT INTO risk_assessments (id, nominal_id, tool, assessment_date, assessor_name, assessor_agency, notes, \
         rosh_overall, rosh_setting, rm2000_s, rm2000_v, rm2000_c, arms_priority, osp_c, osp_i, level_source, schedule_level, \
         recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(a.id.to_string())
    .bind(id.to_string())
    .bind(a.result.tool().code())
    .bind(a.date.to_string())
    .bind(&a.assessor_name)
    .bind(&a.assessor_agency)
    .bind(&a.notes)
    .bind(rosh_overall)
    .bind(rosh_setting)
    .bind(s)
    .bind(v)
    .bind(c)
    .bind(priority)
    .bind(osp_c)
    .bind(osp_i)
    .bind(sets.map(|(src, _)| src.number()))
    .bind(sets.map(|(_, l)| l.code()))
    .bind(by.to_string())
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    for (i, (subject, rating)) in ratings.iter().enumerate() {
        sqlx::query(
            "INSERT INTO risk_assessment_ratings (assessment_id, position, subject, rating) VALUES ($1, $2, $3, $4)",
        )
        .bind(a.id.to_string())
        .bind(i as i64)
        .bind(*subject)
        .bind(*rating)
        .execute(&mut **tx)
        .await?;
    }
    append(tx, ctx, AuditEntry::new(AuditAction::RiskAssessmentCreate, "risk_assessment", a.id).nominal(id).after(a))
        .await?;
    Ok(())
}

/// Stores a visit, with its audit record (VIS-1).
pub(crate) async fn insert_visit(tx: &mut WriteTx, ctx: &AuditCtx, id: NominalId, v: &Visit, by: UserId) -> Result<()> {
    sqlx::query(
        "INSERT INTO visits (id, nominal_id, visit_date, kind, outcome, seen, present, concerns, concerns_raised, officer, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(v.id.to_string())
    .bind(id.to_string())
    .bind(v.date.to_string())
    .bind(v.kind.code())
    .bind(v.outcome.map(VisitOutcome::code))
    .bind(b(v.counts_as_visit()))
    .bind(&v.present)
    .bind(&v.concerns)
    .bind(b(v.concerns_raised))
    .bind(&v.officer)
    .bind(by.to_string())
    .bind(ctx.at_text())
    .execute(&mut **tx)
    .await?;
    append(tx, ctx, AuditEntry::new(AuditAction::VisitCreate, "visit", v.id).nominal(id).after(v)).await?;
    Ok(())
}

impl Store {
    /// Records a risk assessment with its audit record (RISK-0a).
    pub async fn add_risk_assessment(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        a: &RiskAssessment,
        by: UserId,
    ) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        self.add_risk_assessment_in(&mut tx, ctx, id, a, by).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks an assessment against the person as stored and stores it.
    pub(crate) async fn add_risk_assessment_in(
        &self,
        tx: &mut WriteTx,
        ctx: &AuditCtx,
        id: NominalId,
        a: &RiskAssessment,
        by: UserId,
    ) -> Result<()> {
        touch(tx, ctx, id).await?;
        if matches!(a.result, RiskResult::Rm2000 { .. }) {
            self.check_rm2000(tx, id, a.date).await?;
        }
        insert_risk_assessment(tx, ctx, id, a, by).await
    }

    /// RM-1, against the person as stored, inside the write.
    async fn check_rm2000(&self, tx: &mut WriteTx, id: NominalId, on: Date) -> Result<()> {
        let mut loaded = crate::facts::load_facts(&mut *tx, crate::facts::Scope::One(id)).await?;
        let person = loaded.remove(&id.to_string()).ok_or(StoreError::NotFound)?;
        let gender: String = sqlx::query_scalar("SELECT gender FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await?;
        let subject = mappa_domain::risk::Rm2000Subject {
            gender: mappa_domain::nominal::Gender::from_code(&gender),
            date_of_birth: person.facts.date_of_birth,
            disposals: &person.facts.disposals,
        };
        mappa_domain::risk::check_rm2000_applies(&subject, on, &self.rules)
            .map_err(|e| StoreError::Invalid(ValidationErrors(vec![e])))
    }

    /// A person's assessments, newest first (by date, then when recorded), the
    /// order [`mappa_domain::risk::current_level`] expects.
    pub async fn risk_assessments(&self, grant: &Granted) -> Result<Vec<RiskAssessment>> {
        let id = grant.nominal();
        let rows = sqlx::query(
            "SELECT * FROM risk_assessments WHERE nominal_id = $1 AND withdrawn_at IS NULL ORDER BY assessment_date DESC, created_at DESC, id DESC",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        let ratings = sqlx::query(
            "SELECT g.* FROM risk_assessment_ratings g JOIN risk_assessments r ON r.id = g.assessment_id \
             WHERE r.nominal_id = $1 ORDER BY g.assessment_id, g.position",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let aid = text(r, "id")?;
            let mine: Vec<(String, String)> = ratings
                .iter()
                .filter(|g| text(g, "assessment_id").is_ok_and(|x| x == aid))
                .map(|g| Ok((text(g, "subject")?, text(g, "rating")?)))
                .collect::<Result<_>>()?;
            let corrupt = |what: &str| StoreError::Corrupt(format!("risk_assessment_ratings: unknown {what}"));
            let result = match text(r, "tool")?.as_str() {
                "oasys_rosh" => RiskResult::OasysRosh {
                    overall: opt_code(r, "rosh_overall", RiskLevel::from_code)?,
                    setting: opt_code(r, "rosh_setting", RiskSetting::from_code)?,
                    risk_to: mine
                        .iter()
                        .map(|(s, l)| {
                            Ok(RiskToGroup {
                                group: RiskGroup::from_code(s).ok_or_else(|| corrupt("group"))?,
                                level: RiskLevel::from_code(l).ok_or_else(|| corrupt("level"))?,
                            })
                        })
                        .collect::<Result<_>>()?,
                },
                "rm2000" => RiskResult::Rm2000 {
                    sexual: opt_level(r, "rm2000_s")?,
                    violent: opt_level(r, "rm2000_v")?,
                    combined: opt_level(r, "rm2000_c")?,
                },
                "arms" => RiskResult::Arms {
                    priority: opt_code(r, "arms_priority", ArmsPriority::from_code)?,
                    factors: mine
                        .iter()
                        .map(|(s, st)| {
                            let factor = ArmsFactor::from_code(s).ok_or_else(|| corrupt("factor"))?;
                            Ok(FactorRating {
                                factor,
                                protective: factor.is_protective(),
                                status: FactorStatus::from_code(st).ok_or_else(|| corrupt("marking"))?,
                            })
                        })
                        .collect::<Result<_>>()?,
                },
                "osp" => RiskResult::Osp { contact: opt_level(r, "osp_c")?, images: opt_level(r, "osp_i")? },
                _ => return Err(StoreError::Corrupt("tool: unknown code".into())),
            };
            out.push(RiskAssessment {
                id: parsed(r, "id")?,
                date: date(r, "assessment_date")?,
                assessor_name: text(r, "assessor_name")?,
                assessor_agency: text(r, "assessor_agency")?,
                notes: opt_text(r, "notes")?,
                result,
            });
        }
        Ok(out)
    }

    /// Records a police home visit with its audit record (VIS-1).
    pub async fn add_visit(&self, ctx: &AuditCtx, grant: &Granted, v: &Visit, by: UserId) -> Result<()> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        touch(&mut tx, ctx, id).await?;
        insert_visit(&mut tx, ctx, id, v, by).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's visits, newest first.
    pub async fn visits(&self, grant: &Granted) -> Result<Vec<Visit>> {
        let id = grant.nominal();
        let rows = sqlx::query(
            "SELECT * FROM visits WHERE nominal_id = $1 AND withdrawn_at IS NULL ORDER BY visit_date DESC, created_at DESC, id DESC",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Visit {
                    id: parsed(r, "id")?,
                    date: date(r, "visit_date")?,
                    kind: code(r, "kind", VisitKind::from_code)?,
                    outcome: opt_text(r, "outcome")?
                        .map(|s| {
                            VisitOutcome::from_code(&s)
                                .ok_or_else(|| StoreError::Corrupt("outcome: unknown code".into()))
                        })
                        .transpose()?,
                    present: opt_text(r, "present")?,
                    concerns: opt_text(r, "concerns")?,
                    concerns_raised: flag(r, "concerns_raised")?,
                    officer: text(r, "officer")?,
                })
            })
            .collect()
    }

    /// Per person with a level-setting assessment: the latest level,
    /// low_since and the last visit at which they were seen, for the
    /// compliance list and the daily task sweep (VIS-1, VIS-2). People with
    /// no RoSH or RM2000/C assessment are not listed: they have no schedule.
    pub async fn visit_schedule_facts(&self, scope: ScheduleScope) -> Result<Vec<VisitScheduleFacts>> {
        let mut conn = self.pool.acquire().await?;
        schedule_facts_on(&mut conn, scope).await
    }

    /// People in the community that `agency` reaches whose next visit is
    /// before the day the cut-offs were computed for: the interval for their
    /// latest level runs from a date before that level's cut-off, and they are
    /// not under reactive management (VIS-1, VIS-2). One query; callers compute
    /// the due dates with the pure schedule and sort.
    pub async fn overdue_visit_facts(
        &self,
        scope: &ListScope,
        cut: &OverdueCutoffs,
    ) -> Result<Vec<VisitScheduleFacts>> {
        // Custody and hospital mean no home visits are possible, and exited or
        // archived cases are no longer managed.
        let extra = " AND n.case_status = 'active_community' \
             AND NOT (lvl.level = 'low' AND lvl.low_since IS NOT NULL AND lvl.low_since <= $6) \
             AND COALESCE(seen.last_visit, lvl.assessed) < \
                 CASE lvl.level WHEN 'very_high' THEN $2 WHEN 'high' THEN $3 WHEN 'medium' THEN $4 ELSE $5 END";
        let sql = schedule_sql(reachable(scope), extra);
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.agency().to_string())
            .bind(cut.very_high.to_string())
            .bind(cut.high.to_string())
            .bind(cut.medium.to_string())
            .bind(cut.low.to_string())
            // With reactive management switched off nothing is on or before "".
            .bind(cut.reactive_low_since.map(|d| d.to_string()).unwrap_or_default())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(facts_from).collect()
    }
}
