//! The bookkeeping of DataSketches' HLL_4 registers, replicated so that an
//! HLL_4 image written here is the one DataSketches writes.
//!
//! HLL_4 stores each register as a nibble `value - curMin`. `curMin` is the
//! smallest register value and `numAtCurMin` how many registers hold it; when
//! the last of them rises, `curMin` goes up by one (repeatedly, while no
//! register holds it), which is why `curMin` is always the true minimum. A
//! register `curMin + 15` or more is an *exception*: its nibble is 15 and
//! its value lives in the aux table, an open-addressing map from register
//! index to value whose layout (and so the order of a compact image's aux
//! entries) depends on the history of inserts, growths and `curMin` shifts.
//!
//! sketchfold keeps the true register values elsewhere; this type tracks
//! only `curMin`, `numAtCurMin` and the aux table, driven by every register
//! increase in DataSketches' order.
//!
//! DataSketches reads an aux table (compact or updatable) by adding its
//! entries, in image order, to a new table, which can reorder entries that
//! collided. sketchfold builds that table too (later updates go as in
//! DataSketches) and keeps the image's table until the aux table changes,
//! so that reading and writing an image gives it back unchanged.

use super::format::{lg_aux_init, over_three_quarters, pair, AUX_TOKEN};
use crate::cardinality::hashing::{coupon_slot, coupon_value};

/// The aux table: `2^lg` entries `value << 26 | register`, 0 = empty.
#[derive(Clone, Debug)]
pub(super) struct AuxMap {
    pub(super) lg: u8,
    lg_k: u8,
    pub(super) entries: Vec<u32>,
    pub(super) count: u32,
}

enum AuxProbe {
    Found(usize),
    Empty(usize),
    Full,
}

impl AuxMap {
    pub(super) fn new(lg: u8, lg_k: u8) -> AuxMap {
        AuxMap {
            lg,
            lg_k,
            entries: vec![0; 1 << lg],
            count: 0,
        }
    }

    fn find(&self, slot: u32) -> AuxProbe {
        let mask = self.entries.len() - 1;
        let k_mask = (1u32 << self.lg_k) - 1;
        let stride = ((slot >> self.lg) | 1) as usize;
        let mut probe = slot as usize & mask;
        for _ in 0..self.entries.len() {
            match self.entries[probe] {
                0 => return AuxProbe::Empty(probe),
                e if e & k_mask == slot => return AuxProbe::Found(probe),
                _ => probe = (probe + stride) & mask,
            }
        }
        AuxProbe::Full
    }

    /// A table taken as it is, to check an image's layout.
    pub(super) fn from_entries(lg: u8, lg_k: u8, entries: Vec<u32>) -> AuxMap {
        let count = entries.iter().filter(|&&e| e != 0).count() as u32;
        AuxMap {
            lg,
            lg_k,
            entries,
            count,
        }
    }

    /// The index of register `slot`'s entry, if present.
    pub(super) fn position(&self, slot: u32) -> Option<usize> {
        match self.find(slot) {
            AuxProbe::Found(i) => Some(i),
            _ => None,
        }
    }

    /// Adds register `slot` (absent) with `value`, then grows past 3/4.
    /// Returns false if `slot` was already present (nothing changes).
    pub(super) fn add(&mut self, slot: u32, value: u8) -> bool {
        loop {
            match self.find(slot) {
                AuxProbe::Found(_) => return false,
                AuxProbe::Empty(i) => {
                    self.entries[i] = pair(slot, value);
                    self.count += 1;
                    if over_three_quarters(u64::from(self.count), self.lg) {
                        self.grow();
                    }
                    return true;
                }
                // Unreachable: the table grows before it is full.
                AuxProbe::Full => self.grow(),
            }
        }
    }

    /// Replaces the value of register `slot` (present).
    fn replace(&mut self, slot: u32, value: u8) {
        if let AuxProbe::Found(i) = self.find(slot) {
            self.entries[i] = pair(slot, value);
        }
    }

    /// Doubles the table, re-inserting in array order.
    fn grow(&mut self) {
        let old = std::mem::replace(&mut self.entries, vec![0; 1 << (self.lg + 1)]);
        self.lg += 1;
        for e in old.into_iter().filter(|&e| e != 0) {
            if let AuxProbe::Empty(i) = self.find(coupon_slot(e) & ((1 << self.lg_k) - 1)) {
                self.entries[i] = e;
            }
        }
    }

