//! The core's error codes as the desk reads them: what happened and what to do.

use super::Lang;

/// A localized sentence for a core error code; `None` when the core's own
/// (English) message is the best there is.
pub fn error_text(lang: Lang, code: &str) -> Option<&'static str> {
    let (en, ru) = match code {
        "SOLD_OUT" => (
            "Sold out: not enough free seats. Offer the waitlist or another departure.",
            "Мест нет. Предложите лист ожидания или другое отправление.",
        ),
        "HOLD_EXPIRED" => (
            "The hold ran out and its seats went back. Hold again.",
            "Бронь мест истекла, места вернулись в продажу. Удержите снова.",
        ),
        "HOLD_NOT_ACTIVE" => (
            "The hold is no longer active. Hold again.",
            "Удержание уже не действует. Удержите снова.",
        ),
        "HOLD_LIMIT" => (
            "A hold cannot last more than 2 hours in all. Book or release it.",
            "Удержание не может длиться больше 2 часов. Оформите или снимите его.",
        ),
        "NOT_FOUND" => ("Not found. Check the number.", "Не найдено. Проверьте номер."),
        "WRONG_PIN" => ("Wrong PIN. Try again.", "Неверный PIN. Попробуйте ещё раз."),
        "LOGIN_THROTTLED" => (
            "Too many wrong PINs: wait a few seconds, then try again.",
            "Слишком много неверных PIN: подождите несколько секунд и попробуйте снова.",
        ),
        "LOCKED_OUT" => (
            "Logins here are locked after 10 wrong PINs: wait 15 minutes or ask a manager to unlock.",
            "Вход здесь заблокирован после 10 неверных PIN: подождите 15 минут или попросите менеджера разблокировать.",
        ),
        "SESSION_EXPIRED" => (
            "Your session has ended: lock (Ctrl-L) and log in again.",
            "Сеанс завершён: заблокируйте (Ctrl-L) и войдите снова.",
        ),
        "AUTH_REQUIRED" => ("Log in with your PIN first.", "Сначала войдите по PIN."),
        "FIELD_SEALED" => (
            "This laptop's data is sealed: log in with the PIN of a guide it was prepared for, or prepare it for you while online.",
            "Данные ноутбука зашифрованы: войдите по PIN гида, для которого он подготовлен, или подготовьте его для себя, пока есть сеть.",
        ),
        "SHORT_PIN" => (
            "A field laptop needs a PIN of at least 6 digits: ask a manager to set a longer one.",
            "Для полевого ноутбука нужен PIN не короче 6 цифр: попросите менеджера задать более длинный.",
        ),
        "DEVICE_REVOKED" => (
            "This device was revoked: a manager must register it again.",
            "Это устройство отозвано: менеджер должен зарегистрировать его заново.",
        ),
        "INVALID_PARTY" => (
            "Invalid party: at least one adult, at most 50 people.",
            "Неверный состав: нужен хотя бы один взрослый, не больше 50 человек.",
        ),
        "LOCK_TIMEOUT" => (
            "The departure is busy right now. Try again.",
            "Отправление сейчас занято. Попробуйте ещё раз.",
        ),
        "FORBIDDEN" => (
            "Your role may not do this. Ask a manager.",
            "Вашей роли это не разрешено. Обратитесь к менеджеру.",
        ),
        "DEPARTURE_CANCELLED" => (
            "This departure was cancelled. Pick another one.",
            "Это отправление отменено. Выберите другое.",
        ),
        "SALES_CLOSED" => (
            "Sales are closed: the departure has started. Pick another one.",
            "Продажи закрыты: отправление уже началось. Выберите другое.",
        ),
        "PRICE_CHANGED" => (
            "Prices changed while booking. Check the quote and confirm again.",
            "Цены изменились во время оформления. Проверьте сумму и подтвердите снова.",
        ),
        "IDEMPOTENCY_CONFLICT" => (
            "This request was already used for something else. Start again.",
            "Этот запрос уже использован для другого. Начните заново.",
        ),
        "SEATS_AVAILABLE" => (
            "Seats are free: book instead of the waitlist.",
            "Места есть: оформите бронь вместо листа ожидания.",
        ),
        "BOOKING_CANCELLED" => ("That booking is cancelled.", "Эта бронь отменена."),
        "NOT_CHECKED_IN" => ("Not checked in: nothing to undo.", "Не отмечен: отменять нечего."),
        "ALREADY_CHECKED_IN" => (
            "Already checked in: undo the check-in first.",
            "Уже отмечен: сначала отмените посадку.",
        ),
        "KEY_RETIRED" => (
            "This kiosk's ticket key was retired: run `tourdesk keys rotate`.",
            "Ключ билетов этого киоска выведен: выполните `tourdesk keys rotate`.",
        ),
        "NO_SIGNING_KEY" => (
            "This machine has no ticket-signing key: a manager runs `tourdesk keys new` here (once). \
             The booking stands; print its tickets later (`tourdesk ticket`).",
            "У этого компьютера нет ключа подписи билетов: менеджер один раз выполняет здесь \
             `tourdesk keys new`. Бронь оформлена; билеты можно напечатать позже (`tourdesk ticket`).",
        ),
        "CHECK_IN_NOT_OPEN" => ("Check-in is not open yet.", "Посадка ещё не открыта."),
        "DB_UNAVAILABLE" => (
            "The database does not answer. The kiosk keeps retrying.",
            "База данных не отвечает. Киоск переподключается сам.",
        ),
        "OUTCOME_UNKNOWN" => (
            "Unknown whether it went through: the connection broke after it was sent. \
             Press Enter to retry with the same request: if it was done, it is shown, never done twice.",
            "Неизвестно, прошло ли: связь оборвалась после отправки. \
             Нажмите Enter, чтобы повторить тот же запрос: если он выполнен, он будет показан, дважды не выполнится.",
        ),
        "BUSY" => (
            "The database is busy or starting. Try again in a minute.",
            "База данных перегружена или запускается. Попробуйте через минуту.",
        ),
        "NOT_PREPARED" => (
            "This laptop was not prepared for this departure: while online, press p on the check-in screen.",
            "Ноутбук не подготовлен к этому отправлению: пока есть связь, нажмите p на экране посадки.",
        ),
        "NO_ALLOTMENT" => (
            "This laptop holds no seats to sell offline here: while online, lease some (check-in screen, p).",
            "У ноутбука нет мест для продажи без сети: пока есть связь, возьмите квоту (экран посадки, p).",
        ),
        "ALLOTMENT_EXHAUSTED" => (
            "Not enough seats left in this laptop's allotment: sell a smaller party, or wait for the connection.",
            "В квоте этого ноутбука не хватает мест: продайте меньшей группе или дождитесь связи.",
        ),
        "NO_PRICE" => (
            "No price for this party was taken along for offline sales: sell a smaller party.",
            "Цена для такой группы не взята с собой для продажи без сети: продайте меньшей группе.",
        ),
        "CLOCK_SKEW" => (
            "This laptop's clock is more than 5 minutes off the server's: set its date and time (or turn on \
             network time), then press p again.",
            "Часы ноутбука расходятся с часами сервера больше чем на 5 минут: установите дату и время (или \
             включите синхронизацию времени по сети) и снова нажмите p.",
        ),
        "FIELD_STORE" => (
            "This laptop's field store failed. Nothing shown as done was lost; try again.",
            "Сбой полевого хранилища ноутбука. Ничего из показанного не потеряно; попробуйте ещё раз.",
        ),
        _ => return None,
    };
    Some(match lang {
        Lang::En => en,
        Lang::Ru => ru,
    })
}
