//! Label templates and label layout: where each label sits on a sheet, and where the
//! organisation, name, Code 128, QR code and tag text sit on each label.
//!
//! A label is laid out once into a [`LabelLayout`] (what goes where, in millimetres);
//! [`draw`] turns it into page items for PDF and preview, [`crate::zpl`] into ZPL for
//! Zebra printers — so the two outputs cannot drift apart.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::barcode::{self, dark_runs, CODE128_QUIET_MODULES, QR_QUIET_MODULES};
use crate::font::{self, cap_height_mm};
use crate::page::{Colour, FontStyle, Page};
use crate::{Error, Result};

/// Which parts a label shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelFields {
    pub barcode: bool,
    pub qr: bool,
    pub tag_text: bool,
    pub name: bool,
    pub organisation: bool,
}

impl LabelFields {
    pub const ALL: LabelFields =
        LabelFields { barcode: true, qr: true, tag_text: true, name: true, organisation: true };
}

/// A sheet (or roll) of labels: page size, grid, margins and pitch, in millimetres.
/// Thermal templates have one label per page, as label printers feed them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelTemplate {
    /// Stable identifier: "avery-l7160", or the name of a custom template.
    pub key: String,
    pub name: String,
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    pub columns: u32,
    pub rows: u32,
    pub margin_left_mm: f32,
    pub margin_top_mm: f32,
    /// Distance from one label's left edge to the next one's.
    pub pitch_x_mm: f32,
    /// Distance from one label's top edge to the next one's.
    pub pitch_y_mm: f32,
    pub label_width_mm: f32,
    pub label_height_mm: f32,
    /// A label printer (one label per page, ZPL available) rather than a sheet.
    pub thermal: bool,
    /// The printer's resolution: bars are snapped to whole printer dots.
    pub dpi: u32,
    /// What the template prints unless the user says otherwise.
    pub fields: LabelFields,
    pub built_in: bool,
}

const INCH: f32 = 25.4;

/// The templates every installation has.
pub fn built_in_templates() -> Vec<LabelTemplate> {
    #[allow(clippy::too_many_arguments)]
    fn sheet(
        key: &str,
        name: &str,
        page: (f32, f32),
        grid: (u32, u32),
        margin: (f32, f32),
        pitch: (f32, f32),
        label: (f32, f32),
    ) -> LabelTemplate {
        LabelTemplate {
            key: key.into(),
            name: name.into(),
            page_width_mm: page.0,
            page_height_mm: page.1,
            columns: grid.0,
            rows: grid.1,
            margin_left_mm: margin.0,
            margin_top_mm: margin.1,
            pitch_x_mm: pitch.0,
            pitch_y_mm: pitch.1,
            label_width_mm: label.0,
            label_height_mm: label.1,
            thermal: false,
            dpi: 300,
            fields: LabelFields::ALL,
            built_in: true,
        }
    }
    fn thermal(key: &str, name: &str, size: (f32, f32), dpi: u32, fields: LabelFields) -> LabelTemplate {
        LabelTemplate { thermal: true, dpi, fields, ..sheet(key, name, size, (1, 1), (0.0, 0.0), size, size) }
    }
    const A4: (f32, f32) = (210.0, 297.0);
    const LETTER: (f32, f32) = (8.5 * INCH, 11.0 * INCH);
    vec![
        sheet(
            "avery-l7160",
            "Avery L7160 — A4, 3 × 7, 63.5 × 38.1 mm",
            A4,
            (3, 7),
            (7.25, 15.15),
            (66.04, 38.1),
            (63.5, 38.1),
        ),
        sheet(
            "avery-l7163",
            "Avery L7163 — A4, 2 × 7, 99.1 × 38.1 mm",
            A4,
            (2, 7),
            (4.65, 15.15),
            (101.6, 38.1),
            (99.1, 38.1),
        ),
        sheet(
            "avery-5160",
            "Avery 5160 — US Letter, 3 × 10, 2⅝ × 1 in",
            LETTER,
            (3, 10),
            (0.1875 * INCH, 0.5 * INCH),
            (2.75 * INCH, INCH),
            (2.625 * INCH, INCH),
        ),
        sheet(
            "avery-5163",
            "Avery 5163 — US Letter, 2 × 5, 4 × 2 in",
            LETTER,
            (2, 5),
            (0.15625 * INCH, 0.5 * INCH),
            (4.125 * INCH, 2.0 * INCH),
            (4.0 * INCH, 2.0 * INCH),
        ),
        // A 2 × 1 in label has no room for a QR code beside a scannable Code 128.
        thermal(
            "thermal-2x1",
            "Thermal 2 × 1 in (203 dpi)",
            (2.0 * INCH, INCH),
            203,
            LabelFields { qr: false, ..LabelFields::ALL },
        ),
        thermal("thermal-62x29", "Thermal 62 × 29 mm (300 dpi)", (62.0, 29.0), 300, LabelFields::ALL),
    ]
}

