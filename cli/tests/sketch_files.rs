//! `sketchfold sketch` on files in sketchfold's own format: every family is
//! recognised from its header and answered as the library answers it;
//! merges are the library's merges; files that do not merge, bytes that
//! are no sketch and forms a family lacks stop it with exit status 1 and
//! one line naming the files; the three output formats carry the same
//! values.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::{json, Value};
use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::codec::Codec;
use sketchfold::frequency::{CountMin, CountMinParams, SpaceSaving, TopK, TopKParams};
use sketchfold::membership::BloomFilter;
use sketchfold::ordered::SkipList;
use sketchfold::quantiles::{DdSketch, Kll};
use sketchfold::similarity::MinHash;

/// Writes `sketch`'s bytes to `dir/name`.
fn save(dir: &Path, name: &str, sketch: &impl Codec) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, sketch.encode()).unwrap();
    path
}

/// The one JSON report of `sketchfold sketch args… --output json`.
fn report(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--output", "json"]);
    let mut lines = json_lines(ok(&all).as_bytes());
    assert_eq!(lines.len(), 1, "{args:?}");
    lines.remove(0)
}

/// A HyperLogLog of `items` at precision 12 with `seed`.
fn hll(seed: u64, items: std::ops::Range<u64>) -> HyperLogLog {
    let mut h = HyperLogLog::with_params(HllParams::new(12).unwrap().with_seed(seed));
    items.for_each(|i| h.insert(&i));
    h
}

#[test]
fn a_hyperloglog_has_the_librarys_estimate_and_bounds() {
    let dir = scratch("own-hll");
    let h = hll(sketchfold::hash::DEFAULT_SEED, 0..50_000);
    let path = save(&dir, "h.bin", &h);
    let r = report(&["sketch", "inspect", arg(&path), "--std-devs", "3"]);
    let b = h.bounds(3.0).unwrap();
    let (lo, hi) = (b.lower, b.upper);
    assert_eq!(r["format"], "sketchfold v1");
    assert_eq!(r["family"], "HyperLogLog");
    assert_eq!(r["precision"], 12);
    assert_eq!(r["hashing"], "xxh3, default seed");
    assert_eq!(r["mode"], "dense");
    assert_eq!(r["estimator"], "sketchfold");
    assert_eq!(r["estimate"].as_f64(), Some(h.estimate()));
    assert_eq!(r["lower_bound"].as_f64(), Some(lo));
    assert_eq!(r["upper_bound"].as_f64(), Some(hi));
    assert_eq!(r["bytes"], h.encode().len());
}

#[test]
fn merging_files_is_the_librarys_merge() {
    let dir = scratch("own-merge");
    let seed = sketchfold::hash::DEFAULT_SEED;
    let parts = [
        hll(seed, 0..20_000),
        hll(seed, 10_000..40_000),
        hll(seed, 35_000..60_000),
    ];
    let paths: Vec<PathBuf> = parts
        .iter()
        .enumerate()
        .map(|(i, h)| save(&dir, &format!("p{i}.bin"), h))
        .collect();
    let mut want = parts[0].clone();
    want.merge(&parts[1]).unwrap();
    want.merge(&parts[2]).unwrap();
    let out = dir.join("all.bin");
    let mut args = vec!["sketch", "merge"];
    args.extend(paths.iter().map(|p| arg(p)));
    args.extend(["-o", arg(&out)]);
    let r = report(&args);
    assert_eq!(r["estimate"].as_f64(), Some(want.estimate()));
    assert_eq!(r["written_format"], "sketchfold v1");
    assert_eq!(std::fs::read(&out).unwrap(), want.encode());
    // estimate merges too, and answers only.
    let mut args = vec!["sketch", "estimate"];
    args.extend(paths.iter().map(|p| arg(p)));
    let r = report(&args);
    assert_eq!(r["estimate"].as_f64(), Some(want.estimate()));
    assert!(r.get("precision").is_none(), "{r}");

    // KLL: the fold of the library's merges, item for item.
    let mut kll = Vec::new();
    for part in 0..3u32 {
        let mut k = Kll::<f64>::new(100);
        for i in 0..5_000u32 {
            k.insert(f64::from(i * 3 + part)).unwrap();
        }
        kll.push(k);
    }
    let paths: Vec<PathBuf> = kll
        .iter()
        .enumerate()
        .map(|(i, k)| save(&dir, &format!("k{i}.bin"), k))
        .collect();
    let mut want = kll[0].clone();
    want.merge(&kll[1]).unwrap();
    want.merge(&kll[2]).unwrap();
    let mut args = vec!["sketch", "merge", "-o", arg(&out), "--ranks", "0.25,0.5"];
    args.extend(paths.iter().map(|p| arg(p)));
    let r = report(&args);
    assert_eq!(std::fs::read(&out).unwrap(), want.encode());
    assert_eq!(r["family"], "KLL of f64");
    assert_eq!(r["n"], 15_000);
    let q = want.quantiles(&[0.25, 0.5]).unwrap().unwrap();
    assert_eq!(
        (r["p25"].as_f64(), r["p50"].as_f64()),
        (Some(q[0]), Some(q[1]))
    );
}

