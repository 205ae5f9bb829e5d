//! Sizing a verdict's big letters: the largest that fits the panel, the
//! word wrapped at its spaces, else its first word alone.

use super::big_text::{self, BigText, SIZES};

/// The biggest letters `word` fits in `width`×`height` cells; `None` when
/// nothing fits or the fonts lack a letter.
pub fn fit(word: &str, width: u16, height: u16) -> Option<BigText> {
    // "CHECKING…": the dots say nothing at two metres
    let word = word.trim_end_matches('…').trim();
    if word.is_empty() {
        return None;
    }
    let first = word.split(' ').next().unwrap_or(word);
    for size in SIZES {
        for text in [word, first] {
            let fits = |line: &str| big_text::width(size, line).is_some_and(|w| w <= width);
            if let Some(big) = wrap(text, fits).and_then(|lines| BigText::new(size, lines))
                && big.height() <= height
            {
                return Some(big);
            }
        }
    }
    None
}

/// `text` in as few lines as `fits` allows, broken at spaces only.
fn wrap(text: &str, fits: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        if let Some(l) = lines.last_mut() {
            let longer = format!("{l} {w}");
            if fits(&longer) {
                *l = longer;
                continue;
            }
        }
        if !fits(w) {
            return None;
        }
        lines.push(w.to_string());
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::checkin::view::big_text::{Cells, Font, Size};

    fn sized(word: &str, width: u16, height: u16) -> Option<(Font, Cells, Vec<String>)> {
        fit(word, width, height).map(|b| (b.size.font, b.size.cells, b.lines))
    }

    fn one(font: Font, cells: Cells, line: &str) -> Option<(Font, Cells, Vec<String>)> {
        Some((font, cells, vec![line.to_string()]))
    }

    #[test]
    fn the_largest_size_that_fits() {
        use {Cells::*, Font::*};
        let size = |font, cells| Size { font, cells };
        let big = |font, cells| BigText::new(size(font, cells), vec!["ADMITTED".into()]).unwrap();
        let (w, h) = (
            big(Inconsolata24, Quadrant).width(),
            big(Inconsolata24, Quadrant).height(),
        );
        assert_eq!(sized("ADMITTED", w, h), one(Inconsolata24, Quadrant, "ADMITTED"));
        assert_eq!(sized("ADMITTED", w - 1, h), one(Fixed10x20, Half, "ADMITTED"));
        assert_eq!(sized("ADMITTED", w, h - 1), one(Fixed10x20, Half, "ADMITTED"));
        let (w, h) = (big(Fixed10x20, Half).width(), big(Fixed10x20, Half).height());
        assert_eq!(sized("ADMITTED", w - 1, h), one(Fixed10x20, Quadrant, "ADMITTED"));
        assert_eq!(sized("ADMITTED", w, h - 1), one(Fixed6x13Bold, Half, "ADMITTED"));
        let (w, h) = (big(Fixed6x13Bold, Half).width(), big(Fixed6x13Bold, Half).height());
        assert_eq!(sized("ADMITTED", w - 1, h), one(Fixed6x13Bold, Quadrant, "ADMITTED"));
        let (w, h) = (
            big(Fixed6x13Bold, Quadrant).width(),
            big(Fixed6x13Bold, Quadrant).height(),
        );
        assert_eq!(sized("ADMITTED", w, h), one(Fixed6x13Bold, Quadrant, "ADMITTED"));
        assert_eq!(sized("ADMITTED", w - 1, 40), None);
        assert_eq!(sized("ADMITTED", 200, h - 1), None);
    }

    #[test]
    fn a_phrase_wraps_at_spaces_or_shrinks_to_its_first_word() {
        use {Cells::*, Font::*};
        let all = vec!["ALREADY".to_string(), "CHECKED IN".to_string()];
        assert_eq!(
            sized("ALREADY CHECKED IN", 120, 40),
            Some((Inconsolata24, Quadrant, all.clone()))
        );
        // three lines would not fit: the first word alone, as big as before
        assert_eq!(
            sized("ALREADY CHECKED IN", 86, 30),
            one(Inconsolata24, Quadrant, "ALREADY")
        );
        // the whole phrase only at the size its first word alone would get
        assert_eq!(sized("ALREADY CHECKED IN", 50, 15), Some((Fixed10x20, Quadrant, all)));
        assert_eq!(
            sized("ALREADY CHECKED IN", 50, 14),
            one(Fixed10x20, Quadrant, "ALREADY")
        );
        assert_eq!(sized("УЖЕ ОТМЕЧЕН", 32, 11), one(Fixed10x20, Half, "УЖЕ"));
        assert_eq!(
            sized("УЖЕ ОТМЕЧЕН", 16, 5),
            Some((Fixed6x13Bold, Quadrant, vec!["УЖЕ".into()]))
        );
    }

    #[test]
    fn cyrillic_and_the_dots() {
        // a Russian verdict in an 80-column kiosk
        assert_eq!(
            sized("ПРОХОДИТЕ", 32, 5),
            one(Font::Fixed6x13Bold, Cells::Quadrant, "ПРОХОДИТЕ")
        );
        assert_eq!(
            sized("CHECKING…", 200, 50).map(|b| b.2),
            Some(vec!["CHECKING".to_string()])
        );
        assert_eq!(sized("…", 64, 8), None);
    }
}
