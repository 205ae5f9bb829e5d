//! `tourdesk bench search`: the latency of one search (`api.find`) over a
//! large operator's history. Generates N bookings (default 200,000) with
//! Russian and Latin names, their participants, phones typed every way a desk
//! types them and e-mails, on departures two years back and one ahead; then
//! runs a mix of the queries a desk makes, one at a time through the core as
//! the kiosk would, and reports p50/p95/p99 per kind of query and overall.
//!
//! The rows are written with the bench's own SQL (one `insert … select from
//! unnest` per 5,000), not through the core: 200,000 sales through td_book
//! take most of an hour on two cores, and what is measured is the search,
//! which reads only the columns written here. The write-time normalisation
//! still runs (the trigger of migration 0019), and departures' counters are
//! left at zero (nothing here sells). Runs only on a bench database
//! (guard.rs).
//!
//! Names: the demo's 30 Russian and 20 English surnames are a third of the
//! contacts (each of them ~1,500 bookings: the worst case of a common
//! surname, in the mix as its own kind), the rest a long tail of generated
//! surnames, as an operator's real customers are.

use super::checkin::{Latency, latency};
use crate::booking::{Core, NewDeparture, Source};
use crate::demo::names::{EN_MEN, EN_SURNAMES, EN_WOMEN, RU_MEN, RU_SURNAMES, RU_WOMEN};
use chrono::{Duration as ChronoDuration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

const BATCH: usize = 5_000;
const DEPARTURES: usize = 1_000;

#[derive(Debug, Serialize)]
pub struct SearchReport {
    pub bookings: u64,
    pub participants: u64,
    /// seconds to generate and index the rows
    pub generate_seconds: f64,
    pub queries: usize,
    pub overall: Latency,
    /// by kind of query
    pub kinds: BTreeMap<&'static str, Latency>,
    /// mean results per query by kind (a query that finds nothing measures little)
    pub mean_results: BTreeMap<&'static str, f64>,
}

/// One generated customer and the ways a desk would type what it knows.
struct Row {
    number: String,
    code: String,
    name: String,
    /// the contact's surname in Cyrillic (Russian customers) or Latin
    surname: String,
    russian: bool,
    phone_digits: String,
    phone: String,
    email: String,
    participants: Vec<String>,
}

pub async fn search(
    database_url: Option<&str>,
    bookings: u32,
    queries: u32,
    seed: u64,
) -> Result<SearchReport, super::BenchError> {
    let bookings = bookings.clamp(1, 1_000_000) as usize;
    let queries = queries.clamp(1, 100_000) as usize;
    let url = super::guard::bench_database(database_url).await?;
    let pool = crate::db::connect(Some(&url), crate::db::DEFAULT_POOL).await?;
    let core = Core::owner(pool.clone(), "bench-search", Source::Desk).await?;
    let mut rng = StdRng::seed_from_u64(seed);

    let t0 = Instant::now();
    let departures = departures(&core, &mut rng).await?;
    // numbers go on after the bookings of earlier runs on this database
    let first: i64 = sqlx::query_scalar("select count(*) from bookings")
        .fetch_one(&pool)
        .await
        .map_err(bench_db)?;
    let mut rows = Vec::with_capacity(bookings);
    let mut participants = 0u64;
    for start in (0..bookings).step_by(BATCH) {
        let batch: Vec<Row> = (start..(start + BATCH).min(bookings))
            .map(|i| customer(&mut rng, i, first as u64, seed))
            .collect();
        participants += insert(&pool, &batch, &departures, &mut rng).await?;
        rows.extend(batch);
    }
    // as autovacuum leaves a running operator's tables (it vacuums after
    // inserts too): statistics, hint bits and the visibility map set. Without
    // it, the first read of a freshly written row sets its hint bits (a write,
    // inside the measured query) and an index-only scan visits the heap: one
    // name prefix over 50,000 bookings took 35 ms at its first read, 9 ms at
    // its second, 0.5 ms after a vacuum (EXPLAIN ANALYZE, loaded machine)
    for table in ["bookings", "participants", "name_search_words"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("vacuum analyze {table}")))
            .execute(&pool)
            .await
            .map_err(bench_db)?;
    }
    let generate_seconds = t0.elapsed().as_secs_f64();

    let mut by_kind: BTreeMap<&'static str, Vec<u64>> = BTreeMap::new();
    let mut found: BTreeMap<&'static str, (u64, u64)> = BTreeMap::new();
    let mut all = Vec::with_capacity(queries);
    // warm the connections and the plan caches as a running kiosk has them
    for _ in 0..50 {
        let r = &rows[rng.random_range(0..rows.len())];
        core.find(&r.name, 20).await?;
    }
    for _ in 0..queries {
        let r = &rows[rng.random_range(0..rows.len())];
        let (kind, text) = query(&mut rng, r);
        let t = Instant::now();
        let n = core.find(&text, 20).await?.len() as u64;
        let us = t.elapsed().as_micros() as u64;
        all.push(us);
        by_kind.entry(kind).or_default().push(us);
        let f = found.entry(kind).or_default();
        f.0 += 1;
        f.1 += n;
    }
    Ok(SearchReport {
        bookings: rows.len() as u64,
        participants,
        generate_seconds: (generate_seconds * 10.0).round() / 10.0,
        queries,
        overall: latency(all),
        kinds: by_kind.into_iter().map(|(k, v)| (k, latency(v))).collect(),
        mean_results: found
            .into_iter()
            .map(|(k, (q, n))| (k, ((n as f64 / q as f64) * 10.0).round() / 10.0))
            .collect(),
    })
}

