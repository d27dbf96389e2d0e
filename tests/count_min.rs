//! Count-Min, as a specification: parameters, estimates and their bounds,
//! the group laws on concrete cases, overflow at the limit, conservative
//! update, encoding.

use sketchfold::algebra::{Group, Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::frequency::{ConservativeCountMin, CountMin, CountMinParams};
use sketchfold::{ErrorKind, Result};

#[path = "common/rng.rs"]
mod rng;

use rng::Rng;
use sketchfold::family::{Bounds, Insert};

fn sketch(width: usize, depth: usize, seed: u64) -> CountMin {
    CountMin::with_params(
        CountMinParams::with_size(width, depth)
            .unwrap()
            .with_seed(seed),
    )
}

/// Zipf-like weights: item `i` occurs `scale / (i + 1)` times.
fn zipf(items: u64, scale: i64) -> Vec<(u64, i64)> {
    (0..items)
        .map(|i| (i, (scale / (i as i64 + 1)).max(1)))
        .collect()
}

fn filled(cm: &mut CountMin, stream: &[(u64, i64)]) {
    for (item, w) in stream {
        cm.insert_weighted(item, *w).unwrap();
    }
}

#[test]
fn a_new_sketch_is_empty_and_estimates_zero() {
    let cm = CountMin::with_params(CountMinParams::with_size(64, 4).unwrap());
    assert!(cm.is_empty());
    assert_eq!(cm.count(), 0);
    assert_eq!(cm.estimate("anything"), 0);
    assert_eq!(cm.bounds(&7u32), Bounds { lower: 0, upper: 0 });
    assert_eq!(cm.counters().len(), 256);
}

#[test]
fn an_error_bound_picks_the_smallest_power_of_two_width_and_enough_rows() {
    for (eps, delta, width, depth) in [
        (0.001, 0.001, 4096, 7),
        (0.01, 0.05, 512, 3),
        (0.5, 0.5, 8, 1),
        (std::f64::consts::E / 1024.0, (-4.0f64).exp(), 1024, 4),
    ] {
        let p = CountMinParams::new(eps, delta).unwrap();
        assert_eq!((p.width(), p.depth()), (width, depth), "{eps} {delta}");
        assert!(p.epsilon() <= eps * (1.0 + 1e-12) && p.delta() <= delta * (1.0 + 1e-12));
        assert!(p.epsilon() * 2.0 > eps, "width {width} is not the smallest");
    }
}

#[test]
fn invalid_parameters_are_errors_not_panics() {
    for (w, d) in [
        (0, 4),
        (1, 4),
        (3, 4),
        (1000, 4),
        (1 << 27, 4),
        (64, 0),
        (64, 33),
    ] {
        let e = CountMinParams::with_size(w, d).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
            "{w} {d}: {e}"
        );
    }
    for (eps, delta) in [
        (0.0, 0.1),
        (1.0, 0.1),
        (f64::NAN, 0.1),
        (0.1, f64::NAN),
        (0.1, 0.0),
        (-0.1, 0.1),
        (1e-9, 0.1),
        (0.1, 1e-20),
        (f64::INFINITY, 0.1),
    ] {
        let e = CountMin::try_new(eps, delta).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
            "{eps} {delta}: {e}"
        );
    }
}

#[test]
fn an_item_without_collisions_is_counted_exactly() {
    let mut cm = CountMin::with_params(CountMinParams::with_size(1 << 16, 4).unwrap());
    cm.insert_weighted("x", 41).unwrap();
    assert_eq!(cm.estimate("x"), 41);
    cm.insert("x").unwrap();
    cm.insert("y").unwrap();
    assert_eq!(cm.estimate("x"), 42);
    assert_eq!(cm.estimate("y"), 1);
    assert_eq!(cm.count(), 43);
}

#[test]
fn estimates_never_fall_below_the_true_count_even_with_many_collisions() {
    // 5,000 items in 4 x 32 counters: every estimate is inflated, none is low.
    let stream = zipf(5_000, 10_000);
    let mut cm = sketch(32, 4, 3);
    filled(&mut cm, &stream);
    for (item, count) in &stream {
        let b = cm.bounds(item);
        assert!(b.upper >= *count, "{item}: {} < {count}", b.upper);
        assert!(b.lower <= b.upper);
    }
}

