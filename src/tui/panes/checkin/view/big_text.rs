//! Big letters in Unicode blocks from the u8g2 bitmap fonts the tickets
//! already use: they have Cyrillic, which tui-big-text's font8x8 lacks. A
//! line is drawn into a one-bit bitmap, then each 2×2 (quadrant) or 1×2
//! (half block) patch of pixels becomes one character cell.

use embedded_graphics_core::Pixel;
use embedded_graphics_core::pixelcolor::BinaryColor;
use embedded_graphics_core::prelude::{DrawTarget, OriginDimensions, Point, Size as PxSize};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use u8g2_fonts::FontRenderer;
use u8g2_fonts::fonts::{u8g2_font_6x13B_t_cyrillic, u8g2_font_10x20_t_cyrillic, u8g2_font_inr24_t_cyrillic};
use u8g2_fonts::types::{FontColor, VerticalPosition};

/// The fonts, all with Latin and Cyrillic capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Inconsolata 24 px: strokes two to three pixels wide
    Inconsolata24,
    /// the X11 10×20: two-pixel vertical strokes
    Fixed10x20,
    /// the X11 6×13 bold
    Fixed6x13Bold,
}

impl Font {
    fn renderer(self) -> FontRenderer {
        match self {
            Font::Inconsolata24 => FontRenderer::new::<u8g2_font_inr24_t_cyrillic>(),
            Font::Fixed10x20 => FontRenderer::new::<u8g2_font_10x20_t_cyrillic>(),
            Font::Fixed6x13Bold => FontRenderer::new::<u8g2_font_6x13B_t_cyrillic>(),
        }
    }

    /// Pixels added between letters: 6×13 bold fills its whole advance, so
    /// its letters would touch.
    fn tracking(self) -> i32 {
        match self {
            Font::Fixed6x13Bold => 1,
            _ => 0,
        }
    }
}

/// Pixels per character cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    /// 2×2 pixels: ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█
    Quadrant,
    /// 1×2 pixels: ▀▄█ — twice as wide, and bolder
    Half,
}

impl Cells {
    fn px_wide(self) -> i32 {
        match self {
            Cells::Quadrant => 2,
            Cells::Half => 1,
        }
    }
}

/// A font drawn with one kind of cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub font: Font,
    pub cells: Cells,
}

/// Tallest first, then widest. Per capital letter, in cells (columns × rows):
/// Inconsolata 24 quadrant ≈ 10×13, 10×20 half 10×7, 10×20 quadrant 5×7,
/// 6×13 bold half 7×5, 6×13 bold quadrant 3.5×5. The thin-stroked 7×13 and
/// 9×15 are left out: at the same height the bold 6×13 reads better from two
/// metres.
pub const SIZES: [Size; 5] = [
    Size {
        font: Font::Inconsolata24,
        cells: Cells::Quadrant,
    },
    Size {
        font: Font::Fixed10x20,
        cells: Cells::Half,
    },
    Size {
        font: Font::Fixed10x20,
        cells: Cells::Quadrant,
    },
    Size {
        font: Font::Fixed6x13Bold,
        cells: Cells::Half,
    },
    Size {
        font: Font::Fixed6x13Bold,
        cells: Cells::Quadrant,
    },
];

/// Empty rows between two lines of big letters.
const LINE_GAP: u16 = 1;

/// One line laid out in pixels relative to its baseline: each letter's pen
/// position and the box its ink covers (`right` and `bottom` exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Laid {
    pens: Vec<(char, i32)>,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

/// `None` when the font lacks a letter or the text has no ink.
fn lay(font: Font, text: &str) -> Option<Laid> {
    let r = font.renderer();
    let mut pens = Vec::new();
    let (mut left, mut right, mut top, mut bottom) = (i32::MAX, i32::MIN, i32::MAX, i32::MIN);
    let mut pen = 0;
    for ch in text.chars() {
        let d = r
            .get_rendered_dimensions(ch, Point::new(pen, 0), VerticalPosition::Baseline)
            .ok()?;
        if let Some(b) = d.bounding_box {
            let (w, h) = (i32::try_from(b.size.width).ok()?, i32::try_from(b.size.height).ok()?);
            left = left.min(b.top_left.x);
            right = right.max(b.top_left.x + w);
            top = top.min(b.top_left.y);
            bottom = bottom.max(b.top_left.y + h);
            pens.push((ch, pen));
        }
        pen += d.advance.x + font.tracking();
    }
    (right > left && bottom > top).then_some(Laid {
        pens,
        left,
        right,
        top,
        bottom,
    })
}

