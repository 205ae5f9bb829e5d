//! What the desk does from a booking's card: each action is a [`CardAction`]
//! that opens a form or a question (`act`), whose keys end in one call
//! (`form_key`), whose answer closes it and reads the card again
//! (`answered`). Moving (`moving.rs`), a party to rebook (`rebook.rs`) and
//! changing the contact or the people (`change.rs`) have their own files.
//!
//! Every write carries a client key made once per confirmed request and
//! kept for its retries (a payment whose answer was lost is not taken
//! twice); editing the form makes it another request with a new key.
//! Cancelling needs no key of ours: the server returns the first
//! cancellation to a second one. The refund shown before confirming is the
//! server's quote; the cancel computes it again there.

use super::{Call, Msg, State, call, card_view};
use crate::booking::{CancelQuote, MoneyMoved};
use crate::domain::money::show as money;
use crate::domain::{ErrorCode, LedgerKind, PaymentMethod};
use crate::tui::action::UiError;
use crate::tui::panes::departures::form::parse_money;
use crate::tui::panes::{Ctx, Level, Outbox};
use crate::tui::strings::fill;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardAction {
    Pay,
    Refund,
    Cancel,
    Reprint,
    Qr,
    Move,
    /// a party to rebook: refund in full
    RebookRefund,
    /// a party to rebook: credit as a voucher
    RebookCredit,
    /// the contact's name, phone, e-mail
    Contact,
    /// a person's name, details, adult <-> child
    EditPerson,
    AddPerson,
    RemovePerson,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Pay(MoneyForm),
    Refund(MoneyForm),
    Cancel(CancelForm),
    /// "printed N times before: again?"
    Reprint {
        printed: i32,
    },
    Move(super::MoveForm),
    Rebook(super::RebookForm),
    Voucher(super::VoucherShown),
    /// which person, for a change or a removal
    Pick(super::PickForm),
    Contact(super::ContactForm),
    Person(Box<super::PersonForm>),
    Remove(Box<super::RemoveForm>),
}

/// A payment (amount, method, slip or reference) or a refund (amount, reason).
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyForm {
    pub amount: String,
    /// a payment's method (cash, card, transfer)
    pub method: PaymentMethod,
    /// the slip or transfer reference of a payment; the reason of a refund
    pub text: String,
    pub field: Field,
    /// the key of the request sent, kept for its retry
    pub key: Option<Uuid>,
    pub busy: bool,
    /// what to fix before sending
    pub problem: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Amount,
    Method,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CancelForm {
    /// the server's quote, once it answered
    pub quote: Option<CancelQuote>,
    pub busy: bool,
}

/// The methods a desk takes money with (a voucher is not a payment here).
const METHODS: [PaymentMethod; 3] = [PaymentMethod::Cash, PaymentMethod::Card, PaymentMethod::Transfer];

impl MoneyForm {
    fn new(amount: String) -> MoneyForm {
        MoneyForm {
            amount,
            method: PaymentMethod::Cash,
            text: String::new(),
            field: Field::Amount,
            key: None,
            busy: false,
            problem: None,
        }
    }

    fn fields(pay: bool) -> &'static [Field] {
        if pay {
            &[Field::Amount, Field::Method, Field::Text]
        } else {
            &[Field::Amount, Field::Text]
        }
    }

    fn cycle(&mut self, step: i32) {
        let i = METHODS.iter().position(|m| *m == self.method).unwrap_or(0) as i32;
        self.method = METHODS[(i + step).rem_euclid(METHODS.len() as i32) as usize];
    }

    /// A key that edits; a changed request gets a new key when sent.
    fn edit(&mut self, pay: bool, key: super::FormKey) {
        use super::FormKey as K;
        let before = self.clone();
        match (key, self.field) {
            (K::Next, _) => {
                let fields = Self::fields(pay);
                let i = fields.iter().position(|f| *f == self.field).unwrap_or(0);
                self.field = fields[(i + 1) % fields.len()];
            }
            (K::Left, Field::Method) => self.cycle(-1),
            (K::Right | K::Char(' '), Field::Method) => self.cycle(1),
            (K::Char(c), Field::Amount) if c.is_ascii_digit() || matches!(c, '.' | ',' | ' ') => self.amount.push(c),
            (K::Backspace, Field::Amount) => {
                self.amount.pop();
            }
            (K::Char(c), Field::Text) if !c.is_control() => self.text.push(c),
            (K::Backspace, Field::Text) => {
                self.text.pop();
            }
            _ => {}
        }
        if (&before.amount, before.method, &before.text) != (&self.amount, self.method, &self.text) {
            self.key = None;
            self.problem = None;
        }
    }
}

