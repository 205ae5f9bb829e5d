//! Strings of offline field mode: the header's journal count and sync
//! progress, the offline marker on verdicts, preparing the laptop, and the
//! conflict review after a sync.

pub struct FieldText {
    /// journal entries waiting for the server (count), after ONLINE/OFFLINE
    pub waiting: &'static str,
    /// done, total
    pub syncing: &'static str,
    /// on a verdict decided on this laptop (journalled, synced later)
    pub offline_tag: &'static str,
    // the check-in pane
    /// seats left
    pub allotment_left: &'static str,
    pub prepared: &'static str,
    /// open conflicts
    pub conflicts_hint: &'static str,
    pub prepare_label: &'static str,
    pub prepare_hint: &'static str,
    pub preparing: &'static str,
    /// bookings, people, the signing key ids taken along (as the CLI lists them)
    pub prepared_notice: &'static str,
    /// bookings, people, seats, key ids
    pub prepared_allotment: &'static str,
    /// no signing key was taken along
    pub keys_none: &'static str,
    /// seats
    pub ask_release: &'static str,
    /// seats
    pub released: &'static str,
    pub no_allotment: &'static str,
    pub needs_database: &'static str,
    pub no_store: &'static str,
    // logging in and syncing
    pub offline_login: &'static str,
    pub offline_only: &'static str,
    /// on a walk-in sold offline
    pub sold_offline: &'static str,
    /// entries
    pub synced: &'static str,
    /// entries, to look at
    pub synced_conflicts: &'static str,
    /// the reason
    pub sync_failed: &'static str,
    /// the reason
    pub connect_failed: &'static str,
    // the conflict review
    pub review_title: &'static str,
    pub review_keys: &'static str,
    pub review_note: &'static str,
    pub review_note_hint: &'static str,
    pub default_note: &'static str,
    pub review_empty: &'static str,
    pub review_offline: &'static str,
    pub resolved_tag: &'static str,
    pub resolving: &'static str,
    /// conflict id
    pub resolved_notice: &'static str,
    pub cannot_resolve: &'static str,
    // each kind of conflict: what happened, then what to do
    pub duplicate: &'static str,
    /// names, device, time
    pub duplicate_text: &'static str,
    /// name, time, device
    pub first_in: &'static str,
    pub cancelled: &'static str,
    /// device, time, reason
    pub cancelled_text: &'static str,
    pub refused: &'static str,
    /// device, time, the server's verdict
    pub refused_text: &'static str,
    pub walk_in: &'static str,
    /// adults, children, amount, payment, device, time, why, name, phone
    pub walk_in_text: &'static str,
    pub walk_in_cancelled: &'static str,
    pub walk_in_no_seats: &'static str,
    pub walk_in_late: &'static str,
    pub walk_in_allotment: &'static str,
    pub clock: &'static str,
    /// what (a check-in / a walk-in), device, time, why
    pub clock_text: &'static str,
    pub clock_check_in: &'static str,
    pub clock_sale: &'static str,
    /// the time the server received it
    pub clock_future: &'static str,
    /// the prepare's time
    pub clock_before_prepare: &'static str,
    /// the lease's time
    pub clock_before_lease: &'static str,
    /// the departure's time
    pub clock_after_departure: &'static str,
    pub failed: &'static str,
    /// code, message
    pub failed_text: &'static str,
}

