//! The QR payload: `TD1` + base32 of a fixed 85-byte body.
//!
//! Body (big-endian): kind u8 · key id u16 · ticket id u64 · departure id u64 ·
//! day u16 (days since 2000-01-01, the departure's local date) · Ed25519
//! signature (64 bytes) over a domain tag and the 21 bytes before it.
//!
//! Base32 (RFC 4648, `A-Z2-7`, no padding) because QR's alphanumeric mode packs
//! it at 5.5 bits per character (139 characters: a version 6 code at level M),
//! because it is case-insensitive, and because a USB scanner types it as plain
//! letter and digit keys, which survive a Russian keyboard layout (see input.rs).

use chrono::NaiveDate;
use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// Text every ticket code starts with: the format and its version.
pub const PREFIX: &str = "TD1";
const BODY_LEN: usize = 21 + 64;
const SIGNED_LEN: usize = 21;
/// Separates ticket signatures from anything else a key might ever sign.
const DOMAIN: &[u8] = b"tourdesk-ticket-v1";

/// Length of every v1 code, in characters.
pub const CODE_LEN: usize = PREFIX.len() + (BODY_LEN * 8).div_ceil(5);

/// Serde's words are `as_str`'s (a field laptop's journal keeps them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketKind {
    /// Admits one participant.
    Participant,
    /// Admits everyone of a booking not yet admitted.
    Group,
}

impl TicketKind {
    fn byte(self) -> u8 {
        match self {
            TicketKind::Participant => 1,
            TicketKind::Group => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Participant => "participant",
            TicketKind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<TicketKind> {
        match s {
            "participant" => Some(TicketKind::Participant),
            "group" => Some(TicketKind::Group),
            _ => None,
        }
    }
}

/// What a ticket says, before the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TicketClaims {
    pub kind: TicketKind,
    pub key_id: u16,
    pub ticket_id: u64,
    pub departure_id: u64,
    pub day: NaiveDate,
}

/// A parsed code: its claims and the signature still to be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTicket {
    pub claims: TicketClaims,
    signed: [u8; SIGNED_LEN],
    signature: [u8; 64],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("not a tourdesk ticket: a ticket code starts with {PREFIX}")]
    NotATicket,
    #[error("ticket code has {got} characters, a complete code has {CODE_LEN}: scan it again")]
    Length { got: usize },
    #[error("ticket code has characters that are not in a ticket ({0}): scan it again")]
    Characters(String),
    #[error("ticket code of an unknown kind ({0})")]
    Kind(u8),
    #[error("ticket code with an impossible date")]
    Day,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
}

impl TicketClaims {
    fn body(&self) -> Result<[u8; SIGNED_LEN], PayloadError> {
        let days = (self.day - epoch()).num_days();
        let days = u16::try_from(days).map_err(|_| PayloadError::Day)?;
        let mut b = [0u8; SIGNED_LEN];
        b[0] = self.kind.byte();
        b[1..3].copy_from_slice(&self.key_id.to_be_bytes());
        b[3..11].copy_from_slice(&self.ticket_id.to_be_bytes());
        b[11..19].copy_from_slice(&self.departure_id.to_be_bytes());
        b[19..21].copy_from_slice(&days.to_be_bytes());
        Ok(b)
    }

    /// Signs the claims: the text to put in the QR code. Deterministic, so a
    /// reprint gives the same code.
    pub fn sign(&self, key: &SigningKey) -> Result<String, PayloadError> {
        let body = self.body()?;
        let sig = key.sign(&message(&body));
        let mut all = Vec::with_capacity(BODY_LEN);
        all.extend_from_slice(&body);
        all.extend_from_slice(&sig.to_bytes());
        Ok(format!("{PREFIX}{}", BASE32_NOPAD.encode(&all)))
    }
}

fn message(body: &[u8; SIGNED_LEN]) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN.len() + SIGNED_LEN);
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(body);
    m
}

