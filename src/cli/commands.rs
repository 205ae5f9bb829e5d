//! One function per command. Each connects, calls the core, and returns an
//! [`Output`]; none writes SQL.

use super::args::*;
use super::output::{CliError, Output};
use super::pickup_args::PickupCmd;
use super::schedule_args::ScheduleCmd;
use super::shift_args::ShiftCmd;
use super::time;
use crate::booking::{BookRequest, BookingError, Core, Language, NewDeparture, Payment, PaymentMethod, WeatherStatus};
use crate::domain::refund::CancelReason;
use crate::domain::{BookingStatus, DepartureId, HoldId, HoldStatus, Party, WaitlistEntryId, WaitlistStatus};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use std::fmt::Write;
use uuid::Uuid;

type Res = Result<Output, CliError>;

pub async fn dispatch(cli: Cli) -> Res {
    let url = cli.database_url.as_deref();
    // benchmarks bring their own database and connections
    let Some(command) = cli.command else {
        return Err(CliError::Usage("no command given".into()));
    };
    if let Command::Bench(cmd) = command {
        // never DATABASE_URL: a benchmark fills the database it is given
        let named = if cli.database_url_on_command_line { url } else { None };
        return super::bench::run(named, cmd).await;
    }
    // these work without the database
    let command = match command {
        Command::Field(cmd) => {
            return super::field::run(url, &field_store(&cli.store), &device(&cli.device), cmd).await;
        }
        Command::Checkin(a) => return super::checkin::run(url, &field_store(&cli.store), a).await,
        other => other,
    };
    if matches!(command, Command::Migrate) {
        return migrate(url).await;
    }
    let mut command = command;
    // the device the session is bound to: a shift is this device's drawer,
    // and a payment taken here belongs to its open shift; "cli" as before
    // when none is named
    let device = cli.device.clone().unwrap_or_else(|| "cli".to_string());
    // on a prepared field laptop the roll-call answers offline too (rollcall_field.rs)
    if matches!(
        command,
        Command::Return(_) | Command::Rollcall { .. } | Command::Muster { .. }
    ) && let Some(store) = super::rollcall_field::laptop(&field_store(&cli.store), &device).await?
    {
        return match write_key(&mut command)? {
            Some(key) => super::rollcall_field::run(url, store, &device, command)
                .await
                .map_err(|e| e.keyed(key)),
            None => super::rollcall_field::run(url, store, &device, command).await,
        };
    }
    // a write's key is decided before anything is sent, and goes with every
    // error: the command that retries it safely is the same with --key
    match write_key(&mut command)? {
        Some(key) => run(url, &device, command).await.map_err(|e| e.keyed(key)),
        None => run(url, &device, command).await,
    }
}

/// The idempotency key of a write that takes `--key`: the one given, else a
/// fresh UUID v7 written into the command (so the command uses it).
fn write_key(command: &mut Command) -> Result<Option<Uuid>, CliError> {
    let slot = match command {
        Command::Hold { key, .. } => key,
        Command::Book(a) => &mut a.key,
        Command::Waitlist(WaitlistCmd::Join { key, .. } | WaitlistCmd::Accept { key, .. }) => key,
        Command::Pay(a) => &mut a.key,
        Command::Refund(a) => &mut a.key,
        Command::Rebook(RebookCmd::Refund { key, .. } | RebookCmd::Credit { key, .. }) => key,
        Command::Booking(BookingCmd::Change(a)) => &mut a.key,
        Command::Booking(BookingCmd::AddPerson(a)) => &mut a.key,
        Command::Booking(BookingCmd::RemovePerson(a)) => &mut a.key,
        Command::Booking(BookingCmd::Move(a)) if !a.dry_run => &mut a.key,
        Command::Schedule(
            ScheduleCmd::Apply { key, .. } | ScheduleCmd::Skip { key, .. } | ScheduleCmd::AddDate { key, .. },
        ) => key,
        Command::Schedule(ScheduleCmd::Add(a)) => &mut a.key,
        Command::Schedule(ScheduleCmd::Edit(a)) => &mut a.key,
        Command::Resource(
            ResourceCmd::Add { key, .. }
            | ResourceCmd::Assign { key, .. }
            | ResourceCmd::Edit { key, .. }
            | ResourceCmd::OutOfService { key, .. },
        ) => key,
        Command::Guide(GuideCmd::Assign { key, .. }) => key,
        Command::Return(a) => &mut a.key,
        Command::Pickup(PickupCmd::Add { key, .. } | PickupCmd::Remove { key, .. }) => key,
        Command::Booking(BookingCmd::Pickup(a)) => &mut a.key,
        Command::Shift(
            ShiftCmd::Open { key, .. }
            | ShiftCmd::CashIn { key, .. }
            | ShiftCmd::CashOut { key, .. }
            | ShiftCmd::Close { key, .. }
            | ShiftCmd::Approve { key, .. },
        ) => key,
        _ => return Ok(None),
    };
    let key = key_of(slot.as_deref())?;
    *slot = Some(key.to_string());
    Ok(Some(key))
}

