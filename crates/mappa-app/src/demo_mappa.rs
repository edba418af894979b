//! The demo's multi-agency year: London with its boroughs and panels, the
//! Level 2 and 3 cases referred and screened, a year of meetings with
//! invitations, attendance, approved minutes and actions in every state, new
//! referrals waiting to be screened, and next week's meeting with its
//! agenda. Written through the use cases, each as of its own day, so the
//! history is what the system would have recorded.

use crate::App;
use crate::demo::Rng;
use crate::error::{AppError, Result};
use jiff::civil::Date;
use mappa_domain::access::Actor;
use mappa_domain::ids::{AgencyId, NominalId, UserId};
use mappa_domain::meetings::{AgendaInput, AttendanceEntryInput, AttendanceInput, MeetingInput};
use mappa_domain::minutes::{ActionInput, ActionNoteInput, DisclosureInput, MinutesInput};
use mappa_domain::panels::PanelInput;
use mappa_domain::referrals::{ReferralInput, ScreeningInput, SectionInput};
use std::collections::BTreeMap;
use std::sync::Arc;

/// London's 32 boroughs (public geography), the demo area's local units.
const BOROUGHS: &[(&str, &str)] = &[
    ("BAR", "Barking and Dagenham"),
    ("BRN", "Barnet"),
    ("BEX", "Bexley"),
    ("BRE", "Brent"),
    ("BRO", "Bromley"),
    ("CAM", "Camden"),
    ("CRO", "Croydon"),
    ("EAL", "Ealing"),
    ("ENF", "Enfield"),
    ("GRE", "Greenwich"),
    ("HAC", "Hackney"),
    ("HAF", "Hammersmith and Fulham"),
    ("HGY", "Haringey"),
    ("HRW", "Harrow"),
    ("HAV", "Havering"),
    ("HIL", "Hillingdon"),
    ("HNS", "Hounslow"),
    ("ISL", "Islington"),
    ("KEC", "Kensington and Chelsea"),
    ("KUT", "Kingston upon Thames"),
    ("LBH", "Lambeth"),
    ("LEW", "Lewisham"),
    ("MRT", "Merton"),
    ("NWM", "Newham"),
    ("RDB", "Redbridge"),
    ("RIC", "Richmond upon Thames"),
    ("SWK", "Southwark"),
    ("STN", "Sutton"),
    ("TWH", "Tower Hamlets"),
    ("WFT", "Waltham Forest"),
    ("WND", "Wandsworth"),
    ("WSM", "Westminster"),
];

/// Agencies invited to discuss cases, besides the owning one.
const PARTNERS: &[&str] = &["HSG-NBR", "CSC-NBR", "HLT-NBR", "MH-NBR", "ASC-NBR", "JCP-LDN", "EM-UK"];

/// At most this many cases get a year of meetings (the demo stays quick to make).
const CASES_WITH_HISTORY: usize = 40;

/// One case at one meeting, and the day the demo is made.
struct Sitting {
    meeting: mappa_domain::ids::MeetingId,
    id: NominalId,
    day: Date,
    today: Date,
}

/// The users the history is written by.
pub(crate) struct MappaStaff {
    pub coordinator: UserId,
    pub chair: UserId,
    pub manager: UserId,
    pub probation: UserId,
    pub partner: UserId,
    pub police: AgencyId,
}

