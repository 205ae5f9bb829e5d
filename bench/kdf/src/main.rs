//! One PIN guess against a copied field store: argon2id(m KiB, t passes, one lane), timed over n guesses.
use argon2::{Algorithm, Argon2, Params, Version};
use std::time::Instant;
fn main() {
    let args: Vec<u32> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let (m, t, n) = (args[0], args[1], args[2]);
    let a = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(m, t, 1, Some(32)).unwrap());
    let mut out = [0u8; 32];
    a.hash_password_into(b"123456", b"0123456789abcdef", &mut out).unwrap();
    let s = Instant::now();
    for i in 0..n {
        a.hash_password_into(format!("{i:06}").as_bytes(), b"0123456789abcdef", &mut out).unwrap();
    }
    println!("m={m}KiB t={t} p=1: {:.3} s/guess", s.elapsed().as_secs_f64() / n as f64);
}
