//! The one decode-robustness harness of the test suite: the rules a decoder
//! of untrusted bytes follows, and the inputs every family's decoder is
//! tried on. Included by path, after the generator it draws from:
//!
//! ```text
//! #[path = "common/rng.rs"]
//! mod rng;
//! #[path = "common/robustness.rs"]
//! mod robustness;
//! ```
//!
//! The rules: for every byte string, decoding either returns a value that
//! re-encodes to exactly those bytes (the encoding is canonical) and decodes
//! again to an equal value, or returns an error for which
//! [`Error::is_decode`] is true and whose message is not empty. It never
//! panics. A family's test passes a `check` closure that decodes, applies
//! [`check_codec`] (or the fuzz target's own checks, which include these
//! rules) and any family invariant, and says whether the bytes decoded.
//! Every input comes from a seeded [`Rng`], so a failure reproduces.
#![allow(dead_code)]

use std::fmt::Debug;

use sketchfold::codec::Codec;
use sketchfold::{Error, ErrorKind};

use crate::rng::Rng;

/// Decodes `bytes` as a `T` and checks the rules; the value if it decoded.
///
/// # Panics
///
/// When a rule is broken, with `context` and what broke.
pub fn check_codec<T: Codec + PartialEq>(bytes: &[u8], context: &str) -> Option<T> {
    match T::decode(bytes) {
        Ok(value) => {
            let encoded = value.encode();
            assert!(
                encoded == bytes,
                "{context}: decoded a non-canonical encoding of {} bytes (re-encodes to {})",
                bytes.len(),
                encoded.len()
            );
            let again = T::decode(&encoded)
                .unwrap_or_else(|e| panic!("{context}: the re-encoding does not decode: {e}"));
            assert!(again == value, "{context}: decode(encode(x)) != x");
            Some(value)
        }
        Err(e) => {
            check_error(&e, context);
            None
        }
    }
}

/// Bad bytes must give a decode error with a message.
///
/// # Panics
///
/// When `e` is another kind of error, or says nothing.
pub fn check_error(e: &Error, context: &str) {
    assert!(
        e.is_decode(),
        "{context}: a non-decode error for bad bytes: {e:?}"
    );
    assert!(!e.to_string().is_empty(), "{context}: an empty message");
}

/// Runs `check` on `cases` inputs: `prefix` (say a valid header) followed
/// by random bytes, most shorter than `short`, every tenth shorter than
/// `long`. Returns how many decoded.
pub fn random_inputs(
    seed: u64,
    cases: usize,
    prefix: &[u8],
    (short, long): (usize, usize),
    mut check: impl FnMut(&[u8], &str) -> bool,
) -> usize {
    let mut rng = Rng(seed);
    let mut decoded = 0;
    for case in 0..cases {
        let len = rng.below(if case % 10 == 0 { long } else { short });
        let mut bytes = prefix.to_vec();
        bytes.extend(rng.bytes(len));
        decoded += usize::from(check(&bytes, &format!("random case {case}")));
    }
    decoded
}

/// One random damage to `bytes`: a flipped bit, an overwritten byte, a
/// truncation, an inserted byte, or a whole 8-byte field (a counter, a
/// total, a seed) set to an extreme or random value.
pub fn damage(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(5) {
        0 => {
            let i = rng.below(out.len());
            out[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(out.len());
            out[i] = rng.next() as u8;
        }
        2 => out.truncate(rng.below(out.len())),
        3 => {
            let i = rng.below(out.len() + 1);
            out.insert(i, rng.next() as u8);
        }
        _ => {
            let i = rng.below(out.len().saturating_sub(8).max(1));
            let v = match rng.below(4) {
                0 => i64::MAX as u64,
                1 => i64::MIN as u64,
                2 => u64::MAX,
                _ => rng.next(),
            };
            for (j, b) in v.to_le_bytes().iter().enumerate() {
                if let Some(x) = out.get_mut(i + j) {
                    *x = *b;
                }
            }
        }
    }
    out
}

/// Runs `check` on `per` damaged copies of each of `encodings`. Returns
/// (decoded, rejected).
pub fn damaged_inputs(
    seed: u64,
    encodings: &[Vec<u8>],
    per: usize,
    mut check: impl FnMut(&[u8], &str) -> bool,
) -> (usize, usize) {
    let mut rng = Rng(seed);
    let (mut decoded, mut rejected) = (0, 0);
    for (i, original) in encodings.iter().enumerate() {
        for n in 0..per {
            let bytes = damage(&mut rng, original);
            if check(&bytes, &format!("encoding {i}, damage {n}")) {
                decoded += 1;
            } else {
                rejected += 1;
            }
        }
    }
    (decoded, rejected)
}

/// Runs `check` on every single-byte change of `bytes` (each position set
/// to each other value), and asserts that at least one was rejected.
pub fn every_single_byte_change(
    name: &str,
    bytes: &[u8],
    mut check: impl FnMut(&[u8], &str) -> bool,
) {
    let mut rejected = 0;
    for i in 0..bytes.len() {
        for value in 0..=255u8 {
            if value == bytes[i] {
                continue;
            }
            let mut corrupt = bytes.to_vec();
            corrupt[i] = value;
            let context = format!("{name}, byte {i} set to {value:#04x}");
            rejected += usize::from(!check(&corrupt, &context));
        }
    }
    assert!(rejected > 0, "{name}: no corruption was detected at all");
}

/// Every proper prefix of the valid encoding `bytes` is a `TooShort` error.
///
/// # Panics
///
/// When `bytes` does not decode, or a prefix gives anything else.
pub fn every_truncation_is_too_short<T: Codec + Debug>(name: &str, bytes: &[u8]) {
    T::decode(bytes).unwrap_or_else(|e| panic!("{name}: not a valid encoding: {e}"));
    for len in 0..bytes.len() {
        match T::decode(&bytes[..len]) {
            Err(e) if matches!(e.kind(), ErrorKind::TooShort { .. }) => {}
            other => panic!(
                "{name} cut to {len} of {} bytes: expected TooShort, got {other:?}",
                bytes.len()
            ),
        }
    }
}

/// The valid encoding `bytes` with any byte appended is a `TrailingBytes`
/// error.
///
/// # Panics
///
/// When one gives anything else.
pub fn any_appended_byte_is_trailing<T: Codec + Debug>(name: &str, bytes: &[u8]) {
    for extra in [0u8, 1, 0xFF] {
        let mut longer = bytes.to_vec();
        longer.push(extra);
        match T::decode(&longer) {
            Err(e) if matches!(e.kind(), ErrorKind::TrailingBytes { .. }) => {}
            other => panic!("{name} + byte {extra}: expected TrailingBytes, got {other:?}"),
        }
    }
}

/// The checks on valid encodings of a `T` that any family runs: each
/// decodes; `per` damaged copies of each are checked and some rejected;
/// every truncation is `TooShort`; any appended byte is `TrailingBytes`.
pub fn damage_of_valid_encodings<T: Codec + Debug>(
    seed: u64,
    encodings: &[Vec<u8>],
    per: usize,
    mut check: impl FnMut(&[u8], &str) -> bool,
) {
    for (i, good) in encodings.iter().enumerate() {
        let name = format!("encoding {i}");
        assert!(check(good, &name), "{name}: a valid encoding is rejected");
        every_truncation_is_too_short::<T>(&name, good);
        any_appended_byte_is_trailing::<T>(&name, good);
    }
    let (_, rejected) = damaged_inputs(seed, encodings, per, check);
    assert!(rejected > 0, "no damage was detected at all");
}
