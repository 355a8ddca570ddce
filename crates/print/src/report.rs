//! The report layout engine: a [`Report`] — a title, the filters it was run with and a
//! list of [`Block`]s — is flowed onto A4 [`Page`]s with a header on every page and a
//! "Page N of M" footer, then rendered to PDF.
//!
//! Blocks that do not fit the rest of a page move to the next one; tables split between
//! rows and repeat their header row, paragraphs split between lines, bar charts between
//! bars. To add a kind of block, add a [`Block`] variant and a function that draws it
//! through [`Flow`], asking [`Flow::need`] for room before drawing each unit that must
//! not be split.
//!
//! Money is formatted from integer minor units ([`format_money`]); charts take floats
//! because they only draw proportions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::font::{self, cap_height_mm, width_mm};
use crate::page::{Colour, FontStyle, Page};

/// A document to lay out: everything in it is already text, formatted by the caller.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub organisation: String,
    pub title: String,
    /// Already formatted by the caller, e.g. "2026-11-25 14:03 UTC".
    pub generated_at: String,
    /// (label, value) pairs shown under the title on the first page.
    pub filters: Vec<(String, String)>,
    pub blocks: Vec<Block>,
    pub landscape: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    /// Running text; a `\n` starts a new line.
    Paragraph(String),
    /// A grid of (label, value) tiles, e.g. ("Assets", "10,000").
    Summary(Vec<(String, String)>),
    Table(Table),
    BarChart(BarChart),
    LineChart(LineChart),
    /// One signature box per role (e.g. "Auditor"), with name, signature and date lines.
    SignOff(Vec<String>),
    /// Vertical space in millimetres.
    Spacer(f32),
}

/// A table; a cell may hold several lines separated by `\n` (at most three are shown).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A bold last row under a rule.
    pub totals: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative weight: the columns share the page width in proportion to it.
    pub width: f32,
    pub align: Align,
    /// Wrap long text onto up to three lines; otherwise it is shortened with "…".
    pub wrap: bool,
}

impl Column {
    pub fn left(title: impl Into<String>, width: f32) -> Column {
        Column { title: title.into(), width, align: Align::Left, wrap: false }
    }

    /// A left-aligned column whose long text wraps instead of being shortened.
    pub fn wrapped(title: impl Into<String>, width: f32) -> Column {
        Column { title: title.into(), width, align: Align::Left, wrap: true }
    }

    pub fn right(title: impl Into<String>, width: f32) -> Column {
        Column { title: title.into(), width, align: Align::Right, wrap: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Align {
    Left,
    Right,
}

/// Horizontal bars: label on the left, the bar, its value (and unit) after it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    pub bars: Vec<(String, f64)>,
    /// Written after each value, e.g. "assets"; may be empty.
    pub unit: String,
}

/// Lines over shared x labels, with axes, gridlines and a legend.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    pub title: String,
    pub x_labels: Vec<String>,
    /// (name, one value per x label); a non-finite value leaves a gap.
    pub series: Vec<(String, Vec<f64>)>,
}

/// The PDF of `report`.
pub fn render(report: &Report) -> Vec<u8> {
    crate::pdf::render(&report.title, &layout(report))
}

/// `report` flowed onto A4 pages (landscape when asked), footers included.
pub fn layout(report: &Report) -> Vec<Page> {
    let mut flow = Flow::new(report);
    let mut previous: Option<&Block> = None;
    for block in &report.blocks {
        if !flow.at_top() {
            flow.y += gap_between(previous, block);
        }
        match block {
            Block::Heading(text) => heading(&mut flow, text),
            Block::Paragraph(text) => paragraph(&mut flow, text),
            Block::Summary(items) => summary(&mut flow, items),
            Block::Table(table) => self::table(&mut flow, table),
            Block::BarChart(chart) => bar_chart(&mut flow, chart),
            Block::LineChart(chart) => line_chart(&mut flow, chart),
            Block::SignOff(roles) => sign_off(&mut flow, roles),
            Block::Spacer(mm) => flow.y = (flow.y + mm.max(0.0)).min(flow.bottom),
        }
        previous = Some(block);
    }
    let mut pages = flow.pages;
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, &report.title, i + 1, count);
    }
    pages
}

// Page geometry, in millimetres.
const MARGIN: f32 = 15.0;
/// Distance of the header's first line from the top edge and of the footer's baseline
/// from the bottom edge: both sit inside the margin band.
const EDGE: f32 = 11.0;
const FOOTER_PT: f32 = 7.5;
/// Space between the footer rule and the lowest thing a block may draw.
const ABOVE_FOOTER: f32 = 5.0;

const BODY_PT: f32 = 9.0;
const BODY_LINE: f32 = 4.4;
const HEADING_PT: f32 = 11.5;
/// A heading needs this much room below it, or it moves to the next page with its block.
const KEEP_WITH_HEADING: f32 = 22.0;

const TABLE_PT: f32 = 7.5;
const TABLE_LINE: f32 = 3.4;
const CELL_PAD_X: f32 = 1.6;
const CELL_PAD_Y: f32 = 0.9;
const TABLE_MAX_LINES: usize = 3;

const CHART_TITLE_PT: f32 = 9.5;
const CHART_PT: f32 = 7.5;
const SERIES_COLOURS: [Colour; 6] = [
    Colour::ACCENT,
    Colour(0x2b, 0x6c, 0xb0),
    Colour(0xc9, 0x74, 0x1c),
    Colour(0x8a, 0x4b, 0xaf),
    Colour(0xb8, 0x3b, 0x3b),
    Colour::MUTED,
];

