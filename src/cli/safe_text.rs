//! Text from the database made safe for where the CLI puts it. Names, notes
//! and tour names are typed by customers and clerks, so they may hold what a
//! spreadsheet runs or a terminal obeys:
//! - a CSV cell beginning with `=`, `+`, `-`, `@`, tab or CR is a formula to
//!   Excel and LibreOffice (`=HYPERLINK(…)` exfiltrates, DDE runs programs):
//!   such cells get a leading `'` (OWASP's "CSV injection" advice);
//! - a newline in a name forges a line of a text manifest, and escape codes
//!   or bidi overrides rewrite what the guide sees: control characters are
//!   shown, not obeyed.

use std::borrow::Cow;

/// A CSV cell that no spreadsheet evaluates (one rule with the muster list's writer).
pub use crate::service::muster::csv_cell;

/// `s` for one line of terminal text: newlines, tabs and carriage returns as
/// `\n`, `\t`, `\r`; every other control character (escape codes included),
/// line and paragraph separators and bidi overrides as U+FFFD.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_in_a_line) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_in_a_line(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn unsafe_in_a_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_the_rest_is_untouched() {
        for (raw, cell) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("+7 914 000", "'+7 914 000"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Анна Петрова", "Анна Петрова"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(raw), cell, "{raw:?}");
        }
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(one_line("Анна Петрова"), "Анна Петрова");
        assert_eq!(one_line("Ann\n   999  TD-FAKE"), "Ann\\n   999  TD-FAKE");
        assert_eq!(one_line("a\r\tb"), "a\\r\\tb");
        assert_eq!(
            one_line("x\u{1b}[2Jy\u{7f}\u{202e}z\u{2028}"),
            "x\u{FFFD}[2Jy\u{FFFD}\u{FFFD}z\u{FFFD}"
        );
    }
}
