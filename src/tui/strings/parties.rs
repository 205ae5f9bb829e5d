//! Strings of the parties to rebook after a weather cancellation (a screen
//! of the Bookings pane).

pub struct PartiesText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
    pub cancelled: &'static str,
    /// parties, open, the earliest deadline
    pub summary: &'static str,
    /// parties
    pub all_resolved: &'static str,
    pub none: &'static str,
    pub alternatives_head: &'static str,
    pub no_alternatives: &'static str,
    /// free seats
    pub free: &'static str,
    pub full: &'static str,
    pub col_number: &'static str,
    pub col_contact: &'static str,
    pub col_phone: &'static str,
    pub col_party: &'static str,
    /// the currency
    pub col_paid: &'static str,
    pub col_due: &'static str,
    pub col_plan: &'static str,
    /// when
    pub plan_to: &'static str,
    pub plan_none: &'static str,
    /// when
    pub moved_to: &'static str,
    pub refunded: &'static str,
    pub swept: &'static str,
    /// the voucher's code
    pub credited: &'static str,
    /// when (moved by the run under way)
    pub just_moved: &'static str,
    pub left_no_room: &'static str,
    /// why (the error's text)
    pub left_failed: &'static str,
    pub hint: &'static str,
    /// fit, of
    pub ask_all: &'static str,
    /// number, seats, when
    pub ask_one: &'static str,
    /// n, of, moved, no room, failed
    pub progress: &'static str,
    /// n, of, moved, no room, failed
    pub progress_paused: &'static str,
    /// moved, no room, failed
    pub done: &'static str,
    /// done, of, why
    pub paused: &'static str,
    pub busy: &'static str,
    pub choose_first: &'static str,
    pub planning: &'static str,
    pub nobody_open: &'static str,
    pub not_open: &'static str,
    /// booking number
    pub fits_nowhere: &'static str,
}

pub const EN: PartiesText = PartiesText {
    keys: &[
        ("Tab", "parties to rebook: the departures or the parties"),
        ("Space", "choose a departure to move onto (again: drop it)"),
        ("a", "move all that fit, party by party (asks first)"),
        ("m", "move the party where the plan puts it"),
        ("R / C", "refund the party in full / credit a voucher"),
        ("Enter", "the party's booking card (Esc comes back)"),
    ],
    title: "To rebook",
    cancelled: "cancelled for weather",
    summary: "{} parties, {} to rebook by {} (then refunded in full)",
    all_resolved: "{} parties, all resolved",
    none: "No parties to rebook here: the departure was not cancelled for weather.",
    alternatives_head: "Move onto (Space chooses; a party goes to the first with room):",
    no_alternatives: "No departure with free seats in the next 60 days.",
    free: "{} free",
    full: "full",
    col_number: "Booking",
    col_contact: "Contact",
    col_phone: "Phone",
    col_party: "A+C",
    col_paid: "Paid {}",
    col_due: "Decide by",
    col_plan: "Plan",
    plan_to: "→ {}",
    plan_none: "no room",
    moved_to: "moved → {}",
    refunded: "refunded in full",
    swept: "refunded (deadline passed)",
    credited: "voucher {}",
    just_moved: "✓ → {}",
    left_no_room: "stays: no room",
    left_failed: "stays: {}",
    hint: "Tab ⇄ · Space choose · a move all · m move · R refund · C voucher · Enter card",
    ask_all: "Move the {} parties that fit (of {}) now, free? y move · n back",
    ask_one: "Move {} ({} seats) to {}, free? y move · n back",
    progress: "Moving {} of {}… moved {} · no room {} · failed {}",
    progress_paused: "Paused at {} of {}: moved {} · no room {} · failed {} · a goes on",
    done: "Rebooking done: {} moved, {} no room, {} failed.",
    paused: "Rebooking paused at {} of {}: {} Press a to go on (nobody moves twice).",
    busy: "Wait: the rebooking is under way.",
    choose_first: "Choose a departure first: Tab, then Space.",
    planning: "The plan is on its way…",
    nobody_open: "Nobody is left to rebook.",
    not_open: "This party is resolved already.",
    fits_nowhere: "{} fits on none of the chosen departures.",
};

