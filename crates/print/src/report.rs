//! A small report layout engine: header and "Page N of M" footer on every page, summary
//! blocks, tables that split across pages with their header row repeated, wrapped or
//! shortened cells, right-aligned numbers, totals rows, and vector bar and line charts.
//! Reports are built as a list of [`Block`]s; [`layout`] flows them onto A4 pages.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::font::{cap_height_mm, fit, width_mm, wrap};
use crate::page::{pt_to_mm, Colour, FontStyle, Page};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub organisation: String,
    pub title: String,
    /// Already formatted by the caller, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    /// What the report covers, as (label, value): shown under the title.
    pub filters: Vec<(String, String)>,
    pub blocks: Vec<Block>,
    pub landscape: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// Figures in boxes: ("Assets", "10,000").
    Summary(Vec<(String, String)>),
    Table(Table),
    BarChart(BarChart),
    LineChart(LineChart),
    /// One signature box per role: name, signature and date lines.
    SignOff(Vec<String>),
    /// Vertical space in millimetres.
    Spacer(f32),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub totals: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub width: f32,
    pub align: Align,
    /// Wrap onto up to three lines; otherwise shorten with an ellipsis.
    pub wrap: bool,
}

impl Column {
    pub fn left(title: &str, width: f32) -> Column {
        Column { title: title.into(), width, align: Align::Left, wrap: false }
    }
    pub fn wrapped(title: &str, width: f32) -> Column {
        Column { title: title.into(), width, align: Align::Left, wrap: true }
    }
    pub fn right(title: &str, width: f32) -> Column {
        Column { title: title.into(), width, align: Align::Right, wrap: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Align {
    Left,
    Right,
}

/// Horizontal bars: a label, a bar, the value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    pub bars: Vec<(String, f64)>,
    /// Appended to each value ("assets", "days").
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    pub title: String,
    pub x_labels: Vec<String>,
    /// (name, one value per x label).
    pub series: Vec<(String, Vec<f64>)>,
}

const MARGIN: f32 = 15.0;
const BODY_PT: f32 = 8.5;
const LINE_MM: f32 = 4.0;
const CELL_PAD: f32 = 1.3;
const SERIES: [Colour; 4] =
    [Colour::ACCENT, Colour(0x2f, 0x6f, 0xb5), Colour(0xc0, 0x6a, 0x1b), Colour(0x7b, 0x4b, 0xa8)];

/// Flows a report onto pages.
pub fn layout(report: &Report) -> Vec<Page> {
    let mut flow = Flow::new(report);
    for block in &report.blocks {
        match block {
            Block::Heading(text) => flow.heading(text),
            Block::Paragraph(text) => flow.paragraph(text),
            Block::Summary(items) => flow.summary(items),
            Block::Table(table) => flow.table(table),
            Block::BarChart(chart) => flow.bar_chart(chart),
            Block::LineChart(chart) => flow.line_chart(chart),
            Block::SignOff(roles) => flow.sign_off(roles),
            Block::Spacer(mm) => flow.y += mm,
        }
    }
    flow.finish()
}

/// The PDF of a report.
pub fn render(report: &Report) -> Vec<u8> {
    crate::pdf::render(&report.title, &layout(report))
}

struct Flow<'a> {
    report: &'a Report,
    width: f32,
    height: f32,
    pages: Vec<Page>,
    y: f32,
}

impl<'a> Flow<'a> {
    fn new(report: &'a Report) -> Flow<'a> {
        let (width, height) = if report.landscape { (297.0, 210.0) } else { (210.0, 297.0) };
        let mut flow = Flow { report, width, height, pages: Vec::new(), y: 0.0 };
        flow.new_page();
        flow
    }

    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN - 6.0
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        let first = self.pages.is_empty();
        let mut page = Page::new(self.width, self.height);
        let r = self.report;
        let w = self.width - 2.0 * MARGIN;
        let mut y = MARGIN;
        if first {
            y += cap_height_mm(8.0);
            page.text(
                MARGIN,
                y,
                8.0,
                FontStyle::Regular,
                Colour::MUTED,
                fit(&r.organisation, FontStyle::Regular, 8.0, w),
            );
            y += 7.5;
            page.text(MARGIN, y, 17.0, FontStyle::Bold, Colour::TEXT, fit(&r.title, FontStyle::Bold, 17.0, w));
            y += 5.5;
            page.text(MARGIN, y, 8.0, FontStyle::Regular, Colour::MUTED, format!("Generated {}", r.generated_at));
            for (label, value) in &r.filters {
                y += LINE_MM;
                let text = fit(&format!("{label}: {value}"), FontStyle::Regular, 8.0, w);
                page.text(MARGIN, y, 8.0, FontStyle::Regular, Colour::MUTED, text);
            }
            y += 3.0;
        } else {
            y += cap_height_mm(8.0);
            let title = fit(&format!("{} — {}", r.title, r.organisation), FontStyle::Regular, 8.0, w);
            page.text(MARGIN, y, 8.0, FontStyle::Regular, Colour::MUTED, title);
            y += 2.5;
        }
        page.line(MARGIN, y, self.width - MARGIN, y, 0.3, Colour::ACCENT);
        self.pages.push(page);
        self.y = y + 6.0;
    }

