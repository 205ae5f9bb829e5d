//! Bookings, cards and answers of the core as the Bookings tests use them.

use super::*;

pub(super) fn calls(out: &Outbox) -> Vec<Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Bookings(c)) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn timers(out: &Outbox) -> Vec<u64> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Later(d, Timer::Search(seq)) if *d == DEBOUNCE => Some(*seq),
            _ => None,
        })
        .collect()
}

pub(super) fn notice(out: &Outbox) -> &str {
    out.notice.as_ref().map(|n| n.text.as_str()).unwrap_or_default()
}

pub(super) fn err(code: ErrorCode) -> UiError {
    UiError {
        code,
        message: format!("{code:?}"),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn found(
    id: i64,
    number: &str,
    name: &str,
    phone: &str,
    tour: &str,
    hours: i64,
    status: BookingStatus,
    paid: PaymentStatus,
) -> Found {
    Found {
        booking_id: BookingId(id),
        booking_number: number.into(),
        confirmation_code: "K7Q2".into(),
        departure_id: DepartureId(2),
        tour: tour.into(),
        starts_at: testing::now() + TimeDelta::hours(hours),
        time_zone: testing::TZ.name().into(),
        status,
        payment_status: paid,
        adults: 2,
        children: 1,
        contact_name: name.into(),
        contact_phone: phone.into(),
        contact_email: String::new(),
        created_at: testing::now() - TimeDelta::days(id),
        rank: 2,
        matched: SearchMatch::Phone,
        matched_text: phone.into(),
    }
}

pub(super) fn results() -> Vec<Found> {
    vec![
        found(
            5,
            "TD-4MWQ7R",
            "Irina Sokolova",
            "+79145550102",
            "Avacha Bay by boat",
            26,
            BookingStatus::Confirmed,
            PaymentStatus::PartiallyPaid,
        ),
        found(
            6,
            "TD-9XK2PD",
            "Ирина Соколова",
            "+79145550102",
            "Mutnovsky volcano",
            -72,
            BookingStatus::Cancelled,
            PaymentStatus::Refunded,
        ),
        found(
            7,
            "TD-J3LMQA",
            "Irina S.",
            "+79145550102",
            "Vilyuchinsky waterfall",
            100,
            BookingStatus::Confirmed,
            PaymentStatus::Unpaid,
        ),
    ]
}

pub(super) fn ledger(
    kind: LedgerKind,
    amount: i64,
    method: PaymentMethod,
    reference: &str,
    reason: &str,
) -> LedgerEntry {
    LedgerEntry {
        entry_id: amount,
        kind,
        amount_minor: amount,
        currency: "RUB".into(),
        method,
        reference: reference.into(),
        reason: reason.into(),
        staff_name: "Елена Морозова".into(),
        device_name: "front-desk-1".into(),
        at: testing::now() - TimeDelta::hours(3),
    }
}

pub(super) fn person(id: i64, name: &str, kind: &str, medical: &str) -> Person {
    Person {
        id: ParticipantId(id),
        name: name.into(),
        kind: kind.into(),
        medical_notes: medical.into(),
        emergency_contact: if id == 1 {
            "+7 914 000 11 22".into()
        } else {
            String::new()
        },
        dietary: if id == 2 { "vegetarian".into() } else { String::new() },
        equipment: String::new(),
        no_show: false,
        no_show_reason: String::new(),
    }
}

pub(super) fn card(printed: i32) -> BookingCard {
    let at = testing::now() - TimeDelta::hours(3);
    BookingCard {
        booking: Booking {
            booking_id: BookingId(5),
            booking_number: "TD-4MWQ7R".into(),
            confirmation_code: "K7Q2".into(),
            departure_id: DepartureId(2),
            status: BookingStatus::Confirmed,
            adults: 2,
            children: 1,
            contact_name: "Irina Sokolova".into(),
            total_minor: 1_950_000,
            currency: "RUB".into(),
            price: serde_json::Value::Null,
            payment_status: PaymentStatus::PartiallyPaid,
            participants: Vec::new(),
            replayed: false,
        },
        contact: Contact {
            phone: "+79145550102".into(),
            email: "irina@example.com".into(),
            special_requests: String::new(),
            source: "desk".into(),
            created_at: at,
            cancelled_at: None,
            payment_method: PaymentMethod::Card,
            pickup_name: Some("Avacha Hotel".into()),
            pickup_at: Some(testing::now() + TimeDelta::minutes(85)),
            language: crate::booking::Language::En,
        },
        participants: vec![
            person(1, "Irina Sokolova", "adult", "asthma, carries an inhaler"),
            person(2, "Pavel Sokolov", "adult", ""),
            person(3, "Masha Sokolova", "child", ""),
        ],
        tickets: vec![TicketLine {
            ticket_id: 1,
            kind: "group".into(),
            participant_id: None,
            holder: "Irina Sokolova".into(),
            admits: 3,
            live: true,
            printed,
            last_printed_at: Some(at),
        }],
        check_ins: vec![CheckInLine {
            participant_id: ParticipantId(1),
            participant: "Irina Sokolova".into(),
            status: CheckInStatus::Accepted,
            method: AdmissionMethod::Qr,
            occurred_at: at,
            recorded_at: at,
            undone_at: None,
            device: Some("gate-1".into()),
            staff: Some("Guide".into()),
        }],
        audit: vec![AuditLine {
            id: 1,
            at,
            action: crate::domain::AuditAction::BookingCreated,
            staff: Some("Елена Морозова".into()),
            device: Some("front-desk-1".into()),
            details: serde_json::Value::Null,
        }],
        customer_bookings: Vec::new(),
        ledger: vec![ledger(
            LedgerKind::Payment,
            1_000_000,
            PaymentMethod::Card,
            "slip 0042",
            "",
        )],
        removed: Vec::new(),
    }
}

/// The text typed, the pause, the answer: the results on screen.
pub(super) fn searched() -> State {
    let mut s = State::default();
    for c in "0102".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    let seq = s.seq;
    let out = answer(&mut s, &desk(), Msg::Debounced(seq));
    assert!(matches!(&calls(&out)[..], [Call::Find { text, .. }] if text == "0102"));
    answer(&mut s, &desk(), Msg::Found(seq, Ok(results())));
    s
}

/// The first result's card open.
pub(super) fn opened(printed: i32) -> State {
    let mut s = searched();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Card(n)] if n == "TD-4MWQ7R"));
    answer(
        &mut s,
        &desk(),
        Msg::Card("TD-4MWQ7R".into(), Box::new(Ok(card(printed)))),
    );
    assert!(s.card.is_some());
    s
}

