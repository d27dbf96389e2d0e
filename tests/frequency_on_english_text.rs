//! Count-Min, TopK and SpaceSaving on a real English text, against exact
//! counts.
//!
//! The stream is the words of a real book (the Rust Programming Language
//! book that ships with the toolchain, or Python's documentation topics
//! where that is missing: see `common/english.rs`), a Zipf-like stream:
//! a few words ("the", "a", "to") are very frequent, most are rare. Each
//! test sketches the whole stream and, to exercise merge, eight contiguous
//! partitions of it merged in two different groupings, then checks every
//! distinct word against its exact count.
//!
//! Run with `--nocapture` to see the table of the heaviest words.
//!
//! False failures: the SpaceSaving bounds are deterministic (they hold for
//! every input), so those checks cannot fail by chance. Count-Min's
//! `epsilon * N` bound holds per item with probability `1 - delta`; the
//! check allows `delta` plus four binomial standard deviations of
//! violations over all distinct words, which a correct sketch with random
//! hashing exceeds with probability below 10^-4 per seed. The seeds are
//! fixed, so the outcome is the same on every run.

#[path = "common/english.rs"]
mod english;

use std::collections::HashMap;

use sketchfold::algebra::{Group, Semigroup};
use sketchfold::frequency::{ConservativeCountMin, CountMin, CountMinParams, SpaceSaving, TopK};

use english::english_text;

const PARTITIONS: usize = 8;

/// Exact counts, and the words sorted by count (descending) then word.
fn exact(words: &[String]) -> (HashMap<&str, i64>, Vec<(&str, i64)>) {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for w in words {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, i64)> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    (counts, ranked)
}

fn partitions(words: &[String]) -> Vec<&[String]> {
    let size = words.len().div_ceil(PARTITIONS);
    words.chunks(size).collect()
}

/// `parts` merged left to right, and as a balanced tree.
fn fold_and_tree<T: Semigroup + Clone>(parts: &[T]) -> (T, T) {
    let mut folded = parts[0].clone();
    for p in &parts[1..] {
        folded.merge(p).expect("compatible parts merge");
    }
    let mut level: Vec<T> = parts.to_vec();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| {
                let mut m = pair[0].clone();
                if let Some(right) = pair.get(1) {
                    m.merge(right).expect("compatible parts merge");
                }
                m
            })
            .collect();
    }
    (folded, level.pop().expect("one tree root"))
}

#[test]
fn the_text_is_long_and_zipf_like() {
    let text = english_text();
    let (counts, ranked) = exact(&text.words);
    println!(
        "{}: {} words, {} distinct; heaviest: {:?}",
        text.source.display(),
        text.words.len(),
        counts.len(),
        &ranked[..10]
    );
    assert!(text.words.len() >= 50_000);
    assert!(counts.len() >= 2_000, "a real vocabulary");
    // Zipf-like: the heaviest word carries several percent of the stream,
    // and frequency falls off as a power of the rank: the least-squares
    // slope of log(count) against log(rank), over ranks 10 to 1,000, is
    // near -1 (Zipf's law).
    assert!(ranked[0].1 as f64 > 0.02 * text.words.len() as f64);
    let points: Vec<(f64, f64)> = (10..=1_000)
        .map(|r| ((r as f64).ln(), (ranked[r - 1].1 as f64).ln()))
        .collect();
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let slope = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>()
        / points.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
    println!("rank-frequency slope over ranks 10..=1000: {slope:.3}");
    assert!((-1.6..=-0.7).contains(&slope), "slope {slope}");
}

/// Checks a Count-Min's estimate of every distinct word; returns the
/// number of words whose error exceeds `epsilon * N`.
fn count_min_violations(
    estimate: impl Fn(&str) -> i64,
    counts: &HashMap<&str, i64>,
    epsilon: f64,
    n: i64,
) -> usize {
    let slack = epsilon * n as f64;
    let mut violations = 0;
    for (word, &f) in counts {
        let est = estimate(word);
        assert!(est >= f, "{word}: estimate {est} below the true count {f}");
        if (est - f) as f64 > slack {
            violations += 1;
        }
    }
    violations
}

fn allowed_violations(distinct: usize, delta: f64) -> f64 {
    let d = distinct as f64;
    d * delta + 4.0 * (d * delta * (1.0 - delta)).sqrt()
}

