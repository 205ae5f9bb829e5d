//! Every ticket of a booking, the whole way: issued with the booking → PNG
//! → decoded from the picture → signature verified → checked in.

use super::checkin::{departure_at_ten, family};
use super::*;
use tourdesk::booking::{CheckInMethod, CheckInRequest, Verdict};
use tourdesk::ticket::{SignedTicket, TicketKind, decode, render};

#[tokio::test]
async fn issue_print_decode_verify_check_in() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&family(dep)).await.unwrap();
    let key = registered_key(&core).await;
    let tickets = core.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(tickets.len(), 4);
    let dir = common::TempDir::new();
    let mut admitted = Vec::new();
    // participants first, then the group code (which then finds everyone in)
    let mut order: Vec<_> = tickets.iter().collect();
    order.sort_by_key(|t| t.kind == TicketKind::Group);
    for t in order {
        let img = render::ticket_png(
            &t.code,
            &render::TicketText {
                booking_number: t.booking_number.clone(),
                holder: t.holder.clone(),
                tour: t.tour.clone(),
                when: "Departs 10:00".into(),
                meeting_point: t.meeting_point.clone(),
            },
        )
        .unwrap();
        let path = dir.join(format!("{}.png", t.ticket_id));
        render::write_png(&img, &path).unwrap();
        let found = decode::decode_file(&path).unwrap();
        assert_eq!(found, vec![t.code.clone()], "decoded from {}", path.display());
        let parsed = SignedTicket::parse(&found[0]).unwrap();
        assert!(parsed.verify(&key.verifying_key()));
        let mut req = CheckInRequest::scan(&found[0], Some(dep));
        req.method = CheckInMethod::Image;
        req.occurred_at = starts - Duration::minutes(30);
        req.at = Some(req.occurred_at);
        let c = core.check_in(&req).await.unwrap();
        match (&t.kind, &c.verdict) {
            (TicketKind::Participant, Verdict::Admitted { admitted: a, .. }) => {
                assert_eq!(a.len(), 1);
                admitted.push(a[0].name.clone());
            }
            (TicketKind::Group, Verdict::AlreadyCheckedIn { already, .. }) => assert_eq!(already.len(), 3),
            (k, v) => panic!("{k:?} ticket: unexpected {v:?}"),
        }
    }
    assert_eq!(admitted, ["Anna Petrova", "Ivan Petrov", "Masha Petrova"]);
    let methods: Vec<String> = sqlx::query_scalar("select distinct method from check_ins where departure_id = $1")
        .bind(dep.0)
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(methods, ["image"]);
}

#[test]
fn the_terminal_qr_decodes_too() {
    let code = tourdesk::ticket::TicketClaims {
        kind: TicketKind::Participant,
        key_id: 1,
        ticket_id: 77,
        departure_id: 5,
        day: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    }
    .sign(&new_key())
    .unwrap();
    let blocks = render::ticket_unicode(&code).unwrap();
    // what a phone photographs: each character cell is two modules, top and
    // bottom; a block (light on a dark terminal) is a light module
    let rows: Vec<Vec<char>> = blocks.lines().map(|l| l.chars().collect()).collect();
    let (w, h) = (rows[0].len() as u32, rows.len() as u32 * 2);
    let scale = 6;
    let img = image::GrayImage::from_fn(w * scale, h * scale, |x, y| {
        let (cx, cy) = ((x / scale) as usize, (y / scale) as usize);
        let c = rows[cy / 2][cx];
        let top = cy % 2 == 0;
        let light = match c {
            '█' => true,
            '▀' => top,
            '▄' => !top,
            _ => false,
        };
        image::Luma([if light { 255 } else { 0 }])
    });
    let found = decode::decode_image(&image::DynamicImage::ImageLuma8(img));
    assert_eq!(found, vec![code]);
}
