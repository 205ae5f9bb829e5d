//! What goes on the paper, for 32 columns (58 mm) or 48 (80 mm): a
//! ticket per slip (the QR, then the same words as the ticket's PNG), a
//! booking's receipt from its price breakdown and ledger, and any text
//! report (the Z-report prints `shift report`'s own text) wrapped to the
//! paper. Pure: bytes out, no I/O.

use super::escpos::{Align, EscPos};
use super::{Paper, Printer, QrMode};
use crate::booking::{BookingCard, Departure};
use crate::domain::LedgerKind;
use crate::domain::money::show as money;
use crate::domain::pricing::PriceBreakdown;
use crate::ticket::render::{RenderError, TicketText};

/// "2026-11-24 08:00 +12" in the departure's zone, as the CLI shows times.
fn local_time(t: chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// `line` cut into lines of at most `width` characters at spaces (a word
/// longer than a line is cut); continuation lines keep its indent. A line
/// that fits is left as it is, spacing and all.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    let indent = line.chars().take_while(|c| *c == ' ').count().min(width / 2);
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    let (mut cur, mut fresh) = (pad.clone(), true);
    for word in line.split_whitespace() {
        let mut w: Vec<char> = word.chars().collect();
        loop {
            let len = cur.chars().count();
            let need = w.len() + usize::from(!fresh);
            if len + need <= width {
                if !fresh {
                    cur.push(' ');
                }
                cur.extend(w.iter());
                fresh = false;
                break;
            }
            if !fresh {
                out.push(std::mem::replace(&mut cur, pad.clone()));
                fresh = true;
                continue;
            }
            let room = width - len;
            cur.extend(w[..room].iter());
            out.push(std::mem::replace(&mut cur, pad.clone()));
            w.drain(..room);
        }
    }
    if !fresh {
        out.push(cur);
    }
    out
}

/// `left` and `right` on one line, `right` flush right; a left part too
/// long goes on lines of its own above.
pub fn pair(left: &str, right: &str, width: usize) -> Vec<String> {
    let (l, r) = (left.chars().count(), right.chars().count());
    if l + 1 + r <= width {
        return vec![format!("{left}{}{right}", " ".repeat(width - l - r))];
    }
    let mut out = wrap(left, width);
    out.push(format!("{right:>width$}"));
    out
}

fn rule(p: &mut EscPos, paper: Paper) {
    p.line(&"-".repeat(paper.columns()));
}

fn lines(p: &mut EscPos, text: &str, width: usize) {
    for l in wrap(text, width) {
        p.line(&l);
    }
}

/// One slip per ticket: booking number large, the QR, holder, tour, time,
/// meeting point; cut after each.
pub fn tickets(printer: &Printer, tickets: &[(TicketText, String)]) -> Result<Vec<u8>, RenderError> {
    let paper = printer.paper;
    let w = paper.columns();
    let mut p = EscPos::new();
    for (text, code) in tickets {
        p.align(Align::Center).bold(true).size(2, 2);
        lines(&mut p, &text.booking_number, w / 2);
        p.size(1, 1).bold(false);
        match printer.qr {
            QrMode::Native => {
                p.qr_native(code, paper.qr_module());
            }
            QrMode::Raster => {
                p.qr_raster(code, u32::from(paper.qr_module()))?;
            }
        }
        p.bold(true);
        lines(&mut p, &text.holder, w);
        p.bold(false);
        for l in [&text.tour, &text.when, &text.meeting_point] {
            if !l.is_empty() {
                lines(&mut p, l, w);
            }
        }
        p.align(Align::Left).feed(3).cut();
    }
    Ok(p.into_bytes())
}

