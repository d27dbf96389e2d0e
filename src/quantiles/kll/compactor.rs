//! The compactors: DataSketches' single-array layout and its two
//! compaction procedures (one level at a time while updating, all levels
//! at once after a merge).
//!
//! Items live in one array, level 0 first. Level `h` occupies
//! `items[levels[h]..levels[h + 1]]`; every level above 0 is sorted. Free
//! space is at the front: level 0 grows downwards into it. The array may
//! be shorter than the sketch's capacity (after a decode or a merge): the
//! missing free space is added the first time level 0 needs it.

use super::capacity::Capacities;
use super::item::KllItem;
use super::sketch::Kll;
use crate::hash::splitmix;

impl<T: KllItem> Kll<T> {
    /// Makes room for one item at the front of level 0: grows the array
    /// towards the capacity, or compacts one level once it is there.
    ///
    /// The array grows geometrically (by as many slots as it holds, at
    /// least 8), not to the capacity at once, so that a sketch of a large
    /// `k` holding few items (one decoded from a few bytes, then merged)
    /// takes memory for those items. Compactions still happen exactly when
    /// a full array reaches the capacity, so the sketch is the same.
    #[cold]
    #[inline(never)]
    pub(crate) fn make_room(&mut self) {
        let capacity = self.caps.total(self.num_levels()) as usize;
        let len = self.items.len();
        if len < capacity {
            self.grow_front((capacity - len).min(len.max(8)));
        } else {
            self.compress_while_updating();
            self.invalidate_upper();
        }
    }

    /// Prepends `delta` free slots.
    fn grow_front(&mut self, delta: usize) {
        let len = self.items.len();
        self.items.resize(len + delta, T::default());
        self.items.copy_within(0..len, delta);
        for b in &mut self.levels {
            *b += delta as u32;
        }
    }

    /// The lowest level holding at least its capacity (one exists when the
    /// array is full).
    fn level_to_compact(&self) -> usize {
        let num_levels = self.num_levels();
        (0..num_levels)
            .find(|&h| self.levels[h + 1] - self.levels[h] >= self.caps.level(num_levels, h))
            .unwrap_or(num_levels - 1)
    }

    /// Adds an empty top level to a full array (the capacity of every
    /// level changes with the depth, so the array grows by the capacity
    /// of the new bottom depth).
    fn add_top_level(&mut self) {
        let num_levels = self.num_levels();
        self.caps.reserve(num_levels + 2);
        let delta = self.caps.level(num_levels + 1, 0) as usize;
        self.grow_front(delta);
        let top = self.items.len() as u32;
        self.levels.push(top);
    }

    /// Halves the fullest low level into the level above (update path).
    fn compress_while_updating(&mut self) {
        let level = self.level_to_compact();
        if level == self.num_levels() - 1 {
            self.add_top_level();
        }
        let raw_beg = self.levels[level] as usize;
        let raw_end = self.levels[level + 1] as usize;
        let pop_above = self.levels[level + 2] as usize - raw_end;
        let odd = (raw_end - raw_beg) % 2;
        let adj_beg = raw_beg + odd;
        let adj_pop = raw_end - adj_beg;
        let half = adj_pop / 2;
        if level == 0 && !self.level_zero_sorted {
            T::sort(&mut self.items[adj_beg..raw_end]);
        }
        let offset = random_bit(&mut self.rng);
        let items = &mut self.items;
        if pop_above == 0 {
            halve_up(&mut items[adj_beg..raw_end], offset);
        } else {
            halve_down(&mut items[adj_beg..raw_end], offset);
            merge_forward(items, adj_beg, half, raw_end, pop_above, adj_beg + half);
        }
        self.levels[level + 1] -= half as u32;
        if odd == 1 {
            self.levels[level] = self.levels[level + 1] - 1;
            let to = self.levels[level] as usize;
            self.items[to] = self.items[raw_beg];
        } else {
            self.levels[level] = self.levels[level + 1];
        }
        if level > 0 {
            let start = self.levels[0] as usize;
            self.items.copy_within(start..raw_beg, start + half);
            for b in &mut self.levels[..level] {
                *b += half as u32;
            }
        }
    }

    /// Merges the levels above 0 of `other` (whose level 0 was already
    /// inserted item by item) and compacts the result as DataSketches does.
    pub(crate) fn merge_higher_levels(&mut self, other: &Kll<T>) {
        let levels = self.num_levels().max(other.num_levels());
        let total = self.retained() + other.retained() - other.level_len(0);
        let mut work: Vec<T> = Vec::with_capacity(total);
        let mut bounds: Vec<u32> = Vec::with_capacity(levels + 2);
        bounds.push(0);
        work.extend_from_slice(self.level(0));
        bounds.push(work.len() as u32);
        for h in 1..levels {
            let a = if h < self.num_levels() {
                self.level(h)
            } else {
                &[]
            };
            let b = if h < other.num_levels() {
                other.level(h)
            } else {
                &[]
            };
            merge_into(&mut work, a, b);
            bounds.push(work.len() as u32);
        }
        let (items, out) = general_compress(
            &mut self.caps,
            work,
            bounds,
            self.level_zero_sorted,
            &mut self.rng,
        );
        self.items = items;
        self.levels = out;
    }
}

