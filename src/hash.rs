//! Stable, seeded 64-bit item hashing, the same on every platform and every
//! version of sketchfold.
//!
//! Sketches that are encoded, stored or merged across processes must hash an
//! item to the same value everywhere, forever. [`StableHash`] defines that
//! hash for the common item types with seeded XXH3-64 (`xxhash-rust`):
//!
//! | item | bytes hashed |
//! | --- | --- |
//! | integers (`i8`..`i64`, `u8`..`u64`, `isize`, `usize`) | the value as 8 little-endian bytes (signed values sign-extended, unsigned zero-extended), so `5u8`, `5i32` and `5u64` hash alike |
//! | `i128`, `u128` | 16 little-endian bytes |
//! | `bool`, `char` | as the integers `0`/`1` and the scalar value |
//! | `f64`, `f32` | `f32` widened to `f64`; `-0.0` becomes `+0.0`, every NaN becomes `0x7FF8000000000000`; then the 8 little-endian bytes of the bits |
//! | `str`, `String` | the UTF-8 bytes, no length, no terminator |
//! | `[u8]`, `Vec<u8>`, `[u8; N]` | the bytes |
//! | tuples up to 6 | each member hashed with the seed, the member hashes concatenated as little-endian `u64`s and hashed again with the seed |
//!
//! The byte rules for integers, floats and strings are those of Apache
//! DataSketches, so [`StableHash::murmur3_128`] hashes the same bytes with
//! MurmurHash3 x64-128 as DataSketches does (see [`murmur3_x64_128`]); one
//! difference: DataSketches sign-extends unsigned 8-, 16- and 32-bit values,
//! sketchfold zero-extends them, so `u32` values of 2^31 and above hash
//! differently (pass them as `i64` to match DataSketches).
//!
//! Test vectors in `tests/hash_vectors.rs` pin every rule: a change that
//! alters a hash (and would silently break every stored sketch) fails them.
//!
//! A user type implements [`StableHash`] by hashing a canonical byte form with
//! [`hash_bytes`], or by combining its fields with [`combine`].
//!
//! # Seeds and adversaries
//!
//! [`DEFAULT_SEED`] is public, so anyone can compute an item's hash and
//! craft items that steer a sketch built with it (inflate or deflate a
//! HyperLogLog, make an absent item present in a Bloom filter). Where the
//! items come from people who might do that, build every sketch of one
//! aggregation with the same secret seed; sketches of different seeds
//! refuse to merge. `docs/threat-model.md` in the repository measures the
//! attacks and says what a secret seed does and does not protect.
//!
//! # Example
//!
//! ```
//! use sketchfold::hash::{StableHash, DEFAULT_SEED};
//!
//! assert_eq!(5u8.stable_hash(DEFAULT_SEED), 5i64.stable_hash(DEFAULT_SEED));
//! assert_eq!((-0.0f64).stable_hash(7), 0.0f64.stable_hash(7));
//! assert_ne!("a".stable_hash(1), "a".stable_hash(2));
//! ```

use xxhash_rust::xxh3::xxh3_64_with_seed;

mod murmur3;
pub(crate) mod splitmix;

pub use murmur3::{datasketches_seed_hash, murmur3_x64_128, DATASKETCHES_SEED};

/// The seed sketches use unless given another one.
pub const DEFAULT_SEED: u64 = 0x736b_6574_6368_666f; // "sketchfo"

/// Hashes `bytes` with seeded XXH3-64: the primitive behind [`StableHash`].
#[inline]
pub fn hash_bytes(bytes: &[u8], seed: u64) -> u64 {
    xxh3_64_with_seed(bytes, seed)
}

/// Combines already-computed member hashes into one hash, as tuples do.
pub fn combine(hashes: &[u64], seed: u64) -> u64 {
    let mut buf = Vec::with_capacity(hashes.len() * 8);
    for h in hashes {
        buf.extend_from_slice(&h.to_le_bytes());
    }
    hash_bytes(&buf, seed)
}

/// An item with a stable, seeded 64-bit hash.
///
/// Implement [`stable_hash`](StableHash::stable_hash) for a user type;
/// [`murmur3_128`](StableHash::murmur3_128) has a default that hashes the
/// 8 bytes of `stable_hash(0)`.
pub trait StableHash {
    /// The item's XXH3-64 hash with `seed` (rules in the [module docs](self)).
    fn stable_hash(&self, seed: u64) -> u64;

