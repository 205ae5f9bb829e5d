//! Demo customers: parties of Russian and English-speaking travellers with the
//! contacts, notes and payments a front desk takes down.

use super::names::*;
use super::tours::Kind;
use crate::booking::{ParticipantInput, Payment, PaymentMethod};
use crate::domain::ParticipantKind;
use rand::Rng;
use rand::rngs::StdRng;

/// One party at the desk.
pub struct Customer {
    pub adults: u32,
    pub children: u32,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub special_requests: String,
    /// adults first, the contact person first of all
    pub participants: Vec<ParticipantInput>,
    pub payment: Payment,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return *item;
        }
        n -= w;
    }
    items[items.len() - 1].0
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ru,
    En,
}

/// The demo's e-mail domains: shaped like the providers customers use, under
/// the `.example` top-level domain that RFC 2606 reserves, so no demo
/// confirmation can reach a real mailbox.
pub const DEMO_RU_MAIL: &[&str] = &[
    "mail.example",
    "yandex.example",
    "gmail.example",
    "bk.example",
    "inbox.example",
];
pub const DEMO_EN_MAIL: &[&str] = &["gmail.example", "outlook.example", "icloud.example", "yahoo.example"];

fn ru_phone(rng: &mut StdRng) -> String {
    // Kamchatka mobiles first, then visitors from the mainland
    let code = weighted(
        rng,
        &[
            ("914", 4),
            ("924", 3),
            ("961", 2),
            ("916", 1),
            ("925", 1),
            ("903", 1),
            ("985", 1),
        ],
    );
    format!(
        "+7 {code} {:03}-{:02}-{:02}",
        rng.random_range(100..1000),
        rng.random_range(0..100),
        rng.random_range(0..100)
    )
}

fn en_phone(rng: &mut StdRng) -> String {
    match rng.random_range(0..3) {
        0 => format!(
            "+44 7{:03} {:06}",
            rng.random_range(100..1000),
            rng.random_range(0..1_000_000)
        ),
        1 => format!(
            "+1 {} {:03}-{:04}",
            pick(rng, &["206", "415", "907", "312", "617"]),
            rng.random_range(200..1000),
            rng.random_range(0..10_000)
        ),
        _ => format!(
            "+61 4{:02} {:03} {:03}",
            rng.random_range(0..100),
            rng.random_range(0..1000),
            rng.random_range(0..1000)
        ),
    }
}

/// A person's full name, and the Latin parts for an e-mail address.
struct Person {
    name: String,
    first_latin: String,
    last_latin: String,
}

fn adult(rng: &mut StdRng, lang: Lang, surname: usize, woman: bool) -> Person {
    match lang {
        Lang::Ru => {
            let (first, first_latin) = *pick(rng, if woman { RU_WOMEN } else { RU_MEN });
            let (last, last_latin) = RU_SURNAMES[surname];
            let (suffix, suffix_latin) = if woman { ("а", "a") } else { ("", "") };
            Person {
                name: format!("{first} {last}{suffix}"),
                first_latin: first_latin.into(),
                last_latin: format!("{last_latin}{suffix_latin}"),
            }
        }
        Lang::En => {
            let first = *pick(rng, if woman { EN_WOMEN } else { EN_MEN });
            let last = EN_SURNAMES[surname];
            Person {
                name: format!("{first} {last}"),
                first_latin: first.to_lowercase(),
                last_latin: last.to_lowercase(),
            }
        }
    }
}

fn child(rng: &mut StdRng, lang: Lang, surname: usize) -> String {
    match lang {
        Lang::Ru => {
            let (first, girl) = *pick(rng, RU_CHILDREN);
            format!("{first} {}{}", RU_SURNAMES[surname].0, if girl { "а" } else { "" })
        }
        Lang::En => format!("{} {}", pick(rng, EN_CHILDREN), EN_SURNAMES[surname]),
    }
}

fn surname(rng: &mut StdRng, lang: Lang) -> usize {
    rng.random_range(
        0..match lang {
            Lang::Ru => RU_SURNAMES.len(),
            Lang::En => EN_SURNAMES.len(),
        },
    )
}