async fn run(url: Option<&str>, device: &str, command: Command) -> Res {
    let pool = crate::db::connect(url, crate::db::CLI_POOL).await?;
    let core = super::auth::core(pool, device, crate::booking::Source::Cli).await?;
    let writes = !reads_only(&command);
    execute(core, command).await.map_err(|e| match e {
        // a write without a key of its own lost its answer: it may have been
        // done — not "unavailable" (the keyed ones were retried by the core)
        CliError::Booking(BookingError::ConnectionLost(cause)) if writes => {
            CliError::Booking(BookingError::OutcomeUnknown {
                key: None,
                attempts: 1,
                cause,
            })
        }
        e => e,
    })
}

/// Commands that change nothing: a lost connection there is only unavailable.
fn reads_only(command: &Command) -> bool {
    matches!(
        command,
        Command::Departure(DepartureCmd::List { .. })
            | Command::Schedule(ScheduleCmd::List | ScheduleCmd::Preview { .. })
            | Command::Availability { .. }
            | Command::Quote { .. }
            | Command::Booking(BookingCmd::Show { .. })
            | Command::Booking(BookingCmd::Move(MoveArgs { dry_run: true, .. }))
            | Command::Find { .. }
            | Command::Weather { cmd: Some(_), .. }
            | Command::Voucher(_)
            | Command::Waitlist(WaitlistCmd::List { .. })
            | Command::Stats { .. }
            | Command::Manifest { .. }
            | Command::Keys(KeysCmd::List)
            | Command::Print(super::print::PrintCmd::Receipt { .. } | super::print::PrintCmd::Zreport { .. })
            | Command::Staff(StaffCmd::List)
            | Command::Resource(ResourceCmd::List)
            | Command::Calendar(_)
            | Command::Notify(super::notify_args::NotifyCmd::Status { .. })
            | Command::Notify(super::notify_args::NotifyCmd::ReminderTime { time: None })
            | Command::Pickup(PickupCmd::List { .. })
            | Command::Shift(ShiftCmd::Status { .. } | ShiftCmd::Report { .. })
            | Command::CheckinWindow { minutes: None }
            | Command::Rollcall { .. }
            | Command::Muster { .. }
            | Command::ReturnGrace { minutes: None }
            | Command::TimeZone { zone: None }
            | Command::Currency { code: None }
    )
}

