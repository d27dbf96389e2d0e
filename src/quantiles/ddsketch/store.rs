//! A dense, bounded store of signed bucket counts for one sign of values.
//!
//! `counts[j]` is the count of bucket key `base + j`; every nonzero count
//! lies in `counts[lo..hi]` (a hint kept by every update, so that finding
//! the nonzero span skips the window's spare room). The window
//! `[base, base + len)` never holds more than `max` buckets, so the
//! nonzero buckets span at most `max` keys. A bucket that would widen the
//! span past `max` is collapsed: every bucket below
//! `T = highest nonzero key - max + 1` is added into bucket `T` (the lowest
//! magnitudes are merged, as in the DDSketch paper). No count is ever
//! `i64::MIN`, so every count negates exactly. Zeros may sit anywhere in
//! the window; equality looks only at the nonzero span.

use crate::error::{Error, Result};

/// The buckets of one sign.
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    base: i64,
    counts: Vec<i64>,
    lo: usize,
    hi: usize,
}

/// How a merge applies to a store, decided before anything changes.
pub(crate) enum Plan {
    /// Add `other` bucket by bucket into the current window.
    InPlace,
    /// Replace the store with this one.
    Replace(Store),
}

/// The error for a count that would leave `±i64::MAX`.
pub(crate) fn overflow(what: &str) -> Error {
    Error::invalid_parameter(
        "bucket count",
        what,
        "a count within ±i64::MAX in every bucket and in the total, so that no \
         count wraps; split the stream over several sketches",
    )
}

/// `a + b` (or `a - b`) if it stays within `±i64::MAX`.
#[inline]
fn add_checked(a: i64, b: i64, negate: bool) -> Option<i64> {
    let s = if negate {
        a.checked_sub(b)
    } else {
        a.checked_add(b)
    };
    s.filter(|&s| s != i64::MIN)
}

impl Store {
    /// The count of bucket `key` (0 outside the window).
    pub(crate) fn get(&self, key: i64) -> i64 {
        let j = key.wrapping_sub(self.base) as u64;
        if j < self.counts.len() as u64 {
            self.counts[j as usize]
        } else {
            0
        }
    }

    /// The nonzero span: its first key and its counts (first and last
    /// nonzero), or `None` when every count is zero.
    pub(crate) fn span(&self) -> Option<(i64, &[i64])> {
        let hinted = &self.counts[self.lo..self.hi];
        let (first, last) = nonzero_ends(hinted)?;
        Some((self.base + (self.lo + first) as i64, &hinted[first..=last]))
    }

    /// Builds a store from a nonzero span (validated by the caller).
    pub(crate) fn from_span(first: i64, counts: Vec<i64>) -> Store {
        Store::with_window(first, counts)
    }

    /// A store over this window, with an exact hint.
    fn with_window(base: i64, counts: Vec<i64>) -> Store {
        let (lo, hi) = nonzero_ends(&counts).map_or((0, 0), |(a, b)| (a, b + 1));
        Store {
            base,
            counts,
            lo,
            hi,
        }
    }

    /// The counts that may be nonzero.
    fn hinted(&self) -> &[i64] {
        &self.counts[self.lo..self.hi]
    }

    /// True if no bucket is nonzero.
    pub(crate) fn is_empty(&self) -> bool {
        self.hinted().iter().all(|&c| c == 0)
    }

    /// True if some bucket is negative.
    pub(crate) fn has_negative(&self) -> bool {
        self.hinted().iter().fold(0i64, |acc, &c| acc | c) < 0
    }

