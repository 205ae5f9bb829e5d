//! Sizing a verdict's big letters: the largest that fits the panel, the
//! word wrapped at its spaces, else its first word alone.

use tui_big_text::PixelSize;

/// Largest first. Sextant, Octant and the thirds need glyphs that many
/// terminal fonts draw badly.
const SIZES: [PixelSize; 3] = [PixelSize::Full, PixelSize::HalfHeight, PixelSize::Quadrant];

/// Terminal cells one letter takes (columns, rows): font8x8 is 8×8 pixels.
fn cell(size: PixelSize) -> (u16, u16) {
    match size {
        PixelSize::Full => (8, 8),
        PixelSize::HalfHeight => (8, 4),
        _ => (4, 4),
    }
}

/// Rows that `lines` big lines of `size` take.
pub fn rows(size: PixelSize, lines: usize) -> u16 {
    cell(size).1.saturating_mul(u16::try_from(lines).unwrap_or(u16::MAX))
}

/// The biggest letters `word` fits in `width`×`height` cells, as a size and
/// the lines to draw; `None` when nothing fits or the font lacks a letter.
pub fn fit(word: &str, width: u16, height: u16) -> Option<(PixelSize, Vec<String>)> {
    // "CHECKING…": the dots say nothing at two metres (and font8x8 has none)
    let word = word.trim_end_matches('…').trim();
    // font8x8 as tui-big-text uses it has no Cyrillic: a Russian word would
    // come out as blank squares, so it stays plain text
    if word.is_empty() || !word.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        return None;
    }
    let first = word.split(' ').next().unwrap_or(word);
    for size in SIZES {
        let per_line = usize::from(width / cell(size).0);
        for text in [word, first] {
            if let Some(lines) = wrap(text, per_line)
                && rows(size, lines.len()) <= height
            {
                return Some((size, lines));
            }
        }
    }
    None
}

/// `text` in lines of at most `per_line` letters, broken at spaces only.
fn wrap(text: &str, per_line: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        let n = w.chars().count();
        if n > per_line {
            return None;
        }
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + n <= per_line => {
                l.push(' ');
                l.push_str(w);
            }
            _ => lines.push(w.to_string()),
        }
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_size_that_fits() {
        assert_eq!(fit("ADMITTED", 64, 8), Some((PixelSize::Full, vec!["ADMITTED".into()])));
        assert_eq!(
            fit("ADMITTED", 64, 7),
            Some((PixelSize::HalfHeight, vec!["ADMITTED".into()]))
        );
        assert_eq!(
            fit("ADMITTED", 63, 8),
            Some((PixelSize::Quadrant, vec!["ADMITTED".into()]))
        );
        assert_eq!(fit("ADMITTED", 31, 40), None);
        assert_eq!(fit("ADMITTED", 32, 3), None);
    }

    #[test]
    fn a_phrase_wraps_at_spaces_or_shrinks_to_its_first_word() {
        let all = ["ALREADY".to_string(), "CHECKED IN".to_string()];
        assert_eq!(fit("ALREADY CHECKED IN", 86, 30), Some((PixelSize::Full, all.to_vec())));
        assert_eq!(
            fit("ALREADY CHECKED IN", 86, 8),
            Some((PixelSize::Full, vec!["ALREADY".into()]))
        );
        assert_eq!(
            fit("ALREADY CHECKED IN", 32, 11),
            Some((PixelSize::Quadrant, vec!["ALREADY".into()]))
        );
    }

    #[test]
    fn no_big_letters_the_font_lacks() {
        assert_eq!(fit("ПРОХОДИТЕ", 200, 50), None);
        assert_eq!(
            fit("CHECKING…", 64, 8),
            Some((PixelSize::Full, vec!["CHECKING".into()]))
        );
        assert_eq!(fit("…", 64, 8), None);
    }
}
