//! What goes on the paper, for 32 columns (58 mm) or 48 (80 mm): a
//! ticket per slip (the QR, then the same words as the ticket's PNG), a
//! booking's receipt from its price breakdown and ledger, in English or
//! Russian (strings.rs; the Z-report is zreport.rs). Pure: bytes out, no I/O.
//!
//! Widths are counted on the text as it prints: a character CP866 lacks
//! becomes one or more others (`…` is `...`, `₽` is `RUB`), and a line
//! measured before that would push its amount out of the column.

use super::escpos::{Align, EscPos};
use super::strings::{PaperText, fill, local_time};
use super::{Paper, Printer, QrMode, cp866};
use crate::booking::{BookingCard, Departure, IssuedTicket};
use crate::domain::LedgerKind;
use crate::domain::money::show as money;
use crate::domain::pricing::{PriceBreakdown, PriceLineKind};
use crate::ticket::TicketKind;
use crate::ticket::render::{RenderError, TicketText};

/// `s` as the printer prints it (see the module's note on widths).
pub fn printed(s: &str) -> String {
    cp866::decode(&cp866::encode(s))
}

/// `line` cut into lines of at most `width` characters at spaces (a word
/// longer than a line is cut); continuation lines keep its indent. A line
/// that fits is left as it is, spacing and all.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let line = &printed(line);
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
    let (left, right) = (&printed(left), &printed(right));
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
    let mut p = EscPos::new(printer.code_page);
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

/// The words under a ticket's QR on a slip, in the paper's language: the
/// holder (a group code says how many it admits), tour, local start,
/// meeting point.
pub fn slip_text(t: &IssuedTicket, s: &PaperText) -> TicketText {
    TicketText {
        booking_number: t.booking_number.clone(),
        holder: match t.kind {
            TicketKind::Group => fill(s.group_of, &[&t.admits, &t.holder]),
            TicketKind::Participant => t.holder.clone(),
        },
        tour: t.tour.clone(),
        when: fill(s.departs, &[&local_time(t.starts_at, &t.time_zone)]),
        meeting_point: if t.meeting_point.is_empty() {
            String::new()
        } else {
            fill(s.meeting_point, &[&t.meeting_point])
        },
    }
}

fn pairs(p: &mut EscPos, left: &str, right: &str, width: usize) {
    for x in pair(left, right, width) {
        p.line(&x);
    }
}

/// A booking's receipt in the words of `s`: what it costs line by line,
/// every payment and refund from the ledger, paid and still due; `kick`
/// opens the drawer.
pub fn receipt(printer: &Printer, card: &BookingCard, departure: &Departure, s: &PaperText, kick: bool) -> Vec<u8> {
    let w = printer.paper.columns();
    let mut p = EscPos::new(printer.code_page);
    receipt_header(&mut p, printer.paper, card, departure, s);
    rule(&mut p, printer.paper);
    receipt_lines(&mut p, w, card, s);
    rule(&mut p, printer.paper);
    receipt_payments(&mut p, w, card, &departure.time_zone, s);
    p.feed(3).cut();
    if kick {
        p.kick();
    }
    p.into_bytes()
}

/// Booking number large, the title, tour and start; customer and code.
fn receipt_header(p: &mut EscPos, paper: Paper, card: &BookingCard, departure: &Departure, s: &PaperText) {
    let w = paper.columns();
    let b = &card.booking;
    p.align(Align::Center).bold(true).size(2, 2);
    lines(p, &b.booking_number, w / 2);
    p.size(1, 1);
    p.line(s.receipt);
    p.bold(false);
    lines(p, &departure.tour, w);
    lines(p, &local_time(departure.starts_at, &departure.time_zone), w);
    p.align(Align::Left);
    rule(p, paper);
    lines(p, &fill(s.customer, &[&b.contact_name]), w);
    lines(p, &fill(s.confirmation, &[&b.confirmation_code]), w);
    if b.status == crate::domain::BookingStatus::Cancelled {
        p.bold(true).line(s.cancelled).bold(false);
    }
}

/// The price lines (the party's in the paper's words, a rule's by its own
/// description) and the total, amounts flush right.
fn receipt_lines(p: &mut EscPos, w: usize, card: &BookingCard, s: &PaperText) {
    let b = &card.booking;
    let cur = b.currency.as_str();
    match serde_json::from_value::<PriceBreakdown>(b.price.clone()) {
        Ok(q) => {
            for l in &q.lines {
                let label = match l.kind {
                    PriceLineKind::Adults => fill(s.adult_line, &[&q.adults]),
                    PriceLineKind::Children => fill(s.child_line, &[&q.children]),
                    PriceLineKind::Seasonal
                    | PriceLineKind::GroupDiscount
                    | PriceLineKind::EarlyBird
                    | PriceLineKind::Other => l.label.clone(),
                };
                pairs(p, &label, &money(l.amount_minor, cur), w);
            }
        }
        Err(_) => {
            let party = fill(s.party, &[&b.adults, &b.children]);
            pairs(p, &party, &money(b.total_minor, cur), w);
        }
    }
    p.bold(true);
    pairs(p, s.total, &money(b.total_minor, cur), w);
    p.bold(false);
}

/// Every payment and refund, then paid (refunded when any) and the balance
/// due, and who served.
fn receipt_payments(p: &mut EscPos, w: usize, card: &BookingCard, tz: &str, s: &PaperText) {
    let b = &card.booking;
    let cur = b.currency.as_str();
    let (mut paid, mut refunded) = (0i64, 0i64);
    for e in &card.ledger {
        let when = local_time(e.at, tz);
        let method = s.method(e.method);
        let (what, amount) = match e.kind {
            LedgerKind::Payment => {
                paid += e.amount_minor;
                (fill(s.paid_on, &[&when, &method]), money(e.amount_minor, &e.currency))
            }
            LedgerKind::Refund => {
                refunded += e.amount_minor;
                (
                    fill(s.refund_on, &[&when, &method]),
                    money(-e.amount_minor, &e.currency),
                )
            }
        };
        pairs(p, &what, &amount, w);
        if !e.reference.is_empty() {
            lines(p, &format!("  {}", fill(s.reference, &[&e.reference])), w);
        }
    }
    // "Paid" always, "Refunded" only when something was
    for (label, amount, always) in [(s.paid, paid, true), (s.refunded, refunded, false)] {
        if amount != 0 || always {
            pairs(p, label, &money(amount, cur), w);
        }
    }
    p.bold(true);
    pairs(p, s.balance_due, &money((b.total_minor - paid).max(0), cur), w);
    p.bold(false);
    if let Some(e) = card.ledger.last() {
        lines(p, &fill(s.served_by, &[&e.staff_name, &e.device_name]), w);
    }
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
            ["Adult x 2          15 000.00 RUB"]
        );
        // measured as printed: "…" is three characters on paper
        let l = pair("Скидка группе…", "-1 500.00 RUB", 32);
        assert_eq!(l, ["Скидка группе...   -1 500.00 RUB"]);
        let long = pair(&"x".repeat(30), "1.00 RUB", 32);
        assert_eq!(long.len(), 2);
        assert_eq!(long[1].chars().count(), 32);
    }
}
