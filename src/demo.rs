//! `tourdesk demo`: fills a realistic Kamchatka operator — staff, tours,
//! pricing rules, a month of morning departures, and sales: about 60 % of the
//! seats booked, some departures sold out with a waitlist, a few live holds.
//!
//! Everything goes through the core (no SQL here). Running it again adds
//! nothing twice: staff, tours and rules are idempotent writes, and only the
//! departures this run created are sold — each from a pseudo-random generator
//! seeded by a constant and the departure's tour and start, with booking keys
//! derived the same way, so the data are the same on every database.

// the search benchmark's names are the demo's
pub(crate) mod names;
mod people;
mod tours;

pub use tours::{DAYS, TIME_ZONE};

/// The demo operator's currency (Kamchatka prices in roubles).
pub const CURRENCY: &str = "RUB";

use crate::booking::{BookRequest, BookingError, Change, Core, NewDeparture, PickupTime, Source};
use crate::domain::{Action, DepartureId, Party, PickupPointId, Role, StaffId};
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tours::{Kind, Slot};

/// The demo staff: (name, role, PIN). The notifier is the delivery
/// worker's own identity (`tourdesk notify run`), not a person.
pub const STAFF: [(&str, Role, &str); 4] = [
    ("Дмитрий Соколов", Role::Guide, "111111"),
    ("Елена Морозова", Role::Desk, "222222"),
    ("Игорь Бондаренко", Role::Manager, "333333"),
    ("Рассылка", Role::Notifier, "444444"),
];

/// The kiosk the demo's sales are made from (as the desk clerk above).
pub const DESK_DEVICE: &str = "front-desk-1";

const SEED: u64 = 0x4B41_4D43_4841_5441; // "KAMCHATA"

/// What one run did. `tours` and `staff` count the demo's catalogue and staff
/// (there after the run); the rest count what this run added.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DemoReport {
    pub tours: usize,
    pub tours_added: usize,
    pub staff: usize,
    pub staff_added: usize,
    pub pricing_rules_added: usize,
    pub departures_added: usize,
    pub bookings: usize,
    pub seats_booked: u64,
    pub holds: usize,
    pub waitlist_entries: usize,
}

/// Fills the operator around `now`. Needs a manager's core.
pub async fn seed(core: &Core, now: DateTime<Utc>) -> Result<DemoReport, BookingError> {
    if !core.actor().role.may(Action::ManageDepartures) {
        return Err(BookingError::Forbidden {
            role: core.actor().role.as_str(),
            action: "fill the demo operator".into(),
        });
    }
    let mut report = DemoReport::default();
    // the demo operator works in Kamchatka: its setting, made as any manager
    // makes it (a fresh database says UTC)
    core.set_time_zone(TIME_ZONE.name()).await?;
    // and prices in roubles, said as its setting rather than left to the
    // column's default (audited once; a second run changes nothing)
    core.set_currency(CURRENCY).await?;
    let desk = staff(core, &mut report).await?;

    let mut tour_ids = HashMap::new();
    for t in tours::TOURS {
        let (id, change) = core.upsert_tour(t.name, t.description, t.duration_minutes).await?;
        report.tours_added += usize::from(change == Change::Created);
        tour_ids.insert(t.name, id);
    }
    report.tours = tours::TOURS.len();

    let today = now.with_timezone(&TIME_ZONE).date_naive();
    for rule in tours::pricing_rules(today, &tour_ids) {
        let (_, change) = core.add_pricing_rule(&rule).await?;
        report.pricing_rules_added += usize::from(change == Change::Created);
    }

    let stops = pickups(core).await?;

    let added = departures(core, now).await?;
    report.departures_added = added.len();
    if added.is_empty() {
        return Ok(report);
    }

    // sales are made at the front desk, by the desk clerk
    let desk_pin = STAFF.iter().find(|(_, r, _)| *r == Role::Desk).map_or("", |s| s.2);
    let sales = match desk {
        // a PIN changed since: the owner sells
        Some((_, name)) => Core::login(core.pool().clone(), DESK_DEVICE, Source::Desk, desk_pin, Some(name))
            .await
            .unwrap_or_else(|_| core.clone()),
        None => core.clone(),
    };
    for (slot, id) in &added {
        let route = stops.get(slot.tour.name).map_or(&[][..], Vec::as_slice);
        sell(&sales, *slot, *id, route, now, &mut report).await?;
    }

    // a windy forecast on the first new boat trip of the next days
    if let Some((_, id)) = added
        .iter()
        .find(|(s, _)| s.tour.kind == Kind::Boat && s.starts_at - now < chrono::Duration::days(3))
    {
        core.set_weather(
            *id,
            crate::booking::WeatherStatus::Watch,
            "NW wind 12–15 m/s forecast; the route may stay inside Avacha Bay",
        )
        .await?;
    }
    lead(core, &added, now).await?;
    Ok(report)
}