#[test]
fn insert_hash_is_insert_of_the_items_hash() {
    let mut a = CountMin::with_params(CountMinParams::with_size(256, 3).unwrap());
    let mut b = a.clone();
    for i in 0..1000u32 {
        a.insert(&i).unwrap();
        b.insert_hash(b.hash(&i)).unwrap();
    }
    assert_eq!(a, b);
    assert_eq!(a.estimate(&5u32), a.estimate_hash(a.hash(&5u32)));
}

/// The error bound, counted: over 40 seeds, each a Zipf stream of 2,000
/// items into 256 x 3 counters (epsilon = e/256, delta = e^-3 = 0.0498),
/// the share of items whose estimate exceeds the true count by more than
/// epsilon * N must not pass delta. Treating the 80,000 items as
/// independent trials, the assertion allows delta plus 6 binomial standard
/// deviations: a correct sketch fails it with probability below 1e-9. (The
/// real rate is far below delta: Markov's bound is loose.) The same at
/// depth 1 (delta = 0.368) catches rows that are not independent.
#[test]
fn estimates_exceed_the_true_count_by_more_than_epsilon_n_at_most_at_rate_delta() {
    for depth in [1usize, 3] {
        let stream = zipf(2_000, 100_000);
        let mut trials = 0u64;
        let mut violations = 0u64;
        let mut worst = 0.0f64;
        for seed in 0..40 {
            let mut cm = sketch(256, depth, seed);
            filled(&mut cm, &stream);
            let bound = cm.error_bound();
            for (item, count) in &stream {
                let error = (cm.estimate(item) - count) as f64;
                assert!(error >= 0.0);
                worst = worst.max(error / bound);
                trials += 1;
                violations += u64::from(error > bound);
            }
        }
        let delta = (-(depth as f64)).exp();
        let n = trials as f64;
        let allowed = n * delta + 6.0 * (n * delta * (1.0 - delta)).sqrt();
        let rate = violations as f64 / n;
        println!("depth {depth}: {violations} of {trials} items above epsilon*N (rate {rate:.5}, delta {delta:.4}), worst error {worst:.3} x bound");
        assert!(
            (violations as f64) <= allowed,
            "depth {depth}: {violations} violations of {trials}, allowed {allowed:.0}"
        );
    }
}

#[test]
fn inner_product_is_exact_without_collisions_and_an_upper_bound_with_them() {
    let a_stream = [(1u64, 3i64), (2, 5), (3, 7)];
    let b_stream = [(2u64, 10i64), (3, 1), (4, 100)];
    let truth = 5 * 10 + 7;
    let mut a = CountMin::with_params(CountMinParams::with_size(1 << 16, 4).unwrap());
    let mut b = a.clone();
    filled(&mut a, &a_stream);
    filled(&mut b, &b_stream);
    assert_eq!(a.inner_product(&b).unwrap(), truth);
    assert_eq!(a.inner_product(&b).unwrap(), b.inner_product(&a).unwrap());
    // Colliding: never below, and within epsilon * N_a * N_b here.
    let sa = zipf(3_000, 5_000);
    let sb: Vec<(u64, i64)> = zipf(3_000, 7_000).into_iter().rev().collect();
    let truth: i128 = sa
        .iter()
        .zip(sb.iter().rev())
        .map(|((_, x), (_, y))| i128::from(*x) * i128::from(*y))
        .sum();
    let mut a = sketch(512, 5, 9);
    let mut b = sketch(512, 5, 9);
    filled(&mut a, &sa);
    filled(&mut b, &sb);
    let est = a.inner_product(&b).unwrap();
    let bound = a.params().epsilon() * a.count() as f64 * b.count() as f64;
    assert!(
        est >= truth && ((est - truth) as f64) <= bound,
        "{est} {truth} {bound}"
    );
    let other = sketch(512, 5, 10);
    assert!(a.inner_product(&other).is_err());
}

