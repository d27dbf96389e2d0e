//! The counters of a SpaceSaving summary: a slot per monitored item, an
//! open-addressing index from item to slot, and a min-heap of slots.
//!
//! Each item is stored once, in its slot; the index holds only slot numbers
//! (linear probing, at most half full, backward-shift deletion), so a miss
//! that evicts the minimum moves no key between tables and a `String` item
//! costs one allocation. The heap is ordered by `(count, item)`: the slot it
//! evicts is the one with the smallest count and, among equal counts, the
//! smallest item, whatever the history of the table, so the summary's
//! behaviour depends only on its contents.
//!
//! The index hashes with an in-memory `ahash` state; no hash value is ever
//! encoded, compared or used to break a tie.

use std::borrow::Borrow;
use std::hash::Hash;

/// No slot at this index position.
const EMPTY: u32 = u32::MAX;

/// One monitored item: its count (an upper bound of its frequency) and the
/// error of that count (count - error is a lower bound).
#[derive(Clone, Debug)]
pub(super) struct Slot<K> {
    pub(super) item: K,
    pub(super) count: u64,
    pub(super) error: u64,
    hash: u64,
    heap_pos: u32,
}

/// Slots, index and heap; see the module docs.
#[derive(Clone)]
pub(super) struct Table<K> {
    slots: Vec<Slot<K>>,
    index: Vec<u32>,
    heap: Vec<u32>,
    hasher: ahash::RandomState,
}

impl<K: Hash + Eq + Ord> Table<K> {
    /// An empty table with room for `capacity` slots before it grows.
    pub(super) fn with_capacity(capacity: usize) -> Table<K> {
        Table {
            slots: Vec::with_capacity(capacity),
            index: vec![EMPTY; index_size(capacity)],
            heap: Vec::with_capacity(capacity),
            hasher: ahash::RandomState::new(),
        }
    }

    /// The number of slots in use.
    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The slots, in no particular order.
    pub(super) fn slots(&self) -> &[Slot<K>] {
        &self.slots
    }

    /// The index hash of `item`.
    #[inline]
    pub(super) fn hash<Q: Hash + ?Sized>(&self, item: &Q) -> u64 {
        self.hasher.hash_one(item)
    }

    /// The slot holding `item`, whose index hash is `hash`.
    #[inline]
    pub(super) fn find<Q>(&self, item: &Q, hash: u64) -> Option<u32>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mask = self.index.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = self.index[i];
            if s == EMPTY {
                return None;
            }
            let slot = &self.slots[s as usize];
            if slot.hash == hash && slot.item.borrow() == item {
                return Some(s);
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot holding `item`, if any.
    pub(super) fn get<Q>(&self, item: &Q) -> Option<&Slot<K>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(item, self.hash(item))
            .map(|s| &self.slots[s as usize])
    }

    /// The slot the next eviction replaces: the smallest `(count, item)`.
    #[inline]
    pub(super) fn min(&self) -> Option<&Slot<K>> {
        self.heap.first().map(|&s| &self.slots[s as usize])
    }

    /// Adds `weight` to the count of slot `s`.
    #[inline]
    pub(super) fn add(&mut self, s: u32, weight: u64) {
        let slot = &mut self.slots[s as usize];
        slot.count += weight;
        let pos = slot.heap_pos as usize;
        self.sift_down(pos);
    }

    /// Puts `item` (index hash `hash`) in a new slot.
    pub(super) fn push(&mut self, item: K, hash: u64, count: u64, error: u64) {
        if (self.slots.len() + 1) * 2 > self.index.len() {
            self.grow();
        }
        let s = self.slots.len() as u32;
        self.slots.push(Slot {
            item,
            count,
            error,
            hash,
            heap_pos: s,
        });
        self.index_insert(s);
        self.heap.push(s);
        self.sift_up(s as usize);
    }

