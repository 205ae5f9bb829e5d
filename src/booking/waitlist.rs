//! The waitlist: join, leave, skip, list, accept an offer.

use super::{BookRequest, Booking, BookingError, Core, Payment, Result};
use crate::domain::{Action, DepartureId, HoldId, Party, WaitlistEntryId, WaitlistStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct WaitlistEntry {
    pub id: WaitlistEntryId,
    pub departure_id: DepartureId,
    pub position: i64,
    pub adults: i32,
    pub children: i32,
    pub name: String,
    pub phone: String,
    pub status: WaitlistStatus,
    pub offer_hold_id: Option<HoldId>,
    /// when the offer's seats go to the next in line
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Core {
    /// Joins the waitlist of a full departure. SEATS_AVAILABLE when the party fits now.
    pub async fn waitlist_join(
        &self,
        departure: DepartureId,
        party: Party,
        name: &str,
        phone: &str,
        email: &str,
    ) -> Result<(WaitlistEntryId, i32)> {
        self.waitlist_join_with_key(departure, party, name, phone, email, Uuid::now_v7())
            .await
    }

    /// As [`Core::waitlist_join`], idempotent on `key`: a retry returns the
    /// first entry and its place in the queue.
    #[tracing::instrument(skip(self))]
    pub async fn waitlist_join_with_key(
        &self,
        departure: DepartureId,
        party: Party,
        name: &str,
        phone: &str,
        email: &str,
        key: Uuid,
    ) -> Result<(WaitlistEntryId, i32)> {
        self.allow(Action::Sell, "manage the waitlist")?;
        let name = super::book::clean("name", name, true)?;
        let phone = super::book::clean("phone", phone, false)?;
        let email = super::book::clean("email", email, false)?;
        let (id, position): (i64, i32) = self
            .resend(Some(key), || {
                sqlx::query_as("select * from api.waitlist_join($1, $2, $3, $4, $5, $6, $7, $8)")
                    .bind(self.session())
                    .bind(departure.0)
                    .bind(party.adults() as i32)
                    .bind(party.children() as i32)
                    .bind(&name)
                    .bind(&phone)
                    .bind(&email)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        Ok((WaitlistEntryId(id), position))
    }

    /// Leaves the waitlist (an open offer's seats pass to the next in line).
    #[tracing::instrument(skip(self))]
    pub async fn waitlist_leave(&self, entry: WaitlistEntryId) -> Result<WaitlistStatus> {
        self.allow(Action::Sell, "manage the waitlist")?;
        Ok(sqlx::query_scalar("select api.waitlist_leave($1, $2)")
            .bind(self.session())
            .bind(entry.0)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Skips a party that is not at the desk (or not ready): it goes to the
    /// back of the queue, still waiting, and an open offer's seats go at once
    /// to the first party that fits — itself again if nobody else does.
    /// Returns the entry's status afterwards: "waiting" or "offered"; an
    /// entry no longer in the queue is left alone and its status returned.
    #[tracing::instrument(skip(self))]
    pub async fn waitlist_skip(&self, entry: WaitlistEntryId) -> Result<WaitlistStatus> {
        self.allow(Action::Sell, "manage the waitlist")?;
        Ok(sqlx::query_scalar("select api.waitlist_skip($1, $2)")
            .bind(self.session())
            .bind(entry.0)
            .fetch_one(&self.pool)
            .await?)
    }

    /// The live queue (waiting and offered), in order.
    pub async fn waitlist(&self, departure: DepartureId) -> Result<Vec<WaitlistEntry>> {
        Ok(sqlx::query_as("select * from api.waitlist($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Turns an open offer into a booking for the person on the waitlist.
    #[tracing::instrument(skip(self))]
    pub async fn waitlist_accept(&self, entry: WaitlistEntryId, payment: Payment, key: Uuid) -> Result<Booking> {
        #[derive(sqlx::FromRow)]
        struct Row {
            departure_id: i64,
            adults: i32,
            children: i32,
            name: String,
            phone: String,
            email: String,
            status: WaitlistStatus,
            offer_hold_id: Option<i64>,
        }
        let row: Option<Row> = sqlx::query_as("select * from api.waitlist_entry($1, $2)")
            .bind(self.session())
            .bind(entry.0)
            .fetch_optional(&self.pool)
            .await?;
        let Row {
            departure_id: departure,
            adults,
            children,
            name,
            phone,
            email,
            status,
            offer_hold_id: hold,
        } = row.ok_or_else(|| BookingError::not_found("waitlist entry", entry))?;
        let hold = match (status, hold) {
            (WaitlistStatus::Offered | WaitlistStatus::Booked, Some(h)) => h,
            (WaitlistStatus::Expired, Some(h)) => return Err(BookingError::HoldExpired { hold: h }),
            (WaitlistStatus::Waiting | WaitlistStatus::Left | WaitlistStatus::Cancelled, _) | (_, None) => {
                return Err(BookingError::invalid(
                    "waitlist entry",
                    format!("entry {entry} has no open offer (it is {status})"),
                ));
            }
        };
        let mut req = BookRequest::new(
            DepartureId(departure),
            Party::new(adults as u32, children as u32)?,
            &name,
        );
        req.hold = Some(HoldId(hold));
        req.contact_phone = phone;
        req.contact_email = email;
        req.payment = payment;
        req.key = key;
        self.book(&req).await
    }
}
