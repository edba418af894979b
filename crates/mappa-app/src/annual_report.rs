//! Use cases for the MAPPA annual report (STAT-1..9): the tables for a
//! reporting year and the caller's own area, the people behind a figure for
//! those who may see them, and the population an administrator enters for the
//! RSOs per 100,000. Figures only for analysts and lay advisers.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, list_scope};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::panels::Area;
use mappa_domain::record::NominalSummary;
use mappa_domain::reports::annual::{AnnualReport, Population, annual_report, trends};
use mappa_domain::reports::{ReportingYear, Table, Trend};
use mappa_domain::role::Role;
use mappa_store::AuditEntry;
use serde::Serialize;

/// The report asked for: `year` (`YYYY`, the year it starts in) and an
/// area's code (the caller's own by default).
#[derive(Clone, Debug, Default)]
pub struct AnnualQuery {
    pub year: Option<String>,
    pub area: Option<String>,
}

/// The annual report's tables for an area and year.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AnnualReportView {
    /// The area's code.
    pub area: String,
    pub area_name: String,
    /// The year the reporting year starts in.
    pub year: i16,
    /// "1 April 2017 to 31 March 2018".
    pub period: String,
    pub tables: Vec<Table>,
    /// The trends the charts show, over up to six reporting years to this one.
    pub trends: Vec<Trend>,
    /// Whether the caller may open a figure into the people it counts.
    pub people_lists: bool,
}

/// One figure opened into the people it counts that the caller reaches.
#[derive(Clone, Debug)]
pub struct ReportCell {
    pub report: AnnualReportView,
    pub table: Table,
    pub row: usize,
    pub column: usize,
    /// The figure as counted.
    pub counted: usize,
    /// Those of them within the caller's reach, by name.
    pub people: Vec<NominalSummary>,
}

/// Who may read the report's figures: anyone working in MAPPA or with cases,
/// and the analysts and lay advisers of the Strategic Management Board.
fn reads_report(actor: &Actor) -> bool {
    actor.works_cases() || actor.has(Role::Analyst) || actor.has(Role::LayAdviser)
}

