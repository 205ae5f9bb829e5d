//! An ESC/POS printer for tests: a TCP listener on 127.0.0.1:0 that takes
//! one job (answering the paper-sensor query as told), and a decoder that
//! reads the bytes as a printer would — every command known by its
//! parameters, text from the selected code page (CP866, `ESC t 17`) back
//! to UTF-8, the native QR's stored payload, raster bitmaps as images. An
//! unknown command or a stray control byte fails the test: the printer
//! would print garbage.

use std::io::{Read, Write};
use std::net::TcpListener;

/// `DLE EOT 4` answers: paper present, and paper end (bits 5 and 6).
pub const PAPER_OK: u8 = 0x12;
pub const PAPER_OUT: u8 = 0x72;

/// What a printer made of a job.
#[derive(Debug, Default)]
pub struct Printed {
    /// the text, lines as printed (LF-separated), in UTF-8
    pub text: String,
    /// payloads stored with `GS ( k … 1 P 0`, in order
    pub qr_payloads: Vec<String>,
    /// how many stored QRs were printed (`GS ( k … 1 Q 0`)
    pub qr_printed: usize,
    /// `GS v 0` bitmaps as images (black 0, white 255)
    pub rasters: Vec<image::GrayImage>,
    pub cuts: usize,
    pub kicks: usize,
    /// the code page `ESC t` selected last
    pub code_page: Option<u8>,
    /// `DLE EOT 4` queries
    pub status_queries: usize,
    /// the order of commands and text runs, as short words ("cut", "kick", "text"…)
    pub events: Vec<&'static str>,
}

impl Printed {
    pub fn lines(&self) -> Vec<&str> {
        self.text.lines().collect()
    }
}

fn arg(b: &[u8], i: usize, what: &str) -> u8 {
    *b.get(i).unwrap_or_else(|| panic!("job ends inside {what} at byte {i}"))
}

/// Decodes one job. Text is read through CP866 only once `ESC t 17`
/// selected it; high bytes before that fail.
pub fn decode(b: &[u8]) -> Printed {
    decode_page(b, 17)
}

/// Decodes one job of a printer whose `ESC t` number for CP866 is `page`.
pub fn decode_page(b: &[u8], page: u8) -> Printed {
    let mut p = Printed::default();
    let mut i = 0;
    let mut run: Vec<u8> = Vec::new();
    let flush = |run: &mut Vec<u8>, p: &mut Printed| {
        if !run.is_empty() {
            if run.iter().any(|&c| c >= 0x80) {
                assert_eq!(p.code_page, Some(page), "text outside ASCII without CP866 selected");
            }
            p.text.push_str(&tourdesk::print::cp866::decode(run));
            p.events.push("text");
            run.clear();
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            0x20..=0x7E | 0x80..=0xFF => {
                run.push(c);
                i += 1;
                continue;
            }
            _ => flush(&mut run, &mut p),
        }
        match c {
            b'\n' => {
                p.text.push('\n');
                i += 1;
            }
            0x10 => {
                assert_eq!(
                    (arg(b, i + 1, "DLE"), arg(b, i + 2, "DLE EOT")),
                    (0x04, 4),
                    "DLE EOT 4 only"
                );
                p.status_queries += 1;
                i += 3;
            }
            0x1B => {
                let cmd = arg(b, i + 1, "ESC");
                i += match cmd {
                    b'@' => 2,
                    b't' => {
                        p.code_page = Some(arg(b, i + 2, "ESC t"));
                        3
                    }
                    b'a' | b'E' => {
                        assert!(arg(b, i + 2, "ESC a/E") <= 2, "ESC {} n", cmd as char);
                        3
                    }
                    b'd' => {
                        for _ in 0..arg(b, i + 2, "ESC d") {
                            p.text.push('\n');
                        }
                        3
                    }
                    b'p' => {
                        assert!(arg(b, i + 2, "ESC p") <= 1, "drawer pin 2 or 5");
                        arg(b, i + 4, "ESC p");
                        p.kicks += 1;
                        p.events.push("kick");
                        5
                    }
                    other => panic!("unknown command ESC {other:#04x} at {i}"),
                };
            }
            0x1D => {
                let cmd = arg(b, i + 1, "GS");
                i += match cmd {
                    b'!' => 3,
                    b'V' => {
                        p.cuts += 1;
                        p.events.push("cut");
                        if arg(b, i + 2, "GS V") >= 65 { 4 } else { 3 }
                    }
                    b'(' => {
                        assert_eq!(arg(b, i + 2, "GS ("), b'k', "GS ( k only");
                        let len = usize::from(u16::from_le_bytes([arg(b, i + 3, "pL"), arg(b, i + 4, "pH")]));
                        let body = b.get(i + 5..i + 5 + len).expect("GS ( k body");
                        assert_eq!(body[0], 49, "QR code (cn 49)");
                        match body[1] {
                            65 | 67 | 69 => {}
                            80 => {
                                assert_eq!(body[2], 48);
                                p.qr_payloads
                                    .push(String::from_utf8(body[3..].to_vec()).expect("QR payload is UTF-8"));
                                p.events.push("qr");
                            }
                            81 => p.qr_printed += 1,
                            f => panic!("GS ( k function {f}"),
                        }
                        5 + len
                    }
                    b'v' => {
                        assert_eq!((arg(b, i + 2, "GS v"), arg(b, i + 3, "GS v 0 m")), (b'0', 0));
                        let xb = usize::from(u16::from_le_bytes([arg(b, i + 4, "xL"), arg(b, i + 5, "xH")]));
                        let rows = usize::from(u16::from_le_bytes([arg(b, i + 6, "yL"), arg(b, i + 7, "yH")]));
                        let bits = b.get(i + 8..i + 8 + xb * rows).expect("GS v 0 bitmap");
                        let img = image::GrayImage::from_fn((xb * 8) as u32, rows as u32, |x, y| {
                            let byte = bits[y as usize * xb + x as usize / 8];
                            image::Luma([if byte & (0x80 >> (x % 8)) != 0 { 0 } else { 255 }])
                        });
                        p.rasters.push(img);
                        p.events.push("raster");
                        8 + xb * rows
                    }
                    other => panic!("unknown command GS {other:#04x} at {i}"),
                };
            }
            other => panic!("stray control byte {other:#04x} at {i}"),
        }
    }
    flush(&mut run, &mut p);
    p
}

