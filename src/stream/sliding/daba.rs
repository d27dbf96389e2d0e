//! DABA Lite: in-order sliding-window aggregation with a constant number
//! of merges per push and per evict in the worst case.

use std::cell::Cell;
use std::collections::VecDeque;

use super::SlidingAggregator;
use crate::algebra::Monoid;
use crate::error::Result;

/// One element of the queue: the value as pushed, and the partial
/// aggregate DABA keeps beside it (absent in the raw regions).
#[derive(Clone, Debug)]
struct Element<T> {
    value: T,
    partial: Option<T>,
}

/// De-amortized banker's aggregation, the "Lite" variant (Tangwongsan,
/// Hirzel and Schneider, VLDB Journal 2021): a FIFO queue of monoid values
/// whose aggregate is available after every push and evict at a cost of at
/// most 3 merges per push, 2 per evict and 1 per query, in the worst case
/// and whatever the number of elements.
///
/// # How it works
///
/// The queue is cut by four indices `l <= r <= a <= b` (counted from the
/// front) into regions whose partial aggregates are kept up to date one
/// step per operation:
///
/// - `[0, l)`: each element holds the merge of itself through `b` (the
///   *front*, complete suffix aggregates);
/// - `[l, r)`: each holds the merge of itself through `r`, still to be
///   extended by `mid` (the merge of `[r, b)`);
/// - `[r, a)`: raw, still to be folded into suffix aggregates;
/// - `[a, b)`: each holds the merge of itself through `b`;
/// - `[b, end)`: raw, summed into `back` as they are pushed.
///
/// The aggregate of the whole queue is `partial[0] ⊕ back`. Each operation
/// moves `a` down and `l` up by one; when the front is used up (`l == b`)
/// the back becomes the new middle (a "flip", which costs no merge). The
/// invariants `l == end - b` and `r - l == a - r` guarantee that the middle
/// is complete by the time the front reaches it. Merges always combine an
/// older value on the left with a newer one on the right, so the result is
/// the in-order merge: non-commutative monoids are fine.
///
/// # Costs
///
/// - push: at most 3 merges; evict: at most 2; query: at most 1 (so at
///   most 6 per slide of push + evict + query), never more as the window
///   grows; [`merges`](SlidingAggregator::merges) counts them.
/// - memory: each element keeps its value and at most one partial
///   aggregate, plus two running sums: at most `2n + 2` values.
///
/// # Errors
///
/// [`push`](SlidingAggregator::push) checks the new value against the
/// newest element (both ways, [`check_merge`](crate::algebra::Semigroup::check_merge)) before changing
/// anything, so an incompatible value is refused and the queue is
/// unchanged. For types whose compatibility is an equivalence (every
/// sketch of this crate: equal parameters or seeds), the merges done
/// later between admitted values cannot fail.
///
/// ```
/// use sketchfold::algebra::{Monoid, Semigroup};
/// use sketchfold::stream::sliding::{Daba, SlidingAggregator};
///
/// // Concatenation is not commutative: the window keeps its order.
/// #[derive(Clone, Debug)]
/// struct Concat(String);
/// impl Semigroup for Concat {
///     fn merge(&mut self, other: &Self) -> sketchfold::Result<()> {
///         self.0.push_str(&other.0);
///         Ok(())
///     }
/// }
/// impl Monoid for Concat {
///     type Params = ();
///     fn empty(_: &()) -> Self { Concat(String::new()) }
///     fn params(&self) {}
///     fn is_empty(&self) -> bool { self.0.is_empty() }
/// }
///
/// let mut window = Daba::new(());
/// for word in ["a", "b", "c", "d", "e"] {
///     window.push(Concat(word.to_string()))?;
///     if window.len() > 3 {
///         window.evict()?;
///     }
/// }
/// assert_eq!(window.query()?.0, "cde");
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Daba<T: Monoid> {
    elements: VecDeque<Element<T>>,
    l: usize,
    r: usize,
    a: usize,
    b: usize,
    /// The merge of the values in `[r, b)`; `None` is the identity.
    mid: Option<T>,
    /// The merge of the values in `[b, end)`; `None` is the identity.
    back: Option<T>,
    params: T::Params,
    merges: Cell<u64>,
}

