//! Hash test vectors: the contract that keeps stored sketches readable.
//!
//! 1. DataSketches compatibility: MurmurHash3 x64-128 (seed 9001) and the
//!    HLL coupon of every vector in
//!    `tests/golden/datasketches-cpp/hash_vectors.json`, which the
//!    DataSketches library itself checked (ints, strings and doubles,
//!    ±0.0, NaN and infinities included), plus the 16-bit seed hash.
//! 2. sketchfold's own seeded XXH3 `StableHash`: the outputs below are
//!    pinned constants. Every encoded sketchfold sketch depends on them, so
//!    **any change to item hashing fails this test on purpose**; a change
//!    that is truly intended needs a new format version, not new constants.

use serde_json::Value;
use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::{DataSketchesHll, HyperLogLog, TgtHllType};
use sketchfold::hash::{datasketches_seed_hash, murmur3_x64_128, StableHash, DEFAULT_SEED};

const DATASKETCHES_SEED: u64 = 9001;

fn hex_u64(v: &Value) -> u64 {
    let s = v.as_str().expect("a hex string");
    u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex")
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex byte"))
        .collect()
}

fn vectors() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/datasketches-cpp/hash_vectors.json");
    let text =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_slice(&text).expect("hash_vectors.json parses");
    assert_eq!(doc["seed"], 9001);
    doc["vectors"].as_array().expect("vectors").clone()
}

/// What DataSketches expects for one vector.
struct Expected {
    what: String,
    h1: u64,
    h2: u64,
    coupon: u32,
}

/// The coupon a one-item sketch stores, through both DataSketches paths.
fn check_item<T: StableHash + ?Sized>(item: &T, want: &Expected) {
    assert_eq!(
        item.murmur3_128(DATASKETCHES_SEED),
        Some((want.h1, want.h2)),
        "{}: murmur3_128",
        want.what
    );
    let mut hll = HyperLogLog::with_params(HllParams::datasketches(12).expect("lgK 12"));
    hll.insert(item);
    assert_eq!(
        hll.coupons(),
        Some(vec![want.coupon]),
        "{}: HyperLogLog coupon",
        want.what
    );
    let mut sketch = DataSketchesHll::try_new(12, TgtHllType::Hll8).expect("lgK 12");
    sketch.insert(item);
    let bytes = sketch.to_compact_bytes();
    assert_eq!(
        bytes[8..12],
        want.coupon.to_le_bytes(),
        "{}: DataSketchesHll LIST coupon",
        want.what
    );
}

#[test]
fn murmur3_and_hll_coupons_match_every_datasketches_vector() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 18);
    let mut kinds = std::collections::BTreeMap::new();
    for v in &vectors {
        let kind = v["type"].as_str().expect("type");
        let shown = v["python_value"].as_str().expect("python_value");
        let bytes = hex_bytes(v["hashed_bytes_hex"].as_str().expect("hashed bytes"));
        let want = Expected {
            what: format!("{kind} {shown}"),
            h1: hex_u64(&v["h1"]),
            h2: hex_u64(&v["h2"]),
            coupon: v["hll_coupon"].as_u64().expect("coupon") as u32,
        };
        assert_eq!(
            murmur3_x64_128(&bytes, DATASKETCHES_SEED),
            (want.h1, want.h2),
            "{}",
            want.what
        );
        assert_eq!(
            hex_u64(&v["theta_hash"]),
            want.h1 >> 1,
            "{}: theta hash",
            want.what
        );
        let slot = v["hll_slot26"].as_u64().expect("slot") as u32;
        let value = v["hll_value"].as_u64().expect("value") as u32;
        assert_eq!(
            want.coupon,
            value << 26 | slot,
            "{}: coupon layout",
            want.what
        );
        let lz = want.h2.leading_zeros().min(62) + 1;
        assert_eq!(
            (slot, value),
            ((want.h1 & 0x3FF_FFFF) as u32, lz),
            "{}",
            want.what
        );
        match kind {
            // Python int -> int64: 8 little-endian two's-complement bytes.
            "int" => {
                let i: i64 = shown.parse().expect("an i64");
                assert_eq!(bytes, i.to_le_bytes(), "{}", want.what);
                check_item(&i, &want);
                if let Ok(small) = i32::try_from(i) {
                    check_item(&small, &want); // sign-extended, as in C++
                }
                if let Ok(unsigned) = u64::try_from(i) {
                    check_item(&unsigned, &want);
                }
                check_item(&(i as u64), &want); // the 8 bytes as they are
            }
            // UTF-8 bytes, no length, no terminator.
            "str" => {
                let s = String::from_utf8(bytes.clone()).expect("UTF-8");
                check_item(s.as_str(), &want);
                check_item(&s, &want);
                check_item(&bytes[..], &want);
            }
            // Python float -> double: -0.0 as 0.0, NaN as 0x7FF8000000000000.
            "float" => {
                let f: f64 = shown.parse().expect("an f64");
                check_item(&f, &want);
                if f.is_nan() {
                    check_item(&-f, &want);
                    check_item(&f64::from_bits(0x7FF0_0000_0000_0001), &want);
                }
                if f.is_nan() || f64::from(f as f32) == f {
                    check_item(&(f as f32), &want); // widened first
                }
            }
            other => panic!("unknown vector type {other}"),
        }
        *kinds.entry(kind.to_string()).or_insert(0) += 1;
    }
    assert_eq!(kinds.len(), 3, "ints, strings and floats: {kinds:?}");
}

