//! The Apache DataSketches KLL image (family 15), float and double.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0 | preamble ints: 2 (empty or one item), 5 otherwise |
//! | 1 | serial version: 1 (empty or more items), 2 (one item) |
//! | 2 | family id 15 |
//! | 3 | flags: 1 empty, 2 level 0 sorted, 4 one item |
//! | 4..6 | k |
//! | 6 | m (8) |
//! | 7 | unused |
//! | 8.. | one item: the item. More: n (u64), min k (u16), levels L (u8), unused, L level offsets (u32), min, max, retained items from level 0 up |
//!
//! The offsets index an array of the sketch's capacity, free space first;
//! the last boundary is the capacity and is not stored.

use super::capacity::{total_capacity, MAX_LEVELS, MIN_WIDTH};
use super::item::KllItem;
use super::sketch::Kll;
use crate::codec::Reader;
use crate::error::{Error, Result};

const FAMILY: u8 = 15;
const FLAG_EMPTY: u8 = 1;
const FLAG_LEVEL_ZERO_SORTED: u8 = 2;
const FLAG_SINGLE: u8 = 4;

impl<T: KllItem> Kll<T> {
    /// The sketch as a DataSketches KLL image (`kll_floats_sketch` for
    /// `f32`, `kll_doubles_sketch` for `f64`), readable by the Java, C++,
    /// Python and Rust DataSketches libraries.
    pub fn to_datasketches_bytes(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(20 + 4 * self.num_levels() + T::WIDTH * (self.retained() + 2));
        let sorted = if self.level_zero_sorted {
            FLAG_LEVEL_ZERO_SORTED
        } else {
            0
        };
        let (pre, ver, flags) = match self.n {
            0 => (2, 1, FLAG_EMPTY | sorted),
            1 => (2, 2, FLAG_SINGLE | sorted),
            _ => (5, 1, sorted),
        };
        out.extend_from_slice(&[pre, ver, FAMILY, flags]);
        out.extend_from_slice(&self.k.to_le_bytes());
        out.extend_from_slice(&[MIN_WIDTH as u8, 0]);
        match self.n {
            0 => {}
            1 => self.level(0)[0].write_le(&mut out),
            _ => {
                out.extend_from_slice(&self.n.to_le_bytes());
                out.extend_from_slice(&self.min_k.to_le_bytes());
                out.extend_from_slice(&[self.num_levels() as u8, 0]);
                let shift = (self.capacity() - self.items.len()) as u32;
                for &b in &self.levels[..self.num_levels()] {
                    out.extend_from_slice(&(b + shift).to_le_bytes());
                }
                self.min.write_le(&mut out);
                self.max.write_le(&mut out);
                for &x in &self.items[self.levels[0] as usize..] {
                    x.write_le(&mut out);
                }
            }
        }
        out
    }

