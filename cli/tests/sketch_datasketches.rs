//! `sketchfold sketch` on DataSketches images as Spark, Druid and the
//! DataSketches libraries write them, specified by the golden files of
//! DataSketches Java 6.2 (Spark 4.x's library) and C++ 5.2 in
//! `tests/golden/` and the answers those libraries gave: HLL estimates and
//! bounds to the last bit, unions as Spark's `hll_union` estimates them,
//! KLL quantiles as Java answers them, and conversions that keep the
//! registers and items.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;
use serde_json::Value;
use sketchfold::cardinality::HyperLogLog;

/// The cases of `library`'s `cases.json`, by file stem.
fn cases(library: &str) -> BTreeMap<String, Value> {
    let path = golden_dir(library).join("cases.json");
    let all: Value = serde_json::from_slice(&std::fs::read(&path).expect("cases.json"))
        .expect("cases.json parses");
    all["cases"]
        .as_object()
        .expect("a map of cases")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A Java golden file.
fn java(stem: &str) -> PathBuf {
    golden_dir("datasketches-java").join(format!("{stem}.bin"))
}

/// The exact bits of a Java answer (`{"v": …, "bits": "0x…"}`): a double,
/// or a float widened to a double.
fn java_bits(v: &Value) -> u64 {
    let hex = v["bits"].as_str().expect("bits");
    let raw = u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex");
    if hex.len() <= 10 {
        f64::from(f32::from_bits(raw as u32)).to_bits()
    } else {
        raw
    }
}

/// The bits of a printed number.
fn printed_bits(v: &Value) -> u64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("a number: {v}"))
        .to_bits()
}

/// The JSON reports of `sketchfold sketch args…`.
fn reports(args: &[&str]) -> Vec<Value> {
    json_lines(ok(args).as_bytes())
}

/// The JSON reports of `sketchfold sketch command --std-devs sd paths…`.
fn at_std_devs(command: &str, sd: usize, paths: &[PathBuf]) -> Vec<Value> {
    let sd = sd.to_string();
    let mut args = vec!["sketch", command, "--output", "json", "--std-devs", &sd];
    args.extend(paths.iter().map(|p| arg(p)));
    reports(&args)
}

/// The printed estimate and bounds at `sd` standard deviations are Java's
/// to the last bit.
#[track_caller]
fn assert_javas_answers(printed: &Value, case: &Value, sd: usize, what: &str) {
    for (field, java) in [
        ("estimate", &case["estimate"]),
        ("lower_bound", &case["lower_bounds"][sd - 1]),
        ("upper_bound", &case["upper_bounds"][sd - 1]),
    ] {
        assert_eq!(
            printed_bits(&printed[field]),
            java_bits(java),
            "{what}: {field} at {sd} standard deviations: {} vs Java's {}",
            printed[field],
            java["v"]
        );
    }
}

#[test]
fn merging_the_four_spark_partitions_gives_the_estimate_and_bounds_of_sparks_hll_union() {
    let case = &cases("datasketches-java")["hll_union_spark_hll_8"];
    let parts: Vec<PathBuf> = (0..4)
        .map(|i| java(&format!("hll_union_spark_part{i}")))
        .collect();
    for sd in 1..=3usize {
        let printed = at_std_devs("estimate", sd, &parts);
        let r = &printed[0];
        assert_javas_answers(r, case, sd, "the union");
        assert_eq!(r["estimator"], "DataSketches composite (union result)");
    }
    // Spark's hll_union of two partitions, then of that with the others:
    // merge also writes the union, and the written image has the estimate.
    let dir = scratch("spark-union");
    let (left, right, all) = (dir.join("01.bin"), dir.join("23.bin"), dir.join("all.bin"));
    for (pair, out) in [(&parts[..2], &left), (&parts[2..], &right)] {
        ok(&[
            "sketch",
            "merge",
            arg(&pair[0]),
            arg(&pair[1]),
            "-o",
            arg(out),
        ]);
    }
    let merged = &reports(&[
        "sketch",
        "merge",
        arg(&left),
        arg(&right),
        "-o",
        arg(&all),
        "--output",
        "json",
    ])[0];
    assert_eq!(merged["written_format"], "DataSketches HLL_8");
    assert_eq!(
        printed_bits(&merged["estimate"]),
        java_bits(&case["estimate"])
    );
    let reread = &reports(&["sketch", "inspect", arg(&all), "--output", "json"])[0];
    assert_eq!(reread["format"], "DataSketches HLL_8");
    assert_eq!(reread["mode"], "HLL");
    assert_eq!(reread["out_of_order"], true);
    assert_eq!(
        printed_bits(&reread["estimate"]),
        java_bits(&case["estimate"])
    );
    let theirs = HyperLogLog::from_datasketches_bytes(
        &std::fs::read(java("hll_union_spark_hll_8")).unwrap(),
    )
    .unwrap();
    let ours = HyperLogLog::from_datasketches_bytes(&std::fs::read(&all).unwrap()).unwrap();
    assert_eq!(
        ours.registers(),
        theirs.registers(),
        "the union's registers"
    );
}

