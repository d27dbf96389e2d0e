//! The sparse representation: an open-addressing set of coupons keyed by
//! their 26-bit slot, keeping the largest value seen per slot.

use super::hashing::{coupon_slot, coupon_value};

#[derive(Clone, Debug, Default)]
pub(crate) struct Sparse {
    /// Power-of-two table of coupons; 0 marks an empty entry (a coupon's
    /// value is at least 1, so no coupon is 0).
    table: Vec<u32>,
    len: usize,
}

impl Sparse {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.table.capacity() * 4
    }

    /// Inserts a coupon, keeping the larger value for an existing slot.
    #[inline]
    pub(crate) fn insert(&mut self, coupon: u32) {
        if (self.len + 1) * 4 > self.table.len() * 3 {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let slot = coupon_slot(coupon);
        let mut i = slot as usize & mask;
        loop {
            let e = self.table[i];
            if e == 0 {
                self.table[i] = coupon;
                self.len += 1;
                return;
            }
            if coupon_slot(e) == slot {
                if coupon_value(coupon) > coupon_value(e) {
                    self.table[i] = coupon;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let new_len = (self.table.len() * 2).max(8);
        let old = std::mem::replace(&mut self.table, vec![0; new_len]);
        self.len = 0;
        for c in old.into_iter().filter(|&c| c != 0) {
            self.insert(c);
        }
    }

    /// The coupons, in table order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.table.iter().copied().filter(|&c| c != 0)
    }

    /// The coupons sorted by slot: the canonical order for encoding and
    /// comparison.
    pub(crate) fn sorted(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.iter().collect();
        v.sort_unstable_by_key(|&c| coupon_slot(c));
        v
    }
}