/// A built-in template by key or by name (case-insensitive).
pub fn find_built_in(key_or_name: &str) -> Option<LabelTemplate> {
    built_in_templates()
        .into_iter()
        .find(|t| t.key.eq_ignore_ascii_case(key_or_name) || t.name.eq_ignore_ascii_case(key_or_name))
}

/// A built-in template, or a clear error naming the ones there are.
pub fn built_in(key_or_name: &str) -> Result<LabelTemplate> {
    find_built_in(key_or_name).ok_or_else(|| {
        let keys: Vec<String> = built_in_templates().into_iter().map(|t| t.key).collect();
        Error::UnknownTemplate { name: key_or_name.to_string(), known: keys.join(", ") }
    })
}

impl LabelTemplate {
    pub fn labels_per_page(&self) -> u32 {
        self.columns * self.rows
    }

    /// Refuses a template whose labels overlap, fall off the page, or are too small.
    pub fn validate(&self) -> Result<()> {
        let problem = |problem: String| Err(Error::TemplateDoesNotFit { template: self.name.clone(), problem });
        let sizes = [
            ("page width", self.page_width_mm),
            ("page height", self.page_height_mm),
            ("label width", self.label_width_mm),
            ("label height", self.label_height_mm),
        ];
        if let Some((what, _)) = sizes.iter().find(|(_, v)| !v.is_finite() || *v <= 0.0) {
            return problem(format!("the {what} must be more than 0 mm"));
        }
        if [self.margin_left_mm, self.margin_top_mm, self.pitch_x_mm, self.pitch_y_mm]
            .iter()
            .any(|v| !v.is_finite() || *v < 0.0)
        {
            return problem("margins and pitch cannot be negative".into());
        }
        if self.columns == 0 || self.rows == 0 || self.columns > 20 || self.rows > 40 {
            return problem("a sheet has 1 to 20 columns and 1 to 40 rows".into());
        }
        if self.label_width_mm < 15.0 || self.label_height_mm < 10.0 {
            return problem("labels must be at least 15 × 10 mm to hold a barcode".into());
        }
        const SLACK: f32 = 0.05;
        if self.columns > 1 && self.pitch_x_mm + SLACK < self.label_width_mm {
            return problem(format!(
                "the horizontal pitch ({} mm) is less than the label width ({} mm): labels would overlap",
                self.pitch_x_mm, self.label_width_mm
            ));
        }
        if self.rows > 1 && self.pitch_y_mm + SLACK < self.label_height_mm {
            return problem(format!(
                "the vertical pitch ({} mm) is less than the label height ({} mm): labels would overlap",
                self.pitch_y_mm, self.label_height_mm
            ));
        }
        let right = self.margin_left_mm + (self.columns - 1) as f32 * self.pitch_x_mm + self.label_width_mm;
        if right > self.page_width_mm + SLACK {
            return problem(format!(
                "{} columns need {right:.1} mm but the page is {} mm wide",
                self.columns, self.page_width_mm
            ));
        }
        let bottom = self.margin_top_mm + (self.rows - 1) as f32 * self.pitch_y_mm + self.label_height_mm;
        if bottom > self.page_height_mm + SLACK {
            return problem(format!(
                "{} rows need {bottom:.1} mm but the page is {} mm tall",
                self.rows, self.page_height_mm
            ));
        }
        if ![150, 203, 300, 600].contains(&self.dpi) {
            return problem("the printer resolution must be 150, 203, 300 or 600 dpi".into());
        }
        Ok(())
    }

