//! Pickup points for the kiosk's walk-in (booking::pickups): the stops a
//! sale on a departure may offer, with their times for that departure. The
//! server keeps the points and an offline sale takes no pickup (the field
//! journal has none), so offline there is nothing to offer: an empty list,
//! as for a tour without pickups — the walk-in then asks nothing.
//! The pickup run (manifest) prints as a PNG table for the driver, and
//! the check-in pane narrows its list to one stop with it.

use super::Service;
use super::muster::local;
use crate::booking::{PickupGroup, PickupManifest, PickupStop};
use crate::domain::DepartureId;
use crate::domain::money::show as money;
use crate::field::Result;
use crate::render::{Column, Line, Table, TablePngError, render_table, write_pages};
use std::path::{Path, PathBuf};

impl Service {
    /// The active pickup points of `departure`'s tour in route order, each
    /// with its instant for that departure; none offline or when the tour
    /// has no pickups.
    pub async fn pickup_points(&self, departure: DepartureId) -> Result<Vec<PickupStop>> {
        match self.core() {
            Some(core) => Ok(core.pickup_points(departure).await?),
            None => Ok(Vec::new()),
        }
    }

    /// The departure's pickup run; none offline (the field store keeps no
    /// pickups), so the check-in pane then offers no stops.
    pub async fn pickup_manifest(&self, departure: DepartureId) -> Result<Option<PickupManifest>> {
        match self.core() {
            Some(core) => Ok(Some(core.pickup_manifest(departure).await?)),
            None => Ok(None),
        }
    }
}

/// `DIR/pickups-DEP.csv`, `DIR/pickups-DEP.png` (`-p1.png`, … when long).
pub fn pickups_stem(departure: DepartureId) -> String {
    format!("pickups-{}", departure.0)
}

/// "1. 07:15 Hotel Avacha" (or "No pickup: at the meeting point").
pub fn stop_title(g: &PickupGroup, zone: &str) -> String {
    match (&g.name, g.pickup_at) {
        (Some(name), Some(at)) => format!(
            "{}. {} {}{}",
            g.position.unwrap_or(0),
            local(at, zone, "%H:%M"),
            name,
            if g.active { "" } else { " (removed)" }
        ),
        _ => "No pickup: at the meeting point".to_string(),
    }
}

/// The pickup run as a printable table: a section per stop in route order
/// (its time, place and totals), a row per party under it.
pub fn pickup_table(m: &PickupManifest) -> Table {
    let z = &m.time_zone;
    let (adults, children): (i32, i32) = m.stops.iter().fold((0, 0), |(a, c), g| (a + g.adults, c + g.children));
    let currency = m
        .stops
        .iter()
        .flat_map(|g| &g.parties)
        .map(|p| p.currency.as_str())
        .next()
        .unwrap_or("");
    let unpaid: i64 = m.stops.iter().map(|g| g.unpaid_minor).sum();
    let stops = m.stops.iter().filter(|g| g.pickup_point_id.is_some()).count();
    let mut totals = format!("{stops} stop(s) · {adults} adult(s), {children} child(ren)");
    if unpaid > 0 {
        totals.push_str(&format!(" · unpaid {}", money(unpaid, currency)));
    }
    let title = vec![
        format!("Pickup run · {} · departure {}", m.tour, m.departure_id.0),
        format!("Departs {} · {z}", local(m.starts_at, z, "%a %d %b %Y %H:%M")),
        totals,
    ];
    // exactly the page's 102 characters (6 columns, 5 gaps of 2): a booking
    // number and a phone stay on one line
    let columns = vec![
        Column::new("Booking", 9),
        Column::new("Contact", 20),
        Column::new("Phone", 14),
        Column::new("Party", 5),
        Column::new("Names", 38),
        Column::new("Unpaid", 16),
    ];
    let mut lines = Vec::new();
    for g in &m.stops {
        let mut head = format!(
            "{} — {} adult(s), {} child(ren)",
            stop_title(g, z),
            g.adults,
            g.children
        );
        if g.unpaid_minor > 0 {
            let currency = g.parties.first().map_or("", |p| p.currency.as_str());
            head.push_str(&format!(" · unpaid {}", money(g.unpaid_minor, currency)));
        }
        if g.parties.is_empty() {
            head.push_str(" · nobody");
        }
        lines.push(Line::Section(head));
        for p in &g.parties {
            lines.push(Line::Row(vec![
                p.booking_number.clone(),
                p.contact_name.clone(),
                p.contact_phone.clone(),
                format!("{}+{}", p.adults, p.children),
                p.names.join(", "),
                if p.unpaid_minor > 0 {
                    money(p.unpaid_minor, &p.currency)
                } else {
                    String::new()
                },
            ]));
        }
    }
    if lines.is_empty() {
        lines.push(Line::Section("Nobody booked on this departure".into()));
    }
    Table { title, columns, lines }
}

/// Writes the pickup run's PNG pages into `dir` (0600: names and phones).
pub fn write_pickup_png(m: &PickupManifest, dir: &Path) -> std::result::Result<Vec<PathBuf>, TablePngError> {
    write_pages(&render_table(&pickup_table(m)), dir, &pickups_stem(m.departure_id))
}
