//! The HTTP gateways for the notify tests: tests/notify/http_gateways.py
//! (Python's own http.server) speaking Telegram's Bot API and SMS.ru's
//! HTTP API on one free local port. Every request it answered is read back
//! as one JSON line: nothing reaches the internet.
#![allow(dead_code)] // tests/kiosk.rs uses only part of it

use super::common::TempDir;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PYTHON: &str = "/usr/bin/python3";
/// The bot token and the SMS.ru api_id the gateways accept.
pub const TOKEN: &str = "123456:test-token";

pub struct Gateways {
    child: Child,
    pub port: u16,
    out: std::path::PathBuf,
    updates: std::path::PathBuf,
    _dir: TempDir,
}

/// One request as the gateway saw it and what it answered.
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    /// `telegram` or `sms`
    pub gateway: String,
    pub recipient: String,
    pub text: String,
    pub idempotency_key: String,
    pub status: u16,
    /// sent on (not refused, not busy)
    pub accepted: bool,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Gateways {
    /// Starts the server with extra arguments (`--reject R`, `--busy R:N`,
    /// `--delay-ms N`); panics saying why when it cannot start.
    pub fn start(args: &[&str]) -> Gateways {
        let dir = TempDir::new();
        let out = dir.0.join("requests.jsonl");
        let updates = dir.0.join("updates.json");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/notify/http_gateways.py");
        let port = free_port();
        let mut child = Command::new(PYTHON)
            .args([script, "--port", &port.to_string(), "--token", TOKEN, "--out"])
            .arg(&out)
            .arg("--updates")
            .arg(&updates)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {PYTHON} for the HTTP gateways ({e})"));
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
                    "the HTTP gateways did not start ({other:?}): {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        Gateways {
            child,
            port,
            out,
            updates,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request answered so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        let text = std::fs::read_to_string(&self.out).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// The requests the gateway accepted (sent on).
    pub fn delivered(&self) -> Vec<Request> {
        self.requests().into_iter().filter(|r| r.accepted).collect()
    }

    /// Adds a message to the bot, as getUpdates documents it: `text` from
    /// chat `chat` (a private chat: the sender's id), whose Telegram app
    /// speaks `language`.
    pub fn send_to_bot(&self, update_id: i64, chat: i64, text: &str, language: &str) {
        let mut all: Vec<serde_json::Value> = std::fs::read_to_string(&self.updates)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        all.push(serde_json::json!({
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_780_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "Anna"},
                "from": {"id": chat, "is_bot": false, "first_name": "Anna", "language_code": language},
                "text": text,
            }
        }));
        let tmp = self.updates.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec(&all).unwrap()).unwrap();
        // a rename: the server never reads a half-written file
        std::fs::rename(&tmp, &self.updates).unwrap();
    }

    /// The getUpdates calls so far: (offset asked, update ids returned).
    pub fn polls(&self) -> Vec<(i64, Vec<i64>)> {
        let text = std::fs::read_to_string(format!("{}.polls", self.out.display())).unwrap_or_default();
        text.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let ids = v["returned"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|i| i.as_i64())
                    .collect();
                (v["offset"].as_i64().unwrap(), ids)
            })
            .collect()
    }

    /// Waits until at least `n` requests were answered (or `within` passed).
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Request> {
        let until = Instant::now() + within;
        loop {
            let got = self.requests();
            if got.len() >= n || Instant::now() > until {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Gateways {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