/// One random bit (0 or 1) from a SplitMix64 generator whose state is
/// `state`: which of each pair of items a compaction keeps.
fn random_bit(state: &mut u64) -> usize {
    (splitmix::next(state) >> 63) as usize
}

/// Keeps every other item of a sorted even-length run, starting at
/// `offset`, in the upper half.
fn halve_up<T: Copy>(run: &mut [T], offset: usize) {
    let len = run.len();
    let half = len / 2;
    let mut j = len - 1 - offset;
    for i in (half..len).rev() {
        run[i] = run[j];
        j = j.wrapping_sub(2);
    }
}

/// Keeps every other item of a sorted even-length run, starting at
/// `offset`, in the lower half.
fn halve_down<T: Copy>(run: &mut [T], offset: usize) {
    let half = run.len() / 2;
    let mut j = offset;
    for i in 0..half {
        run[i] = run[j];
        j += 2;
    }
}

/// Merges the sorted runs `buf[a..a + a_len]` and `buf[b..b + b_len]` into
/// `buf[dst..]`, where `a + a_len <= dst <= b` and `dst + a_len == b`
/// (writes never overtake the reads).
fn merge_forward<T: KllItem>(
    buf: &mut [T],
    a: usize,
    a_len: usize,
    b: usize,
    b_len: usize,
    dst: usize,
) {
    let (mut i, mut j, mut o) = (a, b, dst);
    let (a_end, b_end) = (a + a_len, b + b_len);
    while i < a_end && j < b_end {
        if buf[j] < buf[i] {
            buf[o] = buf[j];
            j += 1;
        } else {
            buf[o] = buf[i];
            i += 1;
        }
        o += 1;
    }
    while i < a_end {
        buf[o] = buf[i];
        i += 1;
        o += 1;
    }
    // The rest of b is already in place.
}

/// Appends the merge of two sorted runs.
pub(crate) fn merge_into<T: KllItem>(out: &mut Vec<T>, a: &[T], b: &[T]) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j] < a[i] {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Compacts, bottom up, every level that is at capacity while the whole is
/// over capacity, in place; returns the items (no free space) and their
/// level boundaries.
fn general_compress<T: KllItem>(
    caps: &mut Capacities,
    mut buf: Vec<T>,
    mut input: Vec<u32>,
    level_zero_sorted: bool,
    rng: &mut u64,
) -> (Vec<T>, Vec<u32>) {
    let mut num_levels = input.len() - 1;
    let mut count = buf.len();
    let mut target = caps.total(num_levels) as usize;
    let mut out: Vec<u32> = vec![0];
    let mut level = 0;
    loop {
        if level == num_levels - 1 {
            let top = input[level + 1];
            input.truncate(level + 2);
            input.push(top);
        }
        let raw_beg = input[level] as usize;
        let raw_lim = input[level + 1] as usize;
        let raw_pop = raw_lim - raw_beg;
        let out_beg = out[level] as usize;
        if count < target || raw_pop < caps.level(num_levels, level) as usize {
            buf.copy_within(raw_beg..raw_lim, out_beg);
            out.push((out_beg + raw_pop) as u32);
        } else {
            let pop_above = input[level + 2] as usize - raw_lim;
            let odd = raw_pop % 2;
            let adj_beg = raw_beg + odd;
            let half = (raw_pop - odd) / 2;
            if odd == 1 {
                buf[out_beg] = buf[raw_beg];
            }
            out.push((out_beg + odd) as u32);
            if level == 0 && !level_zero_sorted {
                T::sort(&mut buf[adj_beg..raw_lim]);
            }
            let offset = random_bit(rng);
            if pop_above == 0 {
                halve_up(&mut buf[adj_beg..raw_lim], offset);
            } else {
                halve_down(&mut buf[adj_beg..raw_lim], offset);
                merge_forward(&mut buf, adj_beg, half, raw_lim, pop_above, adj_beg + half);
            }
            count -= half;
            input[level + 1] -= half as u32;
            if level == num_levels - 1 {
                num_levels += 1;
                caps.reserve(num_levels + 1);
                target += caps.level(num_levels, 0) as usize;
            }
        }
        if level == num_levels - 1 {
            break;
        }
        level += 1;
    }
    let start = out[0] as usize;
    let end = out[num_levels] as usize;
    debug_assert_eq!(end - start, count);
    buf.truncate(end);
    (buf, out)
}
