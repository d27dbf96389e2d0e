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

/// The exact `(kxq0, kxq1)` of registers: the sums of `2^-value` over the
/// registers below 32 and from 32 up. Every partial sum is a dyadic
/// rational that an `f64` holds exactly (at most 2^18 terms), so the
/// result does not depend on the order of the additions, and equals what
/// DataSketches' incremental updates arrive at.
pub(super) fn kxq(registers: &[u8]) -> (f64, f64) {
    let mut kxq0 = 0.0;
    let mut kxq1 = 0.0;
    for &v in registers {
        if v < 32 {
            kxq0 += inv_pow2(v);
        } else {
            kxq1 += inv_pow2(v);
        }
    }
    (kxq0, kxq1)
}

/// Interpolation nodes of DataSketches' LIST and SET estimate: `Y[i]` is
/// the number of distinct items whose expected number of distinct coupons
/// (over 2^26 slots and the geometric values) is `X[i]`. These are
/// DataSketches' own tabulated values (`CubicInterpolation`, "computed for
/// coupon lgK = 26"), needed bit for bit because the HIP accumulator of a
/// sketch starts from this estimate when its SET turns into registers;
/// `tests/datasketches_hll.rs` checks them against the function they
/// tabulate. Only the first nodes are kept: a SET holds at most
/// `3/4 * 2^15` coupons at lgK 18, far below `X[5]`.
const COUPON_X: [f64; 7] = [0.0, 1.0, 20.0, 400.0, 8_000.0, 160_000.0, 300_000.0];
const COUPON_Y: [f64; 7] = [
    0.0,
    1.0,
    20.000_000_943_740_26,
    400.000_396_371_338_4,
    8_000.158_929_460_209,
    160_063.606_776_375_96,
    300_223.707_159_766_35,
];

/// The estimate DataSketches reports for `count` distinct coupons (LIST or
/// SET mode): the interpolated table value, at least `count`. Computed
/// with the same four-point Lagrange form and the same order of
/// floating-point operations as DataSketches, so the result is identical
/// to the last bit.
pub(super) fn coupon_estimate(count: u32) -> f64 {
    let x = f64::from(count);
    // The interval [X[j], X[j+1]) holding x; the four nodes start one
    // before it (at 0 for the first interval). Counts of 160,000 and up
    // never occur (see COUPON_X).
    let Some(j) = (0..5).find(|&j| COUPON_X[j] <= x && x < COUPON_X[j + 1]) else {
        return x;
    };
    let s = j.saturating_sub(1);
    let [x0, x1, x2, x3] = [
        COUPON_X[s],
        COUPON_X[s + 1],
        COUPON_X[s + 2],
        COUPON_X[s + 3],
    ];
    let [y0, y1, y2, y3] = [
        COUPON_Y[s],
        COUPON_Y[s + 1],
        COUPON_Y[s + 2],
        COUPON_Y[s + 3],
    ];
    let term = |y: f64, xi: f64, [a, b, c]: [f64; 3]| {
        y * ((x - a) * (x - b) * (x - c)) / ((xi - a) * (xi - b) * (xi - c))
    };
    let estimate = term(y0, x0, [x1, x2, x3])
        + term(y1, x1, [x0, x2, x3])
        + term(y2, x2, [x0, x1, x3])
        + term(y3, x3, [x0, x1, x2]);
    estimate.max(x)
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
