//! What a job emits and reports: window results, per-batch metrics, the
//! final report.

use std::path::PathBuf;
use std::time::Duration;

use super::window::Window;

/// The aggregates of one window: one row per key.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowResult<K, O> {
    /// The window's span.
    pub window: Window,
    /// True when no later record can change this result (the watermark has
    /// passed the window's end, or the stream ended). Every result the engine
    /// emits today is final.
    pub is_final: bool,
    /// Records in the window, of every key, overflow included.
    pub records: u64,
    /// One presented aggregate per key, in no particular order.
    pub rows: Vec<(K, O)>,
    /// The records of keys beyond the job's key bound, folded together, and
    /// how many there were; `None` when the bound was not reached.
    pub overflow: Option<(u64, O)>,
}

/// What one micro-batch did, as Spark Streaming's UI shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchMetrics {
    /// Batch number, from 0 (counting on from the checkpoint after a restart).
    pub batch: u64,
    /// Records read in this batch (bad and late ones included).
    pub input_records: u64,
    /// Records the parse function rejected.
    pub bad_records: u64,
    /// Records that arrived after their window had closed.
    pub late_records: u64,
    /// Records whose key was beyond the key bound (folded into the overflow).
    pub overflow_records: u64,
    /// Distinct keys in the panes this batch closed, summed over partitions.
    pub keys: u64,
    /// Time from the end of the batch's reading to its results being emitted
    /// (closing panes, merging partials, windows, sink, checkpoint).
    pub processing_time: Duration,
    /// How late the batch started against its schedule (the previous batch
    /// overran the interval).
    pub scheduling_delay: Duration,
    /// Input rate: input records over the batch's wall-clock duration.
    pub records_per_second: f64,
    /// The event-time watermark after this batch (milliseconds since the
    /// epoch); `None` before the first record.
    pub watermark_ms: Option<u64>,
    /// Windows emitted by this batch.
    pub windows_emitted: u64,
    /// Up to three messages of this batch's bad records.
    pub bad_samples: Vec<String>,
}

/// What a whole run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobReport {
    /// Micro-batches run (counting those before a restart).
    pub batches: u64,
    /// Records read.
    pub records: u64,
    /// Records the parse function rejected.
    pub bad_records: u64,
    /// Records that arrived after their window had closed.
    pub late_records: u64,
    /// Records folded into a window's overflow state.
    pub overflow_records: u64,
    /// Windows emitted.
    pub windows: u64,
    /// The first five bad records' messages.
    pub bad_samples: Vec<String>,
    /// The checkpoint the run resumed from, if any.
    pub restored_from: Option<PathBuf>,
}
