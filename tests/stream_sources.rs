//! Specs for the stream sources: `LinesSource`, `TcpSource`, `ChannelSource`.
//!
//! Timing checks use generous bounds only (a deadline is "respected" when a
//! read with nothing to hand out returns well within seconds), never tight
//! measurements.

use std::fs::{self, OpenOptions};
use std::io::{Cursor, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use sketchfold::stream::source::{ChannelSource, LinesSource, TcpSource};
use sketchfold::stream::{Source, SourceStatus};
use sketchfold::ErrorKind;

/// Far more than any read here should take, even on a loaded machine.
const GENEROUS: Duration = Duration::from_secs(10);

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "sketchfold-sources-test-{}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn append(path: &Path, bytes: &[u8]) {
    let mut file = OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(bytes).unwrap();
    file.sync_all().unwrap();
}

/// Reads until the source ends, `max` at a time, returning the chunk sizes.
fn drain<S: Source>(source: &mut S, buf: &mut Vec<S::Item>, max: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let stop = Instant::now() + GENEROUS;
    loop {
        let before = buf.len();
        let status = source
            .read(buf, max, Instant::now() + Duration::from_millis(20))
            .unwrap();
        assert!(buf.len() - before <= max, "at most max records per read");
        sizes.push(buf.len() - before);
        if status == SourceStatus::Ended {
            return sizes;
        }
        assert!(Instant::now() < stop, "the source never ended");
    }
}

fn numbered_lines(n: usize) -> (String, Vec<String>) {
    let lines: Vec<String> = (0..n).map(|i| format!("line {i}")).collect();
    let text = lines.iter().map(|l| format!("{l}\n")).collect();
    (text, lines)
}

// ---- LinesSource: files ----

#[test]
fn file_lines_in_order_chunked_by_max_then_ended() {
    let tmp = TempDir::new("file-order");
    let (text, lines) = numbered_lines(10);
    let path = tmp.file("in.txt", text.as_bytes());
    let mut source = LinesSource::file(&path).unwrap();
    let mut buf = Vec::new();
    let sizes = drain(&mut source, &mut buf, 3);
    assert_eq!(buf, lines);
    assert_eq!(sizes[..3], [3, 3, 3]);
    assert_eq!(sizes.iter().sum::<usize>(), 10);
    assert_eq!(source.position(), Some(text.len() as u64));
    // Ended stays ended.
    let mut more = Vec::new();
    assert_eq!(
        source.read(&mut more, 3, Instant::now()).unwrap(),
        SourceStatus::Ended
    );
    assert!(more.is_empty());
}

#[test]
fn file_position_and_seek_resume_on_the_next_line() {
    let tmp = TempDir::new("file-seek");
    let (text, lines) = numbered_lines(20);
    let path = tmp.file("in.txt", text.as_bytes());
    let mut first = LinesSource::file(&path).unwrap();
    let mut buf = Vec::new();
    assert_eq!(
        first.read(&mut buf, 7, Instant::now()).unwrap(),
        SourceStatus::Open
    );
    assert_eq!(buf, lines[..7]);
    let position = first.position().unwrap();
    let expected: usize = lines[..7].iter().map(|l| l.len() + 1).sum();
    assert_eq!(position, expected as u64);
    drop(first);

    // A restarted job: a new source over the same file, moved to the offset.
    let mut resumed = LinesSource::file(&path).unwrap();
    resumed.seek(position).unwrap();
    let mut rest = Vec::new();
    drain(&mut resumed, &mut rest, 4);
    assert_eq!(rest, lines[7..]);
    // Seeking back to 0 replays everything, even after the end.
    resumed.seek(0).unwrap();
    let mut again = Vec::new();
    drain(&mut resumed, &mut again, 100);
    assert_eq!(again, lines);
}

