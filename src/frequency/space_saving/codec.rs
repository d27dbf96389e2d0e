//! sketchfold's SpaceSaving encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 4, version 1 |
//! | 6..10 | capacity `k` (u32, 1..=2^30) |
//! | 10..18 | total weight `n` (u64) |
//! | 18..26 | Δ, the summary's error bound (u64) |
//! | 26..30 | counter count (u32, at most `k`) |
//! | 30.. | counters: item ([`ItemCodec`]), count (u64), error (u64); items strictly increasing |
//!
//! Every field is validated against the invariants every summary keeps
//! (see [`SpaceSaving`]'s Accuracy section): `error <= Δ <= count` and
//! `error < count`; `sum(count) + (k - counters) * Δ <= n`
//! (so `Δ <= n / k`); items are unique and sorted, so the encoding is
//! canonical; nothing trails the summary. A decoded summary therefore keeps
//! the guarantee for whatever stream it claims to summarise.

use std::hash::Hash;

use super::sketch::SpaceSaving;
use super::table::Table;
use crate::codec::{Codec, Family, Header, ItemCodec, Reader, Writer};
use crate::error::{Error, Result};

const VERSION: u8 = 1;

/// Bytes per counter besides its item: count and error.
const COUNTER_BYTES: usize = 16;

impl<K: Hash + Eq + Ord + Clone + ItemCodec> Codec for SpaceSaving<K> {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(30 + self.len() * (COUNTER_BYTES + 8));
        Header {
            family: Family::SpaceSaving,
            version: VERSION,
        }
        .write(&mut w);
        w.u32(self.capacity as u32);
        w.u64(self.total);
        w.u64(self.delta);
        w.u32(self.len() as u32);
        for (item, count, error) in self.sorted_entries() {
            item.encode_item(&mut w);
            w.u64(count);
            w.u64(error);
        }
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<SpaceSaving<K>> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::SpaceSaving, VERSION, VERSION, "version 1")?;
        let at = r.offset();
        let capacity = r.u32("capacity")? as usize;
        if capacity == 0 || capacity > SpaceSaving::<K>::MAX_CAPACITY {
            return Err(Error::corrupt(
                "capacity",
                at,
                format!(
                    "{capacity} is not in 1..={}",
                    SpaceSaving::<K>::MAX_CAPACITY
                ),
            ));
        }
        let total = r.u64("total weight")?;
        let delta_at = r.offset();
        let delta = r.u64("max error")?;
        let at = r.offset();
        let len = r.u32("counter count")? as usize;
        if len > capacity {
            return Err(Error::corrupt(
                "counter count",
                at,
                format!("{len} counters exceed the capacity {capacity}"),
            ));
        }
        let len = r.check_count(len as u64, COUNTER_BYTES, "counters")?;
        let mut entries: Vec<(K, u64, u64)> = Vec::with_capacity(len);
        // Sum of counts plus Δ per free counter, checked against the total.
        let mut weight = u128::from(delta) * (capacity - len) as u128;
        for _ in 0..len {
            let at = r.offset();
            let item = K::decode_item(&mut r)?;
            if entries.last().is_some_and(|(prev, _, _)| *prev >= item) {
                return Err(Error::corrupt(
                    "counter item",
                    at,
                    "items must be strictly increasing",
                ));
            }
            let at = r.offset();
            let count = r.u64("count")?;
            let error = r.u64("error")?;
            let problem = if error > delta {
                Some(format!("error {error} exceeds the max error {delta}"))
            } else if error >= count {
                Some(format!(
                    "error {error} leaves count {count} no positive lower bound"
                ))
            } else if count < delta {
                Some(format!("count {count} is below the max error {delta}"))
            } else {
                None
            };
            if let Some(reason) = problem {
                return Err(Error::corrupt("counter", at, reason));
            }
            weight += u128::from(count);
            entries.push((item, count, error));
        }
        if weight > u128::from(total) {
            return Err(Error::corrupt(
                "max error",
                delta_at,
                format!(
                    "counts and max error account for a weight of {weight}, above the total {total}"
                ),
            ));
        }
        r.finish()?;
        let mut table = Table::with_capacity(0);
        let entries = entries
            .into_iter()
            .map(|(item, count, error)| {
                let hash = table.hash(&item);
                (item, count, error, hash)
            })
            .collect();
        table.rebuild(entries);
        Ok(SpaceSaving {
            capacity,
            total,
            delta,
            table,
        })
    }
}
