//! Every error code any layer produces, as one enum. The codes are a contract:
//! scripts read them from the CLI's JSON and text, the database raises them
//! as messages, the kiosk chooses its sentences by them. As strings they were
//! compared in every layer, and a typo or a new code went unnoticed; as an
//! enum each use is an exhaustive `match`, so a new code cannot be added
//! without deciding its exit code (cli::exit) and its kiosk text
//! (tui::strings::errors). `as_str` is the wire word, which never changes.

use serde::Serialize;

/// A stable error code. The wire word is [`ErrorCode::as_str`]; text from the
/// database is read back with [`ErrorCode::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum ErrorCode {
    // refused by the booking rules
    SoldOut,
    HoldExpired,
    HoldNotActive,
    HoldLimit,
    NotFound,
    Forbidden,
    DepartureCancelled,
    SalesClosed,
    PriceChanged,
    IdempotencyConflict,
    SeatsAvailable,
    BookingCancelled,
    NotCheckedIn,
    AlreadyCheckedIn,
    CheckInNotOpen,
    KeyRetired,
    NoSigningKey,
    /// a payment larger than the booking's unpaid balance
    ExceedsBalance,
    /// a refund larger than what the booking paid less what was refunded
    ExceedsRefundable,
    /// a voucher in another currency than the booking it would pay
    VoucherNotAccepted,
    /// a voucher past its expiry
    VoucherExpired,
    /// a voucher with less left than the amount asked
    VoucherInsufficient,
    /// a booking to rebook after a weather cancellation, cancelled some other way
    RebookPending,
    /// a rebooking action on a booking with no open weather case
    NotToRebook,
    /// removing the last person of a booking: that is a cancellation
    LastPerson,
    /// the kiosk could not draw or write a sale's ticket files (the sale stands)
    TicketFiles,
    /// a receipt printer that is off, unplugged or out of paper (what was
    /// sold stands; the tickets' PNGs are kept)
    PrinterUnavailable,
    /// a resource whose seats cannot carry a departure besides those it serves then
    ResourceBusy,
    /// a guide already leading a departure at an overlapping time
    GuideBusy,
    /// a resource out of service on the departure's day: nothing more is sold
    ResourceOutOfService,
    /// a pickup point that is not an active one of the departure's tour
    PickupNotOnTour,
    /// a shift write (cash in/out, close) on a device with no open shift
    NoOpenShift,
    /// opening a shift on a device that has one open
    ShiftAlreadyOpen,
    /// approving a shift that is still open (not counted)
    ShiftNotClosed,
    /// changing anything of an approved shift, or approving it again
    ShiftApproved,
    /// a count of a note or coin the drawer's currency does not have
    UnknownDenomination,
    // bad input
    InvalidParty,
    InvalidInput,
    Usage,
    // sessions and logins
    AuthRequired,
    WrongPin,
    LoginThrottled,
    LockedOut,
    SessionExpired,
    DeviceRevoked,
    // the database: busy, away, or failing
    LockTimeout,
    Busy,
    DbUnavailable,
    OutcomeUnknown,
    Database,
    // the field laptop
    NotPrepared,
    NoAllotment,
    AllotmentExhausted,
    /// an offline sale for a party whose price was not taken along
    NoPrice,
    ClockSkew,
    FieldStore,
    FieldSealed,
    /// a person of an offline sale the server has not numbered yet
    NotSynced,
    ShortPin,
    // the audit trail
    AuditChainBroken,
}

impl ErrorCode {
    /// Every code, in declaration order (complete by construction: derived).
    pub const ALL: &'static [ErrorCode] = <ErrorCode as strum::VariantArray>::VARIANTS;

