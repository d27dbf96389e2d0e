//! The Apache DataSketches HLL format, specified by the golden files that
//! DataSketches 5.2.0 (C++, via Python) wrote in
//! `tests/golden/datasketches-cpp/` (see its README.md and FORMAT-NOTES.md),
//! and cross-checked against datasketches-rust (the `datasketches` crate).
//!
//! - `DataSketchesHll` replays DataSketches' update path, so it rebuilds
//!   every golden image to the byte, HIP accumulator included, and reads
//!   and writes each one back unchanged.
//! - `HyperLogLog` reads every image into exactly the registers (or
//!   coupons) it builds itself from the same items, and writes the images
//!   that do not depend on update order (empty, union results) to the byte;
//!   the others differ only where the order shows, as tested below.
//! - Bad input is an error, never a panic.

use std::path::PathBuf;

use datasketches::hll::{HllSketch, HllType, HllUnion};
use serde_json::Value;
use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::HllMode::{Hll, List, Set};
use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::{DataSketchesHll, HyperLogLog, TgtHllType};
use sketchfold::ErrorKind;

const TARGETS: [TgtHllType; 3] = [TgtHllType::Hll4, TgtHllType::Hll6, TgtHllType::Hll8];

fn golden(file: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/datasketches-cpp");
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("cannot read {file} in {dir:?}: {e}"))
}

fn cases() -> Value {
    serde_json::from_slice(&golden("cases.json")).expect("cases.json parses")
}

/// One `hll_lgk12_{type}_n{n}[_updatable]` golden file: `update(i)` for
/// i in 0..n.
struct Case {
    name: String,
    target: TgtHllType,
    n: i64,
    compact: bool,
    entry: Value,
}

impl Case {
    fn bytes(&self) -> Vec<u8> {
        golden(&format!("{}.bin", self.name))
    }
}

fn hll_cases() -> Vec<Case> {
    let mut out = vec![];
    for (name, entry) in cases()["cases"].as_object().expect("a map") {
        let Some(rest) = name.strip_prefix("hll_lgk12_") else {
            continue;
        };
        let target = TARGETS[usize::from(rest.as_bytes()[4] - b'4') / 2];
        let n = entry["n"].as_i64().expect("n");
        let compact = !name.ends_with("_updatable");
        out.push(Case {
            name: name.clone(),
            target,
            n,
            compact,
            entry: entry.clone(),
        });
    }
    assert_eq!(out.len(), 27, "3 types x (5 compact + 4 updatable)");
    out
}

fn hll_files() -> Vec<String> {
    let mut files: Vec<String> = hll_cases().iter().map(|c| c.name.clone()).collect();
    files.extend(["input_a", "input_b", "result"].map(|x| format!("hll_union_{x}")));
    files.iter().map(|f| format!("{f}.bin")).collect()
}

fn type_name(t: TgtHllType) -> &'static str {
    ["hll_4", "hll_6", "hll_8"][TARGETS.iter().position(|&x| x == t).expect("a type")]
}

fn sketchfold_of(lg_k: u8, items: std::ops::Range<i64>) -> HyperLogLog {
    let mut hll = HyperLogLog::with_params(HllParams::datasketches(lg_k).expect("valid lgK"));
    items.for_each(|i| hll.insert(&i));
    hll
}

fn datasketches_of(lg_k: u8, target: TgtHllType, items: std::ops::Range<i64>) -> DataSketchesHll {
    let mut sketch = DataSketchesHll::try_new(lg_k, target).expect("valid lgK");
    items.for_each(|i| sketch.insert(&i));
    sketch
}

/// The `estimate` recorded for case `name`, parsed from the JSON text
/// itself: serde_json's default float parsing may be one ulp off, and
/// these estimates are compared to the last bit.
fn recorded_estimate(name: &str) -> f64 {
    let text = String::from_utf8(golden("cases.json")).expect("UTF-8");
    let case = text.find(&format!("\"{name}\": {{")).expect("the case");
    let key = "\"estimate\": ";
    let at = case + text[case..].find(key).expect("an estimate") + key.len();
    let end = at + text[at..].find([',', '\n', '}']).expect("a number ends");
    text[at..end].trim().parse().expect("a number")
}

