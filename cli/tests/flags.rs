//! Bad flags and bad values stop `sketchfold` before it reads anything,
//! with a non-zero exit and one clear line on standard error; `--help`
//! documents the commands.

mod common;

use common::*;

/// Runs `args` and expects exit `code` with `needle` in standard error.
fn fails(args: &[&str], code: i32, needle: &str) {
    let out = run(args, "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "{args:?}: no '{needle}' in {stderr}"
    );
    assert!(out.stdout.is_empty(), "{args:?} printed windows");
}

/// Our own checks (exit 2) say what is wrong in one line.
fn usage(args: &[&str], needle: &str) {
    fails(args, 2, needle);
    let out = run(args, "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("sketchfold: error: "), "{stderr}");
}

#[test]
fn values_that_do_not_fit_together() {
    usage(&["run"], "at least one of --distinct, --top, --quantiles");
    usage(
        &["run", "--distinct", "0", "--window", "0s"],
        "--window must be longer than 0 ms",
    );
    usage(
        &["run", "--distinct", "0", "--batch", "0ms"],
        "--batch must be longer than 0 ms",
    );
    usage(
        &["run", "--distinct", "0", "--window", "10s", "--slide", "3s"],
        "--slide (3000 ms) must divide --window (10000 ms)",
    );
    usage(
        &[
            "run",
            "--distinct",
            "0",
            "--window",
            "10s",
            "--slide",
            "20s",
        ],
        "must not be longer than --window",
    );
    usage(
        &["run", "--distinct", "0", "--window", "1500ms"],
        "multiples of --batch (1000 ms)",
    );
    usage(
        &["run", "--distinct", "user"],
        "CSV fields are 0-based column numbers",
    );
    usage(
        &[
            "run",
            "--format",
            "json",
            "--distinct",
            "u",
            "--delimiter",
            ";",
        ],
        "--delimiter applies to --format csv only",
    );
    usage(
        &["demo", "--window", "0s"],
        "--window must be longer than 0 ms",
    );
    usage(
        &["run", "--top", "0", "--top-k", "30", "--top-capacity", "20"],
        "--top-capacity (20) must be at least --top-k (30)",
    );
    usage(
        &["run", "--quantiles", "0", "--alpha", "0.9"],
        "a relative accuracy in [0.000001, 0.5]",
    );
}

#[test]
fn values_clap_refuses() {
    fails(&["run", "--distinct", "0", "--format", "xml"], 2, "xml");
    fails(
        &["run", "--distinct", "0", "--window", "10parsecs"],
        2,
        "not a duration",
    );
    fails(
        &["run", "--distinct", "0", "--delimiter", "ab"],
        2,
        "not a delimiter",
    );
    fails(&["run", "--distinct", "0", "--follow"], 2, "--input");
    fails(
        &[
            "run",
            "--distinct",
            "0",
            "--input",
            "x",
            "--tcp",
            "127.0.0.1:9",
        ],
        2,
        "cannot be used with",
    );
    fails(
        &[
            "run",
            "--distinct",
            "0",
            "--checkpoint",
            "d",
            "--checkpoint-every",
            "0",
        ],
        2,
        "0",
    );
    fails(&["run", "--distinct", "0", "--lateness", "2s"], 2, "--time");
    fails(
        &["run", "--distinct", "0", "--partitions", "0"],
        2,
        "partitions",
    );
    fails(&["run", "--distinct", "0", "--top-k", "3"], 2, "--top");
    fails(&["run", "--distinct", "0", "--output", "yaml"], 2, "yaml");
    fails(&["run", "--nonsense"], 2, "--nonsense");
    fails(&["frobnicate"], 2, "frobnicate");
    fails(&["demo", "--duration", "0"], 2, "duration");
    fails(
        &["run", "--distinct", "0", "--precision", "3"],
        2,
        "precision",
    );
    fails(
        &["run", "--distinct", "0", "--precision", "22"],
        2,
        "precision",
    );
    fails(
        &["run", "--quantiles", "0", "--ranks", "0.5,2"],
        2,
        "not a rank",
    );
    fails(
        &["run", "--quantiles", "0", "--max-buckets", "0"],
        2,
        "max-buckets",
    );
    fails(&["run", "--quantiles", "0", "--alpha", "x"], 2, "alpha");
    fails(
        &["run", "--top", "0", "--top-capacity", "0"],
        2,
        "top-capacity",
    );
    // The sketch flags need their sketch.
    fails(&["run", "--top", "0", "--precision", "12"], 2, "--distinct");
    fails(
        &["run", "--distinct", "0", "--ranks", "0.5"],
        2,
        "--quantiles",
    );
    fails(
        &["run", "--distinct", "0", "--alpha", "0.02"],
        2,
        "--quantiles",
    );
    fails(
        &["run", "--distinct", "0", "--top-capacity", "9"],
        2,
        "--top",
    );
}

#[test]
fn runtime_failures_exit_one() {
    fails(
        &["run", "--distinct", "0", "--input", "/no/such/file.csv"],
        1,
        "/no/such/file.csv",
    );
}

#[test]
fn help_documents_the_commands() {
    let out = run(&["--help"], "");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("demo") && text.contains("run") && text.contains("sketch"),
        "{text}"
    );
    let out = run(&["run", "--help"], "");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--input",
        "--follow",
        "--tcp",
        "--format",
        "--delimiter",
        "--key",
        "--distinct",
        "--top",
        "--top-k",
        "--quantiles",
        "--time",
        "--time-unit",
        "--window",
        "--slide",
        "--batch",
        "--lateness",
        "--partitions",
        "--max-keys",
        "--checkpoint",
        "--checkpoint-every",
        "--rate",
        "--precision",
        "--top-capacity",
        "--ranks",
        "--alpha",
        "--max-buckets",
        "--save-sketches",
        "--output",
        "--progress",
    ] {
        assert!(text.contains(flag), "run --help lacks {flag}");
    }
    let out = run(&["demo", "--help"], "");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in ["--duration", "--fast", "--seed", "--rate", "--output"] {
        assert!(text.contains(flag), "demo --help lacks {flag}");
    }
    let out = run(&["sketch", "--help"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["inspect", "merge", "convert", "estimate"] {
        assert!(text.contains(command), "sketch --help lacks {command}");
    }
    let out = run(&["sketch", "merge", "--help"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--format",
        "kll-double",
        "--item-type",
        "--ranks",
        "--std-devs",
        "--top",
        "--output",
        "--out",
        "--to",
        "hll4",
    ] {
        assert!(text.contains(flag), "sketch merge --help lacks {flag}");
    }
}
