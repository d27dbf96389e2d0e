//! [`DataSketchesHll`], [`TgtHllType`], [`HllMode`]: DataSketches' update
//! path (LIST, then SET, then registers) with its exact thresholds.

use super::coupons::Coupons;
use super::estimators::{coupon_bounds, coupon_estimate, hll_bounds};
use super::registers::Registers;
use crate::cardinality::hashing::Hashing;
use crate::cardinality::sketch::check_precision;
use crate::error::{Error, Result};
use crate::family::{Bounds, Insert};
use crate::hash::StableHash;

/// How a DataSketches HLL sketch stores its registers once it has left the
/// coupon modes (the "target HLL type"). The estimates are the same for all
/// three; they trade image size against update speed in DataSketches.
///
/// | type | bits per register | HLL-mode image at lgK 12 |
/// | --- | --- | --- |
/// | [`Hll4`](TgtHllType::Hll4) | 4, offsets from the minimum, plus an aux table for the rare large ones | 2,088 bytes and 4 per exception |
/// | [`Hll6`](TgtHllType::Hll6) | 6 | 3,113 bytes |
/// | [`Hll8`](TgtHllType::Hll8) | 8 | 4,136 bytes |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TgtHllType {
    /// `HLL_4`: the smallest images.
    Hll4,
    /// `HLL_6`: registers packed 6 bits each.
    Hll6,
    /// `HLL_8`: one byte per register; what a DataSketches union holds.
    Hll8,
}

impl TgtHllType {
    /// The code stored in bits 2..4 of the mode byte.
    pub(super) fn code(self) -> u8 {
        match self {
            TgtHllType::Hll4 => 0,
            TgtHllType::Hll6 => 1,
            TgtHllType::Hll8 => 2,
        }
    }
}

/// The mode a DataSketches HLL sketch is in. A sketch starts in `List`, moves
/// to `Set` at 8 distinct coupons (straight to `Hll` below lgK 8) and to
/// `Hll` once its set holds more than `3/4 * 2^(lgK - 3)` coupons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HllMode {
    /// Up to 7 coupons, in insertion order.
    List,
    /// Coupons in a hash table.
    Set,
    /// `2^lgK` registers.
    Hll,
}

