//! A deterministic generator of distorted "photos" of a ticket QR code, for
//! the test suite and `tourdesk bench decode`. Each photo is 1280×960: the QR
//! (level M, 4-module quiet zone) on a card lying on a textured background,
//! seen by a slightly tilted hand-held camera, with one kind of damage drawn
//! at a severity from the seed. Severity ranges run from easy to beyond what
//! any decoder reads, so decoders are compared over the whole range.

mod scene;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, RgbImage};
use qrcode::{Color, EcLevel, QrCode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use scene::{Homography, Mix, Plane};
use std::f64::consts::PI;

pub const WIDTH: u32 = 1280;
pub const HEIGHT: u32 = 960;
const QUIET: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Clean,
    SmallModules,
    Rotation,
    Perspective,
    Blur,
    Noise,
    LowContrast,
    UnevenLight,
    Jpeg,
    Inverted,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Clean,
        Kind::SmallModules,
        Kind::Rotation,
        Kind::Perspective,
        Kind::Blur,
        Kind::Noise,
        Kind::LowContrast,
        Kind::UnevenLight,
        Kind::Jpeg,
        Kind::Inverted,
    ];

    /// Stable name, used in file names and reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Clean => "clean",
            Kind::SmallModules => "small_modules",
            Kind::Rotation => "rotation",
            Kind::Perspective => "perspective",
            Kind::Blur => "blur",
            Kind::Noise => "noise",
            Kind::LowContrast => "low_contrast",
            Kind::UnevenLight => "uneven_light",
            Kind::Jpeg => "jpeg",
            Kind::Inverted => "inverted",
        }
    }
}

/// A realistic ticket payload: `TD` and the base32 (`A-Z2-7`) of 85 random
/// bytes, 138 characters — QR version 6 at level M in alphanumeric mode.
pub fn sample_payload(seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x7D7D_0000_5EED);
    let bytes: Vec<u8> = (0..85).map(|_| rng.random()).collect();
    format!("TD{}", data_encoding::BASE32_NOPAD.encode(&bytes))
}

/// The photo as a decoder sees it (for [`Kind::Jpeg`], after JPEG compression).
pub fn photo(payload: &str, kind: Kind, seed: u64) -> DynamicImage {
    let (rgb, quality) = render(payload, kind, seed);
    match quality {
        Some(q) => jpeg_bytes(&rgb, q)
            .and_then(|b| image::load_from_memory_with_format(&b, ImageFormat::Jpeg).ok())
            .unwrap_or(DynamicImage::ImageRgb8(rgb)),
        None => DynamicImage::ImageRgb8(rgb),
    }
}

/// The photo as a file: JPEG bytes for [`Kind::Jpeg`], PNG otherwise, with
/// the file extension to use.
pub fn photo_file(payload: &str, kind: Kind, seed: u64) -> Result<(Vec<u8>, &'static str), image::ImageError> {
    let (rgb, quality) = render(payload, kind, seed);
    if let Some(q) = quality {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, q).encode_image(&rgb)?;
        return Ok((out, "jpg"));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    rgb.write_to(&mut out, ImageFormat::Png)?;
    Ok((out.into_inner(), "png"))
}

fn jpeg_bytes(rgb: &RgbImage, quality: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(rgb)
        .ok()?;
    Some(out)
}

/// What one photo looks like; every field is drawn from the seed.
struct Shot {
    /// pixels per module at the card's centre
    ppm: f64,
    roll: f64,
    tilt: f64,
    tilt_axis: f64,
    focal: f64,
    /// optical blur sigma in pixels
    blur: f32,
    /// sensor noise sigma on the 0–1 scale
    noise: f32,
    /// reflectance of the card and of the dark modules (swapped for a dark-mode screen)
    paper: f32,
    ink: f32,
    /// illumination falls from 1 to `1 - gradient` across the image
    gradient: f32,
    /// a shadow edge across the code darkening one side to this factor (1: none)
    shadow: f32,
    /// the gradient's length: the image, or (uneven light) the code itself
    code_light: bool,
    jpeg: Option<u8>,
}

