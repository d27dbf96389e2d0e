//! `sketchfold run --tcp HOST:PORT` connects to a server as a client (like
//! Spark's socketTextStream), reads its lines until it closes, and prints
//! the same windows an exact computation gives.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The tests here run one at a time: the refused-connection test frees a
/// port that the other test's listener could otherwise be given while the
/// binary is still connecting to it.
static PORTS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn lines_from_a_tcp_server() {
    let _one_at_a_time = PORTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let child = Command::new(BIN)
        .args([
            "run",
            "--tcp",
            &addr,
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
            "2",
            "--quantiles",
            "4",
            "--window",
            "4s",
            "--batch",
            "500ms",
            "--lateness",
            "1s",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let recs = records(5, 8_000, 30, 600, Some((501, 4_000)));
    let (mut conn, _) = listener.accept().unwrap();
    // Written in pieces that split lines, with no newline after the last.
    let text = recs.iter().map(csv_line).collect::<Vec<_>>().join("\n");
    for piece in text.as_bytes().chunks(7919) {
        conn.write_all(piece).unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(conn);
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (exact, late) = exact_windows(&recs, 500, 4000, 4000, 1000);
    assert!(late > 5);
    check_all(&json_lines(&out.stdout), &exact, 2);
    let (records, bad, late_printed, _) = summary(&out.stderr);
    assert_eq!((records, bad, late_printed), (8_000, 0, late));
}

#[test]
fn a_refused_connection_is_a_clear_error() {
    let _one_at_a_time = PORTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Bind and drop to get a port that nothing listens on.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let out = run(&["run", "--tcp", &addr.to_string(), "--distinct", "0"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("connecting to"), "{stderr}");
}
