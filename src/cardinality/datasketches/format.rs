//! Constants of the DataSketches HLL image (family 7, serial version 1) and
//! the few numeric facts of DataSketches' behaviour that an exact replica
//! needs: the initial aux-table sizes and the coupon-count interpolation
//! nodes. Layout reference: `org.apache.datasketches.hll.PreambleUtil`
//! (Java) and `hll/include/HllUtil.hpp` (C++).

use crate::cardinality::hashing::{SLOT_BITS, SLOT_MASK};

/// The DataSketches family id of HLL sketches.
pub(super) const FAMILY_ID: u8 = 7;
/// The only serial version there is.
pub(super) const SERIAL_VERSION: u8 = 1;

/// Preamble ints (byte 0) of each mode.
pub(super) const LIST_PRE_INTS: u8 = 2;
pub(super) const SET_PRE_INTS: u8 = 3;
pub(super) const HLL_PRE_INTS: u8 = 10;

/// Flags (byte 5). Bits 1 and 2 are "reserved" and "read-only", set by no
/// current writer and read by no reader; bit 32 is "start full size" in C++
/// and "rebuild curMin, numAtCurMin and kxq" in Java (union images).
pub(super) const FLAG_RESERVED: u8 = 1;
pub(super) const FLAG_READ_ONLY: u8 = 2;
pub(super) const FLAG_EMPTY: u8 = 4;
pub(super) const FLAG_COMPACT: u8 = 8;
pub(super) const FLAG_OUT_OF_ORDER: u8 = 16;
pub(super) const FLAG_REBUILD: u8 = 32;
pub(super) const KNOWN_FLAGS: u8 =
    FLAG_RESERVED | FLAG_READ_ONLY | FLAG_EMPTY | FLAG_COMPACT | FLAG_OUT_OF_ORDER | FLAG_REBUILD;

/// Where the coupons or registers start, per mode.
pub(super) const HLL_HEADER_BYTES: usize = 40;

/// log2 of the LIST array: 8 slots, promoted when full.
pub(super) const LIST_LG_ARR: u8 = 3;
/// log2 of a new SET table.
pub(super) const SET_INIT_LG_ARR: u8 = 5;
/// A nibble of 15 in an HLL_4 image means "the value is in the aux table".
pub(super) const AUX_TOKEN: u8 = 15;

/// Hash tables (SET and aux) grow once more than 3/4 full.
pub(super) fn over_three_quarters(count: u64, lg_size: u8) -> bool {
    4 * count > 3 * (1u64 << lg_size)
}

/// log2 of a new HLL_4 aux table at `lg_k` (DataSketches' `LG_AUX_ARR_INTS`,
/// which sizes the table for the exceptions expected at that lgK).
pub(super) fn lg_aux_init(lg_k: u8) -> u8 {
    match lg_k {
        0..=6 => 2,
        7..=9 => 3,
        10 | 11 => 4,
        12 | 13 => 5,
        _ => lg_k - 8,
    }
}

/// log2 of the aux table DataSketches allocates to read `count` entries of
/// a compact HLL_4 image (`HllUtil::computeLgArrInts` for HLL mode): room
/// for them at most 3/4 full, and never below the initial size.
pub(super) fn lg_aux_for_count(count: u32, lg_k: u8) -> u8 {
    let mut pow = u64::from(count.max(1)).next_power_of_two();
    if 4 * u64::from(count) > 3 * pow {
        pow <<= 1;
    }
    (pow.trailing_zeros() as u8).max(lg_aux_init(lg_k))
}

/// `value << 26 | slot`: a coupon, or an aux entry (slot = register index).
pub(super) fn pair(slot: u32, value: u8) -> u32 {
    (u32::from(value) << SLOT_BITS) | (slot & SLOT_MASK)
}

/// `2^-value`, exactly.
pub(super) fn inv_pow2(value: u8) -> f64 {
    f64::from_bits((1023 - u64::from(value.min(63))) << 52)
}

/// `(kxq0, kxq1)` of registers as DataSketches recomputes them after a
/// union (Java `Union.checkRebuildCurMinNumKxQ`, C++
/// `check_rebuild_kxq_cur_min`): `kxq0` starts at `k` and each non-zero
/// register adds `2^-value - 1` to `kxq0` (below 32) or `kxq1`, in index
/// order. Below value 32 every partial sum is a dyadic rational an `f64`
/// holds exactly (lgK <= 21), so `kxq0 + kxq1` is the sum of `2^-value`.
pub(super) fn rebuilt_kxq(registers: &[u8]) -> (f64, f64) {
    let mut kxq0 = registers.len() as f64;
    let mut kxq1 = 0.0;
    for &v in registers {
        if v == 0 {
            continue;
        }
        if v < 32 {
            kxq0 += inv_pow2(v) - 1.0;
        } else {
            kxq1 += inv_pow2(v) - 1.0;
        }
    }
    (kxq0, kxq1)
}

/// The smallest register value and how many registers hold it.
pub(super) fn min_and_count(registers: &[u8]) -> (u8, u32) {
    let min = registers.iter().copied().min().unwrap_or(0);
    (min, registers.iter().filter(|&&v| v == min).count() as u32)
}

/// The name of a DataSketches family id, for error messages.
pub(super) fn family_name(id: u8) -> String {
    let name = match id {
        3 => "compact Theta",
        7 => "HLL",
        10 => "Frequent Items",
        15 => "KLL",
        16 => "CPC",
        18 => "Count-Min",
        20 => "t-digest",
        _ => return format!("family id {id}"),
    };
    format!("family id {id} ({name})")
}