/// Python's `1` and `1.0` are different items to DataSketches (the int's
/// bytes against the double's), as `1i64` and `1.0f64` are here; only
/// zero has the same bytes both ways.
#[test]
fn ints_and_floats_of_equal_value_hash_differently_except_zero() {
    assert_ne!(
        1i64.murmur3_128(DATASKETCHES_SEED),
        1.0f64.murmur3_128(DATASKETCHES_SEED)
    );
    assert_ne!(
        1i64.stable_hash(DEFAULT_SEED),
        1.0f64.stable_hash(DEFAULT_SEED)
    );
    assert_eq!(
        0i64.murmur3_128(DATASKETCHES_SEED),
        0.0f64.murmur3_128(DATASKETCHES_SEED)
    );
}

#[test]
fn empty_strings_and_byte_arrays_are_not_hashed_for_datasketches() {
    assert_eq!("".murmur3_128(DATASKETCHES_SEED), None);
    assert_eq!(b"".as_slice().murmur3_128(DATASKETCHES_SEED), None);
    assert_eq!(String::new().murmur3_128(DATASKETCHES_SEED), None);
    let mut sketch = DataSketchesHll::try_new(12, TgtHllType::Hll8).expect("lgK 12");
    sketch.insert("");
    sketch.insert(&b""[..]);
    assert!(sketch.is_empty(), "ignored, as DataSketches ignores them");
    sketch.insert("a");
    assert_eq!(sketch.estimate(), 1.0);
}

#[test]
fn the_datasketches_seed_hash_of_9001_is_0x93cc() {
    assert_eq!(datasketches_seed_hash(9001), 0x93CC);
}

/// Both pinned outputs of an item: seeds 0 and `DEFAULT_SEED`.
fn both<T: StableHash + ?Sized>(item: &T) -> [u64; 2] {
    [item.stable_hash(0), item.stable_hash(DEFAULT_SEED)]
}

/// The items whose XXH3 hashes are pinned, each by name: one of each kind
/// of item (integers, wide integers, bool, char, floats, strings, bytes,
/// tuples of 2 and 3).
fn pinned_items() -> Vec<(&'static str, [u64; 2])> {
    vec![
        ("5u64", both(&5u64)),
        ("-5i64", both(&-5i64)),
        ("u64::MAX", both(&u64::MAX)),
        ("i64::MIN", both(&i64::MIN)),
        ("5i128", both(&5i128)),
        ("-5i128", both(&-5i128)),
        ("u128::MAX", both(&u128::MAX)),
        ("true", both(&true)),
        ("false", both(&false)),
        ("'a'", both(&'a')),
        ("'€'", both(&'€')),
        ("0.0f64", both(&0.0f64)),
        ("1.5f64", both(&1.5f64)),
        ("-2.25f64", both(&-2.25f64)),
        ("f64::NAN", both(&f64::NAN)),
        ("f64::INFINITY", both(&f64::INFINITY)),
        ("f64::NEG_INFINITY", both(&f64::NEG_INFINITY)),
        ("\"\"", both("")),
        ("\"a\"", both("a")),
        ("\"hello world\"", both("hello world")),
        ("\"é∂\"", both("é∂")),
        ("b\"\\x00\\xff\"", both(&[0u8, 0xff])),
        ("(1u64, \"a\")", both(&(1u64, "a"))),
        ("(1u64, 2u64, 3u64)", both(&(1u64, 2u64, 3u64))),
        ("(\"x\", -1i64, 0.5f64)", both(&("x", -1i64, 0.5f64))),
    ]
}

