//! A party still confirmed on a departure cancelled for weather is "to
//! rebook": its money is kept and the desk resolves it by a free move (`m`),
//! a refund in full (`R`) or credit as a voucher (`C`); `x` (cancel) is not
//! offered — the server refuses it (REBOOK_PENDING) because a cancellation
//! would apply a refund tier to a customer who cancelled nothing.
//!
//! Whether the card's booking is such a party is the server's: after the
//! card came, its departure is read and, when cancelled, its open cases
//! (`Service::rebookings`). That read is an addition to the card: when it
//! fails (offline, a role that may not see the cases) the card shows no
//! case, and the resolution would be refused by the server anyway.
//!
//! A refund or credit asks first (the amount is what the party holds) and
//! is sent with a client key made on `y` and kept for its retry.

use super::{Call, Msg, State, call};
use crate::booking::{RebookOutcome, RebookParty, Resolution};
use crate::domain::money::show as money;
use crate::tui::panes::walkin::view::local_time;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct RebookForm {
    /// the party's booking (the card's, or a row of the parties to rebook)
    pub number: String,
    pub how: Resolution,
    /// what goes back or onto the voucher: what the party holds
    pub amount_minor: i64,
    pub currency: String,
    pub key: Option<Uuid>,
    pub busy: bool,
}

/// A voucher issued by a credit, shown until a key closes it.
#[derive(Debug, Clone, PartialEq)]
pub struct VoucherShown {
    pub code: String,
    pub amount: String,
    pub until: String,
}

impl RebookForm {
    /// The question before resolving `p` by `how`.
    pub fn for_party(p: &RebookParty, how: Resolution) -> RebookForm {
        RebookForm {
            number: p.booking_number.clone(),
            how,
            amount_minor: holds(p),
            currency: p.currency.clone(),
            key: None,
            busy: false,
        }
    }
}

/// What an open case holds: paid less refunded.
pub fn holds(p: &RebookParty) -> i64 {
    p.paid_minor - p.refunded_minor
}

/// The case line on the card: the deadline in the departure's zone.
pub fn case_line(ctx: &Ctx, p: &RebookParty, zone: &str) -> String {
    fill(ctx.text.bookings.rebook_line, &[&local_time(ctx, p.due_at, zone)])
}

impl State {
    /// The open case of the booking on screen, if any.
    pub fn rebook_case(&self) -> Option<&RebookParty> {
        self.card.as_ref().and_then(|o| o.rebook.as_ref())
    }

    /// `R` or `C`: asks before resolving (only a party to rebook).
    pub(super) fn start_resolve(&mut self, how: Resolution) {
        let Some(p) = self.rebook_case() else {
            return;
        };
        self.form = Some(super::Form::Rebook(RebookForm::for_party(p, how)));
    }

    pub(super) fn rebook_key(&mut self, key: super::FormKey, out: &mut Outbox) {
        use super::FormKey as K;
        match &mut self.form {
            Some(super::Form::Rebook(f)) if !f.busy => match key {
                K::Yes => {
                    f.busy = true;
                    let key = *f.key.get_or_insert_with(Uuid::now_v7);
                    call(
                        out,
                        Call::Resolve {
                            number: f.number.clone(),
                            how: f.how,
                            key,
                        },
                    );
                }
                _ => self.form = None,
            },
            Some(super::Form::Voucher(_)) => self.form = None,
            _ => {}
        }
    }

    /// The case read after the card, and a resolution's answer.
    pub(super) fn rebook_answered(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        match msg {
            Msg::RebookCase(number, case) => {
                if let Some(o) = &mut self.card
                    && o.card.booking.booking_number == number
                {
                    o.rebook = case;
                }
            }
            Msg::Resolved(key, r) => {
                let mine = matches!(&self.form, Some(super::Form::Rebook(f)) if f.key == Some(key));
                match r {
                    Ok(o) => {
                        if mine {
                            self.form = None;
                        }
                        self.resolved(ctx, o, out);
                        if let Some(c) = &mut self.card {
                            c.rebook = None;
                        }
                        self.reload(out);
                    }
                    Err(e) => {
                        if let Some(super::Form::Rebook(f)) = &mut self.form
                            && mine
                        {
                            // the key stays: the same request again is safe
                            f.busy = false;
                        }
                        out.failed(ctx, &e);
                    }
                }
            }
            _ => {}
        }
    }

    fn resolved(&mut self, ctx: &Ctx, o: RebookOutcome, out: &mut Outbox) {
        let t = &ctx.text.bookings;
        match (o.voucher_code, o.voucher_amount_minor) {
            (Some(code), Some(amount)) => {
                let zone = self.card.as_ref().map_or("", |c| c.found.time_zone.as_str());
                // a year away: the date with its year
                let tz: chrono_tz::Tz = zone.parse().unwrap_or(ctx.tz);
                let until = o
                    .voucher_expires_at
                    .map(|at| at.with_timezone(&tz).format("%d.%m.%Y").to_string())
                    .unwrap_or_default();
                let amount = money(amount, &o.currency);
                out.success(fill(t.voucher_line, &[&code, &amount, &until]));
                self.form = Some(super::Form::Voucher(VoucherShown { code, amount, until }));
            }
            _ => out.success(fill(
                t.rebook_refunded,
                &[&o.booking_number, &money(o.refund_minor, &o.currency)],
            )),
        }
    }
}