#[test]
fn heavy_hitter_sketches_list_and_count_as_the_library_does() {
    let dir = scratch("own-frequency");
    let words: Vec<String> = (0..3_000u32)
        .map(|i| format!("w{}", (i * i) % 97 % (1 + i % 13)))
        .collect();
    let mut ss = SpaceSaving::<String>::new(8);
    let mut topk = TopK::<String>::with_params(
        TopKParams::with_count_min(5, CountMinParams::with_size(512, 4).unwrap()).unwrap(),
    );
    let mut cm = CountMin::with_params(CountMinParams::with_size(512, 4).unwrap());
    for w in &words {
        ss.insert(w.as_str()).unwrap();
        topk.insert(w.as_str()).unwrap();
        cm.insert(w.as_str()).unwrap();
    }
    let (ss_path, topk_path, cm_path) = (
        save(&dir, "ss.bin", &ss),
        save(&dir, "topk.bin", &topk),
        save(&dir, "cm.bin", &cm),
    );
    let r = report(&[
        "sketch",
        "estimate",
        arg(&ss_path),
        "--top",
        "3",
        "--item",
        "w0",
    ]);
    assert_eq!(r["family"], "SpaceSaving of strings");
    let want: Vec<Value> = ss
        .top(3)
        .into_iter()
        .map(|(k, b)| json!([k, b.upper]))
        .collect();
    assert_eq!(r["top"], json!(want));
    let b = ss.bounds("w0");
    assert_eq!(r["count(w0)"], b.upper);
    assert_eq!(r["count_bounds(w0)"], json!([b.lower, b.upper]));

    let r = report(&["sketch", "estimate", arg(&topk_path), "--item", "w1"]);
    assert_eq!(r["family"], "TopK of strings");
    let want: Vec<Value> = topk.top().into_iter().map(|(k, n)| json!([k, n])).collect();
    assert_eq!(r["top"], json!(want));
    assert_eq!(r["count(w1)"], topk.estimate("w1"));

    let r = report(&[
        "sketch",
        "estimate",
        arg(&cm_path),
        "--item",
        "w2",
        "--item",
        "nope",
    ]);
    assert_eq!(r["family"], "Count-Min (standard update)");
    for item in ["w2", "nope"] {
        let b = cm.bounds(item);
        assert_eq!(r[format!("count({item})")], cm.estimate(item));
        assert_eq!(
            r[format!("count_bounds({item})")],
            json!([b.lower, b.upper])
        );
    }
    let r = report(&["sketch", "inspect", arg(&cm_path)]);
    assert_eq!(
        (r["width"].as_u64(), r["depth"].as_u64()),
        (Some(512), Some(4))
    );
    assert_eq!(r["total"], words.len());

    // Integer items: read and hashed as the --item-type says.
    let mut ints = SpaceSaving::<u64>::new(4);
    let mut int_cm = CountMin::with_params(CountMinParams::with_size(256, 3).unwrap());
    for i in 0..1_000u64 {
        ints.insert(&(i % 7)).unwrap();
        int_cm.insert(&(i % 7)).unwrap();
    }
    let (ints_path, int_cm_path) = (
        save(&dir, "ints.bin", &ints),
        save(&dir, "icm.bin", &int_cm),
    );
    let err = fails_at_runtime(&["sketch", "inspect", arg(&ints_path)]);
    assert!(
        err.contains("--item-type") && err.contains("ints.bin"),
        "{err}"
    );
    let r = report(&[
        "sketch",
        "estimate",
        arg(&ints_path),
        "--item-type",
        "u64",
        "--item",
        "3",
    ]);
    assert_eq!(r["family"], "SpaceSaving of u64");
    assert_eq!(r["count(3)"], ints.estimate(&3));
    let r = report(&[
        "sketch",
        "estimate",
        arg(&int_cm_path),
        "--item-type",
        "u64",
        "--item",
        "3",
    ]);
    assert_eq!(r["count(3)"], int_cm.estimate(&3u64));
}

