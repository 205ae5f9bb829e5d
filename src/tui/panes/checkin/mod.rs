//! The check-in pane: a guide at the meeting point scans tickets (a USB
//! scanner typing at any moment, no field to focus), reads a big verdict, and
//! keeps the manifest beside it: who is in, who is missing, manual check-in,
//! undo, no-shows, closing check-in, and QR codes from image files, one
//! pickup stop at a time on a bus route (`stops.rs`). At the end of the
//! trip the same screen counts the group back (`returns.rs`).

mod actions;
mod field;
pub mod io;
mod list;
pub mod mine;
mod pay;
pub mod returns;
mod scan;
pub mod stops;
#[cfg(test)]
mod tests;
mod undo;
pub mod view;

use super::{Ctx, Outbox, PaneCall};
use crate::booking::{
    CheckIn, CheckInRequest, CloseReport, Departure, Manifest, MoneyMoved, PickupManifest, ReturnOutcome,
    ReturnRequest, Rollcall, UndoneCheckIn,
};
use crate::domain::{DepartureId, DepartureStatus, ManifestState, ParticipantRef, PaymentMethod};
use crate::field::PrepareReport;
use crate::ticket::input::ScanBuffer;
use crate::tui::action::{FieldInfo, UiError};
use chrono::{DateTime, TimeDelta, Utc};
use crossterm::event::KeyEvent;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use uuid::Uuid;

pub use list::Row;
pub use pay::{PayForm, parse_amount};
pub use returns::{ReturnPanel, Returns};
pub use stops::Stop;
pub use undo::UndoAsk;

/// A scanner types a character every 1–10 ms; 80 ms of silence ends a burst.
pub const SCAN_IDLE: Duration = Duration::from_millis(80);
/// Shorter bursts ended by silence are a person pressing keys.
pub const SCAN_MIN_LEN: usize = 6;
/// How many verdicts the recent-scans strip keeps.
const RECENT: usize = 8;

#[derive(Debug)]
pub struct State {
    /// the departure being checked in
    pub departure: Option<DepartureId>,
    /// departures to pick from (three hours back, two days ahead)
    pub departures: Vec<Departure>,
    pub departures_loaded: bool,
    pub manifest: Option<Manifest>,
    /// a manifest load is under way; `stale`: load again when it returns
    loading: bool,
    stale: bool,
    /// participants whose check-in was undone here (shown as "undone")
    pub undone: HashSet<ParticipantRef>,
    scan: ScanBuffer,
    /// the keys of the burst being collected, to give back if a person typed them
    scan_keys: Vec<KeyEvent>,
    /// check-ins sent and not yet answered: event id, what was sent
    pub checking: Vec<(Uuid, String)>,
    pub panel: Panel,
    /// the latest verdicts, newest first
    pub recent: Vec<Panel>,
    /// the search text (filters the manifest while not empty)
    pub query: String,
    /// selection in the filtered manifest and the first row shown
    pub selected: usize,
    pub offset: usize,
    pub modal: Modal,
    /// this laptop's field store: what is prepared, its allotments
    pub field: FieldInfo,
    /// a prepare or release is under way
    pub preparing: bool,
    /// the guide's return mode (`R`): counting the group back
    pub returns: Option<Returns>,
    /// the departure's pickup run (none offline, or not loaded yet)
    pub pickups: Option<PickupManifest>,
    /// `s`: only the people of this pickup stop (None: everyone)
    pub stop: Option<Stop>,
}

impl Default for State {
    fn default() -> Self {
        State {
            departure: None,
            departures: Vec::new(),
            departures_loaded: false,
            manifest: None,
            loading: false,
            stale: false,
            undone: HashSet::new(),
            scan: ScanBuffer::new(SCAN_IDLE, SCAN_MIN_LEN),
            scan_keys: Vec::new(),
            checking: Vec::new(),
            panel: Panel::Ready,
            recent: Vec::new(),
            query: String::new(),
            selected: 0,
            offset: 0,
            modal: Modal::None,
            field: FieldInfo::default(),
            preparing: false,
            returns: None,
            pickups: None,
            stop: None,
        }
    }
}

/// What the big panel shows. It stays until the next scan.
#[derive(Debug, Clone)]
pub enum Panel {
    Ready,
    /// sent to the core, no answer yet (what was scanned)
    Checking(String),
    /// the verdict, and whether it was decided on this laptop (offline)
    Verdict(Box<CheckIn>, bool),
    /// the core did not answer (offline, an error): localized message
    Failed(String),
}

