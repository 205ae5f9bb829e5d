//! One client of the after-sale money mix (tests/concurrency/money.rs): a
//! desk or a manager doing random things to the bookings every client has
//! sold, and what it was told about the money, booking by booking.

use super::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use tourdesk::booking::{MoveRequest, ParticipantChange, ParticipantInput, Payment, Resolution};
use tourdesk::domain::{MoveReason, ParticipantId, ParticipantKind, PaymentMethod};

/// The operations of the mix, for counting what went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    Sell,
    Pay,
    VoucherPay,
    Refund,
    Kind,
    Add,
    Remove,
    CustomerMove,
    OperatorMove,
    Cancel,
    Weather,
    RebookMove,
    RebookRefund,
    RebookCredit,
}

impl Op {
    pub const ALL: &[Op] = &[
        Op::Sell,
        Op::Pay,
        Op::VoucherPay,
        Op::Refund,
        Op::Kind,
        Op::Add,
        Op::Remove,
        Op::CustomerMove,
        Op::OperatorMove,
        Op::Cancel,
        Op::Weather,
        Op::RebookMove,
        Op::RebookRefund,
        Op::RebookCredit,
    ];
}

/// What the clients were told: (paid, refunded) per booking number, and how
/// many of each operation went through.
#[derive(Debug, Default)]
pub struct MixReport {
    pub money: HashMap<String, (i64, i64)>,
    pub ops: BTreeMap<Op, u64>,
}

impl MixReport {
    pub fn paid(&mut self, number: &str, amount: i64) {
        self.money.entry(number.to_string()).or_default().0 += amount;
    }

    fn refunded(&mut self, number: &str, amount: i64) {
        self.money.entry(number.to_string()).or_default().1 += amount;
    }

    fn did(&mut self, op: Op) {
        *self.ops.entry(op).or_default() += 1;
    }

    pub fn add(&mut self, other: MixReport) {
        for (n, (p, r)) in other.money {
            self.paid(&n, p);
            self.refunded(&n, r);
        }
        for (op, k) in other.ops {
            *self.ops.entry(op).or_default() += k;
        }
    }
}

/// What all clients share: the bookings sold so far and the vouchers issued.
#[derive(Default)]
pub struct Shared {
    numbers: Mutex<Vec<String>>,
    vouchers: Mutex<Vec<String>>,
    stormed: AtomicBool,
    /// the weatherman has resolved its first parties: the others may too
    resolved_first: AtomicBool,
}

impl Shared {
    /// Starting from bookings sold before the mix.
    pub fn with(numbers: Vec<String>) -> Shared {
        Shared {
            numbers: Mutex::new(numbers),
            ..Shared::default()
        }
    }
}

pub struct Mix {
    pub core: Core,
    /// a manager: refunds amounts and moves parties for the operator
    pub manages: bool,
    pub pool: PgPool,
    pub deps: [DepartureId; 3],
    /// the departure cancelled for weather a third of the way in
    pub storm: DepartureId,
    /// where the weather moves one of its parties for sure: the mix sells
    /// nothing there, so room on the others is not a matter of chance
    pub refuge: DepartureId,
    pub shared: Arc<Shared>,
    pub seed: u64,
}

/// The refusals a client of the mix may meet: somebody else got there first
/// (a cancel, a move, a payment, the weather), or the request was not
/// possible for the booking as it is now. Anything else fails the test.
fn expected(e: &BookingError) -> bool {
    matches!(
        e,
        BookingError::ExceedsBalance { .. }
            | BookingError::ExceedsRefundable { .. }
            | BookingError::BookingCancelled { .. }
            | BookingError::RebookPending { .. }
            | BookingError::NotToRebook { .. }
            | BookingError::LastPerson { .. }
            | BookingError::DepartureCancelled { .. }
            | BookingError::VoucherInsufficient { .. }
    )
}

