//! What the Count-Min and TopK decoders must do with any byte string:
//! decode it or return a decode error, never panic, round-trip what they
//! decode, and leave a sketch whose operations work and keep their laws.
//!
//! Shared by the `decode_count_min` and `decode_top_k` fuzz targets and by
//! `tests/fuzz_regressions.rs`.

use std::borrow::Cow;

use sketchfold::algebra::{Group, Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::frequency::{ConservativeCountMin, CountMin, TopK, UpdateRule};
use sketchfold::ErrorKind;

use crate::decode::{check_decode_error, hex};

/// A valid Count-Min header: magic, family 2, version 1.
pub const COUNT_MIN_HEADER: [u8; 6] = *b"SKFD\x02\x01";
/// A valid TopK header: magic, family 3, version 1.
pub const TOP_K_HEADER: [u8; 6] = *b"SKFD\x03\x01";

/// The first byte picks the mode: odd, the rest follows `header`; even,
/// the rest is decoded as it is. An empty input decodes as empty.
pub fn with_header<'a>(input: &'a [u8], header: &[u8; 6]) -> Cow<'a, [u8]> {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(header.len() + rest.len());
            bytes.extend_from_slice(header);
            bytes.extend_from_slice(rest);
            Cow::Owned(bytes)
        }
        Some((_, rest)) => Cow::Borrowed(rest),
        None => Cow::Borrowed(input),
    }
}

/// The `decode_count_min` target: [`with_header`] of the input decoded as a
/// standard and as a conservative Count-Min, both checked.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_count_min_input(input: &[u8]) {
    let bytes = with_header(input, &COUNT_MIN_HEADER);
    let standard = check_count_min_bytes::<sketchfold::frequency::Standard>(&bytes);
    let conservative = check_count_min_bytes::<sketchfold::frequency::Conservative>(&bytes);
    assert!(
        !(standard && conservative),
        "bytes decode under both update rules: {}",
        hex(&bytes)
    );
    if let Ok(cm) = <CountMin>::decode(&bytes) {
        check_standard(&cm);
    }
    if let Ok(cu) = ConservativeCountMin::decode(&bytes) {
        check_conservative(&cu);
    }
}

/// Decodes exactly `bytes` as a `CountMin<U>`: an error is a decode error;
/// a sketch re-encodes to exactly `bytes` and decodes equal. True if it
/// decoded.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_count_min_bytes<U: UpdateRule>(bytes: &[u8]) -> bool {
    match CountMin::<U>::decode(bytes) {
        Err(e) => {
            check_decode_error(&e, bytes);
            false
        }
        Ok(cm) => {
            let encoded = cm.encode();
            assert!(
                encoded == bytes,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = CountMin::<U>::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == cm, "decode(encode(x)) != x for {}", hex(bytes));
            check_count_min(&cm);
            true
        }
    }
}

/// What every decoded Count-Min supports without panicking: estimates,
/// bounds, inner products, identity and self merges (refused only for
/// overflow, then unchanged), inserts at the limit.
///
/// # Panics
///
/// When one of those panics or breaks its law.
pub fn check_count_min<U: UpdateRule>(cm: &CountMin<U>) {
    assert!(!format!("{cm:?}").is_empty());
    for item in 0u64..8 {
        let b = cm.bounds(&item);
        let (lower, upper) = (b.lower, b.upper);
        assert!(lower <= upper.max(0), "bounds ({lower}, {upper}) reversed");
        assert_eq!(upper, cm.estimate(&item));
    }
    let _ = cm
        .inner_product(cm)
        .expect("a sketch is compatible with itself");
    let mut with_identity = cm.clone();
    with_identity
        .merge(&cm.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *cm, "x ⊕ empty != x");
    let mut doubled = cm.clone();
    match doubled.merge(cm) {
        Ok(()) => assert_eq!(doubled.count(), cm.count() * 2),
        Err(e) => {
            assert!(
                matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
                "{e}"
            );
            assert!(doubled == *cm, "a refused merge changed the sketch");
        }
    }
    let mut inserted = cm.clone();
    for weight in [1, i64::MAX, i64::MIN, -1] {
        let before = inserted.clone();
        if inserted.insert_weighted(&weight, weight).is_err() {
            assert!(inserted == before, "a refused insert changed the sketch");
        }
    }
    let round = CountMin::<U>::decode(&inserted.encode()).expect("what inserts reach encodes");
    assert!(round == inserted);
}

/// Group laws on a decoded standard sketch.
///
/// # Panics
///
/// When one breaks.
pub fn check_standard(cm: &CountMin) {
    let mut neg = cm.clone();
    neg.negate();
    let mut back = neg.clone();
    back.negate();
    assert!(back == *cm, "negate is not an involution");
    let mut zero = cm.clone();
    zero.subtract(cm).expect("a sketch subtracts itself");
    assert!(zero.is_empty(), "x ⊖ x is not empty");
    let mut sum = cm.clone();
    if sum.merge(&neg).is_ok() {
        assert!(sum.is_empty(), "x ⊕ -x is not empty");
    }
}

/// Conservative counters are non-negative.
///
/// # Panics
///
/// When one is not.
pub fn check_conservative(cu: &ConservativeCountMin) {
    assert!(cu.counters().iter().all(|&c| c >= 0));
    assert!(cu.count() >= 0);
}

/// The `decode_top_k` target: [`with_header`] of the input decoded as a
/// `TopK<String>` and checked.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_top_k_input(input: &[u8]) {
    check_top_k_bytes(&with_header(input, &TOP_K_HEADER));
}

/// Decodes exactly `bytes` as a `TopK<String>`, checking the rules of
/// [`check_count_min_bytes`] and that candidates report their Count-Min
/// estimates, number at most `k`, and merge with the identity and
/// themselves.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_top_k_bytes(bytes: &[u8]) {
    match TopK::<String>::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(t) => {
            let encoded = t.encode();
            assert!(
                encoded == bytes,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = TopK::<String>::decode(&encoded).expect("re-encoding decodes");
            assert!(again == t, "decode(encode(x)) != x");
            check_top_k(&t);
        }
    }
}

/// What every decoded TopK supports.
///
/// # Panics
///
/// When something panics or breaks its law.
pub fn check_top_k(t: &TopK<String>) {
    assert!(t.candidate_count() <= t.k());
    assert!(!format!("{t:?}").is_empty());
    for (item, n) in t.top() {
        assert_eq!(n, t.estimate(&item));
        assert!(t.contains(&item));
    }
    let mut with_identity = t.clone();
    with_identity
        .merge(&t.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *t, "x ⊕ empty != x");
    let mut doubled = t.clone();
    match doubled.merge(t) {
        Ok(()) => {
            assert_eq!(doubled.candidate_count(), t.candidate_count());
            assert_eq!(doubled.recorded(), doubled.top());
        }
        Err(_) => assert!(doubled == *t, "a refused merge changed the sketch"),
    }
    let mut inserted = t.clone();
    for word in ["a", "b", "a"] {
        let before = inserted.clone();
        if inserted.insert(word).is_err() {
            assert!(inserted == before, "a refused insert changed the sketch");
        }
    }
    assert!(inserted.candidate_count() <= t.k());
    let round = TopK::<String>::decode(&inserted.encode()).expect("what inserts reach encodes");
    assert!(round == inserted);
}