    /// Replaces the item of the minimum slot by `item`; the table must not
    /// be empty.
    pub(super) fn replace_min(&mut self, item: K, hash: u64, count: u64, error: u64) {
        let s = self.heap[0];
        self.index_remove(s);
        let slot = &mut self.slots[s as usize];
        slot.item = item;
        slot.hash = hash;
        slot.count = count;
        slot.error = error;
        self.index_insert(s);
        self.sift_down(0);
    }

    /// Moves every `(item, count, error)` out, leaving the table empty.
    pub(super) fn take(&mut self) -> Vec<(K, u64, u64)> {
        self.heap.clear();
        self.index.fill(EMPTY);
        self.slots
            .drain(..)
            .map(|s| (s.item, s.count, s.error))
            .collect()
    }

    /// Replaces the contents by `entries` (distinct items).
    pub(super) fn rebuild(&mut self, entries: Vec<(K, u64, u64)>) {
        self.slots.clear();
        self.heap.clear();
        let size = index_size(entries.len());
        if self.index.len() < size {
            self.index = vec![EMPTY; size];
        } else {
            self.index.fill(EMPTY);
        }
        for (s, (item, count, error)) in entries.into_iter().enumerate() {
            let hash = self.hash(&item);
            self.slots.push(Slot {
                item,
                count,
                error,
                hash,
                heap_pos: s as u32,
            });
            self.index_insert(s as u32);
            self.heap.push(s as u32);
        }
        for pos in (0..self.heap.len() / 2).rev() {
            self.sift_down(pos);
        }
    }

    /// `(count, item)` of slot `a` below that of slot `b`.
    #[inline]
    fn less(&self, a: u32, b: u32) -> bool {
        let (x, y) = (&self.slots[a as usize], &self.slots[b as usize]);
        x.count < y.count || (x.count == y.count && x.item < y.item)
    }

    #[inline]
    fn swap(&mut self, i: usize, j: usize) {
        self.heap.swap(i, j);
        self.slots[self.heap[i] as usize].heap_pos = i as u32;
        self.slots[self.heap[j] as usize].heap_pos = j as u32;
    }

    #[inline]
    fn sift_down(&mut self, mut pos: usize) {
        let n = self.heap.len();
        loop {
            let left = 2 * pos + 1;
            if left >= n {
                return;
            }
            let right = left + 1;
            let child = if right < n && self.less(self.heap[right], self.heap[left]) {
                right
            } else {
                left
            };
            if !self.less(self.heap[child], self.heap[pos]) {
                return;
            }
            self.swap(pos, child);
            pos = child;
        }
    }

    fn sift_up(&mut self, mut pos: usize) {
        while pos > 0 {
            let parent = (pos - 1) / 2;
            if !self.less(self.heap[pos], self.heap[parent]) {
                return;
            }
            self.swap(pos, parent);
            pos = parent;
        }
    }

    fn index_insert(&mut self, s: u32) {
        let mask = self.index.len() - 1;
        let mut i = self.slots[s as usize].hash as usize & mask;
        while self.index[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.index[i] = s;
    }

    /// Removes slot `s` from the index, shifting back the entries after it
    /// so that every probe sequence stays unbroken.
    fn index_remove(&mut self, s: u32) {
        let mask = self.index.len() - 1;
        let mut hole = self.slots[s as usize].hash as usize & mask;
        while self.index[hole] != s {
            hole = (hole + 1) & mask;
        }
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let t = self.index[j];
            if t == EMPTY {
                break;
            }
            let home = self.slots[t as usize].hash as usize & mask;
            if j.wrapping_sub(home) & mask >= j.wrapping_sub(hole) & mask {
                self.index[hole] = t;
                hole = j;
            }
        }
        self.index[hole] = EMPTY;
    }

    fn grow(&mut self) {
        self.index = vec![EMPTY; self.index.len() * 2];
        for s in 0..self.slots.len() as u32 {
            self.index_insert(s);
        }
    }
}

/// The index size for `slots` slots: a power of two at least twice as
/// large, and at least 8.
fn index_size(slots: usize) -> usize {
    (slots.saturating_mul(2)).max(8).next_power_of_two()
}
