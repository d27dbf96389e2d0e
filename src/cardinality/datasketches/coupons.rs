//! DataSketches' coupon containers, replicated rule for rule so that
//! coupons land in the same array positions as in DataSketches:
//!
//! - LIST: 8 slots filled front to back; a coupon already present is a
//!   duplicate. The sketch leaves LIST mode when the 8th coupon arrives.
//! - SET: an open-addressing table of `2^lgArr` slots. A coupon starts at
//!   `coupon & (size - 1)` and steps by `((coupon & 0x3FFFFFF) >> lgArr) | 1`
//!   (odd, so every slot is visited). More than 3/4 full, the table doubles
//!   (re-inserting in array order) or, at `lgArr = lgK - 3`, the sketch turns
//!   into registers.
//!
//! Both compare whole coupons: two coupons with the same 26-bit slot and
//! different values are both kept, as in DataSketches.
//!
//! DataSketches reads a compact SET by inserting its coupons, in image
//! order, into a new table, where coupons that collided can settle in
//! another order: writing it again would reorder them. sketchfold builds
//! the same table (so later updates go exactly as in DataSketches) and
//! keeps the image's order until the next new coupon, so that reading and
//! writing an image gives it back unchanged.

use super::format::{over_three_quarters, LIST_LG_ARR, SET_INIT_LG_ARR};
use crate::cardinality::hashing::SLOT_MASK;

/// A LIST or SET: `2^lg_arr` coupon slots (0 = empty).
#[derive(Clone, Debug)]
pub(super) struct Coupons {
    pub(super) lg_arr: u8,
    pub(super) slots: Vec<u32>,
    pub(super) count: u32,
    /// The out-of-order flag as read from an image (always false for
    /// sketches built by updates).
    pub(super) out_of_order: bool,
    /// The lgArr and coupon order of the compact SET image this was read
    /// from, until a new coupon arrives.
    pub(super) as_read: Option<(u8, Vec<u32>)>,
}

/// Where a SET probe for a coupon ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Probe {
    /// The coupon is at this index.
    Found(usize),
    /// The coupon is absent; this is the empty slot where it would go.
    Empty(usize),
    /// Absent, and the table has no empty slot (never the case for a table
    /// kept at most 3/4 full).
    Full,
}

impl Coupons {
    /// An empty LIST.
    pub(super) fn list() -> Coupons {
        Coupons::with_lg(LIST_LG_ARR)
    }

    /// An empty SET of the initial size.
    pub(super) fn set() -> Coupons {
        Coupons::with_lg(SET_INIT_LG_ARR)
    }

    pub(super) fn with_lg(lg_arr: u8) -> Coupons {
        Coupons {
            lg_arr,
            slots: vec![0; 1 << lg_arr],
            count: 0,
            out_of_order: false,
            as_read: None,
        }
    }

    /// The coupons in the order of a compact image, and its lgArr.
    pub(super) fn compact_order(&self) -> (u8, Vec<u32>) {
        match &self.as_read {
            Some((lg, order)) => (*lg, order.clone()),
            None => (self.lg_arr, self.iter().collect()),
        }
    }

    /// The coupons, sorted: what two LISTs or SETs of the same content
    /// share, whatever their layout.
    pub(super) fn sorted(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.iter().collect();
        v.sort_unstable();
        v
    }

    /// The coupons in array order (the order of a compact image).
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots.iter().copied().filter(|&c| c != 0)
    }

    /// LIST insert: into the first empty slot unless already present.
    /// Returns whether the coupon was new.
    pub(super) fn list_insert(&mut self, coupon: u32) -> bool {
        for slot in &mut self.slots {
            if *slot == 0 {
                *slot = coupon;
                self.count += 1;
                return true;
            }
            if *slot == coupon {
                return false;
            }
        }
        false
    }

    /// True once every LIST slot holds a coupon.
    pub(super) fn is_full(&self) -> bool {
        self.count as usize >= self.slots.len()
    }

    /// The SET probe sequence for `coupon`.
    pub(super) fn find(&self, coupon: u32) -> Probe {
        let mask = self.slots.len() - 1;
        let stride = (((coupon & SLOT_MASK) >> self.lg_arr) | 1) as usize;
        let mut probe = coupon as usize & mask;
        for _ in 0..self.slots.len() {
            match self.slots[probe] {
                0 => return Probe::Empty(probe),
                c if c == coupon => return Probe::Found(probe),
                _ => probe = (probe + stride) & mask,
            }
        }
        Probe::Full
    }

    /// SET insert, without the grow-or-promote check. Returns whether the
    /// coupon was new.
    pub(super) fn set_insert(&mut self, coupon: u32) -> bool {
        loop {
            match self.find(coupon) {
                Probe::Found(_) => return false,
                Probe::Empty(i) => {
                    self.slots[i] = coupon;
                    self.count += 1;
                    self.as_read = None;
                    return true;
                }
                // Unreachable while the table is kept at most 3/4 full;
                // growing keeps the insert total.
                Probe::Full => *self = self.grown(),
            }
        }
    }

    /// True when a SET must grow (or turn into registers).
    pub(super) fn set_over_full(&self) -> bool {
        over_three_quarters(u64::from(self.count), self.lg_arr)
    }

    /// True if a SET reaching `count` coupons at `lg_k` (8 or more) turns
    /// into registers: more than 3/4 of its largest table, `2^(lgK - 3)`.
    pub(super) fn promotes(lg_k: u8, count: usize) -> bool {
        over_three_quarters(count as u64, lg_k.saturating_sub(3))
    }

    /// The SET at twice the size, coupons re-inserted in array order.
    pub(super) fn grown(&self) -> Coupons {
        let mut out = Coupons::with_lg(self.lg_arr + 1);
        out.out_of_order = self.out_of_order;
        for c in self.iter() {
            out.set_insert(c);
        }
        out
    }
}
