//! Ticket keys and the tickets of a booking. Tickets themselves are issued by
//! the booking transaction and revoked by cancelling (migration 0004); here
//! they are listed, signed for printing, and reissued when one is lost.

use super::{BookingError, Core, Result};
use crate::domain::{Action, BookingId, BookingStatus, DepartureId, ParticipantId, codes};
use crate::ticket::{TicketClaims, TicketKind};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::RwLock;

#[derive(Debug, Clone, Serialize)]
pub struct TicketKey {
    pub id: i32,
    /// hex of the 32-byte Ed25519 public key
    pub public_key: String,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

/// A live ticket, signed and ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedTicket {
    pub ticket_id: i64,
    pub kind: TicketKind,
    pub booking_id: BookingId,
    pub booking_number: String,
    pub participant_id: Option<ParticipantId>,
    /// the participant, or the booking's contact for a group code
    pub holder: String,
    /// people a group code admits (1 for a participant's ticket)
    pub admits: i64,
    pub departure_id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub meeting_point: String,
    /// the QR payload
    pub code: String,
    /// times the booking's tickets were printed or shown before (a reprint deserves a warning)
    pub printed_before: i32,
    pub last_printed_at: Option<DateTime<Utc>>,
}

/// Verify keys by id, loaded from the database on a miss (a key made on
/// another kiosk a minute ago is found on its first scan here).
#[derive(Default)]
pub(super) struct KeyCache {
    keys: RwLock<HashMap<u16, VerifyingKey>>,
}

impl KeyCache {
    fn get(&self, id: u16) -> Option<VerifyingKey> {
        self.keys.read().ok()?.get(&id).copied()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Core {
    /// The id of `key`, the id printed into every ticket it signs. Printing
    /// never registers a key: one the server does not know is
    /// `NO_SIGNING_KEY` (a manager makes keys: [`Core::create_signing_key`]);
    /// a retired key may not sign (`KEY_RETIRED`).
    pub async fn signing_key_id(&self, key: &SigningKey) -> Result<u16> {
        // the delivery worker signs the tickets of the confirmations it sends
        if !self.actor().role.may(Action::Notify) {
            self.allow(Action::Sell, "print tickets")?;
        }
        let public = key.verifying_key().to_bytes().to_vec();
        let (id, retired): (i32, Option<DateTime<Utc>>) = sqlx::query_as("select * from api.signing_key($1, $2)")
            .bind(self.session())
            .bind(&public)
            .fetch_one(&self.pool)
            .await?;
        if retired.is_some() {
            return Err(BookingError::KeyRetired { key: i64::from(id) });
        }
        u16::try_from(id).map_err(|_| BookingError::invalid("key", "key id out of range"))
    }

    /// Registers the public half of a new signing key (a manager's or the
    /// owner's: `tourdesk keys new`), audited `ticket_key.created` with this
    /// device and staff member; returns its id. Registering the same key
    /// again returns the same id.
    pub async fn create_signing_key(&self, key: &SigningKey) -> Result<u16> {
        self.allow(Action::ManageKeys, "make ticket-signing keys")?;
        let public = key.verifying_key().to_bytes().to_vec();
        let id: i32 = sqlx::query_scalar("select api.create_signing_key($1, $2)")
            .bind(self.session())
            .bind(&public)
            .fetch_one(&self.pool)
            .await?;
        u16::try_from(id).map_err(|_| BookingError::invalid("key", "key id out of range"))
    }

    pub async fn ticket_keys(&self) -> Result<Vec<TicketKey>> {
        type Row = (i32, Vec<u8>, DateTime<Utc>, Option<DateTime<Utc>>);
        let rows: Vec<Row> =
            sqlx::query_as("select id, public_key, created_at, retired_at from ticket_keys order by id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, pk, created_at, retired_at)| TicketKey {
                id,
                public_key: hex(&pk),
                created_at,
                retired_at,
            })
            .collect())
    }

