//! A table as printable PNG pages: title lines, a header row repeated on
//! every page, rows whose long cells wrap (and are cut after a few lines),
//! and section lines between groups of rows ("MISSING (2)", "1. 07:15
//! Hotel"). A4 portrait at 150 dpi, black on white, with the u8g2 10×20
//! Cyrillic font of the tickets: a guide prints it on any printer and a
//! rescuer reads Russian names on it. Rows never split across pages; a long
//! list becomes `NAME-p1.png`, `NAME-p2.png`, ….

use super::canvas::Scaled;
use embedded_graphics_core::pixelcolor::BinaryColor;
use embedded_graphics_core::prelude::Point;
use image::{GrayImage, Luma};
use std::path::{Path, PathBuf};
use u8g2_fonts::FontRenderer;
use u8g2_fonts::fonts::u8g2_font_10x20_t_cyrillic as Font;
use u8g2_fonts::types::{FontColor, VerticalPosition};

/// A4 at 150 dpi: sharp enough for 10-pixel letters, small enough to mail.
pub const PAGE_W: u32 = 1240;
pub const PAGE_H: u32 = 1754;
const MARGIN: u32 = 60;
/// The font's cell: every glyph is 10 pixels wide (a monospaced font).
const CHAR_W: u32 = 10;
const LINE_H: u32 = 22;
/// Space between rows (a rule is drawn in it) and between columns (chars).
const ROW_GAP: u32 = 8;
const COL_GAP: usize = 2;
/// A cell longer than this many lines is cut with "...": one person's row
/// must not take a page.
pub const MAX_CELL_LINES: usize = 4;
const LIGHT_RULE: u8 = 170;

/// A column: its header and its width in characters. When the widths do
/// not add up to the page, they are scaled to fill it (at least 4 each).
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub width: usize,
}

impl Column {
    pub fn new(header: impl Into<String>, width: usize) -> Self {
        Column {
            header: header.into(),
            width,
        }
    }
}

/// A line of the table: a row of cells (one per column; missing cells are
/// empty), or a section's heading across the page.
#[derive(Debug, Clone)]
pub enum Line {
    Row(Vec<String>),
    Section(String),
}

#[derive(Debug, Clone)]
pub struct Table {
    /// the first large, on the first page (later pages repeat it small)
    pub title: Vec<String>,
    pub columns: Vec<Column>,
    pub lines: Vec<Line>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {message}")]
pub struct TablePngError {
    pub path: String,
    pub message: String,
}

/// The columns' widths in characters, filling the printable width.
fn widths(columns: &[Column]) -> Vec<usize> {
    let avail = ((PAGE_W - 2 * MARGIN) / CHAR_W) as usize;
    let gaps = COL_GAP * columns.len().saturating_sub(1);
    let room = avail.saturating_sub(gaps);
    let asked: usize = columns.iter().map(|c| c.width.max(1)).sum();
    if asked == 0 {
        return Vec::new();
    }
    let mut w: Vec<usize> = columns.iter().map(|c| (c.width.max(1) * room / asked).max(4)).collect();
    // what rounding left (or the minimums took) goes to or from the widest
    let used: usize = w.iter().sum();
    if let Some(i) = (0..w.len()).max_by_key(|&i| w[i]) {
        w[i] = (w[i] + room).saturating_sub(used).max(4);
    }
    w
}

/// Printable text: control characters (a newline typed into a note) become
/// spaces, so one cell cannot move the lines of another; the punctuation the
/// rest of tourdesk writes and the font lacks (it would be skipped, gluing
/// words together) becomes the nearest ASCII.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c.is_control() => out.push(' '),
            '·' | '—' | '–' => out.push('-'),
            '…' => out.push_str("..."),
            '«' | '»' | '“' | '”' | '„' => out.push('"'),
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `max` characters, "..." marking the cut (the bitmap font has
/// no ellipsis character).
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(3)).collect();
    t.push_str("...");
    t
}

