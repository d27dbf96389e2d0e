//! The constant parameters after a value argument (`hll_agg(user, 14)`):
//! their declaration, their type coercion at planning and their values at
//! execution, each checked with an error that names the function and the
//! parameter.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;
use datafusion::physical_expr::PhysicalExpr;

use crate::error::plan;

/// The largest sketch a parameter may ask for (per group), 256 MiB: a
/// Bloom filter or Count-Min table is allocated whole when its group
/// starts, so a typo in a parameter must not allocate the machine away.
pub(crate) const MAX_SKETCH_BYTES: u64 = 256 << 20;

/// What kind of number a parameter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A whole number (read as `BIGINT`).
    Int,
    /// A real number (read as `DOUBLE`).
    Float,
}

/// A constant parameter: its name and kind, and its default for the
/// documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Param {
    /// The name used in error messages and docs (`precision`).
    pub name: &'static str,
    /// Whole or real.
    pub kind: Kind,
}

impl Param {
    /// An integer parameter.
    pub const fn int(name: &'static str) -> Param {
        Param {
            name,
            kind: Kind::Int,
        }
    }

    /// A floating-point parameter.
    pub const fn float(name: &'static str) -> Param {
        Param {
            name,
            kind: Kind::Float,
        }
    }

    /// The type an argument of type `t` is coerced to for this parameter.
    ///
    /// # Errors
    ///
    /// A planning error for a non-numeric argument.
    pub fn coerce(&self, function: &str, t: &DataType) -> Result<DataType> {
        if !(t.is_numeric() || t.is_null()) {
            return Err(plan(
                function,
                format!("{} must be a number, got {t}", self.name),
            ));
        }
        Ok(match self.kind {
            Kind::Int if t.is_integer() || t.is_null() => DataType::Int64,
            Kind::Int => {
                return Err(plan(
                    function,
                    format!("{} must be a whole number, got {t}", self.name),
                ))
            }
            Kind::Float => DataType::Float64,
        })
    }
}

/// The values of the constant parameters of one call, read from its
/// physical argument expressions.
pub(crate) struct Values<'a> {
    function: &'a str,
    params: &'static [Param],
    values: Vec<ScalarValue>,
}

impl<'a> Values<'a> {
    /// Evaluates the parameter expressions `exprs` (the arguments after
    /// the value) of `function`.
    ///
    /// # Errors
    ///
    /// A planning error if an argument is not a constant.
    pub fn read(
        function: &'a str,
        params: &'static [Param],
        exprs: &[Arc<dyn PhysicalExpr>],
    ) -> Result<Values<'a>> {
        let empty = RecordBatch::new_empty(Arc::new(Schema::empty()));
        let values = exprs
            .iter()
            .zip(params)
            .map(|(expr, param)| match expr.evaluate(&empty) {
                Ok(ColumnarValue::Scalar(v)) => Ok(v),
                _ => Err(plan(
                    function,
                    format!(
                        "{} must be a constant, not a column or expression",
                        param.name
                    ),
                )),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Values {
            function,
            params,
            values,
        })
    }

    /// The integer parameter at `index`, or `default` if it was not given.
    ///
    /// # Errors
    ///
    /// A planning error for `NULL` or a value outside `range`.
    pub fn int(
        &self,
        index: usize,
        default: i64,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<i64> {
        let param = &self.params[index];
        let v = match self.values.get(index) {
            None => return Ok(default),
            Some(ScalarValue::Int64(Some(v))) => *v,
            Some(other) => return Err(self.bad(param, other, "a whole number")),
        };
        if !range.contains(&v) {
            return Err(plan(
                self.function,
                format!(
                    "{} {v} is out of range: expected {} to {}",
                    param.name,
                    range.start(),
                    range.end()
                ),
            ));
        }
        Ok(v)
    }

    /// The floating-point parameter at `index`, or `default` if it was
    /// not given.
    ///
    /// # Errors
    ///
    /// A planning error for `NULL` (range checks are the sketch's).
    pub fn float(&self, index: usize, default: f64) -> Result<f64> {
        match self.values.get(index) {
            None => Ok(default),
            Some(ScalarValue::Float64(Some(v))) => Ok(*v),
            Some(other) => Err(self.bad(&self.params[index], other, "a number")),
        }
    }

    /// A sketchfold parameter error, for this function.
    pub fn invalid(&self, error: sketchfold::Error) -> datafusion::error::DataFusionError {
        plan(self.function, error)
    }

    fn bad(
        &self,
        param: &Param,
        value: &ScalarValue,
        expected: &str,
    ) -> datafusion::error::DataFusionError {
        if value.is_null() {
            plan(self.function, format!("{} must not be NULL", param.name))
        } else {
            plan(
                self.function,
                format!("{} must be {expected}, got {value}", param.name),
            )
        }
    }
}