pub const EN: FieldText = FieldText {
    waiting: "{} waiting",
    syncing: "SYNC {}/{}",
    offline_tag: " OFFLINE · saved here ",
    allotment_left: "allotment: {} left",
    prepared: "ready offline",
    conflicts_hint: "{} to review: v",
    prepare_label: "Seats to lease for offline sales",
    prepare_hint: "empty: none · Enter prepares this laptop · Esc cancels",
    preparing: "Preparing this laptop for the departure…",
    prepared_notice: "Ready offline: {} booking(s), {} people taken along; signing keys {}.",
    prepared_allotment: "Ready offline: {} booking(s), {} people, {} seat(s) to sell; signing keys {}.",
    keys_none: "none",
    ask_release: "Give back this laptop's {} unsold seat(s) on this departure?",
    released: "Allotment given back: {} seat(s) are on sale again.",
    no_allotment: "This laptop holds no seats on this departure.",
    needs_database: "This needs the database: do it while online.",
    no_store: "This kiosk has no field store (see the log): offline check-in is off.",
    offline_login: "Logged in offline: check-in works from this laptop; the rest waits for the connection.",
    offline_only: "Offline: only check-in (and walk-ins from this laptop's allotment) work now.",
    sold_offline: "Sold offline from this laptop's allotment: everyone is checked in. Tickets can be printed once the connection is back.",
    synced: "Synced: {} entr(ies) sent to the server.",
    synced_conflicts: "Synced: {} entr(ies) sent; {} need a look.",
    sync_failed: "Sync stopped ({}). Nothing is lost: it goes on when the database answers.",
    connect_failed: "The database answers, but logging in online failed: {}",
    review_title: "After the sync: what to look at",
    review_keys: "↑↓ choose · r mark resolved · Esc close",
    review_note: "How it was resolved",
    review_note_hint: "Enter saves (empty: “Reviewed at the gate”) · Esc cancels",
    default_note: "Reviewed at the gate",
    review_empty: "No open conflicts.",
    review_offline: "Conflicts can be reviewed when the database answers.",
    resolved_tag: "✓ resolved",
    resolving: "saving…",
    resolved_notice: "Conflict #{} marked resolved.",
    cannot_resolve: "This entry stays on the laptop: fix the cause, then run `tourdesk field sync --retry-failed`.",
    duplicate: "DUPLICATE",
    duplicate_text: "{} let in again by {} at {}. The first check-in stands; check the ticket was not shared or copied.",
    first_in: "{} (first in at {} on {})",
    cancelled: "CANCELLED TICKET",
    cancelled_text: "Let in offline by {} at {} ({}). Collect payment or rebook the traveller; the check-in was not recorded.",
    refused: "REFUSED",
    refused_text: "Let in offline by {} at {}, but the server says {}. Check the traveller's booking at the desk.",
    walk_in: "WALK-IN NOT APPLIED",
    walk_in_text: "{} adult(s), {} child(ren), {} ({}), sold by {} at {}: {}. Call {} {} to rebook or refund.",
    walk_in_cancelled: "the departure was cancelled meanwhile",
    walk_in_no_seats: "no seats were left",
    walk_in_late: "it was sold after departure time",
    walk_in_allotment: "the allotment it was sold from is not this departure's",
    clock: "WRONG CLOCK",
    clock_text: "{} by {} carries the time {}, {}: the laptop's clock was wrong. It was applied or refused as it came; check its time at the desk, then set the laptop's clock (or turn on network time) and prepare it again.",
    clock_check_in: "A check-in",
    clock_sale: "A walk-in sold",
    clock_future: "in the server's future (received at {})",
    clock_before_prepare: "before the laptop was prepared ({})",
    clock_before_lease: "before its allotment was leased ({})",
    clock_after_departure: "more than 24 h after the departure ({})",
    failed: "NOT SYNCED",
    failed_text: "The server refused an entry ({}: {}).",
};

