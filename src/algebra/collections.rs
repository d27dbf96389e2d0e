use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use super::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

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
        self.check_merge(other)?;
        for (k, v) in other {
            match self.get_mut(k) {
                Some(mine) => mine.merge(v)?,
                None => {
                    self.insert(k.clone(), v.clone());
                }
            }
        }
        Ok(())
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        let (small, large, flipped) = if self.len() <= other.len() {
            (self, other, false)
        } else {
            (other, self, true)
        };
        for (k, v) in small {
            if let Some(w) = large.get(k) {
                if flipped {
                    w.check_merge(v)?;
                } else {
                    v.check_merge(w)?;
                }
            }
        }
        Ok(())
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
        self.check_merge(other)?;
        for (k, v) in other {
            match self.get_mut(k) {
                Some(mine) => mine.merge(v)?,
                None => {
                    self.insert(k.clone(), v.clone());
                }
            }
        }
        Ok(())
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        for (k, v) in other {
            if let Some(mine) = self.get(k) {
                mine.check_merge(v)?;
            }
        }
        Ok(())
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