    /// The wire word: what the CLI prints, JSON carries and the database raises.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::SoldOut => "SOLD_OUT",
            ErrorCode::HoldExpired => "HOLD_EXPIRED",
            ErrorCode::HoldNotActive => "HOLD_NOT_ACTIVE",
            ErrorCode::HoldLimit => "HOLD_LIMIT",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::DepartureCancelled => "DEPARTURE_CANCELLED",
            ErrorCode::SalesClosed => "SALES_CLOSED",
            ErrorCode::PriceChanged => "PRICE_CHANGED",
            ErrorCode::IdempotencyConflict => "IDEMPOTENCY_CONFLICT",
            ErrorCode::SeatsAvailable => "SEATS_AVAILABLE",
            ErrorCode::BookingCancelled => "BOOKING_CANCELLED",
            ErrorCode::NotCheckedIn => "NOT_CHECKED_IN",
            ErrorCode::AlreadyCheckedIn => "ALREADY_CHECKED_IN",
            ErrorCode::CheckInNotOpen => "CHECK_IN_NOT_OPEN",
            ErrorCode::KeyRetired => "KEY_RETIRED",
            ErrorCode::NoSigningKey => "NO_SIGNING_KEY",
            ErrorCode::ExceedsBalance => "EXCEEDS_BALANCE",
            ErrorCode::ExceedsRefundable => "EXCEEDS_REFUNDABLE",
            ErrorCode::VoucherNotAccepted => "VOUCHER_NOT_ACCEPTED",
            ErrorCode::VoucherExpired => "VOUCHER_EXPIRED",
            ErrorCode::VoucherInsufficient => "VOUCHER_INSUFFICIENT",
            ErrorCode::RebookPending => "REBOOK_PENDING",
            ErrorCode::NotToRebook => "NOT_TO_REBOOK",
            ErrorCode::LastPerson => "LAST_PERSON",
            ErrorCode::TicketFiles => "TICKET_FILES",
            ErrorCode::PrinterUnavailable => "PRINTER_UNAVAILABLE",
            ErrorCode::ResourceBusy => "RESOURCE_BUSY",
            ErrorCode::GuideBusy => "GUIDE_BUSY",
            ErrorCode::ResourceOutOfService => "RESOURCE_OUT_OF_SERVICE",
            ErrorCode::PickupNotOnTour => "PICKUP_NOT_ON_TOUR",
            ErrorCode::NoOpenShift => "NO_OPEN_SHIFT",
            ErrorCode::ShiftAlreadyOpen => "SHIFT_ALREADY_OPEN",
            ErrorCode::ShiftNotClosed => "SHIFT_NOT_CLOSED",
            ErrorCode::ShiftApproved => "SHIFT_APPROVED",
            ErrorCode::UnknownDenomination => "UNKNOWN_DENOMINATION",
            ErrorCode::InvalidParty => "INVALID_PARTY",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::Usage => "USAGE",
            ErrorCode::AuthRequired => "AUTH_REQUIRED",
            ErrorCode::WrongPin => "WRONG_PIN",
            ErrorCode::LoginThrottled => "LOGIN_THROTTLED",
            ErrorCode::LockedOut => "LOCKED_OUT",
            ErrorCode::SessionExpired => "SESSION_EXPIRED",
            ErrorCode::DeviceRevoked => "DEVICE_REVOKED",
            ErrorCode::LockTimeout => "LOCK_TIMEOUT",
            ErrorCode::Busy => "BUSY",
            ErrorCode::DbUnavailable => "DB_UNAVAILABLE",
            ErrorCode::OutcomeUnknown => "OUTCOME_UNKNOWN",
            ErrorCode::Database => "DATABASE",
            ErrorCode::NotPrepared => "NOT_PREPARED",
            ErrorCode::NoAllotment => "NO_ALLOTMENT",
            ErrorCode::AllotmentExhausted => "ALLOTMENT_EXHAUSTED",
            ErrorCode::NoPrice => "NO_PRICE",
            ErrorCode::ClockSkew => "CLOCK_SKEW",
            ErrorCode::FieldStore => "FIELD_STORE",
            ErrorCode::FieldSealed => "FIELD_SEALED",
            ErrorCode::NotSynced => "NOT_SYNCED",
            ErrorCode::ShortPin => "SHORT_PIN",
            ErrorCode::AuditChainBroken => "AUDIT_CHAIN_BROKEN",
        }
    }

    /// The code a wire word names (exact, as `as_str` writes it); `None` for
    /// anything else, e.g. a message of a database function that is not a code.
    pub fn parse(word: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == word)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// JSON carries the wire word.
impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back from the server's JSON (a schedule apply's failures): an unknown
/// word is an error that names it, never a default.
impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ErrorCode, D::Error> {
        let word = String::deserialize(d)?;
        ErrorCode::parse(&word).ok_or_else(|| serde::de::Error::custom(format!("unknown error code {word:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_round_trips_through_the_parser() {
        for &c in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(c.as_str()), Some(c), "{c:?}");
            assert_eq!(c.to_string(), c.as_str());
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(c.as_str()));
            assert_eq!(
                serde_json::from_value::<ErrorCode>(serde_json::json!(c.as_str())).unwrap(),
                c
            );
        }
        assert!(serde_json::from_value::<ErrorCode>(serde_json::json!("NO_SUCH_CODE")).is_err());
        let words: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(words.len(), ErrorCode::ALL.len(), "two codes share a word");
    }

    #[test]
    fn wire_words_are_screaming_snake_case() {
        for &c in ErrorCode::ALL {
            let w = c.as_str();
            assert!(
                !w.is_empty() && !w.starts_with('_') && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{w}"
            );
        }
    }

    #[test]
    fn only_exact_wire_words_parse() {
        for bad in ["", "sold_out", "SOLD_OUT ", "SOLD OUT", "P0001", "NO_SUCH_CODE"] {
            assert_eq!(ErrorCode::parse(bad), None, "{bad:?}");
        }
    }

    /// README's "Error codes" table is the scripts' reference: every code
    /// has a row there, and every row names a code.
    #[test]
    fn the_readme_table_lists_every_code() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("### Error codes")
            .expect("README has an Error codes section");
        let section = &readme[start..];
        let section = &section[..section[4..].find("\n#").map_or(section.len(), |i| i + 4)];
        let rows: HashSet<&str> = section
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        let codes: HashSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let missing: Vec<_> = codes.difference(&rows).collect();
        let unknown: Vec<_> = rows.difference(&codes).collect();
        assert!(missing.is_empty(), "codes missing from README's table: {missing:?}");
        assert!(
            unknown.is_empty(),
            "README's table names codes that do not exist: {unknown:?}"
        );
    }
}
