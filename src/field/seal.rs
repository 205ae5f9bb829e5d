//! Personal data at rest in the field store (issue 11): one random data key
//! per store seals each record (XChaCha20-Poly1305, a random 192-bit nonce
//! per record, the table and row as associated data); the data key is kept
//! only wrapped (the same AEAD) under a key derived from a permitted staff
//! member's PIN with argon2id ([`FIELD_KDF`]). Opening a wrap proves the PIN:
//! that is the offline login, and nothing else on the laptop can check one.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

/// argon2id cost of one PIN guess: 128 MiB, 3 passes, one lane — ~0.44 s a
/// guess on one core of this machine (BENCHMARKS.md § "A copied field store").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

pub const FIELD_KDF: KdfParams = KdfParams {
    m_kib: 128 * 1024,
    t: 3,
    p: 1,
};

/// Shortest PIN of a staff member a laptop is prepared for (BENCHMARKS.md).
pub const MIN_FIELD_PIN: usize = 6;

/// The store's data key (never written down unwrapped).
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// The data key wrapped for one staff member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wrap {
    pub staff_id: i64,
    pub kdf: KdfParams,
    pub salt: Vec<u8>,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("a PIN for a field laptop needs at least {MIN_FIELD_PIN} digits")]
    ShortPin,
    #[error("the key derivation failed: {0}")]
    Kdf(String),
    #[error("a record does not open with this store's key (damaged, or from another store)")]
    Open,
}

fn kdf(pin: &str, salt: &[u8], p: KdfParams) -> Result<[u8; 32], SealError> {
    let params = Params::new(p.m_kib, p.t, p.p, Some(32)).map_err(|e| SealError::Kdf(e.to_string()))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), salt, &mut out)
        .map_err(|e| SealError::Kdf(e.to_string()))?;
    Ok(out)
}

/// A 24-byte nonce, or None for a damaged record.
fn nonce(b: &[u8]) -> Option<XNonce> {
    <[u8; 24]>::try_from(b).ok().map(XNonce::from)
}

fn aead(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

impl DataKey {
    pub fn generate() -> DataKey {
        DataKey(rand::random())
    }

    /// Seals `plain`, bound to `aad` (e.g. "participants:17"): nonce ‖ ciphertext.
    pub fn seal(&self, aad: &str, plain: &[u8]) -> Vec<u8> {
        let nonce: [u8; 24] = rand::random();
        let mut out = nonce.to_vec();
        let ct = aead(&self.0)
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: aad.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any length a store holds");
        out.extend_from_slice(&ct);
        out
    }

    pub fn open(&self, aad: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < 24 {
            return Err(SealError::Open);
        }
        let (n, ct) = sealed.split_at(24);
        aead(&self.0)
            .decrypt(
                &nonce(n).ok_or(SealError::Open)?,
                Payload {
                    msg: ct,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError::Open)
    }

    /// Wraps this key under `pin` for `staff_id` (slow: one argon2id run).
    pub fn wrap(&self, staff_id: i64, pin: &str, kdf_params: KdfParams) -> Result<Wrap, SealError> {
        if pin.chars().count() < MIN_FIELD_PIN {
            return Err(SealError::ShortPin);
        }
        let salt: [u8; 16] = rand::random();
        let nonce: [u8; 24] = rand::random();
        let k = kdf(pin, &salt, kdf_params)?;
        let aad = format!("wrap:{staff_id}");
        let sealed = aead(&k)
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &self.0,
                    aad: aad.as_bytes(),
                },
            )
            .expect("a 32-byte key seals");
        Ok(Wrap {
            staff_id,
            kdf: kdf_params,
            salt: salt.to_vec(),
            nonce: nonce.to_vec(),
            sealed,
        })
    }
}

impl Wrap {
    /// The data key, when `pin` is this staff member's (one argon2id run).
    pub fn unwrap_key(&self, pin: &str) -> Option<DataKey> {
        let k = kdf(pin, &self.salt, self.kdf).ok()?;
        let aad = format!("wrap:{}", self.staff_id);
        let key = aead(&k)
            .decrypt(
                &nonce(&self.nonce)?,
                Payload {
                    msg: &self.sealed,
                    aad: aad.as_bytes(),
                },
            )
            .ok()?;
        <[u8; 32]>::try_from(key.as_slice()).ok().map(DataKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters: the tests check the construction, not the cost.
    const FAST: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    #[test]
    fn records_open_only_with_their_key_and_place() {
        let k = DataKey::generate();
        let s = k.seal("participants:7", b"Vera Private, asthma");
        assert!(!s.windows(5).any(|w| w == b"Priva"), "no plaintext in the sealed bytes");
        assert_eq!(k.open("participants:7", &s).unwrap(), b"Vera Private, asthma");
        assert!(k.open("participants:8", &s).is_err(), "moved to another row");
        assert!(
            DataKey::generate().open("participants:7", &s).is_err(),
            "another store's key"
        );
        let mut bad = s.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(k.open("participants:7", &bad).is_err(), "tampered");
    }

    #[test]
    fn a_wrap_opens_with_its_pin_only() {
        let k = DataKey::generate();
        let w = k.wrap(3, "482913", FAST).unwrap();
        let back = w.unwrap_key("482913").expect("the right PIN");
        let s = k.seal("x", b"hello");
        assert_eq!(back.open("x", &s).unwrap(), b"hello");
        assert!(w.unwrap_key("482914").is_none(), "a wrong PIN");
        let mut other = w.clone();
        other.staff_id = 4;
        assert!(other.unwrap_key("482913").is_none(), "a wrap moved to another person");
        assert!(matches!(k.wrap(3, "1234", FAST), Err(SealError::ShortPin)));
    }
}
