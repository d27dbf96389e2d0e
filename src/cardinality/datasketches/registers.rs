//! HLL mode: the registers with DataSketches' estimator state (the HIP
//! accumulator, the kxq sums, `curMin` and `numAtCurMin`), updated exactly
//! as DataSketches updates them.

use super::estimators::composite;
use super::format::{inv_pow2, min_and_count, pair, rebuilt_kxq};
use super::hll4::Hll4;
use super::TgtHllType;
use crate::cardinality::hashing::{coupon_slot, coupon_value};

/// HLL-mode state. `registers` holds the true values whatever the target
/// type; `hll4` the HLL_4 bookkeeping when the target is HLL_4.
#[derive(Clone, Debug)]
pub(super) struct Registers {
    pub(super) registers: Box<[u8]>,
    /// The HIP accumulator; 0 while out of order (DataSketches drops it).
    pub(super) hip: f64,
    /// Sum of `2^-value` over registers below 32.
    pub(super) kxq0: f64,
    /// Sum of `2^-value` over registers of 32 and up.
    pub(super) kxq1: f64,
    /// Set once the registers came from a merge: HIP is then meaningless.
    pub(super) out_of_order: bool,
    pub(super) num_zeros: u32,
    pub(super) hll4: Option<Hll4>,
    /// HLL_6 and HLL_8: `(curMin, numAtCurMin)` when `curMin` is above 0.
    /// DataSketches Java (and C++ after a union rebuild) stores the true
    /// minimum and its count there once no register is 0; updates never
    /// change the pair again (DataSketches counts only zeros going), so it
    /// may lag behind the registers. `None`: `curMin` 0, and `numAtCurMin`
    /// is the number of zero registers, as C++ writes.
    pub(super) floor: Option<(u8, u32)>,
}

impl Registers {
    /// `2^lg_k` zero registers, in order.
    pub(super) fn new(lg_k: u8, target: TgtHllType) -> Registers {
        let k = 1u32 << lg_k;
        Registers {
            registers: vec![0; k as usize].into_boxed_slice(),
            hip: 0.0,
            kxq0: f64::from(k),
            kxq1: 0.0,
            out_of_order: false,
            num_zeros: k,
            hll4: (target == TgtHllType::Hll4).then(|| Hll4::new(lg_k)),
            floor: None,
        }
    }

    /// log2 of the register count.
    pub(super) fn lg_k(&self) -> u8 {
        self.registers.len().trailing_zeros() as u8
    }

    /// What DataSketches does to a union's HLL_8 registers before it
    /// estimates or writes them: `curMin`, `numAtCurMin` and the kxq sums
    /// recomputed from the registers. `curMin` is then the true minimum.
    /// (HLL_4 keeps its own, always exact, `curMin` bookkeeping.)
    pub(super) fn rebuild(&mut self) {
        (self.kxq0, self.kxq1) = rebuilt_kxq(&self.registers);
        let (min, count) = min_and_count(&self.registers);
        self.floor = (min > 0 && self.hll4.is_none()).then_some((min, count));
    }

    /// The state DataSketches builds when it converts a merged (out of
    /// order) register array to `target`: the registers replayed in index
    /// order, no HIP.
    pub(super) fn from_merged(lg_k: u8, target: TgtHllType, registers: &[u8]) -> Registers {
        let mut out = Registers::new(lg_k, target);
        out.out_of_order = true;
        for (i, &v) in registers.iter().enumerate() {
            if v > 0 {
                out.update(lg_k, pair(i as u32, v));
            }
        }
        out
    }

    /// One coupon, as DataSketches' `couponUpdate`: if the register rises,
    /// HIP grows by `k / (kxq0 + kxq1)` (the probability that an item
    /// changes a register, from before the change), then the kxq sums and
    /// the HLL_4 bookkeeping follow.
    pub(super) fn update(&mut self, lg_k: u8, coupon: u32) {
        let k_mask = (1u32 << lg_k) - 1;
        let slot = coupon_slot(coupon) & k_mask;
        let new = coupon_value(coupon);
        let Some(reg) = self.registers.get_mut(slot as usize) else {
            return;
        };
        let old = *reg;
        if new <= old {
            return;
        }
        *reg = new;
        if !self.out_of_order {
            self.hip += f64::from(1u32 << lg_k) / (self.kxq0 + self.kxq1);
        }
        if old < 32 {
            self.kxq0 -= inv_pow2(old);
        } else {
            self.kxq1 -= inv_pow2(old);
        }
        if new < 32 {
            self.kxq0 += inv_pow2(new);
        } else {
            self.kxq1 += inv_pow2(new);
        }
        if old == 0 {
            self.num_zeros = self.num_zeros.saturating_sub(1);
        }
        if let Some(h4) = &mut self.hll4 {
            h4.raised(lg_k, &self.registers, slot, old, new);
        }
    }

    /// `curMin`: HLL_4's, or the `floor` of HLL_6 and HLL_8 (0 if none).
    pub(super) fn cur_min(&self) -> u8 {
        match (&self.hll4, self.floor) {
            (Some(h), _) => h.cur_min,
            (None, Some((min, _))) => min,
            (None, None) => 0,
        }
    }

    /// `numAtCurMin`: HLL_4's, the `floor`'s, or the number of zeros.
    pub(super) fn num_at_cur_min(&self) -> u32 {
        match (&self.hll4, self.floor) {
            (Some(h), _) => h.num_at_cur_min,
            (None, Some((_, count))) => count,
            (None, None) => self.num_zeros,
        }
    }

    /// DataSketches' notion of an empty HLL array.
    pub(super) fn is_empty(&self) -> bool {
        self.cur_min() == 0 && self.num_at_cur_min() as usize == self.registers.len()
    }

    /// The same registers and estimator state (aux tables compared by
    /// content, not layout).
    pub(super) fn same_as(&self, other: &Registers) -> bool {
        let hll4 = match (&self.hll4, &other.hll4) {
            (Some(a), Some(b)) => {
                (a.cur_min, a.num_at_cur_min) == (b.cur_min, b.num_at_cur_min)
                    && a.sorted_aux() == b.sorted_aux()
            }
            (a, b) => a.is_none() && b.is_none(),
        };
        hll4 && self.registers == other.registers
            && self.floor == other.floor
            && self.out_of_order == other.out_of_order
            && [self.hip, self.kxq0, self.kxq1].map(f64::to_bits)
                == [other.hip, other.kxq0, other.kxq1].map(f64::to_bits)
    }

    /// DataSketches' composite estimate of the registers (its estimate of
    /// an out-of-order sketch).
    pub(super) fn composite_estimate(&self) -> f64 {
        composite(
            self.lg_k(),
            self.kxq0 + self.kxq1,
            self.cur_min(),
            self.num_at_cur_min(),
        )
    }

    /// DataSketches' estimate: HIP in order, composite out of order.
    pub(super) fn estimate(&self) -> f64 {
        if self.out_of_order {
            self.composite_estimate()
        } else {
            self.hip
        }
    }
}
