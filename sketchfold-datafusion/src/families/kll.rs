//! KLL quantiles: `kll_agg(value [, k])`, `kll_merge(sketch)`,
//! `kll_quantile(sketch, rank)`.

use std::mem::size_of;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::hash::StableHash;
use sketchfold::quantiles::kll::{DEFAULT_K, DEFAULT_SEED};
use sketchfold::quantiles::Kll;

use crate::error::exec;
use crate::family::{Family, Rows};
use crate::input::{number_type, NUMBER_TYPES};
use crate::params::{Param, Values};
use crate::scalar::{answer_per_number, Arg, Query, Sketches};

/// Quantiles within a rank error (`DOUBLE` values).
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct KllFamily;

impl Family for KllFamily {
    type Sketch = Kll<f64>;
    /// `k`, checked.
    type Params = u16;
    const PREFIX: &'static str = "kll";
    const PARAMS: &'static [Param] = &[Param::int("k")];
    const VALUE_TYPES: &'static str = NUMBER_TYPES;
    const MERGE_ORDER_MATTERS: bool = true;

    fn value_type(t: &DataType) -> Option<DataType> {
        number_type(t)
    }

    fn params(values: &Values<'_>) -> Result<u16> {
        let k = values.int(0, i64::from(DEFAULT_K), 0..=i64::from(u16::MAX))? as u16;
        Kll::<f64>::try_new(k).map_err(|e| values.invalid(e))?;
        Ok(k)
    }

    fn empty(k: &u16) -> Kll<f64> {
        Kll::new(*k)
    }

    /// Each partial sketch seeds its compaction coins from its first
    /// value, so that partials merged together compact independently (as
    /// [`KllParams::with_seed`](sketchfold::quantiles::KllParams::with_seed)
    /// advises) while a sketch stays a deterministic
    /// function of its input.
    fn update(
        function: &str,
        sketches: &mut [Kll<f64>],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()> {
        rows.each_number(function, sketches, values, |sketch, row, x| {
            if sketch.is_empty() {
                *sketch = Kll::with_params(sketch.params().with_seed(x.stable_hash(DEFAULT_SEED)));
            }
            sketch
                .insert(x)
                .map_err(|e| exec(function, format!("value in row {row}"), e))
        })
    }

    fn heap_size(sketch: &Kll<f64>) -> usize {
        // The retained items, and as much again for the cached sorted view
        // (items and weights).
        sketch.retained() * (2 * size_of::<f64>() + size_of::<u64>())
    }
}

/// `kll_quantile(sketch, rank)`: the value at `rank` in `[0, 1]`, `DOUBLE`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct KllQuantile;

impl Query for KllQuantile {
    type Sketch = Kll<f64>;
    const NAME: &'static str = "kll_quantile";
    const ARG: Option<Arg> = Some(Arg::Number("rank"));

    fn return_type() -> DataType {
        DataType::Float64
    }

    fn answer(
        sketches: &Sketches<Kll<f64>>,
        arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef> {
        answer_per_number(Self::NAME, sketches, arg, rows, |s, rank| s.quantile(rank))
    }
}
