//! serde support through [`serde_form`]: a signature is its [`Codec`](crate::codec::Codec)
//! bytes, a base64 string in human-readable formats and raw bytes in
//! binary ones, validated on the way in as a decoded one is.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::MinHash;
use crate::codec::serde_form;

impl Serialize for MinHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_form::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for MinHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_form::deserialize(deserializer)
    }
}
