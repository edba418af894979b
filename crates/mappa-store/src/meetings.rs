//! Panel meetings: the agenda, the agencies invited for each case and their
//! attendance (MTG-1, MIN-1, MIN-7). Inviting an agency shares the case with
//! it for MAPPA, with the meeting as the share's basis (one access model).

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::referrals::{NewGrant, grant_share};
use crate::row::{b, code, date, flag, int, opt_parsed, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, AreaId, MeetingCaseId, MeetingId, NominalId, PanelId, UserId};
use mappa_domain::meetings::{AgendaCase, AgendaKind, AttendanceStatus, Invitation, Meeting, ValidAttendance};
use mappa_domain::minutes::MinutesStatus;
use mappa_domain::nominal::display_name;
use mappa_domain::record::{ShareAudience, ShareBasis, UserRef};
use mappa_domain::referrals::ReferralStatus;
use sqlx::any::AnyRow;

const MEETING_SELECT: &str = "SELECT m.*, p.name AS panel_name, p.level, p.area_id, ar.code AS area_code, \
     lu.code AS unit_code, p.chair_user_id, c.display_name AS chair_name, cb.display_name AS by_name \
     FROM meetings m JOIN panels p ON p.id = m.panel_id JOIN areas ar ON ar.id = p.area_id \
     LEFT JOIN local_units lu ON lu.id = p.unit_id LEFT JOIN users c ON c.id = p.chair_user_id \
     JOIN users cb ON cb.id = m.created_by";

/// MIN-7: the person's meetings are numbered in order of date.
const CASE_SELECT: &str = "SELECT mc.*, n.surname, n.forenames, \
     (SELECT COUNT(*) FROM meeting_cases o JOIN meetings om ON om.id = o.meeting_id \
        WHERE o.nominal_id = mc.nominal_id AND (om.meeting_date < m.meeting_date \
        OR (om.meeting_date = m.meeting_date AND o.added_at <= mc.added_at))) AS meeting_number, \
     (SELECT mi.status FROM minutes mi WHERE mi.meeting_case_id = mc.id ORDER BY mi.version DESC LIMIT 1) AS minutes_status \
     FROM meeting_cases mc JOIN meetings m ON m.id = mc.meeting_id JOIN nominals n ON n.id = mc.nominal_id";

const INVITATION_SELECT: &str =
    "SELECT i.*, a.code, a.name FROM meeting_invitations i JOIN agencies a ON a.id = i.agency_id";

fn meeting_from(r: &AnyRow, cases: Vec<AgendaCase>) -> Result<Meeting> {
    let chair = match opt_parsed::<UserId>(r, "chair_user_id")? {
        Some(id) => Some(UserRef { id, name: text(r, "chair_name")? }),
        None => None,
    };
    Ok(Meeting {
        id: parsed(r, "id")?,
        panel_id: parsed(r, "panel_id")?,
        panel: text(r, "panel_name")?,
        level: u8::try_from(int(r, "level")?).map_err(|_| StoreError::Corrupt("panels.level".into()))?,
        area: text(r, "area_code")?,
        unit: opt_text(r, "unit_code")?,
        chair,
        date: date(r, "meeting_date")?,
        statement_read: flag(r, "statement_read")?,
        scheduled_by: UserRef { id: parsed(r, "created_by")?, name: text(r, "by_name")? },
        cases,
    })
}

fn invitation_from(r: &AnyRow) -> Result<Invitation> {
    Ok(Invitation {
        agency: text(r, "code")?,
        agency_name: text(r, "name")?,
        status: opt_text(r, "status")?.map(|s| AttendanceStatus::from_code(&s)).unwrap_or_default(),
        attendee: opt_text(r, "attendee")?,
        grade: opt_text(r, "grade")?,
    })
}

