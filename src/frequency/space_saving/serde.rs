//! serde support through [`serde_form`]: a summary is its [`Codec`](crate::codec::Codec)
//! bytes, a base64 string in human-readable formats and raw bytes in
//! binary ones, validated on the way in as a decoded one is.

use std::hash::Hash;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::SpaceSaving;
use crate::codec::{serde_form, ItemCodec};

impl<K: Hash + Eq + Ord + Clone + ItemCodec> Serialize for SpaceSaving<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_form::serialize(self, serializer)
    }
}

impl<'de, K: Hash + Eq + Ord + Clone + ItemCodec> Deserialize<'de> for SpaceSaving<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_form::deserialize(deserializer)
    }
}