/// `[stable_hash(0), stable_hash(DEFAULT_SEED)]` of each pinned item, as
/// computed by sketchfold 0.1.0. Do not update these to make the test
/// pass: a different value means stored sketches no longer match.
const PINNED: [(&str, [u64; 2]); 25] = [
    ("5u64", [0x8e03e9aa39aaa78c, 0x6e07277b59fb43c9]),
    ("-5i64", [0x69810bb3f3d34721, 0x2fbfafe000a39c10]),
    ("u64::MAX", [0x5111c7e47d784413, 0x38d46f7f8e8c569b]),
    ("i64::MIN", [0x828f2476789a0e5f, 0xd8e2a76238404e23]),
    ("5i128", [0x6fa99e251541a1f6, 0xdf5ce488445ae2dd]),
    ("-5i128", [0xca5b683113e20c0a, 0xbd51d7745604d394]),
    ("u128::MAX", [0x722a202f07a4b313, 0x200950c60434db12]),
    ("true", [0x2fbc593564db792e, 0xc2b40e532b761066]),
    ("false", [0xc77b3abb6f87acd9, 0xbca71ab2f79254e8]),
    ("'a'", [0x36a3403dfdf62f03, 0x768575e041ccc82f]),
    ("'€'", [0xdcd8ac3d1545a8a9, 0x87deccc7cd6df235]),
    ("0.0f64", [0xc77b3abb6f87acd9, 0xbca71ab2f79254e8]),
    ("1.5f64", [0x2561a4889ff63458, 0xb0fc022b879ad860]),
    ("-2.25f64", [0xff86175a8390a37a, 0x57e6f5fefeea9e7d]),
    ("f64::NAN", [0x0aa61dcfa381c167, 0xf2c9113b7782ecfd]),
    ("f64::INFINITY", [0x359afb8a3a239b72, 0xc6d25e8be7656943]),
    (
        "f64::NEG_INFINITY",
        [0x966b04ab6a2f4836, 0xda04700a8c691ba9],
    ),
    ("\"\"", [0x2d06800538d394c2, 0xb22c3b64f4059241]),
    ("\"a\"", [0xe6c632b61e964e1f, 0x682c3cb7b438089f]),
    ("\"hello world\"", [0xd447b1ea40e6988b, 0xef5e5677f475c205]),
    ("\"é∂\"", [0xbab5f15b9fe843bf, 0xb63cc49a3ea9ebfd]),
    ("b\"\\x00\\xff\"", [0xa99b043a346c8bf3, 0x03b1a976e6201b2e]),
    ("(1u64, \"a\")", [0x3c8a2ecde8d5eb6e, 0x84bac427d25c6239]),
    (
        "(1u64, 2u64, 3u64)",
        [0x4cfa6f2ee83dbda3, 0xe1571454e7b7ed43],
    ),
    (
        "(\"x\", -1i64, 0.5f64)",
        [0xf8538a2ab8fa37ff, 0xc2ea56659e503443],
    ),
];

#[test]
fn xxh3_item_hashes_are_pinned() {
    let current = pinned_items();
    assert_eq!(current.len(), PINNED.len());
    for ((name, hashes), (pinned_name, pinned)) in current.into_iter().zip(PINNED) {
        assert_eq!(name, pinned_name);
        assert_eq!(
            hashes, pinned,
            "{name}: hashing changed; every stored sketch depends on it"
        );
    }
    assert_eq!(
        "".stable_hash(0),
        0x2d06_8005_38d3_94c2,
        "XXH3-64 of the empty input with seed 0, the reference value"
    );
}

