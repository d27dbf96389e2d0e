//! The [`Kll`] type: construction, insertion and queries.

use std::fmt;
use std::sync::OnceLock;

use super::capacity::{normalized_rank_error, Capacities};
use super::item::KllItem;
use super::params::KllParams;
use super::view::{merge_upper, SortedView, Upper};
use crate::error::{Error, Result};
use crate::family::Insert;

/// The default `k`: about 1.33% single-sided normalized rank error at 99%
/// confidence, as in DataSketches.
pub const DEFAULT_K: u16 = 200;

/// The seed a sketch's compaction coins start from unless one is given.
pub const DEFAULT_SEED: u64 = 0x5EED_0FC0_1A5C_E5A1;

/// A KLL quantile sketch of `f32` or `f64` items (Karnin, Lang and Liberty,
/// 2016), in Apache DataSketches' layout; see the [module docs](super).
///
/// # Example
///
/// ```
/// use sketchfold::quantiles::Kll;
///
/// let mut sketch = Kll::<f64>::new(200);
/// for i in 0..100_000 {
///     sketch.insert(i as f64)?;
/// }
/// let median = sketch.quantile(0.5)?.unwrap();
/// assert!((median - 50_000.0).abs() <= 0.0133 * 100_000.0);
/// assert_eq!(sketch.min(), Some(0.0));
/// assert_eq!(sketch.count(), 100_000);
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct Kll<T: KllItem = f64> {
    pub(crate) k: u16,
    pub(crate) min_k: u16,
    pub(crate) n: u64,
    /// Level boundaries into `items`: level `h` is `items[levels[h]..levels[h + 1]]`.
    pub(crate) levels: Vec<u32>,
    /// Free space, then level 0, level 1, ... (see `compactor.rs`).
    pub(crate) items: Vec<T>,
    /// Meaningful only when `n > 0`.
    pub(crate) min: T,
    pub(crate) max: T,
    pub(crate) level_zero_sorted: bool,
    /// The seed the coins started from (a parameter: see [`Kll::seed`]).
    pub(crate) seed: u64,
    /// The coins' current state.
    pub(crate) rng: u64,
    /// The level capacities of `k` (derived; not part of the value).
    pub(crate) caps: Capacities,
    view: OnceLock<SortedView<T>>,
    /// The levels above 0 merged, for the next view (see `view.rs`).
    upper: OnceLock<Upper<T>>,
}

