//! The generic scalar function over a sketch column: decode each row's
//! sketch (once for a constant), then answer a question about it
//! (`hll_estimate(sketch)`, `kll_quantile(sketch, 0.99)`).

use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sketchfold::codec::Codec;

use crate::error::{exec, internal, plan};
use crate::input::{
    for_each_bytes, for_each_item, item_type, number_type, sketch_type, Item, ITEM_TYPES,
    NUMBER_TYPES, SKETCH_TYPES,
};

/// The argument after the sketch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Arg {
    /// A number, read as `DOUBLE` (a rank, a value).
    Number(&'static str),
    /// A whole number, read as `BIGINT` (a count of items).
    Int(&'static str),
    /// An item, hashed as the aggregate hashed its values.
    Item(&'static str),
}

impl Arg {
    fn name(self) -> &'static str {
        match self {
            Arg::Number(n) | Arg::Int(n) | Arg::Item(n) => n,
        }
    }

    fn coerce(self, function: &str, t: &DataType) -> Result<DataType> {
        let (coerced, expected) = match self {
            Arg::Number(_) => (number_type(t), NUMBER_TYPES),
            Arg::Int(_) => (
                (t.is_integer() || t.is_null()).then_some(DataType::Int64),
                "a whole number",
            ),
            Arg::Item(_) => (item_type(t), ITEM_TYPES),
        };
        coerced.ok_or_else(|| {
            plan(
                function,
                format!("{} must be {expected}, got {t}", self.name()),
            )
        })
    }
}

/// A question about one family's sketches.
pub(crate) trait Query:
    Debug + Default + Clone + PartialEq + Eq + Hash + Send + Sync + 'static
{
    /// The sketch asked about.
    type Sketch: Codec;

    /// The SQL function's name.
    const NAME: &'static str;

    /// The argument after the sketch, if any.
    const ARG: Option<Arg>;

    /// The type of the answer.
    fn return_type() -> DataType;

    /// The answer for each of `rows` rows: `NULL` where the sketch (or the
    /// argument) is `NULL`. `arg` is the argument column, coerced as
    /// [`Arg`] says.
    ///
    /// # Errors
    ///
    /// An execution error naming the row for an argument the sketch
    /// refuses (a rank outside `[0, 1]`).
    fn answer(
        sketches: &Sketches<Self::Sketch>,
        arg: Option<&ArrayRef>,
        rows: usize,
    ) -> Result<ArrayRef>;
}

/// A sketch column, decoded: one sketch for a constant, one per row
/// otherwise.
pub(crate) enum Sketches<S> {
    /// The same sketch (or `NULL`) in every row.
    Constant(Option<S>),
    /// Each row's sketch.
    Rows(Vec<Option<S>>),
}

impl<S: Codec> Sketches<S> {
    fn decode(function: &str, value: &ColumnarValue) -> Result<Sketches<S>> {
        let decode = |row: usize, bytes: &[u8]| {
            S::decode(bytes).map_err(|e| exec(function, format!("sketch in row {row}"), e))
        };
        match value {
            ColumnarValue::Scalar(scalar) => {
                let array = scalar.to_array_of_size(1)?;
                let mut sketch = None;
                for_each_bytes(function, array.as_ref(), |row, bytes| {
                    sketch = Some(decode(row, bytes)?);
                    Ok(())
                })?;
                Ok(Sketches::Constant(sketch))
            }
            ColumnarValue::Array(array) => {
                let mut rows: Vec<Option<S>> = (0..array.len()).map(|_| None).collect();
                for_each_bytes(function, array.as_ref(), |row, bytes| {
                    rows[row] = Some(decode(row, bytes)?);
                    Ok(())
                })?;
                Ok(Sketches::Rows(rows))
            }
        }
    }

    /// The sketch of `row`, `None` for `NULL`.
    pub fn get(&self, row: usize) -> Option<&S> {
        match self {
            Sketches::Constant(s) => s.as_ref(),
            Sketches::Rows(rows) => rows.get(row).and_then(Option::as_ref),
        }
    }
}

/// A scalar function answering `Q` about a sketch column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SketchFn<Q: Query> {
    signature: Signature,
    query: Q,
}

