//! A booking's whole card: what `tourdesk booking show` prints and the
//! kiosk's Bookings screen will show — the booking as `Core::booking` gives
//! it, its contact, participants with their details, tickets, check-ins, the
//! audit trail, and the customer's other bookings under the same phone or
//! e-mail. Each part is one `api.booking_*` read of the session.
//!
//! The money ledger is not here: it is another branch's (`Service::ledger`),
//! added to the card where `BookingCard` says.

use super::{Booking, Core, Found, Result};
use crate::domain::{
    AdmissionMethod, AuditAction, BookingStatus, CheckInStatus, ParticipantId, ParticipantKind, PaymentMethod,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
pub struct BookingCard {
    /// today's `tourdesk booking` fields (its participants are the list below)
    #[serde(flatten)]
    pub booking: Booking,
    pub contact: Contact,
    /// the participants with their details (the booking's own list of
    /// id, name and kind, with more)
    pub participants: Vec<Person>,
    pub tickets: Vec<TicketLine>,
    pub check_ins: Vec<CheckInLine>,
    pub audit: Vec<AuditLine>,
    /// the customer's other bookings under this phone or e-mail, newest first
    pub customer_bookings: Vec<Found>,
    /// payments and refunds, oldest first: what paid / refunded are summed from
    pub ledger: Vec<super::LedgerEntry>,
    /// the people removed from the booking, oldest first (no longer in
    /// `participants`: they hold no seat)
    pub removed: Vec<RemovedPerson>,
}

/// A person removed from the booking (`api.booking_removed`): who, when, by
/// whom, and what the removal gave back.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RemovedPerson {
    pub participant_id: ParticipantId,
    pub name: String,
    pub kind: ParticipantKind,
    pub removed_at: DateTime<Utc>,
    pub staff_name: String,
    pub device_name: String,
    /// the customer refund tier at the removal
    pub refund_percent: i32,
    /// given back as a ledger refund row
    pub refund_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Contact {
    /// E.164 when it was a number, else as typed
    #[sqlx(rename = "contact_phone")]
    pub phone: String,
    #[sqlx(rename = "contact_email")]
    pub email: String,
    pub special_requests: String,
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// how the booking was paid (its first payment's method), or unpaid
    pub payment_method: PaymentMethod,
    /// the pickup stop chosen, and when it collects the party
    pub pickup_name: Option<String>,
    pub pickup_at: Option<DateTime<Utc>>,
    /// the customer's language (the booking's, else the operator's
    /// `notify_language`); a receipt prints in it
    #[sqlx(try_from = "String")]
    pub language: super::Language,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: ParticipantId,
    pub name: String,
    pub kind: String,
    pub medical_notes: String,
    pub emergency_contact: String,
    pub dietary: String,
    pub equipment: String,
    pub no_show: bool,
    pub no_show_reason: String,
}

/// A ticket as the card lists it: which, for whom, whether it still admits —
/// not its code (`tourdesk tickets` signs and prints those).
#[derive(Debug, Clone, Serialize)]
pub struct TicketLine {
    pub ticket_id: i64,
    /// `group` (the booking's code) or `participant`
    pub kind: String,
    pub participant_id: Option<ParticipantId>,
    pub holder: String,
    pub admits: i64,
    /// false once the booking is cancelled (its codes are revoked)
    pub live: bool,
    pub printed: i32,
    pub last_printed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CheckInLine {
    pub participant_id: ParticipantId,
    pub participant: String,
    pub status: CheckInStatus,
    pub method: AdmissionMethod,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
    pub device: Option<String>,
    pub staff: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditLine {
    pub id: i64,
    pub at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub action: AuditAction,
    pub staff: Option<String>,
    pub device: Option<String>,
    /// the row's own record, as audited
    pub details: Value,
}

impl Core {
    /// A booking's card by its number as typed (NOT_FOUND when none).
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn booking_card(&self, number: &str) -> Result<BookingCard> {
        let id = self.booking_id(number).await?;
        let mut booking = self.booking_by_id(id, false).await?;
        // the card's `participants` carry the details
        booking.participants.clear();
        let contact: Contact = sqlx::query_as("select * from api.booking_contact($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_one(&self.pool)
            .await?;
        let participants = sqlx::query_as("select * from api.booking_people($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?;
        let check_ins = sqlx::query_as("select * from api.booking_check_ins($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?;
        let audit = sqlx::query_as("select * from api.booking_audit($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?;
        let tickets = self.ticket_lines(&booking.booking_number).await?;
        let customer_bookings = self.history(&booking, &contact).await?;
        let ledger = self.ledger(&booking.booking_number).await?;
        let removed = sqlx::query_as("select * from api.booking_removed($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(BookingCard {
            booking,
            contact,
            participants,
            tickets,
            check_ins,
            audit,
            customer_bookings,
            ledger,
            removed,
        })
    }

    async fn ticket_lines(&self, number: &str) -> Result<Vec<TicketLine>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: Option<i64>,
            kind: Option<String>,
            booking_status: BookingStatus,
            participant_id: Option<i64>,
            holder: String,
            admits: i64,
            print_count: Option<i32>,
            last_printed_at: Option<DateTime<Utc>>,
        }
        let rows: Vec<Row> = sqlx::query_as("select * from api.ticket_subjects($1, $2)")
            .bind(self.session())
            .bind(number)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(TicketLine {
                    ticket_id: r.id?,
                    kind: r.kind.unwrap_or_default(),
                    participant_id: r.participant_id.map(ParticipantId),
                    holder: r.holder,
                    admits: r.admits,
                    live: match r.booking_status {
                        BookingStatus::Confirmed => true,
                        BookingStatus::Cancelled => false,
                    },
                    printed: r.print_count.unwrap_or(0),
                    last_printed_at: r.last_printed_at,
                })
            })
            .collect())
    }

    /// The other bookings under this booking's phone, then its e-mail
    /// (once each, newest first).
    async fn history(&self, booking: &Booking, contact: &Contact) -> Result<Vec<Found>> {
        let mut out: Vec<Found> = Vec::new();
        for key in [&contact.phone, &contact.email] {
            if key.trim().is_empty() {
                continue;
            }
            for f in self.customer_bookings(key).await? {
                if f.booking_id != booking.booking_id && !out.iter().any(|o| o.booking_id == f.booking_id) {
                    out.push(f);
                }
            }
        }
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.booking_id.cmp(&a.booking_id)));
        Ok(out)
    }
}
