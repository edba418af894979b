//! The annual report as files: a CSV per table, one XLSX workbook with a
//! sheet per table, and a PDF of the whole report. Written with well-kept
//! crates (csv, rust_xlsxwriter, pdf-writer); no hand-made file formats.

pub mod chart;
mod pdf;

use mappa_app::AnnualReportView;
use mappa_domain::ValidationErrors;
use mappa_domain::reports::Table;

/// The file kinds a report comes as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    Xlsx,
    Pdf,
}

impl ReportFormat {
    /// Parses `format`; anything else is refused, naming the parameter.
    pub fn parse(raw: &str) -> Result<ReportFormat, ValidationErrors> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ReportFormat::Csv),
            "xlsx" => Ok(ReportFormat::Xlsx),
            "pdf" => Ok(ReportFormat::Pdf),
            _ => Err(ValidationErrors::single("format", "unknown_format", "The format must be csv, xlsx or pdf")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ReportFormat::Pdf => "application/pdf",
        }
    }
}

/// A report file: its name and bytes.
pub struct ReportFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A cell as the published tables show it: "-" for a cell never counted.
pub fn shown(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// The file for a report: with `table` (a table's key) a CSV of that table;
/// a CSV without one holds every table, one after another. Unknown table:
/// an error naming `table`.
pub fn report_file(
    view: &AnnualReportView,
    format: ReportFormat,
    table: Option<&str>,
) -> Result<ReportFile, ValidationErrors> {
    let stem = format!("mappa-annual-report-{}-{}", view.area.to_lowercase(), view.year);
    let tables: Vec<&Table> = match table.map(str::trim).filter(|t| !t.is_empty()) {
        Some(key) => vec![view.tables.iter().find(|t| t.key == key).ok_or_else(|| {
            ValidationErrors::single("table", "unknown_table", "There is no table of that name in the report")
        })?],
        None => view.tables.iter().collect(),
    };
    let name = match (format, table.filter(|t| !t.trim().is_empty())) {
        (ReportFormat::Csv, Some(key)) => format!("{stem}-{}.csv", key.trim()),
        (f, _) => format!("{stem}.{}", f.code()),
    };
    let bytes = match format {
        ReportFormat::Csv => csv_of(&tables),
        ReportFormat::Xlsx => xlsx_of(view, &tables),
        ReportFormat::Pdf => pdf::report(view, &tables),
    }
    .map_err(|_| ValidationErrors::single("format", "file_failed", "The file could not be made; try again"))?;
    Ok(ReportFile { name, content_type: format.content_type(), bytes })
}

/// The label of a row with its block, for flat files ("Breach of licence:
/// Level 2").
fn row_label(group: Option<&str>, label: &str) -> String {
    match group {
        Some(g) => format!("{g}: {label}"),
        None => label.to_string(),
    }
}

fn csv_of(tables: &[&Table]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            w.write_record([""])?;
        }
        let mut header = vec![t.title.clone()];
        header.extend(t.columns.iter().cloned());
        w.write_record(&header)?;
        for r in &t.rows {
            let mut line = vec![row_label(r.group.as_deref(), &r.label)];
            line.extend(r.values.iter().map(|v| shown(*v)));
            w.write_record(&line)?;
        }
    }
    Ok(w.into_inner()?)
}

/// A table's short name in words, for its sheet.
fn sheet_name(key: &str) -> &'static str {
    match key {
        "eligible-on-31-march" => "On 31 March",
        "levels-2-and-3-in-year" => "Levels 2 and 3 in the year",
        "notification-breaches" => "Notification breaches",
        "lifetime-notification-revoked" => "Lifetime notification revoked",
        "restrictive-orders" => "Restrictive orders",
        "sro-breaches" => "SRO breaches",
        "returns-to-custody" => "Returns to custody",
        "rsos-per-100000" => "RSOs per 100,000",
        "serious-further-offences" => "Serious further offences",
        "serious-case-reviews" => "Serious Case Reviews",
        _ => "Table",
    }
}

fn xlsx_of(view: &AnnualReportView, tables: &[&Table]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let heading = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let right = Format::new().set_align(FormatAlign::Right);
    for (i, t) in tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, unique, none of []:*?/\.
        let name: String = format!("{} {}", i + 1, sheet_name(t.key)).chars().take(31).collect();
        sheet.set_name(&name)?;
        sheet.write_string_with_format(0, 0, &t.title, &heading)?;
        sheet.write_string(1, 0, format!("{}, {}", view.area_name, view.period))?;
        sheet.set_column_width(0, 40)?;
        for (c, col) in t.columns.iter().enumerate() {
            let c = u16::try_from(c + 1)?;
            sheet.set_column_width(c, 18)?;
            sheet.write_string_with_format(3, c, col, &bold.clone().set_text_wrap())?;
        }
        let mut row = 4u32;
        for r in &t.rows {
            sheet.write_string_with_format(row, 0, row_label(r.group.as_deref(), &r.label), &bold)?;
            for (c, v) in r.values.iter().enumerate() {
                let c = u16::try_from(c + 1)?;
                match v {
                    Some(n) => sheet.write_number(row, c, *n as f64)?,
                    None => sheet.write_string_with_format(row, c, "-", &right)?,
                };
            }
            row += 1;
        }
        row += 1;
        sheet.write_string_with_format(row, 0, format!("How it is counted: {}", t.counting), &wrap)?;
        if let Some(note) = &t.note {
            sheet.write_string_with_format(row + 1, 0, note, &wrap)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mappa_domain::reports::Row;

    fn view() -> AnnualReportView {
        AnnualReportView {
            area: "LDN".into(),
            area_name: "London".into(),
            year: 2017,
            period: "1 April 2017 to 31 March 2018".into(),
            tables: vec![Table {
                title: "Level 2 and 3 offenders returned to custody".into(),
                key: "returns-to-custody",
                columns: vec!["Category 1: Registered sex offenders".into(), "Total".into()],
                rows: vec![Row {
                    label: "Level 2".into(),
                    group: Some("Breach of SOPO".into()),
                    values: vec![Some(0), None],
                }],
                counting: "STAT-6".into(),
                note: None,
            }],
            trends: vec![],
            people_lists: false,
        }
    }

    #[test]
    fn a_csv_shows_never_counted_cells_as_a_dash_and_names_the_block() {
        let f = report_file(&view(), ReportFormat::Csv, Some("returns-to-custody")).unwrap();
        let text = String::from_utf8(f.bytes).unwrap();
        assert_eq!(f.name, "mappa-annual-report-ldn-2017-returns-to-custody.csv");
        assert!(text.contains("Breach of SOPO: Level 2,0,-"), "{text}");
        let e = report_file(&view(), ReportFormat::Csv, Some("nope")).err().unwrap();
        assert_eq!(e.first().unwrap().field, "table");
        assert_eq!(ReportFormat::parse("docx").unwrap_err().first().unwrap().field, "format");
    }

    #[test]
    fn the_workbook_and_the_pdf_are_files_of_their_kind() {
        let x = report_file(&view(), ReportFormat::Xlsx, None).unwrap();
        assert_eq!(&x.bytes[..2], b"PK", "an XLSX is a zip");
        let p = report_file(&view(), ReportFormat::Pdf, None).unwrap();
        assert_eq!(&p.bytes[..5], b"%PDF-");
    }
}
