//! What the guide sees, at 80×21 (an 80×24 terminal) and 200×47.

use super::*;
use crate::tui::panes::checkin::{Modal, Panel, view};
use crate::tui::strings::Lang;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 21), (200, 47)];

fn draw(s: &State, w: u16, h: u16) -> Buffer {
    draw_in(s, w, h, Lang::En)
}

fn draw_in(s: &State, w: u16, h: u16, lang: Lang) -> Buffer {
    let ctx = testing::ctx_in(Role::Guide, lang);
    testing::draw(w, h, |area, buf| view::render(s, &ctx, area, buf))
}

/// The first cell of big letters in the verdict panel (the left 45 %): a
/// block-element glyph, which nothing else there draws.
fn big_letter(buf: &Buffer) -> Option<(u16, u16)> {
    let area = buf.area;
    (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.width * 45 / 100).map(move |x| (x, y)))
        .find(|&at| {
            buf[at]
                .symbol()
                .chars()
                .next()
                .is_some_and(|c| ('\u{2580}'..='\u{259F}').contains(&c))
        })
}

fn with(v: Verdict) -> State {
    let mut s = loaded();
    let mut out = Outbox::default();
    s.update(
        &guide(),
        Msg::CheckedIn(Uuid::nil(), Ok(Box::new(checked(v)))),
        &mut out,
    );
    s
}

#[test]
fn admitted_with_attention_flags() {
    let s = with(admitted());
    for (w, h) in SIZES {
        let buf = draw(&s, w, h);
        insta::assert_snapshot!(format!("admitted_{w}x{h}"), testing::text(&buf));
        let at = testing::find(&buf, "ADMITTED").expect("the word");
        assert_eq!(testing::bg(&buf, at), theme::ADMITTED);
        assert_eq!(
            testing::bg(&buf, (0, at.1 + 3)),
            theme::ADMITTED,
            "a tall block, not one line"
        );
        assert!(testing::find(&buf, "asthma").is_some());
        assert!(testing::find(&buf, "UNPAID: 4 500.00 RUB").is_some());
        let big = big_letter(&buf).expect("big letters");
        assert!(big.1 < at.1, "the big letters stand above the plain word");
        assert_eq!(testing::fg(&buf, big), Color::Black, "black letters…");
        assert_eq!(testing::bg(&buf, big), theme::ADMITTED, "…on green");
    }
}

#[test]
fn already_checked_in_says_when_and_where() {
    let s = with(already());
    for (w, h) in SIZES {
        let buf = draw(&s, w, h);
        insta::assert_snapshot!(format!("already_{w}x{h}"), testing::text(&buf));
        let at = testing::find(&buf, "ALREADY CHECKED IN").expect("the words");
        assert_eq!(testing::bg(&buf, at), theme::ALREADY);
        assert!(testing::find(&buf, "Smith John: in at 06:48").is_some());
    }
}

#[test]
fn rejected_says_why() {
    let wrong = with(wrong_departure());
    let early = with(Verdict::TooEarly {
        booking_number: "TD-ZZ8877".into(),
        departure_id: DEP,
        tour: "Avacha Volcano".into(),
        starts_at: testing::now() + TimeDelta::hours(5),
        time_zone: testing::TZ.name().into(),
        opens_at: testing::now() + TimeDelta::hours(2),
    });
    let junk = with(Verdict::Malformed {
        reason: "not base32".into(),
    });
    for (name, s) in [("wrong_departure", &wrong), ("too_early", &early), ("malformed", &junk)] {
        for (w, h) in SIZES {
            let buf = draw(s, w, h);
            insta::assert_snapshot!(format!("rejected_{name}_{w}x{h}"), testing::text(&buf));
            let at = testing::find(&buf, "REJECTED").expect("the word");
            assert_eq!(testing::bg(&buf, at), theme::REJECTED);
        }
    }
}

#[test]
fn manifest_states_and_counts() {
    let s = loaded();
    for (w, h) in SIZES {
        let buf = draw(&s, w, h);
        insta::assert_snapshot!(format!("ready_{w}x{h}"), testing::text(&buf));
        assert!(
            testing::find(&buf, "2 / 7 in").is_some(),
            "cancelled bookings do not count"
        );
        let tick = testing::find(&buf, "✓ 06:48").expect("who is in, and when");
        assert_eq!(testing::fg(&buf, tick), theme::ADMITTED);
        let (x, y) = testing::find(&buf, "A no-show").expect("a no-show in the manifest");
        let no_show = (x + 2, y);
        assert_eq!(testing::fg(&buf, no_show), theme::REJECTED);
    }
}

