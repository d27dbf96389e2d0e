//! Reading DataSketches HLL images: every field validated, every read
//! bounds-checked, no allocation beyond what the input's length justifies.
//! The state rebuilt is the one DataSketches rebuilds from the same image
//! (compact SETs and aux tables re-inserted in image order, updatable SET
//! tables kept as they are), plus the image's own order where that differs.

use super::coupons::{Coupons, Probe};
use super::format::{
    family_name, over_three_quarters, FAMILY_ID, FLAG_COMPACT, FLAG_EMPTY, FLAG_OUT_OF_ORDER,
    FLAG_REBUILD, HLL_PRE_INTS, KNOWN_FLAGS, LIST_LG_ARR, LIST_PRE_INTS, SERIAL_VERSION,
    SET_INIT_LG_ARR, SET_PRE_INTS,
};
use super::sketch::State;
use super::{DataSketchesHll, HllMode, TgtHllType};
use crate::cardinality::hashing::coupon_value;
use crate::cardinality::sketch::check_precision;
use crate::codec::Reader;
use crate::error::{Error, ErrorKind, Result};

/// The header fields every mode shares.
pub(super) struct Header {
    pub(super) lg_k: u8,
    pub(super) lg_arr: u8,
    /// LIST: the coupon count; HLL: curMin.
    pub(super) byte6: u8,
    pub(super) empty: bool,
    pub(super) compact: bool,
    pub(super) out_of_order: bool,
    pub(super) rebuild: bool,
    pub(super) target: TgtHllType,
}