#[test]
fn membership_quantile_and_similarity_sketches_answer_as_the_library_does() {
    let dir = scratch("own-others");
    let mut bloom = BloomFilter::new(1_000, 0.01);
    (0..1_000u64).for_each(|i| {
        bloom.insert(&format!("user{i}"));
    });
    let path = save(&dir, "bloom.bin", &bloom);
    let r = report(&[
        "sketch",
        "estimate",
        arg(&path),
        "--item",
        "user7",
        "--item",
        "stranger",
    ]);
    assert_eq!(r["family"], "Bloom filter");
    assert_eq!(r["contains(user7)"], true);
    assert_eq!(r["contains(stranger)"], bloom.contains("stranger"));
    assert_eq!(
        r["estimated_items"].as_f64(),
        Some(bloom.estimate_distinct())
    );

    let mut dd = DdSketch::new(0.01);
    (1..=10_000u32).for_each(|i| dd.insert(f64::from(i) / 10.0).unwrap());
    let path = save(&dir, "dd.bin", &dd);
    let r = report(&["sketch", "inspect", arg(&path), "--ranks", "0.5,0.999"]);
    assert_eq!(r["family"], "DDSketch");
    assert_eq!(r["alpha"], 0.01);
    let q = dd.quantiles(&[0.5, 0.999]).unwrap().unwrap();
    assert_eq!(
        (r["p50"].as_f64(), r["p99.9"].as_f64()),
        (Some(q[0]), Some(q[1]))
    );
    assert_eq!(r["count"], 10_000);

    let mut kll = Kll::<i64>::new(200);
    (0..10_000i64).for_each(|i| kll.insert(i * 2).unwrap());
    let path = save(&dir, "kll.bin", &kll);
    let r = report(&["sketch", "estimate", arg(&path), "--item", "5000"]);
    assert_eq!(r["family"], "KLL of i64");
    assert_eq!(r["rank(5000)"].as_f64(), kll.rank(5000).unwrap());
    assert_eq!(
        (r["min"].as_i64(), r["max"].as_i64()),
        (Some(0), Some(19_998))
    );

    let (mut a, mut b) = (MinHash::new(256), MinHash::new(256));
    (0..1_000u64).for_each(|i| a.insert(&i));
    (500..1_500u64).for_each(|i| b.insert(&i));
    let (pa, pb) = (save(&dir, "a.mh", &a), save(&dir, "b.mh", &b));
    let r = report(&["sketch", "estimate", arg(&pa), "--with", arg(&pb)]);
    let j = a.jaccard_estimate(&b).unwrap();
    assert_eq!(r["jaccard"].as_f64(), Some(j.estimate));
    assert_eq!(r["jaccard_standard_error"].as_f64(), Some(j.standard_error));

    // A skip list's types are not in its bytes: shown, copied, not merged.
    let mut list = SkipList::<u64, u64>::new(&());
    (0..10u64).for_each(|i| list.insert(i, i * i).unwrap());
    let path = save(&dir, "list.bin", &list);
    let r = report(&["sketch", "inspect", arg(&path)]);
    assert_eq!(r["family"], "skip list");
    let copy = dir.join("copy.bin");
    ok(&[
        "sketch",
        "convert",
        arg(&path),
        "--to",
        "sketchfold",
        "-o",
        arg(&copy),
    ]);
    assert_eq!(std::fs::read(&copy).unwrap(), list.encode());
    let err = fails_at_runtime(&["sketch", "merge", arg(&path), arg(&copy)]);
    assert!(err.contains("merge skip lists in Rust"), "{err}");
}

