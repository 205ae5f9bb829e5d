//! Changing a booking after the sale (issue 13): the contact, a
//! participant's name and details, adding and removing people, adult <->
//! child. One server function each (sql/api/booking_change.sql,
//! participant_change.sql, booking_add_person.sql, booking_remove_person.sql)
//! under the departure's lock, then the booking's; the checks here only spare
//! a round trip and name the field, the server checks everything again.
//!
//! Decisions (the `//` headers of the SQL files say why in detail):
//! - **Price.** A change is priced by today's rules as the difference the
//!   party's quote makes (sql/core/td_booking_reprice.sql): the people who
//!   stay keep the price they were sold at. Money the booking no longer
//!   needs goes back as a ledger refund row — by the customer refund tier
//!   for a removed person (as a cancellation of those seats), in full for
//!   adult -> child (the seat stays taken). The total never falls below
//!   what was paid (the part paid beyond the price stays in it, the refund
//!   is a row), so total less paid stays the balance everywhere, after any
//!   sequence of changes.
//! - **Who.** Contact, details, kind and adding are the desk's (as selling);
//!   removing with the rules' refund is the desk's too, as a cancellation is
//!   (`Action::Cancel`). Nothing here lets the client name an amount.
//! - **Tickets.** No reissue: the others' codes stay valid; an added person
//!   gets a code of the booking's current generation (print it with
//!   `tourdesk ticket`); a removed person's row leaves `participants` (kept
//!   in `removed_participants`), so their code names nobody and the gate
//!   answers "unknown ticket". A reissue would make the whole party reprint
//!   for one person's change.
//! - **Retries.** Every change carries the client's key: the same key and
//!   request answer the first answer (`replayed`), anything else under the
//!   key is IDEMPOTENCY_CONFLICT.

use super::{Core, Payment, Result};
use crate::domain::{Action, BookingChangeKind, ParticipantId, ParticipantKind, PaymentStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// What a change did, and the booking's party and money right after it
/// (a replay answers exactly the first answer).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BookingChanged {
    pub booking_number: String,
    pub change: BookingChangeKind,
    /// the participant changed, added or removed (none for a contact change)
    pub participant_id: Option<ParticipantId>,
    pub adults: i32,
    pub children: i32,
    pub total_minor: i64,
    /// what the change did to the total (negative: cheaper)
    pub price_change_minor: i64,
    /// taken at once with an added person's payment
    pub charged_minor: i64,
    /// the refund tier applied (a removal's; 100 for adult -> child)
    pub refund_percent: Option<i32>,
    /// given back now, as a ledger refund row
    pub refund_minor: i64,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    /// what is still due: total less paid
    pub balance_minor: i64,
    pub payment_status: PaymentStatus,
    pub currency: String,
    /// waitlist offers the freed seat made
    pub waitlist_offers: i32,
    pub at: DateTime<Utc>,
    /// true when the key had been used for this request before
    pub replayed: bool,
}

/// A change of the party priced before it is made (`Core::change_quote`):
/// what the kiosk asks the server before the clerk confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyChange {
    /// a participant becomes an adult or a child
    Kind {
        participant: ParticipantId,
        kind: ParticipantKind,
    },
    /// one more person
    Add { name: String, kind: ParticipantKind },
    /// one person fewer
    Remove { participant: ParticipantId },
}

/// A contact change: `None` leaves a field as it is; an empty phone or
/// e-mail clears it.
#[derive(Debug, Clone, Default)]
pub struct ContactChange {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A participant change: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ParticipantChange {
    pub name: Option<String>,
    pub medical_notes: Option<String>,
    pub emergency_contact: Option<String>,
    pub dietary: Option<String>,
    pub equipment: Option<String>,
    pub kind: Option<ParticipantKind>,
}

impl ContactChange {
    fn is_empty(&self) -> bool {
        self.name.is_none() && self.phone.is_none() && self.email.is_none()
    }
}

impl ParticipantChange {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.medical_notes.is_none()
            && self.emergency_contact.is_none()
            && self.dietary.is_none()
            && self.equipment.is_none()
            && self.kind.is_none()
    }
}

