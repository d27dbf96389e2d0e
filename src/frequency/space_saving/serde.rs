//! serde support: a summary serializes as its [`Codec`] bytes, so a
//! deserialized summary passes the same validation as a decoded one.

use std::hash::Hash;

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

use super::SpaceSaving;
use crate::codec::{Codec, ItemCodec};

impl<K: Hash + Eq + Ord + Clone + ItemCodec> Serialize for SpaceSaving<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encode())
    }
}

impl<'de, K: Hash + Eq + Ord + Clone + ItemCodec> Deserialize<'de> for SpaceSaving<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = serde::de::Deserialize::deserialize(deserializer)?;
        SpaceSaving::decode(&bytes).map_err(D::Error::custom)
    }
}
