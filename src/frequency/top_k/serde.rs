//! serde support through [`serde_form`]: a sketch is its [`Codec`](crate::codec::Codec)
//! bytes, a base64 string in human-readable formats and raw bytes in
//! binary ones, validated on the way in as a decoded one is.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::sketch::{TopK, TopKItem};
use crate::codec::serde_form;

impl<K: TopKItem> Serialize for TopK<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_form::serialize(self, serializer)
    }
}

impl<'de, K: TopKItem> Deserialize<'de> for TopK<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_form::deserialize(deserializer)
    }
}
