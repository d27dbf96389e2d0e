//! The checkpoint file frame: magic, version, length, checksum, payload.

use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, ErrorKind, Result};

/// The first bytes of every checkpoint file.
pub(crate) const MAGIC: &[u8; 8] = b"SKFCKPT\0";
/// The frame format version this build writes and reads.
pub(crate) const VERSION: u32 = 1;
/// Bytes before the payload.
pub(crate) const HEADER_LEN: usize = 28;

/// `payload` framed for a checkpoint file.
pub(crate) fn encode(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a framed checkpoint, checked.
///
/// # Errors
///
/// [`ErrorKind::TooShort`] for a truncated header or payload,
/// [`ErrorKind::WrongFamily`] for a wrong magic,
/// [`ErrorKind::UnsupportedVersion`], [`ErrorKind::Corrupt`] for a checksum
/// mismatch, [`ErrorKind::TrailingBytes`] for bytes after the payload.
pub(crate) fn decode(bytes: &[u8]) -> Result<&[u8]> {
    if bytes.len() < HEADER_LEN {
        return Err(ErrorKind::TooShort {
            what: "checkpoint header",
            offset: 0,
            needed: HEADER_LEN,
            available: bytes.len(),
        }
        .into());
    }
    if &bytes[0..8] != MAGIC {
        return Err(ErrorKind::WrongFamily {
            expected: format!("checkpoint magic {:?}", String::from_utf8_lossy(MAGIC)),
            found: format!("{:?}", String::from_utf8_lossy(&bytes[0..8])),
        }
        .into());
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != VERSION {
        return Err(ErrorKind::UnsupportedVersion {
            family: "checkpoint",
            found: version,
            supported: "1",
        }
        .into());
    }
    let len = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
    let checksum = u64::from_le_bytes(bytes[20..28].try_into().expect("8 bytes"));
    let available = bytes.len() - HEADER_LEN;
    if len > available as u64 {
        return Err(ErrorKind::TooShort {
            what: "checkpoint payload",
            offset: HEADER_LEN,
            needed: usize::try_from(len).unwrap_or(usize::MAX),
            available,
        }
        .into());
    }
    let len = len as usize;
    if len < available {
        return Err(ErrorKind::TrailingBytes {
            offset: HEADER_LEN + len,
            remaining: available - len,
        }
        .into());
    }
    let payload = &bytes[HEADER_LEN..];
    let actual = xxh3_64(payload);
    if actual != checksum {
        return Err(Error::corrupt(
            "checkpoint payload",
            HEADER_LEN,
            format!("xxh3-64 checksum is {actual:#018x}, the header says {checksum:#018x}"),
        ));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_truncation_fails() {
        let framed = encode(b"hello checkpoint");
        assert_eq!(decode(&framed).unwrap(), b"hello checkpoint");
        for cut in 0..framed.len() {
            assert!(decode(&framed[..cut]).unwrap_err().is_decode(), "cut {cut}");
        }
        for i in 0..framed.len() {
            let mut flipped = framed.clone();
            flipped[i] ^= 0x10;
            assert!(decode(&flipped).unwrap_err().is_decode(), "flip at {i}");
        }
        assert_eq!(decode(&encode(b"")).unwrap(), b"");
    }
}
