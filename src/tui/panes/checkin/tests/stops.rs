//! Check-in per pickup stop: `s` narrows the manifest to the people of one
//! stop of the departure's pickup run, in route order, then all again; at
//! 80×21 and 200×47 with the stop and its time in the header.

use super::*;
use crate::booking::{PickupGroup, PickupManifest, PickupParty};
use crate::domain::PickupPointId;
use crate::tui::panes::checkin::{Confirm, Modal, Stop, view};
use crate::tui::strings::Lang;
use crate::tui::testing::{key, press_bound};
use crate::tui::theme;

fn party(booking: &str) -> PickupParty {
    PickupParty {
        booking_number: booking.into(),
        contact_name: String::new(),
        contact_phone: String::new(),
        adults: 1,
        children: 0,
        names: Vec::new(),
        unpaid_minor: 0,
        currency: "RUB".into(),
    }
}

fn stop(id: Option<i64>, name: &str, minutes_before: i64, bookings: &[&str]) -> PickupGroup {
    PickupGroup {
        pickup_point_id: id.map(PickupPointId),
        position: id.map(|i| i as i32),
        name: id.map(|_| name.to_string()),
        pickup_at: id.map(|_| manifest().starts_at - TimeDelta::minutes(minutes_before)),
        active: true,
        adults: bookings.len() as i32,
        children: 0,
        unpaid_minor: 0,
        parties: bookings.iter().map(|b| party(b)).collect(),
    }
}

/// The Smiths and Kim at the first hotel, the Ivanovs at the second, a third
/// stop nobody chose, Petrova straight to the meeting point.
fn run() -> PickupManifest {
    let m = manifest();
    PickupManifest {
        departure_id: DEP,
        tour: m.tour,
        starts_at: m.starts_at,
        time_zone: m.time_zone,
        stops: vec![
            stop(Some(1), "Hotel Avacha", 40, &["TD-3HA4MW", "TD-ZZ8877"]),
            stop(Some(2), "Гостиница Петропавловск", 25, &["TD-7KX9PQ"]),
            stop(Some(3), "Airport", 10, &[]),
            stop(None, "", 0, &["TD-9QWE2R", "TD-CANCEL"]),
        ],
    }
}

fn with_run() -> State {
    let mut s = loaded();
    testing::answer(&mut s, &guide(), Msg::Pickups(DEP, Ok(Some(Box::new(run())))));
    s
}

fn names(s: &State) -> Vec<String> {
    let m = s.manifest.as_ref().unwrap();
    s.visible().iter().map(|&i| m.rows[i].name.clone()).collect()
}

#[test]
fn the_run_is_asked_with_the_manifest() {
    let mut s = State::default();
    let out = testing::answer(
        &mut s,
        &guide(),
        Msg::Departures(Ok(vec![testing::departure(DEP.0, "Avacha Volcano", 1, 20, 8, 0)])),
    );
    assert!(matches!(
        all_calls(&out.cmds)[..],
        [Call::Manifest(DEP), Call::Pickups(DEP)]
    ));
    // and again with every reload of the manifest (a booking changed its stop)
    testing::answer(&mut s, &guide(), Msg::Manifest(DEP, Ok(Box::new(manifest()))));
    let out = testing::answer(&mut s, &guide(), Msg::Pickups(DEP, Ok(Some(Box::new(run())))));
    assert!(all_calls(&out.cmds).is_empty());
    let mut out = Outbox::default();
    s.check_ins_changed(&guide(), DEP, true, &mut out);
    assert!(matches!(
        all_calls(&out.cmds)[..],
        [Call::Manifest(DEP), Call::Pickups(DEP)]
    ));
}

#[test]
fn s_goes_through_the_stops_in_route_order_then_all() {
    let mut s = with_run();
    let ctx = guide();
    assert_eq!(names(&s).len(), 8);
    press_bound(&mut s, &ctx, key('s'));
    assert_eq!(s.stop, Some(Stop::Point(PickupPointId(1))));
    assert_eq!(names(&s), ["Smith John", "Smith Jane", "Smith Tom", "Kim Lee"]);
    press_bound(&mut s, &ctx, key('s'));
    assert_eq!(names(&s), ["Ivanova Maria", "Ivanov Petr"]);
    // the stop nobody chose is skipped; those without a pickup come last
    press_bound(&mut s, &ctx, key('s'));
    assert_eq!(s.stop, Some(Stop::NoPickup));
    assert_eq!(names(&s), ["Петрова Анна", "Gone Away"]);
    press_bound(&mut s, &ctx, key('s'));
    assert_eq!(s.stop, None);
    assert_eq!(names(&s).len(), 8);
    // the Russian layout's key in the same place
    press_bound(&mut s, &ctx, key('ы'));
    assert_eq!(s.stop, Some(Stop::Point(PickupPointId(1))));
}

