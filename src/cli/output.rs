//! What a command prints: JSON for scripts, text for people.

use crate::booking::BookingError;
use crate::db::DbError;
use crate::domain::ErrorCode;
use serde_json::{Value, json};

/// One command's result: the JSON object and its readable text.
pub struct Output {
    pub json: Value,
    pub text: String,
    pub exit_code: u8,
}

impl Output {
    pub fn new(json: Value, text: impl Into<String>) -> Output {
        Output {
            json,
            text: text.into(),
            exit_code: 0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Booking(#[from] BookingError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Field(#[from] crate::field::FieldError),
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Usage(String),
    /// A printer that did not take a job; `hint` says where what was not
    /// printed can still be had.
    #[error("{source}{hint}")]
    Printer {
        source: crate::print::PrintError,
        hint: String,
    },
    /// An error of a write that carries an idempotency key: the key and the
    /// exact command that retries it safely go with every error.
    #[error("{source}{}", keyed_hint(source, key, retry))]
    Keyed {
        source: Box<CliError>,
        key: uuid::Uuid,
        retry: String,
    },
}

fn keyed_hint(source: &CliError, key: &uuid::Uuid, retry: &str) -> String {
    match source.code() {
        ErrorCode::OutcomeUnknown => format!("\nTo find out, re-run exactly this (same key): {retry}"),
        ErrorCode::DbUnavailable | ErrorCode::Busy | ErrorCode::LockTimeout | ErrorCode::Database => {
            format!("\n(request key {key}; to try again safely: {retry})")
        }
        _ => format!(" (request key {key})"),
    }
}

impl CliError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CliError::Booking(e) => e.code(),
            CliError::Keyed { source, .. } => source.code(),
            CliError::Field(e) => e.code(),
            CliError::Db(DbError::Unreachable { .. } | DbError::Refused(_)) => ErrorCode::DbUnavailable,
            CliError::Db(DbError::BadUrl(_)) => ErrorCode::InvalidInput,
            CliError::Db(DbError::Busy { .. }) => ErrorCode::Busy,
            // the link broke while starting (before any write was sent)
            CliError::Db(DbError::Other(sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut)) => ErrorCode::DbUnavailable,
            CliError::Db(_) => ErrorCode::Database,
            CliError::Input(_) => ErrorCode::InvalidInput,
            CliError::Usage(_) => ErrorCode::Usage,
            CliError::Printer {
                source: crate::print::PrintError::BadPrinter(_),
                ..
            } => ErrorCode::InvalidInput,
            CliError::Printer { .. } => ErrorCode::PrinterUnavailable,
        }
    }

    /// The exit code of this error's code ([`super::exit::exit_code`]).
    pub fn exit_code(&self) -> u8 {
        super::exit::exit_code(self.code())
    }

    /// This error with the write's key and the command that retries it.
    pub fn keyed(self, key: uuid::Uuid) -> CliError {
        match self {
            CliError::Keyed { .. } => self,
            source => CliError::Keyed {
                source: Box::new(source),
                key,
                retry: retry_command(key),
            },
        }
    }
}

/// A line on stdout. A closed pipe (`tourdesk manifest 3 | head`) is not an
/// error worth a panic: the reader has what it wanted.
pub fn line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{s}");
}

pub fn print(json: bool, out: &Output) {
    if json {
        // Null: the command already printed its lines (a scanner stream)
        if !out.json.is_null() {
            line(&out.json.to_string());
        }
    } else if !out.text.is_empty() {
        line(out.text.trim_end());
    }
}

/// This process's command line with `--key <key>` (added when it was not
/// given), quoted for a POSIX shell.
fn retry_command(key: uuid::Uuid) -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has_key = args.iter().any(|a| a == "--key" || a.starts_with("--key="));
    let mut words = vec!["tourdesk".to_string()];
    words.extend(args.iter().map(|a| shell_quote(a)));
    if !has_key {
        words.push("--key".into());
        words.push(key.to_string());
    }
    words.join(" ")
}

fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "-_./:=+@,%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub fn print_error(json: bool, e: &CliError) {
    if json {
        let (inner, keyed) = match e {
            CliError::Keyed { source, key, retry } => (source.as_ref(), Some((key, retry))),
            other => (other, None),
        };
        // JSON carries the key in fields of its own; only an unknown outcome
        // also says in words what to run (the text says it for every error)
        let message = match keyed {
            Some(_) if !matches!(inner, CliError::Booking(BookingError::OutcomeUnknown { .. })) => inner.to_string(),
            _ => e.to_string(),
        };
        let mut err = json!({"code": e.code(), "message": message});
        if let CliError::Booking(b) = inner
            && let Value::Object(extra) = b.details()
        {
            for (k, v) in extra {
                err[k] = v;
            }
        }
        if let Some((key, retry)) = keyed {
            err["key"] = json!(key);
            err["retry_command"] = json!(retry);
        }
        line(&json!({ "error": err }).to_string());
    } else {
        eprintln!("error [{}]: {e}", e.code());
    }
}