#[test]
fn merge_is_the_sketch_of_the_concatenated_stream() {
    let mut rng = Rng(5);
    let stream: Vec<(u64, i64)> = (0..3000)
        .map(|_| (rng.next() % 500, (rng.next() % 9) as i64 - 3))
        .collect();
    let (left, right) = stream.split_at(1234);
    let mut whole = sketch(128, 4, 1);
    filled(&mut whole, &stream);
    let mut a = sketch(128, 4, 1);
    let mut b = sketch(128, 4, 1);
    filled(&mut a, left);
    filled(&mut b, right);
    a.merge(&b).unwrap();
    assert_eq!(a, whole);
}

#[test]
fn subtracting_a_merged_sketch_restores_the_window_exactly() {
    let mut panes: Vec<CountMin> = Vec::new();
    for p in 0..6u64 {
        let mut cm = sketch(64, 3, 0);
        filled(&mut cm, &zipf(40 + p, 100 + p as i64));
        panes.push(cm);
    }
    // A window of three panes, slid by adding the new pane and subtracting the old.
    let mut window = panes[0].empty_like();
    for p in &panes[..3] {
        window.merge(p).unwrap();
    }
    for start in 1..=3 {
        window.merge(&panes[start + 2]).unwrap();
        window.subtract(&panes[start - 1]).unwrap();
        let mut fresh = panes[0].empty_like();
        fresh.merge_all(&panes[start..start + 3]).unwrap();
        assert_eq!(window, fresh, "window starting at pane {start}");
    }
}

#[test]
fn a_negated_sketch_holds_negative_counts_and_cancels_the_original() {
    let mut cm = CountMin::with_params(CountMinParams::with_size(64, 2).unwrap());
    cm.insert_weighted("a", 5).unwrap();
    let mut neg = cm.clone();
    neg.negate();
    assert_eq!(neg.estimate("a"), -5);
    assert_eq!(neg.count(), -5);
    neg.merge(&cm).unwrap();
    assert!(neg.is_empty());
}

#[test]
fn sketches_of_another_width_depth_or_seed_refuse_to_merge_and_stay_unchanged() {
    let mut base = sketch(64, 4, 1);
    base.insert("a").unwrap();
    for (other, parameter) in [
        (sketch(128, 4, 1), "width"),
        (sketch(64, 3, 1), "depth"),
        (sketch(64, 4, 2), "seed"),
    ] {
        let before = base.clone();
        for result in [
            base.check_merge(&other),
            base.merge(&other),
            base.subtract(&other),
        ] {
            match result.unwrap_err().kind() {
                ErrorKind::IncompatibleMerge { parameter: p, .. } => assert_eq!(*p, parameter),
                k => panic!("{k:?}"),
            }
        }
        assert_eq!(base, before);
    }
}

fn refused<T: std::fmt::Debug>(result: Result<T>) {
    let e = result.expect_err("must be refused");
    assert!(
        matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
        "{e}"
    );
}

#[test]
fn an_insert_that_would_pass_i64_max_is_refused_and_changes_nothing() {
    let mut cm = CountMin::with_params(CountMinParams::with_size(16, 3).unwrap());
    cm.insert_weighted("big", i64::MAX - 1).unwrap();
    cm.insert("big").unwrap();
    assert_eq!(cm.estimate("big"), i64::MAX);
    let full = cm.clone();
    refused(cm.insert("big"));
    refused(cm.insert("other"));
    refused(cm.insert_weighted("other", i64::MAX));
    assert_eq!(cm, full);
    // Removing still works, and makes room again.
    cm.insert_weighted("big", -10).unwrap();
    cm.insert_weighted("x", 10).unwrap();
    assert_eq!(cm.count(), i64::MAX);

    // i64::MIN is never a weight; the negative limit is -i64::MAX.
    let mut cm = CountMin::with_params(CountMinParams::with_size(16, 3).unwrap());
    refused(cm.insert_weighted("a", i64::MIN));
    cm.insert_weighted("a", -i64::MAX).unwrap();
    assert_eq!(cm.estimate("a"), -i64::MAX);
    refused(cm.insert_weighted("a", -1));
    // The rule is on absolute mass: +MAX on top of -MAX is refused too,
    // though the total would be 0.
    refused(cm.insert_weighted("b", i64::MAX));
    let mut neg = cm.clone();
    neg.negate();
    assert_eq!(neg.estimate("a"), i64::MAX);
}

