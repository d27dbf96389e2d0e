//! What the tests and the test worker binary share: the click stream, the
//! jobs (one per family group), a runner that executes a job on any timely
//! configuration, and the sequential fold the results must equal.
#![allow(dead_code)]

#[path = "../../../tests/common/rng.rs"]
mod rng;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::codec::{ItemCodec, Writer};
use sketchfold::frequency::{CountMin, CountMinParams, SpaceSaving, SpaceSavingParams};
use sketchfold::quantiles::{DdSketch, DdSketchParams, Kll, KllParams};
use sketchfold::stream::{WindowPanes, Windows};
use sketchfold_timely::{PaneInput, SketchWindows};
use timely::dataflow::operators::{Inspect, Probe};
use timely::dataflow::ProbeHandle;

use rng::Rng;

/// The pane (batch interval), in ms.
pub const PANE_MS: u64 = 100;
/// The first record's time: 2023-11-14, so pane numbers are large.
pub const START_MS: u64 = 1_700_000_000_000;
/// Panes with records: 0..15 and 25..40 (and a few of pane 15 and 16, from
/// the jitter; none after, so the windows empty out and start again).
pub const GAP: (u64, u64) = (15, 25);
/// How far a record's time may trail its arrival: 150 ms of jitter, and
/// inputs advance 200 ms behind the largest time seen.
pub const JITTER_MS: u64 = 150;
pub const LATENESS_MS: u64 = 200;

/// One record: an event time, a key (a page), an item (a user) and a value
/// (a latency).
#[derive(Clone, Debug)]
pub struct Click {
    pub time_ms: u64,
    pub page: u32,
    pub user: u64,
    pub latency: f64,
}

/// `n` clicks in arrival order, fixed by `seed`: times rise through 30
/// panes of records with up to [`JITTER_MS`] of disorder, 8 pages of
/// skewed popularity, 2000 users, latencies from 1 to 1000.
pub fn clicks(seed: u64, n: usize) -> Vec<Click> {
    let mut rng = Rng(seed);
    let filled_panes = 30;
    (0..n)
        .map(|i| {
            let base = i as u64 * filled_panes * PANE_MS / n as u64;
            let base = if base >= GAP.0 * PANE_MS {
                base + (GAP.1 - GAP.0) * PANE_MS
            } else {
                base
            };
            let t = base + rng.below(JITTER_MS as usize) as u64;
            Click {
                time_ms: START_MS + t,
                page: (rng.below(64) as f64).sqrt() as u32,
                user: rng.below(2000) as u64,
                latency: 1.0 + rng.below(99_900) as f64 / 100.0,
            }
        })
        .collect()
}

/// Sliding windows of 4 panes, one every 2 panes.
pub fn windows() -> Windows {
    Windows::sliding(
        Duration::from_millis(4 * PANE_MS),
        Duration::from_millis(2 * PANE_MS),
    )
}

pub fn window_panes() -> WindowPanes {
    windows().in_panes(Duration::from_millis(PANE_MS)).unwrap()
}

/// The state of the exact families: distinct users, user counts, top
/// pages' users (the summary monitors every user of a key-window, so it is
/// exact: 64 counters, at most 40 distinct items) and latency quantiles.
pub type Exact = (HyperLogLog, CountMin, SpaceSaving<u64>, DdSketch);

pub fn exact_params() -> <Exact as sketchfold::algebra::Monoid>::Params {
    (
        HllParams::new(10).unwrap(),
        CountMinParams::with_size(256, 4).unwrap(),
        SpaceSavingParams::new(64).unwrap(),
        DdSketchParams::new(0.01)
            .unwrap()
            .with_max_buckets(4096)
            .unwrap(),
    )
}

pub fn exact() -> impl Aggregator<Input = Click, State = Exact> {
    MonoidAggregator::new(
        exact_params(),
        |s: &mut Exact, c: &Click| -> sketchfold::Result<()> {
            s.3.insert(c.latency)?;
            s.1.insert(&(c.user % 500))?;
            s.2.insert(&(c.user % 40))?;
            s.0.insert(&c.user);
            Ok(())
        },
        |_: &Exact| (),
    )
}

