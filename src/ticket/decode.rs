//! Reading ticket QR codes from photos with rqrr, behind a short fallback
//! chain of preprocessing steps that stops at the first step that decodes.
//! Every rqrr call is isolated (see [`guard`]): a bad photo yields no payload,
//! never a panic.

mod guard;
mod prep;

use image::{DynamicImage, GrayImage};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("cannot read image file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a readable PNG or JPEG image: {source}")]
    Image {
        path: PathBuf,
        #[source]
        source: image::ImageError,
    },
}

/// One attempt of the chain: how the greyscale photo is prepared for rqrr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// the photo as is (rqrr thresholds against a running row average)
    Plain,
    /// light-on-dark codes: rqrr only looks for dark finder patterns
    Inverted,
    /// a two-dimensional local-mean threshold: shadows, gradients, low contrast, blur
    LocalMean,
    /// the same threshold for light-on-dark codes
    LocalMeanInverted,
    /// an unsharp mask, then the local-mean threshold: defocus blur
    Sharpened,
    /// bilinear 2× upscale: codes under about 2 pixels per module
    Upscale,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Plain => "plain",
            Step::Inverted => "inverted",
            Step::LocalMean => "local_mean",
            Step::LocalMeanInverted => "local_mean_inverted",
            Step::Sharpened => "sharpened",
            Step::Upscale => "upscale",
        }
    }
}

/// The chain, in order. Measured with `tourdesk bench decode` (see
/// BENCHMARKS.md, "Decoding photos"): each step after the first rescues
/// photos the steps before it miss.
pub const CHAIN: [Step; 6] = [
    Step::Plain,
    Step::Inverted,
    Step::LocalMean,
    Step::LocalMeanInverted,
    Step::Sharpened,
    // last: it costs as much as the other steps together (four times the pixels)
    Step::Upscale,
];

/// Photos larger than this (longest side, pixels) are first decoded at a
/// reduced size: rqrr's cost grows with the pixel count, and phone photos
/// print the code far larger than rqrr needs.
const WORKING_SIDE: u32 = 1600;

/// Above this estimated noise (grey levels; camera photos measure 1–6) the
/// photo is smoothed before the chain: sensor noise breaks finder patterns
/// into many false candidates, and rqrr's cost grows with their square.
const NOISY: f64 = 8.0;

/// A decode result with the step that produced it (None: nothing decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub payloads: Vec<String>,
    pub step: Option<Step>,
}

/// Every distinct QR payload found in the photo (empty when none).
pub fn decode_image(img: &DynamicImage) -> Vec<String> {
    decode_traced(img).payloads
}

/// Reads a PNG or JPEG file and decodes it.
pub fn decode_file(path: &Path) -> Result<Vec<String>, DecodeError> {
    let reader = image::ImageReader::open(path).map_err(|source| DecodeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = reader.with_guessed_format().map_err(|source| DecodeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let img = reader.decode().map_err(|source| DecodeError::Image {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(decode_image(&img))
}

/// [`decode_image`], also saying which step of the chain decoded.
pub fn decode_traced(img: &DynamicImage) -> Decoded {
    let mut grey = img.to_luma8();
    let noise = prep::noise_sigma(&grey);
    let noisy = noise > NOISY;
    if noisy {
        // smooth just enough to bring the noise near camera level
        grey = prep::gaussian(&grey, (noise / 20.0).clamp(0.7, 2.5) as f32);
    }
    let longest = grey.width().max(grey.height());
    if longest > WORKING_SIDE {
        let small = prep::downscale(&grey, longest.div_ceil(WORKING_SIDE));
        let found = run_chain(&small, noisy);
        if found.step.is_some() {
            return found;
        }
        // the code may be too small at the reduced size: one full-size try
        let payloads = run_step(&grey, Step::Plain);
        let step = (!payloads.is_empty()).then_some(Step::Plain);
        return Decoded { payloads, step };
    }
    run_chain(&grey, noisy)
}

fn run_chain(grey: &GrayImage, noisy: bool) -> Decoded {
    for step in CHAIN {
        // sharpening brings back the noise the smoothing removed, and with it
        // rqrr's blow-up on false finder candidates (seconds per photo)
        if noisy && step == Step::Sharpened {
            continue;
        }
        let payloads = run_step(grey, step);
        if !payloads.is_empty() {
            return Decoded {
                payloads,
                step: Some(step),
            };
        }
    }
    Decoded {
        payloads: Vec::new(),
        step: None,
    }
}

/// One step alone (the benchmark measures each step's contribution with it).
pub fn run_step(grey: &GrayImage, step: Step) -> Vec<String> {
    if grey.width() == 0 || grey.height() == 0 {
        return Vec::new();
    }
    match step {
        Step::Plain => rqrr_grey(grey),
        Step::Inverted => rqrr_grey(&prep::invert(grey)),
        Step::LocalMean => rqrr_local_mean(grey),
        Step::LocalMeanInverted => rqrr_local_mean(&prep::invert(grey)),
        Step::Sharpened => {
            // sigma 3 px on a 1280×960 photo: about one module of a typical code
            let sigma = (grey.width().min(grey.height()) as f32 / 320.0).max(1.0);
            rqrr_local_mean(&prep::unsharp(grey, sigma, 2.0))
        }
        Step::Upscale => rqrr_grey(&prep::upscale2(grey)),
    }
}

fn rqrr_local_mean(grey: &GrayImage) -> Vec<String> {
    // a window of about 20 pixels on a 1280×960 photo: a few modules of a
    // typical code, small enough to follow a shadow's edge; offset 1 keeps
    // blurred and faint modules (measured against offsets 3 and larger windows)
    let radius = (grey.width().min(grey.height()) / 96).max(4) as usize;
    let dark = prep::local_mean(grey, radius, 1);
    rqrr_bitmap(grey.width() as usize, grey.height() as usize, &dark)
}

/// What rqrr is given: a greyscale image it thresholds itself, or a bitmap
/// we thresholded (true = dark).
enum Input<'a> {
    Grey(&'a GrayImage),
    Bitmap(usize, usize, &'a [bool]),
}

fn rqrr_grey(g: &GrayImage) -> Vec<String> {
    rqrr_payloads(Input::Grey(g))
}

fn rqrr_bitmap(w: usize, h: usize, dark: &[bool]) -> Vec<String> {
    rqrr_payloads(Input::Bitmap(w, h, dark))
}

/// Detects and decodes every grid, inside the panic guard; distinct payloads
/// in the order found.
fn rqrr_payloads(input: Input) -> Vec<String> {
    guard::quietly(move || {
        let mut img = match input {
            Input::Grey(g) => {
                let (w, px) = (g.width() as usize, g.as_raw());
                rqrr::PreparedImage::prepare_from_greyscale(w, g.height() as usize, |x, y| px[y * w + x])
            }
            Input::Bitmap(w, h, dark) => rqrr::PreparedImage::prepare_from_bitmap(w, h, |x, y| dark[y * w + x]),
        };
        let mut out: Vec<String> = Vec::new();
        for grid in img.detect_grids() {
            if let Ok((_, text)) = grid.decode()
                && !out.contains(&text)
            {
                out.push(text);
            }
        }
        out
    })
    .unwrap_or_default()
}
