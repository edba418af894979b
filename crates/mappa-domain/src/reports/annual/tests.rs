use super::*;
use crate::mappa_case::DecisionKind;
use crate::reports::history::{Away, Breach, Decision, Move, Order, Sfo};
use jiff::civil::date;

fn year() -> ReportingYear {
    ReportingYear { start: 2017 }
}

fn person(area: AreaId, category: u8, level: u8, from: Date) -> PersonEvents {
    PersonEvents {
        id: NominalId::new(),
        area_now: Some(area),
        decisions: vec![
            Decision { kind: DecisionKind::Category, value: Some(category), effective: from },
            Decision { kind: DecisionKind::Level, value: Some(level), effective: from },
        ],
        ..PersonEvents::default()
    }
}

fn value(r: &AnnualReport, key: &str, row: usize, column: usize) -> Option<i64> {
    let t = r.tables.iter().find(|t| t.key == key).unwrap();
    t.rows[row].values[column]
}

#[test]
fn stat_2_the_snapshot_counts_people_in_the_community_on_31_march() {
    let area = AreaId::new();
    let long_ago = date(2010, 1, 1);
    let mut in_custody = person(area, 1, 1, long_ago);
    in_custody.away.push(Away { kind: PeriodKind::Custody, from: date(2018, 3, 1), to: None });
    let mut released_that_day = person(area, 2, 2, long_ago);
    released_that_day.away.push(Away {
        kind: PeriodKind::Custody,
        from: date(2017, 1, 1),
        to: Some(date(2018, 3, 31)),
    });
    let elsewhere = person(AreaId::new(), 1, 1, long_ago);
    let people =
        vec![person(area, 1, 1, long_ago), person(area, 3, 3, long_ago), in_custody, released_that_day, elsewhere];
    let r = annual_report(area, year(), &people, None, &StatisticsConfig::default());
    let t = &r.tables[0];
    assert_eq!(t.title, "MAPPA-eligible offenders on 31 March 2018");
    assert_eq!(t.columns.len(), 4, "three categories and the total before 2023");
    assert_eq!(t.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Level 1", "Level 2", "Level 3", "Total"]);
    assert_eq!(t.rows[0].values, [Some(1), Some(0), None, Some(1)], "CAT-3a: no Category 3 at Level 1");
    assert_eq!(t.rows[1].values, [Some(0), Some(1), Some(0), Some(1)]);
    assert_eq!(t.rows[3].values, [Some(1), Some(1), Some(1), Some(3)]);
    assert_eq!(r.people("eligible-on-31-march", 0, 0), Some(vec![people[0].id]));
    assert_eq!(r.people("eligible-on-31-march", 0, 2), None);
}

#[test]
fn stat_5_a_person_who_moved_level_counts_once_at_the_highest_or_per_spell() {
    let area = AreaId::new();
    let mut moved = person(area, 1, 2, date(2016, 1, 1));
    moved.decisions.push(Decision { kind: DecisionKind::Level, value: Some(3), effective: date(2017, 9, 1) });
    moved.decisions.push(Decision { kind: DecisionKind::Level, value: Some(2), effective: date(2018, 1, 1) });
    let people = vec![moved, person(area, 2, 1, date(2016, 1, 1))];
    let r = annual_report(area, year(), &people, None, &StatisticsConfig::default());
    assert_eq!(value(&r, "levels-2-and-3-in-year", 0, 0), Some(0));
    assert_eq!(value(&r, "levels-2-and-3-in-year", 1, 0), Some(1));
    assert_eq!(value(&r, "levels-2-and-3-in-year", 2, 3), Some(1));
    let episodes = StatisticsConfig { level_counting: LevelCounting::Episodes, ..StatisticsConfig::default() };
    let r = annual_report(area, year(), &people, None, &episodes);
    assert_eq!(value(&r, "levels-2-and-3-in-year", 0, 0), Some(2), "two spells at Level 2");
    assert_eq!(value(&r, "levels-2-and-3-in-year", 2, 3), Some(3));
}

#[test]
fn flows_count_events_dated_within_the_year_in_the_area() {
    let area = AreaId::new();
    let breach = |on: Date| Breach {
        kind: BreachKind::FailureToNotify,
        order: None,
        discovered: on,
        outcomes: vec![(OutcomeKind::Charge, on), (OutcomeKind::Conviction, on)],
    };
    let mut first_day = person(area, 1, 1, date(2010, 1, 1));
    first_day.breaches.push(breach(date(2017, 4, 1)));
    let mut last_day = person(area, 1, 1, date(2010, 1, 1));
    last_day.breaches.push(breach(date(2018, 3, 31)));
    let mut next_year = person(area, 1, 1, date(2010, 1, 1));
    next_year.breaches.push(breach(date(2018, 4, 1)));
    let mut moved_in_after = person(area, 1, 1, date(2010, 1, 1));
    moved_in_after.breaches.push(breach(date(2017, 6, 1)));
    moved_in_after.moves.push(Move { on: date(2017, 7, 1), from: Some(AreaId::new()), to: area });
    let people = vec![first_day, last_day, next_year, moved_in_after];
    let r = annual_report(area, year(), &people, None, &StatisticsConfig::default());
    assert_eq!(value(&r, "notification-breaches", 0, 0), Some(2));
}

#[test]
fn stat_8_shpos_with_travel_restrictions_and_notification_orders() {
    let area = AreaId::new();
    let mut p = person(area, 1, 1, date(2010, 1, 1));
    p.orders = vec![
        Order { kind: OrderKind::Shpo, made: date(2017, 5, 1), travel: false },
        Order { kind: OrderKind::Shpo, made: date(2017, 6, 1), travel: true },
        Order { kind: OrderKind::InterimShpo, made: date(2017, 7, 1), travel: false },
        Order { kind: OrderKind::NotificationOrder, made: date(2017, 8, 1), travel: false },
    ];
    let people = vec![p];
    let r = annual_report(area, year(), &people, None, &StatisticsConfig::default());
    let rows = &r.tables.iter().find(|t| t.key == "restrictive-orders").unwrap().rows;
    assert_eq!(rows.iter().map(|r| r.values[0]).collect::<Vec<_>>(), [Some(2), Some(1), Some(1)]);
    let narrow = StatisticsConfig { shpo_row_includes_travel: false, ..StatisticsConfig::default() };
    assert_eq!(value(&annual_report(area, year(), &people, None, &narrow), "restrictive-orders", 0, 0), Some(1));
}

#[test]
fn stat_6_returns_to_custody_for_breach_of_a_sopo_only_for_category_1() {
    let area = AreaId::new();
    let mut recalled = person(area, 2, 3, date(2010, 1, 1));
    recalled.recalls.push(date(2017, 10, 1));
    let mut order_breach = person(area, 1, 2, date(2010, 1, 1));
    order_breach.breaches.push(Breach {
        kind: BreachKind::BreachOfOrder,
        order: Some(OrderKind::Shpo),
        discovered: date(2017, 11, 1),
        outcomes: vec![(OutcomeKind::Conviction, date(2017, 12, 1))],
    });
    order_breach.away.push(Away { kind: PeriodKind::Custody, from: date(2017, 12, 1), to: None });
    let level_1 = {
        let mut p = person(area, 1, 1, date(2010, 1, 1));
        p.recalls.push(date(2017, 10, 1));
        p
    };
    let r = annual_report(area, year(), &[recalled, order_breach, level_1], None, &StatisticsConfig::default());
    let t = r.tables.iter().find(|t| t.key == "returns-to-custody").unwrap();
    assert_eq!(t.rows[1].values, [Some(0), Some(1), Some(0), Some(1)]);
    assert_eq!(t.rows[3].values, [Some(1), None, None, Some(1)]);
    assert_eq!(t.rows[3].group.as_deref(), Some("Breach of SOPO"));
}

#[test]
fn stat_9_rsos_per_100000_needs_the_population() {
    let area = AreaId::new();
    let people: Vec<PersonEvents> = (0..83).map(|_| person(area, 1, 1, date(2010, 1, 1))).collect();
    let population = Population { count: 100_000, source: "ONS mid-2017".into() };
    let r = annual_report(area, year(), &people, Some(&population), &StatisticsConfig::default());
    assert_eq!(value(&r, "rsos-per-100000", 0, 0), Some(83));
    let r = annual_report(area, year(), &people, None, &StatisticsConfig::default());
    assert_eq!(value(&r, "rsos-per-100000", 0, 0), None);
    assert_eq!(per_hundred_thousand(6317, 7_610_000), 83);
}

#[test]
fn sfos_and_scrs_by_the_day_notified_and_decided() {
    let area = AreaId::new();
    let mut p = person(area, 2, 1, date(2010, 1, 1));
    p.sfos.push(Sfo {
        notified: date(2017, 5, 1),
        category: Some(2),
        level: Some(1),
        scr_commissioned: Some(date(2017, 6, 1)),
    });
    let r = annual_report(area, year(), &[p], None, &StatisticsConfig::default());
    assert_eq!(value(&r, "serious-further-offences", 0, 1), Some(1));
    assert_eq!(value(&r, "serious-case-reviews", 0, 0), Some(1));
    let keys: Vec<&str> = r.tables.iter().map(|t| t.key).collect();
    assert_eq!(keys.len(), 10);
}

#[test]
fn stat_9_a_category_4_column_from_2023_or_when_counted() {
    let area = AreaId::new();
    let r = annual_report(area, ReportingYear { start: 2023 }, &[], None, &StatisticsConfig::default());
    assert_eq!(r.tables[0].columns.len(), 5);
    let r = annual_report(area, year(), &[person(area, 4, 2, date(2010, 1, 1))], None, &StatisticsConfig::default());
    assert_eq!(r.tables[0].rows[1].values, [Some(0), Some(0), Some(0), Some(1), Some(1)]);
}

#[test]
fn trends_follow_the_tables_year_by_year() {
    let area = AreaId::new();
    let mut p = person(area, 1, 1, date(2016, 1, 1));
    p.decisions.push(Decision { kind: DecisionKind::Level, value: Some(2), effective: date(2017, 5, 1) });
    let years = [ReportingYear { start: 2015 }, ReportingYear { start: 2016 }, ReportingYear { start: 2017 }];
    let t = trends(area, &years, &[p], &StatisticsConfig::default());
    assert_eq!(t[0].years, ["2015/16", "2016/17", "2017/18"]);
    assert_eq!(t[0].series[0].values, [1, 1, 1]);
    assert_eq!(t[1].series[0].values, [0, 0, 1], "Level 2 from May 2017");
}
