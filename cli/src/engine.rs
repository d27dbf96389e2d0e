//! Building and running one engine job over records, for `run` and `demo`:
//! windows, clock, partitions, checkpoints, the printer, the progress line,
//! and the summary at the end.

use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use sketchfold::stream::sink::CallbackSink;
use sketchfold::stream::{Job, JobReport, Source, Windows};
use sketchfold::Error;

use crate::args::OutputFormat;
use crate::fail::Failure;
use crate::output::{Printer, Window};
use crate::progress::Progress;
use crate::record::Record;
use crate::save::save_window;
use crate::sketches::{aggregator, Enabled, SketchParams};

/// Bad-record messages kept for the summary.
const SAMPLES: usize = 10;

/// Everything about a job except its input.
#[derive(Clone, Debug)]
pub struct JobSpec {
    /// Which sketches to feed and print.
    pub enabled: Enabled,
    /// Their parameters and the quantiles printed.
    pub params: SketchParams,
    /// Write each window's sketches under this directory.
    pub save_sketches: Option<PathBuf>,
    /// Whether records are grouped by key.
    pub keyed: bool,
    /// Event time with this allowed lateness; `None` for arrival time.
    pub lateness: Option<Duration>,
    /// Window length.
    pub window: Duration,
    /// Window slide.
    pub slide: Duration,
    /// Micro-batch interval.
    pub batch: Duration,
    /// Records after which a batch ends early.
    pub batch_records: usize,
    /// Worker threads.
    pub partitions: usize,
    /// Key bound per pane and partition.
    pub max_keys: Option<usize>,
    /// Checkpoint directory and interval in batches.
    pub checkpoint: Option<(PathBuf, u64)>,
    /// How windows are printed.
    pub output: OutputFormat,
    /// Whether to print the progress line.
    pub progress: bool,
}

/// Checks that window, slide and batch fit together.
///
/// # Errors
///
/// A one-line message naming the flag at fault.
pub fn check_windows(window: Duration, slide: Duration, batch: Duration) -> Result<(), String> {
    let ms = |d: Duration| d.as_millis();
    if batch.is_zero() {
        return Err("--batch must be longer than 0 ms".to_string());
    }
    if window.is_zero() {
        return Err("--window must be longer than 0 ms".to_string());
    }
    if slide.is_zero() {
        return Err("--slide must be longer than 0 ms".to_string());
    }
    if slide > window {
        return Err(format!(
            "--slide ({} ms) must not be longer than --window ({} ms)",
            ms(slide),
            ms(window)
        ));
    }
    if ms(window) % ms(slide) != 0 {
        return Err(format!(
            "--slide ({} ms) must divide --window ({} ms)",
            ms(slide),
            ms(window)
        ));
    }
    if ms(slide) % ms(batch) != 0 {
        return Err(format!(
            "--window and --slide must be multiples of --batch ({} ms); the slide is {} ms",
            ms(batch),
            ms(slide)
        ));
    }
    Ok(())
}

/// What the printer and the progress line share between the sink and the
/// batch callback (both called on the engine's driver thread).
struct Reporter {
    /// Prints the windows.
    printer: Printer,
    /// The progress line, if asked for.
    progress: Option<Progress>,
}

/// The reporter, even if a panic poisoned its lock (the output is still
/// worth finishing).
fn lock(r: &Mutex<Reporter>) -> std::sync::MutexGuard<'_, Reporter> {
    r.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `spec` over `source`, parsing every item with `parse`; prints the
