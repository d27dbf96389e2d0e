//! serde for any [`Codec`] value, the one implementation every sketch's
//! `Serialize` and `Deserialize` call (feature `serde`).
//!
//! A value serializes as its versioned codec bytes ([`Codec::encode`]):
//!
//! - for a human-readable format (serde's
//!   [`is_human_readable`](serde::Serializer::is_human_readable): JSON,
//!   YAML, TOML, ...) as one string, the bytes in standard base64 (RFC 4648,
//!   padded), about 4/3 of the binary size;
//! - for a binary format (bincode, postcard, CBOR, MessagePack, ...) as raw
//!   bytes.
//!
//! Deserializing goes through [`Codec::decode`], so a deserialized value
//! passes the same validation as a decoded one, and a string that is not
//! canonical base64 or bytes that do not decode are an error that says
//! what was wrong. The base64 string decodes with any base64 library to the
//! same bytes the [`Codec`] writes, a format documented per family.
//!
//! The two functions fit serde's `with` attribute, for a field whose type
//! implements [`Codec`] but not serde's traits (your own, say):
//!
//! ```
//! use sketchfold::cardinality::HyperLogLog;
//! use sketchfold::codec::serde_form;
//!
//! let mut users = HyperLogLog::new(4);
//! users.extend(["ada", "grace"]);
//! let mut json = serde_json::Serializer::new(Vec::new());
//! serde_form::serialize(&users, &mut json)?;
//! let json = String::from_utf8(json.into_inner()).unwrap();
//! assert!(json.starts_with("\"U0tGR")); // base64 of b"SKFD", the codec's magic
//!
//! let mut de = serde_json::Deserializer::from_str(&json);
//! let back: HyperLogLog = serde_form::deserialize(&mut de)?;
//! assert_eq!(back, users);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;

use super::Codec;

/// Serializes `value` as its codec bytes: a base64 string for a
/// human-readable format, raw bytes for a binary one.
///
/// # Errors
///
/// Whatever the serializer returns.
pub fn serialize<T: Codec, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let bytes = value.encode();
    if serializer.is_human_readable() {
        serializer.serialize_str(&STANDARD.encode(bytes))
    } else {
        serializer.serialize_bytes(&bytes)
    }
}

/// Deserializes a value written by [`serialize`]: a base64 string from a
/// human-readable format, bytes from a binary one,
/// decoded and validated by [`Codec::decode`].
///
/// # Errors
///
/// The deserializer's error, with a message that says what was wrong: not
/// a string (or not bytes), not canonical base64, or the decode error.
pub fn deserialize<'de, T: Codec, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    if deserializer.is_human_readable() {
        deserializer.deserialize_str(Base64Visitor(PhantomData))
    } else {
        deserializer.deserialize_byte_buf(BytesVisitor(PhantomData))
    }
}

/// Reads the base64 string of a human-readable format.
struct Base64Visitor<T>(PhantomData<T>);

impl<T: Codec> Visitor<'_> for Base64Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sketchfold value: its codec bytes as a base64 string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        let bytes = STANDARD
            .decode(text)
            .map_err(|e| E::custom(format_args!("not a base64 string of codec bytes: {e}")))?;
        T::decode(&bytes).map_err(E::custom)
    }
}

/// Reads the bytes of a binary format.
struct BytesVisitor<T>(PhantomData<T>);

impl<T: Codec> Visitor<'_> for BytesVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sketchfold value: its codec bytes")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        T::decode(bytes).map_err(E::custom)
    }
}