fn method(rng: &mut StdRng, unpaid: bool) -> Payment {
    let methods: &[PaymentMethod] = if unpaid {
        &[
            PaymentMethod::Unpaid,
            PaymentMethod::Cash,
            PaymentMethod::Card,
            PaymentMethod::Transfer,
        ]
    } else {
        &[PaymentMethod::Cash, PaymentMethod::Card, PaymentMethod::Transfer]
    };
    let method = methods[rng.random_range(0..methods.len())];
    Payment {
        method,
        reference: match method {
            PaymentMethod::Card => format!("SLIP-{}", rng.random_range(1000..9999)),
            PaymentMethod::Transfer => format!("TR-{}", rng.random_range(1000..9999)),
            _ => String::new(),
        },
    }
}

impl Mix {
    pub async fn run(self, steps: usize, weatherman: bool) -> MixReport {
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut told = MixReport::default();
        for step in 0..steps {
            let at = format!("seed {} step {step}", self.seed);
            if weatherman && step == steps / 4 {
                self.weather(&mut told).await;
                continue;
            }
            let Some(number) = self.pick(&mut rng) else {
                self.sell(&mut rng, &mut told, &at).await;
                continue;
            };
            let (what, r) = match rng.random_range(0..100) {
                0..16 => {
                    self.sell(&mut rng, &mut told, &at).await;
                    ("sell", Ok(()))
                }
                16..32 => ("pay", self.pay(&mut rng, &mut told, &number).await),
                32..40 if self.manages => ("refund", self.refund(&mut rng, &mut told, &number).await),
                40..48 => ("kind", self.flip_kind(&mut rng, &mut told, &number).await),
                48..55 => ("add", self.add(&mut rng, &mut told, &number, &at).await),
                55..62 => ("remove", self.remove(&mut rng, &mut told, &number).await),
                62..74 => ("move", self.relocate(&mut rng, &mut told, &number, &at).await),
                74..80 => ("cancel", self.cancel(&mut told, &number).await),
                80..100 => ("rebook", self.rebook(&mut rng, &mut told).await),
                _ => ("nothing", Ok(())),
            };
            match r {
                Ok(()) => {}
                Err(e) if expected(&e) => {}
                Err(e) => panic!("{at}: {what} {number}: {} {e}", e.code()),
            }
        }
        told
    }

    fn pick(&self, rng: &mut StdRng) -> Option<String> {
        let numbers = self.shared.numbers.lock().unwrap();
        (!numbers.is_empty()).then(|| numbers[rng.random_range(0..numbers.len())].clone())
    }

