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
    ScheduleId,
    PickupPointId,
    ShiftId,
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

/// A participant as the service knows it: one of the server's, or one of an
/// offline sale this laptop made that the server has not numbered yet —
/// named by the sale's journal entry (as its [`BookingRef::Local`]) and the
/// person's position in the party (1 = first). Why not a `ParticipantId`:
/// a made-up id (the negative `-(seq * 1000 + i)` it once was) reached the
/// manifest, and an undo or a no-show would have sent it to the server;
/// a `Local` cannot be sent, only matched.
///
/// Written as the server's id (a number, as a `ParticipantId`: stores and
/// journals already on laptops read unchanged), or as
/// `{"sale": seq, "position": n}`; only the server's are ever stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParticipantRef {
    Server(ParticipantId),
    Local {
        /// the offline sale's journal entry (`journal.seq` of its store)
        sale: i64,
        /// the person's place in the party, from 1
        position: i32,
    },
}

impl ParticipantRef {
    /// The server's id, none for a person of an offline sale not synced yet.
    pub fn server(self) -> Option<ParticipantId> {
        match self {
            ParticipantRef::Server(id) => Some(id),
            ParticipantRef::Local { .. } => None,
        }
    }
}

impl ParticipantRef {
    /// How a person is named where a command line or a spreadsheet needs a
    /// word: the server's id (`42`), or `SALE/POSITION` (`17/2`) for a
    /// person of an offline sale not synced yet — what [`parse`](Self::parse) reads.
    pub fn label(self) -> String {
        match self {
            ParticipantRef::Server(id) => id.to_string(),
            ParticipantRef::Local { sale, position } => format!("{sale}/{position}"),
        }
    }

    /// Reads a [`label`](Self::label); none for anything else.
    pub fn parse(s: &str) -> Option<ParticipantRef> {
        let s = s.trim();
        match s.split_once('/') {
            None => s.parse().ok().map(|id| ParticipantRef::Server(ParticipantId(id))),
            Some((sale, position)) => {
                let (sale, position) = (sale.parse::<i64>().ok()?, position.parse::<i32>().ok()?);
                (sale > 0 && position > 0).then_some(ParticipantRef::Local { sale, position })
            }
        }
    }
}

impl From<ParticipantId> for ParticipantRef {
    fn from(id: ParticipantId) -> ParticipantRef {
        ParticipantRef::Server(id)
    }
}

impl fmt::Display for ParticipantRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParticipantRef::Server(id) => id.fmt(f),
            ParticipantRef::Local { sale, position } => write!(f, "person {position} of offline sale {sale}"),
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

    #[test]
    fn a_server_participant_is_written_as_its_id_and_a_local_one_never_as_an_id() {
        let server = ParticipantRef::Server(ParticipantId(42));
        assert_eq!(serde_json::to_string(&server).unwrap(), "42");
        assert_eq!(serde_json::from_str::<ParticipantRef>("42").unwrap(), server);
        let local = ParticipantRef::Local { sale: 7, position: 2 };
        assert_eq!(serde_json::to_string(&local).unwrap(), r#"{"sale":7,"position":2}"#);
        assert_eq!(
            serde_json::from_str::<ParticipantRef>(r#"{"sale":7,"position":2}"#).unwrap(),
            local
        );
        assert_eq!((server.server(), local.server()), (Some(ParticipantId(42)), None));
        // the placeholder it replaces: never equal to a server id
        assert_ne!(local, ParticipantRef::Server(ParticipantId(-7001)));
    }

    #[test]
    fn a_participant_label_reads_back_and_nothing_else_does() {
        let server = ParticipantRef::Server(ParticipantId(42));
        let local = ParticipantRef::Local { sale: 17, position: 2 };
        assert_eq!((server.label().as_str(), local.label().as_str()), ("42", "17/2"));
        assert_eq!(ParticipantRef::parse(&server.label()), Some(server));
        assert_eq!(ParticipantRef::parse(" 17/2 "), Some(local));
        for bad in ["", "x", "17/", "/2", "17/0", "0/2", "17/2/3", "-1/2", "1.5"] {
            assert_eq!(ParticipantRef::parse(bad), None, "{bad:?}");
        }
    }
}