    /// The buckets that may be nonzero, in increasing key order (zeros
    /// included).
    pub(crate) fn buckets(&self) -> impl DoubleEndedIterator<Item = (i64, i64)> + '_ {
        let base = self.base + self.lo as i64;
        self.hinted()
            .iter()
            .enumerate()
            .map(move |(j, &c)| (base + j as i64, c))
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.counts.capacity() * 8
    }

    /// Adds `w` (nonzero, not `i64::MIN`) to bucket `key`, collapsing if
    /// the span would pass `max`. On error nothing changes.
    #[inline]
    pub(crate) fn add(&mut self, key: i64, w: i64, max: usize) -> Result<()> {
        let j = key.wrapping_sub(self.base) as u64;
        if j < self.counts.len() as u64 {
            let j = j as usize;
            let c = &mut self.counts[j];
            *c = add_checked(*c, w, false).ok_or_else(|| overflow("an insert"))?;
            self.lo = self.lo.min(j);
            self.hi = self.hi.max(j + 1);
            Ok(())
        } else {
            self.add_outside(key, w, max)
        }
    }

    /// [`add`](Self::add) for a key outside the window.
    #[cold]
    fn add_outside(&mut self, key: i64, w: i64, max: usize) -> Result<()> {
        let max_span = max as i64;
        let Some((lo, hi)) = self.bounds() else {
            let len = max.min(64);
            let base = key - (len as i64) / 2;
            let mut counts = std::mem::take(&mut self.counts);
            counts.clear();
            counts.resize(len, 0);
            counts[(key - base) as usize] = w;
            *self = Store::with_window(base, counts);
            return Ok(());
        };
        let (lo2, hi2) = (lo.min(key), hi.max(key));
        if hi2 - lo2 < max_span {
            // Grow, with room on the side that grew.
            let span = (hi2 - lo2 + 1) as usize;
            let len = max.min((2 * span).max(64));
            let base = if key > hi { lo2 } else { hi2 + 1 - len as i64 };
            let mut counts = vec![0; len];
            self.copy_into(&mut counts, base)?;
            counts[(key - base) as usize] = w;
            *self = Store::with_window(base, counts);
            return Ok(());
        }
        // Collapse: the window becomes [t, hi2], exactly max buckets.
        let t = hi2 - max_span + 1;
        let mut counts = vec![0; max];
        self.copy_into(&mut counts, t)?;
        let j = (key.max(t) - t) as usize;
        counts[j] = add_checked(counts[j], w, false).ok_or_else(|| overflow("an insert"))?;
        *self = Store::with_window(t, counts);
        Ok(())
    }

    /// The first and last nonzero keys.
    fn bounds(&self) -> Option<(i64, i64)> {
        let (first, counts) = self.span()?;
        Some((first, first + counts.len() as i64 - 1))
    }

    /// Copies the counts into a window starting at `base` that holds the
    /// highest nonzero key; buckets below `base` fold into `base`.
    fn copy_into(&self, out: &mut [i64], base: i64) -> Result<()> {
        let mut fold = 0i128;
        for (key, c) in self.buckets().filter(|&(_, c)| c != 0) {
            if key <= base {
                fold += i128::from(c);
            } else {
                out[(key - base) as usize] = c;
            }
        }
        out[0] = fits(fold).ok_or_else(|| overflow("a collapse of the lowest buckets"))?;
        Ok(())
    }

    /// Decides how to add (or subtract) `other`, checking every count:
    /// in place when `other`'s nonzero span lies in this window, into a
    /// new window when the two spans fit in `max` buckets together, else
    /// with a collapse.
    pub(crate) fn plan(&self, other: &Store, negate: bool, max: usize) -> Result<Option<Plan>> {
        let Some((first, src)) = other.span() else {
            return Ok(None);
        };
        let last = first + src.len() as i64 - 1;
        let end = self.base + self.counts.len() as i64;
        if first >= self.base && last < end {
            let at = (first - self.base) as usize;
            if !fits_all(&self.counts[at..at + src.len()], src, negate) {
                return Err(overflow("a merge"));
            }
            return Ok(Some(Plan::InPlace));
        }
        let (lo, hi) = match self.bounds() {
            None => (first, last),
            Some((a, b)) => (a.min(first), b.max(last)),
        };
        if hi - lo < max as i64 {
            // Room for a quarter more on each side, within max.
            let span = (hi - lo + 1) as usize;
            let len = max.min(span + span / 2);
            let base = lo - ((len - span) / 2) as i64;
            let mut counts = vec![0; len];
            if let Some((mine, own)) = self.span() {
                let at = (mine - base) as usize;
                counts[at..at + own.len()].copy_from_slice(own);
            }
            let at = (first - base) as usize;
            let dst = &mut counts[at..at + src.len()];
            if !fits_all(dst, src, negate) {
                return Err(overflow("a merge"));
            }
            add_into(dst, src, negate);
            return Ok(Some(Plan::Replace(Store::with_window(base, counts))));
        }
        self.combined(other, negate, max)
            .map(|s| Some(Plan::Replace(s)))
    }

    /// Applies a plan made by [`plan`](Self::plan) with the same `other`.
    pub(crate) fn apply(&mut self, plan: Option<Plan>, other: &Store, negate: bool) {
        match plan {
            None => {}
            Some(Plan::Replace(s)) => *self = s,
            Some(Plan::InPlace) => {
                if let Some((first, src)) = other.span() {
                    let at = (first - self.base) as usize;
                    add_into(&mut self.counts[at..at + src.len()], src, negate);
                    if self.lo == self.hi {
                        (self.lo, self.hi) = (at, at + src.len());
                    } else {
                        self.lo = self.lo.min(at);
                        self.hi = self.hi.max(at + src.len());
                    }
                }
            }
        }
    }

    /// The sum (or difference) as a new store, collapsed to `max`.
    fn combined(&self, other: &Store, negate: bool, max: usize) -> Result<Store> {
        let sum = |key: i64| {
            let (a, b) = (i128::from(self.get(key)), i128::from(other.get(key)));
            if negate {
                a - b
            } else {
                a + b
            }
        };
        // The keys where either side may be nonzero, as ascending ranges.
        let mut ranges: Vec<(i64, i64)> = [self.bounds(), other.bounds()]
            .into_iter()
            .flatten()
            .collect();
        ranges.sort_unstable();
        if ranges.len() == 2 && ranges[1].0 <= ranges[0].1 + 1 {
            ranges = vec![(ranges[0].0, ranges[0].1.max(ranges[1].1))];
        }
        let keys = || ranges.iter().flat_map(|&(a, b)| a..=b);
        let Some(hi) = keys().rev().find(|&k| sum(k) != 0) else {
            return Ok(Store::default());
        };
        let lo = keys().find(|&k| sum(k) != 0).unwrap_or(hi);
        let t = lo.max(hi - max as i64 + 1);
        let mut counts = vec![0i64; (hi - t + 1) as usize];
        let mut fold = 0i128;
        for k in keys().filter(|&k| k <= hi) {
            let s = sum(k);
            if k <= t {
                fold += s;
            } else {
                counts[(k - t) as usize] = fits(s).ok_or_else(|| overflow("a merge"))?;
            }
        }
        counts[0] = fits(fold).ok_or_else(|| overflow("a merge"))?;
        Ok(Store::with_window(t, counts))
    }

    /// Negates every count (exact: none is `i64::MIN`).
    pub(crate) fn negate(&mut self) {
        for c in self.counts.iter_mut() {
            *c = -*c;
        }
    }
}

