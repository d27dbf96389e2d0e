//! LshIndex: recall and precision on synthetic sets with planted
//! near-duplicates, against the S-curve of the bands chosen from the
//! threshold.

use sketchfold::similarity::{LshIndex, LshParams, MinHash, MinHashParams, Variant};
use sketchfold::ErrorKind;

/// Base sets indexed.
const N: u64 = 400;
/// Elements per set.
const SIZE: u64 = 300;

/// Set `i`, with its first `SIZE - changed` elements kept and `changed`
/// replaced by elements of its own (tagged `variant_tag`): Jaccard with the
/// base `(SIZE - changed) / (SIZE + changed)`.
fn set(i: u64, changed: u64, variant_tag: u64) -> Vec<u64> {
    let base = i << 32;
    (0..SIZE - changed)
        .map(|e| base + e)
        .chain((0..changed).map(|e| base + (variant_tag << 20) + e))
        .collect()
}

fn jaccard(changed: u64) -> f64 {
    (SIZE - changed) as f64 / (SIZE + changed) as f64
}

fn sign(params: MinHashParams, items: &[u64]) -> MinHash {
    let mut m = MinHash::with_params(params);
    m.insert_batch(items);
    m
}

/// One similarity's measurement: (similarity, fraction of queries whose
/// base is a candidate, fraction whose base passes verification, number of
/// other bases returned by verification).
type Row = (f64, f64, f64, usize);

/// Planted near-duplicates of every base set at three similarities, queried
/// against an index of the bases.
fn measure(variant: Variant, seed: u64) -> (LshIndex<u64>, Vec<Row>) {
    let params = MinHashParams::new(128)
        .unwrap()
        .with_variant(variant)
        .with_seed(seed);
    let mut index = LshIndex::try_new(params, 0.7).unwrap();
    for i in 0..N {
        index.insert(i, &sign(params, &set(i, 0, 0))).unwrap();
    }
    let mut rows = Vec::new();
    // 24 changed: J = 0.852; 75: J = 0.600; 100: J = 0.500.
    for changed in [24, 75, 100] {
        let (mut candidate, mut verified, mut others) = (0, 0, 0);
        for i in 0..N {
            let q = sign(params, &set(i, changed, 1));
            candidate += usize::from(index.query(&q).unwrap().contains(&&i));
            for (id, _) in index.query_similar(&q).unwrap() {
                if *id == i {
                    verified += 1;
                } else {
                    others += 1;
                }
            }
        }
        rows.push((
            jaccard(changed),
            candidate as f64 / N as f64,
            verified as f64 / N as f64,
            others,
        ));
    }
    (index, rows)
}

#[test]
fn bands_for_threshold_0_7_at_k_128_are_14_of_9_rows() {
    // The smallest false-positive plus false-negative area; its knee
    // (1/b)^(1/r) is 0.746.
    let index: LshIndex<u32> = LshIndex::try_new(MinHashParams::new(128).unwrap(), 0.7).unwrap();
    assert_eq!((index.bands(), index.rows()), (14, 9));
    assert!(index.probability(0.5) < 0.03);
    assert!(index.probability(0.9) > 0.99);
}

