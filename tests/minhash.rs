//! MinHash: the Jaccard estimate against sets of known similarity, both
//! variants, and its behaviour on edge cases and incompatible signatures.

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::similarity::{
    jaccard_standard_error, MinHash, MinHashParams, Variant, EMPTY_BIN, MAX_K,
};
use sketchfold::ErrorKind;

const VARIANTS: [Variant; 2] = [Variant::Classic, Variant::OnePermutation];

/// Two sets with exactly `shared` common elements and `only` elements of
/// their own each: Jaccard `shared / (shared + 2 only)`.
fn pair(shared: u64, only: u64) -> (Vec<u64>, Vec<u64>) {
    let a: Vec<u64> = (0..shared + only).collect();
    let b: Vec<u64> = (0..shared).chain(shared + only..shared + 2 * only).collect();
    (a, b)
}

fn sign(variant: Variant, k: usize, seed: u64, items: &[u64]) -> MinHash {
    let mut m = MinHash::with_params(MinHashParams::new(variant, k, seed).unwrap());
    m.insert_batch(items);
    m
}

/// The root-mean-square error of the estimate over `seeds` hash seeds.
fn rmse(variant: Variant, k: usize, a: &[u64], b: &[u64], j: f64, seeds: u64) -> f64 {
    let sum: f64 = (0..seeds)
        .map(|seed| {
            let seed = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED;
            let e = sign(variant, k, seed, a).jaccard(&sign(variant, k, seed, b)).unwrap();
            (e - j) * (e - j)
        })
        .sum();
    (sum / seeds as f64).sqrt()
}

// Over T seeds the squared errors average to the MSE with relative standard
// deviation sqrt((kurtosis - 1) / T); for a binomial proportion at k = 128
// and J in {0.1, 0.5, 0.9} kurtosis - 1 is at most 2.04, so the RMSE has
// relative standard deviation at most sqrt(2.04 / T) / 2 = 2.26% at
// T = 1000. The bound 1.1 x theory is then 4.4 standard deviations above
// the classic variant's exact RMSE (false-failure probability about 5e-6
// per case, 3e-5 for the six cases); one-permutation hashing's RMSE is
// smaller by the finite-population factor sqrt((n - k) / (n - 1)) = 0.934
// at n = 1000, which widens its margin to 8 standard deviations.
const SEEDS: u64 = 1000;

#[test]
fn rmse_over_seeds_is_within_1_1_times_the_standard_error_at_jaccard_0_1_0_5_0_9() {
    let k = 128;
    for (shared, only, j) in [(100, 450, 0.1), (500, 250, 0.5), (900, 50, 0.9)] {
        let (a, b) = pair(shared, only);
        let theory = jaccard_standard_error(j, k);
        for variant in VARIANTS {
            let measured = rmse(variant, k, &a, &b, j, SEEDS);
            eprintln!("{variant} J {j}: RMSE {measured:.5}, theory {theory:.5}, ratio {:.3}", measured / theory);
            assert!(
                measured <= 1.1 * theory,
                "{variant} at J {j}: RMSE {measured} > 1.1 x {theory}"
            );
        }
    }
}