/// The indices of the first and last nonzero counts, skipping zeros
/// eight at a time (a window can hold many: it grows with room to spare).
fn nonzero_ends(counts: &[i64]) -> Option<(usize, usize)> {
    const LANES: usize = 8;
    let any = |c: &[i64]| c.iter().fold(0, |acc, &x| acc | x) != 0;
    let head = counts
        .chunks_exact(LANES)
        .position(any)
        .map_or(counts.len() - counts.len() % LANES, |i| i * LANES);
    let first = head + counts[head..].iter().position(|&c| c != 0)?;
    let tail = counts[first..]
        .rchunks_exact(LANES)
        .position(any)
        .map_or(first + (counts.len() - first) % LANES, |i| {
            counts.len() - i * LANES
        });
    let last = counts[first..tail].iter().rposition(|&c| c != 0)? + first;
    Some((first, last))
}

/// True if every `dst[i] + src[i]` (or `-`) stays within `±i64::MAX`:
/// one branch-free pass (overflow read from sign bits).
fn fits_all(dst: &[i64], src: &[i64], negate: bool) -> bool {
    let mut over = 0i64;
    let mut at_min = false;
    if negate {
        for (&a, &b) in dst.iter().zip(src) {
            let s = a.wrapping_sub(b);
            over |= (a ^ b) & (a ^ s);
            at_min |= s == i64::MIN;
        }
    } else {
        for (&a, &b) in dst.iter().zip(src) {
            let s = a.wrapping_add(b);
            over |= (a ^ s) & (b ^ s);
            at_min |= s == i64::MIN;
        }
    }
    over >= 0 && !at_min
}

/// `dst[i] += src[i]` (or `-=`); the caller checked [`fits_all`].
fn add_into(dst: &mut [i64], src: &[i64], negate: bool) {
    if negate {
        for (a, b) in dst.iter_mut().zip(src) {
            *a -= *b;
        }
    } else {
        for (a, b) in dst.iter_mut().zip(src) {
            *a += *b;
        }
    }
}

/// `v` as an `i64` within `±i64::MAX`.
fn fits(v: i128) -> Option<i64> {
    i64::try_from(v).ok().filter(|&v| v != i64::MIN)
}

impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        self.span() == other.span()
    }
}

#[cfg(test)]
mod tests {
    use super::nonzero_ends;

    #[test]
    fn nonzero_ends_agree_with_a_plain_scan() {
        for len in 0..40 {
            for a in 0..len {
                for b in a..len {
                    let mut c = vec![0i64; len];
                    c[a] = -1;
                    c[b] = 7;
                    assert_eq!(nonzero_ends(&c), Some((a, b)), "{len} {a} {b}");
                }
            }
            assert_eq!(nonzero_ends(&vec![0; len]), None);
        }
    }
}
