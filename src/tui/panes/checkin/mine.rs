//! A guide's own departures today first (issue 14): a guide who logs in
//! lands on check-in, and the departures they lead today (departure_guides,
//! carried in each listed departure's `guide_ids`) come first in its picker,
//! marked, so the manifest shown at once is their own next one. Pure: the
//! listing already says who leads what.

use crate::booking::Departure;
use crate::tui::panes::Ctx;
use chrono_tz::Tz;

/// Led by whoever is logged in, and leaving today in its own zone.
pub fn mine_today(d: &Departure, ctx: &Ctx) -> bool {
    let Some(me) = ctx.me else {
        return false;
    };
    let tz: Tz = d.time_zone.parse().unwrap_or(chrono_tz::UTC);
    d.guide_ids.contains(&me.0)
        && d.starts_at.with_timezone(&tz).date_naive() == ctx.now.with_timezone(&tz).date_naive()
}

/// Mine today first, then by start.
pub fn order(list: &mut [Departure], ctx: &Ctx) {
    list.sort_by_key(|d| (!mine_today(d, ctx), d.starts_at));
}
