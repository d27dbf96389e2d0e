//! The integer mixing behind both variants: one 64-bit finalizer, the
//! per-row seeds of the classic variant, and the probe sequence of optimal
//! densification.

/// A bijective 64-bit finalizer (the "moremur" constants of Pelle Evensen's
/// splitmix64 variant): every output bit depends on every input bit.
#[inline(always)]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 27;
    x = x.wrapping_mul(0x3C79_AC49_2BA7_B653);
    x ^= x >> 33;
    x = x.wrapping_mul(0x1C69_B3F7_4AC4_AE35);
    x ^= x >> 27;
    x
}

/// The golden-ratio increment of splitmix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The seed of row `i` of a classic signature hashed with `seed`: the
/// `i`-th output of splitmix64 started at `seed`.
#[inline]
pub(crate) fn row_seed(seed: u64, i: u32) -> u64 {
    mix(seed.wrapping_add(GAMMA.wrapping_mul(u64::from(i) + 1)))
}

/// Maps a uniform 64-bit value onto `0..n` (multiply-shift: the high word of
/// the 128-bit product), so `n` need not be a power of two.
#[inline(always)]
pub(crate) fn reduce(h: u64, n: usize) -> usize {
    ((u128::from(h) * n as u128) >> 64) as usize
}

/// Random probes of a bin's densification before the sequence falls back to
/// a linear scan (which guarantees it ends).
pub(crate) const RANDOM_PROBES: u32 = 64;

/// The `attempt`-th bin (from 0) that empty bin `bin` of a `k`-bin
/// signature hashed with `seed` borrows from: first [`RANDOM_PROBES`]
/// uniformly random bins, then bins `bin + 1, bin + 2, ...` cyclically, so
/// that every bin is reached within `RANDOM_PROBES + k` attempts. The
/// sequence depends only on `(seed, bin, attempt)`, which is what makes
/// densified signatures of two sets comparable (Shrivastava, "Optimal
/// densification for fast and accurate minwise hashing", ICML 2017).
#[inline]
pub(crate) fn probe(seed: u64, bin: usize, attempt: u32, k: usize) -> usize {
    if attempt < RANDOM_PROBES {
        let key = ((bin as u64) << 8) | u64::from(attempt);
        reduce(mix(key ^ mix(seed ^ 0xD6E8_FEB8_6659_FD93)), k)
    } else {
        (bin + 1 + (attempt - RANDOM_PROBES) as usize) % k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_reach_every_bin() {
        let k = 5;
        for bin in 0..k {
            let mut seen = [false; 5];
            for a in 0..RANDOM_PROBES + k as u32 {
                seen[probe(1, bin, a, k)] = true;
            }
            assert!(seen.iter().all(|&s| s));
        }
    }

    #[test]
    fn reduce_stays_in_range() {
        for n in [1usize, 3, 128, 1000] {
            assert!(reduce(u64::MAX, n) < n);
            assert_eq!(reduce(0, n), 0);
        }
    }
}
