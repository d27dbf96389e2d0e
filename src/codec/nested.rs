//! Sketches stored inside other values (a window's per-key state in a
//! checkpoint, a skip-list entry): a `u64` length and the sketch's own
//! [`Codec`] bytes. Also the unit type and tuples of up to six items.

use std::hash::Hash;

use super::{Codec, ItemCodec, Reader, Writer};
use crate::error::Result;
use crate::frequency::{CountMin, SpaceSaving, TopK, TopKItem, UpdateRule};
use crate::membership::BloomFilter;
use crate::quantiles::{DdSketch, Kll, KllItem};
use crate::similarity::MinHash;

fn encode_nested<T: Codec>(value: &T, w: &mut Writer) {
    let bytes = value.encode();
    w.u64(bytes.len() as u64);
    w.bytes(&bytes);
}

fn decode_nested<T: Codec>(r: &mut Reader<'_>, what: &'static str) -> Result<T> {
    let len = r.u64(what)?;
    let len = r.check_count(len, 1, what)?;
    T::decode(r.bytes(len, what)?)
}

macro_rules! nested_item {
    ($([$($g:tt)*] $t:ty, $what:literal;)*) => {$(
        /// Written as a `u64` length and the sketch's [`Codec`] bytes.
        impl<$($g)*> ItemCodec for $t {
            fn encode_item(&self, w: &mut Writer) {
                encode_nested(self, w)
            }
            fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
                decode_nested(r, $what)
            }
        }
    )*};
}

nested_item! {
    [U: UpdateRule] CountMin<U>, "CountMin";
    [K: TopKItem] TopK<K>, "TopK";
    [K: Hash + Eq + Ord + Clone + ItemCodec] SpaceSaving<K>, "SpaceSaving";
    [] BloomFilter, "BloomFilter";
    [T: KllItem] Kll<T>, "Kll";
    [] DdSketch, "DdSketch";
    [] MinHash, "MinHash";
}

/// The unit type takes no bytes (the key of a job without keys).
impl ItemCodec for () {
    fn encode_item(&self, _: &mut Writer) {}
    fn decode_item(_: &mut Reader<'_>) -> Result<Self> {
        Ok(())
    }
}

macro_rules! tuple_item {
    ($($name:ident $idx:tt),+) => {
        /// Members one after another.
        impl<$($name: ItemCodec),+> ItemCodec for ($($name,)+) {
            fn encode_item(&self, w: &mut Writer) {
                $(self.$idx.encode_item(w);)+
            }
            fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
                Ok(($($name::decode_item(r)?,)+))
            }
        }
    };
}

tuple_item!(A 0);
tuple_item!(A 0, B 1, C 2);
tuple_item!(A 0, B 1, C 2, D 3);
tuple_item!(A 0, B 1, C 2, D 3, E 4);
tuple_item!(A 0, B 1, C 2, D 3, E 4, F 5);
