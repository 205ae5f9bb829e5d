//! Every word printed on paper (receipts, ticket slips, Z-reports), in
//! English and Russian: one table per language, as the kiosk keeps its
//! own (tui/strings). `{}` marks where a value goes ([`fill`]). Dates on
//! paper are written as the kiosk writes them (`dd.mm.yyyy HH:MM` in the
//! departure's zone) in both languages; amounts as `money::show` does.

use crate::booking::Language;
use crate::domain::{CashMoveKind, PaymentMethod, ShiftStatus};
use chrono::{DateTime, Utc};

pub struct PaperText {
    pub receipt: &'static str,
    /// "Customer: {}"
    pub customer: &'static str,
    /// "Confirmation code: {}"
    pub confirmation: &'static str,
    pub cancelled: &'static str,
    /// a booking without a stored price breakdown: adults, children
    pub party: &'static str,
    /// "{} × adult", "{} × child": the price lines of the party
    pub adult_line: &'static str,
    pub child_line: &'static str,
    pub total: &'static str,
    /// "{when} paid, {method}"
    pub paid_on: &'static str,
    /// "{when} refund, {method}"
    pub refund_on: &'static str,
    /// "ref. {}": a card slip or transfer reference
    pub reference: &'static str,
    pub paid: &'static str,
    pub refunded: &'static str,
    pub balance_due: &'static str,
    /// "Served by {staff} at {device}"
    pub served_by: &'static str,
    /// cash, card, transfer, voucher, unpaid
    pub methods: [&'static str; 5],
    /// a ticket slip: "Group of {n}: {holder}"
    pub group_of: &'static str,
    /// "Departs {}"
    pub departs: &'static str,
    /// "Meeting point: {}"
    pub meeting_point: &'static str,
    /// "Z-REPORT No. {}"
    pub z_title: &'static str,
    pub preview_title: &'static str,
    /// "Shift {} on {}"
    pub shift_on: &'static str,
    /// open, awaiting approval, approved
    pub statuses: [&'static str; 3],
    /// "opened {} by {}", "closed …", "approved …"
    pub opened_by: &'static str,
    pub closed_by: &'static str,
    pub approved_by: &'static str,
    pub by_method: &'static str,
    pub by_tour: &'static str,
    pub by_staff: &'static str,
    pub cash_moves: &'static str,
    pub nothing: &'static str,
    pub expected: &'static str,
    pub counted: &'static str,
    /// "over {}", "short {}", "exact"
    pub over: &'static str,
    pub short: &'static str,
    pub exact: &'static str,
    pub float: &'static str,
    pub cash_in: &'static str,
    pub cash_out: &'static str,
    /// "{} sale(s)", "{} refund(s)"
    pub sales: &'static str,
    pub refunds: &'static str,
    /// float, in, out
    pub moves: [&'static str; 3],
    /// a name left empty: the owner's scripts
    pub owner: &'static str,
}

pub const EN: PaperText = PaperText {
    receipt: "RECEIPT",
    customer: "Customer: {}",
    confirmation: "Confirmation code: {}",
    cancelled: "CANCELLED",
    party: "{} adult(s), {} child(ren)",
    adult_line: "{} × adult",
    child_line: "{} × child",
    total: "TOTAL",
    paid_on: "{} paid, {}",
    refund_on: "{} refund, {}",
    reference: "ref. {}",
    paid: "Paid",
    refunded: "Refunded",
    balance_due: "Balance due",
    served_by: "Served by {} at {}",
    methods: ["cash", "card", "transfer", "voucher", "unpaid"],
    group_of: "Group of {}: {}",
    departs: "Departs {}",
    meeting_point: "Meeting point: {}",
    z_title: "Z-REPORT No. {}",
    preview_title: "PREVIEW (not approved: no Z number yet)",
    shift_on: "Shift {} on {}",
    statuses: ["open", "closed, awaiting approval", "approved"],
    opened_by: "opened {} by {}",
    closed_by: "closed {} by {}",
    approved_by: "approved {} by {}",
    by_method: "By method",
    by_tour: "By tour",
    by_staff: "By staff",
    cash_moves: "Cash movements",
    nothing: "none",
    expected: "expected",
    counted: "counted",
    over: "over {}",
    short: "short {}",
    exact: "exact",
    float: "float",
    cash_in: "cash in",
    cash_out: "cash out",
    sales: "{} sale(s)",
    refunds: "{} refund(s)",
    moves: ["float", "in", "out"],
    owner: "the owner",
};

pub const RU: PaperText = PaperText {
    receipt: "ЧЕК",
    customer: "Покупатель: {}",
    confirmation: "Код подтверждения: {}",
    cancelled: "ОТМЕНЕНА",
    party: "взрослых: {}, детей: {}",
    adult_line: "{} × взрослый",
    child_line: "{} × детский",
    total: "ИТОГО",
    paid_on: "{} оплата, {}",
    refund_on: "{} возврат, {}",
    reference: "номер {}",
    paid: "Оплачено",
    refunded: "Возвращено",
    balance_due: "К оплате",
    served_by: "Обслужил(а) {}, {}",
    methods: ["наличные", "карта", "перевод", "ваучер", "не оплачено"],
    group_of: "Группа из {}: {}",
    departs: "Отправление {}",
    meeting_point: "Место сбора: {}",
    z_title: "Z-ОТЧЁТ № {}",
    preview_title: "ПРЕДВАРИТЕЛЬНЫЙ (не утверждён: номера Z ещё нет)",
    shift_on: "Смена {}, {}",
    statuses: ["открыта", "закрыта, ждёт утверждения", "утверждена"],
    opened_by: "открыта {}, {}",
    closed_by: "закрыта {}, {}",
    approved_by: "утверждена {}, {}",
    by_method: "По способам оплаты",
    by_tour: "По турам",
    by_staff: "По сотрудникам",
    cash_moves: "Движение наличных",
    nothing: "нет",
    expected: "ожидается",
    counted: "посчитано",
    over: "излишек {}",
    short: "недостача {}",
    exact: "сходится",
    float: "размен",
    cash_in: "внесено",
    cash_out: "изъято",
    sales: "продаж: {}",
    refunds: "возвратов: {}",
    moves: ["размен", "внесение", "изъятие"],
    owner: "владелец",
};

pub fn paper(lang: Language) -> &'static PaperText {
    match lang {
        Language::En => &EN,
        Language::Ru => &RU,
    }
}

/// `template` with each `{}` replaced by the next value: the kiosk's own,
/// so paper and screen fill their strings alike.
pub use crate::tui::strings::fill;

impl PaperText {
    pub fn method(&self, m: PaymentMethod) -> &'static str {
        match m {
            PaymentMethod::Cash => self.methods[0],
            PaymentMethod::Card => self.methods[1],
            PaymentMethod::Transfer => self.methods[2],
            PaymentMethod::Voucher => self.methods[3],
            PaymentMethod::Unpaid => self.methods[4],
        }
    }

    pub fn status(&self, s: ShiftStatus) -> &'static str {
        match s {
            ShiftStatus::Open => self.statuses[0],
            ShiftStatus::AwaitingApproval => self.statuses[1],
            ShiftStatus::Approved => self.statuses[2],
        }
    }

