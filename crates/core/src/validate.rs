//! Input checks shared by forms, commands and the importer. Core validates everything
//! itself; the UI's own checks are only a convenience.

use chrono::NaiveDate;

use crate::FieldError;

pub const MAX_SHORT_TEXT: usize = 200;
pub const MAX_LONG_TEXT: usize = 10_000;
/// Large enough for any real purchase (10^13 minor units), small enough that sums of a
/// million of them stay far inside i64.
pub const MAX_MONEY_MINOR: i64 = 10_000_000_000_000;

/// Collects field errors so a form shows all of them at once.
#[derive(Debug, Default)]
pub struct Checks(pub Vec<FieldError>);

impl Checks {
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn into_result(self) -> crate::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Invalid(self.0))
        }
    }

    /// A required single-line text: trimmed, non-empty, bounded, no control characters.
    pub fn required_text(&mut self, field: &str, value: &str) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.push(field, "is required");
        } else {
            self.check_text(field, value, MAX_SHORT_TEXT, false);
        }
        value.to_string()
    }

    /// An optional single-line text: blank becomes `None`.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.check_text(field, value, MAX_SHORT_TEXT, false);
        Some(value.to_string())
    }

    /// Free text such as notes: may span lines.
    pub fn long_text(&mut self, field: &str, value: &str) -> String {
        self.check_text(field, value, MAX_LONG_TEXT, true);
        value.trim().to_string()
    }

    /// Checks a single-line value that is already trimmed and known to be non-empty.
    pub fn check_value(&mut self, field: &str, value: &str) {
        self.check_text(field, value, MAX_SHORT_TEXT, false);
    }

    fn check_text(&mut self, field: &str, value: &str, max: usize, multiline: bool) {
        let chars = value.chars().count();
        if chars > max {
            self.push(field, format!("is too long ({chars} characters, at most {max})"));
        }
        if value.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
            self.push(field, "contains control characters");
        }
    }
}

pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    let value = value.trim();
    // ISO first; then the day-first and month-first forms spreadsheets produce when
    // they are unambiguous by separator (Snipe-IT exports ISO dates).
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%Y/%m/%d"))
        .or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .map_err(|_| format!("'{value}' is not a date (expected YYYY-MM-DD)"))
}

/// Parses a money amount as typed ("1234.50", "1,234.50", "1234") into minor units,
/// assuming two decimals. Never goes through floating point.
pub fn parse_money(value: &str) -> Result<i64, String> {
    let cleaned: String = value.trim().chars().filter(|c| *c != ',' && *c != ' ').collect();
    let err = || format!("'{}' is not an amount (expected e.g. 1234.50)", value.trim());
    if cleaned.starts_with('-') {
        return Err(format!("'{}' is negative; costs cannot be negative", value.trim()));
    }
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 15
    {
        return Err(err());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| err())? };
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| err())?;
    let minor = whole.checked_mul(100).and_then(|w| w.checked_add(frac)).ok_or_else(err)?;
    check_money(minor)?;
    Ok(minor)
}

pub fn check_money(minor: i64) -> Result<(), String> {
    if minor < 0 {
        return Err("cannot be negative".into());
    }
    if minor > MAX_MONEY_MINOR {
        return Err("is implausibly large".into());
    }
    Ok(())
}

/// Formats minor units with two decimals, for exports and messages.
pub fn format_money(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

pub fn check_currency(code: &str) -> Result<String, String> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(format!("'{code}' is not an ISO 4217 currency code (e.g. EUR, USD, GBP)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_without_floats() {
        assert_eq!(parse_money("1234.5"), Ok(123_450));
        assert_eq!(parse_money("1,234.56"), Ok(123_456));
        assert_eq!(parse_money("0.07"), Ok(7));
        assert_eq!(parse_money("19"), Ok(1_900));
        assert!(parse_money("-3").unwrap_err().contains("negative"));
        assert!(parse_money("12.345").is_err());
        assert!(parse_money("abc").is_err());
        assert!(parse_money("").is_err());
        assert!(parse_money("1e5").is_err());
    }

    #[test]
    fn text_checks_refuse_control_characters_and_overlong_values() {
        let mut checks = Checks::default();
        checks.required_text("name", "ok\u{7}");
        checks.required_text("tag", &"x".repeat(201));
        checks.required_text("serial", "  ");
        let fields: Vec<_> = checks.0.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("name", "contains control characters"),
                ("tag", "is too long (201 characters, at most 200)"),
                ("serial", "is required"),
            ]
        );
    }

    #[test]
    fn dates_accept_iso_and_name_the_bad_value() {
        assert_eq!(parse_date("2024-02-29"), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert_eq!(parse_date("2023-02-29").unwrap_err(), "'2023-02-29' is not a date (expected YYYY-MM-DD)");
    }
}