fn bench_db(e: sqlx::Error) -> super::BenchError {
    super::BenchError::Booking(e.into())
}

/// Departures two years back and one ahead, on four tours.
async fn departures(core: &Core, rng: &mut StdRng) -> Result<Vec<i64>, super::BenchError> {
    let tours = [
        "Bench: Avachinsky",
        "Bench: boat trip",
        "Bench: Mutnovsky",
        "Bench: heli",
    ];
    let mut ids = Vec::with_capacity(DEPARTURES);
    // a fresh set per run (starts are unique per tour)
    let offset = ChronoDuration::seconds(rng.random_range(0..86_400));
    for i in 0..DEPARTURES {
        let days = (i as i64 * 3 / 2) - 730;
        let (id, _) = core
            .add_departure(&NewDeparture {
                tour: tours[i % tours.len()].into(),
                // added in the future (the core refuses the past), moved back below
                starts_at: Utc::now() + ChronoDuration::days(800 + days) + offset,
                time_zone: chrono_tz::Asia::Kamchatka,
                capacity: 1_000,
                adult_price_minor: 750_000,
                child_price_minor: 450_000,
                currency: "RUB".into(),
                meeting_point: String::new(),
            })
            .await?;
        ids.push(id.0);
    }
    sqlx::query("update departures set starts_at = starts_at - interval '800 days' where id = any($1)")
        .bind(&ids)
        .execute(core.pool())
        .await
        .map_err(bench_db)?;
    Ok(ids)
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

const RU_ROOTS: &[&str] = &[
    "Бел",
    "Чер",
    "Гром",
    "Тих",
    "Крас",
    "Мороз",
    "Зим",
    "Лет",
    "Весн",
    "Гор",
    "Лес",
    "Рыб",
    "Куз",
    "Мель",
    "Кол",
    "Бор",
    "Сав",
    "Фил",
    "Мак",
    "Гусь",
    "Жур",
    "Щег",
    "Ерш",
    "Юд",
    "Ях",
    "Цвет",
    "Хмел",
    "Шуст",
    "Дуб",
    "Ряб",
    "Лип",
    "Клён",
    "Вороб",
    "Сок",
    "Орл",
    "Лебед",
    "Ёлк",
    "Пчел",
    "Ков",
    "Тар",
    "Гал",
    "Свир",
    "Прох",
    "Чиж",
];
const RU_SUFFIXES: &[&str] = &[
    "ов",
    "ев",
    "ин",
    "ский",
    "енко",
    "ук",
    "ых",
    "иков",
    "ушкин",
    "анов",
    "ецкий",
    "ачёв",
];
const EN_ROOTS: &[&str] = &[
    "Ash", "Black", "Brook", "Car", "Dal", "Fair", "Green", "Hart", "Kings", "Lang", "Mor", "North", "Pen", "Red",
    "Stan", "Thorn", "West", "Wood", "Whit", "Hol", "Mil", "Bright", "Cold", "Stone",
];
const EN_SUFFIXES: &[&str] = &[
    "ford", "ton", "ley", "wood", "field", "man", "well", "by", "worth", "ridge", "son",
];

fn customer(rng: &mut StdRng, i: usize, offset: u64, seed: u64) -> Row {
    let russian = rng.random_bool(0.65);
    let common = rng.random_bool(0.33);
    let woman = rng.random_bool(0.5);
    let (first, surname) = if russian {
        let surname = if common {
            pick(rng, RU_SURNAMES).0.to_string()
        } else {
            format!("{}{}", pick(rng, RU_ROOTS), pick(rng, RU_SUFFIXES))
        };
        let first = if woman {
            pick(rng, RU_WOMEN).0
        } else {
            pick(rng, RU_MEN).0
        };
        // a woman's -ов/-ин surname takes -а; the others are the same for both
        let fem = woman && (surname.ends_with("ов") || surname.ends_with("ев") || surname.ends_with("ин"));
        (first.to_string(), if fem { format!("{surname}а") } else { surname })
    } else {
        let surname = if common {
            pick(rng, EN_SURNAMES).to_string()
        } else {
            format!("{}{}", pick(rng, EN_ROOTS), pick(rng, EN_SUFFIXES))
        };
        let first = if woman { pick(rng, EN_WOMEN) } else { pick(rng, EN_MEN) };
        (first.to_string(), surname)
    };
    // Russian customers are written surname first at a Russian desk, half the time
    let name = if russian && rng.random_bool(0.5) {
        format!("{surname} {first}")
    } else {
        format!("{first} {surname}")
    };
    let phone_digits = if russian {
        format!("79{:09}", rng.random_range(0..1_000_000_000u64))
    } else {
        format!("44{:010}", rng.random_range(7_000_000_000..8_000_000_000u64))
    };
    let phone = typed_phone(rng, &phone_digits);
    let email = if rng.random_bool(0.6) {
        format!(
            "{}.{}{}@{}",
            latin(&first),
            latin(&surname),
            i % 1000,
            pick(rng, &["mail.ru", "gmail.com", "yandex.ru", "example.com"])
        )
    } else {
        String::new()
    };
    let mut participants = vec![name.clone()];
    for n in 1..rng.random_range(1..=4) {
        participants.push(format!(
            "{} {surname}",
            if n % 2 == 1 {
                pick(rng, RU_WOMEN).0
            } else {
                pick(rng, RU_MEN).0
            }
        ));
    }
    // numbers from the index through a permutation of the 29^6 numbers (a
    // multiplier not divisible by 29): unique, where random ones collide
    // ~30 times in 200,000 (the birthday bound); codes need not be unique
    let space = 29u64.pow(6);
    let n = (offset + i as u64).wrapping_mul(7_919) % space;
    let mix = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    Row {
        number: format!("TD-{}", code_of(n, 6)),
        code: code_of(mix, 6),
        name,
        surname,
        russian,
        phone_digits,
        phone,
        email,
        participants,
    }
}

/// How a desk wrote the number down.
fn typed_phone(rng: &mut StdRng, d: &str) -> String {
    if let Some(national) = d.strip_prefix('7') {
        match rng.random_range(0..3) {
            0 => format!(
                "+7 {} {}-{}-{}",
                &national[..3],
                &national[3..6],
                &national[6..8],
                &national[8..]
            ),
            1 => format!("8{national}"),
            _ => format!("8 ({}) {}-{}", &national[..3], &national[3..6], &national[6..]),
        }
    } else {
        format!("+{} {} {}", &d[..2], &d[2..6], &d[6..])
    }
}

fn code_of(mut n: u64, len: usize) -> String {
    let a = crate::domain::codes::ALPHABET;
    (0..len)
        .map(|_| {
            let c = a[(n % a.len() as u64) as usize] as char;
            n /= a.len() as u64;
            c
        })
        .collect()
}

/// A common Latin spelling of a Russian name (passport-style), as a
/// customer would write it in an e-mail or a foreign clerk would type it.
fn latin(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| {
            match c {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
                'д' => "d",
                'е' | 'ё' | 'э' => "e",
                'ж' => "zh",
                'з' => "z",
                'и' => "i",
                'й' => "y",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "kh",
                'ц' => "ts",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "shch",
                'ы' => "y",
                'ъ' | 'ь' => "",
                'ю' => "yu",
                'я' => "ya",
                _ => return c.to_string(),
            }
            .to_string()
        })
        .collect()
}

