//! The MAPPA annual report's statistics tables (STAT-1..9), in the order,
//! with the titles, row labels and column names of the published tables
//! (seed 003, "MAPPA Statistics"), then the serious further offence and
//! Serious Case Review tables of the national bulletin (STAT-3, STAT-7).
//! Counted from each person's dated events (decision 4), so a past year
//! reproduces exactly; every cell keeps the people it counts.

use super::history::PersonEvents;
use super::{LevelCounting, ReportingYear, Row, StatisticsConfig, Table};
use crate::breaches::{BreachKind, OutcomeKind};
use crate::ids::{AreaId, NominalId};
use crate::orders::OrderKind;
use crate::periods::PeriodKind;
use jiff::civil::Date;

/// The area's population aged 10 and over for the year, as entered by an
/// administrator with its source (STAT-9).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Population {
    pub count: i64,
    pub source: String,
}

/// The report: its tables and, behind every counted cell, the people.
#[derive(Clone, Debug)]
pub struct AnnualReport {
    pub year: ReportingYear,
    pub tables: Vec<Table>,
    /// Per table, per row, per column: the people counted (None for "-").
    cells: Vec<Vec<Vec<Option<Vec<NominalId>>>>>,
}

impl AnnualReport {
    /// The people counted in one cell of the table with `key`, each once;
    /// None when there is no such cell or it is never counted.
    pub fn people(&self, key: &str, row: usize, column: usize) -> Option<Vec<NominalId>> {
        let table = self.tables.iter().position(|t| t.key == key)?;
        let mut ids = self.cells.get(table)?.get(row)?.get(column)?.clone()?;
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }
}

const CATEGORY_NAMES: [&str; 4] = [
    "Category 1: Registered sex offenders",
    "Category 2: Violent offenders",
    "Category 3: Other dangerous offenders",
    "Category 4: Terrorist and terrorist-risk offenders",
];

/// A table under construction: cells of people by row and category column,
/// the total column and total rows worked out at the end.
struct Grid {
    rows: Vec<(String, Option<String>)>,
    /// [row][category index] → people, None for a "-" cell.
    cells: Vec<Vec<Option<Vec<NominalId>>>>,
}

impl Grid {
    fn new(categories: usize, rows: &[(&str, Option<&str>)]) -> Grid {
        Grid {
            rows: rows.iter().map(|(l, g)| (l.to_string(), g.map(str::to_string))).collect(),
            cells: rows.iter().map(|_| vec![Some(Vec::new()); categories]).collect(),
        }
    }

    fn blank(&mut self, row: usize, category: u8) {
        if let Some(c) = self.cells.get_mut(row).and_then(|r| r.get_mut(usize::from(category) - 1)) {
            *c = None;
        }
    }

    fn count(&mut self, row: usize, category: u8, id: NominalId) {
        if let Some(Some(c)) = self.cells.get_mut(row).and_then(|r| r.get_mut(usize::from(category) - 1)) {
            c.push(id);
        }
    }

    /// A total row at `at`, summing the rows `from`: its cells are "-" where
    /// every summed cell is.
    fn total_row(&mut self, at: usize, from: std::ops::Range<usize>) {
        let width = self.cells[at].len();
        for c in 0..width {
            let parts: Vec<&Option<Vec<NominalId>>> = from.clone().map(|r| &self.cells[r][c]).collect();
            self.cells[at][c] = if parts.iter().all(|p| p.is_none()) {
                None
            } else {
                Some(parts.iter().filter_map(|p| p.as_ref()).flatten().copied().collect())
            };
        }
    }

    /// The table, with a total column; the people behind each cell.
    fn finish(
        self,
        title: String,
        key: &'static str,
        categories: usize,
        counting: &str,
    ) -> (Table, Vec<Vec<Option<Vec<NominalId>>>>) {
        let mut columns: Vec<String> = CATEGORY_NAMES[..categories].iter().map(|s| s.to_string()).collect();
        columns.push("Total".into());
        let mut people = Vec::new();
        let mut rows = Vec::new();
        for ((label, group), mut cells) in self.rows.into_iter().zip(self.cells) {
            let total = if cells.iter().all(Option::is_none) {
                None
            } else {
                Some(cells.iter().flatten().flatten().copied().collect())
            };
            cells.push(total);
            rows.push(Row { label, group, values: cells.iter().map(|c| c.as_ref().map(|v| v.len() as i64)).collect() });
            people.push(cells);
        }
        (Table { title, key, columns, rows, counting: counting.into(), note: None }, people)
    }
}

