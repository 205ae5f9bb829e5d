//! Every user-visible string of the kiosk, in English and Russian. One
//! struct per screen; each language is a `const` of that struct, so a string
//! missing in one language does not compile.

mod bookings;
mod checkin;
mod common;
mod dashboard;
mod departures;
mod errors;
mod field;
mod history;
mod occupancy;
mod parties;
mod returns;
mod schedules;
mod shift;
mod waitlist;
mod walkin;

pub use bookings::BookingsText;
pub use checkin::CheckInText;
pub use common::Common;
pub use dashboard::DashboardText;
pub use departures::DeparturesText;
pub use errors::error_text;
pub use field::FieldText;
pub use history::HistoryText;
pub use occupancy::OccupancyText;
pub use parties::PartiesText;
pub use returns::ReturnsText;
pub use schedules::SchedulesText;
pub use shift::ShiftText;
pub use waitlist::WaitlistText;
pub use walkin::WalkinText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "ru" | "russian" | "русский" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// From `LC_ALL`, `LC_MESSAGES` or `LANG` (`ru_RU.UTF-8` → Russian); English otherwise.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map(|v| if v.starts_with("ru") { Lang::Ru } else { Lang::En })
            .unwrap_or(Lang::En)
    }

    /// What `parse` reads back.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The same language as the booking core names it (a booking's, the
    /// paper's).
    pub fn language(self) -> crate::booking::Language {
        match self {
            Lang::En => crate::booking::Language::En,
            Lang::Ru => crate::booking::Language::Ru,
        }
    }

    /// The language the switch key (`L` on the PIN screen and in help) goes to.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ru,
            Lang::Ru => Lang::En,
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
        }
    }
}

pub struct Text {
    pub lang: Lang,
    pub common: Common,
    pub departures: DeparturesText,
    /// the manager's schedule rules (a screen of Departures)
    pub schedules: SchedulesText,
    pub occupancy: OccupancyText,
    pub walkin: WalkinText,
    pub waitlist: WaitlistText,
    pub checkin: CheckInText,
    pub dashboard: DashboardText,
    pub bookings: BookingsText,
    /// a booking's audited actions in words (its card's history)
    pub history: HistoryText,
    /// the parties to rebook after a weather cancellation (Bookings)
    pub parties: PartiesText,
    pub field: FieldText,
    /// the guide's return mode on Check-in
    pub returns: ReturnsText,
    /// the cash drawer's shift (`8`)
    pub shift: ShiftText,
}

pub static EN: Text = Text {
    lang: Lang::En,
    common: common::EN,
    departures: departures::EN,
    schedules: schedules::EN,
    occupancy: occupancy::EN,
    walkin: walkin::EN,
    waitlist: waitlist::EN,
    checkin: checkin::EN,
    dashboard: dashboard::EN,
    bookings: bookings::EN,
    history: history::EN,
    parties: parties::EN,
    field: field::EN,
    returns: returns::EN,
    shift: shift::EN,
};

pub static RU: Text = Text {
    lang: Lang::Ru,
    common: common::RU,
    departures: departures::RU,
    schedules: schedules::RU,
    occupancy: occupancy::RU,
    walkin: walkin::RU,
    waitlist: waitlist::RU,
    checkin: checkin::RU,
    dashboard: dashboard::RU,
    bookings: bookings::RU,
    history: history::RU,
    parties: parties::RU,
    field: field::RU,
    returns: returns::RU,
    shift: shift::RU,
};

/// Fills `{}` placeholders in order: strings here stay whole sentences that a
/// translator can reorder words around.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_places_arguments_in_order() {
        assert_eq!(fill("{} of {} in", &[&12, &15]), "12 of 15 in");
        assert_eq!(fill("no args", &[]), "no args");
        assert_eq!(fill("{} and {}", &[&"a"]), "a and ");
    }

    /// A translation with a placeholder less (or more) drops (or loses) a number.
    #[test]
    fn field_strings_have_the_same_placeholders_in_both_languages() {
        let n = |s: &str| s.matches("{}").count();
        let (en, ru) = (&EN.field, &RU.field);
        for (a, b) in [
            (en.waiting, ru.waiting),
            (en.syncing, ru.syncing),
            (en.allotment_left, ru.allotment_left),
            (en.conflicts_hint, ru.conflicts_hint),
            (en.prepared_notice, ru.prepared_notice),
            (en.prepared_allotment, ru.prepared_allotment),
            (en.ask_release, ru.ask_release),
            (en.released, ru.released),
            (en.synced, ru.synced),
            (en.synced_conflicts, ru.synced_conflicts),
            (en.sync_failed, ru.sync_failed),
            (en.resolved_notice, ru.resolved_notice),
            (en.duplicate_text, ru.duplicate_text),
            (en.first_in, ru.first_in),
            (en.cancelled_text, ru.cancelled_text),
            (en.refused_text, ru.refused_text),
            (en.return_conflict_text, ru.return_conflict_text),
            (en.walk_in_text, ru.walk_in_text),
            (en.failed_text, ru.failed_text),
        ] {
            assert_eq!(n(a), n(b), "{a} / {b}");
        }
    }

    #[test]
    fn lang_parses() {
        assert_eq!(Lang::parse("RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