impl<T: Monoid + Clone> Daba<T> {
    /// An empty queue; `params` build the identity a query of the empty
    /// queue returns.
    pub fn new(params: T::Params) -> Self {
        Daba {
            elements: VecDeque::new(),
            l: 0,
            r: 0,
            a: 0,
            b: 0,
            mid: None,
            back: None,
            params,
            merges: Cell::new(0),
        }
    }

    /// Counts one merge.
    fn count_merge(&self) {
        self.merges.set(self.merges.get() + 1);
    }

    /// One step of the incremental rebuild, after every push and evict.
    fn step(&mut self) -> Result<()> {
        if self.l == self.b {
            self.flip();
        }
        if self.b == 0 {
            // Empty queue.
            self.mid = None;
            self.back = None;
            return Ok(());
        }
        if self.a != self.r {
            // Extend the suffix aggregates of [a, b) one element down:
            // partial[a - 1] = value[a - 1] ⊕ partial[a].
            let mut partial = self.elements[self.a - 1].value.clone();
            if self.a != self.b {
                if let Some(suffix) = &self.elements[self.a].partial {
                    self.merges.set(self.merges.get() + 1);
                    partial.merge(suffix)?;
                }
            }
            self.a -= 1;
            self.elements[self.a].partial = Some(partial);
        }
        if self.l != self.r {
            // Complete element l of the front: partial[l] ⊕= mid.
            if let (Some(mid), Some(partial)) = (&self.mid, &mut self.elements[self.l].partial) {
                self.merges.set(self.merges.get() + 1);
                partial.merge(mid)?;
            }
            self.l += 1;
        } else {
            // The middle is complete (a == r): it joins the front.
            self.l += 1;
            self.r += 1;
            self.a += 1;
            self.mid = if self.a == self.b {
                None
            } else {
                self.elements[self.a].partial.clone()
            };
        }
        Ok(())
    }

    /// The front is used up: the old front's region becomes `[l, r)`, the
    /// back becomes the raw middle, and the back starts empty.
    fn flip(&mut self) {
        let end = self.elements.len();
        self.l = 0;
        self.r = self.b;
        self.a = end;
        self.b = end;
        self.mid = self.back.take();
    }
}

impl<T: Monoid + Clone> SlidingAggregator<T> for Daba<T> {
    fn push(&mut self, value: T) -> Result<()> {
        if let Some(newest) = self.elements.back() {
            newest.value.check_merge(&value)?;
            value.check_merge(&newest.value)?;
        }
        match &mut self.back {
            Some(back) => {
                self.merges.set(self.merges.get() + 1);
                back.merge(&value)?;
            }
            None => self.back = Some(value.clone()),
        }
        self.elements.push_back(Element {
            value,
            partial: None,
        });
        self.step()
    }

    fn evict(&mut self) -> Result<bool> {
        if self.elements.pop_front().is_none() {
            return Ok(false);
        }
        // After every step on a non-empty queue 1 <= l <= r <= a <= b.
        self.l -= 1;
        self.r -= 1;
        self.a -= 1;
        self.b -= 1;
        self.step()?;
        Ok(true)
    }

    fn query(&self) -> Result<T> {
        let front = if self.b > 0 {
            self.elements[0].partial.as_ref()
        } else {
            None
        };
        match (front, &self.back) {
            (None, None) => Ok(T::empty(&self.params)),
            (Some(front), None) => Ok(front.clone()),
            (None, Some(back)) => Ok(back.clone()),
            (Some(front), Some(back)) => {
                let mut all = front.clone();
                self.count_merge();
                all.merge(back)?;
                Ok(all)
            }
        }
    }

    fn len(&self) -> usize {
        self.elements.len()
    }

    fn values(&self) -> Vec<&T> {
        self.elements.iter().map(|e| &e.value).collect()
    }

    fn merges(&self) -> u64 {
        self.merges.get()
    }
}