/// The page being filled and the position on it.
struct Flow<'r> {
    report: &'r Report,
    width: f32,
    height: f32,
    left: f32,
    right: f32,
    /// Top of the body of the current page (under the header).
    top: f32,
    /// Lowest y a block may draw to.
    bottom: f32,
    y: f32,
    pages: Vec<Page>,
}

impl<'r> Flow<'r> {
    fn new(report: &'r Report) -> Flow<'r> {
        let (width, height) = if report.landscape { (297.0, 210.0) } else { (210.0, 297.0) };
        let footer_rule = height - EDGE - cap_height_mm(FOOTER_PT) - 2.5;
        let mut flow = Flow {
            report,
            width,
            height,
            left: MARGIN,
            right: width - MARGIN,
            top: 0.0,
            bottom: footer_rule - ABOVE_FOOTER,
            y: 0.0,
            pages: Vec::new(),
        };
        flow.start_page();
        flow
    }

    fn start_page(&mut self) {
        let mut page = Page::new(self.width, self.height);
        let first = self.pages.is_empty();
        self.top = header(&mut page, self.report, first, self.left, self.right);
        self.y = self.top;
        self.pages.push(page);
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    fn content_width(&self) -> f32 {
        self.right - self.left
    }

    fn at_top(&self) -> bool {
        self.y <= self.top + 0.01
    }

    fn room(&self) -> f32 {
        self.bottom - self.y
    }

    /// Moves to a new page unless `height` fits under the current position. At the top
    /// of a page it stays: what does not fit an empty page is drawn anyway (and clipped)
    /// rather than looping.
    fn need(&mut self, height: f32) {
        if height > self.room() + 0.001 && !self.at_top() {
            self.start_page();
        }
    }
}

fn gap_between(previous: Option<&Block>, next: &Block) -> f32 {
    match (previous, next) {
        (_, Block::Spacer(_)) | (Some(Block::Spacer(_)), _) => 0.0,
        (Some(Block::Heading(_)), _) => 3.0,
        (_, Block::Heading(_)) => 8.0,
        _ => 5.0,
    }
}

/// Organisation and generation time, the title, the filters on the first page and an
/// accent rule. Returns the y where the body starts.
fn header(page: &mut Page, report: &Report, first: bool, left: f32, right: f32) -> f32 {
    let small = 8.0;
    let base = EDGE + cap_height_mm(small);
    let generated = format!("Generated {}", report.generated_at);
    let generated_w = width_mm(&generated, FontStyle::Regular, small);
    page.text(right - generated_w, base, small, FontStyle::Regular, Colour::MUTED, generated);
    let organisation = font::fit(&report.organisation, FontStyle::Regular, small, right - left - generated_w - 6.0);
    page.text(left, base, small, FontStyle::Regular, Colour::MUTED, organisation);

    let title_pt = 16.0;
    let title_base = base + 3.2 + cap_height_mm(title_pt);
    let title = font::fit(&report.title, FontStyle::Bold, title_pt, right - left);
    page.text(left, title_base, title_pt, FontStyle::Bold, Colour::TEXT, title);
    let mut y = title_base + 1.5;

    if first && !report.filters.is_empty() {
        y = filters(page, &report.filters, left, right, y + 2.0);
    }
    let rule = y + 3.0;
    page.line(left, rule, right, rule, 0.5, Colour::ACCENT);
    rule + 6.0
}

/// The filters as "Label: value" runs, wrapped onto at most three lines; returns the y
/// under the last line.
fn filters(page: &mut Page, filters: &[(String, String)], left: f32, right: f32, top: f32) -> f32 {
    const PT: f32 = 8.5;
    const LINE: f32 = 4.2;
    const SPACING: f32 = 6.0;
    const MAX_LINES: usize = 3;
    let cap = cap_height_mm(PT);
    let mut line = 0;
    let mut x = left;
    for (label, value) in filters {
        let label = format!("{label}: ");
        let label_w = width_mm(&label, FontStyle::Regular, PT);
        let mut value = value.clone();
        let mut value_w = width_mm(&value, FontStyle::Bold, PT);
        if x > left && x + label_w + value_w > right {
            line += 1;
            x = left;
        }
        if line == MAX_LINES {
            line -= 1;
            break;
        }
        if x + label_w + value_w > right {
            value = font::fit(&value, FontStyle::Bold, PT, right - x - label_w);
            value_w = width_mm(&value, FontStyle::Bold, PT);
        }
        let base = top + line as f32 * LINE + cap;
        page.text(x, base, PT, FontStyle::Regular, Colour::MUTED, label);
        page.text(x + label_w, base, PT, FontStyle::Bold, Colour::TEXT, value);
        x += label_w + value_w + SPACING;
    }
    top + line as f32 * LINE + cap + 1.0
}

/// The report title on the left and "Page N of M" on the right, under a rule.
fn footer(page: &mut Page, title: &str, number: usize, count: usize) {
    let (left, right) = (MARGIN, page.width_mm - MARGIN);
    let base = page.height_mm - EDGE;
    let rule = base - cap_height_mm(FOOTER_PT) - 2.5;
    page.line(left, rule, right, rule, 0.25, Colour::RULE);
    let numbering = format!("Page {number} of {count}");
    let numbering_w = width_mm(&numbering, FontStyle::Regular, FOOTER_PT);
    page.text(right - numbering_w, base, FOOTER_PT, FontStyle::Regular, Colour::MUTED, numbering);
    let title = font::fit(title, FontStyle::Regular, FOOTER_PT, right - left - numbering_w - 10.0);
    page.text(left, base, FOOTER_PT, FontStyle::Regular, Colour::MUTED, title);
}

fn heading(flow: &mut Flow, text: &str) {
    let cap = cap_height_mm(HEADING_PT);
    let height = cap + 1.5;
    flow.need(height + KEEP_WITH_HEADING);
    let text = font::fit(text, FontStyle::Bold, HEADING_PT, flow.content_width());
    let (x, base) = (flow.left, flow.y + cap);
    flow.page().text(x, base, HEADING_PT, FontStyle::Bold, Colour::TEXT, text);
    flow.y += height;
}

fn paragraph(flow: &mut Flow, text: &str) {
    let cap = cap_height_mm(BODY_PT);
    let width = flow.content_width();
    let lines = text.split('\n').flat_map(|p| font::wrap(p, FontStyle::Regular, BODY_PT, width, usize::MAX));
    for (i, line) in lines.enumerate() {
        if i > 0 {
            flow.y += BODY_LINE - cap;
        }
        flow.need(cap + 1.0);
        let (x, base) = (flow.left, flow.y + cap);
        flow.page().text(x, base, BODY_PT, FontStyle::Regular, Colour::TEXT, line);
        flow.y += cap;
    }
    flow.y += 1.0;
}

fn summary(flow: &mut Flow, items: &[(String, String)]) {
    const LABEL_PT: f32 = 7.5;
    const VALUE_PT: f32 = 12.0;
    const HEIGHT: f32 = 14.5;
    const GAP: f32 = 3.0;
    const PAD: f32 = 3.5;
    const MIN_WIDTH: f32 = 30.0;
    const MAX_WIDTH: f32 = 70.0;
    if items.is_empty() {
        return;
    }
    let width = flow.content_width();
    let widest = items
        .iter()
        .map(|(label, value)| {
            width_mm(label, FontStyle::Regular, LABEL_PT).max(width_mm(value, FontStyle::Bold, VALUE_PT))
        })
        .fold(0.0, f32::max);
    let wanted = (widest + 2.0 * PAD).clamp(MIN_WIDTH, width);
    // As many tiles a row as fit, spread evenly over the rows.
    let fitting = (((width + GAP) / (wanted + GAP)).floor() as usize).max(1);
    let columns = items.len().div_ceil(items.len().div_ceil(fitting));
    let tile = ((width - GAP * (columns - 1) as f32) / columns as f32).min(MAX_WIDTH.max(wanted));
    for (row, chunk) in items.chunks(columns).enumerate() {
        if row > 0 {
            flow.y += GAP;
        }
        flow.need(HEIGHT);
        let (left, top) = (flow.left, flow.y);
        let page = flow.page();
        for (i, (label, value)) in chunk.iter().enumerate() {
            let x = left + i as f32 * (tile + GAP);
            page.rect(x, top, tile, HEIGHT, Colour::STRIPE);
            page.rect(x, top, 0.8, HEIGHT, Colour::ACCENT);
            let label = font::fit(label, FontStyle::Regular, LABEL_PT, tile - 2.0 * PAD);
            page.text(x + PAD, top + 2.8 + cap_height_mm(LABEL_PT), LABEL_PT, FontStyle::Regular, Colour::MUTED, label);
            let value = font::fit(value, FontStyle::Bold, VALUE_PT, tile - 2.0 * PAD);
            page.text(x + PAD, top + HEIGHT - 3.0, VALUE_PT, FontStyle::Bold, Colour::TEXT, value);
        }
        flow.y += HEIGHT;
    }
}

/// A row's cells as the lines to print, each with its measured width.
struct PreparedRow {
    cells: Vec<Vec<(String, f32)>>,
    height: f32,
}

/// Shortens or wraps every cell of `row` to its column, measuring each line once.
fn prepare_row(row: &[String], columns: &[Column], widths: &[f32], style: FontStyle) -> PreparedRow {
    let mut lines_max = 1;
    let cells = columns
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (column, &width))| {
            let text = row.get(i).map_or("", String::as_str);
            let room = (width - 2.0 * CELL_PAD_X).max(1.0);
            let lines = cell_lines(text, column.wrap, style, room);
            lines_max = lines_max.max(lines.len());
            lines
        })
        .collect();
    PreparedRow { cells, height: lines_max as f32 * TABLE_LINE + 2.0 * CELL_PAD_Y }
}

