//! The arguments of `tourdesk return` (its own file: args.rs is long).

use clap::Args;

/// `tourdesk return CODE | --participant ID | --everyone --departure ID`,
/// and `--left --participant ID --note TEXT`.
#[derive(Debug, Args)]
pub struct ReturnArgs {
    /// the ticket code as scanned (a participant's, or a group code: the whole party)
    #[arg(required_unless_present_any = ["participant", "everyone"], conflicts_with_all = ["participant", "everyone"])]
    pub code: Option<String>,
    /// one participant by id; on a field laptop offline, a person of its own offline sale
    /// not synced yet as SALE/POSITION (as `rollcall` lists them, e.g. 17/2)
    #[arg(long, conflicts_with = "everyone")]
    pub participant: Option<String>,
    /// everyone of the departure still out (needs --departure)
    #[arg(long, requires = "departure")]
    pub everyone: bool,
    /// the departure being counted: a person of another is NOT_CHECKED_IN
    #[arg(long)]
    pub departure: Option<i64>,
    /// the participant left the group during the trip (a guide's or a manager's; needs --note)
    #[arg(long, requires_all = ["participant", "note"], conflicts_with = "everyone")]
    pub left: bool,
    /// why, where, how (required with --left)
    #[arg(long)]
    pub note: Option<String>,
    /// idempotency key (UUID); a retry with the same key returns the first answer
    #[arg(long)]
    pub key: Option<String>,
}
