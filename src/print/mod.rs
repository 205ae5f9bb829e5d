//! Receipts, tickets and Z-reports on ESC/POS thermal printers (58 and
//! 80 mm), over the network (raw TCP, port 9100) or a device file
//! (`/dev/usb/lp0`). A printer is one string, the device's setting
//! (`TOURDESK_PRINTER` or `--printer`):
//!
//! `tcp://HOST[:PORT][?paper=58|80][&qr=native|raster][&cp866=N]` or
//! `/dev/usb/lp0[?paper=58][&qr=raster]`
//!
//! paper 80 (48 columns) and the printer's own QR command by default;
//! `qr=raster` for printers without `GS ( k` (the QR sent as a bitmap);
//! `cp866=N` where the model's `ESC t` number for CP866 is not Epson's 17.
//! Nothing here touches the database: the callers fetch what is printed
//! through the same service calls as `ticket` and `shift report`, and record
//! a ticket as printed only once the printer took it.
//!
//! Before a TCP job the printer's paper sensor is asked (`DLE EOT 4`): a
//! printer that says "paper end" gets nothing, so an empty printer never
//! swallows a ticket; one that does not answer within half a second is sent
//! the job anyway (many network print servers do not relay status).

pub mod cp866;
pub mod escpos;
pub mod layout;
pub mod strings;
pub mod zreport;

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

/// The kiosk's printer, set once at its start (`--printer` /
/// `TOURDESK_PRINTER`). Process-wide like the kiosk's signing key: the
/// panes' I/O (walkin/io.rs, used for a sale and a reprint) reads it where
/// it writes the tickets' PNGs, without threading a setting through every
/// pane's calls.
static KIOSK_PRINTER: std::sync::OnceLock<Printer> = std::sync::OnceLock::new();

pub fn set_kiosk_printer(printer: Printer) {
    let _ = KIOSK_PRINTER.set(printer);
}

/// None when the kiosk has no printer: tickets are PNGs only.
pub fn kiosk_printer() -> Option<&'static Printer> {
    KIOSK_PRINTER.get()
}

/// The language the kiosk prints receipts and slips in: the one it speaks,
/// set at its start and again when `L` switches it (0 English, 1 Russian).
static KIOSK_LANGUAGE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

pub fn set_kiosk_language(lang: crate::booking::Language) {
    let n = u8::from(lang == crate::booking::Language::Ru);
    KIOSK_LANGUAGE.store(n, std::sync::atomic::Ordering::Relaxed);
}

pub fn kiosk_language() -> crate::booking::Language {
    match KIOSK_LANGUAGE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => crate::booking::Language::Ru,
        _ => crate::booking::Language::En,
    }
}

/// A printer that has not answered in this time is off or unplugged.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A job the printer has not taken in this time (full buffer, jammed).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the paper sensor's answer is waited for.
pub const STATUS_TIMEOUT: Duration = Duration::from_millis(500);
/// The raw-printing port of network printers (JetDirect / AppSocket).
pub const DEFAULT_PORT: u16 = 9100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 58 mm: 384 dots, 32 characters of font A
    Mm58,
    /// 80 mm: 576 dots, 48 characters of font A
    Mm80,
}

impl Paper {
    pub fn columns(self) -> usize {
        match self {
            Paper::Mm58 => 32,
            Paper::Mm80 => 48,
        }
    }

    /// Dots per QR module: the ticket's version-6 QR with its quiet zone is
    /// 49 modules, 294 of 384 dots on 58 mm and 392 of 576 on 80 mm.
    pub fn qr_module(self) -> u8 {
        match self {
            Paper::Mm58 => 6,
            Paper::Mm80 => 8,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrMode {
    /// `GS ( k`: the printer draws the QR
    Native,
    /// `GS v 0`: a bitmap drawn here, for printers without the QR command
    Raster,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `host:port`
    Tcp(String),
    Device(PathBuf),
}

/// A configured printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    pub target: Target,
    pub paper: Paper,
    pub qr: QrMode,
    /// the `ESC t` number that selects CP866 on this model (`?cp866=N`):
    /// 17 on Epson and most compatibles, but makers number their tables
    /// differently, and a wrong one prints Cyrillic as other letters
    pub code_page: u8,
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(
        "a printer is tcp://HOST:PORT or a device path such as /dev/usb/lp0, optionally with \
         ?paper=58|80&qr=native|raster&cp866=N (N: the printer's ESC t number for CP866, 0-255, \
         17 on Epson); got {0:?}"
    )]
    BadPrinter(String),
    #[error(
        "printer {printer} did not take the job ({cause}): check that it is switched on, has paper \
         and its cable or network is connected, then print again"
    )]
    Unavailable { printer: String, cause: String },
    #[error(
        "printer {printer} is out of paper (or its cover is open): nothing was printed; load paper, \
         close the cover and print again"
    )]
    PaperOut { printer: String },
}

impl std::str::FromStr for Printer {
    type Err = PrintError;

