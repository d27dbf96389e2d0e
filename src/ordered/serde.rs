//! serde support through [`serde_form`]: a skip list is its [`Codec`](crate::codec::Codec)
//! bytes, a base64 string in human-readable formats and raw bytes in
//! binary ones, validated on the way in as a decoded one is.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::SkipList;
use crate::algebra::Monoid;
use crate::codec::{serde_form, ItemCodec};

impl<K: Ord + Clone + ItemCodec, V: Monoid + Clone + ItemCodec> Serialize for SkipList<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_form::serialize(self, serializer)
    }
}

impl<'de, K: Ord + Clone + ItemCodec, V: Monoid + Clone + ItemCodec> Deserialize<'de>
    for SkipList<K, V>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_form::deserialize(deserializer)
    }
}
