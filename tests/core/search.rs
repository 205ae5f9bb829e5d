//! Customers and search (migrations 0019 and 0025, sql/api/find.sql):
//! contacts normalised at write time, one search over every booking — best
//! match first, then newest, a page of the newest even for a name thousands
//! share — a customer's history, and who may search.

use super::*;
use tourdesk::booking::{ContactChange, Found, MoveRequest, ParticipantChange};
use tourdesk::domain::{MoveReason, SearchMatch};

async fn text(pool: &PgPool, sql: &'static str, arg: &str) -> String {
    sqlx::query_scalar(sql).bind(arg).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn phones_become_e164_in_the_operators_country_and_what_is_no_number_stays_as_typed() {
    let db = TestDb::new().await;
    let table = [
        ("8 914 123-45-67", "+79141234567"),
        ("+7 914 1234567", "+79141234567"),
        ("89141234567", "+79141234567"),
        ("79141234567", "+79141234567"),
        ("9141234567", "+79141234567"),
        ("8 (4152) 12-34-56", "+74152123456"),
        ("  +44 7700 900123 ", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("+1 206 555-0123", "+12065550123"),
        // not a number anyone can dial: kept as typed, trimmed
        ("+7900", "+7900"),
        ("12", "12"),
        ("room 12", "room 12"),
        ("+7 914 123 45 67 ext 5", "+7 914 123 45 67 ext 5"),
        ("+7999123456789012", "+7999123456789012"),
        ("", ""),
    ];
    for (typed, stored) in table {
        assert_eq!(text(&db.pool, "select td_phone($1)", typed).await, stored, "{typed:?}");
    }
    // another operator's country: a national number is that country's
    sqlx::query("update operator_settings set phone_country_code = '44'")
        .execute(&db.pool)
        .await
        .unwrap();
    for (typed, stored) in [
        ("07700 900123", "+447700900123"),
        ("7700 900123", "+447700900123"),
        ("447700900123", "+447700900123"),
        ("+7 914 123-45-67", "+79141234567"),
    ] {
        assert_eq!(text(&db.pool, "select td_phone($1)", typed).await, stored, "{typed:?}");
    }
}

#[tokio::test]
async fn every_write_stores_the_normalised_phone_and_email() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let mut req = request(dep, 2, 0, "Иван Иванов");
    req.contact_phone = "8 914 123-45-67".into();
    req.contact_email = "  Ivan.Ivanov@Mail.RU ".into();
    let b = core.book(&req).await.unwrap();
    let (phone, email): (String, String) =
        sqlx::query_as("select contact_phone, contact_email from bookings where id = $1")
            .bind(b.booking_id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (phone.as_str(), email.as_str()),
        ("+79141234567", "ivan.ivanov@mail.ru")
    );

    // the departure is full: a waitlist entry, normalised the same way
    core.waitlist_join(dep, party(1, 0), "Пётр", "8-924-555-12-34", "PETR@example.COM")
        .await
        .unwrap();
    let (phone, email): (String, String) = sqlx::query_as("select phone, email from waitlist_entries")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!((phone.as_str(), email.as_str()), ("+79245551234", "petr@example.com"));

    // a write that bypasses the functions is normalised too (the trigger)
    sqlx::query("update bookings set contact_phone = '+7 (914) 000-11-22' where id = $1")
        .bind(b.booking_id.0)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        text(
            &db.pool,
            "select contact_phone from bookings where booking_number = $1",
            &b.booking_number
        )
        .await,
        "+79140001122"
    );
}

