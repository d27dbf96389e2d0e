//! serde support: a skip list serializes as its [`Codec`] bytes, so a
//! deserialized list passes the same validation as a decoded one (keys
//! strictly increasing, values compatible, links rebuilt).

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

use super::SkipList;
use crate::algebra::Monoid;
use crate::codec::{Codec, ItemCodec};

impl<K: Ord + Clone + ItemCodec, V: Monoid + Clone + ItemCodec> Serialize for SkipList<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encode())
    }
}

impl<'de, K: Ord + Clone + ItemCodec, V: Monoid + Clone + ItemCodec> Deserialize<'de>
    for SkipList<K, V>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = serde::de::Deserialize::deserialize(deserializer)?;
        SkipList::decode(&bytes).map_err(D::Error::custom)
    }
}
