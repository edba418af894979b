//! The daily sweep's MAPPA tasks (issue 10, journey 8): a referral awaiting
//! screening beyond the configured days (MTG-6), a case due for review at its
//! panel and not yet listed (MTG-3), minutes not approved within the
//! configured days (MTG-5) for the area's coordinators and chairs; and an
//! action due within 7 days or overdue for its owning agency. Each due date
//! comes from the rules engine; a task whose work is done is resolved.

use crate::compliance::{MAPPA_KINDS, insert_tasks};
use crate::connect::WriteTx;
use crate::error::{Result, StoreError};
use crate::row::{date, text};
use jiff::civil::Date;
use mappa_domain::obligations::{Obligation, ObligationKind};
use mappa_domain::rules::{RulesConfig, add_days, minutes_approval_due};
use std::collections::HashSet;

/// What the MAPPA part of the sweep did.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MappaSweep {
    pub created: u64,
    pub resolved: u64,
}

/// Days before an action's due date that its task appears.
const ACTION_NOTICE_DAYS: i64 = 7;

/// The agencies employing each area's coordinators and chairs, joined on the
/// area named by `p_area`.
const UNIT_AGENCIES: &str = "JOIN (SELECT DISTINCT a.area_id AS unit_area, u.agency_id FROM users u \
     JOIN user_roles ur ON ur.user_id = u.id JOIN agencies a ON a.id = u.agency_id \
     WHERE u.active = 1 AND ur.role IN ('coordinator', 'chair')) x ON x.unit_area = p_area";

/// One task the MAPPA work calls for today: (record, agency, obligation).
type Due = (String, String, Obligation);

fn task(kind: ObligationKind, source: String, due: Date, rule: &str) -> Obligation {
    Obligation { kind, due, rule: rule.to_string(), source }
}

/// A task for each agency of the MAPPA unit: the source names the work and
/// the agency, as a task is made once per record, kind, source and date.
fn unit_task(r: &sqlx::any::AnyRow, kind: ObligationKind, due: Date, rule: &str) -> Result<Due> {
    let agency = text(r, "agency_id")?;
    let source = format!("{}@{agency}", text(r, "id")?);
    Ok((text(r, "nominal_id")?, agency, task(kind, source, due, rule)))
}

