use super::sketch::{union_into, Blocks, BloomFilter, BloomParams};
use crate::algebra::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

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
}

impl Monoid for BloomFilter {
    type Params = BloomParams;

    fn empty(params: &BloomParams) -> Self {
        BloomFilter::with_params(*params)
    }

    fn params(&self) -> BloomParams {
        self.bloom_params()
    }

    fn is_empty(&self) -> bool {
        self.count_ones() == 0
    }
}

impl Commutative for BloomFilter {}
impl Idempotent for BloomFilter {}