#[test]
fn files_that_do_not_merge_fail_naming_both_files_and_what_differs() {
    let dir = scratch("incompatible");
    let secret = 0x1234_5678_9abc_def0;
    let a = save(&dir, "a.bin", &hll(secret, 0..100));
    let b = save(&dir, "b.bin", &hll(secret + 1, 0..100));
    for command in ["merge", "estimate"] {
        let err = fails_at_runtime(&["sketch", command, arg(&a), arg(&b)]);
        assert!(
            err.contains("a.bin") && err.contains("b.bin") && err.contains("hashing differs"),
            "{err}"
        );
        assert!(err.contains("seed digest"), "{err}");
        assert!(!err.contains("123456789abcdef"), "the seed is shown: {err}");
    }
    let spark = golden_dir("datasketches-java").join("hll_union_spark_part0.bin");
    let err = fails_at_runtime(&["sketch", "merge", arg(&a), arg(&spark)]);
    assert!(err.contains("DataSketches (MurmurHash3"), "{err}");

    let mut kll = Kll::<f64>::new(200);
    kll.insert(1.0).unwrap();
    let k = save(&dir, "k.bin", &kll);
    let err = fails_at_runtime(&["sketch", "merge", arg(&a), arg(&k)]);
    assert!(
        err.contains("a.bin holds a HyperLogLog, ") && err.contains("k.bin a KLL of f64"),
        "{err}"
    );
    let float = golden_dir("datasketches-java").join("kll_float_k200_n1000.bin");
    let err = fails_at_runtime(&["sketch", "merge", arg(&k), arg(&float)]);
    assert!(
        err.contains("KLL of f64") && err.contains("KLL of f32"),
        "{err}"
    );

    let small = save(&dir, "small.bin", &BloomFilter::new(100, 0.01));
    let large = save(&dir, "large.bin", &BloomFilter::new(100_000, 0.01));
    let err = fails_at_runtime(&["sketch", "merge", arg(&small), arg(&large)]);
    assert!(err.contains("block count differs"), "{err}");
    // Nothing was written.
    let out = dir.join("out.bin");
    fails_at_runtime(&["sketch", "merge", arg(&small), arg(&large), "-o", arg(&out)]);
    assert!(!out.exists());
}

