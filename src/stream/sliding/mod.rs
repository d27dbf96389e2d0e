//! Sliding-window aggregation over a queue of panes: push the newest pane,
//! evict the oldest, query the merge of everything in between, without
//! re-merging the whole window.
//!
//! Three implementations of [`SlidingAggregator`]:
//!
//! | type | needs | merges per slide (push + evict + query) | memory |
//! | --- | --- | --- | --- |
//! | [`Daba`] | any [`Monoid`] (order kept: non-commutative merges are fine) | at most 6, whatever the window length (worst case, not amortized) | up to 2 values per element |
//! | [`Subtracting`] | a commutative [`Group`](crate::algebra::Group) | 1 merge + 1 subtraction | 1 value per element + a total |
//! | [`Recompute`] | any [`Monoid`] | `n - 1` per query (the baseline: what Spark does without an inverse function) | 1 value per element |
//!
//! [`Daba`] is DABA Lite, from Tangwongsan, Hirzel and Schneider, "Sliding-
//! Window Aggregation Algorithms" (Encyclopedia of Big Data Technologies,
//! 2019) and "In-Order Sliding-Window Aggregation in Worst-Case Constant
//! Time" (VLDB Journal, 2021). `tests/sliding_window.rs` counts the merges
//! per slide as the window grows from 10 to 10 000 elements, and
//! `cargo bench --bench stream -- slide_cost` times them.
//!
//! ```
//! use sketchfold::stream::sliding::{Daba, SlidingAggregator};
//!
//! // The sum of the last three values, one slide at a time.
//! let mut window = Daba::<u64>::new(());
//! let mut sums = Vec::new();
//! for v in 1..=6u64 {
//!     window.push(v)?;
//!     if window.len() > 3 {
//!         window.evict()?;
//!     }
//!     sums.push(window.query()?);
//! }
//! assert_eq!(sums, [1, 3, 6, 9, 12, 15]);
//! assert!(window.merges() <= 6 * 6);
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod daba;
mod recompute;
mod subtracting;

pub use daba::Daba;
pub use recompute::Recompute;
pub use subtracting::Subtracting;

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
