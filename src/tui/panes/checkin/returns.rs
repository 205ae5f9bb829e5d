//! The guide's return mode (issue 14, `R` on Check-in): at the end of the
//! trip the same scanner counts the group back, a name is ticked from the
//! list of people out, "everyone back" asks first, and someone who left the
//! group on the way is marked with a note. The list is the server's roll-call
//! (booking::rollcall): who is out, back, left, and MISSING once the
//! departure's end plus the grace period has passed. No I/O here: calls go
//! out through the pane's `Call`s and come back as `Msg`s.

use super::{Call, Confirm, Modal, Move, Msg, State, call};
use crate::booking::{ReturnOutcome, ReturnRequest, ReturnSubject, Rollcall, RollcallPerson};
use crate::domain::{DepartureId, RollcallState};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;
use chrono::{DateTime, TimeDelta, Utc};
use std::path::PathBuf;
use uuid::Uuid;

/// Out turns missing by time: the list is asked again this often.
pub const REFRESH_EVERY: TimeDelta = TimeDelta::seconds(20);

/// What the return mode holds besides the check-in pane's state.
#[derive(Debug, Default)]
pub struct Returns {
    /// the departure's roll-call, as the server last answered
    pub rollcall: Option<Rollcall>,
    loading: bool,
    stale: bool,
    /// when the roll-call was last asked for (the periodic re-check)
    asked: Option<DateTime<Utc>>,
    /// selection in `rollcall.everyone()` (as filtered) and the first row shown
    pub selected: usize,
    pub offset: usize,
    pub panel: ReturnPanel,
    /// returns sent and not yet answered (their keys)
    pub sending: Vec<Uuid>,
}

/// The left panel: the last return's answer.
#[derive(Debug, Clone, Default)]
pub enum ReturnPanel {
    #[default]
    Ready,
    Sending(String),
    Done(Box<ReturnOutcome>),
    Failed(String),
}

impl State {
    /// `R`: into the return mode (loading the roll-call) or back to check-in.
    pub(super) fn toggle_returns(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.returns.take().is_some() {
            self.modal = Modal::None;
            self.reload(out);
            return;
        }
        self.returns = Some(Returns::default());
        self.modal = Modal::None;
        self.query.clear();
        self.load_rollcall(ctx, out);
    }

    /// Asks for the roll-call of the shown departure; one load at a time.
    pub(super) fn load_rollcall(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let (Some(r), Some(id)) = (self.returns.as_mut(), self.departure) else {
            return;
        };
        r.asked = Some(ctx.now);
        if r.loading {
            r.stale = true;
            return;
        }
        r.loading = true;
        r.stale = false;
        call(out, Call::Rollcall(id));
    }

    /// Another departure was picked while counting: its roll-call.
    pub(super) fn returns_for_new_departure(&mut self, out: &mut Outbox) {
        let (Some(r), Some(id)) = (self.returns.as_mut(), self.departure) else {
            return;
        };
        r.loading = true;
        call(out, Call::Rollcall(id));
    }

    /// A roll-call changed somewhere (a return at another kiosk, the sweep).
    pub fn rollcall_changed(&mut self, ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        if visible && self.returns.is_some() && self.departure == Some(id) {
            self.load_rollcall(ctx, out);
        }
    }

    /// Once a second while shown: people turn missing without anyone writing.
    pub(super) fn returns_tick(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let due = self
            .returns
            .as_ref()
            .is_some_and(|r| r.asked.is_none_or(|at| ctx.now - at >= REFRESH_EVERY));
        if due {
            self.load_rollcall(ctx, out);
        }
    }

    /// The people listed, in order (missing, out, left, back), filtered by the search.
    pub fn return_rows(&self) -> Vec<&RollcallPerson> {
        let Some(rc) = self.returns.as_ref().and_then(|r| r.rollcall.as_ref()) else {
            return Vec::new();
        };
        let q = self.query.trim().to_lowercase();
        rc.everyone()
            .filter(|p| q.is_empty() || p.name.to_lowercase().contains(&q) || p.booking_number.contains(&q))
            .collect()
    }

    pub fn selected_person(&self) -> Option<&RollcallPerson> {
        let sel = self.returns.as_ref()?.selected;
        self.return_rows().get(sel).copied()
    }