async fn execute(core: Core, command: Command) -> Res {
    match command {
        Command::Departure(DepartureCmd::Add {
            tour,
            starts_at,
            capacity,
            adult_price,
            child_price,
            currency,
            time_zone,
            meeting_point,
        }) => {
            // none given: the operator's
            let tz = match time_zone.as_deref() {
                Some(z) => time::parse_tz(z)?,
                None => core.time_zone().await?,
            };
            let new = NewDeparture {
                tour,
                starts_at: time::parse_instant(&starts_at, tz)?,
                time_zone: tz,
                capacity,
                adult_price_minor: adult_price,
                child_price_minor: child_price.unwrap_or(adult_price),
                // none given: the operator's
                currency: match currency {
                    Some(c) => c.trim().to_uppercase(),
                    None => core.currency().await?.to_string(),
                },
                meeting_point,
            };
            let (id, tour_created) = core.add_departure(&new).await?;
            Ok(Output::new(
                json!({"departure_id": id, "tour_created": tour_created,
                       "starts_at": time::rfc3339(new.starts_at, tz.name())}),
                format!(
                    "Departure {id} added: {} at {}{}",
                    new.tour.trim(),
                    time::show(new.starts_at, tz.name()),
                    if tour_created { " (new tour)" } else { "" }
                ),
            ))
        }
        Command::Departure(DepartureCmd::List { from, days }) => departure_list(&core, from.as_deref(), days).await,
        Command::Availability { departure_id } => {
            let a = core.availability(DepartureId(departure_id)).await?;
            let text = format!(
                "Departure {}: {} of {} booked, {} held, {} free, {} waiting ({})",
                a.departure_id, a.booked, a.capacity, a.held, a.free, a.waitlist, a.status
            );
            Ok(Output::new(serde_json::to_value(&a).unwrap_or(Value::Null), text))
        }
        Command::Quote { departure_id, party } => {
            let q = core
                .quote(DepartureId(departure_id), party_of(&party)?, Utc::now())
                .await?;
            let mut text = String::new();
            for l in &q.lines {
                let _ = writeln!(text, "  {:<28} {:>14}", l.label, money(l.amount_minor, &q.currency));
            }
            let _ = write!(text, "  {:<28} {:>14}", "total", money(q.total_minor, &q.currency));
            Ok(Output::new(serde_json::to_value(&q).unwrap_or(Value::Null), text))
        }
        Command::Hold {
            departure_id,
            party,
            ttl_minutes,
            key,
        } => {
            let key = key_of(key.as_deref())?;
            let h = core
                .hold_with_key(DepartureId(departure_id), party_of(&party)?, Some(ttl_minutes), key)
                .await?;
            let zone = zone_of(&core, h.departure_id).await?;
            Ok(Output::new(
                json!({"hold_id": h.hold_id, "departure_id": h.departure_id, "adults": h.adults,
                       "children": h.children, "expires_at": time::rfc3339(h.expires_at, &zone),
                       "key": key, "replayed": h.replayed}),
                format!(
                    "Hold {} on departure {}: {} seat(s) until {}",
                    h.hold_id,
                    h.departure_id,
                    h.adults + h.children,
                    time::show(h.expires_at, &zone)
                ),
            ))
        }
        Command::Extend { hold_id, ttl_minutes } => {
            let until = core.extend_hold(HoldId(hold_id), Some(ttl_minutes)).await?;
            let zone = match core.hold_info(HoldId(hold_id)).await {
                Ok(h) => zone_of(&core, h.departure_id).await?,
                Err(_) => core.time_zone().await?.name().to_string(),
            };
            Ok(Output::new(
                json!({"hold_id": hold_id, "expires_at": time::rfc3339(until, &zone)}),
                format!("Hold {hold_id} now lasts until {}", time::show(until, &zone)),
            ))
        }
        Command::Release { hold_id } => {
            let status = core.release_hold(HoldId(hold_id)).await?;
            let text = match status {
                HoldStatus::Released => format!("Hold {hold_id} released; its seats are free again"),
                HoldStatus::Active | HoldStatus::Expired | HoldStatus::Converted | HoldStatus::Cancelled => {
                    format!("Hold {hold_id} was already {status}; nothing to release")
                }
            };
            Ok(Output::new(json!({"hold_id": hold_id, "status": status}), text))
        }
        Command::Book(args) => book(&core, args).await,
        Command::Booking(BookingCmd::Show { booking_number }) => super::find::booking(core, &booking_number).await,
        Command::Booking(BookingCmd::Change(args)) => super::change::change(core, args).await,
        Command::Booking(BookingCmd::AddPerson(args)) => super::change::add_person(core, args).await,
        Command::Booking(BookingCmd::RemovePerson(args)) => super::change::remove_person(core, args).await,
        Command::Booking(BookingCmd::Move(args)) => super::moves::run(core, args).await,
        Command::Booking(BookingCmd::Pickup(args)) => super::pickups::booking_pickup(&core, args).await,
        Command::Find { text, limit } => super::find::find(core, &text, limit).await,
        Command::Cancel {
            booking_number,
            reason,
            note,
            refund_percent,
            refund_reason,
        } => {
            // clap makes the two come together; the server decides who may
            let refund_override = refund_percent.zip(refund_reason.as_deref());
            let c = core
                .cancel_with(&booking_number, reason_of(reason), &note, refund_override)
                .await?;
            let text = format!(
                "{} {}: refund {} % = {} ({} h before departure, reason {})",
                c.booking_number,
                if c.already_cancelled {
                    "was already cancelled"
                } else {
                    "cancelled"
                },
                c.refund_percent,
                money(c.refund_minor, &c.currency),
                c.hours_before,
                c.reason.as_str()
            );
            Ok(Output::new(serde_json::to_value(&c).unwrap_or(Value::Null), text))
        }
        Command::Pay(args) => super::money::pay(&core, args).await,
        Command::Refund(args) => super::money::refund(&core, args).await,
        Command::Waitlist(cmd) => waitlist(&core, cmd).await,
        Command::Weather { cmd: Some(cmd), .. } => super::rebook::weather(core, cmd).await,
        Command::Weather {
            cmd: None,
            departure_id,
            status,
            note,
            cancel,
        } => match departure_id.zip(status) {
            Some((id, status)) => weather(&core, DepartureId(id), status, &note, cancel).await,
            None => Err(CliError::Usage(
                "weather DEPARTURE --status ok|watch|danger [--cancel], or weather parties|rebook".into(),
            )),
        },
        Command::Rebook(cmd) => super::rebook::rebook(core, cmd).await,
        Command::Schedule(cmd) => super::schedule::run(core, cmd).await,
        Command::Voucher(cmd) => super::rebook::voucher(core, cmd).await,
        Command::Sweep => {
            let r = core.sweep().await?;
            let text = format!(
                "Swept {} departure(s): {} seat(s) from expired holds, {} waitlist offer(s) made, \
                 {} audit row(s) sealed, {} departure(s) with people newly missing",
                r.departures, r.expired_seats, r.offers, r.audit_sealed, r.missing_departures
            );
            Ok(Output::new(serde_json::to_value(&r).unwrap_or(Value::Null), text))
        }
        Command::Stats { from, days } => {
            let from = time::day_start(from.as_deref(), core.time_zone().await?)?;
            let s = core.stats(from, from + Duration::days(i64::from(days))).await?;
            let mut text = String::new();
            for o in &s.occupancy {
                let _ = writeln!(
                    text,
                    "{}  {:<36} {:>4}/{:<4} {:>5.1} %",
                    o.day, o.tour, o.booked, o.capacity, o.occupancy_percent
                );
            }
            let reasons = if s.cancellations_by_reason.is_empty() {
                "none".to_string()
            } else {
                let parts: Vec<String> = s
                    .cancellations_by_reason
                    .iter()
                    .map(|(r, n)| format!("{r} {n}"))
                    .collect();
                parts.join(", ")
            };
            let _ = write!(
                text,
                "bookings {}  revenue {}  refunds {}  cancellations: {reasons}",
                s.bookings,
                money(s.revenue_minor, s.currency.as_str()),
                money(s.refunds_minor, s.currency.as_str()),
            );
            Ok(Output::new(serde_json::to_value(&s).unwrap_or(Value::Null), text))
        }
        Command::Ticket {
            booking_number,
            out,
            terminal,
            reissue,
            key,
        } => super::tickets::ticket(&core, &booking_number, &out, terminal, reissue, &key).await,
        Command::Keys(cmd) => super::tickets::keys_cmd(&core, cmd).await,
        Command::Print(cmd) => super::print::run(&core, cmd).await,
        Command::Scan {
            images,
            checkin,
            departure,
        } => super::scan::scan(&core, &images, checkin, departure).await,
        Command::UndoCheckin { participant_id, reason } => super::checkin::undo(&core, participant_id, &reason).await,
        Command::NoShow {
            participant_id,
            reason,
            clear,
        } => super::checkin::no_show(&core, participant_id, &reason, clear).await,
        Command::CloseCheckin { departure_id, force } => super::checkin::close(&core, departure_id, force).await,
        Command::ReopenCheckin { departure_id } => super::checkin::reopen(&core, departure_id).await,
        Command::CheckinWindow { minutes } => {
            let changed = match minutes {
                Some(m) => Some(core.set_check_in_window(m).await?),
                None => None,
            };
            let minutes = core.check_in_window().await?.as_secs() / 60;
            let text = match changed {
                Some(true) => format!("Check-in now opens {minutes} minutes before the start."),
                Some(false) => format!("Check-in already opens {minutes} minutes before the start (unchanged)."),
                None => format!("Check-in opens {minutes} minutes before the start."),
            };
            Ok(Output::new(
                json!({"check_in_window_minutes": minutes, "changed": changed}),
                text,
            ))
        }
        Command::TimeZone { zone } => {
            let changed = match zone.as_deref() {
                Some(z) => Some(core.set_time_zone(z).await?),
                None => None,
            };
            let zone = core.time_zone().await?;
            let text = match changed {
                Some(true) => format!("The operator's time zone is now {zone}."),
                Some(false) => format!("The operator's time zone is already {zone} (unchanged)."),
                None => format!("The operator's time zone is {zone}."),
            };
            Ok(Output::new(json!({"time_zone": zone.name(), "changed": changed}), text))
        }
        Command::Currency { code } => {
            let changed = match code.as_deref() {
                Some(c) => Some(core.set_currency(c).await?),
                None => None,
            };
            let currency = core.currency().await?;
            let text = match changed {
                Some(true) => format!("The operator's currency is now {currency}."),
                Some(false) => format!("The operator's currency is already {currency} (unchanged)."),
                None => format!("The operator's currency is {currency}."),
            };
            Ok(Output::new(
                json!({"currency": currency.as_str(), "changed": changed}),
                text,
            ))
        }
        Command::Manifest {
            departure_id,
            csv,
            pickups: true,
            out,
            ..
        } => super::pickups::manifest(&core, departure_id, csv.as_deref(), out.as_deref()).await,
        Command::Manifest {
            departure_id,
            csv,
            pickups: false,
            pickup,
            ..
        } => super::checkin::manifest(&core, departure_id, csv.as_deref(), pickup.as_deref()).await,
        Command::Migrate => unreachable!("handled before connecting as anyone"),
        Command::Staff(cmd) => staff(&core, cmd).await,
        Command::Resource(cmd) => super::resources::resource(&core, cmd).await,
        Command::Guide(cmd) => super::resources::guide(&core, cmd).await,
        Command::Return(a) => super::rollcall::record(&core, a).await,
        Command::Rollcall { departure_id } => super::rollcall::show(&core, departure_id).await,
        Command::Muster { departure_id, out } => super::rollcall::muster(&core, departure_id, &out).await,
        Command::ReturnGrace { minutes } => super::rollcall::grace(&core, minutes).await,
        Command::Calendar(a) => super::calendar::run(&core, a).await,
        Command::Notify(cmd) => super::notify::run(&core, cmd).await,
        Command::Pickup(cmd) => super::pickups::pickup(&core, cmd).await,
        Command::Shift(cmd) => super::shifts::run(&core, cmd).await,
        Command::Device(super::args::DeviceCmd::Revoke { name }) => {
            let v = core.revoke_device(&name).await?;
            let text = format!(
                "Device {name} is revoked ({}): {} session(s) ended; it cannot log in again.",
                v["revoked_at"].as_str().unwrap_or_default(),
                v["sessions_ended"]
            );
            Ok(Output::new(v, text))
        }
        Command::Audit(cmd) => super::audit::run(&core, cmd).await,
        Command::Demo => {
            let r = crate::demo::seed(&core, Utc::now()).await?;
            // the demo machine prints tickets: its key, made by the owner (audited)
            let key = match super::tickets::demo_key(&core).await {
                Ok(id) => format!("\nThis machine signs tickets with key {id}."),
                Err(e) => format!("\nNo ticket-signing key made: {e}"),
            };
            let text = if r.departures_added == 0 {
                "The demo operator is already there; nothing added.".to_string()
            } else {
                format!(
                    "Demo operator ready: {} tours, {} departures added over {} days, {} bookings ({} seats), \
                     {} holds, {} waitlist entries.",
                    r.tours,
                    r.departures_added,
                    crate::demo::DAYS,
                    r.bookings,
                    r.seats_booked,
                    r.holds,
                    r.waitlist_entries
                )
            } + &key
                + "\nStaff PINs: guide 111111, desk 222222, manager 333333, notifier 444444 (the delivery worker). Try: tourdesk departure list";
            Ok(Output::new(serde_json::to_value(&r).unwrap_or(Value::Null), text))
        }
        Command::Bench(_) | Command::Field(_) | Command::Checkin(_) => unreachable!("handled above"),
    }
}

