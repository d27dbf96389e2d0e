//! The DDSketch type, its documentation, inserts and queries.

use super::mapping::{Class, Mapping};
use super::params::DdSketchParams;
use super::store::{overflow, Store};
use crate::error::{Error, Result};
use crate::family::Insert;

/// A DDSketch: quantiles with a relative-accuracy guarantee, whose merge
/// adds bucket counts (an exact commutative group).
///
/// # Overview
///
/// Every value `x` goes to a bucket by its magnitude: zero (and
/// subnormals, `|x| < f64::MIN_POSITIVE`) to one zero count, a normal
/// magnitude to the bucket `key = ceil(m * L(|x|))` of the positive or the
/// negative store. `L` is the cubically interpolated `log2` of the DDSketch
/// paper (Masson, Rim, Lee, VLDB 2019) and of Datadog's implementations:
/// `L(2^e (1 + s)) = e + (6/35) s^3 - (3/5) s^2 + (10/7) s`, read from the
/// float's bits with no call to `ln`. Its multiplier
/// `m = 7 / (10 ln gamma)`, with `gamma = (1 + a) / (1 - a)` and
/// `a = alpha * (1 - 10^-4)`, is the one that keeps every bucket's ratio
/// `hi / lo` at most `gamma` (the cubic's slope, relative to `log2`'s, is
/// smallest at `s = 0` and `s = 2/3`, where it is `10 ln 2 / 7`;
/// `mapping.rs` has the proof; the margin on `alpha` absorbs rounding). A
/// bucket reports the harmonic mean of its bounds, which is within
/// `alpha` of every value in it.
///
/// Each store keeps its counts dense (a `Vec<i64>` over a window of keys
/// that grows contiguously, never past `max_buckets` entries) while its
/// buckets are close together, and sparse (an ordered map of the nonzero
/// buckets) when they are scattered over a span much wider than their
/// number, so that its memory follows the buckets in use. Inserts, merges
/// and subtractions are checked: NaN and infinities are refused with an
/// error (never stored), and no count ever wraps.
///
/// # Queries
///
/// For `n = count()` values sorted ascending, `quantile(q)` estimates the
/// value of 0-based rank `floor(q * (n - 1))` (the *lower* quantile, no
/// interpolation: `q = 0` is the minimum, `q = 1` the maximum, `0.5` of
/// four values the second). Order: the negative store from its largest
/// magnitude, zeros, then the positive store. [`min`](DdSketch::min) and
/// [`max`](DdSketch::max) are the values of the lowest and highest
/// nonzero buckets, `quantile(0)` and `quantile(1)` when no count is
/// negative: estimates within `alpha`, not exact values (an exact minimum
/// cannot be subtracted again). [`sum`](DdSketch::sum) is `sum(count * value)` over the buckets,
/// within `alpha * sum(|x|)` of the true sum. Queries need every count to
/// be non-negative (a group value may hold negative ones): otherwise they
/// return an error. An empty sketch answers `Ok(None)`.
///
/// # Accuracy
///
/// While nothing has collapsed, every quantile estimate `v` of a true
/// rank-`r` value `x` satisfies `|v - x| <= alpha * |x|`, exactly, for any
/// input (bucket order is value order, so the rank-`r` value's bucket is
/// the one the query lands in). `tests/ddsketch.rs` checks it on every `q`
/// of a grid over seeded uniform, lognormal, Pareto, mixed-sign and
/// zero-heavy data. Collapsed buckets lose accuracy only for the smallest
/// magnitudes of a store (their values are reported larger in magnitude);
/// a store collapses only when its nonzero buckets would span more than
/// `max_buckets` keys, that is a dynamic range of about
/// `2^(max_buckets / m)` (`10^17` at the defaults).
///
/// # Memory
///
/// O(nonzero buckets), whatever the span between them. A store is dense
/// while its nonzero buckets span at most 64 keys or at most 8 keys for
/// each of them: 8 bytes for each key between its smallest and largest
/// magnitude, plus room to grow (up to as much again), never more than
/// `8 * max_buckets` bytes (16 KiB at the defaults). Data of a continuous
/// range is dense: about 35 keys per factor of two at `alpha = 1%` (1% more
/// than the exact `ln` mapping, the price of the cubic). Buckets scattered
/// more thinly (a few values at 1e-300 and 1e300) are kept in a sparse map
/// of 17 to 35 bytes a bucket, which turns dense again once the buckets
/// fill in to one key in 4; `tests/decode_memory.rs` measures both.
///
/// # Algebra
///
/// - **Exact commutative group while nothing collapses** (stores spanning
///   at most `max_buckets` keys): merge adds the zero count, the total
///   and every bucket, so `sketch(a) ⊕ sketch(b) == sketch(a ++ b)` bit for
///   bit, [`subtract`](crate::algebra::Group::subtract) removes a merged
///   sketch exactly, `(a ⊕ b) ⊖ b == a`, which makes DDSketch the
///   quantile sketch for sliding windows (evict a pane by subtracting it).
///   The identity is the empty sketch of the same parameters.
/// - **With collapsing**, merge is "add the buckets, then collapse every
///   bucket below `highest nonzero key - max_buckets + 1` into that one",
///   a deterministic function of the summed counts. For non-negative
///   counts (every input of non-negative weight) the highest key of a sum
///   is the highest of its parts, collapsing at a lower threshold first
///   changes nothing later, and so merge stays an exact commutative monoid
///   and homomorphism with collapsing too. What does not survive a
///   collapse is subtraction (`(a ⊕ b) ⊖ b` keeps `b`'s collapsed mass
///   moved) and associativity with negative counts (cancellation can lower
///   the highest key).
/// - Sketches with a different `alpha` or `max_buckets` refuse to merge.
/// - Overflow: every count and the total stay within `±i64::MAX`; an
///   insert, merge or subtraction that would pass it is refused with
///   [`InvalidParameter`](crate::ErrorKind::InvalidParameter) and changes
///   nothing.
///
/// # Encoding
///
/// [`Codec`](crate::codec::Codec): header (family 7, version 2), `alpha`,
/// `max_buckets`, the zero count, then each store's nonzero buckets (their
/// number, then key gaps and counts as varints), so an encoding's size
/// follows the buckets in use; version 1 (each store's span of counts) is
/// still read. Decoding checks every field (buckets within the bucket
/// limit and the mapping's keys, nonzero counts, no `i64::MIN`, a total
/// within range), so what decodes is a state the sketch can reach, and it
/// allocates only for the buckets the input holds. With the `serde`
/// feature a sketch serializes as those bytes (a base64 string in
/// human-readable formats such as JSON, raw bytes in binary ones; see
/// `codec::serde_form`).
///
/// # Example
///
/// ```
/// use sketchfold::algebra::{Group, Semigroup};
/// use sketchfold::quantiles::DdSketch;
///
/// let mut minute_1 = DdSketch::new(0.01);
/// let mut minute_2 = minute_1.clone();
/// for ms in 1..=1000 {
///     minute_1.insert(f64::from(ms))?;
///     minute_2.insert(f64::from(ms) * 10.0)?;
/// }
/// let mut window = minute_1.clone();
/// window.merge(&minute_2)?;
/// let p99 = window.quantile(0.99)?.unwrap();
/// assert!((p99 - 9800.0).abs() <= 0.01 * 9800.0);
///
/// // Minute 1 leaves the window.
/// window.subtract(&minute_1)?;
/// assert_eq!(window, minute_2);
/// assert!(DdSketch::new(0.01).quantile(0.5)?.is_none());
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct DdSketch {
    pub(crate) params: DdSketchParams,
    pub(crate) mapping: Mapping,
    pub(crate) positive: Store,
    pub(crate) negative: Store,
    pub(crate) zero: i64,
    pub(crate) count: i64,
    /// False only if no count can be negative (no negative weight, no
    /// subtraction, no negation, no merge of such a sketch): queries then
    /// skip the scan for negative counts. Not part of equality.
    pub(crate) signed: bool,
}

