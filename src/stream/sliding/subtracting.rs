//! Sliding-window aggregation for groups: a running total, minus the
//! element that leaves.

use std::cell::Cell;
use std::collections::VecDeque;

use super::SlidingAggregator;
use crate::algebra::{Commutative, Group};
use crate::error::Result;

/// A FIFO queue of values of a commutative group that keeps their total:
/// a push merges the new value in, an evict subtracts the oldest one out,
/// a query clones the total. One merge (or subtraction) per operation, and
/// `n + 1` values of memory.
///
/// This is Spark Streaming's `reduceByKeyAndWindow` with an inverse
/// function. It needs a group whose merge is commutative (`(a ⊕ b) ⊖ a ==
/// b`), which every [`Group`] of this crate is: integer counts and sums,
/// [`CountMin`](crate::frequency::CountMin), [`DdSketch`](crate::quantiles::DdSketch).
/// When the queue becomes empty the total is reset to the identity, so
/// floating-point residue does not carry over from one busy period to the
/// next.
///
/// # Errors
///
/// [`push`](SlidingAggregator::push) checks the new value against the
/// total before changing anything: an incompatible value is refused and
/// the queue is unchanged.
///
/// ```
/// use sketchfold::stream::sliding::{SlidingAggregator, Subtracting};
///
/// let mut window = Subtracting::<i64>::new(());
/// for v in [5, -2, 7] {
///     window.push(v)?;
/// }
/// window.evict()?;
/// assert_eq!(window.query()?, 5);
/// assert_eq!(window.merges(), 3); // two merges (the first push is a copy), one subtraction
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Subtracting<T: Group> {
    elements: VecDeque<T>,
    /// The merge of every element; `None` when the queue is empty.
    total: Option<T>,
    params: T::Params,
    merges: Cell<u64>,
}

impl<T: Group + Commutative + Clone> Subtracting<T> {
    /// An empty queue; `params` build the identity a query of the empty
    /// queue returns.
    pub fn new(params: T::Params) -> Self {
        Subtracting {
            elements: VecDeque::new(),
            total: None,
            params,
            merges: Cell::new(0),
        }
    }
}

impl<T: Group + Commutative + Clone> SlidingAggregator<T> for Subtracting<T> {
    fn push(&mut self, value: T) -> Result<()> {
        match &mut self.total {
            Some(total) => {
                total.check_merge(&value)?;
                self.merges.set(self.merges.get() + 1);
                total.merge(&value)?;
            }
            None => self.total = Some(value.clone()),
        }
        self.elements.push_back(value);
        Ok(())
    }

    fn evict(&mut self) -> Result<bool> {
        let Some(oldest) = self.elements.front() else {
            return Ok(false);
        };
        if self.elements.len() == 1 {
            self.total = None;
        } else if let Some(total) = &mut self.total {
            self.merges.set(self.merges.get() + 1);
            total.subtract(oldest)?;
        }
        self.elements.pop_front();
        Ok(true)
    }

    fn query(&self) -> Result<T> {
        Ok(match &self.total {
            Some(total) => total.clone(),
            None => T::empty(&self.params),
        })
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
