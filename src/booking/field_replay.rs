//! Replaying a field laptop's journal — offline check-ins, sales and returns,
//! each idempotent on the journal entry's event id (migration 0008) — and the
//! conflicts the replay found.

use super::conflict::{ConflictDetails, FieldConflict};
use super::field::{FieldCheckIn, FieldEntry, FieldReturn, FieldSale};
use super::{BookingError, Core, Result};
use crate::domain::Action;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// What the server made of one journal entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Replayed {
    /// this event id had been applied before (a sync run again)
    pub replayed: bool,
    /// the server's verdict or booking, as JSON
    pub result: Value,
    pub conflict: Option<FieldConflict>,
    /// the entry's time is impossible (a `clock` conflict): applied or
    /// refused all the same, as `result` says
    #[serde(default)]
    pub clock: Option<FieldConflict>,
}

fn replayed(mut out: Value) -> Result<Replayed> {
    let replayed = out.get("replayed").and_then(Value::as_bool).unwrap_or(false);
    let conflict =
        match out.as_object_mut().and_then(|m| m.remove("conflict")) {
            Some(c) => Some(serde_json::from_value(c).map_err(|e| {
                BookingError::invalid("conflict", format!("unreadable conflict from the database: {e}"))
            })?),
            None => None,
        };
    Ok(Replayed {
        replayed,
        result: out,
        conflict,
        clock: None,
    })
}

impl Core {
    /// Replays journal entries, in order, in one transaction: all of them are
    /// applied or none (a batch saves a commit per entry; each entry is still
    /// idempotent on its event id, so a batch cut off and sent again applies
    /// every entry once). An entry the core refuses (an error, not a
    /// conflict) fails the batch: send the entries one by one to find it.
    #[tracing::instrument(skip(self, entries), fields(n = entries.len()))]
    pub async fn replay(&self, entries: &[FieldEntry]) -> Result<Vec<Replayed>> {
        for e in entries {
            match e {
                FieldEntry::CheckIn(_) => self.allow(Action::CheckIn, "check people in")?,
                // the server checks that the seller named may sell
                FieldEntry::Sale(_) => self.allow(Action::CheckIn, "sync offline sales")?,
                FieldEntry::Return(_) => self.allow(Action::CheckIn, "record returns")?,
            }
        }
        // every entry is idempotent on its event id: a batch whose commit's
        // answer was lost is sent again as a whole and applied once
        self.resend(None, || self.replay_once(entries)).await
    }