    /// Top-left corner of the label at `position` (0-based, across then down).
    pub fn label_origin(&self, position: u32) -> (f32, f32) {
        let (row, column) = (position / self.columns, position % self.columns);
        (self.margin_left_mm + column as f32 * self.pitch_x_mm, self.margin_top_mm + row as f32 * self.pitch_y_mm)
    }
}

/// One asset to label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelData {
    pub tag: String,
    pub name: String,
}

/// How to print a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelOptions {
    pub fields: LabelFields,
    /// What the QR code holds: empty for the tag itself, or a pattern containing
    /// `{tag}`, such as `https://assets.example.org/a/{tag}`.
    pub qr_pattern: String,
    /// Label positions to leave empty at the start of the first sheet (a partly used sheet).
    pub skip: u32,
    /// Labels per asset.
    pub copies: u32,
    pub organisation: String,
}

impl LabelOptions {
    pub fn qr_content(&self, tag: &str) -> String {
        if self.qr_pattern.trim().is_empty() {
            tag.to_string()
        } else {
            self.qr_pattern.trim().replace("{tag}", tag)
        }
    }
}

/// Where everything on one label goes, in millimetres from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelLayout {
    pub texts: Vec<PlacedText>,
    pub barcode: Option<PlacedBarcode>,
    pub qr: Option<PlacedQr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedText {
    /// Left end of the baseline.
    pub x: f32,
    pub y: f32,
    pub size_pt: f32,
    pub style: FontStyle,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedBarcode {
    /// Left edge of the first bar (the quiet zone lies to its left).
    pub x: f32,
    pub y: f32,
    pub module_mm: f32,
    /// Module width in printer dots (0 when even one dot per module is too wide).
    pub module_dots: u32,
    pub height_mm: f32,
    pub modules: Vec<bool>,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedQr {
    /// Top-left of the first module (the quiet zone lies around it).
    pub x: f32,
    pub y: f32,
    pub module_mm: f32,
    pub module_dots: u32,
    pub width: usize,
    pub dark: Vec<bool>,
    pub content: String,
}

/// The narrowest Code 128 bar most handheld scanners read reliably.
const MIN_BAR_MM: f32 = 0.15;
/// The smallest QR module phone cameras and imagers read reliably from a hand's length.
const MIN_QR_MODULE_MM: f32 = 0.3;

/// Snaps `mm` down to a whole number of printer dots (never below one dot).
fn snap(mm: f32, dpi: u32) -> (f32, u32) {
    let dot = INCH / dpi as f32;
    let dots = (mm / dot + 1e-3).floor() as u32;
    if dots == 0 {
        (mm, 0)
    } else {
        (dots as f32 * dot, dots)
    }
}

/// Lays out one label whose top-left corner is at (x0, y0). Problems that still print
/// (a barcode too dense to scan) come back as warnings.
pub fn layout_label(
    template: &LabelTemplate,
    options: &LabelOptions,
    label: &LabelData,
    origin: (f32, f32),
    warnings: &mut Warnings,
) -> Result<LabelLayout> {
    let symbol = if options.fields.qr { Some(barcode::qr(&options.qr_content(&label.tag), &label.tag)?) } else { None };
    layout_label_with(template, options, label, origin, symbol, warnings)
}

/// [`layout_label`] with the label's QR symbol already encoded (see [`qr_symbols`]).
fn layout_label_with(
    template: &LabelTemplate,
    options: &LabelOptions,
    label: &LabelData,
    (x0, y0): (f32, f32),
    symbol: Option<barcode::Qr>,
    warnings: &mut Warnings,
) -> Result<LabelLayout> {
    let fields = options.fields;
    let (w, h) = (template.label_width_mm, template.label_height_mm);
    let dpi = template.dpi;
    let pad = (h * 0.07).clamp(1.2, 3.0);
    let scale = (h / 38.1).clamp(0.7, 1.4);
    let (org_pt, name_pt, tag_pt) = (6.0 * scale, 8.5 * scale, 8.0 * scale);
    let gap = 0.8 * scale;

    let modules = if fields.barcode { Some(barcode::code128(&label.tag)?) } else { None };
    // The QR code sits at the right, as tall as the label allows, with its quiet zone inside.
    let mut right = x0 + w - pad;
    let qr = if let Some(symbol) = symbol {
        let content = options.qr_content(&label.tag);
        let side = (h - 2.0 * pad).min((w - 2.0 * pad) * if fields.barcode { 0.42 } else { 1.0 });
        let total_modules = symbol.width + 2 * QR_QUIET_MODULES;
        let (module_mm, module_dots) = snap(side / total_modules as f32, dpi);
        let total = module_mm * total_modules as f32;
        let qx = x0 + w - pad - total;
        let qy = y0 + (h - total) / 2.0;
        right = qx;
        if module_mm < MIN_QR_MODULE_MM || module_dots < 2 {
            warnings.push(
                "qr-density",
                format!(
                "{}: the QR code's modules would be {module_mm:.2} mm ({module_dots} printer dots at {dpi} dpi); at least {MIN_QR_MODULE_MM} mm and 2 dots scan reliably — use a shorter QR pattern or a larger label",
                label.tag
            ),
            );
        }
        Some(PlacedQr {
            x: qx + QR_QUIET_MODULES as f32 * module_mm,
            y: qy + QR_QUIET_MODULES as f32 * module_mm,
            module_mm,
            module_dots,
            width: symbol.width,
            dark: symbol.dark,
            content,
        })
    } else {
        None
    };

    let left = x0 + pad;
    let column = right - left;
    let mut texts = Vec::new();
    let mut top = y0 + pad;
    let mut put = |top: &mut f32, size: f32, style: FontStyle, text: &str, centred: bool| {
        let text = font::fit(text, style, size, column);
        let width = font::width_mm(&text, style, size);
        let x = if centred { left + (column - width) / 2.0 } else { left };
        *top += cap_height_mm(size);
        texts.push(PlacedText { x, y: *top, size_pt: size, style, text });
        *top += gap + font::cap_height_mm(size) * 0.3; // descenders
    };
    if fields.organisation && !options.organisation.trim().is_empty() {
        put(&mut top, org_pt, FontStyle::Regular, options.organisation.trim(), false);
    }
    if fields.name && !label.name.trim().is_empty() {
        put(&mut top, name_pt, FontStyle::Bold, label.name.trim(), false);
    }

    let mut bottom = y0 + h - pad;
    let tag_line = if fields.tag_text {
        let text = font::fit(&label.tag, FontStyle::Regular, tag_pt, column);
        let width = font::width_mm(&text, FontStyle::Regular, tag_pt);
        let baseline = bottom;
        bottom -= cap_height_mm(tag_pt) + gap;
        Some((text, width, baseline))
    } else {
        None
    };

    let barcode = match modules {
        Some(modules) => {
            let total_modules = modules.len() + 2 * CODE128_QUIET_MODULES;
            let (module_mm, module_dots) = snap(column / total_modules as f32, dpi);
            let width = module_mm * modules.len() as f32;
            let height_mm = bottom - top;
            if module_mm < MIN_BAR_MM || module_dots < 2 {
                warnings.push(
                    "barcode-density",
                    format!(
                    "{}: the barcode's narrowest bars would be {module_mm:.2} mm ({module_dots} printer dots at {dpi} dpi), too dense to scan reliably — turn off the QR code or the name, or use a larger label",
                    label.tag
                ),
                );
            }
            if height_mm < 5.0 {
                warnings.push(
                    "barcode-height",
                    format!(
                    "{}: the barcode would be only {height_mm:.1} mm tall; at least 5 mm scans reliably — turn off the organisation or name line",
                    label.tag
                ),
                );
            }
            // Centred in the column: the quiet zones are what is left either side.
            let x = left + (column - width) / 2.0;
            let dot = INCH / dpi as f32;
            let x = if module_dots > 0 { (x / dot).round() * dot } else { x };
            Some(PlacedBarcode {
                x,
                y: top,
                module_mm,
                module_dots,
                height_mm: height_mm.max(1.0),
                modules,
                data: label.tag.clone(),
            })
        }
        None => None,
    };
    if let Some((text, width, baseline)) = tag_line {
        let x = if barcode.is_some() { left + (column - width) / 2.0 } else { left };
        let baseline = if barcode.is_some() { baseline } else { top + cap_height_mm(tag_pt) };
        texts.push(PlacedText { x, y: baseline, size_pt: tag_pt, style: FontStyle::Regular, text });
    }
    Ok(LabelLayout { texts, barcode, qr })
}

/// Draws a laid-out label onto a page: bars and QR modules as vector rectangles.
pub fn draw(page: &mut Page, label: &LabelLayout) {
    if let Some(b) = &label.barcode {
        for (start, len) in dark_runs(&b.modules) {
            page.rect(b.x + start as f32 * b.module_mm, b.y, len as f32 * b.module_mm, b.height_mm, Colour::BLACK);
        }
    }
    if let Some(q) = &label.qr {
        // Runs that repeat in the rows below become one taller rectangle: a third fewer
        // shapes to write, and no hairline seams between rows in some viewers.
        let rows: Vec<Vec<(usize, usize)>> =
            (0..q.width).map(|row| dark_runs(&q.dark[row * q.width..(row + 1) * q.width])).collect();
        let mut done: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.len()]).collect();
        for row in 0..rows.len() {
            for (i, &run) in rows[row].iter().enumerate() {
                if done[row][i] {
                    continue;
                }
                let mut height = 1;
                while let Some(j) = rows.get(row + height).and_then(|next| next.iter().position(|r| *r == run)) {
                    done[row + height][j] = true;
                    height += 1;
                }
                let (start, len) = run;
                page.rect(
                    q.x + start as f32 * q.module_mm,
                    q.y + row as f32 * q.module_mm,
                    len as f32 * q.module_mm,
                    height as f32 * q.module_mm,
                    Colour::BLACK,
                );
            }
        }
    }
    for t in &label.texts {
        page.text(t.x, t.y, t.size_pt, t.style, Colour::BLACK, t.text.clone());
    }
}