fn case_from(r: &AnyRow, invited: Vec<Invitation>) -> Result<AgendaCase> {
    Ok(AgendaCase {
        id: parsed(r, "id")?,
        meeting_id: parsed(r, "meeting_id")?,
        nominal_id: parsed(r, "nominal_id")?,
        person: display_name(&text(r, "surname")?, &text(r, "forenames")?),
        kind: code(r, "kind", AgendaKind::from_code)?,
        referral_id: opt_parsed(r, "referral_id")?,
        meeting_number: u32::try_from(int(r, "meeting_number")?).unwrap_or(1),
        invited,
        minutes: opt_text(r, "minutes_status")?.and_then(|s| MinutesStatus::from_code(&s)),
    })
}

/// The cases of the meetings whose ids are given, each with its invitations;
/// `agency`, when given, keeps only the cases that agency was invited to.
async fn cases_of(
    conn: &mut sqlx::AnyConnection,
    meetings: &[String],
    agency: Option<AgencyId>,
) -> Result<Vec<AgendaCase>> {
    if meetings.is_empty() {
        return Ok(Vec::new());
    }
    let params: Vec<String> = (1..=meetings.len()).map(|i| format!("${i}")).collect();
    let mut sql = format!("{CASE_SELECT} WHERE mc.meeting_id IN ({})", params.join(", "));
    if agency.is_some() {
        // Invited, or given the minutes since (MIN-5).
        let n = meetings.len() + 1;
        sql.push_str(&format!(
            " AND (EXISTS (SELECT 1 FROM meeting_invitations x WHERE x.meeting_case_id = mc.id AND x.agency_id = ${n}) \
             OR EXISTS (SELECT 1 FROM shares sh WHERE sh.nominal_id = mc.nominal_id AND sh.agency_id = ${n} \
             AND sh.basis = 'minutes' AND sh.basis_id = mc.id AND sh.withdrawn_at IS NULL))"
        ));
    }
    sql.push_str(" ORDER BY mc.added_at, mc.id");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for m in meetings {
        q = q.bind(m.clone());
    }
    if let Some(a) = agency {
        q = q.bind(a.to_string());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let ids: Vec<String> = rows.iter().map(|r| text(r, "id")).collect::<Result<_>>()?;
    let invitations = if ids.is_empty() {
        Vec::new()
    } else {
        let params: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{INVITATION_SELECT} WHERE i.meeting_case_id IN ({}) ORDER BY a.name", params.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(id.clone());
        }
        q.fetch_all(&mut *conn).await?
    };
    let mut by_case: std::collections::HashMap<String, Vec<Invitation>> = std::collections::HashMap::new();
    for i in &invitations {
        by_case.entry(text(i, "meeting_case_id")?).or_default().push(invitation_from(i)?);
    }
    let mut out = Vec::with_capacity(rows.len());
    for (r, id) in rows.iter().zip(&ids) {
        out.push(case_from(r, by_case.remove(id).unwrap_or_default())?);
    }
    Ok(out)
}

pub(crate) async fn meeting_in(
    conn: &mut sqlx::AnyConnection,
    id: MeetingId,
    agency: Option<AgencyId>,
) -> Result<Meeting> {
    let sql = format!("{MEETING_SELECT} WHERE m.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(&mut *conn).await?;
    let row = row.ok_or(StoreError::NotFound)?;
    let cases = cases_of(conn, &[id.to_string()], agency).await?;
    meeting_from(&row, cases)
}

/// One case of a meeting, with its meeting.
pub(crate) async fn agenda_case_in(
    conn: &mut sqlx::AnyConnection,
    meeting: MeetingId,
    case: MeetingCaseId,
) -> Result<(Meeting, AgendaCase)> {
    let m = meeting_in(conn, meeting, None).await?;
    let c = m.cases.iter().find(|c| c.id == case).cloned().ok_or(StoreError::NotFound)?;
    Ok((m, c))
}

/// A meeting in a list: its date, panel and how many cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub date: Date,
    pub panel: String,
    pub level: u8,
    pub cases: i64,
}