    /// The item's MurmurHash3 x64-128 `(h1, h2)` with `seed`, as Apache
    /// DataSketches hashes it; `None` for the items DataSketches ignores
    /// (empty strings and empty byte arrays).
    fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
        Some(murmur3_x64_128(&self.stable_hash(0).to_le_bytes(), seed))
    }
}

/// Items hashed through a fixed-size canonical byte form.
macro_rules! stable_hash_via_bytes {
    ($($t:ty => |$v:ident| $bytes:expr;)*) => {$(
        impl StableHash for $t {
            #[inline]
            fn stable_hash(&self, seed: u64) -> u64 {
                let $v = *self;
                hash_bytes(&$bytes, seed)
            }
            #[inline]
            fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
                let $v = *self;
                Some(murmur3_x64_128(&$bytes, seed))
            }
        }
    )*};
}

stable_hash_via_bytes! {
    i8 => |v| i64::from(v).to_le_bytes();
    i16 => |v| i64::from(v).to_le_bytes();
    i32 => |v| i64::from(v).to_le_bytes();
    i64 => |v| v.to_le_bytes();
    isize => |v| (v as i64).to_le_bytes();
    u8 => |v| u64::from(v).to_le_bytes();
    u16 => |v| u64::from(v).to_le_bytes();
    u32 => |v| u64::from(v).to_le_bytes();
    u64 => |v| v.to_le_bytes();
    usize => |v| (v as u64).to_le_bytes();
    i128 => |v| v.to_le_bytes();
    u128 => |v| v.to_le_bytes();
    bool => |v| u64::from(v).to_le_bytes();
    char => |v| u64::from(u32::from(v)).to_le_bytes();
    f64 => |v| canonical_f64_bits(v).to_le_bytes();
    f32 => |v| canonical_f64_bits(f64::from(v)).to_le_bytes();
}

/// The canonical bits of a float: `-0.0` as `+0.0`, every NaN as
/// `0x7FF8000000000000`, everything else unchanged.
#[inline]
pub fn canonical_f64_bits(v: f64) -> u64 {
    if v.is_nan() {
        0x7FF8_0000_0000_0000
    } else if v == 0.0 {
        0
    } else {
        v.to_bits()
    }
}

impl StableHash for str {
    #[inline]
    fn stable_hash(&self, seed: u64) -> u64 {
        hash_bytes(self.as_bytes(), seed)
    }
    fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
        self.as_bytes().murmur3_128(seed)
    }
}

impl StableHash for [u8] {
    #[inline]
    fn stable_hash(&self, seed: u64) -> u64 {
        hash_bytes(self, seed)
    }
    fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
        (!self.is_empty()).then(|| murmur3_x64_128(self, seed))
    }
}

impl<const N: usize> StableHash for [u8; N] {
    #[inline]
    fn stable_hash(&self, seed: u64) -> u64 {
        self.as_slice().stable_hash(seed)
    }
    fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
        self.as_slice().murmur3_128(seed)
    }
}

/// Owners and references hash as what they hold.
macro_rules! stable_hash_deref {
    ($($(#[$gen:meta])? [$($g:tt)*] $t:ty => $target:ty;)*) => {$(
        impl<$($g)*> StableHash for $t {
            #[inline]
            fn stable_hash(&self, seed: u64) -> u64 {
                <$target as StableHash>::stable_hash(&**self, seed)
            }
            #[inline]
            fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
                <$target as StableHash>::murmur3_128(&**self, seed)
            }
        }
    )*};
}

stable_hash_deref! {
    [] String => str;
    [] Vec<u8> => [u8];
    [T: StableHash + ?Sized] &T => T;
    [T: StableHash + ?Sized] Box<T> => T;
}

macro_rules! stable_hash_tuple {
    ($($name:ident)+) => {
        impl<$($name: StableHash),+> StableHash for ($($name,)+) {
            #[allow(non_snake_case)]
            fn stable_hash(&self, seed: u64) -> u64 {
                let ($($name,)+) = self;
                combine(&[$($name.stable_hash(seed)),+], seed)
            }
        }
    };
}

stable_hash_tuple!(A);
stable_hash_tuple!(A B);
stable_hash_tuple!(A B C);
stable_hash_tuple!(A B C D);
stable_hash_tuple!(A B C D E);
stable_hash_tuple!(A B C D E F);
