//! Where records come from: an iterator, a channel, lines of a file or of
//! standard input, a TCP socket of lines.
//!
//! A [`Source`] hands records to the engine in chunks: the engine asks for
//! up to `max` records and says how long it may wait for the first one, so a
//! quiet source never stops batches from closing on time. A source that can
//! be replayed (a file) reports its [`position`](Source::position) after the
//! last record it handed out and can [`seek`](Source::seek) back to it: the
//! engine stores that position in its checkpoints.

use std::time::Instant;

use crate::error::Result;

mod channel;
mod iter;
mod line_reader;
mod lines;
mod tcp;

pub use channel::ChannelSource;
pub use iter::IterSource;
pub use lines::LinesSource;
pub use tcp::TcpSource;

/// What a [`Source::read`] call found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceStatus {
    /// The source may have more records later (it returned some, or none
    /// arrived before the deadline).
    Open,
    /// The source has no more records, ever. Records appended to `buf` by
    /// this call are still valid.
    Ended,
}

/// A stream of records the engine reads in chunks.
pub trait Source: Send {
    /// One record.
    type Item: Send;

    /// Appends at most `max` records to `buf`, waiting no later than
    /// `deadline` for the first one; returns without waiting once at least
    /// one record is in `buf` and no more are ready at once.
    ///
    /// # Errors
    ///
    /// An I/O error of the underlying reader, as an
    /// [`ErrorKind::Io`](crate::ErrorKind::Io).
    fn read(
        &mut self,
        buf: &mut Vec<Self::Item>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus>;

    /// The position just after the last record handed out, for a source that
    /// can be replayed (a byte offset for a file); `None` otherwise.
    fn position(&self) -> Option<u64> {
        None
    }

    /// Moves the source to `position`, a value [`position`](Source::position)
    /// returned earlier, so that the next record read is the one that
    /// followed it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// for a source that cannot be replayed, or a position past its end.
    fn seek(&mut self, position: u64) -> Result<()> {
        Err(crate::Error::invalid_parameter(
            "position",
            position,
            "a replayable source (a file); this source cannot seek",
        ))
    }
}

/// A boxed source is a source, so one variable can hold whichever kind a
/// program picks at run time (`Box<dyn Source<Item = String>>` for a file,
/// standard input or a TCP server).
impl<S: Source + ?Sized> Source for Box<S> {
    type Item = S::Item;

    fn read(
        &mut self,
        buf: &mut Vec<Self::Item>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus> {
        (**self).read(buf, max, deadline)
    }

    fn position(&self) -> Option<u64> {
        (**self).position()
    }

    fn seek(&mut self, position: u64) -> Result<()> {
        (**self).seek(position)
    }
}