#[tokio::test]
async fn names_have_one_key_whatever_the_alphabet_spelling_or_case() {
    let db = TestDb::new().await;
    let same = [
        ("Иванов", "IVANOV"),
        ("Иванов", "ivanov"),
        ("Юлия", "Yulia"),
        ("Юлия", "Julia"),
        ("Хабаров", "Khabarov"),
        ("Хабаров", "Habarov"),
        ("Цой", "Tsoy"),
        ("Алексей Фёдоров", "Alexey Fyodorov"),
        ("Алексей Фёдоров", "АЛЕКСЕЙ ФЕДОРОВ"),
        ("Пётр", "Petr"),
        ("Пётр", "Pyotr"),
        ("Екатерина", "Yekaterina"),
        ("Дмитрий", "Dmitry"),
        ("Дмитрий", "Dmitriy"),
        ("Щукин", "Shchukin"),
        ("Щукин", "Schukin"),
        ("Андреев", "Andreyev"),
        ("Наталья", "Natalia"),
        ("Наталья", "Natalya"),
        ("Ёлкина", "Елкина"),
        ("Ёлкина", "Yolkina"),
        ("Ульяна", "Ulyana"),
        ("Жуков", "Zhukov"),
    ];
    for (a, b) in same {
        let (ka, kb) = (
            text(&db.pool, "select td_name_key($1)", a).await,
            text(&db.pool, "select td_name_key($1)", b).await,
        );
        assert_eq!(ka, kb, "{a} / {b}");
    }
    for (a, b) in [("Иванов", "Петров"), ("Чайка", "Цайка"), ("Anna", "Inna")] {
        assert_ne!(
            text(&db.pool, "select td_name_key($1)", a).await,
            text(&db.pool, "select td_name_key($1)", b).await,
            "{a} / {b}"
        );
    }
}

/// Bookings to search: on two tours, one departure in the past, one cancelled.
struct World {
    core: Core,
    ivanov_ivan: tourdesk::booking::Booking,
    ivanova_past: tourdesk::booking::Booking,
    elkina: tourdesk::booking::Booking,
    khabarov_cancelled: tourdesk::booking::Booking,
    smith_with_shchukina: tourdesk::booking::Booking,
    ivanov_petr: tourdesk::booking::Booking,
}

