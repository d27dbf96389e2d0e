//! Reading HLL mode: registers of the three target types and HLL_4's aux
//! table, checked against every header field that describes them.

use super::format::{
    lg_aux_for_count, lg_aux_init, min_and_count, over_three_quarters, rebuilt_kxq, AUX_TOKEN,
};
use super::hll4::{AuxImage, AuxMap, Hll4};
use super::read::{check_empty_flag, Header};
use super::registers::Registers;
use super::TgtHllType;
use crate::cardinality::hashing::{coupon_slot, coupon_value};
use crate::codec::Reader;
use crate::error::{Error, Result};

/// Reads HLL mode: the estimator fields, the registers, HLL_4's aux table.
pub(super) fn read_hll(r: &mut Reader<'_>, h: &Header) -> Result<Registers> {
    let k = 1usize << h.lg_k;
    let hip = r.f64("HIP accumulator")?;
    let kxq0 = r.f64("kxq0")?;
    let kxq1 = r.f64("kxq1")?;
    let num_at_cur_min = r.u32("numAtCurMin")?;
    let aux_count = r.u32("aux count")?;
    let packed = match h.target {
        TgtHllType::Hll4 => k / 2,
        TgtHllType::Hll6 => k / 4 * 3 + 1,
        TgtHllType::Hll8 => k,
    };
    r.check_count(packed as u64, 1, "registers")?;
    let mut registers = vec![0u8; k].into_boxed_slice();
    let hll4 = match h.target {
        TgtHllType::Hll8 | TgtHllType::Hll6 => {
            no_aux(h, aux_count)?;
            if h.target == TgtHllType::Hll8 {
                let at = r.offset();
                registers.copy_from_slice(r.bytes(k, "HLL_8 registers")?);
                if let Some(i) = registers.iter().position(|&v| v > 63) {
                    return Err(Error::corrupt(
                        "register",
                        at + i,
                        format!("register {i} holds {}, above 63", registers[i]),
                    ));
                }
            } else {
                let packed = r.bytes(k / 4 * 3, "HLL_6 registers")?;
                for (tri, quad) in packed.chunks_exact(3).zip(registers.chunks_exact_mut(4)) {
                    let v = u32::from(tri[0]) | u32::from(tri[1]) << 8 | u32::from(tri[2]) << 16;
                    for (j, reg) in quad.iter_mut().enumerate() {
                        *reg = ((v >> (6 * j)) & 63) as u8;
                    }
                }
                let at = r.offset();
                if r.u8("HLL_6 padding byte")? != 0 {
                    return Err(Error::corrupt(
                        "HLL_6 padding byte",
                        at,
                        "DataSketches writes 0 there",
                    ));
                }
            }
            None
        }
        TgtHllType::Hll4 => Some(read_hll4(r, h, aux_count, &mut registers)?),
    };
    let zeros = registers.iter().filter(|&&v| v == 0).count() as u32;
    let floor = match &hll4 {
        Some(h4) if h4.num_at_cur_min != num_at_cur_min => {
            let (cur_min, actual) = (h4.cur_min, h4.num_at_cur_min);
            return Err(Error::corrupt(
                "numAtCurMin",
                32,
                format!("{num_at_cur_min} in the header, {actual} registers at curMin {cur_min}"),
            ));
        }
        Some(_) | None if h.rebuild => None, // recomputed below
        Some(_) => None,
        None => check_floor(h.byte6, num_at_cur_min, &registers, zeros)?,
    };
    check_empty_flag(h, zeros as usize == k)?;
    if !(kxq0.is_finite() && kxq1.is_finite()) {
        return Err(Error::corrupt("kxq0", 16, "kxq0 and kxq1 must be finite"));
    }
    let (rebuilt0, rebuilt1) = rebuilt_kxq(&registers);
    let exact = rebuilt0 + rebuilt1;
    if !h.rebuild && ((kxq0 + kxq1) - exact).abs() > 1e-9 * exact {
        return Err(Error::corrupt(
            "kxq0",
            16,
            format!(
                "kxq0 + kxq1 = {} but the registers give {exact}",
                kxq0 + kxq1
            ),
        ));
    }
    let hip_valid = hip.is_finite() && hip >= 0.0;
    if !(h.out_of_order || hip_valid) {
        return Err(Error::corrupt(
            "HIP accumulator",
            8,
            format!("{hip} is not a finite count"),
        ));
    }
    // The image's own kxq sums, curMin and numAtCurMin (DataSketches
    // estimates from them), or, for a union image that asks for it, the ones
    // DataSketches recomputes.
    let mut out = Registers {
        registers,
        hip: if h.out_of_order { 0.0 } else { hip },
        kxq0,
        kxq1,
        out_of_order: h.out_of_order,
        num_zeros: zeros,
        hll4,
        floor,
    };
    if h.rebuild {
        out.rebuild();
    }
    Ok(out)
}

