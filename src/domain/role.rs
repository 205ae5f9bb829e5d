//! Staff roles and what each may do. The core checks these on every call.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// the delivery worker's own identity: it may only deliver
    /// notifications. First, so that "desk or above" (`>= Role::Desk`)
    /// never includes it.
    Notifier,
    Guide,
    Desk,
    Manager,
}

/// What a caller wants to do, for permission checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    CheckIn,
    Sell,
    Cancel,
    Sweep,
    ManageDepartures,
    Weather,
    Stats,
    ManageKeys,
    /// a refund of a free amount (`tourdesk refund`): the clerk chooses the
    /// figure, so it is an override of the refund rules — a manager's, as
    /// overriding a cancellation's refund is
    Refund,
    /// the sign-off of a closed shift's counted drawer (`tourdesk shift
    /// approve`): a manager's, not the clerk who counted it
    ApproveShifts,
    /// the delivery worker (`notify run`, `notify status`): it reads every
    /// customer's address and marks messages sent
    Notify,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "guide" => Some(Role::Guide),
            "desk" => Some(Role::Desk),
            "manager" => Some(Role::Manager),
            "notifier" => Some(Role::Notifier),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Guide => "guide",
            Role::Desk => "desk",
            Role::Manager => "manager",
            Role::Notifier => "notifier",
        }
    }

    /// A guide checks in and reads; the desk also sells and cancels; a manager
    /// also runs departures, weather and the numbers. The notifier only
    /// delivers notifications (a manager may too, and reads the queue).
    pub fn may(self, action: Action) -> bool {
        match action {
            Action::Read | Action::CheckIn | Action::Sweep => self != Role::Notifier,
            Action::Sell | Action::Cancel => matches!(self, Role::Desk | Role::Manager),
            Action::ManageDepartures
            | Action::Weather
            | Action::Stats
            | Action::ManageKeys
            | Action::Refund
            | Action::ApproveShifts => self == Role::Manager,
            Action::Notify => matches!(self, Role::Manager | Role::Notifier),
        }
    }

    /// Whether the kiosk has a screen for this role (the notifier has none:
    /// it is the worker's identity, not a person's).
    pub fn has_screen(self) -> bool {
        self != Role::Notifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 4] = [Role::Notifier, Role::Guide, Role::Desk, Role::Manager];

    #[test]
    fn every_role_parses_back_from_its_name() {
        for r in ROLES {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn role_table() {
        let all = [
            Action::Read,
            Action::CheckIn,
            Action::Sell,
            Action::Cancel,
            Action::Sweep,
            Action::ManageDepartures,
            Action::Weather,
            Action::Stats,
            Action::ManageKeys,
            Action::Refund,
            Action::ApproveShifts,
            Action::Notify,
        ];
        let allowed = |r: Role| all.iter().filter(|a| r.may(**a)).count();
        assert_eq!(allowed(Role::Guide), 3);
        assert_eq!(allowed(Role::Desk), 5);
        assert_eq!(allowed(Role::Manager), 12);
        assert_eq!(allowed(Role::Notifier), 1);
        assert!(Role::Notifier.may(Action::Notify));
        assert!(!Role::Notifier.may(Action::Read));
        assert!(!Role::Notifier.may(Action::Sell));
        assert!(Role::Notifier < Role::Desk, "never desk-or-above");
        assert!(!Role::Desk.may(Action::Notify));
        assert!(!Role::Desk.may(Action::ApproveShifts));
        assert!(!Role::Desk.may(Action::Refund));
        assert!(!Role::Guide.may(Action::Sell));
        assert!(!Role::Desk.may(Action::Weather));
    }
}
