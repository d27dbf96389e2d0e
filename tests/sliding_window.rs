//! Sliding-window aggregation, specified against an in-order fold:
//!
//! - DABA answers every query with the in-order merge of the queue, for a
//!   non-commutative monoid, over random pushes, evictions and queries that
//!   empty and refill the queue;
//! - it never spends more than 3 merges on a push, 2 on an evict and 1 on a
//!   query, and its worst slide costs the same at 10, 100, 1000 and 10 000
//!   elements, while re-merging the window grows with it;
//! - subtraction (for groups) and the re-merge baseline agree with the fold;
//! - an incompatible value is refused and leaves the queue as it was.

#[path = "common/rng.rs"]
mod rng;

use std::collections::VecDeque;

use rng::Rng;
use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::HyperLogLog;
use sketchfold::frequency::CountMin;
use sketchfold::frequency::CountMinParams;
use sketchfold::stream::sliding::{Daba, Recompute, SlidingAggregator, Subtracting};

/// Concatenation of sequences: associative, with an identity, and not
/// commutative, so any merge out of order shows in the result.
#[derive(Clone, Debug, PartialEq)]
struct Concat(Vec<u32>);

impl Semigroup for Concat {
    fn merge(&mut self, other: &Self) -> sketchfold::Result<()> {
        self.0.extend_from_slice(&other.0);
        Ok(())
    }
}

