//! The Apache DataSketches HLL format as DataSketches **Java** 6.2.0 writes
//! it (the library of Spark SQL's `hll_sketch_agg`, Druid, Pinot and Hive),
//! specified by the golden files in `tests/golden/datasketches-java/` (see
//! its README.md): every image reads, gives DataSketches' estimate,
//! composite estimate and bounds to the last bit, and writes back to
//! itself; sketches built from the same items write the same bytes; union
//! results are the merges of their inputs.

use std::path::PathBuf;

// The fuzz target's rules for any input (`fuzz/src/`), included by path.
#[allow(dead_code)]
#[path = "../fuzz/src/decode.rs"]
mod decode;

#[path = "../fuzz/src/datasketches.rs"]
mod datasketches;

#[path = "common/rng.rs"]
mod rng;

use serde_json::Value;
use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::{DataSketchesHll, HllMode, HyperLogLog, TgtHllType};
use sketchfold::ErrorKind;

const DIR: &str = "tests/golden/datasketches-java";

fn golden(file: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DIR);
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("cannot read {file} in {dir:?}: {e}"))
}

fn cases() -> Vec<(String, Value)> {
    let all: Value = serde_json::from_slice(&golden("cases.json")).expect("cases.json parses");
    let map = all["cases"].as_object().expect("a map of cases");
    map.iter()
        .filter(|(_, c)| c["family"] == "hll")
        .map(|(name, c)| (name.clone(), c.clone()))
        .collect()
}

/// A recorded double: its exact bits.
fn bits(v: &Value) -> u64 {
    let hex = v["bits"].as_str().expect("bits");
    u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex bits")
}

fn target(case: &Value) -> TgtHllType {
    match case["type"].as_str().expect("a type") {
        "HLL_4" => TgtHllType::Hll4,
        "HLL_6" => TgtHllType::Hll6,
        _ => TgtHllType::Hll8,
    }
}

fn lg_k(case: &Value) -> u8 {
    case["lg_k"].as_u64().expect("lg_k") as u8
}

