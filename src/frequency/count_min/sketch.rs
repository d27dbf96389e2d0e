use std::fmt;
use std::marker::PhantomData;

use super::params::{CountMinParams, MAX_DEPTH};
use super::rule::{Conservative, Standard, UpdateRule};
use crate::error::{Error, Result};
use crate::family::{Bounds, Insert};
use crate::hash::splitmix::{splitmix64, GAMMA};
use crate::hash::StableHash;

/// No counter, no row's absolute mass and no total ever passes this
/// (`i64::MAX`): an insert or merge that could is refused.
pub(crate) const LIMIT: u64 = i64::MAX as u64;

/// One odd 64-bit multiplier per row (splitmix64 of the row number):
/// row `r` of an item with hash `h` is column `(h * M[r]) >> (64 - log2 width)`.
pub(crate) const MULTIPLIERS: [u64; MAX_DEPTH as usize] = multipliers();

const fn multipliers() -> [u64; MAX_DEPTH as usize] {
    let mut out = [0u64; MAX_DEPTH as usize];
    let mut state = 0x636f_756e_745f_6d69u64; // "count_mi"
    let mut r = 0;
    while r < out.len() {
        out[r] = splitmix64(state) | 1;
        state = state.wrapping_add(GAMMA);
        r += 1;
    }
    out
}

/// A Count-Min sketch: `depth` rows of `width` signed 64-bit counters, an
/// estimate of every item's total weight that never falls below it (for
/// non-negative weights) and exceeds it by at most `epsilon` times the total
/// weight with probability `1 - delta`.
///
/// `CountMin` (that is `CountMin<Standard>`) is an exact commutative group;
/// [`ConservativeCountMin`](super::ConservativeCountMin) trades that for
/// smaller errors. See the [module docs](crate::frequency) for accuracy,
/// memory, algebra, overflow and encoding.
///
/// # Examples
///
/// ```
/// use sketchfold::frequency::CountMin;
///
/// let mut cm = CountMin::new(0.001, 0.01); // error 0.1% of the total, 99% of the time
/// for word in "a rose is a rose is a rose".split(' ') {
///     cm.insert(word)?;
/// }
/// assert_eq!(cm.estimate("rose"), 3);
/// assert!(cm.estimate("tulip") <= cm.error_bound() as i64);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CountMin<U: UpdateRule = Standard> {
    pub(crate) params: CountMinParams,
    /// The sum of every weight inserted (merged, subtracted).
    pub(crate) total: i64,
    /// Row-major: row `r` is `counters[r * width..(r + 1) * width]`.
    pub(crate) counters: Box<[i64]>,
    /// Per row, the sum of the absolute values of its counters: a bound on
    /// every counter of the row, kept so that overflow is checked in
    /// O(depth).
    pub(crate) row_mass: Box<[u64]>,
    pub(crate) rule: PhantomData<U>,
}

impl CountMin<Standard> {
    /// The smallest empty standard-update sketch whose estimates exceed an
    /// item's true count by at most `epsilon` times the total count, with
    /// probability at least `1 - delta` per item (see
    /// [`CountMinParams::new`]), with the default seed.
    ///
    /// # Panics
    ///
    /// If the parameters are invalid (see [`CountMinParams::new`]);
    /// [`try_new`](Self::try_new) returns an error instead.
    pub fn new(epsilon: f64, delta: f64) -> CountMin {
        match CountMin::try_new(epsilon, delta) {
            Ok(cm) => cm,
            Err(e) => panic!("{e}"),
        }
    }

    /// As [`new`](Self::new), returning an error instead of panicking.
    ///
    /// # Errors
    ///
    /// As [`CountMinParams::new`].
    pub fn try_new(epsilon: f64, delta: f64) -> Result<CountMin> {
        Ok(CountMin::with_params(CountMinParams::new(epsilon, delta)?))
    }

    /// An empty standard-update sketch with `params` (built from an error
    /// bound, or from a width and depth with [`CountMinParams::with_size`]).
    pub fn with_params(params: CountMinParams) -> CountMin {
        CountMin::from_params(params)
    }
}

