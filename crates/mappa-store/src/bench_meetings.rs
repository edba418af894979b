//! The MAPPA benchmark's volume (issue 10): an area with 32 local units, its
//! Level 2 and 3 cases, and five years of monthly panel meetings, each case
//! discussed on its level's cadence with agencies invited, attendance,
//! approved minutes and actions. Written in bulk, not through the use cases.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::bench_data::{Rng, Rows, V, i, s};
use crate::connect::Store;
use crate::error::{Result, StoreError};
use jiff::civil::Date;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{ActionId, AgencyId, AreaId, ItemId, MeetingCaseId, MeetingId, PanelId, UnitId, UserId};

/// What the MAPPA generator made, and who to measure as.
#[derive(Clone, Debug, Default)]
pub struct MeetingsVolume {
    pub area: String,
    pub cases: usize,
    pub meetings: usize,
    pub discussions: usize,
    pub actions: usize,
    /// A housing partner invited to every discussion.
    pub partner: UserId,
    pub partner_agency: AgencyId,
    /// A coordinator of the area.
    pub coordinator: UserId,
    pub coordinator_agency: AgencyId,
}

const INVITED: &[(&str, &str, &str)] = &[
    ("BM-PRB", "Benchmark probation", "probation"),
    ("BM-HSG", "Benchmark housing", "housing"),
    ("BM-CSC", "Benchmark children's services", "childrens_social_care"),
    ("BM-HLT", "Benchmark health", "health"),
];