pub const RU: FieldText = FieldText {
    waiting: "ждут: {}",
    syncing: "СИНХР. {}/{}",
    offline_tag: " БЕЗ СЕТИ · сохранено ",
    allotment_left: "квота: осталось {}",
    prepared: "готов без сети",
    conflicts_hint: "проверить: {} — v",
    prepare_label: "Мест в квоту для продажи без сети",
    prepare_hint: "пусто — без квоты · Enter — подготовить ноутбук · Esc — отмена",
    preparing: "Готовим ноутбук к отправлению…",
    prepared_notice: "Готов к работе без сети: броней {}, человек {}; ключи подписи {}.",
    prepared_allotment: "Готов без сети: броней {}, человек {}, мест на продажу {}; ключи подписи {}.",
    keys_none: "нет",
    ask_release: "Вернуть непроданные места этого ноутбука ({}) на это отправление?",
    released: "Квота возвращена: мест снова в продаже — {}.",
    no_allotment: "У этого ноутбука нет мест на это отправление.",
    needs_database: "Нужна база данных: сделайте это, пока есть связь.",
    no_store: "У киоска нет полевого хранилища (см. журнал): посадка без сети отключена.",
    offline_login: "Вход без сети: посадка работает с этого ноутбука, остальное ждёт связи.",
    offline_only: "Нет сети: работает только посадка (и продажа из квоты этого ноутбука).",
    sold_offline: "Продано без сети из квоты ноутбука: все отмечены на посадке. Билеты можно распечатать, когда вернётся связь.",
    synced: "Синхронизировано: записей отправлено на сервер — {}.",
    synced_conflicts: "Синхронизировано: отправлено {}; требуют внимания — {}.",
    sync_failed: "Синхронизация прервана ({}). Ничего не потеряно: продолжим, когда база ответит.",
    connect_failed: "База отвечает, но войти в сети не удалось: {}",
    review_title: "После синхронизации: что проверить",
    review_keys: "↑↓ выбор · r — решено · Esc — закрыть",
    review_note: "Как решено",
    review_note_hint: "Enter — сохранить (пусто: «Проверено на посадке») · Esc — отмена",
    default_note: "Проверено на посадке",
    review_empty: "Открытых конфликтов нет.",
    review_offline: "Конфликты можно разобрать, когда база ответит.",
    resolved_tag: "✓ решено",
    resolving: "сохраняем…",
    resolved_notice: "Конфликт №{} отмечен решённым.",
    cannot_resolve: "Запись остаётся на ноутбуке: устраните причину и выполните `tourdesk field sync --retry-failed`.",
    duplicate: "ПОВТОР",
    duplicate_text: "{} пропущен(ы) повторно на {} в {}. Действует первая отметка; проверьте, не передавали ли или не копировали билет.",
    first_in: "{} (первая отметка в {} на {})",
    cancelled: "ОТМЕНЁННЫЙ БИЛЕТ",
    cancelled_text: "Пропущен без сети на {} в {} ({}). Получите оплату или переоформите поездку; отметка не записана.",
    refused: "ОТКАЗ СЕРВЕРА",
    refused_text: "Пропущен без сети на {} в {}, но сервер отвечает: {}. Проверьте бронь туриста на кассе.",
    walk_in: "ПРОДАЖА НЕ ПРИНЯТА",
    walk_in_text: "Взрослых {}, детей {}, {} ({}), продано на {} в {}: {}. Позвоните {} {}, чтобы переоформить или вернуть деньги.",
    walk_in_cancelled: "отправление тем временем отменили",
    walk_in_no_seats: "мест не осталось",
    walk_in_late: "продано после отправления",
    walk_in_allotment: "квота, из которой продано, не от этого отправления",
    clock: "НЕВЕРНЫЕ ЧАСЫ",
    clock_text: "{} на {} записан(а) со временем {}, {}: часы ноутбука шли неверно. Запись принята или отклонена как пришла; проверьте её время на кассе, затем установите часы ноутбука (или включите синхронизацию времени по сети) и подготовьте его заново.",
    clock_check_in: "Отметка посадки",
    clock_sale: "Продажа без сети",
    clock_future: "в будущем по часам сервера (получена в {})",
    clock_before_prepare: "раньше подготовки ноутбука ({})",
    clock_before_lease: "раньше выдачи квоты ({})",
    clock_after_departure: "больше чем через 24 ч после отправления ({})",
    failed: "НЕ ОТПРАВЛЕНО",
    failed_text: "Сервер отклонил запись ({}: {}).",
};
