//! Order queries on a [`SkipList`]: bounds, rank and select, iteration and
//! range aggregation.

use std::ops::{Bound, RangeBounds};

use super::arena::{HEAD, NIL};
use super::SkipList;
use crate::algebra::Monoid;
use crate::error::Result;

/// An iterator over entries in key order, from [`SkipList::iter`] or
/// [`SkipList::range`].
pub struct Iter<'a, K, V: Monoid> {
    list: &'a SkipList<K, V>,
    next: u32,
    remaining: usize,
}

impl<K, V: Monoid> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            list: self.list,
            next: self.next,
            remaining: self.remaining,
        }
    }
}

impl<K, V: Monoid> std::fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iter")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

impl<'a, K, V: Monoid> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let arena = &self.list.arena;
        let node = &arena.nodes[self.next as usize];
        self.next = arena.links[node.links as usize].next;
        Some((&node.key, &node.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V: Monoid> ExactSizeIterator for Iter<'_, K, V> {}

impl<'a, K: Ord + Clone, V: Monoid + Clone> IntoIterator for &'a SkipList<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<K: Ord + Clone, V: Monoid + Clone> SkipList<K, V> {
    fn entry(&self, x: u32) -> Option<(&K, &V)> {
        (x != NIL && x != HEAD).then(|| {
            let node = &self.arena.nodes[x as usize];
            (&node.key, &node.value)
        })
    }

    /// The entry with the smallest key.
    pub fn first(&self) -> Option<(&K, &V)> {
        self.entry(self.arena.link(HEAD, 0).next)
    }

    /// The entry with the largest key.
    ///
    /// # Complexity
    ///
    /// O(log n) expected.
    pub fn last(&self) -> Option<(&K, &V)> {
        self.len().checked_sub(1).and_then(|i| self.select(i))
    }

    /// The first entry whose key is at least `key`.
    pub fn lower_bound(&self, key: &K) -> Option<(&K, &V)> {
        let (x, _) = self.before(key, true);
        self.entry(self.arena.link(x, 0).next)
    }

    /// The first entry whose key is above `key`.
    pub fn upper_bound(&self, key: &K) -> Option<(&K, &V)> {
        let (x, _) = self.before(key, false);
        self.entry(self.arena.link(x, 0).next)
    }

    /// The number of entries whose key is below `key` (the position `key`
    /// has or would have).
    ///
    /// # Complexity
    ///
    /// O(log n) expected, from the link spans.
    pub fn rank(&self, key: &K) -> usize {
        self.before(key, true).1
    }

    /// The node with `rank` entries up to and including it (the head for
    /// rank 0).
    fn node_at_rank(&self, rank: usize) -> u32 {
        let links = &self.arena.links;
        let (mut x, mut block) = (HEAD, 0usize);
        let mut at = 0usize;
        for level in (0..self.height).rev() {
            loop {
                let link = &links[block + level];
                if link.next != NIL && at + link.span as usize <= rank {
                    at += link.span as usize;
                    x = link.next;
                    block = link.block as usize;
                } else {
                    break;
                }
            }
        }
        x
    }

    /// The entry at position `index` in key order (0-based).
    ///
    /// # Complexity
    ///
    /// O(log n) expected, from the link spans.
    pub fn select(&self, index: usize) -> Option<(&K, &V)> {
        if index >= self.len() {
            return None;
        }
        self.entry(self.node_at_rank(index + 1))
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            list: self,
            next: self.arena.link(HEAD, 0).next,
            remaining: self.len(),
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The positions `start..end` of the entries whose keys are in `range`.
    pub fn rank_range(&self, range: impl RangeBounds<K>) -> std::ops::Range<usize> {
        let start = match range.start_bound() {
            Bound::Included(k) => self.before(k, true).1,
            Bound::Excluded(k) => self.before(k, false).1,
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(k) => self.before(k, false).1,
            Bound::Excluded(k) => self.before(k, true).1,
            Bound::Unbounded => self.len(),
        };
        start..end.max(start)
    }

    /// The entries whose keys are in `range`, in key order.
    ///
    /// # Complexity
    ///
    /// O(log n) expected to find both ends, then O(1) per entry.
    pub fn range(&self, range: impl RangeBounds<K>) -> Iter<'_, K, V> {
        let ranks = self.rank_range(range);
        self.iter_ranks(ranks)
    }

    fn iter_ranks(&self, ranks: std::ops::Range<usize>) -> Iter<'_, K, V> {
        let before = self.node_at_rank(ranks.start);
        Iter {
            list: self,
            next: self.arena.link(before, 0).next,
            remaining: ranks.len(),
        }
    }

    /// The merge, in key order, of the values whose keys are in `range`;
    /// the identity for an empty range.
    ///
    /// # Errors
    ///
    /// A merge error of `V` (none for values whose merge cannot fail once
    /// [`insert`](SkipList::insert) accepted them).
    ///
    /// # Complexity
    ///
    /// O(log n) merges expected, without visiting the values: the walk
    /// climbs the links' summaries from the start of the range and comes
    /// down to its end, like a finger search.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::ordered::SkipList;
    ///
    /// let mut sales: SkipList<u32, u64> = SkipList::new(&());
    /// for day in 1..=31 {
    ///     sales.insert(day, u64::from(day) * 10)?;
    /// }
    /// assert_eq!(sales.aggregate(10..20)?, (10..20).map(|d| d * 10).sum());
    /// assert_eq!(sales.aggregate(40..)?, 0);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn aggregate(&self, range: impl RangeBounds<K>) -> Result<V> {
        let ranks = self.rank_range(range);
        self.aggregate_ranks(ranks)
    }

    /// The merge, in key order, of the values at positions `ranks`
    /// (clamped to the list); the identity for an empty range.
    ///
    /// # Errors
    ///
    /// As [`aggregate`](SkipList::aggregate).
    ///
    /// # Complexity
    ///
    /// O(log n) merges expected.
    pub fn aggregate_ranks(&self, ranks: std::ops::Range<usize>) -> Result<V> {
        let end = ranks.end.min(self.len());
        let mut at = ranks.start;
        let mut acc = self.identity.clone();
        if at >= end {
            return Ok(acc);
        }
        let mut x = self.node_at_rank(at);
        while at < end {
            let mut level = self.arena.height_of(x).min(self.height);
            let link = loop {
                level -= 1;
                let link = self.arena.link(x, level);
                if link.next != NIL && at + link.span as usize <= end {
                    break link;
                }
            };
            acc.merge(self.arena.summary(x, level))?;
            at += link.span as usize;
            x = link.next;
        }
        Ok(acc)
    }
}
