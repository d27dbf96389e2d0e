use super::dense::Dense;
use super::estimator;
use super::hashing::{coupon_slot, coupon_value, xxh3_coupon, xxh3_value, Hashing, SLOT_BITS};
use super::sparse::Sparse;
use crate::error::{Error, Result};
use crate::family::{Bounds, Insert};
use crate::hash::{murmur3_x64_128, StableHash, DEFAULT_SEED};

/// The smallest precision (16 registers).
pub const MIN_PRECISION: u8 = 4;
/// The largest precision (2,097,152 registers, 2 MiB dense), DataSketches'
/// largest lgK.
pub const MAX_PRECISION: u8 = 21;

/// A HyperLogLog sketch of the number of distinct items inserted.
///
/// See the [module docs](super) for accuracy, memory, algebra and encoding.
///
/// # Example
///
/// ```
/// use sketchfold::cardinality::HyperLogLog;
///
/// // Precision 14: 16,384 registers, about 0.81% standard error.
/// let mut visitors = HyperLogLog::new(14);
/// for id in (0..100_000u64).chain(0..50_000) {
///     visitors.insert(&id); // a repeat changes nothing
/// }
/// let estimate = visitors.estimate();
/// assert!((estimate - 100_000.0).abs() < 0.03 * 100_000.0);
/// ```
#[derive(Clone)]
pub struct HyperLogLog {
    pub(crate) precision: u8,
    pub(crate) hashing: Hashing,
    pub(crate) repr: Repr,
}

// The dense variant carries its 256-byte histogram inline: boxing it would
// add a pointer chase to every insert, the hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum Repr {
    Sparse(Sparse),
    Dense(Dense),
}

/// The parameters of a [`HyperLogLog`]: what its identity depends on.
/// Always valid: the constructors check the precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HllParams {
    precision: u8,
    hashing: Hashing,
}

impl HllParams {
    /// Parameters with `precision` and sketchfold's default seeded hashing.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `precision` is in `4..=21`.
    pub fn new(precision: u8) -> Result<HllParams> {
        check_precision(precision)?;
        Ok(HllParams {
            precision,
            hashing: Hashing::Xxh3 { seed: DEFAULT_SEED },
        })
    }

    /// Parameters with `precision` that hash items as Apache DataSketches
    /// does ([`Hashing::DataSketches`]), so an item lands in the same
    /// register as in a DataSketches HLL of `lg_k == precision`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn datasketches(precision: u8) -> Result<HllParams> {
        Ok(HllParams::new(precision)?.with_hashing(Hashing::DataSketches))
    }

    /// The same parameters with items hashed by `hashing`.
    #[must_use]
    pub fn with_hashing(self, hashing: Hashing) -> HllParams {
        HllParams { hashing, ..self }
    }

    /// The same parameters with seeded XXH3 hashing with `seed`. Sketches
    /// merge only with sketches of the same seed; a secret seed keeps an
    /// adversary from crafting items that collide.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> HllParams {
        self.with_hashing(Hashing::Xxh3 { seed })
    }

    /// log2 of the number of registers, 4..=21.
    pub fn precision(&self) -> u8 {
        self.precision
    }

    /// How items are hashed.
    pub fn hashing(&self) -> Hashing {
        self.hashing
    }
}

/// The number of distinct coupons above which a sketch of `precision`
/// turns dense: the sparse table (4 bytes a coupon, at most 3/4 full) then
/// takes as much memory as the dense registers.
pub(crate) fn sparse_limit(precision: u8) -> usize {
    (1usize << precision) * 3 / 16
}

pub(crate) fn check_precision(precision: u8) -> Result<()> {
    if (MIN_PRECISION..=MAX_PRECISION).contains(&precision) {
        Ok(())
    } else {
        Err(Error::invalid_parameter(
            "precision",
            precision,
            format!("{MIN_PRECISION}..={MAX_PRECISION} (log2 of the register count)"),
        ))
    }
}

impl HyperLogLog {
    /// An empty sketch with `precision` (log2 of the register count) and the
    /// default seeded XXH3 hashing.
    ///
    /// # Panics
    ///
    /// If `precision` is not in `4..=21`; [`try_new`](Self::try_new) returns
    /// an error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut hll = sketchfold::cardinality::HyperLogLog::new(12);
    /// hll.insert("a");
    /// hll.insert("b");
    /// hll.insert("a");
    /// assert!((hll.estimate() - 2.0).abs() < 0.01);
    /// ```
    pub fn new(precision: u8) -> HyperLogLog {
        match HyperLogLog::try_new(precision) {
            Ok(h) => h,
            Err(e) => panic!("{e}"),
        }
    }

