//! The states of departures, bookings, payments, holds, waitlist entries and
//! manifest rows — and the other closed word sets of the columns (participant
//! kinds, check-in and payment methods) — as enums.
//!
//! Why: every layer used to compare `String`s against literals, so a typo
//! compiled and a new state fell silently into some `else`. Now a word is
//! parsed once where it enters (a PostgreSQL or SQLite column, or JSON) and
//! everything after matches on the enum. Each enum's words are exactly the
//! set its column's CHECK constraint allows (the migration is named on each);
//! a word outside it is a decoding error that says so — never a default.
//! `as_str` gives the word back for the few places that print it (the CLI's
//! JSON keeps the database's words, and serde writes the same words).

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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
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

            pub fn parse(s: &str) -> Result<$name, $crate::domain::states::UnknownState> {
                match s {
                    $( $word => Ok($name::$variant), )+
                    _ => Err($crate::domain::states::UnknownState { what: $what, value: s.to_string(), allowed: Self::WORDS }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::states::UnknownState;
            fn from_str(s: &str) -> Result<$name, $crate::domain::states::UnknownState> {
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
// for the few word sets of other layers (a check-in verdict's name)
pub(crate) use state_enum;

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
    /// Derived from the booking's ledger rows (sql/core/td_payment_status.sql);
    /// `partially_paid` since migrations/0018_ledger.sql.
    PaymentStatus ("payment status") {
        Unpaid = "unpaid",
        /// some paid, a balance still due
        PartiallyPaid = "partially_paid",
        Paid = "paid",
        Refunded = "refunded",
        PartiallyRefunded = "partially_refunded",
    }
}

state_enum! {
    /// `ledger.kind` (migrations/0018_ledger.sql): which way money went.
    LedgerKind ("ledger kind") {
        Payment = "payment",
        Refund = "refund",
    }
}

state_enum! {
    /// `shifts.status` (migrations/0035_shifts.sql): a cash drawer's shift.
    ShiftStatus ("shift status") {
        Open = "open",
        /// closed and counted; a manager's sign-off to come
        AwaitingApproval = "awaiting_approval",
        /// signed off, numbered as a Z-report, never to change
        Approved = "approved",
    }
}

state_enum! {
    /// `shift_cash_moves.kind` (migrations/0035_shifts.sql): cash into or
    /// out of a drawer that is not a booking's.
    CashMoveKind ("cash movement") {
        /// the opening float
        Float = "float",
        In = "in",
        Out = "out",
    }
}

state_enum! {
    /// `currency_denominations.kind` (migrations/0035_shifts.sql): how the
    /// close's count shows a denomination.
    DenominationKind ("denomination kind") {
        Note = "note",
        Coin = "coin",
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
    /// `resources.kind` (migrations/0027_resources_guides.sql): what carries
    /// a departure; its seats bound every departure it serves at a time.
    ResourceKind ("resource kind") {
        Vehicle = "vehicle",
        Boat = "boat",
        Helicopter = "helicopter",
        Raft = "raft",
        EquipmentSet = "equipment_set",
    }
}

state_enum! {
    /// `rebookings.status` (migrations/0022_rebookings.sql): a party of a
    /// departure cancelled for weather, to rebook (open) or how it ended.
    RebookStatus ("rebooking status") {
        /// to rebook: money kept, seats still counted on the cancelled departure
        Open = "open",
        /// moved to another departure (api.booking_move)
        Moved = "moved",
        /// refunded in full at the desk
        Refunded = "refunded",
        /// credited as a voucher
        Credited = "credited",
        /// refunded in full by the sweep after its due time
        Swept = "swept",
    }
}

state_enum! {
    /// `booking_changes.kind` (migrations/0020_booking_change.sql,
    /// 0030_pickup_points.sql): what a change of a booking after the sale did.
    BookingChangeKind ("booking change") {
        /// the contact's name, phone or e-mail
        Contact = "contact",
        /// a participant's name, details or adult <-> child
        Participant = "participant",
        AddPerson = "add_person",
        RemovePerson = "remove_person",
        /// the pickup point (api.booking_pickup, which answers its own shape)
        Pickup = "pickup",
    }
}

state_enum! {
    /// `notification_outbox.channel` (migrations/0038_notify_channels.sql):
    /// how a queued message leaves the building (service/notify/channel.rs).
    NotifyChannel ("notification channel") {
        Sms = "sms",
        Email = "email",
        /// a Telegram chat: the recipient is its chat id
        Telegram = "telegram",
    }
}

state_enum! {
    /// `participants.kind` (migrations/0001_schema.sql).
    ParticipantKind ("participant kind") {
        Adult = "adult",
        Child = "child",
    }
}

/// An adult: a seat is one unless said to be a child's (what an empty
/// participant form starts as).
impl Default for ParticipantKind {
    fn default() -> ParticipantKind {
        ParticipantKind::Adult
    }
}

impl ParticipantKind {
    /// The kind of a party's seat `i`: its adults first, then its children
    /// (how a booking names its people when none were typed).
    pub fn of_seat(i: u32, party: super::Party) -> ParticipantKind {
        if i < party.adults() {
            ParticipantKind::Adult
        } else {
            ParticipantKind::Child
        }
    }
}

state_enum! {
    /// How a check-in was asked for: `scan_events.method`
    /// (migrations/0004_tickets_check_in.sql), the request's method.
    CheckInMethod ("check-in method") {
        /// USB scanner or typed code
        Qr = "qr",
        /// picked from the manifest
        Manual = "manual",
        /// decoded from a photo
        Image = "image",
        /// everyone of a booking
        Bulk = "bulk",
    }
}

state_enum! {
    /// How a participant was let in: `check_ins.method`
    /// (migrations/0001_schema.sql) — the request's method, except that a
    /// scanned group code is recorded as `group` (see [`AdmissionMethod::of`]).
    AdmissionMethod ("check-in method") {
        Qr = "qr",
        Manual = "manual",
        Image = "image",
        /// a group code scanned: everyone of its booking not yet in
        Group = "group",
        Bulk = "bulk",
    }
}

impl AdmissionMethod {
    /// What a check-in asked for as `method` is recorded as: td_check_in's
    /// rule (`sql/core/td_check_in.sql`: a `qr` scan of a group code is
    /// `group`), kept once for the laptop's journal.
    pub fn of(method: CheckInMethod, group_code: bool) -> AdmissionMethod {
        match method {
            CheckInMethod::Qr if group_code => AdmissionMethod::Group,
            CheckInMethod::Qr => AdmissionMethod::Qr,
            CheckInMethod::Manual => AdmissionMethod::Manual,
            CheckInMethod::Image => AdmissionMethod::Image,
            CheckInMethod::Bulk => AdmissionMethod::Bulk,
        }
    }
}

/// `AdmissionMethod` where nobody is in yet: the manifest's and the field
/// store's `check_in_method` is `''` then (`coalesce(c.method, '')` in
/// sql/api/manifest.sql and field_participants.sql). Read and written as
/// that word, so the JSON and the laptop's store keep it.
pub mod admission_or_blank {
    use super::AdmissionMethod;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &Option<AdmissionMethod>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(m.map_or("", AdmissionMethod::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AdmissionMethod>, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse(&word).map_err(serde::de::Error::custom)
    }

    pub fn parse(word: &str) -> Result<Option<AdmissionMethod>, super::UnknownState> {
        if word.is_empty() {
            Ok(None)
        } else {
            AdmissionMethod::parse(word).map(Some)
        }
    }
}

/// A column of [`admission_or_blank`] words as sqlx reads it
/// (`#[sqlx(try_from = "AdmissionWord")]`): '' is nobody in yet.
#[derive(Debug)]
pub struct AdmissionWord(pub Option<AdmissionMethod>);

impl From<AdmissionWord> for Option<AdmissionMethod> {
    fn from(w: AdmissionWord) -> Option<AdmissionMethod> {
        w.0
    }
}

impl<DB: sqlx::Database> sqlx::Type<DB> for AdmissionWord
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

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for AdmissionWord
where
    &'r str: sqlx::Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<AdmissionWord, sqlx::error::BoxDynError> {
        let word = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
        Ok(AdmissionWord(admission_or_blank::parse(word)?))
    }
}

state_enum! {
    /// How money was taken — one word set for the two columns that say it:
    /// `ledger.method` (migrations/0018_ledger.sql; a refund goes back the
    /// way it came) and `bookings.payment_method` (migrations/0001_schema.sql,
    /// 0028_money_after_moves.sql: how the booking was paid, `unpaid` until
    /// its first payment). `Unpaid` is never a ledger row's; `Voucher` is
    /// never a sale's (a voucher is redeemed by `pay` after it).
    PaymentMethod ("payment method") {
        Cash = "cash",
        /// with the card terminal's slip number
        Card = "card",
        /// with the bank transfer's reference
        Transfer = "transfer",
        /// a voucher (the reference is its code; migrations/0022_rebookings.sql)
        Voucher = "voucher",
        /// not paid yet (a booking's, never a ledger row's)
        Unpaid = "unpaid",
    }
}

state_enum! {
    /// `booking_moves.reason` (migrations/0021_booking_moves.sql): why a
    /// booking moved to another departure, which decides who pays.
    MoveReason ("move reason") {
        /// the customer asked: re-priced, the refund tier on what goes back
        Customer = "customer",
        /// the operator's doing: the customer pays nothing more
        Operator = "operator",
        /// the weather: as the operator's
        Weather = "weather",
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

state_enum! {
    /// What an apply would do at one start of a schedule: the `slot`
    /// column of `api.schedule_preview` (sql/api/schedule_preview.sql).
    ScheduleSlot ("schedule slot") {
        /// no departure there yet: apply makes one
        Create = "create",
        /// a departure is there (the rule's, or one added by hand)
        Exists = "exists",
        /// the date is skipped (an exception)
        Skipped = "skipped",
    }
}

state_enum! {
    /// What a schedule rule's assignment that was refused concerned: the
    /// `what` of a failure in `api.schedule_apply` / `api.schedule_edit`
    /// (sql/core/td_schedule_assign.sql).
    CrewKind ("crew kind") {
        Guide = "guide",
        Resource = "resource",
    }
}

state_enum! {
    /// `returns.state` (migrations/0029_return_rollcall.sql): how a
    /// participant who went out on a departure came back from it.
    ReturnState ("return state") {
        /// counted back at the end of the trip
        Back = "back",
        /// left the group during the trip (with a note: left early by taxi)
        Left = "left",
    }
}

state_enum! {
    /// A participant's line of a roll-call: not a column but the `case` of
    /// `api.rollcall` (sql/api/rollcall.sql). Out until the departure's end
    /// plus the grace period, then missing unless back or left.
    RollcallState ("roll-call state") {
        Out = "out",
        Back = "back",
        Left = "left",
        Missing = "missing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use std::fmt;

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
    fn crew_kind_words() {
        // sql/core/td_schedule_assign.sql: select 'resource' as what … union all select 'guide'
        round_trips(CrewKind::ALL, &["guide", "resource"]);
    }

    #[test]
    fn schedule_slot_words() {
        // sql/api/schedule_preview.sql: case … 'skipped' … 'create' … 'exists'
        round_trips(ScheduleSlot::ALL, &["create", "exists", "skipped"]);
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
        // migrations/0018_ledger.sql:
        // check (payment_status in ('unpaid', 'partially_paid', 'paid', 'refunded', 'partially_refunded'))
        round_trips(
            PaymentStatus::ALL,
            &["unpaid", "partially_paid", "paid", "refunded", "partially_refunded"],
        );
    }

    #[test]
    fn ledger_words() {
        // migrations/0018_ledger.sql: check (kind in ('payment', 'refund')),
        // check (method in ('cash', 'card', 'transfer', 'voucher'))
        round_trips(LedgerKind::ALL, &["payment", "refund"]);
        round_trips(
            BookingChangeKind::ALL,
            &["contact", "participant", "add_person", "remove_person", "pickup"],
        );
        let ledger: Vec<PaymentMethod> = PaymentMethod::ALL
            .iter()
            .copied()
            .filter(|m| *m != PaymentMethod::Unpaid)
            .collect();
        round_trips(&ledger, &["cash", "card", "transfer", "voucher"]);
    }

    #[test]
    fn shift_words() {
        // migrations/0035_shifts.sql: check (status in ('open', 'awaiting_approval', 'approved')),
        // check (kind in ('float', 'in', 'out'))
        round_trips(ShiftStatus::ALL, &["open", "awaiting_approval", "approved"]);
        round_trips(CashMoveKind::ALL, &["float", "in", "out"]);
        round_trips(DenominationKind::ALL, &["note", "coin"]);
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
    fn check_in_status_and_search_words() {
        // migrations/0001_schema.sql: check_ins: check (status in ('accepted', 'duplicate', 'undone'))
        round_trips(CheckInStatus::ALL, &["accepted", "duplicate", "undone"]);
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
    fn participant_kind_words() {
        // migrations/0001_schema.sql: participants: check (kind in ('adult', 'child'))
        round_trips(ParticipantKind::ALL, &["adult", "child"]);
    }

    #[test]
    fn check_in_method_words() {
        // migrations/0004_tickets_check_in.sql: scan_events:
        // check (method in ('qr', 'manual', 'image', 'bulk'))
        round_trips(CheckInMethod::ALL, &["qr", "manual", "image", "bulk"]);
        // migrations/0001_schema.sql: check_ins:
        // check (method in ('qr', 'manual', 'image', 'group', 'bulk'))
        round_trips(AdmissionMethod::ALL, &["qr", "manual", "image", "group", "bulk"]);
    }

    #[test]
    fn rebook_status_words() {
        // migrations/0022_rebookings.sql: check (status in ('open', 'moved', 'refunded', 'credited', 'swept'))
        round_trips(RebookStatus::ALL, &["open", "moved", "refunded", "credited", "swept"]);
    }

    #[test]
    fn resource_kind_words() {
        // migrations/0027_resources_guides.sql: check (kind in ('vehicle', 'boat', 'helicopter', 'raft', 'equipment_set'))
        round_trips(
            ResourceKind::ALL,
            &["vehicle", "boat", "helicopter", "raft", "equipment_set"],
        );
    }

    #[test]
    fn return_and_rollcall_words() {
        // migrations/0029_return_rollcall.sql: check (state in ('back', 'left'))
        round_trips(ReturnState::ALL, &["back", "left"]);
        // sql/api/rollcall.sql
        round_trips(RollcallState::ALL, &["out", "back", "left", "missing"]);
    }

    #[test]
    fn move_reason_words() {
        // migrations/0021_booking_moves.sql
        round_trips(MoveReason::ALL, &["customer", "operator", "weather"]);
    }

    #[test]
    fn payment_method_words() {
        // migrations/0028_money_after_moves.sql:
        // check (payment_method in ('cash', 'card', 'transfer', 'voucher', 'unpaid'))
        round_trips(PaymentMethod::ALL, &["cash", "card", "transfer", "voucher", "unpaid"]);
    }

    #[test]
    fn a_group_code_scanned_is_recorded_as_group_and_nothing_else_changes() {
        for &m in CheckInMethod::ALL {
            let plain = AdmissionMethod::of(m, false);
            assert_eq!(plain.as_str(), m.as_str(), "{m} of a person's ticket");
            let group = AdmissionMethod::of(m, true);
            let expected = if m == CheckInMethod::Qr { "group" } else { m.as_str() };
            assert_eq!(group.as_str(), expected, "{m} of a group code");
        }
    }

    #[test]
    fn nobody_in_yet_is_the_blank_word_both_ways() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(with = "admission_or_blank")]
            m: Option<AdmissionMethod>,
        }
        for (m, json) in [
            (None, r#"{"m":""}"#),
            (Some(AdmissionMethod::Group), r#"{"m":"group"}"#),
        ] {
            assert_eq!(serde_json::to_string(&Row { m }).unwrap(), json);
            assert_eq!(serde_json::from_str::<Row>(json).unwrap(), Row { m });
        }
        assert!(serde_json::from_str::<Row>(r#"{"m":"teleport"}"#).is_err());
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
