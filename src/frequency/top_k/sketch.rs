use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use super::rank::rank;
use crate::codec::ItemCodec;
use crate::error::{Error, Result};
use crate::family::{Bounds, Insert};
use crate::frequency::{CountMin, CountMinParams};
use crate::hash::StableHash;

/// The items a [`TopK`] can track: hashed stably, compared, kept in a hash
/// map, cloned, and written verbatim in its encoding.
pub trait TopKItem: StableHash + Eq + Hash + Clone + ItemCodec {}

impl<K: StableHash + Eq + Hash + Clone + ItemCodec> TopKItem for K {}

/// The largest `k` a [`TopK`] accepts.
pub const MAX_K: usize = 1 << 24;

/// The parameters of a [`TopK`]: how many candidates it keeps and its
/// Count-Min's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TopKParams {
    pub(crate) k: usize,
    pub(crate) count_min: CountMinParams,
}

impl TopKParams {
    /// Keeps `k` candidates over the smallest standard Count-Min whose
    /// estimates exceed an item's true count by at most `epsilon` times the
    /// total count with probability at least `1 - delta` (see
    /// [`CountMinParams::new`]), with the default seed.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless `k`
    /// is in `1..=2^24` and `epsilon` and `delta` are valid for
    /// [`CountMinParams::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::frequency::TopKParams;
    ///
    /// let p = TopKParams::new(10, 0.001, 0.001)?;
    /// assert_eq!(p.k(), 10);
    /// assert!(p.count_min().epsilon() <= 0.001);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn new(k: usize, epsilon: f64, delta: f64) -> Result<TopKParams> {
        TopKParams::with_count_min(k, CountMinParams::new(epsilon, delta)?)
    }

    /// Keeps `k` candidates over a Count-Min with `count_min` (for a
    /// given width and depth: [`CountMinParams::with_size`]).
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless `k`
    /// is in `1..=2^24`.
    pub fn with_count_min(k: usize, count_min: CountMinParams) -> Result<TopKParams> {
        if !(1..=MAX_K).contains(&k) {
            return Err(Error::invalid_parameter("k", k, "1..=2^24 candidates"));
        }
        Ok(TopKParams { k, count_min })
    }

    /// The same parameters with the Count-Min hashing items with `seed`.
    /// Sketches merge only with sketches of the same seed.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> TopKParams {
        TopKParams {
            count_min: self.count_min.with_seed(seed),
            ..self
        }
    }

    /// How many candidates are kept.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The Count-Min's parameters.
    pub fn count_min(&self) -> CountMinParams {
        self.count_min
    }
}

/// A candidate's count as last recorded (at its last insert, or the
/// merged estimate at the last merge) and its item hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) count: i64,
    pub(crate) hash: u64,
}

/// The `k` heaviest items of a stream (Algebird's TopCMS): a
/// [`CountMin`] of every item, plus the `k` candidates with the largest
/// estimates.
///
/// See the [module docs](crate::frequency) for what merge guarantees.
///
/// # Examples
///
/// ```
/// use sketchfold::frequency::TopK;
///
/// let mut top = TopK::<String>::new(2, 0.001, 0.01);
/// for word in "b a c a b a".split(' ') {
///     top.insert(word)?;
/// }
/// assert_eq!(top.top(), [("a".to_string(), 3), ("b".to_string(), 2)]);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone)]
pub struct TopK<K> {
    pub(crate) k: usize,
    pub(crate) cm: CountMin,
    pub(crate) candidates: HashMap<K, Candidate, ahash::RandomState>,
    /// Cache of the worst candidate; `None` when it must be recomputed.
    /// Derived from `candidates`, never compared or encoded.
    pub(crate) worst: Option<(K, Candidate)>,
}

