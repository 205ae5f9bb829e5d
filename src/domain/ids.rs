//! Newtypes for ids, so a hold id can never be passed where a departure id is due.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type)]
        #[sqlx(transparent)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    TourId,
    DepartureId,
    HoldId,
    BookingId,
    ParticipantId,
    WaitlistEntryId,
    PricingRuleId,
    StaffId,
    DeviceId
);

/// A booking as the service knows it: one of the server's, or one a field
/// laptop sold offline that the server has not numbered yet — named on the
/// laptop by its journal entry's sequence number (the customer holds its
/// booking number). Why not a `BookingId`: a made-up id (a negative one,
/// say) could be sent to the server or matched against a real one; a
/// `Local` cannot.
///
/// Written as the server's id (a number, as a `BookingId`), or as
/// `{"local": seq}`; only the server's are ever stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BookingRef {
    Server(BookingId),
    Local {
        /// the offline sale's journal entry (`journal.seq` of its store)
        local: i64,
    },
}

impl BookingRef {
    /// The server's id, none for an offline sale not synced yet.
    pub fn server(self) -> Option<BookingId> {
        match self {
            BookingRef::Server(id) => Some(id),
            BookingRef::Local { .. } => None,
        }
    }
}

impl From<BookingId> for BookingRef {
    fn from(id: BookingId) -> BookingRef {
        BookingRef::Server(id)
    }
}

impl fmt::Display for BookingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BookingRef::Server(id) => id.fmt(f),
            BookingRef::Local { local } => write!(f, "offline sale {local}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_booking_is_written_as_its_id_and_a_local_one_never_as_an_id() {
        let server = BookingRef::Server(BookingId(42));
        assert_eq!(serde_json::to_string(&server).unwrap(), "42");
        assert_eq!(serde_json::from_str::<BookingRef>("42").unwrap(), server);
        let local = BookingRef::Local { local: 7 };
        assert_eq!(serde_json::to_string(&local).unwrap(), r#"{"local":7}"#);
        assert_eq!(serde_json::from_str::<BookingRef>(r#"{"local":7}"#).unwrap(), local);
        assert_eq!((server.server(), local.server()), (Some(BookingId(42)), None));
        assert_ne!(local, BookingRef::Server(BookingId(7)));
    }
}
