//! Recurring schedules: a rule's departures across DST changes and a year
//! boundary (checked against chrono-tz's own arithmetic, not against the
//! server's), re-applying and racing applies, skips and edits that never
//! change a sold departure, idempotent keys, roles, and a generated
//! departure that sells exactly like a hand-added one.

use super::*;
use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;
use tourdesk::booking::{NewDeparture, NewSchedule, ScheduleEdit};
use tourdesk::domain::pricing::{PricingRule, RuleKind};
use tourdesk::domain::states::ScheduleSlot;
use tourdesk::domain::{ErrorCode, ScheduleId};

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn today_in(tz: Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

fn rule(tour: &str, days: &[i16], times: &[NaiveTime], from: NaiveDate, to: NaiveDate, tz: Tz) -> NewSchedule {
    NewSchedule {
        tour: tour.into(),
        days: days.to_vec(),
        times: times.to_vec(),
        from,
        to,
        time_zone: tz,
        capacity: 12,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
        guide: None,
        resources: Vec::new(),
    }
}

const DAILY: &[i16] = &[1, 2, 3, 4, 5, 6, 7];

/// The last Sunday of `month` in the first year where it is more than
/// three days ahead: a DST change in Europe (March: 02:00 → 03:00, October:
/// 03:00 → 02:00).
fn next_last_sunday(month: u32) -> NaiveDate {
    let today = Utc::now().date_naive();
    (today.year()..=today.year() + 1)
        .map(|y| {
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, month + 1, 1)
            };
            let mut d = next.unwrap().pred_opt().unwrap();
            while d.weekday() != Weekday::Sun {
                d = d.pred_opt().unwrap();
            }
            d
        })
        .find(|d| *d > today + Duration::days(3))
        .unwrap()
}

/// Days from today until `day` and a little more: a horizon that reaches it.
fn horizon_to(day: NaiveDate) -> u32 {
    ((day - Utc::now().date_naive()).num_days() + 3) as u32
}

/// The starts chrono-tz computes for a rule (the test's own oracle): each
/// local date in the range on one of the days, at each time, in the zone.
fn expected_starts(r: &NewSchedule) -> BTreeSet<DateTime<Utc>> {
    let mut out = BTreeSet::new();
    let mut d = r.from;
    while d <= r.to {
        if r.days.contains(&(d.weekday().number_from_monday() as i16)) {
            for t in &r.times {
                let local = r.time_zone.from_local_datetime(&d.and_time(*t)).earliest();
                out.insert(local.expect("a time that exists").with_timezone(&Utc));
            }
        }
        d = d.succ_opt().unwrap();
    }
    out
}

