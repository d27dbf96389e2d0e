//! The Bloom filter's specification: what `sketchfold::membership::BloomFilter`
//! promises, as tests.
//!
//! Accuracy tests are deterministic (fixed seeds, fixed items); each states
//! the probability that a correct implementation fails it by bad luck.

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::hash::StableHash;
use sketchfold::membership::{BloomFilter, BloomParams, Layout};
use sketchfold::ErrorKind;

const LAYOUTS: [Layout; 2] = [Layout::SplitBlock256, Layout::SplitBlock512];

fn filter(layout: Layout, items: u64, fpr: f64, seed: u64) -> BloomFilter {
    BloomFilter::with_params(
        BloomParams::sized(layout, items, fpr)
            .unwrap()
            .with_seed(seed),
    )
}

fn filled(
    layout: Layout,
    blocks: usize,
    seed: u64,
    items: impl IntoIterator<Item = u64>,
) -> BloomFilter {
    let mut f = BloomFilter::with_params(
        BloomParams::with_blocks(layout, blocks)
            .unwrap()
            .with_seed(seed),
    );
    f.extend(items);
    f
}

fn is_incompatible(e: &sketchfold::Error, what: &str) -> bool {
    matches!(e.kind(), ErrorKind::IncompatibleMerge { parameter, .. } if *parameter == what)
}

// ---------------------------------------------------------------------------
// No false negatives
// ---------------------------------------------------------------------------

#[test]
fn an_inserted_item_is_always_reported_present() {
    for layout in LAYOUTS {
        for seed in [0, 1, u64::MAX] {
            // Overfilled (2,000 items on 16 blocks) and at design load.
            for (blocks, n) in [(16, 2_000u64), (1_000, 20_000)] {
                let f = filled(layout, blocks, seed, 0..n);
                assert!((0..n).all(|i| f.contains(&i)), "{layout} seed {seed}");
                let back = BloomFilter::decode(&f.encode()).unwrap();
                assert!((0..n).all(|i| back.contains(&i)), "{layout} after decode");
            }
        }
    }
    let mut f = BloomFilter::new(100, 0.01);
    for word in ["", "a", "ünïcødé", "a much longer string than the others"] {
        f.insert(word);
        assert!(f.contains(word) && f.contains(&word.to_string()));
    }
    f.insert(&7u8);
    assert!(
        f.contains(&7u64),
        "integers hash alike whatever their width"
    );
}

#[test]
fn merged_filters_report_every_item_of_either_input() {
    let a = filled(Layout::DEFAULT, 500, 9, 0..10_000);
    let b = filled(Layout::DEFAULT, 500, 9, 5_000..20_000);
    let mut ab = a.clone();
    ab.merge(&b).unwrap();
    assert!((0..20_000u64).all(|i| ab.contains(&i)));
}

// ---------------------------------------------------------------------------
// False-positive rate against theory
// ---------------------------------------------------------------------------

/// Inserts 10^6 items into one filter per seed and counts false positives
/// on `queries` never-inserted items per filter; returns the pooled rate,
/// the theoretical rate and the mean exact rate of the filters' states.
fn measured_fpr(layout: Layout, fpr: f64, seeds: &[u64], queries: u64) -> (f64, f64, f64) {
    const N: u64 = 1_000_000;
    let (mut positives, mut current) = (0u64, 0.0);
    let mut theory = 0.0;
    for &seed in seeds {
        let mut f = filter(layout, N, fpr, seed);
        let items: Vec<u64> = (0..N).collect();
        f.insert_batch(&items);
        theory = f.theoretical_fpr(N);
        current += f.current_fpr();
        // Non-members: far above every inserted item.
        positives += (0..queries)
            .filter(|i| f.contains(&((1u64 << 40) + i)))
            .count() as u64;
    }
    let total = queries * seeds.len() as u64;
    (
        positives as f64 / total as f64,
        theory,
        current / seeds.len() as f64,
    )
}

