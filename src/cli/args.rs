//! Command-line arguments (clap). Help texts are the CLI's user-visible strings.

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tourdesk",
    version,
    about = "Front desk and check-in for tour operators, on PostgreSQL"
)]
pub struct Cli {
    /// Print exactly one JSON object on stdout (errors too)
    #[arg(long, global = true)]
    pub json: bool,

    /// PostgreSQL URL; default: the local server (127.0.0.1:5432 or the unix socket), database `tourdesk`
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Open the kiosk on its own demo database (`tourdesk_demo`: created, migrated and filled)
    #[arg(long)]
    pub demo: bool,

    /// Kiosk language: en or ru (default: from LANG)
    #[arg(long, env = "TOURDESK_LANG")]
    pub lang: Option<String>,

    /// This kiosk's name in the header and the audit trail (default: the host name)
    #[arg(long, env = "TOURDESK_DEVICE")]
    pub device: Option<String>,

    /// Lock the kiosk after this many idle minutes (0: never)
    #[arg(long, env = "TOURDESK_IDLE_LOCK_MINUTES", default_value_t = 5)]
    pub idle_lock_minutes: u32,

    /// Time zone of the kiosk's clock (default: the next departure's, else the operator's)
    #[arg(long, env = "TOURDESK_TZ")]
    pub tz: Option<String>,

    /// Also deliver the notification outbox from this kiosk's process, in the background (one
    /// designated device, not every kiosk): the gateways from TOURDESK_SMTP_URL,
    /// TOURDESK_SMS_URL/TOURDESK_SMS_TOKEN, TOURDESK_TELEGRAM_TOKEN; a manager's TOURDESK_PIN
    /// when the kiosk connects as an application role
    #[arg(long, env = "TOURDESK_NOTIFY", value_parser = clap::builder::BoolishValueParser::new())]
    pub notify: bool,

    /// The kiosk's receipt printer: tcp://HOST:PORT or a device path (see README "Printing");
    /// tickets print after a sale and on a reprint, a cash sale's receipt opens the drawer
    #[arg(long, env = "TOURDESK_PRINTER")]
    pub printer: Option<String>,

    /// The field laptop's offline store (SQLite); default: field.sqlite in the data directory
    #[arg(long, global = true, env = "TOURDESK_FIELD_STORE")]
    pub store: Option<std::path::PathBuf>,