impl Core {
    /// What a change of the party would answer, changing nothing
    /// (`api.change_quote`: the change itself, rolled back): the new total,
    /// the balance, the refund and its tier — and the change's refusals
    /// (SOLD_OUT, ALREADY_CHECKED_IN, LAST_PERSON) before anyone confirms.
    #[tracing::instrument(skip(self))]
    pub async fn change_quote(&self, booking_number: &str, change: &PartyChange) -> Result<BookingChanged> {
        let action = match change {
            PartyChange::Remove { .. } => Action::Cancel,
            PartyChange::Kind { .. } | PartyChange::Add { .. } => Action::Sell,
        };
        self.allow(action, "change bookings")?;
        let (what, participant, kind, name) = match change {
            PartyChange::Kind { participant, kind } => ("kind", Some(*participant), Some(*kind), None),
            PartyChange::Add { name, kind } => ("add", None, Some(*kind), Some(name.as_str())),
            PartyChange::Remove { participant } => ("remove", Some(*participant), None, None),
        };
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        Ok(
            sqlx::query_as::<_, BookingChanged>("select * from api.change_quote($1, $2, $3, $4, $5, $6)")
                .bind(self.session())
                .bind(&number)
                .bind(what)
                .bind(participant)
                .bind(kind.map(ParticipantKind::as_str))
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// One change of a booking, the way all four are sent: queued at its
    /// departure's gate, then `call` with the booking's number normalised
    /// (sent again with the same key when its answer was lost).
    async fn send_change<Fut>(
        &self,
        booking_number: &str,
        key: Uuid,
        call: impl Fn(String) -> Fut,
    ) -> Result<BookingChanged>
    where
        Fut: Future<Output = std::result::Result<BookingChanged, sqlx::Error>>,
    {
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        let departure = self.departure_of_booking(&number).await?;
        let turn = self.gates.enter(departure).await;
        let changed = self.resend(Some(key), || call(number.clone())).await;
        drop(turn);
        changed
    }

    /// Changes a booking's contact (name, phone, e-mail).
    #[tracing::instrument(skip(self))]
    pub async fn change_contact(
        &self,
        booking_number: &str,
        change: &ContactChange,
        key: Uuid,
    ) -> Result<BookingChanged> {
        self.allow(Action::Sell, "change bookings")?;
        if change.is_empty() {
            return Err(super::BookingError::invalid(
                "change",
                "nothing to change: give --name, --phone or --email",
            ));
        }
        self.send_change(booking_number, key, |number| {
            sqlx::query_as::<_, BookingChanged>("select * from api.booking_change($1, $2, $3, $4, $5, $6)")
                .bind(self.session())
                .bind(number)
                .bind(change.name.as_deref())
                .bind(change.phone.as_deref())
                .bind(change.email.as_deref())
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Changes one participant: name, details, adult <-> child (repriced).
    #[tracing::instrument(skip(self))]
    pub async fn change_participant(
        &self,
        booking_number: &str,
        participant: ParticipantId,
        change: &ParticipantChange,
        key: Uuid,
    ) -> Result<BookingChanged> {
        self.allow(Action::Sell, "change bookings")?;
        if change.is_empty() {
            return Err(super::BookingError::invalid(
                "change",
                "nothing to change: give --name, --medical, --emergency, --diet, --equipment or --kind",
            ));
        }
        self.send_change(booking_number, key, |number| {
            sqlx::query_as::<_, BookingChanged>(
                "select * from api.participant_change($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(self.session())
            .bind(number)
            .bind(participant)
            .bind(change.name.as_deref())
            .bind(change.medical_notes.as_deref())
            .bind(change.emergency_contact.as_deref())
            .bind(change.dietary.as_deref())
            .bind(change.equipment.as_deref())
            .bind(change.kind.map(ParticipantKind::as_str))
            .bind(key)
            .fetch_one(&self.pool)
        })
        .await
    }

    /// Adds a person: a seat taken (else SOLD_OUT, nothing changed), priced
    /// by today's rules, paid at once or left as the balance.
    #[tracing::instrument(skip(self))]
    pub async fn add_person(
        &self,
        booking_number: &str,
        person: &super::ParticipantInput,
        payment: &Payment,
        key: Uuid,
    ) -> Result<BookingChanged> {
        self.allow(Action::Sell, "add people to bookings")?;
        self.send_change(booking_number, key, |number| {
            sqlx::query_as::<_, BookingChanged>(
                "select * from api.booking_add_person($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(self.session())
            .bind(number)
            .bind(&person.name)
            .bind(person.kind.as_str())
            .bind(&person.medical_notes)
            .bind(&person.emergency_contact)
            .bind(&person.dietary)
            .bind(&person.equipment)
            .bind(payment.method.as_str())
            .bind(payment.reference.trim())
            .bind(key)
            .fetch_one(&self.pool)
        })
        .await
    }

    /// Removes a person: the seat offered to the waitlist first, a refund by
    /// the customer tier for what was paid beyond the new price. Checked-in
    /// people are ALREADY_CHECKED_IN (undo first); the last is LAST_PERSON.
    #[tracing::instrument(skip(self))]
    pub async fn remove_person(
        &self,
        booking_number: &str,
        participant: ParticipantId,
        key: Uuid,
    ) -> Result<BookingChanged> {
        self.allow(Action::Cancel, "remove people from bookings")?;
        self.send_change(booking_number, key, |number| {
            sqlx::query_as::<_, BookingChanged>("select * from api.booking_remove_person($1, $2, $3, $4)")
                .bind(self.session())
                .bind(number)
                .bind(participant)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }
}