fn cell_lines(text: &str, wrap: bool, style: FontStyle, room: f32) -> Vec<(String, f32)> {
    let measured = |line: String| {
        let w = width_mm(&line, style, TABLE_PT);
        (line, w)
    };
    let fitted = |line: &str| {
        let w = width_mm(line, style, TABLE_PT);
        if w <= room {
            (line.to_string(), w)
        } else {
            measured(font::fit(line, style, TABLE_PT, room))
        }
    };
    if !text.contains('\n') {
        let line = fitted(text);
        if !wrap || line.0 == text {
            return vec![line];
        }
        return font::wrap(text, style, TABLE_PT, room, TABLE_MAX_LINES).into_iter().map(measured).collect();
    }
    let mut lines = Vec::new();
    for part in text.split('\n') {
        let left = TABLE_MAX_LINES - lines.len();
        if left == 0 {
            break;
        }
        if wrap {
            lines.extend(font::wrap(part, style, TABLE_PT, room, left).into_iter().map(measured));
        } else {
            lines.push(fitted(part));
        }
    }
    lines
}

fn draw_row(flow: &mut Flow, row: &PreparedRow, columns: &[Column], xs: &[f32], widths: &[f32], style: FontStyle) {
    let cap = cap_height_mm(TABLE_PT);
    let top = flow.y;
    let colour = Colour::TEXT;
    let page = flow.page();
    for (((lines, column), &x), &width) in row.cells.iter().zip(columns).zip(xs).zip(widths) {
        for (i, (line, w)) in lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let base = top + CELL_PAD_Y + i as f32 * TABLE_LINE + (TABLE_LINE + cap) / 2.0;
            let x = match column.align {
                Align::Left => x + CELL_PAD_X,
                Align::Right => x + width - CELL_PAD_X - w,
            };
            page.text(x, base, TABLE_PT, style, colour, line.clone());
        }
    }
    flow.y += row.height;
}

