//! Arrow columns as sketch input: the SQL types each kind of argument
//! accepts (coercion at planning), and iteration over a column's non-null
//! values (at execution).
//!
//! Hashed sketches (HyperLogLog, Bloom, Count-Min) see every value as an
//! [`Item`], which hashes exactly as the Rust value does with
//! [`StableHash`]: every integer width alike (`5` as `INT` and as `BIGINT`
//! is the same item), `REAL` widened to `DOUBLE`, strings as their UTF-8
//! bytes. A string `'5'` and an integer `5` are different items.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{
    DataType, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use datafusion::error::Result;
use sketchfold::hash::StableHash;

use crate::error::internal;

/// One SQL value as a sketch item.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Item<'a> {
    /// Any signed integer, widened.
    Int(i64),
    /// Any unsigned integer, widened.
    UInt(u64),
    /// `REAL` or `DOUBLE`, widened.
    Float(f64),
    /// A string of any Arrow string type.
    Str(&'a str),
    /// Bytes of any Arrow binary type.
    Bytes(&'a [u8]),
    /// A boolean.
    Bool(bool),
}

impl StableHash for Item<'_> {
    fn stable_hash(&self, seed: u64) -> u64 {
        match self {
            Item::Int(v) => v.stable_hash(seed),
            Item::UInt(v) => v.stable_hash(seed),
            Item::Float(v) => v.stable_hash(seed),
            Item::Str(v) => v.stable_hash(seed),
            Item::Bytes(v) => v.stable_hash(seed),
            Item::Bool(v) => v.stable_hash(seed),
        }
    }

    fn murmur3_128(&self, seed: u64) -> Option<(u64, u64)> {
        match self {
            Item::Int(v) => v.murmur3_128(seed),
            Item::UInt(v) => v.murmur3_128(seed),
            Item::Float(v) => v.murmur3_128(seed),
            Item::Str(v) => v.murmur3_128(seed),
            Item::Bytes(v) => v.murmur3_128(seed),
            Item::Bool(v) => v.murmur3_128(seed),
        }
    }
}

/// What [`item_type`] accepts, for error messages.
pub(crate) const ITEM_TYPES: &str =
    "a string, binary, integer, floating-point, boolean, date or timestamp column";

/// The type a hashed item argument of type `t` is read as: `t` itself for
/// the types [`for_each_item`] reads, dates and timestamps as the integer
/// they are stored as, the value type of a dictionary, `Utf8` for a
/// `NULL` literal; `None` for anything else.
pub(crate) fn item_type(t: &DataType) -> Option<DataType> {
    match t {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::Boolean => Some(t.clone()),
        DataType::Null => Some(DataType::Utf8),
        DataType::Date32 => Some(DataType::Int32),
        DataType::Date64 | DataType::Time64(_) | DataType::Timestamp(_, _) => Some(DataType::Int64),
        DataType::Dictionary(_, value) => item_type(value),
        _ => None,
    }
}

/// What [`string_type`] accepts, for error messages.
pub(crate) const STRING_TYPES: &str =
    "a string column, or an integer, floating-point, boolean or date column (read as text)";

/// The type a heavy-hitter item of type `t` is read as: strings as they
/// are, other scalar types cast to `Utf8`; `None` for nested types.
pub(crate) fn string_type(t: &DataType) -> Option<DataType> {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Some(t.clone()),
        DataType::Dictionary(_, value) => string_type(value),
        t if t.is_nested()
            || matches!(
                t,
                DataType::Binary | DataType::LargeBinary | DataType::BinaryView
            ) =>
        {
            None
        }
        _ => Some(DataType::Utf8),
    }
}

/// What [`number_type`] accepts, for error messages.
pub(crate) const NUMBER_TYPES: &str = "an integer or floating-point column";

/// The type a numeric argument of type `t` is read as: `Float64` for every
/// integer and float type (and a `NULL` literal); `None` otherwise.
pub(crate) fn number_type(t: &DataType) -> Option<DataType> {
    (t.is_numeric() || t.is_null()).then_some(DataType::Float64)
}

/// What [`sketch_type`] accepts, for error messages.
pub(crate) const SKETCH_TYPES: &str = "a binary column of sketches (as the _agg functions return)";

/// The type a sketch argument of type `t` is read as: the binary types as
/// they are (so `BinaryView` columns read from Parquet are not copied),
/// `Binary` for a `NULL` literal; `None` for anything else.
pub(crate) fn sketch_type(t: &DataType) -> Option<DataType> {
    match t {
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => Some(t.clone()),
        DataType::Null => Some(DataType::Binary),
        _ => None,
    }
}