/// What takes the keys besides the manifest.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    None,
    /// the search field has the keys
    Search,
    /// picking a departure: selection in `departures`
    Picker(usize),
    /// a path to an image file
    Image(String),
    /// preparing this laptop: seats to lease for offline sales (digits)
    Prepare(String),
    Confirm(Confirm),
    /// u: whose check-in to undo, and why
    Undo(UndoAsk),
    /// m: taking the unpaid balance the verdict showed
    Pay(PayForm),
    /// l in return mode: who left the group (id, name), and the note typed
    LeftNote(ParticipantRef, String, String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// check in these bookings (people still waiting in all)
    Everyone {
        bookings: Vec<String>,
        people: usize,
    },
    Close {
        force: bool,
    },
    Reopen,
    /// give back this laptop's unsold seats on the departure
    Release {
        seats: i32,
    },
    /// return mode: mark everyone still out (or missing) back
    EveryoneBack {
        people: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

/// Why an image gave no codes.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeFailure {
    NoFile,
    NotImage,
    Other(String),
}

#[derive(Debug, Clone)]
pub enum Msg {
    /// Text pasted into the terminal (a scanner in some terminals, or a person).
    Pasted(String),
    /// The scanner has been quiet since this instant's burst.
    ScanIdle(Instant),
    /// A key taken before anything else: maybe part of a scanner burst.
    ScanKey(KeyEvent, Instant),
    // answers of the core
    Departures(Result<Vec<Departure>, UiError>),
    Departure(Result<Box<Departure>, UiError>),
    Manifest(DepartureId, Result<Box<Manifest>, UiError>),
    /// the departure's pickup run (None: offline, none to know)
    Pickups(DepartureId, Result<Option<Box<PickupManifest>>, UiError>),
    CheckedIn(Uuid, Result<Box<CheckIn>, UiError>),
    /// a verdict decided on this laptop, the database gone (journalled)
    Offline(Uuid, Box<CheckIn>),
    Prepared(Result<Box<PrepareReport>, UiError>),
    /// seats given back
    Released(Result<i32, UiError>),
    /// the field store changed (pending entries, allotments)
    Field(FieldInfo),
    Undone(ParticipantRef, Result<UndoneCheckIn, UiError>),
    Paid(Result<MoneyMoved, UiError>),
    NoShowSet(ParticipantRef, bool, Result<(), UiError>),
    Closed(bool, Result<CloseReport, UiError>),
    Reopened(Result<i32, UiError>),
    Decoded(PathBuf, Result<Vec<String>, DecodeFailure>),
    // the guide's keys
    Move(Move),
    OpenSearch,
    Input(char),
    Backspace,
    /// Esc: close the field or question, clear the search
    Back,
    /// Enter outside a scan: the selected person, the picked departure, the path
    Enter,
    CheckInBooking,
    Undo,
    ToggleNoShow,
    Everyone,
    CloseCheckIn,
    Reopen,
    OpenPicker,
    OpenImage,
    Answer(bool),
    /// p: prepare this laptop for the departure
    Prepare,
    /// r: give back this laptop's allotment
    Release,
    /// v: the sync conflicts
    Review,
    /// m: take the unpaid balance of the verdict shown
    TakePayment,
    /// s: the next pickup stop's people only (after the last, everyone)
    NextStop,
    /// Tab in the payment form: the amount or the slip number
    Tab,
    // the return mode (returns.rs)
    /// R: into the return mode, or back to check-in
    Returns,
    /// l: the selected person left the group (asks a note)
    LeftGroup,
    /// m in return mode: write the muster list
    Muster,
    Rollcall(DepartureId, Result<Box<Rollcall>, UiError>),
    /// the answer to the return sent with this key
    Returned(Uuid, Result<Box<ReturnOutcome>, UiError>),
    /// the muster list's folder and files (CSV, PNG pages), or why not written
    Mustered(Result<(PathBuf, Vec<PathBuf>), String>),
}

#[derive(Debug, Clone)]
pub enum Call {
    Departures {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    Departure(DepartureId),
    Manifest(DepartureId),
    /// the pickup run, for check-in per stop
    Pickups(DepartureId),
    CheckIn(CheckInRequest),
    Undo {
        participant: ParticipantRef,
        reason: String,
    },
    Pay {
        booking: String,
        amount_minor: i64,
        method: PaymentMethod,
        reference: String,
        key: Uuid,
    },
    NoShow {
        participant: ParticipantRef,
        no_show: bool,
    },
    Close {
        departure: DepartureId,
        force: bool,
    },
    Reopen(DepartureId),
    Decode(PathBuf),
    /// takes the departure along (keeping the others prepared), leasing `seats`
    Prepare {
        departure: DepartureId,
        seats: Option<u32>,
    },
    Release(DepartureId),
    Rollcall(DepartureId),
    Return(ReturnRequest),
    /// writes the muster list into the data folder
    Muster(DepartureId),
}

fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::CheckIn(c));
}