/// A batch laid out: pages to draw or preview, and what the user should know.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabelSheets {
    pub pages: Vec<Page>,
    pub label_count: u32,
    /// Plain sentences, at most a few per kind of problem.
    pub warnings: Vec<String>,
}

/// Checks a batch before any layout: the template, the options and every tag.
pub fn check(template: &LabelTemplate, options: &LabelOptions, labels: &[LabelData]) -> Result<()> {
    template.validate()?;
    if labels.is_empty() {
        return Err(Error::NothingToPrint);
    }
    if options.copies == 0 || options.copies > 100 {
        return Err(Error::Invalid("copies per asset must be between 1 and 100".into()));
    }
    if options.skip >= template.labels_per_page() && template.labels_per_page() > 1 {
        return Err(Error::Invalid(format!(
            "the start position must be between 1 and {} on {}",
            template.labels_per_page(),
            template.name
        )));
    }
    if template.labels_per_page() == 1 && options.skip > 0 {
        return Err(Error::Invalid("a label printer has no start position: it prints on the next label".into()));
    }
    let f = options.fields;
    if !(f.barcode || f.qr || f.tag_text || f.name || f.organisation) {
        return Err(Error::Invalid("choose at least one thing to print on the label".into()));
    }
    if f.qr && !options.qr_pattern.trim().is_empty() && !options.qr_pattern.contains("{tag}") {
        return Err(Error::Invalid(format!(
            "the QR pattern \"{}\" must contain {{tag}}, where the asset tag goes",
            options.qr_pattern.trim()
        )));
    }
    for label in labels {
        barcode::code128(&label.tag)?;
    }
    Ok(())
}

