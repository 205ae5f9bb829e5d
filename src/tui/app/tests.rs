//! The app's own keys and states, without a terminal or a database.

use super::*;
use crate::domain::ErrorCode;
use crate::tui::action::{Action, Cmd, Session, UiError};
use crate::tui::testing::{self, code, ctrl, key, press_app};
use crate::tui::theme;
use crate::tui::view;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use std::time::{Duration, Instant};

fn app() -> App {
    let config = Config {
        lang: Lang::En,
        device: "front-desk-1".into(),
        tz: testing::TZ,
        currency: Some(crate::domain::money::Currency::RUB),
        idle_lock: Duration::from_secs(300),
    };
    App::new(config, testing::now(), (100, 30))
}

fn type_pin(app: &mut App, pin: &str) -> Vec<Cmd> {
    for c in pin.chars() {
        press_app(app, key(c));
    }
    press_app(app, code(KeyCode::Enter))
}

fn logged_in(role: Role) -> App {
    let mut app = app();
    type_pin(&mut app, "222222");
    app.update(Action::LoggedIn(Ok(Session {
        name: "Елена Морозова".into(),
        role,
        offline: false,
        staff: None,
    })));
    app
}

fn render(app: &App) -> ratatui::buffer::Buffer {
    testing::draw(app.size.0, app.size.1, |area, buf| view::render(app, area, buf))
}

#[test]
fn a_pin_and_enter_ask_the_runtime_to_log_in() {
    let mut app = app();
    let cmds = type_pin(&mut app, "222222");
    assert!(matches!(cmds.as_slice(), [Cmd::Login(pin)] if pin == "222222"));
    assert!(matches!(app.screen, Screen::Login { busy: true, .. }));
    // keys are ignored while the PIN is being checked
    assert!(press_app(&mut app, code(KeyCode::Enter)).is_empty());
}

#[test]
fn each_role_starts_on_its_own_pane() {
    assert_eq!(logged_in(Role::Guide).pane, PaneId::CheckIn);
    assert_eq!(logged_in(Role::Desk).pane, PaneId::Walkin);
    assert_eq!(logged_in(Role::Manager).pane, PaneId::Departures);
    assert_eq!(logged_in(Role::Desk).screen, Screen::Main);
}

#[test]
fn a_wrong_pin_says_so_and_clears() {
    let mut app = app();
    type_pin(&mut app, "9999");
    app.update(Action::LoggedIn(Err(UiError {
        code: ErrorCode::NotFound,
        message: "no staff member has this PIN".into(),
    })));
    assert!(matches!(&app.screen, Screen::Login { pin, error: true, busy: false, .. } if pin.is_empty()));
    assert!(testing::text(&render(&app)).contains("Wrong PIN"));
}

#[test]
fn a_notifiers_pin_is_refused_its_session_ended_and_the_pin_screen_says_why() {
    use crate::tui::action::SessionEnd;
    // the words wherever the PIN box wraps them
    let flat = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    for (lang_key, words) in [(None, "notificationworkers"), (Some('L'), "PINслужбырассылки")] {
        let mut app = app();
        if let Some(k) = lang_key {
            press_app(&mut app, code(KeyCode::Char(k)));
        }
        type_pin(&mut app, "444444");
        let out = app.update(Action::LoggedIn(Ok(Session {
            name: "Рассылка".into(),
            role: Role::Notifier,
            offline: false,
            staff: None,
        })));
        assert!(out.iter().any(|c| matches!(c, Cmd::Logout)), "{out:?}");
        assert!(matches!(
            &app.screen,
            Screen::Login { pin, busy: false, error: false, ended: Some(SessionEnd::NoScreen), .. } if pin.is_empty()
        ));
        assert!(app.session.is_none());
        let text = testing::text(&render(&app));
        assert!(flat(&text).contains(words), "{text}");
    }
}