pub(crate) async fn sweep_mappa(
    tx: &mut WriteTx,
    ctx: &crate::audit::AuditCtx,
    as_of: Date,
    rules: &RulesConfig,
) -> Result<MappaSweep> {
    let at = &ctx.at_text();
    let mut due: Vec<Due> = crate::transfers::transfer_tasks(tx, ctx, as_of, rules).await?;
    due.extend(crate::disclosure_applications::application_tasks(tx).await?);
    due.extend(crate::sfo::scr_tasks(tx).await?);
    let soon = add_days(as_of, crate::DUE_SOON_DAYS).unwrap_or(as_of);

    // MTG-6: referrals past the day screening was due.
    let sql = format!(
        "SELECT r.id, r.nominal_id, r.screening_due, x.agency_id FROM referrals r \
         {} WHERE r.status = 'awaiting_screening' AND r.screening_due <= $1",
        UNIT_AGENCIES.replace("p_area", "r.area_id")
    );
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(as_of.to_string()).fetch_all(&mut **tx).await? {
        due.push(unit_task(&r, ObligationKind::ReferralScreening, date(&r, "screening_due")?, "MTG-6")?);
    }

    // MTG-6: a referral returned for more information, for the referring
    // agency, from the day it was returned until it is sent again.
    let rows =
        sqlx::query("SELECT id, nominal_id, referring_agency_id, screened_at FROM referrals WHERE status = 'returned'")
            .fetch_all(&mut **tx)
            .await?;
    for r in rows {
        let day = crate::audit::london_date(crate::row::parsed(&r, "screened_at")?);
        let o = task(ObligationKind::ReferralReturned, text(&r, "id")?, day, "MTG-6");
        due.push((text(&r, "nominal_id")?, text(&r, "referring_agency_id")?, o));
    }

    // MTG-3: a review due soon, with no later meeting listed, for the MAPPA
    // unit of the area the case is in now (a transferred case's reviews move
    // with it), else of the panel's area.
    let sql = format!(
        "SELECT mc.id, mc.nominal_id, mi.next_review_date, x.agency_id FROM minutes mi \
         JOIN meeting_cases mc ON mc.id = mi.meeting_case_id JOIN meetings m ON m.id = mc.meeting_id \
         JOIN panels p ON p.id = m.panel_id JOIN nominals nn ON nn.id = mc.nominal_id {} \
         WHERE mi.status = 'approved' AND mi.next_review_date IS NOT NULL AND mi.next_review_date <= $1 \
         AND NOT EXISTS (SELECT 1 FROM meeting_cases later JOIN meetings lm ON lm.id = later.meeting_id \
            WHERE later.nominal_id = mc.nominal_id AND lm.meeting_date > m.meeting_date)",
        UNIT_AGENCIES.replace("p_area", "COALESCE(nn.area_id, p.area_id)")
    );
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(soon.to_string()).fetch_all(&mut **tx).await? {
        due.push(unit_task(&r, ObligationKind::ReviewListing, date(&r, "next_review_date")?, "MTG-3")?);
    }

    // MTG-5: minutes of a meeting held, not approved in the configured days.
    let sql = format!(
        "SELECT mc.id, mc.nominal_id, m.meeting_date, x.agency_id FROM meeting_cases mc \
         JOIN meetings m ON m.id = mc.meeting_id JOIN panels p ON p.id = m.panel_id {} \
         WHERE m.meeting_date <= $1 AND NOT EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_case_id = mc.id \
            AND mi.status = 'approved')",
        UNIT_AGENCIES.replace("p_area", "p.area_id")
    );
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(as_of.to_string()).fetch_all(&mut **tx).await? {
        let Some(by) = minutes_approval_due(date(&r, "meeting_date")?, rules).value else { continue };
        if by < as_of {
            due.push(unit_task(&r, ObligationKind::MinutesApproval, by, "MTG-5")?);
        }
    }

    // Actions due within a week or overdue, for the agency that owns them.
    let notice = add_days(as_of, ACTION_NOTICE_DAYS).unwrap_or(as_of);
    let rows = sqlx::query(
        "SELECT id, nominal_id, owner_agency_id, due_date FROM actions WHERE status = 'open' AND due_date <= $1",
    )
    .bind(notice.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for r in rows {
        let o = task(ObligationKind::ActionDue, text(&r, "id")?, date(&r, "due_date")?, "MTG-1");
        due.push((text(&r, "nominal_id")?, text(&r, "owner_agency_id")?, o));
    }

    let rows: Vec<(&str, &str, &Obligation)> = due.iter().map(|(n, a, o)| (n.as_str(), a.as_str(), o)).collect();
    let created = insert_tasks(tx, &rows, at).await?;

    // Work done (screened, listed, approved, action closed): its open task is resolved.
    let current: HashSet<(String, String, String, String)> = due
        .iter()
        .map(|(n, _, o)| (n.clone(), o.kind.code().to_string(), o.source.clone(), o.due.to_string()))
        .collect();
    let sql = format!(
        "SELECT id, nominal_id, kind, source, due_date FROM tasks WHERE status = 'open' AND kind IN ({MAPPA_KINDS})"
    );
    let mut resolved = 0;
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut **tx).await? {
        let key = (text(&r, "nominal_id")?, text(&r, "kind")?, text(&r, "source")?, text(&r, "due_date")?);
        if current.contains(&key) {
            continue;
        }
        resolved +=
            sqlx::query("UPDATE tasks SET status = 'resolved', closed_at = $1 WHERE id = $2 AND status = 'open'")
                .bind(at)
                .bind(text(&r, "id")?)
                .execute(&mut **tx)
                .await
                .map_err(StoreError::from)?
                .rows_affected();
    }
    Ok(MappaSweep { created, resolved })
}
