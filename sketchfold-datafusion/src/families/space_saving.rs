//! SpaceSaving heavy hitters: `space_saving_agg(value [, capacity])`,
//! `space_saving_merge(sketch)`, `space_saving_top(sketch, m)`.

use std::mem::size_of;
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, ListArray, StringArray, StructArray, UInt64Array,
};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType, Field, Fields, Int64Type};
use datafusion::error::Result;
use sketchfold::frequency::SpaceSaving;

use crate::error::{exec, internal};
use crate::family::{Family, Rows};
use crate::input::{for_each_str, string_type, STRING_TYPES};
use crate::params::{Param, Values};
use crate::scalar::{Arg, Query, Sketches};

/// Counters when no capacity is given.
pub(crate) const DEFAULT_CAPACITY: i64 = 64;

/// The largest capacity accepted (counters grow with the data, but a
/// typo should not promise a summary of the whole table).
pub(crate) const MAX_CAPACITY: i64 = 1 << 20;

/// Bytes a counter takes besides its item's text (see `SpaceSaving`'s
/// memory notes: 80 to 150).
const COUNTER_BYTES: usize = 128;

/// Heavy hitters of text values.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Ss;

impl Family for Ss {
    type Sketch = SpaceSaving<String>;
    /// The capacity, checked.
    type Params = usize;
    const PREFIX: &'static str = "space_saving";
    const PARAMS: &'static [Param] = &[Param::int("capacity")];
    const VALUE_TYPES: &'static str = STRING_TYPES;
    const MERGE_ORDER_MATTERS: bool = true;

    fn value_type(t: &DataType) -> Option<DataType> {
        string_type(t)
    }

    fn params(values: &Values<'_>) -> Result<usize> {
        let capacity = values.int(0, DEFAULT_CAPACITY, 1..=MAX_CAPACITY)? as usize;
        SpaceSaving::<String>::try_new(capacity).map_err(|e| values.invalid(e))?;
        Ok(capacity)
    }

    fn empty(capacity: &usize) -> SpaceSaving<String> {
        SpaceSaving::new(*capacity)
    }

    fn update(
        function: &str,
        sketches: &mut [SpaceSaving<String>],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()> {
        for_each_str(function, values, |row, item| {
            if let Some(sketch) = rows.sketch(function, sketches, row)? {
                sketch
                    .insert(item)
                    .map_err(|e| exec(function, format!("value in row {row}"), e))?;
            }
            Ok(())
        })
    }

    fn heap_size(sketch: &SpaceSaving<String>) -> usize {
        sketch
            .iter()
            .map(|(item, _)| COUNTER_BYTES + item.capacity())
            .sum::<usize>()
            + size_of::<SpaceSaving<String>>()
    }
}

/// The fields of one `space_saving_top` entry: the item, and bounds of
/// its count (`lower <= true count <= upper`).
pub(crate) fn top_fields() -> Fields {
    Fields::from(vec![
        Field::new("item", DataType::Utf8, false),
        Field::new("upper", DataType::UInt64, false),
        Field::new("lower", DataType::UInt64, false),
    ])
}

/// `space_saving_top(sketch, m)`: the `m` items with the largest counts,
/// largest first, as a list of `{item, upper, lower}`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SsTop;

impl Query for SsTop {
    type Sketch = SpaceSaving<String>;
    const NAME: &'static str = "space_saving_top";
    const ARG: Option<Arg> = Some(Arg::Int("m"));

    fn return_type() -> DataType {
        DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(top_fields()),
            true,
        )))
    }

    fn answer(
        sketches: &Sketches<SpaceSaving<String>>,
        arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef> {
        let counts = arg
            .and_then(|a| a.as_primitive_opt::<Int64Type>())
            .ok_or_else(|| internal(Self::NAME, "argument not coerced to BIGINT"))?;
        let (mut items, mut uppers, mut lowers) = (Vec::new(), Vec::new(), Vec::new());
        let mut lengths = Vec::with_capacity(rows);
        let mut valid = Vec::with_capacity(rows);
        for row in 0..rows {
            let sketch = sketches.get(row).filter(|_| counts.is_valid(row));
            let Some(sketch) = sketch else {
                lengths.push(0);
                valid.push(false);
                continue;
            };
            let m = usize::try_from(counts.value(row)).map_err(|_| {
                exec(
                    Self::NAME,
                    format!("row {row}"),
                    format!("m must be at least 0, got {}", counts.value(row)),
                )
            })?;
            let top = sketch.top(m);
            lengths.push(top.len());
            valid.push(true);
            for (item, bounds) in top {
                items.push(item.as_str());
                uppers.push(bounds.upper);
                lowers.push(bounds.lower);
            }
        }
        let entries = StructArray::new(
            top_fields(),
            vec![
                Arc::new(StringArray::from(items)),
                Arc::new(UInt64Array::from(uppers)),
                Arc::new(UInt64Array::from(lowers)),
            ],
            None,
        );
        let DataType::List(field) = Self::return_type() else {
            return Err(internal(Self::NAME, "return type is not a list"));
        };
        let list = ListArray::new(
            field,
            OffsetBuffer::from_lengths(lengths),
            Arc::new(entries),
            Some(NullBuffer::from(valid)),
        );
        Ok(Arc::new(list))
    }
}
