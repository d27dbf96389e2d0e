//! The stream engine, specified against an exact model: every window's
//! per-key aggregate equals a naive computation over the same records, for
//! tumbling and sliding windows, on 1 to 3 partitions, with late records,
//! a key bound, bad records, and a restart from a checkpoint.

#[path = "common/rng.rs"]
mod rng;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rng::Rng;
use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::stream::sink::CallbackSink;
use sketchfold::stream::source::IterSource;
use sketchfold::stream::{Job, JobReport, WindowResult, Windows};

/// One record: event time (ms), key, value.
#[derive(Clone, Debug, PartialEq)]
struct Rec {
    ts: u64,
    key: u32,
    value: u64,
}

type Count = (u64, u64);

fn count_and_sum() -> impl Aggregator<Input = Rec, State = Count, Output = Count> + Send + Sync {
    MonoidAggregator::new(
        ((), ()),
        |s: &mut Count, r: &Rec| {
            s.0 += 1;
            s.1 += r.value;
        },
        |s: &Count| *s,
    )
}

/// Records with event times that mostly increase, jittered by up to
/// `jitter` ms, over `keys` keys.
fn records(seed: u64, n: usize, keys: u64, jitter: u64) -> Vec<Rec> {
    let mut rng = Rng(seed);
    let mut t = 1_000_000;
    (0..n)
        .map(|_| {
            t += rng.next() % 3;
            Rec {
                ts: t.saturating_sub(rng.next() % (jitter + 1)),
                key: (rng.next() % keys) as u32,
                value: rng.next() % 1000,
            }
        })
        .collect()
}

/// Window end -> key -> (count, sum), as the engine's semantics define it:
/// a record is late when its pane ended at or before the watermark (largest
/// time so far minus the lateness).
struct Model {
    windows: BTreeMap<u64, BTreeMap<u32, Count>>,
    late: Vec<Rec>,
}

fn model(recs: &[Rec], pane: u64, length: u64, slide: u64, lateness: u64) -> Model {
    let mut windows: BTreeMap<u64, BTreeMap<u32, Count>> = BTreeMap::new();
    let mut late = Vec::new();
    let mut max_ts: Option<u64> = None;
    for r in recs {
        let p = r.ts / pane;
        if let Some(m) = max_ts {
            if (p + 1) * pane <= m.saturating_sub(lateness) {
                late.push(r.clone());
                continue;
            }
        }
        max_ts = Some(max_ts.map_or(r.ts, |m| m.max(r.ts)));
        // Every window [e - length, e) with e a multiple of slide holding ts.
        let first_end = (r.ts / slide + 1) * slide;
        let mut e = first_end;
        while e <= r.ts + length && e - length <= r.ts {
            let c = windows.entry(e).or_default().entry(r.key).or_default();
            c.0 += 1;
            c.1 += r.value;
            e += slide;
        }
    }
    Model { windows, late }
}

type Output = WindowResult<u32, Count>;

fn run(
    recs: Vec<Rec>,
    partitions: usize,
    pane: u64,
    length: u64,
    slide: u64,
    lateness: u64,
) -> (Vec<Output>, JobReport, Vec<Rec>) {
    run_with(recs, partitions, pane, length, slide, lateness, false)
}

