//! Reading the store into memory, and applying journal entries to it.

use super::seal::{DataKey, Wrap};
use super::state::{LocalAllotment, State};
use super::{FieldError, Result};
use crate::booking::{
    FieldBooking, FieldCheckIn, FieldDeparture, FieldEntry, FieldKey, FieldParticipant, FieldPrice, FieldReturn,
    FieldSale, FieldStaff, VerdictKind,
};
use crate::domain::{
    AdmissionMethod, BookingRef, BookingStatus, DepartureId, HoldId, HoldStatus, ParticipantRef, PaymentMethod, StaffId,
};
use crate::ticket::TicketKind;
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;

fn parse<T: DeserializeOwned>(what: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| FieldError::Corrupt(format!("{what}: {e}")))
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

pub(super) async fn meta(pool: &SqlitePool, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("select value from meta where key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await?)
}

pub(super) async fn set_meta(pool: &SqlitePool, key: &str, value: &str) -> Result<()> {
    sqlx::query("insert into meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(pool)
        .await?;
    Ok(())
}

/// The data key's wraps, one per staff member the store was prepared for.
pub(super) async fn wraps(pool: &SqlitePool) -> Result<Vec<Wrap>> {
    let rows: Vec<(String,)> = sqlx::query_as("select data from wraps order by staff_id")
        .fetch_all(pool)
        .await?;
    rows.iter().map(|(d,)| parse("wrap", d)).collect()
}

/// A sealed record's JSON, parsed.
fn unseal<T: DeserializeOwned>(key: &DataKey, aad: &str, sealed: &str) -> Result<T> {
    parse(aad, &super::unlock::open_with(key, aad, sealed)?)
}

/// The store as it stands: what is readable without a key, and with `key`
/// the personal data too (bookings, participants, staff, the journal's entries).
pub(super) async fn load(pool: &SqlitePool, device: &str, key: Option<&DataKey>) -> Result<State> {
    // the device a store was made for stays its device
    let device = match meta(pool, "device").await? {
        Some(d) => d,
        None => {
            set_meta(pool, "device", device).await?;
            device.to_string()
        }
    };
    let mut s = State {
        device,
        ..State::default()
    };
    s.prepared_at = meta(pool, "prepared_at").await?.as_deref().and_then(time);
    s.last_sync = meta(pool, "last_sync").await?.as_deref().and_then(time);
    s.anchor = meta(pool, "clock_anchor")
        .await?
        .and_then(|a| serde_json::from_str(&a).ok());
    s.clock_warning = meta(pool, "clock_warning")
        .await?
        .and_then(|a| serde_json::from_str(&a).ok());
    let last: Option<String> = sqlx::query_scalar(
        "select device_time from journal where time_source is distinct from 'given'
                                                               order by seq desc limit 1",
    )
    .fetch_optional(pool)
    .await?;
    s.last_time = last.as_deref().and_then(time);
    let window: i64 = meta(pool, "window_seconds")
        .await?
        .and_then(|w| w.parse().ok())
        .unwrap_or(3 * 3600);
    s.window = chrono::Duration::seconds(window);
    // a store prepared before the zone was a setting has none: UTC (each
    // departure names its own zone; this is only the fallback)
    // none in a store prepared before returns were recorded offline
    s.return_grace = meta(pool, "return_grace_minutes")
        .await?
        .and_then(|m| m.parse::<i64>().ok())
        .map(chrono::Duration::minutes);
    s.time_zone = meta(pool, "time_zone")
        .await?
        .and_then(|z| z.parse().ok())
        .unwrap_or_default();
    // none in a store prepared before the currency was a setting: nothing
    // is guessed (each departure and price names its own currency)
    s.currency = meta(pool, "currency")
        .await?
        .and_then(|c| crate::domain::money::Currency::parse(&c));
    for (data,) in sqlx::query_as::<_, (String,)>("select data from departures")
        .fetch_all(pool)
        .await?
    {
        let d: FieldDeparture = parse("departure", &data)?;
        s.departures.insert(d.id, d);
    }
    s.keyholders = sqlx::query_scalar::<_, i64>("select staff_id from wraps order by staff_id")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(StaffId)
        .collect();
    if let Some(key) = key {
        for (id, data) in sqlx::query_as::<_, (i64, String)>("select id, data from bookings")
            .fetch_all(pool)
            .await?
        {
            s.add_booking(unseal::<FieldBooking>(key, &format!("bookings:{id}"), &data)?);
        }
        for (id, data) in sqlx::query_as::<_, (i64, String)>("select id, data from participants")
            .fetch_all(pool)
            .await?
        {
            let p = unseal::<FieldParticipant>(key, &format!("participants:{id}"), &data)?;
            // back (or gone) before the prepare, as the server said
            if let (Some(id), Some(state), Some(at)) = (p.id.server(), p.returned, p.returned_at) {
                let r = super::state::LocalReturn {
                    state,
                    at,
                    note: p.return_note.clone(),
                    staff: p.returned_by.clone(),
                    device: p.returned_device.clone(),
                };
                s.returns.insert(ParticipantRef::Server(id), r);
            }
            s.add_participant(p);
        }
        for (id, data) in sqlx::query_as::<_, (i64, String)>("select id, data from staff")
            .fetch_all(pool)
            .await?
        {
            s.staff.push(unseal::<FieldStaff>(key, &format!("staff:{id}"), &data)?);
        }
    }
    for (data,) in sqlx::query_as::<_, (String,)>("select data from ticket_keys")
        .fetch_all(pool)
        .await?
    {
        let k: FieldKey = parse("key", &data)?;
        let bytes = <[u8; 32]>::try_from(k.public_key.as_slice()).ok();
        if let (Ok(id), Some(v)) = (
            u16::try_from(k.id),
            bytes.and_then(|b| VerifyingKey::from_bytes(&b).ok()),
        ) {
            s.keys.insert(id, (v, k.retired_at));
        }
    }
    let rows: Vec<(i64, i64, i32, i32, String, HoldStatus)> =
        sqlx::query_as("select hold_id, departure_id, leased, left_seats, expires_at, status from allotments")
            .fetch_all(pool)
            .await?;
    s.allotments = rows
        .into_iter()
        .map(|(h, d, leased, left, exp, status)| LocalAllotment {
            hold_id: HoldId(h),
            departure_id: DepartureId(d),
            leased,
            left,
            expires_at: time(&exp).unwrap_or_default(),
            status,
        })
        .collect();
    let prices: Vec<(i64, String)> = sqlx::query_as("select departure_id, data from prices")
        .fetch_all(pool)
        .await?;
    for (d, data) in prices {
        let p: FieldPrice = parse("price", &data)?;
        s.prices.insert((DepartureId(d), p.adults, p.children), p);
    }
    s.sort_parties();
    // what happened here since the snapshot was taken
    let prepared_seq: i64 = meta(pool, "prepared_seq")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    type Row = (
        i64,
        String,
        String,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<i32>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select seq, event_id, entry, synced_at, departure_id, hold_id, seats from journal
          where seq > $1 or synced_at is null order by seq",
    )
    .bind(prepared_seq)
    .fetch_all(pool)
    .await?;
    for (seq, event, entry, synced, departure, hold, seats) in rows {
        if synced.is_none() {
            s.pending += 1;
        }
        match key {
            Some(key) => {
                let aad = super::unlock::journal_aad(&event, "entry");
                apply(&mut s, seq, &unseal::<FieldEntry>(key, &aad, &entry)?);
            }
            // sealed: what a sale took from its allotment is readable without the key
            None => {
                if let (Some(hold), Some(departure), Some(seats)) = (hold, departure, seats) {
                    count_sale(&mut s, HoldId(hold), DepartureId(departure), seats);
                }
            }
        }
    }
    Ok(s)
}

/// What a journal entry changed on this laptop.
pub(super) fn apply(s: &mut State, seq: i64, entry: &FieldEntry) {
    match entry {
        FieldEntry::CheckIn(c) => apply_check_in(s, c),
        FieldEntry::Sale(sale) => apply_sale(s, seq, sale),
        FieldEntry::Return(r) => apply_return(s, r),
    }
}

fn staff_name(s: &State, id: Option<crate::domain::StaffId>) -> String {
    id.and_then(|id| s.staff.iter().find(|m| m.id == id))
        .map(|m| m.name.clone())
        .unwrap_or_default()
}

fn apply_check_in(s: &mut State, c: &FieldCheckIn) {
    if c.device_verdict != VerdictKind::Admitted {
        return;
    }
    let staff = staff_name(s, c.staff);
    let group_code = matches!(&c.ticket, Some((_, TicketKind::Group, _)));
    let method = AdmissionMethod::of(c.method, group_code);
    // a group code of a booking made after prepare admitted nobody it can name
    if c.admitted.is_empty()
        && let Some((ticket, _, _)) = &c.ticket
    {
        s.unknown_in.entry(*ticket).or_insert(c.occurred_at);
    }
    for id in &c.admitted {
        match s.participants.get_mut(&ParticipantRef::Server(*id)) {
            Some(p) => {
                if p.checked_in_at.is_none() {
                    p.checked_in_at = Some(c.occurred_at);
                    p.checked_in_method = Some(method);
                    p.checked_in_device = s.device.clone();
                    p.checked_in_staff = staff.clone();
                    p.checked_in_location = c.location.clone();
                    p.no_show = false;
                }
            }
            None => {
                if let Some((ticket, _, _)) = &c.ticket {
                    s.unknown_in.entry(*ticket).or_insert(c.occurred_at);
                }
            }
        }
    }
}

/// The people a journalled return marked: the server's, then those of this
/// laptop's offline sales (named by the sale's event id in the journal).
pub(super) fn returned_people(s: &State, r: &FieldReturn) -> Vec<ParticipantRef> {
    let sold = r.sold.iter().filter_map(|p| {
        s.sale_events
            .iter()
            .find(|(_, event)| **event == p.sale)
            .map(|(seq, _)| ParticipantRef::Local {
                sale: *seq,
                position: p.position,
            })
    });
    r.participants
        .iter()
        .map(|id| ParticipantRef::Server(*id))
        .chain(sold)
        .collect()
}

fn apply_return(s: &mut State, r: &FieldReturn) {
    let staff = staff_name(s, r.staff);
    for id in returned_people(s, r) {
        s.returns.entry(id).or_insert_with(|| super::state::LocalReturn {
            state: r.state,
            at: r.occurred_at,
            note: r.note.clone(),
            staff: staff.clone(),
            device: s.device.clone(),
        });
    }
    s.return_entries.insert(r.event_id, r.clone());
}

fn apply_sale(s: &mut State, seq: i64, sale: &FieldSale) {
    if s.by_number.contains_key(&sale.booking_number) {
        return; // synced and taken along again by a later prepare
    }
    // named by its journal entry until the server numbers it at sync
    let booking = BookingRef::Local { local: seq };
    s.sale_events.insert(seq, sale.event_id);
    s.add_booking(FieldBooking {
        id: booking,
        booking_number: sale.booking_number.clone(),
        departure_id: sale.departure,
        status: BookingStatus::Confirmed,
        ticket_gen: 1,
        cancelled_at: None,
        contact_name: sale.contact_name.clone(),
        contact_phone: sale.contact_phone.clone(),
        special_requests: sale.special_requests.clone(),
        unpaid_minor: match sale.payment_method {
            PaymentMethod::Unpaid => sale.total_minor,
            PaymentMethod::Cash | PaymentMethod::Card | PaymentMethod::Transfer | PaymentMethod::Voucher => 0,
        },
        currency: sale.currency.clone(),
    });
    let staff = staff_name(s, sale.staff);
    for (position, p) in (1..).zip(&sale.participants) {
        s.add_participant(FieldParticipant {
            // named by the sale and their place in it until the server numbers them
            id: ParticipantRef::Local { sale: seq, position },
            booking_id: booking,
            departure_id: sale.departure,
            position,
            name: p.name.clone(),
            kind: p.kind,
            medical_notes: p.medical_notes.clone(),
            dietary: p.dietary.clone(),
            equipment: p.equipment.clone(),
            no_show: false,
            checked_in_at: Some(sale.occurred_at),
            checked_in_method: Some(AdmissionMethod::Bulk),
            checked_in_device: s.device.clone(),
            checked_in_staff: staff.clone(),
            checked_in_location: sale.location.clone(),
            emergency_contact: p.emergency_contact.clone(),
            returned: None,
            returned_at: None,
            return_note: String::new(),
            returned_by: String::new(),
            returned_device: String::new(),
        });
    }
    count_sale(s, sale.hold, sale.departure, sale.adults + sale.children);
}

/// Seats an offline sale took: from its allotment and its departure.
fn count_sale(s: &mut State, hold: HoldId, departure: DepartureId, seats: i32) {
    if let Some(a) = s.allotments.iter_mut().find(|a| a.hold_id == hold) {
        a.left -= seats;
    }
    if let Some(d) = s.departures.get_mut(&departure) {
        d.booked += seats;
    }
}
