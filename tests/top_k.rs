//! TopK (Count-Min heavy hitters), as a specification: what it finds, what
//! it reports, what merge keeps, how ties are broken, its encoding.

use std::collections::HashMap;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::codec::Codec;
use sketchfold::frequency::{CountMinParams, TopK, TopKParams, MAX_K};
use sketchfold::ErrorKind;

#[path = "common/rng.rs"]
mod rng;

use rng::Rng;

/// A shuffled stream in which item `i` occurs `scale / (i + 1)` times.
fn zipf_stream(items: u64, scale: u64, seed: u64) -> Vec<u64> {
    let mut stream: Vec<u64> = (0..items)
        .flat_map(|i| std::iter::repeat(i).take((scale / (i + 1)) as usize))
        .collect();
    let mut rng = Rng(seed);
    for i in (1..stream.len()).rev() {
        stream.swap(i, (rng.next() % (i as u64 + 1)) as usize);
    }
    stream
}

fn top_k(k: usize, stream: &[u64]) -> TopK<u64> {
    let mut t = TopK::with_params(
        TopKParams::with_count_min(k, CountMinParams::with_size(1 << 12, 4).unwrap()).unwrap(),
    );
    for item in stream {
        t.insert(item).unwrap();
    }
    t
}

#[test]
fn a_new_top_k_is_empty_and_reports_nothing() {
    let t = TopK::<String>::with_params(
        TopKParams::with_count_min(5, CountMinParams::with_size(64, 2).unwrap()).unwrap(),
    );
    assert!(t.is_empty());
    assert!(t.top().is_empty());
    assert_eq!((t.k(), t.candidate_count()), (5, 0));
    assert_eq!(t.estimate("x"), 0);
}

#[test]
fn invalid_parameters_are_errors_not_panics() {
    for (k, w, d) in [(0, 64, 2), (MAX_K + 1, 64, 2), (3, 63, 2), (3, 64, 0)] {
        let e = CountMinParams::with_size(w, d)
            .and_then(|cm| TopKParams::with_count_min(k, cm))
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
            "{e}"
        );
    }
    assert!(TopKParams::with_count_min(MAX_K, CountMinParams::with_size(2, 1).unwrap()).is_ok());
}

#[test]
fn it_finds_the_heaviest_items_of_a_skewed_stream_in_order() {
    let stream = zipf_stream(5_000, 20_000, 1);
    let t = top_k(10, &stream);
    let found: Vec<u64> = t.top().into_iter().map(|(item, _)| item).collect();
    assert_eq!(found, (0..10).collect::<Vec<u64>>());
}

#[test]
fn reported_counts_are_count_min_estimates_never_below_the_true_count() {
    let stream = zipf_stream(3_000, 10_000, 2);
    let mut truth: HashMap<u64, i64> = HashMap::new();
    for item in &stream {
        *truth.entry(*item).or_default() += 1;
    }
    let t = top_k(20, &stream);
    let top = t.top();
    assert_eq!(top.len(), 20);
    for pair in top.windows(2) {
        assert!(pair[0].1 >= pair[1].1, "not heaviest first: {top:?}");
    }
    for (item, n) in &top {
        assert!(t.contains(item));
        assert_eq!(*n, t.estimate(item));
        assert_eq!(*n, t.count_min().estimate(item));
        assert!(*n >= truth[item]);
    }
}

#[test]
fn merge_keeps_the_k_best_of_both_candidate_sets_by_merged_counts() {
    let mut left = TopK::<String>::with_params(
        TopKParams::with_count_min(2, CountMinParams::with_size(1 << 12, 4).unwrap()).unwrap(),
    );
    let mut right = left.clone();
    left.insert_weighted("a", 5).unwrap();
    left.insert_weighted("b", 4).unwrap();
    right.insert_weighted("c", 6).unwrap();
    right.insert_weighted("b", 3).unwrap();
    left.merge(&right).unwrap();
    assert_eq!(left.top(), [("b".to_string(), 7), ("c".to_string(), 6)]);
    // The merged estimates are the recorded counts.
    assert_eq!(left.recorded(), left.top());
    assert!(!left.contains("a"));
    assert_eq!(left.estimate("a"), 5, "the Count-Min still counts a");
}