/// The measured rate differs from the theoretical by two independent
/// effects: the filter's own state (its blocks did not fill exactly as the
/// expectation; relative s.d. 0.36% for two filters here) and the
/// binomial noise of 10^6 queries at 1% (0.99%). Together 1.06%, so 10%
/// is 9.4 standard deviations: a false-failure probability below 10^-20.
#[test]
fn measured_false_positive_rate_is_within_10_percent_of_theory_at_1_percent() {
    let (measured, theory, current) = measured_fpr(Layout::DEFAULT, 0.01, &[1, 2], 500_000);
    assert!(theory <= 0.01 && theory > 0.0099, "sized at {theory}");
    assert!(
        (measured - theory).abs() <= 0.1 * theory,
        "measured {measured} vs theoretical {theory}"
    );
    // The exact rate of the states: only the state noise (0.36%, so 5%
    // is 14 standard deviations).
    assert!(
        (current - theory).abs() <= 0.05 * theory,
        "{current} vs {theory}"
    );
}

/// At 0.1% with 4 x 10^6 queries: state noise 0.46%, query noise 1.58%,
/// together 1.64%; 10% is 6.1 standard deviations, a false-failure
/// probability of about 1.2 x 10^-9.
#[test]
fn measured_false_positive_rate_is_within_10_percent_of_theory_at_a_tenth_of_a_percent() {
    let (measured, theory, current) = measured_fpr(Layout::DEFAULT, 0.001, &[3, 4], 2_000_000);
    assert!(theory <= 0.001 && theory > 0.00099, "sized at {theory}");
    assert!(
        (measured - theory).abs() <= 0.1 * theory,
        "measured {measured} vs theoretical {theory}"
    );
    assert!(
        (current - theory).abs() <= 0.05 * theory,
        "{current} vs {theory}"
    );
}

/// The 512-bit layout, at 10^5 items to keep the test fast: at 1% with
/// 10^6 queries, state noise 1.1% and query noise 1%; 15% is 10 standard
/// deviations.
#[test]
fn the_512_bit_layout_meets_its_own_theory() {
    let mut f = filter(Layout::SplitBlock512, 100_000, 0.01, 5);
    f.extend(0..100_000u64);
    let theory = f.theoretical_fpr(100_000);
    let q = 1_000_000u64;
    let measured = (0..q).filter(|i| f.contains(&((1u64 << 41) + i))).count() as f64 / q as f64;
    assert!(
        (measured - theory).abs() <= 0.15 * theory,
        "{measured} vs {theory}"
    );
}

#[test]
fn the_rate_of_an_empty_filter_is_zero_and_grows_with_the_items() {
    let f = BloomFilter::new(10_000, 0.01);
    assert_eq!(f.current_fpr(), 0.0);
    assert_eq!(f.theoretical_fpr(0), 0.0);
    let rates: Vec<f64> = [1_000, 10_000, 100_000, 1_000_000, u64::MAX]
        .iter()
        .map(|&n| f.theoretical_fpr(n))
        .collect();
    assert!(
        rates.windows(2).all(|w| w[0] < w[1] || w[1] == 1.0),
        "{rates:?}"
    );
    assert!(rates[1] <= 0.01);
    assert!(
        (rates[4] - 1.0).abs() < 1e-12,
        "a hopelessly full filter says yes to all"
    );
}

// ---------------------------------------------------------------------------
// Sizing and parameters
// ---------------------------------------------------------------------------

#[test]
fn sizing_picks_the_smallest_block_count_that_meets_the_target() {
    for layout in LAYOUTS {
        for (n, fpr) in [
            (1u64, 0.5),
            (1_000, 0.01),
            (1_000_000, 0.01),
            (1_000_000, 0.001),
            (50_000, 1e-6),
        ] {
            let p = BloomParams::sized(layout, n, fpr).unwrap().with_seed(0);
            assert!(p.theoretical_fpr(n) <= fpr, "{layout} {n} {fpr}");
            if p.blocks() > 1 {
                let smaller = BloomParams::with_blocks(layout, p.blocks() - 1)
                    .unwrap()
                    .with_seed(0);
                assert!(
                    smaller.theoretical_fpr(n) > fpr,
                    "{layout} {n} {fpr}: not minimal"
                );
            }
        }
    }
}

#[test]
fn sizing_for_a_million_items_takes_the_documented_bits_per_item() {
    let bits_per_item = |layout, fpr| {
        BloomParams::sized(layout, 1_000_000, fpr)
            .unwrap()
            .with_seed(0)
            .bits() as f64
            / 1e6
    };
    for (layout, fpr, expected) in [
        (Layout::SplitBlock256, 0.01, 10.53),
        (Layout::SplitBlock256, 0.001, 16.89),
        (Layout::SplitBlock512, 0.01, 12.46),
        (Layout::SplitBlock512, 0.001, 17.24),
    ] {
        let got = bits_per_item(layout, fpr);
        assert!((got - expected).abs() < 0.01, "{layout} {fpr}: {got}");
    }
    let f = BloomFilter::new(1_000_000, 0.01);
    assert_eq!(f.layout(), Layout::SplitBlock256);
    assert_eq!(f.heap_bytes() as u64 * 8, f.bit_count());
}

