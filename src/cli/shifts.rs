//! `tourdesk shift …`: the cash drawer's shift on this device (booking::
//! shifts). The server decides every figure and every refusal (NO_OPEN_SHIFT,
//! SHIFT_ALREADY_OPEN, SHIFT_NOT_CLOSED, SHIFT_APPROVED,
//! UNKNOWN_DENOMINATION); a write's key was decided before anything was sent
//! (commands::write_key), so a retry with the same `--key` is safe. The
//! Z-report is text, JSON, and with `--out` a CSV and a printable PNG
//! (service::zreport, the muster list's table writer).

use super::commands::{key_of, money};
use super::output::{CliError, Output};
use super::safe_text::{csv_cell, one_line};
use super::shift_args::ShiftCmd;
use super::time;
use crate::booking::{Core, ReportGroup, Shift, ShiftDay, ShiftState, TallyLine, ZReport};
use crate::domain::{CashMoveKind, PaymentMethod, ShiftId, ShiftStatus};
use crate::service::zreport::write_zreport_png;
use serde_json::Value;
use std::fmt::Write;
use std::path::{Path, PathBuf};

type Res = Result<Output, CliError>;

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn again(replayed: bool) -> &'static str {
    if replayed {
        " — already done with this key"
    } else {
        ""
    }
}

pub(super) async fn run(core: &Core, cmd: ShiftCmd) -> Res {
    match cmd {
        ShiftCmd::Open { float_minor, key } => {
            let w = core.shift_open(float_minor, key_of(key.as_deref())?).await?;
            let s = &w.shift;
            let text = format!(
                "Shift {} open on {} since {}{}: float {}. Payments and refunds taken here belong to it",
                s.shift_id,
                one_line(&s.device),
                time::show(s.opened_at, &zone(core).await),
                again(w.replayed),
                money(float_minor, &s.currency),
            );
            Ok(Output::new(json(&w), text))
        }
        ShiftCmd::Status { shift } => {
            let st = core.shift_status(shift.map(ShiftId)).await?;
            let text = status_text(&st, &zone(core).await);
            Ok(Output::new(json(&st), text))
        }
        ShiftCmd::CashIn { amount, reason, key } => cash(core, CashMoveKind::In, amount, &reason, key).await,
        ShiftCmd::CashOut { amount, reason, key } => cash(core, CashMoveKind::Out, amount, &reason, key).await,
        ShiftCmd::Close { counts, key } => {
            let counts = counts.iter().map(|c| count_of(c)).collect::<Result<Vec<_>, _>>()?;
            let (w, tally) = core.shift_close(&counts, key_of(key.as_deref())?).await?;
            let st = ShiftState { shift: w.shift, tally };
            let mut text = format!(
                "Shift {} closed on {}{}: awaiting a manager's approval (`tourdesk shift approve {}`)\n",
                st.shift.shift_id,
                one_line(&st.shift.device),
                again(w.replayed),
                st.shift.shift_id
            );
            text.push_str(&tally_text(&st.tally));
            let mut v = json(&st);
            v["replayed"] = Value::Bool(w.replayed);
            Ok(Output::new(v, text.trim_end()))
        }
        ShiftCmd::Approve { shift, key } => {
            let w = core.shift_approve(ShiftId(shift), key_of(key.as_deref())?).await?;
            let text = format!(
                "Shift {} approved{}: Z-report {} (`tourdesk shift report {}`); it can no longer change",
                w.shift.shift_id,
                again(w.replayed),
                w.shift.z_number.unwrap_or(0),
                w.shift.shift_id
            );
            Ok(Output::new(json(&w), text))
        }
        ShiftCmd::Report { shift, out } => report(core, ShiftId(shift), out.as_deref()).await,
        ShiftCmd::Day { date } => day(core, date.as_deref()).await,
    }
}

