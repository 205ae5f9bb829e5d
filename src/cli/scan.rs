//! `tourdesk scan IMAGE...`: QR codes from photos, each checked against the
//! operator's keys, and optionally checked in.

use super::output::{CliError, Output};
use super::verdict::verdict_text;
use crate::booking::{CheckInMethod, CheckInRequest, Core};
use crate::domain::DepartureId;
use crate::ticket::decode;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::PathBuf;

/// Exit 0 when every image held a live ticket whose signature verifies (and,
/// with --checkin, everyone was admitted); 1 otherwise.
pub async fn scan(core: &Core, images: &[PathBuf], checkin: bool, departure: Option<i64>) -> Result<Output, CliError> {
    let mut text = String::new();
    let mut results = Vec::new();
    let mut all_good = true;
    for path in images {
        let shown = path.display().to_string();
        // decoding is CPU work: keep it off the async workers
        let p = path.clone();
        let decoded = tokio::task::spawn_blocking(move || decode::decode_file(&p))
            .await
            .map_err(|e| CliError::Input(format!("decoding {shown} failed: {e}")))?;
        let payloads = match decoded {
            Ok(p) => p,
            Err(e) => {
                all_good = false;
                let _ = writeln!(text, "{shown}: {e}");
                results.push(json!({"file": shown, "error": e.to_string(), "codes": []}));
                continue;
            }
        };
        if payloads.is_empty() {
            all_good = false;
            let _ = writeln!(text, "{shown}: no QR code found");
        }
        let mut codes = Vec::new();
        let mut image_ok = false;
        for payload in payloads {
            let inspected = core.inspect_code(&payload).await?;
            let mut v = serde_json::to_value(&inspected).unwrap_or(Value::Null);
            let _ = writeln!(
                text,
                "{shown}: {} — signature {}{}{}",
                inspected.code,
                inspected.signature.replace('_', " "),
                inspected
                    .problem
                    .as_deref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default(),
                inspected
                    .ticket_state
                    .as_deref()
                    .map(|t| format!(", ticket {t}"))
                    .unwrap_or_default()
            );
            let mut ok = inspected.signature == "valid" && inspected.ticket_state.as_deref() == Some("live");
            if checkin && inspected.claims.is_some() {
                let mut req = CheckInRequest::scan(&payload, departure.map(DepartureId));
                req.method = CheckInMethod::Image;
                let c = core.check_in(&req).await?;
                ok &= c.verdict.is_admitted();
                for line in verdict_text(&c).lines() {
                    let _ = writeln!(text, "  {line}");
                }
                v["checkin"] = serde_json::to_value(&c).unwrap_or(Value::Null);
            }
            image_ok |= ok;
            codes.push(v);
        }
        all_good &= image_ok;
        results.push(json!({"file": shown, "codes": codes}));
    }
    let mut out = Output::new(json!({ "images": results }), text);
    out.exit_code = if all_good { 0 } else { super::checkin::REFUSED_EXIT };
    Ok(out)
}
