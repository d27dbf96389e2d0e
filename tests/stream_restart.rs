//! A job restarted from a checkpoint over a replayable source produces
//! exactly the window results of an uninterrupted run: the run before the
//! crash emits a prefix of them, the run after the restart a suffix, and
//! together they cover every window. A checkpoint written with other
//! settings is refused with a clear error.
//!
//! The crash here is a source error in the same process; the command-line
//! tool's end-to-end tests kill a real child process.

#[path = "common/rng.rs"]
mod rng;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rng::Rng;
use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::stream::sink::CallbackSink;
use sketchfold::stream::source::IterSource;
use sketchfold::stream::{Job, JobReport, Source, SourceStatus, WindowResult, Windows};
use sketchfold::{Error, Result};

#[derive(Clone, Debug)]
struct Event {
    ts: u64,
    page: u32,
    user: u64,
}

fn events(seed: u64, n: usize) -> Vec<Event> {
    let mut rng = Rng(seed);
    let mut t = 5_000_000;
    (0..n)
        .map(|_| {
            t += rng.next() % 2;
            Event {
                ts: t - rng.next() % 30,
                page: (rng.next() % 40) as u32,
                user: rng.next() % 5_000,
            }
        })
        .collect()
}

/// Per page: events and distinct users (an exactly mergeable HyperLogLog).
type State = (u64, HyperLogLog);

fn per_page() -> impl Aggregator<Input = Event, State = State, Output = (u64, u64)> + Send + Sync {
    MonoidAggregator::new(
        ((), HllParams::new(12).expect("precision 12 is valid")),
        |s: &mut State, e: &Event| {
            s.0 += 1;
            s.1.insert(&e.user);
        },
        |s: &State| (s.0, s.1.estimate().round() as u64),
    )
}

/// An iterator source that fails after `fail_after` records, as a crash.
struct Crashing<I> {
    inner: IterSource<I>,
    fail_after: u64,
}

impl<I> Source for Crashing<I>
where
    I: Iterator<Item = Event> + Send,
{
    type Item = Event;

    fn read(
        &mut self,
        buf: &mut Vec<Event>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus> {
        let taken = self.inner.position().unwrap_or(0);
        if taken >= self.fail_after {
            return Err(Error::io("test source", "simulated crash"));
        }
        let max = max.min((self.fail_after - taken) as usize);
        self.inner.read(buf, max, deadline)
    }

    fn position(&self) -> Option<u64> {
        self.inner.position()
    }

    fn seek(&mut self, position: u64) -> Result<()> {
        self.inner.seek(position)
    }
}

type Output = WindowResult<u32, (u64, u64)>;
/// One window, rows sorted: (end, records, rows).
type Row = (u64, u64, Vec<(u32, (u64, u64))>);

fn job(
    dir: &Path,
    length_ms: u64,
) -> Job<impl Aggregator<Input = Event, State = State, Output = (u64, u64)>, u32> {
    Job::new(per_page())
        .key_by(|e: &Event| e.page)
        .batch_interval(Duration::from_millis(100))
        .windows(Windows::sliding(
            Duration::from_millis(length_ms),
            Duration::from_millis(100),
        ))
        .event_time(|e: &Event| e.ts, Duration::from_millis(10))
        .partitions(2)
        .max_batch_records(3_000)
        .checkpoint(dir, 2)
}

fn collect<S: Source<Item = Event> + 'static>(
    dir: &Path,
    source: S,
) -> (std::result::Result<JobReport, Error>, Vec<Row>) {
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    let report = job(dir, 500).run(
        source,
        Ok,
        CallbackSink::new(move |w: Output| {
            let mut rows = w.rows;
            rows.sort();
            o.lock().unwrap().push((w.window.end_ms, w.records, rows));
            Ok(())
        }),
    );
    let out = std::mem::take(&mut *out.lock().unwrap());
    (report, out)
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sketchfold-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_restarted_job_emits_exactly_the_windows_of_an_uninterrupted_run() {
    let evs = events(11, 120_000);
    let (report, whole) = collect(&temp_dir("whole"), IterSource::new(evs.clone()));
    let report = report.expect("the uninterrupted run succeeds");
    assert!(whole.len() > 100, "{} windows", whole.len());
    assert!(report.late_records > 0, "the input exercises late records");

    for (case, fail_after) in [(0, 30_000u64), (1, 71_234), (2, 119_000)] {
        let dir = temp_dir(&format!("restart-{case}"));
        let crashing = Crashing {
            inner: IterSource::new(evs.clone()),
            fail_after,
        };
        let (crashed, before) = collect(&dir, crashing);
        let err = crashed.expect_err("the crashing run stops with the source's error");
        assert!(err.to_string().contains("simulated crash"), "{err}");

        let (resumed, after) = collect(&dir, IterSource::new(evs.clone()));
        let resumed = resumed.expect("the restarted run succeeds");
        assert!(
            resumed.restored_from.is_some(),
            "case {case}: it resumed from a checkpoint"
        );
        assert_eq!(
            before[..],
            whole[..before.len()],
            "case {case}: before the crash, a prefix"
        );
        assert_eq!(
            after[..],
            whole[whole.len() - after.len()..],
            "case {case}: after, a suffix"
        );
        assert!(
            before.len() + after.len() >= whole.len(),
            "case {case}: every window is emitted"
        );
        assert!(
            after.len() < whole.len(),
            "case {case}: the restart did not start over"
        );
        assert_eq!(
            resumed.records, report.records,
            "case {case}: records are counted once"
        );
        assert_eq!(resumed.late_records, report.late_records, "case {case}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_checkpoint_written_with_other_settings_is_refused() {
    let dir = temp_dir("settings");
    let evs = events(12, 30_000);
    let crashing = Crashing {
        inner: IterSource::new(evs.clone()),
        fail_after: 20_000,
    };
    let (crashed, _) = collect(&dir, crashing);
    assert!(crashed.is_err());
    let err = job(&dir, 1_000)
        .run(
            IterSource::new(evs),
            Ok,
            CallbackSink::new(|_: Output| Ok(())),
        )
        .expect_err("a 1 s window cannot resume a 500 ms window's checkpoint");
    let message = err.to_string();
    assert!(message.contains("same batch, window"), "{message}");
    assert!(
        message.contains("(this job: "),
        "names the setting that differs: {message}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