/// The group state, for eviction by subtraction.
pub type Groups = (CountMin, DdSketch);

pub fn groups() -> impl Aggregator<Input = Click, State = Groups> {
    MonoidAggregator::new(
        (
            CountMinParams::with_size(256, 4).unwrap(),
            DdSketchParams::new(0.01)
                .unwrap()
                .with_max_buckets(4096)
                .unwrap(),
        ),
        |s: &mut Groups, c: &Click| -> sketchfold::Result<()> {
            s.1.insert(c.latency)?;
            s.0.insert(&(c.user % 500))
        },
        |_: &Groups| (),
    )
}

/// KLL with a small k, so windows are in estimation mode.
pub const KLL_K: u16 = 16;

pub fn kll() -> impl Aggregator<Input = Click, State = Kll<f64>> {
    MonoidAggregator::new(
        KllParams::new(KLL_K).unwrap().with_seed(7),
        |s: &mut Kll<f64>, c: &Click| s.insert(c.latency),
        |_: &Kll<f64>| (),
    )
}

/// Which job to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// HyperLogLog, Count-Min, SpaceSaving and DDSketch, DABA Lite.
    Exact,
    /// Count-Min and DDSketch, eviction by subtraction.
    Groups,
    /// KLL, DABA Lite.
    Kll,
}

impl Family {
    pub fn parse(s: &str) -> Option<Family> {
        match s {
            "exact" => Some(Family::Exact),
            "groups" => Some(Family::Groups),
            "kll" => Some(Family::Kll),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Exact => "exact",
            Family::Groups => "groups",
            Family::Kll => "kll",
        }
    }
}

/// A window row as compared: the state as its bytes.
pub type RowKey = (u64, u64, Option<u32>);
pub type Rows = BTreeMap<RowKey, (u64, Vec<u8>)>;

fn bytes_of<S: ItemCodec>(s: &S) -> Vec<u8> {
    let mut w = Writer::with_capacity(256);
    s.encode_item(&mut w);
    w.into_bytes()
}

/// Every window's per-page state, folding the records in arrival order
/// into a fresh state per window and page: the reference.
pub fn sequential<A>(agg: &A, clicks: &[Click]) -> Rows
where
    A: Aggregator<Input = Click>,
    A::State: ItemCodec,
{
    let panes = window_panes();
    let mut states: BTreeMap<RowKey, (u64, A::State)> = BTreeMap::new();
    for c in clicks {
        let pane = c.time_ms / PANE_MS;
        for end in pane..pane + panes.length {
            if let Some(w) = panes.window_ending_with(end) {
                let (n, s) = states
                    .entry((w.start_ms, w.end_ms, Some(c.page)))
                    .or_insert_with(|| (0, agg.empty()));
                *n += 1;
                agg.insert(s, c).expect("the model's records are valid");
            }
        }
    }
    states
        .into_iter()
        .map(|(k, (n, s))| (k, (n, bytes_of(&s))))
        .collect()
}

/// How to run a job.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// Checkpoint directory and period in panes.
    pub checkpoint: Option<(PathBuf, u64)>,
    /// End the process once every pane up to this one is done (a crash).
    pub halt_after_pane: Option<u64>,
}

/// What a run produced, over all of this process's workers.
#[derive(Debug, Default)]
pub struct Outcome {
    pub rows: Rows,
    pub late: u64,
    pub resumed_at: Option<u64>,
}

/// The process exit code of a simulated crash.
pub const HALT_CODE: i32 = 75;

/// Runs `family` over `clicks` on `config`: worker `i` of `n` reads the
/// clicks whose index is `i` modulo `n`.
pub fn run(family: Family, config: timely::Config, clicks: Vec<Click>, run: Run) -> Outcome {
    match family {
        Family::Exact => run_job(config, clicks, run, || {
            SketchWindows::new(exact(), |c: &Click| c.page)
        }),
        Family::Groups => run_job(config, clicks, run, || {
            SketchWindows::new(groups(), |c: &Click| c.page).subtract_on_evict()
        }),
        Family::Kll => run_job(config, clicks, run, || {
            SketchWindows::new(kll(), |c: &Click| c.page)
        }),
    }
}