fn cells(px: i32, per_cell: i32) -> u16 {
    u16::try_from((px.max(0) + per_cell - 1) / per_cell).unwrap_or(u16::MAX)
}

/// Columns `text` takes in `size`; `None` when the font lacks a letter.
pub fn width(size: Size, text: &str) -> Option<u16> {
    lay(size.font, text).map(|l| cells(l.right - l.left, size.cells.px_wide()))
}

/// Lines of big letters, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BigText {
    pub size: Size,
    pub lines: Vec<String>,
    laid: Vec<Laid>,
    /// the ink's rows relative to the baseline, the same for every line
    top: i32,
    bottom: i32,
    style: Style,
}

impl BigText {
    /// `None` when the font lacks a letter or a line has no ink.
    pub fn new(size: Size, lines: Vec<String>) -> Option<Self> {
        let laid = lines.iter().map(|l| lay(size.font, l)).collect::<Option<Vec<_>>>()?;
        let top = laid.iter().map(|l| l.top).min()?;
        let bottom = laid.iter().map(|l| l.bottom).max()?;
        Some(BigText {
            size,
            lines,
            laid,
            top,
            bottom,
            style: Style::new(),
        })
    }

    /// The letters' colours (the background shows through their gaps).
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    fn line_rows(&self) -> u16 {
        cells(self.bottom - self.top, 2)
    }

    /// Columns of the widest line.
    pub fn width(&self) -> u16 {
        let px = self.size.cells.px_wide();
        self.laid.iter().map(|l| cells(l.right - l.left, px)).max().unwrap_or(0)
    }

    /// Rows of all the lines, with a gap between two.
    pub fn height(&self) -> u16 {
        let n = u16::try_from(self.laid.len()).unwrap_or(u16::MAX);
        self.line_rows()
            .saturating_add(LINE_GAP)
            .saturating_mul(n)
            .saturating_sub(LINE_GAP)
    }

    /// A line's pixels, `bits[y][x]`, its ink box from the block's top.
    fn bitmap(&self, l: &Laid) -> Bitmap {
        let mut bm = Bitmap::new(l.right - l.left, self.bottom - self.top);
        let r = self.size.font.renderer();
        for &(ch, pen) in &l.pens {
            // the letters were measured by this font: drawing them cannot fail
            let _ = r.render(
                ch,
                Point::new(pen - l.left, -self.top),
                VerticalPosition::Baseline,
                FontColor::Transparent(BinaryColor::On),
                &mut bm,
            );
        }
        bm
    }
}

const QUADRANTS: [&str; 16] = [
    " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
];
const HALVES: [&str; 4] = [" ", "▀", "▄", "█"];

/// Each line centred in `area`; what does not fit is cut.
impl Widget for &BigText {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let rows = self.line_rows();
        for (i, l) in self.laid.iter().enumerate() {
            let bm = self.bitmap(l);
            let px = self.size.cells.px_wide();
            let cols = cells(bm.width, px);
            let x0 = area.x + area.width.saturating_sub(cols) / 2;
            let y0 = area
                .y
                .saturating_add((rows + LINE_GAP).saturating_mul(u16::try_from(i).unwrap_or(u16::MAX)));
            for row in 0..rows {
                for col in 0..cols {
                    let (x, y) = (x0.saturating_add(col), y0.saturating_add(row));
                    if x >= area.right() || y >= area.bottom() {
                        continue;
                    }
                    let (px_x, px_y) = (i32::from(col) * px, i32::from(row) * 2);
                    let symbol = match self.size.cells {
                        Cells::Quadrant => {
                            let bits = usize::from(bm.on(px_x, px_y))
                                | usize::from(bm.on(px_x + 1, px_y)) << 1
                                | usize::from(bm.on(px_x, px_y + 1)) << 2
                                | usize::from(bm.on(px_x + 1, px_y + 1)) << 3;
                            QUADRANTS[bits]
                        }
                        Cells::Half => HALVES[usize::from(bm.on(px_x, px_y)) | usize::from(bm.on(px_x, px_y + 1)) << 1],
                    };
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_symbol(symbol).set_style(self.style);
                    }
                }
            }
        }
    }
}

/// A one-bit canvas for the u8g2 renderer; pixels outside are dropped.
struct Bitmap {
    width: i32,
    height: i32,
    on: Vec<bool>,
}

impl Bitmap {
    fn new(width: i32, height: i32) -> Self {
        let (width, height) = (width.max(0), height.max(0));
        Bitmap {
            width,
            height,
            on: vec![false; usize::try_from(width * height).unwrap_or(0)],
        }
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        ((0..self.width).contains(&x) && (0..self.height).contains(&y))
            .then(|| usize::try_from(y * self.width + x).ok())
            .flatten()
    }

