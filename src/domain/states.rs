//! The states of departures, bookings, payments, holds, waitlist entries and
//! manifest rows, as enums.
//!
//! Why: every layer used to compare `String`s against literals, so a typo
//! compiled and a new state fell silently into some `else`. Now a word is
//! parsed once where it enters (a PostgreSQL or SQLite column, or JSON) and
//! everything after matches on the enum. Each enum's words are exactly the
//! set its column's CHECK constraint allows (the migration is named on each);
//! a word outside it is a decoding error that says so — never a default.
//! `as_str` gives the word back for the few places that print it (the CLI's
//! JSON keeps the database's words, and serde writes the same words).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A state word the program does not know: the database has a state this
/// build was not written for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown {what} '{value}' (this tourdesk knows {}): the database is newer than this program — install the tourdesk that matches it",
    .allowed.join(", ")
)]
pub struct UnknownState {
    pub what: &'static str,
    pub value: String,
    pub allowed: &'static [&'static str],
}

/// Defines a state enum: its words (serde and SQL use the same ones), `ALL`,
/// `as_str`, `parse`, `Display`, `FromStr`, and sqlx decoding/encoding as text
/// for any database whose `str` is text (PostgreSQL and the field's SQLite).
macro_rules! state_enum {
    (
        $(#[$meta:meta])*
        $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $word)] $variant, )+
        }

        impl $name {
            /// Every state, in the order the constraint lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const WORDS: &'static [&'static str] = &[$($word),+];

            /// The database's word for this state.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $word, )+
                }
            }

            pub fn parse(s: &str) -> Result<$name, UnknownState> {
                match s {
                    $( $word => Ok($name::$variant), )+
                    _ => Err(UnknownState { what: $what, value: s.to_string(), allowed: Self::WORDS }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownState;
            fn from_str(s: &str) -> Result<$name, UnknownState> {
                $name::parse(s)
            }
        }

        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<$name, sqlx::error::BoxDynError> {
                let word = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok($name::parse(word)?)
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut DB::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
            }
        }
    };
}

state_enum! {
    /// `departures.status` (migrations/0001_schema.sql). Closed: check-in
    /// was closed; the departure still runs.
    DepartureStatus ("departure status") {
        Scheduled = "scheduled",
        Cancelled = "cancelled",
        Closed = "closed",
    }
}

state_enum! {
    /// `departures.weather_status` and `weather_alerts.status`
    /// (migrations/0001_schema.sql).
    WeatherStatus ("weather status") {
        Ok = "ok",
        Watch = "watch",
        Danger = "danger",
    }
}

state_enum! {
    /// `bookings.status` (migrations/0001_schema.sql).
    BookingStatus ("booking status") {
        Confirmed = "confirmed",
        Cancelled = "cancelled",
    }
}

state_enum! {
    /// `bookings.payment_status` (migrations/0001_schema.sql).
    PaymentStatus ("payment status") {
        Unpaid = "unpaid",
        Paid = "paid",
        Refunded = "refunded",
        PartiallyRefunded = "partially_refunded",
    }
}

state_enum! {
    /// `holds.status` (migrations/0001_schema.sql): walk-in holds, waitlist
    /// offers and field allotments alike; also what releasing one returns.
    HoldStatus ("hold status") {
        Active = "active",
        Released = "released",
        Expired = "expired",
        /// sold: a booking was made from it
        Converted = "converted",
        Cancelled = "cancelled",
    }
}

state_enum! {
    /// `waitlist_entries.status` (migrations/0001_schema.sql).
    WaitlistStatus ("waitlist status") {
        Waiting = "waiting",
        Offered = "offered",
        Booked = "booked",
        Left = "left",
        Expired = "expired",
        Cancelled = "cancelled",
    }
}

state_enum! {
    /// A participant's line of a manifest: not a column but the `case` of
    /// `api.manifest` (sql/api/manifest.sql); the field store builds the same
    /// words from what it holds.
    ManifestState ("manifest state") {
        Expected = "expected",
        Admitted = "admitted",
        NoShow = "no_show",
        Cancelled = "cancelled",
    }
}

state_enum! {
    /// `check_ins.status` (migrations/0001_schema.sql): a booking's card
    /// lists every check-in, the refused duplicates and the undone too.
    CheckInStatus ("check-in status") {
        Accepted = "accepted",
        Duplicate = "duplicate",
        Undone = "undone",
    }
}

