//! What the KLL decoders must do with any byte string: `Kll::decode`
//! (sketchfold's format) and `Kll::from_datasketches_bytes` (DataSketches
//! images) decode it or return a decode error, never panic, and what they
//! decode re-encodes to bytes that decode to an equal sketch, which then
//! answers queries, takes inserts and merges without panicking.
//!
//! Shared by the `decode_kll` and `decode_datasketches_kll` fuzz targets
//! and by `tests/fuzz_regressions.rs`, which replays saved inputs through
//! exactly these checks.

use std::borrow::Cow;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::quantiles::{Kll, KllItem};

use crate::decode::{check_decode_error, hex};

/// A valid sketchfold KLL header: magic `b"SKFD"`, family 6, version 1.
pub const KLL_HEADER: [u8; 6] = *b"SKFD\x06\x01";

/// The bytes the `decode_kll` target decodes from a fuzzer input: an odd
/// first byte puts a valid header before the rest, an even one decodes
/// the rest as it is.
pub fn kll_bytes(input: &[u8]) -> Cow<'_, [u8]> {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(KLL_HEADER.len() + rest.len());
            bytes.extend_from_slice(&KLL_HEADER);
            bytes.extend_from_slice(rest);
            Cow::Owned(bytes)
        }
        Some((_, rest)) => Cow::Borrowed(rest),
        None => Cow::Borrowed(input),
    }
}

/// The `decode_kll` target.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_kll_input(input: &[u8]) {
    let bytes = kll_bytes(input);
    check_codec::<f32>(&bytes);
    check_codec::<f64>(&bytes);
    check_codec::<i64>(&bytes);
}

/// The `decode_datasketches_kll` target: the bytes as a float, a double
/// and a long image.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_datasketches_kll_bytes(bytes: &[u8]) {
    check_datasketches::<f32>(bytes);
    check_datasketches::<f64>(bytes);
    check_datasketches::<i64>(bytes);
}

fn check_codec<T: KllItem>(bytes: &[u8]) {
    match Kll::<T>::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(s) => {
            let encoded = s.encode();
            let again = Kll::<T>::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == s, "decode(encode(x)) != x for {}", hex(bytes));
            assert_eq!(again.encode(), encoded, "re-encoding is not stable");
            check_sketch(&s);
        }
    }
}

fn check_datasketches<T: KllItem>(bytes: &[u8]) {
    match Kll::<T>::from_datasketches_bytes(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(s) => {
            let image = s.to_datasketches_bytes();
            let again = Kll::<T>::from_datasketches_bytes(&image)
                .unwrap_or_else(|e| panic!("re-writing does not read: {e}\n{}", hex(bytes)));
            assert!(again == s, "read(write(x)) != x for {}", hex(bytes));
            assert_eq!(
                again.to_datasketches_bytes(),
                image,
                "re-writing is not stable"
            );
            check_sketch(&s);
        }
    }
}

/// What any decoded sketch supports.
///
/// # Panics
///
/// When one of those panics or breaks its contract.
pub fn check_sketch<T: KllItem>(s: &Kll<T>) {
    assert!(!format!("{s:?}").is_empty());
    assert_eq!(s.weighted_items().map(|(_, w)| w).sum::<u64>(), s.count());
    if let (Some(min), Some(max)) = (s.min(), s.max()) {
        for r in [0.0, 0.3, 0.5, 1.0] {
            let q = s
                .quantile(r)
                .unwrap()
                .expect("a non-empty sketch has quantiles");
            assert!(
                min <= q && q <= max,
                "quantile {q:?} outside [{min:?}, {max:?}]"
            );
            let rank = s.rank(q).unwrap().unwrap();
            assert!((0.0..=1.0).contains(&rank));
        }
        let pmf = s.pmf(&[min]).unwrap().unwrap();
        assert!((pmf.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    } else {
        assert!(s.is_empty() && s.quantile(0.5).unwrap().is_none());
    }
    let mut with_identity = s.clone();
    with_identity
        .merge(&s.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *s, "x ⊕ empty != x");
    let mut doubled = s.clone();
    if doubled.merge(s).is_ok() {
        assert_eq!(doubled.count(), 2 * s.count());
        assert_eq!(
            doubled.weighted_items().map(|(_, w)| w).sum::<u64>(),
            doubled.count()
        );
    }
    let mut grown = s.clone();
    for _ in 0..300 {
        if grown.insert(T::default()).is_err() {
            break;
        }
    }
    assert_eq!(
        grown.weighted_items().map(|(_, w)| w).sum::<u64>(),
        grown.count()
    );
    let back = Kll::<T>::decode(&grown.encode()).expect("a grown sketch round-trips");
    assert!(back == grown);
}