/// The 3-standard-deviation bounds DataSketches recorded.
fn bounds3(entry: &Value) -> (f64, f64) {
    let b = &entry["bounds_by_num_std_dev"]["3"];
    (b[0].as_f64().expect("lower"), b[1].as_f64().expect("upper"))
}

fn image(sketch: &DataSketchesHll, compact: bool) -> Vec<u8> {
    if compact {
        sketch.to_compact_bytes()
    } else {
        sketch.to_updatable_bytes()
    }
}

fn write(hll: &HyperLogLog, target: TgtHllType) -> Vec<u8> {
    hll.to_datasketches_bytes(target)
        .expect("DataSketches hashing")
}

/// Little-endian u32s, in order.
fn le_u32s(bytes: &[u8]) -> Vec<u32> {
    let u32_at = |c: &[u8]| u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    bytes.chunks_exact(4).map(u32_at).collect()
}

/// Little-endian u32s, sorted.
fn u32s(bytes: &[u8]) -> Vec<u32> {
    let mut v = le_u32s(bytes);
    v.sort_unstable();
    v
}

#[track_caller]
fn assert_bytes_eq(got: &[u8], want: &[u8], what: &str) {
    let Some(at) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) else {
        return;
    };
    let show = |b: &[u8]| {
        format!(
            "{:02x?}",
            &b[at.saturating_sub(4).min(b.len())..(at + 12).min(b.len())]
        )
    };
    let (g, w) = (show(got), show(want));
    panic!(
        "{what}: {} bytes, {} wanted; from byte {at}:\n {g}\n {w}",
        got.len(),
        want.len()
    );
}

#[test]
fn every_golden_image_reads_as_the_sketch_sketchfold_builds_from_the_same_items() {
    for case in hll_cases() {
        let w = &case.name;
        let read = HyperLogLog::from_datasketches_bytes(&case.bytes()).expect("reads");
        let built = sketchfold_of(12, 0..case.n);
        assert_eq!(read.registers(), built.registers(), "{w}");
        assert!(read == built, "{w}: {read:?} != {built:?}");
        assert_eq!(read.is_sparse(), case.n <= 10, "{w}: coupon modes");
        let ((lo, hi), est) = (bounds3(&case.entry), read.estimate());
        assert!(lo <= est && est <= hi, "{w}: {est} not in [{lo}, {hi}]");
    }
}

#[test]
fn datasketches_hll_built_from_the_same_items_writes_every_golden_image_byte_for_byte() {
    for case in hll_cases() {
        let sketch = datasketches_of(12, case.target, 0..case.n);
        assert_bytes_eq(&image(&sketch, case.compact), &case.bytes(), &case.name);
    }
}

#[test]
fn datasketches_hll_estimates_equal_the_recorded_datasketches_estimates_to_the_last_bit() {
    for case in hll_cases() {
        let recorded = recorded_estimate(&case.name).to_bits();
        let built = datasketches_of(12, case.target, 0..case.n);
        assert_eq!(built.estimate().to_bits(), recorded, "{}", case.name);
        let read = DataSketchesHll::from_bytes(&case.bytes()).expect("reads");
        assert_eq!(read.estimate().to_bits(), recorded, "{} read", case.name);
    }
}

