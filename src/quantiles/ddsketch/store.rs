//! A bounded store of signed bucket counts for one sign of values, whose
//! memory follows the buckets in use, not the span of keys between them.
//!
//! Two representations, chosen by occupancy:
//!
//! - **dense**: `counts[j]` is the count of bucket key `base + j`; every
//!   nonzero count lies in `counts[lo..hi]` (a hint kept by every update,
//!   so that finding the nonzero span skips the window's spare room). An
//!   insert into the window is one bounds check and one add.
//! - **sparse**: an ordered map of the nonzero buckets (never a zero
//!   count), for buckets scattered over a span much wider than their
//!   number (a few values at 1e-300 and 1e300 are two buckets, not a
//!   window of a million).
//!
//! A store is dense while its nonzero buckets span at most
//! [`SMALL_SPAN`] keys or at most [`STAY_DENSE`] keys a bucket; a dense
//! window that would grow past that becomes sparse, and a sparse store
//! whose buckets come within [`GO_DENSE`] keys a bucket becomes dense (the
//! gap between the two ratios keeps a store from switching back and forth).
//! So a dense window holds at most 16 counts for each nonzero one (it grows
//! with room to spare, up to twice its span) and a sparse map one entry for
//! each: memory is O(nonzero buckets) either way.
//!
//! The representation is never observable: equality, queries, the
//! encoding and the algebra see only the nonzero buckets. The nonzero
//! buckets span at most `max` keys. A bucket that would widen the span
//! past `max` is collapsed: every bucket below
//! `T = highest nonzero key - max + 1` is added into bucket `T` (the lowest
//! magnitudes are merged, as in the DDSketch paper). No count is ever
//! `i64::MIN`, so every count negates exactly.

use std::collections::{btree_map, BTreeMap};

use crate::error::{Error, Result};

/// Spans of at most this many keys are always dense (512 bytes of counts).
const SMALL_SPAN: i64 = 64;
/// A dense store stays dense while its span is at most this many keys for
/// each nonzero bucket.
const STAY_DENSE: i64 = 8;
/// A sparse store turns dense once its span is at most this many keys for
/// each nonzero bucket.
const GO_DENSE: i64 = 4;

/// Heap bytes a sparse bucket takes, for [`Store::heap_bytes`]: std's
/// B-tree keeps up to 11 entries of 16 bytes in a node of 184 bytes (280
/// with child links), so an entry costs from 17 bytes (full nodes, as a
/// sorted build leaves them) to about 35 (nodes two-thirds full, as random
/// inserts leave them); this is the middle.
const SPARSE_ENTRY_BYTES: usize = 26;

/// The buckets of one sign.
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    /// Dense window: its first key.
    base: i64,
    /// Dense window: its counts (empty while sparse).
    counts: Vec<i64>,
    lo: usize,
    hi: usize,
    /// Sparse: the nonzero buckets (empty while dense).
    sparse: BTreeMap<i64, i64>,
}

/// How a merge applies to a store, decided before anything changes.
pub(crate) enum Plan {
    /// Add `other` bucket by bucket, in place.
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

/// `a + b` (or `a - b`), which the caller checked with [`add_checked`].
#[inline]
fn add_unchecked(a: i64, b: i64, negate: bool) -> i64 {
    if negate {
        a - b
    } else {
        a + b
    }
}

/// True if `n` nonzero buckets over `span` keys suit a dense window, at
/// `ratio` keys a bucket at most.
fn dense_suits(span: i64, n: usize, ratio: i64) -> bool {
    span <= SMALL_SPAN || span <= ratio.saturating_mul(n as i64)
}

/// The nonzero buckets of a store in increasing key order (reversible).
pub(crate) enum Buckets<'a> {
    /// A dense window's counts from this key on.
    Dense(i64, std::iter::Enumerate<std::slice::Iter<'a, i64>>),
    /// A sparse map's entries.
    Sparse(btree_map::Iter<'a, i64, i64>),
}

impl Iterator for Buckets<'_> {
    type Item = (i64, i64);

    #[inline]
    fn next(&mut self) -> Option<(i64, i64)> {
        match self {
            Buckets::Dense(base, it) => it
                .find(|(_, &c)| c != 0)
                .map(|(j, &c)| (*base + j as i64, c)),
            Buckets::Sparse(it) => it.next().map(|(&k, &c)| (k, c)),
        }
    }
}

impl DoubleEndedIterator for Buckets<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<(i64, i64)> {
        match self {
            Buckets::Dense(base, it) => it
                .rfind(|(_, &c)| c != 0)
                .map(|(j, &c)| (*base + j as i64, c)),
            Buckets::Sparse(it) => it.next_back().map(|(&k, &c)| (k, c)),
        }
    }
}

