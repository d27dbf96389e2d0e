//! The [`GroupsAccumulator`] of `<family>_agg`: every group's sketch in one
//! vector, updated row by row from the batch's group indices, so that a
//! `GROUP BY` with many groups pays no per-group dispatch or array slicing
//! (DataFusion's adapter for plain accumulators does both).

use std::mem::size_of;

use datafusion::arrow::array::{ArrayRef, BinaryArray, BooleanArray};
use datafusion::error::Result;
use datafusion::logical_expr::{EmitTo, GroupsAccumulator};
use sketchfold::algebra::Semigroup;
use sketchfold::codec::Codec;

use super::partial::{merge_into, Pending};
use crate::error::exec;
use crate::family::{Family, Rows};
use crate::input::for_each_bytes;

/// Every group's sketch, its kept partials and its last known heap size.
pub(crate) struct BuildGroups<F: Family> {
    name: String,
    params: F::Params,
    sketches: Vec<F::Sketch>,
    /// Per group, for families whose merge order matters; empty otherwise.
    pending: Vec<Pending>,
    /// Per group: heap bytes when last touched.
    sizes: Vec<usize>,
    /// The sum of `sizes`.
    total: usize,
    /// Per group: the batch that last touched it (to size each group once
    /// a batch).
    touched: Vec<u64>,
    batch: u64,
}

impl<F: Family> std::fmt::Debug for BuildGroups<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildGroups")
            .field("name", &self.name)
            .field("groups", &self.sketches.len())
            .finish()
    }
}

impl<F: Family> BuildGroups<F> {
    /// No groups yet; new groups start as `F::empty(params)`.
    pub fn new(name: String, params: F::Params) -> BuildGroups<F> {
        BuildGroups {
            name,
            params,
            sketches: Vec::new(),
            pending: Vec::new(),
            sizes: Vec::new(),
            total: 0,
            touched: Vec::new(),
            batch: 0,
        }
    }

    /// Makes room for `groups` groups and starts a new batch.
    fn grow(&mut self, groups: usize) {
        if self.sketches.len() < groups {
            let empty = F::empty(&self.params);
            self.sketches.resize(groups, empty);
            if F::MERGE_ORDER_MATTERS {
                self.pending.resize_with(groups, Pending::default);
            }
            let before = self.sizes.len();
            self.sizes.resize(groups, 0);
            self.touched.resize(groups, 0);
            for g in before..groups {
                self.sizes[g] = F::heap_size(&self.sketches[g]);
                self.total += self.sizes[g];
            }
        }
        self.batch += 1;
    }

    /// Sizes again the groups of `groups` (each once).
    fn resize_touched(&mut self, groups: &[usize]) {
        for &g in groups {
            if self.touched.get(g) == Some(&self.batch) || g >= self.sketches.len() {
                continue;
            }
            self.touched[g] = self.batch;
            let size =
                F::heap_size(&self.sketches[g]) + self.pending.get(g).map_or(0, Pending::heap_size);
            self.total = self.total - self.sizes[g] + size;
            self.sizes[g] = size;
        }
    }

    /// Takes the groups `emit_to` asks for, with their kept partials merged
    /// in, encoded.
    fn emit(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let mut sketches = emit_to.take_needed(&mut self.sketches);
        let mut pending = if F::MERGE_ORDER_MATTERS {
            emit_to.take_needed(&mut self.pending)
        } else {
            Vec::new()
        };
        let sizes = emit_to.take_needed(&mut self.sizes);
        emit_to.take_needed(&mut self.touched);
        self.total -= sizes.iter().sum::<usize>();
        for (sketch, kept) in sketches.iter_mut().zip(pending.iter_mut()) {
            let partials = kept.take_sorted::<F::Sketch>(&self.name)?;
            merge_into(&self.name, sketch, &partials)?;
        }
        let encoded = BinaryArray::from_iter_values(sketches.iter().map(Codec::encode));
        Ok(std::sync::Arc::new(encoded))
    }
}

impl<F: Family> GroupsAccumulator for BuildGroups<F> {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        let rows = Rows::Groups {
            groups: group_indices,
            filter: opt_filter,
        };
        F::update(&self.name, &mut self.sketches, &rows, values[0].as_ref())?;
        self.resize_touched(group_indices);
        Ok(())
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        let rows = Rows::Groups {
            groups: group_indices,
            filter: None,
        };
        let name = &self.name;
        let (sketches, pending) = (&mut self.sketches, &mut self.pending);
        for_each_bytes(name, values[0].as_ref(), |row, bytes| {
            if F::MERGE_ORDER_MATTERS {
                if let Some(kept) = rows.sketch(name, pending, row)? {
                    kept.push(bytes);
                }
                return Ok(());
            }
            let Some(sketch) = rows.sketch(name, sketches, row)? else {
                return Ok(());
            };
            let partial = F::Sketch::decode(bytes)
                .map_err(|e| exec(name, format!("partial state in row {row}"), e))?;
            sketch
                .merge(&partial)
                .map_err(|e| exec(name, "merging sketches", e))
        })?;
        self.resize_touched(group_indices);
        Ok(())
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        self.emit(emit_to)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        Ok(vec![self.emit(emit_to)?])
    }

    /// Each row's own sketch, encoded. Correct, but not offered to
    /// DataFusion ([`supports_convert_to_state`] stays false): a sketch a
    /// row (a whole Bloom filter, a Count-Min table) is far larger than
    /// the row, so skipping the partial aggregation would cost more than
    /// it saves.
    ///
    /// [`supports_convert_to_state`]: GroupsAccumulator::supports_convert_to_state
    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        let n = values[0].len();
        let mut sketches = vec![F::empty(&self.params); n];
        let groups: Vec<usize> = (0..n).collect();
        let rows = Rows::Groups {
            groups: &groups,
            filter: opt_filter,
        };
        F::update(&self.name, &mut sketches, &rows, values[0].as_ref())?;
        let encoded = BinaryArray::from_iter_values(sketches.iter().map(Codec::encode));
        Ok(vec![std::sync::Arc::new(encoded)])
    }

    fn size(&self) -> usize {
        self.total
            + self.sketches.capacity() * size_of::<F::Sketch>()
            + self.pending.capacity() * size_of::<Pending>()
            + (self.sizes.capacity() + self.touched.capacity()) * size_of::<u64>()
            + self.name.capacity()
    }
}
