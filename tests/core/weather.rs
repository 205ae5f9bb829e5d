//! Weather status, cancelling a departure, alternatives.

use super::*;

#[tokio::test]
async fn weather_cancellation_keeps_every_party_to_rebook_and_tells_them() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure_of(&core, "Avacha Bay boat trip", 30, 5).await;
    let later = db.departure_of(&core, "Avacha Bay boat trip", 54, 10).await;
    let full = db.departure_of(&core, "Avacha Bay boat trip", 78, 1).await;
    let other_tour = db.departure_of(&core, "Mutnovsky volcano", 54, 10).await;
    core.book(&request(full, 1, 0, "Full")).await.unwrap();
    core.book(&request(later, 2, 0, "Already there")).await.unwrap();

    let contacts = [
        ("+79001112233", ""),
        ("", "mail@example.com"),
        ("+79004445566", "both@example.com"),
        ("", ""),
    ];
    let mut bookings = Vec::new();
    for (i, (phone, email)) in contacts.iter().enumerate() {
        let mut req = request(dep, 1, 0, &format!("Guest {i}"));
        req.contact_phone = phone.to_string();
        req.contact_email = email.to_string();
        if i == 3 {
            req.payment.method = PaymentMethod::Unpaid;
        }
        bookings.push(core.book(&req).await.unwrap());
    }
    let hold = core.hold(dep, party(1, 0), None).await.unwrap();
    let (waiting, _) = core
        .waitlist_join(dep, party(1, 0), "Waiting", "+79007778899", "")
        .await
        .unwrap();

    core.set_weather(dep, WeatherStatus::Watch, "  Wind 15 m/s expected ")
        .await
        .unwrap();
    let (ws, note): (String, String) =
        sqlx::query_as("select weather_status, weather_note from departures where id = $1")
            .bind(dep.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((ws.as_str(), note.as_str()), ("watch", "Wind 15 m/s expected"));
    let row = one_audit(&db.pool, "weather.set", &core).await;
    assert_eq!(row.details["status"], "watch");
    assert_eq!(
        code(core.set_weather(DepartureId(31_337), WeatherStatus::Ok, "").await),
        "NOT_FOUND"
    );

    assert_eq!(
        code(core.cancel_departure(dep, CancelReason::Customer, "").await),
        "INVALID_INPUT"
    );
    let c = core
        .cancel_departure(dep, CancelReason::Weather, "Storm warning")
        .await
        .unwrap();
    assert!(!c.already_cancelled);
    // nobody refunded yet: every party is to rebook, money kept
    assert_eq!((c.bookings_cancelled, c.to_rebook, c.refund_total_minor), (0, 4, 0));
    assert!(close_to(c.rebook_due_at.unwrap(), Utc::now() + Duration::hours(48)));
    assert_eq!(c.notifications_queued, 4);
    let alternatives: Vec<(DepartureId, i32)> = c.alternatives.iter().map(|a| (a.departure_id, a.free)).collect();
    assert_eq!(
        alternatives,
        [(later, 8)],
        "same tour, seats free; not {full} (full) nor {other_tour}"
    );

    for b in &bookings {
        let after = core.booking(&b.booking_number).await.unwrap();
        assert_eq!(after.status, BookingStatus::Confirmed, "kept until resolved");
        assert_eq!(after.payment_status, b.payment_status, "no money moved");
        let (status, cancellations): (String, i64) = sqlx::query_as(
            "select r.status, (select count(*) from cancellations c where c.booking_id = r.booking_id)
               from rebookings r where r.booking_id = $1",
        )
        .bind(b.booking_id.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!((status.as_str(), cancellations), ("open", 0));
    }
    let mut outbox: Vec<(Option<i64>, String, String)> = sqlx::query_as(
        "select booking_id, channel, recipient from notification_outbox where kind = 'rebook_offered'
          and booking_id is not null order by id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    outbox.sort();
    let id = |i: usize| Some(bookings[i].booking_id.0);
    let mut expected = vec![
        (id(0), "sms".to_string(), "+79001112233".to_string()),
        (id(1), "email".into(), "mail@example.com".into()),
        (id(2), "sms".into(), "+79004445566".into()),
        (id(2), "email".into(), "both@example.com".into()),
    ];
    expected.sort();
    assert_eq!(outbox, expected);
    let waiting_told: i64 = sqlx::query_scalar(
        "select count(*) from notification_outbox where waitlist_entry_id = $1 and kind = 'waitlist_cancelled'
            and channel = 'sms' and recipient = '+79007778899'",
    )
    .bind(waiting.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(waiting_told, 1);
    assert_eq!(entry_status(&db.pool, waiting).await, "cancelled");
    assert_eq!(hold_status(&db.pool, hold.hold_id).await, "cancelled");

    // the parties to rebook still count as booked on it (their bookings are
    // confirmed there) until each is resolved; nothing is free
    let a = core.availability(dep).await.unwrap();
    assert_eq!(
        (a.status, a.booked, a.held, a.free),
        (DepartureStatus::Cancelled, 4, 0, 0)
    );
    let (cancelled_alerts, weather_now): (i64, String) = sqlx::query_as(
        "select (select count(*) from weather_alerts where departure_id = $1 and cancelled),
                (select weather_note from departures where id = $1)",
    )
    .bind(dep.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((cancelled_alerts, weather_now.as_str()), (1, "Storm warning"));

    assert!(audit(&db.pool, "booking.cancelled").await.is_empty());
    let opened = audit(&db.pool, "rebook.opened").await;
    assert_eq!(opened.len(), 4);
    assert!(opened.iter().all(|r| r.device_id == Some(core.actor().device.0)));
    let row = one_audit(&db.pool, "departure.cancelled", &core).await;
    assert_eq!(
        (row.details["bookings"].as_i64(), row.details["to_rebook"].as_i64()),
        (Some(0), Some(4))
    );
    assert_eq!(row.details["reason"], "weather");

    // nothing more can be sold on it
    assert_eq!(
        code(core.book(&request(dep, 1, 0, "Late")).await),
        "DEPARTURE_CANCELLED"
    );
    assert_eq!(code(core.hold(dep, party(1, 0), None).await), "DEPARTURE_CANCELLED");
    assert_eq!(
        code(core.waitlist_join(dep, party(1, 0), "Late", "", "").await),
        "DEPARTURE_CANCELLED"
    );
    // twice: nothing happens again
    let again = core
        .cancel_departure(dep, CancelReason::Weather, "Storm warning")
        .await
        .unwrap();
    assert!(again.already_cancelled);
    assert_eq!(
        (again.bookings_cancelled, again.to_rebook, again.refund_total_minor),
        (0, 0, 0)
    );
    assert_eq!(audit(&db.pool, "departure.cancelled").await.len(), 1);
    // a party to rebook is resolved as such, not cancelled by the customer's rules
    assert_eq!(
        code(
            core.cancel(&bookings[0].booking_number, CancelReason::Customer, "")
                .await
        ),
        "REBOOK_PENDING"
    );
    // the other departures are untouched
    assert_eq!(db.counters(later).await, (10, 2, 0));
    assert_eq!(db.counters(other_tour).await, (10, 0, 0));
    db.assert_consistent(dep).await;

    let alternatives = core.alternatives(dep, 5).await.unwrap();
    assert_eq!(alternatives.len(), 1);
    assert_eq!(alternatives[0].departure_id, later);
    db.assert_ledger().await;
}

#[tokio::test]
async fn alternatives_count_dead_holds_as_free() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 30, 4).await;
    let live = db.departure(&core, 54, 4).await;
    let dead = db.departure(&core, 78, 4).await;
    let open = db.departure(&core, 102, 4).await;
    core.hold(live, party(4, 0), None).await.unwrap();
    core.hold(dead, party(3, 0), None).await.unwrap();
    db.expire_holds(dead).await;
    core.hold(dead, party(1, 0), None).await.unwrap();
    core.book(&request(open, 1, 0, "One")).await.unwrap();

    // no sweep has run: the dead hold's seats are free all the same
    let alternatives: Vec<(DepartureId, i32)> = core
        .alternatives(dep, 5)
        .await
        .unwrap()
        .iter()
        .map(|a| (a.departure_id, a.free))
        .collect();
    assert_eq!(
        alternatives,
        [(dead, 3), (open, 3)],
        "{live} is held in full by a live hold"
    );
    assert_eq!(core.availability(dead).await.unwrap().free, 3);
    assert_eq!(
        core.alternatives(dep, 1).await.unwrap().len(),
        1,
        "the limit is honoured"
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn an_operator_cancellation_still_refunds_everyone_at_once() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 30, 5).await;
    let b = core.book(&request(dep, 2, 0, "Pair")).await.unwrap();
    let c = core
        .cancel_departure(dep, CancelReason::Operator, "Bus broke down")
        .await
        .unwrap();
    assert_eq!(
        (c.bookings_cancelled, c.to_rebook, c.refund_total_minor, c.rebook_due_at),
        (1, 0, 2 * ADULT_PRICE, None)
    );
    let after = core.booking(&b.booking_number).await.unwrap();
    assert_eq!(
        (after.status, after.payment_status),
        (BookingStatus::Cancelled, PaymentStatus::Refunded)
    );
    assert_eq!(db.counters(dep).await, (5, 0, 0));
    assert!(core.rebookings(dep).await.unwrap().is_empty());
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}