#[test]
fn reading_any_golden_image_and_writing_it_in_the_same_form_gives_it_back() {
    for file in hll_files() {
        let bytes = golden(&file);
        let sketch = DataSketchesHll::from_bytes(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_bytes_eq(&image(&sketch, bytes[5] & 8 != 0), &bytes, &file);
    }
}

/// DataSketches reads a compact SET by inserting its coupons, in image
/// order, into a new table, where coupons that collided may settle in
/// another order. sketchfold builds the same table, so that the next
/// update gives what DataSketches gives, but writes the image unchanged
/// until then (DataSketches would reorder it).
#[test]
fn a_read_compact_set_updates_as_datasketches_does() {
    for target in TARGETS {
        let name = format!("hll_lgk12_{}_n10.bin", type_name(target));
        let bytes = golden(&name);
        let mut ours = DataSketchesHll::from_bytes(&bytes).expect("reads");
        let mut rust = HllSketch::deserialize(&bytes).expect("datasketches-rust reads it");
        assert_eq!(image(&ours, true), bytes, "{name}: unchanged");
        assert_ne!(rust.serialize(), bytes, "{name}: DataSketches reorders it");
        for i in [10i64, 11, 12] {
            ours.insert(&i);
            rust.update(i);
            assert_bytes_eq(&image(&ours, true), &rust.serialize(), &name);
        }
    }
}

#[test]
fn the_modes_follow_datasketches_thresholds() {
    let mode = |lg_k, n| datasketches_of(lg_k, TgtHllType::Hll8, 0..n).mode();
    for (n, want) in [(0, List), (7, List), (8, Set), (384, Set), (385, Hll)] {
        assert_eq!(mode(12, n), want, "n = {n} at lgK 12");
    }
    assert_eq!(mode(7, 8), Hll, "below lgK 8, from LIST to HLL");
}

#[test]
fn a_hyperloglog_writes_the_empty_golden_images_byte_for_byte() {
    for target in TARGETS {
        let name = format!("hll_lgk12_{}_n0.bin", type_name(target));
        let written = write(&sketchfold_of(12, 0..0), target);
        assert_bytes_eq(&written, &golden(&name), &name);
    }
}

/// A `HyperLogLog` keeps coupons by slot, not in insertion order, so it
/// writes a LIST sorted by slot, and builds its SET table by inserting in
/// slot order: the same coupons, in another order wherever the order of
/// insertion shows (a LIST always, a SET where coupons collided), which
/// DataSketches reads with the same estimate.
#[test]
fn a_hyperloglog_writes_lists_and_sets_of_the_same_coupons_inserted_in_slot_order() {
    for target in TARGETS {
        for (n, start) in [(5, 8), (10, 12)] {
            let name = format!("hll_lgk12_{}_n{n}", type_name(target));
            let want = golden(&format!("{name}.bin"));
            let written = write(&sketchfold_of(12, 0..n), target);
            assert_eq!(written[..start], want[..start], "{name}");
            assert_eq!(u32s(&written[start..]), u32s(&want[start..]), "{name}");
            let rust = HllSketch::deserialize(&written).expect("DataSketches reads it");
            let recorded = recorded_estimate(&name);
            assert_eq!(rust.estimate().to_bits(), recorded.to_bits(), "{name}");
        }
        let list = write(&sketchfold_of(12, 0..5), target);
        let slots: Vec<u32> = le_u32s(&list[8..]).iter().map(|c| c & 0x3FF_FFFF).collect();
        assert!(slots.windows(2).all(|w| w[0] < w[1]), "in slot order");
    }
}

/// A `HyperLogLog` has no HIP accumulator (it depends on the order of the
/// updates), so its HLL-mode image is the one DataSketches writes for a
/// union result: out-of-order flag set (16), HIP 0. Everything else
/// (registers, kxq sums, curMin, numAtCurMin, HLL_4's aux table) is what
/// DataSketches wrote for the same items.
#[test]
fn a_hyperloglog_in_hll_mode_differs_from_update_built_images_only_in_the_order_flag_and_hip() {
    for case in hll_cases().iter().filter(|c| c.compact && c.n >= 1000) {
        let want = case.bytes();
        let mut written = write(&sketchfold_of(12, 0..case.n), case.target);
        assert_eq!(written[5], want[5] | 16, "{}: out of order", case.name);
        assert_eq!(written[8..16], [0; 8], "{}: no HIP", case.name);
        written[5] = want[5];
        written[8..16].copy_from_slice(&want[8..16]);
        assert_bytes_eq(&written, &want, &case.name);
    }
}

#[test]
fn merging_the_read_union_inputs_gives_the_read_union_result_and_writes_it_byte_for_byte() {
    let read = |f: &str| HyperLogLog::from_datasketches_bytes(&golden(f)).expect("reads");
    let (a, b) = (read("hll_union_input_a.bin"), read("hll_union_input_b.bin"));
    let result = read("hll_union_result.bin");
    let lg_ks = [a.precision(), b.precision(), result.precision()];
    assert_eq!(lg_ks, [14, 12, 12]);
    assert!(a == sketchfold_of(14, 0..50_000), "a: i in 0..50000");
    assert!(b == sketchfold_of(12, 25_000..75_000), "b: shifted");
    for merged in [a.clone().combine(&b), b.clone().combine(&a)] {
        let merged = merged.expect("same hashing");
        assert!(merged == result, "{merged:?} != {result:?}");
        let bytes = write(&merged, TgtHllType::Hll8);
        assert_bytes_eq(&bytes, &golden("hll_union_result.bin"), "union result");
        let (lo, hi) = bounds3(&cases()["cases"]["hll_union_result"]);
        let est = merged.estimate();
        assert!(lo <= est && est <= hi, "{est} not in [{lo}, {hi}]");
    }
}

/// DataSketches C++'s estimates and bounds of every golden image, union
/// result included (its composite estimator), are what `DataSketchesHll`
/// gives for the same bytes: estimates to the last bit, bounds to the
/// precision the JSON file keeps (serde_json may read them one ulp off).
#[test]
fn every_cpp_image_reads_to_datasketches_estimate_and_bounds() {
    let all = cases();
    let mut names: Vec<String> = hll_cases().into_iter().map(|c| c.name).collect();
    names.extend(["hll_union_input_a", "hll_union_input_b", "hll_union_result"].map(String::from));
    let mut checked = 0;
    for name in names {
        let sketch = DataSketchesHll::from_bytes(&golden(&format!("{name}.bin"))).expect("reads");
        let recorded = recorded_estimate(&name);
        assert_eq!(sketch.estimate().to_bits(), recorded.to_bits(), "{name}");
        let bounds = &all["cases"][name.as_str()]["bounds_by_num_std_dev"];
        if bounds.is_null() {
            continue; // the union inputs have none recorded
        }
        checked += 1;
        for sd in 1..=3u8 {
            let b = &bounds[sd.to_string()];
            let (lo, hi) = (b[0].as_f64().expect("lower"), b[1].as_f64().expect("upper"));
            let ours = (
                sketch.bounds(f64::from(sd)).map(|b| b.lower).expect("sd"),
                sketch.bounds(f64::from(sd)).map(|b| b.upper).expect("sd"),
            );
            assert!(
                (ours.0 - lo).abs() <= 1e-15 * lo,
                "{name} lower {sd}: {ours:?} {lo}"
            );
            assert!(
                (ours.1 - hi).abs() <= 1e-15 * hi,
                "{name} upper {sd}: {ours:?} {hi}"
            );
        }
    }
    assert_eq!(checked, 28, "27 single sketches and the union result");
}

/// A small deterministic generator (xorshift64*).
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// Items whose coupon value is at least 15 (h2 with 14 leading zeros or
/// more): in HLL_4 they become aux-table exceptions while curMin is low.
fn heavy_items(count: usize) -> Vec<i64> {
    let h2 = |i: &i64| sketchfold::hash::murmur3_x64_128(&i.to_le_bytes(), 9001).1;
    let heavy = |i: &i64| h2(i).leading_zeros() >= 14;
    (1i64 << 40..).filter(heavy).take(count).collect()
}

/// `n` items with repeats, with heavy items mixed in.
fn stream(seed: u64, n: usize, heavy: &[i64]) -> Vec<i64> {
    let mut rng = seed | 1;
    let distinct = (n as u64 * 3 / 4).max(1);
    let mut items: Vec<i64> = (0..n).map(|_| (next(&mut rng) % distinct) as i64).collect();
    for (i, &h) in heavy.iter().enumerate() {
        items.insert((i * 7919) % (items.len() + 1), h);
    }
    items
}

fn rust_type(t: TgtHllType) -> HllType {
    [HllType::Hll4, HllType::Hll6, HllType::Hll8]
        [TARGETS.iter().position(|&x| x == t).expect("a type")]
}

/// datasketches-rust's HLL-mode headers differ from C++ (and sketchfold)
/// in two bytes: lgArr is 0 in HLL_4 images, and HLL_6/HLL_8 images lack
/// the compact flag. Everything else must match.
#[track_caller]
fn assert_same_as_datasketches_rust(ours: &[u8], theirs: &[u8], what: &str) {
    if ours.first() == Some(&10) {
        assert_eq!(ours[..4], theirs[..4], "{what}: header");
        assert_eq!(ours[5] & 0x17, theirs[5] & 0x17, "{what}: flags");
        assert_bytes_eq(&ours[6..], &theirs[6..], what);
    } else {
        assert_bytes_eq(ours, theirs, what);
    }
}

/// datasketches-rust builds the same sketch from the same items, for every
/// lgK, type and mode: the same estimate to the last bit, the same coupon
/// order, HIP, kxq, curMin, registers and HLL_4 aux table; and it reads
/// sketchfold's images with the same estimate. Each image round-trips.
#[test]
fn datasketches_rust_builds_the_same_sketches_from_the_same_items() {
    let heavy = heavy_items(12);
    let (mut seed, mut aux, mut grown, mut shifted) = (1, 0, 0, 0);
    // DataSketches' initial HLL_4 aux table sizes by lgK (LG_AUX_ARR_INTS).
    let initial_aux_lg = [0, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10];
    for lg_k in [4u8, 5, 7, 8, 10, 12, 15] {
        for target in TARGETS {
            for n in [0usize, 1, 7, 8, 9, 30, 100, 1_000, 30_000] {
                seed += 1;
                let items = stream(seed, n, if n >= 100 { &heavy } else { &[] });
                let mut ours = DataSketchesHll::try_new(lg_k, target).expect("lgK");
                let mut rust = HllSketch::new(lg_k, rust_type(target)).expect("lgK");
                let mut hll = HyperLogLog::with_params(HllParams::datasketches(lg_k).expect("lgK"));
                for &i in &items {
                    ours.insert(&i);
                    rust.update(i);
                    hll.insert(&i);
                }
                let w = format!("lgK {lg_k} {target:?} n {n}");
                let estimate = ours.estimate().to_bits();
                assert_eq!(estimate, rust.estimate().to_bits(), "{w}");
                let bytes = ours.to_compact_bytes();
                assert_same_as_datasketches_rust(&bytes, &rust.serialize(), &w);
                let back = HllSketch::deserialize(&bytes).expect("it reads ours");
                assert_eq!(back.estimate().to_bits(), estimate, "{w}: read back");
                let registers = ours.to_hyperloglog().registers();
                assert_eq!(registers, hll.registers(), "{w}: registers");
                check_any_input(&bytes);
                check_any_input(&ours.to_updatable_bytes());
                if target == TgtHllType::Hll4 && bytes[0] == 10 {
                    aux += usize::from(bytes[36] > 0);
                    grown += usize::from(bytes[4] > initial_aux_lg[usize::from(lg_k)]);
                    shifted += usize::from(bytes[6] > 0);
                }
            }
        }
    }
    assert!(
        aux >= 3 && grown >= 1 && shifted >= 3,
        "HLL_4 paths untested"
    );
}

/// A merged `HyperLogLog` writes what a DataSketches union result converted
/// to the same type holds (datasketches-rust's union, which follows C++).
#[test]
fn a_merged_hyperloglog_writes_what_a_datasketches_union_result_holds() {
    let heavy = heavy_items(12);
    for lg_k in [4u8, 6, 9, 12] {
        for target in TARGETS {
            let mut union = HllUnion::new(lg_k).expect("lgK");
            let mut merged = HyperLogLog::with_params(HllParams::datasketches(lg_k).expect("lgK"));
            for (seed, heavy) in [(7, &heavy[..6]), (8, &heavy[6..])] {
                let mut rust = HllSketch::new(lg_k, rust_type(target)).expect("lgK");
                let mut hll = HyperLogLog::with_params(HllParams::datasketches(lg_k).expect("lgK"));
                for i in stream(seed, 3_000, heavy) {
                    rust.update(i);
                    hll.insert(&i);
                }
                union.update(&rust);
                merged.merge(&hll).expect("merges");
            }
            let theirs = union.to_sketch(rust_type(target));
            let (ours, w) = (write(&merged, target), format!("lgK {lg_k} {target:?}"));
            assert_same_as_datasketches_rust(&ours, &theirs.serialize(), &w);
            let back = HllSketch::deserialize(&ours).expect("it reads ours");
            assert_eq!(back.estimate().to_bits(), theirs.estimate().to_bits());
            // The composite estimate of a union result, computed here.
            let read = DataSketchesHll::from_bytes(&ours).expect("reads");
            assert_eq!(
                read.estimate().to_bits(),
                theirs.estimate().to_bits(),
                "{w}"
            );
        }
    }
}

/// The expected number of distinct coupons among `n` items: 2^26 slots
/// times the values 1..=63 (value v with probability 2^-v, 63 the rest).
fn expected_coupons(n: f64) -> f64 {
    let slots = f64::powi(2.0, 26);
    let distinct = |v: i32| -slots * (n * (-f64::powi(0.5, v.min(62)) / slots).ln_1p()).exp_m1();
    (1..=63).map(distinct).sum()
}

/// LIST and SET estimates interpolate DataSketches' table of the number of
/// items expected to give so many distinct coupons: they agree with that
/// function, computed here, to 10^-10 (the table is the function; the
/// rest is the error of cubic interpolation between its nodes).
#[test]
fn coupon_mode_estimates_are_the_item_counts_expected_to_give_that_many_distinct_coupons() {
    for n in [1i64, 5, 10, 20, 400, 1_000, 8_000, 20_000] {
        let sketch = datasketches_of(18, TgtHllType::Hll8, 0..n);
        let b = sketch.to_compact_bytes();
        let count = f64::from(if b[0] == 2 {
            u32::from(b[6])
        } else {
            u32s(&b[8..12])[0]
        });
        let (mut lo, mut hi) = (count, count * 1.01 + 1.0);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            let side = if expected_coupons(mid) < count {
                &mut lo
            } else {
                &mut hi
            };
            *side = mid;
        }
        let est = sketch.estimate();
        assert!((est - lo).abs() <= 1e-10 * lo, "{count}: {est} vs {lo}");
    }
}

