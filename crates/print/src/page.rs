//! The display list every label sheet and report page is laid out into.
//!
//! Millimetres, origin at the top-left corner of the page, y growing downwards (as on
//! screen). [`crate::pdf`] flips it for PDF; the app draws it as SVG for previews.

use serde::Serialize;
use ts_rs::TS;

/// One page: its size and what is drawn on it, in drawing order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    pub items: Vec<Item>,
}

impl Page {
    pub fn new(width_mm: f32, height_mm: f32) -> Page {
        Page { width_mm, height_mm, items: Vec::new() }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.items.push(Item::Rect { x, y, w, h, colour });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, colour: Colour) {
        self.items.push(Item::Line { points: vec![[x1, y1], [x2, y2]], width, colour });
    }

    pub fn polyline(&mut self, points: Vec<[f32; 2]>, width: f32, colour: Colour) {
        self.items.push(Item::Line { points, width, colour });
    }

    /// Text with its baseline starting at (x, y).
    pub fn text(&mut self, x: f32, y: f32, size_pt: f32, style: FontStyle, colour: Colour, text: impl Into<String>) {
        self.items.push(Item::Text { x, y, size_pt, style, colour, text: text.into() });
    }
}

/// Something drawn. Rectangles are filled; lines are stroked.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Item {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    /// An open polyline (two points for a rule).
    Line {
        points: Vec<[f32; 2]>,
        width: f32,
        colour: Colour,
    },
    #[serde(rename_all = "camelCase")]
    Text {
        x: f32,
        y: f32,
        size_pt: f32,
        style: FontStyle,
        colour: Colour,
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FontStyle {
    Regular,
    Bold,
}

/// An sRGB colour. Barcodes are always pure black on white.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    pub const BLACK: Colour = Colour(0, 0, 0);
    pub const TEXT: Colour = Colour(0x1f, 0x23, 0x28);
    pub const MUTED: Colour = Colour(0x5f, 0x66, 0x6d);
    pub const RULE: Colour = Colour(0xc8, 0xcd, 0xd2);
    pub const STRIPE: Colour = Colour(0xf2, 0xf4, 0xf6);
    pub const ACCENT: Colour = Colour(0x1a, 0x7f, 0x64);
    pub const WHITE: Colour = Colour(0xff, 0xff, 0xff);
}

/// Points per millimetre (1 pt = 1/72 in).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

pub fn pt_to_mm(pt: f32) -> f32 {
    pt / PT_PER_MM
}