/// `curMin` and `numAtCurMin` of an HLL_6 or HLL_8 image against its
/// registers. DataSketches C++ writes `curMin` 0 and the number of zero
/// registers; DataSketches Java writes the true minimum and its count once
/// no register is 0 (after a union), and keeps that pair while later
/// updates raise registers. So: `curMin` 0 with the count of zeros, or,
/// without zeros, a `curMin` no larger than the smallest register with a
/// count from those at `curMin` up to `k`.
fn check_floor(cur_min: u8, num: u32, registers: &[u8], zeros: u32) -> Result<Option<(u8, u32)>> {
    if cur_min == 0 {
        if num != zeros {
            return Err(Error::corrupt(
                "numAtCurMin",
                32,
                format!("{num} in the header, {zeros} registers at 0"),
            ));
        }
        return Ok(None);
    }
    let (min, _) = min_and_count(registers);
    if cur_min > min {
        return Err(Error::corrupt(
            "curMin",
            6,
            format!("{cur_min}, above the smallest register, {min}"),
        ));
    }
    let at = registers.iter().filter(|&&v| v == cur_min).count() as u32;
    if num < at.max(1) || num as usize > registers.len() {
        return Err(Error::corrupt(
            "numAtCurMin",
            32,
            format!(
                "{num} in the header, but {at} registers hold curMin {cur_min} (and there are {})",
                registers.len()
            ),
        ));
    }
    Ok(Some((cur_min, num)))
}

/// HLL_6 and HLL_8 images have no aux table.
fn no_aux(h: &Header, aux_count: u32) -> Result<()> {
    if h.lg_arr != 0 {
        return Err(Error::corrupt(
            "lgArr",
            4,
            format!("HLL_6 and HLL_8 images have lgArr 0, found {}", h.lg_arr),
        ));
    }
    if aux_count != 0 {
        return Err(Error::corrupt(
            "aux count",
            36,
            format!("HLL_6 and HLL_8 images have no aux table, found a count of {aux_count}"),
        ));
    }
    Ok(())
}