/// Lays out a batch onto pages.
pub fn sheets(template: &LabelTemplate, options: &LabelOptions, labels: &[LabelData]) -> Result<LabelSheets> {
    check(template, options, labels)?;
    let per_page = template.labels_per_page();
    let mut warnings = Warnings::default();
    let mut pages: Vec<Page> = Vec::new();
    let mut position = options.skip;
    let mut count = 0;
    let symbols = qr_symbols(options, labels)?;
    for (label, symbol) in labels.iter().zip(symbols) {
        for _ in 0..options.copies {
            if pages.is_empty() || position.is_multiple_of(per_page) {
                pages.push(Page::new(template.page_width_mm, template.page_height_mm));
                position %= per_page;
            }
            let origin = template.label_origin(position);
            let laid = layout_label_with(template, options, label, origin, symbol.clone(), &mut warnings)?;
            draw(pages.last_mut().expect("a page was pushed"), &laid);
            position += 1;
            count += 1;
        }
    }
    Ok(LabelSheets { pages, label_count: count, warnings: warnings.into_messages() })
}

/// Every label's QR symbol, encoded on all cores: choosing a QR code's mask is most of
/// the time a batch takes (about 0.5 ms a label).
fn qr_symbols(options: &LabelOptions, labels: &[LabelData]) -> Result<Vec<Option<barcode::Qr>>> {
    if !options.fields.qr {
        return Ok(vec![None; labels.len()]);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = labels.len().div_ceil(threads).max(1);
    let chunks: Vec<Result<Vec<Option<barcode::Qr>>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = labels
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter().map(|l| barcode::qr(&options.qr_content(&l.tag), &l.tag).map(Some)).collect()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("QR encoding does not panic")).collect()
    });
    let mut all = Vec::with_capacity(labels.len());
    for part in chunks {
        all.extend(part?);
    }
    Ok(all)
}

impl LabelSheets {
    /// These sheets as a PDF, titled after their template.
    pub fn to_pdf(&self, template: &LabelTemplate) -> Vec<u8> {
        crate::pdf::render(&format!("Labels — {}", template.name), &self.pages)
    }
}

/// The PDF of a batch, and its warnings.
pub fn pdf(template: &LabelTemplate, options: &LabelOptions, labels: &[LabelData]) -> Result<(Vec<u8>, Vec<String>)> {
    let sheets = sheets(template, options, labels)?;
    Ok((sheets.to_pdf(template), sheets.warnings))
}

/// Problems that still print, kept once per kind with a count: 1,000 labels on too
/// small a template should say so once, not a thousand times.
#[derive(Debug, Default)]
pub struct Warnings(Vec<(&'static str, String, u32)>);

impl Warnings {
    pub fn push(&mut self, kind: &'static str, message: String) {
        match self.0.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, _, count)) => *count += 1,
            None => self.0.push((kind, message, 1)),
        }
    }

    pub fn into_messages(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(_, message, count)| match count {
                1 => message,
                n => format!("{message} (and {} more labels like it)", n - 1),
            })
            .collect()
    }
}
