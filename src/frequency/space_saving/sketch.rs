use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;

use super::params::SpaceSavingParams;
use super::table::{Slot, Table};
use crate::error::{Error, Result};
use crate::family::{Bounds, Insert};

/// Counters allocated up front by [`SpaceSaving::new`]; a larger summary
/// grows as it fills.
const RESERVE: usize = 1 << 16;

/// A SpaceSaving summary of at most `k` counters: the heavy hitters of a
/// weighted stream, each with a guaranteed interval for its frequency,
/// mergeable across partitions with the same guarantee.
///
/// # Overview
///
/// A summary keeps at most `k` counters (item, count, error) and a number
/// Δ, and counts the total weight `n`. The update is Metwally et al.'s
/// SpaceSaving (2005): an item already monitored adds to its count; a new
/// item takes a free counter with count `Δ + w` and error `Δ`; a new item
/// in a full summary replaces the counter of smallest count `μ`, taking
/// count `μ + w` and error `μ`, and Δ becomes `μ`. Ties for the smallest
/// count go to the smallest item (`K: Ord`), so the result depends on the
/// input alone, never on hash values or memory layout.
///
/// Items are stored verbatim (`K: Hash + Eq + Ord + Clone`; `ItemCodec` as
/// well to encode), so no hash is ever reported or encoded: the summary
/// answers with the items themselves and two summaries of the same items
/// merge without a shared seed. The in-memory index hashes with `ahash`.
///
/// # Accuracy
///
/// For every item `x` with true frequency `f(x)` (total weight) in the
/// streams summarised, the [`Bounds`] from [`SpaceSaving::bounds`]
/// satisfy `lower <= f(x) <= upper` and `upper - lower <= Δ`, where
///
/// ```text
/// Δ = max_error() <= error_bound() = floor(n / k)
/// ```
///
/// An item that is not monitored has `f(x) <= Δ` (reported as `0..=Δ`), so
/// **every item with `f(x) > n / k` is monitored and reported** by
/// [`SpaceSaving::heavy_hitters`]`(n / k)`. The bound is deterministic: it
/// holds for every input order (sorted, adversarial, ...), every weight,
/// and every merge tree, with `n` the total weight of all merged streams.
/// While the streams hold at most `k` distinct items in all, Δ stays 0 and
/// every count is exact. This is the `n / k` bound of SpaceSaving with `k`
/// counters, which equals the `n / (k' + 1)` bound of Misra-Gries with
/// `k' = k - 1` counters (Agarwal et al. 2012 show the two isomorphic).
///
/// Why it holds, after any sequence of inserts and merges: four invariants,
/// (1) every monitored count `c` and error `e` satisfy `c - e <= f <= c`,
/// (2) every unmonitored item has `f <= Δ`, (3) `e <= Δ <= c` for every
/// counter, and (4) `sum(c) + (k - len) * Δ <= n`. From (3) and (4),
/// `k * Δ <= n`. An insert keeps them (the evicted counter has the smallest
/// count, which becomes Δ). The merge (Agarwal et al.'s merge in
/// SpaceSaving form) adds the upper bounds of every item of either summary
/// (`Δ` standing in for an item one side does not monitor) and the lower
/// bounds (0 standing in), which keeps (1)-(3) with `Δ = Δa + Δb`; summing
/// (4) of both sides gives `sum(U) + (k - m) * (Δa + Δb) <= n` for the `m`
/// merged items. If `m > k`, the `k` largest upper bounds stay and Δ becomes
/// the largest one dropped: every dropped bound is at least `Δa + Δb`, so
/// (4) still holds with no free counter. `tests/space_saving.rs` checks the
/// bound on adversarial orders and merge trees.
///
/// # Memory
///
/// Per counter: a slot (the item, count, error, index hash, bucket and two
/// list links: 48 bytes for `u64` items), 4 to 8 index entries of 8 bytes
/// (the index stays between 1/8 and 1/4 full, so probes are short), and at
/// most one 32-byte bucket header per distinct count: about 80 to 150
/// bytes a counter for `u64` items, plus the string bytes for strings.
/// [`SpaceSaving::new`] allocates for `min(k, 65,536)` counters and grows
/// beyond; a decoded summary allocates for the counters it holds.
///
/// # Speed
///
/// The counters form Metwally et al.'s stream-summary: buckets of equal
/// counts in increasing order, each a linked list of its counters. A unit
/// insert of a monitored item is a hash
/// lookup and an O(1) move to the next bucket (a frequent item alone in
/// its bucket just raises the bucket's count). A new item in a full
/// summary replaces the smallest item of the first bucket, which is sorted
/// by item once when it first has to give one up: O(log b) amortized per
/// counter for a first bucket of `b` counters. A weighted insert walks the
/// buckets from the item's own to its new count. A merge builds the
/// merged counters and their index in O(k) expected time and leaves the
/// buckets to the first insert that needs them (a sort by count), so merge
/// trees and queries after merges never pay for them. See
/// docs/benchmarks.md for measurements against the peer crates.
///
/// # Algebra
///
/// [`merge`](crate::algebra::Semigroup::merge) sums the two summaries (the
/// summary of the concatenated streams, within the bound):
///
/// - **commutative exactly**: `a ⊕ b == b ⊕ a` (the merge is symmetric and
///   its ties are broken by item);
/// - **identity exactly**: the empty summary of the same capacity
///   ([`Monoid::empty`](crate::algebra::Monoid::empty)`(&params)`) leaves a
///   summary unchanged;
/// - **associative only within the bound**: `(a ⊕ b) ⊕ c` and
///   `a ⊕ (b ⊕ c)` can keep different counters when the pruning to `k`
///   drops different items, but both have the same total and satisfy the
///   guarantee above; likewise `sketch(a ++ b)` versus
///   `sketch(a) ⊕ sketch(b)`. `tests/laws.rs` checks the laws with an
///   equivalence that carries the exact counts alongside and demands that
///   both sides bound every true frequency within `n / k`;
/// - not idempotent (`a ⊕ a` counts everything twice) and not a group.
///
/// Summaries of different capacities merge at the smaller one (the larger
/// is pruned to it): the invariants above hold for the smaller `k`, so the
/// result keeps the `n / k` guarantee for that `k`. The only merge refused
/// is one whose total weight would exceed `u64::MAX`, with an error and
/// nothing changed.
///
/// # Encoding
///
/// [`Codec`](crate::codec::Codec) (for `K: ItemCodec`): header, capacity,
/// total, Δ, then the counters sorted by item, each item in its
/// [`ItemCodec`](crate::codec::ItemCodec) form with its count and error.
/// The encoding is canonical (equal summaries encode to equal bytes).
/// Decoding checks invariants (3) and (4) above (and that every lower bound
/// is positive), so a decoded summary keeps `Δ <= n / k` and its later
/// inserts and merges keep the guarantee; it allocates only for the
/// counters the input holds. With the `serde` feature a summary serializes
/// as those bytes (a base64 string in human-readable formats such as JSON,
/// raw bytes in binary ones; see `codec::serde_form`).
///
/// # Examples
///
/// ```
/// use sketchfold::algebra::Semigroup;
/// use sketchfold::codec::Codec;
/// use sketchfold::frequency::SpaceSaving;
///
/// // Two partitions of a click stream, summarised with 8 counters each.
/// let mut left = SpaceSaving::new(8);
/// let mut right = SpaceSaving::new(8);
/// for i in 0..1_000u64 {
///     left.insert(&(i % 50))?; // 50 pages, 20 clicks each
///     right.insert(&if i % 2 == 0 { 7 } else { 100 + i })?; // page 7 is hot
/// }
/// let right = SpaceSaving::decode(&right.encode())?;
/// left.merge(&right)?;
///
/// assert_eq!(left.count(), 2_000);
/// assert!(left.max_error() <= 2_000 / 8);
/// let hot = left.heavy_hitters(left.error_bound());
/// assert_eq!(*hot[0].0, 7); // 520 clicks
/// assert!(hot[0].1.contains(520));
/// # Ok::<(), sketchfold::Error>(())
/// ```
///
/// Words, borrowed as `&str` for lookups and cloned into a `String` only
/// when they take a counter:
///
/// ```
/// use sketchfold::frequency::SpaceSaving;
///
/// let mut s = SpaceSaving::new(2);
/// for word in "a b a c a b a d".split(' ') {
///     s.insert(word)?;
/// }
/// let top = s.top(1);
/// assert_eq!(top[0].0, "a");
/// assert!(top[0].1.contains(4)); // "a" occurs 4 times
/// assert!(s.max_error() <= s.count() / s.capacity() as u64);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone)]
pub struct SpaceSaving<K> {
    pub(super) capacity: usize,
    pub(super) total: u64,
    /// Δ: no item outside the table occurs more often, no count in the
    /// table has a larger error, and no count in the table is smaller.
    pub(super) delta: u64,
    pub(super) table: Table<K>,
}