#[test]
fn count_min_overestimates_every_word_by_at_most_epsilon_n_but_for_a_delta_fraction() {
    let text = english_text();
    let (counts, _) = exact(&text.words);
    let n = text.words.len() as i64;
    // From a sketch sized for epsilon 0.2% and delta 1% (2^11 x 5, 80 KiB)
    // down to one row of 256 counters (delta = 1/e), where collisions are
    // everywhere and a real fraction of the words passes epsilon * N: the
    // bound is exercised, not only trivially met.
    let shapes = [(2048, 5), (256, 1), (256, 2), (512, 3)];
    for (i, (width, depth)) in shapes.into_iter().enumerate() {
        let seed = i as u64 + 1;
        let params = CountMinParams::with_size(width, depth)
            .expect("valid shape")
            .with_seed(seed);
        let parts: Vec<CountMin> = partitions(&text.words)
            .into_iter()
            .map(|part| {
                let mut cm = CountMin::with_params(params);
                for w in part {
                    cm.insert(w.as_str()).expect("no overflow");
                }
                cm
            })
            .collect();
        let mut whole = CountMin::with_params(params);
        for w in &text.words {
            whole.insert(w.as_str()).expect("no overflow");
        }
        let (folded, tree) = fold_and_tree(&parts);
        // The group is exact: any merge tree of the parts is the sketch of
        // the whole stream, bit for bit.
        assert_eq!(folded, whole);
        assert_eq!(tree, whole);
        assert_eq!(whole.count(), n);

        let epsilon = params.epsilon();
        let violations = count_min_violations(|w| whole.estimate(w), &counts, epsilon, n);
        let allowed = allowed_violations(counts.len(), params.delta());
        println!(
            "Count-Min {}x{} seed {seed}: {violations} of {} words off by more than \
             epsilon*N = {:.0} (allowed {allowed:.1})",
            params.width(),
            params.depth(),
            counts.len(),
            epsilon * n as f64
        );
        assert!(violations as f64 <= allowed);

        // Removing a partition again gives the sketch of the rest exactly.
        let mut rest = whole.clone();
        rest.subtract(&parts[0]).expect("compatible");
        let (without_first, _) = fold_and_tree(&parts[1..]);
        assert_eq!(rest, without_first);
    }
}

#[test]
fn conservative_count_min_stays_between_the_truth_and_the_standard_estimate_after_merges() {
    let text = english_text();
    let (counts, _) = exact(&text.words);
    let n = text.words.len() as i64;
    let params = CountMinParams::new(0.002, 0.01)
        .expect("valid bounds")
        .with_seed(7);
    let mut standard = CountMin::with_params(params);
    let parts: Vec<ConservativeCountMin> = partitions(&text.words)
        .into_iter()
        .map(|part| {
            let mut cm = CountMin::conservative_with_params(params);
            for w in part {
                cm.insert(w.as_str()).expect("no overflow");
                standard.insert(w.as_str()).expect("no overflow");
            }
            cm
        })
        .collect();
    let (folded, tree) = fold_and_tree(&parts);
    let mut total_error = [0i64; 3];
    for (word, &f) in &counts {
        let upper = standard.estimate(word);
        for (i, cm) in [&folded, &tree].into_iter().enumerate() {
            let est = cm.estimate(word);
            assert!(
                f <= est && est <= upper,
                "{word}: {f} <= {est} <= {upper} fails"
            );
            total_error[i] += est - f;
        }
        total_error[2] += upper - f;
    }
    println!(
        "summed overestimate over {} words (N = {n}): conservative fold {}, tree {}, standard {}",
        counts.len(),
        total_error[0],
        total_error[1],
        total_error[2]
    );
    // Conservative update is the point: its merged error is smaller.
    assert!(total_error[0] < total_error[2] && total_error[1] < total_error[2]);
}

