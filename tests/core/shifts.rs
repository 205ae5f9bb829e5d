//! Cash-drawer shifts (migrations/0035_shifts.sql): the arithmetic of a
//! shift's figures, checked by hand and against the ledger by a second SQL
//! sum that does not use shift_id (the device's rows between open and
//! close); approval and immutability; one open shift per device; two clerks
//! closing at once; idempotent retries; who may.

use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tourdesk::booking::{MoveRequest, NewDeparture, ShiftWritten, TallyLine};
use tourdesk::domain::{CashMoveKind, MoveReason, ShiftStatus};

fn line(tally: &[TallyLine], method: PaymentMethod) -> &TallyLine {
    tally
        .iter()
        .find(|t| t.currency == "RUB" && t.method == method)
        .unwrap_or_else(|| panic!("no RUB {method} line in {tally:?}"))
}

async fn open(core: &Core, float: i64) -> ShiftWritten {
    core.shift_open(float, Uuid::now_v7()).await.unwrap()
}

async fn unpaid(core: &Core, dep: DepartureId, adults: u32, name: &str) -> String {
    let mut req = request(dep, adults, 0, name);
    req.payment.method = PaymentMethod::Unpaid;
    core.book(&req).await.unwrap().booking_number
}

async fn shift_of_entry(pool: &PgPool, entry: i64) -> Option<i64> {
    sqlx::query_scalar("select shift_id from ledger where id = $1")
        .bind(entry)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_shift_opens_takes_money_closes_with_its_count_and_is_approved() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    // a manager logged in at the same kiosk: refunds there are the drawer's too
    let boss = db.core_as(Role::Manager, "Max Manager", "desk-1").await;
    let dep = db.departure(&owner, 100, 20).await;

    assert_eq!(code(desk.shift_status(None).await), "NO_OPEN_SHIFT");
    // before any shift: the payment is outside any shift
    let before = unpaid(&desk, dep, 1, "Before").await;
    let early = desk
        .pay(&before, 100_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(shift_of_entry(&db.pool, early.entry_id).await, None);

    let opened = open(&desk, 500_000).await;
    let s = opened.shift.shift_id;
    assert_eq!(
        (
            opened.shift.status,
            opened.shift.device.as_str(),
            opened.shift.currency.as_str()
        ),
        (ShiftStatus::Open, "desk-1", "RUB")
    );
    assert_eq!(opened.shift.opened_by, "Dina Desk");
    assert_eq!(opened.shift.z_number, None);
    desk.shift_cash(CashMoveKind::In, 100_000, "change from the bank", Uuid::now_v7())
        .await
        .unwrap();
    desk.shift_cash(CashMoveKind::Out, 30_000, "fuel for the bus", Uuid::now_v7())
        .await
        .unwrap();
    // a sale paid in cash (2 adults), a balance paid by card, a refund in cash
    let sold = desk.book(&request(dep, 2, 0, "Cash Family")).await.unwrap();
    let later = unpaid(&desk, dep, 1, "Card Later").await;
    let card = desk
        .pay(&later, ADULT_PRICE, PaymentMethod::Card, "SLIP-7", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(shift_of_entry(&db.pool, card.entry_id).await, Some(s.0));
    boss.refund(&sold.booking_number, 200_000, "one came late", Uuid::now_v7())
        .await
        .unwrap();

    let st = desk.shift_status(None).await.unwrap();
    assert_eq!(st.shift.shift_id, s);
    let cash = line(&st.tally, PaymentMethod::Cash);
    assert_eq!(
        (cash.float_minor, cash.cash_in_minor, cash.cash_out_minor),
        (500_000, 100_000, 30_000)
    );
    assert_eq!((cash.payments, cash.payments_minor), (1, 2 * ADULT_PRICE));
    assert_eq!((cash.refunds, cash.refunds_minor), (1, 200_000));
    let expected_cash = 500_000 + 100_000 - 30_000 + 2 * ADULT_PRICE - 200_000;
    assert_eq!(cash.expected_minor, expected_cash);
    assert_eq!(
        (cash.counted_minor, cash.over_short_minor),
        (None, None),
        "open: not counted"
    );
    assert_eq!(line(&st.tally, PaymentMethod::Card).expected_minor, ADULT_PRICE);

    // the count: 3 × 5 000, 3 × 1 000, 1 × 500, 1 × 10 ₽ = 18 510.00; expected 18 700.00
    assert_eq!(expected_cash, 1_870_000);
    let counts = [(500_000, 3), (100_000, 3), (50_000, 1), (1_000, 1), (500, 0)];
    assert_eq!(
        code(desk.shift_close(&[(300_000, 1)], Uuid::now_v7()).await),
        "UNKNOWN_DENOMINATION"
    );
    let (closed, tally) = desk.shift_close(&counts, Uuid::now_v7()).await.unwrap();
    assert_eq!(closed.shift.status, ShiftStatus::AwaitingApproval);
    assert_eq!(closed.shift.closed_by, "Dina Desk");
    let cash = line(&tally, PaymentMethod::Cash);
    assert_eq!(
        (cash.expected_minor, cash.counted_minor, cash.over_short_minor),
        (1_870_000, Some(1_851_000), Some(-19_000))
    );
    let card = line(&tally, PaymentMethod::Card);
    assert_eq!(
        (card.expected_minor, card.counted_minor, card.over_short_minor),
        (ADULT_PRICE, Some(ADULT_PRICE), Some(0)),
        "card slips are the ledger's sum"
    );

    // after the close: money at the device is outside any shift; the drawer takes nothing more
    let after = desk
        .pay(&before, 1_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(shift_of_entry(&db.pool, after.entry_id).await, None);
    assert_eq!(
        code(desk.shift_cash(CashMoveKind::In, 1, "late", Uuid::now_v7()).await),
        "NO_OPEN_SHIFT"
    );
    assert_eq!(
        line(&desk.shift_status(Some(s)).await.unwrap().tally, PaymentMethod::Cash).expected_minor,
        1_870_000,
        "a closed shift's figures stay"
    );

    // approval: a manager's, numbered
    assert_eq!(code(desk.shift_approve(s, Uuid::now_v7()).await), "FORBIDDEN");
    let key = Uuid::now_v7();
    let approved = boss.shift_approve(s, key).await.unwrap();
    assert_eq!(
        (approved.shift.status, approved.shift.z_number, approved.replayed),
        (ShiftStatus::Approved, Some(1), false)
    );
    assert_eq!(approved.shift.approved_by, "Max Manager");
    assert!(boss.shift_approve(s, key).await.unwrap().replayed);
    assert_eq!(code(boss.shift_approve(s, Uuid::now_v7()).await), "SHIFT_APPROVED");

    let report = desk.shift_report(s).await.unwrap();
    assert_eq!(report.shift.z_number, Some(1));
    assert_eq!(report.by_tour.len(), 1);
    assert_eq!(
        (
            report.by_tour[0].payments,
            report.by_tour[0].payments_minor,
            report.by_tour[0].refunds_minor
        ),
        (2, 3 * ADULT_PRICE, 200_000)
    );
    let by_staff: Vec<(&str, i64, i64)> = report
        .by_staff
        .iter()
        .map(|g| (g.label.as_str(), g.payments_minor, g.refunds_minor))
        .collect();
    assert_eq!(
        by_staff,
        vec![("Dina Desk", 3 * ADULT_PRICE, 0), ("Max Manager", 0, 200_000)]
    );
    let moves: Vec<(CashMoveKind, i64)> = report.cash_moves.iter().map(|m| (m.kind, m.amount_minor)).collect();
    assert_eq!(moves, vec![(CashMoveKind::In, 100_000), (CashMoveKind::Out, 30_000)]);

    // every step audited with the session's staff and device
    for action in ["shift.opened", "shift.cash_in", "shift.cash_out", "shift.closed"] {
        one_audit(&db.pool, action, &desk).await;
    }
    let a = one_audit(&db.pool, "shift.approved", &boss).await;
    assert_eq!(a.details["z_number"], 1);

    // the next shift on the device, approved: Z-report 2
    let next = open(&desk, 0).await.shift.shift_id;
    assert_ne!(next, s);
    desk.shift_close(&[], Uuid::now_v7()).await.unwrap();
    assert_eq!(
        boss.shift_approve(next, Uuid::now_v7()).await.unwrap().shift.z_number,
        Some(2)
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn an_approved_shift_never_changes() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    let boss = db.core_as(Role::Manager, "Max Manager", "office").await;
    let dep = db.departure(&owner, 100, 20).await;
    let s = open(&desk, 100_000).await.shift.shift_id;
    assert_eq!(code(boss.shift_approve(s, Uuid::now_v7()).await), "SHIFT_NOT_CLOSED");
    desk.shift_cash(CashMoveKind::Out, 5_000, "coffee", Uuid::now_v7())
        .await
        .unwrap();
    desk.book(&request(dep, 1, 0, "In The Shift")).await.unwrap();
    desk.shift_close(&[(100_000, 1)], Uuid::now_v7()).await.unwrap();
    boss.shift_approve(s, Uuid::now_v7()).await.unwrap();

    // whoever writes, even the schema owner straight in SQL
    for sql in [
        "update shifts set status = 'open', z_number = null, approved_at = null where id = $1",
        "delete from shifts where id = $1",
        "update shift_cash_moves set amount_minor = 1 where shift_id = $1",
        "delete from shift_cash_moves where shift_id = $1",
        "update shift_counts set count = 9 where shift_id = $1",
        "insert into shift_counts (shift_id, currency, value_minor, count) values ($1, 'RUB', 500, 1)",
        "update ledger set reference = 'edited' where shift_id = $1",
        "delete from ledger where shift_id = $1",
        "update ledger set shift_id = null where shift_id = $1",
        "insert into ledger (booking_id, kind, amount_minor, currency, method, client_key, shift_id)
         select booking_id, 'payment', 1, currency, 'cash', gen_random_uuid(), shift_id from ledger where shift_id = $1",
    ] {
        let e = sqlx::query(sql).bind(s.0).execute(&db.pool).await.expect_err(sql);
        assert!(e.to_string().contains("SHIFT_APPROVED"), "{sql}: {e}");
    }
    let st = desk.shift_status(Some(s)).await.unwrap();
    assert_eq!(st.shift.status, ShiftStatus::Approved);
    let cash = line(&st.tally, PaymentMethod::Cash);
    assert_eq!(
        (cash.expected_minor, cash.counted_minor),
        (100_000 - 5_000 + ADULT_PRICE, Some(100_000))
    );
    // a closed (not yet approved) shift takes nothing posted into it either
    let t = open(&desk, 0).await.shift.shift_id;
    desk.shift_close(&[], Uuid::now_v7()).await.unwrap();
    let e = sqlx::query(
        "insert into shift_cash_moves (shift_id, kind, currency, amount_minor, reason, client_key)
         values ($1, 'in', 'RUB', 1, 'late', gen_random_uuid())",
    )
    .bind(t.0)
    .execute(&db.pool)
    .await
    .expect_err("into a closed shift");
    assert!(e.to_string().contains("NO_OPEN_SHIFT"), "{e}");
}

#[tokio::test]
async fn one_open_shift_per_device_and_retries_answer_the_first() {
    let db = TestDb::new().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    let other = db.core_as(Role::Desk, "Olga Other", "desk-1").await;
    let elsewhere = db.core_as(Role::Desk, "Ivan Elsewhere", "desk-2").await;
    let guide = db.core_as(Role::Guide, "Gleb Guide", "desk-3").await;
    assert_eq!(code(guide.shift_open(0, Uuid::now_v7()).await), "FORBIDDEN");
    assert_eq!(code(desk.shift_open(-1, Uuid::now_v7()).await), "INVALID_INPUT");

    let key = Uuid::now_v7();
    let first = desk.shift_open(200_000, key).await.unwrap();
    let again = desk.shift_open(200_000, key).await.unwrap();
    assert!(again.replayed && !first.replayed);
    assert_eq!(again.shift, first.shift);
    assert_eq!(code(desk.shift_open(300_000, key).await), "IDEMPOTENCY_CONFLICT");
    match other.shift_open(0, Uuid::now_v7()).await {
        Err(BookingError::ShiftAlreadyOpen {
            shift,
            device,
            opened_by,
            ..
        }) => {
            assert_eq!(
                (shift, device.as_str(), opened_by.as_str()),
                (first.shift.shift_id.0, "desk-1", "Dina Desk")
            );
        }
        r => panic!("expected SHIFT_ALREADY_OPEN, got {r:?}"),
    }
    // another device has a drawer of its own
    let own = elsewhere.shift_open(0, Uuid::now_v7()).await.unwrap();
    assert_ne!(own.shift.shift_id, first.shift.shift_id);

    // a cash movement retried: one row
    let key = Uuid::now_v7();
    let m1 = desk.shift_cash(CashMoveKind::In, 5_000, "change", key).await.unwrap();
    let m2 = desk.shift_cash(CashMoveKind::In, 5_000, "change", key).await.unwrap();
    assert!(m2.replayed && !m1.replayed);
    assert_eq!(m1.move_id, m2.move_id);
    assert_eq!(
        code(desk.shift_cash(CashMoveKind::Out, 5_000, "change", key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(
        code(desk.shift_cash(CashMoveKind::In, 5_000, " ", Uuid::now_v7()).await),
        "INVALID_INPUT"
    );

    // the close retried: the same shift, replayed; another count under its key is refused
    let key = Uuid::now_v7();
    let (c1, _) = desk.shift_close(&[(100_000, 2)], key).await.unwrap();
    let (c2, t2) = desk.shift_close(&[(100_000, 2)], key).await.unwrap();
    assert!(c2.replayed && !c1.replayed);
    assert_eq!(c1.shift, c2.shift);
    assert_eq!(line(&t2, PaymentMethod::Cash).counted_minor, Some(200_000));
    assert_eq!(
        code(desk.shift_close(&[(100_000, 3)], key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(code(desk.shift_close(&[], Uuid::now_v7()).await), "NO_OPEN_SHIFT");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("select count(*) from audit_log where action = 'shift.closed'")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
        1
    );

    // two clerks opening at once on one device: one shift
    let (a, b) = tokio::join!(desk.shift_open(0, Uuid::now_v7()), other.shift_open(0, Uuid::now_v7()));
    let codes = [&a, &b].map(|r| r.as_ref().map(|_| "ok").unwrap_or_else(|e| e.code().as_str()));
    let mut sorted = codes;
    sorted.sort();
    assert_eq!(sorted, ["SHIFT_ALREADY_OPEN", "ok"], "{codes:?}");
}

#[tokio::test]
async fn two_clerks_closing_at_once_close_it_once() {
    for round in 0..3 {
        let db = TestDb::new().await;
        let a = db.core_as(Role::Desk, "Clerk A", "desk-1").await;
        let b = db.core_as(Role::Desk, "Clerk B", "desk-1").await;
        let s = open(&a, 100_000).await.shift.shift_id;
        let (ra, rb) = tokio::join!(
            a.shift_close(&[(100_000, 1)], Uuid::now_v7()),
            b.shift_close(&[(50_000, 2)], Uuid::now_v7())
        );
        let oks = [ra.is_ok(), rb.is_ok()];
        assert_eq!(oks.iter().filter(|o| **o).count(), 1, "round {round}: {ra:?} {rb:?}");
        let lost = if ra.is_ok() { rb } else { ra };
        assert_eq!(code(lost), "NO_OPEN_SHIFT", "round {round}");
        let counts: i64 = sqlx::query_scalar("select count(*) from shift_counts where shift_id = $1")
            .bind(s.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(counts, 1, "one count kept");
    }
}

/// A random mix of sales, payments, refunds, cancellations, moves and cash
/// movements at a kiosk (and some at another device), then the close: every
/// method's expected figure equals an independent sum of the ledger — the
/// device's rows between the open and the close, not read by shift_id — and
/// the drawer's moves; over/short is counted less expected.
#[tokio::test]
async fn a_random_mix_closes_to_what_the_ledger_says() {
    let seed: u64 = std::env::var("TOURDESK_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_206);
    let mut rng = StdRng::seed_from_u64(seed);
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    let boss = db.core_as(Role::Manager, "Max Manager", "desk-1").await;
    let away = db.core_as(Role::Manager, "Olga Office", "office").await;
    let dep = db.departure(&owner, 100, 200).await;
    let cheaper = owner
        .add_departure(&NewDeparture {
            tour: "Bay cruise".into(),
            starts_at: Utc::now() + Duration::hours(120),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity: 200,
            adult_price_minor: 500_000,
            child_price_minor: 300_000,
            currency: "RUB".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .unwrap()
        .0;
    let s = open(&desk, rng.random_range(0..10) * 100_000).await.shift.shift_id;
    let mut numbers: Vec<String> = Vec::new();
    let mut moved = std::collections::HashSet::new();
    let mut done = 0;
    for step in 0..60 {
        let pick = |rng: &mut StdRng, numbers: &[String]| numbers[rng.random_range(0..numbers.len())].clone();
        let r: Result<(), BookingError> = match rng.random_range(0..9) {
            0 | 1 => {
                let mut req = request(dep, rng.random_range(1..=3), 0, &format!("Party {step}"));
                req.payment = match rng.random_range(0..3) {
                    0 => cash(),
                    1 => Payment {
                        method: PaymentMethod::Card,
                        reference: format!("SLIP-{step}"),
                    },
                    _ => Payment {
                        method: PaymentMethod::Unpaid,
                        reference: String::new(),
                    },
                };
                desk.book(&req).await.map(|b| numbers.push(b.booking_number))
            }
            2 | 3 if !numbers.is_empty() => {
                let (method, reference) = if rng.random_bool(0.5) {
                    (PaymentMethod::Cash, String::new())
                } else {
                    (PaymentMethod::Card, format!("SLIP-{step}"))
                };
                // the office takes some payments too: outside this drawer
                let who = if rng.random_bool(0.2) { &away } else { &desk };
                let n = pick(&mut rng, &numbers);
                who.pay(
                    &n,
                    rng.random_range(1..=8) * 100_000,
                    method,
                    &reference,
                    Uuid::now_v7(),
                )
                .await
                .map(drop)
            }
            4 if !numbers.is_empty() => {
                let who = if rng.random_bool(0.2) { &away } else { &boss };
                let n = pick(&mut rng, &numbers);
                who.refund(&n, rng.random_range(1..=5) * 50_000, "goodwill", Uuid::now_v7())
                    .await
                    .map(drop)
            }
            5 if !numbers.is_empty() => {
                let n = pick(&mut rng, &numbers);
                desk.cancel(&n, CancelReason::Customer, "").await.map(drop)
            }
            6 if !numbers.is_empty() => {
                let n = pick(&mut rng, &numbers);
                if !moved.insert(n.clone()) {
                    continue;
                }
                let mut m = MoveRequest::new(&n, cheaper, MoveReason::Operator);
                m.refund_difference = true;
                boss.move_booking(&m, Uuid::now_v7()).await.map(drop)
            }
            7 => {
                let kind = if rng.random_bool(0.5) {
                    CashMoveKind::In
                } else {
                    CashMoveKind::Out
                };
                desk.shift_cash(
                    kind,
                    rng.random_range(1..=20) * 1_000,
                    "float top-up or fuel",
                    Uuid::now_v7(),
                )
                .await
                .map(drop)
            }
            _ => continue,
        };
        match r {
            Ok(()) => done += 1,
            // the rules refusing a random amount or a second cancellation are fine here
            Err(e) => assert!(
                matches!(
                    e.code().as_str(),
                    "EXCEEDS_BALANCE" | "EXCEEDS_REFUNDABLE" | "BOOKING_CANCELLED" | "SOLD_OUT"
                ),
                "step {step} (seed {seed}): {e}"
            ),
        }
    }
    assert!(done > 20, "seed {seed}: only {done} operations went through");
    let counts = [
        (500_000, rng.random_range(0..20)),
        (10_000, rng.random_range(0..50)),
        (100, rng.random_range(0..9)),
    ];
    let counted_cash: i64 = counts.iter().map(|(v, n)| v * i64::from(*n)).sum();
    let (closed, tally) = desk.shift_close(&counts, Uuid::now_v7()).await.unwrap();
    assert_eq!(closed.shift.shift_id, s);

    // the second sum: the device's rows in the shift's time, by method
    let independent: Vec<(String, i64)> = sqlx::query_as(
        "select l.method, sum(case l.kind when 'payment' then l.amount_minor else -l.amount_minor end)::bigint
           from ledger l join shifts s on s.id = $1
          where l.device_id = s.device_id and l.at >= s.opened_at and l.at <= s.closed_at
          group by l.method order by l.method",
    )
    .bind(s.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let drawer: i64 = sqlx::query_scalar(
        "select coalesce(sum(case kind when 'out' then -amount_minor else amount_minor end), 0)::bigint
           from shift_cash_moves where shift_id = $1",
    )
    .bind(s.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let mut methods_seen = 0;
    for (method, sum) in &independent {
        let method = PaymentMethod::parse(method).unwrap();
        let t = line(&tally, method);
        let expected = if method == PaymentMethod::Cash {
            sum + drawer
        } else {
            *sum
        };
        assert_eq!(t.expected_minor, expected, "{method} (seed {seed})");
        assert_eq!(t.payments_minor - t.refunds_minor, *sum, "{method} (seed {seed})");
        methods_seen += 1;
    }
    assert!(methods_seen >= 2, "seed {seed}: {independent:?}");
    let cash_line = line(&tally, PaymentMethod::Cash);
    assert_eq!(cash_line.counted_minor, Some(counted_cash));
    assert_eq!(
        cash_line.over_short_minor,
        Some(counted_cash - cash_line.expected_minor)
    );
    // the office's rows are outside any shift
    let outside: i64 = sqlx::query_scalar(
        "select count(*) from ledger l join devices d on d.id = l.device_id
          where d.name = 'office' and l.shift_id is not null",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(outside, 0);
    db.assert_ledger().await;
}
