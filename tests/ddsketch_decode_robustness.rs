//! Decoding untrusted bytes as a DDSketch: the rules, checked over many
//! generated inputs.
//!
//! For every byte string, [`DdSketch::decode`] either returns a sketch that
//! re-encodes to exactly those bytes (for the format version written, 2;
//! version 1, still read, re-encodes as a stable version 2) and decodes
//! again to an equal sketch, or returns an error for which
//! [`Error::is_decode`](sketchfold::Error::is_decode) is true. It never
//! panics, and it allocates only for the bucket counts the input holds.
//! Inputs come from a seeded splitmix64, so a failure reproduces exactly;
//! the `decode_ddsketch` fuzz target searches the same space with coverage
//! guidance.

use sketchfold::algebra::Monoid;
use sketchfold::codec::Codec;
use sketchfold::quantiles::DdSketch;
use sketchfold::quantiles::DdSketchParams;
use sketchfold::ErrorKind;

#[path = "common/rng.rs"]
mod rng;
#[path = "common/robustness.rs"]
mod robustness;

use rng::Rng;
use robustness::check_codec;

/// Decodes `bytes` and checks the rules (tests/common/robustness.rs, or
/// [`check_version_1`]) and that the decoded value works; true if it
/// decoded.
fn decode_checked(bytes: &[u8], context: &str) -> bool {
    let decoded = if bytes.get(5) == Some(&1) {
        check_version_1(bytes, context)
    } else {
        check_codec::<DdSketch>(bytes, context)
    };
    decoded.is_some_and(|x| {
        match x.quantile(0.5) {
            Ok(Some(v)) => assert!(v.is_finite(), "{context}: median {v}"),
            Ok(None) => assert_eq!(x.count(), 0, "{context}"),
            Err(e) => assert!(!e.is_decode(), "{context}: {e}"),
        }
        true
    })
}

/// The rules for format version 1, which is read but no longer written:
/// a decoded sketch re-encodes as version 2, to bytes that decode to an
/// equal sketch and re-encode to themselves; bad bytes give a decode error.
fn check_version_1(bytes: &[u8], context: &str) -> Option<DdSketch> {
    match DdSketch::decode(bytes) {
        Ok(s) => {
            let encoded = s.encode();
            assert_eq!(
                encoded[5], 2,
                "{context}: re-encoded as version {}",
                encoded[5]
            );
            let again = DdSketch::decode(&encoded)
                .unwrap_or_else(|e| panic!("{context}: the re-encoding does not decode: {e}"));
            assert!(again == s, "{context}: decode(encode(x)) != x");
            assert!(again.encode() == encoded, "{context}: unstable re-encoding");
            Some(s)
        }
        Err(e) => {
            robustness::check_error(&e, context);
            None
        }
    }
}

fn small_encodings() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (alpha, buckets) in [(0.01, 2048), (0.05, 8), (0.5, 1)] {
        let mut s = DdSketch::with_params(
            DdSketchParams::new(alpha)
                .unwrap()
                .with_max_buckets(buckets)
                .unwrap(),
        );
        out.push(s.encode());
        for x in [-300.0, -1.0, 0.0, 0.5, 2.0, 7.0, 1e9] {
            s.insert(x).unwrap();
        }
        out.push(s.encode());
        let mut d = s.empty_like();
        d.insert_weighted(3.0, -4).unwrap();
        out.push(d.encode());
    }
    out
}

/// A header of `version`, parameters from a small valid set and a small
/// zero count.
fn near_valid_parameters(rng: &mut Rng, version: u8) -> Vec<u8> {
    let (alpha, buckets) = [(0.01f64, 2048u32), (0.05, 8), (0.5, 1)][rng.below(3)];
    parameters(version, alpha, buckets, rng.below(5) as i64 - 2)
}

/// A header of `version`, then `alpha`, `buckets` and the zero count.
fn parameters(version: u8, alpha: f64, buckets: u32, zero: i64) -> Vec<u8> {
    let mut bytes = b"SKFD\x07".to_vec();
    bytes.push(version);
    bytes.extend(alpha.to_le_bytes());
    bytes.extend(buckets.to_le_bytes());
    bytes.extend(zero.to_le_bytes());
    bytes
}

/// `v` as a LEB128 varint, `extra` bytes longer than its shortest form.
fn varint(out: &mut Vec<u8>, mut v: u64, extra: usize) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    if extra == 0 {
        out.push(v as u8);
    } else {
        out.push(v as u8 | 0x80);
        out.extend(std::iter::repeat(0x80).take(extra - 1));
        out.push(0);
    }
}

