//! [`ChannelSource`]: records sent over a `std::sync::mpsc` channel.

use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Instant;

use super::{Source, SourceStatus};
use crate::error::Result;

/// A source over the receiving end of a [`std::sync::mpsc`] channel: every
/// value sent is one record, in the order sent.
///
/// A read waits for the first record until its deadline, then takes the
/// records already queued, up to `max`. The source has
/// [`Ended`](SourceStatus::Ended) once every sender is dropped and the
/// channel is drained. It is not replayable
/// ([`position`](Source::position) is `None`).
///
/// # Example
///
/// ```
/// use std::sync::mpsc;
/// use std::time::Instant;
/// use sketchfold::stream::source::ChannelSource;
/// use sketchfold::stream::{Source, SourceStatus};
///
/// let (tx, rx) = mpsc::channel();
/// let mut source = ChannelSource::new(rx);
/// tx.send("a").unwrap();
/// tx.send("b").unwrap();
/// let mut buf = Vec::new();
/// assert_eq!(source.read(&mut buf, 10, Instant::now())?, SourceStatus::Open);
/// assert_eq!(buf, ["a", "b"]);
/// drop(tx);
/// assert_eq!(source.read(&mut buf, 10, Instant::now())?, SourceStatus::Ended);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Debug)]
pub struct ChannelSource<T> {
    rx: Receiver<T>,
    ended: bool,
}

impl<T> ChannelSource<T> {
    /// A source over `rx`.
    pub fn new(rx: Receiver<T>) -> Self {
        ChannelSource { rx, ended: false }
    }
}

impl<T> From<Receiver<T>> for ChannelSource<T> {
    fn from(rx: Receiver<T>) -> Self {
        ChannelSource::new(rx)
    }
}

impl<T: Send> Source for ChannelSource<T> {
    type Item = T;

    fn read(&mut self, buf: &mut Vec<T>, max: usize, deadline: Instant) -> Result<SourceStatus> {
        if self.ended {
            return Ok(SourceStatus::Ended);
        }
        if max == 0 {
            return Ok(SourceStatus::Open);
        }
        let timeout = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(timeout) {
            Ok(value) => buf.push(value),
            Err(RecvTimeoutError::Timeout) => return Ok(SourceStatus::Open),
            Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                return Ok(SourceStatus::Ended);
            }
        }
        for _ in 1..max {
            match self.rx.try_recv() {
                Ok(value) => buf.push(value),
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
