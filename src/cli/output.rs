//! What a command prints: JSON for scripts, text for people.

use crate::booking::BookingError;
use crate::db::DbError;
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
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Booking(e) => e.code(),
            CliError::Field(e) => e.code(),
            CliError::Db(DbError::Unreachable { .. } | DbError::Refused(_)) => "DB_UNAVAILABLE",
            CliError::Db(DbError::BadUrl(_)) => "INVALID_INPUT",
            CliError::Db(_) => "DATABASE",
            CliError::Input(_) => "INVALID_INPUT",
            CliError::Usage(_) => "USAGE",
        }
    }

    /// 1: refused by the rules (sold out, expired, …); 2: bad input;
    /// 3: database unreachable or failing.
    pub fn exit_code(&self) -> u8 {
        match self.code() {
            "INVALID_INPUT" | "INVALID_PARTY" | "USAGE" => 2,
            "DB_UNAVAILABLE" | "DATABASE" => 3,
            _ => 1,
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

pub fn print_error(json: bool, e: &CliError) {
    if json {
        let mut err = json!({"code": e.code(), "message": e.to_string()});
        if let CliError::Booking(b) = e
            && let Value::Object(extra) = b.details()
        {
            for (k, v) in extra {
                err[k] = v;
            }
        }
        line(&json!({ "error": err }).to_string());
    } else {
        eprintln!("error [{}]: {e}", e.code());
    }
}