#[test]
fn a_merge_or_subtract_that_would_pass_i64_max_is_refused_and_changes_nothing() {
    let mut a = CountMin::with_params(CountMinParams::with_size(16, 3).unwrap());
    a.insert_weighted("a", i64::MAX / 2 + 1).unwrap();
    let b = a.clone();
    let mut minus_b = b.clone();
    minus_b.negate();
    let before = a.clone();
    refused(a.check_merge(&b));
    refused(a.merge(&b));
    refused(a.merge_all([&b]));
    refused(a.subtract(&minus_b));
    assert_eq!(a, before);
    // What fits is not refused: one short of the limit, or a difference.
    let mut c = CountMin::with_params(CountMinParams::with_size(16, 3).unwrap());
    c.insert_weighted("c", i64::MAX / 2).unwrap();
    a.merge(&c).unwrap();
    assert_eq!(a.count(), i64::MAX);
    a.subtract(&c).unwrap();
    assert_eq!(a, before);
    a.subtract(&b).unwrap();
    assert!(a.is_empty());
    // Masses of both signs: 2 * (MAX / 2 + 1) in the row of "a" when
    // subtracting the negation, but a merge with it cancels exactly.
    let mut d = before.clone();
    d.merge(&minus_b).unwrap();
    assert!(d.is_empty());
}

#[test]
fn near_the_limit_an_insert_is_refused_exactly_when_its_result_would_not_fit() {
    let mut cm = CountMin::with_params(CountMinParams::with_size(2, 1).unwrap());
    cm.insert_weighted(&1u8, i64::MAX - 5).unwrap();
    // Whichever column 2u8 takes, a weight of 5 fits and 6 does not.
    let mut probe = cm.clone();
    refused(probe.insert_weighted(&2u8, 6));
    probe.insert_weighted(&2u8, 5).unwrap();
    assert_eq!(probe.count(), i64::MAX);
    // A negative weight on a full row frees room.
    probe.insert_weighted(&1u8, -i64::MAX + 5).unwrap();
    probe.insert_weighted(&3u8, i64::MAX - 10).unwrap();
}

#[test]
fn conservative_estimates_lie_between_the_true_count_and_the_standard_estimate() {
    let stream = zipf(3_000, 20_000);
    let mut cu = CountMin::conservative_with_params(CountMinParams::with_size(128, 4).unwrap());
    let mut std = CountMin::with_params(CountMinParams::with_size(128, 4).unwrap());
    for (item, w) in &stream {
        cu.insert_weighted(item, *w).unwrap();
        std.insert_weighted(item, *w).unwrap();
    }
    let (mut cu_error, mut std_error) = (0i64, 0i64);
    for (item, count) in &stream {
        let (c, s) = (cu.estimate(item), std.estimate(item));
        assert!(*count <= c && c <= s, "{item}: {count} {c} {s}");
        cu_error += c - count;
        std_error += s - count;
    }
    assert!(cu_error * 10 < std_error * 7, "{cu_error} vs {std_error}");
    for (c, s) in cu.counters().iter().zip(std.counters()) {
        assert!(0 <= *c && c <= s);
    }
}

