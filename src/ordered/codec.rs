//! The binary encoding of a [`SkipList`]: the entries in key order, never
//! the links.
//!
//! | field | encoding |
//! | --- | --- |
//! | header | `b"SKFD"`, family 9, version 1 |
//! | seed | `u64`, the level generator's seed |
//! | identity | `V` as an item: carries the values' parameters |
//! | count | `u64` |
//! | entries | `count` times a key then a value, as items, keys strictly increasing |
//!
//! Decoding trusts no structure: it checks that the identity is empty,
//! that keys strictly increase and that every value merges with the
//! identity, then rebuilds the links with the seeded level generator (a
//! list whose values cannot be merged into its link summaries, a count
//! that would overflow, is corrupt). So
//! `decode(encode(x)) == x`, re-encoding gives the same bytes, and no
//! corrupt link can exist.

use super::SkipList;
use crate::algebra::Monoid;
use crate::codec::{Codec, Family, Header, ItemCodec, Reader, Writer};
use crate::error::{Error, Result};

const VERSION: u8 = 1;

impl<K, V> Codec for SkipList<K, V>
where
    K: Ord + Clone + ItemCodec,
    V: Monoid + Clone + ItemCodec,
{
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(32 + 16 * self.len());
        Header {
            family: Family::SkipList,
            version: VERSION,
        }
        .write(&mut w);
        w.u64(self.seed);
        self.identity.encode_item(&mut w);
        w.u64(self.len() as u64);
        for (k, v) in self.iter() {
            k.encode_item(&mut w);
            v.encode_item(&mut w);
        }
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::SkipList, VERSION, VERSION, "1")?;
        let seed = r.u64("seed")?;
        let at = r.offset();
        let identity = V::decode_item(&mut r)?;
        if !identity.is_empty() {
            return Err(Error::corrupt(
                "identity",
                at,
                "the identity value is not empty",
            ));
        }
        let count = r.u64("entry count")?;
        // Every entry takes at least one byte; no allocation follows from it.
        let count = r.check_count(count, 1, "entries")?;
        if count >= (u32::MAX - 2) as usize {
            return Err(Error::corrupt(
                "entry count",
                at,
                "2^32 - 2 entries or more",
            ));
        }
        let mut list = SkipList::from_identity(identity, seed);
        let mut tail = SkipList::<K, V>::empty_tail();
        for _ in 0..count {
            let at = r.offset();
            let key = K::decode_item(&mut r)?;
            if list.arena.nodes.last().is_some_and(|l| l.key >= key) {
                return Err(Error::corrupt(
                    "key",
                    at,
                    "keys must be strictly increasing",
                ));
            }
            let at = r.offset();
            let value = V::decode_item(&mut r)?;
            list.identity
                .check_merge(&value)
                .map_err(|e| Error::corrupt("value", at, format!("incompatible value: {e}")))?;
            list.push_back(key, value, &mut tail);
        }
        let end = r.offset();
        r.finish()?;
        // Each value merges with the identity, but a summary of several
        // may not (a count that would overflow): then no list holds them.
        list.rebuild_summaries().map_err(|e| {
            Error::corrupt(
                "entries",
                end,
                format!("the values do not merge into link summaries: {e}"),
            )
        })?;
        Ok(list)
    }
}