    /// The return mode's share of `update`: what it handles is consumed,
    /// anything else is given back for the check-in pane.
    pub(super) fn returns_update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) -> Option<Msg> {
        if self.returns.is_none() {
            return match msg {
                Msg::Returns => {
                    self.toggle_returns(ctx, out);
                    None
                }
                other => Some(other),
            };
        }
        let left_note = matches!(self.modal, Modal::LeftNote(..));
        match msg {
            Msg::Returns => self.toggle_returns(ctx, out),
            Msg::Rollcall(id, r) => self.rollcall_loaded(ctx, id, r, out),
            Msg::Returned(key, r) => self.returned(ctx, key, r, out),
            Msg::Mustered(r) => match r {
                Ok((dir, files)) => {
                    let names: Vec<String> = files
                        .iter()
                        .filter_map(|f| f.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect();
                    out.success(fill(
                        ctx.text.returns.muster_written,
                        &[&dir.display(), &names.join(", ")],
                    ))
                }
                Err(e) => out.error(e),
            },
            Msg::Move(m) if matches!(self.modal, Modal::None | Modal::Search) => self.return_move(m),
            Msg::Enter if left_note => self.send_left(ctx, out),
            Msg::Enter if matches!(self.modal, Modal::None | Modal::Search) => self.tick_selected(ctx, out),
            Msg::Input(c) if left_note => {
                if let Modal::LeftNote(_, _, note) = &mut self.modal {
                    note.push(c);
                }
            }
            Msg::Backspace if left_note => {
                if let Modal::LeftNote(_, _, note) = &mut self.modal {
                    note.pop();
                }
            }
            Msg::Back if matches!(self.modal, Modal::None) && self.query.is_empty() => self.toggle_returns(ctx, out),
            Msg::Everyone => self.ask_everyone_back(ctx, out),
            Msg::LeftGroup => self.ask_left(ctx, out),
            Msg::Muster => {
                if let Some(id) = self.departure {
                    call(out, Call::Muster(id));
                }
            }
            Msg::Answer(yes) if matches!(self.modal, Modal::Confirm(Confirm::EveryoneBack { .. })) => {
                self.modal = Modal::None;
                if let (true, Some(id)) = (yes, self.departure) {
                    self.send_return(
                        ReturnRequest::back(ReturnSubject::Everyone(id), Some(id)),
                        String::new(),
                        out,
                    );
                }
            }
            other => return Some(other),
        }
        None
    }

    /// A scanned code in return mode: its holder (or party) is back.
    pub(super) fn return_code(&mut self, code: &str, out: &mut Outbox) {
        let req = ReturnRequest::back(ReturnSubject::Code(code.to_string()), self.departure);
        self.send_return(req, code.to_string(), out);
    }

    fn send_return(&mut self, req: ReturnRequest, what: String, out: &mut Outbox) {
        if let Some(r) = self.returns.as_mut() {
            r.sending.push(req.key);
            r.panel = ReturnPanel::Sending(what);
        }
        call(out, Call::Return(req));
    }

    fn tick_selected(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(p) = self.selected_person() else {
            out.info(ctx.text.checkin.nothing_selected);
            return;
        };
        let (id, name) = (p.participant_id, p.name.clone());
        let req = ReturnRequest::back(ReturnSubject::Participant(id), self.departure);
        self.send_return(req, name, out);
        if self.modal == Modal::Search {
            self.modal = Modal::None;
            self.query.clear();
            if let Some(r) = self.returns.as_mut() {
                r.selected = 0;
                r.offset = 0;
            }
        }
    }

    fn ask_everyone_back(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let people = self
            .returns
            .as_ref()
            .and_then(|r| r.rollcall.as_ref())
            .map_or(0, |rc| rc.out.len() + rc.missing.len());
        if people == 0 {
            out.info(ctx.text.returns.nobody_out);
            return;
        }
        self.modal = Modal::Confirm(Confirm::EveryoneBack { people });
    }

    fn ask_left(&mut self, ctx: &Ctx, out: &mut Outbox) {
        match self.selected_person() {
            Some(p) if matches!(p.state, RollcallState::Out | RollcallState::Missing) => {
                self.modal = Modal::LeftNote(p.participant_id, p.name.clone(), String::new());
            }
            Some(_) => out.info(ctx.text.returns.nobody_out),
            None => out.info(ctx.text.checkin.nothing_selected),
        }
    }

    fn send_left(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Modal::LeftNote(id, name, note) = &self.modal else {
            return;
        };
        if note.trim().is_empty() {
            out.info(ctx.text.returns.note_needed);
            return;
        }
        let mut req = ReturnRequest::left(*id, note.trim());
        req.departure = self.departure;
        let name = name.clone();
        self.modal = Modal::None;
        self.send_return(req, name, out);
    }

    fn rollcall_loaded(&mut self, ctx: &Ctx, id: DepartureId, r: Result<Box<Rollcall>, UiError>, out: &mut Outbox) {
        if Some(id) != self.departure {
            return;
        }
        let Some(ret) = self.returns.as_mut() else { return };
        ret.loading = false;
        let again = ret.stale;
        match r {
            Ok(rc) => {
                ret.rollcall = Some(*rc);
                let n = self.return_rows().len();
                if let Some(ret) = self.returns.as_mut() {
                    ret.selected = ret.selected.min(n.saturating_sub(1));
                    ret.offset = ret.offset.min(ret.selected);
                }
            }
            Err(e) => out.failed(ctx, &e),
        }
        if again {
            self.load_rollcall(ctx, out);
        }
    }

    fn returned(&mut self, ctx: &Ctx, key: Uuid, r: Result<Box<ReturnOutcome>, UiError>, out: &mut Outbox) {
        let Some(ret) = self.returns.as_mut() else { return };
        if !ret.sending.contains(&key) {
            return;
        }
        ret.sending.retain(|k| *k != key);
        match r {
            Ok(o) => {
                if o.recorded.is_empty() && o.already.is_empty() {
                    out.bell();
                }
                ret.panel = ReturnPanel::Done(o);
            }
            Err(e) => {
                out.bell();
                ret.panel = ReturnPanel::Failed(crate::tui::strings::error_text(ctx.lang, e.code).to_string());
                out.failed(ctx, &e);
            }
        }
        self.load_rollcall(ctx, out);
    }

    fn return_move(&mut self, m: Move) {
        let n = self.return_rows().len();
        let Some(r) = self.returns.as_mut() else { return };
        r.selected = super::list::step(r.selected, n, m);
        if r.selected < r.offset {
            r.offset = r.selected;
        }
    }
}

/// Where the kiosk writes a muster list: the private data folder.
pub fn muster_dir() -> PathBuf {
    crate::logging::data_dir()
}