#[test]
fn login_while_the_database_is_gone_shows_offline() {
    let mut app = app();
    type_pin(&mut app, "222222");
    app.update(Action::LoggedIn(Err(UiError {
        code: ErrorCode::DbUnavailable,
        message: "pool timed out".into(),
    })));
    assert_eq!(app.conn.state, ConnState::Offline);
    let notice = &app.notice.as_ref().expect("a notice").0;
    assert_eq!(notice.level, Level::Error);
    assert!(notice.text.contains("does not answer"), "{}", notice.text);
}

#[test]
fn digits_and_function_keys_switch_panes_a_role_may_open() {
    let mut desk = logged_in(Role::Desk);
    press_app(&mut desk, key('1'));
    assert_eq!(desk.pane, PaneId::Departures);
    press_app(&mut desk, code(KeyCode::F(4)));
    assert_eq!(desk.pane, PaneId::Waitlist);
    // the dashboard is the manager's
    press_app(&mut desk, key('6'));
    assert_eq!(desk.pane, PaneId::Waitlist);
    assert!(desk.notice.as_ref().unwrap().0.text.contains("may not"));

    let mut guide = logged_in(Role::Guide);
    press_app(&mut guide, key('3'));
    assert_eq!(guide.pane, PaneId::CheckIn, "a guide does not sell");
    let mut manager = logged_in(Role::Manager);
    press_app(&mut manager, key('6'));
    assert_eq!(manager.pane, PaneId::Dashboard);
}

#[test]
fn a_click_on_a_tab_switches_to_it() {
    let mut app = logged_in(Role::Manager);
    let (x, _, _) = view::tab_layout(app.text, app.size.0, app.pane)[3];
    app.update(Action::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x + 2,
        row: view::TABS_ROW,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.pane, PaneId::Waitlist);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = logged_in(Role::Manager);
    assert!(matches!(press_app(&mut app, key('q')).as_slice(), [Cmd::Quit]));
    assert!(app.quit);
    let mut app = logged_in(Role::Manager);
    assert!(matches!(press_app(&mut app, ctrl('c')).as_slice(), [Cmd::Quit]));
    // on the login screen too
    let mut app = self::app();
    press_app(&mut app, key('1'));
    assert!(matches!(press_app(&mut app, ctrl('c')).as_slice(), [Cmd::Quit]));
}

/// A clerk quitting in the middle of a sale: the held seats are let go
/// first, not left held for every other desk until the hold runs out.
#[test]
fn quitting_with_seats_held_asks_and_releases_them_first() {
    use crate::domain::HoldId;
    use crate::service::HoldReleased;
    use crate::tui::panes::walkin::{self, Call, HeldSeats, HoldState};
    let held = |app: &mut App| {
        app.panes.walkin.hold = HoldState::Active(HeldSeats {
            id: HoldId(41),
            expires_at: testing::now() + chrono::TimeDelta::minutes(10),
        });
    };
    for lang in [Lang::En, Lang::Ru] {
        let mut app = logged_in(Role::Desk);
        app.config.lang = lang;
        app.text = lang.text();
        held(&mut app);
        // q asks; n (т on a Russian layout) keeps the seats and the kiosk
        assert!(press_app(&mut app, key('q')).is_empty());
        assert_eq!(app.quitting, Quitting::Asking);
        let buf = render(&app);
        let ask = app.text.common.quit_prompt.split('?').next().unwrap();
        let at = testing::find(&buf, ask).unwrap_or_else(|| panic!("{}", testing::text(&buf)));
        assert_eq!(
            (at.1, testing::bg(&buf, at)),
            (app.size.1 - 1, ratatui::style::Color::Yellow),
            "on the footer, in yellow"
        );
        assert!(press_app(&mut app, key('т')).is_empty());
        assert_eq!((app.quitting, app.quit), (Quitting::No, false));
        assert!(matches!(app.panes.walkin.hold, HoldState::Active(_)));
    }
    // Ctrl-C asks too; y releases and quits once the server answers
    let mut app = logged_in(Role::Desk);
    held(&mut app);
    press_app(&mut app, ctrl('c'));
    assert_eq!(app.quitting, Quitting::Asking);
    let cmds = press_app(&mut app, key('y'));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Call(PaneCall::Walkin(Call::Release(HoldId(41)))))),
        "{cmds:?}"
    );
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Later(_, Timer::Quit))), "{cmds:?}");
    assert!(!app.quit, "not before the release is answered");
    let cmds = app.update(Action::Pane(PaneMsg::Walkin(walkin::Msg::Released(
        HoldId(41),
        Ok(HoldReleased::AllotmentKept),
    ))));
    assert!(matches!(cmds.as_slice(), [Cmd::Quit]), "{cmds:?}");
    // a release that never answers: the timer quits anyway
    let mut app = logged_in(Role::Desk);
    held(&mut app);
    press_app(&mut app, key('q'));
    press_app(&mut app, code(KeyCode::Enter));
    assert!(!app.quit);
    assert!(matches!(
        app.update(Action::Timer(Timer::Quit, Instant::now())).as_slice(),
        [Cmd::Quit]
    ));
    // no seats held: q quits at once, as before
    let mut app = logged_in(Role::Desk);
    assert!(matches!(press_app(&mut app, key('q')).as_slice(), [Cmd::Quit]));
}

