//! `sketchfold run`'s sketches: their parameters come from the flags
//! (--precision, --alpha, --max-buckets, --top-capacity, --ranks), the
//! windows print as CSV with the JSON output's values, and
//! --save-sketches writes each window's sketches as files that
//! `sketchfold sketch` reads back to the printed answers.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use serde_json::Value;

/// 60 s of records from [`T0`] in time order (no jitter, nothing late),
/// written as CSV to `dir/in.csv`; the path.
fn input(dir: &Path, seed: u64, n: u64) -> (std::path::PathBuf, Vec<Rec>) {
    let recs = records(seed, n, 60, 0, None);
    let path = dir.join("in.csv");
    write_lines(&path, recs.iter().map(csv_line));
    (path, recs)
}

/// The flags of a keyed event-time job over `input` with every sketch.
fn job<'a>(input: &'a str, window: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "run",
        "--input",
        input,
        "--time",
        "0",
        "--key",
        "1",
        "--distinct",
        "2",
        "--top",
        "3",
        "--quantiles",
        "4",
        "--window",
        window,
        "--top-k",
        "3",
    ];
    v.extend_from_slice(extra);
    v
}

/// The printed windows of `args` (JSON output).
fn windows(args: &[&str]) -> BTreeMap<(u64, String), Value> {
    let mut all = args.to_vec();
    all.extend(["--output", "json"]);
    let out = run(&all, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    by_window(&json_lines(&out.stdout))
}

#[test]
fn sketch_flags_set_the_precision_accuracy_capacity_and_printed_quantiles() {
    let dir = scratch("sketch-flags");
    let (path, recs) = input(&dir, 7, 20_000);
    let saved = dir.join("saved");
    let printed = windows(&job(
        arg(&path),
        "20s",
        &[
            "--precision",
            "10",
            "--alpha",
            "0.02",
            "--max-buckets",
            "512",
            "--top-capacity",
            "20",
            "--ranks",
            "0.25,0.75,0.999",
            "--save-sketches",
            arg(&saved),
        ],
    ));
    let (exact, _) = exact_windows(&recs, 1000, 20_000, 20_000, 0);
    assert_eq!(printed.len(), exact.len());
    // HyperLogLog p = 10: 1.04 / 32 relative standard error; over the 9
    // rows a count outside 4 of them has a chance below 1e-3.
    let rse = 1.04 / 32.0;
    for (k, row) in &printed {
        let e = &exact[k];
        assert!(row.get("p50").is_none(), "only the asked ranks: {row}");
        let truth = e.users.len() as f64;
        let distinct = row["distinct"].as_f64().unwrap();
        assert!(
            (distinct - truth).abs() <= 4.0 * rse * truth + 1.0,
            "distinct {distinct} vs {truth}"
        );
        let n = e.values.len();
        for (name, q) in [("p25", 0.25), ("p75", 0.75), ("p99.9", 0.999)] {
            let x = e.values[(q * (n - 1) as f64).floor() as usize];
            let est = row[name].as_f64().unwrap();
            assert!((est - x).abs() <= 0.02 * x, "{name} {est} vs {x}");
        }
        // 20 counters for about 42 pages: the top page's count is an upper
        // bound off by at most events / 20.
        let top = &row["top"][0];
        let home = e.pages["home"];
        assert_eq!(top[0], "home", "{row}");
        let count = top[1].as_u64().unwrap();
        assert!(
            count >= home && count <= home + e.events / 20,
            "{count} vs {home}"
        );
    }
    // The saved sketches have the parameters asked for.
    let (start, key) = printed.keys().next().unwrap();
    let at = saved
        .join(format!("{start}-{}", start + 20_000))
        .join(format!("key={key}"));
    let inspect = |column: &str| -> Value {
        let file = at.join(format!("{column}.bin"));
        json_lines(ok(&["sketch", "inspect", arg(&file), "--output", "json"]).as_bytes())[0].clone()
    };
    assert_eq!(inspect("distinct")["precision"], 10);
    let dd = inspect("quantiles");
    assert_eq!(
        (dd["alpha"].as_f64(), dd["max_buckets"].as_u64()),
        (Some(0.02), Some(512))
    );
    assert_eq!(inspect("top")["capacity"], 20);
}

#[test]
fn csv_rows_carry_the_json_values() {
    let dir = scratch("run-csv");
    let (path, _) = input(&dir, 8, 6_000);
    let args = job(arg(&path), "10s", &["--ranks", "0.5,0.999"]);
    let printed = windows(&args);
    let mut csv_args = args.clone();
    csv_args.extend(["--output", "csv"]);
    let text = ok(&csv_args);
    let mut lines = text.lines();
    let header = csv_fields(lines.next().unwrap());
    assert_eq!(
        header,
        [
            "start_ms", "end_ms", "key", "overflow", "events", "distinct", "p50", "p99.9", "late",
            "bad", "batch_ms", "top"
        ]
    );
    let mut rows = 0;
    for line in lines {
        let cells = csv_fields(line);
        assert_eq!(cells.len(), header.len(), "{line}");
        let key = (cells[0].parse::<u64>().unwrap(), cells[2].clone());
        let json = &printed[&key];
        for (name, cell) in header.iter().zip(&cells) {
            if name != "batch_ms" {
                assert_eq!(cell, &as_csv_field(json.get(name)), "{name} in {line}");
            }
        }
        // The top list holds pages with commas ("item, 7"), quoted.
        let top: Value = serde_json::from_str(&cells[11]).unwrap();
        assert_eq!(top, json["top"]);
        rows += 1;
    }
    assert_eq!(rows, printed.len());
}

#[test]
fn saved_sketches_read_back_to_the_printed_answers_and_merge_into_longer_windows() {
    let dir = scratch("save-sketches");
    let (path, _) = input(&dir, 9, 12_000);
    let saved = dir.join("saved");
    let printed = windows(&job(arg(&path), "10s", &["--save-sketches", arg(&saved)]));
    assert_eq!(printed.len(), 6 * 3, "six windows of three keys");
    let file = |(start, key): &(u64, String), column: &str| {
        saved
            .join(format!("{start}-{}", start + 10_000))
            .join(format!("key={key}"))
            .join(format!("{column}.bin"))
    };
    // Each column of every row, inspected in one run.
    let inspect = |column: &str, extra: &[&str]| -> Vec<Value> {
        let files: Vec<_> = printed.keys().map(|k| file(k, column)).collect();
        let mut args = vec!["sketch", "inspect", "--output", "json"];
        args.extend(files.iter().map(|f| arg(f)));
        args.extend_from_slice(extra);
        json_lines(ok(&args).as_bytes())
    };
    let distinct = inspect("distinct", &[]);
    let top = inspect("top", &["--top", "3"]);
    let quantiles = inspect("quantiles", &[]);
    for (i, row) in printed.values().enumerate() {
        assert_eq!(distinct[i]["family"], "HyperLogLog");
        let estimate = distinct[i]["estimate"].as_f64().unwrap();
        assert_eq!(
            Some(estimate.round() as u64),
            row["distinct"].as_u64(),
            "{row}"
        );
        assert_eq!(top[i]["family"], "SpaceSaving of strings");
        assert_eq!(top[i]["top"], row["top"], "{row}");
        assert_eq!(quantiles[i]["count"], row["events"], "{row}");
        for p in ["p50", "p90", "p99"] {
            assert_eq!(quantiles[i][p], row[p], "{p} of {row}");
        }
    }
    // The six 10 s windows of a key merge into its 60 s window: the same
    // distinct count as a run with one 60 s window, and all its events.
    let whole = windows(&job(arg(&path), "60s", &[]));
    for ((start, key), row) in &whole {
        assert_eq!(*start, T0);
        let merged = |column: &str| -> Value {
            let parts: Vec<_> = (0..6)
                .map(|i| file(&(T0 + i * 10_000, key.clone()), column))
                .collect();
            let mut args = vec!["sketch", "estimate", "--output", "json"];
            args.extend(parts.iter().map(|p| arg(p)));
            json_lines(ok(&args).as_bytes()).remove(0)
        };
        let estimate = merged("distinct")["estimate"].as_f64().unwrap();
        assert_eq!(
            Some(estimate.round() as u64),
            row["distinct"].as_u64(),
            "{key}"
        );
        assert_eq!(merged("quantiles")["count"], row["events"], "{key}");
    }
}

#[test]
fn unkeyed_jobs_and_overflow_rows_have_their_own_places() {
    let dir = scratch("save-layout");
    let (path, _) = input(&dir, 10, 3_000);
    let (flat, bounded) = (dir.join("flat"), dir.join("bounded"));
    let p = arg(&path);
    ok(&[
        "run",
        "--input",
        p,
        "--time",
        "0",
        "--distinct",
        "2",
        "--window",
        "30s",
        "--save-sketches",
        arg(&flat),
    ]);
    let first = flat.join(format!("{T0}-{}", T0 + 30_000));
    assert!(first.join("distinct.bin").is_file(), "{first:?}");
    assert!(
        !first.join("top.bin").exists(),
        "only the columns asked for"
    );
    ok(&[
        "run",
        "--input",
        p,
        "--time",
        "0",
        "--key",
        "1",
        "--quantiles",
        "4",
        "--window",
        "30s",
        "--max-keys",
        "1",
        "--partitions",
        "1",
        "--save-sketches",
        arg(&bounded),
    ]);
    let first = bounded.join(format!("{T0}-{}", T0 + 30_000));
    assert!(first.join("overflow/quantiles.bin").is_file());
    for entry in std::fs::read_dir(&first).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(name == "overflow" || name.starts_with("key="), "{name}");
        assert!(first.join(&name).join("quantiles.bin").is_file(), "{name}");
    }
}