impl App {
    /// This app with its clock at `day` (noon UK time), to record what
    /// happened on that day through the use cases.
    fn dated(&self, day: Date) -> App {
        let at = day
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC))
            .map(|z| z.timestamp())
            .unwrap_or_else(|_| self.now());
        App::new(self.store.clone(), self.config.clone(), Arc::new(crate::FixedClock(at)))
            .with_rules((*self.rules).clone())
    }

    async fn demo_actor(&self, id: UserId) -> Result<Actor> {
        self.store.actor(id).await?.ok_or_else(|| AppError::Internal("demo user".into()))
    }

    /// The area, its panels and a year of multi-agency work.
    pub(crate) async fn load_mappa_demo(&self, staff: &MappaStaff, agencies: &[&str]) -> Result<()> {
        let units: Vec<(String, String)> = BOROUGHS.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
        self.add_area("LDN", "London", &units).await?;
        for code in agencies {
            self.place_agency(code, "LDN", None).await?;
        }
        let chair = self.store.user(staff.chair).await?.ok_or_else(|| AppError::Internal("demo chair".into()))?;
        for (level, unit, name) in [
            (3, None, "London level 3"),
            (2, Some("CAM"), "Camden level 2"),
            (2, Some("HAC"), "Hackney level 2"),
            (2, Some("SWK"), "Southwark level 2"),
        ] {
            let input = PanelInput {
                name: Some(name.into()),
                level: Some(level),
                area: Some("LDN".into()),
                unit: unit.map(str::to_string),
                chair: Some(chair.username.clone()),
                pattern: Some(
                    if level == 3 { "Every four weeks on Tuesday" } else { "Every four weeks on Thursday" }.into(),
                ),
            };
            self.add_panel(&input).await?;
        }
        let today = self.today();
        let mut rng = Rng(0x4D41_5050_4120_3130);
        let coordinator = self.demo_actor(staff.coordinator).await?;
        let chair = self.demo_actor(staff.chair).await?;
        let partner = self.demo_actor(staff.partner).await?;
        let (manager, probation) = (self.demo_actor(staff.manager).await?, self.demo_actor(staff.probation).await?);
        let owner_of = |agency: AgencyId| if agency == staff.police { &manager } else { &probation };

        // Each case was referred and accepted a year ago, then reviewed at its
        // panel on the level's cadence (MTG-3), the latest review in the past.
        let mut cases = self.store.cases_at_level(3, CASES_WITH_HISTORY as i64 / 4).await?;
        cases.extend(self.store.cases_at_level(2, CASES_WITH_HISTORY as i64).await?);
        cases.truncate(CASES_WITH_HISTORY);
        let year_ago = today.checked_sub(jiff::Span::new().days(364)).unwrap_or(today);
        // The panels sit every four weeks; a case is heard at the first
        // sitting on or after its review is due.
        let sitting_on_or_after = |d: Date| {
            let first = year_ago.checked_add(jiff::Span::new().days(14)).unwrap_or(year_ago);
            let gap = (d - first).get_days().max(0);
            first.checked_add(jiff::Span::new().days((gap + 27) / 28 * 28)).unwrap_or(d)
        };
        let mut sittings: BTreeMap<Date, Vec<(NominalId, u8)>> = BTreeMap::new();
        for (i, (id, level, category, owner)) in cases.iter().enumerate() {
            let referred = year_ago.checked_add(jiff::Span::new().days((i % 20) as i64)).unwrap_or(year_ago);
            let app = self.dated(referred);
            let input = ReferralInput {
                nominal_id: Some(id.to_string()),
                level: Some(i64::from(*level)),
                category: Some(i64::from(*category)),
                reason: Some("Escalating risk to a known victim; meetings would add value.".into()),
                sections: vec![SectionInput {
                    section: Some("offender_details".into()),
                    agency: None,
                    text: Some("Lives alone; works nights; known associates in the borough.".into()),
                }],
                ..Default::default()
            };
            let r = app.refer(owner_of(*owner), &input).await?;
            let screened = app.dated(referred.checked_add(jiff::Span::new().days(3)).unwrap_or(referred));
            let criteria = if *level == 3 {
                vec!["high_rosh".into(), "senior_representation".into()]
            } else {
                vec!["high_rosh".into()]
            };
            let screening = ScreeningInput {
                outcome: Some("accepted".into()),
                level: Some(i64::from(*level)),
                reason: Some("Meets the criteria; multi-agency meetings would add value.".into()),
                criteria,
                panel_id: None,
            };
            screened.screen(&coordinator, r.id, &screening).await?;
            let every = if *level == 3 { 56 } else { 112 };
            let mut day = sitting_on_or_after(referred.checked_add(jiff::Span::new().days(7)).unwrap_or(referred));
            while day < today {
                sittings.entry(day).or_default().push((*id, *level));
                day = sitting_on_or_after(day.checked_add(jiff::Span::new().days(every)).unwrap_or(today));
            }
        }
        let panels = self.panels(&coordinator, Some("LDN")).await?;
        for (day, list) in sittings {
            let app = self.dated(day);
            for level in [2u8, 3] {
                let of_level: Vec<_> = list.iter().filter(|(_, l)| *l == level).collect();
                if of_level.is_empty() {
                    continue;
                }
                let panel =
                    panels.iter().find(|p| p.level == level).ok_or_else(|| AppError::Internal("panel".into()))?;
                let m = app
                    .schedule_meeting(
                        &coordinator,
                        &MeetingInput { panel_id: Some(panel.id.to_string()), date: Some(day.to_string()) },
                    )
                    .await?;
                for (id, _) in of_level {
                    let sitting = Sitting { meeting: m.id, id: *id, day, today };
                    self.demo_discussion(&app, &mut rng, (&coordinator, &chair, &partner), sitting).await?;
                }
            }
        }

        // This week's referrals waiting to be screened, one of them late for
        // release, and one returned to its referrer for more information.
        for (i, (id, _, category, owner)) in self.store.cases_at_level(1, 4).await?.iter().enumerate() {
            let release = (i == 0).then(|| today.checked_add(jiff::Span::new().days(60)).unwrap_or(today).to_string());
            let input = ReferralInput {
                nominal_id: Some(id.to_string()),
                level: Some(2),
                category: Some(i64::from(*category)),
                reason: Some("New information from housing about contact with a child.".into()),
                release_date: release,
                ..Default::default()
            };
            let on = self.dated(today.checked_sub(jiff::Span::new().days(i as i64)).unwrap_or(today));
            let r = on.refer(owner_of(*owner), &input).await?;
            if i == 3 {
                let returned = ScreeningInput {
                    outcome: Some("returned".into()),
                    reason: Some("Please add the index offence and the dates of the current order.".into()),
                    ..Default::default()
                };
                self.screen(&coordinator, r.id, &returned).await?;
            }
        }
        // Next week's meeting, with the cases due for review on its agenda.
        let next = today.checked_add(jiff::Span::new().days(7)).unwrap_or(today);
        if let Some(panel) = panels.iter().find(|p| p.level == 2) {
            let m = self
                .schedule_meeting(
                    &coordinator,
                    &MeetingInput { panel_id: Some(panel.id.to_string()), date: Some(next.to_string()) },
                )
                .await?;
            let candidates = self
                .agenda_candidates(&coordinator, &self.store.meeting(m.id, None).await?.ok_or(AppError::NotFound)?)
                .await?;
            for c in candidates.iter().take(5) {
                let agenda = AgendaInput {
                    nominal_id: Some(c.nominal_id.to_string()),
                    invited_agencies: vec!["HSG-NBR".into(), "CSC-NBR".into()],
                };
                self.list_case(&coordinator, m.id, &agenda).await?;
            }
        }
        Ok(())
    }

    /// One case discussed at a meeting on `day`: invitations, attendance, the
    /// minutes with two or three actions, approval, and what each agency did
    /// about its actions by today.
    async fn demo_discussion(
        &self,
        app: &App,
        rng: &mut Rng,
        (coordinator, chair, partner): (&Actor, &Actor, &Actor),
        Sitting { meeting, id, day, today }: Sitting,
    ) -> Result<()> {
        let mut invited = vec!["HSG-NBR".to_string(), "POL-LDN".to_string(), "PRB-LDN".to_string()];
        let extra = rng.pick(PARTNERS).to_string();
        if !invited.contains(&extra) {
            invited.push(extra);
        }
        let case = app
            .list_case(
                coordinator,
                meeting,
                &AgendaInput { nominal_id: Some(id.to_string()), invited_agencies: invited.clone() },
            )
            .await?;
        let attendance = invited
            .iter()
            .map(|a| {
                let roll = rng.below(100);
                let status = match roll {
                    0..=74 => "present",
                    75..=84 => "apologies_with_report",
                    85..=92 => "apologies",
                    _ => "absent",
                };
                AttendanceEntryInput {
                    agency: Some(a.clone()),
                    status: Some(status.into()),
                    attendee: (status == "present").then(|| "Team manager".to_string()),
                    grade: (status == "present").then(|| "Manager".to_string()),
                }
            })
            .collect();
        app.record_attendance(
            coordinator,
            meeting,
            case.id,
            &AttendanceInput { attendance, statement_read: Some(true) },
        )
        .await?;
        let due = |d: i64| day.checked_add(jiff::Span::new().days(d)).unwrap_or(day).to_string();
        let actions = vec![
            ActionInput {
                description: Some("Confirm the tenancy and tell the offender manager of any change".into()),
                owner_agency: Some("HSG-NBR".into()),
                due_date: Some(due(14 + rng.below(28) as i64)),
                pillar: Some("monitoring_and_control".into()),
                ..Default::default()
            },
            ActionInput {
                description: Some("Unannounced home visit".into()),
                owner_agency: Some("POL-LDN".into()),
                due_date: Some(due(7 + rng.below(21) as i64)),
                pillar: Some("supervision".into()),
                ..Default::default()
            },
            ActionInput {
                description: Some("Refer to the accredited programme".into()),
                owner_agency: Some("PRB-LDN".into()),
                due_date: Some(due(28 + rng.below(28) as i64)),
                pillar: Some("interventions_and_treatment".into()),
                ..Default::default()
            },
        ];
        let minutes = MinutesInput {
            risk_assessment: Some(
                "High risk of serious harm to a known adult and to children in the household.".into(),
            ),
            supervision: Some("Weekly reporting; curfew kept under review.".into()),
            monitoring_and_control: Some(
                "Licence conditions as set; exclusion zone around the victim's address.".into(),
            ),
            victim_safety_planning: Some("Victim liaison officer to update the victim before release.".into()),
            disclosure: Some(DisclosureInput {
                considered: Some(true),
                decision: Some("not_agreed".into()),
                reason: Some("No third party identified who needs to be told at present.".into()),
                ..Default::default()
            }),
            level_decision: Some("stay".into()),
            level_rationale: Some("Risk unchanged; the plan is working.".into()),
            cppc_considered: Some(false),
            actions,
            ..Default::default()
        };
        let saved = app.save_minutes(coordinator, meeting, case.id, &minutes).await?;
        app.approve_minutes(chair, meeting, case.id).await?;
        // Most actions done on time, some late, some still open.
        for a in &saved.actions {
            let roll = rng.below(100);
            let done_on = match roll {
                0..=69 => a.due_date.checked_sub(jiff::Span::new().days(rng.below(5) as i64)).unwrap_or(a.due_date),
                70..=84 => {
                    a.due_date.checked_add(jiff::Span::new().days(3 + rng.below(10) as i64)).unwrap_or(a.due_date)
                }
                _ => continue,
            };
            if done_on > today || done_on < day {
                continue;
            }
            let by = if a.owner_agency == partner.agency_code {
                partner.clone()
            } else {
                self.owner_staff(&a.owner_agency).await?
            };
            app.dated(done_on)
                .complete_action(&by, a.id, &ActionNoteInput { note: Some("Done as agreed.".into()) })
                .await?;
        }
        Ok(())
    }

    /// A demo user of the agency that owns an action.
    async fn owner_staff(&self, agency: &str) -> Result<Actor> {
        let username = if agency == "POL-LDN" { "manager" } else { "probation" };
        let id = self.store.active_user_id(username).await?.ok_or_else(|| AppError::Internal("demo staff".into()))?;
        self.demo_actor(id).await
    }
}