/// The QR codes rqrr reads in a bitmap.
pub fn read_qr(img: &image::GrayImage) -> Vec<String> {
    let w = img.width() as usize;
    let px = img.as_raw();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, img.height() as usize, |x, y| px[y * w + x]);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect()
}

/// A network printer on 127.0.0.1 taking one connection.
pub struct FakePrinter {
    pub port: u16,
    job: std::thread::JoinHandle<Vec<u8>>,
}

impl FakePrinter {
    /// Answers the paper query with `status` (None: never answers).
    pub fn start(status: Option<u8>) -> FakePrinter {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a test printer");
        let port = listener.local_addr().unwrap().port();
        let job = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().expect("the printer is connected to");
            let mut all = Vec::new();
            if let Some(status) = status {
                let mut query = [0u8; 3];
                s.read_exact(&mut query).expect("the paper query");
                all.extend_from_slice(&query);
                s.write_all(&[status]).unwrap();
            }
            s.read_to_end(&mut all).expect("the job");
            all
        });
        FakePrinter { port, job }
    }

    pub fn url(&self, options: &str) -> String {
        format!("tcp://127.0.0.1:{}{options}", self.port)
    }

    /// Everything the printer received (after the client closed).
    pub fn received(self) -> Vec<u8> {
        self.job.join().expect("the test printer")
    }
}

/// A port on 127.0.0.1 where nothing listens: a printer switched off.
pub fn switched_off() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("tcp://127.0.0.1:{port}")
}

/// A network printer on 127.0.0.1 that takes every job sent to it (one
/// connection each, the paper query answered "paper present"), as the
/// kiosk sends a sale's tickets and then its receipt.
pub struct PrinterQueue {
    pub port: u16,
    jobs: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>,
}

impl PrinterQueue {
    pub fn start() -> PrinterQueue {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a test printer");
        let port = listener.local_addr().unwrap().port();
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = jobs.clone();
        std::thread::spawn(move || {
            for s in listener.incoming() {
                let Ok(mut s) = s else { continue };
                let mut all = Vec::new();
                let mut query = [0u8; 3];
                if s.read_exact(&mut query).is_err() {
                    continue;
                }
                all.extend_from_slice(&query);
                let _ = s.write_all(&[PAPER_OK]);
                if s.read_to_end(&mut all).is_ok() {
                    kept.lock().unwrap().push(all);
                }
            }
        });
        PrinterQueue { port, jobs }
    }

    pub fn url(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }

    /// The jobs taken so far, oldest first.
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        self.jobs.lock().unwrap().clone()
    }
}
