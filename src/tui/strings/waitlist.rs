//! Strings of the waitlist screen.

pub struct WaitlistText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
    pub col_pos: &'static str,
    pub col_party: &'static str,
    pub col_name: &'static str,
    pub col_phone: &'static str,
    pub col_status: &'static str,
    pub col_offer: &'static str,
    pub waiting: &'static str,
    pub offered: &'static str,
    pub empty: &'static str,
    pub no_departures: &'static str,
    /// n in the queue
    pub queued: &'static str,
    /// payment method
    pub pay_with: &'static str,
    pub hint: &'static str,
    pub no_offer: &'static str,
    /// name
    pub skipped: &'static str,
    /// skipped name, names offered the seats
    pub skipped_offered: &'static str,
    /// name
    pub skipped_again: &'static str,
    /// name
    pub skip_gone: &'static str,
    /// name
    pub remove_prompt: &'static str,
    pub removed: &'static str,
    /// booking number, name
    pub accepted: &'static str,
    pub accepting: &'static str,
    pub offer_expired: &'static str,
    /// booking number, name
    pub last_booking: &'static str,
}

pub const EN: WaitlistText = WaitlistText {
    keys: &[
        ("← → [ ]", "previous / next departure"),
        ("↑↓", "choose an entry"),
        ("Enter, a", "accept the offer: book it (payment as shown)"),
        ("p", "payment for accepting: cash, card, unpaid"),
        ("s", "skip (not here): to the end of the queue, seats pass on"),
        ("d, Del", "remove from the waitlist (asks y/n)"),
        ("r", "reload the queue"),
    ],
    title: "Waitlist",
    col_pos: "#",
    col_party: "Party",
    col_name: "Name",
    col_phone: "Phone",
    col_status: "Status",
    col_offer: "Offer",
    waiting: "waiting",
    offered: "OFFERED",
    empty: "Nobody is waiting for this departure.",
    no_departures: "No departures in the next 14 days.",
    queued: "{} in the queue",
    pay_with: "accept with: {}",
    hint: "←→ departure · ↑↓ entry · Enter accept · p payment · s skip · d remove · ? keys",
    no_offer: "No offer yet: seats are offered by themselves, in queue order, when they free up.",
    skipped: "{} moved to the end of the queue.",
    skipped_offered: "{} moved to the end of the queue; seats offered to {}.",
    skipped_again: "{} moved to the end of the queue; nobody else fits: offered again.",
    skip_gone: "{} is no longer in the queue.",
    remove_prompt: "Remove {} from the waitlist? y yes · any other key no",
    removed: "Removed from the waitlist.",
    accepted: "Booked {} for {}.",
    accepting: "Booking…",
    offer_expired: "An offer ran out; its seats went to the next in line.",
    last_booking: "Last accepted: {} · {}",
};

pub const RU: WaitlistText = WaitlistText {
    keys: &[
        ("← → [ ]", "предыдущее / следующее отправление"),
        ("↑↓", "выбрать запись"),
        ("Enter, a", "принять предложение: оформить бронь (оплата как показано)"),
        ("p", "оплата при принятии: наличные, карта, без оплаты"),
        ("s", "пропуск (нет на месте): в конец очереди, места — другим"),
        ("d, Del", "убрать из листа ожидания (спросит y/n)"),
        ("r", "обновить очередь"),
    ],
    title: "Лист ожидания",
    col_pos: "№",
    col_party: "Состав",
    col_name: "Имя",
    col_phone: "Телефон",
    col_status: "Статус",
    col_offer: "Предл.",
    waiting: "ждёт",
    offered: "ПРЕДЛОЖЕНО",
    empty: "На это отправление никто не ждёт.",
    no_departures: "В ближайшие 14 дней отправлений нет.",
    queued: "в очереди: {}",
    pay_with: "оплата при принятии: {}",
    hint: "←→ отправление · ↑↓ запись · Enter принять · p оплата · s пропуск · d убрать",
    no_offer: "Предложения ещё нет: места предлагаются сами, по очереди, когда освобождаются.",
    skipped: "{} — в конце очереди.",
    skipped_offered: "{} — в конце очереди; места предложены: {}.",
    skipped_again: "{} — в конце очереди; другим не подходит: места снова предложены им.",
    skip_gone: "{} уже не в очереди.",
    remove_prompt: "Убрать {} из листа ожидания? y да · другая клавиша нет",
    removed: "Убрано из листа ожидания.",
    accepted: "Бронь {} оформлена на {}.",
    accepting: "Оформляем…",
    offer_expired: "Предложение истекло; места перешли следующему в очереди.",
    last_booking: "Последняя принятая: {} · {}",
};