#[test]
fn a_boxed_source_reads_positions_and_seeks_as_the_source_inside() {
    let tmp = TempDir::new("boxed");
    let (text, lines) = numbered_lines(10);
    let path = tmp.file("in.txt", text.as_bytes());
    let mut boxed: Box<dyn Source<Item = String>> = Box::new(LinesSource::file(&path).unwrap());
    let mut buf = Vec::new();
    boxed.read(&mut buf, 3, Instant::now()).unwrap();
    assert_eq!(buf, lines[..3]);
    let position = boxed.position().unwrap();
    assert_eq!(
        position,
        lines[..3].iter().map(|l| l.len() as u64 + 1).sum::<u64>()
    );
    boxed.seek(0).unwrap();
    let mut all = Vec::new();
    drain(&mut boxed, &mut all, 4);
    assert_eq!(all, lines);
    // A source that cannot seek says so through the box too.
    let (_tx, rx) = mpsc::sync_channel::<String>(1);
    let mut channel: Box<dyn Source<Item = String>> = Box::new(ChannelSource::new(rx));
    assert_eq!(channel.position(), None);
    let e = channel.seek(0).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
        "{e}"
    );
}

#[test]
fn file_seek_past_the_end_is_an_invalid_parameter() {
    let tmp = TempDir::new("file-seek-end");
    let path = tmp.file("in.txt", b"a\nb\n");
    let mut source = LinesSource::file(&path).unwrap();
    source.seek(4).unwrap();
    let err = source.seek(5).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidParameter { .. }),
        "{err}"
    );
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let tmp = TempDir::new("missing");
    let path = tmp.0.join("no-such-file.txt");
    let err = LinesSource::file(&path).unwrap_err();
    match err.kind() {
        ErrorKind::Io { context, .. } => {
            assert!(context.contains("no-such-file.txt"), "{context}")
        }
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn final_line_without_newline_is_emitted_at_eof() {
    let tmp = TempDir::new("final-line");
    let path = tmp.file("in.txt", b"one\ntwo\nthree");
    let mut source = LinesSource::file(&path).unwrap();
    let mut buf = Vec::new();
    drain(&mut source, &mut buf, 10);
    assert_eq!(buf, ["one", "two", "three"]);
    assert_eq!(source.position(), Some(13));
}

#[test]
fn crlf_and_empty_lines() {
    let tmp = TempDir::new("crlf");
    let path = tmp.file("in.txt", b"a\r\n\r\nb\n\nc\rd\r\n");
    let mut source = LinesSource::file(&path).unwrap();
    let mut buf = Vec::new();
    drain(&mut source, &mut buf, 10);
    // Only the \r of a \r\n ending is removed; a lone \r stays.
    assert_eq!(buf, ["a", "", "b", "", "c\rd"]);
}

#[test]
fn invalid_utf8_is_converted_lossily_without_failing() {
    let tmp = TempDir::new("utf8");
    let path = tmp.file("in.txt", b"ok\nbad \xff\xfe here\n\xc3\xa9t\xc3\xa9\n");
    let mut source = LinesSource::file(&path).unwrap();
    let mut buf = Vec::new();
    drain(&mut source, &mut buf, 10);
    assert_eq!(buf, ["ok", "bad \u{fffd}\u{fffd} here", "été"]);
}

#[test]
fn follow_respects_the_deadline_with_no_data() {
    let tmp = TempDir::new("follow-deadline");
    let path = tmp.file("in.txt", b"");
    let mut source = LinesSource::file(&path).unwrap().follow(true);
    let mut buf = Vec::new();
    let start = Instant::now();
    let status = source
        .read(&mut buf, 10, start + Duration::from_millis(50))
        .unwrap();
    assert_eq!(status, SourceStatus::Open);
    assert!(buf.is_empty());
    assert!(start.elapsed() < GENEROUS);
    // A deadline already past returns at once, still open.
    let status = source.read(&mut buf, 10, Instant::now()).unwrap();
    assert_eq!(status, SourceStatus::Open);
}

#[test]
fn follow_picks_up_appended_lines_and_holds_a_partial_line() {
    let tmp = TempDir::new("follow-append");
    let path = tmp.file("in.txt", b"a\nb\npar");
    let mut source = LinesSource::file(&path).unwrap().follow(true);
    let mut buf = Vec::new();
    assert_eq!(
        source.read(&mut buf, 10, Instant::now()).unwrap(),
        SourceStatus::Open
    );
    assert_eq!(buf, ["a", "b"]);
    // The partial line is held, and not counted in the position.
    assert_eq!(
        source
            .read(&mut buf, 10, Instant::now() + Duration::from_millis(30))
            .unwrap(),
        SourceStatus::Open
    );
    assert_eq!(buf, ["a", "b"]);
    assert_eq!(source.position(), Some(4));

    append(&path, b"tial\nc\n");
    let stop = Instant::now() + GENEROUS;
    while buf.len() < 4 && Instant::now() < stop {
        source
            .read(&mut buf, 10, Instant::now() + Duration::from_millis(20))
            .unwrap();
    }
    assert_eq!(buf, ["a", "b", "partial", "c"]);
    assert_eq!(source.position(), Some(fs::metadata(&path).unwrap().len()));
}

#[test]
fn follow_wakes_up_for_data_appended_while_waiting() {
    let tmp = TempDir::new("follow-wait");
    let path = tmp.file("in.txt", b"");
    let mut source = LinesSource::file(&path).unwrap().follow(true);
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        append(&writer_path, b"late line\n");
    });
    let mut buf = Vec::new();
    // One read with a long deadline returns as soon as the line is there.
    let status = source
        .read(&mut buf, 10, Instant::now() + GENEROUS)
        .unwrap();
    writer.join().unwrap();
    assert_eq!(status, SourceStatus::Open);
    assert_eq!(buf, ["late line"]);
}