impl<T: KllItem> Kll<T> {
    /// An empty sketch with parameter `k` and the default seed.
    ///
    /// # Panics
    ///
    /// If `k < 8`; [`try_new`](Kll::try_new) returns an error instead.
    pub fn new(k: u16) -> Kll<T> {
        match Kll::try_new(k) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// An empty sketch with parameter `k` (8 to 65535; DataSketches'
    /// default is [`DEFAULT_K`] = 200) and the default seed.
    ///
    /// # Errors
    ///
    /// As [`KllParams::new`].
    pub fn try_new(k: u16) -> Result<Kll<T>> {
        Ok(Kll::with_params(KllParams::new(k)?))
    }

    /// An empty sketch with `params`: its `k` and the seed its compaction
    /// coins start from. The sketch is a deterministic function of its
    /// inputs and seed; give partitions that will be merged different
    /// seeds ([`KllParams::with_seed`]), so that their compaction errors
    /// are independent.
    pub fn with_params(params: KllParams) -> Kll<T> {
        Kll::from_parts(
            params.k(),
            params.k(),
            0,
            vec![0, 0],
            Vec::new(),
            T::default(),
            T::default(),
            false,
            params.seed(),
            params.seed(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        k: u16,
        min_k: u16,
        n: u64,
        levels: Vec<u32>,
        items: Vec<T>,
        min: T,
        max: T,
        level_zero_sorted: bool,
        seed: u64,
        rng: u64,
    ) -> Kll<T> {
        let caps = Capacities::new(k, levels.len());
        Kll {
            k,
            min_k,
            n,
            caps,
            levels,
            items,
            min,
            max,
            level_zero_sorted,
            seed,
            rng,
            view: OnceLock::new(),
            upper: OnceLock::new(),
        }
    }

    /// The parameter `k` this sketch compacts with.
    pub fn k(&self) -> u16 {
        self.k
    }

    /// The smallest `k` of the sketches merged into this one in estimation
    /// mode (DataSketches' `min_k`): the accuracy is that of this `k`.
    pub fn min_k(&self) -> u16 {
        self.min_k
    }

    /// The seed the compaction coins started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The parameters: `k` and the seed (what [`Kll::with_params`] took).
    pub fn params(&self) -> KllParams {
        KllParams {
            k: self.k,
            seed: self.seed,
        }
    }

    /// The number of items inserted (merged sketches included),
    /// DataSketches' `n`.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// True if nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The number of items the sketch keeps.
    pub fn retained(&self) -> usize {
        (self.levels[self.num_levels()] - self.levels[0]) as usize
    }

    /// True once a compaction has happened: answers are then approximate.
    pub fn is_estimation_mode(&self) -> bool {
        self.num_levels() > 1
    }

    /// The smallest item inserted, `None` if empty.
    pub fn min(&self) -> Option<T> {
        (self.n > 0).then_some(self.min)
    }

    /// The largest item inserted, `None` if empty.
    pub fn max(&self) -> Option<T> {
        (self.n > 0).then_some(self.max)
    }

    /// Inserts `x`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `x` is NaN (NaN has no rank; DataSketches drops it silently, this
    /// sketch says so) or if the count would pass `u64::MAX`. The sketch is
    /// then unchanged.
    ///
    /// # Complexity
    ///
    /// Amortized O(1) plus a share of the sorts of level 0 (O(log k)).
    #[inline]
    pub fn insert(&mut self, x: T) -> Result<()> {
        if x.is_nan() {
            return Err(Error::invalid_parameter(
                "item",
                "NaN",
                "a number (NaN has no rank)",
            ));
        }
        if self.n == u64::MAX {
            return Err(Error::invalid_parameter(
                "n",
                self.n,
                "fewer than 2^64 - 1 items",
            ));
        }
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            if x < self.min {
                self.min = x;
            }
            if self.max < x {
                self.max = x;
            }
        }
        self.push(x);
        Ok(())
    }

    /// Inserts every item of `xs`, or none of them.
    ///
    /// # Errors
    ///
    /// As [`Kll::insert`], if any item is NaN; the sketch is then unchanged.
    pub fn insert_batch(&mut self, xs: &[T]) -> Result<()> {
        if let Some(i) = xs.iter().position(|x| x.is_nan()) {
            return Err(Error::invalid_parameter(
                "item",
                format!("NaN at index {i}"),
                "numbers only (NaN has no rank)",
            ));
        }
        if self.n.checked_add(xs.len() as u64).is_none() {
            return Err(Error::invalid_parameter(
                "n",
                self.n,
                "fewer than 2^64 - 1 items",
            ));
        }
        for &x in xs {
            self.insert(x)?;
        }
        Ok(())
    }

    /// Appends `x` to level 0 (no NaN or min/max handling).
    #[inline]
    pub(crate) fn push(&mut self, x: T) {
        if self.levels[0] == 0 {
            self.make_room();
        }
        self.levels[0] -= 1;
        self.items[self.levels[0] as usize] = x;
        self.n += 1;
        self.level_zero_sorted = false;
        self.invalidate_view();
    }

    /// Drops the cached view after level 0 changed.
    #[inline]
    pub(crate) fn invalidate_view(&mut self) {
        if self.view.get().is_some() {
            self.view = OnceLock::new();
        }
    }

    /// Drops both cached tiers after a level above 0 changed.
    pub(crate) fn invalidate_upper(&mut self) {
        self.invalidate_view();
        if self.upper.get().is_some() {
            self.upper = OnceLock::new();
        }
    }

    pub(crate) fn num_levels(&self) -> usize {
        self.levels.len() - 1
    }

    pub(crate) fn level(&self, h: usize) -> &[T] {
        &self.items[self.levels[h] as usize..self.levels[h + 1] as usize]
    }

    pub(crate) fn level_len(&self, h: usize) -> usize {
        (self.levels[h + 1] - self.levels[h]) as usize
    }

    /// The capacity DataSketches gives this sketch's levels.
    pub(crate) fn capacity(&self) -> usize {
        self.caps.total(self.num_levels()) as usize
    }

    fn view(&self) -> Option<&SortedView<T>> {
        if self.n == 0 {
            return None;
        }
        Some(self.view.get_or_init(|| {
            let upper = self.upper.get_or_init(|| {
                let levels: Vec<&[T]> = (0..self.num_levels()).map(|h| self.level(h)).collect();
                merge_upper(&levels)
            });
            SortedView::build(
                upper,
                self.level(0),
                self.level_zero_sorted,
                self.min,
                self.max,
            )
        }))
    }

    /// The normalized rank of `x`: the estimated fraction of items `<= x`.
    /// `Ok(None)` if the sketch is empty.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `x` is NaN (NaN has no rank).
    ///
    /// # Complexity
    ///
    /// O(log retained) once the sorted view is built. The first query
    /// after an insert builds it from level 0 and the cached upper levels
    /// (a sort of level 0 and one merge pass, O(retained)); after a
    /// compaction or a merge, from every level (O(retained · levels)).
    pub fn rank(&self, x: T) -> Result<Option<f64>> {
        check_value(x)?;
        Ok(self.view().map(|v| v.rank(x, true)))
    }

    /// The estimated fraction of items `< x`. `Ok(None)` if empty.
    ///
    /// # Errors
    ///
    /// As [`Kll::rank`].
    pub fn rank_exclusive(&self, x: T) -> Result<Option<f64>> {
        check_value(x)?;
        Ok(self.view().map(|v| v.rank(x, false)))
    }

    /// The item at normalized rank `rank` (inclusive search, DataSketches'
    /// default): the smallest item whose cumulative weight reaches
    /// `ceil(rank · n)`. `Ok(None)` if the sketch is empty.
    ///
    /// Answers are DataSketches Java's (6.x, Spark's `kll_sketch_get_*`),
    /// item for item: queries see the retained items plus the sketch's
    /// exact minimum and maximum, so **rank 0 is the exact minimum and rank
    /// 1 the exact maximum** (inclusive and exclusive search), even when
    /// compaction dropped them; `rank · n` is rounded to 7 decimals first
    /// while `n <= 10^7`. DataSketches C++ 5.2 answers from the retained
    /// items only (its rank 0 is the smallest retained item);
    /// tests/kll_datasketches.rs records where the two differ.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::quantiles::Kll;
    ///
    /// let mut sketch = Kll::<f64>::new(200);
    /// for i in 0..100_000 {
    ///     sketch.insert(f64::from((i * 7_919) % 100_000))?;
    /// }
    /// assert_eq!(sketch.quantile(0.0)?, Some(0.0));
    /// assert_eq!(sketch.quantile(1.0)?, Some(99_999.0));
    /// assert_eq!(sketch.quantile_exclusive(1.0)?, Some(99_999.0));
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `rank` is not in `[0, 1]`.
    ///
    /// # Complexity
    ///
    /// O(log retained) once the sorted view is built (see [`Kll::rank`]).
    pub fn quantile(&self, rank: f64) -> Result<Option<T>> {
        check_rank(rank)?;
        Ok(self.view().map(|v| v.quantile(rank, true)))
    }

    /// The item at normalized rank `rank`, exclusive search: the smallest
    /// item whose cumulative weight exceeds `floor(rank · n)` (the maximum
    /// if none does). The exact minimum at rank 0 and maximum at rank 1, as
    /// [`Kll::quantile`].
    ///
    /// # Errors
    ///
    /// As [`Kll::quantile`].
    pub fn quantile_exclusive(&self, rank: f64) -> Result<Option<T>> {
        check_rank(rank)?;
        Ok(self.view().map(|v| v.quantile(rank, false)))
    }

    /// The items at several normalized ranks (inclusive search).
    ///
    /// # Errors
    ///
    /// As [`Kll::quantile`], for the first bad rank.
    pub fn quantiles(&self, ranks: &[f64]) -> Result<Option<Vec<T>>> {
        for &r in ranks {
            check_rank(r)?;
        }
        Ok(self
            .view()
            .map(|v| ranks.iter().map(|&r| v.quantile(r, true)).collect()))
    }

    /// The cumulative distribution at strictly increasing `split_points`:
    /// the rank (inclusive) of each, then `1.0`; `splits.len() + 1` values.
    /// `Ok(None)` if the sketch is empty.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if a split point is NaN or they do not strictly increase.
    pub fn cdf(&self, split_points: &[T]) -> Result<Option<Vec<f64>>> {
        check_splits(split_points)?;
        Ok(self.view().map(|v| {
            let mut out: Vec<f64> = split_points.iter().map(|&x| v.rank(x, true)).collect();
            out.push(1.0);
            out
        }))
    }

    /// The probability mass between consecutive `split_points`: the
    /// estimated fractions of items in `(-inf, s0]`, `(s0, s1]`, ...,
    /// `(s_last, +inf)`; `splits.len() + 1` values summing to 1.
    ///
    /// # Errors
    ///
    /// As [`Kll::cdf`].
    pub fn pmf(&self, split_points: &[T]) -> Result<Option<Vec<f64>>> {
        Ok(self.cdf(split_points)?.map(|mut c| {
            for i in (1..c.len()).rev() {
                c[i] -= c[i - 1];
            }
            c
        }))
    }

    /// DataSketches' normalized rank error for this sketch's [`min_k`]
    /// (an a-priori bound at 99% confidence): single-sided for ranks and
    /// quantiles, double-sided (`pmf = true`) for PMF and CDF differences.
    /// 1.33% and 1.65% at k = 200.
    ///
    /// [`min_k`]: Kll::min_k
    pub fn normalized_rank_error(&self, pmf: bool) -> f64 {
        normalized_rank_error(self.min_k, pmf)
    }

    /// The rank error bound of the current state: 0 while nothing has
    /// been compacted (answers are exact), else
    /// [`normalized_rank_error`](Kll::normalized_rank_error).
    pub fn rank_error_bound(&self, pmf: bool) -> f64 {
        if self.is_estimation_mode() {
            self.normalized_rank_error(pmf)
        } else {
            0.0
        }
    }

    /// The retained items with their weights (`2^level`), level 0 first.
    pub fn weighted_items(&self) -> impl Iterator<Item = (T, u64)> + '_ {
        (0..self.num_levels()).flat_map(move |h| self.level(h).iter().map(move |&x| (x, 1u64 << h)))
    }
}

fn check_value<T: KllItem>(x: T) -> Result<()> {
    if x.is_nan() {
        Err(Error::invalid_parameter(
            "value",
            "NaN",
            "a number (NaN has no rank)",
        ))
    } else {
        Ok(())
    }
}

fn check_rank(rank: f64) -> Result<()> {
    if (0.0..=1.0).contains(&rank) {
        Ok(())
    } else {
        Err(Error::invalid_parameter(
            "rank",
            rank,
            "a normalized rank in [0, 1]",
        ))
    }
}

fn check_splits<T: KllItem>(splits: &[T]) -> Result<()> {
    for (i, &s) in splits.iter().enumerate() {
        if s.is_nan() {
            return Err(Error::invalid_parameter(
                "split point",
                format!("NaN at index {i}"),
                "numbers",
            ));
        }
        if i > 0 && splits[i - 1] >= s {
            return Err(Error::invalid_parameter(
                "split points",
                format!("{:?} then {:?} at index {i}", splits[i - 1], s),
                "strictly increasing values",
            ));
        }
    }
    Ok(())
}

/// Refuses what [`Kll::insert`] refuses (NaN). There is no `Extend`: use
/// [`Insert::try_extend`].
impl<T: KllItem> Insert<T> for Kll<T> {
    #[inline]
    fn insert(&mut self, x: T) -> Result<()> {
        Kll::insert(self, x)
    }
}

/// As `Insert<T>`, for items by reference.
impl<T: KllItem> Insert<&T> for Kll<T> {
    #[inline]
    fn insert(&mut self, x: &T) -> Result<()> {
        Kll::insert(self, *x)
    }
}

impl<T: KllItem> Clone for Kll<T> {
    fn clone(&self) -> Self {
        Kll {
            k: self.k,
            min_k: self.min_k,
            n: self.n,
            levels: self.levels.clone(),
            items: self.items.clone(),
            min: self.min,
            max: self.max,
            level_zero_sorted: self.level_zero_sorted,
            seed: self.seed,
            rng: self.rng,
            caps: self.caps.clone(),
            view: self.view.clone(),
            upper: self.upper.clone(),
        }
    }
}

/// Equal when the parameters, the count, min and max, every level's items
/// (in stored order) and the coin state are equal; the cached sorted view
/// and the free space do not count.
impl<T: KllItem> PartialEq for Kll<T> {
    fn eq(&self, other: &Self) -> bool {
        self.k == other.k
            && self.min_k == other.min_k
            && self.n == other.n
            && self.min() == other.min()
            && self.max() == other.max()
            && self.level_zero_sorted == other.level_zero_sorted
            && self.seed == other.seed
            && self.rng == other.rng
            && self.num_levels() == other.num_levels()
            && (0..self.num_levels()).all(|h| self.level(h) == other.level(h))
    }
}

impl<T: KllItem> fmt::Debug for Kll<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kll")
            .field("item", &T::NAME)
            .field("k", &self.k)
            .field("min_k", &self.min_k)
            .field("n", &self.n)
            .field("min", &self.min())
            .field("max", &self.max())
            .field("retained", &self.retained())
            .field(
                "levels",
                &(0..self.num_levels())
                    .map(|h| self.level(h))
                    .collect::<Vec<_>>(),
            )
            .field("seed", &self.seed)
            .finish()
    }
}
