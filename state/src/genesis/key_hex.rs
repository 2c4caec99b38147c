//! The text form of an L2 public key in genesis files: `"0x"` followed by exactly 80 hex digits,
//! the five Goldilocks limbs as 16 big-endian digits each, limb 0 first. These are the same 40
//! bytes a key occupies in priority bytes and pubdata (docs/pubdata.md), so a key copied from an
//! L1 event reads the same in a genesis file.
//!
//! Why not TOML integers: TOML integers are i64, and a canonical limb is any value below the
//! Goldilocks prime `2^64 − 2^32 + 1`, so about half of all real keys have a limb that TOML
//! cannot hold.
//!
//! Invariant: [`parse`] accepts exactly the strings [`format`] produces (up to the case of the
//! hex digits), so `parse(&format(k)) == Ok(k)` for every key; canonicality (`limb < p`) is
//! checked by [`super::Genesis::validate`], which names the key.

use crate::crypto::PublicKey;

/// Number of hex digits after `0x`.
pub const KEY_HEX_DIGITS: usize = 80;

/// Why a key string was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyHexError {
    /// The string does not start with `0x`.
    #[error("public key {0:?} must start with \"0x\" (then 80 hex digits: five 64-bit limbs, big-endian, limb 0 first)")]
    MissingPrefix(String),
    /// Not exactly 80 digits after `0x`.
    #[error("public key has {got} hex digits after \"0x\", expected exactly 80 (five 64-bit limbs, 16 digits each, zero-padded)")]
    Width {
        /// Digits found.
        got: usize,
    },
    /// A character that is not a hex digit.
    #[error("public key has a non-hex character {0:?}")]
    NotHex(char),
}

/// The canonical text of `key` (lowercase hex).
pub fn format(key: &PublicKey) -> String {
    let mut s = String::with_capacity(2 + KEY_HEX_DIGITS);
    s.push_str("0x");
    for limb in key.0 {
        s.push_str(&std::format!("{limb:016x}"));
    }
    s
}

/// Parses the text form (see the module documentation).
pub fn parse(s: &str) -> Result<PublicKey, KeyHexError> {
    let digits = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .ok_or_else(|| KeyHexError::MissingPrefix(s.chars().take(90).collect()))?;
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(KeyHexError::NotHex(c));
    }
    if digits.len() != KEY_HEX_DIGITS {
        return Err(KeyHexError::Width { got: digits.len() });
    }
    let mut limbs = [0u64; 5];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let chunk = &digits[16 * i..16 * (i + 1)];
        *limb =
            u64::from_str_radix(chunk, 16).map_err(|_| KeyHexError::Width { got: digits.len() })?;
    }
    Ok(PublicKey(limbs))
}

/// `#[serde(with = "key_hex::one")]` for a [`PublicKey`] field.
pub mod one {
    use super::{format, parse, PublicKey};

    /// Writes the text form.
    pub fn serialize<S: serde::Serializer>(key: &PublicKey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(key))
    }

    /// Reads the text form.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PublicKey, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        parse(&text).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(with = "key_hex::list")]` for a `Vec<PublicKey>` field.
pub mod list {
    use super::{format, parse, PublicKey};

    /// Writes each key's text form.
    pub fn serialize<S: serde::Serializer>(keys: &[PublicKey], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(keys.iter().map(format))
    }

    /// Reads a list of text forms.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PublicKey>, D::Error> {
        let texts = <Vec<String> as serde::Deserialize>::deserialize(d)?;
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                parse(t).map_err(|e| serde::de::Error::custom(std::format!("key {i}: {e}")))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_hex_round_trips_limbs_above_i64() {
        let k = PublicKey([u64::MAX - (1 << 32), 1 << 63, 0, 1, 0x0123_4567_89ab_cdef]);
        let s = format(&k);
        assert_eq!(s.len(), 2 + KEY_HEX_DIGITS);
        assert!(s.starts_with("0xfffffffeffffffff8000000000000000"));
        assert_eq!(parse(&s), Ok(k));
        assert_eq!(parse(&s.to_uppercase().replacen("0X", "0x", 1)), Ok(k));
    }

    #[test]
    fn key_hex_matches_the_priority_byte_order() {
        // docs/pubdata.md: limbs as 8 big-endian bytes each, limb 0 first.
        let k = PublicKey([1, 2, 3, 4, 5]);
        let mut bytes = Vec::new();
        for l in k.0 {
            bytes.extend_from_slice(&l.to_be_bytes());
        }
        assert_eq!(format(&k), std::format!("0x{}", hex::encode(bytes)));
    }

    #[test]
    fn key_hex_rejects_missing_prefix_wrong_width_and_non_hex() {
        let good = format(&PublicKey([7, 7, 7, 7, 7]));
        assert!(matches!(
            parse(&good[2..]),
            Err(KeyHexError::MissingPrefix(_))
        ));
        assert_eq!(
            parse(&good[..good.len() - 1]),
            Err(KeyHexError::Width { got: 79 })
        );
        assert_eq!(
            parse(&std::format!("{good}0")),
            Err(KeyHexError::Width { got: 81 })
        );
        assert_eq!(parse("0x"), Err(KeyHexError::Width { got: 0 }));
        let bad = good.replacen('7', "g", 1);
        assert_eq!(parse(&bad), Err(KeyHexError::NotHex('g')));
        assert!(matches!(
            parse(&std::format!("0x+{}", &good[3..])),
            Err(KeyHexError::NotHex('+'))
        ));
    }
}
