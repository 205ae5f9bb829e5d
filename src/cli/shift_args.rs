//! Arguments of `tourdesk shift …` (kept apart from args.rs, which is long
//! enough): a cash drawer's shift on this device (`--device` /
//! `TOURDESK_DEVICE`), its cash movements, its close with the count, a
//! manager's approval and the Z-report.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ShiftCmd {
    /// Open a shift on this device with the opening float (cash in the drawer, in the
    /// operator's currency); from then on every payment and refund taken here belongs to it
    Open {
        /// the opening float in minor units (kopecks), e.g. 500000 for 5 000.00 RUB
        #[arg(long = "float", allow_negative_numbers = true)]
        float_minor: i64,
        /// idempotency key (UUID); a retry with the same key returns the first shift
        #[arg(long)]
        key: Option<String>,
    },
    /// The shift open on this device (or SHIFT) with its figures per method: float, cash in
    /// and out, payments, refunds, expected; once closed also counted and over/short
    Status {
        /// a shift's number (default: the one open on this device)
        shift: Option<i64>,
    },
    /// Put cash into the open shift's drawer, with a reason (e.g. change from the bank)
    CashIn {
        /// in minor units (kopecks)
        #[arg(long, allow_negative_numbers = true)]
        amount: i64,
        #[arg(long)]
        reason: String,
        /// idempotency key (UUID); a retry with the same key returns the first movement
        #[arg(long)]
        key: Option<String>,
    },
    /// Take cash out of the open shift's drawer, with a reason (e.g. fuel for the bus)
    CashOut {
        /// in minor units (kopecks)
        #[arg(long, allow_negative_numbers = true)]
        amount: i64,
        #[arg(long)]
        reason: String,
        /// idempotency key (UUID); a retry with the same key returns the first movement
        #[arg(long)]
        key: Option<String>,
    },
    /// Close the shift open on this device with the drawer's count; prints expected, counted
    /// and over/short per method (card slips are summed from the ledger)
    Close {
        /// a note or coin and how many, in minor units: --count 500000=2 --count 10000=7
        /// (one not given counts 0)
        #[arg(long = "count", value_name = "VALUE=N")]
        counts: Vec<String>,
        /// idempotency key (UUID); a retry with the same key returns the closed shift
        #[arg(long)]
        key: Option<String>,
    },
    /// Approve a closed shift (a manager's): it gets its Z-report number and never changes again
    Approve {
        shift: i64,
        /// idempotency key (UUID); a retry with the same key returns the approval
        #[arg(long)]
        key: Option<String>,
    },
    /// The day's report: every shift open during a day (the operator's time zone) with its
    /// figures, and the payments and refunds of that day taken outside any shift
    Day {
        /// local date (YYYY-MM-DD); default today
        #[arg(long)]
        date: Option<String>,
    },
    /// The Z-report of a shift: sales, refunds and vouchers by method, by tour and by staff,
    /// cash movements, expected, counted and over/short; with --out also as CSV and PNG
    Report {
        shift: i64,
        /// folder for the CSV and PNG (Z-<number>.csv/.png, or shift-<id>.* before approval)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}
