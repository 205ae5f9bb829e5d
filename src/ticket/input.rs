//! What a USB scanner types, turned back into a ticket code. The one place
//! that parses scanner input: the CLI and the kiosk both use it.
//!
//! A scanner is a keyboard: it presses the keys of the code's characters in a
//! fast burst, with or without Enter at the end. With a Russian (ЙЦУКЕН) layout
//! active, those keys arrive as Cyrillic letters; the scanner's Shift or Caps
//! Lock setting decides the case. So: map Cyrillic back to the Latin key in the
//! same place, upper-case everything, drop whitespace and CR/LF.

use std::time::{Duration, Instant};

/// The Latin key (US QWERTY) under each Cyrillic letter of the Russian
/// ЙЦУКЕН layout.
const RU_TO_US: [(char, char); 33] = [
    ('й', 'q'),
    ('ц', 'w'),
    ('у', 'e'),
    ('к', 'r'),
    ('е', 't'),
    ('н', 'y'),
    ('г', 'u'),
    ('ш', 'i'),
    ('щ', 'o'),
    ('з', 'p'),
    ('х', '['),
    ('ъ', ']'),
    ('ф', 'a'),
    ('ы', 's'),
    ('в', 'd'),
    ('а', 'f'),
    ('п', 'g'),
    ('р', 'h'),
    ('о', 'j'),
    ('л', 'k'),
    ('д', 'l'),
    ('ж', ';'),
    ('э', '\''),
    ('я', 'z'),
    ('ч', 'x'),
    ('с', 'c'),
    ('м', 'v'),
    ('и', 'b'),
    ('т', 'n'),
    ('ь', 'm'),
    ('б', ','),
    ('ю', '.'),
    ('ё', '`'),
];

fn latin_key(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    RU_TO_US
        .iter()
        .find(|(ru, _)| *ru == lower)
        .map(|(_, us)| *us)
        .unwrap_or(c)
}

/// Normalises scanned or typed text: Russian-layout letters mapped back,
/// upper case, no whitespace or control characters. Booking numbers keep
/// their dash (it is the same key in both layouts).
pub fn normalize(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\u{feff}')
        .map(latin_key)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The ticket codes in one line of scanner input. A scanner set up without
/// Enter types codes back to back; `TD1` cannot occur inside a code's base32
/// body (it has no `1`), so each occurrence starts a new code. Text that is
/// not a ticket comes back whole, to be refused as such.
pub fn split_codes(raw: &str) -> Vec<String> {
    let text = normalize(raw);
    if text.is_empty() {
        return Vec::new();
    }
    let prefix = super::payload::PREFIX;
    let starts: Vec<usize> = text.match_indices(prefix).map(|(i, _)| i).collect();
    if starts.len() < 2 {
        return vec![text];
    }
    let mut out = Vec::new();
    if starts[0] > 0 {
        out.push(text[..starts[0]].to_string());
    }
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        out.push(text[s..end].to_string());
    }
    out
}

/// One burst of keys as typed, before normalising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burst {
    pub raw: String,
    /// ended by Enter rather than by silence
    pub enter: bool,
}

impl Burst {
    /// The text as a code: layout mapped back, upper case, no whitespace.
    pub fn code(&self) -> String {
        normalize(&self.raw)
    }
}

/// Collects key presses into scans. A scanner types far faster than a
/// person: a burst ends with Enter, or — for scanners set up without a
/// suffix — when no key has come for `idle_end`.
#[derive(Debug)]
pub struct ScanBuffer {
    buf: String,
    last: Option<Instant>,
    idle_end: Duration,
    min_len: usize,
}

impl Default for ScanBuffer {
    fn default() -> Self {
        // Scanners type a character every 1–10 ms; a code ends well within 80 ms of silence.
        ScanBuffer::new(Duration::from_millis(80), 6)
    }
}

