//! `tourdesk bench decode`: writes the distorted-photo corpus to files,
//! decodes each file with our decoder (timed) and, when `zbarimg` is on the
//! PATH, with zbar's QR reader as the baseline, and counts per kind.

use super::corpus::{self, Kind};
use super::decode::{self, Step};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct DecodeReport {
    pub per_kind: usize,
    pub seed: u64,
    pub out_dir: String,
    /// `zbarimg --version`, or None when zbar is not installed
    pub zbar_version: Option<String>,
    pub kinds: Vec<KindRow>,
    pub total: KindRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    pub kind: &'static str,
    pub n: usize,
    pub ours: usize,
    /// decodes whose text differs from the encoded payload (must stay 0)
    pub ours_wrong: usize,
    pub zbar: Option<usize>,
    pub zbar_wrong: Option<usize>,
    /// photos decoded by each step of our chain (the first step that succeeded)
    pub by_step: Vec<(Step, usize)>,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("cannot write the corpus to {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode a corpus photo: {0}")]
    Encode(#[from] image::ImageError),
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
}

struct Sample {
    kind: Kind,
    payload: String,
    path: PathBuf,
}

/// Generates `per_kind` photos of every kind into `out_dir` and decodes them.
pub fn run(out_dir: &Path, per_kind: usize, seed: u64) -> Result<DecodeReport, BenchError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BenchError::Write { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(write_err(out_dir))?;
    let mut samples = Vec::new();
    for kind in Kind::ALL {
        for i in 0..per_kind {
            let photo_seed = seed.wrapping_add(i as u64);
            let payload = corpus::sample_payload(photo_seed ^ (kind as u64) << 48);
            let (bytes, ext) = corpus::photo_file(&payload, kind, photo_seed)?;
            let path = out_dir.join(format!("{}-{i:03}.{ext}", kind.name()));
            std::fs::write(&path, bytes).map_err(write_err(&path))?;
            samples.push(Sample { kind, payload, path });
        }
    }

    // ours, one at a time so that the timings are not disturbed
    let mut ours = Vec::with_capacity(samples.len());
    for s in &samples {
        let img = image::open(&s.path).map_err(|source| decode::DecodeError::Image {
            path: s.path.clone(),
            source,
        })?;
        let t0 = Instant::now();
        let found = decode::decode_traced(&img);
        ours.push((found, t0.elapsed().as_secs_f64() * 1000.0));
    }

    let zbar_version = zbar_version();
    let zbar: Option<Vec<Vec<String>>> = zbar_version
        .is_some()
        .then(|| samples.iter().map(|s| zbar_decode(&s.path)).collect());

    let mut kinds = Vec::new();
    for kind in Kind::ALL {
        let idx: Vec<usize> = (0..samples.len()).filter(|&i| samples[i].kind == kind).collect();
        kinds.push(row(kind.name(), &idx, &samples, &ours, zbar.as_deref()));
    }
    let all: Vec<usize> = (0..samples.len()).collect();
    let total = row("all", &all, &samples, &ours, zbar.as_deref());
    Ok(DecodeReport {
        per_kind,
        seed,
        out_dir: out_dir.display().to_string(),
        zbar_version,
        kinds,
        total,
    })
}

fn row(
    kind: &'static str,
    idx: &[usize],
    samples: &[Sample],
    ours: &[(decode::Decoded, f64)],
    zbar: Option<&[Vec<String>]>,
) -> KindRow {
    let hit = |found: &[String], i: usize| found.iter().any(|p| *p == samples[i].payload);
    let wrong = |found: &[String], i: usize| found.iter().any(|p| *p != samples[i].payload);
    let by_step = decode::CHAIN
        .iter()
        .map(|&step| (step, idx.iter().filter(|&&i| ours[i].0.step == Some(step)).count()))
        .collect();
    let mut ms: Vec<f64> = idx.iter().map(|&i| ours[i].1).collect();
    ms.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        ms.get(((ms.len() as f64 - 1.0) * p).round() as usize)
            .map_or(0.0, |v| (v * 10.0).round() / 10.0)
    };
    KindRow {
        kind,
        n: idx.len(),
        ours: idx.iter().filter(|&&i| hit(&ours[i].0.payloads, i)).count(),
        ours_wrong: idx.iter().filter(|&&i| wrong(&ours[i].0.payloads, i)).count(),
        zbar: zbar.map(|z| idx.iter().filter(|&&i| hit(&z[i], i)).count()),
        zbar_wrong: zbar.map(|z| idx.iter().filter(|&&i| wrong(&z[i], i)).count()),
        by_step,
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        max_ms: pct(1.0),
    }
}

fn zbar_version() -> Option<String> {
    let out = Command::new("zbarimg").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// zbar's fair baseline: QR only, also trying the inverted image.
fn zbar_decode(path: &Path) -> Vec<String> {
    let out = Command::new("zbarimg")
        .args([
            "-q",
            "--nodbus",
            "--raw",
            "-Sdisable",
            "-Sqrcode.enable",
            "-Stest-inverted",
        ])
        .arg(path)
        .output();
    match out {
        Ok(o) => String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        Err(_) => Vec::new(),
    }
}

impl fmt::Display for DecodeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} photos per kind, seed {}, in {}; zbar: {}",
            self.per_kind,
            self.seed,
            self.out_dir,
            self.zbar_version.as_deref().unwrap_or("not installed")
        )?;
        writeln!(f)?;
        let steps: Vec<&str> = decode::CHAIN.iter().map(|s| s.name()).collect();
        writeln!(
            f,
            "| kind | n | ours | zbar | ours wrong | decoded by step ({}) | p50 ms | p99 ms | max ms |",
            steps.join(" / ")
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---|---:|---:|---:|")?;
        for r in self.kinds.iter().chain(std::iter::once(&self.total)) {
            let zbar = r.zbar.map_or("n/a".to_string(), |z| z.to_string());
            let steps: Vec<String> = r.by_step.iter().map(|(_, c)| c.to_string()).collect();
            writeln!(
                f,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.kind,
                r.n,
                r.ours,
                zbar,
                r.ours_wrong,
                steps.join(" / "),
                r.p50_ms,
                r.p99_ms,
                r.max_ms
            )?;
        }
        Ok(())
    }
}
