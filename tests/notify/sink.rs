//! A real SMTP server for the notify tests: tests/notify/smtp_sink.py on
//! aiosmtpd (Debian's python3-aiosmtpd, installed by .ci/run), started per
//! test on a free port. What it received is read back as parsed by Python's
//! e-mail parser, one JSON line per message.

use super::common::TempDir;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Debian's interpreter, where apt puts aiosmtpd (a pyenv or venv `python3`
/// first on PATH would not have it).
const PYTHON: &str = "/usr/bin/python3";

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    out: std::path::PathBuf,
    _dir: TempDir,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Received {
    pub message_id: String,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub attachments: Vec<ReceivedFile>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReceivedFile {
    pub filename: String,
    pub content_type: String,
    pub size: usize,
    /// the first 16 bytes, hex
    pub head: String,
    /// a text attachment's content
    pub text: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl SmtpSink {
    /// Starts the server; `refuse`: recipients containing it get 550 at
    /// RCPT; `delay_ms`: each DATA takes that long. Panics with what to do
    /// when it cannot start (nothing is skipped).
    pub fn start(refuse: &str, delay_ms: u64) -> SmtpSink {
        let dir = TempDir::new();
        let out = dir.0.join("received.jsonl");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/notify/smtp_sink.py");
        let port = free_port();
        let mut child = Command::new(PYTHON)
            .args([script, "--port", &port.to_string(), "--out"])
            .arg(&out)
            .args(["--refuse", refuse, "--delay-ms", &delay_ms.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {PYTHON} for the SMTP test server ({e}): apt-get install python3-aiosmtpd (.ci/run does)"));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) if line.trim() == "READY" => {}
            other => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("the server's output");
                panic!(
                    "the SMTP test server did not start ({other:?}): {}\n\
                     it needs Debian's python3-aiosmtpd (apt-get install python3-aiosmtpd; .ci/run installs it)",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        SmtpSink {
            child,
            port,
            out,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let text = std::fs::read_to_string(&self.out).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// Waits until at least `n` messages arrived (or `within` passed).
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let until = Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > until {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
