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
    /// Parameters for a signature of `k` values (1 to [`MAX_K`]) of
    /// `variant`, hashing items with `seed`.
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
    /// let p = MinHashParams::new(Variant::OnePermutation, 128, 7)?;
    /// assert_eq!(p.k(), 128);
    /// assert!(MinHashParams::new(Variant::Classic, 0, 7).is_err());
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn new(variant: Variant, k: usize, seed: u64) -> Result<MinHashParams> {
        if k == 0 || k > MAX_K {
            return Err(Error::invalid_parameter(
                "k",
                k,
                format!("a signature length from 1 to {MAX_K}"),
            ));
        }
        Ok(MinHashParams { variant, k, seed })
    }

    /// One-permutation parameters of length `k` with the default seed.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn with_k(k: usize) -> Result<MinHashParams> {
        MinHashParams::new(Variant::OnePermutation, k, DEFAULT_SEED)
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
        MinHashParams::new(p.variant, p.k, p.seed)
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
