//! sketchfold's own DDSketch encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 7, version 1 |
//! | 6..14 | alpha (f64) |
//! | 14..18 | max_buckets (u32) |
//! | 18..26 | zero count (i64) |
//! | 26.. | negative store, then positive store |
//!
//! A store is its length `n` (u32, at most `max_buckets`), then, if
//! `n > 0`, the first key (i64) and `n` counts (i64) of consecutive keys,
//! the first and the last nonzero. Keys lie within the mapping's keys for
//! `alpha`; no count is `i64::MIN`; the total (all counts and the zero
//! count) is within `±i64::MAX`. Nothing may trail the sketch.

use super::params::DdSketchParams;
use super::sketch::DdSketch;
use super::store::Store;
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};

const VERSION: u8 = 1;

fn write_store(w: &mut Writer, store: &Store) {
    match store.span() {
        None => w.u32(0),
        Some((first, counts)) => {
            w.u32(counts.len() as u32);
            w.u64(first as u64);
            for &c in counts {
                w.u64(c as u64);
            }
        }
    }
}

/// Reads one store, adding its counts to `total`.
fn read_store(r: &mut Reader<'_>, sketch: &DdSketch, total: &mut i128) -> Result<Store> {
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
    let (lo, hi) = (sketch.mapping.min_key(), sketch.mapping.max_key());
    let last = first.checked_add(i64::from(n) - 1);
    if first < lo || last.map_or(true, |l| l > hi) {
        return Err(Error::corrupt(
            "first key",
            at,
            format!("{n} keys from {first} leave {lo}..={hi}, the keys of finite values"),
        ));
    }
    let n = r.check_count(u64::from(n), 8, "bucket counts")?;
    let mut counts = Vec::with_capacity(n);
    for j in 0..n {
        let at = r.offset();
        let c = r.u64("bucket count")? as i64;
        if c == i64::MIN || (c == 0 && (j == 0 || j == n - 1)) {
            return Err(Error::corrupt(
                "bucket count",
                at,
                format!("{c} cannot be a count here (i64::MIN, or a zero at an end of the span)"),
            ));
        }
        *total += i128::from(c);
        counts.push(c);
    }
    Ok(Store::from_span(first, counts))
}

impl Codec for DdSketch {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(64 + 8 * self.bucket_count());
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
        Header::read_expecting(&mut r, Family::DdSketch, VERSION, VERSION, "version 1")?;
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
        sketch.negative = read_store(&mut r, &sketch, &mut total)?;
        sketch.positive = read_store(&mut r, &sketch, &mut total)?;
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
