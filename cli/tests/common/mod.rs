//! Shared by the CLI's integration tests: running the binary, reading its
//! JSON windows and summary, generating records, and computing windows
//! exactly (the engine's rules, by brute force) to compare with.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_sketchfold");

/// 2026-12-03T10:00:00Z in milliseconds since the epoch.
pub const T0: u64 = 1_796_292_000_000;

/// HyperLogLog p = 14: relative standard error 1.04 / sqrt(2^14).
pub const HLL_RSE: f64 = 1.04 / 128.0;

/// Runs the binary with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(data.as_bytes());
    });
    let out = child.wait_with_output().expect("the binary runs");
    writer.join().unwrap();
    out
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sketchfold-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every line of standard output as a JSON object.
pub fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The run's totals from the summary line on standard error:
/// `(records, bad, late, windows)`.
pub fn summary(stderr: &[u8]) -> (u64, u64, u64, u64) {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.starts_with("sketchfold: ") && l.contains(" records, "))
        .unwrap_or_else(|| panic!("no summary in stderr: {text}"));
    let n: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(n.len(), 4, "{line}");
    (n[0], n[1], n[2], n[3])
}

/// The test suite's one generator (splitmix64), shared with the
/// library's tests.
#[path = "../../../tests/common/rng.rs"]
mod rng;

pub use rng::Rng;

/// One test record.
#[derive(Clone, Debug, PartialEq)]
pub struct Rec {
    /// Event time, ms since the epoch.
    pub ts: u64,
    /// Group-by key.
    pub key: String,
    /// Distinct-count field.
    pub user: String,
    /// Heavy-hitter field.
    pub page: String,
    /// Quantile field.
    pub value: f64,
}

/// `n` records over `seconds` of event time from [`T0`], in time order but
/// for a jitter of up to `jitter_ms` backwards, and every `late_every`-th
/// record (if any) sent `late_ms` back in time. Three keys; users drawn
/// from a key-specific range (so distinct counts differ by key); pages
/// clearly skewed: `home` about 45%, `search` about 25%, the rest spread
/// over 40 pages; values log-uniform over 1 to 10 000.
pub fn records(
    seed: u64,
    n: u64,
    seconds: u64,
    jitter_ms: u64,
    late: Option<(u64, u64)>,
) -> Vec<Rec> {
    let mut rng = Rng(seed);
    let span = seconds * 1000;
    (0..n)
        .map(|i| {
            let nominal = T0 + i * span / n;
            let mut ts = nominal - rng.below_u64(jitter_ms + 1);
            if let Some((every, back)) = late {
                if i % every == every - 1 {
                    ts = nominal - back;
                }
            }
            let k = rng.below_u64(3);
            let users = [300, 3000, 20_000][k as usize];
            let u = rng.unit();
            let page = if u < 0.45 {
                "home".to_string()
            } else if u < 0.70 {
                "search".to_string()
            } else {
                format!("item, {}", rng.below_u64(40))
            };
            Rec {
                ts,
                key: format!("k{k}"),
                user: format!("u{}", rng.below_u64(users)),
                page,
                value: (10f64.powf(4.0 * rng.unit()) * 100.0).round() / 100.0,
            }
        })
        .collect()
}

/// The exact figures of one key in one window.
#[derive(Clone, Debug, Default)]
pub struct Exact {
    /// Records.
    pub events: u64,
    /// Distinct users.
    pub users: BTreeSet<String>,
    /// Page counts.
    pub pages: HashMap<String, u64>,
    /// Values, sorted at the end.
    pub values: Vec<f64>,
}

/// What the engine's rules give for `recs` read in order, event time, panes
/// of `pane_ms`, windows of `length_ms` ending every `slide_ms`, and
/// `lateness_ms`: per `(window start, key)`, the exact figures; and the
/// number of late records. A record is late when its pane ends at or before
/// the watermark (the largest time of the records taken so far minus the
/// lateness).
pub fn exact_windows(
    recs: &[Rec],
    pane_ms: u64,
    length_ms: u64,
    slide_ms: u64,
    lateness_ms: u64,
) -> (BTreeMap<(u64, String), Exact>, u64) {
    let mut max_ts: Option<u64> = None;
    let mut late = 0;
    let mut out: BTreeMap<(u64, String), Exact> = BTreeMap::new();
    for r in recs {
        let pane_end = (r.ts / pane_ms + 1) * pane_ms;
        if max_ts.is_some_and(|m| pane_end <= m.saturating_sub(lateness_ms)) {
            late += 1;
            continue;
        }
        max_ts = Some(max_ts.map_or(r.ts, |m| m.max(r.ts)));
        // Windows [end - length, end) with end a multiple of the slide.
        let first_end = (r.ts / slide_ms + 1) * slide_ms;
        let mut end = first_end;
        while end - length_ms <= r.ts {
            let e = out.entry((end - length_ms, r.key.clone())).or_default();
            e.events += 1;
            e.users.insert(r.user.clone());
            *e.pages.entry(r.page.clone()).or_insert(0) += 1;
            e.values.push(r.value);
            end += slide_ms;
        }
    }
    for e in out.values_mut() {
        e.values.sort_by(f64::total_cmp);
    }
    (out, late)
}