    /// `(register, value)` in table order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        let k_mask = (1u32 << self.lg_k) - 1;
        self.entries
            .iter()
            .filter(|&&e| e != 0)
            .map(move |&e| (e & k_mask, coupon_value(e)))
    }
}

/// The aux table of the image an HLL_4 sketch was read from: its lgArr,
/// the whole table if the image was updatable, and the entries in order.
#[derive(Clone, Debug)]
pub(super) struct AuxImage {
    pub(super) lg: u8,
    pub(super) table: Option<Vec<u32>>,
    pub(super) order: Vec<u32>,
}

/// `curMin`, `numAtCurMin` and the aux table of an HLL_4 sketch.
#[derive(Clone, Debug)]
pub(super) struct Hll4 {
    pub(super) cur_min: u8,
    pub(super) num_at_cur_min: u32,
    pub(super) aux: Option<AuxMap>,
    /// The aux table as read, until it changes.
    pub(super) as_read: Option<AuxImage>,
}

impl Hll4 {
    /// The state of `2^lg_k` zero registers.
    pub(super) fn new(lg_k: u8) -> Hll4 {
        Hll4 {
            cur_min: 0,
            num_at_cur_min: 1 << lg_k,
            aux: None,
            as_read: None,
        }
    }

    /// Follows register `slot` rising from `old` to `new`; `registers`
    /// already holds the new value.
    pub(super) fn raised(&mut self, lg_k: u8, registers: &[u8], slot: u32, old: u8, new: u8) {
        let cur_min = self.cur_min;
        if old.saturating_sub(cur_min) >= AUX_TOKEN {
            self.as_read = None;
            if let Some(aux) = &mut self.aux {
                aux.replace(slot, new);
            }
        } else if new.saturating_sub(cur_min) >= AUX_TOKEN {
            self.as_read = None;
            self.aux
                .get_or_insert_with(|| AuxMap::new(lg_aux_init(lg_k), lg_k))
                .add(slot, new);
        }
        if old == cur_min {
            self.num_at_cur_min = self.num_at_cur_min.saturating_sub(1);
            while self.num_at_cur_min == 0 && self.cur_min < 63 {
                self.as_read = None;
                self.shift(lg_k, registers);
            }
        }
    }

    /// Raises `curMin` by one: counts the registers at the new minimum and
    /// rebuilds the aux table (in old table order) from the exceptions
    /// that remain exceptions.
    fn shift(&mut self, lg_k: u8, registers: &[u8]) {
        let new_min = self.cur_min + 1;
        self.num_at_cur_min = registers.iter().filter(|&&v| v == new_min).count() as u32;
        if let Some(old) = self.aux.take() {
            for (slot, value) in old.iter() {
                if value.saturating_sub(new_min) >= AUX_TOKEN {
                    self.aux
                        .get_or_insert_with(|| AuxMap::new(lg_aux_init(lg_k), lg_k))
                        .add(slot, value);
                }
            }
        }
        self.cur_min = new_min;
    }

    /// The aux entries in the order of a compact image, and its lgArr (0
    /// without entries).
    pub(super) fn compact_aux(&self) -> (u8, Vec<u32>) {
        match (&self.as_read, &self.aux) {
            (Some(image), _) => (image.lg, image.order.clone()),
            (None, Some(aux)) => (
                aux.lg,
                aux.entries.iter().copied().filter(|&e| e != 0).collect(),
            ),
            (None, None) => (0, vec![]),
        }
    }

    /// The aux table of an updatable image and its lgArr (0 and an empty
    /// table of the initial size without entries, as DataSketches writes).
    pub(super) fn updatable_aux(&self, lg_k: u8) -> (u8, Vec<u32>) {
        match (&self.as_read, &self.aux) {
            (
                Some(AuxImage {
                    lg,
                    table: Some(table),
                    ..
                }),
                _,
            ) => (*lg, table.clone()),
            (_, Some(aux)) => (aux.lg, aux.entries.clone()),
            (_, None) => (0, vec![0; 1 << lg_aux_init(lg_k)]),
        }
    }

    /// The aux entries, sorted (whatever the table layout).
    pub(super) fn sorted_aux(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .aux
            .iter()
            .flat_map(|a| a.entries.iter().copied())
            .filter(|&e| e != 0)
            .collect();
        v.sort_unstable();
        v
    }

    /// The nibble of a register holding `value`.
    pub(super) fn nibble(&self, value: u8) -> u8 {
        value.saturating_sub(self.cur_min).min(AUX_TOKEN)
    }
}
