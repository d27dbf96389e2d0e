//! sketchfold's monoids on [timely dataflow](https://docs.rs/timely): the
//! core engine's windows (`sketchfold::stream`), on N workers in one
//! process or in N processes.
//!
//! # Overview
//!
//! A [`SketchWindows`] job folds records into any
//! [`Aggregator`](sketchfold::algebra::Aggregator) whose state is a monoid
//! (a sketch, or a tuple of sketches), per key, over tumbling or sliding
//! [`Windows`](sketchfold::stream::Windows) of event time. On each worker:
//!
//! ```text
//! PaneInput (records at the epoch of their pane)
//!   -> fold: this worker's records into per-pane, per-key partial states
//!   -> exchange: each key's partial, as bytes, to the worker owning the key
//!   -> windows: partials merged per pane, panes slid, rows emitted
//! ```
//!
//! - **A timely epoch is a micro-batch.** The timestamp of a record is its
//!   *pane*: its event time divided by the batch interval. A
//!   [`PaneInput`] sends records at their pane and advances as the
//!   worker's data does; timely's frontier says when every worker is past a
//!   pane, and only then is the pane's fold complete.
//! - **Partials travel as the crate's own versioned bytes.** When the
//!   frontier passes a pane, each worker encodes every key's partial state
//!   ([`ItemCodec`](sketchfold::codec::ItemCodec): for a sketch, its
//!   [`Codec`](sketchfold::codec::Codec) bytes with family tag and format
//!   version) and exchanges it to the key's owner (XXH3 of the key's
//!   bytes, modulo the workers: the same owner in every process). Records
//!   themselves never leave their worker.
//! - **Merged with the algebra.** The owner decodes the partials of a pane,
//!   sorted by their bytes (so the merge order does not depend on the
//!   order messages arrived in), and merges them into one
//!   [`PaneState`](sketchfold::stream::PaneState), the core engine's pane,
//!   with its key bound and overflow state.
//! - **Windows slide with the core engine's algorithm.** Complete panes
//!   are pushed into a [`SlidingAggregator`](sketchfold::stream::sliding::SlidingAggregator):
//!   DABA Lite ([`Daba`](sketchfold::stream::sliding::Daba)) by default, at
//!   most 6 merges a slide, or
//!   [`Subtracting`](sketchfold::stream::sliding::Subtracting) with
//!   [`subtract_on_evict`](SketchWindows::subtract_on_evict) for group
//!   states. A window is emitted when its last pane is pushed, if it holds
//!   records, as one [`WindowRow`] per key, at the timestamp of that pane.
//!
//! # Results
//!
//! Windows are the same for 1 worker, N workers in one process and N
//! processes: `tests/windows.rs` and `tests/two_processes.rs` check that
//! every window equals a sequential fold of its records, bit for bit, for
//! HyperLogLog, Count-Min, SpaceSaving (while it monitors every item) and
//! DDSketch, with DABA Lite and with subtraction. KLL's merge is exact
//! only within its rank error bound: its windows are checked against the
//! exact ranks, and, because merges happen in a fixed order, two processes
//! give bit for bit the windows of two workers in one process.
//!
//! # Running N workers and N processes
//!
//! Timely's configuration decides: `timely::Config::process(n)` or `-w N`
//! for N threads in one process; `-n N -p I -h HOSTFILE` for process `I` of
//! `N`, where the host file has one `host:port` line per process (see
//! `examples/distinct_users.rs` and this crate's README for a 2-process job
//! on 127.0.0.1). Every worker runs the same dataflow; each reads its own
//! share of the input (a partition of a topic, a file, every N-th line)
//! into its [`PaneInput`], advances it, and closes it at the end.
//!
//! # No recovery in timely; restarts from checkpoints
//!
//! Timely dataflow has no fault tolerance: if a worker or a process dies,
//! the whole job stops (the other processes fail on the closed connection)
//! and its in-memory state is gone. What this crate adds is a restart:
//! with [`checkpoint`](SketchWindows::checkpoint), every worker saves its
//! sliding window every `n` panes into the core engine's
//! [`CheckpointStore`](sketchfold::stream::CheckpointStore) (atomic,
//! checksummed files) in `DIR/worker-I-of-N`. A job started again with the
//! same settings and the same number of workers finds the latest pane every
//! worker has saved ([`resume_pane`]), restores each worker's window, and
//! reports that pane in [`Built::resumed_at`]; the input must then start
//! at that pane (every record of a later pane is sent again, none of an
//! earlier one).
//!
//! What that guarantees, and what not:
//!
//! - every window that ends after the resumed pane is emitted, and for
//!   exact merges it is bit for bit the window an uninterrupted run emits
//!   (`tests/two_processes.rs` kills a two-process job mid-stream and
//!   checks it for HyperLogLog, Count-Min, SpaceSaving and DDSketch, with
//!   DABA Lite and with subtraction); a KLL restored from its panes is not
//!   always bit for bit the uninterrupted run's (the windows are merged in
//!   another grouping), only within its bound;
//! - windows emitted between the checkpoint and the crash are emitted
//!   again: output is at least once;
//! - replaying the input from the resumed pane is the caller's job (a file
//!   or a log with offsets can; a socket cannot);
//! - all workers' stores must be readable by every process (one machine,
//!   or a shared file system), and the job must restart with the same
//!   window shape, batch interval, key bound, algorithm and number of
//!   workers: a checkpoint of other settings is refused with an error
//!   naming them.
//!
//! # Errors
//!
//! Operators cannot return errors, so a worker's operators keep their
//! first one (a record the aggregator refuses, a corrupt partial, an
//! incompatible merge, a checkpoint that could not be written) in the
//! [`ErrorSlot`] of [`Built::errors`], drop
//! their state and let the dataflow end; check it while stepping.
//!
//! # Example
//!
//! Distinct users per page in tumbling 1 s windows, on two worker threads:
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use std::time::Duration;
//! use sketchfold::algebra::MonoidAggregator;
//! use sketchfold::cardinality::{HllParams, HyperLogLog};
//! use sketchfold::stream::Windows;
//! use sketchfold_timely::{PaneInput, SketchWindows};
//! use timely::dataflow::operators::{Inspect, Probe};
//! use timely::dataflow::ProbeHandle;
//!
//! // (event time in ms, page, user)
//! type Click = (u64, u32, u64);
//! let rows = Arc::new(Mutex::new(Vec::new()));
//! let seen = Arc::clone(&rows);
//! timely::execute(timely::Config::process(2), move |worker| {
//!     let probe = ProbeHandle::new();
//!     let seen = Arc::clone(&seen);
//!     let (mut input, errors) = worker.dataflow::<u64, _, _>(|scope| {
//!         let (input, clicks) = PaneInput::new(scope, Duration::from_millis(500)).unwrap();
//!         let distinct_users = MonoidAggregator::new(
//!             HllParams::new(12).unwrap(),
//!             |hll: &mut HyperLogLog, c: &Click| hll.insert(&c.2),
//!             |hll: &HyperLogLog| hll.estimate().round() as u64,
//!         );
//!         let built = SketchWindows::new(distinct_users, |c: &Click| c.1)
//!             .batch_interval(Duration::from_millis(500))
//!             .windows(Windows::tumbling(Duration::from_secs(1)))
//!             .build(clicks)
//!             .unwrap();
//!         built
//!             .rows
//!             .inspect(move |row| {
//!                 let users = row.state.estimate().round() as u64;
//!                 seen.lock().unwrap().push((row.window.start_ms, row.key, users));
//!             })
//!             .probe_with(&probe);
//!         (input, built.errors)
//!     });
//!     // Each worker sends its share: the clicks of even or odd times.
//!     let (index, peers) = (worker.index() as u64, worker.peers() as u64);
//!     for t in (index..3000).step_by(peers as usize) {
//!         input.send(t, (t, (t % 3) as u32, t % 70));
//!         input.advance_to(t);
//!     }
//!     input.close();
//!     while !probe.done() {
//!         worker.step();
//!         errors.check().unwrap();
//!     }
//! })
//! .unwrap();
//!
//! let rows = rows.lock().unwrap();
//! assert_eq!(rows.len(), 9, "3 windows x 3 pages");
//! assert!(rows.iter().all(|(_, _, users)| *users == 70));
//! ```

mod checkpoint;
mod errors;
mod fold;
mod input;
mod job;
mod partial;
mod row;
mod window;

pub use checkpoint::resume_pane;
pub use errors::ErrorSlot;
pub use input::PaneInput;
pub use job::{Built, SketchWindows};
pub use row::WindowRow;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