pub const RU: PartiesText = PartiesText {
    keys: &[
        ("Tab", "к переносу: отправления или группы"),
        ("Пробел", "выбрать отправление для переноса (ещё раз — убрать)"),
        ("a", "перенести всех, кто помещается, по одной группе (с вопросом)"),
        ("m", "перенести группу туда, куда её ставит план"),
        ("R / C", "вернуть группе всё / выдать ваучер"),
        ("Enter", "карточка брони группы (Esc — назад)"),
    ],
    title: "К переносу",
    cancelled: "отменено из-за погоды",
    summary: "Групп: {}, к переносу {} до {} (потом — полный возврат)",
    all_resolved: "Групп: {}, все решены",
    none: "Здесь нет групп к переносу: отправление не отменялось из-за погоды.",
    alternatives_head: "Куда (Пробел — выбрать; группа идёт в первое, где есть места):",
    no_alternatives: "Нет отправлений со свободными местами на 60 дней вперёд.",
    free: "своб. {}",
    full: "мест нет",
    col_number: "Бронь",
    col_contact: "Контакт",
    col_phone: "Телефон",
    col_party: "В+Д",
    col_paid: "Опл. {}",
    col_due: "Решить до",
    col_plan: "План",
    plan_to: "→ {}",
    plan_none: "нет мест",
    moved_to: "перенесена → {}",
    refunded: "полный возврат",
    swept: "возврат (срок вышел)",
    credited: "ваучер {}",
    just_moved: "✓ → {}",
    left_no_room: "осталась: нет мест",
    left_failed: "осталась: {}",
    hint: "Tab ⇄ · Пробел выбор · a всех · m перенос · R возврат · C ваучер · Enter карта",
    ask_all: "Перенести {} групп, которые помещаются (из {}), бесплатно? y да · n назад",
    ask_one: "Перенести {} ({} мест) на {} бесплатно? y да · n назад",
    progress: "Переносим {} из {}… перенесено {} · нет мест {} · ошибок {}",
    progress_paused: "Пауза на {} из {}: перенесено {} · нет мест {} · ошибок {} · a — дальше",
    done: "Перенос закончен: перенесено {}, нет мест {}, ошибок {}.",
    paused: "Перенос на паузе ({} из {}): {} Нажмите a, чтобы продолжить (дважды никто не переносится).",
    busy: "Подождите: идёт перенос.",
    choose_first: "Сначала выберите отправление: Tab, затем Пробел.",
    planning: "План считается…",
    nobody_open: "Переносить больше некого.",
    not_open: "Эта группа уже решена.",
    fits_nowhere: "{} не помещается ни в одно выбранное отправление.",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// A translation with a placeholder less (or more) drops (or loses) a number.
    #[test]
    fn both_languages_have_the_same_placeholders() {
        let n = |s: &str| s.matches("{}").count();
        for (a, b) in [
            (EN.summary, RU.summary),
            (EN.all_resolved, RU.all_resolved),
            (EN.free, RU.free),
            (EN.col_paid, RU.col_paid),
            (EN.plan_to, RU.plan_to),
            (EN.moved_to, RU.moved_to),
            (EN.credited, RU.credited),
            (EN.left_failed, RU.left_failed),
            (EN.just_moved, RU.just_moved),
            (EN.ask_all, RU.ask_all),
            (EN.ask_one, RU.ask_one),
            (EN.progress, RU.progress),
            (EN.progress_paused, RU.progress_paused),
            (EN.done, RU.done),
            (EN.paused, RU.paused),
            (EN.fits_nowhere, RU.fits_nowhere),
        ] {
            assert_eq!(n(a), n(b), "{a} / {b}");
        }
    }

    /// The footer's keys fit 80 columns in both languages.
    #[test]
    fn the_hint_fits_80_columns() {
        for hint in [EN.hint, RU.hint] {
            assert!(hint.chars().count() <= 80, "{hint}");
        }
    }
}
