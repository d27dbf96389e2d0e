//! The windows of a timely job, on one worker and on two workers in one
//! process, are those of a sequential fold: bit for bit for HyperLogLog,
//! Count-Min, SpaceSaving (every item monitored) and DDSketch, with DABA
//! Lite and with eviction by subtraction.
//!
//! KLL (k = 16, compacted in most windows) is checked against the exact
//! ranks of each window's records: every rank within the sketch's
//! `rank_error_bound(false)`, DataSketches' a-priori single-sided
//! normalized rank error at 99% confidence (about 15.5% at k = 16). The
//! job merges in a fixed order and the data are fixed by their seed, so
//! the outcome is deterministic: the test cannot fail by chance.

mod support;

use sketchfold::codec::{ItemCodec, Reader};
use sketchfold::quantiles::Kll;
use support::{clicks, exact, groups, kll, run, sequential, Family, Rows, Run};

const RECORDS: usize = 6_000;

fn outcome(family: Family, config: timely::Config, seed: u64) -> Rows {
    let out = run(family, config, clicks(seed, RECORDS), Run::default());
    assert_eq!(
        out.late, 0,
        "no record is late: the inputs allow for the jitter"
    );
    assert_eq!(out.resumed_at, None);
    out.rows
}

fn assert_same_rows(got: &Rows, want: &Rows, what: &str) {
    assert!(!want.is_empty());
    let missing: Vec<_> = want
        .keys()
        .filter(|k| !got.contains_key(k))
        .take(3)
        .collect();
    let extra: Vec<_> = got
        .keys()
        .filter(|k| !want.contains_key(k))
        .take(3)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: windows missing {missing:?}, extra {extra:?}"
    );
    for (k, (n, bytes)) in want {
        let (got_n, got_bytes) = &got[k];
        assert_eq!(got_n, n, "{what}: records of window {k:?}");
        assert!(
            got_bytes == bytes,
            "{what}: the state of window {k:?} differs from the sequential fold's"
        );
    }
}

#[test]
fn one_worker_gives_the_sequential_folds_windows_bit_for_bit() {
    for seed in [1, 2] {
        let want = sequential(&exact(), &clicks(seed, RECORDS));
        assert_same_rows(
            &outcome(Family::Exact, timely::Config::thread(), seed),
            &want,
            "1 worker",
        );
    }
}

#[test]
fn two_workers_in_one_process_give_the_sequential_folds_windows_bit_for_bit() {
    for seed in [1, 2] {
        let want = sequential(&exact(), &clicks(seed, RECORDS));
        assert_same_rows(
            &outcome(Family::Exact, timely::Config::process(2), seed),
            &want,
            "2 workers",
        );
    }
}

#[test]
fn eviction_by_subtraction_gives_the_sequential_folds_windows_bit_for_bit() {
    let want = sequential(&groups(), &clicks(3, RECORDS));
    for config in [timely::Config::thread(), timely::Config::process(2)] {
        assert_same_rows(&outcome(Family::Groups, config, 3), &want, "subtraction");
    }
}

#[test]
fn kll_windows_are_within_the_rank_error_bound_of_the_exact_ranks() {
    let data = clicks(4, RECORDS);
    let want = sequential(&kll(), &data);
    for config in [timely::Config::thread(), timely::Config::process(2)] {
        let got = outcome(Family::Kll, config, 4);
        let keys: Vec<_> = want.keys().collect();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            keys,
            "the same windows and pages"
        );
        let mut estimation = 0;
        for ((start, end, page), (n, bytes)) in &got {
            let sketch = Kll::<f64>::decode_item(&mut Reader::new(bytes)).unwrap();
            assert_eq!(sketch.count(), *n);
            let mut exact: Vec<f64> = data
                .iter()
                .filter(|c| c.time_ms >= *start && c.time_ms < *end && Some(c.page) == *page)
                .map(|c| c.latency)
                .collect();
            exact.sort_by(f64::total_cmp);
            let bound = sketch.rank_error_bound(false);
            estimation += usize::from(bound > 0.0);
            for q in [0.1, 0.25, 0.5, 0.75, 0.9, 0.99] {
                let x = exact[((q * exact.len() as f64) as usize).min(exact.len() - 1)];
                let true_rank = exact.partition_point(|v| *v <= x) as f64 / exact.len() as f64;
                let rank = sketch.rank(x).unwrap().unwrap();
                assert!(
                    (rank - true_rank).abs() <= bound,
                    "window [{start}, {end}) page {page:?}: rank of {x} is {rank}, exactly {true_rank}, bound {bound}"
                );
            }
        }
        assert!(
            estimation > got.len() / 2,
            "most windows compacted: {estimation} of {}",
            got.len()
        );
    }
}
