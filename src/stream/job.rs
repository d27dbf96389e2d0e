//! A stream job: what to fold, by which key, over which windows, on which
//! clock; built step by step, then run over a source into a sink.

use std::hash::Hash;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::algebra::{Aggregator, Commutative, Group};
use crate::codec::{ItemCodec, Reader, Writer};
use crate::error::{Error, Result};

use super::output::BatchMetrics;
use super::pane::PaneState;
use super::reader::EventTime;
use super::sink::Sink;
use super::sliding::{Daba, Subtracting};
use super::window::Windows;
use super::worker::WindowFactory;

/// The name of the default window algorithm (in checkpoints and errors).
const DABA: &str = "DABA";
/// The name of eviction by subtraction.
const SUBTRACTION: &str = "subtraction";

/// Keys per pane per partition when no bound is set.
pub const DEFAULT_MAX_KEYS: usize = 1 << 20;

/// Records per micro-batch at most, when no bound is set (a batch also ends
/// when its interval has passed).
pub const DEFAULT_MAX_BATCH_RECORDS: usize = 1 << 20;

/// The key function, shared with the workers.
pub(crate) type KeyFn<R, K> = Arc<dyn Fn(&R) -> K + Send + Sync>;

/// The per-batch metrics callback.
pub(crate) type BatchCallback = Box<dyn FnMut(&BatchMetrics) + Send>;

