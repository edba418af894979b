//! Reports from history (architecture decision 4): every figure is counted
//! from dated events, so that any past reporting year comes out the same
//! whatever has been recorded since about other years.

pub mod annual;
pub mod history;
pub mod year;

use serde::{Deserialize, Serialize};

pub use year::ReportingYear;

/// One table of a report, shaped as the published tables are: a title, the
/// column names, and rows with a label and one value per column. A value the
/// published tables show as "-" (a cell that is never counted) is `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Table {
    pub title: String,
    /// A short name for files and links (`t1-eligible-on-31-march`).
    pub key: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// How the table is counted, with the rule IDs behind it.
    pub counting: String,
    /// Anything that limits the figures (a population not yet entered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One row of a table. `group` names the block a row belongs to where a
/// table has several (seed 003's "Breach of licence" and "Breach of SOPO").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Row {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub values: Vec<Option<i64>>,
}

/// How the MAPPA statistics are counted where rules.md leaves it open
/// (§8.2, STAT-5..8, all UNCONFIRMED or SECONDARY). Defaults documented on
/// each field.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatisticsConfig {
    /// STAT-5: "Levels 2 and 3 during the year" counts people (each once, at
    /// the highest level they reached in the area that year; default) or
    /// episodes (each spell at Level 2 or 3 begun or running in the year).
    pub level_counting: LevelCounting,
    /// STAT-8: whether the SHPO row counts every SHPO, those with a foreign
    /// travel restriction too (default true), or only those without one.
    pub shpo_row_includes_travel: bool,
    /// Whether interim SHPOs count as SHPOs imposed (default false: the
    /// court's full orders only).
    pub count_interim_orders: bool,
    /// STAT-9: the first reporting year (by its starting year) whose tables
    /// have a Category 4 column; earlier years show one only if a person was
    /// counted in Category 4. Default 2023 (the 2023/24 reports).
    pub category_4_from_year: i16,
}

impl Default for StatisticsConfig {
    fn default() -> Self {
        StatisticsConfig {
            level_counting: LevelCounting::People,
            shpo_row_includes_travel: true,
            count_interim_orders: false,
            category_4_from_year: 2023,
        }
    }
}

/// STAT-5: unique people or episodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelCounting {
    #[default]
    People,
    Episodes,
}

/// A trend over reporting years for a chart: one series per line, each
/// with a value per year (in `years` order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Trend {
    pub title: String,
    /// "2017/18", oldest first.
    pub years: Vec<String>,
    pub series: Vec<Series>,
}

/// One line of a trend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
}
