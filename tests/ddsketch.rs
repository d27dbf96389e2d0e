//! DDSketch: what it promises, checked.
//!
//! The relative-accuracy guarantee is deterministic (no false-failure
//! probability: any violation on any input is a bug). The data are seeded,
//! so every run checks the same values.

use sketchfold::algebra::{Group, Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::quantiles::{DdSketch, DdSketchParams, MAX_BUCKETS};
use sketchfold::ErrorKind;

#[path = "common/rng.rs"]
mod rng;

use rng::Rng;

/// The seeded data sets: name and values.
fn data_sets(seed: u64, n: usize) -> Vec<(&'static str, Vec<f64>)> {
    let mut r = Rng(seed);
    let mut gen = |f: &mut dyn FnMut(&mut Rng) -> f64| (0..n).map(|_| f(&mut r)).collect();
    vec![
        ("uniform(0, 1000)", gen(&mut |r| 1000.0 * r.unit())),
        ("lognormal(0, 2)", gen(&mut |r| (2.0 * r.normal()).exp())),
        ("pareto(1.2)", gen(&mut |r| r.unit().powf(-1.0 / 1.2))),
        (
            "mixed sign lognormal",
            gen(&mut |r| {
                let x = (1.5 * r.normal()).exp();
                if r.next() & 1 == 0 {
                    -x
                } else {
                    x
                }
            }),
        ),
        (
            "30% zeros, normal(0, 100)",
            gen(&mut |r| {
                if r.unit() < 0.3 {
                    0.0
                } else {
                    100.0 * r.normal()
                }
            }),
        ),
        (
            "integers 1..=20 (many ties)",
            gen(&mut |r| (1 + r.next() % 20) as f64),
        ),
        (
            "latencies: 95% near 2 ms, 5% near 900 ms",
            gen(&mut |r| {
                if r.unit() < 0.95 {
                    2.0 + 0.3 * r.normal().abs()
                } else {
                    900.0 * (0.5 * r.normal()).exp()
                }
            }),
        ),
    ]
}

/// The true lower quantile: rank floor(q (n - 1)) of the sorted values.
fn exact(sorted: &[f64], q: f64) -> f64 {
    sorted[(q * (sorted.len() - 1) as f64).floor() as usize]
}

fn grid() -> Vec<f64> {
    (0..=1000).map(|i| f64::from(i) / 1000.0).collect()
}

/// Checks every q of the grid; returns the largest relative error.
fn check_all_quantiles(name: &str, sketch: &DdSketch, values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let qs = grid();
    let estimates = sketch.quantiles(&qs).unwrap().unwrap();
    let alpha = sketch.alpha();
    let mut worst = 0.0f64;
    for (&q, &est) in qs.iter().zip(&estimates) {
        let x = exact(&sorted, q);
        assert!(
            (est - x).abs() <= alpha * x.abs(),
            "{name}, alpha {alpha}: q {q}: estimate {est}, exact {x}"
        );
        assert_eq!(sketch.quantile(q).unwrap(), Some(est), "{name}: q {q}");
        if x != 0.0 {
            worst = worst.max((est - x).abs() / x.abs());
        }
    }
    worst
}

#[test]
fn every_quantile_of_every_seeded_distribution_is_within_alpha_of_the_exact_one() {
    for alpha in [0.001, 0.01, 0.05] {
        for seed in 1..=5 {
            for (name, values) in data_sets(seed, 20_000) {
                // 2048 buckets at 1% cover 58 factors of two; 20480 at 0.1%.
                let buckets = if alpha < 0.01 { 20_480 } else { 2048 };
                let mut s = DdSketch::with_params(
                    DdSketchParams::new(alpha)
                        .unwrap()
                        .with_max_buckets(buckets)
                        .unwrap(),
                );
                let mut unbounded = DdSketch::with_params(
                    DdSketchParams::new(alpha)
                        .unwrap()
                        .with_max_buckets(MAX_BUCKETS)
                        .unwrap(),
                );
                for &x in &values {
                    s.insert(x).unwrap();
                    unbounded.insert(x).unwrap();
                }
                assert_eq!(s.count(), values.len() as i64);
                // Nothing collapsed: the bounded sketch holds the same counts.
                assert!(
                    s.encode()[18..] == unbounded.encode()[18..],
                    "{name}, alpha {alpha}: collapsed"
                );
                let worst = check_all_quantiles(name, &s, &values);
                assert!(worst > 0.0 && worst <= alpha, "{name}: {worst}");
            }
        }
    }
}

#[test]
fn quantiles_stay_within_alpha_across_the_whole_range_of_normal_doubles() {
    // Log-uniform magnitudes from 1e-300 to 1e300, both signs.
    let mut r = Rng(99);
    let values: Vec<f64> = (0..50_000)
        .map(|_| {
            let x = 10f64.powf(600.0 * r.unit() - 300.0);
            if r.next() & 1 == 0 {
                x
            } else {
                -x
            }
        })
        .chain([f64::MAX, -f64::MAX, f64::MIN_POSITIVE, -f64::MIN_POSITIVE])
        .collect();
    let mut s = DdSketch::with_params(
        DdSketchParams::new(0.01)
            .unwrap()
            .with_max_buckets(MAX_BUCKETS)
            .unwrap(),
    );
    for &x in &values {
        s.insert(x).unwrap();
    }
    check_all_quantiles("log-uniform 1e-300..1e300", &s, &values);
    let max = s.max().unwrap();
    assert!(
        max <= f64::MAX && f64::MAX - max <= 0.01 * f64::MAX,
        "{max}"
    );
    assert_eq!(s.min(), Some(-max));
}

#[test]
fn merged_sketches_answer_within_alpha_like_one_sketch_of_all_the_data() {
    for (name, values) in data_sets(7, 30_000) {
        let parts: Vec<DdSketch> = values
            .chunks(1000)
            .map(|c| {
                let mut s = DdSketch::new(0.01);
                for &x in c {
                    s.insert(x).unwrap();
                }
                s
            })
            .collect();
        let mut merged = DdSketch::new(0.01);
        merged.merge_all(&parts).unwrap();
        let mut whole = DdSketch::new(0.01);
        for &x in &values {
            whole.insert(x).unwrap();
        }
        assert_eq!(merged, whole, "{name}");
        check_all_quantiles(name, &merged, &values);
    }
}

#[test]
fn a_sliding_window_evicts_a_pane_by_subtraction_exactly() {
    let data = data_sets(3, 12_000);
    let values = &data[1].1;
    let panes: Vec<DdSketch> = values
        .chunks(2000)
        .map(|c| {
            let mut s = DdSketch::new(0.01);
            for &x in c {
                s.insert(x).unwrap();
            }
            s
        })
        .collect();
    // Window of 3 panes sliding by one.
    let mut window = DdSketch::new(0.01);
    for (i, pane) in panes.iter().enumerate() {
        window.merge(pane).unwrap();
        if i >= 3 {
            window.subtract(&panes[i - 3]).unwrap();
        }
        if i >= 2 {
            let mut fresh = DdSketch::new(0.01);
            fresh.merge_all(&panes[i - 2..=i]).unwrap();
            assert_eq!(window, fresh, "pane {i}");
            check_all_quantiles("window", &window, &values[(i - 2) * 2000..(i + 1) * 2000]);
        }
    }
}

#[test]
fn weighted_inserts_count_like_repeated_inserts() {
    let mut weighted = DdSketch::new(0.02);
    let mut repeated = DdSketch::new(0.02);
    for (i, x) in [3.5, -2.0, 0.0, 1e6, 3.5].into_iter().enumerate() {
        weighted.insert_weighted(x, i as i64 + 1).unwrap();
        for _ in 0..=i {
            repeated.insert(x).unwrap();
        }
    }
    assert_eq!(weighted, repeated);
    assert_eq!(weighted.count(), 15);
    assert_eq!(weighted.zero_count(), 3);
    weighted.insert_weighted(1e6, -4).unwrap();
    assert_eq!(weighted.count(), 11);
    assert!((weighted.max().unwrap() - 3.5).abs() <= 0.02 * 3.5);
}

#[test]
fn the_sum_estimate_is_within_alpha_of_the_sum_of_magnitudes() {
    for (name, values) in data_sets(11, 10_000) {
        let mut s = DdSketch::new(0.01);
        for &x in &values {
            s.insert(x).unwrap();
        }
        let truth: f64 = values.iter().sum();
        let mass: f64 = values.iter().map(|x| x.abs()).sum();
        assert!(
            (s.sum() - truth).abs() <= 0.01 * mass * (1.0 + 1e-9),
            "{name}: {} vs {truth}",
            s.sum()
        );
    }
}

#[test]
fn nan_and_infinities_are_refused_and_never_stored() {
    let mut s = DdSketch::new(0.01);
    s.insert(1.0).unwrap();
    let before = s.clone();
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -f64::NAN] {
        let e = s.insert(x).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
            "{e:?}"
        );
        assert!(s.insert_weighted(x, 0).is_err());
        assert_eq!(s, before);
    }
}