#[test]
fn search_works_inside_the_stop() {
    let mut s = with_run();
    let ctx = guide();
    press_bound(&mut s, &ctx, key('s'));
    s.query = "smith t".into();
    assert_eq!(names(&s), ["Smith Tom"]);
    // Ivanova is not at this stop
    s.query = "ivanova".into();
    assert!(names(&s).is_empty());
}

#[test]
fn everyone_at_a_stop_is_only_that_stops_people() {
    let mut s = with_run();
    let ctx = guide();
    press_bound(&mut s, &ctx, key('s'));
    press_bound(&mut s, &ctx, key('e'));
    // waiting there: Smith Tom and Kim Lee, not the Ivanovs of stop 2
    assert_eq!(
        s.modal,
        Modal::Confirm(Confirm::Everyone {
            bookings: vec!["TD-3HA4MW".into(), "TD-ZZ8877".into()],
            people: 2,
        })
    );
}

#[test]
fn without_stops_s_says_so_and_narrows_nothing() {
    let ctx = guide();
    // offline: no run at all
    let mut s = loaded();
    testing::answer(&mut s, &ctx, Msg::Pickups(DEP, Ok(None)));
    let out = press_bound(&mut s, &ctx, key('s'));
    assert!(out.notice.is_some_and(|n| n.text == ctx.text.checkin.no_stops));
    assert_eq!((s.stop, names(&s).len()), (None, 8));
    // a tour without pickups: everyone in the "no pickup" group
    let mut plain = run();
    plain.stops = vec![stop(None, "", 0, &["TD-3HA4MW"])];
    testing::answer(&mut s, &ctx, Msg::Pickups(DEP, Ok(Some(Box::new(plain)))));
    let out = press_bound(&mut s, &ctx, key('s'));
    assert!(out.notice.is_some());
    assert_eq!(s.stop, None);
}

#[test]
fn a_stop_emptied_meanwhile_shows_all_again() {
    let mut s = with_run();
    let ctx = guide();
    press_bound(&mut s, &ctx, key('s'));
    press_bound(&mut s, &ctx, key('s'));
    assert_eq!(s.stop, Some(Stop::Point(PickupPointId(2))));
    // the Ivanovs moved to the first stop at the desk
    let mut moved = run();
    moved.stops[1].parties.clear();
    moved.stops[0].parties.push(party("TD-7KX9PQ"));
    testing::answer(&mut s, &ctx, Msg::Pickups(DEP, Ok(Some(Box::new(moved)))));
    assert_eq!(s.stop, None);
    assert_eq!(names(&s).len(), 8);
    // another departure forgets the stop and the run
    let mut other = with_run();
    press_bound(&mut other, &ctx, key('s'));
    other.focus_departure(&ctx, DepartureId(8), &mut Outbox::default());
    assert_eq!((other.stop, other.pickups.is_none()), (None, true));
}

#[test]
fn the_header_names_the_stop_and_its_time() {
    let mut s = with_run();
    let ctx = guide();
    for (w, h) in [(80, 21), (200, 47)] {
        let buf = testing::draw(w, h, |area, buf| view::render(&s, &ctx, area, buf));
        insta::assert_snapshot!(format!("stops_all_{w}x{h}"), testing::text(&buf));
        assert!(testing::find(&buf, "all 3 stops").is_some());
    }
    press_bound(&mut s, &ctx, key('s'));
    press_bound(&mut s, &ctx, key('s'));
    for (w, h) in [(80, 21), (200, 47)] {
        let buf = testing::draw(w, h, |area, buf| view::render(&s, &ctx, area, buf));
        insta::assert_snapshot!(format!("stop_two_{w}x{h}"), testing::text(&buf));
        // 25 minutes before the 07:45 start
        let at = testing::find(&buf, "stop 2 of 3: 07:20 Гостиница").expect("the stop in the header");
        assert_eq!(testing::bg(&buf, at), theme::ALREADY);
        assert!(testing::find(&buf, "0 / 2 in at this stop").is_some());
        assert!(testing::find(&buf, "Smith John").is_none(), "another stop's people");
        assert!(testing::find(&buf, "Ivanova Maria").is_some());
    }
    let ru = testing::ctx_in(Role::Guide, Lang::Ru);
    let buf = testing::draw(80, 21, |area, buf| view::render(&s, &ru, area, buf));
    insta::assert_snapshot!("stop_two_ru_80x21", testing::text(&buf));
    assert!(testing::find(&buf, "остановка 2 из 3").is_some());
}
