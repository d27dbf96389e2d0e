//! `Kll`: what a user can rely on (exact answers before the first
//! compaction, NaN refused, empty queries, bad arguments, merges across k,
//! the cached sorted view, the codec).

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::quantiles::{Kll, KllParams};
use sketchfold::ErrorKind;

fn sketch(k: u16, seed: u64, xs: impl IntoIterator<Item = f64>) -> Kll<f64> {
    let mut s = Kll::with_params(KllParams::new(k).unwrap().with_seed(seed));
    for x in xs {
        s.insert(x).unwrap();
    }
    s
}

#[test]
fn k_below_eight_is_an_invalid_parameter() {
    for k in [0, 1, 7] {
        let e = Kll::<f64>::try_new(k).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidParameter { parameter: "k", .. }),
            "{e}"
        );
    }
    assert_eq!(Kll::<f32>::try_new(8).unwrap().k(), 8);
    assert_eq!(Kll::<f32>::try_new(u16::MAX).unwrap().k(), u16::MAX);
}

#[test]
fn an_empty_sketch_answers_none_and_never_panics() {
    let s = Kll::<f64>::new(200);
    assert!(s.is_empty());
    assert_eq!(s.min(), None);
    assert_eq!(s.max(), None);
    assert_eq!(s.rank(1.0).unwrap(), None);
    assert_eq!(s.rank_exclusive(1.0).unwrap(), None);
    assert_eq!(s.quantile(0.5).unwrap(), None);
    assert_eq!(s.quantile_exclusive(0.5).unwrap(), None);
    assert_eq!(s.quantiles(&[0.1, 0.9]).unwrap(), None);
    assert_eq!(s.cdf(&[1.0, 2.0]).unwrap(), None);
    assert_eq!(s.pmf(&[1.0]).unwrap(), None);
    assert_eq!(s.rank_error_bound(false), 0.0);
}

#[test]
fn nan_is_refused_with_an_error_and_leaves_the_sketch_unchanged() {
    let mut s = sketch(8, 1, (0..100).map(f64::from));
    let before = s.clone();
    let e = s.insert(f64::NAN).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidParameter {
                parameter: "item",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(s, before);
    assert!(s.insert_batch(&[1.0, 2.0, f64::NAN, 3.0]).is_err());
    assert_eq!(s, before, "insert_batch inserts all or nothing");
    let mut f = Kll::<f32>::new(8);
    assert!(f.insert(f32::NAN).is_err());
    assert!(f.is_empty());
    assert!(s.rank(f64::NAN).is_err());
    assert!(s.rank_exclusive(f64::NAN).is_err());
}

#[test]
fn infinities_are_ordinary_items() {
    let s = sketch(200, 1, [f64::NEG_INFINITY, 0.0, f64::INFINITY]);
    assert_eq!(s.min(), Some(f64::NEG_INFINITY));
    assert_eq!(s.max(), Some(f64::INFINITY));
    assert_eq!(s.quantile(0.5).unwrap(), Some(0.0));
}

#[test]
fn bad_ranks_and_split_points_are_errors_even_when_empty() {
    let empty = Kll::<f64>::new(200);
    let full = sketch(200, 1, (0..1000).map(f64::from));
    for s in [&empty, &full] {
        for r in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
            assert!(s.quantile(r).is_err(), "rank {r}");
            assert!(s.quantile_exclusive(r).is_err(), "rank {r}");
            assert!(s.quantiles(&[0.5, r]).is_err(), "rank {r}");
        }
        assert!(s.cdf(&[1.0, 1.0]).is_err(), "repeated split point");
        assert!(s.cdf(&[2.0, 1.0]).is_err(), "decreasing split points");
        assert!(s.pmf(&[f64::NAN]).is_err(), "NaN split point");
    }
}

