//! Strings of the occupancy screen.

pub struct OccupancyText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
    pub summary: &'static str,
    pub seats: &'static str,
    pub checked_in: &'static str,
    pub started: &'static str,
    pub cancelled: &'static str,
    pub full: &'static str,
    pub empty: &'static str,
    pub live: &'static str,
    /// people still out after the departure's end plus the grace period
    pub missing: &'static str,
}

pub const EN: OccupancyText = OccupancyText {
    keys: &[
        ("↑ ↓", "choose a departure"),
        ("Enter", "sell seats on it (a guide: check in)"),
        ("r", "reload (changes arrive by themselves)"),
    ],
    title: "Today",
    summary: "{} departures · {} of {} booked · {} held · {} checked in",
    seats: "{} booked · {} held · {} free",
    checked_in: "checked in {}/{}",
    started: "departed",
    cancelled: "cancelled",
    full: "FULL",
    empty: "No departures today.",
    live: "live",
    missing: "MISSING {}",
};

pub const RU: OccupancyText = OccupancyText {
    keys: &[
        ("↑ ↓", "выбрать отправление"),
        ("Enter", "продать места (гид: посадка)"),
        ("r", "обновить (изменения приходят сами)"),
    ],
    title: "Сегодня",
    summary: "отправлений {} · продано {} из {} · удержано {} · на борту {}",
    seats: "продано {} · удержано {} · свободно {}",
    checked_in: "посадка {}/{}",
    started: "отправилось",
    cancelled: "отменено",
    full: "МЕСТ НЕТ",
    empty: "Сегодня отправлений нет.",
    live: "онлайн",
    missing: "ПРОПАЛИ {}",
};
