//! [`SketchWindows`]: what to fold, by which key, over which windows;
//! built into a worker's dataflow.

use std::hash::Hash;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use sketchfold::algebra::{Aggregator, Commutative, Group};
use sketchfold::codec::ItemCodec;
use sketchfold::stream::sliding::{Daba, Subtracting};
use sketchfold::stream::{PaneState, Windows, DEFAULT_MAX_KEYS};
use sketchfold::Result;
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::StreamVec;

use crate::checkpoint::{resume_pane, Checkpointer, Fingerprint};
use crate::errors::ErrorSlot;
use crate::fold::{fold, KeyFn};
use crate::partial::Partial;
use crate::row::WindowRow;
use crate::window::{WindowFactory, WindowState};

/// Checkpoints kept per worker unless told otherwise.
const DEFAULT_KEEP: usize = 3;

/// Window algorithm codes (in checkpoints).
const DABA: u8 = 0;
const SUBTRACTION: u8 = 1;

/// A windowed aggregation on timely dataflow; see the [crate documentation](crate).
///
/// Built on every worker with the same settings (timely builds the same
/// dataflow on every worker), then [`build`](SketchWindows::build) over
/// that worker's [`PaneInput`](crate::PaneInput) stream.
pub struct SketchWindows<A: Aggregator, K> {
    aggregator: Rc<A>,
    key: KeyFn<A::Input, K>,
    interval: Duration,
    windows: Option<Windows>,
    max_keys: usize,
    factory: WindowFactory<K, A::State>,
    algorithm: u8,
    checkpoint: Option<(PathBuf, u64)>,
    keep: usize,
}

impl<A, K> SketchWindows<A, K>
where
    A: Aggregator + 'static,
    A::Input: Sized + 'static,
    A::State: ItemCodec + Clone + 'static,
    K: ItemCodec + Hash + Eq + Clone + std::fmt::Debug + 'static,
{
    /// Folds records with `aggregator` per `key` (use `|_| ()` for one
    /// global aggregate), in batches and tumbling windows of one second,
    /// with DABA Lite sliding windows.
    pub fn new<F>(aggregator: A, key: F) -> Self
    where
        F: Fn(&A::Input) -> K + 'static,
    {
        SketchWindows {
            aggregator: Rc::new(aggregator),
            key: Rc::new(key),
            interval: Duration::from_secs(1),
            windows: None,
            max_keys: DEFAULT_MAX_KEYS,
            factory: Rc::new(|| Box::new(Daba::<PaneState<K, A::State>>::new(()))),
            algorithm: DABA,
            checkpoint: None,
            keep: DEFAULT_KEEP,
        }
    }

    /// The batch interval, which is the pane: one timely epoch per pane.
    /// Window lengths and slides are multiples of it. Default one second.
    pub fn batch_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The windows to emit. Default: tumbling windows of one batch interval.
    pub fn windows(mut self, windows: Windows) -> Self {
        self.windows = Some(windows);
        self
    }

    /// At most this many keys per pane in each worker's fold and in each
    /// owner's pane; the records of further keys fold into the overflow
    /// state (a row with key `None`). Default
    /// [`DEFAULT_MAX_KEYS`](sketchfold::stream::DEFAULT_MAX_KEYS).
    pub fn max_keys(mut self, max_keys: usize) -> Self {
        self.max_keys = max_keys;
        self
    }

    /// Every `every_panes` panes, each worker saves its sliding window into
    /// a [`CheckpointStore`](sketchfold::stream::CheckpointStore) under
    /// `dir` (one per worker, keeping the newest
    /// [`keep_checkpoints`](Self::keep_checkpoints)), and
    /// [`build`](Self::build) resumes from the latest pane every worker has
    /// saved; see the [crate documentation](crate#no-recovery-in-timely-restarts-from-checkpoints).
    pub fn checkpoint(mut self, dir: impl Into<PathBuf>, every_panes: u64) -> Self {
        self.checkpoint = Some((dir.into(), every_panes));
        self
    }

    /// Checkpoints kept per worker (default 3); used with
    /// [`checkpoint`](Self::checkpoint). [`build`](Self::build) refuses 0.
    pub fn keep_checkpoints(mut self, keep: usize) -> Self {
        self.keep = keep;
        self
    }

    /// Builds the job into the dataflow of `records` (a worker's
    /// [`PaneInput`](crate::PaneInput) stream): a fold of this worker's
    /// records per pane and key, an exchange of the partials by key as
    /// bytes, and this worker's sliding windows over the merged panes of
    /// the keys it owns.
    ///
    /// # Errors
    ///
    /// An invalid window shape or interval; with checkpoints, a period or
    /// a number kept of 0, a store that cannot be read, or checkpoints
    /// written with other settings or another number of workers.
    pub fn build<'scope>(
        self,
        records: StreamVec<'scope, u64, A::Input>,
    ) -> Result<Built<'scope, K, A::State>> {
        let interval = self.interval;
        let panes = self
            .windows
            .unwrap_or(Windows::tumbling(interval))
            .in_panes(interval)?;
        let scope = records.scope();
        let mut state = WindowState::new(panes, self.max_keys, self.factory);
        let mut resumed = None;
        if let Some((dir, every)) = &self.checkpoint {
            let fingerprint = Fingerprint {
                pane_ms: panes.pane_ms,
                length: panes.length,
                slide: panes.slide,
                max_keys: self.max_keys as u64,
                peers: scope.peers() as u64,
                index: scope.index() as u64,
                algorithm: self.algorithm,
            };
            let checkpointer = Checkpointer::open(dir, fingerprint, *every, self.keep)?;
            resumed = resume_pane(dir, scope.peers())?;
            let window = match resumed {
                Some(pane) => Some((pane, checkpointer.load(pane)?)),
                None => None,
            };
            state = state.with_checkpointer(checkpointer);
            if let Some((pane, window)) = window {
                state.restore(pane, window)?;
            }
        }
        let errors = ErrorSlot::default();
        let partials = fold(
            records,
            self.aggregator,
            self.key,
            self.max_keys,
            errors.clone(),
        );
        let rows = windows(partials, state, errors.clone());
        Ok(Built {
            rows,
            resumed_at: resumed,
            errors,
        })
    }
}

