//! The driver: cuts the stream into micro-batches, decides lateness,
//! dispatches records to the workers, closes panes, emits windows, writes
//! checkpoints. One thread; the reader and the workers run beside it.

use std::hash::Hash;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::algebra::Aggregator;
use crate::error::{Error, Result};

use super::checkpoint::CheckpointStore;
use super::job::Job;
use super::output::{BatchMetrics, JobReport, WindowResult};
use super::pane::PaneState;
use super::reader::{run_reader, Chunk, EventTime, CHUNK};
use super::sink::Sink;
use super::snapshot::{self, DriverState, Fingerprint, WorkerState};
use super::source::Source;
use super::window::{Window, WindowPanes, Windows};
use super::worker::{merge_optional, run_worker, FromWorker, ToWorker, WorkerSetup};

/// Chunks queued from the reader to the driver, and from the driver to each
/// worker, at most: with [`CHUNK`] records per chunk this bounds the records
/// in flight.
pub(crate) const QUEUE_CHUNKS: usize = 4;

/// Bad-record messages kept in the report.
pub(crate) const REPORT_SAMPLES: usize = 5;

/// A checkpoint read back: its file, the driver's and the workers' state.
type Restored<K, S> = (PathBuf, DriverState, Vec<WorkerState<K, S>>);

impl<A, R, K> Job<A, K>
where
    A: Aggregator<Input = R> + Send + Sync + 'static,
    A::State: Clone + Send + 'static,
    A::Output: Send + 'static,
    R: Send + 'static,
    K: Hash + Eq + Clone + std::fmt::Debug + Send + Sync + 'static,
{
    /// Runs the job: reads `source` to its end, parsing every item with
    /// `parse` (an `Err` is a bad record: counted, its message kept as a
    /// sample, the job goes on), and emits every window into `sink`.
    ///
    /// If a checkpoint directory is set and holds a checkpoint, the job
    /// resumes from it: the source is moved to the stored position and the
    /// stored panes and windows are restored.
    ///
    /// # Errors
    ///
    /// - invalid settings (a window that is not a multiple of the batch
    ///   interval, zero partitions or keys) before anything runs;
    /// - a checkpoint that is corrupt or was written with other settings;
    /// - an error of the source, the sink or a merge, which stops the job.
    pub fn run<S, P, Out>(mut self, mut source: S, parse: P, mut sink: Out) -> Result<JobReport>
    where
        S: Source + 'static,
        P: FnMut(S::Item) -> std::result::Result<R, String> + Send + 'static,
        Out: Sink<WindowResult<K, A::Output>>,
    {
        if let Some(e) = self.setup_error.take() {
            return Err(e);
        }
        let windows = self.windows.unwrap_or(Windows::tumbling(self.interval));
        let panes = windows.in_panes(self.interval)?;
        if self.partitions == 0 || self.partitions > 1024 {
            return Err(Error::invalid_parameter(
                "partitions",
                self.partitions,
                "1 to 1024",
            ));
        }
        if self.max_keys == 0 {
            return Err(Error::invalid_parameter("max_keys", 0, "at least 1"));
        }
        if self.checkpoint.as_ref().is_some_and(|c| c.every == 0) {
            return Err(Error::invalid_parameter(
                "checkpoint every",
                0,
                "at least 1 batch",
            ));
        }
        if self.max_batch_records == 0 {
            return Err(Error::invalid_parameter(
                "max_batch_records",
                0,
                "at least 1",
            ));
        }
        let lateness_ms = match &self.event_time {
            Some((_, lateness)) => Some(u64::try_from(lateness.as_millis()).map_err(|_| {
                Error::invalid_parameter(
                    "allowed lateness",
                    format!("{lateness:?}"),
                    "under 584 million years",
                )
            })?),
            None => None,
        };
        let fingerprint = Fingerprint {
            pane_ms: panes.pane_ms,
            length: panes.length,
            slide: panes.slide,
            lateness_ms: lateness_ms.unwrap_or(u64::MAX),
            partitions: self.partitions as u64,
            max_keys: self.max_keys as u64,
        };

        // Restore before the source moves to its thread: seek it first.
        let store = match &self.checkpoint {
            Some(c) => Some(CheckpointStore::open(&c.dir)?),
            None => None,
        };
        let mut restored: Option<Restored<K, A::State>> = None;
        if let (Some(store), Some(codec)) = (&store, &self.checkpoint) {
            if let Some((path, bytes)) = store.load_latest()? {
                let (driver, workers) =
                    snapshot::decode(&bytes, &fingerprint, codec).map_err(|e| {
                        Error::io(format!("restoring from checkpoint {}", path.display()), e)
                    })?;
                if let Some(position) = driver.position {
                    source.seek(position)?;
                }
                restored = Some((path, driver, workers));
            }
        }

        let (chunk_tx, chunk_rx) = mpsc::sync_channel(QUEUE_CHUNKS);
        let event_time: Option<EventTime<R>> = self.event_time.as_ref().map(|(f, _)| f.clone());
        let reader = std::thread::Builder::new()
            .name("sketchfold-reader".into())
            .spawn(move || run_reader(source, parse, event_time, chunk_tx))
            .map_err(|e| Error::io("starting the reader thread", e))?;

        let mut to_workers = Vec::with_capacity(self.partitions);
        let mut from_workers = Vec::with_capacity(self.partitions);
        let mut handles = Vec::with_capacity(self.partitions);
        for i in 0..self.partitions {
            let (tx, rx) = mpsc::sync_channel(QUEUE_CHUNKS);
            let (reply_tx, reply_rx) = mpsc::sync_channel(1);
            let setup = WorkerSetup {
                aggregator: self.aggregator.clone(),
                key: self.key.clone(),
                partitions: self.partitions,
                max_keys: self.max_keys,
                window_panes: panes.length as usize,
                window: self.window_factory.clone(),
            };
            let handle = std::thread::Builder::new()
                .name(format!("sketchfold-worker-{i}"))
                .spawn(move || run_worker(setup, rx, reply_tx))
                .map_err(|e| Error::io("starting a worker thread", e))?;
            to_workers.push(tx);
            from_workers.push(reply_rx);
            handles.push(handle);
        }

        let mut driver = Driver {
            state: DriverState::default(),
            panes,
            lateness_ms,
            buffers: (0..self.partitions)
                .map(|_| Vec::with_capacity(CHUNK))
                .collect(),
            to_workers,
            from_workers,
            window_records: 0,
            batch: BatchCounters::default(),
            restored_from: None,
        };
        if let Some((path, state, workers)) = restored {
            driver.restore(state, workers)?;
            driver.restored_from = Some(path);
        }
        let result =
            driver.run_batches(&mut self, chunk_rx, &mut sink, store.as_ref(), &fingerprint);
        let report = driver.report();
        // Hang up: the workers end when their inboxes close.
        drop(driver);
        join_all(handles);
        if result.is_ok() {
            // The source ended, so the reader has returned.
            let _ = reader.join();
        }
        result.map(|()| report)
    }
}

