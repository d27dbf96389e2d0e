//! Events per second through the stream engine, on pre-parsed records.
//!
//! - `engine_distinct/{fold,1p,2p}`: 1,000,000 events (user ids from a
//!   Zipf-like law over 10^6 users, 100 events per ms of event time, so
//!   10 s of a 100,000 events/s stream) into one HyperLogLog (precision
//!   12) per 1 s tumbling window on event time (10 windows).
//!   `fold` is the floor: the same inserts in a plain loop over one sketch
//!   per window, no engine; `1p` and `2p` run the whole engine (reader
//!   thread, batching, late check, partition workers, window panes, sink)
//!   with one and two partition workers.
//! - `engine_distinct_top_quantiles/{fold,1p,2p}`: the same events with a
//!   page and a latency, into a tuple state per window: distinct users
//!   (HyperLogLog 12), top 10 pages (TopK over a 2^12 x 4 Count-Min) and
//!   latency quantiles (DDSketch, 1% relative error).
//!
//! The global key is `()` (one row per window), so every partition worker
//! folds a share of each chunk; per-key jobs spread keys instead.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::frequency::{CountMinParams, TopK, TopKParams};
use sketchfold::quantiles::{DdSketch, DdSketchParams};
use sketchfold::stream::sink::CallbackSink;
use sketchfold::stream::source::IterSource;
use sketchfold::stream::{Job, WindowResult, Windows};
use sketchfold_benchmarks::rng::Rng;

/// Events per timed run.
const N: usize = 1_000_000;

/// One pre-parsed click.
#[derive(Clone, Copy, Debug)]
pub struct Click {
    ts: u64,
    user: u64,
    page: u32,
    latency_ms: f64,
}

/// Zipf-like clicks, 100 per ms (deterministic).
fn clicks(n: usize) -> Vec<Click> {
    let mut rng = Rng(42);
    (0..n)
        .map(|i| {
            let u = 1.0 - rng.unit(); // in (0, 1]
            let v = 1.0 - rng.unit();
            Click {
                ts: 1_000_000 + i as u64 / 100,
                user: ((1.0 / u) as u64).min(1_000_000),
                page: ((1.0 / v) as u32).min(10_000),
                latency_ms: 5.0 + (rng.next() % 2000) as f64 / 10.0,
            }
        })
        .collect()
}

type Distinct = HyperLogLog;

fn distinct() -> impl Aggregator<Input = Click, State = Distinct, Output = f64> + Send + Sync {
    MonoidAggregator::new(
        HllParams::new(12).expect("precision 12"),
        |s: &mut Distinct, c: &Click| s.insert(&c.user),
        |s: &Distinct| s.estimate(),
    )
}

type Three = (HyperLogLog, TopK<u32>, DdSketch);

fn three() -> impl Aggregator<Input = Click, State = Three, Output = (f64, usize, f64)> + Send + Sync
{
    let top = TopKParams::with_count_min(
        10,
        CountMinParams::with_size(1 << 12, 4).expect("width, depth"),
    )
    .expect("k = 10");
    let dd = DdSketchParams::new(0.01)
        .expect("alpha, buckets")
        .with_max_buckets(2048)
        .expect("alpha, buckets");
    MonoidAggregator::new(
        (HllParams::new(12).expect("precision 12"), top, dd),
        |s: &mut Three, c: &Click| {
            s.0.insert(&c.user);
            s.1.insert(&c.page).expect("a page id is a valid item");
            s.2.insert(c.latency_ms).expect("latencies are finite");
        },
        |s: &Three| {
            let p99 = s.2.quantile(0.99).ok().flatten().unwrap_or(f64::NAN);
            (s.0.estimate(), s.1.top().len(), p99)
        },
    )
}

/// Runs `aggregator` over `events` on `partitions` workers; returns the
/// windows emitted.
fn run<A>(aggregator: A, events: &[Click], partitions: usize) -> u64
where
    A: Aggregator<Input = Click> + Send + Sync + 'static,
    A::State: Clone + Send + 'static,
    A::Output: Send + 'static,
{
    let mut windows = 0u64;
    Job::new(aggregator)
        .batch_interval(Duration::from_secs(1))
        .windows(Windows::tumbling(Duration::from_secs(1)))
        .event_time(|c: &Click| c.ts, Duration::ZERO)
        .partitions(partitions)
        .run(
            IterSource::new(events.to_vec()),
            Ok,
            CallbackSink::new(|w: WindowResult<(), A::Output>| {
                black_box(&w);
                windows += 1;
                Ok(())
            }),
        )
        .expect("the bench job runs");
    windows
}

/// The floor: one state per 1 s window, folded in a plain loop.
fn fold<A: Aggregator<Input = Click>>(aggregator: &A, events: &[Click]) -> u64 {
    let mut windows = 0;
    let mut current = (events[0].ts / 1000, aggregator.empty());
    for c in events {
        if c.ts / 1000 != current.0 {
            black_box(aggregator.present(&current.1));
            windows += 1;
            current = (c.ts / 1000, aggregator.empty());
        }
        aggregator
            .insert(&mut current.1, c)
            .expect("the bench records are valid");
    }
    black_box(aggregator.present(&current.1));
    windows + 1
}

/// The engine groups.
pub fn benches(c: &mut Criterion) {
    let events = clicks(N);
    let mut g = c.benchmark_group("engine_distinct");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function("fold", |b| b.iter(|| fold(&distinct(), &events)));
    for p in [1, 2] {
        g.bench_function(format!("{p}p"), |b| b.iter(|| run(distinct(), &events, p)));
    }
    g.finish();

    let mut g = c.benchmark_group("engine_distinct_top_quantiles");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function("fold", |b| b.iter(|| fold(&three(), &events)));
    for p in [1, 2] {
        g.bench_function(format!("{p}p"), |b| b.iter(|| run(three(), &events, p)));
    }
    g.finish();
}
