//! After the scan: undo, no-shows, closing check-in, and the manifest.

use crate::booking::{BookingError, Core, Result};
use crate::domain::{
    Action, AdmissionMethod, BookingId, BookingRef, DepartureId, ManifestState, ParticipantId, ParticipantKind,
    ParticipantRef,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
pub struct UndoneCheckIn {
    pub participant_id: ParticipantId,
    /// when the check-in that was undone had happened
    pub was_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CloseReport {
    pub departure_id: DepartureId,
    pub admitted: i64,
    pub no_shows: i64,
    pub closed_at: DateTime<Utc>,
    /// true when check-in was already closed: the first close stands
    pub already_closed: bool,
}

/// One line of the manifest.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ManifestRow {
    /// a person of a field laptop's own sale not synced yet is `Local`
    /// (offline only: written as `{"sale": seq, "position": n}`)
    #[sqlx(try_from = "ParticipantId")]
    pub participant_id: ParticipantRef,
    /// a field laptop's own sale not synced yet is `Local` (offline only)
    #[sqlx(try_from = "BookingId")]
    pub booking_id: BookingRef,
    pub booking_number: String,
    pub position: i32,
    pub name: String,
    pub kind: ParticipantKind,
    pub state: ManifestState,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub checked_in_by: String,
    pub checked_in_device: String,
    /// none while nobody let them in (`''` in the JSON, as the server writes it)
    #[sqlx(try_from = "crate::domain::states::AdmissionWord")]
    #[serde(with = "crate::domain::states::admission_or_blank")]
    pub check_in_method: Option<AdmissionMethod>,
    pub no_show_reason: String,
    pub medical_notes: String,
    pub dietary: String,
    pub equipment: String,
    pub special_requests: String,
    pub unpaid_minor: i64,
    pub currency: String,
    pub contact_name: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub departure_id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub meeting_point: String,
    pub check_in_closed_at: Option<DateTime<Utc>>,
    /// when scans stop being "too early": the start less the operator's
    /// check-in window (the server's setting; offline, the one prepared)
    pub check_in_opens_at: DateTime<Utc>,
    pub admitted: usize,
    pub expected: usize,
    pub no_shows: usize,
    pub rows: Vec<ManifestRow>,
}

impl ManifestRow {
    /// The flags a guide must see, as at the gate (the same struct a
    /// check-in's verdict carries).
    pub fn flags(&self) -> crate::booking::Attention {
        crate::booking::Attention::of(
            [&self.medical_notes, &self.dietary, &self.equipment],
            &self.special_requests,
            self.unpaid_minor,
            &self.currency,
        )
    }

    /// The flags a guide must see, in words (empty when none).
    pub fn attention(&self) -> Vec<String> {
        let flags = self.flags();
        let mut out: Vec<String> = flags
            .personal()
            .into_iter()
            .map(|(flag, v)| {
                let label = match flag {
                    crate::booking::PersonalFlag::MedicalNotes => "medical",
                    crate::booking::PersonalFlag::Dietary => "diet",
                    crate::booking::PersonalFlag::Equipment => "equipment",
                };
                format!("{label}: {v}")
            })
            .collect();
        if !flags.special_requests.is_empty() {
            out.push(format!("requests: {}", flags.special_requests));
        }
        if let Some((minor, currency)) = flags.unpaid() {
            let due = match crate::domain::money::Currency::parse(currency) {
                Some(c) => crate::domain::Money::new(minor, c).to_string(),
                None => format!("{minor} {currency}"),
            };
            out.push(format!("unpaid: {due}"));
        }
        out
    }
}

impl Core {
    /// Undoes a participant's check-in (a wrong person scanned, a wrong key
    /// pressed). Audited with the reason; they can be checked in again.
    pub async fn undo_check_in(&self, participant: ParticipantId, reason: &str) -> Result<UndoneCheckIn> {
        self.allow(Action::CheckIn, "undo check-ins")?;
        let reason = super::super::book::clean("reason", reason, true)?;
        let v: Value = sqlx::query_scalar("select api.undo_check_in($1, $2, $3)")
            .bind(self.session())
            .bind(participant.0)
            .bind(&reason)
            .fetch_one(&self.pool)
            .await?;
        let was_at = v
            .get("was_at")
            .and_then(|t| serde_json::from_value(t.clone()).ok())
            .ok_or_else(|| BookingError::invalid("undo", "unreadable answer from the database"))?;
        Ok(UndoneCheckIn {
            participant_id: participant,
            was_at,
        })
    }

    /// The time zone of a participant's departure (for showing times).
    pub async fn manifest_zone(&self, participant: ParticipantId) -> Result<String> {
        let z: Option<String> = sqlx::query_scalar(
            "select d.time_zone from participants p join departures d on d.id = p.departure_id where p.id = $1",
        )
        .bind(participant.0)
        .fetch_optional(&self.pool)
        .await?;
        z.ok_or_else(|| BookingError::not_found("participant", participant))
    }

    /// Marks a participant as a no-show (or clears it with `no_show = false`).
    pub async fn set_no_show(&self, participant: ParticipantId, no_show: bool, reason: &str) -> Result<()> {
        self.allow(Action::CheckIn, "mark no-shows")?;
        let reason = super::super::book::clean("reason", reason, false)?;
        sqlx::query("select api.set_no_show($1, $2, $3, $4)")
            .bind(self.session())
            .bind(participant.0)
            .bind(no_show)
            .bind(&reason)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes check-in: everyone not admitted becomes a no-show and later
    /// scans are refused ("check-in closed"). Sales close with it. Refused
    /// before check-in opens (CHECK_IN_NOT_OPEN) unless `force`.
    pub async fn close_check_in(&self, departure: DepartureId, force: bool) -> Result<CloseReport> {
        self.allow(Action::CheckIn, "close check-in")?;
        let (admitted, no_shows, closed_at, already): (i32, i32, DateTime<Utc>, bool) =
            sqlx::query_as("select * from api.close_check_in($1, $2, $3)")
                .bind(self.session())
                .bind(departure.0)
                .bind(force)
                .fetch_one(&self.pool)
                .await?;
        Ok(CloseReport {
            departure_id: departure,
            admitted: admitted.into(),
            no_shows: no_shows.into(),
            closed_at,
            already_closed: already,
        })
    }

    /// Reopens a closed check-in: the no-shows the close made are expected
    /// again, and sales reopen if the departure has not started. Returns how
    /// many no-shows were cleared (0 when it was not closed).
    pub async fn reopen_check_in(&self, departure: DepartureId) -> Result<i32> {
        self.allow(Action::CheckIn, "reopen check-in")?;
        Ok(sqlx::query_scalar("select api.reopen_check_in($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Everyone booked on a departure with their check-in state and the
    /// flags the guide must see. Cancelled bookings are listed last.
    pub async fn manifest(&self, departure: DepartureId) -> Result<Manifest> {
        self.allow(Action::Read, "read manifests")?;
        type Head = (
            String,
            DateTime<Utc>,
            String,
            String,
            Option<DateTime<Utc>>,
            DateTime<Utc>,
        );
        let head: Option<Head> = sqlx::query_as(
            "select t.name, d.starts_at, d.time_zone, d.meeting_point, d.check_in_closed_at,
                    d.starts_at - api.check_in_window($2)
               from departures d join tours t on t.id = d.tour_id where d.id = $1",
        )
        .bind(departure.0)
        .bind(self.session())
        .fetch_optional(&self.pool)
        .await?;
        let (tour, starts_at, time_zone, meeting_point, closed, opens) =
            head.ok_or_else(|| BookingError::not_found("departure", departure))?;
        let rows: Vec<ManifestRow> = sqlx::query_as("select * from api.manifest($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_all(&self.pool)
            .await?;
        let count = |s: ManifestState| rows.iter().filter(|r| r.state == s).count();
        Ok(Manifest {
            departure_id: departure,
            tour,
            starts_at,
            time_zone,
            meeting_point,
            check_in_closed_at: closed,
            check_in_opens_at: opens,
            admitted: count(ManifestState::Admitted),
            expected: count(ManifestState::Expected),
            no_shows: count(ManifestState::NoShow),
            rows,
        })
    }
}