/// The `Corrupt` field of a decode error, or the error kind's debug form.
fn failure(bytes: &[u8]) -> String {
    match HyperLogLog::from_datasketches_bytes(bytes) {
        Ok(h) => panic!("{bytes:02x?} decoded to {h:?}"),
        Err(e) => match e.kind() {
            ErrorKind::Corrupt { field, .. } => field.to_string(),
            other => format!("{other:?}"),
        },
    }
}

fn ed(file: &str, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut bytes = golden(file);
    edit(&mut bytes);
    bytes
}

fn put(bytes: &mut [u8], at: usize, v: &[u8]) {
    bytes[at..at + v.len()].copy_from_slice(v);
}

#[test]
fn header_and_payload_fields_that_contradict_the_format_are_errors() {
    let (list, set) = ("hll_lgk12_hll_8_n5.bin", "hll_lgk12_hll_8_n10.bin");
    let set_u = "hll_lgk12_hll_8_n10_updatable.bin";
    let (h8, h6) = ("hll_lgk12_hll_8_n1000.bin", "hll_lgk12_hll_6_n1000.bin");
    let (h4, h4x) = ("hll_lgk12_hll_4_n1000.bin", "hll_lgk12_hll_4_n100000.bin");
    assert!(failure(&ed(list, |b| b[2] = 15)).starts_with("WrongFamily"));
    assert!(failure(&ed(list, |b| b[1] = 2)).starts_with("UnsupportedVersion"));
    for lg_k in [0, 3, 22, 255] {
        let e = HyperLogLog::from_datasketches_bytes(&ed(list, |b| b[3] = lg_k)).expect_err("lgK");
        assert!(e.to_string().contains("4..=21"), "lgK {lg_k}: {e}");
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("mode", ed(list, |b| b[7] |= 3)),
        ("mode", ed(list, |b| b[7] |= 12)),
        ("mode", ed(list, |b| b[7] |= 16)),
        ("preamble ints", ed(list, |b| b[0] = 3)),
        ("preamble ints", ed(list, |b| b[0] = 10)),
        ("preamble ints", ed(h8, |b| b[0] = 2)),
        ("flags", ed(list, |b| b[5] |= 64)),
        ("flags", ed(list, |b| b[5] |= 4)),
        ("flags", ed("hll_lgk12_hll_8_n0.bin", |b| b[5] &= !4)),
        ("flags", ed(h8, |b| b[5] |= 4)),
        ("lgArr", ed(list, |b| b[4] = 4)),
        ("list count", ed(list, |b| b[6] = 8)),
        ("coupon", ed(list, |b| put(b, 12, &[0x56, 0x34, 0x12, 0]))),
        ("coupon", ed(list, |b| b.copy_within(8..12, 12))),
        ("set coupon count", ed(set, |b| put(b, 8, &[0xff; 4]))),
        ("lgArr", ed(set, |b| b[4] = 4)),
        ("lgArr", ed(set, |b| b[4] = 10)),
        ("lgK", ed(set, |b| b[3] = 7)),
        ("coupon", ed(set_u, |b| b.copy_within(16..20, 20))),
        ("register", ed(h8, |b| b[40] = 64)),
        ("curMin", ed(h8, |b| b[6] = 1)),
        ("lgArr", ed(h8, |b| b[4] = 5)),
        ("aux count", ed(h8, |b| b[36] = 1)),
        ("numAtCurMin", ed(h8, |b| b[32] ^= 1)),
        ("kxq0", ed(h8, |b| b[21] ^= 0x40)),
        ("kxq0", ed(h8, |b| put(b, 16, &f64::NAN.to_le_bytes()))),
        (
            "HIP accumulator",
            ed(h8, |b| put(b, 8, &(-1f64).to_le_bytes())),
        ),
        ("HLL_6 padding byte", ed(h6, |b| b[3112] = 1)),
        ("aux count", ed(h4, |b| b[40] |= 15)),
        ("aux count", ed(h4x, |b| put(b, 36, &[0xff; 4]))),
        ("aux entry", ed(h4x, |b| b[2088] ^= 1)),
        ("aux entry", ed(h4x, |b| b[2091] = 0x04)),
        ("register", ed(h4, |b| b[6] = 63)),
        ("kxq0", ed(h4x, |b| b[6] = 1)),
        ("numAtCurMin", ed(h4x, |b| b[32] = 9)),
    ];
    for (i, (field, bytes)) in cases.iter().enumerate() {
        assert_eq!(failure(bytes), *field, "case {i}");
    }
    let nan = f64::NAN.to_le_bytes();
    let mut no_hip = ed("hll_union_result.bin", |b| put(b, 8, &nan));
    let read = HyperLogLog::from_datasketches_bytes(&no_hip);
    assert!(read.is_ok(), "out of order: HIP is ignored");
    no_hip.push(0);
    assert!(failure(&no_hip).starts_with("TrailingBytes"));
}

