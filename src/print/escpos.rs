//! ESC/POS commands as bytes: a small builder, no I/O. Only what tourdesk
//! prints uses — text in CP866, alignment, emphasis, size, feed, cut, the
//! drawer kick, a QR either native (`GS ( k`, model 2) or as a raster
//! bitmap (`GS v 0`) for printers without the QR command.
//!
//! Our own builder rather than the `escpos` crate: that crate couples the
//! commands to its drivers (I/O in the builder), encodes text through
//! encoding_rs and its own page tables, and brings `image` versions and
//! features of its own; what we need is ~15 commands, each a few fixed
//! bytes, and the tests decode every one of them back anyway.

use super::cp866;
use crate::ticket::render::{self, RenderError};

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;

/// `ESC t n` for CP866 on Epson and most compatibles (PC866 Cyrillic #2);
/// a printer that numbers its pages otherwise says so in the setting
/// (`?cp866=N`, see `Printer`).
pub const CP866_PAGE: u8 = 17;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left = 0,
    Center = 1,
    Right = 2,
}

/// Bytes for one print job.
#[derive(Debug, Default)]
pub struct EscPos {
    buf: Vec<u8>,
}

impl EscPos {
    /// `ESC @` (reset) and `ESC t n`: `page` is this printer's number for
    /// CP866 (17 on Epson and most compatibles).
    pub fn new(page: u8) -> EscPos {
        let mut p = EscPos::default();
        p.buf.extend_from_slice(&[ESC, b'@', ESC, b't', page]);
        p
    }

    pub fn align(&mut self, a: Align) -> &mut Self {
        self.buf.extend_from_slice(&[ESC, b'a', a as u8]);
        self
    }

    pub fn bold(&mut self, on: bool) -> &mut Self {
        self.buf.extend_from_slice(&[ESC, b'E', u8::from(on)]);
        self
    }

    /// `GS ! n`: character width and height, 1 to 8 times.
    pub fn size(&mut self, width: u8, height: u8) -> &mut Self {
        let (w, h) = (width.clamp(1, 8) - 1, height.clamp(1, 8) - 1);
        self.buf.extend_from_slice(&[GS, b'!', (w << 4) | h]);
        self
    }

    /// One line of text in CP866, then LF.
    pub fn line(&mut self, text: &str) -> &mut Self {
        self.buf.extend_from_slice(&cp866::encode(text));
        self.buf.push(b'\n');
        self
    }

    /// `ESC d n`: print and feed n lines.
    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.buf.extend_from_slice(&[ESC, b'd', lines]);
        self
    }

    /// `GS V 66 0`: feed to the cutter and cut (partially, where it can).
    pub fn cut(&mut self) -> &mut Self {
        self.buf.extend_from_slice(&[GS, b'V', 66, 0]);
        self
    }

    /// `ESC p 0 25 250`: a pulse on drawer pin 2 (50 ms on, 500 ms off).
    pub fn kick(&mut self) -> &mut Self {
        self.buf.extend_from_slice(&[ESC, b'p', 0, 25, 250]);
        self
    }

    /// The QR printed by the printer itself (`GS ( k`, model 2, error
    /// correction M as on the PNG), `module` dots per module (1 to 16).
    pub fn qr_native(&mut self, code: &str, module: u8) -> &mut Self {
        let fun = |buf: &mut Vec<u8>, body: &[u8]| {
            let len = u16::try_from(body.len()).unwrap_or(u16::MAX);
            buf.extend_from_slice(&[GS, b'(', b'k']);
            buf.extend_from_slice(&len.to_le_bytes());
            buf.extend_from_slice(body);
        };
        fun(&mut self.buf, &[49, 65, 50, 0]); // model 2
        fun(&mut self.buf, &[49, 67, module.clamp(1, 16)]); // module size
        fun(&mut self.buf, &[49, 69, 49]); // error correction M
        let mut store = vec![49, 80, 48];
        store.extend_from_slice(code.as_bytes());
        fun(&mut self.buf, &store);
        fun(&mut self.buf, &[49, 81, 48]); // print it
        self
    }

    /// The same QR drawn here as a bitmap (`GS v 0`), `module` dots per
    /// module, with a quiet zone of 4 modules.
    pub fn qr_raster(&mut self, code: &str, module: u32) -> Result<&mut Self, RenderError> {
        let (modules, dark) = render::qr_modules(code)?;
        let quiet = 4;
        let side = (modules + 2 * quiet) * module;
        let row_bytes = side.div_ceil(8);
        let mut bits = vec![0u8; (row_bytes * side) as usize];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / module).wrapping_sub(quiet), (y / module).wrapping_sub(quiet));
                if mx < modules && my < modules && dark[(my * modules + mx) as usize] {
                    bits[(y * row_bytes + x / 8) as usize] |= 0x80 >> (x % 8);
                }
            }
        }
        Ok(self.raster(row_bytes as u16, side as u16, &bits))
    }

    /// `GS v 0`: a bitmap of `row_bytes` × 8 dots by `rows`, MSB first, 1 black.
    pub fn raster(&mut self, row_bytes: u16, rows: u16, bits: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(&[GS, b'v', b'0', 0]);
        self.buf.extend_from_slice(&row_bytes.to_le_bytes());
        self.buf.extend_from_slice(&rows.to_le_bytes());
        self.buf.extend_from_slice(bits);
        self
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_the_documented_bytes() {
        let mut p = EscPos::new(CP866_PAGE);
        p.align(Align::Center).bold(true).size(2, 2).line("Ё").kick().cut();
        assert_eq!(
            p.into_bytes(),
            [
                0x1B, b'@', 0x1B, b't', 17, 0x1B, b'a', 1, 0x1B, b'E', 1, 0x1D, b'!', 0x11, 0xF0, b'\n', 0x1B, b'p', 0,
                25, 250, 0x1D, b'V', 66, 0
            ]
        );
    }

    #[test]
    fn a_native_qr_stores_the_code_with_its_length() {
        let mut p = EscPos::default();
        p.qr_native("TD1ABC", 6);
        let b = p.into_bytes();
        let store = [0x1D, b'(', b'k', 9, 0, 49, 80, 48, b'T', b'D', b'1', b'A', b'B', b'C'];
        assert!(b.windows(store.len()).any(|w| w == store), "{b:?}");
    }
}
