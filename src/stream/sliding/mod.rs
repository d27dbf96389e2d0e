//! Sliding-window aggregation over a queue of panes: push the newest pane,
//! evict the oldest, query the merge of everything in between, without
//! re-merging the whole window.

use crate::algebra::Monoid;
use crate::error::Result;

/// A first-in first-out queue of monoid values that answers "the merge of
/// every value in the queue, oldest first" after each change.
///
/// Implementations differ in how many merges a push or an evict costs;
/// [`merges`](SlidingAggregator::merges) counts them so tests and benches
/// can show the cost per slide.
pub trait SlidingAggregator<T: Monoid> {
    /// Appends `value` as the newest element.
    ///
    /// # Errors
    ///
    /// An incompatible merge; the queue is then unchanged.
    fn push(&mut self, value: T) -> Result<()>;

    /// Removes the oldest element; `Ok(false)` if the queue was empty.
    ///
    /// # Errors
    ///
    /// An incompatible merge (only for implementations that merge on evict).
    fn evict(&mut self) -> Result<bool>;

    /// The merge of every element, oldest first; the identity when empty.
    ///
    /// # Errors
    ///
    /// An incompatible merge.
    fn query(&self) -> Result<T>;

    /// The number of elements.
    fn len(&self) -> usize;

    /// True if there are no elements.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements, oldest first (what a checkpoint stores).
    fn values(&self) -> Vec<&T>;

    /// Merges performed so far by push, evict and query.
    fn merges(&self) -> u64;
}
mod temp;
pub use temp::{Daba, Subtracting};
