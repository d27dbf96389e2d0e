//! Partial states: one binary field holding the sketch's encoding, and
//! the merge of a column of them.

use std::sync::Arc;

use datafusion::arrow::array::Array;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::error::Result;
use datafusion::logical_expr::utils::format_state_name;
use sketchfold::algebra::Semigroup;
use sketchfold::codec::Codec;

use crate::error::exec;
use crate::input::for_each_bytes;

/// The one state field of a sketch aggregate named `name`: the encoded
/// sketch (`NULL` for a merge that has seen no sketch yet).
pub(crate) fn state_fields(name: &str) -> Vec<FieldRef> {
    vec![Arc::new(Field::new(
        format_state_name(name, "sketch"),
        DataType::Binary,
        true,
    ))]
}

/// Decodes every non-null sketch of `column`; `what` names the column in
/// errors ("partial state", "sketch").
pub(crate) fn decode_all<S: Codec>(
    function: &str,
    what: &str,
    column: &dyn Array,
) -> Result<Vec<S>> {
    let mut sketches = Vec::new();
    for_each_bytes(function, column, |row, bytes| {
        sketches
            .push(S::decode(bytes).map_err(|e| exec(function, format!("{what} in row {row}"), e))?);
        Ok(())
    })?;
    Ok(sketches)
}

/// Merges `sketches` into `into` (one batch merge, which leaves `into`
/// unchanged if any of them is incompatible).
pub(crate) fn merge_into<S: Semigroup>(function: &str, into: &mut S, sketches: &[S]) -> Result<()> {
    into.merge_all(sketches)
        .map_err(|e| exec(function, "merging sketches", e))
}
