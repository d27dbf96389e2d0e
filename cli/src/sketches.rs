//! The per-key, per-window state: a record count and the three sketches,
//! folded as one tuple monoid, and what is printed (and saved) of it.

use sketchfold::algebra::{Aggregator, MonoidAggregator};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::codec::Codec;
use sketchfold::frequency::{SpaceSaving, SpaceSavingParams};
use sketchfold::quantiles::{DdSketch, DdSketchParams};

use crate::rank::{parse_rank, Rank};
use crate::record::Record;

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

/// The sketches' parameters, the quantiles printed, and whether each
/// window's sketches are kept for saving.
#[derive(Clone, Debug, PartialEq)]
pub struct SketchParams {
    /// HyperLogLog precision (`2^p` registers).
    pub precision: u8,
    /// DDSketch relative accuracy.
    pub alpha: f64,
    /// DDSketch buckets per sign.
    pub max_buckets: usize,
    /// SpaceSaving counters, if not the default for the printed `k`.
    pub top_capacity: Option<usize>,
    /// The quantiles printed.
    pub ranks: Vec<Rank>,
    /// Whether each window's sketches are encoded for `--save-sketches`.
    pub save: bool,
}

impl Default for SketchParams {
    /// HyperLogLog p = 14 (0.81% standard error), DDSketch at 1% with the
    /// crate's default 2048 buckets a sign (a dynamic range of about 10^17),
    /// SpaceSaving's default capacity, p50/p90/p99, nothing saved.
    fn default() -> Self {
        SketchParams {
            precision: 14,
            alpha: 0.01,
            max_buckets: 2048,
            top_capacity: None,
            ranks: ["0.5", "0.9", "0.99"]
                .iter()
                .map(|r| parse_rank(r).expect("a valid rank"))
                .collect(),
            save: false,
        }
    }
}

impl SketchParams {
    /// SpaceSaving counters kept for `enabled`'s printed `k`: the given
    /// capacity, else ten times `k` (at least 100), so that the printed
    /// counts are exact unless the field has more distinct values than
    /// that in a window.
    pub fn top_capacity(&self, enabled: Enabled) -> usize {
        match (self.top_capacity, enabled.top_k) {
            (Some(c), _) => c,
            (None, Some(k)) => (k * 10).max(100),
            (None, None) => 1,
        }
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
    /// The quantiles at the job's ranks, if the sketch has values.
    pub quantiles: Option<Vec<f64>>,
    /// The enabled sketches' bytes by column (`distinct`, `top`,
    /// `quantiles`), when the job saves them.
    pub sketches: Vec<(&'static str, Vec<u8>)>,
}

/// The aggregator of a job feeding the `enabled` sketches with `params`.
///
/// # Errors
///
/// The sketches' parameter checks (a precision, alpha or bucket count out
/// of range) are passed on. The aggregator's insert passes on what a sketch
/// refuses (a count past its limit; the parser already refuses NaN and
/// infinities).
pub fn aggregator(
    enabled: Enabled,
    params: &SketchParams,
) -> sketchfold::Result<
    impl Aggregator<Input = Record, State = State, Output = Summary> + Send + Sync + 'static,
> {
    let sketch_params = (
        (),
        HllParams::new(params.precision)?,
        SpaceSavingParams::new(params.top_capacity(enabled))?,
        DdSketchParams::new(params.alpha)?.with_max_buckets(params.max_buckets)?,
    );
    let ranks: Vec<f64> = params.ranks.iter().map(|r| r.value).collect();
    let save = params.save;
    Ok(MonoidAggregator::new(
        sketch_params,
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
        move |s: &State| present(enabled, &ranks, save, s),
    ))
}

/// What is printed of `s`: the enabled sketches' answers, and their bytes
/// if `save`.
fn present(enabled: Enabled, ranks: &[f64], save: bool, s: &State) -> Summary {
    let mut sketches = Vec::new();
    if save {
        if enabled.distinct {
            sketches.push(("distinct", s.1.encode()));
        }
        if enabled.top_k.is_some() {
            sketches.push(("top", s.2.encode()));
        }
        if enabled.quantiles {
            sketches.push(("quantiles", s.3.encode()));
        }
    }
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
            s.3.quantiles(ranks).ok().flatten()
        } else {
            None
        },
        sketches,
    }
}