#[test]
fn zeros_negative_zero_and_subnormals_count_as_zero() {
    let mut s = DdSketch::new(0.01);
    for x in [0.0, -0.0, 5e-324, -1e-310, f64::MIN_POSITIVE / 2.0] {
        s.insert(x).unwrap();
    }
    assert_eq!(s.zero_count(), 5);
    assert_eq!(s.bucket_count(), 0);
    assert_eq!(s.quantile(0.5).unwrap(), Some(0.0));
}

#[test]
fn an_empty_sketch_answers_none_and_bad_quantiles_are_errors() {
    let s = DdSketch::new(0.01);
    assert_eq!(s.quantile(0.5).unwrap(), None);
    assert_eq!(s.min(), None);
    assert_eq!(s.quantiles(&[0.1, 0.9]).unwrap(), None);
    assert_eq!(s.sum(), 0.0);
    assert!(s.is_empty());
    let mut one = s.clone();
    one.insert(2.0).unwrap();
    assert_eq!(one.quantiles(&[]).unwrap(), Some(vec![]));
    for q in [-0.1, 1.5, f64::NAN] {
        assert!(one.quantile(q).is_err(), "{q}");
        assert!(s.quantile(q).is_err(), "{q}");
    }
}

#[test]
fn queries_on_negative_counts_are_errors_but_the_group_still_adds_up() {
    let mut a = DdSketch::new(0.01);
    a.insert(1.0).unwrap();
    let mut b = DdSketch::new(0.01);
    b.insert(2.0).unwrap();
    let mut d = a.clone();
    d.subtract(&b).unwrap();
    assert_eq!(d.count(), 0);
    assert!(!d.is_empty());
    let e = d.quantile(0.5).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidParameter { .. }));
    d.merge(&b).unwrap();
    assert_eq!(d, a);
    let mut n = a.clone();
    n.negate();
    n.merge(&a).unwrap();
    assert!(n.is_empty());
    assert_eq!(n, a.empty_like());
}