async fn world(db: &TestDb) -> World {
    let core = db.manager().await;
    let volcano = db.departure(&core, 48, 30).await;
    let boat = db.departure_of(&core, "Avacha Bay boat trip", 24 * 20, 30).await;
    let past = db.departure_of(&core, "Mutnovsky", 24, 30).await;
    let book = |dep: DepartureId, name: &str, phone: &str, email: &str, others: &[&str]| {
        let mut req = request(dep, 1 + others.len() as u32, 0, name);
        req.contact_phone = phone.into();
        req.contact_email = email.into();
        req.participants = std::iter::once(name)
            .chain(others.iter().copied())
            .map(|n| ParticipantInput {
                name: n.into(),
                kind: tourdesk::domain::ParticipantKind::Adult,
                ..Default::default()
            })
            .collect();
        req
    };
    let core_ref = &core;
    let go = |req: BookRequest| async move { core_ref.book(&req).await.unwrap() };
    let ivanov_ivan = go(book(
        volcano,
        "Иванов Иван",
        "8 914 123-45-67",
        "Ivan.Ivanov@Mail.ru",
        &["Иванова Анна"],
    ))
    .await;
    let ivanova_past = go(book(past, "Ivanova Maria", "+7 924 555-12-34", "", &[])).await;
    let elkina = go(book(boat, "Алёна Ёлкина", "+44 7700 900123", "alena@example.com", &[])).await;
    let khabarov_cancelled = go(book(volcano, "Хабаров Юрий", "+7 961 222-33-44", "", &[])).await;
    let smith_with_shchukina = go(book(boat, "John Smith", "+1 206 555 0123", "", &["Щукина Наталья"])).await;
    // the newest: found first among equally good matches
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let ivanov_petr = go(book(boat, "Иванов Пётр", "+7 903 777-88-99", "petr@example.com", &[])).await;
    core.cancel(&khabarov_cancelled.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    // a departure that has happened (sales close before the start)
    sqlx::query("update departures set starts_at = now() - interval '30 days' where id = $1")
        .bind(past.0)
        .execute(&db.pool)
        .await
        .unwrap();
    World {
        core,
        ivanov_ivan,
        ivanova_past,
        elkina,
        khabarov_cancelled,
        smith_with_shchukina,
        ivanov_petr,
    }
}

fn numbers(found: &[Found]) -> Vec<&str> {
    found.iter().map(|f| f.booking_number.as_str()).collect()
}

#[tokio::test]
async fn one_search_finds_each_kind_of_query_best_match_first() {
    let db = TestDb::new().await;
    let w = world(&db).await;
    let n = |b: &tourdesk::booking::Booking| b.booking_number.clone();
    let ivan = n(&w.ivanov_ivan);
    let petr = n(&w.ivanov_petr);
    let maria = n(&w.ivanova_past);
    let number_typed = format!("td {}", ivan[3..].to_lowercase());
    let code_typed = w.elkina.confirmation_code.to_lowercase();
    let code_russian = common::typed_in_russian_layout(&w.elkina.confirmation_code);
    // (query, the bookings in order, what the first matched)
    let table: Vec<(&str, Vec<String>, SearchMatch)> = vec![
        (&ivan, vec![ivan.clone()], SearchMatch::BookingNumber),
        (&number_typed, vec![ivan.clone()], SearchMatch::BookingNumber),
        (&code_typed, vec![n(&w.elkina)], SearchMatch::ConfirmationCode),
        (&code_russian, vec![n(&w.elkina)], SearchMatch::ConfirmationCode),
        // a phone any way typed, or its last digits
        ("89141234567", vec![ivan.clone()], SearchMatch::Phone),
        ("+7 914 123 45 67", vec![ivan.clone()], SearchMatch::Phone),
        ("8 (914) 123-45-67", vec![ivan.clone()], SearchMatch::Phone),
        ("4567", vec![ivan.clone()], SearchMatch::Phone),
        ("45-67", vec![ivan.clone()], SearchMatch::Phone),
        ("07700 900123", vec![], SearchMatch::Phone), // a UK number typed nationally is not Russian
        ("900123", vec![n(&w.elkina)], SearchMatch::Phone),
        // e-mail: whole (any case) or its start
        ("IVAN.IVANOV@MAIL.RU", vec![ivan.clone()], SearchMatch::Email),
        ("petr@", vec![petr.clone()], SearchMatch::Email),
        // names: the newest of the equal matches first, then names starting so
        (
            "Иванов",
            vec![petr.clone(), ivan.clone(), maria.clone()],
            SearchMatch::Name,
        ),
        (
            "ivanov",
            vec![petr.clone(), ivan.clone(), maria.clone()],
            SearchMatch::Name,
        ),
        (
            "IVANOV",
            vec![petr.clone(), ivan.clone(), maria.clone()],
            SearchMatch::Name,
        ),
        (
            "bdfyjd",
            vec![petr.clone(), ivan.clone(), maria.clone()],
            SearchMatch::Name,
        ),
        (
            "шмфтщм",
            vec![petr.clone(), ivan.clone(), maria.clone()],
            SearchMatch::Name,
        ),
        (
            "Ivan Ivanov",
            vec![ivan.clone(), petr.clone(), maria.clone()],
            SearchMatch::Name,
        ),
        ("Ivanova", vec![maria.clone(), ivan.clone()], SearchMatch::Name),
        ("Pyotr", vec![petr.clone()], SearchMatch::Name),
        ("Елкина", vec![n(&w.elkina)], SearchMatch::Name),
        ("yolkina", vec![n(&w.elkina)], SearchMatch::Name),
        ("Khabarov", vec![n(&w.khabarov_cancelled)], SearchMatch::Name),
        ("Shchukina", vec![n(&w.smith_with_shchukina)], SearchMatch::Participant),
        (
            "Щукина Наталья",
            vec![n(&w.smith_with_shchukina)],
            SearchMatch::Participant,
        ),
        ("Smi", vec![n(&w.smith_with_shchukina)], SearchMatch::Name),
        ("zzzzzz", vec![], SearchMatch::Name),
        ("   ", vec![], SearchMatch::Name),
    ];
    for (query, expected, first) in &table {
        let found = w.core.find(query, 20).await.unwrap();
        assert_eq!(numbers(&found), *expected, "{query:?}: {found:#?}");
        if let Some(f) = found.first() {
            assert_eq!(f.matched, *first, "{query:?}");
        }
    }
    // Ivanova Anna is a participant of Ivan's booking: found once, by the contact
    let found = w.core.find("Иванова", 20).await.unwrap();
    assert_eq!(numbers(&found), [maria.as_str(), ivan.as_str()]);
    assert_eq!(found[1].matched, SearchMatch::Participant);
    assert_eq!(found[1].matched_text, "Иванова Анна");
}

#[tokio::test]
async fn search_covers_past_future_and_cancelled_and_keeps_to_the_limit() {
    let db = TestDb::new().await;
    let w = world(&db).await;
    let maria = &w.core.find("ivanova maria", 20).await.unwrap()[0];
    assert_eq!(maria.booking_number, w.ivanova_past.booking_number);
    assert!(maria.starts_at < Utc::now(), "the past departure");
    assert_eq!(maria.tour, "Mutnovsky");
    assert_eq!(maria.contact_phone, "+79245551234");
    let boat = &w.core.find("Ёлкина", 20).await.unwrap()[0];
    assert_eq!(boat.tour, "Avacha Bay boat trip");
    assert!(boat.starts_at > Utc::now() + Duration::days(19));
    assert_eq!(boat.time_zone, "Asia/Kamchatka");
    let gone = &w.core.find("Хабаров", 20).await.unwrap()[0];
    assert_eq!(gone.status, BookingStatus::Cancelled);
    // each result says whether it is paid (the kiosk's list shows it)
    for f in [maria, boat, gone] {
        let booking = w.core.booking(&f.booking_number).await.unwrap();
        assert_eq!(f.payment_status, booking.payment_status, "{}", f.booking_number);
    }

    assert_eq!(w.core.find("ivanov", 2).await.unwrap().len(), 2);
    assert_eq!(w.core.find("ivanov", 0).await.unwrap().len(), 1, "at least one");
    assert_eq!(code(w.core.find(&"x".repeat(201), 20).await), "INVALID_INPUT");
}

#[tokio::test]
async fn a_customers_history_is_every_booking_under_the_phone_or_email() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let a = db.departure(&core, 48, 10).await;
    let b = db.departure_of(&core, "Avacha Bay boat trip", 72, 10).await;
    let mut first = request(a, 1, 0, "Анна Петрова");
    first.contact_phone = "+7 914 123-45-67".into();
    let first = core.book(&first).await.unwrap();
    let mut second = request(b, 2, 0, "Anna Petrova");
    second.contact_phone = "89141234567".into();
    second.contact_email = "Anna@Example.com".into();
    let second = core.book(&second).await.unwrap();
    let mut other = request(b, 1, 0, "Someone Else");
    other.contact_phone = "+7 914 123-45-68".into();
    core.book(&other).await.unwrap();

    let by_phone = core.customer_bookings("8 914 123 45 67").await.unwrap();
    assert_eq!(
        numbers(&by_phone),
        [second.booking_number.as_str(), first.booking_number.as_str()]
    );
    let by_email = core.customer_bookings("ANNA@example.com").await.unwrap();
    assert_eq!(numbers(&by_email), [second.booking_number.as_str()]);
    assert!(core.customer_bookings("").await.unwrap().is_empty());

    // the card lists the other one
    let card = core.booking_card(&first.booking_number).await.unwrap();
    assert_eq!(numbers(&card.customer_bookings), [second.booking_number.as_str()]);
    assert_eq!(card.contact.phone, "+79141234567");
}