/// Every Java union whose result is out of order (a union of HLL-mode
/// sketches, what Spark's partitions of large groups give) or in coupon
/// mode: the merge of its inputs has its estimate to the last bit, at
/// every lgK the goldens hold (4 to 16, lgK folded down where the inputs
/// differ).
#[test]
fn merging_the_inputs_of_every_java_union_gives_its_estimate() {
    let mut checked = 0;
    for (name, case) in cases("datasketches-java") {
        let Some(inputs) = case["input"]["of"].as_array() else {
            continue;
        };
        if case["family"] != "hll" {
            continue;
        }
        if case["mode"] == "HLL" && case["out_of_order"] == false {
            continue; // the next test
        }
        let paths: Vec<PathBuf> = inputs.iter().map(|s| java(s.as_str().unwrap())).collect();
        let mut args = vec!["sketch", "estimate", "--output", "json"];
        args.extend(paths.iter().map(|p| arg(p)));
        let r = &reports(&args)[0];
        assert_eq!(
            printed_bits(&r["estimate"]),
            java_bits(&case["estimate"]),
            "{name}: {} vs {}",
            r["estimate"],
            case["estimate"]["v"]
        );
        checked += 1;
    }
    assert!(checked >= 28, "{checked} unions");
}

/// Where DataSketches keeps a union in order (an HLL-mode sketch meeting
/// sketches still in LIST or SET mode, whose coupons it replays through
/// the HIP accumulator), sketchfold still estimates the union from the
/// registers: not Java's bits, but within one standard error of them.
#[test]
fn a_union_datasketches_keeps_in_order_is_estimated_within_one_standard_error() {
    let all = cases("datasketches-java");
    let case = &all["hll_union_reverse_hll_8"];
    assert_eq!(case["out_of_order"], false);
    let inputs: Vec<PathBuf> = case["input"]["of"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| java(s.as_str().unwrap()))
        .collect();
    let mut args = vec!["sketch", "estimate", "--output", "json"];
    args.extend(inputs.iter().map(|p| arg(p)));
    let r = &reports(&args)[0];
    let ours = r["estimate"].as_f64().unwrap();
    let theirs = case["estimate"]["v"].as_f64().unwrap();
    let rse = 1.04 / f64::from(1u32 << case["lg_k"].as_u64().unwrap()).sqrt();
    assert!(
        (ours - theirs).abs() <= rse * theirs,
        "{ours} vs Java's {theirs}"
    );
}

#[test]
fn every_java_hll_image_inspects_to_javas_estimate_and_bounds() {
    let all = cases("datasketches-java");
    let singles: Vec<(&String, &Value)> = all
        .iter()
        .filter(|(_, c)| c["family"] == "hll" && !c["input"]["of"].is_array())
        .collect();
    let paths: Vec<PathBuf> = singles.iter().map(|(name, _)| java(name)).collect();
    assert!(paths.len() >= 70, "{} images", paths.len());
    for sd in 1..=3usize {
        let printed = at_std_devs("inspect", sd, &paths);
        assert_eq!(printed.len(), singles.len());
        for ((name, case), r) in singles.iter().zip(&printed) {
            assert_eq!(r["precision"], case["lg_k"], "{name}");
            assert_eq!(r["hll_type"], case["type"], "{name}");
            assert_eq!(r["mode"], case["mode"], "{name}");
            assert_javas_answers(r, case, sd, name);
        }
    }
}

/// The C++ library's union folds a lgK 14 and a lgK 12 image into lgK 12;
/// so does the merge, with C++'s estimate and bounds.
#[test]
fn merging_the_cpp_union_inputs_gives_the_cpp_union_result() {
    let dir = golden_dir("datasketches-cpp");
    let case = &cases("datasketches-cpp")["hll_union_result"];
    let (a, b) = (
        dir.join("hll_union_input_a.bin"),
        dir.join("hll_union_input_b.bin"),
    );
    for sd in 1..=3 {
        let sd_text = sd.to_string();
        let r = &reports(&[
            "sketch",
            "estimate",
            arg(&a),
            arg(&b),
            "--output",
            "json",
            "--std-devs",
            &sd_text,
        ])[0];
        let bounds = &case["bounds_by_num_std_dev"][&sd_text];
        assert_eq!(r["estimate"].as_f64(), case["estimate"].as_f64());
        assert_eq!(r["lower_bound"].as_f64(), bounds[0].as_f64(), "at {sd}");
        assert_eq!(r["upper_bound"].as_f64(), bounds[1].as_f64(), "at {sd}");
    }
    let merged = &reports(&["sketch", "merge", arg(&a), arg(&b), "--output", "json"])[0];
    assert_eq!(merged["precision"], 12);
}

