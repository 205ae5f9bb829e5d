//! `tourdesk checkin -` at a terminal: keys are read in raw mode and go
//! through `ticket::input::ScanBuffer`, so a scanner that sends Enter and one
//! that sends nothing after a code both work. Esc, Ctrl-C or Ctrl-D stop.

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use std::io::Write;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// What the key reader passes on.
enum Key {
    Char(char, Instant),
    Enter(Instant),
    Quit,
}

/// Raw mode for as long as it lives; restored on drop, panics included.
struct RawMode;

impl RawMode {
    fn enable() -> std::io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// A line in raw mode, where "\n" alone does not return the carriage.
pub fn raw_line(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}\r\n", s.trim_end().replace('\n', "\r\n"));
    let _ = out.flush();
}

/// Scans from the keyboard, one at a time; raw mode until dropped.
pub struct TtyScanner {
    _raw: RawMode,
    rx: mpsc::UnboundedReceiver<Key>,
    buf: crate::ticket::input::ScanBuffer,
    stopped: bool,
}

impl TtyScanner {
    pub fn start() -> std::io::Result<TtyScanner> {
        let raw = RawMode::enable()?;
        raw_line("Scan tickets now. Esc, Ctrl-C or Ctrl-D to stop.");
        let (tx, rx) = mpsc::unbounded_channel();
        // crossterm's reading blocks: a thread of its own, timestamps taken as keys arrive
        std::thread::spawn(move || read_keys(tx));
        Ok(TtyScanner {
            _raw: raw,
            rx,
            buf: crate::ticket::input::ScanBuffer::default(),
            stopped: false,
        })
    }

    /// The next finished scan; None once the user stopped.
    pub async fn next(&mut self) -> Option<String> {
        while !self.stopped {
            let done = match tokio::time::timeout(Duration::from_millis(20), self.rx.recv()).await {
                Ok(Some(Key::Char(c, at))) => self.buf.push(c, at),
                Ok(Some(Key::Enter(at))) => self.buf.push('\r', at),
                Ok(Some(Key::Quit)) | Ok(None) => {
                    self.stopped = true;
                    self.buf.push('\r', Instant::now())
                }
                Err(_) => self.buf.poll(Instant::now()),
            };
            if done.is_some() {
                return done;
            }
        }
        None
    }
}

fn read_keys(tx: mpsc::UnboundedSender<Key>) {
    loop {
        if tx.is_closed() {
            return;
        }
        match event::poll(Duration::from_millis(50)) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(_) => {
                let _ = tx.send(Key::Quit);
                return;
            }
        }
        let key = match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => k,
            Ok(_) => continue,
            Err(_) => {
                let _ = tx.send(Key::Quit);
                return;
            }
        };
        let now = Instant::now();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let msg = match key.code {
            KeyCode::Esc => Key::Quit,
            KeyCode::Char('c' | 'd') if ctrl => Key::Quit,
            KeyCode::Enter => Key::Enter(now),
            KeyCode::Char(c) => Key::Char(c, now),
            _ => continue,
        };
        let quit = matches!(msg, Key::Quit);
        if tx.send(msg).is_err() || quit {
            return;
        }
    }
}
