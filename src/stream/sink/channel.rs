//! [`ChannelSink`]: output sent over a `std::sync::mpsc` channel.

use std::fmt;
use std::sync::mpsc::{Sender, SyncSender};

use super::Sink;
use crate::error::{Error, Result};

/// A sink that sends every output value over a [`std::sync::mpsc`] channel.
///
/// Over a bounded channel ([`ChannelSink::bounded`], a [`SyncSender`]) a full
/// channel blocks the engine until the receiver takes a value: that is
/// backpressure, and the engine then reads its source no faster than the
/// receiver consumes results. Over an unbounded channel
/// ([`ChannelSink::unbounded`], a [`Sender`]) sending never blocks.
///
/// # Errors
///
/// [`emit`](Sink::emit) is an [`ErrorKind::Io`](crate::ErrorKind::Io)
/// error once the receiver has been dropped; the engine then stops.
///
/// # Example
///
/// ```
/// use std::sync::mpsc;
/// use sketchfold::stream::sink::ChannelSink;
/// use sketchfold::stream::Sink;
///
/// let (tx, rx) = mpsc::sync_channel(2);
/// let mut sink = ChannelSink::bounded(tx);
/// sink.emit("window 1")?;
/// sink.emit("window 2")?;
/// assert_eq!(rx.try_iter().collect::<Vec<_>>(), ["window 1", "window 2"]);
/// drop(rx);
/// assert!(sink.emit("window 3").is_err());
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct ChannelSink<T> {
    tx: Tx<T>,
}

enum Tx<T> {
    Bounded(SyncSender<T>),
    Unbounded(Sender<T>),
}

impl<T> ChannelSink<T> {
    /// A sink over a bounded channel: `emit` blocks while it is full.
    pub fn bounded(tx: SyncSender<T>) -> Self {
        ChannelSink {
            tx: Tx::Bounded(tx),
        }
    }

    /// A sink over an unbounded channel: `emit` never blocks.
    pub fn unbounded(tx: Sender<T>) -> Self {
        ChannelSink {
            tx: Tx::Unbounded(tx),
        }
    }
}

impl<T> From<SyncSender<T>> for ChannelSink<T> {
    fn from(tx: SyncSender<T>) -> Self {
        ChannelSink::bounded(tx)
    }
}

impl<T> From<Sender<T>> for ChannelSink<T> {
    fn from(tx: Sender<T>) -> Self {
        ChannelSink::unbounded(tx)
    }
}

impl<T> fmt::Debug for ChannelSink<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.tx {
            Tx::Bounded(_) => "bounded",
            Tx::Unbounded(_) => "unbounded",
        };
        f.debug_struct("ChannelSink")
            .field("channel", &kind)
            .finish()
    }
}

impl<T: Send> Sink<T> for ChannelSink<T> {
    fn emit(&mut self, value: T) -> Result<()> {
        let sent = match &self.tx {
            Tx::Bounded(tx) => tx.send(value).is_ok(),
            Tx::Unbounded(tx) => tx.send(value).is_ok(),
        };
        if sent {
            Ok(())
        } else {
            Err(Error::io(
                "sending output to the channel sink",
                "the receiver was dropped; keep it alive while the job runs",
            ))
        }
    }
}
