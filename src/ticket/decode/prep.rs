//! Greyscale preprocessing steps of the fallback chain. Each returns a new
//! image; none allocates more than a few copies of the input.

use image::GrayImage;

pub fn invert(g: &GrayImage) -> GrayImage {
    let mut out = g.clone();
    for v in out.iter_mut() {
        *v = 255 - *v;
    }
    out
}

/// Local-mean threshold: a pixel is dark when it is darker than the mean of
/// the square window around it by more than `offset` grey levels. Unlike
/// rqrr's own one-dimensional running average, the window is two-dimensional,
/// which copes with shadows edges and gradients across the code.
pub fn local_mean(g: &GrayImage, radius: usize, offset: i64) -> Vec<bool> {
    let (w, h) = (g.width() as usize, g.height() as usize);
    let stride = w + 1;
    // summed-area table with a zero first row and column
    let mut sat = vec![0u64; stride * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(g.as_raw()[y * w + x]);
            sat[(y + 1) * stride + x + 1] = sat[y * stride + x + 1] + row;
        }
    }
    let mut out = vec![false; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let sum = sat[y1 * stride + x1] + sat[y0 * stride + x0] - sat[y0 * stride + x1] - sat[y1 * stride + x0];
            let area = ((y1 - y0) * (x1 - x0)) as i64;
            let v = i64::from(g.as_raw()[y * w + x]);
            out[y * w + x] = v * area < sum as i64 - offset * area;
        }
    }
    out
}

/// Bilinear 2× upscale: rqrr needs about two pixels per module to trace the
/// finder patterns; interpolating gives it that on tiny codes.
pub fn upscale2(g: &GrayImage) -> GrayImage {
    let (w, h) = (g.width(), g.height());
    let src = g.as_raw();
    let at = |x: u32, y: u32| f32::from(src[(y.min(h - 1) * w + x.min(w - 1)) as usize]);
    GrayImage::from_fn(w * 2, h * 2, |x, y| {
        // centre of the output pixel in input coordinates
        let fx = ((x as f32 + 0.5) / 2.0 - 0.5).max(0.0);
        let fy = ((y as f32 + 0.5) / 2.0 - 0.5).max(0.0);
        let (x0, y0) = (fx as u32, fy as u32);
        let (tx, ty) = (fx.fract(), fy.fract());
        let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
        let bot = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
        image::Luma([(top * (1.0 - ty) + bot * ty).round() as u8])
    })
}

/// Box-average downscale by an integer factor: large photos get cheaper, and
/// averaging cancels some sensor noise.
pub fn downscale(g: &GrayImage, factor: u32) -> GrayImage {
    let f = factor.max(1);
    let (w, h) = ((g.width() / f).max(1), (g.height() / f).max(1));
    let src = g.as_raw();
    let sw = g.width() as usize;
    GrayImage::from_fn(w, h, |x, y| {
        let mut sum = 0u32;
        for yy in y * f..(y * f + f).min(g.height()) {
            for xx in x * f..(x * f + f).min(g.width()) {
                sum += u32::from(src[yy as usize * sw + xx as usize]);
            }
        }
        image::Luma([(sum / (f * f)) as u8])
    })
}

/// Immerkær's fast estimate of the standard deviation of white noise, in
/// grey levels: the mean absolute response to a Laplacian-difference mask,
/// which cancels smooth shading and most edges.
pub fn noise_sigma(g: &GrayImage) -> f64 {
    let (w, h) = (g.width() as usize, g.height() as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let p = g.as_raw();
    let mut sum = 0u64;
    for y in 1..h - 1 {
        let (up, row, down) = (
            &p[(y - 1) * w..y * w],
            &p[y * w..(y + 1) * w],
            &p[(y + 1) * w..(y + 2) * w],
        );
        for x in 1..w - 1 {
            let corners = i32::from(up[x - 1]) + i32::from(up[x + 1]) + i32::from(down[x - 1]) + i32::from(down[x + 1]);
            let sides = i32::from(up[x]) + i32::from(down[x]) + i32::from(row[x - 1]) + i32::from(row[x + 1]);
            sum += u64::from((corners - 2 * sides + 4 * i32::from(row[x])).unsigned_abs());
        }
    }
    sum as f64 * (std::f64::consts::PI / 2.0).sqrt() / (6.0 * ((w - 2) * (h - 2)) as f64)
}

/// Separable Gaussian blur (edges clamped).
pub fn gaussian(g: &GrayImage, sigma: f32) -> GrayImage {
    let r = (sigma * 3.0).ceil().max(1.0) as isize;
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let norm: f32 = k.iter().sum();
    let (w, h) = (g.width() as isize, g.height() as isize);
    let src = g.as_raw();
    let mut tmp = vec![0f32; src.len()];
    for y in 0..h {
        for x in 0..w {
            let acc: f32 = (-r..=r)
                .map(|d| k[(d + r) as usize] * f32::from(src[(y * w + (x + d).clamp(0, w - 1)) as usize]))
                .sum();
            tmp[(y * w + x) as usize] = acc / norm;
        }
    }
    GrayImage::from_fn(w as u32, h as u32, |x, y| {
        let (x, y) = (x as isize, y as isize);
        let acc: f32 = (-r..=r)
            .map(|d| k[(d + r) as usize] * tmp[((y + d).clamp(0, h - 1) * w + x) as usize])
            .sum();
        image::Luma([(acc / norm).round().clamp(0.0, 255.0) as u8])
    })
}

/// Unsharp mask: adds back `amount` times the detail a Gaussian of `sigma`
/// removes, steepening the module edges a defocused lens smeared.
pub fn unsharp(g: &GrayImage, sigma: f32, amount: f32) -> GrayImage {
    let smooth = gaussian(g, sigma);
    let mut out = g.clone();
    for (o, s) in out.iter_mut().zip(smooth.iter()) {
        let v = f32::from(*o);
        *o = (v + amount * (v - f32::from(*s))).round().clamp(0.0, 255.0) as u8;
    }
    out
}
