//! The parties to rebook after a weather cancellation, as one screen: who
//! (booking, contact, **phone**, party, what they paid, the deadline), the
//! departures they may go to (kept live), the plan, and "move all that
//! fit" party by party with its progress; per party: move, refund, credit,
//! or Enter for its booking card.
//!
//! Why a mode of the Bookings pane and not of Departures: everything done
//! here is done to bookings, with the calls the booking card already makes
//! (`Call::Move` with the weather reason, `Call::Resolve` behind the same
//! y/n question as the card's R and C), and Enter opens the card in place —
//! Esc comes back to this list. The Departures pane only leads here (`p`
//! or Enter on a cancelled departure, and Enter after confirming a weather
//! cancellation), through `Outbox::rebook`.
//!
//! The bulk run is driven from here, one `Call::RebookOne` at a time: each
//! answer records that party and sends the next, so the screen shows "n of
//! m" as it goes and one party's failure stops nobody else's. One run key
//! per screen (made at the first run, kept for every run after): the server
//! derives each party's key from it, so pressing `a` again after a lost
//! answer replays what moved and moves nobody twice. A lost answer
//! (OUTCOME_UNKNOWN), a gone database or an ended session pauses the run
//! at that party; `a` resumes it.
//!
//! Kept live: a change of the cancelled departure reloads the parties (a
//! desk elsewhere resolved one); a change of any other departure refreshes
//! that one alternative, and the plan is asked again. Both wait while a run
//! is under way: its end reloads everything.

use super::{Call, Form, Msg, RebookForm, State, call};
use crate::booking::{Departure, Found, MoveRequest, PlannedParty, RebookParty, Resolution};
use crate::domain::{BookingId, BookingStatus, DepartureId, DepartureStatus, ErrorCode, MoveReason, PaymentStatus};
use crate::domain::{RebookStatus, SearchMatch};
use crate::service::RebookStep;
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Level, Outbox};
use crate::tui::strings::{error_text, fill};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

/// How far ahead alternatives are looked for (as the card's move picker).
pub const HORIZON_DAYS: i64 = super::moving::HORIZON_DAYS;

/// Which list the arrows move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    Alternatives,
    #[default]
    Parties,
}

/// A key on this screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    /// Tab: the other list
    Switch,
    /// Space (or Enter on an alternative): choose or drop it as a target
    Choose,
    /// `a`: move all that fit
    MoveAll,
    /// `m`: move the selected party where the plan puts it
    Move,
    Refund,
    Credit,
    /// Enter on a party: its booking card
    Open,
    Reload,
    Back,
    Yes,
    No,
}

/// Everything the screen loads at once.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: Departure,
    pub parties: Vec<RebookParty>,
    /// departures of the next days, alternatives among them
    pub departures: Vec<Departure>,
}

/// What the last run did to a party: shown on its row as the run goes
/// (the list itself is read again when the run ends).
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// moved onto this departure
    Moved(DepartureId),
    /// stayed: no chosen departure had room for it
    NoRoom,
    /// stayed: its move failed so
    Failed(ErrorCode),
}

/// A question on the footer, answered y / n.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// "move the n parties that fit?"
    MoveAll { fit: usize, of: usize },
    /// one party onto the departure its plan names; the key is made on y
    /// and kept for the retry of the same move
    MoveOne {
        number: String,
        to: DepartureId,
        key: Option<Uuid>,
        busy: bool,
    },
}

/// A bulk run under way (or done, until the next).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub key: Uuid,
    pub to: Vec<DepartureId>,
    /// the open parties of the plan, in order of booking
    pub queue: Vec<PlannedParty>,
    /// parties answered so far
    pub done: usize,
    pub moved: usize,
    pub not_fitted: usize,
    pub failed: usize,
    /// stopped at `queue[done]` (a lost answer, no database): `a` resumes
    pub paused: bool,
}

impl Run {
    pub fn finished(&self) -> bool {
        self.done >= self.queue.len()
    }

    fn going(&self) -> bool {
        !self.finished() && !self.paused
    }
}

