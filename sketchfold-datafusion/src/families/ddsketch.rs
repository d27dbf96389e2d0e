//! DDSketch quantiles, a group: `ddsketch_agg(value [, alpha [,
//! max_buckets]])`, `ddsketch_merge(sketch)`, `ddsketch_quantile(sketch,
//! rank)`. Both aggregates retract (sliding window frames).

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::quantiles::{DdSketch, DdSketchParams, MAX_BUCKETS};

use crate::error::exec;
use crate::family::{Family, Inverse, Rows};
use crate::input::{number_type, NUMBER_TYPES};
use crate::params::{Param, Values};
use crate::scalar::{answer_per_number, Arg, Query, Sketches};

/// Quantiles within a relative error (`DOUBLE` values).
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Dd;

/// Inserts every value of `values` with `weight` (1 in, -1 out).
fn add(
    function: &str,
    sketches: &mut [DdSketch],
    rows: &Rows<'_>,
    values: &dyn Array,
    weight: i64,
) -> Result<()> {
    rows.each_number(function, sketches, values, |sketch, row, x| {
        sketch
            .insert_weighted(x, weight)
            .map_err(|e| exec(function, format!("value in row {row}"), e))
    })
}

impl Family for Dd {
    type Sketch = DdSketch;
    type Params = DdSketchParams;
    const PREFIX: &'static str = "ddsketch";
    const PARAMS: &'static [Param] = &[Param::float("alpha"), Param::int("max_buckets")];
    const VALUE_TYPES: &'static str = NUMBER_TYPES;

    fn value_type(t: &DataType) -> Option<DataType> {
        number_type(t)
    }

    fn params(values: &Values<'_>) -> Result<DdSketchParams> {
        let defaults = DdSketchParams::default();
        let alpha = values.float(0, defaults.alpha())?;
        let max_buckets = values.int(1, defaults.max_buckets() as i64, 1..=MAX_BUCKETS as i64)?;
        DdSketchParams::new(alpha)
            .and_then(|p| p.with_max_buckets(max_buckets as usize))
            .map_err(|e| values.invalid(e))
    }

    fn empty(params: &DdSketchParams) -> DdSketch {
        DdSketch::with_params(*params)
    }

    fn update(
        function: &str,
        sketches: &mut [DdSketch],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()> {
        add(function, sketches, rows, values, 1)
    }

    fn heap_size(sketch: &DdSketch) -> usize {
        sketch.memory_bytes()
    }

    fn inverse() -> Option<Inverse<DdSketch>> {
        Some(Inverse::of_group(|function, sketch, values| {
            add(
                function,
                std::slice::from_mut(sketch),
                &Rows::One,
                values,
                -1,
            )
        }))
    }
}

/// `ddsketch_quantile(sketch, rank)`: the value at `rank` in `[0, 1]`
/// within the sketch's relative accuracy, `DOUBLE`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DdQuantile;

impl Query for DdQuantile {
    type Sketch = DdSketch;
    const NAME: &'static str = "ddsketch_quantile";
    const ARG: Option<Arg> = Some(Arg::Number("rank"));

    fn return_type() -> DataType {
        DataType::Float64
    }

    fn answer(
        sketches: &Sketches<DdSketch>,
        arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef> {
        answer_per_number(Self::NAME, sketches, arg, rows, |s, rank| s.quantile(rank))
    }
}
