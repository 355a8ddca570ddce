//! The embedded fonts (DejaVu Sans and DejaVu Sans Bold, which cover Latin, Greek and
//! Cyrillic — "Łukasz Żółć", "Zoë Müller") and text measurement with their real metrics,
//! so names are shortened or wrapped to what actually fits.

use std::sync::OnceLock;

use crate::page::{pt_to_mm, FontStyle};

pub const REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub const BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Advance widths in font units for the first [`TABLE`] code points, plus the face for
/// the rest: measuring a 10,000-row report must not parse glyph tables per character.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    table: Vec<u16>,
}

const TABLE: usize = 0x800;

impl Metrics {
    fn load(bytes: &'static [u8]) -> Metrics {
        let face = ttf_parser::Face::parse(bytes, 0).expect("the embedded font parses");
        let units_per_em = f32::from(face.units_per_em());
        let table = (0..TABLE as u32).map(|c| char::from_u32(c).map_or(0, |c| advance(&face, c))).collect();
        Metrics { face, units_per_em, table }
    }

    fn advance(&self, c: char) -> u16 {
        self.table.get(c as usize).copied().unwrap_or_else(|| advance(&self.face, c))
    }
}

fn advance(face: &ttf_parser::Face<'_>, c: char) -> u16 {
    // A character the font lacks prints as the .notdef box, glyph 0.
    let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
    face.glyph_hor_advance(glyph).unwrap_or(0)
}

fn metrics(style: FontStyle) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    match style {
        FontStyle::Regular => REGULAR.get_or_init(|| Metrics::load(REGULAR_TTF)),
        FontStyle::Bold => BOLD.get_or_init(|| Metrics::load(BOLD_TTF)),
    }
}

/// Width of `text` in millimetres at `size_pt`.
pub fn width_mm(text: &str, style: FontStyle, size_pt: f32) -> f32 {
    let m = metrics(style);
    let units: u32 = text.chars().map(|c| u32::from(m.advance(c))).sum();
    pt_to_mm(units as f32 / m.units_per_em * size_pt)
}

/// Height of a capital letter in millimetres (DejaVu's cap height is 0.729 em), for
/// placing a baseline under a top edge.
pub fn cap_height_mm(size_pt: f32) -> f32 {
    pt_to_mm(size_pt * 0.729)
}

const ELLIPSIS: char = '…';

/// `text` unchanged when it fits in `max_mm`, otherwise shortened with an ellipsis.
pub fn fit(text: &str, style: FontStyle, size_pt: f32, max_mm: f32) -> String {
    if width_mm(text, style, size_pt) <= max_mm {
        return text.to_string();
    }
    let m = metrics(style);
    let to_mm = |units: u32| pt_to_mm(units as f32 / m.units_per_em * size_pt);
    let budget = max_mm - to_mm(u32::from(m.advance(ELLIPSIS)));
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        used += u32::from(m.advance(c));
        if to_mm(used) > budget {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push(ELLIPSIS);
    out
}

/// `text` broken into lines no wider than `max_mm` at word boundaries (a word longer
/// than a line is cut), at most `max_lines` of them; the last is shortened with an
/// ellipsis when text is left over.
pub fn wrap(text: &str, style: FontStyle, size_pt: f32, max_mm: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if width_mm(&candidate, style, size_pt) <= max_mm {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current = word.to_string();
        // A single word wider than the line: cut it into pieces that fit.
        while width_mm(&current, style, size_pt) > max_mm && current.chars().count() > 1 {
            let mut piece = String::new();
            for c in current.chars() {
                piece.push(c);
                if width_mm(&piece, style, size_pt) > max_mm {
                    piece.pop();
                    break;
                }
            }
            if piece.is_empty() {
                break;
            }
            current = current[piece.len()..].to_string();
            lines.push(piece);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        // Either it fits with the ellipsis, or `fit` cuts it and ends with its own.
        lines.push(fit(&format!("{rest}{ELLIPSIS}"), style, size_pt, max_mm));
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans: "M" is 1767 of 2048 units, "i" 569: at 10 pt M is ~3.03 mm.
        let m = width_mm("M", FontStyle::Regular, 10.0);
        assert!((m - 3.04).abs() < 0.05, "M is {m} mm");
        assert!(width_mm("iiii", FontStyle::Regular, 10.0) < m * 2.0);
        assert!(width_mm("Zoë", FontStyle::Bold, 10.0) > width_mm("Zoë", FontStyle::Regular, 10.0));
    }

    #[test]
    fn fit_keeps_short_text_and_shortens_long_text_to_the_width() {
        assert_eq!(fit("Łukasz Żółć", FontStyle::Regular, 8.0, 50.0), "Łukasz Żółć");
        let long = "ThinkPad X1 Carbon Gen 12 with a very long configuration name";
        let short = fit(long, FontStyle::Regular, 8.0, 30.0);
        assert!(short.ends_with('…') && short.len() < long.len(), "{short}");
        assert!(width_mm(&short, FontStyle::Regular, 8.0) <= 30.0);
    }

    #[test]
    fn wrap_breaks_at_words_and_ends_with_an_ellipsis_when_cut() {
        let lines = wrap("one two three four five six seven", FontStyle::Regular, 10.0, 20.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| width_mm(l, FontStyle::Regular, 10.0) <= 20.0), "{lines:?}");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("short", FontStyle::Regular, 10.0, 20.0, 3), vec!["short"]);
        let cut = wrap("Supercalifragilistic", FontStyle::Regular, 10.0, 15.0, 5);
        assert!(cut.len() > 1 && cut.iter().all(|l| width_mm(l, FontStyle::Regular, 10.0) <= 15.0), "{cut:?}");
    }
}