    /// Starts a new page unless `height` more millimetres fit on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.new_page();
        }
    }

    fn heading(&mut self, text: &str) {
        self.y += 3.0;
        // Keep a heading with at least a few lines of what follows it.
        self.room_for(18.0);
        let size = 11.5;
        let y = self.y + cap_height_mm(size);
        let text = fit(text, FontStyle::Bold, size, self.content_width());
        self.page().text(MARGIN, y, size, FontStyle::Bold, Colour::TEXT, text);
        self.y = y + 4.0;
    }

    fn paragraph(&mut self, text: &str) {
        for line in wrap(text, FontStyle::Regular, 9.0, self.content_width(), 200) {
            self.room_for(LINE_MM + 1.0);
            let y = self.y + cap_height_mm(9.0);
            self.page().text(MARGIN, y, 9.0, FontStyle::Regular, Colour::TEXT, line);
            self.y += LINE_MM + 0.6;
        }
        self.y += 2.0;
    }

    fn summary(&mut self, items: &[(String, String)]) {
        let per_row = items.len().clamp(1, if self.report.landscape { 6 } else { 5 });
        let gap = 4.0;
        let box_w = (self.content_width() - gap * (per_row - 1) as f32) / per_row as f32;
        let box_h = 15.0;
        for row in items.chunks(per_row) {
            self.room_for(box_h + gap);
            let top = self.y;
            for (i, (label, value)) in row.iter().enumerate() {
                let x = MARGIN + i as f32 * (box_w + gap);
                let page = self.page();
                page.rect(x, top, box_w, box_h, Colour::STRIPE);
                page.rect(x, top, 0.9, box_h, Colour::ACCENT);
                let inner = box_w - 5.0;
                page.text(
                    x + 3.0,
                    top + 4.8,
                    7.5,
                    FontStyle::Regular,
                    Colour::MUTED,
                    fit(label, FontStyle::Regular, 7.5, inner),
                );
                page.text(
                    x + 3.0,
                    top + 11.6,
                    13.0,
                    FontStyle::Bold,
                    Colour::TEXT,
                    fit(value, FontStyle::Bold, 13.0, inner),
                );
            }
            self.y = top + box_h + gap;
        }
        self.y += 1.0;
    }

    fn table(&mut self, table: &Table) {
        let total_weight: f32 = table.columns.iter().map(|c| c.width).sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = table.columns.iter().map(|c| c.width / total_weight * self.content_width()).collect();
        let header: Vec<String> = table.columns.iter().map(|c| c.title.clone()).collect();
        let header_h = LINE_MM + 2.0 * CELL_PAD;

        self.room_for(header_h + 2.0 * LINE_MM);
        self.table_row(&table.columns, &widths, std::slice::from_ref(&header), RowStyle::Header);
        for (n, row) in table.rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = table
                .columns
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (col, w))| {
                    let text = row.get(i).map(String::as_str).unwrap_or("");
                    let room = w - 2.0 * CELL_PAD;
                    if col.wrap {
                        wrap(text, FontStyle::Regular, BODY_PT, room, 3)
                    } else {
                        vec![fit(text, FontStyle::Regular, BODY_PT, room)]
                    }
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
            let height = lines as f32 * LINE_MM + 2.0 * CELL_PAD;
            if self.y + height > self.bottom() {
                self.new_page();
                self.table_row(&table.columns, &widths, std::slice::from_ref(&header), RowStyle::Header);
            }
            let style = if n % 2 == 1 { RowStyle::Striped } else { RowStyle::Plain };
            self.table_row(&table.columns, &widths, &cells, style);
        }
        if let Some(totals) = &table.totals {
            let cells: Vec<Vec<String>> = table
                .columns
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (_, w))| {
                    vec![fit(
                        totals.get(i).map(String::as_str).unwrap_or(""),
                        FontStyle::Bold,
                        BODY_PT,
                        w - 2.0 * CELL_PAD,
                    )]
                })
                .collect();
            self.room_for(header_h);
            self.table_row(&table.columns, &widths, &cells, RowStyle::Totals);
        }
        self.y += 4.0;
    }

    /// Draws one row at the cursor. `cells` holds one entry per column (its lines), or
    /// for a header a single entry with all the titles.
    fn table_row(&mut self, columns: &[Column], widths: &[f32], cells: &[Vec<String>], style: RowStyle) {
        let cells: Vec<Vec<String>> = if style == RowStyle::Header {
            cells[0]
                .iter()
                .zip(widths)
                .map(|(title, w)| vec![fit(title, FontStyle::Bold, 7.5, w - 2.0 * CELL_PAD)])
                .collect()
        } else {
            cells.to_vec()
        };
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        let height = lines as f32 * LINE_MM + 2.0 * CELL_PAD;
        let top = self.y;
        let full = self.content_width();
        let (size, font, colour) = match style {
            RowStyle::Header => (7.5, FontStyle::Bold, Colour::MUTED),
            RowStyle::Totals => (BODY_PT, FontStyle::Bold, Colour::TEXT),
            _ => (BODY_PT, FontStyle::Regular, Colour::TEXT),
        };
        let page = self.pages.last_mut().expect("there is always a page");
        match style {
            RowStyle::Header => {
                page.line(MARGIN, top + height, MARGIN + full, top + height, 0.35, Colour::MUTED);
            }
            RowStyle::Striped => page.rect(MARGIN, top, full, height, Colour::STRIPE),
            RowStyle::Totals => page.line(MARGIN, top, MARGIN + full, top, 0.45, Colour::TEXT),
            RowStyle::Plain => {}
        }
        let mut x = MARGIN;
        for ((col, w), lines) in columns.iter().zip(widths).zip(&cells) {
            for (i, line) in lines.iter().enumerate() {
                let baseline = top + CELL_PAD + cap_height_mm(size) + 0.4 + i as f32 * LINE_MM;
                let tx = match col.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + w - CELL_PAD - width_mm(line, font, size),
                };
                page.text(tx, baseline, size, font, colour, line.clone());
            }
            x += w;
        }
        self.y = top + height;
    }

    fn chart_title(&mut self, title: &str) {
        if title.is_empty() {
            return;
        }
        let y = self.y + cap_height_mm(9.5);
        let title = fit(title, FontStyle::Bold, 9.5, self.content_width());
        self.page().text(MARGIN, y, 9.5, FontStyle::Bold, Colour::TEXT, title);
        self.y = y + 3.5;
    }

    fn bar_chart(&mut self, chart: &BarChart) {
        let bar_h = 4.2;
        let step = 5.6;
        self.room_for(8.0 + step * chart.bars.len().min(6) as f32);
        self.chart_title(&chart.title);
        let label_w = (self.content_width() * 0.28).min(60.0);
        let value_w = 28.0;
        let area = self.content_width() - label_w - value_w - 4.0;
        let max = chart.bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
        for (label, value) in &chart.bars {
            self.room_for(step);
            let top = self.y;
            let length = if max > 0.0 { (value / max) as f32 * area } else { 0.0 };
            let unit = match chart.unit.as_str() {
                "" => String::new(),
                // "1 asset", "2 assets".
                u if *value == 1.0 && u.ends_with('s') => format!(" {}", &u[..u.len() - 1]),
                u => format!(" {u}"),
            };
            let value_text = format!("{}{unit}", format_number(*value));
            let page = self.page();
            let baseline = top + bar_h / 2.0 + cap_height_mm(BODY_PT) / 2.0;
            page.text(
                MARGIN,
                baseline,
                BODY_PT,
                FontStyle::Regular,
                Colour::TEXT,
                fit(label, FontStyle::Regular, BODY_PT, label_w - 2.0),
            );
            page.rect(MARGIN + label_w, top, area, bar_h, Colour::STRIPE);
            if length > 0.0 {
                page.rect(MARGIN + label_w, top, length.max(0.4), bar_h, Colour::ACCENT);
            }
            page.text(MARGIN + label_w + area + 3.0, baseline, BODY_PT, FontStyle::Regular, Colour::MUTED, value_text);
            self.y = top + step;
        }
        self.y += 4.0;
    }

    fn line_chart(&mut self, chart: &LineChart) {
        let height = 62.0;
        self.room_for(height + 18.0);
        self.chart_title(&chart.title);
        let axis_w = 14.0;
        let left = MARGIN + axis_w;
        let width = self.content_width() - axis_w;
        let top = self.y + 2.0;
        let bottom = top + height;
        let max = chart.series.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0_f64, f64::max);
        let (tick, ticks) = nice_ticks(max);
        let scale_max = tick * ticks as f64;
        let n = chart.x_labels.len().max(2);
        let x_at = |i: usize| left + width * i as f32 / (n - 1) as f32;
        let y_at = |v: f64| bottom - (if scale_max > 0.0 { v / scale_max } else { 0.0 }) as f32 * height;
        let page = self.pages.last_mut().expect("there is always a page");
        for t in 0..=ticks {
            let v = tick * t as f64;
            let y = y_at(v);
            page.line(left, y, left + width, y, 0.15, Colour::RULE);
            let label = format_number(v);
            page.text(
                left - 2.0 - width_mm(&label, FontStyle::Regular, 7.0),
                y + 1.0,
                7.0,
                FontStyle::Regular,
                Colour::MUTED,
                label,
            );
        }
        page.line(left, bottom, left + width, bottom, 0.3, Colour::MUTED);
        // At most ~12 x labels, evenly spread, so they never overlap.
        let every = chart.x_labels.len().div_ceil(12).max(1);
        for (i, label) in chart.x_labels.iter().enumerate().step_by(every) {
            let w = width_mm(label, FontStyle::Regular, 7.0);
            page.text(x_at(i) - w / 2.0, bottom + 4.0, 7.0, FontStyle::Regular, Colour::MUTED, label.clone());
        }
        for (s, (_, values)) in chart.series.iter().enumerate() {
            let colour = SERIES[s % SERIES.len()];
            let points: Vec<[f32; 2]> = values.iter().enumerate().map(|(i, v)| [x_at(i), y_at(*v)]).collect();
            if points.len() > 1 {
                page.polyline(points.clone(), 0.5, colour);
            }
            for [x, y] in points {
                page.rect(x - 0.6, y - 0.6, 1.2, 1.2, colour);
            }
        }
        // Legend under the axis.
        let mut x = left;
        let legend_y = bottom + 9.0;
        for (s, (name, _)) in chart.series.iter().enumerate() {
            let colour = SERIES[s % SERIES.len()];
            page.rect(x, legend_y - 2.2, 3.0, 2.2, colour);
            page.text(x + 4.5, legend_y, 7.5, FontStyle::Regular, Colour::TEXT, name.clone());
            x += 10.0 + width_mm(name, FontStyle::Regular, 7.5);
        }
        self.y = legend_y + 6.0;
    }

    fn sign_off(&mut self, roles: &[String]) {
        let gap = 10.0;
        let count = roles.len().max(1);
        let box_w = (self.content_width() - gap * (count - 1) as f32) / count as f32;
        let height = 36.0;
        self.y += 4.0;
        self.room_for(height);
        let top = self.y;
        for (i, role) in roles.iter().enumerate() {
            let x = MARGIN + i as f32 * (box_w + gap);
            let page = self.pages.last_mut().expect("there is always a page");
            page.text(
                x,
                top + cap_height_mm(9.5),
                9.5,
                FontStyle::Bold,
                Colour::TEXT,
                fit(role, FontStyle::Bold, 9.5, box_w),
            );
            for (n, line) in ["Name", "Signature", "Date"].iter().enumerate() {
                let y = top + 13.0 + n as f32 * 10.0;
                page.text(x, y, 7.5, FontStyle::Regular, Colour::MUTED, *line);
                page.line(x + 17.0, y + 0.8, x + box_w, y + 0.8, 0.25, Colour::MUTED);
            }
        }
        self.y = top + height;
    }

    /// Adds "Page N of M" footers, now that M is known.
    fn finish(mut self) -> Vec<Page> {
        let total = self.pages.len();
        let (width, height) = (self.width, self.height);
        let footer_left = fit(
            &format!("{} · {}", self.report.title, self.report.organisation),
            FontStyle::Regular,
            7.5,
            width - 2.0 * MARGIN - 40.0,
        );
        for (i, page) in self.pages.iter_mut().enumerate() {
            let y = height - MARGIN + 1.0;
            page.line(MARGIN, y - 4.5, width - MARGIN, y - 4.5, 0.2, Colour::RULE);
            page.text(MARGIN, y, 7.5, FontStyle::Regular, Colour::MUTED, footer_left.clone());
            let number = format!("Page {} of {total}", i + 1);
            let w = width_mm(&number, FontStyle::Regular, 7.5);
            page.text(width - MARGIN - w, y, 7.5, FontStyle::Regular, Colour::MUTED, number);
        }
        self.pages
    }
}

