//! The signature itself: construction, insertion, densification and the
//! Jaccard estimate.

use super::mix::{mix, probe, reduce, row_seed, RANDOM_PROBES};
use super::params::{MinHashParams, Variant};
use crate::error::Result;
use crate::family::Insert;
use crate::hash::StableHash;

/// The value of a bin no element has reached (and of a classic row of the
/// empty set).
pub const EMPTY_BIN: u64 = u64::MAX;

/// A MinHash signature of a set: `k` minimum hash values from which the
/// Jaccard similarity of two sets is estimated. See the
/// [module docs](crate::similarity) for the variants, the accuracy and the
/// algebra.
///
/// # Example
///
/// ```
/// use sketchfold::similarity::MinHash;
///
/// let (mut a, mut b) = (MinHash::new(256), MinHash::new(256));
/// for x in 0..1_000u64 {
///     a.insert(&x);
/// }
/// for x in 500..1_500u64 {
///     b.insert(&x);
/// }
/// // 500 shared elements of 1,500: the Jaccard similarity is 1/3.
/// let j = a.jaccard_estimate(&b)?;
/// assert!((j.estimate - 1.0 / 3.0).abs() < 4.0 * j.standard_error);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MinHash {
    pub(crate) params: MinHashParams,
    /// Raw state: for [`Variant::Classic`] the minimum of row `i`'s hash,
    /// for [`Variant::OnePermutation`] the minimum hash that fell into bin
    /// `i`, [`EMPTY_BIN`] where none did. Never densified.
    pub(crate) bins: Vec<u64>,
    /// The number of [`EMPTY_BIN`]s in `bins`, kept so that comparisons of
    /// full signatures take one pass.
    pub(crate) empty: usize,
}

/// A Jaccard similarity estimate with its standard error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JaccardEstimate {
    /// The estimate, the fraction of equal signature values, in `[0, 1]`.
    pub estimate: f64,
    /// `sqrt(J (1 - J) / k)` at `J` = the estimate: the standard deviation
    /// of the estimate around the true similarity (a plug-in value; it is 0
    /// when the estimate is 0 or 1).
    pub standard_error: f64,
}

/// The standard error of a MinHash Jaccard estimate at true similarity `j`
/// with `k` values: `sqrt(j (1 - j) / k)`, that of a binomial proportion.
///
/// # Examples
///
/// ```
/// let se = sketchfold::similarity::jaccard_standard_error(0.5, 128);
/// assert!((se - 0.0442).abs() < 1e-4);
/// ```
pub fn jaccard_standard_error(j: f64, k: usize) -> f64 {
    let j = j.clamp(0.0, 1.0);
    (j * (1.0 - j) / k as f64).sqrt()
}

