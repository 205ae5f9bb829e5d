//! Money in integer minor units (kopecks for RUB). Never floats.

use serde::Serialize;
use std::fmt;

/// The largest unit price accepted (one billion roubles in kopecks). With
/// parties of at most 50 and percents within ±100 no sum can overflow.
pub const MAX_PRICE_MINOR: i64 = 100_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Money {
    pub minor: i64,
    #[serde(serialize_with = "ser_currency")]
    pub currency: Currency,
}

/// ISO 4217 code, three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

fn ser_currency<S: serde::Serializer>(c: &Currency, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

impl Currency {
    pub const RUB: Currency = Currency(*b"RUB");

    pub fn parse(s: &str) -> Option<Currency> {
        let b = s.as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| Currency([b[0], b[1], b[2]]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

/// As its code: `"RUB"` (the JSON the CLI prints).
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }
}

/// An amount as stored (minor units and a currency code) for people to read;
/// a code that is not one (not three capitals) is shown as it came, not guessed.
pub fn show(minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Some(c) => Money::new(minor, c).to_string(),
        None => format!("{minor} {currency}"),
    }
}

/// `amount * percent / 100`, rounded half away from zero, in integers. The
/// refund functions in SQL (td_cancel) round the same way: (amount * pct + 50) / 100.
pub fn percent_of(amount: i64, percent: i64) -> i64 {
    let p = amount * percent;
    if p >= 0 { (p + 50) / 100 } else { (p - 50) / 100 }
}

/// `12 345.50`: an amount as `show` writes it, without the currency (a
/// table column whose currency is said once elsewhere).
pub fn amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let (major, minor) = (abs / 100, abs % 100);
    let digits = major.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}.{minor:02}")
}

impl fmt::Display for Money {
    /// `12 345.50 RUB`: thin-space-free grouping that reads well in a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", amount(self.minor), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_grouping_and_kopecks() {
        assert_eq!(Money::new(1_234_550, Currency::RUB).to_string(), "12 345.50 RUB");
        assert_eq!(Money::new(5, Currency::RUB).to_string(), "0.05 RUB");
        assert_eq!(Money::new(-100_000, Currency::RUB).to_string(), "-1 000.00 RUB");
    }

    #[test]
    fn percent_rounds_half_up_in_integers() {
        assert_eq!(percent_of(1_000_001, 50), 500_001); // 500000.5 -> 500001
        assert_eq!(percent_of(999, 90), 899); // 899.1
        assert_eq!(percent_of(1_500_000, 75), 1_125_000);
        assert_eq!(percent_of(-150, 10), -15);
        assert_eq!(percent_of(0, 90), 0);
    }

    #[test]
    fn show_formats_known_currencies_and_keeps_unknown_ones() {
        assert_eq!(show(1_234_550, "RUB"), "12 345.50 RUB");
        assert_eq!(amount(45_000_000), "450 000.00", "a column's amount, no currency");
        assert_eq!(amount(-50), "-0.50");
        assert_eq!(show(500, "rub"), "500 rub");
    }

    #[test]
    fn currency_parse() {
        assert_eq!(Currency::parse("RUB"), Some(Currency::RUB));
        assert_eq!(Currency::parse("rub"), None);
        assert_eq!(Currency::parse("RUBL"), None);
    }
}