/// A clerk who reads Russian switches on the PIN screen, without a start
/// flag; the choice is remembered for this device and switches back in help.
#[test]
fn l_switches_the_language_on_the_pin_screen_and_in_help() {
    let mut app = self::app();
    press_app(&mut app, key('1'));
    let cmds = press_app(&mut app, key('L'));
    assert!(matches!(cmds.as_slice(), [Cmd::RememberLang(Lang::Ru)]), "{cmds:?}");
    assert_eq!(app.config.lang, Lang::Ru);
    assert!(testing::text(&render(&app)).contains("Введите PIN"));
    // the digit typed before is still there: the PIN goes on
    press_app(&mut app, key('2'));
    assert!(matches!(&app.screen, Screen::Login { pin, .. } if pin == "12"));
    let mut app = logged_in(Role::Desk);
    press_app(&mut app, key('?'));
    // д is L on a Russian layout
    for (k, lang) in [('l', Lang::Ru), ('д', Lang::En)] {
        let cmds = press_app(&mut app, key(k));
        assert!(
            matches!(cmds.as_slice(), [Cmd::RememberLang(l)] if *l == lang),
            "{cmds:?}"
        );
        assert!(app.help, "help stays open");
        assert!(testing::text(&render(&app)).contains(lang.text().common.help_close));
    }
    // outside help and the PIN screen, l is a pane's key, not a switch
    press_app(&mut app, code(KeyCode::Esc));
    assert!(
        !press_app(&mut app, key('l'))
            .iter()
            .any(|c| matches!(c, Cmd::RememberLang(_)))
    );
}

#[test]
fn question_mark_shows_help_and_esc_closes_it() {
    let mut app = logged_in(Role::Manager);
    press_app(&mut app, key('?'));
    assert!(app.help);
    assert!(testing::text(&render(&app)).contains("switch screen"));
    press_app(&mut app, key('3'));
    assert_eq!(
        app.pane,
        PaneId::Departures,
        "keys do not reach the pane under the help"
    );
    press_app(&mut app, code(KeyCode::Esc));
    assert!(!app.help);
}

