//! The box drawing both boxes over the departures (view/modal.rs) and the
//! boxes over the schedule screen (schedules/view/modal.rs) use: one home,
//! so the two screens' boxes look alike and a fix reaches both.

use crate::tui::theme;
use crate::tui::view::popup;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// A bordered box of `w`×`h` centred in `area`, titled in its colour, its
/// lines wrapped inside; the inner area, for the keys (`hint`).
pub fn boxed(area: Rect, w: u16, h: u16, title: &str, colour: Color, lines: Vec<Line>, buf: &mut Buffer) -> Rect {
    let r = popup(area, w, h, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(colour))
        .title(Span::styled(format!(" {title} "), theme::title().fg(colour)));
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    inner
}

/// The keys of a box, on its last inner row.
pub fn hint(inner: Rect, text: &str, buf: &mut Buffer) {
    if inner.height > 0 {
        buf.set_stringn(inner.x, inner.bottom() - 1, text, inner.width as usize, theme::muted());
    }
}

/// Rows `text` takes wrapped by words at `w` columns.
pub fn rows(text: &str, w: usize) -> u16 {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > w {
            rows += 1;
            used = n;
        } else {
            used += n + usize::from(used > 0);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::rows;

    #[test]
    fn rows_wrap_by_words() {
        assert_eq!(rows("", 10), 1);
        assert_eq!(rows("one two", 7), 1);
        assert_eq!(rows("one two", 6), 2);
        assert_eq!(rows("один два три", 8), 2, "counted in characters, not bytes");
    }
}
