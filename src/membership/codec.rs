//! sketchfold's own Bloom filter encoding, format version 1.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..6 | [`Header`]: magic, family 5, version 1 |
//! | 6 | layout: 0 = 256-bit blocks, 1 = 512-bit blocks |
//! | 7..15 | seed (u64) |
//! | 15..19 | block count (u32, at least 1) |
//! | 19.. | the blocks, each as its 8 or 16 words (u32) in order |
//!
//! Every bit pattern is a valid filter, so beyond the layout tag and the
//! block count there is nothing to reject; the length must match the block
//! count exactly (checked before allocating).

use super::block::Block;
use super::sketch::{with_blocks, Blocks, BloomFilter, Layout};
use crate::codec::{Codec, Family, Header, Reader, Writer};
use crate::error::{Error, Result};

const VERSION: u8 = 1;

/// Bytes before the blocks.
const PREFIX: usize = 19;

impl Codec for BloomFilter {
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(PREFIX + self.heap_bytes());
        Header {
            family: Family::BloomFilter,
            version: VERSION,
        }
        .write(&mut w);
        w.u8(self.layout().tag());
        w.u64(self.seed);
        w.u32(self.block_count() as u32);
        with_blocks!(&self.blocks, b => {
            for blk in b.iter() {
                for &word in blk.words() {
                    w.u32(word);
                }
            }
        });
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<BloomFilter> {
        let mut r = Reader::new(bytes);
        Header::read_expecting(&mut r, Family::BloomFilter, VERSION, VERSION, "version 1")?;
        let at = r.offset();
        let tag = r.u8("layout")?;
        let layout = Layout::from_tag(tag).ok_or_else(|| {
            Error::corrupt(
                "layout",
                at,
                format!("unknown layout tag {tag} (0 = 256-bit blocks, 1 = 512-bit blocks)"),
            )
        })?;
        let seed = r.u64("seed")?;
        let at = r.offset();
        let count = r.u32("block count")?;
        if count == 0 {
            return Err(Error::corrupt(
                "block count",
                at,
                "a filter has at least one block",
            ));
        }
        let count = r.check_count(u64::from(count), layout.words() * 4, "blocks")?;
        let mut blocks = Blocks::zeroed(layout, count);
        with_blocks!(&mut blocks, b => {
            for blk in b.iter_mut() {
                for word in blk.words_mut() {
                    *word = r.u32("block word")?;
                }
            }
        });
        r.finish()?;
        Ok(BloomFilter { seed, blocks })
    }
}