/// A table of single numbers: one column, a row per figure.
fn figures(
    title: &str,
    key: &'static str,
    rows: Vec<(&str, Vec<NominalId>)>,
    counting: &str,
) -> (Table, Vec<Vec<Option<Vec<NominalId>>>>) {
    let table = Table {
        title: title.into(),
        key,
        columns: vec!["Number".into()],
        rows: rows
            .iter()
            .map(|(label, ids)| Row { label: label.to_string(), group: None, values: vec![Some(ids.len() as i64)] })
            .collect(),
        counting: counting.into(),
        note: None,
    };
    (table, rows.into_iter().map(|(_, ids)| vec![Some(ids)]).collect())
}

const LEVEL_ROWS: [(&str, Option<&str>); 4] =
    [("Level 1", None), ("Level 2", None), ("Level 3", None), ("Total", None)];
const HIGH_LEVEL_ROWS: [(&str, Option<&str>); 3] = [("Level 2", None), ("Level 3", None), ("Total", None)];

/// STAT-9: four category columns from the configured year, or where a
/// person was in Category 4 in the area during the year; three otherwise.
fn categories_shown(area: AreaId, year: ReportingYear, people: &[PersonEvents], config: &StatisticsConfig) -> usize {
    if year.start >= config.category_4_from_year {
        return 4;
    }
    let in_4 = |p: &PersonEvents| {
        p.changes_within(year.first_day(), year.last_day())
            .iter()
            .any(|d| p.mappa_in(area, *d).is_some_and(|(c, _)| c == 4))
    };
    if people.iter().any(in_4) { 4 } else { 3 }
}

/// Works out the annual report for `area` and `year` from the events of the
/// people who were ever in the area.
pub fn annual_report(
    area: AreaId,
    year: ReportingYear,
    people: &[PersonEvents],
    population: Option<&Population>,
    config: &StatisticsConfig,
) -> AnnualReport {
    let categories = categories_shown(area, year, people, config);
    let mut tables = Vec::new();
    let mut cells = Vec::new();
    let mut push = |(t, c): (Table, Vec<Vec<Option<Vec<NominalId>>>>)| {
        tables.push(t);
        cells.push(c);
    };
    let eligible = on_31_march(area, year, people, categories);
    let rsos: Vec<NominalId> = eligible.cells[3][0].clone().unwrap_or_default();
    push(eligible.finish(
        format!("MAPPA-eligible offenders on 31 March {}", year.start + 1),
        "eligible-on-31-march",
        categories,
        "People with a MAPPA category on 31 March, in the area and living in the community (not in custody or \
         detained in hospital), by their category and level that day (STAT-2 snapshot, CAT-X: one category each; \
         CAT-3a: no Category 3 at Level 1). A case with no level set counts at Level 1.",
    ));
    push(levels_2_and_3(area, year, people, categories, config.level_counting));
    push(figures(
        "RSOs cautioned or convicted for breach of notification requirements",
        "notification-breaches",
        vec![("Total", breach_of_notification(area, year, people))],
        "People with a breach of the notification requirements (failure to notify or false information, \
         NOTIF-50..52) cautioned or convicted in the year, each once (STAT-3, STAT-9).",
    ));
    push(figures(
        "RSOs who have had their life time notification revoked on application",
        "lifetime-notification-revoked",
        vec![("Total", dated_in(area, year, people, |p| p.revocations.clone()))],
        "People whose indefinite notification requirements were discharged on review, or on appeal, in the year \
         (REV-04, REV-08), each once.",
    ));
    push(restrictive_orders(area, year, people, config));
    push(figures(
        "Number of people who became subject to notification requirements following a breach(es) of a Sexual Risk Order (SRO)",
        "sro-breaches",
        vec![("Total", sro_breaches(area, year, people))],
        "People cautioned or convicted in the year for breaching a sexual risk order (or an interim SRO or a legacy \
         RoSHO), which makes them subject to notification (SRO-8), each once.",
    ));
    push(returns_to_custody(area, year, people, categories));
    let mut per_100k = figures(
        "Total number of Registered Sexual Offenders per 100,000 population",
        "rsos-per-100000",
        vec![("Total", rsos.clone())],
        "Category 1 people in the first table (registered sex offenders living in the community on 31 March) \
         per 100,000 of the area's population aged 10 and over (STAT-9), rounded to the nearest whole number.",
    );
    match population.filter(|p| p.count > 0) {
        Some(p) => {
            per_100k.0.rows[0].values[0] = Some(per_hundred_thousand(rsos.len() as i64, p.count));
            per_100k.0.note = Some(format!("Population aged 10 and over: {} ({}).", p.count, p.source));
        }
        None => {
            per_100k.0.rows[0].values[0] = None;
            per_100k.1[0][0] = None;
            per_100k.0.note = Some("Not worked out: the area's population for the year has not been entered.".into());
        }
    }
    push(per_100k);
    push(serious_further_offences(area, year, people, categories));
    push(figures(
        "MAPPA Serious Case Reviews",
        "serious-case-reviews",
        vec![("Total", scrs(area, year, people))],
        "Serious Case Reviews the Strategic Management Board decided were warranted in the year (SCR-2), for \
         people in the area when the serious further offence was notified.",
    ));
    AnnualReport { year, tables, cells }
}

