//! One pane's per-key state: the monoid the engine folds records into and
//! the sliding windows merge.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use crate::algebra::{Monoid, Semigroup};
use crate::error::Result;

/// ahash with fixed seeds: in-memory only (never persisted), but the same in
/// every run of one build, so key-to-partition routing and map iteration
/// are reproducible. The hasher of [`PaneState::keys`].
#[derive(Clone, Copy, Debug, Default)]
pub struct FixedState;

impl BuildHasher for FixedState {
    type Hasher = ahash::AHasher;
    fn build_hasher(&self) -> ahash::AHasher {
        ahash::RandomState::with_seeds(
            0x243f_6a88_85a3_08d3,
            0x1319_8a2e_0370_7344,
            0xa409_3822_299f_31d0,
            0x082e_fa98_ec4e_6c89,
        )
        .build_hasher()
    }
}

/// The partition that owns `key` among `partitions`.
pub(crate) fn partition_of<K: Hash>(key: &K, partitions: usize) -> usize {
    (FixedState.hash_one(key) % partitions as u64) as usize
}

/// Per-key states of one pane (or of a merge of panes), with the records
/// of keys beyond the key bound folded into one overflow state: what the
/// engine's sliding windows hold, public so that other engines (the
/// `sketchfold-timely` crate) slide the same windows over the same panes.
///
/// A monoid: merge unions the keys (merging the states of shared keys),
/// merges the overflow states and adds the counts. Merging does not apply the
/// key bound (it is applied where records are folded and where partials
/// become a pane), so merge stays associative. With group states it is a
/// [`Group`](crate::algebra::Group) (a key whose record count returns to zero
/// is removed), so [`Subtracting`](super::sliding::Subtracting) can evict it.
#[derive(Clone, Debug)]
pub struct PaneState<K, S> {
    /// Per key: its records and its state.
    pub keys: HashMap<K, (u64, S), FixedState>,
    /// The state of the records of keys beyond the key bound, if any.
    pub overflow: Option<S>,
    /// The records folded into `overflow`.
    pub overflow_records: u64,
    /// Every record of the pane (keys and overflow).
    pub records: u64,
}

impl<K, S> PaneState<K, S>
where
    K: Hash + Eq + Clone,
    S: Monoid + Clone,
{
    /// A pane without records.
    pub fn new() -> Self {
        PaneState {
            keys: HashMap::default(),
            overflow: None,
            overflow_records: 0,
            records: 0,
        }
    }

    /// The state `key`'s next record folds into: its own, or the overflow
    /// state when `key` is new and the pane already holds `max_keys` keys.
    pub fn slot(&mut self, key: K, max_keys: usize, empty: impl FnOnce() -> S) -> &mut S {
        self.records += 1;
        if self.keys.len() < max_keys || self.keys.contains_key(&key) {
            let entry = self.keys.entry(key).or_insert_with(|| (0, empty()));
            entry.0 += 1;
            return &mut entry.1;
        }
        self.overflow_records += 1;
        self.overflow.get_or_insert_with(empty)
    }

    /// Merges `other` in, sending `other`'s keys that are new here to the
    /// overflow once this pane holds `max_keys` keys.
    ///
    /// Every state of one job comes from the same aggregator, so merges do
    /// not fail in practice; if one does, the error is returned and `self`
    /// may hold part of `other` (the job then stops with that error).
    pub fn merge_bounded(&mut self, other: &Self, max_keys: usize) -> Result<()> {
        self.check_merge(other)?;
        for (k, (n, s)) in &other.keys {
            if let Some(mine) = self.keys.get_mut(k) {
                mine.0 += n;
                mine.1.merge(s)?;
            } else if self.keys.len() < max_keys {
                self.keys.insert(k.clone(), (*n, s.clone()));
            } else {
                match &mut self.overflow {
                    Some(o) => o.merge(s)?,
                    None => self.overflow = Some(s.clone()),
                }
                self.overflow_records += n;
            }
        }
        merge_overflow(&mut self.overflow, &other.overflow)?;
        self.overflow_records += other.overflow_records;
        self.records += other.records;
        Ok(())
    }

    /// Splits the pane by key partition; the overflow goes to partition 0.
    pub fn split(self, partitions: usize) -> Vec<Self> {
        let mut parts: Vec<Self> = (0..partitions).map(|_| Self::new()).collect();
        let records = self.records;
        for (k, s) in self.keys {
            let p = partition_of(&k, partitions);
            parts[p].keys.insert(k, s);
        }
        parts[0].overflow = self.overflow;
        parts[0].overflow_records = self.overflow_records;
        // Record counts are per pane, not per key: partition 0 carries them.
        parts[0].records = records;
        parts
    }
}

