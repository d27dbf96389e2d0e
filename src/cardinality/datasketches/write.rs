//! Writing DataSketches HLL images, compact and updatable, field for field
//! as DataSketches writes them.

use super::coupons::Coupons;
use super::format::{
    FAMILY_ID, FLAG_COMPACT, FLAG_EMPTY, FLAG_OUT_OF_ORDER, HLL_HEADER_BYTES, HLL_PRE_INTS,
    LIST_PRE_INTS, SERIAL_VERSION, SET_PRE_INTS,
};
use super::registers::Registers;
use super::sketch::State;
use super::{DataSketchesHll, HllMode, TgtHllType};
use crate::codec::Writer;

impl DataSketchesHll {
    /// The compact image: what DataSketches' `serialize_compact` writes
    /// (coupons without the empty slots of their table, HLL_4 aux entries
    /// without theirs), byte for byte.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::cardinality::{DataSketchesHll, TgtHllType};
    ///
    /// let empty = DataSketchesHll::new(12, TgtHllType::Hll8);
    /// assert_eq!(empty.to_compact_bytes(), [2, 1, 7, 12, 3, 12, 0, 8]);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn to_compact_bytes(&self) -> Vec<u8> {
        self.write(true)
    }

    /// The updatable image: what DataSketches' `serialize_updatable` writes
    /// (whole hash tables, so that a reader can keep updating in place),
    /// byte for byte.
    pub fn to_updatable_bytes(&self) -> Vec<u8> {
        self.write(false)
    }

    fn write(&self, compact: bool) -> Vec<u8> {
        let mut w = Writer::with_capacity(HLL_HEADER_BYTES + (1 << self.lg_k));
        match &self.state {
            State::List(c) => self.write_coupons(&mut w, HllMode::List, c, compact),
            State::Set(c) => self.write_coupons(&mut w, HllMode::Set, c, compact),
            State::Hll(r) => self.write_registers(&mut w, r, compact),
        }
        w.into_bytes()
    }

    fn header(
        &self,
        w: &mut Writer,
        pre_ints: u8,
        lg_arr: u8,
        flags: u8,
        byte6: u8,
        mode: HllMode,
    ) {
        w.u8(pre_ints);
        w.u8(SERIAL_VERSION);
        w.u8(FAMILY_ID);
        w.u8(self.lg_k);
        w.u8(lg_arr);
        w.u8(flags);
        w.u8(byte6);
        w.u8(mode.code() | self.target.code() << 2);
    }

    fn write_coupons(&self, w: &mut Writer, mode: HllMode, c: &Coupons, compact: bool) {
        let flags = flags(c.count == 0, compact, c.out_of_order);
        let (lg_arr, coupons) = if compact {
            c.compact_order()
        } else {
            (c.lg_arr, c.slots.clone())
        };
        if mode == HllMode::List {
            self.header(w, LIST_PRE_INTS, lg_arr, flags, c.count as u8, mode);
        } else {
            self.header(w, SET_PRE_INTS, lg_arr, flags, 0, mode);
            w.u32(c.count);
        }
        coupons.into_iter().for_each(|x| w.u32(x));
    }

    fn write_registers(&self, w: &mut Writer, r: &Registers, compact: bool) {
        let (lg_arr, aux) = match &r.hll4 {
            Some(h) if compact => h.compact_aux(),
            Some(h) => h.updatable_aux(self.lg_k),
            None => (0, vec![]),
        };
        let aux_count = aux.iter().filter(|&&e| e != 0).count() as u32;
        let flags = flags(r.is_empty(), compact, r.out_of_order);
        self.header(w, HLL_PRE_INTS, lg_arr, flags, r.cur_min(), HllMode::Hll);
        w.f64(r.hip);
        w.f64(r.kxq0);
        w.f64(r.kxq1);
        w.u32(r.num_at_cur_min());
        w.u32(aux_count);
        match (self.target, &r.hll4) {
            (TgtHllType::Hll8, _) => w.bytes(&r.registers),
            (TgtHllType::Hll6, _) => {
                for quad in r.registers.chunks_exact(4) {
                    let v = u32::from(quad[0])
                        | u32::from(quad[1]) << 6
                        | u32::from(quad[2]) << 12
                        | u32::from(quad[3]) << 18;
                    w.bytes(&v.to_le_bytes()[..3]);
                }
                w.u8(0); // DataSketches' padding byte
            }
            (TgtHllType::Hll4, hll4) => {
                let nibble = |v: u8| hll4.as_ref().map_or(v.min(15), |h| h.nibble(v));
                for pair in r.registers.chunks_exact(2) {
                    w.u8(nibble(pair[0]) | nibble(pair[1]) << 4);
                }
                // Compact: the entries; updatable: the whole table (an
                // empty one of the initial size when there are none).
                aux.into_iter().for_each(|e| w.u32(e));
            }
        }
    }
}

fn flags(empty: bool, compact: bool, out_of_order: bool) -> u8 {
    let mut f = 0;
    if empty {
        f |= FLAG_EMPTY;
    }
    if compact {
        f |= FLAG_COMPACT;
    }
    if out_of_order {
        f |= FLAG_OUT_OF_ORDER;
    }
    f
}
