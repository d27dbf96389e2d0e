//! The algebra's behaviour beyond the generic laws: overflow, failed merges
//! that change nothing, batch merges, and aggregators that compose.

use std::collections::HashMap;

use sketchfold::algebra::{
    Aggregator, CompensatedSum, Group, Max, Min, Monoid, MonoidAggregator, Semigroup,
};
use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::HyperLogLog;
use sketchfold::ErrorKind;

#[test]
fn integer_sums_wrap_on_overflow_and_come_back_exactly() {
    let mut x = u64::MAX;
    x.merge(&2).unwrap();
    assert_eq!(x, 1, "u64::MAX + 2 wraps to 1");
    x.subtract(&2).unwrap();
    assert_eq!(x, u64::MAX, "subtracting again restores the value");

    let mut y = i8::MAX;
    y.merge(&1).unwrap();
    assert_eq!(y, i8::MIN);
    y.negate();
    assert_eq!(y, i8::MIN, "-(i8::MIN) wraps to itself");
}

#[test]
fn compensated_sum_keeps_what_plain_addition_loses() {
    let mut plain = 0.0f64;
    let mut comp = CompensatedSum::default();
    for _ in 0..100_000 {
        for x in [1e16, 0.1, -1e16] {
            plain += x;
            comp.add(x);
        }
    }
    // Exactly 100,000 * 0.1 = 10,000; plain addition loses every 0.1.
    assert!((comp.value() - 10_000.0).abs() < 1e-6, "{}", comp.value());
    assert!(
        (plain - 10_000.0).abs() > 1.0,
        "plain f64 addition should drift"
    );
}

#[test]
fn compensated_sums_merged_from_partitions_are_as_accurate_as_one_pass() {
    let parts: Vec<CompensatedSum> = (0..8)
        .map(|p| {
            let mut s = CompensatedSum::from(1e16 * f64::from(p + 1));
            for _ in 0..10_000 {
                s.add(0.01);
            }
            s.add(-1e16 * f64::from(p + 1));
            s
        })
        .collect();
    let mut total = CompensatedSum::default();
    total.merge_all(parts.iter()).unwrap();
    assert!((total.value() - 800.0).abs() < 1e-6, "{}", total.value());
}

#[test]
fn a_tuple_merge_that_fails_in_one_member_changes_no_member() {
    let mut left = (
        5u64,
        HyperLogLog::with_params(HllParams::new(8).unwrap().with_seed(1)),
        Some(Max(3)),
    );
    left.1.insert("a");
    let mut right = (
        7u64,
        HyperLogLog::with_params(HllParams::new(8).unwrap().with_seed(2)),
        Some(Max(9)),
    );
    right.1.insert("b");
    let before = left.clone();
    let err = left.merge(&right).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::IncompatibleMerge {
            parameter: "hashing",
            ..
        }
    ));
    assert_eq!(left, before);
}

#[test]
fn a_map_merge_that_fails_for_one_key_changes_no_key() {
    let mut a: HashMap<&str, HyperLogLog> = HashMap::new();
    a.insert(
        "x",
        HyperLogLog::with_params(HllParams::new(6).unwrap().with_seed(1)),
    );
    let mut b: HashMap<&str, HyperLogLog> = HashMap::new();
    b.insert(
        "x",
        HyperLogLog::with_params(HllParams::new(6).unwrap().with_seed(2)),
    );
    b.insert(
        "y",
        HyperLogLog::with_params(HllParams::new(6).unwrap().with_seed(1)),
    );
    let before = a.clone();
    assert!(a.merge(&b).is_err());
    assert_eq!(a, before, "key y must not have been added");
}

#[test]
fn merge_all_is_all_or_nothing() {
    let mut target = HyperLogLog::with_params(HllParams::new(6).unwrap().with_seed(1));
    target.insert(&1u64);
    let good = {
        let mut h = HyperLogLog::with_params(HllParams::new(6).unwrap().with_seed(1));
        h.insert(&2u64);
        h
    };
    let bad = HyperLogLog::with_params(HllParams::new(6).unwrap().with_seed(9));
    let before = target.clone();
    assert!(target.merge_all([&good, &bad]).is_err());
    assert_eq!(target, before);
}

#[test]
fn identities_depend_on_parameters() {
    let p12 = HyperLogLog::new(12);
    let p14 = HyperLogLog::new(14);
    assert_ne!(p12, p14);
    assert_eq!(p12.empty_like(), HyperLogLog::empty(&p12.params()));
    assert_eq!(p14.empty_like().precision(), 14);
    assert_eq!(
        <(u64, f64, Option<Min<i32>>)>::empty(&((), (), ())),
        (0, 0.0, None)
    );
}

#[test]
fn aggregators_fold_merge_and_present() {
    let distinct = MonoidAggregator::new(
        HyperLogLog::new(12).params(),
        |h: &mut HyperLogLog, w: &str| h.insert(w),
        |h: &HyperLogLog| h.estimate().round() as u64,
    );
    let count = MonoidAggregator::new((), |n: &mut u64, _: &str| *n += 1, |n: &u64| *n);
    let longest = MonoidAggregator::new(
        (),
        |m: &mut Option<Max<usize>>, w: &str| m.merge(&Some(Max(w.len()))).unwrap(),
        |m: &Option<Max<usize>>| m.map_or(0, |m| m.0),
    );
    let all = (distinct, count, longest);
    let words = ["a", "bb", "a", "ccc", "bb"];
    assert_eq!(all.aggregate(words).unwrap(), (3, 5, 3));

    // Partitions fold separately and merge to the same answer.
    let mut left = all.empty();
    let mut right = all.empty();
    for w in &words[..2] {
        all.insert(&mut left, w).unwrap();
    }
    for w in &words[2..] {
        all.insert(&mut right, w).unwrap();
    }
    all.merge(&mut left, &right).unwrap();
    assert_eq!(all.present(&left), (3, 5, 3));
}

#[test]
fn aggregators_compose_with_prepare_and_present_maps() {
    #[derive(Debug)]
    struct Click {
        user: String,
    }
    let distinct_users = MonoidAggregator::new(
        HyperLogLog::new(10).params(),
        |h: &mut HyperLogLog, u: &str| h.insert(u),
        |h: &HyperLogLog| h.estimate(),
    )
    .compose_prepare(|c: &Click| c.user.as_str())
    .map_output(|e| e.round() as u32);
    let clicks: Vec<Click> = ["ann", "bob", "ann"]
        .iter()
        .map(|u| Click {
            user: u.to_string(),
        })
        .collect();
    assert_eq!(distinct_users.aggregate(&clicks).unwrap(), 2);
}
