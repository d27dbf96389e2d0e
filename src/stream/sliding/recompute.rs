//! The baseline sliding-window aggregation: merge the whole window again
//! on every query.

use std::cell::Cell;
use std::collections::VecDeque;

use super::SlidingAggregator;
use crate::algebra::Monoid;
use crate::error::Result;

/// A FIFO queue of monoid values whose query merges every element, oldest
/// first: `n - 1` merges per query, what Spark Streaming does for a window
/// without an inverse function. Push and evict cost nothing.
///
/// The engine never uses it: it is the baseline that tests and
/// `cargo bench --bench stream -- slide_cost` compare [`Daba`](super::Daba)
/// and [`Subtracting`](super::Subtracting) with, and a reference for
/// checking other implementations.
///
/// # Errors
///
/// [`push`](SlidingAggregator::push) checks the new value against the
/// newest element (both ways) and refuses an incompatible one, leaving
/// the queue unchanged.
///
/// ```
/// use sketchfold::stream::sliding::{Recompute, SlidingAggregator};
///
/// let mut window = Recompute::<u64>::new(());
/// for v in 1..=4u64 {
///     window.push(v)?;
/// }
/// assert_eq!(window.query()?, 10);
/// assert_eq!(window.merges(), 3);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Recompute<T: Monoid> {
    elements: VecDeque<T>,
    params: T::Params,
    merges: Cell<u64>,
}

impl<T: Monoid + Clone> Recompute<T> {
    /// An empty queue; `params` build the identity a query of the empty
    /// queue returns.
    pub fn new(params: T::Params) -> Self {
        Recompute {
            elements: VecDeque::new(),
            params,
            merges: Cell::new(0),
        }
    }
}

impl<T: Monoid + Clone> SlidingAggregator<T> for Recompute<T> {
    fn push(&mut self, value: T) -> Result<()> {
        if let Some(newest) = self.elements.back() {
            newest.check_merge(&value)?;
            value.check_merge(newest)?;
        }
        self.elements.push_back(value);
        Ok(())
    }

    fn evict(&mut self) -> Result<bool> {
        Ok(self.elements.pop_front().is_some())
    }

    fn query(&self) -> Result<T> {
        let mut elements = self.elements.iter();
        let Some(oldest) = elements.next() else {
            return Ok(T::empty(&self.params));
        };
        let mut all = oldest.clone();
        for value in elements {
            self.merges.set(self.merges.get() + 1);
            all.merge(value)?;
        }
        Ok(all)
    }

    fn len(&self) -> usize {
        self.elements.len()
    }

    fn values(&self) -> Vec<&T> {
        self.elements.iter().collect()
    }

    fn merges(&self) -> u64 {
        self.merges.get()
    }
}
