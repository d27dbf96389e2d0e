//! serde (feature `serde`): every sketch serializes as its codec bytes, as
//! one base64 string in a human-readable format (JSON here) and as raw
//! bytes in a binary one (bincode here). Both forms round-trip for every
//! family, and both go through the decoder's validation.

#![cfg(feature = "serde")]

use std::fmt::Debug;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sketchfold::cardinality::HyperLogLog;
use sketchfold::codec::Codec;
use sketchfold::family::Insert;
use sketchfold::frequency::{CountMin, CountMinParams, SpaceSaving, TopK, TopKParams};
use sketchfold::membership::BloomFilter;
use sketchfold::ordered::SkipList;
use sketchfold::quantiles::{DdSketch, Kll, KllParams};
use sketchfold::similarity::{MinHash, MinHashParams, Variant};

/// Checks both forms of `value`, and that `tamper`ed codec bytes are
/// refused in both with the decoder's own message.
fn check_both_forms<T>(value: &T, tamper: impl Fn(&mut Vec<u8>))
where
    T: Codec + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let bytes = value.encode();

    // JSON: one string, the standard (RFC 4648, padded) base64 of the bytes.
    let json = serde_json::to_string(value).unwrap();
    assert_eq!(json, format!("\"{}\"", BASE64.encode(&bytes)));
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value);

    // bincode: its u64 length, then the codec bytes themselves.
    let binary = bincode::serialize(value).unwrap();
    assert_eq!(binary, bincode_bytes(&bytes));
    assert_eq!(&bincode::deserialize::<T>(&binary).unwrap(), value);

    // Tampered bytes: the same decode error, whichever form carries them.
    let mut bad = bytes.clone();
    tamper(&mut bad);
    let why = T::decode(&bad).expect_err("the tampering breaks the encoding");
    let from_json = serde_json::from_str::<T>(&format!("\"{}\"", BASE64.encode(&bad)));
    let from_json = from_json.expect_err("JSON of tampered bytes is refused");
    assert!(
        from_json.to_string().starts_with(&why.to_string()),
        "{from_json}"
    );
    let from_binary = bincode::deserialize::<T>(&bincode_bytes(&bad));
    let from_binary = from_binary.expect_err("bincode of tampered bytes is refused");
    assert_eq!(from_binary.to_string(), why.to_string());
}

/// How bincode writes a byte string: a u64 length, then the bytes.
fn bincode_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = (bytes.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(bytes);
    out
}

/// Drops the last byte: every family reports the encoding too short.
fn truncate(bytes: &mut Vec<u8>) {
    bytes.pop();
}

fn hyperloglog(precision: u8, n: u64) -> HyperLogLog {
    let mut h = HyperLogLog::new(precision);
    h.extend(0..n);
    h
}

#[test]
fn a_hyperloglog_round_trips_sparse_and_dense_in_both_forms() {
    for (p, n) in [(10, 0), (10, 20), (14, 100_000)] {
        // Precision 30 is out of range: the header's field is checked.
        check_both_forms(&hyperloglog(p, n), |b| b[6] = 30);
    }
}

#[test]
fn a_bloom_filter_round_trips_in_both_forms() {
    let mut f = BloomFilter::new(1_000, 0.01);
    f.extend(["a", "b"]);
    check_both_forms(&f, |b| b[6] = 9); // an unknown block layout
}

#[test]
fn a_count_min_round_trips_in_both_forms() {
    let mut cm = CountMin::with_params(CountMinParams::with_size(32, 2).unwrap());
    cm.try_extend(["a", "b", "a"]).unwrap();
    check_both_forms(&cm, |b| b[30] ^= 1); // a row no longer sums to the total
    let mut conservative =
        CountMin::conservative_with_params(CountMinParams::with_size(32, 2).unwrap());
    conservative.try_extend(["a", "b", "a"]).unwrap();
    check_both_forms(&conservative, truncate);
}

#[test]
fn a_top_k_round_trips_in_both_forms() {
    let mut t = TopK::with_params(
        TopKParams::with_count_min(4, CountMinParams::with_size(1 << 8, 4).unwrap()).unwrap(),
    );
    for item in [1u64, 2, 2, 3, 3, 3, 4, 5] {
        t.insert(&item).unwrap();
    }
    check_both_forms(&t, truncate);
}

#[test]
fn a_space_saving_summary_round_trips_in_both_forms() {
    let mut s = SpaceSaving::<u64>::new(8);
    s.try_extend(&[1, 2, 2, 3, 3, 3]).unwrap();
    check_both_forms(&s, truncate);
}