/// The trends the report's charts show, for `years` (oldest first): the
/// people on 31 March by category (the first table's totals) and those at
/// Levels 2 and 3 during the year (the second's).
pub fn trends(
    area: AreaId,
    years: &[ReportingYear],
    people: &[PersonEvents],
    config: &StatisticsConfig,
) -> Vec<super::Trend> {
    // Only the two tables the charts need, year by year.
    let widest = years.iter().map(|y| categories_shown(area, *y, people, config)).max().unwrap_or(3);
    let mut on_31: Vec<Vec<i64>> = Vec::new();
    let mut high: Vec<[i64; 2]> = Vec::new();
    for y in years {
        let g = on_31_march(area, *y, people, widest);
        on_31.push((0..widest).map(|c| g.cells[3][c].as_ref().map_or(0, |v| v.len() as i64)).collect());
        let (t, _) = levels_2_and_3(area, *y, people, widest, config.level_counting);
        let total = |row: usize| t.rows[row].values.last().copied().flatten().unwrap_or(0);
        high.push([total(0), total(1)]);
    }
    let names: Vec<String> = years.iter().map(|y| y.short_name()).collect();
    let snapshot = super::Trend {
        title: "MAPPA-eligible offenders on 31 March, by category".into(),
        years: names.clone(),
        series: CATEGORY_NAMES[..widest]
            .iter()
            .enumerate()
            .map(|(c, name)| super::Series { name: name.to_string(), values: on_31.iter().map(|v| v[c]).collect() })
            .collect(),
    };
    let levels = super::Trend {
        title: "MAPPA-eligible offenders at Levels 2 and 3 during the year".into(),
        years: names,
        series: ["Level 2", "Level 3"]
            .iter()
            .enumerate()
            .map(|(row, name)| super::Series { name: name.to_string(), values: high.iter().map(|v| v[row]).collect() })
            .collect(),
    };
    vec![snapshot, levels]
}

/// Rounded half up, in whole numbers.
fn per_hundred_thousand(count: i64, population: i64) -> i64 {
    (count * 200_000 + population) / (2 * population)
}

fn on_31_march(area: AreaId, year: ReportingYear, people: &[PersonEvents], categories: usize) -> Grid {
    let day = year.last_day();
    let mut g = Grid::new(categories, &LEVEL_ROWS);
    g.blank(0, 3);
    for p in people {
        if let Some((category, level)) = p.mappa_in(area, day)
            && !p.detained_on(day)
            && usize::from(category) <= categories
        {
            g.count(usize::from(level) - 1, category, p.id);
        }
    }
    g.total_row(3, 0..3);
    g
}

/// STAT-5: each person once at the highest level reached in the area in the
/// year (with the category then), or each spell at a level.
fn levels_2_and_3(
    area: AreaId,
    year: ReportingYear,
    people: &[PersonEvents],
    categories: usize,
    counting: LevelCounting,
) -> (Table, Vec<Vec<Option<Vec<NominalId>>>>) {
    let mut g = Grid::new(categories, &HIGH_LEVEL_ROWS);
    for p in people {
        let states: Vec<(u8, u8)> = p
            .changes_within(year.first_day(), year.last_day())
            .iter()
            .map(|d| p.mappa_in(area, *d).filter(|(c, l)| *l >= 2 && usize::from(*c) <= categories))
            .collect::<Vec<_>>()
            .into_iter()
            .scan(None, |previous: &mut Option<(u8, u8)>, now| {
                // An episode begins where the level differs from the day before's.
                let begins = now.is_some_and(|(_, l)| previous.is_none_or(|(_, pl)| pl != l));
                *previous = now;
                Some(now.filter(|_| begins))
            })
            .flatten()
            .collect();
        match counting {
            LevelCounting::Episodes => {
                for (category, level) in states {
                    g.count(usize::from(level) - 2, category, p.id);
                }
            }
            LevelCounting::People => {
                if let Some((category, level)) = states.iter().max_by_key(|(_, l)| *l) {
                    g.count(usize::from(*level) - 2, *category, p.id);
                }
            }
        }
    }
    g.total_row(2, 0..2);
    let rule = match counting {
        LevelCounting::People => "each person once, at the highest level reached, with their category then",
        LevelCounting::Episodes => "each spell at a level once, with the category when it began",
    };
    g.finish(
        "MAPPA-eligible offenders in Levels 2 and 3 by category (yearly total)".into(),
        "levels-2-and-3-in-year",
        categories,
        &format!(
            "People managed at Level 2 or 3 in the area at any time in the year, in custody or not: {rule} \
             (STAT-2 flow; STAT-5, configurable as `statistics.level_counting`)."
        ),
    )
}