/// Conservative constructors have their own names, so that
/// `CountMin::new(..)` needs no type annotation.
impl CountMin<Conservative> {
    /// The smallest empty conservative-update sketch for `epsilon` and
    /// `delta` (see [`CountMinParams::new`]), default seed.
    ///
    /// # Panics
    ///
    /// If the parameters are invalid;
    /// [`try_conservative`](Self::try_conservative) returns an error
    /// instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::frequency::CountMin;
    ///
    /// let mut cu = CountMin::conservative(0.01, 0.01);
    /// cu.insert_weighted("a", 3)?;
    /// assert_eq!(cu.estimate("a"), 3);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn conservative(epsilon: f64, delta: f64) -> CountMin<Conservative> {
        match CountMin::try_conservative(epsilon, delta) {
            Ok(cm) => cm,
            Err(e) => panic!("{e}"),
        }
    }

    /// As [`conservative`](Self::conservative), returning an error instead
    /// of panicking.
    ///
    /// # Errors
    ///
    /// As [`CountMinParams::new`].
    pub fn try_conservative(epsilon: f64, delta: f64) -> Result<CountMin<Conservative>> {
        Ok(CountMin::conservative_with_params(CountMinParams::new(
            epsilon, delta,
        )?))
    }

    /// An empty conservative-update sketch with `params`.
    pub fn conservative_with_params(params: CountMinParams) -> CountMin<Conservative> {
        CountMin::from_params(params)
    }
}

impl<U: UpdateRule> CountMin<U> {
    /// An empty sketch with `params`, of either rule.
    pub(crate) fn from_params(params: CountMinParams) -> CountMin<U> {
        CountMin {
            params,
            total: 0,
            counters: vec![0; params.width() * params.depth()].into_boxed_slice(),
            row_mass: vec![0; params.depth()].into_boxed_slice(),
            rule: PhantomData,
        }
    }

    /// The sketch's parameters.
    pub fn params(&self) -> CountMinParams {
        self.params
    }

    /// Counters in each row.
    pub fn width(&self) -> usize {
        self.params.width()
    }

    /// Number of rows.
    pub fn depth(&self) -> usize {
        self.params.depth()
    }

    /// The seed items are hashed with.
    pub fn seed(&self) -> u64 {
        self.params.seed
    }

    /// The sum of all weights inserted (merged in, subtracted): the total
    /// count `N` the error bound is relative to.
    pub fn count(&self) -> i64 {
        self.total
    }

    /// True if nothing was inserted or merged in (or everything was
    /// subtracted again): every counter is 0.
    pub fn is_empty(&self) -> bool {
        self.total == 0 && self.row_mass.iter().all(|&m| m == 0)
    }

    /// The counters, row after row (`depth * width` of them).
    pub fn counters(&self) -> &[i64] {
        &self.counters
    }

    /// `epsilon * total`: with probability at least `1 - delta` an item's
    /// estimate exceeds its true count by at most this much (for
    /// non-negative true counts; see the module docs).
    pub fn error_bound(&self) -> f64 {
        self.params.epsilon() * self.total as f64
    }

    /// The item's 64-bit hash, the one [`insert_hash`](Self::insert_hash)
    /// takes: `item.stable_hash(seed)`.
    #[inline]
    pub fn hash<T: StableHash + ?Sized>(&self, item: &T) -> u64 {
        item.stable_hash(self.params.seed)
    }

    /// Adds one occurrence of `item`.
    ///
    /// # Errors
    ///
    /// As [`insert_hash_weighted`](Self::insert_hash_weighted); with weight
    /// one that takes a sketch already holding `i64::MAX` in some row.
    ///
    /// # Complexity
    ///
    /// One hash, then one counter per row.
    #[inline]
    pub fn insert<T: StableHash + ?Sized>(&mut self, item: &T) -> Result<()> {
        self.insert_hash_weighted(self.hash(item), 1)
    }

    /// Adds `weight` occurrences of `item` (negative weights remove them,
    /// for standard-update sketches).
    ///
    /// # Errors
    ///
    /// As [`insert_hash_weighted`](Self::insert_hash_weighted).
    #[inline]
    pub fn insert_weighted<T: StableHash + ?Sized>(&mut self, item: &T, weight: i64) -> Result<()> {
        self.insert_hash_weighted(self.hash(item), weight)
    }

    /// Adds one occurrence of the item with hash `hash` (from
    /// [`hash`](Self::hash), or any well-mixed 64-bit hash used
    /// consistently).
    ///
    /// # Errors
    ///
    /// As [`insert_hash_weighted`](Self::insert_hash_weighted).
    #[inline]
    pub fn insert_hash(&mut self, hash: u64) -> Result<()> {
        self.insert_hash_weighted(hash, 1)
    }

    /// Adds `weight` to the item with hash `hash`. The other `insert`
    /// methods come here.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter), with the
    /// sketch unchanged, if the insert could take a counter, a row's
    /// absolute mass or the total past `i64::MAX` (see Overflow in the
    /// module docs), or for a negative weight into a conservative-update
    /// sketch.
    #[inline]
    pub fn insert_hash_weighted(&mut self, hash: u64, weight: i64) -> Result<()> {
        self.add_hash(hash, weight).map(|_| ())
    }

