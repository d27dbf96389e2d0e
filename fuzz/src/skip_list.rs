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
use sketchfold::frequency::{CountMin, SpaceSaving, TopK};
use sketchfold::membership::BloomFilter;
use sketchfold::ordered::SkipList;
use sketchfold::quantiles::{DdSketch, Kll};
use sketchfold::similarity::MinHash;

use crate::decode::{check_decode_error, hex};

/// A valid sketchfold skip-list header: magic `b"SKFD"`, family 9,
/// format version 1.
pub const SKIP_LIST_HEADER: [u8; 6] = *b"SKFD\x09\x01";

/// The value family of a fuzzed skip list (keys are `u16`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// `u64` sums.
    U64,
    /// [`HyperLogLog`].
    HyperLogLog,
    /// [`DdSketch`].
    DdSketch,
    /// `Kll<f64>`.
    Kll,
    /// `SpaceSaving<u64>`.
    SpaceSaving,
    /// [`CountMin`].
    CountMin,
    /// [`BloomFilter`].
    BloomFilter,
    /// [`MinHash`].
    MinHash,
    /// `TopK<String>`.
    TopK,
}

impl Values {
    /// Every family, in the order bits 1.. of the first byte count them.
    pub const ALL: [Values; 9] = [
        Values::U64,
        Values::HyperLogLog,
        Values::DdSketch,
        Values::Kll,
        Values::SpaceSaving,
        Values::CountMin,
        Values::BloomFilter,
        Values::MinHash,
        Values::TopK,
    ];
}

/// The bytes the `decode_skip_list` target decodes from a fuzzer input,
/// and the family of its values.
///
/// The first byte picks the mode: bit 0 set, the rest of the input follows
/// a valid header (so the fuzzer spends its time past the magic); bits 1..
/// pick the values' family in [`Values::ALL`] (modulo its length: 0 `u64`,
/// 1 HyperLogLog, 2 DDSketch, ...). An empty input decodes as empty.
pub fn skip_list_bytes(input: &[u8]) -> (Cow<'_, [u8]>, Values) {
    let Some((&mode, rest)) = input.split_first() else {
        return (Cow::Borrowed(input), Values::U64);
    };
    let values = Values::ALL[usize::from(mode >> 1) % Values::ALL.len()];
    if mode & 1 == 1 {
        let mut bytes = Vec::with_capacity(SKIP_LIST_HEADER.len() + rest.len());
        bytes.extend_from_slice(&SKIP_LIST_HEADER);
        bytes.extend_from_slice(rest);
        (Cow::Owned(bytes), values)
    } else {
        (Cow::Borrowed(rest), values)
    }
}

/// The `decode_skip_list` target: decodes [`skip_list_bytes`] of the
/// fuzzer input and checks the result.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_skip_list_input(input: &[u8]) {
    let (bytes, values) = skip_list_bytes(input);
    // Families whose merge is exactly associative have aggregates equal to
    // a fold; KLL and SpaceSaving only within their error bounds, DDSketch
    // only while no count is negative (a query then succeeds).
    // KLL's encoding is not canonical (other bytes may decode to the same
    // sketch), nor is DDSketch's format version 1, which is still read.
    match values {
        Values::U64 => check_skip_list_bytes::<u64>(&bytes, always, true),
        Values::HyperLogLog => check_skip_list_bytes::<HyperLogLog>(&bytes, always, true),
        Values::DdSketch => check_skip_list_bytes::<DdSketch>(
            &bytes,
            |v: &[&DdSketch]| v.iter().all(|s| s.quantile(0.5).is_ok()),
            false,
        ),
        Values::Kll => check_skip_list_bytes::<Kll<f64>>(&bytes, |_| false, false),
        Values::SpaceSaving => check_skip_list_bytes::<SpaceSaving<u64>>(&bytes, |_| false, true),
        Values::CountMin => check_skip_list_bytes::<CountMin>(&bytes, always, true),
        Values::BloomFilter => check_skip_list_bytes::<BloomFilter>(&bytes, always, true),
        Values::MinHash => check_skip_list_bytes::<MinHash>(&bytes, always, true),
        Values::TopK => check_skip_list_bytes::<TopK<String>>(&bytes, |_| false, true),
    }
}

/// Aggregates of an exactly associative family equal a fold, always.
fn always<V>(_: &[&V]) -> bool {
    true
}

