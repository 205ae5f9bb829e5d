//! The server's answers to the shift screen's calls: what each does to
//! the screen (kept apart from the keys' handling in mod.rs).

use super::{Call, call};
use super::{Found, Mode, State};
use crate::booking::{Shift, ShiftState, ShiftWritten, TallyLine, ZReport};
use crate::domain::{ErrorCode, ShiftStatus};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use uuid::Uuid;

impl State {
    pub(super) fn status(&mut self, ctx: &Ctx, prompt: bool, result: Result<Found, UiError>, out: &mut Outbox) {
        self.loading = false;
        let typed = prompt && std::mem::take(&mut self.typed_while_asking);
        if prompt {
            self.asking = false;
        }
        match result {
            Ok(Some((st, dens))) => {
                // a shift closed here and awaiting approval stays on screen until approved or left
                if !matches!(self.mode, Mode::Approve { .. } | Mode::Report(_)) {
                    self.shift = Some(st);
                }
                self.denominations = dens;
            }
            Ok(None) => {
                if !matches!(self.mode, Mode::Approve { .. } | Mode::Report(_)) {
                    self.shift = None;
                }
                if typed {
                    // the clerk is busy on the pane: a notice, not a form under their fingers
                    out.info(ctx.text.shift.prompt_later);
                } else if prompt {
                    self.visible = true;
                    self.prompted = true;
                    self.mode = Mode::Open {
                        float: String::new(),
                        key: None,
                    };
                    out.info(ctx.text.shift.prompt);
                }
            }
            // the walk-in's own question failed (offline, say): ask again next time, quietly
            Err(_) if prompt => self.asked = false,
            Err(e) => out.failed(ctx, &e),
        }
    }

    pub(super) fn written(&mut self, ctx: &Ctx, r: Result<(), UiError>, done: &str, out: &mut Outbox) {
        self.sending = false;
        match r {
            Ok(()) => {
                self.mode = Mode::Status;
                self.prompted = false;
                out.success(done);
                self.reload(out);
            }
            Err(e) => {
                if e.code == ErrorCode::ShiftAlreadyOpen {
                    self.mode = Mode::Status;
                    self.reload(out);
                }
                out.failed(ctx, &e);
            }
        }
    }

    pub(super) fn closed(&mut self, ctx: &Ctx, r: Result<(ShiftWritten, Vec<TallyLine>), UiError>, out: &mut Outbox) {
        self.sending = false;
        match r {
            Ok((w, tally)) => {
                let shift = w.shift.shift_id;
                self.shift = Some(ShiftState { shift: w.shift, tally });
                self.mode = Mode::Approve {
                    shift,
                    pin: String::new(),
                    key: Uuid::now_v7(),
                };
                // the next walk-in asks for a new shift
                self.asked = false;
                out.success(ctx.text.shift.closed);
            }
            Err(e) => {
                if let Mode::Count { confirm, .. } = &mut self.mode {
                    *confirm = false;
                }
                out.failed(ctx, &e);
            }
        }
    }

    pub(super) fn approved(&mut self, ctx: &Ctx, r: Result<ZReport, UiError>, out: &mut Outbox) {
        self.sending = false;
        match r {
            Ok(report) => {
                self.shift = None;
                self.reviewing = false;
                self.mode = Mode::Report(Box::new(report));
                self.report_scroll = 0;
                out.success(ctx.text.shift.approved);
            }
            Err(e) if e.code == ErrorCode::Forbidden => out.error(ctx.text.shift.not_a_manager),
            Err(e) => out.failed(ctx, &e),
        }
    }

    pub(super) fn awaiting(&mut self, ctx: &Ctx, r: Result<Vec<Shift>, UiError>, out: &mut Outbox) {
        self.loading = false;
        match r {
            Ok(found) => {
                if let Mode::Awaiting { list, row } = &mut self.mode {
                    *row = (*row).min(found.len().saturating_sub(1));
                    *list = found;
                }
            }
            Err(e) => {
                self.mode = Mode::Status;
                out.failed(ctx, &e);
            }
        }
    }

    /// A shift chosen from the awaiting list: its figures on screen and a
    /// manager's PIN asked, as for one closed here. Approved meanwhile (at
    /// another desk): said, and the list asked again.
    pub(super) fn reviewed(&mut self, ctx: &Ctx, r: Result<ShiftState, UiError>, out: &mut Outbox) {
        self.sending = false;
        if !matches!(self.mode, Mode::Awaiting { .. }) {
            return; // left the list meanwhile
        }
        match r {
            Ok(st) if st.shift.status == ShiftStatus::AwaitingApproval => {
                let shift = st.shift.shift_id;
                self.shift = Some(st);
                self.reviewing = true;
                self.mode = Mode::Approve {
                    shift,
                    pin: String::new(),
                    key: Uuid::now_v7(),
                };
            }
            Ok(_) => {
                out.info(ctx.text.shift.awaiting_gone);
                self.loading = true;
                call(out, Call::Awaiting);
            }
            Err(e) => out.failed(ctx, &e),
        }
    }
}
