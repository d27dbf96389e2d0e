//! Merge: DataSketches' KLL merge, a commutative monoid within the rank
//! error bound.

use super::item::KllItem;
use super::params::KllParams;
use super::sketch::Kll;
use crate::algebra::{Commutative, Monoid, Semigroup};
use crate::error::{Error, Result};

impl<T: KllItem> Semigroup for Kll<T> {
    /// Merges `other` in, as DataSketches does: its level 0 is inserted
    /// item by item, its higher levels are merged level by level and the
    /// whole is compacted bottom up. `self` keeps its `k`; `min_k` becomes
    /// the smaller of both when `other` is in estimation mode.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        if other.n == 0 {
            return Ok(());
        }
        let final_n = self.n + other.n;
        if self.n == 0 {
            self.min = other.min;
            self.max = other.max;
        } else {
            if other.min < self.min {
                self.min = other.min;
            }
            if self.max < other.max {
                self.max = other.max;
            }
        }
        for &x in other.level(0) {
            self.push(x);
        }
        if other.num_levels() >= 2 {
            self.merge_higher_levels(other);
        }
        self.n = final_n;
        if other.is_estimation_mode() {
            self.min_k = self.min_k.min(other.min_k);
        }
        self.invalidate_upper();
        Ok(())
    }

    /// Any two sketches of one item type merge, whatever their `k`,
    /// unless the count would pass `u64::MAX`.
    fn check_merge(&self, other: &Self) -> Result<()> {
        if self.n.checked_add(other.n).is_none() {
            return Err(Error::invalid_parameter(
                "n",
                format!("{} + {}", self.n, other.n),
                "a merged count below 2^64",
            ));
        }
        Ok(())
    }

    /// Checks that the counts of the whole fold fit before merging.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        let mut n = self.n;
        for o in others.clone() {
            n = n.checked_add(o.n).ok_or_else(|| {
                Error::invalid_parameter("n", format!("{n} + {}", o.n), "a merged count below 2^64")
            })?;
        }
        for o in others {
            self.merge(o)?;
        }
        Ok(())
    }
}

impl<T: KllItem> Monoid for Kll<T> {
    type Params = KllParams;

    fn empty(params: &KllParams) -> Self {
        Kll::with_params(*params)
    }

    fn params(&self) -> KllParams {
        Kll::params(self)
    }

    fn is_empty(&self) -> bool {
        Kll::is_empty(self)
    }
}

/// Within the rank error bound: `a ⊕ b` and `b ⊕ a` hold the same count,
/// minimum and maximum, and ranks that differ by at most the bound.
impl<T: KllItem> Commutative for Kll<T> {}