#[test]
fn a_minhash_signature_of_either_variant_round_trips_in_both_forms() {
    for variant in [Variant::Classic, Variant::OnePermutation] {
        let mut m = MinHash::with_params(
            MinHashParams::new(16)
                .unwrap()
                .with_variant(variant)
                .with_seed(4),
        );
        m.insert_batch(&[1u64, 2, 3]);
        check_both_forms(&m, truncate);
    }
}

#[test]
fn a_kll_sketch_of_either_item_type_round_trips_in_both_forms() {
    let mut s = Kll::<f64>::with_params(KllParams::new(64).unwrap().with_seed(3));
    let mut t = Kll::<f32>::with_params(KllParams::new(64).unwrap().with_seed(3));
    for x in 0..10_000u16 {
        s.insert(f64::from(x)).unwrap();
        t.insert(f32::from(x)).unwrap();
    }
    // The last retained item's sign byte: the items fall out of order.
    let last_sign = |b: &mut Vec<u8>| *b.last_mut().unwrap() ^= 0x80;
    check_both_forms(&s, last_sign);
    check_both_forms(&t, last_sign);
}

#[test]
fn a_ddsketch_round_trips_in_both_forms() {
    let mut s = DdSketch::new(0.01);
    for x in [1.0, -2.0, 0.0, 300.0] {
        s.insert(x).unwrap();
    }
    check_both_forms(&s, |b| b[13] ^= 0x80); // alpha turns negative
}

#[test]
fn a_skip_list_round_trips_in_both_forms() {
    let mut list: SkipList<u32, u64> = SkipList::new(&());
    for k in 0..100 {
        list.insert(k, u64::from(k) * 3).unwrap();
    }
    check_both_forms(&list, truncate);
}

#[test]
fn json_of_a_precision_14_hyperloglog_is_at_most_1_4_times_its_binary_size() {
    let h = hyperloglog(14, 100_000);
    assert!(!h.is_sparse());
    let binary = bincode::serialize(&h).unwrap().len();
    let json = serde_json::to_string(&h).unwrap().len();
    // Base64 is 4/3 of the bytes, plus two quotes: about 1.33.
    let ratio = json as f64 / binary as f64;
    assert!(
        ratio <= 1.4,
        "JSON {json} bytes, binary {binary}: {ratio:.3}x"
    );
}

#[test]
fn json_that_is_not_a_base64_string_of_codec_bytes_is_refused_with_a_reason() {
    let h = hyperloglog(10, 20);
    let canonical = BASE64.encode(h.encode());
    let cases = [
        // The bytes as an array of numbers (what serde's default would write).
        (
            serde_json::to_string(&h.encode()).unwrap(),
            "invalid type: sequence",
        ),
        ("\"not base64!\"".to_string(), "not a base64 string"),
        // Padding dropped, or a character that is not in the alphabet.
        (
            format!("\"{}\"", canonical.trim_end_matches('=')),
            "not a base64 string",
        ),
        (format!("\"-{}\"", &canonical[1..]), "not a base64 string"),
        // Valid base64 of bytes that are not an encoding.
        (format!("\"{}\"", BASE64.encode(b"SKFD")), "too short"),
        ("17".to_string(), "invalid type: integer"),
    ];
    for (json, reason) in cases {
        let e = serde_json::from_str::<HyperLogLog>(&json).expect_err(&json);
        assert!(e.to_string().contains(reason), "{json}: {e}");
    }
}

#[test]
fn a_sketch_of_another_family_is_refused_in_both_forms() {
    let mut f = BloomFilter::new(100, 0.01);
    f.extend(["a"]);
    let json = serde_json::to_string(&f).unwrap();
    assert!(serde_json::from_str::<HyperLogLog>(&json).is_err());
    let binary = bincode::serialize(&f).unwrap();
    assert!(bincode::deserialize::<HyperLogLog>(&binary).is_err());
}

#[test]
fn sketches_nested_in_a_json_document_stay_strings() {
    let doc = (hyperloglog(10, 3), vec![DdSketch::new(0.02)]);
    let json = serde_json::to_value(&doc).unwrap();
    assert!(json[0].is_string() && json[1][0].is_string(), "{json}");
    let back: (HyperLogLog, Vec<DdSketch>) = serde_json::from_value(json).unwrap();
    assert_eq!(back, doc);
}