/// The guarantee stated for merged conservative sketches, over a merge tree
/// of parts: counters at most the standard sketch's of the whole stream,
/// estimates between the true count and the standard estimate.
#[test]
fn merged_conservative_sketches_are_bounded_by_the_true_count_and_the_standard_sketch() {
    let mut rng = Rng(77);
    for trial in 0..20 {
        let stream: Vec<(u64, i64)> = (0..2_000)
            .map(|_| (rng.next() % 300, 1 + (rng.next() % 4) as i64))
            .collect();
        let parts: Vec<ConservativeCountMin> = stream
            .chunks(137 + trial)
            .map(|chunk| {
                let mut cu =
                    CountMin::conservative_with_params(CountMinParams::with_size(32, 3).unwrap());
                for (item, w) in chunk {
                    cu.insert_weighted(item, *w).unwrap();
                }
                cu
            })
            .collect();
        // ((p0 ⊕ p1) ⊕ (p2 ⊕ p3)) ⊕ ...: pairwise rounds.
        let mut level = parts;
        while level.len() > 1 {
            level = level
                .chunks(2)
                .map(|pair| {
                    let mut m = pair[0].clone();
                    if let Some(b) = pair.get(1) {
                        m.merge(b).unwrap();
                    }
                    m
                })
                .collect();
        }
        let merged = &level[0];
        let mut std = CountMin::with_params(CountMinParams::with_size(32, 3).unwrap());
        let mut truth = std::collections::HashMap::new();
        for (item, w) in &stream {
            std.insert_weighted(item, *w).unwrap();
            *truth.entry(*item).or_insert(0i64) += w;
        }
        assert_eq!(merged.count(), std.count());
        for (m, s) in merged.counters().iter().zip(std.counters()) {
            assert!(
                m <= s,
                "trial {trial}: merged counter {m} above standard {s}"
            );
        }
        for (item, count) in &truth {
            let est = merged.estimate(item);
            assert!(*count <= est && est <= std.estimate(item), "trial {trial}");
        }
    }
}

#[test]
fn merged_conservative_sketches_are_not_the_conservative_sketch_of_the_concatenation() {
    // Two items share a counter in a 2 x 1-row sketch... found by search:
    // some split makes the merge differ from the whole.
    let stream: Vec<u64> = (0..40).collect();
    let mut whole = CountMin::conservative_with_params(CountMinParams::with_size(4, 2).unwrap());
    whole.try_extend(&stream).unwrap();
    let differs = (1..stream.len()).any(|cut| {
        let (l, r) = stream.split_at(cut);
        let mut a = CountMin::conservative_with_params(CountMinParams::with_size(4, 2).unwrap());
        a.try_extend(l).unwrap();
        let mut b = a.empty_like();
        b.try_extend(r).unwrap();
        a.merge(&b).unwrap();
        a != whole
    });
    assert!(differs, "conservative update happened to be linear here");
}

#[test]
fn a_conservative_sketch_refuses_negative_weights() {
    let mut cu = CountMin::conservative_with_params(CountMinParams::with_size(64, 2).unwrap());
    cu.insert("a").unwrap();
    let before = cu.clone();
    refused(cu.insert_weighted("a", -1));
    assert_eq!(cu, before);
    cu.insert_weighted("a", 0).unwrap();
    assert_eq!(cu, before);
}

#[test]
fn a_conservative_insert_that_would_pass_i64_max_is_refused() {
    let mut cu = CountMin::conservative_with_params(CountMinParams::with_size(16, 2).unwrap());
    cu.insert_weighted("a", i64::MAX).unwrap();
    let before = cu.clone();
    refused(cu.insert("b"));
    refused(cu.merge(&before));
    assert_eq!(cu, before);
}

#[test]
fn encodings_round_trip_and_name_their_update_rule() {
    let mut cm = sketch(64, 3, 99);
    filled(&mut cm, &zipf(500, 1000));
    cm.insert_weighted("neg", -40).unwrap();
    let bytes = cm.encode();
    assert_eq!(bytes.len(), 6 + 19 + 8 * 64 * 3);
    assert_eq!(<CountMin>::decode(&bytes).unwrap(), cm);
    let mut cu = CountMin::conservative_with_params(CountMinParams::with_size(64, 3).unwrap());
    cu.try_extend(0..500u32).unwrap();
    assert_eq!(ConservativeCountMin::decode(&cu.encode()).unwrap(), cu);
    // Neither rule decodes as the other.
    for e in [
        <CountMin>::decode(&cu.encode()).unwrap_err(),
        ConservativeCountMin::decode(&cm.encode()).unwrap_err(),
    ] {
        assert!(matches!(e.kind(), ErrorKind::WrongFamily { .. }), "{e}");
    }
}