#[test]
fn top_k_finds_the_heaviest_words_with_counts_within_the_count_min_bound() {
    let text = english_text();
    let (counts, ranked) = exact(&text.words);
    let n = text.words.len() as i64;
    const K: usize = 20;
    let params = CountMinParams::new(0.0005, 0.001)
        .expect("valid bounds")
        .with_seed(3);
    let make = |words: &[String]| {
        let mut top = TopK::<String>::with_params(
            sketchfold::frequency::TopKParams::with_count_min(K, params).expect("valid k"),
        );
        for w in words {
            top.insert(w.as_str()).expect("no overflow");
        }
        top
    };
    let whole = make(&text.words);
    let parts: Vec<TopK<String>> = partitions(&text.words).into_iter().map(make).collect();
    let (folded, tree) = fold_and_tree(&parts);
    // The Count-Min part merges exactly, whatever the grouping.
    assert_eq!(folded.count_min(), whole.count_min());
    assert_eq!(tree.count_min(), whole.count_min());

    let slack = params.epsilon() * n as f64;
    let truth: Vec<&str> = ranked[..K].iter().map(|(w, _)| *w).collect();
    for (name, top) in [("one stream", &whole), ("fold", &folded), ("tree", &tree)] {
        let reported = top.top();
        assert_eq!(reported.len(), K);
        for (word, count) in &reported {
            let f = counts[word.as_str()];
            assert!(
                f <= *count && (*count - f) as f64 <= slack,
                "{name}: {word} reported {count}, true {f}, slack {slack:.0}"
            );
        }
        // On this stream the counts of the top words are far apart compared
        // with epsilon * N, so the reported set is the true top-k but for
        // words whose true counts are within the slack of the k-th.
        let kth = ranked[K - 1].1 as f64;
        for (word, f) in &ranked[..K] {
            if (*f as f64) > kth + slack {
                assert!(
                    reported.iter().any(|(w, _)| w == word),
                    "{name}: true top word {word} ({f}) missing from {reported:?}"
                );
            }
        }
        let hits = reported
            .iter()
            .filter(|(w, _)| truth.contains(&w.as_str()))
            .count();
        println!("TopK {name}: {hits} of the true top {K} reported");
    }
}

#[test]
fn space_saving_reports_every_word_above_n_over_k_with_bounds_that_contain_the_truth() {
    let text = english_text();
    let (counts, ranked) = exact(&text.words);
    let n = text.words.len() as u64;
    for k in [32usize, 256, 2048] {
        let make = |words: &[String]| {
            let mut s = SpaceSaving::<String>::new(k);
            for w in words {
                s.insert(w.as_str()).expect("no overflow");
            }
            s
        };
        let whole = make(&text.words);
        let parts: Vec<SpaceSaving<String>> =
            partitions(&text.words).into_iter().map(make).collect();
        let (folded, tree) = fold_and_tree(&parts);
        for (name, s) in [("one stream", &whole), ("fold", &folded), ("tree", &tree)] {
            assert_eq!(s.count(), n);
            let bound = n / k as u64;
            assert!(s.max_error() <= bound, "{name}: error {}", s.max_error());
            for (word, &f) in &counts {
                let b = s.bounds(*word);
                assert!(
                    b.contains(f as u64),
                    "{name} k={k}: {word} true {f}, bounds {b:?}"
                );
                assert!(b.width() <= bound);
            }
            let reported: Vec<&str> = s
                .heavy_hitters(bound)
                .into_iter()
                .map(|(w, _)| w.as_str())
                .collect();
            for (word, f) in ranked.iter().take_while(|(_, f)| *f as u64 > bound) {
                assert!(
                    reported.contains(word),
                    "{name} k={k}: {word} ({f} > n/k = {bound}) not reported"
                );
            }
            println!(
                "SpaceSaving k={k} {name}: max error {} (bound n/k = {bound}), {} words above n/k",
                s.max_error(),
                ranked.iter().filter(|(_, f)| *f as u64 > bound).count()
            );
        }
    }
}

#[test]
fn the_three_sketches_side_by_side_on_the_heaviest_words() {
    let text = english_text();
    let (_, ranked) = exact(&text.words);
    let mut cm = CountMin::new(0.002, 0.01);
    let mut ss = SpaceSaving::<String>::new(256);
    for w in &text.words {
        cm.insert(w.as_str()).expect("no overflow");
        ss.insert(w.as_str()).expect("no overflow");
    }
    println!("| word | exact | Count-Min | SpaceSaving (lower..upper) |");
    for (word, f) in &ranked[..15] {
        let b = ss.bounds(*word);
        println!(
            "| {word} | {f} | {} | {}..{} |",
            cm.estimate(word),
            b.lower,
            b.upper
        );
        // The heaviest words are estimated well by both.
        assert!((cm.estimate(word) - f) as f64 <= 0.002 * text.words.len() as f64);
        assert!(b.contains(*f as u64));
    }
}