#[tokio::test]
async fn a_session_that_may_not_read_is_refused() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 10).await;
    manager.book(&request(dep, 1, 0, "Иванов")).await.unwrap();
    let guide = db.core_as(Role::Guide, "Guide G", "gate-1").await;
    // every role reads: a guide looks people up at the gate; a session that
    // has ended reads nothing
    assert_eq!(guide.find("ivanov", 20).await.unwrap().len(), 1);
    guide.logout("end of shift").await.unwrap();
    assert_eq!(code(guide.find("ivanov", 20).await), "SESSION_EXPIRED");
    assert_eq!(code(guide.customer_bookings("+79141234567").await), "SESSION_EXPIRED");

    // and the application role cannot go around it to the keys
    let app = db.app_pool(1).await;
    for keys in [
        "select phone_rev, name_words from bookings",
        "select word, booking_id from name_search_words",
    ] {
        let err = sqlx::query(keys).execute(&app).await.unwrap_err();
        assert!(err.to_string().contains("permission denied"), "{keys}: {err}");
    }
}

#[tokio::test]
async fn a_bookings_card_has_participants_tickets_check_ins_and_its_audit_trail() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 2, 10).await;
    let mut req = request(dep, 2, 0, "Иван Иванов");
    req.participants = vec![
        ParticipantInput {
            name: "Иван Иванов".into(),
            kind: tourdesk::domain::ParticipantKind::Adult,
            medical_notes: "asthma".into(),
            ..Default::default()
        },
        ParticipantInput {
            name: "Анна Иванова".into(),
            kind: tourdesk::domain::ParticipantKind::Adult,
            ..Default::default()
        },
    ];
    let b = core.book(&req).await.unwrap();
    let ivan = b.participants[0].id;
    core.check_in(&tourdesk::booking::CheckInRequest::participant(ivan, Some(dep)))
        .await
        .unwrap();
    let card = core.booking_card(&b.booking_number.to_lowercase()).await.unwrap();
    assert_eq!(card.booking.booking_number, b.booking_number);
    assert!(card.booking.participants.is_empty(), "listed once, with details");
    let names: Vec<&str> = card.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Иван Иванов", "Анна Иванова"]);
    assert_eq!(card.participants[0].medical_notes, "asthma");
    // a group code and one per person, all live
    assert_eq!(card.tickets.len(), 3);
    assert!(card.tickets.iter().all(|t| t.live));
    assert_eq!(card.check_ins.len(), 1);
    assert_eq!(card.check_ins[0].participant_id, ivan);
    assert_eq!(card.check_ins[0].status, tourdesk::domain::CheckInStatus::Accepted);
    let actions: Vec<&str> = card.audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"booking.created"), "{actions:?}");
    // each parsed into a known action: the kiosk shows it in words
    assert!(
        card.audit
            .iter()
            .all(|a| !matches!(a.action, tourdesk::domain::AuditAction::Other(_))),
        "{actions:?}"
    );
    assert!(
        card.audit.iter().all(|a| a.device.as_deref() == Some("cli")),
        "{:?}",
        card.audit
    );

    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let card = core.booking_card(&b.booking_number).await.unwrap();
    assert!(card.tickets.iter().all(|t| !t.live), "revoked by the cancel");
    assert!(
        card.audit
            .iter()
            .any(|a| a.action == tourdesk::domain::AuditAction::BookingCancelled),
        "{:?}",
        card.audit
    );
    assert_eq!(code(core.booking_card("TD-ZZZZZZ").await), "NOT_FOUND");
}

