//! The app's side of offline field mode: the journal's count and sync
//! progress for the header, syncing by itself when the database comes back
//! (or at login when entries wait), logging in offline and online again, and
//! the review of what a sync found.

use super::{App, ConnState};
use crate::booking::FieldConflict;
use crate::field::{FailedEntry, SyncProgress, SyncReport};
use crate::tui::action::{Cmd, FieldInfo, FieldMsg, UiError};
use crate::tui::keymap::review::{self as keys, ReviewKey};
use crate::tui::panes::{Level, Outbox, PaneId, PaneMsg, checkin};
use crate::tui::strings::{error_text, fill};
use chrono::{DateTime, TimeDelta, Utc};
use crossterm::event::KeyEvent;

/// A sync that failed is tried again after this, while the database answers.
const RETRY_SYNC: TimeDelta = TimeDelta::seconds(30);

#[derive(Debug, Default)]
pub struct FieldState {
    pub info: FieldInfo,
    /// a sync is under way: entries sent, of how many
    pub syncing: Option<SyncProgress>,
    /// when a sync was last started
    pub last_try: Option<DateTime<Utc>>,
    /// logged in from this laptop's PIN hashes: the core comes with the database
    pub offline_session: bool,
    /// the core of an offline login is being made
    pub connecting: bool,
    /// what the check-in path was last told (online or not)
    pub told_online: Option<bool>,
    /// open conflicts on the server, as last known
    pub conflicts: usize,
    /// the review was asked for: open it when the conflicts arrive
    pub review_wanted: bool,
    pub review: Option<Review>,
}

/// One thing a sync found.
#[derive(Debug, Clone)]
pub enum ReviewItem {
    Conflict(FieldConflict),
    /// an entry the server refused outright (kept on this laptop)
    Failed(FailedEntry),
}

/// The conflict review over the screen.
#[derive(Debug, Clone, Default)]
pub struct Review {
    pub items: Vec<ReviewItem>,
    pub selected: usize,
    /// the note that resolves the selected conflict, being typed
    pub note: Option<String>,
    /// conflicts asked to be resolved, with their notes, not yet answered
    pub resolving: Vec<(i64, String)>,
}

impl Review {
    pub fn new(items: Vec<ReviewItem>) -> Review {
        Review {
            items,
            ..Review::default()
        }
    }
}

impl App {
    pub(super) fn on_field(&mut self, msg: FieldMsg, out: &mut Outbox) {
        self.dirty = true;
        match msg {
            FieldMsg::Status(info) => {
                let ctx = self.ctx();
                self.panes
                    .update(&ctx, PaneMsg::CheckIn(checkin::Msg::Field(info.clone())), out);
                self.field.info = info;
            }
            FieldMsg::Progress(p) => self.field.syncing = Some(p),
            FieldMsg::Synced(r) => self.synced(r, out),
            FieldMsg::Connected(r) => {
                self.field.connecting = false;
                match r {
                    Ok(()) => {
                        self.field.offline_session = false;
                        if let Some(s) = self.session.as_mut() {
                            s.offline = false;
                        }
                        out.success(self.text.common.back_online);
                        self.after_online_login(out);
                        let ctx = self.ctx();
                        self.panes.show(self.pane, &ctx, out);
                    }
                    Err(e) => out.error(fill(self.text.field.connect_failed, &[&self.error(&e)])),
                }
            }
            FieldMsg::Conflicts(r) => {
                let wanted = std::mem::take(&mut self.field.review_wanted);
                match r {
                    Ok(list) => {
                        self.field.conflicts = list.len();
                        if wanted && list.is_empty() {
                            out.info(self.text.field.review_empty);
                        } else if wanted {
                            self.field.review = Some(Review::new(list.into_iter().map(ReviewItem::Conflict).collect()));
                        }
                    }
                    Err(e) if wanted => {
                        let ctx = self.ctx();
                        out.failed(&ctx, &e);
                    }
                    Err(e) => tracing::debug!("open conflicts not loaded: {}", e.message),
                }
            }
            FieldMsg::Resolved(id, r) => self.resolved(id, r, out),
        }
    }

    /// A core error as the kiosk says it.
    fn error(&self, e: &UiError) -> String {
        error_text(self.config.lang, e.code).to_string()
    }

    fn synced(&mut self, r: Result<SyncReport, UiError>, out: &mut Outbox) {
        self.field.syncing = None;
        let f = &self.text.field;
        match r {
            Ok(rep) => {
                let sent = rep.applied + rep.already_applied;
                let found = rep.conflicts.len() + rep.failed.len();
                if found > 0 {
                    out.notice(Level::Warning, fill(f.synced_conflicts, &[&sent, &found]));
                    let items = rep
                        .conflicts
                        .into_iter()
                        .map(ReviewItem::Conflict)
                        .chain(rep.failed.into_iter().map(ReviewItem::Failed))
                        .collect();
                    self.field.review = Some(Review::new(items));
                    // how many are open now, all devices together
                    out.cmds.push(Cmd::Conflicts);
                } else if sent > 0 {
                    out.success(fill(f.synced, &[&sent]));
                }
                if sent > 0 && self.session.is_some() {
                    // the server's view, with what this laptop just sent
                    let ctx = self.ctx();
                    self.panes.show(self.pane, &ctx, out);
                }
            }
            Err(e) => out.notice(Level::Warning, fill(f.sync_failed, &[&self.error(&e)])),
        }
    }