impl MinHash {
    /// An empty one-permutation signature of `k` values with the default
    /// seed.
    ///
    /// # Panics
    ///
    /// If `k` is 0 or above [`MAX_K`](super::MAX_K);
    /// [`try_new`](Self::try_new) returns an error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::similarity::MinHash;
    ///
    /// let mut a = MinHash::new(128);
    /// let mut b = MinHash::new(128);
    /// a.extend(0..1000u32);
    /// b.extend(500..1500u32); // Jaccard 500 / 1500 = 1/3
    /// let j = a.jaccard(&b)?;
    /// assert!((j - 1.0 / 3.0).abs() < 0.17); // four standard errors
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn new(k: usize) -> MinHash {
        match MinHash::try_new(k) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        }
    }

    /// An empty one-permutation signature of `k` values with the default
    /// seed.
    ///
    /// # Errors
    ///
    /// As [`MinHashParams::new`].
    pub fn try_new(k: usize) -> Result<MinHash> {
        Ok(MinHash::with_params(MinHashParams::new(k)?))
    }

    /// The empty signature of `params`.
    ///
    /// # Complexity
    ///
    /// Allocates `8 k` bytes.
    pub fn with_params(params: MinHashParams) -> MinHash {
        MinHash {
            params,
            bins: vec![EMPTY_BIN; params.k],
            empty: params.k,
        }
    }

    /// The parameters.
    pub fn params(&self) -> MinHashParams {
        self.params
    }

    /// The signature length.
    pub fn k(&self) -> usize {
        self.params.k
    }

    /// The variant.
    pub fn variant(&self) -> Variant {
        self.params.variant
    }

    /// The seed items are hashed with.
    pub fn seed(&self) -> u64 {
        self.params.seed
    }

    /// Bytes of heap memory held: `8 k`.
    pub fn heap_bytes(&self) -> usize {
        self.bins.len() * 8
    }

    /// The raw state, undensified: [`EMPTY_BIN`] marks a bin (or, for the
    /// empty set, a row) that no element reached.
    pub fn bins(&self) -> &[u64] {
        &self.bins
    }

    /// The number of [`EMPTY_BIN`]s in the raw state.
    pub fn empty_bins(&self) -> usize {
        self.empty
    }

    /// True if no element was inserted (every bin is [`EMPTY_BIN`]).
    pub fn is_empty(&self) -> bool {
        self.empty == self.params.k
    }

    /// Inserts an item, hashed with the signature's seed.
    ///
    /// # Complexity
    ///
    /// `O(1)` for [`Variant::OnePermutation`], `O(k)` for
    /// [`Variant::Classic`].
    #[inline]
    pub fn insert<T: StableHash + ?Sized>(&mut self, item: &T) {
        self.insert_hash(item.stable_hash(self.params.seed));
    }

    /// Inserts an item by its 64-bit hash (computed with this signature's
    /// seed, or any uniform hash used consistently). For the
    /// one-permutation variant a hash of `u64::MAX` (probability `2^-64`)
    /// is the empty-bin sentinel and changes nothing.
    #[inline]
    pub fn insert_hash(&mut self, hash: u64) {
        match self.params.variant {
            Variant::OnePermutation => {
                let bin = &mut self.bins[reduce(hash, self.params.k)];
                if hash < *bin {
                    self.empty -= usize::from(*bin == EMPTY_BIN);
                    *bin = hash;
                }
            }
            Variant::Classic => {
                let seed = self.params.seed;
                for (i, bin) in self.bins.iter_mut().enumerate() {
                    *bin = (*bin).min(mix(hash ^ row_seed(seed, i as u32)));
                }
                self.recount();
            }
        }
    }

    /// Inserts the items of `hashes`; the same result as inserting them
    /// one by one. The classic variant computes each row's seed once for
    /// the whole slice.
    pub fn insert_hashes(&mut self, hashes: &[u64]) {
        match self.params.variant {
            Variant::OnePermutation => {
                let k = self.params.k;
                for &h in hashes {
                    let bin = &mut self.bins[reduce(h, k)];
                    if h < *bin {
                        self.empty -= usize::from(*bin == EMPTY_BIN);
                        *bin = h;
                    }
                }
            }
            Variant::Classic => {
                let seed = self.params.seed;
                for (i, bin) in self.bins.iter_mut().enumerate() {
                    let s = row_seed(seed, i as u32);
                    *bin = hashes.iter().fold(*bin, |m, &h| m.min(mix(h ^ s)));
                }
                self.recount();
            }
        }
    }

    /// Inserts every item of `items`: hashes them, then
    /// [`insert_hashes`](Self::insert_hashes) a chunk at a time.
    pub fn insert_batch<T: StableHash>(&mut self, items: &[T]) {
        let mut hashes = [0u64; CHUNK];
        for chunk in items.chunks(CHUNK) {
            for (h, x) in hashes.iter_mut().zip(chunk) {
                *h = x.stable_hash(self.params.seed);
            }
            self.insert_hashes(&hashes[..chunk.len()]);
        }
    }

    /// The signature value `i` as comparisons see it: the raw bin if it is
    /// filled, otherwise (one-permutation only) the value of the first
    /// filled bin on its densification probe sequence; [`EMPTY_BIN`] for
    /// the empty set.
    ///
    /// # Panics
    ///
    /// If `i >= k`.
    pub fn value(&self, i: usize) -> u64 {
        let v = self.bins[i];
        if v != EMPTY_BIN || self.params.variant == Variant::Classic {
            return v;
        }
        let k = self.params.k;
        for attempt in 0..RANDOM_PROBES + k as u32 {
            let b = self.bins[probe(self.params.seed, i, attempt, k)];
            if b != EMPTY_BIN {
                return b;
            }
        }
        EMPTY_BIN
    }

    /// The densified signature: [`value`](Self::value) of every index.
    /// Equal to [`bins`](Self::bins) when no bin is empty.
    ///
    /// # Complexity
    ///
    /// `O(k)` plus, per empty bin, the probes until a filled bin: about
    /// `k / filled` of them.
    pub fn values(&self) -> Vec<u64> {
        if self.params.variant == Variant::Classic || self.empty == 0 {
            return self.bins.clone();
        }
        (0..self.params.k).map(|i| self.value(i)).collect()
    }

    /// The estimated Jaccard similarity `|A ∩ B| / |A ∪ B|` of the two
    /// sets: the fraction of equal (densified) signature values. Two empty
    /// sets have similarity 1, an empty and a non-empty set 0.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge)
    /// if the signatures differ in variant, `k` or seed (their values are
    /// then not comparable).
    ///
    /// # Complexity
    ///
    /// `O(k)` when neither signature has empty bins; densification adds
    /// the probes of [`values`](Self::values), without allocating.
    pub fn jaccard(&self, other: &MinHash) -> Result<f64> {
        self.params.check_compatible(&other.params)?;
        match (self.is_empty(), other.is_empty()) {
            (true, true) => return Ok(1.0),
            (true, false) | (false, true) => return Ok(0.0),
            (false, false) => {}
        }
        let k = self.params.k;
        let equal = if self.params.variant == Variant::Classic {
            count_equal(&self.bins, &other.bins)
        } else {
            if self.empty == 0 && other.empty == 0 {
                count_equal(&self.bins, &other.bins)
            } else {
                // Compare filled bins directly; densify only the positions
                // empty on either side.
                let mut equal = 0;
                for (i, (&x, &y)) in self.bins.iter().zip(&other.bins).enumerate() {
                    equal += usize::from(if x != EMPTY_BIN && y != EMPTY_BIN {
                        x == y
                    } else {
                        self.value(i) == other.value(i)
                    });
                }
                equal
            }
        };
        Ok(equal as f64 / k as f64)
    }

    /// [`jaccard`](Self::jaccard) with its standard error,
    /// `sqrt(J (1 - J) / k)` at the estimate.
    ///
    /// # Errors
    ///
    /// As [`jaccard`](Self::jaccard).
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::similarity::MinHash;
    ///
    /// let mut a = MinHash::new(256);
    /// let mut b = MinHash::new(256);
    /// a.extend(0..900u32);
    /// b.extend(100..1000u32); // Jaccard 800 / 1000
    /// let e = a.jaccard_estimate(&b)?;
    /// assert!((e.estimate - 0.8).abs() < 4.0 * e.standard_error.max(0.025));
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn jaccard_estimate(&self, other: &MinHash) -> Result<JaccardEstimate> {
        let estimate = self.jaccard(other)?;
        Ok(JaccardEstimate {
            estimate,
            standard_error: jaccard_standard_error(estimate, self.params.k),
        })
    }

    /// Resets to the empty signature of the same parameters, without
    /// reallocating.
    pub fn clear(&mut self) {
        self.bins.fill(EMPTY_BIN);
        self.empty = self.params.k;
    }

    /// Recounts the empty bins after a change of many bins.
    pub(crate) fn recount(&mut self) {
        self.empty = self.bins.iter().map(|&b| is_zero(!b)).sum::<u64>() as usize;
    }
}