/// How a checkpoint writes and reads the job's keys and states.
pub(crate) struct CheckpointCodec<K, S> {
    pub dir: PathBuf,
    pub every: u64,
    pub encode_key: fn(&K, &mut Writer),
    pub decode_key: fn(&mut Reader<'_>) -> Result<K>,
    pub encode_state: fn(&S, &mut Writer),
    pub decode_state: fn(&mut Reader<'_>) -> Result<S>,
}

/// A micro-batch stream job; see the [module documentation](super).
///
/// Built with [`Job::new`] and the setting methods, run with
/// [`Job::run`](Job::run).
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use sketchfold::algebra::MonoidAggregator;
/// use sketchfold::stream::sink::CallbackSink;
/// use sketchfold::stream::source::IterSource;
/// use sketchfold::stream::{Job, WindowResult, Windows};
///
/// // Words at event times 0, 4, 8, ... s, counted per word in 10 s windows.
/// let words: Vec<(u64, &str)> = ["a", "b", "a", "c", "b", "a"]
///     .into_iter()
///     .enumerate()
///     .map(|(i, w)| (4_000 * i as u64, w)) // event time in ms
///     .collect();
/// let count = MonoidAggregator::new((), |n: &mut u64, _: &(u64, &str)| *n += 1, |n: &u64| *n);
/// let mut rows = Vec::new();
/// Job::new(count)
///     .key_by(|w: &(u64, &str)| w.1.to_string())
///     .windows(Windows::tumbling(Duration::from_secs(10)))
///     .event_time(|w: &(u64, &str)| w.0, Duration::ZERO)
///     .run(IterSource::new(words), Ok, CallbackSink::new(|w: WindowResult<String, u64>| {
///         let start = w.window.start_ms;
///         rows.extend(w.rows.into_iter().map(|(word, n)| (start, word, n)));
///         Ok(())
///     }))?;
/// rows.sort();
/// let expected = [(0, "a", 2), (0, "b", 1), (10_000, "b", 1), (10_000, "c", 1), (20_000, "a", 1)];
/// assert_eq!(rows, expected.map(|(t, word, n)| (t, word.to_string(), n)));
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct Job<A: Aggregator, K> {
    pub(crate) aggregator: Arc<A>,
    pub(crate) key: KeyFn<A::Input, K>,
    pub(crate) interval: Duration,
    pub(crate) windows: Option<Windows>,
    pub(crate) event_time: Option<(EventTime<A::Input>, Duration)>,
    pub(crate) partitions: usize,
    pub(crate) max_keys: usize,
    pub(crate) max_batch_records: usize,
    pub(crate) on_batch: Option<BatchCallback>,
    pub(crate) late_sink: Option<Box<dyn Sink<A::Input>>>,
    pub(crate) checkpoint: Option<CheckpointCodec<K, A::State>>,
    pub(crate) window_factory: WindowFactory<K, A::State>,
    pub(crate) window_algorithm: &'static str,
    pub(crate) setup_error: Option<Error>,
}

impl<A, R> Job<A, ()>
where
    A: Aggregator<Input = R> + Send + Sync + 'static,
    A::State: Clone + Send + 'static,
    R: Send + 'static,
{
    /// A job that folds every record with `aggregator` into one global
    /// aggregate per window (key `()`), on processing time, with batches and
    /// tumbling windows of one second, on one partition.
    pub fn new(aggregator: A) -> Job<A, ()> {
        Job {
            aggregator: Arc::new(aggregator),
            key: Arc::new(|_: &R| ()),
            interval: Duration::from_secs(1),
            windows: None,
            event_time: None,
            partitions: 1,
            max_keys: DEFAULT_MAX_KEYS,
            max_batch_records: DEFAULT_MAX_BATCH_RECORDS,
            on_batch: None,
            late_sink: None,
            checkpoint: None,
            window_factory: daba_factory(),
            window_algorithm: DABA,
            setup_error: None,
        }
    }
}

fn daba_factory<K, S>() -> WindowFactory<K, S>
where
    K: Hash + Eq + Clone + std::fmt::Debug + Send + 'static,
    S: crate::algebra::Monoid + Clone + Send + 'static,
{
    Arc::new(|| Box::new(Daba::new(())))
}

impl<A, R, K> Job<A, K>
where
    A: Aggregator<Input = R> + Send + Sync + 'static,
    A::State: Clone + Send + 'static,
    R: Send + 'static,
    K: Hash + Eq + Clone + std::fmt::Debug + Send + 'static,
{
    /// Aggregates per key: every window emits one row per key. Call it before
    /// [`checkpoint`](Job::checkpoint) and
    /// [`subtract_on_evict`](Job::subtract_on_evict), which depend on the key
    /// type.
    pub fn key_by<K2, F>(self, key: F) -> Job<A, K2>
    where
        K2: Hash + Eq + Clone + std::fmt::Debug + Send + 'static,
        F: Fn(&R) -> K2 + Send + Sync + 'static,
    {
        let setup_error = self.setup_error.or_else(|| {
            self.checkpoint.as_ref().map(|_| {
                Error::invalid_parameter(
                    "checkpoint",
                    "set before key_by",
                    "key_by first, then checkpoint (the checkpoint encodes the keys)",
                )
            })
        });
        let subtracting = self.window_algorithm == SUBTRACTION;
        let setup_error = setup_error.or_else(|| {
            subtracting.then(|| {
                Error::invalid_parameter(
                    "subtract_on_evict",
                    "set before key_by",
                    "key_by first, then subtract_on_evict (the windows hold per-key states)",
                )
            })
        });
        Job {
            aggregator: self.aggregator,
            key: Arc::new(key),
            interval: self.interval,
            windows: self.windows,
            event_time: self.event_time,
            partitions: self.partitions,
            max_keys: self.max_keys,
            max_batch_records: self.max_batch_records,
            on_batch: self.on_batch,
            late_sink: self.late_sink,
            checkpoint: None,
            window_factory: daba_factory(),
            window_algorithm: DABA,
            setup_error,
        }
    }

    /// The micro-batch interval, which is also the pane: window lengths and
    /// slides are multiples of it. Default one second.
    pub fn batch_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The windows to emit. Default: tumbling windows of one batch interval.
    pub fn windows(mut self, windows: Windows) -> Self {
        self.windows = Some(windows);
        self
    }

    /// Windows on event time: `time` gives a record's time in milliseconds
    /// since the Unix epoch, and the watermark trails the largest time seen
    /// by `allowed_lateness`. Without it, a record's time is its arrival.
    pub fn event_time<F>(mut self, time: F, allowed_lateness: Duration) -> Self
    where
        F: Fn(&R) -> u64 + Send + Sync + 'static,
    {
        self.event_time = Some((Arc::new(time), allowed_lateness));
        self
    }

    /// Worker threads that fold and own key partitions. Default 1.
    pub fn partitions(mut self, partitions: usize) -> Self {
        self.partitions = partitions;
        self
    }

    /// At most this many keys per pane in each partition; the records of
    /// further keys fold into the window's overflow state (counted and
    /// reported). Default [`DEFAULT_MAX_KEYS`].
    pub fn max_keys(mut self, max_keys: usize) -> Self {
        self.max_keys = max_keys;
        self
    }

    /// At most this many records per micro-batch: a batch ends when its
    /// interval has passed or this many records were read, whichever comes
    /// first, so a fast source cannot fill memory between two batch ends.
    /// Default [`DEFAULT_MAX_BATCH_RECORDS`].
    pub fn max_batch_records(mut self, records: usize) -> Self {
        self.max_batch_records = records;
        self
    }

    /// Called after every micro-batch with its metrics.
    pub fn on_batch<F>(mut self, f: F) -> Self
    where
        F: FnMut(&BatchMetrics) + Send + 'static,
    {
        self.on_batch = Some(Box::new(f));
        self
    }

    /// Where late records go (they are counted either way).
    pub fn late_sink<S: Sink<R> + 'static>(mut self, sink: S) -> Self {
        self.late_sink = Some(Box::new(sink));
        self
    }
}

impl<A, R, K> Job<A, K>
where
    A: Aggregator<Input = R> + Send + Sync + 'static,
    A::State: Group + Commutative + Clone + Send + 'static,
    R: Send + 'static,
    K: Hash + Eq + Clone + std::fmt::Debug + Send + 'static,
{
    /// Sliding windows evict the oldest pane by subtracting it from a running
    /// total (one merge and one subtraction per pane) instead of DABA's
    /// constant number of merges; only for group states.
    pub fn subtract_on_evict(mut self) -> Self {
        self.window_factory = Arc::new(|| Box::new(Subtracting::<PaneState<K, A::State>>::new(())));
        self.window_algorithm = SUBTRACTION;
        self
    }
}

impl<A, R, K> Job<A, K>
where
    A: Aggregator<Input = R> + Send + Sync + 'static,
    A::State: ItemCodec + Clone + Send + 'static,
    R: Send + 'static,
    K: ItemCodec + Hash + Eq + Clone + std::fmt::Debug + Send + 'static,
{
    /// Writes a checkpoint into `dir` after every `every_batches` batches,
    /// and resumes from the newest one there when the job starts.
    ///
    /// A checkpoint holds the open panes, the sliding windows, the counters
    /// and the source position, written atomically (see
    /// [`CheckpointStore`](super::CheckpointStore)). On event time over a
    /// replayable source (a file), a job restarted from it emits exactly the
    /// windows an uninterrupted run would.
    pub fn checkpoint(mut self, dir: impl Into<PathBuf>, every_batches: u64) -> Self {
        self.checkpoint = Some(CheckpointCodec {
            dir: dir.into(),
            every: every_batches,
            encode_key: |k, w| k.encode_item(w),
            decode_key: |r| K::decode_item(r),
            encode_state: |s, w| s.encode_item(w),
            decode_state: |r| <A::State as ItemCodec>::decode_item(r),
        });
        self
    }
}
