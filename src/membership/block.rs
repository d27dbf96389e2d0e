//! The split-block layout: blocks of 32-bit words, one bit set in every
//! word of one block per item.
//!
//! An item's 64-bit hash picks its block from the high 32 bits
//! (multiply-shift, `((h >> 32) * blocks) >> 32`, so the block count need
//! not be a power of two) and, in word `i` of that block, the bit
//! `(low * SALT[i]) >> 27` of the low 32 bits `low` (an odd multiplier is a
//! bijection of the 32-bit words; its top five bits pick one of 32 bits).
//! The per-word loops run over fixed-size arrays, without branches, so
//! LLVM turns each into a few vector instructions.

/// Odd 32-bit multipliers, one per word of a block (splitmix64 outputs of a
/// fixed seed, high halves with the lowest bit set).
const SALT: [u32; 16] = [
    0xf8c4_3fa3,
    0xdc61_ef75,
    0x7d6a_9bb9,
    0xf73d_8d71,
    0xad43_05fd,
    0x00cb_3dc7,
    0x2723_45f5,
    0x79a7_494b,
    0x4e9a_f21d,
    0xf335_c525,
    0x51c0_c4cd,
    0x9e38_f303,
    0x261e_d20f,
    0xd28c_392d,
    0xcc8d_3d1d,
    0xc29e_3c8b,
];

/// Bits in one word of a block.
pub(crate) const WORD_BITS: u32 = 32;

/// The largest block count: multiply-shift maps the high 32 bits of a hash
/// onto `0..blocks`, and the encoding stores the count as a `u32`.
pub(crate) const MAX_BLOCKS: usize = u32::MAX as usize;

/// The block an item of hash `hash` goes to, among `blocks` (at most
/// [`MAX_BLOCKS`]).
#[inline(always)]
pub(crate) fn block_index(hash: u64, blocks: usize) -> usize {
    (((hash >> 32) * blocks as u64) >> 32) as usize
}

/// One block of a split-block filter: `WORDS` words of 32 bits, one bit of
/// each set per item.
pub(crate) trait Block: Copy + Default + Eq {
    /// Words per block, and so bits set per item.
    const WORDS: usize;

    /// Sets the item's bits; true if they were all set already.
    fn insert(&mut self, low: u32) -> bool;

    /// True if every bit of the item is set.
    fn contains(&self, low: u32) -> bool;

    /// Bitwise OR with `other`.
    fn union(&mut self, other: &Self);

    /// Bitwise AND with `other`.
    fn intersect(&mut self, other: &Self);

    /// The words.
    fn words(&self) -> &[u32];

    /// The words, mutably.
    fn words_mut(&mut self) -> &mut [u32];
}

macro_rules! block {
    ($(#[$doc:meta])* $name:ident, align $align:literal, $words:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #[repr(C, align($align))]
        pub(crate) struct $name([u32; $words]);

        impl $name {
            /// The bit the item sets in each word.
            #[inline(always)]
            fn mask(low: u32) -> [u32; $words] {
                let mut mask = [0u32; $words];
                for (m, salt) in mask.iter_mut().zip(&SALT) {
                    *m = 1u32 << (low.wrapping_mul(*salt) >> 27);
                }
                mask
            }
        }

        impl Block for $name {
            const WORDS: usize = $words;

            #[inline(always)]
            fn insert(&mut self, low: u32) -> bool {
                let mask = Self::mask(low);
                let mut missing = 0u32;
                for (w, m) in self.0.iter_mut().zip(mask) {
                    missing |= m & !*w;
                    *w |= m;
                }
                missing == 0
            }

            #[inline(always)]
            fn contains(&self, low: u32) -> bool {
                let mask = Self::mask(low);
                let mut missing = 0u32;
                for (w, m) in self.0.iter().zip(mask) {
                    missing |= m & !*w;
                }
                missing == 0
            }

            #[inline(always)]
            fn union(&mut self, other: &Self) {
                for (w, o) in self.0.iter_mut().zip(other.0) {
                    *w |= o;
                }
            }

            #[inline(always)]
            fn intersect(&mut self, other: &Self) {
                for (w, o) in self.0.iter_mut().zip(other.0) {
                    *w &= o;
                }
            }

            fn words(&self) -> &[u32] {
                &self.0
            }

            fn words_mut(&mut self) -> &mut [u32] {
                &mut self.0
            }
        }
    };
}

block!(
    /// 256 bits (eight words, eight bits per item), aligned so that a block
    /// never straddles a cache line.
    Block256,
    align 32,
    8
);

block!(
    /// 512 bits (sixteen words, sixteen bits per item): one cache line.
    Block512,
    align 64,
    16
);