impl App {
    /// The area (the caller's own; another is refused, naming `area`) and
    /// the year (refused when before any of the area's data).
    /// `actor` None: an operator at the command line, for any area.
    async fn annual_scope(&self, actor: Option<&Actor>, q: &AnnualQuery) -> Result<(Area, ReportingYear)> {
        if actor.is_some_and(|a| !reads_report(a)) {
            return Err(AppError::Forbidden);
        }
        let mut e = ValidationErrors::new();
        let own = match actor {
            Some(a) => self.actor_area(a).await?,
            None => None,
        };
        let area = match q.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(code) => match self.store.area(&code.to_uppercase()).await? {
                None => {
                    e.add("area", "unknown_area", "There is no MAPPA area with that code");
                    None
                }
                Some(a) if actor.is_some() && own.as_ref().is_none_or(|o| o.id != a.id) => {
                    e.add("area", "not_your_area", "You can run the report only for your own MAPPA area");
                    None
                }
                Some(a) => Some(a),
            },
            None if own.is_none() => {
                e.add("area", "required", "Select the MAPPA area: your agency is in none");
                None
            }
            None => own,
        };
        let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            None => {
                e.add("year", "required", "Enter the year the reporting year starts in");
                None
            }
            Some(raw) => match ReportingYear::parse(raw, self.today()) {
                Ok(y) => Some(y),
                Err(errors) => {
                    e.0.extend(errors.0);
                    None
                }
            },
        };
        let (Some(area), Some(year)) = (area, year) else {
            return Err(e.into());
        };
        Ok((area, year))
    }

    /// The reporting years with data for the caller's area, latest first,
    /// with the area (None when the caller's agency is in no area).
    pub async fn annual_years(&self, actor: &Actor) -> Result<Option<(Area, Vec<ReportingYear>)>> {
        if !reads_report(actor) {
            return Err(AppError::Forbidden);
        }
        let Some(area) = self.actor_area(actor).await? else {
            return Ok(None);
        };
        let now = ReportingYear::containing(self.today());
        let years = match self.store.first_mappa_day(area.id).await? {
            Some(first) => {
                let first = ReportingYear::containing(first).start.max(2001);
                (first..=now.start).rev().map(|start| ReportingYear { start }).collect()
            }
            None => Vec::new(),
        };
        Ok(Some((area, years)))
    }

    /// The report for `year`, and the trends over up to six years to it
    /// (from the year of the area's first MAPPA decision). A year that ends
    /// before any decision has no data: refused, naming `year`.
    /// `with_trends` false: the trends are not worked out (a figure's people
    /// show none).
    async fn work_out_annual(
        &self,
        area: &Area,
        year: ReportingYear,
        with_trends: bool,
    ) -> Result<(AnnualReport, Vec<Trend>)> {
        let people = self.store.annual_report_events(area.id).await?;
        let first = people.iter().flat_map(|p| p.decisions.iter().map(|d| d.effective)).min();
        let Some(first) = first.filter(|f| *f <= year.last_day()) else {
            return Err(ValidationErrors::single(
                "year",
                "before_any_data",
                "There is no MAPPA data for the area in that reporting year",
            )
            .into());
        };
        let first = ReportingYear::containing(first);
        let population = self.store.area_population(area.id, year).await?;
        let config = &self.rules.statistics;
        let report = annual_report(area.id, year, &people, population.as_ref(), config);
        let years: Vec<ReportingYear> =
            (first.start.max(year.start - 5)..=year.start).map(|start| ReportingYear { start }).collect();
        let trends = if with_trends { trends(area.id, &years, &people, config) } else { Vec::new() };
        Ok((report, trends))
    }

    fn annual_view(
        &self,
        actor: Option<&Actor>,
        area: &Area,
        (report, trends): (AnnualReport, Vec<Trend>),
    ) -> AnnualReportView {
        AnnualReportView {
            trends,
            area: area.code.clone(),
            area_name: area.name.clone(),
            year: report.year.start,
            period: report.year.long_name(),
            tables: report.tables,
            people_lists: actor.and_then(list_scope).is_some(),
        }
    }

    /// The annual report's tables for the caller's area and a year, counted
    /// from the stored events. Audited with its parameters (`format`: how it
    /// is given, for the trail).
    pub async fn annual_report(&self, actor: &Actor, q: &AnnualQuery, format: &str) -> Result<AnnualReportView> {
        let (area, year) = self.annual_scope(Some(actor), q).await?;
        let worked = self.work_out_annual(&area, year, true).await?;
        let params = serde_json::json!({"year": year.start, "area": area.code, "format": format});
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::AnnualReportView, "report", "annual").after(&params),
            )
            .await?;
        Ok(self.annual_view(Some(actor), &area, worked))
    }

    /// The annual report for an operator at the command line (`mappa report
    /// annual`): any area, which must be named. Audited as the system.
    pub async fn annual_report_operator(&self, q: &AnnualQuery, format: &str) -> Result<AnnualReportView> {
        if q.area.as_deref().is_none_or(|a| a.trim().is_empty()) {
            return Err(ValidationErrors::single("area", "required", "Name the MAPPA area with --area").into());
        }
        let (area, year) = self.annual_scope(None, q).await?;
        let worked = self.work_out_annual(&area, year, true).await?;
        let params = serde_json::json!({"year": year.start, "area": area.code, "format": format});
        let ctx = mappa_store::AuditCtx::system(self.now());
        self.store
            .audit_only(&ctx, AuditEntry::new(AuditAction::AnnualReportView, "report", "annual").after(&params))
            .await?;
        Ok(self.annual_view(None, &area, worked))
    }

    /// The people counted in one figure, those within the caller's reach
    /// only; for those who work with cases (analysts and lay advisers see
    /// figures only: 403). An unknown table or cell is 404. Audited.
    pub async fn annual_report_cell(
        &self,
        actor: &Actor,
        q: &AnnualQuery,
        table: &str,
        row: usize,
        column: usize,
    ) -> Result<ReportCell> {
        let scope = list_scope(actor).ok_or(AppError::Forbidden)?;
        let (area, year) = self.annual_scope(Some(actor), q).await?;
        let worked = self.work_out_annual(&area, year, false).await?;
        let ids = worked.0.people(table, row, column).ok_or(AppError::NotFound)?;
        let Some(found) = worked.0.tables.iter().find(|t| t.key == table).cloned() else {
            return Err(AppError::NotFound);
        };
        let people = self.store.summaries_in_reach(&scope, &ids).await?;
        let params =
            serde_json::json!({"year": year.start, "area": area.code, "table": table, "row": row, "column": column});
        self.store
            .audit_only(
                &self.ctx(actor),
                AuditEntry::new(AuditAction::ReportPeopleView, "report", "annual").after(&params),
            )
            .await?;
        Ok(ReportCell {
            report: self.annual_view(Some(actor), &area, worked),
            table: found,
            row,
            column,
            counted: ids.len(),
            people,
        })
    }

    /// The populations entered for the caller's area (administrators).
    pub async fn area_populations(&self, actor: &Actor) -> Result<(Area, Vec<(ReportingYear, Population)>)> {
        let area = self.population_area(actor).await?;
        let list = self.store.area_populations(area.id).await?;
        Ok((area, list))
    }

    /// Enters the population aged 10 and over of the caller's area for a
    /// reporting year, with its source (STAT-9). Administrators only.
    pub async fn set_area_population(&self, actor: &Actor, year: &str, count: &str, source: &str) -> Result<()> {
        let area = self.population_area(actor).await?;
        let mut e = ValidationErrors::new();
        let year = match ReportingYear::parse(year, self.today()) {
            Ok(y) => Some(y),
            Err(errors) => {
                e.0.extend(errors.0);
                None
            }
        };
        let count = match count.trim().replace(',', "").parse::<i64>() {
            Ok(n) if (1..=100_000_000).contains(&n) => Some(n),
            _ => {
                e.add("population", "invalid_population", "Enter the population as a whole number, like 7610000");
                None
            }
        };
        let source = source.trim();
        if source.is_empty() {
            e.add("source", "required", "Enter where the figure comes from, like the ONS mid-year estimate");
        } else if source.chars().count() > 300 {
            e.add("source", "too_long", "The source must be 300 characters or fewer");
        }
        let (Some(year), Some(count)) = (year, count) else {
            return Err(e.into());
        };
        if !e.is_empty() {
            return Err(e.into());
        }
        let population = Population { count, source: source.to_string() };
        self.store.set_area_population(&self.ctx(actor), area.id, year, &population).await?;
        Ok(())
    }

    async fn population_area(&self, actor: &Actor) -> Result<Area> {
        if !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        self.actor_area(actor).await?.ok_or_else(|| {
            ValidationErrors::single("area", "required", "Your agency is in no MAPPA area: add it to one first").into()
        })
    }
}