/// The number of positions where `a` and `b` hold the same value.
pub(crate) fn count_equal(a: &[u64], b: &[u64]) -> usize {
    a.iter().zip(b).map(|(&x, &y)| is_zero(x ^ y)).sum::<u64>() as usize
}

/// 1 if `d` is 0, else 0, in arithmetic that the x86-64 baseline (SSE2,
/// which has no 64-bit compare) vectorizes: `d | -d` has its top bit set
/// exactly when `d` is not 0.
#[inline(always)]
pub(crate) fn is_zero(d: u64) -> u64 {
    ((d | d.wrapping_neg()) >> 63) ^ 1
}

/// Items hashed per [`MinHash::insert_hashes`] call of a batch insert.
const CHUNK: usize = 256;

/// Inserts every item, hashed a chunk at a time, so the classic variant
/// computes each row's seed once per chunk instead of once per item.
impl<T: StableHash> Extend<T> for MinHash {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let mut hashes = [0u64; CHUNK];
        let mut n = 0;
        for x in iter {
            hashes[n] = x.stable_hash(self.params.seed);
            n += 1;
            if n == CHUNK {
                self.insert_hashes(&hashes);
                n = 0;
            }
        }
        self.insert_hashes(&hashes[..n]);
    }
}

/// Never refuses an item.
impl<T: StableHash> Insert<T> for MinHash {
    #[inline]
    fn insert(&mut self, item: T) -> Result<()> {
        MinHash::insert(self, &item);
        Ok(())
    }
}

impl std::fmt::Debug for MinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MinHash")
            .field("variant", &self.params.variant)
            .field("k", &self.params.k)
            .field("seed", &self.params.seed)
            .field("empty_bins", &self.empty_bins())
            .field("bins", &self.bins)
            .finish()
    }
}
