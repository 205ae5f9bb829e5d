//! `tourdesk schedule …` arguments (clap). Days, times and dates stay text
//! here and are parsed in cli::schedule, so a bad one is refused with the
//! flag's name and the JSON error shape, as other bad input is.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ScheduleCmd {
    /// Add a recurring rule (the tour is created on first use); prints its id. Makes no
    /// departure yet: `schedule preview`, then `schedule apply`
    Add(ScheduleAddArgs),
    /// What `schedule apply` would do, start by start: create, exists already, skipped
    Preview {
        schedule_id: i64,
        #[arg(long, default_value_t = crate::booking::DEFAULT_SCHEDULE_HORIZON_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=crate::booking::MAX_SCHEDULE_HORIZON_DAYS as i64))]
        horizon_days: u32,
    },
    /// Create the rule's missing departures for the horizon; prints how many (run again: 0)
    Apply {
        schedule_id: i64,
        #[arg(long, default_value_t = crate::booking::DEFAULT_SCHEDULE_HORIZON_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=crate::booking::MAX_SCHEDULE_HORIZON_DAYS as i64))]
        horizon_days: u32,
        /// idempotency key (UUID); a retry with the same key returns the first answer
        #[arg(long)]
        key: Option<String>,
    },
    /// The rules, with their exceptions and departures to come
    List,
    /// Skip a local date: its departures without bookings are cancelled, those with bookings listed
    Skip {
        schedule_id: i64,
        /// the local date (YYYY-MM-DD) in the rule's time zone
        date: String,
        #[arg(long)]
        key: Option<String>,
    },
    /// Add a local date (the rule's times that day, even outside its days or dates); apply makes them
    AddDate {
        schedule_id: i64,
        /// the local date (YYYY-MM-DD) in the rule's time zone
        date: String,
        #[arg(long)]
        key: Option<String>,
    },
    /// Change a rule: its future departures without bookings follow, those with bookings are listed
    Edit(ScheduleEditArgs),
}

#[derive(Debug, Args)]
pub struct ScheduleAddArgs {
    #[arg(long)]
    pub tour: String,
    /// days of the week: mon,tue,wed,thu,fri,sat,sun (or daily, weekdays, weekends)
    #[arg(long)]
    pub days: String,
    /// local times of day, 24-hour: 07:00,13:00
    #[arg(long)]
    pub times: String,
    /// first local date (YYYY-MM-DD)
    #[arg(long)]
    pub from: String,
    /// last local date (YYYY-MM-DD)
    #[arg(long)]
    pub to: String,
    #[arg(long)]
    pub capacity: u32,
    /// in minor units (kopecks)
    #[arg(long)]
    pub adult_price: i64,
    /// in minor units; default: the adult price
    #[arg(long)]
    pub child_price: Option<i64>,
    /// an IANA name; default: the operator's (`tourdesk time-zone`)
    #[arg(long)]
    pub tz: Option<String>,
    /// ISO 4217, such as EUR; default: the operator's (`tourdesk currency`)
    #[arg(long)]
    pub currency: Option<String>,
    #[arg(long, default_value = "")]
    pub meeting_point: String,
    /// a staff member with the role guide: apply assigns them to each departure it makes
    #[arg(long)]
    pub guide: Option<String>,
    /// a resource by name (repeat for more): apply assigns it to each departure it makes
    #[arg(long = "resource")]
    pub resources: Vec<String>,
    /// idempotency key (UUID); a retry with the same key returns the first rule
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScheduleEditArgs {
    pub schedule_id: i64,
    /// new days of the week (as for add)
    #[arg(long)]
    pub days: Option<String>,
    /// new local times of day
    #[arg(long)]
    pub times: Option<String>,
    /// new first local date
    #[arg(long)]
    pub from: Option<String>,
    /// new last local date
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub capacity: Option<u32>,
    #[arg(long)]
    pub adult_price: Option<i64>,
    #[arg(long)]
    pub child_price: Option<i64>,
    #[arg(long)]
    pub meeting_point: Option<String>,
    /// a new guide: future departures without bookings change guide
    #[arg(long, conflicts_with = "no_guide")]
    pub guide: Option<String>,
    /// take the guide off the rule (and off its future departures without bookings)
    #[arg(long)]
    pub no_guide: bool,
    /// the rule's resources from now on (repeat for more); replaces the old set
    #[arg(long = "resource", conflicts_with = "no_resources")]
    pub resources: Vec<String>,
    /// take every resource off the rule (and off its future departures without bookings)
    #[arg(long)]
    pub no_resources: bool,
    /// say what the edit would change, and change nothing
    #[arg(long, conflicts_with = "key")]
    pub dry_run: bool,
    #[arg(long)]
    pub key: Option<String>,
}
