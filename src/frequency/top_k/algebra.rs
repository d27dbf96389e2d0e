use std::collections::HashMap;

use super::rank::rank;
use super::sketch::{TopK, TopKItem, TopKParams};
use crate::algebra::{Commutative, Monoid, Semigroup};
use crate::error::{Error, Result};

impl<K: TopKItem> Semigroup for TopK<K> {
    /// Merges the Count-Mins (exactly), then keeps the `k` best of both
    /// candidate sets ranked by the merged estimates, which become their
    /// recorded counts. Merging an empty sketch (either side) is the
    /// identity and changes nothing.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        if other.is_empty() {
            return Ok(());
        }
        if self.is_empty() {
            self.clone_from(other);
            return Ok(());
        }
        self.cm.merge(&other.cm)?;
        for (key, c) in &other.candidates {
            if !self.candidates.contains_key(key) {
                self.candidates.insert(key.clone(), *c);
            }
        }
        for c in self.candidates.values_mut() {
            c.count = self.cm.estimate_hash(c.hash);
        }
        if self.candidates.len() > self.k {
            let mut all: Vec<_> = self.candidates.drain().collect();
            all.sort_by(|a, b| rank((&a.0, a.1.count, a.1.hash), (&b.0, b.1.count, b.1.hash)));
            all.truncate(self.k);
            let mut kept = HashMap::with_capacity_and_hasher(self.k, ahash::RandomState::new());
            kept.extend(all);
            self.candidates = kept;
        }
        self.worst = None;
        Ok(())
    }

    /// Merges one by one, in place when the Count-Mins' masses fit
    /// together (no merge can then fail), on a copy kept only if every merge
    /// succeeds otherwise: `self` is unchanged on error.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        for o in others.clone() {
            if self.k != o.k {
                return Err(Error::incompatible("k", self.k, o.k));
            }
            self.cm.check_params(&o.cm)?;
        }
        if self.cm.all_fit(others.clone().map(|o| &o.cm)) {
            for o in others {
                self.merge(o)?;
            }
        } else {
            let mut folded = self.clone();
            for o in others {
                folded.merge(o)?;
            }
            *self = folded;
        }
        Ok(())
    }

    /// `k` and the Count-Min's width, depth and seed must agree, and the
    /// counters must have room for the sum.
    fn check_merge(&self, other: &Self) -> Result<()> {
        if self.k != other.k {
            return Err(Error::incompatible("k", self.k, other.k));
        }
        self.cm.check_merge(&other.cm)
    }
}

impl<K: TopKItem> Monoid for TopK<K> {
    type Params = TopKParams;

    fn empty(params: &TopKParams) -> Self {
        TopK::with_params(*params)
    }

    fn params(&self) -> TopKParams {
        TopK::params(self)
    }

    fn is_empty(&self) -> bool {
        TopK::is_empty(self)
    }
}

/// Exact: the union of the candidate sets and the ranking by the merged
/// Count-Min do not depend on the order of the operands.
impl<K: TopKItem> Commutative for TopK<K> {}