    pub fn move_kind(&self, k: CashMoveKind) -> &'static str {
        match k {
            CashMoveKind::Float => self.moves[0],
            CashMoveKind::In => self.moves[1],
            CashMoveKind::Out => self.moves[2],
        }
    }

    /// A staff name, or the owner's word for an empty one.
    pub fn who<'a>(&self, name: &'a str) -> &'a str {
        if name.is_empty() { self.owner } else { name }
    }
}

/// "24.11.2026 08:00 +12" in `zone` (UTC when it is not one): the kiosk's
/// day-first dates, with the year and the zone a paper keeps.
pub fn local_time(t: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%d.%m.%Y %H:%M %Z").to_string(),
        Err(_) => t.format("%d.%m.%Y %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_print_in_cp866_and_fill_their_places() {
        // every word of both languages prints as itself: no '?' on paper
        for t in [&EN, &RU] {
            for s in [
                t.receipt,
                t.customer,
                t.balance_due,
                t.z_title,
                t.preview_title,
                t.meeting_point,
            ]
            .into_iter()
            .chain(t.methods)
            .chain(t.statuses)
            .chain(t.moves)
            {
                let printed = super::super::cp866::decode(&super::super::cp866::encode(s));
                assert!(!printed.contains('?'), "{s}");
            }
        }
        assert_eq!(fill(RU.customer, &[&"Анна"]), "Покупатель: Анна");
        assert_eq!(fill(EN.served_by, &[&"Olga", &"desk-1"]), "Served by Olga at desk-1");
        assert_eq!(paper(Language::Ru).method(PaymentMethod::Cash), "наличные");
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T20:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(local_time(t, "Asia/Kamchatka"), "24.11.2026 08:00 +12");
    }
}