impl Store {
    /// Puts the benchmark's people (already generated, owned by `police`)
    /// under MAPPA: the first `cases` at Level 2 or 3 in an area of 32 units,
    /// with five years of monthly meetings to `as_of` and a month ahead.
    pub async fn fill_meetings_for_benchmark(
        &self,
        police: AgencyId,
        cases: usize,
        as_of: Date,
    ) -> Result<MeetingsVolume> {
        let ctx = AuditCtx::system(jiff::Timestamp::now());
        let at = ctx.at_text();
        let mut tx = self.begin_write().await?;
        let area = AreaId::new();
        sqlx::query("INSERT INTO areas (id, code, name, created_at) VALUES ($1, 'BM', 'Benchmark area', $2)")
            .bind(area.to_string())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let mut units = Vec::new();
        for u in 0..32 {
            let id = UnitId::new();
            sqlx::query("INSERT INTO local_units (id, area_id, code, name, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id.to_string())
                .bind(area.to_string())
                .bind(format!("U{u:02}"))
                .bind(format!("Unit {u}"))
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            units.push(id);
        }
        sqlx::query("UPDATE agencies SET area_id = $1 WHERE id = $2")
            .bind(area.to_string())
            .bind(police.to_string())
            .execute(&mut *tx)
            .await?;
        let mut agencies = vec![police];
        for (code, name, kind) in INVITED {
            let id = AgencyId::new();
            sqlx::query(
                "INSERT INTO agencies (id, code, name, kind, created_at, area_id) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id.to_string())
            .bind(*code)
            .bind(*name)
            .bind(*kind)
            .bind(&at)
            .bind(area.to_string())
            .execute(&mut *tx)
            .await?;
            agencies.push(id);
        }
        let (probation, housing) = (agencies[1], agencies[2]);
        let (coordinator, partner) = (UserId::new(), UserId::new());
        for (user, name, agency, role) in [
            (coordinator, "bench.coordinator", probation, "coordinator"),
            (partner, "bench.partner", housing, "partner"),
        ] {
            sqlx::query(
                "INSERT INTO users (id, username, display_name, agency_id, password_hash, active, created_at) VALUES ($1, $2, $2, $3, 'not-a-usable-hash', 1, $4)",
            )
            .bind(user.to_string())
            .bind(name)
            .bind(agency.to_string())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(user.to_string())
                .bind(role)
                .execute(&mut *tx)
                .await?;
        }
        // Panels: one Level 2 per unit, one Level 3 for the area.
        let mut panels: Vec<(PanelId, u8)> = Vec::new();
        for (n, unit) in units.iter().map(Some).chain([None]).enumerate() {
            let id = PanelId::new();
            let level = if unit.is_some() { 2 } else { 3 };
            sqlx::query(
                "INSERT INTO panels (id, area_id, unit_id, level, name, chair_user_id, pattern, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'Monthly', $7)",
            )
            .bind(id.to_string())
            .bind(area.to_string())
            .bind(unit.map(|u| u.to_string()))
            .bind(i64::from(level))
            .bind(format!("Panel {n}"))
            .bind(coordinator.to_string())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            panels.push((id, level));
        }
        let people: Vec<String> =
            sqlx::query("SELECT id FROM nominals WHERE owning_agency_id = $1 ORDER BY id LIMIT $2")
                .bind(police.to_string())
                .bind(cases as i64)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| crate::row::text(r, "id"))
                .collect::<Result<_>>()?;
        if people.len() < cases {
            return Err(StoreError::Conflict("benchmark_needs_more_people"));
        }
        let mut rng = Rng(0x4D45_4554);
        let mut vol = MeetingsVolume {
            area: "BM".into(),
            cases,
            partner,
            partner_agency: housing,
            coordinator,
            coordinator_agency: probation,
            ..Default::default()
        };
        // Each case: a panel (one in ten at Level 3), a unit, a referral
        // share for the coordinator's agency and an invitation share for each
        // agency it is discussed with.
        let mut shares =
            Rows::new("shares", "id, nominal_id, agency_id, reason, shared_by, shared_at, audience, basis, basis_id");
        let mut assigned: Vec<Vec<(String, u8)>> = vec![Vec::new(); panels.len()];
        let mut units_of: std::collections::HashMap<String, UnitId> = std::collections::HashMap::new();
        for (n, id) in people.iter().enumerate() {
            let level3 = n % 10 == 0;
            let p = if level3 { panels.len() - 1 } else { n % 32 };
            let level = if level3 { 3 } else { 2 };
            sqlx::query(
                "UPDATE nominals SET mappa_category = 1, mappa_level = $1, area_id = $2, unit_id = $3 WHERE id = $4",
            )
            .bind(i64::from(level))
            .bind(area.to_string())
            .bind(units[n % 32].to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            assigned[p].push((id.clone(), level));
            units_of.insert(id.clone(), units[n % 32]);
            shares.push(vec![
                s(ItemId::new()),
                s(id),
                s(probation),
                s("Referral"),
                s(coordinator),
                s(&at),
                s("mappa"),
                s("referral"),
                V::T(None),
            ]);
            for a in &agencies[2..] {
                shares.push(vec![
                    s(ItemId::new()),
                    s(id),
                    s(a),
                    s("Invited"),
                    s(coordinator),
                    s(&at),
                    s("agency"),
                    s("meeting"),
                    V::T(None),
                ]);
            }
            if shares.len() > 5000 {
                shares.flush(&mut tx).await?;
            }
        }
        shares.flush(&mut tx).await?;
        let mut meetings = Rows::new("meetings", "id, panel_id, meeting_date, statement_read, created_by, created_at");
        let mut mcases =
            Rows::new("meeting_cases", "id, meeting_id, nominal_id, referral_id, kind, added_by, added_at");
        let mut invitations = Rows::new(
            "meeting_invitations",
            "meeting_case_id, agency_id, status, attendee, grade, invited_by, invited_at, recorded_by, recorded_at, area_id, unit_id, meeting_date",
        );
        let mut minutes = Rows::new(
            "minutes",
            "id, meeting_case_id, version, status, body, level_decision, next_review_date, written_by, written_at, approved_by, approved_at",
        );
        let mut actions = Rows::new(
            "actions",
            "id, meeting_case_id, nominal_id, position, description, owner_agency_id, due_date, pillar, status, created_at, completed_on, completed_by, note, area_id, unit_id, meeting_date",
        );
        let body = r#"{"risk_assessment":"High risk of serious harm to a known adult","supervision":"Weekly reporting","information_shared":[],"pathways":{},"disclosure":{"decision":"not_agreed","reason":"No third party at risk","recipient":null,"by_whom":null,"method":null,"when":null},"level_decision":"stay","level_rationale":"Risk unchanged","cppc_considered":false,"next_review_date":null}"#;
        let unit_of = |nominal: &String| units_of.get(nominal).map(|u| u.to_string()).unwrap_or_default();
        let start = as_of.checked_sub(jiff::Span::new().years(5)).unwrap_or(as_of);
        for month in 0..61 {
            let Ok(first) = start.checked_add(jiff::Span::new().months(month)) else { continue };
            for (p, (panel, _)) in panels.iter().enumerate() {
                let day = first.checked_add(jiff::Span::new().days((p % 20) as i64)).unwrap_or(first);
                let held = day <= as_of;
                let meeting = MeetingId::new();
                meetings.push(vec![s(meeting), s(panel), s(day), i(i64::from(held)), s(coordinator), s(&at)]);
                vol.meetings += 1;
                for (c, (nominal, level)) in assigned[p].iter().enumerate() {
                    // Level 3 every second month, Level 2 every fourth.
                    let every = if *level == 3 { 2 } else { 4 };
                    if !(month as usize + c).is_multiple_of(every) {
                        continue;
                    }
                    let case = MeetingCaseId::new();
                    mcases.push(vec![s(case), s(meeting), s(nominal), V::T(None), s("review"), s(coordinator), s(&at)]);
                    vol.discussions += 1;
                    for a in &agencies {
                        let status = if !held {
                            V::T(None)
                        } else {
                            s(match rng.below(100) {
                                0..=74 => "present",
                                75..=84 => "apologies_with_report",
                                85..=92 => "apologies",
                                _ => "absent",
                            })
                        };
                        invitations.push(vec![
                            s(case),
                            s(a),
                            status,
                            V::T(None),
                            V::T(None),
                            s(coordinator),
                            s(&at),
                            V::T(None),
                            V::T(None),
                            s(area),
                            s(unit_of(nominal)),
                            s(day),
                        ]);
                    }
                    if !held {
                        continue;
                    }
                    let review =
                        day.checked_add(jiff::Span::new().weeks(if *level == 3 { 8 } else { 16 })).unwrap_or(day);
                    minutes.push(vec![
                        s(ItemId::new()),
                        s(case),
                        i(1),
                        s("approved"),
                        s(body),
                        s("stay"),
                        s(review),
                        s(coordinator),
                        s(&at),
                        s(coordinator),
                        s(&at),
                    ]);
                    for (pos, owner) in [police, housing].iter().enumerate() {
                        let due = day.checked_add(jiff::Span::new().days(14 + rng.below(28) as i64)).unwrap_or(day);
                        let (status, done) = match rng.below(10) {
                            _ if due > as_of => ("open", None),
                            0 => ("open", None),
                            1 => ("done", due.checked_add(jiff::Span::new().days(5)).ok()),
                            _ => ("done", Some(due)),
                        };
                        actions.push(vec![
                            s(ActionId::new()),
                            s(case),
                            s(nominal),
                            i(pos as i64),
                            s("Synthetic action"),
                            s(owner),
                            s(due),
                            s("supervision"),
                            s(status),
                            s(&at),
                            done.map(s).unwrap_or(V::T(None)),
                            if done.is_some() { s(coordinator) } else { V::T(None) },
                            V::T(None),
                            s(area),
                            s(unit_of(nominal)),
                            s(day),
                        ]);
                        vol.actions += 1;
                    }
                }
            }
            for rows in [&mut meetings, &mut mcases, &mut invitations, &mut minutes, &mut actions] {
                rows.flush(&mut tx).await?;
            }
        }
        crate::accountability::recount_all(&mut tx).await?;
        let after = serde_json::json!({"cases": cases, "meetings": vol.meetings, "discussions": vol.discussions});
        append(&mut tx, &ctx, AuditEntry::new(AuditAction::BenchLoad, "benchmark", area).after(&after)).await?;
        tx.commit().await?;
        Ok(vol)
    }
}