#[derive(Debug, Clone)]
pub struct Parties {
    pub departure: DepartureId,
    pub source: Option<Departure>,
    pub list: Vec<RebookParty>,
    pub loading: bool,
    /// scheduled, not started, with room (or chosen): the same tour first
    pub alternatives: Vec<Departure>,
    /// targets in the order chosen: a party goes to the first with room
    pub chosen: Vec<DepartureId>,
    pub focus: Focus,
    pub alt_selected: usize,
    pub selected: usize,
    /// the server's plan for `chosen` (None: nothing chosen, or on its way)
    pub plan: Option<Vec<PlannedParty>>,
    /// bumps with every plan asked for: an older answer is dropped
    pub plan_seq: u64,
    pub run: Option<Run>,
    /// the run key of this screen (made at the first run)
    pub run_key: Option<Uuid>,
    /// what the last run did to each party it reached
    pub marks: BTreeMap<String, Mark>,
    pub ask: Option<Ask>,
}

impl Parties {
    fn new(departure: DepartureId, choose: Option<DepartureId>) -> Parties {
        Parties {
            departure,
            source: None,
            list: Vec::new(),
            loading: true,
            alternatives: Vec::new(),
            chosen: choose.into_iter().collect(),
            focus: Focus::default(),
            alt_selected: 0,
            selected: 0,
            plan: None,
            plan_seq: 0,
            run: None,
            run_key: None,
            marks: BTreeMap::new(),
            ask: None,
        }
    }

    pub fn open(&self) -> impl Iterator<Item = &RebookParty> {
        self.list.iter().filter(|p| p.status == RebookStatus::Open)
    }

    pub fn party(&self) -> Option<&RebookParty> {
        self.list.get(self.selected)
    }

    /// Where the plan puts a party (None: it fits on none of the chosen).
    pub fn planned(&self, number: &str) -> Option<&PlannedParty> {
        self.plan.as_ref()?.iter().find(|p| p.booking_number == number)
    }

    pub fn alternative(&self, id: DepartureId) -> Option<&Departure> {
        self.alternatives.iter().find(|d| d.id == id)
    }

    fn running(&self) -> bool {
        self.run.as_ref().is_some_and(Run::going)
    }

    /// Replaces the alternatives, keeping the cursor on the same departure.
    fn set_alternatives(&mut self, list: Vec<Departure>) {
        let keep = self.alternatives.get(self.alt_selected).map(|d| d.id);
        self.alternatives = list;
        self.alt_selected = keep
            .and_then(|id| self.alternatives.iter().position(|d| d.id == id))
            .unwrap_or(0)
            .min(self.alternatives.len().saturating_sub(1));
    }
}

/// The departures a party may go to from `source`: scheduled, not started,
/// with a free seat, the same tour first, then by time; a chosen one stays
/// (full or not) so the clerk sees why nobody fits on it.
pub fn alternatives(
    source: &Departure,
    all: &[Departure],
    chosen: &[DepartureId],
    now: DateTime<Utc>,
) -> Vec<Departure> {
    let mut list: Vec<Departure> = all
        .iter()
        .filter(|d| d.id != source.id)
        .filter(|d| {
            chosen.contains(&d.id) || (d.status == DepartureStatus::Scheduled && d.starts_at > now && d.free > 0)
        })
        .cloned()
        .collect();
    list.sort_by_key(|d| (d.tour_id != source.tour_id, d.starts_at, d.id.0));
    list
}

/// The card's heading row for a party opened from here (no search ran):
/// its booking on the departure it is on now.
fn found_of(p: &RebookParty, on: &Departure) -> Found {
    Found {
        booking_id: BookingId(0),
        booking_number: p.booking_number.clone(),
        confirmation_code: String::new(),
        departure_id: on.id,
        tour: on.tour.clone(),
        starts_at: on.starts_at,
        time_zone: on.time_zone.clone(),
        status: if p.status == RebookStatus::Open || p.status == RebookStatus::Moved {
            BookingStatus::Confirmed
        } else {
            BookingStatus::Cancelled
        },
        payment_status: PaymentStatus::Paid,
        adults: p.adults,
        children: p.children,
        contact_name: p.contact_name.clone(),
        contact_phone: p.contact_phone.clone(),
        contact_email: p.contact_email.clone(),
        created_at: p.opened_at,
        rank: 0,
        matched: SearchMatch::BookingNumber,
        matched_text: p.booking_number.clone(),
    }
}