fn shot(kind: Kind, rng: &mut StdRng) -> Shot {
    let deg = PI / 180.0;
    let mut s = Shot {
        ppm: rng.random_range(3.0..8.0),
        roll: rng.random_range(-12.0..12.0) * deg,
        tilt: rng.random_range(0.0..15.0) * deg,
        tilt_axis: rng.random_range(0.0..PI),
        focal: rng.random_range(1000.0..1600.0),
        blur: rng.random_range(0.4..0.8),
        noise: rng.random_range(0.005..0.015),
        paper: rng.random_range(0.75..0.92),
        ink: rng.random_range(0.04..0.12),
        gradient: rng.random_range(0.0..0.3),
        shadow: 1.0,
        code_light: false,
        jpeg: None,
    };
    match kind {
        Kind::Clean => {}
        Kind::SmallModules => s.ppm = rng.random_range(1.5..3.0),
        Kind::Rotation => s.roll = rng.random_range(0.0..2.0 * PI),
        Kind::Perspective => {
            s.tilt = rng.random_range(25.0..65.0) * deg;
            s.focal = rng.random_range(600.0..1200.0);
        }
        Kind::Blur => s.blur = (s.ppm * rng.random_range(0.15..0.65)) as f32,
        Kind::Noise => {
            s.ppm = rng.random_range(2.5..6.0);
            s.noise = rng.random_range(0.08..0.35);
        }
        Kind::LowContrast => {
            let mid: f32 = rng.random_range(0.35..0.65);
            let gap: f32 = rng.random_range(0.03..0.15);
            (s.paper, s.ink) = (mid + gap / 2.0, mid - gap / 2.0);
        }
        Kind::UnevenLight => {
            s.gradient = rng.random_range(0.6..0.95);
            s.shadow = rng.random_range(0.15..0.5);
            s.code_light = true;
        }
        Kind::Jpeg => {
            s.ppm = rng.random_range(2.5..6.0);
            s.jpeg = Some(rng.random_range(5..=30));
        }
        // a phone in dark mode: light modules on a dark screen
        Kind::Inverted => (s.paper, s.ink) = (rng.random_range(0.03..0.15), rng.random_range(0.6..0.95)),
    }
    s
}

/// Renders the photo before any JPEG step; returns the JPEG quality to apply.
fn render(payload: &str, kind: Kind, seed: u64) -> (RgbImage, Option<u8>) {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(31).wrapping_add(kind as u64));
    let s = shot(kind, &mut rng);
    let (w, h) = (WIDTH as usize, HEIGHT as usize);

    // the code with its quiet zone, in modules; payloads too long for a QR give a blank card
    let (modules, n) = match QrCode::with_error_correction_level(payload, EcLevel::M) {
        Ok(code) => (code.to_colors(), code.width()),
        Err(_) => (Vec::new(), 0),
    };
    let full = (n + 2 * QUIET) as f64;
    let pad: f64 = rng.random_range(0.5..6.0); // card beyond the quiet zone, modules
    let side = (full + 2.0 * pad) * s.ppm;
    let reach = side * 0.75;
    let center = (
        rng.random_range(reach.min(w as f64 / 2.0)..(w as f64 - reach).max(w as f64 / 2.0 + 1.0)),
        rng.random_range(reach.min(h as f64 / 2.0)..(h as f64 - reach).max(h as f64 / 2.0 + 1.0)),
    );
    let quad = scene::project_card(center, side, s.roll, s.tilt, s.tilt_axis, s.focal);
    let to_card = Homography::square_to_quad(quad).inverse();

    let mut lum = scene::texture(w, h, rng.random());
    let (bg_lo, bg_span) = (rng.random_range(0.1..0.4), rng.random_range(0.2..0.5));
    for v in &mut lum.px {
        *v = bg_lo + bg_span * *v;
    }
    paint_card(&mut lum, &to_card, quad, &modules, n, pad, &s);
    light(&mut lum, &s, &mut rng, center, side);
    scene::blur(&mut lum, s.blur);

    // a slightly warm or cool light, and independent noise per channel
    let tint = [rng.random_range(0.95..1.05f32), 1.0, rng.random_range(0.85..1.05f32)];
    let exposure: f32 = rng.random_range(0.85..1.1);
    let mut mix = Mix(rng.random());
    let mut img = RgbImage::new(WIDTH, HEIGHT);
    for (i, p) in img.pixels_mut().enumerate() {
        for (c, t) in tint.iter().enumerate() {
            let v = lum.px[i] * exposure * t + s.noise * mix.normal();
            p.0[c] = (v * 255.0).round().clamp(0.0, 255.0) as u8;
        }
    }
    (img, s.jpeg)
}

