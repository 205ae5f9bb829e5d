//! `tourdesk audit verify`: seals the audit rows committed since the last
//! seal, walks the hash chain (booking/audit.rs) and prints the head hash — the
//! anchor an operator writes down — or the first broken row with what to do.
//! Exit 0 intact, 1 broken (like `checkin`'s verdicts: the JSON is the report,
//! with an `error` object added when the chain is broken).

use super::output::{CliError, Output};
use crate::booking::{AuditAnchor, AuditVerification, Core};
use crate::domain::ErrorCode;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Seal new audit rows, check the hash chain, print the head hash (exit 1 when broken)
    Verify {
        /// SEQ:HASH printed by an earlier verify: that row must still have that hash
        #[arg(long)]
        anchor: Option<String>,
    },
}

pub async fn run(core: &Core, cmd: AuditCmd) -> Result<Output, CliError> {
    match cmd {
        AuditCmd::Verify { anchor } => {
            let anchor = anchor.as_deref().map(AuditAnchor::parse).transpose()?;
            let v = core.verify_audit(anchor.as_ref()).await?;
            Ok(report(&v))
        }
    }
}

const WHAT_TO_DO: &str = "The audit trail was changed outside tourdesk (only the database owner can \
     bypass the append-only trigger). Do not repair it in place: keep a copy (pg_dump), compare the row \
     with a backup or an earlier export, find who holds the owner's or a superuser's password and change \
     it, and report the incident.";

fn report(v: &AuditVerification) -> Output {
    let head = match (&v.head_seq, &v.head_hash) {
        (Some(seq), Some(hash)) => format!("head: seq {seq}, hash {hash}\nanchor: {seq}:{hash}"),
        _ => "head: none (nothing sealed yet)".to_string(),
    };
    let counts = format!(
        "{} row(s) checked ({} sealed just now), {} not sealed yet (still in open transactions)",
        v.checked, v.sealed_now, v.unsealed
    );
    let mut json = serde_json::to_value(v).unwrap_or(Value::Null);
    match &v.broken {
        None => {
            json["intact"] = json!(true);
            Output::new(
                json,
                format!(
                    "Audit chain intact: {counts}.\n{head}\n\
                     Write the anchor down with today's date, away from the database; \
                     `tourdesk audit verify --anchor SEQ:HASH` checks it later."
                ),
            )
        }
        Some(b) => {
            let row =
                b.id.map_or_else(|| "no such row".to_string(), |id| format!("audit row {id}"));
            let at = format!("seq {} ({row}): {}", b.seq, b.problem.describe());
            let message = format!("the audit chain is broken at {at}. {WHAT_TO_DO}");
            json["intact"] = json!(false);
            json["error"] = json!({"code": ErrorCode::AuditChainBroken, "message": message});
            let mut out = Output::new(
                json,
                format!("Audit chain BROKEN at {at}.\n{counts}.\n{head}\n{WHAT_TO_DO}"),
            );
            out.exit_code = super::exit::exit_code(ErrorCode::AuditChainBroken);
            out
        }
    }
}
