//! sketchfold's own MinHash encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 8, version 1 |
//! | 6 | variant: 0 = classic, 1 = one-permutation |
//! | 7..15 | seed (u64) |
//! | 15..19 | k (u32, 1 to [`MAX_K`]) |
//! | 19.. | the `k` raw bins (u64 each, `u64::MAX` = empty), undensified |
//!
//! Every bin value is valid, so beyond the variant tag and `k` there is
//! nothing to reject; the length must be exactly `19 + 8 k` (checked before
//! allocating). The encoding is canonical.

use super::params::{MinHashParams, Variant, MAX_K};
use super::sketch::MinHash;
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};

const VERSION: u8 = 1;

/// Bytes before the bins.
const PREFIX: usize = 19;

impl Codec for MinHash {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(PREFIX + self.heap_bytes());
        Header {
            family: Family::MinHash,
            version: VERSION,
        }
        .write(&mut w);
        w.u8(self.params.variant.tag());
        w.u64(self.params.seed);
        w.u32(self.params.k as u32);
        for &b in &self.bins {
            w.u64(b);
        }
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<MinHash> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::MinHash, VERSION, VERSION, "version 1")?;
        let at = r.offset();
        let tag = r.u8("variant")?;
        let variant = Variant::from_tag(tag).ok_or_else(|| {
            Error::corrupt(
                "variant",
                at,
                format!("unknown variant tag {tag} (0 = classic, 1 = one-permutation)"),
            )
        })?;
        let seed = r.u64("seed")?;
        let at = r.offset();
        let k = r.u32("k")?;
        if k == 0 || k as usize > MAX_K {
            return Err(Error::corrupt(
                "k",
                at,
                format!("k is {k}, a signature has 1 to {MAX_K} values"),
            ));
        }
        let k = r.check_count(u64::from(k), 8, "bins")?;
        let mut bins = Vec::with_capacity(k);
        for _ in 0..k {
            bins.push(r.u64("bin")?);
        }
        r.finish()?;
        let mut m = MinHash {
            params: MinHashParams { variant, k, seed },
            bins,
            empty: 0,
        };
        m.recount();
        Ok(m)
    }
}
