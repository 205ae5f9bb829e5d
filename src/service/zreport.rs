//! The Z-report as a printable PNG (`shift report SHIFT --out DIR` writes
//! `Z-<n>.png` beside the CSV): the same A4 table writer as the muster list
//! (render::table_png), so a desk prints it on any printer and a manager
//! signs the paper. One table, sections for the methods, tours, staff and
//! cash movements; the figures are the server's (`ZReport`), nothing is
//! summed here. Before approval the stem is `shift-<id>` and the title says
//! PREVIEW, as the CSV and the text do: a preview must not pass for a
//! numbered report.

use super::muster::local;
use crate::booking::{ReportGroup, ZReport};
use crate::domain::money::show as money;
use crate::render::{Column, Line, Table, TablePngError, render_table, write_pages};
use std::path::{Path, PathBuf};

/// `Z-<n>` once approved, `shift-<id>` before: the files' stem.
pub fn zreport_stem(r: &ZReport) -> String {
    match r.shift.z_number {
        Some(z) => format!("Z-{z}"),
        None => format!("shift-{}", r.shift.shift_id.0),
    }
}

fn who(name: &str) -> &str {
    if name.is_empty() { "the owner" } else { name }
}

/// "over 1.00 RUB", "short 0.50 RUB", "exact"; empty while open.
fn over_short(minor: Option<i64>, currency: &str) -> String {
    match minor {
        None => String::new(),
        Some(0) => "exact".into(),
        Some(m) if m > 0 => format!("over {}", money(m, currency)),
        Some(m) => format!("short {}", money(-m, currency)),
    }
}

/// The Z-report as a table: the header as title lines, then a section per
/// part, each row `what · count · amount · counted · over/short`.
pub fn zreport_table(r: &ZReport, zone: &str) -> Table {
    let s = &r.shift;
    let at = |t| local(t, zone, "%d %b %Y %H:%M");
    let mut title = vec![match s.z_number {
        Some(z) => format!("Z-REPORT No. {z}"),
        None => "PREVIEW - not approved, no Z number yet".to_string(),
    }];
    title.push(format!(
        "Shift {} on {} · {} · {}",
        s.shift_id.0,
        s.device,
        s.currency,
        s.status.as_str()
    ));
    title.push(format!("Opened {} by {}", at(s.opened_at), who(&s.opened_by)));
    if let Some(t) = s.closed_at {
        title.push(format!("Closed {} by {}", at(t), who(&s.closed_by)));
    }
    if let Some(t) = s.approved_at {
        title.push(format!("Approved {} by {}", at(t), who(&s.approved_by)));
    }
    title.push(format!("Times in {zone}"));
    let columns = vec![
        Column::new("", 30),
        Column::new("Payments", 22),
        Column::new("Refunds", 22),
        Column::new("Expected / counted", 26),
    ];
    let mut lines = vec![Line::Section("By method".into())];
    for t in &r.by_method {
        let c = t.currency.as_str();
        let mut what = t.method.as_str().to_string();
        if t.method == crate::domain::PaymentMethod::Cash {
            what = format!(
                "cash: float {}, in {}, out {}",
                money(t.float_minor, c),
                money(t.cash_in_minor, c),
                money(t.cash_out_minor, c)
            );
        }
        let mut figures = format!("expected {}", money(t.expected_minor, c));
        if let Some(counted) = t.counted_minor {
            figures.push_str(&format!(
                " counted {} {}",
                money(counted, c),
                over_short(t.over_short_minor, c)
            ));
        }
        lines.push(Line::Row(vec![
            what,
            format!("{} · {}", t.payments, money(t.payments_minor, c)),
            format!("{} · {}", t.refunds, money(t.refunds_minor, c)),
            figures,
        ]));
    }
    for (title, groups) in [("By tour", &r.by_tour), ("By staff", &r.by_staff)] {
        lines.push(Line::Section(title.into()));
        lines.extend(groups.iter().map(group_row));
        if groups.is_empty() {
            lines.push(Line::Row(vec!["none".into()]));
        }
    }
    lines.push(Line::Section("Cash movements".into()));
    if r.cash_moves.is_empty() {
        lines.push(Line::Row(vec!["none".into()]));
    }
    for m in &r.cash_moves {
        lines.push(Line::Row(vec![
            format!("{} {}: {}", local(m.at, zone, "%H:%M"), m.kind.as_str(), m.reason),
            who(&m.staff).to_string(),
            String::new(),
            money(m.amount_minor, &m.currency),
        ]));
    }
    Table { title, columns, lines }
}

fn group_row(g: &ReportGroup) -> Line {
    Line::Row(vec![
        who(&g.label).to_string(),
        format!("{} · {}", g.payments, money(g.payments_minor, &g.currency)),
        format!("{} · {}", g.refunds, money(g.refunds_minor, &g.currency)),
        String::new(),
    ])
}

/// Writes the Z-report's PNG page(s) into `dir` and returns them.
pub fn write_zreport_png(r: &ZReport, zone: &str, dir: &Path) -> Result<Vec<PathBuf>, TablePngError> {
    write_pages(&render_table(&zreport_table(r, zone)), dir, &zreport_stem(r))
}
