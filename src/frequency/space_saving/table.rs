//! The counters of a SpaceSaving summary: a slot per monitored item, an
//! open-addressing index from item to slot, and Metwally et al.'s
//! stream-summary: buckets of slots with equal counts, linked in
//! increasing count order.
//!
//! Each item is stored once, in its slot; the index holds only slot numbers
//! (linear probing, at most half full, backward-shift deletion), so a miss
//! that evicts the minimum moves no key between tables and a `String` item
//! costs one allocation.
//!
//! A unit increment moves a slot to the next bucket (or a new one right
//! after its own): O(1). The slot evicted is the smallest item of the first
//! bucket (the smallest `(count, item)` of the table), whatever the history
//! of the table, so the summary's behaviour depends only on its contents.
//! The first bucket is sorted by item when an eviction first needs it;
//! it then gains no members in the common case (an increment or a new item
//! lands in a later bucket), its members leave lazily (a slot that moved on
//! leaves a stale entry that the next pop skips), and each bucket is
//! sorted at most once while it is first.
//!
//! The index hashes with an in-memory `ahash` state; no hash value is ever
//! encoded, compared or used to break a tie.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::OnceLock;

/// No bucket, no slot.
const NIL: u32 = u32::MAX;

/// Member capacity a bucket may keep beyond its needs.
const RETAINED: usize = 16;

/// No slot at this index position.
const EMPTY: u64 = u64::MAX;

/// The index entry of slot `s` with hash `hash`.
#[inline]
fn entry(hash: u64, s: u32) -> u64 {
    (hash << 32) | u64::from(s)
}

/// One monitored item: its count (an upper bound of its frequency) and the
/// error of that count (count - error is a lower bound).
#[derive(Clone, Debug)]
pub(super) struct Slot<K> {
    pub(super) item: K,
    pub(super) count: u64,
    pub(super) error: u64,
    hash: u64,
    /// The bucket holding this slot, and the slot's place in it.
    bucket: u32,
    pos: u32,
}

/// The slots whose count is `count`.
#[derive(Clone, Debug, Default)]
struct Bucket {
    count: u64,
    /// Slot numbers. Unsorted: exactly the live members, each slot's `pos`
    /// its index. Sorted (by decreasing item, so the smallest is last):
    /// may also hold stale entries of slots that moved on.
    members: Vec<u32>,
    live: u32,
    sorted: bool,
    prev: u32,
    next: u32,
}

impl<K> Slot<K> {
    /// The item's index hash.
    pub(super) fn hash(&self) -> u64 {
        self.hash
    }
}

/// Slots, index and buckets; see the module docs.
#[derive(Clone)]
pub(super) struct Table<K> {
    slots: Vec<Slot<K>>,
    /// `(low 32 bits of the hash) << 32 | slot`, or `EMPTY`.
    index: Vec<u64>,
    buckets: Vec<Bucket>,
    /// Unused bucket numbers (their vectors keep their allocation).
    free: Vec<u32>,
    /// The bucket of smallest count, or `NIL`.
    first: u32,
}

/// A counter outside a table: item, count, error and index hash.
pub(super) type Entry<K> = (K, u64, u64, u64);

/// One hash state for every table of the process, so that a merge looks
/// items of one table up in the other with the hash already stored.
fn hasher() -> &'static ahash::RandomState {
    static STATE: OnceLock<ahash::RandomState> = OnceLock::new();
    STATE.get_or_init(ahash::RandomState::new)
}

