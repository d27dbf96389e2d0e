//! `--input FILE --checkpoint DIR`: a run killed midway and restarted with
//! the same flags resumes from its newest checkpoint, and the windows it
//! prints are those of an uninterrupted run (windows between the checkpoint
//! and the kill are printed again: at least once, with the same values).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use common::*;

fn job_flags<'a>(input: &'a str, dir: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        "--input",
        input,
        "--output",
        "json",
        "--time",
        "0",
        "--key",
        "1",
        "--distinct",
        "2",
        "--top",
        "3",
        "--top-k",
        "3",
        "--quantiles",
        "4",
        "--window",
        "2s",
        "--batch",
        "500ms",
        "--lateness",
        "1s",
        "--partitions",
        "2",
        "--checkpoint",
        dir,
        "--checkpoint-every",
        "1",
    ]
}

fn checkpoints(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".skc"))
            .count()
    })
}

/// The window's values, without the batch figures (late, bad, batch time),
/// which depend on how the input fell into batches.
fn values(map: BTreeMap<(u64, String), Value>) -> BTreeMap<(u64, String), Value> {
    map.into_iter()
        .map(|(k, mut v)| {
            let o = v.as_object_mut().unwrap();
            for field in ["late", "bad", "batch_ms"] {
                o.remove(field);
            }
            (k, v)
        })
        .collect()
}

#[test]
fn killed_and_restarted_run_resumes_with_the_same_windows() {
    let dir = scratch("checkpoint");
    let input = dir.join("clicks.csv");
    let recs = records(6, 40_000, 80, 500, Some((1999, 5_000)));
    write_lines(&input, recs.iter().map(csv_line));
    let input = input.to_str().unwrap();

    // The uninterrupted run (checkpointing into a directory of its own).
    let whole_dir = dir.join("whole");
    let whole = run(&job_flags(input, whole_dir.to_str().unwrap()), "");
    assert!(
        whole.status.success(),
        "{}",
        String::from_utf8_lossy(&whole.stderr)
    );
    let whole_windows = values(by_window(&json_lines(&whole.stdout)));
    let (exact, late) = exact_windows(&recs, 500, 2000, 2000, 1000);
    check_all(&json_lines(&whole.stdout), &exact, 3);
    assert_eq!(summary(&whole.stderr).2, late);

    // The run that is killed: slowed to 8000 lines/s (5 s for the file).
    let ck = dir.join("ck");
    let ck_dir = ck.to_str().unwrap();
    let mut slow = job_flags(input, ck_dir);
    slow.extend(["--rate", "8000"]);
    let mut child = Command::new(BIN)
        .args(&slow)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let printed = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let printed = Arc::clone(&printed);
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                printed.lock().unwrap().push(line.unwrap());
            }
        })
    };
    let start = Instant::now();
    while checkpoints(&ck) < 2 || printed.lock().unwrap().len() < 3 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no checkpoint written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run is still going when killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    let before: Vec<Value> = printed
        .lock()
        .unwrap()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let before = values(by_window(&before));
    assert!(before.len() < whole_windows.len() / 2, "killed midway");

    // The restart, with the same flags.
    let again = run(&slow, "");
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("resumed from checkpoint"), "{stderr}");
    let after = values(by_window(&json_lines(&again.stdout)));
    assert!(!after.is_empty());
    let first_after = after.keys().next().unwrap().0;
    assert!(
        first_after > whole_windows.keys().next().unwrap().0,
        "resumed, not started over"
    );

    // Every window printed, before or after the restart, is the
    // uninterrupted run's; together they are all of them.
    let mut union = before.clone();
    for (k, v) in &after {
        assert_eq!(
            Some(v),
            whole_windows.get(k),
            "window {k:?} after the restart"
        );
        if let Some(old) = union.insert(k.clone(), v.clone()) {
            assert_eq!(&old, v, "a window printed twice differs");
        }
    }
    for (k, v) in &before {
        assert_eq!(
            Some(v),
            whole_windows.get(k),
            "window {k:?} before the kill"
        );
    }
    assert_eq!(union, whole_windows);
    // The counters are restored with the checkpoint: the restarted run's
    // totals are the whole run's.
    assert_eq!(summary(&again.stderr), summary(&whole.stderr));
}