impl HllMode {
    pub(super) fn code(self) -> u8 {
        match self {
            HllMode::List => 0,
            HllMode::Set => 1,
            HllMode::Hll => 2,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) enum State {
    List(Coupons),
    Set(Coupons),
    Hll(Registers),
}

/// An Apache DataSketches HLL sketch, state for state: the same modes,
/// thresholds, hash tables, HLL_4 aux table and HIP accumulator as
/// DataSketches' `hll_sketch`, so that its images are byte-identical to the
/// ones DataSketches writes for the same items in the same order.
///
/// Use it to produce or continue DataSketches sketches whose estimates stay
/// HIP estimates (DataSketches' most accurate, about `0.83 / sqrt(k)`), or to
/// read an image and write it back unchanged. For merging and everything
/// else, convert to a [`HyperLogLog`](crate::cardinality::HyperLogLog)
/// ([`to_hyperloglog`](Self::to_hyperloglog)); that keeps the registers
/// (or coupons) but not the HIP accumulator, which depends on the order of
/// the updates and means nothing after a merge.
///
/// Items are hashed as DataSketches hashes them ([`Hashing::DataSketches`]):
/// `insert(&5i64)` matches `update(5)` in DataSketches.
///
/// Two sketches are equal when they hold the same coupons or registers and
/// the same estimator state (HIP accumulator, kxq sums, HLL_4 `curMin` and
/// aux entries); the layout of their hash tables, which only decides the
/// order of coupons in an image, is not compared.
///
/// # Example
///
/// ```
/// use sketchfold::cardinality::{DataSketchesHll, HllMode, TgtHllType};
///
/// let mut sketch = DataSketchesHll::new(12, TgtHllType::Hll4);
/// for i in 0..1_000i64 {
///     sketch.insert(&i);
/// }
/// assert_eq!(sketch.mode(), HllMode::Hll);
/// let bytes = sketch.to_compact_bytes(); // what DataSketches writes, byte for byte
/// let again = DataSketchesHll::from_bytes(&bytes)?;
/// assert_eq!(again.estimate(), sketch.estimate());
/// assert_eq!(again.to_compact_bytes(), bytes);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone)]
pub struct DataSketchesHll {
    pub(super) lg_k: u8,
    pub(super) target: TgtHllType,
    pub(super) state: State,
}

impl DataSketchesHll {
    /// An empty sketch with `2^lg_k` registers and `target` storage. In
    /// HLL mode the registers take `2^lg_k` bytes of memory (2 MiB at 21)
    /// whatever the target type, which only sets the image size.
    ///
    /// # Panics
    ///
    /// Unless `lg_k` is in `4..=21`, DataSketches' range;
    /// [`try_new`](Self::try_new) returns an error instead.
    pub fn new(lg_k: u8, target: TgtHllType) -> DataSketchesHll {
        match DataSketchesHll::try_new(lg_k, target) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// An empty sketch with `2^lg_k` registers and `target` storage.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `lg_k` is in `4..=21`, DataSketches' range.
    pub fn try_new(lg_k: u8, target: TgtHllType) -> Result<DataSketchesHll> {
        check_precision(lg_k).map_err(|_| {
            Error::invalid_parameter("lg_k", lg_k, "4..=21 (log2 of the register count)")
        })?;
        Ok(DataSketchesHll {
            lg_k,
            target,
            state: State::List(Coupons::list()),
        })
    }

    /// log2 of the register count.
    pub fn lg_k(&self) -> u8 {
        self.lg_k
    }

    /// The target HLL type.
    pub fn target(&self) -> TgtHllType {
        self.target
    }

    /// The current mode.
    pub fn mode(&self) -> HllMode {
        match self.state {
            State::List(_) => HllMode::List,
            State::Set(_) => HllMode::Set,
            State::Hll(_) => HllMode::Hll,
        }
    }

    /// True if the sketch has seen no item.
    pub fn is_empty(&self) -> bool {
        match &self.state {
            State::List(c) | State::Set(c) => c.count == 0,
            State::Hll(r) => r.is_empty(),
        }
    }

    /// The out-of-order flag: set on sketches that came out of a merge,
    /// whose HIP accumulator is therefore not kept.
    pub fn is_out_of_order(&self) -> bool {
        match &self.state {
            State::List(c) | State::Set(c) => c.out_of_order,
            State::Hll(r) => r.out_of_order,
        }
    }

    /// Inserts an item, hashed as DataSketches hashes it (empty strings
    /// and byte slices are ignored, as DataSketches ignores them).
    ///
    /// # Complexity
    ///
    /// O(1) amortised; O(k) when the sketch changes mode or an HLL_4
    /// minimum shifts.
    pub fn insert<T: StableHash + ?Sized>(&mut self, item: &T) {
        if let Some(coupon) = Hashing::DataSketches.coupon(item) {
            self.insert_coupon(coupon);
        }
    }

    /// One coupon through DataSketches' update path.
    pub(super) fn insert_coupon(&mut self, coupon: u32) {
        let (lg_k, target) = (self.lg_k, self.target);
        let next = match &mut self.state {
            State::List(list) => {
                if !(list.list_insert(coupon) && list.is_full()) {
                    return;
                }
                if lg_k < 8 {
                    State::Hll(promote(lg_k, target, list))
                } else {
                    let mut set = Coupons::set();
                    for c in list.iter() {
                        set.set_insert(c);
                    }
                    State::Set(set)
                }
            }
            State::Set(set) => {
                if !(set.set_insert(coupon) && set.set_over_full()) {
                    return;
                }
                if set.lg_arr + 3 >= lg_k {
                    State::Hll(promote(lg_k, target, set))
                } else {
                    State::Set(set.grown())
                }
            }
            State::Hll(regs) => {
                regs.update(lg_k, coupon);
                return;
            }
        };
        self.state = next;
    }

    /// The estimate DataSketches reports, to the last bit: from the coupon
    /// count in LIST and SET mode; in HLL mode the HIP accumulator, or, for
    /// an out-of-order sketch (a union result), DataSketches' composite
    /// estimate ([`composite_estimate`](Self::composite_estimate)).
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::cardinality::{DataSketchesHll, TgtHllType};
    ///
    /// let mut sketch = DataSketchesHll::new(12, TgtHllType::Hll8);
    /// (0..3i64).for_each(|i| sketch.insert(&i));
    /// assert!((sketch.estimate() - 3.0).abs() < 1e-6);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        match &self.state {
            State::List(c) | State::Set(c) => coupon_estimate(c.count),
            State::Hll(r) => r.estimate(),
        }
    }

    /// DataSketches' composite (non-HIP) estimate, its
    /// `getCompositeEstimate`: Flajolet's raw estimate corrected through
    /// DataSketches' empirical table, or a bitmap estimate from the zero
    /// registers for small counts. The coupon-count estimate in LIST and
    /// SET mode. Relative standard error about `1.04 / sqrt(2^lgK)`.
    pub fn composite_estimate(&self) -> f64 {
        match &self.state {
            State::List(c) | State::Set(c) => coupon_estimate(c.count),
            State::Hll(r) => r.composite_estimate(),
        }
    }

    /// DataSketches' bounds at `std_devs` (1, 2 or 3) standard deviations
    /// (about 68%, 95% and 99.7% confidence), its `getLowerBound` and
    /// `getUpperBound`: the lower bound is never below the number of
    /// coupons or set registers.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `std_devs` is 1, 2 or 3, the numbers DataSketches tabulates.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::cardinality::{DataSketchesHll, TgtHllType};
    ///
    /// let mut sketch = DataSketchesHll::new(12, TgtHllType::Hll8);
    /// sketch.extend(0..10_000i64);
    /// assert!(sketch.bounds(2.0)?.contains(10_000.0));
    /// assert!(sketch.bounds(2.5).is_err());
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn bounds(&self, std_devs: f64) -> Result<Bounds<f64>> {
        let sd = if std_devs == 1.0 {
            1
        } else if std_devs == 2.0 {
            2
        } else if std_devs == 3.0 {
            3
        } else {
            return Err(Error::invalid_parameter(
                "std_devs",
                std_devs,
                "1, 2 or 3 standard deviations (the numbers DataSketches tabulates)",
            ));
        };
        let (lower, upper) = match &self.state {
            State::List(c) | State::Set(c) => coupon_bounds(c.count, sd),
            State::Hll(r) => hll_bounds(
                self.lg_k,
                r.estimate(),
                r.out_of_order,
                r.cur_min(),
                r.num_at_cur_min(),
                sd,
            ),
        };
        Ok(Bounds { lower, upper })
    }
}

impl<T: StableHash> Extend<T> for DataSketchesHll {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for item in iter {
            self.insert(&item);
        }
    }
}