impl Store {
    /// True while the store keeps a map of its buckets.
    fn is_sparse(&self) -> bool {
        !self.sparse.is_empty()
    }

    /// The counts of the dense window that may be nonzero.
    fn hinted(&self) -> &[i64] {
        &self.counts[self.lo..self.hi]
    }

    /// The count of bucket `key` (0 if it has none).
    pub(crate) fn get(&self, key: i64) -> i64 {
        let j = key.wrapping_sub(self.base) as u64;
        if j < self.counts.len() as u64 {
            self.counts[j as usize]
        } else {
            self.sparse.get(&key).copied().unwrap_or(0)
        }
    }

    /// The nonzero buckets, `(key, count)` in increasing key order.
    pub(crate) fn buckets(&self) -> Buckets<'_> {
        if self.is_sparse() {
            Buckets::Sparse(self.sparse.iter())
        } else {
            Buckets::Dense(self.base + self.lo as i64, self.hinted().iter().enumerate())
        }
    }

    /// The number of nonzero buckets.
    pub(crate) fn len(&self) -> usize {
        if self.is_sparse() {
            self.sparse.len()
        } else {
            self.hinted().iter().filter(|&&c| c != 0).count()
        }
    }

    /// The first and last nonzero keys.
    pub(crate) fn bounds(&self) -> Option<(i64, i64)> {
        if self.is_sparse() {
            let first = self.sparse.first_key_value()?.0;
            let last = self.sparse.last_key_value()?.0;
            return Some((*first, *last));
        }
        let (first, last) = nonzero_ends(self.hinted())?;
        let at = self.base + self.lo as i64;
        Some((at + first as i64, at + last as i64))
    }

    /// A dense store's nonzero span: its first key and its counts (first
    /// and last nonzero); `None` when sparse or empty.
    fn dense_span(&self) -> Option<(i64, &[i64])> {
        if self.is_sparse() {
            return None;
        }
        let hinted = self.hinted();
        let (first, last) = nonzero_ends(hinted)?;
        Some((self.base + (self.lo + first) as i64, &hinted[first..=last]))
    }

    /// Builds a store from nonzero buckets in strictly increasing key order
    /// that span at most `max` keys (checked by the caller), dense or
    /// sparse by occupancy. `room`: a dense window gets spare room for
    /// later updates (up to half its span, within `max`); otherwise it is
    /// exactly the span, as a decoded store is.
    pub(crate) fn from_buckets(buckets: Vec<(i64, i64)>, max: usize, room: bool) -> Store {
        let (Some(&(first, _)), Some(&(last, _))) = (buckets.first(), buckets.last()) else {
            return Store::default();
        };
        let span = last - first + 1;
        if !dense_suits(span, buckets.len(), GO_DENSE) {
            return Store {
                sparse: buckets.into_iter().collect(),
                ..Store::default()
            };
        }
        let span = span as usize;
        let len = if room {
            max.min(span + span / 2).max(span)
        } else {
            span
        };
        let base = first - ((len - span) / 2) as i64;
        let mut counts = vec![0; len];
        for (k, c) in buckets {
            counts[(k - base) as usize] = c;
        }
        Store::with_window(base, counts)
    }

    /// A dense store over this window, with an exact hint.
    fn with_window(base: i64, counts: Vec<i64>) -> Store {
        let (lo, hi) = nonzero_ends(&counts).map_or((0, 0), |(a, b)| (a, b + 1));
        Store {
            base,
            counts,
            lo,
            hi,
            sparse: BTreeMap::new(),
        }
    }

    /// True if no bucket is nonzero.
    pub(crate) fn is_empty(&self) -> bool {
        self.sparse.is_empty() && self.hinted().iter().all(|&c| c == 0)
    }

    /// True if some bucket is negative.
    pub(crate) fn has_negative(&self) -> bool {
        if self.is_sparse() {
            return self.sparse.values().any(|&c| c < 0);
        }
        self.hinted().iter().fold(0i64, |acc, &c| acc | c) < 0
    }

    /// Heap bytes held (estimated for a sparse store: see
    /// [`SPARSE_ENTRY_BYTES`]).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.counts.capacity() * 8 + self.sparse.len() * SPARSE_ENTRY_BYTES
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

    /// [`add`](Self::add) for a key outside the dense window (every key of
    /// a sparse store). Never inlined, so that `add` stays small enough to
    /// inline into the insert loop.
    #[cold]
    #[inline(never)]
    fn add_outside(&mut self, key: i64, w: i64, max: usize) -> Result<()> {
        if self.is_sparse() {
            return self.add_sparse(key, w, max);
        }
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
        if hi2 - lo2 >= max_span {
            // Collapse: rebuild from the buckets (the window holds at
            // least one nonzero count in 8, so this costs O(buckets)).
            let mut buckets: Vec<(i64, i128)> =
                self.buckets().map(|(k, c)| (k, c.into())).collect();
            let at = buckets.partition_point(|&(k, _)| k < key);
            buckets.insert(at, (key, w.into()));
            *self = collapsed(buckets, max, "an insert")?;
            return Ok(());
        }
        let span = hi2 - lo2 + 1;
        if dense_suits(span, self.len() + 1, STAY_DENSE) {
            // Grow, with room on the side that grew.
            let span = span as usize;
            let len = max.min((2 * span).max(64));
            let base = if key > hi { lo2 } else { hi2 + 1 - len as i64 };
            let mut counts = vec![0; len];
            if let Some((first, own)) = self.dense_span() {
                let at = (first - base) as usize;
                counts[at..at + own.len()].copy_from_slice(own);
            }
            counts[(key - base) as usize] = w;
            *self = Store::with_window(base, counts);
        } else {
            let mut sparse: BTreeMap<i64, i64> = self.buckets().collect();
            sparse.insert(key, w);
            *self = Store {
                sparse,
                ..Store::default()
            };
        }
        Ok(())
    }

    /// [`add`](Self::add) on a sparse store: O(log n), plus the folded
    /// buckets when it collapses.
    fn add_sparse(&mut self, key: i64, w: i64, max: usize) -> Result<()> {
        if let Some(c) = self.sparse.get_mut(&key) {
            let s = add_checked(*c, w, false).ok_or_else(|| overflow("an insert"))?;
            if s == 0 {
                self.sparse.remove(&key);
            } else {
                *c = s;
            }
            return Ok(());
        }
        let Some((lo, hi)) = self.bounds() else {
            unreachable!("a sparse store holds a bucket")
        };
        let (lo2, hi2) = (lo.min(key), hi.max(key));
        if hi2 - lo2 < max as i64 {
            self.sparse.insert(key, w);
        } else {
            // Collapse into t: the buckets at or below it, and the new one
            // if it is there too.
            let t = hi2 - max as i64 + 1;
            let mut fold: i128 = self.sparse.range(..=t).map(|(_, &c)| i128::from(c)).sum();
            if key <= t {
                fold += i128::from(w);
            }
            let fold = fits(fold).ok_or_else(|| overflow("a collapse of the lowest buckets"))?;
            self.sparse = self.sparse.split_off(&(t + 1));
            if fold != 0 {
                self.sparse.insert(t, fold);
            }
            if key > t {
                self.sparse.insert(key, w);
            }
        }
        self.densify_if_full(max);
        Ok(())
    }

    /// Turns a sparse store dense once its buckets are close enough.
    fn densify_if_full(&mut self, max: usize) {
        let Some((lo, hi)) = self.bounds() else {
            return;
        };
        if self.is_sparse() && dense_suits(hi - lo + 1, self.sparse.len(), GO_DENSE) {
            let buckets: Vec<(i64, i64)> = std::mem::take(&mut self.sparse).into_iter().collect();
            *self = Store::from_buckets(buckets, max, true);
        }
    }

    /// Decides how to add (or subtract) `other`, checking every count:
    /// in place when `other`'s buckets lie in this dense window, or when
    /// this store is sparse, no smaller than `other` and cannot collapse;
    /// otherwise into a new store, collapsed to `max` buckets.
    pub(crate) fn plan(&self, other: &Store, negate: bool, max: usize) -> Result<Option<Plan>> {
        let Some((first, last)) = other.bounds() else {
            return Ok(None);
        };
        let end = self.base + self.counts.len() as i64;
        let in_window = !self.is_sparse() && first >= self.base && last < end;
        let sparse_in_place = self.is_sparse() && other.len() <= self.sparse.len() && {
            let (lo, hi) = self.bounds().unwrap_or((first, last));
            hi.max(last) - lo.min(first) < max as i64
        };
        if in_window || sparse_in_place {
            let fits = match other.dense_span() {
                Some((first, src)) if in_window => {
                    let at = (first - self.base) as usize;
                    fits_all(&self.counts[at..at + src.len()], src, negate)
                }
                _ => other
                    .buckets()
                    .all(|(k, c)| add_checked(self.get(k), c, negate).is_some()),
            };
            if !fits {
                return Err(overflow("a merge"));
            }
            return Ok(Some(Plan::InPlace));
        }
        self.combined(other, negate, max)
            .map(|s| Some(Plan::Replace(s)))
    }

    /// Applies a plan made by [`plan`](Self::plan) with the same `other`
    /// and `max`.
    pub(crate) fn apply(&mut self, plan: Option<Plan>, other: &Store, negate: bool, max: usize) {
        match plan {
            None => {}
            Some(Plan::Replace(s)) => *self = s,
            Some(Plan::InPlace) if self.is_sparse() => {
                for (k, c) in other.buckets() {
                    let s = add_unchecked(self.get(k), c, negate);
                    if s == 0 {
                        self.sparse.remove(&k);
                    } else {
                        self.sparse.insert(k, s);
                    }
                }
                self.densify_if_full(max);
            }
            Some(Plan::InPlace) => {
                let (at, len) = match other.dense_span() {
                    Some((first, src)) => {
                        let at = (first - self.base) as usize;
                        add_into(&mut self.counts[at..at + src.len()], src, negate);
                        (at, src.len())
                    }
                    None => {
                        let Some((first, last)) = other.bounds() else {
                            return;
                        };
                        for (k, c) in other.buckets() {
                            let cell = &mut self.counts[(k - self.base) as usize];
                            *cell = add_unchecked(*cell, c, negate);
                        }
                        ((first - self.base) as usize, (last - first + 1) as usize)
                    }
                };
                if self.lo == self.hi {
                    (self.lo, self.hi) = (at, at + len);
                } else {
                    self.lo = self.lo.min(at);
                    self.hi = self.hi.max(at + len);
                }
            }
        }
    }

    /// The sum (or difference) as a new store, collapsed to `max`: one
    /// pass over both stores' buckets in key order.
    fn combined(&self, other: &Store, negate: bool, max: usize) -> Result<Store> {
        let sign: i128 = if negate { -1 } else { 1 };
        let mut mine = self.buckets().peekable();
        let mut theirs = other
            .buckets()
            .map(|(k, c)| (k, sign * i128::from(c)))
            .peekable();
        let mut sum: Vec<(i64, i128)> = Vec::new();
        loop {
            let key = match (mine.peek(), theirs.peek()) {
                (None, None) => break,
                (Some(&(a, _)), None) => a,
                (None, Some(&(b, _))) => b,
                (Some(&(a, _)), Some(&(b, _))) => a.min(b),
            };
            let x = mine
                .next_if(|&(k, _)| k == key)
                .map_or(0, |(_, c)| c.into());
            let y = theirs.next_if(|&(k, _)| k == key).map_or(0, |(_, c)| c);
            sum.push((key, x + y));
        }
        collapsed(sum, max, "a merge")
    }

    /// Negates every count (exact: none is `i64::MIN`).
    pub(crate) fn negate(&mut self) {
        for c in self.counts.iter_mut().chain(self.sparse.values_mut()) {
            *c = -*c;
        }
    }
}

