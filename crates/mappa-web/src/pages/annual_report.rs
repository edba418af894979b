//! The MAPPA annual report's pages (STAT-1..9): the tables for a reporting
//! year with their files, the people behind a figure for those who may see
//! them, and the populations an administrator enters.

use super::forms::{FormData, FormErrors};
use super::people::{Choice, long_date};
use super::{Layout, PageResult, render};
use crate::extract::PageUser;
use crate::report_files::{ReportFormat, chart, report_file, shown};
use crate::state::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use mappa_app::{AnnualQuery, AnnualReportView, AppError};
use mappa_domain::reports::{ReportingYear, Table};

/// A cell as shown: its figure, and where it opens to.
struct CellView {
    text: String,
    link: Option<String>,
}

/// A row as shown, with the block heading it begins (if any).
struct RowView {
    heading: Option<String>,
    label: String,
    total: bool,
    cells: Vec<CellView>,
}

struct TableView {
    title: String,
    key: &'static str,
    columns: Vec<String>,
    rows: Vec<RowView>,
    counting: String,
    note: Option<String>,
}

fn table_view(t: &Table, year: i16, lists: bool) -> TableView {
    let mut group: Option<&str> = None;
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let heading = (row.group.is_some() && row.group.as_deref() != group).then(|| row.group.clone()).flatten();
            group = row.group.as_deref();
            RowView {
                heading,
                label: row.label.clone(),
                total: row.label == "Total",
                cells: row
                    .values
                    .iter()
                    .enumerate()
                    .map(|(c, v)| CellView {
                        text: shown(*v),
                        link: (lists && v.is_some_and(|n| n > 0))
                            .then(|| format!("/reports/annual/people?year={year}&table={}&row={r}&column={c}", t.key)),
                    })
                    .collect(),
            }
        })
        .collect();
    TableView {
        title: t.title.clone(),
        key: t.key,
        columns: t.columns.clone(),
        rows,
        counting: t.counting.clone(),
        note: t.note.clone(),
    }
}

#[derive(Template)]
#[template(path = "reports/annual.html")]
struct AnnualPage {
    layout: Layout,
    errors: FormErrors,
    v: FormData,
    years: Vec<Choice>,
    area_name: String,
    period: String,
    year: String,
    tables: Vec<TableView>,
    /// The trend charts, as SVG made by `chart::svg` (its text escaped).
    charts: Vec<String>,
}

/// `GET /reports/annual`: the form, and the tables of the year chosen (by
/// default the last whole reporting year).
pub async fn show(State(s): State<AppState>, user: PageUser, RawQuery(raw): RawQuery) -> PageResult {
    let mut v = FormData::parse(raw.as_deref().unwrap_or("").as_bytes());
    let scope = s.app.annual_years(&user.actor).await?;
    let (area_name, years) = match &scope {
        Some((area, years)) => (area.name.clone(), years.clone()),
        None => (String::new(), Vec::new()),
    };
    let last_whole = ReportingYear::containing(s.app.today()).previous();
    let asked = v.opt("year").or_else(|| years.iter().find(|y| **y <= last_whole).map(|y| y.start.to_string()));
    let (errors, report) = match (&scope, asked) {
        (Some(_), Some(year)) => {
            match s.app.annual_report(&user.actor, &AnnualQuery { year: Some(year.clone()), area: None }, "html").await
            {
                Ok(r) => (FormErrors::default(), Some(r)),
                Err(AppError::Invalid(e)) => (FormErrors::from_validation(&e, &[], &[]), None),
                Err(e) => return Err(e.into()),
            }
        }
        _ => (FormErrors::default(), None),
    };
    if let Some(r) = &report {
        v.set("year", r.year.to_string());
    }
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let title = match &report {
        Some(r) if !errors.any() => format!("MAPPA annual report {}", ReportingYear { start: r.year }.short_name()),
        _ if errors.any() => "Error: MAPPA annual report".to_string(),
        _ => "MAPPA annual report".to_string(),
    };
    let page = AnnualPage {
        layout: Layout::new(title, Some(&user), "annual"),
        errors,
        v,
        years: years.iter().map(|y| Choice { value: y.start.to_string(), label: y.long_name() }).collect(),
        area_name,
        period: report.as_ref().map(|r| r.period.clone()).unwrap_or_default(),
        year: report.as_ref().map(|r| r.year.to_string()).unwrap_or_default(),
        charts: report
            .as_ref()
            .map(|r| r.trends.iter().enumerate().map(|(i, t)| chart::svg(t, &format!("trend-{i}"))).collect())
            .unwrap_or_default(),
        tables: report
            .as_ref()
            .map(|r| r.tables.iter().map(|t| table_view(t, r.year, r.people_lists)).collect())
            .unwrap_or_default(),
    };
    Ok(render(status, &page))
}

/// `GET /reports/annual/file?year=&format=&table=`: a download.
pub async fn file(State(s): State<AppState>, user: PageUser, RawQuery(raw): RawQuery) -> PageResult {
    let f = FormData::parse(raw.as_deref().unwrap_or("").as_bytes());
    let format = ReportFormat::parse(f.get("format")).map_err(|_| AppError::NotFound)?;
    let q = AnnualQuery { year: f.opt("year"), area: None };
    let view: AnnualReportView = match s.app.annual_report(&user.actor, &q, format.code()).await {
        Err(AppError::Invalid(_)) => return Err(AppError::NotFound.into()),
        r => r?,
    };
    let file = report_file(&view, format, f.opt("table").as_deref()).map_err(|_| AppError::NotFound)?;
    Ok(crate::api::reports::file_response(file))
}

struct PersonLine {
    id: String,
    name: String,
    born: String,
    agency: String,
}

#[derive(Template)]
#[template(path = "reports/annual_people.html")]
struct PeoplePage {
    layout: Layout,
    title: String,
    cell: String,
    period: String,
    counted: usize,
    people: Vec<PersonLine>,
    back: String,
}

/// `GET /reports/annual/people?year=&table=&row=&column=`: the people a
/// figure counts that the user's agency reaches.
pub async fn people(State(s): State<AppState>, user: PageUser, RawQuery(raw): RawQuery) -> PageResult {
    let f = FormData::parse(raw.as_deref().unwrap_or("").as_bytes());
    let index = |name: &str| f.get(name).parse::<usize>().map_err(|_| AppError::NotFound);
    let (row, column) = (index("row")?, index("column")?);
    let q = AnnualQuery { year: f.opt("year"), area: None };
    let cell = match s.app.annual_report_cell(&user.actor, &q, f.get("table"), row, column).await {
        Err(AppError::Invalid(_)) => return Err(AppError::NotFound.into()),
        r => r?,
    };
    let r = &cell.table.rows[row];
    let mut where_ = match &r.group {
        Some(g) => format!("{g}, {}", r.label),
        None => r.label.clone(),
    };
    if cell.table.columns.len() > 1 {
        where_ = format!("{where_}, {}", cell.table.columns[column]);
    }
    let page = PeoplePage {
        layout: Layout::new(format!("{}: the people counted", cell.table.title), Some(&user), "annual"),
        title: cell.table.title.clone(),
        cell: where_,
        period: cell.report.period.clone(),
        counted: cell.counted,
        people: cell
            .people
            .iter()
            .map(|p| PersonLine {
                id: p.id.to_string(),
                name: format!("{}, {}", p.surname, p.forenames),
                born: long_date(p.date_of_birth),
                agency: p.owning_agency_name.clone(),
            })
            .collect(),
        back: format!("/reports/annual?year={}#{}", cell.report.year, cell.table.key),
    };
    Ok(render(StatusCode::OK, &page))
}