#[test]
fn after_a_merge_every_recorded_count_is_the_merged_estimate() {
    let a = top_k(15, &zipf_stream(2_000, 3_000, 3));
    let b = top_k(15, &zipf_stream(2_500, 2_000, 4));
    let mut m = a.clone();
    m.merge(&b).unwrap();
    let mut cm = a.count_min().clone();
    cm.merge(b.count_min()).unwrap();
    assert_eq!(m.count_min(), &cm, "the Count-Min part merges exactly");
    for (item, n) in m.recorded() {
        assert_eq!(n, cm.estimate(&item));
    }
    assert_eq!(m.recorded(), m.top());
    assert_eq!(m.candidate_count(), 15);
}

#[test]
fn an_item_that_fell_out_of_every_sides_candidates_cannot_come_back() {
    // The documented limit: "z" is second on each side (k = 1), so neither
    // keeps it, though it is the heaviest overall.
    let mut left = TopK::<String>::with_params(
        TopKParams::with_count_min(1, CountMinParams::with_size(1 << 12, 4).unwrap()).unwrap(),
    );
    let mut right = left.clone();
    left.insert_weighted("x", 10).unwrap();
    left.insert_weighted("z", 9).unwrap();
    right.insert_weighted("y", 10).unwrap();
    right.insert_weighted("z", 9).unwrap();
    let mut whole = left.clone();
    whole.merge(&right).unwrap();
    assert_eq!(whole.estimate("z"), 18);
    assert!(!whole.contains("z"));
    assert_eq!(whole.top().len(), 1);
    assert_eq!(whole.top()[0].1, 10);
}

#[test]
fn ties_are_broken_the_same_way_whatever_the_order_of_inserts_and_merges() {
    // Forty items of equal weight, k = 7: which seven are kept and in which
    // order is decided by item hash, not by arrival or hash-map order.
    let items: Vec<u64> = (100..140).collect();
    let mut orders = Vec::new();
    for seed in 0..5 {
        let mut shuffled = items.clone();
        let mut rng = Rng(seed);
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
        let (l, r) = shuffled.split_at(17);
        let (mut a, b) = (top_k(7, l), top_k(7, r));
        let ba = {
            let mut b = b.clone();
            b.merge(&a).unwrap();
            b
        };
        a.merge(&b).unwrap();
        assert_eq!(a, ba);
        orders.push(a.top());
    }
    assert!(orders.windows(2).all(|w| w[0] == w[1]), "{orders:?}");
    assert!(orders[0].iter().all(|(_, n)| *n == 1));
}

#[test]
fn the_candidate_count_is_min_of_k_and_the_distinct_items_in_any_grouping() {
    for (k, distinct) in [(5usize, 3u64), (5, 5), (5, 50)] {
        let stream: Vec<u64> = (0..200).map(|i| i % distinct).collect();
        let expected = k.min(distinct as usize);
        let parts: Vec<TopK<u64>> = stream.chunks(23).map(|c| top_k(k, c)).collect();
        let mut left_fold = parts[0].empty_like();
        for p in &parts {
            left_fold.merge(p).unwrap();
        }
        let mut right_fold = parts[0].empty_like();
        for p in parts.iter().rev() {
            let mut m = p.clone();
            m.merge(&right_fold).unwrap();
            right_fold = m;
        }
        for t in [&left_fold, &right_fold, &top_k(k, &stream)] {
            assert_eq!(t.candidate_count(), expected, "k {k} distinct {distinct}");
        }
    }
}

#[test]
fn negative_weights_and_overflow_are_refused_and_change_nothing() {
    let mut t = TopK::<u64>::with_params(
        TopKParams::with_count_min(2, CountMinParams::with_size(16, 2).unwrap()).unwrap(),
    );
    t.insert_weighted(&1, i64::MAX).unwrap();
    let before = t.clone();
    for result in [t.insert_weighted(&1, -1), t.insert(&2), t.merge(&before)] {
        assert!(matches!(
            result.unwrap_err().kind(),
            ErrorKind::InvalidParameter { .. }
        ));
    }
    t.insert_weighted(&3, 0).unwrap();
    assert_eq!(t, before);
    assert!(!t.contains(&3));
}