fn table_header(flow: &mut Flow, header: &PreparedRow, columns: &[Column], xs: &[f32], widths: &[f32]) {
    draw_row(flow, header, columns, xs, widths, FontStyle::Bold);
    let (left, right, y) = (flow.left, flow.right, flow.y);
    flow.page().line(left, y, right, y, 0.35, Colour::TEXT);
    flow.y += 0.3;
}

fn table(flow: &mut Flow, table: &Table) {
    if table.columns.is_empty() {
        return;
    }
    let total_weight: f32 = table.columns.iter().map(|c| c.width.max(0.0)).sum::<f32>().max(f32::EPSILON);
    let full = flow.content_width();
    let widths: Vec<f32> = table.columns.iter().map(|c| c.width.max(0.0) / total_weight * full).collect();
    let xs: Vec<f32> = widths
        .iter()
        .scan(flow.left, |x, w| {
            let at = *x;
            *x += w;
            Some(at)
        })
        .collect();
    let columns = &table.columns;
    let titles: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
    let header_columns: Vec<Column> = columns.iter().map(|c| Column { wrap: true, ..c.clone() }).collect();
    let header = prepare_row(&titles, &header_columns, &widths, FontStyle::Bold);

    // The totals row (under its rule) stays on the page of the last row.
    const TOTALS_RULE: f32 = 0.6;
    let totals = table.totals.as_ref().map(|t| prepare_row(t, columns, &widths, FontStyle::Bold));
    let totals_height = totals.as_ref().map_or(0.0, |t| t.height + TOTALS_RULE);
    let last = table.rows.len().saturating_sub(1);
    let mut started = false;
    for (i, row) in table.rows.iter().enumerate() {
        let row = prepare_row(row, columns, &widths, FontStyle::Regular);
        let keep = if i == last { totals_height } else { 0.0 };
        if !started {
            flow.need(header.height + 0.3 + row.height + keep);
            table_header(flow, &header, &header_columns, &xs, &widths);
            started = true;
        } else if row.height + keep > flow.room() + 0.001 {
            flow.start_page();
            table_header(flow, &header, &header_columns, &xs, &widths);
        }
        if i % 2 == 1 {
            let (left, y) = (flow.left, flow.y);
            flow.page().rect(left, y, full, row.height, Colour::STRIPE);
        }
        draw_row(flow, &row, columns, &xs, &widths, FontStyle::Regular);
    }
    if !started {
        flow.need(header.height + 0.3 + totals_height);
        table_header(flow, &header, &header_columns, &xs, &widths);
    }
    let (left, right, y) = (flow.left, flow.right, flow.y);
    match totals {
        Some(totals) => {
            flow.page().line(left, y + 0.3, right, y + 0.3, 0.35, Colour::TEXT);
            flow.y += TOTALS_RULE;
            draw_row(flow, &totals, columns, &xs, &widths, FontStyle::Bold);
        }
        None if !table.rows.is_empty() => flow.page().line(left, y, right, y, 0.2, Colour::RULE),
        None => {}
    }
}

/// A chart's title; returns the height it took.
fn chart_title(flow: &mut Flow, title: &str) -> f32 {
    if title.is_empty() {
        return 0.0;
    }
    let cap = cap_height_mm(CHART_TITLE_PT);
    let text = font::fit(title, FontStyle::Bold, CHART_TITLE_PT, flow.content_width());
    let (x, base) = (flow.left, flow.y + cap);
    flow.page().text(x, base, CHART_TITLE_PT, FontStyle::Bold, Colour::TEXT, text);
    flow.y += cap + 3.0;
    cap + 3.0
}

fn no_data(flow: &mut Flow) {
    let cap = cap_height_mm(CHART_PT);
    let (x, base) = (flow.left, flow.y + cap);
    flow.page().text(x, base, CHART_PT, FontStyle::Regular, Colour::MUTED, "No data.");
    flow.y += cap + 1.0;
}

