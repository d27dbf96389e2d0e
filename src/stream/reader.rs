//! The reader thread: pulls records from the source, parses them and hands
//! chunks to the driver over a bounded channel (the first link of
//! backpressure: a busy driver stops the reader, which stops reading).

use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::source::{Source, SourceStatus};
use crate::error::Error;

/// Records handed to the driver at once, at most.
pub(crate) const CHUNK: usize = 4096;

/// How long one `read` may wait before the reader checks back in.
const READ_WAIT: Duration = Duration::from_millis(20);

/// Bad-record messages kept per chunk: as many as the report keeps, so
/// the report's samples are the first bad records of the run.
const SAMPLES_PER_CHUNK: usize = super::driver::REPORT_SAMPLES;

/// One chunk of parsed records.
pub(crate) struct Chunk<R> {
    /// `(event time in ms, record)`; the time is 0 on processing time.
    pub records: Vec<(u64, R)>,
    /// Records the parse function rejected.
    pub bad: u64,
    /// Their first messages.
    pub samples: Vec<String>,
    /// The source position after this chunk.
    pub position: Option<u64>,
    /// The source has ended (this is the last chunk).
    pub ended: bool,
    /// The source failed; this is the last chunk.
    pub error: Option<Error>,
}

/// The event-time function, shared with the reader thread.
pub(crate) type EventTime<R> = Arc<dyn Fn(&R) -> u64 + Send + Sync>;

/// The reader thread's body.
pub(crate) fn run_reader<S, P, R>(
    mut source: S,
    mut parse: P,
    event_time: Option<EventTime<R>>,
    out: SyncSender<Chunk<R>>,
) where
    S: Source,
    P: FnMut(S::Item) -> std::result::Result<R, String>,
{
    let mut raw = Vec::with_capacity(CHUNK);
    loop {
        raw.clear();
        let (ended, error) = match source.read(&mut raw, CHUNK, Instant::now() + READ_WAIT) {
            Ok(SourceStatus::Open) => (false, None),
            Ok(SourceStatus::Ended) => (true, None),
            Err(e) => (true, Some(e)),
        };
        if raw.is_empty() && !ended {
            continue;
        }
        let mut chunk = Chunk {
            records: Vec::with_capacity(raw.len()),
            bad: 0,
            samples: Vec::new(),
            position: source.position(),
            ended,
            error,
        };
        for item in raw.drain(..) {
            match parse(item) {
                Ok(record) => {
                    let ts = event_time.as_ref().map_or(0, |f| f(&record));
                    chunk.records.push((ts, record));
                }
                Err(message) => {
                    chunk.bad += 1;
                    if chunk.samples.len() < SAMPLES_PER_CHUNK {
                        chunk.samples.push(message);
                    }
                }
            }
        }
        if out.send(chunk).is_err() || ended {
            return;
        }
    }
}