fn party_of(p: &PartyArgs) -> Result<Party, CliError> {
    Ok(Party::new(p.adults, p.children).map_err(crate::booking::BookingError::from)?)
}

fn reason_of(r: ReasonArg) -> CancelReason {
    match r {
        ReasonArg::Customer => CancelReason::Customer,
        ReasonArg::Weather => CancelReason::Weather,
        ReasonArg::Operator => CancelReason::Operator,
        ReasonArg::NoShow => CancelReason::NoShow,
    }
}

fn payment_of(p: PaymentArg, reference: String) -> Payment {
    let method = match p {
        PaymentArg::Cash => PaymentMethod::Cash,
        PaymentArg::Card => PaymentMethod::Card,
        PaymentArg::Transfer => PaymentMethod::Transfer,
        PaymentArg::Unpaid => PaymentMethod::Unpaid,
    };
    Payment { method, reference }
}

fn field_store(store: &Option<std::path::PathBuf>) -> std::path::PathBuf {
    store.clone().unwrap_or_else(crate::field::default_path)
}

/// This machine's name in the audit trail: --device, else the host name.
pub(super) fn device(device: &Option<String>) -> String {
    device.clone().unwrap_or_else(super::kiosk::host_name)
}

pub(super) fn party_of_args(p: &PartyArgs) -> Result<Party, CliError> {
    party_of(p)
}