#[test]
fn counts_never_wrap_and_a_refused_update_changes_nothing() {
    let mut s = DdSketch::new(0.01);
    s.insert_weighted(1.0, i64::MAX).unwrap();
    let full = s.clone();
    for x in [1.0, 2.0, 0.0, -3.0] {
        assert!(s.insert(x).is_err(), "{x}");
        assert_eq!(s, full);
    }
    assert!(s.merge(&full).is_err());
    assert_eq!(s, full);
    assert!(s.check_merge(&full).is_err());
    assert!(s.merge_all([&full.empty_like(), &full]).is_err());
    assert_eq!(s, full);
    assert!(s.insert_weighted(1.0, i64::MIN).is_err());
    let mut neg = full.clone();
    neg.negate();
    assert_eq!(neg.count(), -i64::MAX);
    assert!(neg.insert_weighted(5.0, -1).is_err());
    assert!(neg.subtract(&full).is_err());
    // A bucket at i64::MAX with the total below it (a negative elsewhere):
    // the bucket's own check refuses.
    let mut mixed = DdSketch::new(0.01);
    mixed.insert_weighted(-1.0, -5).unwrap();
    mixed.insert_weighted(1.0, i64::MAX).unwrap();
    assert_eq!(mixed.count(), i64::MAX - 5);
    let before = mixed.clone();
    assert!(mixed.insert_weighted(1.0, 1).is_err());
    assert_eq!(mixed, before);
    mixed.insert_weighted(2.0, 1).unwrap();
    assert_eq!(mixed.count(), i64::MAX - 4);
    let mut twice = mixed.clone();
    assert!(twice.merge(&mixed).is_err());
    assert_eq!(twice, mixed);
    // The same when the other sketch's buckets reach outside this one's
    // window (the merge then builds a new window), or past the bucket
    // limit (the merge then collapses).
    for far in [1e6, 1e300] {
        let mut other = DdSketch::new(0.01);
        other.insert(1.0).unwrap();
        other.insert(far).unwrap();
        let mut m = mixed.clone();
        assert!(m.merge(&other).is_err(), "{far}");
        assert_eq!(m, mixed);
        assert_eq!(m.encode(), mixed.encode());
    }
}