impl DdSketch {
    /// An empty sketch of relative accuracy `alpha` with the default 2048
    /// buckets a sign.
    ///
    /// # Panics
    ///
    /// If `alpha` is not in `[1e-6, 0.5]`; [`try_new`](DdSketch::try_new)
    /// returns an error instead.
    pub fn new(alpha: f64) -> DdSketch {
        match DdSketch::try_new(alpha) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// As [`new`](DdSketch::new), returning an error instead of panicking;
    /// another bucket limit is set on the parameters
    /// ([`DdSketchParams::with_max_buckets`]).
    ///
    /// # Errors
    ///
    /// As [`DdSketchParams::new`].
    pub fn try_new(alpha: f64) -> Result<DdSketch> {
        Ok(DdSketch::with_params(DdSketchParams::new(alpha)?))
    }

    /// An empty sketch with these parameters.
    pub fn with_params(params: DdSketchParams) -> DdSketch {
        DdSketch {
            params,
            mapping: Mapping::new(params.alpha()),
            positive: Store::default(),
            negative: Store::default(),
            zero: 0,
            count: 0,
            signed: false,
        }
    }

    /// The parameters.
    pub fn params(&self) -> DdSketchParams {
        self.params
    }

    /// The relative accuracy.
    pub fn alpha(&self) -> f64 {
        self.params.alpha()
    }

    /// True if every count is zero: nothing was inserted, or everything
    /// inserted was subtracted again.
    pub fn is_empty(&self) -> bool {
        self.zero == 0 && self.count == 0 && self.positive.is_empty() && self.negative.is_empty()
    }

    /// Adds one occurrence of `x`.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) for NaN or
    /// an infinity, or when a count would pass `i64::MAX`; the sketch is
    /// then unchanged.
    ///
    /// # Complexity
    ///
    /// O(1): a few float operations on the bits of `x` and one counter;
    /// O(log buckets) for a sparse store; O(buckets) when a dense window
    /// grows, collapses or changes representation.
    #[inline]
    pub fn insert(&mut self, x: f64) -> Result<()> {
        self.insert_weighted(x, 1)
    }

    /// Adds `weight` occurrences of `x` (a negative weight removes them).
    ///
    /// # Errors
    ///
    /// As [`insert`](DdSketch::insert), and for `weight == i64::MIN`.
    #[inline]
    pub fn insert_weighted(&mut self, x: f64, weight: i64) -> Result<()> {
        let class = self.mapping.classify(x);
        if let Class::NotFinite = class {
            return Err(Error::invalid_parameter(
                "value",
                x,
                "a finite number (NaN and infinities have no quantile)",
            ));
        }
        if weight == 0 {
            return Ok(());
        }
        if weight == i64::MIN {
            return Err(overflow("a weight of i64::MIN"));
        }
        let count = self
            .count
            .checked_add(weight)
            .filter(|&c| c != i64::MIN)
            .ok_or_else(|| overflow("an insert"))?;
        let max = self.params.max_buckets();
        match class {
            Class::Key(key) if x > 0.0 => self.positive.add(key, weight, max)?,
            Class::Key(key) => self.negative.add(key, weight, max)?,
            _ => {
                self.zero = self
                    .zero
                    .checked_add(weight)
                    .filter(|&c| c != i64::MIN)
                    .ok_or_else(|| overflow("an insert"))?;
            }
        }
        self.count = count;
        self.signed |= weight < 0;
        Ok(())
    }

    /// The total count: the number of values inserted (their weights
    /// added), exact.
    pub fn count(&self) -> i64 {
        self.count
    }

    /// The count of zeros (and subnormals), exact.
    pub fn zero_count(&self) -> i64 {
        self.zero
    }

    /// The number of nonzero buckets, both signs.
    pub fn bucket_count(&self) -> usize {
        self.positive.len() + self.negative.len()
    }

    /// Bytes of memory held, this value and its buckets.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<DdSketch>() + self.positive.heap_bytes() + self.negative.heap_bytes()
    }

