//! `tourdesk bench checkin`: scan-to-verdict latency at the gate. One
//! departure with N participants, every ticket scanned once (admitted) and
//! once more (already checked in), one scan at a time as at a real gate.
//! Timed from the raw scanner text to the verdict: normalise, parse, verify
//! the signature, one database call. A fifth of the tickets (at most 40) are
//! checked in from generated 1280×960 photos instead: decode time and
//! photo-to-verdict time.

use crate::booking::CheckInMethod;
use crate::booking::{BookRequest, BookingError, CheckInRequest, Core, NewDeparture, PaymentMethod, Source};
use crate::domain::Party;
use crate::ticket::{TicketKind, corpus};
use chrono::Duration as ChronoDuration;
use serde::Serialize;
use std::time::Instant;

/// Tickets checked in from photos (a fifth of them, at most this many).
const PHOTOS: usize = 40;

#[derive(Debug, Serialize)]
pub struct CheckinReport {
    pub participants: u32,
    pub first_scans: Latency,
    pub repeat_scans: Latency,
    /// photos (1280×960, tilted): decoding alone
    pub photo_decode: Latency,
    /// photos: from the picture to the verdict (decode, verify, check in)
    pub photo_scans: Latency,
    /// signature check alone, in process (µs)
    pub verify_us_p50: f64,
    pub admitted: u64,
    pub refused_first: u64,
    /// generated photos the decoder could not read (the corpus has hard cases)
    pub photos_unread: u64,
}

#[derive(Debug, Serialize)]
pub struct Latency {
    pub n: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

pub(crate) fn latency(mut us: Vec<u64>) -> Latency {
    us.sort_unstable();
    let pct = |p: f64| -> f64 {
        if us.is_empty() {
            return 0.0;
        }
        let i = ((us.len() as f64 - 1.0) * p).round() as usize;
        (us[i] as f64 / 10.0).round() / 100.0
    };
    Latency {
        n: us.len(),
        p50_ms: pct(0.5),
        p95_ms: pct(0.95),
        p99_ms: pct(0.99),
        max_ms: pct(1.0),
    }
}

pub async fn checkin(database_url: Option<&str>, participants: u32) -> Result<CheckinReport, super::BenchError> {
    let participants = participants.clamp(1, 100_000);
    let url = super::guard::bench_database(database_url).await?;
    let pool = crate::db::connect(Some(&url), crate::db::DEFAULT_POOL).await?;
    let core = Core::owner(pool, "bench-gate", Source::Desk).await?;
    // 10:00 local on a random day a year ahead; scans are stamped 09:30 that day
    let (tz, starts_at) = super::far_day_at_ten();
    let (departure, _) = core
        .add_departure(&NewDeparture {
            tour: "Bench: check-in".into(),
            starts_at,
            time_zone: tz,
            capacity: participants,
            adult_price_minor: 100_000,
            child_price_minor: 50_000,
            currency: "RUB".into(),
            meeting_point: String::new(),
        })
        .await?;
    let key = ed25519_dalek::SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    // the bench's own key, made as `keys new` does (the bench database's owner)
    core.create_signing_key(&key).await?;
    let mut codes = Vec::with_capacity(participants as usize);
    let mut left = participants;
    while left > 0 {
        let n = left.min(4);
        left -= n;
        let mut req = BookRequest::new(departure, Party::new(n, 0).map_err(BookingError::from)?, "Bench Family");
        req.payment.method = PaymentMethod::Cash;
        let b = core.book(&req).await?;
        for t in core.tickets(&b.booking_number, &key).await? {
            if t.kind == TicketKind::Participant {
                codes.push(t.code);
            }
        }
    }
    let at = starts_at - ChronoDuration::minutes(30);
    let mut verify = Vec::new();
    let verifying = key.verifying_key();
    for code in codes.iter().take(1000) {
        let t0 = Instant::now();
        let ok = crate::ticket::SignedTicket::parse(code).is_ok_and(|t| t.verify(&verifying));
        verify.push(t0.elapsed().as_nanos() as u64 / 1000);
        if !ok {
            return Err(super::BenchError::Invalid {
                bench: "checkin",
                what: "a freshly signed ticket did not verify".into(),
            });
        }
    }
    let (mut first, mut repeat) = (Vec::new(), Vec::new());
    let (mut admitted, mut refused) = (0, 0);
    // the last tickets are photographed instead of scanned
    let photos = (codes.len() / 5).min(PHOTOS);
    let (scanned, photographed) = codes.split_at(codes.len() - photos);
    let (mut decode, mut photo_scans) = (Vec::new(), Vec::new());
    let mut unread = 0;
    for (i, code) in photographed.iter().enumerate() {
        let img = corpus::photo(code, corpus::Kind::Perspective, i as u64);
        let t0 = Instant::now();
        let found = tokio::task::spawn_blocking(move || crate::ticket::decode::decode_image(&img))
            .await
            .unwrap_or_default();
        decode.push(t0.elapsed().as_micros() as u64);
        let Some(text) = found.first() else {
            unread += 1;
            continue;
        };
        let mut req = CheckInRequest::scan(text, Some(departure));
        req.method = CheckInMethod::Image;
        req.occurred_at = at;
        req.at = Some(req.occurred_at);
        let c = core.check_in(&req).await?;
        photo_scans.push(t0.elapsed().as_micros() as u64);
        if c.verdict.is_admitted() {
            admitted += 1;
        } else {
            refused += 1;
        }
    }
    for pass in 0..2 {
        for code in scanned {
            // what a scanner types, with its Enter
            let raw = format!("{code}\r\n");
            let t0 = Instant::now();
            let mut req = CheckInRequest::scan(&raw, Some(departure));
            req.occurred_at = at;
            req.at = Some(req.occurred_at);
            let c = core.check_in(&req).await?;
            let us = t0.elapsed().as_micros() as u64;
            if pass == 0 {
                first.push(us);
                if c.verdict.is_admitted() {
                    admitted += 1;
                } else {
                    refused += 1;
                }
            } else {
                repeat.push(us);
            }
        }
    }
    Ok(CheckinReport {
        participants,
        first_scans: latency(first),
        repeat_scans: latency(repeat),
        photo_decode: latency(decode),
        photo_scans: latency(photo_scans),
        verify_us_p50: latency(verify).p50_ms * 1000.0,
        admitted,
        refused_first: refused,
        photos_unread: unread,
    })
}
