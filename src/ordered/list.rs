//! [`SkipList`]: the type, construction and the ordered-map operations.

use std::fmt;

use super::arena::{Arena, Levels, HEAD, MAX_HEIGHT, NIL};
use super::params::SkipListParams;
use crate::algebra::Monoid;
use crate::error::Result;
use crate::family::Insert;

/// The seed of the level generator when none is given.
pub const DEFAULT_SEED: u64 = 0x5EED_5C1F_0000_0001;

/// An ordered map from `K` to monoid values `V`, with O(log n) rank,
/// select and range aggregation; see the [module docs](super).
///
/// Every forward link carries the number of entries it passes over and the
/// merge of their values, so [`aggregate`](SkipList::aggregate) of any key
/// range costs O(log n) merges, however many entries the range holds.
///
/// Values must be compatible with the list's identity (`V::empty(params)`):
/// [`insert`](SkipList::insert) checks it. The summaries merge values of the
/// list with each other, so `V`'s merge must succeed for values that pass
/// that check (true of numbers, [`HyperLogLog`](crate::cardinality::HyperLogLog),
/// [`BloomFilter`](crate::membership::BloomFilter) and
/// [`CountMin`](crate::frequency::CountMin)).
///
/// # Example
///
/// ```
/// use sketchfold::ordered::SkipList;
///
/// // Bytes served per minute of a day; the total of any span of minutes
/// // in O(log n) merges.
/// let mut served: SkipList<u32, u64> = SkipList::new(&());
/// for minute in 0..1_440u32 {
///     served.insert(minute, u64::from(minute % 60))?;
/// }
/// assert_eq!(served.aggregate(60..120)?, (0..60).sum::<u64>());
/// assert_eq!(served.rank(&600), 600); // minutes before 10:00
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone)]
pub struct SkipList<K, V: Monoid> {
    pub(crate) arena: Arena<K, V>,
    /// Levels in use (at least 1).
    pub(crate) height: usize,
    pub(crate) identity: V,
    pub(crate) seed: u64,
    pub(crate) levels: Levels,
}

/// The search path to a key: at each level, the last node before it and
/// that node's rank (entries up to and including it; the head has rank 0).
pub(crate) struct Path {
    pub(crate) update: [u32; MAX_HEIGHT],
    pub(crate) rank: [u32; MAX_HEIGHT],
}

