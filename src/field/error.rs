//! What can go wrong in field mode, each saying what to do.

use crate::booking::BookingError;
use crate::domain::{DepartureId, ErrorCode, ParticipantRef};

#[derive(Debug, thiserror::Error)]
pub enum FieldError {
    #[error(
        "the field store {path} cannot be opened: {problem}. Check the path (--store or TOURDESK_FIELD_STORE) \
         and that its disk is writable"
    )]
    Open { path: String, problem: String },
    #[error("the field store failed: {0}. Nothing shown as done was lost; try again")]
    Store(#[from] sqlx::Error),
    #[error(
        "this kiosk has no field store: start it on a field laptop (TOURDESK_FIELD_STORE or the data \
         directory's field.sqlite) to prepare departures or give seats back"
    )]
    NoStore,
    #[error("the field store holds an entry it cannot read ({0}); keep the file and report it")]
    Corrupt(String),
    #[error(
        "this laptop was not prepared for departure {0}: while online, run \
         `tourdesk field prepare --departure {0}` (or Check-in → p in the kiosk)"
    )]
    NotPrepared(DepartureId),
    #[error(
        "this laptop holds no seats to sell offline on departure {0}: while online, lease some with \
         `tourdesk field prepare --departure {0} --allotment N`"
    )]
    NoAllotment(DepartureId),
    #[error("only {left} seat(s) are left of this laptop's allotment on departure {departure}, not {asked}")]
    AllotmentExhausted {
        departure: DepartureId,
        left: i32,
        asked: u32,
    },
    #[error(
        "departure {0} was taken along by an older tourdesk, without what the kiosk lists: while online, \
         prepare it again (`tourdesk field prepare --departure {0}`, or Check-in → p in the kiosk)"
    )]
    PreparedBefore(DepartureId),
    #[error(
        "no price for {adults} adult(s) and {children} child(ren) on departure {departure} was taken along: \
         sell smaller parties offline, or prepare with a larger allotment while online"
    )]
    NoPrice {
        departure: DepartureId,
        adults: u32,
        children: u32,
    },
    #[error("departure {0} has left: offline sales end at departure time")]
    Departed(DepartureId),
    #[error(
        "the laptop's clock is {skew} (measured to within {uncertainty_ms} ms): offline check-ins and sales \
         would carry a wrong time. Set the laptop's date and time (or turn on network time: \
         `timedatectl set-ntp true`), then prepare again"
    )]
    ClockSkew {
        /// "1 day 0 h 3 min ahead of the server's"
        skew: String,
        /// laptop minus server
        skew_ms: i64,
        uncertainty_ms: i64,
    },
    #[error(
        "this laptop's store is sealed: its personal data opens only with the PIN of someone it was prepared \
         for. Log in with your PIN (TOURDESK_PIN for scripts), or have it prepared for you while online: \
         `tourdesk field prepare --also \"YOUR NAME\"`"
    )]
    Sealed,
    #[error(
        "this laptop's store holds {entries} unsynced entr(ies) sealed for other staff, and none of the PINs \
         given opens it: sync first (one of them logs in), or add one of them with --also NAME"
    )]
    SealedPending { entries: i64 },
    #[error(
        "{who} PIN has {digits} digit(s); a field laptop needs PINs of at least {min} (a copied store must cost \
         at least a core-hour to open: BENCHMARKS.md). A manager sets a longer one: \
         `tourdesk staff add NAME --role ROLE` with TOURDESK_NEW_PIN=<{min} to 12 digits>",
        min = super::seal::MIN_FIELD_PIN
    )]
    ShortPin { who: String, digits: usize },
    #[error(
        "{participant} is not on the server yet (an offline sale lets its people in when it is sold): sync \
         first (`tourdesk field sync`, or the kiosk syncs by itself when the database is back), then {what}"
    )]
    NotSynced {
        participant: ParticipantRef,
        /// what waits for the sync: "undo their check-in"
        what: &'static str,
    },
    #[error("{field}: {problem}")]
    Invalid { field: &'static str, problem: String },
    #[error(transparent)]
    Core(#[from] BookingError),
}

impl FieldError {
    /// Stable code for scripts and the JSON contract.
    pub fn code(&self) -> ErrorCode {
        match self {
            FieldError::Open { .. } | FieldError::Store(_) | FieldError::Corrupt(_) | FieldError::NoStore => {
                ErrorCode::FieldStore
            }
            // an older store's departure needs the same step: prepare it again
            FieldError::NotPrepared(_) | FieldError::PreparedBefore(_) => ErrorCode::NotPrepared,
            FieldError::NoPrice { .. } => ErrorCode::NoPrice,
            FieldError::NoAllotment(_) => ErrorCode::NoAllotment,
            FieldError::AllotmentExhausted { .. } => ErrorCode::AllotmentExhausted,
            FieldError::Departed(_) => ErrorCode::SalesClosed,
            FieldError::ClockSkew { .. } => ErrorCode::ClockSkew,
            FieldError::Sealed | FieldError::SealedPending { .. } => ErrorCode::FieldSealed,
            FieldError::ShortPin { .. } => ErrorCode::ShortPin,
            FieldError::NotSynced { .. } => ErrorCode::NotSynced,
            FieldError::Invalid { .. } => ErrorCode::InvalidInput,
            FieldError::Core(e) => e.code(),
        }
    }

    /// True when the database is out of reach: worth trying offline.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, FieldError::Core(e) if e.no_answer())
    }

    pub(super) fn invalid(field: &'static str, problem: impl Into<String>) -> FieldError {
        FieldError::Invalid {
            field,
            problem: problem.into(),
        }
    }
}