#[test]
fn bytes_that_are_no_sketch_fail_naming_the_file() {
    let dir = scratch("bad-bytes");
    let spark =
        std::fs::read(golden_dir("datasketches-java").join("hll_union_spark_part0.bin")).unwrap();
    let own = hll(sketchfold::hash::DEFAULT_SEED, 0..1_000).encode();
    for (name, bytes, needle) in [
        ("empty.bin", Vec::new(), "not a sketch"),
        ("text.bin", b"hello, world\n".to_vec(), "not a sketch"),
        ("cut.bin", spark[..100].to_vec(), "cut.bin: "),
        (
            "own-cut.bin",
            own[..own.len() - 3].to_vec(),
            "own-cut.bin: ",
        ),
        ("header.bin", own[..5].to_vec(), "too short"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = fails_at_runtime(&["sketch", "inspect", arg(&path)]);
        assert!(err.contains(name) && err.contains(needle), "{name}: {err}");
    }
    let err = fails_at_runtime(&["sketch", "inspect", "/no/such/file.bin"]);
    assert!(err.contains("/no/such/file.bin"), "{err}");
    let err = fails_at_runtime(&[
        "sketch",
        "inspect",
        "--format",
        "sketchfold",
        arg(&golden_dir("datasketches-java").join("hll_union_spark_part0.bin")),
    ]);
    assert!(err.contains("not sketchfold's format"), "{err}");
}

#[test]
fn forms_a_sketch_does_not_have_are_refused() {
    let dir = scratch("forms");
    let dd = save(&dir, "dd.bin", &DdSketch::new(0.02));
    let out = dir.join("out.bin");
    let err = fails_at_runtime(&[
        "sketch",
        "convert",
        arg(&dd),
        "--to",
        "datasketches",
        "-o",
        arg(&out),
    ]);
    assert!(err.contains("a DDSketch has no DataSketches form"), "{err}");
    let own = save(&dir, "own.bin", &hll(sketchfold::hash::DEFAULT_SEED, 0..10));
    let err = fails_at_runtime(&[
        "sketch",
        "convert",
        arg(&own),
        "--to",
        "hll8",
        "-o",
        arg(&out),
    ]);
    assert!(err.contains("HllParams::datasketches"), "{err}");
    assert!(!out.exists());
}

#[test]
fn table_json_and_csv_carry_the_same_values() {
    let dir = scratch("outputs");
    let h = save(
        &dir,
        "h.bin",
        &hll(sketchfold::hash::DEFAULT_SEED, 0..5_000),
    );
    let mut dd = DdSketch::new(0.01);
    (1..=100u32).for_each(|i| dd.insert(f64::from(i)).unwrap());
    let d = save(&dir, "a,b.bin", &dd);
    let args = ["sketch", "inspect", arg(&h), arg(&d)];
    let json: Vec<Value> = json_lines(ok(&[&args[..], &["--output", "json"]].concat()).as_bytes());
    assert_eq!(json.len(), 2);

    let csv = ok(&[&args[..], &["--output", "csv"]].concat());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    let header: Vec<&str> = lines[0].split(',').collect();
    for (row, report) in lines[1..].iter().zip(&json) {
        let cells = csv_fields(row);
        assert_eq!(cells.len(), header.len(), "{row}");
        for (name, cell) in header.iter().zip(&cells) {
            let want = as_csv_field(report.get(*name));
            assert_eq!(cell, &want, "{name} in {row}");
        }
    }

    let table = ok(&args);
    let blocks: Vec<&str> = table.split("\n\n").collect();
    assert_eq!(blocks.len(), 2, "{table}");
    for (block, report) in blocks.iter().zip(&json) {
        for line in block.lines() {
            let (name, value) = line.split_once("  ").unwrap();
            let want = match &report[name.trim_end()] {
                Value::String(s) => s.clone(),
                Value::Null => "-".to_string(),
                v => v.to_string(),
            };
            assert_eq!(value.trim_start(), want, "{line}");
        }
    }
}

#[test]
fn values_clap_refuses_exit_two() {
    let spark = golden_dir("datasketches-java").join("hll_union_spark_part0.bin");
    let p = arg(&spark);
    for (args, needle) in [
        (vec!["sketch", "inspect", p, "--ranks", "1.5"], "not a rank"),
        (
            vec!["sketch", "inspect", p, "--ranks", "1e-3"],
            "not a rank",
        ),
        (vec!["sketch", "inspect", p, "--std-devs", "4"], "std-devs"),
        (vec!["sketch", "merge", p, "--to", "hll4"], "--out"),
        (vec!["sketch", "inspect"], "FILE"),
        (vec!["sketch", "convert", p, "--to", "hll4"], "--out"),
        (vec!["sketch", "inspect", p, "--format", "theta"], "theta"),
        (
            vec!["sketch", "estimate", p, "--item-type", "i64", "--item", "x"],
            "not an i64",
        ),
    ] {
        let out = run(&args, "");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}