/// Never refuses an item.
impl<T: StableHash> Insert<T> for DataSketchesHll {
    fn insert(&mut self, item: T) -> Result<()> {
        DataSketchesHll::insert(self, &item);
        Ok(())
    }
}

/// The registers a LIST or SET turns into: its coupons replayed in array
/// order, then the HIP accumulator set to the coupon estimate.
fn promote(lg_k: u8, target: TgtHllType, coupons: &Coupons) -> Registers {
    let mut regs = Registers::new(lg_k, target);
    for c in coupons.iter() {
        regs.update(lg_k, c);
    }
    regs.hip = coupon_estimate(coupons.count);
    regs.out_of_order = false;
    regs
}

impl PartialEq for DataSketchesHll {
    fn eq(&self, other: &DataSketchesHll) -> bool {
        let same_state = match (&self.state, &other.state) {
            (State::List(a), State::List(b)) | (State::Set(a), State::Set(b)) => {
                a.out_of_order == b.out_of_order && a.sorted() == b.sorted()
            }
            (State::Hll(a), State::Hll(b)) => a.same_as(b),
            _ => false,
        };
        self.lg_k == other.lg_k && self.target == other.target && same_state
    }
}

impl std::fmt::Debug for DataSketchesHll {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataSketchesHll")
            .field("lg_k", &self.lg_k)
            .field("target", &self.target)
            .field("mode", &self.mode())
            .field("out_of_order", &self.is_out_of_order())
            .field("estimate", &self.estimate())
            .finish()
    }
}
