//! [`IterSource`]: records from an iterator.

use std::time::Instant;

use super::{Source, SourceStatus};
use crate::error::{Error, Result};

/// A source over an iterator: every item is one record.
///
/// Its [`position`](Source::position) is the number of items handed out, and
/// it can [`seek`](Source::seek) forward to a position by skipping items, so a
/// job restarted from a checkpoint over a freshly built iterator that yields
/// the same items resumes where it stopped.
///
/// # Example
///
/// ```
/// use std::time::Instant;
/// use sketchfold::stream::source::IterSource;
/// use sketchfold::stream::{Source, SourceStatus};
///
/// let mut source = IterSource::new(1..=5u32);
/// let mut buf = Vec::new();
/// assert_eq!(source.read(&mut buf, 3, Instant::now())?, SourceStatus::Open);
/// assert_eq!(buf, [1, 2, 3]);
/// assert_eq!(source.position(), Some(3));
/// assert_eq!(source.read(&mut buf, 3, Instant::now())?, SourceStatus::Ended);
/// assert_eq!(buf, [1, 2, 3, 4, 5]);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Debug)]
pub struct IterSource<I> {
    items: I,
    taken: u64,
}

impl<I: Iterator> IterSource<I> {
    /// A source over `items`.
    pub fn new(items: impl IntoIterator<IntoIter = I>) -> Self {
        IterSource {
            items: items.into_iter(),
            taken: 0,
        }
    }
}

impl<I> Source for IterSource<I>
where
    I: Iterator + Send,
    I::Item: Send,
{
    type Item = I::Item;

    fn read(
        &mut self,
        buf: &mut Vec<Self::Item>,
        max: usize,
        _deadline: Instant,
    ) -> Result<SourceStatus> {
        for _ in 0..max {
            match self.items.next() {
                Some(item) => {
                    buf.push(item);
                    self.taken += 1;
                }
                None => return Ok(SourceStatus::Ended),
            }
        }
        Ok(SourceStatus::Open)
    }

    fn position(&self) -> Option<u64> {
        Some(self.taken)
    }

    /// Skips forward to `position` items handed out.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) if
    /// `position` is behind the items already handed out (an iterator cannot
    /// go back) or past the iterator's end.
    fn seek(&mut self, position: u64) -> Result<()> {
        if position < self.taken {
            return Err(Error::invalid_parameter(
                "position",
                position,
                format!(
                    "at least {}, the items already handed out (an iterator cannot go back)",
                    self.taken
                ),
            ));
        }
        while self.taken < position {
            if self.items.next().is_none() {
                return Err(Error::invalid_parameter(
                    "position",
                    position,
                    format!(
                        "at most {}, the number of items in the iterator",
                        self.taken
                    ),
                ));
            }
            self.taken += 1;
        }
        Ok(())
    }
}