/// (id, starts_at, status) of a rule's departures, earliest first.
async fn departures_of(pool: &PgPool, schedule: ScheduleId) -> Vec<(i64, DateTime<Utc>, String)> {
    sqlx::query_as("select id, starts_at, status from departures where schedule_id = $1 order by starts_at")
        .bind(schedule.0)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn starts_of(pool: &PgPool, schedule: ScheduleId) -> BTreeSet<DateTime<Utc>> {
    departures_of(pool, schedule).await.into_iter().map(|d| d.1).collect()
}

async fn status_of(pool: &PgPool, departure: i64) -> String {
    sqlx::query_scalar("select status from departures where id = $1")
        .bind(departure)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_rule_makes_its_departures_once_priced_as_it_says_and_audited() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let from = today_in(tz) + Duration::days(2);
    let r = rule(
        "Avachinsky volcano",
        &[1, 3, 5],
        &[at(7, 0), at(13, 0)],
        from,
        from + Duration::days(27),
        tz,
    );
    let added = core.add_schedule(&r, Uuid::now_v7()).await.unwrap();
    assert!(added.tour_created && !added.replayed);
    let id = added.schedule_id;
    assert!(
        departures_of(&db.pool, id).await.is_empty(),
        "adding a rule makes no departure"
    );

    let expected = expected_starts(&r);
    assert!(
        expected.len() >= 22,
        "four weeks of mon/wed/fri twice a day: {}",
        expected.len()
    );
    let preview = core.preview_schedule(id, 90).await.unwrap();
    assert!(
        preview
            .iter()
            .all(|s| s.slot == ScheduleSlot::Create && s.departure_id.is_none())
    );
    assert_eq!(preview.iter().map(|s| s.starts_at).collect::<BTreeSet<_>>(), expected);

    let first = core.apply_schedule(id, 90, Uuid::now_v7()).await.unwrap();
    assert_eq!(
        (first.created as usize, first.existing, first.skipped),
        (expected.len(), 0, 0)
    );
    assert_eq!(starts_of(&db.pool, id).await, expected);
    // a second run (another key) makes nothing more
    let again = core.apply_schedule(id, 90, Uuid::now_v7()).await.unwrap();
    assert_eq!((again.created, again.existing as usize), (0, expected.len()));
    assert_eq!(departures_of(&db.pool, id).await.len(), expected.len());
    let preview = core.preview_schedule(id, 90).await.unwrap();
    assert!(
        preview
            .iter()
            .all(|s| s.slot == ScheduleSlot::Exists && s.from_rule == Some(true))
    );

    // each departure is what the rule says, in the rule's zone
    let d = core.departure(first.departure_ids[0]).await.unwrap();
    assert_eq!(
        (
            d.capacity,
            d.adult_price_minor,
            d.child_price_minor,
            d.currency.as_str()
        ),
        (12, ADULT_PRICE, CHILD_PRICE, "RUB")
    );
    assert_eq!(
        (d.time_zone.as_str(), d.meeting_point.as_str(), d.tour.as_str()),
        ("Asia/Kamchatka", "Pier 3", "Avachinsky volcano")
    );

    let row = one_audit(&db.pool, "schedule.added", &core).await;
    assert_eq!(row.details["schedule_id"], id.0);
    assert_eq!(row.details["days"], serde_json::json!([1, 3, 5]));
    let made = audit(&db.pool, "departure.added").await;
    assert_eq!(made.len(), expected.len(), "one audit row per departure made");
    assert!(
        made.iter()
            .all(|a| a.details["schedule_id"] == id.0 && a.device_id == Some(core.actor().device.0))
    );
    assert_eq!(audit(&db.pool, "schedule.applied").await.len(), 2);

    // the list shows the rule with its departures to come
    let listed = core.schedules().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].departures as usize, listed[0].booked_departures),
        (expected.len(), 0)
    );
    assert_eq!(listed[0].next_start, expected.first().copied());
}

#[tokio::test]
async fn seven_oclock_stays_seven_oclock_across_both_dst_changes_in_berlin() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Europe::Berlin;
    for month in [3, 10] {
        let change = next_last_sunday(month);
        let r = rule(
            &format!("Berlin walk {month}"),
            DAILY,
            &[at(7, 0)],
            change - Duration::days(3),
            change + Duration::days(3),
            tz,
        );
        let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
        let applied = core
            .apply_schedule(id, horizon_to(change + Duration::days(3)), Uuid::now_v7())
            .await
            .unwrap();
        assert_eq!(applied.created, 7);
        let starts = starts_of(&db.pool, id).await;
        assert_eq!(starts, expected_starts(&r));
        for s in &starts {
            assert_eq!(s.with_timezone(&tz).time(), at(7, 0), "{s} in Berlin");
        }
        // and the instant did move: 06:00 UTC in winter, 05:00 UTC in summer
        let utc_hours: Vec<u32> = starts.iter().map(|s| s.hour()).collect();
        let (before, after) = if month == 3 { (6, 5) } else { (5, 6) };
        assert_eq!(utc_hours, [vec![before; 3], vec![after; 4]].concat(), "month {month}");
    }
}

#[tokio::test]
async fn a_time_missing_on_the_spring_change_day_is_shown_shifted() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Europe::Berlin;
    let change = next_last_sunday(3);
    let r = rule("Night tram", &[7], &[at(2, 30)], change - Duration::days(7), change, tz);
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let slots = core.preview_schedule(id, horizon_to(change)).await.unwrap();
    assert_eq!(slots.len(), 2);
    assert!(!slots[0].shifted);
    assert_eq!(slots[0].starts_at.with_timezone(&tz).time(), at(2, 30));
    // 02:30 does not exist that night: the start is 03:30 and says so
    assert!(slots[1].shifted, "{:?}", slots[1]);
    assert_eq!(slots[1].local_start, change.and_time(at(2, 30)));
    assert_eq!(slots[1].starts_at.with_timezone(&tz).time(), at(3, 30));
}

