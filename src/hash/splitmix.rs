//! splitmix64 (Steele, Lea and Flood, 2014), the crate's one small
//! deterministic generator: Count-Min's row multipliers, KLL's compaction
//! coins and the skip list's levels. Its outputs are part of the encodings
//! (a seed fixes them), so they never change.

/// The golden-ratio increment of the generator's state.
pub(crate) const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The generator's output for the state after `state` (the state advances
/// by [`GAMMA`] per output). A `const fn`, for tables built at compile time.
pub(crate) const fn splitmix64(state: u64) -> u64 {
    let mut z = state.wrapping_add(GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The next output of the generator whose state is `state`, advancing it.
#[inline]
pub(crate) fn next(state: &mut u64) -> u64 {
    let out = splitmix64(*state);
    *state = state.wrapping_add(GAMMA);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outputs_are_the_published_splitmix64_sequence() {
        // The first outputs from seed 0 (the reference implementation's).
        let mut state = 0;
        let first: Vec<u64> = (0..3).map(|_| next(&mut state)).collect();
        assert_eq!(
            first,
            [
                0xE220_A839_7B1D_CDAF,
                0x6E78_9E6A_A1B9_65F4,
                0x06C4_5D18_8009_454F
            ]
        );
        assert_eq!(state, GAMMA.wrapping_mul(3));
    }
}