#[test]
fn zero_expected_items_is_an_invalid_parameter() {
    let e = BloomFilter::try_new(0, 0.01).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidParameter {
                parameter: "expected items",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_rate_outside_the_open_unit_interval_or_nan_is_an_invalid_parameter() {
    for fpr in [
        0.0,
        1.0,
        -0.01,
        1.5,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let e = BloomFilter::try_new(1_000, fpr).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::InvalidParameter {
                    parameter: "false-positive rate",
                    ..
                }
            ),
            "{fpr}: {e}"
        );
        assert!(BloomParams::new(1_000, fpr).is_err());
    }
}

#[test]
fn a_rate_no_filter_of_at_most_2_pow_32_blocks_reaches_is_an_invalid_parameter() {
    let e = BloomParams::sized(Layout::DEFAULT, u64::MAX, 0.01).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("blocks"), "{e}");
}

#[test]
fn a_block_count_of_zero_or_above_2_pow_32_minus_1_is_an_invalid_parameter() {
    for blocks in [0usize, u32::MAX as usize + 1, usize::MAX] {
        let e = BloomParams::with_blocks(Layout::DEFAULT, blocks).unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::InvalidParameter {
                parameter: "block count",
                ..
            }
        ));
    }
    assert!(BloomParams::with_blocks(Layout::DEFAULT, 1).is_ok());
}

#[test]
#[should_panic(expected = "false-positive rate")]
fn new_panics_on_invalid_parameters() {
    let _ = BloomFilter::new(10, f64::NAN);
}

// ---------------------------------------------------------------------------
// Inserting
// ---------------------------------------------------------------------------

#[test]
fn contains_or_insert_says_whether_the_item_was_probably_present_already() {
    let mut f = BloomFilter::new(1_000, 0.001);
    assert!(!f.contains_or_insert("x"), "an empty filter holds nothing");
    assert!(f.contains_or_insert("x"));
    let fresh = (0..1_000u32).filter(|i| !f.contains_or_insert(i)).count();
    // At most 0.1% of the 1,000 were false positives when inserted.
    assert!(fresh >= 990, "{fresh}");
}

#[test]
fn batch_hashed_and_extend_inserts_equal_one_by_one_inserts() {
    for layout in LAYOUTS {
        let items: Vec<u64> = (0..1_000).map(|i| i * 7919).collect();
        let params = BloomParams::with_blocks(layout, 37).unwrap().with_seed(11);
        let mut one = BloomFilter::with_params(params);
        for x in &items {
            one.insert(x);
        }
        let mut batch = BloomFilter::with_params(params);
        batch.insert_batch(&items);
        let mut hashed = BloomFilter::with_params(params);
        let hashes: Vec<u64> = items.iter().map(|x| x.stable_hash(11)).collect();
        hashed.insert_hashes(&hashes);
        let mut extended = BloomFilter::with_params(params);
        extended.extend(items.iter());
        assert_eq!(batch, one);
        assert_eq!(hashed, one);
        assert_eq!(extended, one);
        assert!(hashes.iter().all(|&h| one.contains_hash(h)));
    }
}

#[test]
fn filters_with_different_seeds_set_different_bits() {
    let a = filled(Layout::DEFAULT, 64, 1, 0..100);
    let b = filled(Layout::DEFAULT, 64, 2, 0..100);
    assert_ne!(a.encode()[19..], b.encode()[19..]);
}

#[test]
fn clear_gives_the_empty_filter_of_the_same_parameters() {
    let mut f = filled(Layout::SplitBlock512, 10, 4, 0..100);
    assert!(!f.is_empty());
    f.clear();
    assert!(f.is_empty());
    assert_eq!(f, f.empty_like());
}

// ---------------------------------------------------------------------------
// Merge and intersection
// ---------------------------------------------------------------------------

