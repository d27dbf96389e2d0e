//! What the generic aggregates need to know about a sketch family: how
//! its SQL arguments look, how it is built from parameters, how a column's
//! values go in, and (for groups only) how they come out again.

use std::fmt::Debug;
use std::hash::Hash;

use datafusion::arrow::array::Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use sketchfold::algebra::{Group, Semigroup};
use sketchfold::codec::Codec;

use crate::params::{Param, Values};

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

    /// Inserts the non-null values of `values` (of a type
    /// [`value_type`](Family::value_type) returned).
    ///
    /// # Errors
    ///
    /// An execution error naming `function` and the row for a value the
    /// sketch refuses (NaN for a quantile sketch, an overflowing count).
    fn update(function: &str, sketch: &mut Self::Sketch, values: &dyn Array) -> Result<()>;

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
