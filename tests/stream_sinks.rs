//! Specs for the stream sinks: `ChannelSink` and `PrinterSink`.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use sketchfold::stream::sink::{ChannelSink, PrinterSink};
use sketchfold::stream::Sink;
use sketchfold::ErrorKind;

/// Far more than any wait here should take, even on a loaded machine.
const GENEROUS: Duration = Duration::from_secs(10);

fn assert_io(err: &sketchfold::Error, needle: &str) {
    match err.kind() {
        ErrorKind::Io { context, message } => assert!(
            context.contains(needle) || message.contains(needle),
            "{context}: {message}"
        ),
        other => panic!("expected Io, got {other:?}"),
    }
}

// ---- ChannelSink ----

#[test]
fn bounded_channel_sink_delivers_in_order() {
    let (tx, rx) = mpsc::sync_channel(8);
    let mut sink = ChannelSink::bounded(tx);
    for i in 0..8u32 {
        sink.emit(i).unwrap();
    }
    sink.flush().unwrap();
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
}

#[test]
fn unbounded_channel_sink_never_blocks_and_delivers_in_order() {
    let (tx, rx) = mpsc::channel();
    let mut sink = ChannelSink::from(tx);
    for i in 0..10_000u32 {
        sink.emit(i).unwrap();
    }
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        (0..10_000).collect::<Vec<_>>()
    );
}

#[test]
fn a_full_bounded_channel_blocks_the_emitter_until_the_receiver_takes() {
    let (tx, rx) = mpsc::sync_channel(1);
    let emitted = Arc::new(AtomicUsize::new(0));
    let progress = Arc::clone(&emitted);
    let emitter = std::thread::spawn(move || {
        let mut sink = ChannelSink::from(tx);
        for i in 0..3u32 {
            sink.emit(i).unwrap();
            progress.fetch_add(1, Ordering::SeqCst);
        }
    });
    // The first value fills the channel; the second emit cannot complete
    // until a value is taken, whatever the scheduling.
    while emitted.load(Ordering::SeqCst) == 0 {
        std::thread::yield_now();
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(
        emitted.load(Ordering::SeqCst),
        1,
        "emit must block on a full channel"
    );
    let received: Vec<u32> = (0..3).map(|_| rx.recv_timeout(GENEROUS).unwrap()).collect();
    emitter.join().unwrap();
    assert_eq!(received, [0, 1, 2]);
    assert_eq!(emitted.load(Ordering::SeqCst), 3);
}

#[test]
fn a_dropped_receiver_is_an_io_error() {
    let (tx, rx) = mpsc::sync_channel::<u8>(4);
    let mut bounded = ChannelSink::bounded(tx);
    drop(rx);
    assert_io(&bounded.emit(1).unwrap_err(), "receiver was dropped");

    let (tx, rx) = mpsc::channel::<u8>();
    let mut unbounded = ChannelSink::unbounded(tx);
    unbounded.emit(1).unwrap();
    drop(rx);
    assert_io(&unbounded.emit(2).unwrap_err(), "channel sink");
}

// ---- PrinterSink ----

/// A writer that records its bytes and flushes, and can be made to fail.
#[derive(Default)]
struct Recorder {
    bytes: Vec<u8>,
    flushes: usize,
    fail_writes: bool,
    fail_flush: bool,
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.fail_writes {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "disk on fire"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        if self.fail_flush {
            return Err(io::Error::other("flush refused"));
        }
        self.flushes += 1;
        Ok(())
    }
}

#[test]
fn printer_writes_one_formatted_line_per_value_and_flushes_on_flush() {
    let mut sink = PrinterSink::new(Recorder::default(), |v: &(&str, u64)| {
        format!("{}={}", v.0, v.1)
    });
    sink.emit(("a", 1)).unwrap();
    sink.emit(("b", 22)).unwrap();
    assert_eq!(sink.get_ref().flushes, 0);
    sink.flush().unwrap();
    assert_eq!(sink.get_ref().flushes, 1);
    sink.emit(("", 0)).unwrap();
    let recorder = sink.into_inner();
    assert_eq!(
        String::from_utf8(recorder.bytes).unwrap(),
        "a=1\nb=22\n=0\n"
    );
}

#[test]
fn printer_accepts_any_display_from_the_formatter() {
    let mut sink = PrinterSink::new(Vec::new(), |v: &u32| *v * 2);
    for v in [1, 2, 3] {
        sink.emit(v).unwrap();
    }
    assert_eq!(sink.into_inner(), b"2\n4\n6\n");
}

#[test]
fn printer_write_and_flush_errors_are_io_errors() {
    let failing = Recorder {
        fail_writes: true,
        ..Recorder::default()
    };
    let mut sink = PrinterSink::new(failing, |v: &u8| v.to_string());
    let err = sink.emit(1).unwrap_err();
    assert_io(&err, "printer sink");
    assert_io(&err, "disk on fire");

    let failing = Recorder {
        fail_flush: true,
        ..Recorder::default()
    };
    let mut sink = PrinterSink::new(failing, |v: &u8| v.to_string());
    sink.emit(1).unwrap();
    assert_io(&sink.flush().unwrap_err(), "flush refused");
}

#[test]
fn printer_to_stdout_emits_and_flushes() {
    let mut sink = PrinterSink::stdout(|v: &&str| format!("stream_sinks test output: {v}"));
    sink.emit("hello").unwrap();
    sink.flush().unwrap();
}
