//! A partition worker: folds chunks of records into per-pane partial
//! states, and owns one key partition's sliding window.
//!
//! Every worker plays two roles, in the order its messages arrive:
//! - fold: records (any key) arrive in chunks; each is folded into the
//!   partial state of its pane;
//! - own: when panes close, the driver hands worker `j` every worker's
//!   partial for the keys of partition `j`; the worker merges them into the
//!   pane, pushes the pane into its sliding window and, at the end of a
//!   window, presents the window's per-key results.

use std::collections::BTreeMap;
use std::hash::Hash;
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use crate::algebra::{Aggregator, Semigroup};
use crate::error::{Error, Result};

use super::job::KeyFn;
use super::pane::PaneState;
use super::sliding::SlidingAggregator;

/// Builds the sliding-window aggregator a worker owns.
pub(crate) type WindowFactory<K, S> =
    Arc<dyn Fn() -> Box<dyn SlidingAggregator<PaneState<K, S>> + Send> + Send + Sync>;

/// What the driver asks of a worker.
pub(crate) enum ToWorker<R, K, S> {
    /// Fold these records; each is `(pane, record)`.
    Fold(Vec<(u64, R)>),
    /// Hand back the partials of every pane before `upto`, split by partition.
    Close { upto: u64 },
    /// Own role: merge this pane's partials, push it, evict beyond the
    /// window length and, if `emit`, present the window.
    Push {
        parts: Vec<PaneState<K, S>>,
        emit: bool,
    },
    /// Own role: empty the sliding window (every pane in it was empty).
    Reset,
    /// Copy out the open partials and the sliding window's panes.
    Snapshot,
    /// Replace the open partials and the window's panes (a restart).
    Restore {
        open: Vec<(u64, PaneState<K, S>)>,
        window: Vec<PaneState<K, S>>,
    },
}

/// A window's result from one partition: presented rows, and the raw
/// overflow state (merged across partitions by the driver) with its records.
pub(crate) type PartitionRows<K, O, S> = (Vec<(K, O)>, Option<(u64, S)>);

/// What a worker answers.
pub(crate) enum FromWorker<K, S, O> {
    /// Per closed pane, one partial per partition.
    Closed(Vec<(u64, Vec<PaneState<K, S>>)>),
    /// A pane was pushed: its key count, its overflow records, and the
    /// window result if asked.
    Pushed {
        keys: u64,
        overflow: u64,
        result: Option<PartitionRows<K, O, S>>,
    },
    /// The open partials and the window's panes, oldest first.
    Snapshot {
        open: Vec<(u64, PaneState<K, S>)>,
        window: Vec<PaneState<K, S>>,
    },
    /// A restore finished.
    Restored,
    /// A merge failed; the job stops with this error.
    Failed(Error),
}

/// A worker's answer to one message, if it has one.
type Reply<K, S, O> = Result<Option<FromWorker<K, S, O>>>;

/// One worker's settings.
pub(crate) struct WorkerSetup<A: Aggregator, K> {
    pub aggregator: Arc<A>,
    pub key: KeyFn<A::Input, K>,
    pub partitions: usize,
    pub max_keys: usize,
    pub window_panes: usize,
    pub window: WindowFactory<K, A::State>,
}

/// The worker thread's body: answers messages until the driver hangs up.
pub(crate) fn run_worker<A, R, K>(
    setup: WorkerSetup<A, K>,
    inbox: Receiver<ToWorker<R, K, A::State>>,
    outbox: SyncSender<FromWorker<K, A::State, A::Output>>,
) where
    A: Aggregator<Input = R>,
    A::State: Clone,
    K: Hash + Eq + Clone + std::fmt::Debug,
{
    let mut worker = Worker {
        window: (setup.window)(),
        open: BTreeMap::new(),
        setup,
    };
    for msg in inbox {
        let reply = match worker.handle(msg) {
            Ok(None) => continue,
            Ok(Some(reply)) => reply,
            Err(e) => FromWorker::Failed(e),
        };
        if outbox.send(reply).is_err() {
            return;
        }
    }
}

