use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use super::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

/// What the map merge needs of a map type, so `HashMap` and `BTreeMap`
/// share one implementation.
trait SemigroupMap<K: Clone, V: Semigroup + Clone> {
    fn value(&self, k: &K) -> Option<&V>;
    fn value_mut(&mut self, k: &K) -> Option<&mut V>;
    fn put(&mut self, k: K, v: V);
    fn for_each_entry(&self, f: impl FnMut(&K, &V) -> Result<()>) -> Result<()>;

    /// Checks every key present on both sides before anything changes.
    fn check_map_merge(&self, other: &Self) -> Result<()> {
        other.for_each_entry(|k, v| match self.value(k) {
            Some(mine) => mine.check_merge(v),
            None => Ok(()),
        })
    }

    fn merge_map(&mut self, other: &Self) -> Result<()> {
        self.check_map_merge(other)?;
        other.for_each_entry(|k, v| {
            match self.value_mut(k) {
                Some(mine) => mine.merge(v)?,
                None => self.put(k.clone(), v.clone()),
            }
            Ok(())
        })
    }
}

impl<K, V, S> SemigroupMap<K, V> for HashMap<K, V, S>
where
    K: Eq + Hash + Clone,
    V: Semigroup + Clone,
    S: BuildHasher,
{
    fn value(&self, k: &K) -> Option<&V> {
        self.get(k)
    }
    fn value_mut(&mut self, k: &K) -> Option<&mut V> {
        self.get_mut(k)
    }
    fn put(&mut self, k: K, v: V) {
        self.insert(k, v);
    }
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|(k, v)| f(k, v))
    }
}

impl<K: Ord + Clone, V: Semigroup + Clone> SemigroupMap<K, V> for BTreeMap<K, V> {
    fn value(&self, k: &K) -> Option<&V> {
        self.get(k)
    }
    fn value_mut(&mut self, k: &K) -> Option<&mut V> {
        self.get_mut(k)
    }
    fn put(&mut self, k: K, v: V) {
        self.insert(k, v);
    }
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|(k, v)| f(k, v))
    }
}

/// A map whose values are semigroups is a monoid: merge unions the keys and
/// merges the values of keys present on both sides; the empty map is the
/// identity. Values of shared keys are all checked before anything is
/// inserted, so a failed merge leaves the map unchanged.
impl<K, V, S> Semigroup for HashMap<K, V, S>
where
    K: Eq + Hash + Clone,
    V: Semigroup + Clone,
    S: BuildHasher + Default + Clone,
{
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.merge_map(other)
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        self.check_map_merge(other)
    }
}

impl<K, V, S> Monoid for HashMap<K, V, S>
where
    K: Eq + Hash + Clone,
    V: Semigroup + Clone,
    S: BuildHasher + Default + Clone,
{
    type Params = ();
    fn empty(_: &()) -> Self {
        HashMap::default()
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        HashMap::is_empty(self)
    }
}

impl<K, V, S> Commutative for HashMap<K, V, S>
where
    K: Eq + Hash + Clone,
    V: Commutative + Clone,
    S: BuildHasher + Default + Clone,
{
}

impl<K, V, S> Idempotent for HashMap<K, V, S>
where
    K: Eq + Hash + Clone,
    V: Idempotent + Clone,
    S: BuildHasher + Default + Clone,
{
}

/// Ordered maps merge as [`HashMap`]s do.
impl<K: Ord + Clone, V: Semigroup + Clone> Semigroup for BTreeMap<K, V> {
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.merge_map(other)
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        self.check_map_merge(other)
    }
}

impl<K: Ord + Clone, V: Semigroup + Clone> Monoid for BTreeMap<K, V> {
    type Params = ();
    fn empty(_: &()) -> Self {
        BTreeMap::new()
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        BTreeMap::is_empty(self)
    }
}

impl<K: Ord + Clone, V: Commutative + Clone> Commutative for BTreeMap<K, V> {}
impl<K: Ord + Clone, V: Idempotent + Clone> Idempotent for BTreeMap<K, V> {}