/// Word-wraps `s` into lines of at most `width` characters (a word longer
/// than that is split), at most `max_lines` of them, the last cut with
/// "..." when text remains.
pub fn wrap(s: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in clean(s).split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let cur_len = cur.chars().count();
            let sep = usize::from(cur_len > 0);
            if cur_len + sep + word.len() <= width {
                if sep == 1 {
                    cur.push(' ');
                }
                cur.extend(word.iter());
                break;
            }
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                continue;
            }
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let more = lines.split_off(max_lines);
        if let Some(last) = lines.last_mut() {
            let joined = format!("{last} {}", more.join(" "));
            *last = cut(&joined, width);
        }
    }
    lines
}

/// A line laid out: its cells' text lines (a section has one cell), height.
struct Laid {
    section: bool,
    cells: Vec<Vec<String>>,
    height: u32,
}

fn lay(line: &Line, widths: &[usize]) -> Laid {
    match line {
        Line::Section(text) => {
            let all = ((PAGE_W - 2 * MARGIN) / CHAR_W) as usize;
            Laid {
                section: true,
                cells: vec![vec![cut(clean(text).trim(), all)]],
                height: LINE_H + 2 * ROW_GAP,
            }
        }
        Line::Row(cells) => {
            let cells: Vec<Vec<String>> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| wrap(cells.get(i).map_or("", String::as_str), *w, MAX_CELL_LINES))
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as u32;
            Laid {
                section: false,
                cells,
                height: n * LINE_H + ROW_GAP,
            }
        }
    }
}

/// Where the body starts on page `page` (0-based) and where it must end.
fn body_top(title_lines: usize, page: usize) -> u32 {
    let title = if page == 0 {
        // the first line at twice the size
        2 * LINE_H + 8 + title_lines.saturating_sub(1) as u32 * LINE_H
    } else {
        LINE_H
    };
    MARGIN + title + 16 + LINE_H + ROW_GAP
}

const BODY_BOTTOM: u32 = PAGE_H - MARGIN - LINE_H - 8;

/// Splits the laid-out lines into pages: indices of each page's lines. A
/// section heading goes with the row after it.
fn paginate(laid: &[Laid], title_lines: usize) -> Vec<Vec<usize>> {
    let mut pages: Vec<Vec<usize>> = vec![Vec::new()];
    let mut y = body_top(title_lines, 0);
    for (i, l) in laid.iter().enumerate() {
        let with_next = match laid.get(i + 1) {
            Some(next) if l.section => l.height + next.height,
            _ => l.height,
        };
        let page_empty = pages.last().is_none_or(Vec::is_empty);
        if y + with_next > BODY_BOTTOM && !page_empty {
            pages.push(Vec::new());
            y = body_top(title_lines, pages.len() - 1);
        }
        y += l.height;
        if let Some(p) = pages.last_mut() {
            p.push(i);
        }
    }
    pages
}

/// The table as pages, at least one (a title and header over nothing).
pub fn render_table(t: &Table) -> Vec<GrayImage> {
    let w = widths(&t.columns);
    let laid: Vec<Laid> = t.lines.iter().map(|l| lay(l, &w)).collect();
    let pages = paginate(&laid, t.title.len());
    let n = pages.len();
    pages
        .iter()
        .enumerate()
        .map(|(p, lines)| {
            let mut img = GrayImage::from_pixel(PAGE_W, PAGE_H, Luma([255]));
            let mut pen = Pen::new(&mut img);
            pen.title(&t.title, p, n);
            let mut y = body_top(t.title.len(), p) - LINE_H - ROW_GAP;
            pen.header(&t.columns, &w, y);
            y += LINE_H + ROW_GAP;
            for &i in lines {
                pen.line(&laid[i], &w, y);
                y += laid[i].height;
            }
            img
        })
        .collect()
}

struct Pen<'a> {
    img: &'a mut GrayImage,
    font: FontRenderer,
}

impl<'a> Pen<'a> {
    fn new(img: &'a mut GrayImage) -> Self {
        Pen {
            img,
            font: FontRenderer::new::<Font>().with_ignore_unknown_chars(true),
        }
    }

    /// `text` with its top-left at (x, y) in page pixels, `scale` times the
    /// font's size; bold draws it twice a pixel apart.
    fn text(&mut self, text: &str, x: u32, y: u32, scale: i32, bold: bool) {
        for dx in 0..=i32::from(bold) {
            let mut canvas = Scaled { img: self.img, scale };
            // unknown glyphs are skipped (ignore_unknown_chars): nothing to fail
            let _ = self.font.render(
                text,
                Point::new((x as i32 + dx) / scale, y as i32 / scale),
                VerticalPosition::Top,
                FontColor::Transparent(BinaryColor::On),
                &mut canvas,
            );
        }
    }