/// windows on standard output and a summary on standard error.
///
/// # Errors
///
/// The engine's error (bad settings, an unreadable or mismatched
/// checkpoint, an I/O error of the input or the output).
pub fn execute<S, P>(spec: &JobSpec, source: S, mut parse: P) -> Result<JobReport, Failure>
where
    S: Source + 'static,
    P: FnMut(S::Item) -> Result<Record, String> + Send + 'static,
{
    // The engine keeps a few samples per chunk of records; the first
    // SAMPLES of the run are kept here, in input order.
    let samples = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&samples);
    let parse = move |item: S::Item| {
        let parsed = parse(item);
        if let Err(why) = &parsed {
            let mut s = keep.lock().unwrap_or_else(PoisonError::into_inner);
            if s.len() < SAMPLES {
                s.push(why.clone());
            }
        }
        parsed
    };
    let reporter = Arc::new(Mutex::new(Reporter {
        printer: Printer::new(
            Box::new(io::stdout()),
            spec.output,
            spec.keyed,
            spec.enabled,
            spec.params.ranks.iter().map(|r| r.name.clone()).collect(),
        ),
        progress: spec.progress.then(Progress::new),
    }));
    let on_batch = Arc::clone(&reporter);
    let to_sink = Arc::clone(&reporter);

    let mut job = Job::new(aggregator(spec.enabled, &spec.params).map_err(Failure::runtime)?)
        .key_by(|r: &Record| r.key.clone())
        .batch_interval(spec.batch)
        .max_batch_records(spec.batch_records)
        .windows(Windows::sliding(spec.window, spec.slide))
        .partitions(spec.partitions)
        .on_batch(move |m| {
            let mut r = lock(&on_batch);
            let r = &mut *r;
            if let Some(p) = &mut r.progress {
                if m.windows_emitted > 0 {
                    p.clear();
                }
            }
            r.printer.batch(m);
            if let Some(p) = &mut r.progress {
                p.batch(m);
            }
        });
    if let Some(lateness) = spec.lateness {
        job = job.event_time(|r: &Record| r.time_ms, lateness);
    }
    if let Some(max_keys) = spec.max_keys {
        job = job.max_keys(max_keys);
    }
    if let Some((dir, every)) = &spec.checkpoint {
        job = job.checkpoint(dir.clone(), *every);
    }
    let (save, keyed) = (spec.save_sketches.clone(), spec.keyed);
    let sink = CallbackSink::new(move |w: Window| {
        if let Some(dir) = &save {
            save_window(dir, &w, keyed).map_err(|e| Error::io("saving the sketches", e))?;
        }
        lock(&to_sink)
            .printer
            .push(w)
            .map_err(|e| Error::io("writing the output", e))
    });
    let result = job.run(source, parse, sink);

    let mut r = lock(&reporter);
    let finished = r.printer.finish();
    if let Some(p) = &mut r.progress {
        p.finish();
    }
    if r.printer.closed() {
        // Nobody reads the windows any more: a normal way to stop.
        return Ok(result.unwrap_or_default());
    }
    let report = result.map_err(Failure::runtime)?;
    finished.map_err(|e| Failure::runtime(format!("writing the output: {e}")))?;
    let samples = samples.lock().unwrap_or_else(PoisonError::into_inner);
    summarize(&report, &samples);
    Ok(report)
}

/// The run's totals and bad-record samples on standard error.
fn summarize(report: &JobReport, samples: &[String]) {
    if let Some(path) = &report.restored_from {
        eprintln!("sketchfold: resumed from checkpoint {}", path.display());
    }
    eprintln!(
        "sketchfold: {} records, {} bad, {} late, {} windows",
        report.records, report.bad_records, report.late_records, report.windows
    );
    if !samples.is_empty() {
        let note = if report.restored_from.is_some() {
            " (line numbers count from where the run resumed)"
        } else {
            ""
        };
        let shown = if report.bad_records > samples.len() as u64 {
            format!(" (the first {})", samples.len())
        } else {
            String::new()
        };
        eprintln!("sketchfold: bad records{shown}{note}:");
        for s in samples {
            eprintln!("  {s}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_checks() {
        let s = Duration::from_secs;
        assert!(check_windows(s(10), s(5), s(1)).is_ok());
        assert!(check_windows(s(10), s(10), Duration::from_millis(500)).is_ok());
        assert!(check_windows(s(0), s(0), s(1))
            .unwrap_err()
            .contains("--window"));
        assert!(check_windows(s(10), s(3), s(1))
            .unwrap_err()
            .contains("divide"));
        assert!(check_windows(s(10), s(20), s(1))
            .unwrap_err()
            .contains("longer"));
        assert!(check_windows(s(10), s(5), s(2))
            .unwrap_err()
            .contains("multiples"));
        assert!(check_windows(s(10), s(5), s(0))
            .unwrap_err()
            .contains("--batch"));
    }
}
