//! The skip list is a monoid: merge is the union of the entries, values of
//! equal keys merged.

use super::{SkipList, SkipListParams};
use crate::algebra::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

impl<K: Ord + Clone, V: Monoid + Clone> SkipList<K, V> {
    /// Checks every value of `other` against this list: against the value
    /// of the same key, or the identity for a new key.
    fn check_union(&self, other: &Self) -> Result<()> {
        self.identity.check_merge(&other.identity)?;
        let (mut mine, mut theirs) = (self.iter().peekable(), other.iter());
        for (k, v) in &mut theirs {
            while mine.next_if(|(m, _)| *m < k).is_some() {}
            match mine.peek() {
                Some((m, mv)) if *m == k => mv.check_merge(v)?,
                _ => self.identity.check_merge(v)?,
            }
        }
        Ok(())
    }

    /// The union, rebuilt from a merge-join of both entry sequences: O(n + m)
    /// merges.
    fn union_rebuild(&mut self, other: &Self) -> Result<()> {
        let mut entries = Vec::with_capacity(self.len() + other.len());
        {
            let mut mine = self.iter().peekable();
            let mut theirs = other.iter().peekable();
            loop {
                let take_mine = match (mine.peek(), theirs.peek()) {
                    (None, None) => break,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (Some((a, _)), Some((b, _))) => {
                        if a == b {
                            let (k, a) = mine.next().expect("peeked");
                            let (_, b) = theirs.next().expect("peeked");
                            let mut v = a.clone();
                            v.merge(b)?;
                            entries.push((k.clone(), v));
                            continue;
                        }
                        a < b
                    }
                };
                let (k, v) = if take_mine {
                    mine.next()
                } else {
                    theirs.next()
                }
                .expect("peeked");
                entries.push((k.clone(), v.clone()));
            }
        }
        *self = SkipList::from_sorted(self.identity.clone(), self.seed, entries)?;
        Ok(())
    }
}

/// Union of the entries; the values of a key present in both are merged,
/// `self`'s first. Exact; commutative (and idempotent) when `V` is.
///
/// A small `other` (at most 1/16 of `self`) is inserted entry by entry,
/// O(m log n); otherwise both lists are merge-joined and the result is
/// rebuilt, O(n + m). Every value is checked before anything changes.
impl<K: Ord + Clone, V: Monoid + Clone> Semigroup for SkipList<K, V> {
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_union(other)?;
        if other.len() <= self.len() / 16 {
            for (k, v) in other.iter() {
                self.insert(k.clone(), v.clone())?;
            }
            Ok(())
        } else {
            self.union_rebuild(other)
        }
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        self.check_union(other)
    }

    /// Merges into a copy and keeps it only if every merge succeeds, so a
    /// failure anywhere in the fold leaves `self` unchanged.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let mut acc = self.clone();
        for other in others {
            acc.merge(other)?;
        }
        *self = acc;
        Ok(())
    }
}

impl<K: Ord + Clone, V: Monoid + Clone> Monoid for SkipList<K, V> {
    type Params = SkipListParams<V::Params>;

    fn empty(params: &Self::Params) -> Self {
        SkipList::with_params(params.clone())
    }

    fn params(&self) -> Self::Params {
        SkipList::params(self)
    }

    fn is_empty(&self) -> bool {
        SkipList::is_empty(self)
    }
}

impl<K: Ord + Clone, V: Monoid + Commutative + Clone> Commutative for SkipList<K, V> {}
impl<K: Ord + Clone, V: Monoid + Idempotent + Clone> Idempotent for SkipList<K, V> {}