    /// The estimate of the smallest value: the value of the lowest nonzero
    /// bucket (within `alpha` of the true minimum), `None` if every count
    /// is zero. Equal to `quantile(0)` when no count is negative; on a
    /// group value holding negative counts it is still the lowest bucket
    /// with a count, where `quantile` returns an error.
    ///
    /// # Complexity
    ///
    /// O(1) in practice: the end of the lowest nonzero store.
    pub fn min(&self) -> Option<f64> {
        if let Some((_, last)) = self.negative.bounds() {
            return Some(-self.mapping.value(last));
        }
        if self.zero != 0 {
            return Some(0.0);
        }
        self.positive
            .bounds()
            .map(|(first, _)| self.mapping.value(first))
    }

    /// The estimate of the largest value, the value of the highest nonzero
    /// bucket: as [`min`](DdSketch::min), mirrored (`quantile(1)` when no
    /// count is negative).
    pub fn max(&self) -> Option<f64> {
        if let Some((_, last)) = self.positive.bounds() {
            return Some(self.mapping.value(last));
        }
        if self.zero != 0 {
            return Some(0.0);
        }
        self.negative
            .bounds()
            .map(|(first, _)| -self.mapping.value(first))
    }

    /// The estimate of the sum of the values: `sum(count * value)` over the
    /// buckets, within `alpha * sum(|x|)` of the true sum while nothing has
    /// collapsed. Unlike a running float sum it subtracts exactly, because
    /// it is a function of the counts. 0 for an empty sketch; negative
    /// counts are allowed (they subtract their values).
    pub fn sum(&self) -> f64 {
        let side = |s: &Store, sign: f64| -> f64 {
            s.buckets()
                .map(|(k, c)| sign * c as f64 * self.mapping.value(k))
                .sum()
        };
        side(&self.positive, 1.0) + side(&self.negative, -1.0)
    }
}

/// Refuses what [`DdSketch::insert`] refuses (NaN, infinities, a count
/// past `i64::MAX`). There is no `Extend`: use [`Insert::try_extend`].
impl Insert<f64> for DdSketch {
    #[inline]
    fn insert(&mut self, x: f64) -> Result<()> {
        DdSketch::insert(self, x)
    }
}

/// As `Insert<f64>`, for values by reference.
impl Insert<&f64> for DdSketch {
    #[inline]
    fn insert(&mut self, x: &f64) -> Result<()> {
        DdSketch::insert(self, *x)
    }
}

impl PartialEq for DdSketch {
    /// Same parameters and the same counts in every bucket.
    fn eq(&self, other: &DdSketch) -> bool {
        self.params.check(&other.params).is_ok()
            && self.zero == other.zero
            && self.count == other.count
            && self.positive == other.positive
            && self.negative == other.negative
    }
}
