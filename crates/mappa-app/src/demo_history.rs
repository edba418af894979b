//! The demo's histories: what a working area's records hold, so that the
//! compliance list and the home pages look like a team's morning rather than
//! a registry nobody has kept. Each person serves the custodial part of their
//! sentence and is released at the halfway point; a registered sexual
//! offender then notifies within three days of release (NOTIF-10, NOTIF-11),
//! again within each year (NOTIF-30, weekly with no fixed abode: NOTIF-31)
//! and on moving home (NOTIF-21), is assessed for risk of serious harm
//! (RISK-0a) and visited at home as the level requires (VIS-1, VIS-2). A small
//! share, as in any area, is overdue; some of them are in breach and wanted.

use crate::demo::Rng;
use jiff::civil::Date;
use mappa_domain::address::{Address, AddressKind};
use mappa_domain::breaches::{BreachKind, CirculationKind, NewBreach, NewCirculation};
use mappa_domain::ids::{ItemId, UserId};
use mappa_domain::mappa_case::CaseStatus;
use mappa_domain::notifications::{Change, NotificationDetails, NotificationKind, NotifiedChange, ParsedNotification};
use mappa_domain::periods::{Period, PeriodKind};
use mappa_domain::risk::{
    RiskAssessment, RiskGroup, RiskLevel, RiskResult, RiskSetting, RiskToGroup, Visit, VisitKind, VisitOutcome,
};
use mappa_domain::rules::{RulesConfig, add_days, add_months};
use mappa_store::LoadedBreach;

/// Per cent of registered people whose latest notification or visit is missing.
const OVERDUE_PERCENT: u64 = 3;
/// Visits are generated for this many months back: the schedule only needs
/// the last one, and the history stays a realistic length.
const VISIT_HISTORY_MONTHS: i64 = 18;

/// Who does the work in the demo's histories.
pub(crate) struct Staff {
    pub reception: UserId,
    pub police_manager: UserId,
    pub police_officer_name: &'static str,
    pub probation_manager: UserId,
    /// Who assesses risk (OASys RoSH): the probation manager, and their agency.
    pub assessor: (&'static str, &'static str),
}

/// One person's sentence, as the history starts from it.
pub(crate) struct Sentenced {
    /// Remanded in custody from the day of conviction.
    pub convicted: Date,
    pub sentence_date: Date,
    pub custodial_months: u32,
    /// Subject to notification requirements (Category 1).
    pub registered: bool,
    /// Managed at Level 2 or 3: assessed as higher risk.
    pub higher_level: bool,
}

/// What the history adds to a person's record.
#[derive(Default)]
pub(crate) struct History {
    pub status: Option<CaseStatus>,
    pub periods: Vec<Period>,
    /// Homes since release, earliest first; empty while in custody.
    pub addresses: Vec<Address>,
    pub notifications: Vec<(ParsedNotification, Option<UserId>)>,
    pub risk_assessments: Vec<(RiskAssessment, UserId)>,
    pub visits: Vec<(Visit, UserId)>,
    pub breaches: Vec<LoadedBreach>,
    pub circulations: Vec<(NewCirculation, UserId)>,
}

/// A person's history from sentence to `today`. `home` makes the address of
/// a home from a day (or, given `None`, a no-fixed-abode place).
pub(crate) fn history(
    rng: &mut Rng,
    s: &Sentenced,
    staff: &Staff,
    config: &RulesConfig,
    today: Date,
    home: &mut dyn FnMut(&mut Rng, Date, bool) -> Address,
) -> History {
    let mut h = History::default();
    // Automatic release at the halfway point of the custodial term.
    let release = add_months(s.sentence_date, i64::from(s.custodial_months / 2)).unwrap_or(s.sentence_date);
    if release > today {
        h.status = Some(CaseStatus::InCustody);
        h.periods.push(period(PeriodKind::Custody, s.convicted, None, "HMP Northgate (demo)"));
        return h;
    }
    h.periods.push(period(PeriodKind::Custody, s.convicted, Some(release), "HMP Northgate (demo)"));

    // Where they have lived since: a first home on release, perhaps a move,
    // and for a few a recent spell of no fixed abode.
    let first = home(rng, release, true);
    h.addresses.push(first);
    let mut moves = Vec::new();
    if rng.chance(35) && release < today {
        let moved = rng.date_between(release, today);
        moves.push(moved);
        h.addresses.push(home(rng, moved, true));
    }
    if rng.chance(3) {
        let since = add_days(today, -(3 + rng.below(50) as i64)).unwrap_or(today).max(release);
        if moves.last().is_none_or(|m| *m < since) {
            moves.push(since);
            h.addresses.push(home(rng, since, false));
        }
    }
    let no_fixed_abode = h.addresses.last().is_some_and(|a| a.kind == AddressKind::NoFixedAbode);

    // A few are in hospital now, detained after release.
    let mut until = today;
    if rng.chance(2) {
        let from = add_days(today, -(10 + rng.below(300) as i64)).unwrap_or(today);
        if from > release && moves.iter().all(|m| *m < from) {
            h.periods.push(period(PeriodKind::Hospital, from, None, "Northborough Secure Hospital (demo)"));
            h.status = Some(CaseStatus::InHospital);
            until = from;
        }
    }

    if s.registered {
        // Those detained in hospital had kept up until then.
        let may_lapse = until == today;
        let (taken, missed) = notifications(rng, release, &moves, no_fixed_abode, until, may_lapse, staff);
        h.notifications = taken;
        // Some who stop notifying are found in breach, and some of them wanted.
        if let Some(due) = missed
            && rng.chance(40)
        {
            breach(rng, &mut h, due, today, staff, config);
        }
    }
    // Police home visits are for registered people (VIS-1), set by their
    // risk of serious harm; none while detained.
    if s.registered && h.status.is_none() {
        let level = risk_level(rng, s.higher_level);
        let latest = rng.date_between(add_days(today, -330).unwrap_or(today).max(release), today);
        for on in [release, latest] {
            h.risk_assessments.push((rosh(on, level, staff), staff.probation_manager));
        }
        h.visits = visits(rng, level, release, today, staff, config);
    }
    h
}

