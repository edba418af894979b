//! Agency accountability counted from dated events: invitations and
//! attendance at meetings held in the period, and the actions given at them
//! with their due and completion dates (decision 4: reports from history).

use crate::connect::Store;
use crate::error::Result;
use crate::row::{int, text};
use jiff::civil::Date;
use mappa_domain::accountability::{AgencyAccountability, Period};
use mappa_domain::ids::{AgencyId, AreaId, MeetingCaseId, UnitId};
use std::collections::BTreeMap;

/// Where the report counts: an area, optionally one local unit (the case's).
#[derive(Clone, Copy, Debug)]
pub struct ReportPlace {
    pub area: AreaId,
    pub unit: Option<UnitId>,
}

/// The report's filter on the dated facts stored with each count and action.
const DATED: &str =
    "WHERE {t}.area_id = $1 AND {t}.meeting_date >= $2 AND {t}.meeting_date <= $3 AND ($4 = '' OR {t}.unit_id = $4)";

/// Counts per meeting, case unit and agency from the invitations and the
/// actions given (drafts are not given yet). `{only}` narrows to a meeting.
const COUNTED: &str = "INSERT INTO accountability_counts (meeting_id, area_id, meeting_date, unit_id, agency_id, \
     invited, present, with_report, without_report, absent, not_recorded, actions, on_time, late, cancelled) \
     SELECT meeting_id, area_id, meeting_date, unit_id, agency_id, SUM(invited), SUM(present), SUM(with_report), \
     SUM(without_report), SUM(absent), SUM(not_recorded), SUM(actions), SUM(on_time), SUM(late), SUM(cancelled) FROM ( \
     SELECT mc.meeting_id, i.area_id, i.meeting_date, i.unit_id, i.agency_id, 1 AS invited, \
     CASE WHEN i.status = 'present' THEN 1 ELSE 0 END AS present, \
     CASE WHEN i.status = 'apologies_with_report' THEN 1 ELSE 0 END AS with_report, \
     CASE WHEN i.status = 'apologies' THEN 1 ELSE 0 END AS without_report, \
     CASE WHEN i.status = 'absent' THEN 1 ELSE 0 END AS absent, \
     CASE WHEN i.status IS NULL THEN 1 ELSE 0 END AS not_recorded, \
     0 AS actions, 0 AS on_time, 0 AS late, 0 AS cancelled \
     FROM meeting_invitations i JOIN meeting_cases mc ON mc.id = i.meeting_case_id {only} \
     UNION ALL \
     SELECT mc.meeting_id, x.area_id, x.meeting_date, x.unit_id, x.owner_agency_id, 0, 0, 0, 0, 0, 0, 1, \
     CASE WHEN x.status = 'done' AND x.completed_on <= x.due_date THEN 1 ELSE 0 END, \
     CASE WHEN x.status = 'done' AND x.completed_on > x.due_date THEN 1 ELSE 0 END, \
     CASE WHEN x.status = 'cancelled' THEN 1 ELSE 0 END \
     FROM actions x JOIN meeting_cases mc ON mc.id = x.meeting_case_id {only} AND x.status <> 'draft' \
     ) counted GROUP BY meeting_id, area_id, meeting_date, unit_id, agency_id";