/// People with an event in the year on a day they were in the area.
fn dated_in(
    area: AreaId,
    year: ReportingYear,
    people: &[PersonEvents],
    days: impl Fn(&PersonEvents) -> Vec<Date>,
) -> Vec<NominalId> {
    people
        .iter()
        .filter(|p| days(p).into_iter().any(|d| year.contains(d) && p.area_on(d) == Some(area)))
        .map(|p| p.id)
        .collect()
}

/// The days a breach matching `which` was cautioned or convicted.
fn disposed(p: &PersonEvents, which: impl Fn(BreachKind, Option<OrderKind>) -> bool) -> Vec<Date> {
    p.breaches
        .iter()
        .filter(|b| which(b.kind, b.order))
        .flat_map(|b| b.outcomes.iter())
        .filter(|(k, _)| matches!(k, OutcomeKind::Caution | OutcomeKind::Conviction))
        .map(|(_, d)| *d)
        .collect()
}

fn breach_of_notification(area: AreaId, year: ReportingYear, people: &[PersonEvents]) -> Vec<NominalId> {
    dated_in(area, year, people, |p| {
        disposed(p, |k, _| matches!(k, BreachKind::FailureToNotify | BreachKind::FalseInformation))
    })
}

fn sro_breaches(area: AreaId, year: ReportingYear, people: &[PersonEvents]) -> Vec<NominalId> {
    dated_in(area, year, people, |p| {
        disposed(p, |k, o| {
            k == BreachKind::BreachOfOrder
                && matches!(o, Some(OrderKind::Sro | OrderKind::InterimSro | OrderKind::Rosho))
        })
    })
}

fn restrictive_orders(
    area: AreaId,
    year: ReportingYear,
    people: &[PersonEvents],
    config: &StatisticsConfig,
) -> (Table, Vec<Vec<Option<Vec<NominalId>>>>) {
    // Orders, not people: a person given two SHPOs in a year counts twice.
    let made = |which: &dyn Fn(&super::history::Order) -> bool| -> Vec<NominalId> {
        people
            .iter()
            .flat_map(|p| {
                p.orders
                    .iter()
                    .filter(|o| year.contains(o.made) && p.area_on(o.made) == Some(area) && which(o))
                    .map(|_| p.id)
            })
            .collect()
    };
    let is_shpo = |k: OrderKind| {
        matches!(k, OrderKind::Shpo | OrderKind::Sopo)
            || (config.count_interim_orders && matches!(k, OrderKind::InterimShpo | OrderKind::InterimSopo))
    };
    let shpo = made(&|o| is_shpo(o.kind) && (config.shpo_row_includes_travel || !o.travel));
    let travel = made(&|o| is_shpo(o.kind) && o.travel);
    let nos = made(&|o| o.kind == OrderKind::NotificationOrder);
    let travel_rule = if config.shpo_row_includes_travel { "including" } else { "not including" };
    figures(
        "Restrictive orders for Category 1 offenders: SHPOs, SHPOs with foreign travel restriction & NOs imposed by the courts",
        "restrictive-orders",
        vec![("SHPO", shpo), ("SHPO with foreign travel restriction", travel), ("NOs", nos)],
        &format!(
            "Orders made by the courts in the year for people in the area, by the day made: sexual harm prevention \
             orders (and legacy SOPOs), {travel_rule} those with a foreign travel restriction (STAT-8, configurable \
             as `statistics.shpo_row_includes_travel`); those with one; notification orders. Interim orders are \
             {} (`statistics.count_interim_orders`).",
            if config.count_interim_orders { "counted" } else { "not counted" }
        ),
    )
}

