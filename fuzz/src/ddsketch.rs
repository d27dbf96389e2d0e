//! What `DdSketch::decode` must do with any byte string: decode it or
//! return a decode error, never panic, and round-trip what it decodes.
//!
//! Shared by the `decode_ddsketch` fuzz target and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs through exactly
//! these checks.

use std::borrow::Cow;

use sketchfold::algebra::{Group, Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::quantiles::DdSketch;

use crate::decode::{check_decode_error, hex};

/// A valid sketchfold DDSketch header of format version 1 (still read):
/// magic `b"SKFD"`, family 7, version 1.
pub const DDSKETCH_HEADER: [u8; 6] = *b"SKFD\x07\x01";

/// The DDSketch format version this build writes.
pub const DDSKETCH_VERSION: u8 = 2;

/// The bytes the `decode_ddsketch` target decodes from a fuzzer input.
///
/// The first byte picks the mode: bit 0 set, the rest of the input follows
/// a valid header (so the fuzzer spends its time past the magic), of
/// format version 2 if bit 1 is set too, else of version 1; bit 0 clear,
/// the rest is decoded as it is. An empty input decodes as empty.
pub fn ddsketch_bytes(input: &[u8]) -> Cow<'_, [u8]> {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(DDSKETCH_HEADER.len() + rest.len());
            bytes.extend_from_slice(&DDSKETCH_HEADER);
            if mode & 2 == 2 {
                bytes[5] = DDSKETCH_VERSION;
            }
            bytes.extend_from_slice(rest);
            Cow::Owned(bytes)
        }
        Some((_, rest)) => Cow::Borrowed(rest),
        None => Cow::Borrowed(input),
    }
}

/// The `decode_ddsketch` target: decodes [`ddsketch_bytes`] of the fuzzer
/// input and checks the result.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_ddsketch_input(input: &[u8]) {
    check_ddsketch_bytes(&ddsketch_bytes(input));
}

/// Decodes exactly `bytes` and checks the rules:
///
/// - an error is a decode error with a message;
/// - a decoded sketch of the version written re-encodes to exactly
///   `bytes` (the encoding is canonical); one of version 1 re-encodes to
///   the current version, stably; decoding the re-encoding gives an equal
///   sketch;
/// - its queries, merges and subtractions work without panicking and obey
///   identity and inverse.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_ddsketch_bytes(bytes: &[u8]) {
    match DdSketch::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(s) => {
            let encoded = s.encode();
            assert!(
                encoded == bytes || bytes[5] != DDSKETCH_VERSION,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = DdSketch::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == s, "decode(encode(x)) != x for {}", hex(bytes));
            assert!(
                again.encode() == encoded,
                "re-encoding is not stable for {}",
                hex(bytes)
            );
            check_sketch(&s);
        }
    }
}

/// What any decoded sketch supports.
///
/// # Panics
///
/// When one of those panics or breaks its law.
pub fn check_sketch(s: &DdSketch) {
    assert!(!format!("{s:?}").is_empty());
    let _ = s.sum();
    match s.quantiles(&[0.0, 0.25, 0.5, 0.99, 1.0]) {
        Ok(Some(v)) => {
            assert!(s.count() > 0);
            assert!(v.iter().all(|x| x.is_finite()), "{v:?}");
            assert!(v.windows(2).all(|w| w[0] <= w[1]), "not monotone: {v:?}");
        }
        Ok(None) => assert!(s.is_empty(), "None from a non-empty sketch"),
        Err(e) => assert!(!e.is_decode(), "a query gave a decode error: {e}"),
    }

    let mut with_identity = s.clone();
    with_identity
        .merge(&s.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *s, "x ⊕ empty != x");
    let mut cancelled = s.clone();
    cancelled.subtract(s).expect("a sketch subtracts itself");
    assert!(cancelled.is_empty(), "x ⊖ x is not empty");
    let mut negated = s.clone();
    negated.negate();
    negated.negate();
    assert!(negated == *s, "negate twice != x");
    let mut doubled = s.clone();
    if doubled.merge(s).is_err() {
        assert!(doubled == *s, "a refused merge changed the sketch");
    }
    let mut grown = s.clone();
    let _ = grown.insert(1.5);
}