    /// [`insert_hash_weighted`](Self::insert_hash_weighted), returning the
    /// item's new estimate (the smallest of its counters after the insert).
    #[inline]
    pub(crate) fn add_hash(&mut self, hash: u64, weight: i64) -> Result<i64> {
        self.check_weight(hash, weight)?;
        Ok(if U::CONSERVATIVE {
            self.add_conservative(hash, weight)
        } else {
            self.add_standard(hash, weight)
        })
    }

    /// Checks that inserting `weight` at `hash` keeps the total and every
    /// row's absolute mass within `i64::MAX`: O(depth) when nothing is near
    /// the limit, an exact look at the item's counters otherwise.
    #[inline]
    fn check_weight(&self, hash: u64, weight: i64) -> Result<()> {
        let total_ok = self
            .total
            .checked_add(weight)
            .is_some_and(|t| t != i64::MIN);
        if total_ok && !(U::CONSERVATIVE && weight < 0) {
            if let Some(room) = LIMIT.checked_sub(weight.unsigned_abs()) {
                if self.row_mass.iter().all(|&m| m <= room) {
                    return Ok(());
                }
            }
            if self.fits_exactly(hash, weight) {
                return Ok(());
            }
        }
        Err(self.weight_error(weight))
    }

    /// Near the limit: would the insert keep every row's mass within it?
    #[cold]
    fn fits_exactly(&self, hash: u64, weight: i64) -> bool {
        let at = self.columns(hash);
        let at = &at[..self.params.depth()];
        let mass_after = |row: usize, old: i64, new: i64| {
            i128::from(self.row_mass[row]) - i128::from(old.unsigned_abs())
                + i128::from(new.unsigned_abs())
        };
        if U::CONSERVATIVE {
            let min = at.iter().map(|&i| self.counters[i]).min().unwrap_or(0);
            let Some(target) = min.checked_add(weight) else {
                return false;
            };
            at.iter().enumerate().all(|(row, &i)| {
                let old = self.counters[i];
                mass_after(row, old, old.max(target)) <= i128::from(LIMIT)
            })
        } else {
            at.iter().enumerate().all(|(row, &i)| {
                let old = self.counters[i];
                match old.checked_add(weight) {
                    Some(new) if new != i64::MIN => mass_after(row, old, new) <= i128::from(LIMIT),
                    _ => false,
                }
            })
        }
    }

    /// The item's counter index in each row (the first `depth` entries).
    #[inline]
    fn columns(&self, hash: u64) -> [usize; MAX_DEPTH as usize] {
        let shift = 64 - u32::from(self.params.log2_width);
        let width = self.params.width();
        let mut at = [0usize; MAX_DEPTH as usize];
        for (r, (slot, m)) in at
            .iter_mut()
            .zip(MULTIPLIERS.iter())
            .take(self.params.depth())
            .enumerate()
        {
            *slot = r * width + (hash.wrapping_mul(*m) >> shift) as usize;
        }
        at
    }

    #[cold]
    fn weight_error(&self, weight: i64) -> Error {
        if U::CONSERVATIVE && weight < 0 {
            return Error::invalid_parameter(
                "weight",
                weight,
                "a non-negative weight (a conservative-update sketch cannot remove)",
            );
        }
        let mass = self.row_mass.iter().max().copied().unwrap_or(0);
        Error::invalid_parameter(
            "weight",
            weight,
            format!(
                "a weight that keeps the total ({}) and every row's absolute mass \
                 (at most {mass}) within i64::MAX; split the stream over several sketches",
                self.total
            ),
        )
    }

    /// Standard update; the caller checked that nothing can pass `LIMIT`.
    #[inline]
    fn add_standard(&mut self, hash: u64, weight: i64) -> i64 {
        let shift = 64 - u32::from(self.params.log2_width);
        let width = self.params.width();
        let mut min = i64::MAX;
        for ((row, mass), m) in self
            .counters
            .chunks_exact_mut(width)
            .zip(self.row_mass.iter_mut())
            .zip(MULTIPLIERS.iter())
        {
            let c = &mut row[(hash.wrapping_mul(*m) >> shift) as usize];
            let old = *c;
            let new = old + weight;
            *c = new;
            *mass = *mass - old.unsigned_abs() + new.unsigned_abs();
            min = min.min(new);
        }
        self.total += weight;
        min
    }