impl Monoid for Concat {
    type Params = ();
    fn empty(_: &()) -> Self {
        Concat(Vec::new())
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Runs `ops` random operations on `window` and on a `VecDeque` model and
/// checks after each that the query, the length and the stored values
/// agree. Pushes are a little more likely than evictions, with runs of
/// evictions that empty the queue now and then.
fn check_against_model<W: SlidingAggregator<Concat>>(mut window: W, seed: u64, ops: usize) {
    let mut rng = Rng(seed);
    let mut model: VecDeque<u32> = VecDeque::new();
    let mut next = 0u32;
    for op in 0..ops {
        match rng.below(100) {
            0..=54 => {
                window.push(Concat(vec![next])).unwrap();
                model.push_back(next);
                next += 1;
            }
            55..=97 => {
                assert_eq!(window.evict().unwrap(), model.pop_front().is_some());
            }
            _ => {
                while model.pop_front().is_some() {
                    assert!(window.evict().unwrap());
                }
                assert!(!window.evict().unwrap(), "evict on an empty queue");
            }
        }
        let expected: Vec<u32> = model.iter().copied().collect();
        assert_eq!(window.query().unwrap().0, expected, "seed {seed}, op {op}");
        assert_eq!(window.len(), model.len());
        assert_eq!(window.is_empty(), model.is_empty());
        let values: Vec<u32> = window.values().iter().flat_map(|c| c.0.clone()).collect();
        assert_eq!(
            values, expected,
            "values() are the pushed values, oldest first"
        );
    }
}

#[test]
fn daba_answers_every_query_with_the_in_order_merge() {
    for seed in 0..40 {
        check_against_model(Daba::new(()), seed, 3000);
    }
}

#[test]
fn the_recompute_baseline_answers_every_query_with_the_in_order_merge() {
    for seed in 0..10 {
        check_against_model(Recompute::new(()), seed, 1000);
    }
}

#[test]
fn subtracting_keeps_the_exact_total_of_a_group() {
    for seed in 0..20 {
        let mut rng = Rng(seed);
        let mut window = Subtracting::<i64>::new(());
        let mut model: VecDeque<i64> = VecDeque::new();
        for _ in 0..3000 {
            if rng.below(100) < 55 {
                let v = rng.next() as i64 >> 8;
                window.push(v).unwrap();
                model.push_back(v);
            } else {
                assert_eq!(window.evict().unwrap(), model.pop_front().is_some());
            }
            assert_eq!(window.query().unwrap(), model.iter().sum::<i64>());
            assert_eq!(
                window.values().into_iter().copied().collect::<Vec<_>>(),
                Vec::from(model.clone())
            );
        }
    }
}

#[test]
fn subtracting_count_min_panes_gives_the_sketch_of_the_window() {
    // Count-Min is an exact group: the running total after evictions is
    // bit-identical to the sketch of the records still in the window.
    let pane = |p: u64| {
        let mut cm = CountMin::with_params(CountMinParams::with_size(1024, 4).unwrap());
        for i in 0..100u64 {
            cm.insert(&(p * 7 + i % 13)).unwrap();
        }
        cm
    };
    let mut window = Subtracting::new(
        CountMin::with_params(CountMinParams::with_size(1024, 4).unwrap()).params(),
    );
    for p in 0..50u64 {
        window.push(pane(p)).unwrap();
        if window.len() > 8 {
            window.evict().unwrap();
        }
        let mut fold = CountMin::with_params(CountMinParams::with_size(1024, 4).unwrap());
        for q in p.saturating_sub(7)..=p {
            fold.merge(&pane(q)).unwrap();
        }
        assert_eq!(window.query().unwrap(), fold, "pane {p}");
    }
}

/// Pushes `len` values, then runs `4 * len` slides (push, evict, query) and
/// returns (the most merges one push, one evict, one query and one whole
/// slide cost during the slides, the most one push cost while filling).
fn slide_costs<W: SlidingAggregator<u64>>(mut window: W, len: usize) -> ([u64; 4], u64) {
    let mut fill = 0;
    for v in 0..len as u64 {
        let before = window.merges();
        window.push(v).unwrap();
        fill = fill.max(window.merges() - before);
    }
    let mut most = [0u64; 4];
    for v in 0..4 * len as u64 {
        let start = window.merges();
        window.push(v).unwrap();
        let pushed = window.merges();
        window.evict().unwrap();
        let evicted = window.merges();
        let sum = window.query().unwrap();
        let queried = window.merges();
        // The window holds v + 1 .. v + len of the sequence 0..len, v..: check it.
        let expected: u64 = if v + 1 < len as u64 {
            (v + 1..len as u64).sum::<u64>() + (0..=v).sum::<u64>()
        } else {
            (v + 1 - len as u64..=v).sum()
        };
        assert_eq!(sum, expected, "window of {len} after slide {v}");
        let costs = [
            pushed - start,
            evicted - pushed,
            queried - evicted,
            queried - start,
        ];
        for (m, c) in most.iter_mut().zip(costs) {
            *m = (*m).max(c);
        }
    }
    (most, fill)
}

#[test]
fn daba_merges_per_slide_do_not_grow_with_the_window() {
    let mut worst_slides = Vec::new();
    for len in [10, 100, 1000, 10_000] {
        let ([push, evict, query, slide], fill) = slide_costs(Daba::<u64>::new(()), len);
        assert!(push <= 3, "push cost {push} merges at {len}");
        assert!(evict <= 2, "evict cost {evict} merges at {len}");
        assert!(query <= 1, "query cost {query} merges at {len}");
        assert!(slide <= 6, "a slide cost {slide} merges at {len}");
        assert!(
            fill <= 3,
            "a push while filling cost {fill} merges at {len}"
        );
        worst_slides.push(slide);
    }
    assert!(
        worst_slides.iter().all(|&s| s == worst_slides[0]),
        "the worst slide costs the same at every length: {worst_slides:?}"
    );
}

#[test]
fn subtraction_costs_one_merge_and_one_subtraction_per_slide() {
    for len in [10, 100, 1000, 10_000] {
        let mut window = Subtracting::<i64>::new(());
        for v in 0..len as i64 {
            window.push(v).unwrap();
        }
        let start = window.merges();
        for v in 0..len as i64 {
            window.push(v).unwrap();
            window.evict().unwrap();
            window.query().unwrap();
        }
        assert_eq!(window.merges() - start, 2 * len as u64, "window of {len}");
    }
}

#[test]
fn re_merging_the_window_costs_a_merge_per_element() {
    for len in [10, 100, 1000] {
        let ([_, _, query, slide], _) = slide_costs(Recompute::<u64>::new(()), len);
        assert_eq!(query, len as u64 - 1);
        assert_eq!(slide, len as u64 - 1);
    }
}

#[test]
fn an_empty_window_is_the_identity() {
    let daba = Daba::<HyperLogLog>::new(HyperLogLog::new(12).params());
    assert!(daba.query().unwrap().is_empty());
    assert_eq!(daba.query().unwrap().precision(), 12);
    let mut subtracting = Subtracting::<i64>::new(());
    assert_eq!(subtracting.query().unwrap(), 0);
    assert!(!subtracting.evict().unwrap());
    let recompute = Recompute::<Concat>::new(());
    assert!(recompute.query().unwrap().is_empty());
}

/// Pushes three compatible values, then one that cannot merge with them,
/// and checks the refusal changed nothing.
fn refuses_incompatible<T, W>(mut window: W, good: impl Fn(u64) -> T, bad: T)
where
    T: Monoid + Clone + PartialEq + std::fmt::Debug,
    W: SlidingAggregator<T>,
{
    for i in 0..3 {
        window.push(good(i)).unwrap();
    }
    let before = window.query().unwrap();
    let values: Vec<T> = window.values().into_iter().cloned().collect();
    let err = window.push(bad).unwrap_err();
    assert!(
        matches!(err.kind(), sketchfold::ErrorKind::IncompatibleMerge { .. }),
        "{err}"
    );
    assert_eq!(window.len(), 3);
    assert_eq!(window.query().unwrap(), before);
    assert_eq!(
        window.values().into_iter().cloned().collect::<Vec<T>>(),
        values
    );
    // The window goes on working.
    window.push(good(3)).unwrap();
    window.evict().unwrap();
    let mut expected = good(1);
    for i in 2..4 {
        expected.merge(&good(i)).unwrap();
    }
    assert_eq!(window.query().unwrap(), expected);
}

#[test]
fn an_incompatible_value_is_refused_and_the_queue_is_unchanged() {
    let hll = |seed: u64, i: u64| {
        let mut h = HyperLogLog::with_params(HllParams::new(12).unwrap().with_seed(seed));
        h.extend((i * 100..i * 100 + 150).map(|x| x.to_string()));
        h
    };
    let params = HyperLogLog::with_params(HllParams::new(12).unwrap().with_seed(1)).params();
    refuses_incompatible(Daba::new(params), |i| hll(1, i), hll(2, 0));
    refuses_incompatible(Recompute::new(params), |i| hll(1, i), hll(2, 0));
    let cm = |seed: u64, i: u64| {
        let mut c = CountMin::with_params(
            sketchfold::frequency::CountMinParams::with_size(256, 3)
                .unwrap()
                .with_seed(seed),
        );
        c.insert(&i).unwrap();
        c
    };
    refuses_incompatible(Subtracting::new(cm(1, 0).params()), |i| cm(1, i), cm(2, 0));
}