#[tokio::test]
async fn kamchatka_has_no_dst_and_a_rule_crosses_the_year() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    // the same week as Europe's spring change: nothing moves in Kamchatka
    let change = next_last_sunday(3);
    let r = rule(
        "Geyser valley",
        DAILY,
        &[at(7, 0)],
        change - Duration::days(3),
        change + Duration::days(3),
        tz,
    );
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    core.apply_schedule(id, horizon_to(change + Duration::days(3)), Uuid::now_v7())
        .await
        .unwrap();
    let starts = starts_of(&db.pool, id).await;
    assert_eq!(starts, expected_starts(&r));
    assert!(
        starts.iter().all(|s| s.hour() == 19),
        "07:00 +12 is 19:00 UTC the day before: {starts:?}"
    );

    // across New Year (the next one more than three days ahead), late and
    // early times, on Mondays and Fridays only
    let today = today_in(tz);
    let year = if today.month() == 12 && today.day() > 27 {
        today.year() + 1
    } else {
        today.year()
    };
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 12, 24).unwrap(),
        NaiveDate::from_ymd_opt(year + 1, 1, 10).unwrap(),
    );
    let r = rule("New Year rafting", &[1, 5], &[at(0, 15), at(23, 30)], from, to, tz);
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    core.apply_schedule(id, horizon_to(to), Uuid::now_v7()).await.unwrap();
    let starts = starts_of(&db.pool, id).await;
    let expected: BTreeSet<_> = expected_starts(&r).into_iter().filter(|s| *s > Utc::now()).collect();
    assert_eq!(starts, expected);
    let years: BTreeSet<i32> = starts.iter().map(|s| s.with_timezone(&tz).year()).collect();
    assert_eq!(years, BTreeSet::from([year, year + 1]), "both sides of the boundary");
    for s in &starts {
        let local = s.with_timezone(&tz);
        assert!(matches!(local.weekday(), Weekday::Mon | Weekday::Fri), "{local}");
        assert!([at(0, 15), at(23, 30)].contains(&local.time()), "{local}");
    }
}

#[tokio::test]
async fn racing_applies_make_each_start_once() {
    let db = TestDb::with_pool(12).await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let from = today_in(tz) + Duration::days(1);
    let r = rule(
        "Mutnovsky volcano",
        DAILY,
        &[at(6, 0), at(9, 0), at(12, 0)],
        from,
        from + Duration::days(59),
        tz,
    );
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let core = core.clone();
            tokio::spawn(async move { core.apply_schedule(id, 90, Uuid::now_v7()).await.unwrap() })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        let a = t.await.unwrap();
        assert_eq!(a.created + a.existing, 180, "every apply sees every start: {a:?}");
        created += a.created;
    }
    assert_eq!(created, 180, "the starts were made once between them");
    assert_eq!(starts_of(&db.pool, id).await, expected_starts(&r));
    let dupes: i64 = sqlx::query_scalar(
        "select count(*) from (select starts_at from departures where schedule_id = $1
                                 group by starts_at having count(*) > 1) x",
    )
    .bind(id.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(dupes, 0);
}

#[tokio::test]
async fn a_key_replays_its_first_answer_and_refuses_another_request() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let from = today_in(tz) + Duration::days(1);
    let r = rule(
        "Khalaktyr beach",
        &[6],
        &[at(10, 0)],
        from,
        from + Duration::days(30),
        tz,
    );
    let key = Uuid::now_v7();
    let first = core.add_schedule(&r, key).await.unwrap();
    let again = core.add_schedule(&r, key).await.unwrap();
    assert_eq!(
        (again.schedule_id, again.tour_created, again.replayed),
        (first.schedule_id, true, true)
    );
    assert_eq!(core.schedules().await.unwrap().len(), 1, "no second rule");
    let other = NewSchedule {
        capacity: 13,
        ..r.clone()
    };
    assert_eq!(code(core.add_schedule(&other, key).await), "IDEMPOTENCY_CONFLICT");

    let id = first.schedule_id;
    let key = Uuid::now_v7();
    let applied = core.apply_schedule(id, 90, key).await.unwrap();
    assert!(applied.created > 0);
    let replayed = core.apply_schedule(id, 90, key).await.unwrap();
    assert_eq!(
        (replayed.created, replayed.departure_ids.clone(), replayed.replayed),
        (applied.created, applied.departure_ids.clone(), true)
    );
    assert_eq!(code(core.apply_schedule(id, 60, key).await), "IDEMPOTENCY_CONFLICT");
    assert_eq!(
        audit(&db.pool, "schedule.applied").await.len(),
        1,
        "a replay writes nothing"
    );
}