// ---- LinesSource: readers, limits, stdin ----

#[test]
fn reader_lines_positions_and_forward_seek() {
    let (text, lines) = numbered_lines(9);
    let mut source = LinesSource::reader(Cursor::new(text.clone().into_bytes()));
    let mut buf = Vec::new();
    source.read(&mut buf, 4, Instant::now()).unwrap();
    assert_eq!(buf, lines[..4]);
    let position = source.position().unwrap();
    // A fresh reader over the same bytes resumes after a forward seek.
    let mut resumed = LinesSource::reader(Cursor::new(text.into_bytes()));
    resumed.seek(position).unwrap();
    let mut rest = Vec::new();
    drain(&mut resumed, &mut rest, 2);
    assert_eq!(rest, lines[4..]);
    // Backwards and past the end are refused.
    let err = resumed.seek(0).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidParameter { .. }));
    let mut short = LinesSource::reader(Cursor::new(b"ab\n".to_vec()));
    let err = short.seek(10).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidParameter { .. }));
}

#[test]
fn empty_reader_ends_at_once() {
    let mut source = LinesSource::reader(Cursor::new(Vec::new()));
    let mut buf = Vec::new();
    assert_eq!(
        source
            .read(&mut buf, 10, Instant::now() + GENEROUS)
            .unwrap(),
        SourceStatus::Ended
    );
    assert!(buf.is_empty());
    assert_eq!(source.position(), Some(0));
}

#[test]
fn a_line_over_the_limit_is_an_io_error_naming_its_offset() {
    let text = b"12345\n1234\r\n123456\nafter\n".to_vec();
    let mut source = LinesSource::reader(Cursor::new(text))
        .max_line_len(5)
        .unwrap();
    let mut buf = Vec::new();
    let err = source.read(&mut buf, 10, Instant::now()).unwrap_err();
    // The lines within the limit (CRLF not counted) were handed out first.
    assert_eq!(buf, ["12345", "1234"]);
    match err.kind() {
        ErrorKind::Io { message, .. } => {
            assert!(message.contains("byte 12"), "{message}");
            assert!(message.contains("limit of 5 bytes"), "{message}");
        }
        other => panic!("expected Io, got {other:?}"),
    }
    // A final unterminated line over the limit fails too.
    let mut tail = LinesSource::reader(Cursor::new(b"ok\n1234567".to_vec()))
        .max_line_len(5)
        .unwrap();
    let mut buf = Vec::new();
    assert!(tail.read(&mut buf, 10, Instant::now()).is_err());
    assert_eq!(buf, ["ok"]);
    // A line of exactly the limit without a newline is fine.
    let mut exact = LinesSource::reader(Cursor::new(b"12345".to_vec()))
        .max_line_len(5)
        .unwrap();
    let mut buf = Vec::new();
    drain(&mut exact, &mut buf, 10);
    assert_eq!(buf, ["12345"]);
    let err = LinesSource::reader(Cursor::new(Vec::new()))
        .max_line_len(0)
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidParameter { .. }));
}