#[test]
fn before_the_first_compaction_every_answer_is_exact() {
    // k = 200 holds 200 items in one level.
    let s = sketch(200, 1, (0..200).rev().map(f64::from));
    assert!(!s.is_estimation_mode());
    assert_eq!(s.rank_error_bound(false), 0.0);
    for i in 0..200 {
        let x = f64::from(i);
        assert_eq!(s.rank(x).unwrap(), Some(f64::from(i + 1) / 200.0));
        assert_eq!(s.rank_exclusive(x).unwrap(), Some(f64::from(i) / 200.0));
        assert_eq!(s.quantile((f64::from(i) + 0.5) / 200.0).unwrap(), Some(x));
    }
    assert_eq!(s.quantile(0.0).unwrap(), Some(0.0));
    assert_eq!(s.quantile(1.0).unwrap(), Some(199.0));
    assert_eq!(s.cdf(&[49.0, 149.0]).unwrap(), Some(vec![0.25, 0.75, 1.0]));
    assert_eq!(s.pmf(&[49.0, 149.0]).unwrap(), Some(vec![0.25, 0.5, 0.25]));
}

#[test]
fn ties_rank_inclusively_and_exclusively() {
    let s = sketch(200, 1, [1.0, 2.0, 2.0, 2.0, 3.0]);
    assert_eq!(s.rank(2.0).unwrap(), Some(0.8));
    assert_eq!(s.rank_exclusive(2.0).unwrap(), Some(0.2));
    // -0.0 and 0.0 are the same number, as in DataSketches.
    let z = sketch(200, 1, [-0.0, 0.0]);
    assert_eq!(z.rank(0.0).unwrap(), Some(1.0));
    assert_eq!(z.rank(-0.0).unwrap(), Some(1.0));
}

#[test]
fn the_retained_weights_always_sum_to_n_and_the_size_stays_bounded() {
    for k in [8u16, 50, 200] {
        let mut s = Kll::<f32>::with_params(KllParams::new(k).unwrap().with_seed(9));
        for i in 0..200_000u32 {
            s.insert((i.wrapping_mul(2_654_435_761) % 100_000) as f32)
                .unwrap();
            if i % 9_973 == 0 {
                assert_eq!(s.weighted_items().map(|(_, w)| w).sum::<u64>(), s.count());
            }
        }
        assert!(
            s.retained() <= 3 * usize::from(k) + 8 * 20,
            "k {k}: {} retained",
            s.retained()
        );
    }
}

#[test]
fn the_same_inputs_and_seed_give_the_same_sketch_and_other_seeds_other_coins() {
    let xs = || (0..10_000).map(|i| f64::from((i * 7919) % 10_007));
    assert_eq!(sketch(64, 5, xs()), sketch(64, 5, xs()));
    assert_ne!(sketch(64, 5, xs()), sketch(64, 6, xs()));
}

#[test]
fn merging_across_k_keeps_the_left_k_and_the_smaller_min_k() {
    let mut a = sketch(200, 1, (0..10_000).map(f64::from));
    let b = sketch(50, 2, (10_000..20_000).map(f64::from));
    a.merge(&b).unwrap();
    assert_eq!((a.k(), a.min_k(), a.count()), (200, 50, 20_000));
    assert_eq!((a.min(), a.max()), (Some(0.0), Some(19_999.0)));
    assert_eq!(
        a.normalized_rank_error(false),
        b.normalized_rank_error(false)
    );
    let mut c = sketch(50, 3, (0..10_000).map(f64::from));
    c.merge(&sketch(200, 4, (10_000..20_000).map(f64::from)))
        .unwrap();
    assert_eq!((c.k(), c.min_k()), (50, 50));
    // An exact sketch does not lower min_k.
    let mut d = sketch(200, 1, (0..10_000).map(f64::from));
    d.merge(&sketch(50, 1, [1.0, 2.0])).unwrap();
    assert_eq!(d.min_k(), 200);
    for s in [&a, &c] {
        let eps = s.normalized_rank_error(false);
        for r in [0.1, 0.5, 0.9] {
            let q = s.quantile(r).unwrap().unwrap();
            assert!(((q + 1.0) / 20_000.0 - r).abs() <= eps, "rank {r}: {q}");
        }
    }
}

#[test]
fn merging_the_empty_sketch_changes_nothing() {
    let a = sketch(100, 1, (0..5000).map(f64::from));
    let mut b = a.clone();
    b.merge(&Kll::empty(&KllParams::new(30).unwrap().with_seed(0)))
        .unwrap();
    assert_eq!(a, b);
    let e = Kll::<f64>::empty(&a.params());
    assert!(Monoid::is_empty(&e));
    assert_eq!((e.k(), e.seed()), (100, 1));
}