    fn resolved(&mut self, id: i64, r: Result<(), UiError>, out: &mut Outbox) {
        let Some(review) = self.field.review.as_mut() else {
            return;
        };
        let note = review
            .resolving
            .iter()
            .position(|(c, _)| *c == id)
            .map(|i| review.resolving.remove(i).1);
        match r {
            Ok(()) => {
                for item in review.items.iter_mut() {
                    if let ReviewItem::Conflict(c) = item
                        && c.id == id
                    {
                        c.resolved_at = Some(self.now);
                        c.resolution = note.clone().unwrap_or_default();
                    }
                }
                self.field.conflicts = self.field.conflicts.saturating_sub(1);
                out.success(fill(self.text.field.resolved_notice, &[&id]));
            }
            Err(e) => {
                let ctx = self.ctx();
                out.failed(&ctx, &e);
            }
        }
    }

    /// Starts a sync unless one runs (or there is no store).
    pub(super) fn start_sync(&mut self, out: &mut Outbox) {
        if self.field.syncing.is_some() || !self.field.info.open {
            return;
        }
        self.field.syncing = Some(SyncProgress {
            done: 0,
            total: self.field.info.pending,
        });
        self.field.last_try = Some(self.now);
        self.dirty = true;
        out.cmds.push(Cmd::Sync);
    }

    /// Logged in online (or online again): send what waits, count the conflicts.
    pub(super) fn after_online_login(&mut self, out: &mut Outbox) {
        if self.field.info.pending > 0 {
            self.start_sync(out);
        }
        out.cmds.push(Cmd::Conflicts);
    }

    /// The database answered a ping (`came_back`: after not answering).
    pub(super) fn field_online(&mut self, came_back: bool, out: &mut Outbox) {
        if self.session.is_none() {
            return;
        }
        if self.field.offline_session {
            if !self.field.connecting {
                self.field.connecting = true;
                out.cmds.push(Cmd::Connect);
            }
            return;
        }
        let due = came_back || self.field.last_try.is_none_or(|t| self.now - t >= RETRY_SYNC);
        if self.field.info.pending > 0 && due {
            self.start_sync(out);
        }
    }

    /// Tells the check-in path whether to try the database, when that changed.
    pub(super) fn tell_connection(&mut self, cmds: &mut Vec<Cmd>) {
        let online = self.conn.state == ConnState::Online;
        if self.field.told_online != Some(online) {
            self.field.told_online = Some(online);
            cmds.push(Cmd::Connection(online));
        }
    }

    /// v on the check-in pane: the open conflicts, from the server.
    pub(super) fn open_review(&mut self, out: &mut Outbox) {
        if self.conn.state != ConnState::Online || self.field.offline_session {
            out.info(self.text.field.review_offline);
            return;
        }
        self.field.review_wanted = true;
        out.cmds.push(Cmd::Conflicts);
    }

    /// A key while the review is open.
    pub(super) fn review_key(&mut self, key: &KeyEvent, out: &mut Outbox) {
        let Some(review) = self.field.review.as_mut() else {
            return;
        };
        let f = &self.text.field;
        match keys::key(review, key) {
            Some(ReviewKey::Move(m)) => {
                let last = review.items.len().saturating_sub(1);
                review.selected = match m {
                    checkin::Move::Up => review.selected.saturating_sub(1),
                    checkin::Move::Down => (review.selected + 1).min(last),
                    checkin::Move::PageUp => review.selected.saturating_sub(5),
                    checkin::Move::PageDown => (review.selected + 5).min(last),
                    checkin::Move::Home => 0,
                    checkin::Move::End => last,
                };
            }
            Some(ReviewKey::Resolve) => match review.items.get(review.selected) {
                Some(ReviewItem::Conflict(c))
                    if c.resolved_at.is_none() && !review.resolving.iter().any(|(id, _)| *id == c.id) =>
                {
                    review.note = Some(String::new());
                }
                Some(ReviewItem::Failed(_)) => out.info(f.cannot_resolve),
                _ => {}
            },
            Some(ReviewKey::Input(c)) => {
                if let Some(note) = review.note.as_mut()
                    && note.chars().count() < 200
                {
                    note.push(c);
                }
            }
            Some(ReviewKey::Backspace) => {
                if let Some(note) = review.note.as_mut() {
                    note.pop();
                }
            }
            Some(ReviewKey::Save) => {
                let note = review.note.take().unwrap_or_default();
                let note = match note.trim() {
                    "" => f.default_note.to_string(),
                    n => n.to_string(),
                };
                if let Some(ReviewItem::Conflict(c)) = review.items.get(review.selected) {
                    review.resolving.push((c.id, note.clone()));
                    out.cmds.push(Cmd::Resolve(c.id, note));
                }
            }
            Some(ReviewKey::Cancel) => review.note = None,
            Some(ReviewKey::Close) => self.field.review = None,
            None => {}
        }
    }

    /// Panes that work with no database after an offline login: check-in,
    /// and walk-ins from this laptop's allotment.
    pub(super) fn offline_allowed(&self, pane: PaneId) -> bool {
        !self.field.offline_session || matches!(pane, PaneId::CheckIn | PaneId::Walkin)
    }
}

#[cfg(test)]
#[path = "field_tests.rs"]
mod tests;
