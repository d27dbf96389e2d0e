//! The Apache DataSketches KLL images as DataSketches **Java** 6.2.0 writes
//! them (`KllFloatsSketch`, `KllDoublesSketch`, `KllLongsSketch`: Spark
//! SQL's `kll_sketch_agg_float`, `_double` and `_bigint`), specified by the
//! golden files in `tests/golden/datasketches-java/`: each image reads as a
//! `Kll<f32>`, `Kll<f64>` or `Kll<i64>` that gives every answer DataSketches
//! Java recorded (quantiles at ranks 0 to 1, inclusive and exclusive, ranks
//! of items in and around the data, n, k, min k, min, max, retained count,
//! rank error) to the last bit, and writes back to the same bytes.

use std::path::PathBuf;

use serde_json::Value;
use sketchfold::algebra::Semigroup;
use sketchfold::codec::Codec;
use sketchfold::quantiles::KllParams;
use sketchfold::quantiles::{Kll, KllItem};

fn golden(file: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/datasketches-java");
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("cannot read {file} in {dir:?}: {e}"))
}

fn kll_cases(item: &str) -> Vec<(String, Value)> {
    let all: Value = serde_json::from_slice(&golden("cases.json")).expect("cases.json parses");
    let map = all["cases"].as_object().expect("a map of cases");
    map.iter()
        .filter(|(_, c)| c["family"] == "kll" && c["item"] == item)
        .map(|(name, c)| (name.clone(), c.clone()))
        .collect()
}

/// The bits of a recorded float or double (`{"v": .., "bits": "0x.."}`).
fn bits(v: &Value) -> u64 {
    let hex = v["bits"].as_str().expect("bits");
    u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex bits")
}

/// How a recorded item reads, per item type.
trait Recorded: KllItem {
    fn recorded(v: &Value) -> Self;
    fn same(self, other: Self) -> bool;
}

impl Recorded for f32 {
    fn recorded(v: &Value) -> f32 {
        f32::from_bits(bits(v) as u32)
    }
    fn same(self, other: f32) -> bool {
        self.to_bits() == other.to_bits()
    }
}

impl Recorded for f64 {
    fn recorded(v: &Value) -> f64 {
        f64::from_bits(bits(v))
    }
    fn same(self, other: f64) -> bool {
        self.to_bits() == other.to_bits()
    }
}

impl Recorded for i64 {
    fn recorded(v: &Value) -> i64 {
        v.as_i64().expect("a long")
    }
    fn same(self, other: i64) -> bool {
        self == other
    }
}

fn list<'a>(case: &'a Value, key: &str) -> &'a Vec<Value> {
    case[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} recorded"))
}

/// Every answer recorded for every case of `item`; returns how many
/// quantiles at rank 0 were an exact minimum that is not retained.
fn check_all<T: Recorded>(item: &str) -> usize {
    let cases = kll_cases(item);
    assert_eq!(cases.len(), 8, "{item}: 6 sizes, k = 50 and a merge");
    let mut unretained_min = 0;
    for (name, c) in cases {
        let bytes = golden(&format!("{name}.bin"));
        let s = Kll::<T>::from_datasketches_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.to_datasketches_bytes(), bytes, "{name}: written back");
        assert_eq!(s.count(), c["n"].as_u64().expect("n"), "{name}");
        assert_eq!(u64::from(s.k()), c["k"].as_u64().expect("k"), "{name}");
        if let Some(min_k) = c["min_k"].as_u64() {
            assert_eq!(u64::from(s.min_k()), min_k, "{name}");
        }
        assert_eq!(
            s.retained() as u64,
            c["num_retained"].as_u64().expect("retained")
        );
        assert_eq!(
            s.is_estimation_mode(),
            c["estimation_mode"] == true,
            "{name}"
        );
        for (pmf, e) in [false, true]
            .into_iter()
            .zip(list(&c, "normalized_rank_error"))
        {
            let (ours, theirs) = (s.normalized_rank_error(pmf), f64::from_bits(bits(e)));
            assert!(
                (ours - theirs).abs() <= 1e-15,
                "{name}: rank error {ours} {theirs}"
            );
        }
        if s.is_empty() {
            assert_eq!(s.quantile(0.5).expect("a rank"), None);
            continue;
        }
        let (min, max) = (T::recorded(&c["min"]), T::recorded(&c["max"]));
        assert!(s.min().is_some_and(|m| m.same(min)), "{name}: min");
        assert!(s.max().is_some_and(|m| m.same(max)), "{name}: max");
        let ranks = list(&c, "ranks");
        for (key, inclusive) in [
            ("quantiles_inclusive", true),
            ("quantiles_exclusive", false),
        ] {
            for (r, want) in ranks.iter().zip(list(&c, key)) {
                let rank = f64::from_bits(bits(r));
                let q = if inclusive {
                    s.quantile(rank)
                } else {
                    s.quantile_exclusive(rank)
                };
                let q = q.expect("a rank").expect("not empty");
                let want = T::recorded(want);
                assert!(q.same(want), "{name} {key} at {rank}: {q:?} != {want:?}");
            }
        }
        let first = s.quantile(0.0).expect("rank 0").expect("not empty");
        assert!(first.same(min), "{name}: rank 0 is the exact minimum");
        let last = s
            .quantile_exclusive(1.0)
            .expect("rank 1")
            .expect("not empty");
        assert!(last.same(max), "{name}: rank 1 is the exact maximum");
        if !s.weighted_items().any(|(x, _)| x.same(min)) {
            unretained_min += 1;
        }
        let items = list(&c, "rank_items");
        for (key, inclusive) in [("ranks_inclusive", true), ("ranks_exclusive", false)] {
            for (x, want) in items.iter().zip(list(&c, key)) {
                let x = T::recorded(x);
                let rank = if inclusive {
                    s.rank(x)
                } else {
                    s.rank_exclusive(x)
                };
                let rank = rank.expect("not NaN").expect("not empty");
                let want = f64::from_bits(bits(want));
                assert_eq!(rank.to_bits(), want.to_bits(), "{name} {key} of {x:?}");
            }
        }
    }
    unretained_min
}

