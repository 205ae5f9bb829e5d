//! `m`: taking an unpaid balance at the gate, right after the verdict said
//! "UNPAID: collect". A small form prefilled with the balance: the amount
//! (in roubles, kopecks after a point), cash or card (with the terminal's
//! slip number), Enter takes it through the service (`Service::pay`, the
//! same payment as `tourdesk pay`).
//!
//! The client key is made when the clerk confirms and kept while that
//! payment is retried (an unknown outcome is answered by the server from
//! the first attempt); changing the form makes the next confirm a new
//! payment. Only the server keeps the ledger: offline, or on a verdict
//! decided on this laptop, it says that the payment needs the network
//! rather than note money it cannot check against the balance.

use super::{Call, Modal, Panel, State, call};
use crate::booking::{MoneyMoved, Verdict};
use crate::domain::{Action, ErrorCode, PaymentMethod};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;
use uuid::Uuid;

/// The longest slip number (the server takes up to 100 characters).
const REFERENCE_MAX: usize = crate::booking::REFERENCE_MAX;

/// The payment form.
#[derive(Debug, Clone, PartialEq)]
pub struct PayForm {
    pub booking: String,
    pub currency: String,
    /// what the verdict said is due
    pub due_minor: i64,
    /// the amount as typed, in major units: `4500` or `4500.50`
    pub amount: String,
    pub card: bool,
    /// the card terminal's slip number
    pub reference: String,
    /// the slip number has the keys (else the amount)
    pub on_reference: bool,
    /// the key of the payment being confirmed, kept for its retries
    pub key: Option<Uuid>,
    /// sent, no answer yet
    pub sending: bool,
}

/// `4500`, `4500.5`, `4500,50` → minor units; none for anything else.
pub fn parse_amount(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', ".");
    let (major, minor) = t.split_once('.').unwrap_or((&t, ""));
    if major.is_empty() || minor.len() > 2 || !(major.chars().chain(minor.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let major: i64 = major.parse().ok()?;
    let minor: i64 = format!("{minor:0<2}").parse().ok()?;
    major.checked_mul(100)?.checked_add(minor)
}

/// Minor units as the form prefills them: `4500` or `4500.50`.
fn as_typed(minor: i64) -> String {
    match minor % 100 {
        0 => (minor / 100).to_string(),
        k => format!("{}.{k:02}", minor / 100),
    }
}

impl State {
    pub(super) fn ask_payment(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.checkin;
        let Panel::Verdict(c, offline) = &self.panel else {
            return out.info(t.pay_nothing_due);
        };
        let Verdict::Admitted {
            booking_number,
            unpaid_minor,
            currency,
            ..
        } = &c.verdict
        else {
            return out.info(t.pay_nothing_due);
        };
        if *unpaid_minor <= 0 {
            return out.info(t.pay_nothing_due);
        }
        if *offline || !ctx.online {
            return out.error(t.pay_offline);
        }
        if !ctx.may(Action::Sell) {
            return out.error(t.pay_desk_only);
        }
        self.modal = Modal::Pay(PayForm {
            booking: booking_number.clone(),
            currency: currency.clone(),
            due_minor: *unpaid_minor,
            amount: as_typed(*unpaid_minor),
            card: false,
            reference: String::new(),
            on_reference: false,
            key: None,
            sending: false,
        });
    }

    pub(super) fn pay_input(&mut self, c: char) {
        let Modal::Pay(f) = &mut self.modal else { return };
        if f.sending || c.is_control() {
            return;
        }
        if f.on_reference {
            if f.reference.chars().count() < REFERENCE_MAX {
                f.reference.push(c);
            }
        } else if c.is_ascii_digit() || c == '.' || c == ',' {
            f.amount.push(c);
        } else {
            return;
        }
        f.key = None;
    }

    pub(super) fn pay_backspace(&mut self) {
        let Modal::Pay(f) = &mut self.modal else { return };
        if f.sending {
            return;
        }
        if f.on_reference {
            f.reference.pop();
        } else {
            f.amount.pop();
        }
        f.key = None;
    }

    /// ↑↓: cash or card; Tab: the amount or the slip number.
    pub(super) fn pay_toggle(&mut self, method: bool) {
        let Modal::Pay(f) = &mut self.modal else { return };
        if f.sending {
            return;
        }
        if method {
            f.card = !f.card;
            f.on_reference = f.card && f.on_reference;
            f.key = None;
        } else {
            f.on_reference = f.card && !f.on_reference;
        }
    }

    pub(super) fn send_payment(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.checkin;
        let Modal::Pay(f) = &mut self.modal else { return };
        if f.sending {
            return;
        }
        let Some(amount) = parse_amount(&f.amount).filter(|a| *a > 0) else {
            return out.error(t.pay_bad_amount);
        };
        if amount > f.due_minor {
            let due = crate::domain::money::show(f.due_minor, &f.currency);
            return out.error(fill(t.pay_too_much, &[&due]));
        }
        if f.card && f.reference.trim().is_empty() {
            f.on_reference = true;
            return out.error(t.pay_need_slip);
        }
        f.sending = true;
        let key = *f.key.get_or_insert_with(Uuid::now_v7);
        let method = if f.card {
            PaymentMethod::Card
        } else {
            PaymentMethod::Cash
        };
        call(
            out,
            Call::Pay {
                booking: f.booking.clone(),
                amount_minor: amount,
                method,
                reference: if f.card {
                    f.reference.trim().to_string()
                } else {
                    String::new()
                },
                key,
            },
        );
    }

    /// The server's answer: the verdict on screen shows what is still due.
    pub(super) fn paid(&mut self, ctx: &Ctx, r: Result<MoneyMoved, UiError>, out: &mut Outbox) {
        let t = &ctx.text.checkin;
        match r {
            Ok(m) => {
                if matches!(&self.modal, Modal::Pay(f) if f.booking == m.booking_number) {
                    self.modal = Modal::None;
                }
                for p in std::iter::once(&mut self.panel).chain(self.recent.iter_mut()) {
                    if let Panel::Verdict(c, _) = p
                        && let Verdict::Admitted {
                            booking_number,
                            unpaid_minor,
                            ..
                        } = &mut c.verdict
                        && *booking_number == m.booking_number
                    {
                        *unpaid_minor = m.balance_minor;
                    }
                }
                let taken = crate::domain::money::show(m.amount_minor, &m.currency);
                let text = if m.balance_minor > 0 {
                    let left = crate::domain::money::show(m.balance_minor, &m.currency);
                    fill(t.paid_part, &[&taken, &m.booking_number, &left])
                } else {
                    fill(t.paid_all, &[&taken, &m.booking_number])
                };
                out.success(text);
                self.reload(out);
            }
            Err(e) => {
                if let Modal::Pay(f) = &mut self.modal {
                    // the same key on the next Enter: a retry of this payment
                    f.sending = false;
                }
                if e.code == ErrorCode::DbUnavailable {
                    out.error(t.pay_offline);
                } else {
                    out.failed(ctx, &e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse_amount("4500"), Some(450_000));
        assert_eq!(parse_amount("4500.5"), Some(450_050));
        assert_eq!(parse_amount("4500,05"), Some(450_005));
        assert_eq!(parse_amount(" 12 "), Some(1_200));
        assert_eq!(parse_amount("1.234"), None);
        assert_eq!(parse_amount(".5"), None);
        assert_eq!(parse_amount("12a"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(as_typed(450_000), "4500");
        assert_eq!(as_typed(450_050), "4500.50");
    }
}
