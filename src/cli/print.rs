//! `tourdesk print ticket|receipt|zreport`: the same tickets, booking card
//! and Z-report the other commands show, sent to an ESC/POS printer
//! (crate::print). The tickets come from the same signing call as `ticket`
//! and are recorded as printed (api.tickets_printed) only once the printer
//! took them; a printer that is off, unplugged or out of paper is
//! PRINTER_UNAVAILABLE with what to check and where the tickets still are.
//! Paper speaks English or Russian (`--language`; print/strings.rs).

use super::args::{KeyFileArg, LanguageArg};
use super::output::{CliError, Output};
use crate::booking::{Core, Language};
use crate::domain::ShiftId;
use crate::print::{Printer, layout, strings};
use crate::service::Service;
use clap::{Args, Subcommand};
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum PrintCmd {
    /// A booking's tickets, one slip each (the group code, then one per person), with the
    /// QR; recorded as printed like `tourdesk ticket`
    Ticket {
        booking_number: String,
        #[command(flatten)]
        printer: PrinterArg,
        #[command(flatten)]
        key: KeyFileArg,
        /// the slips' words: en or ru (default: the booking's language)
        #[arg(long, value_enum)]
        language: Option<LanguageArg>,
    },
    /// A booking's receipt: its price lines, total, payments and refunds, balance due
    Receipt {
        booking_number: String,
        #[command(flatten)]
        printer: PrinterArg,
        /// also open the cash drawer (ESC p) after printing
        #[arg(long)]
        kick: bool,
        /// the receipt's words: en or ru (default: the booking's language)
        #[arg(long, value_enum)]
        language: Option<LanguageArg>,
    },
    /// A shift's Z-report, as `tourdesk shift report SHIFT` shows it
    Zreport {
        shift: i64,
        #[command(flatten)]
        printer: PrinterArg,
        /// the report's words: en (default) or ru
        #[arg(long, value_enum)]
        language: Option<LanguageArg>,
    },
}

#[derive(Debug, Args)]
pub struct PrinterArg {
    /// tcp://HOST[:PORT] (default port 9100) or a device path such as /dev/usb/lp0, with
    /// ?paper=58 for 58 mm rolls and &qr=raster for printers without a QR command
    #[arg(long, env = "TOURDESK_PRINTER")]
    pub printer: Option<String>,
}

impl PrinterArg {
    fn printer(&self) -> Result<Printer, CliError> {
        let Some(s) = self.printer.as_deref().filter(|s| !s.trim().is_empty()) else {
            return Err(CliError::Input(
                "no printer: give --printer tcp://HOST:9100 (or a device path), or set TOURDESK_PRINTER".into(),
            ));
        };
        s.parse().map_err(|source| CliError::Printer {
            source,
            hint: String::new(),
        })
    }
}

pub(super) async fn run(core: &Core, cmd: PrintCmd) -> Result<Output, CliError> {
    match cmd {
        PrintCmd::Ticket {
            booking_number,
            printer,
            key,
            language,
        } => {
            let lang = language_of(core, &booking_number, language).await?;
            ticket(core, &booking_number, &printer.printer()?, &key, lang).await
        }
        PrintCmd::Receipt {
            booking_number,
            printer,
            kick,
            language,
        } => receipt(core, &booking_number, &printer.printer()?, kick, language).await,
        PrintCmd::Zreport {
            shift,
            printer,
            language,
        } => {
            let lang = language.map_or(Language::En, Language::from);
            zreport(core, shift, &printer.printer()?, lang).await
        }
    }
}

/// `--language`, else the booking's (bookings remember their customer's).
async fn language_of(core: &Core, number: &str, arg: Option<LanguageArg>) -> Result<Language, CliError> {
    if let Some(l) = arg {
        return Ok(l.into());
    }
    let card = Service::with_core(Some(core.clone()), None)
        .booking_card(number)
        .await?;
    Ok(card.contact.language)
}

async fn send(printer: &Printer, job: Vec<u8>, hint: &str) -> Result<usize, CliError> {
    let n = job.len();
    printer.send_async(job).await.map_err(|source| CliError::Printer {
        source,
        hint: hint.to_string(),
    })?;
    Ok(n)
}

async fn ticket(
    core: &Core,
    number: &str,
    printer: &Printer,
    k: &KeyFileArg,
    lang: Language,
) -> Result<Output, CliError> {
    let key = super::tickets::signing_key(k)?;
    let tickets = core.tickets(number, &key).await?;
    let words = strings::paper(lang);
    let slips: Vec<_> = tickets
        .iter()
        .map(|t| (layout::slip_text(t, words), t.code.clone()))
        .collect();
    let job = layout::tickets(printer, &slips).map_err(|e| CliError::Input(e.to_string()))?;
    let hint =
        format!(". Nothing was recorded as printed; `tourdesk ticket {number} --out DIR` writes the tickets as PNGs");
    let bytes = send(printer, job, &hint).await?;
    let Some(first) = tickets.first() else {
        return Err(CliError::Input(format!("booking {number} has no tickets to print")));
    };
    core.record_printed(first.booking_id).await?;
    let mut text = format!(
        "{} ticket(s) of {} printed on {printer}",
        tickets.len(),
        first.booking_number
    );
    if let (n @ 1.., Some(_)) = (first.printed_before, first.last_printed_at) {
        text.push_str(&format!(
            "\n  ! printed {n} time(s) before: the earlier copies still admit; `tourdesk ticket --reissue` if one was lost"
        ));
    }
    let list: Vec<_> = tickets
        .iter()
        .map(|t| json!({"ticket_id": t.ticket_id, "kind": t.kind, "holder": t.holder, "code": t.code}))
        .collect();
    Ok(Output::new(
        json!({"printer": printer.to_string(), "booking_number": first.booking_number, "tickets": list,
               "printed_before": first.printed_before, "bytes": bytes}),
        text,
    ))
}

async fn receipt(
    core: &Core,
    number: &str,
    printer: &Printer,
    kick: bool,
    language: Option<LanguageArg>,
) -> Result<Output, CliError> {
    let card = Service::with_core(Some(core.clone()), None)
        .booking_card(number)
        .await?;
    let departure = core.departure(card.booking.departure_id).await?;
    let lang = language.map_or(card.contact.language, Language::from);
    let job = layout::receipt(printer, &card, &departure, strings::paper(lang), kick);
    let bytes = send(printer, job, "").await?;
    let b = &card.booking;
    Ok(Output::new(
        json!({"printer": printer.to_string(), "booking_number": b.booking_number, "kick": kick,
               "language": lang.as_str(), "bytes": bytes}),
        format!(
            "Receipt of {} printed on {printer}{}",
            b.booking_number,
            if kick { "; drawer opened" } else { "" }
        ),
    ))
}

async fn zreport(core: &Core, shift: i64, printer: &Printer, lang: Language) -> Result<Output, CliError> {
    let r = core.shift_report(ShiftId(shift)).await?;
    let zone = super::shifts::zone(core).await;
    let job = crate::print::zreport::zreport(printer, &r, &zone, strings::paper(lang));
    let bytes = send(printer, job, "; `tourdesk shift report` shows it on screen").await?;
    let what = match r.shift.z_number {
        Some(z) => format!("Z-report {z} (shift {shift})"),
        None => format!("Shift {shift}'s report (a preview: not approved yet)"),
    };
    Ok(Output::new(
        json!({"printer": printer.to_string(), "shift_id": shift, "z_number": r.shift.z_number, "bytes": bytes}),
        format!("{what} printed on {printer}"),
    ))
}
