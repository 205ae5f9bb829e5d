//! The manager's numbers.

use super::*;

#[tokio::test]
async fn stats_count_revenue_refunds_and_cancellations() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let far = db.departure(&core, 100, 10).await;
    let near = db.departure(&core, 30, 4).await;
    let stormy = db.departure_of(&core, "Avacha Bay boat trip", 50, 8).await;
    let outside = db.departure(&core, 500, 10).await;

    core.book(&request(far, 2, 0, "Paid")).await.unwrap(); // 1 500 000
    let mut card = request(far, 1, 0, "Card");
    card.payment.method = PaymentMethod::Card;
    let card = core.book(&card).await.unwrap(); // 750 000, cancelled at 90 %
    let mut unpaid = request(far, 1, 0, "Unpaid");
    unpaid.payment.method = PaymentMethod::Unpaid;
    core.book(&unpaid).await.unwrap(); // 0
    let n = core.book(&request(near, 1, 0, "Near")).await.unwrap(); // 750 000, cancelled at 50 %
    let storm = core.book(&request(stormy, 1, 0, "Storm")).await.unwrap(); // 750 000, refunded in full
    core.book(&request(outside, 3, 0, "Outside")).await.unwrap(); // not in the range

    core.cancel(&card.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    core.cancel(&n.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    core.cancel_departure(stormy, CancelReason::Weather, "").await.unwrap();
    // weather keeps the party to rebook; the desk refunds it in full
    core.rebook_resolve(
        &storm.booking_number,
        tourdesk::booking::Resolution::Refund,
        Uuid::now_v7(),
    )
    .await
    .unwrap();

    let s = core.stats(Utc::now(), Utc::now() + Duration::hours(200)).await.unwrap();
    let refunds = 675_000 + 375_000 + 750_000;
    assert_eq!(s.refunds_minor, refunds);
    assert_eq!(s.revenue_minor, 1_500_000 + 750_000 + 750_000 + 750_000 - refunds);
    assert_eq!(s.bookings, 2, "confirmed bookings");
    assert_eq!(s.currency.as_str(), "RUB");
    let reasons: Vec<(&str, i64)> = s
        .cancellations_by_reason
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(reasons, [("customer", 2), ("weather", 1)]);
    // occupancy per local day and tour; the cancelled departure is left out
    let occ: Vec<(&str, i64, i64)> = s
        .occupancy
        .iter()
        .map(|o| (o.tour.as_str(), o.capacity, o.booked))
        .collect();
    assert_eq!(occ, [("Avachinsky volcano", 4, 0), ("Avachinsky volcano", 10, 3)]);
    assert_eq!(s.occupancy[1].occupancy_percent, 30.0);
    assert!(s.occupancy[0].day < s.occupancy[1].day);

    let empty = core
        .stats(Utc::now() + Duration::days(60), Utc::now() + Duration::days(90))
        .await
        .unwrap();
    assert_eq!((empty.revenue_minor, empty.refunds_minor, empty.bookings), (0, 0, 0));
    assert!(empty.occupancy.is_empty() && empty.cancellations_by_reason.is_empty());
    db.assert_ledger().await;
}
