//! The Bookings pane's calls, on the service. All need the database: the
//! search covers every booking, and money, cancels and tickets are the
//! server's (offline each says DB_UNAVAILABLE).

use super::{Call, Msg, Printed};
use crate::domain::refund::CancelReason;
use crate::domain::{DepartureStatus, PaymentMethod, RebookStatus};
use crate::service::Service;
use crate::tui::action::UiError;
use crate::tui::panes::walkin::io as tickets;

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
        } => {
            let paid = service
                .pay(&number, amount_minor, method, &reference, key)
                .await
                .map_err(ui);
            // cash: the receipt on the kiosk's printer and the drawer opened
            let printer = match &paid {
                Ok(m) if m.method == PaymentMethod::Cash => tickets::cash_receipt(service, &number).await.err(),
                _ => None,
            };
            Msg::Paid(key, paid, printer)
        }
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
            // the walk-in's printer: the same tickets a sale writes
            let mut written = tickets::Written::default();
            let printed = tickets::write_tickets(service, &number, &mut written)
                .await
                .map(|()| Printed {
                    count: written.pngs.len(),
                    dir: tickets::tickets_dir().display().to_string(),
                });
            Msg::Reprinted(number, printed)
        }
        Call::Code(number) => {
            let code = tickets::group_code(service, &number).await;
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
        Call::ChangeQuote { number, change } => {
            let quote = service.change_quote(&number, &change).await.map_err(ui);
            Msg::ChangeQuoted(change, quote)
        }
        Call::ChangeContact { number, change, key } => {
            Msg::Changed(key, service.change_contact(&number, &change, key).await.map_err(ui))
        }
        Call::ChangeParticipant {
            number,
            participant,
            change,
            key,
        } => Msg::Changed(
            key,
            service
                .change_participant(&number, participant, &change, key)
                .await
                .map_err(ui),
        ),
        Call::AddPerson { number, person, key } => {
            // taken later with `p`: the card shows the new balance
            let later = crate::booking::Payment {
                method: crate::booking::PaymentMethod::Unpaid,
                reference: String::new(),
            };
            Msg::Changed(key, service.add_person(&number, &person, &later, key).await.map_err(ui))
        }
        Call::RemovePerson {
            number,
            participant,
            key,
        } => Msg::Changed(key, service.remove_person(&number, participant, key).await.map_err(ui)),
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
