use super::block::Block;
use super::sketch::{union_into, Blocks, BloomFilter, BloomParams};
use crate::algebra::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

/// Bytes of the destination per pass of [`BloomFilter::merge_all`]: 16 KiB
/// stays in L1 while every source streams past it.
const MERGE_CHUNK_BYTES: usize = 16 * 1024;

impl Semigroup for BloomFilter {
    /// Union: bitwise OR, exactly the filter of the union of both inputs.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        match (&mut self.blocks, &other.blocks) {
            (Blocks::B256(a), Blocks::B256(b)) => union_into(a, b),
            (Blocks::B512(a), Blocks::B512(b)) => union_into(a, b),
            _ => unreachable!("check_merge compares the layouts"),
        }
        Ok(())
    }

    /// Layout, block count and seed must be equal.
    fn check_merge(&self, other: &Self) -> Result<()> {
        self.check_compatible(other)
    }

    /// The OR of every source, 16 KiB of the destination at a time, so the
    /// destination is loaded and stored once instead of once per source.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        for other in others.clone() {
            self.check_merge(other)?;
        }
        match &mut self.blocks {
            Blocks::B256(dst) => union_all(
                dst,
                others.filter_map(|o| match &o.blocks {
                    Blocks::B256(b) => Some(&b[..]),
                    Blocks::B512(_) => None,
                }),
            ),
            Blocks::B512(dst) => union_all(
                dst,
                others.filter_map(|o| match &o.blocks {
                    Blocks::B512(b) => Some(&b[..]),
                    Blocks::B256(_) => None,
                }),
            ),
        }
        Ok(())
    }
}

/// ORs every source into `dst` (all of `dst`'s length), chunk by chunk.
fn union_all<'a, B: Block + 'a>(dst: &mut [B], sources: impl Iterator<Item = &'a [B]> + Clone) {
    let chunk = (MERGE_CHUNK_BYTES / std::mem::size_of::<B>()).max(1);
    let mut start = 0;
    while start < dst.len() {
        let end = (start + chunk).min(dst.len());
        let d = &mut dst[start..end];
        for s in sources.clone() {
            union_into(d, &s[start..end]);
        }
        start = end;
    }
}

impl Monoid for BloomFilter {
    type Params = BloomParams;

    fn empty(params: &BloomParams) -> Self {
        BloomFilter::with_params(*params)
    }

    fn params(&self) -> BloomParams {
        BloomFilter::params(self)
    }

    fn is_empty(&self) -> bool {
        BloomFilter::is_empty(self)
    }
}

impl Commutative for BloomFilter {}
impl Idempotent for BloomFilter {}