impl SignedTicket {
    /// Parses a code as normalised by `input::normalize` (upper case, no
    /// whitespace). Checks the form only; `verify` checks the signature.
    pub fn parse(code: &str) -> Result<SignedTicket, PayloadError> {
        let Some(rest) = code.strip_prefix(PREFIX) else {
            return Err(PayloadError::NotATicket);
        };
        if code.len() != CODE_LEN {
            return Err(PayloadError::Length {
                got: code.chars().count(),
            });
        }
        let bytes = BASE32_NOPAD.decode(rest.as_bytes()).map_err(|_| {
            let bad: String = rest
                .chars()
                .filter(|c| !matches!(c, 'A'..='Z' | '2'..='7'))
                .take(5)
                .collect();
            PayloadError::Characters(if bad.is_empty() { "bad padding".into() } else { bad })
        })?;
        if bytes.len() != BODY_LEN {
            return Err(PayloadError::Length { got: code.len() });
        }
        let mut signed = [0u8; SIGNED_LEN];
        signed.copy_from_slice(&bytes[..SIGNED_LEN]);
        let mut signature = [0u8; 64];
        signature.copy_from_slice(&bytes[SIGNED_LEN..]);
        let kind = match signed[0] {
            1 => TicketKind::Participant,
            2 => TicketKind::Group,
            k => return Err(PayloadError::Kind(k)),
        };
        let be16 = |i: usize| u16::from_be_bytes([signed[i], signed[i + 1]]);
        let be64 = |i: usize| u64::from_be_bytes(signed[i..i + 8].try_into().expect("8 bytes"));
        let day = epoch()
            .checked_add_days(chrono::Days::new(u64::from(be16(19))))
            .ok_or(PayloadError::Day)?;
        Ok(SignedTicket {
            claims: TicketClaims {
                kind,
                key_id: be16(1),
                ticket_id: be64(3),
                departure_id: be64(11),
                day,
            },
            signed,
            signature,
        })
    }

    /// True when `key` signed exactly these claims.
    pub fn verify(&self, key: &VerifyingKey) -> bool {
        let sig = Signature::from_bytes(&self.signature);
        key.verify(&message(&self.signed), &sig).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn claims() -> TicketClaims {
        TicketClaims {
            kind: TicketKind::Participant,
            key_id: 3,
            ticket_id: 123_456,
            departure_id: 42,
            day: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        }
    }

    #[test]
    fn round_trip_and_length() {
        let code = claims().sign(&key(7)).unwrap();
        assert_eq!(code.len(), CODE_LEN);
        assert!(
            code.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c) || c == '1')
        );
        let t = SignedTicket::parse(&code).unwrap();
        assert_eq!(t.claims, claims());
        assert!(t.verify(&key(7).verifying_key()));
        assert!(!t.verify(&key(8).verifying_key()), "another key must not verify it");
    }

    #[test]
    fn fits_a_small_qr_code_at_level_m() {
        let code = claims().sign(&key(7)).unwrap();
        let qr = qrcode::QrCode::with_error_correction_level(code.as_bytes(), qrcode::EcLevel::M).unwrap();
        assert!(
            matches!(qr.version(), qrcode::Version::Normal(v) if v <= 6),
            "{:?}",
            qr.version()
        );
    }

    #[test]
    fn every_tampered_character_is_caught() {
        let k = key(9);
        let code = claims().sign(&k).unwrap();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        for i in 0..code.len() {
            for c in alphabet.chars().step_by(7) {
                let mut t: Vec<char> = code.chars().collect();
                if t[i] == c {
                    continue;
                }
                t[i] = c;
                let t: String = t.into_iter().collect();
                if let Ok(p) = SignedTicket::parse(&t) {
                    assert!(!p.verify(&k.verifying_key()), "tampered at {i} with {c} verified");
                }
            }
        }
    }

    #[test]
    fn every_tampered_byte_is_caught() {
        let k = key(9);
        let code = claims().sign(&k).unwrap();
        let body = BASE32_NOPAD.decode(&code.as_bytes()[PREFIX.len()..]).unwrap();
        for i in 0..body.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut b = body.clone();
                b[i] ^= flip;
                let t = format!("{PREFIX}{}", BASE32_NOPAD.encode(&b));
                if let Ok(p) = SignedTicket::parse(&t) {
                    assert!(!p.verify(&k.verifying_key()), "byte {i} ^ {flip:#x} verified");
                }
            }
        }
    }

    #[test]
    fn malformed_codes_say_why() {
        let code = claims().sign(&key(1)).unwrap();
        assert_eq!(SignedTicket::parse("HELLO"), Err(PayloadError::NotATicket));
        assert!(matches!(
            SignedTicket::parse(&code[..code.len() - 4]),
            Err(PayloadError::Length { .. })
        ));
        let bad = format!("{}0{}", &code[..10], &code[11..]);
        assert!(matches!(SignedTicket::parse(&bad), Err(PayloadError::Characters(c)) if c == "0"));
    }
}
