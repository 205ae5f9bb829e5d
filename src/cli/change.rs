//! `tourdesk booking change`, `booking add-person`, `booking remove-person`:
//! a booking changed after the sale, through the service as the kiosk's will
//! be (booking::change says what each does to seats, money and tickets).
//! The key was decided before anything was sent (commands::write_key), so a
//! retry with the same `--key` is safe. `change` without `--participant`
//! changes the contact; with it, that person (contact-only and person-only
//! flags are not mixed: USAGE names the one that does not belong).

use super::args::{AddPersonArgs, ChangeArgs, KindArg, RemovePersonArgs};
use super::commands::{key_of, money, payment_of_args};
use super::output::{CliError, Output};
use crate::booking::{BookingChanged, ContactChange, Core, ParticipantChange, ParticipantInput};
use crate::domain::{BookingChangeKind, ParticipantId, ParticipantKind};
use crate::service::Service;
use serde_json::Value;

type Res = Result<Output, CliError>;

fn kind_of(k: KindArg) -> ParticipantKind {
    match k {
        KindArg::Adult => ParticipantKind::Adult,
        KindArg::Child => ParticipantKind::Child,
    }
}

pub(super) async fn change(core: Core, args: ChangeArgs) -> Res {
    let key = key_of(args.key.as_deref())?;
    let service = Service::with_core(Some(core), None);
    let changed = match args.participant {
        None => {
            let person_only = [
                ("--medical", args.medical.is_some()),
                ("--emergency", args.emergency.is_some()),
                ("--diet", args.diet.is_some()),
                ("--equipment", args.equipment.is_some()),
                ("--kind", args.kind.is_some()),
            ];
            if let Some((flag, _)) = person_only.iter().find(|(_, given)| *given) {
                return Err(CliError::Usage(format!(
                    "{flag} is a participant's: add --participant ID (`booking show` lists the ids)"
                )));
            }
            let change = ContactChange {
                name: args.name,
                phone: args.phone,
                email: args.email,
            };
            service.change_contact(&args.booking_number, &change, key).await?
        }
        Some(id) => {
            if let Some(flag) = [("--phone", args.phone.is_some()), ("--email", args.email.is_some())]
                .iter()
                .find_map(|(f, given)| given.then_some(*f))
            {
                return Err(CliError::Usage(format!(
                    "{flag} is the contact's: change it without --participant"
                )));
            }
            let change = ParticipantChange {
                name: args.name,
                medical_notes: args.medical,
                emergency_contact: args.emergency,
                dietary: args.diet,
                equipment: args.equipment,
                kind: args.kind.map(kind_of),
            };
            service
                .change_participant(&args.booking_number, ParticipantId(id), &change, key)
                .await?
        }
    };
    Ok(output(&changed))
}

pub(super) async fn add_person(core: Core, args: AddPersonArgs) -> Res {
    let key = key_of(args.key.as_deref())?;
    let person = ParticipantInput {
        name: args.name,
        kind: kind_of(args.kind),
        medical_notes: args.medical,
        emergency_contact: args.emergency,
        dietary: args.diet,
        equipment: args.equipment,
    };
    let payment = payment_of_args(args.payment, args.reference);
    let changed = Service::with_core(Some(core), None)
        .add_person(&args.booking_number, &person, &payment, key)
        .await?;
    Ok(output(&changed))
}

pub(super) async fn remove_person(core: Core, args: RemovePersonArgs) -> Res {
    let key = key_of(args.key.as_deref())?;
    let changed = Service::with_core(Some(core), None)
        .remove_person(&args.booking_number, ParticipantId(args.participant), key)
        .await?;
    Ok(output(&changed))
}

/// "TD-7KX9PQ: participant 12 removed (refund 50 %). 2 adult(s), 1 child(ren); total …"
fn output(c: &BookingChanged) -> Output {
    let who = c.participant_id.map(|p| format!("participant {p}")).unwrap_or_default();
    let what = match c.change {
        BookingChangeKind::Contact => "contact changed".to_string(),
        BookingChangeKind::Pickup => "pickup point changed".to_string(),
        BookingChangeKind::Participant => format!("{who} changed"),
        BookingChangeKind::AddPerson => format!("{who} added"),
        BookingChangeKind::RemovePerson => format!(
            "{who} removed (refund tier {} %){}",
            c.refund_percent.unwrap_or(0),
            if c.waitlist_offers > 0 {
                format!(", the seat offered to the waitlist ({} offer(s))", c.waitlist_offers)
            } else {
                String::new()
            }
        ),
    };
    let mut money_moved = String::new();
    if c.price_change_minor != 0 {
        money_moved.push_str(&format!(". Price {:+} minor units", c.price_change_minor));
    }
    if c.charged_minor > 0 {
        money_moved.push_str(&format!(", {} taken", money(c.charged_minor, &c.currency)));
    }
    if c.refund_minor > 0 {
        money_moved.push_str(&format!(", {} refunded", money(c.refund_minor, &c.currency)));
    }
    let text = format!(
        "{}: {what}{}{money_moved}. {} adult(s), {} child(ren); total {}, paid {}, refunded {}, still due {} ({})",
        c.booking_number,
        if c.replayed {
            " — already done with this key"
        } else {
            ""
        },
        c.adults,
        c.children,
        money(c.total_minor, &c.currency),
        money(c.paid_minor, &c.currency),
        money(c.refunded_minor, &c.currency),
        money(c.balance_minor, &c.currency),
        c.payment_status,
    );
    Output::new(serde_json::to_value(c).unwrap_or(Value::Null), text)
}
