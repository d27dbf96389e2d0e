//! Bloom filters: `bloom_agg(value [, expected_items [, fpr]])`,
//! `bloom_merge(sketch)`, `bloom_contains(sketch, item)`.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::membership::{BloomFilter, BloomParams};

use crate::error::plan;
use crate::family::{Family, Rows};
use crate::input::{item_type, ITEM_TYPES};
use crate::params::{Param, Values, MAX_SKETCH_BYTES};
use crate::scalar::{answer_per_item, Arg, Query, Sketches};

/// Expected distinct items when none is given (about 120 KB at 1%).
pub(crate) const DEFAULT_EXPECTED_ITEMS: i64 = 100_000;

/// False-positive rate when none is given.
pub(crate) const DEFAULT_FPR: f64 = 0.01;

/// Membership.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Bloom;

impl Family for Bloom {
    type Sketch = BloomFilter;
    type Params = BloomParams;
    const PREFIX: &'static str = "bloom";
    const PARAMS: &'static [Param] = &[Param::int("expected_items"), Param::float("fpr")];
    const VALUE_TYPES: &'static str = ITEM_TYPES;

    fn value_type(t: &DataType) -> Option<DataType> {
        item_type(t)
    }

    fn params(values: &Values<'_>) -> Result<BloomParams> {
        let items = values.int(0, DEFAULT_EXPECTED_ITEMS, 1..=i64::MAX)?;
        let fpr = values.float(1, DEFAULT_FPR)?;
        let params = BloomParams::new(items as u64, fpr).map_err(|e| values.invalid(e))?;
        if params.bits() / 8 > MAX_SKETCH_BYTES {
            return Err(plan(
                "bloom_agg",
                format!(
                    "{items} expected items at fpr {fpr} need a {} MiB filter a group, \
                     over the limit of {} MiB",
                    (params.bits() / 8) >> 20,
                    MAX_SKETCH_BYTES >> 20
                ),
            ));
        }
        Ok(params)
    }

    fn empty(params: &BloomParams) -> BloomFilter {
        BloomFilter::with_params(*params)
    }

    fn update(
        function: &str,
        sketches: &mut [BloomFilter],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()> {
        rows.each_item(function, sketches, values, |sketch, _, item| {
            sketch.insert(&item);
            Ok(())
        })
    }

    fn heap_size(sketch: &BloomFilter) -> usize {
        sketch.heap_bytes()
    }
}

/// `bloom_contains(sketch, item)`: false if the item was never inserted,
/// true if it was (or, at the filter's false-positive rate, was not).
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BloomContains;

impl Query for BloomContains {
    type Sketch = BloomFilter;
    const NAME: &'static str = "bloom_contains";
    const ARG: Option<Arg> = Some(Arg::Item("item"));

    fn return_type() -> DataType {
        DataType::Boolean
    }

    fn answer(
        sketches: &Sketches<BloomFilter>,
        arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef> {
        let answers =
            answer_per_item(Self::NAME, sketches, arg, rows, |s, item| s.contains(&item))?;
        Ok(Arc::new(BooleanArray::from(answers)))
    }
}
