//! What an audit row on a booking records (`audit_log.action`), parsed once
//! where the row is read. The log itself keeps the dotted codes the SQL core
//! writes (`payment.taken`); the kiosk shows each as words in the clerk's
//! language, and an action this build does not know (a newer core, an
//! operator's script) keeps its code and is shown as it is.

use serde::{Serialize, Serializer};

macro_rules! audit_actions {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, )*) => {
        /// An audited action that can name a booking.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum AuditAction {
            $( $(#[$doc])* $variant, )*
            /// any other code, kept as written
            Other(String),
        }

        impl AuditAction {
            /// Every known action, for the tests that compare with the SQL core.
            pub const KNOWN: &'static [AuditAction] = &[$( AuditAction::$variant, )*];

            pub fn parse(code: &str) -> AuditAction {
                match code {
                    $( $code => AuditAction::$variant, )*
                    other => AuditAction::Other(other.to_string()),
                }
            }

            /// The code as the log holds it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( AuditAction::$variant => $code, )*
                    AuditAction::Other(s) => s,
                }
            }
        }
    };
}

audit_actions! {
    HoldCreated = "hold.created",
    HoldExtended = "hold.extended",
    BookingCreated = "booking.created",
    BookingChanged = "booking.changed",
    BookingCancelled = "booking.cancelled",
    BookingMoved = "booking.moved",
    /// a pickup point chosen or changed
    BookingPickup = "booking.pickup",
    /// the customer started the Telegram bot from the booking's link
    BookingTelegramLinked = "booking.telegram_linked",
    ParticipantAdded = "participant.added",
    ParticipantChanged = "participant.changed",
    ParticipantRemoved = "participant.removed",
    ParticipantNoShow = "participant.no_show",
    ParticipantNoShowCleared = "participant.no_show_cleared",
    PaymentTaken = "payment.taken",
    RefundGiven = "refund.given",
    /// a cancellation's refund set by a manager instead of the rules
    RefundOverride = "refund.override",
    VoucherIssued = "voucher.issued",
    VoucherRedeemed = "voucher.redeemed",
    TicketsPrinted = "tickets.printed",
    TicketsReissued = "tickets.reissued",
    CheckInAdmitted = "check_in.admitted",
    CheckInBackdated = "check_in.backdated",
    CheckInUndone = "check_in.undone",
    ReturnBack = "return.back",
    ReturnLeft = "return.left",
    RollcallMissing = "rollcall.missing",
    RebookOpened = "rebook.opened",
    // 'rebook.' || outcome: how the weather case was closed
    RebookMoved = "rebook.moved",
    RebookRefunded = "rebook.refunded",
    RebookCredited = "rebook.credited",
    RebookSwept = "rebook.swept",
    WaitlistJoined = "waitlist.joined",
    WaitlistOffered = "waitlist.offered",
    WaitlistSkipped = "waitlist.skipped",
    WaitlistLeft = "waitlist.left",
    NotifySent = "notify.sent",
    NotifyFailed = "notify.failed",
    NotifyDead = "notify.dead",
    FieldConflict = "field.conflict",
    FieldConflictResolved = "field.conflict_resolved",
}

impl From<String> for AuditAction {
    fn from(code: String) -> AuditAction {
        AuditAction::parse(&code)
    }
}

/// JSON keeps the code: the CLI's contract is the log's own words.
impl Serialize for AuditAction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips_and_others_are_kept() {
        for a in AuditAction::KNOWN {
            assert_eq!(&AuditAction::parse(a.as_str()), a);
        }
        let odd = AuditAction::parse("tour.added");
        assert_eq!(odd, AuditAction::Other("tour.added".into()));
        assert_eq!(odd.as_str(), "tour.added");
        assert_eq!(
            serde_json::to_string(&AuditAction::PaymentTaken).unwrap(),
            "\"payment.taken\""
        );
    }

    /// Every dotted code the SQL core writes is known here, or on the short
    /// list of those that never name a booking (a departure's, a login's):
    /// a new action on a booking then fails this test instead of showing
    /// its code on a Russian clerk's card.
    #[test]
    fn every_action_the_sql_core_writes_is_known_or_never_on_a_booking() {
        const NOT_ON_A_BOOKING: &[&str] = &[
            "check_in.closed",
            "check_in.reopened",
            "holds.expired",
            "notify.claimed",
            "notify.reminders",
            "field.wrapped_for",
            // 'hold.' || status: a hold released or expired, the departure's
            "hold.",
        ];
        let prefixes = [
            "hold",
            "booking",
            "participant",
            "payment",
            "refund",
            "voucher",
            "tickets",
            "check_in",
            "return",
            "rollcall",
            "rebook",
            "waitlist",
            "notify",
            "field",
        ];
        let mut codes = Vec::new();
        let sql = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql");
        for dir in ["api", "core"] {
            for f in std::fs::read_dir(sql.join(dir)).unwrap() {
                let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
                for quoted in text.split('\'') {
                    let Some((head, tail)) = quoted.split_once('.') else {
                        continue;
                    };
                    let word = |s: &str| s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                    if prefixes.contains(&head) && word(tail) {
                        codes.push(quoted.to_string());
                    }
                }
            }
        }
        // 'return.' || p_state and 'rebook.' || p_outcome: one code per state
        codes.retain(|c| c != "return." && c != "rebook.");
        codes.extend(
            crate::domain::ReturnState::ALL
                .iter()
                .map(|s| format!("return.{}", s.as_str())),
        );
        use crate::domain::RebookStatus;
        let closed = RebookStatus::ALL.iter().filter(|s| !matches!(s, RebookStatus::Open));
        codes.extend(closed.map(|s| format!("rebook.{}", s.as_str())));
        assert!(codes.len() > 30, "the scan found too little: {codes:?}");
        for c in &codes {
            let known = !matches!(AuditAction::parse(c), AuditAction::Other(_));
            assert!(
                known || NOT_ON_A_BOOKING.contains(&c.as_str()),
                "{c} is written by the SQL core but not an AuditAction"
            );
        }
    }
}
