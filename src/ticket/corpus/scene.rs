//! The pieces a synthetic photo is made of: a projective map from the card
//! to the sensor, a textured background, Gaussian blur and sensor noise, all
//! on a linear `f32` luminance plane (0 = black, 1 = white).

/// A luminance plane, row-major.
pub struct Plane {
    pub w: usize,
    pub h: usize,
    pub px: Vec<f32>,
}

impl Plane {
    pub fn new(w: usize, h: usize, v: f32) -> Plane {
        Plane {
            w,
            h,
            px: vec![v; w * h],
        }
    }
}

/// Maps the unit square onto a quadrilateral (Heckbert's closed form) and
/// back; the inverse is what rendering needs (pixel → card coordinates).
#[derive(Clone, Copy, Debug)]
pub struct Homography([f64; 9]);

impl Homography {
    /// Corners in order (0,0), (1,0), (1,1), (0,1) of the unit square.
    pub fn square_to_quad(q: [(f64, f64); 4]) -> Homography {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
        let (dx1, dx2, dx3) = (x1 - x2, x3 - x2, x0 - x1 + x2 - x3);
        let (dy1, dy2, dy3) = (y1 - y2, y3 - y2, y0 - y1 + y2 - y3);
        let den = dx1 * dy2 - dx2 * dy1;
        let (g, h) = if den.abs() < 1e-12 {
            (0.0, 0.0)
        } else {
            ((dx3 * dy2 - dx2 * dy3) / den, (dx1 * dy3 - dx3 * dy1) / den)
        };
        Homography([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ])
    }

    pub fn inverse(&self) -> Homography {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        let co = [
            e * i - f * h,
            c * h - b * i,
            b * f - c * e,
            f * g - d * i,
            a * i - c * g,
            c * d - a * f,
        ];
        let co2 = [d * h - e * g, b * g - a * h, a * e - b * d];
        let det = a * co[0] + b * co[3] + c * co2[0];
        let k = if det.abs() < 1e-18 { 0.0 } else { 1.0 / det };
        Homography([
            co[0] * k,
            co[1] * k,
            co[2] * k,
            co[3] * k,
            co[4] * k,
            co[5] * k,
            co2[0] * k,
            co2[1] * k,
            co2[2] * k,
        ])
    }

    pub fn map(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let z = m[6] * x + m[7] * y + m[8];
        let z = if z.abs() < 1e-12 { 1e-12 } else { z };
        ((m[0] * x + m[1] * y + m[2]) / z, (m[3] * x + m[4] * y + m[5]) / z)
    }
}

/// A card of `side` pixels centred on `center`, rotated by `roll` in the image
/// plane and tilted by `tilt` radians about an axis at angle `axis`, seen by a
/// pinhole camera of focal length `focal` pixels. Returns the card's corners.
pub fn project_card(center: (f64, f64), side: f64, roll: f64, tilt: f64, axis: f64, focal: f64) -> [(f64, f64); 4] {
    let half = side / 2.0;
    let (sa, ca) = axis.sin_cos();
    let (st, ct) = tilt.sin_cos();
    let (sr, cr) = roll.sin_cos();
    [(-half, -half), (half, -half), (half, half), (-half, half)].map(|(x, y)| {
        // in-plane roll, then tilt about the axis (Rodrigues for a unit axis in z = 0)
        let (x, y) = (x * cr - y * sr, x * sr + y * cr);
        let along = x * ca + y * sa;
        let (px, py) = (x - along * ca, y - along * sa);
        let (px, py, pz) = (px * ct, py * ct, (x * sa - y * ca) * st);
        let (x3, y3, z3) = (px + along * ca, py + along * sa, pz);
        let s = focal / (focal + z3);
        (center.0 + x3 * s, center.1 + y3 * s)
    })
}

/// SplitMix64: a tiny, fast, seedable generator for per-pixel randomness.
pub struct Mix(pub u64);