/// As [`run`]; with `subtract`, windows evict panes by subtraction
/// instead of DABA.
fn run_with(
    recs: Vec<Rec>,
    partitions: usize,
    pane: u64,
    length: u64,
    slide: u64,
    lateness: u64,
    subtract: bool,
) -> (Vec<Output>, JobReport, Vec<Rec>) {
    let out = Arc::new(Mutex::new(Vec::new()));
    let late = Arc::new(Mutex::new(Vec::new()));
    let (o, l) = (out.clone(), late.clone());
    let job = Job::new(count_and_sum()).key_by(|r: &Rec| r.key);
    let job = if subtract {
        job.subtract_on_evict()
    } else {
        job
    };
    let report = job
        .batch_interval(Duration::from_millis(pane))
        .windows(Windows::sliding(
            Duration::from_millis(length),
            Duration::from_millis(slide),
        ))
        .event_time(|r: &Rec| r.ts, Duration::from_millis(lateness))
        .partitions(partitions)
        .max_batch_records(5000)
        .late_sink(CallbackSink::new(move |r: Rec| {
            l.lock().unwrap().push(r);
            Ok(())
        }))
        .run(
            IterSource::new(recs),
            Ok,
            CallbackSink::new(move |w: Output| {
                o.lock().unwrap().push(w);
                Ok(())
            }),
        )
        .expect("the job runs");
    let out = std::mem::take(&mut *out.lock().unwrap());
    let late = std::mem::take(&mut *late.lock().unwrap());
    (out, report, late)
}

fn as_map(out: &[Output]) -> BTreeMap<u64, BTreeMap<u32, Count>> {
    let mut m = BTreeMap::new();
    for w in out {
        let rows: BTreeMap<u32, Count> = w.rows.iter().copied().collect();
        assert_eq!(rows.len(), w.rows.len(), "a key appears once per window");
        assert!(
            m.insert(w.window.end_ms, rows).is_none(),
            "each window is emitted once"
        );
    }
    m
}

#[test]
fn tumbling_windows_on_event_time_equal_the_exact_per_key_counts() {
    let recs = records(1, 60_000, 50, 0);
    let want = model(&recs, 100, 500, 500, 0);
    for partitions in [1, 2, 3] {
        let (out, report, late) = run(recs.clone(), partitions, 100, 500, 500, 0);
        assert_eq!(as_map(&out), want.windows, "partitions = {partitions}");
        assert!(out
            .iter()
            .all(|w| w.is_final && w.window.end_ms - w.window.start_ms == 500));
        assert_eq!(report.records, 60_000);
        assert_eq!(report.late_records, 0);
        assert!(late.is_empty());
    }
}

#[test]
fn sliding_windows_equal_the_exact_per_key_counts_on_every_partition_count() {
    let recs = records(2, 50_000, 20, 0);
    let want = model(&recs, 50, 1000, 200, 0);
    for partitions in [1, 2, 3] {
        let (out, _, _) = run(recs.clone(), partitions, 50, 1000, 200, 0);
        assert_eq!(as_map(&out), want.windows, "partitions = {partitions}");
        for w in &out {
            let total: u64 = w.rows.iter().map(|(_, c)| c.0).sum();
            assert_eq!(w.records, total, "records counts every row's records");
        }
    }
}

#[test]
fn sliding_windows_by_subtraction_equal_the_exact_per_key_counts() {
    // Counts and sums are a commutative group: evicting a pane by
    // subtracting it gives the same windows as DABA's merges.
    let recs = records(3, 50_000, 20, 0);
    let want = model(&recs, 50, 1000, 200, 0);
    for partitions in [1, 2] {
        let (out, _, _) = run_with(recs.clone(), partitions, 50, 1000, 200, 0, true);
        assert_eq!(as_map(&out), want.windows, "partitions = {partitions}");
    }
}

#[test]
fn late_records_are_counted_sent_to_the_late_sink_and_kept_out_of_windows() {
    let recs = records(3, 40_000, 10, 400);
    let want = model(&recs, 100, 300, 100, 150);
    assert!(
        want.late.len() > 100,
        "the input has late records ({})",
        want.late.len()
    );
    let (out, report, late) = run(recs.clone(), 2, 100, 300, 100, 150);
    assert_eq!(as_map(&out), want.windows);
    assert_eq!(report.late_records, want.late.len() as u64);
    assert_eq!(
        late, want.late,
        "every late record reaches the late sink, in order"
    );
    let in_windows: u64 = want
        .windows
        .values()
        .flat_map(|m| m.values())
        .map(|c| c.0)
        .sum();
    assert_eq!(
        in_windows,
        3 * (recs.len() - late.len()) as u64,
        "each on-time record is in 3 windows"
    );
}