#[test]
fn a_long_line_within_the_default_limit_crosses_buffers() {
    let long = "x".repeat(100_000);
    let text = format!("{long}\nshort\n");
    let mut source = LinesSource::reader(Cursor::new(text.into_bytes()));
    let mut buf = Vec::new();
    drain(&mut source, &mut buf, 10);
    assert_eq!(buf, [long, "short".to_string()]);
}

#[test]
fn stdin_is_not_replayable_and_respects_the_deadline() {
    let mut source = LinesSource::stdin().unwrap();
    assert_eq!(source.position(), None);
    assert!(source.seek(0).is_err());
    // Whatever the test harness's stdin is (a terminal, /dev/null), a read
    // returns by its deadline.
    let mut buf = Vec::new();
    let start = Instant::now();
    let _status = source
        .read(&mut buf, 10, start + Duration::from_millis(50))
        .unwrap();
    assert!(start.elapsed() < GENEROUS);
}

// ---- TcpSource ----

/// A one-connection server on 127.0.0.1 that writes `bytes`, then waits for
/// `close` (if given) before closing.
fn serve(
    bytes: Vec<u8>,
    close: Option<mpsc::Receiver<()>>,
) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        let (mut client, _) = listener.accept().unwrap();
        client.write_all(&bytes).unwrap();
        client.flush().unwrap();
        if let Some(close) = close {
            let _ = close.recv();
        }
    });
    (addr, server)
}

#[test]
fn tcp_lines_in_order_chunked_then_ended_when_the_peer_closes() {
    let (text, mut lines) = numbered_lines(10);
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"crlf\r\nbad \xff\nlast without newline");
    lines.extend(["crlf", "bad \u{fffd}", "last without newline"].map(String::from));
    let (addr, server) = serve(bytes, None);
    let mut source = TcpSource::connect(addr.as_str()).unwrap();
    assert_eq!(source.addr(), addr);
    assert_eq!(source.position(), None);
    assert!(source.seek(0).is_err());
    let mut buf = Vec::new();
    drain(&mut source, &mut buf, 3);
    assert_eq!(buf, lines);
    server.join().unwrap();
}

#[test]
fn tcp_read_respects_the_deadline_while_the_server_is_quiet() {
    let (close_tx, close_rx) = mpsc::channel();
    let (addr, server) = serve(b"first\n".to_vec(), Some(close_rx));
    let mut source = TcpSource::connect(addr.as_str()).unwrap();
    let mut buf = Vec::new();
    let stop = Instant::now() + GENEROUS;
    while buf.is_empty() && Instant::now() < stop {
        source
            .read(&mut buf, 10, Instant::now() + Duration::from_millis(20))
            .unwrap();
    }
    assert_eq!(buf, ["first"]);
    // Nothing more is coming yet: the read returns by its deadline, open.
    let start = Instant::now();
    let status = source
        .read(&mut buf, 10, start + Duration::from_millis(50))
        .unwrap();
    assert_eq!(status, SourceStatus::Open);
    assert_eq!(buf, ["first"]);
    assert!(start.elapsed() < GENEROUS);
    close_tx.send(()).unwrap();
    server.join().unwrap();
    let mut rest = Vec::new();
    drain(&mut source, &mut rest, 10);
    assert!(rest.is_empty());
}

