//! What every decoder of sketchfold must do with any byte string: decode it
//! or return a decode error, never panic, and round-trip what it decodes.
//!
//! Shared by the `decode_hyperloglog` fuzz target and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs through exactly
//! these checks.

use std::borrow::Cow;
use std::fmt::Write as _;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::cardinality::HyperLogLog;
use sketchfold::codec::Codec;
use sketchfold::Error;

/// A valid sketchfold HyperLogLog header: magic `b"SKFD"`, family 1,
/// format version 1.
pub const HLL_HEADER: [u8; 6] = *b"SKFD\x01\x01";

/// The bytes the `decode_hyperloglog` target decodes from a fuzzer input.
///
/// The first byte picks the mode: odd, the rest of the input follows a valid
/// header (so the fuzzer spends its time past the magic); even, the rest is
/// decoded as it is. An empty input decodes as empty.
pub fn hyperloglog_bytes(input: &[u8]) -> Cow<'_, [u8]> {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(HLL_HEADER.len() + rest.len());
            bytes.extend_from_slice(&HLL_HEADER);
            bytes.extend_from_slice(rest);
            Cow::Owned(bytes)
        }
        Some((_, rest)) => Cow::Borrowed(rest),
        None => Cow::Borrowed(input),
    }
}

/// The `decode_hyperloglog` target: decodes [`hyperloglog_bytes`] of the
/// fuzzer input with [`Codec::decode`] and checks the result.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_hyperloglog_input(input: &[u8]) {
    check_hyperloglog_bytes(&hyperloglog_bytes(input));
}

/// Decodes exactly `bytes` and checks the rules:
///
/// - an error is a decode error ([`Error::is_decode`]) with a message;
/// - a decoded sketch re-encodes to exactly `bytes` (the encoding is
///   canonical), and decoding that again gives an equal sketch;
/// - its estimate, bounds, folds and merges work without panicking and
///   obey the monoid's identity and idempotence.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_hyperloglog_bytes(bytes: &[u8]) {
    match HyperLogLog::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(h) => {
            let encoded = h.encode();
            assert!(
                encoded == bytes,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = HyperLogLog::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == h, "decode(encode(x)) != x for {}", hex(bytes));
            assert_eq!(again.encode(), encoded, "encoding is not stable");
            check_sketch(&h);
        }
    }
}

/// Rules for an error from a decoder.
///
/// # Panics
///
/// Unless `e` is a decode error with a non-empty message.
pub fn check_decode_error(e: &Error, bytes: &[u8]) {
    assert!(
        e.is_decode(),
        "decoding untrusted bytes gave a non-decode error {e:?}\n input: {}",
        hex(bytes)
    );
    assert!(!e.to_string().is_empty(), "an error without a message");
}

/// What any decoded sketch supports: estimates, bounds, folding, merging
/// with the identity and with itself, debug output.
///
/// # Panics
///
/// When one of those panics or breaks its law.
pub fn check_sketch(h: &HyperLogLog) {
    let estimate = h.estimate();
    assert!(
        estimate >= 0.0,
        "estimate {estimate} of {h:?} is negative or NaN"
    );
    let b = h.bounds(2.0).expect("2 standard deviations are valid");
    let (lo, hi) = (b.lower, b.upper);
    assert!(lo <= hi, "bounds ({lo}, {hi}) are reversed for {h:?}");
    assert!(!format!("{h:?}").is_empty());
    assert_eq!(h.registers().len(), h.register_count());
    assert_eq!(h.is_empty(), h.registers().iter().all(|&r| r == 0));

    let mut with_identity = h.clone();
    with_identity
        .merge(&h.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *h, "x ⊕ empty != x for {h:?}");
    let mut with_itself = h.clone();
    with_itself.merge(h).expect("a sketch merges with itself");
    assert!(with_itself == *h, "x ⊕ x != x for {h:?}");

    let lowest = h.fold_to(4).expect("every precision folds down to 4");
    assert_eq!(lowest.precision(), 4);
    assert!(lowest.estimate() >= 0.0);
    let round = HyperLogLog::decode(&lowest.encode()).expect("a folded sketch round-trips");
    assert!(round == lowest, "a folded sketch does not round-trip");
}

/// The first bytes of `bytes` in hex, for failure messages.
pub fn hex(bytes: &[u8]) -> String {
    const SHOWN: usize = 96;
    let mut s = format!("{} bytes: ", bytes.len());
    for b in bytes.iter().take(SHOWN) {
        let _ = write!(s, "{b:02x}");
    }
    if bytes.len() > SHOWN {
        s.push('…');
    }
    s
}