fn bar_chart(flow: &mut Flow, chart: &BarChart) {
    const ROW: f32 = 6.0;
    const BAR: f32 = 4.0;
    const MAX_WIDTH: f32 = 190.0;
    let title_height = cap_height_mm(CHART_TITLE_PT) + 3.0;
    flow.need(title_height + ROW * chart.bars.len().min(3) as f32);
    chart_title(flow, &chart.title);
    if chart.bars.is_empty() {
        no_data(flow);
        return;
    }
    let width = flow.content_width().min(MAX_WIDTH);
    let values: Vec<String> = chart
        .bars
        .iter()
        .map(|(_, v)| match chart.unit.as_str() {
            "" => format_number(*v),
            // "1 asset", "2 assets".
            unit if *v == 1.0 && unit.len() > 1 && unit.ends_with('s') => format!("1 {}", &unit[..unit.len() - 1]),
            unit => format!("{} {unit}", format_number(*v)),
        })
        .collect();
    let value_width = values.iter().map(|v| width_mm(v, FontStyle::Regular, CHART_PT)).fold(0.0, f32::max) + 2.0;
    let label_width = (chart.bars.iter().map(|(l, _)| width_mm(l, FontStyle::Regular, CHART_PT)).fold(0.0, f32::max)
        + 3.0)
        .min(width * 0.4);
    let area = (width - label_width - value_width).max(10.0);
    let max = chart.bars.iter().map(|(_, v)| *v).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let cap = cap_height_mm(CHART_PT);
    let x0 = flow.left + label_width;
    let mut axis_top = flow.y;
    for ((label, value), text) in chart.bars.iter().zip(values) {
        if ROW > flow.room() + 0.001 {
            let (y, top) = (flow.y, axis_top);
            flow.page().line(x0, top, x0, y, 0.3, Colour::MUTED);
            flow.start_page();
            axis_top = flow.y;
        }
        let (left, top) = (flow.left, flow.y);
        let base = top + (ROW + cap) / 2.0;
        let bar = if value.is_finite() && *value > 0.0 { ((*value / max) as f32 * area).max(0.4) } else { 0.0 };
        let page = flow.page();
        let label = font::fit(label, FontStyle::Regular, CHART_PT, label_width - 3.0);
        page.text(left, base, CHART_PT, FontStyle::Regular, Colour::TEXT, label);
        if bar > 0.0 {
            page.rect(x0, top + (ROW - BAR) / 2.0, bar, BAR, Colour::ACCENT);
        }
        page.text(x0 + bar + 1.5, base, CHART_PT, FontStyle::Regular, Colour::MUTED, text);
        flow.y += ROW;
    }
    let (y, top) = (flow.y, axis_top);
    flow.page().line(x0, top, x0, y, 0.3, Colour::MUTED);
}

fn line_chart(flow: &mut Flow, chart: &LineChart) {
    const PLOT: f32 = 62.0;
    const LEGEND_LINE: f32 = 4.5;
    const INSET: f32 = 3.0;
    let points = chart.series.iter().map(|(_, v)| v.len()).max().unwrap_or(0).max(chart.x_labels.len());
    let width = flow.content_width();
    let cap = cap_height_mm(CHART_PT);

    // The legend's entries, laid out in rows first so the chart's height is known.
    let swatch = 6.0;
    let mut legend: Vec<(f32, usize, String)> = Vec::new();
    let (mut x, mut row) = (0.0, 0);
    for (name, _) in &chart.series {
        let name = font::fit(name, FontStyle::Regular, CHART_PT, width - swatch - 2.0);
        let entry = swatch + 1.5 + width_mm(&name, FontStyle::Regular, CHART_PT);
        if x > 0.0 && x + entry > width {
            row += 1;
            x = 0.0;
        }
        legend.push((x, row, name));
        x += entry + 6.0;
    }
    let legend_height = if legend.is_empty() { 0.0 } else { (row + 1) as f32 * LEGEND_LINE + 1.5 };
    let title_height = if chart.title.is_empty() { 0.0 } else { cap_height_mm(CHART_TITLE_PT) + 3.0 };
    flow.need(title_height + legend_height + PLOT + 2.0 + cap + 2.0);
    chart_title(flow, &chart.title);
    if points == 0 {
        no_data(flow);
        return;
    }
    let (left, top) = (flow.left, flow.y);
    let page = flow.page();
    for (i, (x, row, name)) in legend.into_iter().enumerate() {
        let colour = SERIES_COLOURS[i % SERIES_COLOURS.len()];
        let base = top + row as f32 * LEGEND_LINE + cap;
        let mid = base - cap / 2.0;
        page.line(left + x, mid, left + x + swatch, mid, 0.6, colour);
        page.text(left + x + swatch + 1.5, base, CHART_PT, FontStyle::Regular, Colour::TEXT, name);
    }
    let plot_top = top + legend_height + 1.0;
    let plot_bottom = plot_top + PLOT;

    let finite = chart.series.iter().flat_map(|(_, v)| v.iter().copied()).filter(|v| v.is_finite());
    let (low, high) = finite.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (low, high, step) = axis_range(low, high);
    let ticks: Vec<f64> = (0..=((high - low) / step).round() as usize).map(|i| low + i as f64 * step).collect();
    let tick_labels: Vec<String> = ticks.iter().map(|t| format_number(*t)).collect();
    let label_width = tick_labels.iter().map(|l| width_mm(l, FontStyle::Regular, CHART_PT)).fold(0.0, f32::max);
    let plot_left = left + label_width + 2.0;
    let plot_right = left + width;
    let y_of = |v: f64| plot_bottom - ((v - low) / (high - low)) as f32 * PLOT;

    for (tick, label) in ticks.iter().zip(tick_labels) {
        let y = y_of(*tick);
        let colour = if *tick == low { Colour::MUTED } else { Colour::RULE };
        page.line(plot_left, y, plot_right, y, if *tick == low { 0.3 } else { 0.15 }, colour);
        let w = width_mm(&label, FontStyle::Regular, CHART_PT);
        page.text(plot_left - 2.0 - w, y + cap / 2.0, CHART_PT, FontStyle::Regular, Colour::MUTED, label);
    }
    page.line(plot_left, plot_top, plot_left, plot_bottom, 0.3, Colour::MUTED);

    let spacing = if points > 1 { (plot_right - plot_left - 2.0 * INSET) / (points - 1) as f32 } else { 0.0 };
    let x_of = |i: usize| {
        if points > 1 {
            plot_left + INSET + i as f32 * spacing
        } else {
            (plot_left + plot_right) / 2.0
        }
    };
    // Every k-th x label, so that neighbours do not collide.
    let widest = chart.x_labels.iter().map(|l| width_mm(l, FontStyle::Regular, CHART_PT)).fold(0.0, f32::max);
    let every = if points > 1 { ((widest + 2.0) / spacing).ceil().max(1.0) as usize } else { 1 };
    let room = if points > 1 { spacing * every as f32 - 1.0 } else { plot_right - plot_left };
    for (i, label) in chart.x_labels.iter().enumerate().step_by(every) {
        let x = x_of(i);
        page.line(x, plot_bottom, x, plot_bottom + 1.0, 0.3, Colour::MUTED);
        let label = font::fit(label, FontStyle::Regular, CHART_PT, room);
        let w = width_mm(&label, FontStyle::Regular, CHART_PT);
        let x = (x - w / 2.0).clamp(plot_left - label_width, plot_right - w);
        page.text(x, plot_bottom + 2.0 + cap, CHART_PT, FontStyle::Regular, Colour::MUTED, label);
    }

    for (i, (_, values)) in chart.series.iter().enumerate() {
        let colour = SERIES_COLOURS[i % SERIES_COLOURS.len()];
        let mut run: Vec<[f32; 2]> = Vec::new();
        for (j, v) in values.iter().enumerate() {
            if !v.is_finite() {
                if run.len() > 1 {
                    page.polyline(std::mem::take(&mut run), 0.5, colour);
                }
                run.clear();
                continue;
            }
            let point = [x_of(j), y_of(*v)];
            page.rect(point[0] - 0.55, point[1] - 0.55, 1.1, 1.1, colour);
            run.push(point);
        }
        if run.len() > 1 {
            page.polyline(run, 0.5, colour);
        }
    }
    flow.y = plot_bottom + 2.0 + cap + 2.0;
}