#[test]
fn help_fits_80x24_in_both_languages() {
    for lang in [Lang::En, Lang::Ru] {
        for (role, pane) in [
            (Role::Guide, '5'),
            (Role::Manager, '1'),
            (Role::Desk, '4'),
            (Role::Desk, '7'),
        ] {
            let mut app = logged_in(role);
            app.config.lang = lang;
            app.text = lang.text();
            app.size = (80, 24);
            press_app(&mut app, key(pane));
            // (the check-in pane would take a quick `?` for a scanner's)
            app.help = true;
            let buf = render(&app);
            let text = testing::text(&buf);
            // the last global key and the box's bottom line both show
            assert!(text.contains("Ctrl-L"), "{text}");
            assert!(text.contains(app.text.common.help_close), "{text}");
            // every word of every description is there, none cut at the border
            let keys = match app.pane {
                PaneId::CheckIn => app.text.checkin.keys,
                PaneId::Waitlist => app.text.waitlist.keys,
                PaneId::Bookings => app.text.bookings.keys,
                _ => app.text.departures.keys,
            };
            for (_, what) in keys {
                for word in what.split(' ') {
                    assert!(text.contains(word), "{word:?} missing in\n{text}");
                }
            }
        }
    }
}

#[test]
fn the_header_drops_the_device_before_cutting_the_name() {
    let mut app = logged_in(Role::Manager);
    app.config.lang = Lang::Ru;
    app.text = Lang::Ru.text();
    app.size = (200, 50);
    let head = |app: &App| {
        testing::text(&render(app))
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        head(&app).contains("front-desk-1 · Елена Морозова (менеджер)"),
        "{}",
        head(&app)
    );
    app.size = (80, 24);
    let line = head(&app);
    assert!(line.contains("· Елена Морозова (менеджер)  "), "{line}");
    assert!(!line.contains("front-desk-1"), "{line}");
    app.session = Some(Session {
        name: "Александра Константинопольская-Щербакова".into(),
        role: Role::Manager,
        offline: false,
        staff: None,
    });
    let line = head(&app);
    // the app's name gives way too, then the name is cut
    assert!(
        line.starts_with(" Александра Константинопольская-Щерб…  01.12"),
        "{line}"
    );
}

#[test]
fn the_kiosk_locks_itself_after_the_idle_time() {
    let mut app = logged_in(Role::Desk);
    press_app(&mut app, key('1'));
    let later = testing::now() + chrono::TimeDelta::seconds(299);
    app.update(Action::Tick(later, Instant::now()));
    assert_eq!(app.screen, Screen::Main);
    let cmds = app.update(Action::Tick(later + chrono::TimeDelta::seconds(2), Instant::now()));
    assert!(matches!(app.screen, Screen::Login { locked: true, .. }));
    assert!(testing::text(&render(&app)).contains("Locked after inactivity"));
    // the session ends on the server with the lock
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Logout)), "{cmds:?}");
    // the same clerk comes back to where she was
    type_pin(&mut app, "222222");
    app.update(Action::LoggedIn(Ok(Session {
        name: "Елена Морозова".into(),
        role: Role::Desk,
        offline: false,
        staff: None,
    })));
    assert_eq!(app.pane, PaneId::Departures);
    // Ctrl-L locks at once, and ends the session too; a notice naming a
    // booking and a sum is not left for whoever logs in next
    app.notice = Some((
        crate::tui::panes::Notice {
            level: crate::tui::panes::Level::Success,
            text: "Took 19 000.00 RUB for TD-6TGEJA".into(),
        },
        app.now,
    ));
    let cmds = press_app(&mut app, ctrl('l'));
    assert!(matches!(app.screen, Screen::Login { locked: true, .. }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Logout)), "{cmds:?}");
    assert!(app.notice.is_none());
    assert!(!testing::text(&render(&app)).contains("TD-6TGEJA"));
}

#[test]
fn a_locked_kiosk_does_not_quit_to_the_shell() {
    let mut app = logged_in(Role::Desk);
    press_app(&mut app, ctrl('l'));
    assert!(press_app(&mut app, key('q')).is_empty());
    assert!(press_app(&mut app, ctrl('c')).is_empty());
    assert!(!app.quit);
    // a stop signal still ends it cleanly
    assert!(matches!(app.update(Action::Terminate).as_slice(), [Cmd::Quit]));
    assert!(app.quit);
}

