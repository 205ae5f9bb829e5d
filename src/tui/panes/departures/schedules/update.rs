//! What each message does to the schedule screen. No I/O: calls go out
//! through the outbox, answers come back as messages. A write's key is
//! made here on the first Enter of an intent (a fresh uuid is no I/O) and
//! kept while that write is retried.

use super::form::{Built, Field, RuleForm, SkipForm};
use super::{Call, HORIZONS, Modal, Msg, Outcome, Preview, Screen};
use crate::booking::{DateAdded, ScheduleAdded};
use crate::domain::states::ScheduleSlot;
use crate::domain::{Action, ScheduleId};
use crate::tui::action::UiError;
use crate::tui::panes::departures::Nav;
use crate::tui::panes::departures::form::{major, parse_capacity, parse_date};
use crate::tui::panes::{Ctx, Level, Outbox, PaneCall};
use crate::tui::strings::fill;
use uuid::Uuid;

pub(super) fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Departures(super::super::Call::Schedule(c)));
}

/// The box a write was sent from: the one a failed answer gives the keys
/// back to.
#[derive(Debug, Clone, Copy)]
enum Sender {
    /// the rule form (a rule added or edited)
    Form,
    /// the date form (a date skipped or added)
    Skip,
}

impl Screen {
    /// The screen was opened: the rules and the tours for the form.
    pub fn show(&mut self, out: &mut Outbox) {
        self.loading = true;
        call(out, Call::List);
        call(out, Call::Tours);
        call(out, Call::Crew);
    }

