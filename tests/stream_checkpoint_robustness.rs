//! A damaged checkpoint never crashes a restarted job: every truncation of
//! a real checkpoint's payload is refused with an error, and a job resumed
//! from a payload with flipped bits either runs or stops with an error,
//! never a panic. (The checkpoint store's checksum catches damage to the
//! file itself; these payloads are framed validly on purpose, so the
//! engine's own decoder is what is tested.)

#[path = "common/rng.rs"]
mod rng;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rng::Rng;
use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::stream::sink::CallbackSink;
use sketchfold::stream::source::IterSource;
use sketchfold::stream::{
    CheckpointStore, Job, JobReport, Source, SourceStatus, WindowResult, Windows,
};
use sketchfold::{Error, Result};

/// Damaged payloads tried.
const FLIPS: usize = 400;

type Rec = (u64, u8, u64);
type State = (u64, u64);

fn sum() -> impl Aggregator<Input = Rec, State = State, Output = State> + Send + Sync {
    MonoidAggregator::new(
        ((), ()),
        |s: &mut State, r: &Rec| {
            s.0 += 1;
            s.1 += r.2;
        },
        |s: &State| *s,
    )
}

fn records() -> Vec<Rec> {
    let mut rng = Rng(7);
    (0..6_000u64)
        .map(|i| {
            (
                i + 10_000 - rng.next() % 20,
                (rng.next() % 5) as u8,
                rng.next() % 100,
            )
        })
        .collect()
}

struct Crashing(IterSource<std::vec::IntoIter<Rec>>, u64);

impl Source for Crashing {
    type Item = Rec;
    fn read(&mut self, buf: &mut Vec<Rec>, max: usize, deadline: Instant) -> Result<SourceStatus> {
        let taken = self.0.position().unwrap_or(0);
        if taken >= self.1 {
            return Err(Error::io("test source", "simulated crash"));
        }
        self.0
            .read(buf, max.min((self.1 - taken) as usize), deadline)
    }
    fn position(&self) -> Option<u64> {
        self.0.position()
    }
    fn seek(&mut self, position: u64) -> Result<()> {
        self.0.seek(position)
    }
}

fn run<S: Source<Item = Rec> + 'static>(
    dir: &Path,
    source: S,
) -> std::result::Result<JobReport, Error> {
    Job::new(sum())
        .key_by(|r: &Rec| r.1)
        .batch_interval(Duration::from_millis(100))
        .windows(Windows::sliding(
            Duration::from_millis(300),
            Duration::from_millis(100),
        ))
        .event_time(|r: &Rec| r.0, Duration::from_millis(5))
        .partitions(2)
        .max_batch_records(500)
        .checkpoint(dir, 1)
        .run(
            source,
            Ok,
            CallbackSink::new(|_: WindowResult<u8, State>| Ok(())),
        )
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sketchfold-cprobust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// A real checkpoint's payload, from a run that crashed half-way.
fn payload(name: &str) -> Vec<u8> {
    let d = dir(&format!("source-{name}"));
    let crashed = run(&d, Crashing(IterSource::new(records()), 3_000));
    assert!(crashed.is_err());
    let (_, bytes) = CheckpointStore::open(&d)
        .unwrap()
        .load_latest()
        .unwrap()
        .expect("a checkpoint was written");
    std::fs::remove_dir_all(&d).unwrap();
    bytes
}

fn resume_from(payload: &[u8], name: &str) -> std::result::Result<JobReport, Error> {
    let d = dir(name);
    CheckpointStore::open(&d).unwrap().save(payload).unwrap();
    let result = run(&d, IterSource::new(records()));
    std::fs::remove_dir_all(&d).unwrap();
    result
}

#[test]
fn the_intact_payload_resumes() {
    let report = resume_from(&payload("intact"), "intact").expect("an intact checkpoint resumes");
    assert!(report.restored_from.is_some());
    assert_eq!(report.records, 6_000);
}

#[test]
fn every_truncated_payload_is_refused_with_an_error() {
    let bytes = payload("truncated");
    let step = (bytes.len() / 150).max(1);
    let mut lengths: Vec<usize> = (0..bytes.len()).step_by(step).collect();
    lengths.extend(bytes.len().saturating_sub(16)..bytes.len());
    for len in lengths {
        let err =
            resume_from(&bytes[..len], "truncated").expect_err("a truncated payload is refused");
        assert!(err.to_string().contains("checkpoint"), "{len} bytes: {err}");
    }
}

#[test]
fn payloads_with_flipped_bits_run_or_fail_cleanly() {
    let bytes = payload("flipped");
    let mut rng = Rng(99);
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..FLIPS {
        let mut damaged = bytes.clone();
        let i = rng.below(damaged.len());
        damaged[i] ^= 1 << rng.below(8);
        match resume_from(&damaged, "flipped") {
            Ok(_) => ok += 1,
            Err(_) => refused += 1,
        }
    }
    assert_eq!(ok + refused, FLIPS);
    assert!(refused > 0, "some flips are detected ({ok} ran)");
}