impl<K, S> Default for PaneState<K, S>
where
    K: Hash + Eq + Clone,
    S: Monoid + Clone,
{
    fn default() -> Self {
        Self::new()
    }
}

fn merge_overflow<S: Semigroup + Clone>(mine: &mut Option<S>, other: &Option<S>) -> Result<()> {
    match (mine.as_mut(), other) {
        (_, None) => Ok(()),
        (Some(m), Some(o)) => m.merge(o),
        (None, Some(o)) => {
            *mine = Some(o.clone());
            Ok(())
        }
    }
}

impl<K, S> Semigroup for PaneState<K, S>
where
    K: Hash + Eq + Clone,
    S: Monoid + Clone,
{
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        self.merge_bounded(other, usize::MAX)
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        for (k, (_, s)) in &other.keys {
            if let Some((_, mine)) = self.keys.get(k) {
                mine.check_merge(s)?;
            }
        }
        if let (Some(m), Some(o)) = (&self.overflow, &other.overflow) {
            m.check_merge(o)?;
        }
        Ok(())
    }
}

impl<K, S> Monoid for PaneState<K, S>
where
    K: Hash + Eq + Clone + std::fmt::Debug,
    S: Monoid + Clone,
{
    type Params = ();
    fn empty(_: &()) -> Self {
        Self::new()
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.overflow.is_none() && self.records == 0
    }
}

/// With group states, a pane can be subtracted again: the sliding window's
/// "evict by subtraction". A key whose record count returns to zero is
/// removed, so evicted keys do not linger.
impl<K, S> crate::algebra::Group for PaneState<K, S>
where
    K: Hash + Eq + Clone + std::fmt::Debug,
    S: crate::algebra::Group + Clone,
{
    fn negate(&mut self) {
        for (n, s) in self.keys.values_mut() {
            *n = n.wrapping_neg();
            s.negate();
        }
        if let Some(o) = &mut self.overflow {
            o.negate();
        }
        self.overflow_records = self.overflow_records.wrapping_neg();
        self.records = self.records.wrapping_neg();
    }

    fn subtract(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        for (k, (n, s)) in &other.keys {
            match self.keys.get_mut(k) {
                Some(mine) => {
                    mine.0 = mine.0.wrapping_sub(*n);
                    mine.1.subtract(s)?;
                    if mine.0 == 0 {
                        self.keys.remove(k);
                    }
                }
                None => {
                    let mut neg = s.clone();
                    neg.negate();
                    self.keys.insert(k.clone(), (n.wrapping_neg(), neg));
                }
            }
        }
        if let Some(o) = &other.overflow {
            match &mut self.overflow {
                Some(m) => m.subtract(o)?,
                None => {
                    let mut neg = o.clone();
                    neg.negate();
                    self.overflow = Some(neg);
                }
            }
        }
        self.overflow_records = self.overflow_records.wrapping_sub(other.overflow_records);
        if self.overflow_records == 0 {
            self.overflow = None;
        }
        self.records = self.records.wrapping_sub(other.records);
        Ok(())
    }
}

/// Merging per-key states is commutative when the states' merge is: the
/// union of keys does not depend on the order.
impl<K, S> crate::algebra::Commutative for PaneState<K, S>
where
    K: Hash + Eq + Clone,
    S: crate::algebra::Commutative + Monoid + Clone,
{
}