async fn cash(core: &Core, kind: CashMoveKind, amount: i64, reason: &str, key: Option<String>) -> Res {
    let m = core.shift_cash(kind, amount, reason, key_of(key.as_deref())?).await?;
    let text = format!(
        "{} {} shift {}'s drawer: {} ({}){}",
        money(m.amount_minor, &m.currency),
        if m.kind == CashMoveKind::Out { "out of" } else { "into" },
        m.shift_id,
        if m.kind == CashMoveKind::Out {
            "cash out"
        } else {
            "cash in"
        },
        one_line(&m.reason),
        again(m.replayed)
    );
    Ok(Output::new(json(&m), text))
}

/// The operator's zone for times (UTC when it cannot be read).
pub(super) async fn zone(core: &Core) -> String {
    match core.time_zone().await {
        Ok(tz) => tz.name().to_string(),
        Err(_) => "UTC".to_string(),
    }
}

/// `VALUE=N`: a note or coin in minor units and how many of it.
fn count_of(arg: &str) -> Result<(i64, i32), CliError> {
    let bad = || {
        CliError::Input(format!(
            "--count {arg}: give a note or coin in minor units and how many, e.g. --count 500000=2"
        ))
    };
    let (value, n) = arg.split_once('=').ok_or_else(bad)?;
    let value: i64 = value.trim().parse().map_err(|_| bad())?;
    let n: i32 = n.trim().parse().map_err(|_| bad())?;
    if value <= 0 || n < 0 {
        return Err(bad());
    }
    Ok((value, n))
}

fn status_word(s: ShiftStatus) -> &'static str {
    match s {
        ShiftStatus::Open => "open",
        ShiftStatus::AwaitingApproval => "closed, awaiting approval",
        ShiftStatus::Approved => "approved",
    }
}

fn header(s: &Shift, zone: &str) -> String {
    let mut text = format!(
        "Shift {} on {} ({}{})\n  opened {} by {}\n",
        s.shift_id,
        one_line(&s.device),
        status_word(s.status),
        s.z_number.map(|z| format!(", Z-report {z}")).unwrap_or_default(),
        time::show(s.opened_at, zone),
        who(&s.opened_by)
    );
    if let Some(at) = s.closed_at {
        let _ = writeln!(text, "  closed {} by {}", time::show(at, zone), who(&s.closed_by));
    }
    if let Some(at) = s.approved_at {
        let _ = writeln!(text, "  approved {} by {}", time::show(at, zone), who(&s.approved_by));
    }
    text
}

fn who(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_empty() {
        "the owner".into()
    } else {
        one_line(name)
    }
}

fn status_text(st: &ShiftState, zone: &str) -> String {
    let mut text = header(&st.shift, zone);
    text.push_str(&tally_text(&st.tally));
    text.trim_end().to_string()
}

/// "over 100.00 RUB", "short 50.00 RUB", "exact"; nothing while open.
fn over_short(minor: Option<i64>, currency: &str) -> String {
    match minor {
        None => String::new(),
        Some(0) => "exact".to_string(),
        Some(m) if m > 0 => format!("over {}", money(m, currency)),
        Some(m) => format!("short {}", money(-m, currency)),
    }
}

/// One line per currency and method: expected, counted, over/short; cash
/// also with where its expected figure comes from.
fn tally_text(tally: &[TallyLine]) -> String {
    let mut text = String::new();
    for t in tally {
        let c = t.currency.as_str();
        let _ = write!(
            text,
            "  {:<9} expected {:>16}",
            t.method.as_str(),
            money(t.expected_minor, c)
        );
        if let Some(counted) = t.counted_minor {
            let _ = write!(
                text,
                "  counted {:>16}  {}",
                money(counted, c),
                over_short(t.over_short_minor, c)
            );
        }
        text.push('\n');
        let _ = write!(text, "            ");
        if t.method == PaymentMethod::Cash {
            let _ = write!(
                text,
                "float {} + in {} − out {} + ",
                money(t.float_minor, c),
                money(t.cash_in_minor, c),
                money(t.cash_out_minor, c)
            );
        }
        let _ = writeln!(
            text,
            "{} payment(s) {} − {} refund(s) {}",
            t.payments,
            money(t.payments_minor, c),
            t.refunds,
            money(t.refunds_minor, c)
        );
    }
    text
}