#[test]
fn a_full_store_collapses_its_lowest_magnitudes_and_keeps_the_top_accurate() {
    // 64 buckets at alpha 1% (35 a factor of two) cover a ratio of about
    // 3.5, the top 9% of 6 decades of log-uniform values.
    let mut s = DdSketch::with_params(
        DdSketchParams::new(0.01)
            .unwrap()
            .with_max_buckets(64)
            .unwrap(),
    );
    let mut values = Vec::new();
    let mut r = Rng(5);
    for _ in 0..20_000 {
        let x = 10f64.powf(6.0 * r.unit());
        values.push(x);
        s.insert(x).unwrap();
    }
    assert!(s.bucket_count() <= 64);
    values.sort_by(f64::total_cmp);
    for q in [0.95, 0.99, 0.999, 1.0] {
        let est = s.quantile(q).unwrap().unwrap();
        let x = exact(&values, q);
        assert!((est - x).abs() <= 0.01 * x, "q {q}: {est} vs {x}");
    }
    // Collapsed values read larger in magnitude, never smaller.
    for q in [0.0, 0.1, 0.5, 0.8] {
        let est = s.quantile(q).unwrap().unwrap();
        assert!(est >= exact(&values, q) * 0.99, "q {q}: {est}");
    }
    let mut copy = s.empty_like();
    copy.merge(&s).unwrap();
    assert_eq!(copy, s);
}

#[test]
fn collapsing_merges_of_non_negative_sketches_equal_the_sketch_of_all_the_data() {
    let mut r = Rng(8);
    let values: Vec<f64> = (0..5000)
        .map(|_| 10f64.powf(8.0 * r.unit() - 4.0))
        .collect();
    let mut whole = DdSketch::with_params(
        DdSketchParams::new(0.02)
            .unwrap()
            .with_max_buckets(40)
            .unwrap(),
    );
    for &x in &values {
        whole.insert(x).unwrap();
    }
    for chunk in [1, 7, 100, 999] {
        let mut merged = DdSketch::with_params(
            DdSketchParams::new(0.02)
                .unwrap()
                .with_max_buckets(40)
                .unwrap(),
        );
        for c in values.chunks(chunk).rev() {
            let mut part = merged.empty_like();
            for &x in c {
                part.insert(x).unwrap();
            }
            merged.merge(&part).unwrap();
        }
        assert_eq!(merged, whole, "chunks of {chunk}");
    }
}