/// Minor units as a clerk would type them: `7500`, `7500.50`.
pub fn amount_text(minor: i64) -> String {
    if minor % 100 == 0 {
        (minor / 100).to_string()
    } else {
        format!("{}.{:02}", minor / 100, minor % 100)
    }
}

impl State {
    pub(super) fn act(&mut self, ctx: &Ctx, action: CardAction, out: &mut Outbox) {
        let t = &ctx.text.bookings;
        let Some(o) = &self.card else {
            return;
        };
        if self.form.is_some() {
            return;
        }
        let number = o.card.booking.booking_number.clone();
        let live = card_view::live(&o.card);
        match action {
            CardAction::Pay => {
                let due = card_view::due(&o.card);
                if due <= 0 {
                    return out.info(t.nothing_due);
                }
                self.form = Some(Form::Pay(MoneyForm::new(amount_text(due))));
            }
            CardAction::Refund => self.form = Some(Form::Refund(MoneyForm::new(String::new()))),
            CardAction::Cancel if !live => out.info(t.already_cancelled),
            CardAction::Cancel if self.rebook_case().is_some() => out.info(t.rebook_no_cancel),
            CardAction::Cancel => {
                self.form = Some(Form::Cancel(CancelForm {
                    quote: None,
                    busy: false,
                }));
                call(out, Call::Quote(number));
            }
            CardAction::Reprint | CardAction::Qr if !live => out.info(t.not_live),
            CardAction::Reprint => match card_view::printed(&o.card) {
                0 => call(out, Call::Reprint(number)),
                printed => self.form = Some(Form::Reprint { printed }),
            },
            CardAction::Qr => call(out, Call::Code(number)),
            CardAction::Move => self.start_move(ctx, out),
            CardAction::RebookRefund => self.start_resolve(crate::booking::Resolution::Refund),
            CardAction::RebookCredit => self.start_resolve(crate::booking::Resolution::Credit),
            CardAction::Contact | CardAction::EditPerson | CardAction::AddPerson | CardAction::RemovePerson
                if !live =>
            {
                out.info(t.already_cancelled)
            }
            CardAction::Contact => self.start_contact(),
            CardAction::EditPerson => self.start_pick(super::change::Pick::Edit, out),
            CardAction::AddPerson => self.start_add(),
            CardAction::RemovePerson => self.start_pick(super::change::Pick::Remove, out),
        }
    }

    pub(super) fn form_key(&mut self, ctx: &Ctx, key: super::FormKey, out: &mut Outbox) {
        use super::FormKey as K;
        // a party to rebook is resolved from its card or from the parties' list
        if matches!(self.form, Some(Form::Rebook(_) | Form::Voucher(_))) {
            return self.rebook_key(key, out);
        }
        let Some(number) = self.number().map(str::to_string) else {
            return;
        };
        match (&mut self.form, key) {
            (None, _) => {}
            (Some(Form::Move(_)), k) => self.move_key(k, out),
            (Some(Form::Rebook(_) | Form::Voucher(_)), k) => self.rebook_key(k, out),
            (Some(Form::Pick(_)), k) => self.pick_key(k, out),
            (Some(Form::Contact(_)), k) => self.contact_key(ctx, k, out),
            (Some(Form::Person(_)), k) => self.person_key(ctx, k, out),
            (Some(Form::Remove(_)), k) => self.remove_key(k, out),
            (Some(Form::Pay(f) | Form::Refund(f)), K::Cancel) if !f.busy => self.form = None,
            (Some(Form::Pay(f)), K::Submit) if !f.busy => submit(ctx, f, true, number, out),
            (Some(Form::Refund(f)), K::Submit) if !f.busy => submit(ctx, f, false, number, out),
            (Some(Form::Pay(f)), k) if !f.busy => f.edit(true, k),
            (Some(Form::Refund(f)), k) if !f.busy => f.edit(false, k),
            (Some(Form::Pay(_) | Form::Refund(_)), _) => {}
            (Some(Form::Cancel(c)), K::Yes) => {
                if c.quote.is_some() && !c.busy {
                    c.busy = true;
                    call(out, Call::Cancel(number));
                }
            }
            (Some(Form::Cancel(c)), K::No | K::Cancel) if !c.busy => self.form = None,
            (Some(Form::Cancel(_)), _) => {}
            (Some(Form::Reprint { .. }), K::Yes) => {
                self.form = None;
                call(out, Call::Reprint(number));
            }
            (Some(Form::Reprint { .. }), _) => self.form = None,
        }
    }

