//! What the SpaceSaving decoder must do with any byte string: decode it or
//! return a decode error, never panic, and what it decodes re-encodes to
//! the same bytes and keeps the summary's invariants.
//!
//! Shared by the `decode_space_saving` fuzz target and by
//! `tests/fuzz_regressions.rs`, which replays saved inputs through exactly
//! these checks.

use std::borrow::Cow;
use std::fmt::{Debug, Write as _};
use std::hash::Hash;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::{Codec, ItemCodec};
use sketchfold::frequency::SpaceSaving;

/// A valid sketchfold SpaceSaving header: magic `b"SKFD"`, family 4,
/// format version 1.
pub const SPACE_SAVING_HEADER: [u8; 6] = *b"SKFD\x04\x01";

/// The item type a fuzzer input decodes as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Items {
    /// `SpaceSaving<u64>`.
    U64,
    /// `SpaceSaving<String>`.
    Strings,
}

/// The item type and bytes the `decode_space_saving` target decodes from
/// a fuzzer input.
///
/// The first byte picks the mode: bit 0 set, the rest of the input follows
/// a valid header (so the fuzzer spends its time past the magic); bit 1
/// set, the items are strings, else `u64`. An empty input decodes as empty
/// `u64` bytes.
pub fn space_saving_bytes(input: &[u8]) -> (Items, Cow<'_, [u8]>) {
    let Some((mode, rest)) = input.split_first() else {
        return (Items::U64, Cow::Borrowed(input));
    };
    let items = if mode & 2 == 2 {
        Items::Strings
    } else {
        Items::U64
    };
    if mode & 1 == 1 {
        let mut bytes = Vec::with_capacity(SPACE_SAVING_HEADER.len() + rest.len());
        bytes.extend_from_slice(&SPACE_SAVING_HEADER);
        bytes.extend_from_slice(rest);
        (items, Cow::Owned(bytes))
    } else {
        (items, Cow::Borrowed(rest))
    }
}

/// The `decode_space_saving` target: decodes [`space_saving_bytes`] of
/// the fuzzer input and checks the rules.
///
/// # Panics
///
/// When a rule is broken (that is the point).
pub fn check_space_saving_input(input: &[u8]) {
    match space_saving_bytes(input) {
        (Items::U64, bytes) => check_space_saving_bytes::<u64>(&bytes, &[0, 1, u64::MAX]),
        (Items::Strings, bytes) => check_space_saving_bytes::<String>(
            &bytes,
            &[String::new(), "a".to_string(), "zz".to_string()],
        ),
    }
}

/// Decodes exactly `bytes` as a `SpaceSaving<K>` and checks the rules:
///
/// - an error is a decode error with a message;
/// - a decoded summary re-encodes to exactly `bytes` and decodes again to
///   an equal summary;
/// - its invariants hold (every bound at most Δ wide, Δ at most n / k), and
///   queries, inserts of `probes` and merges work without panicking and
///   keep the exact identity and commutativity.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_space_saving_bytes<K>(bytes: &[u8], probes: &[K])
where
    K: Hash + Eq + Ord + Clone + Debug + ItemCodec,
{
    let s = match SpaceSaving::<K>::decode(bytes) {
        Err(e) => {
            assert!(
                e.is_decode(),
                "decoding untrusted bytes gave a non-decode error {e:?}\n input: {}",
                hex(bytes)
            );
            assert!(!e.to_string().is_empty(), "an error without a message");
            return;
        }
        Ok(s) => s,
    };
    let encoded = s.encode();
    assert!(
        encoded == bytes,
        "decode accepted a non-canonical encoding\n input: {}\n again: {}",
        hex(bytes),
        hex(&encoded)
    );
    let again = SpaceSaving::<K>::decode(&encoded)
        .unwrap_or_else(|e| panic!("re-encoding does not decode: {e}\n{}", hex(bytes)));
    assert!(again == s, "decode(encode(x)) != x for {}", hex(bytes));
    check_summary(&s, probes);
}

/// What any decoded summary supports, with its invariants.
///
/// # Panics
///
/// When one of those panics or breaks its rule.
pub fn check_summary<K>(s: &SpaceSaving<K>, probes: &[K])
where
    K: Hash + Eq + Ord + Clone + Debug + ItemCodec,
{
    assert!(!format!("{s:?}").is_empty());
    assert!(s.len() <= s.capacity());
    assert!(s.max_error() <= s.error_bound(), "Δ above n / k: {s:?}");
    let top = s.top(s.len());
    assert_eq!(top.len(), s.len());
    for pair in top.windows(2) {
        assert!(
            pair[0].1.upper >= pair[1].1.upper,
            "top is not sorted: {s:?}"
        );
    }
    for (item, b) in &top {
        assert!(
            b.lower >= 1 && b.lower <= b.upper,
            "bounds {b:?} of {item:?}"
        );
        assert!(b.width() <= s.max_error(), "bounds {b:?} wider than Δ");
        assert_eq!(s.bounds(*item), *b);
        assert_eq!(s.estimate(*item), b.upper);
    }
    let mut with_identity = s.clone();
    with_identity
        .merge(&s.empty_like())
        .expect("the identity merges");
    assert!(with_identity == *s, "x ⊕ empty != x for {s:?}");
    if let Some(twice) = s.count().checked_mul(2) {
        let mut doubled = s.clone();
        doubled.merge(s).expect("a summary merges with itself");
        assert_eq!(doubled.count(), twice);
        assert!(doubled.max_error() <= doubled.error_bound());
        let mut small = SpaceSaving::new(1 + s.capacity() / 2);
        for p in probes {
            small.insert(p).expect("a unit insert into a fresh summary");
        }
        let ab = doubled.clone().combine(&small);
        let ba = small.combine(&doubled);
        if let (Ok(ab), Ok(ba)) = (ab, ba) {
            assert!(ab == ba, "merge is not commutative for {s:?}");
            assert!(ab.max_error() <= ab.error_bound());
        }
    }
    let mut grown = s.clone();
    for p in probes {
        if grown.insert_weighted(p, 3).is_ok() {
            assert!(grown.estimate(p) >= 3);
        }
    }
    assert!(grown.max_error() <= grown.error_bound());
    let round = SpaceSaving::<K>::decode(&grown.encode()).expect("a grown summary round-trips");
    assert!(round == grown, "a grown summary does not round-trip");
}

/// The first bytes of `bytes` in hex, for failure messages.
fn hex(bytes: &[u8]) -> String {
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
