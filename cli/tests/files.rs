//! `sketchfold run --input FILE`: CSV and JSON-lines files with known
//! content give, per window and key, the exact event counts, distinct
//! counts within HyperLogLog's bound, the exact heavy hitters and quantiles
//! within DDSketch's 1%; bad lines are counted and sampled and change
//! nothing else.

mod common;

use common::*;

/// The window flags every file test here uses: sliding 10 s windows every
/// 5 s, 1 s batches, 2 s of allowed lateness.
const WINDOWS: [&str; 8] = [
    "--window",
    "10s",
    "--slide",
    "5s",
    "--batch",
    "1s",
    "--lateness",
    "2s",
];

fn flags<'a>(input: &'a str, fields: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["run", "--input", input, "--output", "json", "--top-k", "3"];
    v.extend_from_slice(fields);
    v.extend_from_slice(&WINDOWS);
    v
}

#[test]
fn csv_file_windows_match_exact_computation() {
    let dir = scratch("csv");
    let path = dir.join("clicks.csv");
    // 60 s of events, up to 1.5 s out of order (within the 2 s lateness),
    // and every 997th record 9 s late (past its windows).
    let recs = records(1, 24_000, 60, 1_500, Some((997, 9_000)));
    write_lines(&path, recs.iter().map(csv_line));
    let input = path.to_str().unwrap();
    let out = run(
        &flags(
            input,
            &[
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
                "--partitions",
                "2",
            ],
        ),
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (exact, late) = exact_windows(&recs, 1000, 10_000, 5000, 2000);
    assert!(late > 10, "the data has late records");
    check_all(&json_lines(&out.stdout), &exact, 3);
    let windows = exact
        .keys()
        .map(|(start, _)| start)
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(
        summary(&out.stderr),
        (24_000, 0, late, windows.len() as u64)
    );
}

/// RFC 3339 with an offset and a fraction: `T0 + ms` written in UTC+02:00.
fn rfc3339_plus_two(ms: u64) -> String {
    let local = ms / 1000 + 2 * 3600;
    let (days, tod) = (local / 86_400, local % 86_400);
    // 2026-12-03 is day 20790 since the epoch; the data spans one minute.
    assert_eq!(days, 20_790);
    format!(
        "2026-12-03T{:02}:{:02}:{:02}.{:03}+02:00",
        tod / 3600,
        tod / 60 % 60,
        tod % 60,
        ms % 1000
    )
}

#[test]
fn json_lines_file_with_rfc3339_times() {
    let dir = scratch("json");
    let path = dir.join("clicks.jsonl");
    let recs = records(2, 15_000, 40, 800, None);
    write_lines(
        &path,
        recs.iter().map(|r| {
            serde_json::json!({
                "time": rfc3339_plus_two(r.ts),
                "shard": r.key,
                "user": r.user,
                "page": r.page,
                "latency": r.value,
            })
            .to_string()
        }),
    );
    let input = path.to_str().unwrap();
    let out = run(
        &flags(
            input,
            &[
                "--format",
                "json",
                "--time",
                "time",
                "--key",
                "shard",
                "--distinct",
                "user",
                "--top",
                "page",
                "--quantiles",
                "latency",
            ],
        ),
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (exact, late) = exact_windows(&recs, 1000, 10_000, 5000, 2000);
    assert_eq!(late, 0);
    let lines = json_lines(&out.stdout);
    check_all(&lines, &exact, 3);
    for l in &lines {
        assert_eq!(
            l["end_ms"].as_u64().unwrap() - l["start_ms"].as_u64().unwrap(),
            10_000
        );
    }
    let windows = exact
        .keys()
        .map(|(start, _)| start)
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(summary(&out.stderr), (15_000, 0, 0, windows.len() as u64));
}

#[test]
fn epoch_seconds_and_no_key() {
    let recs = records(3, 3_000, 20, 0, None);
    let text: String = recs
        .iter()
        .map(|r| {
            format!(
                "{};{}.{:03};{}\n",
                r.user,
                r.ts / 1000,
                r.ts % 1000,
                r.value
            )
        })
        .collect();
    let out = run(
        &[
            "run",
            "--output",
            "json",
            "--delimiter",
            ";",
            "--time",
            "1",
            "--time-unit",
            "s",
            "--distinct",
            "0",
            "--quantiles",
            "2",
            "--window",
            "5s",
        ],
        &text,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4);
    let all: Vec<Rec> = recs
        .into_iter()
        .map(|r| Rec {
            key: String::new(),
            ..r
        })
        .collect();
    let (exact, _) = exact_windows(&all, 1000, 5000, 5000, 0);
    for l in &lines {
        assert!(l["key"].is_null() && l["top"].is_null(), "{l}");
        let e = &exact[&(l["start_ms"].as_u64().unwrap(), String::new())];
        assert_eq!(l["events"].as_u64(), Some(e.events));
        let truth = e.users.len() as f64;
        assert!((l["distinct"].as_f64().unwrap() - truth).abs() <= 4.0 * HLL_RSE * truth + 1.0);
    }
}

#[test]
fn bad_lines_are_counted_sampled_and_skipped() {
    let dir = scratch("bad");
    let path = dir.join("bad.csv");
    let recs = records(4, 2_000, 20, 0, None);
    let mut lines: Vec<String> = recs.iter().map(csv_line).collect();
    // Line numbers are 1-based; each insertion shifts the later ones.
    let bad = [
        (10, "1796292001000,k0,u1,\"unterminated,5"),
        (20, "1796292001000,k0,u1"),
        (30, "1796292001000,k0,u1,home,fast"),
        (40, "not-a-time,k0,u1,home,5"),
        (50, "2026-02-30T10:00:00Z,k0,u1,home,5"),
        (60, ""),
    ];
    for (at, line) in bad {
        lines.insert(at - 1, line.to_string());
    }
    write_lines(&path, lines);
    let input = path.to_str().unwrap();
    let out = run(
        &flags(
            input,
            &[
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
            ],
        ),
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (exact, _) = exact_windows(&recs, 1000, 10_000, 5000, 2000);
    let printed = json_lines(&out.stdout);
    check_all(&printed, &exact, 3);
    let (records, bad_count, late, _) = summary(&out.stderr);
    assert_eq!((records, bad_count, late), (2_006, 6, 0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for sample in [
        "line 10: a quoted field has no closing quote",
        "line 20: missing field 3",
        "line 30: 'fast' is not a number",
        "line 40: 'not-a-time' is not an RFC 3339 timestamp",
        "line 50: '2026-02-30T10:00:00Z' is not an RFC 3339 timestamp (day out of range",
    ] {
        assert!(stderr.contains(sample), "no '{sample}' in {stderr}");
    }
    let bad_in_windows: u64 = by_window(&printed)
        .values()
        .map(|l| l["bad"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(bad_in_windows > 0, "the windows' lines carry the bad count");
}

#[test]
fn follow_reads_lines_appended_to_the_file() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let dir = scratch("follow");
    let path = dir.join("growing.csv");
    let line = |second: u64, user: u64| format!("{},u{user}\n", T0 + second * 1000);
    std::fs::write(&path, (0..100).map(|u| line(0, u)).collect::<String>()).unwrap();
    let mut child = Command::new(BIN)
        .args([
            "run",
            "--input",
            path.to_str().unwrap(),
            "--follow",
            "--output",
            "json",
        ])
        .args([
            "--time",
            "0",
            "--distinct",
            "1",
            "--window",
            "1s",
            "--batch",
            "100ms",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines() {
            if tx.send(l.unwrap()).is_err() {
                return;
            }
        }
    });
    // Appended later: a second of 50 users, then a record that moves the
    // watermark past it. The first window closes once the second arrives.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    file.write_all((0..50).map(|u| line(1, u)).collect::<String>().as_bytes())
        .unwrap();
    file.write_all(line(5, 0).as_bytes()).unwrap();
    file.flush().unwrap();
    let mut windows = Vec::new();
    for _ in 0..2 {
        match rx.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(l) => windows.push(serde_json::from_str::<serde_json::Value>(&l).unwrap()),
            Err(_) => break,
        }
    }
    child.kill().unwrap();
    assert_eq!(windows.len(), 2, "two windows within 20 s");
    child.wait().unwrap();
    assert_eq!(windows[0]["start_ms"].as_u64(), Some(T0));
    assert_eq!(
        (
            windows[0]["events"].as_u64(),
            windows[0]["distinct"].as_u64()
        ),
        (Some(100), Some(100))
    );
    assert_eq!(windows[1]["start_ms"].as_u64(), Some(T0 + 1000));
    assert_eq!(
        (
            windows[1]["events"].as_u64(),
            windows[1]["distinct"].as_u64()
        ),
        (Some(50), Some(50))
    );
}

#[test]
fn progress_goes_to_standard_error() {
    let text: String = (0..1000)
        .map(|i| format!("{},u{}\n", T0 + i, i % 10))
        .collect();
    let out = run(
        &[
            "run",
            "--progress",
            "--time",
            "0",
            "--distinct",
            "1",
            "--output",
            "json",
        ],
        &text,
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("records 1000  |") && stderr.contains("records/s"),
        "{stderr}"
    );
    assert!(
        stderr.contains("windows 1  |  bad 0  |  late 0"),
        "{stderr}"
    );
    assert_eq!(json_lines(&out.stdout).len(), 1);
}

#[test]
fn arrival_time_windows_from_standard_input() {
    let text: String = (0..5000).map(|i| format!("u{}\n", i % 300)).collect();
    let out = run(
        &[
            "run",
            "--distinct",
            "0",
            "--window",
            "1s",
            "--batch",
            "100ms",
            "--output",
            "json",
        ],
        &text,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out.stdout);
    assert!(!lines.is_empty());
    let events: u64 = lines.iter().map(|l| l["events"].as_u64().unwrap()).sum();
    assert_eq!(events, 5000, "tumbling windows hold every record once");
    assert_eq!(summary(&out.stderr), (5000, 0, 0, lines.len() as u64));
}

#[test]
fn keys_beyond_the_bound_fold_into_an_overflow_row() {
    // 10 keys, at most 3 per pane: the other keys' records share one row.
    let text: String = (0..2000)
        .map(|i| format!("{},k{},u{}\n", T0 + i, i % 10, i % 50))
        .collect();
    let out = run(
        &[
            "run",
            "--time",
            "0",
            "--key",
            "1",
            "--distinct",
            "2",
            "--max-keys",
            "3",
            "--window",
            "5s",
            "--output",
            "json",
        ],
        &text,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out.stdout);
    let (overflow, keyed): (Vec<_>, Vec<_>) = lines.iter().partition(|l| l["overflow"] == true);
    assert_eq!((keyed.len(), overflow.len()), (3, 1), "{lines:?}");
    assert!(overflow[0]["key"].is_null());
    let events: u64 = lines.iter().map(|l| l["events"].as_u64().unwrap()).sum();
    assert_eq!(events, 2000);
    assert_eq!(overflow[0]["events"].as_u64(), Some(1400));
}
