//! What the manager sees, at 80×21 (an 80×24 terminal) and 200×47, with colours.

use super::*;

fn render(s: &State, c: &Ctx, w: u16, h: u16) -> ratatui::buffer::Buffer {
    draw(w, h, |area, buf| departures::view::render(s, c, area, buf))
}

#[test]
fn list_80x21_and_200x47() {
    let s = opened();
    insta::assert_snapshot!("list_80x21", text(&render(&s, &manager(), 80, 21)));
    insta::assert_snapshot!("list_200x47", text(&render(&s, &manager(), 200, 47)));
    let ru = testing::ctx_in(Role::Manager, Lang::Ru);
    insta::assert_snapshot!("list_ru_80x21", text(&render(&s, &ru, 80, 21)));
    // a rule with nothing made yet stands out
    let buf = render(&s, &manager(), 80, 21);
    let y = find(&buf, "Paratunka").unwrap().1;
    let x = find(&buf, "Ahead").unwrap().0 + 4;
    assert_eq!(buf[(x, y)].symbol(), "0");
    assert_eq!(buf[(x, y)].fg, theme::HELD);
}

#[test]
fn form_80x21() {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('a'));
    msg(
        &mut s,
        Msg::Tours(Ok(vec!["Avachinsky volcano ascent".into(), "Mutnovsky".into()])),
    );
    press(&mut s, &manager(), code(KeyCode::PageDown));
    tab(&mut s, 1);
    typing(&mut s, "135");
    press(&mut s, &manager(), code(KeyCode::Right));
    let buf = render(&s, &manager(), 80, 21);
    insta::assert_snapshot!("form_80x21", text(&buf));
    // days on in the accent colour, off muted
    assert_eq!(fg(&buf, find(&buf, "[Mon]").unwrap()), theme::ACCENT);
    assert_eq!(fg(&buf, find(&buf, " Tue ").unwrap()), theme::MUTED);
    let ru = testing::ctx_in(Role::Manager, Lang::Ru);
    insta::assert_snapshot!("form_ru_80x21", text(&render(&s, &ru, 80, 21)));
}

#[test]
fn preview_80x21_and_200x47_marks_the_shifted_start() {
    let mut s = opened();
    press(&mut s, &manager(), code(KeyCode::Enter));
    msg(&mut s, Msg::Previewed(ScheduleId(3), 90, Ok(slots())));
    let buf = render(&s, &manager(), 80, 21);
    insta::assert_snapshot!("preview_80x21", text(&buf));
    assert_eq!(fg(&buf, find(&buf, "new     ").unwrap()), theme::FREE);
    assert_eq!(fg(&buf, find(&buf, "skipped ").unwrap()), theme::HELD);
    let buf = render(&s, &manager(), 200, 47);
    insta::assert_snapshot!("preview_200x47", text(&buf));
    let shifted = find(&buf, "⚠ no 02:30").expect("the moved start is marked");
    assert_eq!(fg(&buf, shifted), theme::HELD);
    assert!(text(&buf).contains("(DST): starts 03:30"), "{}", text(&buf));
}

#[test]
fn edited_80x21() {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('e'));
    msg(&mut s, Msg::Edited(ScheduleId(3), Ok(edited())));
    insta::assert_snapshot!("edited_80x21", text(&render(&s, &manager(), 80, 21)));
}