/// A y axis from `low` to `high` (both including 0) on round steps: (from, to, step).
fn axis_range(low: f64, high: f64) -> (f64, f64, f64) {
    let span = high - low;
    if span <= 0.0 || !span.is_finite() {
        return (0.0, 1.0, 0.25);
    }
    let raw = span / 6.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = match raw / magnitude {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 2.5 => 2.5,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    } * magnitude;
    ((low / step).floor() * step, (high / step).ceil() * step, step)
}

fn sign_off(flow: &mut Flow, roles: &[String]) {
    const HEIGHT: f32 = 42.0;
    const GAP: f32 = 8.0;
    const PAD: f32 = 4.0;
    const LABEL_PT: f32 = 8.0;
    const FIELDS: [&str; 3] = ["Name", "Signature", "Date"];
    if roles.is_empty() {
        return;
    }
    let width = flow.content_width();
    let columns = if width > 220.0 { 3 } else { 2 };
    let box_width = (width - GAP * (columns - 1) as f32) / columns as f32;
    let label_width = FIELDS.iter().map(|f| width_mm(f, FontStyle::Regular, LABEL_PT)).fold(0.0, f32::max) + 3.0;
    for (row, chunk) in roles.chunks(columns).enumerate() {
        if row > 0 {
            flow.y += GAP;
        }
        flow.need(HEIGHT);
        let (left, top) = (flow.left, flow.y);
        let page = flow.page();
        for (i, role) in chunk.iter().enumerate() {
            let x = left + i as f32 * (box_width + GAP);
            let (x2, y2) = (x + box_width, top + HEIGHT);
            page.polyline(vec![[x, top], [x2, top], [x2, y2], [x, y2], [x, top]], 0.3, Colour::RULE);
            let role = font::fit(role, FontStyle::Bold, 9.5, box_width - 2.0 * PAD);
            page.text(x + PAD, top + PAD + cap_height_mm(9.5), 9.5, FontStyle::Bold, Colour::TEXT, role);
            for (j, field) in FIELDS.iter().enumerate() {
                let base = top + 17.0 + j as f32 * 10.0;
                page.text(x + PAD, base, LABEL_PT, FontStyle::Regular, Colour::MUTED, *field);
                page.line(x + PAD + label_width, base + 0.6, x2 - PAD, base + 0.6, 0.25, Colour::MUTED);
            }
        }
        flow.y += HEIGHT;
    }
}

/// Digits of `n` grouped in thousands: 10000 → "10,000".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with thousands separators: 10000 → "10,000", -1234 → "-1,234".
pub fn format_count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

/// Decimal places of an ISO 4217 currency's minor unit.
fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "UGX" | "XAF" | "XOF" => 0,
        "KWD" | "BHD" | "JOD" | "OMR" | "TND" | "IQD" | "LYD" => 3,
        _ => 2,
    }
}