    /// False when the screen closes (Esc on the list).
    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) -> bool {
        match msg {
            Msg::Nav(n) => self.nav(n),
            Msg::Enter => self.enter(ctx, out),
            Msg::Esc => return self.esc(ctx, out),
            Msg::New | Msg::Edit | Msg::Skip | Msg::AddDate | Msg::Preview if !ctx.may(Action::ManageDepartures) => {
                out.info(ctx.text.common.not_allowed)
            }
            Msg::New | Msg::Edit => {
                let mut f = match (&msg, self.selected_rule()) {
                    (Msg::Edit, Some(r)) => RuleForm::edit(r, ctx.now),
                    (Msg::Edit, None) => return true,
                    _ => RuleForm::new(ctx.now, ctx.tz, ctx.currency),
                };
                f.set_crew(&self.crew);
                self.modal = Some(Modal::Form(f));
            }
            Msg::Skip | Msg::AddDate => {
                if let Some(r) = self.selected_rule() {
                    let adding = matches!(msg, Msg::AddDate);
                    self.modal = Some(Modal::Skip(if adding { SkipForm::adding(r) } else { SkipForm::new(r) }));
                }
            }
            Msg::Horizon(step) => self.horizon_step(step, out),
            Msg::Preview => {
                if let Some(r) = self.selected_rule() {
                    let (id, tour, zone) = (r.schedule_id, r.tour.clone(), r.time_zone.clone());
                    let capacity = Some(r.capacity);
                    self.preview(id, tour, zone, capacity, out);
                }
            }
            Msg::Reload => self.show(out),
            Msg::Char(c) => match &mut self.modal {
                Some(Modal::Form(f)) if !f.busy => f.type_char(c),
                Some(Modal::Skip(f)) if !f.busy => f.type_char(c),
                _ => {}
            },
            Msg::Backspace => match &mut self.modal {
                Some(Modal::Form(f)) if !f.busy => f.backspace(),
                Some(Modal::Skip(f)) if !f.busy => f.backspace(),
                _ => {}
            },
            Msg::NextField | Msg::PrevField => {
                if let Some(Modal::Form(f)) = &mut self.modal {
                    f.next(if matches!(msg, Msg::NextField) { 1 } else { -1 });
                }
            }
            Msg::PickTour(step) => self.pick_tour(step),
            answer @ (Msg::Listed(_)
            | Msg::Tours(_)
            | Msg::Crew(_)
            | Msg::DateAdded(..)
            | Msg::Added(_)
            | Msg::Previewed(..)
            | Msg::Applied(..)
            | Msg::EditChecked(..)
            | Msg::Edited(..)
            | Msg::Skipped(..)) => self.answered(ctx, answer, out),
        }
        true
    }

    /// The server's answers.
    fn answered(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        let t = &ctx.text.schedules;
        match msg {
            Msg::Listed(r) => {
                self.loading = false;
                match r {
                    Ok(rules) => {
                        let keep = self.selected_rule().map(|r| r.schedule_id);
                        self.rules = rules;
                        self.loaded = true;
                        self.selected = keep
                            .and_then(|id| self.rules.iter().position(|r| r.schedule_id == id))
                            .unwrap_or(0);
                    }
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Msg::Tours(r) => match r {
                Ok(tours) => self.tours = tours,
                Err(e) => tracing::debug!("tours: {}", e.message),
            },
            Msg::Crew(r) => match r {
                Ok(crew) => {
                    if let Some(Modal::Form(f)) = &mut self.modal {
                        f.set_crew(&crew);
                    }
                    self.crew = crew;
                }
                Err(e) => tracing::debug!("crew: {}", e.message),
            },
            Msg::DateAdded(id, r) => self.date_added(ctx, id, r, out),
            Msg::Added(r) => self.added(ctx, r, out),
            Msg::Previewed(id, horizon, r) => {
                // a late answer for a preview closed (or for another
                // horizon) meanwhile is dropped
                let open = matches!(&self.modal, Some(Modal::Preview(p)) if p.rule == id && p.horizon == horizon);
                match r {
                    Ok(slots) if open => {
                        if let Some(Modal::Preview(p)) = &mut self.modal {
                            p.slots = Some(slots);
                        }
                    }
                    Err(e) if open => {
                        self.modal = None;
                        out.failed(ctx, &e);
                    }
                    _ => {}
                }
            }
            Msg::Applied(id, r) => match r {
                Ok(a) => {
                    let tour = self.rule(id).map(|r| r.tour.clone()).unwrap_or_default();
                    if matches!(&self.modal, Some(Modal::Preview(p)) if p.rule == id) {
                        self.modal = None;
                    }
                    let mut text = fill(t.applied, &[&tour, &a.created, &a.existing]);
                    if !a.failures.is_empty() {
                        text.push_str(&fill(t.applied_refused, &[&a.failures.len()]));
                    }
                    if a.replayed {
                        text.push_str(t.replayed);
                    }
                    if a.failures.is_empty() {
                        out.success(text);
                    } else {
                        // made, but some departures lack their guide or vehicle
                        out.notice(Level::Warning, text);
                    }
                    call(out, Call::List);
                }
                Err(e) => {
                    if let Some(Modal::Preview(p)) = &mut self.modal {
                        // the same key on the next Enter: a retry of this apply
                        p.applying = false;
                    }
                    out.failed(ctx, &e);
                }
            },
            Msg::EditChecked(check, r) => self.edit_checked(ctx, check, r, out),
            Msg::Edited(id, r) => self.written(ctx, Sender::Form, r, out, |s, result, _| {
                s.told(id, |tour, zone| Outcome::Edited {
                    tour,
                    zone,
                    result,
                    scroll: 0,
                })
            }),
            Msg::Skipped(id, r) => self.written(ctx, Sender::Skip, r, out, |s, result, _| {
                s.told(id, |tour, zone| Outcome::Skipped {
                    tour,
                    zone,
                    result,
                    scroll: 0,
                })
            }),
            // the keys' messages: update's
            _ => {}
        }
    }

    /// A write's answer (a rule added or edited, a date skipped or added):
    /// done, `done` shows it and the rules are listed again; failed, the
    /// box that sent it takes keys again (its key kept: the next Enter is a
    /// retry of the same write) and the error is shown.
    fn written<T>(
        &mut self,
        ctx: &Ctx,
        from: Sender,
        r: Result<T, UiError>,
        out: &mut Outbox,
        done: impl FnOnce(&mut Screen, T, &mut Outbox),
    ) {
        match r {
            Ok(v) => {
                done(self, v, out);
                call(out, Call::List);
            }
            Err(e) => {
                match (&mut self.modal, from) {
                    (Some(Modal::Form(f)), Sender::Form) => f.busy = false,
                    (Some(Modal::Check(c)), Sender::Form) => c.sending = false,
                    (Some(Modal::Skip(f)), Sender::Skip) => f.busy = false,
                    _ => {}
                }
                out.failed(ctx, &e);
            }
        }
    }

    /// What an edit or a skip of a rule did, in a box over the rules.
    fn told(&mut self, id: ScheduleId, outcome: impl FnOnce(String, String) -> Outcome) {
        let (tour, zone) = self.names(id);
        self.modal = Some(Modal::Result(outcome(tour, zone)));
    }

    /// The tour and zone of a listed rule.
    pub(super) fn names(&self, id: ScheduleId) -> (String, String) {
        self.rule(id)
            .map(|r| (r.tour.clone(), r.time_zone.clone()))
            .unwrap_or_default()
    }

    fn preview(&mut self, rule: ScheduleId, tour: String, zone: String, capacity: Option<i32>, out: &mut Outbox) {
        let horizon = self.horizon;
        self.modal = Some(Modal::Preview(Preview {
            rule,
            tour,
            zone,
            horizon,
            slots: None,
            scroll: 0,
            capacity,
            applying: false,
            key: None,
        }));
        call(out, Call::Preview(rule, horizon));
    }

    /// ←/→ on a preview not being applied: the next horizon, asked again.
    fn horizon_step(&mut self, step: i32, out: &mut Outbox) {
        let Some(Modal::Preview(p)) = &mut self.modal else {
            return;
        };
        if p.applying {
            return;
        }
        let at = HORIZONS
            .iter()
            .position(|h| *h >= p.horizon)
            .unwrap_or(HORIZONS.len() - 1) as i32;
        let next = HORIZONS[(at + step).clamp(0, HORIZONS.len() as i32 - 1) as usize];
        if next == p.horizon {
            return;
        }
        p.horizon = next;
        p.slots = None;
        p.scroll = 0;
        // another horizon is another apply
        p.key = None;
        self.horizon = next;
        call(out, Call::Preview(p.rule, next));
    }

    fn date_added(&mut self, ctx: &Ctx, id: ScheduleId, r: Result<DateAdded, UiError>, out: &mut Outbox) {
        let t = &ctx.text.schedules;
        self.written(ctx, Sender::Skip, r, out, |s, a, out| {
            if matches!(&s.modal, Some(Modal::Skip(f)) if f.rule.schedule_id == id) {
                s.modal = None;
            }
            let (tour, _) = s.names(id);
            let date = a.date.format("%d.%m.%Y").to_string();
            let mut text = fill(
                if a.was_skipped { t.date_unskipped } else { t.date_added },
                &[&date, &tour],
            );
            if a.replayed {
                text.push_str(t.replayed);
            }
            out.success(text);
        });
    }

    fn added(&mut self, ctx: &Ctx, r: Result<ScheduleAdded, UiError>, out: &mut Outbox) {
        self.written(ctx, Sender::Form, r, out, |s, a, out| {
            let (tour, capacity) = match &s.modal {
                Some(Modal::Form(f)) => (
                    f.value(Field::Tour).trim().to_string(),
                    parse_capacity(f.value(Field::Capacity)).and_then(|c| i32::try_from(c).ok()),
                ),
                _ => (String::new(), None),
            };
            if !tour.is_empty() && !s.tours.contains(&tour) {
                s.tours.push(tour.clone());
                s.tours.sort();
            }
            out.success(fill(ctx.text.schedules.added, &[&a.schedule_id, &tour]));
            s.preview(a.schedule_id, tour, ctx.tz.name().to_string(), capacity, out);
        });
    }

    /// PgUp/PgDn in a new rule's tour field: the tour, and its seats and
    /// prices as its latest departure has them (none known: 16 seats, no
    /// prices, so another tour's are never kept by mistake).
    fn pick_tour(&mut self, step: i32) {
        let Some(Modal::Form(f)) = &mut self.modal else { return };
        if f.field() == Field::Guide {
            return f.step_guide(step);
        }
        let Some(tour) = f.pick_tour(&self.tours, step) else {
            return;
        };
        let like = self.likes.get(&tour);
        for (field, v) in [
            (Field::Capacity, like.map_or("16".into(), |l| l.capacity.to_string())),
            (Field::Adult, like.map_or(String::new(), |l| major(l.adult_price_minor))),
            (Field::Child, like.map_or(String::new(), |l| major(l.child_price_minor))),
            (Field::Meeting, like.map_or(String::new(), |l| l.meeting_point.clone())),
        ] {
            f.set(field, v);
        }
    }

    fn nav(&mut self, n: Nav) {
        match &mut self.modal {
            Some(Modal::Form(f)) => match n {
                Nav::Left => f.arrow(-1),
                Nav::Right => f.arrow(1),
                Nav::Up => f.next(-1),
                Nav::Down => f.next(1),
                _ => {}
            },
            Some(Modal::Result(Outcome::Edited { scroll, .. } | Outcome::Skipped { scroll, .. })) => {
                *scroll = scrolled(*scroll, n, usize::MAX);
            }
            Some(Modal::Check(c)) => c.scroll = scrolled(c.scroll, n, usize::MAX),
            // the view keeps the last page full; here only past the end
            Some(Modal::Preview(p)) => {
                let last = p.slots.as_ref().map_or(0, |s| s.len().saturating_sub(1));
                p.scroll = scrolled(p.scroll, n, last);
            }
            Some(_) => {}
            None => {
                let last = self.rules.len().saturating_sub(1);
                self.selected = match n {
                    Nav::Up => self.selected.saturating_sub(1),
                    Nav::Down => (self.selected + 1).min(last),
                    Nav::PageUp | Nav::Home => 0,
                    Nav::PageDown | Nav::End => last,
                    Nav::Left | Nav::Right => self.selected,
                };
            }
        }
    }

    fn enter(&mut self, ctx: &Ctx, out: &mut Outbox) {
        match &mut self.modal {
            Some(Modal::Form(f)) => {
                if f.busy {
                    return;
                }
                match f.build(ctx.now, ctx.tz) {
                    // an edit is checked first: what it would change
                    Ok(Built::Edit(id, edit)) => {
                        f.error = None;
                        let form = f.clone();
                        self.check_edit(form, id, edit, out);
                    }
                    Ok(Built::New(new)) => {
                        f.busy = true;
                        f.error = None;
                        let key = *f.key.get_or_insert_with(Uuid::now_v7);
                        call(out, Call::Add(Box::new(new), key));
                    }
                    Err((field, e)) => {
                        f.focus = Field::ALL.iter().position(|x| *x == field).unwrap_or(0);
                        f.error = Some((field, e));
                    }
                }
            }
            Some(Modal::Preview(p)) => {
                let Some(slots) = &p.slots else { return };
                if p.applying {
                    return;
                }
                if !slots.iter().any(|s| s.slot == ScheduleSlot::Create) {
                    self.modal = None;
                    return;
                }
                p.applying = true;
                let key = *p.key.get_or_insert_with(Uuid::now_v7);
                call(out, Call::Apply(p.rule, p.horizon, key));
            }
            Some(Modal::Skip(f)) => {
                if f.busy {
                    return;
                }
                let today = ctx.now.with_timezone(&ctx.tz).date_naive();
                match parse_date(&f.date, today) {
                    Some(date) => {
                        f.busy = true;
                        let key = *f.key.get_or_insert_with(Uuid::now_v7);
                        let id = f.rule.schedule_id;
                        call(
                            out,
                            if f.adding {
                                Call::AddDate(id, date, key)
                            } else {
                                Call::Skip(id, date, key)
                            },
                        );
                    }
                    None => f.bad = true,
                }
            }
            Some(Modal::Check(_)) => self.send_edit(out),
            Some(Modal::Result(_)) => self.modal = None,
            // Enter on a rule: what it makes now (read-only until Enter again)
            None => {
                self.update(ctx, Msg::Preview, out);
            }
        }
    }

    /// Esc backs out of a box; on the list it closes the screen.
    fn esc(&mut self, ctx: &Ctx, out: &mut Outbox) -> bool {
        match &self.modal {
            // the departures are being made: their answer will show
            Some(Modal::Preview(p)) if p.applying => true,
            Some(Modal::Check(_)) => {
                self.back_to_form();
                true
            }
            Some(Modal::Preview(p)) => {
                let fresh = self.rule(p.rule).is_some_and(|r| r.departures == 0);
                if fresh
                    && p.slots
                        .as_ref()
                        .is_some_and(|s| s.iter().any(|x| x.slot == ScheduleSlot::Create))
                {
                    out.info(ctx.text.schedules.not_applied);
                }
                self.modal = None;
                true
            }
            Some(_) => {
                self.modal = None;
                true
            }
            None => false,
        }
    }
}

/// ↑/↓ one line, PgUp/PgDn ten, Home/End the ends; never past `last`.
fn scrolled(at: usize, n: Nav, last: usize) -> usize {
    match n {
        Nav::Up => at.saturating_sub(1),
        Nav::PageUp => at.saturating_sub(10),
        Nav::Down => at.saturating_add(1).min(last),
        Nav::PageDown => at.saturating_add(10).min(last),
        Nav::Home => 0,
        // a box that clamps when drawn has no known end
        Nav::End if last == usize::MAX => at,
        Nav::End => last,
        Nav::Left | Nav::Right => at,
    }
}