impl<K> SpaceSaving<K> {
    /// The largest number of counters a summary may keep, 2^30.
    pub const MAX_CAPACITY: usize = 1 << 30;
}

impl<K: Hash + Eq + Ord + Clone> SpaceSaving<K> {
    /// An empty summary of `capacity` counters.
    ///
    /// # Panics
    ///
    /// If `capacity` is 0 or above [`MAX_CAPACITY`](Self::MAX_CAPACITY); [`try_new`](Self::try_new)
    /// returns an error instead.
    pub fn new(capacity: usize) -> SpaceSaving<K> {
        match SpaceSaving::try_new(capacity) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// An empty summary of `capacity` counters.
    ///
    /// # Errors
    ///
    /// As [`SpaceSavingParams::new`].
    pub fn try_new(capacity: usize) -> Result<SpaceSaving<K>> {
        Ok(SpaceSaving::with_params(SpaceSavingParams::new(capacity)?))
    }

    /// An empty summary with `params`.
    pub fn with_params(params: SpaceSavingParams) -> SpaceSaving<K> {
        let capacity = params.capacity();
        SpaceSaving {
            capacity,
            total: 0,
            delta: 0,
            table: Table::with_capacity(capacity.min(RESERVE)),
        }
    }

    /// The parameters: the capacity.
    pub fn params(&self) -> SpaceSavingParams {
        SpaceSavingParams {
            capacity: self.capacity,
        }
    }

    /// The number of counters, `k`.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of items monitored (at most [`capacity`](Self::capacity)).
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// True if nothing was counted (no weight, no counter): the identity
    /// of its capacity.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// True if every counter is in use, so that a new item evicts one.
    pub fn is_full(&self) -> bool {
        self.table.len() >= self.capacity
    }

    /// The total weight summarised, `n` (the number of unit inserts plus
    /// the weights of weighted ones, over every merged summary).
    pub fn count(&self) -> u64 {
        self.total
    }

    /// This summary's own error bound Δ: every item it does not monitor
    /// occurs at most Δ times, and every [`Bounds<u64>`] it reports is at
    /// most Δ wide. Always at most [`error_bound`](Self::error_bound);
    /// 0 while the stream had no more distinct items than counters.
    pub fn max_error(&self) -> u64 {
        self.delta
    }

    /// The guarantee, `floor(total / capacity)`: [`max_error`](Self::max_error)
    /// never exceeds it, whatever the input order and merges.
    pub fn error_bound(&self) -> u64 {
        self.total / self.capacity as u64
    }

    /// Counts one occurrence of `item`.
    ///
    /// # Complexity
    ///
    /// One hash lookup, then O(1) to move the counter to the next bucket of
    /// the stream-summary. A new item in a full summary replaces the
    /// smallest item of the smallest count (O(log k) amortized, for the
    /// sort that finds it) and clones `item`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if the total weight would exceed `u64::MAX` (after 2^64 unit
    /// inserts, or weighted inserts near that total); the summary is then
    /// unchanged.
    #[inline]
    pub fn insert<Q>(&mut self, item: &Q) -> Result<()>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        self.insert_weighted(item, 1)
    }

