//! The per-key, per-window state: a record count and the three sketches,
//! folded as one tuple monoid, and what is printed of it.

use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::frequency::{SpaceSaving, SpaceSavingParams};
use sketchfold::quantiles::{DdSketch, DdSketchParams};

use crate::record::Record;

/// HyperLogLog precision: 2^14 registers, 0.81% standard error.
pub const HLL_PRECISION: u8 = 14;

/// DDSketch relative accuracy.
pub const DDSKETCH_ALPHA: f64 = 0.01;

/// DDSketch buckets a sign (the crate's default: a dynamic range of about
/// 10^17 at 1%).
pub const DDSKETCH_BUCKETS: usize = 2048;

/// The quantiles printed.
pub const QUANTILES: [f64; 3] = [0.5, 0.9, 0.99];

/// Events, distinct values, heavy hitters, quantiles. A sketch that is not
/// asked for stays empty (a few bytes) and is never printed.
pub type State = (u64, HyperLogLog, SpaceSaving<String>, DdSketch);

/// Which sketches a job feeds and prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enabled {
    /// Distinct count of the distinct field.
    pub distinct: bool,
    /// How many heavy hitters of the top field to print, if any.
    pub top_k: Option<usize>,
    /// Quantiles of the numeric field.
    pub quantiles: bool,
}

impl Enabled {
    /// SpaceSaving counters kept for `k` printed items: ten times as many
    /// (at least 100), so that the printed counts are exact unless the field
    /// has more distinct values than that in a window.
    pub fn top_capacity(&self) -> usize {
        self.top_k.map_or(1, |k| (k * 10).max(100))
    }
}

/// What is printed for one key in one window.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Records of the key in the window.
    pub events: u64,
    /// Estimated distinct values (rounded).
    pub distinct: Option<u64>,
    /// The most frequent values with their SpaceSaving counts (upper bounds,
    /// exact while the summary has not evicted), largest first.
    pub top: Option<Vec<(String, u64)>>,
    /// p50, p90 and p99, if the sketch has values.
    pub quantiles: Option<[f64; 3]>,
}

/// The aggregator of a job feeding the `enabled` sketches.
///
/// # Errors
///
/// Never with the constants above; the sketches' parameter checks are
/// passed on. The aggregator's insert passes on what a sketch refuses (a
/// count past its limit; the parser already refuses NaN and infinities).
pub fn aggregator(
    enabled: Enabled,
) -> sketchfold::Result<
    impl Aggregator<Input = Record, State = State, Output = Summary> + Send + Sync + 'static,
> {
    let params = (
        (),
        HllParams::new(HLL_PRECISION)?,
        SpaceSavingParams::new(enabled.top_capacity())?,
        DdSketchParams::new(DDSKETCH_ALPHA)?.with_max_buckets(DDSKETCH_BUCKETS)?,
    );
    Ok(MonoidAggregator::new(
        params,
        move |s: &mut State, r: &Record| -> sketchfold::Result<()> {
            // The inserts that can refuse first, so a refusal leaves the
            // count and the distinct values as they were.
            if let Some(x) = r.value {
                s.3.insert(x)?;
            }
            if let Some(v) = &r.top {
                s.2.insert(v.as_str())?;
            }
            s.0 += 1;
            if let Some(v) = &r.distinct {
                s.1.insert(v.as_str());
            }
            Ok(())
        },
        move |s: &State| present(enabled, s),
    ))
}

/// What is printed of `s`: the enabled sketches' answers.
fn present(enabled: Enabled, s: &State) -> Summary {
    Summary {
        events: s.0,
        distinct: enabled.distinct.then(|| s.1.estimate().round() as u64),
        top: enabled.top_k.map(|k| {
            s.2.top(k)
                .into_iter()
                .map(|(item, bounds)| (item.clone(), bounds.upper))
                .collect()
        }),
        quantiles: if enabled.quantiles {
            s.3.quantiles(&QUANTILES)
                .ok()
                .flatten()
                .map(|q| [q[0], q[1], q[2]])
        } else {
            None
        },
    }
}
