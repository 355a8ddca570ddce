//! Barcode symbols as module patterns: Code 128 (barcoders) and QR (qrcode). Layout and
//! drawing are in [`crate::labels`]; ZPL lets the printer draw its own.

use barcoders::sym::code128::Code128;
use qrcode::{EcLevel, QrCode};

use crate::{Error, Result};

/// Quiet zone each side of a Code 128 symbol, in modules (the standard asks for 10).
pub const CODE128_QUIET_MODULES: usize = 10;
/// Quiet zone around a QR symbol, in modules (the standard asks for 4).
pub const QR_QUIET_MODULES: usize = 4;

/// A Code 128 symbol: `true` for each dark module, left to right, without quiet zones.
pub fn code128(tag: &str) -> Result<Vec<bool>> {
    let unencodable = |reason: String| Error::UnencodableTag { tag: tag.to_string(), reason };
    if tag.is_empty() {
        return Err(unencodable("the tag is empty".into()));
    }
    if let Some(c) = tag.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(unencodable(format!(
            "it contains {c:?}; Code 128 labels take ASCII letters, digits, spaces and punctuation only"
        )));
    }
    let symbol = Code128::new(with_character_sets(tag)).map_err(|e| unencodable(e.to_string()))?;
    Ok(symbol.encode().into_iter().map(|m| m == 1).collect())
}

/// barcoders wants the character set spelled out: Ɓ starts or switches to set B (all
/// printable ASCII), Ć to set C (digit pairs, half the width). Runs of four or more
/// digits go in set C, which shortens typical tags such as "AT-000123" by a third.
fn with_character_sets(tag: &str) -> String {
    const SET_B: char = 'Ɓ';
    const SET_C: char = 'Ć';
    let chars: Vec<char> = tag.chars().collect();
    let mut out = String::new();
    let mut current = None;
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let whole = i == 0 && run == chars.len();
        if run >= 4 || (whole && run >= 2) {
            // An odd run leaves its first digit in set B: set C takes pairs only.
            if run % 2 == 1 {
                if current != Some(SET_B) {
                    out.push(SET_B);
                    current = Some(SET_B);
                }
                out.push(chars[i]);
                i += 1;
            }
            let even = run - run % 2;
            if current != Some(SET_C) {
                out.push(SET_C);
                current = Some(SET_C);
            }
            out.extend(&chars[i..i + even]);
            i += even;
        } else {
            if current != Some(SET_B) {
                out.push(SET_B);
                current = Some(SET_B);
            }
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// A QR symbol (error correction M: survives a scuffed label): its width in modules
/// and the dark modules row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    pub width: usize,
    pub dark: Vec<bool>,
}

pub fn qr(content: &str, tag: &str) -> Result<Qr> {
    let code = QrCode::with_error_correction_level(content.as_bytes(), EcLevel::M)
        .map_err(|_| Error::QrTooLong { tag: tag.to_string() })?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(Qr { width, dark })
}

/// Runs of dark modules in a row as (start, length): one rectangle each.
pub fn dark_runs(modules: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, &dark) in modules.iter().chain(std::iter::once(&false)).enumerate() {
        match (dark, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i - s));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_use_set_c() {
        assert_eq!(with_character_sets("AT-000123"), "ƁAT-Ć000123");
        assert_eq!(with_character_sets("AT-00123"), "ƁAT-0Ć0123");
        assert_eq!(with_character_sets("123456"), "Ć123456");
        assert_eq!(with_character_sets("12"), "Ć12");
        assert_eq!(with_character_sets("X1234Y"), "ƁXĆ1234ƁY");
        assert_eq!(with_character_sets("LAP-7"), "ƁLAP-7");
    }

    #[test]
    fn set_c_makes_typical_tags_shorter() {
        let c = code128("AT-000123").unwrap();
        // start + "AT-" in set B + switch + 3 digit pairs + check (11 each) + stop (13);
        // all in set B would be 11 * 11 + 13.
        assert_eq!(c.len(), 11 * 9 + 13);
        assert!(c[0], "a symbol starts with a bar");
    }

    #[test]
    fn tags_outside_printable_ascii_are_refused_with_the_reason() {
        let err = code128("ÄT-1").unwrap_err().to_string();
        assert!(err.contains("ÄT-1") && err.contains("ASCII"), "{err}");
        assert!(code128("").is_err());
        assert!(code128("tab\there").is_err());
    }

    #[test]
    fn dark_runs_cover_exactly_the_dark_modules() {
        assert_eq!(dark_runs(&[true, true, false, true, false, false, true]), vec![(0, 2), (3, 1), (6, 1)]);
        assert_eq!(dark_runs(&[]), vec![]);
    }
}