/// Which meetings a list holds.
#[derive(Clone, Copy, Debug)]
pub struct MeetingFilter {
    pub area: Option<AreaId>,
    /// Only meetings with a case this agency is invited to (or was given the
    /// minutes of), and only those cases.
    pub invited: Option<AgencyId>,
    pub from: Date,
    pub to: Date,
}

impl Store {
    /// Schedules a meeting of a panel.
    pub async fn create_meeting(&self, ctx: &AuditCtx, panel: PanelId, on: Date, by: UserId) -> Result<Meeting> {
        let id = MeetingId::new();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO meetings (id, panel_id, meeting_date, statement_read, created_by, created_at) VALUES ($1, $2, $3, 0, $4, $5)")
            .bind(id.to_string())
            .bind(panel.to_string())
            .bind(on.to_string())
            .bind(by.to_string())
            .bind(ctx.at_text())
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({"panel_id": panel, "date": on});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::MeetingCreate, "meeting", id).after(&after)).await?;
        let m = meeting_in(&mut tx, id, None).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// A meeting with its whole agenda, or only the cases `agency` was invited to.
    pub async fn meeting(&self, id: MeetingId, agency: Option<AgencyId>) -> Result<Option<Meeting>> {
        let mut conn = self.pool.acquire().await?;
        match meeting_in(&mut conn, id, agency).await {
            Err(StoreError::NotFound) => Ok(None),
            r => r.map(Some),
        }
    }

    /// Meetings in a date range, by date: an area's, or those an agency is
    /// invited to (with only its cases).
    pub async fn meetings(&self, f: MeetingFilter) -> Result<Vec<Meeting>> {
        let mut sql = format!("{MEETING_SELECT} WHERE m.meeting_date >= $1 AND m.meeting_date <= $2");
        let mut binds = vec![f.from.to_string(), f.to.to_string()];
        if let Some(a) = f.area {
            binds.push(a.to_string());
            sql.push_str(&format!(" AND p.area_id = ${}", binds.len()));
        }
        if let Some(a) = f.invited {
            binds.push(a.to_string());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM meeting_cases mc JOIN meeting_invitations i ON i.meeting_case_id = mc.id \
                 WHERE mc.meeting_id = m.id AND i.agency_id = ${})",
                binds.len()
            ));
        }
        sql.push_str(" ORDER BY m.meeting_date, p.name LIMIT 200");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in binds {
            q = q.bind(v);
        }
        let mut conn = self.pool.acquire().await?;
        let rows = q.fetch_all(&mut *conn).await?;
        let ids: Vec<String> = rows.iter().map(|r| text(r, "id")).collect::<Result<_>>()?;
        let cases = cases_of(&mut conn, &ids, f.invited).await?;
        let mut by_meeting: std::collections::HashMap<MeetingId, Vec<AgendaCase>> = std::collections::HashMap::new();
        for c in cases {
            by_meeting.entry(c.meeting_id).or_default().push(c);
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: MeetingId = parsed(r, "id")?;
            out.push(meeting_from(r, by_meeting.remove(&id).unwrap_or_default())?);
        }
        Ok(out)
    }

    /// The same meetings as [`Store::meetings`] without their agendas: each
    /// with the number of its cases (those the agency is invited to, with
    /// `invited`). For lists and the home page.
    pub async fn meeting_summaries(&self, f: MeetingFilter) -> Result<Vec<MeetingSummary>> {
        let mut binds = vec![f.from.to_string(), f.to.to_string()];
        let mut filter = String::new();
        if let Some(a) = f.area {
            binds.push(a.to_string());
            filter.push_str(&format!(" AND p.area_id = ${}", binds.len()));
        }
        let invited = match f.invited {
            Some(a) => {
                binds.push(a.to_string());
                format!(
                    " AND EXISTS (SELECT 1 FROM meeting_invitations i WHERE i.meeting_case_id = mc.id AND i.agency_id = ${})",
                    binds.len()
                )
            }
            None => String::new(),
        };
        let count = format!("SELECT COUNT(*) FROM meeting_cases mc WHERE mc.meeting_id = m.id{invited}");
        if f.invited.is_some() {
            filter
                .push_str(&format!(" AND EXISTS (SELECT 1 FROM meeting_cases mc WHERE mc.meeting_id = m.id{invited})"));
        }
        let sql = format!(
            "SELECT m.id, m.meeting_date, p.name AS panel, p.level, ({count}) AS cases FROM meetings m \
             JOIN panels p ON p.id = m.panel_id WHERE m.meeting_date >= $1 AND m.meeting_date <= $2{filter} \
             ORDER BY m.meeting_date, p.name LIMIT 500"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in binds {
            q = q.bind(v);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(MeetingSummary {
                    id: parsed(r, "id")?,
                    date: date(r, "meeting_date")?,
                    panel: text(r, "panel")?,
                    level: u8::try_from(int(r, "level")?).unwrap_or(2),
                    cases: int(r, "cases")?,
                })
            })
            .collect()
    }

    /// Lists a case on a meeting's agenda and invites agencies to discuss it,
    /// sharing the case with each for MAPPA (the meeting as the reason). A
    /// referral accepted and not yet listed makes it a new referral; anything
    /// else is a review.
    pub async fn add_to_agenda(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        meeting: MeetingId,
        agencies: &[AgencyId],
        by: UserId,
    ) -> Result<AgendaCase> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let m = meeting_in(&mut tx, meeting, None).await?;
        touch(&mut tx, ctx, id).await?;
        let referral = sqlx::query(
            "SELECT r.id FROM referrals r WHERE r.nominal_id = $1 AND r.status = $2 \
             AND NOT EXISTS (SELECT 1 FROM meeting_cases mc WHERE mc.referral_id = r.id) ORDER BY r.referred_at DESC LIMIT 1",
        )
        .bind(id.to_string())
        .bind(ReferralStatus::Accepted.code())
        .fetch_optional(&mut *tx)
        .await?;
        let referral: Option<String> = referral.as_ref().map(|r| text(r, "id")).transpose()?;
        let kind = if referral.is_some() { AgendaKind::NewReferral } else { AgendaKind::Review };
        let case = MeetingCaseId::new();
        let r = sqlx::query(
            "INSERT INTO meeting_cases (id, meeting_id, nominal_id, referral_id, kind, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(case.to_string())
        .bind(meeting.to_string())
        .bind(id.to_string())
        .bind(referral)
        .bind(kind.code())
        .bind(by.to_string())
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await;
        match r {
            Err(e) if StoreError::is_unique_violation(&e) => return Err(StoreError::Conflict("already_listed")),
            r => r?,
        };
        let after = serde_json::json!({"meeting_id": meeting, "kind": kind});
        append(&mut tx, ctx, AuditEntry::new(AuditAction::AgendaAdd, "meeting_case", case).nominal(id).after(&after))
            .await?;
        invite(&mut tx, ctx, id, case, &m, agencies, by).await?;
        crate::accountability::recount(&mut tx, case).await?;
        let (_, stored) = agenda_case_in(&mut tx, meeting, case).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Records attendance for a case of a meeting: each agency given must
    /// have been invited. Also records whether the statement was read (MIN-1).
    pub async fn record_attendance(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        (meeting, case): (MeetingId, MeetingCaseId),
        entries: &[(AgencyId, ValidAttendance)],
        statement_read: Option<bool>,
        by: UserId,
    ) -> Result<AgendaCase> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let (_, before) = agenda_case_in(&mut tx, meeting, case).await?;
        if before.nominal_id != id {
            return Err(StoreError::NotFound);
        }
        let mut errors = ValidationErrors::new();
        for (i, (agency, a)) in entries.iter().enumerate() {
            let r = sqlx::query(
                "UPDATE meeting_invitations SET status = $1, attendee = $2, grade = $3, recorded_by = $4, recorded_at = $5 \
                 WHERE meeting_case_id = $6 AND agency_id = $7",
            )
            .bind(a.status.code())
            .bind(&a.attendee)
            .bind(&a.grade)
            .bind(by.to_string())
            .bind(ctx.at_text())
            .bind(case.to_string())
            .bind(agency.to_string())
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                errors.add(
                    format!("attendance[{i}].agency"),
                    "not_invited",
                    "This agency was not invited to discuss the case: invite it first",
                );
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        if let Some(read) = statement_read {
            sqlx::query("UPDATE meetings SET statement_read = $1 WHERE id = $2")
                .bind(b(read))
                .bind(meeting.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let after: Vec<serde_json::Value> =
            entries.iter().map(|(a, v)| serde_json::json!({"agency_id": a, "status": v.status})).collect();
        let after = serde_json::json!({"attendance": after, "statement_read": statement_read});
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::AttendanceRecord, "meeting_case", case).nominal(id).after(&after),
        )
        .await?;
        crate::accountability::recount(&mut tx, case).await?;
        let (_, stored) = agenda_case_in(&mut tx, meeting, case).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// One case of a meeting, with the meeting.
    pub async fn agenda_case(&self, meeting: MeetingId, case: MeetingCaseId) -> Result<Option<(Meeting, AgendaCase)>> {
        let mut conn = self.pool.acquire().await?;
        match agenda_case_in(&mut conn, meeting, case).await {
            Err(StoreError::NotFound) => Ok(None),
            r => r.map(Some),
        }
    }

    /// Whether `agency` was invited to discuss the case.
    pub async fn invited(&self, case: MeetingCaseId, agency: AgencyId) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS x FROM meeting_invitations WHERE meeting_case_id = $1 AND agency_id = $2")
            .bind(case.to_string())
            .bind(agency.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }
}

/// Where a discussion counts in reports: the meeting's area, and the case's
/// local unit when it was listed (its own, else its owning agency's).
pub(crate) async fn listing_place(tx: &mut WriteTx, m: &Meeting, id: NominalId) -> Result<crate::panels::Place> {
    let row = sqlx::query("SELECT area_id FROM panels WHERE id = $1")
        .bind(m.panel_id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let area = parsed(&row, "area_id")?;
    let unit = crate::panels::case_place(tx, id).await?.filter(|p| p.area == area).and_then(|p| p.unit);
    Ok(crate::panels::Place { area, unit })
}

/// Invites agencies for a case and shares the case with each that does not
/// own it, for as long as it is managed at Level 2 or 3.
async fn invite(
    tx: &mut WriteTx,
    ctx: &AuditCtx,
    id: NominalId,
    case: MeetingCaseId,
    m: &Meeting,
    agencies: &[AgencyId],
    by: UserId,
) -> Result<()> {
    let owner: AgencyId = parsed(
        &sqlx::query("SELECT owning_agency_id FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await?,
        "owning_agency_id",
    )?;
    let reason = format!("Invited to the {} meeting on {}", m.panel, m.date);
    let place = listing_place(tx, m, id).await?;
    for agency in agencies {
        sqlx::query(
            "INSERT INTO meeting_invitations (meeting_case_id, agency_id, invited_by, invited_at, area_id, unit_id, meeting_date) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(case.to_string())
        .bind(agency.to_string())
        .bind(by.to_string())
        .bind(ctx.at_text())
        .bind(place.area.to_string())
        .bind(place.unit.map(|u| u.to_string()))
        .bind(m.date.to_string())
        .execute(&mut **tx)
        .await?;
        if *agency != owner {
            let g = NewGrant {
                agency: *agency,
                audience: ShareAudience::Agency,
                basis: ShareBasis::Meeting,
                basis_id: m.id.to_string(),
                reason: &reason,
            };
            grant_share(tx, ctx, id, &g, by).await?;
        }
    }
    Ok(())
}