#[test]
fn another_person_unlocking_starts_afresh_with_their_role() {
    let mut app = logged_in(Role::Manager);
    press_app(&mut app, key('6'));
    press_app(&mut app, ctrl('l'));
    type_pin(&mut app, "111111");
    app.update(Action::LoggedIn(Ok(Session {
        name: "Дмитрий Соколов".into(),
        role: Role::Guide,
        offline: false,
        staff: None,
    })));
    assert_eq!(app.pane, PaneId::CheckIn);
    assert_eq!(app.role(), Role::Guide);
}

#[test]
fn connection_state_follows_the_pings() {
    let mut app = logged_in(Role::Desk);
    app.update(Action::Health(Ok(Duration::from_millis(3))));
    assert_eq!(app.conn.state, ConnState::Online);
    let down = || {
        Action::Health(Err(UiError {
            code: ErrorCode::DbUnavailable,
            message: "timeout".into(),
        }))
    };
    app.update(down());
    assert_eq!(app.conn.state, ConnState::Reconnecting);
    app.update(down());
    assert_eq!(app.conn.state, ConnState::Offline);
    let buf = render(&app);
    let at = testing::find(&buf, "OFFLINE").expect("OFFLINE in the header");
    assert_eq!(testing::bg(&buf, at), theme::OFFLINE);

    app.update(Action::Health(Ok(Duration::from_millis(4))));
    assert_eq!(app.conn.state, ConnState::Online);
    assert!(app.notice.as_ref().unwrap().0.text.contains("Back online"));
    let buf = render(&app);
    let at = testing::find(&buf, "ONLINE").expect("ONLINE in the header");
    assert_eq!(testing::bg(&buf, at), theme::ONLINE);
    assert!(testing::text(&buf).contains("4.0 ms"));
}

#[test]
fn an_unchanged_ping_does_not_redraw() {
    let mut app = logged_in(Role::Desk);
    app.update(Action::Health(Ok(Duration::from_micros(3_210))));
    app.dirty = false;
    app.update(Action::Health(Ok(Duration::from_micros(3_240))));
    assert!(!app.dirty, "3.2 ms either way: nothing on screen changed");
    app.update(Action::Health(Ok(Duration::from_micros(3_900))));
    assert!(app.dirty, "3.9 ms is shown");
    app.dirty = false;
    app.update(Action::Tick(
        testing::now() + chrono::TimeDelta::seconds(30),
        Instant::now(),
    ));
    assert!(!app.dirty, "the clock shows minutes");
    app.update(Action::Tick(
        testing::now() + chrono::TimeDelta::seconds(61),
        Instant::now(),
    ));
    assert!(app.dirty);
}

#[test]
fn pasted_text_goes_into_the_field_being_typed() {
    let mut app = logged_in(Role::Manager);
    app.update(Action::Pane(crate::tui::panes::PaneMsg::Departures(
        crate::tui::panes::departures::Msg::Loaded(Ok(vec![testing::departure(1, "Avacha Bay", 5, 20, 3, 0)])),
    )));
    press_app(&mut app, key('a'));
    assert!(app.panes.typing(PaneId::Departures), "the add form takes text");
    app.update(Action::Paste("Mutnovsky volcano\n".into()));
    assert!(testing::text(&render(&app)).contains("Mutnovsky volcano"));
    assert!(
        !app.quit && app.pane == PaneId::Departures,
        "no key of the text acted as a command"
    );
}

#[test]
fn latency_shows_tenths_below_ten_milliseconds() {
    assert_eq!(latency_text(Duration::from_micros(420)), "0.4");
    assert_eq!(latency_text(Duration::from_micros(9_940)), "9.9");
    assert_eq!(latency_text(Duration::from_millis(23)), "23");
}

#[test]
fn too_small_a_window_asks_to_be_enlarged() {
    let mut app = logged_in(Role::Desk);
    app.update(Action::Resize(70, 20));
    assert!(testing::text(&render(&app)).contains("Enlarge the window"));
    app.update(Action::Resize(80, 24));
    assert!(!testing::text(&render(&app)).contains("Enlarge"));
}