#[test]
fn merge_is_the_filter_of_the_union_bit_for_bit() {
    for layout in LAYOUTS {
        let mut a = filled(layout, 100, 3, 0..3_000);
        let b = filled(layout, 100, 3, 2_000..5_000);
        a.merge(&b).unwrap();
        assert_eq!(a, filled(layout, 100, 3, 0..5_000));
    }
}

#[test]
fn merge_all_equals_merging_one_by_one_across_many_chunks() {
    // 1,500 blocks of 32 or 64 bytes: several 16 KiB chunks and a partial one.
    for layout in LAYOUTS {
        let sources: Vec<BloomFilter> = (0..5u64)
            .map(|k| filled(layout, 1_500, 6, k * 4_000..(k + 1) * 4_000 + 500))
            .collect();
        let mut batch = filled(layout, 1_500, 6, 100_000..101_000);
        let mut folded = batch.clone();
        batch.merge_all(&sources).unwrap();
        for s in &sources {
            folded.merge(s).unwrap();
        }
        assert_eq!(batch, folded, "{layout}");
        assert_eq!(
            batch,
            filled(layout, 1_500, 6, (0..20_500).chain(100_000..101_000))
        );
        let before = batch.clone();
        batch.merge_all(std::iter::empty()).unwrap();
        assert_eq!(batch, before);
        // One incompatible source among them: an error, nothing changed.
        let mut mixed: Vec<&BloomFilter> = sources.iter().collect();
        let foreign = filled(layout, 1_500, 7, 0..10);
        mixed.push(&foreign);
        let e = batch.merge_all(mixed).unwrap_err();
        assert!(is_incompatible(&e, "seed"), "{e}");
        assert_eq!(batch, before);
    }
}

#[test]
fn merging_filters_of_another_seed_size_or_layout_fails_and_changes_nothing() {
    let a = filled(Layout::SplitBlock256, 100, 3, 0..1_000);
    for (other, what) in [
        (filled(Layout::SplitBlock256, 100, 4, 0..10), "seed"),
        (filled(Layout::SplitBlock256, 101, 3, 0..10), "block count"),
        (filled(Layout::SplitBlock512, 100, 3, 0..10), "layout"),
    ] {
        let mut target = a.clone();
        let e = target.merge(&other).unwrap_err();
        assert!(is_incompatible(&e, what), "{what}: {e}");
        assert_eq!(target, a);
        let e = target.intersect(&other).unwrap_err();
        assert!(is_incompatible(&e, what), "{what}: {e}");
        assert_eq!(target, a);
    }
}

#[test]
fn intersection_reports_every_common_item_but_is_not_the_filter_of_the_intersection() {
    for layout in LAYOUTS {
        let mut a = filled(layout, 200, 8, 0..6_000);
        let b = filled(layout, 200, 8, 4_000..10_000);
        a.intersect(&b).unwrap();
        assert!(
            (4_000..6_000u64).all(|i| a.contains(&i)),
            "no false negatives"
        );
        let exact = filled(layout, 200, 8, 4_000..6_000);
        // Every bit of the exact filter is in the AND, and more: bits set in
        // both by different items.
        let mut with_exact = a.clone();
        with_exact.merge(&exact).unwrap();
        assert_eq!(
            with_exact, a,
            "the AND contains the filter of the intersection"
        );
        assert!(a.count_ones() > exact.count_ones());
        assert!(a.current_fpr() >= exact.current_fpr());
        // Idempotent and commutative like any AND.
        let mut aa = a.clone();
        aa.intersect(&a).unwrap();
        assert_eq!(aa, a);
    }
}

// ---------------------------------------------------------------------------
// Distinct-count estimate
// ---------------------------------------------------------------------------

/// Linear counting over `32 B` positions (for one word index, an item sets
/// one of `32 B` bits uniformly) has standard error
/// `sqrt(m (e^t - t - 1)) / n` with `t = n / m`; the estimate uses all
/// words of every block, whose mean varies no more than one word's, so
/// that is an upper bound. Six of it: each case fails by chance with
/// probability below 2 x 10^-9.
#[test]
fn the_distinct_estimate_is_within_six_linear_counting_standard_errors() {
    for layout in LAYOUTS {
        let params = BloomParams::sized(layout, 100_000, 0.01)
            .unwrap()
            .with_seed(21);
        let m = params.blocks() as f64 * 32.0;
        let mut f = BloomFilter::with_params(params);
        let mut inserted = 0u64;
        for n in [100u64, 1_000, 10_000, 100_000, 200_000] {
            f.extend(inserted..n);
            inserted = n;
            let t = n as f64 / m;
            let se = (m * (t.exp() - t - 1.0)).sqrt();
            let est = f.estimate_distinct();
            assert!(
                (est - n as f64).abs() <= 6.0 * se,
                "{layout} n = {n}: {est} (se {se})"
            );
        }
        // Duplicates do not count.
        let before = f.estimate_distinct();
        f.extend(0..1_000u64);
        assert_eq!(f.estimate_distinct(), before);
    }
}

