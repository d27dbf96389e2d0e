//! serde support: a sketch serializes as its [`Codec`] bytes, so a
//! deserialized sketch passes the same validation as a decoded one.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

use super::{CountMin, UpdateRule};
use crate::codec::Codec;

impl<U: UpdateRule> Serialize for CountMin<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encode())
    }
}

impl<'de, U: UpdateRule> Deserialize<'de> for CountMin<U> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = serde::de::Deserialize::deserialize(deserializer)?;
        CountMin::decode(&bytes).map_err(D::Error::custom)
    }
}
