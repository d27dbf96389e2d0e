use crate::error::{Error, ErrorKind, Result};

/// A bounds-checked little-endian reader over a byte slice.
///
/// Every method names the field it reads; a short input gives
/// [`ErrorKind::TooShort`] with that name and the offset.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, offset: 0 }
    }

    /// The offset of the next byte to read.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// How many bytes remain.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.offset
    }

    /// Reads `n` bytes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if fewer than `n` bytes remain.
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(ErrorKind::TooShort {
                what,
                offset: self.offset,
                needed: n,
                available: self.remaining(),
            }
            .into());
        }
        let out = &self.bytes[self.offset..self.offset + n];
        self.offset += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(N, what)?);
        Ok(out)
    }

    /// Reads one byte.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] at the end of input.
    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    /// Reads a little-endian `u16`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if fewer than 2 bytes remain.
    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    /// Reads a little-endian `u32`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if fewer than 4 bytes remain.
    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    /// Reads a little-endian `u64`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if fewer than 8 bytes remain.
    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// Reads a little-endian IEEE-754 `f64`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if fewer than 8 bytes remain.
    pub fn f64(&mut self, what: &'static str) -> Result<f64> {
        Ok(f64::from_bits(self.u64(what)?))
    }

    /// Reads an unsigned LEB128 varint, as [`Writer::varint`](super::Writer::varint)
    /// writes it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if the input ends inside it;
    /// [`ErrorKind::Corrupt`] for a form that is not the shortest (a last
    /// byte of zero after others) or a value past `u64::MAX`, so that every
    /// value has exactly one encoding.
    pub fn varint(&mut self, what: &'static str) -> Result<u64> {
        let at = self.offset;
        let mut v = 0u64;
        for i in 0..10 {
            let b = self.u8(what)?;
            if i == 9 && b > 1 {
                return Err(Error::corrupt(what, at, "a varint past u64::MAX"));
            }
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                if b == 0 && i > 0 {
                    return Err(Error::corrupt(
                        what,
                        at,
                        "a varint longer than its shortest form",
                    ));
                }
                return Ok(v);
            }
        }
        Err(Error::corrupt(what, at, "a varint past u64::MAX"))
    }

    /// Reads a zigzag varint, as [`Writer::signed_varint`](super::Writer::signed_varint)
    /// writes it.
    ///
    /// # Errors
    ///
    /// As [`varint`](Self::varint).
    pub fn signed_varint(&mut self, what: &'static str) -> Result<i64> {
        let v = self.varint(what)?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// Checks that `count` elements of `elem_size` bytes each fit in the
    /// remaining input, before a caller allocates room for them.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooShort`] if they cannot all be present.
    pub fn check_count(&self, count: u64, elem_size: usize, what: &'static str) -> Result<usize> {
        let needed = usize::try_from(count)
            .ok()
            .and_then(|c| c.checked_mul(elem_size));
        match needed {
            Some(n) if n <= self.remaining() => Ok(count as usize),
            _ => Err(ErrorKind::TooShort {
                what,
                offset: self.offset,
                needed: needed.unwrap_or(usize::MAX),
                available: self.remaining(),
            }
            .into()),
        }
    }

    /// Checks that the whole input was read.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TrailingBytes`] if any byte remains.
    pub fn finish(self) -> Result<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(Error::from(ErrorKind::TrailingBytes {
                offset: self.offset,
                remaining: self.remaining(),
            }))
        }
    }
}
