//! Partial states: one binary field holding the sketch's encoding, and
//! the merge of a column of them.

use std::mem::size_of;
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

/// Partial states kept by a final aggregation step whose family's merge
/// order changes the result ([`Family::MERGE_ORDER_MATTERS`]): DataFusion
/// delivers partials in the order partitions finish, so they are merged
/// only when the answer is needed, in the order of their bytes, and a
/// query gives the same answer on every run.
///
/// [`Family::MERGE_ORDER_MATTERS`]: crate::family::Family::MERGE_ORDER_MATTERS
#[derive(Debug, Default)]
pub(crate) struct Pending(Vec<Vec<u8>>);

impl Pending {
    /// Keeps the non-null partial states of `column`.
    pub fn keep(&mut self, function: &str, column: &dyn Array) -> Result<()> {
        for_each_bytes(function, column, |_, bytes| {
            self.push(bytes);
            Ok(())
        })
    }

    /// Keeps one partial state.
    pub fn push(&mut self, bytes: &[u8]) {
        self.0.push(bytes.to_vec());
    }

    /// The kept partials, decoded, in the order of their bytes; none are
    /// kept afterwards.
    pub fn take_sorted<S: Codec>(&mut self, function: &str) -> Result<Vec<S>> {
        let mut kept = std::mem::take(&mut self.0);
        kept.sort_unstable();
        kept.iter()
            .enumerate()
            .map(|(i, bytes)| {
                S::decode(bytes).map_err(|e| exec(function, format!("partial state {i}"), e))
            })
            .collect()
    }

    /// Bytes kept on the heap.
    pub fn heap_size(&self) -> usize {
        self.0.iter().map(Vec::capacity).sum::<usize>() + self.0.capacity() * size_of::<Vec<u8>>()
    }
}
