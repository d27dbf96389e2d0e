//! sketchfold's own HyperLogLog encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 1, version 1 |
//! | 6 | precision (4..=21) |
//! | 7 | hashing: 0 = XXH3, 1 = DataSketches |
//! | 8..16 | seed (u64; 9001 for DataSketches hashing) |
//! | 16 | representation: 0 = sparse, 1 = dense |
//! | sparse: 17..21 | coupon count (u32, at most 3/16 of the register count) |
//! | sparse: 21.. | coupons (u32 `value << 26 | slot`), slots strictly increasing |
//! | dense: 17.. | `2^precision` registers, 6 bits each packed little-endian, four registers in three bytes |
//!
//! Every field is validated: register and coupon values lie in `0..=q+1`
//! (`1..=q+1` for coupons), slots are unique and sorted, the sizes agree
//! with the precision, and nothing trails the sketch.

use super::dense::Dense;
use super::hashing::{coupon_slot, coupon_value, Hashing};
use super::sketch::{check_precision, sparse_limit, HyperLogLog, Repr};
use super::sparse::Sparse;
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::DATASKETCHES_SEED;

const VERSION: u8 = 1;

impl Codec for HyperLogLog {
    fn encode(&self) -> Vec<u8> {
        // Room for what is written: a sparse sketch's coupons, not its
        // (up to 2 MiB of) registers.
        let body = match &self.repr {
            Repr::Sparse(s) => 4 + 4 * s.len(),
            Repr::Dense(_) => self.register_count() / 4 * 3,
        };
        let mut w = Writer::with_capacity(17 + body);
        Header {
            family: Family::HyperLogLog,
            version: VERSION,
        }
        .write(&mut w);
        w.u8(self.precision);
        w.u8(self.hashing.tag());
        w.u64(self.hashing.seed());
        match &self.repr {
            Repr::Sparse(s) => {
                w.u8(0);
                let coupons = s.sorted();
                w.u32(coupons.len() as u32);
                for c in coupons {
                    w.u32(c);
                }
            }
            Repr::Dense(d) => {
                w.u8(1);
                for quad in d.registers.chunks_exact(4) {
                    let v = u32::from(quad[0])
                        | u32::from(quad[1]) << 6
                        | u32::from(quad[2]) << 12
                        | u32::from(quad[3]) << 18;
                    w.bytes(&v.to_le_bytes()[..3]);
                }
            }
        }
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<HyperLogLog> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::HyperLogLog, VERSION, VERSION, "version 1")?;
        let at = r.offset();
        let precision = r.u8("precision")?;
        check_precision(precision).map_err(|_| {
            Error::corrupt("precision", at, format!("{precision} is not in 4..=21"))
        })?;
        let at = r.offset();
        let tag = r.u8("hashing")?;
        let seed_at = r.offset();
        let seed = r.u64("seed")?;
        let hashing = match tag {
            0 => Hashing::Xxh3 { seed },
            1 if seed == DATASKETCHES_SEED => Hashing::DataSketches,
            1 => {
                return Err(Error::corrupt(
                    "seed",
                    seed_at,
                    format!("DataSketches hashing uses seed 9001, found {seed}"),
                ))
            }
            t => {
                return Err(Error::corrupt(
                    "hashing",
                    at,
                    format!("unknown hashing tag {t}"),
                ))
            }
        };
        let max_value = hashing.q() as u8 + 1;
        let at = r.offset();
        let repr = match r.u8("representation")? {
            0 => Repr::Sparse(read_sparse(&mut r, precision, max_value)?),
            1 => Repr::Dense(read_dense(&mut r, precision, max_value)?),
            t => {
                return Err(Error::corrupt(
                    "representation",
                    at,
                    format!("unknown representation tag {t} (0 sparse, 1 dense)"),
                ))
            }
        };
        r.finish()?;
        Ok(HyperLogLog {
            precision,
            hashing,
            repr,
        })
    }
}

fn read_sparse(r: &mut Reader<'_>, precision: u8, max_value: u8) -> Result<Sparse> {
    let at = r.offset();
    let count = r.u32("coupon count")?;
    if count as usize > sparse_limit(precision) {
        return Err(Error::corrupt(
            "coupon count",
            at,
            format!(
                "{count} coupons exceed the sparse limit {} of precision {precision}",
                sparse_limit(precision)
            ),
        ));
    }
    let count = r.check_count(u64::from(count), 4, "coupons")?;
    let mut sparse = Sparse::default();
    let mut previous: Option<u32> = None;
    for _ in 0..count {
        let at = r.offset();
        let c = r.u32("coupon")?;
        let value = coupon_value(c);
        if value == 0 || value > max_value {
            return Err(Error::corrupt(
                "coupon",
                at,
                format!("value {value} is not in 1..={max_value}"),
            ));
        }
        if previous.is_some_and(|p| p >= coupon_slot(c)) {
            return Err(Error::corrupt(
                "coupon",
                at,
                "slots must be strictly increasing",
            ));
        }
        previous = Some(coupon_slot(c));
        sparse.insert(c);
    }
    Ok(sparse)
}

fn read_dense(r: &mut Reader<'_>, precision: u8, max_value: u8) -> Result<Dense> {
    let m = 1usize << precision;
    let at = r.offset();
    let packed = r.bytes(m / 4 * 3, "packed registers")?;
    let mut registers = vec![0u8; m].into_boxed_slice();
    for (i, (tri, quad)) in packed
        .chunks_exact(3)
        .zip(registers.chunks_exact_mut(4))
        .enumerate()
    {
        let v = u32::from(tri[0]) | u32::from(tri[1]) << 8 | u32::from(tri[2]) << 16;
        for (j, reg) in quad.iter_mut().enumerate() {
            let value = ((v >> (6 * j)) & 63) as u8;
            if value > max_value {
                return Err(Error::corrupt(
                    "register",
                    at + 3 * i,
                    format!("register {} holds {value}, above {max_value}", 4 * i + j),
                ));
            }
            *reg = value;
        }
    }
    Ok(Dense::from_registers(registers))
}

/// A HyperLogLog stored inside another value (a skip-list entry): a `u64`
/// length and its [`Codec`] bytes.
impl crate::codec::ItemCodec for HyperLogLog {
    fn encode_item(&self, w: &mut Writer) {
        let bytes = self.encode();
        w.u64(bytes.len() as u64);
        w.bytes(&bytes);
    }

    fn decode_item(r: &mut crate::codec::Reader<'_>) -> Result<Self> {
        let len = r.u64("HyperLogLog length")?;
        let len = r.check_count(len, 1, "HyperLogLog")?;
        HyperLogLog::decode(r.bytes(len, "HyperLogLog")?)
    }
}
