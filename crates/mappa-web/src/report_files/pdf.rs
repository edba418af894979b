//! The annual report as a PDF laid out like the published reports: an A4
//! page with the report's heading, then each table under its title with the
//! category columns, "-" for cells never counted, and how it is counted;
//! the trend charts after. Drawn with pdf-writer in the standard Helvetica
//! fonts, which every PDF reader has, so nothing is embedded.

use mappa_app::AnnualReportView;
use mappa_domain::reports::{Table, Trend};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// Text in the fonts' WinAnsi encoding; what it cannot show becomes "?".
fn ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '£' => 0xA3,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            _ => b'?',
        })
        .collect()
}

/// Roughly how wide text is in Helvetica: digits are exactly 0.556 em;
/// other text is taken at a generous average, so that wrapping never
/// overruns a column.
fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    let em: f32 = s
        .chars()
        .map(|c| match c {
            '0'..='9' | '-' => 0.556,
            ' ' | 'i' | 'l' | 'j' | '.' | ',' | ':' | '\'' => 0.28,
            'A'..='Z' | 'm' | 'w' => 0.72,
            _ => 0.53,
        })
        .sum();
    em * size * if bold { 1.06 } else { 1.0 }
}

/// Words wrapped into lines no wider than `width`.
fn wrap(s: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && text_width(&candidate, size, bold) > width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pages being drawn, top to bottom.
struct Pages {
    done: Vec<Content>,
    page: Content,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages { done: Vec::new(), page: Content::new(), y: HEIGHT - MARGIN }
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            let full = std::mem::replace(&mut self.page, Content::new());
            self.done.push(full);
            self.y = HEIGHT - MARGIN;
        }
    }

    fn text(&mut self, x: f32, y: f32, s: &str, size: f32, bold: bool) {
        let bytes = ansi(s);
        self.page.begin_text();
        self.page.set_font(if bold { BOLD } else { REGULAR }, size);
        self.page.next_line(x, y);
        self.page.show(Str(&bytes));
        self.page.end_text();
    }

    /// A paragraph wrapped to the text width, moving down the page.
    fn paragraph(&mut self, s: &str, size: f32, bold: bool, gap: f32) {
        for line in wrap(s, size, bold, WIDTH - 2.0 * MARGIN) {
            self.room(size * 1.4);
            self.y -= size * 1.4;
            self.text(MARGIN, self.y, &line, size, bold);
        }
        self.y -= gap;
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.page.set_line_width(0.5).set_stroke_rgb(0.69, 0.71, 0.73);
        self.page.move_to(x1, y1).line_to(x2, y2).stroke();
    }

    fn finish(mut self) -> Vec<Content> {
        self.done.push(self.page);
        self.done
    }
}

/// One table: the title, a header row of wrapped column names, a row per
/// label (with a block's name above its rows), the counting rule below.
fn table(p: &mut Pages, t: &Table) {
    let label_width = 170.0;
    let columns = t.columns.len().max(1) as f32;
    let column_width = (WIDTH - 2.0 * MARGIN - label_width) / columns;
    p.room(80.0);
    p.paragraph(&t.title, 11.0, true, 6.0);
    let header: Vec<Vec<String>> = t.columns.iter().map(|c| wrap(c, 8.0, true, column_width - 6.0)).collect();
    let header_lines = header.iter().map(Vec::len).max().unwrap_or(1) as f32;
    p.room(header_lines * 10.0 + 8.0);
    let top = p.y;
    for (i, lines) in header.iter().enumerate() {
        for (j, l) in lines.iter().enumerate() {
            let right = MARGIN + label_width + column_width * (i as f32 + 1.0) - 4.0;
            p.text(right - text_width(l, 8.0, true), top - 10.0 * (j as f32 + 1.0), l, 8.0, true);
        }
    }
    p.y = top - header_lines * 10.0 - 4.0;
    p.line(MARGIN, p.y, WIDTH - MARGIN, p.y);
    let mut group: Option<&str> = None;
    for r in &t.rows {
        if r.group.is_some() && r.group.as_deref() != group {
            group = r.group.as_deref();
            p.room(16.0);
            p.y -= 14.0;
            p.text(MARGIN, p.y + 3.0, group.unwrap_or_default(), 9.0, true);
        }
        p.room(16.0);
        p.y -= 14.0;
        let total = r.label == "Total";
        p.text(MARGIN + if group.is_some() { 8.0 } else { 0.0 }, p.y + 3.0, &r.label, 9.0, total);
        for (i, v) in r.values.iter().enumerate() {
            let s = super::shown(*v);
            let right = MARGIN + label_width + column_width * (i as f32 + 1.0) - 4.0;
            p.text(right - text_width(&s, 9.0, total), p.y + 3.0, &s, 9.0, total);
        }
        p.line(MARGIN, p.y - 1.0, WIDTH - MARGIN, p.y - 1.0);
    }
    p.y -= 8.0;
    if let Some(note) = &t.note {
        p.paragraph(note, 8.0, false, 2.0);
    }
    p.paragraph(&format!("How it is counted: {}", t.counting), 7.5, false, 18.0);
}