    /// Counts `weight` occurrences of `item` at once (as `weight` unit
    /// inserts would, and with the same guarantee on the total weight). A
    /// weight of 0 changes nothing.
    ///
    /// # Complexity
    ///
    /// As [`insert`](Self::insert), plus a walk over the buckets between
    /// the item's old and new count (at most one per distinct count).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// for a negative weight (a summary cannot remove) or if the total
    /// weight would exceed `u64::MAX`; the summary is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::frequency::SpaceSaving;
    ///
    /// let mut bytes_by_host = SpaceSaving::new(16);
    /// bytes_by_host.insert_weighted("10.0.0.1", 1500)?;
    /// bytes_by_host.insert_weighted("10.0.0.2", 40)?;
    /// bytes_by_host.insert_weighted("10.0.0.1", 900)?;
    /// assert_eq!(bytes_by_host.estimate("10.0.0.1"), 2400);
    /// assert!(bytes_by_host.insert_weighted("10.0.0.1", -1).is_err());
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    #[inline]
    pub fn insert_weighted<Q>(&mut self, item: &Q, weight: i64) -> Result<()>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let weight = check_weight(weight)?;
        let hash = self.table.hash(item);
        let slot = self.table.find(item, hash);
        self.count_item(slot, weight, hash, Borrowed(item))
    }

    /// Counts one occurrence of an owned `item` (no clone when it is new).
    ///
    /// # Errors
    ///
    /// As [`insert`](Self::insert).
    pub fn insert_owned(&mut self, item: K) -> Result<()> {
        let hash = self.table.hash(&item);
        let slot = self.table.find(&item, hash);
        self.count_item(slot, 1, hash, Owned(item))
    }

    /// The SpaceSaving update: add to the item's counter, or give it a
    /// free counter, or replace the smallest counter and inherit its count
    /// as the new item's error.
    #[inline]
    fn count_item(
        &mut self,
        slot: Option<u32>,
        weight: u64,
        hash: u64,
        item: impl Source<K>,
    ) -> Result<()> {
        let Some(total) = self.total.checked_add(weight) else {
            return Err(Error::invalid_parameter(
                "weight",
                weight,
                format!(
                    "at most {} more (the total weight must stay below 2^64)",
                    u64::MAX - self.total
                ),
            ));
        };
        if weight == 0 {
            return Ok(());
        }
        match slot {
            Some(s) => self.table.add(s, weight),
            None if self.table.len() < self.capacity => {
                self.table
                    .push(item.make(), hash, self.delta + weight, self.delta);
            }
            None => {
                let min = self.table.min_count().unwrap_or(self.delta);
                self.delta = min;
                self.table
                    .replace_min(|old| item.write(old), hash, min + weight, min);
            }
        }
        self.total = total;
        Ok(())
    }

    /// The estimated frequency of `item`: its count (an upper bound of its
    /// true frequency, at most Δ above it), or Δ if it is not monitored.
    pub fn estimate<Q>(&self, item: &Q) -> u64
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.bounds(item).upper
    }

    /// The bounds of `item`'s frequency: its counter's, or `0..=Δ` if it is
    /// not monitored. Deterministic: the true frequency always lies within.
    pub fn bounds<Q>(&self, item: &Q) -> Bounds<u64>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.table.get(item) {
            Some(slot) => bounds(slot),
            None => Bounds {
                lower: 0,
                upper: self.delta,
            },
        }
    }

    /// The `m` items with the largest counts, largest first; ties by the
    /// larger lower bound, then the smaller item.
    ///
    /// # Complexity
    ///
    /// O(k + m log m): a selection, then a sort of the `m` selected.
    pub fn top(&self, m: usize) -> Vec<(&K, Bounds<u64>)> {
        let mut all: Vec<(&K, Bounds<u64>)> = self.iter().collect();
        if m < all.len() {
            all.select_nth_unstable_by(m, ranking);
            all.truncate(m);
        }
        all.sort_unstable_by(ranking);
        all
    }

    /// Every item that may occur more than `threshold` times (its upper
    /// bound exceeds it), in [`top`](Self::top) order. No false negatives
    /// when `threshold >= max_error()`: every item that does occur more
    /// often is listed.
    pub fn heavy_hitters(&self, threshold: u64) -> Vec<(&K, Bounds<u64>)> {
        self.ranked(|b| b.upper > threshold)
    }

    /// Every item that certainly occurs more than `threshold` times (its
    /// lower bound exceeds it), in [`top`](Self::top) order: no false
    /// positives.
    pub fn certain_heavy_hitters(&self, threshold: u64) -> Vec<(&K, Bounds<u64>)> {
        self.ranked(|b| b.lower > threshold)
    }

    /// The monitored items whose bounds pass `keep`, in `top` order.
    fn ranked(&self, keep: impl Fn(&Bounds<u64>) -> bool) -> Vec<(&K, Bounds<u64>)> {
        let mut out: Vec<(&K, Bounds<u64>)> = self.iter().filter(|(_, b)| keep(b)).collect();
        out.sort_unstable_by(ranking);
        out
    }

    /// The monitored items and their bounds, in no particular order (use
    /// [`top`](Self::top) for a canonical one).
    pub fn iter(&self) -> impl Iterator<Item = (&K, Bounds<u64>)> + '_ {
        self.table.slots().iter().map(|s| (&s.item, bounds(s)))
    }

    /// The monitored items as `(item, count, error)`, sorted by item: the
    /// canonical form that equality and the encoding use.
    pub(super) fn sorted_entries(&self) -> Vec<(&K, u64, u64)> {
        let mut out: Vec<(&K, u64, u64)> = self
            .table
            .slots()
            .iter()
            .map(|s| (&s.item, s.count, s.error))
            .collect();
        out.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out
    }
}

