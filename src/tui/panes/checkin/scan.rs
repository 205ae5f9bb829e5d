//! Scanner bursts: keys collected by timing, told apart from a person
//! typing, sent to the core one code at a time; the verdicts coming back.

use super::{Call, Modal, Panel, RECENT, SCAN_IDLE, SCAN_MIN_LEN, State, call};
use crate::booking::{CheckIn, CheckInMethod, CheckInRequest, Verdict};
use crate::domain::{ManifestState, codes};
use crate::ticket::input::{self, Burst};
use crate::ticket::payload::PREFIX;
use crate::tui::action::{Timer, UiError};
use crate::tui::panes::{Ctx, Outbox};
use crossterm::event::{KeyCode, KeyEvent};
use std::time::Instant;
use uuid::Uuid;

/// What a finished burst turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// codes to check in, in order (tickets, or something long to be refused)
    Codes(Vec<String>),
    /// a booking number: look it up in the manifest
    BookingNumber(String),
    /// a person pressing keys: give them back
    Typing,
}

/// Tells a burst apart: a ticket code is a scan whatever else is going on; a
/// short burst, or anything typed while a field has the keys, is a person.
pub fn classify(burst: &Burst, typing: bool) -> Finished {
    let code = burst.code();
    let codes = input::split_codes(&burst.raw);
    if !codes.is_empty() && codes.iter().all(|c| c.starts_with(PREFIX)) {
        return Finished::Codes(codes);
    }
    if typing {
        return Finished::Typing;
    }
    if code.starts_with("TD-") && codes::is_booking_number(&code) {
        return Finished::BookingNumber(codes::normalize_booking_number(&code));
    }
    if code.chars().count() < SCAN_MIN_LEN {
        return Finished::Typing;
    }
    // long and fast but not a ticket (a URL, another QR): refused by the core,
    // never replayed as commands
    Finished::Codes(vec![code])
}

impl State {
    pub(super) fn scan_key(&mut self, ctx: &Ctx, key: KeyEvent, at: Instant, out: &mut Outbox) {
        // a burst that went quiet before this key is over
        if let Some(b) = self.scan.poll_burst(at) {
            self.finish(ctx, b, out);
        }
        match key.code {
            KeyCode::Char(c) => {
                self.scan.push_burst(c, at);
                self.scan_keys.push(key);
                out.later(SCAN_IDLE, Timer::ScanIdle);
            }
            KeyCode::Enter => {
                self.scan_keys.push(key);
                match self.scan.push_burst('\r', at) {
                    Some(b) => self.finish(ctx, b, out),
                    None => out.replay.append(&mut self.scan_keys),
                }
            }
            _ => {
                // another key ends the burst; it follows the burst's keys in order
                if let Some(b) = self.scan.end() {
                    self.finish(ctx, b, out);
                }
                out.replay.append(&mut self.scan_keys);
                out.replay.push(key);
            }
        }
    }

    pub(super) fn scan_idle(&mut self, ctx: &Ctx, at: Instant, out: &mut Outbox) {
        if let Some(b) = self.scan.poll_burst(at) {
            self.finish(ctx, b, out);
        }
    }

    /// Bracketed paste: a scanner in some terminals, or a person pasting.
    pub(super) fn pasted(&mut self, ctx: &Ctx, text: String, out: &mut Outbox) {
        let burst = Burst { raw: text, enter: true };
        match classify(&burst, self.typing()) {
            Finished::Typing => {
                for c in burst.raw.chars().filter(|c| !c.is_control()) {
                    self.input(c);
                }
            }
            other => self.act(ctx, other, CheckInMethod::Qr, out),
        }
    }

    fn finish(&mut self, ctx: &Ctx, burst: Burst, out: &mut Outbox) {
        let mut keys = std::mem::take(&mut self.scan_keys);
        let mut burst = burst;
        // a person's key just before a scan (`5`, then the scanner at once):
        // that key is theirs, the rest is the scan
        let code = burst.code();
        if let Some(p) = code.find(PREFIX).filter(|p| (1..SCAN_MIN_LEN).contains(p)) {
            let mut n = 0;
            let mut split = 0;
            for (i, k) in keys.iter().enumerate() {
                if n >= p {
                    break;
                }
                if let KeyCode::Char(c) = k.code {
                    n += input::normalize(&c.to_string()).len();
                }
                split = i + 1;
            }
            let rest = keys.split_off(split);
            out.replay.append(&mut keys);
            keys = rest;
            burst = Burst {
                raw: keys
                    .iter()
                    .filter_map(|k| match k.code {
                        KeyCode::Char(c) => Some(c),
                        _ => None,
                    })
                    .collect(),
                enter: burst.enter,
            };
        }
        match classify(&burst, self.typing()) {
            Finished::Typing => out.replay.extend(keys),
            other => self.act(ctx, other, CheckInMethod::Qr, out),
        }
    }

