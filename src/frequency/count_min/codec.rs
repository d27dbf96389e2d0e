//! sketchfold's own Count-Min encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 2, version 1 |
//! | 6 | log2 of the width (1..=26) |
//! | 7 | depth (1..=32) |
//! | 8 | update rule: 0 = standard, 1 = conservative |
//! | 9..17 | seed (u64) |
//! | 17..25 | total (i64) |
//! | 25.. | `depth * width` counters (i64), row after row |
//!
//! Every field is validated, so that what decodes is a state the sketch can
//! reach: no counter is `i64::MIN`, every row's absolute mass and the
//! absolute total are at most `i64::MAX`; standard update: every row sums to
//! the total; conservative update: counters are non-negative and every row
//! sums to at most the total. The rule must be the decoding type's
//! (`CountMin` does not read a conservative sketch, nor the reverse), and
//! nothing may trail the sketch.

use std::marker::PhantomData;

use super::params::{CountMinParams, MAX_DEPTH, MAX_LOG2_WIDTH, MIN_LOG2_WIDTH};
use super::rule::UpdateRule;
use super::sketch::{CountMin, LIMIT};
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, ErrorKind, Result};

const VERSION: u8 = 1;

impl<U: UpdateRule> CountMin<U> {
    /// The encoded size of the body (everything after the header).
    pub(crate) fn body_len(&self) -> usize {
        19 + 8 * self.counters.len()
    }

    /// Writes parameters, total and counters (no header).
    pub(crate) fn write_body(&self, w: &mut Writer) {
        w.u8(self.params.log2_width);
        w.u8(self.params.depth);
        w.u8(U::TAG);
        w.u64(self.params.seed);
        w.u64(self.total as u64);
        for c in self.counters.iter() {
            w.u64(*c as u64);
        }
    }

    /// Reads and validates what [`write_body`](Self::write_body) wrote.
    pub(crate) fn read_body(r: &mut Reader<'_>) -> Result<CountMin<U>> {
        let at = r.offset();
        let log2_width = r.u8("log2 width")?;
        if !(MIN_LOG2_WIDTH..=MAX_LOG2_WIDTH).contains(&log2_width) {
            return Err(Error::corrupt(
                "log2 width",
                at,
                format!("{log2_width} is not in {MIN_LOG2_WIDTH}..={MAX_LOG2_WIDTH}"),
            ));
        }
        let at = r.offset();
        let depth = r.u8("depth")?;
        if !(1..=MAX_DEPTH).contains(&depth) {
            return Err(Error::corrupt(
                "depth",
                at,
                format!("{depth} is not in 1..={MAX_DEPTH}"),
            ));
        }
        let at = r.offset();
        let tag = r.u8("update rule")?;
        if tag != U::TAG {
            let found = match tag {
                0 | 1 => format!(
                    "a Count-Min with {} (decode it as the matching type)",
                    if tag == 1 {
                        "conservative update"
                    } else {
                        "standard update"
                    }
                ),
                t => {
                    return Err(Error::corrupt(
                        "update rule",
                        at,
                        format!("unknown tag {t}"),
                    ))
                }
            };
            return Err(ErrorKind::WrongFamily {
                expected: format!("a Count-Min with {}", U::NAME),
                found,
            }
            .into());
        }
        let seed = r.u64("seed")?;
        let total_at = r.offset();
        let total = r.u64("total")? as i64;
        if total == i64::MIN || (U::CONSERVATIVE && total < 0) {
            return Err(Error::corrupt(
                "total",
                total_at,
                format!("{total} is outside the range a sketch can hold"),
            ));
        }
        let params = CountMinParams {
            log2_width,
            depth,
            seed,
        };
        let count = params.width() * params.depth();
        let count = r.check_count(count as u64, 8, "counters")?;
        let mut counters = Vec::with_capacity(count);
        let width = params.width();
        let mut row_mass = Vec::with_capacity(params.depth());
        for row in 0..params.depth() {
            let row_at = r.offset();
            let mut mass = 0u64;
            let mut sum = 0i128;
            for _ in 0..width {
                let at = r.offset();
                let c = r.u64("counter")? as i64;
                if c == i64::MIN || (U::CONSERVATIVE && c < 0) {
                    return Err(Error::corrupt(
                        "counter",
                        at,
                        format!("{c} is outside the range a sketch can hold"),
                    ));
                }
                mass = mass.saturating_add(c.unsigned_abs());
                sum += i128::from(c);
                counters.push(c);
            }
            if mass > LIMIT {
                return Err(Error::corrupt(
                    "counters",
                    row_at,
                    format!("row {row}'s absolute values add up to more than i64::MAX"),
                ));
            }
            let consistent = if U::CONSERVATIVE {
                sum <= i128::from(total)
            } else {
                sum == i128::from(total)
            };
            if !consistent {
                return Err(Error::corrupt(
                    "counters",
                    row_at,
                    format!(
                        "row {row} sums to {sum}, which {} cannot with total {total}",
                        U::NAME
                    ),
                ));
            }
            row_mass.push(mass);
        }
        Ok(CountMin {
            params,
            total,
            counters: counters.into_boxed_slice(),
            row_mass: row_mass.into_boxed_slice(),
            rule: PhantomData,
        })
    }
}

impl<U: UpdateRule> Codec for CountMin<U> {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(6 + self.body_len());
        Header {
            family: Family::CountMin,
            version: VERSION,
        }
        .write(&mut w);
        self.write_body(&mut w);
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<CountMin<U>> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::CountMin, VERSION, VERSION, "version 1")?;
        let cm = CountMin::read_body(&mut r)?;
        r.finish()?;
        Ok(cm)
    }
}