fn period(kind: PeriodKind, from: Date, to: Option<Date>, place: &str) -> Period {
    Period { id: ItemId::new(), kind, from, to, place: Some(place.into()) }
}

/// The initial notification within three days of release, then one within
/// each year (each week with no fixed abode), and one within three days of
/// each move. For a few the chain stops a year and some days ago, so the
/// next is overdue by days or weeks, as a working team would find it; the
/// answer's second part is the last day that one was due.
fn notifications(
    rng: &mut Rng,
    release: Date,
    moves: &[Date],
    no_fixed_abode: bool,
    until: Date,
    may_lapse: bool,
    staff: &Staff,
) -> (Vec<(ParsedNotification, Option<UserId>)>, Option<Date>) {
    let within_3_days = |rng: &mut Rng, d: Date| add_days(d, rng.below(3) as i64).unwrap_or(d);
    let first = within_3_days(rng, release);
    if first > until {
        return (Vec::new(), None);
    }
    // The last notification of those who have stopped notifying (NOTIF-30).
    let stopped = (rng.chance(OVERDUE_PERCENT) && may_lapse && !no_fixed_abode)
        .then(|| add_days(add_months(until, -12)?, -(rng.below(45) as i64)))
        .flatten()
        .filter(|d| *d > add_days(first, 7).unwrap_or(first));
    let stop = stopped.unwrap_or(until);
    let mut out = vec![notification(first, NotificationKind::Initial, None, true)];
    let mut last = first;
    let mut pending_moves: Vec<Date> = moves.iter().copied().filter(|m| *m > first).collect();
    loop {
        let weekly = no_fixed_abode && pending_moves.is_empty();
        let gap = if weekly { 5 + rng.below(3) as i64 } else { 330 + rng.below(35) as i64 };
        let periodic = add_days(last, gap).unwrap_or(stop);
        match pending_moves.first().copied() {
            Some(moved) if moved <= periodic => {
                pending_moves.remove(0);
                let on = within_3_days(rng, moved);
                if on > stop {
                    break;
                }
                out.push(notification(on, NotificationKind::Change, Some(moved), false));
                last = on;
            }
            _ => {
                if periodic > stop {
                    break;
                }
                out.push(notification(periodic, NotificationKind::Periodic, None, false));
                last = periodic;
            }
        }
    }
    let mut missed = None;
    if let Some(on) = stopped {
        if last < on {
            out.push(notification(on, NotificationKind::Periodic, None, false));
        }
        missed = out.last().and_then(|n| add_days(add_months(n.date, 12)?, -1));
    }
    (out.into_iter().map(|n| (n, Some(staff.reception))).collect(), missed)
}

/// A failure to notify found some days after the deadline and recorded
/// within hours (NOTIF-50, NOTIF-53); for half, a wanted circulation.
fn breach(rng: &mut Rng, h: &mut History, due: Date, today: Date, staff: &Staff, config: &RulesConfig) {
    let Some(found) = add_days(due, 2 + rng.below(19) as i64).filter(|d| *d < today) else { return };
    let at = |d: Date, hour: i8| d.at(hour, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp());
    let (Ok(discovered_at), Ok(recorded_at)) = (at(found, 9), at(found, 9 + 1 + rng.below(6) as i8)) else { return };
    let due_at = discovered_at + jiff::SignedDuration::from_hours(i64::from(config.schedules.breach_record_hours));
    h.breaches.push(LoadedBreach {
        breach: NewBreach {
            id: ItemId::new(),
            kind: BreachKind::FailureToNotify,
            order_id: None,
            licence_condition: None,
            description: "Did not attend to notify within the year; not at the notified home address".into(),
            discovered_at,
        },
        recorded_at,
        due_at,
        by: staff.police_manager,
    });
    if rng.chance(50) {
        let reference =
            format!("{}/{:06}{}", found.year() % 100, rng.below(1_000_000), (b'A' + rng.below(26) as u8) as char);
        let c =
            NewCirculation { id: ItemId::new(), kind: CirculationKind::Wanted, pnc_reference: reference, from: found };
        h.circulations.push((c, staff.police_manager));
    }
}

