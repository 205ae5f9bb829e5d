//! Drawing the walkin pane.

use super::State;
use crate::tui::panes::Ctx;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

pub fn render(_state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    Paragraph::new(ctx.text.walkin.title).render(area, buf);
}