    /// (total, paid, refunded, departure) of a booking now.
    async fn money_of(&self, number: &str) -> (i64, i64, i64, i64) {
        sqlx::query_as(
            "select total_minor, paid_minor, refunded_minor, departure_id from bookings where booking_number = $1",
        )
        .bind(number)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    async fn participant(&self, rng: &mut StdRng, number: &str) -> Option<(ParticipantId, ParticipantKind)> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "select p.id, p.kind from participants p join bookings b on b.id = p.booking_id
              where b.booking_number = $1 order by p.id",
        )
        .bind(number)
        .fetch_all(&self.pool)
        .await
        .unwrap();
        let (id, kind) = rows.get(rng.random_range(0..rows.len().max(1)))?.clone();
        Some((ParticipantId(id), ParticipantKind::parse(&kind).unwrap()))
    }

    async fn sell(&self, rng: &mut StdRng, told: &mut MixReport, at: &str) {
        let dep = if rng.random_bool(0.3) && !self.shared.stormed.load(Ordering::SeqCst) {
            self.storm
        } else {
            self.deps[rng.random_range(0..self.deps.len())]
        };
        let (adults, children) = (rng.random_range(1..=3), rng.random_range(0..=1));
        let mut req = request(dep, adults, children, "Mixed Family");
        req.payment = method(rng, true);
        match self.core.book(&req).await {
            Ok(b) => {
                if req.payment.method != PaymentMethod::Unpaid {
                    told.paid(&b.booking_number, b.total_minor);
                }
                told.did(Op::Sell);
                self.shared.numbers.lock().unwrap().push(b.booking_number);
            }
            Err(e @ BookingError::SoldOut { .. }) => assert_true_sold_out(&e, i64::from(adults + children), at),
            Err(BookingError::DepartureCancelled { .. }) if dep == self.storm => {}
            Err(e) => panic!("{at}: sale: {} {e}", e.code()),
        }
    }

    async fn pay(&self, rng: &mut StdRng, told: &mut MixReport, number: &str) -> Result<(), BookingError> {
        let (total, paid, _, _) = self.money_of(number).await;
        let balance = total - paid;
        if balance <= 0 {
            return Ok(());
        }
        let mut amount = if rng.random_bool(0.5) {
            balance
        } else {
            rng.random_range(1..=balance)
        };
        let voucher = {
            let v = self.shared.vouchers.lock().unwrap();
            (!v.is_empty() && rng.random_bool(0.5)).then(|| v[rng.random_range(0..v.len())].clone())
        };
        let (method, reference) = match voucher {
            Some(code) => {
                let left: i64 = sqlx::query_scalar("select remaining_minor from vouchers where code = $1")
                    .bind(&code)
                    .fetch_one(&self.pool)
                    .await
                    .unwrap();
                if left == 0 {
                    return Ok(());
                }
                amount = amount.min(left);
                (PaymentMethod::Voucher, code)
            }
            None => match rng.random_range(0..3) {
                0 => (PaymentMethod::Cash, String::new()),
                1 => (PaymentMethod::Card, "SLIP-77".to_string()),
                _ => (PaymentMethod::Transfer, "TR-88".to_string()),
            },
        };
        let m = self
            .core
            .pay(number, amount, method, &reference, Uuid::now_v7())
            .await?;
        told.paid(number, m.amount_minor);
        told.did(if method == PaymentMethod::Voucher {
            Op::VoucherPay
        } else {
            Op::Pay
        });
        Ok(())
    }

    async fn refund(&self, rng: &mut StdRng, told: &mut MixReport, number: &str) -> Result<(), BookingError> {
        let (_, paid, refunded, _) = self.money_of(number).await;
        if paid - refunded <= 0 {
            return Ok(());
        }
        let amount = rng.random_range(1..=paid - refunded);
        let m = self.core.refund(number, amount, "goodwill", Uuid::now_v7()).await?;
        told.refunded(number, m.amount_minor);
        told.did(Op::Refund);
        Ok(())
    }

    async fn flip_kind(&self, rng: &mut StdRng, told: &mut MixReport, number: &str) -> Result<(), BookingError> {
        let Some((who, kind)) = self.participant(rng, number).await else {
            return Ok(());
        };
        let change = ParticipantChange {
            kind: Some(match kind {
                ParticipantKind::Adult => ParticipantKind::Child,
                ParticipantKind::Child => ParticipantKind::Adult,
            }),
            ..ParticipantChange::default()
        };
        match self.core.change_participant(number, who, &change, Uuid::now_v7()).await {
            Ok(c) => {
                told.paid(number, c.charged_minor);
                told.refunded(number, c.refund_minor);
                told.did(Op::Kind);
                Ok(())
            }
            // the last adult made a child, or one removed meanwhile
            Err(BookingError::Rejected { field, .. }) if field == "party" => Ok(()),
            Err(BookingError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn add(&self, rng: &mut StdRng, told: &mut MixReport, number: &str, at: &str) -> Result<(), BookingError> {
        let person = ParticipantInput {
            name: "Added Person".into(),
            kind: if rng.random_bool(0.7) {
                ParticipantKind::Adult
            } else {
                ParticipantKind::Child
            },
            ..ParticipantInput::default()
        };
        match self
            .core
            .add_person(number, &person, &method(rng, true), Uuid::now_v7())
            .await
        {
            Ok(c) => {
                told.paid(number, c.charged_minor);
                told.refunded(number, c.refund_minor);
                told.did(Op::Add);
                Ok(())
            }
            Err(e @ BookingError::SoldOut { .. }) => {
                assert_true_sold_out(&e, 1, at);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    async fn remove(&self, rng: &mut StdRng, told: &mut MixReport, number: &str) -> Result<(), BookingError> {
        let Some((who, _)) = self.participant(rng, number).await else {
            return Ok(());
        };
        match self.core.remove_person(number, who, Uuid::now_v7()).await {
            Ok(c) => {
                told.paid(number, c.charged_minor);
                told.refunded(number, c.refund_minor);
                told.did(Op::Remove);
                Ok(())
            }
            // the last adult of a party with children, or one removed meanwhile
            Err(BookingError::Rejected { field, .. }) if field == "party" => Ok(()),
            Err(BookingError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// A move by the customer (re-priced, the tier on what goes back) or,
    /// by a manager, for the operator (free).
    async fn relocate(
        &self,
        rng: &mut StdRng,
        told: &mut MixReport,
        number: &str,
        at: &str,
    ) -> Result<(), BookingError> {
        let (_, _, _, from) = self.money_of(number).await;
        let to = self.deps[rng.random_range(0..self.deps.len())];
        if to.0 == from {
            return Ok(());
        }
        let operator = self.manages && rng.random_bool(0.4);
        let reason = if operator {
            MoveReason::Operator
        } else {
            MoveReason::Customer
        };
        // as the desk does: the quote shown, then the move at that figure
        let request = MoveRequest::new(number, to, reason);
        let quoted = match self.core.move_quote(&request).await {
            Ok(q) => request.as_quoted(&q),
            Err(e) => return self.refused_move(e, number, from, at).await,
        };
        match self.core.move_booking(&quoted, Uuid::now_v7()).await {
            Ok(m) => {
                told.refunded(number, m.refund_minor);
                told.did(if operator { Op::OperatorMove } else { Op::CustomerMove });
                Ok(())
            }
            Err(e) => self.refused_move(e, number, from, at).await,
        }
    }

    /// A refusal of a move (or its quote) the mix expects, or the error.
    async fn refused_move(&self, e: BookingError, number: &str, from: i64, at: &str) -> Result<(), BookingError> {
        match e {
            BookingError::SoldOut { .. } => {
                let seats: i64 = sqlx::query_scalar("select seats::int8 from bookings where booking_number = $1")
                    .bind(number)
                    .fetch_one(&self.pool)
                    .await
                    .unwrap();
                // the party may have grown or shrunk since: a true refusal for what it was
                if let BookingError::SoldOut { requested, free } = &e {
                    assert!(
                        free < requested,
                        "{at}: false SOLD_OUT moving {number} ({seats} seats now): {e}"
                    );
                }
                Ok(())
            }
            // a party to rebook moves for the operator or the weather only
            BookingError::Rejected { field, .. } if field == "reason" && from == self.storm.0 => Ok(()),
            // another client moved it there meanwhile
            BookingError::Rejected { field, .. } if field == "departure" => Ok(()),
            // another client changed the party, or a sale the target's
            // occupancy price, between the quote and the move: the desk
            // quotes again (tests/core/moves.rs checks the figures agree)
            BookingError::PriceChanged { .. } => Ok(()),
            e => Err(e),
        }
    }

    async fn cancel(&self, told: &mut MixReport, number: &str) -> Result<(), BookingError> {
        let c = self.core.cancel(number, CancelReason::Customer, "mix").await?;
        if !c.already_cancelled {
            told.refunded(number, c.refund_minor);
            told.did(Op::Cancel);
        }
        Ok(())
    }

    /// The storm: the departure cancelled for weather, then one party of it
    /// each moved, refunded and credited (the rest go to the random mix).
    async fn weather(&self, told: &mut MixReport) {
        let c = self
            .core
            .cancel_departure(self.storm, CancelReason::Weather, "storm")
            .await
            .expect("the weather cancellation");
        assert_eq!(c.refund_total_minor, 0, "a weather cancellation refunds nobody at once");
        self.shared.stormed.store(true, Ordering::SeqCst);
        told.did(Op::Weather);
        // one of each for sure, though the other clients race for the
        // open parties: a credit (only a party that paid can have one), a
        // move, a refund; then an operator's move and a voucher spent
        for _ in 0..6 {
            if told.ops.contains_key(&Op::RebookCredit) || self.resolve(2, told).await.is_ok() {
                break;
            }
        }
        for _ in 0..6 {
            if let Ok(Some(_)) = self.rebook_onto(&[self.refuge], told).await {
                break;
            }
        }
        for _ in 0..6 {
            let _ = self.resolve(1, told).await;
            if told.ops.contains_key(&Op::RebookRefund) {
                break;
            }
        }
        self.shared.resolved_first.store(true, Ordering::SeqCst);
        self.operator_move(told).await;
        self.spend_a_voucher(told).await;
    }

    /// A party moved free of charge for the operator onto the refuge, as
    /// the desk does it: quoted, then moved at that figure.
    async fn operator_move(&self, told: &mut MixReport) {
        let mut rng = StdRng::seed_from_u64(self.seed);
        for _ in 0..6 {
            let Some(number) = self.pick(&mut rng) else {
                return;
            };
            let request = MoveRequest::new(&number, self.refuge, MoveReason::Operator);
            let Ok(quote) = self.core.move_quote(&request).await else {
                continue;
            };
            match self.core.move_booking(&request.as_quoted(&quote), Uuid::now_v7()).await {
                Ok(m) => {
                    told.refunded(&number, m.refund_minor);
                    told.did(Op::OperatorMove);
                    return;
                }
                Err(e) => {
                    if let Err(e) = self.refused_move(e, &number, 0, "weather").await
                        && !expected(&e)
                    {
                        panic!("operator move of {number}: {} {e}", e.code());
                    }
                }
            }
        }
    }

    /// A sale left unpaid and paid with a credit's voucher: the mix's
    /// random picks alone may not meet a voucher and a balance at once.
    async fn spend_a_voucher(&self, told: &mut MixReport) {
        let Some(code) = self.shared.vouchers.lock().unwrap().first().cloned() else {
            return;
        };
        for dep in self.deps {
            let mut req = request(dep, 1, 0, "Voucher Holder");
            req.payment.method = PaymentMethod::Unpaid;
            let b = match self.core.book(&req).await {
                Ok(b) => b,
                Err(BookingError::SoldOut { .. }) => continue,
                Err(e) => panic!("a sale to spend a voucher: {} {e}", e.code()),
            };
            told.did(Op::Sell);
            self.shared.numbers.lock().unwrap().push(b.booking_number.clone());
            let left: i64 = sqlx::query_scalar("select remaining_minor from vouchers where code = $1")
                .bind(&code)
                .fetch_one(&self.pool)
                .await
                .unwrap();
            let amount = left.min(b.total_minor);
            if amount > 0 {
                match self
                    .core
                    .pay(&b.booking_number, amount, PaymentMethod::Voucher, &code, Uuid::now_v7())
                    .await
                {
                    Ok(m) => {
                        told.paid(&b.booking_number, m.amount_minor);
                        told.did(Op::VoucherPay);
                    }
                    // another desk changed the booking or spent the voucher first
                    Err(e) if expected(&e) => {}
                    Err(e) => panic!("paying {} by voucher: {} {e}", b.booking_number, e.code()),
                }
            }
            return;
        }
    }

    async fn rebook(&self, rng: &mut StdRng, told: &mut MixReport) -> Result<(), BookingError> {
        if !self.shared.resolved_first.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.resolve(rng.random_range(0..3), told).await
    }

    /// Moves an open party of the storm onto the first of `to` with room:
    /// where it went (None: no room, or no open party).
    async fn rebook_onto(&self, to: &[DepartureId], told: &mut MixReport) -> Result<Option<i64>, BookingError> {
        let open: Option<String> = sqlx::query_scalar(
            "select b.booking_number from rebookings r join bookings b on b.id = r.booking_id
              where r.status = 'open' order by random() limit 1",
        )
        .fetch_optional(&self.pool)
        .await
        .unwrap();
        match open {
            Some(number) => self.rebook_move(&number, to, told).await,
            None => Ok(None),
        }
    }

    async fn rebook_move(
        &self,
        number: &str,
        to: &[DepartureId],
        told: &mut MixReport,
    ) -> Result<Option<i64>, BookingError> {
        let m = self.core.rebook_move(number, to, Uuid::now_v7()).await?;
        if m.to_departure_id.is_some() {
            told.did(Op::RebookMove);
        }
        Ok(m.to_departure_id)
    }

    /// Resolves an open party of the storm: 0 moved, 1 refunded, 2 credited.
    async fn resolve(&self, how: u32, told: &mut MixReport) -> Result<(), BookingError> {
        let open: Option<String> = sqlx::query_scalar(
            "select b.booking_number from rebookings r join bookings b on b.id = r.booking_id
              where r.status = 'open' and ($1 <> 2 or b.paid_minor > b.refunded_minor)
              order by random() limit 1",
        )
        .bind(how as i32)
        .fetch_optional(&self.pool)
        .await
        .unwrap();
        let Some(number) = open else { return Ok(()) };
        match how {
            0 => {
                self.rebook_move(&number, &self.deps, told).await?;
            }
            1 => {
                let o = self
                    .core
                    .rebook_resolve(&number, Resolution::Refund, Uuid::now_v7())
                    .await?;
                told.refunded(&number, o.refund_minor);
                told.did(Op::RebookRefund);
            }
            _ => {
                let o = self
                    .core
                    .rebook_resolve(&number, Resolution::Credit, Uuid::now_v7())
                    .await?;
                assert_eq!(o.refund_minor, 0, "{number}: a credit refunds nothing");
                if let Some(code) = o.voucher_code {
                    self.shared.vouchers.lock().unwrap().push(code);
                }
                told.did(Op::RebookCredit);
            }
        }
        Ok(())
    }
}

/// A departure of `tour` `hours` from now with its own prices.
pub async fn priced(core: &Core, tour: &str, hours: i64, adult: i64, child: i64) -> DepartureId {
    core.add_departure(&tourdesk::booking::NewDeparture {
        tour: tour.into(),
        starts_at: chrono::Utc::now() + chrono::Duration::hours(hours),
        time_zone: chrono_tz::Asia::Kamchatka,
        capacity: 24,
        adult_price_minor: adult,
        child_price_minor: child,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
    })
    .await
    .expect("add departure")
    .0
}

/// A voucher's spent part is what was paid with it less what went back onto
/// it, and it was issued for exactly what its booking held.
pub async fn assert_vouchers(pool: &PgPool) {
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "select v.code, v.amount_minor, v.remaining_minor,
                coalesce((select sum(case l.kind when 'payment' then l.amount_minor else -l.amount_minor end)
                            from ledger l where l.method = 'voucher' and l.reference = v.code), 0)::int8,
                b.paid_minor - b.refunded_minor
           from vouchers v join bookings b on b.id = v.booking_id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (code, amount, remaining, spent, held) in rows {
        assert_eq!(amount - remaining, spent, "{code}: spent vs the ledger's voucher rows");
        assert_eq!(amount, held, "{code}: issued for what its booking held");
    }
}
