//! "MISSING n" in the kiosk's header on every pane: asked when a roll-call
//! changes (LISTEN/NOTIFY) and again as time passes, with no key pressed.

use super::*;
use crate::booking::MissingDeparture;
use crate::domain::DepartureId;
use crate::tui::action::{Action, Cmd, Session};
use crate::tui::panes::{PaneCall, occupancy};
use crate::tui::testing;
use crate::tui::theme;
use crate::tui::view;
use std::time::{Duration, Instant};

fn desk() -> App {
    let config = Config {
        lang: Lang::En,
        device: "front-desk-1".into(),
        tz: testing::TZ,
        currency: Some(crate::domain::money::Currency::RUB),
        idle_lock: Duration::from_secs(3600),
    };
    let mut app = App::new(config, testing::now(), (80, 24));
    app.update(Action::LoggedIn(Ok(Session {
        name: "Olga".into(),
        role: Role::Desk,
        offline: false,
        staff: None,
    })));
    app.update(Action::Health(Ok(Duration::from_millis(3))));
    app
}

fn asks_missing(cmds: &[Cmd]) -> bool {
    cmds.iter()
        .any(|c| matches!(c, Cmd::Call(PaneCall::Occupancy(occupancy::Call::Missing))))
}

fn missing(n: i64) -> Action {
    Action::Pane(PaneMsg::Occupancy(occupancy::Msg::Missing(Ok(vec![
        MissingDeparture {
            departure_id: DepartureId(3),
            tour: "Avacha".into(),
            starts_at: testing::now() - chrono::TimeDelta::hours(9),
            missing: n,
        },
    ]))))
}

#[test]
fn a_roll_call_change_asks_who_is_missing_whatever_the_pane() {
    let mut app = desk();
    for pane in [PaneId::Walkin, PaneId::Departures, PaneId::Bookings] {
        let mut out = Outbox::default();
        app.goto(pane, &mut out);
        let cmds = app.update(Action::RollcallChanged(DepartureId(3)));
        assert!(asks_missing(&cmds), "on {pane:?}");
    }
}

#[test]
fn time_passing_asks_again_with_no_key() {
    let mut app = desk();
    let later = app.now + occupancy::MISSING_EVERY;
    let cmds = app.update(Action::Tick(later, Instant::now()));
    assert!(asks_missing(&cmds));
    let cmds = app.update(Action::Tick(later + chrono::TimeDelta::seconds(1), Instant::now()));
    assert!(!asks_missing(&cmds), "not every second");
}

#[test]
fn the_header_shows_missing_in_red_on_every_pane() {
    let mut app = desk();
    app.update(missing(2));
    for pane in [PaneId::Walkin, PaneId::CheckIn, PaneId::Occupancy] {
        let mut out = Outbox::default();
        app.goto(pane, &mut out);
        let buf = testing::draw(80, 24, |area, buf| view::render(&app, area, buf));
        let at = testing::find(&buf, "MISSING 2").expect("in the header");
        assert_eq!(at.1, 0, "the header's line");
        assert_eq!(testing::bg(&buf, at), theme::MISSING);
        assert!(testing::find(&buf, "ONLINE").is_some(), "the connection still shows");
    }
    app.update(Action::Pane(PaneMsg::Occupancy(occupancy::Msg::Missing(Ok(vec![])))));
    let buf = testing::draw(80, 24, |area, buf| view::render(&app, area, buf));
    assert!(testing::find(&buf, "MISSING").is_none());
}
