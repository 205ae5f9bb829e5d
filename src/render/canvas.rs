//! A grey image as an embedded-graphics target: what the u8g2 bitmap fonts
//! draw on, for tickets (ticket::render) and tables (table_png).

use embedded_graphics_core::Pixel;
use embedded_graphics_core::pixelcolor::BinaryColor;
use embedded_graphics_core::prelude::{DrawTarget, OriginDimensions, Size};
use image::{GrayImage, Luma};

/// Draws `scale`×`scale` pixels per font pixel, clipped to the image.
pub struct Scaled<'a> {
    pub img: &'a mut GrayImage,
    pub scale: i32,
}

impl OriginDimensions for Scaled<'_> {
    fn size(&self) -> Size {
        Size::new(
            self.img.width() / self.scale as u32,
            self.img.height() / self.scale as u32,
        )
    }
}

impl DrawTarget for Scaled<'_> {
    type Color = BinaryColor;
    type Error = std::convert::Infallible;

    fn draw_iter<I: IntoIterator<Item = Pixel<BinaryColor>>>(&mut self, pixels: I) -> Result<(), Self::Error> {
        let (w, h) = (self.img.width() as i32, self.img.height() as i32);
        for Pixel(p, c) in pixels {
            let v = if c.is_on() { 0 } else { 255 };
            for dy in 0..self.scale {
                for dx in 0..self.scale {
                    let (x, y) = (p.x * self.scale + dx, p.y * self.scale + dy);
                    if (0..w).contains(&x) && (0..h).contains(&y) {
                        self.img.put_pixel(x as u32, y as u32, Luma([v]));
                    }
                }
            }
        }
        Ok(())
    }
}
