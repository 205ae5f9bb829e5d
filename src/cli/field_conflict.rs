//! A sync conflict in words for `field sync` and `field conflicts`: what
//! happened, and what a person should do about it. Read from the typed
//! details (booking::conflict); money in the currency the data names.

use super::commands::money;
use super::time;
use crate::booking::{
    ClockConflict, ClockProblem, ConflictDetails, EntryKind, FieldConflict, PriceCause, PriceConflict, StaffConflict,
    StaffProblem, WalkInFailed, WalkInProblem,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

fn show(t: DateTime<Utc>, zone: Tz) -> String {
    time::show(t, zone.name())
}

fn entry(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Sale => "a walk-in sold",
        EntryKind::CheckIn => "a check-in",
        EntryKind::Return => "a return",
    }
}

/// One conflict in words, with what to do about it; times in `zone` (the
/// operator's, as the laptop took it along).
pub fn conflict_text(c: &FieldConflict, zone: Tz) -> String {
    let at = show(c.occurred_at, zone);
    let number = c.details.booking_number().unwrap_or("?");
    let what = match &c.details {
        ConflictDetails::Duplicate(d) => {
            let names: Vec<String> = (d.duplicates.iter())
                .map(|x| format!("{} (first in at {} on {})", x.name, show(x.at, zone), x.device))
                .collect();
            format!(
                "DUPLICATE {number}: {} let in again by {} at {at}. The first check-in stands; \
                 check the ticket was not shared or copied.",
                names.join(", "),
                c.device
            )
        }
        ConflictDetails::Cancelled(d) => format!(
            "CANCELLED TICKET {number} let in offline by {} at {at} ({}). Collect payment or \
             rebook the traveller; the check-in was not recorded.",
            c.device,
            d.server.reason.as_deref().unwrap_or("revoked")
        ),
        ConflictDetails::Clock(d) => clock(c, d, number, zone),
        ConflictDetails::Staff(d) => staff(c, d, number, zone),
        ConflictDetails::Price(d) => price(c, d, number, zone),
        ConflictDetails::Refused(d) => format!(
            "REFUSED {number}: let in offline by {} at {at}, but the server says {}. Check the \
             traveller's booking at the desk.",
            c.device, d.server.verdict
        ),
        ConflictDetails::WalkInFailed(d) => walk_in(c, d, number, zone),
        ConflictDetails::Return(d) => {
            let before: Vec<String> = (d.already.iter())
                .map(|x| format!("{} (back at {} on {})", x.name, show(x.at, zone), x.device))
                .collect();
            let not_in: Vec<&str> = d.not_checked_in.iter().map(|x| x.name.as_str()).collect();
            format!(
                "RETURN {number}: marked {} offline by {} at {at}; back before: {}; not checked in on the server: {}. \
                 The others were recorded; check the roll-call at the desk.",
                d.state,
                c.device,
                if before.is_empty() {
                    "nobody".into()
                } else {
                    before.join(", ")
                },
                if not_in.is_empty() {
                    "nobody".into()
                } else {
                    not_in.join(", ")
                },
            )
        }
        ConflictDetails::Unreadable(u) => format!(
            "UNREADABLE CONFLICT {number} of kind \"{}\" from {} at {at}: this version of tourdesk cannot read \
             it ({}). As it came: {}. Review it with `tourdesk field conflicts --json`, or update tourdesk.",
            u.kind, c.device, u.error, u.details
        ),
    };
    let done = if c.resolved_at.is_some() {
        format!(" [resolved: {}]", c.resolution)
    } else {
        String::new()
    };
    format!("#{} {what}{done}", c.id)
}

fn clock(c: &FieldConflict, d: &ClockConflict, number: &str, zone: Tz) -> String {
    let why = match d.problem {
        ClockProblem::InTheFuture => format!(
            "in the server's future (it received it at {})",
            show(d.server_time, zone)
        ),
        ClockProblem::BeforePrepare => format!("before the laptop was prepared ({})", show(d.bound, zone)),
        ClockProblem::BeforeLease => format!("before its allotment was leased ({})", show(d.bound, zone)),
        ClockProblem::AfterDeparture => format!("more than 24 h after the departure ({})", show(d.bound, zone)),
    };
    format!(
        "CLOCK {number}: {} by {} carries the time {}, {why}: the laptop's clock was wrong. \
         The entry was applied or refused as it came; check its time (and the booking) at the desk, \
         then set the laptop's clock (or turn on network time) and prepare it again.",
        entry(d.entry_kind),
        c.device,
        show(c.occurred_at, zone)
    )
}

fn staff(c: &FieldConflict, d: &StaffConflict, number: &str, zone: Tz) -> String {
    format!(
        "NOT APPLIED {number}: {} by {} under the name \"{}\" at {} was not applied: {}. Check with the \
         laptop's guide what happened, then redo it at the desk if it was real.",
        entry(d.entry_kind()),
        c.device,
        d.staff_name,
        show(c.occurred_at, zone),
        match d.problem {
            StaffProblem::NotSealedFor => "the laptop was not prepared for this person",
            StaffProblem::Inactive => "this person is no longer active",
            StaffProblem::Role => "this person's role may not do it",
            StaffProblem::UnknownStaff => "no such staff member",
        }
    )
}

/// Both figures, each in the currency the data names.
fn price(c: &FieldConflict, d: &PriceConflict, number: &str, zone: Tz) -> String {
    let server = d
        .server_total_minor
        .map(|t| money(t, &d.currency))
        .unwrap_or_else(|| "none".into());
    format!(
        "PRICE {number}: a walk-in ({} adult(s), {} child(ren)) sold by {} at {} for {}; the server's \
         price is {server}: {}. The booking stands at what was taken; check the sale with the laptop's \
         guide, then refund or collect the difference at the desk if it is owed.",
        d.adults,
        d.children,
        c.device,
        show(c.occurred_at, zone),
        money(d.laptop_total_minor, &d.laptop_currency),
        match d.cause {
            PriceCause::PriceMoved =>
                "the laptop's price was right when it was prepared and changed before the \
                 sale (an early-booking discount ran out, or a price or rule changed)",
            PriceCause::UnitPricesChanged => "the departure's prices changed since the laptop was prepared",
            PriceCause::PartyNotPriced => "the server does not price a party like this",
            PriceCause::Unexplained =>
                "the pricing rules changed since the laptop was prepared, or the laptop's figure was altered",
        }
    )
}

fn walk_in(c: &FieldConflict, d: &WalkInFailed, number: &str, zone: Tz) -> String {
    let s = &d.sale;
    format!(
        "WALK-IN NOT APPLIED {number} ({} adult(s), {} child(ren), {}, {}), sold by {} at {}: {}. \
         Call {} {} to rebook or refund.",
        s.adults,
        s.children,
        money(s.total_minor, &s.currency),
        s.payment_method,
        c.device,
        show(c.occurred_at, zone),
        match d.problem {
            WalkInProblem::DepartureCancelled => "the departure was cancelled meanwhile",
            WalkInProblem::NoSeats => "no seats were left",
            WalkInProblem::SoldAfterDeparture => "it was sold after departure time",
            WalkInProblem::NotAnAllotment => "the allotment it was sold from is not this departure's",
        },
        s.contact_name,
        s.contact_phone
    )
}

#[cfg(test)]
#[path = "field_conflict_tests.rs"]
mod tests;