fn groups_text(title: &str, groups: &[ReportGroup]) -> String {
    let mut text = format!("{title}\n");
    if groups.is_empty() {
        text.push_str("  none\n");
    }
    for g in groups {
        let _ = writeln!(
            text,
            "  {:<32} {:>3} sale(s) {:>16}  {:>3} refund(s) {:>16}",
            who(&g.label),
            g.payments,
            money(g.payments_minor, &g.currency),
            g.refunds,
            money(g.refunds_minor, &g.currency)
        );
    }
    text
}

async fn report(core: &Core, shift: ShiftId, out: Option<&Path>) -> Res {
    let r = core.shift_report(shift).await?;
    let zone = zone(core).await;
    let mut text = report_text(&r, &zone);
    let mut v = json(&r);
    if let Some(dir) = out {
        let path = write_csv(&r, dir, &zone)?;
        let _ = writeln!(text, "CSV written to {}", path.display());
        v["csv"] = Value::String(path.display().to_string());
        let pages = write_zreport_png(&r, &zone, dir).map_err(|e| CliError::Input(e.to_string()))?;
        for p in &pages {
            let _ = writeln!(text, "PNG written to {}", p.display());
        }
        v["png"] = Value::from(pages.iter().map(|p| p.display().to_string()).collect::<Vec<_>>());
    }
    Ok(Output::new(v, text.trim_end()))
}

/// The Z-report as `shift report` prints it (and `print zreport` prints
/// it on paper): title, header, by method, tour and staff, cash movements.
pub(super) fn report_text(r: &ZReport, zone: &str) -> String {
    let mut text = match r.shift.z_number {
        Some(z) => format!("Z-REPORT No. {z}\n"),
        None => "PREVIEW (not approved: no Z number yet)\n".to_string(),
    };
    text.push_str(&header(&r.shift, zone));
    text.push_str("By method\n");
    text.push_str(&tally_text(&r.by_method));
    text.push_str(&groups_text("By tour", &r.by_tour));
    text.push_str(&groups_text("By staff", &r.by_staff));
    text.push_str("Cash movements\n");
    if r.cash_moves.is_empty() {
        text.push_str("  none\n");
    }
    for m in &r.cash_moves {
        let _ = writeln!(
            text,
            "  {}  {:<3} {:>16}  {}  ({})",
            time::show(m.at, zone),
            m.kind.as_str(),
            money(m.amount_minor, &m.currency),
            one_line(&m.reason),
            who(&m.staff)
        );
    }
    text
}

/// `shift day`: each shift of the day (header and figures, as `status`),
/// then the money taken outside any shift, one line per entry.
async fn day(core: &Core, date: Option<&str>) -> Res {
    let date = date.map(time::date).transpose()?;
    let d = core.shift_day(date).await?;
    let zone = zone(core).await;
    Ok(Output::new(json(&d), day_text(&d, &zone)))
}

fn day_text(d: &ShiftDay, zone: &str) -> String {
    let mut text = format!("Day {} ({zone})\n", d.date);
    if d.shifts.is_empty() {
        text.push_str("No shift was open this day\n");
    }
    for s in &d.shifts {
        text.push_str(&header(&s.shift, zone));
        text.push_str(&tally_text(&s.tally));
    }
    if d.outside.is_empty() {
        text.push_str("Nothing was taken outside a shift\n");
    } else {
        let _ = writeln!(text, "Outside any shift ({})", d.outside.len());
    }
    for e in &d.outside {
        let _ = writeln!(
            text,
            "  {}  {:<7} {:<8} {:>16}  booking {}  by {} on {}",
            time::show(e.at, zone),
            e.kind.as_str(),
            e.method.as_str(),
            money(e.amount_minor, &e.currency),
            one_line(&e.booking_number),
            who(&e.staff),
            if e.device.is_empty() {
                "no device".into()
            } else {
                one_line(&e.device)
            }
        );
    }
    text.trim_end().to_string()
}