/// Codes after which the next party would fail the same way: the run
/// pauses at this party instead of marking everyone failed.
fn stops_the_run(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::OutcomeUnknown
            | ErrorCode::DbUnavailable
            | ErrorCode::SessionExpired
            | ErrorCode::AuthRequired
            | ErrorCode::DeviceRevoked
    )
}

impl State {
    /// Opens the parties of `departure` (cancelled for weather), with
    /// `choose` already chosen as the target when the clerk picked one.
    pub fn open_parties(&mut self, departure: DepartureId, choose: Option<DepartureId>, out: &mut Outbox) {
        self.card = None;
        self.opening = None;
        self.form = None;
        self.parties = Some(Parties::new(departure, choose));
        call(out, Call::Parties(departure));
    }

    pub(super) fn parties_key(&mut self, ctx: &Ctx, key: Key, out: &mut Outbox) {
        let Some(p) = &mut self.parties else { return };
        if p.ask.is_some() {
            return self.answer_ask(key, out);
        }
        let t = &ctx.text.parties;
        match key {
            Key::Up | Key::Down => {
                let down = key == Key::Down;
                let (at, len) = match p.focus {
                    Focus::Alternatives => (&mut p.alt_selected, p.alternatives.len()),
                    Focus::Parties => (&mut p.selected, p.list.len()),
                };
                *at = if down {
                    (*at + 1).min(len.saturating_sub(1))
                } else {
                    at.saturating_sub(1)
                };
            }
            Key::Switch => {
                p.focus = match p.focus {
                    Focus::Alternatives => Focus::Parties,
                    Focus::Parties => Focus::Alternatives,
                }
            }
            Key::Choose => {
                if p.running() {
                    return out.info(t.busy);
                }
                let Some(id) = p.alternatives.get(p.alt_selected).map(|d| d.id) else {
                    return;
                };
                match p.chosen.iter().position(|c| *c == id) {
                    Some(i) => {
                        p.chosen.remove(i);
                    }
                    None => p.chosen.push(id),
                }
                self.replan(out);
            }
            Key::Open => self.open_card(out),
            Key::MoveAll => self.ask_move_all(ctx, out),
            Key::Move => self.ask_move_one(ctx, out),
            Key::Refund | Key::Credit => {
                let Some(party) = p.party().filter(|x| x.status == RebookStatus::Open).cloned() else {
                    return out.info(t.not_open);
                };
                let how = if key == Key::Refund {
                    Resolution::Refund
                } else {
                    Resolution::Credit
                };
                // the card's question and call: the same form, for this party
                self.form = Some(Form::Rebook(RebookForm::for_party(&party, how)));
            }
            Key::Reload => {
                if !p.running() {
                    self.reload_parties(out);
                }
            }
            Key::Back => {
                if p.running() {
                    return out.info(t.busy);
                }
                self.parties = None;
            }
            Key::Yes | Key::No => {}
        }
    }

    /// Enter on a party: its booking card, on the departure it is on now.
    fn open_card(&mut self, out: &mut Outbox) {
        let Some(p) = &self.parties else { return };
        if p.focus == Focus::Alternatives {
            return;
        }
        let (Some(party), Some(source)) = (p.party(), &p.source) else {
            return;
        };
        let on = party
            .moved_to
            .and_then(|id| p.alternative(DepartureId(id)))
            .unwrap_or(source);
        self.opening = Some(found_of(party, on));
        call(out, Call::Card(party.booking_number.clone()));
    }

    fn ask_move_all(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.parties;
        let Some(p) = &mut self.parties else { return };
        if p.running() {
            return out.info(t.busy);
        }
        if let Some(run) = &p.run
            && run.paused
        {
            // a lost answer or no database: the same run again, from where it stopped
            return self.step(out);
        }
        if p.chosen.is_empty() {
            return out.info(t.choose_first);
        }
        let Some(plan) = &p.plan else {
            return out.info(t.planning);
        };
        if plan.is_empty() {
            return out.info(t.nobody_open);
        }
        let fit = plan.iter().filter(|x| x.to_departure.is_some()).count();
        p.ask = Some(Ask::MoveAll { fit, of: plan.len() });
    }