/// Draws the card with its code, 3×3 supersampled for antialiased module edges.
fn paint_card(
    lum: &mut Plane,
    to_card: &Homography,
    quad: [(f64, f64); 4],
    modules: &[Color],
    n: usize,
    pad: f64,
    s: &Shot,
) {
    let full = (n + 2 * QUIET) as f64 + 2.0 * pad;
    let xs = quad.map(|p| p.0);
    let ys = quad.map(|p| p.1);
    let clampx = |v: f64| v.clamp(0.0, lum.w as f64 - 1.0) as usize;
    let clampy = |v: f64| v.clamp(0.0, lum.h as f64 - 1.0) as usize;
    let (x0, x1) = (
        clampx(xs.iter().copied().fold(f64::MAX, f64::min)),
        clampx(xs.iter().copied().fold(f64::MIN, f64::max) + 1.0),
    );
    let (y0, y1) = (
        clampy(ys.iter().copied().fold(f64::MAX, f64::min)),
        clampy(ys.iter().copied().fold(f64::MIN, f64::max) + 1.0),
    );
    let origin = pad + QUIET as f64;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (mut on_card, mut dark) = (0u32, 0u32);
            for sy in 0..3 {
                for sx in 0..3 {
                    let (u, v) = to_card.map(x as f64 + (sx as f64 - 1.0) / 3.0, y as f64 + (sy as f64 - 1.0) / 3.0);
                    if !(0.0..1.0).contains(&u) || !(0.0..1.0).contains(&v) {
                        continue;
                    }
                    on_card += 1;
                    let (mx, my) = (u * full - origin, v * full - origin);
                    if mx >= 0.0 && my >= 0.0 && (mx as usize) < n && (my as usize) < n {
                        dark += u32::from(modules[my as usize * n + mx as usize] == Color::Dark);
                    }
                }
            }
            if on_card > 0 {
                let i = y * lum.w + x;
                let card = (s.paper * (on_card - dark) as f32 + s.ink * dark as f32) / on_card as f32;
                lum.px[i] = (lum.px[i] * (9 - on_card) as f32 + card * on_card as f32) / 9.0;
            }
        }
    }
}

/// Illumination: a linear fall-off in a random direction, and for uneven
/// light a soft-edged shadow (a hand, a phone) across the code.
fn light(lum: &mut Plane, s: &Shot, rng: &mut StdRng, center: (f64, f64), side: f64) {
    let dir: f64 = rng.random_range(0.0..2.0 * PI);
    let (dx, dy) = (dir.cos() as f32, dir.sin() as f32);
    let span = if s.code_light {
        side as f32 / 2.0
    } else {
        (lum.w as f32).hypot(lum.h as f32) / 2.0
    };
    let shadow_dir: f64 = rng.random_range(0.0..2.0 * PI);
    let (sx, sy) = (shadow_dir.cos() as f32, shadow_dir.sin() as f32);
    let offset = rng.random_range(-40.0..40.0f32);
    let softness = rng.random_range(2.0..25.0f32);
    let (cx, cy) = (center.0 as f32, center.1 as f32);
    for y in 0..lum.h {
        for x in 0..lum.w {
            let (fx, fy) = (x as f32 - cx, y as f32 - cy);
            let t = ((fx * dx + fy * dy) / span).clamp(-1.0, 1.0) * 0.5 + 0.5;
            let mut l = 1.0 - s.gradient * t;
            if s.shadow < 1.0 {
                let d = (x as f32 - cx) * sx + (y as f32 - cy) * sy - offset;
                let k = 1.0 / (1.0 + (-d / softness).exp());
                l *= 1.0 - (1.0 - s.shadow) * k;
            }
            lum.px[y * lum.w + x] *= l;
        }
    }
}
