//! `tourdesk booking move NUMBER --to DEPARTURE`: a booking to another
//! departure, through the service as the kiosk's will be. `--dry-run` asks
//! for the quote (api.move_quote) and changes nothing; a party that would
//! not fit is SOLD_OUT there too, so a script learns it before moving.
//! `--expect-total` sends the new total the customer was shown (the dry
//! run's): a different one by now is PRICE_CHANGED, nothing moved. The
//! JSON is the core's answer with the two departures' times in their zones.

use super::args::{MoveArgs, MoveReasonArg};
use super::commands::{key_of, money};
use super::output::{CliError, Output};
use super::time;
use crate::booking::{BookingError, Core, MoveQuote, MoveRequest, Moved};
use crate::domain::{DepartureId, MoveReason};
use crate::service::Service;
use serde_json::{Value, json};

type Res = Result<Output, CliError>;

pub(super) async fn run(core: Core, args: MoveArgs) -> Res {
    let reason = match args.reason {
        MoveReasonArg::Customer => MoveReason::Customer,
        MoveReasonArg::Operator => MoveReason::Operator,
        MoveReasonArg::Weather => MoveReason::Weather,
    };
    let mut request = MoveRequest::new(&args.booking_number, DepartureId(args.to), reason);
    request.refund_difference = args.refund_difference;
    request.expected_total = args.expect_total;
    let service = Service::with_core(Some(core.clone()), None);
    if args.dry_run {
        let quote = service.move_quote(&request).await?;
        if !quote.fits {
            return Err(BookingError::from(&quote).into());
        }
        let (from, to) = ends(&core, quote.from_departure_id, quote.to_departure_id).await?;
        let mut v = serde_json::to_value(&quote).unwrap_or(Value::Null);
        v["dry_run"] = json!(true);
        v["from"] = from.0;
        v["to"] = to.0;
        let text = format!(
            "{} would move from {} to {}: {}. Nothing was changed (--dry-run)",
            quote.booking_number,
            from.1,
            to.1,
            money_text(&Terms::of_quote(&quote))
        );
        return Ok(Output::new(v, text));
    }
    let key = key_of(args.key.as_deref())?;
    let moved = service.move_booking(&request, key).await?;
    let (from, to) = ends(&core, moved.from_departure_id, moved.to_departure_id).await?;
    let mut v = serde_json::to_value(&moved).unwrap_or(Value::Null);
    v["from"] = from.0;
    v["to"] = to.0;
    v["at"] = json!(time::rfc3339(moved.at, to.2.as_str()));
    Ok(Output::new(v, moved_text(&moved, &from.1, &to.1)))
}

/// Each departure as JSON (id, tour, start in its zone), as one line of
/// text, and its zone.
async fn ends(core: &Core, from: i64, to: i64) -> Result<((Value, String, String), (Value, String, String)), CliError> {
    let mut out = Vec::with_capacity(2);
    for id in [from, to] {
        let d = core.departure(DepartureId(id)).await?;
        out.push((
            json!({
                "departure_id": d.id.0, "tour": d.tour, "status": d.status,
                "starts_at": time::rfc3339(d.starts_at, &d.time_zone), "time_zone": d.time_zone,
            }),
            format!(
                "departure {} ({}, {})",
                d.id.0,
                d.tour,
                time::show(d.starts_at, &d.time_zone)
            ),
            d.time_zone,
        ));
    }
    let to = out.pop().expect("two departures");
    let from = out.pop().expect("two departures");
    Ok((from, to))
}

/// The money of a move or its quote, for one sentence.
struct Terms<'a> {
    reason: MoveReason,
    difference: i64,
    refund_percent: i32,
    refund: i64,
    charge: i64,
    balance: i64,
    currency: &'a str,
}

impl<'a> Terms<'a> {
    fn of_quote(q: &'a MoveQuote) -> Terms<'a> {
        Terms {
            reason: q.reason,
            difference: q.price_difference_minor,
            refund_percent: q.refund_percent,
            refund: q.refund_minor,
            charge: q.charge_minor,
            balance: q.balance_minor,
            currency: &q.currency,
        }
    }

    fn of_move(m: &'a Moved) -> Terms<'a> {
        Terms {
            reason: m.reason,
            difference: m.price_difference_minor,
            refund_percent: m.refund_percent,
            refund: m.refund_minor,
            charge: m.charge_minor,
            balance: m.balance_minor,
            currency: &m.currency,
        }
    }
}

fn money_text(t: &Terms) -> String {
    let difference = match t.difference {
        0 => "same price".to_string(),
        d if d > 0 => format!("{} dearer", money(d, t.currency)),
        d => format!("{} cheaper", money(-d, t.currency)),
    };
    let who = match t.reason {
        MoveReason::Customer => "the customer's move",
        MoveReason::Operator => "the operator's move, free for the customer",
        MoveReason::Weather => "moved for the weather, free for the customer",
    };
    let mut text = format!("{difference} ({who})");
    if t.refund > 0 {
        text.push_str(&format!(
            "; refund {} ({} %)",
            money(t.refund, t.currency),
            t.refund_percent
        ));
    }
    if t.charge > 0 {
        text.push_str(&format!("; to pay {} more", money(t.charge, t.currency)));
    }
    text.push_str(&format!("; still due {}", money(t.balance, t.currency)));
    text
}

fn moved_text(m: &Moved, from: &str, to: &str) -> String {
    format!(
        "{} (confirmation {}){} moved from {from} to {to}: {}. New tickets (generation {}): the old codes no \
         longer admit; print them with `tourdesk ticket {}`{}",
        m.booking_number,
        m.confirmation_code,
        if m.replayed {
            " — already done with this key:"
        } else {
            ""
        },
        money_text(&Terms::of_move(m)),
        m.ticket_generation,
        m.booking_number,
        if m.waitlist_offers > 0 {
            format!(". {} waitlist offer(s) made with the seats it freed", m.waitlist_offers)
        } else {
            String::new()
        }
    )
}