impl DataSketchesHll {
    /// Reads a DataSketches HLL image (family 7, serial version 1): any
    /// mode (LIST, SET, HLL), any target type, compact or updatable, lgK 4
    /// to 21, as written by DataSketches in Java (Spark, Druid, Pinot,
    /// Hive), C++, Python or Rust.
    ///
    /// The state is the one DataSketches rebuilds from the bytes, so the
    /// estimate is DataSketches' to the last bit and later updates give
    /// what DataSketches gives; written back in the same form before any
    /// update, it gives the input back (where DataSketches would reorder the
    /// coupons of a compact SET, or HLL_4 aux entries, that had collided in
    /// their table). The HIP accumulator, the kxq sums, `curMin` and
    /// `numAtCurMin` are kept as the image holds them, after a check against
    /// the registers: HLL_6 and HLL_8 images may hold `curMin` 0 with the
    /// count of zero registers (C++) or, once no register is 0, a `curMin`
    /// up to the smallest register with a count of at least the registers
    /// there (Java, after a union). Not carried over: the HIP accumulator
    /// of an out-of-order image (DataSketches drops it and writes 0), and
    /// the flags 1, 2 and 32 (reserved, read-only, and Java's "rebuild
    /// curMin, numAtCurMin and kxq" / C++'s "start full size"), which are
    /// accepted and not written; under flag 32 those fields are recomputed
    /// from the registers, as DataSketches recomputes them.
    ///
    /// # Errors
    ///
    /// A decode error ([`Error::is_decode`]) naming the field and byte:
    /// [`TooShort`](ErrorKind::TooShort) for truncated input,
    /// [`WrongFamily`](ErrorKind::WrongFamily) for another sketch,
    /// [`UnsupportedVersion`](ErrorKind::UnsupportedVersion) for a serial
    /// version other than 1, [`TrailingBytes`](ErrorKind::TrailingBytes)
    /// after the image, and [`Corrupt`](ErrorKind::Corrupt) for lgK outside
    /// `4..=21`, an undefined mode or target type, preamble ints that do
    /// not match the mode, unknown flags, coupons with value 0, duplicate
    /// coupons, a table too full or not laid out by its probe rule, register
    /// values above 63, HLL_4 nibbles of 15 without an aux entry (or entries
    /// without one), `curMin`, `numAtCurMin`, kxq or empty flag
    /// contradicting the registers.
    pub fn from_bytes(bytes: &[u8]) -> Result<DataSketchesHll> {
        let mut r = Reader::new(bytes);
        let pre_ints = r.u8("preamble ints")?;
        let serial_version = r.u8("serial version")?;
        let family = r.u8("family id")?;
        if family != FAMILY_ID {
            return Err(ErrorKind::WrongFamily {
                expected: "a DataSketches HLL sketch (family id 7)".to_string(),
                found: format!("DataSketches {}", family_name(family)),
            }
            .into());
        }
        if serial_version != SERIAL_VERSION {
            return Err(ErrorKind::UnsupportedVersion {
                family: "DataSketches HLL",
                found: u32::from(serial_version),
                supported: "serial version 1",
            }
            .into());
        }
        let lg_k = r.u8("lgK")?;
        if check_precision(lg_k).is_err() {
            return Err(Error::corrupt(
                "lgK",
                3,
                format!("lgK {lg_k} is not in 4..=21, the precisions DataSketches allows"),
            ));
        }
        let lg_arr = r.u8("lgArr")?;
        let flags = r.u8("flags")?;
        let byte6 = r.u8("list count or curMin")?;
        let mode_byte = r.u8("mode")?;
        if flags & !KNOWN_FLAGS != 0 {
            return Err(Error::corrupt(
                "flags",
                5,
                format!(
                    "unknown flag bits {:#04x} (known: 1, 2, 4, 8, 16, 32)",
                    flags & !KNOWN_FLAGS
                ),
            ));
        }
        let mode = match mode_byte & 3 {
            0 => HllMode::List,
            1 => HllMode::Set,
            2 => HllMode::Hll,
            m => {
                return Err(Error::corrupt(
                    "mode",
                    7,
                    format!("current mode {m} is undefined (0 LIST, 1 SET, 2 HLL)"),
                ))
            }
        };
        let target = match (mode_byte >> 2) & 3 {
            0 => TgtHllType::Hll4,
            1 => TgtHllType::Hll6,
            2 => TgtHllType::Hll8,
            t => {
                return Err(Error::corrupt(
                    "mode",
                    7,
                    format!("target type {t} is undefined (0 HLL_4, 1 HLL_6, 2 HLL_8)"),
                ))
            }
        };
        if mode_byte >> 4 != 0 {
            return Err(Error::corrupt(
                "mode",
                7,
                format!("unused bits 4..8 are set in mode byte {mode_byte:#04x}"),
            ));
        }
        let expected = match mode {
            HllMode::List => LIST_PRE_INTS,
            HllMode::Set => SET_PRE_INTS,
            HllMode::Hll => HLL_PRE_INTS,
        };
        if pre_ints != expected {
            return Err(Error::corrupt(
                "preamble ints",
                0,
                format!("{mode:?} mode images have {expected} preamble ints, found {pre_ints}"),
            ));
        }
        let h = Header {
            lg_k,
            lg_arr,
            byte6,
            empty: flags & FLAG_EMPTY != 0,
            compact: flags & FLAG_COMPACT != 0,
            out_of_order: flags & FLAG_OUT_OF_ORDER != 0,
            rebuild: flags & FLAG_REBUILD != 0,
            target,
        };
        let state = match mode {
            HllMode::List => State::List(read_list(&mut r, &h)?),
            HllMode::Set => State::Set(read_set(&mut r, &h)?),
            HllMode::Hll => State::Hll(super::read_hll::read_hll(&mut r, &h)?),
        };
        r.finish()?;
        Ok(DataSketchesHll {
            lg_k,
            target,
            state,
        })
    }
}

pub(super) fn check_empty_flag(h: &Header, empty: bool) -> Result<()> {
    if h.empty == empty {
        return Ok(());
    }
    let reason = if h.empty {
        "the empty flag is set on a sketch that holds data"
    } else {
        "the empty flag is clear on a sketch that holds nothing"
    };
    Err(Error::corrupt("flags", 5, reason))
}

/// Checks a coupon read at `at` has a value in 1..=63.
fn check_coupon(c: u32, at: usize) -> Result<u32> {
    if coupon_value(c) == 0 {
        return Err(Error::corrupt(
            "coupon",
            at,
            format!("{c:#010x} has value 0 (values are 1..=63)"),
        ));
    }
    Ok(c)
}

fn duplicate(at: usize, c: u32) -> Error {
    Error::corrupt("coupon", at, format!("{c:#010x} appears twice"))
}

