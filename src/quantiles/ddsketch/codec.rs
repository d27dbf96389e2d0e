//! sketchfold's own DDSketch encoding, format version 2 (written), and
//! version 1 (still read).
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 7, version 2 |
//! | 6..14 | alpha (f64) |
//! | 14..18 | max_buckets (u32) |
//! | 18..26 | zero count (i64) |
//! | 26.. | negative store, then positive store |
//!
//! Version 2 writes a store as its nonzero buckets only, so its size
//! follows the buckets in use, not the span of keys between them: the
//! number of buckets `n` (varint), then, if `n > 0`, the first key and its
//! count (signed varints), then for each further bucket the gap to the
//! previous key (varint, at least 1) and its count (signed varint). Every
//! varint is in its shortest form, so the encoding of a sketch is unique.
//! Version 1 wrote a store as its length `n` (u32, at most `max_buckets`),
//! then, if `n > 0`, the first key (i64) and `n` counts (i64) of
//! consecutive keys, the first and the last nonzero.
//!
//! Either way, keys lie within the mapping's keys for `alpha`, the nonzero
//! buckets span at most `max_buckets` keys, no count is `i64::MIN` (nor 0,
//! in version 2), and the total (all counts and the zero count) is within
//! `±i64::MAX`: what decodes is a state the sketch can reach. Nothing may
//! trail the sketch. A decoded store takes memory for the buckets the
//! bytes hold, dense or sparse as an updated one would be.

use super::params::DdSketchParams;
use super::sketch::DdSketch;
use super::store::Store;
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};

/// The version written.
const VERSION: u8 = 2;

fn write_store(w: &mut Writer, store: &Store) {
    w.varint(store.len() as u64);
    let mut previous = None;
    for (key, count) in store.buckets() {
        match previous {
            None => w.signed_varint(key),
            Some(p) => w.varint((key - p) as u64),
        }
        w.signed_varint(count);
        previous = Some(key);
    }
}

/// Checks a store's keys `first..=last` against the mapping and the
/// bucket limit.
fn check_keys(sketch: &DdSketch, first: i64, last: i64, at: usize) -> Result<()> {
    let (lo, hi) = (sketch.mapping.min_key(), sketch.mapping.max_key());
    if first < lo || last > hi {
        return Err(Error::corrupt(
            "bucket key",
            at,
            format!("keys {first}..={last} leave {lo}..={hi}, the keys of finite values"),
        ));
    }
    let max = sketch.params.max_buckets();
    if last - first >= max as i64 {
        return Err(Error::corrupt(
            "bucket key",
            at,
            format!("keys {first}..={last} span more than max_buckets {max}"),
        ));
    }
    Ok(())
}

/// A count as read: not `i64::MIN`, and not 0 where a bucket must be
/// nonzero.
fn check_count(c: i64, may_be_zero: bool, at: usize) -> Result<i64> {
    if c == i64::MIN || (c == 0 && !may_be_zero) {
        return Err(Error::corrupt(
            "bucket count",
            at,
            format!("{c} cannot be a count here (i64::MIN, or a zero where a bucket is nonzero)"),
        ));
    }
    Ok(c)
}

/// Reads one version 2 store, adding its counts to `total`.
fn read_store(r: &mut Reader<'_>, sketch: &DdSketch, total: &mut i128) -> Result<Store> {
    let at = r.offset();
    let n = r.varint("bucket count")?;
    let max = sketch.params.max_buckets();
    if n > max as u64 {
        return Err(Error::corrupt(
            "bucket count",
            at,
            format!("{n} buckets, more than max_buckets {max}"),
        ));
    }
    // Every bucket takes at least two bytes (a key or gap, and a count).
    let n = r.check_count(n, 2, "buckets")?;
    let mut buckets = Vec::with_capacity(n);
    let mut key = 0i64;
    for j in 0..n {
        let at = r.offset();
        if j == 0 {
            key = r.signed_varint("first key")?;
        } else {
            let gap = r.varint("key gap")?;
            key = i64::try_from(gap)
                .ok()
                .filter(|&g| g >= 1)
                .and_then(|g| key.checked_add(g))
                .ok_or_else(|| {
                    Error::corrupt("key gap", at, format!("a gap of {gap} after key {key}"))
                })?;
        }
        check_keys(sketch, buckets.first().map_or(key, |&(k, _)| k), key, at)?;
        let at = r.offset();
        let c = check_count(r.signed_varint("bucket count")?, false, at)?;
        *total += i128::from(c);
        buckets.push((key, c));
    }
    Ok(Store::from_buckets(buckets, max, false))
}