/// Calls `$f(row, $wrap(value))` for every non-null value of the typed
/// array `$a`, returning the first error.
macro_rules! each_valid {
    ($a:expr, $f:ident, $wrap:expr) => {{
        for (row, v) in $a.iter().enumerate() {
            if let Some(v) = v {
                $f(row, $wrap(v))?;
            }
        }
    }};
}

/// Calls `f(row, item)` for every non-null value of `array`, a column of
/// a type [`item_type`] returns.
pub(crate) fn for_each_item(
    function: &str,
    array: &dyn Array,
    mut f: impl FnMut(usize, Item<'_>) -> Result<()>,
) -> Result<()> {
    macro_rules! primitive {
        ($t:ty, $variant:ident, $widen:ty) => {
            each_valid!(array.as_primitive::<$t>(), f, |v| Item::$variant(
                <$widen>::from(v)
            ))
        };
    }
    match array.data_type() {
        DataType::Int8 => primitive!(Int8Type, Int, i64),
        DataType::Int16 => primitive!(Int16Type, Int, i64),
        DataType::Int32 => primitive!(Int32Type, Int, i64),
        DataType::Int64 => primitive!(Int64Type, Int, i64),
        DataType::UInt8 => primitive!(UInt8Type, UInt, u64),
        DataType::UInt16 => primitive!(UInt16Type, UInt, u64),
        DataType::UInt32 => primitive!(UInt32Type, UInt, u64),
        DataType::UInt64 => primitive!(UInt64Type, UInt, u64),
        DataType::Float32 => primitive!(Float32Type, Float, f64),
        DataType::Float64 => primitive!(Float64Type, Float, f64),
        DataType::Utf8 => each_valid!(array.as_string::<i32>(), f, Item::Str),
        DataType::LargeUtf8 => each_valid!(array.as_string::<i64>(), f, Item::Str),
        DataType::Utf8View => each_valid!(array.as_string_view(), f, Item::Str),
        DataType::Binary => each_valid!(array.as_binary::<i32>(), f, Item::Bytes),
        DataType::LargeBinary => each_valid!(array.as_binary::<i64>(), f, Item::Bytes),
        DataType::BinaryView => each_valid!(array.as_binary_view(), f, Item::Bytes),
        DataType::Boolean => each_valid!(array.as_boolean(), f, Item::Bool),
        DataType::Null => {}
        other => return Err(internal(function, format!("unexpected item type {other}"))),
    }
    Ok(())
}

/// Calls `f(row, value)` for every non-null string of `array`, a column
/// of a type [`string_type`] returns.
pub(crate) fn for_each_str(
    function: &str,
    array: &dyn Array,
    mut f: impl FnMut(usize, &str) -> Result<()>,
) -> Result<()> {
    match array.data_type() {
        DataType::Utf8 => each_valid!(array.as_string::<i32>(), f, |v| v),
        DataType::LargeUtf8 => each_valid!(array.as_string::<i64>(), f, |v| v),
        DataType::Utf8View => each_valid!(array.as_string_view(), f, |v| v),
        DataType::Null => {}
        other => {
            return Err(internal(
                function,
                format!("unexpected string type {other}"),
            ))
        }
    }
    Ok(())
}

/// Calls `f(row, value)` for every non-null value of `array`, a `Float64`
/// column (what [`number_type`] coerces to).
pub(crate) fn for_each_f64(
    function: &str,
    array: &dyn Array,
    mut f: impl FnMut(usize, f64) -> Result<()>,
) -> Result<()> {
    match array.data_type() {
        DataType::Float64 => each_valid!(array.as_primitive::<Float64Type>(), f, |v| v),
        DataType::Null => {}
        other => {
            return Err(internal(
                function,
                format!("unexpected number type {other}"),
            ))
        }
    }
    Ok(())
}

/// Calls `f(row, bytes)` for every non-null value of `array`, a column of
/// a type [`sketch_type`] returns.
pub(crate) fn for_each_bytes(
    function: &str,
    array: &dyn Array,
    mut f: impl FnMut(usize, &[u8]) -> Result<()>,
) -> Result<()> {
    match array.data_type() {
        DataType::Binary => each_valid!(array.as_binary::<i32>(), f, |v| v),
        DataType::LargeBinary => each_valid!(array.as_binary::<i64>(), f, |v| v),
        DataType::BinaryView => each_valid!(array.as_binary_view(), f, |v| v),
        DataType::Null => {}
        other => {
            return Err(internal(
                function,
                format!("unexpected sketch type {other}"),
            ))
        }
    }
    Ok(())
}