/// name_search_words (migration 0025) holds exactly the words of every
/// contact's and participant's name, each with its booking's date: what the
/// triggers keep is compared with what the rows say now.
async fn assert_name_words_follow_the_rows(pool: &PgPool) {
    let (missing, extra): (i64, i64) = sqlx::query_as(
        "with now_rows as (
             select w as word, b.created_at, b.id as booking_id, null::bigint as participant_id
               from bookings b, unnest(tsvector_to_array(b.name_words)) w
             union all
             select w, b.created_at, p.booking_id, p.id
               from participants p join bookings b on b.id = p.booking_id, unnest(tsvector_to_array(p.name_words)) w
         ), kept as (
             select word, created_at, booking_id, participant_id from name_search_words
         )
         select (select count(*) from (select * from now_rows except all select * from kept) m),
                (select count(*) from (select * from kept except all select * from now_rows) e)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((missing, extra), (0, 0), "name_search_words (missing, extra)");
}

/// Dates the tests give bookings, in an order unlike the order of the sales:
/// the search must sort by the date, not by the row.
async fn set_created_at(pool: &PgPool, number: &str, minutes_ago: i64) -> DateTime<Utc> {
    sqlx::query_scalar(
        "update bookings set created_at = now() - make_interval(mins => $2) where booking_number = $1
         returning created_at",
    )
    .bind(number)
    .bind(minutes_ago as i32)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_common_surname_fills_the_page_with_its_newest_whole_word_matches() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 200).await;
    let firsts = ["Иван", "Пётр", "Анна", "Мария", "Олег", "Юлия", "Сергей", "Ольга"];
    // 25 bookings of an Ivanov (more than a page), dated in a shuffled order;
    // 5 whose surname only starts so, dated newer than every Ivanov
    let mut exact: Vec<(DateTime<Utc>, String)> = Vec::new();
    for i in 0..25 {
        let name = format!("Иванов {}", firsts[i % firsts.len()]);
        let b = core.book(&request(dep, 1, 0, &name)).await.unwrap();
        let minutes = 100 + (i as i64 * 7) % 25 * 10;
        exact.push((
            set_created_at(&db.pool, &b.booking_number, minutes).await,
            b.booking_number,
        ));
    }
    let mut prefix: Vec<(DateTime<Utc>, String)> = Vec::new();
    for (i, first) in firsts.iter().take(5).enumerate() {
        let name = format!("Ивановский {first}");
        let b = core.book(&request(dep, 1, 0, &name)).await.unwrap();
        prefix.push((
            set_created_at(&db.pool, &b.booking_number, 1 + i as i64).await,
            b.booking_number,
        ));
    }
    exact.sort_by_key(|b| std::cmp::Reverse(b.0));
    prefix.sort_by_key(|b| std::cmp::Reverse(b.0));
    let exact: Vec<&str> = exact.iter().map(|(_, n)| n.as_str()).collect();
    let prefix: Vec<&str> = prefix.iter().map(|(_, n)| n.as_str()).collect();

    for typed in ["Иванов", "ivanov", "bdfyjd"] {
        let page = core.find(typed, 20).await.unwrap();
        assert_eq!(
            numbers(&page),
            &exact[..20],
            "{typed}: the newest 20 whole-word matches"
        );
        assert!(
            page.iter().all(|f| f.rank == 5 && f.matched == SearchMatch::Name),
            "{typed}"
        );
    }
    // a page with room: every whole-word match, then the prefixes, each newest first
    let all = core.find("Иванов", 40).await.unwrap();
    let expected: Vec<&str> = exact.iter().chain(&prefix).copied().collect();
    assert_eq!(numbers(&all), expected);
    assert!(all[..25].iter().all(|f| f.rank == 5) && all[25..].iter().all(|f| f.rank == 6));
    // a prefix that is no whole word: all 30 start so, newest first
    let mut by_date: Vec<&Found> = all.iter().collect();
    by_date.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    let newest: Vec<&str> = by_date.iter().take(10).map(|f| f.booking_number.as_str()).collect();
    let page = core.find("Ива", 10).await.unwrap();
    assert_eq!(numbers(&page), newest);
    assert!(page.iter().all(|f| f.rank == 6));
    assert_name_words_follow_the_rows(&db.pool).await;
}