impl<A, K> SketchWindows<A, K>
where
    A: Aggregator + 'static,
    A::Input: Sized + 'static,
    A::State: Group + Commutative + ItemCodec + Clone + 'static,
    K: ItemCodec + Hash + Eq + Clone + std::fmt::Debug + 'static,
{
    /// Sliding windows evict the oldest pane by subtracting it from a
    /// running total (the core engine's
    /// [`Subtracting`](sketchfold::stream::sliding::Subtracting)) instead of
    /// DABA Lite; only for group states (Count-Min, DDSketch, counts).
    pub fn subtract_on_evict(mut self) -> Self {
        self.factory = Rc::new(|| Box::new(Subtracting::<PaneState<K, A::State>>::new(())));
        self.algorithm = SUBTRACTION;
        self
    }
}

/// What [`SketchWindows::build`] gives back.
pub struct Built<'scope, K, S> {
    /// The rows of the windows whose keys this worker owns, each at the
    /// timestamp of its window's last pane.
    pub rows: StreamVec<'scope, u64, WindowRow<K, S>>,
    /// The pane the job resumed from (with checkpoints): the input must
    /// start there (call [`PaneInput::advance_to_pane`](crate::PaneInput::advance_to_pane)
    /// with it before sending), and windows ending before it are not emitted
    /// again. `None` for a fresh start.
    pub resumed_at: Option<u64>,
    /// The first error of this worker's operators; check it while stepping.
    pub errors: ErrorSlot,
}

/// The owning operator: partials exchanged by route, merged per pane, slid.
fn windows<'scope, K, S>(
    partials: StreamVec<'scope, u64, Partial>,
    state: WindowState<K, S>,
    errors: ErrorSlot,
) -> StreamVec<'scope, u64, WindowRow<K, S>>
where
    K: ItemCodec + Hash + Eq + Clone + std::fmt::Debug + 'static,
    S: ItemCodec + sketchfold::algebra::Monoid + Clone + 'static,
{
    partials.unary_frontier::<CapacityContainerBuilder<Vec<WindowRow<K, S>>>, _, _, _>(
        Exchange::new(|p: &Partial| p.0),
        "SketchfoldWindows",
        move |cap, _| {
            let mut live = Some((cap, state));
            move |(input, frontier), output| {
                let Some((cap, state)) = &mut live else {
                    // Failed: drain and drop.
                    input.for_each_stamp(|_, _| {});
                    return;
                };
                let mut failure = None;
                input.for_each_stamp(|stamp, batches| {
                    let Some(&pane) = stamp.least() else { return };
                    for batch in batches {
                        for (_, bytes) in batch.drain(..) {
                            if failure.is_none() {
                                failure = state.receive(pane, bytes).err();
                            }
                        }
                    }
                });
                let front = frontier.frontier().first().copied();
                let mut rows = Vec::new();
                if failure.is_none() {
                    failure = state
                        .advance(front, &mut |pane, row| rows.push((pane, row)))
                        .err();
                }
                let mut rows = rows.into_iter().peekable();
                while let Some((pane, row)) = rows.next() {
                    let at = cap.delayed(&pane);
                    let mut session = output.session(&at);
                    session.give(row);
                    while let Some((_, row)) = rows.next_if(|(p, _)| *p == pane) {
                        session.give(row);
                    }
                }
                if let Some(e) = failure {
                    errors.set(e);
                    live = None;
                    return;
                }
                match front {
                    Some(f) if f > *cap.time() => cap.downgrade(&f),
                    Some(_) => {}
                    None if state.is_done() => live = None,
                    None => {}
                }
            }
        },
    )
}