impl<K: Ord + Clone, V: Monoid + Clone> SkipList<K, V> {
    /// An empty list whose values have parameters `params` (`()` for
    /// numbers, [`HllParams`](crate::cardinality::HllParams) for
    /// HyperLogLog), with the default level seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::ordered::SkipList;
    ///
    /// let mut sums: SkipList<u32, u64> = SkipList::new(&());
    /// sums.insert(3, 30)?;
    /// sums.insert(1, 10)?;
    /// sums.insert(3, 5)?; // merges: 30 + 5
    /// assert_eq!(sums.get(&3), Some(&35));
    /// assert_eq!(sums.aggregate(..)?, 45);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn new(params: &V::Params) -> SkipList<K, V> {
        SkipList::from_identity(V::empty(params), DEFAULT_SEED)
    }

    /// An empty list with `params`: the values' parameters and the level
    /// seed ([`SkipListParams::with_seed`]; the same seed and the same
    /// operations give the same structure).
    pub fn with_params(params: SkipListParams<V::Params>) -> SkipList<K, V> {
        SkipList::from_identity(V::empty(&params.values), params.seed)
    }

    /// The parameters: the values' and the level seed.
    pub fn params(&self) -> SkipListParams<V::Params> {
        SkipListParams::new(self.identity.params()).with_seed(self.seed)
    }

    pub(crate) fn from_identity(identity: V, seed: u64) -> SkipList<K, V> {
        SkipList {
            arena: Arena::new(&identity),
            height: 1,
            identity,
            seed,
            levels: Levels::new(seed),
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.arena.nodes.len()
    }

    /// True if the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.arena.nodes.is_empty()
    }

    /// The seed of the level generator.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The identity of the values: what [`aggregate`](SkipList::aggregate)
    /// of an empty range returns.
    pub fn identity(&self) -> &V {
        &self.identity
    }

    #[inline]
    pub(crate) fn key_of(&self, x: u32) -> &K {
        &self.arena.nodes[x as usize].key
    }

    /// The last node whose key is below `key` (`strictly`) or at most
    /// `key` (not strictly), with its rank; the head (rank 0) if none.
    pub(crate) fn before(&self, key: &K, strictly: bool) -> (u32, usize) {
        let links = &self.arena.links;
        let (mut x, mut block) = (HEAD, 0usize);
        let mut rank = 0usize;
        for level in (0..self.height).rev() {
            loop {
                let link = &links[block + level];
                match &link.key {
                    Some(k) if k < key || (!strictly && k == key) => {
                        x = link.next;
                        block = link.block as usize;
                        rank += link.span as usize;
                    }
                    _ => break,
                }
            }
        }
        (x, rank)
    }

    fn path(&self, key: &K) -> Path {
        let mut path = Path {
            update: [HEAD; MAX_HEIGHT],
            rank: [0; MAX_HEIGHT],
        };
        let links = &self.arena.links;
        let (mut x, mut block) = (HEAD, 0usize);
        let mut rank = 0u32;
        for level in (0..self.height).rev() {
            loop {
                let link = &links[block + level];
                match &link.key {
                    Some(k) if k < key => {
                        x = link.next;
                        block = link.block as usize;
                        rank += link.span;
                    }
                    _ => break,
                }
            }
            path.update[level] = x;
            path.rank[level] = rank;
        }
        path
    }

    /// The node holding `key`, if any.
    pub(crate) fn find(&self, key: &K) -> Option<u32> {
        let (x, _) = self.before(key, true);
        let next = self.arena.link(x, 0).next;
        (next != NIL && self.key_of(next) == key).then_some(next)
    }

    /// The value of `key`.
    ///
    /// # Complexity
    ///
    /// O(log n) expected.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).map(|x| &self.arena.nodes[x as usize].value)
    }

    /// True if `key` has an entry.
    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_some()
    }

    /// Inserts `value` at `key`; on an existing key, merges it into the
    /// value there (`old ⊕ value`).
    ///
    /// # Errors
    ///
    /// [`IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge) when
    /// `value` cannot merge with the list's identity or with the value at
    /// `key`; the list is then unchanged.
    ///
    /// # Complexity
    ///
    /// O(log n) expected: the search, then each summary on the path is
    /// recomputed from the level below (about 4 merges per level).
    pub fn insert(&mut self, key: K, value: V) -> Result<()> {
        self.identity.check_merge(&value)?;
        let path = self.path(&key);
        let next = self.arena.link(path.update[0], 0).next;
        if next != NIL && *self.key_of(next) == key {
            let node = &mut self.arena.nodes[next as usize];
            node.value.check_merge(&value)?;
            node.value.merge(&value)?;
            return self.recompute_path(&path, None);
        }
        if self.len() >= (u32::MAX - 2) as usize {
            return Err(crate::Error::invalid_parameter(
                "skip list length",
                self.len(),
                "fewer than 2^32 - 2 entries",
            ));
        }
        let mut path = path;
        let height = self.levels.next_height();
        if height > self.height {
            for level in self.height..height {
                path.update[level] = HEAD;
                path.rank[level] = 0;
                self.arena.set(HEAD, level, NIL, self.len() as u32);
            }
            self.height = height;
        }
        let x = self.arena.alloc(key, value, height, &self.identity);
        let below = path.rank[0];
        for level in 0..self.height {
            let pred = path.update[level];
            let passed = below - path.rank[level];
            if level < height {
                let old = self.arena.link(pred, level);
                self.arena.set(pred, level, x, passed + 1);
                self.arena.set(x, level, old.next, old.span - passed);
            } else {
                self.arena.add_span(pred, level, 1);
            }
        }
        self.recompute_path(&path, Some((x, height)))
    }

    /// Recomputes, bottom-up, the summaries of the path's links (and of the
    /// new node `x`'s links below its height).
    fn recompute_path(&mut self, path: &Path, new: Option<(u32, usize)>) -> Result<()> {
        for level in 1..self.height {
            if let Some((x, height)) = new {
                if level < height {
                    self.arena.recompute(x, level)?;
                }
            }
            self.arena.recompute(path.update[level], level)?;
        }
        Ok(())
    }

    /// Removes `key`'s entry and returns its value.
    ///
    /// # Complexity
    ///
    /// O(log n) expected: the search, the summaries on the path recomputed
    /// from the level below (about 4 merges per level), and one more search
    /// to redirect the links of the node that moves into the freed arena
    /// slot.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let path = self.path(key);
        let x = self.arena.link(path.update[0], 0).next;
        if x == NIL || self.key_of(x) != key {
            return None;
        }
        for level in 0..self.height {
            let pred = path.update[level];
            let link = self.arena.link(pred, level);
            if link.next == x {
                let gone = self.arena.link(x, level);
                self.arena
                    .set(pred, level, gone.next, link.span + gone.span - 1);
            } else {
                self.arena.add_span(pred, level, -1);
            }
        }
        while self.height > 1 && self.arena.link(HEAD, self.height - 1).next == NIL {
            self.height -= 1;
        }
        // Merges of values already merged together cannot fail.
        let _ = self.recompute_path(&path, None);
        let last = (self.len() - 1) as u32;
        if x != last {
            let moved = self.path(self.key_of(last));
            for level in 0..self.arena.height_of(last) {
                self.arena.rename_target(moved.update[level], level, x);
            }
        }
        Some(self.arena.free_node(x).value)
    }

    /// Appends an entry whose key is above every key in the list, without
    /// summaries (bulk building calls [`rebuild_summaries`] once at the
    /// end). `tail` holds the last node of each level and its rank.
    pub(crate) fn push_back(&mut self, key: K, value: V, tail: &mut Path) {
        let height = self.levels.next_height();
        if height > self.height {
            for level in self.height..height {
                tail.update[level] = HEAD;
                tail.rank[level] = 0;
            }
            self.height = height;
        }
        let n = self.len() as u32;
        let x = self.arena.alloc(key, value, height, &self.identity);
        for level in 0..height {
            self.arena
                .set(tail.update[level], level, x, n + 1 - tail.rank[level]);
            tail.update[level] = x;
            tail.rank[level] = n + 1;
        }
        for level in 0..self.height {
            self.arena
                .set(tail.update[level], level, NIL, n + 1 - tail.rank[level]);
        }
    }

    /// An empty path to start [`push_back`] on an empty list.
    pub(crate) fn empty_tail() -> Path {
        Path {
            update: [HEAD; MAX_HEIGHT],
            rank: [0; MAX_HEIGHT],
        }
    }

    /// Recomputes every summary, level by level: O(n) merges in all.
    pub(crate) fn rebuild_summaries(&mut self) -> Result<()> {
        for level in 1..self.height {
            let mut x = HEAD;
            while x != NIL {
                self.arena.recompute(x, level)?;
                x = self.arena.link(x, level).next;
            }
        }
        Ok(())
    }

    /// Builds a list from entries in strictly increasing key order (not
    /// checked here), in O(n) merges.
    pub(crate) fn from_sorted(
        identity: V,
        seed: u64,
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> Result<SkipList<K, V>> {
        let mut list = SkipList::from_identity(identity, seed);
        let mut tail = Self::empty_tail();
        for (k, v) in entries {
            list.push_back(k, v, &mut tail);
        }
        list.rebuild_summaries()?;
        Ok(list)
    }
}

/// Refuses what [`SkipList::insert`] refuses (a value that does not merge
/// with the list's). There is no `Extend`: use [`Insert::try_extend`].
impl<K: Ord + Clone, V: Monoid + Clone> Insert<(K, V)> for SkipList<K, V> {
    fn insert(&mut self, (key, value): (K, V)) -> Result<()> {
        SkipList::insert(self, key, value)
    }
}

impl<K: fmt::Debug + Ord + Clone, V: Monoid + Clone + fmt::Debug> fmt::Debug for SkipList<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Two lists are equal when they hold the same entries (the level seed and
/// the shape of the links are not compared).
impl<K: Ord + Clone, V: Monoid + Clone + PartialEq> PartialEq for SkipList<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<K: Ord + Clone, V: Monoid + Clone + Eq> Eq for SkipList<K, V> {}
