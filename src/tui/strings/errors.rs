//! The error codes as the desk reads them: what happened and what to do.
//! One exhaustive `match` chooses the sentence of every code, so a new code
//! does not compile until someone decides what the kiosk says for it. Every
//! code has one, those whose message names a value or a file too: the desk
//! needs to know what to do, and the message stays in the log.

use super::Lang;
use crate::domain::ErrorCode;

/// A localized sentence for an error code: every code has one (`texts` is
/// an exhaustive `match`), so no caller falls back to the English message.
pub fn error_text(lang: Lang, code: ErrorCode) -> &'static str {
    let (en, ru) = texts(code);
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

/// The English and Russian sentence of a code.
fn texts(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::SoldOut => (
            "Sold out: not enough free seats. Offer the waitlist or another departure.",
            "Мест нет. Предложите лист ожидания или другое отправление.",
        ),
        ErrorCode::HoldExpired => (
            "The hold ran out and its seats went back. Hold again.",
            "Бронь мест истекла, места вернулись в продажу. Удержите снова.",
        ),
        ErrorCode::HoldNotActive => (
            "The hold is no longer active. Hold again.",
            "Удержание уже не действует. Удержите снова.",
        ),
        ErrorCode::HoldLimit => (
            "A hold cannot last more than 2 hours in all. Book or release it.",
            "Удержание не может длиться больше 2 часов. Оформите или снимите его.",
        ),
        ErrorCode::NotFound => ("Not found. Check the number.", "Не найдено. Проверьте номер."),
        ErrorCode::WrongPin => ("Wrong PIN. Try again.", "Неверный PIN. Попробуйте ещё раз."),
        ErrorCode::LoginThrottled => (
            "Too many wrong PINs: wait a few seconds, then try again.",
            "Слишком много неверных PIN: подождите несколько секунд и попробуйте снова.",
        ),
        ErrorCode::LockedOut => (
            "Logins here are locked after 10 wrong PINs: wait 15 minutes or ask a manager to unlock.",
            "Вход здесь заблокирован после 10 неверных PIN: подождите 15 минут или попросите менеджера разблокировать.",
        ),
        ErrorCode::SessionExpired => (
            "Your session has ended: lock (Ctrl-L) and log in again.",
            "Сеанс завершён: заблокируйте (Ctrl-L) и войдите снова.",
        ),
        ErrorCode::AuthRequired => ("Log in with your PIN first.", "Сначала войдите по PIN."),
        ErrorCode::FieldSealed => (
            "This laptop's data is sealed: log in with the PIN of a guide it was prepared for, or prepare it for you while online.",
            "Данные ноутбука зашифрованы: войдите по PIN гида, для которого он подготовлен, или подготовьте его для себя, пока есть сеть.",
        ),
        ErrorCode::NotSynced => (
            "This person was sold offline on this laptop and is not on the server yet: sync first, then try again.",
            "Этот участник продан офлайн на этом ноутбуке, и на сервере его ещё нет: сначала синхронизируйте, затем повторите.",
        ),
        ErrorCode::ShortPin => (
            "A field laptop needs a PIN of at least 6 digits: ask a manager to set a longer one.",
            "Для полевого ноутбука нужен PIN не короче 6 цифр: попросите менеджера задать более длинный.",
        ),
        ErrorCode::DeviceRevoked => (
            "This device was revoked: a manager must register it again.",
            "Это устройство отозвано: менеджер должен зарегистрировать его заново.",
        ),
        ErrorCode::InvalidParty => (
            "Invalid party: at least one adult, at most 50 people.",
            "Неверный состав: нужен хотя бы один взрослый, не больше 50 человек.",
        ),
        ErrorCode::LockTimeout => (
            "The departure is busy right now. Try again.",
            "Отправление сейчас занято. Попробуйте ещё раз.",
        ),
        ErrorCode::Forbidden => (
            "Your role may not do this. Ask a manager.",
            "Вашей роли это не разрешено. Обратитесь к менеджеру.",
        ),
        ErrorCode::DepartureCancelled => (
            "This departure was cancelled. Pick another one.",
            "Это отправление отменено. Выберите другое.",
        ),
        ErrorCode::SalesClosed => (
            "Sales are closed: the departure has started. Pick another one.",
            "Продажи закрыты: отправление уже началось. Выберите другое.",
        ),
        ErrorCode::PriceChanged => (
            "Prices changed while booking. Check the quote and confirm again.",
            "Цены изменились во время оформления. Проверьте сумму и подтвердите снова.",
        ),
        ErrorCode::IdempotencyConflict => (
            "This request was already used for something else. Start again.",
            "Этот запрос уже использован для другого. Начните заново.",
        ),
        ErrorCode::SeatsAvailable => (
            "Seats are free: book instead of the waitlist.",
            "Места есть: оформите бронь вместо листа ожидания.",
        ),
        ErrorCode::BookingCancelled => ("That booking is cancelled.", "Эта бронь отменена."),
        ErrorCode::NotCheckedIn => (
            "Not checked in: nothing to undo, and not out on this trip.",
            "Не отмечен: отменять нечего, и в этой поездке его нет.",
        ),
        ErrorCode::AlreadyCheckedIn => (
            "Already checked in: undo the check-in first.",
            "Уже отмечен: сначала отмените посадку.",
        ),
        ErrorCode::KeyRetired => (
            "This kiosk's ticket key was retired: run `tourdesk keys rotate`.",
            "Ключ билетов этого киоска выведен: выполните `tourdesk keys rotate`.",
        ),
        ErrorCode::NoSigningKey => (
            "This machine has no ticket-signing key: a manager runs `tourdesk keys new` here (once). \
             The booking stands; print its tickets later (`tourdesk ticket`).",
            "У этого компьютера нет ключа подписи билетов: менеджер один раз выполняет здесь \
             `tourdesk keys new`. Бронь оформлена; билеты можно напечатать позже (`tourdesk ticket`).",
        ),
        ErrorCode::CheckInNotOpen => ("Check-in is not open yet.", "Посадка ещё не открыта."),
        ErrorCode::ExceedsBalance => (
            "That is more than the booking still owes: take at most its balance.",
            "Это больше, чем осталось оплатить по брони: примите не больше остатка.",
        ),
        ErrorCode::ExceedsRefundable => (
            "That is more than can be refunded (paid less refunded): refund that much or less.",
            "Это больше, чем можно вернуть (оплачено минус уже возвращено): верните не больше.",
        ),
        ErrorCode::ResourceBusy => (
            "That resource's seats are taken at this time by the departures it already serves.",
            "Места этого транспорта в это время уже заняты другими отправлениями.",
        ),
        ErrorCode::GuideBusy => (
            "That guide already leads a departure at this time.",
            "Этот гид в это время уже ведёт другое отправление.",
        ),
        ErrorCode::ResourceOutOfService => (
            "A resource of this departure is out of service that day: nothing more is sold; move its bookings.",
            "Транспорт или снаряжение этого отправления в этот день не работает: продажи закрыты, перенесите брони.",
        ),
        ErrorCode::PickupNotOnTour => (
            "That pickup point is not one of this tour's (or it was removed): choose one of its stops.",
            "Эта точка сбора не относится к этому туру (или удалена): выберите одну из его остановок.",
        ),
        ErrorCode::NoOpenShift => (
            "No shift is open on this device: open one with the opening float first.",
            "На этом устройстве нет открытой смены: сначала откройте её с размером размена.",
        ),
        ErrorCode::ShiftAlreadyOpen => (
            "A shift is open on this device already: close it before opening another.",
            "На этом устройстве уже открыта смена: закройте её, прежде чем открывать новую.",
        ),
        ErrorCode::ShiftNotClosed => (
            "That shift is still open: it is closed and counted on its device before a manager approves it.",
            "Эта смена ещё открыта: её закрывают с пересчётом кассы на её устройстве, потом менеджер утверждает.",
        ),
        ErrorCode::ShiftApproved => (
            "That shift is approved and can no longer change: correct it with an entry in an open shift.",
            "Эта смена утверждена и больше не меняется: исправьте записью в открытой смене.",
        ),
        ErrorCode::UnknownDenomination => (
            "That is not a note or coin of this currency: count only its notes and coins.",
            "Такой купюры или монеты в этой валюте нет: считайте только её купюры и монеты.",
        ),
        ErrorCode::LastPerson => (
            "That is the booking's last person: cancel the booking instead.",
            "Это последний участник брони: отмените бронь целиком.",
        ),
        ErrorCode::VoucherNotAccepted => (
            "This voucher is in another currency than the booking: take cash, card or a transfer.",
            "Ваучер в другой валюте, чем бронь: примите наличные, карту или перевод.",
        ),
        ErrorCode::VoucherExpired => (
            "This voucher has expired: take cash, card or a transfer.",
            "Срок ваучера истёк: примите наличные, карту или перевод.",
        ),
        ErrorCode::VoucherInsufficient => (
            "Less is left on this voucher than that: take what is left and the rest another way.",
            "На ваучере осталось меньше: спишите остаток, а остальное примите иначе.",
        ),
        ErrorCode::RebookPending => (
            "This booking waits to be rebooked after the weather cancellation: move it, refund it or credit it.",
            "Эта бронь ждёт переноса после отмены из-за погоды: перенесите, верните деньги или выдайте ваучер.",
        ),
        ErrorCode::NotToRebook => (
            "This booking is not waiting to be rebooked (never was, or already resolved).",
            "Эта бронь не ждёт переноса (не ждала или уже решена).",
        ),
        ErrorCode::DbUnavailable => (
            "The database does not answer. The kiosk keeps retrying.",
            "База данных не отвечает. Киоск переподключается сам.",
        ),
        ErrorCode::OutcomeUnknown => (
            "Unknown whether it went through: the connection broke after it was sent. \
             Press Enter to retry with the same request: if it was done, it is shown, never done twice.",
            "Неизвестно, прошло ли: связь оборвалась после отправки. \
             Нажмите Enter, чтобы повторить тот же запрос: если он выполнен, он будет показан, дважды не выполнится.",
        ),
        ErrorCode::Busy => (
            "The database is busy or starting. Try again in a minute.",
            "База данных перегружена или запускается. Попробуйте через минуту.",
        ),
        ErrorCode::NotPrepared => (
            "This laptop was not prepared for this departure: while online, press p on the check-in screen.",
            "Ноутбук не подготовлен к этому отправлению: пока есть связь, нажмите p на экране посадки.",
        ),
        ErrorCode::NoAllotment => (
            "This laptop holds no seats to sell offline here: while online, lease some (check-in screen, p).",
            "У ноутбука нет мест для продажи без сети: пока есть связь, возьмите квоту (экран посадки, p).",
        ),
        ErrorCode::AllotmentExhausted => (
            "Not enough seats left in this laptop's allotment: sell a smaller party, or wait for the connection.",
            "В квоте этого ноутбука не хватает мест: продайте меньшей группе или дождитесь связи.",
        ),
        ErrorCode::NoPrice => (
            "No price for this party was taken along for offline sales: sell a smaller party.",
            "Цена для такой группы не взята с собой для продажи без сети: продайте меньшей группе.",
        ),
        ErrorCode::ClockSkew => (
            "This laptop's clock is more than 5 minutes off the server's: set its date and time (or turn on \
             network time), then press p again.",
            "Часы ноутбука расходятся с часами сервера больше чем на 5 минут: установите дату и время (или \
             включите синхронизацию времени по сети) и снова нажмите p.",
        ),
        ErrorCode::FieldStore => (
            "This laptop's field store failed. Nothing shown as done was lost; try again.",
            "Сбой полевого хранилища ноутбука. Ничего из показанного не потеряно; попробуйте ещё раз.",
        ),
        ErrorCode::InvalidInput => (
            "Something entered was not accepted. Check what you typed and try again; if it looks right, call \
             the manager.",
            "Введённые данные не приняты. Проверьте, что вы ввели, и попробуйте снова; если всё верно, \
             позовите менеджера.",
        ),
        ErrorCode::TicketFiles => (
            "The sale stands, but its ticket could not be drawn or saved on this computer. Give the customer \
             the booking number, print the ticket later (`tourdesk ticket`) and tell the manager.",
            "Продажа оформлена, но билет не удалось создать или сохранить на этом компьютере. Назовите \
             клиенту номер брони, напечатайте билет позже (`tourdesk ticket`) и сообщите менеджеру.",
        ),
        ErrorCode::PrinterUnavailable => (
            "The printer did not print: check that it is on, has paper and is connected, then press t on the \
             booking to print again. The sale stands and the tickets are saved as pictures.",
            "Принтер не напечатал: проверьте, что он включён, в нём есть бумага и он подключён, затем нажмите t \
             в брони, чтобы напечатать снова. Продажа оформлена, билеты сохранены как картинки.",
        ),
        ErrorCode::Database => (
            "The database refused the request. Try again; if it happens again, call the manager.",
            "База данных отклонила запрос. Попробуйте ещё раз; если это повторится, позовите менеджера.",
        ),
        ErrorCode::Usage => (
            "The command was given wrongly. Check it against `tourdesk help` and run it again.",
            "Команда задана неверно. Сверьте её с `tourdesk help` и запустите снова.",
        ),
        ErrorCode::AuditChainBroken => (
            "The audit trail fails its check: records may have been changed. Stop and call the manager now; \
             change nothing yourself.",
            "Журнал аудита не прошёл проверку: записи могли быть изменены. Остановитесь и сразу позовите \
             менеджера; ничего не меняйте сами.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cyrillic(s: &str) -> bool {
        s.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
    }

    /// Every code has a text in both languages (the exhaustive `match`
    /// makes one exist; this checks what it says): the English has no
    /// Cyrillic, the Russian does, and they differ.
    #[test]
    fn every_code_has_an_english_and_a_russian_text() {
        for &c in ErrorCode::ALL {
            let (en, ru) = (error_text(Lang::En, c), error_text(Lang::Ru, c));
            assert!(!en.trim().is_empty() && !cyrillic(en), "{c}: English text {en:?}");
            assert!(cyrillic(ru), "{c}: Russian text {ru:?}");
            assert_ne!(en, ru, "{c}");
        }
    }
}