/// The Z-report as one CSV: the header as `shift` rows (label, value), then
/// one row per method, tour, staff member and cash movement; every cell
/// made safe for a spreadsheet (safe_text.rs).
fn write_csv(r: &ZReport, dir: &Path, zone: &str) -> Result<PathBuf, CliError> {
    let name = match r.shift.z_number {
        Some(z) => format!("Z-{z}.csv"),
        None => format!("shift-{}.csv", r.shift.shift_id),
    };
    let path = dir.join(name);
    let err = |e: &dyn std::fmt::Display| CliError::Input(format!("cannot write {}: {e}", path.display()));
    std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
    let mut w = csv::Writer::from_path(&path).map_err(|e| err(&e))?;
    w.write_record([
        "section",
        "label",
        "value",
        "currency",
        "payments",
        "payments_minor",
        "refunds",
        "refunds_minor",
        "expected_minor",
        "counted_minor",
        "over_short_minor",
    ])
    .map_err(|e| err(&e))?;
    let s = &r.shift;
    let opt = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| time::rfc3339(t, zone)).unwrap_or_default();
    let mut rows: Vec<[String; 11]> = [
        ("z_number", s.z_number.map(|z| z.to_string()).unwrap_or_default()),
        ("shift_id", s.shift_id.to_string()),
        ("device", s.device.clone()),
        ("status", s.status.as_str().to_string()),
        ("opened_by", s.opened_by.clone()),
        ("opened_at", time::rfc3339(s.opened_at, zone)),
        ("closed_by", s.closed_by.clone()),
        ("closed_at", opt(s.closed_at)),
        ("approved_by", s.approved_by.clone()),
        ("approved_at", opt(s.approved_at)),
    ]
    .into_iter()
    .map(|(k, v)| row(["shift", k, &v, &s.currency]))
    .collect();
    for t in &r.by_method {
        let mut x = row(["method", t.method.as_str(), "", &t.currency]);
        x[4] = t.payments.to_string();
        x[5] = t.payments_minor.to_string();
        x[6] = t.refunds.to_string();
        x[7] = t.refunds_minor.to_string();
        x[8] = t.expected_minor.to_string();
        x[9] = t.counted_minor.map(|c| c.to_string()).unwrap_or_default();
        x[10] = t.over_short_minor.map(|c| c.to_string()).unwrap_or_default();
        rows.push(x);
    }
    for (section, groups) in [("tour", &r.by_tour), ("staff", &r.by_staff)] {
        for g in groups {
            let mut x = row([section, &g.label, "", &g.currency]);
            x[4] = g.payments.to_string();
            x[5] = g.payments_minor.to_string();
            x[6] = g.refunds.to_string();
            x[7] = g.refunds_minor.to_string();
            rows.push(x);
        }
    }
    for m in &r.cash_moves {
        let section = format!("cash_{}", m.kind.as_str());
        let mut x = row([&section, &m.reason, &m.staff, &m.currency]);
        x[5] = m.amount_minor.to_string();
        rows.push(x);
    }
    // the text cells made safe; the figures written as numbers (a minus sign
    // is a figure's, not a formula's)
    for x in rows {
        w.write_record(
            x.iter()
                .enumerate()
                .map(|(i, c)| if i < 4 { csv_cell(c).into_owned() } else { c.clone() }),
        )
        .map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))?;
    Ok(path)
}

/// A CSV row with its first four cells; the figures filled in by the caller.
fn row(first: [&str; 4]) -> [String; 11] {
    let mut x: [String; 11] = Default::default();
    for (i, c) in first.iter().enumerate() {
        x[i] = (*c).to_string();
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_value_equals_number() {
        assert_eq!(count_of("500000=2").ok(), Some((500_000, 2)));
        assert_eq!(count_of(" 10000 = 0 ").ok(), Some((10_000, 0)));
        for bad in ["500000", "=2", "500000=", "0=1", "-5=1", "100=-1", "5000.00=1", "a=b"] {
            assert!(count_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn over_and_short_read_as_words() {
        assert_eq!(over_short(None, "RUB"), "");
        assert_eq!(over_short(Some(0), "RUB"), "exact");
        assert_eq!(over_short(Some(10_000), "RUB"), "over 100.00 RUB");
        assert_eq!(over_short(Some(-5_000), "RUB"), "short 50.00 RUB");
    }
}
