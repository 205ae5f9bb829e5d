//! `tourdesk bench contention --shared N`: the contention bench's buyers
//! spread over N departures of N different tours at the same hour, all
//! served by one resource (a helicopter) — issue 14's shared capacity. Each
//! departure is far larger than any run sells, so the resource's seats are
//! the only bound and its row lock (td_lock_resources, taken by every sale on
//! any of the N) is the hot spot, where the plain run's is the departure's.
//!
//! A resource has at most 10,000 seats (its CHECK), fewer than a run sells
//! in a few seconds, so the N departures are made on several days ("slots",
//! one resource for all of them): buyers sell the first slot until the
//! resource is full there, then move on to the next. Every sale still locks
//! the one resource row. With `--slots 1` and fewer seats than the buyers
//! want, the run ends when the resource is full: the correctness run (sold
//! equals the seats, nothing oversold).
//!
//! Checked after the run, per slot: seats sold ≤ the resource's seats, each
//! departure's counter equals its bookings (`oversold` counts any
//! difference), and a SOLD_OUT answered on a slot that ended with seats left
//! was a false one.

use super::BenchError;
use crate::booking::{Core, NewDeparture};
use crate::domain::{DepartureId, ResourceKind};
use chrono::Duration as ChronoDuration;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use uuid::Uuid;

/// Bookings per second a slot plan assumes when `--slots` is not given:
/// above anything measured on this machine (BENCHMARKS.md), so a run does
/// not run out of slots.
const PLANNED_RATE: u64 = 4_000;
/// The most slots a run makes (each is N departures and N assignments).
pub const MAX_SLOTS: u32 = 2_000;

/// The departures of every slot, and where the buyers are.
pub(super) struct Slots {
    pub resource_seats: u32,
    /// slots[s][i]: tour i's departure on day s
    pub slots: Vec<Vec<DepartureId>>,
    current: AtomicUsize,
    /// SOLD_OUT answers per slot, judged true or false after the run
    sold_out: Vec<AtomicU64>,
}

impl Slots {
    /// The slot buyers sell now and client `c`'s departure in it; None when
    /// every slot is full.
    pub fn pick(&self, c: u32) -> Option<(usize, DepartureId)> {
        let s = self.current.load(Ordering::Acquire);
        let slot = self.slots.get(s)?;
        Some((s, slot[c as usize % slot.len()]))
    }

    /// Slot `s` answered SOLD_OUT: the buyers move on to the next one (once,
    /// whoever hears it first).
    pub fn sold_out(&self, s: usize) {
        if let Some(n) = self.sold_out.get(s) {
            n.fetch_add(1, Ordering::Relaxed);
        }
        let _ = self
            .current
            .compare_exchange(s, s + 1, Ordering::AcqRel, Ordering::Acquire);
    }
}

/// How a shared run is set up (flags of `tourdesk bench contention`).
#[derive(Debug, Clone, Copy)]
pub struct SharedPlan {
    /// departures (of different tours, at the same hour) sharing the resource
    pub departures: u32,
    pub resource_seats: u32,
    /// days to sell on; None: enough for `seconds` at PLANNED_RATE
    pub slots: Option<u32>,
}

/// Makes the resource and the slots' departures, each assigned the resource.
pub(super) async fn setup(core: &Core, plan: SharedPlan, seconds: u64, capacity: u32) -> Result<Slots, BenchError> {
    let n = plan.departures.max(1);
    let seats = plan.resource_seats.max(1);
    let slots = plan
        .slots
        .unwrap_or_else(|| {
            u32::try_from(seconds.saturating_mul(PLANNED_RATE) / u64::from(seats) + 1).unwrap_or(MAX_SLOTS)
        })
        .clamp(1, MAX_SLOTS);
    let run: u32 = rand::random();
    let resource = format!("Bench helicopter {run:08x}");
    core.add_resource(&resource, ResourceKind::Helicopter, seats, Uuid::now_v7())
        .await?;
    let (tz, first) = super::far_day_at_ten();
    let mut all = Vec::new();
    for s in 0..slots {
        let mut slot = Vec::new();
        for i in 0..n {
            let (departure, _) = core
                .add_departure(&NewDeparture {
                    tour: format!("Bench: shared {run:08x} tour {i}"),
                    // one day per slot: a tour's departures last 8 hours, so slots never overlap
                    starts_at: first + ChronoDuration::days(i64::from(s)),
                    time_zone: tz,
                    capacity,
                    adult_price_minor: 100_000,
                    child_price_minor: 50_000,
                    currency: "RUB".into(),
                    meeting_point: String::new(),
                })
                .await?;
            core.assign_resource(&resource, departure, Uuid::now_v7()).await?;
            slot.push(departure);
        }
        all.push(slot);
    }
    Ok(Slots {
        resource_seats: seats,
        sold_out: all.iter().map(|_| AtomicU64::new(0)).collect(),
        slots: all,
        current: AtomicUsize::new(0),
    })
}

/// A shared run's figures in the contention report (zero for a plain run).
#[derive(Debug, Default, Serialize)]
pub struct SharedFigures {
    /// departures sharing one resource (0: the one hot departure)
    pub shared: u32,
    pub resource_seats: Option<u32>,
    /// the seats sold on each slot (day) the buyers reached, in order
    pub sold_by_slot: Vec<i64>,
    /// slots whose resource was full at the end
    pub slots_full: u32,
    /// every slot was full before the time was up: the run ended early
    pub exhausted: bool,
}

/// What the checks after a shared run found.
pub(super) struct SharedCheck {
    pub sold: i64,
    pub slots_full: u32,
    pub oversold: i64,
    pub false_sold_out: u64,
    pub sold_by_slot: Vec<i64>,
}

pub(super) async fn check(core: &Core, slots: &Slots) -> Result<SharedCheck, BenchError> {
    let seats = i64::from(slots.resource_seats);
    let reached = (slots.current.load(Ordering::Acquire) + 1).min(slots.slots.len());
    let mut c = SharedCheck {
        sold: 0,
        slots_full: 0,
        oversold: 0,
        false_sold_out: 0,
        sold_by_slot: Vec::new(),
    };
    // every slot, reached or not: a sale on a slot nobody should have reached would be a bug too
    for (s, slot) in slots.slots.iter().enumerate() {
        let mut sold = 0i64;
        for &d in slot {
            let a = core.availability(d).await?;
            let counted = core.booked_seats(d).await?;
            c.oversold += (i64::from(a.booked) - i64::from(a.capacity)).max(0) + (i64::from(a.booked) - counted).abs();
            sold += counted;
        }
        c.oversold += (sold - seats).max(0);
        if sold >= seats {
            c.slots_full += 1;
        } else {
            // refused while the resource had seats left
            c.false_sold_out += slots.sold_out[s].load(Ordering::Relaxed);
        }
        c.sold += sold;
        if s < reached {
            c.sold_by_slot.push(sold);
        }
    }
    Ok(c)
}