fn run_job<A, F>(config: timely::Config, clicks: Vec<Click>, run: Run, make: F) -> Outcome
where
    A: Aggregator<Input = Click> + 'static,
    A::State: ItemCodec + Clone + 'static,
    F: Fn() -> SketchWindows<A, u32> + Send + Sync + 'static,
{
    let clicks = Arc::new(clicks);
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let shared = Arc::clone(&outcome);
    timely::execute(config, move |worker| {
        let (index, peers) = (worker.index(), worker.peers());
        let probe = ProbeHandle::new();
        let rows = Arc::clone(&shared);
        let (mut input, resumed_at, errors) = worker.dataflow::<u64, _, _>(|scope| {
            let (input, stream) = PaneInput::new(scope, Duration::from_millis(PANE_MS)).unwrap();
            let mut job = make()
                .batch_interval(Duration::from_millis(PANE_MS))
                .windows(windows());
            if let Some((dir, every)) = &run.checkpoint {
                job = job.checkpoint(dir, *every);
            }
            let built = job.build(stream).unwrap();
            built
                .rows
                .inspect(move |r| {
                    let key = (r.window.start_ms, r.window.end_ms, r.key);
                    let row = (r.records, bytes_of(&r.state));
                    let previous = rows.lock().unwrap().rows.insert(key, row);
                    assert!(previous.is_none(), "window {key:?} emitted twice");
                })
                .probe_with(&probe);
            (input, built.resumed_at, built.errors)
        });
        let step = |worker: &mut timely::worker::Worker, until: u64| {
            while probe.less_than(&until) {
                worker.step();
                errors.check().unwrap();
            }
        };
        if let Some(pane) = resumed_at {
            input.advance_to_pane(pane);
            shared.lock().unwrap().resumed_at = Some(pane);
        }
        let mut newest = 0;
        for c in clicks.iter().skip(index).step_by(peers) {
            if resumed_at.is_some_and(|p| input.pane_of(c.time_ms) < p) {
                continue; // in the checkpoint
            }
            newest = newest.max(c.time_ms);
            input.send(c.time_ms, c.clone());
            input.advance_to(newest.saturating_sub(LATENESS_MS));
            let pane = input.pane().unwrap();
            if let Some(halt) = run.halt_after_pane {
                if pane > halt + 1 {
                    step(worker, halt + 1);
                    eprintln!(
                        "worker {index}: every pane up to {halt} done; halting (a simulated crash)"
                    );
                    std::process::exit(HALT_CODE);
                }
            }
            step(worker, pane);
        }
        shared.lock().unwrap().late += input.late_records();
        input.close();
        while !probe.done() {
            worker.step();
            errors.check().unwrap();
        }
    })
    .unwrap();
    Arc::try_unwrap(outcome).unwrap().into_inner().unwrap()
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of [`hex`] output.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A row as the test worker prints it: `row START END PAGE RECORDS HEX`
/// (`PAGE` is `-` for the overflow).
pub fn format_row((start, end, page): &RowKey, (n, bytes): &(u64, Vec<u8>)) -> String {
    let page = page.map_or("-".to_string(), |p| p.to_string());
    format!("row {start} {end} {page} {n} {}", hex(bytes))
}

/// Parses the rows, `resumed` and `late` lines of a test worker's output
/// (other lines are timely's).
pub fn parse_output(text: &str) -> Outcome {
    let mut out = Outcome::default();
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields.as_slice() {
            ["row", start, end, page, n, hex] => {
                let key = (
                    start.parse().unwrap(),
                    end.parse().unwrap(),
                    (*page != "-").then(|| page.parse().unwrap()),
                );
                let row = (n.parse().unwrap(), unhex(hex).unwrap());
                assert!(out.rows.insert(key, row).is_none(), "{line}: printed twice");
            }
            ["resumed", pane] => out.resumed_at = Some(pane.parse().unwrap()),
            ["late", n] => out.late += n.parse::<u64>().unwrap(),
            // timely's own lines ("awaiting connections ...").
            _ => {}
        }
    }
    out
}
