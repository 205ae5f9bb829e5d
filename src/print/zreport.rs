//! A shift's Z-report on paper, in the words of strings.rs: the title (a
//! preview before approval), the shift's header, its figures by method,
//! by tour and by staff, and the cash movements — one label and one
//! amount a line, amounts flush right, so 32 columns hold it as well as
//! 48. The same figures as `tourdesk shift report` and the kiosk's shift
//! screen. Pure: bytes out, no I/O.

use super::Printer;
use super::escpos::{Align, EscPos};
use super::layout::{pair, wrap};
use super::strings::{PaperText, fill, local_time};
use crate::booking::{ReportGroup, TallyLine, ZReport};
use crate::domain::PaymentMethod;
use crate::domain::money::show as money;

struct Paper<'a> {
    p: EscPos,
    w: usize,
    s: &'a PaperText,
}

impl Paper<'_> {
    fn text(&mut self, text: &str) {
        for l in wrap(text, self.w) {
            self.p.line(&l);
        }
    }

    fn amount(&mut self, label: &str, minor: i64, currency: &str) {
        for l in pair(label, &money(minor, currency), self.w) {
            self.p.line(&l);
        }
    }

    fn title(&mut self, text: &str) {
        self.p.bold(true);
        self.text(text);
        self.p.bold(false);
    }
}

pub fn zreport(printer: &Printer, r: &ZReport, zone: &str, s: &PaperText) -> Vec<u8> {
    let w = printer.paper.columns();
    let mut z = Paper {
        p: EscPos::new(printer.code_page),
        w,
        s,
    };
    let title = match r.shift.z_number {
        Some(n) => fill(s.z_title, &[&n]),
        None => s.preview_title.to_string(),
    };
    z.p.align(Align::Center);
    z.title(&title);
    z.p.align(Align::Left);
    header(&mut z, r, zone);
    z.p.line(&"-".repeat(w));
    z.title(s.by_method);
    for t in &r.by_method {
        tally(&mut z, t);
    }
    groups(&mut z, s.by_tour, &r.by_tour);
    groups(&mut z, s.by_staff, &r.by_staff);
    z.title(s.cash_moves);
    if r.cash_moves.is_empty() {
        z.text(&format!("  {}", s.nothing));
    }
    for m in &r.cash_moves {
        let what = format!("  {} {}", local_time(m.at, zone), s.move_kind(m.kind));
        z.amount(&what, m.amount_minor, &m.currency);
        z.text(&format!("    {} ({})", m.reason, s.who(&m.staff)));
    }
    z.p.feed(3).cut();
    z.p.into_bytes()
}

fn header(z: &mut Paper<'_>, r: &ZReport, zone: &str) {
    let (sh, s) = (&r.shift, z.s);
    z.text(&fill(s.shift_on, &[&sh.shift_id, &sh.device]));
    z.text(&format!("  {}", s.status(sh.status)));
    z.text(&format!(
        "  {}",
        fill(s.opened_by, &[&local_time(sh.opened_at, zone), &s.who(&sh.opened_by)])
    ));
    if let Some(at) = sh.closed_at {
        let line = fill(s.closed_by, &[&local_time(at, zone), &s.who(&sh.closed_by)]);
        z.text(&format!("  {line}"));
    }
    if let Some(at) = sh.approved_at {
        let line = fill(s.approved_by, &[&local_time(at, zone), &s.who(&sh.approved_by)]);
        z.text(&format!("  {line}"));
    }
}

/// One method: (cash: float, in, out), sales, refunds, expected, counted
/// and over / short once counted.
fn tally(z: &mut Paper<'_>, t: &TallyLine) {
    let (s, c) = (z.s, t.currency.as_str());
    z.text(s.method(t.method));
    if t.method == PaymentMethod::Cash {
        z.amount(&format!("  {}", s.float), t.float_minor, c);
        z.amount(&format!("  {}", s.cash_in), t.cash_in_minor, c);
        z.amount(&format!("  {}", s.cash_out), t.cash_out_minor, c);
    }
    z.amount(&format!("  {}", fill(s.sales, &[&t.payments])), t.payments_minor, c);
    z.amount(&format!("  {}", fill(s.refunds, &[&t.refunds])), -t.refunds_minor, c);
    z.amount(&format!("  {}", s.expected), t.expected_minor, c);
    if let Some(counted) = t.counted_minor {
        z.amount(&format!("  {}", s.counted), counted, c);
    }
    let diff = match t.over_short_minor {
        None => return,
        Some(0) => s.exact.to_string(),
        Some(m) if m > 0 => fill(s.over, &[&money(m, c)]),
        Some(m) => fill(s.short, &[&money(-m, c)]),
    };
    z.text(&format!("  {diff}"));
}

fn groups(z: &mut Paper<'_>, title: &str, groups: &[ReportGroup]) {
    let s = z.s;
    z.title(title);
    if groups.is_empty() {
        z.text(&format!("  {}", s.nothing));
    }
    for g in groups {
        z.text(&format!("  {}", s.who(&g.label)));
        z.amount(
            &format!("    {}", fill(s.sales, &[&g.payments])),
            g.payments_minor,
            &g.currency,
        );
        if g.refunds > 0 {
            z.amount(
                &format!("    {}", fill(s.refunds, &[&g.refunds])),
                -g.refunds_minor,
                &g.currency,
            );
        }
    }
}