#[test]
fn allowed_lateness_admits_records_within_it() {
    let recs = records(4, 40_000, 10, 400);
    let strict = model(&recs, 100, 300, 100, 0);
    let lenient = model(&recs, 100, 300, 100, 1000);
    assert!(lenient.late.is_empty() && !strict.late.is_empty());
    let (out, report, _) = run(recs, 1, 100, 300, 100, 1000);
    assert_eq!(report.late_records, 0);
    assert_eq!(as_map(&out), lenient.windows);
}

#[test]
fn keys_beyond_the_bound_fold_into_the_overflow_and_are_counted() {
    let recs = records(5, 20_000, 1000, 0);
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    let report = Job::new(count_and_sum())
        .key_by(|r: &Rec| r.key)
        .batch_interval(Duration::from_millis(1000))
        .event_time(|r: &Rec| r.ts, Duration::ZERO)
        .max_keys(10)
        .run(
            IterSource::new(recs.clone()),
            Ok,
            CallbackSink::new(move |w: Output| {
                o.lock().unwrap().push(w);
                Ok(())
            }),
        )
        .unwrap();
    let out = out.lock().unwrap();
    let mut total = 0;
    for w in out.iter() {
        assert!(
            w.rows.len() <= 10,
            "at most max_keys rows: {}",
            w.rows.len()
        );
        let (n, (count, _)) = w.overflow.expect("the bound is reached");
        assert_eq!(n, count, "the overflow's record count is its state's count");
        let kept: u64 = w.rows.iter().map(|(_, c)| c.0).sum();
        assert_eq!(kept + n, w.records, "no record is lost");
        total += w.records;
    }
    assert_eq!(total, recs.len() as u64);
    assert_eq!(
        report.overflow_records,
        total
            - out
                .iter()
                .map(|w| w.rows.iter().map(|(_, c)| c.0).sum::<u64>())
                .sum::<u64>()
    );
}

#[test]
fn bad_records_are_counted_with_samples_and_the_job_goes_on() {
    let lines: Vec<String> = (0..10_000u64)
        .map(|i| {
            // Four bad lines in every thousand: many in one 4096-record chunk.
            if (7..11).contains(&(i % 1000)) {
                format!("oops {i}")
            } else {
                format!("{} {} 1", 1_000_000 + i, i % 3)
            }
        })
        .collect();
    let parse = |line: String| -> Result<Rec, String> {
        let f: Vec<&str> = line.split(' ').collect();
        let num = |i: usize| {
            f.get(i)
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or(format!("bad line {line:?}"))
        };
        Ok(Rec {
            ts: num(0)?,
            key: num(1)? as u32,
            value: num(2)?,
        })
    };
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    let report = Job::new(count_and_sum())
        .event_time(|r: &Rec| r.ts, Duration::ZERO)
        .batch_interval(Duration::from_secs(10))
        .run(
            IterSource::new(lines),
            parse,
            CallbackSink::new(move |w: WindowResult<(), Count>| {
                o.lock().unwrap().push(w);
                Ok(())
            }),
        )
        .unwrap();
    assert_eq!(report.bad_records, 40);
    assert_eq!(report.records, 10_000);
    let first_five: Vec<String> = [7, 8, 9, 10, 1007]
        .iter()
        .map(|i| format!("bad line \"oops {i}\""))
        .collect();
    assert_eq!(
        report.bad_samples, first_five,
        "the run's first five, in order"
    );
    let counted: u64 = out.lock().unwrap().iter().map(|w| w.rows[0].1 .0).sum();
    assert_eq!(counted, 9_960, "every good record is in a window");
}