/// Nibbles, then the aux table, into true register values; the HLL_4
/// bookkeeping as DataSketches rebuilds it.
fn read_hll4(r: &mut Reader<'_>, h: &Header, aux_count: u32, registers: &mut [u8]) -> Result<Hll4> {
    let cur_min = h.byte6;
    let at = r.offset();
    let nibbles = r.bytes(registers.len() / 2, "HLL_4 registers")?;
    let mut tokens = 0u32;
    for (i, reg) in registers.iter_mut().enumerate() {
        let n = (nibbles[i / 2] >> (4 * (i % 2))) & 15;
        if n == AUX_TOKEN {
            tokens += 1;
        } else if u32::from(cur_min) + u32::from(n) > 63 {
            return Err(Error::corrupt(
                "register",
                at + i / 2,
                format!("register {i} is curMin {cur_min} + {n}, above 63"),
            ));
        } else {
            *reg = cur_min + n;
        }
    }
    if aux_count != tokens {
        return Err(Error::corrupt(
            "aux count",
            36,
            format!(
                "the header says {aux_count} aux entries, {tokens} registers hold the aux token 15"
            ),
        ));
    }
    let (lo, hi) = (lg_aux_init(h.lg_k), h.lg_k + 1);
    let lg_ok = |lg: u8| (lo..=hi).contains(&lg) && !over_three_quarters(u64::from(aux_count), lg);
    // The entries go, in image order, into a new table (as in
    // DataSketches); the image's own table is kept for writing.
    let mut aux = None;
    let image = if h.compact {
        if (aux_count == 0 && h.lg_arr != 0) || (aux_count > 0 && !lg_ok(h.lg_arr)) {
            return Err(Error::corrupt(
                "lgArr",
                4,
                format!(
                    "{} is not the size of a table of {aux_count} aux entries at lgK {}",
                    h.lg_arr, h.lg_k
                ),
            ));
        }
        r.check_count(u64::from(aux_count), 4, "aux entries")?;
        let mut order = Vec::new();
        for _ in 0..aux_count {
            let (at, e) = (r.offset(), r.u32("aux entry")?);
            let map =
                aux.get_or_insert_with(|| AuxMap::new(lg_aux_for_count(aux_count, h.lg_k), h.lg_k));
            add_aux(e, at, map, cur_min, registers, nibbles)?;
            order.push(e);
        }
        (aux_count > 0).then_some(AuxImage {
            lg: h.lg_arr,
            table: None,
            order,
        })
    } else {
        let lg = if h.lg_arr == 0 && aux_count == 0 {
            lo
        } else {
            h.lg_arr
        };
        if !lg_ok(lg) {
            return Err(Error::corrupt(
                "lgArr",
                4,
                format!(
                    "{} is not the size of a table of {aux_count} aux entries at lgK {}",
                    h.lg_arr, h.lg_k
                ),
            ));
        }
        let start = r.offset();
        r.check_count(1 << lg, 4, "aux table")?;
        let mut table = Vec::with_capacity(1 << lg);
        for _ in 0..1u32 << lg {
            let (at, e) = (r.offset(), r.u32("aux entry")?);
            if e != 0 {
                let map = aux.get_or_insert_with(|| AuxMap::new(lg, h.lg_k));
                add_aux(e, at, map, cur_min, registers, nibbles)?;
            }
            table.push(e);
        }
        let as_is = AuxMap::from_entries(lg, h.lg_k, table);
        for (i, &e) in as_is.entries.iter().enumerate() {
            if e != 0 && as_is.position(coupon_slot(e)) != Some(i) {
                return Err(Error::corrupt(
                    "aux entry",
                    start + 4 * i,
                    format!("{e:#010x} is out of its probe sequence"),
                ));
            }
        }
        (aux_count > 0).then(|| AuxImage {
            lg,
            order: as_is.entries.iter().copied().filter(|&e| e != 0).collect(),
            table: Some(as_is.entries),
        })
    };
    let added = aux.as_ref().map_or(0, |a| a.count);
    if added != aux_count {
        return Err(Error::corrupt(
            "aux count",
            36,
            format!("the header says {aux_count} aux entries, the table holds {added}"),
        ));
    }
    let num_at_cur_min = registers.iter().filter(|&&v| v == cur_min).count() as u32;
    if num_at_cur_min == 0 {
        return Err(Error::corrupt(
            "curMin",
            6,
            format!("no register holds curMin {cur_min}"),
        ));
    }
    Ok(Hll4 {
        cur_min,
        num_at_cur_min,
        aux,
        as_read: image,
    })
}

/// Checks aux entry `e` (read at `at`): a register holding the token, a
/// value of at least `curMin + 15`, not seen before; adds it to `map`.
fn add_aux(
    e: u32,
    at: usize,
    map: &mut AuxMap,
    cur_min: u8,
    registers: &mut [u8],
    nibbles: &[u8],
) -> Result<()> {
    let (slot, value) = (coupon_slot(e), coupon_value(e));
    let bad = |why: String| Err(Error::corrupt("aux entry", at, format!("{e:#010x}: {why}")));
    if slot as usize >= registers.len() {
        return bad(format!("register {slot} does not exist"));
    }
    let nibble = (nibbles[slot as usize / 2] >> (4 * (slot % 2))) & 15;
    if nibble != AUX_TOKEN {
        return bad(format!("register {slot} does not hold the aux token"));
    }
    if u32::from(value) < u32::from(cur_min) + 15 {
        return bad(format!("value {value} is below curMin {cur_min} + 15"));
    }
    if !map.add(slot, value) {
        return bad(format!("register {slot} has two entries"));
    }
    registers[slot as usize] = value;
    Ok(())
}
