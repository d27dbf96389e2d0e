//! The folding side: each worker folds its own records into per-key
//! partial states of their pane and, once the frontier has passed the
//! pane, sends every key's partial (as bytes) to the worker that owns it.

use std::collections::BTreeMap;
use std::hash::Hash;
use std::rc::Rc;

use sketchfold::algebra::Aggregator;
use sketchfold::codec::ItemCodec;
use sketchfold::stream::PaneState;
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::Capability;
use timely::dataflow::StreamVec;

use crate::errors::ErrorSlot;
use crate::partial::{self, Partial};

/// The key function of a job.
pub(crate) type KeyFn<R, K> = Rc<dyn Fn(&R) -> K>;

/// Open panes of one worker's fold: the capability to send each pane's
/// partials, and the partials.
type OpenPanes<K, S> = BTreeMap<u64, (Capability<u64>, PaneState<K, S>)>;

/// Folds `records` (timestamped by pane) into per-pane, per-key partials,
/// at most `max_keys` keys a pane (further keys fold into the overflow),
/// and emits each pane's partials once the input frontier has passed it.
/// A record the aggregator refuses puts its error in `errors`; the fold
/// then drops its panes and capabilities and ignores further input.
pub(crate) fn fold<'scope, A, K>(
    records: StreamVec<'scope, u64, A::Input>,
    aggregator: Rc<A>,
    key: KeyFn<A::Input, K>,
    max_keys: usize,
    errors: ErrorSlot,
) -> StreamVec<'scope, u64, Partial>
where
    A: Aggregator + 'static,
    A::Input: Sized + 'static,
    A::State: ItemCodec + Clone + 'static,
    K: ItemCodec + Hash + Eq + Clone + 'static,
{
    records.unary_frontier::<CapacityContainerBuilder<Vec<Partial>>, _, _, _>(
        Pipeline,
        "SketchfoldFold",
        move |_, _| {
            let mut open: OpenPanes<K, A::State> = BTreeMap::new();
            let mut failed = false;
            move |(input, frontier), output| {
                let mut failure = None;
                input.for_each_stamp(|cap, batches| {
                    if failed || failure.is_some() {
                        return;
                    }
                    let Some(&pane) = cap.least() else { return };
                    let (_, state) = match open.entry(pane) {
                        std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                        std::collections::btree_map::Entry::Vacant(v) => {
                            match cap.retain_least(output.output_index()) {
                                Some(c) => v.insert((c, PaneState::new())),
                                None => return,
                            }
                        }
                    };
                    for batch in batches {
                        for record in batch.iter() {
                            let slot = state.slot(key(record), max_keys, || aggregator.empty());
                            if let Err(e) = aggregator.insert(slot, record) {
                                failure = Some(e);
                                return;
                            }
                        }
                    }
                });
                if let Some(e) = failure {
                    errors.set(e);
                    failed = true;
                    open.clear();
                }
                if failed {
                    return;
                }
                while let Some(entry) = open.first_entry() {
                    if frontier.less_equal(entry.key()) {
                        break;
                    }
                    let (cap, pane) = entry.remove();
                    output.session(&cap).give_iterator(partial::split(&pane));
                }
            }
        },
    )
}
