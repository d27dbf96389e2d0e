//! HyperLogLog: `hll_agg(value [, precision])`, `hll_merge(sketch)`,
//! `hll_estimate(sketch)`.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Float64Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::cardinality::{HllParams, HyperLogLog};

use crate::family::{Family, Rows};
use crate::input::{item_type, ITEM_TYPES};
use crate::params::{Param, Values};
use crate::scalar::{Arg, Query, Sketches};

/// The precision when none is given: 2^12 registers, 1.6% standard error.
pub(crate) const DEFAULT_PRECISION: i64 = 12;

/// Distinct counts.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Hll;

impl Family for Hll {
    type Sketch = HyperLogLog;
    type Params = HllParams;
    const PREFIX: &'static str = "hll";
    const PARAMS: &'static [Param] = &[Param::int("precision")];
    const VALUE_TYPES: &'static str = ITEM_TYPES;

    fn value_type(t: &DataType) -> Option<DataType> {
        item_type(t)
    }

    fn params(values: &Values<'_>) -> Result<HllParams> {
        let precision = values.int(0, DEFAULT_PRECISION, 0..=i64::from(u8::MAX))?;
        HllParams::new(precision as u8).map_err(|e| values.invalid(e))
    }

    fn empty(params: &HllParams) -> HyperLogLog {
        HyperLogLog::with_params(*params)
    }

    fn update(
        function: &str,
        sketches: &mut [HyperLogLog],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()> {
        rows.each_item(function, sketches, values, |sketch, _, item| {
            sketch.insert(&item);
            Ok(())
        })
    }

    fn heap_size(sketch: &HyperLogLog) -> usize {
        sketch.heap_bytes()
    }
}

/// `hll_estimate(sketch)`: the distinct count, `DOUBLE`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct HllEstimate;

impl Query for HllEstimate {
    type Sketch = HyperLogLog;
    const NAME: &'static str = "hll_estimate";
    const ARG: Option<Arg> = None;

    fn return_type() -> DataType {
        DataType::Float64
    }

    fn answer(
        sketches: &Sketches<HyperLogLog>,
        _arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef> {
        let answers: Float64Array = (0..rows)
            .map(|row| sketches.get(row).map(HyperLogLog::estimate))
            .collect();
        Ok(Arc::new(answers))
    }
}