    /// The core's answers to the card's actions.
    pub(super) fn answered(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        let t = &ctx.text.bookings;
        match msg {
            Msg::Quoted(number, r) => {
                let Some(Form::Cancel(c)) = &mut self.form else {
                    return;
                };
                if self.card.as_ref().map(|o| o.card.booking.booking_number.as_str()) != Some(number.as_str()) {
                    return;
                }
                match r {
                    Ok(q) if q.already => {
                        self.form = None;
                        out.info(t.already_cancelled);
                        self.reload(out);
                    }
                    Ok(q) => c.quote = Some(q),
                    Err(e) => {
                        self.form = None;
                        out.failed(ctx, &e);
                    }
                }
            }
            Msg::Paid(key, r, printer) => self.money_answered(ctx, key, r, printer, out),
            Msg::Refunded(key, r) => self.money_answered(ctx, key, r, None, out),
            Msg::Cancelled(number, r) => {
                if let Some(Form::Cancel(c)) = &mut self.form {
                    c.busy = false;
                }
                match r {
                    Ok(c) => {
                        self.form = None;
                        out.success(fill(
                            t.cancelled_notice,
                            &[&number, &money(c.refund_minor, &c.currency)],
                        ));
                        self.reload(out);
                    }
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Msg::Reprinted(_, r) => match r {
                Ok(p) => {
                    out.success(fill(t.reprinted, &[&p.count, &p.dir]));
                    self.reload(out);
                }
                Err(e) => out.failed(ctx, &e),
            },
            Msg::Code(number, r) => match r {
                Ok(code) if self.number() == Some(number.as_str()) => out.fullscreen_qr = Some(code),
                Ok(_) => {}
                Err(e) => out.failed(ctx, &e),
            },
            Msg::RebookCase(..) | Msg::Resolved(..) => self.rebook_answered(ctx, msg, out),
            Msg::ChangeQuoted(..) | Msg::Changed(..) => self.change_answered(ctx, msg, out),
            other => self.move_answered(ctx, other, out),
        }
    }

    /// A payment's or refund's answer; `printer`: the cash receipt that did
    /// not print (the money is taken all the same: a warning, not an error).
    fn money_answered(
        &mut self,
        ctx: &Ctx,
        key: Uuid,
        r: Result<MoneyMoved, UiError>,
        printer: Option<UiError>,
        out: &mut Outbox,
    ) {
        let t = &ctx.text.bookings;
        let mine = matches!(&self.form, Some(Form::Pay(f) | Form::Refund(f)) if f.key == Some(key));
        match r {
            Ok(m) => {
                if mine {
                    self.form = None;
                }
                let amount = money(m.amount_minor, &m.currency);
                let due = money(m.balance_minor, &m.currency);
                match (m.kind, printer) {
                    (LedgerKind::Payment, Some(e)) if e.code == ErrorCode::PrinterUnavailable => out.notice(
                        Level::Warning,
                        fill(t.paid_receipt_failed, &[&amount, &m.booking_number, &due, &e.message]),
                    ),
                    (LedgerKind::Payment, Some(e)) => {
                        out.success(fill(t.paid_notice, &[&amount, &m.booking_number, &due]));
                        out.failed(ctx, &e);
                    }
                    (LedgerKind::Payment, None) => {
                        out.success(fill(t.paid_notice, &[&amount, &m.booking_number, &due]))
                    }
                    (LedgerKind::Refund, _) => out.success(fill(t.refunded_notice, &[&amount, &m.booking_number])),
                }
                self.reload(out);
            }
            Err(e) => {
                if let Some(Form::Pay(f) | Form::Refund(f)) = &mut self.form
                    && mine
                {
                    // the key stays: the same request again is safe
                    f.busy = false;
                }
                out.failed(ctx, &e);
            }
        }
    }
}

/// Checks the form and sends it, with its key (kept from a failed try).
fn submit(ctx: &Ctx, f: &mut MoneyForm, pay: bool, number: String, out: &mut Outbox) {
    let t = &ctx.text.bookings;
    let Some(amount_minor) = parse_money(&f.amount).filter(|a| *a > 0) else {
        f.problem = Some(t.bad_amount);
        f.field = Field::Amount;
        return;
    };
    let text = f.text.trim().to_string();
    if text.is_empty() && (!pay || f.method != PaymentMethod::Cash) {
        f.problem = Some(if pay { t.need_reference } else { t.need_reason });
        f.field = Field::Text;
        return;
    }
    f.problem = None;
    f.busy = true;
    let key = *f.key.get_or_insert_with(Uuid::now_v7);
    call(
        out,
        if pay {
            Call::Pay {
                number,
                amount_minor,
                method: f.method,
                reference: text,
                key,
            }
        } else {
            Call::Refund {
                number,
                amount_minor,
                reason: text,
                key,
            }
        },
    );
}