pub(super) fn payment_of_args(p: PaymentArg, reference: String) -> Payment {
    payment_of(p, reference)
}

pub(super) fn key_of(key: Option<&str>) -> Result<Uuid, CliError> {
    match key {
        None => Ok(Uuid::now_v7()),
        Some(k) => Uuid::parse_str(k.trim())
            .map_err(|_| CliError::Input(format!("--key {k:?} is not a UUID (e.g. {})", Uuid::now_v7()))),
    }
}

pub(super) use crate::domain::money::show as money;

/// A departure's zone; the operator's when it cannot be read.
async fn zone_of(core: &Core, id: DepartureId) -> Result<String, CliError> {
    match core.departure(id).await {
        Ok(d) => Ok(d.time_zone),
        Err(_) => Ok(core.time_zone().await?.name().to_string()),
    }
}

async fn departure_list(core: &Core, from: Option<&str>, days: u32) -> Res {
    // "today" is the operator's: departures may each have another zone
    let start = time::day_start(from, core.time_zone().await?)?;
    let list = core
        .list_departures(start, start + Duration::days(i64::from(days)))
        .await?;
    let mut text = String::new();
    if list.is_empty() {
        text.push_str("No departures in that range.");
    }
    for d in &list {
        let _ = writeln!(
            text,
            "{:>5}  {}  {:<36} booked {:>3}/{:<3} held {:>2} free {:>3}  waiting {:>2}  weather {:<6} {}",
            d.id,
            time::show(d.starts_at, &d.time_zone),
            d.tour,
            d.booked,
            d.capacity,
            d.held,
            d.free,
            d.waitlist,
            d.weather_status,
            d.status
        );
    }
    let rows: Vec<Value> = list
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
            v["starts_at"] = json!(time::rfc3339(d.starts_at, &d.time_zone));
            v
        })
        .collect();
    Ok(Output::new(json!({ "departures": rows }), text))
}

