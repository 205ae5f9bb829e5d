//! What can go wrong in field mode, each saying what to do.

use crate::booking::BookingError;
use crate::domain::{DepartureId, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum FieldError {
    #[error(
        "the field store {path} cannot be opened: {problem}. Check the path (--store or TOURDESK_FIELD_STORE) \
         and that its disk is writable"
    )]
    Open { path: String, problem: String },
    #[error("the field store failed: {0}. Nothing shown as done was lost; try again")]
    Store(#[from] sqlx::Error),
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
    #[error("{field}: {problem}")]
    Invalid { field: &'static str, problem: String },
    #[error(transparent)]
    Core(#[from] BookingError),
}

impl FieldError {
    /// Stable code for scripts and the JSON contract.
    pub fn code(&self) -> ErrorCode {
        match self {
            FieldError::Open { .. } | FieldError::Store(_) | FieldError::Corrupt(_) => ErrorCode::FieldStore,
            FieldError::NotPrepared(_) => ErrorCode::NotPrepared,
            FieldError::NoAllotment(_) => ErrorCode::NoAllotment,
            FieldError::AllotmentExhausted { .. } => ErrorCode::AllotmentExhausted,
            FieldError::Departed(_) => ErrorCode::SalesClosed,
            FieldError::ClockSkew { .. } => ErrorCode::ClockSkew,
            FieldError::Sealed | FieldError::SealedPending { .. } => ErrorCode::FieldSealed,
            FieldError::ShortPin { .. } => ErrorCode::ShortPin,
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
