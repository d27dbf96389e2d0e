//! What `SkipList::decode` must do with any byte string: decode it or
//! return a decode error, never panic, round-trip what it decodes, and
//! answer every query of a decoded list as a naive fold over its entries
//! would.
//!
//! Shared by the `decode_skip_list` fuzz target and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs through exactly
//! these checks.

use std::borrow::Cow;
use std::fmt::Debug;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::cardinality::HyperLogLog;
use sketchfold::codec::{Codec, ItemCodec};
use sketchfold::ordered::SkipList;

use crate::decode::{check_decode_error, hex};

/// A valid sketchfold skip-list header: magic `b"SKFD"`, family 9,
/// format version 1.
pub const SKIP_LIST_HEADER: [u8; 6] = *b"SKFD\x09\x01";

/// The bytes the `decode_skip_list` target decodes from a fuzzer input,
/// and whether its values are HyperLogLogs (else `u64` sums; keys are
/// `u16`).
///
/// The first byte picks the mode: bit 0 set, the rest of the input follows
/// a valid header (so the fuzzer spends its time past the magic); bit 1
/// set, the values are HyperLogLogs. An empty input decodes as empty.
pub fn skip_list_bytes(input: &[u8]) -> (Cow<'_, [u8]>, bool) {
    match input.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(SKIP_LIST_HEADER.len() + rest.len());
            bytes.extend_from_slice(&SKIP_LIST_HEADER);
            bytes.extend_from_slice(rest);
            (Cow::Owned(bytes), mode & 2 == 2)
        }
        Some((mode, rest)) => (Cow::Borrowed(rest), mode & 2 == 2),
        None => (Cow::Borrowed(input), false),
    }
}

/// The `decode_skip_list` target: decodes [`skip_list_bytes`] of the
/// fuzzer input and checks the result.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_skip_list_input(input: &[u8]) {
    let (bytes, hll) = skip_list_bytes(input);
    if hll {
        check_skip_list_bytes::<HyperLogLog>(&bytes);
    } else {
        check_skip_list_bytes::<u64>(&bytes);
    }
}

/// Decodes exactly `bytes` as a `SkipList<u16, V>` and checks the rules:
///
/// - an error is a decode error with a message;
/// - a decoded list re-encodes to exactly `bytes` (the encoding is
///   canonical), and decoding that again gives an equal list;
/// - its queries agree with its in-order entries: rank, select, bounds,
///   and aggregates equal to a naive fold;
/// - it merges with its identity and keeps working after an insert and a
///   remove.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_skip_list_bytes<V>(bytes: &[u8])
where
    V: Monoid + Clone + ItemCodec + PartialEq + Debug,
{
    match SkipList::<u16, V>::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(list) => {
            let encoded = list.encode();
            assert!(
                encoded == bytes,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = SkipList::<u16, V>::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == list, "decode(encode(x)) != x for {}", hex(bytes));
            check_list(&list);
        }
    }
}

fn fold<'a, V: Monoid + Clone + 'a>(identity: &V, values: impl Iterator<Item = &'a V>) -> V {
    let mut acc = identity.clone();
    for v in values {
        acc.merge(v).expect("values of one list merge");
    }
    acc
}

/// What any decoded list supports, checked against its own entries.
///
/// # Panics
///
/// When a query disagrees with the entries.
pub fn check_list<V: Monoid + Clone + PartialEq + Debug>(list: &SkipList<u16, V>) {
    let entries: Vec<(u16, V)> = list.iter().map(|(k, v)| (*k, v.clone())).collect();
    assert_eq!(entries.len(), list.len());
    assert!(
        entries.windows(2).all(|w| w[0].0 < w[1].0),
        "keys out of order"
    );
    let identity = list.identity().clone();
    for (i, (k, v)) in entries.iter().enumerate().take(64) {
        assert_eq!(list.rank(k), i);
        assert_eq!(list.select(i), Some((k, v)));
        assert_eq!(list.get(k), Some(v));
        assert_eq!(list.lower_bound(k).map(|e| *e.0), Some(*k));
        let upto = fold(&identity, entries[..=i].iter().map(|e| &e.1));
        assert!(
            list.aggregate(..=*k).expect("aggregate") == upto,
            "prefix aggregate"
        );
    }
    let all = fold(&identity, entries.iter().map(|e| &e.1));
    assert!(
        list.aggregate(..).expect("aggregate") == all,
        "whole aggregate"
    );
    assert_eq!(list.first().map(|e| *e.0), entries.first().map(|e| e.0));
    assert_eq!(list.last().map(|e| *e.0), entries.last().map(|e| e.0));

    let mut with_identity = list.clone();
    with_identity
        .merge(&list.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *list, "x ⊕ empty != x");

    let mut edited = list.clone();
    edited
        .insert(7, identity.clone())
        .expect("the identity inserts");
    assert!(edited.contains_key(&7));
    if !list.contains_key(&7) {
        edited.remove(&7);
        assert!(edited == *list, "insert then remove changed the list");
    }
    assert!(!format!("{list:?}").is_empty());
}
