//! What the generic aggregates need to know about a sketch family: how
//! its SQL arguments look, how it is built from parameters, how a column's
//! values go in, and (for groups only) how they come out again.

use std::fmt::Debug;
use std::hash::Hash;

use datafusion::arrow::array::{Array, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::algebra::{Group, Semigroup};
use sketchfold::codec::Codec;

use crate::error::internal;
use crate::input::{for_each_f64, for_each_item, Item};
use crate::params::{Param, Values};

/// Which sketch each row of a batch goes to.
#[derive(Clone, Copy)]
pub(crate) enum Rows<'a> {
    /// Every row to the one sketch (an [`Accumulator`]).
    ///
    /// [`Accumulator`]: datafusion::logical_expr::Accumulator
    One,
    /// Row `i` to sketch `groups[i]`, where the filter (if any) is true
    /// (a [`GroupsAccumulator`]).
    ///
    /// [`GroupsAccumulator`]: datafusion::logical_expr::GroupsAccumulator
    Groups {
        /// Each row's group.
        groups: &'a [usize],
        /// Rows to skip where not true (`FILTER (WHERE ...)`).
        filter: Option<&'a BooleanArray>,
    },
}

impl Rows<'_> {
    /// The sketch of `sketches` that `row` goes to, `None` if it is
    /// filtered out.
    ///
    /// # Errors
    ///
    /// An internal error for a group index out of range.
    #[inline]
    pub fn sketch<'s, S>(
        &self,
        function: &str,
        sketches: &'s mut [S],
        row: usize,
    ) -> Result<Option<&'s mut S>> {
        let index = match *self {
            Rows::One => 0,
            Rows::Groups { groups, filter } => {
                if filter.is_some_and(|f| !(f.is_valid(row) && f.value(row))) {
                    return Ok(None);
                }
                groups.get(row).copied().unwrap_or(usize::MAX)
            }
        };
        match sketches.get_mut(index) {
            Some(sketch) => Ok(Some(sketch)),
            None => Err(internal(function, format!("no group for row {row}"))),
        }
    }

    /// Calls `f(sketch, row, item)` for each non-null item of `values` (a
    /// type [`item_type`](crate::input::item_type) returned) and the
    /// sketch its row goes to.
    pub fn each_item<S>(
        &self,
        function: &str,
        sketches: &mut [S],
        values: &dyn Array,
        mut f: impl FnMut(&mut S, usize, Item<'_>) -> Result<()>,
    ) -> Result<()> {
        for_each_item(function, values, |row, item| {
            match self.sketch(function, sketches, row)? {
                Some(sketch) => f(sketch, row, item),
                None => Ok(()),
            }
        })
    }

    /// Calls `f(sketch, row, x)` for each non-null number of `values` (a
    /// `DOUBLE` column) and the sketch its row goes to.
    pub fn each_number<S>(
        &self,
        function: &str,
        sketches: &mut [S],
        values: &dyn Array,
        mut f: impl FnMut(&mut S, usize, f64) -> Result<()>,
    ) -> Result<()> {
        for_each_f64(function, values, |row, x| {
            match self.sketch(function, sketches, row)? {
                Some(sketch) => f(sketch, row, x),
                None => Ok(()),
            }
        })
    }
}

/// A sketch family as SQL functions: `<PREFIX>_agg(value, params...)`
/// builds a sketch, `<PREFIX>_merge(sketch)` merges stored ones.
pub(crate) trait Family:
    Debug + Default + Clone + PartialEq + Eq + Hash + Send + Sync + 'static
{
    /// The sketch; its encoding is the partial state and the stored form.
    type Sketch: Semigroup + Codec + Clone + Debug + Send + Sync + 'static;

    /// Everything an empty sketch is built from.
    type Params: Clone + Debug + Send + Sync + 'static;

    /// The function name prefix (`hll`).
    const PREFIX: &'static str;

    /// The constant parameters after the value, in order; all optional.
    const PARAMS: &'static [Param];

    /// The SQL types the value accepts, for error messages.
    const VALUE_TYPES: &'static str;

    /// True if merging the same partials in another order can give
    /// another sketch (KLL's random compactions, SpaceSaving's pruning
    /// beyond its capacity): the final step then merges them in a fixed
    /// order (see `Pending`).
    const MERGE_ORDER_MATTERS: bool = false;

    /// The type a value argument of type `t` is read as, `None` if the
    /// family cannot sketch it.
    fn value_type(t: &DataType) -> Option<DataType>;

    /// The parameters given (defaults for the missing ones).
    ///
    /// # Errors
    ///
    /// A planning error for a value out of range.
    fn params(values: &Values<'_>) -> Result<Self::Params>;

    /// The empty sketch of `params`.
    fn empty(params: &Self::Params) -> Self::Sketch;

    /// Inserts each non-null value of `values` (of a type
    /// [`value_type`](Family::value_type) returned) into the sketch
    /// `rows` sends it to.
    ///
    /// # Errors
    ///
    /// An execution error naming `function` and the row for a value the
    /// sketch refuses (NaN for a quantile sketch, an overflowing count).
    fn update(
        function: &str,
        sketches: &mut [Self::Sketch],
        rows: &Rows<'_>,
        values: &dyn Array,
    ) -> Result<()>;

    /// Bytes the sketch holds on the heap (for DataFusion's memory
    /// accounting).
    fn heap_size(sketch: &Self::Sketch) -> usize;

    /// `Some` only for families whose sketch is a [`Group`]: how to take
    /// values and sketches out again (sliding window frames).
    fn inverse() -> Option<Inverse<Self::Sketch>> {
        None
    }
}

/// How a group's values and sketches are removed again, for DataFusion's
/// `retract_batch`. Only [`Inverse::of_group`] builds one, so only a
/// [`Group`] retracts.
pub(crate) struct Inverse<S> {
    /// Removes the non-null values of a column (insert with weight -1).
    pub remove_values: fn(&str, &mut S, &dyn Array) -> Result<()>,
    /// Subtracts a sketch: the group's inverse.
    pub subtract: fn(&mut S, &S) -> sketchfold::Result<()>,
    /// The identity with a sketch's parameters.
    pub empty_like: fn(&S) -> S,
}

impl<S: Group> Inverse<S> {
    /// The inverse of a group, with its own way to remove values.
    pub fn of_group(remove_values: fn(&str, &mut S, &dyn Array) -> Result<()>) -> Inverse<S> {
        Inverse {
            remove_values,
            subtract: S::subtract,
            empty_like: S::empty_like,
        }
    }
}