    /// An empty sketch with `precision` and the default hashing.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `precision` is in `4..=21`.
    pub fn try_new(precision: u8) -> Result<HyperLogLog> {
        Ok(HyperLogLog::with_params(HllParams::new(precision)?))
    }

    /// An empty sketch with `params`.
    pub fn with_params(params: HllParams) -> HyperLogLog {
        HyperLogLog {
            precision: params.precision,
            hashing: params.hashing,
            repr: Repr::Sparse(Sparse::default()),
        }
    }

    /// log2 of the number of registers.
    pub fn precision(&self) -> u8 {
        self.precision
    }

    /// How this sketch hashes items.
    pub fn hashing(&self) -> Hashing {
        self.hashing
    }

    /// The sketch's parameters.
    pub fn params(&self) -> HllParams {
        HllParams {
            precision: self.precision,
            hashing: self.hashing,
        }
    }

    /// The number of registers, `2^precision`.
    pub fn register_count(&self) -> usize {
        1 << self.precision
    }

    /// True if no item was inserted (or merged in): the identity of its
    /// parameters.
    pub fn is_empty(&self) -> bool {
        match &self.repr {
            Repr::Sparse(s) => s.len() == 0,
            Repr::Dense(d) => d.registers.iter().all(|&r| r == 0),
        }
    }

    /// True while the sketch keeps coupons (sparse) rather than registers.
    pub fn is_sparse(&self) -> bool {
        matches!(self.repr, Repr::Sparse(_))
    }

    /// Bytes of heap memory the sketch holds.
    pub fn heap_bytes(&self) -> usize {
        match &self.repr {
            Repr::Sparse(s) => s.heap_bytes(),
            Repr::Dense(d) => d.registers.len(),
        }
    }

    /// Inserts an item (hashed with the sketch's [`Hashing`]).
    ///
    /// Under [`Hashing::DataSketches`], empty strings and byte slices are
    /// ignored, as DataSketches ignores them.
    ///
    /// # Complexity
    ///
    /// O(1): one hash and one register update.
    #[inline]
    pub fn insert<T: StableHash + ?Sized>(&mut self, item: &T) {
        match self.hashing {
            Hashing::Xxh3 { seed } => self.insert_hash(item.stable_hash(seed)),
            Hashing::DataSketches => {
                if let Some(c) = self.hashing.coupon(item) {
                    self.insert_coupon(c);
                }
            }
        }
    }

    /// Inserts a precomputed 64-bit hash: the register index is its low
    /// `precision` bits, the value its leading zeros (at most 38) plus one.
    ///
    /// The hash must be uniformly distributed (a good 64-bit hash of the
    /// item); sketches fed this way merge only with sketches fed the same
    /// hash function, which the sketch cannot check.
    #[inline]
    pub fn insert_hash(&mut self, hash: u64) {
        match &mut self.repr {
            Repr::Dense(d) => {
                let idx = hash as usize & (d.registers.len() - 1);
                d.update(idx, xxh3_value(hash));
            }
            Repr::Sparse(_) => self.insert_coupon(xxh3_coupon(hash)),
        }
    }

    /// Inserts a precomputed DataSketches MurmurHash3 `(h1, h2)` pair (see
    /// [`murmur3_x64_128`]).
    ///
    /// Meant for [`Hashing::DataSketches`] sketches. On an
    /// [`Hashing::Xxh3`] sketch the value is capped at that scheme's largest
    /// register value (39), so the sketch stays valid and encodable; mixing
    /// the schemes in one sketch is otherwise the caller's business.
    #[inline]
    pub fn insert_murmur3(&mut self, h1: u64, h2: u64) {
        let coupon = super::hashing::murmur_coupon(h1, h2);
        let max = self.hashing.q() + 1;
        let value = (coupon >> super::hashing::SLOT_BITS).min(max);
        let slot = coupon & super::hashing::SLOT_MASK;
        self.insert_coupon((value << super::hashing::SLOT_BITS) | slot);
    }

