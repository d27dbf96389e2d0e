//! Count-Min frequencies, a group: `count_min_agg(value [, width [,
//! depth]])`, `count_min_merge(sketch)`, `count_min_estimate(sketch,
//! item)`. Both aggregates retract (sliding window frames).

use std::mem::size_of_val;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int64Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::frequency::{CountMin, CountMinParams};

use crate::error::{exec, plan};
use crate::family::{Family, Inverse, Rows};
use crate::input::{item_type, ITEM_TYPES};
use crate::params::{Param, Values, MAX_SKETCH_BYTES};
use crate::scalar::{answer_per_item, Arg, Query, Sketches};

/// Counters a row when no width is given.
pub(crate) const DEFAULT_WIDTH: i64 = 2048;

/// Rows when no depth is given.
pub(crate) const DEFAULT_DEPTH: i64 = 5;

/// Frequencies of items.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Cm;

/// Inserts every item of `values` with `weight` (1 in, -1 out).
fn add(
    function: &str,
    sketches: &mut [CountMin],
    rows: &Rows<'_>,
    values: &dyn Array,
    weight: i64,
) -> Result<()> {
    rows.each_item(function, sketches, values, |sketch, row, item| {
        sketch
            .insert_weighted(&item, weight)
            .map(drop)
            .map_err(|e| exec(function, format!("value in row {row}"), e))
    })
}

impl Family for Cm {
    type Sketch = CountMin;
    type Params = CountMinParams;
    const PREFIX: &'static str = "count_min";
    const PARAMS: &'static [Param] = &[Param::int("width"), Param::int("depth")];
    const VALUE_TYPES: &'static str = ITEM_TYPES;

    fn value_type(t: &DataType) -> Option<DataType> {
        item_type(t)
    }

    fn params(values: &Values<'_>) -> Result<CountMinParams> {
        let width = values.int(0, DEFAULT_WIDTH, 1..=i64::MAX)?;
        let depth = values.int(1, DEFAULT_DEPTH, 1..=i64::MAX)?;
        let params = CountMinParams::with_size(width as usize, depth as usize)
            .map_err(|e| values.invalid(e))?;
        let bytes = (width as u64)
            .saturating_mul(depth as u64)
            .saturating_mul(8);
        if bytes > MAX_SKETCH_BYTES {
            return Err(plan(
                "count_min_agg",
                format!(
                    "width {width} and depth {depth} need {} MiB of counters a group, \
                     over the limit of {} MiB",
                    bytes >> 20,
                    MAX_SKETCH_BYTES >> 20
                ),
            ));
        }
        Ok(params)
    }

    fn empty(params: &CountMinParams) -> CountMin {
        CountMin::with_params(*params)
    }

    fn update(
        function: &str,
        sketches: &mut [CountMin],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()> {
        add(function, sketches, rows, values, 1)
    }

    fn heap_size(sketch: &CountMin) -> usize {
        size_of_val(sketch.counters())
    }

    fn inverse() -> Option<Inverse<CountMin>> {
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

/// `count_min_estimate(sketch, item)`: the item's count, never below the
/// true count, `BIGINT`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CmEstimate;

impl Query for CmEstimate {
    type Sketch = CountMin;
    const NAME: &'static str = "count_min_estimate";
    const ARG: Option<Arg> = Some(Arg::Item("item"));

    fn return_type() -> DataType {
        DataType::Int64
    }

    fn answer(
        sketches: &Sketches<CountMin>,
        arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef> {
        let answers =
            answer_per_item(Self::NAME, sketches, arg, rows, |s, item| s.estimate(&item))?;
        Ok(Arc::new(Int64Array::from(answers)))
    }
}