#[test]
fn a_golden_image_cut_short_anywhere_is_a_too_short_error() {
    for file in hll_files() {
        let bytes = golden(&file);
        for len in 0..bytes.len() {
            let e = HyperLogLog::from_datasketches_bytes(&bytes[..len]).expect_err("truncated");
            let too_short = matches!(e.kind(), ErrorKind::TooShort { .. });
            assert!(too_short, "{file} cut at {len}: {e}");
        }
    }
}

/// What the readers guarantee for any input: a decode error, or a sketch
/// that writes (in every form) and reads back to itself, and writes the
/// same bytes again.
fn check_any_input(bytes: &[u8]) {
    let h = match HyperLogLog::from_datasketches_bytes(bytes) {
        Err(e) => return assert!(e.is_decode() && !e.to_string().is_empty(), "{e:?}"),
        Ok(h) => h,
    };
    for target in TARGETS {
        let written = write(&h, target);
        let read = HyperLogLog::from_datasketches_bytes(&written).expect("reads back");
        assert!(read == h, "{bytes:02x?}: {read:?} != {h:?}");
        assert_eq!(write(&read, target), written);
    }
    let sketch = DataSketchesHll::from_bytes(bytes).expect("reads as HyperLogLog does");
    assert!(sketch.to_hyperloglog() == h, "{bytes:02x?}");
    for compact in [true, false] {
        let written = image(&sketch, compact);
        let read = DataSketchesHll::from_bytes(&written).expect("reads back");
        assert!(read == sketch, "{bytes:02x?}: {read:?} != {sketch:?}");
        assert_eq!(image(&read, compact), written, "{bytes:02x?}");
    }
}