    fn ask_move_one(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.parties;
        let Some(p) = &mut self.parties else { return };
        if p.running() {
            return out.info(t.busy);
        }
        let Some(party) = p.party().filter(|x| x.status == RebookStatus::Open) else {
            return out.info(t.not_open);
        };
        if p.chosen.is_empty() {
            return out.info(t.choose_first);
        }
        match p.planned(&party.booking_number).map(|x| x.to_departure) {
            Some(Some(to)) => {
                p.ask = Some(Ask::MoveOne {
                    number: party.booking_number.clone(),
                    to: DepartureId(to),
                    key: None,
                    busy: false,
                })
            }
            Some(None) => out.info(fill(t.fits_nowhere, &[&party.booking_number])),
            None => out.info(t.planning),
        }
    }

    fn answer_ask(&mut self, key: Key, out: &mut Outbox) {
        let Some(p) = &mut self.parties else { return };
        match (&mut p.ask, key) {
            (Some(Ask::MoveOne { busy: true, .. }), _) => {}
            (Some(Ask::MoveAll { .. }), Key::Yes) => {
                p.ask = None;
                let key = *p.run_key.get_or_insert_with(Uuid::now_v7);
                p.marks.clear();
                p.run = Some(Run {
                    key,
                    to: p.chosen.clone(),
                    queue: p.plan.clone().unwrap_or_default(),
                    done: 0,
                    moved: 0,
                    not_fitted: 0,
                    failed: 0,
                    paused: false,
                });
                self.step(out);
            }
            (Some(Ask::MoveOne { number, to, key, busy }), Key::Yes) => {
                *busy = true;
                let key = *key.get_or_insert_with(Uuid::now_v7);
                call(
                    out,
                    Call::Move {
                        request: MoveRequest::new(number, *to, MoveReason::Weather),
                        key,
                    },
                );
            }
            _ => p.ask = None,
        }
    }

    /// Sends the run's next party (or ends the run).
    fn step(&mut self, out: &mut Outbox) {
        let Some(run) = self.parties.as_mut().and_then(|p| p.run.as_mut()) else {
            return;
        };
        run.paused = false;
        match run.queue.get(run.done) {
            Some(party) => call(
                out,
                Call::RebookOne {
                    party: party.clone(),
                    to: run.to.clone(),
                    key: run.key,
                },
            ),
            None => self.reload_parties(out),
        }
    }

    /// The plan for the chosen departures, asked again (nothing chosen: none).
    fn replan(&mut self, out: &mut Outbox) {
        let Some(p) = &mut self.parties else { return };
        p.plan_seq += 1;
        p.plan = None;
        if !p.chosen.is_empty() {
            call(
                out,
                Call::Plan {
                    seq: p.plan_seq,
                    from: p.departure,
                    to: p.chosen.clone(),
                },
            );
        }
    }

    /// Everything again: the parties, the alternatives, then the plan.
    pub(super) fn reload_parties(&mut self, out: &mut Outbox) {
        if let Some(p) = &mut self.parties {
            p.loading = true;
            call(out, Call::Parties(p.departure));
        }
    }

    /// A departure changed (any kiosk): the parties if it is theirs, else
    /// that one alternative; nothing while a run goes (its end reloads).
    pub(super) fn parties_changed(&mut self, id: DepartureId, out: &mut Outbox) {
        let Some(p) = &self.parties else { return };
        if p.running() || p.loading {
            return;
        }
        if id == p.departure {
            self.reload_parties(out);
        } else {
            call(out, Call::Alternative(id));
        }
    }