#[derive(Clone, Copy, PartialEq)]
enum RowStyle {
    Header,
    Plain,
    Striped,
    Totals,
}

/// A step of 1, 2 or 5 × 10ⁿ giving 4–6 gridlines up to at least `max`.
fn nice_ticks(max: f64) -> (f64, u32) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 4);
    }
    let rough = max / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(10.0 * magnitude);
    (step, (max / step).ceil().max(1.0) as u32)
}

/// A chart value: whole numbers grouped ("12,500"), others to one decimal.
fn format_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format_count(v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// "10,000".
pub fn format_count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Minor units of a currency as people write them: "€1,299.00", "£12.50", "$3.00",
/// "¥1,200" (JPY has no minor unit), "1,299.000 KWD". Integer arithmetic only.
pub fn format_money(minor: i64, currency: &str) -> String {
    let currency = currency.trim().to_ascii_uppercase();
    let decimals: u32 = match currency.as_str() {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "UGX" | "XAF" | "XOF" => 0,
        "KWD" | "BHD" | "JOD" | "OMR" | "TND" | "IQD" | "LYD" => 3,
        _ => 2,
    };
    let unit = 10_i64.pow(decimals);
    let abs = minor.unsigned_abs();
    let whole = format_count((abs / unit as u64) as i64);
    let number =
        if decimals == 0 { whole } else { format!("{whole}.{:0width$}", abs % unit as u64, width = decimals as usize) };
    let sign = if minor < 0 { "-" } else { "" };
    match currency.as_str() {
        "EUR" => format!("{sign}€{number}"),
        "GBP" => format!("{sign}£{number}"),
        "USD" => format!("{sign}${number}"),
        "JPY" => format!("{sign}¥{number}"),
        _ => format!("{sign}{number} {currency}"),
    }
}

/// Money in several currencies, summed per currency: "€1,000.00 + £200.00".
pub fn format_totals(totals: &std::collections::BTreeMap<String, i64>) -> String {
    if totals.is_empty() {
        return "—".into();
    }
    totals.iter().map(|(c, m)| format_money(*m, c)).collect::<Vec<_>>().join(" + ")
}

/// Millimetres for a font size, for callers placing their own text.
pub fn line_height_mm(size_pt: f32) -> f32 {
    pt_to_mm(size_pt) * 1.35
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_formatted_from_integer_minor_units() {
        assert_eq!(format_money(129_900, "EUR"), "€1,299.00");
        assert_eq!(format_money(5, "gbp"), "£0.05");
        assert_eq!(format_money(-1_250, "USD"), "-$12.50");
        assert_eq!(format_money(120_000, "JPY"), "¥120,000");
        assert_eq!(format_money(1_299_000, "KWD"), "1,299.000 KWD");
        assert_eq!(format_money(100, "CHF"), "1.00 CHF");
        assert_eq!(format_money(i64::MIN, "EUR"), "-€92,233,720,368,547,758.08");
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(10_000), "10,000");
        assert_eq!(format_count(-1_234_567), "-1,234,567");
    }

    #[test]
    fn ticks_cover_the_maximum_with_round_steps() {
        assert_eq!(nice_ticks(100.0), (20.0, 5));
        assert_eq!(nice_ticks(7.0), (2.0, 4));
        assert_eq!(nice_ticks(0.0), (1.0, 4));
    }

    fn texts(pages: &[Page]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|i| match i {
                        crate::page::Item::Text { text, .. } => Some(text.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn long_tables_split_with_the_header_on_every_page_and_numbered_footers() {
        let table = Table {
            columns: vec![Column::left("Tag", 1.0), Column::right("Cost", 1.0)],
            rows: (0..300).map(|i| vec![format!("AT-{i:06}"), format_money(i * 100, "EUR")]).collect(),
            totals: Some(vec!["Total".into(), "x".into()]),
        };
        let report = Report { title: "T".into(), blocks: vec![Block::Table(table)], ..Report::default() };
        let pages = texts(&layout(&report));
        assert!(pages.len() > 3);
        let n = pages.len();
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(&"Tag".to_string()), "page {} has the header", i + 1);
            assert!(page.contains(&format!("Page {} of {n}", i + 1)));
        }
        assert!(pages[n - 1].contains(&"Total".to_string()));
        let all: Vec<&String> = pages.iter().flatten().filter(|t| t.starts_with("AT-")).collect();
        assert_eq!(all.len(), 300, "every row printed exactly once");
    }
}
