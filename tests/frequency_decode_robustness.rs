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

use rng::Rng;
use sketchfold::frequency::TopKParams;

/// One random damage to `bytes`.
fn damage(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(5) {
        0 => {
            let i = rng.below(out.len());
            out[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(out.len());
            out[i] = rng.next() as u8;
        }
        2 => out.truncate(rng.below(out.len())),
        3 => {
            let i = rng.below(out.len() + 1);
            out.insert(i, rng.next() as u8);
        }
        _ => {
            // A whole 8-byte field (a counter, the total, the seed).
            let i = rng.below(out.len().saturating_sub(8).max(1));
            let v = match rng.below(4) {
                0 => i64::MAX as u64,
                1 => i64::MIN as u64,
                2 => u64::MAX,
                _ => rng.next(),
            };
            for (j, b) in v.to_le_bytes().iter().enumerate() {
                if let Some(x) = out.get_mut(i + j) {
                    *x = *b;
                }
            }
        }
    }
    out
}

fn check<T: Codec + PartialEq>(bytes: &[u8]) -> bool {
    match T::decode(bytes) {
        Ok(x) => {
            assert!(x.encode() == bytes, "decoded a non-canonical encoding");
            assert!(T::decode(&x.encode()).ok() == Some(x));
            true
        }
        Err(e) => {
            assert!(e.is_decode(), "not a decode error: {e:?}");
            false
        }
    }
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
    let mut rng = Rng(1);
    let (mut decoded, mut rejected) = (0, 0);
    for original in count_mins() {
        for _ in 0..3_000 {
            let bytes = damage(&mut rng, &original);
            let a = check::<CountMin>(&bytes);
            let b = check::<ConservativeCountMin>(&bytes);
            assert!(!(a && b));
            if a || b {
                decoded += 1;
            } else {
                rejected += 1;
            }
        }
    }
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
        check::<TopK<String>>(&damage(&mut rng, &t.encode()));
        check::<TopK<u32>>(&damage(&mut rng, &n.encode()));
    }
}

#[test]
fn every_truncation_of_a_valid_encoding_is_too_short() {
    for bytes in count_mins() {
        let rule_is_conservative = bytes[8] == 1;
        for len in 0..bytes.len() {
            let e = if rule_is_conservative {
                ConservativeCountMin::decode(&bytes[..len]).unwrap_err()
            } else {
                <CountMin>::decode(&bytes[..len]).unwrap_err()
            };
            assert!(matches!(e.kind(), ErrorKind::TooShort { .. }), "{len}: {e}");
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