    fn on(&self, x: i32, y: i32) -> bool {
        self.index(x, y).is_some_and(|i| self.on[i])
    }
}

impl OriginDimensions for Bitmap {
    fn size(&self) -> PxSize {
        PxSize::new(self.width.unsigned_abs(), self.height.unsigned_abs())
    }
}

impl DrawTarget for Bitmap {
    type Color = BinaryColor;
    type Error = std::convert::Infallible;

    fn draw_iter<I: IntoIterator<Item = Pixel<BinaryColor>>>(&mut self, pixels: I) -> Result<(), Self::Error> {
        for Pixel(p, c) in pixels {
            if let Some(i) = self.index(p.x, p.y)
                && c.is_on()
            {
                self.on[i] = true;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOLD_QUADRANT: Size = Size {
        font: Font::Fixed6x13Bold,
        cells: Cells::Quadrant,
    };
    const FIXED_HALF: Size = Size {
        font: Font::Fixed10x20,
        cells: Cells::Half,
    };

    fn drawn(big: &BigText, w: u16, h: u16) -> Vec<String> {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        big.render(buf.area, &mut buf);
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect()
    }

    #[test]
    fn a_letter_in_quadrants() {
        // 6×13 bold Н: two 2-pixel stems, a bar on the fifth of nine rows
        let big = BigText::new(BOLD_QUADRANT, vec!["Н".into()]).unwrap();
        assert_eq!((big.width(), big.height()), (3, 5));
        assert_eq!(drawn(&big, 3, 5), ["█ █", "█ █", "█▀█", "█ █", "▀ ▀"]);
    }

    #[test]
    fn a_letter_in_half_blocks() {
        // one pixel a column: the stems are two columns wide
        let big = BigText::new(
            Size {
                font: Font::Fixed6x13Bold,
                cells: Cells::Half,
            },
            vec!["Н".into()],
        )
        .unwrap();
        assert_eq!(drawn(&big, 6, 5), ["██  ██", "██  ██", "██▀▀██", "██  ██", "▀▀  ▀▀"]);
    }

    #[test]
    fn widths_and_heights_in_cells() {
        // 10×20: capitals 8 pixels wide on a 10-pixel pitch, 13 tall
        assert_eq!(width(FIXED_HALF, "ADMITTED"), Some(7 * 10 + 8));
        assert_eq!(
            width(
                Size {
                    cells: Cells::Quadrant,
                    ..FIXED_HALF
                },
                "ADMITTED"
            ),
            Some(39)
        );
        // 6×13 bold: 6 pixels on a 6-pixel pitch, spaced by one more
        assert_eq!(width(BOLD_QUADRANT, "ADMITTED"), Some((7 * 7 + 6_u16).div_ceil(2)));
        let one = BigText::new(FIXED_HALF, vec!["ADMITTED".into()]).unwrap();
        assert_eq!(one.height(), 7, "13 pixels in 2-pixel rows");
        let two = BigText::new(FIXED_HALF, vec!["ALREADY".into(), "CHECKED IN".into()]).unwrap();
        assert_eq!(two.height(), 7 + LINE_GAP + 7);
        assert_eq!(two.width(), width(FIXED_HALF, "CHECKED IN").unwrap());
    }

    #[test]
    fn cyrillic_in_every_size() {
        for size in SIZES {
            let big = BigText::new(size, vec!["ПРОХОДИТЕ".into(), "УЖЕ ОТМЕЧЕН".into()]).unwrap();
            let latin = BigText::new(size, vec!["ADMITTED".into()]).unwrap();
            assert!(big.height() > 2 * latin.height(), "Д hangs below the line: {size:?}");
            let text = drawn(&big, big.width(), big.height()).concat();
            let ink = text.chars().filter(|c| *c != ' ').count();
            assert!(ink > text.chars().count() / 5, "{size:?}: {text}");
        }
    }

    #[test]
    fn letters_the_fonts_lack() {
        assert_eq!(width(FIXED_HALF, "日"), None);
        assert_eq!(BigText::new(FIXED_HALF, vec!["A日".into()]), None);
        assert_eq!(BigText::new(FIXED_HALF, vec![" ".into()]), None);
    }

    #[test]
    fn centred_and_cut_to_the_area() {
        let big = BigText::new(BOLD_QUADRANT, vec!["Н".into()]).unwrap();
        assert_eq!(drawn(&big, 7, 2), ["  █ █  ", "  █ █  "]);
        assert_eq!(drawn(&big, 2, 1), ["█ "]);
    }
}
