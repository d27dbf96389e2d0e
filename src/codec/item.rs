//! How the items a sketch keeps (heavy-hitter candidates, skip-list keys)
//! are written inside its encoding.

use super::{Reader, Writer};
use crate::error::{Error, Result};

/// An item that a sketch stores verbatim and so must encode: heavy-hitter
/// candidates, skip-list keys and values.
///
/// Integers are written little-endian at their own width, strings and byte
/// strings as a `u64` length and the bytes. `decode_item` never panics and
/// never allocates more than the remaining input justifies.
///
/// # Examples
///
/// ```
/// use sketchfold::codec::{ItemCodec, Reader, Writer};
///
/// let mut w = Writer::with_capacity(16);
/// "page-7".to_string().encode_item(&mut w);
/// 42u32.encode_item(&mut w);
/// let bytes = w.into_bytes();
/// let mut r = Reader::new(&bytes);
/// assert_eq!(String::decode_item(&mut r).unwrap(), "page-7");
/// assert_eq!(u32::decode_item(&mut r).unwrap(), 42);
/// ```
pub trait ItemCodec: Sized {
    /// Appends the item's encoding.
    fn encode_item(&self, w: &mut Writer);

    /// Reads one item.
    ///
    /// # Errors
    ///
    /// Too few bytes, or bytes that are not a valid item (a string that is
    /// not UTF-8, a bool that is neither 0 nor 1).
    fn decode_item(r: &mut Reader<'_>) -> Result<Self>;
}

macro_rules! int_item {
    ($($t:ty),*) => {$(
        impl ItemCodec for $t {
            fn encode_item(&self, w: &mut Writer) {
                w.bytes(&self.to_le_bytes());
            }

            fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
                let bytes = r.bytes(std::mem::size_of::<$t>(), stringify!($t))?;
                let mut le = [0u8; std::mem::size_of::<$t>()];
                le.copy_from_slice(bytes);
                Ok(<$t>::from_le_bytes(le))
            }
        }
    )*};
}

int_item!(u8, u16, u32, u64, u128, i8, i16, i32, i64, i128);

impl ItemCodec for bool {
    fn encode_item(&self, w: &mut Writer) {
        w.u8(u8::from(*self));
    }

    fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
        let at = r.offset();
        match r.u8("bool")? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(Error::corrupt(
                "bool",
                at,
                format!("{b} is neither 0 nor 1"),
            )),
        }
    }
}

impl ItemCodec for Vec<u8> {
    fn encode_item(&self, w: &mut Writer) {
        w.u64(self.len() as u64);
        w.bytes(self);
    }

    fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
        let len = r.u64("byte string length")?;
        let len = r.check_count(len, 1, "byte string")?;
        Ok(r.bytes(len, "byte string")?.to_vec())
    }
}

impl ItemCodec for String {
    fn encode_item(&self, w: &mut Writer) {
        w.u64(self.len() as u64);
        w.bytes(self.as_bytes());
    }

    fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
        let len = r.u64("string length")?;
        let len = r.check_count(len, 1, "string")?;
        let at = r.offset();
        let bytes = r.bytes(len, "string")?;
        String::from_utf8(bytes.to_vec())
            .map_err(|e| Error::corrupt("string", at, format!("not UTF-8: {e}")))
    }
}

impl<A: ItemCodec, B: ItemCodec> ItemCodec for (A, B) {
    fn encode_item(&self, w: &mut Writer) {
        self.0.encode_item(w);
        self.1.encode_item(w);
    }

    fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
        Ok((A::decode_item(r)?, B::decode_item(r)?))
    }
}
