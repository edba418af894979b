//! Trend charts, laid out once and drawn twice: as SVG on the pages (it
//! reads without JavaScript, with a title and a description that give every
//! figure) and into the PDF. Lines are told apart by colour and by the shape
//! of their markers, never by colour alone.

use mappa_domain::reports::Trend;
use std::fmt::Write as _;

pub const WIDTH: f32 = 480.0;
pub const HEIGHT: f32 = 260.0;
const LEFT: f32 = 48.0;
const RIGHT: f32 = 16.0;
const TOP: f32 = 16.0;
/// Room for the year labels and the legend.
const BOTTOM: f32 = 78.0;

/// GOV.UK colours: blue, orange, green, purple.
pub const COLOURS: [(f32, f32, f32); 4] =
    [(0.114, 0.439, 0.722), (0.957, 0.467, 0.220), (0.0, 0.439, 0.235), (0.298, 0.173, 0.573)];

/// Marker shapes, in the order of the series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const MARKERS: [Marker; 4] = [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond];

/// One series as drawn.
pub struct Line {
    pub name: String,
    pub colour: (f32, f32, f32),
    pub marker: Marker,
    pub points: Vec<(f32, f32)>,
}

/// A chart laid out in a box `WIDTH` × `HEIGHT`, y downwards (SVG's way).
pub struct Layout {
    /// Gridlines: (y, label).
    pub ticks: Vec<(f32, String)>,
    /// Year labels: (x, label).
    pub years: Vec<(f32, String)>,
    pub lines: Vec<Line>,
    pub plot_left: f32,
    pub plot_right: f32,
    pub plot_bottom: f32,
}

/// A round top for the axis, with four equal steps of 1, 2, 2.5 or 5 times
/// a power of ten, at least `max`.
fn nice_top(max: i64) -> i64 {
    let mut power = 1;
    loop {
        // 2.5 × 1 is not whole: it comes out as 2, a step already tried.
        for step in [power, 2 * power, 5 * power / 2, 5 * power] {
            if step * 4 >= max {
                return step * 4;
            }
        }
        power *= 10;
    }
}

pub fn layout(t: &Trend) -> Layout {
    let max = t.series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0).max(1);
    let top = nice_top(max);
    let plot_bottom = HEIGHT - BOTTOM;
    let plot_height = plot_bottom - TOP;
    let y = |v: i64| plot_bottom - plot_height * v as f32 / top as f32;
    let plot_width = WIDTH - LEFT - RIGHT;
    let n = t.years.len().max(1);
    let x = |i: usize| if n == 1 { LEFT + plot_width / 2.0 } else { LEFT + plot_width * i as f32 / (n - 1) as f32 };
    Layout {
        ticks: (0..=4).map(|k| (y(top * k / 4), (top * k / 4).to_string())).collect(),
        years: t.years.iter().enumerate().map(|(i, name)| (x(i), name.clone())).collect(),
        lines: t
            .series
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let points = s.values.iter().enumerate().map(|(i, v)| (x(i), y(*v))).collect();
                Line { name: s.name.clone(), colour: COLOURS[k % 4], marker: MARKERS[k % 4], points }
            })
            .collect(),
        plot_left: LEFT,
        plot_right: WIDTH - RIGHT,
        plot_bottom,
    }
}

/// Where the legend's entries go: two to a row.
pub fn legend_at(k: usize) -> (f32, f32) {
    (LEFT + (k % 2) as f32 * 220.0, HEIGHT - 36.0 + (k / 2) as f32 * 16.0)
}

/// Every figure, in words: the chart's text alternative.
pub fn description(t: &Trend) -> String {
    t.series
        .iter()
        .map(|s| {
            let figures: Vec<String> = t.years.iter().zip(&s.values).map(|(y, v)| format!("{y}: {v}")).collect();
            format!("{}: {}.", s.name, figures.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn rgb((r, g, b): (f32, f32, f32)) -> String {
    format!("#{:02x}{:02x}{:02x}", (r * 255.0).round() as u8, (g * 255.0).round() as u8, (b * 255.0).round() as u8)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn svg_marker(out: &mut String, m: Marker, (x, y): (f32, f32), colour: &str) {
    let _ = match m {
        Marker::Circle => write!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"#),
        Marker::Square => {
            write!(out, r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{colour}"/>"#, x - 4.0, y - 4.0)
        }
        Marker::Triangle => write!(
            out,
            r#"<polygon points="{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{colour}"/>"#,
            y - 5.0,
            x - 5.0,
            y + 4.0,
            x + 5.0,
            y + 4.0
        ),
        Marker::Diamond => write!(
            out,
            r#"<polygon points="{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}" fill="{colour}"/>"#,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
    };
}

/// The chart as an SVG element; `id` makes its title and description
/// unique on the page.
pub fn svg(t: &Trend, id: &str) -> String {
    let l = layout(t);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&t.title),
        escape(&description(t))
    );
    out.push_str(r##"<g font-family="GDS Transport, arial, sans-serif" font-size="12" fill="#0b0c0c">"##);
    for (y, label) in &l.ticks {
        let _ = write!(
            out,
            r##"<line x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end">{label}</text>"##,
            l.plot_left,
            l.plot_right,
            l.plot_left - 6.0,
            y + 4.0
        );
    }
    for (x, label) in &l.years {
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            l.plot_bottom + 18.0,
            escape(label)
        );
    }
    for (k, Line { name, colour, marker, points }) in l.lines.iter().enumerate() {
        let colour = rgb(*colour);
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ =
            write!(out, r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5"/>"#, path.join(" "));
        for p in points {
            svg_marker(&mut out, *marker, *p, &colour);
        }
        let (lx, ly) = legend_at(k);
        svg_marker(&mut out, *marker, (lx + 4.0, ly - 4.0), &colour);
        let _ = write!(out, r#"<text x="{:.1}" y="{ly:.1}">{}</text>"#, lx + 14.0, escape(name));
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mappa_domain::reports::Series;

    fn trend() -> Trend {
        Trend {
            title: "People on 31 March".into(),
            years: vec!["2016/17".into(), "2017/18".into()],
            series: vec![
                Series { name: "Category 1: Registered sex offenders".into(), values: vec![6100, 6317] },
                Series { name: "Category 2 <violent>".into(), values: vec![3700, 3833] },
            ],
        }
    }

    #[test]
    fn the_chart_says_every_figure_in_words_and_escapes_text() {
        let s = svg(&trend(), "t1");
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("Category 1: Registered sex offenders: 2016/17: 6100, 2017/18: 6317."));
        assert!(s.contains("Category 2 &lt;violent&gt;") && !s.contains("<violent>"));
        assert!(s.contains(r#"aria-labelledby="t1-title t1-desc""#));
    }

    #[test]
    fn the_axis_tops_at_a_round_number_above_the_largest_figure() {
        assert_eq!((nice_top(1), nice_top(6317), nice_top(83), nice_top(9)), (4, 8000, 100, 20));
        let l = layout(&trend());
        assert_eq!(l.ticks.last().map(|t| t.1.as_str()), Some("8000"));
        assert!(l.lines.iter().all(|line| line.points.iter().all(|(_, y)| *y >= TOP && *y <= l.plot_bottom)));
    }
}
