//! What a MinHash signature is built with: its variant, its length and its
//! seed.

use std::fmt;

use crate::error::{Error, Result};
use crate::hash::DEFAULT_SEED;

/// The largest signature length: densifying a signature with a single
/// non-empty bin costs `O(k^2)` probes, which stays below a second here.
pub const MAX_K: usize = 8192;

/// How a signature is computed. Both estimate the Jaccard similarity with
/// the same standard error, `sqrt(J (1 - J) / k)`, and merge exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Variant {
    /// `k` independent hash functions, the minimum of each over the set:
    /// `O(k)` work per element (Broder, 1997).
    Classic,
    /// One hash per element, which picks one of `k` bins and competes for
    /// its minimum: `O(1)` work per element (Li, Owen and Zhang, "One
    /// permutation hashing", 2012). Bins no element fell into are filled at
    /// comparison time by optimal densification (Shrivastava, 2017); the
    /// state keeps the raw bins, so merges stay exact.
    OnePermutation,
}

impl Variant {
    /// The tag the encoding stores.
    pub(crate) fn tag(self) -> u8 {
        match self {
            Variant::Classic => 0,
            Variant::OnePermutation => 1,
        }
    }

    /// The variant of an encoded tag.
    pub(crate) fn from_tag(tag: u8) -> Option<Variant> {
        match tag {
            0 => Some(Variant::Classic),
            1 => Some(Variant::OnePermutation),
            _ => None,
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Variant::Classic => "classic",
            Variant::OnePermutation => "one-permutation",
        })
    }
}

/// The parameters of a [`MinHash`](super::MinHash) signature: variant,
/// length `k` and hash seed. Signatures compare and merge only with
/// signatures of equal parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawParams"))]
pub struct MinHashParams {
    pub(crate) variant: Variant,
    pub(crate) k: usize,
    pub(crate) seed: u64,
}

impl MinHashParams {
    /// Parameters for a one-permutation signature of `k` values (1 to
    /// [`MAX_K`]) with the default seed; [`with_variant`](Self::with_variant)
    /// and [`with_seed`](Self::with_seed) change those.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `k` is 0 or above [`MAX_K`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::similarity::{MinHashParams, Variant};
    ///
    /// let p = MinHashParams::new(128)?.with_variant(Variant::Classic).with_seed(7);
    /// assert_eq!((p.k(), p.variant(), p.seed()), (128, Variant::Classic, 7));
    /// assert!(MinHashParams::new(0).is_err());
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn new(k: usize) -> Result<MinHashParams> {
        if k == 0 || k > MAX_K {
            return Err(Error::invalid_parameter(
                "k",
                k,
                format!("a signature length from 1 to {MAX_K}"),
            ));
        }
        Ok(MinHashParams {
            variant: Variant::OnePermutation,
            k,
            seed: DEFAULT_SEED,
        })
    }

    /// The same parameters with another variant.
    #[must_use]
    pub fn with_variant(self, variant: Variant) -> MinHashParams {
        MinHashParams { variant, ..self }
    }

    /// The same parameters with items hashed with `seed`. Signatures
    /// compare and merge only with signatures of the same seed.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> MinHashParams {
        MinHashParams { seed, ..self }
    }

    /// The variant.
    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The signature length.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The seed items are hashed with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Checks that signatures of `self` and `other` can be compared or
    /// merged: equal variant, length and seed.
    pub(crate) fn check_compatible(&self, other: &MinHashParams) -> Result<()> {
        if self.variant != other.variant {
            return Err(Error::incompatible("variant", self.variant, other.variant));
        }
        if self.k != other.k {
            return Err(Error::incompatible("k", self.k, other.k));
        }
        if self.seed != other.seed {
            return Err(Error::incompatible("seed", self.seed, other.seed));
        }
        Ok(())
    }
}

/// The parameters of an [`LshIndex`](super::LshIndex): the signatures'
/// parameters, the similarity threshold, and the banding (`bands` bands of
/// `rows` values each) that places the index's S-curve on the threshold.
///
/// # Examples
///
/// ```
/// use sketchfold::similarity::{LshParams, MinHashParams};
///
/// let p = LshParams::new(MinHashParams::new(128)?, 0.8)?;
/// assert!(p.bands() * p.rows() <= 128);
/// let q = LshParams::with_bands(MinHashParams::new(128)?, 0.8, 16, 8)?;
/// assert_eq!((q.bands(), q.rows()), (16, 8));
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LshParams {
    pub(crate) minhash: MinHashParams,
    pub(crate) threshold: f64,
    pub(crate) bands: usize,
    pub(crate) rows: usize,
}

impl LshParams {
    /// An index of signatures of `minhash` for similarity `threshold`, its
    /// bands chosen to minimise the false-positive plus false-negative area
    /// under the S-curve (see the [module docs](super)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `threshold` is not strictly between 0 and 1.
    ///
    /// # Complexity
    ///
    /// Choosing the bands evaluates `k` candidate bandings numerically,
    /// `O(k)` with a constant of a few hundred.
    pub fn new(minhash: MinHashParams, threshold: f64) -> Result<LshParams> {
        check_threshold(threshold)?;
        let (bands, rows) = super::banding::choose(minhash.k(), threshold);
        Ok(LshParams {
            minhash,
            threshold,
            bands,
            rows,
        })
    }

    /// An index with `bands` bands of `rows` values each, verifying
    /// against `threshold`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `threshold` is not strictly between 0 and 1, `bands` or `rows` is
    /// 0, or `bands * rows` exceeds `k`.
    pub fn with_bands(
        minhash: MinHashParams,
        threshold: f64,
        bands: usize,
        rows: usize,
    ) -> Result<LshParams> {
        check_threshold(threshold)?;
        if bands == 0 || rows == 0 || bands.saturating_mul(rows) > minhash.k() {
            return Err(Error::invalid_parameter(
                "bands x rows",
                format!("{bands} x {rows}"),
                format!(
                    "at least one band of at least one row, at most k = {} values",
                    minhash.k()
                ),
            ));
        }
        Ok(LshParams {
            minhash,
            threshold,
            bands,
            rows,
        })
    }

    /// The parameters signatures must have.
    pub fn minhash(&self) -> MinHashParams {
        self.minhash
    }

    /// The similarity threshold.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The number of bands `b`.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// The values per band `r`.
    pub fn rows(&self) -> usize {
        self.rows
    }
}

fn check_threshold(threshold: f64) -> Result<()> {
    if threshold > 0.0 && threshold < 1.0 {
        Ok(())
    } else {
        Err(Error::invalid_parameter(
            "threshold",
            threshold,
            "a Jaccard similarity strictly between 0 and 1",
        ))
    }
}

/// Deserialized parameters before validation.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawParams {
    variant: Variant,
    k: usize,
    seed: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawParams> for MinHashParams {
    type Error = Error;
    fn try_from(p: RawParams) -> Result<MinHashParams> {
        Ok(MinHashParams::new(p.k)?
            .with_variant(p.variant)
            .with_seed(p.seed))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Variant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_u8(self.tag())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Variant {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let tag = u8::deserialize(d)?;
        Variant::from_tag(tag).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown MinHash variant {tag} (0 = classic, 1 = one-permutation)"
            ))
        })
    }
}
