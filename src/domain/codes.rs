//! Booking numbers and confirmation codes a clerk can read over the phone:
//! an alphabet without 0/O, 1/I/L (nor U/V, which blur on bad lines).

use rand::Rng;

pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";

fn random_code(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// `TD-` and six characters: 29^6 ≈ 595 million numbers; a collision is
/// caught by the unique constraint and retried.
pub fn booking_number() -> String {
    format!("TD-{}", random_code(6))
}

pub fn confirmation_code() -> String {
    random_code(6)
}

/// Normalises a booking number as typed: case, spaces, a space for the dash
/// and a missing `TD-` prefix are forgiven.
pub fn normalize_booking_number(input: &str) -> String {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    match s.len() {
        6 => format!("TD-{s}"),
        8 if s.starts_with("TD") => format!("TD-{}", &s[2..]),
        _ => s,
    }
}

/// True for a well-formed booking number (after normalising).
pub fn is_booking_number(input: &str) -> bool {
    let n = normalize_booking_number(input);
    n.len() == 9 && n.starts_with("TD-") && n[3..].bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_numbers_are_recognised() {
        assert!(is_booking_number("td-7kx9pq"));
        assert!(is_booking_number("7KX9PQ"));
        assert!(!is_booking_number("TD1ABCDEFGH"));
        assert!(!is_booking_number("TD-7KX9P0"));
    }

    #[test]
    fn alphabet_has_no_ambiguous_characters() {
        for bad in b"0O1IL" {
            assert!(!ALPHABET.contains(bad), "{} in alphabet", *bad as char);
        }
        let unique: std::collections::HashSet<_> = ALPHABET.iter().collect();
        assert_eq!(unique.len(), ALPHABET.len());
    }

    #[test]
    fn generated_codes_use_only_the_alphabet() {
        for _ in 0..200 {
            let n = booking_number();
            assert_eq!(n.len(), 9);
            assert!(n.starts_with("TD-"));
            assert!(n[3..].bytes().all(|b| ALPHABET.contains(&b)), "{n}");
            let c = confirmation_code();
            assert!(c.bytes().all(|b| ALPHABET.contains(&b)), "{c}");
        }
    }

    #[test]
    fn normalize_tolerates_case_spaces_and_missing_prefix() {
        assert_eq!(normalize_booking_number(" td-7k3m9q \n"), "TD-7K3M9Q");
        assert_eq!(normalize_booking_number("7k3m9q"), "TD-7K3M9Q");
        assert_eq!(normalize_booking_number("TD 7K3M9Q"), "TD-7K3M9Q");
        assert_eq!(normalize_booking_number("td7k3m9q"), "TD-7K3M9Q");
    }
}
