//! The micro-batch stream engine: Spark Streaming's model, small and exact.
//!
//! # Overview
//!
//! A [`Job`] reads records from a [`Source`], chops the stream into
//! micro-batches of a fixed interval, folds each record into the per-key
//! state of its *pane* (one batch interval of time) with any
//! [`Aggregator`](crate::algebra::Aggregator) whose state is a monoid (a
//! tuple of sketches is one), on several partition workers in parallel,
//! merges the workers' partials with the algebra, slides windows over the
//! panes and emits one [`WindowResult`] per window into a [`Sink`].
//!
//! ```text
//! source -> reader thread -> driver (batches, late check) -> workers (fold)
//!        -> panes by key partition -> sliding windows -> sink
//! ```
//!
//! # Windows and time
//!
//! [`Windows::tumbling`] and [`Windows::sliding`] take lengths and slides
//! that are multiples of the batch interval. A window `[start, end)` is
//! emitted once, when it closes, with every key's presented aggregate;
//! windows without records are not emitted. On processing time (the
//! default) a record belongs to the pane of its arrival and panes close as
//! the clock passes them. On event time ([`Job::event_time`]) a record
//! belongs to the pane of its timestamp, and the *watermark* is the largest
//! timestamp seen minus the allowed lateness: a pane closes once the
//! watermark passes its end. A record whose pane has closed (its end is at
//! or before the watermark) is *late*: it is counted
//! ([`BatchMetrics::late_records`], [`JobReport::late_records`]) and, if a
//! [`late_sink`](Job::late_sink) is set, handed to it; it never reaches a
//! window and is never silently lost. Every emitted result is final
//! ([`WindowResult::is_final`]): the engine emits a window only when no
//! record can change it. When the source ends, every open window is
//! emitted.
//!
//! # Sliding windows
//!
//! A window of `n` panes is the merge of its panes, kept by a
//! [`SlidingAggregator`] per partition: for a state that is a
//! [`Group`](crate::algebra::Group) (Count-Min, DDSketch, counts and sums),
//! [`subtract_on_evict`](Job::subtract_on_evict) keeps a running total and
//! subtracts the pane that leaves; for any other monoid the default is DABA
//! (de-amortized banker's aggregation), a constant number of merges per
//! slide in the worst case whatever the window length, and never a
//! re-merge of the whole window.
//!
//! # Keys, partitions and the key bound
//!
//! [`Job::key_by`] aggregates per key. Keys are hashed (ahash with fixed
//! seeds, so routing is the same on every run) to one of
//! [`partitions`](Job::partitions) workers, which own their keys' panes
//! and windows; records are folded by whichever worker receives their
//! chunk, and the partials are merged by key when a pane closes. Each pane
//! holds at most [`max_keys`](Job::max_keys) keys per partition: the
//! records of further keys are folded into one *overflow* state, reported
//! with its record count in [`WindowResult::overflow`] and counted in
//! [`BatchMetrics::overflow_records`]. State memory is therefore bounded
//! by panes in a window x partitions x `max_keys` states.
//!
//! # Backpressure
//!
//! The queues between the reader, the driver and the workers are bounded
//! (a few chunks of 4096 records each) and the sink is called on the
//! driver's thread, so a slow sink stops the driver, which stops the
//! workers and the reader: the source is read no faster than results are
//! taken, and memory stays bounded.
//!
//! # Metrics
//!
//! [`Job::on_batch`] receives [`BatchMetrics`] after every batch, the
//! figures Spark Streaming's UI shows: input records, processing time,
//! scheduling delay, records per second, late, bad and overflow records,
//! keys, the watermark. [`Job::run`] returns a [`JobReport`] of the whole
//! run. A record the parse function rejects is counted as bad, with a
//! sample of its message, and the job goes on. A record the aggregator
//! refuses ([`Aggregator::insert`](crate::algebra::Aggregator::insert)
//! returns the sketch's error: a NaN into a quantile sketch, a counter
//! that would overflow) stops the job with that error rather than vanish:
//! reject such records in the parse function to count them as bad instead.
//!
//! # Checkpoints and exact restart
//!
//! With [`Job::checkpoint`], every `n` batches the engine writes its state
//! (open panes, every partition's window panes, counters, the watermark
//! and the source's position) with the crate's codec into a
//! [`CheckpointStore`], atomically (temporary file, fsync, rename). A job
//! started with the same settings over the same checkpoint directory
//! resumes from the latest checkpoint: it moves a replayable source (a
//! file, an iterator) to the stored position and restores the panes. On
//! event time the windows it then emits are exactly those an uninterrupted
//! run emits after that checkpoint (windows emitted between the checkpoint
//! and a crash are emitted again: output is at least once, and the same
//! each time). Exactness holds for states whose merge is exact (counts,
//! HyperLogLog, Count-Min, DDSketch, Bloom filters); a KLL or a top-k
//! summary restored from its panes gives results within its documented
//! bound, not always bit-identical ones. On processing time a restart
//! resumes the state, but arrival times differ from run to run. A
//! checkpoint written with other settings, or a corrupt one, is refused
//! with an error that says which.
//!
//! # Example
//!
//! Distinct users per page in tumbling 1 s windows of event time:
//!
//! ```
//! use std::time::Duration;
//! use sketchfold::algebra::MonoidAggregator;
//! use sketchfold::cardinality::{HllParams, HyperLogLog};
//! use sketchfold::stream::sink::CallbackSink;
//! use sketchfold::stream::source::IterSource;
//! use sketchfold::stream::{Job, WindowResult, Windows};
//!
//! // (event time in ms, page, user)
//! let clicks: Vec<(u64, u32, u64)> = (0..3000).map(|i| (i, (i % 3) as u32, i % 70)).collect();
//! let distinct_users = MonoidAggregator::new(
//!     HllParams::new(12)?,
//!     |hll: &mut HyperLogLog, c: &(u64, u32, u64)| hll.insert(&c.2),
//!     |hll: &HyperLogLog| hll.estimate().round() as u64,
//! );
//! let mut windows = Vec::new();
//! let report = Job::new(distinct_users)
//!     .key_by(|c: &(u64, u32, u64)| c.1)
//!     .batch_interval(Duration::from_millis(500))
//!     .windows(Windows::tumbling(Duration::from_secs(1)))
//!     .event_time(|c: &(u64, u32, u64)| c.0, Duration::ZERO)
//!     .partitions(2)
//!     .run(IterSource::new(clicks), Ok, CallbackSink::new(|w: WindowResult<u32, u64>| {
//!         windows.push(w);
//!         Ok(())
//!     }))?;
//! assert_eq!(report.records, 3000);
//! assert_eq!(windows.len(), 3);
//! for w in &windows {
//!     assert_eq!(w.rows.len(), 3, "three pages per window");
//!     assert!(w.rows.iter().all(|(_, users)| *users == 70), "users 0..70 on every page");
//! }
//! # Ok::<(), sketchfold::Error>(())
//! ```

pub mod checkpoint;
mod driver;
mod job;
mod output;
mod pane;
mod reader;
pub mod sink;
pub mod sliding;
mod snapshot;
pub mod source;
mod window;
mod worker;

pub use checkpoint::CheckpointStore;
pub use job::{Job, DEFAULT_MAX_BATCH_RECORDS, DEFAULT_MAX_KEYS};
pub use output::{BatchMetrics, JobReport, WindowResult};
pub use pane::{FixedState, PaneState};
pub use sink::Sink;
pub use sliding::SlidingAggregator;
pub use source::{Source, SourceStatus};
pub use window::{Window, WindowPanes, Windows};
