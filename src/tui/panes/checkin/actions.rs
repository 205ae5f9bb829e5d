//! The guide's manual actions: check in by hand, undo, no-shows, everyone
//! here, closing and reopening check-in, the departure picker, image files.

use super::{Call, Confirm, DecodeFailure, Modal, Row, State, call};
use crate::booking::{CheckInMethod, CheckInRequest, CloseReport, UndoneCheckIn};
use crate::domain::{ErrorCode, ManifestState, ParticipantRef};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;
use std::path::PathBuf;

impl State {
    pub(super) fn enter(&mut self, ctx: &Ctx, out: &mut Outbox) {
        match std::mem::replace(&mut self.modal, Modal::None) {
            Modal::Picker(i) => {
                if let Some(id) = self.departures.get(i).map(|d| d.id) {
                    self.set_departure(id, out);
                }
            }
            Modal::Image(path) => {
                let path = path.trim().to_string();
                if !path.is_empty() {
                    call(out, Call::Decode(PathBuf::from(path)));
                }
            }
            Modal::Prepare(seats) => self.prepare_entered(ctx, &seats, out),
            c @ Modal::Confirm(_) => self.modal = c,
            u @ Modal::Undo(_) => {
                self.modal = u;
                self.send_undo(ctx, out);
            }
            l @ Modal::LeftNote(..) => self.modal = l,
            p @ Modal::Pay(_) => {
                self.modal = p;
                self.send_payment(ctx, out);
            }
            was @ (Modal::Search | Modal::None) => {
                let Some(row) = self.selected_row() else {
                    self.modal = was;
                    out.info(ctx.text.checkin.nothing_selected);
                    return;
                };
                let name = row.name.clone();
                let req = match row.participant_id.server() {
                    Some(p) => CheckInRequest::participant(p, self.departure),
                    // a person of this laptop's own sale: their booking answers
                    None => CheckInRequest::booking(&row.booking_number, self.departure),
                };
                self.send(ctx, req, name, out);
                if was == Modal::Search {
                    // the next person is searched from scratch
                    self.query.clear();
                    self.selected = 0;
                    self.offset = 0;
                }
            }
        }
    }

    pub(super) fn check_in_booking(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(number) = self.selected_row().map(|r| r.booking_number.clone()) else {
            out.info(ctx.text.checkin.nothing_selected);
            return;
        };
        let req = CheckInRequest::booking(&number, self.departure);
        self.send(ctx, req, number, out);
    }

