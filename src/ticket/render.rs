//! A ticket as a printable PNG and as a QR in Unicode blocks for the terminal.

use crate::render::canvas::Scaled;
use embedded_graphics_core::pixelcolor::BinaryColor;
use embedded_graphics_core::prelude::Point;
use image::{GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};
use std::path::Path;
use u8g2_fonts::FontRenderer;
use u8g2_fonts::fonts::u8g2_font_10x20_t_cyrillic as Font;
use u8g2_fonts::types::{FontColor, VerticalPosition};

/// Pixels per QR module on the PNG: well above the 4 a phone or a scanner
/// needs when the ticket is printed at 100 %.
pub const MODULE_PX: u32 = 8;
const QUIET_MODULES: u32 = 4;
const WIDTH: u32 = 640;
const MARGIN: i32 = 24;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the ticket code does not fit a QR code: {0}")]
    Qr(#[from] qrcode::types::QrError),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: image::ImageError },
}

/// The text printed under the QR code.
#[derive(Debug, Clone)]
pub struct TicketText {
    /// e.g. "TD-7KX9PQ"
    pub booking_number: String,
    /// the participant, or "Group: 3 people"
    pub holder: String,
    pub tour: String,
    /// already in the departure's time zone, e.g. "Tue 24 Nov 2026 07:30 (Asia/Kamchatka)"
    pub when: String,
    pub meeting_point: String,
}

fn qr(code: &str) -> Result<QrCode, RenderError> {
    Ok(QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M)?)
}

/// The ticket's QR as modules (width, then row by row, true = dark), the
/// same symbol the PNG draws: for printers that take a bitmap (print::escpos).
pub fn qr_modules(code: &str) -> Result<(u32, Vec<bool>), RenderError> {
    let qr = qr(code)?;
    let dark = qr.to_colors().into_iter().map(|c| c == Color::Dark).collect();
    Ok((qr.width() as u32, dark))
}

/// The ticket picture: the QR with its quiet zone, then booking number and
/// holder large, tour, time and meeting point below.
pub fn ticket_png(code: &str, text: &TicketText) -> Result<GrayImage, RenderError> {
    let qr = qr(code)?;
    let modules = qr.width() as u32;
    let side = (modules + 2 * QUIET_MODULES) * MODULE_PX;
    let lines: [(&str, i32); 5] = [
        (&text.booking_number, 2),
        (&text.holder, 2),
        (&text.tour, 1),
        (&text.when, 1),
        (&text.meeting_point, 1),
    ];
    let text_h: i32 = lines
        .iter()
        .filter(|(s, _)| !s.is_empty())
        .map(|(_, k)| 24 * k + 6)
        .sum();
    let height = side + text_h as u32 + MARGIN as u32;
    let mut img = GrayImage::from_pixel(WIDTH.max(side), height, Luma([255]));
    let x0 = (img.width() - side) / 2;
    let colors = qr.to_colors();
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (mx, my) = (i as u32 % modules, i as u32 / modules);
            let px = x0 + (mx + QUIET_MODULES) * MODULE_PX;
            let py = (my + QUIET_MODULES) * MODULE_PX;
            for y in py..py + MODULE_PX {
                for x in px..px + MODULE_PX {
                    img.put_pixel(x, y, Luma([0]));
                }
            }
        }
    }
    let mut y = side as i32;
    let font = FontRenderer::new::<Font>().with_ignore_unknown_chars(true);
    for (line, scale) in lines {
        if line.is_empty() {
            continue;
        }
        let max_chars = ((img.width() as i32 - 2 * MARGIN) / (10 * scale)) as usize;
        let line = fit(line, max_chars);
        let mut canvas = Scaled { img: &mut img, scale };
        // Unknown glyphs are skipped (ignore_unknown_chars), so rendering cannot fail here.
        let _ = font.render(
            line.as_str(),
            Point::new(MARGIN / scale, y / scale),
            VerticalPosition::Top,
            FontColor::Transparent(BinaryColor::On),
            &mut canvas,
        );
        y += 24 * scale + 6;
    }
    Ok(img)
}

/// Writes a ticket (it names a person) as a PNG file of mode 0600.
pub fn write_png(img: &GrayImage, path: &Path) -> Result<(), RenderError> {
    let err = |source| RenderError::Write {
        path: path.display().to_string(),
        source,
    };
    let file = crate::private::create_file(path, false)
        .map_err(|e| err(image::ImageError::IoError(std::io::Error::other(e.to_string()))))?;
    let mut w = std::io::BufWriter::new(file);
    img.write_to(&mut w, image::ImageFormat::Png).map_err(err)?;
    std::io::Write::flush(&mut w).map_err(|e| err(image::ImageError::IoError(e)))
}

fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        // the bitmap font has no ellipsis character
        let mut t: String = s.chars().take(max.saturating_sub(3)).collect();
        t.push_str("...");
        t
    }
}

/// The QR in Unicode half blocks (two modules per character cell), dark on
/// light with the quiet zone, for a customer to photograph off the screen.
pub fn ticket_unicode(code: &str) -> Result<String, RenderError> {
    ticket_unicode_with_margin(code, QUIET_MODULES)
}

/// [`ticket_unicode`] with a quiet zone of `modules` on each side. Light
/// modules are the block glyphs, so the quiet zone is drawn too: the terminal
/// background around the code is dark. Two modules still scan well.
pub fn ticket_unicode_with_margin(code: &str, modules: u32) -> Result<String, RenderError> {
    Ok(blocks(&qr(code)?, modules))
}

/// The quiet zones (modules) the terminal QR may have, widest first: below
/// two, phones start to miss it.
pub const FIT_MARGINS: [u32; 3] = [QUIET_MODULES, 3, 2];

/// The QR as large as fits in `cols`×`rows` character cells: two cells per
/// module across (a module one cell high) when there is room for that, else
/// two modules per cell; each with the widest quiet zone of [`FIT_MARGINS`]
/// that fits. `Ok(None)` when even the smallest does not fit.
pub fn ticket_unicode_fit(code: &str, cols: u16, rows: u16) -> Result<Option<String>, RenderError> {
    let qr = qr(code)?;
    let (cols, rows) = (cols as u32, rows as u32);
    for scale in [2, 1] {
        for m in FIT_MARGINS {
            let side = qr.width() as u32 + 2 * m;
            if side * scale <= cols && (side * scale).div_ceil(2) <= rows {
                return Ok(Some(blocks_scaled(&qr, m, scale)));
            }
        }
    }
    Ok(None)
}

fn blocks(qr: &QrCode, margin: u32) -> String {
    blocks_scaled(qr, margin, 1)
}

/// Half blocks, each module `scale`×`scale` half blocks.
fn blocks_scaled(qr: &QrCode, margin: u32, scale: u32) -> String {
    use qrcode::render::{Renderer, unicode::Dense1x2};
    let colors = qr.to_colors();
    Renderer::<Dense1x2>::new(&colors, qr.width(), margin)
        .module_dimensions(scale, scale)
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code as long as a real ticket's, in its alphabet (base32).
    const CODE: &str = concat!(
        "TD1",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "ABCDEFGH"
    );

    #[cfg(unix)]
    #[test]
    fn a_ticket_png_is_written_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("tourdesk-png-{}", uuid::Uuid::now_v7().simple()));
        crate::private::private_dir(&dir).unwrap();
        let file = dir.join("TD-1-0.png");
        let img = ticket_png(
            CODE,
            &TicketText {
                booking_number: "TD-1".into(),
                holder: "Olga Private".into(),
                tour: "Volcano".into(),
                when: "today".into(),
                meeting_point: String::new(),
            },
        )
        .unwrap();
        write_png(&img, &file).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&file), 0o600);
        // a reprint over a file others could read closes it up
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_png(&img, &file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(image::open(&file).is_ok(), "still a PNG");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn size(s: &str) -> (usize, usize) {
        let w = s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        (w, s.lines().count())
    }

    #[test]
    fn the_margin_is_what_was_asked() {
        assert_eq!(CODE.len(), crate::ticket::payload::CODE_LEN);
        let four = ticket_unicode(CODE).unwrap();
        assert_eq!(size(&four), (49, 25));
        let two = ticket_unicode_with_margin(CODE, 2).unwrap();
        assert_eq!(size(&two), (45, 23));
        // the quiet zone is light: full blocks, not the terminal's background
        assert!(two.lines().next().unwrap().chars().all(|c| c == '█'));
        // the same modules inside either zone
        let inner =
            |s: &str, m: usize| -> Vec<String> { s.lines().map(|l| l.chars().skip(m).take(41).collect()).collect() };
        assert_eq!(inner(&four, 4)[2..22], inner(&two, 2)[1..21]);
    }

    #[test]
    fn fit_takes_the_widest_zone_that_fits() {
        let fit = |w, h| size(&ticket_unicode_fit(CODE, w, h).unwrap().unwrap());
        assert_eq!(fit(80, 24), (47, 24)); // 3 modules
        assert_eq!(fit(80, 30), (49, 25));
        assert_eq!(fit(80, 23), (45, 23));
        // twice as large where it fits
        assert_eq!(fit(200, 50), (98, 49));
        assert_eq!(fit(200, 47), (94, 47));
        assert!(ticket_unicode_fit(CODE, 80, 22).unwrap().is_none());
        assert!(ticket_unicode_fit(CODE, 44, 50).unwrap().is_none());
    }
}
