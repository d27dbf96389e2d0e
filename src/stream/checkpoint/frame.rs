//! The checkpoint file frame: magic, version, length, checksum, payload.

use xxhash_rust::xxh3::xxh3_64;

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

/// Why a checkpoint file does not decode: the byte offset of the bad field
/// and a reason written for the person reading the error.
#[derive(Debug)]
pub(crate) struct FrameError {
    pub(crate) offset: usize,
    pub(crate) reason: String,
}

fn fail(offset: usize, reason: String) -> std::result::Result<&'static [u8], FrameError> {
    Err(FrameError { offset, reason })
}

/// The payload of a framed checkpoint, checked: the header is complete, the
/// magic and version are right, the length matches the file and the
/// checksum matches the payload.
pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<&[u8], FrameError> {
    if bytes.len() < HEADER_LEN {
        return fail(
            0,
            format!(
                "the file has {} bytes, fewer than the {HEADER_LEN}-byte header \
                 (a truncated or interrupted write)",
                bytes.len()
            ),
        );
    }
    if &bytes[0..8] != MAGIC {
        return fail(
            0,
            format!(
                "the magic is {:?}, not {:?}: this is not a sketchfold checkpoint",
                String::from_utf8_lossy(&bytes[0..8]),
                String::from_utf8_lossy(MAGIC)
            ),
        );
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != VERSION {
        return fail(
            8,
            format!(
                "format version {version}, this build reads version {VERSION} \
                 (written by another sketchfold release, or damaged)"
            ),
        );
    }
    let len = u64_at(bytes, 12);
    let checksum = u64_at(bytes, 20);
    let available = (bytes.len() - HEADER_LEN) as u64;
    if len != available {
        let what = if len > available {
            "truncated"
        } else {
            "followed by extra bytes"
        };
        return fail(
            12,
            format!("the header says {len} payload bytes, the file holds {available}: {what}"),
        );
    }
    let payload = &bytes[HEADER_LEN..];
    let actual = xxh3_64(payload);
    if actual != checksum {
        return fail(
            HEADER_LEN,
            format!(
                "the payload's xxh3-64 checksum is {actual:#018x}, the header says \
                 {checksum:#018x}: the file is damaged"
            ),
        );
    }
    Ok(payload)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_truncation_fails() {
        let framed = encode(b"hello checkpoint");
        assert_eq!(decode(&framed).unwrap(), b"hello checkpoint");
        for cut in 0..framed.len() {
            assert!(decode(&framed[..cut]).is_err(), "cut {cut}");
        }
        for i in 0..framed.len() {
            let mut flipped = framed.clone();
            flipped[i] ^= 0x10;
            assert!(decode(&flipped).is_err(), "flip at {i}");
        }
        assert_eq!(decode(&encode(b"")).unwrap(), b"");
    }
}
