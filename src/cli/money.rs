//! `tourdesk pay` and `tourdesk refund`: money after the sale, as ledger rows
//! (booking::money). The key was decided before anything was sent
//! (commands::write_key), so a retry with the same `--key` is safe.

use super::args::{MethodArg, PayArgs, RefundArgs};
use super::commands::{key_of, money};
use super::output::{CliError, Output};
use crate::booking::{Core, MoneyMoved};
use crate::domain::{LedgerKind, PaymentMethod};
use serde_json::Value;

type Res = Result<Output, CliError>;

pub(super) async fn pay(core: &Core, args: PayArgs) -> Res {
    let key = key_of(args.key.as_deref())?;
    let method = match args.method {
        MethodArg::Cash => PaymentMethod::Cash,
        MethodArg::Card => PaymentMethod::Card,
        MethodArg::Transfer => PaymentMethod::Transfer,
        MethodArg::Voucher => PaymentMethod::Voucher,
    };
    let moved = core
        .pay(&args.booking_number, args.amount, method, &args.reference, key)
        .await?;
    Ok(output(&moved))
}

pub(super) async fn refund(core: &Core, args: RefundArgs) -> Res {
    let key = key_of(args.key.as_deref())?;
    let moved = core
        .refund(&args.booking_number, args.amount, &args.reason, key)
        .await?;
    Ok(output(&moved))
}

fn output(m: &MoneyMoved) -> Output {
    let what = match m.kind {
        LedgerKind::Payment => format!("{} taken ({})", money(m.amount_minor, &m.currency), m.method),
        LedgerKind::Refund => format!(
            "{} refunded ({}, {})",
            money(m.amount_minor, &m.currency),
            m.method,
            m.reason
        ),
    };
    let text = format!(
        "{}: {what}{}. Paid {}, refunded {}, still due {} ({})",
        m.booking_number,
        if m.replayed {
            " — already done with this key"
        } else {
            ""
        },
        money(m.paid_minor, &m.currency),
        money(m.refunded_minor, &m.currency),
        money(m.balance_minor, &m.currency),
        m.payment_status,
    );
    Output::new(serde_json::to_value(m).unwrap_or(Value::Null), text)
}