#[test]
fn the_search_field() {
    let mut s = loaded();
    s.modal = Modal::Search;
    s.query = "smi".into();
    s.selected = 1;
    for (w, h) in SIZES {
        let buf = draw(&s, w, h);
        insta::assert_snapshot!(format!("search_{w}x{h}"), testing::text(&buf));
        assert!(testing::find(&buf, "Kim Lee").is_none(), "filtered out");
    }
}

#[test]
fn checking_and_a_long_manifest_scrolled() {
    let mut s = loaded();
    let mut m = manifest();
    m.rows = (0..400)
        .map(|i| {
            row(
                1000 + i,
                "TD-4455AA",
                &format!("Person {i:03}"),
                ParticipantKind::Adult,
                ManifestState::Expected,
                None,
            )
        })
        .collect();
    m.expected = 400;
    m.admitted = 0;
    m.no_shows = 0;
    s.manifest = Some(m);
    s.selected = 250;
    s.offset = 245;
    s.panel = Panel::Checking(code('A'));
    let buf = draw(&s, 80, 21);
    insta::assert_snapshot!("checking_scrolled_80x21", testing::text(&buf));
    assert!(testing::find(&buf, "Person 250").is_some());
    let at = testing::find(&buf, "CHECKING").expect("checking");
    assert_eq!(testing::bg(&buf, at), theme::ACCENT);
}

#[test]
fn in_russian() {
    let s = with(admitted());
    for (w, h) in SIZES {
        let buf = draw_in(&s, w, h, Lang::Ru);
        insta::assert_snapshot!(format!("admitted_ru_{w}x{h}"), testing::text(&buf));
        let at = testing::find(&buf, "ПРОХОДИТЕ").expect("the plain word under the big one");
        let big = big_letter(&buf).expect("big Cyrillic letters");
        assert!(big.1 < at.1, "the big letters stand above the plain word");
        assert_eq!(testing::fg(&buf, big), Color::Black);
        assert_eq!(testing::bg(&buf, big), theme::ADMITTED);
    }
}

#[test]
fn the_undo_question_after_a_group_scan() {
    let mut group = admitted();
    if let Verdict::Admitted { admitted, .. } = &mut group {
        admitted.push(crate::booking::Admission {
            participant_id: Some(ParticipantId(22)),
            name: "Ivanov Petr".into(),
            kind: Some(ParticipantKind::Child),
            attention: Default::default(),
        });
    }
    let mut s = with(group);
    testing::press_bound(&mut s, &guide(), testing::key('u'));
    testing::press_bound(&mut s, &guide(), testing::key('o'));
    assert!(matches!(s.modal, Modal::Undo(_)));
    for (w, h) in SIZES {
        let buf = draw(&s, w, h);
        insta::assert_snapshot!(format!("undo_{w}x{h}"), testing::text(&buf));
        let (x, y) = testing::find(&buf, "Undo the check-in of Ivanova Maria").expect("the title");
        assert_eq!(testing::fg(&buf, (x - 2, y)), theme::ALREADY, "a yellow frame");
        assert!(testing::find(&buf, "Ivanov Petr").is_some(), "whose: both admitted");
        assert!(testing::find(&buf, "1 scanned by mistake").is_some());
        let (x, y) = testing::find(&buf, "Reason: o▏").expect("the reason typed");
        assert_eq!(testing::fg(&buf, (x, y)), theme::ACCENT);
    }
}

#[test]
fn the_payment_form_over_an_unpaid_admission() {
    let mut s = with(admitted());
    testing::press_bound(&mut s, &testing::desk(), testing::key('m'));
    testing::press_bound(&mut s, &testing::desk(), testing::code(crossterm::event::KeyCode::Down));
    for (w, h) in SIZES {
        let buf = draw(&s, w, h);
        insta::assert_snapshot!(format!("pay_{w}x{h}"), testing::text(&buf));
        let due = testing::find(&buf, "Due: 4 500.00 RUB").expect("the balance");
        assert_eq!(testing::fg(&buf, due), theme::REJECTED);
        let card = testing::find(&buf, "[card]").expect("card chosen");
        assert!(buf[card].modifier.contains(ratatui::style::Modifier::REVERSED));
        assert!(testing::find(&buf, "Amount: 4500 RUB▏").is_some());
        assert!(testing::find(&buf, "Slip no.:").is_some());
    }
}
