//! Minutes (MAPPA B) as versioned documents and the actions of the risk
//! management plan (MTG-1, MTG-9, MIN-2, MIN-5, MIN-7). A draft is saved over
//! until the chair approves it; approval freezes the version, opens its
//! actions and applies the level decision through the decision history.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::meetings::agenda_case_in;
use crate::referrals::{decide_level, withdraw_shares};
use crate::row::{code, date, int, opt_date, opt_parsed, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ActionId, AgencyId, AreaId, ItemId, MeetingCaseId, MeetingId, NominalId, UserId};
use mappa_domain::meetings::{AgendaCase, Meeting};
use mappa_domain::minutes::{
    Action, ActionStatus, HANDLING_STATEMENT, LevelDecision, Minutes, MinutesBody, MinutesStatus, OnwardShare,
    OnwardShareStatus, Pillar, ValidAction,
};
use mappa_domain::record::{ShareBasis, UserRef};
use sqlx::any::AnyRow;

const ACTION_SELECT: &str = "SELECT x.*, a.code AS agency_code, a.name AS agency_name, c.display_name AS completed_name \
     FROM actions x JOIN agencies a ON a.id = x.owner_agency_id LEFT JOIN users c ON c.id = x.completed_by";

/// An action's status as stored: `draft` until its minutes are approved.
const DRAFT: &str = "draft";

fn action_from(r: &AnyRow, today: Date) -> Result<Action> {
    let completed_by = match opt_parsed::<UserId>(r, "completed_by")? {
        Some(id) => Some(UserRef { id, name: text(r, "completed_name")? }),
        None => None,
    };
    let status = text(r, "status")?;
    let status = ActionStatus::from_code(&status).unwrap_or(ActionStatus::Open);
    Ok(Action {
        id: parsed(r, "id")?,
        meeting_case_id: parsed(r, "meeting_case_id")?,
        nominal_id: parsed(r, "nominal_id")?,
        description: text(r, "description")?,
        owner_agency: text(r, "agency_code")?,
        owner_agency_name: text(r, "agency_name")?,
        owner_person: opt_text(r, "owner_person")?,
        due_date: date(r, "due_date")?,
        pillar: code(r, "pillar", Pillar::from_code)?,
        status,
        overdue: false,
        completed_on: opt_date(r, "completed_on")?,
        completed_by,
        note: opt_text(r, "note")?,
        cancelled_reason: opt_text(r, "cancelled_reason")?,
        on_time: None,
    }
    .settle(today))
}

async fn actions_of(conn: &mut sqlx::AnyConnection, case: MeetingCaseId, today: Date) -> Result<Vec<Action>> {
    let sql = format!("{ACTION_SELECT} WHERE x.meeting_case_id = $1 ORDER BY x.position");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case.to_string()).fetch_all(conn).await?;
    rows.iter().map(|r| action_from(r, today)).collect()
}

async fn latest_in(
    conn: &mut sqlx::AnyConnection,
    meeting: &Meeting,
    case: &AgendaCase,
    today: Date,
) -> Result<Option<Minutes>> {
    let row = sqlx::query(
        "SELECT mi.*, w.display_name AS written_name, ap.display_name AS approved_name FROM minutes mi \
         JOIN users w ON w.id = mi.written_by LEFT JOIN users ap ON ap.id = mi.approved_by \
         WHERE mi.meeting_case_id = $1 ORDER BY mi.version DESC LIMIT 1",
    )
    .bind(case.id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let status = code(&r, "status", MinutesStatus::from_code)?;
    let body: MinutesBody =
        serde_json::from_str(&text(&r, "body")?).map_err(|e| StoreError::Corrupt(format!("minutes.body: {e}")))?;
    let approved_by = match opt_parsed::<UserId>(&r, "approved_by")? {
        Some(id) => Some(UserRef { id, name: text(&r, "approved_name")? }),
        None => None,
    };
    Ok(Some(Minutes {
        meeting_case_id: case.id,
        nominal_id: case.nominal_id,
        person: case.person.clone(),
        meeting_number: case.meeting_number,
        meeting_date: meeting.date,
        version: u32::try_from(int(&r, "version")?).unwrap_or(1),
        status,
        body,
        actions: actions_of(conn, case.id, today).await?,
        written_by: UserRef { id: parsed(&r, "written_by")?, name: text(&r, "written_name")? },
        approved_by,
        approved_at: opt_parsed(&r, "approved_at")?,
        handling_statement: (status == MinutesStatus::Approved).then_some(HANDLING_STATEMENT),
    }))
}

/// A case due for review at its panel (MTG-3).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReviewDue {
    pub nominal_id: NominalId,
    pub person: String,
    pub due: Date,
    pub panel_id: mappa_domain::ids::PanelId,
}