/// Rewrites the counts of the meeting that discusses `case`, in the
/// transaction that changed its invitations or actions.
pub(crate) async fn recount(tx: &mut crate::connect::WriteTx, case: MeetingCaseId) -> Result<()> {
    let meeting: String = text(
        &sqlx::query("SELECT meeting_id FROM meeting_cases WHERE id = $1")
            .bind(case.to_string())
            .fetch_one(&mut **tx)
            .await?,
        "meeting_id",
    )?;
    sqlx::query("DELETE FROM accountability_counts WHERE meeting_id = $1").bind(&meeting).execute(&mut **tx).await?;
    let sql = COUNTED.replace("{only}", "WHERE mc.meeting_id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&meeting).execute(&mut **tx).await?;
    Ok(())
}

/// Rewrites every count (after writing meetings in bulk, for the benchmark).
pub(crate) async fn recount_all(tx: &mut crate::connect::WriteTx) -> Result<()> {
    sqlx::query("DELETE FROM accountability_counts").execute(&mut **tx).await?;
    let sql = COUNTED.replace("{only}", "WHERE 1 = 1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **tx).await?;
    Ok(())
}

impl Store {
    /// Per agency, for meetings held in the period: invitations, attendance,
    /// and the actions given with how they stand on `today`. By agency name.
    pub async fn agency_accountability(
        &self,
        place: ReportPlace,
        period: &Period,
        today: Date,
    ) -> Result<Vec<AgencyAccountability>> {
        let unit = place.unit.map(|u| u.to_string()).unwrap_or_default();
        // Summed from the counts kept per meeting, then named.
        let counts = format!(
            "SELECT a.code, a.name, t.* FROM (SELECT c.agency_id, CAST(SUM(c.invited) AS BIGINT) AS invited, CAST(SUM(c.present) AS BIGINT) AS present, \
             CAST(SUM(c.with_report) AS BIGINT) AS with_report, CAST(SUM(c.without_report) AS BIGINT) AS without_report, CAST(SUM(c.absent) AS BIGINT) AS absent, \
             CAST(SUM(c.not_recorded) AS BIGINT) AS not_recorded, CAST(SUM(c.actions) AS BIGINT) AS actions, CAST(SUM(c.on_time) AS BIGINT) AS on_time, \
             CAST(SUM(c.late) AS BIGINT) AS late, CAST(SUM(c.cancelled) AS BIGINT) AS cancelled \
             FROM accountability_counts c {} GROUP BY c.agency_id) t JOIN agencies a ON a.id = t.agency_id",
            DATED.replace("{t}", "c")
        );
        // Open actions past their due date today, from the open ones' index.
        let overdue = format!(
            "SELECT x.owner_agency_id, COUNT(*) AS overdue FROM actions x {} AND x.status = 'open' AND x.due_date < $5 \
             GROUP BY x.owner_agency_id",
            DATED.replace("{t}", "x")
        );
        let bind = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(place.area.to_string())
                .bind(period.from.to_string())
                .bind(period.to.to_string())
                .bind(unit.clone())
        };
        let (counted, overdue) = tokio::try_join!(
            bind(counts).fetch_all(&self.pool),
            bind(overdue).bind(today.to_string()).fetch_all(&self.pool)
        )?;
        let overdue: BTreeMap<String, i64> =
            overdue.iter().map(|r| Ok((text(r, "owner_agency_id")?, int(r, "overdue")?))).collect::<Result<_>>()?;
        let mut by_agency = Vec::with_capacity(counted.len());
        for r in counted {
            let mut e = AgencyAccountability {
                agency: text(&r, "code")?,
                agency_name: text(&r, "name")?,
                invited: int(&r, "invited")?,
                present: int(&r, "present")?,
                apologies_with_report: int(&r, "with_report")?,
                apologies_without_report: int(&r, "without_report")?,
                absent: int(&r, "absent")?,
                not_recorded: int(&r, "not_recorded")?,
                actions: int(&r, "actions")?,
                done_on_time: int(&r, "on_time")?,
                done_late: int(&r, "late")?,
                cancelled: int(&r, "cancelled")?,
                overdue: overdue.get(&text(&r, "agency_id")?).copied().unwrap_or(0),
                ..Default::default()
            };
            e.apologies = e.apologies_with_report + e.apologies_without_report;
            e.open = e.actions - e.done_on_time - e.done_late - e.cancelled - e.overdue;
            by_agency.push(e);
        }
        by_agency.sort_by(|a, b| (&a.agency_name, &a.agency).cmp(&(&b.agency_name, &b.agency)));
        Ok(by_agency)
    }

    /// The drill-down behind one agency's figures: each invitation to a
    /// meeting held in the period, by date, and the actions given at them.
    pub async fn agency_record(
        &self,
        place: ReportPlace,
        period: &Period,
        agency: AgencyId,
        today: Date,
    ) -> Result<(Vec<InvitationLine>, Vec<mappa_domain::minutes::Action>)> {
        let unit = place.unit.map(|u| u.to_string()).unwrap_or_default();
        let sql = format!(
            "SELECT m.id AS meeting_id, m.meeting_date, p.name AS panel, n.surname, n.forenames, i.status \
             FROM meeting_invitations i JOIN meeting_cases mc ON mc.id = i.meeting_case_id \
             JOIN meetings m ON m.id = mc.meeting_id JOIN panels p ON p.id = m.panel_id \
             JOIN nominals n ON n.id = mc.nominal_id {} AND i.agency_id = $5 ORDER BY m.meeting_date, n.search_key",
            DATED.replace("{t}", "i")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(place.area.to_string())
            .bind(period.from.to_string())
            .bind(period.to.to_string())
            .bind(unit.clone())
            .bind(agency.to_string())
            .fetch_all(&self.pool)
            .await?;
        let invitations = rows
            .iter()
            .map(|r| {
                Ok(InvitationLine {
                    meeting_id: crate::row::parsed(r, "meeting_id")?,
                    date: crate::row::date(r, "meeting_date")?,
                    panel: text(r, "panel")?,
                    person: mappa_domain::nominal::display_name(&text(r, "surname")?, &text(r, "forenames")?),
                    status: crate::row::opt_text(r, "status")?
                        .and_then(|s| mappa_domain::meetings::AttendanceStatus::from_code(&s)),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let filter = crate::ActionFilter {
            agency: Some(agency),
            area: Some(place.area),
            held: Some((period.from, period.to)),
            ..Default::default()
        };
        Ok((invitations, self.actions(filter, today, 1000).await?))
    }
}

/// One invitation in the drill-down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationLine {
    pub meeting_id: mappa_domain::ids::MeetingId,
    pub date: Date,
    pub panel: String,
    pub person: String,
    pub status: Option<mappa_domain::meetings::AttendanceStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDatabase;
    use jiff::civil::date;

    /// The same figures counted straight from every invitation and action.
    async fn counted_directly(store: &Store, area: &str, period: &Period, today: Date) -> Vec<(String, [i64; 8])> {
        let rows = sqlx::query(
            "SELECT a.code, \
             (SELECT COUNT(*) FROM meeting_invitations i WHERE i.agency_id = a.id AND i.area_id = $1 \
               AND i.meeting_date BETWEEN $2 AND $3) AS invited, \
             (SELECT COUNT(*) FROM meeting_invitations i WHERE i.agency_id = a.id AND i.area_id = $1 \
               AND i.meeting_date BETWEEN $2 AND $3 AND i.status = 'present') AS present, \
             (SELECT COUNT(*) FROM meeting_invitations i WHERE i.agency_id = a.id AND i.area_id = $1 \
               AND i.meeting_date BETWEEN $2 AND $3 AND i.status LIKE 'apologies%') AS apologies, \
             (SELECT COUNT(*) FROM actions x WHERE x.owner_agency_id = a.id AND x.area_id = $1 \
               AND x.meeting_date BETWEEN $2 AND $3 AND x.status <> 'draft') AS actions, \
             (SELECT COUNT(*) FROM actions x WHERE x.owner_agency_id = a.id AND x.area_id = $1 \
               AND x.meeting_date BETWEEN $2 AND $3 AND x.status = 'done' AND x.completed_on <= x.due_date) AS on_time, \
             (SELECT COUNT(*) FROM actions x WHERE x.owner_agency_id = a.id AND x.area_id = $1 \
               AND x.meeting_date BETWEEN $2 AND $3 AND x.status = 'done' AND x.completed_on > x.due_date) AS late, \
             (SELECT COUNT(*) FROM actions x WHERE x.owner_agency_id = a.id AND x.area_id = $1 \
               AND x.meeting_date BETWEEN $2 AND $3 AND x.status = 'open' AND x.due_date >= $4) AS open, \
             (SELECT COUNT(*) FROM actions x WHERE x.owner_agency_id = a.id AND x.area_id = $1 \
               AND x.meeting_date BETWEEN $2 AND $3 AND x.status = 'open' AND x.due_date < $4) AS overdue \
             FROM agencies a ORDER BY a.code",
        )
        .bind(area)
        .bind(period.from.to_string())
        .bind(period.to.to_string())
        .bind(today.to_string())
        .fetch_all(&store.pool)
        .await
        .unwrap();
        let cols = ["invited", "present", "apologies", "actions", "on_time", "late", "open", "overdue"];
        rows.iter()
            .map(|r| (text(r, "code").unwrap(), cols.map(|c| int(r, c).unwrap())))
            .filter(|(_, n)| n.iter().any(|&n| n > 0))
            .collect()
    }

    #[tokio::test]
    async fn counts_kept_per_meeting_agree_with_counting_every_row() {
        let today = date(2026, 11, 23);
        for db in TestDatabase::all().await {
            let store = Store::connect(&db.url).await.unwrap().with_audit_key(crate::testing::audit_key());
            let people = store.fill_for_benchmark(120, today, |_| {}).await.unwrap();
            let m = store.fill_meetings_for_benchmark(people.agency, 100, today).await.unwrap();
            assert!(m.actions > 0);
            let area = store.area(&m.area).await.unwrap().unwrap().id;
            for period in [Period { from: date(2025, 11, 24), to: today }, Period { from: date(2022, 1, 1), to: today }]
            {
                let kept = store.agency_accountability(ReportPlace { area, unit: None }, &period, today).await.unwrap();
                let mut kept: Vec<(String, [i64; 8])> = kept
                    .into_iter()
                    .map(|a| {
                        let n = [
                            a.invited,
                            a.present,
                            a.apologies,
                            a.actions,
                            a.done_on_time,
                            a.done_late,
                            a.open,
                            a.overdue,
                        ];
                        (a.agency, n)
                    })
                    .collect();
                kept.sort();
                assert_eq!(kept, counted_directly(&store, &area.to_string(), &period, today).await);
                assert!(kept.iter().any(|(_, n)| n[7] > 0 && n[5] > 0), "the data has overdue and late actions");
            }
            db.cleanup().await.unwrap();
        }
    }
}
