//! What `BloomFilter::decode` must do with any byte string: decode it or
//! return a decode error, never panic, and round-trip what it decodes.
//!
//! Shared by the `decode_bloom_filter` fuzz target and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs through exactly
//! these checks.

use std::borrow::Cow;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::membership::BloomFilter;

use crate::decode::{check_decode_error, hex};

/// A valid sketchfold Bloom filter header: magic `b"SKFD"`, family 5,
/// format version 1.
pub const BLOOM_HEADER: [u8; 6] = *b"SKFD\x05\x01";

/// The bytes the `decode_bloom_filter` target decodes from a fuzzer input.
///
/// The first byte picks the mode: odd, the rest of the input follows a
/// valid header (so the fuzzer spends its time past the magic); even, the
/// rest is decoded as it is. An empty input decodes as empty.
pub fn bloom_filter_bytes(input: &[u8]) -> Cow<'_, [u8]> {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(BLOOM_HEADER.len() + rest.len());
            bytes.extend_from_slice(&BLOOM_HEADER);
            bytes.extend_from_slice(rest);
            Cow::Owned(bytes)
        }
        Some((_, rest)) => Cow::Borrowed(rest),
        None => Cow::Borrowed(input),
    }
}

/// The `decode_bloom_filter` target: decodes [`bloom_filter_bytes`] of
/// the fuzzer input and checks the result.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_bloom_filter_input(input: &[u8]) {
    check_bloom_filter_bytes(&bloom_filter_bytes(input));
}

/// Decodes exactly `bytes` and checks the rules:
///
/// - an error is a decode error with a message;
/// - a decoded filter re-encodes to exactly `bytes` (the encoding is
///   canonical), and decoding that again gives an equal filter;
/// - its queries, estimates, merges and intersections work without
///   panicking and obey identity and idempotence.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_bloom_filter_bytes(bytes: &[u8]) {
    match BloomFilter::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(f) => {
            let encoded = f.encode();
            assert!(
                encoded == bytes,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = BloomFilter::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == f, "decode(encode(x)) != x for {}", hex(bytes));
            check_filter(&f);
        }
    }
}

/// What any decoded filter supports.
///
/// # Panics
///
/// When one of those panics or breaks its law.
pub fn check_filter(f: &BloomFilter) {
    let estimate = f.estimate_distinct();
    assert!(
        estimate >= 0.0,
        "estimate {estimate} of {f:?} is negative or NaN"
    );
    let rate = f.current_fpr();
    assert!((0.0..=1.0).contains(&rate), "rate {rate} of {f:?}");
    assert_eq!(f.is_empty(), f.count_ones() == 0);
    assert!(f.count_ones() <= f.bit_count());
    assert!(!format!("{f:?}").is_empty());
    let _ = f.contains("probe");

    let mut with_identity = f.clone();
    with_identity
        .merge(&f.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *f, "x ⊕ empty != x for {f:?}");
    let mut with_itself = f.clone();
    with_itself.merge(f).expect("a filter merges with itself");
    assert!(with_itself == *f, "x ⊕ x != x for {f:?}");
    let mut and_itself = f.clone();
    and_itself
        .intersect(f)
        .expect("a filter intersects with itself");
    assert!(and_itself == *f, "x ∧ x != x for {f:?}");

    let mut grown = f.clone();
    assert!(!grown.contains_or_insert("an item") || f.contains("an item"));
    assert!(grown.contains("an item"), "no false negatives");
}
