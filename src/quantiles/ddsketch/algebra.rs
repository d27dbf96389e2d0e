//! Merge adds bucket counts; subtract removes them (see the Algebra
//! section of [`DdSketch`]).

use super::params::DdSketchParams;
use super::sketch::DdSketch;
use super::store::overflow;
use crate::algebra::{Commutative, Group, Monoid, Semigroup};
use crate::error::Result;

impl DdSketch {
    /// Adds (or subtracts) `other`: every check first, then the update,
    /// so `self` is unchanged on error.
    fn add_sketch(&mut self, other: &DdSketch, negate: bool) -> Result<()> {
        self.params.check(&other.params)?;
        let op = |a: i64, b: i64| {
            if negate {
                a.checked_sub(b)
            } else {
                a.checked_add(b)
            }
            .filter(|&v| v != i64::MIN)
        };
        let what = if negate { "a subtraction" } else { "a merge" };
        let count = op(self.count, other.count).ok_or_else(|| overflow(what))?;
        let zero = op(self.zero, other.zero).ok_or_else(|| overflow(what))?;
        let max = self.params.max_buckets();
        let positive = self.positive.plan(&other.positive, negate, max)?;
        let negative = self.negative.plan(&other.negative, negate, max)?;
        self.positive.apply(positive, &other.positive, negate, max);
        self.negative.apply(negative, &other.negative, negate, max);
        self.zero = zero;
        self.count = count;
        self.signed |= negate || other.signed;
        Ok(())
    }
}

impl Semigroup for DdSketch {
    /// Adds every bucket count (then collapses, if a store spans more than
    /// `max_buckets` keys).
    ///
    /// # Errors
    ///
    /// [`IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge) for a
    /// different `alpha` or `max_buckets`;
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) if a count
    /// would pass `±i64::MAX`. `self` is then unchanged.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.add_sketch(other, false)
    }

    /// Parameters must agree and every count must fit.
    fn check_merge(&self, other: &Self) -> Result<()> {
        self.params.check(&other.params)?;
        let mut probe = self.clone();
        probe.add_sketch(other, false)
    }

    /// The fold of single merges on a copy, kept only if every merge
    /// succeeds (a merge can fail on overflow after earlier ones, so the
    /// default's check of each source against `self` would not do).
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        for o in others.clone() {
            self.params.check(&o.params)?;
        }
        let mut folded = self.clone();
        for o in others {
            folded.merge(o)?;
        }
        *self = folded;
        Ok(())
    }
}

impl Monoid for DdSketch {
    type Params = DdSketchParams;

    fn empty(params: &DdSketchParams) -> Self {
        DdSketch::with_params(*params)
    }

    fn params(&self) -> DdSketchParams {
        self.params
    }

    fn is_empty(&self) -> bool {
        DdSketch::is_empty(self)
    }
}

impl Commutative for DdSketch {}

impl Group for DdSketch {
    fn negate(&mut self) {
        // No count is i64::MIN, so every negation is exact.
        self.signed = true;
        self.zero = -self.zero;
        self.count = -self.count;
        self.positive.negate();
        self.negative.negate();
    }

    /// Subtracts every bucket count: `(a ⊕ b) ⊖ b == a` while nothing has
    /// collapsed.
    ///
    /// # Errors
    ///
    /// As [`merge`](Semigroup::merge).
    fn subtract(&mut self, other: &Self) -> Result<()> {
        self.add_sketch(other, true)
    }
}