impl<K: Hash + Eq + Ord> Table<K> {
    /// An empty table with room for `capacity` slots before it grows.
    pub(super) fn with_capacity(capacity: usize) -> Table<K> {
        Table {
            slots: Vec::with_capacity(capacity),
            index: vec![EMPTY; index_size(capacity)],
            buckets: Vec::new(),
            free: Vec::new(),
            first: NIL,
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
        hasher().hash_one(item)
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
        let tag = hash << 32;
        loop {
            let e = self.index[i];
            if e == EMPTY {
                return None;
            }
            if e & !0xFFFF_FFFF == tag {
                let s = e as u32;
                if self.slots[s as usize].item.borrow() == item {
                    return Some(s);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot holding the item of `slot` (a slot of any table).
    #[inline]
    pub(super) fn get_like(&self, slot: &Slot<K>) -> Option<&Slot<K>> {
        self.find(&slot.item, slot.hash)
            .map(|s| &self.slots[s as usize])
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

    /// The smallest count, if any slot is in use.
    #[inline]
    pub(super) fn min_count(&self) -> Option<u64> {
        (self.first != NIL).then(|| self.buckets[self.first as usize].count)
    }

    /// Adds `weight` (at least 1) to the count of slot `s`.
    #[inline]
    pub(super) fn add(&mut self, s: u32, weight: u64) {
        let from = self.slots[s as usize].bucket;
        let count = self.slots[s as usize].count + weight;
        self.slots[s as usize].count = count;
        let bucket = &self.buckets[from as usize];
        if bucket.live == 1
            && (bucket.next == NIL || self.buckets[bucket.next as usize].count > count)
        {
            // Alone in its bucket and no bucket in the way (a frequent item,
            // usually): the bucket moves with it.
            self.buckets[from as usize].count = count;
            return;
        }
        self.detach(s, from);
        let to = self.bucket_at_or_after(from, count);
        self.attach(s, to);
        self.release_if_empty(from);
    }

    /// Puts `item` (index hash `hash`) in a new slot.
    pub(super) fn push(&mut self, item: K, hash: u64, count: u64, error: u64) {
        if self.slots.len() * 4 >= self.index.len() {
            self.grow();
        }
        let s = self.slots.len() as u32;
        self.slots.push(Slot {
            item,
            count,
            error,
            hash,
            bucket: NIL,
            pos: 0,
        });
        self.index_insert(s);
        let to = self.bucket_from_start(count);
        self.attach(s, to);
    }

    /// Replaces the smallest `(count, item)` by `item`, with `count` above
    /// the smallest count; the table must not be empty.
    pub(super) fn replace_min(&mut self, item: K, hash: u64, count: u64, error: u64) {
        let first = self.first;
        let s = self.pop_smallest(first);
        self.index_remove(s);
        let slot = &mut self.slots[s as usize];
        slot.item = item;
        slot.hash = hash;
        slot.count = count;
        slot.error = error;
        self.index_insert(s);
        let to = self.bucket_at_or_after(first, count);
        self.attach(s, to);
        self.release_if_empty(first);
    }

    /// Moves every counter out. The table must be [`rebuild`](Self::rebuild)
    /// before any other use (its index still names the old slots).
    pub(super) fn take(&mut self) -> Vec<Entry<K>> {
        self.clear_buckets();
        self.slots
            .drain(..)
            .map(|s| (s.item, s.count, s.error, s.hash))
            .collect()
    }

    /// Replaces the contents by `entries` (distinct items, with their
    /// index hashes).
    pub(super) fn rebuild(&mut self, entries: Vec<Entry<K>>) {
        self.slots.clear();
        self.clear_buckets();
        let size = index_size(entries.len());
        if self.index.len() < size {
            self.index = vec![EMPTY; size];
        } else {
            self.index.fill(EMPTY);
        }
        for (s, (item, count, error, hash)) in entries.into_iter().enumerate() {
            self.slots.push(Slot {
                item,
                count,
                error,
                hash,
                bucket: NIL,
                pos: 0,
            });
            self.index_insert(s as u32);
        }
        // Buckets in increasing count order, from a sort of small pairs.
        let mut order: Vec<(u64, u32)> = self
            .slots
            .iter()
            .enumerate()
            .map(|(s, slot)| (slot.count, s as u32))
            .collect();
        order.sort_unstable();
        let mut last = NIL;
        for (count, s) in order {
            if last == NIL || self.buckets[last as usize].count != count {
                last = self.new_bucket_after(last, count);
            }
            self.attach(s, last);
        }
    }

    fn clear_buckets(&mut self) {
        self.free.clear();
        for (b, bucket) in self.buckets.iter_mut().enumerate() {
            if bucket.members.capacity() > RETAINED {
                bucket.members = Vec::new();
            }
            bucket.members.clear();
            bucket.live = 0;
            self.free.push(b as u32);
        }
        self.free.reverse();
        self.first = NIL;
    }

    /// The bucket of `count`, found by walking on from bucket `from`
    /// (whose count is below `count`), created if there is none.
    #[inline]
    fn bucket_at_or_after(&mut self, from: u32, count: u64) -> u32 {
        let mut at = from;
        loop {
            let next = self.buckets[at as usize].next;
            if next == NIL || self.buckets[next as usize].count > count {
                break;
            }
            at = next;
        }
        if self.buckets[at as usize].count == count {
            at
        } else {
            self.new_bucket_after(at, count)
        }
    }

    /// The bucket of `count`, found by walking from the first bucket.
    fn bucket_from_start(&mut self, count: u64) -> u32 {
        let first = self.first;
        if first == NIL || self.buckets[first as usize].count > count {
            return self.new_bucket_after(NIL, count);
        }
        self.bucket_at_or_after(first, count)
    }

    /// A new, empty bucket of `count` linked after `prev` (`NIL`: first).
    fn new_bucket_after(&mut self, prev: u32, count: u64) -> u32 {
        let next = if prev == NIL {
            self.first
        } else {
            self.buckets[prev as usize].next
        };
        let b = match self.free.pop() {
            Some(b) => b,
            None => {
                self.buckets.push(Bucket::default());
                (self.buckets.len() - 1) as u32
            }
        };
        let bucket = &mut self.buckets[b as usize];
        bucket.count = count;
        bucket.sorted = false;
        bucket.live = 0;
        bucket.prev = prev;
        bucket.next = next;
        if prev == NIL {
            self.first = b;
        } else {
            self.buckets[prev as usize].next = b;
        }
        if next != NIL {
            self.buckets[next as usize].prev = b;
        }
        b
    }

    /// Unlinks bucket `b` if no slot is left in it.
    #[inline]
    fn release_if_empty(&mut self, b: u32) {
        let bucket = &mut self.buckets[b as usize];
        if bucket.live != 0 {
            return;
        }
        if bucket.members.capacity() > RETAINED {
            // Keep the memory of free buckets O(1) each.
            bucket.members = Vec::new();
        } else {
            bucket.members.clear();
        }
        let (prev, next) = (bucket.prev, bucket.next);
        if prev == NIL {
            self.first = next;
        } else {
            self.buckets[prev as usize].next = next;
        }
        if next != NIL {
            self.buckets[next as usize].prev = prev;
        }
        self.free.push(b);
    }

    /// Takes slot `s` out of bucket `b` (the bucket stays linked).
    #[inline]
    fn detach(&mut self, s: u32, b: u32) {
        let pos = self.slots[s as usize].pos as usize;
        let bucket = &mut self.buckets[b as usize];
        bucket.live -= 1;
        if bucket.sorted {
            // Left as a stale entry; `pop_smallest` skips it.
            return;
        }
        bucket.members.swap_remove(pos);
        if bucket.members.capacity() > 4 * bucket.members.len() + RETAINED {
            // Keep the memory of a live bucket proportional to its members.
            bucket.members.shrink_to(2 * bucket.members.len());
        }
        if let Some(&moved) = bucket.members.get(pos) {
            self.slots[moved as usize].pos = pos as u32;
        }
    }

    /// Puts slot `s` into bucket `b`.
    #[inline]
    fn attach(&mut self, s: u32, b: u32) {
        if self.buckets[b as usize].sorted {
            // Rare: the first bucket gains a member. Drop the stale
            // entries and let the next eviction sort it again.
            self.unsort(b);
        }
        let bucket = &mut self.buckets[b as usize];
        let slot = &mut self.slots[s as usize];
        slot.bucket = b;
        slot.pos = bucket.members.len() as u32;
        bucket.members.push(s);
        bucket.live += 1;
    }

    /// Whether entry `i` of bucket `b` is a live member.
    fn is_live(&self, b: u32, i: usize) -> bool {
        let s = self.buckets[b as usize].members[i];
        let slot = &self.slots[s as usize];
        slot.bucket == b && slot.pos as usize == i
    }

    fn unsort(&mut self, b: u32) {
        let members = std::mem::take(&mut self.buckets[b as usize].members);
        let mut kept = Vec::with_capacity(members.len());
        for (i, &s) in members.iter().enumerate() {
            let slot = &self.slots[s as usize];
            if slot.bucket == b && slot.pos as usize == i {
                kept.push(s);
            }
        }
        for (i, &s) in kept.iter().enumerate() {
            self.slots[s as usize].pos = i as u32;
        }
        let bucket = &mut self.buckets[b as usize];
        bucket.members = kept;
        bucket.sorted = false;
    }

    /// Removes and returns the smallest live item of bucket `b`, sorting
    /// the bucket first if it is not yet sorted. `b` must have a member.
    fn pop_smallest(&mut self, b: u32) -> u32 {
        if !self.buckets[b as usize].sorted {
            let slots = &mut self.slots;
            let bucket = &mut self.buckets[b as usize];
            bucket
                .members
                .sort_unstable_by(|&x, &y| slots[y as usize].item.cmp(&slots[x as usize].item));
            for (i, &s) in bucket.members.iter().enumerate() {
                slots[s as usize].pos = i as u32;
            }
            bucket.sorted = true;
        }
        loop {
            let last = self.buckets[b as usize].members.len() - 1;
            let live = self.is_live(b, last);
            let s = self.buckets[b as usize]
                .members
                .pop()
                .expect("the first bucket has a live member");
            if live {
                let bucket = &mut self.buckets[b as usize];
                bucket.live -= 1;
                return s;
            }
        }
    }

    fn index_insert(&mut self, s: u32) {
        let mask = self.index.len() - 1;
        let hash = self.slots[s as usize].hash;
        let mut i = hash as usize & mask;
        while self.index[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.index[i] = entry(hash, s);
    }

    /// Removes slot `s` from the index, shifting back the entries after it
    /// so that every probe sequence stays unbroken.
    fn index_remove(&mut self, s: u32) {
        let mask = self.index.len() - 1;
        let hash = self.slots[s as usize].hash;
        let target = entry(hash, s);
        let mut hole = hash as usize & mask;
        while self.index[hole] != target {
            hole = (hole + 1) & mask;
        }
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let e = self.index[j];
            if e == EMPTY {
                break;
            }
            let home = (e >> 32) as usize & mask;
            if j.wrapping_sub(home) & mask >= j.wrapping_sub(hole) & mask {
                self.index[hole] = e;
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

/// The index size for `slots` slots: a power of two at least four times
/// as large (probes stay short), and at least 8.
fn index_size(slots: usize) -> usize {
    (slots.saturating_mul(4)).max(8).next_power_of_two()
}