#[test]
fn any_change_to_a_golden_image_is_an_error_or_a_sketch_that_writes_back_stably() {
    // Coupon images: every value of every header byte, some of the others.
    // Register images (compact ones; updatable ones share their headers):
    // some values of the 40 header bytes and the first registers.
    let some: Vec<u8> = vec![0, 1, 15, 16, 63, 64, 255, 2, 3, 5, 7, 8, 10, 12, 32, 128];
    let every: Vec<u8> = (0..=255).collect();
    for file in hll_files() {
        let bytes = golden(&file);
        let small = bytes.len() <= 200;
        if !small && file.ends_with("_updatable.bin") {
            continue;
        }
        for at in 0..bytes.len().min(if small { 200 } else { 44 }) {
            let near = [bytes[at] ^ 1, bytes[at] ^ 0x80, bytes[at].wrapping_add(1)];
            let values = match (small, at < 12) {
                (true, true) => &every[..],
                (true, false) => &some[..],
                (false, _) => &some[..7],
            };
            for &v in values.iter().chain(&near) {
                let mut b = bytes.clone();
                b[at] = v;
                check_any_input(&b);
            }
        }
    }
    let (mut rng, files) = (0x5eed, hll_files());
    let mut below = |n: usize| (next(&mut rng) % n as u64) as usize;
    for _ in 0..500 {
        let mut b = golden(&files[below(files.len())]);
        for _ in 0..1 + below(3) {
            let at = below(b.len());
            b[at] ^= 1 << below(8);
        }
        check_any_input(&b);
    }
}