#[test]
fn integers_of_equal_value_hash_alike_whatever_their_type() {
    for seed in [0, DEFAULT_SEED, 7] {
        let five = 5u64.stable_hash(seed);
        for h in [
            5u8.stable_hash(seed),
            5u16.stable_hash(seed),
            5u32.stable_hash(seed),
            5usize.stable_hash(seed),
            5i8.stable_hash(seed),
            5i16.stable_hash(seed),
            5i32.stable_hash(seed),
            5i64.stable_hash(seed),
            5isize.stable_hash(seed),
        ] {
            assert_eq!(h, five, "seed {seed}");
        }
        let minus_five = (-5i64).stable_hash(seed);
        for h in [
            (-5i8).stable_hash(seed),
            (-5i16).stable_hash(seed),
            (-5i32).stable_hash(seed),
            (-5isize).stable_hash(seed),
        ] {
            assert_eq!(h, minus_five, "seed {seed}: sign-extended");
        }
        assert_eq!(5i128.stable_hash(seed), 5u128.stable_hash(seed));
        assert_ne!(5i128.stable_hash(seed), five, "16 bytes, not 8");
        assert_eq!(true.stable_hash(seed), 1u64.stable_hash(seed));
        assert_eq!(false.stable_hash(seed), 0u64.stable_hash(seed));
        assert_eq!('a'.stable_hash(seed), 97u64.stable_hash(seed));
    }
}

#[test]
fn floats_hash_canonically_negative_zero_and_every_nan_alike_f32_widened() {
    for seed in [0, DEFAULT_SEED] {
        let nan = f64::NAN.stable_hash(seed);
        for other in [
            (-f64::NAN).stable_hash(seed),
            f64::from_bits(0x7FF0_0000_0000_0001).stable_hash(seed),
            f64::from_bits(0xFFF8_0000_0000_0000).stable_hash(seed),
            f32::NAN.stable_hash(seed),
            (-f32::NAN).stable_hash(seed),
        ] {
            assert_eq!(other, nan, "seed {seed}");
        }
        assert_eq!((-0.0f64).stable_hash(seed), 0.0f64.stable_hash(seed));
        assert_eq!((-0.0f32).stable_hash(seed), 0.0f64.stable_hash(seed));
        assert_eq!(1.5f32.stable_hash(seed), 1.5f64.stable_hash(seed));
        assert_eq!(
            f32::INFINITY.stable_hash(seed),
            f64::INFINITY.stable_hash(seed)
        );
        assert_ne!(
            f64::INFINITY.stable_hash(seed),
            f64::NEG_INFINITY.stable_hash(seed)
        );
    }
}

#[test]
fn strings_and_byte_slices_hash_their_bytes_in_every_container() {
    for seed in [0, DEFAULT_SEED] {
        let abc = "abc".stable_hash(seed);
        assert_eq!(String::from("abc").stable_hash(seed), abc);
        assert_eq!(b"abc".as_slice().stable_hash(seed), abc);
        assert_eq!(b"abc".stable_hash(seed), abc);
        assert_eq!(b"abc".to_vec().stable_hash(seed), abc);
        assert_eq!(Box::<str>::from("abc").stable_hash(seed), abc);
        assert_eq!((&&"abc").stable_hash(seed), abc);
        assert_ne!("".stable_hash(seed), 0u64.stable_hash(seed));
    }
}

#[test]
fn tuples_hash_the_seeded_hashes_of_their_members_in_order() {
    for seed in [0, DEFAULT_SEED] {
        let pair = (1u64, "a").stable_hash(seed);
        let members = [1u64.stable_hash(seed), "a".stable_hash(seed)];
        assert_eq!(pair, sketchfold::hash::combine(&members, seed));
        assert_ne!(pair, ("a", 1u64).stable_hash(seed), "order matters");
        assert_ne!(
            (1u64, 2u64, 3u64).stable_hash(seed),
            (1u64, (2u64, 3u64)).stable_hash(seed)
        );
    }
}