    async fn replay_once(&self, entries: &[FieldEntry]) -> Result<Vec<Replayed>> {
        let mut tx = self.pool.begin().await?;
        let mut out = Vec::with_capacity(entries.len());
        let mut rest = entries;
        while let Some(first) = rest.first() {
            if let FieldEntry::Sale(s) = first {
                out.push(replayed(self.replay_sale(&mut tx, s).await?)?);
                rest = &rest[1..];
                continue;
            }
            // in journal order: the check-ins that let them out were sent before
            if let FieldEntry::Return(r) = first {
                out.push(replayed(self.replay_return(&mut tx, r).await?)?);
                rest = &rest[1..];
                continue;
            }
            // a run of check-ins: one round trip for all of them
            let run: Vec<&FieldCheckIn> = rest
                .iter()
                .map_while(|e| match e {
                    FieldEntry::CheckIn(c) => Some(c),
                    FieldEntry::Sale(_) | FieldEntry::Return(_) => None,
                })
                .collect();
            rest = &rest[run.len()..];
            for value in self.replay_check_ins(&mut tx, &run).await? {
                out.push(replayed(value)?);
            }
        }
        // times that cannot be right, flagged after the entries were applied as they were
        for c in self.clock_conflicts(&mut tx, entries).await? {
            let entry = match &c.details {
                ConflictDetails::Clock(d) => Some(d.entry_event_id),
                // read as well as it can be: it still belongs with its entry
                other => other.to_json()["entry_event_id"]
                    .as_str()
                    .and_then(|e| e.parse::<Uuid>().ok()),
            };
            if let Some(i) = entries.iter().position(|e| Some(e.event_id()) == entry) {
                out[i].clock = Some(c);
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Entries whose device time is impossible by the server's clock — in
    /// its future, before the laptop was prepared or before the allotment
    /// sold from was leased, long after the departure — recorded as `clock`
    /// conflicts (api.field_clock_check).
    async fn clock_conflicts(&self, tx: &mut sqlx::PgConnection, entries: &[FieldEntry]) -> Result<Vec<FieldConflict>> {
        let (mut events, mut kinds, mut departures, mut holds, mut occurred, mut prepared, mut walls, mut staff) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for e in entries {
            events.push(e.event_id());
            occurred.push(e.occurred_at());
            match e {
                FieldEntry::CheckIn(c) => {
                    kinds.push("check_in");
                    departures.push(c.departure.map(|d| d.0));
                    holds.push(None);
                    prepared.push(c.prepared_at);
                    walls.push(c.wall_time);
                    staff.push(c.staff.map(|s| s.0));
                }
                FieldEntry::Sale(s) => {
                    kinds.push("sale");
                    departures.push(Some(s.departure.0));
                    holds.push(Some(s.hold.0));
                    prepared.push(s.prepared_at);
                    walls.push(s.wall_time);
                    staff.push(s.staff.map(|s| s.0));
                }
                FieldEntry::Return(r) => {
                    kinds.push("return");
                    departures.push(Some(r.departure.0));
                    holds.push(None);
                    prepared.push(r.prepared_at);
                    walls.push(r.wall_time);
                    staff.push(r.staff.map(|s| s.0));
                }
            }
        }
        let rows: Vec<Value> = sqlx::query_scalar(
            "select * from api.field_clock_check(p_session => $1, p_events => $2, p_kinds => $3,
                                                 p_departures => $4, p_holds => $5, p_occurred => $6,
                                                 p_prepared => $7, p_walls => $8, p_staff => $9)",
        )
        .bind(self.session())
        .bind(events)
        .bind(kinds)
        .bind(departures)
        .bind(holds)
        .bind(occurred)
        .bind(prepared)
        .bind(walls)
        .bind(staff)
        .fetch_all(&mut *tx)
        .await?;
        rows.into_iter()
            .map(|c| {
                serde_json::from_value(c).map_err(|e| {
                    BookingError::invalid("conflict", format!("unreadable clock conflict from the database: {e}"))
                })
            })
            .collect()
    }

    /// Check-ins replayed in one statement, in journal order: td_field_check_in
    /// once per entry, as if called one after another (an error in any of
    /// them fails the statement, and so the batch).
    async fn replay_check_ins(&self, tx: &mut sqlx::PgConnection, run: &[&FieldCheckIn]) -> Result<Vec<Value>> {
        let col = |f: &dyn Fn(&FieldCheckIn) -> Option<i64>| run.iter().map(|c| f(c)).collect::<Vec<_>>();
        let text = |f: &dyn Fn(&FieldCheckIn) -> String| run.iter().map(|c| f(c)).collect::<Vec<_>>();
        // each entry's admitted ids as an array literal ({1,2,3}): unnest flattens a 2-D array
        let admitted = text(&|c| {
            let ids: Vec<String> = c.admitted.iter().map(|p| p.0.to_string()).collect();
            format!("{{{}}}", ids.join(","))
        });
        Ok(sqlx::query_scalar(
            "select * from api.field_check_ins($17, $1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[],
                                               $6::int[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[],
                                               $11::timestamptz[], $12::bigint[], $13::int[], $14::text[],
                                               $15::jsonb[], $16::text[])",
        )
        .bind(run.iter().map(|c| c.event_id).collect::<Vec<_>>())
        .bind(text(&|c| c.method.as_str().to_string()))
        .bind(text(&|c| c.raw.clone()))
        .bind(col(&|c| c.ticket.as_ref().map(|t| t.0)))
        .bind(
            run.iter()
                .map(|c| c.ticket.as_ref().map(|t| t.1.as_str()))
                .collect::<Vec<_>>(),
        )
        .bind(run.iter().map(|c| c.ticket.as_ref().map(|t| t.2)).collect::<Vec<_>>())
        .bind(col(&|c| c.participant.map(|p| p.0)))
        .bind(col(&|c| c.booking.map(|b| b.0)))
        .bind(col(&|c| c.departure.map(|d| d.0)))
        .bind(text(&|c| c.location.clone()))
        .bind(run.iter().map(|c| c.occurred_at).collect::<Vec<_>>())
        .bind(col(&|c| c.staff.map(|s| s.0).or(self.staff_id())))
        .bind(run.iter().map(|c| c.party_limit).collect::<Vec<_>>())
        .bind(text(&|c| c.device_verdict.as_str().to_string()))
        .bind(run.iter().map(|c| c.device_detail.clone()).collect::<Vec<_>>())
        .bind(admitted)
        .bind(self.session())
        .fetch_all(&mut *tx)
        .await?)
    }

    async fn replay_sale(&self, tx: &mut sqlx::PgConnection, s: &FieldSale) -> Result<Value> {
        Ok(sqlx::query_scalar(
            "select api.field_sell($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                                   $19, $20, p_language => $21)",
        )
        .bind(self.session())
        .bind(s.event_id)
        .bind(s.hold.0)
        .bind(s.departure.0)
        .bind(s.adults)
        .bind(s.children)
        .bind(&s.booking_number)
        .bind(&s.confirmation_code)
        .bind(&s.contact_name)
        .bind(&s.contact_phone)
        .bind(&s.special_requests)
        .bind(sqlx::types::Json(&s.participants))
        .bind(&s.price)
        .bind(s.total_minor)
        .bind(&s.currency)
        .bind(s.payment_method)
        .bind(&s.payment_reference)
        .bind(s.occurred_at)
        .bind(&s.location)
        .bind(s.staff.map(|s| s.0).or(self.staff_id()))
        .bind(s.language.map(super::Language::as_str))
        .fetch_one(&mut *tx)
        .await?)
    }

    async fn replay_return(&self, tx: &mut sqlx::PgConnection, r: &FieldReturn) -> Result<Value> {
        let people: Vec<i64> = r.participants.iter().map(|p| p.0).collect();
        Ok(
            sqlx::query_scalar("select api.field_return($1, $2, $3, $4, $5, $6, $7, $8, $9, p_sold => $10)")
                .bind(self.session())
                .bind(r.event_id)
                .bind(r.state.as_str())
                .bind(r.departure.0)
                .bind(people)
                .bind(&r.raw)
                .bind(&r.note)
                .bind(r.occurred_at)
                .bind(r.staff.map(|s| s.0).or(self.staff_id()))
                .bind(sqlx::types::Json(&r.sold))
                .fetch_one(&mut *tx)
                .await?,
        )
    }

    async fn field_conflict(&self, id: i64) -> Result<Option<FieldConflict>> {
        Ok(sqlx::query_as("select * from api.field_conflicts($1, false, $2)")
            .bind(self.session())
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Conflicts found by syncs (all devices), oldest first; resolved ones
    /// too when `all`.
    pub async fn field_conflicts(&self, all: bool) -> Result<Vec<FieldConflict>> {
        self.allow(Action::Read, "read sync conflicts")?;
        Ok(sqlx::query_as("select * from api.field_conflicts($1, $2, null)")
            .bind(self.session())
            .bind(all)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Marks a conflict as dealt with, saying how.
    pub async fn resolve_conflict(&self, id: i64, resolution: &str) -> Result<FieldConflict> {
        self.allow(Action::CheckIn, "resolve sync conflicts")?;
        let note = super::book::clean("resolution", resolution, true)?;
        let done: bool = sqlx::query_scalar("select api.resolve_conflict($1, $2, $3)")
            .bind(self.session())
            .bind(id)
            .bind(&note)
            .fetch_one(&self.pool)
            .await?;
        if !done {
            return Err(BookingError::not_found("conflict", id));
        }
        self.field_conflict(id)
            .await?
            .ok_or_else(|| BookingError::not_found("conflict", id))
    }
}