/// The items of an input rule: `update(long i)` or `update("item-" + i)`
/// for i in `start..start + n`, inserted into `insert`.
fn replay(input: &Value, mut insert: impl FnMut(Item<'_>)) {
    let start = input["start"].as_i64().expect("start");
    let n = input["n"].as_i64().expect("n");
    let strings = input["rule"].as_str().expect("a rule").contains("item-");
    for i in start..start + n {
        if strings {
            insert(Item::Str(&format!("item-{i}")));
        } else {
            insert(Item::Long(i));
        }
    }
}

enum Item<'a> {
    Long(i64),
    Str(&'a str),
}

fn datasketches_of(case: &Value) -> DataSketchesHll {
    let mut s = DataSketchesHll::try_new(lg_k(case), target(case)).expect("lgK 4..=21");
    replay(&case["input"], |item| match item {
        Item::Long(i) => s.insert(&i),
        Item::Str(x) => s.insert(x),
    });
    s
}

fn hyperloglog_of(case: &Value) -> HyperLogLog {
    let mut h = HyperLogLog::with_params(HllParams::datasketches(lg_k(case)).expect("lgK 4..=21"));
    replay(&case["input"], |item| match item {
        Item::Long(i) => h.insert(&i),
        Item::Str(x) => h.insert(x),
    });
    h
}

fn is_union(case: &Value) -> bool {
    case["input"]["rule"] == "union"
}

fn read(name: &str) -> DataSketchesHll {
    DataSketchesHll::from_bytes(&golden(&format!("{name}.bin")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[track_caller]
fn assert_bytes_eq(got: &[u8], want: &[u8], what: &str) {
    let Some(at) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) else {
        return;
    };
    let show = |b: &[u8]| format!("{:02x?}", &b[at.min(b.len())..(at + 16).min(b.len())]);
    let (g, w) = (show(got), show(want));
    panic!(
        "{what}: {} bytes, {} wanted; from byte {at}:\n {g}\n {w}",
        got.len(),
        want.len()
    );
}

#[track_caller]
fn assert_bits(got: f64, want: &Value, what: &str) {
    let want = f64::from_bits(bits(want));
    assert_eq!(got.to_bits(), want.to_bits(), "{what}: {got} != {want}");
}

#[test]
fn the_golden_set_covers_every_mode_type_and_the_largest_precisions() {
    let cases = cases();
    let has = |f: &dyn Fn(&Value) -> bool| cases.iter().any(|(_, c)| f(c));
    for mode in ["LIST", "SET", "HLL"] {
        for t in ["HLL_4", "HLL_6", "HLL_8"] {
            assert!(has(&|c| c["mode"] == mode && c["type"] == t), "{mode} {t}");
        }
    }
    assert!(has(&|c| lg_k(c) == 21 && c["mode"] == "HLL"));
    assert!(has(&|c| lg_k(c) == 19 && c["mode"] == "HLL"));
    assert!(has(&|c| c["out_of_order"] == true && c["mode"] == "HLL"));
    assert!(cases.len() > 100, "{} cases", cases.len());
}

#[test]
fn every_java_image_reads_to_datasketches_estimate_composite_estimate_and_bounds_to_the_last_bit() {
    for (name, case) in cases() {
        let s = read(&name);
        assert_eq!(s.lg_k(), lg_k(&case), "{name}");
        assert_eq!(s.target(), target(&case), "{name}");
        assert_eq!(s.is_out_of_order(), case["out_of_order"] == true, "{name}");
        assert_bits(s.estimate(), &case["estimate"], &format!("{name} estimate"));
        let composite = &case["composite_estimate"];
        assert_bits(
            s.composite_estimate(),
            composite,
            &format!("{name} composite"),
        );
        for sd in 1..=3u8 {
            let i = usize::from(sd - 1);
            let lower = s.bounds(f64::from(sd)).map(|b| b.lower).expect("1..=3");
            let upper = s.bounds(f64::from(sd)).map(|b| b.upper).expect("1..=3");
            assert_bits(
                lower,
                &case["lower_bounds"][i],
                &format!("{name} lower {sd}"),
            );
            assert_bits(
                upper,
                &case["upper_bounds"][i],
                &format!("{name} upper {sd}"),
            );
        }
    }
}

#[test]
fn reading_every_java_image_and_writing_it_in_the_same_form_gives_it_back() {
    for (name, case) in cases() {
        let mut files = vec![format!("{name}.bin")];
        files.extend(case["updatable_file"].as_str().map(String::from));
        for file in files {
            let bytes = golden(&file);
            let s = DataSketchesHll::from_bytes(&bytes).expect("reads");
            let again = if file.ends_with("_updatable.bin") {
                s.to_updatable_bytes()
            } else if bytes[0] == 10 && bytes[7] >> 2 != 0 {
                // DataSketches Java writes HLL_6 and HLL_8 "compact" images
                // without the compact flag (they are its updatable ones).
                s.to_updatable_bytes()
            } else {
                s.to_compact_bytes()
            };
            assert_eq!(again, bytes, "{file}");
        }
    }
}

#[test]
fn datasketches_hll_built_from_the_same_items_writes_every_java_image_byte_for_byte() {
    for (name, case) in cases().into_iter().filter(|(_, c)| !is_union(c)) {
        let built = datasketches_of(&case);
        let compact = golden(&format!("{name}.bin"));
        let java_hll_6_8 = compact[0] == 10 && compact[7] >> 2 != 0;
        if java_hll_6_8 {
            // Java's HLL_6/HLL_8 compact image is its updatable image.
            assert_eq!(built.to_updatable_bytes(), compact, "{name}");
        } else {
            assert_eq!(built.to_compact_bytes(), compact, "{name}");
        }
        if let Some(file) = case["updatable_file"].as_str() {
            assert_eq!(built.to_updatable_bytes(), golden(file), "{file}");
        }
        assert_bits(built.estimate(), &case["estimate"], &name);
    }
}

#[test]
fn every_java_image_reads_into_the_registers_sketchfold_builds_from_the_same_items() {
    for (name, case) in cases().into_iter().filter(|(_, c)| !is_union(c)) {
        let bytes = golden(&format!("{name}.bin"));
        let read = HyperLogLog::from_datasketches_bytes(&bytes).expect("reads");
        let built = hyperloglog_of(&case);
        assert_eq!(read.precision(), lg_k(&case), "{name}");
        assert_eq!(read.registers(), built.registers(), "{name}");
    }
}

/// Merging the read inputs of each Java union gives the union's registers,
/// and the merge, written as DataSketches writes a union result, has
/// DataSketches' union estimate to the last bit where DataSketches
/// estimates its result from the registers alone (out of order).
#[test]
fn merged_inputs_of_every_java_union_give_its_registers_and_its_estimate() {
    let all = cases();
    let mut checked_estimates = 0;
    for (name, case) in all.iter().filter(|(_, c)| c["input"]["of"].is_array()) {
        let inputs = case["input"]["of"].as_array().expect("inputs");
        let mut merged: Option<HyperLogLog> = None;
        for input in inputs {
            let file = format!("{}.bin", input.as_str().expect("a file stem"));
            let h = HyperLogLog::from_datasketches_bytes(&golden(&file)).expect("reads");
            merged = Some(match merged {
                None => h,
                Some(m) => m.combine(&h).expect("DataSketches hashing merges"),
            });
        }
        let merged = merged.expect("at least one input");
        let mut result =
            HyperLogLog::from_datasketches_bytes(&golden(&format!("{name}.bin"))).expect("reads");
        if case["mode"] != "HLL" {
            // DataSketches keeps coupons at the union's lgMaxK; a HyperLogLog
            // merge takes the smaller precision of its inputs.
            result = result
                .fold_to(merged.precision())
                .expect("a smaller precision");
        }
        assert_eq!(merged.precision(), result.precision(), "{name}");
        assert_eq!(merged.registers(), result.registers(), "{name}");
        let written = DataSketchesHll::from_hyperloglog(&merged, target(case)).expect("writes");
        if case["out_of_order"] == true {
            assert_bits(written.estimate(), &case["estimate"], name);
            for sd in 1..=3u8 {
                let i = usize::from(sd - 1);
                let lower = written.bounds(f64::from(sd)).map(|b| b.lower).expect("sd");
                assert_bits(
                    lower,
                    &case["lower_bounds"][i],
                    &format!("{name} lower {sd}"),
                );
            }
            checked_estimates += 1;
        }
    }
    assert!(
        checked_estimates >= 20,
        "{checked_estimates} union estimates"
    );
}

/// A HyperLogLog written as a union result is what DataSketches Java's
/// `getResult` holds: HLL_6 to the byte (but for the compact flag, which
/// Java does not set on HLL_6 and HLL_8 images); HLL_8 too, but for `curMin` and
/// `numAtCurMin`, where Java records the true minimum (and sketchfold, as
/// C++, 0 and the count of zero registers); HLL_4 too, but for the order of
/// the aux entries (Java fills the aux table of a converted union result in
/// register order once it knows `curMin`; C++ and sketchfold replay the
/// registers as updates, so entries that collided may sit in another order).
#[test]
fn a_merged_hyperloglog_writes_what_a_java_union_result_holds() {
    for (name, case) in cases() {
        let out_of_order_hll = case["out_of_order"] == true && case["mode"] == "HLL";
        if !(out_of_order_hll && case["input"]["of"].is_array()) || name.ends_with("_gadget") {
            continue;
        }
        let java = golden(&format!("{name}.bin"));
        let h = HyperLogLog::from_datasketches_bytes(&java).expect("reads");
        let ours = h.to_datasketches_bytes(target(&case)).expect("writes");
        let (mut a, mut b) = (ours.clone(), java.clone());
        match target(&case) {
            TgtHllType::Hll8 => {
                for v in [&mut a, &mut b] {
                    v[5] &= !8; // Java's HLL_8 images lack the compact flag
                    v[6] = 0;
                    v[32..36].fill(0);
                }
            }
            TgtHllType::Hll4 => {
                let aux = 40 + (1 << (lg_k(&case) - 1));
                for v in [&mut a, &mut b] {
                    let mut entries: Vec<&[u8]> = v[aux..].chunks(4).collect();
                    entries.sort_unstable();
                    *v = [&v[..aux], &entries.concat()].concat();
                }
            }
            TgtHllType::Hll6 => {
                for v in [&mut a, &mut b] {
                    v[5] &= !8; // Java's HLL_6 images lack the compact flag
                }
            }
        }
        assert_bytes_eq(&a, &b, &name);
        let reread = DataSketchesHll::from_bytes(&ours).expect("reads ours");
        assert_bits(reread.estimate(), &case["estimate"], &name);
    }
}

/// Java's HLL_6/HLL_8 `curMin` and `numAtCurMin` are checked against the
/// registers, not required to be 0: valid forms read and write back, the
/// others are typed decode errors naming the field.
#[test]
fn java_cur_min_and_num_at_cur_min_are_checked_against_the_registers() {
    let spark = golden("hll_union_spark_hll_8.bin");
    assert_eq!(
        (spark[6], spark[32]),
        (3, 10),
        "curMin 3, 10 registers at 3"
    );
    let with = |cur_min: u8, num: u32| {
        let mut b = spark.clone();
        b[6] = cur_min;
        b[32..36].copy_from_slice(&num.to_le_bytes());
        b
    };
    let field = |b: &[u8]| match DataSketchesHll::from_bytes(b).map(|_| ()) {
        Ok(()) => "ok".to_string(),
        Err(e) => match e.kind() {
            ErrorKind::Corrupt { field, .. } => field.to_string(),
            other => format!("{other:?}"),
        },
    };
    // Valid: what Java writes, a count that lags behind later updates, a
    // minimum below the true one.
    for (cur_min, num) in [(3, 10), (3, 11), (3, 4096), (2, 1), (1, 7)] {
        let b = with(cur_min, num);
        assert_eq!(field(&b), "ok", "curMin {cur_min}, numAtCurMin {num}");
        let s = DataSketchesHll::from_bytes(&b).expect("reads");
        assert_eq!(s.to_updatable_bytes(), b, "writes back");
    }
    for (cur_min, num, what) in [
        (4, 10, "curMin"),
        (3, 9, "numAtCurMin"),
        (2, 0, "numAtCurMin"),
        (3, 4097, "numAtCurMin"),
        (0, 10, "numAtCurMin"),
    ] {
        assert_eq!(field(&with(cur_min, num)), what, "{cur_min} {num}");
    }
    // C++'s form of the same registers: curMin 0, no zero registers.
    assert_eq!(field(&with(0, 0)), "ok");
    let java = read("hll_union_spark_hll_8");
    let cpp = DataSketchesHll::from_bytes(&with(0, 0)).expect("reads");
    assert_eq!(java.estimate().to_bits(), cpp.estimate().to_bits());
}

#[test]
fn precision_21_sketches_read_update_and_write_back() {
    let bytes = golden("hll_union_lgk21_hll_4.bin");
    let h = HyperLogLog::from_datasketches_bytes(&bytes).expect("reads");
    assert_eq!((h.precision(), h.register_count()), (21, 1 << 21));
    let mut s = DataSketchesHll::from_bytes(&bytes).expect("reads");
    assert_eq!(s.mode(), HllMode::Hll);
    let before = s.estimate();
    (0..10_000i64)
        .map(|i| i + (1 << 40))
        .for_each(|i| s.insert(&i));
    let after = DataSketchesHll::from_bytes(&s.to_compact_bytes()).expect("reads back");
    assert_eq!(after, s);
    assert!(after.estimate() > before + 9_000.0 && after.estimate() < before + 11_000.0);
    assert!(DataSketchesHll::try_new(21, TgtHllType::Hll8).is_ok());
    assert!(DataSketchesHll::try_new(22, TgtHllType::Hll8).is_err());
}

#[test]
fn bounds_at_other_than_1_2_or_3_standard_deviations_are_an_error() {
    let s = read("hll_lgk12_hll_4_n5000");
    for sd in [0.0, 1.5, 4.0, 255.0, f64::NAN, -1.0] {
        assert!(s.bounds(sd).is_err(), "{sd}");
    }
}

/// Java images with bytes changed read as a sketch that writes back stably
/// (in every type and form) or fail with a decode error; never a panic.
/// The fuzz target's own rules, on the images of at most 1,200 bytes (the
/// fuzzer itself starts from all of them: `.ci/run` seeds it with this
/// folder).
#[test]
fn any_change_to_a_java_image_is_an_error_or_a_sketch_that_writes_back_stably() {
    let mut rng = rng::Rng(0x4a41_5641);
    let mut files: Vec<String> = cases()
        .into_iter()
        .map(|(n, _)| format!("{n}.bin"))
        .collect();
    files.retain(|f| golden(f).len() <= 1_200);
    assert!(files.len() > 40, "{} small images", files.len());
    for file in &files {
        let bytes = golden(file);
        for at in 0..bytes.len().min(44) {
            for v in [0u8, 1, 16, 255, bytes[at] ^ 1, bytes[at] ^ 0x80] {
                let mut b = bytes.clone();
                b[at] = v;
                datasketches::check_datasketches_hll_bytes(&b);
            }
        }
        for _ in 0..20 {
            let mut b = bytes.clone();
            let at = rng.below(b.len());
            b[at] ^= 1 << rng.below(8);
            datasketches::check_datasketches_hll_bytes(&b);
        }
    }
}