fn join_all(handles: Vec<JoinHandle<()>>) {
    for h in handles {
        let _ = h.join();
    }
}

/// Per-batch counters.
#[derive(Default)]
struct BatchCounters {
    input: u64,
    bad: u64,
    late: u64,
    keys: u64,
    overflow: u64,
    windows: u64,
    samples: Vec<String>,
}

struct Driver<R, K, S, O> {
    state: DriverState,
    panes: WindowPanes,
    lateness_ms: Option<u64>,
    buffers: Vec<Vec<(u64, R)>>,
    to_workers: Vec<SyncSender<ToWorker<R, K, S>>>,
    from_workers: Vec<Receiver<FromWorker<K, S, O>>>,
    /// Records in the panes of `state.window_queue`.
    window_records: u64,
    batch: BatchCounters,
    restored_from: Option<PathBuf>,
}

fn stopped() -> Error {
    Error::io(
        "stream job",
        "a worker thread stopped (a panic in the aggregator or key function?)",
    )
}

impl<R, K, S, O> Driver<R, K, S, O>
where
    K: Hash + Eq + Clone + std::fmt::Debug,
    S: crate::algebra::Monoid + Clone,
{
    fn send(&self, worker: usize, msg: ToWorker<R, K, S>) -> Result<()> {
        self.to_workers[worker].send(msg).map_err(|_| stopped())
    }

    fn recv(&self, worker: usize) -> Result<FromWorker<K, S, O>> {
        match self.from_workers[worker].recv() {
            Ok(FromWorker::Failed(e)) => Err(e),
            Ok(reply) => Ok(reply),
            Err(_) => Err(stopped()),
        }
    }

    fn report(&self) -> JobReport {
        let s = &self.state;
        JobReport {
            batches: s.batches,
            records: s.records,
            bad_records: s.bad,
            late_records: s.late,
            overflow_records: s.overflow,
            windows: s.windows,
            bad_samples: s.bad_samples.clone(),
            restored_from: self.restored_from.clone(),
        }
    }

    fn restore(&mut self, state: DriverState, workers: Vec<WorkerState<K, S>>) -> Result<()> {
        self.window_records = state.window_queue.iter().map(|(_, n)| n).sum();
        self.state = state;
        for (i, (open, window)) in workers.into_iter().enumerate() {
            self.send(i, ToWorker::Restore { open, window })?;
        }
        for i in 0..self.to_workers.len() {
            self.recv(i)?;
        }
        Ok(())
    }

    fn now_ms(clock: &(u64, Instant)) -> u64 {
        clock.0 + clock.1.elapsed().as_millis() as u64
    }

    fn run_batches<A, Out>(
        &mut self,
        job: &mut Job<A, K>,
        chunks: Receiver<Chunk<R>>,
        sink: &mut Out,
        store: Option<&CheckpointStore>,
        fingerprint: &Fingerprint,
    ) -> Result<()>
    where
        A: Aggregator<Input = R, State = S, Output = O>,
        Out: Sink<WindowResult<K, O>>,
    {
        // Processing time: milliseconds since the epoch, monotonic.
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let clock = (wall, Instant::now());
        let interval = Duration::from_millis(self.panes.pane_ms);
        let mut nominal_start = Instant::now();
        let mut ended = false;
        while !ended {
            let batch_start = Instant::now();
            let scheduling_delay = batch_start.saturating_duration_since(nominal_start);
            let deadline = batch_start.max(nominal_start) + interval;
            self.batch = BatchCounters::default();
            while !ended && (self.batch.input as usize) < job.max_batch_records {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                match chunks.recv_timeout(deadline - now) {
                    Ok(chunk) => {
                        ended = chunk.ended;
                        let error = self.take_chunk(chunk, job, &clock)?;
                        if let Some(e) = error {
                            return Err(e);
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => {
                        return Err(Error::io("stream job", "the reader thread stopped"))
                    }
                }
            }
            let read_end = Instant::now();
            let upto = if ended {
                self.flush_upto()
            } else {
                match self.lateness_ms {
                    Some(lateness) => self
                        .state
                        .max_ts
                        .map(|t| t.saturating_sub(lateness) / self.panes.pane_ms),
                    None => Some(Self::now_ms(&clock) / self.panes.pane_ms),
                }
            };
            if let Some(upto) = upto {
                self.close(upto, job, sink)?;
            }
            sink.flush()?;
            self.state.batches += 1;
            if let (Some(store), Some(codec)) = (store, &job.checkpoint) {
                if !ended && codec.every > 0 && self.state.batches % codec.every == 0 {
                    let workers = self.snapshot()?;
                    let bytes = snapshot::encode(fingerprint, &self.state, &workers, codec);
                    store.save(&bytes)?;
                }
            }
            let processing_time = read_end.elapsed();
            let elapsed = batch_start.elapsed().as_secs_f64();
            let metrics = BatchMetrics {
                batch: self.state.batches - 1,
                input_records: self.batch.input,
                bad_records: self.batch.bad,
                late_records: self.batch.late,
                overflow_records: self.batch.overflow,
                keys: self.batch.keys,
                processing_time,
                scheduling_delay,
                records_per_second: if elapsed > 0.0 {
                    self.batch.input as f64 / elapsed
                } else {
                    0.0
                },
                watermark_ms: match self.lateness_ms {
                    Some(l) => self.state.max_ts.map(|t| t.saturating_sub(l)),
                    None => Some(Self::now_ms(&clock)),
                },
                windows_emitted: self.batch.windows,
                bad_samples: std::mem::take(&mut self.batch.samples),
            };
            if let Some(f) = &mut job.on_batch {
                f(&metrics);
            }
            nominal_start = deadline;
        }
        Ok(())
    }

    /// Takes one chunk from the reader: lateness, pane counts, dispatch.
    /// Returns the source's error, if the chunk carries one.
    fn take_chunk<A>(
        &mut self,
        chunk: Chunk<R>,
        job: &mut Job<A, K>,
        clock: &(u64, Instant),
    ) -> Result<Option<Error>>
    where
        A: Aggregator<Input = R, State = S, Output = O>,
    {
        let n = chunk.records.len() as u64 + chunk.bad;
        self.batch.input += n;
        self.state.records += n;
        self.batch.bad += chunk.bad;
        self.state.bad += chunk.bad;
        for s in chunk.samples {
            if self.state.bad_samples.len() < REPORT_SAMPLES {
                self.state.bad_samples.push(s.clone());
            }
            if self.batch.samples.len() < 3 {
                self.batch.samples.push(s);
            }
        }
        if chunk.position.is_some() {
            self.state.position = chunk.position;
        }
        let pane_ms = self.panes.pane_ms;
        let arrival_pane = Self::now_ms(clock) / pane_ms;
        let partitions = self.buffers.len() as u64;
        // Run-length count of records per pane, flushed into the map on change.
        let mut run: Option<(u64, u64)> = None;
        for (ts, record) in chunk.records {
            let pane = match self.lateness_ms {
                Some(_) => ts / pane_ms,
                None => arrival_pane,
            };
            if self.is_late(pane) {
                self.batch.late += 1;
                self.state.late += 1;
                if let Some(late) = &mut job.late_sink {
                    late.emit(record)?;
                }
                continue;
            }
            if self.lateness_ms.is_some() {
                self.state.max_ts = Some(self.state.max_ts.map_or(ts, |m| m.max(ts)));
            }
            run = match run {
                Some((p, c)) if p == pane => Some((p, c + 1)),
                Some((p, c)) => {
                    *self.state.open_counts.entry(p).or_insert(0) += c;
                    Some((pane, 1))
                }
                None => Some((pane, 1)),
            };
            let w = ((self.state.seq / CHUNK as u64) % partitions) as usize;
            self.state.seq += 1;
            self.buffers[w].push((pane, record));
            if self.buffers[w].len() >= CHUNK {
                let full = std::mem::replace(&mut self.buffers[w], Vec::with_capacity(CHUNK));
                self.send(w, ToWorker::Fold(full))?;
            }
        }
        if let Some((p, c)) = run {
            *self.state.open_counts.entry(p).or_insert(0) += c;
        }
        Ok(chunk.error)
    }

    /// A record of `pane` is late when the pane has closed: it was pushed
    /// already, or the watermark has passed its end.
    fn is_late(&self, pane: u64) -> bool {
        if self.state.next_pane.is_some_and(|n| pane < n) {
            return true;
        }
        match (self.lateness_ms, self.state.max_ts) {
            (Some(lateness), Some(max_ts)) => {
                let watermark = max_ts.saturating_sub(lateness);
                (pane + 1).saturating_mul(self.panes.pane_ms) <= watermark
            }
            _ => false,
        }
    }

    /// At the end of the stream: every pane up to the last window that holds
    /// a record.
    fn flush_upto(&self) -> Option<u64> {
        let last_open = self.state.open_counts.keys().next_back().copied();
        let last_window = self
            .state
            .window_queue
            .iter()
            .rev()
            .find(|(_, n)| *n > 0)
            .map(|(p, _)| *p);
        let last = last_open.max(last_window)?;
        Some(last + self.panes.length + 1)
    }

    fn flush_buffers(&mut self) -> Result<()> {
        for w in 0..self.buffers.len() {
            if !self.buffers[w].is_empty() {
                let part = std::mem::replace(&mut self.buffers[w], Vec::with_capacity(CHUNK));
                self.send(w, ToWorker::Fold(part))?;
            }
        }
        Ok(())
    }

    fn snapshot(&mut self) -> Result<Vec<WorkerState<K, S>>> {
        self.flush_buffers()?;
        for w in 0..self.to_workers.len() {
            self.send(w, ToWorker::Snapshot)?;
        }
        let mut out = Vec::with_capacity(self.to_workers.len());
        for w in 0..self.to_workers.len() {
            match self.recv(w)? {
                FromWorker::Snapshot { open, window } => out.push((open, window)),
                _ => return Err(protocol()),
            }
        }
        Ok(out)
    }

    /// Closes every pane before `upto`: gathers the partials, pushes each
    /// pane into the owners' windows and emits the windows that end.
    fn close<A, Out>(&mut self, upto: u64, job: &Job<A, K>, sink: &mut Out) -> Result<()>
    where
        A: Aggregator<Input = R, State = S, Output = O>,
        Out: Sink<WindowResult<K, O>>,
    {
        let start = match self.state.next_pane {
            Some(n) => n,
            None => match self.state.open_counts.keys().next() {
                Some(&p) => p,
                None => return Ok(()),
            },
        };
        if upto <= start {
            return Ok(());
        }
        self.flush_buffers()?;
        let n = self.to_workers.len();
        for w in 0..n {
            self.send(w, ToWorker::Close { upto })?;
        }
        // pane -> owner -> partials from every worker, in worker order.
        let mut parts: std::collections::BTreeMap<u64, Vec<Vec<PaneState<K, S>>>> =
            Default::default();
        for w in 0..n {
            match self.recv(w)? {
                FromWorker::Closed(list) => {
                    for (pane, split) in list {
                        let entry = parts.entry(pane).or_insert_with(|| vec![Vec::new(); n]);
                        for (owner, piece) in split.into_iter().enumerate() {
                            entry[owner].push(piece);
                        }
                    }
                }
                _ => return Err(protocol()),
            }
        }
        let mut pane = start;
        while pane < upto {
            let data = self.state.open_counts.remove(&pane).unwrap_or(0);
            if data == 0 && self.window_records == 0 {
                // Nothing in the window: jump to the next pane with records.
                let next = self
                    .state
                    .open_counts
                    .range(pane..upto)
                    .next()
                    .map_or(upto, |(&p, _)| p);
                if !self.state.window_queue.is_empty() {
                    for w in 0..n {
                        self.send(w, ToWorker::Reset)?;
                    }
                    self.state.window_queue.clear();
                }
                pane = next;
                continue;
            }
            self.state.window_queue.push_back((pane, data));
            self.window_records += data;
            while self.state.window_queue.len() as u64 > self.panes.length {
                if let Some((_, c)) = self.state.window_queue.pop_front() {
                    self.window_records -= c;
                }
            }
            let emit: Option<Window> = self
                .panes
                .window_ending_with(pane)
                .filter(|_| self.window_records > 0);
            let mut pieces = parts.remove(&pane).unwrap_or_else(|| vec![Vec::new(); n]);
            for (w, piece) in pieces.iter_mut().enumerate() {
                let msg = ToWorker::Push {
                    parts: std::mem::take(piece),
                    emit: emit.is_some(),
                };
                self.send(w, msg)?;
            }
            let mut rows = Vec::new();
            let mut overflow: Option<S> = None;
            let mut overflow_records = 0;
            for w in 0..n {
                match self.recv(w)? {
                    FromWorker::Pushed {
                        keys,
                        overflow: pane_overflow,
                        result,
                    } => {
                        self.batch.keys += keys;
                        self.batch.overflow += pane_overflow;
                        self.state.overflow += pane_overflow;
                        if let Some((mut r, o)) = result {
                            rows.append(&mut r);
                            if let Some((c, state)) = o {
                                overflow_records += c;
                                merge_optional(&mut overflow, &state)?;
                            }
                        }
                    }
                    _ => return Err(protocol()),
                }
            }
            if let Some(window) = emit {
                let agg = &*job.aggregator;
                let result = WindowResult {
                    window,
                    is_final: true,
                    records: self.window_records,
                    rows,
                    overflow: overflow.map(|o| (overflow_records, agg.present(&o))),
                };
                sink.emit(result)?;
                self.batch.windows += 1;
                self.state.windows += 1;
            }
            pane += 1;
        }
        self.state.next_pane = Some(upto);
        Ok(())
    }
}

fn protocol() -> Error {
    Error::io(
        "stream job",
        "a worker answered out of turn (an engine bug)",
    )
}