    fn act(&mut self, ctx: &Ctx, what: Finished, method: CheckInMethod, out: &mut Outbox) {
        match what {
            Finished::Codes(codes) => {
                for code in codes {
                    self.send_code(ctx, &code, method, out);
                }
            }
            Finished::BookingNumber(number) => {
                self.query = number;
                self.modal = Modal::Search;
                self.selected = 0;
                self.offset = 0;
            }
            Finished::Typing => {}
        }
    }

    /// Sends one code to the core; the panel says "checking" until it answers.
    pub(super) fn send_code(&mut self, ctx: &Ctx, code: &str, method: CheckInMethod, out: &mut Outbox) {
        if self.returns.is_some() {
            // counting the group back: the same ticket again is a return
            self.return_code(code, out);
            return;
        }
        let mut req = CheckInRequest::scan(code, self.departure);
        req.method = method;
        self.send(ctx, req, code.to_string(), out);
    }

    pub(super) fn send(&mut self, ctx: &Ctx, mut req: CheckInRequest, what: String, out: &mut Outbox) {
        req.location = self.location();
        req.occurred_at = ctx.now;
        self.checking.push((req.event_id, what.clone()));
        self.panel = Panel::Checking(what);
        call(out, Call::CheckIn(req));
    }

    /// Where the scan happens, for the record: the departure's meeting point.
    fn location(&self) -> String {
        self.manifest
            .as_ref()
            .map(|m| m.meeting_point.chars().take(200).collect())
            .unwrap_or_default()
    }

    /// A verdict (decided on this laptop when `offline`), or no answer.
    pub(super) fn checked_in(
        &mut self,
        ctx: &Ctx,
        id: Uuid,
        r: Result<(Box<CheckIn>, bool), UiError>,
        out: &mut Outbox,
    ) {
        self.checking.retain(|(e, _)| *e != id);
        let panel = match r {
            Ok((c, offline)) => {
                if !matches!(c.verdict, Verdict::Admitted { .. } | Verdict::AlreadyCheckedIn { .. }) {
                    out.bell();
                }
                self.note_admitted(&c);
                Panel::Verdict(c, offline)
            }
            Err(e) => {
                // not a verdict on the ticket: never call it invalid for that
                out.bell();
                out.failed(ctx, &e);
                let text = crate::tui::strings::error_text(ctx.lang, e.code).to_string();
                Panel::Failed(text)
            }
        };
        self.recent.insert(0, panel.clone());
        self.recent.truncate(RECENT);
        self.panel = panel;
        self.reload(out);
    }

    /// Shows who came in on the manifest at once, before it is reloaded.
    fn note_admitted(&mut self, c: &CheckIn) {
        let Verdict::Admitted {
            admitted, departure_id, ..
        } = &c.verdict
        else {
            return;
        };
        let Some(m) = self.manifest.as_mut().filter(|m| m.departure_id == *departure_id) else {
            return;
        };
        for row in m.rows.iter_mut() {
            if !admitted.iter().any(|a| {
                row.participant_id
                    .server()
                    .is_some_and(|id| a.participant_id == Some(id))
            }) {
                continue;
            }
            // a scan moves a row from whichever count it was in to admitted
            match row.state {
                ManifestState::Admitted => continue,
                ManifestState::NoShow => m.no_shows = m.no_shows.saturating_sub(1),
                // (the server admits no one of a cancelled booking)
                ManifestState::Expected | ManifestState::Cancelled => m.expected = m.expected.saturating_sub(1),
            }
            row.state = ManifestState::Admitted;
            row.checked_in_at = Some(c.occurred_at);
            m.admitted += 1;
            self.undone.remove(&row.participant_id);
        }
    }
}
