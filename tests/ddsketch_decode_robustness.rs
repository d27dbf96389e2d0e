//! Decoding untrusted bytes as a DDSketch: the rules, checked over many
//! generated inputs.
//!
//! For every byte string, [`DdSketch::decode`] either returns a sketch that
//! re-encodes to exactly those bytes and decodes again to an equal sketch,
//! or returns an error for which
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

/// Decodes `bytes` and checks the rules (tests/common/robustness.rs) and
/// that the decoded value works; true if it decoded.
fn decode_checked(bytes: &[u8], context: &str) -> bool {
    check_codec::<DdSketch>(bytes, context).is_some_and(|x| {
        match x.quantile(0.5) {
            Ok(Some(v)) => assert!(v.is_finite(), "{context}: median {v}"),
            Ok(None) => assert_eq!(x.count(), 0, "{context}"),
            Err(e) => assert!(!e.is_decode(), "{context}: {e}"),
        }
        true
    })
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

/// A header, parameters from a small valid set, a zero count, and two
/// stores of near-valid shape.
fn near_valid(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = b"SKFD\x07\x01".to_vec();
    let (alpha, buckets) = [(0.01f64, 2048u32), (0.05, 8), (0.5, 1)][rng.below(3)];
    bytes.extend(alpha.to_le_bytes());
    bytes.extend(buckets.to_le_bytes());
    bytes.extend((rng.below(5) as i64 - 2).to_le_bytes());
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
fn damaged_truncated_and_extended_valid_encodings_decode_or_give_a_decode_error() {
    robustness::damage_of_valid_encodings::<DdSketch>(3, &small_encodings(), 400, decode_checked);
}

#[test]
fn a_huge_declared_bucket_count_is_rejected_before_allocating() {
    // 2^20 buckets declared (8 MiB), none present; alpha 1e-5 has keys
    // from about -3.6e7 to 3.6e7, so the span itself is valid.
    let mut bytes = b"SKFD\x07\x01".to_vec();
    bytes.extend(1e-5f64.to_le_bytes());
    bytes.extend((1u32 << 20).to_le_bytes());
    bytes.extend(0i64.to_le_bytes());
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
fn another_familys_bytes_are_refused_with_the_family_named() {
    let hll = sketchfold::cardinality::HyperLogLog::new(8).encode();
    let e = DdSketch::decode(&hll).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::WrongFamily { .. }), "{e}");
    assert!(e.to_string().contains("DDSketch"), "{e}");
}