/// STAT-6: Level 2 and 3 people recalled for breach of licence (every
/// category), and returned to custody for breach of a SOPO or SHPO
/// (Category 1 only), each once at the highest level at a return.
fn returns_to_custody(
    area: AreaId,
    year: ReportingYear,
    people: &[PersonEvents],
    categories: usize,
) -> (Table, Vec<Vec<Option<Vec<NominalId>>>>) {
    let licence = "Breach of licence";
    let order = "Breach of SOPO";
    let rows = [
        ("Level 2", Some(licence)),
        ("Level 3", Some(licence)),
        ("Total", Some(licence)),
        ("Level 2", Some(order)),
        ("Level 3", Some(order)),
        ("Total", Some(order)),
    ];
    let mut g = Grid::new(categories, &rows);
    for row in 3..6 {
        for category in 2..=categories as u8 {
            g.blank(row, category);
        }
    }
    let highest = |p: &PersonEvents, days: Vec<Date>| -> Option<(u8, u8)> {
        days.into_iter()
            .filter(|d| year.contains(*d))
            .filter_map(|d| p.mappa_in(area, d))
            .filter(|(c, l)| *l >= 2 && usize::from(*c) <= categories)
            .max_by_key(|(_, l)| *l)
    };
    for p in people {
        let recalls: Vec<Date> = p
            .recalls
            .iter()
            .copied()
            .chain(
                p.breaches
                    .iter()
                    .flat_map(|b| b.outcomes.iter())
                    .filter(|(k, _)| *k == OutcomeKind::Recall)
                    .map(|(_, d)| *d),
            )
            .collect();
        if let Some((category, level)) = highest(p, recalls) {
            g.count(usize::from(level) - 2, category, p.id);
        }
        if let Some((category, level)) = highest(p, order_breach_custody(p)) {
            g.count(usize::from(level) + 1, category, p.id);
        }
    }
    g.total_row(2, 0..2);
    g.total_row(5, 3..5);
    g.finish(
        "Level 2 and 3 offenders returned to custody".into(),
        "returns-to-custody",
        categories,
        "People at Level 2 or 3 in the area when returned to custody in the year, each once per block at the highest \
         level then: recalled on licence (a recall recorded on the licence or as a breach's outcome; every category) \
         and, for Category 1 only, committed to custody for breaching a SOPO or SHPO (a conviction for the breach in \
         the year and a custody period beginning between the breach's discovery and the end of the year) (STAT-6).",
    )
}

/// The days of custody that follow a conviction for breaching a SOPO or SHPO.
fn order_breach_custody(p: &PersonEvents) -> Vec<Date> {
    let mut days = Vec::new();
    for b in p.breaches.iter().filter(|b| {
        b.kind == BreachKind::BreachOfOrder
            && matches!(
                b.order,
                Some(OrderKind::Shpo | OrderKind::InterimShpo | OrderKind::Sopo | OrderKind::InterimSopo)
            )
    }) {
        for (_, convicted) in b.outcomes.iter().filter(|(k, _)| *k == OutcomeKind::Conviction) {
            let committed =
                p.away.iter().filter(|a| a.kind == PeriodKind::Custody && a.from >= b.discovered).map(|a| a.from).min();
            if committed.is_some() {
                days.push(*convicted);
            }
        }
    }
    days
}

/// STAT-7: people charged with a serious further offence, by the day it was
/// notified, at the category and level recorded then (every level).
fn serious_further_offences(
    area: AreaId,
    year: ReportingYear,
    people: &[PersonEvents],
    categories: usize,
) -> (Table, Vec<Vec<Option<Vec<NominalId>>>>) {
    let mut g = Grid::new(categories, &LEVEL_ROWS);
    g.blank(0, 3);
    for p in people {
        for s in p.sfos.iter().filter(|s| year.contains(s.notified) && p.area_on(s.notified) == Some(area)) {
            let category = s.category.or_else(|| p.category_on(s.notified));
            let level = s.level.or_else(|| p.level_on(s.notified));
            if let (Some(c), Some(l)) = (category, level)
                && usize::from(c) <= categories
                && (1..=3).contains(&l)
            {
                g.count(usize::from(l) - 1, c, p.id);
            }
        }
    }
    g.total_row(3, 0..3);
    g.finish(
        "MAPPA-eligible offenders charged with a serious further offence".into(),
        "serious-further-offences",
        categories,
        "Serious further offences notified in the year for MAPPA cases in the area, by the category and level \
         recorded with the notification (SFO-1, STAT-7: every level, by the day of notification).",
    )
}

fn scrs(area: AreaId, year: ReportingYear, people: &[PersonEvents]) -> Vec<NominalId> {
    let mut out = Vec::new();
    for p in people {
        for s in &p.sfos {
            if let Some(d) = s.scr_commissioned
                && year.contains(d)
                && p.area_on(s.notified) == Some(area)
            {
                out.push(p.id);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