/// True if `bytes` decode as a skip list of `values`.
pub fn decodes(bytes: &[u8], values: Values) -> bool {
    fn ok<V: Monoid + Clone + ItemCodec>(bytes: &[u8]) -> bool {
        SkipList::<u16, V>::decode(bytes).is_ok()
    }
    match values {
        Values::U64 => ok::<u64>(bytes),
        Values::HyperLogLog => ok::<HyperLogLog>(bytes),
        Values::DdSketch => ok::<DdSketch>(bytes),
        Values::Kll => ok::<Kll<f64>>(bytes),
        Values::SpaceSaving => ok::<SpaceSaving<u64>>(bytes),
        Values::CountMin => ok::<CountMin>(bytes),
        Values::BloomFilter => ok::<BloomFilter>(bytes),
        Values::MinHash => ok::<MinHash>(bytes),
        Values::TopK => ok::<TopK<String>>(bytes),
    }
}

/// Decodes exactly `bytes` as a `SkipList<u16, V>` and checks the rules:
///
/// - an error is a decode error with a message;
/// - a decoded list re-encodes to exactly `bytes` when the values'
///   encoding is `canonical` (KLL's is not), and decoding that again gives
///   an equal list that re-encodes to the same bytes;
/// - its queries agree with its in-order entries: rank, select, bounds,
///   and aggregates equal to a naive fold when `exact` says the values'
///   merge is exactly associative (otherwise they only have to succeed);
/// - it merges with its identity and keeps working after an insert and a
///   remove.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_skip_list_bytes<V>(bytes: &[u8], exact: impl Fn(&[&V]) -> bool, canonical: bool)
where
    V: Monoid + Clone + ItemCodec + PartialEq + Debug,
{
    match SkipList::<u16, V>::decode(bytes) {
        Err(e) => check_decode_error(&e, bytes),
        Ok(list) => {
            let encoded = list.encode();
            assert!(
                encoded == bytes || !canonical,
                "decode accepted a non-canonical encoding\n input: {}\n again: {}",
                hex(bytes),
                hex(&encoded)
            );
            let again = SkipList::<u16, V>::decode(&encoded)
                .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
            assert!(again == list, "decode(encode(x)) != x for {}", hex(bytes));
            assert!(
                again.encode() == encoded,
                "re-encoding is not stable for {}",
                hex(bytes)
            );
            let values: Vec<&V> = list.iter().map(|(_, v)| v).collect();
            check_list(&list, exact(&values));
        }
    }
}

/// The merge of `values` in order, or `None` if a merge fails (a count
/// that would overflow).
fn fold<'a, V: Monoid + Clone + 'a>(
    identity: &V,
    values: impl Iterator<Item = &'a V>,
) -> Option<V> {
    let mut acc = identity.clone();
    for v in values {
        acc.merge(v).ok()?;
    }
    Some(acc)
}

/// An aggregate agrees with the fold of its entries: equal when both
/// succeed and the family's merge is `exact`ly associative (a merge can
/// refuse an overflow in one grouping and not in another).
fn agrees<V: PartialEq>(aggregate: sketchfold::Result<V>, fold: Option<V>, exact: bool) -> bool {
    match (aggregate, fold) {
        (Ok(a), Some(f)) => !exact || a == f,
        _ => true,
    }
}

/// What any decoded list supports, checked against its own entries
/// (aggregates compared with a fold only if `exact`).
///
/// # Panics
///
/// When a query disagrees with the entries.
pub fn check_list<V: Monoid + Clone + PartialEq + Debug>(list: &SkipList<u16, V>, exact: bool) {
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
            agrees(list.aggregate(..=*k), upto, exact),
            "prefix aggregate"
        );
    }
    let all = fold(&identity, entries.iter().map(|e| &e.1));
    assert!(agrees(list.aggregate(..), all, exact), "whole aggregate");
    assert_eq!(list.first().map(|e| *e.0), entries.first().map(|e| e.0));
    assert_eq!(list.last().map(|e| *e.0), entries.last().map(|e| e.0));

    let mut with_identity = list.clone();
    with_identity
        .merge(&list.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *list, "x ⊕ empty != x");

    let mut edited = list.clone();
    match edited.insert(7, identity.clone()) {
        Ok(()) => {
            assert!(edited.contains_key(&7));
            if !list.contains_key(&7) {
                edited.remove(&7);
                assert!(edited == *list, "insert then remove changed the list");
            }
        }
        // The new node regroups the link summaries, and a regrouped sum of
        // counts can overflow where the old grouping did not (DDSketch,
        // Count-Min values): a clear error, never a panic. (The list is
        // not always left unchanged then: see issue 21's closing note.)
        Err(e) => assert!(!e.is_decode(), "an insert gave a decode error: {e}"),
    }
    assert!(!format!("{list:?}").is_empty());
}
