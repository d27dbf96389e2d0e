//! sketchfold's own format: the header, the item type, the seed and the
//! coin state, then the DataSketches image (so one validator serves both).
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: `SKFD`, family [`Family::Kll`], version 1 |
//! | 6 | item type: 4 (`f32`), 8 (`f64`) or 0x88 (`i64`) |
//! | 7..15 | seed (u64) |
//! | 15..23 | coin state (u64) |
//! | 23.. | the DataSketches KLL image |

use super::item::KllItem;
use super::sketch::Kll;
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};

const VERSION: u8 = 1;

impl<T: KllItem> Codec for Kll<T> {
    fn encode(&self) -> Vec<u8> {
        let image = self.to_datasketches_bytes();
        let mut w = Writer::with_capacity(23 + image.len());
        Header {
            family: Family::Kll,
            version: VERSION,
        }
        .write(&mut w);
        w.u8(T::CODE);
        w.u64(self.seed);
        w.u64(self.rng);
        w.bytes(&image);
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::Kll, VERSION, VERSION, "1")?;
        let code = r.u8("item type")?;
        if code != T::CODE {
            let found = match code {
                4 => "f32",
                8 => "f64",
                0x88 => "i64",
                _ => "no item type",
            };
            return Err(Error::corrupt(
                "item type",
                6,
                format!(
                    "code {code:#04x} ({found}), but a Kll<{}> has code {:#04x}",
                    T::NAME,
                    T::CODE
                ),
            ));
        }
        let seed = r.u64("seed")?;
        let rng = r.u64("coin state")?;
        let at = r.offset();
        let image = r.bytes(r.remaining(), "DataSketches image")?;
        let mut sketch = Kll::<T>::from_datasketches_bytes(image).map_err(|e| shift(e, at))?;
        sketch.seed = seed;
        sketch.rng = rng;
        Ok(sketch)
    }
}

/// Moves the offset of a decode error in the embedded image to the offset
/// in the whole input.
fn shift(e: Error, at: usize) -> Error {
    use crate::ErrorKind;
    match e.kind().clone() {
        ErrorKind::Corrupt {
            field,
            offset,
            reason,
        } => Error::corrupt(field, offset + at, reason),
        ErrorKind::TooShort {
            what,
            offset,
            needed,
            available,
        } => ErrorKind::TooShort {
            what,
            offset: offset + at,
            needed,
            available,
        }
        .into(),
        ErrorKind::TrailingBytes { offset, remaining } => ErrorKind::TrailingBytes {
            offset: offset + at,
            remaining,
        }
        .into(),
        _ => e,
    }
}
