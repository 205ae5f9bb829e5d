//! A field laptop's store written before its words were typed still reads,
//! and what this version writes is byte for byte what that one wrote: the
//! records below are in the shape (field order, words, a participant list's
//! sorted keys) the string-typed structs serialised to.

use super::*;
use crate::booking::{ParticipantInput, VerdictKind};

/// Reads `json` as `T` and writes it back unchanged.
fn same_bytes<T: Serialize + for<'de> Deserialize<'de>>(json: &str) -> T {
    let read: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(serde_json::to_string(&read).unwrap(), json);
    read
}

#[test]
fn a_journalled_group_scan_reads_into_its_words_and_writes_back_the_same() {
    let json = concat!(
        r#"{"kind":"check_in","event_id":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819203","method":"qr","#,
        r#""raw":"TD1AAAA","ticket":[281474976710661,"group",1],"participant":null,"booking":null,"#,
        r#""departure":7,"location":"North gate","occurred_at":"2026-07-10T07:30:00Z","party_limit":null,"#,
        r#""device_verdict":"admitted","device_detail":{"admitted":[{"kind":"adult","name":"Anna"}]},"#,
        r#""admitted":[21,22],"staff":3,"prepared_at":"2026-07-10T05:00:00Z","wall_time":"2026-07-10T07:30:01Z"}"#
    );
    let FieldEntry::CheckIn(c) = same_bytes::<FieldEntry>(json) else {
        panic!("not a check-in")
    };
    assert_eq!(c.method, CheckInMethod::Qr);
    assert_eq!(c.ticket, Some((281474976710661, TicketKind::Group, 1)));
    assert_eq!(c.device_verdict, VerdictKind::Admitted);
}

#[test]
fn every_verdict_and_method_a_journal_may_hold_reads() {
    for &verdict in VerdictKind::ALL {
        for &method in CheckInMethod::ALL {
            let json = format!(
                concat!(
                    r#"{{"kind":"check_in","event_id":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819203","method":"{}","#,
                    r#""raw":"","ticket":null,"participant":21,"booking":null,"departure":null,"location":"","#,
                    r#""occurred_at":"2026-07-10T07:30:00Z","party_limit":2,"device_verdict":"{}","#,
                    r#""device_detail":{{}},"admitted":[],"staff":null}}"#
                ),
                method, verdict
            );
            same_bytes::<FieldEntry>(&json);
        }
    }
}

#[test]
fn a_journalled_offline_sale_reads_its_people_and_payment_and_writes_back_the_same() {
    let json = concat!(
        r#"{"kind":"sale","event_id":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819204","hold":5,"departure":7,"#,
        r#""adults":1,"children":1,"booking_number":"TD-7KX9PQ","confirmation_code":"Q7W2ZP","#,
        r#""contact_name":"Anna","contact_phone":"","special_requests":"","participants":["#,
        r#"{"dietary":"","emergency_contact":"","equipment":"","kind":"adult","medical_notes":"","name":"Anna"},"#,
        r#"{"dietary":"no nuts","emergency_contact":"","equipment":"","kind":"child","medical_notes":"","name":"Anna (guest 2)"}],"#,
        r#""price":{"total_minor":1500},"total_minor":1500,"currency":"RUB","payment_method":"unpaid","#,
        r#""payment_reference":"","occurred_at":"2026-07-10T07:30:00Z","location":"","staff":null}"#
    );
    let FieldEntry::Sale(s) = same_bytes::<FieldEntry>(json) else {
        panic!("not a sale")
    };
    assert_eq!(s.payment_method, PaymentMethod::Unpaid);
    let kinds: Vec<ParticipantKind> = s.participants.iter().map(|p: &ParticipantInput| p.kind).collect();
    assert_eq!(kinds, [ParticipantKind::Adult, ParticipantKind::Child]);
    assert_eq!(s.participants[1].dietary, "no nuts");
    // written before the customer's language was kept: the operator's at sync
    assert_eq!(s.language, None);
}

