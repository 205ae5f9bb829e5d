//! What a benchmark run can fail with. The bench is a library of its own
//! below the CLI: it names its failures here, each saying what to do, and the
//! CLI maps them to its codes and exit codes at its edge (cli/bench.rs), so
//! the bench never depends on the CLI.

use super::guard::MARK;
use crate::booking::BookingError;
use crate::db::DbError;
use crate::field::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Booking(#[from] BookingError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error(
        "a benchmark writes thousands of bookings, so it never uses DATABASE_URL or the default database: \
         name a bench database with --database-url, e.g. --database-url postgres://postgres@127.0.0.1:5432/tourdesk_bench \
         (created and marked as a bench database when missing)"
    )]
    NoDatabase,
    #[error(
        "--database-url is not a valid PostgreSQL URL ({0}); expected e.g. postgres://postgres@127.0.0.1:5432/tourdesk_bench"
    )]
    BadUrl(String),
    #[error("--database-url names no database: add one, e.g. …/tourdesk_bench")]
    NoDatabaseName,
    #[error(
        "database {name} is not a bench database ({tables} table(s), not marked '{MARK}'): \
         a benchmark never writes to real data. Name a new database (it is created and marked), \
         or mark a scratch copy with: psql -c \"comment on database {name} is '{MARK}'\""
    )]
    NotBenchDatabase { name: String, tables: i64 },
    /// A check of the run's own results failed: its figures would be wrong.
    #[error(
        "bench {bench}: {what}. The run's figures would be wrong, so none are printed; \
         the run's rows stay in the bench database for a look"
    )]
    Invalid { bench: &'static str, what: String },
    #[error("bench field: cannot make the store's folder {dir}: {problem}. Name a writable folder with --dir")]
    ScratchDir { dir: String, problem: String },
    #[error(
        "bench field: the bare SQLite commits in {dir} failed ({source}). \
         Name a folder on a writable local disk with --dir"
    )]
    DiskFloor { dir: String, source: sqlx::Error },
}