fn equipment(rng: &mut StdRng, lang: Lang, kind: Kind) -> String {
    let size = *pick(rng, &["S", "M", "L", "XL"]);
    let shoe = rng.random_range(36..47);
    match (kind, lang) {
        (Kind::Hike, Lang::Ru) => match rng.random_range(0..3) {
            0 => format!("прокат ботинок, р. {shoe}"),
            1 => "треккинговые палки".into(),
            _ => format!("дождевик {size}"),
        },
        (Kind::Hike, Lang::En) => match rng.random_range(0..3) {
            0 => format!("rental boots, EU size {shoe}"),
            1 => "trekking poles".into(),
            _ => format!("rain jacket {size}"),
        },
        (Kind::Rafting, Lang::Ru) => format!("гидрокостюм {size}, неопреновые носки р. {shoe}"),
        (Kind::Rafting, Lang::En) => format!("wetsuit {size}, neoprene boots EU {shoe}"),
        (Kind::Springs, Lang::Ru) => "прокат полотенца и халата".into(),
        (Kind::Springs, Lang::En) => "towel and robe hire".into(),
        (Kind::Boat, Lang::Ru) => "удочка напрокат".into(),
        (Kind::Boat, Lang::En) => "fishing rod hire".into(),
        (Kind::Helicopter, _) => String::new(),
    }
}

fn payment(rng: &mut StdRng) -> Payment {
    let method = weighted(
        rng,
        &[
            (PaymentMethod::Card, 45),
            (PaymentMethod::Cash, 30),
            (PaymentMethod::Transfer, 8),
            (PaymentMethod::Unpaid, 17),
        ],
    );
    let reference = match method {
        // retrieval reference number from the card terminal's slip
        PaymentMethod::Card => format!("RRN {:012}", rng.random_range(100_000_000_000u64..1_000_000_000_000)),
        // Faster Payments System (SBP) transaction id
        PaymentMethod::Transfer => format!("SBP A{:015}", rng.random_range(0..1_000_000_000_000_000u64)),
        // a sale is never paid by voucher (it is redeemed with pay after it)
        PaymentMethod::Cash | PaymentMethod::Voucher | PaymentMethod::Unpaid => String::new(),
    };
    Payment { method, reference }
}

/// Party size (adults, children), at most `max_seats` seats.
fn party_size(rng: &mut StdRng, max_seats: u32) -> (u32, u32) {
    let seats = weighted(
        rng,
        &[(1u32, 18), (2, 36), (3, 16), (4, 15), (5, 7), (6, 4), (7, 2), (8, 2)],
    )
    .min(max_seats)
    .max(1);
    let children = match seats {
        1 => 0,
        2 if rng.random_bool(0.1) => 1,
        3..=5 if rng.random_bool(0.45) => rng.random_range(1..=(seats - 1).min(3)),
        6.. if rng.random_bool(0.2) => rng.random_range(1..=3),
        _ => 0,
    };
    (seats - children, children)
}