/// The demo's guide leads the new departures of the next two days that do
/// not overlap each other (the server refuses an overlap: GUIDE_BUSY, then
/// the next one): logging in with the guide's PIN shows them first on
/// Check-in, and the Departures screen flags the others with people booked
/// "no guide".
async fn lead(core: &Core, added: &[(Slot, DepartureId)], now: DateTime<Utc>) -> Result<(), BookingError> {
    let Some((guide, _, _)) = STAFF.iter().find(|(_, r, _)| *r == Role::Guide) else {
        return Ok(());
    };
    let mut soon: Vec<&(Slot, DepartureId)> = added
        .iter()
        .filter(|(s, _)| s.starts_at - now < chrono::Duration::days(2))
        .collect();
    soon.sort_by_key(|(s, id)| (s.starts_at, id.0));
    for (_, id) in soon {
        match core.assign_guide(guide, *id, uuid::Uuid::now_v7()).await {
            Ok(_) | Err(BookingError::GuideBusy { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The demo staff, added when missing (a PIN changed since is kept). Returns
/// the desk clerk.
async fn staff(core: &Core, report: &mut DemoReport) -> Result<Option<(StaffId, &'static str)>, BookingError> {
    let existing = core.list_staff().await?;
    // staff from before the server checked PINs have no hash it can check
    let unset = core.staff_without_server_pin().await?;
    let mut desk = None;
    for (name, role, pin) in STAFF {
        let id = match existing.iter().find(|s| s.name == name) {
            Some(s) if s.active && s.role() == role && !unset.iter().any(|u| u == name) => s.id,
            _ => {
                report.staff_added += 1;
                core.upsert_staff(name, role, pin).await?
            }
        };
        if role == Role::Desk {
            desk = Some((id, name));
        }
    }
    report.staff = STAFF.len();
    Ok(desk)
}

/// The pickup routes of the demo's tours (tours::PICKUPS), added under keys
/// derived from the tour and the stop, so a second run replays them and adds
/// nothing twice. Returns each tour's stops in route order.
async fn pickups(core: &Core) -> Result<HashMap<&'static str, Vec<PickupPointId>>, BookingError> {
    let mut routes = HashMap::new();
    for (tour, stops) in tours::PICKUPS {
        let mut route = Vec::new();
        for (name, minutes) in *stops {
            let key = name_key(tour, name);
            let p = core
                .add_pickup(tour, name, PickupTime::MinutesBefore(*minutes), None, key)
                .await?;
            route.push(p.pickup_point_id);
        }
        routes.insert(*tour, route);
    }
    Ok(routes)
}

/// A stable key from two names (FNV-1a, twice salted).
fn name_key(a: &str, b: &str) -> uuid::Uuid {
    let hash = |salt: u64| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
        for byte in a.bytes().chain([0]).chain(b.bytes()) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hash(SEED).to_be_bytes());
    bytes[8..].copy_from_slice(&hash(!SEED).to_be_bytes());
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Adds the timetabled departures that do not exist yet; returns those.
async fn departures(core: &Core, now: DateTime<Utc>) -> Result<Vec<(Slot, DepartureId)>, BookingError> {
    let slots = tours::schedule(now);
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(Vec::new());
    };
    let existing: HashSet<(String, DateTime<Utc>)> = core
        .list_departures(first.starts_at, last.starts_at + chrono::Duration::seconds(1))
        .await?
        .into_iter()
        .map(|d| (d.tour, d.starts_at))
        .collect();
    let mut added = Vec::new();
    for slot in slots {
        if existing.contains(&(slot.tour.name.to_string(), slot.starts_at)) {
            continue;
        }
        let t = slot.tour;
        let new = NewDeparture {
            tour: t.name.into(),
            starts_at: slot.starts_at,
            time_zone: TIME_ZONE,
            capacity: t.capacity,
            adult_price_minor: t.adult_price_minor,
            child_price_minor: t.child_price_minor,
            currency: CURRENCY.into(),
            meeting_point: t.meeting_point.into(),
        };
        match core.add_departure(&new).await {
            Ok((id, _)) => added.push((slot, id)),
            // made a moment ago by someone else: theirs to fill
            Err(BookingError::InvalidInput { field: "starts_at", .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(added)
}

/// How one departure sells.
struct Plan {
    seats: u32,
    full: bool,
    hold: bool,
}

fn plan(rng: &mut StdRng, slot: Slot, now: DateTime<Utc>) -> Plan {
    let days = (slot.starts_at - now).num_minutes() as f64 / (24.0 * 60.0);
    let cap = slot.tour.capacity;
    // the helicopters of the coming week always sell out; the big boat never does
    let full = (slot.tour.kind == Kind::Helicopter && days < 7.0)
        || slot.tour.kind != Kind::Boat
            && rng.random_bool(match days {
                d if d < 7.0 => 0.25,
                d if d < 14.0 => 0.12,
                _ => 0.03,
            });
    let fraction = if full {
        1.0
    } else {
        let (lo, hi) = match days {
            d if d < 4.0 => (0.65, 0.95),
            d if d < 11.0 => (0.5, 0.85),
            d if d < 21.0 => (0.38, 0.75),
            _ => (0.2, 0.55),
        };
        rng.random_range(lo..hi)
    };
    let seats = ((f64::from(cap) * fraction).round() as u32).min(cap);
    // someone is at the desk right now for the boat trips and a few others of the next days
    let hold = !full && days < 3.0 && (slot.tour.kind == Kind::Boat || rng.random_bool(0.4));
    Plan { seats, full, hold }
}

async fn sell(
    sales: &Core,
    slot: Slot,
    id: DepartureId,
    route: &[PickupPointId],
    now: DateTime<Utc>,
    report: &mut DemoReport,
) -> Result<(), BookingError> {
    let mut rng = StdRng::seed_from_u64(SEED ^ slot_hash(slot, 0));
    let plan = plan(&mut rng, slot, now);
    let mut sold = 0;
    let mut index = 0;
    while sold < plan.seats {
        let c = people::customer(&mut rng, slot.tour.kind, (plan.seats - sold).min(8));
        let mut req = BookRequest::new(id, Party::new(c.adults, c.children)?, &c.contact_name);
        req.contact_phone = c.phone;
        req.contact_email = c.email;
        req.special_requests = c.special_requests;
        req.participants = c.participants;
        req.payment = c.payment;
        req.key = booking_key(slot, index);
        // every few parties come to the meeting point; the others are picked up
        req.pickup = route.get(index as usize % (route.len() + 1)).copied();
        index += 1;
        match sales.book(&req).await {
            Ok(b) => {
                sold += c.adults + c.children;
                if !b.replayed {
                    report.bookings += 1;
                    report.seats_booked += u64::from(c.adults + c.children);
                }
            }
            // sold or closed by someone else meanwhile: leave it as it is
            Err(BookingError::SoldOut { .. } | BookingError::SalesClosed { .. })
            | Err(BookingError::DepartureCancelled { .. }) => return Ok(()),
            Err(e) => return Err(e),
        }
    }
    if plan.full && sold == slot.tour.capacity {
        for _ in 0..rng.random_range(2..=4) {
            let (name, phone, email, adults, children) = people::waiting_party(&mut rng);
            match sales
                .waitlist_join(id, Party::new(adults, children)?, &name, &phone, &email)
                .await
            {
                Ok(_) => report.waitlist_entries += 1,
                Err(BookingError::SeatsAvailable { .. } | BookingError::SalesClosed { .. }) => break,
                Err(e) => return Err(e),
            }
        }
    }
    let free = slot.tour.capacity - sold;
    if plan.hold && free > 0 {
        let seats = rng.random_range(1..=3).min(free);
        match sales.hold(id, Party::new(seats, 0)?, Some(30)).await {
            Ok(_) => report.holds += 1,
            Err(BookingError::SoldOut { .. } | BookingError::SalesClosed { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// FNV-1a of the departure's tour and start, and `salt`.
fn slot_hash(slot: Slot, salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = slot
        .tour
        .name
        .bytes()
        .chain(slot.starts_at.timestamp().to_le_bytes())
        .chain(salt.to_le_bytes());
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The idempotency key of the demo's `index`th booking on a departure: the
/// same on every run, so a repeated sale would be a replay, not a new booking.
fn booking_key(slot: Slot, index: u64) -> uuid::Uuid {
    let hi = slot_hash(slot, 2 * index + 1);
    let lo = slot_hash(slot, 2 * index + 2) ^ SEED;
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn plans_average_about_sixty_percent() {
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 8, 40, 0).unwrap();
        // whenever it runs: every 7 hours over two months
        for step in 0..200 {
            let now = start + chrono::Duration::hours(7 * step);
            let (mut seats, mut capacity, mut full, mut holds) = (0u32, 0u32, 0, 0);
            for slot in tours::schedule(now) {
                let mut rng = StdRng::seed_from_u64(SEED ^ slot_hash(slot, 0));
                let p = plan(&mut rng, slot, now);
                seats += p.seats;
                capacity += slot.tour.capacity;
                full += usize::from(p.full);
                holds += usize::from(p.hold);
            }
            let share = f64::from(seats) / f64::from(capacity);
            assert!((0.55..0.66).contains(&share), "{now}: {share}");
            assert!(full >= 8, "{now}: {full} full departures");
            assert!(holds >= 3, "{now}: {holds} holds");
        }
    }

    #[test]
    fn booking_keys_are_stable_and_distinct() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 8, 40, 0).unwrap();
        let slots = tours::schedule(now);
        let mut seen = HashSet::new();
        for s in &slots {
            for i in 0..20 {
                assert!(seen.insert(booking_key(*s, i)));
            }
        }
        assert_eq!(booking_key(slots[0], 3), booking_key(slots[0], 3));
        assert_eq!(booking_key(slots[0], 3).get_version_num(), 8);
    }
}