/// The store of these summed buckets (increasing keys, zeros allowed),
/// collapsed to `max` buckets: every bucket at or below
/// `highest nonzero key - max + 1` is added into that one.
///
/// # Errors
///
/// [`overflow`] (naming `what`) if a bucket leaves `±i64::MAX`.
fn collapsed(sum: Vec<(i64, i128)>, max: usize, what: &str) -> Result<Store> {
    let Some(hi) = sum.iter().rev().find(|&&(_, s)| s != 0).map(|&(k, _)| k) else {
        return Ok(Store::default());
    };
    let t = hi - max as i64 + 1;
    let fold: i128 = sum.iter().filter(|&&(k, _)| k <= t).map(|&(_, s)| s).sum();
    let mut buckets = Vec::with_capacity(sum.len());
    if fold != 0 {
        buckets.push((t, fits(fold).ok_or_else(|| overflow(what))?));
    }
    for &(k, s) in sum.iter().filter(|&&(k, s)| k > t && k <= hi && s != 0) {
        buckets.push((k, fits(s).ok_or_else(|| overflow(what))?));
    }
    Ok(Store::from_buckets(buckets, max, true))
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
        self.buckets().eq(other.buckets())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The naive model: a map of nonzero counts, collapsed after every
    /// update.
    fn model_collapse(m: &mut BTreeMap<i64, i128>, max: usize) {
        m.retain(|_, c| *c != 0);
        let Some((&hi, _)) = m.last_key_value() else {
            return;
        };
        let t = hi - max as i64 + 1;
        let low: Vec<i64> = m.range(..=t).map(|(&k, _)| k).collect();
        let fold: i128 = low.iter().map(|k| m.remove(k).unwrap_or(0)).sum();
        if fold != 0 {
            m.insert(t, fold);
        }
    }

    fn as_model(s: &Store) -> BTreeMap<i64, i128> {
        s.buckets().map(|(k, c)| (k, i128::from(c))).collect()
    }

    #[test]
    fn inserts_and_merges_agree_with_a_map_of_counts_in_either_representation() {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        for round in 0..300 {
            let max = [1usize, 3, 64, 100, 1 << 12][round % 5];
            // Keys close together (dense) or scattered (sparse), both signs
            // of weights.
            let spread = [4i64, 50, 10_000, 1 << 30][(round / 5) % 4];
            let mut a = Store::default();
            let mut b = Store::default();
            let mut ma = BTreeMap::new();
            let mut mb = BTreeMap::new();
            for i in 0..200 {
                let key = (next() as i64 % spread) - spread / 2;
                let w = if next() % 5 == 0 {
                    -1
                } else {
                    1 + (next() % 3) as i64
                };
                let (s, m) = if i % 2 == 0 {
                    (&mut a, &mut ma)
                } else {
                    (&mut b, &mut mb)
                };
                s.add(key, w, max).unwrap();
                *m.entry(key).or_insert(0) += i128::from(w);
                model_collapse(m, max);
                assert_eq!(as_model(s), *m, "round {round} insert {i}");
            }
            for negate in [false, true] {
                let plan = a.plan(&b, negate, max).unwrap();
                let mut merged = a.clone();
                merged.apply(plan, &b, negate, max);
                let mut model = ma.clone();
                for (&k, &c) in &mb {
                    *model.entry(k).or_insert(0) += if negate { -c } else { c };
                }
                model_collapse(&mut model, max);
                assert_eq!(as_model(&merged), model, "round {round} negate {negate}");
            }
        }
    }

    #[test]
    fn far_apart_buckets_are_kept_sparse_and_close_ones_dense() {
        let max = 1 << 20;
        let mut s = Store::default();
        s.add(-300_000_000, 1, max).unwrap();
        s.add(300_000_000, 1, max).unwrap();
        // Collapsed: the low bucket folds into the lowest key kept.
        assert_eq!(s.len(), 2);
        assert!(s.is_sparse() && s.heap_bytes() < 1024, "{}", s.heap_bytes());
        let mut d = Store::default();
        for k in 0..1000 {
            d.add(k * 3, 1, max).unwrap();
        }
        assert!(!d.is_sparse() && d.len() == 1000);
        let mut t = Store::default();
        for k in 0..1000 {
            t.add(k * 100, 1, max).unwrap();
        }
        assert!(t.is_sparse());
        for k in 0..100_000 {
            t.add(k, 1, max).unwrap();
        }
        assert!(!t.is_sparse(), "filled in, the store turns dense");
        assert!(t.heap_bytes() <= 16 * 8 * 100_000);
    }
}