fn read_list(r: &mut Reader<'_>, h: &Header) -> Result<Coupons> {
    if h.lg_arr != LIST_LG_ARR {
        return Err(Error::corrupt(
            "lgArr",
            4,
            format!("LIST images have lgArr 3 (8 slots), found {}", h.lg_arr),
        ));
    }
    let count = h.byte6;
    if count >= 8 {
        return Err(Error::corrupt(
            "list count",
            6,
            format!("{count} coupons, but a LIST holds at most 7"),
        ));
    }
    check_empty_flag(h, count == 0)?;
    let mut list = Coupons::list();
    list.out_of_order = h.out_of_order;
    let stored = if h.compact {
        usize::from(count)
    } else {
        list.slots.len()
    };
    for i in 0..stored {
        let at = r.offset();
        let c = r.u32("coupon")?;
        if c == 0 && !h.compact {
            continue; // an empty slot of an updatable LIST
        }
        let c = check_coupon(c, at)?;
        if list.slots.contains(&c) {
            return Err(duplicate(at, c));
        }
        list.slots[i] = c;
        list.count += 1;
    }
    if list.count != u32::from(count) {
        return Err(Error::corrupt(
            "list count",
            6,
            format!(
                "the header says {count} coupons, the array holds {}",
                list.count
            ),
        ));
    }
    Ok(list)
}

fn read_set(r: &mut Reader<'_>, h: &Header) -> Result<Coupons> {
    if h.lg_k < 8 {
        return Err(Error::corrupt(
            "lgK",
            3,
            format!("{} is below 8, where DataSketches has no SET mode", h.lg_k),
        ));
    }
    if h.byte6 != 0 {
        return Err(Error::corrupt(
            "unused byte",
            6,
            format!("SET images keep byte 6 at 0, found {}", h.byte6),
        ));
    }
    let count = r.u32("set coupon count")?;
    let max_lg = h.lg_k - 3;
    if !(SET_INIT_LG_ARR..=max_lg).contains(&h.lg_arr) {
        return Err(Error::corrupt(
            "lgArr",
            4,
            format!(
                "a SET table at lgK {} has lgArr in {SET_INIT_LG_ARR}..={max_lg}, found {}",
                h.lg_k, h.lg_arr
            ),
        ));
    }
    if over_three_quarters(u64::from(count), h.lg_arr) {
        return Err(Error::corrupt(
            "set coupon count",
            8,
            format!(
                "{count} coupons fill more than 3/4 of a table of 2^{}",
                h.lg_arr
            ),
        ));
    }
    check_empty_flag(h, count == 0)?;
    if h.compact {
        // As DataSketches: a fresh SET, the coupons inserted in image order.
        // Its order is kept for writing until the set changes.
        let mut set = Coupons::set();
        let mut order = Vec::new();
        for _ in 0..count {
            let at = r.offset();
            let c = check_coupon(r.u32("coupon")?, at)?;
            if !set.set_insert(c) {
                return Err(duplicate(at, c));
            }
            if set.set_over_full() {
                set = set.grown();
            }
            order.push(c);
        }
        set.out_of_order = h.out_of_order;
        set.as_read = Some((h.lg_arr, order));
        return Ok(set);
    }
    // Updatable: the table as it is, if it is one (every coupon where its
    // probe sequence finds it, hence no duplicates).
    let start = r.offset();
    r.check_count(1 << h.lg_arr, 4, "set table")?;
    let mut set = Coupons::with_lg(h.lg_arr);
    set.out_of_order = h.out_of_order;
    for i in 0..set.slots.len() {
        let at = r.offset();
        let c = r.u32("coupon")?;
        if c != 0 {
            set.slots[i] = check_coupon(c, at)?;
            set.count += 1;
        }
    }
    for (i, &c) in set.slots.iter().enumerate() {
        if c != 0 && set.find(c) != Probe::Found(i) {
            return Err(Error::corrupt(
                "coupon",
                start + 4 * i,
                format!("{c:#010x} is a duplicate or out of its probe sequence"),
            ));
        }
    }
    if set.count != count {
        return Err(Error::corrupt(
            "set coupon count",
            8,
            format!(
                "the header says {count} coupons, the table holds {}",
                set.count
            ),
        ));
    }
    Ok(set)
}
