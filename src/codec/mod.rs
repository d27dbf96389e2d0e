//! The binary encoding shared by every sketch: a versioned header and a
//! bounds-checked reader.
//!
//! Every encoded sketch starts with the same six-byte [`Header`]:
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..4 | magic `b"SKFD"` |
//! | 4 | family tag ([`Family`]) |
//! | 5 | format version of that family |
//!
//! The family's parameters and state follow, little-endian. A [`Reader`]
//! reads them: every read is bounds-checked and names the field it reads, so
//! a decode error says what was wrong and at which byte. Decoders check a
//! declared element count against the bytes that remain before they allocate,
//! so no input can make them allocate more than its own length justifies.

mod header;
mod item;
mod nested;
mod reader;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod serde_form;
mod writer;

pub use header::{Family, Header, MAGIC};
pub use item::ItemCodec;
pub use reader::Reader;
pub use writer::Writer;

/// A value with a binary encoding in sketchfold's own format.
///
/// `decode(&x.encode()) == Ok(x)` holds for every value, and `decode` never
/// panics: any byte string either decodes or returns an [`Error`](crate::Error).
pub trait Codec: Sized {
    /// Encodes the value, header included.
    fn encode(&self) -> Vec<u8>;

    /// Decodes a value from exactly `bytes` (trailing bytes are an error).
    ///
    /// # Errors
    ///
    /// A decode error ([`Error::is_decode`](crate::Error::is_decode)) that
    /// names the field and byte offset that were wrong.
    fn decode(bytes: &[u8]) -> crate::Result<Self>;
}