/// A booking's receipt: what it costs line by line, every payment and
/// refund from the ledger, paid and still due; `kick` opens the drawer.
pub fn receipt(printer: &Printer, card: &BookingCard, departure: &Departure, kick: bool) -> Vec<u8> {
    let paper = printer.paper;
    let w = paper.columns();
    let b = &card.booking;
    let cur = b.currency.as_str();
    let tz = &departure.time_zone;
    let mut p = EscPos::new();
    p.align(Align::Center).bold(true).size(2, 2);
    lines(&mut p, &b.booking_number, w / 2);
    p.size(1, 1);
    p.line("RECEIPT");
    p.bold(false);
    lines(&mut p, &departure.tour, w);
    lines(&mut p, &local_time(departure.starts_at, tz), w);
    p.align(Align::Left);
    rule(&mut p, paper);
    lines(&mut p, &format!("Customer: {}", b.contact_name), w);
    lines(&mut p, &format!("Confirmation code: {}", b.confirmation_code), w);
    if b.status == crate::domain::BookingStatus::Cancelled {
        p.bold(true).line("CANCELLED").bold(false);
    }
    rule(&mut p, paper);
    match serde_json::from_value::<PriceBreakdown>(b.price.clone()) {
        Ok(q) => {
            for l in &q.lines {
                for x in pair(&l.label, &money(l.amount_minor, cur), w) {
                    p.line(&x);
                }
            }
        }
        Err(_) => {
            let party = format!("{} adult(s), {} child(ren)", b.adults, b.children);
            for x in pair(&party, &money(b.total_minor, cur), w) {
                p.line(&x);
            }
        }
    }
    p.bold(true);
    for x in pair("TOTAL", &money(b.total_minor, cur), w) {
        p.line(&x);
    }
    p.bold(false);
    rule(&mut p, paper);
    let (mut paid, mut refunded) = (0i64, 0i64);
    for e in &card.ledger {
        let when = local_time(e.at, tz);
        let (what, amount) = match e.kind {
            LedgerKind::Payment => {
                paid += e.amount_minor;
                (format!("{when} paid, {}", e.method), money(e.amount_minor, &e.currency))
            }
            LedgerKind::Refund => {
                refunded += e.amount_minor;
                (
                    format!("{when} refund, {}", e.method),
                    money(-e.amount_minor, &e.currency),
                )
            }
        };
        for x in pair(&what, &amount, w) {
            p.line(&x);
        }
        if !e.reference.is_empty() {
            lines(&mut p, &format!("  ref. {}", e.reference), w);
        }
    }
    // "Paid" always, "Refunded" only when something was
    for (label, amount, always) in [("Paid", paid, true), ("Refunded", refunded, false)] {
        if amount != 0 || always {
            for x in pair(label, &money(amount, cur), w) {
                p.line(&x);
            }
        }
    }
    p.bold(true);
    for x in pair("Balance due", &money((b.total_minor - paid).max(0), cur), w) {
        p.line(&x);
    }
    p.bold(false);
    if let Some(e) = card.ledger.last() {
        lines(&mut p, &format!("Served by {} at {}", e.staff_name, e.device_name), w);
    }
    p.feed(3).cut();
    if kick {
        p.kick();
    }
    p.into_bytes()
}

/// A text report (the Z-report): its first line as a bold title, every
/// line wrapped to the paper.
pub fn text_report(printer: &Printer, text: &str) -> Vec<u8> {
    let w = printer.paper.columns();
    let mut p = EscPos::new();
    let mut it = text.lines();
    if let Some(title) = it.next() {
        p.align(Align::Center).bold(true);
        lines(&mut p, title, w);
        p.bold(false).align(Align::Left);
    }
    for l in it {
        lines(&mut p, l, w);
    }
    p.feed(3).cut();
    p.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_that_fit_and_the_indent() {
        assert_eq!(wrap("  a   b", 32), ["  a   b"]);
        assert_eq!(wrap("  one two three four", 10), ["  one two", "  three", "  four"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        for l in wrap(&"Ёлка ".repeat(40), 32) {
            assert!(l.chars().count() <= 32, "{l}");
        }
    }

    #[test]
    fn pairs_put_the_amount_flush_right() {
        assert_eq!(
            pair("Adult × 2", "15 000.00 RUB", 32),
            ["Adult × 2          15 000.00 RUB"]
        );
        let long = pair(&"x".repeat(30), "1.00 RUB", 32);
        assert_eq!(long.len(), 2);
        assert_eq!(long[1].chars().count(), 32);
    }
}