state_enum! {
    /// `check_ins.method` (migrations/0001_schema.sql), as recorded: a group
    /// code's check-in is `group`, which no request names.
    RecordedMethod ("check-in method") {
        Qr = "qr",
        Manual = "manual",
        Image = "image",
        Group = "group",
        Bulk = "bulk",
    }
}

state_enum! {
    /// What a search result matched: the `matched` column of `api.find` and
    /// `api.customer_bookings` (sql/api/find.sql).
    SearchMatch ("search match") {
        BookingNumber = "booking_number",
        ConfirmationCode = "confirmation_code",
        Phone = "phone",
        Email = "email",
        Name = "name",
        Participant = "participant",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word parses to its state and back, through serde too, and the
    /// set is the one the database allows (named next to each list).
    fn round_trips<T>(all: &[T], words: &[&str])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + Serialize + for<'de> Deserialize<'de> + std::str::FromStr,
        <T as std::str::FromStr>::Err: fmt::Debug,
    {
        assert_eq!(all.len(), words.len());
        for (state, word) in all.iter().zip(words) {
            assert_eq!(state.to_string(), *word);
            assert_eq!(word.parse::<T>().unwrap(), *state);
            assert_eq!(serde_json::to_value(state).unwrap(), serde_json::json!(word));
            assert_eq!(serde_json::from_value::<T>(serde_json::json!(word)).unwrap(), *state);
        }
        assert!("Confirmed ".parse::<T>().is_err(), "no case or space folding");
        assert!(serde_json::from_value::<T>(serde_json::json!("nonsense")).is_err());
    }

    #[test]
    fn departure_status_words() {
        // migrations/0001_schema.sql: check (status in ('scheduled', 'cancelled', 'closed'))
        round_trips(DepartureStatus::ALL, &["scheduled", "cancelled", "closed"]);
    }

    #[test]
    fn weather_status_words() {
        // migrations/0001_schema.sql: check (weather_status in ('ok', 'watch', 'danger'))
        round_trips(WeatherStatus::ALL, &["ok", "watch", "danger"]);
    }

    #[test]
    fn booking_status_words() {
        // migrations/0001_schema.sql: check (status in ('confirmed', 'cancelled'))
        round_trips(BookingStatus::ALL, &["confirmed", "cancelled"]);
    }

    #[test]
    fn payment_status_words() {
        // migrations/0001_schema.sql:
        // check (payment_status in ('unpaid', 'paid', 'refunded', 'partially_refunded'))
        round_trips(
            PaymentStatus::ALL,
            &["unpaid", "paid", "refunded", "partially_refunded"],
        );
    }

    #[test]
    fn hold_status_words() {
        // migrations/0001_schema.sql:
        // check (status in ('active', 'released', 'expired', 'converted', 'cancelled'))
        round_trips(
            HoldStatus::ALL,
            &["active", "released", "expired", "converted", "cancelled"],
        );
    }

    #[test]
    fn waitlist_status_words() {
        // migrations/0001_schema.sql:
        // check (status in ('waiting', 'offered', 'booked', 'left', 'expired', 'cancelled'))
        round_trips(
            WaitlistStatus::ALL,
            &["waiting", "offered", "booked", "left", "expired", "cancelled"],
        );
    }

    #[test]
    fn manifest_state_words() {
        // sql/api/manifest.sql: case ... 'cancelled' ... 'admitted' ... 'no_show' ... 'expected'
        round_trips(ManifestState::ALL, &["expected", "admitted", "no_show", "cancelled"]);
    }

    #[test]
    fn check_in_and_search_words() {
        // migrations/0001_schema.sql: check_ins.status and .method
        round_trips(CheckInStatus::ALL, &["accepted", "duplicate", "undone"]);
        round_trips(RecordedMethod::ALL, &["qr", "manual", "image", "group", "bulk"]);
        // sql/api/find.sql: the matched column
        round_trips(
            SearchMatch::ALL,
            &[
                "booking_number",
                "confirmation_code",
                "phone",
                "email",
                "name",
                "participant",
            ],
        );
    }

    #[test]
    fn an_unknown_word_names_itself_the_known_ones_and_what_to_do() {
        let e = BookingStatus::parse("pending").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("booking status 'pending'"), "{text}");
        assert!(text.contains("confirmed, cancelled"), "{text}");
        assert!(text.contains("install the tourdesk that matches"), "{text}");
    }
}