/// A version 2 header, parameters from a small valid set, a zero count,
/// and two stores of near-valid shape: varint counts, keys and gaps, now
/// and then a zero gap, a zero or extreme count, an overlong varint.
fn near_valid_v2(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = near_valid_parameters(rng, 2);
    let zigzag = |v: i64| ((v << 1) ^ (v >> 63)) as u64;
    for _ in 0..2 {
        let extra = |rng: &mut Rng| usize::from(rng.below(40) == 0);
        let most = if rng.below(4) == 0 { 12 } else { 4 };
        let n = rng.below(most);
        varint(&mut bytes, n as u64, extra(rng));
        for j in 0..n {
            let key = if j == 0 {
                zigzag(rng.below(200) as i64 - 100)
            } else {
                [0, 1, 1, 2, 5, 3000][rng.below(6)]
            };
            varint(&mut bytes, key, extra(rng));
            let c = match rng.below(8) {
                0 => 0,
                1 => i64::MAX,
                2 => i64::MIN,
                _ => rng.below(9) as i64 - 4,
            };
            varint(&mut bytes, zigzag(c), extra(rng));
        }
    }
    if rng.below(20) == 0 {
        bytes.push(0);
    }
    bytes
}

/// A version 1 header, parameters from a small valid set, a zero count,
/// and two stores of near-valid shape.
fn near_valid(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = near_valid_parameters(rng, 1);
    for _ in 0..2 {
        let most = if rng.below(4) == 0 { 12 } else { 4 };
        let n = rng.below(most);
        bytes.extend((n as u32).to_le_bytes());
        if n > 0 {
            bytes.extend((rng.below(200) as i64 - 100).to_le_bytes());
            for _ in 0..n {
                let c = match rng.below(6) {
                    0 => 0,
                    1 => i64::MAX,
                    2 => i64::MIN,
                    _ => rng.below(9) as i64 - 3,
                };
                bytes.extend(c.to_le_bytes());
            }
        }
    }
    if rng.below(20) == 0 {
        bytes.push(0);
    }
    bytes
}

#[test]
fn random_bytes_decode_or_give_a_decode_error() {
    robustness::random_inputs(1, 20_000, b"", (64, 512), decode_checked);
}

#[test]
fn near_valid_sketches_decode_or_give_a_decode_error() {
    let mut rng = Rng(2);
    let mut decoded = 0;
    for case in 0..20_000 {
        let bytes = near_valid(&mut rng);
        decoded += usize::from(decode_checked(&bytes, &format!("near-valid case {case}")));
    }
    // The generator reaches valid sketches too, not only errors.
    assert!(decoded > 100, "{decoded}");
}

#[test]
fn near_valid_version_2_sketches_decode_or_give_a_decode_error() {
    let mut rng = Rng(4);
    let mut decoded = 0;
    for case in 0..20_000 {
        let bytes = near_valid_v2(&mut rng);
        decoded += usize::from(decode_checked(
            &bytes,
            &format!("near-valid v2 case {case}"),
        ));
    }
    assert!(decoded > 100, "{decoded}");
}

#[test]
fn damaged_truncated_and_extended_valid_encodings_decode_or_give_a_decode_error() {
    robustness::damage_of_valid_encodings::<DdSketch>(3, &small_encodings(), 400, decode_checked);
}

#[test]
fn a_huge_declared_bucket_count_is_rejected_before_allocating() {
    // 2^20 buckets declared (8 MiB), none present; alpha 1e-5 has keys
    // from about -3.6e7 to 3.6e7, so the span itself is valid.
    let mut bytes = parameters(1, 1e-5, 1 << 20, 0);
    bytes.extend((1u32 << 20).to_le_bytes());
    bytes.extend(0i64.to_le_bytes());
    bytes.extend([1u8; 16]);
    let e = DdSketch::decode(&bytes).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::TooShort {
                what: "bucket counts",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_huge_declared_bucket_count_of_version_2_is_rejected_before_allocating() {
    let mut bytes = parameters(2, 1e-5, 1 << 20, 0);
    varint(&mut bytes, 1 << 20, 0);
    bytes.extend([1u8; 16]);
    let e = DdSketch::decode(&bytes).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::TooShort {
                what: "buckets",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn another_familys_bytes_are_refused_with_the_family_named() {
    let hll = sketchfold::cardinality::HyperLogLog::new(8).encode();
    let e = DdSketch::decode(&hll).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::WrongFamily { .. }), "{e}");
    assert!(e.to_string().contains("DDSketch"), "{e}");
}
