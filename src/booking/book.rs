//! Booking: one call of td_book, idempotent on the client's key.

use super::{BookingError, Core, Language, Result};
pub use crate::domain::PaymentMethod;
use crate::domain::{
    Action, BookingId, BookingStatus, DepartureId, HoldId, ParticipantId, ParticipantKind, Party, PaymentStatus,
    PickupPointId, codes,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Payment {
    pub method: PaymentMethod,
    /// card terminal slip or transfer reference
    pub reference: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ParticipantInput {
    pub name: String,
    pub kind: ParticipantKind,
    #[serde(default)]
    pub medical_notes: String,
    #[serde(default)]
    pub emergency_contact: String,
    #[serde(default)]
    pub dietary: String,
    #[serde(default)]
    pub equipment: String,
}

#[derive(Debug, Clone)]
pub struct BookRequest {
    pub departure: DepartureId,
    pub hold: Option<HoldId>,
    pub party: Party,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub special_requests: String,
    /// Empty: one participant per seat is made from the contact name.
    pub participants: Vec<ParticipantInput>,
    pub payment: Payment,
    /// Client-generated (UUID v7); a retry with the same key returns the first result.
    pub key: Uuid,
    /// The total the customer was shown (minor units). The server prices the
    /// sale itself and refuses with PRICE_CHANGED when its figure differs, and
    /// the core then returns that error rather than charge another figure.
    /// None: the core quotes just before booking and sends that (a one-shot
    /// CLI sale), and quotes again when prices changed meanwhile.
    pub expected_total: Option<i64>,
    /// The pickup point chosen (an active one of the departure's tour, else
    /// PICKUP_NOT_ON_TOUR); none: no pickup.
    pub pickup: Option<PickupPointId>,
    /// The customer's language, remembered on the booking for the messages
    /// sent to them (the kiosk's at the sale, `book --language`); none: the
    /// operator's notify language.
    pub language: Option<Language>,
}

impl BookRequest {
    pub fn new(departure: DepartureId, party: Party, contact_name: &str) -> BookRequest {
        BookRequest {
            departure,
            hold: None,
            party,
            contact_name: contact_name.to_string(),
            contact_phone: String::new(),
            contact_email: String::new(),
            special_requests: String::new(),
            participants: Vec::new(),
            payment: Payment {
                method: PaymentMethod::Cash,
                reference: String::new(),
            },
            key: Uuid::now_v7(),
            expected_total: None,
            language: None,
            pickup: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ParticipantOut {
    pub id: ParticipantId,
    pub name: String,
    pub kind: ParticipantKind,
}

#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub booking_id: BookingId,
    pub booking_number: String,
    pub confirmation_code: String,
    pub departure_id: DepartureId,
    pub status: BookingStatus,
    pub adults: i32,
    pub children: i32,
    pub contact_name: String,
    pub total_minor: i64,
    pub currency: String,
    pub price: Value,
    pub payment_status: PaymentStatus,
    /// (left out of JSON when empty: a booking's card lists them with details)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<ParticipantOut>,
    /// true when this key was seen before and the first result is returned
    pub replayed: bool,
}

#[derive(sqlx::FromRow)]
struct BookResult {
    booking_id: i64,
    booking_number: String,
    confirmation_code: String,
    total_minor: i64,
    participant_ids: Vec<i64>,
    replayed: bool,
    /// the server's breakdown, the one charged and stored
    price_breakdown: Value,
}

const MAX_TEXT: usize = 500;

/// A one-line text (a name, a phone): no control characters, no line
/// breaks — a newline in a name would forge a line in a printed manifest.
pub(super) fn clean(field: &'static str, s: &str, required: bool) -> Result<String> {
    clean_text(field, s, required, false)
}

/// A note that may span lines (medical notes, special requests).
fn clean_lines(field: &'static str, s: &str) -> Result<String> {
    clean_text(field, s, false, true)
}

fn clean_text(field: &'static str, s: &str, required: bool, lines: bool) -> Result<String> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(BookingError::invalid(field, "it is empty"));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(BookingError::invalid(
            field,
            format!("longer than {MAX_TEXT} characters"),
        ));
    }
    if t.chars().any(|c| c.is_control() && !(lines && c == '\n')) {
        return Err(BookingError::invalid(
            field,
            if lines {
                "contains control characters"
            } else {
                "contains a line break or control characters: one line, please"
            },
        ));
    }
    Ok(t.to_string())
}

fn participants(req: &BookRequest, name: &str) -> Result<Vec<ParticipantInput>> {
    let party = req.party;
    if req.participants.is_empty() {
        let seats = party.seats();
        return Ok((0..seats)
            .map(|i| ParticipantInput {
                name: if i == 0 {
                    name.to_string()
                } else {
                    format!("{name} (guest {})", i + 1)
                },
                kind: ParticipantKind::of_seat(i, party),
                ..Default::default()
            })
            .collect());
    }
    let count = |kind| req.participants.iter().filter(|p| p.kind == kind).count() as u32;
    let (adults, children) = (count(ParticipantKind::Adult), count(ParticipantKind::Child));
    if adults != party.adults() || children != party.children() {
        return Err(BookingError::invalid(
            "participants",
            format!(
                "{} adult(s) and {} child(ren) booked, but the participant list has {adults} adult(s) and {children} child(ren)",
                party.adults(),
                party.children()
            ),
        ));
    }
    req.participants
        .iter()
        .map(|p| {
            Ok(ParticipantInput {
                name: clean("participant name", &p.name, true)?,
                kind: p.kind,
                medical_notes: clean_lines("medical notes", &p.medical_notes)?,
                emergency_contact: clean("emergency contact", &p.emergency_contact, false)?,
                dietary: clean_lines("dietary needs", &p.dietary)?,
                equipment: clean_lines("equipment", &p.equipment)?,
            })
        })
        .collect()
}

impl Core {
    /// Books seats: straight from the departure, or by converting a hold.
    /// SOLD_OUT (with the free count) when the party does not fit.
    #[tracing::instrument(level = "debug", skip(self, req), fields(departure = %req.departure, seats = req.party.seats()))]
    pub async fn book(&self, req: &BookRequest) -> Result<Booking> {
        self.allow(Action::Sell, "sell seats")?;
        let name = clean("contact name", &req.contact_name, true)?;
        let phone = clean("phone", &req.contact_phone, false)?;
        let email = clean("email", &req.contact_email, false)?;
        if !email.is_empty() && !email.contains('@') {
            return Err(BookingError::invalid(
                "email",
                format!("{email:?} is not an email address"),
            ));
        }
        let special = clean_lines("special requests", &req.special_requests)?;
        let reference = clean("payment reference", &req.payment.reference, false)?;
        let people = serde_json::to_value(participants(req, &name)?)
            .map_err(|e| BookingError::invalid("participants", e.to_string()))?;
        let mut attempts = 0;
        let mut tidied = false;
        loop {
            attempts += 1;
            let quote = self.quote_at(req.departure, req.party, chrono::Utc::now()).await?;
            let shown = req.expected_total.unwrap_or(quote.total_minor);
            let number = codes::booking_number();
            let confirmation = codes::confirmation_code();
            let turn = self.gates.enter(req.departure).await;
            // a lost answer is sent again with the same key (and the same
            // number): the server returns what the first attempt did
            let result = self
                .resend(Some(req.key), || {
                    sqlx::query_as::<_, BookResult>(
                "select * from api.book($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
            )
            .bind(self.session())
            .bind(req.key)
            .bind(req.departure.0)
            .bind(req.hold.map(|h| h.0))
            .bind(req.party.adults() as i32)
            .bind(req.party.children() as i32)
            .bind(&number)
            .bind(&confirmation)
            .bind(&name)
            .bind(&phone)
            .bind(&email)
            .bind(&special)
            .bind(&people)
            .bind(shown)
            .bind(&quote.currency)
            .bind(req.payment.method.as_str())
            .bind(&reference)
            .bind(req.pickup.map(|p| p.0))
            .bind(req.language.map(Language::as_str))
            .fetch_one(&self.pool)
                })
                .await;
            drop(turn);
            match result {
                Ok(r) if r.replayed => return self.booking_by_id(BookingId(r.booking_id), true).await,
                Ok(r) => {
                    let people: Vec<ParticipantInput> = serde_json::from_value(people).unwrap_or_default();
                    return Ok(Booking {
                        booking_id: BookingId(r.booking_id),
                        booking_number: r.booking_number,
                        confirmation_code: r.confirmation_code,
                        departure_id: req.departure,
                        status: BookingStatus::Confirmed,
                        adults: req.party.adults() as i32,
                        children: req.party.children() as i32,
                        contact_name: name,
                        total_minor: r.total_minor,
                        currency: quote.currency.clone(),
                        price: r.price_breakdown,
                        payment_status: if req.payment.method == super::PaymentMethod::Unpaid {
                            PaymentStatus::Unpaid
                        } else {
                            PaymentStatus::Paid
                        },
                        participants: r
                            .participant_ids
                            .into_iter()
                            .zip(people)
                            .map(|(id, p)| ParticipantOut {
                                id: ParticipantId(id),
                                name: p.name,
                                kind: p.kind,
                            })
                            .collect(),
                        replayed: false,
                    });
                }
                Err(err) => {
                    let retry = match &err {
                        BookingError::Database(sqlx::Error::Database(db)) => {
                            db.constraint() == Some("bookings_booking_number_key")
                        }
                        _ => false,
                    };
                    // a figure the customer saw is never swapped for another
                    let stale = matches!(err, BookingError::PriceChanged { .. }) && req.expected_total.is_none();
                    if stale {
                        self.forget_prices(req.departure);
                    }
                    if (retry || stale) && attempts < 5 {
                        continue;
                    }
                    // dead holds reclaimed by the refused attempt were rolled back with it
                    if matches!(err, BookingError::SoldOut { .. })
                        && !tidied
                        && self.tidy_departure(req.departure).await? > 0
                    {
                        tidied = true;
                        continue;
                    }
                    return Err(err);
                }
            }
        }
    }

    /// A booking by its number (case, spaces and a missing `TD-` forgiven).
    pub async fn booking(&self, number: &str) -> Result<Booking> {
        let id = self.booking_id(number).await?;
        self.booking_by_id(id, false).await
    }

    /// The id of a booking by its number as typed (NOT_FOUND when none),
    /// also when typed or scanned with the Russian keyboard layout active.
    pub(super) async fn booking_id(&self, number: &str) -> Result<BookingId> {
        let number = codes::normalize_booking_number(&crate::ticket::input::normalize(number));
        let id: Option<i64> = sqlx::query_scalar("select id from bookings where booking_number = $1")
            .bind(&number)
            .fetch_optional(&self.pool)
            .await?;
        id.map(BookingId)
            .ok_or_else(|| BookingError::not_found("booking", &number))
    }

    pub(super) async fn booking_by_id(&self, id: BookingId, replayed: bool) -> Result<Booking> {
        #[derive(sqlx::FromRow)]
        struct Row {
            booking_number: String,
            confirmation_code: String,
            departure_id: i64,
            status: BookingStatus,
            adults: i32,
            children: i32,
            contact_name: String,
            total_minor: i64,
            currency: String,
            price_breakdown: Value,
            payment_status: PaymentStatus,
        }
        let r: Row = sqlx::query_as("select * from api.booking($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| BookingError::not_found("booking", id))?;
        let participants = sqlx::query_as("select * from api.booking_participants($1, $2)")
            .bind(self.session())
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(Booking {
            booking_id: id,
            booking_number: r.booking_number,
            confirmation_code: r.confirmation_code,
            departure_id: DepartureId(r.departure_id),
            status: r.status,
            adults: r.adults,
            children: r.children,
            contact_name: r.contact_name,
            total_minor: r.total_minor,
            currency: r.currency,
            price: r.price_breakdown,
            payment_status: r.payment_status,
            participants,
            replayed,
        })
    }
}