#[tokio::test]
async fn skipping_a_date_cancels_its_unsold_departures_and_lists_the_sold_ones() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let from = today_in(tz) + Duration::days(2);
    let r = rule(
        "Vilyuchinsky waterfall",
        DAILY,
        &[at(9, 0), at(15, 0)],
        from,
        from + Duration::days(9),
        tz,
    );
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    let day = from + Duration::days(3);
    let on_day: Vec<_> = departures_of(&db.pool, id)
        .await
        .into_iter()
        .filter(|d| d.1.with_timezone(&tz).date_naive() == day)
        .collect();
    assert_eq!(on_day.len(), 2);
    let (morning, afternoon) = (on_day[0].0, on_day[1].0);
    core.book(&request(DepartureId(afternoon), 2, 0, "Anna Sold"))
        .await
        .unwrap();

    let s = core.skip_schedule_date(id, day, Uuid::now_v7()).await.unwrap();
    assert!(!s.already);
    assert_eq!(
        s.cancelled.iter().map(|c| c.departure_id.0).collect::<Vec<_>>(),
        [morning]
    );
    assert_eq!(
        s.kept.iter().map(|k| (k.departure_id.0, k.booked)).collect::<Vec<_>>(),
        [(afternoon, 2)]
    );
    assert_eq!(status_of(&db.pool, morning).await, "cancelled");
    assert_eq!(status_of(&db.pool, afternoon).await, "scheduled");
    db.assert_consistent(DepartureId(afternoon)).await;
    assert_eq!(audit(&db.pool, "departure.cancelled").await.len(), 1);
    assert_eq!(
        one_audit(&db.pool, "schedule.skipped", &core).await.details["date"],
        day.to_string()
    );

    // the preview says skipped there; applying again makes nothing on that day
    let slots = core.preview_schedule(id, 30).await.unwrap();
    let skipped: Vec<_> = slots.iter().filter(|x| x.slot == ScheduleSlot::Skipped).collect();
    assert_eq!(skipped.len(), 2);
    assert!(skipped.iter().all(|x| x.local_start.date() == day));
    let a = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!((a.created, a.skipped), (0, 2));

    // skipping it again changes nothing; a past date is refused
    let s = core.skip_schedule_date(id, day, Uuid::now_v7()).await.unwrap();
    assert!(s.already && s.cancelled.is_empty());
    assert_eq!(s.kept.len(), 1, "the sold departure is listed again");
    let past = today_in(tz) - Duration::days(1);
    assert_eq!(
        code(core.skip_schedule_date(id, past, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(core.skip_schedule_date(ScheduleId(999_999), day, Uuid::now_v7()).await),
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn an_added_date_gets_the_rules_times_outside_its_days() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let from = today_in(tz) + Duration::days(1);
    // Sundays only; then one Wednesday added, beyond the range too
    let r = rule(
        "Sunday sea kayaks",
        &[7],
        &[at(8, 0)],
        from,
        from + Duration::days(13),
        tz,
    );
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let mut wednesday = from + Duration::days(20);
    while wednesday.weekday() != Weekday::Wed {
        wednesday = wednesday.succ_opt().unwrap();
    }
    let added = core.add_schedule_date(id, wednesday, Uuid::now_v7()).await.unwrap();
    assert!(!added.was_skipped);
    let slots = core.preview_schedule(id, 40).await.unwrap();
    let extra: Vec<_> = slots.iter().filter(|s| s.added).collect();
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0].local_start, wednesday.and_time(at(8, 0)));
    core.apply_schedule(id, 40, Uuid::now_v7()).await.unwrap();
    let mut expected = expected_starts(&r);
    expected.insert(
        tz.from_local_datetime(&wednesday.and_time(at(8, 0)))
            .unwrap()
            .with_timezone(&Utc),
    );
    assert_eq!(starts_of(&db.pool, id).await, expected);
    assert_eq!(
        one_audit(&db.pool, "schedule.date_added", &core).await.details["date"],
        wednesday.to_string()
    );
}