#[test]
fn sketches_with_another_alpha_or_bucket_limit_refuse_to_merge() {
    let a = DdSketch::new(0.01);
    for other in [
        DdSketch::new(0.02),
        DdSketch::with_params(
            DdSketchParams::new(0.01)
                .unwrap()
                .with_max_buckets(100)
                .unwrap(),
        ),
    ] {
        let mut x = a.clone();
        let e = x.merge(&other).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::IncompatibleMerge { .. }),
            "{e:?}"
        );
        assert!(x.subtract(&other).is_err());
    }
}

#[test]
fn bad_parameters_are_errors() {
    for (alpha, buckets) in [
        (0.0, 10),
        (0.6, 10),
        (f64::NAN, 10),
        (1e-7, 10),
        (0.01, 0),
        (0.01, MAX_BUCKETS + 1),
    ] {
        assert!(DdSketchParams::new(alpha)
            .and_then(|p| p.with_max_buckets(buckets))
            .is_err());
    }
    assert!(std::panic::catch_unwind(|| DdSketch::new(2.0)).is_err());
}

#[test]
fn encoding_round_trips_every_shape_of_sketch() {
    let mut s = DdSketch::with_params(
        DdSketchParams::new(0.005)
            .unwrap()
            .with_max_buckets(300)
            .unwrap(),
    );
    assert_eq!(DdSketch::decode(&s.encode()).unwrap(), s);
    for (_, values) in data_sets(21, 3000) {
        for &x in &values {
            s.insert(x).unwrap();
        }
        let back = DdSketch::decode(&s.encode()).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.encode(), s.encode());
        assert_eq!(
            back.quantiles(&grid()).unwrap(),
            s.quantiles(&grid()).unwrap()
        );
    }
    s.negate();
    assert_eq!(DdSketch::decode(&s.encode()).unwrap(), s);
}

#[test]
fn every_rank_of_small_mixed_inputs_is_within_alpha() {
    let mut r = Rng(17);
    for n in 1..=120usize {
        let values: Vec<f64> = (0..n)
            .map(|_| match r.next() % 4 {
                0 => 0.0,
                1 => -(10f64.powf(8.0 * r.unit() - 4.0)),
                _ => 10f64.powf(8.0 * r.unit() - 4.0),
            })
            .collect();
        let mut s = DdSketch::new(0.02);
        for &x in &values {
            s.insert(x).unwrap();
        }
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        for rank in 0..n {
            let q = if n == 1 {
                0.5
            } else {
                rank as f64 / (n - 1) as f64
            };
            let x = exact(&sorted, q);
            let est = s.quantile(q).unwrap().unwrap();
            assert!(
                (est - x).abs() <= 0.02 * x.abs(),
                "n {n} rank {rank}: {est} vs {x}"
            );
        }
    }
}

#[test]
fn a_full_negative_store_collapses_the_values_nearest_zero() {
    // Negative values collapse like positive ones: their smallest
    // magnitudes, so the lowest quantiles (the largest magnitudes) stay
    // within alpha.
    let mut s = DdSketch::with_params(
        DdSketchParams::new(0.01)
            .unwrap()
            .with_max_buckets(64)
            .unwrap(),
    );
    let mut values = Vec::new();
    let mut r = Rng(6);
    for _ in 0..20_000 {
        let x = -(10f64.powf(6.0 * r.unit()));
        values.push(x);
        s.insert(x).unwrap();
    }
    values.sort_by(f64::total_cmp);
    for q in [0.0, 0.001, 0.01, 0.05] {
        let (est, x) = (s.quantile(q).unwrap().unwrap(), exact(&values, q));
        assert!((est - x).abs() <= 0.01 * x.abs(), "q {q}: {est} vs {x}");
    }
    for q in [0.5, 0.9, 1.0] {
        let est = s.quantile(q).unwrap().unwrap();
        assert!(est <= exact(&values, q) * 0.99, "q {q}: {est}");
    }
}
