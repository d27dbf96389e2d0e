//! sketchfold's own TopK encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 3, version 1 |
//! | 6..10 | k (u32, 1..=2^24) |
//! | 10.. | the Count-Min body, as in the Count-Min encoding after its header (standard update, counters non-negative) |
//! | then 4 bytes | candidate count (u32, at most k) |
//! | then | candidates in rank order: the item ([`ItemCodec`]) and its recorded count (i64) |
//!
//! Candidates must be distinct, in strictly decreasing rank (larger
//! recorded count first, then smaller item hash, then smaller item
//! encoding), each with a recorded count from 1 to its Count-Min
//! estimate. Nothing may trail the sketch.

use std::collections::HashMap;

use super::rank::rank;
use super::sketch::{Candidate, TopK, TopKItem, MAX_K};
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};
use crate::frequency::CountMin;

const VERSION: u8 = 1;

impl<K: TopKItem> Codec for TopK<K> {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(16 + self.cm.body_len() + 16 * self.candidates.len());
        Header {
            family: Family::TopK,
            version: VERSION,
        }
        .write(&mut w);
        w.u32(self.k as u32);
        self.cm.write_body(&mut w);
        let ranked = self.ranked();
        w.u32(ranked.len() as u32);
        for (key, c) in ranked {
            key.encode_item(&mut w);
            w.u64(c.count as u64);
        }
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<TopK<K>> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::TopK, VERSION, VERSION, "version 1")?;
        let at = r.offset();
        let k = r.u32("k")? as usize;
        if !(1..=MAX_K).contains(&k) {
            return Err(Error::corrupt("k", at, format!("{k} is not in 1..=2^24")));
        }
        let cm_at = r.offset();
        let cm: CountMin = CountMin::read_body(&mut r)?;
        if cm.counters().iter().any(|&c| c < 0) {
            return Err(Error::corrupt(
                "counters",
                cm_at,
                "a TopK's Count-Min has no negative counter (weights are non-negative)",
            ));
        }
        let at = r.offset();
        let n = r.u32("candidate count")? as usize;
        if n > k {
            return Err(Error::corrupt(
                "candidate count",
                at,
                format!("{n} candidates exceed k = {k}"),
            ));
        }
        // Each candidate takes at least its 8-byte count: the map grows only
        // as candidates are read, never beyond what the input holds.
        r.check_count(n as u64, 8, "candidates")?;
        let mut candidates = HashMap::with_hasher(ahash::RandomState::new());
        let mut previous: Option<(K, Candidate)> = None;
        for _ in 0..n {
            let at = r.offset();
            let key = K::decode_item(&mut r)?;
            let count_at = r.offset();
            let count = r.u64("recorded count")? as i64;
            let hash = cm.hash(&key);
            let estimate = cm.estimate_hash(hash);
            if !(1..=estimate).contains(&count) {
                return Err(Error::corrupt(
                    "recorded count",
                    count_at,
                    format!("{count} is not in 1..={estimate} (the item's estimate)"),
                ));
            }
            let c = Candidate { count, hash };
            if let Some((p, pc)) = &previous {
                if !rank((p, pc.count, pc.hash), (&key, count, hash)).is_lt() {
                    return Err(Error::corrupt(
                        "candidate",
                        at,
                        "candidates must be distinct and in strictly decreasing rank",
                    ));
                }
            }
            if candidates.insert(key.clone(), c).is_some() {
                return Err(Error::corrupt(
                    "candidate",
                    at,
                    "the item is a candidate twice",
                ));
            }
            previous = Some((key, c));
        }
        r.finish()?;
        Ok(TopK {
            k,
            cm,
            candidates,
            worst: None,
        })
    }
}