impl State {
    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        let Some(msg) = self.returns_update(ctx, msg, out) else {
            return;
        };
        match msg {
            Msg::Pasted(text) => self.pasted(ctx, text, out),
            Msg::ScanIdle(at) => self.scan_idle(ctx, at, out),
            Msg::ScanKey(key, at) => self.scan_key(ctx, key, at, out),
            Msg::Departures(r) => self.departures_loaded(ctx, r, out),
            Msg::Departure(r) => match r {
                Ok(d) => {
                    let d = *d;
                    let (from, to) = picker_window(ctx.now);
                    let wanted = self.departure == Some(d.id) || (from..=to).contains(&d.starts_at);
                    if let Some(i) = self.departures.iter().position(|x| x.id == d.id) {
                        self.departures[i] = d;
                    } else if wanted {
                        self.departures.push(d);
                        mine::order(&mut self.departures, ctx);
                    }
                }
                Err(e) => out.failed(ctx, &e),
            },
            Msg::Manifest(id, r) => self.manifest_loaded(ctx, id, r, out),
            Msg::Pickups(id, r) => self.pickups_loaded(id, r),
            Msg::NextStop => self.next_stop(ctx, out),
            Msg::CheckedIn(id, r) => self.checked_in(ctx, id, r.map(|c| (c, false)), out),
            Msg::Offline(id, c) => {
                // decided here because the database did not answer: the header says so at once
                out.offline = true;
                self.checked_in(ctx, id, Ok((c, true)), out);
            }
            Msg::Prepared(r) => self.prepared(ctx, r, out),
            Msg::Released(r) => self.released(ctx, r, out),
            Msg::Field(info) => self.field = info,
            Msg::Prepare => self.ask_prepare(ctx, out),
            Msg::Release => self.ask_release(ctx, out),
            Msg::Review => out.review = true,
            Msg::Undone(p, r) => self.undone(ctx, p, r, out),
            Msg::Paid(r) => self.paid(ctx, r, out),
            Msg::TakePayment => self.ask_payment(ctx, out),
            Msg::Tab => self.pay_toggle(false),
            Msg::NoShowSet(p, no_show, r) => self.no_show_set(ctx, p, no_show, r, out),
            Msg::Closed(force, r) => self.closed(ctx, force, r, out),
            Msg::Reopened(r) => self.reopened(ctx, r, out),
            Msg::Decoded(path, r) => self.decoded(ctx, path, r, out),
            Msg::Move(m) => self.move_selection(m),
            Msg::OpenSearch => self.modal = Modal::Search,
            Msg::Input(c) => match self.modal {
                Modal::Undo(_) => self.undo_input(ctx, c, out),
                Modal::Pay(_) => self.pay_input(c),
                _ => self.input(c),
            },
            Msg::Backspace => self.backspace(),
            Msg::Back => self.back(),
            Msg::Enter => self.enter(ctx, out),
            Msg::CheckInBooking => self.check_in_booking(ctx, out),
            Msg::Undo => self.undo(ctx, out),
            Msg::ToggleNoShow => self.toggle_no_show(ctx, out),
            Msg::Everyone => self.ask_everyone(ctx, out),
            Msg::CloseCheckIn => self.ask_close(ctx, out),
            Msg::Reopen => self.ask_reopen(ctx, out),
            Msg::OpenPicker => self.open_picker(),
            Msg::OpenImage => self.modal = Modal::Image(String::new()),
            Msg::Answer(yes) => self.answer(ctx, yes, out),
            // return mode's own, out of it: nothing to do
            Msg::Returns | Msg::LeftGroup | Msg::Muster | Msg::Rollcall(..) | Msg::Returned(..) | Msg::Mustered(..) => {
            }
        }
    }

    /// Brought to the front (or reconnected): reload what is shown.
    pub fn show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let (from, to) = picker_window(ctx.now);
        call(out, Call::Departures { from, to });
        self.reload(out);
    }

    pub fn focus_departure(&mut self, _ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        if !self.departures.iter().any(|d| d.id == id) {
            call(out, Call::Departure(id));
        }
        self.set_departure(id, out);
    }

    pub fn departure_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        // an unknown one too: a departure added at another desk joins the
        // picker when it falls in its window (it used to wait for a reload)
        if visible {
            call(out, Call::Departure(id));
        }
        self.changed(id, visible, out);
    }

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        self.changed(id, visible, out);
    }

    /// Nothing moves by itself here: no redraw per second. In return mode
    /// the roll-call is asked again now and then (people turn missing by time).
    pub fn tick(&mut self, ctx: &Ctx, out: &mut Outbox) -> bool {
        self.returns_tick(ctx, out);
        false
    }

    pub fn typing(&self) -> bool {
        matches!(
            self.modal,
            Modal::Search | Modal::Image(_) | Modal::Prepare(_) | Modal::Undo(_) | Modal::Pay(_) | Modal::LeftNote(..)
        )
    }

    /// The shown departure changed somewhere: reload now, or when shown.
    fn changed(&mut self, id: DepartureId, visible: bool, out: &mut Outbox) {
        // when hidden, show() reloads on the way back
        if visible && self.departure == Some(id) {
            self.reload(out);
        }
    }

    /// Loads the manifest of the shown departure; one load at a time, and
    /// one more if something changed meanwhile.
    fn reload(&mut self, out: &mut Outbox) {
        let Some(id) = self.departure else { return };
        if self.loading {
            self.stale = true;
            return;
        }
        self.loading = true;
        self.stale = false;
        call(out, Call::Manifest(id));
        // who is picked up where changes with the bookings: asked again with them
        self.load_pickups(out);
    }

    fn set_departure(&mut self, id: DepartureId, out: &mut Outbox) {
        if self.departure == Some(id) {
            return;
        }
        self.departure = Some(id);
        self.manifest = None;
        self.undone.clear();
        self.selected = 0;
        self.offset = 0;
        self.query.clear();
        self.pickups = None;
        self.stop = None;
        self.panel = Panel::Ready;
        self.loading = false;
        self.reload(out);
        if self.returns.is_some() {
            self.returns = Some(Returns::default());
            self.returns_for_new_departure(out);
        }
    }

    fn departures_loaded(&mut self, ctx: &Ctx, r: Result<Vec<Departure>, UiError>, out: &mut Outbox) {
        match r {
            Ok(list) => {
                // keep a departure focused from elsewhere even when outside the window
                let kept: Vec<Departure> = self
                    .departures
                    .iter()
                    .filter(|d| Some(d.id) == self.departure && !list.iter().any(|x| x.id == d.id))
                    .cloned()
                    .collect();
                self.departures = list;
                self.departures.extend(kept);
                mine::order(&mut self.departures, ctx);
                self.departures_loaded = true;
                if self.departure.is_none()
                    && let Some(id) = default_departure(&self.departures, ctx.now)
                {
                    self.set_departure(id, out);
                }
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    fn manifest_loaded(&mut self, ctx: &Ctx, id: DepartureId, r: Result<Box<Manifest>, UiError>, out: &mut Outbox) {
        if Some(id) != self.departure {
            return;
        }
        self.loading = false;
        match r {
            Ok(m) => {
                // forget "undone" for whoever is in again
                self.undone.retain(|p| {
                    m.rows
                        .iter()
                        .any(|r| r.participant_id == *p && matches!(r.state, ManifestState::Expected))
                });
                self.manifest = Some(*m);
                self.clamp_selection();
            }
            Err(e) => out.failed(ctx, &e),
        }
        if self.stale {
            self.reload(out);
        }
    }

    /// The shown departure as listed (status, seats), when known.
    pub fn shown_departure(&self) -> Option<&Departure> {
        self.departures.iter().find(|d| Some(d.id) == self.departure)
    }
}

/// The departures the picker offers: from those that started three hours
/// ago (still checking in late arrivals) to two days ahead.
fn picker_window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (now - TimeDelta::hours(3), now + TimeDelta::days(2))
}

/// The next departure: the first in the list's order (a guide's own today
/// first, else by start) not started more than two hours ago and not
/// cancelled; else the first not started that long ago; else the latest
/// that started.
pub fn default_departure(list: &[Departure], now: DateTime<Utc>) -> Option<DepartureId> {
    let recent = |d: &&Departure| d.starts_at >= now - TimeDelta::hours(2);
    list.iter()
        .filter(recent)
        .find(|d| !matches!(d.status, DepartureStatus::Cancelled))
        .or_else(|| list.iter().find(recent))
        .or_else(|| list.iter().max_by_key(|d| d.starts_at))
        .map(|d| d.id)
}

impl State {
    /// True while keys of an unfinished burst are held back.
    pub fn scan_pending(&self) -> bool {
        self.scan.is_pending()
    }
}