#[test]
fn invalid_settings_are_refused_before_anything_runs() {
    let job = || Job::new(count_and_sum()).event_time(|r: &Rec| r.ts, Duration::ZERO);
    let src = || IterSource::new(Vec::<Rec>::new());
    let sink = || CallbackSink::new(|_: WindowResult<(), Count>| Ok(()));
    let not_multiple = job()
        .batch_interval(Duration::from_millis(300))
        .windows(Windows::tumbling(Duration::from_millis(1000)))
        .run(src(), Ok, sink())
        .unwrap_err();
    assert!(
        not_multiple
            .to_string()
            .contains("multiple of the batch interval"),
        "{not_multiple}"
    );
    let zero = job().partitions(0).run(src(), Ok, sink()).unwrap_err();
    assert!(zero.to_string().contains("partitions"), "{zero}");
    let slide = job()
        .windows(Windows::sliding(
            Duration::from_secs(1),
            Duration::from_secs(2),
        ))
        .run(src(), Ok, sink())
        .unwrap_err();
    assert!(slide.to_string().contains("slide"), "{slide}");
    // subtract_on_evict before key_by would be undone by key_by: refused.
    let early = job()
        .subtract_on_evict()
        .key_by(|r: &Rec| r.key)
        .run(
            src(),
            Ok,
            CallbackSink::new(|_: WindowResult<u32, Count>| Ok(())),
        )
        .unwrap_err();
    assert!(early.to_string().contains("subtract_on_evict"), "{early}");
}

#[test]
fn processing_time_windows_count_every_record_once() {
    let recs = records(6, 30_000, 5, 0);
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    Job::new(count_and_sum())
        .key_by(|r: &Rec| r.key)
        .batch_interval(Duration::from_millis(20))
        .run(
            IterSource::new(recs.clone()),
            Ok,
            CallbackSink::new(move |w: Output| {
                o.lock().unwrap().push(w);
                Ok(())
            }),
        )
        .unwrap();
    let out = out.lock().unwrap();
    let total: u64 = out
        .iter()
        .flat_map(|w| w.rows.iter())
        .map(|(_, c)| c.0)
        .sum();
    let sum: u64 = out
        .iter()
        .flat_map(|w| w.rows.iter())
        .map(|(_, c)| c.1)
        .sum();
    assert_eq!(total, recs.len() as u64);
    assert_eq!(sum, recs.iter().map(|r| r.value).sum::<u64>());
    for pair in out.windows(2) {
        assert!(
            pair[0].window.end_ms <= pair[1].window.start_ms,
            "tumbling windows in order"
        );
    }
}

#[test]
fn a_slow_sink_slows_the_source_so_records_in_flight_stay_bounded() {
    // A fast source of 400_000 records over 400 s of event time; the sink
    // takes 5 ms per window. If nothing pushed back, the source would be
    // read to the end long before the sink had taken ten windows.
    let pulled = Arc::new(AtomicU64::new(0));
    let p = pulled.clone();
    let source = (0..400_000u64).map(move |i| {
        p.fetch_add(1, Ordering::Relaxed);
        Rec {
            ts: i,
            key: 0,
            value: 1,
        }
    });
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (s, pulled2) = (seen.clone(), pulled.clone());
    Job::new(count_and_sum())
        .batch_interval(Duration::from_millis(1000))
        .event_time(|r: &Rec| r.ts, Duration::ZERO)
        .max_batch_records(2000)
        .run(
            IterSource::new(source),
            Ok,
            CallbackSink::new(move |w: WindowResult<(), Count>| {
                std::thread::sleep(Duration::from_millis(5));
                s.lock()
                    .unwrap()
                    .push((w.window.end_ms, pulled2.load(Ordering::Relaxed)));
                Ok(())
            }),
        )
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 400);
    // Records pulled beyond the window just emitted: the batch bound plus
    // the bounded queues (reader, driver, workers) of 4096-record chunks.
    let bound = 2000 + 16 * 4096;
    for &(end, pulled) in seen.iter() {
        assert!(
            pulled <= end + bound,
            "window ending {end}: {pulled} records pulled"
        );
    }
}
