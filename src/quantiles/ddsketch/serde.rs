//! serde support: a sketch serializes as its [`Codec`] bytes, so a
//! deserialized sketch passes the same validation as a decoded one.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

use super::DdSketch;
use crate::codec::Codec;

impl Serialize for DdSketch {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encode())
    }
}

impl<'de> Deserialize<'de> for DdSketch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes: Vec<u8> = serde::de::Deserialize::deserialize(deserializer)?;
        DdSketch::decode(&bytes).map_err(D::Error::custom)
    }
}