#[tokio::test]
async fn an_edit_changes_unsold_departures_and_lists_the_sold_ones_unchanged() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let from = today_in(tz) + Duration::days(2);
    let r = rule(
        "Avacha Bay boat trip",
        DAILY,
        &[at(9, 0)],
        from,
        from + Duration::days(6),
        tz,
    );
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    let all = departures_of(&db.pool, id).await;
    assert_eq!(all.len(), 7);
    let sold = DepartureId(all[2].0);
    let held = DepartureId(all[4].0);
    core.book(&request(sold, 2, 1, "Boris Sold")).await.unwrap();
    core.hold(held, party(1, 0), None).await.unwrap();

    // new capacity and adult price: the unsold follow, the two with seats do not
    let edit = ScheduleEdit {
        capacity: Some(20),
        adult_price_minor: Some(800_000),
        ..ScheduleEdit::default()
    };
    let key = Uuid::now_v7();
    let e = core.edit_schedule(id, &edit, key).await.unwrap();
    assert_eq!(e.revision, 2);
    assert_eq!(e.updated.len(), 5);
    assert!(e.cancelled.is_empty());
    let kept: Vec<_> = e
        .kept
        .iter()
        .map(|k| (k.departure_id, k.in_rule, k.differs.clone()))
        .collect();
    let differs = vec!["capacity".to_string(), "adult_price".to_string()];
    assert_eq!(kept, [(sold, true, differs.clone()), (held, true, differs)]);
    for id in &e.updated {
        let d = core.departure(*id).await.unwrap();
        assert_eq!(
            (d.capacity, d.adult_price_minor, d.child_price_minor),
            (20, 800_000, CHILD_PRICE)
        );
    }
    for id in [sold, held] {
        let d = core.departure(id).await.unwrap();
        assert_eq!(
            (d.capacity, d.adult_price_minor),
            (12, ADULT_PRICE),
            "a sold departure is never changed"
        );
        db.assert_consistent(id).await;
    }
    assert_eq!(audit(&db.pool, "departure.changed").await.len(), 5);
    // the same key again: the same answer, nothing done twice
    let again = core.edit_schedule(id, &edit, key).await.unwrap();
    assert!(again.replayed);
    assert_eq!((again.revision, again.updated.clone()), (2, e.updated.clone()));
    assert_eq!(
        code(
            core.edit_schedule(
                id,
                &ScheduleEdit {
                    capacity: Some(21),
                    ..edit.clone()
                },
                key
            )
            .await
        ),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(
        code(core.edit_schedule(id, &ScheduleEdit::default(), Uuid::now_v7()).await),
        "INVALID_INPUT"
    );

    // 09:00 becomes 10:00: the unsold 09:00 departures are cancelled, the
    // sold ones stay (listed as no longer in the rule), apply makes 10:00
    let e = core
        .edit_schedule(
            id,
            &ScheduleEdit {
                times: Some(vec![at(10, 0)]),
                ..ScheduleEdit::default()
            },
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!((e.revision, e.updated.len(), e.cancelled.len()), (3, 0, 5));
    assert_eq!(
        e.kept.iter().map(|k| (k.departure_id, k.in_rule)).collect::<Vec<_>>(),
        [(sold, false), (held, false)]
    );
    assert_eq!(status_of(&db.pool, sold.0).await, "scheduled");
    let a = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!(a.created, 7);
    for d in a.departure_ids {
        let d = core.departure(d).await.unwrap();
        assert_eq!(d.starts_at.with_timezone(&tz).time(), at(10, 0));
        assert_eq!(
            (d.capacity, d.adult_price_minor),
            (20, 800_000),
            "made by the edited rule"
        );
    }
}

#[tokio::test]
async fn a_generated_departure_sells_exactly_like_a_hand_added_one() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    core.add_pricing_rule(&PricingRule {
        kind: RuleKind::GroupDiscount { min_party: 3 },
        tour_id: None,
        percent: 10,
        description: "groups of 3+".into(),
    })
    .await
    .unwrap();
    let tz = chrono_tz::Asia::Kamchatka;
    let day = today_in(tz) + Duration::days(5);
    let r = rule("Dog sledding", DAILY, &[at(11, 0)], day, day, tz);
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let generated = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap().departure_ids[0];
    // the same tour by hand, an hour later, with the same prices
    let (by_hand, _) = core
        .add_departure(&NewDeparture {
            tour: "Dog sledding".into(),
            starts_at: tz
                .from_local_datetime(&day.and_time(at(12, 0)))
                .unwrap()
                .with_timezone(&Utc),
            time_zone: tz,
            capacity: 12,
            adult_price_minor: ADULT_PRICE,
            child_price_minor: CHILD_PRICE,
            currency: "RUB".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .unwrap();
    let now = Utc::now();
    let q_gen = core.quote(generated, party(3, 1), now).await.unwrap();
    let q_hand = core.quote(by_hand, party(3, 1), now).await.unwrap();
    assert_eq!(q_gen, q_hand);
    assert!(
        q_gen.total_minor < q_gen.subtotal_minor,
        "the group discount applied: {q_gen:?}"
    );
    let b = core.book(&request(generated, 3, 1, "Vera Generated")).await.unwrap();
    assert_eq!(b.total_minor, q_gen.total_minor);
    assert_eq!(core.availability(generated).await.unwrap().free, 8);
    db.assert_consistent(generated).await;
    db.assert_ledger().await;

    // a hand-added departure at one of the rule's starts is left to itself
    let later = day + Duration::days(1);
    let r2 = rule("Dog sledding", DAILY, &[at(12, 0)], day, later, tz);
    let id2 = core.add_schedule(&r2, Uuid::now_v7()).await.unwrap().schedule_id;
    let slots = core.preview_schedule(id2, 30).await.unwrap();
    assert_eq!(slots.len(), 2);
    assert_eq!(
        (slots[0].slot, slots[0].departure_id, slots[0].from_rule),
        (ScheduleSlot::Exists, Some(by_hand), Some(false))
    );
    assert_eq!(slots[1].slot, ScheduleSlot::Create);
    let a = core.apply_schedule(id2, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!((a.created, a.existing), (1, 1));
}

#[tokio::test]
async fn bad_rules_and_other_roles_are_refused_with_the_reason() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let today = today_in(tz);
    let good = rule(
        "Mutnovsky",
        &[1],
        &[at(7, 0)],
        today + Duration::days(1),
        today + Duration::days(30),
        tz,
    );
    let cases = [
        (
            NewSchedule {
                from: today + Duration::days(40),
                ..good.clone()
            },
            "from",
        ),
        (
            NewSchedule {
                from: today - Duration::days(9),
                to: today - Duration::days(2),
                ..good.clone()
            },
            "to",
        ),
        (
            NewSchedule {
                capacity: 0,
                ..good.clone()
            },
            "capacity",
        ),
        (
            NewSchedule {
                adult_price_minor: -5,
                ..good.clone()
            },
            "price",
        ),
        (
            NewSchedule {
                days: vec![],
                ..good.clone()
            },
            "days",
        ),
        (
            NewSchedule {
                tour: " ".into(),
                ..good.clone()
            },
            "tour",
        ),
        (
            NewSchedule {
                days: vec![8],
                ..good.clone()
            },
            "days",
        ),
    ];
    for (bad, field) in cases {
        let e = core.add_schedule(&bad, Uuid::now_v7()).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{field}: {e}");
        assert!(e.to_string().contains(field), "{field}: {e}");
    }
    assert!(core.schedules().await.unwrap().is_empty());
    let id = core.add_schedule(&good, Uuid::now_v7()).await.unwrap().schedule_id;
    assert_eq!(code(core.apply_schedule(id, 0, Uuid::now_v7()).await), "INVALID_INPUT");
    assert_eq!(
        code(core.apply_schedule(id, 732, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(code(core.preview_schedule(ScheduleId(424_242), 90).await), "NOT_FOUND");

    // a desk clerk reads the rules and may not write them
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    assert_eq!(desk.schedules().await.unwrap().len(), 1);
    assert!(!desk.preview_schedule(id, 90).await.unwrap().is_empty());
    assert_eq!(code(desk.add_schedule(&good, Uuid::now_v7()).await), "FORBIDDEN");
    assert_eq!(code(desk.apply_schedule(id, 90, Uuid::now_v7()).await), "FORBIDDEN");
    assert_eq!(
        code(desk.skip_schedule_date(id, today, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    // …not even by calling the server past the client's check
    let app = db.app_pool(2).await;
    desk_pin_token_refused(&db, &app, id).await;
}

/// The server refuses a desk session's apply itself (the api, not the client).
async fn desk_pin_token_refused(db: &TestDb, app: &PgPool, id: ScheduleId) {
    db.manager()
        .await
        .upsert_staff("Dima Desk", Role::Desk, "5821")
        .await
        .unwrap();
    let token = api_token(app, "5821").await;
    let e = sqlx::query("select api.schedule_apply($1, $2, 90, $3)")
        .bind(&token)
        .bind(id.0)
        .bind(Uuid::now_v7())
        .execute(app)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("FORBIDDEN"), "{e}");
    assert_eq!(departures_of(&db.pool, id).await.len(), 0);
}