/// Reads one version 1 store, adding its counts to `total`.
fn read_store_v1(r: &mut Reader<'_>, sketch: &DdSketch, total: &mut i128) -> Result<Store> {
    let at = r.offset();
    let n = r.u32("store length")?;
    let max = sketch.params.max_buckets();
    if n as usize > max {
        return Err(Error::corrupt(
            "store length",
            at,
            format!("{n} buckets, more than max_buckets {max}"),
        ));
    }
    if n == 0 {
        return Ok(Store::default());
    }
    let at = r.offset();
    let first = r.u64("first key")? as i64;
    let last = first.checked_add(i64::from(n) - 1).ok_or_else(|| {
        Error::corrupt(
            "first key",
            at,
            format!("{n} keys from {first} pass i64::MAX"),
        )
    })?;
    check_keys(sketch, first, last, at)?;
    let n = r.check_count(u64::from(n), 8, "bucket counts")?;
    let mut buckets = Vec::new();
    for j in 0..n {
        let at = r.offset();
        let c = check_count(r.u64("bucket count")? as i64, j != 0 && j != n - 1, at)?;
        *total += i128::from(c);
        if c != 0 {
            buckets.push((first + j as i64, c));
        }
    }
    Ok(Store::from_buckets(buckets, max, false))
}

impl Codec for DdSketch {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(32 + 4 * self.bucket_count());
        Header {
            family: Family::DdSketch,
            version: VERSION,
        }
        .write(&mut w);
        w.f64(self.params.alpha());
        w.u32(self.params.max_buckets() as u32);
        w.u64(self.zero as u64);
        write_store(&mut w, &self.negative);
        write_store(&mut w, &self.positive);
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<DdSketch> {
        let mut r = Reader::new(bytes);
        let version = Header::read_expecting(&mut r, Family::DdSketch, 1, VERSION, "1 or 2")?;
        let at = r.offset();
        let alpha = r.f64("alpha")?;
        let max_buckets = r.u32("max_buckets")?;
        let params = DdSketchParams::new(alpha)
            .and_then(|p| p.with_max_buckets(max_buckets as usize))
            .map_err(|e| Error::corrupt("parameters", at, e.to_string()))?;
        let at = r.offset();
        let zero = r.u64("zero count")? as i64;
        if zero == i64::MIN {
            return Err(Error::corrupt("zero count", at, "i64::MIN is not a count"));
        }
        let mut sketch = DdSketch::with_params(params);
        let mut total = i128::from(zero);
        let read = if version == 1 {
            read_store_v1
        } else {
            read_store
        };
        sketch.negative = read(&mut r, &sketch, &mut total)?;
        sketch.positive = read(&mut r, &sketch, &mut total)?;
        let end = r.offset();
        r.finish()?;
        sketch.zero = zero;
        sketch.signed =
            zero < 0 || sketch.positive.has_negative() || sketch.negative.has_negative();
        sketch.count = i64::try_from(total)
            .ok()
            .filter(|&t| t != i64::MIN)
            .ok_or_else(|| {
                Error::corrupt(
                    "bucket counts",
                    end,
                    format!("the counts add up to {total}, outside ±i64::MAX"),
                )
            })?;
        Ok(sketch)
    }
}