    /// The core's answers for this screen; false when `msg` is not one.
    pub(super) fn parties_answered(&mut self, ctx: &Ctx, msg: &Msg, out: &mut Outbox) -> bool {
        let Some(p) = &mut self.parties else { return false };
        match msg {
            Msg::Parties(dep, r) if *dep == p.departure => {
                p.loading = false;
                match r {
                    Ok(l) => {
                        let keep = p.party().map(|x| x.booking_number.clone());
                        p.list = l.parties.clone();
                        p.selected = keep
                            .and_then(|n| p.list.iter().position(|x| x.booking_number == n))
                            .unwrap_or(0);
                        let alts = alternatives(&l.source, &l.departures, &p.chosen, ctx.now);
                        p.set_alternatives(alts);
                        p.source = Some(l.source.clone());
                        self.replan(out);
                    }
                    Err(e) => out.failed(ctx, e),
                }
                true
            }
            Msg::Alternative(id, r) => {
                match r {
                    Ok(d) => {
                        if let Some(source) = &p.source {
                            let mut all: Vec<Departure> =
                                p.alternatives.iter().filter(|x| x.id != *id).cloned().collect();
                            all.push((**d).clone());
                            let alts = alternatives(source, &all, &p.chosen, ctx.now);
                            p.set_alternatives(alts);
                            if p.chosen.contains(id) || p.plan.is_some() {
                                self.replan(out);
                            }
                        }
                    }
                    // a background refresh: only a lost database is worth a notice
                    Err(e) if e.is_offline() || e.ends_session().is_some() => out.failed(ctx, e),
                    Err(e) => tracing::debug!(departure = %id, "alternative refresh failed: {}", e.message),
                }
                true
            }
            Msg::Plan(seq, r) => {
                if *seq == p.plan_seq {
                    match r {
                        Ok(plan) => p.plan = Some(plan.clone()),
                        Err(e) => out.failed(ctx, e),
                    }
                }
                true
            }
            Msg::Stepped(key, step) => {
                self.stepped(ctx, *key, step, out);
                true
            }
            Msg::Moved(key, r) if matches!(&p.ask, Some(Ask::MoveOne { key: Some(k), .. }) if k == key) => {
                self.moved_one(ctx, r, out);
                true
            }
            _ => false,
        }
    }

    fn moved_one(&mut self, ctx: &Ctx, r: &Result<crate::booking::Moved, UiError>, out: &mut Outbox) {
        let Some(p) = &mut self.parties else { return };
        match r {
            Ok(m) => {
                p.ask = None;
                let (at, tour) = p
                    .alternative(DepartureId(m.to_departure_id))
                    .map(|d| super::moving::when(ctx, d))
                    .unwrap_or_default();
                out.success(fill(ctx.text.bookings.moved_notice, &[&m.booking_number, &at, &tour]));
                self.reload_parties(out);
            }
            Err(e) => {
                if let Some(Ask::MoveOne { busy, .. }) = &mut p.ask {
                    // the key stays: the same move again is safe
                    *busy = false;
                }
                out.failed(ctx, e);
            }
        }
    }

    fn stepped(&mut self, ctx: &Ctx, key: Uuid, step: &RebookStep, out: &mut Outbox) {
        let t = &ctx.text.parties;
        let Some(p) = &mut self.parties else { return };
        let Some(run) = &mut p.run else { return };
        // the answer for the party the run waits on, and no other
        if run.key != key || run.queue.get(run.done).map(|x| x.booking_number.as_str()) != Some(step.booking_number()) {
            return;
        }
        match step {
            RebookStep::Moved(m) => {
                run.moved += 1;
                if let Some(to) = m.to_departure_id {
                    p.marks.insert(m.booking_number.clone(), Mark::Moved(DepartureId(to)));
                }
            }
            RebookStep::NotFitted(x) => {
                run.not_fitted += 1;
                p.marks.insert(x.booking_number.clone(), Mark::NoRoom);
            }
            RebookStep::Failed(f) if stops_the_run(f.code) => {
                run.paused = true;
                let e = UiError {
                    code: f.code,
                    message: f.message.clone(),
                };
                out.failed(ctx, &e);
                if out.session_ended.is_none() {
                    let why = error_text(ctx.lang, f.code);
                    let at = run.done + 1;
                    out.notice(Level::Warning, fill(t.paused, &[&at, &run.queue.len(), &why]));
                }
                return;
            }
            RebookStep::Failed(f) => {
                run.failed += 1;
                p.marks.insert(f.party.booking_number.clone(), Mark::Failed(f.code));
            }
        }
        run.done += 1;
        if run.finished() {
            out.success(fill(t.done, &[&run.moved, &run.not_fitted, &run.failed]));
        }
        self.step(out);
    }
}

/// How far the alternatives reach from `since`.
pub fn until(since: DateTime<Utc>) -> DateTime<Utc> {
    since + Duration::days(HORIZON_DAYS)
}
