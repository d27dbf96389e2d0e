//! serde support: a sketch serializes as its [`Codec`] bytes, so a
//! deserialized sketch passes the same validation as a decoded one.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

use super::item::KllItem;
use super::sketch::Kll;
use crate::codec::Codec;

impl<T: KllItem> Serialize for Kll<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encode())
    }
}

impl<'de, T: KllItem> Deserialize<'de> for Kll<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = serde::de::Deserialize::deserialize(deserializer)?;
        Kll::decode(&bytes).map_err(D::Error::custom)
    }
}