#[test]
fn login_screen() {
    let mut app = app();
    app.size = (80, 24);
    press_app(&mut app, key('1'));
    press_app(&mut app, key('2'));
    insta::assert_snapshot!(testing::text(&render(&app)));
}

#[test]
fn login_screen_in_russian() {
    let mut app = app();
    app.text = Lang::Ru.text();
    app.config.lang = Lang::Ru;
    app.size = (80, 24);
    app.update(Action::Health(Ok(Duration::from_millis(2))));
    insta::assert_snapshot!(testing::text(&render(&app)));
}

/// A real ticket code: signed, 139 characters.
fn ticket_code() -> String {
    use crate::ticket::payload::{TicketClaims, TicketKind};
    let claims = TicketClaims {
        kind: TicketKind::Group,
        key_id: 1,
        ticket_id: 4_321,
        departure_id: 17,
        day: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    };
    let code = claims.sign(&ed25519_dalek::SigningKey::from_bytes(&[7; 32])).unwrap();
    assert_eq!(code.len(), crate::ticket::payload::CODE_LEN);
    code
}

/// The screen as a phone sees it: light glyph halves white, the rest black,
/// `PX`×`PX` pixels per half block (rqrr misses codes at 2).
fn photo(buf: &ratatui::buffer::Buffer) -> image::DynamicImage {
    const PX: u32 = 4;
    let (w, h) = (buf.area.width as u32, buf.area.height as u32);
    let mut img = image::GrayImage::new(w * PX, h * 2 * PX);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (cx, cy) = (x / PX, y / PX);
        let light = match buf[(cx as u16, (cy / 2) as u16)].symbol() {
            "█" => true,
            "▀" => cy % 2 == 0,
            "▄" => cy % 2 == 1,
            _ => false,
        };
        *p = image::Luma([if light { 255 } else { 0 }]);
    }
    image::DynamicImage::ImageLuma8(img)
}

#[test]
fn a_full_screen_qr_fits_80x24_and_scans() {
    let code = ticket_code();
    for size in [(80, 24), (200, 50)] {
        let mut app = logged_in(Role::Desk);
        app.size = size;
        let mut out = Outbox {
            fullscreen_qr: Some(code.clone()),
            ..Outbox::default()
        };
        out.cmds.clear();
        app.apply(out);
        let buf = render(&app);
        let text = testing::text(&buf);
        // nothing but the code: no header, tabs or footer
        assert!(!text.contains("tourdesk") && !text.contains("Walk-in"), "{text}");
        assert_eq!(
            crate::ticket::decode::decode_image(&photo(&buf)),
            vec![code.clone()],
            "at {size:?}"
        );
    }
}

#[test]
fn any_key_closes_the_full_screen_qr_and_does_nothing_else() {
    let mut app = logged_in(Role::Desk);
    app.fullscreen_qr = Some(ticket_code());
    let cmds = press_app(&mut app, key('q'));
    assert!(cmds.is_empty() && !app.quit, "q closes the QR, it does not quit");
    assert_eq!(app.fullscreen_qr, None);
    assert_eq!(app.pane, PaneId::Walkin);
    assert!(testing::text(&render(&app)).contains("Walk-in"));
    // a locked kiosk shows no ticket
    app.fullscreen_qr = Some(ticket_code());
    let later = app.now + chrono::TimeDelta::seconds(301);
    app.update(Action::Tick(later, Instant::now()));
    assert!(matches!(app.screen, Screen::Login { .. }));
    assert_eq!(app.fullscreen_qr, None);
}