    /// Inserts the bytes DataSketches would hash for an item, hashed with
    /// MurmurHash3 seed 9001.
    pub fn insert_murmur3_bytes(&mut self, bytes: &[u8]) {
        let (h1, h2) = murmur3_x64_128(bytes, crate::hash::DATASKETCHES_SEED);
        self.insert_murmur3(h1, h2);
    }

    /// Inserts every item of `items`, borrowing the registers once for the
    /// whole batch (faster than [`insert`](Self::insert) in a loop).
    pub fn insert_batch<T: StableHash>(&mut self, items: &[T]) {
        let Hashing::Xxh3 { seed } = self.hashing else {
            items.iter().for_each(|item| self.insert(item));
            return;
        };
        let mut rest = items;
        while self.is_sparse() {
            let Some((first, tail)) = rest.split_first() else {
                return;
            };
            self.insert(first);
            rest = tail;
        }
        if let Repr::Dense(d) = &mut self.repr {
            d.update_hashes(rest.iter().map(|item| item.stable_hash(seed)));
        }
    }

    /// Inserts precomputed 64-bit hashes, as [`insert_hash`](Self::insert_hash)
    /// does one at a time.
    pub fn insert_hashes(&mut self, hashes: &[u64]) {
        let mut rest = hashes;
        while self.is_sparse() {
            let Some((&first, tail)) = rest.split_first() else {
                return;
            };
            self.insert_hash(first);
            rest = tail;
        }
        if let Repr::Dense(d) = &mut self.repr {
            d.update_hashes(rest.iter().copied());
        }
    }

    /// Inserts a coupon (26-bit slot, 6-bit value).
    #[inline]
    pub(crate) fn insert_coupon(&mut self, coupon: u32) {
        let mask = (1usize << self.precision) - 1;
        match &mut self.repr {
            Repr::Dense(d) => d.update(coupon_slot(coupon) as usize & mask, coupon_value(coupon)),
            Repr::Sparse(s) => {
                s.insert(coupon);
                if s.len() > sparse_limit(self.precision) {
                    self.densify();
                }
            }
        }
    }

    /// Turns a sparse sketch dense (no-op when already dense).
    pub(crate) fn densify(&mut self) {
        if let Repr::Sparse(s) = &self.repr {
            let mask = (1usize << self.precision) - 1;
            let mut d = Dense::new(1 << self.precision);
            for c in s.iter() {
                d.update(coupon_slot(c) as usize & mask, coupon_value(c));
            }
            self.repr = Repr::Dense(d);
        }
    }

    /// The register values (dense view, `2^precision` bytes), whatever the
    /// representation.
    pub fn registers(&self) -> Vec<u8> {
        match &self.repr {
            Repr::Dense(d) => d.registers.to_vec(),
            Repr::Sparse(s) => {
                let mask = (1usize << self.precision) - 1;
                let mut regs = vec![0u8; 1 << self.precision];
                for c in s.iter() {
                    let r = &mut regs[coupon_slot(c) as usize & mask];
                    *r = (*r).max(coupon_value(c));
                }
                regs
            }
        }
    }

    /// The sparse coupons sorted by slot (`value << 26 | slot`), or `None`
    /// when the sketch is dense.
    pub fn coupons(&self) -> Option<Vec<u32>> {
        match &self.repr {
            Repr::Sparse(s) => Some(s.sorted()),
            Repr::Dense(_) => None,
        }
    }

    /// The estimated number of distinct items inserted.
    ///
    /// Sparse: linear counting over the 2^26 coupon slots (nearly exact).
    /// Dense: Ertl's improved estimator, unbiased from 0 to far beyond 10^9
    /// with no correction table. Only when every register is saturated
    /// (about 2^(p + 38) distinct items under [`Hashing::Xxh3`]) is the
    /// estimate `f64::INFINITY`; it is never NaN or negative.
    ///
    /// # Complexity
    ///
    /// O(1) from the register histogram and its weight, which inserts keep
    /// current; O(m) for the first estimate after a merge or decode, which
    /// recomputes them. Sparse: O(1).
    pub fn estimate(&self) -> f64 {
        match &self.repr {
            Repr::Sparse(s) => estimator::linear_counting(s.len(), f64::from(1u32 << SLOT_BITS)),
            Repr::Dense(d) => {
                let stats = d.stats();
                estimator::ertl_weighted(
                    &stats.hist,
                    stats.weight,
                    1 << self.precision,
                    self.hashing.q() as usize,
                )
            }
        }
    }

