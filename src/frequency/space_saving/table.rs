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
//! after its own): O(1). A bucket is an intrusive doubly linked list of its
//! slots, so moving a slot allocates nothing and a merge rebuilds the
//! buckets without allocating per bucket. The slot evicted is the smallest
//! item of the first bucket (the smallest `(count, item)` of the table),
//! whatever the history of the table, so the summary's behaviour depends
//! only on its contents. The first bucket is sorted by item when an
//! eviction first needs it; removals keep a list sorted, and it gains
//! members only in rare cases (which mark it unsorted again), so each
//! bucket is sorted about once while it is first. After a rebuild (a
//! merge, a decode) the buckets are built only when a change needs them.
//!
//! The index hashes with an in-memory `ahash` state; no hash value is ever
//! encoded, compared or used to break a tie.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::OnceLock;

/// No bucket, no slot.
const NIL: u32 = u32::MAX;

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
    /// The bucket holding this slot, and its neighbours in that bucket.
    bucket: u32,
    prev: u32,
    next: u32,
}

/// The slots whose count is `count`: a list from `head`, in increasing
/// item order when `sorted`.
#[derive(Clone, Debug, Default)]
struct Bucket {
    count: u64,
    head: u32,
    len: u32,
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
    /// Room to sort a bucket in.
    scratch: Vec<u32>,
    /// True after a rebuild until the buckets are built (by the first
    /// change that needs them): merges followed by merges or queries never
    /// sort by count.
    stale: bool,
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
            scratch: Vec::new(),
            stale: false,
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
    pub(super) fn min_count(&mut self) -> Option<u64> {
        self.ready();
        (self.first != NIL).then(|| self.buckets[self.first as usize].count)
    }

    /// Builds the buckets if a rebuild left them stale.
    #[inline]
    fn ready(&mut self) {
        if self.stale {
            self.build_buckets();
        }
    }

    /// Adds `weight` (at least 1) to the count of slot `s`.
    #[inline]
    pub(super) fn add(&mut self, s: u32, weight: u64) {
        self.ready();
        let from = self.slots[s as usize].bucket;
        let count = self.slots[s as usize].count + weight;
        self.slots[s as usize].count = count;
        let bucket = &self.buckets[from as usize];
        if bucket.len == 1
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
        self.ready();
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
            prev: NIL,
            next: NIL,
        });
        self.index_insert(s);
        let to = self.bucket_from_start(count);
        self.attach(s, to);
    }

    /// Replaces the smallest `(count, item)` by the item `write` puts over
    /// it, with `count` above the smallest count; the table must not be
    /// empty.
    pub(super) fn replace_min(
        &mut self,
        write: impl FnOnce(&mut K),
        hash: u64,
        count: u64,
        error: u64,
    ) {
        self.ready();
        let first = self.first;
        let s = self.smallest(first);
        // The new item first: if producing it panics, nothing has moved.
        write(&mut self.slots[s as usize].item);
        self.detach(s, first);
        self.index_remove(s);
        let slot = &mut self.slots[s as usize];
        slot.hash = hash;
        slot.count = count;
        slot.error = error;
        self.index_insert(s);
        let to = self.bucket_at_or_after(first, count);
        self.attach(s, to);
        self.release_if_empty(first);
    }

    /// Moves every counter out, to the end of `out`. The table must be
    /// [`rebuild`](Self::rebuild) before any other use (its index still
    /// names the old slots).
    pub(super) fn drain_into(&mut self, out: &mut Vec<Entry<K>>) {
        self.clear_buckets();
        out.extend(
            self.slots
                .drain(..)
                .map(|s| (s.item, s.count, s.error, s.hash)),
        );
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
                prev: NIL,
                next: NIL,
            });
            self.index_insert(s as u32);
        }
        self.stale = true;
    }

    /// The buckets of the slots, in increasing count order, from a sort of
    /// `(count, slot)` pairs.
    fn build_buckets(&mut self) {
        self.clear_buckets();
        self.stale = false;
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
        self.buckets.clear();
        self.free.clear();
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
        let bucket = Bucket {
            count,
            head: NIL,
            len: 0,
            sorted: true,
            prev,
            next,
        };
        let b = match self.free.pop() {
            Some(b) => {
                self.buckets[b as usize] = bucket;
                b
            }
            None => {
                self.buckets.push(bucket);
                (self.buckets.len() - 1) as u32
            }
        };
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
        let bucket = &self.buckets[b as usize];
        if bucket.len != 0 {
            return;
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

    /// Takes slot `s` out of bucket `b` (the bucket stays linked, and
    /// sorted if it was).
    #[inline]
    fn detach(&mut self, s: u32, b: u32) {
        let (prev, next) = {
            let slot = &self.slots[s as usize];
            (slot.prev, slot.next)
        };
        if prev == NIL {
            self.buckets[b as usize].head = next;
        } else {
            self.slots[prev as usize].next = next;
        }
        if next != NIL {
            self.slots[next as usize].prev = prev;
        }
        self.buckets[b as usize].len -= 1;
    }

    /// Puts slot `s` at the head of bucket `b`.
    #[inline]
    fn attach(&mut self, s: u32, b: u32) {
        let bucket = &mut self.buckets[b as usize];
        let head = bucket.head;
        bucket.head = s;
        bucket.len += 1;
        // Rare for the first bucket: it then sorts again when it must.
        bucket.sorted = bucket.len == 1;
        let slot = &mut self.slots[s as usize];
        slot.bucket = b;
        slot.prev = NIL;
        slot.next = head;
        if head != NIL {
            self.slots[head as usize].prev = s;
        }
    }

    /// Relinks bucket `b` in increasing item order.
    fn sort(&mut self, b: u32) {
        let mut order = std::mem::take(&mut self.scratch);
        order.clear();
        let mut at = self.buckets[b as usize].head;
        while at != NIL {
            order.push(at);
            at = self.slots[at as usize].next;
        }
        let slots = &mut self.slots;
        order.sort_unstable_by(|&x, &y| slots[x as usize].item.cmp(&slots[y as usize].item));
        let mut prev = NIL;
        for &s in &order {
            let slot = &mut slots[s as usize];
            slot.prev = prev;
            slot.next = NIL;
            if prev != NIL {
                slots[prev as usize].next = s;
            }
            prev = s;
        }
        let bucket = &mut self.buckets[b as usize];
        bucket.head = order.first().copied().unwrap_or(NIL);
        bucket.sorted = true;
        self.scratch = order;
    }

    /// The smallest item of bucket `b`, sorting the bucket first if it is
    /// not sorted. `b` must have a member.
    fn smallest(&mut self, b: u32) -> u32 {
        if !self.buckets[b as usize].sorted {
            self.sort(b);
        }
        self.buckets[b as usize].head
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
