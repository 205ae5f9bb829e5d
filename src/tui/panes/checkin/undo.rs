//! `u`: undoing a check-in, with a reason the server keeps in its audit.
//!
//! Whose: the people the last verdict admitted (the guide's "no, not him"
//! comes right after the scan, when the selection is somewhere else in the
//! manifest), asked which when a group code let several in; with no fresh
//! admission, the selected person in the manifest. Why: one key for the
//! usual reasons, or a few words typed. Undo is the server's only (the
//! check-in may have been replayed from another laptop's journal): a
//! verdict decided on this laptop offline is not on the server yet, so it
//! says so instead of asking.

use super::{Call, Modal, Panel, Row, State, call};
use crate::booking::Verdict;
use crate::domain::ParticipantId;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;

/// The longest reason typed (the server keeps up to 500 characters).
const REASON_MAX: usize = 200;

/// The undo question: whose check-in, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoAsk {
    /// who may be undone, with their names (several: a group just admitted)
    pub people: Vec<(ParticipantId, String)>,
    pub selected: usize,
    /// the reason typed; a preset's digit on an empty field sends at once
    pub reason: String,
}

impl State {
    pub(super) fn undo(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.checkin;
        if let Panel::Verdict(c, offline) = &self.panel
            && let Verdict::Admitted { admitted, .. } = &c.verdict
            && !admitted.is_empty()
        {
            if *offline {
                return out.info(t.undo_offline);
            }
            let people: Vec<(ParticipantId, String)> = admitted
                .iter()
                .filter_map(|a| a.participant_id.map(|p| (p, a.name.clone())))
                .filter(|(p, _)| !self.undone.contains(p))
                .collect();
            if !people.is_empty() {
                self.modal = Modal::Undo(UndoAsk {
                    people,
                    selected: 0,
                    reason: String::new(),
                });
                return;
            }
        }
        let Some(row) = self.selected_row() else {
            return out.info(t.nothing_selected);
        };
        if self.row_state(row) != Row::In {
            return out.info(fill(t.not_in, &[&row.name]));
        }
        self.modal = Modal::Undo(UndoAsk {
            people: vec![(row.participant_id, row.name.clone())],
            selected: 0,
            reason: String::new(),
        });
    }

    /// A key typed into the undo question: a preset's digit sends at once
    /// while nothing is typed; anything else is the reason.
    pub(super) fn undo_input(&mut self, ctx: &Ctx, c: char, out: &mut Outbox) {
        let Modal::Undo(ask) = &mut self.modal else { return };
        let presets = ctx.text.checkin.undo_presets;
        let preset = c
            .to_digit(10)
            .and_then(|d| (d as usize).checked_sub(1))
            .and_then(|i| presets.get(i));
        match preset {
            Some(p) if ask.reason.is_empty() => {
                ask.reason = p.to_string();
                self.send_undo(ctx, out);
            }
            _ if c.is_control() || ask.reason.chars().count() >= REASON_MAX => {}
            _ => ask.reason.push(c),
        }
    }

    pub(super) fn send_undo(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Modal::Undo(ask) = &self.modal else { return };
        let reason = ask.reason.trim().to_string();
        if reason.is_empty() {
            return out.info(ctx.text.checkin.undo_need_reason);
        }
        let Some((participant, _)) = ask.people.get(ask.selected).cloned() else {
            return;
        };
        self.modal = Modal::None;
        call(out, Call::Undo { participant, reason });
    }
}
