//! The owning side: one worker's panes of its keys, and the sliding
//! window over them.
//!
//! Partials arrive by pane, as bytes; a pane is complete when the input
//! frontier has passed it. A complete pane's partials are sorted (so the
//! merge order, and with it a KLL's coin flips and which keys overflow the
//! key bound, does not depend on the order messages arrived in), decoded
//! and merged with the algebra, and the pane is pushed, in order, into the core engine's
//! [`SlidingAggregator`] (DABA Lite, or subtraction for groups), the pane
//! beyond the window length is evicted, and a window that ends at the pane
//! is queried and emitted if it holds records. Stretches of panes without
//! records are skipped (the window is reset) instead of pushed one by one.

use std::collections::{BTreeMap, VecDeque};
use std::hash::Hash;
use std::rc::Rc;

use sketchfold::algebra::Monoid;
use sketchfold::codec::ItemCodec;
use sketchfold::stream::sliding::SlidingAggregator;
use sketchfold::stream::{PaneState, WindowPanes};
use sketchfold::{Error, Result};

use crate::checkpoint::Checkpointer;
use crate::partial;
use crate::row::WindowRow;

/// Builds a fresh sliding-window aggregator over panes.
pub(crate) type WindowFactory<K, S> = Rc<dyn Fn() -> Box<dyn SlidingAggregator<PaneState<K, S>>>>;

/// One worker's window state (no timely types: unit-testable alone).
pub(crate) struct WindowState<K, S> {
    panes: WindowPanes,
    max_keys: usize,
    factory: WindowFactory<K, S>,
    window: Box<dyn SlidingAggregator<PaneState<K, S>>>,
    /// Per pane in `window`, oldest first: does it hold records?
    filled: VecDeque<bool>,
    /// Panes in `window` that hold records.
    filled_count: usize,
    /// Partials (bytes) received for panes not pushed yet.
    stash: BTreeMap<u64, Vec<Vec<u8>>>,
    /// The next pane to push; `None` before the first.
    next_pane: Option<u64>,
    checkpointer: Option<Checkpointer>,
}

impl<K, S> WindowState<K, S>
where
    K: ItemCodec + Hash + Eq + Clone + std::fmt::Debug,
    S: ItemCodec + Monoid + Clone,
{
    pub fn new(panes: WindowPanes, max_keys: usize, factory: WindowFactory<K, S>) -> Self {
        WindowState {
            panes,
            max_keys,
            window: factory(),
            factory,
            filled: VecDeque::new(),
            filled_count: 0,
            stash: BTreeMap::new(),
            next_pane: None,
            checkpointer: None,
        }
    }

    /// Saves checkpoints with `checkpointer` from now on.
    pub fn with_checkpointer(mut self, checkpointer: Checkpointer) -> Self {
        self.checkpointer = Some(checkpointer);
        self
    }

    /// Replaces the state by a checkpoint's: every pane before `pane` was
    /// pushed, and `window` holds the window's panes, oldest first.
    pub fn restore(&mut self, pane: u64, window: Vec<PaneState<K, S>>) -> Result<()> {
        self.reset();
        for p in window {
            self.push(p)?;
        }
        self.next_pane = Some(pane);
        if let Some(c) = &mut self.checkpointer {
            c.saved_upto(pane);
        }
        Ok(())
    }

    /// Keeps one partial (bytes from a worker) for `pane`.
    ///
    /// # Errors
    ///
    /// A partial for a pane already pushed (after a restart, an input that
    /// did not start at the resumed pane).
    pub fn receive(&mut self, pane: u64, bytes: Vec<u8>) -> Result<()> {
        if let Some(next) = self.next_pane.filter(|next| pane < *next) {
            return Err(Error::invalid_parameter(
                "pane",
                pane,
                format!(
                    "a pane not yet closed (from {next} on): after a restart, the input \
                     must start at the resumed pane"
                ),
            ));
        }
        self.stash.entry(pane).or_default().push(bytes);
        Ok(())
    }

    /// Pushes every pane before `frontier` (every pane, if the input has
    /// ended: `None`), calling `emit(pane, row)` for the rows of each
    /// window that ends at a pushed pane and holds records.
    ///
    /// # Errors
    ///
    /// A corrupt partial, an incompatible merge, or a checkpoint that
    /// cannot be written.
    pub fn advance(
        &mut self,
        frontier: Option<u64>,
        emit: &mut dyn FnMut(u64, WindowRow<K, S>),
    ) -> Result<()> {
        while let Some(p) = self.next_pane.or_else(|| self.stash.keys().next().copied()) {
            if frontier.is_some_and(|f| p >= f) {
                break;
            }
            if self.filled_count == 0 {
                // Nothing in the window: jump to the next pane with records.
                let target = match (self.stash.keys().next().copied(), frontier) {
                    (Some(q), Some(f)) => q.min(f),
                    (Some(q), None) => q,
                    (None, Some(f)) => f,
                    (None, None) => break,
                };
                if target > p {
                    self.reset();
                    self.next_pane = Some(target);
                    self.save_upto(target)?;
                    continue;
                }
            }
            self.save_upto(p)?;
            let mut parts = self.stash.remove(&p).unwrap_or_default();
            parts.sort_unstable();
            let mut pane = PaneState::new();
            for bytes in &parts {
                partial::merge_into(&mut pane, bytes, self.max_keys)?;
            }
            self.push(pane)?;
            self.next_pane = Some(p + 1);
            if let Some(window) = self.panes.window_ending_with(p) {
                if self.filled_count > 0 {
                    let all = self.window.query()?;
                    for (key, (records, state)) in all.keys {
                        emit(
                            p,
                            WindowRow {
                                window,
                                key: Some(key),
                                records,
                                state,
                            },
                        );
                    }
                    if let Some(state) = all.overflow {
                        emit(
                            p,
                            WindowRow {
                                window,
                                key: None,
                                records: all.overflow_records,
                                state,
                            },
                        );
                    }
                }
            }
        }
        if let Some(f) = frontier {
            // Every pane before `f` is pushed: the state is the one at `f`.
            self.save_upto(f)?;
        }
        Ok(())
    }

    /// True when nothing is left to push or emit.
    pub fn is_done(&self) -> bool {
        self.filled_count == 0 && self.stash.is_empty()
    }

    fn push(&mut self, pane: PaneState<K, S>) -> Result<()> {
        let filled = !pane.is_empty();
        self.window.push(pane)?;
        self.filled.push_back(filled);
        self.filled_count += usize::from(filled);
        while self.window.len() as u64 > self.panes.length {
            self.window.evict()?;
            if self.filled.pop_front() == Some(true) {
                self.filled_count -= 1;
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.window = (self.factory)();
        self.filled.clear();
        self.filled_count = 0;
    }

    /// Saves the checkpoints due up to `pane`: the state now is the one
    /// after every pane before `pane` was pushed.
    fn save_upto(&mut self, pane: u64) -> Result<()> {
        let Some(c) = &mut self.checkpointer else {
            return Ok(());
        };
        for tag in c.due(pane) {
            c.save(tag, &self.window.values())?;
        }
        Ok(())
    }
}