fn notification(on: Date, kind: NotificationKind, moved: Option<Date>, initial: bool) -> ParsedNotification {
    ParsedNotification {
        date: on,
        kind,
        details: NotificationDetails {
            changes: moved.map(|date| Change { kind: NotifiedChange::HomeAddress, date }).into_iter().collect(),
            ..NotificationDetails::default()
        },
        late: Vec::new(),
        not_subject_reason: None,
        photographs_taken: initial,
        fingerprints_taken: initial,
        station: Some("Northborough police station (demo)".into()),
        notes: None,
    }
}

/// Mostly Low and Medium; those managed at Level 2 or 3 mostly High or above.
fn risk_level(rng: &mut Rng, higher: bool) -> RiskLevel {
    let roll = rng.below(100);
    match (higher, roll) {
        (false, 0..45) => RiskLevel::Low,
        (false, 45..82) => RiskLevel::Medium,
        (false, 82..96) => RiskLevel::High,
        (false, _) => RiskLevel::VeryHigh,
        (true, 0..10) => RiskLevel::Medium,
        (true, 10..65) => RiskLevel::High,
        (true, _) => RiskLevel::VeryHigh,
    }
}

fn rosh(on: Date, level: RiskLevel, staff: &Staff) -> RiskAssessment {
    RiskAssessment {
        id: ItemId::new(),
        date: on,
        assessor_name: staff.assessor.0.into(),
        assessor_agency: staff.assessor.1.into(),
        notes: None,
        result: RiskResult::OasysRosh {
            overall: level,
            setting: RiskSetting::Community,
            risk_to: vec![RiskToGroup { group: RiskGroup::Public, level }],
        },
    }
}

/// Home visits at the interval for the level, over the last months; none
/// under reactive management (Low since release for the configured time);
/// for a few the next is overdue by days or weeks.
fn visits(
    rng: &mut Rng,
    level: RiskLevel,
    release: Date,
    today: Date,
    staff: &Staff,
    config: &RulesConfig,
) -> Vec<(Visit, UserId)> {
    let s = &config.schedules;
    if level == RiskLevel::Low
        && s.reactive_management_after_low_months
            .and_then(|m| add_months(release, i64::from(m)))
            .is_some_and(|d| d <= today)
    {
        return Vec::new();
    }
    let months = i64::from(match level {
        RiskLevel::VeryHigh => s.visit_interval_months.very_high,
        RiskLevel::High => s.visit_interval_months.high,
        RiskLevel::Medium => s.visit_interval_months.medium,
        RiskLevel::Low => s.visit_interval_months.low,
    })
    .max(1);
    let from = add_months(today, -VISIT_HISTORY_MONTHS).unwrap_or(today).max(release);
    let mut out = Vec::new();
    let mut last = from;
    loop {
        // A little before each due date, as a team plans them.
        let due = add_months(last, months).unwrap_or(today);
        let on = add_days(due, -(rng.below(20) as i64)).unwrap_or(due).max(add_days(last, 1).unwrap_or(due));
        if on > today {
            break;
        }
        let outcome = if rng.chance(8) { VisitOutcome::NotAtHome } else { VisitOutcome::SeenAtHome };
        out.push(visit(on, outcome, staff));
        if outcome == VisitOutcome::NotAtHome {
            // Tried again within the week.
            let again = add_days(on, 1 + rng.below(6) as i64).unwrap_or(on);
            if again > today {
                break;
            }
            out.push(visit(again, VisitOutcome::SeenAtHome, staff));
            last = again;
        } else {
            last = on;
        }
    }
    // For a few the last visit was the interval and some days ago.
    if rng.chance(OVERDUE_PERCENT)
        && let Some(on) = add_days(today, -(1 + rng.below(30) as i64)).and_then(|d| add_months(d, -months))
        && on > from
    {
        out.retain(|v| v.date < on);
        out.push(visit(on, VisitOutcome::SeenAtHome, staff));
    }
    out.into_iter().map(|v| (v, staff.police_manager)).collect()
}

fn visit(on: Date, outcome: VisitOutcome, staff: &Staff) -> Visit {
    Visit {
        id: ItemId::new(),
        date: on,
        kind: if outcome == VisitOutcome::SeenAtHome { VisitKind::Planned } else { VisitKind::Unannounced },
        outcome: Some(outcome),
        present: None,
        concerns: None,
        concerns_raised: false,
        officer: staff.police_officer_name.into(),
    }
}
