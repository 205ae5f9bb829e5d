//! The manifest as listed: the search filter, the selection, the counts.

use super::{Modal, Move, State};
use crate::booking::ManifestRow;
use crate::domain::ManifestState;
use crate::ticket::input::normalize;

/// Rows a page-key moves by (the view shows as many as fit).
const PAGE: usize = 10;

/// A participant's state as the guide reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    In,
    Waiting,
    Undone,
    NoShow,
    Cancelled,
}

impl State {
    /// Indices of the manifest rows the search lets through, in order.
    pub fn visible(&self) -> Vec<usize> {
        let Some(m) = &self.manifest else {
            return Vec::new();
        };
        // `s`: one pickup stop's bookings only
        let stop = self.stop_bookings();
        let at_stop = |r: &ManifestRow| stop.as_ref().is_none_or(|s| s.contains(r.booking_number.as_str()));
        let q = self.query.trim().to_lowercase();
        // a booking number typed in the Russian layout still finds it
        let number = normalize(&q);
        let found = |r: &ManifestRow| {
            q.is_empty()
                || r.name.to_lowercase().contains(&q)
                || (!number.is_empty() && r.booking_number.contains(&number))
        };
        m.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| at_stop(r) && found(r))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn selected_row(&self) -> Option<&ManifestRow> {
        let i = *self.visible().get(self.selected)?;
        self.manifest.as_ref()?.rows.get(i)
    }

    pub fn row_state(&self, r: &ManifestRow) -> Row {
        match r.state {
            ManifestState::Admitted => Row::In,
            ManifestState::NoShow => Row::NoShow,
            ManifestState::Cancelled => Row::Cancelled,
            ManifestState::Expected if self.undone.contains(&r.participant_id) => Row::Undone,
            ManifestState::Expected => Row::Waiting,
        }
    }

    /// (in, expected in all, no-shows); cancelled bookings do not count.
    pub fn counts(&self) -> (usize, usize, usize) {
        match &self.manifest {
            Some(m) => (m.admitted, m.admitted + m.expected + m.no_shows, m.no_shows),
            None => (0, 0, 0),
        }
    }

    pub(super) fn move_selection(&mut self, m: Move) {
        match &mut self.modal {
            Modal::Picker(i) => {
                let n = self.departures.len();
                *i = step(*i, n, m);
                return;
            }
            Modal::Undo(ask) => {
                ask.selected = step(ask.selected, ask.people.len(), m);
                return;
            }
            Modal::Pay(_) => {
                if matches!(m, Move::Up | Move::Down) {
                    self.pay_toggle(true);
                }
                return;
            }
            _ => {}
        }
        let n = self.visible().len();
        self.selected = step(self.selected, n, m);
        // keep the selection inside a nominal page; the view clamps to its real height
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + PAGE {
            self.offset = self.selected + 1 - PAGE;
        }
    }

    pub(super) fn clamp_selection(&mut self) {
        let n = self.visible().len();
        if self.selected >= n {
            self.selected = n.saturating_sub(1);
        }
        self.offset = self.offset.min(self.selected);
    }

    /// Typing into the search field or the path field.
    pub(super) fn input(&mut self, c: char) {
        if matches!(self.modal, Modal::Prepare(_)) {
            self.seats_input(c);
            return;
        }
        match &mut self.modal {
            Modal::Image(path) => path.push(c),
            _ => {
                self.query.push(c);
                self.modal = Modal::Search;
                self.selected = 0;
                self.offset = 0;
            }
        }
    }

    pub(super) fn backspace(&mut self) {
        match &mut self.modal {
            Modal::Image(path) | Modal::Prepare(path) => {
                path.pop();
            }
            Modal::Undo(ask) => {
                ask.reason.pop();
            }
            Modal::Pay(_) => self.pay_backspace(),
            _ => {
                self.query.pop();
                self.clamp_selection();
            }
        }
    }

    /// Esc: close whatever is open; from the plain manifest, clear the search.
    pub(super) fn back(&mut self) {
        match self.modal {
            Modal::None | Modal::Search => {
                self.query.clear();
                self.modal = Modal::None;
                self.clamp_selection();
            }
            _ => self.modal = Modal::None,
        }
    }
}

pub(super) fn step(i: usize, n: usize, m: Move) -> usize {
    if n == 0 {
        return 0;
    }
    let last = n - 1;
    match m {
        Move::Up => i.saturating_sub(1),
        Move::Down => (i + 1).min(last),
        Move::PageUp => i.saturating_sub(PAGE),
        Move::PageDown => (i + PAGE).min(last),
        Move::Home => 0,
        Move::End => last,
    }
}