impl Mix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Approximately standard normal (sum of four uniforms, scaled).
    pub fn normal(&mut self) -> f32 {
        let v = self.next();
        let s: u32 = (0..4).map(|i| ((v >> (16 * i)) & 0xFFFF) as u32).sum();
        (s as f32 / 65535.0 - 2.0) * 1.732
    }
}

/// Smooth value noise with a few octaves, in [0, 1]: paper fibres, a desk, a
/// wall — something that is not flat grey.
pub fn texture(w: usize, h: usize, seed: u64) -> Plane {
    let mut out = Plane::new(w, h, 0.0);
    let mut amp_sum = 0.0;
    for (octave, cell) in [160usize, 40, 10].into_iter().enumerate() {
        let amp = 1.0 / (1 << octave) as f32;
        amp_sum += amp;
        let (gw, gh) = (w / cell + 2, h / cell + 2);
        let mut rng = Mix(seed ^ (octave as u64) << 32);
        let grid: Vec<f32> = (0..gw * gh).map(|_| rng.unit()).collect();
        for y in 0..h {
            let gy = y as f32 / cell as f32;
            let (y0, fy) = (gy as usize, gy.fract());
            for x in 0..w {
                let gx = x as f32 / cell as f32;
                let (x0, fx) = (gx as usize, gx.fract());
                let at = |xx: usize, yy: usize| grid[yy * gw + xx];
                let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
                let bot = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
                out.px[y * w + x] += amp * (top * (1.0 - fy) + bot * fy);
            }
        }
    }
    for v in &mut out.px {
        *v /= amp_sum;
    }
    out
}

/// Gaussian blur: an exact kernel for small sigmas, three box passes (a close
/// approximation at constant cost per pixel) for large ones.
pub fn blur(p: &mut Plane, sigma: f32) {
    if sigma <= 0.05 {
        return;
    }
    if sigma < 2.0 {
        let r = (sigma * 3.0).ceil() as isize;
        let k: Vec<f32> = (-r..=r)
            .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
            .collect();
        let sum: f32 = k.iter().sum();
        let k: Vec<f32> = k.iter().map(|v| v / sum).collect();
        convolve(p, &k, true);
        convolve(p, &k, false);
    } else {
        // box widths whose three-fold convolution has variance sigma²
        let wide = ((12.0 * sigma * sigma / 3.0 + 1.0).sqrt()).floor() as usize | 1;
        for _ in 0..3 {
            box_pass(p, wide / 2, true);
            box_pass(p, wide / 2, false);
        }
    }
}

fn convolve(p: &mut Plane, k: &[f32], horizontal: bool) {
    let r = (k.len() / 2) as isize;
    let (w, h) = (p.w as isize, p.h as isize);
    let src = p.px.clone();
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for (i, kv) in k.iter().enumerate() {
                let d = i as isize - r;
                let (sx, sy) = if horizontal {
                    ((x + d).clamp(0, w - 1), y)
                } else {
                    (x, (y + d).clamp(0, h - 1))
                };
                acc += kv * src[(sy * w + sx) as usize];
            }
            p.px[(y * w + x) as usize] = acc;
        }
    }
}

/// One running-sum box filter of radius `r` along rows or columns, edges clamped.
fn box_pass(p: &mut Plane, r: usize, horizontal: bool) {
    let (len, lines) = if horizontal { (p.w, p.h) } else { (p.h, p.w) };
    let idx = |line: usize, i: usize| if horizontal { line * p.w + i } else { i * p.w + line };
    let mut buf = vec![0.0f32; len];
    let norm = 1.0 / (2 * r + 1) as f32;
    for line in 0..lines {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = p.px[idx(line, i)];
        }
        let at = |i: isize| buf[i.clamp(0, len as isize - 1) as usize];
        let mut acc: f32 = (-(r as isize)..=r as isize).map(at).sum();
        for i in 0..len {
            p.px[idx(line, i)] = acc * norm;
            acc += at(i as isize + r as isize + 1) - at(i as isize - r as isize);
        }
    }
}
