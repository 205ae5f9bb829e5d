//! Verdicts as the core answers them: panel, bell, manifest.

use super::*;
use crate::tui::panes::checkin::Panel;
use chrono::Utc;

/// The core's verdict on a scan, as the pane receives it.
fn verdict(s: &mut State, v: Verdict) -> Outbox {
    testing::answer(s, &guide(), Msg::CheckedIn(Uuid::nil(), Ok(Box::new(checked(v)))))
}

fn refusals() -> Vec<Verdict> {
    let at = testing::now();
    let zone = testing::TZ.name().to_string();
    vec![
        wrong_departure(),
        Verdict::NotToday {
            booking_number: "TD-ZZ8877".into(),
            departure_id: DepartureId(9),
            tour: "Avacha Volcano".into(),
            starts_at: at + TimeDelta::days(2),
            time_zone: zone.clone(),
        },
        Verdict::TooEarly {
            booking_number: "TD-ZZ8877".into(),
            departure_id: DEP,
            tour: "Avacha Volcano".into(),
            starts_at: at + TimeDelta::hours(5),
            time_zone: zone.clone(),
            opens_at: at + TimeDelta::hours(2),
        },
        Verdict::CheckInClosed {
            booking_number: "TD-ZZ8877".into(),
            departure_id: DEP,
            closed_at: at - TimeDelta::minutes(5),
            time_zone: zone,
        },
        Verdict::Cancelled {
            booking_number: "TD-ZZ8877".into(),
            revoked_at: Some(at),
            reason: "refunded".into(),
        },
        Verdict::InvalidSignature { key_id: 3 },
        Verdict::UnknownKey {
            key_id: 9,
            offline: false,
        },
        Verdict::RetiredKey {
            key_id: 1,
            retired_at: Utc::now(),
        },
        Verdict::Malformed {
            reason: "too short".into(),
        },
        Verdict::UnknownTicket { ticket_id: 42 },
    ]
}

#[test]
fn admitted_shows_and_marks_the_manifest_without_a_bell() {
    let mut s = loaded();
    s.checking.push((Uuid::nil(), code('A')));
    let out = verdict(&mut s, admitted());
    assert!(!rang(&out.cmds));
    assert!(s.checking.is_empty());
    assert!(matches!(&s.panel, Panel::Verdict(c, _) if c.verdict.is_admitted()));
    let m = s.manifest.as_ref().unwrap();
    let maria = m
        .rows
        .iter()
        .find(|r| r.participant_id == ParticipantId(21).into())
        .unwrap();
    assert_eq!(maria.state, ManifestState::Admitted, "shown as in before the reload");
    assert_eq!(s.counts(), (3, 7, 1));
    assert!(matches!(calls(&out.cmds)[..], [Call::Manifest(DEP)]), "and reloaded");
}

#[test]
fn already_checked_in_does_not_ring() {
    let mut s = loaded();
    let out = verdict(&mut s, already());
    assert!(!rang(&out.cmds));
    assert!(matches!(&s.panel, Panel::Verdict(c, _) if c.verdict.name() == "already_checked_in"));
}

#[test]
fn every_refusal_rings_and_says_why() {
    let ctx = guide();
    for v in refusals() {
        let mut s = loaded();
        let name = v.name();
        let out = verdict(&mut s, v.clone());
        assert!(rang(&out.cmds), "{name} rings the bell");
        assert!(matches!(&s.panel, Panel::Verdict(_, _)), "{name}");
        for lang in [crate::tui::strings::Lang::En, crate::tui::strings::Lang::Ru] {
            let t = &lang.text().checkin;
            let why = crate::tui::panes::checkin::view::reason_lines(&v, t, &ctx);
            assert!(
                !why.is_empty() && why.iter().all(|l| !l.contains("{}")),
                "{name}: {why:?}"
            );
        }
    }
}

#[test]
fn a_failed_call_is_not_a_verdict_on_the_ticket() {
    let mut s = loaded();
    let mut out = Outbox::default();
    s.update(&guide(), Msg::CheckedIn(Uuid::nil(), Err(offline())), &mut out);
    assert!(rang(&out.cmds));
    assert!(out.offline, "the header turns offline");
    assert!(matches!(&s.panel, Panel::Failed(m) if m.contains("database")));
}

#[test]
fn the_panel_stays_until_the_next_scan() {
    let mut s = loaded();
    verdict(&mut s, wrong_departure());
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Manifest(DEP, Ok(Box::new(manifest()))), &mut out);
    assert!(matches!(&s.panel, Panel::Verdict(_, _)), "a reload keeps it");
    s.update(&guide(), Msg::Pasted(code('F')), &mut out);
    assert!(matches!(&s.panel, Panel::Checking(_)));
    assert_eq!(s.recent.len(), 1);
}