pub(super) fn moved(kind: LedgerKind, amount: i64, balance: i64) -> MoneyMoved {
    MoneyMoved {
        entry_id: 9,
        booking_number: "TD-4MWQ7R".into(),
        kind,
        amount_minor: amount,
        currency: "RUB".into(),
        method: PaymentMethod::Cash,
        reference: String::new(),
        reason: String::new(),
        at: testing::now(),
        paid_minor: 1_950_000 - balance,
        refunded_minor: 0,
        balance_minor: balance,
        payment_status: PaymentStatus::Paid,
        replayed: false,
    }
}

pub(super) fn quote(percent: i32, refund: i64, already: bool) -> CancelQuote {
    CancelQuote {
        refund_percent: percent,
        refund_minor: refund,
        already,
        hours_before: 26.0,
        currency: "RUB".into(),
    }
}

/// A departure `hours` from now with `free` seats.
pub(super) fn departure(id: i64, tour: i64, hours: i64, free: i32, status: DepartureStatus) -> Departure {
    Departure {
        id: DepartureId(id),
        tour_id: TourId(tour),
        tour: if tour == 1 { "Avacha Bay" } else { "Mutnovsky Volcano" }.into(),
        starts_at: testing::now() + TimeDelta::hours(hours),
        time_zone: testing::TZ.name().into(),
        meeting_point: "Pier 1".into(),
        capacity: 12,
        booked: 12 - free,
        held: 0,
        free,
        waitlist: 0,
        status,
        weather_status: WeatherStatus::Ok,
        weather_note: String::new(),
        adult_price_minor: 650_000,
        child_price_minor: 650_000,
        currency: "RUB".into(),
        guide_ids: vec![1],
        missing_resource: None,
    }
}

/// The card's own departure (2, Avacha Bay, tomorrow) and the others.
pub(super) fn departures(source: DepartureStatus) -> (Departure, Vec<Departure>) {
    let own = departure(2, 1, 26, 0, source);
    let all = vec![
        departure(7, 2, 30, 8, DepartureStatus::Scheduled),
        own.clone(),
        departure(4, 1, 50, 2, DepartureStatus::Scheduled), // too small for 3
        departure(5, 1, 74, 5, DepartureStatus::Scheduled),
        departure(6, 1, -5, 9, DepartureStatus::Scheduled), // gone
        departure(8, 1, 98, 9, DepartureStatus::Cancelled),
    ];
    (own, all)
}