// Each query is a Bernoulli trial with the S-curve's probability P(s) of
// finding its base; over N = 400 queries the measured fraction has standard
// deviation sqrt(P (1 - P) / 400) <= 0.025. The candidate rate is checked
// within 4 of those (plus 0.01 for the one-permutation variant, whose
// values are not exactly independent), false-failure probability below
// 1e-4 per rate. Verification keeps a candidate when its estimate, with
// standard error at most 0.044, reaches 0.7: at J = 0.852 that fails with
// probability below 1e-5 per query, at J = 0.5 it passes with probability
// below 1e-5.
#[test]
fn planted_near_duplicates_are_found_at_the_rate_of_the_s_curve_and_verified() {
    for variant in [Variant::Classic, Variant::OnePermutation] {
        for seed in [1, 2] {
            let (index, rows) = measure(variant, seed);
            for &(s, candidate, verified, others) in &rows {
                let p = index.probability(s);
                let sd = (p * (1.0 - p) / N as f64).sqrt();
                eprintln!(
                    "{variant} seed {seed}: J {s:.3} expected {p:.4}, candidates {candidate:.4}, verified {verified:.4}, other sets {others}"
                );
                let slack = if variant == Variant::Classic {
                    0.0
                } else {
                    0.01
                };
                assert!(
                    (candidate - p).abs() <= 4.0 * sd + slack + 1e-9,
                    "{variant} J {s}: candidate rate {candidate} vs S-curve {p}"
                );
                assert!(verified <= candidate);
                assert_eq!(others, 0, "unrelated sets (J = 0) verified");
            }
            let (_, near, near_verified, _) = rows[0];
            assert_eq!(
                near_verified, near,
                "a candidate at J 0.852 failed verification"
            );
            let (_, _, far_verified, _) = rows[2];
            assert_eq!(far_verified, 0.0, "J 0.5 verified above 0.7");
        }
    }
}

#[test]
fn precision_of_verified_answers_is_high_when_near_misses_are_queried_too() {
    // Queries at J = 0.852 (should be found) and J = 0.6 (near misses
    // below the 0.7 threshold): a near miss passes verification only when
    // it shares a band (P(0.6) = 0.25) and its estimate reaches 0.7, 2.3
    // standard errors above its mean (about 1%, more given the shared
    // band): expected well under 10 of 400. Recall is the S-curve's
    // P(0.852) = 0.977 (verification loses nothing there), checked within
    // 4 standard deviations of 400 trials plus 0.01.
    let (index, rows) = measure(Variant::OnePermutation, 3);
    let p = index.probability(rows[0].0);
    let sd = (p * (1.0 - p) / N as f64).sqrt();
    let true_positives = rows[0].2 * N as f64;
    let false_positives = rows[1].2 * N as f64 + rows[2].2 * N as f64;
    let precision = true_positives / (true_positives + false_positives);
    eprintln!("true {true_positives}, false {false_positives}, precision {precision:.4}");
    assert!(precision >= 0.97, "precision {precision}");
    assert!(
        rows[0].2 >= p - 4.0 * sd - 0.01,
        "recall {} vs {p}",
        rows[0].2
    );
}

#[test]
fn an_index_refuses_signatures_of_other_parameters_and_bad_settings() {
    let params = MinHashParams::new(64).unwrap();
    let mut index = LshIndex::try_new(params, 0.5).unwrap();
    let other = MinHash::with_params(
        MinHashParams::new(64)
            .unwrap()
            .with_variant(Variant::Classic)
            .with_seed(params.seed()),
    );
    let e = index.insert(1, &other).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::IncompatibleMerge { .. }));
    assert!(index.is_empty());
    assert!(index.query(&other).is_err());
    assert!(index.query_similar(&other).is_err());
    for t in [0.0, 1.0, -0.5, f64::NAN, f64::INFINITY] {
        assert!(LshIndex::<u8>::try_new(params, t).is_err(), "threshold {t}");
    }
    assert!(LshParams::with_bands(params, 0.5, 8, 9).is_err());
    assert!(LshParams::with_bands(params, 0.5, 0, 4).is_err());
    let index = LshIndex::<u8>::with_params(LshParams::with_bands(params, 0.5, 8, 8).unwrap());
    assert_eq!(
        (index.bands(), index.rows(), index.threshold()),
        (8, 8, 0.5)
    );
}

#[test]
fn empty_and_sparse_signatures_index_and_query_without_panicking() {
    let params = MinHashParams::new(128).unwrap();
    let mut index = LshIndex::try_new(params, 0.8).unwrap();
    let empty = MinHash::with_params(params);
    index.insert("empty", &empty).unwrap();
    index.insert("three", &sign(params, &[1, 2, 3])).unwrap();
    assert_eq!(index.len(), 2);
    assert_eq!(index.query_similar(&empty).unwrap(), vec![(&"empty", 1.0)]);
    let found = index.query_similar(&sign(params, &[1, 2, 3])).unwrap();
    assert_eq!(found, vec![(&"three", 1.0)]);
}