impl<Q: Query> SketchFn<Q> {
    /// The function.
    pub fn new() -> SketchFn<Q> {
        SketchFn {
            signature: Signature::user_defined(Volatility::Immutable),
            query: Q::default(),
        }
    }

    fn usage() -> String {
        match Q::ARG {
            Some(arg) => format!("{}(sketch, {})", Q::NAME, arg.name()),
            None => format!("{}(sketch)", Q::NAME),
        }
    }
}

impl<Q: Query> ScalarUDFImpl for SketchFn<Q> {
    fn name(&self) -> &str {
        Q::NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let arity = 1 + usize::from(Q::ARG.is_some());
        if arg_types.len() != arity {
            return Err(plan(
                Q::NAME,
                format!("takes {}, got {} arguments", Self::usage(), arg_types.len()),
            ));
        }
        let sketch = sketch_type(&arg_types[0]).ok_or_else(|| {
            plan(
                Q::NAME,
                format!("sketch must be {SKETCH_TYPES}, got {}", arg_types[0]),
            )
        })?;
        let mut types = vec![sketch];
        if let Some(arg) = Q::ARG {
            types.push(arg.coerce(Q::NAME, &arg_types[1])?);
        }
        Ok(types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(Q::return_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        // All constant: answer once, as a constant.
        let constant = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if constant { 1 } else { args.number_rows };
        let sketches = Sketches::<Q::Sketch>::decode(Q::NAME, &args.args[0])?;
        let arg = args.args.get(1).map(|a| a.to_array(rows)).transpose()?;
        let answer = Q::answer(&sketches, arg.as_ref(), rows)?;
        if constant {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &answer, 0,
            )?));
        }
        Ok(ColumnarValue::Array(answer))
    }
}

/// The `DOUBLE` answers `f(sketch, x)` of a query whose argument is a
/// number: `NULL` where the sketch, the number or the answer is.
pub(crate) fn answer_per_number<S: Codec>(
    function: &str,
    sketches: &Sketches<S>,
    arg: Option<&ArrayRef>,
    rows: usize,
    f: impl Fn(&S, f64) -> sketchfold::Result<Option<f64>>,
) -> Result<ArrayRef> {
    let numbers = arg
        .ok_or_else(|| internal(function, "missing argument"))?
        .as_primitive_opt::<Float64Type>()
        .ok_or_else(|| internal(function, "argument not coerced to DOUBLE"))?;
    let answers = (0..rows)
        .map(|row| match (sketches.get(row), numbers.is_valid(row)) {
            (Some(sketch), true) => {
                let x = numbers.value(row);
                f(sketch, x).map_err(|e| exec(function, format!("row {row}"), e))
            }
            _ => Ok(None),
        })
        .collect::<Result<Float64Array>>()?;
    Ok(Arc::new(answers))
}

/// The answers `f(sketch, item)` of a query whose argument is an item:
/// `None` where the sketch or the item is `NULL`.
pub(crate) fn answer_per_item<S: Codec, T>(
    function: &str,
    sketches: &Sketches<S>,
    arg: Option<&ArrayRef>,
    rows: usize,
    f: impl Fn(&S, Item<'_>) -> T,
) -> Result<Vec<Option<T>>> {
    let items = arg.ok_or_else(|| internal(function, "missing argument"))?;
    let mut answers: Vec<Option<T>> = (0..rows).map(|_| None).collect();
    for_each_item(function, items.as_ref(), |row, item| {
        if let Some(sketch) = sketches.get(row) {
            answers[row] = Some(f(sketch, item));
        }
        Ok(())
    })?;
    Ok(answers)
}
