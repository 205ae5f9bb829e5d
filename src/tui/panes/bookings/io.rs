//! The Bookings pane's calls, on the service. All need the database: the
//! search covers every booking, and money, cancels and tickets are the
//! server's (offline each says DB_UNAVAILABLE).

use super::{Call, Msg, print};
use crate::domain::refund::CancelReason;
use crate::domain::{DepartureStatus, RebookStatus};
use crate::service::Service;
use crate::tui::action::UiError;

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::Find { seq, text } => Msg::Found(seq, service.find(&text, super::LIMIT).await.map_err(ui)),
        Call::Card(number) => {
            let card = service.booking_card(&number).await.map_err(ui);
            Msg::Card(number, Box::new(card))
        }
        Call::Quote(number) => {
            let quote = service.cancel_quote(&number, CancelReason::Customer).await.map_err(ui);
            Msg::Quoted(number, quote)
        }
        Call::Cancel(number) => {
            // the desk cancels at the customer's wish; weather is the departure's
            let done = service
                .cancel_booking(&number, CancelReason::Customer, "at the desk")
                .await
                .map_err(ui);
            Msg::Cancelled(number, done)
        }
        Call::Pay {
            number,
            amount_minor,
            method,
            reference,
            key,
        } => Msg::Paid(
            key,
            service
                .pay(&number, amount_minor, method, &reference, key)
                .await
                .map_err(ui),
        ),
        Call::Refund {
            number,
            amount_minor,
            reason,
            key,
        } => Msg::Refunded(
            key,
            service.refund(&number, amount_minor, &reason, key).await.map_err(ui),
        ),
        Call::Reprint(number) => {
            let printed = print::reprint(service, &number).await;
            Msg::Reprinted(number, printed)
        }
        Call::Code(number) => {
            let code = print::group_code(service, &number).await;
            Msg::Code(number, code)
        }
        Call::MoveTargets { from, since, until } => {
            let both = async {
                let source = service.departure(from).await?;
                Ok((source, service.departures(since, until).await?))
            };
            Msg::MoveTargets(from, both.await.map_err(ui))
        }
        Call::MoveQuote(request) => Msg::MoveQuoted(request.to, service.move_quote(&request).await.map_err(ui)),
        Call::RebookCase { number, departure } => {
            // an addition to the card: unreadable, the card shows no case
            let case = async {
                if service.departure(departure).await?.status != DepartureStatus::Cancelled {
                    return Ok(None);
                }
                let parties = service.rebookings(departure).await?;
                Ok::<_, crate::field::FieldError>(
                    parties
                        .into_iter()
                        .find(|p| p.booking_number == number && p.status == RebookStatus::Open),
                )
            };
            let case = case.await.ok().flatten();
            Msg::RebookCase(number, case)
        }
        Call::Resolve { number, how, key } => {
            Msg::Resolved(key, service.rebook_resolve(&number, how, key).await.map_err(ui))
        }
        Call::Move { request, key } => Msg::Moved(key, service.move_booking(&request, key).await.map_err(ui)),
        Call::Parties(departure) => {
            let all = async {
                let source = service.departure(departure).await?;
                let parties = service.rebookings(departure).await?;
                // the alternatives from now on, as the card's move picker
                let since = chrono::Utc::now();
                let departures = service.departures(since, super::parties::until(since)).await?;
                Ok::<_, crate::field::FieldError>(Box::new(super::parties::Loaded {
                    source,
                    parties,
                    departures,
                }))
            };
            Msg::Parties(departure, all.await.map_err(ui))
        }
        Call::Alternative(id) => Msg::Alternative(id, service.departure(id).await.map(Box::new).map_err(ui)),
        Call::Plan { seq, from, to } => Msg::Plan(seq, service.rebook_plan(from, &to).await.map_err(ui)),
        Call::RebookOne { party, to, key } => Msg::Stepped(key, service.rebook_one(party, &to, key).await),
    }
}