/// Which actions a list holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct ActionFilter {
    pub agency: Option<AgencyId>,
    pub area: Option<AreaId>,
    pub nominal: Option<NominalId>,
    pub status: Option<ActionListStatus>,
    /// Only actions given at meetings held between these days.
    pub held: Option<(Date, Date)>,
}

/// The statuses the actions list filters by; overdue is open past its due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionListStatus {
    Open,
    Overdue,
    Done,
    Cancelled,
}

async fn write_actions(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    (meeting, case): (&Meeting, &AgendaCase),
    actions: &[(ValidAction, AgencyId)],
) -> Result<()> {
    let place = crate::meetings::listing_place(tx, meeting, case.nominal_id).await?;
    let existing: Vec<String> = sqlx::query("SELECT id FROM actions WHERE meeting_case_id = $1")
        .bind(case.id.to_string())
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| text(r, "id"))
        .collect::<Result<_>>()?;
    let mut errors = ValidationErrors::new();
    let mut kept = Vec::new();
    for (i, (a, agency)) in actions.iter().enumerate() {
        let known = a.id.map(|id| existing.contains(&id.to_string()));
        if known == Some(false) {
            errors.add(format!("actions[{i}].id"), "unknown_action", "This action is not one of these minutes");
            continue;
        }
        let id = a.id.unwrap_or_default();
        kept.push(id.to_string());
        let q = if known == Some(true) {
            sqlx::query(
                "UPDATE actions SET position = $1, description = $2, owner_agency_id = $3, due_date = $4, pillar = $5 WHERE id = $6",
            )
        } else {
            sqlx::query(
                "INSERT INTO actions (position, description, owner_agency_id, due_date, pillar, id, meeting_case_id, nominal_id, status, created_at, \
                 area_id, unit_id, meeting_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
        };
        let mut q = q
            .bind(i as i64)
            .bind(&a.description)
            .bind(agency.to_string())
            .bind(a.due_date.to_string())
            .bind(a.pillar.code())
            .bind(id.to_string());
        if known != Some(true) {
            q = q
                .bind(case.id.to_string())
                .bind(case.nominal_id.to_string())
                .bind(DRAFT)
                .bind(ctx.at_text())
                .bind(place.area.to_string())
                .bind(place.unit.map(|u| u.to_string()))
                .bind(meeting.date.to_string());
        }
        q.execute(&mut **tx).await?;
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    for old in existing.iter().filter(|e| !kept.contains(e)) {
        sqlx::query("DELETE FROM actions WHERE id = $1 AND status = $2")
            .bind(old)
            .bind(DRAFT)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Saves the draft minutes of a case with their actions. Minutes the chair
    /// has approved are frozen: saving over them is a conflict.
    pub async fn save_minutes(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        (meeting, case): (MeetingId, MeetingCaseId),
        body: &MinutesBody,
        actions: &[(ValidAction, AgencyId)],
        by: UserId,
    ) -> Result<Minutes> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (m, c) = agenda_case_in(&mut tx, meeting, case).await?;
        if c.nominal_id != id {
            return Err(StoreError::NotFound);
        }
        let today = ctx.today();
        let current = latest_in(&mut tx, &m, &c, today).await?;
        let json = serde_json::to_string(body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match &current {
            Some(v) if v.status == MinutesStatus::Approved => return Err(StoreError::Conflict("minutes_approved")),
            Some(v) => {
                sqlx::query(
                    "UPDATE minutes SET body = $1, written_by = $2, written_at = $3, level_decision = $4, next_review_date = $5 \
                     WHERE meeting_case_id = $6 AND version = $7",
                )
                    .bind(&json)
                    .bind(by.to_string())
                    .bind(ctx.at_text())
                    .bind(body.level_decision.map(|d| d.code()))
                    .bind(body.next_review_date.map(|d| d.to_string()))
                    .bind(case.to_string())
                    .bind(i64::from(v.version))
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO minutes (id, meeting_case_id, version, status, body, written_by, written_at, level_decision, next_review_date) \
                     VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8)",
                )
                .bind(mappa_domain::ids::ItemId::new().to_string())
                .bind(case.to_string())
                .bind(MinutesStatus::Draft.code())
                .bind(&json)
                .bind(by.to_string())
                .bind(ctx.at_text())
                .bind(body.level_decision.map(|d| d.code()))
                .bind(body.next_review_date.map(|d| d.to_string()))
                .execute(&mut *tx)
                .await?;
            }
        }
        write_actions(&mut tx, ctx, (&m, &c), actions).await?;
        touch(&mut tx, ctx, id).await?;
        let after = serde_json::json!({"minutes": body, "actions": actions.len()});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::MinutesSave, "minutes", case).nominal(id).after(&after))
            .await?;
        let saved = latest_in(&mut tx, &m, &c, today).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Approves the draft: freezes it, opens its actions, and applies its
    /// level decision. A case leaving Level 2/3 loses the shares its meetings
    /// gave (and, leaving MAPPA, its referral's), each with the reason.
    pub async fn approve_minutes(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        (meeting, case): (MeetingId, MeetingCaseId),
        by: UserId,
    ) -> Result<Minutes> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (m, c) = agenda_case_in(&mut tx, meeting, case).await?;
        if c.nominal_id != id {
            return Err(StoreError::NotFound);
        }
        let today = ctx.today();
        let draft = match latest_in(&mut tx, &m, &c, today).await? {
            None => return Err(StoreError::Conflict("no_minutes")),
            Some(v) if v.status == MinutesStatus::Approved => return Err(StoreError::Conflict("already_approved")),
            Some(v) => v,
        };
        sqlx::query("UPDATE minutes SET status = $1, approved_by = $2, approved_at = $3 WHERE meeting_case_id = $4 AND version = $5")
            .bind(MinutesStatus::Approved.code())
            .bind(by.to_string())
            .bind(ctx.at_text())
            .bind(case.to_string())
            .bind(i64::from(draft.version))
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE actions SET status = $1 WHERE meeting_case_id = $2 AND status = $3")
            .bind(ActionStatus::Open.code())
            .bind(case.to_string())
            .bind(DRAFT)
            .execute(&mut *tx)
            .await?;
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::MinutesApprove, "minutes", case).nominal(id).after(&draft.version),
        )
        .await?;
        crate::accountability::recount(&mut tx, case).await?;
        if let (Some(decision), Some(rationale)) = (draft.body.level_decision, &draft.body.level_rationale) {
            let now = crate::items::case_in(&mut tx, id).await?;
            let level = now.level.unwrap_or(m.level);
            let rationale = format!("{rationale}\n(Level decision of the {} meeting on {}.)", m.panel, m.date);
            match decision.apply(level) {
                Some(Some(l)) => decide_level(&mut tx, ctx, id, None, Some(l), &rationale, by).await?,
                Some(None) => decide_level(&mut tx, ctx, id, Some(None), None, &rationale, by).await?,
                None => {
                    return Err(StoreError::Invalid(ValidationErrors::single(
                        "level_decision",
                        "not_possible_at_level",
                        "The case's level has changed since the minutes were written: correct the level decision",
                    )));
                }
            }
            if decision.leaves_meetings() {
                let (bases, reason): (&[ShareBasis], _) = if decision == LevelDecision::Exit {
                    (&[ShareBasis::Meeting, ShareBasis::Referral], "The case has exited MAPPA")
                } else {
                    (&[ShareBasis::Meeting], "The case is no longer managed at level 2 or 3")
                };
                let reason = format!("{reason} (the {} meeting on {}).", m.panel, m.date);
                withdraw_shares(&mut tx, ctx, id, bases, &reason, by).await?;
            }
        }
        // The level may have moved; a disclosure decision meets DIS-6.
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let approved = latest_in(&mut tx, &m, &c, today).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(approved)
    }

    /// The latest version of a case's minutes, if any.
    pub async fn minutes(&self, meeting: MeetingId, case: MeetingCaseId, today: Date) -> Result<Option<Minutes>> {
        let mut conn = self.pool.acquire().await?;
        let (m, c) = match agenda_case_in(&mut conn, meeting, case).await {
            Err(StoreError::NotFound) => return Ok(None),
            r => r?,
        };
        latest_in(&mut conn, &m, &c, today).await
    }

    /// Actions of approved minutes, by due date.
    pub async fn actions(&self, f: ActionFilter, today: Date, limit: i64) -> Result<Vec<Action>> {
        let mut sql = format!("{ACTION_SELECT} WHERE x.status <> '{DRAFT}'");
        let mut binds: Vec<String> = Vec::new();
        let mut push = |sql: &mut String, clause: &str, v: String| {
            binds.push(v);
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(a) = f.agency {
            push(&mut sql, " AND x.owner_agency_id = ?", a.to_string());
        }
        if let Some(n) = f.nominal {
            push(&mut sql, " AND x.nominal_id = ?", n.to_string());
        }
        if let Some(a) = f.area {
            push(
                &mut sql,
                " AND EXISTS (SELECT 1 FROM meeting_cases mc JOIN meetings m ON m.id = mc.meeting_id \
                 JOIN panels p ON p.id = m.panel_id WHERE mc.id = x.meeting_case_id AND p.area_id = ?)",
                a.to_string(),
            );
        }
        if let Some((from, to)) = f.held {
            push(
                &mut sql,
                " AND EXISTS (SELECT 1 FROM meeting_cases mc JOIN meetings m ON m.id = mc.meeting_id \
                 WHERE mc.id = x.meeting_case_id AND m.meeting_date >= ?",
                from.to_string(),
            );
            push(&mut sql, " AND m.meeting_date <= ?)", to.to_string());
        }
        match f.status {
            Some(ActionListStatus::Open) => sql.push_str(" AND x.status = 'open'"),
            Some(ActionListStatus::Done) => sql.push_str(" AND x.status = 'done'"),
            Some(ActionListStatus::Cancelled) => sql.push_str(" AND x.status = 'cancelled'"),
            Some(ActionListStatus::Overdue) => {
                push(&mut sql, " AND x.status = 'open' AND x.due_date < ?", today.to_string())
            }
            None => {}
        }
        sql.push_str(&format!(" ORDER BY x.due_date, x.id LIMIT {}", limit.clamp(1, 1000)));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(&self.pool).await?.iter().map(|r| action_from(r, today)).collect()
    }

    /// Cases of an area due for review by `by`: the next review date set by
    /// the approved minutes of their latest meeting (MTG-3), with no later
    /// meeting listed. By review date.
    pub async fn reviews_due(&self, area: AreaId, by: Date) -> Result<Vec<ReviewDue>> {
        let rows = sqlx::query(
            "SELECT mc.nominal_id, n.surname, n.forenames, mi.next_review_date, m.panel_id FROM minutes mi \
             JOIN meeting_cases mc ON mc.id = mi.meeting_case_id JOIN meetings m ON m.id = mc.meeting_id \
             JOIN panels p ON p.id = m.panel_id JOIN nominals n ON n.id = mc.nominal_id \
             WHERE COALESCE(n.area_id, p.area_id) = $1 AND mi.status = 'approved' AND mi.next_review_date IS NOT NULL \
             AND mi.next_review_date <= $2 \
             AND NOT EXISTS (SELECT 1 FROM meeting_cases later JOIN meetings lm ON lm.id = later.meeting_id \
                WHERE later.nominal_id = mc.nominal_id AND lm.meeting_date > m.meeting_date) \
             ORDER BY mi.next_review_date, n.surname LIMIT 500",
        )
        .bind(area.to_string())
        .bind(by.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReviewDue {
                    nominal_id: parsed(r, "nominal_id")?,
                    person: mappa_domain::nominal::display_name(&text(r, "surname")?, &text(r, "forenames")?),
                    due: date(r, "next_review_date")?,
                    panel_id: parsed(r, "panel_id")?,
                })
            })
            .collect()
    }

    /// One action of approved minutes.
    pub async fn action(&self, id: ActionId, today: Date) -> Result<Option<Action>> {
        let sql = format!("{ACTION_SELECT} WHERE x.id = $1 AND x.status <> '{DRAFT}'");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(&self.pool).await?;
        row.as_ref().map(|r| action_from(r, today)).transpose()
    }

    /// Names the person in the owning agency who takes an open action on.
    pub async fn accept_action(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        action: ActionId,
        person: &str,
    ) -> Result<Action> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let r =
            sqlx::query("UPDATE actions SET owner_person = $1 WHERE id = $2 AND nominal_id = $3 AND status = 'open'")
                .bind(person)
                .bind(action.to_string())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::Conflict("action_closed"));
        }
        let after = serde_json::json!({"owner_person": person});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::ActionAccept, "action", action).nominal(id).after(&after))
            .await?;
        let sql = format!("{ACTION_SELECT} WHERE x.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(action.to_string()).fetch_one(&mut *tx).await?;
        let stored = action_from(&row, ctx.today())?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Marks an open action done (with a note) or cancelled (with a reason).
    /// One no longer open is a conflict, checked in the transaction.
    pub async fn close_action(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        action: ActionId,
        outcome: ActionStatus,
        note: &str,
        by: UserId,
    ) -> Result<Action> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let today = ctx.today();
        let r = if outcome == ActionStatus::Done {
            sqlx::query(
                "UPDATE actions SET status = $1, note = $2, completed_by = $3, completed_on = $4 \
                 WHERE id = $5 AND nominal_id = $6 AND status = 'open'",
            )
            .bind(outcome.code())
            .bind(note)
            .bind(by.to_string())
            .bind(today.to_string())
            .bind(action.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE actions SET status = $1, cancelled_reason = $2, completed_by = $3 \
                 WHERE id = $4 AND nominal_id = $5 AND status = 'open'",
            )
            .bind(outcome.code())
            .bind(note)
            .bind(by.to_string())
            .bind(action.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?
        };
        if r.rows_affected() == 0 {
            return Err(StoreError::Conflict("action_closed"));
        }
        let audit = if outcome == ActionStatus::Done { AuditAction::ActionComplete } else { AuditAction::ActionCancel };
        let actx = ctx.clone().with_reason(Some(note.to_string()));
        append(&mut tx, &actx, AuditEntry::new(audit, "action", action).nominal(id).after(&outcome)).await?;
        let sql = format!("{ACTION_SELECT} WHERE x.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(action.to_string()).fetch_one(&mut *tx).await?;
        let stored = action_from(&row, today)?;
        crate::accountability::recount(&mut tx, stored.meeting_case_id).await?;
        tx.commit().await?;
        Ok(stored)
    }
}

const ONWARD_SELECT: &str = "SELECT o.*, a.code, a.name, r.display_name AS requested_name, d.display_name AS decided_name \
     FROM minutes_shares o JOIN agencies a ON a.id = o.agency_id JOIN users r ON r.id = o.requested_by \
     LEFT JOIN users d ON d.id = o.decided_by";

fn onward_from(r: &AnyRow) -> Result<OnwardShare> {
    let decided_by = match opt_parsed::<UserId>(r, "decided_by")? {
        Some(id) => Some(UserRef { id, name: text(r, "decided_name")? }),
        None => None,
    };
    Ok(OnwardShare {
        id: parsed(r, "id")?,
        agency: text(r, "code")?,
        agency_name: text(r, "name")?,
        reason: text(r, "reason")?,
        requested_by: UserRef { id: parsed(r, "requested_by")?, name: text(r, "requested_name")? },
        status: code(r, "status", OnwardShareStatus::from_code)?,
        decided_by,
        decision_reason: opt_text(r, "decision_reason")?,
    })
}

async fn onward_in(tx: &mut WriteTx, id: ItemId) -> Result<(OnwardShare, MeetingCaseId, AgencyId)> {
    let sql = format!("{ONWARD_SELECT} WHERE o.id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(&mut **tx).await?;
    let r = r.ok_or(StoreError::NotFound)?;
    Ok((onward_from(&r)?, parsed(&r, "meeting_case_id")?, parsed(&r, "agency_id")?))
}

/// Gives an agency the minutes of one case: a share like any other, with the
/// meeting's agreement or the chair's approval as its reason (MIN-5).
async fn grant_minutes(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    case: MeetingCaseId,
    agency: AgencyId,
    reason: &str,
    by: UserId,
) -> Result<()> {
    let g = crate::referrals::NewGrant {
        agency,
        audience: mappa_domain::record::ShareAudience::Agency,
        basis: ShareBasis::Minutes,
        basis_id: case.to_string(),
        reason,
    };
    crate::referrals::grant_share(tx, ctx, id, &g, by).await?;
    Ok(())
}

impl Store {
    /// Asks for a case's approved minutes to go to another agency (MIN-5).
    /// One the meeting agreed to is approved at once; any other waits for
    /// the chair. Minutes not yet approved cannot be shared.
    pub async fn request_onward_share(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        at: (MeetingId, MeetingCaseId),
        agency: AgencyId,
        reason: &str,
        by: UserId,
    ) -> Result<OnwardShare> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (m, c) = agenda_case_in(&mut tx, at.0, at.1).await?;
        if c.nominal_id != id {
            return Err(StoreError::NotFound);
        }
        let minutes = latest_in(&mut tx, &m, &c, ctx.today()).await?;
        let Some(minutes) = minutes.filter(|x| x.status == MinutesStatus::Approved) else {
            return Err(StoreError::Conflict("minutes_not_approved"));
        };
        let code: String = text(
            &sqlx::query("SELECT code FROM agencies WHERE id = $1")
                .bind(agency.to_string())
                .fetch_one(&mut *tx)
                .await?,
            "code",
        )?;
        let agreed = minutes.body.onward_sharing_agreed.contains(&code);
        let share = ItemId::new();
        let (status, decision) = if agreed {
            (OnwardShareStatus::Approved, Some(format!("Agreed at the {} meeting on {}", m.panel, m.date)))
        } else {
            (OnwardShareStatus::Requested, None)
        };
        sqlx::query(
            "INSERT INTO minutes_shares (id, meeting_case_id, nominal_id, agency_id, reason, requested_by, requested_at, status, \
             decided_at, decision_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(share.to_string())
        .bind(at.1.to_string())
        .bind(id.to_string())
        .bind(agency.to_string())
        .bind(reason)
        .bind(by.to_string())
        .bind(ctx.at_text())
        .bind(status.code())
        .bind(agreed.then(|| ctx.at_text()))
        .bind(decision.clone())
        .execute(&mut *tx)
        .await?;
        let rctx = ctx.clone().with_reason(Some(reason.to_string()));
        let after = serde_json::json!({"agency_id": agency, "status": status});
        append(
            &mut tx,
            &rctx,
            AuditEntry::new(AuditAction::MinutesShareRequest, "minutes_share", share).nominal(id).after(&after),
        )
        .await?;
        if let Some(d) = &decision {
            grant_minutes(&mut tx, ctx, id, at.1, agency, d, by).await?;
        }
        let (stored, _, _) = onward_in(&mut tx, share).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// The chair approves or refuses a request; approval gives the agency the
    /// minutes. A request already decided is a conflict.
    pub async fn decide_onward_share(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        share: ItemId,
        (approve, reason): (bool, &str),
        by: UserId,
    ) -> Result<OnwardShare> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (current, case, agency) = onward_in(&mut tx, share).await?;
        if current.status != OnwardShareStatus::Requested {
            return Err(StoreError::Conflict("already_decided"));
        }
        let status = if approve { OnwardShareStatus::Approved } else { OnwardShareStatus::Refused };
        sqlx::query("UPDATE minutes_shares SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 WHERE id = $5 AND nominal_id = $6")
            .bind(status.code())
            .bind(by.to_string())
            .bind(ctx.at_text())
            .bind(reason)
            .bind(share.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        let dctx = ctx.clone().with_reason(Some(reason.to_string()));
        append(
            &mut tx,
            &dctx,
            AuditEntry::new(AuditAction::MinutesShareDecide, "minutes_share", share).nominal(id).after(&status),
        )
        .await?;
        if approve {
            grant_minutes(
                &mut tx,
                ctx,
                id,
                case,
                agency,
                &format!("Minutes shared with the chair's approval: {reason}"),
                by,
            )
            .await?;
        }
        let (stored, _, _) = onward_in(&mut tx, share).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// The requests to share a case's minutes onward, oldest first.
    pub async fn onward_shares(&self, case: MeetingCaseId) -> Result<Vec<OnwardShare>> {
        let sql = format!("{ONWARD_SELECT} WHERE o.meeting_case_id = $1 ORDER BY o.requested_at");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case.to_string()).fetch_all(&self.pool).await?;
        rows.iter().map(onward_from).collect()
    }

    /// The case a request belongs to, if any.
    pub async fn onward_share_case(&self, share: ItemId) -> Result<Option<(MeetingId, MeetingCaseId, NominalId)>> {
        let row = sqlx::query(
            "SELECT mc.meeting_id, mc.id, mc.nominal_id FROM minutes_shares o JOIN meeting_cases mc ON mc.id = o.meeting_case_id WHERE o.id = $1",
        )
        .bind(share.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((parsed(&r, "meeting_id")?, parsed(&r, "id")?, parsed(&r, "nominal_id")?))).transpose()
    }

    /// Whether the agency has been given a case's minutes (MIN-5) and still has them.
    pub async fn minutes_shared_with(&self, case: MeetingCaseId, agency: AgencyId) -> Result<bool> {
        let row = sqlx::query(
            "SELECT 1 AS x FROM shares WHERE basis = 'minutes' AND basis_id = $1 AND agency_id = $2 AND withdrawn_at IS NULL",
        )
        .bind(case.to_string())
        .bind(agency.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }
}
