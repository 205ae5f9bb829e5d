//! Logging in: the PIN screen's keys, and what a login (online, or offline
//! from this laptop's store) sets up.

use super::{App, Screen};
use crate::domain::{ErrorCode, Role};
use crate::tui::action::{Cmd, Session, SessionEnd, UiError};
use crate::tui::app::ConnState;
use crate::tui::panes::{Level, Outbox, PaneId, Panes};
use crossterm::event::{KeyCode, KeyEvent};

/// `L` switches the language (`д` is the same key on a Russian layout).
pub(super) fn is_lang_key(c: char) -> bool {
    matches!(c, 'l' | 'L' | 'д' | 'Д')
}

impl App {
    /// English ↔ Russian, at once and on every screen; remembered for this
    /// device (the start flag `--lang` still wins at the next start).
    pub(super) fn switch_lang(&mut self, out: &mut Outbox) {
        let lang = self.config.lang.other();
        self.config.lang = lang;
        self.text = lang.text();
        self.dirty = true;
        out.cmds.push(Cmd::RememberLang(lang));
    }

    pub(super) fn login_key(&mut self, key: KeyEvent, out: &mut Outbox) {
        let Screen::Login {
            pin,
            error,
            busy,
            locked,
            ..
        } = &mut self.screen
        else {
            return;
        };
        if *busy {
            return;
        }
        match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() && pin.len() < 12 => {
                pin.push(c);
                *error = false;
            }
            KeyCode::Backspace => {
                pin.pop();
            }
            KeyCode::Esc => pin.clear(),
            KeyCode::Enter if !pin.is_empty() => {
                *busy = true;
                out.cmds.push(Cmd::Login(pin.clone()));
            }
            KeyCode::Char('q') | KeyCode::Char('й') if pin.is_empty() && !*locked => self.quit(out),
            KeyCode::Char(c) if is_lang_key(c) => self.switch_lang(out),
            _ => {}
        }
    }

    pub(super) fn on_login(&mut self, result: Result<Session, UiError>, out: &mut Outbox) {
        self.dirty = true;
        let Screen::Login { pin, error, busy, .. } = &mut self.screen else {
            return;
        };
        *busy = false;
        pin.clear();
        match result {
            Ok(session) if !session.role.has_screen() => {
                // the worker's identity, not a person's: nothing here to show
                // it, so its session ends at once and the PIN screen says why
                if !session.offline {
                    out.cmds.push(Cmd::Logout);
                }
                if let Screen::Login { ended, error, .. } = &mut self.screen {
                    *ended = Some(SessionEnd::NoScreen);
                    *error = false;
                }
            }
            Ok(session) => {
                let same = self
                    .session
                    .as_ref()
                    .is_some_and(|s| s.name == session.name && s.role == session.role);
                let role = session.role;
                let offline = session.offline;
                self.session = Some(session);
                self.screen = Screen::Main;
                self.last_input = self.now;
                self.field.offline_session = offline;
                if !same {
                    let field = std::mem::take(&mut self.panes.checkin.field);
                    self.panes = Panes::default();
                    self.panes.checkin.field = field;
                    self.field.review = None;
                    self.pane = match role {
                        Role::Guide => PaneId::CheckIn,
                        Role::Desk => PaneId::Walkin,
                        Role::Manager => PaneId::Departures,
                        // refused above; the safest pane all the same
                        Role::Notifier => PaneId::Departures,
                    };
                }
                if !self.offline_allowed(self.pane) {
                    self.pane = PaneId::CheckIn;
                }
                if offline {
                    out.notice(Level::Warning, self.text.field.offline_login);
                } else {
                    self.after_online_login(out);
                }
                let ctx = self.ctx();
                self.panes.show(self.pane, &ctx, out);
            }
            Err(e) if e.code == ErrorCode::NotFound => *error = true,
            Err(e) => {
                if e.is_offline() {
                    self.conn.state = ConnState::Offline;
                }
                let ctx = self.ctx();
                out.failed(&ctx, &e);
            }
        }
    }
}