impl ScanBuffer {
    /// `min_len`: shorter bursts ending by silence are taken as typing, not a scan.
    pub fn new(idle_end: Duration, min_len: usize) -> ScanBuffer {
        ScanBuffer {
            buf: String::new(),
            last: None,
            idle_end,
            min_len,
        }
    }

    /// A key press at `at`. Returns a finished scan on Enter (CR or LF).
    pub fn push(&mut self, c: char, at: Instant) -> Option<String> {
        self.push_burst(c, at).and_then(|b| self.accept(b))
    }

    /// Call on a timer tick: returns the scan once the burst has gone quiet.
    pub fn poll(&mut self, now: Instant) -> Option<String> {
        self.poll_burst(now).and_then(|b| self.accept(b))
    }

    /// Like [`push`](Self::push), but every finished burst comes back, short
    /// ones too, as typed: a caller that shares the keyboard with a person
    /// (the kiosk) gives those keys back to them.
    pub fn push_burst(&mut self, c: char, at: Instant) -> Option<Burst> {
        if let Some(done) = self.poll_burst(at) {
            // the previous burst ended by silence; this key starts the next
            if c != '\r' && c != '\n' {
                self.buf.push(c);
                self.last = Some(at);
            }
            return Some(done);
        }
        if c == '\r' || c == '\n' {
            self.last = None;
            let raw = std::mem::take(&mut self.buf);
            return (!raw.is_empty()).then_some(Burst { raw, enter: true });
        }
        self.buf.push(c);
        self.last = Some(at);
        None
    }

    /// Like [`poll`](Self::poll), but a short burst comes back too.
    pub fn poll_burst(&mut self, now: Instant) -> Option<Burst> {
        let last = self.last?;
        if now.duration_since(last) < self.idle_end {
            return None;
        }
        self.last = None;
        let raw = std::mem::take(&mut self.buf);
        (!raw.is_empty()).then_some(Burst { raw, enter: false })
    }

    /// Ends the burst now, whatever the timing (another kind of key came).
    pub fn end(&mut self) -> Option<Burst> {
        self.last = None;
        let raw = std::mem::take(&mut self.buf);
        (!raw.is_empty()).then_some(Burst { raw, enter: false })
    }

    /// Whether a burst of this length (normalised) counts as a scan when it
    /// ends by silence.
    pub fn long_enough(&self, burst: &Burst) -> bool {
        burst.enter || burst.code().len() >= self.min_len
    }

    fn accept(&self, burst: Burst) -> Option<String> {
        if !self.long_enough(&burst) {
            return None;
        }
        let code = burst.code();
        (!code.is_empty()).then_some(code)
    }