async fn book(core: &Core, a: BookArgs) -> Res {
    let mut req = BookRequest::new(DepartureId(a.departure_id), party_of(&a.party)?, &a.name);
    req.hold = a.hold.map(HoldId);
    req.contact_phone = a.phone;
    req.contact_email = a.email;
    req.special_requests = a.special_requests;
    req.payment = payment_of(a.payment, a.reference);
    req.key = key_of(a.key.as_deref())?;
    req.pickup = a.pickup.map(crate::domain::PickupPointId);
    req.language = a.language.map(Language::from);
    let b = core.book(&req).await?;
    let mut v = serde_json::to_value(&b).unwrap_or(Value::Null);
    v["key"] = json!(req.key);
    let mut text = booking_text(&b);
    if let Some(p) = req.pickup {
        v["pickup_point_id"] = json!(p);
        let _ = writeln!(text, "  pickup point {p}");
    }
    Ok(Output::new(v, text))
}

fn booking_text(b: &crate::booking::Booking) -> String {
    let mut text = format!(
        "Booking {} (confirmation {}){}: departure {}, {} adult(s) {} child(ren), {} — {}, {}\n",
        b.booking_number,
        b.confirmation_code,
        if b.replayed {
            " [already made with this key]"
        } else {
            ""
        },
        b.departure_id,
        b.adults,
        b.children,
        b.contact_name,
        money(b.total_minor, &b.currency),
        b.payment_status,
    );
    match b.status {
        BookingStatus::Confirmed => {}
        BookingStatus::Cancelled => {
            let _ = writeln!(text, "  status: {}", b.status);
        }
    }
    for p in &b.participants {
        let _ = writeln!(text, "  #{} {} ({})", p.id, p.name, p.kind);
    }
    text
}