/// The JSON windows by `(start, key)`; the key is `""` for a job without
/// keys.
pub fn by_window(lines: &[Value]) -> BTreeMap<(u64, String), Value> {
    let mut map = BTreeMap::new();
    for l in lines {
        let start = l["start_ms"].as_u64().unwrap();
        let key = l["key"].as_str().unwrap_or("").to_string();
        assert!(
            map.insert((start, key), l.clone()).is_none(),
            "window printed twice: {l}"
        );
    }
    map
}

/// Checks one printed window against the exact figures: events exactly,
/// distinct users within 4 standard errors of HyperLogLog p14, the top two
/// pages exactly and every printed count exact (there are fewer pages than
/// the summary's counters, so it never evicts), and p50/p90/p99 within
/// DDSketch's 1% of the value of rank floor(q (n - 1)).
///
/// With a fixed seed the outcome is fixed; over random seeds, a distinct
/// count falls outside 4 standard errors with probability about 6e-5
/// (normal tail), so over the ~100 window rows of a test the chance of a
/// false failure is under 1%; small counts (linear counting) are far
/// tighter than that.
pub fn check_window(printed: &Value, exact: &Exact, top_k: usize) {
    let what = format!("{printed}");
    assert_eq!(
        printed["events"].as_u64(),
        Some(exact.events),
        "events of {what}"
    );
    let truth = exact.users.len() as f64;
    let distinct = printed["distinct"].as_f64().unwrap();
    assert!(
        (distinct - truth).abs() <= 4.0 * HLL_RSE * truth + 1.0,
        "distinct {distinct} vs {truth} in {what}"
    );
    let top = printed["top"].as_array().unwrap();
    let mut ranked: Vec<(&String, &u64)> = exact.pages.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    assert_eq!(top.len(), top_k.min(ranked.len()), "{what}");
    for (i, item) in top.iter().enumerate() {
        let page = item[0].as_str().unwrap();
        let count = item[1].as_u64().unwrap();
        assert_eq!(
            Some(&count),
            exact.pages.get(page),
            "count of {page} in {what}"
        );
        if i < 2 {
            assert_eq!(
                (page, count),
                (ranked[i].0.as_str(), *ranked[i].1),
                "top {i} in {what}"
            );
        }
    }
    let n = exact.values.len();
    for (field, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
        let x = exact.values[((q * (n - 1) as f64).floor()) as usize];
        let est = printed[field].as_f64().unwrap();
        assert!(
            (est - x).abs() <= 0.01 * x.abs() + 1e-9,
            "{field} {est} vs {x} in {what}"
        );
    }
}

/// Checks every printed window against the exact ones (and that no window
/// is missing or extra).
pub fn check_all(lines: &[Value], exact: &BTreeMap<(u64, String), Exact>, top_k: usize) {
    let printed = by_window(lines);
    let printed_keys: Vec<_> = printed.keys().collect();
    let exact_keys: Vec<_> = exact.keys().collect();
    assert_eq!(printed_keys, exact_keys, "the windows and keys printed");
    for (k, p) in &printed {
        check_window(p, &exact[k], top_k);
    }
}

/// A CSV line: `ts,key,user,"page",value` (the page quoted: it holds the
/// delimiter).
pub fn csv_line(r: &Rec) -> String {
    format!("{},{},{},\"{}\",{}", r.ts, r.key, r.user, r.page, r.value)
}

/// Writes `lines` to `path`, one a line.
pub fn write_lines(path: &Path, lines: impl IntoIterator<Item = String>) {
    let mut text = String::new();
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

/// The golden files of a DataSketches library (`datasketches-java` or
/// `datasketches-cpp`) in the repository's `tests/golden/`.
pub fn golden_dir(library: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/golden")
        .join(library)
}

/// Runs the binary with `args`, expects success, and gives its standard
/// output.
pub fn ok(args: &[&str]) -> String {
    let out = run(args, "");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs the binary with `args`, expects exit status 1 and gives its
/// standard error (one line, nothing on standard output).
pub fn fails_at_runtime(args: &[&str]) -> String {
    let out = run(args, "");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    stderr
}

/// A path as an argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The fields of one CSV line as the CLI writes it: a field in double
/// quotes may hold commas, and a doubled quote inside it is one quote.
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// A JSON value as the CLI's CSV writes it: strings as they are, none as
/// an empty field, other values (lists too) as JSON.
pub fn as_csv_field(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}