    /// Reads a DataSketches KLL image of this item type. The coins of
    /// the decoded sketch start from [`DEFAULT_SEED`](super::DEFAULT_SEED) (the image has none).
    ///
    /// # Errors
    ///
    /// A decode error naming the field and offset: a wrong family, item
    /// size or serial version, `k < 8`, `m != 8`, offsets out of order or
    /// past the capacity, levels above 0 unsorted, a NaN, an item outside
    /// `[min, max]`, weights that do not sum to `n`, or a wrong length.
    pub fn from_datasketches_bytes(bytes: &[u8]) -> Result<Kll<T>> {
        let mut r = Reader::new(bytes);
        let pre = r.u8("preamble ints")?;
        let ver = r.u8("serial version")?;
        let family = r.u8("family id")?;
        if family != FAMILY {
            return Err(Error::corrupt(
                "family id",
                2,
                format!("{family} is not KLL (15)"),
            ));
        }
        let flags = r.u8("flags")?;
        if flags & !(FLAG_EMPTY | FLAG_LEVEL_ZERO_SORTED | FLAG_SINGLE) != 0 {
            return Err(Error::corrupt(
                "flags",
                3,
                format!("unknown flag bits in {flags:#04x}"),
            ));
        }
        let k = r.u16("k")?;
        if u32::from(k) < MIN_WIDTH {
            return Err(Error::corrupt(
                "k",
                4,
                format!("k = {k}, at least 8 expected"),
            ));
        }
        let m = r.u8("m")?;
        if u32::from(m) != MIN_WIDTH {
            return Err(Error::corrupt("m", 6, format!("m = {m}, 8 expected")));
        }
        r.u8("unused byte")?;
        let sorted = flags & FLAG_LEVEL_ZERO_SORTED != 0;
        let empty = flags & FLAG_EMPTY != 0;
        let single = flags & FLAG_SINGLE != 0;
        let expect = |what: &'static str, at: usize, got: u8, want: u8| {
            if got == want {
                Ok(())
            } else {
                Err(Error::corrupt(
                    what,
                    at,
                    format!("{got}, {want} expected for this form"),
                ))
            }
        };
        let mut sketch = Kll::<T>::try_new(k)?;
        sketch.level_zero_sorted = sorted;
        if empty {
            if single {
                return Err(Error::corrupt("flags", 3, "both empty and single-item"));
            }
            expect("preamble ints", 0, pre, 2)?;
            expect("serial version", 1, ver, 1)?;
            r.finish()?;
            return Ok(sketch);
        }
        if single {
            expect("preamble ints", 0, pre, 2)?;
            expect("serial version", 1, ver, 2)?;
            let at = r.offset();
            let x = T::read_le(r.bytes(T::WIDTH, "item")?);
            if x.is_nan() {
                return Err(Error::corrupt("item", at, "NaN"));
            }
            r.finish()?;
            sketch.items = vec![x];
            sketch.levels = vec![0, 1];
            sketch.n = 1;
            sketch.min = x;
            sketch.max = x;
            return Ok(sketch);
        }
        expect("preamble ints", 0, pre, 5)?;
        expect("serial version", 1, ver, 1)?;
        let n = r.u64("n")?;
        if n < 2 {
            return Err(Error::corrupt(
                "n",
                8,
                format!("{n} in the full form (2 or more expected)"),
            ));
        }
        let min_k = r.u16("min k")?;
        if u32::from(min_k) < MIN_WIDTH || min_k > k {
            return Err(Error::corrupt(
                "min k",
                16,
                format!("{min_k} not in [8, k = {k}]"),
            ));
        }
        let num_levels = r.u8("number of levels")? as usize;
        if num_levels == 0 || num_levels > MAX_LEVELS {
            return Err(Error::corrupt(
                "number of levels",
                18,
                format!("{num_levels} not in [1, {MAX_LEVELS}]"),
            ));
        }
        r.u8("unused byte")?;
        let capacity = total_capacity(k, num_levels);
        r.check_count(num_levels as u64, 4, "level offsets")?;
        let mut levels = Vec::with_capacity(num_levels + 1);
        for h in 0..num_levels {
            let at = r.offset();
            let b = r.u32("level offset")?;
            let prev = levels.last().copied().unwrap_or(0);
            if b < prev || b > capacity {
                return Err(Error::corrupt(
                    "level offset",
                    at,
                    format!("level {h} starts at {b}, not in [{prev}, capacity {capacity}]"),
                ));
            }
            levels.push(b);
        }
        levels.push(capacity);
        let retained = (capacity - levels[0]) as u64;
        let min_at = r.offset();
        let min = T::read_le(r.bytes(T::WIDTH, "min item")?);
        let max = T::read_le(r.bytes(T::WIDTH, "max item")?);
        if min.is_nan() || max.is_nan() || max < min {
            return Err(Error::corrupt(
                "min and max items",
                min_at,
                format!("{min:?} and {max:?}"),
            ));
        }
        let count = r.check_count(retained, T::WIDTH, "retained items")?;
        let items_at = r.offset();
        let raw = r.bytes(count * T::WIDTH, "retained items")?;
        r.finish()?;
        let items: Vec<T> = raw.chunks_exact(T::WIDTH).map(T::read_le).collect();
        let base = levels[0];
        for b in &mut levels {
            *b -= base;
        }
        let mut weight: u64 = 0;
        for h in 0..num_levels {
            let level = &items[levels[h] as usize..levels[h + 1] as usize];
            let at = items_at + levels[h] as usize * T::WIDTH;
            if let Some(i) = level.iter().position(|&x| x.is_nan() || x < min || max < x) {
                return Err(Error::corrupt(
                    "retained items",
                    at + i * T::WIDTH,
                    format!("{:?} at level {h} is NaN or outside [min, max]", level[i]),
                ));
            }
            if (h > 0 || sorted) && level.windows(2).any(|w| w[1] < w[0]) {
                return Err(Error::corrupt(
                    "retained items",
                    at,
                    format!("level {h} is not sorted"),
                ));
            }
            let w = (level.len() as u64)
                .checked_shl(h as u32)
                .filter(|w| level.is_empty() || w >> h == level.len() as u64);
            weight = match w.and_then(|w| weight.checked_add(w)) {
                Some(w) => w,
                None => return Err(Error::corrupt("n", 8, "the weights of the levels overflow")),
            };
        }
        if weight != n {
            return Err(Error::corrupt(
                "n",
                8,
                format!("{n}, but the retained items weigh {weight}"),
            ));
        }
        sketch.n = n;
        sketch.min_k = min_k;
        sketch.min = min;
        sketch.max = max;
        sketch.items = items;
        sketch.caps.reserve(levels.len());
        sketch.levels = levels;
        Ok(sketch)
    }
}