#[test]
fn an_empty_filter_estimates_zero_and_a_full_one_infinity() {
    let mut f = filled(Layout::DEFAULT, 1, 0, std::iter::empty());
    assert_eq!(f.estimate_distinct(), 0.0);
    f.extend(0..100_000u64); // one 256-bit block: every bit set
    assert_eq!(f.count_ones(), 256);
    assert_eq!(f.estimate_distinct(), f64::INFINITY);
    assert_eq!(f.current_fpr(), 1.0);
}

#[test]
fn the_estimate_of_a_merge_is_the_estimate_of_the_union() {
    let mut a = BloomFilter::new(100_000, 0.01);
    let mut b = a.empty_like();
    a.extend(0..60_000u64);
    b.extend(30_000..90_000u64);
    a.merge(&b).unwrap();
    assert!(
        (a.estimate_distinct() - 90_000.0).abs() < 900.0,
        "{}",
        a.estimate_distinct()
    );
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

#[test]
fn decode_of_encode_is_the_same_filter_for_every_layout_and_load() {
    for layout in LAYOUTS {
        for n in [0u64, 1, 100, 10_000] {
            let f = filled(layout, 13, u64::MAX - n, 0..n);
            let bytes = f.encode();
            assert_eq!(bytes.len(), 19 + f.heap_bytes());
            let back = BloomFilter::decode(&bytes).unwrap();
            assert_eq!(back, f);
            assert_eq!(back.seed(), f.seed());
            assert_eq!(back.params(), f.params());
            assert_eq!(back.encode(), bytes);
        }
    }
}

#[test]
fn every_truncation_of_an_encoding_is_a_decode_error() {
    let bytes = filled(Layout::DEFAULT, 3, 1, 0..50).encode();
    for len in 0..bytes.len() {
        let e = BloomFilter::decode(&bytes[..len]).unwrap_err();
        assert!(e.is_decode(), "{len}: {e}");
    }
}

#[test]
fn corrupt_headers_layouts_counts_and_lengths_are_decode_errors() {
    let good = filled(Layout::DEFAULT, 2, 1, 0..20).encode();
    let with = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("wrong magic", with(0, b"XKFD")),
        ("another family", with(4, &[1])),
        ("unknown family", with(4, &[200])),
        ("version 2", with(5, &[2])),
        ("layout 2", with(6, &[2])),
        ("zero blocks", with(15, &0u32.to_le_bytes())),
        (
            "three blocks declared, two present",
            with(15, &3u32.to_le_bytes()),
        ),
        (
            "2^32 - 1 blocks declared",
            with(15, &u32::MAX.to_le_bytes()),
        ),
        ("one declared, two present", with(15, &1u32.to_le_bytes())),
        ("a trailing byte", [good.clone(), vec![0]].concat()),
        ("512-bit layout tag on 256-bit blocks", with(6, &[1])),
    ];
    for (what, bytes) in cases {
        let e = BloomFilter::decode(&bytes).expect_err(what);
        assert!(e.is_decode(), "{what}: {e}");
    }
    let e = BloomFilter::decode(&with(6, &[7])).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Corrupt {
                field: "layout",
                offset: 6,
                ..
            }
        ),
        "{e}"
    );
    let e = BloomFilter::decode(&with(15, &0u32.to_le_bytes())).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Corrupt {
                field: "block count",
                offset: 15,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_decoded_filter_keeps_its_seed_and_refuses_foreign_filters() {
    let a = BloomFilter::decode(&filled(Layout::DEFAULT, 8, 77, 0..10).encode()).unwrap();
    let mut b = filled(Layout::DEFAULT, 8, 78, 0..10);
    assert!(is_incompatible(&b.merge(&a).unwrap_err(), "seed"));
}
