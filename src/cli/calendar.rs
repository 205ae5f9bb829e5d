//! `tourdesk calendar --guide NAME|--resource NAME|--departure ID [--out FILE]`:
//! an iCalendar (RFC 5545) feed a phone calendar can subscribe to. The
//! server picks the departures; service::calendar writes the text.

use super::output::{CliError, Output};
use crate::booking::{CalendarOf, Core};
use crate::service::calendar::{ics, uid};
use clap::{ArgGroup, Args};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("of").required(true).args(["guide", "resource", "departure"])))]
pub struct CalendarArgs {
    /// the departures this guide (a staff name) leads
    #[arg(long)]
    pub guide: Option<String>,
    /// the departures this resource serves
    #[arg(long)]
    pub resource: Option<String>,
    /// one departure
    #[arg(long)]
    pub departure: Option<i64>,
    /// write the feed to this file (default: print it)
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub(super) async fn run(core: &Core, a: CalendarArgs) -> Result<Output, CliError> {
    let of = match (a.guide, a.resource, a.departure) {
        (Some(g), None, None) => CalendarOf::Guide(g),
        (None, Some(r), None) => CalendarOf::Resource(r),
        (None, None, Some(d)) => CalendarOf::Departure(d),
        _ => return Err(CliError::Usage("name one of --guide, --resource, --departure".into())),
    };
    let feed = core.calendar(&of).await?;
    let text = ics(&feed);
    let cancelled = feed.events.iter().filter(|e| e.cancelled).count();
    let withdrawn = feed.events.iter().filter(|e| e.withdrawn && !e.cancelled).count();
    let mut json = serde_json::json!({
        "title": feed.title,
        "events": feed.events.len(),
        "cancelled": cancelled,
        "withdrawn": withdrawn,
        "uids": feed.events.iter().map(|e| uid(e.departure_id)).collect::<Vec<_>>(),
    });
    match a.out {
        Some(path) => {
            std::fs::write(&path, &text)
                .map_err(|e| CliError::Input(format!("cannot write {}: {e}", path.display())))?;
            json["out"] = serde_json::json!(path.display().to_string());
            let summary = format!(
                "{}: {} event(s), {} cancelled, {} no longer theirs, written to {}",
                feed.title,
                feed.events.len(),
                cancelled,
                withdrawn,
                path.display()
            );
            Ok(Output::new(json, summary))
        }
        None => {
            json["ics"] = serde_json::json!(text);
            Ok(Output::new(json, text.trim_end()))
        }
    }
}
