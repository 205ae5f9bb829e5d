//! Arguments of `tourdesk pickup …` and `booking pickup` (kept apart from
//! args.rs, which is long enough): a tour's pickup points and a booking's
//! choice of one.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum PickupCmd {
    /// Add a pickup point to a tour's route (a manager's): a time relative to the departure
    /// (--minutes-before) or a local time of day (--at)
    Add {
        /// the tour's name
        #[arg(long)]
        tour: String,
        /// the stop's name, such as "Hotel Petropavlovsk"
        #[arg(long)]
        name: String,
        /// minutes before the departure's start, 0 to 1440
        #[arg(long, conflicts_with = "at", required_unless_present = "at")]
        minutes_before: Option<u32>,
        /// a local time of day (24-hour HH:MM) in the departure's zone, on the departure's day
        #[arg(long)]
        at: Option<String>,
        /// its place on the route, from 1 (the stops from there move one down); default: last
        #[arg(long)]
        position: Option<u32>,
        /// idempotency key (UUID); a retry with the same key returns the first point
        #[arg(long)]
        key: Option<String>,
    },
    /// A tour's pickup points in route order (removed ones last), with the bookings to come
    /// that chose each
    List {
        #[arg(long)]
        tour: String,
    },
    /// Remove a pickup point (a manager's): sales no longer offer it; the bookings to come that
    /// chose it keep it and are listed, to be told (`booking pickup NUMBER --point ID`)
    Remove {
        /// the pickup point's id (`pickup list`)
        point: i64,
        /// idempotency key (UUID); a retry with the same key returns the first answer
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct BookingPickupArgs {
    pub booking_number: String,
    /// the pickup point's id: an active one of the booking's tour (`pickup list --tour NAME`)
    #[arg(long, conflicts_with = "none", required_unless_present = "none")]
    pub point: Option<i64>,
    /// no pickup: the party comes to the meeting point
    #[arg(long)]
    pub none: bool,
    /// idempotency key (UUID); a retry with the same key returns the first answer
    #[arg(long)]
    pub key: Option<String>,
}