#[test]
fn tcp_connection_refused_is_an_io_error_naming_the_address() {
    // A port that was just free: bind, note it, close.
    let addr = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().to_string()
    };
    let err = TcpSource::connect(addr.as_str()).unwrap_err();
    match err.kind() {
        ErrorKind::Io { context, .. } => assert!(context.contains(&addr), "{context}"),
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn tcp_line_over_the_limit_is_an_error() {
    let (addr, server) = serve(b"short\nmuch too long\n".to_vec(), None);
    let mut source = TcpSource::connect_with_limit(addr.as_str(), 5).unwrap();
    let mut buf = Vec::new();
    let stop = Instant::now() + GENEROUS;
    let err = loop {
        match source.read(&mut buf, 10, Instant::now() + Duration::from_millis(20)) {
            Ok(SourceStatus::Ended) => panic!("ended without the limit error"),
            Ok(SourceStatus::Open) => assert!(Instant::now() < stop),
            Err(e) => break e,
        }
    };
    assert_eq!(buf, ["short"]);
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err}");
    assert!(TcpSource::connect_with_limit(addr.as_str(), 0).is_err());
    server.join().unwrap();
}

#[test]
fn dropping_a_tcp_source_closes_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let source = TcpSource::connect(addr).unwrap();
    let (mut peer, _) = listener.accept().unwrap();
    drop(source);
    peer.set_read_timeout(Some(GENEROUS)).unwrap();
    let mut byte = [0u8; 1];
    // The server sees end of stream (or a reset), not a timeout.
    match peer.read(&mut byte) {
        Ok(n) => assert_eq!(n, 0),
        Err(e) => assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "{e}"
        ),
    }
}

// ---- ChannelSource ----

#[test]
fn channel_records_in_order_chunked_by_max_then_ended() {
    let (tx, rx) = mpsc::channel();
    for i in 0..10u32 {
        tx.send(i).unwrap();
    }
    drop(tx);
    let mut source = ChannelSource::new(rx);
    assert_eq!(source.position(), None);
    assert!(source.seek(0).is_err());
    let mut buf = Vec::new();
    let sizes = drain(&mut source, &mut buf, 4);
    assert_eq!(buf, (0..10).collect::<Vec<_>>());
    assert_eq!(sizes[..2], [4, 4]);
    assert_eq!(sizes.iter().sum::<usize>(), 10);
}

#[test]
fn channel_read_respects_the_deadline_then_takes_what_is_ready() {
    let (tx, rx) = mpsc::sync_channel(16);
    let mut source = ChannelSource::from(rx);
    let mut buf: Vec<u32> = Vec::new();
    let start = Instant::now();
    let status = source
        .read(&mut buf, 10, start + Duration::from_millis(50))
        .unwrap();
    assert_eq!(status, SourceStatus::Open);
    assert!(buf.is_empty());
    assert!(start.elapsed() < GENEROUS);
    // A record sent while a read waits is returned by that read.
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        tx.send(7).unwrap();
        tx
    });
    let status = source
        .read(&mut buf, 10, Instant::now() + GENEROUS)
        .unwrap();
    assert_eq!(status, SourceStatus::Open);
    assert_eq!(buf, [7]);
    let tx = sender.join().unwrap();
    // Records queued before the last sender is dropped are still delivered.
    tx.send(8).unwrap();
    tx.send(9).unwrap();
    drop(tx);
    let status = source.read(&mut buf, 10, Instant::now()).unwrap();
    assert_eq!(buf, [7, 8, 9]);
    if status == SourceStatus::Open {
        assert_eq!(
            source.read(&mut buf, 10, Instant::now()).unwrap(),
            SourceStatus::Ended
        );
    }
    assert_eq!(buf, [7, 8, 9]);
    assert_eq!(
        source.read(&mut buf, 10, Instant::now()).unwrap(),
        SourceStatus::Ended
    );
}

// ---- End to end: a job over a file of lines, crashed and restarted ----

mod end_to_end {
    use super::*;
    use sketchfold::algebra::{Aggregator, MonoidAggregator};
    use sketchfold::stream::sink::ChannelSink;
    use sketchfold::stream::{Job, JobReport, WindowResult, Windows};
    use sketchfold::{Error, Result};

    /// "ts page" lines, time mostly increasing with a little disorder.
    fn log_text(seed: u64, n: usize) -> String {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let mut t = 1_000_000u64;
        let mut text = String::new();
        for _ in 0..n {
            t += next() % 2;
            let ts = t - next() % 20;
            text.push_str(&format!("{ts} {}\n", next() % 25));
        }
        text
    }