#[tokio::test]
async fn a_booking_is_found_once_by_its_best_match_whole_words_before_prefixes() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 20).await;
    let with = |name: &str, others: &[&str]| {
        let mut req = request(dep, 1 + others.len() as u32, 0, name);
        req.participants = std::iter::once(name)
            .chain(others.iter().copied())
            .map(|n| ParticipantInput {
                name: n.into(),
                kind: ParticipantKind::Adult,
                ..Default::default()
            })
            .collect();
        req
    };
    // the contact's surname only starts with the query, a participant's is it
    let family = core
        .book(&with("Смирнова Анна", &["Смирнов Пётр", "Смирнова Ольга"]))
        .await
        .unwrap();
    let newer = core.book(&with("Смирновский Олег", &[])).await.unwrap();
    let newest = core.book(&with("Ольга Смирнова", &[])).await.unwrap();
    set_created_at(&db.pool, &family.booking_number, 30).await;
    set_created_at(&db.pool, &newer.booking_number, 20).await;
    set_created_at(&db.pool, &newest.booking_number, 10).await;

    let found = core.find("Смирнов", 20).await.unwrap();
    assert_eq!(
        numbers(&found),
        [
            family.booking_number.as_str(),
            newest.booking_number.as_str(),
            newer.booking_number.as_str()
        ]
    );
    let ranks: Vec<(i32, SearchMatch, &str)> = found
        .iter()
        .map(|f| (f.rank, f.matched, f.matched_text.as_str()))
        .collect();
    assert_eq!(
        ranks,
        [
            (5, SearchMatch::Participant, "Смирнов Пётр"),
            (6, SearchMatch::Name, "Ольга Смирнова"),
            (6, SearchMatch::Name, "Смирновский Олег"),
        ]
    );
    // two words, any order: both whole on the contact beats both as prefixes
    let found = core.find("ольга смирнова", 20).await.unwrap();
    assert_eq!(
        numbers(&found),
        [newest.booking_number.as_str(), family.booking_number.as_str()]
    );
    assert_eq!(
        (found[0].matched, found[1].matched),
        (SearchMatch::Name, SearchMatch::Participant)
    );
    assert_eq!(found[1].matched_text, "Смирнова Ольга");
}

