//! UTF-8 to CP866 (IBM866, "DOS Cyrillic"), the code page Epson-compatible
//! thermal printers select with `ESC t 17`. A 128-entry table rather than a
//! crate: `encoding_rs` would do it but is not a dependency of ours, and
//! the table is the code page's whole definition — it is also what the
//! tests' byte decoder reads back with (`decode`), so both directions are
//! one list.

/// Bytes 0x80..=0xFF of CP866.
pub const HIGH: [char; 128] = [
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'Й', 'К', 'Л', 'М', 'Н', 'О', 'П', //
    'Р', 'С', 'Т', 'У', 'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Щ', 'Ъ', 'Ы', 'Ь', 'Э', 'Ю', 'Я', //
    'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ъ', 'ы', 'ь', 'э', 'ю', 'я', //
    'Ё', 'ё', 'Є', 'є', 'Ї', 'ї', 'Ў', 'ў', '°', '∙', '·', '√', '№', '¤', '■', '\u{a0}',
];

/// What prints for a character the code page lacks.
pub const UNKNOWN: u8 = b'?';

/// One character as CP866 bytes: ASCII as itself (control characters other
/// than none become `?`: a name must not smuggle printer commands), the
/// table's own, a few look-alikes (dashes, quotes, spaces, the minus sign
/// the reports print), else `?`.
pub fn push_char(out: &mut Vec<u8>, c: char) {
    match c {
        ' '..='~' => out.push(c as u8),
        '−' | '–' | '—' | '‐' => out.push(b'-'),
        '«' | '»' | '“' | '”' | '„' => out.push(b'"'),
        '‘' | '’' => out.push(b'\''),
        '\u{2009}' | '\u{202f}' => out.push(b' '),
        '…' => out.extend_from_slice(b"..."),
        // the receipt's "2 × adult"
        '×' => out.push(b'x'),
        '₽' => out.extend_from_slice(b"RUB"),
        _ => match HIGH.iter().position(|&h| h == c) {
            Some(i) => out.push(0x80 + i as u8),
            None => out.push(UNKNOWN),
        },
    }
}

/// A whole string (one line: see `push_char` for control characters).
pub fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        push_char(&mut out, c);
    }
    out
}

/// CP866 bytes back to text, as the printer shows them.
pub fn decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                b as char
            } else {
                HIGH[usize::from(b - 0x80)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_and_ascii_round_trip() {
        let s = "Ёлки-палки: Щука № 5, ПЛАТА 9 500.00 RUB · ё";
        assert_eq!(decode(&encode(s)), s);
        assert_eq!(encode("АЯая"), [0x80, 0x9F, 0xA0, 0xEF]);
        assert_eq!(encode("рЁ"), [0xE0, 0xF0]);
    }

    #[test]
    fn what_the_page_lacks_is_a_question_mark_and_controls_never_pass() {
        assert_eq!(encode("a\u{1b}@b\n€"), b"a?@b??");
        assert_eq!(encode("−5 — «x»"), b"-5 - \"x\"");
        assert_eq!(encode("2 × adult"), b"2 x adult");
    }

    #[test]
    fn the_table_has_no_duplicates() {
        for (i, c) in HIGH.iter().enumerate() {
            assert_eq!(HIGH.iter().position(|h| h == c), Some(i), "{c}");
        }
    }
}
