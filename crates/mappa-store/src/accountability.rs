//! Agency accountability counted from dated events: invitations and
//! attendance at meetings held in the period, and the actions given at them
//! with their due and completion dates (decision 4: reports from history).

use crate::connect::Store;
use crate::error::Result;
use crate::row::{int, text};
use jiff::civil::Date;
use mappa_domain::accountability::{AgencyAccountability, Period};
use mappa_domain::ids::{AgencyId, AreaId, UnitId};
use std::collections::BTreeMap;

/// Where the report counts: an area, optionally one local unit (the case's).
#[derive(Clone, Copy, Debug)]
pub struct ReportPlace {
    pub area: AreaId,
    pub unit: Option<UnitId>,
}

/// Invitations and actions of the area's meetings held in the period (and of
/// the unit's cases), from the facts stored with each when it was made.
const DATED: &str =
    "WHERE {t}.area_id = $1 AND {t}.meeting_date >= $2 AND {t}.meeting_date <= $3 AND ($4 = '' OR {t}.unit_id = $4)";

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
        // Counted per agency in one pass over the report index, then named.
        let attendance = format!(
            "SELECT a.code, a.name, t.* FROM (SELECT i.agency_id, COUNT(*) AS invited, \
             SUM(CASE WHEN i.status = 'present' THEN 1 ELSE 0 END) AS present, \
             SUM(CASE WHEN i.status = 'apologies_with_report' THEN 1 ELSE 0 END) AS with_report, \
             SUM(CASE WHEN i.status = 'apologies' THEN 1 ELSE 0 END) AS without_report, \
             SUM(CASE WHEN i.status = 'absent' THEN 1 ELSE 0 END) AS absent, \
             SUM(CASE WHEN i.status IS NULL THEN 1 ELSE 0 END) AS not_recorded \
             FROM meeting_invitations i {} GROUP BY i.agency_id) t JOIN agencies a ON a.id = t.agency_id",
            DATED.replace("{t}", "i")
        );
        let actions = format!(
            "SELECT a.code, a.name, t.* FROM (SELECT x.owner_agency_id, COUNT(*) AS actions, \
             SUM(CASE WHEN x.status = 'done' AND x.completed_on <= x.due_date THEN 1 ELSE 0 END) AS on_time, \
             SUM(CASE WHEN x.status = 'done' AND x.completed_on > x.due_date THEN 1 ELSE 0 END) AS late, \
             SUM(CASE WHEN x.status = 'open' AND x.due_date >= $5 THEN 1 ELSE 0 END) AS open, \
             SUM(CASE WHEN x.status = 'open' AND x.due_date < $5 THEN 1 ELSE 0 END) AS overdue, \
             SUM(CASE WHEN x.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled \
             FROM actions x {} AND x.status <> 'draft' GROUP BY x.owner_agency_id) t JOIN agencies a ON a.id = t.owner_agency_id",
            DATED.replace("{t}", "x")
        );
        let bind = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(place.area.to_string())
                .bind(period.from.to_string())
                .bind(period.to.to_string())
                .bind(unit.clone())
        };
        // The two counts read apart, side by side (each its own connection).
        let (invitations, given) = tokio::try_join!(
            bind(attendance).fetch_all(&self.pool),
            bind(actions).bind(today.to_string()).fetch_all(&self.pool)
        )?;
        let mut by_agency: BTreeMap<(String, String), AgencyAccountability> = BTreeMap::new();
        for r in invitations {
            let (code, name) = (text(&r, "code")?, text(&r, "name")?);
            let e = by_agency.entry((name.clone(), code.clone())).or_default();
            e.invited = int(&r, "invited")?;
            e.present = int(&r, "present")?;
            e.apologies_with_report = int(&r, "with_report")?;
            e.apologies_without_report = int(&r, "without_report")?;
            e.apologies = e.apologies_with_report + e.apologies_without_report;
            e.absent = int(&r, "absent")?;
            e.not_recorded = int(&r, "not_recorded")?;
        }
        for r in given {
            let (code, name) = (text(&r, "code")?, text(&r, "name")?);
            let e = by_agency.entry((name.clone(), code.clone())).or_default();
            e.actions = int(&r, "actions")?;
            e.done_on_time = int(&r, "on_time")?;
            e.done_late = int(&r, "late")?;
            e.open = int(&r, "open")?;
            e.overdue = int(&r, "overdue")?;
            e.cancelled = int(&r, "cancelled")?;
        }
        Ok(by_agency
            .into_iter()
            .map(|((name, code), mut e)| {
                e.agency = code;
                e.agency_name = name;
                e
            })
            .collect())
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
