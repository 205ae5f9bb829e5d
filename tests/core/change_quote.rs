//! The price of a change before it is made (`api.change_quote`): the answer
//! equals the change's own answer, nothing at all changes (seats, rows,
//! ledger, audit, keys), and the change's refusals come with the quote.

use super::*;
use tourdesk::booking::{BookingChanged, ParticipantChange, PartyChange};
use tourdesk::domain::ParticipantId;

/// Everything a change writes, counted: a quote must leave all of it as it was.
async fn everything(db: &TestDb, dep: DepartureId) -> Vec<i64> {
    let mut n = Vec::new();
    for table in [
        "participants",
        "removed_participants",
        "ledger",
        "audit_log",
        "booking_changes",
        "waitlist_entries where status = 'offered'",
        "notification_outbox",
        "holds",
    ] {
        let sql = sqlx::AssertSqlSafe(format!("select count(*) from {table}"));
        n.push(sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap());
    }
    let (booked, held, seats): (i32, i32, i64) = sqlx::query_as(
        "select d.booked, d.held, (select sum(total_minor) from bookings b where b.departure_id = d.id)::bigint
           from departures d where d.id = $1",
    )
    .bind(dep.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    n.extend([i64::from(booked), i64::from(held), seats]);
    n
}

/// The change's answer as a quote gives it: no time, no replay (and for an
/// added person no id: the quote's row was rolled back).
fn terms(c: &BookingChanged, keep_id: bool) -> BookingChanged {
    BookingChanged {
        at: chrono::DateTime::UNIX_EPOCH,
        replayed: false,
        participant_id: if keep_id { c.participant_id } else { None },
        ..c.clone()
    }
}

#[tokio::test]
async fn a_quote_answers_what_the_change_then_does_and_changes_nothing() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&manager, 100, 4).await;
    let b = desk.book(&request(dep, 3, 0, "Anna Petrova")).await.unwrap();
    let n = b.booking_number.as_str();

    // removing the third: 100 h before, the customer tier gives 90 % back
    let gone = b.participants[2].id;
    let before = everything(&db, dep).await;
    let q = desk
        .change_quote(n, &PartyChange::Remove { participant: gone })
        .await
        .unwrap();
    assert_eq!((q.refund_percent, q.refund_minor), (Some(90), 675_000));
    assert_eq!(everything(&db, dep).await, before, "a quote changes nothing");
    let c = desk.remove_person(n, gone, Uuid::now_v7()).await.unwrap();
    assert_eq!(terms(&q, true), terms(&c, true));

    // adult -> child: cheaper, the difference back in full
    let second = b.participants[1].id;
    let before = everything(&db, dep).await;
    let q = desk
        .change_quote(
            n,
            &PartyChange::Kind {
                participant: second,
                kind: ParticipantKind::Child,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (q.price_change_minor, q.refund_percent),
        (-(ADULT_PRICE - CHILD_PRICE), Some(100))
    );
    assert_eq!(everything(&db, dep).await, before);
    let to_child = ParticipantChange {
        kind: Some(ParticipantKind::Child),
        ..ParticipantChange::default()
    };
    let c = desk
        .change_participant(n, second, &to_child, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(terms(&q, true), terms(&c, true));

    // one more adult: the price becomes the balance
    let before = everything(&db, dep).await;
    let add = PartyChange::Add {
        name: "Ivan Petrov".into(),
        kind: ParticipantKind::Adult,
    };
    let q = desk.change_quote(n, &add).await.unwrap();
    assert_eq!((q.price_change_minor, q.balance_minor), (ADULT_PRICE, ADULT_PRICE));
    assert_eq!(everything(&db, dep).await, before);
    let person = ParticipantInput {
        name: "Ivan Petrov".into(),
        kind: ParticipantKind::Adult,
        ..ParticipantInput::default()
    };
    let unpaid = Payment {
        method: PaymentMethod::Unpaid,
        reference: String::new(),
    };
    let c = desk.add_person(n, &person, &unpaid, Uuid::now_v7()).await.unwrap();
    assert_eq!(terms(&q, false), terms(&c, false));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn the_change_s_refusals_come_with_the_quote() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&manager, 100, 2).await;
    let anna = desk.book(&request(dep, 1, 0, "Anna Petrova")).await.unwrap();
    let one = desk.book(&request(dep, 1, 0, "Oleg Ivanov")).await.unwrap();
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-1").await;
    let before = everything(&db, dep).await;
    let add = PartyChange::Add {
        name: "Ivan Petrov".into(),
        kind: ParticipantKind::Adult,
    };
    assert_eq!(code(desk.change_quote(&anna.booking_number, &add).await), "SOLD_OUT");
    let last = PartyChange::Remove {
        participant: ParticipantId(one.participants[0].id.0),
    };
    assert_eq!(code(desk.change_quote(&one.booking_number, &last).await), "LAST_PERSON");
    // the only adult cannot become a child (one adult at least)
    let kind = PartyChange::Kind {
        participant: ParticipantId(one.participants[0].id.0),
        kind: ParticipantKind::Child,
    };
    assert_eq!(
        code(desk.change_quote(&one.booking_number, &kind).await),
        "INVALID_INPUT"
    );
    assert_eq!(code(guide.change_quote(&one.booking_number, &add).await), "FORBIDDEN");
    assert_eq!(everything(&db, dep).await, before, "nothing changed");

    // a checked-in person: undo first
    let (dep, starts) = super::checkin::departure_at_ten(&manager, "Avachinsky volcano", 2, 10).await;
    let fam = manager.book(&super::checkin::family(dep)).await.unwrap();
    let ivan = ParticipantId(fam.participants[1].id.0);
    let mut req = tourdesk::booking::CheckInRequest::participant(ivan, Some(dep));
    req.occurred_at = starts - Duration::minutes(15);
    req.at = Some(req.occurred_at);
    manager.check_in(&req).await.unwrap();
    let remove = PartyChange::Remove { participant: ivan };
    assert_eq!(
        code(manager.change_quote(&fam.booking_number, &remove).await),
        "ALREADY_CHECKED_IN"
    );
}