async fn waitlist(core: &Core, cmd: WaitlistCmd) -> Res {
    match cmd {
        WaitlistCmd::Join {
            departure_id,
            party,
            name,
            phone,
            email,
            key,
        } => {
            let key = key_of(key.as_deref())?;
            let (id, pos) = core
                .waitlist_join_with_key(DepartureId(departure_id), party_of(&party)?, &name, &phone, &email, key)
                .await?;
            Ok(Output::new(
                json!({"entry_id": id, "position": pos, "departure_id": departure_id, "key": key}),
                format!("{name} is number {pos} on the waitlist of departure {departure_id} (entry {id})"),
            ))
        }
        WaitlistCmd::List { departure_id } => {
            let list = core.waitlist(DepartureId(departure_id)).await?;
            let zone = zone_of(core, DepartureId(departure_id)).await?;
            let mut text = String::new();
            if list.is_empty() {
                text.push_str("Nobody is waiting.");
            }
            for w in &list {
                let offer = match (w.status, w.offer_expires_at) {
                    (WaitlistStatus::Offered, Some(t)) => format!("OFFER until {}", time::show(t, &zone)),
                    _ => "waiting".to_string(),
                };
                let _ = writeln!(
                    text,
                    "{:>3}. entry {:<5} {:<28} {} adult(s) {} child(ren)  {}  {}",
                    w.position, w.id, w.name, w.adults, w.children, w.phone, offer
                );
            }
            Ok(Output::new(
                json!({"departure_id": departure_id, "entries": list}),
                text,
            ))
        }
        WaitlistCmd::Leave { entry_id } => {
            let status = core.waitlist_leave(WaitlistEntryId(entry_id)).await?;
            Ok(Output::new(
                json!({"entry_id": entry_id, "status": status}),
                format!("Waitlist entry {entry_id}: {status}"),
            ))
        }
        WaitlistCmd::Skip { entry_id } => {
            let status = core.waitlist_skip(WaitlistEntryId(entry_id)).await?;
            let text = match status {
                WaitlistStatus::Waiting | WaitlistStatus::Offered => {
                    format!("Waitlist entry {entry_id} moved to the end of the queue: {status}")
                }
                WaitlistStatus::Booked | WaitlistStatus::Left | WaitlistStatus::Expired | WaitlistStatus::Cancelled => {
                    format!("Waitlist entry {entry_id} is not in the queue: {status}")
                }
            };
            Ok(Output::new(json!({"entry_id": entry_id, "status": status}), text))
        }
        WaitlistCmd::Accept {
            entry_id,
            payment,
            reference,
            key,
        } => {
            let b = core
                .waitlist_accept(
                    WaitlistEntryId(entry_id),
                    payment_of(payment, reference),
                    key_of(key.as_deref())?,
                )
                .await?;
            let text = booking_text(&b);
            Ok(Output::new(serde_json::to_value(&b).unwrap_or(Value::Null), text))
        }
    }
}

