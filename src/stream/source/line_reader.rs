//! Shared line splitting for [`LinesSource`](super::LinesSource) and
//! [`TcpSource`](super::TcpSource): bounded line reads from a `BufRead`, and
//! a background thread that feeds lines into a bounded channel.

use std::io::{BufRead, ErrorKind as IoErrorKind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::Arc;
use std::time::Instant;

use super::SourceStatus;
use crate::error::{Error, Result};

/// The default longest line, in bytes (without its terminator): 16 MiB.
pub(crate) const DEFAULT_MAX_LINE_LEN: usize = 16 << 20;

/// Lines queued between a background reader thread and the source.
const CHANNEL_LINES: usize = 1024;

/// Splits a `BufRead` into lines, holding an unterminated tail in `pending`.
pub(crate) struct LineReader<R> {
    pub(crate) inner: R,
    /// Bytes of a line whose newline has not arrived yet.
    pending: Vec<u8>,
    /// Bytes consumed from `inner` since the start (or the last seek).
    consumed: u64,
    /// What is being read, for error messages.
    pub(crate) name: String,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(inner: R, name: String, start: u64) -> Self {
        LineReader {
            inner,
            pending: Vec::new(),
            consumed: start,
            name,
        }
    }

    /// The byte offset just after the last complete line returned.
    pub(crate) fn position(&self) -> u64 {
        self.consumed - self.pending.len() as u64
    }

    /// Bytes consumed from the input, the partial line included.
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Drops the first `n` bytes of the partial line (they are skipped).
    pub(crate) fn skip_pending(&mut self, n: usize) {
        self.pending.drain(..n.min(self.pending.len()));
    }

    /// Forgets any partial line and restarts counting at `offset`.
    pub(crate) fn reset(&mut self, offset: u64) {
        self.pending.clear();
        self.consumed = offset;
    }

    /// The next complete line without its `\n` (or `\r\n`), or `None` at the
    /// current end of input (a partial line stays pending).
    pub(crate) fn next_line(&mut self, max_len: usize) -> Result<Option<Vec<u8>>> {
        loop {
            let available = match self.inner.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == IoErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(format!("reading {}", self.name), e)),
            };
            if available.is_empty() {
                return Ok(None);
            }
            let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (available.len(), false),
            };
            // The limit is on the line without its terminator: a `\r` just
            // before the `\n` does not count.
            let new_len = self.pending.len() + chunk;
            let too_long = if found {
                let ends_cr = if chunk > 0 {
                    available[chunk - 1] == b'\r'
                } else {
                    self.pending.last() == Some(&b'\r')
                };
                new_len - usize::from(ends_cr) > max_len
            } else {
                // The last byte may be the `\r` of a CRLF still to come.
                new_len > max_len.saturating_add(1)
            };
            if too_long {
                return Err(self.too_long(max_len));
            }
            self.pending.extend_from_slice(&available[..chunk]);
            let used = chunk + usize::from(found);
            self.inner.consume(used);
            self.consumed += used as u64;
            if found {
                let mut line = std::mem::take(&mut self.pending);
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
        }
    }

    /// The unterminated last line, if any (at the end of the input).
    pub(crate) fn take_partial(&mut self, max_len: usize) -> Result<Option<Vec<u8>>> {
        if self.pending.is_empty() {
            return Ok(None);
        }
        let ends_cr = self.pending.last() == Some(&b'\r');
        if self.pending.len() - usize::from(ends_cr) > max_len {
            return Err(self.too_long(max_len));
        }
        let mut line = std::mem::take(&mut self.pending);
        if ends_cr {
            line.pop();
        }
        Ok(Some(line))
    }

    fn too_long(&self, max_len: usize) -> Error {
        Error::io(
            format!("reading {}", self.name),
            format!(
                "the line at byte {} is longer than the limit of {max_len} bytes; \
                 raise it with max_line_len",
                self.position()
            ),
        )
    }
}

/// A line as a `String`; invalid UTF-8 is replaced by U+FFFD.
pub(crate) fn to_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Lines read by a background thread, handed out without blocking past a
/// deadline.
#[derive(Debug)]
pub(crate) struct ThreadLines {
    rx: Receiver<Result<String>>,
    ended: bool,
}

impl ThreadLines {
    /// Spawns a thread reading `reader` line by line into a bounded channel;
    /// the thread ends at the end of the input, on an error (which it sends),
    /// or when the receiver is dropped and it has a line to send.
    pub(crate) fn spawn<R: BufRead + Send + 'static>(
        reader: R,
        name: String,
        max_len: Arc<AtomicUsize>,
    ) -> Result<Self> {
        let (tx, rx) = mpsc::sync_channel(CHANNEL_LINES);
        let thread_name = format!("sketchfold-lines-{name}");
        std::thread::Builder::new()
            .name(thread_name)
            .spawn(move || {
                let mut lines = LineReader::new(reader, name, 0);
                loop {
                    let message = match lines.next_line(max_len.load(Ordering::Relaxed)) {
                        Ok(Some(line)) => Ok(to_string(line)),
                        Ok(None) => {
                            match lines.take_partial(max_len.load(Ordering::Relaxed)) {
                                Ok(Some(line)) => {
                                    let _ = tx.send(Ok(to_string(line)));
                                }
                                Ok(None) => {}
                                Err(e) => {
                                    let _ = tx.send(Err(e));
                                }
                            }
                            return;
                        }
                        Err(e) => Err(e),
                    };
                    let stop = message.is_err();
                    if tx.send(message).is_err() || stop {
                        return;
                    }
                }
            })
            .map_err(|e| Error::io("starting a line reader thread", e))?;
        Ok(ThreadLines { rx, ended: false })
    }

    /// Waits for the first line until `deadline`, then takes what is ready,
    /// up to `max` lines.
    pub(crate) fn read(
        &mut self,
        buf: &mut Vec<String>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus> {
        if self.ended {
            return Ok(SourceStatus::Ended);
        }
        if max == 0 {
            return Ok(SourceStatus::Open);
        }
        let timeout = deadline.saturating_duration_since(Instant::now());
        let first = match self.rx.recv_timeout(timeout) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => return Ok(SourceStatus::Open),
            Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                return Ok(SourceStatus::Ended);
            }
        };
        buf.push(first?);
        for _ in 1..max {
            match self.rx.try_recv() {
                Ok(line) => buf.push(line?),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.ended = true;
                    return Ok(SourceStatus::Ended);
                }
            }
        }
        Ok(SourceStatus::Open)
    }
}