/// Inputs the fuzzer (`fuzz/`, target `decode_datasketches_hll`) keeps.
#[test]
fn saved_fuzz_inputs_decode_or_fail_cleanly() {
    let saved = "tests/fuzz_regressions/decode_datasketches_hll";
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(saved);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for path in entries.map(|e| e.expect("an entry").path()) {
        let bytes = std::fs::read(&path).expect("readable");
        check_any_input(&bytes);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with("valid_")) {
            let read = HyperLogLog::from_datasketches_bytes(&bytes);
            assert!(read.is_ok(), "{}", path.display());
        }
    }
}

#[test]
fn only_sketches_with_datasketches_hashing_and_lgk_4_to_21_are_written() {
    let mut hll = HyperLogLog::new(12);
    hll.insert(&1u64);
    for target in TARGETS {
        let e = hll
            .to_datasketches_bytes(target)
            .expect_err("XXH3 registers");
        let kind = format!("{:?}", e.kind());
        assert!(
            kind.starts_with("InvalidParameter { parameter: \"hashing\""),
            "{e}"
        );
    }
    assert!(DataSketchesHll::try_new(3, TgtHllType::Hll4).is_err());
    assert!(DataSketchesHll::try_new(22, TgtHllType::Hll4).is_err());
    assert!(DataSketchesHll::try_new(21, TgtHllType::Hll4).is_ok());
}