/// A trend chart as on the pages, drawn with the same layout.
fn chart(p: &mut Pages, t: &Trend) {
    use super::chart::{HEIGHT as CH, Marker, layout, legend_at};
    let scale = 0.95;
    p.room(CH * scale + 40.0);
    p.paragraph(&t.title, 11.0, true, 4.0);
    let top = p.y;
    let at = |(x, y): (f32, f32)| (MARGIN + x * scale, top - y * scale);
    let l = layout(t);
    for (y, label) in &l.ticks {
        let (x1, y1) = at((l.plot_left, *y));
        let (x2, _) = at((l.plot_right, *y));
        p.line(x1, y1, x2, y1);
        p.text(x1 - 4.0 - text_width(label, 8.0, false), y1 - 3.0, label, 8.0, false);
    }
    for (x, label) in &l.years {
        let (px, py) = at((*x, l.plot_bottom + 16.0));
        p.text(px - text_width(label, 8.0, false) / 2.0, py, label, 8.0, false);
    }
    for (k, super::chart::Line { name, colour: (r, g, b), marker, points }) in l.lines.iter().enumerate() {
        p.page.set_stroke_rgb(*r, *g, *b).set_fill_rgb(*r, *g, *b).set_line_width(1.8);
        for (i, pt) in points.iter().enumerate() {
            let (x, y) = at(*pt);
            if i == 0 {
                p.page.move_to(x, y)
            } else {
                p.page.line_to(x, y)
            };
        }
        p.page.stroke();
        let (lx, ly) = legend_at(k);
        for pt in points.iter().copied().chain(std::iter::once((lx + 4.0, ly - 4.0))) {
            let (x, y) = at(pt);
            match marker {
                Marker::Circle => {
                    // Four Bézier quarters (0.552 is the usual constant).
                    let (r, k) = (3.5, 3.5 * 0.552);
                    p.page.move_to(x + r, y);
                    p.page.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
                    p.page.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
                    p.page.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
                    p.page.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
                }
                Marker::Diamond => {
                    p.page.move_to(x, y + 4.0).line_to(x + 4.0, y).line_to(x, y - 4.0).line_to(x - 4.0, y);
                }
                Marker::Square => {
                    p.page.rect(x - 3.0, y - 3.0, 6.0, 6.0);
                }
                Marker::Triangle => {
                    p.page.move_to(x, y + 4.0).line_to(x + 4.0, y - 3.0).line_to(x - 4.0, y - 3.0);
                }
            }
            p.page.close_path().fill_nonzero();
        }
        p.page.set_fill_rgb(0.04, 0.05, 0.05);
        let (tx, ty) = at((lx + 14.0, ly));
        p.text(tx, ty, name, 8.0, false);
    }
    p.y = top - CH * scale - 8.0;
    p.paragraph(&super::chart::description(t), 7.5, false, 16.0);
}

/// The PDF of the report's tables, then its trend charts.
pub fn report(view: &AnnualReportView, tables: &[&Table]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut p = Pages::new();
    p.paragraph(&format!("{} MAPPA annual report", view.area_name), 20.0, true, 4.0);
    p.paragraph(&format!("Reporting year {}", view.period), 12.0, false, 16.0);
    p.paragraph("MAPPA Statistics", 16.0, true, 10.0);
    for t in tables {
        table(&mut p, t);
    }
    if tables.len() > 1 && !view.trends.is_empty() {
        p.room(200.0);
        p.paragraph("Trends", 16.0, true, 10.0);
        for t in &view.trends {
            chart(&mut p, t);
        }
    }
    let pages = p.finish();
    Ok(assemble(&format!("{} MAPPA annual report {}", view.area_name, view.period), pages))
}

/// The document: catalogue, page tree, the two fonts and a page per content.
fn assemble(title: &str, pages: Vec<Content>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(first + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    pdf.document_info(info).title(TextStr(title)).creator(TextStr("mappa"));
    for (font, base) in [(regular, Name(b"Helvetica")), (bold, Name(b"Helvetica-Bold"))] {
        pdf.type1_font(font).base_font(base).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, content) in pages.into_iter().enumerate() {
        let id = page_ids[i];
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT)).parent(tree).contents(content_id);
        let mut resources = page.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_width() {
        let lines = wrap("MAPPA-eligible offenders in Levels 2 and 3 by category (yearly total)", 11.0, true, 200.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| text_width(l, 11.0, true) <= 200.0));
        assert_eq!(ansi("£5 – ok"), [0xA3, b'5', b' ', 0x96, b' ', b'o', b'k']);
    }
}
