//! The one deterministic order of heavy-hitter candidates.

use std::cmp::Ordering;

use crate::codec::{ItemCodec, Writer};

/// Orders candidates best first: the larger count, then the smaller item
/// hash, then (two items with one hash) the smaller item encoding. Distinct
/// items never compare equal, so the order never depends on a hash map's
/// iteration order.
pub(crate) fn rank<K: ItemCodec>(a: (&K, i64, u64), b: (&K, i64, u64)) -> Ordering {
    b.1.cmp(&a.1)
        .then(a.2.cmp(&b.2))
        .then_with(|| item_bytes(a.0).cmp(&item_bytes(b.0)))
}

fn item_bytes<K: ItemCodec>(item: &K) -> Vec<u8> {
    let mut w = Writer::with_capacity(16);
    item.encode_item(&mut w);
    w.into_bytes()
}