    pub(super) fn toggle_no_show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.checkin;
        let Some(row) = self.selected_row() else {
            out.info(t.nothing_selected);
            return;
        };
        let no_show = match self.row_state(row) {
            Row::In => {
                out.info(fill(t.undo_first, &[&row.name]));
                return;
            }
            Row::Cancelled => return,
            Row::NoShow => false,
            Row::Waiting | Row::Undone => true,
        };
        let participant = row.participant_id;
        call(out, Call::NoShow { participant, no_show });
    }

    pub(super) fn ask_everyone(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(m) = &self.manifest else {
            out.info(ctx.text.checkin.pick_departure_first);
            return;
        };
        // at one pickup stop: everyone boarding there
        let waiting: Vec<_> = m
            .rows
            .iter()
            .filter(|r| matches!(r.state, ManifestState::Expected) && self.at_stop(r))
            .collect();
        if waiting.is_empty() {
            out.info(ctx.text.checkin.all_in);
            return;
        }
        let mut bookings: Vec<String> = waiting.iter().map(|r| r.booking_number.clone()).collect();
        bookings.dedup();
        self.modal = Modal::Confirm(Confirm::Everyone {
            bookings,
            people: waiting.len(),
        });
    }

    pub(super) fn ask_close(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.departure.is_none() {
            out.info(ctx.text.checkin.pick_departure_first);
            return;
        }
        self.modal = Modal::Confirm(Confirm::Close { force: false });
    }

    pub(super) fn ask_reopen(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.departure.is_none() {
            out.info(ctx.text.checkin.pick_departure_first);
            return;
        }
        self.modal = Modal::Confirm(Confirm::Reopen);
    }

    pub(super) fn open_picker(&mut self) {
        let i = self
            .departure
            .and_then(|id| self.departures.iter().position(|d| d.id == id))
            .unwrap_or(0);
        self.modal = Modal::Picker(i);
    }

    pub(super) fn answer(&mut self, ctx: &Ctx, yes: bool, out: &mut Outbox) {
        let Modal::Confirm(c) = std::mem::replace(&mut self.modal, Modal::None) else {
            return;
        };
        let Some(departure) = self.departure.filter(|_| yes) else {
            return;
        };
        match c {
            Confirm::Everyone { bookings, .. } => {
                for number in bookings {
                    let req = CheckInRequest::booking(&number, Some(departure));
                    self.send(ctx, req, number, out);
                }
            }
            Confirm::Close { force } => call(out, Call::Close { departure, force }),
            Confirm::Reopen => call(out, Call::Reopen(departure)),
            Confirm::Release { .. } => self.release(departure, out),
            // answered in return mode (returns.rs)
            Confirm::EveryoneBack { .. } => {}
        }
    }

    fn name_of(&self, p: ParticipantRef) -> String {
        self.manifest
            .as_ref()
            .and_then(|m| m.rows.iter().find(|r| r.participant_id == p))
            .map(|r| r.name.clone())
            .unwrap_or_else(|| p.to_string())
    }

    /// The booking of `p` as the manifest has it: its number, how many of
    /// its party are in, and how many it has (cancelled ones aside).
    fn party_in(&self, p: ParticipantRef) -> Option<(String, usize, usize)> {
        let m = self.manifest.as_ref()?;
        let number = &m.rows.iter().find(|r| r.participant_id == p)?.booking_number;
        let party = m
            .rows
            .iter()
            .filter(|r| &r.booking_number == number && !matches!(r.state, ManifestState::Cancelled));
        let (inn, total) = party.fold((0, 0), |(i, n), r| {
            (i + usize::from(matches!(r.state, ManifestState::Admitted)), n + 1)
        });
        Some((number.clone(), inn, total))
    }

    pub(super) fn undone(&mut self, ctx: &Ctx, p: ParticipantRef, r: Result<UndoneCheckIn, UiError>, out: &mut Outbox) {
        match r {
            Ok(_) => {
                self.undone.insert(p);
                out.success(fill(ctx.text.checkin.undone_notice, &[&self.name_of(p)]));
                self.reload(out);
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    pub(super) fn no_show_set(
        &mut self,
        ctx: &Ctx,
        p: ParticipantRef,
        no_show: bool,
        r: Result<(), UiError>,
        out: &mut Outbox,
    ) {
        let t = &ctx.text.checkin;
        match r {
            Ok(()) => {
                let name = self.name_of(p);
                let text = match self.party_in(p) {
                    // some of the party came: the guide must not read the
                    // no-show as the whole booking's
                    Some((number, inn, total)) if no_show && inn > 0 => {
                        fill(t.no_show_partly, &[&name, &inn, &total, &number])
                    }
                    _ if no_show => fill(t.no_show_set, &[&name]),
                    _ => fill(t.no_show_cleared, &[&name]),
                };
                out.success(text);
                self.reload(out);
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    pub(super) fn closed(&mut self, ctx: &Ctx, force: bool, r: Result<CloseReport, UiError>, out: &mut Outbox) {
        let t = &ctx.text.checkin;
        match r {
            Ok(rep) if rep.already_closed => out.info(t.already_closed),
            Ok(rep) => out.success(fill(t.closed_notice, &[&rep.admitted, &rep.no_shows])),
            // before check-in opens the core refuses unless forced: ask
            Err(e) if e.code == ErrorCode::CheckInNotOpen && !force => {
                self.modal = Modal::Confirm(Confirm::Close { force: true });
            }
            Err(e) => out.failed(ctx, &e),
        }
        self.reload(out);
    }

    pub(super) fn reopened(&mut self, ctx: &Ctx, r: Result<i32, UiError>, out: &mut Outbox) {
        match r {
            Ok(n) => out.success(fill(ctx.text.checkin.reopened, &[&n])),
            Err(e) => out.failed(ctx, &e),
        }
        self.reload(out);
    }

    pub(super) fn decoded(
        &mut self,
        ctx: &Ctx,
        path: PathBuf,
        r: Result<Vec<String>, DecodeFailure>,
        out: &mut Outbox,
    ) {
        let t = &ctx.text.checkin;
        let shown = path.display().to_string();
        match r {
            Ok(codes) if codes.is_empty() => {
                out.bell();
                out.error(fill(t.no_qr, &[&shown]));
            }
            Ok(codes) => {
                out.info(fill(t.found_codes, &[&codes.len()]));
                for code in codes {
                    self.send_code(ctx, &code, CheckInMethod::Image, out);
                }
            }
            Err(DecodeFailure::NoFile) => out.error(fill(t.no_file, &[&shown])),
            Err(DecodeFailure::NotImage) => out.error(fill(t.not_image, &[&shown])),
            Err(DecodeFailure::Other(e)) => out.error(e),
        }
    }
}