#[test]
fn a_sale_keeps_its_language_and_a_return_its_sold_people_and_older_entries_read_without() {
    let sale = concat!(
        r#"{"kind":"sale","event_id":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819204","hold":5,"departure":7,"#,
        r#""adults":1,"children":0,"booking_number":"TD-7KX9PQ","confirmation_code":"Q7W2ZP","#,
        r#""contact_name":"Anna","contact_phone":"+79001234567","special_requests":"","participants":["#,
        r#"{"dietary":"","emergency_contact":"","equipment":"","kind":"adult","medical_notes":"","name":"Anna"}],"#,
        r#""price":{"total_minor":1500},"total_minor":1500,"currency":"RUB","payment_method":"cash","#,
        r#""payment_reference":"","occurred_at":"2026-07-10T07:30:00Z","location":"","staff":null,"language":"ru"}"#
    );
    let FieldEntry::Sale(s) = same_bytes::<FieldEntry>(sale) else {
        panic!("not a sale")
    };
    assert_eq!(s.language, Some(super::super::Language::Ru));
    let old_return = concat!(
        r#"{"kind":"return","event_id":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819205","state":"back","departure":7,"#,
        r#""participants":[21],"already":[],"raw":"","note":"","occurred_at":"2026-07-10T17:30:00Z","staff":3}"#
    );
    let FieldEntry::Return(r) = same_bytes::<FieldEntry>(old_return) else {
        panic!("not a return")
    };
    assert!(r.sold.is_empty());
    let with_sold = concat!(
        r#"{"kind":"return","event_id":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819205","state":"back","departure":7,"#,
        r#""participants":[],"sold":[{"sale":"0190a7c2-8d1e-7b3a-9c4d-5e6f70819204","position":1}],"#,
        r#""already":[],"raw":"","note":"","occurred_at":"2026-07-10T17:30:00Z","staff":3}"#
    );
    let FieldEntry::Return(r) = same_bytes::<FieldEntry>(with_sold) else {
        panic!("not a return")
    };
    assert_eq!((r.sold[0].sale, r.sold[0].position), (s.event_id, 1));
}

#[test]
fn a_prepared_participant_reads_with_or_without_a_check_in() {
    let waiting = concat!(
        r#"{"id":21,"booking_id":5,"departure_id":7,"position":1,"name":"Anna","kind":"adult","#,
        r#""medical_notes":"","dietary":"","equipment":"","no_show":false,"checked_in_at":null,"#,
        r#""checked_in_method":"","checked_in_device":"","checked_in_staff":"","checked_in_location":""}"#
    );
    let p = same_bytes::<FieldParticipant>(waiting);
    assert_eq!(
        (p.id, p.booking_id, p.kind, p.checked_in_method),
        (
            ParticipantRef::Server(ParticipantId(21)),
            BookingRef::Server(BookingId(5)),
            ParticipantKind::Adult,
            None
        )
    );
    let in_by_group = concat!(
        r#"{"id":22,"booking_id":5,"departure_id":7,"position":2,"name":"Petr","kind":"child","#,
        r#""medical_notes":"","dietary":"","equipment":"","no_show":false,"checked_in_at":"2026-07-10T07:30:00Z","#,
        r#""checked_in_method":"group","checked_in_device":"gate-1","checked_in_staff":"Olga","checked_in_location":""}"#
    );
    let p = same_bytes::<FieldParticipant>(in_by_group);
    assert_eq!(
        (p.kind, p.checked_in_method),
        (ParticipantKind::Child, Some(AdmissionMethod::Group))
    );
}

#[test]
fn a_prepared_booking_reads_as_the_servers() {
    let json = concat!(
        r#"{"id":5,"booking_number":"TD-7KX9PQ","departure_id":7,"status":"confirmed","ticket_gen":1,"#,
        r#""cancelled_at":null,"contact_name":"Anna","contact_phone":"","special_requests":"","#,
        r#""unpaid_minor":0,"currency":"RUB"}"#
    );
    assert_eq!(same_bytes::<FieldBooking>(json).id, BookingRef::Server(BookingId(5)));
}

/// A person of the laptop's own sale is never stored (the journal's sale is
/// read into them), but shown, and written, by the sale and their place in
/// it: an id-shaped number would pass for the server's.
#[test]
fn an_offline_sales_person_is_written_by_sale_and_position_never_as_an_id() {
    let json = concat!(
        r#"{"id":{"sale":12,"position":2},"booking_id":{"local":12},"departure_id":7,"position":2,"#,
        r#""name":"Anna (guest 2)","kind":"child","medical_notes":"","dietary":"no nuts","equipment":"","#,
        r#""no_show":false,"checked_in_at":"2026-07-10T07:30:00Z","checked_in_method":"bulk","#,
        r#""checked_in_device":"gate-1","checked_in_staff":"Olga","checked_in_location":""}"#
    );
    let p = same_bytes::<FieldParticipant>(json);
    assert_eq!(
        (p.id, p.booking_id, p.id.server()),
        (
            ParticipantRef::Local { sale: 12, position: 2 },
            BookingRef::Local { local: 12 },
            None
        )
    );
}