/// Whatever a `HyperLogLog` holds, its DataSketches image reads back to the
/// same registers; to the same sketch when DataSketches holds it the same
/// way (coupons within its LIST/SET limits, or registers).
#[test]
fn writing_then_reading_keeps_the_registers_for_every_target_and_precision() {
    let heavy = heavy_items(8);
    for lg_k in [4u8, 5, 7, 8, 11, 13, 18] {
        let set_limit = if lg_k >= 8 { 3usize << (lg_k - 5) } else { 7 };
        for n in [0usize, 1, 7, 8, set_limit, set_limit + 1, 5_000] {
            let mut hll = HyperLogLog::with_params(HllParams::datasketches(lg_k).expect("lgK"));
            let items = stream(n as u64, n, if n > 1000 { &heavy } else { &[] });
            items.iter().for_each(|i| hll.insert(i));
            let same_form = hll.coupons().map_or(true, |c| c.len() <= set_limit);
            for target in TARGETS {
                let bytes = write(&hll, target);
                let read = HyperLogLog::from_datasketches_bytes(&bytes).expect("reads");
                let w = format!("lgK {lg_k} n {n} {target:?}");
                assert_eq!(read.registers(), hll.registers(), "{w}");
                assert_eq!(read == hll, same_form, "{w}: {read:?} {hll:?}");
            }
        }
    }
}