/// A walk-in party for a tour of `kind`, taking at most `max_seats` seats.
pub fn customer(rng: &mut StdRng, kind: Kind, max_seats: u32) -> Customer {
    let lang = if rng.random_bool(0.65) { Lang::Ru } else { Lang::En };
    let (adults, children) = party_size(rng, max_seats);
    let family = surname(rng, lang);
    let contact_woman = rng.random_bool(0.55);
    let contact = adult(rng, lang, family, contact_woman);
    let mut people = vec![contact.name.clone()];
    for i in 1..adults {
        // the second adult of a small party is the partner; bigger groups are friends
        let p = if i == 1 && adults <= 3 {
            adult(rng, lang, family, !contact_woman)
        } else {
            let s = surname(rng, lang);
            let w = rng.random_bool(0.5);
            adult(rng, lang, s, w)
        };
        people.push(p.name);
    }
    let kids: Vec<String> = (0..children).map(|_| child(rng, lang, family)).collect();

    let (medical, diet, requests, relations) = match lang {
        Lang::Ru => (RU_MEDICAL, RU_DIET, RU_REQUESTS, RU_RELATIONS),
        Lang::En => (EN_MEDICAL, EN_DIET, EN_REQUESTS, EN_RELATIONS),
    };
    let phone = match lang {
        Lang::Ru => ru_phone(rng),
        Lang::En if rng.random_bool(0.85) => en_phone(rng),
        Lang::En => String::new(),
    };
    let email = if rng.random_bool(if lang == Lang::Ru { 0.45 } else { 0.9 }) {
        // the reserved `.example` top-level domain (RFC 2606), never a real
        // provider's: every sale queues a confirmation, and a delivery worker
        // pointed at a real mail server must not write to strangers
        let domain = match lang {
            Lang::Ru => *pick(rng, DEMO_RU_MAIL),
            Lang::En => *pick(rng, DEMO_EN_MAIL),
        };
        let digits = if rng.random_bool(0.3) {
            rng.random_range(70..100).to_string()
        } else {
            String::new()
        };
        format!("{}.{}{digits}@{domain}", contact.first_latin, contact.last_latin)
    } else {
        String::new()
    };
    let mut special = String::new();
    if rng.random_bool(0.18) {
        special = (*pick(rng, requests)).to_string();
    } else if kind == Kind::Helicopter && rng.random_bool(0.08) {
        special = match lang {
            Lang::Ru => "Вес одного участника 115 кг — для загрузки вертолёта".into(),
            Lang::En => "One passenger weighs 118 kg — for helicopter loading".into(),
        };
    }

    let gear_chance = match kind {
        Kind::Hike | Kind::Rafting => 0.25,
        Kind::Springs | Kind::Boat => 0.1,
        Kind::Helicopter => 0.0,
    };
    let participants = people
        .into_iter()
        .map(|n| (n, ParticipantKind::Adult))
        .chain(kids.into_iter().map(|n| (n, ParticipantKind::Child)))
        .enumerate()
        .map(|(i, (name, kind_of))| ParticipantInput {
            name,
            kind: kind_of,
            medical_notes: if rng.random_bool(0.07) {
                (*pick(rng, medical)).into()
            } else {
                String::new()
            },
            emergency_contact: if i == 0 && rng.random_bool(0.4) {
                let p = if lang == Lang::Ru { ru_phone(rng) } else { en_phone(rng) };
                format!("{p} ({})", pick(rng, relations))
            } else {
                String::new()
            },
            dietary: if rng.random_bool(0.1) {
                (*pick(rng, diet)).into()
            } else {
                String::new()
            },
            equipment: if rng.random_bool(gear_chance) {
                equipment(rng, lang, kind)
            } else {
                String::new()
            },
        })
        .collect();
    Customer {
        adults,
        children,
        contact_name: contact.name,
        phone,
        email,
        special_requests: special,
        participants,
        payment: payment(rng),
    }
}

/// Someone asking to be told when seats free up: name, phone, e-mail and party.
pub fn waiting_party(rng: &mut StdRng) -> (String, String, String, u32, u32) {
    let lang = if rng.random_bool(0.6) { Lang::Ru } else { Lang::En };
    let s = surname(rng, lang);
    let w = rng.random_bool(0.5);
    let p = adult(rng, lang, s, w);
    let phone = match lang {
        Lang::Ru => ru_phone(rng),
        Lang::En => en_phone(rng),
    };
    let email = if rng.random_bool(0.5) {
        format!("{}.{}@gmail.example", p.first_latin, p.last_latin)
    } else {
        String::new()
    };
    let (adults, children) = party_size(rng, 4);
    (p.name, phone, email, adults, children)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn parties_are_consistent_and_deterministic() {
        let mut a = StdRng::seed_from_u64(7);
        let mut b = StdRng::seed_from_u64(7);
        for i in 0..500 {
            let max = 1 + i % 9;
            let c = customer(&mut a, Kind::Hike, max);
            let d = customer(&mut b, Kind::Hike, max);
            assert_eq!(c.contact_name, d.contact_name);
            assert!(c.adults >= 1 && c.adults + c.children <= max);
            assert_eq!(c.participants.len() as u32, c.adults + c.children);
            assert_eq!(c.participants[0].name, c.contact_name);
            let adults = c
                .participants
                .iter()
                .take_while(|p| p.kind == ParticipantKind::Adult)
                .count() as u32;
            assert_eq!(adults, c.adults, "adults come first");
            assert!(
                c.email.is_empty() || c.email.is_ascii() && c.email.contains('@'),
                "{}",
                c.email
            );
            let paid = c.payment.method != PaymentMethod::Unpaid;
            let cash = c.payment.method == PaymentMethod::Cash;
            assert_eq!(c.payment.reference.is_empty(), !paid || cash);
        }
    }
}
