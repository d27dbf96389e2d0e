//! How an item becomes a coupon: a 26-bit slot and a register value.

use crate::hash::{StableHash, DATASKETCHES_SEED};

/// Bits of the slot kept in a coupon (the sparse representation's
/// resolution, and DataSketches' coupon layout).
pub(crate) const SLOT_BITS: u32 = 26;
pub(crate) const SLOT_MASK: u32 = (1 << SLOT_BITS) - 1;

/// How a [`HyperLogLog`](super::HyperLogLog) hashes items.
///
/// Both schemes produce a register index from some bits of the hash and a
/// geometric register value from others; the value does not depend on the
/// precision, so a sketch folds down to a lower precision exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hashing {
    /// sketchfold's own: the seeded XXH3-64 [`StableHash`] of the item; the
    /// register index is the low bits of the hash, the value is the number of
    /// leading zeros (at most 38) plus one.
    Xxh3 {
        /// The hash seed; sketches merge only with sketches of the same seed.
        seed: u64,
    },
    /// Apache DataSketches': MurmurHash3 x64-128 with seed 9001; the index is
    /// the low bits of h1, the value the leading zeros of h2 (at most 62)
    /// plus one. An item lands in the same register as in DataSketches.
    DataSketches,
}

impl Hashing {
    /// The largest count of leading zeros a register value records (`q` in
    /// Ertl's estimator): values run from 1 to `q + 1`.
    pub(crate) const fn q(self) -> u32 {
        match self {
            Hashing::Xxh3 { .. } => 38,
            Hashing::DataSketches => 62,
        }
    }

    pub(crate) fn tag(self) -> u8 {
        match self {
            Hashing::Xxh3 { .. } => 0,
            Hashing::DataSketches => 1,
        }
    }

    pub(crate) fn seed(self) -> u64 {
        match self {
            Hashing::Xxh3 { seed } => seed,
            Hashing::DataSketches => DATASKETCHES_SEED,
        }
    }

    /// The coupon of `item`, or `None` for items DataSketches ignores.
    #[inline]
    pub(crate) fn coupon<T: StableHash + ?Sized>(self, item: &T) -> Option<u32> {
        match self {
            Hashing::Xxh3 { seed } => Some(xxh3_coupon(item.stable_hash(seed))),
            Hashing::DataSketches => item
                .murmur3_128(DATASKETCHES_SEED)
                .map(|(h1, h2)| murmur_coupon(h1, h2)),
        }
    }
}

impl std::fmt::Display for Hashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hashing::Xxh3 { seed } => write!(f, "xxh3 seed {seed:#x}"),
            Hashing::DataSketches => f.write_str("DataSketches murmur3 seed 9001"),
        }
    }
}

/// The register value of a native 64-bit hash.
#[inline(always)]
pub(crate) fn xxh3_value(h: u64) -> u8 {
    // Setting bit 25 caps the count at 38 (bits 63..26) without a branch,
    // and tells the compiler the operand is never zero.
    ((h | 1 << 25).leading_zeros() + 1) as u8
}

/// The coupon of a native 64-bit hash.
#[inline(always)]
pub(crate) fn xxh3_coupon(h: u64) -> u32 {
    (u32::from(xxh3_value(h)) << SLOT_BITS) | (h as u32 & SLOT_MASK)
}

/// The coupon of a DataSketches MurmurHash3 `(h1, h2)`.
#[inline(always)]
pub(crate) fn murmur_coupon(h1: u64, h2: u64) -> u32 {
    let value = (h2 | 2).leading_zeros() + 1; // at most 62 + 1
    (value << SLOT_BITS) | (h1 as u32 & SLOT_MASK)
}

#[inline(always)]
pub(crate) fn coupon_value(coupon: u32) -> u8 {
    (coupon >> SLOT_BITS) as u8
}

#[inline(always)]
pub(crate) fn coupon_slot(coupon: u32) -> u32 {
    coupon & SLOT_MASK
}