async fn weather(core: &Core, id: DepartureId, status: WeatherArg, note: &str, cancel: bool) -> Res {
    let status = match status {
        WeatherArg::Ok => WeatherStatus::Ok,
        WeatherArg::Watch => WeatherStatus::Watch,
        WeatherArg::Danger => WeatherStatus::Danger,
    };
    if cancel && status != WeatherStatus::Danger {
        return Err(CliError::Input(
            "--cancel goes with --status danger: a departure is cancelled for dangerous weather".into(),
        ));
    }
    if !cancel {
        core.set_weather(id, status, note).await?;
        return Ok(Output::new(
            json!({"departure_id": id, "weather_status": status, "note": note, "cancelled": false}),
            format!("Departure {id}: weather {}", status.as_str()),
        ));
    }
    let c = core.cancel_departure(id, CancelReason::Weather, note).await?;
    // the departure's own zone; the operator's when it cannot be read
    let zone = match core.departure(id).await {
        Ok(d) => d.time_zone,
        Err(_) => core.time_zone().await?.to_string(),
    };
    let due = c
        .rebook_due_at
        .map_or_else(|| "-".to_string(), |d| time::show(d, &zone));
    let mut text = if c.already_cancelled {
        format!("Departure {id} was already cancelled: nothing changed")
    } else {
        format!(
            "Departure {id} cancelled for weather: {} party(ies) to rebook, money kept \
             (move, `rebook refund` or `rebook credit`; refunded in full by the sweep after {due}), \
             {} notification(s) queued. See `tourdesk weather parties {id}`",
            c.to_rebook, c.notifications_queued
        )
    };
    if c.alternatives.is_empty() {
        text.push_str("\nNo other departure of this tour has free seats.");
    } else {
        text.push_str("\nAlternatives with free seats:");
        for a in &c.alternatives {
            let _ = write!(
                text,
                "\n  departure {}  {}  {} free",
                a.departure_id,
                time::show(a.starts_at, &a.time_zone),
                a.free
            );
        }
    }
    let mut v = serde_json::to_value(&c).unwrap_or(Value::Null);
    v["weather_status"] = json!(status);
    v["cancelled"] = json!(true);
    Ok(Output::new(v, text))
}

/// `tourdesk migrate`: what a start as the owner does anyway, explicitly (a
/// kiosk's role may not; it stops and names this command).
async fn migrate(url: Option<&str>) -> Res {
    let pool = crate::db::connect_unprepared(url, crate::db::CLI_POOL).await?;
    if crate::db::is_app_role(&pool)
        .await
        .map_err(crate::booking::BookingError::from)?
    {
        return Err(CliError::Input(
            "this role is an application role (tourdesk_app): run `tourdesk migrate` as the schema owner".into(),
        ));
    }
    let applied = crate::db::migrate(&pool).await?;
    let version = crate::db::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    Ok(Output::new(
        json!({ "applied": applied, "version": version }),
        format!(
            "The database is at version {version} ({applied} migration(s) applied now); its functions (sql/core, sql/api) are current."
        ),
    ))
}

async fn staff(core: &Core, cmd: super::args::StaffCmd) -> Res {
    use super::args::StaffCmd;
    match cmd {
        StaffCmd::Add { name, role, pin } => {
            let role = crate::domain::Role::parse(&role).ok_or_else(|| {
                CliError::Input(format!("{role:?} is not a role: use guide, desk, manager or notifier"))
            })?;
            let id = core.upsert_staff(&name, role, &pin).await?;
            Ok(Output::new(
                json!({ "staff_id": id, "name": name, "role": role }),
                format!(
                    "{name} is a {} (staff {id}); they log in with their PIN.",
                    role.as_str()
                ),
            ))
        }
        StaffCmd::List => {
            let all = core.list_staff().await?;
            let text = all
                .iter()
                .map(|s| {
                    format!(
                        "{:>4}  {:<8} {}{}",
                        s.id,
                        s.role,
                        s.name,
                        if s.active { "" } else { " (inactive)" }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output::new(json!({ "staff": all }), text))
        }
        StaffCmd::Unlock { scope, key } => {
            if !matches!(scope.as_str(), "device" | "db_role" | "staff") {
                return Err(CliError::Input("--scope is device, db_role or staff".into()));
            }
            let n = core.unlock_logins(&scope, &key).await?;
            Ok(Output::new(
                json!({ "unlocked": n }),
                if n == 0 {
                    format!("No failed logins were counted for {scope} {key}.")
                } else {
                    format!("Logins for {scope} {key} are open again.")
                },
            ))
        }
    }
}
