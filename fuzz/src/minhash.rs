//! What `MinHash::decode` must do with any byte string: decode it or
//! return a decode error, never panic, and round-trip what it decodes.
//!
//! Shared by the `decode_minhash` fuzz target and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs through exactly
//! these checks.

use std::borrow::Cow;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::similarity::{LshIndex, MinHash, Variant, EMPTY_BIN};

use crate::decode::{check_decode_error, hex};

/// A valid sketchfold MinHash header: magic `b"SKFD"`, family 8, format
/// version 1.
pub const MINHASH_HEADER: [u8; 6] = *b"SKFD\x08\x01";

/// The bytes the `decode_minhash` target decodes from a fuzzer input.
///
/// The first byte picks the mode: odd, the rest of the input follows a
/// valid header (so the fuzzer spends its time past the magic); even, the
/// rest is decoded as it is. An empty input decodes as empty.
pub fn minhash_bytes(input: &[u8]) -> Cow<'_, [u8]> {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(MINHASH_HEADER.len() + rest.len());
            bytes.extend_from_slice(&MINHASH_HEADER);
            bytes.extend_from_slice(rest);
            Cow::Owned(bytes)
        }
        Some((_, rest)) => Cow::Borrowed(rest),
        None => Cow::Borrowed(input),
    }
}

/// The `decode_minhash` target: decodes [`minhash_bytes`] of the fuzzer
/// input and checks the result.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_minhash_input(input: &[u8]) {
    check_minhash_bytes(&minhash_bytes(input));
}

/// Decodes exactly `bytes` and checks the rules:
///
/// - an error is a decode error with a message;
/// - a decoded signature re-encodes to exactly `bytes` (the encoding is
///   canonical), and decoding that again gives an equal signature;
/// - densification, Jaccard estimates, merges and an LSH index work on it
///   without panicking and obey identity and idempotence.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_minhash_bytes(bytes: &[u8]) {
    match MinHash::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(m) => {
            let encoded = m.encode();
            assert!(
                encoded == bytes,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = MinHash::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == m, "decode(encode(x)) != x for {}", hex(bytes));
            check_signature(&m);
        }
    }
}

/// What any decoded signature supports.
///
/// # Panics
///
/// When one of those panics or breaks its law.
pub fn check_signature(m: &MinHash) {
    assert_eq!(m.bins().len(), m.k());
    let empty = m.bins().iter().filter(|&&b| b == EMPTY_BIN).count();
    assert_eq!(m.empty_bins(), empty, "the empty-bin count is stale");
    assert_eq!(m.is_empty(), empty == m.k());
    assert!(!format!("{m:?}").is_empty());

    let values = m.values();
    assert_eq!(values.len(), m.k());
    // A classic signature is never densified (its rows are all filled by
    // any element); a one-permutation one fills every empty bin.
    if !m.is_empty() && m.variant() == Variant::OnePermutation {
        assert!(
            values.iter().all(|&v| v != EMPTY_BIN),
            "densification left an empty bin in {m:?}"
        );
    }
    for (i, (&v, &b)) in values.iter().zip(m.bins()).enumerate() {
        assert!(b == EMPTY_BIN || v == b, "a filled bin {i} changed");
    }

    let j = m.jaccard(m).expect("a signature compares with itself");
    assert_eq!(j, 1.0, "J(x, x) != 1 for {m:?}");
    let e = m
        .jaccard_estimate(&m.empty_like())
        .expect("the identity compares");
    assert!((0.0..=1.0).contains(&e.estimate) && e.standard_error >= 0.0);

    let mut with_identity = m.clone();
    with_identity
        .merge(&m.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *m, "x ⊕ empty != x for {m:?}");
    let mut with_itself = m.clone();
    with_itself
        .merge(m)
        .expect("a signature merges with itself");
    assert!(with_itself == *m, "x ⊕ x != x for {m:?}");

    let mut grown = m.clone();
    grown.insert("an item");
    let empty = grown.bins().iter().filter(|&&b| b == EMPTY_BIN).count();
    assert_eq!(grown.empty_bins(), empty, "the empty-bin count is stale");
    let union_j = grown.jaccard(m).expect("same parameters");
    assert!((0.0..=1.0).contains(&union_j));

    if m.k() <= 512 {
        let mut index = LshIndex::try_new(m.params(), 0.5).expect("a valid threshold");
        index.insert(0u8, m).expect("same parameters");
        let found = index.query_similar(m).expect("same parameters");
        assert_eq!(found, vec![(&0u8, 1.0)], "a signature does not find itself");
    }
}