/// The order of [`SpaceSaving::top`]: larger upper bound, then larger
/// lower bound, then smaller item.
fn ranking<K: Ord>(a: &(&K, Bounds<u64>), b: &(&K, Bounds<u64>)) -> std::cmp::Ordering {
    b.1.upper
        .cmp(&a.1.upper)
        .then(b.1.lower.cmp(&a.1.lower))
        .then_with(|| a.0.cmp(b.0))
}

/// Where a new item comes from: a borrowed `Q` (cloned, into the evicted
/// item's allocation when it replaces one) or an owned `K` (moved).
trait Source<K> {
    /// The item as a new `K`.
    fn make(self) -> K;
    /// The item written over `old`.
    fn write(self, old: &mut K);
}

struct Borrowed<'a, Q: ?Sized>(&'a Q);

impl<K, Q: ToOwned<Owned = K> + ?Sized> Source<K> for Borrowed<'_, Q> {
    fn make(self) -> K {
        self.0.to_owned()
    }

    fn write(self, old: &mut K) {
        self.0.clone_into(old);
    }
}

struct Owned<K>(K);

impl<K> Source<K> for Owned<K> {
    fn make(self) -> K {
        self.0
    }

    fn write(self, old: &mut K) {
        *old = self.0;
    }
}

fn bounds<K>(slot: &Slot<K>) -> Bounds<u64> {
    Bounds {
        lower: slot.count - slot.error,
        upper: slot.count,
    }
}

