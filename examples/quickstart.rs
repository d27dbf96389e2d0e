//! Quick start on built-in data: distinct words of a text and distinct users
//! of a synthetic clickstream, sketched in partitions (threads), shipped as
//! bytes, merged, and compared with the exact answer.
//!
//! Run: `cargo run --release --example quickstart`

use std::collections::HashSet;

use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::HyperLogLog;
use sketchfold::codec::Codec;

const TEXT: &str = "It was the best of times, it was the worst of times, it was the age of \
wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of \
incredulity, it was the season of Light, it was the season of Darkness, it was the spring \
of hope, it was the winter of despair, we had everything before us, we had nothing before \
us, we were all going direct to Heaven, we were all going direct the other way";

fn main() -> Result<(), sketchfold::Error> {
    // 1. Distinct words, two partitions, merged.
    let words: Vec<String> = TEXT
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let (left, right) = words.split_at(words.len() / 2);
    let mut a = HyperLogLog::new(12);
    a.extend(left);
    let mut b = HyperLogLog::new(12);
    b.extend(right);
    a.merge(&b)?;
    let exact = words.iter().collect::<HashSet<_>>().len();
    println!(
        "distinct words: estimate {:.1}, exact {exact} ({} words in all)",
        a.estimate(),
        words.len()
    );

    // 2. Distinct users of 4,000,000 synthetic clicks over four partitions,
    //    each sketched on its own thread and shipped as bytes.
    let partitions = 4u64;
    let clicks_per_partition = 1_000_000u64;
    let encoded: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..partitions)
            .map(|p| {
                s.spawn(move || {
                    let mut hll = HyperLogLog::new(14);
                    for i in 0..clicks_per_partition {
                        hll.insert(&user_of_click(p * clicks_per_partition + i));
                    }
                    hll.encode()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("partition thread"))
            .collect()
    });
    let sketches = encoded
        .iter()
        .map(|bytes| HyperLogLog::decode(bytes))
        .collect::<Result<Vec<_>, _>>()?;
    let mut total = HyperLogLog::new(14);
    total.merge_all(sketches.iter())?;
    let exact: HashSet<u64> = (0..partitions * clicks_per_partition)
        .map(user_of_click)
        .collect();
    let bounds = total.bounds(2.0)?;
    let (lo, hi) = (bounds.lower, bounds.upper);
    println!(
        "distinct users: estimate {:.0} (95% interval {lo:.0}..{hi:.0}), exact {}, error {:+.2}%",
        total.estimate(),
        exact.len(),
        100.0 * (total.estimate() / exact.len() as f64 - 1.0)
    );
    println!(
        "each partition shipped {} bytes; the exact set of {} users takes at least {} bytes",
        encoded[0].len(),
        exact.len(),
        exact.len() * 8
    );
    Ok(())
}

/// The user of click `i`: a skewed stream over about 500,000 users.
fn user_of_click(i: u64) -> u64 {
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    let u = (x >> 11) as f64 / (1u64 << 53) as f64;
    (500_000.0 * u * u) as u64
}