    /// Retires a key: tickets it signed are refused from now on ("retired key").
    pub async fn retire_ticket_key(&self, id: i32) -> Result<TicketKey> {
        self.allow(Action::ManageKeys, "retire ticket keys")?;
        let retired: bool = sqlx::query_scalar("select api.retire_ticket_key($1, $2)")
            .bind(self.session())
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        if !retired {
            return Err(BookingError::not_found("ticket key", id));
        }
        if let Ok(mut keys) = self.keys.keys.write() {
            keys.remove(&(id as u16));
        }
        self.ticket_keys()
            .await?
            .into_iter()
            .find(|k| k.id == id)
            .ok_or_else(|| BookingError::not_found("ticket key", id))
    }

    /// The verify key with this id, if there is one (retired keys included:
    /// the check-in records "retired key", not "invalid signature").
    pub(super) async fn verify_key(&self, id: u16) -> Result<Option<VerifyingKey>> {
        if let Some(k) = self.keys.get(id) {
            return Ok(Some(k));
        }
        let rows: Vec<(i32, Vec<u8>)> = sqlx::query_as("select id, public_key from ticket_keys")
            .fetch_all(&self.pool)
            .await?;
        if let Ok(mut keys) = self.keys.keys.write() {
            for (kid, pk) in rows {
                let parsed = <[u8; 32]>::try_from(pk.as_slice())
                    .ok()
                    .and_then(|b| VerifyingKey::from_bytes(&b).ok());
                if let (Ok(kid), Some(v)) = (u16::try_from(kid), parsed) {
                    keys.insert(kid, v);
                }
            }
        }
        Ok(self.keys.get(id))
    }

    /// The live tickets of a booking (a group code first, then one per
    /// participant), signed with `key`.
    pub async fn tickets(&self, booking_number: &str, key: &SigningKey) -> Result<Vec<IssuedTicket>> {
        let key_id = self.signing_key_id(key).await?;
        let number = codes::normalize_booking_number(booking_number);
        #[derive(sqlx::FromRow)]
        struct Row {
            id: Option<i64>,
            kind: Option<String>,
            booking_id: i64,
            booking_status: BookingStatus,
            participant_id: Option<i64>,
            holder: String,
            admits: i64,
            departure_id: i64,
            tour: String,
            starts_at: DateTime<Utc>,
            time_zone: String,
            meeting_point: String,
            day: NaiveDate,
            print_count: Option<i32>,
            last_printed_at: Option<DateTime<Utc>>,
        }
        let rows: Vec<Row> = sqlx::query_as("select * from api.ticket_subjects($1, $2)")
            .bind(self.session())
            .bind(&number)
            .fetch_all(&self.pool)
            .await?;
        let first = rows
            .first()
            .ok_or_else(|| BookingError::not_found("booking", &number))?;
        match first.booking_status {
            BookingStatus::Cancelled => return Err(BookingError::BookingCancelled { booking_number: number }),
            BookingStatus::Confirmed => {}
        }
        rows.into_iter()
            .filter_map(|r| Some((r.id?, r)))
            .map(|(id, r)| {
                let kind = r
                    .kind
                    .as_deref()
                    .and_then(TicketKind::parse)
                    .unwrap_or(TicketKind::Participant);
                let claims = TicketClaims {
                    kind,
                    key_id,
                    ticket_id: id as u64,
                    departure_id: r.departure_id as u64,
                    day: r.day,
                };
                let code = claims
                    .sign(key)
                    .map_err(|e| BookingError::invalid("departure date", e.to_string()))?;
                Ok(IssuedTicket {
                    ticket_id: id,
                    kind,
                    booking_id: BookingId(r.booking_id),
                    booking_number: number.clone(),
                    participant_id: r.participant_id.map(ParticipantId),
                    holder: r.holder,
                    admits: r.admits,
                    departure_id: DepartureId(r.departure_id),
                    tour: r.tour,
                    starts_at: r.starts_at,
                    time_zone: r.time_zone,
                    meeting_point: r.meeting_point,
                    code,
                    printed_before: r.print_count.unwrap_or(0),
                    last_printed_at: r.last_printed_at,
                })
            })
            .collect()
    }