    /// The relative standard error of [`estimate`](Self::estimate) in the
    /// current state: `1.04 / sqrt(m)` when dense; linear counting's (far
    /// smaller) error while sparse.
    pub fn relative_standard_error(&self) -> f64 {
        match &self.repr {
            Repr::Dense(_) => estimator::dense_rse(1 << self.precision),
            Repr::Sparse(_) => {
                let n = self.estimate();
                if n == 0.0 {
                    0.0
                } else {
                    estimator::linear_counting_se(n, f64::from(1u32 << SLOT_BITS)) / n
                }
            }
        }
    }

    /// Bounds on the true count at `std_devs` standard deviations of the
    /// estimate (1, 2 and 3 cover about 68%, 95% and 99.7%). The lower bound
    /// is never below the number of distinct coupons or non-empty registers
    /// seen, which the sketch knows for certain.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) if
    /// `std_devs` is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut hll = sketchfold::cardinality::HyperLogLog::new(12);
    /// hll.extend(0..10_000u64);
    /// let b = hll.bounds(3.0)?;
    /// assert!(b.contains(10_000.0));
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn bounds(&self, std_devs: f64) -> Result<Bounds<f64>> {
        if !(std_devs.is_finite() && std_devs >= 0.0) {
            return Err(Error::invalid_parameter(
                "std_devs",
                std_devs,
                "a finite number of standard deviations, at least 0",
            ));
        }
        let est = self.estimate();
        let rse = self.relative_standard_error();
        let certain = match &self.repr {
            Repr::Sparse(s) => s.len() as f64,
            Repr::Dense(d) => {
                let h = &d.stats().hist;
                f64::from((1u32 << self.precision) - h[0])
            }
        };
        let lower = (est * (1.0 - std_devs * rse)).max(certain);
        let upper = (est * (1.0 + std_devs * rse)).max(lower);
        Ok(Bounds { lower, upper })
    }

    /// This sketch folded down to `precision` (at most the current one):
    /// exactly the sketch that inserting the same items at `precision`
    /// would have built.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) if
    /// `precision` is below 4 or above the current precision.
    pub fn fold_to(&self, precision: u8) -> Result<HyperLogLog> {
        check_precision(precision)?;
        if precision > self.precision {
            return Err(Error::invalid_parameter(
                "precision",
                precision,
                format!("at most the current precision {}", self.precision),
            ));
        }
        let mut out = self.clone();
        out.fold_in_place(precision);
        Ok(out)
    }

    pub(crate) fn fold_in_place(&mut self, precision: u8) {
        if precision >= self.precision {
            return;
        }
        self.precision = precision;
        match &mut self.repr {
            Repr::Dense(d) => *d = d.folded(1 << precision),
            Repr::Sparse(s) => {
                if s.len() > sparse_limit(precision) {
                    self.densify();
                }
            }
        }
    }
}

impl<T: StableHash> Extend<T> for HyperLogLog {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for item in iter {
            self.insert(&item);
        }
    }
}

/// Never refuses an item.
impl<T: StableHash> Insert<T> for HyperLogLog {
    #[inline]
    fn insert(&mut self, item: T) -> Result<()> {
        HyperLogLog::insert(self, &item);
        Ok(())
    }
}

impl std::fmt::Debug for HyperLogLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("HyperLogLog");
        s.field("precision", &self.precision)
            .field("hashing", &self.hashing);
        match &self.repr {
            Repr::Sparse(sp) => s.field("sparse_coupons", &sp.len()),
            Repr::Dense(_) => s.field("dense", &true),
        };
        s.field("estimate", &self.estimate()).finish()
    }
}

/// Equal when the parameters, the representation and its contents are the
/// same (sparse coupons compared as sets).
impl PartialEq for HyperLogLog {
    fn eq(&self, other: &Self) -> bool {
        self.precision == other.precision
            && self.hashing == other.hashing
            && match (&self.repr, &other.repr) {
                (Repr::Sparse(a), Repr::Sparse(b)) => {
                    a.len() == b.len() && a.sorted() == b.sorted()
                }
                (Repr::Dense(a), Repr::Dense(b)) => a.registers == b.registers,
                _ => false,
            }
    }
}

impl Eq for HyperLogLog {}