/// An amount in integer minor units: `format_money(129900, "EUR")` is "€1,299.00",
/// `format_money(129900, "CHF")` is "1,299.00 CHF", `format_money(1299, "JPY")` is
/// "1,299 JPY". Negative amounts start with a minus. No floating point is involved.
pub fn format_money(minor: i64, currency: &str) -> String {
    let code = currency.trim().to_ascii_uppercase();
    let digits = minor_digits(&code);
    let scale = 10u64.pow(digits);
    let abs = minor.unsigned_abs();
    let mut number = group_thousands(abs / scale);
    if digits > 0 {
        number.push_str(&format!(".{:0width$}", abs % scale, width = digits as usize));
    }
    let sign = if minor < 0 { "-" } else { "" };
    match code.as_str() {
        "EUR" => format!("{sign}€{number}"),
        "GBP" => format!("{sign}£{number}"),
        "USD" => format!("{sign}${number}"),
        _ if code.is_empty() => format!("{sign}{number}"),
        _ => format!("{sign}{number} {code}"),
    }
}

/// Sums per currency on one line, in currency order: "€1,000.00 + £200.00" ("—" for
/// none). Amounts in different currencies are never added together.
pub fn format_totals(totals: &BTreeMap<String, i64>) -> String {
    if totals.is_empty() {
        return "—".to_string();
    }
    totals.iter().map(|(currency, minor)| format_money(*minor, currency)).collect::<Vec<_>>().join(" + ")
}