    fn from_str(s: &str) -> Result<Printer, PrintError> {
        let bad = || PrintError::BadPrinter(s.to_string());
        let (base, query) = s.trim().split_once('?').unwrap_or((s.trim(), ""));
        let target = if let Some(rest) = base.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            if rest.is_empty() || rest.contains('/') {
                return Err(bad());
            }
            // a port given must be one; none is 9100 (an IPv6 host is [..])
            match rest.rsplit_once(':') {
                Some((host, port)) if !host.is_empty() && !port.contains(']') => {
                    port.parse::<u16>().map_err(|_| bad())?;
                    Target::Tcp(rest.to_string())
                }
                _ => Target::Tcp(format!("{rest}:{DEFAULT_PORT}")),
            }
        } else if base.starts_with('/') || base.starts_with("./") || base.starts_with("../") {
            Target::Device(PathBuf::from(base))
        } else {
            return Err(bad());
        };
        let mut p = Printer {
            target,
            paper: Paper::Mm80,
            qr: QrMode::Native,
            code_page: escpos::CP866_PAGE,
        };
        for kv in query.split('&').filter(|kv| !kv.is_empty()) {
            match kv.split_once('=').ok_or_else(bad)? {
                ("paper", "58") => p.paper = Paper::Mm58,
                ("paper", "80") => p.paper = Paper::Mm80,
                ("qr", "native") => p.qr = QrMode::Native,
                ("qr", "raster") => p.qr = QrMode::Raster,
                ("cp866", n) => p.code_page = n.parse().map_err(|_| bad())?,
                _ => return Err(bad()),
            }
        }
        Ok(p)
    }
}

impl std::fmt::Display for Printer {
    /// Where it is, as people named it (without the options).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.target {
            Target::Tcp(addr) => write!(f, "tcp://{addr}"),
            Target::Device(p) => write!(f, "{}", p.display()),
        }
    }
}

impl Printer {
    fn unavailable(&self, cause: impl std::fmt::Display) -> PrintError {
        PrintError::Unavailable {
            printer: self.to_string(),
            cause: cause.to_string(),
        }
    }

    /// Sends one job (blocking; see [`Printer::send_async`]).
    pub fn send(&self, job: &[u8]) -> Result<(), PrintError> {
        match &self.target {
            Target::Tcp(addr) => self.send_tcp(addr, job),
            Target::Device(path) => {
                // never created: a mistyped device must not become a file
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| self.unavailable(e))?;
                f.write_all(job)
                    .and_then(|()| f.flush())
                    .map_err(|e| self.unavailable(e))
            }
        }
    }

    fn send_tcp(&self, addr: &str, job: &[u8]) -> Result<(), PrintError> {
        let addrs = addr.to_socket_addrs().map_err(|e| self.unavailable(e))?;
        let mut last = None;
        let mut stream = None;
        for a in addrs {
            match TcpStream::connect_timeout(&a, CONNECT_TIMEOUT) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        let Some(mut s) = stream else {
            return Err(self.unavailable(last.map_or("no address".to_string(), |e| e.to_string())));
        };
        let io = |e: std::io::Error| self.unavailable(e);
        s.set_write_timeout(Some(WRITE_TIMEOUT)).map_err(io)?;
        s.set_read_timeout(Some(STATUS_TIMEOUT)).map_err(io)?;
        // DLE EOT 4: the roll paper sensor; bits 5 and 6 are "paper end"
        s.write_all(&[0x10, 0x04, 4]).map_err(io)?;
        let mut status = [0u8; 1];
        match s.read(&mut status) {
            Ok(1) if status[0] & 0x60 != 0 => {
                return Err(PrintError::PaperOut {
                    printer: self.to_string(),
                });
            }
            // the printer hung up instead of answering: a job written now
            // would vanish into a closed socket and be reported as printed
            Ok(0) => return Err(self.unavailable("it closed the connection")),
            // an answer, or none in time (print servers that relay no status)
            _ => {}
        }
        s.write_all(job).map_err(io)?;
        s.flush().map_err(io)?;
        s.shutdown(std::net::Shutdown::Write).map_err(io)
    }

    /// [`Printer::send`] off the async runtime's threads.
    pub async fn send_async(&self, job: Vec<u8>) -> Result<(), PrintError> {
        let p = self.clone();
        match tokio::task::spawn_blocking(move || p.send(&job)).await {
            Ok(r) => r,
            Err(e) => Err(self.unavailable(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Printer {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn printers_parse_from_their_setting() {
        assert_eq!(p("tcp://10.0.0.7").target, Target::Tcp("10.0.0.7:9100".into()));
        assert_eq!(
            p("tcp://printer.local:9101").target,
            Target::Tcp("printer.local:9101".into())
        );
        let x = p("tcp://[::1]:9100?paper=58&qr=raster");
        assert_eq!((x.paper, x.qr), (Paper::Mm58, QrMode::Raster));
        assert_eq!(x.to_string(), "tcp://[::1]:9100");
        assert_eq!(x.code_page, 17, "Epson's number for CP866 unless told");
        assert_eq!(p("/dev/usb/lp0?cp866=59").code_page, 59);
        assert_eq!(p("/dev/usb/lp0").target, Target::Device("/dev/usb/lp0".into()));
        assert_eq!(
            (p("/dev/usb/lp0").paper, p("/dev/usb/lp0").qr),
            (Paper::Mm80, QrMode::Native)
        );
        for bad in [
            "",
            "lp0",
            "http://x:9100",
            "tcp://x:port",
            "tcp://",
            "/dev/lp0?paper=57",
            "/dev/lp0?x",
            "/dev/lp0?cp866=300",
            "/dev/lp0?cp866=",
        ] {
            assert!(bad.parse::<Printer>().is_err(), "{bad}");
        }
    }
}