impl<K: TopKItem> TopK<K> {
    /// An empty sketch keeping `k` candidates over the smallest standard
    /// Count-Min with error at most `epsilon` times the total count, with
    /// probability `1 - delta` (see [`TopKParams::new`]), default seed.
    ///
    /// # Panics
    ///
    /// If a parameter is invalid; [`try_new`](Self::try_new) returns an
    /// error instead.
    pub fn new(k: usize, epsilon: f64, delta: f64) -> TopK<K> {
        match TopK::try_new(k, epsilon, delta) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        }
    }

    /// As [`new`](Self::new), returning an error instead of panicking.
    ///
    /// # Errors
    ///
    /// As [`TopKParams::new`].
    pub fn try_new(k: usize, epsilon: f64, delta: f64) -> Result<TopK<K>> {
        Ok(TopK::with_params(TopKParams::new(k, epsilon, delta)?))
    }

    /// An empty sketch with `params`.
    pub fn with_params(params: TopKParams) -> TopK<K> {
        TopK {
            k: params.k,
            cm: CountMin::with_params(params.count_min),
            candidates: HashMap::with_hasher(ahash::RandomState::new()),
            worst: None,
        }
    }

    /// The parameters.
    pub fn params(&self) -> TopKParams {
        TopKParams {
            k: self.k,
            count_min: self.cm.params(),
        }
    }

    /// How many candidates are kept at most.
    pub fn k(&self) -> usize {
        self.k
    }

    /// How many candidates there are (`min(k, distinct items inserted)`).
    pub fn candidate_count(&self) -> usize {
        self.candidates.len()
    }

    /// The Count-Min of every item inserted.
    pub fn count_min(&self) -> &CountMin {
        &self.cm
    }

    /// The total weight inserted (merged in): the Count-Min's
    /// [`count`](CountMin::count).
    pub fn count(&self) -> i64 {
        self.cm.count()
    }

    /// True if nothing was inserted or merged in.
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.cm.is_empty()
    }

    /// True if `item` is a candidate.
    pub fn contains<Q>(&self, item: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.candidates.contains_key(item)
    }

    /// The Count-Min estimate of `item` (candidate or not).
    pub fn estimate<Q: StableHash + ?Sized>(&self, item: &Q) -> i64 {
        self.cm.estimate(item)
    }

    /// The Count-Min's bounds on the true count of `item`
    /// ([`CountMin::bounds`]).
    pub fn bounds<Q: StableHash + ?Sized>(&self, item: &Q) -> Bounds<i64> {
        self.cm.bounds(item)
    }

    /// Adds one occurrence of `item`.
    ///
    /// # Errors
    ///
    /// As [`insert_weighted`](Self::insert_weighted).
    ///
    /// # Complexity
    ///
    /// One hash, the Count-Min insert and estimate, one hash-map lookup;
    /// O(k) when the candidate set changes and the new worst candidate must
    /// be found.
    pub fn insert<Q>(&mut self, item: &Q) -> Result<()>
    where
        K: Borrow<Q>,
        Q: StableHash + Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        self.insert_weighted(item, 1)
    }

    /// Adds `weight` occurrences of `item` (a weight of zero changes
    /// nothing), then makes it a candidate if there is room or if its
    /// estimate outranks the worst candidate's recorded count.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter), the sketch
    /// unchanged, for a negative weight or one that the Count-Min refuses
    /// (see Overflow in the module docs).
    pub fn insert_weighted<Q>(&mut self, item: &Q, weight: i64) -> Result<()>
    where
        K: Borrow<Q>,
        Q: StableHash + Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if weight < 0 {
            return Err(Error::invalid_parameter(
                "weight",
                weight,
                "a non-negative weight (TopK cannot remove)",
            ));
        }
        if weight == 0 {
            return Ok(());
        }
        let hash = self.cm.hash(item);
        let count = self.cm.add_hash(hash, weight)?;
        // Every candidate's estimate is at least its recorded count, which
        // is at least the worst's: an item estimated below the worst is no
        // candidate, and no candidate set changes (no map lookup needed).
        if self.candidates.len() == self.k {
            if let Some((_, wc)) = &self.worst {
                if count < wc.count {
                    return Ok(());
                }
            }
        }
        if let Some(c) = self.candidates.get_mut(item) {
            c.count = count;
            if self.worst.as_ref().is_some_and(|(w, _)| w.borrow() == item) {
                self.worst = None;
            }
            return Ok(());
        }
        let new = Candidate { count, hash };
        if self.candidates.len() < self.k {
            let key = item.to_owned();
            match &self.worst {
                Some((w, wc)) if rank((&key, count, hash), (w, wc.count, wc.hash)).is_gt() => {
                    self.worst = Some((key.clone(), new));
                }
                None if self.candidates.is_empty() => self.worst = Some((key.clone(), new)),
                _ => {}
            }
            self.candidates.insert(key, new);
            return Ok(());
        }
        let wc = self.worst_candidate();
        if count < wc.count || (count == wc.count && hash > wc.hash) {
            return Ok(());
        }
        let key = item.to_owned();
        let Some((worst, wc)) = self.worst.take() else {
            unreachable!("worst_candidate fills the cache")
        };
        if rank((&key, count, hash), (&worst, wc.count, wc.hash)) != Ordering::Less {
            self.worst = Some((worst, wc));
            return Ok(());
        }
        self.candidates.remove::<K>(&worst);
        self.candidates.insert(key, new);
        Ok(())
    }

    /// The worst candidate's record, computing and caching it if needed.
    /// Only called with at least one candidate.
    fn worst_candidate(&mut self) -> Candidate {
        if let Some((_, c)) = &self.worst {
            return *c;
        }
        let (key, c) = self
            .candidates
            .iter()
            .max_by(|a, b| rank((a.0, a.1.count, a.1.hash), (b.0, b.1.count, b.1.hash)))
            .map(|(k, c)| (k.clone(), *c))
            .expect("a full candidate set is not empty");
        self.worst = Some((key, c));
        c
    }

    /// The candidates with their current Count-Min estimates, heaviest
    /// first (ties: smaller item hash first, then smaller item encoding).
    pub fn top(&self) -> Vec<(K, i64)> {
        let mut out: Vec<(K, i64, u64)> = self
            .candidates
            .iter()
            .map(|(k, c)| (k.clone(), self.cm.estimate_hash(c.hash), c.hash))
            .collect();
        out.sort_by(|a, b| rank((&a.0, a.1, a.2), (&b.0, b.1, b.2)));
        out.into_iter().map(|(k, n, _)| (k, n)).collect()
    }

    /// The candidates with their recorded counts (the estimate at their
    /// last insert or at the last merge), in rank order: what the
    /// encoding stores.
    pub fn recorded(&self) -> Vec<(K, i64)> {
        self.ranked()
            .into_iter()
            .map(|(k, c)| (k.clone(), c.count))
            .collect()
    }

    /// Candidates sorted by rank of their recorded counts.
    pub(crate) fn ranked(&self) -> Vec<(&K, Candidate)> {
        let mut out: Vec<(&K, Candidate)> = self.candidates.iter().map(|(k, c)| (k, *c)).collect();
        out.sort_by(|a, b| rank((a.0, a.1.count, a.1.hash), (b.0, b.1.count, b.1.hash)));
        out
    }
}

/// Refuses what [`TopK::insert`] refuses. There is no `Extend`: use
/// [`Insert::try_extend`].
impl<K, Q> Insert<&Q> for TopK<K>
where
    K: TopKItem + Borrow<Q>,
    Q: StableHash + Hash + Eq + ToOwned<Owned = K> + ?Sized,
{
    fn insert(&mut self, item: &Q) -> Result<()> {
        TopK::insert(self, item)
    }
}

impl<K: TopKItem> PartialEq for TopK<K> {
    /// Equal `k`, Count-Min and candidates with recorded counts (the
    /// worst-candidate cache is not compared).
    fn eq(&self, other: &Self) -> bool {
        self.k == other.k && self.cm == other.cm && self.candidates == other.candidates
    }
}

impl<K: TopKItem> Eq for TopK<K> {}

impl<K: TopKItem + fmt::Debug> fmt::Debug for TopK<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TopK")
            .field("k", &self.k)
            .field("recorded", &self.recorded())
            .field("count_min", &self.cm)
            .finish()
    }
}