/// A chart value: thousands separators and at most two decimals ("1,234.5").
fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let hundredths = (value.abs() * 100.0).round();
    if hundredths >= 9.0e18 {
        return format!("{value:e}");
    }
    let hundredths = hundredths as u64;
    let sign = if value < 0.0 && hundredths > 0 { "-" } else { "" };
    let mut out = format!("{sign}{}", group_thousands(hundredths / 100));
    let fraction = hundredths % 100;
    if fraction != 0 {
        let fraction = format!("{fraction:02}");
        out.push('.');
        out.push_str(fraction.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Item;

    fn report(blocks: Vec<Block>) -> Report {
        Report {
            organisation: "Northwind Trading Ltd".into(),
            title: "Asset register".into(),
            generated_at: "2026-11-25 14:03 UTC".into(),
            filters: vec![("Status".into(), "In use".into()), ("Location".into(), "Berlin HQ".into())],
            blocks,
            landscape: false,
        }
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.items
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn big_table(rows: usize) -> Table {
        Table {
            columns: vec![Column::left("Tag", 1.0), Column::wrapped("Name", 3.0), Column::right("Cost", 1.0)],
            rows: (0..rows)
                .map(|i| vec![format!("AT-{i:05}"), format!("Laptop {i}"), format_money(i as i64, "EUR")])
                .collect(),
            totals: Some(vec!["Total".into(), String::new(), "€1.00".into()]),
        }
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(10_000), "10,000");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(format_count(-1234), "-1,234");
        assert_eq!(format_count(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn money_uses_the_currency_minor_unit_and_symbol() {
        assert_eq!(format_money(129_900, "EUR"), "€1,299.00");
        assert_eq!(format_money(129_900, "GBP"), "£1,299.00");
        assert_eq!(format_money(5, "USD"), "$0.05");
        assert_eq!(format_money(129_900, "CHF"), "1,299.00 CHF");
        assert_eq!(format_money(129_900, "chf"), "1,299.00 CHF");
        assert_eq!(format_money(1_299, "JPY"), "1,299 JPY");
        assert_eq!(format_money(1_000_000, "KRW"), "1,000,000 KRW");
        assert_eq!(format_money(1_299_500, "KWD"), "1,299.500 KWD");
        assert_eq!(format_money(7, "BHD"), "0.007 BHD");
        assert_eq!(format_money(-129_905, "EUR"), "-€1,299.05");
        assert_eq!(format_money(-1, "CHF"), "-0.01 CHF");
        assert_eq!(format_money(0, "ISK"), "0 ISK");
        assert_eq!(format_money(25_000, "VND"), "25,000 VND");
        assert_eq!(format_money(1_500, "LYD"), "1.500 LYD");
        assert_eq!(format_money(i64::MIN, "USD"), "-$92,233,720,368,547,758.08");
    }

    #[test]
    fn totals_in_several_currencies_are_listed_not_added() {
        let totals: BTreeMap<String, i64> = [("GBP".to_string(), 20_000), ("EUR".to_string(), 100_000)].into();
        assert_eq!(format_totals(&totals), "€1,000.00 + £200.00");
        assert_eq!(format_totals(&BTreeMap::new()), "—");
    }

    #[test]
    fn chart_numbers_have_at_most_two_decimals() {
        assert_eq!(format_number(10_000.0), "10,000");
        assert_eq!(format_number(1234.5), "1,234.5");
        assert_eq!(format_number(2.25), "2.25");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(-3.0), "-3");
    }

    #[test]
    fn axis_ranges_are_round() {
        assert_eq!(axis_range(0.0, 93.0), (0.0, 100.0, 20.0));
        assert_eq!(axis_range(-12.0, 40.0), (-20.0, 40.0, 10.0));
        assert_eq!(axis_range(0.0, 0.0), (0.0, 1.0, 0.25));
    }

    #[test]
    fn every_page_has_the_header_and_a_numbered_footer() {
        let pages = layout(&report(vec![Block::Table(big_table(300))]));
        assert!(pages.len() > 2, "{} pages", pages.len());
        for (i, page) in pages.iter().enumerate() {
            let t = texts(page);
            assert!(t.contains(&"Northwind Trading Ltd") && t.contains(&"Asset register"), "page {i}: {t:?}");
            assert!(t.contains(&"Generated 2026-11-25 14:03 UTC"));
            assert!(t.contains(&format!("Page {} of {}", i + 1, pages.len()).as_str()), "page {i}: {t:?}");
            assert!(t.contains(&"Tag"), "table header repeated on page {i}");
            // Filters are shown on the first page only.
            assert_eq!(t.contains(&"Berlin HQ"), i == 0);
        }
        let all: Vec<&str> = pages.iter().flat_map(texts).collect();
        for i in 0..300 {
            assert_eq!(all.iter().filter(|t| **t == format!("AT-{i:05}")).count(), 1, "row {i} printed once");
        }
        assert_eq!(all.iter().filter(|t| **t == "Total").count(), 1);
    }

    #[test]
    fn nothing_is_drawn_outside_the_margins_or_under_the_footer() {
        let mut blocks = vec![
            Block::Heading("Summary".into()),
            Block::Summary((0..9).map(|i| (format!("Label {i}"), format_count(i * 1000))).collect()),
            Block::Paragraph("word ".repeat(400)),
            Block::Table(big_table(120)),
            Block::BarChart(BarChart {
                title: "By category".into(),
                bars: (0..60).map(|i| (format!("Category {i}"), f64::from(i))).collect(),
                unit: "assets".into(),
            }),
            Block::LineChart(LineChart {
                title: "Purchases".into(),
                x_labels: (1..=24).map(|m| format!("2026-{m:02}")).collect(),
                series: vec![("Laptops".into(), (0..24).map(f64::from).collect()), ("Monitors".into(), vec![3.0; 24])],
            }),
            Block::SignOff(vec!["Auditor".into(), "IT manager".into(), "Finance".into()]),
        ];
        for landscape in [false, true] {
            let mut r = report(std::mem::take(&mut blocks));
            r.landscape = landscape;
            let pages = layout(&r);
            for page in &pages {
                assert_eq!((page.width_mm, page.height_mm), if landscape { (297.0, 210.0) } else { (210.0, 297.0) });
                let body_bottom = page.height_mm - EDGE - cap_height_mm(FOOTER_PT) - 2.5 - ABOVE_FOOTER;
                for item in &page.items {
                    let (x, y, right) = match item {
                        Item::Rect { x, y, w, h, .. } => (*x, *y + *h, *x + *w),
                        Item::Line { points, .. } => (points[0][0], points[0][1], points[points.len() - 1][0]),
                        Item::Text { x, y, style, size_pt, text, .. } => {
                            (*x, *y, *x + width_mm(text, *style, *size_pt))
                        }
                    };
                    assert!(x >= MARGIN - 0.01 && right <= page.width_mm - MARGIN + 0.01, "{item:?}");
                    if y < page.height_mm - EDGE - 6.0 {
                        assert!(y <= body_bottom + 0.01, "{item:?} below {body_bottom}");
                    }
                }
            }
            blocks = r.blocks;
        }
    }

    #[test]
    fn a_block_that_does_not_fit_moves_to_the_next_page() {
        let mut blocks = vec![Block::Paragraph("line\n".repeat(45))];
        blocks.push(Block::SignOff(vec!["Auditor".into()]));
        let pages = layout(&report(blocks));
        assert_eq!(pages.len(), 2);
        assert!(texts(&pages[1]).contains(&"Auditor"));
        assert!(!texts(&pages[0]).contains(&"Auditor"));
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_bottom_of_a_page() {
        let blocks = vec![
            Block::Paragraph("line\n".repeat(47)),
            Block::Heading("By category".into()),
            Block::Table(big_table(5)),
        ];
        let pages = layout(&report(blocks));
        assert_eq!(pages.len(), 2);
        assert!(texts(&pages[1]).contains(&"By category"));
    }

    #[test]
    fn the_totals_row_stays_with_the_last_row() {
        // Find a row count that leaves room for exactly the last row on page 1, then
        // check the totals row did not end up alone on page 2.
        for rows in 30..60 {
            let pages = layout(&report(vec![Block::Table(big_table(rows))]));
            let last = format!("AT-{:05}", rows - 1);
            let page_of_last = pages.iter().position(|p| texts(p).contains(&last.as_str())).unwrap();
            let page_of_total = pages.iter().position(|p| texts(p).contains(&"Total")).unwrap();
            assert_eq!(page_of_last, page_of_total, "{rows} rows");
        }
    }

    #[test]
    fn long_cells_are_wrapped_or_shortened_to_their_column() {
        let table = Table {
            columns: vec![Column::wrapped("Name", 1.0), Column::left("Model", 1.0)],
            rows: vec![vec!["word ".repeat(40), "x".repeat(200)]],
            totals: None,
        };
        let pages = layout(&report(vec![Block::Table(table)]));
        let t = texts(&pages[0]);
        let wrapped = t.iter().filter(|t| t.starts_with("word")).count();
        assert_eq!(wrapped, TABLE_MAX_LINES);
        assert!(t.iter().any(|t| t.starts_with("xxx") && t.ends_with('…')));
    }

    #[test]
    fn right_aligned_cells_end_at_the_column_edge() {
        let pages = layout(&report(vec![Block::Table(big_table(3))]));
        let right_edge = 210.0 - MARGIN - CELL_PAD_X;
        let ends: Vec<f32> = pages[0]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text { x, text, style, size_pt, .. } if text.starts_with('€') => {
                    Some(x + width_mm(text, *style, *size_pt))
                }
                _ => None,
            })
            .collect();
        assert_eq!(ends.len(), 4);
        assert!(ends.iter().all(|e| (e - right_edge).abs() < 0.01), "{ends:?}");
    }
}