    fn rule(&mut self, y: u32, thickness: u32, shade: u8) {
        for yy in y..(y + thickness).min(PAGE_H) {
            for x in MARGIN..PAGE_W - MARGIN {
                self.img.put_pixel(x, yy, Luma([shade]));
            }
        }
    }

    fn title(&mut self, title: &[String], page: usize, pages: usize) {
        let chars = ((PAGE_W - 2 * MARGIN) / CHAR_W) as usize;
        let first = title.first().map(|s| clean(s)).unwrap_or_default();
        if page == 0 {
            self.text(&cut(&first, chars / 2), MARGIN, MARGIN, 2, false);
            let mut y = MARGIN + 2 * LINE_H + 8;
            for line in title.iter().skip(1) {
                self.text(&cut(&clean(line), chars), MARGIN, y, 1, false);
                y += LINE_H;
            }
        } else {
            self.text(&cut(&first, chars), MARGIN, MARGIN, 1, true);
        }
        if pages > 1 {
            let foot = format!("{} / {pages}", page + 1);
            let x = PAGE_W - MARGIN - foot.chars().count() as u32 * CHAR_W;
            self.text(&foot, x, PAGE_H - MARGIN - LINE_H, 1, false);
        }
    }

    fn header(&mut self, columns: &[Column], widths: &[usize], y: u32) {
        let mut x = MARGIN;
        for (c, w) in columns.iter().zip(widths) {
            self.text(&cut(&clean(&c.header), *w), x, y, 1, true);
            x += (*w + COL_GAP) as u32 * CHAR_W;
        }
        self.rule(y + LINE_H + 2, 2, 0);
    }

    fn line(&mut self, l: &Laid, widths: &[usize], y: u32) {
        if l.section {
            let text = l.cells.first().and_then(|c| c.first()).cloned().unwrap_or_default();
            self.text(&text, MARGIN, y + ROW_GAP + 2, 1, true);
            self.rule(y + ROW_GAP + LINE_H + 2, 1, 0);
            return;
        }
        let mut x = MARGIN;
        for (cell, w) in l.cells.iter().zip(widths) {
            for (k, text) in cell.iter().enumerate() {
                self.text(text, x, y + 2 + k as u32 * LINE_H, 1, false);
            }
            x += (*w + COL_GAP) as u32 * CHAR_W;
        }
        self.rule(y + l.height - ROW_GAP / 2, 1, LIGHT_RULE);
    }
}

/// The file of page `page` (1-based) of `pages`: `DIR/STEM.png` for a
/// single page, `DIR/STEM-pN.png` for several.
pub fn page_path(dir: &Path, stem: &str, page: usize, pages: usize) -> PathBuf {
    if pages == 1 {
        dir.join(format!("{stem}.png"))
    } else {
        dir.join(format!("{stem}-p{page}.png"))
    }
}

/// Writes the pages (they name people: mode 0600) and returns their paths.
/// The pages of an earlier, longer list of the same name are removed first,
/// so a printer never picks up a page 3 of yesterday's list.
pub fn write_pages(pages: &[GrayImage], dir: &Path, stem: &str) -> Result<Vec<PathBuf>, TablePngError> {
    let _ = std::fs::remove_file(page_path(dir, stem, 1, 1));
    for k in 1.. {
        let old = page_path(dir, stem, k, 2);
        if std::fs::remove_file(&old).is_err() {
            break;
        }
    }
    let mut paths = Vec::new();
    for (i, img) in pages.iter().enumerate() {
        let path = page_path(dir, stem, i + 1, pages.len());
        let err = |e: &dyn std::fmt::Display| TablePngError {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let file = crate::private::create_file(&path, false).map_err(|e| err(&e))?;
        let mut w = std::io::BufWriter::new(file);
        img.write_to(&mut w, image::ImageFormat::Png).map_err(|e| err(&e))?;
        std::io::Write::flush(&mut w).map_err(|e| err(&e))?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
#[path = "table_png_tests.rs"]
mod tests;