#[test]
fn string_candidates_are_inserted_by_reference_and_round_trip() {
    let mut t = TopK::<String>::with_params(
        TopKParams::with_count_min(3, CountMinParams::with_size(256, 3).unwrap()).unwrap(),
    );
    for word in "to be or not to be that is the question to".split(' ') {
        t.insert(word).unwrap();
    }
    assert_eq!(t.top()[0], ("to".to_string(), 3));
    assert_eq!(t.top()[1], ("be".to_string(), 2));
    let back = TopK::<String>::decode(&t.encode()).unwrap();
    assert_eq!(back, t);
    assert_eq!(back.top(), t.top());
    // The decoded sketch behaves as the original under further inserts.
    let (mut a, mut b) = (t.clone(), back);
    for word in ["question", "question", "question", "is"] {
        a.insert(word).unwrap();
        b.insert(word).unwrap();
    }
    assert_eq!(a, b);
}

#[test]
fn top_ks_with_another_k_or_count_min_refuse_to_merge_and_stay_unchanged() {
    let mut a = top_k(3, &[1, 2, 3, 4]);
    let before = a.clone();
    let other_k = TopK::<u64>::with_params(
        TopKParams::with_count_min(4, CountMinParams::with_size(1 << 12, 4).unwrap()).unwrap(),
    );
    let other_seed = TopK::<u64>::with_params(
        TopKParams::with_count_min(
            3,
            CountMinParams::with_size(1 << 12, 4).unwrap().with_seed(1),
        )
        .unwrap(),
    );
    for (other, parameter) in [(other_k, "k"), (other_seed, "seed")] {
        match a.merge(&other).unwrap_err().kind() {
            ErrorKind::IncompatibleMerge { parameter: p, .. } => assert_eq!(*p, parameter),
            k => panic!("{k:?}"),
        }
        assert_eq!(a, before);
    }
}

/// The insert rule, naively: no cache, the worst candidate found by a scan
/// every time. The sketch's candidates and recorded counts must match it
/// after every insert.
#[test]
fn inserts_keep_exactly_the_candidates_of_the_naive_rule() {
    fn rank_key(c: &(u64, i64, u64)) -> (std::cmp::Reverse<i64>, u64, [u8; 8]) {
        (std::cmp::Reverse(c.1), c.2, c.0.to_le_bytes())
    }
    let mut rng = Rng(11);
    for trial in 0..30 {
        let k = 1 + trial % 7;
        let mut t = TopK::<u64>::with_params(
            TopKParams::with_count_min(k, CountMinParams::with_size(16, 2).unwrap()).unwrap(),
        );
        let mut naive: Vec<(u64, i64, u64)> = Vec::new();
        for _ in 0..400 {
            let item = rng.next() % 40;
            let weight = (rng.next() % 3) as i64;
            t.insert_weighted(&item, weight).unwrap();
            if weight == 0 {
                continue;
            }
            let count = t.estimate(&item);
            let hash = t.count_min().hash(&item);
            if let Some(c) = naive.iter_mut().find(|c| c.0 == item) {
                c.1 = count;
            } else if naive.len() < k {
                naive.push((item, count, hash));
            } else {
                let worst = naive.iter().max_by_key(|c| rank_key(c)).copied().unwrap();
                if rank_key(&(item, count, hash)) < rank_key(&worst) {
                    naive.retain(|c| c.0 != worst.0);
                    naive.push((item, count, hash));
                }
            }
            naive.sort_by_key(rank_key);
            let expected: Vec<(u64, i64)> = naive.iter().map(|c| (c.0, c.1)).collect();
            assert_eq!(t.recorded(), expected, "trial {trial}");
        }
    }
}

#[test]
fn merge_all_changes_nothing_when_one_of_its_merges_would_overflow() {
    let mut big = TopK::<u64>::with_params(
        TopKParams::with_count_min(2, CountMinParams::with_size(1 << 12, 4).unwrap()).unwrap(),
    );
    big.insert_weighted(&1, i64::MAX / 2).unwrap();
    let small = top_k(2, &[5, 6, 7]);
    let mut t = small.clone();
    let before = t.clone();
    assert!(t.merge_all([&big, &small, &big]).is_err());
    assert_eq!(t, before);
    // What fits merges like the fold.
    let mut fold = small.clone();
    fold.merge(&big).unwrap();
    fold.merge(&small).unwrap();
    let mut all = small.clone();
    all.merge_all([&big, &small]).unwrap();
    assert_eq!(all, fold);
}
