//! `sketchfold demo --fast`: the synthetic clickstream runs in well under
//! a minute and prints every column; its JSON lines parse; the same seed
//! gives the same windows.

mod common;

use std::time::{Duration, Instant};

use common::*;

#[test]
fn fast_demo_prints_a_table_with_every_column() {
    let start = Instant::now();
    let out = run(&["demo", "--fast"], "");
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    for column in [
        "window start",
        "window end",
        "events",
        "distinct",
        "p50",
        "p90",
        "p99",
        "late",
        "bad",
        "batch_ms",
        "top",
    ] {
        assert!(header.contains(column), "no {column} in {header}");
    }
    let rows: Vec<&str> = lines.collect();
    // 15 s of events in 5 s windows.
    assert_eq!(rows.len(), 3, "{text}");
    for row in &rows {
        assert!(row.starts_with("2026-01-01T00:00:"), "{row}");
        assert_eq!(row.matches('=').count(), 5, "five top pages: {row}");
        assert!(row.contains("/="), "the home page is the top page: {row}");
    }
    let (records, bad, late, windows) = summary(&out.stderr);
    assert_eq!((records, bad, windows), (30_000, 0, 3));
    assert!(late > 0, "some events arrive after their window closed");
}

#[test]
fn fast_demo_json_lines_parse_and_are_seeded() {
    let args = [
        "demo",
        "--fast",
        "--output",
        "json",
        "--duration",
        "20",
        "--rate",
        "1000",
        "--seed",
        "7",
    ];
    let a = run(&args, "");
    assert!(a.status.success());
    let lines = json_lines(&a.stdout);
    assert_eq!(lines.len(), 4);
    let mut events = 0;
    for l in &lines {
        for field in [
            "start_ms", "end_ms", "events", "distinct", "late", "bad", "batch_ms",
        ] {
            assert!(l[field].is_u64(), "{field} in {l}");
        }
        for field in ["p50", "p90", "p99"] {
            assert!(l[field].as_f64().unwrap() > 0.0, "{field} in {l}");
        }
        let p = [
            l["p50"].as_f64().unwrap(),
            l["p90"].as_f64().unwrap(),
            l["p99"].as_f64().unwrap(),
        ];
        assert!(p[0] <= p[1] && p[1] <= p[2], "{l}");
        assert_eq!(l["top"].as_array().unwrap().len(), 5);
        assert_eq!(
            l["end_ms"].as_u64().unwrap() - l["start_ms"].as_u64().unwrap(),
            5000
        );
        events += l["events"].as_u64().unwrap();
    }
    let (records, _, late, _) = summary(&a.stderr);
    assert_eq!(events + late, records);
    // The same seed, the same windows (the batch figures aside).
    let b = run(&args, "");
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        for f in ["late", "bad", "batch_ms"] {
            v.as_object_mut().unwrap().remove(f);
        }
        v
    };
    let again: Vec<_> = json_lines(&b.stdout).iter().map(strip).collect();
    assert_eq!(lines.iter().map(strip).collect::<Vec<_>>(), again);
    assert_eq!(summary(&a.stderr), summary(&b.stderr));
}