/// The same keys pressed with the other layout active.
fn other_layout(s: &str) -> String {
    let ru: Vec<char> = "йцукенгшщзхъфывапролджэячсмитьбюё".chars().collect();
    let en: Vec<char> = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`".chars().collect();
    s.to_lowercase()
        .chars()
        .map(|c| {
            if let Some(i) = ru.iter().position(|&r| r == c) {
                en[i]
            } else if let Some(i) = en.iter().position(|&e| e == c) {
                ru[i]
            } else {
                c
            }
        })
        .collect()
}

/// One query of the mix about `r`: what it is and the text typed.
fn query(rng: &mut StdRng, r: &Row) -> (&'static str, String) {
    let common = RU_SURNAMES.iter().any(|(s, _)| r.surname.starts_with(s)) || EN_SURNAMES.contains(&r.surname.as_str());
    match rng.random_range(0..100) {
        0..10 => ("booking_number", r.number.to_lowercase().replace("td-", "")),
        10..15 => ("confirmation_code", r.code.clone()),
        15..27 => ("phone", r.phone.clone()),
        27..37 => ("phone_suffix", r.phone_digits[r.phone_digits.len() - 4..].to_string()),
        37..45 if !r.email.is_empty() => ("email", r.email.to_uppercase()),
        45..60 => (if common { "surname_common" } else { "surname" }, r.surname.clone()),
        60..70 => ("full_name", r.name.clone()),
        70..80 if r.russian => ("transliterated", latin(&r.name)),
        80..88 => ("wrong_layout", other_layout(&r.surname)),
        88..94 => ("participant", r.participants[r.participants.len() - 1].clone()),
        _ => ("surname_prefix", r.surname.chars().take(4).collect()),
    }
}

/// Writes one batch: bookings, then their participants; returns how many participants.
async fn insert(
    pool: &sqlx::PgPool,
    rows: &[Row],
    departures: &[i64],
    rng: &mut StdRng,
) -> Result<u64, super::BenchError> {
    let deps: Vec<i64> = rows.iter().map(|_| *pick(rng, departures)).collect();
    let ages: Vec<i64> = rows.iter().map(|_| rng.random_range(0..3 * 365 * 24 * 3600)).collect();
    let numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let phones: Vec<&str> = rows.iter().map(|r| r.phone.as_str()).collect();
    let emails: Vec<&str> = rows.iter().map(|r| r.email.as_str()).collect();
    let adults: Vec<i32> = rows.iter().map(|r| r.participants.len() as i32).collect();
    let ids: Vec<i64> = sqlx::query_scalar(
        "insert into bookings (booking_number, confirmation_code, departure_id, adults, children, contact_name,
                               contact_phone, contact_email, price_breakdown, total_minor, currency,
                               idempotency_key, source, created_at)
         select n, c, d, a, 0, nm, ph, em, '{}'::jsonb, 750000 * a, 'RUB', gen_random_uuid(), 'desk',
                now() - make_interval(secs => age)
           from unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[],
                       $8::bigint[]) as t(n, c, d, a, nm, ph, em, age)
         returning id",
    )
    .bind(&numbers)
    .bind(&codes)
    .bind(&deps)
    .bind(&adults)
    .bind(&names)
    .bind(&phones)
    .bind(&emails)
    .bind(&ages)
    .fetch_all(pool)
    .await
    .map_err(bench_db)?;
    let (mut b, mut d, mut pos, mut pn) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((id, dep), r) in ids.iter().zip(&deps).zip(rows) {
        for (i, p) in r.participants.iter().enumerate() {
            b.push(*id);
            d.push(*dep);
            pos.push(i as i32 + 1);
            pn.push(p.as_str());
        }
    }
    sqlx::query(
        "insert into participants (booking_id, departure_id, position, name, kind)
         select b, d, p, n, 'adult' from unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[]) as t(b, d, p, n)",
    )
    .bind(&b)
    .bind(&d)
    .bind(&pos)
    .bind(&pn)
    .execute(pool)
    .await
    .map_err(bench_db)?;
    Ok(b.len() as u64)
}