/// A weight as the summary counts it: refused if negative.
fn check_weight(weight: i64) -> Result<u64> {
    u64::try_from(weight).map_err(|_| {
        Error::invalid_parameter(
            "weight",
            weight,
            "a non-negative weight (a SpaceSaving summary cannot remove)",
        )
    })
}

/// Equal summaries have the same capacity, total, Δ and counters (count and
/// error per item); the order in which they were filled does not matter.
impl<K: Hash + Eq + Ord + Clone> PartialEq for SpaceSaving<K> {
    fn eq(&self, other: &Self) -> bool {
        self.capacity == other.capacity
            && self.total == other.total
            && self.delta == other.delta
            && self.len() == other.len()
            && self.table.slots().iter().all(|s| {
                other
                    .table
                    .get_like(s)
                    .is_some_and(|o| o.count == s.count && o.error == s.error)
            })
    }
}

impl<K: Hash + Eq + Ord + Clone> Eq for SpaceSaving<K> {}

impl<K: Hash + Eq + Ord + Clone + fmt::Debug> fmt::Debug for SpaceSaving<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Entries<'a, K>(Vec<(&'a K, u64, u64)>);
        impl<K: fmt::Debug> fmt::Debug for Entries<'_, K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(k, c, e)| (k, (c - e)..=*c)))
                    .finish()
            }
        }
        f.debug_struct("SpaceSaving")
            .field("capacity", &self.capacity)
            .field("total", &self.total)
            .field("max_error", &self.delta)
            .field("counters", &Entries(self.sorted_entries()))
            .finish()
    }
}

/// Refuses what [`SpaceSaving::insert`] refuses. There is no `Extend`:
/// use [`Insert::try_extend`].
impl<K, Q> Insert<&Q> for SpaceSaving<K>
where
    K: Hash + Eq + Ord + Clone + Borrow<Q>,
    Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
{
    fn insert(&mut self, item: &Q) -> Result<()> {
        SpaceSaving::insert(self, item)
    }
}