#[test]
fn merge_all_equals_a_fold_of_merges() {
    let parts: Vec<Kll<f64>> = (0..5)
        .map(|p| sketch(40, p, (0..3000).map(|i| f64::from(i * 5 + p as i32))))
        .collect();
    let mut folded = parts[0].clone();
    for p in &parts[1..] {
        folded.merge(p).unwrap();
    }
    let mut all = parts[0].clone();
    all.merge_all(&parts[1..]).unwrap();
    assert_eq!(all, folded);
}

#[test]
fn repeated_queries_use_the_cached_view_and_inserts_and_merges_refresh_it() {
    let mut s = sketch(200, 1, (0..100_000).map(f64::from));
    let q = s.quantile(0.5).unwrap();
    assert_eq!(s.quantile(0.5).unwrap(), q);
    for _ in 0..100_000 {
        s.insert(1e9).unwrap();
    }
    let q2 = s.quantile(0.75).unwrap().unwrap();
    assert_eq!(q2, 1e9, "the view saw the new items");
    let big = sketch(200, 2, (0..1_000_000).map(|_| -1.0));
    s.merge(&big).unwrap();
    assert_eq!(
        s.quantile(0.5).unwrap(),
        Some(-1.0),
        "the view saw the merge"
    );
}

#[test]
fn the_codec_round_trips_and_rejects_the_other_item_type() {
    for n in [0, 1, 2, 1000, 100_000] {
        let s = sketch(120, 77, (0..n).map(|i| f64::from((i * 31) % 1009)));
        let bytes = s.encode();
        let back = Kll::<f64>::decode(&bytes).unwrap();
        assert_eq!(back, s, "n = {n}");
        assert_eq!(back.encode(), bytes);
        assert!(Kll::<f32>::decode(&bytes).is_err());
        // The decoded sketch goes on exactly as the original.
        let (mut a, mut b) = (s.clone(), back);
        for i in 0..5000 {
            a.insert(f64::from(i)).unwrap();
            b.insert(f64::from(i)).unwrap();
        }
        assert_eq!(a, b);
    }
}

#[test]
fn truncated_or_corrupted_encodings_are_errors() {
    let s = sketch(64, 1, (0..10_000).map(f64::from));
    let bytes = s.encode();
    for len in 0..bytes.len() {
        let e = Kll::<f64>::decode(&bytes[..len]).unwrap_err();
        assert!(e.is_decode(), "{len}: {e}");
    }
    let ds = s.to_datasketches_bytes();
    for len in 0..ds.len() {
        assert!(
            Kll::<f64>::from_datasketches_bytes(&ds[..len]).is_err(),
            "{len}"
        );
    }
    let mut trailing = ds.clone();
    trailing.push(0);
    assert!(Kll::<f64>::from_datasketches_bytes(&trailing).is_err());
    // An item out of order in a sorted level, or outside [min, max].
    let mut unsorted = ds.clone();
    let last = unsorted.len() - 8;
    unsorted[last..].copy_from_slice(&(-5.0f64).to_le_bytes());
    assert!(Kll::<f64>::from_datasketches_bytes(&unsorted).is_err());
    // n that disagrees with the weights.
    let mut wrong_n = ds.clone();
    wrong_n[8] ^= 1;
    assert!(Kll::<f64>::from_datasketches_bytes(&wrong_n).is_err());
}

#[test]
fn a_huge_declared_capacity_does_not_allocate_it() {
    // k = 65535 and 61 levels: a capacity of about 200,000 items, but only
    // the two retained items are present, and only they are allocated.
    let mut b = vec![5u8, 1, 15, 0, 0xFF, 0xFF, 8, 0];
    b.extend_from_slice(&2u64.to_le_bytes());
    b.extend_from_slice(&65535u16.to_le_bytes());
    b.extend_from_slice(&[1, 0]);
    let cap: u32 = 65535; // one level: capacity k
    b.extend_from_slice(&(cap - 2).to_le_bytes());
    for x in [1.0f32, 2.0, 1.0, 2.0] {
        b.extend_from_slice(&x.to_le_bytes());
    }
    let s = Kll::<f32>::from_datasketches_bytes(&b).unwrap();
    assert_eq!((s.count(), s.retained()), (2, 2));
    assert_eq!(s.to_datasketches_bytes(), b);
}