struct Worker<A: Aggregator, K> {
    setup: WorkerSetup<A, K>,
    open: BTreeMap<u64, PaneState<K, A::State>>,
    window: Box<dyn SlidingAggregator<PaneState<K, A::State>> + Send>,
}

impl<A, R, K> Worker<A, K>
where
    A: Aggregator<Input = R>,
    A::State: Clone,
    K: Hash + Eq + Clone + std::fmt::Debug,
{
    fn handle(&mut self, msg: ToWorker<R, K, A::State>) -> Reply<K, A::State, A::Output> {
        match msg {
            ToWorker::Fold(records) => {
                self.fold(&records)?;
                Ok(None)
            }
            ToWorker::Close { upto } => {
                let later = self.open.split_off(&upto);
                let closed = std::mem::replace(&mut self.open, later);
                let parts = self.setup.partitions;
                Ok(Some(FromWorker::Closed(
                    closed
                        .into_iter()
                        .map(|(pane, state)| (pane, state.split(parts)))
                        .collect(),
                )))
            }
            ToWorker::Push { parts, emit } => self.push(parts, emit).map(Some),
            ToWorker::Reset => {
                self.window = (self.setup.window)();
                Ok(None)
            }
            ToWorker::Snapshot => Ok(Some(FromWorker::Snapshot {
                open: self.open.iter().map(|(p, s)| (*p, s.clone())).collect(),
                window: self.window.values().into_iter().cloned().collect(),
            })),
            ToWorker::Restore { open, window } => {
                self.open = open.into_iter().collect();
                self.window = (self.setup.window)();
                for pane in window {
                    self.window.push(pane)?;
                }
                Ok(Some(FromWorker::Restored))
            }
        }
    }

    /// Folds a chunk, one run of equal panes at a time (records arrive
    /// mostly in pane order, so the pane map is looked up once per run).
    /// A record the aggregator refuses stops the fold with its error,
    /// which stops the job.
    fn fold(&mut self, records: &[(u64, R)]) -> Result<()> {
        let agg = &*self.setup.aggregator;
        let key = &*self.setup.key;
        let max_keys = self.setup.max_keys;
        let mut rest = records;
        while let Some(&(pane, _)) = rest.first() {
            let run = rest.iter().take_while(|(p, _)| *p == pane).count();
            let state = self.open.entry(pane).or_default();
            for (_, record) in &rest[..run] {
                let slot = state.slot(key(record), max_keys, || agg.empty());
                agg.insert(slot, record)?;
            }
            rest = &rest[run..];
        }
        Ok(())
    }

    fn push(
        &mut self,
        parts: Vec<PaneState<K, A::State>>,
        emit: bool,
    ) -> Result<FromWorker<K, A::State, A::Output>> {
        let mut parts = parts.into_iter();
        let mut pane = parts.next().unwrap_or_else(PaneState::new);
        for part in parts {
            pane.merge_bounded(&part, self.setup.max_keys)?;
        }
        let keys = pane.keys.len() as u64;
        let overflow = pane.overflow_records;
        self.window.push(pane)?;
        while self.window.len() > self.setup.window_panes {
            self.window.evict()?;
        }
        let result = if emit {
            let all = self.window.query()?;
            let agg = &*self.setup.aggregator;
            let rows = all
                .keys
                .iter()
                .map(|(k, (_, s))| (k.clone(), agg.present(s)))
                .collect();
            Some((rows, all.overflow.map(|o| (all.overflow_records, o))))
        } else {
            None
        };
        Ok(FromWorker::Pushed {
            keys,
            overflow,
            result,
        })
    }
}

/// Merges `other` into `acc`, for the overflow states of several partitions.
pub(crate) fn merge_optional<S: Semigroup + Clone>(acc: &mut Option<S>, other: &S) -> Result<()> {
    match acc {
        Some(a) => a.merge(other),
        None => {
            *acc = Some(other.clone());
            Ok(())
        }
    }
}