    fn parse(line: String) -> std::result::Result<(u64, u32), String> {
        let mut fields = line.split(' ');
        let ts = fields.next().and_then(|f| f.parse().ok());
        let page = fields.next().and_then(|f| f.parse().ok());
        match (ts, page) {
            (Some(ts), Some(page)) => Ok((ts, page)),
            _ => Err(line),
        }
    }

    fn counts() -> impl Aggregator<Input = (u64, u32), State = u64, Output = u64> + Send + Sync {
        MonoidAggregator::new((), |s: &mut u64, _: &(u64, u32)| *s += 1, |s: &u64| *s)
    }

    /// A `LinesSource` that fails after `fail_after` lines, as a crash.
    struct Crashing {
        inner: LinesSource,
        handed_out: u64,
        fail_after: u64,
    }

    impl Source for Crashing {
        type Item = String;

        fn read(
            &mut self,
            buf: &mut Vec<String>,
            max: usize,
            deadline: Instant,
        ) -> Result<SourceStatus> {
            if self.handed_out >= self.fail_after {
                return Err(Error::io("test source", "simulated crash"));
            }
            let before = buf.len();
            let max = max.min((self.fail_after - self.handed_out) as usize);
            let status = self.inner.read(buf, max, deadline)?;
            self.handed_out += (buf.len() - before) as u64;
            Ok(status)
        }

        fn position(&self) -> Option<u64> {
            self.inner.position()
        }

        fn seek(&mut self, position: u64) -> Result<()> {
            self.inner.seek(position)
        }
    }

    type Row = (u64, u64, Vec<(u32, u64)>);

    fn run<S: Source<Item = String> + 'static>(
        dir: &Path,
        source: S,
    ) -> (Result<JobReport>, Vec<Row>) {
        let (tx, rx) = mpsc::channel();
        let report = Job::new(counts())
            .key_by(|e: &(u64, u32)| e.1)
            .batch_interval(Duration::from_millis(100))
            .windows(Windows::sliding(
                Duration::from_millis(300),
                Duration::from_millis(100),
            ))
            .event_time(|e: &(u64, u32)| e.0, Duration::from_millis(10))
            .partitions(2)
            .max_batch_records(2_000)
            .checkpoint(dir, 1)
            .run(source, parse, ChannelSink::unbounded(tx));
        let rows = rx
            .try_iter()
            .map(|w: WindowResult<u32, u64>| {
                let mut rows = w.rows;
                rows.sort();
                (w.window.end_ms, w.records, rows)
            })
            .collect();
        (report, rows)
    }

    #[test]
    fn a_job_restarted_over_a_file_resumes_at_the_checkpointed_offset() {
        let tmp = TempDir::new("e2e");
        let path = tmp.file("log.txt", log_text(7, 40_000).as_bytes());
        let (whole_report, whole) = run(&tmp.0.join("whole"), LinesSource::file(&path).unwrap());
        let whole_report = whole_report.expect("the uninterrupted run succeeds");
        assert_eq!(whole_report.records, 40_000);
        assert_eq!(whole_report.bad_records, 0);
        assert!(whole.len() > 50, "{} windows", whole.len());

        let dir = tmp.0.join("crashing");
        let crashing = Crashing {
            inner: LinesSource::file(&path).unwrap(),
            handed_out: 0,
            fail_after: 23_456,
        };
        let (crashed, before) = run(&dir, crashing);
        assert!(crashed.unwrap_err().to_string().contains("simulated crash"));
        let (resumed, after) = run(&dir, LinesSource::file(&path).unwrap());
        let resumed = resumed.expect("the restarted run succeeds");
        assert!(
            resumed.restored_from.is_some(),
            "it resumed from a checkpoint"
        );
        assert_eq!(
            before[..],
            whole[..before.len()],
            "before the crash, a prefix"
        );
        assert_eq!(
            after[..],
            whole[whole.len() - after.len()..],
            "after, a suffix"
        );
        assert!(
            before.len() + after.len() >= whole.len(),
            "every window is emitted"
        );
        assert!(after.len() < whole.len(), "the restart did not start over");
        assert_eq!(
            resumed.records, whole_report.records,
            "records are counted once"
        );
    }
}