#[test]
fn queries_between_inserts_and_merges_answer_as_a_sketch_without_caches_does() {
    // A decoded copy has no cached view: it builds its own from scratch.
    let mut s = Kll::<f64>::with_params(KllParams::new(16).unwrap().with_seed(5));
    let other = sketch(8, 6, (0..500).map(|i| f64::from(i % 37)));
    for i in 0..3_000u32 {
        s.insert(f64::from(i.wrapping_mul(2_654_435_761) % 1000))
            .unwrap();
        if i % 500 == 499 {
            s.merge(&other).unwrap();
        }
        let fresh = Kll::<f64>::decode(&s.encode()).unwrap();
        for x in [0.0, 100.0, 333.0, 999.0] {
            assert_eq!(
                s.rank(x).unwrap(),
                fresh.rank(x).unwrap(),
                "after {i} inserts, rank of {x}"
            );
        }
        assert_eq!(
            s.quantile(0.5).unwrap(),
            fresh.quantile(0.5).unwrap(),
            "after {i} inserts"
        );
    }
}

/// A DataSketches image of 2^63 items: k = 8, 61 levels, the 8 items of
/// the top level weighing 2^60 each.
fn sketch_of_2_pow_63_items() -> Kll<f64> {
    let mut b = vec![5u8, 1, 15, 0, 8, 0, 8, 0];
    b.extend_from_slice(&(1u64 << 63).to_le_bytes());
    b.extend_from_slice(&8u16.to_le_bytes());
    b.extend_from_slice(&[61, 0]);
    for _ in 0..61 {
        b.extend_from_slice(&480u32.to_le_bytes()); // 61 levels of capacity 8: 488
    }
    b.extend_from_slice(&1.0f64.to_le_bytes());
    b.extend_from_slice(&8.0f64.to_le_bytes());
    for x in 1..=8 {
        b.extend_from_slice(&f64::from(x).to_le_bytes());
    }
    Kll::<f64>::from_datasketches_bytes(&b).unwrap()
}

#[test]
fn a_merge_whose_count_would_pass_u64_max_is_refused_and_changes_nothing() {
    let big = sketch_of_2_pow_63_items();
    assert_eq!(big.count(), 1 << 63);
    assert_eq!(big.quantile(0.5).unwrap(), Some(4.0));
    let mut a = big.clone();
    let e = a.merge(&big).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidParameter { parameter: "n", .. }),
        "{e}"
    );
    assert_eq!(a, big);
    let small = sketch(8, 1, (0..100).map(f64::from));
    let mut c = small.clone();
    assert!(c.merge_all([&big, &big]).is_err());
    assert_eq!(c, small, "merge_all checks the whole fold first");
    // Far from the limit, the big sketch still takes inserts and merges.
    a.merge(&small).unwrap();
    for i in 0..10_000 {
        a.insert(f64::from(i)).unwrap();
    }
    assert_eq!(a.count(), (1 << 63) + 10_100);
    assert_eq!(a.weighted_items().map(|(_, w)| w).sum::<u64>(), a.count());
}

#[test]
fn every_single_byte_corruption_is_refused_or_decodes_to_a_working_sketch() {
    let s = sketch(8, 2, (0..300).map(|i| f64::from((i * 37) % 101)));
    for image in [s.encode(), s.to_datasketches_bytes()] {
        let own = image[0] == b'S';
        for at in 0..image.len() {
            for mask in [0x01u8, 0x10, 0x80, 0xFF] {
                let mut bad = image.clone();
                bad[at] ^= mask;
                let decoded = if own {
                    Kll::<f64>::decode(&bad)
                } else {
                    Kll::<f64>::from_datasketches_bytes(&bad)
                };
                match decoded {
                    Err(e) => assert!(e.is_decode(), "byte {at} ^ {mask:#x}: {e}"),
                    Ok(mut d) => {
                        assert_eq!(d.weighted_items().map(|(_, w)| w).sum::<u64>(), d.count());
                        let _ = (
                            d.quantile(0.5).unwrap(),
                            d.rank(50.0),
                            d.pmf(&[10.0, 20.0]).unwrap(),
                        );
                        let copy = d.clone();
                        let _ = d.merge(&copy);
                        d.insert_batch(&[1.0; 50]).unwrap();
                        assert_eq!(Kll::<f64>::decode(&d.encode()).unwrap(), d);
                    }
                }
            }
        }
    }
}