#[tokio::test]
async fn the_search_follows_names_changed_removed_and_moved() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 20).await;
    let later = db.departure(&core, 24 * 5, 20).await;
    let mut req = request(dep, 2, 0, "Петров Иван");
    req.participants = ["Петров Иван", "Сидорова Мария"]
        .into_iter()
        .map(|n| ParticipantInput {
            name: n.into(),
            kind: ParticipantKind::Adult,
            ..Default::default()
        })
        .collect();
    let b = core.book(&req).await.unwrap();
    let number = b.booking_number.as_str();
    let maria = b.participants[1].id;
    let hits = |text: &'static str| {
        let core = &core;
        async move {
            numbers(&core.find(text, 20).await.unwrap())
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(hits("Сидорова").await, [number]);

    let renamed = ParticipantChange {
        name: Some("Кузнецова Мария".into()),
        ..Default::default()
    };
    core.change_participant(number, maria, &renamed, Uuid::now_v7())
        .await
        .unwrap();
    assert!(hits("Сидорова").await.is_empty(), "the old name is gone");
    assert_eq!(hits("Kuznetsova").await, [number]);

    let contact = ContactChange {
        name: Some("Орлов Иван".into()),
        ..Default::default()
    };
    core.change_contact(number, &contact, Uuid::now_v7()).await.unwrap();
    // the participant who was the contact keeps the old name: still found, by it
    let found = core.find("Петров", 20).await.unwrap();
    assert_eq!((found.len(), found[0].matched), (1, SearchMatch::Participant));
    assert_eq!(core.find("Орлов", 20).await.unwrap()[0].matched, SearchMatch::Name);

    core.remove_person(number, maria, Uuid::now_v7()).await.unwrap();
    assert!(
        hits("Кузнецова").await.is_empty(),
        "a removed person is no longer found"
    );

    core.move_booking(&MoveRequest::new(number, later, MoveReason::Operator), Uuid::now_v7())
        .await
        .unwrap();
    let found = core.find("Орлов", 20).await.unwrap();
    assert_eq!((found.len(), found[0].departure_id), (1, later));
    assert_name_words_follow_the_rows(&db.pool).await;
}