/// The ranks of the Java KLL cases and the names they print as.
const RANKS: [(f64, &str); 13] = [
    (0.0, "p0"),
    (0.00001, "p0.001"),
    (0.001, "p0.1"),
    (0.01, "p1"),
    (0.1, "p10"),
    (0.25, "p25"),
    (0.5, "p50"),
    (0.75, "p75"),
    (0.9, "p90"),
    (0.99, "p99"),
    (0.999, "p99.9"),
    (0.99999, "p99.999"),
    (1.0, "p100"),
];

#[test]
fn every_java_kll_image_gives_javas_minimum_maximum_and_quantiles() {
    let mut checked = 0;
    for (name, case) in cases("datasketches-java") {
        if case["family"] != "kll" || case["n"] == 0 {
            continue;
        }
        let item = case["item"].as_str().unwrap();
        let format = format!("kll-{item}");
        let ranks: Vec<f64> = case["ranks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| f64::from_bits(java_bits(r)))
            .collect();
        assert_eq!(
            ranks,
            RANKS.map(|(r, _)| r),
            "{name}: the ranks Java answered at"
        );
        let ranks = RANKS.map(|(r, _)| r.to_string()).join(",");
        let path = java(&name);
        let r = &reports(&[
            "sketch",
            "inspect",
            arg(&path),
            "--format",
            &format,
            "--ranks",
            &ranks,
            "--output",
            "json",
        ])[0];
        assert_eq!(r["n"], case["n"], "{name}");
        assert_eq!(r["k"], case["k"], "{name}");
        if !case["min_k"].is_null() {
            assert_eq!(r["min_k"], case["min_k"], "{name}");
        }
        assert_eq!(r["retained"], case["num_retained"], "{name}");
        let same = |printed: &Value, want: &Value, what: &str| {
            if item == "long" {
                assert_eq!(printed, want, "{name} {what}");
            } else {
                assert_eq!(printed_bits(printed), java_bits(want), "{name} {what}");
            }
        };
        same(&r["min"], &case["min"], "min");
        same(&r["max"], &case["max"], "max");
        for (i, q) in case["quantiles_inclusive"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            same(&r[RANKS[i].1], q, RANKS[i].1);
        }
        checked += 1;
    }
    assert!(checked >= 21, "{checked} KLL images");
}

#[test]
fn float_kll_images_are_detected_and_eight_byte_ones_need_a_format() {
    let float = java("kll_float_k200_n1000");
    let r = &reports(&["sketch", "inspect", arg(&float), "--output", "json"])[0];
    assert_eq!(r["family"], "KLL of f32");
    assert_eq!(r["format"], "DataSketches KLL float");
    for stem in ["kll_double_k200_n1000", "kll_long_k200_n1000"] {
        let err = fails_at_runtime(&["sketch", "inspect", arg(&java(stem))]);
        assert!(
            err.contains("--format kll-double") && err.contains("kll-long"),
            "{err}"
        );
    }
    let empty = java("kll_float_k200_n0");
    let err = fails_at_runtime(&["sketch", "inspect", arg(&empty)]);
    assert!(err.contains("empty") && err.contains("--format"), "{err}");
    let r = &reports(&[
        "sketch",
        "inspect",
        arg(&empty),
        "--format",
        "kll-float",
        "--output",
        "json",
    ])[0];
    assert_eq!((r["n"].as_u64(), &r["min"]), (Some(0), &Value::Null));
    // Spark's name of the long type is accepted too.
    ok(&[
        "sketch",
        "inspect",
        arg(&java("kll_long_k200_n10")),
        "--format",
        "kll-bigint",
    ]);
}

/// The value rule of the Java KLL goldens: `(v - n/4) * 0.5` for v in
/// `0..n` (doubles).
fn java_kll_values(n: i64) -> Vec<f64> {
    (0..n).map(|v| (v - n / 4) as f64 * 0.5).collect()
}

/// Two Java images merged: n adds up, the minimum and maximum are exact and
/// every printed quantile's true rank is within the merged sketch's
/// printed normalized rank error (KLL's bound, 99% confidence for random
/// coins; the merge's coins are seeded, so this outcome is fixed).
#[test]
fn merged_kll_images_answer_within_their_rank_error() {
    let (a, b) = (
        java("kll_double_k200_n1000"),
        java("kll_double_k50_n100000"),
    );
    let mut all = java_kll_values(1000);
    all.extend(java_kll_values(100_000));
    all.sort_by(f64::total_cmp);
    let named = [
        (0.01, "p1"),
        (0.1, "p10"),
        (0.25, "p25"),
        (0.5, "p50"),
        (0.75, "p75"),
        (0.9, "p90"),
        (0.99, "p99"),
    ];
    let ranks = "0.01,0.1,0.25,0.5,0.75,0.9,0.99";
    let dir = scratch("kll-merge");
    let out = dir.join("merged.bin");
    let r = &reports(&[
        "sketch",
        "merge",
        arg(&a),
        arg(&b),
        "--format",
        "kll-double",
        "--ranks",
        ranks,
        "-o",
        arg(&out),
        "--output",
        "json",
    ])[0];
    assert_eq!(r["n"], 101_000);
    assert_eq!(r["min"].as_f64(), Some(all[0]));
    assert_eq!(r["max"].as_f64(), Some(all[all.len() - 1]));
    let eps = r["normalized_rank_error"].as_f64().unwrap();
    for (q, name) in named {
        let x = r[name].as_f64().unwrap();
        let true_rank = all.partition_point(|v| *v <= x) as f64 / all.len() as f64;
        assert!(
            (true_rank - q).abs() <= eps,
            "{name} = {x} has rank {true_rank}, more than {eps} from {q}"
        );
    }
    // Written in the inputs' form, a DataSketches image: read back, the same answers.
    assert_eq!(r["written_format"], "DataSketches KLL double");
    let again = &reports(&[
        "sketch",
        "inspect",
        arg(&out),
        "--format",
        "kll-double",
        "--ranks",
        ranks,
        "--output",
        "json",
    ])[0];
    for name in ["n", "min", "max", "p50", "p99"] {
        assert_eq!(again[name], r[name], "{name}");
    }
}

#[test]
fn conversions_keep_the_registers_and_the_items() {
    let dir = scratch("convert");
    // An image converted to its own type is the image, byte for byte.
    let part = java("hll_union_spark_part0");
    let same = dir.join("same.bin");
    ok(&[
        "sketch",
        "convert",
        arg(&part),
        "--to",
        "hll8",
        "-o",
        arg(&same),
    ]);
    assert_eq!(std::fs::read(&same).unwrap(), std::fs::read(&part).unwrap());
    // To sketchfold's form and on to every HLL type: the same registers.
    let own = dir.join("own.bin");
    ok(&[
        "sketch",
        "convert",
        arg(&part),
        "--to",
        "sketchfold",
        "-o",
        arg(&own),
    ]);
    let r = &reports(&["sketch", "inspect", arg(&own), "--output", "json"])[0];
    assert_eq!(r["format"], "sketchfold v1");
    assert_eq!(r["hashing"], "DataSketches (MurmurHash3, seed 9001)");
    let registers = HyperLogLog::from_datasketches_bytes(&std::fs::read(&part).unwrap())
        .unwrap()
        .registers();
    for ty in ["hll4", "hll6", "hll8"] {
        let path = dir.join(format!("{ty}.bin"));
        ok(&["sketch", "convert", arg(&own), "--to", ty, "-o", arg(&path)]);
        let back = HyperLogLog::from_datasketches_bytes(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(back.registers(), registers, "{ty}");
    }
    // A KLL image through sketchfold's form and back: the image again.
    let kll = java("kll_long_k200_n100000");
    let (own, back) = (dir.join("kll.own"), dir.join("kll.back"));
    ok(&[
        "sketch",
        "convert",
        arg(&kll),
        "--format",
        "kll-long",
        "--to",
        "sketchfold",
        "-o",
        arg(&own),
    ]);
    let r = &reports(&["sketch", "inspect", arg(&own), "--output", "json"])[0];
    assert_eq!(
        (r["format"].as_str(), r["family"].as_str()),
        (Some("sketchfold v1"), Some("KLL of i64"))
    );
    ok(&[
        "sketch",
        "convert",
        arg(&own),
        "--to",
        "datasketches",
        "-o",
        arg(&back),
    ]);
    assert_eq!(std::fs::read(&back).unwrap(), std::fs::read(&kll).unwrap());
    // To standard output: the bytes and nothing else.
    let out = run(
        &["sketch", "convert", arg(&part), "--to", "hll8", "-o", "-"],
        "",
    );
    assert!(out.status.success());
    assert_eq!(out.stdout, std::fs::read(&part).unwrap());
}

#[test]
fn other_datasketches_families_are_named_and_refused() {
    let dir = golden_dir("datasketches-cpp");
    for (file, family) in [
        ("theta_lgk12_n100.bin", "Theta"),
        ("cpc_lgk11_n100.bin", "CPC"),
        ("frequent_longs.bin", "frequent items"),
        ("tdigest_double_k100_n1000.bin", "t-digest"),
    ] {
        let err = fails_at_runtime(&["sketch", "inspect", arg(&dir.join(file))]);
        assert!(
            err.contains(&format!("DataSketches {family} image")) && err.contains(file),
            "{err}"
        );
    }
}