/// The server ended the session under a half-typed form: the kiosk locks
/// itself back to the PIN screen saying why (no error in the pane), ends the
/// runtime's core, and the same PIN finds the form as it was.
#[test]
fn an_expired_session_locks_back_to_the_pin_screen_keeping_the_form() {
    use crate::tui::action::SessionEnd;
    use crate::tui::panes::{PaneMsg, departures};
    let mut app = logged_in(Role::Manager);
    app.size = (80, 24);
    press_app(&mut app, key('a'));
    for c in "Khalaktyr".chars() {
        press_app(&mut app, key(c));
    }
    let typed = |app: &App| match &app.panes.departures.modal {
        Some(departures::Modal::Add(f)) => f.values[0].clone(),
        other => panic!("the add form is gone: {other:?}"),
    };
    assert_eq!(typed(&app), "Khalaktyr");
    let cmds = app.update(Action::Pane(PaneMsg::Departures(departures::Msg::Added(Err(
        UiError {
            code: ErrorCode::SessionExpired,
            message: "the session has ended (expired)".into(),
        },
    )))));
    assert!(
        matches!(
            app.screen,
            Screen::Login {
                locked: true,
                ended: Some(SessionEnd::Expired),
                ..
            }
        ),
        "{:?}",
        app.screen
    );
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Logout)), "{cmds:?}");
    assert!(app.notice.is_none(), "no error notice: {:?}", app.notice);
    let buf = render(&app);
    let screen = testing::text(&buf);
    assert!(screen.contains("Your session ended"), "{screen}");
    let at = testing::find(&buf, "Your session ended").unwrap();
    assert_eq!(testing::fg(&buf, at), ratatui::style::Color::Yellow);
    insta::assert_snapshot!(screen);
    // a stale answer after the lock changes nothing
    app.update(Action::Pane(PaneMsg::Departures(departures::Msg::Loaded(Err(
        UiError {
            code: ErrorCode::SessionExpired,
            message: "the session has ended".into(),
        },
    )))));
    assert!(matches!(
        app.screen,
        Screen::Login {
            ended: Some(SessionEnd::Expired),
            ..
        }
    ));

    // the same manager logs in again: the form is still there, the reason gone
    type_pin(&mut app, "2222");
    app.update(Action::LoggedIn(Ok(Session {
        name: "Елена Морозова".into(),
        role: Role::Manager,
        offline: false,
        staff: None,
    })));
    assert_eq!(app.screen, Screen::Main);
    assert_eq!(typed(&app), "Khalaktyr");
}

/// The other two refusals of a session, in Russian: an unknown session
/// (AUTH_REQUIRED) from a background refresh, and a revoked device — which
/// the next login hears too.
#[test]
fn an_unknown_session_and_a_revoked_device_say_so_in_russian() {
    use crate::tui::action::SessionEnd;
    use crate::tui::panes::{PaneMsg, occupancy};
    let mut app = logged_in(Role::Desk);
    app.text = Lang::Ru.text();
    app.config.lang = Lang::Ru;
    app.size = (80, 24);
    press_app(&mut app, key('2'));
    app.update(Action::Pane(PaneMsg::Occupancy(occupancy::Msg::One(
        crate::domain::DepartureId(1),
        Err(UiError {
            code: ErrorCode::AuthRequired,
            message: "log in first".into(),
        }),
    ))));
    assert!(matches!(
        app.screen,
        Screen::Login {
            ended: Some(SessionEnd::Unknown),
            ..
        }
    ));
    assert!(testing::text(&render(&app)).contains("Сервер не знает этот сеанс"));

    type_pin(&mut app, "2222");
    app.update(Action::LoggedIn(Err(UiError {
        code: ErrorCode::DeviceRevoked,
        message: "this device was revoked".into(),
    })));
    assert!(matches!(
        app.screen,
        Screen::Login {
            ended: Some(SessionEnd::DeviceRevoked),
            busy: false,
            ..
        }
    ));
    let buf = render(&app);
    let at = testing::find(&buf, "Менеджер отозвал").unwrap();
    assert_eq!(testing::fg(&buf, at), ratatui::style::Color::Yellow);
    insta::assert_snapshot!(testing::text(&buf));
}