    /// Without a command: the kiosk
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Whether --database-url was on the command line (not from DATABASE_URL): benchmarks need it
    #[arg(skip)]
    pub database_url_on_command_line: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add or list departures
    #[command(subcommand)]
    Departure(DepartureCmd),
    /// Recurring schedules: rules that make departures (add, preview, apply, list, skip, add-date, edit)
    #[command(subcommand)]
    Schedule(super::schedule_args::ScheduleCmd),
    /// Seats of one departure: capacity, booked, held, free, waitlist
    Availability { departure_id: i64 },
    /// Price for a party with the pricing rules applied
    Quote {
        departure_id: i64,
        #[command(flatten)]
        party: PartyArgs,
    },
    /// Hold seats while taking the customer's details
    Hold {
        departure_id: i64,
        #[command(flatten)]
        party: PartyArgs,
        /// 5 to 30 minutes
        #[arg(long, default_value_t = 15)]
        ttl_minutes: u32,
        /// idempotency key (UUID); a retry with the same key returns the first hold
        #[arg(long)]
        key: Option<String>,
    },
    /// Extend a hold (at most two hours after it was made)
    Extend {
        hold_id: i64,
        #[arg(long, default_value_t = 15)]
        ttl_minutes: u32,
    },
    /// Release a hold: its seats go back (and to the waitlist)
    Release { hold_id: i64 },
    /// Book seats (from a hold with --hold)
    Book(BookArgs),
    /// A booking: show its card (participants, tickets, check-ins, history), move it
    #[command(subcommand)]
    Booking(BookingCmd),
    /// Find bookings by number, confirmation code, phone (or its last 4+ digits), e-mail or name,
    /// over every departure; best match first, then newest
    Find {
        /// what to look for; a name may be typed in Latin or Cyrillic, on either keyboard layout
        text: String,
        /// at most this many results (1 to 200)
        #[arg(long, default_value_t = crate::booking::FIND_DEFAULT_LIMIT,
              value_parser = clap::value_parser!(u32).range(1..=crate::booking::FIND_MAX_LIMIT as i64))]
        limit: u32,
    },
    /// Cancel a booking with the refund policy (a manager may override the refund)
    Cancel {
        booking_number: String,
        #[arg(long, value_enum, default_value_t = ReasonArg::Customer)]
        reason: ReasonArg,
        #[arg(long, default_value = "")]
        note: String,
        /// A manager's refund instead of the rules' (0 to 100 %); needs --refund-reason
        #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100), requires = "refund_reason",
              allow_negative_numbers = true)]
        refund_percent: Option<u8>,
        /// Why the rules' refund is overridden (audited as refund.override); needs --refund-percent
        #[arg(long, requires = "refund_percent")]
        refund_reason: Option<String>,
    },
    /// Take (part of) a booking's unpaid balance; money in minor units (kopecks)
    Pay(PayArgs),
    /// Refund part of what a booking paid, with a reason (a manager's); minor units
    Refund(RefundArgs),
    /// Waitlist of a full departure
    #[command(subcommand)]
    Waitlist(WaitlistCmd),
    /// Set a departure's weather status; --cancel cancels it for weather (its parties to rebook,
    /// money kept); `weather parties` and `weather rebook` work through them afterwards
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Weather {
        #[command(subcommand)]
        cmd: Option<WeatherCmd>,
        #[arg(required = true)]
        departure_id: Option<i64>,
        #[arg(long, value_enum, required = true)]
        status: Option<WeatherArg>,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        cancel: bool,
    },
    /// Resolve a party to rebook after a weather cancellation: refund in full, or credit as a voucher
    #[command(subcommand)]
    Rebook(RebookCmd),
    /// Vouchers issued as credit (redeemed with `pay --method voucher --reference CODE`)
    #[command(subcommand)]
    Voucher(VoucherCmd),
    /// Expire dead holds and offers, offer freed seats to the waitlist
    Sweep,
    /// Occupancy, revenue, refunds and cancellations for a date range
    Stats {
        /// first local date (YYYY-MM-DD); default today
        #[arg(long)]
        from: Option<String>,
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: u32,
    },
    /// Print a booking's tickets: each code, and one PNG per ticket
    Ticket {
        booking_number: String,
        /// folder for the PNG files (created if missing)
        #[arg(long, default_value = ".")]
        out: std::path::PathBuf,
        /// also draw each QR code in the terminal
        #[arg(long)]
        terminal: bool,
        /// revoke the booking's tickets and issue new ones first (a ticket was lost)
        #[arg(long)]
        reissue: bool,
        #[command(flatten)]
        key: KeyFileArg,
    },
    /// Print on a receipt printer (ESC/POS, 58 or 80 mm): a booking's tickets or receipt,
    /// a shift's Z-report (see README "Printing")
    #[command(subcommand)]
    Print(super::print::PrintCmd),
    /// Ticket signing keys: list, rotate, retire
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Decode ticket QR codes from photos and check their signatures
    Scan {
        #[arg(required = true)]
        images: Vec<std::path::PathBuf>,
        /// also check in every valid ticket found
        #[arg(long)]
        checkin: bool,
        /// the departure being checked in (with --checkin)
        #[arg(long)]
        departure: Option<i64>,
    },
    /// Check in a scanned ticket code ("-": read codes line by line from a USB scanner on stdin),
    /// a participant (--participant) or a whole booking (--booking); exit 0 admitted, 1 refused
    Checkin(CheckinArgs),
    /// Count people back at the end of the trip: a ticket code as scanned, a participant
    /// (--participant), everyone still out (--everyone --departure ID), or --left with a --note
    Return(super::rollcall_args::ReturnArgs),
    /// A departure's return roll-call: who is out, back, left or MISSING (out past the end
    /// plus the grace period), with phones, emergency contacts and medical notes
    Rollcall { departure_id: i64 },
    /// Write a departure's muster list (who went out, back, missing, left, with emergency
    /// contacts and medical notes) into DIR: muster-DEP.csv and muster-DEP.png (-p1, -p2… when long)
    Muster {
        departure_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// How long after a departure's end someone still out becomes MISSING (the operator's
    /// setting); with MINUTES, set it (a manager's, audited)
    ReturnGrace {
        /// 0 to 1440
        #[arg(value_parser = clap::value_parser!(u32).range(0..=1440))]
        minutes: Option<u32>,
    },
    /// Undo a participant's check-in (audited)
    UndoCheckin {
        participant_id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Mark a participant as a no-show (--clear to take it back)
    NoShow {
        participant_id: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        clear: bool,
    },
    /// Close a departure's check-in: everyone not checked in becomes a no-show
    CloseCheckin {
        departure_id: i64,
        /// close even though check-in has not opened yet
        #[arg(long)]
        force: bool,
    },
    /// Reopen a closed check-in: the no-shows of the close are expected again
    ReopenCheckin { departure_id: i64 },
    /// How long before the start check-in opens (the operator's setting, kept by the server);
    /// with MINUTES, set it (a manager's, audited)
    CheckinWindow {
        /// 0 to 1440; field laptops take the new window along at their next prepare
        #[arg(value_parser = clap::value_parser!(u32).range(0..=1440))]
        minutes: Option<u32>,
    },
    /// The operator's time zone (kept by the server): "today" in listings, a new departure's
    /// zone when none is given, the kiosk's clock before any departure; with ZONE, set it
    /// (a manager's, audited)
    TimeZone {
        /// an IANA name such as Europe/Berlin; departures keep their own zones, field laptops
        /// take the new one along at their next prepare
        zone: Option<String>,
    },
    /// The operator's currency (kept by the server): what a new departure is priced in when
    /// none is given; with CODE, set it (a manager's, audited)
    Currency {
        /// ISO 4217, such as RUB or EUR; departures keep their own currency and prices, field
        /// laptops take the new one along at their next prepare
        code: Option<String>,
    },
    /// Who is booked on a departure, checked in or not, with what to watch for
    Manifest {
        departure_id: i64,
        /// also write the manifest as CSV to this file
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
        /// the pickup run instead: per stop in route order its time, parties, phones and
        /// balances, the bookings without a pickup last
        #[arg(long)]
        pickups: bool,
        /// with --pickups: write the run into DIR as pickups-DEP.csv and pickups-DEP.png
        /// (-p1, -p2… when long), to print for the driver
        #[arg(long, requires = "pickups", value_name = "DIR")]
        out: Option<std::path::PathBuf>,
        /// only the people picked up at this stop (its name, as `pickup list` shows it;
        /// "none": those without a pickup), to check a bus route in stop by stop
        #[arg(long, conflicts_with = "pickups", value_name = "NAME")]
        pickup: Option<String>,
    },
    /// Offline field mode: prepare this laptop, sync its journal, sell from its allotment
    #[command(subcommand)]
    Field(FieldCmd),
    /// The audit trail: check its hash chain
    #[command(subcommand)]
    Audit(super::audit::AuditCmd),
    /// Fill the database with a demo operator (safe to run twice)
    Demo,
    /// Apply the database migrations and rebuild the api functions (the schema owner's)
    Migrate,
    /// Staff members: add, list, lift a login lockout
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Resources (vehicles, boats, helicopters, rafts, equipment sets): add, list, assign to
    /// departures, take out of service; a resource's seats bound every departure it serves at a time
    #[command(subcommand)]
    Resource(ResourceCmd),
    /// Guides (staff with the role guide): assign to departures, one departure at a time
    #[command(subcommand)]
    Guide(GuideCmd),
    /// A calendar feed (iCalendar, RFC 5545) of the departures a guide leads, a resource
    /// serves, or one departure: stable UIDs, updates and cancellations followed
    Calendar(super::calendar::CalendarArgs),
    /// Notifications to customers: deliver the queue (e-mail over SMTP), see what is pending,
    /// sent or dead
    #[command(subcommand)]
    Notify(super::notify_args::NotifyCmd),
    /// Pickup points of a tour (a route of stops with times): add, list, remove
    #[command(subcommand)]
    Pickup(super::pickup_args::PickupCmd),
    /// The cash drawer's shift on this device (--device / TOURDESK_DEVICE): open with a float,
    /// cash in and out, close with the count, approve (a manager), the Z-report
    #[command(subcommand)]
    Shift(super::shift_args::ShiftCmd),
    /// Devices: revoke a lost laptop or kiosk (a manager's)
    #[command(subcommand)]
    Device(DeviceCmd),
    /// Benchmarks
    #[command(subcommand)]
    Bench(BenchCmd),
}

#[derive(Debug, Subcommand)]
pub enum StaffCmd {
    /// Add a staff member, or change the role and PIN of one with this name (a manager's)
    Add {
        name: String,
        /// guide, desk, manager or notifier (the delivery worker's own identity)
        #[arg(long)]
        role: String,
        /// 4 to 12 digits (or TOURDESK_NEW_PIN, to keep it out of the shell history)
        #[arg(long, env = "TOURDESK_NEW_PIN", hide_env_values = true)]
        pin: String,
    },
    /// Every staff member
    List,
    /// Lift a login lockout: of a device, a database role or a staff member (a manager's)
    Unlock {
        /// device, db_role or staff
        #[arg(long, default_value = "device")]
        scope: String,
        /// the device name, role name or staff name
        key: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ResourceCmd {
    /// Add a resource (a manager's)
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        kind: ResourceKindArg,
        /// 1 to 10000
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10000))]
        seats: u32,
        /// idempotency key (UUID); a retry with the same key returns the first resource
        #[arg(long)]
        key: Option<String>,
    },
    /// Every resource: kind, seats, departures to come, days out of service
    List,
    /// Assign a resource to a departure: refused (RESOURCE_BUSY) when its seats cannot carry the
    /// departure besides those it serves at that time
    Assign {
        /// the resource's name
        resource: String,
        #[arg(long)]
        departure: i64,
        /// idempotency key (UUID); a retry with the same key returns the first assignment
        #[arg(long)]
        key: Option<String>,
    },
    /// Change a resource's seats: lowering them is refused (RESOURCE_BUSY) while more are taken at
    /// once on departures to come that it serves, listing them
    Edit {
        /// the resource's name
        resource: String,
        /// 1 to 10000
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10000))]
        seats: u32,
        /// idempotency key (UUID); a retry with the same key answers the first edit
        #[arg(long)]
        key: Option<String>,
    },
    /// Take a resource off a departure
    Unassign {
        resource: String,
        #[arg(long)]
        departure: i64,
    },
    /// Take a resource out of service on a date: its departures that day sell nothing more, and
    /// their bookings are listed to be moved (`booking move`)
    OutOfService {
        resource: String,
        /// the local date (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
        /// idempotency key (UUID)
        #[arg(long)]
        key: Option<String>,
    },
    /// Return a resource to service on a date it was taken out of: its departures that day sell again
    InService {
        resource: String,
        /// the local date (YYYY-MM-DD)
        #[arg(long)]
        date: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResourceKindArg {
    Vehicle,
    Boat,
    Helicopter,
    Raft,
    EquipmentSet,
}

#[derive(Debug, Subcommand)]
pub enum GuideCmd {
    /// Assign a guide to a departure: refused (GUIDE_BUSY) when the guide leads another departure
    /// at an overlapping time
    Assign {
        /// the guide's staff name
        staff: String,
        #[arg(long)]
        departure: i64,
        /// idempotency key (UUID); a retry with the same key returns the first assignment
        #[arg(long)]
        key: Option<String>,
    },
    /// Take a guide off a departure
    Unassign {
        staff: String,
        #[arg(long)]
        departure: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCmd {
    /// Revoke a device: its sessions end and it cannot log in again
    Revoke {
        /// the device's name (the kiosk's --device, a laptop's host name)
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FieldCmd {
    /// Take departures along for offline check-in (default: today's), optionally leasing seats to sell
    Prepare {
        /// local date (YYYY-MM-DD) whose departures to take; default today
        #[arg(long, conflicts_with = "departure")]
        date: Option<String>,
        /// a departure to take (repeat for more)
        #[arg(long)]
        departure: Vec<i64>,
        /// lease this many seats of the (one) departure to this laptop, to sell offline
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=500))]
        allotment: Option<u32>,
        /// also seal the store for this staff member (repeat for more): their PIN is asked without
        /// echo, or given in TOURDESK_ALSO_PINS (comma-separated, in the same order)
        #[arg(long, value_name = "NAME")]
        also: Vec<String>,
    },
    /// Send the offline journal to the server (exactly once)
    Sync {
        /// also send again entries the server refused before
        #[arg(long)]
        retry_failed: bool,
    },
    /// Online or not, entries waiting, last sync, allotments and seats left
    Status,
    /// What syncs found: duplicates, cancelled tickets let in, walk-ins not applied
    Conflicts {
        /// include resolved ones
        #[arg(long)]
        all: bool,
    },
    /// Mark a conflict as dealt with
    Resolve {
        conflict_id: i64,
        /// what was done
        #[arg(long)]
        note: String,
    },
    /// Give this laptop's unsold allotment seats back (syncs first)
    Release {
        /// only this departure's
        #[arg(long)]
        departure: Option<i64>,
    },
    /// Sell a walk-in from this laptop's allotment (works offline; synced when online)
    Sell {
        departure_id: i64,
        #[command(flatten)]
        party: PartyArgs,
        /// contact name
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, value_enum, default_value_t = PaymentArg::Cash)]
        payment: PaymentArg,
        #[arg(long, default_value = "")]
        reference: String,
        #[arg(long, default_value = "")]
        location: String,
        /// the customer's language for the confirmation sent at sync (default: the operator's)
        #[arg(long, value_enum)]
        language: Option<LanguageArg>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DepartureCmd {
    /// Add a departure (the tour is created on first use)
    Add {
        #[arg(long)]
        tour: String,
        /// RFC 3339 (2026-12-01T08:00:00+12:00) or local "2026-12-01 08:00" in --time-zone
        #[arg(long)]
        starts_at: String,
        #[arg(long)]
        capacity: u32,
        /// in minor units (kopecks)
        #[arg(long)]
        adult_price: i64,
        /// in minor units; default: the adult price
        #[arg(long)]
        child_price: Option<i64>,
        /// ISO 4217, such as EUR; default: the operator's (`tourdesk currency`)
        #[arg(long)]
        currency: Option<String>,
        /// an IANA name; default: the operator's (`tourdesk time-zone`)
        #[arg(long)]
        time_zone: Option<String>,
        #[arg(long, default_value = "")]
        meeting_point: String,
    },
    /// List departures
    List {
        /// first local date (YYYY-MM-DD); default today
        #[arg(long)]
        from: Option<String>,
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: u32,
    },
}

#[derive(Debug, Args)]
pub struct PartyArgs {
    #[arg(long)]
    pub adults: u32,
    #[arg(long, default_value_t = 0)]
    pub children: u32,
}

#[derive(Debug, Args)]
pub struct BookArgs {
    pub departure_id: i64,
    #[command(flatten)]
    pub party: PartyArgs,
    /// contact name
    #[arg(long)]
    pub name: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    #[arg(long, default_value = "")]
    pub email: String,
    /// book the seats of this hold
    #[arg(long)]
    pub hold: Option<i64>,
    /// idempotency key (UUID); a retry with the same key returns the first booking
    #[arg(long)]
    pub key: Option<String>,
    #[arg(long, value_enum, default_value_t = PaymentArg::Cash)]
    pub payment: PaymentArg,
    /// card terminal slip or transfer reference
    #[arg(long, default_value = "")]
    pub reference: String,
    #[arg(long, default_value = "")]
    pub special_requests: String,
    /// the pickup point's id (an active one of the departure's tour: `pickup list --tour NAME`)
    #[arg(long)]
    pub pickup: Option<i64>,
    /// the customer's language for the messages sent to them (default: the operator's)
    #[arg(long, value_enum)]
    pub language: Option<LanguageArg>,
}

#[derive(Debug, Args)]
pub struct PayArgs {
    pub booking_number: String,
    /// in minor units (kopecks); at most the unpaid balance
    #[arg(long, allow_negative_numbers = true)]
    pub amount: i64,
    #[arg(long, value_enum)]
    pub method: MethodArg,
    /// card terminal slip number (card), the bank's reference (transfer) or the voucher's code (voucher): required for these
    #[arg(long, default_value = "")]
    pub reference: String,
    /// idempotency key (UUID); a retry with the same key returns the first payment
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefundArgs {
    pub booking_number: String,
    /// in minor units (kopecks); at most what was paid less what was refunded
    #[arg(long, allow_negative_numbers = true)]
    pub amount: i64,
    /// why the money goes back (kept on the ledger row and in the audit)
    #[arg(long)]
    pub reason: String,
    /// idempotency key (UUID); a retry with the same key returns the first refund
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct KeyFileArg {
    /// this machine's ticket-signing key (made only by `tourdesk keys new`, mode 600); default: in the data directory
    #[arg(long, env = "TOURDESK_KEY_FILE")]
    pub key_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BookingCmd {
    /// A booking's card: participants with details, tickets, check-ins, the audit trail and the
    /// customer's other bookings
    Show { booking_number: String },
    /// Change the contact (--name, --phone, --email), or with --participant ID one person's name,
    /// details and kind (adult <-> child is repriced: the difference due or refunded)
    Change(ChangeArgs),
    /// Add a person: a seat taken (or SOLD_OUT), priced by today's rules; paid with --payment or
    /// left as the balance
    AddPerson(AddPersonArgs),
    /// Remove a person: the seat goes to the waitlist first, the refund tier applies to what was
    /// paid for it (a desk may; a checked-in person needs the check-in undone first)
    RemovePerson(RemovePersonArgs),
    /// Move a booking to another departure (same tour or another), keeping its participants:
    /// a customer's move is re-priced (the refund tier applies to what goes back); an operator's
    /// or the weather's costs the customer nothing. New tickets; the old ones answer "reissued"
    Move(MoveArgs),
    /// Set or change a booking's pickup point (--point ID), or take it off (--none)
    Pickup(super::pickup_args::BookingPickupArgs),
}

#[derive(Debug, Args)]
pub struct ChangeArgs {
    pub booking_number: String,
    /// change this participant (its id, as `booking show` lists it) instead of the contact
    #[arg(long)]
    pub participant: Option<i64>,
    /// the contact's name, or with --participant the person's
    #[arg(long)]
    pub name: Option<String>,
    /// the contact's phone ('' clears it)
    #[arg(long)]
    pub phone: Option<String>,
    /// the contact's e-mail ('' clears it)
    #[arg(long)]
    pub email: Option<String>,
    /// medical notes (with --participant)
    #[arg(long)]
    pub medical: Option<String>,
    /// emergency contact (with --participant)
    #[arg(long)]
    pub emergency: Option<String>,
    /// dietary needs (with --participant)
    #[arg(long)]
    pub diet: Option<String>,
    /// equipment (with --participant)
    #[arg(long)]
    pub equipment: Option<String>,
    /// adult or child (with --participant): the party is repriced
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// idempotency key (UUID); a retry with the same key returns the first answer
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct MoveArgs {
    pub booking_number: String,
    /// the departure id to move to
    #[arg(long = "to")]
    pub to: i64,
    #[arg(long, value_enum, default_value_t = MoveReasonArg::Customer)]
    pub reason: MoveReasonArg,
    /// a free move (operator, weather) to a cheaper departure refunds the difference paid
    #[arg(long)]
    pub refund_difference: bool,
    /// show the price difference and the refund or charge; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// the new total the customer was shown (--dry-run's new_total_minor): another figure by
    /// now is PRICE_CHANGED and nothing moves. Without it the move takes today's terms
    #[arg(long, value_name = "MINOR")]
    pub expect_total: Option<i64>,
    /// idempotency key (UUID); a retry with the same key returns the first move
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddPersonArgs {
    pub booking_number: String,
    /// the person's name
    #[arg(long)]
    pub name: String,
    #[arg(long, value_enum, default_value_t = KindArg::Adult)]
    pub kind: KindArg,
    #[arg(long, default_value = "")]
    pub medical: String,
    #[arg(long, default_value = "")]
    pub emergency: String,
    #[arg(long, default_value = "")]
    pub diet: String,
    #[arg(long, default_value = "")]
    pub equipment: String,
    /// how the added price is paid now; unpaid (the default) leaves it as the balance (`tourdesk pay`)
    #[arg(long, value_enum, default_value_t = PaymentArg::Unpaid)]
    pub payment: PaymentArg,
    /// card terminal slip or transfer reference
    #[arg(long, default_value = "")]
    pub reference: String,
    /// idempotency key (UUID); a retry with the same key returns the first answer
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemovePersonArgs {
    pub booking_number: String,
    /// the participant's id, as `booking show` lists it
    #[arg(long)]
    pub participant: i64,
    /// idempotency key (UUID); a retry with the same key returns the first answer
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Adult,
    Child,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MoveReasonArg {
    Customer,
    Operator,
    Weather,
}

#[derive(Debug, Subcommand)]
pub enum KeysCmd {
    /// Every verify key, valid or retired
    List,
    /// Make this machine's ticket-signing key (a manager's; audited): the key file (mode 600)
    /// and its public half on the server. Field laptops prepared before must prepare again
    New {
        #[command(flatten)]
        key: KeyFileArg,
        /// replace a key file that is already there (its key stays valid until retired)
        #[arg(long)]
        replace: bool,
    },
    /// A new signing key for this machine, and the old one retired (its tickets are refused
    /// from now on: reprint them)
    Rotate {
        #[command(flatten)]
        key: KeyFileArg,
    },
    /// Retire a key: tickets it signed are refused from now on
    Retire { key_id: i32 },
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// the scanned code, or "-" to read one code per line from stdin
    #[arg(required_unless_present_any = ["participant", "booking"], conflicts_with_all = ["participant", "booking"])]
    pub code: Option<String>,
    /// check in one participant by id (manual)
    #[arg(long, conflicts_with = "booking")]
    pub participant: Option<i64>,
    /// check in everyone of a booking not yet in
    #[arg(long)]
    pub booking: Option<String>,
    /// the departure being checked in: tickets for another are refused
    #[arg(long)]
    pub departure: Option<i64>,
    /// this device's name, as shown on "already checked in"
    #[arg(long, default_value = "cli")]
    pub device: String,
    #[arg(long, default_value = "")]
    pub location: String,
    /// when it happened (RFC 3339 or local "YYYY-MM-DD HH:MM" in the departure's zone); default now
    #[arg(long)]
    pub at: Option<String>,
    /// event id (UUID); a retry with the same id returns the first verdict
    #[arg(long)]
    pub event: Option<String>,
    /// with a group code or --booking: admit only this many ("3 of 5 are here")
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub only: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum WaitlistCmd {
    /// Join the waitlist of a full departure
    Join {
        departure_id: i64,
        #[command(flatten)]
        party: PartyArgs,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        email: String,
        /// idempotency key (UUID); a retry with the same key returns the first entry
        #[arg(long)]
        key: Option<String>,
    },
    /// The queue of a departure, with open offers
    List { departure_id: i64 },
    /// Leave the waitlist
    Leave { entry_id: i64 },
    /// Skip a party that is not here: it goes to the end of the queue and its
    /// offer's seats go to the next party that fits
    Skip { entry_id: i64 },
    /// Accept an open offer: book the offered seats
    Accept {
        entry_id: i64,
        #[arg(long, value_enum, default_value_t = PaymentArg::Cash)]
        payment: PaymentArg,
        #[arg(long, default_value = "")]
        reference: String,
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// 1-seat bookings on one hot departure from many clients
    Contention {
        #[arg(long, default_value_t = 16)]
        clients: u32,
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        #[arg(long, value_enum, default_value_t = StrategyArg::Core)]
        strategy: StrategyArg,
        /// connections in the pool; default: the core's default (2)
        #[arg(long)]
        pool: Option<u32>,
        /// bookings of the departure sent to the database at once (0: no limit)
        #[arg(long, default_value_t = 2)]
        in_flight: usize,
        /// book on N departures of N tours at the same hour sharing one resource (0: one hot departure)
        #[arg(long, default_value_t = 0)]
        shared: u32,
        /// the shared resource's seats (1 to 10000)
        #[arg(long, default_value_t = 10_000)]
        resource_seats: u32,
        /// days the shared departures are made on, sold one after another as the resource fills
        /// (default: enough for the run); 1 with few seats: a run that ends when the resource is full
        #[arg(long)]
        slots: Option<u32>,
    },
    /// Scan-to-verdict latency: every ticket of N participants scanned twice
    Checkin {
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100000))]
        participants: u32,
    },
    /// Offline field mode: scan-to-verdict with the journal on disk, then syncing the journal
    Field {
        /// participants on the departure (parties of 2–6)
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=100000))]
        participants: u32,
        /// tickets scanned offline (distinct participants; at most --participants)
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=100000))]
        scans: u32,
        /// folder for the run's field store (default: the system's temp folder); must be on the disk measured
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
    },
    /// Moves per second between two departures, clients moving parties in opposite directions
    Move {
        #[arg(long, default_value_t = 8)]
        clients: u32,
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// connections in the pool; default: the core's default (2)
        #[arg(long)]
        pool: Option<u32>,
    },
    /// One search (`tourdesk find`) over N generated bookings: p50/p95/p99 by kind of query
    Search {
        /// bookings to generate (Russian and Latin names, participants, phones, e-mails)
        #[arg(long, default_value_t = 200_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        bookings: u32,
        /// queries in the timed mix, one at a time
        #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        queries: u32,
        /// the generator's seed (the same data and queries for the same seed)
        #[arg(long, default_value_t = 13)]
        seed: u64,
    },
    /// Kiosk frame times (render + diff + escape codes) with a long list and a big manifest (no database)
    Frames {
        #[arg(long, default_value_t = 200)]
        width: u16,
        #[arg(long, default_value_t = 50)]
        height: u16,
        #[arg(long, default_value_t = 10_000)]
        departures: usize,
        #[arg(long, default_value_t = 500)]
        manifest: usize,
        /// frames per scenario
        #[arg(long, default_value_t = 2_000)]
        frames: usize,
    },
    /// Decode a generated corpus of distorted QR photos, ours against zbar (no database)
    Decode {
        /// photos of each kind of distortion
        #[arg(long, default_value_t = 40)]
        per_kind: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// where the photos are written
        #[arg(long, default_value = "target/decode-corpus")]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReasonArg {
    Customer,
    Weather,
    Operator,
    NoShow,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WeatherArg {
    Ok,
    Watch,
    Danger,
}

#[derive(Debug, Subcommand)]
pub enum WeatherCmd {
    /// The parties of a departure cancelled for weather: phones, seats, money, status
    Parties { departure_id: i64 },
    /// Move every open party onto the alternatives, in order of booking, free of charge
    Rebook {
        departure_id: i64,
        /// an alternative departure, tried in the order given (repeat for more)
        #[arg(long = "to", required = true)]
        to: Vec<i64>,
        /// only show the plan (greedy, over the seats free now): nothing changes
        #[arg(long)]
        dry_run: bool,
        /// idempotency key (UUID) of the run; the same run again moves nobody twice
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RebookCmd {
    /// Refund everything the booking holds; the booking is cancelled
    Refund {
        booking_number: String,
        /// idempotency key (UUID); a retry with the same key returns the first outcome
        #[arg(long)]
        key: Option<String>,
    },
    /// Issue a voucher for everything the booking holds; the booking is cancelled without refund
    Credit {
        booking_number: String,
        /// idempotency key (UUID); a retry with the same key returns the first outcome
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum VoucherCmd {
    /// A voucher's amount, what is left, expiry and the booking it was issued for
    Show { code: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MethodArg {
    Cash,
    Card,
    Transfer,
    /// a voucher (its code as --reference): redeemed for the amount, the rest stays on it
    Voucher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    En,
    Ru,
}

impl From<LanguageArg> for crate::booking::Language {
    fn from(l: LanguageArg) -> crate::booking::Language {
        match l {
            LanguageArg::En => crate::booking::Language::En,
            LanguageArg::Ru => crate::booking::Language::Ru,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaymentArg {
    Cash,
    Card,
    Transfer,
    Unpaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// the booking core: one server-side call, waiting row lock
    Core,
    /// the old design: SELECT … FOR UPDATE NOWAIT with client round trips
    Nowait,
}
