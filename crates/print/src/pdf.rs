//! Turns laid-out [`Page`]s into PDF bytes with printpdf: vector rectangles and lines,
//! text in the embedded DejaVu fonts (subset on save).

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};

use crate::font::{BOLD_TTF, REGULAR_TTF};
use crate::page::{Colour, FontStyle, Item, Page, PT_PER_MM};

/// The PDF of `pages`, titled `title` in the document's metadata.
pub fn render(title: &str, pages: &[Page]) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let mut font_warnings = Vec::new();
    let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut font_warnings).expect("the embedded font parses");
    let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut font_warnings).expect("the embedded font parses");
    let regular = doc.add_font(&regular);
    let bold = doc.add_font(&bold);

    let pdf_pages = pages
        .iter()
        .map(|page| {
            let height_pt = page.height_mm * PT_PER_MM;
            let pt = |mm: f32| Pt(mm * PT_PER_MM);
            // Top-left millimetres to PDF's bottom-left points.
            let point = |x: f32, y: f32| Point { x: pt(x), y: Pt(height_pt - y * PT_PER_MM) };
            let mut ops = Vec::with_capacity(page.items.len() * 2);
            let mut fill: Option<Colour> = None;
            let mut set_fill = |ops: &mut Vec<Op>, colour: Colour| {
                if fill != Some(colour) {
                    ops.push(Op::SetFillColor { col: colour_of(colour) });
                    fill = Some(colour);
                }
            };
            for item in &page.items {
                match item {
                    Item::Rect { x, y, w, h, colour } => {
                        set_fill(&mut ops, *colour);
                        ops.push(Op::DrawRectangle {
                            rectangle: Rect {
                                x: pt(*x),
                                y: Pt(height_pt - (y + h) * PT_PER_MM),
                                width: pt(*w),
                                height: pt(*h),
                                mode: Some(PaintMode::Fill),
                                winding_order: Some(WindingOrder::NonZero),
                            },
                        });
                    }
                    Item::Line { points, width, colour } => {
                        ops.push(Op::SetOutlineColor { col: colour_of(*colour) });
                        ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: points
                                    .iter()
                                    .map(|[x, y]| LinePoint { p: point(*x, *y), bezier: false })
                                    .collect(),
                                is_closed: false,
                            },
                        });
                    }
                    Item::Text { x, y, size_pt, style, colour, text } => {
                        set_fill(&mut ops, *colour);
                        let font = match style {
                            FontStyle::Regular => regular.clone(),
                            FontStyle::Bold => bold.clone(),
                        };
                        let at = point(*x, *y);
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(*size_pt) });
                        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(at.x, at.y) });
                        ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                        ops.push(Op::EndTextSection);
                    }
                }
            }
            PdfPage::new(Mm(page.width_mm), Mm(page.height_mm), ops)
        })
        .collect();

    let mut warnings = Vec::new();
    doc.with_pages(pdf_pages).save(&PdfSaveOptions::default(), &mut warnings)
}

fn colour_of(Colour(r, g, b): Colour) -> Color {
    Color::Rgb(Rgb::new(f32::from(r) / 255.0, f32::from(g) / 255.0, f32::from(b) / 255.0, None))
}
