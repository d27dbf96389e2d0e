//! Distinct users (HyperLogLog) and p99 latency (DDSketch) per page, in
//! 10 s windows sliding every 5 s over 60 s of event time, on timely
//! dataflow: every worker folds its share of a click stream per 1 s pane,
//! the partials travel to the page's owner as sketch bytes, and the owner
//! slides the windows. It prints one line per window and page (from the
//! worker that owns the page) and `done` at the end.
//!
//! One process, two worker threads:
//!
//! ```sh
//! cargo run --release -p sketchfold-timely --example distinct_users -- -w 2
//! ```
//!
//! Two processes on this machine, talking over 127.0.0.1 (start both; the
//! first waits for the second):
//!
//! ```sh
//! printf '127.0.0.1:2101\n127.0.0.1:2102\n' > hosts.txt
//! cargo run --release -p sketchfold-timely --example distinct_users -- -n 2 -p 0 -h hosts.txt &
//! cargo run --release -p sketchfold-timely --example distinct_users -- -n 2 -p 1 -h hosts.txt
//! ```
//!
//! The windows are the same whatever the number of workers and processes.

use std::time::Duration;

use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::hash::hash_bytes;
use sketchfold::quantiles::{DdSketch, DdSketchParams};
use sketchfold::stream::Windows;
use sketchfold_timely::{PaneInput, SketchWindows, WindowRow};
use timely::dataflow::operators::{Inspect, Probe};
use timely::dataflow::ProbeHandle;

/// 2023-11-14 22:13:20 UTC, the first click's time.
const START_MS: u64 = 1_700_000_000_000;
const CLICKS: u64 = 120_000;
const SECONDS: u64 = 60;
const PANE: Duration = Duration::from_secs(1);
/// Clicks arrive up to 2 s out of order; inputs wait that long.
const LATENESS_MS: u64 = 2_000;

/// One click: when, which page, which user, how slow.
#[derive(Clone, Debug)]
struct Click {
    time_ms: u64,
    page: u32,
    user: u64,
    latency_ms: f64,
}

/// Click `i` of the stream: the same in every process (a hash of `i`).
fn click(i: u64) -> Click {
    let h = |field: u64| hash_bytes(&[i.to_le_bytes(), field.to_le_bytes()].concat(), 42);
    let unit = |field: u64| (h(field) >> 11) as f64 / (1u64 << 53) as f64;
    Click {
        time_ms: START_MS + i * SECONDS * 1000 / CLICKS + h(0) % 1500,
        page: (8.0 * unit(1) * unit(1)) as u32,
        user: (20_000.0 * unit(2) * unit(2)) as u64,
        latency_ms: 5.0 + 2000.0 * unit(3).powi(6),
    }
}

type State = (HyperLogLog, DdSketch);

fn users_and_latency() -> impl Aggregator<Input = Click, State = State, Output = (u64, Option<f64>)>
{
    MonoidAggregator::new(
        (
            HllParams::new(12).expect("a valid precision"),
            DdSketchParams::new(0.01).expect("valid parameters"),
        ),
        |s: &mut State, c: &Click| -> sketchfold::Result<()> {
            s.1.insert(c.latency_ms)?; // a NaN latency is refused: the error reaches `errors`
            s.0.insert(&c.user);
            Ok(())
        },
        |s: &State| {
            (
                s.0.estimate().round() as u64,
                s.1.quantile(0.99).ok().flatten(),
            )
        },
    )
}

fn print_row(row: &WindowRow<u32, State>) {
    let (users, p99) = users_and_latency().present(&row.state);
    let page = row
        .key
        .map_or("(overflow)".to_string(), |p| format!("page {p}"));
    println!(
        "window [{:>2} s, {:>2} s) {page}: {:>5} clicks, {users:>5} users, p99 {:>4.0} ms",
        (row.window.start_ms as i64 - START_MS as i64) / 1000,
        (row.window.end_ms - START_MS) / 1000,
        row.records,
        p99.unwrap_or(f64::NAN),
    );
}

fn main() {
    let config = timely::Config::from_args(std::env::args()).unwrap_or_else(|e| {
        eprintln!("{e}\nusage: distinct_users [-w THREADS] [-n PROCESSES -p INDEX -h HOSTFILE]");
        std::process::exit(2);
    });
    let guards = timely::execute(config, |worker| -> sketchfold::Result<()> {
        let (index, peers) = (worker.index() as u64, worker.peers() as u64);
        let probe = ProbeHandle::new();
        let (mut input, errors) = worker.dataflow::<u64, _, _>(|scope| {
            let (input, clicks) = PaneInput::new(scope, PANE)?;
            let built = SketchWindows::new(users_and_latency(), |c: &Click| c.page)
                .batch_interval(PANE)
                .windows(Windows::sliding(
                    Duration::from_secs(10),
                    Duration::from_secs(5),
                ))
                .build(clicks)?;
            built.rows.inspect(print_row).probe_with(&probe);
            Ok::<_, sketchfold::Error>((input, built.errors))
        })?;
        // This worker's share of the stream: every `peers`-th click.
        for i in (index..CLICKS).step_by(peers as usize) {
            let c = click(i);
            input.send(c.time_ms, c);
            if i % 1024 < peers {
                // The watermark: clicks trail their arrival by at most 1.5 s.
                input.advance_to(
                    (START_MS + i * SECONDS * 1000 / CLICKS).saturating_sub(LATENESS_MS),
                );
                while probe.less_than(&input.pane().unwrap_or(u64::MAX).saturating_sub(2)) {
                    worker.step();
                    errors.check()?;
                }
            }
        }
        if input.late_records() > 0 {
            eprintln!("worker {index}: {} late clicks", input.late_records());
        }
        input.close();
        while !probe.done() {
            worker.step();
            errors.check()?;
        }
        Ok(())
    });
    let results = guards.and_then(|g| g.join().into_iter().collect::<Result<Vec<_>, _>>());
    match results {
        Ok(workers) => match workers.into_iter().find_map(Result::err) {
            None => println!("done"),
            Some(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        },
        Err(e) => {
            eprintln!("timely: {e}");
            std::process::exit(1);
        }
    }
}