#[test]
fn merge_all_equals_the_fold_of_merges_and_changes_nothing_when_one_would_fail() {
    let half = i64::MAX / 2 + 1;
    let mut plus = CountMin::with_params(CountMinParams::with_size(16, 3).unwrap());
    plus.insert_weighted("a", half).unwrap();
    let mut minus = plus.clone();
    minus.negate();
    // The summed masses pass the limit, but every merge of the fold fits:
    // + then - then + cancels, so merge_all must succeed like the fold.
    let mut fold = plus.clone();
    for o in [&minus, &plus, &minus] {
        fold.merge(o).unwrap();
    }
    let mut all = plus.clone();
    all.merge_all([&minus, &plus, &minus]).unwrap();
    assert_eq!(all, fold);
    assert!(all.is_empty());
    // The second merge of this fold would overflow: nothing changes.
    let before = plus.clone();
    let mut all = plus.clone();
    refused(all.merge_all([&minus, &plus, &plus]));
    assert_eq!(all, before);
    // Many small sketches in one pass equal the fold, negatives included.
    let parts: Vec<CountMin> = (0..9)
        .map(|p| {
            let mut cm = sketch(4096, 3, 0);
            let sign = if p % 3 == 1 { -1 } else { 1 };
            let stream: Vec<(u64, i64)> = zipf(3000 + 100 * p, 50)
                .into_iter()
                .map(|(x, w)| (x, sign * w))
                .collect();
            filled(&mut cm, &stream);
            cm
        })
        .collect();
    let mut fold = parts[0].clone();
    for o in &parts[1..] {
        fold.merge(o).unwrap();
    }
    let mut all = parts[0].clone();
    all.merge_all(&parts[1..]).unwrap();
    assert_eq!(all, fold);
}

/// Any sequence of operations on five sketches (weighted inserts of both
/// signs, merges, subtracts, negations, encode/decode round trips,
/// merge_all) leaves each sketch equal to the sketch built directly from its
/// net weight per item: the exact model of a linear sketch.
#[test]
fn every_operation_sequence_keeps_each_sketch_equal_to_the_sketch_of_its_net_weights() {
    use std::collections::BTreeMap;
    fn model_sketch(model: &BTreeMap<u64, i64>) -> CountMin {
        let mut cm = sketch(32, 3, 4);
        for (item, w) in model {
            cm.insert_weighted(item, *w).unwrap();
        }
        cm
    }
    let mut rng = Rng(99);
    for _ in 0..50 {
        let mut sketches: Vec<CountMin> = (0..5).map(|_| sketch(32, 3, 4)).collect();
        let mut models: Vec<BTreeMap<u64, i64>> = vec![BTreeMap::new(); 5];
        for _ in 0..60 {
            let (i, j) = ((rng.next() % 5) as usize, (rng.next() % 5) as usize);
            match rng.next() % 6 {
                0 | 1 => {
                    let item = rng.next() % 50;
                    let w = (rng.next() % 21) as i64 - 10;
                    sketches[i].insert_weighted(&item, w).unwrap();
                    *models[i].entry(item).or_default() += w;
                }
                2 => {
                    let other = sketches[j].clone();
                    sketches[i].merge(&other).unwrap();
                    for (k, w) in models[j].clone() {
                        *models[i].entry(k).or_default() += w;
                    }
                }
                3 => {
                    let other = sketches[j].clone();
                    sketches[i].subtract(&other).unwrap();
                    for (k, w) in models[j].clone() {
                        *models[i].entry(k).or_default() -= w;
                    }
                }
                4 => {
                    sketches[i].negate();
                    for w in models[i].values_mut() {
                        *w = -*w;
                    }
                }
                _ => {
                    let others: Vec<CountMin> = sketches.clone();
                    sketches[i].merge_all(&others).unwrap();
                    let all: Vec<BTreeMap<u64, i64>> = models.clone();
                    for m in all {
                        for (k, w) in m {
                            *models[i].entry(k).or_default() += w;
                        }
                    }
                    sketches[i] = <CountMin>::decode(&sketches[i].encode()).unwrap();
                }
            }
            for (s, m) in sketches.iter().zip(&models) {
                assert_eq!(*s, model_sketch(m));
            }
        }
    }
}
