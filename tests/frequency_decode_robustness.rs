//! Decoding untrusted Count-Min and TopK bytes: for every byte string the
//! decoders return a sketch that re-encodes to exactly those bytes, or a
//! decode error ([`Error::is_decode`](sketchfold::Error::is_decode)); they
//! never panic and never allocate more than the input justifies. Inputs are
//! damaged copies of real encodings (bit flips, overwritten bytes,
//! truncations, insertions) from a seeded splitmix64, so a failure
//! reproduces exactly; the fuzz targets `decode_count_min` and
//! `decode_top_k` search the same space with coverage guidance.

use sketchfold::codec::Codec;
use sketchfold::frequency::{ConservativeCountMin, CountMin, CountMinParams, TopK};
use sketchfold::ErrorKind;

#[path = "common/rng.rs"]
mod rng;
#[path = "common/robustness.rs"]
mod robustness;

use rng::Rng;
use robustness::{check_codec, damage, damaged_inputs};
use sketchfold::frequency::TopKParams;

/// True if `bytes` decoded as a `T`, once the rules are checked.
fn check<T: Codec + PartialEq>(bytes: &[u8], context: &str) -> bool {
    check_codec::<T>(bytes, context).is_some()
}

fn count_mins() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (width, depth) in [(2, 1), (16, 3), (64, 2)] {
        let params = CountMinParams::with_size(width, depth)
            .unwrap()
            .with_seed(5);
        let mut cm = CountMin::with_params(params);
        let mut cu = CountMin::conservative_with_params(params);
        for i in 0..100u64 {
            cm.insert_weighted(&i, (i % 7) as i64 - 2).unwrap();
            cu.insert_weighted(&i, (i % 7) as i64).unwrap();
        }
        out.push(cm.encode());
        out.push(cu.encode());
    }
    out
}

#[test]
fn damaged_count_min_encodings_decode_canonically_or_fail_with_a_decode_error() {
    let (decoded, rejected) = damaged_inputs(1, &count_mins(), 3_000, |bytes, context| {
        let a = check::<CountMin>(bytes, context);
        let b = check::<ConservativeCountMin>(bytes, context);
        assert!(!(a && b), "{context}: decoded under both update rules");
        a || b
    });
    // Most damage is caught (rows must sum to the total), some is not (a
    // seed byte, or a flip that keeps every invariant).
    assert!(rejected > decoded, "{decoded} decoded, {rejected} rejected");
    assert!(decoded > 0);
}

#[test]
fn damaged_top_k_encodings_decode_canonically_or_fail_with_a_decode_error() {
    let mut t = TopK::<String>::with_params(
        TopKParams::with_count_min(4, CountMinParams::with_size(8, 2).unwrap()).unwrap(),
    );
    for (i, word) in "one two three four five six seven".split(' ').enumerate() {
        t.insert_weighted(word, i as i64 + 1).unwrap();
    }
    let mut n = TopK::<u32>::with_params(
        TopKParams::with_count_min(3, CountMinParams::with_size(4, 1).unwrap()).unwrap(),
    );
    for i in 0..20u32 {
        n.insert(&(i % 5)).unwrap();
    }
    let mut rng = Rng(2);
    for _ in 0..10_000 {
        check::<TopK<String>>(&damage(&mut rng, &t.encode()), "TopK<String>");
        check::<TopK<u32>>(&damage(&mut rng, &n.encode()), "TopK<u32>");
    }
}

#[test]
fn every_truncation_of_a_valid_encoding_is_too_short() {
    for (i, bytes) in count_mins().iter().enumerate() {
        let name = format!("Count-Min {i}");
        if bytes[8] == 1 {
            robustness::every_truncation_is_too_short::<ConservativeCountMin>(&name, bytes);
        } else {
            robustness::every_truncation_is_too_short::<CountMin>(&name, bytes);
        }
    }
}

#[test]
fn a_huge_declared_size_fails_before_allocating() {
    // The widest, deepest sketch (2^26 x 32 counters, 16 GiB) declared in
    // 25 bytes: rejected as too short, nothing allocated.
    let mut bytes = b"SKFD\x02\x01".to_vec();
    bytes.extend([26, 32, 0]);
    bytes.extend([0u8; 16]);
    let e = <CountMin>::decode(&bytes).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::TooShort { .. }), "{e}");
    // u32::MAX candidates of a TopK, declared in a few bytes.
    let t = TopK::<u64>::with_params(
        TopKParams::with_count_min(3, CountMinParams::with_size(2, 1).unwrap()).unwrap(),
    );
    let mut bytes = t.encode();
    let n = bytes.len() - 4;
    bytes[n..].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(TopK::<u64>::decode(&bytes).is_err());
}