    /// Conservative update: raise each row's counter to at least
    /// `min + weight`. Counters stay non-negative and at most `total`.
    #[inline]
    fn add_conservative(&mut self, hash: u64, weight: i64) -> i64 {
        let target = self.estimate_hash(hash) + weight;
        let shift = 64 - u32::from(self.params.log2_width);
        let width = self.params.width();
        for ((row, mass), m) in self
            .counters
            .chunks_exact_mut(width)
            .zip(self.row_mass.iter_mut())
            .zip(MULTIPLIERS.iter())
        {
            let c = &mut row[(hash.wrapping_mul(*m) >> shift) as usize];
            let new = (*c).max(target);
            *mass += (new - *c) as u64;
            *c = new;
        }
        self.total += weight;
        target
    }

    /// The estimated total weight of `item`: the smallest of its counters.
    ///
    /// For non-negative true counts (only non-negative weights, or
    /// subtraction of sketches merged in before) it is never below the true
    /// count, and exceeds it by more than [`error_bound`](Self::error_bound)
    /// with probability at most `delta`.
    #[inline]
    pub fn estimate<T: StableHash + ?Sized>(&self, item: &T) -> i64 {
        self.estimate_hash(self.hash(item))
    }

    /// [`estimate`](Self::estimate) of the item with hash `hash`.
    #[inline]
    pub fn estimate_hash(&self, hash: u64) -> i64 {
        let shift = 64 - u32::from(self.params.log2_width);
        let width = self.params.width();
        let mut min = i64::MAX;
        for (row, m) in self.counters.chunks_exact(width).zip(MULTIPLIERS.iter()) {
            min = min.min(row[(hash.wrapping_mul(*m) >> shift) as usize]);
        }
        min
    }

    /// Bounds on the true count of `item`: `upper` is the
    /// [`estimate`](Self::estimate), always at least the true count;
    /// `lower = max(0, upper - floor(error_bound))` is at most the true
    /// count with probability at least `1 - delta`. For non-negative true
    /// counts.
    pub fn bounds<T: StableHash + ?Sized>(&self, item: &T) -> Bounds<i64> {
        let upper = self.estimate(item);
        let slack = self.error_bound().max(0.0).floor() as i64;
        Bounds {
            lower: upper.saturating_sub(slack).max(0),
            upper,
        }
    }

    /// The estimated inner product `sum_x a(x) * b(x)` of the two streams
    /// (the size of their equi-join on the item): the smallest row-wise dot
    /// product. For non-negative counts it is never below the true value and
    /// exceeds it by more than `epsilon * total(a) * total(b)` with
    /// probability at most `delta`. Exact in `i128` (no overflow possible).
    ///
    /// # Errors
    ///
    /// [`IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge) if the
    /// sketches differ in width, depth or seed.
    pub fn inner_product(&self, other: &CountMin<U>) -> Result<i128> {
        self.check_params(other)?;
        let width = self.params.width();
        let min = self
            .counters
            .chunks_exact(width)
            .zip(other.counters.chunks_exact(width))
            .map(|(a, b)| {
                a.iter()
                    .zip(b)
                    .map(|(&x, &y)| i128::from(x) * i128::from(y))
                    .sum::<i128>()
            })
            .min();
        Ok(min.unwrap_or(0))
    }

    /// Checks that `other` has the same width, depth and seed.
    pub(crate) fn check_params(&self, other: &CountMin<U>) -> Result<()> {
        let (a, b) = (self.params, other.params);
        if a.log2_width != b.log2_width {
            return Err(Error::incompatible("width", a.width(), b.width()));
        }
        if a.depth != b.depth {
            return Err(Error::incompatible("depth", a.depth, b.depth));
        }
        if a.seed != b.seed {
            return Err(Error::incompatible("seed", a.seed, b.seed));
        }
        Ok(())
    }
}

/// Refuses what [`CountMin::insert`] refuses (a count past `i64::MAX`).
/// There is no `Extend`: use [`Insert::try_extend`].
impl<U: UpdateRule, T: StableHash> Insert<T> for CountMin<U> {
    #[inline]
    fn insert(&mut self, item: T) -> Result<()> {
        CountMin::insert(self, &item)
    }
}

impl<U: UpdateRule> fmt::Debug for CountMin<U> {
    /// Parameters, total and row masses; the counters too when there are at
    /// most 64 of them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("CountMin");
        d.field("rule", &U::NAME)
            .field("width", &self.width())
            .field("depth", &self.depth())
            .field("seed", &self.params.seed)
            .field("total", &self.total)
            .field("row_mass", &self.row_mass);
        if self.counters.len() <= 64 {
            d.field("counters", &self.counters);
        }
        d.finish()
    }
}