#[test]
fn every_java_float_image_gives_datasketches_java_answers_and_writes_back_to_itself() {
    assert!(
        check_all::<f32>("float") >= 3,
        "compaction dropped some minima"
    );
}

#[test]
fn every_java_double_image_gives_datasketches_java_answers_and_writes_back_to_itself() {
    assert!(
        check_all::<f64>("double") >= 3,
        "compaction dropped some minima"
    );
}

#[test]
fn every_java_long_image_gives_datasketches_java_answers_and_writes_back_to_itself() {
    assert!(
        check_all::<i64>("long") >= 3,
        "compaction dropped some minima"
    );
}

/// A KLL image does not say whether it holds doubles or longs (both are 8
/// bytes an item): the caller picks the type. A wrong pick reads only if
/// the bits happen to sort the same way as the other type; here the
/// negative longs do not, and float images differ in size.
#[test]
fn a_long_image_read_as_another_type_is_a_decode_error_here() {
    let longs = golden("kll_long_k200_n100000.bin");
    let as_doubles = Kll::<f64>::from_datasketches_bytes(&longs).expect_err("unsorted as f64");
    assert!(as_doubles.is_decode(), "{as_doubles}");
    assert!(Kll::<f32>::from_datasketches_bytes(&longs).is_err());
    assert!(Kll::<i64>::from_datasketches_bytes(&golden("kll_float_k200_n100000.bin")).is_err());
}

/// Java long sketches go on as `Kll<i64>`: merged with each other and with
/// sketchfold's own, updated, encoded in both formats.
#[test]
fn java_long_sketches_merge_update_and_encode_as_kll_i64() {
    let read = |f: &str| Kll::<i64>::from_datasketches_bytes(&golden(f)).expect("reads");
    let mut a = read("kll_long_k200_n100000.bin");
    let b = read("kll_long_merged.bin");
    a.merge(&b).expect("merges");
    assert_eq!(a.min_k(), 100, "the merged input's min k");
    let mut ours = Kll::<i64>::with_params(KllParams::new(200).expect("k").with_seed(9));
    for i in 0..50_000i64 {
        ours.insert(i * 3 - 70_000_000_000)
            .expect("an i64 is never refused");
    }
    a.merge(&ours).expect("merges");
    assert_eq!(a.count(), 100_000 + 50_000 + 50_000);
    assert_eq!(a.min(), Some(-70_000_000_000));
    assert_eq!(a.quantile(0.0).expect("rank"), a.min());
    assert_eq!(a.quantile(1.0).expect("rank"), a.max());
    let image = a.to_datasketches_bytes();
    let back = Kll::<i64>::from_datasketches_bytes(&image).expect("reads back");
    assert_eq!(back.to_datasketches_bytes(), image);
    assert_eq!(
        back.quantile(0.5).expect("rank"),
        a.quantile(0.5).expect("rank")
    );
    let decoded = Kll::<i64>::decode(&a.encode()).expect("codec");
    assert_eq!(decoded, a);
    assert!(
        Kll::<f64>::decode(&a.encode()).is_err(),
        "the item type is checked"
    );
    let mut extremes = Kll::<i64>::new(8);
    for x in [i64::MIN, i64::MAX, 0, -1, 1] {
        extremes.insert(x).expect("inserts");
    }
    assert_eq!(extremes.quantile(0.0).expect("rank"), Some(i64::MIN));
    assert_eq!(extremes.quantile(1.0).expect("rank"), Some(i64::MAX));
    assert_eq!(extremes.rank(-1).unwrap(), Some(0.4));
}

#[cfg(feature = "serde")]
#[test]
fn kll_i64_serializes_as_its_codec_bytes() {
    let s = Kll::<i64>::from_datasketches_bytes(&golden("kll_long_k200_n1000.bin")).expect("reads");
    let json = serde_json::to_string(&s).expect("serializes");
    let back: Kll<i64> = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, s);
    assert!(serde_json::from_str::<Kll<f64>>(&json).is_err());
}