    /// True while keys of an unfinished burst are buffered.
    pub fn is_pending(&self) -> bool {
        !self.buf.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a scanner types for `code` with the Russian layout active.
    fn typed_in_russian(code: &str) -> String {
        code.chars()
            .map(|c| {
                let l = c.to_ascii_lowercase();
                RU_TO_US
                    .iter()
                    .find(|(_, us)| *us == l)
                    .map(|(ru, _)| {
                        if c.is_uppercase() {
                            ru.to_uppercase().next().unwrap()
                        } else {
                            *ru
                        }
                    })
                    .unwrap_or(c)
            })
            .collect()
    }

    #[test]
    fn russian_layout_maps_back() {
        let code = "TD1AB2CDEFGHIJKLMNOPQRSTUVWXYZ34567";
        let ru = typed_in_russian(code);
        assert!(ru.starts_with("ЕВ1ФИ2"), "{ru}");
        assert_eq!(normalize(&ru), code);
        assert_eq!(normalize(&ru.to_lowercase()), code);
    }

    #[test]
    fn case_whitespace_and_line_ends_are_tolerated() {
        assert_eq!(normalize(" td1abc\r\n"), "TD1ABC");
        assert_eq!(normalize("\u{feff}TD1 AB\tC\n"), "TD1ABC");
        assert_eq!(normalize("td-7kx9pq"), "TD-7KX9PQ");
        assert_eq!(normalize("ЕВ-7ЛЧ9ЗЙ"), "TD-7KX9PQ");
    }

    #[test]
    fn codes_typed_back_to_back_are_split() {
        let a = format!("TD1{}", "A".repeat(136));
        let b = format!("td1{}", "b".repeat(136));
        assert_eq!(split_codes(&format!("{a}{b}\r\n")), [a.clone(), b.to_uppercase()]);
        assert_eq!(split_codes(&a), std::slice::from_ref(&a));
        assert_eq!(split_codes("  \r\n"), Vec::<String>::new());
        assert_eq!(split_codes(&format!("junk{a}{a}")), ["JUNK".to_string(), a.clone(), a]);
    }

    #[test]
    fn burst_ends_on_enter_or_silence() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut b = ScanBuffer::default();
        let mut out = None;
        for (i, c) in "td1abcdef\r".chars().enumerate() {
            out = b.push(c, ms(i as u64 * 3));
        }
        assert_eq!(out.as_deref(), Some("TD1ABCDEF"));
        assert!(!b.is_pending());

        // no Enter: the burst ends after the idle gap
        for (i, c) in "TD1XYZ234".chars().enumerate() {
            assert_eq!(b.push(c, ms(100 + i as u64 * 3)), None);
        }
        assert_eq!(b.poll(ms(150)), None, "still within the burst");
        assert_eq!(b.poll(ms(300)).as_deref(), Some("TD1XYZ234"));

        // a next key after the gap also ends it, and starts the next scan
        for (i, c) in "TD1QQQQQ".chars().enumerate() {
            b.push(c, ms(400 + i as u64 * 3));
        }
        assert_eq!(b.push('T', ms(900)).as_deref(), Some("TD1QQQQQ"));
        assert!(b.is_pending());

        // a stray short burst is dropped, not reported as a scan
        let mut b = ScanBuffer::default();
        b.push('j', ms(0));
        assert_eq!(b.poll(ms(500)), None);
        assert!(!b.is_pending());
    }

    #[test]
    fn bursts_come_back_short_ones_too() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut b = ScanBuffer::default();
        // a person presses `u`: nothing until the silence, then it comes back as typed
        assert_eq!(b.push_burst('u', ms(0)), None);
        assert_eq!(b.poll_burst(ms(50)), None);
        let short = b.poll_burst(ms(90)).expect("the short burst");
        assert_eq!(
            short,
            Burst {
                raw: "u".into(),
                enter: false
            }
        );
        assert!(!b.long_enough(&short));
        assert!(!b.is_pending());

        // a key after the silence returns the previous burst and starts the next
        b.push_burst('й', ms(200));
        let prev = b.push_burst('x', ms(400)).expect("the previous burst");
        assert_eq!(prev.raw, "й");
        assert_eq!(prev.code(), "Q");
        assert!(b.is_pending());

        // Enter ends a burst at once, whatever its length
        let done = b.push_burst('\r', ms(402)).expect("ended by Enter");
        assert_eq!(
            done,
            Burst {
                raw: "x".into(),
                enter: true
            }
        );
        assert!(b.long_enough(&done));
        assert_eq!(b.push_burst('\r', ms(404)), None, "a lone Enter is no burst");

        // a long burst ended by silence is long enough
        for (i, c) in "td1abcdef".chars().enumerate() {
            b.push_burst(c, ms(500 + i as u64 * 2));
        }
        let long = b.poll_burst(ms(700)).expect("the long burst");
        assert!(b.long_enough(&long));
        assert_eq!(long.code(), "TD1ABCDEF");

        b.push_burst('a', ms(800));
        assert_eq!(
            b.end(),
            Some(Burst {
                raw: "a".into(),
                enter: false
            })
        );
        assert_eq!(b.end(), None);
        assert_eq!(b.poll_burst(ms(2000)), None);
    }
}
