//! serde support: a sketch serializes as its [`Codec`] bytes, so a
//! deserialized sketch passes the same validation as a decoded one.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

use super::sketch::{TopK, TopKItem};
use crate::codec::Codec;

impl<K: TopKItem> Serialize for TopK<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encode())
    }
}

impl<'de, K: TopKItem> Deserialize<'de> for TopK<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = serde::de::Deserialize::deserialize(deserializer)?;
        TopK::decode(&bytes).map_err(D::Error::custom)
    }
}
