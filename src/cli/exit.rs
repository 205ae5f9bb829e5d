//! The process exit code of every error code, in one exhaustive `match`:
//! scripts branch on the exit code before they read any JSON, so each code's
//! class is decided here once (README, "Exit codes"), and a new code does
//! not compile until it has one.

use crate::domain::ErrorCode;

/// Refused by the rules (sold out, hold expired, forbidden, …).
pub const REFUSED: u8 = 1;
/// Bad input: usage, a value that does not parse, an invalid party.
pub const BAD_INPUT: u8 = 2;
/// The database is unreachable or failed.
pub const DATABASE: u8 = 3;
/// A write was sent and its answer lost: re-run with the same key.
pub const OUTCOME_UNKNOWN: u8 = 4;
/// `EX_TEMPFAIL`: the database is full or starting; nothing was sent.
pub const TEMPFAIL: u8 = 75;

/// The exit code of a command that failed with `code`.
pub const fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::InvalidInput | ErrorCode::InvalidParty | ErrorCode::Usage => BAD_INPUT,
        ErrorCode::DbUnavailable | ErrorCode::Database => DATABASE,
        ErrorCode::OutcomeUnknown => OUTCOME_UNKNOWN,
        ErrorCode::Busy => TEMPFAIL,
        ErrorCode::SoldOut
        | ErrorCode::HoldExpired
        | ErrorCode::HoldNotActive
        | ErrorCode::HoldLimit
        | ErrorCode::NotFound
        | ErrorCode::Forbidden
        | ErrorCode::DepartureCancelled
        | ErrorCode::SalesClosed
        | ErrorCode::PriceChanged
        | ErrorCode::IdempotencyConflict
        | ErrorCode::SeatsAvailable
        | ErrorCode::BookingCancelled
        | ErrorCode::NotCheckedIn
        | ErrorCode::AlreadyCheckedIn
        | ErrorCode::CheckInNotOpen
        | ErrorCode::KeyRetired
        | ErrorCode::NoSigningKey
        | ErrorCode::ExceedsBalance
        | ErrorCode::ExceedsRefundable
        | ErrorCode::VoucherNotAccepted
        | ErrorCode::VoucherExpired
        | ErrorCode::VoucherInsufficient
        | ErrorCode::RebookPending
        | ErrorCode::NotToRebook
        | ErrorCode::LastPerson
        | ErrorCode::ResourceBusy
        | ErrorCode::GuideBusy
        | ErrorCode::ResourceOutOfService
        | ErrorCode::PickupNotOnTour
        | ErrorCode::NoOpenShift
        | ErrorCode::ShiftAlreadyOpen
        | ErrorCode::ShiftNotClosed
        | ErrorCode::ShiftApproved
        | ErrorCode::UnknownDenomination
        // the kiosk's own: 1, as every code outside the table always had
        | ErrorCode::TicketFiles
        | ErrorCode::PrinterUnavailable
        | ErrorCode::AuthRequired
        | ErrorCode::WrongPin
        | ErrorCode::LoginThrottled
        | ErrorCode::LockedOut
        | ErrorCode::SessionExpired
        | ErrorCode::DeviceRevoked
        // the departure stayed locked: busy, but a refusal like the others (1),
        // as it always was; BUSY (75) is a server refusing connections
        | ErrorCode::LockTimeout
        | ErrorCode::NotPrepared
        | ErrorCode::NoAllotment
        | ErrorCode::AllotmentExhausted
        | ErrorCode::NoPrice
        | ErrorCode::ClockSkew
        | ErrorCode::FieldStore
        | ErrorCode::FieldSealed
        | ErrorCode::NotSynced
        | ErrorCode::ShortPin
        | ErrorCode::AuditChainBroken => REFUSED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every exit code is one README's "Exit codes" table documents (0 is
    /// success, never an error's).
    #[test]
    fn every_code_exits_with_a_documented_code() {
        let readme = include_str!("../../README.md");
        let start = readme.find("### Exit codes").expect("README has an Exit codes section");
        let table = &readme[start
            ..readme[start..]
                .find("### Error codes")
                .map_or(readme.len(), |i| start + i)];
        for &c in ErrorCode::ALL {
            let exit = exit_code(c);
            assert_ne!(exit, 0, "{c}");
            assert!(
                table.contains(&format!("| {exit} |")),
                "{c} exits {exit}, which README does not list"
            );
        }
    }

    /// The codes README's table names by themselves keep their own exit codes.
    #[test]
    fn the_codes_named_in_the_exit_table_keep_theirs() {
        assert_eq!(exit_code(ErrorCode::OutcomeUnknown), 4);
        assert_eq!(exit_code(ErrorCode::Busy), 75);
        assert_eq!(exit_code(ErrorCode::Usage), 2);
        assert_eq!(exit_code(ErrorCode::DbUnavailable), 3);
        assert_eq!(exit_code(ErrorCode::SoldOut), 1);
    }
}
