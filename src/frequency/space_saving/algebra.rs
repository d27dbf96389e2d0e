use std::hash::Hash;

use super::params::SpaceSavingParams;
use super::sketch::SpaceSaving;
use super::table::Entry;
use crate::algebra::{Commutative, Monoid, Semigroup};
use crate::error::{Error, Result};

impl<K: Hash + Eq + Ord + Clone> Semigroup for SpaceSaving<K> {
    /// The summary of both streams, at the smaller capacity `k`.
    ///
    /// For every item of either summary, the upper bounds add, and so do
    /// the lower bounds (an item a summary does not monitor counts as
    /// `0..=Δ` there). If more than `k` items result, the `k` with the
    /// largest upper bounds stay (ties: the smaller item), and Δ becomes
    /// the largest upper bound dropped; otherwise Δ is the sum of both Δs.
    /// The bound `Δ <= total / k` holds for the merged total (see
    /// [`SpaceSaving`]'s Accuracy section).
    ///
    /// # Complexity
    ///
    /// O(k) expected: hash lookups and a selection. The stream-summary
    /// buckets are rebuilt (a sort by count, O(k log k)) by the first
    /// insert after the merge, so a tree of merges never sorts.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        let capacity = self.capacity.min(other.capacity);
        if other.total == 0 && capacity == self.capacity {
            return Ok(());
        }
        let (da, db) = (self.delta, other.delta);
        let mut entries: Vec<Entry<K>> = Vec::with_capacity(self.len() + other.len());
        // Items only `other` monitors: here they were within 0..=da.
        for o in other.table.slots() {
            if self.table.get_like(o).is_none() {
                entries.push((o.item.clone(), da + o.count, da + o.error, o.hash()));
            }
        }
        let own = entries.len();
        self.table.drain_into(&mut entries);
        for (item, count, error, hash) in &mut entries[own..] {
            let (c, e) = match other.table.find(item, *hash) {
                Some(o) => {
                    let o = &other.table.slots()[o as usize];
                    (o.count, o.error)
                }
                None => (db, db),
            };
            *count += c;
            *error += e;
        }
        self.delta = if entries.len() > capacity {
            // Keep the `capacity` largest counts; the next one is Δ.
            entries
                .select_nth_unstable_by(capacity, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let delta = entries[capacity].1;
            entries.truncate(capacity);
            delta
        } else {
            da + db
        };
        self.total += other.total;
        self.capacity = capacity;
        self.table.rebuild(entries);
        Ok(())
    }

    /// Refuses only a merge whose total weight would exceed `u64::MAX`;
    /// summaries of any capacities merge (at the smaller one).
    fn check_merge(&self, other: &Self) -> Result<()> {
        merged_total(self.total, other.total).map(|_| ())
    }

    /// Merges one by one, after checking that the running total stays
    /// below 2^64 for the whole batch (so that a failure changes nothing).
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        let mut running = self.total;
        for other in others.clone() {
            running = merged_total(running, other.total)?;
        }
        for other in others {
            self.merge(other)?;
        }
        Ok(())
    }
}

/// `a + b`, or the error for a total weight beyond `u64::MAX`.
fn merged_total(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| {
        Error::invalid_parameter(
            "total weight",
            format!("{a} + {b}"),
            "a merged total weight below 2^64",
        )
    })
}

impl<K: Hash + Eq + Ord + Clone> Monoid for SpaceSaving<K> {
    /// The capacity: the number of counters.
    type Params = SpaceSavingParams;

    /// The empty summary of `params.capacity()` counters.
    fn empty(params: &SpaceSavingParams) -> Self {
        SpaceSaving::with_params(*params)
    }

    fn params(&self) -> SpaceSavingParams {
        SpaceSaving::params(self)
    }

    fn is_empty(&self) -> bool {
        SpaceSaving::is_empty(self)
    }
}

impl<K: Hash + Eq + Ord + Clone> Commutative for SpaceSaving<K> {}
