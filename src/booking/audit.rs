//! The audit chain (migration 0010): the audit log is append-only and every
//! row, once sealed, carries the hash of the one before it. Writers never wait
//! for the chain — rows are sealed lazily, after they commit, by
//! `td_audit_seal()` (the sweeper calls it, and so does every verify) — so a
//! global chain lock never sits on the sales path. Verifying walks the chain on
//! the server and names the first row that does not fit; the head hash it
//! reports is the anchor an operator writes down, since whoever can rewrite
//! the whole chain (the owner, with the trigger disabled) can only be caught
//! by comparing against a hash kept elsewhere.

use super::{Core, Result};
use crate::domain::Action;
use serde::Serialize;

/// What is wrong with the first broken row of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditProblem {
    /// A chain position is missing: a sealed row was deleted (or its seq rewritten).
    Gap,
    /// The row's prev_hash is not the hash of the row before: rows removed,
    /// reordered or re-hashed.
    PrevMismatch,
    /// The row's content is not what was sealed: it was edited.
    HashMismatch,
    /// The chain is consistent, but the row at the anchor's seq does not have
    /// the hash written down earlier: the chain was rewritten from there on.
    AnchorMismatch,
}

impl AuditProblem {
    fn parse(s: &str) -> AuditProblem {
        match s {
            "gap" => AuditProblem::Gap,
            "prev_mismatch" => AuditProblem::PrevMismatch,
            "anchor_mismatch" => AuditProblem::AnchorMismatch,
            _ => AuditProblem::HashMismatch,
        }
    }

    /// In words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            AuditProblem::Gap => "the chain position before it is missing (a sealed audit row was deleted)",
            AuditProblem::PrevMismatch => {
                "its link to the row before does not match (rows were removed, reordered or re-hashed)"
            }
            AuditProblem::HashMismatch => "its content differs from what was sealed (the row was edited)",
            AuditProblem::AnchorMismatch => {
                "its hash is not the one written down for it (the chain was recomputed after an edit)"
            }
        }
    }
}

/// A chain position and its hash, written down after an earlier verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAnchor {
    pub seq: i64,
    /// lower-case hex
    pub hash: String,
}

impl AuditAnchor {
    /// `SEQ:HASH` as `audit verify` prints them, e.g. `48211:9f2c…`.
    pub fn parse(s: &str) -> Result<AuditAnchor> {
        let bad = || {
            super::BookingError::invalid(
                "anchor",
                "expected SEQ:HASH as printed by `tourdesk audit verify`, e.g. 1234:9f2c…(64 hex digits)",
            )
        };
        let (seq, hash) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if seq < 1 || hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(AuditAnchor { seq, hash })
    }
}

/// The first row where the chain breaks.
#[derive(Debug, Clone, Serialize)]
pub struct BrokenAuditRow {
    pub seq: i64,
    /// `audit_log.id` of the row (none: an anchor's seq that no row has)
    pub id: Option<i64>,
    pub problem: AuditProblem,
}

/// The result of sealing and walking the chain.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    /// rows this call sealed before verifying
    pub sealed_now: i64,
    /// sealed rows checked
    pub checked: i64,
    /// rows not sealed yet (their transactions were still open)
    pub unsealed: i64,
    /// the last chain position and its hash (hex): the anchor to write down
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    pub broken: Option<BrokenAuditRow>,
}

impl AuditVerification {
    pub fn intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// What `api.audit_verify` answers: sealed now, checked, unsealed, the head
/// (seq, hash), the first broken row (seq, id) and its problem.
type VerifyRow = (
    i32,
    i64,
    i64,
    Option<i64>,
    Option<Vec<u8>>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

impl Core {
    /// Seals every committed unsealed audit row (waiting for another sealer
    /// if one is at work); returns how many it sealed.
    #[tracing::instrument(skip(self))]
    pub async fn seal_audit(&self) -> Result<i64> {
        let n: i32 = sqlx::query_scalar("select td_audit_seal(true)")
            .fetch_one(&self.pool)
            .await?;
        Ok(i64::from(n))
    }

    /// Seals, then checks the whole chain (a manager's job: it reads the
    /// audit) and, when the chain holds, that the anchor's row still has the
    /// hash written down for it. Through `api.audit_verify`, so a manager
    /// logged in with a PIN as the application role can run it too.
    #[tracing::instrument(skip(self))]
    pub async fn verify_audit(&self, anchor: Option<&AuditAnchor>) -> Result<AuditVerification> {
        self.allow(Action::Stats, "verify the audit chain")?;
        let (sealed_now, checked, unsealed, head_seq, head_hash, broken_seq, broken_id, problem): VerifyRow =
            sqlx::query_as("select * from api.audit_verify($1, $2, $3)")
                .bind(self.session())
                .bind(anchor.map(|a| a.seq))
                .bind(anchor.map(|a| unhex(&a.hash)))
                .fetch_one(&self.pool)
                .await?;
        let sealed_now = i64::from(sealed_now);
        let broken = match (broken_seq, problem) {
            (Some(seq), Some(p)) => Some(BrokenAuditRow {
                seq,
                id: broken_id,
                problem: AuditProblem::parse(&p),
            }),
            _ => None,
        };
        Ok(AuditVerification {
            sealed_now,
            checked,
            unsealed,
            head_seq,
            head_hash: head_hash.map(|h| hex(&h)),
            broken,
        })
    }
}

/// Hex digits (checked by [`AuditAnchor::parse`]) as bytes.
fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