    /// Records that these tickets were printed or shown to the customer.
    pub async fn record_printed(&self, booking: BookingId) -> Result<()> {
        self.allow(Action::Sell, "print tickets")?;
        sqlx::query("select api.tickets_printed($1, $2)")
            .bind(self.session())
            .bind(booking.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A ticket was lost or shared: revokes every code of the booking printed
    /// so far; the next print gives new ones. Returns the new generation.
    pub async fn reissue_tickets(&self, booking_number: &str) -> Result<i32> {
        self.allow(Action::Sell, "reissue tickets")?;
        let id = self.booking_id(booking_number).await?;
        Ok(sqlx::query_scalar("select api.reissue_tickets($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_one(&self.pool)
            .await?)
    }
}

/// What a code is, without checking anyone in (`tourdesk scan`).
#[derive(Debug, Clone, Serialize)]
pub struct CodeInspection {
    /// the code as normalised
    pub code: String,
    /// valid, invalid_signature, unknown_key, retired_key or malformed
    pub signature: &'static str,
    pub claims: Option<TicketClaims>,
    /// why it is not a valid ticket code
    pub problem: Option<String>,
    /// live, revoked (with why) or unknown: a valid signature on a cancelled ticket still admits nobody
    pub ticket_state: Option<String>,
}

impl Core {
    /// Parses a code and checks its signature against the operator's keys.
    pub async fn inspect_code(&self, raw: &str) -> Result<CodeInspection> {
        let code = crate::ticket::input::normalize(raw);
        let ticket = match crate::ticket::SignedTicket::parse(&code) {
            Ok(t) => t,
            Err(e) => {
                return Ok(CodeInspection {
                    code,
                    signature: "malformed",
                    claims: None,
                    problem: Some(e.to_string()),
                    ticket_state: None,
                });
            }
        };
        let key_id = ticket.claims.key_id;
        let (signature, problem) = match self.verify_key(key_id).await? {
            None => (
                "unknown_key",
                Some(format!("signed by key {key_id}, which this operator does not know")),
            ),
            Some(k) if !ticket.verify(&k) => ("invalid_signature", Some("altered or forged".to_string())),
            Some(_) => {
                let retired: Option<DateTime<Utc>> =
                    sqlx::query_scalar("select retired_at from ticket_keys where id = $1")
                        .bind(i32::from(key_id))
                        .fetch_optional(&self.pool)
                        .await?
                        .flatten();
                match retired {
                    Some(t) => ("retired_key", Some(format!("key {key_id} was retired at {t}"))),
                    None => ("valid", None),
                }
            }
        };
        let id = i64::try_from(ticket.claims.ticket_id).unwrap_or(i64::MAX);
        let (generation, subject) = (id >> 48, id & ((1 << 48) - 1));
        let state: Option<(i32, BookingStatus)> = sqlx::query_as(
            "select b.ticket_gen, b.status from bookings b
              where b.id = case when $1 then (select booking_id from participants where id = $2) else $2 end",
        )
        .bind(ticket.claims.kind == TicketKind::Participant)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        let ticket_state = Some(match state {
            Some((_, BookingStatus::Cancelled)) => "revoked (booking cancelled)".to_string(),
            Some((current, _)) if generation == i64::from(current) => "live".to_string(),
            Some((current, _)) if generation >= 1 && generation < i64::from(current) => {
                "revoked (reissued)".to_string()
            }
            _ => "unknown ticket".to_string(),
        });
        Ok(CodeInspection {
            code,
            signature,
            claims: Some(ticket.claims),
            problem,
            ticket_state,
        })
    }
}