pub(super) fn move_quote(to: i64, reason: MoveReason, charge: i64, refund: i64) -> MoveQuote {
    MoveQuote {
        booking_number: "TD-4MWQ7R".into(),
        from_departure_id: 2,
        to_departure_id: to,
        reason,
        seats: 3,
        old_total_minor: 1_950_000,
        new_total_minor: 1_950_000 + charge - refund * 2,
        price_difference_minor: charge - refund * 2,
        refund_percent: if refund > 0 { 50 } else { 100 },
        refund_minor: refund,
        charge_minor: charge,
        balance_minor: 950_000 + charge,
        currency: "RUB".into(),
        free_seats: 5,
        fits: true,
    }
}

pub(super) fn moved_to(to: i64, replayed: bool) -> Moved {
    Moved {
        booking_number: "TD-4MWQ7R".into(),
        confirmation_code: "K7Q2".into(),
        from_departure_id: 2,
        to_departure_id: to,
        reason: MoveReason::Customer,
        seats: 3,
        old_total_minor: 1_950_000,
        new_total_minor: 1_950_000,
        price_difference_minor: 0,
        refund_percent: 100,
        refund_minor: 0,
        charge_minor: 0,
        balance_minor: 950_000,
        payment_status: PaymentStatus::PartiallyPaid,
        currency: "RUB".into(),
        ticket_generation: 2,
        waitlist_offers: 0,
        at: testing::now(),
        replayed,
    }
}

/// `m` on the card, and the departures came: the picker.
pub(super) fn picking(source: DepartureStatus) -> State {
    let mut s = opened(0);
    let out = press_bound(&mut s, &desk(), key('m'));
    assert!(matches!(&calls(&out)[..], [Call::MoveTargets { from, .. }] if *from == DepartureId(2)));
    answer(
        &mut s,
        &desk(),
        Msg::MoveTargets(DepartureId(2), Ok(departures(source))),
    );
    s
}

/// The picker with the server's quote for departure 5.
pub(super) fn quoted() -> State {
    let mut s = picking(DepartureStatus::Scheduled);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    answer(
        &mut s,
        &desk(),
        Msg::MoveQuoted(DepartureId(5), Ok(move_quote(5, MoveReason::Customer, 150_000, 0))),
    );
    s
}

/// The card's booking as an open weather case: 10 000.00 RUB held.
pub(super) fn case() -> RebookParty {
    RebookParty {
        booking_number: "TD-4MWQ7R".into(),
        contact_name: "Irina Sokolova".into(),
        contact_phone: "+79145550102".into(),
        contact_email: "irina@example.com".into(),
        seats: 3,
        adults: 2,
        children: 1,
        paid_minor: 1_000_000,
        refunded_minor: 0,
        currency: "RUB".into(),
        status: RebookStatus::Open,
        opened_at: testing::now() - TimeDelta::hours(2),
        due_at: testing::now() + TimeDelta::hours(46),
        resolved_at: None,
        voucher_code: None,
        moved_to: None,
        moved_to_starts_at: None,
        moved_to_time_zone: None,
    }
}

/// The card open, its departure cancelled for weather: to rebook.
pub(super) fn to_rebook() -> State {
    let mut s = searched();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let out = answer(&mut s, &desk(), Msg::Card("TD-4MWQ7R".into(), Box::new(Ok(card(0)))));
    assert!(matches!(
        &calls(&out)[..],
        [Call::RebookCase { number, departure }] if number == "TD-4MWQ7R" && *departure == DepartureId(2)
    ));
    answer(&mut s, &desk(), Msg::RebookCase("TD-4MWQ7R".into(), Some(case())));
    s
}

pub(super) fn outcome(credit: bool) -> RebookOutcome {
    RebookOutcome {
        booking_number: "TD-4MWQ7R".into(),
        status: if credit {
            RebookStatus::Credited
        } else {
            RebookStatus::Refunded
        },
        refund_minor: if credit { 0 } else { 1_000_000 },
        voucher_code: credit.then(|| "V-7KQ2-M4XA".into()),
        voucher_amount_minor: credit.then_some(1_000_000),
        voucher_expires_at: credit.then(|| testing::now() + TimeDelta::days(365)),
        currency: "RUB".into(),
        resolved_at: Some(testing::now()),
        replayed: false,
    }
}
